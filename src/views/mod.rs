//! Pages, grouped by audience. One page per file.

pub mod public;
