//! Name suggestions: every speaker and actor the index holds, with its number of paragraphs,
//! found by the start of any of its words (for a search box's autocomplete).
//!
//! A [`NameList`] is read once per searcher generation from the facet table (the same counts
//! as `stats`) and then answers each prefix by a scan of its folded words: a few
//! milliseconds for a hundred thousand names, no index access.

use super::schema::name_analyzer;
use super::search::Searcher;
use crate::analysis::Kind;
use crate::error::Result;

/// What a name is in the index.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    /// A speaker (quoted somewhere).
    Speaker,
    /// An actor of a kind (quoted or mentioned).
    Actor(Kind),
}

impl NameKind {
    /// `speaker`, `person`, `org` or `place`.
    pub fn parse(s: &str) -> Option<NameKind> {
        match s {
            "speaker" => Some(NameKind::Speaker),
            k => Kind::parse(k).map(NameKind::Actor),
        }
    }

    /// The name [`NameKind::parse`] reads.
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Speaker => "speaker",
            NameKind::Actor(k) => k.as_str(),
        }
    }
}

/// One name and how many paragraphs it is in.
#[derive(Clone, Debug)]
pub struct Name {
    /// The canonical name.
    pub name: String,
    /// Speaker, or actor of a kind.
    pub kind: NameKind,
    /// Paragraphs quoting (speaker) or involving (actor) it.
    pub count: u64,
    /// Its words, lowercased and accent-folded.
    words: Vec<String>,
}

/// Every name of an index, most paragraphs first.
#[derive(Clone, Debug, Default)]
pub struct NameList {
    names: Vec<Name>,
}

/// Lowercased, accent-folded words, as the name filters see them.
fn fold(s: &str) -> Vec<String> {
    let mut analyzer = name_analyzer();
    let mut stream = analyzer.token_stream(s);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

impl NameList {
    /// The names from `(name, kind, count)` triples.
    pub fn new(names: impl IntoIterator<Item = (String, NameKind, u64)>) -> NameList {
        let mut names: Vec<Name> = names
            .into_iter()
            .map(|(name, kind, count)| Name { words: fold(&name), name, kind, count })
            .collect();
        names.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        NameList { names }
    }

    /// Up to `limit` names of `kind` (any kind: None) whose words continue `prefix`: its
    /// words but the last are whole words of the name, in order, and the last starts the
    /// next word (`muj` and `zabihullah m` find "Zabihullah Mujahid"). An empty prefix
    /// lists the most frequent names.
    pub fn matching(&self, prefix: &str, kind: Option<NameKind>, limit: usize) -> Vec<&Name> {
        let want = fold(prefix);
        self.names
            .iter()
            .filter(|n| kind.is_none_or(|k| k == n.kind))
            .filter(|n| continues(&n.words, &want))
            .take(limit)
            .collect()
    }

    /// Number of names.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when the index holds no name.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

fn continues(words: &[String], want: &[String]) -> bool {
    let Some((last, whole)) = want.split_last() else { return true };
    (0..words.len()).any(|i| {
        let rest = &words[i..];
        rest.len() > whole.len()
            && rest[..whole.len()] == *whole
            && rest[whole.len()].starts_with(last.as_str())
    })
}

impl Searcher {
    /// Every speaker and actor of the index with its number of paragraphs.
    pub fn names(&self) -> Result<NameList> {
        let facets = self.stats(usize::MAX)?.facets;
        let speakers = facets.speakers.into_iter().map(|(n, c)| (n, NameKind::Speaker, c));
        let actors = facets.actors.into_iter().map(|(a, c)| (a.name, NameKind::Actor(a.kind), c));
        Ok(NameList::new(speakers.chain(actors)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> NameList {
        NameList::new([
            ("Zabihullah Mujahid".to_string(), NameKind::Speaker, 3),
            ("Zabihullah Mujahid".to_string(), NameKind::Actor(Kind::Person), 5),
            ("José Múgica".to_string(), NameKind::Actor(Kind::Person), 2),
            ("Mali".to_string(), NameKind::Actor(Kind::Place), 9),
        ])
    }

    fn found(l: &NameList, prefix: &str, kind: Option<NameKind>) -> Vec<String> {
        l.matching(prefix, kind, 10)
            .iter()
            .map(|n| format!("{} {}", n.kind.as_str(), n.name))
            .collect()
    }

    #[test]
    fn any_word_start_matches_folded() {
        let l = list();
        assert_eq!(
            found(&l, "mu", None),
            ["person Zabihullah Mujahid", "speaker Zabihullah Mujahid", "person José Múgica"]
        );
        assert_eq!(
            found(&l, "zabihullah muj", Some(NameKind::Speaker)),
            ["speaker Zabihullah Mujahid"]
        );
        assert_eq!(found(&l, "jose mug", None), ["person José Múgica"]);
        assert!(found(&l, "mujahid z", None).is_empty());
        assert_eq!(found(&l, "", None)[0], "place Mali");
    }
}
