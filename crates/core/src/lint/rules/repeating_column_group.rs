//! `repeating-column-group`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "repeating-column-group",
    severity: Severity::Info,
    dialects: ALL_DIALECTS,
    summary: "1NF smell: numbered columns like phone1, phone2, phone3",
    why: "The schema fixes how many values there may be; queries must test every column (`WHERE phone1 = $1 OR phone2 = $1 OR ...`) and cannot index the set; a fourth value needs DDL.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags a first-normal-form smell: two or more columns that share a stem and differ only by a trailing number (`phone1, phone2, phone3`, `tag_1, tag_2`). One finding per group, at its first column. Postal address lines (`address_line1`, `address1`, `line1`) are exempt: they are one value printed on several lines, by convention.",
    fix: "A child table: `contact_phones (contact_id REFERENCES contacts, phone text, kind text)`.",
    bad: table!("contacts", "phone1 text", "phone2 text", "phone3 text"),
    good: concat!(
        table!("contacts", "address_line1 text", "address_line2 text"),
        table!("contact_phones", "contact_id bigint NOT NULL REFERENCES contacts (id) ON DELETE CASCADE", "phone text NOT NULL"),
        "CREATE INDEX idx_contact_phones_contact_id ON contact_phones (contact_id);\n"
    ),
    ..META.doc()
};

const EXEMPT: &[&str] = &["address_line", "addressline", "address", "line", "street", "addr", "address_", "line_"];

/// Splits `phone_2` / `phone2` into (`phone`, 2).
fn stem(name: &str) -> Option<(String, &str)> {
    let lower = name.to_ascii_lowercase();
    let digits = lower.len() - lower.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits == lower.len() {
        return None;
    }
    let s = lower[..lower.len() - digits].trim_end_matches('_').to_string();
    if s.is_empty() {
        return None;
    }
    Some((s, &name[name.len() - digits..]))
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    use std::collections::BTreeMap;
    for t in &cx.schema.tables {
        let mut groups: BTreeMap<String, Vec<&Column>> = BTreeMap::new();
        for c in &t.columns {
            if let Some((s, _)) = stem(&c.name) {
                groups.entry(s).or_default().push(c);
            }
        }
        let mut groups: Vec<(String, Vec<&Column>)> = groups.into_iter().filter(|(s, g)| g.len() >= 2 && !EXEMPT.contains(&s.as_str()) && !s.ends_with("address_line")).collect();
        crate::sort::by_key(&mut groups, |(_, g)| g[0].span.start);
        for (s, g) in groups {
            let names = g.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
            let message = format!(
                "{} has a repeating group {names}; the number of {s} values is fixed by the schema and every query must test each column. Move them to a child table with one row per {s}.",
                cx.label(t)
            );
            out.push(cx.on_column(&META, t, g[0], message));
        }
    }
}

rule_tests! {
    fn stems() {
        assert_eq!(stem("phone_2").map(|x| x.0), Some("phone".into()));
        assert_eq!(stem("v2"), Some(("v".into(), "2")));
        assert!(stem("123").is_none());
        fires(&META, "CREATE TABLE c (id int PRIMARY KEY, tag_1 text, tag_2 text, email1 text);", Dialect::Sqlite, 1);
    }
}
