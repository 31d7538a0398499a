//! PLACEHOLDER (being replaced by the analysis work): quotes and speakers.

use super::names::Resolved;
use super::tokens::Document;
use super::Quote;

/// Find quotes.
pub fn find(_doc: &Document, _resolved: &Resolved) -> Vec<Quote> {
    Vec::new()
}
