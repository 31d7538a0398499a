//! The lexer of the query language: characters to tokens (words, phrases with their slop
//! and boost, ranges, operators, parentheses), each with its character position.

use super::query::{Parsed, SyntaxError, err};

/// A range as written: `[lo TO hi]`, `{…}` for exclusive ends.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RangeTok {
    /// The lower bound as written (`*`: none).
    pub lo: String,
    /// The upper bound as written.
    pub hi: String,
    /// `[`: the lower bound is included.
    pub lo_inclusive: bool,
    /// `]`: the upper bound is included.
    pub hi_inclusive: bool,
}

/// A token and the character position it starts at.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    Word(String, usize),
    /// Text, position, slop, boost.
    Phrase(String, usize, u32, Option<f32>),
    Range(RangeTok, usize),
    Plus(usize),
    Minus(usize),
    Not(usize),
    And(usize),
    Or(usize),
    Open(usize),
    /// Position and the group's boost.
    Close(usize, Option<f32>),
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”')
}

/// Reads `^number` at `chars[*i]`, if there.
fn boost_suffix(chars: &[char], i: &mut usize) -> Parsed<Option<f32>> {
    if chars.get(*i) != Some(&'^') {
        return Ok(None);
    }
    let at = *i;
    *i += 1;
    let from = *i;
    while *i < chars.len() && (chars[*i].is_ascii_digit() || chars[*i] == '.') {
        *i += 1;
    }
    let num: String = chars[from..*i].iter().collect();
    parse_boost(&num, at).map(Some)
}

/// A boost's number, checked.
pub(super) fn parse_boost(num: &str, at: usize) -> Parsed<f32> {
    match num.parse::<f32>() {
        Ok(b) if b.is_finite() && b > 0.0 && b <= 1000.0 => Ok(b),
        _ => err(format!("'^' takes a boost between 0 and 1000 (iraq^2), not {num:?}"), at),
    }
}

/// The tokens of a query.
pub(super) fn lex(q: &str) -> Parsed<Vec<Tok>> {
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
            let at = i;
            i += 1;
            let boost = boost_suffix(&chars, &mut i)?;
            out.push(Tok::Close(at, boost));
        } else if matches!(c, '-' | '+')
            && chars.get(i + 1).is_some_and(|n| !n.is_whitespace())
            && starts_clause(&out)
        {
            out.push(if c == '-' { Tok::Minus(i) } else { Tok::Plus(i) });
            i += 1;
        } else if is_quote(c) {
            let start = i;
            i += 1;
            let from = i;
            while i < chars.len() && !is_quote(chars[i]) {
                i += 1;
            }
            if i >= chars.len() {
                return err("unclosed quotation mark", start);
            }
            let text: String = chars[from..i].iter().collect();
            i += 1;
            let mut slop = 0;
            if chars.get(i) == Some(&'~') {
                let at = i;
                i += 1;
                let from = i;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let digits: String = chars[from..i].iter().collect();
                slop = match digits.parse::<u32>() {
                    Ok(n) if n <= 100 => n,
                    _ => {
                        return err(
                            "a phrase's '~' takes a number of moves from 0 to 100 (\"blair iraq\"~5)",
                            at,
                        );
                    }
                };
            }
            let boost = boost_suffix(&chars, &mut i)?;
            out.push(Tok::Phrase(text, start, slop, boost));
        } else if matches!(c, '[' | '{')
            && matches!(out.last(), Some(Tok::Word(w, _)) if w.ends_with(':'))
        {
            let (range, next) = lex_range(&chars, i)?;
            out.push(Tok::Range(range, i));
            i = next;
        } else {
            let start = i;
            while i < chars.len()
                && !chars[i].is_whitespace()
                && chars[i] != '('
                && chars[i] != ')'
                && !is_quote(chars[i])
            {
                // A field prefix may be followed by a phrase, a group or a range:
                // title:"main partner", text:(iraq OR iran), date:[… TO …].
                if chars[i] == ':'
                    && chars
                        .get(i + 1)
                        .is_some_and(|&n| is_quote(n) || matches!(n, '(' | '[' | '{'))
                {
                    i += 1;
                    break;
                }
                i += 1;
            }
            let w: String = chars[start..i].iter().collect();
            out.push(match w.as_str() {
                "OR" | "||" => Tok::Or(start),
                "AND" | "&&" => Tok::And(start),
                "NOT" => Tok::Not(start),
                _ => Tok::Word(w, start),
            });
        }
    }
    Ok(out)
}

/// `[lo TO hi]` from the opening bracket at `open`; returns the range and the position after it.
fn lex_range(chars: &[char], open: usize) -> Parsed<(RangeTok, usize)> {
    let close =
        chars[open..].iter().position(|&c| c == ']' || c == '}').map(|p| open + p).ok_or_else(
            || SyntaxError { message: "unclosed range: write date:[A TO B]".into(), at: open },
        )?;
    let inner: String = chars[open + 1..close].iter().collect();
    let parts: Vec<&str> = inner.split_whitespace().collect();
    let [lo, "TO", hi] = parts.as_slice() else {
        return err("a range is written [A TO B] (TO in capitals; * for an open end)", open);
    };
    let range = RangeTok {
        lo: lo.to_string(),
        hi: hi.to_string(),
        lo_inclusive: chars[open] == '[',
        hi_inclusive: chars[close] == ']',
    };
    Ok((range, close + 1))
}

fn starts_clause(out: &[Tok]) -> bool {
    !matches!(out.last(), Some(Tok::Word(w, _)) if w.ends_with(':'))
}

/// Where a token starts.
pub(super) fn pos_of(t: &Tok) -> usize {
    match t {
        Tok::Word(_, p)
        | Tok::Phrase(_, p, _, _)
        | Tok::Range(_, p)
        | Tok::Plus(p)
        | Tok::Minus(p)
        | Tok::Not(p)
        | Tok::And(p)
        | Tok::Or(p)
        | Tok::Open(p)
        | Tok::Close(p, _) => *p,
    }
}
