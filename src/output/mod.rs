//! Printing: the crate's own types (hits, stats, analyses) to people or scripts.
//!
//! [`text`] is for people; [`json`] is the contract scripts rely on. Neither
//! sees a tantivy type.

pub mod json;
pub mod text;

use crate::index::snippet::Snippet;

/// A snippet as one string: `plain` writes unmatched text, `marked` writes a matched term;
/// "…" shows where the fragment cuts the paragraph.
fn render_snippet(
    s: &Snippet,
    plain: impl Fn(&str, &mut String),
    marked: impl Fn(&str, &mut String),
) -> String {
    let mut out = String::with_capacity(s.fragment.len() + 32);
    if s.cut_start {
        out.push_str("… ");
    }
    let mut at = 0;
    for r in &s.highlights {
        // Ranges come from tantivy in order; skip any that overlap or overrun rather than panic.
        if r.start < at || r.end > s.fragment.len() {
            continue;
        }
        plain(&s.fragment[at..r.start], &mut out);
        marked(&s.fragment[r.clone()], &mut out);
        at = r.end;
    }
    plain(&s.fragment[at..], &mut out);
    if s.cut_end {
        out.push_str(" …");
    }
    out
}

/// How to style text output.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Use ANSI bold/colour; otherwise matched terms get plain `**` markers.
    pub color: bool,
}
