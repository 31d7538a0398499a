//! The query language: the syntax of Lucene and Elasticsearch users, parsed by hand so every
//! error is one clear line that says what and where.
//!
//! ```text
//! copper mines                  every term must match (or any, with --any)
//! "main partner"                a phrase; "blair iraq"~5 lets up to 5 moves between the words
//! -embassy  NOT embassy         exclusion
//! +aid                          required, even with --any
//! china OR russia               either (OR binds tighter than AND and the implicit AND)
//! china AND aid                 both (the default; AND makes both required under --any too)
//! (china OR russia) aid         grouping
//! title:taliban                 fields: title, text (body), speaker (said, by), actor (who),
//! text:(iraq OR iran)           source, date, quote; a field applies to a phrase or a group too
//! quote:iraq speaker:blair      "iraq" inside Blair's own words
//! modern*                       prefix: the most frequent indexed terms starting with "modern"
//! blar~  blair~2                fuzzy: 1 edit (2 for words over 5 letters), or the 0-2 given
//! iraq^2  "main partner"^3      boost a term, phrase or group
//! date:[2005-01-01 TO 2005-03-31]  dates, inclusive; {…} exclusive, * open; date:2005-01-01
//! ```
//! `AND`, `OR` and `NOT` are operators only in capitals: in lower case they are words, since
//! queries pasted from questions hold "not" and "or". An unknown field (`foo:bar`) or a
//! construct the engine does not support is an error, never a silent empty result.
//!
//! Why not tantivy's `QueryParser`: it parses most of this, but plain terms here search title
//! and text with their own weights and stems, name fields match a part of a name, a prefix
//! expands to the most frequent terms, and lower-case `and`/`or`/`not` must stay words; its
//! errors carry no position either.

use std::fmt;
use std::ops::Bound;

use chrono::NaiveDate;

use super::lexer::{RangeTok, Tok, lex, parse_boost, pos_of};
use crate::article::date::parse_date;
use crate::error::{Error, Result};

/// Where a clause searches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Title and text.
    Default,
    /// Title only.
    Title,
    /// Paragraph text only.
    Text,
    /// Speaker names.
    Speaker,
    /// Actor names.
    Actor,
    /// Source (publisher).
    Source,
    /// Publication date (ranges and days only).
    Date,
    /// Words inside quotes (with a speaker filter: inside that speaker's quotes).
    Quote,
}

/// The query language, one row per construct: an example and what it means. `query --help`
/// prints it and the README's query table repeats it (a test compares them).
pub const SYNTAX: &[(&str, &str)] = &[
    ("copper mines", "every term (stemmed, accents folded); --any: any term"),
    ("\"main partner\"", "a phrase"),
    ("\"blair iraq\"~5", "the words in order, at most 5 other words between them"),
    ("aid -drought, aid NOT drought", "exclusion"),
    ("+aid china", "aid required, even with --any"),
    ("china OR russia aid", "alternatives; OR binds tighter than AND"),
    ("china AND aid", "both (the default; both required under --any too)"),
    ("(china OR russia) embassy", "grouping"),
    ("title:taliban", "title only; a field takes a phrase or a (group) too"),
    ("text:(iraq OR iran)", "paragraph text only (alias body:)"),
    ("speaker:shaheen", "part of a speaker's name (aliases said:, by:)"),
    ("actor:\"zabihullah mujahid\"", "part of an actor's name (alias who:)"),
    ("source:reuters", "part of the source's name"),
    ("quote:iraq speaker:blair", "iraq inside Blair's own quotes; quote:iraq, inside any quote"),
    ("date:[2005-01-01 TO 2005-03-31]", "dates, inclusive; {A TO B} exclusive; * for no bound"),
    ("date:2005-03-31", "one day"),
    ("modern*", "prefix: the 64 most frequent terms starting with modern"),
    ("blar~, blair~2", "fuzzy: 1 edit (2 past 5 letters), or the 0, 1 or 2 given"),
    ("iraq^2, (aid OR loan)^0.5", "boost a term, phrase or group"),
    ("not, or, and", "in lower case, plain words"),
];

/// The field prefixes a query may use, with the target each names; the first name of a
/// target is its own, the others are aliases.
pub const FIELDS: &[(&str, Target)] = &[
    ("title", Target::Title),
    ("text", Target::Text),
    ("body", Target::Text),
    ("speaker", Target::Speaker),
    ("said", Target::Speaker),
    ("by", Target::Speaker),
    ("actor", Target::Actor),
    ("who", Target::Actor),
    ("source", Target::Source),
    ("quote", Target::Quote),
    ("quoted", Target::Quote),
    ("date", Target::Date),
];

impl Target {
    fn from_prefix(p: &str) -> Option<Target> {
        let p = p.to_ascii_lowercase();
        FIELDS.iter().find(|(name, _)| *name == p).map(|&(_, t)| t)
    }
}

/// The fields for an error message: `title, text (or body), speaker (or said, by), …`.
pub fn field_list() -> String {
    let mut out: Vec<String> = Vec::new();
    let mut seen: Vec<Target> = Vec::new();
    for &(name, t) in FIELDS {
        if seen.contains(&t) {
            continue;
        }
        seen.push(t);
        let aliases: Vec<&str> =
            FIELDS.iter().filter(|(n, u)| *u == t && *n != name).map(|(n, _)| *n).collect();
        if aliases.is_empty() {
            out.push(name.to_string());
        } else {
            out.push(format!("{name} (or {})", aliases.join(", ")));
        }
    }
    out.join(", ")
}

/// How a clause of a group takes part in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clause {
    /// Required, or optional under `--any`.
    Default,
    /// Required always (`+word`, or a side of `AND`).
    Required,
    /// Must not match (`-word`, `NOT word`).
    Excluded,
}

/// A parsed query.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// A word (possibly several tokens once analysed, then matched as a phrase).
    Word(Target, String),
    /// A word ending in `*`.
    Prefix(Target, String),
    /// A quoted phrase and its slop (0: the words in order, adjacent).
    Phrase(Target, String, u32),
    /// A word within this many edits (0 to 2).
    Fuzzy(Target, String, u8),
    /// A clause whose score is multiplied.
    Boost(Box<Node>, f32),
    /// Publication dates between two bounds.
    Dates(Bound<NaiveDate>, Bound<NaiveDate>),
    /// Alternatives.
    Or(Vec<Node>),
    /// Clauses combined by the default operator.
    Group(Vec<(Clause, Node)>),
}

/// A query-syntax error, with the position it was found at.
#[derive(Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// What is wrong.
    pub message: String,
    /// Character position in the query.
    pub at: usize,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.at + 1)
    }
}

/// A parse step's result.
pub(super) type Parsed<T> = std::result::Result<T, SyntaxError>;

/// A syntax error at character `at`.
pub(super) fn err<T>(message: impl Into<String>, at: usize) -> Parsed<T> {
    Err(SyntaxError { message: message.into(), at })
}

/// Parse query text into a [`Node`] tree.
pub fn parse(q: &str) -> Parsed<Node> {
    let toks = lex(q)?;
    let mut p = Parser { toks, pos: 0 };
    let node = p.group(Target::Default, false)?;
    if let Some(t) = p.toks.get(p.pos) {
        return err("unmatched ')'", pos_of(t));
    }
    Ok(node)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn group(&mut self, target: Target, nested: bool) -> Parsed<Node> {
        let mut clauses: Vec<(Clause, Node)> = Vec::new();
        let mut and_pending: Option<usize> = None;
        while let Some(t) = self.peek().cloned() {
            match t {
                Tok::Close(at, _) => {
                    if nested {
                        break;
                    }
                    return err("unmatched ')'", at);
                }
                Tok::And(at) => {
                    if clauses.is_empty() || and_pending.is_some() {
                        return err("AND needs a term on both sides", at);
                    }
                    if let Some((c @ Clause::Default, _)) = clauses.last_mut() {
                        *c = Clause::Required;
                    }
                    and_pending = Some(at);
                    self.pos += 1;
                    continue;
                }
                _ => {}
            }
            let mut clause = match t {
                Tok::Minus(_) | Tok::Not(_) => Clause::Excluded,
                Tok::Plus(_) => Clause::Required,
                _ => Clause::Default,
            };
            if clause != Clause::Default {
                self.pos += 1;
            }
            if and_pending.take().is_some() && clause == Clause::Default {
                clause = Clause::Required;
            }
            let mut alts = vec![self.atom(target)?];
            while let Some(Tok::Or(at)) = self.peek().cloned() {
                self.pos += 1;
                match self.peek() {
                    None | Some(Tok::Close(..)) | Some(Tok::Or(_)) | Some(Tok::And(_)) => {
                        return err("OR needs a term on both sides", at);
                    }
                    Some(Tok::Not(n) | Tok::Minus(n) | Tok::Plus(n)) => {
                        return err(
                            "a side of OR cannot be negated or required; group it: a OR (b -c)",
                            *n,
                        );
                    }
                    _ => alts.push(self.atom(target)?),
                }
            }
            let node = if alts.len() == 1 { alts.pop().expect("one") } else { Node::Or(alts) };
            clauses.push((clause, node));
        }
        if let Some(at) = and_pending {
            return err("AND needs a term on both sides", at);
        }
        Ok(Node::Group(clauses))
    }

    fn atom(&mut self, target: Target) -> Parsed<Node> {
        let Some(t) = self.peek().cloned() else {
            let at = self.toks.last().map_or(0, pos_of);
            return err("the query ends where a term was expected", at);
        };
        self.pos += 1;
        match t {
            Tok::Open(at) => {
                if target == Target::Date {
                    return err("date: takes a day or a range, not a group", at);
                }
                let g = self.group(target, true)?;
                match self.peek().cloned() {
                    Some(Tok::Close(_, boost)) => {
                        self.pos += 1;
                        Ok(boosted(g, boost))
                    }
                    _ => err("unclosed '('", at),
                }
            }
            Tok::Phrase(p, at, slop, boost) => {
                if target == Target::Date {
                    return err("date: takes a day or a range, not a phrase", at);
                }
                Ok(boosted(Node::Phrase(target, p, slop), boost))
            }
            Tok::Word(w, at) => self.word(target, w, at),
            Tok::Range(r, at) => {
                if target == Target::Date {
                    dates(&r, at)
                } else {
                    err("ranges work on date: only (date:[2005-01-01 TO 2005-03-31])", at)
                }
            }
            Tok::Or(at) => err("OR needs a term on both sides", at),
            Tok::And(at) => err("AND needs a term on both sides", at),
            Tok::Minus(at) | Tok::Plus(at) | Tok::Not(at) => {
                err("'-', '+' and NOT must be followed by a term", at)
            }
            Tok::Close(at, _) => err("unmatched ')'", at),
        }
    }

    fn word(&mut self, target: Target, w: String, at: usize) -> Parsed<Node> {
        if let Some((prefix, rest)) = w.split_once(':')
            && is_field_name(prefix)
            && !rest.starts_with("//")
        {
            let Some(field) = Target::from_prefix(prefix) else {
                return err(format!("unknown field '{prefix}:' (fields: {})", field_list()), at);
            };
            if rest.is_empty() {
                return match self.peek() {
                    Some(Tok::Phrase(..) | Tok::Open(_) | Tok::Range(..)) => self.atom(field),
                    _ => err(format!("'{prefix}:' must be followed by a term"), at),
                };
            }
            return leaf(field, rest, at + prefix.chars().count() + 1);
        }
        leaf(target, &w, at)
    }
}

/// A field name: letters (and `_`), as a query writes `title:`; "10:30" and URLs are words.
fn is_field_name(p: &str) -> bool {
    p.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn boosted(n: Node, boost: Option<f32>) -> Node {
    match boost {
        Some(b) => Node::Boost(Box::new(n), b),
        None => n,
    }
}

/// A word with its suffixes: `^boost`, `~edits`, a trailing `*`.
fn leaf(target: Target, w: &str, at: usize) -> Parsed<Node> {
    let (w, boost) = match w.rsplit_once('^') {
        Some((word, num)) => {
            let caret = at + word.chars().count();
            (word, Some(parse_boost(num, caret)?))
        }
        None => (w, None),
    };
    if target == Target::Date {
        return match parse_date(w) {
            Some(d) if boost.is_none() => Ok(Node::Dates(Bound::Included(d), Bound::Included(d))),
            Some(_) => err("date: cannot be boosted", at),
            None => err(format!("date:{w} is not a date (write YYYY-MM-DD)"), at),
        };
    }
    let node = if let Some((word, edits)) = w.split_once('~') {
        let tilde = at + word.chars().count();
        let edits = match edits {
            // Elasticsearch's AUTO: short words would match too much within two edits
            // ("blar~2" finds "la").
            "" => match word.chars().count() {
                0..=2 => 0,
                3..=5 => 1,
                _ => 2,
            },
            "0" | "1" | "2" => edits.parse().expect("a digit"),
            _ => {
                return err(
                    "'~' takes 0, 1 or 2 edits (blair~1), or none for 1 or 2 by length",
                    tilde,
                );
            }
        };
        if word.is_empty() || word.contains('*') {
            return err("'~' must follow a plain word (blair~1)", tilde);
        }
        Node::Fuzzy(target, word.to_string(), edits)
    } else if let Some(p) = w.strip_suffix('*')
        && !p.is_empty()
        && !p.contains('*')
    {
        Node::Prefix(target, p.to_string())
    } else if let Some(star) = w.trim_end_matches('*').find('*') {
        return err(
            "'*' works only at the end of a word (modern*)",
            at + w[..star].chars().count(),
        );
    } else {
        Node::Word(target, w.trim_end_matches('*').to_string())
    };
    Ok(boosted(node, boost))
}

fn dates(r: &RangeTok, at: usize) -> Parsed<Node> {
    let bound = |s: &str, inclusive: bool| -> Parsed<Bound<NaiveDate>> {
        if s == "*" {
            return Ok(Bound::Unbounded);
        }
        match parse_date(s) {
            Some(d) if inclusive => Ok(Bound::Included(d)),
            Some(d) => Ok(Bound::Excluded(d)),
            None => {
                err(format!("{s:?} is not a date (write YYYY-MM-DD, or * for an open end)"), at)
            }
        }
    };
    Ok(Node::Dates(bound(&r.lo, r.lo_inclusive)?, bound(&r.hi, r.hi_inclusive)?))
}

/// A query that searches `text` as plain words, whatever it holds: for text that is not
/// written in the query language (test-collection topics in capitals, a sentence pasted by
/// a program). Characters the analyzer would drop anyway become spaces, so no quote,
/// bracket, prefix, `*`, `~` or `^` is read as syntax, and `AND`, `OR`, `NOT` become words.
pub fn literal(text: &str) -> String {
    let spaced: String = text.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    spaced
        .split_whitespace()
        .map(|w| {
            if matches!(w, "AND" | "OR" | "NOT" | "TO") { w.to_lowercase() } else { w.to_string() }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parse, turning a syntax error into the core's query error.
pub fn parse_query(q: &str) -> Result<Node> {
    parse(q).map_err(|e| Error::Query(e.to_string()))
}

impl Node {
    /// True when the query has no positive clause (empty, or only exclusions).
    pub fn is_empty(&self) -> bool {
        match self {
            Node::Group(c) => {
                c.iter().all(|(clause, n)| *clause == Clause::Excluded || n.is_empty())
            }
            Node::Or(alts) => alts.iter().all(Node::is_empty),
            Node::Boost(n, _) => n.is_empty(),
            Node::Dates(..) => false,
            Node::Word(_, w)
            | Node::Prefix(_, w)
            | Node::Phrase(_, w, _)
            | Node::Fuzzy(_, w, _) => w.trim().is_empty(),
        }
    }

    /// True when a positive clause is a term that scores (not only dates): a query of dates
    /// alone is a filter, and its hits come newest first.
    pub fn scores(&self) -> bool {
        match self {
            Node::Group(c) => c.iter().any(|(clause, n)| *clause != Clause::Excluded && n.scores()),
            Node::Or(alts) => alts.iter().any(Node::scores),
            Node::Boost(n, _) => n.scores(),
            Node::Dates(..) => false,
            Node::Word(..) | Node::Prefix(..) | Node::Phrase(..) | Node::Fuzzy(..) => {
                !self.is_empty()
            }
        }
    }

    /// Leaves of one kind among the query's positive clauses, for marking matches: the
    /// phrases without slop, the plain words, or the fuzzy words (with their edits).
    pub fn leaves(&self, kind: Leaf, out: &mut Vec<(Target, String, u8)>) {
        match self {
            Node::Phrase(t, p, 0) if kind == Leaf::Phrase => out.push((*t, p.clone(), 0)),
            Node::Word(t, w) if kind == Leaf::Word => out.push((*t, w.clone(), 0)),
            Node::Fuzzy(t, w, e) if kind == Leaf::Fuzzy => out.push((*t, w.clone(), *e)),
            Node::Boost(n, _) => n.leaves(kind, out),
            Node::Or(alts) => alts.iter().for_each(|n| n.leaves(kind, out)),
            Node::Group(c) => c
                .iter()
                .filter(|(clause, _)| *clause != Clause::Excluded)
                .for_each(|(_, n)| n.leaves(kind, out)),
            Node::Word(..)
            | Node::Phrase(..)
            | Node::Prefix(..)
            | Node::Fuzzy(..)
            | Node::Dates(..) => {}
        }
    }
}

/// The kinds of leaf [`Node::leaves`] collects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leaf {
    /// Phrases without slop.
    Phrase,
    /// Plain words.
    Word,
    /// Fuzzy words.
    Fuzzy,
}

#[cfg(test)]
mod tests {
    use super::*;
    use Clause::{Default as C, Excluded as X, Required as R};
    use Node::*;
    use Target::Default as D;

    fn w(s: &str) -> Node {
        Word(D, s.into())
    }

    #[test]
    fn grammar() {
        assert_eq!(parse("copper mines").unwrap(), Group(vec![(C, w("copper")), (C, w("mines"))]));
        assert_eq!(
            parse("\"main partner\" -embassy").unwrap(),
            Group(vec![(C, Phrase(D, "main partner".into(), 0)), (X, w("embassy"))])
        );
        assert_eq!(
            parse("china OR russia aid").unwrap(),
            Group(vec![(C, Or(vec![w("china"), w("russia")])), (C, w("aid"))])
        );
        assert_eq!(
            parse("speaker:Mujahid title:\"copper mines\" modern*").unwrap(),
            Group(vec![
                (C, Word(Target::Speaker, "Mujahid".into())),
                (C, Phrase(Target::Title, "copper mines".into(), 0)),
                (C, Prefix(D, "modern".into())),
            ])
        );
        assert_eq!(
            parse("(a OR b) c").unwrap(),
            Group(vec![(C, Group(vec![(C, Or(vec![w("a"), w("b")]))])), (C, w("c"))])
        );
        // A hyphen inside a word is not an exclusion; times and URLs are words.
        assert_eq!(
            parse("covid-19 10:30 https://bbc.co.uk").unwrap(),
            Group(vec![(C, w("covid-19")), (C, w("10:30")), (C, w("https://bbc.co.uk"))])
        );
    }

    #[test]
    fn lucene_syntax() {
        assert_eq!(
            parse("blair NOT brown").unwrap(),
            Group(vec![(C, w("blair")), (X, w("brown"))])
        );
        // Lower-case operators are words.
        assert_eq!(
            parse("blair not brown or").unwrap(),
            Group(vec![(C, w("blair")), (C, w("not")), (C, w("brown")), (C, w("or"))])
        );
        assert_eq!(
            parse("a AND b +c").unwrap(),
            Group(vec![(R, w("a")), (R, w("b")), (R, w("c"))])
        );
        assert_eq!(
            parse("\"blair iraq\"~5").unwrap(),
            Group(vec![(C, Phrase(D, "blair iraq".into(), 5))])
        );
        assert_eq!(
            parse("blar~ blair~2 reforming~").unwrap(),
            Group(vec![
                (C, Fuzzy(D, "blar".into(), 1)),
                (C, Fuzzy(D, "blair".into(), 2)),
                (C, Fuzzy(D, "reforming".into(), 2))
            ])
        );
        assert_eq!(
            parse("text:(iraq OR iran)").unwrap(),
            Group(vec![(
                C,
                Group(vec![(
                    C,
                    Or(vec![Word(Target::Text, "iraq".into()), Word(Target::Text, "iran".into())])
                )])
            )])
        );
        assert_eq!(
            parse("iraq^2 (a b)^0.5").unwrap(),
            Group(vec![
                (C, Boost(Box::new(w("iraq")), 2.0)),
                (C, Boost(Box::new(Group(vec![(C, w("a")), (C, w("b"))])), 0.5)),
            ])
        );
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            parse("date:[2005-01-01 TO 2005-03-31] date:{2005-01-01 TO *}").unwrap(),
            Group(vec![
                (C, Dates(Bound::Included(d("2005-01-01")), Bound::Included(d("2005-03-31")))),
                (C, Dates(Bound::Excluded(d("2005-01-01")), Bound::Unbounded)),
            ])
        );
        assert_eq!(
            parse("by:blair who:\"tony blair\"").unwrap(),
            Group(vec![
                (C, Word(Target::Speaker, "blair".into())),
                (C, Phrase(Target::Actor, "tony blair".into(), 0)),
            ])
        );
    }

    #[test]
    fn errors_say_what_and_where() {
        let fields = field_list();
        for (q, msg) in [
            ("\"main partner", "unclosed quotation mark (at character 1)".to_string()),
            ("(china aid", "unclosed '(' (at character 1)".into()),
            ("china)", "unmatched ')' (at character 6)".into()),
            ("china OR", "OR needs a term on both sides (at character 7)".into()),
            ("OR china", "OR needs a term on both sides (at character 1)".into()),
            ("china AND", "AND needs a term on both sides (at character 7)".into()),
            ("title:", "'title:' must be followed by a term (at character 1)".into()),
            ("aid foo:bar", format!("unknown field 'foo:' (fields: {fields}) (at character 5)")),
            (
                "author:smith",
                format!("unknown field 'author:' (fields: {fields}) (at character 1)"),
            ),
            (
                "blair~3",
                "'~' takes 0, 1 or 2 edits (blair~1), or none for 1 or 2 by length (at character 6)".into(),
            ),
            (
                "iraq^x",
                "'^' takes a boost between 0 and 1000 (iraq^2), not \"x\" (at character 5)".into(),
            ),
            ("mo*ern", "'*' works only at the end of a word (modern*) (at character 3)".into()),
            (
                "title:[a TO b]",
                "ranges work on date: only (date:[2005-01-01 TO 2005-03-31]) (at character 7)"
                    .into(),
            ),
            (
                "date:[2005 2006]",
                "a range is written [A TO B] (TO in capitals; * for an open end) (at character 6)"
                    .into(),
            ),
            ("date:soon", "date:soon is not a date (write YYYY-MM-DD) (at character 6)".into()),
        ] {
            assert_eq!(parse(q).unwrap_err().to_string(), msg, "{q}");
        }
        assert_eq!(
            fields,
            "title, text (or body), speaker (or said, by), actor (or who), source, quote (or quoted), date"
        );
    }

    #[test]
    fn literal_text_is_words_only() {
        let topic = "KENNEDY AND DIEM: \"NOT\" TO STOP (U.S. POLICY) OR -ELSE* ~2^3";
        let q = literal(topic);
        assert_eq!(q, "KENNEDY and DIEM not to STOP U S POLICY or ELSE 2 3");
        let Node::Group(clauses) = parse(&q).unwrap() else { panic!() };
        assert!(clauses.iter().all(|(c, n)| *c == Clause::Default && matches!(n, Node::Word(..))));
    }

    #[test]
    fn emptiness() {
        assert!(parse("").unwrap().is_empty());
        assert!(parse("-embassy").unwrap().is_empty());
        assert!(parse("NOT embassy").unwrap().is_empty());
        assert!(!parse("aid -embassy").unwrap().is_empty());
        assert!(!parse("date:2021-01-01").unwrap().is_empty());
        assert!(!parse("date:2021-01-01").unwrap().scores());
        assert!(parse("date:2021-01-01 aid").unwrap().scores());
    }
}
