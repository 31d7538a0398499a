//! Output for people: hits, facets, stats, articles, analyses, ingest summaries.
//!
//! Matched terms are bold on a terminal and wrapped in `**` when styling is
//! off (piped output, `NO_COLOR`, `--color never`), so they stay visible.

use std::io::{self, Write};

use super::Style;
use crate::analysis::{Actor, Analysis};
use crate::article::Article;
use crate::index::search::{Facets, Hit, SearchResult, Stats, StoredArticle};
use crate::ingest::Summary;

impl Style {
    fn bold(&self, s: &str) -> String {
        if self.color { format!("\x1b[1m{s}\x1b[0m") } else { s.to_string() }
    }

    fn dim(&self, s: &str) -> String {
        if self.color { format!("\x1b[2m{s}\x1b[0m") } else { s.to_string() }
    }

    fn mark(&self, s: &str) -> String {
        if self.color { format!("\x1b[1;31m{s}\x1b[0m") } else { format!("**{s}**") }
    }
}

/// The snippet with its matched terms marked, on one line.
fn snippet(style: &Style, h: &Hit) -> String {
    super::render_snippet(
        &h.snippet,
        |t, out| out.push_str(t),
        |t, out| out.push_str(&style.mark(t)),
    )
    .replace('\n', " ")
}

fn actors_line(actors: &[Actor]) -> String {
    actors.iter().map(|a| format!("{} ({})", a.name, a.kind)).collect::<Vec<_>>().join(", ")
}

fn meta_line(h: &Hit) -> String {
    let mut parts = Vec::new();
    if let Some(d) = h.date {
        parts.push(d.format("%Y-%m-%d").to_string());
    }
    if let Some(s) = &h.source {
        parts.push(s.clone());
    }
    parts.push(format!("¶{}", h.paragraph));
    parts.join(" · ")
}

/// Query hits, then facets.
pub fn hits(w: &mut dyn Write, style: &Style, r: &SearchResult, query: &str) -> io::Result<()> {
    if r.hits.is_empty() {
        if r.total == 0 {
            writeln!(w, "no paragraph matches {query:?}")?;
        } else {
            writeln!(
                w,
                "{}; none on this page (--offset past the end, or --limit 0)",
                count(r.total as u64, "paragraph matches", "paragraphs match")
            )?;
        }
    }
    for h in &r.hits {
        let title = h.title.as_deref().unwrap_or("(untitled)");
        let score = h
            .score
            .map(|s| format!("  {}", style.dim(&format!("score {s:.2}"))))
            .unwrap_or_default();
        writeln!(
            w,
            "{}. {}  {}{}",
            h.rank,
            style.bold(title),
            style.dim(&format!("({})", meta_line(h))),
            score
        )?;
        writeln!(w, "   {}", snippet(style, h))?;
        // The quotes that hold a word of the query, with who said them.
        for q in h.quotes.iter().filter(|q| q.matched) {
            let text = h.text.get(q.span.clone()).unwrap_or("");
            let kind = if q.direct { "quote" } else { "reported" };
            // A quote the snippet above already shows whole is named by its opening words:
            // the line is there to say who said it, not to print the words twice.
            let shown = if h.snippet.fragment.contains(text) { 40 } else { 160 };
            writeln!(
                w,
                "   {} {} — {}",
                style.dim(kind),
                short(text, shown),
                q.speaker.as_deref().unwrap_or("(speaker unknown)")
            )?;
        }
        if !h.speakers.is_empty() {
            writeln!(w, "   speakers: {}", h.speakers.join(", "))?;
        }
        if !h.actors.is_empty() {
            writeln!(w, "   actors: {}", actors_line(&h.actors))?;
        }
        writeln!(w, "   {}", style.dim(&format!("id: {}", h.article_id)))?;
        writeln!(w)?;
    }
    if let Some(f) = &r.facets {
        facets(w, style, f)?;
    }
    let shown = if r.hits.is_empty() {
        String::new()
    } else {
        format!(", showing {}-{}", r.hits[0].rank, r.hits[r.hits.len() - 1].rank)
    };
    writeln!(
        w,
        "{}",
        style.dim(&format!(
            "{}{shown} ({:.1} ms)",
            count(r.total as u64, "matching paragraph", "matching paragraphs"),
            r.took.as_secs_f64() * 1e3
        ))
    )
}

fn facets(w: &mut dyn Write, style: &Style, f: &Facets) -> io::Result<()> {
    writeln!(w, "{}", style.bold("Top speakers"))?;
    if f.speakers.is_empty() {
        writeln!(w, "   (none)")?;
    }
    for (name, n) in &f.speakers {
        writeln!(w, "  {n:>6}  {name}")?;
    }
    writeln!(w, "{}", style.bold("Top actors"))?;
    if f.actors.is_empty() {
        writeln!(w, "   (none)")?;
    }
    for (a, n) in &f.actors {
        writeln!(w, "  {n:>6}  {} ({})", a.name, a.kind)?;
    }
    writeln!(w)
}

/// `stats`.
pub fn stats(w: &mut dyn Write, style: &Style, s: &Stats) -> io::Result<()> {
    writeln!(
        w,
        "{}, {}, {}",
        count(s.articles, "article", "articles"),
        count(s.paragraphs, "paragraph", "paragraphs"),
        count(s.segments as u64, "segment", "segments")
    )?;
    let d = &s.dates;
    match (d.first, d.last) {
        (Some(a), Some(b)) => writeln!(w, "dated {a} to {b}; {} undated\n", d.undated)?,
        _ => writeln!(w, "no dated articles; {} undated\n", d.undated)?,
    }
    facets(w, style, &s.facets)
}

/// `show`.
pub fn article(w: &mut dyn Write, style: &Style, a: &StoredArticle) -> io::Result<()> {
    let Some(first) = a.paragraphs.first() else { return Ok(()) };
    writeln!(w, "{}", style.bold(first.title.as_deref().unwrap_or("(untitled)")))?;
    let mut meta = vec![format!("id: {}", first.article_id)];
    if let Some(d) = first.date {
        meta.push(format!("date: {}", d.format("%Y-%m-%d")));
    }
    if let Some(s) = &first.source {
        meta.push(format!("source: {s}"));
    }
    if let Some(u) = &first.url {
        meta.push(format!("url: {u}"));
    }
    if let Some(o) = &first.origin {
        meta.push(format!("path: {o}"));
    }
    writeln!(w, "{}\n", style.dim(&meta.join(" · ")))?;
    for h in &a.paragraphs {
        writeln!(w, "[{}] {}", h.paragraph, h.text.replace('\n', " "))?;
        for q in &h.quotes {
            let text = h.text.get(q.span.clone()).unwrap_or("");
            let kind = if q.direct { "quote" } else { "reported" };
            writeln!(
                w,
                "    {} {} — {}",
                style.dim(kind),
                short(text, 100),
                q.speaker.as_deref().unwrap_or("(speaker unknown)")
            )?;
        }
        if !h.actors.is_empty() {
            writeln!(w, "    {} {}", style.dim("actors"), actors_line(&h.actors))?;
        }
        writeln!(w)?;
    }
    Ok(())
}

/// `n` and the noun that agrees with it: "1 paragraph", "2 paragraphs".
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn short(s: &str, max: usize) -> String {
    let s = s.replace('\n', " ");
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// `analyze` without `--json`.
pub fn analysis(w: &mut dyn Write, style: &Style, a: &Article, an: &Analysis) -> io::Result<()> {
    writeln!(
        w,
        "{}  {}",
        style.bold(a.title.as_deref().unwrap_or("(untitled)")),
        style.dim(&format!("({})", a.origin))
    )?;
    writeln!(
        w,
        "{}, {}, {}",
        count(a.paragraphs.len() as u64, "paragraph", "paragraphs"),
        count(an.entities.len() as u64, "entity", "entities"),
        count(an.quotes.len() as u64, "quote", "quotes")
    )?;
    if !an.entities.is_empty() {
        writeln!(w, "{}", style.bold("Entities"))?;
        for e in &an.entities {
            let mentions = count(e.mentions.len() as u64, "mention", "mentions");
            writeln!(w, "  {:<6} {} ({mentions})", e.kind.as_str(), e.name)?;
        }
    }
    if !an.quotes.is_empty() {
        writeln!(w, "{}", style.bold("Quotes"))?;
        for q in &an.quotes {
            let text = a.text.get(q.span.clone()).unwrap_or("");
            let who = q.speaker.as_deref().unwrap_or("(unknown)");
            writeln!(w, "  ¶{:<3} {:<22} {}", q.paragraph, short(who, 22), short(text, 90))?;
        }
    }
    writeln!(w)
}

/// The ingest summary (on stderr).
pub fn summary(w: &mut dyn Write, s: &Summary, verbose: bool) -> io::Result<()> {
    for d in &s.date_warnings {
        let at = d.line.map(|l| format!(":{l}")).unwrap_or_default();
        writeln!(w, "whosaid: warning: {}{at}: {}", d.origin, date_warning(&d.date))?;
    }
    if s.removed > 0 {
        writeln!(
            w,
            "{} articles removed (their files are gone or no longer hold them)",
            s.removed
        )?;
    }
    if verbose {
        for d in &s.duplicates {
            writeln!(w, "whosaid: {}: same text as article {} (indexed once)", d.origin, d.of)?;
        }
    }
    let mb = s.bytes as f64 / 1e6;
    let rate = if s.seconds > 0.0 { mb / s.seconds } else { 0.0 };
    let dup_hint =
        if !verbose && !s.duplicates.is_empty() { " (--verbose lists them)" } else { "" };
    if s.interrupted {
        writeln!(
            w,
            "interrupted: stopped reading at Ctrl-C; {} ({}) committed, \
             the rest not read (run the same ingest again to add it)",
            count(s.added + s.replaced, "article", "articles"),
            count(s.paragraphs, "paragraph", "paragraphs")
        )?;
    }
    writeln!(
        w,
        "{}{} added, {} replaced, {} unchanged, {}{dup_hint}, {} rejected; {} ({mb:.1} MB) in {:.2} s ({rate:.1} MB/s)",
        if s.interrupted { "so far: " } else { "" },
        s.added,
        s.replaced,
        s.unchanged,
        count(s.duplicates.len() as u64, "duplicate", "duplicates"),
        s.rejected.len(),
        count(s.paragraphs, "paragraph", "paragraphs"),
        s.seconds,
    )?;
    if s.added + s.replaced == 0 && !s.interrupted && s.rejected.is_empty() {
        writeln!(w, "nothing new to index")?;
    }
    Ok(())
}

/// Why an article is undated: its date text could not be read.
pub fn date_warning(date: &str) -> String {
    format!(
        "date {date:?} cannot be read (not a calendar date in a known form); indexed without a date"
    )
}

/// One line for a batch of `watch`.
pub fn watch_batch(w: &mut dyn Write, b: &crate::watch::Batch) -> io::Result<()> {
    let s = &b.summary;
    for d in &s.date_warnings {
        let at = d.line.map(|l| format!(":{l}")).unwrap_or_default();
        writeln!(w, "whosaid: warning: {}{at}: {}", d.origin, date_warning(&d.date))?;
    }
    writeln!(
        w,
        "whosaid: {}{} added, {} replaced, {} removed, {} unchanged, {} rejected",
        if b.reconcile { "reconciled: " } else { "" },
        s.added,
        s.replaced,
        s.removed + b.removed as u64,
        s.unchanged,
        s.rejected.len()
    )
}

/// The stderr report of one `follow` pass.
pub fn follow_pass(w: &mut dyn Write, r: &crate::follow::PassReport) -> io::Result<()> {
    for e in &r.errors {
        writeln!(w, "whosaid: {}: {}", e.url, e.reason)?;
    }
    for d in &r.summary.date_warnings {
        writeln!(w, "whosaid: warning: {}: {}", d.origin, date_warning(&d.date))?;
    }
    let s = &r.summary;
    writeln!(
        w,
        "whosaid: {} feeds asked ({} not modified, {} backing off); {} new entries, {} pages fetched; \
         {} added, {} replaced, {} unchanged, {} duplicates, {} rejected",
        r.feeds,
        r.not_modified,
        r.backing_off,
        r.new_entries,
        r.pages,
        s.added,
        s.replaced,
        s.unchanged,
        s.duplicates.len(),
        s.rejected.len()
    )
}
