//! Writing: articles and their analysis become paragraph documents.
//!
//! [`Catalog`] knows which articles the index holds (id -> content hash) so an
//! ingest can skip unchanged articles before analysing them, replace edited
//! ones, and recognise the same text under another id. [`Writer`] owns the
//! tantivy writer (one per index: a second one gets [`Error::IndexBusy`]).
//! An article's delete and adds happen between two commits, so a commit never
//! holds half an article.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use std::sync::Mutex;

use tantivy::index::{SegmentId, SegmentMeta};
use tantivy::indexer::{LogMergePolicy, MergeCandidate, MergePolicy};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::Index;
use super::schema::{
    Fields, NAME_TOKENIZER, SAID_SLOTS, STEM_TOKENIZER, StoredQuote, actor_facet, encode_quotes,
    encode_who, field, push_said_token, slot_said_token, sole_said_token, speaker_facet,
    to_tantivy_date,
};
use crate::analysis::{Analysis, Kind};
use crate::article::{Article, ArticleId};
use crate::error::{Error, Result};

/// What an ingest should do with an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plan {
    /// New id, new content: index it.
    Add,
    /// Known id, changed content: replace its paragraphs.
    Replace,
    /// Known id, same content: nothing to do.
    Unchanged,
    /// New id, but the same content is indexed under this id already.
    Duplicate(ArticleId),
}

/// The articles an index holds: id -> content hash, and hash -> first id.
#[derive(Default)]
pub struct Catalog {
    by_id: HashMap<ArticleId, u64>,
    by_hash: HashMap<u64, ArticleId>,
}

impl Catalog {
    /// Read the catalog from the index's fast fields (paragraph 0 of every live article).
    pub fn load(index: &Index) -> Result<Catalog> {
        let reader = index.inner.reader()?;
        let searcher = reader.searcher();
        let mut cat = Catalog::default();
        for seg in searcher.segment_readers() {
            let ff = seg.fast_fields();
            let Some(ids) = ff.str(field::ARTICLE_ID)? else { continue };
            let hashes = ff.u64(field::HASH)?;
            let paras = ff.u64(field::PARAGRAPH)?;
            let mut by_ord: Vec<(u64, u64)> = seg
                .doc_ids_alive()
                .filter(|&doc| paras.first(doc) == Some(0))
                .filter_map(|doc| Some((ids.ords().first(doc)?, hashes.first(doc)?)))
                .collect();
            by_ord.sort_unstable();
            by_ord.dedup_by_key(|(ord, _)| *ord);
            // One sorted walk of the id dictionary: looking ids up one by one decompresses a
            // dictionary block per article (seconds on a large index).
            let ords: Vec<u64> = by_ord.iter().map(|(ord, _)| *ord).collect();
            let mut hashes_in_order = by_ord.iter().map(|(_, hash)| *hash);
            ids.dictionary()
                .sorted_ords_to_term_cb(&ords, |bytes| {
                    if let (Ok(id), Some(hash)) =
                        (std::str::from_utf8(bytes), hashes_in_order.next())
                    {
                        cat.insert(ArticleId(id.to_string()), hash);
                    }
                })
                .map_err(|e| Error::Tantivy(e.into()))?;
        }
        Ok(cat)
    }

    /// Decide what to do with an article whose content hashes to `hash`, and record the decision.
    pub fn plan(&mut self, id: &ArticleId, hash: u64) -> Plan {
        match self.by_id.get(id) {
            Some(&h) if h == hash => Plan::Unchanged,
            Some(_) => {
                self.insert(id.clone(), hash);
                Plan::Replace
            }
            None => match self.by_hash.get(&hash) {
                Some(first) if first != id => Plan::Duplicate(first.clone()),
                _ => {
                    self.insert(id.clone(), hash);
                    Plan::Add
                }
            },
        }
    }

    fn insert(&mut self, id: ArticleId, hash: u64) {
        self.by_hash.entry(hash).or_insert_with(|| id.clone());
        self.by_id.insert(id, hash);
    }

    /// True when the index holds an article with this id.
    pub fn contains(&self, id: &ArticleId) -> bool {
        self.by_id.contains_key(id)
    }

    /// Forget an article (it is being deleted); true when it was known.
    pub fn remove(&mut self, id: &ArticleId) -> bool {
        let Some(hash) = self.by_id.remove(id) else { return false };
        if self.by_hash.get(&hash) == Some(id) {
            self.by_hash.remove(&hash);
        }
        true
    }

    /// Every id known.
    pub fn ids(&self) -> impl Iterator<Item = &ArticleId> {
        self.by_id.keys()
    }

    /// Number of articles known.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// True when no article is known.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

/// Settings of the tantivy writer.
#[derive(Clone, Copy, Debug)]
pub struct WriterOptions {
    /// Indexing threads.
    pub threads: usize,
    /// Total memory budget of the indexing threads, bytes.
    pub memory_budget: usize,
    /// Wait for another writer to finish instead of failing.
    pub wait: bool,
}

impl Default for WriterOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        WriterOptions {
            // Analysis, not indexing, is the bottleneck: half the cores keep up, and each
            // indexing thread makes a segment of its own at every commit.
            threads: (cores / 2).clamp(1, 8),
            memory_budget: memory_budget((cores / 2).clamp(1, 8)),
            wait: false,
        }
    }
}

/// A budget from the machine: an eighth of the memory, between 50 MB a thread and 1 GB in all.
fn memory_budget(threads: usize) -> usize {
    let total = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemAvailable:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<usize>().ok())
        })
        .map_or(4 << 30, |kb| kb * 1024);
    (total / 8).clamp(threads * 50_000_000, 1_000_000_000)
}

/// The one writer of an index.
pub struct Writer {
    writer: IndexWriter,
    fields: Fields,
    /// Set before the last commit: see [`IngestMergePolicy`].
    finishing: Arc<AtomicBool>,
    /// The index's own analyzers, for the `said` tokens (names, stems): one set per analysis
    /// worker, taken for an article and given back, so the workers never wait for each other
    /// (one shared set under a lock serialised their document building).
    analyzers: Mutex<Vec<Analyzers>>,
    /// What a worker that finds no free set clones (with empty stem caches).
    prototype: Analyzers,
}

/// The analyzers a paragraph's `said` tokens are made with: those the index registered, so a
/// query analyses a name and a word exactly as the writer did.
#[derive(Clone)]
struct Analyzers {
    name: TextAnalyzer,
    stem: TextAnalyzer,
}

impl Analyzers {
    fn of(index: &Index) -> Analyzers {
        let get = |n: &str| index.inner.tokenizers().get(n).expect("registered by Index::wrap");
        Analyzers { name: get(NAME_TOKENIZER), stem: get(STEM_TOKENIZER) }
    }
}

/// The last token `analyzer` makes of `text`.
fn last_token(analyzer: &mut TextAnalyzer, text: &str) -> Option<String> {
    let mut last = None;
    analyzer.token_stream(text).process(&mut |t| last = Some(t.text.clone()));
    last
}

/// Tantivy's log merge policy while an ingest runs; at its end, the smallest segments this
/// ingest made (and older segments no larger than what it added) are merged into one, up to
/// [`FINAL_MERGE_DOCS`] paragraphs.
///
/// Every query pays per segment (term lookups, a top-k heap, a doc-store cache each), and
/// the log policy waits for eight segments of a level before it merges, so the tail of an
/// ingest (the last commits, many one-article ingests) would otherwise stay in pieces. The
/// cap keeps the merge cheap in time and memory: a merge maps all of its input, which counts
/// in the process's peak resident memory, and adding one article to a large index never
/// rewrites the large segments.
#[derive(Debug)]
struct IngestMergePolicy {
    /// Segments that existed when the writer opened.
    before: HashSet<SegmentId>,
    finishing: Arc<AtomicBool>,
    during: LogMergePolicy,
}

/// Most paragraphs the final merge of an ingest takes in (about 60 MB of index).
const FINAL_MERGE_DOCS: u64 = 100_000;

impl MergePolicy for IngestMergePolicy {
    fn compute_merge_candidates(&self, segments: &[SegmentMeta]) -> Vec<MergeCandidate> {
        if !self.finishing.load(Ordering::SeqCst) {
            return self.during.compute_merge_candidates(segments);
        }
        let is_new = |s: &SegmentMeta| !self.before.contains(&s.id());
        let added: u64 =
            segments.iter().filter(|s| is_new(s)).map(|s| u64::from(s.num_docs())).sum();
        let mut small: Vec<&SegmentMeta> =
            segments.iter().filter(|s| is_new(s) || u64::from(s.num_docs()) <= added).collect();
        small.sort_by_key(|s| s.num_docs());
        let mut docs = 0;
        let group: Vec<SegmentId> = small
            .into_iter()
            .take_while(|s| {
                docs += u64::from(s.num_docs());
                docs <= FINAL_MERGE_DOCS
            })
            .map(SegmentMeta::id)
            .collect();
        if group.len() >= 2 && group.iter().any(|id| !self.before.contains(id)) {
            vec![MergeCandidate(group)]
        } else {
            self.during.compute_merge_candidates(segments)
        }
    }
}

impl Writer {
    /// Take the index's writer lock; [`Error::IndexBusy`] when another process has it.
    pub fn open(index: &Index, opts: WriterOptions) -> Result<Writer> {
        let started = Instant::now();
        loop {
            match index.inner.writer_with_num_threads(opts.threads, opts.memory_budget) {
                Ok(writer) => {
                    let finishing = Arc::new(AtomicBool::new(false));
                    let before = index.inner.searchable_segment_ids()?.into_iter().collect();
                    writer.set_merge_policy(Box::new(IngestMergePolicy {
                        before,
                        finishing: finishing.clone(),
                        during: LogMergePolicy::default(),
                    }));
                    return Ok(Writer {
                        writer,
                        fields: index.fields,
                        finishing,
                        analyzers: Mutex::new(Vec::new()),
                        prototype: Analyzers::of(index),
                    });
                }
                Err(tantivy::TantivyError::LockFailure(..)) => {
                    if !opts.wait || started.elapsed() > Duration::from_secs(24 * 3600) {
                        return Err(Error::IndexBusy(index.dir.clone()));
                    }
                    std::thread::sleep(Duration::from_millis(250));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Add an article's paragraphs, first deleting its old ones when `replace`.
    pub fn put(
        &self,
        article: &Article,
        analysis: &Analysis,
        hash: u64,
        replace: bool,
    ) -> Result<()> {
        if replace {
            self.delete(&article.id);
        }
        let free = self.analyzers.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let mut an = free.unwrap_or_else(|| self.prototype.clone());
        let docs = documents(&self.fields, &mut an, article, analysis, hash);
        self.analyzers.lock().unwrap_or_else(|p| p.into_inner()).push(an);
        for doc in docs {
            self.writer.add_document(doc)?;
        }
        Ok(())
    }

    /// Delete every paragraph of an article.
    pub fn delete(&self, id: &ArticleId) {
        self.writer.delete_term(Term::from_field_text(self.fields.article_id, id.as_str()));
    }

    /// Make everything added so far durable and visible.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit()?;
        Ok(())
    }

    /// Commit, merge what this ingest added, and wait for merges to finish.
    pub fn finish(mut self) -> Result<()> {
        self.finishing.store(true, Ordering::SeqCst);
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

/// Index the words of a paragraph's quotes (`quote`) and who said them (`said`), so
/// `--speaker blair iraq` can ask whether "iraq" is inside Blair's own words. A speaker is
/// known by the last part of their name: every name part made the `said` terms a third of
/// the BBC index (2.6 of 11.0 MB, most of it dictionary).
///
/// When every quote of the paragraph has the same speaker (most paragraphs with quotes), the
/// `quote` field already holds exactly the words they said, and one [`sole_said_token`] says
/// who. Otherwise each speaker takes a slot: the words of their quotes go to the slot's
/// `said_words` field, with a [`slot_said_token`]; a speaker beyond the slots has each stem
/// of their quotes paired with their name ([`said_token`]). A pair a word, for every
/// speaker, made more terms than all other fields together, and their sort, dictionary and
/// stemming a sixth of an ingest's instructions; the slots' terms are words the index knows.
///
/// [`said_token`]: super::schema::said_token
fn add_quoted_words(
    f: &Fields,
    an: &mut Analyzers,
    d: &mut TantivyDocument,
    paragraph: &str,
    quotes: &[StoredQuote],
) {
    // Each quote indexed, with the last part of its speaker's name (None: no speaker).
    let mut spoken: Vec<(&str, Option<String>)> = Vec::with_capacity(quotes.len());
    for q in quotes {
        let Some(text) = paragraph.get(q.s..q.e) else { continue };
        d.add_text(f.quote, text);
        spoken.push((text, q.who.as_ref().and_then(|who| last_token(&mut an.name, who))));
    }
    if let Some((_, Some(first))) = spoken.first()
        && spoken.iter().all(|(_, s)| s.as_ref() == Some(first))
    {
        d.add_text(f.said, sole_said_token(first));
        return;
    }
    let mut slots: Vec<&str> = Vec::with_capacity(SAID_SLOTS);
    // The pairs of speakers beyond the slots, one after another in one string: a string a
    // pair was an allocation and a free for every quoted word.
    let mut buf = String::new();
    let mut said: Vec<Range<usize>> = Vec::new();
    for (text, surname) in &spoken {
        let Some(surname) = surname else { continue };
        let slot = slots.iter().position(|s| s == surname).unwrap_or_else(|| {
            slots.push(surname);
            if slots.len() <= SAID_SLOTS {
                d.add_text(f.said, slot_said_token(surname, slots.len() - 1));
            }
            slots.len() - 1
        });
        if let Some(&field) = f.said_words.get(slot) {
            d.add_text(field, text);
            continue;
        }
        an.stem.token_stream(text).process(&mut |t| {
            let from = buf.len();
            push_said_token(&mut buf, surname, &t.text);
            said.push(from..buf.len());
        });
    }
    said.sort_unstable_by(|a, b| buf[a.clone()].cmp(&buf[b.clone()]));
    said.dedup_by(|a, b| buf[a.clone()] == buf[b.clone()]);
    // One value a token: the field's `raw` tokenizer makes each value one term, the terms
    // a pre-tokenized value would give (the field keeps no positions). A pre-tokenized value
    // costs far more: tantivy keeps it in the document as JSON, written here and parsed again
    // by the indexing thread, a tenth of that thread's time.
    for t in said {
        d.add_text(f.said, &buf[t]);
    }
}

/// The tantivy documents of an article: one per paragraph.
fn documents(
    f: &Fields,
    an: &mut Analyzers,
    article: &Article,
    analysis: &Analysis,
    hash: u64,
) -> Vec<TantivyDocument> {
    let mut docs = Vec::with_capacity(article.paragraphs.len());
    for (i, span) in article.paragraphs.iter().enumerate() {
        let mut d = TantivyDocument::new();
        d.add_text(f.article_id, article.id.as_str());
        // The catalog reads the hash of paragraph 0 only; on every paragraph it would cost
        // 8 incompressible bytes a paragraph.
        if i == 0 {
            d.add_u64(f.hash, hash);
        }
        if let Some(t) = &article.title {
            d.add_text(f.title, t);
        }
        d.add_text(f.text, &article.text[span.clone()]);
        d.add_u64(f.paragraph, i as u64);
        if let Some(date) = article.date {
            d.add_date(f.date, to_tantivy_date(date));
        }
        if let Some(s) = &article.source {
            d.add_text(f.source, s);
        }
        if let Some(u) = &article.url {
            d.add_text(f.url, u);
        }
        d.add_text(f.origin, &article.origin);
        let mut speakers: &[String] = &[];
        if let Some(facts) = analysis.paragraphs.get(i) {
            speakers = &facts.speakers;
            for s in &facts.speakers {
                d.add_facet(f.who, speaker_facet(s));
                d.add_text(f.speaker, s);
            }
            for a in &facts.actors {
                d.add_facet(f.who, actor_facet(a.kind, &a.name));
                d.add_text(f.actor_field(a.kind), &a.name);
            }
            if !facts.speakers.is_empty() || !facts.actors.is_empty() {
                let actors: Vec<(Kind, &str)> =
                    facts.actors.iter().map(|a| (a.kind, a.name.as_str())).collect();
                d.add_text(f.who_list, encode_who(&facts.speakers, &actors));
            }
        }
        let quotes: Vec<StoredQuote> = analysis
            .quotes
            .iter()
            .filter(|q| q.paragraph == i)
            .map(|q| StoredQuote {
                s: q.span.start.saturating_sub(span.start),
                e: q.span.end.min(span.end).saturating_sub(span.start),
                d: q.direct,
                conf: q.confidence,
                cue: q
                    .cue
                    .as_ref()
                    .filter(|c| c.start >= span.start && c.end <= span.end)
                    .map(|c| (c.start - span.start, c.end - span.start)),
                who: q.speaker.clone(),
            })
            .collect();
        if !quotes.is_empty() {
            d.add_text(f.quotes, encode_quotes(&quotes, speakers));
            add_quoted_words(f, an, &mut d, &article.text[span.clone()], &quotes);
        }
        docs.push(d);
    }
    docs
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use tantivy::collector::Count;
    use tantivy::query::TermQuery;
    use tantivy::schema::IndexRecordOption;

    use super::*;
    use crate::article::read::Format;
    use crate::article::{ReadOptions, Reader};
    use crate::index::schema::said_token;
    use crate::ingest::{IngestOptions, ingest_articles};

    /// What [`add_quoted_words`] gives a paragraph whose quotes are `quotes` (their text,
    /// found in the paragraph, and speaker): the `said` values, the `said_words` values of
    /// each slot, and the number of `quote` values.
    fn said_of(paragraph: &str, quotes: &[(&str, Option<&str>)]) -> Said {
        use tantivy::schema::Value;
        let dir = tempfile::tempdir().unwrap();
        let index = Index::open_or_create(dir.path()).unwrap();
        let f = index.fields;
        let quotes: Vec<StoredQuote> = quotes
            .iter()
            .map(|(q, who)| {
                let s = paragraph.find(q).expect("quote in paragraph");
                let who = who.map(str::to_string);
                StoredQuote { s, e: s + q.len(), d: true, conf: 0.9, cue: None, who }
            })
            .collect();
        let mut d = TantivyDocument::new();
        add_quoted_words(&f, &mut Analyzers::of(&index), &mut d, paragraph, &quotes);
        let values = |field| -> Vec<String> {
            d.get_all(field).filter_map(|v| v.as_str().map(str::to_string)).collect()
        };
        Said {
            said: values(f.said),
            words: f.said_words.map(values),
            quotes: d.get_all(f.quote).count(),
        }
    }

    #[derive(Debug)]
    struct Said {
        said: Vec<String>,
        words: [Vec<String>; SAID_SLOTS],
        quotes: usize,
    }

    /// Every quote one speaker's (the same last name): one sole token, no slot; the quote
    /// field holds their words.
    #[test]
    fn one_speakers_quotes_make_one_sole_token() {
        let p = "\"We sail,\" said Anna Berg. \"Storms come,\" she added.";
        let got = said_of(p, &[("We sail,", Some("Anna Berg")), ("Storms come,", Some("A. Berg"))]);
        assert_eq!(got.said, [sole_said_token("berg")], "{got:?}");
        assert!(got.words.iter().all(Vec::is_empty), "{got:?}");
        assert_eq!(got.quotes, 2);
    }

    /// Quotes of two speakers: a slot each, in order, with the words of all of that
    /// speaker's quotes; the last part of the name only.
    #[test]
    fn two_speakers_take_a_slot_each() {
        let p =
            "Anna Berg said: \"We sail.\" Piet Olsen said: \"Storms come.\" \"At dawn,\" she said.";
        let got = said_of(
            p,
            &[
                ("We sail.", Some("Anna Berg")),
                ("Storms come.", Some("Piet Olsen")),
                ("At dawn,", Some("Anna Berg")),
            ],
        );
        assert_eq!(got.said, [slot_said_token("berg", 0), slot_said_token("olsen", 1)]);
        assert_eq!(got.words[0], ["We sail.", "At dawn,"], "{got:?}");
        assert_eq!(got.words[1], ["Storms come."], "{got:?}");
        assert_eq!(got.quotes, 3);
    }

    /// An unattributed quote beside a speaker's: the quote field holds words the speaker did
    /// not say, so the speaker takes a slot rather than a sole token; alone it gives nothing.
    #[test]
    fn a_quote_without_speaker_is_nobodys() {
        let p = "It was \"a storm\", and \"we sail\" said Anna Berg.";
        let got = said_of(p, &[("a storm", None), ("we sail", Some("Anna Berg"))]);
        assert_eq!(got.said, [slot_said_token("berg", 0)], "{got:?}");
        assert_eq!(got.words[0], ["we sail"], "{got:?}");
        assert_eq!(got.quotes, 2);
        let got = said_of(p, &[("a storm", None)]);
        assert!(got.said.is_empty() && got.words.iter().all(Vec::is_empty), "{got:?}");
    }

    /// A speaker beyond the slots: each stem of their quotes paired with their name, sorted,
    /// without repeats.
    #[test]
    fn speakers_beyond_the_slots_pair_each_stem() {
        let p = "\"One.\" \"Two.\" \"Three.\" \"Rain falls, rain falls.\" So they said.";
        let got = said_of(
            p,
            &[
                ("One.", Some("Anna Berg")),
                ("Two.", Some("Piet Olsen")),
                ("Three.", Some("Ola Nord")),
                ("Rain falls, rain falls.", Some("Kari Dahl")),
            ],
        );
        let slots = [("berg", 0), ("olsen", 1), ("nord", 2)].map(|(n, k)| slot_said_token(n, k));
        let pairs = [said_token("dahl", "fall"), said_token("dahl", "rain")];
        assert_eq!(got.said, [&slots[..], &pairs[..]].concat(), "{got:?}");
        assert_eq!(got.words.map(|w| w.len()), [1, 1, 1]);
    }

    /// As indexed: the slot tokens, and the stems of the slot's words in its field.
    #[test]
    fn slots_are_indexed_as_made() {
        let dir = tempfile::tempdir().unwrap();
        let index = Index::open_or_create(dir.path()).unwrap();
        let text = "Anna Berg said: \u{201c}We are sailing at dawn.\u{201d} Piet Olsen \
                    replied: \u{201c}The storm comes first.\u{201d}";
        let json = serde_json::json!({"id": "a", "text": text}).to_string();
        let mut articles = Vec::new();
        Reader::read_bytes(
            json.as_bytes(),
            Some(Format::Json),
            "-",
            ReadOptions::default(),
            &mut |a| articles.extend(a.ok()),
        )
        .unwrap();
        let opts = IngestOptions { analysis_threads: 1, ..IngestOptions::default() };
        ingest_articles(&index, articles, &opts, &AtomicBool::new(false)).unwrap();
        let searcher = index.inner.reader().unwrap().searcher();
        let count = |field, token: &str| {
            let term = Term::from_field_text(field, token);
            searcher.search(&TermQuery::new(term, IndexRecordOption::Basic), &Count).unwrap()
        };
        let f = &index.fields;
        let slots = (
            count(f.said, &slot_said_token("berg", 0)),
            count(f.said, &slot_said_token("olsen", 1)),
        );
        assert_eq!(slots, (1, 1));
        assert_eq!((count(f.said_words[0], "sail"), count(f.said_words[1], "storm")), (1, 1));
        assert_eq!((count(f.said_words[0], "storm"), count(f.said_words[1], "sail")), (0, 0));
    }
}
