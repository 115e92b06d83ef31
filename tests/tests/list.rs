//! List queries: keyset cursors in both directions, cursor safety, filters, sorts, offset
//! pagination and the indexes behind them, on SQLite and PostgreSQL.

#![allow(missing_docs)] // test fixtures

use std::collections::HashSet;

use axum::http::StatusCode;
use resourcery::prelude::*;
use resourcery_tests::{App, TestDb, on_both_backends};
use serde_json::{Value, json};

/// A resource with a sortable field full of repeated values, to exercise tiebreaks.
#[resource(path = "/items", page_size = 3, max_page_size = 5)]
pub struct Item {
    #[field(id)]
    pub id: Uuid,
    #[field(sortable, filterable)]
    pub rank: i32,
    #[field(sortable, filterable)]
    pub name: String,
    #[field(filterable)]
    pub kind: Kind,
    #[field(filterable)]
    pub note: Option<String>,
    #[field(sortable, filterable)]
    pub price: f64,
    #[field(filterable)]
    pub day: NaiveDate,
    #[field(filterable)]
    pub active: bool,
    #[field(read_only, sortable, filterable)]
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, resourcery::Enum)]
pub enum Kind {
    Tool,
    Toy,
}

/// An admin screen with page numbers.
#[resource(
    path = "/entries",
    pagination = "offset",
    max_offset = 20,
    page_size = 4,
    default_sort = "-score"
)]
pub struct Entry {
    #[field(id)]
    pub id: Uuid,
    #[field(sortable, filterable)]
    pub score: i64,
}

/// Many rows with repeated sort values, for whole-table walks.
#[resource(path = "/rows")]
pub struct Row {
    #[field(id)]
    pub id: Uuid,
    #[field(sortable, filterable)]
    pub value: i32,
    #[field(sortable, filterable)]
    pub group: String,
    #[field(filterable)]
    pub seed: bool,
}

/// `f32` values and case-sensitive text keys.
#[resource(path = "/readings")]
pub struct Reading {
    #[field(id)]
    pub id: Uuid,
    #[field(sortable, filterable)]
    pub level: f32,
    #[field(sortable)]
    pub label: String,
}

fn api(db: Db) -> Api {
    Api::new(db)
        .cursor_secret("test secret")
        .resource::<Item>()
        .resource::<Entry>()
        .resource::<Row>()
        .resource::<Reading>()
}

async fn seed(app: &App, n: usize) -> Vec<Value> {
    let mut out = Vec::new();
    for i in 0..n {
        let body = json!({
            "rank": (i % 3) as i32,
            "name": format!("item {i:02}"),
            "kind": if i % 2 == 0 { "tool" } else { "toy" },
            "note": if i % 4 == 0 { Value::Null } else { json!(format!("note {i}")) },
            "price": (i as f64) * 1.5,
            "day": format!("2026-01-{:02}", i % 28 + 1),
            "active": i % 5 != 0,
        });
        out.push(app.create("/items", body).await);
    }
    out
}

/// Follows `next_cursor` from `first` to the end, checking `Link` on the way.
async fn walk(app: &App, first: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut uri = first.to_owned();
    for _ in 0..100 {
        let reply = app.get(&uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.text());
        let page = reply.json();
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["page"]["next_cursor"].as_str() {
            Some(cursor) => {
                let link = reply
                    .header("link")
                    .expect("Link header on a page with a next page");
                assert!(link.contains("rel=\"next\""), "{link}");
                let sep = if first.contains('?') { '&' } else { '?' };
                uri = format!("{first}{sep}cursor={cursor}");
            }
            None => return items,
        }
    }
    panic!("paging did not end");
}

fn names(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect()
}

on_both_backends!(
    cursor_pages_visit_every_row_once_in_order,
    previous_cursor_returns_the_previous_page,
    cursor_survives_concurrent_inserts_and_deletes,
    bad_cursors_are_400_never_a_wrong_page,
    filters_apply_per_type_and_escape_wildcards,
    bad_filters_and_sorts_are_400_naming_the_parameter,
    empty_sorts_and_signed_numbers_are_400s,
    offset_pagination_reports_totals_and_caps_depth,
    sort_and_filter_indexes_exist,
    a_thousand_rows_walk_forward_and_back_in_every_order_despite_concurrent_writes,
    injection_payloads_are_400s_or_inert_values,
    f32_keys_and_text_order_agree_on_both_backends,
    plain_pages_answer_alike_when_their_statement_is_reused,
);

async fn f32_keys_and_text_order_agree_on_both_backends(db: TestDb) {
    let app = App::new(db, api).await;
    for (level, label) in [(1.1, "b"), (1.1, "B"), (2.2, "a"), (0.3, "A")] {
        app.create("/readings", json!({ "level": level, "label": label }))
            .await;
    }
    assert_eq!(
        app.get("/readings?level=1.1").await.json()["items"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        app.get("/readings?level[gt]=1.1").await.json()["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    for sort in ["level", "-level", "label", "-label"] {
        let mut seen = Vec::new();
        let mut uri = format!("/readings?sort={sort}&limit=1");
        loop {
            let page = app.get(&uri).await.json();
            seen.extend(
                page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["label"].as_str().unwrap().to_owned()),
            );
            match page["page"]["next_cursor"].as_str() {
                Some(c) => uri = format!("/readings?sort={sort}&limit=1&cursor={c}"),
                None => break,
            }
        }
        assert_eq!(seen.len(), 4, "{sort}: {seen:?}");
        if sort == "label" {
            assert_eq!(
                seen,
                ["A", "B", "a", "b"],
                "text sorts bytewise on both backends"
            );
        }
        if sort == "-label" {
            assert_eq!(seen, ["b", "a", "B", "A"]);
        }
    }
}

/// Pages of `/rows?{query}` from `start`, following next (or prev) cursors: (items, page).
async fn pages(
    app: &App,
    query: &str,
    forward: bool,
    start: Option<String>,
) -> Vec<(Vec<Value>, Value)> {
    let key = if forward {
        "next_cursor"
    } else {
        "prev_cursor"
    };
    let mut out = Vec::new();
    let mut cursor = start;
    loop {
        let uri = match &cursor {
            Some(c) => format!("/rows?{query}&cursor={c}"),
            None => format!("/rows?{query}"),
        };
        let reply = app.get(&uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.text());
        let page = reply.json();
        out.push((
            page["items"].as_array().unwrap().clone(),
            page["page"].clone(),
        ));
        match page["page"][key].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return out,
        }
        assert!(out.len() < 1000, "paging does not end");
    }
}

async fn a_thousand_rows_walk_forward_and_back_in_every_order_despite_concurrent_writes(
    db: TestDb,
) {
    let app = std::sync::Arc::new(App::new(db, api).await);
    for i in 0..1000 {
        app.create(
            "/rows",
            json!({ "value": (i * 7919) % 37, "group": format!("g{}", i % 5), "seed": true }),
        )
        .await;
    }
    // Another task keeps inserting and deleting rows that are not part of the seed.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (app, stop) = (app.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let row = app
                    .create(
                        "/rows",
                        json!({ "value": n % 37, "group": "g9", "seed": false }),
                    )
                    .await;
                if n % 2 == 0 {
                    app.delete(&format!("/rows/{}", row["id"].as_str().unwrap()))
                        .await;
                }
                n += 1;
                tokio::task::yield_now().await;
            }
            n
        })
    };
    for sort in [
        "value",
        "-value",
        "group,-value",
        "-group,value",
        "id",
        "-id",
    ] {
        let query = format!("sort={sort}&seed=true&limit=100");
        let forward = pages(&app, &query, true, None).await;
        let seen: Vec<&Value> = forward.iter().flat_map(|(items, _)| items).collect();
        assert_eq!(seen.len(), 1000, "{sort}: every seeded row once");
        let ids: HashSet<&str> = seen.iter().map(|r| r["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), 1000, "{sort}: no row twice");
        let key = |r: &Value| -> Vec<String> {
            sort.split(',')
                .map(|k| match &r[k.trim_start_matches('-')] {
                    Value::Number(n) => format!("{:05}", n.as_i64().unwrap()),
                    v => v.as_str().unwrap().to_owned(),
                })
                .chain(std::iter::once(r["id"].as_str().unwrap().to_owned()))
                .collect()
        };
        for pair in seen.windows(2) {
            let (a, b) = (key(pair[0]), key(pair[1]));
            // The id breaks ties in the direction of the last key.
            let tiebreak = if sort.rsplit(',').next().unwrap().starts_with('-') {
                "-id"
            } else {
                "id"
            };
            let first_difference = sort
                .split(',')
                .chain(std::iter::once(tiebreak))
                .enumerate()
                .find(|(i, _)| a[*i] != b[*i]);
            let (i, k) = first_difference.expect("rows are distinct");
            assert!(
                (a[i] < b[i]) != k.starts_with('-'),
                "{sort}: {a:?} before {b:?}"
            );
        }
        // From the last page, `prev_cursor` walks back through the same pages, reversed.
        let (_, last_info) = forward.last().unwrap();
        let prev = last_info["prev_cursor"]
            .as_str()
            .expect("the last page has a previous one")
            .to_owned();
        let backward: Vec<Vec<Value>> = pages(&app, &query, false, Some(prev))
            .await
            .into_iter()
            .map(|(items, _)| items)
            .collect();
        let mut expected: Vec<Vec<Value>> = forward[..forward.len() - 1]
            .iter()
            .map(|(items, _)| items.clone())
            .collect();
        expected.reverse();
        assert_eq!(
            backward, expected,
            "{sort}: backward paging returns the same pages reversed"
        );
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let writes = writer.await.unwrap();
    assert!(writes > 0, "the writer ran during the walks");
}

/// The document says `sort` lists fields and `limit` is an integer: an empty `sort`, an
/// empty entry in it, and `+5` or ` 5` are none of those, so they are refused, not read
/// as the default order or as 5.
async fn empty_sorts_and_signed_numbers_are_400s(db: TestDb) {
    let app = App::new(db, api).await;
    seed(&app, 4).await;
    for (query, parameter) in [
        ("sort=", "sort"),
        ("sort=,", "sort"),
        ("sort=rank,", "sort"),
        ("sort=,rank", "sort"),
        ("limit=%2B2", "limit"),
        ("limit=%202", "limit"),
        ("limit=", "limit"),
    ] {
        let problem = app
            .get(&format!("/items?{query}"))
            .await
            .problem(400, "malformed-request");
        assert_eq!(problem["parameter"], parameter, "{query}");
    }
    assert_eq!(
        app.get("/items?limit=2&sort=-rank").await.status,
        StatusCode::OK
    );
    // Filter terms are counted: 32 are answered, the 33rd is refused by name (a thousand
    // were a 500 on SQLite, whose expressions are at most 1,000 deep).
    let terms = |n: usize| {
        (0..n)
            .map(|i| format!("rank[ne]={i}"))
            .collect::<Vec<_>>()
            .join("&")
    };
    let page = app.get(&format!("/items?{}", terms(32))).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let problem = app
        .get(&format!("/items?{}", terms(1000)))
        .await
        .problem(400, "malformed-request");
    assert_eq!(problem["parameter"], "rank[ne]");
}

async fn injection_payloads_are_400s_or_inert_values(db: TestDb) {
    let app = App::new(db, api).await;
    seed(&app, 4).await;
    for query in [
        "sort=name%3BDROP%20TABLE%20items",
        "sort=name%22%20DESC%2C%22id",
        "sort=-(SELECT%201)",
        "name%22%3D%22name=x",
        "name%5Beq%5D%20OR%201%3D1=x",
        "rank=1%20OR%201%3D1",
        "cursor=%27%20OR%201%3D1%20--",
        "limit=1%3BDELETE%20FROM%20items",
    ] {
        let problem = app
            .get(&format!("/items?{query}"))
            .await
            .problem(400, "malformed-request");
        assert!(problem["parameter"].is_string(), "{query}");
    }
    // In a value, SQL is just text to compare with.
    for value in [
        "%27%20OR%20%271%27%3D%271",
        "x%22%3B%20DROP%20TABLE%20items%3B%20--",
        "%25",
        "_",
    ] {
        let page = app.get(&format!("/items?name={value}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(page.json()["items"], json!([]), "{value}");
        let page = app
            .get(&format!("/items?name[contains]={value}"))
            .await
            .json();
        assert_eq!(page["items"], json!([]), "{value}");
    }
    assert_eq!(
        app.get("/items?limit=5").await.json()["items"]
            .as_array()
            .unwrap()
            .len(),
        4,
        "the table is intact"
    );
}

async fn cursor_pages_visit_every_row_once_in_order(db: TestDb) {
    let app = App::new(db, api).await;
    let created = seed(&app, 10).await;
    for sort in [
        "rank",
        "-rank",
        "rank,-name",
        "-price",
        "name",
        "-created_at",
        "-rank,price",
    ] {
        let items = walk(&app, &format!("/items?sort={sort}")).await;
        assert_eq!(items.len(), 10, "{sort}");
        let ids: HashSet<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), 10, "{sort}: no row twice");
        let mut expected = created.clone();
        expected.sort_by(|a, b| {
            for key in sort.split(',') {
                let (desc, name) = key.strip_prefix('-').map_or((false, key), |k| (true, k));
                let ord = match (&a[name], &b[name]) {
                    (Value::Number(x), Value::Number(y)) => {
                        x.as_f64().unwrap().total_cmp(&y.as_f64().unwrap())
                    }
                    // RFC 3339 text drops trailing zeros of the fraction, so instants
                    // compare as instants, not as strings.
                    (Value::String(x), Value::String(y)) => {
                        if a[name].is_string() && name.ends_with("_at") {
                            resourcery_tests::instant(&a[name])
                                .cmp(&resourcery_tests::instant(&b[name]))
                        } else {
                            x.cmp(y)
                        }
                    }
                    (x, y) => x.as_str().cmp(&y.as_str()),
                };
                let ord = if desc { ord.reverse() } else { ord };
                if ord.is_ne() {
                    return ord;
                }
            }
            // The id breaks ties in the direction of the last key.
            let ties = a["id"].as_str().cmp(&b["id"].as_str());
            if sort.rsplit(',').next().unwrap().starts_with('-') {
                ties.reverse()
            } else {
                ties
            }
        });
        assert_eq!(names(&items), names(&expected), "{sort}");
    }
    // Default sort is by id; the default page size is the resource's own.
    let page = app.get("/items").await.json();
    assert_eq!(page["page"]["limit"], 3);
    assert_eq!(app.get("/items?limit=5").await.status, StatusCode::OK);
    app.get("/items?limit=6")
        .await
        .problem(400, "malformed-request");
}

/// A page without filters or `sort` runs a statement written by the first such request
/// and kept: the second answer of each kind must be the first again, and filtered or
/// sorted pages in between keep statements of their own.
async fn plain_pages_answer_alike_when_their_statement_is_reused(db: TestDb) {
    let app = App::new(db, api).await;
    seed(&app, 8).await;
    let first = app.get("/items?limit=3").await.json();
    assert_eq!(app.get("/items?limit=3").await.json(), first);
    let next = first["page"]["next_cursor"].as_str().unwrap();
    let second = app
        .get(&format!("/items?limit=3&cursor={next}"))
        .await
        .json();
    let tools = app.get("/items?kind=tool&sort=-rank").await.json();
    let tools = tools["items"].as_array().unwrap();
    assert_eq!(tools.len(), 3, "{tools:?}");
    assert!(tools.iter().all(|i| i["kind"] == "tool"), "{tools:?}");
    assert_eq!(
        app.get(&format!("/items?limit=3&cursor={next}"))
            .await
            .json(),
        second
    );
    assert_ne!(second["items"], first["items"]);
    let prev = second["page"]["prev_cursor"].as_str().unwrap();
    for _ in 0..2 {
        let back = app
            .get(&format!("/items?limit=3&cursor={prev}"))
            .await
            .json();
        assert_eq!(back["items"], first["items"]);
        assert_eq!(back["page"]["has_prev"], false);
    }
    // The limit is a bound value: the same statement serves another page size.
    let two = app.get("/items?limit=2").await.json();
    assert_eq!(
        two["items"].as_array().unwrap()[..],
        first["items"].as_array().unwrap()[..2]
    );
    let all = walk(&app, "/items?limit=3").await;
    let ids: HashSet<&str> = all.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!((all.len(), ids.len()), (8, 8));
    assert_eq!(walk(&app, "/items?limit=3").await, all);
}

async fn previous_cursor_returns_the_previous_page(db: TestDb) {
    let app = App::new(db, api).await;
    seed(&app, 8).await;
    let first = app.get("/items?sort=-rank&limit=3").await.json();
    let next = first["page"]["next_cursor"].as_str().unwrap();
    let second = app
        .get(&format!("/items?sort=-rank&limit=3&cursor={next}"))
        .await;
    let link = second.header("link").unwrap().to_owned();
    assert!(
        link.contains("rel=\"prev\"") && link.contains("rel=\"next\""),
        "{link}"
    );
    let second = second.json();
    assert_eq!(second["page"]["has_prev"], true);
    let prev = second["page"]["prev_cursor"].as_str().unwrap();
    let back = app
        .get(&format!("/items?sort=-rank&limit=3&cursor={prev}"))
        .await
        .json();
    assert_eq!(
        back["items"], first["items"],
        "the previous page is the first page again"
    );
    assert_eq!(back["page"]["has_prev"], false);
    assert_eq!(back["page"]["has_next"], true);
}

async fn cursor_survives_concurrent_inserts_and_deletes(db: TestDb) {
    let app = App::new(db, api).await;
    let created = seed(&app, 9).await;
    let first = app.get("/items?sort=name&limit=3").await.json();
    let mut seen = names(first["items"].as_array().unwrap());
    // Rows arrive before and after the cursor position, and one row ahead is deleted.
    app.create("/items", json!({ "rank": 1, "name": "item 00a", "kind": "tool", "price": 1.0, "day": "2026-01-01", "active": true })).await;
    app.create("/items", json!({ "rank": 1, "name": "item 99", "kind": "tool", "price": 1.0, "day": "2026-01-01", "active": true })).await;
    let gone = created.iter().find(|c| c["name"] == "item 05").unwrap();
    app.delete(&format!("/items/{}", gone["id"].as_str().unwrap()))
        .await;
    let mut cursor = first["page"]["next_cursor"].as_str().unwrap().to_owned();
    loop {
        let page = app
            .get(&format!("/items?sort=name&limit=3&cursor={cursor}"))
            .await
            .json();
        seen.extend(names(page["items"].as_array().unwrap()));
        match page["page"]["next_cursor"].as_str() {
            Some(c) => cursor = c.to_owned(),
            None => break,
        }
    }
    let expected: Vec<String> = ["00", "01", "02", "03", "04", "06", "07", "08", "99"]
        .iter()
        .map(|n| format!("item {n}"))
        .collect();
    assert_eq!(
        seen, expected,
        "no row skipped or repeated; the row inserted behind the cursor is not shown"
    );
}

async fn bad_cursors_are_400_never_a_wrong_page(db: TestDb) {
    let app = App::new(db, api).await;
    seed(&app, 5).await;
    let page = app.get("/items?sort=rank&limit=2").await.json();
    let cursor = page["page"]["next_cursor"].as_str().unwrap().to_owned();
    let mut tampered = cursor.clone().into_bytes();
    tampered[5] = if tampered[5] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    for (query, why) in [
        (
            format!("sort=rank&cursor={}", &cursor[..cursor.len() / 2]),
            "truncated",
        ),
        (format!("sort=rank&cursor={tampered}"), "tampered"),
        ("sort=rank&cursor=%%%".to_owned(), "not base64"),
        ("sort=rank&cursor=".to_owned(), "empty"),
        (
            "sort=rank&cursor=AAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_owned(),
            "garbage",
        ),
        (format!("sort=-rank&cursor={cursor}"), "other sort"),
        (
            format!("sort=rank&kind=tool&cursor={cursor}"),
            "other filter",
        ),
        (format!("cursor={cursor}"), "default sort"),
    ] {
        let problem = app
            .get(&format!("/items?{query}"))
            .await
            .problem(400, "malformed-request");
        assert_eq!(problem["parameter"], "cursor", "{why}: {problem}");
    }
    // A cursor from another server's secret is refused.
    let other = App::new(resourcery_tests::sqlite().await, |db| {
        Api::new(db).cursor_secret("other").resource::<Item>()
    })
    .await;
    seed(&other, 3).await;
    let foreign = other.get("/items?sort=rank&limit=1").await.json()["page"]["next_cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    app.get(&format!("/items?sort=rank&cursor={foreign}"))
        .await
        .problem(400, "malformed-request");
    // The same cursor with the same sort still works.
    assert_eq!(
        app.get(&format!("/items?sort=rank&limit=2&cursor={cursor}"))
            .await
            .status,
        StatusCode::OK
    );
}

async fn filters_apply_per_type_and_escape_wildcards(db: TestDb) {
    let app = App::new(db, api).await;
    seed(&app, 12).await;
    for special in ["50%_off", "50xyoff", "a*b?[c]", "axbyc"] {
        app.create("/items", json!({ "rank": 9, "name": special, "kind": "toy", "price": 0.5, "day": "2026-06-01", "active": true })).await;
    }
    let count = |query: &'static str| {
        let app = &app;
        async move {
            let reply = app.get(&format!("/items?limit=5&{query}")).await;
            assert_eq!(reply.status, StatusCode::OK, "{query}: {}", reply.text());
            let page = reply.json();
            let mut n = page["items"].as_array().unwrap().len();
            let mut cursor = page["page"]["next_cursor"].as_str().map(str::to_owned);
            while let Some(c) = cursor {
                let next = app
                    .get(&format!("/items?limit=5&{query}&cursor={c}"))
                    .await
                    .json();
                n += next["items"].as_array().unwrap().len();
                cursor = next["page"]["next_cursor"].as_str().map(str::to_owned);
            }
            n
        }
    };
    assert_eq!(count("rank=0").await, 4);
    assert_eq!(count("rank[ne]=0").await, 12);
    assert_eq!(count("rank[in]=0,1").await, 8);
    assert_eq!(count("rank[gte]=1&rank[lt]=9").await, 8);
    assert_eq!(count("price[gt]=15").await, 1);
    assert_eq!(count("price[lte]=1.5").await, 6);
    assert_eq!(count("kind=toy").await, 10);
    assert_eq!(count("kind[in]=toy,tool").await, 16);
    assert_eq!(count("note[null]=true").await, 7);
    assert_eq!(count("note[null]=false").await, 9);
    assert_eq!(count("active=false").await, 3);
    assert_eq!(count("day[gte]=2026-01-10&day[lte]=2026-01-11").await, 2);
    assert_eq!(count("name[prefix]=item%201").await, 2);
    assert_eq!(
        count("name[contains]=50%25_off").await,
        1,
        "% and _ match literally"
    );
    assert_eq!(count("name[prefix]=a*b").await, 1, "* matches literally");
    assert_eq!(
        count("name[contains]=%3F%5Bc").await,
        1,
        "? and [ match literally"
    );
    assert_eq!(
        count("name[contains]=ITEM").await,
        0,
        "matching is case-sensitive"
    );
    assert_eq!(count("created_at[gt]=2000-01-01T00:00:00Z").await, 16);
    assert_eq!(count("created_at[lt]=2000-01-01T00:00:00%2B01:00").await, 0);
}

async fn bad_filters_and_sorts_are_400_naming_the_parameter(db: TestDb) {
    let app = App::new(db, api).await;
    for (query, parameter) in [
        ("colour=red", "colour"),
        ("id[gt]=1", "id[gt]"),
        ("rank[prefix]=1", "rank[prefix]"),
        ("name[gt]=a", "name[gt]"),
        ("kind[contains]=to", "kind[contains]"),
        ("rank[null]=true", "rank[null]"),
        ("note[null]=maybe", "note[null]"),
        ("rank=abc", "rank"),
        ("rank=99999999999", "rank"),
        ("price=NaN", "price"),
        ("day=2026-02-30", "day"),
        ("created_at[gt]=yesterday", "created_at[gt]"),
        ("kind=robot", "kind"),
        ("active=yes", "active"),
        ("rank[eq=1", "rank[eq"),
        ("sort=kind", "sort"),
        ("sort=nope", "sort"),
        ("sort=rank,rank", "sort"),
        ("sort=rank&sort=name", "sort"),
        ("limit=0", "limit"),
        ("page=2", "page"),
    ] {
        let problem = app
            .get(&format!("/items?{query}"))
            .await
            .problem(400, "malformed-request");
        assert_eq!(problem["parameter"], parameter, "{query}: {problem}");
    }
}

async fn offset_pagination_reports_totals_and_caps_depth(db: TestDb) {
    let app = App::new(db, api).await;
    for score in [5, 3, 9, 1, 7, 2, 8, 4, 6, 10] {
        app.create("/entries", json!({ "score": score })).await;
    }
    let first = app.get("/entries").await.json();
    let scores: Vec<i64> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["score"].as_i64().unwrap())
        .collect();
    assert_eq!(scores, [10, 9, 8, 7], "default sort, default page size");
    assert_eq!(
        first["page"],
        json!({ "page": 1, "page_size": 4, "total_count": 10, "total_pages": 3, "has_next": true, "has_prev": false })
    );
    let last = app.get("/entries?page=3").await.json();
    assert_eq!(last["items"].as_array().unwrap().len(), 2);
    assert_eq!(last["page"]["has_next"], false);
    assert_eq!(last["page"]["has_prev"], true);
    let filtered = app
        .get("/entries?score[gt]=5&sort=score&page_size=2&page=2")
        .await
        .json();
    let scores: Vec<i64> = filtered["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["score"].as_i64().unwrap())
        .collect();
    assert_eq!(scores, [8, 9]);
    assert_eq!(filtered["page"]["total_count"], 5);
    assert_eq!(
        app.get("/entries?page=6&page_size=4").await.status,
        StatusCode::OK,
        "starts 20 in: the cap"
    );
    let problem = app
        .get("/entries?page=7&page_size=4")
        .await
        .problem(400, "malformed-request");
    assert_eq!(problem["parameter"], "page");
    app.get("/entries?cursor=abc")
        .await
        .problem(400, "malformed-request");
    app.get("/entries?limit=2")
        .await
        .problem(400, "malformed-request");
}

async fn sort_and_filter_indexes_exist(db: TestDb) {
    let app = App::new(db, api).await;
    let names: Vec<String> = if let Some(pool) = app.db.as_sqlite() {
        sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'items'",
        )
        .fetch_all(pool)
        .await
        .unwrap()
    } else {
        sqlx::query_scalar("SELECT indexname::text FROM pg_indexes WHERE tablename = 'items' AND schemaname = current_schema()")
            .fetch_all(app.db.as_postgres().unwrap())
            .await
            .unwrap()
    };
    for expected in [
        "items_rank_sort_idx",
        "items_name_sort_idx",
        "items_price_sort_idx",
        "items_created_at_sort_idx",
        "items_kind_idx",
        "items_note_idx",
        "items_day_idx",
        "items_active_idx",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} missing from {names:?}"
        );
    }
}
