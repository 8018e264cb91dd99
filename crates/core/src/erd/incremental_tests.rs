//! Tests of [`super::relayout`]: positions before and after an add-table / add-FK / rename /
//! add-column edit and a drag, measured on the boxes; a seeded run of random edits on synthetic
//! graphs for the invariants (pins exact, no overlaps, untouched boxes moved only down and by no
//! more than what grew, valid routes).

use super::*;
use crate::erd::synthetic::synthetic;
use crate::erd::{from_schema, layout, verify, ErdColumn, ErdEdge, ErdTable, Layout};
use crate::rng::Rng;
use crate::{parse::parse, Dialect};

const BASE: &str = "CREATE TABLE orgs (id int PRIMARY KEY, name text);
CREATE TABLE users (id int PRIMARY KEY, org_id int REFERENCES orgs (id), email text);
CREATE TABLE projects (id int PRIMARY KEY, org_id int REFERENCES orgs (id), name text);
CREATE TABLE tasks (id int PRIMARY KEY, project_id int REFERENCES projects (id), assignee_id int REFERENCES users (id), title text);
CREATE TABLE comments (id int PRIMARY KEY, task_id int REFERENCES tasks (id), author_id int REFERENCES users (id), body text);
CREATE TABLE tags (id int PRIMARY KEY, label text);
CREATE TABLE task_tags (task_id int REFERENCES tasks (id), tag_id int REFERENCES tags (id));
CREATE TABLE audit (id int PRIMARY KEY, user_id int, at timestamptz);
";

fn graph(sql: &str) -> ErdGraph {
    from_schema(&parse(sql, Dialect::Postgres).schema)
}

fn boxed(l: &Layout, key: &str) -> Rect {
    let b = l.tables.iter().find(|b| b.key == key).unwrap_or_else(|| panic!("no box {key}"));
    [b.x, b.y, b.width, b.height]
}

/// How far each box of `before` that is still drawn moved: key → (dx, dy).
fn moves(before: &Layout, after: &Layout) -> BTreeMap<String, (f64, f64)> {
    before
        .tables
        .iter()
        .filter_map(|b| after.tables.iter().find(|a| a.key == b.key).map(|a| (b.key.clone(), (a.x - b.x, a.y - b.y))))
        .collect()
}

fn still(m: &BTreeMap<String, (f64, f64)>, except: &[&str]) -> Vec<String> {
    m.iter().filter(|(k, d)| !except.contains(&k.as_str()) && **d != (0.0, 0.0)).map(|(k, d)| format!("{k} {d:?}")).collect()
}

/// Pairs of boxes that overlap, except pairs with a box in `exempt`.
fn overlapping(l: &Layout, exempt: &BTreeSet<String>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, a) in l.tables.iter().enumerate() {
        for b in &l.tables[i + 1..] {
            if !exempt.contains(&a.key) && !exempt.contains(&b.key) && overlaps([a.x, a.y, a.width, a.height], [b.x, b.y, b.width, b.height]) {
                out.push((a.key.clone(), b.key.clone()));
            }
        }
    }
    out
}

/// The verifier's structural checks (one orthogonal polyline per edge, inside the drawing), with
/// every box counted as placed by hand (routes of moved boxes are not the layered layout's).
fn valid(g: &ErdGraph, l: &Layout) {
    let all: BTreeMap<String, [f64; 2]> = l.tables.iter().map(|b| (b.key.clone(), [b.x, b.y])).collect();
    verify::verify(g, l, &all).unwrap();
}

fn relaid(prev: &Layout, g: &ErdGraph, opts: &LayoutOptions) -> Layout {
    let l = relayout(prev, g, opts).expect("an edit, not a new drawing");
    valid(g, &l);
    l
}

#[test]
fn nothing_changed_moves_nothing_and_keeps_every_route() {
    let g = graph(BASE);
    let l0 = layout(&g, &LayoutOptions::default());
    assert_eq!(relaid(&l0, &g, &LayoutOptions::default()), l0);
}

#[test]
fn an_added_table_goes_beside_the_table_it_references_and_nothing_else_moves() {
    let opts = LayoutOptions::default();
    let l0 = layout(&graph(BASE), &opts);
    let g1 = graph(&format!("{BASE}CREATE TABLE invoices (id int PRIMARY KEY, org_id int REFERENCES orgs (id), total numeric);"));
    let l1 = relaid(&l0, &g1, &opts);
    let m = moves(&l0, &l1);
    assert!(still(&m, &[]).is_empty(), "moved: {:?}", still(&m, &[]));
    assert!(overlapping(&l1, &BTreeSet::new()).is_empty(), "{:?}", overlapping(&l1, &BTreeSet::new()));
    // Beside orgs: to its right (or left) at the neighbour gap, or below it.
    let (o, i) = (boxed(&l1, "orgs"), boxed(&l1, "invoices"));
    let beside = 4.0 * opts.route.end_margin + 2.0 * opts.route.track_spacing;
    assert!(i[0] == o[0] + o[2] + beside || i[0] + i[2] + beside == o[0] || i[0] == o[0], "invoices {i:?} beside orgs {o:?}");
    assert!(i[1] >= o[1], "not above it");
    // Every edge drawn before keeps its route.
    for (a, b) in l0.edges.iter().zip(&l1.edges) {
        assert_eq!(a.points, b.points, "{} → {}", a.from.table, a.to.table);
    }
    // The layered layout of the edited schema moves boxes a person had in view: what this is for.
    let fresh = layout(&g1, &opts);
    assert!(!still(&moves(&l0, &fresh), &[]).is_empty(), "a full layout would have moved nothing either");
}

#[test]
fn an_added_relationship_moves_no_box_and_reroutes_only_what_it_touches() {
    let opts = LayoutOptions::default();
    let l0 = layout(&graph(BASE), &opts);
    // comments → projects: two tables that have relationships already
    let g1 = graph(&BASE.replace("body text);", "body text, project_id int REFERENCES projects (id));"));
    let l1 = relaid(&l0, &g1, &opts);
    let m = moves(&l0, &l1);
    assert!(still(&m, &["comments"]).is_empty(), "moved: {:?}", still(&m, &["comments"]));
    let c = boxed(&l1, "comments");
    assert_eq!(&c[..2], &boxed(&l0, "comments")[..2], "comments grew by a row, in place");
    assert!(overlapping(&l1, &BTreeSet::new()).is_empty());
    let new_edge = l1.edges.iter().find(|e| e.from.table == "comments" && e.to.table == "projects").expect("the new edge");
    assert!(new_edge.points.len() >= 2 && !new_edge.dangling);
    // the new route leaves a side of comments
    assert!(new_edge.points[0][0] == c[0] || new_edge.points[0][0] == c[0] + c[2]);
    // edges between unchanged boxes that cross no changed box keep their routes
    let changed: Vec<Rect> = l1.tables.iter().filter(|b| boxed(&l0, &b.key) != [b.x, b.y, b.width, b.height]).map(|b| [b.x, b.y, b.width, b.height]).collect();
    let mut kept = 0;
    for a in &l0.edges {
        let b = l1.edges.iter().find(|b| b.from == a.from && b.to == a.to).expect("still drawn");
        let ends_changed = [&a.from.table, &a.to.table].iter().any(|t| changed.iter().any(|r| *r == boxed(&l1, t)));
        let crosses = a.points.windows(2).any(|s| changed.iter().any(|r| segment_hits_rect(s[0], s[1], *r, 0.5)));
        if !ends_changed && !crosses {
            assert_eq!(a.points, b.points, "{} → {} kept its route", a.from.table, a.to.table);
            kept += 1;
        }
    }
    assert!(kept >= 4, "{kept} routes kept");
    let fresh = layout(&g1, &opts);
    assert!(!still(&moves(&l0, &fresh), &["comments"]).is_empty(), "a full layout would have moved nothing either");
}

#[test]
fn a_table_drawn_alone_goes_beside_the_table_of_its_first_relationship() {
    let opts = LayoutOptions::default();
    let l0 = layout(&graph(BASE), &opts);
    let g1 = graph(&format!("{BASE}ALTER TABLE audit ADD FOREIGN KEY (user_id) REFERENCES users (id);"));
    let l1 = relaid(&l0, &g1, &opts);
    assert!(still(&moves(&l0, &l1), &["audit"]).is_empty());
    assert!(overlapping(&l1, &BTreeSet::new()).is_empty());
    let (u, a) = (boxed(&l1, "users"), boxed(&l1, "audit"));
    let beside = 4.0 * opts.route.end_margin + 2.0 * opts.route.track_spacing;
    assert!(a[0] == u[0] + u[2] + beside || a[0] == u[0], "audit {a:?} beside users {u:?}");
    // dragged there before, it stays
    let mut pinned = LayoutOptions::default();
    let was = boxed(&l0, "audit");
    pinned.positions.insert("audit".into(), [was[0], was[1]]);
    let l2 = relaid(&l0, &g1, &pinned);
    assert_eq!(&boxed(&l2, "audit")[..2], &was[..2]);
}

#[test]
fn a_renamed_table_keeps_its_place() {
    let opts = LayoutOptions::default();
    let l0 = layout(&graph(BASE), &opts);
    let renamed = BASE.replace("TABLE tasks", "TABLE todo_items").replace("REFERENCES tasks", "REFERENCES todo_items");
    let l1 = relaid(&l0, &graph(&renamed), &opts);
    let (was, now) = (boxed(&l0, "tasks"), boxed(&l1, "todo_items"));
    assert_eq!((now[0], now[1]), (was[0], was[1]));
    let m = moves(&l0, &l1);
    assert!(still(&m, &[]).is_empty(), "moved: {:?}", still(&m, &[]));
    assert!(overlapping(&l1, &BTreeSet::new()).is_empty());
}

#[test]
fn a_grown_box_pushes_the_boxes_below_it_down_by_no_more_than_its_growth() {
    let opts = LayoutOptions::default();
    // Nine tables referencing one: a tall column of boxes right of `hub`.
    let mut sql = String::from("CREATE TABLE hub (id int PRIMARY KEY);\n");
    for i in 0..9 {
        sql += &format!("CREATE TABLE t{i} (id int PRIMARY KEY, hub_id int REFERENCES hub (id), note text);\n");
    }
    let l0 = layout(&graph(&sql), &opts);
    let grown = sql.replace("CREATE TABLE t3 (id int PRIMARY KEY,", "CREATE TABLE t3 (id int PRIMARY KEY, a text, b text, c text, d text,");
    let l1 = relaid(&l0, &graph(&grown), &opts);
    let (was, now) = (boxed(&l0, "t3"), boxed(&l1, "t3"));
    assert_eq!((now[0], now[1]), (was[0], was[1]), "the edited box stays");
    let growth = now[3] - was[3];
    assert!(growth > 0.0);
    let mut pushed = 0;
    for (k, (dx, dy)) in moves(&l0, &l1) {
        assert_eq!(dx, 0.0, "{k} moves only down");
        assert!((0.0..=growth + opts.spacing.node_gap).contains(&dy), "{k} moved {dy} for a growth of {growth}");
        let b = boxed(&l0, &k);
        if dy > 0.0 {
            pushed += 1;
            assert!(b[1] > was[1], "{k} was below t3");
        }
    }
    assert!(pushed > 0, "a box below t3 had to move: the test shows nothing otherwise");
    assert!(overlapping(&l1, &BTreeSet::new()).is_empty(), "{:?}", overlapping(&l1, &BTreeSet::new()));
}

#[test]
fn pins_are_exact_and_a_moved_pin_pushes_nothing() {
    let g = graph(BASE);
    let l0 = layout(&g, &LayoutOptions::default());
    // `users` dragged onto `orgs`: only it moves, nothing is pushed away from it.
    let o = boxed(&l0, "orgs");
    let mut opts = LayoutOptions::default();
    opts.positions.insert("users".into(), [o[0] + 10.0, o[1] + 5.0]);
    let l1 = relaid(&l0, &g, &opts);
    assert_eq!(&boxed(&l1, "users")[..2], &[o[0] + 10.0, o[1] + 5.0]);
    assert!(still(&moves(&l0, &l1), &["users"]).is_empty());
    // Then a table is added that references users: the pin stays exact, the new box overlaps nothing.
    let g2 = graph(&format!("{BASE}CREATE TABLE sessions (id int PRIMARY KEY, user_id int REFERENCES users (id));"));
    let l2 = relaid(&l1, &g2, &opts);
    assert_eq!(&boxed(&l2, "users")[..2], &[o[0] + 10.0, o[1] + 5.0]);
    assert!(still(&moves(&l1, &l2), &[]).is_empty());
    let s = boxed(&l2, "sessions");
    assert!(l2.tables.iter().filter(|b| b.key != "sessions").all(|b| !overlaps(s, [b.x, b.y, b.width, b.height])));
    // A pin off the drawing (negative, not finite) is clamped as the full layout clamps it.
    opts.positions.insert("tags".into(), [-50.0, f64::NAN]);
    let l3 = relaid(&l2, &g2, &opts);
    assert_eq!(&boxed(&l3, "tags")[..2], &[0.0, 0.0]);
    assert_eq!(&boxed(&layout(&g2, &opts), "tags")[..2], &[0.0, 0.0]);
}

#[test]
fn a_new_drawing_is_laid_out_afresh() {
    let l0 = layout(&graph(BASE), &LayoutOptions::default());
    let other = graph("CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id));");
    assert!(relayout(&l0, &other, &LayoutOptions::default()).is_none());
    assert!(relayout(&l0, &ErdGraph::default(), &LayoutOptions::default()).is_none());
    assert!(relayout(&Layout::default(), &other, &LayoutOptions::default()).is_none());
    // a small schema pasted over a larger one that shares a table name is new too (the shared
    // table is not kept where the larger drawing had it)
    let small = graph("CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE); CREATE TABLE invites (id int PRIMARY KEY, email text REFERENCES users (email));");
    assert!(relayout(&l0, &small, &LayoutOptions::default()).is_none());
    // dropping one table of two is an edit
    let one = graph("CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE);");
    assert!(relayout(&layout(&small, &LayoutOptions::default()), &one, &LayoutOptions::default()).is_some());
    // The view's rule is the same rule.
    assert!(crate::erd::view::is_new_drawing(&graph(BASE), &other));
    assert!(!crate::erd::view::is_new_drawing(&graph(BASE), &graph(&BASE.replace("CREATE TABLE audit", "CREATE TABLE audit2"))));
}

/// One random edit of `g` (as the diagram makes them); returns the keys of the tables it changed
/// (a renamed one: its new key; and the rename).
fn random_edit(g: &mut ErdGraph, rng: &mut Rng, step: usize) -> (Vec<String>, Option<(String, String)>) {
    let n = g.tables.len();
    let pick = rng.below(n.max(1));
    match rng.below(5) {
        0 => {
            let key = format!("added_{step}");
            let mut t = ErdTable::new(&key).col("id", "bigint").col("ref_id", "bigint");
            t.columns[0].is_pk = true;
            g.tables.push(t);
            if n > 0 {
                g.edges.push(ErdEdge::new(&key, &[1], &g.tables[pick].key.clone(), &[0]));
            }
            (vec![key], None)
        }
        1 if n > 0 => {
            let t = &mut g.tables[pick];
            for k in 0..1 + rng.below(4) {
                t.columns.push(ErdColumn { name: format!("c{step}_{k}"), type_label: "text".into(), nullable: true, ..Default::default() });
            }
            (vec![t.key.clone()], None)
        }
        2 if n > 1 => {
            let to = rng.below(n);
            let (f, t) = (g.tables[pick].key.clone(), g.tables[to].key.clone());
            g.edges.push(ErdEdge::new(&f, &[0], &t, &[0]));
            g.tables[pick].columns[0].is_fk = true;
            // either may have been alone: then it is placed again
            (vec![f, t], None)
        }
        3 if n > 2 => {
            let gone = g.tables.remove(pick).key;
            g.edges.retain(|e| e.from.table != gone && e.to.table != gone);
            (vec![], None)
        }
        _ if n > 0 => {
            let old = g.tables[pick].key.clone();
            let new = format!("renamed_{step}");
            g.tables[pick].key = new.clone();
            g.tables[pick].name = new.clone();
            for e in &mut g.edges {
                for end in [&mut e.from, &mut e.to] {
                    if end.table == old {
                        end.table = new.clone();
                    }
                }
            }
            (vec![new.clone()], Some((old, new)))
        }
        _ => (vec![], None),
    }
}

/// Random edits and drags on synthetic graphs: pins exact; no two boxes overlap except with a
/// pinned one; a box not edited moves only down, by at most what grew in that step plus a gap;
/// every layout passes the verifier's structural checks.
#[test]
fn random_edits_keep_the_drawing() {
    let mut rng = Rng(19);
    for round in 0..10 {
        let mut g = synthetic(20 + round * 20, round as u64);
        let mut opts = LayoutOptions::default();
        let mut l = layout(&g, &opts);
        for step in 0..15 {
            let before = l.clone();
            let (mut touched, renamed) = random_edit(&mut g, &mut rng, step);
            if rng.chance(0.2) && !g.tables.is_empty() {
                let t = &before.tables[rng.below(before.tables.len())];
                if g.tables.iter().any(|x| x.key == t.key) {
                    opts.positions.insert(t.key.clone(), [t.x + rng.below_f64(300) - 150.0, t.y + rng.below_f64(300) - 150.0]);
                    touched.push(t.key.clone());
                }
            }
            let Some(next) = relayout(&before, &g, &opts) else { panic!("round {round} step {step}: an edit is not a new drawing") };
            valid(&g, &next);
            let pinned: BTreeSet<String> = opts.positions.keys().filter(|k| g.tables.iter().any(|t| &t.key == *k)).cloned().collect();
            for k in &pinned {
                let [x, y] = opts.positions[k];
                assert_eq!(&boxed(&next, k)[..2], &[clean(x), clean(y)], "round {round} step {step}: pin {k}");
            }
            assert!(overlapping(&next, &pinned).is_empty(), "round {round} step {step}: {:?}", overlapping(&next, &pinned));
            // what grew: heights and widths of the boxes kept (a renamed one under its new key)
            let now_key = |k: &str| renamed.as_ref().filter(|r| r.0 == k).map_or(k.to_string(), |r| r.1.clone());
            let growth: f64 = before
                .tables
                .iter()
                .filter_map(|b| next.tables.iter().find(|a| a.key == now_key(&b.key)).map(|a| (a.height - b.height).max(0.0) + (a.width - b.width).max(0.0)))
                .sum();
            for (k, (dx, dy)) in moves(&before, &next) {
                if touched.contains(&k) || pinned.contains(&k) {
                    continue;
                }
                assert!(dx >= 0.0 && dy >= 0.0, "round {round} step {step}: {k} moved left or up ({dx}, {dy})");
                assert!(dx.max(dy) <= growth + opts.spacing.node_gap, "round {round} step {step}: {k} moved ({dx}, {dy}) (growth {growth}; edited {touched:?}, pins {:?})", opts.positions);
            }
            l = next;
        }
        let _ = l;
    }
}

