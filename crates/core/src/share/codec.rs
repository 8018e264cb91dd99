//! Format v1: compact JSON → raw DEFLATE (miniz_oxide, best level) + adler32 → base64url.
//!
//! One refinement for tiny states: when DEFLATE does not shrink the JSON (short, incompressible
//! text, where miniz falls back to a stored block with 5 bytes of framing), the payload is instead
//! the byte [`UNCOMPRESSED`] followed by the JSON as is. `0xFF` can never start a DEFLATE stream:
//! its block-type bits are `11`, which RFC 1951 reserves, so the two forms cannot be confused.

use super::{base64url, ShareError, ShareState, MAX_JSON};
use crate::dialect::Dialect;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Compression levels tried; the shortest output wins. miniz_oxide's "uber" level 10 is usually
/// smallest but not always (level 9's lazier matching wins on some large dumps). Links are made
/// rarely and read often, so spend the time.
const LEVELS: [u8; 2] = [10, 9];

/// First payload byte of the uncompressed form (see the module doc).
const UNCOMPRESSED: u8 = 0xFF;

/// The JSON shape of v1. Short keys; empty/default fields are not written. Unknown keys are
/// ignored when reading, so a later v1 writer may add optional fields.
#[derive(Serialize, Deserialize, Default)]
struct Wire {
    #[serde(rename = "s", default, skip_serializing_if = "String::is_empty")]
    text: String,
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    dialect: Option<String>,
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
}

/// The JSON text of a state (what gets compressed).
pub(crate) fn to_json(state: &ShareState) -> String {
    let wire = Wire {
        text: state.text.clone(),
        dialect: (state.dialect != Dialect::default()).then(|| state.dialect.id().to_string()),
        migration: state.migration.clone(),
        tab: state.tab.clone(),
        lint: state.lint.clone(),
        // JSON has no NaN or infinity; such a position would make the link unreadable.
        positions: state.positions.iter().filter(|(_, (x, y))| x.is_finite() && y.is_finite()).map(|(k, v)| (k.clone(), *v)).collect(),
        options: state.options.clone(),
        baseline: state.baseline.clone(),
    };
    // Serialising strings, maps of strings and finite floats cannot fail.
    serde_json::to_string(&wire).unwrap_or_default()
}

/// The v1 fragment of a state, `v1.` included.
pub fn encode_v1(state: &ShareState) -> String {
    let json = to_json(state);
    let mut bytes = LEVELS
        .iter()
        .map(|&l| miniz_oxide::deflate::compress_to_vec(json.as_bytes(), l))
        .min_by_key(Vec::len)
        .unwrap_or_default();
    if json.len() + 1 < bytes.len() {
        bytes = Vec::with_capacity(json.len() + 5);
        bytes.push(UNCOMPRESSED);
        bytes.extend_from_slice(json.as_bytes());
    }
    bytes.extend_from_slice(&adler2::adler32_slice(json.as_bytes()).to_be_bytes());
    format!("v1.{}", base64url::encode(&bytes))
}

/// Decodes the part after `v1.`.
pub fn decode_v1(payload: &str) -> Result<ShareState, ShareError> {
    let bytes = base64url::decode(payload).ok_or(ShareError::BadEncoding)?;
    if bytes.len() < 5 {
        return Err(ShareError::Corrupt);
    }
    let (deflated, sum) = bytes.split_at(bytes.len() - 4);
    let json = if deflated[0] == UNCOMPRESSED {
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
    if adler2::adler32_slice(&json) != expected {
        return Err(ShareError::Checksum);
    }
    let json = std::str::from_utf8(&json).map_err(|_| ShareError::BadState("not UTF-8 text".into()))?;
    let wire: Wire = serde_json::from_str(json).map_err(|e| ShareError::BadState(e.to_string()))?;
    let dialect = match wire.dialect.as_deref() {
        None => Dialect::default(),
        Some(d) => Dialect::parse(d).ok_or_else(|| ShareError::BadState(format!("unknown dialect {d:?}")))?,
    };
    Ok(ShareState {
        text: wire.text,
        dialect,
        migration: wire.migration,
        tab: wire.tab,
        lint: wire.lint,
        positions: wire.positions.into_iter().filter(|(_, (x, y))| x.is_finite() && y.is_finite()).collect(),
        options: wire.options,
        baseline: wire.baseline,
    })
}
