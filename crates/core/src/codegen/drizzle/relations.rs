//! Foreign keys in Drizzle: which are written inline with `.references()`, their targets, and
//! the `relations()` blocks for both sides of every foreign key.

use super::{camel, esc, names, pascal, Namer, Tables, Writer};
use crate::model::{ForeignKey, SchemaIndex, Table};
use std::collections::HashMap;

/// Whether a foreign key is written inline with `.references()`: one column and no name other than
/// the one drizzle-orm gives it (`{table}_{columns}_{ref table}_{ref columns}_fk`); any other name
/// needs `foreignKey({ ..., name })`, or drizzle-kit would rename the constraint.
pub(super) fn inline_fk(ix: &SchemaIndex, t: &Table, fk: &ForeignKey) -> bool {
    if fk.logical || fk.columns.len() != 1 {
        return false;
    }
    let Some(name) = &fk.name else { return true };
    let refs = match ix.table(&fk.ref_table) {
        Some(pt) if fk.ref_columns.is_empty() => pt.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default(),
        _ => fk.ref_columns.clone(),
    };
    *name == format!("{}_{}_{}_{}_fk", t.name, fk.columns.join("_"), fk.ref_table.name, refs.join("_"))
}

/// The referenced table's variable and column keys, if the target is in the schema.
pub(super) fn fk_target(ix: &SchemaIndex, table_var: &HashMap<usize, String>, col_keys: &HashMap<usize, HashMap<String, String>>, fk: &ForeignKey) -> Option<(String, Vec<String>)> {
    let schema = ix.schema;
    let pti = ix.table_index(&fk.ref_table)?;
    let var = table_var.get(&pti)?;
    let pt = &schema.tables[pti];
    let refs: Vec<String> = if fk.ref_columns.is_empty() { pt.primary_key.as_ref()?.columns.clone() } else { fk.ref_columns.clone() };
    if refs.len() != fk.columns.len() {
        return None;
    }
    let keys = col_keys.get(&pti)?;
    let ks: Option<Vec<String>> = refs.iter().map(|r| keys.get(r).cloned().or_else(|| ix.column(pti, r).and_then(|c| keys.get(&c.name).cloned()))).collect();
    Some((var.clone(), ks?))
}

/// `relations()` for both sides of every foreign key whose tables are in the module.
pub(super) fn relations(ix: &SchemaIndex, tables: &mut Tables) -> String {
    let (table_var, col_keys, key_namers) = (&tables.var, &tables.col_keys, &mut tables.key_namers);
    let schema = ix.schema;
    struct Rel {
        child: usize,
        parent: usize,
        fields: Vec<String>,
        refs: Vec<String>,
        one_to_one: bool,
        label: String,
    }
    let mut rels = Vec::new();
    for (ti, t) in schema.tables.iter().enumerate() {
        if !table_var.contains_key(&ti) {
            continue;
        }
        for fk in &t.foreign_keys {
            let Some(pti) = ix.table_index(&fk.ref_table) else { continue };
            let Some((_, refs)) = fk_target(ix, table_var, col_keys, fk) else { continue };
            let keys = &col_keys[&ti];
            let Some(fields) = fk.columns.iter().map(|c| keys.get(c).cloned().or_else(|| ix.column(ti, c).and_then(|x| keys.get(&x.name).cloned()))).collect::<Option<Vec<String>>>() else { continue };
            let cols: Vec<String> = fk.columns.iter().map(|c| ix.column(ti, c).map(|x| x.name.clone()).unwrap_or_default()).collect();
            let same = |a: &[String]| a.len() == cols.len() && a.iter().all(|x| cols.contains(x));
            let one_to_one = t.primary_key.as_ref().is_some_and(|p| same(&p.columns)) || t.uniques.iter().any(|u| same(&u.columns)) || t.indexes.iter().any(|i| i.unique && i.predicate.is_none() && same(&i.parts.iter().filter_map(|p| p.column.clone()).collect::<Vec<_>>()));
            let label = format!("{}_{}", t.name, cols.join("_"));
            rels.push(Rel { child: ti, parent: pti, fields, refs, one_to_one, label });
        }
    }
    if rels.is_empty() {
        return String::new();
    }
    let pair = |r: &Rel| (r.child.min(r.parent), r.child.max(r.parent));
    let mut count: HashMap<(usize, usize), usize> = HashMap::new();
    for r in &rels {
        *count.entry(pair(r)).or_default() += 1;
    }
    let mut per_table: HashMap<usize, Vec<String>> = HashMap::new();
    let mut rel_names = Namer::new();
    // per table: column key → column name (the inverse of `col_keys`)
    let mut key_cols: HashMap<usize, HashMap<&str, &str>> = HashMap::new();
    for r in &rels {
        let named = r.child == r.parent || count[&pair(r)] > 1;
        let rel_name = named.then(|| rel_names.unique(&r.label));
        let cvar = &table_var[&r.child];
        let pvar = &table_var[&r.parent];
        let ct = &schema.tables[r.child];
        let inverse = key_cols.entry(r.child).or_insert_with(|| col_keys[&r.child].iter().map(|(c, k)| (k.as_str(), c.as_str())).collect());
        let cols: Vec<String> = r.fields.iter().map(|f| inverse.get(f.as_str()).map(|c| c.to_string()).unwrap_or_default()).collect();
        let child_base = names::fk_stem(&cols).unwrap_or_else(|| camel(&names::singular(&schema.tables[r.parent].name)));
        let kn = key_namers.entry(r.child).or_default();
        let child_key = kn.unique(&names::safe_ident(&child_base, "parent", "r", &[]));
        let fields: Vec<String> = r.fields.iter().map(|f| format!("{cvar}.{f}")).collect();
        let refs: Vec<String> = r.refs.iter().map(|f| format!("{pvar}.{f}")).collect();
        let rn = rel_name.as_ref().map(|n| format!(", relationName: {}", esc::string(n))).unwrap_or_default();
        per_table.entry(r.child).or_default().push(format!("{child_key}: one({pvar}, {{ fields: [{}], references: [{}]{rn} }}),", fields.join(", "), refs.join(", ")));
        let back_base = if r.one_to_one { camel(&names::singular(&ct.name)) } else { camel(&names::plural(&names::singular(&ct.name))) };
        let back_base = if named { format!("{back_base}{}", pascal(&child_key)) } else { back_base };
        let kn = key_namers.entry(r.parent).or_default();
        let back = kn.unique(&names::safe_ident(&back_base, "children", "r", &[]));
        let line = match (&rel_name, r.one_to_one) {
            // a named inverse `one` must carry fields/references too: the same join seen from the parent
            (Some(n), true) => format!("{back}: one({cvar}, {{ fields: [{}], references: [{}], relationName: {} }}),", refs.join(", "), fields.join(", "), esc::string(n)),
            (Some(n), false) => format!("{back}: many({cvar}, {{ relationName: {} }}),", esc::string(n)),
            (None, true) => format!("{back}: one({cvar}),"),
            (None, false) => format!("{back}: many({cvar}),"),
        };
        per_table.entry(r.parent).or_default().push(line);
    }
    let mut w = Writer::new("  ");
    let mut vars = Namer::new();
    for (ti, _) in schema.tables.iter().enumerate() {
        let Some(lines) = per_table.get(&ti) else { continue };
        let tv = &table_var[&ti];
        let name = vars.unique(&format!("{tv}Relations"));
        let uses_one = lines.iter().any(|l| l.contains(": one("));
        let uses_many = lines.iter().any(|l| l.contains(": many("));
        let destructure = match (uses_one, uses_many) {
            (true, true) => "{ one, many }",
            (true, false) => "{ one }",
            _ => "{ many }",
        };
        w.line(format!("export const {name} = relations({tv}, ({destructure}) => ({{"));
        w.indent();
        for l in lines {
            w.line(l);
        }
        w.dedent();
        w.line("}));");
        w.blank();
    }
    w.finish()
}
