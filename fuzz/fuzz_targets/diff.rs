//! diff: the migration from the schema before the NUL to the schema after it, both ways.
#![no_main]
use libfuzzer_sys::fuzz_target;
use schemaplay_core::migrate::diff;
use schemaplay_core::parse;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (dialect, a, b) = common::split_two(data);
    let (a, b) = (parse::parse(&a, dialect).schema, parse::parse(&b, dialect).schema);
    let _ = diff::diff(&a, &b, dialect, &Default::default()).up_sql();
    let _ = diff::diff(&b, &a, dialect, &Default::default()).up_sql();
});
