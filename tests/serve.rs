//! `whosaid serve` over real HTTP on 127.0.0.1: every endpoint against the command line's
//! own JSON, and every error code the contract lists.

use serde_json::{Value, json};

use crate::http::{Server, enc, request};
use crate::util::*;

/// A few articles of our own: dated in two months, one undated, two sources, quotes.
pub const NEWS: &str = r#"{"id": "harbour-1", "title": "Harbour cranes return", "date": "2023-03-02", "source": "Coast Herald", "url": "https://example.org/harbour-1", "text": "“The cranes are back and the harbour is busy again,” said Maria Olsen, the port director.\n\nDock workers in Bergen welcomed the cranes after a long winter.\n\nThe harbour authority expects more ships in April."}
{"id": "harbour-2", "title": "Ferry strike ends at the harbour", "date": "2023-03-20", "source": "Coast Herald", "text": "“We reached a fair deal for the ferry crews,” said Maria Olsen on Monday.\n\nFerry crews in Bergen return to work on Tuesday after the strike."}
{"id": "harbour-3", "title": "Harbour fees rise", "date": "2023-04-11", "source": "Fjord Times", "text": "“Fees at the harbour will rise by five percent,” said Lars Dahl, the finance chief.\n\nShipping firms in Oslo criticised the harbour fees."}
{"id": "undated-1", "title": "Harbour history", "text": "The harbour was built in the twelfth century, historians say.\n\nIts cranes were first installed in 1900."}
"#;

/// A folder with NEWS ingested into `idx`.
pub fn news_dir() -> TestDir {
    let t = TestDir::new();
    t.write("news.jsonl", NEWS);
    let out = t.ingest(&["news.jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    t
}

fn without_took(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("took_ms");
    v
}

#[test]
fn search_answers_the_query_json_object() {
    let t = news_dir();
    let s = Server::start(t.path(), &t.index(), &["--quiet"], &[]);
    let api = s.json("/api/search?q=harbour+cranes&facets=true");
    let cli = t.json(&["query", "harbour cranes", "--json", "--facets"]);
    // The API's facets add the sources; everything else is the command's object.
    let mut api_facets = api.clone();
    let sources = api_facets["facets"].as_object_mut().unwrap().remove("sources").unwrap();
    assert_eq!(without_took(api_facets), without_took(cli));
    // The three paragraphs of the article titled "Harbour cranes return".
    assert_eq!(sources, json!([{"name": "Coast Herald", "count": 3}]));

    // Filters, paging, sort and a repeated speaker, as the command's flags.
    let api =
        s.json("/api/search?q=harbour&speaker=Maria&speaker=Olsen&sort=date&limit=1&offset=1");
    let cli = t.json(&[
        "query",
        "harbour",
        "--speaker",
        "Maria",
        "--speaker",
        "Olsen",
        "--sort",
        "date",
        "--limit",
        "1",
        "--offset",
        "1",
        "--json",
    ]);
    assert_eq!(without_took(api.clone()), without_took(cli));
    assert_eq!(api["hits"][0]["rank"], 2);

    let api = s.json(&format!("/api/search?q=harbour&source={}&since=2023-04-01", enc("Fjord")));
    assert!(api["total"].as_u64().unwrap() >= 1);
    for h in api["hits"].as_array().unwrap() {
        assert_eq!(h["source"], "Fjord Times");
    }
    // Dates take the command line's forms: a time ago is a day, the same answer as `query`.
    let relative = s.json("/api/search?q=harbour&until=7d");
    let cli = t.json(&["query", "harbour", "--until", "7d", "--json"]);
    assert_eq!(without_took(relative.clone()), without_took(cli));
    assert!(relative["total"].as_u64().unwrap() >= 1);

    // Sources are counted over every match: most paragraphs first, equal counts by name,
    // `facet_limit` of them.
    let sources = |q: &str| s.json(&format!("/api/search?q={}&facets=true&{q}", enc("harbour")));
    let ranked = json!([{"name": "Coast Herald", "count": 5}, {"name": "Fjord Times", "count": 2}]);
    assert_eq!(sources("")["facets"]["sources"], ranked);
    let first = json!([{"name": "Coast Herald", "count": 5}]);
    assert_eq!(sources("facet_limit=1")["facets"]["sources"], first);
    let api = s.json(&format!("/api/search?q={}&facets=true", enc("welcomed OR criticised")));
    let tied = json!([{"name": "Coast Herald", "count": 1}, {"name": "Fjord Times", "count": 1}]);
    assert_eq!(api["facets"]["sources"], tied);

    // limit=0 counts only.
    let api = s.json("/api/search?q=harbour&limit=0&facets=true");
    assert_eq!(api["hits"], json!([]));
    assert!(api["total"].as_u64().unwrap() >= 4);
    assert!(api["facets"]["speakers"].as_array().unwrap().len() >= 2);
}

#[test]
fn articles_stats_and_names() {
    let t = news_dir();
    let s = Server::start(t.path(), &t.index(), &["--quiet"], &[]);
    let api = s.json("/api/articles/harbour-1");
    assert_eq!(api, t.json(&["show", "harbour-1", "--json"]));
    assert_eq!(api["id"], "harbour-1");
    assert_eq!(api["url"], "https://example.org/harbour-1");
    let p0 = &api["paragraphs"][0];
    assert_eq!(p0["index"], 0);
    let q = &p0["quotes"][0];
    assert_eq!(q["speaker"], "Maria Olsen");
    assert_eq!(q["direct"], true);
    let text: Vec<char> = p0["text"].as_str().unwrap().chars().collect();
    let (a, b) = (q["start"].as_u64().unwrap() as usize, q["end"].as_u64().unwrap() as usize);
    assert_eq!(text[a..b].iter().collect::<String>(), q["text"].as_str().unwrap());
    assert!(q["text"].as_str().unwrap().contains("The cranes are back"));

    assert_eq!(s.json("/api/stats"), t.json(&["stats", "--json"]));

    let names = s.json("/api/names?prefix=ols");
    let found: Vec<(&str, &str)> = names["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["name"].as_str().unwrap(), n["kind"].as_str().unwrap()))
        .collect();
    assert!(found.contains(&("Maria Olsen", "speaker")), "{found:?}");
    let speakers = s.json("/api/names?prefix=maria+o&kind=speaker");
    assert_eq!(speakers["names"], json!([{"name": "Maria Olsen", "kind": "speaker", "count": 2}]));
    let places = s.json("/api/names?prefix=berg&kind=place");
    assert!(places["names"].as_array().unwrap().iter().all(|n| n["kind"] == "place"));
}

#[test]
fn timeline_counts_per_period() {
    let t = news_dir();
    let s = Server::start(t.path(), &t.index(), &["--quiet"], &[]);
    let all_dated = 3 + 2 + 2; // paragraphs of the three dated articles
    let tl = s.json("/api/timeline?q=harbour&interval=month&split=speaker&top=3");
    assert_eq!(tl["interval"], "month");
    let buckets = tl["buckets"].as_array().unwrap();
    let starts: Vec<&str> = buckets.iter().map(|b| b["start"].as_str().unwrap()).collect();
    assert_eq!(starts, ["2023-03-01", "2023-04-01"]);
    let total = s.json("/api/search?q=harbour&limit=0")["total"].as_u64().unwrap();
    let counted: u64 = buckets.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(counted + tl["undated"].as_u64().unwrap(), total);
    assert!(tl["undated"].as_u64().unwrap() >= 1, "the undated article mentions the harbour");
    let all: u64 = buckets.iter().map(|b| b["all"].as_u64().unwrap()).sum();
    assert_eq!(all, all_dated);
    // Maria Olsen is quoted in March only, Lars Dahl in April only.
    assert_eq!(buckets[0]["series"]["Maria Olsen"], 2, "{tl}");
    assert_eq!(buckets[1]["series"]["Lars Dahl"], 1, "{tl}");
    assert_eq!(buckets[1]["series"]["Maria Olsen"], 0, "{tl}");

    let weeks = s.json("/api/timeline?q=harbour&interval=week");
    let starts: Vec<&str> =
        weeks["buckets"].as_array().unwrap().iter().map(|b| b["start"].as_str().unwrap()).collect();
    // Weeks start on Mondays: 2023-03-02 is a Thursday, 2023-03-20 a Monday.
    assert_eq!(starts, ["2023-02-27", "2023-03-20", "2023-04-10"]);
    assert!(weeks["buckets"][0].get("series").is_none());

    let by_source = s.json("/api/timeline?q=harbour&interval=day&split=source");
    assert_eq!(by_source["names"], json!(["Coast Herald", "Fjord Times"]));

    let narrowed = s.json("/api/timeline?q=harbour&since=2023-04-01");
    let starts: Vec<&str> = narrowed["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["start"].as_str().unwrap())
        .collect();
    assert_eq!(starts, ["2023-04-01"]);
}

#[test]
fn every_error_is_json_with_the_contract_status() {
    let t = news_dir();
    let s = Server::start(t.path(), &t.index(), &["--quiet", "--max-body", "2000"], &[]);
    let cases: &[(&str, u16, &str)] = &[
        // The query language's own messages (its module words them): a 400 naming something.
        ("/api/search?q=%22unbalanced", 400, ""),
        ("/api/search?q=(harbour", 400, ""),
        ("/api/search?q=", 400, ""),
        ("/api/search?q=harbour&limit=1000", 400, "limit"),
        ("/api/search?q=harbour&offset=x", 400, "offset"),
        ("/api/search?q=harbour&sort=size", 400, "sort"),
        ("/api/search?q=harbour&since=not-a-date", 400, "since"),
        ("/api/search?q=harbour&since=2023-05-01&until=2023-01-01", 400, "after"),
        ("/api/search?q=harbour&kind=animal", 400, "kind"),
        ("/api/search?q=harbour&colour=red", 400, "colour"),
        ("/api/search?q=harbour&facets=maybe", 400, "facets"),
        ("/api/timeline?q=harbour&interval=year", 400, "interval"),
        ("/api/timeline?q=harbour&split=mood", 400, "split"),
        ("/api/names?kind=animal", 400, "kind"),
        ("/api/stats?top=x", 400, "top"),
        ("/api/articles/no-such-article", 404, "no-such-article"),
        ("/api/nothing-here", 404, "no such path"),
        ("/assets/..%2F..%2FCargo.toml", 404, "asset"),
        ("/assets/app.js.map", 404, "asset"),
        ("/../Cargo.toml", 404, "no such path"),
    ];
    for (path, status, needle) in cases {
        let r = s.get(path);
        assert_eq!(r.status, *status, "GET {path}: {}", r.text());
        assert_eq!(r.header("content-type"), Some("application/json"), "GET {path}");
        let msg = r.json()["error"]
            .as_str()
            .unwrap_or_else(|| panic!("GET {path}: {}", r.text()))
            .to_string();
        assert!(
            !msg.is_empty() && msg.contains(needle),
            "GET {path}: {msg:?} should mention {needle:?}"
        );
    }
    let long = "a".repeat(2_001);
    let r = s.get(&format!("/api/search?q={long}"));
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("longer"));

    let r = request(s.addr, "DELETE", "/api/stats", &[], b"");
    assert_eq!(r.status, 405);
    assert!(r.json()["error"].is_string());

    // Writes are off without a token: 401, whatever the request says.
    let r = request(s.addr, "POST", "/api/articles", &[("Authorization", "Bearer x")], b"{}");
    assert_eq!(r.status, 401);
    assert!(r.json()["error"].as_str().unwrap().contains("read-only"));
}

const ARTICLE: &str = r#"{"id": "posted-1", "title": "Posted", "date": "2023-05-05", "text": "“Tides are rising,” said Nora Berg.\n\nThe tide tables were posted."}"#;

#[test]
fn post_articles_needs_the_token_and_ingests_at_once() {
    let t = news_dir();
    let s = Server::start(
        t.path(),
        &t.index(),
        &["--quiet", "--max-body", "4000"],
        &[("WHOSAID_WRITE_TOKEN", "s3cret-token")],
    );
    let post = |auth: Option<&str>, ct: &str, body: &[u8]| {
        let mut h = vec![("Content-Type", ct)];
        let bearer = auth.map(|a| format!("Bearer {a}"));
        if let Some(b) = &bearer {
            h.push(("Authorization", b));
        }
        request(s.addr, "POST", "/api/articles", &h, body)
    };
    let r = post(None, "application/json", ARTICLE.as_bytes());
    assert_eq!(r.status, 401, "{}", r.text());
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    let r = post(Some("s3cret-tokeN"), "application/json", ARTICLE.as_bytes());
    assert_eq!(r.status, 401);
    assert_eq!(r.json()["error"], "wrong write token");

    let r = post(Some("s3cret-token"), "application/json", ARTICLE.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    let sum = r.json();
    assert_eq!((sum["added"].as_u64(), sum["rejected"].as_u64()), (Some(1), Some(0)));
    // Searchable as soon as the POST has answered.
    let hits = s.json("/api/search?q=tides");
    assert_eq!(hits["total"], 2, "both paragraphs speak of tides: {hits}");
    let speakers: Vec<&Value> =
        hits["hits"].as_array().unwrap().iter().map(|h| &h["speakers"]).collect();
    assert!(speakers.contains(&&json!(["Nora Berg"])), "{hits}");
    // The same again: unchanged, as `ingest --json` counts it.
    let r = post(Some("s3cret-token"), "application/json", ARTICLE.as_bytes());
    assert_eq!(r.json()["unchanged"], 1);

    // NDJSON with one bad line: the good one is indexed, the bad one named with its line.
    let nd = format!(
        "{}\n{{\"title\": \"no text\"}}\n",
        ARTICLE.replace("posted-1", "posted-2").replace("Tides", "Waves")
    );
    let r = post(Some("s3cret-token"), "application/x-ndjson", nd.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    let sum = r.json();
    assert_eq!(sum["added"], 1);
    assert_eq!(sum["rejected"], 1);
    let rej = &sum["rejected_inputs"][0];
    assert_eq!(rej["line"], 2);
    assert!(rej["reason"].as_str().unwrap().contains("no \"text\""), "{rej}");

    // Nothing usable: 400, with the summary and an error.
    let r = post(Some("s3cret-token"), "application/json", b"[{\"title\": 5, \"text\": \"x\"}]");
    assert_eq!(r.status, 400, "{}", r.text());
    let v = r.json();
    assert!(v["error"].as_str().unwrap().contains("title"), "{v}");
    assert_eq!(v["rejected"], 1);
    let r = post(Some("s3cret-token"), "application/json", b"not json at all");
    assert_eq!(r.status, 400);
    let r = post(Some("s3cret-token"), "text/html", b"<p>x</p>");
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap().contains("Content-Type"));

    // 413: declared too large, and sent too large without a declared length.
    let big = format!("{{\"text\": \"{}\"}}", "word ".repeat(2000));
    let r = post(Some("s3cret-token"), "application/json", big.as_bytes());
    assert_eq!(r.status, 413, "{}", r.text());
    assert!(r.json()["error"].as_str().unwrap().contains("4000"));
    let chunk = format!("{{\"text\": \"{}\"}}", "word ".repeat(1000));
    let chunked =
        format!("{:x}\r\n{chunk}\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n", chunk.len(), chunk.len());
    let r = request(
        s.addr,
        "POST",
        "/api/articles",
        &[
            ("Authorization", "Bearer s3cret-token"),
            ("Content-Type", "application/json"),
            ("Transfer-Encoding", "chunked"),
        ],
        chunked.as_bytes(),
    );
    assert_eq!(r.status, 413, "{}", r.text());

    // Another process holding the index writer: 503 with Retry-After.
    let index = whosaid::index::Index::open(&t.index()).unwrap();
    let writer = whosaid::index::writer::Writer::open(
        &index,
        whosaid::index::writer::WriterOptions::default(),
    )
    .unwrap();
    let r = post(
        Some("s3cret-token"),
        "application/json",
        ARTICLE.replace("posted-1", "posted-3").as_bytes(),
    );
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(r.header("retry-after"), Some("1"));
    assert!(r.json()["error"].as_str().unwrap().contains("busy"));
    drop(writer);
}

#[test]
fn another_process_commit_is_seen_without_restart() {
    let t = news_dir();
    let s = Server::start(t.path(), &t.index(), &["--quiet"], &[]);
    assert_eq!(s.json("/api/search?q=lighthouse&limit=0")["total"], 0);
    t.write(
        "more.jsonl",
        r#"{"id": "lh", "title": "Lighthouse", "text": "The lighthouse keeper retired."}"#,
    );
    assert_eq!(t.ingest(&["more.jsonl"]).status.code(), Some(0));
    // Bounded wait (tantivy polls the index every half second; at most 10 s here).
    let mut seen = 0;
    for _ in 0..100 {
        seen = s.json("/api/search?q=lighthouse&limit=0")["total"].as_u64().unwrap();
        if seen == 1 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(seen, 1, "the server never saw the other process's commit");
}

#[test]
fn too_many_at_once_and_out_of_time() {
    let t = news_dir();
    // One request at a time: a POST whose body never comes holds the only slot.
    let s = Server::start(
        t.path(),
        &t.index(),
        &["--max-concurrent", "1"],
        &[("WHOSAID_WRITE_TOKEN", "tok")],
    );
    use std::io::Write;
    let stall = || {
        let mut c = std::net::TcpStream::connect(s.addr).unwrap();
        c.write_all(
            b"POST /api/articles HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok\r\n\
              Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
        )
        .unwrap();
        c
    };
    let mut stalled = stall();
    let mut r = s.get("/");
    // Bounded: until a search finds the slot taken. A stalled POST that lost the race for
    // the slot (to the previous search) has been answered already, and is sent again.
    for _ in 0..50 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        stalled.set_nonblocking(true).unwrap();
        let answered = matches!(stalled.peek(&mut [0u8; 1]), Ok(n) if n > 0);
        stalled.set_nonblocking(false).unwrap();
        if answered {
            stalled = stall();
            continue;
        }
        r = s.get("/api/stats");
        if r.status == 429 {
            break;
        }
    }
    assert_eq!(r.status, 429, "{}; log: {:?}", r.text(), s.log());
    assert_eq!(r.header("retry-after"), Some("1"));
    assert!(r.json()["error"].as_str().unwrap().contains("too many"));
    // The page itself needs no slot.
    assert_eq!(s.get("/").status, 200);
    drop(stalled);

    // A timeout of zero: every search runs out of time.
    let s = Server::start(t.path(), &t.index(), &["--quiet", "--timeout", "0"], &[]);
    let r = s.get("/api/search?q=harbour");
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(r.header("retry-after"), Some("1"));
    assert!(r.json()["error"].as_str().unwrap().contains("out of time"));
    let r = s.get("/api/timeline?q=harbour&split=speaker");
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(r.header("retry-after"), Some("1"));
    // A search that stopped at its deadline leaves the server serving.
    assert_eq!(s.get("/").status, 200);
}

#[test]
fn page_assets_openapi_headers_log_and_shutdown() {
    let t = news_dir();
    let s = Server::start(t.path(), &t.index(), &[], &[]);
    let page = s.get("/?q=harbour");
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").unwrap().starts_with("text/html"));
    assert!(page.text().contains("<script src=\"/assets/app.js\""));
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert!(page.header("access-control-allow-origin").is_none(), "CORS is off by default");
    for (asset, ct) in [("app.js", "text/javascript"), ("app.css", "text/css")] {
        let r = s.get(&format!("/assets/{asset}"));
        assert_eq!(r.status, 200);
        assert!(r.header("content-type").unwrap().starts_with(ct));
    }
    let api = s.json("/api/openapi.json");
    assert!(api["openapi"].as_str().unwrap().starts_with("3."));
    assert!(api["paths"]["/api/timeline"]["get"].is_object());

    // The time the server spent, in milliseconds, for load runs to set against the network's.
    let search = s.get("/api/search?q=harbour&facets=true");
    let timing = search.header("server-timing").expect("a Server-Timing header");
    let ms: f64 = timing
        .strip_prefix("app;dur=")
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(|| panic!("Server-Timing {timing:?}"));
    assert!(ms > 0.0 && ms < 60_000.0, "{timing}");

    let _ = s.json("/api/stats");
    assert!(
        s.logged(|l| l.starts_with("GET /api/stats 200 ") && l.ends_with("ms")),
        "no request line in {:?}",
        s.log()
    );

    // SIGTERM: a clean exit.
    let mut s = s;
    unsafe { libc::kill(s.child.id() as i32, libc::SIGTERM) };
    let mut status = None;
    for _ in 0..100 {
        if let Some(st) = s.child.try_wait().unwrap() {
            status = Some(st);
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(status.and_then(|s| s.code()), Some(0), "serve did not stop on SIGTERM");
    assert!(s.logged(|l| l.contains("shutting down")), "{:?}", s.log());

    // --quiet: no request lines; --cors: the one origin.
    let s =
        Server::start(t.path(), &t.index(), &["--quiet", "--cors", "http://localhost:3000"], &[]);
    let r = s.get("/api/stats");
    assert_eq!(r.header("access-control-allow-origin"), Some("http://localhost:3000"));
    let pre =
        request(s.addr, "OPTIONS", "/api/search", &[("Origin", "http://localhost:3000")], b"");
    assert_eq!(pre.status, 204);
    assert!(pre.header("access-control-allow-methods").unwrap().contains("GET"));
    assert!(s.log().iter().all(|l| !l.starts_with("GET ")), "{:?}", s.log());
}
