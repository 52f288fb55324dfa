//! `/doctors`: the public directory. A GET form (works without JavaScript) whose state is the query
//! string; after hydration typing and filtering re-route in place (debounced) and the results re-load.

use dioxus::prelude::*;

use super::directory_parts::{options_html, Pagination, ResultsEmpty};
use crate::api::doctors::{search_areas, search_doctors, search_facets};
use crate::app::BRAND;
use crate::components::{doctor_card, DoctorCardSkeleton, PageMeta};
use crate::model::search::{DoctorSearch, SearchFacets, SortKey};
use crate::route::Route;

/// `/doctors?q=&specialty=&city=&area=&mode=&gender=&lang=&fee_max=&rating_min=&sort=&page=&near=`.
#[component]
pub fn Doctors(query: DoctorSearch) -> Element {
    let facets = use_server_future(search_facets)?;
    let facets: SearchFacets = facets.read().clone().and_then(Result::ok).unwrap_or_default();
    let title = page_title(&query, &facets);
    rsx! {
        section { class: "border-b border-slate-200 bg-white",
            div { class: "container-page py-6",
                h1 { class: "text-2xl font-bold tracking-tight", "data-testid": "directory-heading", "{heading(&query, &facets)}" }
                SearchForm { query: query.clone(), facets: facets.clone() }
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

fn specialty_name(facets: &SearchFacets, slug: &str) -> Option<String> {
    facets.specialties.iter().find(|(s, _)| s == slug).map(|(_, n)| n.clone())
}

fn heading(q: &DoctorSearch, facets: &SearchFacets) -> String {
    let what = specialty_name(facets, &q.specialty).unwrap_or_else(|| "Doctors".into());
    let place = match (q.area.is_empty(), q.city.is_empty()) {
        (false, false) => format!(" in {}, {}", q.area, q.city),
        (true, false) => format!(" in {}", q.city),
        _ => String::new(),
    };
    let text = if q.q.is_empty() { String::new() } else { format!(" matching “{}”", q.q) };
    format!("{what}{place}{text}")
}

fn page_title(q: &DoctorSearch, facets: &SearchFacets) -> String {
    let page = if q.page > 1 { format!(" — page {}", q.page) } else { String::new() };
    format!("{}{page} — book online | {BRAND}", heading(q, facets))
}

/// The filters, as a plain GET form. After hydration every change routes in place.
#[component]
fn SearchForm(query: DoctorSearch, facets: SearchFacets) -> Element {
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
    let field = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm";
    let q_for_select = query.clone();
    let select = move |name: &'static str, label: &'static str, value: String, options: Vec<(String, String)>| {
        let q = q_for_select.clone();
        rsx! {
            label { class: "block text-sm font-medium text-ink",
                "{label}"
                select { name: "{name}", class: "{field}", "data-testid": "filter-{name}",
                    onchange: move |e: FormEvent| {
                        let mut next = q.clone();
                        set_field(&mut next, name, e.value());
                        go(next, false);
                    },
                    dangerous_inner_html: options_html(&options, &value),
                }
            }
        }
    };
    let any = |l: &str| vec![(String::new(), l.to_string())];
    let specialties = [any("Any specialty"), facets.specialties.clone()].concat();
    let cities = [any("Any city"), facets.cities.iter().map(|c| (c.clone(), c.clone())).collect()].concat();
    let langs = [any("Any language"), facets.languages.iter().map(|l| (l.clone(), l.clone())).collect()].concat();
    let pairs = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    let modes = pairs(&[("", "In person or video"), ("in_person", "In person"), ("video", "Video visit")]);
    let genders = pairs(&[("", "Any gender"), ("female", "Female"), ("male", "Male")]);
    let fees = pairs(&[
        ("", "Any fee"),
        ("100", "Up to $100"),
        ("150", "Up to $150"),
        ("200", "Up to $200"),
        ("300", "Up to $300"),
    ]);
    let ratings = pairs(&[("", "Any rating"), ("4.5", "4.5 and up"), ("4", "4 and up"), ("3", "3 and up")]);
    let sorts: Vec<(String, String)> = SortKey::ALL
        .into_iter()
        .filter(|k| *k != SortKey::Distance || query.near.is_some())
        .map(|k| (if k == SortKey::Relevance { String::new() } else { k.as_str().to_string() }, k.label().to_string()))
        .collect();
    let sort_value = if query.sort == SortKey::Relevance { String::new() } else { query.sort.as_str().to_string() };
    rsx! {
        form { method: "get", action: "/doctors", role: "search", class: "mt-4 space-y-4", "data-testid": "search-form",
            onsubmit: move |e: FormEvent| e.prevent_default(),
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
                {select("specialty", "Specialty", query.specialty.clone(), specialties)}
                {select("city", "City", query.city.clone(), cities)}
                if query.city.is_empty() {
                    AreaSelect { query: query.clone(), areas: Vec::new() }
                } else {
                    SuspenseBoundary { fallback: |_| rsx! { AreaSelect { query: DoctorSearch::default(), areas: Vec::new() } },
                        AreaFilter { query: query.clone() }
                    }
                }
                {select("mode", "Visit type", query.mode.clone(), modes)}
                {select("lang", "Language", query.lang.clone(), langs)}
                {select("gender", "Doctor's gender", query.gender.clone(), genders)}
                {select("fee_max", "Fee", query.fee_max.map(|f| f.to_string()).unwrap_or_default(), fees)}
                {select("rating_min", "Rating", query.rating_min.map(|r| r.to_string()).unwrap_or_default(), ratings)}
                {select("sort", "Sort by", sort_value, sorts)}
            }
            NearMe { query: query.clone() }
            noscript { p { class: "text-sm text-ink-muted", "Choose filters, then press Search." } }
        }
    }
}

/// "Doctors near me": asks the browser for the position, then sorts by distance. Shown only after
/// hydration (it needs JavaScript); with a position set it offers to clear it.
#[component]
fn NearMe(query: DoctorSearch) -> Element {
    let nav = navigator();
    let mut hydrated = use_signal(|| false);
    let mut error = use_signal(|| None::<String>);
    use_effect(move || hydrated.set(true));
    if !hydrated() {
        return rsx! {};
    }
    let q = query.clone();
    rsx! {
        div { class: "flex flex-wrap items-center gap-3 text-sm",
            if query.near.is_some() {
                span { class: "text-ink-muted", "data-testid": "near-active", "Sorted by distance from your location." }
                button { r#type: "button", class: "btn-ghost",
                    onclick: move |_| {
                        nav.push(Route::Doctors { query: DoctorSearch { near: None, sort: SortKey::Relevance, page: 1, ..q.clone() } });
                    },
                    "Stop using my location"
                }
            } else {
                button { r#type: "button", class: "btn-ghost", "data-testid": "near-me",
                    onclick: move |_| {
                        let q = q.clone();
                        async move {
                            match crate::components::geo::current_position().await {
                                Ok(pos) => {
                                    error.set(None);
                                    nav.push(Route::Doctors { query: DoctorSearch { near: Some(pos), sort: SortKey::Distance, page: 1, ..q } });
                                }
                                Err(e) => error.set(Some(e)),
                            }
                        }
                    },
                    "Find doctors near me"
                }
            }
            if let Some(e) = error() {
                span { role: "alert", class: "text-red-700", "{e}" }
            }
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

#[component]
fn AreaSelect(query: DoctorSearch, areas: Vec<String>) -> Element {
    let nav = navigator();
    let disabled = query.city.is_empty();
    let current = query.area.clone();
    rsx! {
        label { class: "block text-sm font-medium text-ink",
            "Area"
            select { name: "area", disabled, "data-testid": "filter-area",
                class: "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm disabled:bg-slate-100",
                onchange: move |e: FormEvent| {
                    let next = DoctorSearch { area: e.value(), page: 1, ..query.clone() };
                    nav.push(Route::Doctors { query: next });
                },
                option { value: "", if disabled { "Choose a city first" } else { "Any area" } }
                for a in areas {
                    option { key: "{a}", value: "{a}", selected: a == current, "{a}" }
                }
            }
        }
    }
}

/// Apply one form field to the search state (the same names the GET form submits).
fn set_field(s: &mut DoctorSearch, name: &str, value: String) {
    let parsed = DoctorSearch::from(format!("{name}={value}").as_str());
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
        Some(Ok(p)) => p.clone(),
        Some(Err(e)) => {
            return rsx! { p { role: "alert", class: "card p-6 text-red-800", "{e}" } };
        }
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
            ol { class: "mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3", "data-testid": "results",
                for d in r.doctors.iter() {
                    li { key: "{d.slug}", class: "flex", {doctor_card(d)} }
                }
            }
            Pagination { query: query.clone(), pages: r.pages() }
        }
    }
}

#[component]
fn ResultsSkeleton() -> Element {
    rsx! {
        p { class: "text-sm text-ink-muted", "aria-live": "polite", "data-testid": "results-loading", "Searching…" }
        div { class: "mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3", "aria-busy": "true",
            for i in 0..6 { DoctorCardSkeleton { key: "{i}" } }
        }
    }
}
