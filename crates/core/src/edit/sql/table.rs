//! Adding, renaming and deleting tables.

use super::patch::{line_end, newline, rest_is_free};
use super::script::Kind;
use super::style::Style;
use super::Ctx;
use crate::edit::{EditError, NewColumn};
use crate::model::QualifiedName;

/// `CREATE TABLE` for a new table, after `after`'s CREATE TABLE or the last table's.
pub fn add(cx: &mut Ctx, q: &QualifiedName, columns: &[NewColumn], after: Option<&QualifiedName>) -> Result<String, EditError> {
    let anchor = match after {
        Some(a) => Some(cx.create_of(cx.table(a)?)?),
        None => {
            let last = cx.schema.tables.len().checked_sub(1).and_then(|ti| cx.create_of(ti).ok());
            last.or_else(|| (0..cx.script.entries.len()).rev().find(|&e| cx.create_table(e).is_some()))
        }
    };
    let style = match anchor {
        Some(e) => cx.style(e),
        None => match (0..cx.script.entries.len()).rev().find(|&e| cx.create_table(e).is_some()) {
            Some(e) => cx.style(e),
            None => Style::default_for(cx.d, cx.text),
        },
    };
    let body = create_text(&style, q, columns);
    let text = cx.text;
    let nl = newline(text);
    match anchor {
        Some(e) => {
            let gap = gap_before(cx, e).unwrap_or(2);
            insert_after(cx, e, format!("{}{body}", nl.repeat(gap)));
        }
        None => {
            let lead = if text.trim().is_empty() {
                ""
            } else if text.ends_with('\n') {
                nl
            } else {
                "\n\n"
            };
            let lead = if lead == "\n\n" { format!("{nl}{nl}") } else { lead.to_string() };
            cx.patch.insert(text.len(), format!("{lead}{body}{nl}"));
        }
    }
    Ok(format!("Add table {q}"))
}

/// Inserts `new` after statement `e` (after its `;` and anything else on its line; the `;` is
/// written when the statement has none).
fn insert_after(cx: &mut Ctx, e: usize, new: String) {
    let text = cx.text;
    let st = cx.stmt(e).clone();
    let b = text.as_bytes();
    let mut k = st.end;
    while k < b.len() && (b[k] == b' ' || b[k] == b'\t') {
        k += 1;
    }
    let (at, semi) = if b.get(k) == Some(&b';') { (k + 1, "") } else { (st.end, ";") };
    let at = if rest_is_free(text, at) { line_end(text, at) } else { at };
    let at = if text[..at].ends_with('\r') { at - 1 } else { at };
    if !semi.is_empty() {
        cx.patch.insert(st.end, semi);
    }
    cx.patch.insert(at, new);
}

/// `CREATE INDEX` on `cols` of table `ti`, on the line after its CREATE TABLE (the name is given:
/// `sql::named` names an unnamed one).
pub fn add_index(cx: &mut Ctx, ti: usize, cols: &[String], name: Option<&str>) -> Result<String, EditError> {
    let e = cx.create_of(ti)?;
    let style = cx.style(e);
    let t = &cx.schema.tables[ti];
    let name = name.ok_or_else(|| EditError::Invalid("an index in SQL needs a name".into()))?;
    let list: Vec<String> = cols.iter().map(|c| style.name(c)).collect();
    let stmt = format!("{} {} {} {} ({});", style.kw("CREATE INDEX"), style.name(name), style.kw("ON"), style.qname(t.schema.as_deref(), &t.name), list.join(", "));
    let q = t.qualified_name();
    insert_after(cx, e, format!("{}{stmt}", newline(cx.text)));
    Ok(format!("Create index {name} on {q}({})", cols.join(", ")))
}

/// Line breaks between statement `e` and its neighbour (the next, else the previous), 1 to 3;
/// two when a comment (a dump's header) sits between them.
fn gap_before(cx: &Ctx, e: usize) -> Option<usize> {
    let n = cx.script.entries.len();
    let between = if e + 1 < n {
        &cx.text[cx.stmt(e).end..cx.stmt(e + 1).start]
    } else if e > 0 {
        &cx.text[cx.stmt(e - 1).end..cx.stmt(e).start]
    } else {
        return None;
    };
    let comment = between.contains("--") || between.contains("/*") || between.contains('#');
    Some(if comment { 2 } else { between.matches('\n').count().clamp(1, 3) })
}

/// The CREATE TABLE statement of a new table in `style`.
pub fn create_text(style: &Style, q: &QualifiedName, columns: &[NewColumn]) -> String {
    let pk: Vec<&NewColumn> = columns.iter().filter(|c| c.primary_key).collect();
    let mut elems: Vec<String> = columns
        .iter()
        .map(|c| {
            let mut s = style.name_and_type(&style.name(&c.name), &style.ty(&c.data_type));
            if c.not_null {
                s.push(' ');
                s.push_str(&style.kw("NOT NULL"));
            }
            if pk.len() == 1 && c.primary_key {
                s.push(' ');
                s.push_str(&style.kw("PRIMARY KEY"));
            } else if c.unique {
                s.push(' ');
                s.push_str(&style.kw("UNIQUE"));
            }
            s
        })
        .collect();
    if pk.len() > 1 {
        let cols: Vec<String> = pk.iter().map(|c| style.name(&c.name)).collect();
        elems.push(format!("{} ({})", style.kw("PRIMARY KEY"), cols.join(", ")));
    }
    let head = format!("{} {} (", style.kw("CREATE TABLE"), style.qname(q.schema.as_deref(), &q.name));
    match (&style.indent, elems.is_empty()) {
        (_, true) => format!("{head});"),
        (Some(ind), false) => {
            let nl = style.nl;
            let lines: Vec<String> = elems.iter().map(|e| format!("{ind}{e}")).collect();
            format!("{head}{nl}{}{nl});", lines.join(&format!(",{nl}")))
        }
        (None, false) => format!("{head}{});", elems.join(", ")),
    }
}

/// Renames the table wherever a statement names it.
pub fn rename(cx: &mut Ctx, ti: usize, to: &str) -> Result<String, EditError> {
    let create = cx.create_entry(ti)?;
    let style = cx.style(create);
    let new = style.name(to);
    let old = cx.schema.tables[ti].qualified_name();
    for e in 0..cx.script.entries.len() {
        if let Some(n) = cx.target(e).filter(|n| cx.is_table(&n.name, ti)).map(|n| n.last) {
            cx.rename_at(e, n, &new);
        }
    }
    for f in cx.refs_to(ti) {
        cx.rename_at(f.entry, f.refs.table.last, &new);
    }
    for (e, _, n) in cx.partition_refs(ti) {
        cx.rename_at(e, n, &new);
    }
    Ok(format!("Rename table {old} to {to}"))
}

/// Deletes the table's statements and the relationships that point at it.
pub fn drop(cx: &mut Ctx, ti: usize) -> Result<String, EditError> {
    cx.create_entry(ti)?;
    let t = &cx.schema.tables[ti];
    let name = t.qualified_name();
    let owned: Vec<String> =
        cx.schema.sequences.iter().filter(|s| s.owned_by.as_ref().is_some_and(|(o, _)| cx.schema.table_index(o) == Some(ti))).map(|s| s.name.clone()).collect();
    for e in cx.entries_of(ti) {
        cx.remove_stmt(e);
    }
    for (e, k, _) in cx.partition_refs(ti) {
        if cx.create_table(e).is_none() {
            cx.remove_action(e, k);
        }
    }
    for e in 0..cx.script.entries.len() {
        if let Kind::CreateSequence { name } = &cx.script.entries[e].kind {
            if owned.iter().any(|o| crate::edit::expr::names_eq(cx.d, o, &name.name.name)) {
                cx.remove_stmt(e);
            }
        }
    }
    let mut gone = Vec::new();
    for f in cx.refs_to(ti) {
        if cx.is_table(&f.owner, ti) {
            continue;
        }
        gone.push(format!("the relationship {} → {name}", f.owner));
        cx.remove_fk(&f);
    }
    cx.also.extend(gone);
    Ok(format!("Delete table {name}"))
}
