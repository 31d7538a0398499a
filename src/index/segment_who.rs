//! What a segment's `who` facets hold that does not change while the segment lives, read once
//! per process and kept across reloads ([`SegmentCache`]): its facet dictionary, every
//! paragraph's facet ordinals (unpacked once they pay, [`Postings`]) and the paragraph count of
//! each stored name over its live paragraphs.
//!
//! A commit by another process or a `POST` adds a small segment (or merges a few small ones)
//! beside segments that stay: with these kept per segment, the facet table and the name
//! table of a new searcher generation read and count only the segments they have not seen.
//! Reading the whole index's dictionary and counting every paragraph's names again took
//! 110 ms on a quiet machine at N = 40, 430 ms under load, on the first search after each
//! reload.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::columnar::Column;
use tantivy::index::SegmentId;
use tantivy::schema::Facet;
use tantivy::{DocId, SegmentReader};

use super::schema::{Who, actor_facet, parse_who, speaker_facet};
use crate::error::{Error, Result};

/// The facet field counted.
pub(crate) const WHO_FIELD: &str = "who";

/// The global facet ids (or a segment's ordinals) of every paragraph of a segment: paragraph
/// `d`'s ids are `ids[starts[d]..starts[d + 1]]`, each once.
pub(crate) struct Postings {
    pub(crate) starts: Vec<u32>,
    pub(crate) ids: Vec<u32>,
}

impl Postings {
    /// Unpack a segment's facet column (`None`: the segment has no facets) as ordinals.
    fn read(column: Option<&Column<u64>>, max_doc: DocId) -> Postings {
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        starts.push(0);
        let Some(column) = column else {
            starts.resize(max_doc as usize + 1, 0);
            return Postings { starts, ids: Vec::new() };
        };
        // Values are stored in row order and a document's rows are contiguous and follow the
        // previous document's: one unpack of all values, then each document's end.
        let mut ords = vec![0u64; column.values.num_vals() as usize];
        column.values.get_range(0, &mut ords);
        let mut ids: Vec<u32> = Vec::with_capacity(ords.len());
        for doc in 0..max_doc {
            let rows = column.index.value_row_ids(doc);
            let start = ids.len();
            for &o in &ords[rows.start as usize..rows.end as usize] {
                let o = o as u32;
                if !ids[start..].contains(&o) {
                    ids.push(o);
                }
            }
            starts.push(ids.len() as u32);
        }
        Postings { starts, ids }
    }

    /// These ordinals mapped through `map` to global ids: two stored names of one canonical
    /// name on one paragraph count it once.
    pub(crate) fn remap(&self, map: &[u32]) -> Postings {
        let mut ids: Vec<u32> = Vec::with_capacity(self.ids.len());
        let mut starts = Vec::with_capacity(self.starts.len());
        starts.push(0);
        for w in self.starts.windows(2) {
            let start = ids.len();
            for &o in &self.ids[w[0] as usize..w[1] as usize] {
                let id = map[o as usize];
                if !ids[start..].contains(&id) {
                    ids.push(id);
                }
            }
            starts.push(ids.len() as u32);
        }
        Postings { starts, ids }
    }
}

/// A segment's stored names and the live paragraphs each is on, in key order.
pub(crate) type NameCounts = Arc<Vec<(Who, u64)>>;

/// One segment's facet dictionary and, once read, its paragraphs' ordinals.
pub(crate) struct SegmentWho {
    /// The sorted encoded facet keys, concatenated; key `o` ends at `ends[o]`.
    keys: Vec<u8>,
    ends: Vec<usize>,
    /// Every paragraph's ordinals, once unpacked.
    local: OnceLock<Arc<Postings>>,
    /// Paragraphs this process has tallied from the column so far, over all generations.
    pub(crate) read: AtomicU64,
}

impl SegmentWho {
    /// Read the segment's `who` dictionary.
    fn open(seg: &SegmentReader) -> Result<SegmentWho> {
        let reader = seg.facet_reader(WHO_FIELD)?;
        let mut keys = Vec::new();
        let mut ends = Vec::with_capacity(reader.num_facets());
        let mut stream = reader.facet_dict().stream().map_err(|e| Error::Tantivy(e.into()))?;
        while stream.advance() {
            keys.extend_from_slice(stream.key());
            ends.push(keys.len());
        }
        Ok(SegmentWho { keys, ends, local: OnceLock::new(), read: AtomicU64::new(0) })
    }

    /// The sorted encoded keys, by ordinal.
    pub(crate) fn keys(&self) -> Vec<&[u8]> {
        let mut start = 0;
        self.ends
            .iter()
            .map(|&e| {
                let k = &self.keys[start..e];
                start = e;
                k
            })
            .collect()
    }

    /// The unpacked ordinals, when this process has unpacked them.
    pub(crate) fn unpacked(&self) -> Option<Arc<Postings>> {
        self.local.get().cloned()
    }

    /// The unpacked ordinals, unpacking `column` (the segment's `who` column) if need be.
    pub(crate) fn unpack(&self, column: Option<&Column<u64>>, max_doc: DocId) -> Arc<Postings> {
        self.local.get_or_init(|| Arc::new(Postings::read(column, max_doc))).clone()
    }

    /// The stored names of the segment's live paragraphs and the paragraphs each is on, in key
    /// order.
    fn count(&self, seg: &SegmentReader) -> Result<Vec<(Who, u64)>> {
        let local = match self.unpacked() {
            Some(p) => p,
            None => {
                let column = seg.fast_fields().str(WHO_FIELD)?.map(|c| c.ords().clone());
                self.unpack(column.as_ref(), seg.max_doc())
            }
        };
        let mut counts = vec![0u64; self.ends.len()];
        for doc in seg.doc_ids_alive() {
            let (s, e) = (local.starts[doc as usize], local.starts[doc as usize + 1]);
            for &o in &local.ids[s as usize..e as usize] {
                counts[o as usize] += 1;
            }
        }
        let keys = self.keys();
        Ok(counts
            .into_iter()
            .zip(keys)
            .filter(|(n, _)| *n > 0)
            .filter_map(|(n, k)| {
                let facet = Facet::from_encoded(k.to_vec()).ok()?;
                parse_who(&facet).map(|w| (w, n))
            })
            .collect())
    }
}

/// The per-segment facet data of the segments a process has seen (see the module doc).
#[derive(Default)]
pub(crate) struct SegmentCache {
    who: Mutex<HashMap<SegmentId, Arc<SegmentWho>>>,
    /// [`segment_key`] -> the stored names of the segment's live paragraphs and their counts.
    raw: Mutex<HashMap<String, NameCounts>>,
    /// Dictionaries read, and segments whose names were counted (to show what a reload costs).
    pub(crate) dictionaries_read: AtomicUsize,
    pub(crate) segments_counted: AtomicUsize,
}

impl SegmentCache {
    /// The facet data of `seg`, its dictionary read on first use.
    pub(crate) fn get(&self, seg: &SegmentReader) -> Result<Arc<SegmentWho>> {
        let id = seg.segment_id();
        if let Some(w) = self.lock_who().get(&id) {
            return Ok(w.clone());
        }
        // Read outside the lock: a search of the current generation need not wait for it.
        let w = Arc::new(SegmentWho::open(seg)?);
        self.dictionaries_read.fetch_add(1, Ordering::Relaxed);
        Ok(self.lock_who().entry(id).or_insert(w).clone())
    }

    /// The stored names and counts of `seg`'s live paragraphs: kept, else `stored` (the counts
    /// an ingest cached beside the index) when it has them, else counted.
    pub(crate) fn raw(
        &self,
        seg: &SegmentReader,
        stored: impl FnOnce(&str) -> Option<Vec<(Who, u64)>>,
    ) -> Result<NameCounts> {
        let key = segment_key(seg);
        if let Some(r) = self.lock_raw().get(&key) {
            return Ok(r.clone());
        }
        let r = match stored(&key) {
            Some(r) => r,
            None => {
                self.segments_counted.fetch_add(1, Ordering::Relaxed);
                self.get(seg)?.count(seg)?
            }
        };
        Ok(self.lock_raw().entry(key).or_insert_with(|| Arc::new(r)).clone())
    }

    /// Forget every segment but `live` (segments merged away or deleted).
    pub(crate) fn retain(&self, live: &HashSet<SegmentId>) {
        self.lock_who().retain(|id, _| live.contains(id));
        let keys: HashSet<String> = live.iter().map(SegmentId::uuid_string).collect();
        self.lock_raw().retain(|k, _| keys.contains(k.split('.').next().unwrap_or(k)));
    }

    fn lock_who(&self) -> std::sync::MutexGuard<'_, HashMap<SegmentId, Arc<SegmentWho>>> {
        self.who.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn lock_raw(&self) -> std::sync::MutexGuard<'_, HashMap<String, NameCounts>> {
        self.raw.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A segment as its live paragraphs' name counts depend on it: its id, and the stamp of its
/// deletes when it has some (deleting paragraphs keeps the id, and changes the counts).
pub fn segment_key(seg: &SegmentReader) -> String {
    match seg.delete_opstamp() {
        Some(stamp) if seg.num_deleted_docs() > 0 => {
            format!("{}.{stamp}", seg.segment_id().uuid_string())
        }
        _ => seg.segment_id().uuid_string(),
    }
}

/// The keys of every segment of `searcher`, in order.
pub fn segment_keys(searcher: &tantivy::Searcher) -> Vec<String> {
    searcher.segment_readers().iter().map(segment_key).collect()
}

/// Per-segment name counts summed, in the order of the encoded facets (the order the counts
/// of a whole index come in).
pub fn merge_counts<'a>(lists: impl IntoIterator<Item = &'a [(Who, u64)]>) -> Vec<(Who, u64)> {
    let mut sum: HashMap<&Who, u64> = HashMap::new();
    for list in lists {
        for (who, n) in list {
            *sum.entry(who).or_default() += n;
        }
    }
    let mut out: Vec<(Vec<u8>, Who, u64)> = sum
        .into_iter()
        .map(|(who, n)| {
            let facet = match who {
                Who::Speaker(s) => speaker_facet(s),
                Who::Actor(a, k) => actor_facet(*k, a),
            };
            (facet.encoded_str().as_bytes().to_vec(), who.clone(), n)
        })
        .collect();
    out.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    out.into_iter().map(|(_, w, n)| (w, n)).collect()
}
