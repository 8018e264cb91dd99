//! check-migration: a migration (after the NUL) checked against a base schema (before it).
#![no_main]
use libfuzzer_sys::fuzz_target;
use schemaplay_core::migrate::{check, CheckOptions};
use schemaplay_core::parse;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (dialect, base, migration) = common::split_two(data);
    let base = parse::parse(&base, dialect).schema;
    let _ = check(&base, &migration, dialect, &CheckOptions::default());
});
