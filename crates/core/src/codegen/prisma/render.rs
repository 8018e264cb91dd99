//! The text of models and enums, aligned as `prisma format` aligns them.

use super::{esc, Field, Model, PEnum};

/// One row: the notes above it, its `///` doc, name, type and attributes.
type Row<'a> = (&'a [String], Option<&'a String>, &'a str, &'a str, String);

/// Writes rows as `prisma format` aligns them: name, type and attribute columns.
fn render_rows(out: &mut String, rows: &[Row]) {
    let w1 = rows.iter().map(|r| r.2.len()).max().unwrap_or(0);
    let w2 = rows.iter().map(|r| r.3.len()).max().unwrap_or(0);
    for (notes, doc, name, ty, attrs) in rows {
        for n in notes.iter() {
            out.push_str(&format!("  // {n}\n"));
        }
        if let Some(d) = doc {
            out.push_str(&format!("  /// {d}\n"));
        }
        // padded by hand: `format!`'s width is limited to 65,535 and a name or type can be longer
        let mut line = String::with_capacity(w1 + w2 + attrs.len() + 2);
        let pad = |line: &mut String, s: &str, w: usize| {
            line.push_str(s);
            line.extend(std::iter::repeat_n(' ', w.saturating_sub(s.chars().count())));
        };
        if attrs.is_empty() {
            pad(&mut line, name, if ty.is_empty() { 0 } else { w1 });
            if !ty.is_empty() {
                line.push(' ');
                line.push_str(ty);
            }
        } else {
            pad(&mut line, name, w1);
            line.push(' ');
            if w2 > 0 {
                pad(&mut line, ty, w2);
                line.push(' ');
            }
            line.push_str(attrs);
        }
        out.push_str("  ");
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

/// `prisma format` orders field attributes canonically.
fn attr_rank(a: &str) -> u8 {
    const ORDER: &[&str] = &["@id", "@unique", "@default", "@updatedAt", "@map", "@relation", "@db.", "@ignore"];
    ORDER.iter().position(|p| a.starts_with(p)).unwrap_or(ORDER.len()) as u8
}

/// ... and block attributes too.
fn block_rank(a: &str) -> u8 {
    const ORDER: &[&str] = &["@@id", "@@unique", "@@index", "@@fulltext", "@@map", "@@ignore", "@@schema"];
    ORDER.iter().position(|p| a.starts_with(p)).unwrap_or(ORDER.len()) as u8
}

pub(super) fn render_model(out: &mut String, m: &Model) {
    for n in &m.notes {
        out.push_str(&format!("// {n}\n"));
    }
    if let Some(d) = &m.doc {
        out.push_str(&format!("/// {d}\n"));
    }
    out.push_str(&format!("{} {} {{\n", if m.view { "view" } else { "model" }, m.name));
    let sorted = |f: &Field| {
        let mut a = f.attrs.clone();
        crate::sort::by_key(&mut a, |x| attr_rank(x));
        a.join(" ")
    };
    let rows: Vec<Row> = m.fields.iter().map(|f| (f.notes.as_slice(), f.doc.as_ref(), f.name.as_str(), f.ty.as_str(), sorted(f))).collect();
    render_rows(out, &rows);
    let mut block = m.block.clone();
    if m.ignored {
        block.push("@@ignore".into());
    }
    crate::sort::by_key(&mut block, |b| block_rank(b));
    if !block.is_empty() {
        out.push('\n');
        for b in &block {
            out.push_str(&format!("  {b}\n"));
        }
    }
    out.push_str("}\n");
}

pub(super) fn render_enum(out: &mut String, e: &PEnum) {
    out.push_str(&format!("enum {} {{\n", e.name));
    let attrs: Vec<String> = e.values.iter().map(|(_, m)| m.as_ref().map(|m| format!("@map({})", esc::string(m))).unwrap_or_default()).collect();
    let rows: Vec<Row> = e.values.iter().zip(attrs).map(|((id, _), a)| (&[][..], None, id.as_str(), "", a)).collect();
    render_rows(out, &rows);
    let mut block = Vec::new();
    if let Some(n) = &e.db_name {
        block.push(format!("@@map({})", esc::string(n)));
    }
    if let Some(s) = &e.schema {
        block.push(format!("@@schema({})", esc::string(s)));
    }
    if !block.is_empty() {
        out.push('\n');
        for b in &block {
            out.push_str(&format!("  {b}\n"));
        }
    }
    out.push_str("}\n");
}
