//! SVG rendering of a [`Layout`].
//!
//! Contract: [`render_svg`] draws a laid-out [`ErdGraph`] as one self-contained SVG document:
//! table boxes (header with `schema.name`, one row per column with its type, `PK`/`FK`/`UK`
//! markers, `?` after the type of a nullable column), foreign keys along their routed polylines
//! with crow's-foot ends — the referencing end is "zero or many" (or "zero or one" when the FK
//! columns are unique), the referenced end is "exactly one" (or "zero or one" when an FK column is
//! nullable) — self-references as loops, dangling foreign keys as dashed stubs labelled with the
//! missing table. Views and materialized views are dashed boxes (`class="table view"`, `mview`) with
//! a badge in the header; a partitioned table's badge counts its partitions (`12 partitions`); a
//! view's dependency on what it reads is a dashed line with an arrow at the table read
//! (`class="edge dep"`). Items marked by [`super::changes`] get class `chg-added` / `chg-altered` /
//! `chg-dropped` (a coloured box outline, a tinted row behind a column, a coloured or dashed
//! relation; dropped column names struck through). Colours are CSS variables: class `erd-light`, `erd-dark`, or `erd-auto`
//! (follows `prefers-color-scheme`), so the app can theme it and an exported file keeps its theme.
//!
//! Every piece of text — names, types, keys, in text nodes and in attributes — goes through
//! [`escape`]; control characters XML forbids are replaced. Hostile identifiers (`<script>`,
//! quotes, `]]>`, `&`) therefore come out as inert text. Output is deterministic (numbers printed
//! with at most one decimal).

use super::cardinality::{self, Card, EndStyle};
use super::graph::{BoxKind, Change, ErdEdge, ErdGraph, ErdTable};
use super::measure::{self, fit, short_label};
use super::p5_routing::Point;
use super::{EdgeRoute, Layout, TableBox};
use std::fmt::Write;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follows `prefers-color-scheme`.
    #[default]
    Auto,
    Light,
    Dark,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SvgOptions {
    pub theme: Theme,
    /// How relationship ends are drawn: crow's foot (default) or cardinality labels.
    pub ends: EndStyle,
}

/// XML-escapes text for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A number with at most one decimal.
pub(crate) fn n(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == r.trunc() { format!("{}", r as i64) } else { format!("{r:.1}") }
}

const LIGHT: &str = "--erd-add:#15803d;--erd-alter:#b45309;--erd-drop:#dc2626;--erd-bg:#ffffff;--erd-box:#ffffff;--erd-head:#e8eef6;--erd-border:#8a9ab0;--erd-text:#0f172a;--erd-muted:#64748b;--erd-edge:#6b7a90;--erd-pk:#b45309;--erd-fk:#1d4ed8;--erd-uk:#7c3aed;--erd-stripe:#f6f8fb";
const DARK: &str = "--erd-add:#4ade80;--erd-alter:#fbbf24;--erd-drop:#f87171;--erd-bg:#0d1117;--erd-box:#161b22;--erd-head:#1f2a3a;--erd-border:#3d4b5f;--erd-text:#e6edf3;--erd-muted:#8b98a9;--erd-edge:#7d8ca3;--erd-pk:#f59e0b;--erd-fk:#60a5fa;--erd-uk:#c084fc;--erd-stripe:#1a2029";

fn style(out: &mut String) {
    out.push_str("<style>");
    let _ = write!(out, ".erd{{{LIGHT}}}.erd.erd-dark{{{DARK}}}");
    let _ = write!(out, "@media (prefers-color-scheme: dark){{.erd.erd-auto{{{DARK}}}}}");
    out.push_str(
        ".erd text{font-family:Helvetica,Arial,sans-serif;fill:var(--erd-text)}\
.erd .bg{fill:var(--erd-bg)}\
.erd .box{fill:var(--erd-box);stroke:var(--erd-border)}\
.erd .head{fill:var(--erd-head)}\
.erd .stripe{fill:var(--erd-stripe)}\
.erd .name{font-weight:bold;font-size:13px}\
.erd .col{font-size:12px}\
.erd .type,.erd .null{font-size:12px;fill:var(--erd-muted)}\
.erd .mk{font-size:8.5px;font-weight:bold}\
.erd .pk{fill:var(--erd-pk)}.erd .fk{fill:var(--erd-fk)}.erd .uk{fill:var(--erd-uk)}\
.erd .edge path{fill:none;stroke:var(--erd-edge);stroke-width:1.2}\
.erd .edge circle{fill:var(--erd-bg);stroke:var(--erd-edge);stroke-width:1.2}\
.erd .dangling path{stroke-dasharray:4 3}\
.erd .logical path{stroke-dasharray:7 4}\
.erd .missing{font-size:11px;fill:var(--erd-muted)}\
.erd .view .box{stroke-dasharray:6 3}.erd .view .head{fill:var(--erd-stripe)}\
.erd .mview .box{stroke-width:2}\
.erd .badge{font-size:10px;fill:var(--erd-muted)}\
.erd .dep path{stroke-dasharray:5 3}.erd .dep .end{stroke-dasharray:none}\
.erd .lbl{font-size:clamp(calc(13px * var(--erd-lo, 1)), calc(13px * var(--fit, 1)), calc(13px * var(--erd-lbl, 1)));paint-order:stroke;stroke:var(--erd-bg);stroke-width:calc(3px * var(--erd-lo, 1));stroke-linejoin:round}\
.erd .krow{font-size:calc(12px * min(var(--erd-lbl, 1), 1.5));paint-order:stroke;stroke:var(--erd-box);stroke-width:2px}\
.erd .chg-added>.box{stroke:var(--erd-add);stroke-width:2.5}\
.erd .chg-altered>.box{stroke:var(--erd-alter);stroke-width:2.5}\
.erd .chg-dropped>.box{stroke:var(--erd-drop);stroke-width:2.5;stroke-dasharray:6 3}\
.erd .table.chg-dropped{opacity:.6}\
.erd .row.chg-added{fill:var(--erd-add);fill-opacity:.18}\
.erd .row.chg-altered{fill:var(--erd-alter);fill-opacity:.2}\
.erd .row.chg-dropped{fill:var(--erd-drop);fill-opacity:.16}\
.erd .gone{text-decoration:line-through}\
.erd .edge.chg-added path{stroke:var(--erd-add);stroke-width:2.2}\
.erd .edge.chg-dropped path{stroke:var(--erd-drop);stroke-width:2.2;stroke-dasharray:6 3}",
    );
    out.push_str("</style>");
}

fn unit(a: Point, b: Point) -> (f64, f64) {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-9 { (1.0, 0.0) } else { (dx / len, dy / len) }
}

/// A bar across the line at distance `d` from `p` along `u`.
fn bar(out: &mut String, p: Point, u: (f64, f64), d: f64) {
    let c = [p[0] + u.0 * d, p[1] + u.1 * d];
    let (nx, ny) = (-u.1 * 6.0, u.0 * 6.0);
    let _ = write!(out, "M{} {}L{} {}", n(c[0] + nx), n(c[1] + ny), n(c[0] - nx), n(c[1] - ny));
}

/// Crow's foot: toes on the box side at `p`, heel at distance `d`.
fn crow(out: &mut String, p: Point, u: (f64, f64), d: f64) {
    let h = [p[0] + u.0 * d, p[1] + u.1 * d];
    let (nx, ny) = (-u.1 * 6.0, u.0 * 6.0);
    let _ = write!(
        out,
        "M{} {}L{} {}M{} {}L{} {}M{} {}L{} {}",
        n(h[0]), n(h[1]), n(p[0] + nx), n(p[1] + ny),
        n(h[0]), n(h[1]), n(p[0]), n(p[1]),
        n(h[0]), n(h[1]), n(p[0] - nx), n(p[1] - ny)
    );
}

fn circle(out: &mut String, p: Point, u: (f64, f64), d: f64) {
    let _ = write!(out, "<circle cx=\"{}\" cy=\"{}\" r=\"3.5\"/>", n(p[0] + u.0 * d), n(p[1] + u.1 * d));
}

/// A view's dependency: dashed, an arrow at the table or view it reads.
fn dependency(out: &mut String, e: &ErdEdge, pts: &[Point], hit: bool) {
    let _ = write!(out, "<g class=\"edge dep\" data-from=\"{}\" data-to=\"{}\"><title>{} reads {}</title>", escape(&e.from.table), escape(&e.to.table), escape(&e.from.table), escape(&e.to.table));
    polyline(out, "", pts);
    let last = pts[pts.len() - 1];
    let u = unit(last, pts[pts.len() - 2]);
    let (nx, ny) = (-u.1 * 5.0, u.0 * 5.0);
    let h = [last[0] + u.0 * 9.0, last[1] + u.1 * 9.0];
    let _ = write!(
        out,
        "<path class=\"end\" d=\"M{} {}L{} {}L{} {}\"/>",
        n(h[0] + nx), n(h[1] + ny), n(last[0]), n(last[1]), n(h[0] - nx), n(h[1] - ny)
    );
    if hit {
        polyline(out, " class=\"hit\"", pts);
    }
    out.push_str("</g>");
}

/// One end's glyph (see [`super::cardinality`]) at `p`, the line leaving the box along `u`: bars
/// and a crow's foot into `glyphs`, the "zero" ring into `circles`.
fn end_glyph(glyphs: &mut String, circles: &mut String, card: Card, p: Point, u: (f64, f64)) {
    match card {
        Card::One => {
            bar(glyphs, p, u, 8.0);
            bar(glyphs, p, u, 12.0);
        }
        Card::ZeroOrOne => {
            bar(glyphs, p, u, 8.0);
            circle(circles, p, u, 15.0);
        }
        Card::ZeroOrMany => {
            crow(glyphs, p, u, 10.0);
            circle(circles, p, u, 15.0);
        }
    }
}

/// A label's look, inline (the shared `<style>` stays as it was for crow's-foot drawings).
const CARD_STYLE: &str = "font-size:10px;fill:var(--erd-muted);paint-order:stroke;stroke:var(--erd-bg);stroke-width:3px;stroke-linejoin:round";

/// One end's label (`1`, `0..1`, `0..*`) beside the line near `p`: above a horizontal end, right
/// of a vertical one.
fn end_label(out: &mut String, card: Card, p: Point, u: (f64, f64)) {
    let (x, y, anchor) = if u.0.abs() >= u.1.abs() {
        (p[0] + u.0 * 14.0, p[1] - 5.0, "middle")
    } else {
        (p[0] + 5.0, p[1] + u.1 * 14.0 + 4.0, "start")
    };
    let _ = write!(out, "<text class=\"card\" x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" style=\"{CARD_STYLE}\">{}</text>", n(x), n(y), card.label());
}

fn edge(out: &mut String, e: &ErdEdge, pts: &[Point], dangling: bool, draw: EdgeDraw) {
    if pts.len() < 2 {
        return;
    }
    if e.dependency {
        dependency(out, e, pts, draw.hit);
        return;
    }
    let _ = write!(
        out,
        "<g class=\"edge{}{}{}\" data-from=\"{}\" data-to=\"{}\">",
        if dangling { " dangling" } else { "" },
        if e.logical { " logical" } else { "" },
        change_class(e.change),
        escape(&e.from.table),
        escape(&e.to.table)
    );
    match (&e.name, e.logical) {
        (Some(name), false) => {
            let _ = write!(out, "<title>{}</title>", escape(name));
        }
        (Some(name), true) => {
            let _ = write!(out, "<title>{} (logical: not in the database)</title>", escape(name));
        }
        (None, true) => out.push_str("<title>logical relation (not in the database)</title>"),
        (None, false) => {}
    }
    polyline(out, "", pts);
    let (first, last) = (pts[0], pts[pts.len() - 1]);
    let uf = unit(first, pts[1]);
    let ul = unit(last, pts[pts.len() - 2]);
    let ends = cardinality::of_edge(e);
    let mut glyphs = String::new();
    let mut circles = String::new();
    match draw.ends {
        EndStyle::CrowsFoot => end_glyph(&mut glyphs, &mut circles, ends.from, first, uf),
        EndStyle::Labels => end_label(&mut circles, ends.from, first, uf),
    }
    if dangling {
        let _ = write!(
            out,
            "<text class=\"missing\" x=\"{}\" y=\"{}\">{}?</text>",
            n(last[0] + 4.0),
            n(last[1] + 4.0),
            escape(&fit(&e.to.table, 11.0, false, 160.0))
        );
    } else {
        match draw.ends {
            EndStyle::CrowsFoot => end_glyph(&mut glyphs, &mut circles, ends.to, last, ul),
            EndStyle::Labels => end_label(&mut circles, ends.to, last, ul),
        }
    }
    if !glyphs.is_empty() {
        let _ = write!(out, "<path class=\"end\" d=\"{glyphs}\"/>");
    }
    out.push_str(&circles);
    if draw.hit {
        polyline(out, " class=\"hit\"", pts);
    }
    out.push_str("</g>");
}

/// `<path{attrs} d="M… L…"/>` through `pts`.
pub(crate) fn polyline(out: &mut String, attrs: &str, pts: &[Point]) {
    let _ = write!(out, "<path{attrs} d=\"");
    for (i, p) in pts.iter().enumerate() {
        let _ = write!(out, "{}{} {}", if i == 0 { 'M' } else { 'L' }, n(p[0]), n(p[1]));
    }
    out.push_str("\"/>");
}

/// ` chg-added` etc. for a marked item (see [`super::changes`]), empty otherwise.
fn change_class(c: Option<Change>) -> String {
    c.map(|c| format!(" chg-{}", c.id())).unwrap_or_default()
}

/// The SVG class of a theme.
pub fn theme_class(theme: Theme) -> &'static str {
    match theme {
        Theme::Auto => "erd-auto",
        Theme::Light => "erd-light",
        Theme::Dark => "erd-dark",
    }
}

/// The document around the boxes and edges: `<svg>` with its style and background, then
/// `<g class="groups">` (only when `groups` is not empty: [`super::groups::render_groups`]),
/// `<g class="edges">` and `<g class="tables">` holding `edges` and `tables` (fragments made by
/// [`render_edge`] / [`render_table`]). The app draws only what is on screen this way.
pub fn render_shell(out: &mut String, layout: &Layout, opts: &SvgOptions, groups: &str, edges: &str, tables: &str) {
    shell(out, layout, (layout.width, layout.height), opts, [groups, edges, tables, ""]);
}

/// [`render_shell`] at size `(w, h)`, with `notes` (sticky notes: [`super::decor::render_notes`])
/// above the boxes.
fn shell(out: &mut String, layout: &Layout, (w, h): (f64, f64), opts: &SvgOptions, [groups, edges, tables, notes]: [&str; 4]) {
    let (w, h) = (n(w.max(1.0)), n(h.max(1.0)));
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"erd {}\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"Entity-relationship diagram\">",
        theme_class(opts.theme)
    );
    style(out);
    let _ = write!(out, "<rect class=\"bg\" width=\"{w}\" height=\"{h}\"/>");
    if !groups.is_empty() {
        let _ = write!(out, "<g class=\"groups\">{groups}</g>");
    }
    out.push_str("<g class=\"edges\">");
    out.push_str(edges);
    out.push_str("</g><g class=\"tables\">");
    out.push_str(tables);
    out.push_str("</g>");
    out.push_str(notes);
    // What the layout simplified (a dense graph), in the top margin.
    for (i, note) in layout.notes.iter().enumerate() {
        let _ = write!(out, "<text class=\"note\" x=\"4\" y=\"{}\" font-size=\"11\">{}</text>", 14 + 12 * i, escape(note));
    }
    out.push_str("</svg>\n");
}

/// How [`render_edge`] draws a relationship.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EdgeDraw {
    /// The polyline only, without the end glyphs and title (for far-out zoom levels).
    pub lite: bool,
    /// Crow's foot or labels at the ends ([`SvgOptions::ends`]).
    pub ends: EndStyle,
    /// Also a transparent copy of the polyline (`class="hit"`) the app widens with CSS, so each
    /// relationship has its own easy-to-hover path (the live diagram; not in exports).
    pub hit: bool,
}

/// One foreign key as a `<g class="edge">` (nothing when the route has fewer than 2 points).
pub fn render_edge(out: &mut String, e: &ErdEdge, route: &EdgeRoute, draw: EdgeDraw) {
    if draw.lite {
        let pts = &route.points;
        if pts.len() < 2 {
            return;
        }
        let _ = write!(
            out,
            "<g class=\"edge{}{}{}{}\" data-from=\"{}\" data-to=\"{}\">",
            if route.dangling { " dangling" } else { "" },
            if e.dependency { " dep" } else { "" },
            if e.logical { " logical" } else { "" },
            change_class(e.change),
            escape(&e.from.table),
            escape(&e.to.table)
        );
        polyline(out, "", pts);
        if draw.hit {
            polyline(out, " class=\"hit\"", pts);
        }
        out.push_str("</g>");
    } else {
        edge(out, e, &route.points, route.dangling, draw);
    }
}

/// How much of a table box to draw (the app picks it by zoom: `view::detail_for`).
///
/// Below [`Detail::Full`] the names are drawn to be scaled by CSS variables the app sets from the
/// zoom (`view::label_scales`; 1 when unset, as in an export): `--erd-lbl` the scale that makes a
/// name comfortable on screen, `--erd-lo` the smallest readable one. A name grows to the first,
/// but past its box's width (plus [`LABEL_SLACK`], the per-name `--fit`) only to the second, so
/// names stay readable while the boxes shrink (the label scales, not the box) and crowd their
/// neighbours as little as that allows. Scaled names leave out a default schema (`short_label`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Detail {
    /// The box and its header band (far out: text would be a few pixels tall).
    Box,
    /// The box and its table name, centred on the box (`class="name lbl"`, scaled).
    Name,
    /// The name in the header band (scaled) and the key columns (primary, foreign, unique) in
    /// their rows, names only (`class="krow"`): keys stay after the other columns are gone.
    Keys,
    /// Everything: name, columns, types, key markers.
    Full,
}

/// Whether a column is a key one: primary, foreign or unique (what [`Detail::Keys`] keeps).
pub fn is_key_column(c: &super::graph::ErdColumn) -> bool {
    c.is_pk || c.is_fk || c.is_unique
}

/// One table as a `<g class="table" data-key=… transform="translate(x y)">`.
pub fn render_table(out: &mut String, t: &ErdTable, b: &TableBox, detail: Detail) {
    let header = measure::header_label(t);
    let class = match t.kind {
        BoxKind::Table => "table",
        BoxKind::View => "table view",
        BoxKind::MaterializedView => "table view mview",
    };
    let badge = measure::badge(t);
    let title = match &badge {
        Some(b) => format!("{header} ({b})"),
        None => header.clone(),
    };
    let _ = write!(
        out,
        "<g class=\"{class}{}\" data-key=\"{}\"{} transform=\"translate({} {})\"><title>{}{}</title>",
        change_class(t.change),
        escape(&t.key),
        t.change.map(|c| format!(" data-change=\"{}\"", c.id())).unwrap_or_default(),
        n(b.x),
        n(b.y),
        escape(&title),
        t.change.map(|c| format!(" ({})", c.id())).unwrap_or_default()
    );
    let (bw, bh) = (n(b.width), n(b.height));
    let _ = write!(out, "<rect class=\"box\" width=\"{bw}\" height=\"{bh}\" rx=\"4\"/>");
    // A chosen colour (only ever `#rrggbb`: `decor::color`) fills the header; its text is black or
    // white, whichever contrasts more (inline, so an exported file keeps both).
    let color = t.color.as_deref().and_then(super::decor::color);
    let (fill, ink) = match &color {
        Some(c) => (format!(" style=\"fill:{c}\""), format!(" style=\"fill:{}\"", super::decor::text_on(c))),
        None => (String::new(), String::new()),
    };
    let _ = write!(
        out,
        "<path class=\"head\"{fill} d=\"M0.5 {hh}V4.5Q0.5 0.5 4.5 0.5H{r}Q{rr} 0.5 {rr} 4.5V{hh}Z\"/>",
        hh = n(measure::HEADER_H),
        r = n(b.width - 4.5),
        rr = n(b.width - 0.5)
    );
    if detail == Detail::Name {
        // Centred on the whole box, so a label grown past the header band stays over its box.
        let label = short_label(t);
        let _ = write!(
            out,
            "<text class=\"name lbl\" x=\"{}\" y=\"{}\" text-anchor=\"middle\" dominant-baseline=\"central\" style=\"--fit:{}\">{}</text>",
            n(b.width / 2.0),
            n(b.height / 2.0),
            fit_ratio(&label, b.width),
            escape(&label)
        );
    }
    if detail == Detail::Keys {
        let label = short_label(t);
        let _ = write!(
            out,
            "<text class=\"name lbl\" x=\"{}\" y=\"{}\" style=\"--fit:{}{}\">{}</text>",
            n(measure::PAD_X),
            n(measure::HEADER_H / 2.0 + 4.5),
            fit_ratio(&label, b.width - measure::PAD_X),
            color.as_deref().map(|c| format!(";fill:{};stroke:{c}", super::decor::text_on(c))).unwrap_or_default(),
            escape(&label)
        );
    }
    if detail == Detail::Full {
        let name = measure::slot(&header, measure::HEADER_FONT_SIZE, true, measure::MAX_HEADER_W);
        slot_text(out, "name", &ink, n(measure::PAD_X), &n(measure::HEADER_H / 2.0 + 4.5), &name);
        if let Some(badge) = &badge {
            let _ = write!(
                out,
                "<text class=\"badge\"{ink} x=\"{}\" y=\"{}\" text-anchor=\"end\" textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\">{}</text>",
                n(b.width - measure::PAD_X),
                n(measure::HEADER_H / 2.0 + 4.0),
                n(measure::text_width(badge, measure::BADGE_FONT_SIZE, false)),
                escape(badge)
            );
        }
    }
    match detail {
        Detail::Full => table_rows(out, t, b),
        Detail::Keys => key_rows(out, t),
        _ => {}
    }
    out.push_str("</g>");
}

/// How much a scaled label may grow and still be no wider than `room` plus [`LABEL_SLACK`]
/// (`--fit`, at least 1, two decimals): a label grows past that only to stay readable.
fn fit_ratio(label: &str, room: f64) -> String {
    let w = measure::text_width(label, measure::HEADER_FONT_SIZE, true).max(1.0);
    format!("{:.2}", ((room + LABEL_SLACK) / w).max(1.0))
}

/// How far past its box a scaled label may reach before it shrinks towards the readable minimum.
pub const LABEL_SLACK: f64 = 40.0;

/// [`Detail::Keys`]: each key column's marker and name in its own row (where its edges attach).
fn key_rows(out: &mut String, t: &ErdTable) {
    for (i, c) in t.columns.iter().enumerate().filter(|(_, c)| is_key_column(c)) {
        let base = n(measure::HEADER_H + measure::ROW_H * i as f64 + measure::ROW_H / 2.0 + 4.0);
        let (class, label) = if c.is_pk { ("pk", "PK") } else if c.is_fk { ("fk", "FK") } else { ("uk", "UK") };
        let _ = write!(out, "<text class=\"mk {class}\" x=\"{}\" y=\"{base}\">{label}</text>", n(measure::PAD_X - 2.0));
        let _ = write!(
            out,
            "<text class=\"col krow\" x=\"{}\" y=\"{base}\">{}</text>",
            n(measure::PAD_X + measure::MARKER_W),
            escape(&fit(&c.name, measure::FONT_SIZE, false, measure::MAX_NAME_W))
        );
    }
}

/// `<text class=…{attrs} x y>` of a slotted label, squeezed into its slot when wider (`textLength`).
fn slot_text(out: &mut String, class: &str, attrs: &str, x: String, y: &str, s: &measure::Slotted) {
    let _ = write!(out, "<text class=\"{class}\"{attrs} x=\"{x}\" y=\"{y}\"");
    if let Some(w) = s.squeeze {
        let _ = write!(out, " textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"", n(w));
    }
    let _ = write!(out, ">{}</text>", escape(&s.text));
}

fn table_rows(out: &mut String, t: &ErdTable, b: &TableBox) {
    let m = measure::measure_table(t);
    let name_x = measure::PAD_X + measure::MARKER_W;
    let type_x = name_x + m.name_w + measure::NAME_TYPE_GAP;
    for (i, c) in t.columns.iter().enumerate() {
        let top = measure::HEADER_H + measure::ROW_H * i as f64;
        let base = n(top + measure::ROW_H / 2.0 + 4.0);
        if let Some(ch) = c.change {
            let _ = write!(
                out,
                "<rect class=\"row chg-{}\" data-column=\"{}\" x=\"1\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                ch.id(),
                escape(&c.name),
                n(top),
                n(b.width - 2.0),
                n(measure::ROW_H)
            );
        } else if i % 2 == 1 {
            let _ = write!(
                out,
                "<rect class=\"stripe\" x=\"1\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                n(top),
                n(b.width - 2.0),
                n(measure::ROW_H)
            );
        }
        let gone = if c.change == Some(Change::Dropped) { " gone" } else { "" };
        let mut markers: Vec<(&str, &str)> = Vec::new();
        if c.is_pk {
            markers.push(("pk", "PK"));
        }
        if c.is_fk {
            markers.push(("fk", "FK"));
        }
        if c.is_unique && !c.is_pk {
            markers.push(("uk", "UK"));
        }
        for (k, (class, label)) in markers.iter().take(2).enumerate() {
            let _ = write!(
                out,
                "<text class=\"mk {class}\" x=\"{}\" y=\"{}\">{label}</text>",
                n(measure::PAD_X - 2.0 + k as f64 * 13.0),
                base
            );
        }
        let name = measure::slot(&c.name, measure::FONT_SIZE, false, measure::MAX_NAME_W);
        slot_text(out, &format!("col{gone}"), "", n(name_x), &base, &name);
        let ty = measure::slot(&c.type_label, measure::FONT_SIZE, false, measure::MAX_TYPE_W);
        slot_text(out, &format!("type{gone}"), "", n(type_x), &base, &ty);
        if c.nullable {
            let _ = write!(
                out,
                "<text class=\"null\" x=\"{}\" y=\"{base}\">?</text>",
                n(b.width - measure::PAD_X - measure::NULL_W + 2.0)
            );
        }
    }
}

/// The whole diagram, every box and edge in full detail.
pub fn render_svg(graph: &ErdGraph, layout: &Layout, opts: &SvgOptions) -> String {
    render_svg_with_notes(graph, layout, opts, &[])
}

/// [`render_svg`] with sticky notes drawn above the boxes, the drawing grown to hold them
/// ([`super::decor`]).
pub fn render_svg_with_notes(graph: &ErdGraph, layout: &Layout, opts: &SvgOptions, notes: &[super::decor::Sticky]) -> String {
    let mut edges = String::with_capacity(graph.edges.len() * 300);
    for (e, r) in graph.edges.iter().zip(&layout.edges) {
        render_edge(&mut edges, e, r, EdgeDraw { ends: opts.ends, ..Default::default() });
    }
    let mut tables = String::with_capacity(graph.tables.len() * 1200);
    for (t, b) in graph.tables.iter().zip(&layout.tables) {
        render_table(&mut tables, t, b, Detail::Full);
    }
    let mut groups = String::new();
    super::groups::render_groups(&mut groups, graph, layout);
    let mut stickies = String::new();
    super::decor::render_notes(&mut stickies, notes);
    let size = super::decor::bounds_with_notes(layout.width, layout.height, notes);
    let mut out = String::with_capacity(1024 + groups.len() + edges.len() + tables.len() + stickies.len());
    shell(&mut out, layout, size, opts, [&groups, &edges, &tables, &stickies]);
    out
}
