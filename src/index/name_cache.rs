//! The stored names of an index and their paragraph counts, cached beside it ([`CACHE_FILE`]) so
//! that opening an index builds its name table without counting every paragraph again.

use std::path::{Path, PathBuf};

use super::schema::Who;
use crate::analysis::Kind;
use crate::error::{Error, Result};

/// The file beside the index that caches the stored names and their paragraph counts.
pub const CACHE_FILE: &str = "names.tsv";

/// Count the stored names of the last commit of the tantivy index in `dir` and cache them
/// beside it (called when a writer finishes, so the next reader does not count them again).
pub(crate) fn refresh_cache(index: &tantivy::Index, dir: &Path) -> Result<()> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let segments: Vec<String> =
        searcher.segment_readers().iter().map(|s| s.segment_id().uuid_string()).collect();
    let raw = super::facets::raw_counts(&searcher)?;
    write_cache(dir, &segments, &raw)
}

/// The cache of stored names: the segments it was counted on, then `count<TAB>who` lines.
pub fn write_cache(dir: &Path, segments: &[String], raw: &[(Who, u64)]) -> Result<()> {
    use std::fmt::Write;
    let mut out = format!("# segments {}\n", segments.join(" "));
    for (who, n) in raw {
        let _ = match who {
            Who::Speaker(s) => writeln!(out, "{n}\ts\t{}", escape(s)),
            Who::Actor(s, k) => writeln!(out, "{n}\t{k}\t{}", escape(s)),
        };
    }
    let path = dir.join(CACHE_FILE);
    let tmp = dir.join(format!(".{CACHE_FILE}.tmp"));
    std::fs::write(&tmp, out).map_err(|source| Error::Io { path: tmp.clone(), source })?;
    std::fs::rename(&tmp, &path).map_err(|source| Error::Io { path, source })
}

/// A stored name on one line of the cache: a name can hold line breaks (a headline fragment
/// read as a name), and one unescaped made every reader distrust the whole cache and recount.
fn escape(name: &str) -> std::borrow::Cow<'_, str> {
    if !name.contains(['\\', '\n', '\r']) {
        return name.into();
    }
    name.replace('\\', "\\\\").replace('\n', "\\n").replace('\r', "\\r").into()
}

/// The name [`escape`] wrote (None: not something it writes).
fn unescape(line: &str) -> Option<String> {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        out.push(match c {
            '\\' => match chars.next()? {
                '\\' => '\\',
                'n' => '\n',
                'r' => '\r',
                _ => return None,
            },
            c => c,
        });
    }
    Some(out)
}

/// The cached stored names, when the cache was counted on exactly `segments`.
pub fn read_cache(dir: &Path, segments: &[String]) -> Option<Vec<(Who, u64)>> {
    let path: PathBuf = dir.join(CACHE_FILE);
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    let header = lines.next()?.strip_prefix("# segments")?;
    if header.split_whitespace().ne(segments.iter().map(String::as_str)) {
        return None;
    }
    let mut out = Vec::new();
    for line in lines {
        let mut parts = line.splitn(3, '\t');
        let (Some(n), Some(tag), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
            return None;
        };
        let n: u64 = n.parse().ok()?;
        let name = unescape(name)?;
        let who = match tag {
            "s" => Who::Speaker(name),
            k => Who::Actor(name, Kind::parse(k)?),
        };
        out.push((who, n));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_counts_read_back_as_written_whatever_the_names_hold() {
        let dir = tempfile::tempdir().unwrap();
        let segs = vec!["a1".to_string(), "b2".to_string()];
        let raw = vec![
            (Who::Speaker("Anna Berg".into()), 3),
            (Who::Actor("Hamlet\n - Best Revival".into(), Kind::Org), 2),
            (Who::Actor("back\\slash\\n\r\tend\r".into(), Kind::Place), 1),
            (Who::Speaker(String::new()), 4),
        ];
        write_cache(dir.path(), &segs, &raw).unwrap();
        assert_eq!(read_cache(dir.path(), &segs), Some(raw));
        assert_eq!(read_cache(dir.path(), &segs[..1]), None);
    }
}
