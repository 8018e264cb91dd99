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
//!   drawn above the boxes). Its text is escaped like every other text in the SVG. A note has a
//!   position per view ([`placed`]): one in the full diagram, and one in each Focus view it was
//!   put or moved in (a Focus view lays out its few tables afresh, so the full diagram's
//!   coordinates mean nothing there). A note made in a Focus view stands in the full diagram at
//!   the same offset from the focused table ([`carried`]); a note of the full diagram shows in a
//!   Focus view when its nearest table ([`nearest_table`]) is there, at the same offset from it.
//!   The notes a DBML input declares (`Note name { '...' }`, `model::StickyNote`) are drawn too
//!   ([`input_notes`]: in a column right of the diagram); an edit of one's text is a text edit of
//!   the DBML ([`rewrite_input_note`]).
//!
//! Both follow a table rename done from the diagram and drop with a delete
//! ([`follow_rename`], [`follow_drop`], for the colour map as for the pinned positions).

use super::graph::ErdGraph;
use super::svg::{escape, n};
use super::{Layout, TableBox};
use crate::lint::{Edit, Fix};
use crate::model::StickyNote;
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

/// A sticky note: free text at a layout position (top-left corner) in the full diagram, and in
/// the Focus views it was put or moved in.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sticky {
    pub x: f64,
    pub y: f64,
    pub text: String,
    /// Its top-left in Focus views: focused table key → position in that view's layout.
    pub focus: BTreeMap<String, (f64, f64)>,
}

/// Most Focus views one note keeps a position for (a move in one more keeps its full position).
pub const MAX_NOTE_VIEWS: usize = 64;

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
        (x.is_finite() && y.is_finite()).then(|| Sticky { x, y, text: text.chars().take(NOTE_MAX_CHARS).collect(), focus: BTreeMap::new() })
    }

    /// Its position in a view: the full diagram (`focus: None`) or the Focus view on a table
    /// (`None` there when it was never put or moved in it).
    pub fn pos(&self, focus: Option<&str>) -> Option<(f64, f64)> {
        match focus {
            None => Some((self.x, self.y)),
            Some(f) => self.focus.get(f).copied(),
        }
    }

    /// Puts it at `(x, y)` in a view (see [`Sticky::pos`]); a non-finite position, or a Focus view
    /// past [`MAX_NOTE_VIEWS`], is refused (false).
    pub fn set_pos(&mut self, focus: Option<&str>, x: f64, y: f64) -> bool {
        if !(x.is_finite() && y.is_finite()) {
            return false;
        }
        match focus {
            None => (self.x, self.y) = (x, y),
            Some(f) if self.focus.contains_key(f) || self.focus.len() < MAX_NOTE_VIEWS => {
                self.focus.insert(f.to_string(), (x, y));
            }
            Some(_) => return false,
        }
        true
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

/// The point `(x, y)` of layout `from` moved with table `key`'s box into layout `to` (the same
/// offset from the box's top-left); `None` when either layout lacks the table.
pub fn carried(key: &str, (x, y): (f64, f64), from: &Layout, to: &Layout) -> Option<(f64, f64)> {
    let a = from.tables.iter().find(|b| b.key == key)?;
    let b = to.tables.iter().find(|b| b.key == key)?;
    Some(((b.x + x - a.x).max(0.0), (b.y + y - a.y).max(0.0)))
}

/// The box of `layout` nearest to note `s` (the gap between the two rectangles, 0 when they
/// overlap; the first of equals).
pub fn nearest_table<'a>(s: &Sticky, layout: &'a Layout) -> Option<&'a TableBox> {
    let (w, h) = s.size();
    let gap = |b: &TableBox| {
        let dx = (b.x - (s.x + w)).max(s.x - (b.x + b.width)).max(0.0);
        let dy = (b.y - (s.y + h)).max(s.y - (b.y + b.height)).max(0.0);
        dx * dx + dy * dy
    };
    layout.tables.iter().fold(None, |best: Option<(&TableBox, f64)>, b| {
        let d = gap(b);
        match best {
            Some((_, bd)) if bd <= d => best,
            _ => Some((b, d)),
        }
    })
    .map(|(b, _)| b)
}

/// The notes a view shows and where: (index into `notes`, top-left in `drawn`'s layout units).
/// The full diagram (`focus: None`, `drawn` its layout) shows every note at its position. The
/// Focus view on a table (`drawn` its layout, `full` the full diagram's when known) shows the
/// notes put or moved there at that place, and each other note whose nearest table in `full` is
/// in the view, at the same offset from that table.
pub fn placed(notes: &[Sticky], focus: Option<&str>, full: Option<&Layout>, drawn: &Layout) -> Vec<(usize, f64, f64)> {
    let Some(f) = focus else {
        return notes.iter().enumerate().map(|(i, s)| (i, s.x, s.y)).collect();
    };
    notes
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            if let Some((x, y)) = s.pos(Some(f)) {
                return Some((i, x, y));
            }
            let full = full?;
            let anchor = nearest_table(s, full)?;
            carried(&anchor.key, (s.x, s.y), full, drawn).map(|(x, y)| (i, x, y))
        })
        .collect()
}

/// The notes of `notes` a view shows (see [`placed`]), each at its place there: what an export
/// or an embed of the view draws.
pub fn in_view(notes: &[Sticky], focus: Option<&str>, full: Option<&Layout>, drawn: &Layout) -> Vec<Sticky> {
    placed(notes, focus, full, drawn)
        .into_iter()
        .map(|(i, x, y)| Sticky { x, y, text: notes[i].text.clone(), focus: BTreeMap::new() })
        .collect()
}

/// Gap between the diagram and the column of input notes, and between two of them.
const INPUT_NOTE_GAP: f64 = 40.0;

/// The notes an input declares (DBML `Note` blocks) as sticky notes of the full diagram laid out
/// by `full`: one column right of it, from the top, in source order.
pub fn input_notes(notes: &[StickyNote], full: &Layout) -> Vec<Sticky> {
    let x = full.width + INPUT_NOTE_GAP;
    let mut y = 0.0;
    notes
        .iter()
        .filter_map(|n| {
            let s = Sticky::new(x, y, &n.text)?;
            y += s.size().1 + INPUT_NOTE_GAP / 2.0;
            Some(s)
        })
        .collect()
}

/// The text edit that makes input note `note`'s text `text`: its string in the DBML replaced by
/// `text` as a DBML string (`codegen::escape::dbml::string`: `@dbml/core` and our reader read it
/// back exactly). `None` when the note was not read from a text.
pub fn rewrite_input_note(note: &StickyNote, text: &str) -> Option<Fix> {
    let sp = note.text_span;
    (sp.end > sp.start).then(|| Fix {
        description: format!("changed the text of note {}", note.name),
        edits: vec![Edit { start: sp.start, end: sp.end, replacement: crate::codegen::escape::dbml::string(text) }],
    })
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

    /// A layout of boxes (key, x, y), each 100 × 60.
    fn laid(boxes: &[(&str, f64, f64)]) -> Layout {
        let tables = boxes.iter().map(|(k, x, y)| TableBox { key: k.to_string(), schema: None, name: k.to_string(), x: *x, y: *y, width: 100.0, height: 60.0, kind: Default::default(), partitions: 0 }).collect();
        Layout { width: 1000.0, height: 800.0, tables, ..Default::default() }
    }

    #[test]
    fn notes_have_a_place_per_view() {
        // the full diagram: users far left, orders middle, audit far right
        let full = laid(&[("users", 0.0, 0.0), ("orders", 400.0, 0.0), ("audit", 900.0, 700.0)]);
        // the Focus view on orders holds orders and users, laid out afresh
        let focus = laid(&[("orders", 20.0, 20.0), ("users", 200.0, 20.0)]);
        let near_users = Sticky::new(10.0, 100.0, "by users").unwrap();
        let near_audit = Sticky::new(880.0, 600.0, "by audit").unwrap();
        let mut made_in_focus = Sticky::new(0.0, 0.0, "made in focus").unwrap();
        // made in the Focus view on orders at (30, 120): in the full diagram at the same offset from orders
        let (fx, fy) = carried("orders", (30.0, 120.0), &focus, &full).unwrap();
        assert_eq!((fx, fy), (410.0, 100.0));
        made_in_focus.set_pos(None, fx, fy);
        assert!(made_in_focus.set_pos(Some("orders"), 30.0, 120.0));
        let notes = [near_users, near_audit, made_in_focus];

        // the full diagram shows all three at their full places
        assert_eq!(placed(&notes, None, Some(&full), &full), [(0, 10.0, 100.0), (1, 880.0, 600.0), (2, 410.0, 100.0)]);
        // the Focus view on orders: the note made there where it was put; the one by users moved
        // with users (same offset); the one by audit is not shown (audit is not in the view)
        assert_eq!(placed(&notes, Some("orders"), Some(&full), &focus), [(0, 210.0, 120.0), (2, 30.0, 120.0)]);
        // without the full layout only the notes put in the view show
        assert_eq!(placed(&notes, Some("orders"), None, &focus), [(2, 30.0, 120.0)]);
        // another Focus view (on users, holding users and orders) does not use orders' place:
        // the note made on orders stands by its nearest table there (orders)
        let on_users = laid(&[("users", 20.0, 20.0), ("orders", 200.0, 20.0)]);
        assert_eq!(placed(&notes, Some("users"), Some(&full), &on_users), [(0, 30.0, 120.0), (2, 210.0, 120.0)]);
        // exports and embeds draw the notes of the view at those places
        let shown = in_view(&notes, Some("orders"), Some(&full), &focus);
        assert_eq!(shown.iter().map(|s| (s.text.as_str(), s.x, s.y)).collect::<Vec<_>>(), [("by users", 210.0, 120.0), ("made in focus", 30.0, 120.0)]);
        assert_eq!(nearest_table(&notes[1], &full).map(|b| b.key.as_str()), Some("audit"));
        assert_eq!(nearest_table(&notes[0], &laid(&[])), None);
    }

    #[test]
    fn focus_positions_are_bounded_and_finite() {
        let mut s = Sticky::new(1.0, 2.0, "x").unwrap();
        assert!(!s.set_pos(Some("t"), f64::NAN, 0.0));
        assert!(!s.set_pos(None, 0.0, f64::INFINITY));
        assert_eq!((s.x, s.y), (1.0, 2.0));
        for i in 0..MAX_NOTE_VIEWS {
            assert!(s.set_pos(Some(&format!("t{i}")), i as f64, 0.0));
        }
        assert!(!s.set_pos(Some("one more"), 0.0, 0.0));
        assert!(s.set_pos(Some("t0"), 5.0, 5.0), "a view it has keeps moving");
        assert_eq!(s.pos(Some("t0")), Some((5.0, 5.0)));
        assert_eq!(s.pos(Some("one more")), None);
        assert_eq!(s.pos(None), Some((1.0, 2.0)));
    }

    #[test]
    fn input_notes_stand_right_of_the_diagram() {
        let full = laid(&[("a", 0.0, 0.0)]);
        let notes = [
            StickyNote { name: "one".into(), text: "first".into(), ..Default::default() },
            StickyNote { name: "two".into(), text: "second\nnote".into(), ..Default::default() },
        ];
        let got = input_notes(&notes, &full);
        assert_eq!(got.iter().map(|s| (s.text.as_str(), s.x, s.y)).collect::<Vec<_>>(), [("first", 1040.0, 0.0), ("second\nnote", 1040.0, got[0].size().1 + 20.0)]);
    }
}
