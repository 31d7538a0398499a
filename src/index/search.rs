//! Reading: a [`SearchRequest`] becomes hits, a total and facet counts.
//!
//! A one-term query collects its top documents in one pass (which may skip blocks
//! that cannot compete) and its count and facet counts in another that needs no
//! scores; any other query has to score every match anyway, and collects all three
//! in that one pass. Stored fields and snippets are produced only for the page. The
//! searcher is opened once per process (`ReloadPolicy::Manual`: a query sees the last
//! commit at open time, and [`Searcher::reload`] refreshes it).
//!
//! Here: the request and answer types and the collect and fetch steps. The build step (a
//! request as one tantivy query) is `plan.rs`; decoding a stored paragraph into a hit and
//! the snippet's terms are `hits.rs`.

use std::ops::Range;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, IndexReader, Order, ReloadPolicy, TantivyDocument, Term};

use super::Index;
use super::deadline::{self, search_within};
pub use super::facets::Facets;
use super::facets::{Tally, WhoCollector, WhoTable, count};
use super::hits::canonical_names;
pub(super) use super::hits::hit_from_doc;
use super::names::{Aliases, NameTable};
use super::plan::Plan;
pub(super) use super::plan::has_filters;
use super::rank;
use super::schema::{Fields, STEM_TOKENIZER, field};
use super::snippet::Snippet;
use super::tables::Tables;
use crate::analysis::{Actor, Kind};
use crate::error::{Error, Result};

/// What one collection pass yields: total, the page (score, address), the facet tally
/// of all matches.
type Collected = (usize, Vec<(Option<f32>, DocAddress)>, Option<Tally>);

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
    /// The name and facet tables of the current segments (and the previous generation's),
    /// built on first use, or, for a live reader, as each generation is loaded.
    pub(super) tables: Arc<Tables>,
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
        let tables = Arc::new(Tables::new(index.dir.clone(), aliases));
        Ok(Searcher { index, reader, tables })
    }

    /// Open a reader that follows the index: tantivy watches `meta.json` and reloads shortly
    /// after any process commits (for a long-lived server; a one-shot command needs no watcher).
    /// Each generation's name and facet tables are built as it loads, before searches see it
    /// (at open too: the first search does not pay for them either).
    pub fn new_live(index: Index, aliases: Aliases) -> Result<Searcher> {
        let tables = Arc::new(Tables::new(index.dir.clone(), aliases));
        let warmer: Arc<dyn tantivy::Warmer> = tables.clone();
        let reader = index
            .inner
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .warmers(vec![Arc::downgrade(&warmer)])
            .try_into()?;
        Ok(Searcher { index, reader, tables })
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
        self.tables.who(searcher)
    }

    /// The name table of `searcher`'s segments: from the counts of the segments this process
    /// has seen, the cache an ingest wrote beside the index, and counting the others.
    pub fn name_table(&self, searcher: &tantivy::Searcher) -> Result<Arc<NameTable>> {
        self.tables.names(searcher)
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
