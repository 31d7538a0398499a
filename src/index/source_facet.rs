//! Source counts over all matches, tallied in the same pass as the speaker and actor ids.
//!
//! The web API lists the top sources beside the speakers and actors. A terms aggregation
//! over the `source` column gave them, but as a second search: every match walked (and, for
//! a query of several words, scored) again, which made a faceted API search twice the
//! in-process query. Here [`super::facets::WhoCollector`] hands each block of matches to a
//! [`SegmentSources`] too, which counts the segment's source ordinals in an array; the
//! segments' counts meet by name, and [`top`] orders them as the aggregation did (most
//! paragraphs first, then by name), exactly (no per-segment cut-off).

use std::collections::HashMap;

use tantivy::columnar::StrColumn;
use tantivy::{DocId, SegmentReader};

/// The fast column counted (the exact source string).
const SOURCE_FIELD: &str = "source";

/// Source name -> matching paragraphs, over the segments counted so far.
pub type SourceCounts = HashMap<String, u64>;

/// One segment's source ordinals and their counts.
pub struct SegmentSources {
    /// None when no paragraph of the segment has a source.
    column: Option<StrColumn>,
    counts: Vec<u32>,
}

impl SegmentSources {
    /// A counter over `segment`'s source column.
    pub fn open(segment: &SegmentReader) -> tantivy::Result<SegmentSources> {
        let column = segment.fast_fields().str(SOURCE_FIELD)?;
        let counts = vec![0; column.as_ref().map_or(0, |c| c.num_terms())];
        Ok(SegmentSources { column, counts })
    }

    /// Count the sources of these paragraphs.
    pub fn add(&mut self, docs: &[DocId]) {
        let Some(column) = &self.column else { return };
        for &doc in docs {
            for ord in column.ords().values_for_doc(doc) {
                self.counts[ord as usize] += 1;
            }
        }
    }

    /// The counts by name.
    pub fn harvest(self) -> SourceCounts {
        let mut out = SourceCounts::new();
        let Some(column) = self.column else { return out };
        let mut name = String::new();
        for (ord, &n) in self.counts.iter().enumerate().filter(|(_, n)| **n > 0) {
            name.clear();
            if let Ok(true) = column.ord_to_str(ord as u64, &mut name) {
                *out.entry(name.clone()).or_default() += u64::from(n);
            }
        }
        out
    }
}

/// Add `from`'s counts to `into`.
pub fn merge(into: &mut SourceCounts, from: SourceCounts) {
    for (name, n) in from {
        *into.entry(name).or_default() += n;
    }
}

/// The `k` sources with the most paragraphs; equal counts in name order.
pub fn top(counts: SourceCounts, k: usize) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = counts.into_iter().collect();
    v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v.truncate(k);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_paragraphs_first_then_by_name() {
        let mut a: SourceCounts = [("Reuters".to_string(), 2), ("BBC".to_string(), 5)].into();
        merge(&mut a, [("AP".to_string(), 2), ("BBC".to_string(), 1)].into());
        assert_eq!(
            top(a.clone(), 10),
            [("BBC".to_string(), 6), ("AP".to_string(), 2), ("Reuters".to_string(), 2)]
        );
        assert_eq!(top(a, 1), [("BBC".to_string(), 6)]);
    }
}
