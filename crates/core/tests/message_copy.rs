//! Copy check (issue 22 item 6): every message template the engine fills in, walked with sample
//! values, must not say a word or phrase twice in a row ("is timestamp without time zone (without
//! time zone)", "Phase 1: Phase 1 — …").
//!
//! The messages are produced the way a person meets them: every lint rule on its documented bad
//! example, in every dialect it applies to, and on sample schemas spelling each type family every
//! way the parser keeps (`timestamp without time zone`, `character varying`, `double precision`,
//! …); every fix description; every migration rule on its bad example; the differ's plan titles,
//! warnings and questions between every pair of examples; every code generator's warnings; the
//! parser's diagnostics on broken input; and the lint over the corpus's pg_dump files when the
//! corpus is there.

mod common;

use schemaplay_core::codegen::{generate, Target};
use schemaplay_core::lint::{lint, LintConfig, DOCS};
use schemaplay_core::migrate::{self, CheckOptions};
use schemaplay_core::parse::parse;
use schemaplay_core::{examples, Dialect};
use std::collections::BTreeSet;

/// The prose of a message, cut into clauses: quoted text (SQL literals and names, `'it''s'`) is
/// left out, and a clause ends at `,` `;` `||` or a sentence's `.`, so a value that happens to
/// repeat across them ("stores ids in an array; array elements …") is not a doubling. Dotted names
/// (`status.status`) stay one word.
fn clauses(message: &str) -> Vec<Vec<String>> {
    let mut out = vec![Vec::new()];
    let mut word = String::new();
    let cs: Vec<char> = message.chars().collect();
    let mut i = 0;
    let flush = |word: &mut String, out: &mut Vec<Vec<String>>| {
        let w = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        if !w.is_empty() {
            out.last_mut().unwrap().push(w);
        }
        word.clear();
    };
    while i < cs.len() {
        let c = cs[i];
        let prev_alnum = i > 0 && cs[i - 1].is_alphanumeric();
        let next_blank = cs.get(i + 1).is_none_or(|n| n.is_whitespace());
        if matches!(c, '\'' | '"' | '`') && !(c == '\'' && prev_alnum) {
            // skip the quoted run (a doubled quote stays inside it)
            i += 1;
            while i < cs.len() && !(cs[i] == c && cs.get(i + 1) != Some(&c)) {
                i += if cs[i] == c { 2 } else { 1 };
            }
            flush(&mut word, &mut out);
            out.push(Vec::new());
        } else if c == ',' || c == ';' || (c == '.' && next_blank) || (c == '|' && cs.get(i + 1) == Some(&'|')) {
            flush(&mut word, &mut out);
            out.push(Vec::new());
        } else if c.is_whitespace() || "()[]{}".contains(c) {
            flush(&mut word, &mut out);
        } else {
            word.push(c);
        }
        i += 1;
    }
    flush(&mut word, &mut out);
    out
}

/// The first run of words (1 to 6) said twice in a row within a clause, if any.
fn doubled(message: &str) -> Option<String> {
    for words in clauses(message) {
        for n in 1..=6 {
            for i in 0..words.len().saturating_sub(2 * n - 1) {
                if words[i..i + n] == words[i + n..i + 2 * n] && !(n == 1 && words[i].chars().all(|c| c.is_ascii_digit())) {
                    return Some(words[i..i + 2 * n].join(" "));
                }
            }
        }
    }
    None
}

#[test]
fn the_checker_finds_the_known_copy_bugs() {
    assert_eq!(doubled("a.b is timestamp without time zone (without time zone); values …").as_deref(), Some("without time zone without time zone"));
    assert_eq!(doubled("Phase 1: Phase 1 — before deploying").as_deref(), Some("phase 1 phase 1"));
    assert_eq!(doubled("the the table").as_deref(), Some("the the"));
    assert_eq!(doubled("FK orders.user_id → users.id has no index"), None);
    assert_eq!(doubled("version 1.1 of it"), None);
    // values, not prose: names, literals, casts and clauses that happen to repeat a word
    assert_eq!(doubled("Change status.status to text"), None);
    assert_eq!(doubled("t.ids stores ids in an array; array elements cannot"), None);
    assert_eq!(doubled("Enum ('PG', 'PG-13') and 'it''s' 'it''s'"), None);
    assert_eq!(doubled("on (((name)::text || ' '::text) || (nick)::text)"), None);
    assert_eq!(doubled("a (b) is is c").as_deref(), Some("is is"));
}

/// Sample schemas: each type family in every spelling, names that echo their types.
const SAMPLES: &[(&str, Dialect)] = &[
    (
        "CREATE TABLE events (id serial PRIMARY KEY, at timestamp without time zone, at3 timestamp(3) without time zone, \
         plain timestamp, tz timestamptz, name character varying(20), code char(3), price double precision, ratio real, \
         amount float, data json, n int4, big int8, tags text[], user_id int REFERENCES users (id), status varchar(10), \
         created_at timestamp, password text, email text);\n\
         CREATE TABLE users (id int PRIMARY KEY, user_name varchar(255), deleted_at timestamp, updated_at timestamp, tenant_id int);\n\
         CREATE TYPE mood AS ENUM ('sad', 'ok');\n\
         CREATE INDEX events_user ON events (user_id);\nCREATE INDEX events_user2 ON events (user_id);\n",
        Dialect::Postgres,
    ),
    (
        "CREATE TABLE `Orders` (`id` int NOT NULL AUTO_INCREMENT, `total` float, `note` char(40), `status` enum('a','b'), \
         `user_id` int, `created_at` datetime, `data` json, PRIMARY KEY (`id`), \
         CONSTRAINT fk FOREIGN KEY (`user_id`) REFERENCES `users` (`id`)) ENGINE=InnoDB;\n\
         CREATE TABLE users (id int);\n",
        Dialect::Mysql,
    ),
    (
        "CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT, price REAL, owner_id INTEGER REFERENCES owners(id), created DATETIME);\n",
        Dialect::Sqlite,
    ),
];

/// Broken input the parser reports on (its diagnostics are messages too).
const BROKEN: &[(&str, Dialect)] = &[
    ("CREATE TABLE broken (id int,,\nCREATE TABLE ok (id int);\n", Dialect::Postgres),
    ("CREATE TABLE broken (\n  id int,,\n  x int\n);\n", Dialect::Postgres),
    ("CREATE TABLE t (id int PRIMARY KEY REFERENCES nowhere);\nSET x = 1;\nALTER TABLE missing ADD COLUMN a int;\n", Dialect::Postgres),
    ("CREATE TABLE `t` (`id` int,) ENGINE=InnoDB;\n/*!40101 SET NAMES utf8 */;\n", Dialect::Mysql),
    ("this is not sql at all\n", Dialect::Sqlite),
];

struct Messages(BTreeSet<(String, String)>);

impl Messages {
    fn add(&mut self, source: &str, message: &str) {
        self.0.insert((message.to_string(), source.to_string()));
    }

    fn schema(&mut self, source: &str, text: &str, dialect: Dialect) {
        let parsed = parse(text, dialect);
        for d in &parsed.diagnostics {
            self.add(source, &d.message);
        }
        for f in lint(text, &parsed.schema, &LintConfig::default()) {
            self.add(&format!("{source} [{}]", f.rule), &f.message);
            if let Some(fix) = &f.fix {
                self.add(&format!("{source} [{} fix]", f.rule), &fix.description);
            }
        }
        for target in [Target::Prisma, Target::Drizzle, Target::Sql(Dialect::Postgres), Target::Sql(Dialect::Mysql), Target::Sql(Dialect::Sqlite), Target::Mermaid, Target::Dbml, Target::TypeScript, Target::Zod] {
            for w in generate(&parsed.schema, target).warnings {
                self.add(&format!("{source} [{}]", target.id()), &w);
            }
        }
    }
}

#[test]
fn no_message_says_a_word_or_phrase_twice() {
    let mut m = Messages(BTreeSet::new());
    for r in DOCS {
        for &d in r.dialects {
            m.schema(&format!("rule {} bad ({})", r.id, d.id()), r.bad, d);
        }
    }
    for (i, (text, d)) in SAMPLES.iter().chain(BROKEN).enumerate() {
        m.schema(&format!("sample {i}"), text, *d);
    }
    for ex in examples::ALL {
        m.schema(&format!("example {}", ex.id), ex.sql, ex.dialect);
    }
    for rule in migrate::rules() {
        let base = parse(rule.base, rule.dialects[0]).schema;
        let report = migrate::check(&base, rule.bad, rule.dialects[0], &CheckOptions::default());
        for (s, f) in report.findings() {
            m.add(&format!("migration rule {} (line {})", rule.id, s.line), &f.message);
        }
        for d in &report.diagnostics {
            m.add(&format!("migration rule {}", rule.id), &d.message);
        }
    }
    // The differ's plans between every pair of examples of one dialect (phase titles included).
    for old in examples::ALL {
        for new in examples::ALL.iter().filter(|n| n.dialect == old.dialect && n.id != old.id) {
            let (a, b) = (parse(old.sql, old.dialect).schema, parse(new.sql, new.dialect).schema);
            for safe in [true, false] {
                let opts = migrate::diff::DiffOptions { safe, ..Default::default() };
                let plan = migrate::diff::diff(&a, &b, old.dialect, &opts);
                let src = format!("plan {} → {}", old.id, new.id);
                for p in &plan.phases {
                    m.add(&src, &p.title);
                }
                for w in &plan.warnings {
                    m.add(&src, w);
                }
            }
        }
    }
    // The corpus's pg_dumps, when the corpus is there (tests/corpus.rs requires it).
    let dumps = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/postgres/pgdump");
    let mut files = Vec::new();
    common::files_below(&dumps, Some("sql"), &mut files);
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        m.schema(&path.file_name().unwrap_or_default().to_string_lossy(), &text, Dialect::Postgres);
    }
    assert!(m.0.len() > 300, "{} distinct messages walked", m.0.len());
    let bad: Vec<String> = m.0.iter().filter_map(|(msg, src)| doubled(msg).map(|d| format!("{src}: \"{d}\" in: {msg}"))).collect();
    assert!(bad.is_empty(), "{} messages repeat themselves:\n{}", bad.len(), bad.join("\n"));
}
