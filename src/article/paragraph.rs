//! Splitting text into paragraphs: blank-line separated blocks, byte spans, trimmed.
//!
//! Pure functions over `&str`. Markdown structure is respected by
//! [`markdown_blocks`]: headings, list items and block quotes are blocks of
//! their own even without a blank line between them.

use std::ops::Range;

/// Byte spans of the blank-line separated blocks of `text[from..]`, whitespace-trimmed.
pub fn blocks(text: &str, from: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_end = from;
    let mut pos = from;
    for line in text[from..].split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if blank {
            if let Some(s) = start.take() {
                push_trimmed(text, s..last_end, &mut out);
            }
        } else {
            if start.is_none() {
                start = Some(pos);
            }
            last_end = pos + line.len();
        }
        pos += line.len();
    }
    if let Some(s) = start {
        push_trimmed(text, s..last_end, &mut out);
    }
    out
}

/// Like [`blocks`], but a Markdown heading, list item or block-quote line also starts a block.
pub fn markdown_blocks(text: &str, from: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for block in blocks(text, from) {
        let mut start = block.start;
        let mut pos = block.start;
        let mut in_fence = false;
        let mut prev = Line::Text;
        for line in text[block.clone()].split_inclusive('\n') {
            let t = line.trim_start();
            if t.starts_with("```") || t.starts_with("~~~") {
                in_fence = !in_fence;
            }
            let kind = if in_fence {
                Line::Text
            } else if t.starts_with('#') {
                Line::Heading
            } else if is_list_item(t) {
                Line::Item
            } else if t.starts_with('>') {
                Line::Quote
            } else {
                Line::Text
            };
            let starts_block = matches!(kind, Line::Heading | Line::Item)
                || prev == Line::Heading
                || ((kind == Line::Quote) != (prev == Line::Quote));
            if starts_block && pos > start {
                push_trimmed(text, start..pos, &mut out);
                start = pos;
            }
            prev = kind;
            pos += line.len();
        }
        push_trimmed(text, start..block.end, &mut out);
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Line {
    Text,
    Heading,
    Item,
    Quote,
}

fn is_list_item(t: &str) -> bool {
    if let Some(rest) = t.strip_prefix(['-', '*', '+']) {
        return rest.starts_with(' ');
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && digits < 4 && t[digits..].starts_with(". ")
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(t: &'a str, spans: &[Range<usize>]) -> Vec<&'a str> {
        spans.iter().map(|r| &t[r.clone()]).collect()
    }

    #[test]
    fn blank_lines_separate_paragraphs() {
        let t = "One.\nstill one.\n\n  \nTwo.\r\n\r\nThree  \n";
        assert_eq!(texts(t, &blocks(t, 0)), ["One.\nstill one.", "Two.", "Three"]);
    }

    #[test]
    fn markdown_structure_starts_blocks() {
        let t = "# Head\nBody line\n- item one\n- item two\n> quoted\n> still quoted\n";
        assert_eq!(
            texts(t, &markdown_blocks(t, 0)),
            ["# Head", "Body line", "- item one", "- item two", "> quoted\n> still quoted"]
        );
    }
}
