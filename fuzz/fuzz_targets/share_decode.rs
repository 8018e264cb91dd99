//! Share links: decoding any text (a damaged link, a bomb) returns an error, never a panic; what
//! decodes re-encodes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use schemaplay_core::share;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(state) = share::decode(&text) {
        let _ = share::decode(&share::encode(&state));
    }
});
