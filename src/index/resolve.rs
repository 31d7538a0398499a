//! Article ids as users type them: the id as stored, or a path to an ingested file.
//!
//! The id of an article read from a file without an id or URL is the file's canonical
//! absolute path (plus `:LINE` in JSON Lines), which nobody types: `show mine/a4.html` must find
//! it all the same. URL and JSON ids are looked up as given. `show`, `delete` and the server
//! all resolve through here.

use std::path::Path;

use super::search::Searcher;
use crate::article::read::show_path;
use crate::error::{Error, Result};

/// The ids `typed` may stand for, most literal first: itself, then the canonical path it
/// names (relative to the current folder, or absolute), with a JSON Lines `:LINE` kept.
pub fn id_candidates(typed: &str) -> Vec<String> {
    let mut out = vec![typed.to_string()];
    let mut push = |id: String| {
        if !out.contains(&id) {
            out.push(id);
        }
    };
    if let Ok(p) = std::fs::canonicalize(Path::new(typed)) {
        push(show_path(&p));
    }
    if let Some((path, line)) = typed.rsplit_once(':')
        && !line.is_empty()
        && line.bytes().all(|b| b.is_ascii_digit())
        && let Ok(p) = std::fs::canonicalize(Path::new(path))
    {
        push(format!("{}:{line}", show_path(&p)));
    }
    out
}

/// The stored id of the article `typed` names (an id, or a path to an ingested file).
pub fn resolve_article_id(searcher: &Searcher, typed: &str) -> Result<String> {
    for id in id_candidates(typed) {
        if searcher.has_article(&id)? {
            return Ok(id);
        }
    }
    Err(Error::ArticleNotFound(typed.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_canonical_ids() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.jsonl");
        std::fs::write(&file, "{}").unwrap();
        let canon = show_path(&std::fs::canonicalize(&file).unwrap());
        // Not canonical: a "." in the path (as a relative path is not).
        let typed = format!("{}/./a.jsonl", dir.path().display());
        let typed = typed.as_str();
        assert_eq!(id_candidates(typed), vec![typed.to_string(), canon.clone()]);
        assert_eq!(
            id_candidates(&format!("{typed}:3")),
            vec![format!("{typed}:3"), format!("{canon}:3")]
        );
        assert_eq!(id_candidates("https://x.org/a"), vec!["https://x.org/a".to_string()]);
    }
}
