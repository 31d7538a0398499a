//! Publication dates in the forms news data carries them.
//!
//! ISO 8601 (with or without time and zone), RFC 2822 / RFC 3339, and written
//! dates ("September 2, 2021", "2 Sep 2021"). Anything else is not a date:
//! the article keeps no date rather than a wrong one.

use chrono::{DateTime, Days, Months, NaiveDate, NaiveDateTime};

const DATE_FORMATS: &[&str] = &[
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y%m%d",
    "%B %d, %Y",
    "%b %d, %Y",
    "%B %d %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%d %B, %Y",
    "%d %b, %Y",
    "%A, %B %d, %Y",
    "%a, %b %d, %Y",
    "%A %d %B %Y",
    "%a %d %b %Y",
    "%b. %d, %Y",
];

const DATETIME_FORMATS: &[&str] =
    &["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M"];

/// Parse a date string; `None` when no known form fits.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    // The commonest form (JSON exports, feeds) first: no form tried before it below reads a
    // plain ISO date, and trying them all cost as much as reading the article's JSON.
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.date_naive());
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive());
    }
    for f in DATETIME_FORMATS {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(d.date());
        }
    }
    // A trailing time or zone after a written date ("September 2, 2021 10:04 AM ET") is noise.
    let cleaned = s.replace("Sept.", "Sep").replace("Sept ", "Sep ");
    for candidate in [cleaned.as_str(), strip_after_year(&cleaned)] {
        for f in DATE_FORMATS {
            if let Ok(d) = NaiveDate::parse_from_str(candidate, f) {
                return Some(d);
            }
        }
    }
    // ISO date followed by anything (a time in an odd form, a zone name).
    if s.len() >= 10 && s.is_char_boundary(10) {
        return NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").ok();
    }
    None
}

/// A day as people give one on a command line or in a URL: a date in any form
/// [`parse_date`] reads, `today`, `yesterday`, or a time before `today`: `7d`, `2w`, `3m`,
/// `1y` (days, weeks, months, years).
pub fn parse_day(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let s = s.trim();
    match s.to_ascii_lowercase().as_str() {
        "today" => return Some(today),
        "yesterday" => return today.checked_sub_days(Days::new(1)),
        _ => {}
    }
    let unit = s.chars().last()?;
    if let Ok(n) = s[..s.len() - unit.len_utf8()].parse::<u32>() {
        return match unit.to_ascii_lowercase() {
            'd' => today.checked_sub_days(Days::new(n.into())),
            'w' => today.checked_sub_days(Days::new(u64::from(n) * 7)),
            'm' => today.checked_sub_months(Months::new(n)),
            'y' => today.checked_sub_months(Months::new(n.checked_mul(12)?)),
            _ => None,
        };
    }
    parse_date(s)
}

/// Today's date in UTC, from the system clock.
pub fn today() -> NaiveDate {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    DateTime::from_timestamp(secs as i64, 0).map_or(NaiveDate::MIN, |d| d.date_naive())
}

/// The prefix of `s` up to and including its first four-digit year.
fn strip_after_year(s: &str) -> &str {
    let b = s.as_bytes();
    for i in 0..b.len().saturating_sub(3) {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i + 4 == b.len() || !b[i + 4].is_ascii_digit())
            && (i == 0 || !b[i - 1].is_ascii_digit())
        {
            return &s[..i + 4];
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_forms() {
        let d = NaiveDate::from_ymd_opt(2021, 9, 2);
        for s in [
            "2021-09-02",
            "2021-09-02T10:00:00Z",
            "2021-09-02T10:00:00+04:30",
            "Thu, 02 Sep 2021 10:00:00 +0000",
            "September 2, 2021",
            "Sept. 2, 2021",
            "2 September 2021",
            "Sep 2, 2021 10:04 AM ET",
            "2021/09/02",
        ] {
            assert_eq!(parse_date(s), d, "{s}");
        }
        for s in ["", "yesterday", "2021-13-45", "99999999999999"] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn days_ago() {
        let today = NaiveDate::from_ymd_opt(2021, 3, 31).unwrap();
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        for (s, want) in [
            ("7d", d(2021, 3, 24)),
            ("2w", d(2021, 3, 17)),
            ("1m", d(2021, 2, 28)),
            ("1y", d(2020, 3, 31)),
            ("0d", d(2021, 3, 31)),
            ("today", d(2021, 3, 31)),
            ("Yesterday", d(2021, 3, 30)),
            ("2021-09-02", d(2021, 9, 2)),
            ("7x", None),
            ("d", None),
            ("-7d", None),
            ("99999999999y", None),
        ] {
            assert_eq!(parse_day(s, today), want, "{s}");
        }
    }
}
