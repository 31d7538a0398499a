//! Hostile input: files whosaid did not write and must survive. Each is either indexed
//! correctly or rejected with its path and reason; the rest goes in; exit status 3; no panic;
//! memory stays bounded (peak RSS of the child measured with wait4). Also the accounting an
//! `ingest --json` prints: seen = added + replaced + unchanged + duplicates + rejected.
//!
//! `WHOSAID_TINY_FILES` sets how many tiny files the many-files test writes (default 20,000;
//! the ignored test `hundred_thousand_tiny_files` runs the full 100,000).

use std::ffi::OsStr;
use std::fs::File;
use std::os::unix::ffi::OsStrExt as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

use crate::crash::run;

/// Longest any single command here may take before it counts as a hang.
const HANG: Duration = Duration::from_secs(600);

struct Measured {
    code: Option<i32>,
    out: String,
    err: String,
    /// Peak resident memory of the child, in MiB.
    peak_mib: u64,
}

/// Run `whosaid ARGS --index INDEX` and measure its peak RSS: the high-water mark of the
/// child's own address space (`VmHWM`), read while it runs. wait4's `ru_maxrss` is not used:
/// Linux seeds it at exec with the spawning process's high-water mark (std spawns with a
/// shared address space), so a busy test binary's own memory showed up as the child's.
#[allow(clippy::zombie_processes)] // reaped by wait4 below, which std's Child cannot see
fn run_measured(args: &[&OsStr], index: &Path) -> Measured {
    let logs = TempDir::new().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(args)
        .arg("--index")
        .arg(index)
        .env_remove("WHOSAID_INDEX")
        .stdin(Stdio::null())
        .stdout(File::create(logs.path().join("out")).unwrap())
        .stderr(File::create(logs.path().join("err")).unwrap())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let started = Instant::now();
    let mut peak_kib = 0;
    let status = loop {
        peak_kib = peak_kib.max(vm_hwm_kib(pid).unwrap_or(0));
        let mut status = 0;
        // SAFETY: plain syscall on our own child; both out-pointers are valid locals.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        assert!(r >= 0, "wait4 failed");
        if r == pid {
            break status;
        }
        if started.elapsed() > HANG {
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("{args:?} did not finish within {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Measured {
        code,
        out: std::fs::read_to_string(logs.path().join("out")).unwrap(),
        err: std::fs::read_to_string(logs.path().join("err")).unwrap(),
        peak_mib: peak_kib / 1024,
    }
}

/// The `VmHWM` line of `/proc/PID/status` (KiB); None once the process has exited.
fn vm_hwm_kib(pid: libc::pid_t) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn ingest_json(paths: &[&Path], index: &Path) -> (Measured, Value) {
    let mut args: Vec<&OsStr> = vec!["ingest".as_ref(), "--json".as_ref(), "--quiet".as_ref()];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    let m = run_measured(&args, index);
    assert!(!m.err.contains("panicked"), "a panic: {}", m.err);
    let v: Value = serde_json::from_str(&m.out)
        .unwrap_or_else(|e| panic!("ingest --json is not JSON ({e}): {}\n{}", m.out, m.err));
    check_accounting(&v);
    (m, v)
}

/// Every input is accounted for, and each rejection has a path and a reason.
fn check_accounting(v: &Value) {
    let n = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("{k} missing: {v}"));
    assert_eq!(
        n("seen"),
        n("added") + n("replaced") + n("unchanged") + n("duplicates") + n("rejected"),
        "accounting: {v}"
    );
    let rejected = v["rejected_inputs"].as_array().unwrap();
    assert_eq!(rejected.len() as u64, n("rejected"), "{v}");
    for r in rejected {
        assert!(!r["path"].as_str().unwrap().is_empty(), "{r}");
        assert!(!r["reason"].as_str().unwrap().is_empty(), "{r}");
    }
}

/// The reason given for `path` (a suffix of the shown path, with `:line` for JSON Lines).
fn reason_for<'a>(v: &'a Value, path: &str, line: Option<u64>) -> &'a str {
    v["rejected_inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"].as_str().unwrap().ends_with(path) && r["line"].as_u64() == line)
        .unwrap_or_else(|| panic!("{path}:{line:?} not rejected: {v:#}"))["reason"]
        .as_str()
        .unwrap()
}

fn total(index: &Path, query: &str) -> u64 {
    let (st, out, err) = run(&["query", query, "--json"], index);
    assert!(st.success(), "{query}: {err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    v["total"].as_u64().unwrap()
}

fn write(dir: &Path, name: impl AsRef<Path>, data: impl AsRef<[u8]>) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, data).unwrap();
}

fn utf16(bom: &[u8], s: &str, be: bool) -> Vec<u8> {
    let mut v = bom.to_vec();
    for u in s.encode_utf16() {
        v.extend(if be { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    v
}

#[test]
fn hostile_corpus_every_rejection_named_every_good_article_searchable() {
    let tmp = TempDir::new().unwrap();
    let c = tmp.path().join("in");
    let index = tmp.path().join("idx");

    // Good, if odd: each holds a word found nowhere else.
    write(&c, "good.txt", "Title: Plain\n\nThe harbour reopened on Tuesday, said goodalpha.\n");
    write(
        &c,
        "utf16le.txt",
        utf16(&[0xFF, 0xFE], "Title: LE\n\nA “little-endian” goodbeta text.\n", false),
    );
    write(&c, "utf16be.md", utf16(&[0xFE, 0xFF], "# BE\n\nA big-endian goodgamma text.\n", true));
    write(
        &c,
        "quotes.txt",
        "He said \"this is \"nested\" or not\" and “curly ‘inner’ quote” goodquote.\n\n\
         “An opening mark that never closes, said Mr. Smith.\n\n\
         ” a close without an open ” ” ‘ ' \" goodquote2, according to.\n",
    );
    write(
        &c,
        "rtl.txt",
        "Title: عنوان\n\nقال الوزير محمد علي إن المحادثات ستستمر goodrtl.\n\n\
         שלום עולם, said Benjamin Netanyahu. 中文 Ελληνικά Ахмед \u{202E}override\u{202C} \
         👩\u{200D}👩\u{200D}👧 e\u{301} goodmixed.\n",
    );
    write(
        &c,
        "baddate.json",
        r#"{"id":"bd","text":"Undated goodbaddate.","date":"32nd of Smarch"}"#,
    );
    write(&c, "baddate.txt", "Title: T\nDate: 2021-99-99T99:99\n\nAnother goodbaddate2.\n");
    write(
        &c,
        "truncated.html",
        "<html><head><title>Cut</title></head><body><article><p>This page ends in the middle \
         of a paragraph about goodtrunc and it goes on long enough to be an article's text, \
         without any closing tag at all, as a download that was cut short would",
    );
    let nested = format!(
        "<html><body>{}<p>Nested three hundred deep, a paragraph about goodnested that is long \
         enough for a reader view to keep it as the article text of the page.</p>{}</body></html>",
        "<div>".repeat(300),
        "</div>".repeat(300)
    );
    write(&c, "nested.html", nested);
    write(
        &c,
        "lines.jsonl",
        "{\"_id\":\"j1\",\"text\":\"Line one goodjsonl1.\"}\n{broken\n\
         {\"_id\":\"j3\",\"text\":\"Line three goodjsonl3.\"}\n{\"_id\":\"j4\",\"text\":5}\n\
         [1,2]\n\n{\"_id\":\"j7\",\"text\":\"Line seven goodjsonl7.\"}",
    );
    // File names that are not UTF-8, differing only in the bad byte: two distinct articles.
    let bad1 = OsStr::from_bytes(b"name-\xff.txt");
    let bad2 = OsStr::from_bytes(b"name-\xfe.txt");
    write(&c, bad1, "Title: A\n\nFirst oddly named goodname1.\n");
    write(&c, bad2, "Title: B\n\nSecond oddly named goodname2.\n");

    // Bad: each must be named with its reason.
    let mut binary: Vec<u8> = (0..=255).collect();
    binary.extend(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    write(&c, "binary.txt", &binary);
    write(&c, "nul.txt", b"Some text\0with a NUL byte inside.\n");
    write(&c, "latin1.txt", b"Caf\xe9 au lait, said the owner.\n");
    write(&c, "empty.txt", b"");
    write(&c, "blank.md", b" \n\t\n");
    write(&c, "odd-utf16.txt", [0xFF, 0xFE, b'a']);
    write(&c, "wrongtypes.json", r#"{"id": ["x"], "title": 5, "text": {"a": 1}}"#);
    write(&c, "wrongtext.json", r#"{"id": "wt", "text": 17}"#);
    write(&c, "deep.json", "[".repeat(10_000) + &"]".repeat(10_000));
    write(&c, "deepobj.json", "{\"a\":".repeat(10_000) + "1" + &"}".repeat(10_000));
    write(&c, "broken.json", "{\"id\": \"b\", \"text\": ");
    write(&c, "deep.html", "<html><body>".to_string() + &"<div>".repeat(100_000) + "<p>deep");
    write(&c, "notes.pdf", b"%PDF-1.4");
    std::fs::create_dir_all(c.join("loop")).unwrap();
    std::os::unix::fs::symlink("..", c.join("loop/up")).unwrap();
    std::os::unix::fs::symlink("self", c.join("loop/self")).unwrap();
    std::os::unix::fs::symlink("/nonexistent/target", c.join("dangling.txt")).unwrap();

    let (m, v) = ingest_json(&[&c], &index);
    assert_eq!(m.code, Some(3), "{}", m.err);
    for (path, line, reason) in [
        ("binary.txt", None, "binary file"),
        ("nul.txt", None, "binary file"),
        ("latin1.txt", None, "not valid UTF-8"),
        ("empty.txt", None, "empty file"),
        ("blank.md", None, "empty file"),
        ("odd-utf16.txt", None, "UTF-16"),
        ("wrongtypes.json", None, "must be a string or number"),
        ("wrongtext.json", None, "\"text\" must be a string"),
        ("deep.json", None, "recursion limit"),
        ("deepobj.json", None, "recursion limit"),
        ("broken.json", None, "invalid JSON"),
        ("deep.html", None, "nested too deeply"),
        ("notes.pdf", None, "unsupported file type"),
        ("lines.jsonl", Some(2), "invalid JSON"),
        ("lines.jsonl", Some(4), "\"text\" must be a string"),
        ("lines.jsonl", Some(5), "expected an article object"),
        ("loop/up", None, "symbolic link loop"),
        ("loop/self", None, "symbolic link loop"),
        ("dangling.txt", None, "no such file"),
    ] {
        let r = reason_for(&v, path, line);
        assert!(r.contains(reason), "{path}: {r:?} should say {reason:?}");
        // Named on stderr too, for people.
        assert!(m.err.lines().any(|l| l.contains(path) && l.contains(reason)), "{path}\n{}", m.err);
    }
    assert_eq!(v["rejected"], 19, "nothing else rejected: {v:#}");
    for word in [
        "goodalpha",
        "goodbeta",
        "goodgamma",
        "goodquote",
        "goodquote2",
        "goodrtl",
        "goodmixed",
        "goodbaddate",
        "goodbaddate2",
        "goodtrunc",
        "goodnested",
        "goodjsonl1",
        "goodjsonl3",
        "goodjsonl7",
        "goodname1",
        "goodname2",
    ] {
        assert_eq!(total(&index, word), 1, "{word} is searchable");
    }
    assert_eq!(total(&index, "الوزير"), 1);
    assert_eq!(total(&index, "Ахмед"), 1);
    // A name that is not UTF-8 is shown with the byte escaped, not as a lossy '�'.
    let (_, out, _) = run(&["query", "goodname1", "--json"], &index);
    assert!(out.contains(r"name-\\xff.txt"), "{out}");
    // Undated, not wrongly dated.
    let (_, out, _) = run(&["query", "goodbaddate", "--json"], &index);
    assert!(out.contains("\"date\":null"), "{out}");
    eprintln!("hostile corpus: peak RSS {} MiB", m.peak_mib);
    assert!(m.peak_mib < 400, "peak RSS {} MiB", m.peak_mib);
}

#[test]
fn a_200_mb_single_line_file_is_refused_without_being_read_whole() {
    let tmp = TempDir::new().unwrap();
    let c = tmp.path().join("in");
    std::fs::create_dir_all(&c).unwrap();
    // Sparse files: 200 MB on paper, nothing on disk, instant to make.
    for name in ["huge.txt", "huge.html", "huge.json", "huge.jsonl"] {
        File::create(c.join(name)).unwrap().set_len(200_000_000).unwrap();
    }
    write(&c, "small.txt", "Title: Small\n\nA small goodsmall article.\n");
    let index = tmp.path().join("idx");
    let (m, v) = ingest_json(&[&c], &index);
    assert_eq!(m.code, Some(3), "{}", m.err);
    for name in ["huge.txt", "huge.html", "huge.json"] {
        assert!(reason_for(&v, name, None).contains("file too large"), "{v:#}");
    }
    assert!(reason_for(&v, "huge.jsonl", Some(1)).contains("line too large"), "{v:#}");
    assert_eq!(total(&index, "goodsmall"), 1);
    eprintln!("200 MB files: peak RSS {} MiB", m.peak_mib);
    // A JSON Lines line is buffered up to the 64 MiB limit and no further.
    assert!(m.peak_mib < 180, "peak RSS {} MiB: the file was held whole", m.peak_mib);
}

#[test]
fn a_paragraph_of_five_million_characters_is_indexed() {
    let tmp = TempDir::new().unwrap();
    let c = tmp.path().join("in");
    let mut body = String::with_capacity(5_100_000);
    let words = ["The", "minister", "said", "talks", "would", "go", "on,", "“we", "agree,”"];
    let mut i = 0;
    while body.len() < 5_000_000 {
        body.push_str(words[i % words.len()]);
        body.push(' ');
        i += 1;
    }
    body.push_str("goodhuge.");
    write(&c, "long.txt", format!("Title: Long\n\n{body}\n"));
    let index = tmp.path().join("idx");
    let (m, v) = ingest_json(&[&c], &index);
    assert_eq!(m.code, Some(0), "{}", m.err);
    assert_eq!(v["paragraphs"], 1);
    let (st, out, err) = run(&["query", "goodhuge", "--json"], &index);
    assert!(st.success(), "{err}");
    let hit: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(hit["total"], 1);
    assert!(hit["hits"][0]["snippet"].as_str().unwrap().contains("<b>goodhuge</b>"));
    eprintln!("5 MB paragraph: peak RSS {} MiB", m.peak_mib);
    assert!(m.peak_mib < 1024, "peak RSS {} MiB for a 5 MB paragraph", m.peak_mib);
}

fn tiny_files(n: usize) {
    let tmp = TempDir::new().unwrap();
    let c = tmp.path().join("in");
    for i in 0..n {
        // 1,000 to a folder, as an archive would spread them.
        write(
            &c,
            format!("d{:03}/t{i:06}.txt", i / 1000),
            format!("Tiny note {i} about tinyword.\n"),
        );
    }
    let index = tmp.path().join("idx");
    let (m, v) = ingest_json(&[&c], &index);
    assert_eq!(m.code, Some(0), "{}", m.err);
    assert_eq!(v["seen"], n);
    assert_eq!(v["added"], n);
    let (_, out, _) = run(&["stats", "--json"], &index);
    let stats: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(stats["articles"], n);
    assert_eq!(total(&index, "tinyword"), n as u64);
    eprintln!("{n} tiny files: peak RSS {} MiB", m.peak_mib);
    assert!(m.peak_mib < 1024, "peak RSS {} MiB for {n} tiny files", m.peak_mib);
}

#[test]
fn many_tiny_files() {
    tiny_files(
        std::env::var("WHOSAID_TINY_FILES").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000),
    );
}

#[test]
#[ignore = "slow: 100,000 files; run with --ignored"]
fn hundred_thousand_tiny_files() {
    tiny_files(100_000);
}

#[test]
fn stdin_and_a_dangling_argument_are_accounted_for() {
    // Accounting across a mix: a file given twice (same id: unchanged the second time), a
    // duplicate under another name, a missing path, a bad JSONL line.
    let tmp = TempDir::new().unwrap();
    let c = tmp.path().join("in");
    write(&c, "a.txt", "Title: A\n\nThe goodacct story.\n");
    write(&c, "copy-of-a.txt", "Title: A\n\nThe goodacct story.\n");
    write(
        &c,
        "b.jsonl",
        "{\"_id\":\"b1\",\"text\":\"One goodacct.\"}\n{\n{\"_id\":\"b3\",\"text\":\"Three goodacct.\"}\n",
    );
    let index = tmp.path().join("idx");
    let missing = tmp.path().join("missing.txt");
    let (m, v) = ingest_json(&[&c, &missing], &index);
    assert_eq!(m.code, Some(3), "{}", m.err);
    assert_eq!(v["seen"], 6, "{v:#}");
    assert_eq!(v["added"], 3, "{v:#}");
    assert_eq!(v["duplicates"], 1, "{v:#}");
    assert_eq!(v["rejected"], 2, "{v:#}");
    assert!(reason_for(&v, "missing.txt", None).contains("no such file"));
    assert!(reason_for(&v, "b.jsonl", Some(2)).contains("invalid JSON"));
    // Again: everything is unchanged, rejections are reported again.
    let (m, v) = ingest_json(&[&c, &missing], &index);
    assert_eq!(m.code, Some(3));
    assert_eq!(v["unchanged"], 3, "{v:#}");
    assert_eq!(v["added"], 0, "{v:#}");
    assert_eq!(total(&index, "goodacct"), 3);
}
