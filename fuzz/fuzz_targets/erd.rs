//! ERD: graph from the schema, layout (with the verifier) and SVG.
#![no_main]
use libfuzzer_sys::fuzz_target;
use schemaplay_core::erd::{self, LayoutOptions, SvgOptions};
use schemaplay_core::parse;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (dialect, text) = common::split(data);
    let graph = erd::from_schema(&parse::parse(&text, dialect).schema);
    let (layout, _) = erd::layout_verified(&graph, &LayoutOptions::default());
    let _ = erd::render_svg(&graph, &layout, &SvgOptions::default());
});
