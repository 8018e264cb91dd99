//! Checks of the size patches in `vendor/sqlparser` (listed in `vendor/PATCHES.md`): each one must
//! leave what sqlparser produces unchanged.

use sqlparser::keywords::{Keyword, ALL_KEYWORDS, ALL_KEYWORDS_INDEX};

/// Patch 1: `Keyword`'s `Display` looks the text up in `ALL_KEYWORDS` by the variant's number.
/// Upstream writes each keyword's own constant; the two agree for every keyword only while the
/// variants follow `ALL_KEYWORDS`' order (this fails if an upgrade breaks that).
#[test]
fn every_keyword_displays_as_its_own_text() {
    assert_eq!(ALL_KEYWORDS_INDEX.len(), ALL_KEYWORDS.len());
    for (k, text) in ALL_KEYWORDS_INDEX.iter().zip(ALL_KEYWORDS) {
        assert_eq!(k.to_string(), *text, "{k:?}");
    }
    assert_eq!(Keyword::NoKeyword.to_string(), "NoKeyword");
    assert_eq!(Keyword::SELECT.to_string(), "SELECT");
}
