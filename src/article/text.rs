//! Plain-text and Markdown articles.
//!
//! Layout: an optional header block of `Key: value` lines (Title, Date, Source,
//! URL, Author, Id) ended by a blank line; then, when the first block is one
//! short line without sentence-final punctuation (or a Markdown `# heading`),
//! that line is the headline; the rest are paragraphs. Offsets index the file
//! exactly as read, so the header and headline stay in `text`.

use std::ops::Range;

use super::paragraph::{blocks, markdown_blocks};

/// Metadata found in a text file's header block and headline.
#[derive(Debug, Default)]
pub struct TextLayout {
    /// `Title:` header or headline.
    pub title: Option<String>,
    /// `Date:` header, unparsed.
    pub date: Option<String>,
    /// `Source:` header.
    pub source: Option<String>,
    /// `URL:` header.
    pub url: Option<String>,
    /// `Author:` header.
    pub author: Option<String>,
    /// `Id:` header.
    pub id: Option<String>,
    /// Byte span of the headline line, if one was recognised.
    pub headline: Option<Range<usize>>,
    /// Byte spans of the body paragraphs.
    pub paragraphs: Vec<Range<usize>>,
}

const HEADER_KEYS: &[&str] = &["title", "date", "source", "url", "author", "id", "byline"];

/// Longest line (in chars) that can still be a headline.
const MAX_HEADLINE_CHARS: usize = 160;

/// Split a text or Markdown file into header, headline and paragraphs.
pub fn layout(text: &str, markdown: bool) -> TextLayout {
    let mut out = TextLayout::default();
    let all = blocks(text, 0);
    let mut body_from = 0;
    if let Some(first) = all.first()
        && let Some(fields) = header_fields(&text[first.clone()])
    {
        for (k, v) in fields {
            let v = Some(v.to_string());
            match k.as_str() {
                "title" => out.title = v,
                "date" => out.date = v,
                "source" => out.source = v,
                "url" => out.url = v,
                "author" | "byline" => out.author = v,
                "id" => out.id = v,
                _ => {}
            }
        }
        body_from = first.end;
    }
    let paras = if markdown { markdown_blocks(text, body_from) } else { blocks(text, body_from) };
    let mut paras = paras.into_iter().peekable();
    // A lone block is the article's text, not a headline over nothing.
    if out.title.is_none()
        && paras.len() > 1
        && let Some(first) = paras.peek().cloned()
        && let Some(title) = headline(&text[first.clone()], markdown)
    {
        out.title = Some(title);
        out.headline = Some(first);
        paras.next();
    }
    out.paragraphs = paras.collect();
    out
}

/// The `(key, value)` pairs of a header block, or None when the block is not one.
fn header_fields(block: &str) -> Option<Vec<(String, &str)>> {
    let mut fields = Vec::new();
    for line in block.lines() {
        let (k, v) = line.split_once(':')?;
        let k = k.trim().to_ascii_lowercase();
        if !HEADER_KEYS.contains(&k.as_str()) {
            return None;
        }
        fields.push((k, v.trim()));
    }
    (!fields.is_empty()).then_some(fields)
}

/// The headline text when `block` looks like one.
fn headline(block: &str, markdown: bool) -> Option<String> {
    if block.contains('\n') {
        return None;
    }
    if markdown && let Some(h) = block.strip_prefix('#') {
        return Some(h.trim_start_matches('#').trim().to_string());
    }
    let t = block.trim();
    let last = t.chars().last()?;
    let sentence_end = matches!(last, '.' | '!' | ':' | ';' | ',')
        || (matches!(last, '"' | '”' | '’' | '\'') && t.len() > 1 && {
            let before = t[..t.len() - last.len_utf8()].chars().last();
            matches!(before, Some('.' | '!' | '?' | ','))
        });
    (t.chars().count() <= MAX_HEADLINE_CHARS && !sentence_end).then(|| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_block_then_paragraphs() {
        let t = "Title: Copper\nDate: 2021-09-03\n\nFirst para.\n\nSecond para.\n";
        let l = layout(t, false);
        assert_eq!(l.title.as_deref(), Some("Copper"));
        assert_eq!(l.date.as_deref(), Some("2021-09-03"));
        assert_eq!(l.paragraphs.len(), 2);
        assert_eq!(&t[l.paragraphs[0].clone()], "First para.");
    }

    #[test]
    fn headline_only_when_it_looks_like_one() {
        let t = "Ad sales boost Time Warner profit\n\nQuarterly profits rose.\n";
        let l = layout(t, false);
        assert_eq!(l.title.as_deref(), Some("Ad sales boost Time Warner profit"));
        assert_eq!(l.paragraphs.len(), 1);
        let t = "As I have been reporting for the past week.\n\nMore.\n";
        let l = layout(t, false);
        assert_eq!(l.title, None);
        assert_eq!(l.paragraphs.len(), 2);
    }

    #[test]
    fn markdown_heading_is_the_headline() {
        let t = "# Big news\n\nBody.\n## Section\nMore.\n";
        let l = layout(t, true);
        assert_eq!(l.title.as_deref(), Some("Big news"));
        assert_eq!(l.paragraphs.len(), 3);
    }
}
