//! Streaming every match of a request in index order, for `export` and `push`.
//!
//! A search ranks and keeps a page; a walk visits each matching live paragraph once,
//! segment by segment and document id by document id, and hands it to a callback, so
//! memory stays constant however many paragraphs match (the stored-document reader keeps
//! one decompressed block per segment). An empty request (no text, no filter) walks
//! every paragraph the index holds.

use tantivy::query::{AllQuery, EnableScoring, Query};
use tantivy::{DocAddress, DocSet, TERMINATED, TantivyDocument};

use super::search::{Hit, SearchRequest, Searcher, has_filters, hit_from_doc};
use crate::error::Result;

impl Searcher {
    /// The query a walk runs: everything when the request has neither text nor filters.
    fn walk_query(
        &self,
        req: &SearchRequest,
        searcher: &tantivy::Searcher,
    ) -> Result<Box<dyn Query>> {
        if req.text.trim().is_empty() && !has_filters(req) {
            return Ok(Box::new(AllQuery));
        }
        Ok(self.request_query(req, searcher)?.0)
    }

    /// A fingerprint of what the index holds now (its segments and their deletes): a walk
    /// visits the same paragraphs in the same order while it is unchanged.
    pub fn fingerprint(&self) -> String {
        let searcher = self.reader.searcher();
        let mut parts: Vec<String> = searcher
            .segment_readers()
            .iter()
            .map(|s| format!("{}:{:?}", s.segment_id().uuid_string(), s.delete_opstamp()))
            .collect();
        parts.sort();
        format!("{:016x}", xxhash_rust::xxh3::xxh3_64(parts.join(",").as_bytes()))
    }

    /// How many paragraphs a walk of `req` visits.
    pub fn count_matches(&self, req: &SearchRequest) -> Result<u64> {
        let searcher = self.reader.searcher();
        let query = self.walk_query(req, &searcher)?;
        Ok(query.count(&searcher)? as u64)
    }

    /// Visit every paragraph matching `req` in index order (segments, then document ids);
    /// `visit` gets each as a [`Hit`] (rank = 1-based position in the walk, no score, no
    /// snippet). An error from `visit` stops the walk and is returned. Returns the number
    /// of paragraphs visited.
    pub fn walk<E>(
        &self,
        req: &SearchRequest,
        mut visit: impl FnMut(Hit) -> std::result::Result<(), E>,
    ) -> std::result::Result<u64, E>
    where
        E: From<crate::error::Error>,
    {
        let searcher = self.reader.searcher();
        let f = &self.index.fields;
        let query = self.walk_query(req, &searcher)?;
        let weight = query
            .weight(EnableScoring::disabled_from_searcher(&searcher))
            .map_err(crate::error::Error::from)?;
        let mut n = 0u64;
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let mut scorer = weight.scorer(segment, 1.0).map_err(crate::error::Error::from)?;
            // Scorers do not skip deleted documents (collectors do): a replaced article's
            // old paragraphs stay in their segment until a merge.
            let alive = segment.alive_bitset();
            let mut doc = scorer.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    let addr = DocAddress::new(ord as u32, doc);
                    let stored: TantivyDocument =
                        searcher.doc(addr).map_err(crate::error::Error::from)?;
                    n += 1;
                    visit(hit_from_doc(f, &stored, n as usize, None))?;
                }
                doc = scorer.advance();
            }
        }
        Ok(n)
    }
}

/// Whether the name filter `filter` (as `--speaker` takes it) names `name`: every word of
/// the filter is a word of the name, compared as the index compares names (lower case,
/// accents folded, punctuation dropped). `mujahid` names `Zabihullah Mujahid`.
pub fn name_covers(filter: &str, name: &str) -> bool {
    let words = |s: &str| {
        let mut analyzer = super::schema::name_analyzer();
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(s);
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    };
    let wanted = words(filter);
    let have = words(name);
    !wanted.is_empty() && wanted.iter().all(|w| have.contains(w))
}

#[cfg(test)]
mod tests {
    use super::name_covers;

    #[test]
    fn a_filter_names_a_speaker_when_its_words_are_the_names_words() {
        assert!(name_covers("mujahid", "Zabihullah Mujahid"));
        assert!(name_covers("Tony Blair", "Tony Blair"));
        assert!(name_covers("george bush", "George W. Bush"));
        assert!(name_covers("José", "Jose Mourinho"));
        assert!(!name_covers("Blair", "Tony Blairite"));
        assert!(!name_covers("Tony Brown", "Tony Blair"));
        assert!(!name_covers("", "Tony Blair"));
    }
}
