//! Unit tests of the directory's query-string state (`model::search`).

use super::*;

#[test]
fn parses_leniently_and_prints_canonically() {
    let s = DoctorSearch::from("q=josé+alvarez&city=New York&page=3&sort=fee_low&fee_max=abc&bogus=1&mode=x");
    assert_eq!(s.q, "josé alvarez");
    assert_eq!(s.city, "New York");
    assert_eq!((s.page, s.sort, s.fee_max, s.mode.as_str()), (3, SortKey::FeeLow, None, ""));
    assert_eq!(s.to_string(), "q=josé alvarez&city=New York&sort=fee_low&page=3");
    let round = DoctorSearch::from(s.to_string().as_str());
    assert_eq!(round, s);
    assert_eq!(DoctorSearch::from("").href(), "/doctors");
    assert_eq!(DoctorSearch::from("page=999").page, MAX_PAGE);
    assert_eq!(DoctorSearch::from("page=0").page, 1);
    // Distance without a position falls back to relevance.
    assert_eq!(DoctorSearch::from("sort=distance").sort, SortKey::Relevance);
    assert_eq!(DoctorSearch::from("sort=soonest").to_string(), "sort=soonest");
    let near = DoctorSearch::from("sort=distance&near=40.7,-74.0");
    assert_eq!((near.sort, near.near), (SortKey::Distance, Some((40.7, -74.0))));
    assert_eq!(DoctorSearch::from("near=91,0").near, None);
}

#[test]
fn href_encodes_values() {
    let s = DoctorSearch { q: "Zoë & co".into(), city: "San Francisco".into(), ..Default::default() };
    assert_eq!(s.href(), "/doctors?q=Zo%C3%AB%20%20%20co&city=San%20Francisco");
}

#[test]
fn query_terms_fold_accents_and_drop_fillers() {
    assert_eq!(query_terms("Dr. José Álvarez in Austin"), ["jose", "alvarez", "austin"]);
    assert_eq!(query_terms("O'Connor"), ["connor"]);
    assert!(query_terms("  ").is_empty());
    assert_eq!(query_terms("a b c d e f g h i j").len(), 0);
}

#[test]
fn result_labels_and_pages() {
    let r = SearchResults { total: 41, ..Default::default() };
    assert_eq!((r.pages(), r.total_label()), (3, "41 doctors".into()));
    let big = SearchResults { total: COUNT_CAP + 1, ..Default::default() };
    assert_eq!((big.pages(), big.total_label()), (MAX_PAGE, "1,000+ doctors".into()));
    assert_eq!(SearchResults::default().pages(), 1);
}

#[test]
fn filter_values_read_back_as_written() {
    assert!(matches!(filter_value("Old Town"), Cow::Borrowed("Old Town")));
    assert_eq!(filter_value("Bath & North East Somerset"), "Bath North East Somerset");
    assert_eq!(filter_value(" Kings  Cross+St=Pancras #2\t"), "Kings Cross St Pancras 2");
    // Picked in the browser or submitted by the plain GET form, the value comes back as it was written.
    for city in ["Bath & North East Somerset", "Zoë's Town", "A=B#C"] {
        let written = DoctorSearch { city: filter_value(city).into_owned(), ..Default::default() };
        let url = percent_encoding::percent_decode_str(&written.href()).decode_utf8().unwrap().into_owned();
        let back = DoctorSearch::from(url.trim_start_matches("/doctors?"));
        assert_eq!(back.city, filter_value(city));
    }
}
