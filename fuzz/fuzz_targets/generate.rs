//! Every generator on whatever schema the importer builds from the text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use schemaplay_core::codegen::{self, Target};
use schemaplay_core::parse;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (dialect, text) = common::split(data);
    let schema = parse::parse(&text, dialect).schema;
    let mut targets = vec![Target::Prisma, Target::Drizzle, Target::Mermaid, Target::Dbml, Target::TypeScript, Target::Zod];
    targets.extend(common::DIALECTS.iter().map(|&d| Target::Sql(d)));
    for t in targets {
        let _ = codegen::generate(&schema, t);
    }
});
