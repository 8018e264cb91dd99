//! Classifying a statement by its leading keywords: what the model needs, what it ignores, and
//! which reader takes it.

use super::*;

pub(super) enum Class {
    Sql,
    AlterType,
    DropPolicy,
    DropIndex,
    AlterIndex,
    VirtualTable,
    View,
    DropView,
    AlterPartitioning,
    CreateSequence,
    Comment,
    Function,
    Trigger,
    AlterSequence,
    AttachPartition,
    Ignore(String),
    Unknown(String),
}

pub(super) const IGNORED_FIRST: &[&str] = &[
    "SET", "RESET", "SELECT", "WITH", "INSERT", "REPLACE", "UPDATE", "DELETE", "LOCK", "UNLOCK", "GRANT", "REVOKE", "BEGIN", "START", "COMMIT", "END",
    "ROLLBACK", "SAVEPOINT", "RELEASE", "USE", "PRAGMA", "ANALYZE", "ANALYSE", "VACUUM", "COPY", "DO", "CALL", "EXEC", "EXECUTE", "TRUNCATE", "NOTIFY",
    "LISTEN", "UNLISTEN", "REFRESH", "CLUSTER", "REINDEX", "SECURITY", "DECLARE", "PREPARE", "DEALLOCATE", "SHOW", "EXPLAIN", "FLUSH", "OPTIMIZE",
    "CHECKPOINT", "LOAD", "IMPORT", "VALUES", "ATTACH", "DETACH", "ABORT", "DISCARD", "CHECK", "REPAIR", "HANDLER", "GO", "PRINT", "IF", "RAISE",
    "SOURCE",
];

pub(super) fn classify(toks: &[Token]) -> Class {
    let words = leading_words(toks, 8);
    let Some(first) = words.first() else {
        let head: String = toks.iter().take(3).map(tok_text).collect::<Vec<_>>().join(" ");
        return Class::Unknown(head);
    };
    let w = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    match first.as_str() {
        "CREATE" => {
            // Find the object keyword after modifiers (OR REPLACE, TEMP, DEFINER=..., ...).
            let mut obj = String::new();
            let mut unique = false;
            for t in toks.iter().skip(1).take(24) {
                let Tok::Word(x) = &t.tok else { continue };
                let u = x.to_ascii_uppercase();
                match u.as_str() {
                    "OR" | "REPLACE" | "GLOBAL" | "LOCAL" | "TEMP" | "TEMPORARY" | "UNLOGGED" | "CONSTRAINT" | "RECURSIVE" | "DEFINER" | "ALGORITHM"
                    | "SQL" | "SECURITY" | "INVOKER" | "UNDEFINED" | "MERGE" | "TEMPTABLE" | "NONCLUSTERED" | "CLUSTERED" | "ONLINE" | "OFFLINE"
                    | "IF" | "NOT" | "EXISTS" | "TRUSTED" | "PROCEDURAL" => {}
                    "UNIQUE" | "FULLTEXT" | "SPATIAL" => unique = true,
                    _ if matches!(u.as_str(), "TABLE" | "INDEX" | "TYPE" | "DOMAIN" | "SEQUENCE" | "POLICY" | "TRIGGER") => {
                        obj = u;
                        break;
                    }
                    _ => {
                        // Words after DEFINER= (user names) are not keywords we know; the first
                        // known object keyword decides. Stop at the first unknown word only when
                        // it cannot be a definer part.
                        if !toks.iter().skip(1).take(3).any(|t| t.is("DEFINER")) {
                            obj = u;
                            break;
                        }
                        if is_object_word(&u) {
                            obj = u;
                            break;
                        }
                    }
                }
            }
            let _ = unique;
            match obj.as_str() {
                "TABLE" | "INDEX" | "TYPE" | "DOMAIN" | "POLICY" => Class::Sql,
                "SEQUENCE" => Class::CreateSequence,
                "FUNCTION" => Class::Function,
                "TRIGGER" => Class::Trigger,
                "" => Class::Unknown("CREATE".into()),
                "MATERIALIZED" | "VIEW" => Class::View,
                "VIRTUAL" => Class::VirtualTable,
                o if is_object_word(o) => Class::Ignore(format!("CREATE {o}")),
                // A misspelled or unknown object kind (`CREATE TABL x`) is not something known to
                // be irrelevant: warn, do not silently ignore.
                o => Class::Unknown(format!("CREATE {o}")),
            }
        }
        "ALTER" => match w(1) {
            "TABLE" => {
                if toks.windows(2).any(|p| (p[0].is("ATTACH") || p[0].is("DETACH")) && p[1].is("PARTITION")) {
                    Class::AttachPartition
                } else if partition::find_top(toks, 2, "BY").is_some_and(|p| p <= 8) || toks.windows(2).any(|p| p[0].is("REMOVE") && p[1].is("PARTITIONING")) {
                    Class::AlterPartitioning
                } else if let Some(what) = ignorable_alter_table(toks) {
                    Class::Ignore(what)
                } else {
                    Class::Sql
                }
            }
            "SEQUENCE" if words.first().map(String::as_str) == Some("ALTER") => {
                if toks.windows(2).any(|p| p[0].is("OWNED") && p[1].is("BY")) {
                    Class::AlterSequence
                } else {
                    Class::Ignore("ALTER SEQUENCE".into())
                }
            }
            "INDEX" if toks.iter().any(|t| t.is("RENAME")) => Class::AlterIndex,
            "TYPE" if toks.iter().any(|t| t.is("VALUE") || t.is("RENAME")) => Class::AlterType,
            "" => Class::Unknown("ALTER".into()),
            "DEFAULT" => Class::Ignore("ALTER DEFAULT PRIVILEGES".into()),
            o if is_object_word(o) || matches!(o, "SYSTEM" | "LARGE" | "PROCEDURAL") => Class::Ignore(format!("ALTER {o}")),
            o => Class::Unknown(format!("ALTER {o}")),
        },
        "COMMENT" => match w(2) {
            "TABLE" | "COLUMN" => Class::Comment,
            o => Class::Ignore(format!("COMMENT ON {o}")),
        },
        "DROP" => match w(1) {
            "INDEX" => Class::DropIndex,
            "POLICY" => Class::DropPolicy,
            "TABLE" | "TYPE" | "SEQUENCE" => Class::Sql,
            "TRIGGER" => Class::Trigger,
            "VIEW" | "MATERIALIZED" => Class::DropView,
            "" => Class::Unknown("DROP".into()),
            o if is_object_word(o) || matches!(o, "OWNED" | "TEMPORARY") => Class::Ignore(format!("DROP {o}")),
            o => Class::Unknown(format!("DROP {o}")),
        },
        "RENAME" => Class::Sql,
        f if IGNORED_FIRST.contains(&f) => {
            let head = match f {
                "SELECT" => {
                    let fun = toks.iter().skip(1).take(4).map(tok_text).collect::<String>();
                    format!("SELECT {fun}")
                }
                // Data statements name their table: `INSERT INTO t`, `COPY public.t`.
                "INSERT" | "REPLACE" | "COPY" | "UPDATE" | "DELETE" => {
                    let skip = if matches!(w(1), "INTO" | "FROM") { 2 } else { 1 };
                    let mut target = String::new();
                    for (k, t) in toks.iter().skip(skip).take(5).enumerate() {
                        let name_part = matches!(t.tok, Tok::Word(_) | Tok::Quoted(_));
                        if (k % 2 == 0 && !name_part) || (k % 2 == 1 && !t.is_punct('.')) {
                            break;
                        }
                        target.push_str(&tok_text(t));
                    }
                    format!("{f}{} {target}", if skip == 2 { format!(" {}", w(1)) } else { String::new() }).trim().to_string()
                }
                "SET" | "LOCK" | "GRANT" | "REVOKE" => format!("{f} {}", w(1)).trim().to_string(),
                _ => f.to_string(),
            };
            Class::Ignore(head)
        }
        f => Class::Unknown(f.to_string()),
    }
}

/// ALTER TABLE forms that change nothing the model holds.
pub(super) fn ignorable_alter_table(toks: &[Token]) -> Option<String> {
    let has2 = |a: &str, b: &str| toks.windows(2).any(|w| w[0].is(a) && w[1].is(b));
    // pg_dump: `ALTER TABLE x OWNER TO role` (one operation per statement).
    if has2("OWNER", "TO") && !toks.iter().any(|t| t.is_punct(',')) {
        return Some("ALTER TABLE ... OWNER TO".into());
    }
    if has2("DISABLE", "KEYS") || has2("ENABLE", "KEYS") {
        return Some("ALTER TABLE ... DISABLE/ENABLE KEYS".into());
    }
    if has2("SET", "STATISTICS") || has2("SET", "STORAGE") || has2("SET", "COMPRESSION") {
        return Some("ALTER TABLE ... ALTER COLUMN SET STATISTICS/STORAGE".into());
    }
    let set_paren = toks.windows(2).any(|w| w[0].is("SET") && w[1].is_punct('('));
    if set_paren && toks.iter().any(|t| t.is("COLUMN")) {
        return Some("ALTER TABLE ... ALTER COLUMN SET (attribute options)".into());
    }
    if has2("CLUSTER", "ON") || has2("SET", "WITHOUT") || has2("SET", "TABLESPACE") || has2("SET", "ACCESS") {
        return Some("ALTER TABLE ... CLUSTER/storage option".into());
    }
    None
}

pub(super) fn is_object_word(u: &str) -> bool {
    matches!(
        u,
        "TABLE" | "INDEX" | "TYPE" | "DOMAIN" | "SEQUENCE" | "POLICY" | "TRIGGER" | "FUNCTION" | "PROCEDURE" | "VIEW" | "EVENT" | "EXTENSION" | "SCHEMA"
            | "DATABASE" | "AGGREGATE" | "OPERATOR" | "CAST" | "COLLATION" | "RULE" | "ROLE" | "USER" | "SERVER" | "PUBLICATION" | "SUBSCRIPTION"
            | "MATERIALIZED" | "VIRTUAL" | "STATISTICS" | "LANGUAGE" | "TEXT" | "FOREIGN" | "CONVERSION" | "ACCESS" | "TRANSFORM" | "GROUP"
            | "TABLESPACE" | "LOGFILE" | "ROUTINE" | "PACKAGE" | "SYNONYM" | "SPATIAL" | "RESOURCE" | "INSTANCE" | "PROPERTY"
            | "DEFAULT" | "ALGORITHM" | "DEFINER"
    )
}
