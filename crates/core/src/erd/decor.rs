//! What a person adds to the diagram that is not schema (issue 19, item 3): **table colours** and
//! **sticky notes**.
//!
//! - A table colour is a `#rrggbb` the box header is filled with ([`ErdTable::color`]); the header
//!   text is black or white, whichever contrasts more with it ([`text_on`]: at least 4.58:1 on any
//!   colour, above WCAG AA's 4.5:1). It comes from the input (DBML `Table t [headercolor: #hex]`) or
//!   from the diagram's palette ([`PALETTE`]), kept in the app state and share links by table key;
//!   the diagram's choice wins ([`apply_colors`]). Anything that is not a hex colour is refused
//!   ([`color`]), so a colour can never carry markup into an SVG attribute.
//! - A sticky note ([`Sticky`]) is a box of free text at a layout position. It is not a table: the
//!   layout, findings and code generators never see it; only the drawing does ([`render_notes`],
//!   drawn above the boxes). Its text is escaped like every other text in the SVG.
//!
//! Both follow a table rename done from the diagram and drop with a delete
//! ([`follow_rename`], [`follow_drop`], for the colour map as for the pinned positions).

use super::graph::ErdGraph;
use super::svg::{escape, n};
use std::collections::BTreeMap;
use std::fmt::Write;

/// The diagram's colour choices: (name for people, `#rrggbb`). Mid-tone colours: the header text
/// on each (white or black by [`text_on`]) contrasts at least 4.5:1.
pub const PALETTE: [(&str, &str); 8] = [
    ("Red", "#b91c1c"),
    ("Orange", "#c2410c"),
    ("Yellow", "#facc15"),
    ("Green", "#15803d"),
    ("Teal", "#0f766e"),
    ("Blue", "#1d4ed8"),
    ("Purple", "#7e22ce"),
    ("Grey", "#475569"),
];

/// A colour as `#rrggbb` (lower case) from `#rgb` or `#rrggbb` (case-insensitive, surrounding
/// space ignored); `None` for anything else.
pub fn color(s: &str) -> Option<String> {
    let hex = s.trim().strip_prefix('#')?;
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let hex = hex.to_ascii_lowercase();
    match hex.len() {
        6 => Some(format!("#{hex}")),
        3 => Some(hex.chars().fold(String::from("#"), |mut s, c| {
            s.push(c);
            s.push(c);
            s
        })),
        _ => None,
    }
}

/// WCAG relative luminance of a `#rrggbb` colour (0 for anything else).
fn luminance(hex: &str) -> f64 {
    let Some(c) = color(hex) else { return 0.0 };
    let ch = |i: usize| {
        let v = u8::from_str_radix(&c[i..i + 2], 16).unwrap_or(0) as f64 / 255.0;
        if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * ch(1) + 0.7152 * ch(3) + 0.0722 * ch(5)
}

/// WCAG contrast ratio of two colours.
pub fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The header text colour on `background`: black or white, whichever contrasts more.
pub fn text_on(background: &str) -> &'static str {
    if contrast(background, "#000000") >= contrast(background, "#ffffff") { "#000000" } else { "#ffffff" }
}

/// Sets the colour of each table of `graph` named in `colors` (table key → colour; a colour
/// [`color`] refuses is left out, and so is a key no table has).
pub fn apply_colors(graph: &mut ErdGraph, colors: &BTreeMap<String, String>) {
    if colors.is_empty() {
        return;
    }
    for t in &mut graph.tables {
        if let Some(c) = colors.get(&t.key).and_then(|c| color(c)) {
            t.color = Some(c);
        }
    }
}

/// After table `from` was renamed `to` (diagram keys): what was kept under `from` moves to `to`.
pub fn follow_rename<V>(map: &mut BTreeMap<String, V>, from: &str, to: &str) {
    if from == to {
        return;
    }
    if let Some(v) = map.remove(from) {
        map.insert(to.to_string(), v);
    }
}

/// After table `key` was deleted: what was kept for it goes.
pub fn follow_drop<V>(map: &mut BTreeMap<String, V>, key: &str) {
    map.remove(key);
}

/// A sticky note: free text at a layout position (top-left corner).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sticky {
    pub x: f64,
    pub y: f64,
    pub text: String,
}

/// A note's width (layout units).
pub const NOTE_W: f64 = 180.0;
/// Characters per drawn line of a note (the box's width at the note font).
pub const NOTE_LINE_CHARS: usize = 28;
/// Lines drawn at most (the rest is cut with `…`; the text itself is kept whole).
pub const NOTE_MAX_LINES: usize = 16;
/// Longest note text kept (characters): a link or state with more keeps this much.
pub const NOTE_MAX_CHARS: usize = 2000;
/// Most notes kept in a state.
pub const MAX_NOTES: usize = 200;
const NOTE_PAD: f64 = 8.0;
const NOTE_LINE_H: f64 = 15.0;

impl Sticky {
    /// A note with its text clamped to [`NOTE_MAX_CHARS`]; `None` when a coordinate is not finite.
    pub fn new(x: f64, y: f64, text: &str) -> Option<Sticky> {
        (x.is_finite() && y.is_finite()).then(|| Sticky { x, y, text: text.chars().take(NOTE_MAX_CHARS).collect() })
    }

    /// The drawn lines: the text's own lines, wrapped at word boundaries to [`NOTE_LINE_CHARS`],
    /// at most [`NOTE_MAX_LINES`] (the last then ends with `…`). At least one (empty) line.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for para in self.text.split('\n') {
            let mut line = String::new();
            for word in para.split(' ') {
                let mut word: Vec<char> = word.chars().collect();
                // a word longer than a line is cut into line-long pieces
                while word.len() > NOTE_LINE_CHARS {
                    if !line.is_empty() {
                        out.push(std::mem::take(&mut line));
                    }
                    out.push(word.drain(..NOTE_LINE_CHARS).collect());
                }
                let word: String = word.into_iter().collect();
                let len = line.chars().count();
                if len > 0 && len + 1 + word.chars().count() > NOTE_LINE_CHARS {
                    out.push(std::mem::take(&mut line));
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(&word);
            }
            out.push(line);
        }
        if out.len() > NOTE_MAX_LINES {
            out.truncate(NOTE_MAX_LINES);
            if let Some(last) = out.last_mut() {
                let kept: String = last.chars().take(NOTE_LINE_CHARS - 1).collect();
                *last = format!("{kept}…");
            }
        }
        out
    }

    /// The note's drawn size (width, height).
    pub fn size(&self) -> (f64, f64) {
        (NOTE_W, 2.0 * NOTE_PAD + NOTE_LINE_H * self.lines().len() as f64)
    }
}

/// The notes as `<g class="stickies">` (nothing when there are none): each a
/// `<g class="sticky" data-note="i">` with a yellow box and its lines of text, escaped.
pub fn render_notes(out: &mut String, notes: &[Sticky]) {
    if notes.is_empty() {
        return;
    }
    out.push_str("<g class=\"stickies\">");
    for (i, s) in notes.iter().enumerate() {
        let (w, h) = s.size();
        let _ = write!(
            out,
            "<g class=\"sticky\" data-note=\"{i}\" transform=\"translate({} {})\"><rect width=\"{}\" height=\"{}\" rx=\"3\" style=\"fill:#fef08a;stroke:#ca8a04\"/>",
            n(s.x),
            n(s.y),
            n(w),
            n(h)
        );
        for (k, line) in s.lines().iter().enumerate() {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" style=\"fill:#1c1917;font-size:12px\">{}</text>",
                n(NOTE_PAD),
                n(NOTE_PAD + NOTE_LINE_H * k as f64 + 11.0),
                escape(line)
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</g>");
}

/// The drawing's size grown to hold every note (plus a margin), from the layout's `(w, h)`.
pub fn bounds_with_notes(w: f64, h: f64, notes: &[Sticky]) -> (f64, f64) {
    notes.iter().fold((w, h), |(w, h), s| {
        let (nw, nh) = s.size();
        (w.max(s.x + nw + NOTE_PAD), h.max(s.y + nh + NOTE_PAD))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erd::ErdTable;

    #[test]
    fn colours_are_normalised_and_anything_else_refused() {
        assert_eq!(color("#AbC").as_deref(), Some("#aabbcc"));
        assert_eq!(color(" #1D4ED8 ").as_deref(), Some("#1d4ed8"));
        for bad in ["", "#", "red", "#12", "#12345", "#1234567", "#ggg", "1d4ed8", "#fff\"/><script>", "#fff;x"] {
            assert_eq!(color(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn header_text_contrasts_at_least_aa_on_every_colour() {
        // every palette colour, and a sweep of greys and hues: black or white always reaches 4.5:1
        let mut all: Vec<String> = PALETTE.iter().map(|(_, c)| c.to_string()).collect();
        for v in (0..=255).step_by(5) {
            all.push(format!("#{v:02x}{v:02x}{v:02x}"));
            all.push(format!("#{v:02x}{:02x}00", 255 - v));
            all.push(format!("#00{v:02x}{:02x}", 255 - v));
        }
        for c in &all {
            let r = contrast(c, text_on(c));
            assert!(r >= 4.5, "{c}: {} {r:.2}", text_on(c));
        }
        assert_eq!(text_on("#ffffff"), "#000000");
        assert_eq!(text_on("#000000"), "#ffffff");
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
    }

    #[test]
    fn colours_apply_by_key_and_follow_rename_and_drop() {
        let mut g = ErdGraph { tables: vec![ErdTable::new("a"), ErdTable::new("b"), ErdTable::new("c")], edges: vec![] };
        g.tables[2].color = Some("#123456".into());
        let mut colors: BTreeMap<String, String> =
            [("a".to_string(), "#F00".to_string()), ("b".into(), "javascript:x".into()), ("zz".into(), "#000".into())].into();
        apply_colors(&mut g, &colors);
        let got: Vec<Option<&str>> = g.tables.iter().map(|t| t.color.as_deref()).collect();
        assert_eq!(got, [Some("#ff0000"), None, Some("#123456")]);
        follow_rename(&mut colors, "a", "a2");
        assert_eq!(colors.get("a2").map(String::as_str), Some("#F00"));
        assert!(!colors.contains_key("a"));
        follow_rename(&mut colors, "missing", "b");
        assert_eq!(colors.get("b").map(String::as_str), Some("javascript:x"));
        follow_drop(&mut colors, "a2");
        assert!(!colors.contains_key("a2"));
    }

    #[test]
    fn notes_wrap_cap_and_escape() {
        let s = Sticky::new(10.0, 20.0, "one two three four five six seven eight nine ten\nsecond").unwrap();
        let lines = s.lines();
        assert!(lines.iter().all(|l| l.chars().count() <= NOTE_LINE_CHARS), "{lines:?}");
        assert_eq!(lines.join(" "), "one two three four five six seven eight nine ten second");
        let long = Sticky::new(0.0, 0.0, &"x".repeat(5000)).unwrap();
        assert_eq!(long.text.chars().count(), NOTE_MAX_CHARS);
        assert_eq!(long.lines().len(), NOTE_MAX_LINES);
        assert!(long.lines().last().unwrap().ends_with('…'));
        assert_eq!(Sticky::new(0.0, f64::NAN, "x"), None);
        assert_eq!(Sticky::new(0.0, 0.0, "").unwrap().lines(), [""]);

        let hostile = Sticky::new(0.0, 0.0, "</text></g><script>alert(1)</script> & \"q\" ]]> \u{1}").unwrap();
        let mut out = String::new();
        render_notes(&mut out, &[hostile]);
        assert!(!out.contains("<script") && !out.contains('\u{1}'), "{out}");
        // the markup is only ours: one text element per drawn line, two groups
        assert_eq!(out.matches("<text").count(), out.matches("</text>").count());
        assert_eq!(out.matches("<g").count(), 2);
        assert!(out.contains("&lt;script&gt;") && out.contains("&amp;"));
    }

    #[test]
    fn bounds_grow_to_hold_notes() {
        let s = Sticky::new(500.0, 40.0, "hello").unwrap();
        let (w, h) = bounds_with_notes(300.0, 400.0, std::slice::from_ref(&s));
        assert_eq!(w, 500.0 + NOTE_W + NOTE_PAD);
        assert_eq!(h, 400.0);
        assert_eq!(bounds_with_notes(300.0, 400.0, &[]), (300.0, 400.0));
    }
}
