//! `whosaid follow` against feeds served by a test server on 127.0.0.1.

use std::time::Duration;

use serde_json::Value;

use crate::http_fixture::{Route, Server};
use crate::util::{TestDir, stderr};

fn page(title: &str, body: &str) -> String {
    let paras: String = body.split("\n\n").map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<!doctype html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paras}</article></body></html>"
    )
}

const STORY_A: &str = "The harbour authority said on Monday that the new cranes would double the port's capacity.\n\n\
\"We have waited ten years for this,\" said Maria Lopez, who runs the dockworkers' union.\n\n\
Shipping firms welcomed the plan, and the first vessels are expected in the spring.";
const STORY_B: &str = "Farmers in the valley reported the driest summer in decades, with wells running low.\n\n\
\"The river has never been this thin,\" said Tomas Berg, an orchard grower of apples.\n\n\
The regional council will meet next week to discuss emergency water rules for the area.";

fn rss(server: &Server) -> String {
    format!(
        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title><link>{site}</link>
<item><title>Cranes for the port</title><link>{a}</link><pubDate>Tue, 02 Sep 2025 10:00:00 +0000</pubDate><description>short</description></item>
<item><title>A dry summer</title><link>{b}</link><pubDate>Wed, 03 Sep 2025 08:30:00 +0000</pubDate></item>
</channel></rss>"#,
        site = server.url("/"),
        a = server.url("/news/cranes"),
        b = server.url("/news/dry"),
    )
}

fn atom_full(server: &Server) -> String {
    let long: String = (0..12)
        .map(|i| format!("<p>Paragraph {i} of the council's budget report, which the mayor, Ana Ruiz, said would fund libraries and buses.</p>"))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>City Desk</title><id>urn:city</id><updated>2025-09-04T00:00:00Z</updated>
<entry><title>The budget</title><id>urn:budget</id><link href="{link}"/><published>2025-09-04T09:00:00Z</published><updated>2025-09-04T09:00:00Z</updated>
<content type="html"><![CDATA[{long}]]></content></entry></feed>"#,
        link = server.url("/never-fetched/budget"),
    )
}

fn json_feed(server: &Server) -> String {
    serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Mountain Post",
        "items": [{"id": "m1", "url": server.url("/news/pass"), "title": "The pass reopens",
                   "date_published": "2025-09-05T12:00:00Z"}]
    })
    .to_string()
}

fn serve_fixtures(server: &Server) {
    server.route("/rss.xml", Route::ok("application/rss+xml", rss(server)).with_etag("\"r1\""));
    server.route(
        "/atom.xml",
        Route::ok("application/atom+xml", atom_full(server)).with_etag("\"a1\""),
    );
    server.route(
        "/feed.json",
        Route::ok("application/feed+json", json_feed(server)).with_etag("\"j1\""),
    );
    server.route("/news/cranes", Route::ok("text/html", page("Cranes for the port", STORY_A)));
    server.route("/news/dry", Route::ok("text/html", page("A dry summer", STORY_B)));
    server.route(
        "/news/pass",
        Route::ok("text/html", page("The pass reopens", &STORY_A.replace("harbour", "mountain"))),
    );
}

fn hits(t: &TestDir, q: &str) -> Vec<Value> {
    let v = t.json(&["query", q, "--any", "--json", "--limit", "50"]);
    v["hits"].as_array().unwrap().clone()
}

#[test]
fn every_entry_indexed_once_then_only_conditional_requests() {
    let server = Server::start();
    serve_fixtures(&server);
    let t = TestDir::new();
    let feeds = [server.url("/rss.xml"), server.url("/atom.xml"), server.url("/feed.json")];
    let list = t.write("feeds.txt", format!("# my feeds\n{}\n\n{}\n", feeds[0], feeds[1]));
    let out = t.run(&[
        "follow",
        list.to_str().unwrap(),
        &feeds[2],
        "--once",
        "--host-delay",
        "0.3",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pass: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(pass["added"], 4, "{pass}");
    assert_eq!(pass["pages"], 3, "the Atom entry carries its full text: {pass}");
    assert_eq!(server.count("/never-fetched/budget"), 0);

    // Each entry is one article under its link, with the entry's date and the feed's name.
    for (word, link, date, source) in [
        ("cranes", "/news/cranes", "2025-09-02", "Harbour Gazette"),
        ("orchard apples grower", "/news/dry", "2025-09-03", "Harbour Gazette"),
        ("libraries", "/never-fetched/budget", "2025-09-04", "City Desk"),
        ("mountain", "/news/pass", "2025-09-05", "Mountain Post"),
    ] {
        let found = hits(&t, word);
        let mine: Vec<&Value> =
            found.iter().filter(|h| h["article_id"] == server.url(link)).collect();
        assert!(!mine.is_empty(), "{word}: {found:?}");
        for h in mine {
            assert_eq!((&h["date"], &h["source"]), (&date.into(), &source.into()), "{h}");
            assert_eq!(h["url"], server.url(link));
        }
    }
    // Politeness: one host, so every two requests are at least the pause apart.
    let log = server.requests();
    for w in log.windows(2) {
        let gap = w[1].at.duration_since(w[0].at);
        assert!(
            gap >= Duration::from_millis(280),
            "{} then {} after {gap:?}",
            w[0].path,
            w[1].path
        );
    }

    // A second process: nothing new, so only the three feeds are asked, conditionally.
    let before = log.len();
    let out = t.run(&[
        "follow",
        &feeds[0],
        &feeds[1],
        &feeds[2],
        "--once",
        "--host-delay",
        "0",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pass: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (pass["added"].as_u64(), pass["not_modified"].as_u64()),
        (Some(0), Some(3)),
        "{pass}"
    );
    let again = &server.requests()[before..];
    assert_eq!(again.len(), 3, "{again:?}");
    assert!(again.iter().all(|r| r.headers.contains_key("if-none-match")), "{again:?}");
    assert_eq!(t.json(&["stats", "--json"])["articles"], 4);
}

#[test]
fn bad_feeds_are_named_backed_off_and_the_good_one_still_indexed() {
    let server = Server::start();
    serve_fixtures(&server);
    server.route("/500.xml", Route::status(500, &[]));
    server.route("/429.xml", Route::status(429, &[("Retry-After", "120")]));
    server
        .route("/broken.xml", Route::ok("application/rss+xml", "<rss><channel><item><title>oops"));
    server.route("/loop.xml", Route::status(302, &[("Location", "/loop.xml")]));
    let mut slow = Route::ok("application/rss+xml", rss(&server));
    slow.stall = Duration::from_secs(4);
    server.route("/slow.xml", slow);
    let big_entry = format!(
        r#"<rss version="2.0"><channel><title>Big</title><item><title>Huge</title><link>{}</link></item></channel></rss>"#,
        server.url("/huge.html")
    );
    server.route("/big.xml", Route::ok("application/rss+xml", big_entry));
    server.route("/huge.html", Route::ok("text/html", vec![b'a'; 6 << 20]));
    let busy_entry = format!(
        r#"<rss version="2.0"><channel><title>Busy</title><item><title>Later</title><link>{}</link></item></channel></rss>"#,
        server.url("/busy.html")
    );
    server.route("/busy.xml", Route::ok("application/rss+xml", busy_entry));
    server.route("/busy.html", Route::status(503, &[("Retry-After", "300")]));
    let t = TestDir::new();
    let mut args = vec!["follow".to_string()];
    // The 503 page comes last: it makes the (one) host wait for its pages.
    for p in [
        "/500.xml",
        "/429.xml",
        "/broken.xml",
        "/loop.xml",
        "/slow.xml",
        "/big.xml",
        "/rss.xml",
        "/busy.xml",
    ] {
        args.push(server.url(p));
    }
    args.push("file:///etc/passwd".into());
    args.extend(["--once", "--host-delay", "0", "--timeout", "1"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = t.run(&args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    for (path, why) in [
        ("/500.xml", "HTTP 500"),
        ("/429.xml", "HTTP 429; asked again after 120 s"),
        ("/broken.xml", "not a feed"),
        ("/loop.xml", "redirect"),
        ("/slow.xml", "timed out"),
        ("/huge.html", "larger than"),
        ("/busy.html", "HTTP 503; the host is asked again after 300 s"),
    ] {
        let url = server.url(path);
        assert!(err.lines().any(|l| l.contains(&url) && l.contains(why)), "{path}: {why}\n{err}");
    }
    assert!(err.contains("file:///etc/passwd: only http and https URLs are fetched"), "{err}");
    assert_eq!(t.json(&["stats", "--json"])["articles"], 2, "the good feed's two entries: {err}");

    // Right away again: the failed feeds back off and are not asked; the huge page is.
    let counts: Vec<usize> =
        ["/500.xml", "/429.xml", "/broken.xml"].iter().map(|p| server.count(p)).collect();
    let out = t.run(&args);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let again: Vec<usize> =
        ["/500.xml", "/429.xml", "/broken.xml"].iter().map(|p| server.count(p)).collect();
    assert_eq!(counts, again, "{}", stderr(&out));
    assert_eq!(server.count("/busy.html"), 1, "the host said to wait 300 s: {}", stderr(&out));
    assert_eq!(server.count("/huge.html"), 1, "pages of that host wait too");
    assert!(stderr(&out).contains("backing off"), "{}", stderr(&out));
}

/// A child process killed and reaped when dropped (also when the test panics).
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn without_once_it_polls_every_interval_until_ctrl_c() {
    let server = Server::start();
    serve_fixtures(&server);
    let t = TestDir::new();
    let mut child = Running(
        std::process::Command::new(env!("CARGO_BIN_EXE_whosaid"))
            .current_dir(t.path())
            .args([
                "follow",
                &server.url("/rss.xml"),
                "--interval",
                "1s",
                "--host-delay",
                "0",
                "--index",
            ])
            .arg(t.index())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
    );
    let end = std::time::Instant::now() + Duration::from_secs(60);
    while server.count("/rss.xml") < 3 && std::time::Instant::now() < end {
        std::thread::sleep(Duration::from_millis(100));
    }
    unsafe { libc::kill(child.0.id() as i32, libc::SIGINT) };
    let mut status = None;
    while status.is_none() && std::time::Instant::now() < end {
        status = child.0.try_wait().unwrap();
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(status.and_then(|s| s.code()), Some(0));
    assert!(server.count("/rss.xml") >= 3, "three passes");
    assert_eq!(server.count("/news/cranes"), 1, "each page fetched once over all passes");
    assert_eq!(t.json(&["stats", "--json"])["articles"], 2);
}
