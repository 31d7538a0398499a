//! Reading: a [`SearchRequest`] becomes hits, a total and facet counts.
//!
//! A one-term query collects its top documents in one pass (which may skip blocks
//! that cannot compete) and its count and facet counts in another that needs no
//! scores; any other query has to score every match anyway, and collects all three
//! in that one pass. Stored fields and snippets are produced only for the page. The
//! searcher is opened once per process (`ReloadPolicy::Manual`: a query sees the last
//! commit at open time, and [`Searcher::reload`] refreshes it).

use std::collections::HashMap;
use std::ops::{Bound, Range};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur,
    PhraseQuery, Query, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, IndexReader, Order, ReloadPolicy, TantivyDocument, Term};

use super::Index;
use super::deadline::{self, search_within};
use super::facets::{Tally, WhoCollector, WhoTable, count, raw_counts};
use super::names::{Aliases, NameTable, read_cache};
use super::query::{Clause, Leaf, Node, Target, parse_query};
use super::rank::{self, TITLE_WEIGHT};
use super::schema::{
    Fields, NAME_TOKENIZER, STEM_TOKENIZER, actor_facet, actor_root, decode_quotes, decode_who,
    field, from_tantivy_date, speaker_facet, to_tantivy_date,
};
use super::snippet::{Highlighter, Snippet};
use crate::analysis::{Actor, Kind};
use crate::error::{Error, Result};

/// What one collection pass yields: total, the page (score, address), the facet tally
/// of all matches.
type Collected = (usize, Vec<(Option<f32>, DocAddress)>, Option<Tally>);

/// A prefix term expands to at most this many indexed terms (the most frequent).
const MAX_PREFIX_TERMS: usize = 64;

/// How hits are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// By BM25 score.
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// What to search for.
#[derive(Clone, Debug, Default)]
pub struct SearchRequest {
    /// Query text in the query language (may be empty when filters are given).
    pub text: String,
    /// Any term may match instead of every term.
    pub any: bool,
    /// Speaker name filters (ANDed).
    pub speakers: Vec<String>,
    /// Actor name filters (ANDed).
    pub actors: Vec<String>,
    /// Actor kind filter (with `actors`: actors of that kind; alone: any actor of that kind).
    pub kind: Option<Kind>,
    /// Source filters (ANDed).
    pub sources: Vec<String>,
    /// Earliest date, inclusive.
    pub since: Option<NaiveDate>,
    /// Latest date, inclusive.
    pub until: Option<NaiveDate>,
    /// Order.
    pub sort: Sort,
    /// Page size (0: only the total and facets).
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Count speakers and actors over all matches.
    pub facets: bool,
    /// Facet values to return per list.
    pub facet_limit: usize,
    /// With `facets`: count the matches' sources too (in the same pass).
    pub facet_sources: bool,
    /// Stop with [`Error::OutOfTime`] once this passes (checked between steps and segments,
    /// see [`super::deadline`]); `None` runs to the end.
    pub deadline: Option<Instant>,
}

/// One matching paragraph.
#[derive(Clone, Debug)]
pub struct Hit {
    /// 1-based rank in the whole result list.
    pub rank: usize,
    /// BM25 score (None when sorted by date).
    pub score: Option<f32>,
    /// Article id.
    pub article_id: String,
    /// Article title.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// Publisher.
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Where the article came from.
    pub origin: Option<String>,
    /// 0-based paragraph number.
    pub paragraph: u64,
    /// The full paragraph text.
    pub text: String,
    /// The highlighted snippet.
    pub snippet: Snippet,
    /// Speakers quoted in the paragraph.
    pub speakers: Vec<String>,
    /// Actors quoted or mentioned.
    pub actors: Vec<Actor>,
    /// Quotes in the paragraph, in order.
    pub quotes: Vec<HitQuote>,
}

/// A quote of a hit's paragraph, as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct HitQuote {
    /// Byte span in the hit's `text` (a valid, non-empty slice).
    pub span: Range<usize>,
    /// The speaker's canonical name, when the analysis found one.
    pub speaker: Option<String>,
    /// In quotation marks (direct speech) rather than reported.
    pub direct: bool,
    /// How well the text supports the speaker, 0 to 1.
    pub confidence: f32,
    /// Byte span of the speech verb or phrase in `text`, when there is one.
    pub cue: Option<Range<usize>>,
    /// The quote holds a word of the query.
    pub matched: bool,
}

/// Facet counts over all matches.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facets {
    /// Speakers and the number of matching paragraphs quoting them.
    pub speakers: Vec<(String, u64)>,
    /// Actors and the number of matching paragraphs involving them.
    pub actors: Vec<(Actor, u64)>,
    /// Sources and their numbers of matching paragraphs, when counted
    /// ([`SearchRequest::facet_sources`]; otherwise empty).
    pub sources: Vec<(String, u64)>,
}

/// The answer to a [`SearchRequest`].
#[derive(Clone, Debug)]
pub struct SearchResult {
    /// All matching paragraphs, not just the page.
    pub total: usize,
    /// The page.
    pub hits: Vec<Hit>,
    /// Facet counts, when asked for.
    pub facets: Option<Facets>,
    /// Time spent searching (parse, collect, fetch, snippets).
    pub took: Duration,
    /// With `since`/`until`: matching paragraphs left out because they have no date.
    pub undated_left_out: Option<usize>,
}

/// What an index holds.
#[derive(Clone, Debug)]
pub struct Stats {
    /// Articles.
    pub articles: u64,
    /// Paragraphs.
    pub paragraphs: u64,
    /// Index segments.
    pub segments: usize,
    /// Top speakers and actors.
    pub facets: Facets,
    /// First and last article dates, and the number of undated articles.
    pub dates: super::dates::DateRange,
}

/// An article as stored: its paragraphs in order.
#[derive(Clone, Debug)]
pub struct StoredArticle {
    /// Metadata and paragraph 0's facets come from these hits, in paragraph order.
    pub paragraphs: Vec<Hit>,
}

/// A reader over an index, opened once.
pub struct Searcher {
    pub(super) index: Index,
    pub(super) reader: IndexReader,
    /// Facet dictionaries of the current segments, read on the first facet count.
    who: Mutex<Option<Arc<WhoTable>>>,
    /// Aliases the name table applies.
    aliases: Aliases,
    /// The name table of the current segments (their ids), built on first use.
    names: Mutex<Option<(Vec<String>, Arc<NameTable>)>>,
}

/// Which stored names a name filter looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WhoTarget {
    Speaker,
    /// Actors, of one canonical kind or any.
    Actor(Option<Kind>),
}

impl Searcher {
    /// Open a reader on an index, with the built-in aliases and `aliases.txt` beside it.
    pub fn new(index: Index) -> Result<Searcher> {
        let aliases = Aliases::for_index(&index.dir, None)?;
        Searcher::with_aliases(index, aliases)
    }

    /// Open a reader on an index whose names are canonicalised with `aliases`.
    pub fn with_aliases(index: Index, aliases: Aliases) -> Result<Searcher> {
        let reader = index.inner.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Searcher { index, reader, who: Mutex::new(None), aliases, names: Mutex::new(None) })
    }

    /// Open a reader that follows the index: tantivy watches `meta.json` and reloads shortly
    /// after any process commits (for a long-lived server; a one-shot command needs no watcher).
    pub fn new_live(index: Index, aliases: Aliases) -> Result<Searcher> {
        let reader = index
            .inner
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(Searcher { index, reader, who: Mutex::new(None), aliases, names: Mutex::new(None) })
    }

    /// Which commit the reader sees: changes whenever a reload picks up a new commit.
    pub fn generation(&self) -> u64 {
        self.reader.searcher().generation().generation_id()
    }

    /// The current tantivy searcher and the field handles, for the other read paths of
    /// this module's siblings (timelines, name lists).
    pub(crate) fn snapshot(&self) -> (tantivy::Searcher, &Fields) {
        (self.reader.searcher(), &self.index.fields)
    }

    /// See the latest commit.
    pub fn reload(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }

    /// Run a search.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResult> {
        self.search_with(req, true)
    }

    /// Run a search; `snippets: false` leaves every hit's snippet empty (for callers that
    /// show whole paragraphs, and to measure what snippets cost).
    pub fn search_with(&self, req: &SearchRequest, snippets: bool) -> Result<SearchResult> {
        let started = Instant::now();
        let searcher = self.reader.searcher();
        let plan = self.plan(req, &searcher)?;
        let undated_left_out = self.undated_left_out(req, &searcher)?;
        let who = if req.facets { Some(self.who_table(&searcher)?) } else { None };
        let (total, top, tally) = self.collect(&plan, req, &searcher, who.clone())?;
        // `--limit 0` asks for the total and facets only (the collectors need a page of one).
        let top = if req.limit == 0 { Vec::new() } else { top };
        deadline::check(req.deadline)?;
        let hits = self.fetch(&plan, top, req.offset, &searcher, snippets)?;
        let facets = match (who, tally) {
            (Some(table), Some(tally)) => Some(count(&table, tally, req.facet_limit.max(1))),
            _ => None,
        };
        Ok(SearchResult { total, hits, facets, took: started.elapsed(), undated_left_out })
    }

    /// With `since`/`until`: how many paragraphs the request matches without them that have
    /// no date.
    fn undated_left_out(
        &self,
        req: &SearchRequest,
        searcher: &tantivy::Searcher,
    ) -> Result<Option<usize>> {
        if req.since.is_none() && req.until.is_none() {
            return Ok(None);
        }
        let open = SearchRequest { since: None, until: None, ..req.clone() };
        let plan = self.plan(&open, searcher)?;
        Ok(Some(undated_matches(searcher, plan.query)?))
    }

    /// The collect step: total, the page's (score, address), the facet tally of all matches.
    fn collect(
        &self,
        plan: &Plan,
        req: &SearchRequest,
        searcher: &tantivy::Searcher,
        who: Option<Arc<WhoTable>>,
    ) -> Result<Collected> {
        let query = &*plan.query;
        let limit = req.limit.max(1);
        let facet_collector = who.map(|table| WhoCollector { table, sources: req.facet_sources });
        let sort = if plan.node.scores() { req.sort } else { Sort::Date };
        Ok(match sort {
            // Two passes beat one only where tantivy can prune: the top documents of one
            // term's postings skip the blocks that cannot compete (block-max WAND), and the
            // count and facet ids take a walk without scores. Anywhere else (several terms,
            // a phrase, a filter) the top documents need a scored walk of every match, and
            // the count and facet ids ride along in that one walk for almost nothing. At
            // N = 40 a second walk cost 200-300 µs on two-word queries, and one scored walk
            // cost "people" 300 µs where the pruned top ten and a count took 100.
            Sort::Relevance => {
                let top = TopDocs::with_limit(limit).and_offset(req.offset).order_by_score();
                let (n, docs, fc) = if plan.prunable {
                    let docs = search_within(searcher, query, &top, req.deadline)?;
                    deadline::check(req.deadline)?;
                    let (n, fc) = match facet_collector {
                        None => (query.count(searcher)?, None),
                        Some(fc) => {
                            let (n, ids) =
                                search_within(searcher, query, &(Count, fc), req.deadline)?;
                            (n, Some(ids))
                        }
                    };
                    (n, docs, fc)
                } else {
                    search_within(searcher, query, &(Count, top, facet_collector), req.deadline)?
                };
                (n, docs.into_iter().map(|(s, d)| (Some(s), d)).collect(), fc)
            }
            Sort::Date => {
                let top = TopDocs::with_limit(limit)
                    .and_offset(req.offset)
                    .order_by_fast_field::<tantivy::DateTime>(field::DATE, Order::Desc);
                let collector = (Count, top, facet_collector);
                let (n, docs, fc) = search_within(searcher, query, &collector, req.deadline)?;
                (n, docs.into_iter().map(|(_, d)| (None, d)).collect(), fc)
            }
        })
    }

    /// The fetch step: stored fields, canonical names, snippets and matching quotes of the
    /// page only.
    fn fetch(
        &self,
        plan: &Plan,
        top: Vec<(Option<f32>, DocAddress)>,
        offset: usize,
        searcher: &tantivy::Searcher,
        snippets: bool,
    ) -> Result<Vec<Hit>> {
        if top.is_empty() {
            return Ok(Vec::new());
        }
        let f = &self.index.fields;
        let names = self.name_table(searcher)?;
        let terms = self.text_terms(&*plan.query);
        let mut highlighter =
            if snippets { Some(self.highlighter(searcher, &terms, &plan.node)?) } else { None };
        let mut stems = self.index.inner.tokenizers().get(STEM_TOKENIZER);
        let mut hits = Vec::with_capacity(top.len());
        for (i, (score, addr)) in top.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let mut hit = hit_from_doc(f, &doc, offset + i + 1, score);
            canonical_names(&mut hit, &names);
            if let Some(h) = &mut highlighter {
                hit.snippet = h.snippet(&hit.text);
            }
            if let Some(an) = &mut stems {
                rank::mark_matching_quotes(&mut hit, an, &terms);
            }
            hits.push(hit);
        }
        Ok(hits)
    }

    /// True when the index holds an article with this id.
    pub fn has_article(&self, id: &str) -> Result<bool> {
        let f = &self.index.fields;
        let q = TermQuery::new(Term::from_field_text(f.article_id, id), IndexRecordOption::Basic);
        Ok(q.count(&self.reader.searcher())? > 0)
    }

    /// The tantivy query of a request (text and filters), with the parsed text: what
    /// [`Searcher::plan`] builds, for the other read paths (timelines, export, delete).
    pub(crate) fn request_query(
        &self,
        req: &SearchRequest,
        searcher: &tantivy::Searcher,
    ) -> Result<(Box<dyn Query>, Node)> {
        let plan = self.plan(req, searcher)?;
        Ok((plan.query, plan.node))
    }

    /// The build step: the request as one tantivy query, its filters ANDed as constant-score
    /// clauses, and (with a speaker) a bonus for the topic words inside that speaker's quotes.
    fn plan(&self, req: &SearchRequest, searcher: &tantivy::Searcher) -> Result<Plan> {
        let f = &self.index.fields;
        let node = parse_query(&req.text)?;
        let ctx = Context { any: req.any, speakers: self.speaker_surnames(req, &node, searcher)? };
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let text_query = if node.is_empty() {
            if !has_filters(req) && !req.text.trim().is_empty() {
                return Err(Error::Query(
                    "a query needs at least one term that is not excluded".into(),
                ));
            }
            if !has_filters(req) {
                return Err(Error::Query(
                    "empty query: give words to search for, or a filter".into(),
                ));
            }
            // Only exclusions and filters: keep the exclusions.
            let q = self.build(&node, &ctx, searcher)?.unwrap_or_else(|| Box::new(AllQuery));
            Some(q)
        } else {
            self.build(&node, &ctx, searcher)?
        };
        match text_query {
            Some(q) => must.push((Occur::Must, q)),
            None => must.push((Occur::Must, Box::new(EmptyQuery))),
        }
        for s in &req.speakers {
            must.push((Occur::Must, filter(self.who_filter(searcher, WhoTarget::Speaker, s)?)));
        }
        for a in &req.actors {
            let q = self.who_filter(searcher, WhoTarget::Actor(req.kind), a)?;
            must.push((Occur::Must, filter(q)));
        }
        if let (Some(k), true) = (req.kind, req.actors.is_empty()) {
            let t = Term::from_facet(f.who, &actor_root(k));
            must.push((Occur::Must, filter(Box::new(TermQuery::new(t, IndexRecordOption::Basic)))));
        }
        for s in &req.sources {
            must.push((Occur::Must, filter(self.name_match(&[f.source], s))));
        }
        if req.since.is_some() || req.until.is_some() {
            let lo = req.since.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_date(f.date, to_tantivy_date(d)))
            });
            let hi = req.until.map_or(Bound::Unbounded, |d| {
                Bound::Included(Term::from_field_date(f.date, to_tantivy_date(d)))
            });
            must.push((Occur::Must, filter(Box::new(RangeQuery::new(lo, hi)))));
        }
        let bonus = self.quote_bonus(&node, &ctx);
        let prunable = !has_filters(req) && bonus.is_none() && prunable(&node);
        must.extend(bonus.map(|q| (Occur::Should, q)));
        let query: Box<dyn Query> = if must.len() == 1 {
            must.pop().expect("one").1
        } else {
            Box::new(BooleanQuery::new(must))
        };
        Ok(Plan { query, node, prunable })
    }

    /// The last name part of every stored speaker name that the request's speakers (the
    /// `--speaker` filters and the top-level `speaker:` words) match through the name table:
    /// the form the `said` field knows them by.
    fn speaker_surnames(
        &self,
        req: &SearchRequest,
        node: &Node,
        searcher: &tantivy::Searcher,
    ) -> Result<Vec<String>> {
        let mut asked: Vec<&str> = req.speakers.iter().map(String::as_str).collect();
        rank::query_speakers(node, &mut asked);
        if asked.is_empty() {
            return Ok(Vec::new());
        }
        let names = self.name_table(searcher)?;
        let mut out: Vec<String> = Vec::new();
        for raw in asked.into_iter().flat_map(|a| names.matching(a, true)) {
            if let Some(last) = self.tokens(NAME_TOKENIZER, raw).pop()
                && !out.contains(&last)
            {
                out.push(last);
            }
        }
        Ok(out)
    }

    /// With speakers, the bonus of [`rank::quote_bonus`] for each topic word (plain or
    /// `text:`) inside one of their own quotes.
    fn quote_bonus(&self, node: &Node, ctx: &Context) -> Option<Box<dyn Query>> {
        if ctx.speakers.is_empty() {
            return None;
        }
        let f = &self.index.fields;
        let mut words = Vec::new();
        rank::topic_words(node, &mut words);
        let parts = words
            .into_iter()
            .filter_map(|w| {
                let said = self.said_query(&ctx.speakers, w)?;
                Some((self.match_on(&[(f.text, 1.0)], STEM_TOKENIZER, w, 0)?, said))
            })
            .collect();
        rank::quote_bonus(parts)
    }

    /// Paragraphs where `text`'s stems are all inside a quote of one of `surnames`.
    fn said_query(&self, surnames: &[String], text: &str) -> Option<Box<dyn Query>> {
        rank::said_query(self.index.fields.said, surnames, &self.tokens(STEM_TOKENIZER, text))
    }

    /// Every paragraph of one article, in order.
    pub fn article(&self, id: &str) -> Result<StoredArticle> {
        let searcher = self.reader.searcher();
        let f = &self.index.fields;
        let q = TermQuery::new(Term::from_field_text(f.article_id, id), IndexRecordOption::Basic);
        let n = searcher.search(&q, &Count)?;
        if n == 0 {
            return Err(Error::ArticleNotFound(id.to_string()));
        }
        let docs = searcher
            .search(&q, &TopDocs::with_limit(n).order_by_u64_field(field::PARAGRAPH, Order::Asc))?;
        let names = self.name_table(&searcher)?;
        let mut paragraphs = Vec::with_capacity(n);
        for (i, (_, addr)) in docs.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let mut hit = hit_from_doc(f, &doc, i + 1, None);
            canonical_names(&mut hit, &names);
            paragraphs.push(hit);
        }
        paragraphs.sort_by_key(|h| h.paragraph);
        Ok(StoredArticle { paragraphs })
    }

    /// Counts and top speakers and actors.
    pub fn stats(&self, top: usize) -> Result<Stats> {
        let searcher = self.reader.searcher();
        let f = &self.index.fields;
        let first = TermQuery::new(Term::from_field_u64(f.paragraph, 0), IndexRecordOption::Basic);
        let articles = searcher.search(&first, &Count)? as u64;
        let table = self.who_table(&searcher)?;
        let ids = searcher.search(&AllQuery, &WhoCollector::new(table.clone()))?;
        let facets = count(&table, ids, top.max(1));
        Ok(Stats {
            articles,
            paragraphs: searcher.num_docs(),
            segments: searcher.segment_readers().len(),
            facets,
            dates: super::dates::range(&searcher)?,
        })
    }

    /// The facet table of `searcher`'s segments: built on first use, rebuilt after a reload
    /// that changed the segments.
    pub(crate) fn who_table(&self, searcher: &tantivy::Searcher) -> Result<Arc<WhoTable>> {
        let mut cached = self.who.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(t) = cached.as_ref().filter(|t| t.fits(searcher)) {
            return Ok(t.clone());
        }
        let names = self.name_table(searcher)?;
        let t = Arc::new(WhoTable::build(searcher, Some(&names))?);
        *cached = Some(t.clone());
        Ok(t)
    }

    /// The name table of `searcher`'s segments: from the cache an ingest wrote beside the
    /// index when it was counted on these segments, else counted now.
    pub fn name_table(&self, searcher: &tantivy::Searcher) -> Result<Arc<NameTable>> {
        let segments: Vec<String> =
            searcher.segment_readers().iter().map(|s| s.segment_id().uuid_string()).collect();
        let mut cached = self.names.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((segs, t)) = cached.as_ref()
            && *segs == segments
        {
            return Ok(t.clone());
        }
        let raw = match read_cache(&self.index.dir, &segments) {
            Some(raw) => raw,
            None => raw_counts(searcher)?,
        };
        let t = Arc::new(NameTable::build(&raw, self.aliases.clone()));
        *cached = Some((segments, t.clone()));
        Ok(t)
    }

    /// A filter on the stored names that `name` matches through the name table (aliases;
    /// case, accents and punctuation ignored; the query's words a subset of the name's).
    fn who_filter(
        &self,
        searcher: &tantivy::Searcher,
        target: WhoTarget,
        name: &str,
    ) -> Result<Box<dyn Query>> {
        let names = self.name_table(searcher)?;
        let who = self.index.fields.who;
        let mut terms = Vec::new();
        for raw in names.matching(name, target == WhoTarget::Speaker) {
            match target {
                WhoTarget::Speaker => terms.push(Term::from_facet(who, &speaker_facet(raw))),
                WhoTarget::Actor(kind) => {
                    if kind.is_some_and(|k| names.canonical(raw, k).kind != k) {
                        continue;
                    }
                    for k in Kind::ALL {
                        terms.push(Term::from_facet(who, &actor_facet(k, raw)));
                    }
                }
            }
        }
        Ok(if terms.is_empty() { Box::new(EmptyQuery) } else { Box::new(TermSetQuery::new(terms)) })
    }

    /// The query's stems on the paragraph text and on the quoted words (the same stems),
    /// each once.
    fn text_terms(&self, query: &dyn Query) -> Vec<String> {
        let f = &self.index.fields;
        let mut terms: Vec<String> = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() != f.text && term.field() != f.quote {
                return;
            }
            if let Some(text) = term.value().as_str()
                && !terms.iter().any(|t| t == text)
            {
                terms.push(text.to_string());
            }
        });
        terms
    }

    /// A highlighter for the query's stems on the paragraph text, weighted as tantivy's
    /// `SnippetGenerator` weighs them: rarer terms make better fragments.
    fn highlighter(
        &self,
        searcher: &tantivy::Searcher,
        terms: &[String],
        node: &Node,
    ) -> Result<Highlighter> {
        let field = self.index.fields.text;
        let mut weighted = Vec::with_capacity(terms.len());
        for text in terms {
            let df = searcher.doc_freq(&Term::from_field_text(field, text))?;
            if df > 0 {
                weighted.push((text.clone(), 1.0 / (1.0 + df as f32)));
            }
        }
        // Phrases are marked as phrases; their words alone only where also asked for alone.
        let on_text = |t: &Target| matches!(t, Target::Default | Target::Text | Target::Quote);
        let analysed = |kind: Leaf| {
            let mut leaves = Vec::new();
            node.leaves(kind, &mut leaves);
            leaves
                .into_iter()
                .filter(|(t, _, _)| on_text(t))
                .map(|(_, w, edits)| (self.tokens(STEM_TOKENIZER, &w), edits))
                .collect::<Vec<_>>()
        };
        let phrases: Vec<Vec<String>> = analysed(Leaf::Phrase).into_iter().map(|p| p.0).collect();
        let alone: Vec<String> = analysed(Leaf::Word).into_iter().flat_map(|w| w.0).collect();
        // Fuzzy words are marked where a word's stem is within their edits (tantivy's fuzzy
        // query does not list the terms it matched).
        let fuzzy: Vec<(String, u8)> = analysed(Leaf::Fuzzy)
            .into_iter()
            .filter_map(|(toks, edits)| toks.into_iter().next().map(|t| (t, edits)))
            .collect();
        Ok(Highlighter::new(weighted).with_phrases(&phrases, &alone).with_fuzzy(fuzzy))
    }

    /// Analyse `text` with the tokenizer of `field`'s kind.
    fn tokens(&self, tokenizer: &str, text: &str) -> Vec<String> {
        let Some(mut analyzer) = self.index.inner.tokenizers().get(tokenizer) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    /// A term or phrase query for `text` on each of `fields` (ORed), with boosts.
    fn match_on(
        &self,
        fields: &[(Field, f32)],
        tokenizer: &str,
        text: &str,
        slop: u32,
    ) -> Option<Box<dyn Query>> {
        let toks = self.tokens(tokenizer, text);
        if toks.is_empty() {
            return None;
        }
        let mut alts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for &(field, boost) in fields {
            let q: Box<dyn Query> = if toks.len() == 1 {
                Box::new(TermQuery::new(
                    Term::from_field_text(field, &toks[0]),
                    IndexRecordOption::WithFreqs,
                ))
            } else {
                let mut p = PhraseQuery::new(
                    toks.iter().map(|t| Term::from_field_text(field, t)).collect(),
                );
                p.set_slop(slop);
                Box::new(p)
            };
            alts.push((Occur::Should, boosted(q, boost)));
        }
        Some(if alts.len() == 1 {
            alts.pop().expect("one").1
        } else {
            Box::new(BooleanQuery::new(alts))
        })
    }

    /// A name-part match: every token of `name`, in order, in one of `fields`.
    fn name_match(&self, fields: &[Field], name: &str) -> Box<dyn Query> {
        let fs: Vec<(Field, f32)> = fields.iter().map(|&f| (f, 1.0)).collect();
        self.match_on(&fs, NAME_TOKENIZER, name, 0).unwrap_or_else(|| Box::new(EmptyQuery))
    }

    fn fields_of(&self, target: Target) -> (Vec<(Field, f32)>, &'static str) {
        let f = &self.index.fields;
        match target {
            Target::Default => (vec![(f.text, 1.0), (f.title, TITLE_WEIGHT)], STEM_TOKENIZER),
            Target::Title => (vec![(f.title, 1.0)], STEM_TOKENIZER),
            Target::Text => (vec![(f.text, 1.0)], STEM_TOKENIZER),
            Target::Quote => (vec![(f.quote, 1.0)], STEM_TOKENIZER),
            Target::Speaker => (vec![(f.speaker, 1.0)], NAME_TOKENIZER),
            Target::Actor => (f.actor.iter().map(|&a| (a, 1.0)).collect(), NAME_TOKENIZER),
            Target::Source => (vec![(f.source, 1.0)], NAME_TOKENIZER),
            // The parser turns every date clause into a range.
            Target::Date => (Vec::new(), NAME_TOKENIZER),
        }
    }

    /// Build the tantivy query of a node; None when it holds no searchable token.
    fn build(
        &self,
        node: &Node,
        ctx: &Context,
        searcher: &tantivy::Searcher,
    ) -> Result<Option<Box<dyn Query>>> {
        Ok(match node {
            Node::Word(Target::Quote, w) | Node::Phrase(Target::Quote, w, _)
                if !ctx.speakers.is_empty() =>
            {
                // `quote:iraq speaker:blair`: the words in a quote, and Blair the one who
                // said them.
                let slop = if let Node::Phrase(_, _, s) = node { *s } else { 0 };
                let (fields, tok) = self.fields_of(Target::Quote);
                match (self.match_on(&fields, tok, w, slop), self.said_query(&ctx.speakers, w)) {
                    (Some(q), Some(said)) => Some(Box::new(BooleanQuery::new(vec![
                        (Occur::Must, q),
                        (Occur::Must, filter(said)),
                    ])) as Box<dyn Query>),
                    _ => None,
                }
            }
            Node::Word(Target::Speaker, w) | Node::Phrase(Target::Speaker, w, _) => {
                Some(self.who_filter(searcher, WhoTarget::Speaker, w)?)
            }
            Node::Word(Target::Actor, w) | Node::Phrase(Target::Actor, w, _) => {
                Some(self.who_filter(searcher, WhoTarget::Actor(None), w)?)
            }
            Node::Word(t, w) => {
                let (fields, tok) = self.fields_of(*t);
                self.match_on(&fields, tok, w, 0)
            }
            Node::Phrase(t, w, slop) => {
                let (fields, tok) = self.fields_of(*t);
                self.match_on(&fields, tok, w, *slop)
            }
            Node::Fuzzy(t, w, edits) => {
                let (fields, tok) = self.fields_of(*t);
                let toks = self.tokens(tok, w);
                let [token] = toks.as_slice() else {
                    return Err(Error::Query(format!(
                        "{w}~: a fuzzy term must be one word (split it, or quote it as a phrase)"
                    )));
                };
                let alts: Vec<(Occur, Box<dyn Query>)> = fields
                    .iter()
                    .map(|&(field, boost)| {
                        let q: Box<dyn Query> = Box::new(FuzzyTermQuery::new(
                            Term::from_field_text(field, token),
                            *edits,
                            true,
                        ));
                        (Occur::Should, boosted(q, boost))
                    })
                    .collect();
                Some(Box::new(BooleanQuery::new(alts)))
            }
            Node::Boost(n, b) => self.build(n, ctx, searcher)?.map(|q| boosted(q, *b)),
            Node::Dates(lo, hi) => {
                let f = self.index.fields.date;
                let term = |d: &NaiveDate| Term::from_field_date(f, to_tantivy_date(*d));
                Some(filter(Box::new(RangeQuery::new(
                    lo.as_ref().map(term),
                    hi.as_ref().map(term),
                ))))
            }
            Node::Prefix(t, p) => {
                let (fields, tokenizer) = self.fields_of(*t);
                // Indexed terms are stems: "modernized*" must also look under "modern".
                let mut prefixes = vec![p.to_lowercase()];
                for form in self.tokens(tokenizer, p) {
                    if !prefixes.contains(&form) {
                        prefixes.push(form);
                    }
                }
                Some(self.prefix(&fields, &prefixes, searcher)?)
            }
            Node::Or(alts) => {
                let mut qs = Vec::new();
                for a in alts {
                    if let Some(q) = self.build(a, ctx, searcher)? {
                        qs.push((Occur::Should, q));
                    }
                }
                (!qs.is_empty()).then(|| Box::new(BooleanQuery::new(qs)) as Box<dyn Query>)
            }
            Node::Group(clauses) => {
                let mut qs = Vec::new();
                let mut positive = false;
                let dropped = rank::dropped_stop_words(clauses);
                for ((clause, n), _) in clauses.iter().zip(dropped).filter(|(_, drop)| !drop) {
                    if let Some(q) = self.build(n, ctx, searcher)? {
                        let occur = match clause {
                            Clause::Excluded => Occur::MustNot,
                            Clause::Required => Occur::Must,
                            Clause::Default if ctx.any => Occur::Should,
                            Clause::Default => Occur::Must,
                        };
                        positive |= *clause != Clause::Excluded;
                        qs.push((occur, q));
                    }
                }
                if qs.is_empty() {
                    None
                } else {
                    if !positive {
                        qs.push((Occur::Must, Box::new(AllQuery)));
                    }
                    if qs.len() == 1 && qs[0].0 != Occur::MustNot {
                        qs.pop().map(|(_, q)| q)
                    } else {
                        Some(Box::new(BooleanQuery::new(qs)))
                    }
                }
            }
        })
    }

    /// Prefixes as the most frequent indexed terms that start with one of them, on each field.
    fn prefix(
        &self,
        fields: &[(Field, f32)],
        prefixes: &[String],
        searcher: &tantivy::Searcher,
    ) -> Result<Box<dyn Query>> {
        let mut alts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for &(field, boost) in fields {
            let mut freq: HashMap<Vec<u8>, u64> = HashMap::new();
            for (seg, prefix) in
                searcher.segment_readers().iter().flat_map(|s| prefixes.iter().map(move |p| (s, p)))
            {
                let inv = seg.inverted_index(field)?;
                let mut stream = inv
                    .terms()
                    .range()
                    .ge(prefix.as_bytes())
                    .into_stream()
                    .map_err(|e| Error::Tantivy(e.into()))?;
                while stream.advance() {
                    let key = stream.key();
                    if !key.starts_with(prefix.as_bytes()) {
                        break;
                    }
                    *freq.entry(key.to_vec()).or_default() += u64::from(stream.value().doc_freq);
                }
            }
            let mut terms: Vec<(Vec<u8>, u64)> = freq.into_iter().collect();
            terms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            for (key, _) in terms.into_iter().take(MAX_PREFIX_TERMS) {
                let Ok(word) = String::from_utf8(key) else { continue };
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(field, &word),
                    IndexRecordOption::WithFreqs,
                ));
                let q: Box<dyn Query> =
                    if boost != 1.0 { Box::new(BoostQuery::new(q, boost)) } else { q };
                alts.push((Occur::Should, q));
            }
        }
        Ok(if alts.is_empty() { Box::new(EmptyQuery) } else { Box::new(BooleanQuery::new(alts)) })
    }
}

/// A query built for one request.
struct Plan {
    query: Box<dyn Query>,
    /// The parsed query text.
    node: Node,
    /// One pass of block-max WAND can find the top documents: see [`Searcher::collect`].
    prunable: bool,
}

/// What building a query needs besides the node.
struct Context {
    /// Any clause may match instead of every clause.
    any: bool,
    /// The request's speakers, as the `said` field knows them ([`Searcher::speaker_surnames`]).
    speakers: Vec<String>,
}

pub(super) fn has_filters(req: &SearchRequest) -> bool {
    !req.speakers.is_empty()
        || !req.actors.is_empty()
        || req.kind.is_some()
        || !req.sources.is_empty()
        || req.since.is_some()
        || req.until.is_some()
}

/// Whether the query is one word or prefix, whose top documents tantivy can find without
/// scoring every match (block-max WAND over a union of term postings). A word that analyses
/// into several tokens becomes a phrase and takes the two passes for nothing: rare, and
/// still right.
fn prunable(node: &Node) -> bool {
    match node {
        Node::Group(clauses) => {
            matches!(clauses.as_slice(), [(Clause::Default | Clause::Required, n)] if prunable(n))
        }
        Node::Word(..) | Node::Prefix(..) => true,
        Node::Phrase(..) | Node::Or(..) | Node::Fuzzy(..) | Node::Boost(..) | Node::Dates(..) => {
            false
        }
    }
}

/// `q` with its score multiplied by `boost` (unchanged at 1).
fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    if boost != 1.0 { Box::new(BoostQuery::new(q, boost)) } else { q }
}

/// A filter matches without changing scores.
fn filter(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(q, 0.0))
}

fn first_str(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string)
}

/// Speakers, actors and quote speakers of a hit under their canonical names, each once.
fn canonical_names(hit: &mut Hit, names: &NameTable) {
    let mut speakers: Vec<String> = Vec::with_capacity(hit.speakers.len());
    for s in hit.speakers.iter().map(|s| names.speaker(s)) {
        if !speakers.contains(&s) {
            speakers.push(s);
        }
    }
    hit.speakers = speakers;
    let mut actors: Vec<Actor> = Vec::with_capacity(hit.actors.len());
    for a in &hit.actors {
        let c = names.canonical(&a.name, a.kind);
        let a = Actor { name: c.name, kind: c.kind };
        if !actors.contains(&a) {
            actors.push(a);
        }
    }
    actors.sort();
    hit.actors = actors;
    for q in &mut hit.quotes {
        if let Some(w) = &q.speaker {
            q.speaker = Some(names.speaker(w));
        }
    }
}

pub(super) fn hit_from_doc(
    f: &Fields,
    doc: &TantivyDocument,
    rank: usize,
    score: Option<f32>,
) -> Hit {
    let (speakers, actors) =
        doc.get_first(f.who_list).and_then(|v| v.as_str()).map(decode_who).unwrap_or_default();
    let actors: Vec<Actor> = actors.into_iter().map(|(name, kind)| Actor { name, kind }).collect();
    let date = doc.get_first(f.date).and_then(|v| v.as_datetime()).and_then(from_tantivy_date);
    let paragraph = doc.get_first(f.paragraph).and_then(|v| v.as_u64());
    let text = first_str(doc, f.text).unwrap_or_default();
    let quotes = doc
        .get_first(f.quotes)
        .and_then(|v| v.as_str())
        .map(|q| decode_quotes(q, &speakers))
        .unwrap_or_default()
        .into_iter()
        .filter(|q| q.s < q.e && text.get(q.s..q.e).is_some())
        .map(|q| HitQuote {
            span: q.s..q.e,
            speaker: q.who,
            direct: q.d,
            confidence: q.conf,
            cue: q.cue.map(|(a, b)| a..b).filter(|c| text.get(c.clone()).is_some()),
            matched: false,
        })
        .collect();
    Hit {
        rank,
        score,
        article_id: first_str(doc, f.article_id).unwrap_or_default(),
        title: first_str(doc, f.title),
        date,
        source: first_str(doc, f.source),
        url: first_str(doc, f.url),
        origin: first_str(doc, f.origin),
        paragraph: paragraph.unwrap_or(0),
        text,
        snippet: Snippet::default(),
        speakers,
        actors,
        quotes,
    }
}

/// Paragraphs matching every clause of `must` that have no date (a date filter leaves
/// them out; the user is told how many).
fn undated_matches(searcher: &tantivy::Searcher, query: Box<dyn Query>) -> Result<usize> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
    clauses.push((
        Occur::MustNot,
        Box::new(tantivy::query::ExistsQuery::new(field::DATE.into(), false)),
    ));
    Ok(searcher.search(&BooleanQuery::new(clauses), &Count)?)
}
