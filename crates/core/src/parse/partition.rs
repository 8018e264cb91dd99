//! Partitioning clauses, read by hand from the tokens (sqlparser reads PostgreSQL's `PARTITION BY`
//! as a function call and MySQL's not at all): `PARTITION BY` of a CREATE TABLE (PostgreSQL
//! declarative partitioning; MySQL/MariaDB RANGE/LIST [COLUMNS], [LINEAR] HASH/KEY, `PARTITIONS n`,
//! `SUBPARTITION BY`, inline partition definitions), a partition's bound (`FOR VALUES ...` /
//! `DEFAULT`) after `PARTITION OF` or `ATTACH PARTITION`, and MySQL's `ALTER TABLE ... PARTITION
//! BY` / `REMOVE PARTITIONING`.
//!
//! Contract: never panics; text is kept as written with whitespace squashed; a clause that does
//! not read returns `None` (the caller leaves the table unpartitioned and says so).

use super::lex::{lex, skip_words, Tok, Token};
use super::lower::{Builder, Ctx};
use super::naming;
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::model::{IndexPart, PartitionBy, PartitionDef, PartitionStrategy};

/// The source text of tokens `a..=b`, whitespace squashed.
fn text(stmt: &str, toks: &[Token], a: usize, b: usize) -> String {
    let (Some(s), Some(e)) = (toks.get(a), toks.get(b)) else { return String::new() };
    squash(stmt.get(s.start..e.end).unwrap_or(""))
}

pub(super) fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Index of the first top-level (outside parentheses) `PARTITION <second>` at or after `from`.
pub(super) fn find_top(toks: &[Token], from: usize, second: &str) -> Option<usize> {
    let mut depth = 0i32;
    for i in from..toks.len() {
        let t = &toks[i];
        if t.is_punct('(') {
            depth += 1;
        } else if t.is_punct(')') {
            depth -= 1;
        } else if depth == 0 && t.is("PARTITION") && toks.get(i + 1).is_some_and(|n| n.is(second)) {
            return Some(i);
        }
    }
    None
}

/// Key parts between `(` at `open` and its `)`: a lone (quoted) identifier is a column, anything
/// else an expression as written; PostgreSQL's trailing operator class is kept apart.
fn key_parts(stmt: &str, toks: &[Token], open: usize, close: usize, dialect: Dialect) -> Vec<IndexPart> {
    let mut parts = Vec::new();
    let mut depth = 0;
    let mut s = open + 1;
    for i in open + 1..=close {
        let t = &toks[i];
        if t.is_punct('(') {
            depth += 1;
            continue;
        }
        if t.is_punct(')') && depth > 0 {
            depth -= 1;
            continue;
        }
        if depth == 0 && (t.is_punct(',') || i == close) {
            if s < i {
                parts.push(key_part(stmt, &toks[s..i], dialect));
            }
            s = i + 1;
        }
    }
    parts
}

fn key_part(stmt: &str, t: &[Token], dialect: Dialect) -> IndexPart {
    let ident = |x: &Token| match &x.tok {
        Tok::Word(w) => Some(naming::fold(dialect, w, false)),
        Tok::Quoted(q) => Some(naming::fold(dialect, q, true)),
        _ => None,
    };
    let mut p = IndexPart { expression: text(stmt, t, 0, t.len().saturating_sub(1)), ..Default::default() };
    match t {
        // `col`
        [c] => p.column = ident(c),
        // PostgreSQL `col opclass`
        [c, op] if dialect == Dialect::Postgres && matches!(op.tok, Tok::Word(_)) && !op.is("COLLATE") => {
            p.column = ident(c);
            p.opclass = Some(text(stmt, t, 1, 1));
        }
        _ => {}
    }
    if let Some(c) = &p.column {
        p.expression = c.clone();
    }
    p
}

/// `PARTITION BY ...` starting at token `at` (the word PARTITION). Returns the clause and the
/// index of its last token.
pub(super) fn read_partition_by(stmt: &str, toks: &[Token], at: usize, dialect: Dialect) -> Option<(PartitionBy, usize)> {
    let mut i = at + 2;
    let mut pb = PartitionBy::default();
    if toks.get(i)?.is("LINEAR") {
        pb.linear = true;
        i += 1;
    }
    pb.strategy = match toks.get(i)? {
        t if t.is("RANGE") => PartitionStrategy::Range,
        t if t.is("LIST") => PartitionStrategy::List,
        t if t.is("HASH") => PartitionStrategy::Hash,
        t if t.is("KEY") && dialect == Dialect::Mysql => PartitionStrategy::Key,
        _ => return None,
    };
    i += 1;
    // MySQL `KEY ALGORITHM=2 (...)`
    if toks.get(i).is_some_and(|t| t.is("ALGORITHM")) {
        i += 3;
    }
    if toks.get(i).is_some_and(|t| t.is("COLUMNS")) {
        pb.columns_form = true;
        i += 1;
    }
    if !toks.get(i)?.is_punct('(') {
        return None;
    }
    let close = super::matching_paren(toks, i)?;
    pb.key = key_parts(stmt, toks, i, close, dialect);
    let mut last = close;
    i = close + 1;
    if dialect != Dialect::Mysql {
        return Some((pb, last));
    }
    if toks.get(i).is_some_and(|t| t.is("PARTITIONS")) {
        pb.count = match &toks.get(i + 1)?.tok {
            Tok::Num(n) => n.parse().ok(),
            _ => None,
        };
        last = i + 1;
        i += 2;
    }
    if toks.get(i).is_some_and(|t| t.is("SUBPARTITION")) && toks.get(i + 1).is_some_and(|t| t.is("BY")) {
        let s = i;
        let mut j = i + 2;
        while j < toks.len() && !toks[j].is_punct('(') {
            j += 1;
        }
        let mut e = super::matching_paren(toks, j)?;
        if toks.get(e + 1).is_some_and(|t| t.is("SUBPARTITIONS")) {
            e += 2;
        }
        pb.subpartition = Some(text(stmt, toks, s, e));
        last = e;
        i = e + 1;
    }
    if toks.get(i).is_some_and(|t| t.is_punct('(')) && toks.get(i + 1).is_some_and(|t| t.is("PARTITION")) {
        let close = super::matching_paren(toks, i)?;
        pb.partitions = partition_defs(stmt, toks, i, close, dialect);
        last = close;
    }
    Some((pb, last))
}

/// `(PARTITION p0 VALUES LESS THAN (10) ENGINE = InnoDB, PARTITION p1 VALUES IN (1, 2), ...)`.
fn partition_defs(stmt: &str, toks: &[Token], open: usize, close: usize, dialect: Dialect) -> Vec<PartitionDef> {
    let mut out = Vec::new();
    let mut i = open + 1;
    while i < close {
        if !toks[i].is("PARTITION") {
            i += 1;
            continue;
        }
        let name = match toks.get(i + 1).map(|t| &t.tok) {
            Some(Tok::Word(w)) => naming::fold(dialect, w, false),
            Some(Tok::Quoted(q)) => naming::fold(dialect, q, true),
            _ => break,
        };
        let mut j = i + 2;
        let mut bound = String::new();
        if toks.get(j).is_some_and(|t| t.is("VALUES")) {
            let mut k = j + 1;
            while k < close && (toks[k].is("LESS") || toks[k].is("THAN") || toks[k].is("IN")) {
                k += 1;
            }
            let end = if toks.get(k).is_some_and(|t| t.is_punct('(')) { super::matching_paren(toks, k).unwrap_or(k) } else { k };
            bound = text(stmt, toks, j, end.min(close - 1));
            j = end + 1;
        }
        out.push(PartitionDef { name, bound });
        // Skip options (ENGINE = x, COMMENT 'y', subpartition lists) to the next top-level comma.
        let mut depth = 0;
        while j < close {
            let t = &toks[j];
            if t.is_punct('(') {
                depth += 1;
            } else if t.is_punct(')') {
                depth -= 1;
            } else if t.is_punct(',') && depth == 0 {
                break;
            }
            j += 1;
        }
        i = j + 1;
    }
    out
}

/// A partition bound at token `i`: `FOR VALUES {FROM (..) TO (..) | IN (..) | WITH (..)}` or
/// `DEFAULT`. Returns the text and the index of its last token.
pub(super) fn read_bound(stmt: &str, toks: &[Token], i: usize) -> Option<(String, usize)> {
    let t = toks.get(i)?;
    if t.is("DEFAULT") {
        return Some(("DEFAULT".to_string(), i));
    }
    if !(t.is("FOR") && toks.get(i + 1)?.is("VALUES")) {
        return None;
    }
    let mut j = i + 2;
    let mut last = j;
    loop {
        let w = toks.get(j)?;
        if !(w.is("FROM") || w.is("TO") || w.is("IN") || w.is("WITH")) || !toks.get(j + 1)?.is_punct('(') {
            break;
        }
        last = super::matching_paren(toks, j + 1)?;
        j = last + 1;
        if !toks.get(j).is_some_and(|t| t.is("TO")) {
            break;
        }
    }
    (last > i + 2).then(|| (text(stmt, toks, i, last), last))
}

/// The byte ranges (in `stmt`) of a CREATE TABLE's top-level `PARTITION BY` clause and of a
/// `PARTITION OF`'s bound, with what they say: blanking them leaves a statement sqlparser reads.
pub(super) struct CreateTableParts {
    pub partition_by: Option<(PartitionBy, usize, usize)>,
    pub bound: Option<String>,
}

pub(super) fn create_table_parts(stmt: &str, toks: &[Token], dialect: Dialect) -> CreateTableParts {
    let mut out = CreateTableParts { partition_by: None, bound: None };
    if dialect == Dialect::Sqlite {
        return out;
    }
    if let Some(at) = find_top(toks, 0, "BY") {
        if let Some((pb, last)) = read_partition_by(stmt, toks, at, dialect) {
            out.partition_by = Some((pb, toks[at].start, toks[last].end));
        }
    }
    if let Some(of) = find_top(toks, 0, "OF") {
        // PARTITION OF parent [ ( constraints ) ] bound
        let mut j = of + 2;
        while toks.get(j).is_some_and(|t| matches!(t.tok, Tok::Word(_) | Tok::Quoted(_)) || t.is_punct('.')) && !toks[j].is("FOR") && !toks[j].is("DEFAULT") {
            j += 1;
        }
        if toks.get(j).is_some_and(|t| t.is_punct('(')) {
            j = super::matching_paren(toks, j).map_or(j, |c| c + 1);
        }
        out.bound = read_bound(stmt, toks, j).map(|(b, _)| b);
    }
    out
}

/// A statement worth the partition readers: a CREATE TABLE mentioning PARTITION.
pub(super) fn mentions_partition(stmt: &str) -> bool {
    let head = stmt.trim_start().get(..6).unwrap_or("");
    head.eq_ignore_ascii_case("CREATE") && stmt.as_bytes().windows(9).any(|w| w.eq_ignore_ascii_case(b"PARTITION"))
}

/// CREATE TABLE with a partitioning clause: the clause is read here and blanked (offsets kept)
/// for the ordinary reader, then set on the table that statement created.
pub(super) fn create_table(b: &mut Builder, stmt: &str, head: &[Token], ctx: &Ctx) {
    let toks = lex(stmt, b.dialect, 1 << 20);
    let is_table = toks.iter().take(8).any(|t| t.is("TABLE"));
    let parts = create_table_parts(stmt, &toks, b.dialect);
    let mut text = stmt.to_string();
    if let (true, Some((_, s, e))) = (is_table, &parts.partition_by) {
        text.replace_range(*s..*e, &" ".repeat(e - s));
    }
    super::sql_statement(b, &text, head, ctx);
    if !is_table {
        return;
    }
    let Some(t) = b.schema.tables.iter_mut().rev().find(|t| t.span.start == ctx.start) else { return };
    if let Some((pb, _, _)) = parts.partition_by {
        t.partition_by = Some(pb);
    }
    if t.partition_of.is_some() {
        t.partition_bound = parts.bound;
    }
}

/// `ALTER TABLE [ONLY] parent ATTACH PARTITION child {FOR VALUES ... | DEFAULT}`.
/// Also `ALTER TABLE parent DETACH PARTITION child [CONCURRENTLY | FINALIZE]` (sqlparser 0.63 cannot
/// read it): the child becomes a table of its own.
pub(super) fn attach_partition(b: &mut Builder, stmt: &str, toks: &[Token], ctx: &Ctx) {
    let mut i = 2;
    i = skip_words(toks, i, &["IF", "EXISTS", "ONLY"]);
    let Some((parent, _)) = super::read_name(b, toks, i) else { return };
    let Some(p) = toks.windows(2).position(|w| (w[0].is("ATTACH") || w[0].is("DETACH")) && w[1].is("PARTITION")) else { return };
    let Some((child, j)) = super::read_name(b, toks, p + 2) else { return };
    if toks[p].is("DETACH") {
        match b.schema.table_mut(&child) {
            Some(t) => {
                t.partition_of = None;
                t.partition_bound = None;
            }
            None => b.diag(ctx, Severity::Warning, format!("DETACH PARTITION: table {child} is not defined (earlier in the script)")),
        }
        return;
    }
    let bound = read_bound(stmt, toks, j).map(|(b, _)| b);
    let parent_q = b.schema.table(&parent).map(|t| t.qualified_name()).unwrap_or(parent.clone());
    match b.schema.table_mut(&child) {
        Some(t) => {
            t.partition_of = Some(parent_q);
            t.partition_bound = bound;
        }
        None => b.diag(ctx, Severity::Warning, format!("ATTACH PARTITION: table {child} is not defined (earlier in the script)")),
    }
}

/// MySQL `ALTER TABLE t PARTITION BY ...` (partitions an existing table) and `ALTER TABLE t REMOVE
/// PARTITIONING`.
pub(super) fn alter_partitioning(b: &mut Builder, stmt: &str, toks: &[Token], ctx: &Ctx) {
    let mut i = 2;
    i = skip_words(toks, i, &["IF", "EXISTS", "ONLY"]);
    let Some((table, _)) = super::read_name(b, toks, i) else { return };
    let new = match find_top(toks, 2, "BY") {
        Some(at) => match read_partition_by(stmt, toks, at, b.dialect) {
            Some((pb, _)) => Some(pb),
            None => {
                b.diag(ctx, Severity::Warning, format!("ALTER TABLE {table} PARTITION BY: the partitioning clause could not be read"));
                return;
            }
        },
        None => None,
    };
    match b.schema.table_mut(&table) {
        Some(t) => t.partition_by = new,
        None => b.diag(ctx, Severity::Warning, format!("ALTER TABLE: table {table} is not defined (earlier in the script)")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pb(sql: &str, d: Dialect) -> PartitionBy {
        let toks = lex(sql, d, 1 << 16);
        let at = find_top(&toks, 0, "BY").expect("PARTITION BY");
        read_partition_by(sql, &toks, at, d).expect("reads").0
    }

    #[test]
    fn postgres_keys() {
        let p = pb("CREATE TABLE m (a int) PARTITION BY RANGE (at, \"Id\", lower(name) text_pattern_ops)", Dialect::Postgres);
        assert_eq!(p.strategy, PartitionStrategy::Range);
        let keys: Vec<(Option<&str>, &str)> = p.key.iter().map(|k| (k.column.as_deref(), k.expression.as_str())).collect();
        assert_eq!(keys, vec![(Some("at"), "at"), (Some("Id"), "Id"), (None, "lower(name) text_pattern_ops")]);
        assert_eq!(pb("CREATE TABLE h (id int) PARTITION BY HASH (id int4_ops)", Dialect::Postgres).key[0].opclass.as_deref(), Some("int4_ops"));
        assert_eq!(pb("create table l (k text) partition by list (k)", Dialect::Postgres).to_string(), "LIST (k)");
    }

    #[test]
    fn mysql_clauses() {
        let p = pb("CREATE TABLE p (id int, y int) ENGINE=InnoDB\n PARTITION BY RANGE (`y`)\n(PARTITION `p0` VALUES LESS THAN (2000) ENGINE = InnoDB,\n PARTITION `pmax` VALUES LESS THAN MAXVALUE ENGINE = InnoDB)", Dialect::Mysql);
        assert_eq!(p.key[0].column.as_deref(), Some("y"));
        assert_eq!(p.partitions, vec![
            PartitionDef { name: "p0".into(), bound: "VALUES LESS THAN (2000)".into() },
            PartitionDef { name: "pmax".into(), bound: "VALUES LESS THAN MAXVALUE".into() },
        ]);
        let l = pb("CREATE TABLE pl (c char(2)) PARTITION BY LIST  COLUMNS(`c`) (PARTITION pa VALUES IN ('a','b'))", Dialect::Mysql);
        assert!(l.columns_form && l.strategy == PartitionStrategy::List);
        assert_eq!(l.partitions[0].bound, "VALUES IN ('a','b')");
        let h = pb("CREATE TABLE ph (id int) PARTITION BY LINEAR HASH (id DIV 2) PARTITIONS 3", Dialect::Mysql);
        assert_eq!((h.linear, h.count, h.key[0].expression.as_str()), (true, Some(3), "id DIV 2"));
        assert_eq!(h.to_string(), "LINEAR HASH (id DIV 2) PARTITIONS 3");
        let k = pb("CREATE TABLE k (id int) PARTITION BY KEY ALGORITHM=2 (id) PARTITIONS 2", Dialect::Mysql);
        assert_eq!((k.strategy, k.count), (PartitionStrategy::Key, Some(2)));
        let s = pb("CREATE TABLE s (id int, d date) PARTITION BY RANGE (YEAR(d)) SUBPARTITION BY HASH (TO_DAYS(d)) SUBPARTITIONS 2 (PARTITION p0 VALUES LESS THAN (1990), PARTITION p1 VALUES LESS THAN MAXVALUE)", Dialect::Mysql);
        assert_eq!(s.subpartition.as_deref(), Some("SUBPARTITION BY HASH (TO_DAYS(d)) SUBPARTITIONS 2"));
        assert_eq!(s.partitions.len(), 2);
    }

    #[test]
    fn detach() {
        let base = "CREATE TABLE m (id int, at date) PARTITION BY RANGE (at);\nCREATE TABLE m_2024 PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n";
        for detach in ["ALTER TABLE m DETACH PARTITION m_2024;", "ALTER TABLE ONLY m DETACH PARTITION m_2024 CONCURRENTLY;", "ALTER TABLE m DETACH PARTITION m_2024 FINALIZE;"] {
            let p = crate::parse::parse(&format!("{base}{detach}\n"), Dialect::Postgres);
            assert!(p.diagnostics.iter().all(|d| d.severity < Severity::Warning), "{detach}: {:?}", p.diagnostics);
            let t = p.schema.tables.iter().find(|t| t.name == "m_2024").expect("the child");
            assert!(t.partition_of.is_none() && t.partition_bound.is_none(), "{detach}");
        }
        let p = crate::parse::parse(&format!("{base}ALTER TABLE m DETACH PARTITION nope;\n"), Dialect::Postgres);
        assert!(p.diagnostics.iter().any(|d| d.message.contains("nope is not defined")), "{:?}", p.diagnostics);
    }

    #[test]
    fn bounds() {
        for (sql, want) in [
            ("CREATE TABLE a PARTITION OF m FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", Some("FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')")),
            ("CREATE TABLE a PARTITION OF l (CONSTRAINT c CHECK (v > 0)) FOR VALUES IN ('a', 'b') PARTITION BY HASH (v)", Some("FOR VALUES IN ('a', 'b')")),
            ("CREATE TABLE a PARTITION OF h FOR VALUES WITH (modulus 2,\n remainder 0)", Some("FOR VALUES WITH (modulus 2, remainder 0)")),
            ("CREATE TABLE public.a PARTITION OF public.l DEFAULT", Some("DEFAULT")),
            ("CREATE TABLE a PARTITION OF l FOR VALUES", None),
        ] {
            let toks = lex(sql, Dialect::Postgres, 1 << 16);
            assert_eq!(create_table_parts(sql, &toks, Dialect::Postgres).bound.as_deref(), want, "{sql}");
        }
    }
}
