//! Prisma `view` blocks (the `views` preview feature), shaped as `prisma db pull` writes them:
//! one optional field per view column whose type is knowable (a plain column of a table the view
//! reads: its type, native type and name mapping as for that table's field), `@@map` to the view,
//! and `@@ignore` with the note Prisma writes, because a view has no unique identifier Prisma can
//! use. A column that is an expression is left out with a note; a view with no such column is
//! left out with a warning. Materialized views are views to Prisma.

use super::{base_name, camel, field_type, Field, Model};
use crate::codegen::escape::prisma as esc;
use crate::codegen::names::Namer;
use crate::codegen::PrismaNaming;
use crate::model::Schema;
use std::collections::HashMap;

pub(super) struct ViewsOut {
    pub models: Vec<Model>,
    /// Schemas the views live in (multi-schema PostgreSQL).
    pub schemas: Vec<String>,
}

pub(super) fn views(schema: &Schema, naming: PrismaNaming, multi: bool, types: &mut Namer, enum_names: &HashMap<usize, String>, warnings: &mut Vec<String>) -> ViewsOut {
    let mut out = ViewsOut { models: Vec::new(), schemas: Vec::new() };
    for v in &schema.views {
        let label = v.qualified_name();
        let Some(cols) = &v.columns else {
            warnings.push(format!("view {label} is left out: its columns are not knowable from its query (a `*` or an unnamed expression)"));
            continue;
        };
        let mut fields = Vec::new();
        let mut notes = Vec::new();
        let mut namer = Namer::new();
        for (i, name) in cols.iter().enumerate() {
            let source = v.column_sources.get(i).cloned().flatten().and_then(|(t, c)| schema.table(&t).and_then(|t| t.column(&c)).cloned());
            let Some(src) = source else {
                notes.push(format!("column {name} is an expression whose type is not known; left out"));
                continue;
            };
            let (ty, native) = field_type(schema, &src, enum_names, None);
            let fname = namer.unique(&base_name(naming, name, || camel(name), "field", "f"));
            let mut attrs = Vec::new();
            if fname != *name {
                attrs.push(format!("@map({})", esc::string(name)));
            }
            attrs.extend(native);
            let ty = if ty.starts_with("Unsupported") { ty } else { format!("{ty}?") };
            fields.push(Field { notes: Vec::new(), doc: None, name: fname, ty, attrs });
        }
        if fields.is_empty() {
            warnings.push(format!("view {label} is left out: none of its columns has a type knowable from its query"));
            continue;
        }
        let name = types.unique(&base_name(naming, &v.name, || super::pascal(&v.name), "View", "V"));
        let mut block = Vec::new();
        if name != v.name {
            block.push(format!("@@map({})", esc::string(&v.name)));
        }
        if multi {
            let s = v.schema.clone().unwrap_or_else(|| "public".into());
            block.push(format!("@@schema({})", esc::string(&s)));
            if !out.schemas.contains(&s) {
                out.schemas.push(s);
            }
        }
        for n in &notes {
            warnings.push(format!("view {label}: {n}"));
        }
        let mut m = Model {
            table: usize::MAX,
            name: name.clone(),
            noun: name,
            doc: None,
            notes: notes.iter().map(|n| esc::comment(n)).collect(),
            fields,
            block,
            col_field: HashMap::new(),
            col_type: HashMap::new(),
            uniques: Vec::new(),
            has_id: false,
            ignored: true,
            namer,
            view: true,
        };
        m.notes.push("The underlying view does not contain a valid unique identifier and can therefore currently not be handled by Prisma Client.".into());
        out.models.push(m);
    }
    out
}
