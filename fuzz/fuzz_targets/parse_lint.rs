//! parse + lint: everything the panels show for a text (`analyze`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use schemaplay_core::{analyze, Input};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (dialect, text) = common::split(data);
    let _ = analyze(&Input { text, dialect, ..Default::default() });
});
