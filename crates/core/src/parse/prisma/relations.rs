//! Relation fields → foreign keys and implicit many-to-many join tables.
//!
//! As in prisma-engines' parser-database: two relation fields form one relation when they point
//! at each other's models under the same relation name (`@relation("name")`, or none). The side
//! with `fields:`/`references:` holds the foreign key (an inline relation); two list fields with no
//! `fields:` are an implicit many-to-many relation, stored in the join table `_<name>` where the
//! name defaults to the two model names in byte order joined by `To` (`_CategoryToPost`), column
//! `A` referencing the model that sorts first and `B` the other.
//!
//! Defaults: `onDelete` is `SetNull` when a foreign key field (or the relation field) is optional,
//! else `Restrict`; `onUpdate` is `Cascade`. Relations to or from a view are not foreign keys.

use super::ast::{Arity, Attribute, Expr};
use super::schema::{Db, Kind};
use crate::model::RefAction;
use crate::parse::input::Diags;
use crate::span::Span;

#[derive(Clone, Debug, PartialEq)]
pub enum Relation {
    /// A foreign key on `model` (`fields`) to `target` (`references`); indexes into the models' fields.
    Inline { model: usize, target: usize, fields: Vec<usize>, references: Vec<usize>, on_delete: RefAction, on_update: RefAction, map: Option<String>, source: Span },
    /// An implicit many-to-many relation: join table `_<name>`, column A → `a`'s id, B → `b`'s id.
    ManyToMany { name: String, a: usize, b: usize, source: Span },
}

struct RelField<'a> {
    model: usize,
    field: usize,
    target: usize,
    name: Option<String>,
    attr: Option<&'a Attribute>,
    arity: Arity,
    span: Span,
}

impl RelField<'_> {
    fn has_fields(&self) -> bool {
        self.attr.is_some_and(|a| a.arg("fields").is_some() || a.arg("references").is_some())
    }
}

fn relation_name(a: Option<&Attribute>, diags: &mut Diags) -> Option<String> {
    let e = a?.first(Some("name"))?;
    match e {
        Expr::Str(s, _) => Some(s.clone()),
        other => {
            diags.error(other.span(), "the relation name must be a string");
            None
        }
    }
}

fn action(e: Option<&Expr>, diags: &mut Diags) -> Option<RefAction> {
    let e = e?;
    let a = match e.as_const() {
        Some("Cascade") => RefAction::Cascade,
        Some("Restrict") => RefAction::Restrict,
        Some("NoAction") => RefAction::NoAction,
        Some("SetNull") => RefAction::SetNull,
        Some("SetDefault") => RefAction::SetDefault,
        _ => {
            diags.error(e.span(), "a referential action is Cascade, Restrict, NoAction, SetNull or SetDefault");
            return None;
        }
    };
    Some(a)
}

/// Resolves every relation of the schema.
pub fn resolve(db: &Db, diags: &mut Diags) -> Vec<Relation> {
    let mut rel: Vec<RelField> = Vec::new();
    for (mi, m) in db.models.iter().enumerate() {
        for (fi, f) in m.fields.iter().enumerate() {
            if let Kind::Relation(target) = f.kind {
                let attr = f.ast.attr("relation");
                rel.push(RelField { model: mi, field: fi, target, name: relation_name(attr, diags), attr, arity: f.arity, span: f.ast.span });
            }
        }
    }
    // Relation fields by (model, target, name), in order: a field's opposite is the first unclaimed
    // field of (target, model, name).
    let mut by_key: std::collections::HashMap<(usize, usize, Option<&str>), std::collections::VecDeque<usize>> = std::collections::HashMap::new();
    for (i, r) in rel.iter().enumerate() {
        by_key.entry((r.model, r.target, r.name.as_deref())).or_default().push_back(i);
    }
    let mut claimed = vec![false; rel.len()];
    let mut out = Vec::new();
    for i in 0..rel.len() {
        if claimed[i] {
            continue;
        }
        claimed[i] = true;
        let f = &rel[i];
        let other = by_key.get_mut(&(f.target, f.model, f.name.as_deref())).and_then(|q| {
            while q.front().is_some_and(|&j| claimed[j]) {
                q.pop_front();
            }
            q.pop_front()
        });
        if let Some(j) = other {
            claimed[j] = true;
        }
        let g = other.map(|j| &rel[j]);
        if db.models[f.model].view || db.models[f.target].view {
            continue;
        }
        if let Some(r) = pair(db, f, g, diags) {
            out.push(r);
        }
    }
    out
}

fn pair(db: &Db, f: &RelField, g: Option<&RelField>, diags: &mut Diags) -> Option<Relation> {
    let model_name = |i: usize| db.models[i].ast.name.text.as_str();
    match g {
        Some(g) if f.has_fields() && g.has_fields() => {
            diags.error(g.span, format!("both sides of the relation between {} and {} define `fields:`; only one side holds the foreign key", model_name(f.model), model_name(f.target)));
            inline(db, f, diags)
        }
        None if f.has_fields() => {
            let field = &db.models[f.model].fields[f.field].ast.name.text;
            diags.info(f.span, format!("relation field {}.{field} has no opposite field in {} (Prisma requires one; `prisma format` adds it)", model_name(f.model), model_name(f.target)));
            inline(db, f, diags)
        }
        _ if f.has_fields() => inline(db, f, diags),
        Some(g) if g.has_fields() => inline(db, g, diags),
        Some(g) if f.arity == Arity::List && g.arity == Arity::List => many_to_many(db, f, g, diags),
        None if f.arity == Arity::List => {
            diags.info(f.span, format!("relation field {}.{} has no opposite field in {}; no foreign key or join table is made from it", model_name(f.model), db.models[f.model].fields[f.field].ast.name.text, model_name(f.target)));
            None
        }
        _ => {
            diags.error(f.span, format!("the relation between {} and {} needs @relation(fields: [...], references: [...]) on one side", model_name(f.model), model_name(f.target)));
            None
        }
    }
}

/// Field names of a `fields:` / `references:` list, resolved in model `mi`.
fn field_list(db: &Db, mi: usize, e: Option<&Expr>, what: &str, span: Span, diags: &mut Diags) -> Option<Vec<usize>> {
    let Some(e) = e else {
        diags.error(span, format!("@relation needs `{what}:` together with the other list"));
        return None;
    };
    let m = &db.models[mi];
    let mut out = Vec::new();
    for item in e.items() {
        let Some(name) = item.as_const() else {
            diags.error(item.span(), format!("`{what}:` lists field names"));
            return None;
        };
        match m.field_index(name) {
            Some(i) if m.fields[i].is_column() => out.push(i),
            Some(_) => {
                diags.error(item.span(), format!("{name} is a relation field; `{what}:` lists scalar fields"));
                return None;
            }
            None => {
                diags.error(item.span(), format!("{} has no field {name}", m.ast.name.text));
                return None;
            }
        }
    }
    if out.is_empty() {
        diags.error(e.span(), format!("`{what}:` is empty"));
        return None;
    }
    Some(out)
}

fn inline(db: &Db, f: &RelField, diags: &mut Diags) -> Option<Relation> {
    let a = f.attr?;
    let fields = field_list(db, f.model, a.arg("fields"), "fields", a.span, diags)?;
    let references = field_list(db, f.target, a.arg("references"), "references", a.span, diags)?;
    if fields.len() != references.len() {
        diags.error(a.span, format!("`fields:` has {} field(s) and `references:` {}", fields.len(), references.len()));
        return None;
    }
    let m = &db.models[f.model];
    let optional = f.arity == Arity::Optional || fields.iter().any(|&i| m.fields[i].arity == Arity::Optional);
    let on_delete = action(a.arg("onDelete"), diags).unwrap_or(if optional { RefAction::SetNull } else { RefAction::Restrict });
    let on_update = action(a.arg("onUpdate"), diags).unwrap_or(RefAction::Cascade);
    let map = match a.arg("map") {
        Some(Expr::Str(s, _)) => Some(s.clone()),
        Some(e) => {
            diags.error(e.span(), "map: needs a string");
            None
        }
        None => None,
    };
    Some(Relation::Inline { model: f.model, target: f.target, fields, references, on_delete, on_update, map, source: f.span })
}

fn many_to_many(db: &Db, f: &RelField, g: &RelField, diags: &mut Diags) -> Option<Relation> {
    let name_of = |i: usize| db.models[i].ast.name.text.as_str();
    let (a, b) = if name_of(f.model) <= name_of(g.model) { (f.model, g.model) } else { (g.model, f.model) };
    for m in [a, b] {
        let single = db.models[m].primary().is_some_and(|k| k.fields.len() == 1);
        if !single {
            diags.error(f.span, format!("the implicit many-to-many relation between {} and {} needs a single-field @id on {}", name_of(a), name_of(b), name_of(m)));
            return None;
        }
    }
    let name = f.name.clone().unwrap_or_else(|| format!("{}To{}", name_of(a), name_of(b)));
    Some(Relation::ManyToMany { name, a, b, source: f.span })
}
