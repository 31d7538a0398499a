//! A word searched on several fields at once (text and title): the documents any of them
//! matches, their scores summed, as a `BooleanQuery` of `Should` clauses would give them,
//! without its buffered union.
//!
//! Why: tantivy's union buffers a window of 4,096 documents and clears the whole window
//! (a 16 kB score array) each time it is sought past it. Inside an intersection, where a
//! rarer word drives and this union is sought far ahead at every candidate, that clearing
//! was 27% of a query's instructions on the N = 40 bench. Two or three clauses are merged
//! here by looking at each one's current document instead.
//!
//! Same matches and same scores: a document's score is `0.0` plus each matching clause's
//! score, in clause order (tantivy's `SumCombiner`); clauses that match nothing in a segment
//! are dropped, and a union left with one clause is that clause's own scorer, as
//! `BooleanWeight` does, so an intersection of such words still takes tantivy's term
//! intersection.

use tantivy::query::{EmptyScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// Documents matching any of `clauses`, scored by the sum of the clauses that match.
#[derive(Debug)]
pub(super) struct SumUnion {
    clauses: Vec<Box<dyn Query>>,
}

impl Clone for SumUnion {
    fn clone(&self) -> SumUnion {
        SumUnion { clauses: self.clauses.iter().map(|c| c.box_clone()).collect() }
    }
}

impl SumUnion {
    /// The union of `clauses` (two or more, for the union to be worth it).
    pub(super) fn new(clauses: Vec<Box<dyn Query>>) -> SumUnion {
        SumUnion { clauses }
    }
}

impl Query for SumUnion {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|c| c.weight(enable_scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(SumUnionWeight { weights }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for c in &self.clauses {
            c.query_terms(visitor);
        }
    }
}

struct SumUnionWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for SumUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorers = Vec::with_capacity(self.weights.len());
        for w in &self.weights {
            let s = w.scorer(reader, boost)?;
            if !s.is::<EmptyScorer>() && s.doc() != TERMINATED {
                scorers.push(s);
            }
        }
        Ok(match scorers.len() {
            0 => Box::new(EmptyScorer),
            1 => scorers.pop().expect("one"),
            _ => Box::new(SumUnionScorer::new(scorers, reader.num_docs())),
        })
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!("Document #({doc}) does not match")));
        }
        let mut explanation = Explanation::new("SumUnion. sum of ...", scorer.score());
        for w in &self.weights {
            if let Ok(child) = w.explain(reader, doc) {
                explanation.add_detail(child);
            }
        }
        Ok(explanation)
    }
}

/// Merges its scorers (each positioned, none terminated at the start) by their current docs.
struct SumUnionScorer {
    scorers: Vec<Box<dyn Scorer>>,
    doc: DocId,
    num_docs: u32,
}

impl SumUnionScorer {
    fn new(scorers: Vec<Box<dyn Scorer>>, num_docs: u32) -> SumUnionScorer {
        let mut u = SumUnionScorer { scorers, doc: 0, num_docs };
        u.doc = u.min_doc();
        u
    }

    fn min_doc(&self) -> DocId {
        self.scorers.iter().map(|s| s.doc()).min().unwrap_or(TERMINATED)
    }
}

impl DocSet for SumUnionScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let doc = self.doc;
        for s in &mut self.scorers {
            if s.doc() == doc {
                s.advance();
            }
        }
        self.doc = self.min_doc();
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        for s in &mut self.scorers {
            if s.doc() < target {
                s.seek(target);
            }
        }
        self.doc = self.min_doc();
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        // The estimate tantivy's union gives (co-located terms overlap): it only steers
        // which docset drives an intersection.
        let live = self.scorers.iter().filter(|s| s.doc() != TERMINATED);
        let max = self.num_docs.max(1) as f64;
        let outside: f64 = live.map(|s| 1.0 - 0.8 * s.size_hint() as f64 / max).product();
        (max * (1.0 - outside)).round().min(max) as u32
    }

    fn cost(&self) -> u64 {
        self.scorers.iter().filter(|s| s.doc() != TERMINATED).map(|s| s.cost()).sum()
    }
}

impl Scorer for SumUnionScorer {
    fn score(&mut self) -> Score {
        let doc = self.doc;
        let mut score: Score = 0.0;
        for s in &mut self.scorers {
            if s.doc() == doc {
                score += s.score();
            }
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, TermQuery};
    use tantivy::schema::{IndexRecordOption, STORED, Schema, TEXT};
    use tantivy::{DocAddress, Index, TantivyDocument, doc};

    use super::*;

    /// What `query` finds: the count and every match with its exact score, best first.
    fn run(index: &Index, query: &dyn Query) -> (usize, Vec<(u32, DocAddress)>) {
        let searcher = index.reader().unwrap().searcher();
        let (n, top) =
            searcher.search(query, &(Count, TopDocs::with_limit(1000).order_by_score())).unwrap();
        (n, top.into_iter().map(|(s, d): (f32, DocAddress)| (s.to_bits(), d)).collect())
    }

    #[test]
    fn matches_and_scores_as_a_boolean_union() {
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT | STORED);
        let title = schema.add_text_field("title", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        // Enough documents that a union is sought far past its first window, with words
        // in the text only, the title only, both, or neither.
        for i in 0..12_000u32 {
            let mut body = String::from("news");
            if i % 3 == 0 {
                body.push_str(" blair");
            }
            if i % 7 == 0 || i % 1000 == 1 {
                body.push_str(" iraq iraq");
            }
            let head = if i % 5 == 0 { "blair on iraq" } else { "other" };
            let d: TantivyDocument = doc!(text => body, title => head);
            writer.add_document(d).unwrap();
        }
        writer.commit().unwrap();
        let word = |w: &str| -> Vec<Box<dyn Query>> {
            vec![
                Box::new(TermQuery::new(
                    Term::from_field_text(text, w),
                    IndexRecordOption::WithFreqs,
                )),
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(
                        Term::from_field_text(title, w),
                        IndexRecordOption::WithFreqs,
                    )),
                    0.5,
                )),
            ]
        };
        let boolean = |w: &str| -> Box<dyn Query> {
            Box::new(BooleanQuery::new(word(w).into_iter().map(|q| (Occur::Should, q)).collect()))
        };
        let sum = |w: &str| -> Box<dyn Query> { Box::new(SumUnion::new(word(w))) };
        for words in [&["blair"][..], &["blair", "iraq"], &["iraq", "news", "blair"], &["absent"]] {
            let all = |f: &dyn Fn(&str) -> Box<dyn Query>| {
                BooleanQuery::new(words.iter().map(|w| (Occur::Must, f(w))).collect())
            };
            let (expected, got) = (run(&index, &all(&boolean)), run(&index, &all(&sum)));
            assert_eq!(got, expected, "{words:?}");
            assert_eq!(expected.0 > 0, words != ["absent"], "{words:?}");
        }
    }
}
