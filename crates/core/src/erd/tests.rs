//! Whole-pipeline tests: verifier invariants on odd and random graphs, determinism, stability,
//! SVG snapshot, hostile identifiers, JSON shape, manual positions.

use super::synthetic::synthetic;
use super::*;
use crate::rng::Rng;

fn check(g: &ErdGraph) -> Layout {
    let l = layout(g, &LayoutOptions::default());
    if let Err(e) = verify::verify(g, &l, &BTreeMap::new()) {
        panic!("{e}");
    }
    l
}

fn t(key: &str, cols: &[&str]) -> ErdTable {
    let mut t = ErdTable::new(key);
    for c in cols {
        t = t.col(c, "bigint");
    }
    t.columns[0].is_pk = true;
    t
}

fn fk(from: &str, fc: usize, to: &str, tc: usize) -> ErdEdge {
    ErdEdge::new(from, &[fc], to, &[tc])
}

#[test]
fn degenerate_graphs() {
    check(&ErdGraph::default());
    check(&ErdGraph { tables: vec![ErdTable::new("lonely")], edges: vec![] });
    // A table with no columns, a self-loop, a multi-edge, a cycle, unknown tables, bad columns.
    let g = ErdGraph {
        tables: vec![ErdTable::new("empty"), t("a", &["id", "a_id", "b_id"]), t("b", &["id", "a_id", "a2_id"]), t("c", &["id"])],
        edges: vec![
            fk("a", 1, "a", 0),
            fk("a", 1, "a", 0),
            fk("b", 1, "a", 0),
            fk("b", 2, "a", 0),
            fk("a", 2, "b", 0),
            fk("c", 0, "ghost", 0),
            fk("ghost", 0, "c", 0),
            fk("ghost", 0, "phantom", 0),
            fk("a", 99, "b", 42),
            fk("empty", 0, "empty", 3),
        ],
    };
    let l = check(&g);
    assert_eq!(l.edges.len(), g.edges.len());
    assert!(l.edges[5].dangling && l.edges[5].points.len() == 2);
    assert!(l.edges[7].points.is_empty());
    // The self-loop starts and ends on a's right side.
    let a = &l.tables[1];
    let p = &l.edges[0].points;
    assert_eq!(p[0][0], a.x + a.width);
    assert_eq!(p[p.len() - 1][0], a.x + a.width);
}

#[test]
fn duplicate_keys_do_not_panic() {
    let g = ErdGraph { tables: vec![t("a", &["id"]), t("a", &["id", "x"])], edges: vec![fk("a", 1, "a", 0)] };
    check(&g);
}

#[test]
fn referenced_tables_sit_left() {
    let g = ErdGraph {
        tables: vec![t("orders", &["id", "user_id"]), t("users", &["id"]), t("items", &["id", "order_id"])],
        edges: vec![fk("orders", 1, "users", 0), fk("items", 1, "orders", 0)],
    };
    let l = check(&g);
    assert!(l.tables[1].x + l.tables[1].width < l.tables[0].x);
    assert!(l.tables[0].x + l.tables[0].width < l.tables[2].x);
    // The edge leaves orders at its user_id row and enters users at its id row.
    let e = &l.edges[0].points;
    assert_eq!(e[0], [l.tables[0].x, l.tables[0].y + measure::HEADER_H + measure::ROW_H * 1.5]);
    assert_eq!(e[e.len() - 1], [l.tables[1].x + l.tables[1].width, l.tables[1].y + measure::HEADER_H + measure::ROW_H * 0.5]);
}

/// Random graphs with arbitrary structure (not just the realistic generator).
fn random_graph(rng: &mut Rng) -> ErdGraph {
    let n = rng.below(40);
    let mut g = ErdGraph::default();
    for i in 0..n {
        let cols = rng.below(8);
        let mut tb = ErdTable::new(format!("t{i}"));
        for c in 0..cols {
            tb = tb.col(&format!("c{c}"), if rng.chance(0.5) { "int" } else { "character varying(255)" });
        }
        g.tables.push(tb);
    }
    let m = if n == 0 { 0 } else { rng.below(n * 3 + 1) };
    for _ in 0..m {
        let (a, b) = (rng.below(n + 2), rng.below(n + 2)); // may be unknown
        g.edges.push(ErdEdge {
            name: None,
            from: EdgeEnd { table: format!("t{a}"), columns: vec![rng.below(9)] },
            to: EdgeEnd { table: format!("t{b}"), columns: if rng.chance(0.9) { vec![rng.below(9)] } else { vec![] } },
            from_nullable: rng.chance(0.5),
            from_unique: rng.chance(0.2),
            change: None,
            dependency: rng.chance(0.1),
            logical: rng.chance(0.1),
        });
    }
    g
}

#[test]
fn verifier_holds_on_random_graphs() {
    let mut rng = Rng(42);
    for _ in 0..300 {
        let g = random_graph(&mut rng);
        check(&g);
    }
    for (n, seed) in [(10, 1), (60, 2), (150, 3), (400, 4)] {
        check(&synthetic(n, seed));
    }
}

#[test]
fn deterministic() {
    let g = synthetic(200, 9);
    let a = layout(&g, &LayoutOptions::default());
    let b = layout(&g.clone(), &LayoutOptions::default());
    assert_eq!(a, b);
    assert_eq!(render_svg(&g, &a, &SvgOptions::default()), render_svg(&g, &b, &SvgOptions::default()));
}

#[test]
fn stable_under_adding_a_column() {
    let g = synthetic(120, 5);
    let before = layout(&g, &LayoutOptions::default());
    let mut g2 = g.clone();
    // Append a column to a table in the middle of the diagram.
    let victim = 37;
    g2.tables[victim].columns.push(ErdColumn { name: "note".into(), type_label: "text".into(), ..Default::default() });
    let after = layout(&g2, &LayoutOptions::default());
    verify::verify(&g2, &after, &BTreeMap::new()).unwrap();
    // Same columns (layers) and the same vertical order in each column. Boxes of one column
    // overlap horizontally (a narrow box sits against one side of its column, so its x alone does
    // not say which column it is in); a box of a column further right starts right of its end.
    let n = g.tables.len();
    let left_of = |a: &TableBox, b: &TableBox| a.x + a.width <= b.x;
    let mut changed_order = 0;
    for i in 0..n {
        for j in 0..n {
            let (a, b) = (&before.tables[i], &before.tables[j]);
            let (c, d) = (&after.tables[i], &after.tables[j]);
            assert_eq!(left_of(a, b), left_of(c, d), "left/right order of {i},{j} changed");
            if !left_of(a, b) && !left_of(b, a) && (a.y < b.y) != (c.y < d.y) {
                changed_order += 1;
            }
        }
    }
    assert_eq!(changed_order, 0);
    // Most boxes barely move: a channel may gain or lose a track or two (every layer right of it
    // shifts by that much) and neighbours of the grown box shift by about a row.
    let track = LayoutOptions::default().route.track_spacing;
    let moved = (0..n)
        .filter(|&i| {
            let (a, c) = (&before.tables[i], &after.tables[i]);
            (a.x - c.x).abs() > 3.0 * track || (a.y - c.y).abs() > 2.0 * measure::ROW_H
        })
        .count();
    assert!(moved * 10 <= n, "{moved} of {n} tables moved");
    // Also with the column inserted first (every row of that table shifts down).
    let mut g3 = g.clone();
    g3.tables[victim].columns.insert(1, ErdColumn { name: "note".into(), type_label: "text".into(), ..Default::default() });
    for e in &mut g3.edges {
        for end in [&mut e.from, &mut e.to] {
            if end.table == g3.tables[victim].key {
                for c in &mut end.columns {
                    if *c >= 1 {
                        *c += 1;
                    }
                }
            }
        }
    }
    let third = layout(&g3, &LayoutOptions::default());
    let moved = (0..n)
        .filter(|&i| {
            let (a, c) = (&before.tables[i], &third.tables[i]);
            (a.x - c.x).abs() > 3.0 * track || (a.y - c.y).abs() > 2.0 * measure::ROW_H
        })
        .count();
    assert!(moved * 5 <= n, "inserted column: {moved} of {n} tables moved");
}

fn hostile_graph() -> ErdGraph {
    let evil = ["<script>alert(1)</script>", "a\"b'c", "]]><x/>", "&amp;", "tab\there\nnl\u{1}", "x</text><svg onload=1>"];
    let mut g = ErdGraph::default();
    for (i, e) in evil.iter().enumerate() {
        let mut tb = ErdTable { key: format!("{e}{i}"), schema: Some(e.to_string()), name: e.to_string(), ..Default::default() };
        tb.columns.push(ErdColumn { name: e.to_string(), type_label: e.to_string(), is_pk: true, ..Default::default() });
        tb.columns.push(ErdColumn { name: format!("{e}_id"), type_label: "int".into(), is_fk: true, nullable: true, ..Default::default() });
        g.tables.push(tb);
    }
    for (i, name) in evil.iter().enumerate().skip(1) {
        g.edges.push(ErdEdge {
            name: Some(name.to_string()),
            from: EdgeEnd { table: g.tables[i].key.clone(), columns: vec![1] },
            to: EdgeEnd { table: g.tables[i - 1].key.clone(), columns: vec![0] },
            from_nullable: true,
            from_unique: false,
            change: None,
            dependency: false,
            logical: false,
        });
    }
    g.edges.push(ErdEdge::new(&g.tables[0].key.clone(), &[1], "<missing & \"table\">", &[0]));
    g
}

/// A table in schema `public`, keyed `public.NAME`, with `columns` written as
/// `"id uuid pk, org_id uuid fk null, email text unique"` (name, type, then flags).
fn public_table(name: &str, columns: &str) -> ErdTable {
    let column = |spec: &str| {
        let mut w = spec.split_whitespace();
        let mut c = ErdColumn { name: w.next().unwrap().into(), type_label: w.next().unwrap().into(), ..Default::default() };
        for flag in w {
            match flag {
                "pk" => c.is_pk = true,
                "fk" => c.is_fk = true,
                "unique" => c.is_unique = true,
                "null" => c.nullable = true,
                _ => panic!("unknown column flag {flag}"),
            }
        }
        c
    };
    let columns = columns.split(", ").map(column).collect();
    ErdTable { key: format!("public.{name}"), schema: Some("public".into()), name: name.into(), columns, ..Default::default() }
}

/// A minimal XML well-formedness check: tags balance, attribute values are quoted and contain no
/// `<`, text contains no `<` or bare `&`.
fn assert_well_formed(svg: &str) {
    let b = svg.as_bytes();
    let mut stack: Vec<String> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' {
            let end = svg[i..].find('>').map(|k| i + k).expect("unclosed tag");
            let tag = &svg[i + 1..end];
            assert!(!tag.contains('<'), "'<' inside a tag: {tag}");
            // Attribute values: quotes must pair up.
            assert_eq!(tag.matches('"').count() % 2, 0, "unbalanced quotes in {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack.pop().expect("close without open");
                assert_eq!(open, name.trim(), "mismatched tag");
            } else if !tag.ends_with('/') {
                let name: String = tag.chars().take_while(|c| !c.is_whitespace()).collect();
                stack.push(name);
            }
            i = end + 1;
        } else {
            if b[i] == b'&' {
                let rest = &svg[i..];
                let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|e| rest.starts_with(e));
                assert!(ok, "bare & at {i}");
            }
            if b[i] == b'>' && !stack.is_empty() && stack.last().map(|s| s != "style").unwrap_or(true) {
                panic!("unescaped '>' in text at {i}");
            }
            i += 1;
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

#[test]
fn hostile_identifiers_stay_text() {
    let g = hostile_graph();
    let l = check(&g);
    for theme in [Theme::Auto, Theme::Light, Theme::Dark] {
        let svg = render_svg(&g, &l, &SvgOptions { theme, ..Default::default() });
        assert_well_formed(&svg);
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("]]>"));
        assert!(!svg.contains("<x/>"));
        assert!(!svg.contains("onload=1>"));
        assert!(!svg.contains('\u{1}'));
        assert!(svg.contains("&lt;script&gt;"));
        let class = match theme {
            Theme::Auto => "erd erd-auto",
            Theme::Light => "erd erd-light",
            Theme::Dark => "erd erd-dark",
        };
        assert!(svg.contains(class));
    }
}

#[test]
fn svg_snapshot() {
    let g = ErdGraph {
        tables: vec![
            public_table("organizations", "id uuid pk, name text, slug text unique"),
            public_table("users", "id uuid pk, org_id uuid fk, email text unique, manager_id uuid fk null"),
            public_table("profiles", "user_id uuid pk fk, bio text null"),
            public_table("projects", "id bigint pk, org_id uuid fk, owner_id uuid fk null, created_at timestamptz"),
            public_table("settings", "key text pk"),
        ],
        edges: vec![
            ErdEdge { name: Some("users_org_id_fkey".into()), ..ErdEdge::new("public.users", &[1], "public.organizations", &[0]) },
            ErdEdge { from_nullable: true, ..ErdEdge::new("public.users", &[3], "public.users", &[0]) },
            ErdEdge { from_unique: true, ..ErdEdge::new("public.profiles", &[0], "public.users", &[0]) },
            ErdEdge::new("public.projects", &[1], "public.organizations", &[0]),
            ErdEdge { from_nullable: true, ..ErdEdge::new("public.projects", &[2], "public.users", &[0]) },
        ],
    };
    let l = check(&g);
    let svg = render_svg(&g, &l, &SvgOptions::default());
    assert_well_formed(&svg);
    snapshot("basic.svg", &svg);
    // Hostile identifiers, dark theme.
    let g = hostile_graph();
    let svg = render_svg(&g, &check(&g), &SvgOptions { theme: Theme::Dark, ..Default::default() });
    assert_well_formed(&svg);
    snapshot("hostile_dark.svg", &svg);
}

/// Issue 14: partitions are one box with a count, views are dashed boxes with dependency edges.
#[test]
fn views_and_partitions() {
    let sql = "CREATE TABLE city (id int PRIMARY KEY, name text);
CREATE TABLE m (id int NOT NULL, at date NOT NULL, city_id int REFERENCES city, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE m_2025 PARTITION OF m FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY HASH (id);
CREATE TABLE m_2025_a PARTITION OF m_2025 FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE note (id int PRIMARY KEY, m_id int, m_at date, FOREIGN KEY (m_id, m_at) REFERENCES m_2024 (id, at));
CREATE VIEW recent AS SELECT m.id, c.name FROM m JOIN city c ON c.id = m.city_id;
CREATE MATERIALIZED VIEW per_city AS SELECT name, count(*) AS n FROM recent GROUP BY name;";
    let s = crate::parse::parse(sql, crate::Dialect::Postgres).schema;
    let g = super::from_schema(&s);
    let keys: Vec<&str> = g.tables.iter().map(|t| t.key.as_str()).collect();
    assert_eq!(keys, ["city", "m", "note", "recent", "per_city"], "partitions are not boxes of their own");
    assert_eq!(g.tables[1].partitions, 3, "m_2024, m_2025 and its own partition m_2025_a");
    assert_eq!((g.tables[3].kind, g.tables[4].kind), (BoxKind::View, BoxKind::MaterializedView));
    assert_eq!(g.tables[3].columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["id", "name"]);
    assert_eq!(g.tables[0].source_offset, Some(0));
    let deps: Vec<(&str, &str)> = g.edges.iter().filter(|e| e.dependency).map(|e| (e.from.table.as_str(), e.to.table.as_str())).collect();
    assert_eq!(deps, [("recent", "m"), ("recent", "city"), ("per_city", "recent")]);
    let fk_to_partition = g.edges.iter().find(|e| e.from.table == "note").unwrap();
    assert_eq!(fk_to_partition.to.table, "m", "a foreign key to a partition points at the box drawn for it");
    let l = check(&g);
    let svg = render_svg(&g, &l, &SvgOptions::default());
    assert_well_formed(&svg);
    assert!(svg.contains(">3 partitions</text>") && svg.contains("class=\"table view\"") && svg.contains("class=\"table view mview\""));
    assert_eq!(svg.matches("class=\"edge dep\"").count(), 3);
    snapshot("views_partitions.svg", &svg);
}

/// Compares with `src/erd/snapshots/NAME`; writes it when missing or with `UPDATE_SNAPSHOTS=1`.
fn snapshot(name: &str, svg: &str) {
    let path = format!("{}/src/erd/snapshots/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() || !std::path::Path::new(&path).exists() {
        std::fs::write(&path, svg).unwrap();
    } else {
        let want = std::fs::read_to_string(&path).unwrap();
        assert!(want == svg, "SVG differs from {path}; rerun with UPDATE_SNAPSHOTS=1 and review");
    }
}

#[test]
fn json_shape() {
    let g = ErdGraph {
        tables: vec![t("users", &["id"]), t("posts", &["id", "user_id"])],
        edges: vec![fk("posts", 1, "users", 0)],
    };
    let l = check(&g);
    let v: serde_json::Value = serde_json::to_value(&l).unwrap();
    for k in ["width", "height", "tables", "edges"] {
        assert!(v.get(k).is_some(), "{k}");
    }
    let tb = &v["tables"][0];
    for k in ["schema", "name", "x", "y", "width", "height"] {
        assert!(tb.get(k).is_some(), "{k}");
    }
    let e = &v["edges"][0];
    assert_eq!(e["from"]["table"], "posts");
    assert_eq!(e["from"]["columns"][0], "user_id");
    assert_eq!(e["to"]["table"], "users");
    assert_eq!(e["to"]["columns"][0], "id");
    assert!(e["points"][0].as_array().unwrap().len() == 2);
    assert!(e.get("dangling").is_none());
}

#[test]
fn pinned_boxes_stay_and_edges_follow() {
    let g = synthetic(40, 3);
    let base = check(&g);
    let key = g.tables[5].key.clone();
    let mut opts = LayoutOptions::default();
    opts.positions.insert(key.clone(), [base.width + 100.0, 10.0]);
    opts.positions.insert("no-such-table".into(), [5.0, 5.0]);
    let l = layout(&g, &opts);
    verify::verify(&g, &l, &opts.positions).unwrap();
    assert_eq!((l.tables[5].x, l.tables[5].y), (base.width + 100.0, 10.0));
    assert!(l.width >= base.width + 100.0 + l.tables[5].width);
    // Unpinned boxes do not move.
    for i in (0..g.tables.len()).filter(|&i| i != 5) {
        assert_eq!((l.tables[i].x, l.tables[i].y), (base.tables[i].x, base.tables[i].y));
    }
    // Edges touching the pinned box end on its sides.
    let b = &l.tables[5];
    for (e, r) in g.edges.iter().zip(&l.edges) {
        if e.from.table == key && !r.points.is_empty() {
            let p = r.points[0];
            assert!(p[0] == b.x || p[0] == b.x + b.width, "{p:?}");
            assert!(p[1] > b.y && p[1] < b.y + b.height);
        }
    }
}

#[test]
fn fast_enough_in_debug_for_300() {
    // Sanity (not a benchmark): a 300-table layout completes.
    check(&synthetic(300, 11));
}

/// Every corpus schema (when the shared corpus is present): parse, adapt, lay out, verify, render.
#[test]
fn verifier_holds_on_corpus() {
    let root = std::path::Path::new("/work/shared/corpus");
    if !root.exists() {
        return;
    }
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else { return };
        let mut entries: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().map(|e| e == "sql").unwrap_or(false) {
                out.push(p);
            }
        }
    }
    let mut checked = 0;
    for (sub, dialect) in [("postgres", crate::Dialect::Postgres), ("mysql", crate::Dialect::Mysql), ("sqlite", crate::Dialect::Sqlite)] {
        let mut files = Vec::new();
        walk(&root.join(sub), &mut files);
        for f in files {
            let Ok(text) = std::fs::read_to_string(&f) else { continue };
            let lower = text.to_ascii_lowercase();
            if !lower.contains("create table") || text.len() > 3_000_000 {
                continue;
            }
            let parsed = crate::parse::parse(&text, dialect);
            let g = from_schema(&parsed.schema);
            let l = layout(&g, &LayoutOptions::default());
            if let Err(e) = verify::verify(&g, &l, &BTreeMap::new()) {
                panic!("{}: {e}", f.display());
            }
            let svg = render_svg(&g, &l, &SvgOptions::default());
            assert!(svg.ends_with("</svg>\n"));
            checked += 1;
        }
    }
    eprintln!("corpus schemas laid out and verified: {checked}");
    assert!(checked > 0);
}


/// Sweep (run with `--ignored`): random graphs of many sizes and seeds, with and without pins,
/// through the verifier; prints every failure.
#[test]
#[ignore]
fn verifier_sweep() {
    let mut fails = 0;
    for size in [1usize, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 400, 1000] {
        for seed in 0..if size > 300 { 4 } else { 60u64 } {
            let g = synthetic(size, seed);
            let (l, r) = layout_verified(&g, &LayoutOptions::default());
            if let Err(e) = r {
                fails += 1;
                eprintln!("size {size} seed {seed}: {e}");
                continue;
            }
            let mut rng = Rng(seed);
            let mut opts = LayoutOptions::default();
            for _ in 0..1 + seed % 20 {
                let i = rng.below(size);
                opts.positions.insert(g.tables[i].key.clone(), [rng.below(l.width as usize + 200) as f64, rng.below(l.height as usize + 200) as f64]);
            }
            if let Err(e) = layout_verified(&g, &opts).1 {
                fails += 1;
                eprintln!("size {size} seed {seed} pins {:?}: {e}", opts.positions);
            }
        }
    }
    assert_eq!(fails, 0);
}

/// Sweep (run with `--ignored`): every `.sql` file under the shared corpus, in every dialect.
#[test]
#[ignore]
fn verifier_sweep_corpus() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(rd) = std::fs::read_dir(dir) else { return };
        let mut entries: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "sql") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(std::path::Path::new("/work/shared/corpus"), &mut files);
    let mut fails = 0;
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else { continue };
        if text.len() > 3_000_000 {
            continue;
        }
        for d in [crate::Dialect::Postgres, crate::Dialect::Mysql, crate::Dialect::Sqlite] {
            let g = from_schema(&crate::parse::parse(&text, d).schema);
            if let Err(e) = layout_verified(&g, &LayoutOptions::default()).1 {
                fails += 1;
                eprintln!("{} {d:?}: {e}", f.display());
            }
            // The app's focus mode lays out a table with its neighbours: try a few.
            for t in g.tables.iter().step_by((g.tables.len() / 5).max(1)) {
                let sub = focus_subgraph(&g, &t.key);
                if let Err(e) = layout_verified(&sub, &LayoutOptions::default()).1 {
                    fails += 1;
                    eprintln!("{} {d:?} focus {}: {e}", f.display(), t.key);
                }
            }
        }
    }
    eprintln!("{} files", files.len());
    assert_eq!(fails, 0);
}

/// The app's focus subgraph: `key`, its neighbours, and the edges among them.
fn focus_subgraph(g: &ErdGraph, key: &str) -> ErdGraph {
    let mut keep = std::collections::BTreeSet::new();
    keep.insert(key);
    for e in &g.edges {
        if e.from.table == key {
            keep.insert(e.to.table.as_str());
        }
        if e.to.table == key {
            keep.insert(e.from.table.as_str());
        }
    }
    ErdGraph {
        tables: g.tables.iter().filter(|t| keep.contains(t.key.as_str())).cloned().collect(),
        edges: g.edges.iter().filter(|e| keep.contains(e.from.table.as_str()) && keep.contains(e.to.table.as_str())).cloned().collect(),
    }
}

/// Sweep (run with `--ignored`): odd random graphs — empty and very wide tables, self-loops,
/// parallel edges, cycles, unknown tables, duplicate keys, out-of-range columns.
/// An odd random graph (see [`verifier_sweep_odd`]).
fn odd_graph(seed: u64) -> ErdGraph {
        let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xABCD);
        let n = 1 + r.below(if seed.is_multiple_of(10) { 80 } else { 12 });
        let mut g = ErdGraph::default();
        for i in 0..n {
            let key = if r.chance(0.03) && i > 0 { format!("t{}", r.below(i)) } else { format!("t{i}{}", "x".repeat(r.below(3) * r.below(40))) };
            let mut t = ErdTable::new(&key);
            for c in 0..r.below(14) {
                t = t.col(&format!("c{c}{}", "y".repeat(r.below(2) * r.below(60))), if r.chance(0.1) { "character varying(255) array" } else { "int" });
            }
            g.tables.push(t);
        }
        for _ in 0..r.below(n * 3 + 1) {
            let pick = |r: &mut Rng| if r.chance(0.05) { "ghost".to_string() } else { g.tables[r.below(n)].key.clone() };
            let (a, b) = (pick(&mut r), pick(&mut r));
            let (ca, cb) = (r.below(16), r.below(16));
            let mut e = ErdEdge::new(&a, &[ca], &b, &[cb]);
            e.from_nullable = r.chance(0.3);
            g.edges.push(e);
        }
        g
}

#[test]
#[ignore]
fn verifier_sweep_odd() {
    let mut fails = 0;
    for seed in 0..4000u64 {
        let g = odd_graph(seed);
        let n = g.tables.len();
        if let Err(e) = layout_verified(&g, &LayoutOptions::default()).1 {
            fails += 1;
            if fails < 20 {
                eprintln!("seed {seed} ({n} tables, {} edges): {e}", g.edges.len());
            }
        }
    }
    assert_eq!(fails, 0);
}


/// Found by `verifier_sweep_odd`: a long edge's track ran below every box of its component (dummy
/// nodes have no height), the component's height did not include it, and packing put another
/// component's box on the line ("edge passes through box"). In debug builds `layout` used to panic.
#[test]
fn long_edges_below_the_boxes_count_in_the_component_size() {
    for seed in [3350, 3480] {
        let g = odd_graph(seed);
        let (l, check) = layout_verified(&g, &LayoutOptions::default());
        assert_eq!(check, Ok(()), "seed {seed}");
        let bottom = l.edges.iter().flat_map(|e| &e.points).map(|p| p[1]).fold(0.0, f64::max);
        assert!(bottom <= l.height);
    }
}

/// A layout the verifier rejects is returned with the complaint, not a panic (in any build):
/// spacing options that make boxes overlap.
#[test]
fn a_verifier_complaint_is_returned_not_a_panic() {
    let g = synthetic(30, 5);
    let mut opts = LayoutOptions::default();
    opts.spacing.node_gap = -400.0;
    opts.spacing.dummy_gap = -400.0;
    let (l, check) = layout_verified(&g, &opts);
    assert_eq!(l.tables.len(), 30);
    let e = check.expect_err("overlapping boxes are reported");
    assert!(e.contains("overlap") || e.contains("out of bounds") || e.contains("passes through"), "{e}");
    // And the drawing still renders.
    assert!(render_svg(&g, &l, &SvgOptions::default()).ends_with("</svg>\n"));
}

/// The renderer's pieces: the full document is the shell around every edge and table in full
/// detail; lower detail levels drop the text.
#[test]
fn svg_pieces_and_detail_levels() {
    let g = synthetic(12, 3);
    let l = layout(&g, &LayoutOptions::default());
    let (mut edges, mut tables) = (String::new(), String::new());
    for (e, r) in g.edges.iter().zip(&l.edges) {
        render_edge(&mut edges, e, r, EdgeDraw::default());
    }
    for (t, b) in g.tables.iter().zip(&l.tables) {
        render_table(&mut tables, t, b, Detail::Full);
    }
    let mut groups = String::new();
    super::groups::render_groups(&mut groups, &g, &l);
    let mut doc = String::new();
    render_shell(&mut doc, &l, &SvgOptions::default(), &groups, &edges, &tables);
    assert_eq!(doc, render_svg(&g, &l, &SvgOptions::default()));
    let one = |d: Detail| {
        let mut s = String::new();
        render_table(&mut s, &g.tables[1], &l.tables[1], d);
        s
    };
    assert!(one(Detail::Full).contains("class=\"col\""));
    assert!(!one(Detail::Name).contains("class=\"col") && one(Detail::Name).contains("class=\"name lbl\" x="));
    // keys only: every key column's name (in its own row) and no other column, no types
    let keys = one(Detail::Keys);
    let t = &g.tables[1];
    assert!(t.columns.iter().any(|c| !crate::erd::svg::is_key_column(c)), "the fixture has non-key columns");
    for (i, c) in t.columns.iter().enumerate() {
        let row_y = super::measure::HEADER_H + super::measure::ROW_H * i as f64 + super::measure::ROW_H / 2.0 + 4.0;
        let shown = keys.contains(&format!("y=\"{row_y}\">{}</text>", c.name));
        assert_eq!(shown, crate::erd::svg::is_key_column(c), "{}: {keys}", c.name);
    }
    assert!(!keys.contains("class=\"type") && keys.contains("class=\"name lbl\" x="));
    assert!(!one(Detail::Box).contains("<text") && one(Detail::Box).contains("class=\"box\""));
    let mut lite = String::new();
    render_edge(&mut lite, &g.edges[0], &l.edges[0], EdgeDraw { lite: true, ..Default::default() });
    assert!(lite.starts_with("<g class=\"edge") && lite.contains("<path d=\"M") && !lite.contains("class=\"end\""));
}

/// A dense graph (5 foreign keys per table to random earlier tables, the shape that took 1.1 GB at
/// 2,000 tables): laid out within the routing budget, marked as simplified, still verified.
fn dense(n: usize) -> ErdGraph {
    let mut rng = Rng(0x5EED);
    let mut g = ErdGraph::default();
    for i in 0..n {
        g.tables.push(t(&format!("t{i}"), &["id", "r0", "r1", "r2", "r3", "r4"]));
        if i > 0 {
            for k in 0..5 {
                g.edges.push(fk(&format!("t{i}"), k + 1, &format!("t{}", rng.below(i)), 0));
            }
        }
    }
    g
}

#[test]
fn dense_graphs_get_a_simplified_layout_with_a_note() {
    let l = check(&dense(600));
    assert_eq!(l.notes, vec![SIMPLIFIED_NOTE.to_string()]);
    let svg = render_svg(&dense(600), &l, &SvgOptions::default());
    assert!(svg.contains("large graph: simplified layout"));
    // An ordinary schema keeps the full layout and says nothing.
    assert!(check(&synthetic(300, 1)).notes.is_empty());
}

/// Far-out labels: a default schema is left out, another kept; the full header keeps both; a long
/// name may grow less past its box (`--fit`) than a short one.
#[test]
fn scaled_labels_drop_a_default_schema() {
    let mut g = synthetic(3, 1);
    g.tables[0].schema = Some("public".into());
    g.tables[1].schema = Some("billing".into());
    let l = layout(&g, &LayoutOptions::default());
    let draw = |i: usize, d: Detail| {
        let mut s = String::new();
        render_table(&mut s, &g.tables[i], &l.tables[i], d);
        s
    };
    let (n0, n1) = (&g.tables[0].name, &g.tables[1].name);
    assert!(draw(0, Detail::Name).contains(&format!(">{n0}</text>")) && !draw(0, Detail::Name).contains(&format!(">public.{n0}</text>")));
    assert!(draw(0, Detail::Keys).contains(&format!(">{n0}</text>")));
    assert!(draw(0, Detail::Full).contains(&format!(">public.{n0}</text>")));
    assert!(draw(1, Detail::Name).contains(&format!(">billing.{n1}</text>")));
    let fit = |s: &str| s.split("--fit:").nth(1).and_then(|r| r.split('"').next()).and_then(|v| v.parse::<f64>().ok()).unwrap();
    let short = fit(&draw(0, Detail::Name));
    let mut t = g.tables[0].clone();
    t.name = "a_much_longer_table_name_than_the_box".into();
    let mut s = String::new();
    render_table(&mut s, &t, &l.tables[0], Detail::Name);
    let long = fit(&s);
    assert!(short > long && long >= 1.0, "{short} {long}");
}


/// A box narrower than its layer column sits against the side where its edges attach: two
/// referenced tables (edges leave on the right) end at the same x, so neither edge first crosses
/// spare column width.
#[test]
fn narrow_boxes_sit_against_their_edges() {
    let mut wide = t("a_table_with_a_much_longer_name", &["id"]);
    wide.columns[0].type_label = "character varying(255)".into();
    let g = ErdGraph {
        tables: vec![wide, t("b", &["id"]), t("c", &["id", "a_id", "b_id"])],
        edges: vec![fk("c", 1, "a_table_with_a_much_longer_name", 0), fk("c", 2, "b", 0)],
    };
    let l = check(&g);
    let (a, b) = (&l.tables[0], &l.tables[1]);
    assert!(b.width < a.width);
    assert_eq!(a.x + a.width, b.x + b.width, "{a:?} {b:?}");
}

/// A channel holding only self-loops (the edge across it runs straight, so it needs no track) is
/// the loops' width plus one margin before the next boxes, not two (the loops end one margin past
/// their box already): three loops take 22 + 3 × 10 px right of `a`, `b` starts 22 px further.
#[test]
fn a_channel_of_loops_only_has_one_margin_after_them() {
    let g = ErdGraph {
        tables: vec![t("a", &["id", "p1", "p2", "p3"]), t("b", &["a_id"])],
        edges: vec![fk("a", 1, "a", 0), fk("a", 2, "a", 0), fk("a", 3, "a", 0), fk("b", 0, "a", 0)],
    };
    let l = check(&g);
    let (a, b) = (&l.tables[0], &l.tables[1]);
    assert_eq!(l.edges[3].points.len(), 2, "straight: {:?}", l.edges[3].points);
    let r = RouteOptions::default();
    let loops = r.end_margin + 3.0 * r.loop_spacing;
    assert_eq!(b.x - (a.x + a.width), loops + r.end_margin);
}

#[test]
fn coloured_headers_and_sticky_notes_are_drawn_and_stay_text() {
    use super::decor::{text_on, Sticky};
    let mut g = hostile_graph();
    g.tables[0].color = Some("#1d4ed8".into());
    // a colour that is not `#rrggbb` (a graph from elsewhere) is not drawn at all
    g.tables[1].color = Some("red\"/><script>alert(1)</script>".into());
    let l = check(&g);
    let notes = [
        Sticky::new(l.width + 40.0, 5.0, "</text></g><script>alert(1)</script> ]]> & \u{1}").unwrap(),
        Sticky::new(3.0, l.height + 100.0, "second\nnote").unwrap(),
    ];
    let svg = render_svg_with_notes(&g, &l, &SvgOptions::default(), &notes);
    assert_well_formed(&svg);
    assert!(!svg.contains("<script") && !svg.contains("]]>") && !svg.contains('\u{1}'));
    assert!(svg.contains("class=\"head\" style=\"fill:#1d4ed8\""), "{svg}");
    assert!(svg.contains(&format!("class=\"name\" style=\"fill:{}\"", text_on("#1d4ed8"))));
    assert_eq!(svg.matches("class=\"head\" style=").count(), 1);
    assert_eq!(svg.matches("class=\"sticky\"").count(), 2);
    assert!(svg.contains(">second</text>") && svg.contains(">note</text>"));
    // the drawing grew to hold both notes
    let size = super::decor::bounds_with_notes(l.width, l.height, &notes);
    assert!(size.0 > l.width && size.1 > l.height);
    assert!(svg.contains(&format!("viewBox=\"0 0 {} {}\"", super::svg::n(size.0), super::svg::n(size.1))));
    // without notes and colours: exactly what render_svg drew before
    let plain = hostile_graph();
    assert_eq!(render_svg_with_notes(&plain, &l, &SvgOptions::default(), &[]), render_svg(&plain, &l, &SvgOptions::default()));
    assert!(!render_svg(&plain, &l, &SvgOptions::default()).contains("stickies"));
}
