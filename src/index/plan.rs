//! The build step of a search: a [`SearchRequest`] becomes one tantivy query (see
//! [`Searcher::plan`]): the parsed text on its fields, the filters as constant-score
//! clauses, and the quote bonus of a speaker query.

use std::collections::HashMap;
use std::ops::Bound;

use chrono::NaiveDate;
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, FuzzyTermQuery, Occur,
    PhraseQuery, Query, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::query::{Clause, Node, Target, parse_query};
use super::rank::{self, TITLE_WEIGHT};
use super::schema::{
    NAME_TOKENIZER, STEM_TOKENIZER, actor_facet, actor_root, speaker_facet, to_tantivy_date,
};
use super::search::{SearchRequest, Searcher};
use super::union::SumUnion;
use crate::analysis::Kind;
use crate::error::{Error, Result};

impl Searcher {
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
    pub(super) fn plan(&self, req: &SearchRequest, searcher: &tantivy::Searcher) -> Result<Plan> {
        let f = &self.index.fields;
        let node = parse_query(&req.text)?;
        let block_wand = !has_filters(req) && prunable(&node);
        let speakers = self.speaker_surnames(req, &node, searcher)?;
        let ctx = Context { any: req.any, speakers, block_wand };
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
        let prunable = block_wand && bonus.is_none();
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
                Some((self.match_on(&[(f.text, 1.0)], STEM_TOKENIZER, w, 0, false)?, said))
            })
            .collect();
        rank::quote_bonus(parts)
    }

    /// Paragraphs where `text`'s stems are all inside a quote of one of `surnames`.
    fn said_query(&self, surnames: &[String], text: &str) -> Option<Box<dyn Query>> {
        rank::said_query(&self.index.fields, surnames, &self.tokens(STEM_TOKENIZER, text))
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

    /// Analyse `text` with the tokenizer of `field`'s kind.
    pub(super) fn tokens(&self, tokenizer: &str, text: &str) -> Vec<String> {
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
        block_wand: bool,
    ) -> Option<Box<dyn Query>> {
        let toks = self.tokens(tokenizer, text);
        if toks.is_empty() {
            return None;
        }
        let mut alts: Vec<Box<dyn Query>> = Vec::new();
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
            alts.push(boosted(q, boost));
        }
        Some(any_field(alts, block_wand))
    }

    /// A name-part match: every token of `name`, in order, in one of `fields`.
    fn name_match(&self, fields: &[Field], name: &str) -> Box<dyn Query> {
        let fs: Vec<(Field, f32)> = fields.iter().map(|&f| (f, 1.0)).collect();
        self.match_on(&fs, NAME_TOKENIZER, name, 0, false).unwrap_or_else(|| Box::new(EmptyQuery))
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
                match (
                    self.match_on(&fields, tok, w, slop, false),
                    self.said_query(&ctx.speakers, w),
                ) {
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
                self.match_on(&fields, tok, w, 0, ctx.block_wand)
            }
            Node::Phrase(t, w, slop) => {
                let (fields, tok) = self.fields_of(*t);
                self.match_on(&fields, tok, w, *slop, ctx.block_wand)
            }
            Node::Fuzzy(t, w, edits) => {
                let (fields, tok) = self.fields_of(*t);
                let toks = self.tokens(tok, w);
                let [token] = toks.as_slice() else {
                    return Err(Error::Query(format!(
                        "{w}~: a fuzzy term must be one word (split it, or quote it as a phrase)"
                    )));
                };
                let alts: Vec<Box<dyn Query>> = fields
                    .iter()
                    .map(|&(field, boost)| {
                        let q: Box<dyn Query> = Box::new(FuzzyTermQuery::new(
                            Term::from_field_text(field, token),
                            *edits,
                            true,
                        ));
                        boosted(q, boost)
                    })
                    .collect();
                Some(any_field(alts, ctx.block_wand))
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

/// A prefix term expands to at most this many indexed terms (the most frequent).
const MAX_PREFIX_TERMS: usize = 64;

/// Which stored names a name filter looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WhoTarget {
    Speaker,
    /// Actors, of one canonical kind or any.
    Actor(Option<Kind>),
}

/// A query built for one request.
pub(super) struct Plan {
    pub(super) query: Box<dyn Query>,
    /// The parsed query text.
    pub(super) node: Node,
    /// One pass of block-max WAND can find the top documents: see [`Searcher::collect`].
    pub(super) prunable: bool,
}

/// What building a query needs besides the node.
struct Context {
    /// Any clause may match instead of every clause.
    any: bool,
    /// The request's speakers, as the `said` field knows them ([`Searcher::speaker_surnames`]).
    speakers: Vec<String>,
    /// The query is one word whose top documents block-max WAND finds ([`prunable`]): its
    /// fields are ORed by a `BooleanQuery`, which takes that path, rather than a [`SumUnion`].
    block_wand: bool,
}

/// The request narrows the matches beyond its text (speakers, actors, kind, sources, dates).
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

/// Any of `alts` (one clause per field), scores summed: a `BooleanQuery` where block-max
/// WAND can use it, else a [`SumUnion`], which matches and scores the same for less.
fn any_field(mut alts: Vec<Box<dyn Query>>, block_wand: bool) -> Box<dyn Query> {
    if alts.len() == 1 {
        alts.pop().expect("one")
    } else if block_wand {
        Box::new(BooleanQuery::new(alts.into_iter().map(|q| (Occur::Should, q)).collect()))
    } else {
        Box::new(SumUnion::new(alts))
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
