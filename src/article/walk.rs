//! Which files below a folder are articles: the one walker every command uses.
//!
//! `ingest`, `analyze`, `watch` and `ingest --prune` all see the same files: hidden
//! entries (dotfiles and dot-folders) and `README*` are skipped by default, and
//! `--exclude GLOB` adds more. A path the user names itself is never excluded.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};

use super::read::{InputError, io_reason, show_path};

/// Names skipped below a folder unless the user asks for them by path.
pub const DEFAULT_EXCLUDES: &[&str] = &[".*", "README*"];

/// Exclusion rules: globs matched against an entry's name and its path below the named root.
#[derive(Clone, Debug)]
pub struct Filter {
    set: GlobSet,
}

impl Default for Filter {
    fn default() -> Self {
        Filter::new(&[]).expect("the default globs are valid")
    }
}

impl Filter {
    /// The default exclusions plus `extra` globs; an invalid glob is an error naming it.
    pub fn new(extra: &[String]) -> Result<Filter, String> {
        let mut b = GlobSetBuilder::new();
        for g in DEFAULT_EXCLUDES {
            b.add(Glob::new(g).map_err(|e| e.to_string())?);
        }
        for g in extra {
            // `*` stays within one path component, as in a shell.
            let glob = GlobBuilder::new(g)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("--exclude {g:?}: {e}"))?;
            b.add(glob);
        }
        Ok(Filter { set: b.build().map_err(|e| e.to_string())? })
    }

    /// True when the entry at `rel` (its path below the root the user named) is excluded.
    pub fn excludes(&self, rel: &Path) -> bool {
        let name = rel.file_name().map(Path::new).unwrap_or(rel);
        self.set.is_match(name) || self.set.is_match(rel)
    }

    /// True when `path`, found below `root`, or any folder between them is excluded.
    pub fn excludes_below(&self, root: &Path, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(root) else { return false };
        let mut prefix = PathBuf::new();
        rel.components().any(|c| {
            prefix.push(c);
            self.excludes(&prefix)
        })
    }
}

/// Every file below `paths` (recursively, sorted, excluded entries skipped), with the paths
/// that could not be walked (missing, unreadable, symlink loops) as errors. `-` (stdin) and
/// a file named directly are passed through.
pub fn walk(paths: &[PathBuf], filter: &Filter) -> (Vec<PathBuf>, Vec<InputError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for root in paths {
        if root.as_os_str() == "-" {
            files.push(root.clone());
            continue;
        }
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0
                    || !(filter.excludes(e.path().strip_prefix(root).unwrap_or(e.path()))
                        || is_index_folder(e))
            });
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => files.push(e.into_path()),
                Ok(_) => {}
                Err(e) => {
                    let path = show_path(e.path().unwrap_or(root));
                    let reason = if e.loop_ancestor().is_some() {
                        "symbolic link loop".to_string()
                    } else {
                        match e.io_error() {
                            Some(io) => io_reason(io),
                            None => e.to_string(),
                        }
                    };
                    errors.push(InputError::new(&path, reason));
                }
            }
        }
    }
    (files, errors)
}

/// A whosaid index below a walked folder (`watch .` with `index/` inside) is not input.
fn is_index_folder(e: &walkdir::DirEntry) -> bool {
    e.file_type().is_dir()
        && e.path().join("meta.json").is_file()
        && e.path().join("whosaid.json").is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_skip_readmes_and_dotfiles_only() {
        let f = Filter::default();
        for p in ["README.TXT", "README", "README.md", ".hidden.txt", "a/.git", "a/README.txt"] {
            assert!(f.excludes(Path::new(p)), "{p}");
        }
        for p in ["business/001.txt", "readme-notes.txt", "a/b.json", "READ.txt"] {
            assert!(!f.excludes(Path::new(p)), "{p}");
        }
    }

    #[test]
    fn extra_globs_match_names_and_paths() {
        let f = Filter::new(&["*.draft.txt".into(), "tmp".into(), "sport/*.txt".into()]).unwrap();
        assert!(f.excludes(Path::new("a/b/x.draft.txt")));
        assert!(f.excludes(Path::new("a/tmp")));
        assert!(f.excludes(Path::new("sport/001.txt")));
        assert!(!f.excludes(Path::new("tech/sport/001.txt")), "path globs anchor at the root");
        assert!(!f.excludes(Path::new("x.txt")));
        assert!(f.excludes_below(Path::new("/r"), Path::new("/r/tmp/x.txt")));
        assert!(Filter::new(&["a[".into()]).is_err());
    }
}
