//! The web page in headless Chromium, driven through WebDriver (Debian's `chromium` and
//! `chromium-driver`): search, facets, the URL, the timeline, the article view, and article
//! text that tries to run script. Without a browser the tests skip with a message, except
//! under `CI`, where they fail.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

use crate::http::{Server, request, try_request};
use crate::serve::news_dir;
use crate::util::*;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A chromedriver the test started, with one browser session.
struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
    _profile: tempfile::TempDir,
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|n| std::env::split_paths(&path).map(|d| d.join(n)).find(|p| p.is_file()))
}

impl Browser {
    /// Start chromedriver and a headless Chromium; None (after a message) when neither is
    /// installed outside CI.
    fn start() -> Option<Browser> {
        let driver = find_program(&["chromedriver"]);
        let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"]);
        let (Some(driver), Some(chromium)) = (driver, chromium) else {
            if std::env::var_os("CI").is_some() {
                panic!(
                    "CI: the browser tests need chromium and chromedriver (apt-get install chromium chromium-driver)"
                );
            }
            eprintln!(
                "skipped: no chromium/chromedriver installed (apt-get install chromium chromium-driver)"
            );
            return None;
        };
        // The port is picked free and then handed to chromedriver, so another process may take
        // it first; and a starting chromedriver may accept and then reset a connection. So poll
        // without panicking, and start a new driver on a new port if one does not come up.
        let profile = tempfile::tempdir().unwrap();
        let mut started = None;
        for _attempt in 0..3 {
            let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
            let mut child = Command::new(&driver)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start chromedriver");
            if driver_ready(&mut child, addr) {
                started = Some((child, addr));
                break;
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        let (child, addr) = started.expect("chromedriver did not start in 3 attempts");
        let mut b = Browser { driver: child, addr, session: String::new(), _profile: profile };
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.to_string_lossy(),
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", "--window-size=1280,1000",
                         format!("--user-data-dir={}", b._profile.path().display())]
            }
        }}});
        let v = b.raw("POST", "/session", caps);
        b.session = v["sessionId"].as_str().expect("a session id").to_string();
        Some(b)
    }

    fn raw(&self, method: &str, path: &str, body: Value) -> Value {
        let data = if method == "GET" { Vec::new() } else { body.to_string().into_bytes() };
        let r = request(
            self.addr,
            method,
            path,
            &[("Content-Type", "application/json; charset=utf-8")],
            &data,
        );
        let v = r.json();
        assert!(r.status == 200, "WebDriver {method} {path}: {}", r.text());
        v["value"].clone()
    }

    fn cmd(&self, method: &str, path: &str, body: Value) -> Value {
        self.raw(method, &format!("/session/{}{path}", self.session), body)
    }

    fn goto(&self, url: &str) {
        self.cmd("POST", "/url", json!({ "url": url }));
    }

    /// Run a script in the page (a function body; `arguments` holds `args`).
    fn exec(&self, script: &str, args: Value) -> Value {
        self.cmd("POST", "/execute/sync", json!({ "script": script, "args": args }))
    }

    /// Wait (at most 15 s) until `condition`, a JavaScript expression, is true.
    fn wait(&self, condition: &str) {
        for _ in 0..150 {
            if self.exec(&format!("return Boolean({condition});"), json!([])) == true {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let body = self.exec("return document.body.innerText.slice(0, 2000);", json!([]));
        panic!("timed out waiting for {condition}; the page shows: {body}");
    }

    /// Click the element a script returns.
    fn click(&self, script: &str) {
        let el = self.exec(script, json!([]));
        let id = el[ELEMENT].as_str().unwrap_or_else(|| panic!("{script} found no element: {el}"));
        self.cmd("POST", &format!("/element/{id}/click"), json!({}));
    }

    /// Type into the element a CSS selector finds.
    fn type_into(&self, css: &str, text: &str) {
        let el = self.cmd("POST", "/element", json!({"using": "css selector", "value": css}));
        let id = el[ELEMENT].as_str().unwrap().to_string();
        self.cmd("POST", &format!("/element/{id}/clear"), json!({}));
        self.cmd("POST", &format!("/element/{id}/value"), json!({ "text": text }));
    }

    fn screenshot(&self, to: &Path) {
        let b64 = self.cmd("GET", "/screenshot", json!({}));
        std::fs::write(to, base64_decode(b64.as_str().unwrap())).unwrap();
    }

    fn text(&self, script: &str) -> String {
        self.exec(script, json!([])).as_str().unwrap_or("").to_string()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ =
                try_request(self.addr, "DELETE", &format!("/session/{}", self.session), &[], b"");
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Whether a just-started chromedriver answers `/status` as ready within 10 s (false at once
/// if it exited, for example because its port was taken).
fn driver_ready(child: &mut Child, addr: SocketAddr) -> bool {
    for _ in 0..100 {
        if !matches!(child.try_wait(), Ok(None)) {
            return false;
        }
        let ready = try_request(addr, "GET", "/status", &[], b"").is_ok_and(|r| {
            r.status == 200
                && serde_json::from_slice::<Value>(&r.body)
                    .is_ok_and(|v| v["value"]["ready"] == true)
        });
        if ready {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => 0,
    };
    let bytes: Vec<u8> = s.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    for chunk in bytes.chunks(4) {
        let n = chunk.iter().take_while(|&&c| c != b'=').count();
        let v = chunk.iter().take(n).fold(0u32, |acc, &c| (acc << 6) | u32::from(val(c)))
            << (6 * (4 - n as u32));
        out.extend_from_slice(&v.to_be_bytes()[1..n.max(1)]);
    }
    out
}

/// Where screenshots go (kept for a person to look at).
fn shots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn search_facet_url_timeline_and_article() {
    let Some(b) = Browser::start() else { return };
    let t = news_dir();
    let s = Server::start(t.path(), &t.index(), &["--quiet"], &[]);
    let base = format!("http://{}", s.addr);

    // `/?q=TEXT` opens with that search run, the timeline drawn.
    b.goto(&format!("{base}/?q=harbour"));
    b.wait("document.querySelectorAll('#results .hit').length === 9 || document.querySelectorAll('#results .hit').length === 10");
    b.wait("document.querySelectorAll('#chart svg rect.bar').length === 2");
    assert_eq!(b.text("return document.getElementById('status').textContent;"), "9 paragraphs");
    b.wait("document.querySelectorAll('#chart polyline.series').length >= 2");
    let shot = shots().join("search-harbour.png");
    b.screenshot(&shot);
    eprintln!("screenshot: {}", shot.display());

    // A speaker facet: the URL and the results follow.
    b.click(
        "return [...document.querySelectorAll('#facets button.facet.speaker')]\
         .find(e => e.querySelector('.name').textContent === 'Maria Olsen');",
    );
    b.wait("location.search.includes('speaker=Maria+Olsen')");
    b.wait("document.getElementById('status').textContent === '2 paragraphs'");
    let speakers = b.exec(
        "return [...document.querySelectorAll('#results .hit')].map(h => \
         [...h.querySelectorAll('.chip.speaker')].map(c => c.textContent).join('|'));",
        json!([]),
    );
    assert_eq!(speakers, json!(["“” Maria Olsen", "“” Maria Olsen"]));
    assert!(
        b.text("return document.getElementById('filters').textContent;")
            .contains("speaker: Maria Olsen")
    );

    // Back: the unfiltered search again.
    b.cmd("POST", "/back", json!({}));
    b.wait("!location.search.includes('speaker=')");
    b.wait("document.getElementById('status').textContent === '9 paragraphs'");

    // A timeline bar keeps its month.
    b.click("return document.querySelectorAll('#chart svg rect.bar')[1];");
    b.wait("location.search.includes('since=2023-04-01') && location.search.includes('until=2023-04-30')");
    b.wait("document.getElementById('status').textContent === '2 paragraphs'");
    let dates = b.exec(
        "return [...document.querySelectorAll('#results .hit time')].map(t => t.textContent);",
        json!([]),
    );
    assert_eq!(dates, json!(["2023-04-11", "2023-04-11"]));

    // The search box takes the query syntax.
    b.type_into("#q", "\"ferry crews\" -strike\u{E007}");
    b.wait("new URLSearchParams(location.search).get('q') === '\"ferry crews\" -strike'");

    // An article: its paragraphs, the quote marked with its speaker.
    b.goto(&format!("{base}/?q=cranes"));
    b.wait("document.querySelectorAll('#results .hit').length >= 1");
    b.click("return document.querySelector('#results .hit a.title');");
    b.wait("document.querySelectorAll('#article mark.quote').length >= 1");
    assert_eq!(
        b.text("return document.querySelector('#article h1').textContent;"),
        "Harbour cranes return"
    );
    let quote = b.text("return document.querySelector('#article mark.quote').textContent;");
    assert!(quote.contains("The cranes are back"), "{quote}");
    assert_eq!(
        b.text("return document.querySelector('#article .who').textContent;"),
        "Maria Olsen"
    );
    assert_eq!(
        b.text("return document.querySelector('#article .meta a').getAttribute('href');"),
        "https://example.org/harbour-1"
    );
    b.screenshot(&shots().join("article.png"));
}

/// Articles whose every field tries to run script; each payload would set `window.__xss` or
/// change the page's title.
const HOSTILE: &str = r#"{"id": "x1", "title": "</title><script>window.__xss=1</script><img src=x onerror=\"window.__xss=2\"> Tidal report", "date": "2024-02-02", "source": "<img src=x onerror=\"document.title='pwned'\">Evil Source", "url": "javascript:window.__xss=3", "text": "“Tidal power is <script>window.__xss=4</script> coming,” said Nina <b onmouseover=\"window.__xss=5\">Hart</b>.\n\nTidal plants </b><script>window.__xss=6</script><b> and <svg onload=\"window.__xss=7\"></svg> and ]]> <!-- and </textarea><img src=x onerror=\"window.__xss=8\"> grow."}
{"id": "x2", "title": "Tidal <iframe src=\"javascript:window.top.__xss=9\"></iframe> news", "date": "2024-02-03", "source": "Plain", "url": "https://example.org/\"><script>window.__xss=10</script>", "text": "“Tidal <img src=x onerror=\"window.__xss=11\"> energy,” said Omar <script>window.__xss=12</script> Reyes.\n\nThe tidal <a href=\"javascript:window.__xss=13\">link</a> test."}
"#;

#[test]
fn article_text_never_runs_as_script() {
    let Some(b) = Browser::start() else { return };
    let t = TestDir::new();
    t.write("hostile.jsonl", HOSTILE);
    let out = t.ingest(&["hostile.jsonl"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let s = Server::start(t.path(), &t.index(), &["--quiet"], &[]);
    let base = format!("http://{}", s.addr);

    // Results, facets (the hostile source among them), timeline.
    b.goto(&format!("{base}/?q=tidal"));
    b.wait("document.querySelectorAll('#results .hit').length >= 3");
    b.wait("document.querySelectorAll('#chart svg rect.bar').length >= 1");
    let facets = b.text("return document.getElementById('facets').textContent;");
    assert!(
        facets.contains("<img src=x onerror=\"document.title='pwned'\">Evil Source"),
        "{facets}"
    );
    // Filter by the hostile source, then open each article.
    b.click(
        "return [...document.querySelectorAll('#facets button.facet.source')]\
         .find(e => e.textContent.includes('Evil Source'));",
    );
    b.wait("document.getElementById('filters').textContent.includes('Evil Source')");
    b.wait("document.querySelectorAll('#results .hit').length >= 1");
    for id in ["x1", "x2"] {
        b.goto(&format!("{base}/?q=tidal&article={id}"));
        b.wait("document.querySelectorAll('#article .para').length >= 2");
    }
    b.goto(&format!("{base}/?q=tidal"));
    b.wait("document.querySelectorAll('#results .hit').length >= 3");
    std::thread::sleep(Duration::from_millis(300));

    let state = b.exec(
        "return {xss: window.__xss === undefined ? null : window.__xss, title: document.title,
                 injected: document.querySelectorAll('#main img, #main script, #main iframe, #main svg[onload], #main [onerror], #main [onmouseover]').length,
                 jsLinks: [...document.querySelectorAll('a')].filter(a => /^\\s*javascript:/i.test(a.getAttribute('href') || '')).length,
                 bold: [...document.querySelectorAll('#results .snippet *')].map(e => e.tagName).filter(t => t !== 'B').length,
                 text: document.getElementById('results').textContent};",
        json!([]),
    );
    assert_eq!(state["xss"], Value::Null, "a payload ran: {state}");
    assert_eq!(state["title"], "tidal · whosaid");
    assert_eq!(state["injected"], 0, "markup from an article became elements: {state}");
    assert_eq!(state["jsLinks"], 0);
    assert_eq!(state["bold"], 0, "a snippet holds a tag other than <b>");
    let text = state["text"].as_str().unwrap();
    assert!(
        text.contains("</title><script>window.__xss=1</script>"),
        "titles show as text: {text}"
    );

    // The article view of x1: the javascript: URL is no link at all.
    b.goto(&format!("{base}/?article=x1"));
    b.wait("document.querySelectorAll('#article .para').length >= 2");
    let state = b.exec(
        "return {xss: window.__xss === undefined ? null : window.__xss, title: document.title,
                 links: document.querySelectorAll('#article a').length,
                 injected: document.querySelectorAll('#article img, #article script, #article svg, #article b').length,
                 h1: document.querySelector('#article h1').textContent};",
        json!([]),
    );
    assert_eq!(state["xss"], Value::Null, "{state}");
    assert_eq!(state["links"], 0, "{state}");
    assert_eq!(state["injected"], 0, "{state}");
    assert!(state["h1"].as_str().unwrap().starts_with("</title><script>"));
    b.screenshot(&shots().join("hostile.png"));
}
