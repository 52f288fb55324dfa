//! The one `Route` enum: every page of the app, grouped by layout.

use dioxus::prelude::*;

use crate::layouts::{AccountShell, AdminShell, AuthShell, DoctorShell, PatientShell, PublicShell};
use crate::model::search::DoctorSearch;
use crate::views::account::{Devices, Profile, Security};
use crate::views::admin::{
    AdminApplication, AdminApplications, AdminAppointments, AdminHome, AdminPayment, AdminPayments, AdminReviews,
    AdminSpecialties, AdminUsers,
};
use crate::views::apply::Apply;
use crate::views::auth::{ForgotPassword, LinkAccount, ResetPassword, SignIn, SignUp, VerifyEmail};
use crate::views::dev::DevOutbox;
use crate::views::doctor::{DoctorAppointments, DoctorEarnings, DoctorHome, DoctorReviews, DoctorSchedule};
use crate::views::links::{LinkManage, LinkOffer};
use crate::views::patient::{
    PatientAppointments, PatientHome, PatientPayment, PatientPayments, PatientReceipt, PatientReview, PatientWaitlist,
};
use crate::views::public::{DoctorPage, Doctors, Home, NotFound, SpecialtyPage};

/// Every URL the app renders. Query strings are part of the state (shareable, crawlable).
#[derive(Debug, Clone, PartialEq, Routable)]
#[rustfmt::skip]
#[allow(clippy::empty_line_after_outer_attr)]
pub enum Route {
    #[layout(AuthShell)]
        #[route("/sign-in?:next&:challenge&:error")]
        SignIn { next: Option<String>, challenge: Option<String>, error: Option<String> },
        #[route("/link-account?:token")]
        LinkAccount { token: Option<String> },
        #[route("/sign-up")]
        SignUp {},
        #[route("/verify-email?:token")]
        VerifyEmail { token: Option<String> },
        #[route("/forgot-password")]
        ForgotPassword {},
        #[route("/reset-password?:token")]
        ResetPassword { token: Option<String> },
        /// From a reminder email: cancel or reschedule without signing in.
        #[route("/booking-link/manage?:token&:action")]
        LinkManage { token: Option<String>, action: Option<String> },
        /// From a waitlist offer email: book or let go of the held time without signing in.
        #[route("/booking-link/offer?:token")]
        LinkOffer { token: Option<String> },
    #[end_layout]

    #[layout(PatientShell)]
        #[route("/patient")]
        PatientHome {},
        #[route("/patient/appointments")]
        PatientAppointments {},
        #[route("/patient/appointments/:id/review")]
        PatientReview { id: uuid::Uuid },
        #[route("/patient/appointments/:id/payment")]
        PatientPayment { id: uuid::Uuid },
        #[route("/patient/payments")]
        PatientPayments {},
        #[route("/patient/waitlist")]
        PatientWaitlist {},
        #[route("/patient/payments/:id/receipt")]
        PatientReceipt { id: uuid::Uuid },
    #[end_layout]

    #[layout(DoctorShell)]
        #[route("/doctor")]
        DoctorHome {},
        #[route("/doctor/appointments")]
        DoctorAppointments {},
        #[route("/doctor/schedule")]
        DoctorSchedule {},
        #[route("/doctor/earnings?:month")]
        DoctorEarnings { month: Option<String> },
        #[route("/doctor/reviews")]
        DoctorReviews {},
    #[end_layout]

    #[layout(AdminShell)]
        #[route("/admin")]
        AdminHome {},
        #[route("/admin/users")]
        AdminUsers {},
        #[route("/admin/specialties")]
        AdminSpecialties {},
        #[route("/admin/applications")]
        AdminApplications {},
        #[route("/admin/applications/:id")]
        AdminApplication { id: uuid::Uuid },
        #[route("/admin/appointments")]
        AdminAppointments {},
        #[route("/admin/payments")]
        AdminPayments {},
        #[route("/admin/payments/:id")]
        AdminPayment { id: uuid::Uuid },
        #[route("/admin/reviews")]
        AdminReviews {},
    #[end_layout]

    #[layout(AccountShell)]
        #[route("/account/devices")]
        Devices {},
        #[route("/account/security")]
        Security {},
        #[route("/account/profile")]
        Profile {},
        /// Apply as a doctor (any signed-in user); doctors edit their profile here.
        #[route("/apply")]
        Apply {},
    #[end_layout]

    #[layout(PublicShell)]
        /// Home: specialties and top doctors; `?specialty=` narrows the doctor list.
        #[route("/?:specialty")]
        Home { specialty: Option<String> },
        /// The directory; the query string is the whole search state.
        #[route("/doctors?:..query")]
        Doctors { query: DoctorSearch },
        #[route("/doctors/:slug")]
        DoctorPage { slug: String },
        #[route("/specialties/:slug")]
        SpecialtyPage { slug: String },
        #[route("/dev/outbox")]
        DevOutbox {},
        /// Anything else: a real 404 page (with status 404).
        #[route("/:..segments")]
        NotFound { segments: Vec<String> },
}
