//! Fuzz the HTML reader (html5ever + dom_smoothie's reader view, our depth guard).
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use whosaid::article::read::Format;

fuzz_target!(|data: &[u8]| {
    common::read_and_check(data, Format::Html, false);
});
