//! Every registered server function and every page route, walked with values no request can validly hold
//! (a NUL byte, bytes that are not UTF-8, an overlong value) in each path and query parameter, and with
//! malformed ids: the answer is always a 4xx (the API's JSON error for `/api/…`), never a 5xx, never a
//! page that says 200 around an error, and it never repeats the input.

use axum::body::Body;
use axum::http::Request;
use sqlx::PgPool;

use crate::common::{demo_sign_in, seed, send, test_router, TestResponse};

/// Values that can't be valid anywhere, as sent (percent-encoded), with what must not come back.
const HOSTILE: &[(&str, &str)] = &[("%00", "\u{0}"), ("a%00b", "a\u{0}b"), ("%FF%FE", "\u{FFFD}\u{FFFD}")];

fn overlong() -> String {
    "x".repeat(3000)
}

/// `#[get("…")]` / `#[post("…")]` routes of the server functions in src/api, as (method, route).
fn server_fn_routes() -> Vec<(String, String)> {
    let mut routes = Vec::new();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/api")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines().map(str::trim) {
            for method in ["get", "post"] {
                if let Some(rest) = line.strip_prefix(&format!("#[{method}(\"")) {
                    routes.push((method.to_uppercase(), rest.split('"').next().unwrap().to_string()));
                }
            }
        }
    }
    routes.sort();
    routes
}

/// `#[route("…")]` paths of the Route enum.
fn page_routes() -> Vec<String> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/route.rs")).unwrap();
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("#[route(\""))
        .map(|r| r.split('"').next().unwrap().into())
        .collect()
}

/// The route with `value` in parameter `target` (a `{name}` or `:name` path segment, or a query name), and
/// a harmless value in the other path parameters.
fn fill(route: &str, target: &str, value: &str) -> String {
    let (path, query) = route.split_once('?').unwrap_or((route, ""));
    let path: Vec<String> = path
        .split('/')
        .map(|seg| {
            let name = seg.trim_start_matches(':').trim_start_matches("..").trim_matches(|c| c == '{' || c == '}');
            let dynamic = seg.starts_with(':') || seg.starts_with('{');
            match (dynamic, name == target) {
                (true, true) => value.to_string(),
                (true, false) => "00000000-0000-0000-0000-000000000000".to_string(),
                (false, _) => seg.to_string(),
            }
        })
        .collect();
    let names: Vec<&str> = query
        .split('&')
        .filter(|q| !q.is_empty())
        .map(|q| q.trim_start_matches(':').trim_start_matches(".."))
        .collect();
    let query = if names.contains(&target) { format!("?{target}={value}") } else { String::new() };
    format!("{}{query}", path.join("/"))
}

/// Every parameter name of a route (path and query).
fn params(route: &str) -> Vec<String> {
    let (path, query) = route.split_once('?').unwrap_or((route, ""));
    let mut names: Vec<String> = path
        .split('/')
        .filter(|s| s.starts_with(':') || s.starts_with('{'))
        .map(|s| s.trim_start_matches(':').trim_start_matches("..").trim_matches(|c| c == '{' || c == '}').to_string())
        .collect();
    names.extend(
        query
            .split('&')
            .filter(|q| !q.is_empty())
            .map(|q| q.trim_start_matches(':').trim_start_matches("..").to_string()),
    );
    names
}

async fn call(router: &axum::Router, method: &str, url: &str, cookie: Option<&str>) -> TestResponse {
    let mut req = Request::builder().method(method).uri(url).header("accept", "text/html,application/json");
    if method == "POST" {
        req = req.header("content-type", "application/json").header("x-request-client", "dioxus");
    }
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let body = if method == "POST" { Body::from("{}") } else { Body::empty() };
    send(router, req.body(body).unwrap()).await
}

fn check(res: &TestResponse, url: &str, echo: &str, api: bool) {
    let status = res.status.as_u16();
    assert!((400..500).contains(&status), "{url}: {status} {}", &res.body[..res.body.len().min(300)]);
    assert!(!res.body.contains(echo), "{url}: the answer repeats the input: {}", &res.body[..res.body.len().min(300)]);
    if api {
        let json: serde_json::Value =
            serde_json::from_str(&res.body).unwrap_or_else(|_| panic!("{url}: not JSON: {}", res.body));
        assert!(json["data"]["kind"].is_string(), "{url}: not the API's error format: {}", res.body);
    }
}

#[test]
fn the_walk_covers_every_registered_server_function_and_page() {
    let registered: std::collections::BTreeSet<String> =
        dioxus::server::ServerFunction::collect().iter().map(|f| format!("{} {}", f.method(), f.path())).collect();
    let parsed: std::collections::BTreeSet<String> =
        server_fn_routes().into_iter().map(|(m, r)| format!("{m} {}", r.split('?').next().unwrap())).collect();
    assert_eq!(parsed, registered, "src/api's routes are the registered server functions");
    let flattened = <carebook::route::Route as dioxus::router::Routable>::flatten_site_map().count();
    assert_eq!(page_routes().len(), flattened, "src/route.rs's #[route] attributes are the Route enum's pages");
}

#[sqlx::test]
async fn impossible_and_malformed_values_in_any_parameter_get_a_clean_4xx(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool.clone());
    let admin = demo_sign_in(&router, &pool, "admin").await;
    let long = overlong();
    let mut probes = 0;
    for (method, route) in server_fn_routes() {
        for name in params(&route) {
            let mut values: Vec<(String, String)> =
                HOSTILE.iter().map(|(v, e)| (v.to_string(), e.to_string())).collect();
            values.push((long.clone(), long[..200].to_string()));
            if route.contains(&format!("{{{name}}}")) {
                values.push(("not-a-uuid".into(), "not-a-uuid".into()));
            }
            for (value, echo) in &values {
                let url = fill(&route, &name, value);
                for cookie in [None, Some(admin.as_str())] {
                    let res = call(&router, &method, &url, cookie).await;
                    // A malformed but harmless value may be a valid one elsewhere (a slug): 4xx or an empty 200.
                    if value == "not-a-uuid" && res.status == 200 {
                        continue;
                    }
                    check(&res, &url, echo, true);
                    probes += 1;
                }
            }
        }
    }
    for route in page_routes() {
        for name in params(&route) {
            for (value, echo) in HOSTILE
                .iter()
                .map(|(v, e)| (v.to_string(), e.to_string()))
                .chain([(long.clone(), long[..200].to_string())])
            {
                let url = fill(&route, &name, &value);
                check(&call(&router, "GET", &url, None).await, &url, &echo, false);
                probes += 1;
            }
        }
    }
    assert!(probes > 200, "the walk made {probes} requests");
}

#[sqlx::test]
async fn a_page_whose_data_fails_to_load_answers_with_that_status(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool.clone());
    let unknown = call(&router, "GET", "/doctors/no-such-doctor", None).await;
    assert_eq!(unknown.status, 404);
    sqlx::query("alter table doctor_qualifications rename to doctor_qualifications_gone").execute(&pool).await.unwrap();
    let broken = call(&router, "GET", "/doctors/dr-amara-okafor", None).await;
    assert_eq!(broken.status, 500, "not a 200 around an error box");
    assert!(broken.body.contains("Something went wrong") && !broken.body.contains("doctor_qualifications"));
}
