//! Drizzle ORM schema (`schema.ts`) for `drizzle-orm/pg-core`, `mysql-core` or `sqlite-core`.
//!
//! One exported table per table (keys camelCase, the column name always passed explicitly),
//! enums, keys, indexes and checks in the third-argument array form, `relations()` for both sides
//! of every foreign key and the `$inferSelect` / `$inferInsert` types. SQL fragments go through
//! `sql` template literals with backticks, `\` and `${` escaped.
//!
//! | file | what |
//! |---|---|
//! | `tables.rs` | one table: its columns, then the third argument (keys, foreign keys, indexes, checks, policies) |
//! | `columns.rs` | one column: the builder for its type, then its modifiers |
//! | `relations.rs` | inline `.references()`, foreign key targets, `relations()` |
//! | `views.rs` | views |

mod columns;
mod relations;
mod tables;
mod views;

use super::escape::ts as esc;
use super::names::{self, camel, pascal, Namer};
use super::writer::Writer;
use super::Generated;
use crate::model::{ForeignKey, RefAction, Schema, SchemaIndex, Table};
use crate::Dialect;
use std::collections::{BTreeSet, HashMap};

/// Words a generated `const` must not be named (JS reserved words and globals we rely on).
pub(crate) const JS_RESERVED: &[&str] = &[
    "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in",
    "instanceof", "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield", "let", "static", "implements", "interface", "package",
    "private", "protected", "public", "await", "async", "arguments", "eval", "undefined", "NaN", "Infinity", "of", "type", "as", "any", "unknown", "never", "object", "string", "number", "boolean",
    "bigint", "symbol", "declare", "namespace", "module", "require", "Date", "Object", "Array", "String", "Number", "Boolean", "Symbol", "Promise", "Map", "Set", "Error", "JSON", "Math",
    "Uint8Array", "BigInt", "Record", "Partial", "z", "globalThis", "constructor", "prototype",
];

/// Everything the three cores might be asked to import (reserved so names never depend on use).
const CORE_NAMES: &[&str] = &[
    "pgTable", "pgEnum", "pgSchema", "pgPolicy", "mysqlTable", "mysqlEnum", "mysqlSchema", "sqliteTable", "smallint", "integer", "int", "bigint", "serial", "bigserial", "smallserial", "real",
    "doublePrecision", "double", "float", "numeric", "decimal", "text", "tinytext", "mediumtext", "longtext", "varchar", "char", "uuid", "boolean", "tinyint", "mediumint", "timestamp", "datetime",
    "date", "time", "interval", "year", "json", "jsonb", "inet", "cidr", "binary", "varbinary", "blob", "customType", "index", "uniqueIndex", "primaryKey", "foreignKey", "unique", "check",
    "AnyPgColumn", "AnyMySqlColumn", "AnySQLiteColumn", "PgTableExtraConfigValue", "MySqlTableExtraConfigValue", "SQLiteTableExtraConfigValue", "relations", "sql", "one", "many", "t", "table",
    "pgView", "pgMaterializedView", "mysqlView", "sqliteView",
];

/// The names of the dialect's core: its module, table function, column type and the third
/// argument's element type.
#[derive(Clone, Copy)]
struct CoreNames {
    module: &'static str,
    table_fn: &'static str,
    any_col: &'static str,
    extra_ty: &'static str,
}

impl CoreNames {
    fn of(d: Dialect) -> Self {
        let (module, table_fn, any_col, extra_ty) = match d {
            Dialect::Postgres => ("drizzle-orm/pg-core", "pgTable", "AnyPgColumn", "PgTableExtraConfigValue"),
            Dialect::Mysql => ("drizzle-orm/mysql-core", "mysqlTable", "AnyMySqlColumn", "MySqlTableExtraConfigValue"),
            Dialect::Sqlite => ("drizzle-orm/sqlite-core", "sqliteTable", "AnySQLiteColumn", "SQLiteTableExtraConfigValue"),
        };
        CoreNames { module, table_fn, any_col, extra_ty }
    }
}

struct Ctx<'a> {
    schema: &'a Schema,
    d: Dialect,
    core_names: CoreNames,
    imports: BTreeSet<&'static str>,
    customs: Vec<(String, String, &'static str)>,
    custom_by_type: HashMap<String, String>,
    vars: Namer,
    warnings: Vec<String>,
    /// The module uses `sql` (imported from drizzle-orm).
    uses_sql: bool,
    /// PostgreSQL schema → its `pgSchema` variable.
    schema_vars: HashMap<String, String>,
    /// `export const s = pgSchema(...)` declarations.
    schema_decls: Vec<String>,
}

/// The tables that get a variable: variable, column keys and the key namer per table index.
struct Tables {
    var: HashMap<usize, String>,
    col_keys: HashMap<usize, HashMap<String, String>>,
    key_namers: HashMap<usize, Namer>,
}

/// What the parts of one table share while it is written.
struct TableCx<'a, 's> {
    ix: &'a SchemaIndex<'s>,
    tables: &'a Tables,
    enum_vars: &'a HashMap<usize, String>,
    ti: usize,
    t: &'a Table,
    /// column name → key in the table object
    keys: &'a HashMap<String, String>,
    /// The foreign keys written inline with `.references()`, by their column.
    inline: HashMap<&'a str, Vec<&'a ForeignKey>>,
    pk_cols: Vec<String>,
    /// A one-column primary key, written `.primaryKey()` on its column.
    single_pk: bool,
    /// What Drizzle cannot express, written as `//` notes after the table.
    notes: Vec<String>,
}

impl TableCx<'_, '_> {
    /// The key of a column (by its name as the table or a constraint spells it).
    fn key(&self, c: &str) -> Option<String> {
        self.keys.get(c).cloned().or_else(|| self.ix.column(self.ti, c).and_then(|col| self.keys.get(&col.name).cloned()))
    }

    /// `t.key` for each column, when all are known.
    fn tk(&self, cols: &[String]) -> Option<Vec<String>> {
        cols.iter().map(|c| self.key(c).map(|k| format!("t.{k}"))).collect()
    }
}

/// How a column's TypeScript value looks, for `.default(...)`.
#[derive(PartialEq)]
enum Ts {
    Str,
    Num,
    Bool,
    Date,
    Json,
    Enum(Vec<String>),
    Other,
}

/// Drizzle's spelling of a referential action (`onDelete: "cascade"`).
pub(crate) fn action(a: RefAction) -> &'static str {
    match a {
        RefAction::NoAction => "no action",
        RefAction::Restrict => "restrict",
        RefAction::Cascade => "cascade",
        RefAction::SetNull => "set null",
        RefAction::SetDefault => "set default",
    }
}

fn sql_lit(s: &str) -> String {
    format!("sql`{}`", esc::template(s))
}

impl<'a> Ctx<'a> {
    fn core(&mut self, name: &'static str) -> &'static str {
        self.imports.insert(name);
        name
    }

    fn custom(&mut self, sql_type: &str, data: &'static str) -> String {
        if let Some(v) = self.custom_by_type.get(sql_type) {
            return v.clone();
        }
        let base = names::safe_ident(&format!("{}Type", camel(sql_type)), "customType", "t", &[]);
        let var = self.vars.unique(&base);
        self.imports.insert("customType");
        self.customs.push((var.clone(), sql_type.to_string(), data));
        self.custom_by_type.insert(sql_type.to_string(), var.clone());
        var
    }

    /// The `pgSchema` variable of a PostgreSQL schema other than `public` (declared on first use).
    fn schema_var(&mut self, s: &Option<String>) -> Option<String> {
        let s = s.as_deref().filter(|s| self.d == Dialect::Postgres && *s != "public")?;
        if let Some(v) = self.schema_vars.get(s) {
            return Some(v.clone());
        }
        let v = self.vars.unique(&names::safe_ident(&format!("{}Schema", camel(s)), "schema", "s", &[]));
        self.imports.insert("pgSchema");
        self.schema_decls.push(format!("export const {v} = pgSchema({});", esc::string(s)));
        self.schema_vars.insert(s.to_string(), v.clone());
        Some(v)
    }
}

/// Generates the Drizzle schema module (camelCase keys).
pub fn generate(schema: &Schema) -> Generated {
    generate_with(schema, super::DrizzleKeys::Camel)
}

/// Generates the Drizzle schema module with the given kind of column keys.
pub fn generate_with(schema: &Schema, keys_style: super::DrizzleKeys) -> Generated {
    let d = schema.dialect;
    let ix = SchemaIndex::new(schema);
    let mut cx = Ctx {
        schema,
        d,
        core_names: CoreNames::of(d),
        imports: BTreeSet::new(),
        customs: Vec::new(),
        custom_by_type: HashMap::new(),
        vars: Namer::new(),
        warnings: Vec::new(),
        uses_sql: false,
        schema_vars: HashMap::new(),
        schema_decls: Vec::new(),
    };
    for r in JS_RESERVED.iter().chain(CORE_NAMES) {
        cx.vars.reserve(r);
    }
    let (enum_vars, enum_decls) = enums(&mut cx);
    // table variables first, so references can name any table
    let mut tables = table_vars(&mut cx, keys_style);
    let mut body = Writer::new("  ");
    for ti in 0..schema.tables.len() {
        tables::table(&mut cx, &ix, &tables, &enum_vars, ti, &mut body);
    }
    views::views(&mut cx, &enum_vars, keys_style, &mut body);
    let rel_code = relations::relations(&ix, &mut tables);
    if !rel_code.is_empty() {
        body.blank();
        for l in rel_code.lines() {
            body.line(l);
        }
    }
    row_types(schema, &tables, &mut body);
    assemble(cx, !rel_code.is_empty(), &enum_decls, body)
}

/// PostgreSQL enums: their variables by enum index, and their declarations.
fn enums(cx: &mut Ctx) -> (HashMap<usize, String>, Vec<String>) {
    let mut enum_vars: HashMap<usize, String> = HashMap::new();
    let mut enum_decls: Vec<String> = Vec::new();
    if cx.d != Dialect::Postgres {
        return (enum_vars, enum_decls);
    }
    for (i, e) in cx.schema.enums.iter().enumerate() {
        if e.values.is_empty() {
            cx.warnings.push(format!("enum {} has no values; its columns use a custom type", e.name));
            continue;
        }
        let v = cx.vars.unique(&names::safe_ident(&camel(&e.name), "enumType", "e", &[]));
        let list: Vec<String> = e.values.iter().map(|v| esc::string(v)).collect();
        let ctor = match cx.schema_var(&e.schema) {
            Some(s) => format!("{s}.enum"),
            None => cx.core("pgEnum").to_string(),
        };
        enum_decls.push(format!("export const {v} = {ctor}({}, [{}]);", esc::string(&e.name), list.join(", ")));
        enum_vars.insert(i, v);
    }
    (enum_vars, enum_decls)
}

/// Every table's variable and column keys (virtual tables and partitions get none).
fn table_vars(cx: &mut Ctx, keys_style: super::DrizzleKeys) -> Tables {
    let schema = cx.schema;
    let mut tables = Tables { var: HashMap::new(), col_keys: HashMap::new(), key_namers: HashMap::new() };
    let mut partitions: std::collections::BTreeMap<String, Vec<String>> = std::collections::BTreeMap::new();
    for (ti, t) in schema.tables.iter().enumerate() {
        if t.virtual_module.is_some() {
            cx.warnings.push(format!("virtual table {} is not supported by Drizzle and was left out", t.name));
            continue;
        }
        if let Some(parent) = t.partition_of.as_ref().filter(|p| schema.table_index(p).is_some()) {
            // the parent holds the rows (drizzle-kit pull leaves partitions out too)
            partitions.entry(parent.to_string()).or_default().push(t.qualified_name().to_string());
            continue;
        }
        let v = cx.vars.unique(&names::safe_ident(&camel(&t.name), "table", "t", &[]));
        tables.var.insert(ti, v);
        let mut kn = Namer::new();
        for r in ["_", "getSQL", "enableRLS", "$inferSelect", "$inferInsert", "$columns", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty"] {
            kn.reserve(r);
        }
        let mut keys = HashMap::new();
        for c in &t.columns {
            let base = match keys_style {
                super::DrizzleKeys::Camel => camel(&c.name),
                super::DrizzleKeys::Column => c.name.clone(),
            };
            let k = kn.unique(&names::safe_ident(&base, "column", "c", &[]));
            keys.insert(c.name.clone(), k);
        }
        tables.col_keys.insert(ti, keys);
        tables.key_namers.insert(ti, kn);
    }
    for (parent, parts) in partitions {
        cx.warnings.push(format!("the partitions of {parent} ({}) are not separate tables; query {parent}", parts.join(", ")));
    }
    tables
}

/// `$inferSelect` / `$inferInsert` types per table.
fn row_types(schema: &Schema, tables: &Tables, body: &mut Writer) {
    let mut types = Namer::new();
    for r in JS_RESERVED {
        types.reserve(r);
    }
    body.blank();
    for (ti, t) in schema.tables.iter().enumerate() {
        let Some(var) = tables.var.get(&ti) else { continue };
        let base = names::safe_ident(&pascal(&names::singular(&t.name)), "Row", "T", &[]);
        let sel = types.unique(&base);
        let ins = types.unique(&format!("New{sel}"));
        body.line(format!("export type {sel} = typeof {var}.$inferSelect;"));
        body.line(format!("export type {ins} = typeof {var}.$inferInsert;"));
    }
}

/// The imports, schema, custom type and enum declarations, then the body.
fn assemble(cx: Ctx, uses_relations: bool, enum_decls: &[String], body: Writer) -> Generated {
    let mut out = String::new();
    out.push_str("// Generated by Schema Playground.\n");
    let imports: Vec<String> = cx.imports.iter().map(|i| if i.starts_with("Any") || i.ends_with("ConfigValue") { format!("type {i}") } else { i.to_string() }).collect();
    if !imports.is_empty() {
        out.push_str(&format!("import {{ {} }} from \"{}\";\n", imports.join(", "), cx.core_names.module));
    }
    let mut orm = Vec::new();
    if uses_relations {
        orm.push("relations");
    }
    if cx.uses_sql {
        orm.push("sql");
    }
    if !orm.is_empty() {
        out.push_str(&format!("import {{ {} }} from \"drizzle-orm\";\n", orm.join(", ")));
    }
    out.push('\n');
    for s in &cx.schema_decls {
        out.push_str(s);
        out.push('\n');
    }
    for (v, ty, data) in &cx.customs {
        out.push_str(&format!("const {v} = customType<{{ data: {data} }}>({{ dataType: () => {} }});\n", esc::string(ty)));
    }
    for e in enum_decls {
        out.push_str(e);
        out.push('\n');
    }
    if !(cx.schema_decls.is_empty() && cx.customs.is_empty() && enum_decls.is_empty()) {
        out.push('\n');
    }
    out.push_str(body.finish().trim_end());
    out.push('\n');
    Generated { code: out, warnings: cx.warnings }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gen(sql: &str, d: Dialect) -> String {
        generate(&crate::parse::parse(sql, d).schema).code
    }

    #[test]
    fn pg_tables_columns_and_relations() {
        let c = gen(
            "CREATE TYPE role AS ENUM ('a', 'b');
             CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL UNIQUE, r role NOT NULL DEFAULT 'a', created_at timestamptz NOT NULL DEFAULT now());
             CREATE TABLE posts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, author_id uuid REFERENCES users(id) ON DELETE CASCADE, tags text[]);
             CREATE INDEX posts_live ON posts (author_id) WHERE tags IS NOT NULL;",
            Dialect::Postgres,
        );
        assert!(c.contains("export const role = pgEnum(\"role\", [\"a\", \"b\"]);"), "{c}");
        assert!(c.contains("id: uuid(\"id\").primaryKey().defaultRandom(),"), "{c}");
        assert!(c.contains("r: role(\"r\").notNull().default(\"a\"),"), "{c}");
        assert!(c.contains("createdAt: timestamp(\"created_at\", { mode: \"date\", withTimezone: true }).notNull().defaultNow(),"), "{c}");
        // the constraint keeps its name (drizzle-kit would otherwise rename it)
        assert!(c.contains("foreignKey({ columns: [t.authorId], foreignColumns: [users.id], name: \"posts_author_id_fkey\" }).onDelete(\"cascade\")"), "{c}");
        let c2 = gen("CREATE TABLE u (id int PRIMARY KEY); CREATE TABLE p (id int PRIMARY KEY, u_id int CONSTRAINT p_u_id_u_id_fk REFERENCES u(id) ON DELETE CASCADE);", Dialect::Postgres);
        assert!(c2.contains(".references((): AnyPgColumn => u.id, { onDelete: \"cascade\" })"), "{c2}");
        assert!(c.contains("index(\"posts_live\").on(t.authorId).where(sql`tags IS NOT NULL`)"), "{c}");
        assert!(c.contains("tags: text(\"tags\").array(),"), "{c}");
        assert!(c.contains("author: one(users, { fields: [posts.authorId], references: [users.id] }),"), "{c}");
        assert!(c.contains("posts: many(posts),"), "{c}");
        assert!(c.contains("export type NewPost = typeof posts.$inferInsert;"), "{c}");
    }

    #[test]
    fn composite_keys_and_other_dialects() {
        let c = gen("CREATE TABLE a (x int, y int, PRIMARY KEY (x, y)); CREATE TABLE b (x int, y int, FOREIGN KEY (x, y) REFERENCES a (x, y) ON DELETE CASCADE);", Dialect::Sqlite);
        assert!(c.contains("from \"drizzle-orm/sqlite-core\""), "{c}");
        assert!(c.contains("primaryKey({ columns: [t.x, t.y] })"), "{c}");
        assert!(c.contains("foreignKey({ columns: [t.x, t.y], foreignColumns: [a.x, a.y] }).onDelete(\"cascade\")"), "{c}");
        let c = gen("CREATE TABLE t (id int unsigned AUTO_INCREMENT PRIMARY KEY, s enum('x','y') NOT NULL DEFAULT 'x');", Dialect::Mysql);
        assert!(c.contains("id: int(\"id\", { unsigned: true }).primaryKey().autoincrement(),"), "{c}");
        assert!(c.contains("s: mysqlEnum(\"s\", [\"x\", \"y\"]).notNull().default(\"x\"),"), "{c}");
        let c = gen("CREATE TABLE t (id int PRIMARY KEY, changed timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP);", Dialect::Mysql);
        assert!(c.contains("changed: timestamp(\"changed\", { mode: \"date\" }).notNull().defaultNow().onUpdateNow(),"), "{c}");
    }

    #[test]
    fn composite_self_and_cyclic_keys_avoid_circular_types() {
        let c = gen(
            "CREATE TABLE a (t int, id int, up int, b_id int, PRIMARY KEY (t, id), FOREIGN KEY (t, up) REFERENCES a (t, id));
             CREATE TABLE b (t int, id int, a_id int, PRIMARY KEY (t, id), FOREIGN KEY (t, a_id) REFERENCES a (t, id));
             ALTER TABLE a ADD FOREIGN KEY (t, b_id) REFERENCES b (t, id);",
            Dialect::Postgres,
        );
        assert!(c.contains("foreignKey({ columns: [t.t, t.up], foreignColumns: [t.t, t.id], name: \"a_t_up_fkey\" })"), "{c}");
        assert!(c.contains("}, (t): PgTableExtraConfigValue[] => [\n  primaryKey({ columns: [t.t, t.id], name: \"a_pkey\" }),"), "{c}");
        let c = gen("CREATE TABLE m (id int PRIMARY KEY, at datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3));", Dialect::Mysql);
        assert!(c.contains("at: datetime(\"at\", { mode: \"date\", fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),"), "{c}");
    }

    #[test]
    fn hostile_sql_stays_inside_template_literals() {
        let c = gen("CREATE TABLE \"x`${y}\" (\"a\"\"b\" text DEFAULT ('`' || '${z}' || '\\'), CHECK (\"a\"\"b\" <> '*/'));", Dialect::Postgres);
        assert!(c.contains("sql`'\\`' || '\\${z}' || '\\\\'`"), "{c}");
        assert!(c.contains("check(\"x`${y}_check\", sql`\"a\"\"b\" <> '*/'`)"), "{c}");
        assert!(c.contains("pgTable(\"x`${y}\""), "{c}");
    }
}

