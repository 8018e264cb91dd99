//! Table groups, drawn as labelled backgrounds behind their tables.
//!
//! Which groups ([`of_graph`]): the groups the input declares (DBML `TableGroup`, kept on each box
//! as `ErdTable::group`) when any box has one; else one group per schema when the boxes are in
//! more than one schema (a box without a schema is in the default one); else none.
//!
//! Where ([`hulls`]): the layout places boxes by their relationships only and does not keep a
//! group's tables together, so a group is drawn as the bounding box of its members (with a margin
//! and a label band), translucent and behind every edge and box; where the members are far apart
//! it also covers tables of other groups. [`render_groups`] writes them (`<g class="group">`).

use super::graph::ErdGraph;
use super::measure::is_default_schema;
use super::svg::{escape, n};
use super::Layout;
use crate::model::{Schema, TableLookup};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Space between a group's members and its outline.
pub const PAD: f64 = 10.0;
/// Height of the label band above the members.
pub const LABEL_H: f64 = 18.0;

/// The group (DBML `TableGroup`) each model table is declared in, by table index.
pub fn declared(s: &Schema, lookup: &TableLookup) -> Vec<Option<String>> {
    let mut out = vec![None; s.tables.len()];
    for g in &s.groups {
        for q in &g.tables {
            if let Some(i) = lookup.index(s, q) {
                out[i].get_or_insert_with(|| g.name.clone());
            }
        }
    }
    out
}

/// The groups drawn for `g`: (label, member box indices), in order of first member.
pub fn of_graph(g: &ErdGraph) -> Vec<(String, Vec<usize>)> {
    // key → (first member, label, members); the default schema's tables (named or not) are one group,
    // labelled with the name they are written with (`public`), else "(default schema)"
    let mut by: BTreeMap<String, (usize, String, Vec<usize>)> = BTreeMap::new();
    let declared = g.tables.iter().any(|t| t.group.is_some());
    for (i, t) in g.tables.iter().enumerate() {
        let (key, label) = if declared {
            match &t.group {
                Some(name) => (name.clone(), name.clone()),
                None => continue,
            }
        } else {
            match t.schema.as_deref().filter(|s| !s.is_empty()) {
                Some(s) if !is_default_schema(s) => (s.to_string(), s.to_string()),
                Some(s) => (String::new(), s.to_string()),
                None => (String::new(), "(default schema)".to_string()),
            }
        };
        let entry = by.entry(key).or_insert_with(|| (i, label.clone(), Vec::new()));
        if entry.1.starts_with('(') {
            entry.1 = label;
        }
        entry.2.push(i);
    }
    if !declared && by.len() < 2 {
        return Vec::new();
    }
    let mut groups: Vec<(usize, String, Vec<usize>)> = by.into_values().collect();
    crate::sort::by_key(&mut groups, |g| g.0);
    groups.into_iter().map(|(_, label, members)| (label, members)).collect()
}

/// One group's outline in layout space.
#[derive(Clone, Debug, PartialEq)]
pub struct Hull {
    pub name: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub members: Vec<usize>,
}

/// The outline of each group of [`of_graph`]: its members' bounding box, [`PAD`] around it and
/// [`LABEL_H`] above (kept inside the drawing's top-left corner).
pub fn hulls(g: &ErdGraph, layout: &Layout) -> Vec<Hull> {
    of_graph(g)
        .into_iter()
        .filter_map(|(name, members)| {
            let boxes: Vec<_> = members.iter().filter_map(|&i| layout.tables.get(i)).collect();
            let x0 = boxes.iter().map(|b| b.x).fold(f64::INFINITY, f64::min);
            let y0 = boxes.iter().map(|b| b.y).fold(f64::INFINITY, f64::min);
            let x1 = boxes.iter().map(|b| b.x + b.width).fold(f64::NEG_INFINITY, f64::max);
            let y1 = boxes.iter().map(|b| b.y + b.height).fold(f64::NEG_INFINITY, f64::max);
            if boxes.is_empty() {
                return None;
            }
            let (x, y) = ((x0 - PAD).max(0.0), (y0 - PAD - LABEL_H).max(0.0));
            Some(Hull { name, x, y, width: x1 + PAD - x, height: y1 + PAD - y, members })
        })
        .collect()
}

/// Outline and label colours, one per group in turn.
const COLOURS: [&str; 6] = ["#3b82f6", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#06b6d4"];

/// Every group of `g` as `<g class="group" data-group=…>` with its outline and label (nothing when
/// there are no groups). Styled inline, so a drawing without groups keeps the shared stylesheet.
pub fn render_groups(out: &mut String, g: &ErdGraph, layout: &Layout) {
    for (k, h) in hulls(g, layout).iter().enumerate() {
        let c = COLOURS[k % COLOURS.len()];
        let _ = write!(
            out,
            "<g class=\"group\" data-group=\"{name}\"><title>{name} ({})</title><rect class=\"hull\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" style=\"fill:{c};fill-opacity:.07;stroke:{c};stroke-opacity:.55;stroke-dasharray:6 4\"/><text class=\"group-label\" x=\"{}\" y=\"{}\" style=\"font-size:12px;font-weight:bold;fill:{c}\">{name}</text></g>",
            if h.members.len() == 1 { "1 table".to_string() } else { format!("{} tables", h.members.len()) },
            n(h.x),
            n(h.y),
            n(h.width),
            n(h.height),
            n(h.x + 8.0),
            n(h.y + 13.0),
            name = escape(&h.name),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erd::{from_schema, layout, LayoutOptions};

    fn graph(text: &str, dbml: bool) -> ErdGraph {
        let parsed = if dbml { crate::parse::dbml::read(text, crate::Dialect::Postgres) } else { crate::parse::parse(text, crate::Dialect::Postgres) };
        from_schema(&parsed.schema)
    }

    const DBML: &str = "Table users as U {\n  id int [pk]\n}\nTable posts {\n  id int [pk]\n  user_id int [ref: > U.id]\n}\nTable tags {\n  id int [pk]\n}\nTable billing.invoices {\n  id int [pk]\n}\n\nTableGroup people {\n  U\n  Note: 'who'\n}\nTableGroup content [color: #aabbcc] {\n  posts\n  tags\n  billing.invoices\n}\n";

    #[test]
    fn dbml_table_groups_are_kept_in_the_model_and_drawn_around_their_members() {
        let parsed = crate::parse::dbml::read(DBML, crate::Dialect::Postgres);
        let names: Vec<(&str, Vec<String>)> = parsed.schema.groups.iter().map(|g| (g.name.as_str(), g.tables.iter().map(|q| q.to_string()).collect())).collect();
        assert_eq!(names, [("people", vec!["users".to_string()]), ("content", vec!["posts".into(), "tags".into(), "billing.invoices".into()])]);
        assert!(parsed.diagnostics.iter().all(|d| d.severity != crate::diagnostic::Severity::Error), "{:?}", parsed.diagnostics);
        assert_eq!(&DBML[parsed.schema.groups[0].span.start..parsed.schema.groups[0].span.start + 16], "TableGroup peopl");
        let g = from_schema(&parsed.schema);
        let groups = of_graph(&g);
        let members = |name: &str| -> Vec<&str> {
            let (_, m) = groups.iter().find(|(n, _)| n == name).unwrap();
            m.iter().map(|&i| g.tables[i].key.as_str()).collect()
        };
        assert_eq!(members("people"), ["users"]);
        assert_eq!(members("content"), ["posts", "tags", "billing.invoices"]);
        let l = layout(&g, &LayoutOptions::default());
        for h in hulls(&g, &l) {
            for &i in &h.members {
                let b = &l.tables[i];
                assert!(h.x <= b.x - PAD + 1e-9 || h.x == 0.0, "{} holds {}", h.name, b.key);
                assert!(b.x + b.width + PAD <= h.x + h.width + 1e-9 && b.y + b.height + PAD <= h.y + h.height + 1e-9);
                assert!(h.y <= b.y - LABEL_H, "{} label band above {}", h.name, b.key);
            }
        }
        let svg = crate::erd::render_svg(&g, &l, &Default::default());
        assert_eq!(svg.matches("<g class=\"group\"").count(), 2);
        let groups_at = svg.find("<g class=\"groups\">").unwrap();
        assert!(groups_at < svg.find("<g class=\"edges\">").unwrap(), "behind edges and boxes");
    }

    #[test]
    fn by_schema_when_more_than_one_and_none_otherwise() {
        let one = graph("CREATE TABLE a (id int); CREATE TABLE public.b (id int);", false);
        assert!(of_graph(&one).is_empty(), "tables in one schema are not grouped");
        let svg = crate::erd::render_svg(&one, &layout(&one, &LayoutOptions::default()), &Default::default());
        assert!(!svg.contains("class=\"groups\""), "no group layer without groups");
        let two = graph("CREATE SCHEMA billing; CREATE TABLE a (id int); CREATE TABLE billing.inv (id int); CREATE TABLE billing.pay (id int);", false);
        let labels: Vec<(String, usize)> = of_graph(&two).into_iter().map(|(n, m)| (n, m.len())).collect();
        assert_eq!(labels, [("(default schema)".to_string(), 1), ("billing".to_string(), 2)]);
        let named = graph("CREATE TABLE a (id int); CREATE TABLE public.b (id int); CREATE TABLE audit.log (id int);", false);
        let labels: Vec<(String, usize)> = of_graph(&named).into_iter().map(|(n, m)| (n, m.len())).collect();
        assert_eq!(labels, [("public".to_string(), 2), ("audit".to_string(), 1)]);
    }

    #[test]
    fn hostile_group_names_are_inert() {
        let mut g = graph("CREATE TABLE a (id int);", false);
        g.tables[0].group = Some("<script>\"&".into());
        let l = layout(&g, &LayoutOptions::default());
        let mut out = String::new();
        render_groups(&mut out, &g, &l);
        assert!(out.contains("&lt;script&gt;&quot;&amp;") && !out.contains("<script>"));
    }
}
