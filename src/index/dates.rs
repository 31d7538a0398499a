//! Dates an index holds: the first and last, and how many articles have none.

use chrono::NaiveDate;

use crate::error::Result;

/// The span of article dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DateRange {
    /// The earliest article date.
    pub first: Option<NaiveDate>,
    /// The latest article date.
    pub last: Option<NaiveDate>,
    /// Articles without a date.
    pub undated: u64,
}

/// One pass over paragraph 0 of every live article (fast fields only, no stored documents).
pub fn range(searcher: &tantivy::Searcher) -> Result<DateRange> {
    let mut r = DateRange::default();
    let (mut lo, mut hi): (Option<i64>, Option<i64>) = (None, None);
    for seg in searcher.segment_readers() {
        let ff = seg.fast_fields();
        let paras = ff.u64("paragraph")?;
        let dates = ff.date("date")?;
        for doc in seg.doc_ids_alive().filter(|&d| paras.first(d) == Some(0)) {
            match dates.first(doc) {
                Some(d) => {
                    let s = d.into_timestamp_secs();
                    lo = Some(lo.map_or(s, |l| l.min(s)));
                    hi = Some(hi.map_or(s, |h| h.max(s)));
                }
                None => r.undated += 1,
            }
        }
    }
    let day = |s: i64| chrono::DateTime::from_timestamp(s, 0).map(|t| t.date_naive());
    r.first = lo.and_then(day);
    r.last = hi.and_then(day);
    Ok(r)
}
