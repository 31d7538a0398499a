//! Fuzz the JSONL reader: wrong types, deep nesting, broken lines, odd encodings.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use whosaid::article::read::Format;

fuzz_target!(|data: &[u8]| {
    common::read_and_check(data, Format::Jsonl, false);
});
