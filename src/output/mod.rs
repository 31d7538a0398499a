//! Printing: the crate's own types (hits, stats, analyses) to people or scripts.
//!
//! [`text`] is for people; [`json`] is the contract scripts rely on. Neither
//! sees a tantivy type.

pub mod json;
pub mod text;

/// How to style text output.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Use ANSI bold/colour; otherwise matched terms get plain `**` markers.
    pub color: bool,
}
