//! A request's deadline, honoured cooperatively: work checks the clock between its steps and
//! before each segment a collector walks, and stops with [`Error::OutOfTime`] once it has
//! passed.
//!
//! A long-lived server runs a search on the request's own thread and answers "out of time"
//! when this trips, instead of handing the work to another thread only to abandon it there
//! still running. The granularity is a step (plan, count, collect, fetch) or a segment: a
//! single pass over one segment runs to its end.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::{Query, Weight};
use tantivy::{SegmentOrdinal, SegmentReader, TantivyError};

use crate::error::{Error, Result};

/// `Err(OutOfTime)` once `deadline` has passed (at the deadline itself too, so a zero timeout
/// stops everything); no deadline never stops.
pub fn check(deadline: Option<Instant>) -> Result<()> {
    match deadline {
        Some(at) if Instant::now() >= at => Err(Error::OutOfTime),
        _ => Ok(()),
    }
}

/// `searcher.search(query, collector)`, refused before it starts and before each segment
/// once `deadline` has passed.
pub(super) fn search_within<C: Collector>(
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    collector: &C,
    deadline: Option<Instant>,
) -> Result<C::Fruit> {
    check(deadline)?;
    let Some(at) = deadline else {
        return Ok(searcher.search(query, collector)?);
    };
    let within = Within { inner: collector, at, tripped: AtomicBool::new(false) };
    match searcher.search(query, &within) {
        Ok(fruit) => Ok(fruit),
        Err(_) if within.tripped.load(Ordering::Relaxed) => Err(Error::OutOfTime),
        Err(e) => Err(e.into()),
    }
}

/// A collector that refuses to start a segment after `at`; otherwise exactly `inner` (its
/// segment collectors and its own `collect_segment`, so pruning collectors keep pruning).
struct Within<'a, C> {
    inner: &'a C,
    at: Instant,
    /// Set when this collector stopped the search (to tell it from tantivy's own errors).
    tripped: AtomicBool,
}

impl<C> Within<'_, C> {
    fn check(&self) -> tantivy::Result<()> {
        if Instant::now() >= self.at {
            self.tripped.store(true, Ordering::Relaxed);
            return Err(TantivyError::InternalError("the request ran out of time".into()));
        }
        Ok(())
    }
}

impl<C: Collector> Collector for Within<'_, C> {
    type Fruit = C::Fruit;
    type Child = C::Child;

    fn check_schema(&self, schema: &tantivy::schema::Schema) -> tantivy::Result<()> {
        self.inner.check_schema(schema)
    }

    fn for_segment(
        &self,
        segment_local_id: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<C::Child> {
        self.check()?;
        self.inner.for_segment(segment_local_id, segment)
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn merge_fruits(
        &self,
        segment_fruits: Vec<<C::Child as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<C::Fruit> {
        self.inner.merge_fruits(segment_fruits)
    }

    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: u32,
        reader: &SegmentReader,
    ) -> tantivy::Result<<C::Child as SegmentCollector>::Fruit> {
        self.check()?;
        self.inner.collect_segment(weight, segment_ord, reader)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::AllQuery;
    use tantivy::schema::{STORED, Schema, TEXT};
    use tantivy::{Index, TantivyDocument};

    use super::*;

    /// A searcher over `n` one-word documents, in memory.
    fn searcher(n: usize) -> tantivy::Searcher {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT | STORED);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..n {
            let mut doc = TantivyDocument::default();
            doc.add_text(body, format!("word{}", i % 3));
            writer.add_document(doc).unwrap();
        }
        writer.commit().unwrap();
        index.reader().unwrap().searcher()
    }

    #[test]
    fn a_collector_past_its_deadline_stops_at_the_segment() {
        let s = searcher(10);
        let top = (Count, TopDocs::with_limit(3).order_by_score());
        let later = Instant::now() + Duration::from_secs(60);
        let (n, docs) = search_within(&s, &AllQuery, &top, Some(later)).unwrap();
        assert_eq!((n, docs.len()), (10, 3));
        // The check before the search passes; the segment's check does not.
        let late = Within { inner: &top, at: Instant::now(), tripped: AtomicBool::new(false) };
        assert!(s.search(&AllQuery, &late).is_err());
        assert!(late.tripped.load(Ordering::Relaxed));
        assert!(matches!(
            search_within(&s, &AllQuery, &top, Some(Instant::now())),
            Err(Error::OutOfTime)
        ));
    }

    #[test]
    fn a_passed_deadline_stops_and_none_never_does() {
        assert!(check(None).is_ok());
        assert!(check(Some(Instant::now() + Duration::from_secs(60))).is_ok());
        assert!(matches!(check(Some(Instant::now())), Err(Error::OutOfTime)));
    }
}
