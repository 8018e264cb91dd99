//! `array-as-relation`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "array-as-relation",
    severity: Severity::Warning,
    dialects: POSTGRES,
    summary: "An array of ids instead of a junction table",
    why: "The database cannot enforce foreign keys on array elements, so ids of deleted rows stay behind; \"which rows reference tag X\" needs a GIN index and array operators instead of a join; and adding or removing one id rewrites the whole array (and row).",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags an array column of ids: a name whose last word is `ids` (or ending `_ids` / `Ids`) with an array type, e.g. `tag_ids uuid[]`.",
    fix: "A junction table with two foreign keys and a composite primary key: `CREATE TABLE post_tags (post_id bigint REFERENCES posts ON DELETE CASCADE, tag_id bigint REFERENCES tags ON DELETE CASCADE, PRIMARY KEY (post_id, tag_id));`",
    bad: table!("articles", "tag_ids bigint[] NOT NULL"),
    good: concat!(
        table!("articles"),
        table!("tags", "name text NOT NULL"),
        "CREATE TABLE article_tags (\n    article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,\n    tag_id bigint NOT NULL REFERENCES tags (id) ON DELETE CASCADE,\n    PRIMARY KEY (article_id, tag_id)\n);\n",
        "CREATE INDEX idx_article_tags_tag_id ON article_tags (tag_id);\n"
    ),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (t, c) in cx.columns().filter(|(_, c)| c.data_type.array_dims > 0) {
        let w = sqltext::words(&c.name);
        if w.last().map(String::as_str) != Some("ids") {
            continue;
        }
        let target = if w.len() >= 2 { w[w.len() - 2].clone() } else { "item".into() };
        let one = t.name.trim_end_matches('s');
        let message = format!(
            "{} stores {target} ids in an array; array elements cannot have foreign keys and reverse lookups need array operators. Use a junction table {one}_{target}s ({one}_id, {target}_id).",
            cx.col(t, c)
        );
        out.push(cx.on_column(&META, t, c, message));
    }
}

rule_tests! {
    fn only_id_arrays() {
        passes(&META, "CREATE TABLE a (id int PRIMARY KEY, tags text[], ids_count int);", Dialect::Postgres);
        fires(&META, "CREATE TABLE a (id int PRIMARY KEY, \"memberIds\" uuid[]);", Dialect::Postgres, 1);
    }
}
