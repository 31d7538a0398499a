//! `push` against a small HTTP server on 127.0.0.1 that answers as the engines' published
//! shapes say (tests/data/engines/, sources cited in its README): success, per-item failure,
//! 413, 429 with Retry-After, 503, connections dropped mid-batch. Every test checks what
//! reached the "engine": nothing lost, nothing indexed twice (OpenSearch: distinct `_id`s;
//! Quickwit, which has no document id: what a re-sent batch does, as documented).
//! Every loop is bounded in count and time.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::util::*;

const A1: &str = r#"{"id": "fx-1", "title": "Harbour plan approved", "date": "2024-03-05", "source": "Fixture Gazette", "url": "https://example.org/fx-1", "text": "The council approved the harbour plan on Tuesday.\n\n“This is a great day for the town,” said Mayor Helen Carter.\n\nHelen Carter said the harbour would be built by spring, while Tom Briggs said it would not.\n\nBriggs said the plan would cost the town too much money."}"#;
const A2: &str = r#"{"id": "fx-2", "title": "River clean-up finished", "date": "2024-04-11", "source": "Fixture Gazette", "url": "https://example.org/fx-2", "text": "Volunteers finished the river clean-up in Lindford on Saturday.\n\n“The water is clean again,” said Helen Carter, who joined the volunteers.\n\nThe Lindford Rowing Club thanked everyone.\n\nThe next clean-up is planned for the autumn.\n\nA picnic followed."}"#;

/// Longest a test server lives.
const SERVER_LIFETIME: Duration = Duration::from_secs(60);
/// Most requests a test server answers.
const MAX_REQUESTS: usize = 100;

fn fixture(name: &str) -> Value {
    let p = repo().join("tests/data/engines").join(name);
    serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap()
}

/// How the server answers one request (by its position; requests past the script get `Ok`).
#[derive(Clone, Debug)]
enum Step {
    /// The engine's success answer; the documents are stored.
    Ok,
    /// OpenSearch: these positions of the batch fail (the published item error); the rest stored.
    ItemErrors(Vec<usize>),
    /// OpenSearch: these positions are refused with an item 429; the rest stored.
    Item429(Vec<usize>),
    /// Quickwit v2 answer with these positions rejected as parse failures; the rest stored.
    ParseFailures(Vec<usize>),
    /// Answer this status (with Retry-After seconds); nothing stored.
    Status(u16, Option<u64>),
    /// Read half the body, then close without an answer; nothing stored.
    DropMidBody,
    /// Read the whole body, store it, then close without an answer.
    DropAfterBody,
}

#[derive(Clone, Debug)]
struct Request {
    path: String,
    content_type: String,
    body: String,
}

struct Engine {
    port: u16,
    requests: Arc<Mutex<Vec<Request>>>,
    /// Documents the engine holds: (id, document), in arrival order (duplicates kept).
    stored: Arc<Mutex<Vec<(String, Value)>>>,
    stop: Arc<Mutex<bool>>,
    thread: Option<JoinHandle<()>>,
}

impl Engine {
    fn start(opensearch: bool, script: Vec<Step>) -> Engine {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stored = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(Mutex::new(false));
        let (rq, st, sp) = (requests.clone(), stored.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            let mut n = 0;
            while n < MAX_REQUESTS && started.elapsed() < SERVER_LIFETIME && !*sp.lock().unwrap() {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let step = script.get(n).cloned().unwrap_or(Step::Ok);
                        n += 1;
                        serve(stream, opensearch, step, &rq, &st);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Engine { port, requests, stored, stop, thread: Some(thread) }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn stored_ids(&self) -> Vec<String> {
        self.stored.lock().unwrap().iter().map(|(id, _)| id.clone()).collect()
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        *self.stop.lock().unwrap() = true;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Read one HTTP/1.1 request; with `half`, only half its body. None on a malformed request.
fn read_request(stream: &mut TcpStream, half: bool) -> Option<Request> {
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let path = line.split_whitespace().nth(1)?.to_string();
    let (mut len, mut content_type) = (0usize, String::new());
    for _ in 0..100 {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        match k.to_ascii_lowercase().as_str() {
            "content-length" => len = v.trim().parse().ok()?,
            "content-type" => content_type = v.trim().to_string(),
            _ => {}
        }
    }
    let mut body = vec![0u8; if half { len / 2 } else { len }];
    reader.read_exact(&mut body).ok()?;
    Some(Request { path, content_type, body: String::from_utf8(body).ok()? })
}

/// The documents of a request body: (id, document).
fn documents(opensearch: bool, body: &str) -> Vec<(String, Value)> {
    let lines: Vec<Value> = body.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    if opensearch {
        lines
            .chunks(2)
            .map(|pair| {
                let action = &pair[0]["index"];
                assert!(action["_index"].is_string(), "action line without _index: {}", pair[0]);
                (action["_id"].as_str().unwrap().to_string(), pair[1].clone())
            })
            .collect()
    } else {
        lines.into_iter().map(|d| (d["id"].as_str().unwrap().to_string(), d)).collect()
    }
}

fn respond(stream: &mut TcpStream, status: u16, extra: &str, body: &str) {
    let reason = match status {
        200 => "OK",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}

/// The published bulk answer, with one item per document (`bad` get the item error or 429).
fn bulk_answer(docs: &[(String, Value)], failing: &[usize], item429: bool) -> String {
    let ok = fixture("opensearch/bulk-response-success.json")["items"][0]["index"].clone();
    let (bad_file, op) = if item429 {
        ("opensearch/bulk-response-item-429.json", "index")
    } else {
        ("opensearch/bulk-response-item-error.json", "update")
    };
    let bad = fixture(bad_file)["items"][0][op].clone();
    let items: Vec<Value> = docs
        .iter()
        .enumerate()
        .map(|(i, (id, _))| {
            let mut item = if failing.contains(&i) { bad.clone() } else { ok.clone() };
            item["_id"] = json!(id);
            item["_index"] = json!("news");
            json!({ "index": item })
        })
        .collect();
    let mut answer = fixture("opensearch/bulk-response-success.json");
    answer["errors"] = json!(!failing.is_empty());
    answer["items"] = json!(items);
    answer.to_string()
}

fn serve(
    mut stream: TcpStream,
    opensearch: bool,
    step: Step,
    requests: &Mutex<Vec<Request>>,
    stored: &Mutex<Vec<(String, Value)>>,
) {
    let _ = stream.set_nonblocking(false);
    let half = matches!(step, Step::DropMidBody);
    let Some(req) = read_request(&mut stream, half) else { return };
    requests.lock().unwrap().push(req.clone());
    if half {
        return; // closed mid-body: the engine never saw a whole batch
    }
    let docs = documents(opensearch, &req.body);
    let keep = |failing: &[usize]| {
        let mut s = stored.lock().unwrap();
        for (i, d) in docs.iter().enumerate() {
            if !failing.contains(&i) {
                s.push(d.clone());
            }
        }
    };
    match step {
        Step::Ok | Step::ItemErrors(_) | Step::Item429(_) | Step::ParseFailures(_) => {
            let failing = match &step {
                Step::ItemErrors(f) | Step::Item429(f) | Step::ParseFailures(f) => f.clone(),
                _ => Vec::new(),
            };
            keep(&failing);
            let body = if opensearch {
                bulk_answer(&docs, &failing, matches!(step, Step::Item429(_)))
            } else if failing.is_empty() {
                let mut a = fixture("quickwit/ingest-response-v1.json");
                a["num_docs_for_processing"] = json!(docs.len());
                a.to_string()
            } else {
                let mut a = fixture("quickwit/ingest-response-v2-parse-failure.json");
                let template = a["parse_failures"][0].clone();
                a["num_docs_for_processing"] = json!(docs.len());
                a["num_ingested_docs"] = json!(docs.len() - failing.len());
                a["num_rejected_docs"] = json!(failing.len());
                a["parse_failures"] = json!(
                    failing
                        .iter()
                        .map(|&i| {
                            let mut f = template.clone();
                            f["document"] = json!(docs[i].1.to_string());
                            f
                        })
                        .collect::<Vec<_>>()
                );
                a.to_string()
            };
            respond(&mut stream, 200, "", &body);
        }
        Step::Status(code, retry) => {
            let extra = retry.map(|s| format!("Retry-After: {s}\r\n")).unwrap_or_default();
            respond(&mut stream, code, &extra, r#"{"message": "try later"}"#);
        }
        Step::DropAfterBody => keep(&[]),
        Step::DropMidBody => {}
    }
}

fn fixture_dir() -> TestDir {
    TestDir::ingested(&[("fx/a1.json", A1), ("fx/a2.json", A2)])
}

/// The ids of every paragraph the local index holds.
fn paragraph_ids(t: &TestDir) -> BTreeSet<String> {
    let out = t.run(&["export", "--what", "paragraphs"]);
    stdout(&out)
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            format!("{}#{}", v["article_id"].as_str().unwrap(), v["paragraph"])
        })
        .collect()
}

fn push(t: &TestDir, e: &Engine, engine: &str, extra: &[&str]) -> std::process::Output {
    let url = e.url();
    let mut args = vec![
        "push",
        url.as_str(),
        "--engine",
        engine,
        "--target",
        "news",
        "--batch-docs",
        "3",
        "--backoff-ms",
        "10",
    ];
    args.extend_from_slice(extra);
    t.run(&args)
}

fn distinct(ids: &[String]) -> BTreeSet<String> {
    ids.iter().cloned().collect()
}

#[test]
fn opensearch_gets_every_paragraph_once_under_its_id() {
    let t = fixture_dir();
    let want = paragraph_ids(&t);
    assert!(want.len() >= 8, "{want:?}");
    let e = Engine::start(true, vec![]);
    let out = push(&t, &e, "opensearch", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ids = e.stored_ids();
    assert_eq!(ids.len(), want.len(), "nothing sent twice");
    assert_eq!(distinct(&ids), want, "nothing lost");
    let reqs = e.requests();
    assert_eq!(reqs.len(), want.len().div_ceil(3));
    // The request as the published example has it: an `index` action line naming the
    // index and the id, then the document, NDJSON.
    let example: Vec<Value> =
        std::fs::read_to_string(repo().join("tests/data/engines/opensearch/bulk-request.ndjson"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
    let first: Vec<Value> =
        reqs[0].body.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let keys = |v: &Value| v["index"].as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&first[0]), keys(&example[0]));
    assert_eq!(first[0]["index"]["_index"], "news");
    assert_eq!(first[0]["index"]["_id"], first[1]["id"]);
    assert!(reqs[0].body.ends_with('\n'), "the bulk body ends with a newline");
    assert_eq!(reqs[0].path, "/_bulk");
    assert_eq!(reqs[0].content_type, "application/x-ndjson");
    assert!(
        stderr(&out).contains(&format!("{} accepted, 0 rejected", want.len())),
        "{}",
        stderr(&out)
    );
}

#[test]
fn opensearch_item_failures_are_counted_and_named() {
    let t = fixture_dir();
    let want = paragraph_ids(&t);
    let e = Engine::start(true, vec![Step::Ok, Step::ItemErrors(vec![1])]);
    let out = push(&t, &e, "opensearch", &[]);
    assert_eq!(out.status.code(), Some(3), "some rejected: {}", stderr(&out));
    let err = stderr(&out);
    let rejected_id = documents(true, &e.requests()[1].body)[1].0.clone();
    assert!(err.contains(&format!("{} accepted, 1 rejected", want.len() - 1)), "{err}");
    assert!(
        err.contains(&format!("rejected {rejected_id}: 404 document_missing_exception")),
        "{err}"
    );
    let mut held = distinct(&e.stored_ids());
    held.insert(rejected_id);
    assert_eq!(held, want);
    assert_eq!(e.requests().len(), want.len().div_ceil(3), "a rejected item is not re-sent");
}

#[test]
fn opensearch_item_429_resends_only_those_items() {
    let t = fixture_dir();
    let want = paragraph_ids(&t);
    let e = Engine::start(true, vec![Step::Item429(vec![0, 2])]);
    let out = push(&t, &e, "opensearch", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let reqs = e.requests();
    assert_eq!(documents(true, &reqs[1].body).len(), 2, "the retry carries the two refused items");
    let ids = e.stored_ids();
    assert_eq!(ids.len(), want.len());
    assert_eq!(distinct(&ids), want);
}

#[test]
fn a_413_splits_the_batch_and_loses_nothing() {
    let t = fixture_dir();
    let want = paragraph_ids(&t);
    let e = Engine::start(true, vec![Step::Status(413, None)]);
    let out = push(&t, &e, "opensearch", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let reqs = e.requests();
    assert_eq!(documents(true, &reqs[0].body).len(), 3);
    assert_eq!(documents(true, &reqs[1].body).len(), 1, "first half of the split batch");
    assert_eq!(documents(true, &reqs[2].body).len(), 2, "second half");
    let ids = e.stored_ids();
    assert_eq!(ids.len(), want.len());
    assert_eq!(distinct(&ids), want);
}

#[test]
fn a_429_with_retry_after_and_a_503_are_retried() {
    let t = fixture_dir();
    let want = paragraph_ids(&t);
    let e =
        Engine::start(false, vec![Step::Ok, Step::Status(429, Some(1)), Step::Status(503, None)]);
    let out = push(&t, &e, "quickwit", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let reqs = e.requests();
    assert_eq!(reqs[1].body, reqs[2].body, "the same batch again after the 429");
    assert_eq!(reqs[2].body, reqs[3].body, "and after the 503");
    assert_eq!(reqs[0].path, "/api/v1/news/ingest?commit=auto&detailed_response=true");
    let ids = e.stored_ids();
    assert_eq!(ids.len(), want.len(), "refused batches are not stored: nothing twice");
    assert_eq!(distinct(&ids), want);
    assert!(stderr(&out).contains("2 retries"), "{}", stderr(&out));
}

#[test]
fn a_connection_dropped_mid_batch_is_retried_without_loss() {
    for (opensearch, engine) in [(true, "opensearch"), (false, "quickwit")] {
        let t = fixture_dir();
        let want = paragraph_ids(&t);
        let e = Engine::start(opensearch, vec![Step::Ok, Step::DropMidBody]);
        let out = push(&t, &e, engine, &[]);
        assert_eq!(out.status.code(), Some(0), "{engine}: {}", stderr(&out));
        let ids = e.stored_ids();
        assert_eq!(ids.len(), want.len(), "{engine}: half a body is never stored");
        assert_eq!(distinct(&ids), want, "{engine}");
    }
}

/// A connection dropped after the engine stored the batch but before it answered: the
/// client cannot tell, and sends the batch again. OpenSearch replaces the documents (same
/// `_id`); Quickwit, whose ingest takes no id, holds that batch twice (docs/scale-out.md).
#[test]
fn an_answer_lost_after_the_batch_was_stored_duplicates_only_on_quickwit() {
    for (opensearch, engine) in [(true, "opensearch"), (false, "quickwit")] {
        let t = fixture_dir();
        let want = paragraph_ids(&t);
        let e = Engine::start(opensearch, vec![Step::Ok, Step::DropAfterBody]);
        let out = push(&t, &e, engine, &[]);
        assert_eq!(out.status.code(), Some(0), "{engine}: {}", stderr(&out));
        let ids = e.stored_ids();
        assert_eq!(distinct(&ids), want, "{engine}: nothing lost");
        // Both engines received the second batch twice; what differs is what they keep.
        assert_eq!(ids.len(), want.len() + 3, "{engine}: the batch arrived twice");
        let held = if opensearch {
            // An `index` action with an existing `_id` replaces that document.
            distinct(&ids).len()
        } else {
            ids.len()
        };
        let expected = if opensearch { want.len() } else { want.len() + 3 };
        assert_eq!(held, expected, "{engine}: documents the engine holds");
    }
}

#[test]
fn quickwit_parse_failures_are_counted_and_named() {
    let t = fixture_dir();
    let want = paragraph_ids(&t);
    let e = Engine::start(false, vec![Step::ParseFailures(vec![2])]);
    let out = push(&t, &e, "quickwit", &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let rejected = documents(false, &e.requests()[0].body)[2].0.clone();
    let err = stderr(&out);
    assert!(err.contains(&format!("{} accepted, 1 rejected", want.len() - 1)), "{err}");
    assert!(err.contains(&format!("rejected {rejected}: invalid_json: error1")), "{err}");
}

#[test]
fn an_interrupted_push_resumes_from_its_checkpoint() {
    let t = fixture_dir();
    let want = paragraph_ids(&t);
    // Two batches go through, then the engine stays unavailable: the push gives up.
    let mut script = vec![Step::Ok, Step::Ok];
    script.extend(std::iter::repeat_n(Step::Status(503, None), 3));
    let e = Engine::start(true, script);
    let out = push(&t, &e, "opensearch", &["--max-attempts", "3"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("gave up"), "{}", stderr(&out));
    let checkpoint = t.path().join("idx.push-opensearch-news.json");
    let state: Value =
        serde_json::from_str(&std::fs::read_to_string(&checkpoint).unwrap()).unwrap();
    assert_eq!(state["done"], 6);
    assert_eq!(state["complete"], false);
    let first = e.stored_ids();
    drop(e);
    // The same push against a healthy engine at the same URL would resume; the URL is part
    // of the checkpoint's scope, so a new server gets `--checkpoint` with a copied file.
    let e2 = Engine::start(true, vec![]);
    let mut moved = state.clone();
    moved["scope"]["url"] = json!(e2.url());
    std::fs::write(&checkpoint, moved.to_string()).unwrap();
    let out = push(&t, &e2, "opensearch", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("resuming after 6 documents"), "{}", stderr(&out));
    let second = e2.stored_ids();
    assert_eq!(second.len(), want.len() - 6, "only what the checkpoint lacks");
    let mut all = first.clone();
    all.extend(second);
    assert_eq!(all.len(), want.len(), "nothing sent twice");
    assert_eq!(distinct(&all), want, "nothing lost");
    // Finished: a third run sends nothing.
    let out = push(&t, &e2, "opensearch", &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("finished"), "{}", stderr(&out));
}

#[test]
fn from_analyze_pushes_files_without_an_index() {
    let t = TestDir::new();
    t.write("fx/a1.json", A1);
    t.write("fx/a2.json", A2);
    let analyzed = t.cmd().args(["analyze", "--json", "fx"]).output().unwrap();
    let paragraphs: usize = stdout(&analyzed)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["paragraphs"].as_array().unwrap().len())
        .sum();
    let e = Engine::start(false, vec![]);
    let url = e.url();
    let out = t
        .cmd()
        .args(["push", &url, "--engine", "quickwit", "--target", "news", "--from-analyze", "fx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(e.stored_ids().len(), paragraphs);
    assert!(!t.path().join("idx").exists(), "no local index was made");
    let doc = &e.stored.lock().unwrap()[0].1;
    assert_eq!(doc["id"], "fx-1#0");
    assert_eq!(doc["date"], "2024-03-05T00:00:00Z");
}

#[test]
fn an_engine_refusing_the_request_stops_the_push_with_its_answer() {
    let t = fixture_dir();
    let e = Engine::start(true, vec![Step::Status(404, None)]);
    let out = push(&t, &e, "opensearch", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("answered 404"), "{}", stderr(&out));
    assert_eq!(e.requests().len(), 1, "not retried");
}
