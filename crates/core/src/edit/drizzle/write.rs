//! The TypeScript the Drizzle planner writes: column members, builder calls, extra-config pieces,
//! new tables and the imports they need, in the module's own style.

use super::source::{chain, core_module, list, table_fn, Chain, Decl};
use super::{not_builder, Cx, Planned};
use crate::codegen::escape::ts::is_ident;
use crate::edit::sql::patch::{indent_of, newline, Patch};
use crate::edit::{spec, EditError, NewColumn, NewRelationship};
use crate::model::{QualifiedName, RefAction};
use crate::parse::drizzle::sites::{ColSite, FkSite};
use crate::parse::drizzle::syntax::{ExprKind, Item, Pattern};
use crate::span::Span;

/// How the module writes things.
#[derive(Clone)]
pub struct Style {
    pub quote: char,
    pub semi: bool,
    /// The indentation of a column member, and of the table statement.
    pub indent: String,
    pub base: String,
    pub trailing_comma: bool,
    /// Columns give their database name to the builder (`text("email")`).
    pub names: bool,
    /// Keys are the camelCase of the names (`createdAt: timestamp("created_at")`).
    pub camel_keys: bool,
}

impl Default for Style {
    fn default() -> Style {
        Style { quote: '"', semi: true, indent: "  ".into(), base: String::new(), trailing_comma: true, names: false, camel_keys: false }
    }
}

impl Style {
    pub fn of(text: &str, dec: &Decl) -> Style {
        let quote = text[dec.args[0].start..].chars().next().filter(|c| matches!(c, '"' | '\'')).unwrap_or('"');
        let first = dec.props.first().and_then(super::source::prop_span);
        let indent = first.map_or("  ".to_string(), |s| indent_of(text, s.start).to_string());
        let trailing_comma = dec.props.last().and_then(super::source::prop_span).is_some_and(|s| text[s.end..dec.cols.end].trim_start().starts_with(','));
        let names = dec.props.iter().any(|p| match p {
            crate::parse::drizzle::syntax::Prop::Pair { value, .. } => chain(value).is_some_and(|c| matches!(c.args.first().map(|a| &a.kind), Some(ExprKind::Str(_)))),
            _ => false,
        });
        let camel_keys = dec.site.cols.iter().any(|c| c.key != c.name && camel(&c.name) == c.key);
        Style { quote, semi: text[..dec.end].ends_with(';'), indent, base: indent_of(text, dec.start).to_string(), trailing_comma, names, camel_keys }
    }

    /// A string literal in the module's quotes.
    pub fn string(&self, s: &str) -> String {
        crate::codegen::escape::dbml::quoted(s, self.quote)
    }
}

/// The core-module names the written text uses, to import where they are not.
#[derive(Default)]
pub struct Imports {
    missing: Vec<(usize, &'static str)>,
}

impl Imports {
    /// How file `file` names the core module's `name`: its local name, `ns.name` through a
    /// namespace import, else `name` (then imported by [`Imports::finish`]).
    pub fn core(&mut self, cx: &Cx, file: usize, name: &'static str) -> String {
        if let Some(imp) = cx.sites.core_import(file) {
            if let Some(ns) = &imp.namespace {
                return format!("{ns}.{name}");
            }
            if let Some((_, local)) = imp.named.iter().find(|(n, _)| n == name) {
                return local.clone();
            }
        }
        if !self.missing.contains(&(file, name)) {
            self.missing.push((file, name));
        }
        name.to_string()
    }

    /// Writes the missing imports: into the core module's `{ ... }`, or as a new import line.
    pub fn finish(self, cx: &Cx, patch: &mut Patch, _near: usize) {
        let text = cx.text;
        let mut files: Vec<usize> = self.missing.iter().map(|(f, _)| *f).collect();
        files.sort_unstable();
        files.dedup();
        for f in files {
            let names: Vec<&str> = self.missing.iter().filter(|(g, _)| *g == f).map(|(_, n)| *n).collect();
            match cx.sites.core_import(f).and_then(|i| i.named_end) {
                Some(close) => {
                    let before = text[..close].trim_end();
                    let multi = text[before.len()..close].contains('\n');
                    let open = before.ends_with('{');
                    if multi {
                        let ind = indent_of(text, before.len().saturating_sub(1)).to_string();
                        if !open && !before.ends_with(',') {
                            patch.insert(before.len(), ",");
                        }
                        let nl = newline(text);
                        patch.insert(before.len(), names.iter().map(|n| format!("{nl}{ind}{n},")).collect::<String>());
                    } else {
                        let sep = if open || before.ends_with(',') { " " } else { ", " };
                        patch.insert(before.len(), format!("{sep}{}", names.join(", ")));
                    }
                }
                None => {
                    let at = cx.sites.import_point(text, f);
                    let q = cx.sites.tables.iter().find_map(|s| cx.sites.decl(text, s).ok().map(|d| Style::of(text, &d))).unwrap_or_default();
                    let semi = if q.semi { ";" } else { "" };
                    patch.insert(at, format!("import {{ {} }} from {}{semi}{}", names.join(", "), q.string(core_module(cx.d)), newline(text)));
                }
            }
        }
    }
}

/// `p.key`, or `p["key"]` for a key that is not an identifier.
pub fn member(p: &str, key: &str) -> String {
    if is_ident(key) {
        format!("{p}.{key}")
    } else {
        format!("{p}[{}]", crate::codegen::escape::ts::string(key))
    }
}

/// A camelCase identifier from a database name (`user_accounts` → `userAccounts`).
pub fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut up = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if up && !out.is_empty() {
                out.push(c.to_ascii_uppercase());
            } else if out.is_empty() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
            up = false;
        } else {
            up = true;
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// The builder call of a new type: `varchar("email", { length: 255 })` (`name_arg`: the name
/// argument's text, if any) and its `.array()` calls.
fn builder_call(cx: &Cx, w: &mut Imports, dec_file: usize, prefix: Option<&str>, name_arg: Option<String>, ty: &str) -> Result<String, EditError> {
    let Some(b) = crate::parse::drizzle::types::builder_for(cx.d, ty) else {
        let (f, dims) = enum_builder(cx, dec_file, ty)?;
        return Ok(format!("{f}({}){}", name_arg.unwrap_or_default(), ".array()".repeat(dims.into())));
    };
    let f = match prefix {
        Some(p) => format!("{p}{}", b.builder),
        None => w.core(cx, dec_file, b.builder),
    };
    let mut cfg: Vec<String> = b.config.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    if matches!(b.builder, "bigint" | "bigserial") {
        cfg.insert(0, "mode: \"number\"".into());
    }
    let mut args: Vec<String> = name_arg.into_iter().collect();
    if !cfg.is_empty() {
        args.push(format!("{{ {} }}", cfg.join(", ")));
    }
    Ok(format!("{f}({}){}", args.join(", "), ".array()".repeat(b.dims.into())))
}

/// The builder of a type no core builder writes: a `pgEnum` of the module, as file `file` names
/// its `const` (and the `.array()` calls of an array of it); else why not.
fn enum_builder(cx: &Cx, file: usize, ty: &str) -> Result<(String, u8), EditError> {
    let bad = || EditError::BadType { text: format!("{ty} (no column builder of {} writes it)", core_module(cx.d)) };
    let t = crate::parse::parse_type(cx.d, ty).ok_or_else(bad)?;
    let crate::model::TypeKind::Named(q) = &t.kind else { return Err(bad()) };
    let norm = |s: Option<&str>| s.filter(|s| *s != "public").map(str::to_string);
    let e = cx.sites.enums.iter().find(|e| e.name == q.name && norm(e.schema.as_deref()) == norm(q.schema.as_deref())).ok_or_else(|| {
        let how = if cx.d == crate::dialect::Dialect::Postgres { format!("declare it first (`export const {}Enum = pgEnum(\"{}\", [...])`)", camel(&q.name), q.name) } else { "write it in the text".into() };
        EditError::Unsupported(format!("{} is not a type of {} nor an enum declared in this module: {how}", q.name, core_module(cx.d)))
    })?;
    let (efile, ident, ..) = cx.sites.var_of(cx.text, e.span).ok_or_else(|| EditError::Unsupported(format!("enum {} is not declared as `const x = pgEnum(...)` at the top level of a file: edit the text", e.name)))?;
    local_name(cx, file, efile, ident).map(|l| (l, t.array_dims)).ok_or_else(|| EditError::Unsupported(format!("enum {} is declared in another file ({ident}): import it where the table is, then edit", e.name)))
}

/// How file `file` names `ident`, declared at the top level of file `decl_file`: the name itself
/// in that file, else the local name of a named import of it.
fn local_name(cx: &Cx, file: usize, decl_file: usize, ident: &str) -> Option<String> {
    if file == decl_file {
        return Some(ident.to_string());
    }
    cx.sites.files.get(file)?.1.iter().find_map(|i| match i {
        Item::Import(imp) => imp.named.iter().find(|(n, _)| n == ident).map(|(_, l)| l.clone()),
        _ => None,
    })
}

/// The member of a new column: `key: builder(...)` with its modifiers.
pub fn column_member(cx: &Cx, w: &mut Imports, dec: &Decl, nc: &NewColumn, st: Style) -> Result<String, EditError> {
    if nc.primary_key {
        let t = cx.schema.tables.iter().find(|t| t.name == dec.site.name);
        if t.is_some_and(|t| t.primary_key.is_some()) {
            return Err(EditError::Unsupported("a new column joining an existing primary key: add the column, then make it part of the key".into()));
        }
    }
    let key = column_key(cx, &nc.name, st.camel_keys);
    let taken = dec.site.cols.iter().any(|c| c.key == key);
    if taken {
        return Err(EditError::NameTaken { what: "column key", name: key });
    }
    Ok(format!("{}: {}", crate::codegen::escape::ts::key(&key), new_column(cx, w, dec.file, dec.builder_prefix.as_deref(), nc, &st, &key)?))
}

/// The key of a new column: its name when the name is an identifier that `casing` keeps (and the
/// module does not write camelCase keys for its names).
fn column_key(cx: &Cx, name: &str, camel_keys: bool) -> String {
    if is_ident(name) && cx.sites.cased(name) == name && !(camel_keys && camel(name) != name) {
        return name.to_string();
    }
    let k = camel(name);
    if cx.sites.casing.is_some() && cx.sites.cased(&k) == name {
        return k;
    }
    if is_ident(name) && !camel_keys {
        name.to_string()
    } else {
        k
    }
}

fn new_column(cx: &Cx, w: &mut Imports, file: usize, prefix: Option<&str>, nc: &NewColumn, st: &Style, key: &str) -> Result<String, EditError> {
    let name_arg = (st.names || cx.sites.cased(key) != nc.name).then(|| st.string(&nc.name));
    let mut s = builder_call(cx, w, file, prefix, name_arg, &nc.data_type)?;
    if nc.primary_key {
        s.push_str(".primaryKey()");
    } else if nc.not_null {
        s.push_str(".notNull()");
    }
    if nc.unique && !nc.primary_key {
        s.push_str(".unique()");
    }
    Ok(s)
}

/// Replaces a column's builder call with one of type `to` (its name argument kept).
pub fn retype(cx: &Cx, patch: &mut Patch, w: &mut Imports, dec: &Decl, c: &ColSite, ch: &Chain, to: &str) -> Result<(), EditError> {
    // a modifier only some builders have (`.defaultNow()` of a timestamp) cannot stay
    let builder = crate::parse::drizzle::types::builder_for(cx.d, to).map_or("enum", |b| b.builder);
    if let Some(l) = ch.links.iter().find(|l| !link_fits(cx.d, builder, l.name)) {
        return Err(EditError::Unsupported(format!("the .{}() of column {} is for other column types than {to}: change it first", l.name, c.name)));
    }
    // a number or boolean default on a builder of strings does not type-check
    let strings = matches!(builder, "text" | "varchar" | "char" | "uuid" | "enum" | "tinytext" | "mediumtext" | "longtext");
    if let Some(l) = ch.links.iter().find(|l| strings && l.name == "default" && l.args.first().is_some_and(|a| matches!(a.kind, ExprKind::Num(_) | ExprKind::Bool(_) | ExprKind::Unary(..)))) {
        return Err(EditError::Unsupported(format!("the default of column {} ({}) is not a string, which {to} needs in Drizzle: change it first", c.name, &cx.text[l.from..l.end].trim_start_matches('.'))));
    }
    let name_arg = ch.args.first().filter(|a| matches!(a.kind, ExprKind::Str(_))).map(|a| cx.text[a.start..a.end].to_string());
    let name_arg = name_arg.or_else(|| (cx.sites.cased(&c.key) != c.name).then(|| Style::of(cx.text, dec).string(&c.name)));
    let mut call = builder_call(cx, w, dec.file, dec.builder_prefix.as_deref(), name_arg, to)?;
    // NOT NULL the old builder implied (`serial`) stays
    let t = cx.schema.tables.iter().find(|t| t.name == dec.site.name && t.schema.as_deref().filter(|s| *s != "public") == dec.site.schema.as_deref().filter(|s| *s != "public"));
    let not_null = t.and_then(|t| t.columns.iter().find(|x| x.name == c.name)).is_some_and(|x| !x.nullable);
    if not_null && !["notNull", "primaryKey", "generatedAlwaysAsIdentity", "generatedByDefaultAsIdentity"].iter().any(|l| ch.has(l)) {
        call.push_str(".notNull()");
    }
    patch.replace(ch.callee.start, ch.end, call);
    for l in ch.links.iter().filter(|l| l.name == "array") {
        patch.delete(l.from, l.end);
    }
    Ok(())
}

/// Whether modifier `link` exists on column builder `builder` (drizzle-orm 0.45: the modifiers only
/// some builders have; `enum`: a pgEnum's).
fn link_fits(d: crate::dialect::Dialect, builder: &str, link: &str) -> bool {
    use crate::dialect::Dialect::{Mysql, Postgres, Sqlite};
    match (d, link) {
        (Postgres, "defaultNow") => matches!(builder, "date" | "time" | "timestamp"),
        (Postgres, "generatedAlwaysAsIdentity" | "generatedByDefaultAsIdentity") => matches!(builder, "bigint" | "integer" | "smallint"),
        (Mysql, "defaultNow" | "onUpdateNow") => builder == "timestamp",
        (Mysql, "autoincrement") => matches!(builder, "bigint" | "int" | "mediumint" | "smallint" | "tinyint" | "serial" | "decimal" | "double" | "float" | "real"),
        (Sqlite, "defaultNow") => false,
        _ => true,
    }
}

/// Adds a piece to the table's extra config (`key` names it in the object form); adds the
/// config `(table) => [piece]` when the table has none.
pub fn add_extra(cx: &Cx, patch: &mut Patch, dec: &Decl, key: &str, piece: &dyn Fn(&str) -> String) -> Result<(), EditError> {
    let text = cx.text;
    match dec.extra()? {
        Some((p, body)) => {
            let l = list(text, body).ok_or_else(|| not_builder(key))?;
            let item = match body.kind {
                ExprKind::Object(_) => format!("{}: {}", crate::codegen::escape::ts::key(key), piece(&p)),
                _ => piece(&p),
            };
            l.push(patch, &item);
        }
        None => {
            let st = Style::of(text, dec);
            let at = dec.args.get(1).map_or(dec.cols.end, |a| a.end);
            if text[dec.cols.start..dec.cols.end].contains('\n') {
                let nl = newline(text);
                let tc = if st.trailing_comma { "," } else { "" };
                patch.insert(at, format!(", (table) => [{nl}{}{}{tc}{nl}{}]", st.indent, piece("table"), st.base));
            } else {
                patch.insert(at, format!(", (table) => [{}]", piece("table")));
            }
        }
    }
    Ok(())
}

/// Deletes the extra-config piece at `span`.
pub fn delete_extra(cx: &Cx, patch: &mut Patch, dec: &Decl, span: Span) -> Result<(), EditError> {
    delete_extras(cx, patch, dec, &[span])
}

/// Deletes the extra-config pieces at `spans`.
pub fn delete_extras(cx: &Cx, patch: &mut Patch, dec: &Decl, spans: &[Span]) -> Result<(), EditError> {
    let Some(first) = spans.first() else { return Ok(()) };
    let (_, body) = dec.extra()?.ok_or_else(|| EditError::Unsupported(format!("the piece at {} is not in the extra config of {}", first.start, dec.site.name)))?;
    let l = list(cx.text, body).ok_or_else(|| not_builder(&dec.site.name))?;
    let mut ks = spans
        .iter()
        .map(|span| l.items.iter().position(|s| s.start <= span.start && span.start < s.end.max(s.start + 1)).ok_or_else(|| EditError::Unsupported(format!("a key of {} is not an item of its extra config", dec.site.name))))
        .collect::<Result<Vec<_>, _>>()?;
    ks.sort_unstable();
    ks.dedup();
    match (dec.args.get(1), dec.args.get(2)) {
        // every piece: the extra config goes
        (Some(cols), Some(extra)) if ks.len() == l.items.len() && dec.args.len() == 3 => patch.delete(cols.end, extra.end),
        _ => l.delete_many(patch, &ks),
    }
    Ok(())
}

/// Rewrites the columns of the extra-config key at `span` (`primaryKey({ columns: [...] })`, or
/// the older `primaryKey(t.a, t.b)`) to the columns of keys `keys`.
pub fn set_key_columns(cx: &Cx, patch: &mut Patch, dec: &Decl, span: Span, keys: &[String]) -> Result<(), EditError> {
    let unsupported = || EditError::Unsupported(format!("the primary key of {} is not written as `primaryKey({{ columns: [...] }})`: edit the text", dec.site.name));
    let (p, body) = dec.extra()?.ok_or_else(unsupported)?;
    let l = list(cx.text, body).ok_or_else(unsupported)?;
    let item = l.items.iter().find(|s| s.start <= span.start && span.end <= s.end).copied().ok_or_else(unsupported)?;
    let ch = find_expr(body, item).and_then(chain).ok_or_else(unsupported)?;
    let cols = keys.iter().map(|k| member(&p, k)).collect::<Vec<_>>().join(", ");
    match ch.args {
        [o] if matches!(o.kind, ExprKind::Object(_)) => {
            let ExprKind::Object(props) = &o.kind else { return Err(unsupported()) };
            let arr = props
                .iter()
                .find_map(|pr| match pr {
                    crate::parse::drizzle::syntax::Prop::Pair { key, value, .. } if key == "columns" && matches!(value.kind, ExprKind::Array(_)) => Some(value),
                    _ => None,
                })
                .ok_or_else(unsupported)?;
            patch.replace(arr.start, arr.end, format!("[{cols}]"));
        }
        [first, .., last] | [first @ last] if args_are_columns(ch.args) => patch.replace(first.start, last.end, cols),
        _ => return Err(unsupported()),
    }
    Ok(())
}

/// Whether call arguments are column references (`t.a`).
fn args_are_columns(args: &[crate::parse::drizzle::syntax::Expr]) -> bool {
    args.iter().all(|a| matches!(a.kind, ExprKind::Member(..) | ExprKind::Index(..)))
}

/// The `{ onDelete: "cascade" }` options (empty: none).
fn actions(st: &Style, on_delete: Option<RefAction>, on_update: Option<RefAction>) -> String {
    let mut m = Vec::new();
    if let Some(a) = on_delete {
        m.push(format!("onDelete: {}", st.string(crate::codegen::drizzle::action(a))));
    }
    if let Some(a) = on_update {
        m.push(format!("onUpdate: {}", st.string(crate::codegen::drizzle::action(a))));
    }
    if m.is_empty() {
        String::new()
    } else {
        format!("{{ {} }}", m.join(", "))
    }
}

/// Rewrites the actions of a foreign key.
pub fn set_actions(cx: &Cx, patch: &mut Patch, dec: &Decl, f: &FkSite, on_delete: Option<RefAction>, on_update: Option<RefAction>) -> Result<(), EditError> {
    let st = Style::of(cx.text, dec);
    let opts = actions(&st, on_delete, on_update);
    let (_, body) = if f.inline { (String::new(), dec.cols) } else { dec.extra()?.ok_or_else(|| not_builder(&dec.site.name))? };
    let l = list(cx.text, body).ok_or_else(|| not_builder(&dec.site.name))?;
    let item = l.items.iter().find(|s| s.start <= f.span.start && f.span.end <= s.end).copied().ok_or_else(|| not_builder(&dec.site.name))?;
    let e = find_expr(body, item).ok_or_else(|| not_builder(&dec.site.name))?;
    let ch = chain(e).ok_or_else(|| not_builder(&dec.site.name))?;
    if f.inline {
        let link = ch.links.iter().find(|l| l.name == "references" && l.end == f.span.end).ok_or_else(|| not_builder(&dec.site.name))?;
        let first = link.args.first().ok_or_else(|| not_builder(&dec.site.name))?;
        match (link.args.get(1), opts.is_empty()) {
            (Some(o), true) => patch.delete(first.end, o.end),
            (Some(o), false) => patch.replace(o.start, o.end, opts),
            (None, false) => patch.insert(first.end, format!(", {opts}")),
            (None, true) => {}
        }
    } else {
        for l in ch.links.iter().filter(|l| l.name == "onDelete" || l.name == "onUpdate") {
            patch.delete(l.from, l.end);
        }
        let mut add = String::new();
        if let Some(a) = on_delete {
            add.push_str(&format!(".onDelete({})", st.string(crate::codegen::drizzle::action(a))));
        }
        if let Some(a) = on_update {
            add.push_str(&format!(".onUpdate({})", st.string(crate::codegen::drizzle::action(a))));
        }
        patch.insert(ch.links.last().map_or(ch.end, |l| l.end), add);
    }
    Ok(())
}

/// The value expression of a list item at `span` (an object member's value, or an element).
fn find_expr(body: &crate::parse::drizzle::syntax::Expr, span: Span) -> Option<&crate::parse::drizzle::syntax::Expr> {
    use crate::parse::drizzle::syntax::Prop;
    match &body.kind {
        ExprKind::Object(props) => props.iter().find_map(|p| match p {
            Prop::Pair { key_start, value, .. } if *key_start == span.start && value.end == span.end => Some(value),
            _ => None,
        }),
        ExprKind::Array(xs) => xs.iter().find(|x| x.start == span.start && x.end == span.end),
        _ => None,
    }
}

/// A new foreign key: `.references(() => other.key)` for one column of another table in the same
/// file, else `foreignKey({ columns, foreignColumns })` in the extra config.
pub fn add_relationship(cx: &Cx, patch: &mut Patch, w: &mut Imports, r: &NewRelationship) -> Result<Planned, EditError> {
    let dec = cx.decl(&r.table)?;
    let rdec = cx.decl(&r.ref_table)?;
    let st = Style::of(cx.text, &dec);
    let cols: Vec<&ColSite> = r.columns.iter().map(|c| cx.col(&r.table, dec.site, c)).collect::<Result<_, _>>()?;
    let rcols: Vec<&ColSite> = spec::ref_columns(cx.schema, r)?.iter().map(|c| cx.col(&r.ref_table, rdec.site, c)).collect::<Result<_, _>>()?;
    if rdec.file != dec.file {
        return Err(EditError::Unsupported(format!("{} is declared in another file: import it and write the reference in the text", r.ref_table)));
    }
    let same = std::ptr::eq(dec.site, rdec.site);
    let mut touched = vec![(dec.file, dec.site.span)];
    // the key the target needs, unless it has one (its primary key, a unique key or index)
    let rt = &cx.schema.tables[spec::table_idx(cx.schema, &r.ref_table)?];
    if r.create_key && !spec::unique_key(cx.d, rt, &spec::ref_columns(cx.schema, r)?) {
        touched.push((rdec.file, rdec.site.span));
        if let [c] = rcols.as_slice() {
            let (_, v) = rdec.member(c)?;
            let ch = chain(v).ok_or_else(|| not_builder(&c.name))?;
            patch.insert(ch.links.last().map_or(ch.end, |l| l.end), ".unique()");
        } else {
            let u = w.core(cx, rdec.file, "unique");
            let keys: Vec<String> = rcols.iter().map(|c| c.key.clone()).collect();
            add_extra(cx, patch, &rdec, "unique", &|p| format!("{u}().on({})", keys.iter().map(|k| member(p, k)).collect::<Vec<_>>().join(", ")))?;
        }
    }
    if let ([c], [rc], false) = (cols.as_slice(), rcols.as_slice(), same) {
        let (_, v) = dec.member(c)?;
        let ch = chain(v).ok_or_else(|| not_builder(&c.name))?;
        let opts = actions(&st, r.on_delete, r.on_update);
        let opts = if opts.is_empty() { opts } else { format!(", {opts}") };
        patch.insert(ch.links.last().map_or(ch.end, |l| l.end), format!(".references(() => {}{opts})", member(&rdec.ident, &rc.key)));
    } else {
        let fk = w.core(cx, dec.file, "foreignKey");
        let keys: Vec<String> = cols.iter().map(|c| c.key.clone()).collect();
        let rkeys: Vec<String> = rcols.iter().map(|c| c.key.clone()).collect();
        let mut acts = String::new();
        if let Some(a) = r.on_delete {
            acts.push_str(&format!(".onDelete({})", st.string(crate::codegen::drizzle::action(a))));
        }
        if let Some(a) = r.on_update {
            acts.push_str(&format!(".onUpdate({})", st.string(crate::codegen::drizzle::action(a))));
        }
        let rid = rdec.ident.clone();
        add_extra(cx, patch, &dec, "fk", &|p| {
            let target = if same { p.to_string() } else { rid.clone() };
            format!(
                "{fk}({{ columns: [{}], foreignColumns: [{}] }}){acts}",
                keys.iter().map(|k| member(p, k)).collect::<Vec<_>>().join(", "),
                rkeys.iter().map(|k| member(&target, k)).collect::<Vec<_>>().join(", ")
            )
        })?;
    }
    Ok((touched, format!("add a relationship from {}({}) to {}", r.table, r.columns.join(", "), r.ref_table)))
}

/// A new table statement after `after` (or the last table).
pub fn add_table(cx: &Cx, patch: &mut Patch, w: &mut Imports, table: &QualifiedName, columns: &[NewColumn], after: Option<&QualifiedName>) -> Result<Planned, EditError> {
    let text = cx.text;
    // a table of another schema: `x.table(...)` on the module's `const x = pgSchema("x")`
    let qual = table.schema.as_deref().filter(|s| *s != "public");
    let schema_var = match qual {
        Some(s) => Some(cx.sites.schemas.iter().filter(|(n, _)| n == s).find_map(|(_, span)| cx.sites.var_of(text, *span)).ok_or_else(|| {
            let f = if cx.d == crate::dialect::Dialect::Mysql { "mysqlSchema" } else { "pgSchema" };
            EditError::Unsupported(format!("no {f}(\"{s}\") is declared in this module for table {table}: declare it first (`export const {} = {f}(\"{s}\")`)", camel(s)))
        })?),
        None => None,
    };
    let anchor = match after {
        Some(q) => Some(cx.decl(q)?),
        // the last table (in the schema's file), where the model adds it
        None => cx.sites.tables.iter().filter(|s| s.included).filter_map(|s| cx.sites.decl(text, s).ok()).filter(|d| schema_var.is_none_or(|v| d.file == v.0)).max_by_key(|d| (d.file, d.end)),
    };
    let (file, at, st, export) = match (&anchor, schema_var) {
        (Some(d), _) => (d.file, d.end, Style::of(text, d), text[d.start..].starts_with("export")),
        (None, Some((f, _, start, end, _))) => (f, end, Style::default(), text[start..].starts_with("export")),
        (None, None) => (0, text.trim_end().len(), Style::default(), true),
    };
    let table_call = match schema_var {
        Some((f, ident, ..)) => format!("{}.table", local_name(cx, file, f, ident).ok_or_else(|| EditError::Unsupported(format!("{ident} (the schema {}) is not imported where the new table goes: import it there first", qual.unwrap_or_default())))?),
        None => w.core(cx, file, table_fn(cx.d)),
    };
    let taken = |n: &str| cx.sites.files.iter().flat_map(|(_, items)| items).any(|i| match i {
        Item::Var { decls, .. } => decls.iter().any(|(p, _)| matches!(p, Pattern::Name(x) if x == n)),
        Item::Function { name, .. } | Item::Enum { name, .. } => name == n,
        Item::Import(imp) => imp.named.iter().any(|(_, l)| l == n) || imp.default.as_deref() == Some(n) || imp.namespace.as_deref() == Some(n),
        _ => false,
    });
    let base = camel(&table.name);
    let ident = [base.clone(), format!("{base}Table")].into_iter().chain((2..100).map(|i| format!("{base}Table{i}"))).find(|n| !taken(n)).unwrap_or(base);
    let pk: Vec<&NewColumn> = columns.iter().filter(|c| c.primary_key).collect();
    let mut members = Vec::new();
    let mut keys = Vec::new();
    for c in columns {
        let key = column_key(cx, &c.name, st.camel_keys);
        if keys.contains(&key) {
            return Err(EditError::NameTaken { what: "column key", name: key });
        }
        let nc = NewColumn { primary_key: c.primary_key && pk.len() == 1, not_null: c.not_null || c.primary_key, ..c.clone() };
        members.push(format!("{}: {}", crate::codegen::escape::ts::key(&key), new_column(cx, w, file, None, &nc, &st, &key)?));
        keys.push(key);
    }
    let nl = newline(text);
    let f = table_call;
    let tc = if st.trailing_comma { "," } else { "" };
    let body = members.iter().map(|m| format!("{}{}", st.indent, m)).collect::<Vec<_>>().join(&format!(",{nl}"));
    let extra = if pk.len() > 1 {
        let p = w.core(cx, file, "primaryKey");
        let ks = pk.iter().map(|c| member("table", &column_key(cx, &c.name, st.camel_keys))).collect::<Vec<_>>().join(", ");
        format!(", (table) => [{nl}{}{p}({{ columns: [{ks}] }}){tc}{nl}]", st.indent)
    } else {
        String::new()
    };
    let semi = if st.semi { ";" } else { "" };
    let export = if export { "export " } else { "" };
    let stmt = format!("{export}const {ident} = {f}({}, {{{nl}{body}{tc}{nl}}}{extra}){semi}", st.string(&table.name));
    let lead = if at == 0 { String::new() } else { format!("{nl}{nl}") };
    patch.insert(at, format!("{lead}{stmt}"));
    Ok((vec![(file, Span::new(at, at))], format!("add table {table}")))
}
