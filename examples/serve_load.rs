//! Load on a running `whosaid serve`, over loopback: a benchmark command, not a test.
//!
//! ```text
//! cargo run --release --example serve_load -- --addr 127.0.0.1:7700 --queries FILE
//!     [--clients 8] [--seconds 30] [--facets] [--timeline] [--floor] [--server-pid PID]
//!     [--post-every SECONDS --token TOKEN]
//! ```
//! Each client keeps one HTTP/1.1 connection and sends the query lines in turn (each client
//! from its own starting line) as `GET /api/search?q=…&limit=10` (`&facets=true` with
//! `--facets`); with `--timeline` every other request is `GET /api/timeline?q=…&split=speaker`.
//! With `--floor` every other request is instead `GET /api/names?prefix=…&limit=1` for a prefix
//! no name has: the same HTTP, routing, hand-off to the blocking pool and JSON answer as a
//! search, with next to no index work. Interleaved with the searches, its latency is the floor
//! a search pays on top of its in-process cost, measured under the same load.
//! With `--post-every`, one more client POSTs a small new article that often (an ingest
//! running under the load). Prints requests, throughput, p50/p99/max latency per kind of
//! request, errors (any status but 200, any broken connection), the CPU this client spent per
//! request (on a small machine the load generator shares the cores with the server: its cost
//! is part of every figure) and, given the server's pid, the server's CPU per request and its
//! resident memory before and after, from /proc. Each kind also gets a line "in server": the
//! answers' `Server-Timing` (the time the server spent, without the network and this client).
//! The client reads each answer's head and
//! body but does not parse the JSON. Only loopback addresses are taken; clients, duration
//! and requests are bounded.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

const MAX_CLIENTS: usize = 64;
const MAX_SECONDS: u64 = 600;

fn usage() -> ! {
    eprintln!(
        "usage: serve_load --addr HOST:PORT --queries FILE [--clients N] [--seconds S] [--facets] \
         [--timeline] [--floor] [--server-pid PID] [--post-every SECONDS --token TOKEN]"
    );
    std::process::exit(2)
}

/// One keep-alive connection.
struct Conn {
    addr: SocketAddr,
    stream: Option<BufReader<TcpStream>>,
}

impl Conn {
    /// Send a request; the status and the server's own time in µs (`Server-Timing`), reconnecting
    /// once if the server closed an idle connection.
    fn request(
        &mut self,
        method: &str,
        path: &str,
        extra: &str,
        body: &[u8],
    ) -> Result<(u16, Option<f64>)> {
        for attempt in 0..2 {
            if self.stream.is_none() {
                let s = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5))?;
                s.set_nodelay(true)?;
                s.set_read_timeout(Some(Duration::from_secs(60)))?;
                self.stream = Some(BufReader::new(s));
            }
            match self.exchange(method, path, extra, body) {
                Ok(status) => return Ok(status),
                Err(e) if attempt == 0 => {
                    self.stream = None;
                    let _ = e;
                }
                Err(e) => return Err(e),
            }
        }
        unreachable!()
    }

    fn exchange(
        &mut self,
        method: &str,
        path: &str,
        extra: &str,
        body: &[u8],
    ) -> Result<(u16, Option<f64>)> {
        let s = self.stream.as_mut().expect("connected");
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\n{extra}Content-Length: {}\r\n\r\n",
            self.addr,
            body.len()
        );
        let w = s.get_mut();
        w.write_all(head.as_bytes())?;
        w.write_all(body)?;
        let mut line = String::new();
        if s.read_line(&mut line)? == 0 {
            bail!("connection closed");
        }
        let status: u16 = line.split_whitespace().nth(1).context("status line")?.parse()?;
        let mut len = 0usize;
        let mut close = false;
        let mut inside = None;
        loop {
            line.clear();
            s.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            let lower = l.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                len = v.trim().parse()?;
            }
            if lower.starts_with("connection:") && lower.contains("close") {
                close = true;
            }
            if let Some(v) = lower.strip_prefix("server-timing:") {
                inside = v
                    .split(';')
                    .find_map(|p| p.trim().strip_prefix("dur="))
                    .and_then(|d| d.parse::<f64>().ok())
                    .map(|ms| ms * 1000.0);
            }
        }
        let mut buf = vec![0; len];
        s.read_exact(&mut buf)?;
        if close {
            self.stream = None;
        }
        Ok((status, inside))
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// CPU seconds (user + system, all threads) a process has used, from /proc/PID/stat.
fn cpu_seconds(pid: &str) -> Option<f64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    let rest = &s[s.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    // The kernel reports in USER_HZ, 100 on every Linux this runs on.
    Some(ticks / 100.0)
}

fn rss_kb(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    s.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()
}

fn encode(q: &str) -> String {
    q.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".into(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    micros: BTreeMap<&'static str, Vec<f64>>,
    /// The same requests' `Server-Timing`, by kind.
    inside: BTreeMap<&'static str, Vec<f64>>,
    errors: BTreeMap<String, u64>,
}

fn main() -> Result<()> {
    let (mut addr, mut qfile, mut pid, mut token) = (None, None, None, None);
    let (mut clients, mut seconds, mut post_every) = (8usize, 30u64, None::<f64>);
    let (mut facets, mut timeline, mut floor) = (false, false, false);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--addr" => addr = Some(val()),
            "--queries" => qfile = Some(PathBuf::from(val())),
            "--clients" => clients = val().parse().unwrap_or_else(|_| usage()),
            "--seconds" => seconds = val().parse().unwrap_or_else(|_| usage()),
            "--server-pid" => pid = Some(val().parse::<u32>().unwrap_or_else(|_| usage())),
            "--post-every" => post_every = Some(val().parse().unwrap_or_else(|_| usage())),
            "--token" => token = Some(val()),
            "--facets" => facets = true,
            "--timeline" => timeline = true,
            "--floor" => floor = true,
            _ => usage(),
        }
    }
    let addr: SocketAddr = addr.unwrap_or_else(|| usage()).parse().context("--addr HOST:PORT")?;
    if !addr.ip().is_loopback() {
        bail!("--addr {addr} is not a loopback address: this load runs against 127.0.0.1 only");
    }
    if clients == 0 || clients > MAX_CLIENTS || seconds == 0 || seconds > MAX_SECONDS {
        bail!("--clients 1..={MAX_CLIENTS}, --seconds 1..={MAX_SECONDS}");
    }
    let qfile = qfile.unwrap_or_else(|| usage());
    let queries: Vec<String> = std::fs::read_to_string(&qfile)
        .with_context(|| format!("reading {}", qfile.display()))?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    if queries.is_empty() {
        bail!("{} holds no query", qfile.display());
    }
    let rss_before = pid.and_then(rss_kb);
    let server_cpu_before = pid.and_then(|p| cpu_seconds(&p.to_string()));
    let client_cpu_before = cpu_seconds("self");
    let stop = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let started = Instant::now();
    std::thread::scope(|s| {
        for c in 0..clients {
            let (queries, stop, tally) = (&queries, stop.clone(), tally.clone());
            s.spawn(move || {
                let mut conn = Conn { addr, stream: None };
                let mut local = Tally::default();
                let mut i = c * queries.len() / clients;
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let q = encode(&queries[i % queries.len()]);
                    let (kind, path) = if floor && n % 2 == 1 {
                        ("floor", "/api/names?prefix=zzqxj&limit=1".to_string())
                    } else if timeline && n % 2 == 1 {
                        ("timeline", format!("/api/timeline?q={q}&split=speaker&top=5"))
                    } else if facets {
                        ("search+facets", format!("/api/search?q={q}&limit=10&facets=true"))
                    } else {
                        ("search", format!("/api/search?q={q}&limit=10"))
                    };
                    let t = Instant::now();
                    match conn.request("GET", &path, "", b"") {
                        Ok((200, inside)) => {
                            local
                                .micros
                                .entry(kind)
                                .or_default()
                                .push(t.elapsed().as_secs_f64() * 1e6);
                            if let Some(us) = inside {
                                local.inside.entry(kind).or_default().push(us);
                            }
                        }
                        Ok((status, _)) => {
                            *local.errors.entry(format!("{kind} {status}")).or_default() += 1
                        }
                        Err(e) => *local.errors.entry(format!("{kind} {e}")).or_default() += 1,
                    }
                    // Floor requests leave the query order alone, so the searches are the same
                    // with and without --floor.
                    if kind != "floor" {
                        i += 1;
                    }
                    n += 1;
                }
                let mut all = tally.lock().unwrap();
                for (k, v) in local.micros {
                    all.micros.entry(k).or_default().extend(v);
                }
                for (k, v) in local.inside {
                    all.inside.entry(k).or_default().extend(v);
                }
                for (k, v) in local.errors {
                    *all.errors.entry(k).or_default() += v;
                }
            });
        }
        if let (Some(every), Some(token)) = (post_every, token.as_deref()) {
            let (stop, tally) = (stop.clone(), tally.clone());
            s.spawn(move || {
                let mut conn = Conn { addr, stream: None };
                let mut k = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let body = format!(
                        "{{\"id\":\"serve-load-{}-{k}\",\"title\":\"Load test article {k}\",\
                         \"text\":\"\\u201cThe load run posted article {k},\\u201d said Ada Load.\\n\\n\
                         It is searchable at once.\",\"date\":\"2024-01-01\",\"source\":\"serve_load\"}}",
                        std::process::id()
                    );
                    let auth = format!("Authorization: Bearer {token}\r\nContent-Type: application/json\r\n");
                    let t = Instant::now();
                    let r = conn.request("POST", "/api/articles", &auth, body.as_bytes());
                    let mut all = tally.lock().unwrap();
                    match r {
                        Ok((200, _)) => all.micros.entry("post").or_default().push(t.elapsed().as_secs_f64() * 1e6),
                        Ok((status, _)) => *all.errors.entry(format!("post {status}")).or_default() += 1,
                        Err(e) => *all.errors.entry(format!("post {e}")).or_default() += 1,
                    }
                    drop(all);
                    k += 1;
                    let wait = Duration::from_secs_f64(every);
                    let until = Instant::now() + wait;
                    while Instant::now() < until && !stop.load(Ordering::Relaxed) {
                        std::thread::sleep(Duration::from_millis(50));
                    }
                }
            });
        }
        std::thread::sleep(Duration::from_secs(seconds));
        stop.store(true, Ordering::Relaxed);
    });
    let wall = started.elapsed().as_secs_f64();
    let rss_after = pid.and_then(rss_kb);
    let server_cpu = pid.and_then(|p| cpu_seconds(&p.to_string()));
    let server_cpu = server_cpu.zip(server_cpu_before).map(|(a, b)| a - b);
    let client_cpu = cpu_seconds("self").zip(client_cpu_before).map(|(a, b)| a - b);
    let tally = tally.lock().unwrap();
    let mut out = std::io::stdout().lock();
    let total: usize = tally.micros.values().map(Vec::len).sum();
    let errors: u64 = tally.errors.values().sum();
    writeln!(
        out,
        "{clients} clients, {wall:.1} s, {} queries from {}",
        queries.len(),
        qfile.display()
    )?;
    writeln!(
        out,
        "{total} requests answered 200, {:.0} requests/s, {errors} errors",
        total as f64 / wall
    )?;
    let mut result = serde_json::Map::new();
    let labelled = tally.micros.iter().map(|(k, v)| (k.to_string(), v));
    let inside = tally.inside.iter().map(|(k, v)| (format!("{k} in server"), v));
    for (label, v) in labelled.chain(inside) {
        let mut v = v.clone();
        v.sort_by(f64::total_cmp);
        let (p50, p99, max) = (percentile(&v, 50.0), percentile(&v, 99.0), v[v.len() - 1]);
        writeln!(
            out,
            "  {label:<14} {:>7} requests  p50 {p50:>9.0} µs  p99 {p99:>9.0} µs  max {max:>9.0} µs",
            v.len()
        )?;
        result.insert(
            label,
            serde_json::json!({"requests": v.len(), "p50_us": p50, "p99_us": p99, "max_us": max}),
        );
    }
    for (what, n) in &tally.errors {
        writeln!(out, "  error: {what} x{n}")?;
    }
    let per_request =
        |cpu: Option<f64>| cpu.map(|c| c * 1e6 / (total as f64 + errors as f64).max(1.0));
    if let Some(us) = per_request(client_cpu) {
        writeln!(out, "client CPU {us:.0} µs per request (10 ms clock ticks)")?;
    }
    if let Some(us) = per_request(server_cpu) {
        writeln!(out, "server CPU {us:.0} µs per request")?;
    }
    if let (Some(b), Some(a)) = (rss_before, rss_after) {
        writeln!(out, "server RSS {} MB before, {} MB after", b / 1024, a / 1024)?;
    }
    result.insert("errors".into(), errors.into());
    result.insert("requests_per_s".into(), (total as f64 / wall).into());
    result.insert("client_cpu_us_per_request".into(), per_request(client_cpu).into());
    result.insert("server_cpu_us_per_request".into(), per_request(server_cpu).into());
    result.insert("rss_kb_before".into(), rss_before.into());
    result.insert("rss_kb_after".into(), rss_after.into());
    writeln!(out, "RESULT {}", serde_json::Value::Object(result))?;
    Ok(())
}
