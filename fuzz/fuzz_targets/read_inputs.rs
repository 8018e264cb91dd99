//! The input readers: SQL, Prisma, DBML (and whatever `InputKind::ALL` grows: Drizzle, catalog
//! JSON), each read explicitly and by recognition.
#![no_main]
use libfuzzer_sys::fuzz_target;
use schemaplay_core::parse::{self, InputKind};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (dialect, text) = common::split(data);
    // The second byte picks the reader, so every reader sees every shape of text.
    let kind = data.get(1).map(|b| InputKind::ALL[*b as usize % InputKind::ALL.len()]);
    let _ = parse::read(&text, kind, dialect);
    let _ = parse::read(&text, None, dialect);
});
