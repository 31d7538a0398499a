//! Fuzz the plain-text and Markdown readers (header block, headline, paragraph splitting).
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use whosaid::article::read::Format;

fuzz_target!(|data: &[u8]| {
    common::read_and_check(data, Format::Text, false);
    common::read_and_check(data, Format::Markdown, false);
});
