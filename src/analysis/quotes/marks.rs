//! Quotation marks: which mark opens or closes, and the token ranges of direct quotes.

use std::ops::Range;

use crate::analysis::tokens::{Document, TokenKind};

/// A quotation mark's role.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Mark {
    Open,
    Close,
    /// Straight quote whose role depends on what is open.
    Either,
}

/// Double (“ ” ") or single (‘ ’ ') marks.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Style {
    Double,
    Single,
}

pub(super) fn mark_of(doc: &Document, i: usize) -> Option<(Style, Mark)> {
    let t = doc.tokens[i];
    if t.kind != TokenKind::Quote {
        return None;
    }
    let before = doc.text.get(..t.start).and_then(|s| s.chars().next_back());
    let after = doc.text.get(t.end..).and_then(|s| s.chars().next());
    let space_before = before.is_none_or(|c| c.is_whitespace() || "([{—–-".contains(c));
    let space_after = after.is_none_or(|c| c.is_whitespace() || ".,;:!?)]—–".contains(c));
    let w = doc.word(i);
    // A doubled single mark is one double mark (``…'' and ''…''): the first of the pair speaks
    // for both, the second is no mark of its own.
    let joined =
        |a: usize, b: usize| doc.tokens.get(b).is_some_and(|n| doc.tokens[a].end == n.start);
    let single = matches!(w, "'" | "`" | "’" | "‘");
    if single && i > 0 && joined(i - 1, i) && doc.word(i - 1) == w {
        return None;
    }
    let doubled = single && joined(i, i + 1) && doc.word(i + 1) == w;
    let after = if doubled {
        doc.text.get(doc.tokens[i + 1].end..).and_then(|s| s.chars().next())
    } else {
        after
    };
    let space_after = if doubled {
        after.is_none_or(|c| c.is_whitespace() || ".,;:!?)]—–".contains(c))
    } else {
        space_after
    };
    let by_spacing = if space_before && !space_after {
        Mark::Open
    } else if space_after && !space_before {
        Mark::Close
    } else {
        Mark::Either
    };
    Some(match w {
        "“" | "„" | "«" => (Style::Double, Mark::Open),
        "”" | "»" => (Style::Double, Mark::Close),
        "\"" => (Style::Double, by_spacing),
        "`" if doubled => (Style::Double, Mark::Open),
        "'" | "’" if doubled => (Style::Double, by_spacing),
        "‘" | "`" => (Style::Single, Mark::Open),
        "’" | "'" => {
            if space_before && !space_after {
                (Style::Single, Mark::Open)
            } else if !space_before {
                (Style::Single, Mark::Close)
            } else {
                return None;
            }
        }
        _ => return None,
    })
}

/// Direct quotes found by pairing marks: the quotations and the places where one runs on.
pub(super) struct Spans {
    /// Token ranges of direct quotes (marks included), paired per paragraph.
    pub quotes: Vec<Range<usize>>,
    /// Opening marks inside a quote that reopen it after a sentence end without a closing mark
    /// (`"A. "B."`): the quotation runs on, but each part is a quote of its own.
    pub reopen: Vec<usize>,
}

impl Spans {
    /// The quotes split at their reopening marks: one range per pair of marks, the first part
    /// ending at its last punctuation.
    pub fn pairs(&self) -> Vec<Range<usize>> {
        let mut out = Vec::with_capacity(self.quotes.len() + self.reopen.len());
        for q in &self.quotes {
            let mut s = q.start;
            for &k in self.reopen.iter().filter(|&&k| q.start < k && k < q.end) {
                out.push(s..k);
                s = k;
            }
            out.push(s..q.end);
        }
        out
    }
}

/// Token ranges of direct quotes (marks included), paired per paragraph.
pub(super) fn direct_spans(doc: &Document) -> Spans {
    let mut out = Vec::new();
    let mut reopen = Vec::new();
    let mut open: Option<(usize, Style)> = None;
    for (p, pr) in doc.paragraphs.iter().enumerate() {
        let mut i = pr.start;
        // A quote carried over from the previous paragraph: this one must open with a mark.
        if let Some((_, style)) = open {
            match (pr.start < pr.end).then(|| mark_of(doc, pr.start)).flatten() {
                Some((s, Mark::Open | Mark::Either)) if s == style => i += 1,
                _ => open = None,
            }
        }
        while i < pr.end {
            if let Some((style, mark)) = mark_of(doc, i) {
                match open {
                    None if mark != Mark::Close => open = Some((i, style)),
                    Some((o, s)) if s == style && mark != Mark::Open => {
                        // A doubled closing mark ('') ends after its second half.
                        let doubled = i + 1 < pr.end
                            && doc.word(i + 1) == doc.word(i)
                            && doc.tokens[i].end == doc.tokens[i + 1].start;
                        let end = if doubled && style == Style::Double { i + 2 } else { i + 1 };
                        if i > o + 1 {
                            out.push(o..end);
                        }
                        open = None;
                        i = end - 1;
                    }
                    // German style closes „ with “.
                    Some((o, Style::Double))
                        if doc.word(o) == "„" && doc.word(i) == "“" && i > o + 1 =>
                    {
                        out.push(o..i + 1);
                        open = None;
                    }
                    // A quote running on after the end of a sentence into a new opening mark
                    // ('… bust. "This will be …,"'): a paragraph break the text lost, and the
                    // quote continues, as across kept paragraph breaks. Otherwise a stray straight
                    // quote reopening is a new opening.
                    Some((o, Style::Double)) if style == Style::Double && mark == Mark::Open => {
                        let ends_sentence =
                            i > o + 2 && matches!(doc.word(i - 1), "." | "?" | "!" | "...");
                        if ends_sentence {
                            reopen.push(i);
                        } else {
                            open = Some((i, style));
                        }
                    }
                    _ => {}
                }
            }
            i += 1;
        }
        // Left open: continues only if the next paragraph opens with the same mark.
        if let Some((o, style)) = open {
            let next_opens = doc.paragraphs.get(p + 1).is_some_and(|n| {
                n.start < n.end && matches!(mark_of(doc, n.start), Some((s, Mark::Open | Mark::Either)) if s == style)
            });
            if !next_opens {
                if pr.end > o + 1 && style == Style::Double {
                    out.push(o..pr.end);
                }
                open = None;
            }
        }
    }
    // A reopening inside a quote that was dropped (a stray mark reopened after it) stays unused.
    Spans { quotes: out, reopen }
}
