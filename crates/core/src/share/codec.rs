//! The link formats. Both share one container:
//!
//! ```text
//! base64url-no-pad( raw-DEFLATE(bytes) ++ checksum(bytes) as 4 big-endian bytes )
//! ```
//!
//! where the checksum is Adler-32 in v1 and CRC-32 (IEEE, as in gzip and PNG) in v2: Adler-32's
//! sums cannot see some reorderings of a few bytes, and a single flipped bit in a DEFLATE stream
//! can reorder output bytes exactly so (`index` → `ndiex` passed v1's check). The formats differ
//! in `bytes`:
//!
//! - **v1**: the compact JSON of the state with short keys, the schema text included as the JSON
//!   string `"s"` (`{"s":"CREATE TABLE …","d":"mysql"}`).
//! - **v2** (current): the compact JSON of everything *but* the schema text, a newline, then the
//!   schema text as it is (`{"d":"mysql"}\nCREATE TABLE …`; only `\n` and the text when every other
//!   field is at its default). Compact JSON never holds a raw newline, so the first one ends it.
//!   The text is not JSON-escaped: no `\n`, `\"` or `\\` pairs for DEFLATE to spend bits on, which
//!   makes links 3–4% shorter on the corpus.
//!
//! One refinement for tiny states: when DEFLATE does not shrink the bytes (short, incompressible
//! text, where a stored block costs 5 bytes of framing), the payload is instead the byte
//! [`UNCOMPRESSED`] followed by the bytes as they are. `0xFF` can never start a DEFLATE stream: its
//! block-type bits are `11`, which RFC 1951 reserves, so the two forms cannot be confused.
//!
//! The encoder tries several miniz_oxide settings and keeps the shortest stream (the decoder does
//! not care how a stream was made): see [`deflate_shortest`].

use super::{base64url, JsonText, ShareError, ShareState, MAX_JSON};
#[cfg(test)]
use super::SerdeJson;
use crate::dialect::Dialect;
use crate::erd::decor::{self, Sticky};
use crate::parse::InputKind;
use miniz_oxide::deflate::core::{compress_to_output, deflate_flags, CompressorOxide, TDEFLFlush, TDEFLStatus};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// First payload byte of the uncompressed form (see the module doc).
const UNCOMPRESSED: u8 = 0xFF;

/// miniz_oxide's match-finder effort of its levels 9 and 10 ("uber"); neither always wins.
const PROBES: [u32; 2] = [768, 1500];
/// Up to this size a stream of static-Huffman blocks is tried too: on short input the 60–80
/// bytes of a dynamic block's code tables cost more than they save (miniz only picks static
/// blocks by itself under 48 bytes; zlib compares the costs, so without this tiny links lose to
/// zlib's by a few bytes).
const STATIC_UP_TO: usize = 4 * 1024;
/// Above this size, streams split into blocks every [`SPLITS`] bytes of input are tried too.
/// miniz_oxide ends a block only when its 64 KiB code buffer fills, so one set of Huffman codes
/// covers very different stretches (DDL, then `INSERT` data); zlib's blocks hold 16 Ki symbols.
/// A split costs a 4-byte empty stored block (sync flush), far less than what it saves on large
/// mixed dumps (Chinook: 1.6% shorter than without).
const SPLIT_ABOVE: usize = 24 * 1024;
const SPLITS: [usize; 2] = [16 * 1024, 32 * 1024];

/// Raw DEFLATE of `data` with the given miniz flags, in blocks of at most `chunk` input bytes.
fn deflate(data: &[u8], flags: u32, chunk: usize) -> Option<Vec<u8>> {
    let mut c = CompressorOxide::new(flags);
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    let mut pieces = data.chunks(chunk.max(1)).peekable();
    if data.is_empty() {
        let (status, _) = compress_to_output(&mut c, &[], TDEFLFlush::Finish, |b| {
            out.extend_from_slice(b);
            true
        });
        return (status == TDEFLStatus::Done).then_some(out);
    }
    while let Some(piece) = pieces.next() {
        let flush = if pieces.peek().is_none() { TDEFLFlush::Finish } else { TDEFLFlush::Sync };
        let (status, used) = compress_to_output(&mut c, piece, flush, |b| {
            out.extend_from_slice(b);
            true
        });
        let want = if flush == TDEFLFlush::Finish { TDEFLStatus::Done } else { TDEFLStatus::Okay };
        if status != want || used != piece.len() {
            return None;
        }
    }
    Some(out)
}

/// The shortest raw DEFLATE stream of `data` among several miniz_oxide settings. Links are made
/// rarely and read often, so the extra time (a few compressions) is well spent.
pub(crate) fn deflate_shortest(data: &[u8]) -> Vec<u8> {
    let whole = usize::MAX;
    let mut tries: Vec<(u32, usize)> = PROBES.iter().map(|&p| (p, whole)).collect();
    if data.len() <= STATIC_UP_TO {
        tries.push((PROBES[1] | deflate_flags::TDEFL_FORCE_ALL_STATIC_BLOCKS, whole));
    }
    if data.len() > SPLIT_ABOVE {
        for &chunk in &SPLITS {
            tries.extend(PROBES.iter().map(|&p| (p, chunk)));
        }
    }
    tries.into_iter().filter_map(|(flags, chunk)| deflate(data, flags, chunk)).min_by_key(Vec::len).unwrap_or_default()
}

/// miniz's default effort (its level 6): one pass for drafts.
const QUICK_PROBES: u32 = 128;

/// One DEFLATE pass at miniz's default effort. A draft is written after every pause in typing
/// and read once, so the few percent [`deflate_shortest`] saves are not worth its several passes
/// (on a 500-migration history they made the autosave the page's longest task).
fn deflate_quick(data: &[u8]) -> Vec<u8> {
    deflate(data, QUICK_PROBES, usize::MAX).unwrap_or_default()
}

/// Which checksum a container carries.
#[derive(Clone, Copy)]
enum Sum {
    Adler32,
    Crc32,
}

impl Sum {
    fn of(self, bytes: &[u8]) -> u32 {
        match self {
            Sum::Adler32 => adler2::adler32_slice(bytes),
            Sum::Crc32 => crc32(bytes),
        }
    }
}

/// CRC-32 lookup table (reflected polynomial 0xEDB88320), built at compile time.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// CRC-32 (IEEE 802.3; what gzip, zip and PNG use).
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |c, &b| CRC_TABLE[((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8))
}

/// The container around `bytes`: DEFLATE (or the uncompressed form) + checksum, base64url.
fn pack(bytes: &[u8], sum: Sum) -> String {
    pack_with(bytes, sum, deflate_shortest(bytes))
}

/// The container around `bytes` given their DEFLATE stream `out`.
fn pack_with(bytes: &[u8], sum: Sum, mut out: Vec<u8>) -> String {
    if out.is_empty() || bytes.len() + 1 < out.len() {
        out = Vec::with_capacity(bytes.len() + 5);
        out.push(UNCOMPRESSED);
        out.extend_from_slice(bytes);
    }
    out.extend_from_slice(&sum.of(bytes).to_be_bytes());
    base64url::encode(&out)
}

/// The bytes inside a container, checked: bounded inflate, then the checksum.
fn unpack(payload: &str, check: Sum) -> Result<Vec<u8>, ShareError> {
    let bytes = base64url::decode(payload).ok_or(ShareError::BadEncoding)?;
    if bytes.len() < 5 {
        return Err(ShareError::Corrupt);
    }
    let (deflated, sum) = bytes.split_at(bytes.len() - 4);
    let data = if deflated[0] == UNCOMPRESSED {
        if deflated.len() - 1 > MAX_JSON {
            return Err(ShareError::TooLarge);
        }
        deflated[1..].to_vec()
    } else {
        miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, MAX_JSON).map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::Corrupt,
        })?
    };
    let expected = u32::from_be_bytes([sum[0], sum[1], sum[2], sum[3]]);
    if check.of(&data) != expected {
        return Err(ShareError::Checksum);
    }
    Ok(data)
}

/// The JSON shape of both versions. Short keys; empty/default fields are not written (v2 never
/// writes `s`: its text follows the JSON). Unknown keys are ignored when reading, so a later
/// writer may add optional fields.
#[derive(Serialize, Deserialize, Default)]
struct Wire {
    #[serde(rename = "s", default, skip_serializing_if = "String::is_empty")]
    text: String,
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    dialect: Option<String>,
    /// The input kind the person chose (absent: recognised from the text). An id this build does
    /// not know (a newer reader) is read as absent, so the link still opens.
    #[serde(rename = "k", default, skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(rename = "m", default, skip_serializing_if = "String::is_empty")]
    migration: String,
    #[serde(rename = "t", default, skip_serializing_if = "String::is_empty")]
    tab: String,
    #[serde(rename = "l", default, skip_serializing_if = "BTreeMap::is_empty")]
    lint: BTreeMap<String, String>,
    #[serde(rename = "p", default, skip_serializing_if = "BTreeMap::is_empty")]
    positions: BTreeMap<String, (f64, f64)>,
    #[serde(rename = "o", default, skip_serializing_if = "BTreeMap::is_empty")]
    options: BTreeMap<String, String>,
    /// Added after the first v1 links: optional, so those still decode.
    #[serde(rename = "b", default, skip_serializing_if = "String::is_empty")]
    baseline: String,
    /// A migration history: its folder's name and its files as (path, text).
    #[serde(rename = "hn", default, skip_serializing_if = "String::is_empty")]
    history_name: String,
    #[serde(rename = "h", default, skip_serializing_if = "Vec::is_empty")]
    history: Vec<(String, String)>,
    /// Table colours (key → `#rrggbb`) and sticky notes (x, y, text): added in session 7,
    /// optional, so older links still decode.
    #[serde(rename = "c", default, skip_serializing_if = "BTreeMap::is_empty")]
    colors: BTreeMap<String, String>,
    #[serde(rename = "n", default, skip_serializing_if = "Vec::is_empty")]
    notes: Vec<(f64, f64, String)>,
    /// Where notes stand in Focus views: (index into `n`, focused table key, x, y). Added in
    /// session 9 as a key of its own (`n`'s entries keep their three fields, which older builds
    /// read exactly): older links have none, older builds ignore it and show every note at its
    /// full-diagram place.
    #[serde(rename = "nv", default, skip_serializing_if = "Vec::is_empty")]
    note_views: Vec<NoteView>,
}

/// A note's place in a Focus view on the wire: (index into `n`, focused table key, x, y).
type NoteView = (usize, String, f64, f64);

/// The colours a state may hold: valid ones only, normalised (`decor::color`).
fn valid_colors(colors: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    colors.iter().filter_map(|(k, c)| Some((k.clone(), decor::color(c)?))).collect()
}

/// The notes a state may hold: finite positions, text and count clamped (`decor::Sticky::new`),
/// each with its Focus-view positions from `views` ((index into `notes`, focused table, x, y);
/// non-finite ones and those past `decor::MAX_NOTE_VIEWS` left out).
fn valid_notes<'a>(notes: impl Iterator<Item = (f64, f64, &'a str)>, views: &[NoteView]) -> Vec<Sticky> {
    let mut all: Vec<Option<Sticky>> = notes.map(|(x, y, t)| Sticky::new(x, y, t)).collect();
    for (i, key, x, y) in views {
        if let Some(Some(s)) = all.get_mut(*i) {
            s.set_pos(Some(key), *x, *y);
        }
    }
    all.into_iter().flatten().take(decor::MAX_NOTES).collect()
}

/// The Focus-view places of `notes` as `nv` entries (index into `notes`).
fn note_views(notes: &[Sticky]) -> Vec<NoteView> {
    notes.iter().enumerate().flat_map(|(i, s)| s.focus.iter().map(move |(k, (x, y))| (i, k.clone(), *x, *y))).collect()
}

/// A state's notes as the link writes them: `n` and `nv` (see [`Wire`]), through the same
/// validation as a link read ([`valid_notes`]; a dropped note shifts the indices after it).
fn wire_notes(notes: &[Sticky]) -> (Vec<(f64, f64, String)>, Vec<NoteView>) {
    let kept = valid_notes(notes.iter().map(|s| (s.x, s.y, s.text.as_str())), &note_views(notes));
    let views = note_views(&kept);
    (kept.into_iter().map(|s| (s.x, s.y, s.text)).collect(), views)
}

/// The JSON of a state; the text left out unless `with_text` (v1).
fn wire_json<J: JsonText>(state: &ShareState, with_text: bool) -> String {
    let (notes, note_views) = wire_notes(&state.notes);
    let wire = Wire {
        text: if with_text { state.text.clone() } else { String::new() },
        dialect: (state.dialect != Dialect::default()).then(|| state.dialect.id().to_string()),
        kind: state.kind.map(|k| k.id().to_string()),
        migration: state.migration.clone(),
        tab: state.tab.clone(),
        lint: state.lint.clone(),
        // JSON has no NaN or infinity; such a position would make the link unreadable.
        positions: crate::sort::map(state.positions.iter().filter(|(_, (x, y))| x.is_finite() && y.is_finite()).map(|(k, v)| (k.clone(), *v))),
        options: state.options.clone(),
        baseline: state.baseline.clone(),
        history_name: state.history_name.clone(),
        history: state.history.clone(),
        colors: valid_colors(&state.colors),
        notes,
        note_views,
    };
    // Serialising strings, maps of strings and finite floats cannot fail.
    J::to_text(&wire).unwrap_or_default()
}

fn state_of<J: JsonText>(json: &[u8], text: Option<String>) -> Result<ShareState, ShareError> {
    let json = std::str::from_utf8(json).map_err(|_| ShareError::BadState("not UTF-8 text".into()))?;
    let wire: Wire = J::from_text(json).map_err(ShareError::BadState)?;
    let dialect = match wire.dialect.as_deref() {
        None => Dialect::default(),
        Some(d) => Dialect::parse(d).ok_or_else(|| ShareError::BadState(format!("unknown dialect {d:?}")))?,
    };
    Ok(ShareState {
        text: text.unwrap_or(wire.text),
        dialect,
        kind: wire.kind.as_deref().and_then(InputKind::parse),
        migration: wire.migration,
        tab: wire.tab,
        lint: wire.lint,
        positions: crate::sort::map(wire.positions.into_iter().filter(|(_, (x, y))| x.is_finite() && y.is_finite())),
        options: wire.options,
        baseline: wire.baseline,
        history_name: wire.history_name,
        history: wire.history,
        colors: valid_colors(&wire.colors),
        notes: valid_notes(wire.notes.iter().map(|(x, y, t)| (*x, *y, t.as_str())), &wire.note_views),
    })
}

/// The v1 JSON of a state (what v1 compresses).
#[cfg(test)]
pub(crate) fn to_json(state: &ShareState) -> String {
    wire_json::<SerdeJson>(state, true)
}

/// A v1 fragment, `v1.` included. Only tests write v1 now; links of every version still open.
#[cfg(test)]
pub(crate) fn encode_v1(state: &ShareState) -> String {
    format!("v1.{}", pack(to_json(state).as_bytes(), Sum::Adler32))
}

/// The payload of a v1 link holding `json` as it is (tests write headers by hand).
#[cfg(test)]
pub(crate) fn pack_v1_json(json: &str) -> String {
    pack(json.as_bytes(), Sum::Adler32)
}

/// Decodes the part after `v1.`.
pub fn decode_v1<J: JsonText>(payload: &str) -> Result<ShareState, ShareError> {
    state_of::<J>(&unpack(payload, Sum::Adler32)?, None)
}

/// What v2 compresses: the JSON without the text (nothing when it would be `{}`), `\n`, the text.
pub(crate) fn v2_bytes<J: JsonText>(state: &ShareState) -> Vec<u8> {
    let json = wire_json::<J>(state, false);
    let json = if json == "{}" { "" } else { json.as_str() };
    let mut bytes = Vec::with_capacity(json.len() + 1 + state.text.len());
    bytes.extend_from_slice(json.as_bytes());
    bytes.push(b'\n');
    bytes.extend_from_slice(state.text.as_bytes());
    bytes
}

/// The v2 fragment of a state, `v2.` included.
pub fn encode_v2<J: JsonText>(state: &ShareState) -> String {
    format!("v2.{}", pack(&v2_bytes::<J>(state), Sum::Crc32))
}

/// The v2 fragment of a state compressed in one quick pass (a draft; links use [`encode_v2`]).
pub fn encode_v2_quick<J: JsonText>(state: &ShareState) -> String {
    let bytes = v2_bytes::<J>(state);
    let out = deflate_quick(&bytes);
    format!("v2.{}", pack_with(&bytes, Sum::Crc32, out))
}

/// Decodes the part after `v2.`.
pub fn decode_v2<J: JsonText>(payload: &str) -> Result<ShareState, ShareError> {
    let bytes = unpack(payload, Sum::Crc32)?;
    let nl = bytes.iter().position(|&b| b == b'\n').ok_or_else(|| ShareError::BadState("no end of header".into()))?;
    let (json, text) = (&bytes[..nl], &bytes[nl + 1..]);
    let text = std::str::from_utf8(text).map_err(|_| ShareError::BadState("the schema text is not UTF-8".into()))?.to_string();
    if json.is_empty() {
        return state_of::<J>(b"{}", Some(text));
    }
    if json.first() != Some(&b'{') {
        return Err(ShareError::BadState("the header is not a JSON object".into()));
    }
    state_of::<J>(json, Some(text))
}
