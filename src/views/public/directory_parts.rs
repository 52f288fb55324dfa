//! Pieces of the directory page: numbered pagination (plain links), the empty state, and the filters'
//! option markup.

use dioxus::prelude::*;

use crate::components::follow_links;
use crate::model::html::escape_into;
use crate::model::search::{same_filter, DoctorSearch};
use crate::route::Route;

/// Page numbers around the current one, with first/last and gaps: [1, None, 4, 5, 6, None, 20].
pub fn page_window(current: u32, pages: u32) -> Vec<Option<u32>> {
    let mut out = Vec::new();
    let mut last = 0;
    for p in 1..=pages {
        if p == 1 || p == pages || p.abs_diff(current) <= 1 {
            if p > last + 1 {
                out.push(None);
            }
            out.push(Some(p));
            last = p;
        }
    }
    out
}

/// Numbered page links (crawlable); the current page is marked for screen readers. Plain anchors that
/// route in place after hydration (one [`follow_links`] handler on the `nav`), not a `Link` scope each.
#[component]
pub fn Pagination(query: DoctorSearch, pages: u32) -> Element {
    if pages <= 1 {
        return rsx! {};
    }
    let current = query.page;
    let link = |p: u32| Route::Doctors { query: query.with_page(p) };
    rsx! {
        nav { class: "mt-8 flex flex-wrap items-center justify-center gap-1", "aria-label": "Pages", "data-testid": "pagination", onclick: follow_links,
            if current > 1 {
                a { href: "{link(current - 1)}", class: "btn-ghost", rel: "prev", "Previous" }
            }
            for (i, p) in page_window(current, pages).into_iter().enumerate() {
                match p {
                    Some(p) if p == current => rsx! {
                        span { key: "{i}", class: "btn-primary", "aria-current": "page", "{p}" }
                    },
                    Some(p) => rsx! {
                        a { key: "{i}", href: "{link(p)}", class: "btn-ghost", "aria-label": "Page {p}", "{p}" }
                    },
                    None => rsx! { span { key: "{i}", class: "px-2 text-ink-muted", "…" } },
                }
            }
            if current < pages {
                a { href: "{link(current + 1)}", class: "btn-ghost", rel: "next", "Next" }
            }
        }
    }
}

/// No results: say so, and offer the searches most likely to help.
#[component]
pub fn ResultsEmpty(query: DoctorSearch) -> Element {
    let without_filters = DoctorSearch { q: query.q.clone(), sort: query.sort, ..Default::default() };
    let without_text = DoctorSearch { q: String::new(), page: 1, ..query.clone() };
    rsx! {
        div { class: "card mt-4 p-6", "data-testid": "empty-state",
            h3 { class: "font-semibold", "No doctors match this search" }
            ul { class: "mt-3 list-disc space-y-1 pl-5 text-sm text-ink-muted",
                li { "Check the spelling, or use fewer words — a name, a specialty or an area." }
                if query.has_filters() {
                    li {
                        Link { to: Route::Doctors { query: without_filters }, class: "text-brand-700 underline", "Search all doctors for “{query.q}”" }
                    }
                }
                if !query.q.is_empty() && query.has_filters() {
                    li {
                        Link { to: Route::Doctors { query: without_text }, class: "text-brand-700 underline", "Keep the filters, drop the words" }
                    }
                }
                li {
                    Link { to: Route::Doctors { query: DoctorSearch::default() }, class: "text-brand-700 underline", "Browse every doctor" }
                }
            }
        }
    }
}

/// A select's `<option>` markup as one string rather than a node per option: the filters have about a
/// hundred, and as nodes they were a fifth of the directory page's server rendering. The first option,
/// `any`, has the empty value; the option matching `value` as a filter is selected. Labels and values come
/// from doctors' profiles, so both are escaped.
pub fn options_html<'a>(any: &'a str, options: impl IntoIterator<Item = (&'a str, &'a str)>, value: &str) -> String {
    let mut html = String::with_capacity(1024);
    for (v, l) in std::iter::once(("", any)).chain(options) {
        html.push_str("<option value=\"");
        escape_into(&mut html, v);
        html.push_str(if same_filter(v, value) { "\" selected>" } else { "\">" });
        escape_into(&mut html, l);
        html.push_str("</option>");
    }
    html
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn windows_keep_ends_and_neighbours() {
        assert_eq!(page_window(1, 1), [Some(1)]);
        assert_eq!(page_window(1, 3), [Some(1), Some(2), Some(3)]);
        assert_eq!(page_window(5, 20), [Some(1), None, Some(4), Some(5), Some(6), None, Some(20)]);
        assert_eq!(page_window(20, 20), [Some(1), None, Some(19), Some(20)]);
    }

    #[test]
    fn option_markup_marks_the_current_value_and_escapes_profile_text() {
        assert_eq!(
            super::options_html("Any city", [("A&B \"<x>\"", "<b>A&B</b>")], "A&B \"<x>\""),
            "<option value=\"\">Any city</option>\
             <option value=\"A&amp;B &quot;&lt;x&gt;&quot;\" selected>&lt;b&gt;A&amp;B&lt;/b&gt;</option>"
        );
        // The server matches filters in any case, and so does the selection.
        let html = super::options_html("Any city", [("São Paulo", "São Paulo"), ("Austin", "Austin")], "SÃO PAULO");
        assert!(
            html.contains("<option value=\"São Paulo\" selected>") && !html.contains("Austin\" selected"),
            "{html}"
        );
    }
}
