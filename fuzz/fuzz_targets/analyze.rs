//! Fuzz the analysis (tokens, entities, canonical names, quotes and speakers) on articles made
//! by the real text and Markdown layout, so paragraphs come from the real splitter.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use whosaid::article::read::Format;

fuzz_target!(|data: &[u8]| {
    // The analysis sees text only: lossily decoded bytes reach it too, not just valid UTF-8.
    let text = String::from_utf8_lossy(data);
    common::read_and_check(text.as_bytes(), Format::Text, true);
    common::read_and_check(text.as_bytes(), Format::Markdown, true);
});
