//! Query strings -> the core's requests, with the server's limits.
//!
//! Parameters are the `query` command's flags (`q` for the text); `speaker`, `actor` and
//! `source` may repeat. An unknown parameter, a bad value or a value past a limit is a 400
//! naming it, never a silently different search.

use chrono::NaiveDate;

use super::error::ApiError;
use crate::analysis::Kind;
use crate::article::date::{parse_day, today};
use crate::index::search::{SearchRequest, Sort};
use crate::index::suggest::NameKind;
use crate::index::timeline::{Interval, Split, TimelineRequest};

/// Longest query text, in bytes.
pub const MAX_QUERY_BYTES: usize = 2_000;
/// Most hits a page holds.
pub const MAX_LIMIT: usize = 100;
/// Deepest page start.
pub const MAX_OFFSET: usize = 10_000;
/// Most facet values a list holds.
pub const MAX_FACETS: usize = 100;
/// Most filter values (speakers, actors, sources) a request holds.
const MAX_FILTERS: usize = 20;

/// A query string's pairs, decoded, in order.
pub struct Params(Vec<(String, String)>);

impl Params {
    /// Decode a raw query string (None: no `?`).
    pub fn parse(raw: Option<&str>) -> Params {
        Params(
            form_urlencoded::parse(raw.unwrap_or("").as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// 400 for the first parameter not in `known`.
    fn only(&self, known: &[&str]) -> Result<(), ApiError> {
        match self.0.iter().find(|(k, _)| !known.contains(&k.as_str())) {
            Some((k, _)) => Err(bad(format!(
                "unknown parameter {k:?} (this endpoint takes: {})",
                known.join(", ")
            ))),
            None => Ok(()),
        }
    }

    /// Every value of `key`.
    fn all(&self, key: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect()
    }

    /// The one value of `key`: a repeat is an error (which one would win is a guess).
    fn one(&self, key: &str) -> Result<Option<&str>, ApiError> {
        let mut values = self.0.iter().filter(|(k, _)| k == key);
        let first = values.next().map(|(_, v)| v.as_str());
        if values.next().is_some() {
            return Err(bad(format!("parameter {key:?} given more than once")));
        }
        Ok(first)
    }

    fn number(&self, key: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.one(key)? {
            None | Some("") => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                _ => Err(bad(format!("{key} must be a whole number from 0 to {max}, not {v:?}"))),
            },
        }
    }

    fn flag(&self, key: &str) -> Result<bool, ApiError> {
        match self.one(key)? {
            None | Some("") | Some("false") | Some("0") => Ok(false),
            Some("true") | Some("1") => Ok(true),
            Some(v) => Err(bad(format!("{key} must be true or false, not {v:?}"))),
        }
    }

    fn date(&self, key: &str) -> Result<Option<NaiveDate>, ApiError> {
        match self.one(key)? {
            None | Some("") => Ok(None),
            // The forms `query --since` takes, relative ones included ("7d": a week ago).
            Some(v) => parse_day(v, today()).map(Some).ok_or_else(|| {
                bad(format!("{key} {v:?} is not a date: write YYYY-MM-DD, or a time ago like 7d"))
            }),
        }
    }

    fn names(&self, key: &str) -> Result<Vec<String>, ApiError> {
        let v: Vec<String> = self.all(key).into_iter().filter(|s| !s.trim().is_empty()).collect();
        if v.len() > MAX_FILTERS {
            return Err(bad(format!("at most {MAX_FILTERS} {key} filters")));
        }
        if let Some(long) = v.iter().find(|s| s.len() > MAX_QUERY_BYTES) {
            return Err(bad(format!(
                "{key} is longer than {MAX_QUERY_BYTES} bytes ({})",
                long.len()
            )));
        }
        Ok(v)
    }
}

fn bad(m: String) -> ApiError {
    ApiError::BadRequest(m)
}

/// The parameters every search-like endpoint takes.
const FILTERS: &[&str] = &["q", "any", "speaker", "actor", "kind", "source", "since", "until"];

/// `GET /api/search`: the request, and whether the caller asked for `limit=0` (count only).
pub fn search(p: &Params) -> Result<(SearchRequest, bool), ApiError> {
    let known: Vec<&str> = FILTERS
        .iter()
        .copied()
        .chain(["sort", "limit", "offset", "facets", "facet_limit"])
        .collect();
    p.only(&known)?;
    let mut req = filters(p)?;
    req.sort = match p.one("sort")? {
        None | Some("") | Some("relevance") => Sort::Relevance,
        Some("date") => Sort::Date,
        Some(v) => return Err(bad(format!("sort must be relevance or date, not {v:?}"))),
    };
    let limit = p.number("limit", 10, MAX_LIMIT)?;
    req.limit = limit.max(1);
    req.offset = p.number("offset", 0, MAX_OFFSET)?;
    req.facets = p.flag("facets")?;
    req.facet_limit = p.number("facet_limit", 10, MAX_FACETS)?.max(1);
    // The API lists sources beside speakers and actors, counted in the search's own pass.
    req.facet_sources = true;
    Ok((req, limit == 0))
}

/// `GET /api/timeline`.
pub fn timeline(p: &Params) -> Result<TimelineRequest, ApiError> {
    let known: Vec<&str> = FILTERS.iter().copied().chain(["interval", "split", "top"]).collect();
    p.only(&known)?;
    let search = filters(p)?;
    let interval = match p.one("interval")? {
        None | Some("") => Interval::Month,
        Some(v) => Interval::parse(v)
            .ok_or_else(|| bad(format!("interval must be day, week or month, not {v:?}")))?,
    };
    let split = match p.one("split")? {
        None | Some("") => None,
        Some(v) => Some(
            Split::parse(v)
                .ok_or_else(|| bad(format!("split must be speaker, actor or source, not {v:?}")))?,
        ),
    };
    let top = p.number("top", 5, crate::index::timeline::MAX_SERIES)?.max(1);
    Ok(TimelineRequest { search, interval, split, top })
}

/// `GET /api/names`: (prefix, kind, limit).
pub fn names(p: &Params) -> Result<(String, Option<NameKind>, usize), ApiError> {
    p.only(&["prefix", "kind", "limit"])?;
    let prefix = p.one("prefix")?.unwrap_or("").to_string();
    if prefix.len() > 200 {
        return Err(bad("prefix is longer than 200 bytes".into()));
    }
    let kind = match p.one("kind")? {
        None | Some("") => None,
        Some(v) => Some(NameKind::parse(v).ok_or_else(|| {
            bad(format!("kind must be speaker, person, org or place, not {v:?}"))
        })?),
    };
    let limit = p.number("limit", 10, MAX_LIMIT)?.max(1);
    Ok((prefix, kind, limit))
}

/// `GET /api/stats`: how many top speakers and actors.
pub fn stats(p: &Params) -> Result<usize, ApiError> {
    p.only(&["top"])?;
    Ok(p.number("top", 10, MAX_FACETS)?.max(1))
}

/// The query text and filters.
fn filters(p: &Params) -> Result<SearchRequest, ApiError> {
    let text = p.one("q")?.unwrap_or("").to_string();
    if text.len() > MAX_QUERY_BYTES {
        return Err(bad(format!(
            "q is longer than {MAX_QUERY_BYTES} bytes ({}); shorten the query",
            text.len()
        )));
    }
    let since = p.date("since")?;
    let until = p.date("until")?;
    if let (Some(s), Some(u)) = (since, until)
        && s > u
    {
        return Err(bad(format!("since {s} is after until {u}")));
    }
    let kind = match p.one("kind")? {
        None | Some("") => None,
        Some(v) => Some(
            Kind::parse(v)
                .ok_or_else(|| bad(format!("kind must be person, org or place, not {v:?}")))?,
        ),
    };
    Ok(SearchRequest {
        text,
        any: p.flag("any")?,
        speakers: p.names("speaker")?,
        actors: p.names("actor")?,
        kind,
        sources: p.names("source")?,
        since,
        until,
        sort: Sort::Relevance,
        limit: 10,
        offset: 0,
        facets: false,
        facet_limit: 10,
        facet_sources: false,
        deadline: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(raw: &str) -> String {
        match search(&Params::parse(Some(raw))) {
            Err(ApiError::BadRequest(m)) => m,
            other => panic!("{raw}: expected a 400, got {:?}", other.map(|(r, _)| r.text)),
        }
    }

    #[test]
    fn repeats_and_decoding() {
        let (r, count_only) =
            search(&Params::parse(Some("q=copper+mines&speaker=A%20B&speaker=C&limit=0"))).unwrap();
        assert_eq!(r.text, "copper mines");
        assert_eq!(r.speakers, ["A B", "C"]);
        assert!(count_only);
        assert_eq!(r.limit, 1);
    }

    #[test]
    fn bad_values_are_named() {
        assert!(err("q=x&limit=101").contains("limit"));
        assert!(err("q=x&limit=-1").contains("limit"));
        assert!(err("q=x&sort=size").contains("sort"));
        assert!(err("q=x&since=yesterday-ish").contains("since"));
        assert!(err("q=x&since=2021-02-01&until=2021-01-01").contains("after"));
        assert!(err("q=x&colour=red").contains("\"colour\""));
        assert!(err("q=x&q=y").contains("more than once"));
        assert!(err("q=x&kind=animal").contains("kind"));
        assert!(err(&format!("q={}", "a".repeat(MAX_QUERY_BYTES + 1))).contains("longer"));
    }
}
