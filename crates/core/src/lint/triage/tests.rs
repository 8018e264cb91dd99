use super::*;
use crate::{analyze, Analysis, Dialect, Input};

fn analysis(text: &str, dialect: Dialect) -> Analysis {
    analyze(&Input { text: text.to_string(), dialect, ..Default::default() })
}

/// Every example of the app, analysed: many rules, severities, tables and fixes.
fn examples() -> Vec<(String, Analysis)> {
    crate::examples::ALL.iter().map(|e| (e.sql.to_string(), analysis(e.sql, e.dialect))).collect()
}

/// `n` tables, each with a foreign key to the first and no index on it, a `float` price and a
/// plural name: several rules with many findings each, most with fixes.
fn many_tables(n: usize) -> String {
    let mut s = String::from("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n");
    for i in 0..n {
        s.push_str(&format!(
            "CREATE TABLE item_{i} (\n  id bigint PRIMARY KEY,\n  user_id bigint REFERENCES users (id),\n  price float,\n  created_at timestamp\n);\n"
        ));
    }
    s
}

/// The filter's definition, written out plainly (what `select` must agree with).
fn naive(findings: &[Finding], f: &Filter) -> Vec<usize> {
    let words: Vec<String> = f.query.split_whitespace().map(|w| w.to_lowercase()).collect();
    (0..findings.len())
        .filter(|&i| {
            let x = &findings[i];
            let sev = f.severities.is_empty() || f.severities.contains(&x.severity);
            let rule = f.rules.is_empty() || f.rules.iter().any(|r| r == x.rule);
            let text = words.iter().all(|w| {
                [x.table.clone().unwrap_or_default(), x.column.clone().unwrap_or_default(), x.rule.to_string(), x.message.clone()]
                    .iter()
                    .any(|field| field.to_lowercase().contains(w.as_str()))
            });
            sev && rule && text
        })
        .collect()
}

fn filters_for(findings: &[Finding]) -> Vec<Filter> {
    let mut out = vec![Filter::default()];
    for s in SEVERITIES {
        out.push(Filter { severities: vec![s], ..Filter::default() });
    }
    let mut rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    rules.dedup();
    for r in rules.iter().take(4) {
        out.push(Filter { rules: vec![r.to_string()], ..Filter::default() });
        out.push(Filter { rules: vec![r.to_string()], severities: vec![Severity::Error, Severity::Warning], ..Filter::default() });
    }
    for f in findings.iter().take(5) {
        if let Some(t) = &f.table {
            out.push(Filter { query: t.to_uppercase(), ..Filter::default() });
        }
        if let Some(c) = &f.column {
            out.push(Filter { query: format!("{} {}", c, f.rule), ..Filter::default() });
        }
    }
    out.push(Filter { query: "no such words anywhere".into(), ..Filter::default() });
    out
}

#[test]
fn select_agrees_with_the_plain_definition_on_every_example() {
    let mut checked = 0;
    for (_, a) in examples() {
        for f in filters_for(&a.findings) {
            assert_eq!(select(&a.findings, &f), naive(&a.findings, &f), "{f:?}");
            checked += 1;
        }
    }
    assert!(checked > 30, "{checked} filters checked");
}

#[test]
fn a_search_for_a_table_name_finds_only_findings_that_mention_it() {
    let a = analysis(&many_tables(12), Dialect::Postgres);
    let f = Filter { query: "ITEM_11".into(), ..Filter::default() };
    let got = select(&a.findings, &f);
    assert!(!got.is_empty());
    assert!(got.iter().all(|&i| a.findings[i].table.as_deref() == Some("item_11") || a.findings[i].message.contains("item_11")));
    assert!(got.len() < a.findings.len());
}

#[test]
fn facet_counts_are_what_clicking_the_chip_would_show() {
    for (_, a) in examples() {
        for base in filters_for(&a.findings) {
            let fac = facets(&a.findings, &base);
            for (sev, n) in &fac.severities {
                let chip = Filter { severities: vec![*sev], ..base.clone() };
                assert_eq!(*n, select(&a.findings, &chip).len(), "{sev:?} under {base:?}");
            }
            for (rule, _, n) in &fac.rules {
                let chip = Filter { rules: vec![rule.clone()], ..base.clone() };
                assert_eq!(*n, select(&a.findings, &chip).len(), "{rule} under {base:?}");
            }
            // every rule that has a finding under the other filters has a chip
            let other = Filter { rules: vec![], ..base.clone() };
            for &i in &select(&a.findings, &other) {
                assert!(fac.rules.iter().any(|(r, _, _)| r == a.findings[i].rule));
            }
        }
    }
}

#[test]
fn a_selected_rule_keeps_its_chip_at_zero() {
    let a = analysis(&many_tables(3), Dialect::Postgres);
    let f = Filter { rules: vec!["no-such-rule".into()], ..Filter::default() };
    let fac = facets(&a.findings, &f);
    assert!(fac.rules.iter().any(|(r, _, n)| r == "no-such-rule" && *n == 0));
    assert!(fac.severities.iter().all(|(_, n)| *n == 0));
}

#[test]
fn groups_partition_the_selection_in_order() {
    for (_, a) in examples() {
        for by in [GroupBy::Table, GroupBy::Rule] {
            let sel = select(&a.findings, &Filter::default());
            let groups = group(&a.findings, &sel, by);
            let mut all: Vec<usize> = groups.iter().flat_map(|g| g.items.iter().copied()).collect();
            all.sort();
            assert_eq!(all, sel, "every finding in exactly one group");
            for g in &groups {
                assert!(g.items.windows(2).all(|w| w[0] < w[1]), "position order inside {}", g.key);
                assert_eq!(g.fixable, g.items.iter().filter(|&&i| a.findings[i].fix.is_some()).count());
                for &i in &g.items {
                    let f = &a.findings[i];
                    match by {
                        GroupBy::Table => {
                            assert_eq!(g.key, f.table.clone().unwrap_or_else(|| NO_TABLE.into()));
                            assert_eq!(g.severity, f.severity);
                        }
                        GroupBy::Rule => {
                            assert_eq!(g.key, f.rule);
                            assert!(g.severity >= f.severity);
                        }
                    }
                }
            }
            // most severe first
            assert!(groups.windows(2).all(|w| w[0].severity >= w[1].severity), "{by:?}");
            if by == GroupBy::Rule {
                let keys: Vec<&str> = groups.iter().map(|g| g.key.as_str()).collect();
                let mut dedup = keys.clone();
                dedup.dedup();
                assert_eq!(keys.len(), dedup.len(), "one group per rule");
            }
        }
    }
}

#[test]
fn fix_all_on_a_rule_clears_that_rule_and_as_one_edit_is_the_same_text() {
    let text = many_tables(25);
    let a = analysis(&text, Dialect::Postgres);
    let by_rule = group(&a.findings, &select(&a.findings, &Filter::default()), GroupBy::Rule);
    let mut fixed_some = 0;
    for g in by_rule.iter().filter(|g| g.fixable > 1) {
        let (fix, used) = fix_all(&a.findings, &g.items).expect("fixable group");
        assert!(used > 1 && used <= g.fixable, "{}: {used} of {}", g.key, g.fixable);
        let after = fix.apply(&text);
        let one = as_one_edit(&fix, &text).unwrap();
        let mut via_one = text.clone();
        via_one.replace_range(one.start..one.end, &one.replacement);
        assert_eq!(via_one, after, "{}: the single edit gives the same text", g.key);
        let again = analysis(&after, Dialect::Postgres);
        let left = again.findings.iter().filter(|f| f.rule == g.key).count();
        assert_eq!(left, g.items.len() - used, "{}: every fixed finding is gone", g.key);
        assert!(again.diagnostics.iter().all(|d| d.severity != Severity::Error), "{}: the fixed text parses", g.key);
        // undoing the single edit restores the text exactly
        let mut undone = after.clone();
        undone.replace_range(one.start..one.start + one.replacement.len(), &text[one.start..one.end]);
        assert_eq!(undone, text);
        fixed_some += 1;
    }
    assert!(fixed_some >= 1, "the many-tables schema has a rule with several fixes");
}

#[test]
fn fix_all_drops_overlapping_and_duplicate_edits() {
    let mk = |edits: Vec<Edit>| {
        let mut f = Finding::new(crate::lint::RULES[0].meta, crate::Span::new(0, 1), "m");
        f.fix = Some(Fix { description: "d".into(), edits });
        f
    };
    let findings = vec![
        mk(vec![Edit { start: 0, end: 3, replacement: "X".into() }]),
        mk(vec![Edit { start: 2, end: 5, replacement: "Y".into() }]), // overlaps the first
        mk(vec![Edit { start: 0, end: 3, replacement: "X".into() }]), // duplicate: made once
        mk(vec![Edit::insert(6, "a"), Edit::insert(6, "b")]),
        mk(vec![Edit::insert(3, "!")]), // at the first's end: fine
    ];
    let (fix, used) = fix_all(&findings, &[0, 1, 2, 3, 4]).unwrap();
    assert_eq!(used, 4);
    assert_eq!(fix.apply("0123456789"), "X!345ab6789");
    assert!(fix_all(&findings[..0], &[]).is_none());
}

#[test]
fn the_filter_round_trips_through_the_view_options() {
    let f = Filter { severities: vec![Severity::Error, Severity::Info], rules: vec!["a-rule".into(), "b-rule".into()], query: "users id".into(), group: GroupBy::Rule };
    let opts: BTreeMap<&str, Option<String>> = f.to_options().into_iter().collect();
    let back = Filter::from_options(|k| opts.get(k).cloned().flatten());
    assert_eq!(back, f);
    assert!(Filter::default().to_options().iter().all(|(_, v)| v.is_none()), "defaults are stored as absent");
    // toggles are their own inverse
    assert_eq!(f.toggle_rule("c-rule").toggle_rule("c-rule"), f);
    assert_eq!(f.toggle_severity(Severity::Warning).toggle_severity(Severity::Warning), f);
    // junk in a hand-edited link is ignored
    let junk = Filter::from_options(|k| Some(match k { OPTION_SEVERITY => "bogus,,error".into(), OPTION_GROUP => "nope".into(), _ => String::new() }));
    assert_eq!(junk.severities, vec![Severity::Error]);
    assert_eq!(junk.group, GroupBy::Table);
}

#[test]
fn counts_use_one_word_per_kind() {
    let text = "SET statement_timeout = 0;\nCREATE TABLE t (id int,,\nCREATE TABLE u (id serial PRIMARY KEY, amount float);\n";
    let a = analysis(text, Dialect::Postgres);
    let c = Counts::of(a.statement_count, &a.diagnostics, &a.findings);
    assert_eq!(c.diagnostics + c.notes, a.diagnostics.len());
    assert_eq!(c.notes, a.diagnostics.iter().filter(|d| d.severity == Severity::Info).count());
    assert_eq!(c.findings, a.findings.len());
    let line = c.status_line();
    assert!(line.contains(&count_of(c.diagnostics, "diagnostic")) && line.contains(&count_of(c.findings, "finding")), "{line}");
    assert!(!line.contains("error") && !line.contains("warning"), "{line}: severities are not kinds");
    assert_eq!(count_of(1, "finding"), "1 finding");
    assert_eq!(count_of(0, "finding"), "0 findings");
}

#[test]
fn a_thousand_tables_group_like_twenty_five() {
    // The same rules on 40 times the tables: the same groups, each about 40 times larger (the
    // Findings tab pages them; speed itself is measured by the e2e paste of a 1,000-table schema).
    let small = analysis(&many_tables(25), Dialect::Postgres);
    let big = analysis(&many_tables(1000), Dialect::Postgres);
    let per_rule = |a: &Analysis| {
        let sel = select(&a.findings, &Filter { severities: vec![Severity::Warning], ..Filter::default() });
        group(&a.findings, &sel, GroupBy::Rule).into_iter().map(|g| (g.key, g.items.len())).collect::<Vec<_>>()
    };
    let (s, b): (BTreeMap<String, usize>, BTreeMap<String, usize>) = (per_rule(&small).into_iter().collect(), per_rule(&big).into_iter().collect());
    assert_eq!(s.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (rule, ns) in &s {
        // per-table findings grow 40-fold; the few on `users` stay
        assert!(b[rule] + 39 >= 39 * ns, "{rule}: {ns} → {}", b[rule]);
    }
}

#[test]
fn several_edits_become_one_replacement() {
    use crate::lint::Edit;
    let text = "CREATE TABLE a (x int);\nCREATE TABLE b (y int);\n";
    let fix = Fix {
        description: "two".into(),
        edits: vec![Edit { start: 16, end: 17, replacement: "xx".into() }, Edit { start: 40, end: 43, replacement: "text".into() }],
    };
    let one = as_one_edit(&fix, text).unwrap();
    let merged = Fix { description: fix.description.clone(), edits: vec![one.clone()] };
    assert_eq!(merged.apply(text), fix.apply(text));
    assert_eq!(one.start, 16);
    assert_eq!(one.end, 43);
    // a shorter text after the fix
    let shrink = Fix { description: "d".into(), edits: vec![Edit { start: 0, end: 24, replacement: String::new() }, Edit { start: 40, end: 43, replacement: "".into() }] };
    let one = as_one_edit(&shrink, text).unwrap();
    assert_eq!(Fix { description: "d".into(), edits: vec![one] }.apply(text), shrink.apply(text));
    let single = Fix { description: "s".into(), edits: vec![Edit::insert(0, "-- hi\n")] };
    assert_eq!(as_one_edit(&single, text).as_ref(), single.edits.first());
}
