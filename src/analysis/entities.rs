//! PLACEHOLDER (being replaced by the analysis work): person / org / place mentions.

use std::ops::Range;

use super::Kind;
use super::tokens::Document;

/// One entity mention: token range, byte span, kind.
#[derive(Clone, Debug)]
pub struct Mention {
    /// Token index range in the document.
    pub tokens: Range<usize>,
    /// Byte span in the article text.
    pub span: Range<usize>,
    /// Kind.
    pub kind: Kind,
}

/// Find entity mentions.
pub fn find(_doc: &Document) -> Vec<Mention> {
    Vec::new()
}
