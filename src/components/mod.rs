//! Reusable UI pieces shared by pages: brand, doctor cards, specialty chips, icons.

mod appointment_card;
mod brand;
mod doctor_card;
mod follow;
mod form;
pub mod geo;
pub mod icons;
mod notifications;
mod page_meta;
mod review_card;
mod slot_picker;
mod specialty_chip;
pub mod timer;
pub mod upload;
pub mod zone;

pub use appointment_card::{AppointmentCard, Viewer};
pub use brand::Logo;
pub use doctor_card::{doctor_card, DoctorCardSkeleton};
pub use follow::follow_links;
pub use form::{FormAlert, LoadFailed, TextField};
pub use notifications::NotificationsCard;
pub use page_meta::PageMeta;
pub use review_card::{ReviewBody, ReviewCard};
pub use slot_picker::{PickedSlot, SlotPicker};
pub use specialty_chip::SpecialtyChip;
