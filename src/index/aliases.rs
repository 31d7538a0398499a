//! Names that stand for one actor ("US" / "United States" / "America"): the alias table, built in
//! (`lexicon/aliases.txt`) and extended by the user's files, and the folding that makes two
//! spellings of a name one key.

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, SimpleTokenizer, TextAnalyzer};

use crate::analysis::Kind;
use crate::analysis::gazetteer as gaz;
use crate::error::{Error, Result};

/// The user's alias file beside the index.
pub const ALIASES_FILE: &str = "aliases.txt";

/// The words of a name as matching sees them: lower case, accents folded, punctuation gone
/// ("Pelé" -> ["pele"], "U.S." -> ["u", "s"], "Murphy-O'Connor" -> ["murphy", "o", "connor"]).
pub fn fold(name: &str) -> Vec<String> {
    thread_local! {
        static ANALYZER: std::cell::RefCell<TextAnalyzer> = std::cell::RefCell::new(
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        );
    }
    ANALYZER.with(|a| {
        let mut a = a.borrow_mut();
        let mut stream = a.token_stream(name);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    })
}

/// The folded words joined by spaces: the look-up key of a name.
pub(super) fn key(name: &str) -> String {
    fold(name).join(" ")
}

/// Names that stand for one actor: folded alias -> (canonical name, kind).
#[derive(Clone, Debug, Default)]
pub struct Aliases {
    by_key: HashMap<String, (String, Kind)>,
}

static BUILTIN: LazyLock<Aliases> = LazyLock::new(|| {
    Aliases::parse(
        include_str!("../analysis/lexicon/aliases.txt"),
        Path::new("lexicon/aliases.txt"),
    )
    .expect("the built-in alias list parses")
});

/// A country's name as the hand-kept place aliases write it, where the generated list's canonical
/// name differs ("The Netherlands" -> "Netherlands"): `place_aliases.txt` names a country as news
/// text does, and the list it overrides may still give that name another canonical form, which
/// would split one country in two ("Netherlands" and "The Netherlands").
static HAND_KEPT: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    gaz::pairs(include_str!("../analysis/lexicon/place_aliases.txt"))
        .filter_map(|(_, canon)| gaz::country(canon).filter(|&c| c != canon).map(|c| (c, canon)))
        .collect()
});

impl Aliases {
    /// The aliases the project maintains (`src/analysis/lexicon/aliases.txt`).
    pub fn builtin() -> Aliases {
        BUILTIN.clone()
    }

    /// Parse an alias file: `kind | canonical | alias | alias ...` a line, `#` comments.
    pub fn parse(text: &str, path: &Path) -> Result<Aliases> {
        let mut out = Aliases::default();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |reason: &str| Error::Aliases {
                path: path.to_path_buf(),
                line: n + 1,
                reason: reason.to_string(),
            };
            let parts: Vec<&str> = line.split('|').map(str::trim).collect();
            let [kind, canonical, aliases @ ..] = parts.as_slice() else {
                return Err(bad("expected `kind | canonical name | alias | ...`"));
            };
            let kind = Kind::parse(kind)
                .ok_or_else(|| bad(&format!("unknown kind {kind:?} (person, org or place)")))?;
            if key(canonical).is_empty() {
                return Err(bad("the canonical name is empty"));
            }
            for name in aliases.iter().chain([canonical]) {
                let k = key(name);
                if !k.is_empty() {
                    out.by_key.insert(k, (canonical.to_string(), kind));
                }
            }
        }
        Ok(out)
    }

    /// Read an alias file.
    pub fn load(path: &Path) -> Result<Aliases> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| Error::Io { path: path.to_path_buf(), source })?;
        Aliases::parse(&text, path)
    }

    /// The built-in aliases, then `aliases.txt` beside the index when there is one, then
    /// `extra` (later groups win).
    pub fn for_index(dir: &Path, extra: Option<&Path>) -> Result<Aliases> {
        let mut a = Aliases::builtin();
        let beside = dir.join(ALIASES_FILE);
        if beside.is_file() {
            a.extend(Aliases::load(&beside)?);
        }
        if let Some(p) = extra {
            a.extend(Aliases::load(p)?);
        }
        Ok(a)
    }

    /// Add `other`'s groups; its names win.
    pub fn extend(&mut self, other: Aliases) {
        self.by_key.extend(other.by_key);
    }

    /// The canonical name and kind of `name`, when it is an alias (countries from the
    /// gazetteer, for a name that is not a person's).
    pub fn get(&self, name: &str, kind: Kind) -> Option<(String, Kind)> {
        self.get_keyed(&key(name), name, kind)
    }

    /// True when `name` is a name of the alias table (the built-in and the user's groups).
    pub(super) fn is_alias(&self, name: &str) -> bool {
        self.by_key.contains_key(&key(name))
    }

    /// [`Aliases::get`] for a name whose key (`key(name)`) the caller has at hand.
    pub(super) fn get_keyed(&self, key: &str, name: &str, kind: Kind) -> Option<(String, Kind)> {
        if let Some(hit) = self.by_key.get(key) {
            return Some(hit.clone());
        }
        if kind == Kind::Person {
            return None;
        }
        let bare = name.strip_prefix("the ").or_else(|| name.strip_prefix("The ")).unwrap_or(name);
        gaz::country(name)
            .or_else(|| gaz::country(bare))
            .map(|c| (HAND_KEPT.get(c).copied().unwrap_or(c).to_string(), Kind::Place))
    }

    /// Canonical names whose alias has every word of `query`.
    pub(super) fn matching(&self, query: &[String]) -> Vec<&str> {
        self.by_key
            .iter()
            .filter(|(k, _)| subset(query, &k.split(' ').map(String::from).collect::<Vec<_>>()))
            .map(|(_, (c, _))| c.as_str())
            .collect()
    }
}

/// True when every word of `q` is a word of `name`.
pub(super) fn subset(q: &[String], name: &[String]) -> bool {
    !q.is_empty() && q.iter().all(|w| name.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("Pelé"), ["pele"]);
        assert_eq!(fold("U.S."), ["u", "s"]);
        assert_eq!(fold("Murphy-O'Connor"), ["murphy", "o", "connor"]);
    }

    #[test]
    fn bad_alias_lines_are_named() {
        let e = Aliases::parse("person | A\nthing | B | C\n", Path::new("my.txt")).unwrap_err();
        assert!(e.to_string().contains("my.txt:2"), "{e}");
    }
}
