//! `schemaplay erd` from the outside: the JSON shape of ../shared/DESIGN.md, one edge per foreign key (checked
//! against `schemaplay inspect` on corpus files), SVG well-formedness (a small XML checker below),
//! hostile identifiers escaped, themes and usage errors.

mod common;
use common::run;

use serde_json::Value;
use std::path::{Path, PathBuf};


const SQL: &str = "CREATE TABLE orgs (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE users (id uuid PRIMARY KEY, org_id uuid NOT NULL REFERENCES orgs(id), email text UNIQUE,
  boss_id uuid REFERENCES users(id));
CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, user_id uuid REFERENCES users(id), org_id uuid NOT NULL REFERENCES orgs(id));
CREATE TABLE lonely (id int PRIMARY KEY);
";

/// `<g class="edge">` and `<g class="edge dangling">` groups (not the `edges` container).
fn edge_groups(svg: &str) -> usize {
    svg.matches("<g class=\"edge\"").count() + svg.matches("<g class=\"edge dangling\"").count()
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn json_has_the_design_shape() {
    let (code, out, err) = run(&["erd", "--format", "json", "-"], SQL);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let (w, h) = (num(&v["width"]), num(&v["height"]));
    assert!(w > 0.0 && h > 0.0);
    let tables = v["tables"].as_array().unwrap();
    let names: Vec<&str> = tables.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["orgs", "users", "invoices", "lonely"]);
    assert_eq!(tables[2]["schema"], "billing");
    assert_eq!(tables[0]["schema"], Value::Null);
    for t in tables {
        let (x, y, tw, th) = (num(&t["x"]), num(&t["y"]), num(&t["width"]), num(&t["height"]));
        assert!(x >= 0.0 && y >= 0.0 && tw > 0.0 && th > 0.0, "{t}");
        assert!(x + tw <= w && y + th <= h, "box inside the drawing: {t}");
    }
    let edges = v["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 4);
    assert_eq!(edges[0]["from"]["table"], "users");
    assert_eq!(edges[0]["from"]["columns"], serde_json::json!(["org_id"]));
    assert_eq!(edges[0]["to"]["table"], "orgs");
    assert_eq!(edges[0]["to"]["columns"], serde_json::json!(["id"]));
    assert_eq!(edges[1]["to"]["table"], "users", "self-reference");
    for e in edges {
        let pts = e["points"].as_array().unwrap();
        assert!(pts.len() >= 2, "{e}");
        for p in pts {
            let p = p.as_array().unwrap();
            assert_eq!(p.len(), 2);
            assert!(num(&p[0]).is_finite() && num(&p[1]).is_finite());
        }
    }
}

/// The corpus lives next to the repository (`../shared/corpus`); a git worktree sits one level
/// deeper, so look a little further up too.
fn corpus() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    [root.join("../shared/corpus"), root.join("../../shared/corpus")].into_iter().find(|p| p.is_dir())
}

#[test]
fn one_edge_per_foreign_key_on_corpus_files() {
    let Some(dir) = corpus() else {
        eprintln!("note: ../shared/corpus not found; corpus erd test skipped");
        return;
    };
    for (file, dialect) in [
        ("postgres/pgdump/kanboard_postgres.sql", "postgres"),
        ("postgres/pgdump/pagila-schema.sql", "postgres"),
        ("sqlite/handwritten/zotero_userdata.sql", "sqlite"),
        ("mysql/mysqldump/kanboard_mysql.sql", "mysql"),
    ] {
        let path = dir.join(file);
        let path = path.to_str().unwrap();
        let (code, out, err) = run(&["inspect", "--dialect", dialect, "--format", "json", path], "");
        assert_eq!(code, 0, "{file}: {err}");
        let model: Value = serde_json::from_str(&out).unwrap();
        // Issue 14: a partition is drawn in its parent's box; its foreign keys leave that box, once
        // per distinct (columns, target), after the boxes' own; one to a partition points at the box.
        let tables = model["tables"].as_array().unwrap();
        let name = |t: &Value| t["name"].as_str().unwrap().to_string();
        let parent_of = |n: &str| -> String {
            let t = tables.iter().find(|t| t["name"] == n);
            match t.and_then(|t| t["partition_of"]["name"].as_str()).filter(|p| tables.iter().any(|x| x["name"] == *p)) {
                Some(p) => p.to_string(),
                None => n.to_string(),
            }
        };
        let is_box = |t: &&Value| parent_of(&name(t)) == name(t);
        let mut fks: Vec<(String, Vec<Value>, String, Vec<Value>)> = Vec::new();
        for t in tables.iter().filter(is_box).chain(tables.iter().filter(|t| !is_box(t))) {
            for fk in t["foreign_keys"].as_array().unwrap() {
                let e = (
                    parent_of(&name(t)),
                    fk["columns"].as_array().unwrap().clone(),
                    parent_of(fk["ref_table"].as_str().unwrap()),
                    fk["ref_columns"].as_array().unwrap().clone(),
                );
                if is_box(&t) || !fks.contains(&e) {
                    fks.push(e);
                }
            }
        }
        let boxes = tables.iter().filter(is_box).count();
        let views = model["views"].as_array().unwrap();
        assert!(fks.len() >= 10, "{file}: only {} foreign keys", fks.len());
        let (code, out, err) = run(&["erd", "--dialect", dialect, "--format", "json", path], "");
        assert_eq!(code, 0, "{file}: {err}");
        let layout: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(layout["tables"].as_array().unwrap().len(), boxes + views.len(), "{file}: one box per table that is not a partition, and per view");
        let partitions: u64 = layout["tables"].as_array().unwrap().iter().filter_map(|t| t["partitions"].as_u64()).sum();
        assert_eq!(partitions as usize, tables.len() - boxes, "{file}: the boxes count the partitions they stand for");
        let all = layout["edges"].as_array().unwrap();
        let edges: Vec<&Value> = all.iter().filter(|e| e.get("dependency").is_none()).collect();
        assert_eq!(edges.len(), fks.len(), "{file}: one edge per foreign key");
        for (e, (table, cols, ref_table, ref_cols)) in edges.iter().zip(&fks) {
            assert_eq!(e["from"]["table"].as_str().unwrap(), table, "{file}");
            assert_eq!(e["from"]["columns"].as_array().unwrap(), cols, "{file}");
            assert_eq!(e["to"]["table"].as_str().unwrap(), ref_table, "{file}");
            if e.get("dangling").is_none() {
                assert_eq!(e["to"]["columns"].as_array().unwrap(), ref_cols, "{file}");
            }
            assert!(e["points"].as_array().unwrap().len() >= 2, "{file}: {e}");
        }
        let deps = all.len() - edges.len();
        let reads: usize = views.iter().map(|v| v["reads"].as_array().unwrap().iter().filter(|r| tables.iter().any(|t| t["name"] == r["name"]) || views.iter().any(|x| x["name"] == r["name"])).count()).sum();
        assert!(deps <= reads && (reads == 0) == (deps == 0), "{file}: {deps} dependency edges for {reads} reads");
        let (code, svg, err) = run(&["erd", "--dialect", dialect, path], "");
        assert_eq!(code, 0, "{file}: {err}");
        check_xml(&svg).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(edge_groups(&svg), fks.len(), "{file}");
        assert_eq!(svg.matches("<g class=\"table\"").count() + svg.matches("<g class=\"table view").count(), boxes + views.len(), "{file}");
        assert_eq!(svg.matches("<g class=\"edge dep\"").count(), deps, "{file}");
    }
}

#[test]
fn svg_is_well_formed_with_one_group_per_table_and_edge() {
    let (code, svg, err) = run(&["erd", "-"], SQL);
    assert_eq!(code, 0, "{err}");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{}", &svg[..80]);
    check_xml(&svg).unwrap();
    assert_eq!(svg.matches("<g class=\"table\"").count(), 4);
    assert_eq!(edge_groups(&svg), 4);
    assert!(svg.contains("erd-light"));
    assert!(svg.contains(">billing.invoices<"));
    let (_, dark, _) = run(&["erd", "--theme", "dark", "-"], SQL);
    assert!(dark.contains("class=\"erd erd-dark\""));
    check_xml(&dark).unwrap();
}

#[test]
fn hostile_identifiers_are_escaped() {
    let sql = r#"CREATE TABLE "<script>alert(1)</script>" (id int PRIMARY KEY, "a&b]]>" text, "q""uote'" int);
CREATE TABLE "x<y" (id int, p int REFERENCES "<script>alert(1)</script>"(id), "<!--" int);
CREATE TABLE "a&amp;" (id int REFERENCES "no<where"(id));"#;
    let (code, svg, err) = run(&["erd", "-"], sql);
    assert_eq!(code, 0, "{err}");
    check_xml(&svg).unwrap();
    assert!(!svg.contains("<script"), "raw script tag");
    assert!(!svg.contains("<!--"), "raw comment opener");
    assert!(!svg.contains("]]>"));
    assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(svg.contains("a&amp;b]]&gt;"));
    assert!(svg.contains("q&quot;uote&#39;"));
    assert!(svg.contains("a&amp;amp;"));
    assert!(svg.contains("no&lt;where?"), "dangling stub label");
    let (code, out, _) = run(&["erd", "--format", "json", "-"], sql);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tables"][0]["name"], "<script>alert(1)</script>", "JSON carries the raw name");
}

#[test]
fn the_checker_rejects_broken_xml() {
    for bad in [
        "<svg><g></svg>",
        "<svg><text>a < b</text></svg>",
        "<svg a=\"1\" a=\"2\"/>",
        "<svg><text>&nbsp;</text></svg>",
        "<svg><text>&amp</text></svg>",
        "<svg x=1/>",
        "<svg/><svg/>",
        "<svg><!-- x --></svg>",
    ] {
        assert!(check_xml(bad).is_err(), "{bad}");
    }
    check_xml("<svg a=\"&lt;&#39;&#x41;\"><g><text>x &gt; y</text><path d=\"M0 0\"/></g></svg>\n").unwrap();
}

#[test]
fn empty_input_and_usage_errors() {
    let (code, svg, _) = run(&["erd", "-"], "");
    assert_eq!(code, 0);
    check_xml(&svg).unwrap();
    let (code, out, _) = run(&["erd", "--format", "json", "-"], "-- nothing\n");
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tables"].as_array().unwrap().len(), 0);
    for args in [
        vec!["erd", "--format", "png", "-"],
        vec!["erd", "--theme", "sepia", "-"],
        vec!["erd", "--format", "json", "--theme", "dark", "-"],
        vec!["erd", "--detail", "everything", "-"],
        vec!["erd", "--ends", "arrows", "-"],
        vec!["erd", "--format", "json", "--ends", "labels", "-"],
        vec!["erd", "--target", "x", "-"],
        vec!["erd"],
        vec!["erd", "/definitely/not/here.sql"],
    ] {
        let (code, _, err) = run(&args, "");
        assert_eq!(code, 2, "{args:?}");
        assert!(!err.is_empty());
    }
}

/// The app's two display options from the command line: `--detail` draws a smaller graph (key
/// columns only, or names only), `--ends labels` writes cardinality labels instead of crow's feet.
#[test]
fn detail_and_end_style_options() {
    let sql = "CREATE TABLE orgs (id int PRIMARY KEY, motto text);
CREATE TABLE users (id int PRIMARY KEY, org_id int NOT NULL REFERENCES orgs(id), nickname text);";
    let svg = |args: &[&str]| {
        let (code, out, err) = run(&[&["erd"], args, &["-"]].concat(), sql);
        assert_eq!(code, 0, "{args:?}: {err}");
        check_xml(&out).unwrap();
        out
    };
    let all = svg(&[]);
    // Column rows are text elements (edge titles name the FK's columns too, so match the element).
    let row = |svg: &str, col: &str| svg.contains(&format!(">{col}</text>"));
    assert!(row(&all, "motto") && row(&all, "nickname") && row(&all, "org_id"), "{all}");
    assert_eq!(svg(&["--detail", "all"]), all);
    let keys = svg(&["--detail", "keys"]);
    assert!(row(&keys, "org_id") && !row(&keys, "motto") && !row(&keys, "nickname"), "{keys}");
    let names = svg(&["--detail", "names"]);
    assert!(names.contains(">users<") && !row(&names, "org_id") && !row(&names, "motto"), "{names}");
    assert_eq!(edge_groups(&names), 1);
    assert!(!all.contains("class=\"card\""));
    let labels = svg(&["--ends", "labels"]);
    // users.org_id → orgs.id, NOT NULL: "1" at the referenced end, "0..*" at the referencing end.
    assert!(labels.contains(">0..*</text>") && labels.contains(">1</text>"), "{labels}");
    let (code, out, _) = run(&["erd", "--format", "json", "--detail", "names", "-"], sql);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let (_, full, _) = run(&["erd", "--format", "json", "-"], sql);
    let full: Value = serde_json::from_str(&full).unwrap();
    let h = |v: &Value| v["tables"].as_array().unwrap().iter().map(|t| num(&t["height"])).sum::<f64>();
    assert!(h(&v) < h(&full), "names-only boxes are shorter");
}

/// A small XML well-formedness checker, enough for the renderer's output: one root element,
/// balanced tags, quoted and unique attributes, only XML's predefined or numeric entities, no raw
/// `<` or `&` in text, and nothing but elements and text (no comments, CDATA, PIs or doctype).
fn check_xml(s: &str) -> Result<(), String> {
    let b = s.as_bytes();
    let mut i = 0;
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let name_end = |mut j: usize| {
        while j < b.len() && (b[j].is_ascii_alphanumeric() || matches!(b[j], b'-' | b'_' | b':' | b'.')) {
            j += 1;
        }
        j
    };
    let check_text = |t: &str, at: usize| -> Result<(), String> {
        if t.contains('<') {
            return Err(format!("raw < at {at}"));
        }
        let mut rest = t;
        while let Some(k) = rest.find('&') {
            let after = &rest[k + 1..];
            let semi = after.find(';').ok_or(format!("unterminated entity at {at}"))?;
            let ent = &after[..semi];
            let ok = matches!(ent, "amp" | "lt" | "gt" | "quot" | "apos")
                || ent.strip_prefix("#x").is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
                || ent.strip_prefix('#').is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
            if !ok {
                return Err(format!("unknown entity &{ent}; at {at}"));
            }
            rest = &after[semi + 1..];
        }
        Ok(())
    };
    while i < b.len() {
        if b[i] != b'<' {
            let j = s[i..].find('<').map_or(b.len(), |k| i + k);
            let text = &s[i..j];
            if stack.is_empty() && !text.trim().is_empty() {
                return Err(format!("text outside the root at {i}"));
            }
            check_text(text, i)?;
            i = j;
            continue;
        }
        if b.get(i + 1) == Some(&b'/') {
            let j = name_end(i + 2);
            let name = &s[i + 2..j];
            if b.get(j) != Some(&b'>') {
                return Err(format!("bad end tag at {i}"));
            }
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?} at {i}")),
            }
            i = j + 1;
            continue;
        }
        let j = name_end(i + 1);
        let name = &s[i + 1..j];
        if name.is_empty() {
            return Err(format!("not an element at {i}: {:?}", &s[i..(i + 10).min(s.len())]));
        }
        if stack.is_empty() {
            roots += 1;
            if roots > 1 {
                return Err("more than one root element".into());
            }
        }
        let mut k = j;
        let mut attrs: Vec<&str> = Vec::new();
        loop {
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            match b.get(k) {
                None => return Err(format!("unterminated tag <{name} at {i}")),
                Some(b'>') => {
                    stack.push(name);
                    k += 1;
                    break;
                }
                Some(b'/') if b.get(k + 1) == Some(&b'>') => {
                    k += 2;
                    break;
                }
                _ => {}
            }
            if k == j || !b[k - 1].is_ascii_whitespace() {
                return Err(format!("no space before attribute in <{name} at {k}"));
            }
            let e = name_end(k);
            let attr = &s[k..e];
            if attr.is_empty() || b.get(e) != Some(&b'=') || b.get(e + 1) != Some(&b'"') {
                return Err(format!("bad attribute in <{name} at {k}"));
            }
            if attrs.contains(&attr) {
                return Err(format!("duplicate attribute {attr} in <{name}"));
            }
            attrs.push(attr);
            let close = s[e + 2..].find('"').ok_or(format!("unterminated attribute at {k}"))? + e + 2;
            check_text(&s[e + 2..close], e + 2)?;
            k = close + 1;
        }
        i = k;
    }
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> never closed"));
    }
    if roots != 1 {
        return Err("no root element".into());
    }
    Ok(())
}

/// A DBML input's sticky notes (`Note name { '...' }`) are drawn, escaped, right of the boxes;
/// `generate --target dbml` writes them back as `Note` blocks.
#[test]
fn dbml_sticky_notes_are_drawn_and_generated() {
    let dbml = "Table users {\n  id int [pk]\n}\n\nNote todo {\n  '</text><script>x</script> & more'\n}\n";
    let (code, svg, err) = run(&["erd", "-"], dbml);
    assert_eq!(code, 0, "{err}");
    assert_eq!(svg.matches("<g class=\"sticky\"").count(), 1, "{svg}");
    assert!(svg.contains("&lt;/text&gt;&lt;script&gt;x&lt;/script&gt; &amp;") && !svg.contains("<script>"), "{svg}");
    let (code, out, err) = run(&["generate", "--target", "dbml", "-"], dbml);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Note \"todo\" {\n  '</text><script>x</script> & more'\n}"), "{out}");
    // a SQL input has none
    let (_, svg, _) = run(&["erd", "-"], SQL);
    assert!(!svg.contains("class=\"sticky\""));
}
