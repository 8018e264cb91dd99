//! One ALTER TABLE action (and the column definitions and constraints it adds), read from tokens.

use super::*;

pub(super) const COLUMN_CONSTRAINT_WORDS: &[&str] = &[
    "NOT", "NULL", "DEFAULT", "PRIMARY", "UNIQUE", "REFERENCES", "CHECK", "CONSTRAINT", "GENERATED", "COLLATE", "AUTO_INCREMENT", "AUTOINCREMENT", "COMMENT",
    "ON", "AS", "FIRST", "AFTER", "USING", "CHARACTER", "CHARSET", "KEY", "VISIBLE", "INVISIBLE", "STORED", "VIRTUAL", "IDENTITY", "ALGORITHM", "LOCK",
];

pub(super) fn is_constraint_word(t: &Token) -> bool {
    COLUMN_CONSTRAINT_WORDS.iter().any(|w| t.is(w))
}

/// Reads `name type constraints...` from the cursor to the end of the token slice.
pub(super) fn column_def(r: &mut R) -> ColumnDef {
    let mut c = ColumnDef { name: r.ident().unwrap_or_default(), ..Default::default() };
    // MySQL `CHARACTER SET x` belongs to the type; keep type text up to the first constraint word.
    c.type_text = r.until(is_constraint_word);
    while !r.done() {
        if r.eat_seq(&["NOT", "NULL"]) {
            c.not_null = true;
        } else if r.eat("NULL") {
        } else if r.eat("DEFAULT") {
            let e = r.until(|t| is_constraint_word(t) && !t.is("NULL") && !t.is("AS") && !t.is("ON"));
            c.default = Some(e);
        } else if r.eat_seq(&["PRIMARY", "KEY"]) {
            c.primary_key = true;
            c.not_null = true;
        } else if r.eat("UNIQUE") {
            r.eat("KEY");
            c.unique = true;
        } else if r.eat("REFERENCES") {
            let t = r.qname().unwrap_or_default();
            let cols = r.paren_list();
            c.references = Some(super::super::Reference { table: t, columns: cols, actions: String::new() });
            // ON DELETE/UPDATE actions, MATCH, DEFERRABLE: skip words until a constraint word
            // other than ON.
            while let Some(t) = r.peek() {
                if is_constraint_word(t) && !t.is("ON") && !t.is("NOT") && !t.is("NULL") && !t.is("DEFAULT") {
                    break;
                }
                if t.is("NOT") && r.at(1).is_some_and(|n| n.is("NULL")) {
                    break;
                }
                r.i += 1;
            }
        } else if r.eat("CHECK") {
            let a = r.i;
            r.skip_parens();
            c.check = Some(r.src(a, r.i));
        } else if r.eat("CONSTRAINT") {
            r.ident();
        } else if r.eat("GENERATED") {
            let a = r.i;
            r.until(|t| t.is("AS"));
            let _ = a;
            r.eat("AS");
            if r.is("IDENTITY") {
                c.identity = true;
                r.i += 1;
                r.skip_parens();
            } else {
                r.skip_parens();
                if r.eat("STORED") {
                    c.generated_stored = true;
                }
            }
        } else if r.eat("AS") {
            // MySQL generated column.
            r.skip_parens();
            if r.eat("STORED") {
                c.generated_stored = true;
            }
        } else if r.eat("AUTO_INCREMENT") || r.eat("AUTOINCREMENT") {
            c.identity = true;
        } else if r.eat("FIRST") {
            c.positioned = true;
        } else if r.eat("AFTER") {
            c.positioned = true;
            r.ident();
        } else {
            r.i += 1;
        }
    }
    c
}

pub(super) fn constraint(r: &mut R, name: Option<String>) -> Option<(Option<String>, ConstraintKind, bool)> {
    let kind = if r.eat_seq(&["PRIMARY", "KEY"]) {
        if r.eat_seq(&["USING", "INDEX"]) {
            ConstraintKind::PrimaryKey { columns: vec![], using_index: r.ident() }
        } else {
            ConstraintKind::PrimaryKey { columns: r.paren_list(), using_index: None }
        }
    } else if r.eat("UNIQUE") {
        if r.eat_seq(&["USING", "INDEX"]) {
            ConstraintKind::Unique { columns: vec![], using_index: r.ident() }
        } else {
            r.eat_seq(&["NULLS", "NOT", "DISTINCT"]);
            let _ = r.eat("INDEX") || r.eat("KEY");
            // MySQL: optional index name before the column list.
            if !r.peek().is_some_and(|t| t.is_punct('(')) {
                r.ident();
            }
            ConstraintKind::Unique { columns: r.paren_list(), using_index: None }
        }
    } else if r.eat_seq(&["FOREIGN", "KEY"]) {
        if !r.peek().is_some_and(|t| t.is_punct('(')) {
            r.ident();
        }
        let columns = r.paren_list();
        r.eat("REFERENCES");
        let ref_table = r.qname().unwrap_or_default();
        let ref_columns = r.paren_list();
        ConstraintKind::ForeignKey { columns, ref_table, ref_columns }
    } else if r.eat("CHECK") {
        let a = r.i;
        r.skip_parens();
        let e = r.src(a, r.i);
        ConstraintKind::Check { expression: e.strip_prefix('(').and_then(|x| x.strip_suffix(')')).unwrap_or(&e).trim().to_string() }
    } else if r.eat("EXCLUDE") {
        ConstraintKind::Exclude
    } else if r.eat_seq(&["NOT", "NULL"]) {
        ConstraintKind::NotNull { column: r.ident().unwrap_or_default() }
    } else if r.is("INDEX") || r.is("KEY") || r.is("FULLTEXT") || r.is("SPATIAL") {
        let fulltext = r.eat("FULLTEXT");
        let spatial = r.eat("SPATIAL");
        let _ = r.eat("INDEX") || r.eat("KEY");
        if !r.peek().is_some_and(|t| t.is_punct('(')) {
            r.ident();
        }
        ConstraintKind::Index { columns: r.paren_list(), fulltext, spatial }
    } else {
        return None;
    };
    let mut not_valid = false;
    while let Some(t) = r.peek() {
        if t.is("NOT") && r.at(1).is_some_and(|n| n.is("VALID")) {
            not_valid = true;
            r.i += 2;
            continue;
        }
        r.i += 1;
    }
    Some((name, kind, not_valid))
}

pub(super) fn action(toks: &[Token], text: &str, d: Dialect) -> Action {
    let mut r = R { toks, text, i: 0, d };
    if r.eat("ADD") {
        return add(&mut r, text, d);
    }
    if r.eat("DROP") {
        return drop(&mut r);
    }
    if r.eat("ALTER") {
        return alter_column(&mut r);
    }
    if r.eat("RENAME") {
        return rename(&mut r);
    }
    if r.eat_seq(&["VALIDATE", "CONSTRAINT"]) {
        return Action::ValidateConstraint { name: r.ident().unwrap_or_default() };
    }
    if r.eat("MODIFY") {
        r.eat("COLUMN");
        return Action::Modify { column: column_def(&mut r) };
    }
    if r.eat("CHANGE") {
        r.eat("COLUMN");
        let from = r.ident().unwrap_or_default();
        return Action::Change { from, column: column_def(&mut r) };
    }
    if r.eat("ALGORITHM") {
        r.eat_punct('=');
        return Action::Algorithm(r.src(r.i, r.toks.len()).to_ascii_uppercase());
    }
    if r.eat("LOCK") {
        r.eat_punct('=');
        return Action::Lock(r.src(r.i, r.toks.len()).to_ascii_uppercase());
    }
    if r.is("SET") {
        if r.at(1).is_some_and(|t| t.is("LOGGED") || t.is("UNLOGGED") || t.is("TABLESPACE") || t.is("ACCESS")) {
            return Action::SetRewrite(head(&r));
        }
        if r.at(1).is_some_and(|t| t.is("SCHEMA")) {
            return Action::Other(head(&r));
        }
        return Action::SetStatistics;
    }
    if r.is("RESET") || r.is("CLUSTER") {
        return Action::SetStatistics;
    }
    if r.is("ENABLE") || r.is("DISABLE") || r.is("FORCE") || (r.is("NO") && r.at(1).is_some_and(|t| t.is("FORCE"))) {
        let trigger = r.toks.iter().take(4).any(|t| t.is("TRIGGER"));
        if r.is("FORCE") && r.toks.len() == 1 {
            return Action::TableOption("FORCE".into());
        }
        return Action::Toggle { what: head(&r), trigger };
    }
    if r.eat_seq(&["ATTACH", "PARTITION"]) {
        return Action::AttachPartition { partition: r.qname().unwrap_or_default() };
    }
    if r.eat_seq(&["DETACH", "PARTITION"]) {
        let partition = r.qname().unwrap_or_default();
        let concurrently = r.eat("CONCURRENTLY");
        let finalize = r.eat("FINALIZE");
        return Action::DetachPartition { partition, concurrently, finalize };
    }
    if r.eat_seq(&["OWNER", "TO"]) {
        return Action::OwnerTo;
    }
    if r.is("ENGINE") || r.is("CONVERT") || r.is("DEFAULT") || r.is("CHARACTER") || r.is("CHARSET") || r.is("COLLATE") || r.is("COMMENT")
        || r.is("AUTO_INCREMENT") || r.is("ROW_FORMAT") || r.is("KEY_BLOCK_SIZE")
    {
        return Action::TableOption(head(&r).to_ascii_uppercase());
    }
    Action::Other(head(&r))
}

/// The first words of the action, as written (for what is not modelled).
fn head(r: &R) -> String {
    r.src(0, r.toks.len().min(4))
}

/// `ADD [CONSTRAINT] ...`, `ADD [COLUMN] [IF NOT EXISTS] ...` (after `ADD`).
fn add(r: &mut R, text: &str, d: Dialect) -> Action {
    if r.eat("CONSTRAINT") {
        let name = r.ident();
        return constraint(r, name).map_or_else(|| Action::Other(head(r)), |(n, k, nv)| Action::AddConstraint { name: n, kind: k, not_valid: nv });
    }
    let save = r.i;
    if let Some((n, k, nv)) = constraint(r, None) {
        return Action::AddConstraint { name: n, kind: k, not_valid: nv };
    }
    r.i = save;
    if r.is("PARTITION") {
        return Action::Other("ADD PARTITION".into());
    }
    r.eat("COLUMN");
    let ine = r.eat_seq(&["IF", "NOT", "EXISTS"]);
    // MySQL `ADD COLUMN (a int, b int)`: take the first.
    if r.eat_punct('(') {
        let inner: Vec<Token> = r.toks[r.i..].to_vec();
        let parts = split_commas(&inner);
        let mut rr = R { toks: parts[0], text, i: 0, d };
        return Action::AddColumn { column: column_def(&mut rr), if_not_exists: ine };
    }
    Action::AddColumn { column: column_def(r), if_not_exists: ine }
}

/// `DROP CONSTRAINT | PRIMARY KEY | FOREIGN KEY | INDEX | CHECK | [COLUMN] ...` (after `DROP`).
fn drop(r: &mut R) -> Action {
    if r.eat("CONSTRAINT") {
        let ie = r.eat_seq(&["IF", "EXISTS"]);
        return Action::DropConstraint { name: r.ident().unwrap_or_default(), if_exists: ie };
    }
    if r.eat_seq(&["PRIMARY", "KEY"]) {
        return Action::DropPrimaryKey;
    }
    if r.eat_seq(&["FOREIGN", "KEY"]) {
        return Action::DropForeignKey { name: r.ident().unwrap_or_default() };
    }
    if r.eat("INDEX") || r.eat("KEY") {
        return Action::DropIndex { name: r.ident().unwrap_or_default() };
    }
    if r.eat("CHECK") {
        return Action::DropConstraint { name: r.ident().unwrap_or_default(), if_exists: false };
    }
    if r.is("PARTITION") || r.is("DEFAULT") {
        return Action::Other(head(r));
    }
    r.eat("COLUMN");
    let ie = r.eat_seq(&["IF", "EXISTS"]);
    Action::DropColumn { column: r.ident().unwrap_or_default(), if_exists: ie }
}

/// `ALTER [COLUMN] c TYPE | SET/DROP NOT NULL | SET/DROP DEFAULT | ADD GENERATED | SET ...` (after `ALTER`).
fn alter_column(r: &mut R) -> Action {
    if r.is("CONSTRAINT") || r.is("INDEX") || r.is("CHECK") {
        return Action::Other(head(r));
    }
    r.eat("COLUMN");
    let column = r.ident().unwrap_or_default();
    if r.eat("TYPE") || r.eat_seq(&["SET", "DATA", "TYPE"]) {
        let type_text = r.until(|t| t.is("USING") || t.is("COLLATE"));
        let mut using = None;
        if r.eat("COLLATE") {
            r.ident();
        }
        if r.eat("USING") {
            using = Some(r.src(r.i, r.toks.len()));
        }
        return Action::AlterColumnType { column, type_text, using };
    }
    if r.eat_seq(&["SET", "NOT", "NULL"]) {
        return Action::SetNotNull { column };
    }
    if r.eat_seq(&["DROP", "NOT", "NULL"]) {
        return Action::DropNotNull { column };
    }
    if r.eat_seq(&["SET", "DEFAULT"]) {
        return Action::SetDefault { column, expression: r.src(r.i, r.toks.len()) };
    }
    if r.eat_seq(&["DROP", "DEFAULT"]) {
        return Action::DropDefault { column };
    }
    if r.eat("ADD") && r.is("GENERATED") {
        return Action::AddIdentity { column };
    }
    if r.is("SET") || r.is("RESET") {
        // SET STATISTICS / STORAGE / COMPRESSION / (options), or SET GENERATED / INCREMENT on identity
        return Action::SetStatistics;
    }
    Action::Other(head(r))
}

/// `RENAME TO | CONSTRAINT | INDEX | [COLUMN] ...` (after `RENAME`).
fn rename(r: &mut R) -> Action {
    if r.eat("TO") || r.eat("AS") {
        return Action::RenameTable { to: r.qname().unwrap_or_default() };
    }
    if r.eat("CONSTRAINT") {
        let from = r.ident().unwrap_or_default();
        r.eat("TO");
        return Action::RenameConstraint { from, to: r.ident().unwrap_or_default() };
    }
    if r.eat("INDEX") || r.eat("KEY") {
        let from = r.ident().unwrap_or_default();
        r.eat("TO");
        return Action::RenameIndex { from, to: r.ident().unwrap_or_default() };
    }
    r.eat("COLUMN");
    let from = r.ident().unwrap_or_default();
    r.eat("TO");
    Action::RenameColumn { from, to: r.ident().unwrap_or_default() }
}
