//! The query language, parsed by hand so every error is one clear line.
//!
//! ```text
//! copper mines            every term must match (or any, with --any)
//! "main partner"          a phrase
//! -embassy                exclusion
//! china OR russia         either (OR binds tighter than the implicit AND)
//! (china OR russia) aid   grouping
//! title:taliban           field prefixes: title, text, speaker, actor, source, quote
//! quote:iraq speaker:blair  "iraq" inside Blair's own words
//! modern*                 prefix: expands to the indexed terms that start with "modern"
//! ```
//! Plain words and phrases search the paragraph text and the title (weighted
//! 0.5x); both are stemmed. `speaker:` and `actor:` match a part of a name.

use std::fmt;

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
    /// Words inside quotes (with a speaker filter: inside that speaker's quotes).
    Quote,
}

impl Target {
    fn from_prefix(p: &str) -> Option<Target> {
        Some(match p.to_ascii_lowercase().as_str() {
            "title" => Target::Title,
            "text" | "body" => Target::Text,
            "speaker" | "said" | "by" => Target::Speaker,
            "actor" | "who" => Target::Actor,
            "source" => Target::Source,
            "quote" | "quoted" => Target::Quote,
            _ => return None,
        })
    }
}

/// A parsed query.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// A word (possibly several tokens once analysed, then matched as a phrase).
    Word(Target, String),
    /// A word ending in `*`.
    Prefix(Target, String),
    /// A quoted phrase.
    Phrase(Target, String),
    /// Alternatives.
    Or(Vec<Node>),
    /// Clauses combined by the default operator; `bool` marks exclusions.
    Group(Vec<(bool, Node)>),
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

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String, usize),
    Phrase(String, usize),
    Minus(usize),
    Or(usize),
    Open(usize),
    Close(usize),
}

fn lex(q: &str) -> std::result::Result<Vec<Tok>, SyntaxError> {
    let chars: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            out.push(Tok::Open(i));
            i += 1;
        } else if c == ')' {
            out.push(Tok::Close(i));
            i += 1;
        } else if c == '-'
            && chars.get(i + 1).is_some_and(|n| !n.is_whitespace())
            && starts_clause(&out)
        {
            out.push(Tok::Minus(i));
            i += 1;
        } else if matches!(c, '"' | '“' | '”') {
            let start = i;
            i += 1;
            let from = i;
            while i < chars.len() && !matches!(chars[i], '"' | '“' | '”') {
                i += 1;
            }
            if i >= chars.len() {
                return Err(SyntaxError { message: "unclosed quotation mark".into(), at: start });
            }
            out.push(Tok::Phrase(chars[from..i].iter().collect(), start));
            i += 1;
        } else {
            let start = i;
            while i < chars.len()
                && !chars[i].is_whitespace()
                && !matches!(chars[i], '(' | ')' | '"' | '“' | '”')
            {
                // A field prefix may be followed by a phrase: title:"main partner".
                if chars[i] == ':' && chars.get(i + 1).is_some_and(|n| matches!(n, '"' | '“')) {
                    i += 1;
                    break;
                }
                i += 1;
            }
            let w: String = chars[start..i].iter().collect();
            if w == "OR" || w == "||" {
                out.push(Tok::Or(start));
            } else if w == "AND" || w == "&&" {
                // The default operator already; accepted for people who type it.
            } else {
                out.push(Tok::Word(w, start));
            }
        }
    }
    Ok(out)
}

fn starts_clause(out: &[Tok]) -> bool {
    !matches!(out.last(), Some(Tok::Word(w, _)) if w.ends_with(':'))
}

/// Parse query text into a [`Node`] tree.
pub fn parse(q: &str) -> std::result::Result<Node, SyntaxError> {
    let toks = lex(q)?;
    let mut p = Parser { toks, pos: 0 };
    let node = p.group(false)?;
    if let Some(t) = p.toks.get(p.pos) {
        return Err(SyntaxError { message: "unmatched ')'".into(), at: pos_of(t) });
    }
    Ok(node)
}

fn pos_of(t: &Tok) -> usize {
    match t {
        Tok::Word(_, p)
        | Tok::Phrase(_, p)
        | Tok::Minus(p)
        | Tok::Or(p)
        | Tok::Open(p)
        | Tok::Close(p) => *p,
    }
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn group(&mut self, nested: bool) -> std::result::Result<Node, SyntaxError> {
        let mut clauses = Vec::new();
        while let Some(t) = self.toks.get(self.pos).cloned() {
            if let Tok::Close(_) = t {
                if nested {
                    break;
                }
                return Err(SyntaxError { message: "unmatched ')'".into(), at: pos_of(&t) });
            }
            let negated = matches!(t, Tok::Minus(_));
            if negated {
                self.pos += 1;
            }
            let mut alts = vec![self.atom()?];
            while let Some(Tok::Or(at)) = self.toks.get(self.pos).cloned() {
                self.pos += 1;
                match self.toks.get(self.pos) {
                    None | Some(Tok::Close(_)) | Some(Tok::Or(_)) => {
                        return Err(SyntaxError {
                            message: "OR needs a term on both sides".into(),
                            at,
                        });
                    }
                    _ => alts.push(self.atom()?),
                }
            }
            let node = if alts.len() == 1 { alts.pop().expect("one") } else { Node::Or(alts) };
            clauses.push((negated, node));
        }
        Ok(Node::Group(clauses))
    }

    fn atom(&mut self) -> std::result::Result<Node, SyntaxError> {
        let Some(t) = self.toks.get(self.pos).cloned() else {
            let at = self.toks.last().map_or(0, pos_of);
            return Err(SyntaxError {
                message: "the query ends where a term was expected".into(),
                at,
            });
        };
        self.pos += 1;
        match t {
            Tok::Open(at) => {
                let g = self.group(true)?;
                match self.toks.get(self.pos) {
                    Some(Tok::Close(_)) => self.pos += 1,
                    _ => return Err(SyntaxError { message: "unclosed '('".into(), at }),
                }
                Ok(g)
            }
            Tok::Phrase(p, _) => Ok(Node::Phrase(Target::Default, p)),
            Tok::Word(w, at) => self.word(w, at),
            Tok::Or(at) => Err(SyntaxError { message: "OR needs a term on both sides".into(), at }),
            Tok::Minus(at) => {
                Err(SyntaxError { message: "'-' must be followed by a term".into(), at })
            }
            Tok::Close(at) => Err(SyntaxError { message: "unmatched ')'".into(), at }),
        }
    }

    fn word(&mut self, w: String, at: usize) -> std::result::Result<Node, SyntaxError> {
        if let Some((prefix, rest)) = w.split_once(':')
            && let Some(target) = Target::from_prefix(prefix)
        {
            if rest.is_empty() {
                return match self.toks.get(self.pos).cloned() {
                    Some(Tok::Phrase(p, _)) => {
                        self.pos += 1;
                        Ok(Node::Phrase(target, p))
                    }
                    _ => Err(SyntaxError {
                        message: format!("'{prefix}:' must be followed by a term"),
                        at,
                    }),
                };
            }
            return Ok(leaf(target, rest));
        }
        Ok(leaf(Target::Default, &w))
    }
}

fn leaf(target: Target, w: &str) -> Node {
    match w.strip_suffix('*') {
        Some(p) if !p.is_empty() && !p.ends_with('*') => Node::Prefix(target, p.to_string()),
        _ => Node::Word(target, w.trim_end_matches('*').to_string()),
    }
}

/// Parse, turning a syntax error into the core's query error.
pub fn parse_query(q: &str) -> Result<Node> {
    parse(q).map_err(|e| Error::Query(e.to_string()))
}

impl Node {
    /// True when the query has no positive clause (empty, or only exclusions).
    pub fn is_empty(&self) -> bool {
        match self {
            Node::Group(c) => c.iter().all(|(neg, n)| *neg || n.is_empty()),
            Node::Or(alts) => alts.iter().all(Node::is_empty),
            Node::Word(_, w) | Node::Prefix(_, w) | Node::Phrase(_, w) => w.trim().is_empty(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Node::*;
    use Target::Default as D;

    fn w(s: &str) -> Node {
        Word(D, s.into())
    }

    #[test]
    fn grammar() {
        assert_eq!(
            parse("copper mines").unwrap(),
            Group(vec![(false, w("copper")), (false, w("mines"))])
        );
        assert_eq!(
            parse("\"main partner\" -embassy").unwrap(),
            Group(vec![(false, Phrase(D, "main partner".into())), (true, w("embassy"))])
        );
        assert_eq!(
            parse("china OR russia aid").unwrap(),
            Group(vec![(false, Or(vec![w("china"), w("russia")])), (false, w("aid"))])
        );
        assert_eq!(
            parse("speaker:Mujahid title:\"copper mines\" modern*").unwrap(),
            Group(vec![
                (false, Word(Target::Speaker, "Mujahid".into())),
                (false, Phrase(Target::Title, "copper mines".into())),
                (false, Prefix(D, "modern".into())),
            ])
        );
        assert_eq!(
            parse("(a OR b) c").unwrap(),
            Group(vec![(false, Group(vec![(false, Or(vec![w("a"), w("b")]))])), (false, w("c"))])
        );
        // A hyphen inside a word is not an exclusion; an unknown prefix is text.
        assert_eq!(
            parse("covid-19 time:10").unwrap(),
            Group(vec![(false, w("covid-19")), (false, w("time:10"))])
        );
    }

    #[test]
    fn errors_say_what_and_where() {
        for (q, msg) in [
            ("\"main partner", "unclosed quotation mark (at character 1)"),
            ("(china aid", "unclosed '(' (at character 1)"),
            ("china)", "unmatched ')' (at character 6)"),
            ("china OR", "OR needs a term on both sides (at character 7)"),
            ("OR china", "OR needs a term on both sides (at character 1)"),
            ("title:", "'title:' must be followed by a term (at character 1)"),
        ] {
            assert_eq!(parse(q).unwrap_err().to_string(), msg, "{q}");
        }
    }

    #[test]
    fn emptiness() {
        assert!(parse("").unwrap().is_empty());
        assert!(parse("-embassy").unwrap().is_empty());
        assert!(!parse("aid -embassy").unwrap().is_empty());
    }
}
