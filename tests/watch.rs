//! `whosaid watch`: files created, changed, renamed and deleted in a watched folder show in
//! queries from other processes; bursts and a SIGKILL lose nothing and duplicate nothing.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{TestDir, stderr};

/// Longest a test waits for the watcher to show a change (a bound, not a speed claim: the
/// watcher commits within a second or two of a file settling; CI machines are shared).
const PATIENCE: Duration = Duration::from_secs(30);

/// A running `whosaid watch`, stopped (SIGINT, then SIGKILL) when dropped.
struct Watcher {
    child: Child,
}

impl Watcher {
    fn start(t: &TestDir, dir: &str) -> Watcher {
        Watcher::with_settle(t, dir, "0.2")
    }

    /// Start with this settle time; stderr goes to `watch.log` in the test folder (appended).
    fn with_settle(t: &TestDir, dir: &str, settle: &str) -> Watcher {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(t.path().join("watch.log"))
            .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_whosaid"))
            .current_dir(t.path())
            .args(["watch", dir, "--settle", settle, "--threads", "2", "--index"])
            .arg(t.index())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start watch");
        Watcher { child }
    }

    /// Stop with Ctrl-C and wait (bounded) for a clean exit.
    fn stop(mut self) -> Option<i32> {
        unsafe { libc::kill(self.child.id() as i32, libc::SIGINT) };
        let end = Instant::now() + PATIENCE;
        while Instant::now() < end {
            if let Ok(Some(s)) = self.child.try_wait() {
                return s.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }

    fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            self.kill9();
        }
    }
}

/// Poll `probe` every 100 ms until it holds, at most [`PATIENCE`]; the last value otherwise.
fn eventually<T: std::fmt::Debug>(
    what: &str,
    mut probe: impl FnMut() -> T,
    ok: impl Fn(&T) -> bool,
) -> T {
    let end = Instant::now() + PATIENCE;
    loop {
        let v = probe();
        if ok(&v) || Instant::now() >= end {
            assert!(ok(&v), "{what}: still {v:?} after {PATIENCE:?}");
            return v;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Article ids of the hits for `q` (empty when there is no index yet).
fn ids(t: &TestDir, q: &str) -> Vec<String> {
    let out = t.run(&["query", q, "--json", "--limit", "100"]);
    if out.status.code() != Some(0) {
        return vec![];
    }
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["article_id"].as_str().unwrap().to_string())
        .collect()
}

fn stats(t: &TestDir) -> (u64, u64) {
    let out = t.run(&["stats", "--json"]);
    if out.status.code() != Some(0) {
        return (0, 0);
    }
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    (v["articles"].as_u64().unwrap(), v["paragraphs"].as_u64().unwrap())
}

fn canon(p: &Path) -> String {
    p.canonicalize().unwrap().to_string_lossy().into_owned()
}

#[test]
fn create_change_rename_move_away_and_delete() {
    let t = TestDir::new();
    t.write("w/old.txt", "An old note\n\nThe walrus committee met on Tuesday.\n");
    let w = Watcher::start(&t, "w");
    eventually("initial ingest", || ids(&t, "walrus"), |v| v.len() == 1);

    let a = t.write(
        "w/new/a.txt",
        "Ferry news\n\nThe zanzibarite ferry sailed at dawn, the captain said.\n",
    );
    eventually("a new file", || ids(&t, "zanzibarite"), |v| v == &[canon(&a)]);

    std::fs::write(&a, "Ferry news\n\nThe quokkafied ferry sailed at noon, the captain said.\n")
        .unwrap();
    eventually(
        "a changed file",
        || (ids(&t, "zanzibarite"), ids(&t, "quokkafied")),
        |(old, new)| old.is_empty() && new.len() == 1,
    );

    let b = t.path().join("w/new/b.txt");
    std::fs::rename(&a, &b).unwrap();
    eventually("a renamed file", || ids(&t, "quokkafied"), |v| v == &[canon(&b)]);

    std::fs::rename(&b, t.path().join("outside.txt")).unwrap();
    eventually("a file moved away", || ids(&t, "quokkafied"), |v| v.is_empty());

    t.write("w/README.txt", "Read me\n\nThe xylophonist readme is not news.\n");
    t.write("w/.hidden.txt", "Hidden\n\nThe xylophonist dotfile is not news.\n");
    let c = t.write("w/c.txt", "Market\n\nThe xylophonist market opened.\n");
    eventually("excluded files stay out", || ids(&t, "xylophonist"), |v| v == &[canon(&c)]);

    std::fs::remove_file(&c).unwrap();
    std::fs::remove_dir_all(t.path().join("w/new")).unwrap();
    eventually("a deleted file", || ids(&t, "xylophonist"), |v| v.is_empty());
    assert_eq!(stats(&t).0, 1, "only old.txt is left");

    // The watcher holds the writer lock: an ingest is told the index is busy.
    let out = t.ingest(&["outside.txt"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("busy"), "{}", stderr(&out));
    assert_eq!(w.stop(), Some(0));
}

/// `n` one-paragraph articles, each with its own number word, in `dir`.
fn burst(t: &TestDir, dir: &str, n: usize) {
    let root = t.path().join(dir);
    std::fs::create_dir_all(&root).unwrap();
    for i in 0..n {
        let body = format!("Note {i}\n\nItem{i} was logged by the clerk in the harbour office.\n");
        std::fs::write(root.join(format!("n{:05}.txt", i)), body).unwrap();
    }
}

#[test]
fn ten_thousand_files_at_once_nothing_lost_or_duplicated() {
    let t = TestDir::new();
    std::fs::create_dir_all(t.path().join("w")).unwrap();
    let w = Watcher::start(&t, "w");
    eventually("the watcher made the index", || t.index().join("meta.json").exists(), |&b| b);
    burst(&t, "w", 10_000);
    let end = Instant::now() + Duration::from_secs(600);
    while stats(&t).0 < 10_000 && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(500));
    }
    assert_eq!(stats(&t), (10_000, 10_000), "every file once, one paragraph each");
    assert_eq!(ids(&t, "item4321").len(), 1);
    assert_eq!(w.stop(), Some(0));
}

#[test]
fn kill_9_during_a_burst_then_restart_equals_a_clean_ingest() {
    let t = TestDir::new();
    std::fs::create_dir_all(t.path().join("w")).unwrap();
    let mut w = Watcher::start(&t, "w");
    eventually("the watcher made the index", || t.index().join("meta.json").exists(), |&b| b);
    burst(&t, "w", 3_000);
    eventually("some of the burst committed", || stats(&t).0, |&n| n > 0);
    w.kill9();
    // While it was down: one file deleted, one changed, one added.
    std::fs::remove_file(t.path().join("w/n00007.txt")).unwrap();
    std::fs::write(
        t.path().join("w/n00008.txt"),
        "Note 8\n\nChanged while the watcher was down.\n",
    )
    .unwrap();
    t.write("w/late.txt", "Late\n\nAdded while the watcher was down.\n");
    let w = Watcher::start(&t, "w");
    // Timed commits show a reconcile in parts: wait for its end (its log line), the changes
    // made while it was down, and the count.
    eventually(
        "the restart reconciles",
        || {
            (
                log(&t).matches("reconciled:").count(),
                ids(&t, "down").len(),
                ids(&t, "item7").len(),
                stats(&t).0,
            )
        },
        |&(reconciled, down, gone, n)| reconciled >= 2 && down == 2 && gone == 0 && n == 3_000,
    );
    assert_eq!(w.stop(), Some(0));

    let clean = t.path().join("clean");
    let out = t.cmd().args(["ingest", "--quiet", "w", "--index"]).arg(&clean).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let watched = t.json(&["stats", "--json", "--top", "1000"]);
    let out =
        t.cmd().args(["stats", "--json", "--top", "1000", "--index"]).arg(&clean).output().unwrap();
    let fresh: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["articles", "paragraphs", "speakers", "actors"] {
        assert_eq!(watched[key], fresh[key], "{key}");
    }
    assert!(ids(&t, "down").len() == 2, "the changed and the added file");
}

fn log(t: &TestDir) -> String {
    std::fs::read_to_string(t.path().join("watch.log")).unwrap_or_default()
}

#[test]
fn a_file_still_being_written_is_read_once_whole() {
    let t = TestDir::new();
    std::fs::create_dir_all(t.path().join("w")).unwrap();
    let w = Watcher::with_settle(&t, "w", "3");
    eventually("the watcher made the index", || t.index().join("meta.json").exists(), |&b| b);
    // Written in 20 pieces 50 ms apart, well inside the settle time.
    let path = t.path().join("w/slow.txt");
    let mut f = std::fs::File::create(&path).unwrap();
    use std::io::Write;
    writeln!(f, "A slow report\n").unwrap();
    for i in 0..20 {
        writeln!(f, "Paragraph {i} of the slow report on the tramline.\n").unwrap();
        f.flush().unwrap();
        std::thread::sleep(Duration::from_millis(50));
    }
    writeln!(f, "The lastwordzz of the report.").unwrap();
    drop(f);
    eventually("the whole file", || ids(&t, "lastwordzz"), |v| v.len() == 1);
    assert_eq!(stats(&t), (1, 21));
    assert_eq!(w.stop(), Some(0));
    let log = log(&t);
    assert!(log.contains("1 added, 0 replaced"), "{log}");
    assert!(!log.contains("1 replaced"), "read half-way, then again: {log}");
}

#[test]
fn a_restart_rereads_only_what_changed() {
    let t = TestDir::new();
    for name in ["a", "b", "c"] {
        t.write(
            &format!("w/{name}.txt"),
            format!("Note {name}\n\nThe {name}-word note of the day.\n"),
        );
    }
    let w = Watcher::start(&t, "w");
    eventually("initial ingest", || stats(&t).0, |&n| n == 3);
    assert_eq!(w.stop(), Some(0));
    // While it is down: b touched (same bytes, new time), c changed, a left alone.
    let b = t.path().join("w/b.txt");
    let bytes = std::fs::read(&b).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&b, bytes).unwrap();
    t.write("w/c.txt", "Note c\n\nThe c-word note, revised.\n");
    // Older than the settle time, so the restart's reconcile reads them at once.
    std::thread::sleep(Duration::from_millis(500));
    let w = Watcher::start(&t, "w");
    eventually("the restart reconciles", || ids(&t, "revised"), |v| v.len() == 1);
    assert_eq!(w.stop(), Some(0));
    let log = log(&t);
    let second = log.lines().filter(|l| l.contains("reconciled:")).nth(1).unwrap_or_default();
    assert!(second.contains("0 added, 1 replaced, 0 removed, 2 unchanged"), "{log}");
}
