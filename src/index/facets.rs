//! Speaker and actor counts over all matches, fast.
//!
//! tantivy's `FacetCollector` rebuilds, for every query and every segment, a mapping over the
//! segment's whole facet dictionary, and turns every counted ordinal back into a string
//! through a dictionary lookup: tens of milliseconds a query on a large index, whatever the
//! number of matches. Here the dictionaries (read once per segment and kept across reloads,
//! [`super::segment_who`]) make one [`WhoTable`] per searcher generation: one global id per distinct `who` facet (ids in facet order, so ties sort
//! exactly as tantivy's `top_k` sorts them), each segment's ordinals mapped to global ids,
//! and each facet's category (speaker, actor of a kind) known; names are decoded for the top
//! k only. A query then tallies the global ids of its matching paragraphs
//! ([`WhoCollector`], [`Tally`]) and ranks them ([`count`]); the sources of the matches can
//! be counted in the same pass ([`super::source_facet`]).
//!
//! A paragraph's ids come from the segment's facet column (an index look-up, then a few
//! bit-unpacked values: most of a facet query's time on common words), or, once a process
//! has read as many paragraphs of a segment that way as the segment holds, from the whole
//! column unpacked into a flat array (`Postings`, 4 bytes a value). Unpacking costs about
//! what reading every paragraph once does (25-35 ms at 420,000 paragraphs), so a one-shot
//! `whosaid query --facets` never pays it, and a long-lived process pays it once and then
//! tallies several times faster; neither pays more than twice the better choice in
//! hindsight. The unpacked ordinals outlive a reload: a new generation maps them to its ids.

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::names::NameTable;
use super::schema::{
    Who, actor_facet, actor_root, encoded_prefix, kind_slot, parse_who, speaker_facet, speaker_root,
};
use super::segment_who::{Postings, SegmentCache, SegmentWho, WHO_FIELD};
use super::source_facet::{self, SegmentSources, SourceCounts};
use crate::analysis::{Actor, Kind};
use crate::error::Result;

/// Facet counts over all matches.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facets {
    /// Speakers and the number of matching paragraphs quoting them.
    pub speakers: Vec<(String, u64)>,
    /// Actors and the number of matching paragraphs involving them.
    pub actors: Vec<(Actor, u64)>,
    /// Sources and their numbers of matching paragraphs, when counted
    /// ([`super::search::SearchRequest::facet_sources`]; otherwise empty).
    pub sources: Vec<(String, u64)>,
}

/// Every distinct `who` facet of a searcher generation, with per-segment ordinal maps.
pub struct WhoTable {
    /// The segments this table was built for, in searcher order.
    pub(crate) segments: Vec<SegmentId>,
    /// Segment -> how its paragraphs' global ids are found.
    per_segment: HashMap<SegmentId, Arc<SegmentFacets>>,
    /// Global id -> its encoded facet, concatenated; `ends[id]` is where it ends.
    keys: Vec<u8>,
    ends: Vec<usize>,
    /// Global id -> category (speaker, actor of a kind, other), read off the key's prefix:
    /// decoding every facet into names up front cost more than the counting itself.
    cats: Vec<Cat>,
}

/// One segment's facets: ordinals mapped to global ids, and the unpacked column once it pays.
struct SegmentFacets {
    /// The segment's dictionary and ordinals, kept across generations.
    who: Arc<SegmentWho>,
    /// Segment ordinal -> global id.
    map: Vec<u32>,
    /// Every paragraph's global ids, once unpacked.
    postings: OnceLock<Arc<Postings>>,
}

/// What a facet counts as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cat {
    Speaker,
    Actor(Kind),
    Other,
}

impl Cat {
    /// The categories of encoded facet keys, by the prefixes schema.rs gives their roots.
    fn classifier() -> impl Fn(&[u8]) -> Cat {
        let speaker = encoded_prefix(&speaker_root());
        let actors: Vec<(Vec<u8>, Kind)> = [Kind::Person, Kind::Org, Kind::Place]
            .into_iter()
            .map(|k| (encoded_prefix(&actor_root(k)), k))
            .collect();
        move |key: &[u8]| {
            if key.starts_with(&speaker) {
                return Cat::Speaker;
            }
            actors
                .iter()
                .find(|(prefix, _)| key.starts_with(prefix))
                .map_or(Cat::Other, |&(_, k)| Cat::Actor(k))
        }
    }
}

impl WhoTable {
    /// The `who` dictionaries of every segment of `searcher` (from `cache`, read there the
    /// first time a segment is seen) as one table; with `names`, every stored name counts
    /// under its canonical name (one global id for "US" and "United States").
    pub(crate) fn build(
        searcher: &tantivy::Searcher,
        names: Option<&NameTable>,
        cache: &SegmentCache,
    ) -> Result<WhoTable> {
        let per_segment: Vec<(SegmentId, Arc<SegmentWho>)> = searcher
            .segment_readers()
            .iter()
            .map(|seg| Ok((seg.segment_id(), cache.get(seg)?)))
            .collect::<Result<_>>()?;
        let seg_keys: Vec<Vec<&[u8]>> = per_segment.iter().map(|(_, w)| w.keys()).collect();
        // The global sorted key list: a merge of the sorted per-segment lists.
        let mut global: Vec<&[u8]> = Vec::new();
        for keys in &seg_keys {
            global = merge_sorted(&global, keys);
        }
        // Raw global id -> table id: the identity, or the canonical name's place among the
        // sorted canonical keys.
        let (table_keys, to_table): (Vec<Vec<u8>>, Vec<u32>) = match names {
            None => {
                (global.iter().map(|k| k.to_vec()).collect(), (0..global.len() as u32).collect())
            }
            Some(t) => {
                let canon: Vec<Vec<u8>> = global.iter().map(|k| canonical_key(k, t)).collect();
                let mut sorted = canon.clone();
                sorted.sort_unstable();
                sorted.dedup();
                let to = canon
                    .iter()
                    .map(|c| sorted.binary_search(c).unwrap_or_default() as u32)
                    .collect();
                (sorted, to)
            }
        };
        let mut facets = HashMap::new();
        for ((id, who), keys) in per_segment.iter().zip(&seg_keys) {
            // Both lists are sorted: one linear walk maps every segment ordinal.
            let mut map = Vec::with_capacity(keys.len());
            let mut g = 0usize;
            for &key in keys {
                while global[g] < key {
                    g += 1;
                }
                map.push(to_table[g]);
            }
            // A segment this process has unpacked before keeps paying off: its ordinals take
            // one pass to map (a few ms at 420,000 paragraphs), not another unpack.
            let postings = OnceLock::new();
            let who = who.clone();
            if let Some(local) = who.unpacked() {
                let _ = postings.set(Arc::new(local.remap(&map)));
            }
            facets.insert(*id, Arc::new(SegmentFacets { who, map, postings }));
        }
        let mut keys = Vec::with_capacity(table_keys.iter().map(|k| k.len()).sum());
        let mut ends = Vec::with_capacity(table_keys.len());
        for k in &table_keys {
            keys.extend_from_slice(k);
            ends.push(keys.len());
        }
        let cat_of = Cat::classifier();
        let cats = table_keys.iter().map(|k| cat_of(k)).collect();
        Ok(WhoTable {
            segments: searcher.segment_readers().iter().map(|s| s.segment_id()).collect(),
            per_segment: facets,
            keys,
            ends,
            cats,
        })
    }

    /// What global facet `id` means.
    fn who(&self, id: u32) -> Option<Who> {
        let id = id as usize;
        let start = if id == 0 { 0 } else { self.ends[id - 1] };
        let facet = Facet::from_encoded(self.keys[start..self.ends[id]].to_vec()).ok()?;
        parse_who(&facet)
    }

    /// True when the table was built for exactly these segments.
    pub fn fits(&self, searcher: &tantivy::Searcher) -> bool {
        let segs = searcher.segment_readers();
        segs.len() == self.segments.len()
            && segs.iter().zip(&self.segments).all(|(s, id)| s.segment_id() == *id)
    }
}

/// The encoded facet of the canonical name of the stored facet `key`.
fn canonical_key(key: &[u8], names: &NameTable) -> Vec<u8> {
    let who = Facet::from_encoded(key.to_vec()).ok().as_ref().and_then(parse_who);
    let facet = match who {
        Some(Who::Speaker(s)) => speaker_facet(&names.speaker(&s)),
        Some(Who::Actor(n, k)) => {
            let c = names.canonical(&n, k);
            actor_facet(c.kind, &c.name)
        }
        None => return key.to_vec(),
    };
    facet.encoded_str().as_bytes().to_vec()
}

fn merge_sorted<'a>(a: &[&'a [u8]], b: &[&'a [u8]]) -> Vec<&'a [u8]> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Collects the global facet ids of every matching paragraph (and, when asked, their sources).
pub struct WhoCollector {
    /// The table of the searcher the query runs on.
    pub table: Arc<WhoTable>,
    /// Also count the matches' sources (in the same pass: [`super::source_facet`]).
    pub sources: bool,
}

impl WhoCollector {
    /// A collector of the facet ids of `table`'s segments, without sources.
    pub fn new(table: Arc<WhoTable>) -> WhoCollector {
        WhoCollector { table, sources: false }
    }
}

/// What a [`WhoCollector`] gathered: the facet ids, and the source counts when asked for.
pub struct Tally {
    ids: Ids,
    sources: Option<SourceCounts>,
}

/// The facet ids of a query's matches: listed while few, then counted in an array over all
/// ids (a common word matches tens of thousands of paragraphs; a list would grow to millions).
enum Ids {
    /// Every id seen, repeats included.
    Few(Vec<u32>),
    /// Global id -> times seen.
    Many(Vec<u32>),
}

impl Ids {
    /// Add one paragraph's ids; `size` is the number of global ids.
    fn add(&mut self, ids: &[u32], size: usize) {
        match self {
            Ids::Few(list) => {
                list.extend_from_slice(ids);
                if list.len() > size / 8 {
                    let mut counts = vec![0u32; size];
                    for &id in list.iter() {
                        counts[id as usize] += 1;
                    }
                    *self = Ids::Many(counts);
                }
            }
            Ids::Many(counts) => {
                for &id in ids {
                    counts[id as usize] += 1;
                }
            }
        }
    }

    /// (global id, count) of every id seen, in id order.
    fn counted(self) -> Vec<(u32, u64)> {
        match self {
            Ids::Many(counts) => counts
                .iter()
                .enumerate()
                .filter(|(_, n)| **n > 0)
                .map(|(i, &n)| (i as u32, u64::from(n)))
                .collect(),
            Ids::Few(mut list) => {
                list.sort_unstable();
                let mut out: Vec<(u32, u64)> = Vec::new();
                for id in list {
                    match out.last_mut() {
                        Some((last, n)) if *last == id => *n += 1,
                        _ => out.push((id, 1)),
                    }
                }
                out
            }
        }
    }
}

/// Paragraphs tallied together: enough for the memory system to fetch their ids in parallel.
const BLOCK: usize = 64;

/// [`WhoCollector`]'s per-segment part.
pub struct WhoSegmentCollector {
    facets: Arc<SegmentFacets>,
    /// The segment's facet column, while it is not unpacked (none either when no paragraph
    /// of the segment has facets).
    column: Option<Column<u64>>,
    max_doc: DocId,
    /// The unpacked column, once this process has unpacked it.
    postings: Option<Arc<Postings>>,
    tally: Ids,
    /// The segment's source counts, when asked for.
    sources: Option<SegmentSources>,
    size: usize,
    /// Matches not yet tallied (a scored walk hands them over one at a time).
    pending: Vec<DocId>,
    /// The ids of one block of paragraphs, gathered before they are counted.
    gathered: Vec<u32>,
}

impl WhoSegmentCollector {
    /// Tally up to [`BLOCK`] paragraphs.
    fn tally_block(&mut self, docs: &[DocId]) {
        if self.postings.is_none() {
            let n = docs.len() as u64;
            let read = &self.facets.who.read;
            if read.fetch_add(n, Ordering::Relaxed) + n >= u64::from(self.max_doc) {
                let (column, max_doc, facets) = (self.column.as_ref(), self.max_doc, &self.facets);
                let postings = facets.postings.get_or_init(|| {
                    Arc::new(facets.who.unpack(column, max_doc).remap(&facets.map))
                });
                self.postings = Some(postings.clone());
            }
        }
        self.gathered.clear();
        match (&self.postings, &self.column) {
            (Some(p), _) => gather(p, docs, &mut self.gathered),
            (None, Some(column)) => {
                for &doc in docs {
                    let start = self.gathered.len();
                    for o in column.values_for_doc(doc) {
                        let id = self.facets.map[o as usize];
                        if !self.gathered[start..].contains(&id) {
                            self.gathered.push(id);
                        }
                    }
                }
            }
            (None, None) => {}
        }
        self.tally.add(&self.gathered, self.size);
        if let Some(s) = &mut self.sources {
            s.add(docs);
        }
    }

    /// Tally the matches handed over one at a time so far.
    fn flush(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        self.tally_block(&pending);
        self.pending = pending;
        self.pending.clear();
    }
}

/// The ids of up to [`BLOCK`] paragraphs, into `out`. The table is too large for the caches,
/// and a paragraph's ids are reached through its start offset: one paragraph at a time waits
/// on two memory reads per paragraph in turn (most of a facet query on sparse matches). Here
/// every start is read first, then every id is gathered: the reads of each stage do not
/// depend on each other, so they are in flight together.
fn gather(p: &Postings, docs: &[DocId], out: &mut Vec<u32>) {
    let mut ranges = [(0u32, 0u32); BLOCK];
    for (r, &d) in ranges.iter_mut().zip(docs) {
        *r = (p.starts[d as usize], p.starts[d as usize + 1]);
    }
    for &(start, end) in &ranges[..docs.len()] {
        out.extend_from_slice(&p.ids[start as usize..end as usize]);
    }
}

impl Collector for WhoCollector {
    type Fruit = Tally;
    type Child = WhoSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<WhoSegmentCollector> {
        let facets =
            self.table.per_segment.get(&segment.segment_id()).cloned().ok_or_else(|| {
                tantivy::TantivyError::InternalError("facet table built for other segments".into())
            })?;
        let postings = facets.postings.get().cloned();
        let sources = if self.sources { Some(SegmentSources::open(segment)?) } else { None };
        // Opening the column costs a tenth of a millisecond: not once it is unpacked.
        let column = match postings {
            Some(_) => None,
            None => segment.fast_fields().str(WHO_FIELD)?.map(|c| c.ords().clone()),
        };
        Ok(WhoSegmentCollector {
            postings,
            facets,
            column,
            max_doc: segment.max_doc(),
            tally: Ids::Few(Vec::new()),
            sources,
            size: self.table.cats.len(),
            pending: Vec::with_capacity(BLOCK),
            gathered: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Tally>) -> tantivy::Result<Tally> {
        let size = self.table.cats.len();
        let mut all = Ids::Few(Vec::new());
        let mut sources = self.sources.then(SourceCounts::new);
        for fruit in fruits {
            if let (Some(all), Some(s)) = (&mut sources, fruit.sources) {
                source_facet::merge(all, s);
            }
            match fruit.ids {
                Ids::Few(list) => all.add(&list, size),
                Ids::Many(counts) => {
                    if let Ids::Few(list) = &all {
                        let mut merged = counts;
                        for &id in list {
                            merged[id as usize] += 1;
                        }
                        all = Ids::Many(merged);
                    } else if let Ids::Many(sum) = &mut all {
                        for (s, c) in sum.iter_mut().zip(counts) {
                            *s += c;
                        }
                    }
                }
            }
        }
        Ok(Tally { ids: all, sources })
    }
}

impl SegmentCollector for WhoSegmentCollector {
    type Fruit = Tally;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.pending.push(doc);
        if self.pending.len() == BLOCK {
            self.flush();
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        for block in docs.chunks(BLOCK) {
            self.tally_block(block);
        }
    }

    fn harvest(mut self) -> Tally {
        self.flush();
        Tally { ids: self.tally, sources: self.sources.map(SegmentSources::harvest) }
    }
}

/// Top `k` speakers and top `k` actors (over all kinds) among a query's facet ids, each
/// list ordered by count, then as tantivy's `FacetCounts::top_k` and the printers expect.
pub fn count(table: &WhoTable, tally: Tally, k: usize) -> Facets {
    let sources = tally.sources.map_or_else(Vec::new, |s| source_facet::top(s, k));
    let counted = tally.ids.counted();
    // Count descending, then facet order (= global id order), as tantivy's top_k.
    // A common word counts thousands of names: select the top k, then sort only those.
    let top = |mut v: Vec<(u32, u64)>| -> Vec<(u32, u64)> {
        let order = |a: &(u32, u64), b: &(u32, u64)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        if v.len() > k {
            v.select_nth_unstable_by(k, order);
            v.truncate(k);
        }
        v.sort_unstable_by(order);
        v
    };
    let mut speakers = Vec::new();
    let mut by_kind: [Vec<(u32, u64)>; 3] = Default::default();
    for &(id, n) in &counted {
        match table.cats[id as usize] {
            Cat::Speaker => speakers.push((id, n)),
            Cat::Actor(kind) => by_kind[kind_slot(kind)].push((id, n)),
            Cat::Other => {}
        }
    }
    let speakers = top(speakers)
        .into_iter()
        .filter_map(|(id, n)| match table.who(id) {
            Some(Who::Speaker(s)) => Some((s, n)),
            _ => None,
        })
        .collect();
    let mut actors: Vec<(Actor, u64)> = Vec::new();
    for list in by_kind {
        for (id, n) in top(list) {
            if let Some(Who::Actor(name, kind)) = table.who(id) {
                actors.push((Actor { name, kind }, n));
            }
        }
    }
    actors.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    actors.truncate(k);
    Facets { speakers, actors, sources }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use tantivy::query::{AllQuery, Query, TermQuery};
    use tantivy::schema::IndexRecordOption;

    use super::*;
    use crate::index::Index;
    use crate::ingest::{IngestOptions, Quiet, ingest};

    fn facets_of(searcher: &tantivy::Searcher, table: &Arc<WhoTable>, query: &dyn Query) -> Facets {
        let tally = searcher.search(query, &WhoCollector::new(table.clone())).unwrap();
        count(table, tally, 1000)
    }

    /// The counts are the same whether a process reads the facet column paragraph by
    /// paragraph or has unpacked it.
    #[test]
    fn column_and_unpacked_column_count_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("talks.txt");
        let mut text = String::from("Talks in Kabul\n\n");
        for i in 0..200 {
            text += &format!(
                "\u{201c}Round {i} went well,\u{201d} said Anna Berg of the United Nations.\n\n\
                 Observers from China and Qatar watched round {i}.\n\n"
            );
        }
        std::fs::write(&file, text).unwrap();
        // A second, smaller ingest makes a second segment, whose ordinals are not global ids.
        let later = dir.path().join("later.txt");
        let mut text = String::from("Aid to Mali\n\n");
        for i in 0..10 {
            text += &format!(
                "\u{201c}Aid round {i} arrived,\u{201d} said Bob Cole in Mali.\n\n\
                 Trucks crossed Mali in round {i}.\n\n"
            );
        }
        std::fs::write(&later, text).unwrap();
        let index = Index::open_or_create(&dir.path().join("idx")).unwrap();
        for f in [file, later] {
            ingest(&index, &[f], &IngestOptions::default(), &Quiet, &AtomicBool::new(false))
                .unwrap();
        }
        let searcher = index.inner.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 2);
        let said = TermQuery::new(
            tantivy::Term::from_field_text(index.fields.text, "said"),
            IndexRecordOption::Basic,
        );

        let fresh = Arc::new(WhoTable::build(&searcher, None, &SegmentCache::default()).unwrap());
        let from_column = facets_of(&searcher, &fresh, &said);
        assert!(fresh.per_segment.values().all(|s| s.postings.get().is_none()));

        let cache = SegmentCache::default();
        let warmed = Arc::new(WhoTable::build(&searcher, None, &cache).unwrap());
        // Every paragraph once: the column is unpacked on the way, part way through.
        let all = facets_of(&searcher, &warmed, &AllQuery);
        assert!(warmed.per_segment.values().all(|s| s.postings.get().is_some()));
        assert_eq!(all, facets_of(&searcher, &fresh, &AllQuery));
        let from_unpacked = facets_of(&searcher, &warmed, &said);

        assert_eq!(from_column, from_unpacked);
        // A later generation over the same segments maps the kept ordinals at once.
        let next = Arc::new(WhoTable::build(&searcher, None, &cache).unwrap());
        assert!(next.per_segment.values().all(|s| s.postings.get().is_some()));
        assert_eq!(from_column, facets_of(&searcher, &next, &said));
        let speakers = [("Anna Berg".to_string(), 200), ("Bob Cole".to_string(), 10)];
        assert_eq!(from_column.speakers, speakers);
        assert!(from_column.actors.iter().any(|(a, n)| a.name == "United Nations" && *n == 200));
    }
}
