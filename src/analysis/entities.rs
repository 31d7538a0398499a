//! Person / organisation / place mentions: the tagger's, backed by the rules', then one pass of
//! span conventions and context kinds.
//!
//! ```text
//! find(doc) = context(postprocess(doc, tagger candidates)
//!                     + backed(postprocess(doc, rule_candidates(doc))))
//! ```
//!
//! - The NER tagger ([`super::tagger`]) proposes the mentions ([`Candidate`]s with
//!   [`Origin::Tagger`]); [`find`] keeps every one of them.
//! - [`rule_candidates`] chunks capitalised word runs (with connectors such as "of", "for",
//!   "de", and "and"/"&"/"the" inside organisation names) and guesses a kind from cue words and
//!   gazetteers. A rule mention is added only where it overlaps no tagger mention and is backed:
//!   a gazetteer place or organisation, or a name the tagger found elsewhere in the article.
//!   (The older [`merge`] of two candidate lists is kept for callers that prefer one origin by
//!   overlap; [`find`] does not use it.)
//! - [`postprocess`] applies the span conventions of `shared/eval/gum/README.md` to both lists:
//!   no leading "the", no possessive 's, no titles or roles ("Taliban spokesman Zabihullah
//!   Mujahid" -> person "Zabihullah Mujahid", "U.S. President Donald Trump" -> place "U.S." +
//!   person "Donald Trump"), gazetteer kind fixes (countries, cities, known organisations),
//!   demonyms turned into [`Demonym`] facts ("Chinese" -> China) rather than name mentions, and
//!   sentence-initial common words dropped.
//! - Then, for the whole article: hyphenated East Asian names the tagger missed are added,
//!   vehicles, storms and works are dropped, and the words around a name fix its kind
//!   (`context_kinds`: "oil firm Yukos", "its Yugansk unit" are organisations; "the film Ray",
//!   "Brent crude" are no actors).
//!
//! Names are resolved to canonical forms later, in [`super::names`].

// Membership only (never iterated), so a fast hash cannot change any output.
use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use super::Kind;
use super::gazetteer as gaz;
use super::gazetteer::Gender;
use super::tokens::{Document, TokenKind};

/// Where a candidate came from (merge prefers the learned tagger's boundaries when it has them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Capitalisation rules and gazetteers.
    Rules,
    /// A learned sequence tagger.
    Tagger,
}

/// A raw candidate mention, before post-processing.
#[derive(Clone, Debug)]
pub struct Candidate {
    /// Token index range in the document.
    pub tokens: Range<usize>,
    /// Kind guess, if any (post-processing may fix or fill it).
    pub kind: Option<Kind>,
    /// Who proposed it.
    pub origin: Origin,
}

/// One entity mention after post-processing.
#[derive(Clone, Debug)]
pub struct Mention {
    /// Token index range in the document.
    pub tokens: Range<usize>,
    /// Byte span in the article text.
    pub span: Range<usize>,
    /// Kind.
    pub kind: Kind,
    /// Gender implied by a title before it ("Ms Hewitt") or by a given name.
    pub gender: Option<Gender>,
    /// Token range of the title or role stripped off before it ("spokesman"), if any.
    pub role: Option<Range<usize>>,
    /// True when the kind is only a default guess (no cue, no gazetteer).
    pub weak: bool,
}

/// A demonym ("Chinese") naming a country: it makes the country an actor of its paragraph.
#[derive(Clone, Debug)]
pub struct Demonym {
    /// Byte span of the word.
    pub span: Range<usize>,
    /// Canonical country name.
    pub country: &'static str,
}

/// Everything entity spotting finds in a document.
#[derive(Clone, Debug, Default)]
pub struct Found {
    /// Name mentions in text order.
    pub mentions: Vec<Mention>,
    /// Demonym mentions in text order.
    pub demonyms: Vec<Demonym>,
}

/// Find entity mentions: the learned tagger's candidates and gazetteer-backed rule candidates,
/// post-processed.
///
/// Measured on GUM (scripts/ner/README.md), the learned tagger's spans beat the capitalisation rules
/// on precision by far; the rules add recall only where a gazetteer backs them. So: the tagger's
/// candidates go through [`postprocess`] (titles, demonyms, gazetteer kinds), rule mentions are added
/// where they do not overlap one and name a known place or organisation or a name the tagger found
/// elsewhere in the article, and a country the tagger reads as an organisation in context (a team,
/// a government acting) keeps that reading over the gazetteer's "place". Hyphenated East Asian
/// names the tagger misses are added; names of vehicles and storms and currency codes ("US$")
/// are dropped.
pub fn find(doc: &Document) -> Found {
    let tagged: Vec<Candidate> = super::tagger::tag_document(doc)
        .into_iter()
        .map(|(r, k)| Candidate { tokens: r, kind: Some(k), origin: Origin::Tagger })
        .collect();
    let org_spans: Vec<Range<usize>> =
        tagged.iter().filter(|c| c.kind == Some(Kind::Org)).map(|c| c.tokens.clone()).collect();
    let ctx = Ctx::new(doc);
    let mut found = postprocess(&ctx, tagged);
    for m in &mut found.mentions {
        // Only a gazetteer place can act (a country as a team or government); a stadium or a
        // museum the tagger calls an organisation stays the building it names.
        if m.kind == Kind::Place
            && org_spans.contains(&m.tokens)
            && gaz::is_place(&doc.text[m.span.clone()])
        {
            m.kind = Kind::Org;
        }
    }
    for r in hyphenated_names(doc) {
        let span = doc.tokens[r.start].start..doc.tokens[r.end - 1].end;
        let inside = |m: &Mention| span.start <= m.span.start && m.span.end <= span.end;
        let overlapping = |m: &Mention| m.span.start < span.end && span.start < m.span.end;
        // A longer mention around the name is the tagger's reading of a larger unit: keep it.
        if found.mentions.iter().any(|m| overlapping(m) && !inside(m)) {
            continue;
        }
        found.mentions.retain(|m| !inside(m));
        let mention =
            Mention { tokens: r, span, kind: Kind::Person, gender: None, role: None, weak: false };
        found.mentions.push(mention);
    }
    let rules = postprocess(&ctx, rule_candidates(doc));
    let mut known: HashSet<(&str, Kind)> =
        found.mentions.iter().map(|m| (&doc.text[m.span.clone()], m.kind)).collect();
    // A word of a full person name is that person alone ("Mujahid" after "Zabihullah Mujahid").
    for m in found.mentions.iter().filter(|m| m.kind == Kind::Person && m.tokens.len() >= 2) {
        known.extend(m.tokens.clone().map(|k| (doc.word(k), Kind::Person)));
    }
    let overlaps = |m: &Mention, found: &[Mention]| {
        found.iter().any(|f| f.span.start < m.span.end && m.span.start < f.span.end)
    };
    for m in rules.mentions {
        let t = &doc.text[m.span.clone()];
        let backed = gaz::is_place(t) || gaz::is_known_org(t) || known.contains(&(t, m.kind));
        if backed && !overlaps(&m, &found.mentions) {
            found.mentions.push(m);
        }
    }
    drop_things(doc, &mut found.mentions);
    context_kinds(doc, &mut found.mentions);
    // "US$ 10 billion": a country code glued to a currency sign names the currency.
    found.mentions.retain(|m| !doc.text[m.span.end..].starts_with('$'));
    found.mentions.sort_by_key(|m| m.span.start);
    for d in rules.demonyms {
        if !found.demonyms.iter().any(|x| x.span == d.span) {
            found.demonyms.push(d);
        }
    }
    found.demonyms.sort_by_key(|d| d.span.start);
    found
}

/// Chinese and Korean names written surname first with a hyphenated given name ("Lee
/// Cheuk-yan", "Kim Jong-un"): the tagger, trained on Western names, misses or splits them. The
/// surname is short, the given name two short syllables, the second in lower case and no English
/// word of four letters or more nor a participle ("New York-based", "Pop Idol-style", "Trump-led"
/// are not names); a surname that is also an English word ("Lam") needs a first syllable that is
/// not one ("Cheuk").
fn hyphenated_names(doc: &Document) -> Vec<Range<usize>> {
    let letters = |w: &str, n: usize| {
        (1..=n).contains(&w.len()) && w.chars().all(|c| c.is_ascii_alphabetic())
    };
    let given = |w: &str| -> Option<bool> {
        let (a, b) = w.split_once('-')?;
        let ok = letters(a, 6)
            && is_cap(a)
            && !gaz::is_place(a)
            && gaz::demonym(a).is_none()
            && letters(b, 6)
            && b.chars().all(|c| c.is_ascii_lowercase())
            && !b.ends_with("ed")
            && (b.len() <= 3 || !gaz::is_common_word(b));
        // Some(strong): the first syllable is no English word.
        ok.then(|| !gaz::is_common_word(a))
    };
    let surname = |w: &str, strong: bool| {
        letters(w, 5)
            && w.len() >= 2
            && is_cap(w)
            && !gaz::is_place(w)
            && (strong || !gaz::is_common_word(w))
    };
    (1..doc.tokens.len())
        .filter(|&k| {
            doc.tokens[k - 1].kind == TokenKind::Word
                && doc.tokens[k].kind == TokenKind::Word
                // `given` needs a capital first (a cheap test that spares most words a search).
                && is_cap(doc.word(k))
                && given(doc.word(k)).is_some_and(|strong| surname(doc.word(k - 1), strong))
                && same_line(doc, k - 1, k)
        })
        .map(|k| k - 1..k + 1)
        .collect()
}

/// Drop the names of vehicles and storms: a mention headed by a thing word ("Space Shuttle
/// Atlantis", "Cyclone Phailin") or right after one ("the shuttle Endeavour"), and later mentions
/// of the bare name ("Atlantis"). An organisation or a site named after one stays ("Storm
/// Prediction Center").
fn drop_things(doc: &Document, mentions: &mut Vec<Mention>) {
    let mut things: HashSet<&str> = HashSet::default();
    for m in mentions.iter() {
        let last = doc.word(m.tokens.end - 1);
        if gaz::is_org_last(last) || gaz::is_facility_last(last) {
            continue;
        }
        let after_head = m.tokens.start.checked_sub(1).is_some_and(|p| {
            doc.tokens[p].kind == TokenKind::Word && gaz::is_thing_head(doc.word(p))
        });
        let head = (m.tokens.start..m.tokens.end - 1).rfind(|&k| gaz::is_thing_head(doc.word(k)));
        let name = match head {
            Some(k) => k + 1..m.tokens.end,
            None if after_head => m.tokens.clone(),
            None => continue,
        };
        things.insert(span_text(doc, name));
        things.insert(&doc.text[m.span.clone()]);
    }
    if !things.is_empty() {
        mentions.retain(|m| !things.contains(&doc.text[m.span.clone()]));
    }
}

/// Nouns after a name that make it an organisation's (`lexicon/org_after.txt`).
static ORG_AFTER: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| gaz::entries(include_str!("lexicon/org_after.txt")).map(str::trim).collect());

/// Kinds that the words around a name give it, for the whole article: after an organisation
/// noun ("oil firm Yukos") or before a company's part or people ("its Yugansk unit", "Sony
/// bosses") a name is an organisation's; after a noun of works, products or
/// events ("the film Sideways", "the console Xbox") and for a name ending in an event word
/// ("Davis Cup", "Academy Awards") it is no actor at all; a name before a word that makes it a
/// thing ("Brent crude") is no actor there, nor is a common word after "the" read as a person's
/// name ("the Bill"). A given name and a surname stay a person.
fn context_kinds(doc: &Document, mentions: &mut Vec<Mention>) {
    let mut orgs: HashSet<&str> = HashSet::default();
    let mut things: HashSet<&str> = HashSet::default();
    let mut here: Vec<Range<usize>> = Vec::new();
    // Where an organisation's name ends: a name after its possessive may be its product.
    // (A country acting is an organisation by kind, but "Ethiopia's Tirunesh Dibaba" is no product.)
    let org_ends: HashSet<usize> = mentions
        .iter()
        .filter(|m| m.kind == Kind::Org && !gaz::is_place(&doc.text[m.span.clone()]))
        .map(|m| m.tokens.end)
        .collect();
    // Words of persons named in full: "the Tomlinson report" does not make Mike Tomlinson a thing.
    let person_words: HashSet<&str> = mentions
        .iter()
        .filter(|m| m.kind == Kind::Person && m.tokens.len() >= 2)
        .flat_map(|m| m.tokens.clone().map(|k| doc.word(k)))
        .collect();
    for m in mentions.iter() {
        let text = &doc.text[m.span.clone()];
        let word_at =
            |k: usize| doc.tokens.get(k).filter(|t| t.kind == TokenKind::Word).map(|_| doc.word(k));
        let prev = m.tokens.start.checked_sub(1).and_then(word_at);
        let named_person = m.tokens.len() >= 2 && gaz::is_first_name(doc.word(m.tokens.start));
        // "the Bill", "the Premiership": a capitalised common noun after an article is no
        // person's name ("the Sams", "the Monti government" are).
        let the_one_word = m.kind == Kind::Person
            && m.tokens.len() == 1
            && matches!(prev, Some("the" | "The"))
            && gaz::is_common_word(text);
        let next = word_at(m.tokens.end);
        if the_one_word || next.is_some_and(gaz::is_thing_after) {
            here.push(m.span.clone());
        } else if (is_product_or_edition(doc, m, &org_ends, next)
            && !(m.tokens.len() == 1 && person_words.contains(text)))
            || (gaz::is_event_last(doc.word(m.tokens.end - 1))
                && !gaz::is_known_org(text)
                && !gaz::is_place(text))
        {
            things.insert(text);
        } else if named_person || gaz::is_place(text) {
            continue;
        } else if prev.is_some_and(gaz::is_work_head) {
            things.insert(text);
        } else if prev.is_some_and(gaz::is_org_head)
            || word_at(m.tokens.end).is_some_and(|w| ORG_AFTER.contains(w))
        {
            orgs.insert(text);
        }
    }
    mentions.retain(|m| !things.contains(&doc.text[m.span.clone()]) && !here.contains(&m.span));
    for m in mentions.iter_mut().filter(|m| orgs.contains(&doc.text[m.span.clone()])) {
        m.kind = Kind::Org;
        m.weak = false;
    }
}

/// True when the name at `m` is what its context makes a product, a work or an event's edition:
/// - after an organisation's possessive ("Microsoft's Xbox", "Apple's iPod", "BBC One's
///   Breakfast"): a company's named thing, unless it is a person's name, a known organisation,
///   place or club, an acronym, or a part of the company ("Yukos's Yugansk unit");
/// - after "year's" ("this year's CES", "last year's Glastonbury"): an edition of an event;
/// - a person's name after "the" with no noun after it ("the Mac Mini is", "the Aviator,"): no
///   one is "the" Jane Smith; "the Blair government" names him as a modifier and stays.
///
/// A name headed by an organisation or site word, or a plural (a group: "the Lib Dems"), is none
/// of these.
fn is_product_or_edition(
    doc: &Document,
    m: &Mention,
    org_ends: &HashSet<usize>,
    next: Option<&str>,
) -> bool {
    let text = &doc.text[m.span.clone()];
    let known =
        gaz::is_known_org(text) || gaz::is_place(text) || gaz::club_or_ground(text).is_some();
    let word = |k: usize| doc.tokens.get(k).map_or("", |_| doc.word(k));
    let s = m.tokens.start;
    let possessive = s >= 1 && matches!(word(s - 1), "'s" | "’s" | "'" | "’");
    let acronym = text.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase());
    let part = next.is_some_and(|w| ORG_AFTER.contains(w) || gaz::is_org_last(w));
    // A name of its own kind ("Monetary Policy Committee", "Wembley Stadium") is no product.
    let (first, last) = (doc.word(s), doc.word(m.tokens.end - 1));
    let headed = gaz::is_org_last(last) || gaz::is_org_first(first) || gaz::is_facility_last(last);
    // A plural after "the" names a group: a band, a party, a team ("the Lib Dems").
    let plural = last.ends_with('s');
    if known || part || headed || plural {
        return false;
    }
    if possessive && s >= 2 && matches!(word(s - 2), "year" | "Year") {
        return m.kind != Kind::Person || m.weak;
    }
    if possessive && org_ends.contains(&(s - 1)) {
        // A place is a product's only when it is one common word ("BBC One's Breakfast"), not
        // "the SEC's Washington DC headquarters".
        let thing_kind =
            m.kind == Kind::Org || m.weak || (m.tokens.len() == 1 && gaz::is_common_word(first));
        return m.kind != Kind::Person && thing_kind && !acronym;
    }
    let noun_next = next.is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase))
        && !next.is_some_and(is_verb_like);
    m.kind == Kind::Person && s >= 1 && word(s - 1) == "the" && !noun_next
}

/// Words after a name that begin its verb or a clause (`lexicon/clause_words.txt`), and "-ed"
/// past tenses: "the Mac Mini is", unlike "the Blair government".
fn is_verb_like(w: &str) -> bool {
    static CLAUSE: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
        gaz::entries(include_str!("lexicon/clause_words.txt")).map(str::trim).collect()
    });
    CLAUSE.contains(w) || (w.len() > 4 && w.ends_with("ed"))
}

/// Combine two candidate lists: where candidates overlap, `preferred` wins; the rest are kept.
pub fn merge(mut other: Vec<Candidate>, preferred: Vec<Candidate>) -> Vec<Candidate> {
    if preferred.is_empty() {
        return other;
    }
    other.retain(|c| {
        !preferred.iter().any(|p| p.tokens.start < c.tokens.end && c.tokens.start < p.tokens.end)
    });
    other.extend(preferred);
    other.sort_by_key(|c| (c.tokens.start, c.tokens.end));
    other
}

/// Words joining the parts of one name ("Bank of England", "Charles de Gaulle").
fn is_connector(w: &str) -> bool {
    gaz::is_connector(w)
}

/// Connectors allowed only inside organisation names (they would join two persons otherwise).
fn is_org_connector(w: &str) -> bool {
    gaz::is_org_connector(w)
}

/// Token kinds and positions the chunker needs, computed once per document.
struct Ctx<'d, 'a> {
    doc: &'d Document<'a>,
    /// True for tokens that start a sentence (or follow an opening quote / colon there).
    initial: Vec<bool>,
    /// Capitalised words seen at some non-initial position (so they are names, not just capitalised).
    mid_caps: HashSet<&'a str>,
}

impl<'d, 'a> Ctx<'d, 'a> {
    fn new(doc: &'d Document<'a>) -> Self {
        let n = doc.tokens.len();
        let mut initial = vec![false; n];
        let headline = doc.headline.clone().unwrap_or(0..0);
        for s in &doc.sentences {
            let mut i = s.start;
            // The first word, after any opening quotes or brackets, starts the sentence.
            while i < s.end && doc.tokens[i].kind != TokenKind::Word {
                i += 1;
            }
            if let Some(f) = initial.get_mut(i) {
                *f = true;
            }
        }
        for i in 0..n {
            let t = doc.tokens[i];
            if t.kind == TokenKind::Quote || matches!(doc.word(i), ":" | "—" | "–" | "(" | "-")
            {
                // A capital after an opening quote or a colon starts a clause.
                let mut j = i + 1;
                while j < n && doc.tokens[j].kind == TokenKind::Quote {
                    j += 1;
                }
                if let Some(f) = initial.get_mut(j) {
                    *f = true;
                }
            }
        }
        let mut mid_caps = HashSet::default();
        for (i, &init) in initial.iter().enumerate() {
            if !init && !headline.contains(&i) && is_cap(doc.word(i)) {
                mid_caps.insert(doc.word(i));
            }
        }
        Ctx { doc, initial, mid_caps }
    }

    fn in_headline(&self, i: usize) -> bool {
        self.doc.headline.as_ref().is_some_and(|h| h.contains(&i))
    }

    /// A capitalised word that may well be an ordinary word (sentence-initial or headline case).
    fn weak_cap(&self, i: usize) -> bool {
        let w = self.doc.word(i);
        (self.initial[i] || self.in_headline(i))
            && gaz::is_common_word(w)
            && !self.mid_caps.contains(w)
            && !gaz::is_place(w)
            && !gaz::is_known_org(w)
    }
}

/// True for a word starting with an upper-case letter.
fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// True for an acronym such as "NATO", "U.S.", "DUP".
fn is_acronym(w: &str) -> bool {
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && w.chars().all(|c| c.is_uppercase() || c == '.' || c == '&')
}

/// Capitalised word runs, chunked and given a first kind guess.
pub fn rule_candidates(doc: &Document) -> Vec<Candidate> {
    let mut out = Vec::new();
    let n = doc.tokens.len();
    let mut i = 0;
    while i < n {
        if !name_token(doc, i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        loop {
            if end < n && name_token(doc, end) && same_line(doc, end - 1, end) {
                end += 1;
                continue;
            }
            // A connector continues the run when a capitalised word follows it.
            let mut j = end;
            while j < n && doc.tokens[j].kind == TokenKind::Word && is_connector(doc.word(j)) {
                j += 1;
            }
            if j > end && j < n && j - end <= 2 && name_token(doc, j) && same_line(doc, end, j) {
                end = j + 1;
                continue;
            }
            break;
        }
        out.push(Candidate { tokens: start..end, kind: None, origin: Origin::Rules });
        i = end;
    }
    out
}

/// True when token `k` exists and is the word `w`.
fn next_is(doc: &Document, k: usize, w: &str) -> bool {
    doc.tokens.get(k).is_some() && doc.word(k) == w
}

/// True when tokens `a` and `b` are separated by no more than one plain space (names don't wrap).
fn same_line(doc: &Document, a: usize, b: usize) -> bool {
    let (Some(ta), Some(tb)) = (doc.tokens.get(a), doc.tokens.get(b)) else { return false };
    doc.text.get(ta.end..tb.start).is_some_and(|gap| !gap.contains('\n'))
}

/// A word that may be part of a name: capitalised, or an acronym.
fn name_token(doc: &Document, i: usize) -> bool {
    let t = doc.tokens[i];
    let w = doc.word(i);
    t.kind == TokenKind::Word && is_cap(w) && !gaz::is_non_name(w) && !is_contraction(w)
}

/// "We're", "You'd", "It’s": a pronoun with a clitic, never a name.
fn is_contraction(w: &str) -> bool {
    let Some(k) = w.rfind(['\'', '’']) else { return false };
    let tail = w.get(k..).unwrap_or("");
    let tail = tail.trim_start_matches(['\'', '’']);
    matches!(tail, "re" | "ll" | "d" | "ve" | "m" | "t")
}

/// Apply span conventions and kind fixes to candidates from any origin (`ctx` is the
/// document's, built once for both origins).
fn postprocess(ctx: &Ctx, candidates: Vec<Candidate>) -> Found {
    let doc = ctx.doc;
    let mut found = Found::default();
    for c in candidates {
        let r = c.tokens.start.min(doc.tokens.len())..c.tokens.end.min(doc.tokens.len());
        split_chunk(ctx, r, c.kind, None, &mut found);
    }
    // Single words whose kind is only a guess: a known person's surname or given name is a
    // person ("Mujahid" after "Zabihullah Mujahid"), a part of an organisation's name that org.
    let mut person_parts: HashSet<&str> = HashSet::default();
    for m in &found.mentions {
        if m.kind == Kind::Person && m.tokens.len() >= 2 {
            for k in m.tokens.clone() {
                person_parts.insert(doc.word(k));
            }
        }
    }
    found.mentions.retain_mut(|m| {
        if m.tokens.len() != 1 {
            return true;
        }
        let w = doc.word(m.tokens.start);
        if person_parts.contains(w) && m.weak {
            m.kind = Kind::Person;
            m.weak = false;
            return true;
        }
        // An unexplained capitalised common word ("Western", "Islamist") is not a name.
        !(m.weak && gaz::is_common_word(w))
    });
    found.mentions.sort_by_key(|m| m.span.start);
    found.demonyms.sort_by_key(|d| d.span.start);
    found
}

/// Strip, split and classify the token run `r`, pushing mentions and demonyms.
fn split_chunk(
    ctx: &Ctx,
    r: Range<usize>,
    hint: Option<Kind>,
    title_gender: Option<Option<Gender>>,
    found: &mut Found,
) {
    let doc = ctx.doc;
    let (mut lo, mut hi) = (r.start, r.end);
    // Trailing connectors never end a name.
    while hi > lo && is_connector(doc.word(hi - 1)) {
        hi -= 1;
    }
    // Headline case ("Taliban Takeover Plunges Afghanistan Into Economic Turmoil", a link to
    // another story): a name keeps its short function words lowercase ("Bank of England"), so
    // a capitalised one inside a long run makes the run a title, not a name.
    if hi - lo >= 4 && (lo + 1..hi - 1).any(|k| is_headline_word(doc.word(k))) {
        return;
    }
    // Leading determiners, sentence-initial common words, demonyms and titles.
    let mut role: Option<Range<usize>> = None;
    let mut gender = title_gender.flatten();
    let mut titled = title_gender.is_some();
    while lo < hi {
        let w = doc.word(lo);
        if is_connector(w) || matches!(w, "The" | "A" | "An") || gaz::is_non_name(w) {
            lo += 1;
        } else if let Some(country) = demonym_or_plural(w) {
            // "Chinese Deputy Foreign Minister": a demonym, then the rest.
            if lo + 1 < hi && gaz::is_org_last(doc.word(hi - 1)) && !ctx.initial[lo] {
                break; // "British Broadcasting Corporation" keeps its demonym.
            }
            found.demonyms.push(Demonym { span: doc.tokens[lo].span(), country });
            lo += 1;
        } else if gaz::is_title(w) && lo + 1 < hi && !title_is_org_head(doc, lo, hi) {
            let rs = role.as_ref().map_or(lo, |r| r.start);
            role = Some(rs..lo + 1);
            if let Some(g) = gaz::title_gender(w) {
                gender = Some(g);
            }
            titled = true;
            lo += 1;
            // "Secretary of State John Kerry": "of State" belongs to the title.
            if lo + 1 < hi && doc.word(lo) == "of" {
                lo += 2;
            }
        } else if ctx.weak_cap(lo) && lo + 1 < hi && !gaz::is_first_name(w) {
            lo += 1;
        } else {
            break;
        }
    }
    // A role after a name ("the State Department Spokesperson", "Museum of Flight CEO") is not
    // part of it.
    while hi > lo + 1 && is_trailing_role(doc.word(hi - 1)) {
        hi -= 1;
    }
    // A common word before a colon is a caption or heading label ("Ahmed Mohamed Image: ...").
    if hi > lo + 1 && gaz::is_common_word(doc.word(hi - 1)) && next_is(doc, hi, ":") {
        hi -= 1;
    }
    if lo >= hi {
        return;
    }
    // Capitalised common words right before a title are the start of the role, not a name
    // ("Shadow Home" before "Secretary Yvette Cooper", when the tagger stops at the title).
    if hi < doc.tokens.len() && gaz::is_title(doc.word(hi)) && is_role_words(doc, lo..hi) {
        return;
    }
    // A title inside the run splits it: "U.S. President Donald Trump" -> "U.S." + "Donald Trump".
    if let Some(k) = (lo + 1..hi).find(|&k| {
        gaz::is_title(doc.word(k))
            && k + 1 < hi
            && !title_is_org_head(doc, lo, hi)
            && !gaz::is_org_last(doc.word(hi - 1))
    }) {
        // Capitalised common words before the title are part of the role ("Shadow Home
        // Secretary Yvette Cooper"); a name there is kept ("U.S. President", "Taliban spokesman").
        if !is_role_words(doc, lo..k) {
            split_chunk(ctx, lo..k, hint, None, found);
        }
        let g = gaz::title_gender(doc.word(k));
        split_chunk(ctx, k..hi, hint, Some(g), found);
        return;
    }
    // A slash separates two names ("Image: Twitter / NASA", "Art Center / Pace Galleries").
    if let Some(k) = (lo + 1..hi).find(|&k| doc.word(k) == "/") {
        split_chunk(ctx, lo..k, hint, title_gender, found);
        split_chunk(ctx, k + 1..hi, hint, None, found);
        return;
    }
    // "and" / "&" join two names unless the whole is an organisation ("Marks & Spencer Group").
    if let Some(k) = (lo + 1..hi).find(|&k| is_org_connector(doc.word(k))) {
        let org = gaz::is_org_last(doc.word(hi - 1)) || gaz::is_org_first(doc.word(lo));
        if !org {
            // A lone common word joined to a name is a topic, not a second name ("Social Science
            // & Medicine", "Director of Media and Communications").
            let lone_common =
                |r: Range<usize>| r.len() == 1 && gaz::is_common_word(doc.word(r.start));
            if !lone_common(lo..k) {
                split_chunk(ctx, lo..k, hint, title_gender, found);
            }
            if !lone_common(k + 1..hi) {
                split_chunk(ctx, k + 1..hi, hint, None, found);
            }
            return;
        }
    }
    // A known place or an organisation followed by a person's name: "United States Hamdullah
    // Mohib", "Refugee Council Enver Solomon" (after an organisation word, a name of uncommon
    // words is a person's too, given name listed or not).
    if !titled && hi - lo >= 3 && !gaz::is_org_last(doc.word(hi - 1)) {
        for k in (lo + 1..hi - 1).rev() {
            let given = gaz::is_first_name(doc.word(k));
            // A known place or organisation, a party label among them ("Tory Liam Fox").
            let after_place = given
                && (gaz::is_place(span_text(doc, lo..k))
                    || gaz::is_party_label(span_text(doc, lo..k)));
            let after_org = gaz::is_org_last(doc.word(k - 1))
                && (given || (k..hi).all(|j| !gaz::is_common_word(doc.word(j))));
            if after_place || after_org {
                split_chunk(ctx, lo..k, hint, None, found);
                // The tagger's kind was for the whole run, not for the person in it.
                split_chunk(ctx, k..hi, None, None, found);
                return;
            }
        }
    }
    // A sentence-initial common word alone is not a name ("Without", "Another"), nor is a bare
    // title ("the Chinese Deputy Foreign Minister said").
    if hi - lo == 1 && ((ctx.weak_cap(lo) && !titled) || gaz::is_title(doc.word(lo))) {
        return;
    }
    let text = span_text(doc, lo..hi);
    let (kind, weak) = classify(ctx, lo..hi, text, titled, hint);
    if kind == Kind::Person && gender.is_none() {
        gender = gaz::first_name_gender(doc.word(lo));
    }
    let span = doc.tokens[lo].start..doc.tokens[hi - 1].end;
    found.mentions.push(Mention { tokens: lo..hi, span, kind, gender, role, weak });
}

/// A title that may follow a name as its holder's role ("Spokesperson", "CEO"). Titles that end
/// names of their own ("Burger King", "Attorney General", "Chief Justice") are not.
/// A function word as headline case writes it; names write it lowercase.
fn is_headline_word(w: &str) -> bool {
    gaz::is_headline_word(w)
}

fn is_trailing_role(w: &str) -> bool {
    // "Co-Chairman", "Vice-President": a prefixed title is the title's role.
    let w = ["Co-", "co-", "Vice-", "vice-", "Deputy-"]
        .iter()
        .find_map(|p| w.strip_prefix(p))
        .unwrap_or(w);
    gaz::is_title(w) && !gaz::is_name_title(w.to_ascii_lowercase().trim_end_matches('.'))
}

/// True when tokens `r` are only capitalised common words that name nothing on their own ("Shadow
/// Home" before "Secretary"): no word and no two-word stretch is a known place or organisation,
/// and the last word is no organisation or place head ("State Department" is a name).
fn is_role_words(doc: &Document, r: Range<usize>) -> bool {
    !r.is_empty()
        && !gaz::is_org_last(doc.word(r.end - 1))
        && !gaz::is_facility_last(doc.word(r.end - 1))
        && r.clone().all(|k| {
            let w = doc.word(k);
            gaz::is_common_word(w) && !gaz::is_place(w) && !gaz::is_known_org(w)
        })
        && (r.start..r.end.saturating_sub(1)).all(|k| {
            let t = span_text(doc, k..k + 2);
            !gaz::is_place(t) && !gaz::is_known_org(t)
        })
}

/// The country of a demonym or its plural ("Chinese", "Americans"), unless it is a place name.
fn demonym_or_plural(w: &str) -> Option<&'static str> {
    if gaz::is_place(w) {
        return None;
    }
    gaz::demonym(w).or_else(|| w.strip_suffix('s').and_then(gaz::demonym))
}

/// True when the title word at `lo` heads an organisation's name ("President's Office" is rare;
/// "General Motors", "Justice Department" are common): the run ends with an org word.
fn title_is_org_head(doc: &Document, lo: usize, hi: usize) -> bool {
    hi > lo + 1 && gaz::is_org_last(doc.word(hi - 1))
}

/// The article text covered by tokens `r`.
fn span_text<'a>(doc: &Document<'a>, r: Range<usize>) -> &'a str {
    let (Some(a), Some(b)) =
        (doc.tokens.get(r.start), r.end.checked_sub(1).and_then(|e| doc.tokens.get(e)))
    else {
        return "";
    };
    doc.text.get(a.start..b.end).unwrap_or("")
}

/// The kind of the name at tokens `r` and whether it is only a guess.
fn classify(
    ctx: &Ctx,
    r: Range<usize>,
    text: &str,
    titled: bool,
    hint: Option<Kind>,
) -> (Kind, bool) {
    let doc = ctx.doc;
    let first = doc.word(r.start);
    let last = doc.word(r.end - 1);
    let next = doc.tokens.get(r.end).map(|_| doc.word(r.end)).unwrap_or("");
    let speaks = gaz::is_speech_verb(next);
    if gaz::is_known_org(text) {
        return (Kind::Org, false);
    }
    if gaz::is_place(text) {
        // Countries acting ("North Korea said") are organisations in GUM's reading.
        return (
            if speaks && gaz::country(text).is_some() { Kind::Org } else { Kind::Place },
            false,
        );
    }
    if titled {
        return (Kind::Person, false);
    }
    // A club is an organisation and a ground a place, whatever the tagger guessed ("Everton",
    // "Aston Villa" read as persons); after a title ("Mr Chelsea") it was a person's name.
    if let Some(k) = gaz::club_or_ground(text) {
        return (k, false);
    }
    // Buildings, sites and geographic features are places ("Johnson Space Center", "Museum of
    // Flight", "Ross Ice Shelf"), but a given name and a surname stay a person ("Stuart Hall").
    if r.len() >= 2
        && (gaz::is_facility_last(last) || gaz::is_facility_first(first))
        && !(r.len() == 2 && gaz::is_first_name(first))
    {
        return (Kind::Place, false);
    }
    if gaz::is_org_last(last) || (r.len() >= 2 && gaz::is_org_first(first)) {
        return (Kind::Org, false);
    }
    // A given name and one more word is a person, whatever the tagger guessed ("Annie Oakley",
    // "Chris Gregoire" read as organisations); organisation and site words were checked above.
    if r.len() == 2 && hint == Some(Kind::Org) && gaz::is_first_name(first) {
        return (Kind::Person, false);
    }
    if let Some(k) = hint {
        return (k, false);
    }
    if r.len() == 1 && is_acronym(first) {
        return (Kind::Org, false);
    }
    if r.len() >= 2 && gaz::is_first_name(first) {
        return (Kind::Person, false);
    }
    let prev = r.start.checked_sub(1).map(|p| doc.word(p)).unwrap_or("");
    if gaz::is_place_preposition(prev) && r.len() == 1 && !speaks {
        return (Kind::Place, true);
    }
    if speaks {
        return (Kind::Person, false);
    }
    let common = r.clone().filter(|&k| gaz::is_common_word(doc.word(k))).count();
    if r.len() >= 2 && common == 0 {
        return (Kind::Person, false);
    }
    if r.len() >= 2 {
        return (Kind::Org, true);
    }
    // A lone unknown word: a given name is a person; otherwise more often a product,
    // organisation or event than a person (a person's surname joins its full name later).
    if gaz::is_first_name(first) { (Kind::Person, true) } else { (Kind::Org, true) }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::article::{Article, Reader};

    /// An article read from `text` as a `.txt` file would be (blank lines separate paragraphs).
    pub(crate) fn article(text: &str) -> Article {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("case.txt");
        std::fs::write(&path, text).expect("write case");
        let mut got = None;
        let _ = Reader::read(&path, &mut |r| {
            if got.is_none() {
                got = r.ok();
            }
        });
        got.expect("the case reads as an article")
    }

    /// Render the entities of `input` as `kind: name` lines (canonical names), in first-mention order.
    fn render(input: &str) -> Vec<String> {
        let a = article(input);
        let an = crate::analysis::analyze(&a);
        let mut ents = an.entities.clone();
        ents.sort_by_key(|e| e.mentions.first().map_or(0, |m| m.start));
        ents.iter()
            .map(|e| {
                let spans: Vec<&str> = e.mentions.iter().map(|m| &a.text[m.clone()]).collect();
                format!("{}: {} = {}", e.kind, e.name, spans.join(" | "))
            })
            .collect()
    }

    #[test]
    fn table() {
        run_table(include_str!("../../tests/data/entities.txt"), render);
    }

    /// Run a `input / --- / expected lines / ===` table (see [`crate::analysis::table`]).
    pub(crate) use crate::analysis::table::run_table;
}
