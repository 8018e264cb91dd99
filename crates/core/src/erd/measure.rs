//! Deterministic text measure: box sizes and column-row offsets.
//!
//! Contract: every size is computed from the characters of the table name, column names and type
//! labels through a fixed width table (Helvetica/Arial advance widths, in 1/1000 em), never from a
//! font engine, so the same schema gets the same boxes natively, in the browser and in tests.
//! A label longer than its slot is drawn whole but squeezed into the slot (SVG `textLength`) up to
//! [`MAX_SQUEEZE`] times the slot's width, and cut with `…` past that ([`slot`]); so a measured box
//! always holds its text, and common long types (`timestamp without time zone`) are not cut.
//!
//! Row geometry: a box is a header of [`HEADER_H`] followed by one row of [`ROW_H`] per column.
//! [`port_offset`] gives the y of a column row's middle from the box top; an edge attaches there.

use super::graph::{BoxKind, ErdTable};

/// Font size of column rows, in SVG user units.
pub const FONT_SIZE: f64 = 12.0;
/// Font size of the header (bold).
pub const HEADER_FONT_SIZE: f64 = 13.0;
/// Font size of the key markers (PK/FK/UK).
pub const MARKER_FONT_SIZE: f64 = 8.5;
/// Font size of the header badge (`view`, `3 partitions`).
pub const BADGE_FONT_SIZE: f64 = 10.0;
/// Gap between the header label and its badge.
pub const BADGE_GAP: f64 = 12.0;
/// How much wider than measured a header name may be drawn when a badge follows it.
pub const BADGE_NAME_SLACK: f64 = 1.2;
pub const HEADER_H: f64 = 28.0;
pub const ROW_H: f64 = 20.0;
pub const PAD_X: f64 = 8.0;
/// Width of the key-marker slot at the left of a row.
pub const MARKER_W: f64 = 26.0;
/// Gap between a column name and its type.
pub const NAME_TYPE_GAP: f64 = 14.0;
/// Width of the nullable marker slot after the type (`?`).
pub const NULL_W: f64 = 9.0;
pub const MIN_W: f64 = 120.0;
pub const MAX_NAME_W: f64 = 220.0;
pub const MAX_TYPE_W: f64 = 150.0;
pub const MAX_HEADER_W: f64 = 360.0;

/// Advance width of one character in 1/1000 em (regular weight).
fn advance(c: char) -> u32 {
    match c {
        ' ' | '!' | ',' | '.' | '/' | ':' | ';' | '[' | '\\' | ']' | 'f' | 't' | 'I' => 278,
        'i' | 'j' | 'l' | '\'' | '|' => 222,
        '"' => 355,
        '(' | ')' | '-' | 'r' | '`' | '{' | '}' => 333,
        '*' => 389,
        'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' | 'J' => 500,
        'm' | 'M' => 833,
        'w' | 'C' | 'D' | 'H' | 'N' | 'R' | 'U' => 722,
        'W' => 944,
        'G' | 'O' | 'Q' => 778,
        'F' | 'T' | 'Z' => 611,
        'A' | 'B' | 'E' | 'K' | 'P' | 'S' | 'V' | 'X' | 'Y' => 667,
        'L' => 556,
        '%' => 889,
        '@' => 1015,
        '&' => 667,
        '<' | '>' | '=' | '+' | '~' | '^' => 584,
        '#' | '$' | '_' | '?' => 556,
        c if c.is_ascii_alphanumeric() => 556,
        c if c.is_ascii() => 556,
        // Non-ASCII: assume a full-width glyph (CJK, emoji); generous for accented Latin.
        _ => 1000,
    }
}

/// Width of `s` at `font_size`; `bold` widens by 7 %.
pub fn text_width(s: &str, font_size: f64, bold: bool) -> f64 {
    let units: u64 = s.chars().map(|c| advance(c) as u64).sum();
    let w = units as f64 * font_size / 1000.0;
    if bold { w * 1.07 } else { w }
}

/// `s` cut to fit `max_w` (with a trailing `…`), or `s` itself when it fits.
pub fn fit(s: &str, font_size: f64, bold: bool, max_w: f64) -> String {
    if text_width(s, font_size, bold) <= max_w {
        return s.to_string();
    }
    let ell = text_width("…", font_size, bold);
    let mut out = String::new();
    let mut w = 0.0;
    for c in s.chars() {
        let cw = text_width(c.encode_utf8(&mut [0u8; 4]), font_size, bold);
        if w + cw + ell > max_w {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// How much wider than its slot a label may be and still be drawn whole (squeezed into the slot).
pub const MAX_SQUEEZE: f64 = 1.5;

/// A label as drawn in a slot.
#[derive(Clone, Debug, PartialEq)]
pub struct Slotted {
    pub text: String,
    /// The width to squeeze `text` into (SVG `textLength`), when it is wider than the slot.
    pub squeeze: Option<f64>,
}

/// `s` in a slot `max_w` wide: itself when it fits; whole and squeezed into the slot when it is at
/// most [`MAX_SQUEEZE`] times wider; else cut with `…` to that width and squeezed.
pub fn slot(s: &str, font_size: f64, bold: bool, max_w: f64) -> Slotted {
    let w = text_width(s, font_size, bold);
    if w <= max_w {
        return Slotted { text: s.to_string(), squeeze: None };
    }
    let text = fit(s, font_size, bold, max_w * MAX_SQUEEZE);
    let drawn = text_width(&text, font_size, bold);
    Slotted { text, squeeze: Some(max_w.min(drawn)) }
}

/// The header text of a table: `schema.name` when qualified.
pub fn header_label(t: &ErdTable) -> String {
    match &t.schema {
        Some(s) if !s.is_empty() => format!("{s}.{}", t.name),
        _ => t.name.clone(),
    }
}

/// The schemas a database uses when none is named (PostgreSQL, SQLite, SQL Server): the ERD's
/// graph carries no dialect, so any of them is "the default" to it.
pub const DEFAULT_SCHEMAS: [&str; 3] = ["public", "main", "dbo"];

/// Whether `schema` is one of the [`DEFAULT_SCHEMAS`] (any case).
pub fn is_default_schema(schema: &str) -> bool {
    DEFAULT_SCHEMAS.iter().any(|d| d.eq_ignore_ascii_case(schema))
}

/// The name a far-out, scaled label shows: [`header_label`] without a default schema
/// (`public.users` → `users`; `billing.invoices` stays), so it spends its width on the name.
pub fn short_label(t: &ErdTable) -> String {
    match &t.schema {
        Some(s) if !s.is_empty() && !is_default_schema(s) => format!("{s}.{}", t.name),
        _ => t.name.clone(),
    }
}

/// The badge at the right of a box's header: what the box is when not a plain table, and how many
/// partitions it stands for.
pub fn badge(t: &ErdTable) -> Option<String> {
    let kind = match t.kind {
        BoxKind::Table => None,
        BoxKind::View => Some("view"),
        BoxKind::MaterializedView => Some("materialized view"),
    };
    let parts = match t.partitions {
        0 => None,
        1 => Some("1 partition".to_string()),
        n => Some(format!("{n} partitions")),
    };
    match (kind, parts) {
        (None, None) => None,
        (Some(k), None) => Some(k.to_string()),
        (None, Some(p)) => Some(p),
        (Some(k), Some(p)) => Some(format!("{k} · {p}")),
    }
}

/// Measured geometry of one table box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BoxSize {
    pub width: f64,
    pub height: f64,
    /// Width reserved for column names (the type column starts after it).
    pub name_w: f64,
}

/// Measures one table box.
pub fn measure_table(t: &ErdTable) -> BoxSize {
    let mut header = text_width(&header_label(t), HEADER_FONT_SIZE, true).min(MAX_HEADER_W);
    if let Some(b) = badge(t) {
        // room for a wider fallback font's name (DejaVu Sans is ~15 % wider than Helvetica) before a
        // badge drawn at its measured width (`textLength`)
        header = header * BADGE_NAME_SLACK + BADGE_GAP + text_width(&b, BADGE_FONT_SIZE, false);
    }
    let mut name_w: f64 = 0.0;
    let mut type_w: f64 = 0.0;
    for c in &t.columns {
        name_w = name_w.max(text_width(&c.name, FONT_SIZE, false).min(MAX_NAME_W));
        type_w = type_w.max(text_width(&c.type_label, FONT_SIZE, false).min(MAX_TYPE_W));
    }
    let row = PAD_X + MARKER_W + name_w + NAME_TYPE_GAP + type_w + NULL_W + PAD_X;
    let width = round_up(MIN_W.max(header + 2.0 * PAD_X + 4.0).max(row));
    let height = HEADER_H + ROW_H * t.columns.len() as f64;
    BoxSize { width, height, name_w }
}

fn round_up(w: f64) -> f64 {
    (w / 2.0).ceil() * 2.0
}

/// Y offset from the box top at which an edge attaches to column `row` (the header when `None`
/// or out of range).
pub fn port_offset(t: &ErdTable, row: Option<usize>) -> f64 {
    match row {
        Some(r) if r < t.columns.len() => HEADER_H + ROW_H * r as f64 + ROW_H / 2.0,
        _ => HEADER_H / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_deterministic_and_monotone() {
        assert_eq!(text_width("id", 12.0, false), text_width("id", 12.0, false));
        assert!(text_width("organization_id", 12.0, false) > text_width("id", 12.0, false));
        assert!(text_width("WWW", 12.0, false) > text_width("iii", 12.0, false));
    }

    #[test]
    fn box_grows_with_columns_and_names() {
        let a = ErdTable::new("t").col("id", "int");
        let b = a.clone().col("a_rather_long_column_name", "timestamp with time zone");
        let (ma, mb) = (measure_table(&a), measure_table(&b));
        assert!(mb.height > ma.height && mb.width > ma.width);
        assert_eq!(ma.height, HEADER_H + ROW_H);
        assert!(ma.width >= MIN_W);
    }

    #[test]
    fn fit_cuts_long_labels() {
        let long = "x".repeat(500);
        let f = fit(&long, FONT_SIZE, false, MAX_NAME_W);
        assert!(f.ends_with('…'));
        assert!(text_width(&f, FONT_SIZE, false) <= MAX_NAME_W);
        assert_eq!(fit("id", FONT_SIZE, false, 100.0), "id");
    }

    #[test]
    fn slots_squeeze_then_cut() {
        let fits = slot("int", FONT_SIZE, false, MAX_TYPE_W);
        assert_eq!(fits, Slotted { text: "int".into(), squeeze: None });
        // wider than the slot: whole, squeezed into it
        let ts = "timestamp without time zone";
        assert!(text_width(ts, FONT_SIZE, false) > MAX_TYPE_W);
        assert_eq!(slot(ts, FONT_SIZE, false, MAX_TYPE_W), Slotted { text: ts.into(), squeeze: Some(MAX_TYPE_W) });
        // far wider: cut to MAX_SQUEEZE slots, then squeezed into one
        let long = "character varying(255)[] ".repeat(4);
        let s = slot(&long, FONT_SIZE, false, MAX_TYPE_W);
        assert!(s.text.ends_with('…') && long.starts_with(s.text.trim_end_matches('…')));
        assert!(text_width(&s.text, FONT_SIZE, false) <= MAX_TYPE_W * MAX_SQUEEZE);
        assert_eq!(s.squeeze, Some(MAX_TYPE_W));
    }

    #[test]
    fn badges_widen_the_box() {
        let t = ErdTable::new("measurement").col("id", "int");
        let p = ErdTable { partitions: 12, ..t.clone() };
        let v = ErdTable { kind: BoxKind::MaterializedView, ..t.clone() };
        assert_eq!(badge(&t), None);
        assert_eq!(badge(&p).as_deref(), Some("12 partitions"));
        assert_eq!(badge(&v).as_deref(), Some("materialized view"));
        assert!(measure_table(&p).width > measure_table(&t).width || measure_table(&t).width > MIN_W - 1.0);
        assert!(measure_table(&v).width >= measure_table(&t).width);
    }

    #[test]
    fn ports_sit_in_rows() {
        let t = ErdTable::new("t").col("a", "int").col("b", "int");
        assert_eq!(port_offset(&t, Some(1)), HEADER_H + ROW_H * 1.5);
        assert_eq!(port_offset(&t, Some(9)), HEADER_H / 2.0);
        assert_eq!(port_offset(&t, None), HEADER_H / 2.0);
    }
}
