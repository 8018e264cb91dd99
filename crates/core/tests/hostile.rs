//! The hostile-value round trip, engine side (issue 21). The list is `tests/hostile/values.json`
//! (quotes of every kind, trailing backslashes, `*/`, `-- `, `${}`, `</script>`, line breaks,
//! U+2028, RTL marks, NUL, 63/64/65,536-byte names, ...), shared with the real-tool layers
//! (`tests/realdb/hostile.py`: PostgreSQL, MariaDB and SQLite execute the generated SQL;
//! `tests/codegen/hostile.test.mjs`: Prisma, tsc, @dbml/core, Mermaid).
//!
//! For each source dialect, two scripts are written with every value in every position the source
//! can hold — table and column names (script A); index, CHECK and FOREIGN KEY names, a default, an
//! enum value, a CHECK's string and the table and column comments (script B). Then:
//! 1. the importer reads back exactly those names and values (cut to the engine's name limit);
//! 2. the SQL generated for every target reads back (through the importer again) with the same
//!    names and values wherever the target can hold them, and without any diagnostic;
//! 3. the Prisma, Drizzle, TypeScript and Zod outputs carry every name as a string literal that
//!    decodes (as JSON, which their escapes are) to exactly that name; no generator panics.

use schemaplay_core::codegen::{self, Target};
use schemaplay_core::model::{Schema, Table, TypeKind};
use schemaplay_core::parse::parse;
use schemaplay_core::sqltext::{self, expr::Tok, ident, string_lit};
use schemaplay_core::Dialect;

/// (id, value) from `tests/hostile/values.json`.
fn values() -> Vec<(String, String)> {
    let text = include_str!("../../../tests/hostile/values.json");
    let doc: serde_json::Value = serde_json::from_str(text).expect("values.json");
    doc["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|e| {
            let id = e["id"].as_str().unwrap().to_string();
            let v = match e.get("value") {
                Some(v) => v.as_str().unwrap().to_string(),
                None => e["repeat"].as_str().unwrap().repeat(e["count"].as_u64().unwrap() as usize),
            };
            (id, v)
        })
        .collect()
}

/// The name the engine stores for `v`, or `None` when it cannot hold it (NUL anywhere; MySQL:
/// characters outside the BMP, a trailing space; an empty name).
fn name_in(d: Dialect, v: &str) -> Option<String> {
    let v = sqltext::clamp(d, v);
    let ok = !v.is_empty()
        && !v.contains('\0')
        && match d {
            Dialect::Mysql => !v.ends_with(' ') && v.chars().all(|c| (c as u32) <= 0xFFFF),
            _ => true,
        };
    ok.then(|| v.to_string())
}

/// Whether `v` can be a string value (default, CHECK string) in the dialect; long values are
/// names only.
fn value_in(d: Dialect, v: &str) -> bool {
    sqltext::literal::can_hold(d, v) && v.len() <= 1000
}

/// Whether `v` can be an enum value: PostgreSQL labels are 1 to 63 bytes; MySQL strips trailing
/// spaces from ENUM members and takes at most 255 characters, no NUL.
fn enum_value_in(d: Dialect, v: &str) -> bool {
    value_in(d, v)
        && match d {
            Dialect::Postgres => !v.is_empty() && v.len() <= 63,
            Dialect::Mysql => !v.ends_with(' ') && v.chars().count() <= 255 && !v.contains('\0'),
            Dialect::Sqlite => true,
        }
}

/// Comments: PostgreSQL and MySQL (MySQL: at most 1,024 characters, no NUL, only the BMP — MariaDB
/// keeps comments in utf8mb3); SQLite has none. An empty comment is no comment.
fn comment_in(d: Dialect, v: &str) -> bool {
    match d {
        _ if v.is_empty() => false,
        Dialect::Postgres => value_in(d, v),
        Dialect::Mysql => value_in(d, v) && !v.contains('\0') && v.chars().count() <= 1024 && v.chars().all(|c| (c as u32) <= 0xFFFF),
        Dialect::Sqlite => false,
    }
}

/// Script A: one table per name, with a column of that name.
fn script_names(d: Dialect, vals: &[(String, String)]) -> String {
    let mut s = String::new();
    for (_, v) in vals {
        if name_in(d, v).is_some() {
            s.push_str(&format!("CREATE TABLE {} (id int PRIMARY KEY, {} text);\n", ident(d, v), ident(d, v)));
        }
    }
    s
}

/// Script B: per value k, `t_k` (a default, an enum, a CHECK on `d` named and holding the value,
/// comments),
/// `u_k` (a foreign key named the value) and an index named the value on `w_k` (apart: MySQL names
/// a foreign key's own index after the constraint).
fn script_objects(d: Dialect, vals: &[(String, String)]) -> String {
    let mut s = String::new();
    for (k, (_, v)) in vals.iter().enumerate() {
        let named = name_in(d, v).is_some();
        let val = value_in(d, v);
        let en = enum_value_in(d, v);
        let lit = string_lit(d, v);
        let mut cols = vec!["id int PRIMARY KEY".to_string()];
        if val {
            cols.push(format!("c varchar(2000) DEFAULT {lit}"));
        }
        if en {
            let vals = format!("{lit}, 'zz_other'");
            match d {
                Dialect::Postgres => {
                    s.push_str(&format!("CREATE TYPE e_{k} AS ENUM ({vals});\n"));
                    cols.push(format!("e e_{k} DEFAULT {lit}"));
                }
                Dialect::Mysql => cols.push(format!("e enum({vals}) DEFAULT {lit}")),
                Dialect::Sqlite => cols.push(format!("e text DEFAULT {lit} CHECK (e IN ({vals}))")),
            }
        }
        if val {
            let name = if named { format!("CONSTRAINT {} ", ident(d, v)) } else { String::new() };
            cols.push(format!("d varchar(2000), {name}CHECK (d <> {lit})"));
        }
        let comment = comment_in(d, v);
        if comment && d == Dialect::Mysql {
            if let Some(c) = cols.iter_mut().find(|c| c.starts_with("c ")) {
                c.push_str(&format!(" COMMENT {lit}"));
            }
        }
        let table_opts = if comment && d == Dialect::Mysql { format!(" COMMENT={lit}") } else { String::new() };
        s.push_str(&format!("CREATE TABLE t_{k} ({}){table_opts};\n", cols.join(", ")));
        if comment && d == Dialect::Postgres {
            s.push_str(&format!("COMMENT ON TABLE t_{k} IS {lit};\n"));
            if val {
                s.push_str(&format!("COMMENT ON COLUMN t_{k}.c IS {lit};\n"));
            }
        }
        if named {
            s.push_str(&format!("CREATE TABLE u_{k} (id int PRIMARY KEY, t_id int, CONSTRAINT {} FOREIGN KEY (t_id) REFERENCES t_{k} (id));\n", ident(d, v)));
            s.push_str(&format!("CREATE TABLE w_{k} (id int PRIMARY KEY, x int);\nCREATE INDEX {} ON w_{k} (x);\n", ident(d, v)));
        }
    }
    s
}

fn table<'a>(s: &'a Schema, name: &str) -> Option<&'a Table> {
    s.tables.iter().find(|t| t.name == name)
}

/// What `schema` (read in `d`) says about value k, compared with the expectation for a schema that
/// went through the dialects `path` (source first): one line per difference.
fn check_objects(schema: &Schema, d: Dialect, path: &[Dialect], vals: &[(String, String)], what: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let all = |f: &dyn Fn(Dialect) -> bool| path.iter().all(|&x| f(x));
    for (k, (id, v)) in vals.iter().enumerate() {
        let name = path.iter().try_fold(v.clone(), |acc, &x| name_in(x, &acc));
        let mut miss = |msg: String| bad.push(format!("{what}: {id}: {msg}"));
        let Some(t) = table(schema, &format!("t_{k}")) else {
            miss(format!("table t_{k} missing"));
            continue;
        };
        if all(&|x| value_in(x, v)) {
            let c = t.columns.iter().find(|c| c.name == "c");
            let def = c.and_then(|c| c.default.as_deref()).and_then(|e| sqltext::string_value(d, e));
            if def.as_deref() != Some(v) {
                miss(format!("default {def:?}"));
            }
            let check_holds = |e: &str| sqltext::expr::tokens(d, e).is_some_and(|ts| ts.contains(&Tok::Str(v.clone())));
            let checks: Vec<_> = t.checks.iter().filter(|c| c.expression.contains(" <> ") || c.expression.contains("<>")).collect();
            if !checks.iter().any(|c| check_holds(&c.expression)) {
                miss(format!("no CHECK holds the value: {:?}", t.checks.iter().map(|c| &c.expression).collect::<Vec<_>>()));
            }
            if let Some(n) = &name {
                if !t.checks.iter().any(|c| c.name.as_deref() == Some(n.as_str())) {
                    miss(format!("no CHECK named {n:?}: {:?}", t.checks.iter().map(|c| &c.name).collect::<Vec<_>>()));
                }
            }
        }
        if all(&|x| enum_value_in(x, v)) {
            let e = t.columns.iter().find(|c| c.name == "e");
            let labels: Vec<String> = match e.map(|c| (&c.data_type.kind, schema.enum_of(&c.data_type))) {
                Some((TypeKind::Enum(v), _)) => v.clone(),
                Some((_, Some(i))) => schema.enums[i].values.clone(),
                _ => Vec::new(),
            };
            let in_check = t.checks.iter().any(|c| sqltext::expr::tokens(d, &c.expression).is_some_and(|ts| ts.contains(&Tok::Word("e".into())) && ts.contains(&Tok::Str(v.clone()))));
            if !labels.contains(v) && !in_check {
                miss(format!("enum value missing: labels {labels:?}"));
            }
            let def = e.and_then(|c| c.default.as_deref()).and_then(|x| sqltext::string_value(d, x));
            if def.as_deref() != Some(v) {
                miss(format!("enum default {def:?}"));
            }
        }
        if all(&|x| comment_in(x, v)) {
            if t.comment.as_deref() != Some(v) {
                miss(format!("table comment {:?}", t.comment));
            }
            if all(&|x| value_in(x, v)) {
                let cc = t.columns.iter().find(|c| c.name == "c").and_then(|c| c.comment.clone());
                if cc.as_deref() != Some(v) {
                    miss(format!("column comment {cc:?}"));
                }
            }
        }
        if let Some(n) = &name {
            match table(schema, &format!("u_{k}")) {
                None => miss(format!("table u_{k} missing")),
                Some(u) => {
                    if !u.foreign_keys.iter().any(|f| f.name.as_deref() == Some(n.as_str())) {
                        miss(format!("no FK named {n:?}: {:?}", u.foreign_keys.iter().map(|f| &f.name).collect::<Vec<_>>()));
                    }
                }
            }
            match table(schema, &format!("w_{k}")) {
                None => miss(format!("table w_{k} missing")),
                Some(w) => {
                    if !w.indexes.iter().any(|i| i.name.as_deref() == Some(n.as_str())) {
                        miss(format!("no index named {n:?}: {:?}", w.indexes.iter().map(|i| &i.name).collect::<Vec<_>>()));
                    }
                }
            }
        }
    }
    bad
}

fn check_names(schema: &Schema, path: &[Dialect], vals: &[(String, String)], what: &str) -> Vec<String> {
    let mut bad = Vec::new();
    for (id, v) in vals {
        let Some(name) = path.iter().try_fold(v.clone(), |acc, &x| name_in(x, &acc)) else { continue };
        match table(schema, &name) {
            None => bad.push(format!("{what}: {id}: no table named {name:?}")),
            Some(t) if !t.columns.iter().any(|c| c.name == name) => bad.push(format!("{what}: {id}: no column named {name:?}")),
            _ => {}
        }
    }
    bad
}

/// The diagnostics of a read (a MySQL name over 64 characters is reported by design).
fn no_diagnostics(p: &schemaplay_core::parse::Parsed, what: &str) -> Vec<String> {
    p.diagnostics.iter().filter(|d| !d.message.contains("longer than 64 characters")).map(|d| format!("{what}: line {}: {}", d.line, d.message.chars().take(200).collect::<String>())).collect()
}

#[test]
fn the_list_is_hostile_enough() {
    let vals = values();
    assert!(vals.len() >= 25, "{} values", vals.len());
    for must in ["'", "\"", "`", "*/", "-- ", "${", "</script>", "\n", "\u{2028}", "\u{202e}", "\0"] {
        assert!(vals.iter().any(|(_, v)| v.contains(must)), "nothing holds {must:?}");
    }
    assert!(vals.iter().any(|(_, v)| v.ends_with('\\')));
    for n in [63, 64, 65_536] {
        assert!(vals.iter().any(|(_, v)| v.len() == n), "no {n}-byte name");
    }
}

/// Steps 1 and 2 of the module doc, for every source and target dialect.
#[test]
fn sql_round_trip_keeps_every_name_and_value() {
    let vals = values();
    let mut bad = Vec::new();
    for s in Dialect::ALL {
        for (script, names) in [(script_names(s, &vals), true), (script_objects(s, &vals), false)] {
            let src = parse(&script, s);
            let what = format!("{s:?} source ({})", if names { "names" } else { "objects" });
            bad.extend(no_diagnostics(&src, &what));
            bad.extend(if names { check_names(&src.schema, &[s], &vals, &what) } else { check_objects(&src.schema, s, &[s], &vals, &what) });
            for t in Dialect::ALL {
                let out = codegen::generate(&src.schema, Target::Sql(t)).code;
                let back = parse(&out, t);
                let what = format!("{s:?} → {t:?} ({})", if names { "names" } else { "objects" });
                bad.extend(no_diagnostics(&back, &what));
                bad.extend(if names { check_names(&back.schema, &[s, t], &vals, &what) } else { check_objects(&back.schema, t, &[s, t], &vals, &what) });
            }
        }
    }
    assert!(bad.is_empty(), "{} differences:\n{}", bad.len(), bad.join("\n"));
}

/// Every double-quoted string literal in `code` (JSON / JS / Prisma escapes), decoded.
fn string_literals(code: &str) -> Vec<String> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'"' {
            let mut j = i + 1;
            while j < b.len() && b[j] != b'"' {
                j += if b[j] == b'\\' { 2 } else { 1 };
            }
            if let Some(lit) = code.get(i..=j.min(b.len() - 1)) {
                if let Ok(v) = serde_json::from_str::<String>(lit) {
                    out.push(v);
                }
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// Step 3: the JS-ecosystem generators write every table and column name as a string that decodes
/// to exactly the name (Prisma `@@map`/`@map`, Drizzle `pgTable("…")`/`text("…")`, TS/Zod keys).
#[test]
fn js_targets_carry_every_name_exactly() {
    let vals = values();
    let mut bad = Vec::new();
    for s in Dialect::ALL {
        let schema = parse(&script_names(s, &vals), s).schema;
        for target in [Target::Prisma, Target::Drizzle, Target::TypeScript, Target::Zod] {
            let code = codegen::generate(&schema, target).code;
            let lits = string_literals(&code);
            for (id, v) in &vals {
                let Some(name) = name_in(s, v) else { continue };
                // a plain identifier may be written bare (TS keys, Prisma names kept as they are)
                let bare = schemaplay_core::codegen::escape::ts::is_ident(&name) && code.contains(&name);
                if !lits.contains(&name) && !bare {
                    bad.push(format!("{s:?} {target:?}: {id}: {name:?} is not written as a string"));
                }
            }
        }
        for target in [Target::Dbml, Target::Mermaid, Target::Sql(Dialect::Postgres)] {
            let _ = codegen::generate(&parse(&script_objects(s, &vals), s).schema, target);
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Sticky notes and table colours (issue 19): every hostile value as a note's text and as the key
/// of a table colour comes back from a share link exactly (the text clamped to the note limit), and
/// the exported SVG with those notes is markup of ours only: the value is escaped text.
#[test]
fn sticky_notes_and_colour_keys_keep_every_hostile_value() {
    use schemaplay_core::erd::decor::{Sticky, NOTE_MAX_CHARS};
    use schemaplay_core::share::{decode, encode, ShareState};
    let vals = values();
    let mut st = ShareState::from_text("CREATE TABLE t (id int);", Dialect::Postgres);
    for (i, (_, v)) in vals.iter().enumerate() {
        st.notes.push(Sticky::new(10.0 * i as f64, 5.0, v).unwrap());
        st.colors.insert(v.clone(), "#b91c1c".into());
    }
    let back = decode(&encode(&st)).expect("decodes");
    assert_eq!(back, st);
    for (n, (_, v)) in back.notes.iter().zip(&vals) {
        assert_eq!(n.text, v.chars().take(NOTE_MAX_CHARS).collect::<String>());
    }
    let p = schemaplay_core::parse::parse("CREATE TABLE t (id int);", Dialect::Postgres);
    let g = schemaplay_core::erd::from_schema(&p.schema);
    let l = schemaplay_core::erd::layout(&g, &Default::default());
    let svg = schemaplay_core::erd::render_svg_with_notes(&g, &l, &Default::default(), &back.notes);
    let body = &svg[svg.find("<g class=\"stickies\">").expect("notes drawn")..];
    // every element in the notes layer is one we write (a '<' from a value would start another)
    const OURS: [&str; 7] = ["g ", "g>", "/g>", "rect ", "text ", "/text>", "/svg>"];
    for piece in body.split('<').skip(1) {
        assert!(OURS.iter().any(|t| piece.starts_with(t)), "not our markup: <{}", piece.chars().take(80).collect::<String>());
    }
    assert!(!svg.contains('\u{0}'));
}
