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
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, StopWordFilter, TextAnalyzer};
use tantivy::{DocAddress, IndexReader, Order, ReloadPolicy, TantivyDocument, Term};

use super::Index;
pub use super::facets::Facets;
use super::facets::{Tally, WhoCollector, WhoTable, count};
use super::query::{Node, Target, parse_query};
use super::schema::{
    Fields, NAME_TOKENIZER, STEM_TOKENIZER, actor_root, decode_quotes, decode_who, field,
    from_tantivy_date, said_token, to_tantivy_date,
};
use super::snippet::{Highlighter, Snippet};
use crate::analysis::{Actor, Kind};
use crate::error::{Error, Result};

/// What one collection pass yields: total, the page (score, address), the facet tally
/// of all matches.
type Collected = (usize, Vec<(Option<f32>, DocAddress)>, Option<Tally>);

/// A topic word inside the speaker's own quotes adds this to a paragraph's score: more than
/// one term's BM25 can reach (idf times 2.2, and idf stays under 20 below 10^8 paragraphs),
/// so those paragraphs rank first.
const SAID_BONUS: f32 = 50.0;

/// Weight of a title match against a text match. Chosen on CISI, the one collection of
/// TIME, MED and CISI with titles (nDCG@10 / MAP): title 2.0 0.314 / 0.170, 1.0 0.352 / 0.194,
/// 0.5 0.368 / 0.203, 0.25 0.364 / 0.199, text only 0.345 / 0.188. A title is evidence about
/// the article, so it helps, but at 1 or more a word in a short title outweighs the paragraph
/// that says it.
const TITLE_WEIGHT: f32 = 0.5;
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
    /// Page size.
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
    /// Count speakers and actors over all matches.
    pub facets: bool,
    /// Facet values to return per list.
    pub facet_limit: usize,
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
}

/// An article as stored: its paragraphs in order.
#[derive(Clone, Debug)]
pub struct StoredArticle {
    /// Metadata and paragraph 0's facets come from these hits, in paragraph order.
    pub paragraphs: Vec<Hit>,
}

/// A reader over an index, opened once.
pub struct Searcher {
    index: Index,
    reader: IndexReader,
    /// Facet dictionaries of the current segments, read on the first facet count.
    who: Mutex<Option<Arc<WhoTable>>>,
}

impl Searcher {
    /// Open a reader on an index.
    pub fn new(index: Index) -> Result<Searcher> {
        let reader = index.inner.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(Searcher { index, reader, who: Mutex::new(None) })
    }

    /// Open a reader that follows the index: tantivy watches `meta.json` and reloads shortly
    /// after any process commits (for a long-lived server; a one-shot command needs no watcher).
    pub fn new_live(index: Index) -> Result<Searcher> {
        let reader = index
            .inner
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        Ok(Searcher { index, reader, who: Mutex::new(None) })
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
        let who = if req.facets { Some(self.who_table(&searcher)?) } else { None };
        let (total, top, tally) = self.collect(&plan, req, &searcher, who.clone())?;
        let hits = self.fetch(&plan, top, req.offset, &searcher, snippets)?;
        let facets = match (who, tally) {
            (Some(table), Some(tally)) => Some(count(&table, tally, req.facet_limit.max(1))),
            _ => None,
        };
        Ok(SearchResult { total, hits, facets, took: started.elapsed() })
    }

    /// The build step: the request as one tantivy query, its filters ANDed as constant-score
    /// clauses, and (with a speaker) a bonus for the topic words inside that speaker's quotes.
    fn plan(&self, req: &SearchRequest, searcher: &tantivy::Searcher) -> Result<Plan> {
        let f = &self.index.fields;
        let node = parse_query(&req.text)?;
        let ctx = Context { any: req.any, speakers: self.speakers_of(req, &node) };
        if node.is_empty() && !has_filters(req) {
            return Err(Error::Query(if req.text.trim().is_empty() {
                "empty query: give words to search for, or a filter".into()
            } else {
                "a query needs at least one term that is not excluded".into()
            }));
        }
        let text_query = match self.build(&node, &ctx, searcher)? {
            Some(q) => q,
            // Only exclusions and filters: everything but the exclusions.
            None if node.is_empty() => Box::new(AllQuery),
            None => Box::new(EmptyQuery),
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query)];
        for s in &req.speakers {
            clauses.push((Occur::Must, filter(self.name_match(&[f.speaker], s))));
        }
        for a in &req.actors {
            let fields: Vec<Field> = match req.kind {
                Some(k) => vec![f.actor_field(k)],
                None => f.actor.to_vec(),
            };
            clauses.push((Occur::Must, filter(self.name_match(&fields, a))));
        }
        if let (Some(k), true) = (req.kind, req.actors.is_empty()) {
            let t = Term::from_facet(f.who, &actor_root(k));
            let q = TermQuery::new(t, IndexRecordOption::Basic);
            clauses.push((Occur::Must, filter(Box::new(q))));
        }
        for s in &req.sources {
            clauses.push((Occur::Must, filter(self.name_match(&[f.source], s))));
        }
        if req.since.is_some() || req.until.is_some() {
            let bound = |d: Option<NaiveDate>| {
                d.map_or(Bound::Unbounded, |d| {
                    Bound::Included(Term::from_field_date(f.date, to_tantivy_date(d)))
                })
            };
            let range = RangeQuery::new(bound(req.since), bound(req.until));
            clauses.push((Occur::Must, filter(Box::new(range))));
        }
        let bonus = self.said_bonus(&node, &ctx);
        let prunable = !has_filters(req) && bonus.is_none() && prunable(&node);
        clauses.extend(bonus.map(|q| (Occur::Should, q)));
        let query: Box<dyn Query> = if clauses.len() == 1 {
            clauses.pop().expect("one").1
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        Ok(Plan { query, scored: !node.is_empty(), prunable })
    }

    /// The tantivy query of a request (text and filters), with the parsed text: what
    /// [`Searcher::plan`] builds, for the other read paths (timelines).
    pub(crate) fn request_query(
        &self,
        req: &SearchRequest,
        searcher: &tantivy::Searcher,
    ) -> Result<(Box<dyn Query>, Node)> {
        let plan = self.plan(req, searcher)?;
        Ok((plan.query, parse_query(&req.text)?))
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
        let facet_collector = who.map(|table| WhoCollector { table });
        let sort = if plan.scored { req.sort } else { Sort::Date };
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
                    let docs = searcher.search(query, &top)?;
                    let (n, fc) = match facet_collector {
                        None => (query.count(searcher)?, None),
                        Some(fc) => {
                            let (n, ids) = searcher.search(query, &(Count, fc))?;
                            (n, Some(ids))
                        }
                    };
                    (n, docs, fc)
                } else {
                    searcher.search(query, &(Count, top, facet_collector))?
                };
                (n, docs.into_iter().map(|(s, d)| (Some(s), d)).collect(), fc)
            }
            Sort::Date => {
                let top = TopDocs::with_limit(limit)
                    .and_offset(req.offset)
                    .order_by_fast_field::<tantivy::DateTime>(field::DATE, Order::Desc);
                let (n, docs, fc) = searcher.search(query, &(Count, top, facet_collector))?;
                (n, docs.into_iter().map(|(_, d)| (None, d)).collect(), fc)
            }
        })
    }

    /// The fetch step: stored fields, snippets and matching quotes of the page only.
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
        let terms = self.text_terms(&*plan.query);
        let mut highlighter =
            if snippets { Some(self.highlighter(searcher, &terms)?) } else { None };
        let mut stems = self.analyzer(STEM_TOKENIZER);
        let mut hits = Vec::with_capacity(top.len());
        for (i, (score, addr)) in top.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let mut hit = hit_from_doc(f, &doc, offset + i + 1, score);
            if let Some(h) = &mut highlighter {
                hit.snippet = h.snippet(&hit.text);
            }
            if let Some(an) = &mut stems {
                mark_matching_quotes(&mut hit, an, &terms);
            }
            hits.push(hit);
        }
        Ok(hits)
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
        let mut paragraphs = Vec::with_capacity(n);
        for (i, (_, addr)) in docs.into_iter().enumerate() {
            let doc: TantivyDocument = searcher.doc(addr)?;
            paragraphs.push(hit_from_doc(f, &doc, i + 1, None));
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
        let ids = searcher.search(&AllQuery, &WhoCollector { table: table.clone() })?;
        let facets = count(&table, ids, top.max(1));
        Ok(Stats {
            articles,
            paragraphs: searcher.num_docs(),
            segments: searcher.segment_readers().len(),
            facets,
        })
    }

    /// The facet table of `searcher`'s segments: built on first use, rebuilt after a reload
    /// that changed the segments.
    pub(crate) fn who_table(&self, searcher: &tantivy::Searcher) -> Result<Arc<WhoTable>> {
        let mut cached = self.who.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(t) = cached.as_ref().filter(|t| t.fits(searcher)) {
            return Ok(t.clone());
        }
        let t = Arc::new(WhoTable::build(searcher)?);
        *cached = Some(t.clone());
        Ok(t)
    }

    /// The query's terms on the paragraph text and on the quoted words (the same stems).
    fn text_terms(&self, query: &dyn Query) -> Vec<Term> {
        let f = &self.index.fields;
        let mut terms: Vec<Term> = Vec::new();
        query.query_terms(&mut |term, _| {
            let field = term.field();
            if (field == f.text || field == f.quote) && !terms.contains(term) {
                terms.push(term.clone());
            }
        });
        terms
    }

    /// A highlighter for the query's stems, weighted as tantivy's `SnippetGenerator` weighs
    /// them: rarer terms make better fragments.
    fn highlighter(&self, searcher: &tantivy::Searcher, terms: &[Term]) -> Result<Highlighter> {
        let mut weighted: Vec<(String, f32)> = Vec::with_capacity(terms.len());
        for term in terms {
            let value = term.value();
            let Some(text) = value.as_str() else { continue };
            if weighted.iter().any(|(t, _)| t == text) {
                continue;
            }
            let df = searcher.doc_freq(&Term::from_field_text(self.index.fields.text, text))?;
            if df > 0 {
                weighted.push((text.to_string(), 1.0 / (1.0 + df as f32)));
            }
        }
        Ok(Highlighter::new(weighted))
    }

    /// The analyzer registered as `tokenizer`.
    fn analyzer(&self, tokenizer: &str) -> Option<TextAnalyzer> {
        self.index.inner.tokenizers().get(tokenizer)
    }

    /// Analyse `text` with the tokenizer of `field`'s kind.
    fn tokens(&self, tokenizer: &str, text: &str) -> Vec<String> {
        self.analyzer(tokenizer).map(|mut a| analyze(&mut a, text)).unwrap_or_default()
    }

    /// A term or phrase query for `text` on each of `fields` (ORed), with boosts.
    fn match_on(
        &self,
        fields: &[(Field, f32)],
        tokenizer: &str,
        text: &str,
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
                Box::new(PhraseQuery::new(
                    toks.iter().map(|t| Term::from_field_text(field, t)).collect(),
                ))
            };
            let q: Box<dyn Query> =
                if boost != 1.0 { Box::new(BoostQuery::new(q, boost)) } else { q };
            alts.push((Occur::Should, q));
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
        self.match_on(&fs, NAME_TOKENIZER, name).unwrap_or_else(|| Box::new(EmptyQuery))
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
        }
    }

    /// The speakers a query is about, each as the last token of the name given (the part the
    /// `said` field indexes): the `--speaker` filters and the `speaker:` words of the query's
    /// top level. `--speaker tony` still filters, but gets no bonus.
    fn speakers_of(&self, req: &SearchRequest, node: &Node) -> Vec<String> {
        let mut names: Vec<&str> = req.speakers.iter().map(String::as_str).collect();
        if let Node::Group(clauses) = node {
            for (neg, n) in clauses {
                if let (false, Node::Word(Target::Speaker, w) | Node::Phrase(Target::Speaker, w)) =
                    (neg, n)
                {
                    names.push(w);
                }
            }
        }
        names.into_iter().filter_map(|n| self.tokens(NAME_TOKENIZER, n).pop()).collect()
    }

    /// Paragraphs where `text`'s stems are all inside a quote of one of the speakers (by the
    /// last part of their names). None without speakers or stems.
    fn said_query(&self, speakers: &[String], text: &str) -> Option<Box<dyn Query>> {
        let stems = self.tokens(STEM_TOKENIZER, text);
        if speakers.is_empty() || stems.is_empty() {
            return None;
        }
        let said = self.index.fields.said;
        let mut alts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for surname in speakers {
            let all: Vec<(Occur, Box<dyn Query>)> = stems
                .iter()
                .map(|s| said_token(surname, s))
                .map(|t| {
                    let q =
                        TermQuery::new(Term::from_field_text(said, &t), IndexRecordOption::Basic);
                    (Occur::Must, Box::new(q) as Box<dyn Query>)
                })
                .collect();
            alts.push((Occur::Should, Box::new(BooleanQuery::new(all))));
        }
        Some(if alts.len() == 1 {
            alts.pop().expect("one").1
        } else {
            Box::new(BooleanQuery::new(alts))
        })
    }

    /// With a speaker, a bonus of [`SAID_BONUS`] for each topic word (plain or `text:`)
    /// inside that speaker's own quotes, so those paragraphs rank first.
    fn said_bonus(&self, node: &Node, ctx: &Context) -> Option<Box<dyn Query>> {
        if ctx.speakers.is_empty() {
            return None;
        }
        let mut words = Vec::new();
        topic_words(node, &mut words);
        let bonus: Vec<(Occur, Box<dyn Query>)> = words
            .into_iter()
            .filter_map(|w| self.said_query(&ctx.speakers, w))
            .map(|q| (Occur::Should, Box::new(ConstScoreQuery::new(q, SAID_BONUS)) as _))
            .collect();
        (!bonus.is_empty()).then(|| Box::new(BooleanQuery::new(bonus)) as Box<dyn Query>)
    }

    /// Build the tantivy query of a node; None when it holds no searchable token.
    fn build(
        &self,
        node: &Node,
        ctx: &Context,
        searcher: &tantivy::Searcher,
    ) -> Result<Option<Box<dyn Query>>> {
        Ok(match node {
            Node::Word(Target::Quote, w) | Node::Phrase(Target::Quote, w)
                if !ctx.speakers.is_empty() =>
            {
                // `quote:iraq speaker:blair`: the words in a quote, and Blair the one who
                // said them.
                let (fields, tok) = self.fields_of(Target::Quote);
                match (self.match_on(&fields, tok, w), self.said_query(&ctx.speakers, w)) {
                    (Some(q), Some(said)) => Some(Box::new(BooleanQuery::new(vec![
                        (Occur::Must, q),
                        (Occur::Must, filter(said)),
                    ])) as Box<dyn Query>),
                    _ => None,
                }
            }
            Node::Word(t, w) | Node::Phrase(t, w) => {
                let (fields, tok) = self.fields_of(*t);
                self.match_on(&fields, tok, w)
            }
            Node::Prefix(t, p) => {
                let (fields, tokenizer) = self.fields_of(*t);
                // Indexed terms are stems: "modernized*" must also look under "modern".
                let mut prefixes = vec![p.to_lowercase()];
                if let [stem] = self.tokens(tokenizer, p).as_slice()
                    && !prefixes.contains(stem)
                {
                    prefixes.push(stem.clone());
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
                // Stop words are dropped, as Lucene's English analyzer drops them, unless
                // nothing else is asked for: they only add noise to a ranking (measured on
                // TIME, MED and CISI: nDCG@10 +0.002, +0.009, +0.005).
                let stops: Vec<bool> =
                    clauses.iter().map(|(neg, n)| !neg && is_stopword(n)).collect();
                let skip_stops = stops.iter().zip(clauses).any(|(stop, (neg, _))| !stop && !neg);
                for ((neg, n), stop) in clauses.iter().zip(&stops) {
                    if skip_stops && *stop {
                        continue;
                    }
                    if let Some(q) = self.build(n, ctx, searcher)? {
                        let occur = if *neg {
                            Occur::MustNot
                        } else if ctx.any {
                            Occur::Should
                        } else {
                            Occur::Must
                        };
                        positive |= !*neg;
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
    /// Scored by relevance (false: filters only, newest first).
    scored: bool,
    /// One pass of block-max WAND can find the top documents: see [`Searcher::collect`].
    prunable: bool,
}

/// What building a query needs besides the node.
struct Context {
    /// Any clause may match instead of every clause.
    any: bool,
    /// The speakers of the request, each as the last token of its name.
    speakers: Vec<String>,
}

/// The plain and `text:` words and phrases of a node that are not excluded: the topic of a
/// "what did X say about Y" query.
fn topic_words<'a>(node: &'a Node, out: &mut Vec<&'a str>) {
    match node {
        Node::Word(Target::Default | Target::Text, w)
        | Node::Phrase(Target::Default | Target::Text, w) => out.push(w),
        Node::Or(alts) => alts.iter().for_each(|n| topic_words(n, out)),
        Node::Group(clauses) => {
            clauses.iter().filter(|(neg, _)| !neg).for_each(|(_, n)| topic_words(n, out))
        }
        _ => {}
    }
}

/// A plain word of the default fields on Lucene's English stop list (tantivy's copy).
fn is_stopword(node: &Node) -> bool {
    let Node::Word(Target::Default, w) = node else { return false };
    let Some(stop) = StopWordFilter::new(Language::English) else { return false };
    let plain = || TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser);
    let mut stopped = plain().filter(stop).build();
    !analyze(&mut plain().build(), w).is_empty() && analyze(&mut stopped, w).is_empty()
}

/// Every token `analyzer` makes of `text`.
fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

/// Mark the quotes of `hit` that hold one of the query's `terms` (stems). Only words whose
/// first letter can start a term are stemmed: stemming every quoted word of a page made a
/// one-shot query a third slower.
fn mark_matching_quotes(hit: &mut Hit, stems: &mut TextAnalyzer, terms: &[Term]) {
    let terms: Vec<String> =
        terms.iter().filter_map(|t| t.value().as_str().map(str::to_string)).collect();
    if terms.is_empty() {
        return;
    }
    let text = &hit.text;
    for q in &mut hit.quotes {
        q.matched = text[q.span.clone()]
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| {
                let first = w.chars().next().map(|c| c.to_lowercase().next().unwrap_or(c));
                first.is_some_and(|c| terms.iter().any(|t| t.starts_with(c)))
            })
            .any(|w| analyze(stems, w).iter().any(|s| terms.contains(s)));
    }
}

fn has_filters(req: &SearchRequest) -> bool {
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
        Node::Group(clauses) => matches!(clauses.as_slice(), [(false, n)] if prunable(n)),
        Node::Word(..) | Node::Prefix(..) => true,
        Node::Phrase(..) | Node::Or(..) => false,
    }
}

/// A filter matches without changing scores.
fn filter(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(q, 0.0))
}

fn first_str(doc: &TantivyDocument, field: Field) -> Option<String> {
    doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string)
}

fn hit_from_doc(f: &Fields, doc: &TantivyDocument, rank: usize, score: Option<f32>) -> Hit {
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
