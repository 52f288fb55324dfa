//! The one `Route` enum: every page of the app, grouped by layout.

use dioxus::prelude::*;

use crate::layouts::PublicShell;
use crate::views::public::{Home, NotFound};

/// Every URL the app renders. Query strings are part of the state (shareable, crawlable).
#[derive(Debug, Clone, PartialEq, Routable)]
#[rustfmt::skip]
#[allow(clippy::empty_line_after_outer_attr)]
pub enum Route {
    #[layout(PublicShell)]
        /// Home: specialties and top doctors; `?specialty=` narrows the doctor list.
        #[route("/?:specialty")]
        Home { specialty: Option<String> },
        /// Anything else: a real 404 page (with status 404).
        #[route("/:..segments")]
        NotFound { segments: Vec<String> },
}
