//! Attention over time: how many paragraphs match a request per day, week or month, how
//! many paragraphs of any kind the index holds in each of those periods (so a client can
//! normalise), and optionally the same counts for the request's top speakers, actors or
//! sources.
//!
//! Every count comes from tantivy's aggregations over the `date` fast column (a
//! `date_histogram` by day, folded here into weeks or months: tantivy supports only fixed
//! intervals, and a month is not one) and, for sources, a `terms` aggregation over the
//! `source` column; the top speakers and actors come from the facet table. No document is
//! ever fetched.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use tantivy::Term;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::{
    AggregationResult, AggregationResults, BucketEntries, BucketEntry, BucketResult,
};
use tantivy::aggregation::{AggregationCollector, Key};
use tantivy::collector::Count;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use super::deadline::search_within;
use super::facets::{WhoCollector, count};
use super::schema::{actor_facet, speaker_facet};
use super::search::{SearchRequest, Searcher};
use crate::error::{Error, Result};

/// The width of a timeline's buckets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interval {
    /// One calendar day.
    Day,
    /// Monday to Sunday.
    Week,
    /// One calendar month.
    Month,
}

impl Interval {
    /// `day`, `week` or `month`.
    pub fn parse(s: &str) -> Option<Interval> {
        match s {
            "day" => Some(Interval::Day),
            "week" => Some(Interval::Week),
            "month" => Some(Interval::Month),
            _ => None,
        }
    }

    /// The name [`Interval::parse`] reads.
    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Day => "day",
            Interval::Week => "week",
            Interval::Month => "month",
        }
    }

    /// The first day of the bucket holding `d`.
    pub fn start_of(self, d: NaiveDate) -> NaiveDate {
        match self {
            Interval::Day => d,
            Interval::Week => {
                d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()))
            }
            Interval::Month => d.with_day(1).unwrap_or(d),
        }
    }
}

/// What a timeline's series are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    /// The request's top speakers.
    Speaker,
    /// The request's top actors (any kind).
    Actor,
    /// The request's top sources.
    Source,
}

impl Split {
    /// `speaker`, `actor` or `source`.
    pub fn parse(s: &str) -> Option<Split> {
        match s {
            "speaker" => Some(Split::Speaker),
            "actor" => Some(Split::Actor),
            "source" => Some(Split::Source),
            _ => None,
        }
    }

    /// The name [`Split::parse`] reads.
    pub fn as_str(self) -> &'static str {
        match self {
            Split::Speaker => "speaker",
            Split::Actor => "actor",
            Split::Source => "source",
        }
    }
}

/// What to chart.
#[derive(Clone, Debug)]
pub struct TimelineRequest {
    /// The query and filters, as for a search (paging and sort are ignored).
    pub search: SearchRequest,
    /// Bucket width.
    pub interval: Interval,
    /// Series to split the matches into, if any.
    pub split: Option<Split>,
    /// How many series (the request's top names or sources).
    pub top: usize,
}

/// One period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bucket {
    /// Its first day.
    pub start: NaiveDate,
    /// Matching paragraphs.
    pub count: u64,
    /// Paragraphs of any kind (the whole index) dated in the period.
    pub all: u64,
    /// Matching paragraphs of each series, in [`Timeline::names`] order.
    pub series: Vec<u64>,
}

/// Counts over time.
#[derive(Clone, Debug)]
pub struct Timeline {
    /// Bucket width.
    pub interval: Interval,
    /// Matching paragraphs, dated or not.
    pub total: u64,
    /// Matching paragraphs without a date.
    pub undated: u64,
    /// What the series are, when split.
    pub split: Option<Split>,
    /// The series' names, most matches first.
    pub names: Vec<String>,
    /// Periods holding any paragraph (matching or not), oldest first; periods outside the
    /// request's `since`/`until` are left out.
    pub buckets: Vec<Bucket>,
}

/// Most series a timeline splits into.
pub const MAX_SERIES: usize = 20;

const DAY_MS: f64 = 86_400_000.0;

impl Searcher {
    /// Count a request's matches over time.
    pub fn timeline(&self, req: &TimelineRequest) -> Result<Timeline> {
        let (searcher, f) = self.snapshot();
        let (query, _) = self.request_query(&req.search, &searcher)?;
        let within = |q: &dyn Query, c: &AggregationCollector| {
            search_within(&searcher, q, c, req.search.deadline)
        };
        let (total, days) =
            search_within(&searcher, &*query, &(Count, day_collector()), req.search.deadline)?;
        let matched = day_counts(&days, "d")?;
        let all = day_counts(&within(&AllQuery, &day_collector())?, "d")?;
        let top = req.top.clamp(1, MAX_SERIES);
        let mut names = Vec::new();
        let mut series: Vec<Vec<(NaiveDate, u64)>> = Vec::new();
        match req.split {
            None => {}
            Some(split @ (Split::Speaker | Split::Actor)) => {
                let table = self.who_table(&searcher)?;
                let who = WhoCollector::new(table.clone());
                let tally = search_within(&searcher, &*query, &who, req.search.deadline)?;
                let facets = count(&table, tally, top);
                let picked: Vec<(String, tantivy::schema::Facet)> = if split == Split::Speaker {
                    facets
                        .speakers
                        .into_iter()
                        .map(|(n, _)| (n.clone(), speaker_facet(&n)))
                        .collect()
                } else {
                    facets
                        .actors
                        .into_iter()
                        .map(|(a, _)| {
                            let facet = actor_facet(a.kind, &a.name);
                            (a.name, facet)
                        })
                        .collect()
                };
                for (name, facet) in picked {
                    let term =
                        TermQuery::new(Term::from_facet(f.who, &facet), IndexRecordOption::Basic);
                    let both = BooleanQuery::new(vec![
                        (Occur::Must, query.box_clone()),
                        (Occur::Must, Box::new(term) as Box<dyn Query>),
                    ]);
                    series.push(day_counts(&within(&both, &day_collector())?, "d")?);
                    names.push(name);
                }
            }
            Some(Split::Source) => {
                let aggs = aggregations(serde_json::json!({
                    "s": {"terms": {"field": "source", "size": top},
                          "aggs": {"d": day_histogram()}}
                }))?;
                let res =
                    within(&*query, &AggregationCollector::from_aggs(aggs, Default::default()))?;
                for entry in term_buckets(&res, "s")? {
                    let Key::Str(name) = &entry.key else { continue };
                    series.push(day_counts(&entry.sub_aggregation, "d")?);
                    names.push(name.clone());
                }
            }
        }
        let dated: u64 = matched.iter().map(|(_, n)| n).sum();
        let in_range = |d: &NaiveDate| {
            req.search.since.is_none_or(|s| *d >= s) && req.search.until.is_none_or(|u| *d <= u)
        };
        let mut buckets: BTreeMap<NaiveDate, Bucket> = BTreeMap::new();
        let width = series.len();
        let mut add = |d: NaiveDate, f: &dyn Fn(&mut Bucket)| {
            let start = req.interval.start_of(d);
            let b = buckets.entry(start).or_insert_with(|| Bucket {
                start,
                count: 0,
                all: 0,
                series: vec![0; width],
            });
            f(b);
        };
        for &(d, n) in all.iter().filter(|(d, _)| in_range(d)) {
            add(d, &|b| b.all += n);
        }
        for &(d, n) in &matched {
            add(d, &|b| b.count += n);
        }
        for (i, s) in series.iter().enumerate() {
            for &(d, n) in s {
                add(d, &|b| b.series[i] += n);
            }
        }
        Ok(Timeline {
            interval: req.interval,
            total: total as u64,
            undated: (total as u64).saturating_sub(dated),
            split: req.split,
            names,
            buckets: buckets.into_values().collect(),
        })
    }
}

fn day_histogram() -> serde_json::Value {
    serde_json::json!({"date_histogram": {"field": "date", "fixed_interval": "1d", "min_doc_count": 1}})
}

fn aggregations(v: serde_json::Value) -> Result<Aggregations> {
    serde_json::from_value(v)
        .map_err(|e| Error::Tantivy(tantivy::TantivyError::InvalidArgument(e.to_string())))
}

fn day_collector() -> AggregationCollector {
    let aggs = aggregations(serde_json::json!({ "d": day_histogram() }))
        .expect("a fixed, valid aggregation request");
    AggregationCollector::from_aggs(aggs, Default::default())
}

fn unexpected(what: &str) -> Error {
    Error::Tantivy(tantivy::TantivyError::InternalError(format!(
        "aggregation {what:?} answered in an unexpected shape"
    )))
}

/// (day, paragraphs) of the day histogram named `name`, oldest first.
fn day_counts(res: &AggregationResults, name: &str) -> Result<Vec<(NaiveDate, u64)>> {
    let Some(AggregationResult::BucketResult(BucketResult::Histogram { buckets })) =
        res.0.get(name)
    else {
        return Err(unexpected(name));
    };
    let entries: Vec<&BucketEntry> = match buckets {
        BucketEntries::Vec(v) => v.iter().collect(),
        BucketEntries::HashMap(m) => m.values().collect(),
    };
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    let mut out: Vec<(NaiveDate, u64)> = entries
        .into_iter()
        .filter(|e| e.doc_count > 0)
        .filter_map(|e| {
            let ms = match e.key {
                Key::F64(ms) => ms,
                Key::I64(ms) => ms as f64,
                Key::U64(ms) => ms as f64,
                Key::Str(_) => return None,
            };
            let days = (ms / DAY_MS).floor() as i64;
            Some((epoch.checked_add_signed(chrono::Duration::days(days))?, e.doc_count))
        })
        .collect();
    out.sort_unstable();
    Ok(out)
}

/// The buckets of the terms aggregation named `name`, most paragraphs first.
fn term_buckets<'a>(res: &'a AggregationResults, name: &str) -> Result<&'a [BucketEntry]> {
    match res.0.get(name) {
        Some(AggregationResult::BucketResult(BucketResult::Terms { buckets, .. })) => Ok(buckets),
        _ => Err(unexpected(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_start_on_mondays_and_firsts() {
        let d = NaiveDate::from_ymd_opt(2021, 9, 3).unwrap(); // a Friday
        assert_eq!(Interval::Day.start_of(d), d);
        assert_eq!(Interval::Week.start_of(d), NaiveDate::from_ymd_opt(2021, 8, 30).unwrap());
        assert_eq!(Interval::Month.start_of(d), NaiveDate::from_ymd_opt(2021, 9, 1).unwrap());
        let monday = NaiveDate::from_ymd_opt(2021, 8, 30).unwrap();
        assert_eq!(Interval::Week.start_of(monday), monday);
    }
}
