//! The keyword list of each dialect: ONE list per dialect, each word with its class.
//!
//! Contract:
//! - [`Class::Reserved`]: the word cannot be a bare table or column name in that dialect (the
//!   `reserved-word-identifier` lint rule flags it, and every generator quotes it).
//! - [`Class::Keyword`]: the word can be a bare name in most places, but is a keyword somewhere a
//!   generated name may land (a type or function name, another server version): generators quote it,
//!   the lint rule leaves it alone.
//!
//! Sources, checked against the real engines by `tests/realdb/keywords.py` (`make test-realdb`):
//! - PostgreSQL: `pg_get_keywords()` of PostgreSQL 15 — `R` (reserved) and `T` (reserved, can be a
//!   function or type) are `Reserved`, `C` (cannot be a function or type) is `Keyword` — plus
//!   `system_user`, reserved since PostgreSQL 16. This is exactly what `quote_ident()` quotes.
//! - MySQL: the reserved words of MySQL 8.0 and of MariaDB (the `mysql` dialect means both).
//! - SQLite: every word of `sqlite3_keyword_name()`; `Reserved` are those SQLite refuses as a bare
//!   column name, the rest it accepts through its fallback rule.

use crate::dialect::Dialect;

/// How a keyword may be used as a bare identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Not usable as a bare table or column name.
    Reserved,
    /// Usable as a bare name in most places; quoted in generated SQL to be safe everywhere.
    Keyword,
}

use Class::{Keyword as K, Reserved as R};

/// The dialect's keyword list, sorted by word (checked by a test).
pub fn list(d: Dialect) -> &'static [(&'static str, Class)] {
    match d {
        Dialect::Postgres => POSTGRES,
        Dialect::Mysql => MYSQL,
        Dialect::Sqlite => SQLITE,
    }
}

/// The class of `word` (any case) in the dialect, `None` when it is no keyword there.
pub fn class(d: Dialect, word: &str) -> Option<Class> {
    if word.len() > 40 || !word.is_ascii() {
        return None;
    }
    let w = word.to_ascii_lowercase();
    let l = list(d);
    l.binary_search_by(|(k, _)| (*k).cmp(w.as_str())).ok().map(|i| l[i].1)
}

/// Whether `word` cannot be a bare table or column name in the dialect.
pub fn is_reserved(d: Dialect, word: &str) -> bool {
    class(d, word) == Some(Class::Reserved)
}

/// Whether `word` is any keyword of the dialect (generators quote it).
pub fn is_keyword(d: Dialect, word: &str) -> bool {
    class(d, word).is_some()
}

const POSTGRES: &[(&str, Class)] = &[
    ("all", R), ("analyse", R), ("analyze", R), ("and", R), ("any", R), ("array", R), ("as", R), ("asc", R), ("asymmetric", R),
    ("authorization", R), ("between", K), ("bigint", K), ("binary", R), ("bit", K), ("boolean", K), ("both", R), ("case", R),
    ("cast", R), ("char", K), ("character", K), ("check", R), ("coalesce", K), ("collate", R), ("collation", R), ("column", R),
    ("concurrently", R), ("constraint", R), ("create", R), ("cross", R), ("current_catalog", R), ("current_date", R),
    ("current_role", R), ("current_schema", R), ("current_time", R), ("current_timestamp", R), ("current_user", R), ("dec", K),
    ("decimal", K), ("default", R), ("deferrable", R), ("desc", R), ("distinct", R), ("do", R), ("else", R), ("end", R),
    ("except", R), ("exists", K), ("extract", K), ("false", R), ("fetch", R), ("float", K), ("for", R), ("foreign", R),
    ("freeze", R), ("from", R), ("full", R), ("grant", R), ("greatest", K), ("group", R), ("grouping", K), ("having", R),
    ("ilike", R), ("in", R), ("initially", R), ("inner", R), ("inout", K), ("int", K), ("integer", K), ("intersect", R),
    ("interval", K), ("into", R), ("is", R), ("isnull", R), ("join", R), ("lateral", R), ("leading", R), ("least", K),
    ("left", R), ("like", R), ("limit", R), ("localtime", R), ("localtimestamp", R), ("national", K), ("natural", R),
    ("nchar", K), ("none", K), ("normalize", K), ("not", R), ("notnull", R), ("null", R), ("nullif", K), ("numeric", K),
    ("offset", R), ("on", R), ("only", R), ("or", R), ("order", R), ("out", K), ("outer", R), ("overlaps", R), ("overlay", K),
    ("placing", R), ("position", K), ("precision", K), ("primary", R), ("real", K), ("references", R), ("returning", R),
    ("right", R), ("row", K), ("select", R), ("session_user", R), ("setof", K), ("similar", R), ("smallint", K), ("some", R),
    ("substring", K), ("symmetric", R), ("system_user", R), ("table", R), ("tablesample", R), ("then", R), ("time", K),
    ("timestamp", K), ("to", R), ("trailing", R), ("treat", K), ("trim", K), ("true", R), ("union", R), ("unique", R),
    ("user", R), ("using", R), ("values", K), ("varchar", K), ("variadic", R), ("verbose", R), ("when", R), ("where", R),
    ("window", R), ("with", R), ("xmlattributes", K), ("xmlconcat", K), ("xmlelement", K), ("xmlexists", K), ("xmlforest", K),
    ("xmlnamespaces", K), ("xmlparse", K), ("xmlpi", K), ("xmlroot", K), ("xmlserialize", K), ("xmltable", K),
];

const MYSQL: &[(&str, Class)] = &[
    ("accessible", R), ("add", R), ("all", R), ("alter", R), ("analyze", R), ("and", R), ("as", R), ("asc", R),
    ("asensitive", R), ("before", R), ("between", R), ("bigint", R), ("binary", R), ("blob", R), ("both", R), ("by", R),
    ("call", R), ("cascade", R), ("case", R), ("change", R), ("char", R), ("character", R), ("check", R), ("collate", R),
    ("column", R), ("condition", R), ("constraint", R), ("continue", R), ("convert", R), ("create", R), ("cross", R),
    ("cube", R), ("cume_dist", R), ("current_date", R), ("current_role", R), ("current_time", R), ("current_timestamp", R),
    ("current_user", R), ("cursor", R), ("database", R), ("databases", R), ("day_hour", R), ("day_microsecond", R),
    ("day_minute", R), ("day_second", R), ("dec", R), ("decimal", R), ("declare", R), ("default", R), ("delayed", R),
    ("delete", R), ("dense_rank", R), ("desc", R), ("describe", R), ("deterministic", R), ("distinct", R), ("distinctrow", R),
    ("div", R), ("do_domain_ids", R), ("double", R), ("drop", R), ("dual", R), ("each", R), ("else", R), ("elseif", R),
    ("empty", R), ("enclosed", R), ("escaped", R), ("except", R), ("exists", R), ("exit", R), ("explain", R), ("false", R),
    ("fetch", R), ("first_value", R), ("float", R), ("float4", R), ("float8", R), ("for", R), ("force", R), ("foreign", R),
    ("from", R), ("fulltext", R), ("function", R), ("general", R), ("generated", R), ("get", R), ("grant", R), ("group", R),
    ("grouping", R), ("groups", R), ("having", R), ("high_priority", R), ("hour_microsecond", R), ("hour_minute", R),
    ("hour_second", R), ("if", R), ("ignore", R), ("ignore_domain_ids", R), ("ignore_server_ids", R), ("in", R), ("index", R),
    ("infile", R), ("inner", R), ("inout", R), ("insensitive", R), ("insert", R), ("int", R), ("int1", R), ("int2", R),
    ("int3", R), ("int4", R), ("int8", R), ("integer", R), ("intersect", R), ("interval", R), ("into", R),
    ("io_after_gtids", R), ("io_before_gtids", R), ("is", R), ("iterate", R), ("join", R), ("json_table", R), ("key", R),
    ("keys", R), ("kill", R), ("lag", R), ("last_value", R), ("lateral", R), ("lead", R), ("leading", R), ("leave", R),
    ("left", R), ("like", R), ("limit", R), ("linear", R), ("lines", R), ("load", R), ("localtime", R), ("localtimestamp", R),
    ("lock", R), ("long", R), ("longblob", R), ("longtext", R), ("loop", R), ("low_priority", R), ("master_bind", R),
    ("master_heartbeat_period", R), ("master_ssl_verify_server_cert", R), ("match", R), ("maxvalue", R), ("mediumblob", R),
    ("mediumint", R), ("mediumtext", R), ("middleint", R), ("minute_microsecond", R), ("minute_second", R), ("mod", R),
    ("modifies", R), ("natural", R), ("no_write_to_binlog", R), ("not", R), ("nth_value", R), ("ntile", R), ("null", R),
    ("numeric", R), ("of", R), ("offset", R), ("on", R), ("optimize", R), ("optimizer_costs", R), ("option", R),
    ("optionally", R), ("or", R), ("order", R), ("out", R), ("outer", R), ("outfile", R), ("over", R), ("page_checksum", R),
    ("parse_vcol_expr", R), ("partition", R), ("percent_rank", R), ("position", R), ("precision", R), ("primary", R),
    ("procedure", R), ("purge", R), ("range", R), ("rank", R), ("read", R), ("read_write", R), ("reads", R), ("real", R),
    ("recursive", R), ("ref_system_id", R), ("references", R), ("regexp", R), ("release", R), ("rename", R), ("repeat", R),
    ("replace", R), ("require", R), ("resignal", R), ("restrict", R), ("return", R), ("returning", R), ("revoke", R),
    ("right", R), ("rlike", R), ("row", R), ("row_number", R), ("rows", R), ("schema", R), ("schemas", R),
    ("second_microsecond", R), ("select", R), ("sensitive", R), ("separator", R), ("set", R), ("show", R), ("signal", R),
    ("slow", R), ("smallint", R), ("spatial", R), ("specific", R), ("sql", R), ("sql_big_result", R),
    ("sql_calc_found_rows", R), ("sql_small_result", R), ("sqlexception", R), ("sqlstate", R), ("sqlwarning", R), ("ssl", R),
    ("starting", R), ("stats_auto_recalc", R), ("stats_persistent", R), ("stats_sample_pages", R), ("stored", R),
    ("straight_join", R), ("system", R), ("table", R), ("terminated", R), ("then", R), ("tinyblob", R), ("tinyint", R),
    ("tinytext", R), ("to", R), ("trailing", R), ("trigger", R), ("true", R), ("undo", R), ("union", R), ("unique", R),
    ("unlock", R), ("unsigned", R), ("update", R), ("usage", R), ("use", R), ("using", R), ("utc_date", R), ("utc_time", R),
    ("utc_timestamp", R), ("values", R), ("varbinary", R), ("varchar", R), ("varcharacter", R), ("varying", R), ("virtual", R),
    ("when", R), ("where", R), ("while", R), ("window", R), ("with", R), ("write", R), ("xor", R), ("year_month", R),
    ("zerofill", R),
];

const SQLITE: &[(&str, Class)] = &[
    ("abort", K), ("action", K), ("add", R), ("after", K), ("all", R), ("alter", R), ("always", K), ("analyze", K), ("and", R),
    ("as", R), ("asc", K), ("attach", K), ("autoincrement", R), ("before", K), ("begin", K), ("between", R), ("by", K),
    ("cascade", K), ("case", R), ("cast", K), ("check", R), ("collate", R), ("column", K), ("commit", R), ("conflict", K),
    ("constraint", R), ("create", R), ("cross", K), ("current", K), ("current_date", K), ("current_time", K),
    ("current_timestamp", K), ("database", K), ("default", R), ("deferrable", R), ("deferred", K), ("delete", R), ("desc", K),
    ("detach", K), ("distinct", R), ("do", K), ("drop", R), ("each", K), ("else", R), ("end", K), ("escape", R), ("except", R),
    ("exclude", K), ("exclusive", K), ("exists", R), ("explain", K), ("fail", K), ("false", K), ("filter", K), ("first", K),
    ("following", K), ("for", K), ("foreign", R), ("from", R), ("full", K), ("generated", K), ("glob", K), ("group", R),
    ("groups", K), ("having", R), ("if", R), ("ignore", K), ("immediate", K), ("in", R), ("index", R), ("indexed", K),
    ("initially", K), ("inner", K), ("insert", R), ("instead", K), ("intersect", R), ("into", R), ("is", R), ("isnull", R),
    ("join", R), ("key", K), ("last", K), ("left", K), ("like", K), ("limit", R), ("match", K), ("materialized", K),
    ("natural", K), ("no", K), ("not", R), ("nothing", K), ("notnull", R), ("null", R), ("nulls", K), ("of", K), ("offset", K),
    ("on", R), ("or", R), ("order", R), ("others", K), ("outer", K), ("over", K), ("partition", K), ("plan", K), ("pragma", K),
    ("preceding", K), ("primary", R), ("query", K), ("raise", K), ("range", K), ("recursive", K), ("references", R),
    ("regexp", K), ("reindex", K), ("release", K), ("rename", K), ("replace", K), ("restrict", K), ("returning", K),
    ("right", K), ("rollback", K), ("row", K), ("rowid", K), ("rows", K), ("savepoint", K), ("select", R), ("set", R),
    ("table", R), ("temp", K), ("temporary", K), ("then", R), ("ties", K), ("to", R), ("transaction", R), ("trigger", K),
    ("true", K), ("unbounded", K), ("union", R), ("unique", R), ("update", R), ("using", R), ("vacuum", K), ("values", R),
    ("view", K), ("virtual", K), ("when", R), ("where", R), ("window", K), ("with", K), ("without", K),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_and_unique() {
        for d in Dialect::ALL {
            let l = list(d);
            for w in l.windows(2) {
                assert!(w[0].0 < w[1].0, "{d:?}: {} before {}", w[0].0, w[1].0);
            }
            assert!(l.iter().all(|(w, _)| w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')));
        }
    }

    #[test]
    fn classes() {
        assert!(is_reserved(Dialect::Postgres, "User"));
        assert!(is_reserved(Dialect::Postgres, "left"));
        assert!(!is_reserved(Dialect::Postgres, "time") && is_keyword(Dialect::Postgres, "time"));
        assert!(!is_keyword(Dialect::Mysql, "user"));
        assert!(is_reserved(Dialect::Mysql, "order"));
        assert!(is_reserved(Dialect::Sqlite, "order") && !is_reserved(Dialect::Sqlite, "key") && is_keyword(Dialect::Sqlite, "key"));
        assert_eq!(class(Dialect::Postgres, "ñ"), None);
    }
}
