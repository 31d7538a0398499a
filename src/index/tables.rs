//! The name table and the facet table of each searcher generation, built from per-segment data
//! kept across reloads ([`super::segment_who`]), and built before a reloaded searcher is used.
//!
//! Both tables are global (a name's canonical form depends on every paragraph of the index),
//! so a new generation needs new ones; but only the segments it has not seen are read or
//! counted, and a live reader ([`super::search::Searcher::new_live`]) builds them as tantivy's
//! warmer, before the new generation is handed to searches: the first search after a commit
//! by another process or a `POST` does not wait for them. Searches still on the previous
//! generation meanwhile find that generation's tables ([`KEEP`]).

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tantivy::SearcherGeneration;
use tantivy::index::SegmentId;

use super::facets::WhoTable;
use super::name_cache::read_sections;
use super::names::{Aliases, NameTable};
use super::segment_who::{NameCounts, SegmentCache, merge_counts, segment_keys};
use crate::error::Result;

/// Generations whose tables are kept: the current one and the one before (searches that
/// started before a reload finish on it).
const KEEP: usize = 2;

/// A segment smaller than this has its names counted rather than read from the cache file:
/// counting ten thousand paragraphs costs less than parsing the whole file.
const COUNT_BELOW: u32 = 10_000;

/// One generation's table, and the segments it was built for.
struct Entry<T> {
    keys: Vec<String>,
    ids: Vec<SegmentId>,
    table: Arc<T>,
}

/// The tables of the last [`KEEP`] generations a reader has used, and the segment data
/// they are built from.
pub(crate) struct Tables {
    dir: PathBuf,
    aliases: Aliases,
    pub(crate) segments: SegmentCache,
    names: Mutex<Vec<Entry<NameTable>>>,
    who: Mutex<Vec<Entry<WhoTable>>>,
}

impl Tables {
    /// No table yet, for the index in `dir`, canonicalising names with `aliases`.
    pub(crate) fn new(dir: PathBuf, aliases: Aliases) -> Tables {
        Tables {
            dir,
            aliases,
            segments: SegmentCache::default(),
            names: Mutex::new(Vec::new()),
            who: Mutex::new(Vec::new()),
        }
    }

    /// The name table of `searcher`'s segments.
    pub(crate) fn names(&self, searcher: &tantivy::Searcher) -> Result<Arc<NameTable>> {
        let keys = segment_keys(searcher);
        if let Some(t) = find(&self.names, &keys) {
            return Ok(t);
        }
        // The cache file an ingest wrote, read at most once, for the large segments this
        // process has not counted.
        let mut stored = None;
        let lists: Vec<NameCounts> = searcher
            .segment_readers()
            .iter()
            .map(|seg| {
                self.segments.raw(seg, |key| {
                    if seg.max_doc() < COUNT_BELOW {
                        return None;
                    }
                    let sections =
                        stored.get_or_insert_with(|| read_sections(&self.dir).unwrap_or_default());
                    sections.remove(key)
                })
            })
            .collect::<Result<_>>()?;
        let raw = merge_counts(lists.iter().map(|l| l.as_slice()));
        let table = Arc::new(NameTable::build(&raw, self.aliases.clone()));
        Ok(self.keep(&self.names, keys, searcher, table))
    }

    /// The facet table of `searcher`'s segments (its names canonical by [`Tables::names`]).
    pub(crate) fn who(&self, searcher: &tantivy::Searcher) -> Result<Arc<WhoTable>> {
        let keys = segment_keys(searcher);
        if let Some(t) = find(&self.who, &keys) {
            return Ok(t);
        }
        let names = self.names(searcher)?;
        let table = Arc::new(WhoTable::build(searcher, Some(&names), &self.segments)?);
        Ok(self.keep(&self.who, keys, searcher, table))
    }

    /// Keep `table` as the newest of `list` (or the one another thread kept meanwhile), and
    /// forget the segment data no kept table needs.
    fn keep<T>(
        &self,
        list: &Mutex<Vec<Entry<T>>>,
        keys: Vec<String>,
        searcher: &tantivy::Searcher,
        table: Arc<T>,
    ) -> Arc<T> {
        let table = {
            let mut list = list.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(e) = list.iter().find(|e| e.keys == keys) {
                e.table.clone()
            } else {
                let ids = searcher.segment_readers().iter().map(|s| s.segment_id()).collect();
                list.push(Entry { keys, ids, table: table.clone() });
                if list.len() > KEEP {
                    list.remove(0);
                }
                table
            }
        };
        let mut live: HashSet<SegmentId> = segment_ids(&self.names);
        live.extend(segment_ids(&self.who));
        self.segments.retain(&live);
        table
    }
}

/// The segments of every kept table of `list`.
fn segment_ids<T>(list: &Mutex<Vec<Entry<T>>>) -> HashSet<SegmentId> {
    let list = list.lock().unwrap_or_else(|p| p.into_inner());
    list.iter().flat_map(|e| e.ids.iter().copied()).collect()
}

/// The kept table of the generation with these segment keys.
fn find<T>(list: &Mutex<Vec<Entry<T>>>, keys: &[String]) -> Option<Arc<T>> {
    let list = list.lock().unwrap_or_else(|p| p.into_inner());
    list.iter().find(|e| e.keys == keys).map(|e| e.table.clone())
}

impl tantivy::Warmer for Tables {
    /// Build the new generation's tables before searches get it. A failure is left for the
    /// search that needs the table to meet and report; the reload itself goes on.
    fn warm(&self, searcher: &tantivy::Searcher) -> tantivy::Result<()> {
        let _ = self.who(searcher);
        Ok(())
    }

    /// Nothing: at most [`KEEP`] generations' tables are kept, and segment data no kept table
    /// needs is dropped as each table is built.
    fn garbage_collect(&self, _: &[&SearcherGeneration]) {}
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};

    use super::*;
    use crate::index::Index;
    use crate::index::search::{SearchRequest, Searcher};
    use crate::ingest::{IngestOptions, Quiet, ingest};

    fn write(dir: &std::path::Path, name: &str, title: &str, lines: &[String]) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, format!("{title}\n\n{}", lines.join("\n\n"))).unwrap();
        path
    }

    /// After another commit, a live reader's new tables read and count only the new segment,
    /// and give what a reader that counts everything afresh gives.
    #[test]
    fn a_reload_reads_and_counts_only_the_new_segment() {
        let dir = tempfile::tempdir().unwrap();
        let first: Vec<String> = (0..60)
            .map(|i| format!("\u{201c}Round {i} went well,\u{201d} said John Prescott in Hull."))
            .collect();
        let later: Vec<String> = (0..3)
            .map(|i| format!("\u{201c}Aid {i} arrived,\u{201d} Prescott said in Leeds."))
            .collect();
        let files = [
            write(dir.path(), "a.txt", "Talks in Hull", &first),
            write(dir.path(), "b.txt", "Aid to Leeds", &later),
        ];
        let idx = dir.path().join("idx");
        let index = Index::open_or_create(&idx).unwrap();
        let stop = AtomicBool::new(false);
        ingest(&index, &files[..1], &IngestOptions::default(), &Quiet, &stop).unwrap();
        let live = Searcher::new_live(Index::open(&idx).unwrap(), Aliases::builtin()).unwrap();
        let counted = |s: &Searcher| {
            let c = &s.tables.segments;
            (
                c.dictionaries_read.load(Ordering::Relaxed),
                c.segments_counted.load(Ordering::Relaxed),
            )
        };
        // Opening built the tables (a segment this small is counted, not read from the file).
        assert_eq!(counted(&live), (1, 1));

        ingest(&index, &files[1..], &IngestOptions::default(), &Quiet, &stop).unwrap();
        live.reload().unwrap();
        let (searcher, _) = live.snapshot();
        assert_eq!(searcher.segment_readers().len(), 2);
        assert_eq!(counted(&live), (2, 2));

        let req = SearchRequest {
            text: "said".into(),
            limit: 5,
            facets: true,
            facet_limit: 10,
            ..SearchRequest::default()
        };
        let fresh = Searcher::new(Index::open(&idx).unwrap()).unwrap();
        let (a, b) = (live.search(&req).unwrap(), fresh.search(&req).unwrap());
        assert_eq!(counted(&live), (2, 2), "the search found its tables built");
        assert_eq!(a.facets, b.facets);
        assert_eq!(a.facets.as_ref().unwrap().speakers, [("John Prescott".to_string(), 63)]);
        let ids = |r: &crate::index::search::SearchResult| {
            r.hits.iter().map(|h| (h.article_id.clone(), h.paragraph)).collect::<Vec<_>>()
        };
        assert_eq!(ids(&a), ids(&b));
    }
}
