//! Shared by the fuzz targets: the first byte of an input picks the dialect (and, where a target
//! needs two texts, a NUL byte splits them); the rest is the text, read lossily as UTF-8 as the CLI
//! and the browser would receive it.

#![allow(dead_code)]

use schemaplay_core::Dialect;

pub const DIALECTS: [Dialect; 3] = [Dialect::Postgres, Dialect::Mysql, Dialect::Sqlite];

/// (dialect, text) from a fuzz input.
pub fn split(data: &[u8]) -> (Dialect, String) {
    match data.split_first() {
        Some((d, rest)) => (DIALECTS[*d as usize % 3], String::from_utf8_lossy(rest).into_owned()),
        None => (Dialect::Postgres, String::new()),
    }
}

/// (dialect, first text, second text): the text is cut at its first NUL (or in the middle).
pub fn split_two(data: &[u8]) -> (Dialect, String, String) {
    let (d, text) = split(data);
    let at = text.find('\0').unwrap_or(text.len() / 2);
    let at = (0..=at).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
    let (a, b) = text.split_at(at);
    (d, a.to_string(), b.trim_start_matches('\0').to_string())
}
