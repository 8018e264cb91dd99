//! The hand-written token reader for the statements sqlparser 0.63 rejects (listed in
//! [`super`]'s doc): it builds the same IR from `lex.rs` tokens. Never panics; unknown forms become
//! [`Op::Other`] / [`Action::Other`].

use super::{Action, ColumnDef, ConstraintKind, DomainAction, Op, ReindexTarget, Relation};
use crate::parse::lex::{lex, Tok, Token};
use crate::parse::naming::fold;
use crate::dialect::Dialect;
use crate::model::QualifiedName;

mod alter_action;
mod reader;

use alter_action::action;
use reader::{qname_list, split_commas, R};

/// Recognises one statement (`stmt` is its text, comments included).
/// A statement the IR does not model: its first words (up to three, upper-cased).
pub(super) fn other(stmt: &str, dialect: Dialect) -> Op {
    let toks = lex(stmt, dialect, 3);
    Op::Other(toks.iter().filter_map(|t| if let Tok::Word(w) = &t.tok { Some(w.to_ascii_uppercase()) } else { None }).collect::<Vec<_>>().join(" "))
}

pub(super) fn recognise(stmt: &str, dialect: Dialect) -> Op {
    let toks = lex(stmt, dialect, 1 << 16);
    let mut r = R { toks: &toks, text: stmt, i: 0, d: dialect };
    let words: Vec<String> = toks.iter().take(3).map(|t| match &t.tok {
        Tok::Word(w) => w.to_ascii_uppercase(),
        _ => String::new(),
    }).collect();
    let other = |n: usize| Op::Other(words.iter().take(n).filter(|w| !w.is_empty()).cloned().collect::<Vec<_>>().join(" "));
    let Some(first) = words.first() else { return Op::Other(String::new()) };
    match first.as_str() {
        "BEGIN" | "START" => Op::Begin,
        "COMMIT" | "END" => Op::Commit { chain: toks.windows(2).any(|w| w[0].is("AND") && w[1].is("CHAIN")) },
        "ROLLBACK" | "ABORT" if !toks.iter().any(|t| t.is("TO")) => Op::Rollback { chain: toks.windows(2).any(|w| w[0].is("AND") && w[1].is("CHAIN")) },
        "SET" => {
            r.i = 1;
            let local = r.eat("LOCAL");
            r.eat("SESSION");
            // the whole dotted name: `foo.lock_timeout` is not lock_timeout
            let start = r.i;
            while r.peek().is_some_and(|t| !t.is_punct('=') && !t.is("TO")) {
                r.i += 1;
            }
            let name = r.src(start, r.i).to_ascii_lowercase().replace([' ', '"'], "");
            let _ = r.eat_punct('=') || r.eat("TO");
            let value = r.src(r.i, toks.len());
            Op::Set { name, value: value.trim_matches('\'').to_string(), local }
        }
        "TRUNCATE" => {
            r.i = 1;
            r.eat("TABLE");
            r.eat("ONLY");
            let tables = qname_list(&mut r);
            Op::Truncate { tables, cascade: toks.iter().any(|t| t.is("CASCADE")) }
        }
        "UPDATE" | "DELETE" | "INSERT" | "MERGE" | "REPLACE" => {
            r.i = 1;
            let _ = r.eat("FROM") || r.eat("INTO");
            r.eat("ONLY");
            Op::Dml { verb: first.clone(), table: r.qname() }
        }
        "VACUUM" if toks.iter().take(4).any(|t| t.is("FULL")) => {
            let table = toks.iter().rposition(|t| matches!(t.tok, Tok::Word(_) | Tok::Quoted(_))).filter(|&p| p > 0 && !toks[p].is("FULL")).and_then(|p| {
                r.i = p;
                r.qname()
            });
            Op::Rewrite { verb: "VACUUM FULL", table }
        }
        "CLUSTER" => {
            r.i = 1;
            r.eat("VERBOSE");
            Op::Rewrite { verb: "CLUSTER", table: r.qname() }
        }
        "REINDEX" => {
            r.i = 1;
            // `REINDEX (CONCURRENTLY [true|false|on|off|1|0], VERBOSE) ...`
            let mut concurrently = false;
            if r.peek().is_some_and(|t| t.is_punct('(')) {
                let open = r.i;
                r.skip_parens();
                let opts = &toks[open..r.i];
                if let Some(k) = opts.iter().position(|t| t.is("CONCURRENTLY")) {
                    concurrently = !opts.get(k + 1).is_some_and(|v| match &v.tok {
                        Tok::Word(w) | Tok::Str(w) | Tok::Num(w) => matches!(w.to_ascii_lowercase().as_str(), "false" | "off" | "0" | "no"),
                        _ => false,
                    });
                }
            }
            let target = if r.eat("TABLE") {
                ReindexTarget::Table
            } else if r.eat("INDEX") {
                ReindexTarget::Index
            } else if r.eat("SCHEMA") {
                ReindexTarget::Schema
            } else if r.eat("DATABASE") {
                ReindexTarget::Database
            } else if r.eat("SYSTEM") {
                ReindexTarget::System
            } else {
                ReindexTarget::Table
            };
            concurrently |= r.eat("CONCURRENTLY");
            Op::Reindex { target, name: r.qname(), concurrently }
        }
        "RESET" => {
            r.i = 1;
            let start = r.i;
            r.i = toks.len();
            Op::Reset { name: r.src(start, r.i).to_ascii_lowercase().replace([' ', '"'], "") }
        }
        "REFRESH" => Op::RefreshMatView { concurrently: toks.iter().any(|t| t.is("CONCURRENTLY")) },
        "LOCK" => {
            r.i = 1;
            r.eat("TABLE");
            r.eat("ONLY");
            let tables = qname_list(&mut r);
            let mode = if r.eat("IN") { r.until(|t| t.is("MODE") || t.is("NOWAIT")).to_ascii_uppercase() } else { "ACCESS EXCLUSIVE".into() };
            Op::LockTable { tables, mode }
        }
        "RENAME" if words.get(1).is_some_and(|w| w == "TABLE") => {
            r.i = 2;
            let mut pairs = Vec::new();
            while let Some(a) = r.qname() {
                r.eat("TO");
                let Some(b) = r.qname() else { break };
                pairs.push((a, b));
                if !r.eat_punct(',') {
                    break;
                }
            }
            Op::RenameTables { pairs }
        }
        // `SELECT ... INTO [TEMP] t FROM ...` creates a table (PostgreSQL).
        "SELECT" if dialect == Dialect::Postgres => {
            let into = toks.iter().position(|t| t.is("INTO"));
            let from = toks.iter().position(|t| t.is("FROM")).unwrap_or(usize::MAX);
            match into.filter(|&p| p < from) {
                Some(p) => {
                    r.i = p + 1;
                    while r.eat("TEMP") || r.eat("TEMPORARY") || r.eat("UNLOGGED") || r.eat("TABLE") {}
                    match r.qname() {
                        Some(name) => Op::CreateTable { name, if_not_exists: false, as_select: true, references: Vec::new(), temporary: toks[p..].iter().take(3).any(|t| t.is("TEMP") || t.is("TEMPORARY")), on_commit_drop: false },
                        None => other(1),
                    }
                }
                None => other(1),
            }
        }
        "COMMENT" => Op::Comment { table: None },
        "CREATE" => create(&mut r, &words),
        "DROP" => drop(&mut r, &words),
        "ALTER" => alter(&mut r, stmt, &words),
        _ => other(2),
    }
}

fn create(r: &mut R, words: &[String]) -> Op {
    r.i = 1;
    let _ = r.eat_seq(&["OR", "REPLACE"]);
    let unique = r.eat("UNIQUE");
    let _ = r.eat("FULLTEXT") || r.eat("SPATIAL");
    let _ = r.eat("ONLINE") || r.eat("OFFLINE");
    if r.eat("INDEX") {
        let concurrently = r.eat("CONCURRENTLY");
        let if_not_exists = r.eat_seq(&["IF", "NOT", "EXISTS"]);
        let name = if r.is("ON") { None } else { r.ident() };
        // MySQL `CREATE INDEX i USING BTREE ON t`.
        if r.eat("USING") {
            r.ident();
        }
        r.eat("ON");
        r.eat("ONLY");
        let table = r.qname().unwrap_or_default();
        if r.eat("USING") {
            r.ident();
        }
        let columns = r.paren_list();
        let mut algorithm = None;
        while let Some(t) = r.peek() {
            if t.is("ALGORITHM") {
                r.i += 1;
                r.eat_punct('=');
                algorithm = r.ident().map(|a| a.to_ascii_uppercase());
                continue;
            }
            r.i += 1;
        }
        return Op::CreateIndex { name, table, unique, concurrently, if_not_exists, columns, algorithm };
    }
    // CREATE [GLOBAL|LOCAL] [TEMP|TEMPORARY|UNLOGGED] TABLE
    let mut temporary = false;
    loop {
        if r.eat("TEMP") || r.eat("TEMPORARY") {
            temporary = true;
        } else if !(r.eat("GLOBAL") || r.eat("LOCAL") || r.eat("UNLOGGED")) {
            break;
        }
    }
    if r.eat("TABLE") {
        let if_not_exists = r.eat_seq(&["IF", "NOT", "EXISTS"]);
        let name = r.qname().unwrap_or_default();
        let start = r.i;
        let mut references = Vec::new();
        let mut as_select = false;
        let mut k = start;
        while k < r.toks.len() {
            if r.toks[k].is("REFERENCES") {
                r.i = k + 1;
                if let Some(q) = r.qname() {
                    references.push(q);
                }
                k = r.i;
                continue;
            }
            if k == start && r.toks[k].is("AS") {
                as_select = true;
            }
            k += 1;
        }
        let on_commit_drop = r.toks.windows(3).any(|w| w[0].is("ON") && w[1].is("COMMIT") && w[2].is("DROP"));
        return Op::CreateTable { name, if_not_exists, as_select, references, temporary, on_commit_drop };
    }
    if r.eat("TRIGGER") || (r.eat("CONSTRAINT") && r.eat("TRIGGER")) {
        let on = r.toks.iter().position(|t| t.is("ON"));
        let table = on.and_then(|p| {
            r.i = p + 1;
            r.qname()
        });
        return Op::CreateTrigger { table };
    }
    let _ = r.eat("TEMP") || r.eat("TEMPORARY");
    if r.eat("VIEW") {
        r.eat_seq(&["IF", "NOT", "EXISTS"]);
        if let Some(name) = r.qname() {
            return Op::CreateView { name };
        }
    }
    if r.eat("DOMAIN") {
        let name = r.qname().unwrap_or_default();
        let constraints = r.toks[r.i..].iter().any(|t| t.is("CHECK") || t.is("CONSTRAINT") || t.is("NOT") || t.is("NULL"));
        return Op::CreateDomain { name, constraints };
    }
    Op::Other(words.iter().take(3).filter(|w| !w.is_empty()).cloned().collect::<Vec<_>>().join(" "))
}

fn drop(r: &mut R, words: &[String]) -> Op {
    r.i = 1;
    if r.eat("INDEX") {
        let concurrently = r.eat("CONCURRENTLY");
        let if_exists = r.eat_seq(&["IF", "EXISTS"]);
        let names = qname_list(r);
        let table = if r.eat("ON") { r.qname() } else { None };
        return Op::DropIndex { names, concurrently, if_exists, table };
    }
    let _ = r.eat("TEMPORARY");
    if r.eat("TABLE") {
        let if_exists = r.eat_seq(&["IF", "EXISTS"]);
        let names = qname_list(r);
        return Op::DropTable { names, if_exists, cascade: r.eat("CASCADE") };
    }
    if r.eat("TYPE") {
        let if_exists = r.eat_seq(&["IF", "EXISTS"]);
        return Op::DropType { names: qname_list(r), if_exists };
    }
    if r.eat("TRIGGER") {
        let if_exists = r.eat_seq(&["IF", "EXISTS"]);
        r.ident();
        let table = if r.eat("ON") { r.qname() } else { None };
        return Op::DropTrigger { table, if_exists };
    }
    if r.eat("DATABASE") {
        r.eat_seq(&["IF", "EXISTS"]);
        return Op::DropDatabase { name: r.ident().unwrap_or_default() };
    }
    if r.eat("SCHEMA") {
        r.eat_seq(&["IF", "EXISTS"]);
        let name = r.ident().unwrap_or_default();
        return Op::DropSchema { name, cascade: r.toks.iter().any(|t| t.is("CASCADE")) };
    }
    Op::Other(words.iter().take(2).filter(|w| !w.is_empty()).cloned().collect::<Vec<_>>().join(" "))
}

fn alter(r: &mut R, stmt: &str, words: &[String]) -> Op {
    r.i = 1;
    let relation = if r.eat("TABLE") {
        Some(Relation::Table)
    } else if r.eat_seq(&["FOREIGN", "TABLE"]) {
        Some(Relation::ForeignTable)
    } else if r.eat("VIEW") || r.eat_seq(&["MATERIALIZED", "VIEW"]) {
        Some(Relation::View)
    } else {
        None
    };
    if let Some(relation) = relation {
        let if_exists = r.eat_seq(&["IF", "EXISTS"]);
        r.eat("ONLY");
        let table = r.qname().unwrap_or_default();
        r.eat_punct('*');
        let rest = &r.toks[r.i..];
        let actions = if rest.is_empty() {
            Vec::new()
        } else {
            split_commas(rest).into_iter().filter(|p| !p.is_empty()).map(|p| action(p, stmt, r.d)).collect()
        };
        return Op::AlterTable { table, if_exists, actions, relation };
    }
    if r.eat("TYPE") {
        let type_name = r.qname().unwrap_or_default();
        // composite types: ADD/DROP/ALTER/RENAME ATTRIBUTE read like columns
        if r.toks.iter().skip(r.i).take(3).any(|t| t.is("ATTRIBUTE")) {
            let rest: Vec<Token> = r.toks[r.i..].iter().filter(|t| !t.is("ATTRIBUTE")).cloned().collect();
            let actions = split_commas(&rest).into_iter().filter(|p| !p.is_empty()).map(|p| action(p, stmt, r.d)).collect();
            return Op::AlterTable { table: type_name, if_exists: false, actions, relation: Relation::CompositeType };
        }
        if r.eat_seq(&["ADD", "VALUE"]) {
            let if_not_exists = r.eat_seq(&["IF", "NOT", "EXISTS"]);
            let value = match r.peek().map(|t| &t.tok) {
                Some(Tok::Str(s)) => s.clone(),
                _ => String::new(),
            };
            let positioned = r.toks.iter().any(|t| t.is("BEFORE") || t.is("AFTER"));
            return Op::AlterTypeAddValue { type_name, value, positioned, if_not_exists };
        }
        return Op::Other("ALTER TYPE".into());
    }
    if r.eat("DOMAIN") {
        let name = r.qname().unwrap_or_default();
        let action = if r.eat("ADD") {
            DomainAction::AddConstraint { not_valid: r.toks.windows(2).any(|w| w[0].is("NOT") && w[1].is("VALID")) }
        } else if r.eat_seq(&["SET", "NOT", "NULL"]) {
            DomainAction::SetNotNull
        } else if r.eat("VALIDATE") {
            DomainAction::ValidateConstraint
        } else {
            DomainAction::Other
        };
        return Op::AlterDomain { name, action };
    }
    if r.eat("INDEX") {
        r.eat_seq(&["IF", "EXISTS"]);
        let from = r.qname().unwrap_or_default();
        if r.eat_seq(&["RENAME", "TO"]) {
            return Op::AlterIndexRename { from, to: r.ident().unwrap_or_default() };
        }
        return Op::Other("ALTER INDEX".into());
    }
    Op::Other(words.iter().take(2).filter(|w| !w.is_empty()).cloned().collect::<Vec<_>>().join(" "))
}
