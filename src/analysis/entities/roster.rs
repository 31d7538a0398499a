//! Line-ups: a paragraph that is nothing but a comma-separated list of capitalised names
//! ("Kenny, Geary, Morgan (Quinn 70), S. Young, Harley."), perhaps after a label ("Subs Not
//! Used:"), is a team sheet or a cast list, and every name in it is a person's, even a bare
//! surname the tagger cannot tell from a word. Prose never reads like this: a sentence has
//! lower-case words and a verb. A list whose names are mostly known places, organisations or
//! clubs ("France, Italy, Spain, Greece.") is no line-up.

use std::ops::Range;

use super::chunk::is_cap;
use crate::analysis::gazetteer as gaz;
use crate::analysis::tokens::{Document, TokenKind};

/// The fewest names that make a line-up (three could be a list of anything).
const MIN_NAMES: usize = 4;
/// The most words of a label before the colon ("Subs Not Used:", "Sheffield United:").
const MAX_LABEL: usize = 4;

/// Token ranges of the persons named in line-up paragraphs, in text order.
pub(crate) fn lineup_names(doc: &Document) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for p in &doc.paragraphs {
        out.extend(paragraph_names(doc, p.clone()).unwrap_or_default());
    }
    out
}

/// The names of the line-up that paragraph `p` is, or None when it is not one.
fn paragraph_names(doc: &Document, p: Range<usize>) -> Option<Vec<Range<usize>>> {
    let (mut lo, mut hi) = (p.start, p.end);
    // Cheap first test: a line-up has a comma within its first few tokens.
    if !(lo..hi.min(lo + 8)).any(|k| doc.word(k) == ",") {
        return None;
    }
    if let Some(colon) = (lo..hi.min(lo + MAX_LABEL + 1)).find(|&k| doc.word(k) == ":") {
        if !(lo..colon).all(|k| is_cap(doc.word(k))) {
            return None;
        }
        lo = colon + 1;
    }
    while hi > lo && matches!(doc.word(hi - 1), "." | ";") {
        hi -= 1;
    }
    let mut names = Vec::new();
    let mut item = lo;
    let mut k = lo;
    while k <= hi {
        if k == hi || doc.word(k) == "," {
            names.push(item_name(doc, item..k).ok()?);
            item = k + 1;
        } else if doc.word(k) == "(" {
            // A substitute and the minute he came on: "(Quinn 70)"; a club or a count in
            // brackets ("Coyne (Burnley)", "Argentina (4)") names no player.
            let close = (k + 1..hi).find(|&j| doc.word(j) == ")")?;
            let minute =
                close > k + 2 && doc.word(close - 1).starts_with(|c: char| c.is_ascii_digit());
            if let Some(sub) =
                item_name(doc, trim_number(doc, k + 1..close)).ok().flatten().filter(|_| minute)
            {
                names.push(Some(sub));
            }
            k = close;
        }
        k += 1;
    }
    let names: Vec<Range<usize>> = names.into_iter().flatten().collect();
    let known = names.iter().filter(|r| known_actor(span(doc, r))).count();
    if names.len() < MIN_NAMES || 2 * known >= names.len() {
        return None;
    }
    // In a line-up, a name that is also a place's or a firm's is a player's ("Douglas", "Ford").
    Some(names)
}

/// The name of one list item (tokens `r`, with any "(...)" after it): one to three capitalised
/// words, an initial among them ("S. Young", "P Dowd"). Err when the item is no name (the
/// paragraph is then no line-up); Ok(None) for an empty item.
fn item_name(doc: &Document, r: Range<usize>) -> Result<Option<Range<usize>>, ()> {
    let end = (r.start..r.end).find(|&k| doc.word(k) == "(").unwrap_or(r.end);
    let r = r.start..end;
    if r.is_empty() {
        return Ok(None);
    }
    let words = r.clone().filter(|&k| doc.tokens[k].kind == TokenKind::Word).count();
    let name_like = r.clone().all(|k| {
        let w = doc.word(k);
        match doc.tokens[k].kind {
            TokenKind::Word => is_cap(w) && !w.chars().any(|c| c.is_ascii_digit()),
            _ => w == ".",
        }
    });
    if !name_like || words == 0 || words > 3 || doc.word(r.end - 1) == "." {
        return Err(());
    }
    Ok(Some(r))
}

/// `r` without a trailing minute or number ("Quinn 70" -> "Quinn").
fn trim_number(doc: &Document, r: Range<usize>) -> Range<usize> {
    let mut end = r.end;
    while end > r.start && doc.word(end - 1).chars().any(|c| c.is_ascii_digit()) {
        end -= 1;
    }
    r.start..end
}

/// The text of tokens `r`.
fn span<'a>(doc: &Document<'a>, r: &Range<usize>) -> &'a str {
    &doc.text[doc.tokens[r.start].start..doc.tokens[r.end - 1].end]
}

/// A name the gazetteers know as a place, an organisation or a club.
fn known_actor(name: &str) -> bool {
    gaz::is_place(name) || gaz::is_known_org(name) || gaz::club_or_ground(name).is_some()
}
