//! Streaming every match of a request in index order, for `export` and `push`.
//!
//! A search ranks and keeps a page; a walk visits each matching live paragraph once,
//! segment by segment and document id by document id, and hands it to a callback, so
//! memory stays constant however many paragraphs match (the stored-document reader keeps
//! one decompressed block per segment). An empty request (no text, no filter) walks
//! every paragraph the index holds.

use std::collections::HashSet;

use tantivy::query::{AllQuery, EnableScoring, Query};
use tantivy::{DocAddress, DocSet, TERMINATED, TantivyDocument};

use super::hits::canonical_names;
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

    /// The canonical names of the speakers that any of `filters` names, as `--speaker`
    /// resolves them (aliases, case, accents and word subsets; see `NameTable::matching`).
    pub fn speakers_named(&self, filters: &[String]) -> Result<HashSet<String>> {
        let searcher = self.reader.searcher();
        let names = self.name_table(&searcher)?;
        Ok(filters
            .iter()
            .flat_map(|f| names.matching(f, true))
            .map(|raw| names.speaker(raw))
            .collect())
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
        // Rows name people as queries do: one canonical name per actor.
        let names = self.name_table(&searcher)?;
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
                    let mut hit = hit_from_doc(f, &stored, n as usize, None);
                    canonical_names(&mut hit, &names);
                    visit(hit)?;
                }
                doc = scorer.advance();
            }
        }
        Ok(n)
    }
}
