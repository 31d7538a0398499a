//! The stored names of an index and their paragraph counts, per segment, cached beside it
//! ([`CACHE_FILE`]) so that opening an index builds its name table without counting every
//! paragraph again, and a writer that adds a segment counts only that one.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::schema::Who;
use super::segment_who::{SegmentCache, merge_counts, segment_key};
use crate::analysis::Kind;
use crate::error::{Error, Result};

/// The file beside the index that caches the stored names and their paragraph counts.
pub const CACHE_FILE: &str = "names.tsv";

/// The file's first line: a file without it (an older layout) is recounted.
const HEADER: &str = "# whosaid names per segment";

/// Count the stored names of the last commit of the tantivy index in `dir` and cache them
/// beside it (called when a writer finishes, so the next reader does not count them again).
/// Segments the cache already holds keep their counts: only new ones are counted.
pub(crate) fn refresh_cache(index: &tantivy::Index, dir: &Path) -> Result<()> {
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let mut stored = read_sections(dir).unwrap_or_default();
    let cache = SegmentCache::default();
    let mut sections = Vec::new();
    for seg in searcher.segment_readers() {
        let raw = cache.raw(seg, |key| stored.remove(key))?;
        sections.push((segment_key(seg), raw));
    }
    let sections: Vec<(&str, &[(Who, u64)])> =
        sections.iter().map(|(k, raw)| (k.as_str(), raw.as_slice())).collect();
    write_cache(dir, &sections)
}

/// The cache of stored names: per segment (its key, [`super::segment_who::segment_key`]), a
/// `# segment KEY` line, then `count<TAB>who` lines.
pub fn write_cache(dir: &Path, sections: &[(&str, &[(Who, u64)])]) -> Result<()> {
    use std::fmt::Write;
    let mut out = format!("{HEADER}\n");
    for (segment, raw) in sections {
        let _ = writeln!(out, "# segment {segment}");
        for (who, n) in *raw {
            let _ = match who {
                Who::Speaker(s) => writeln!(out, "{n}\ts\t{}", escape(s)),
                Who::Actor(s, k) => writeln!(out, "{n}\t{k}\t{}", escape(s)),
            };
        }
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

/// The cached stored names of exactly `segments`, summed, when the cache holds them all.
pub fn read_cache(dir: &Path, segments: &[String]) -> Option<Vec<(Who, u64)>> {
    let mut sections = read_sections(dir)?;
    let lists: Vec<Vec<(Who, u64)>> =
        segments.iter().map(|s| sections.remove(s)).collect::<Option<_>>()?;
    Some(merge_counts(lists.iter().map(Vec::as_slice)))
}

/// Every segment's cached stored names (None: no cache, or one that cannot be read).
pub fn read_sections(dir: &Path) -> Option<HashMap<String, Vec<(Who, u64)>>> {
    let path: PathBuf = dir.join(CACHE_FILE);
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next()? != HEADER {
        return None;
    }
    let mut out: Vec<(String, Vec<(Who, u64)>)> = Vec::new();
    for line in lines {
        if let Some(segment) = line.strip_prefix("# segment ") {
            out.push((segment.to_string(), Vec::new()));
            continue;
        }
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
        out.last_mut()?.1.push((who, n));
    }
    Some(out.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_counts_read_back_as_written_whatever_the_names_hold() {
        let dir = tempfile::tempdir().unwrap();
        let raw = vec![
            (Who::Speaker("Anna Berg".into()), 3),
            (Who::Actor("Hamlet\n - Best Revival".into(), Kind::Org), 2),
            (Who::Actor("back\\slash\\n\r\tend\r".into(), Kind::Place), 1),
            (Who::Speaker(String::new()), 4),
        ];
        let other = vec![(Who::Speaker("Anna Berg".into()), 2)];
        write_cache(dir.path(), &[("a1", &raw), ("b2.7", &other)]).unwrap();
        let segs = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(read_cache(dir.path(), &segs(&["a1"])), Some(merge_counts([raw.as_slice()])));
        let both = read_cache(dir.path(), &segs(&["a1", "b2.7"])).unwrap();
        assert!(both.contains(&(Who::Speaker("Anna Berg".into()), 5)), "{both:?}");
        assert_eq!(both.len(), raw.len());
        assert_eq!(read_cache(dir.path(), &segs(&["a1", "b2"])), None);
    }
}
