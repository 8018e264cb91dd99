//! Byte spans into the source text and their conversion to 1-based line/column positions.

use serde::Serialize;

/// A half-open byte range `start..end` into the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
}

/// Maps byte offsets to 1-based (line, column) pairs; columns count characters, not bytes.
///
/// Both directions are O(log n) — a schema written on one long line converts thousands of spans,
/// and counting characters from the line start each time made that quadratic. ASCII text needs
/// nothing more than the line starts; other text keeps the byte offset of every 256th character.
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    chars: Option<CharIndex>,
}

/// For text that is not all ASCII: character index ↔ byte offset in O(log n + 256).
#[derive(Clone, Debug)]
struct CharIndex {
    /// Byte offset of character `k * CHUNK`.
    every: Vec<usize>,
    /// Character index of each line start.
    line_start_chars: Vec<usize>,
}

const CHUNK: usize = 256;

impl CharIndex {
    fn new(text: &str, line_starts: &[usize]) -> CharIndex {
        let mut every = Vec::with_capacity(text.len() / CHUNK + 1);
        let mut line_start_chars = Vec::with_capacity(line_starts.len());
        let mut next_line = 0;
        let mut n = 0;
        for (b, _) in text.char_indices() {
            if n % CHUNK == 0 {
                every.push(b);
            }
            while next_line < line_starts.len() && line_starts[next_line] <= b {
                line_start_chars.push(n);
                next_line += 1;
            }
            n += 1;
        }
        line_start_chars.resize(line_starts.len(), n);
        CharIndex { every, line_start_chars }
    }

    /// Character index of the character boundary `b`.
    fn char_of(&self, text: &str, b: usize) -> usize {
        let k = self.every.partition_point(|&x| x <= b).saturating_sub(1);
        let from = self.every.get(k).copied().unwrap_or(0);
        k * CHUNK + text.get(from..b).map_or(0, |s| s.chars().count())
    }

    /// Byte offset of character `c` (the text's end past the last one).
    fn byte_of(&self, text: &str, c: usize) -> usize {
        let k = c / CHUNK;
        let Some(&from) = self.every.get(k) else { return text.len() };
        text[from..].char_indices().nth(c % CHUNK).map_or(text.len(), |(i, _)| from + i)
    }
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let chars = (!text.is_ascii()).then(|| CharIndex::new(text, &line_starts));
        LineIndex { text, line_starts, chars }
    }

    /// 1-based line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let col = match &self.chars {
            Some(ci) if self.text.is_char_boundary(offset) => ci.char_of(self.text, offset) - ci.line_start_chars[line],
            _ => offset - start,
        };
        (line + 1, col + 1)
    }

    /// Byte offset of a 1-based (line, column); clamps past-the-end positions.
    pub fn offset(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let end = self.line_starts.get(line).map_or(self.text.len(), |&next| next.saturating_sub(1)).max(start);
        let at = match &self.chars {
            None => start.saturating_add(col.saturating_sub(1)),
            Some(ci) => ci.byte_of(self.text, ci.line_start_chars[line.saturating_sub(1)] + col.saturating_sub(1)),
        };
        at.min(end)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_round_trips() {
        let text = "ab\nçd\n\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(0), (1, 1));
        assert_eq!(idx.line_col(3), (2, 1));
        assert_eq!(idx.line_col(5), (2, 2)); // after the two-byte 'ç'
        assert_eq!(idx.line_col(7), (3, 1));
        assert_eq!(idx.line_col(100), (4, 2));
        for off in [0, 1, 3, 5, 6, 7, 8] {
            let (l, c) = idx.line_col(off);
            assert_eq!(idx.offset(l, c), off, "offset {off}");
        }
        assert_eq!(idx.line_count(), 4);
    }

    /// The same answers as counting characters from the line start, on text with multi-byte
    /// characters across the 256-character checkpoints and on ASCII text.
    #[test]
    fn agrees_with_counting() {
        let mut text = String::new();
        for i in 0..2000 {
            text.push(if i % 7 == 0 { 'é' } else if i % 11 == 0 { '\n' } else if i % 13 == 0 { '😀' } else { 'a' });
        }
        for t in [text.as_str(), "abc\ndef\n\nxyz"] {
            let idx = LineIndex::new(t);
            for off in (0..=t.len()).filter(|&o| t.is_char_boundary(o)) {
                let line = t[..off].matches('\n').count();
                let start = t[..off].rfind('\n').map_or(0, |p| p + 1);
                let col = t[start..off].chars().count();
                assert_eq!(idx.line_col(off), (line + 1, col + 1), "offset {off}");
                assert_eq!(idx.offset(line + 1, col + 1), off, "offset {off}");
            }
            assert_eq!(idx.offset(1, 100_000), t.find('\n').unwrap_or(t.len()));
            assert_eq!(idx.offset(10_000, 1), t.len());
        }
    }
}
