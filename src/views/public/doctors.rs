//! `/doctors`: the public directory. A GET form (works without JavaScript) whose state is the query
//! string; after hydration typing and filtering re-route in place (debounced) and the results re-load.

use std::borrow::Cow;

use dioxus::prelude::*;

use super::directory_parts::{options_html, Pagination, ResultsEmpty};
use super::near_me::NearMe;
use crate::api::doctors::{search_areas, search_doctors, search_facets};
use crate::app::BRAND;
use crate::components::{doctor_card, follow_links, DoctorCardSkeleton, PageMeta};
use crate::model::search::{filter_value, same_filter, DoctorSearch, SearchFacets, SortKey};
use crate::route::Route;

/// `/doctors?q=&specialty=&city=&area=&mode=&gender=&lang=&fee_max=&rating_min=&sort=&page=&near=`.
#[component]
pub fn Doctors(query: DoctorSearch) -> Element {
    let facets = use_server_future(search_facets)?;
    let heading = with_facets(facets, |f| heading(&query, f));
    let title = page_title(&query, &heading);
    rsx! {
        section { class: "border-b border-slate-200 bg-white",
            div { class: "container-page py-6",
                h1 { class: "text-2xl font-bold tracking-tight", "data-testid": "directory-heading", "{heading}" }
                SearchForm { query: query.clone(), facets }
            }
        }
        section { class: "container-page mt-6", "aria-labelledby": "results-heading",
            h2 { id: "results-heading", class: "sr-only", "Results" }
            SuspenseBoundary { fallback: |_| rsx! { ResultsSkeleton {} },
                Results { query: query.clone(), title }
            }
        }
    }
}

/// The filter choices, as loaded (passed down as the resource, so the lists are read where they are
/// used rather than copied into each component's props).
type Facets = Resource<Result<SearchFacets, crate::error::AppError>>;

/// Run `f` on the loaded filter choices (none while loading or after an error).
fn with_facets<R>(facets: Facets, f: impl FnOnce(&SearchFacets) -> R) -> R {
    match &*facets.read() {
        Some(Ok(loaded)) => f(loaded),
        _ => f(&SearchFacets::default()),
    }
}

fn heading(q: &DoctorSearch, facets: &SearchFacets) -> String {
    let what = facets.specialties.iter().find(|(s, _)| *s == q.specialty).map_or("Doctors", |(_, n)| n.as_str());
    let place = match (q.area.is_empty(), q.city.is_empty()) {
        (false, false) => format!(" in {}, {}", q.area, q.city),
        (true, false) => format!(" in {}", q.city),
        _ => String::new(),
    };
    let text = if q.q.is_empty() { String::new() } else { format!(" matching “{}”", q.q) };
    format!("{what}{place}{text}")
}

fn page_title(q: &DoctorSearch, heading: &str) -> String {
    let page = if q.page > 1 { format!(" — page {}", q.page) } else { String::new() };
    format!("{heading}{page} — book online | {BRAND}")
}

/// The filters, as a plain GET form. After hydration every change routes in place.
#[component]
fn SearchForm(query: DoctorSearch, facets: Facets) -> Element {
    let nav = navigator();
    let mut typed = use_signal(|| 0u64);
    let go = move |next: DoctorSearch, replace: bool| {
        let route = Route::Doctors { query: next.with_page(1) };
        if replace {
            nav.replace(route);
        } else {
            nav.push(route);
        }
    };
    let q0 = query.clone();
    let on_q = move |e: FormEvent| {
        let next = DoctorSearch { q: e.value(), ..q0.clone() };
        // Debounce: only the latest keystroke after a 250 ms pause navigates.
        let ticket = *typed.peek() + 1;
        typed.set(ticket);
        spawn(async move {
            crate::components::timer::sleep_ms(250).await;
            if *typed.peek() == ticket {
                go(next, true);
            }
        });
    };
    // One change handler for every filter (the change bubbles up from the select): the changed field is
    // applied to the current search, as the GET form would submit it.
    let current = query.clone();
    let on_filter = move |e: FormEvent| {
        if let Some((name, value)) = changed_select(&e) {
            let mut next = current.clone();
            set_field(&mut next, &name, value);
            go(next, false);
        }
    };
    let [specialties, cities, langs] = with_facets(facets, |f| {
        [
            options_html(
                "Any specialty",
                f.specialties.iter().map(|(s, n)| (s.as_str(), n.as_str())),
                &query.specialty,
            ),
            options_html("Any city", values(&f.cities).iter().map(|(v, c)| (v.as_ref(), *c)), &query.city),
            options_html("Any language", values(&f.languages).iter().map(|(v, l)| (v.as_ref(), *l)), &query.lang),
        ]
    });
    let modes = options_html("In person or video", [("in_person", "In person"), ("video", "Video visit")], &query.mode);
    let genders = options_html("Any gender", [("female", "Female"), ("male", "Male")], &query.gender);
    let fee = query.fee_max.map(|f| f.to_string()).unwrap_or_default();
    let fees = [("100", "Up to $100"), ("150", "Up to $150"), ("200", "Up to $200"), ("300", "Up to $300")];
    let fees = options_html("Any fee", fees, &fee);
    let rating = query.rating_min.map(|r| r.to_string()).unwrap_or_default();
    let ratings = options_html("Any rating", [("4.5", "4.5 and up"), ("4", "4 and up"), ("3", "3 and up")], &rating);
    let sorts = SortKey::ALL
        .into_iter()
        .filter(|k| *k != SortKey::Relevance && (*k != SortKey::Distance || query.near.is_some()))
        .map(|k| (k.as_str(), k.label()));
    let sort_value = if query.sort == SortKey::Relevance { "" } else { query.sort.as_str() };
    let sorts = options_html(SortKey::Relevance.label(), sorts, sort_value);
    rsx! {
        form { method: "get", action: "/doctors", role: "search", class: "mt-4 space-y-4", "data-testid": "search-form",
            onsubmit: move |e: FormEvent| e.prevent_default(),
            onchange: on_filter,
            div { class: "flex gap-2",
                label { r#for: "q", class: "sr-only", "Search doctors" }
                input { id: "q", name: "q", r#type: "search", value: "{query.q}", autocomplete: "off",
                    placeholder: "Name, specialty, condition or area — e.g. cardiology Chelsea",
                    class: "block w-full rounded-lg border border-slate-300 px-4 py-2.5 text-base",
                    "data-testid": "search-input", oninput: on_q,
                }
                button { r#type: "submit", class: "btn-primary", "Search" }
            }
            div { class: "grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5",
                label { class: "block text-sm font-medium text-ink",
                    "Specialty"
                    select { name: "specialty", class: "filter-select", "data-testid": "filter-specialty", dangerous_inner_html: specialties }
                }
                label { class: "block text-sm font-medium text-ink",
                    "City"
                    select { name: "city", class: "filter-select", "data-testid": "filter-city", dangerous_inner_html: cities }
                }
                if query.city.is_empty() {
                    AreaSelect { query: query.clone(), areas: Vec::new() }
                } else {
                    SuspenseBoundary { fallback: |_| rsx! { AreaSelect { query: DoctorSearch::default(), areas: Vec::new() } },
                        AreaFilter { query: query.clone() }
                    }
                }
                label { class: "block text-sm font-medium text-ink",
                    "Visit type"
                    select { name: "mode", class: "filter-select", "data-testid": "filter-mode", dangerous_inner_html: modes }
                }
                label { class: "block text-sm font-medium text-ink",
                    "Language"
                    select { name: "lang", class: "filter-select", "data-testid": "filter-lang", dangerous_inner_html: langs }
                }
                label { class: "block text-sm font-medium text-ink",
                    "Doctor's gender"
                    select { name: "gender", class: "filter-select", "data-testid": "filter-gender", dangerous_inner_html: genders }
                }
                label { class: "block text-sm font-medium text-ink",
                    "Fee"
                    select { name: "fee_max", class: "filter-select", "data-testid": "filter-fee_max", dangerous_inner_html: fees }
                }
                label { class: "block text-sm font-medium text-ink",
                    "Rating"
                    select { name: "rating_min", class: "filter-select", "data-testid": "filter-rating_min", dangerous_inner_html: ratings }
                }
                label { class: "block text-sm font-medium text-ink",
                    "Sort by"
                    select { name: "sort", class: "filter-select", "data-testid": "filter-sort", dangerous_inner_html: sorts }
                }
            }
            NearMe { query: query.clone() }
            noscript { p { class: "text-sm text-ink-muted", "Choose filters, then press Search." } }
        }
    }
}

/// The area filter: the chosen city's areas, fetched when the city changes.
#[component]
fn AreaFilter(query: DoctorSearch) -> Element {
    let city = query.city.clone();
    let areas = use_server_future(use_reactive!(|city| search_areas(city)))?;
    let areas = areas.read().clone().and_then(Result::ok).unwrap_or_default();
    rsx! { AreaSelect { query, areas } }
}

/// The area filter's select (its changes reach the form's handler like the other filters').
#[component]
fn AreaSelect(query: DoctorSearch, areas: Vec<String>) -> Element {
    let disabled = query.city.is_empty();
    let current = query.area.clone();
    rsx! {
        label { class: "block text-sm font-medium text-ink",
            "Area"
            select { name: "area", disabled, "data-testid": "filter-area", class: "filter-select",
                option { value: "", if disabled { "Choose a city first" } else { "Any area" } }
                for (value, a) in values(&areas) {
                    option { key: "{a}", value: "{value}", selected: same_filter(&value, &current), "{a}" }
                }
            }
        }
    }
}

/// The `name` and new value of the select a change event came from (in the browser; events only happen
/// there). Read from the event's own target: the selects carry no listener of their own, so the event's
/// form data describes the form, not the select.
fn changed_select(e: &FormEvent) -> Option<(String, String)> {
    #[cfg(target_arch = "wasm32")]
    {
        use dioxus::web::WebEventExt;
        use wasm_bindgen::JsCast;
        let select = e.try_as_web_event()?.target()?.dyn_into::<web_sys::HtmlSelectElement>().ok()?;
        Some((select.name(), select.value()))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = e;
        None
    }
}

/// Each of `names` (cities, areas, languages) with the value its option submits.
fn values(names: &[String]) -> Vec<(Cow<'_, str>, &str)> {
    names.iter().map(|n| (filter_value(n), n.as_str())).collect()
}

/// Apply one form field to the search state (the same names the GET form submits), read as the server
/// reads the submitted form.
fn set_field(s: &mut DoctorSearch, name: &str, value: String) {
    let parsed = DoctorSearch::from(format!("{name}={}", filter_value(&value)).as_str());
    match name {
        "specialty" => s.specialty = parsed.specialty,
        "city" => {
            s.city = parsed.city;
            s.area.clear();
        }
        "area" => s.area = parsed.area,
        "mode" => s.mode = parsed.mode,
        "lang" => s.lang = parsed.lang,
        "gender" => s.gender = parsed.gender,
        "fee_max" => s.fee_max = parsed.fee_max,
        "rating_min" => s.rating_min = parsed.rating_min,
        "sort" => s.sort = parsed.sort,
        _ => {}
    }
}

/// One page of results; re-fetched through the server function when the query changes.
#[component]
fn Results(query: DoctorSearch, title: String) -> Element {
    let page = use_server_future(use_reactive!(|query| search_doctors(query.to_string())))?;
    let page = page.read();
    let data = match &*page {
        Some(Ok(p)) => p,
        Some(Err(e)) => return rsx! { crate::components::LoadFailed { error: e.clone() } },
        None => return rsx! { ResultsSkeleton {} },
    };
    let r = &data.results;
    let canonical = format!("{}{}", data.base_url, query.href());
    let description = format!(
        "{} — compare verified doctors' fees, experience and reviews on {BRAND}, and book a visit online.",
        r.total_label()
    );
    rsx! {
        PageMeta { title, description, canonical }
        div { class: "flex flex-wrap items-baseline justify-between gap-2",
            p { class: "text-sm text-ink-muted", "aria-live": "polite", "data-testid": "result-count", "{r.total_label()}" }
            if !r.corrections.is_empty() {
                p { class: "text-sm text-ink-muted", "data-testid": "corrections",
                    "Showing results for "
                    for (from, to) in r.corrections.iter() {
                        span { key: "{from}", class: "font-medium text-ink", "“{to}” " }
                    }
                }
            }
        }
        if r.doctors.is_empty() {
            ResultsEmpty { query: query.clone() }
        } else {
            ol { class: "mt-4 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3", "data-testid": "results", onclick: follow_links,
                {r.doctors.iter().map(doctor_card)}
            }
            Pagination { query: query.clone(), pages: r.pages() }
        }
    }
}

#[component]
fn ResultsSkeleton() -> Element {
    rsx! {
        p { class: "text-sm text-ink-muted", "aria-live": "polite", "data-testid": "results-loading", "Searching…" }
        div { class: "mt-4 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3", "aria-busy": "true",
            for i in 0..6 { DoctorCardSkeleton { key: "{i}" } }
        }
    }
}
