//! Quotes and speakers: direct quotes in quotation marks, reported speech, and who said them.
//!
//! [`find`] works in three steps:
//! 1. **Direct quotes**: quotation marks are paired per paragraph (curly and
//!    straight, double marks outside, single marks only at top level, nested
//!    ‘ ’ inside “ ” ignored). A quote left open at the end of a paragraph
//!    continues when the next paragraph opens with a quotation mark (news
//!    style). `“A,” he said, “B.”` is attributed as one quotation, with the cue
//!    between its parts. Short quoted phrases with no speech cue next to them are
//!    scare quotes, not quotes.
//! 2. **Attribution**: a speech cue next to the quote (`“…,” X said`,
//!    `“…,” said X`, `X said: “…”`, `according to X, “…”`), with the cue verb
//!    from `lexicon/speech_verbs.txt`; without a cue verb, a colon (`Cruz called
//!    them on it: “…”`) or a signature paragraph (`- Bernie Sanders.`). A quote
//!    without a cue that fills its paragraph keeps the speaker of the quote just
//!    before it.
//! 3. **Reported speech**: `X said (that) …`, `X told Y …`, `…, X said.`,
//!    `according to X, …` outside direct quotes, for every speech verb of a
//!    sentence (nested reports are attributions too). Beliefs ("believes", "thinks") and
//!    speech acts that did not take place ("would argue", "will undoubtedly claim") report
//!    nothing.
//!
//! A quotation is then reported as one quote per pair of marks and per paragraph, each
//! with the quotation's cue and speaker.
//!
//! A source (the surface mention: a name, "he", "the spokesman", "the Post")
//! resolves to a speaker: the entity of the name; for a pronoun the most recent
//! compatible person outside quotes (gender from titles, given names and earlier
//! pronouns); for a role noun the person last described with that role.

mod confidence;
mod coref;
mod cues;
mod marks;
mod reported;
mod salience;
mod sources;
mod words;

use std::ops::Range;

use super::Quote;
use super::names::Resolved;
use super::tokens::{Document, TokenKind};
pub use confidence::FACET_THRESHOLD;
use cues::{Cue, colon_source, cue_after, cue_before, merge_split_quotes, signature};

/// A quote found and tied to its cue, before its source is resolved to a speaker.
#[derive(Clone, Debug)]
struct Candidate {
    /// Byte span of the content (with the marks when direct).
    span: Range<usize>,
    /// In quotation marks.
    direct: bool,
    /// Index of the paragraph it starts in.
    paragraph: usize,
    /// Its cue and source phrase (token ranges), if any.
    cue: Option<Cue>,
}

/// Find direct and reported quotes and attribute them.
pub fn find(doc: &Document, resolved: &Resolved) -> Vec<Quote> {
    let spans = marks::direct_spans(doc);
    // The pairs of marks before joining: a quotation is attributed whole, but reported as one
    // quote per pair of marks and per paragraph.
    let pairs = spans.pairs();
    let mut raw = spans.quotes;
    let inner = merge_split_quotes(doc, resolved, &mut raw);
    let mut found: Vec<Candidate> = raw
        .iter()
        .zip(&inner)
        .filter_map(|(r, &mid)| direct(doc, resolved, r.clone(), mid))
        .collect();
    let mut used_cues: Vec<usize> =
        found.iter().filter_map(|c| c.cue.as_ref().map(|c| c.verb.start)).collect();
    found.extend(reported::find(doc, resolved, &raw, &mut used_cues));
    found.sort_by_key(|q| q.span.start);
    let quotes = coref::attribute(doc, resolved, &raw, found);
    quotes.into_iter().flat_map(|q| split_quotation(doc, &pairs, q)).collect()
}

/// One quote per pair of quotation marks and per paragraph, each with the attribution of the
/// quotation it belongs to. `“A,” he said. “B.”` is two quotes by the same speaker, and a quote
/// running over a paragraph break is one quote in each paragraph: a quote's text is only what is
/// inside its marks (never the cue between its parts), and every quote lies in one paragraph, where
/// query hits and the article view show it.
fn split_quotation(doc: &Document, pairs: &[Range<usize>], q: Quote) -> Vec<Quote> {
    if !q.direct {
        return vec![q];
    }
    let mut pieces = Vec::new();
    for r in pairs {
        if doc.tokens[r.start].start < q.span.start || doc.tokens[r.end - 1].end > q.span.end {
            continue;
        }
        let mut s = r.start;
        while s < r.end {
            let Some(p) = doc.paragraph_of(s) else { break };
            let e = doc.paragraphs[p].end.min(r.end);
            if e <= s {
                break;
            }
            pieces.push((tok_span(doc, s..e), p));
            s = e;
        }
    }
    if pieces.len() <= 1 {
        return vec![q];
    }
    pieces.into_iter().map(|(span, paragraph)| Quote { span, paragraph, ..q.clone() }).collect()
}

/// A direct quote (token range `r`, marks included) and its cue; `mid` is where a quote joined
/// from two parts was interrupted by its cue. `None` for scare quotes, titles and markup.
fn direct(
    doc: &Document,
    resolved: &Resolved,
    r: Range<usize>,
    mid: Option<usize>,
) -> Option<Candidate> {
    // Markup attributes from embeds (`"1449075600" tweet_id="6721…"`) are not speech.
    if (r.start..r.end).any(|k| doc.word(k) == "=") {
        return None;
    }
    let after = cue_after(doc, resolved, r.end);
    // A quote opening in lower case inside a sentence is a fragment of reported speech
    // ('… said the plan was “a disaster” for …'), not a quote of its own, unless a cue follows it.
    let fragment = doc
        .text
        .get(doc.tokens[r.start].end..)
        .and_then(|t| t.chars().next())
        .is_some_and(char::is_lowercase)
        && r.start > 0
        && doc.tokens[r.start - 1].kind == TokenKind::Word;
    // That cue must announce itself with the fragment's own comma (`… was “a disaster,” he said`):
    // a fragment ending its sentence leaves a cue after it to the next sentence.
    if fragment && !(after.is_some() && cues::attribution_follows(doc, r.end)) {
        return None;
    }
    // A cue after the quote that introduces the next one (`“A.” He added, “B.”`) is the next
    // quote's; this one keeps the cue before it when it has one. A quote joined from two parts
    // has its cue between them.
    let introduces_next = after.as_ref().is_some_and(|c| {
        matches!(doc.word(c.verb.end), "," | ":")
            && doc.tokens.get(c.verb.end + 1).is_some_and(|t| t.kind == TokenKind::Quote)
    });
    // A cue ending in a colon right before the quote (`X asked: "…?"`) introduces it, whatever
    // follows; a cue after it then belongs to the next sentence ("… ?" Y said she was …).
    let colon_before = r.start > 0 && doc.word(r.start - 1) == ":";
    let cue = match mid.and_then(|m| cue_after(doc, resolved, m)) {
        Some(c) => Some(c),
        None if introduces_next || colon_before => cue_before(doc, resolved, r.start).or(after),
        None => after.or_else(|| cue_before(doc, resolved, r.start)),
    };
    let words = (r.start..r.end).filter(|&k| doc.tokens[k].kind == TokenKind::Word).count();
    // A quote after a colon and no speech verb is the colon sentence's ("Cruz called them on
    // it:", "Pollsters agree - Carl Bialik:", the headline "Trump: ‘…’"); one without either
    // may be signed in the next paragraph ("- Bernie Sanders.").
    let cue = match cue {
        Some(Cue { verb, source: None, kind }) => {
            Some(Cue { verb, source: colon_source(doc, resolved, r.start).map(|(_, s)| s), kind })
        }
        None if words >= 8 => colon_source(doc, resolved, r.start)
            .map(|(c, s)| (c, s, confidence::CueKind::Colon))
            .or_else(|| {
                signature(doc, resolved, r.end).map(|(c, s)| (c, s, confidence::CueKind::Signature))
            })
            .map(|(c, s, kind)| Cue { verb: c..c + 1, source: Some(s), kind }),
        cue => cue,
    };
    // Quoted numbers and codes are not speech; scare quotes and titles (“main partner”) have no
    // cue and few words.
    if words < 2 || (cue.is_none() && words < 8) {
        return None;
    }
    Some(Candidate {
        span: tok_span(doc, r.clone()),
        direct: true,
        paragraph: doc.paragraph_of(r.start).unwrap_or(0),
        cue,
    })
}

/// Byte span of token range `r`.
fn tok_span(doc: &Document, r: Range<usize>) -> Range<usize> {
    doc.tokens[r.start].start..doc.tokens[r.end - 1].end
}

#[cfg(test)]
mod tests {
    use crate::analysis::entities::tests::article;
    use crate::analysis::table::run_table;

    /// Render quotes as `speaker: NAME | direct|reported | TEXT` lines (a paragraph break as ¶);
    /// a source that names no one shows as `[source text]`.
    fn render(input: &str) -> Vec<String> {
        let a = article(input);
        let an = crate::analysis::analyze(&a);
        an.quotes
            .iter()
            .map(|q| {
                let source = q.source.clone().map(|s| format!("[{}]", &a.text[s]));
                format!(
                    "speaker: {} | {} | {}",
                    q.speaker.clone().or(source).as_deref().unwrap_or("-"),
                    if q.direct { "direct" } else { "reported" },
                    a.text[q.span.clone()].replace("\n\n", " ¶ ").replace('\n', " ")
                )
            })
            .collect()
    }

    #[test]
    fn table() {
        run_table(include_str!("../../../tests/data/quotes.txt"), render);
    }
}
