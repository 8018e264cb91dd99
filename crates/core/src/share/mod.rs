//! Share links: the playground state ⇄ a URL fragment.
//!
//! A fragment is `v<N>.<payload>`. Versions 1 and 2 ([`codec`] has the details):
//!
//! ```text
//! v1.  base64url-no-pad( raw-DEFLATE(json) ++ adler32(json) as 4 big-endian bytes )
//! v2.  base64url-no-pad( raw-DEFLATE(head) ++ crc32(head) as 4 big-endian bytes )   (current)
//! ```
//!
//! where `json` is the compact JSON of the state with short keys and every default or empty field
//! left out (`{"s":"CREATE TABLE …","d":"mysql"}`), and `head` is that JSON without the text,
//! a newline and the text unescaped (`{"d":"mysql"}\nCREATE TABLE …`). The checksum makes a
//! truncated or tampered link an error instead of silently different text (v2 uses CRC-32: a
//! flipped bit in DEFLATE data can reorder bytes in ways Adler-32 cannot see); it costs 4 bytes,
//! which is what the zlib container Mermaid Live's `pako:` links use costs too (plus 2 header bytes we
//! save). For the same schema text a link is no longer than Mermaid Live's `pako:` one on every
//! corpus file (`tests/share_vs_pako.rs`).
//!
//! Decoding is bounded: the fragment length is capped at [`MAX_FRAGMENT`] characters and the
//! inflated JSON at [`MAX_JSON`] bytes (miniz_oxide stops inflating at the limit, so a
//! decompression bomb costs at most that much memory and the time to inflate it), and every error is
//! a [`ShareError`] with a message fit to show a person. Nothing here panics on any input.
//!
//! When the format grows, add a `v3` arm to [`decode`] and keep the older ones: old links must keep
//! opening (`tests/fixtures` holds one link per version and a test decodes each).

mod base64url;
mod codec;

pub use codec::{decode_v1, decode_v2, encode_v2, encode_v2_quick};

use crate::dialect::Dialect;
use crate::erd::decor::Sticky;
use crate::parse::InputKind;
use std::collections::BTreeMap;

/// Longest fragment [`decode`] looks at (characters). Links over ~8,000 characters already fail
/// in chat tools; 2 MiB leaves room for very large schemas shared by other means.
pub const MAX_FRAGMENT: usize = 2 * 1024 * 1024;
/// Largest inflated state [`decode`] accepts (bytes). A decompression bomb stops here.
pub const MAX_JSON: usize = 8 * 1024 * 1024;
/// The version [`encode`] writes.
pub const CURRENT_VERSION: u32 = 2;

/// Everything a link carries. Fields at their default are left out of the link.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ShareState {
    /// The schema text in the editor.
    pub text: String,
    pub dialect: Dialect,
    /// The language of `text` when the person chose it over the recognition (`None`: recognised
    /// from the content, what every link made before the field existed means).
    pub kind: Option<InputKind>,
    /// The migration script the Migration view checks.
    pub migration: String,
    /// Active output view id (`diagram`, `findings`, `prisma`, ...); empty for the app's default.
    pub tab: String,
    /// Lint rule levels: rule id → `off` | `info` | `warning` | `error` (what `schemaplay.toml`'s
    /// `[rules]` holds). Kept as plain strings so a link made with a newer rule catalogue still opens.
    pub lint: BTreeMap<String, String>,
    /// Tables moved by hand in the diagram: table key → top-left position.
    pub positions: BTreeMap<String, (f64, f64)>,
    /// View options, `<view>.<option>` → value.
    pub options: BTreeMap<String, String>,
    /// The schema text frozen with "Set as baseline" in the Migration view (empty: none). The
    /// view shows the migration from this schema to `text`.
    pub baseline: String,
    /// A migration history loaded in the History view: its folder's name.
    pub history_name: String,
    /// Its files as (path relative to the folder, text); empty: none.
    pub history: Vec<(String, String)>,
    /// Table header colours picked in the diagram: table key → `#rrggbb` (`erd::decor`).
    pub colors: BTreeMap<String, String>,
    /// Sticky notes on the diagram (`erd::decor::Sticky`), in the order they were added.
    pub notes: Vec<Sticky>,
}

impl ShareState {
    /// A state holding only schema text and dialect (what `schemaplay share encode` writes).
    pub fn from_text(text: impl Into<String>, dialect: Dialect) -> Self {
        ShareState { text: text.into(), dialect, ..Default::default() }
    }
}

/// Why a link could not be opened. `Display` is a sentence for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// No fragment at all (nothing after `#`).
    Empty,
    /// Longer than [`MAX_FRAGMENT`].
    TooLong(usize),
    /// Not `v<N>.`: not a Schema Playground link.
    NotALink,
    /// A version this build does not know (made by a newer playground).
    UnknownVersion(String),
    /// Characters outside base64url, or an impossible length (typically cut off or edited).
    BadEncoding,
    /// The compressed data is damaged (truncated, altered).
    Corrupt,
    /// Inflates past [`MAX_JSON`]: refused (decompression bomb or absurd state).
    TooLarge,
    /// The checksum does not match: the link was changed or cut off.
    Checksum,
    /// Decompressed fine but is not a state this version understands.
    BadState(String),
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::Empty => write!(f, "the link holds no playground state"),
            ShareError::TooLong(n) => write!(f, "the link is too long to open ({n} characters; the limit is {MAX_FRAGMENT})"),
            ShareError::NotALink => write!(f, "this is not a Schema Playground share link"),
            ShareError::UnknownVersion(v) => write!(f, "the link uses format {v}, which this version of the playground does not know (it may come from a newer version)"),
            ShareError::BadEncoding => write!(f, "the link is damaged: it contains characters a share link cannot have, or was cut off"),
            ShareError::Corrupt => write!(f, "the link is damaged: its compressed data is broken (was it cut off or edited?)"),
            ShareError::TooLarge => write!(f, "the link expands to more than {} MiB and was refused", MAX_JSON / (1024 * 1024)),
            ShareError::Checksum => write!(f, "the link is damaged: its checksum does not match (was it cut off or edited?)"),
            ShareError::BadState(why) => write!(f, "the link does not hold a valid playground state: {why}"),
        }
    }
}

impl std::error::Error for ShareError {}

/// How the link's JSON header becomes text and back: [`SerdeJson`] here and in the CLI; the
/// web app passes the browser's own JSON (`JSON.stringify` / `JSON.parse` through
/// serde-wasm-bindgen), so the page's wasm module carries no JSON library. Both read what the
/// other writes (the same keys; numbers may be spelt differently, `1.0` / `1`).
pub trait JsonText {
    fn to_text<T: serde::Serialize>(value: &T) -> Option<String>;
    fn from_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String>;
}

/// [`JsonText`] by serde_json.
pub struct SerdeJson;

impl JsonText for SerdeJson {
    fn to_text<T: serde::Serialize>(value: &T) -> Option<String> {
        serde_json::to_string(value).ok()
    }
    fn from_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

/// Encodes the state as a fragment of the current version (without the leading `#`).
pub fn encode(state: &ShareState) -> String {
    encode_with::<SerdeJson>(state)
}

/// [`encode`] with another JSON implementation.
pub fn encode_with<J: JsonText>(state: &ShareState) -> String {
    encode_v2::<J>(state)
}

/// Encodes the state for a draft: the same format, compressed in one quick pass (see
/// [`encode_v2_quick`]); [`decode`] reads both.
pub fn encode_draft(state: &ShareState) -> String {
    encode_draft_with::<SerdeJson>(state)
}

/// [`encode_draft`] with another JSON implementation.
pub fn encode_draft_with<J: JsonText>(state: &ShareState) -> String {
    encode_v2_quick::<J>(state)
}

/// The fragment part of what a person pasted: a whole URL (`…#v1.…`), `#v1.…` or `v1.…`.
/// Surrounding whitespace is ignored.
pub fn fragment_of(input: &str) -> &str {
    let s = input.trim();
    match s.find('#') {
        Some(i) => &s[i + 1..],
        None => s,
    }
}

/// Decodes a fragment (or a whole URL, or `#fragment`) of any known version.
pub fn decode(input: &str) -> Result<ShareState, ShareError> {
    decode_with::<SerdeJson>(input)
}

/// [`decode`] with another JSON implementation.
pub fn decode_with<J: JsonText>(input: &str) -> Result<ShareState, ShareError> {
    let frag = fragment_of(input);
    if frag.is_empty() {
        return Err(ShareError::Empty);
    }
    if frag.len() > MAX_FRAGMENT {
        return Err(ShareError::TooLong(frag.len()));
    }
    let (version, payload) = frag.split_once('.').ok_or(ShareError::NotALink)?;
    let n = version
        .strip_prefix('v')
        .filter(|n| !n.is_empty() && n.len() <= 9 && n.bytes().all(|b| b.is_ascii_digit()))
        .ok_or(ShareError::NotALink)?;
    match n {
        "1" => decode_v1::<J>(payload),
        "2" => decode_v2::<J>(payload),
        _ => Err(ShareError::UnknownVersion(format!("v{n}"))),
    }
}

#[cfg(test)]
mod tests;
