//! Crash safety, proven by killing the real binary: SIGKILL at seeded random moments of an
//! ingest, Ctrl-C (SIGINT) for a clean stop, and the one-writer lock (a second ingest is told the
//! index is busy or waits with `--wait`; readers keep working; a dead writer's lock is no lock).
//!
//! After every kill the index must open, answer queries, and hold whole articles only (the
//! synthetic corpus says how many paragraphs each article has); the next ingest of the same
//! corpus must end with every article present exactly once.
//!
//! Replay a failure with the seed it printed: `WHOSAID_KILL_SEED=<seed> cargo test crash::`.
//! `WHOSAID_KILL_POINTS` (default 20) and `WHOSAID_KILL_ARTICLES` (default 2000) scale the run.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

/// A word every synthetic paragraph holds, and nothing else does.
const MARK: &str = "kilnmark";
/// Commit often, so kills land between, during and after commits.
const COMMIT_EVERY: &str = "0.2";
/// Nothing here should take this long; only there to turn a hang into a failure.
const HANG: Duration = Duration::from_secs(300);

/// A small deterministic generator (xorshift64*), so the corpus and kill moments replay exactly.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A synthetic corpus: `.txt`, `.md` and `.jsonl` files, ids and paragraph counts known.
pub struct Corpus {
    pub dir: PathBuf,
    /// article id -> number of paragraphs.
    pub articles: BTreeMap<String, usize>,
    pub paragraphs: usize,
}

const WORDS: &[&str] = &[
    "talks",
    "harbour",
    "budget",
    "council",
    "officials",
    "minister",
    "report",
    "border",
    "trade",
    "schools",
    "election",
    "court",
    "river",
    "energy",
    "prices",
    "farmers",
    "hospital",
    "bridge",
    "vote",
    "plan",
    "water",
    "troops",
    "market",
    "export",
    "copper",
    "railway",
    "strike",
    "wages",
    "the",
    "of",
    "and",
    "in",
    "on",
    "with",
    "after",
    "before",
    "over",
    "new",
    "said",
    "would",
];
const PEOPLE: &[&str] = &[
    "Amara Okafor",
    "Lena Brandt",
    "Tomas Herrera",
    "Mei Lin Zhou",
    "Kwame Mensah",
    "Ines Duarte",
];

fn sentence(rng: &mut Rng, n: usize) -> String {
    let mut s: Vec<&str> = (0..8 + rng.below(16)).map(|_| WORDS[rng.below(WORDS.len())]).collect();
    s.push(MARK);
    let mut text = s.join(" ");
    text.push_str(&format!(" number {n}"));
    match rng.below(4) {
        // A direct quote with a speaker, so the analysis has work to do.
        0 => format!("“{text},” said {}.", PEOPLE[rng.below(PEOPLE.len())]),
        1 => format!("{} said that {text}.", PEOPLE[rng.below(PEOPLE.len())]),
        _ => format!("{text}."),
    }
}

impl Corpus {
    /// `n` articles of 1 to 4 paragraphs: most in their own `.txt` or `.md` file, every tenth in
    /// a `.jsonl` file of up to 50 (so a kill can land in the middle of a multi-article file).
    pub fn generate(root: &Path, n: usize) -> Corpus {
        let dir = root.join("corpus");
        std::fs::create_dir_all(&dir).unwrap();
        let mut rng = Rng::new(0x5EED);
        let mut articles = BTreeMap::new();
        let mut paragraphs = 0;
        let mut jsonl: Option<File> = None;
        for i in 0..n {
            let id = format!("art-{i:05}");
            let count = 1 + rng.below(4);
            let paras: Vec<String> = (0..count).map(|p| sentence(&mut rng, i * 10 + p)).collect();
            let title = format!("Synthetic report {i}");
            let date = format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
            if i % 10 == 9 {
                if i % 500 == 9 {
                    jsonl = Some(File::create(dir.join(format!("batch-{i:05}.jsonl"))).unwrap());
                }
                let line = serde_json::json!({
                    "_id": id, "title": title, "date": date, "text": paras.join("\n\n"),
                });
                writeln!(jsonl.as_mut().unwrap(), "{line}").unwrap();
            } else {
                let ext = if i % 10 == 3 { "md" } else { "txt" };
                let body =
                    format!("Id: {id}\nTitle: {title}\nDate: {date}\n\n{}\n", paras.join("\n\n"));
                std::fs::write(dir.join(format!("a{i:05}.{ext}")), body).unwrap();
            }
            articles.insert(id, count);
            paragraphs += count;
        }
        // The completeness check reads every paragraph in one query page.
        assert!(paragraphs <= 10_000, "corpus too large for one page of hits");
        Corpus { dir, articles, paragraphs }
    }
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_whosaid"));
    c.env_remove("WHOSAID_INDEX").env("NO_COLOR", "1");
    c
}

/// Run to the end (with a hang guard); returns status, stdout, stderr.
pub fn run(args: &[&str], index: &Path) -> (ExitStatus, String, String) {
    let out_dir = tempfile::tempdir().unwrap();
    let child = spawn(args, index, out_dir.path(), Stdio::null());
    let status = wait_bounded(child, HANG);
    let out = std::fs::read_to_string(out_dir.path().join("out")).unwrap_or_default();
    let err = std::fs::read_to_string(out_dir.path().join("err")).unwrap_or_default();
    (status, out, err)
}

/// Start `whosaid ARGS --index INDEX`, stdout and stderr to files in `out_dir` (a pipe nobody
/// reads could block the child).
fn spawn(args: &[&str], index: &Path, out_dir: &Path, stdin: Stdio) -> Child {
    bin()
        .args(args)
        .arg("--index")
        .arg(index)
        .stdin(stdin)
        .stdout(File::create(out_dir.join("out")).unwrap())
        .stderr(File::create(out_dir.join("err")).unwrap())
        .spawn()
        .expect("start whosaid")
}

fn wait_bounded(mut child: Child, limit: Duration) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("whosaid did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn json(s: &str, what: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {s:.500}"))
}

/// Check that the index opens, answers every kind of query, and holds whole articles only.
/// Returns the ids it holds. A kill before the index was first created leaves no index: that
/// is an empty state, said plainly. `live` when an ingest may commit between two looks (so
/// `stats` and `query` may see different commits).
pub fn check_whole(index: &Path, corpus: &Corpus, context: &str, live: bool) -> BTreeSet<String> {
    let (st, out, err) = run(&["stats", "--json"], index);
    if !st.success() {
        assert!(err.contains("no index at"), "{context}: stats failed: {err}");
        assert!(live || !index.join("meta.json").exists(), "{context}: {err}");
        return BTreeSet::new();
    }
    let stats = json(&out, "stats --json");
    let (st, out, err) =
        run(&["query", MARK, "--json", "--limit", "10000", "--sort", "date"], index);
    assert!(st.success(), "{context}: query failed: {err}");
    let all = json(&out, "query --json");
    let hits = all["hits"].as_array().unwrap();
    assert_eq!(all["total"].as_u64().unwrap() as usize, hits.len(), "{context}: total vs hits");
    let mut held: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
    for h in hits {
        let id = h["article_id"].as_str().unwrap().to_string();
        let p = h["paragraph"].as_u64().unwrap();
        assert!(corpus.articles.contains_key(&id), "{context}: unknown article {id}");
        assert!(held.entry(id.clone()).or_default().insert(p), "{context}: {id} ¶{p} twice");
    }
    for (id, paras) in &held {
        let want: BTreeSet<u64> = (0..corpus.articles[id] as u64).collect();
        assert_eq!(paras, &want, "{context}: article {id} is not whole");
    }
    if held.len() == corpus.articles.len() {
        assert_eq!(hits.len(), corpus.paragraphs, "{context}: every paragraph");
    }
    if !live {
        assert_eq!(stats["articles"].as_u64().unwrap() as usize, held.len(), "{context}: stats");
        assert_eq!(stats["paragraphs"].as_u64().unwrap() as usize, hits.len(), "{context}");
    }
    // Every other kind of query still works on what is there.
    for q in [
        &["query", "minister said", "--json"][..],
        &["query", "kiln*", "--json", "--facets", "--limit", "3"],
        &["query", "trade OR copper -zzzz", "--any"],
        &["query", "\"said that\"", "--speaker", "Okafor", "--json"],
        &["query", "title:synthetic", "--actor", "Brandt", "--since", "2024-03-01", "--json"],
    ] {
        let (st, _, err) = run(q, index);
        assert!(st.success(), "{context}: {q:?} failed: {err}");
    }
    if let Some((id, n)) = held.iter().next_back() {
        let (st, out, err) = run(&["show", id, "--json"], index);
        assert!(st.success(), "{context}: show {id}: {err}");
        let shown = json(&out, "show --json");
        assert_eq!(shown["paragraphs"].as_array().unwrap().len(), n.len(), "{context}: show {id}");
    }
    held.into_keys().collect()
}

/// Ingest the whole corpus into `index` and check that every article is there exactly once;
/// `present` articles were there before.
fn finish_and_check(index: &Path, corpus: &Corpus, present: usize, context: &str) {
    let (st, out, err) = run(
        &["ingest", corpus.dir.to_str().unwrap(), "--json", "--quiet", "--commit-every", "5"],
        index,
    );
    assert_eq!(st.code(), Some(0), "{context}: resumed ingest: {err}");
    let sum = json(&out, "ingest --json");
    let n = corpus.articles.len() as u64;
    assert_eq!(sum["seen"].as_u64(), Some(n), "{context}: {sum}");
    assert_eq!(sum["added"].as_u64(), Some(n - present as u64), "{context}: {sum}");
    assert_eq!(sum["unchanged"].as_u64(), Some(present as u64), "{context}: {sum}");
    for k in ["replaced", "duplicates", "rejected"] {
        assert_eq!(sum[k].as_u64(), Some(0), "{context}: {k}: {sum}");
    }
    let held = check_whole(index, corpus, context, false);
    assert_eq!(held.len(), corpus.articles.len(), "{context}: not every article after resuming");
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn ingest_args(corpus: &Corpus) -> Vec<String> {
    ["ingest", corpus.dir.to_str().unwrap(), "--quiet", "--commit-every", COMMIT_EVERY]
        .map(String::from)
        .to_vec()
}

#[test]
fn sigkill_at_random_moments_never_leaves_half_an_article() {
    let seed: u64 = env_or("WHOSAID_KILL_SEED", {
        let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap();
        t.as_nanos() as u64 % 1_000_000_007
    });
    let points: usize = env_or("WHOSAID_KILL_POINTS", 20);
    let n: usize = env_or("WHOSAID_KILL_ARTICLES", 2000);
    eprintln!(
        "kill test: seed {seed} (replay with WHOSAID_KILL_SEED={seed}), {points} kill points"
    );
    let started = Instant::now();
    let tmp = TempDir::new().unwrap();
    let corpus = Corpus::generate(tmp.path(), n);
    let args = ingest_args(&corpus);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();

    // A whole run first: how long one takes, so the kill moments spread over all of it.
    let index = tmp.path().join("idx");
    let logs = TempDir::new().unwrap();
    let t0 = Instant::now();
    let child = spawn(&args, &index, logs.path(), Stdio::null());
    assert_eq!(wait_bounded(child, HANG).code(), Some(0));
    let full = t0.elapsed();
    let held = check_whole(&index, &corpus, "after the full run", false);
    assert_eq!(held.len(), n);
    eprintln!("kill test: a full ingest of {n} articles took {full:.2?}");

    let mut rng = Rng::new(seed);
    let mut report = Vec::new();
    for k in 0..points {
        // Stratified: kill point k lands in the k-th slice of a full run (start-up, reading,
        // commits, merges, the final commit), at a random place in it.
        let mut at = full.mul_f64((k as f64 + rng.unit()) / points as f64 * 0.95);
        let context;
        let present = loop {
            let _ = std::fs::remove_dir_all(&index);
            let mut child = spawn(&args, &index, logs.path(), Stdio::null());
            std::thread::sleep(at);
            if child.try_wait().unwrap().is_some() {
                // This run was faster than the first: aim earlier.
                at = at.mul_f64(0.7);
                continue;
            }
            child.kill().unwrap(); // SIGKILL
            if child.wait().unwrap().code().is_some() {
                // It finished between the look and the signal: aim earlier.
                at = at.mul_f64(0.7);
                continue;
            }
            let ctx = format!("kill {k} at {at:.2?} (seed {seed})");
            let held = check_whole(&index, &corpus, &ctx, false);
            context = ctx;
            break held.len();
        };
        report.push(format!("{at:.2?}:{present}"));
        finish_and_check(&index, &corpus, present, &context);
    }
    eprintln!(
        "kill test: {points} kills (moment:articles kept) {}; all passed in {:.1?}",
        report.join(" "),
        started.elapsed()
    );
}

#[test]
fn readers_during_an_ingest_see_the_last_commit_whole() {
    let tmp = TempDir::new().unwrap();
    let corpus = Corpus::generate(tmp.path(), 2000);
    let index = tmp.path().join("idx");
    let args = ingest_args(&corpus);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let logs = TempDir::new().unwrap();
    let started = Instant::now();
    let mut child = spawn(&args, &index, logs.path(), Stdio::null());
    let (mut before, mut looks) = (0, 0);
    // Every look (stats, queries, show) works and sees whole articles, never fewer than before.
    while child.try_wait().unwrap().is_none() {
        let held = check_whole(&index, &corpus, "reader during ingest", true);
        assert!(held.len() >= before, "a reader saw {} articles after {before}", held.len());
        before = held.len();
        looks += 1;
        if started.elapsed() > HANG {
            let _ = child.kill();
            panic!("the ingest did not finish");
        }
    }
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert_eq!(check_whole(&index, &corpus, "after the ingest", false).len(), 2000);
    eprintln!("readers: {looks} looks during one ingest, all whole");
}

/// Wait until process `pid` holds a file lock (it has opened the index writer), via /proc/locks.
fn wait_for_lock(pid: u32, child: &mut Child) {
    let started = Instant::now();
    loop {
        let locks = std::fs::read_to_string("/proc/locks").unwrap_or_default();
        if locks.lines().any(|l| l.split_whitespace().nth(4) == Some(&pid.to_string())) {
            return;
        }
        assert!(child.try_wait().unwrap().is_none(), "the first ingest ended early");
        assert!(started.elapsed() < HANG, "the first ingest never took the writer lock");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn write_article(dir: &Path, name: &str, word: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(
        &p,
        format!("Title: {word} story\n\nThe {word} was seen near the harbour, {MARK}.\n"),
    )
    .unwrap();
    p
}

#[test]
fn second_ingest_is_told_the_index_is_busy_or_waits() {
    let tmp = TempDir::new().unwrap();
    let index = tmp.path().join("the-index");
    let first = write_article(tmp.path(), "first.txt", "heron");
    let (st, _, err) = run(&["ingest", first.to_str().unwrap(), "--quiet"], &index);
    assert_eq!(st.code(), Some(0), "{err}");

    // An ingest from stdin holds the writer until its input ends: a writer that stays put.
    let logs = TempDir::new().unwrap();
    let mut holder = spawn(&["ingest", "-", "--quiet"], &index, logs.path(), Stdio::piped());
    wait_for_lock(holder.id(), &mut holder);

    let second = write_article(tmp.path(), "second.txt", "otter");
    let (st, _, err) = run(&["ingest", second.to_str().unwrap()], &index);
    assert_eq!(st.code(), Some(1), "a second writer must fail: {err}");
    assert!(err.contains("index is busy"), "{err}");
    assert!(err.contains(index.to_str().unwrap()), "the message names the index: {err}");
    assert!(err.contains("--wait"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "one clear line: {err}");

    // Readers work while the writer is open, and see the last commit.
    let (st, out, err) = run(&["stats", "--json"], &index);
    assert!(st.success(), "{err}");
    assert_eq!(json(&out, "stats")["articles"], 1);
    let (st, out, _) = run(&["query", "heron", "--json"], &index);
    assert!(st.success());
    assert_eq!(json(&out, "query")["total"], 1);

    // With --wait the second ingest waits for the first, then goes in.
    let wait_logs = TempDir::new().unwrap();
    let waiter = spawn(
        &["ingest", second.to_str().unwrap(), "--wait", "--quiet"],
        &index,
        wait_logs.path(),
        Stdio::null(),
    );
    let mut waiter = waiter;
    std::thread::sleep(Duration::from_secs(1));
    assert!(waiter.try_wait().unwrap().is_none(), "--wait must wait while the index is busy");
    let mut stdin = holder.stdin.take().unwrap();
    stdin.write_all(b"Title: Piped story\n\nA piped article about a kingfisher.\n").unwrap();
    drop(stdin);
    assert_eq!(wait_bounded(holder, HANG).code(), Some(0));
    let status = wait_bounded(waiter, HANG);
    let err = std::fs::read_to_string(wait_logs.path().join("err")).unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    for word in ["heron", "otter", "kingfisher"] {
        let (_, out, _) = run(&["query", word, "--json"], &index);
        assert_eq!(json(&out, "query")["total"], 1, "{word}");
    }
}

#[test]
fn a_lock_left_by_a_killed_ingest_does_not_block_the_next() {
    let tmp = TempDir::new().unwrap();
    let index = tmp.path().join("idx");
    let logs = TempDir::new().unwrap();
    let mut holder = spawn(&["ingest", "-", "--quiet"], &index, logs.path(), Stdio::piped());
    wait_for_lock(holder.id(), &mut holder);
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert!(index.join(".tantivy-writer.lock").exists(), "the lock file stays behind");
    let a = write_article(tmp.path(), "a.txt", "heron");
    let (st, _, err) = run(&["ingest", a.to_str().unwrap(), "--quiet"], &index);
    assert_eq!(st.code(), Some(0), "{err}");
    let (_, out, _) = run(&["query", "heron", "--json"], &index);
    assert_eq!(json(&out, "query")["total"], 1);
}

#[test]
fn ctrl_c_commits_what_was_read_and_says_how_much() {
    let tmp = TempDir::new().unwrap();
    let corpus = Corpus::generate(tmp.path(), 2000);
    let index = tmp.path().join("idx");
    let mut attempts = 0;
    let (status, sum, err) = loop {
        attempts += 1;
        let _ = std::fs::remove_dir_all(&index);
        let logs = TempDir::new().unwrap();
        let mut args = ingest_args(&corpus);
        args.push("--json".into());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let child = spawn(&args, &index, logs.path(), Stdio::null());
        // Interrupt once a first commit shows the ingest is well under way (and so has its
        // Ctrl-C handler in place).
        let started = Instant::now();
        loop {
            let (st, out, _) = run(&["stats", "--json"], &index);
            if st.success() && json(&out, "stats")["articles"].as_u64().unwrap() > 0 {
                break;
            }
            assert!(started.elapsed() < HANG, "no commit came");
            std::thread::sleep(Duration::from_millis(20));
        }
        // SAFETY: kill(2) on our own child's pid.
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
        let status = wait_bounded(child, HANG);
        let out = std::fs::read_to_string(logs.path().join("out")).unwrap();
        let err = std::fs::read_to_string(logs.path().join("err")).unwrap();
        let sum = json(&out, "ingest --json");
        // On a machine fast enough to finish before the signal arrived, try again.
        if sum["interrupted"] == true || attempts == 3 {
            break (status, sum, err);
        }
    };
    assert_eq!(sum["interrupted"], true, "{sum}");
    assert_eq!(status.code(), Some(130), "an interrupted ingest did not finish: {err}");
    assert!(!err.contains("panicked"), "{err}");
    let added = sum["added"].as_u64().unwrap();
    assert!(added > 0 && added < 2000, "{sum}");
    assert!(
        err.contains("interrupted") && err.contains(&format!("{added} article")),
        "the summary says it was interrupted and how much was committed: {err}"
    );
    // What it said it committed is what the index holds: whole articles only.
    let held = check_whole(&index, &corpus, "after Ctrl-C", false);
    assert_eq!(held.len() as u64, added);
    finish_and_check(&index, &corpus, held.len(), "after Ctrl-C");
}
