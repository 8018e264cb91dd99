//! sqlparser's AST → the migration IR ([`Op`]).

use super::{Action, ColumnDef, ConstraintKind, Op};
use crate::dialect::Dialect;
use crate::model::QualifiedName;
use crate::parse::lower::lower_type;
use crate::parse::naming::fold;
use sqlparser::ast::{
    self, AlterColumnOperation, AlterTableOperation, ColumnOption, Expr, Ident, ObjectName, ObjectNamePart, ObjectType, Statement, TableConstraint,
    TableFactor,
};

struct Names(Dialect);

impl Names {
    fn ident(&self, i: &Ident) -> String {
        fold(self.0, &i.value, i.quote_style.is_some())
    }

    fn parts(&self, n: &ObjectName) -> Vec<String> {
        n.0.iter()
            .map(|p| match p {
                ObjectNamePart::Identifier(i) => self.ident(i),
                ObjectNamePart::Function(f) => self.ident(&f.name),
            })
            .collect()
    }

    /// `a`, `s.a` (`db.s.a` keeps the last two parts).
    fn q(&self, n: &ObjectName) -> QualifiedName {
        let mut parts = self.parts(n);
        let name = parts.pop().unwrap_or_default();
        QualifiedName::new(parts.pop(), name)
    }

    fn cols(&self, ids: &[Ident]) -> Vec<String> {
        ids.iter().map(|i| self.ident(i)).collect()
    }

    /// Index column: the column name, or the expression's text.
    fn index_cols(&self, cols: &[ast::IndexColumn]) -> Vec<String> {
        cols.iter()
            .map(|c| match &c.column.expr {
                Expr::Identifier(i) => self.ident(i),
                e => e.to_string(),
            })
            .collect()
    }

    fn table_factor(&self, t: &TableFactor) -> Option<QualifiedName> {
        match t {
            TableFactor::Table { name, .. } => Some(self.q(name)),
            _ => None,
        }
    }
}

/// What the AST says about a statement.
pub enum Read {
    Op(Op),
    /// A statement the IR does not model.
    NotModelled,
    /// sqlparser accepted the text but read it wrongly (`DROP INDEX CONCURRENTLY` as an index
    /// named `concurrently`): the token reader reads it.
    Misread,
}

/// The IR of one parsed statement.
pub fn read(s: &Statement, dialect: Dialect) -> Read {
    match op(s, dialect) {
        Some(Some(o)) => Read::Op(o),
        Some(None) => Read::Misread,
        None => Read::NotModelled,
    }
}

/// `Some(None)`: misread.
fn op(s: &Statement, dialect: Dialect) -> Option<Option<Op>> {
    let n = Names(dialect);
    Some(Some(match s {
        Statement::AlterTable(at) => match alter_table(&n, at) {
            Some(o) => o,
            None => return Some(None),
        },
        Statement::CreateTable(ct) => create_table(&n, ct),
        Statement::Query(q) => select_into(&n, q, dialect)?,
        Statement::CreateIndex(ci) => {
            let algorithm = ci.alter_options.iter().find_map(|o| match o {
                AlterTableOperation::Algorithm { algorithm, .. } => Some(algorithm.to_string().to_ascii_uppercase()),
                _ => None,
            });
            Op::CreateIndex {
                name: ci.name.as_ref().map(|x| n.q(x).name),
                table: n.q(&ci.table_name),
                unique: ci.unique,
                concurrently: ci.concurrently,
                if_not_exists: ci.if_not_exists,
                columns: n.index_cols(&ci.columns),
                algorithm,
            }
        }
        Statement::Drop { object_type, if_exists, names, cascade, table, .. } => {
            let qs: Vec<QualifiedName> = names.iter().map(|x| n.q(x)).collect();
            match object_type {
                // sqlparser 0.63 has no DROP INDEX CONCURRENTLY and reads a lone `CONCURRENTLY` as
                // the index name: leave that to the token reader.
                ObjectType::Index if names.iter().any(|x| x.to_string().eq_ignore_ascii_case("concurrently")) => return Some(None),
                ObjectType::Index => Op::DropIndex { names: qs, concurrently: false, if_exists: *if_exists, table: table.as_ref().map(|t| n.q(t)) },
                ObjectType::Table => Op::DropTable { names: qs, if_exists: *if_exists, cascade: *cascade },
                ObjectType::Type => Op::DropType { names: qs, if_exists: *if_exists },
                ObjectType::Database => Op::DropDatabase { name: qs.first().map(|q| q.name.clone()).unwrap_or_default() },
                ObjectType::Schema => Op::DropSchema { name: qs.first().map(|q| q.name.clone()).unwrap_or_default(), cascade: *cascade },
                _ => return None,
            }
        }
        Statement::DropTrigger(d) => Op::DropTrigger { table: d.table_name.as_ref().map(|t| n.q(t)), if_exists: d.if_exists },
        Statement::Truncate(t) => Op::Truncate {
            tables: t.table_names.iter().map(|x| n.q(&x.name)).collect(),
            cascade: matches!(t.cascade, Some(ast::CascadeOption::Cascade)),
        },
        Statement::Set(ast::Set::SingleAssignment { scope, variable, values, .. }) => {
            let name = n.parts(variable).join(".").to_ascii_lowercase();
            let value = values.iter().map(|v| match v {
                Expr::Value(v) => match &v.value {
                    ast::Value::SingleQuotedString(s) => s.clone(),
                    other => other.to_string(),
                },
                e => e.to_string(),
            });
            Op::Set { name, value: value.collect::<Vec<_>>().join(", "), local: matches!(scope, Some(ast::ContextModifier::Local)) }
        }
        Statement::Reset(r) => Op::Reset {
            name: match &r.reset {
                ast::Reset::ALL => "all".into(),
                ast::Reset::ConfigurationParameter(p) => n.parts(p).join(".").to_ascii_lowercase(),
                ast::Reset::SessionAuthorization => "session authorization".into(),
            },
        },
        Statement::StartTransaction { .. } => Op::Begin,
        Statement::Commit { chain, .. } => Op::Commit { chain: *chain },
        Statement::Rollback { savepoint: None, chain } => Op::Rollback { chain: *chain },
        Statement::Update(u) => Op::Dml { verb: "UPDATE".into(), table: n.table_factor(&u.table.relation) },
        Statement::Delete(d) => {
            let from = match &d.from {
                ast::FromTable::WithFromKeyword(t) | ast::FromTable::WithoutKeyword(t) => t.first().and_then(|t| n.table_factor(&t.relation)),
            };
            Op::Dml { verb: "DELETE".into(), table: from }
        }
        Statement::Insert(i) => Op::Dml {
            verb: "INSERT".into(),
            table: match &i.table {
                ast::TableObject::TableName(t) => Some(n.q(t)),
                _ => None,
            },
        },
        Statement::Merge(m) => Op::Dml { verb: "MERGE".into(), table: n.table_factor(&m.table) },
        Statement::Lock(l) => Op::LockTable {
            tables: l.tables.iter().map(|t| n.q(&t.name)).collect(),
            mode: l.lock_mode.as_ref().map_or_else(|| "ACCESS EXCLUSIVE".to_string(), |m| m.to_string().to_ascii_uppercase()),
        },
        Statement::Vacuum(v) if v.full => Op::Rewrite { verb: "VACUUM FULL", table: v.table_name.as_ref().map(|t| n.q(t)) },
        Statement::AlterIndex { name, operation: ast::AlterIndexOperation::RenameIndex { index_name } } => {
            Op::AlterIndexRename { from: n.q(name), to: n.q(index_name).name }
        }
        Statement::AlterType(t) => match &t.operation {
            ast::AlterTypeOperation::AddValue(v) => Op::AlterTypeAddValue {
                type_name: n.q(&t.name),
                value: v.value.value.clone(),
                positioned: v.position.is_some(),
                if_not_exists: v.if_not_exists,
            },
            _ => return None,
        },
        Statement::CreateTrigger(t) => Op::CreateTrigger { table: Some(n.q(&t.table_name)) },
        Statement::CreateView(v) if !v.materialized => Op::CreateView { name: n.q(&v.name) },
        Statement::CreateDomain(d) => Op::CreateDomain { name: n.q(&d.name), constraints: !d.constraints.is_empty() },
        Statement::Comment { object_type, object_name, .. } => {
            let mut parts = n.parts(object_name);
            let table = match object_type {
                ast::CommentObject::Table => parts.pop().map(|t| QualifiedName::new(parts.pop(), t)),
                ast::CommentObject::Column => {
                    parts.pop();
                    parts.pop().map(|t| QualifiedName::new(parts.pop(), t))
                }
                _ => None,
            };
            Op::Comment { table }
        }
        Statement::RenameTable(pairs) => Op::RenameTables { pairs: pairs.iter().map(|r| (n.q(&r.old_name), n.q(&r.new_name))).collect() },
        _ => return None,
    }))
}

/// `ALTER TABLE`'s actions; `None`: one of them was misread.
fn alter_table(n: &Names, at: &ast::AlterTable) -> Option<Op> {
    let mut actions = Vec::new();
    for o in &at.operations {
        action(n, o, &mut actions)?;
    }
    Some(Op::AlterTable { table: n.q(&at.name), if_exists: at.if_exists, actions, relation: super::Relation::Table })
}

/// `CREATE TABLE`, with the tables its foreign keys reference.
fn create_table(n: &Names, ct: &ast::CreateTable) -> Op {
    let mut references = Vec::new();
    for c in &ct.columns {
        for o in &c.options {
            if let ColumnOption::ForeignKey(fk) = &o.option {
                references.push(n.q(&fk.foreign_table));
            }
        }
    }
    for c in &ct.constraints {
        if let TableConstraint::ForeignKey(fk) = c {
            references.push(n.q(&fk.foreign_table));
        }
    }
    Op::CreateTable {
        name: n.q(&ct.name),
        if_not_exists: ct.if_not_exists,
        as_select: ct.query.is_some(),
        references,
        temporary: ct.temporary,
        on_commit_drop: matches!(ct.on_commit, Some(ast::OnCommit::Drop)),
    }
}

/// `SELECT ... INTO [TEMP] t FROM ...` creates a table (PostgreSQL).
fn select_into(n: &Names, q: &ast::Query, dialect: Dialect) -> Option<Op> {
    let ast::SetExpr::Select(sel) = q.body.as_ref() else { return None };
    let into = sel.into.as_ref()?;
    let name = match into.targets.as_slice() {
        [Expr::Identifier(i)] => QualifiedName::new(None, n.ident(i)),
        [Expr::CompoundIdentifier(parts)] => {
            let mut p: Vec<String> = parts.iter().map(|i| n.ident(i)).collect();
            let last = p.pop().unwrap_or_default();
            QualifiedName::new(p.pop(), last)
        }
        _ => return None,
    };
    if dialect != Dialect::Postgres {
        return None;
    }
    Some(Op::CreateTable { name, if_not_exists: false, as_select: true, references: Vec::new(), temporary: into.temporary, on_commit_drop: false })
}

fn column<'a>(n: &Names, name: &Ident, dt: &ast::DataType, options: impl Iterator<Item = &'a ColumnOption>) -> ColumnDef {
    let mut c = ColumnDef { name: n.ident(name), type_text: lower_type(dt, n.0).spelling, ..Default::default() };
    for o in options {
        match o {
            ColumnOption::NotNull => c.not_null = true,
            ColumnOption::Default(e) => c.default = Some(e.to_string()),
            ColumnOption::PrimaryKey(_) => {
                c.primary_key = true;
                c.not_null = true;
            }
            ColumnOption::Unique(_) => c.unique = true,
            ColumnOption::ForeignKey(fk) => {
                let mut actions = String::new();
                if let Some(a) = &fk.on_delete {
                    actions.push_str(&format!(" ON DELETE {a}"));
                }
                if let Some(a) = &fk.on_update {
                    actions.push_str(&format!(" ON UPDATE {a}"));
                }
                c.references = Some(super::Reference { table: n.q(&fk.foreign_table), columns: n.cols(&fk.referred_columns), actions });
            }
            ColumnOption::Check(ck) => c.check = Some(ck.expr.to_string()),
            ColumnOption::Generated { generated_as, generation_expr, generation_expr_mode, .. } => {
                if generation_expr.is_some() {
                    c.generated_stored = matches!(generation_expr_mode, Some(ast::GeneratedExpressionMode::Stored)) || matches!(generated_as, ast::GeneratedAs::ExpStored);
                } else {
                    c.identity = true;
                }
            }
            ColumnOption::Identity(_) => c.identity = true,
            ColumnOption::DialectSpecific(toks) if toks.iter().any(|t| t.to_string().eq_ignore_ascii_case("AUTO_INCREMENT") || t.to_string().eq_ignore_ascii_case("AUTOINCREMENT")) => {
                c.identity = true;
            }
            _ => {}
        }
    }
    c
}

fn constraint(n: &Names, c: &TableConstraint) -> (Option<String>, ConstraintKind) {
    let name = |i: &Option<Ident>| i.as_ref().map(|x| n.ident(x));
    match c {
        TableConstraint::PrimaryKey(pk) => (name(&pk.name), ConstraintKind::PrimaryKey { columns: n.index_cols(&pk.columns), using_index: None }),
        TableConstraint::Unique(u) => (name(&u.name), ConstraintKind::Unique { columns: n.index_cols(&u.columns), using_index: None }),
        TableConstraint::PrimaryKeyUsingIndex(u) => (name(&u.name), ConstraintKind::PrimaryKey { columns: Vec::new(), using_index: Some(n.ident(&u.index_name)) }),
        TableConstraint::UniqueUsingIndex(u) => (name(&u.name), ConstraintKind::Unique { columns: Vec::new(), using_index: Some(n.ident(&u.index_name)) }),
        TableConstraint::ForeignKey(fk) => (
            name(&fk.name),
            ConstraintKind::ForeignKey { columns: n.cols(&fk.columns), ref_table: n.q(&fk.foreign_table), ref_columns: n.cols(&fk.referred_columns) },
        ),
        TableConstraint::Check(ck) => (name(&ck.name), ConstraintKind::Check { expression: ck.expr.to_string() }),
        TableConstraint::Index(ix) => (name(&ix.name), ConstraintKind::Index { columns: n.index_cols(&ix.columns), fulltext: false, spatial: false }),
        TableConstraint::FulltextOrSpatial(fs) => (
            fs.opt_index_name.as_ref().map(|x| n.ident(x)),
            ConstraintKind::Index { columns: n.index_cols(&fs.columns), fulltext: fs.fulltext, spatial: !fs.fulltext },
        ),
        TableConstraint::Exclude(ex) => (name(&ex.name), ConstraintKind::Exclude),
    }
}

/// One ALTER TABLE operation; `None` when it is one the IR cannot say enough about (the token
/// reader then reads the whole statement).
fn action(n: &Names, o: &AlterTableOperation, out: &mut Vec<Action>) -> Option<()> {
    let a = match o {
        AlterTableOperation::AddColumn { if_not_exists, column_def, column_position, .. } => {
            let mut column = column(n, &column_def.name, &column_def.data_type, column_def.options.iter().map(|o| &o.option));
            column.positioned = column_position.is_some();
            Action::AddColumn { column, if_not_exists: *if_not_exists }
        }
        AlterTableOperation::DropColumn { column_names, if_exists, .. } => {
            for c in column_names {
                out.push(Action::DropColumn { column: n.ident(c), if_exists: *if_exists });
            }
            return Some(());
        }
        AlterTableOperation::AlterColumn { column_name, op } => {
            let column = n.ident(column_name);
            match op {
                AlterColumnOperation::SetNotNull => Action::SetNotNull { column },
                AlterColumnOperation::DropNotNull => Action::DropNotNull { column },
                AlterColumnOperation::SetDefault { value } => Action::SetDefault { column, expression: value.to_string() },
                AlterColumnOperation::DropDefault => Action::DropDefault { column },
                AlterColumnOperation::SetDataType { data_type, using, .. } => {
                    Action::AlterColumnType { column, type_text: lower_type(data_type, n.0).spelling, using: using.as_ref().map(|u| u.to_string()) }
                }
                AlterColumnOperation::AddGenerated { .. } => Action::AddIdentity { column },
            }
        }
        AlterTableOperation::AddConstraint { constraint: c, not_valid } => {
            let (name, kind) = constraint(n, c);
            Action::AddConstraint { name, kind, not_valid: *not_valid }
        }
        AlterTableOperation::ValidateConstraint { name } => Action::ValidateConstraint { name: n.ident(name) },
        AlterTableOperation::DropConstraint { if_exists, name, .. } => Action::DropConstraint { name: n.ident(name), if_exists: *if_exists },
        AlterTableOperation::DropPrimaryKey { .. } => Action::DropPrimaryKey,
        AlterTableOperation::DropForeignKey { name, .. } => Action::DropForeignKey { name: n.ident(name) },
        AlterTableOperation::DropIndex { name } => Action::DropIndex { name: n.ident(name) },
        AlterTableOperation::RenameColumn { old_column_name, new_column_name } => Action::RenameColumn { from: n.ident(old_column_name), to: n.ident(new_column_name) },
        AlterTableOperation::RenameTable { table_name: ast::RenameTableNameKind::To(t) | ast::RenameTableNameKind::As(t) } => Action::RenameTable { to: n.q(t) },
        AlterTableOperation::RenameConstraint { old_name, new_name } => Action::RenameConstraint { from: n.ident(old_name), to: n.ident(new_name) },
        AlterTableOperation::ChangeColumn { old_name, new_name, data_type, options, column_position } => {
            let mut column = column(n, new_name, data_type, options.iter());
            column.positioned = column_position.is_some();
            Action::Change { from: n.ident(old_name), column }
        }
        AlterTableOperation::ModifyColumn { col_name, data_type, options, column_position } => {
            let mut column = column(n, col_name, data_type, options.iter());
            column.positioned = column_position.is_some();
            Action::Modify { column }
        }
        AlterTableOperation::SetLogged => Action::SetRewrite("SET LOGGED".into()),
        AlterTableOperation::SetUnlogged => Action::SetRewrite("SET UNLOGGED".into()),
        AlterTableOperation::SetOptionsParens { .. } => Action::SetStatistics,
        AlterTableOperation::EnableRowLevelSecurity
        | AlterTableOperation::DisableRowLevelSecurity
        | AlterTableOperation::ForceRowLevelSecurity
        | AlterTableOperation::NoForceRowLevelSecurity
        | AlterTableOperation::EnableRule { .. }
        | AlterTableOperation::DisableRule { .. }
        | AlterTableOperation::EnableAlwaysRule { .. }
        | AlterTableOperation::EnableReplicaRule { .. } => Action::Toggle { what: o.to_string(), trigger: false },
        AlterTableOperation::EnableTrigger { .. }
        | AlterTableOperation::DisableTrigger { .. }
        | AlterTableOperation::EnableAlwaysTrigger { .. }
        | AlterTableOperation::EnableReplicaTrigger { .. } => Action::Toggle { what: o.to_string(), trigger: true },
        AlterTableOperation::OwnerTo { .. } => Action::OwnerTo,
        AlterTableOperation::Algorithm { algorithm, .. } => Action::Algorithm(algorithm.to_string().to_ascii_uppercase()),
        AlterTableOperation::Lock { lock, .. } => Action::Lock(lock.to_string().to_ascii_uppercase()),
        AlterTableOperation::AutoIncrement { .. } => Action::TableOption("AUTO_INCREMENT".into()),
        AlterTableOperation::ReplicaIdentity { .. } => Action::Other(o.to_string()),
        _ => return None,
    };
    out.push(a);
    Some(())
}
