//! ALTER TABLE and the edits it makes to a table (drop / rename a column or constraint).

use super::*;

impl Builder<'_> {
    pub(super) fn alter_table(&mut self, at: &ast::AlterTable, ctx: &Ctx) -> Outcome {
        let q = self.qname(&at.name);
        if at.operations.iter().all(ignorable_op) {
            let what = match at.operations.first() {
                Some(AlterTableOperation::OwnerTo { .. }) => "OWNER TO",
                Some(AlterTableOperation::ReplicaIdentity { .. }) => "REPLICA IDENTITY",
                _ => "storage/trigger option",
            };
            return Outcome::Ignored(format!("ALTER TABLE ... {what}"));
        }
        let Some(mut ti) = self.table_index(&q) else {
            if at.if_exists {
                return Outcome::Ignored(format!("ALTER TABLE IF EXISTS {q}: not defined"));
            }
            return Outcome::Unsupported(format!("ALTER TABLE {q}: the table is not defined (earlier in the script)"));
        };
        let mut problems: Vec<String> = Vec::new();
        for op in &at.operations {
            if !self.alter_op(&mut ti, op, ctx, &mut problems) {
                break;
            }
        }
        if problems.is_empty() {
            Outcome::Applied
        } else {
            Outcome::Unsupported(format!("ALTER TABLE {q}: {}", problems.join("; ")))
        }
    }

    /// One operation of an ALTER TABLE on table `*ti` (a rename moves it); what it cannot apply
    /// goes to `problems`. False: stop here (the renamed table cannot be found).
    fn alter_op(&mut self, ti: &mut usize, op: &AlterTableOperation, ctx: &Ctx, problems: &mut Vec<String>) -> bool {
        match op {
            AlterTableOperation::AddConstraint { constraint, not_valid } => {
                if let Err(e) = self.add_constraint(*ti, constraint, *not_valid, ctx) {
                    problems.push(e);
                }
                if self.dialect == Dialect::Mysql && matches!(constraint, TableConstraint::Index(_) | TableConstraint::Unique(_) | TableConstraint::PrimaryKey(_)) {
                    drop_covered_implicit_indexes(&mut self.schema.tables[*ti]);
                }
                if matches!(constraint, TableConstraint::PrimaryKey(_)) {
                    self.finish_table(*ti);
                }
            }
            AlterTableOperation::AddColumn { column_def, if_not_exists, .. } => self.alter_add_column(*ti, column_def, *if_not_exists, ctx),
            AlterTableOperation::DropColumn { column_names, .. } => {
                for c in column_names {
                    let n = self.ident(c);
                    drop_column(&mut self.schema.tables[*ti], &n);
                    *self.columns.get_mut() = Default::default();
                }
            }
            AlterTableOperation::DropConstraint { name, .. } => {
                let n = self.ident(name);
                if !drop_constraint(&mut self.schema.tables[*ti], &n) {
                    problems.push(format!("constraint {n} is not defined"));
                }
            }
            AlterTableOperation::DropPrimaryKey { .. } => self.schema.tables[*ti].primary_key = None,
            AlterTableOperation::DropForeignKey { name, .. } => {
                let n = self.ident(name);
                self.schema.tables[*ti].foreign_keys.retain(|f| f.name.as_deref() != Some(n.as_str()));
            }
            AlterTableOperation::DropIndex { name } => {
                let n = self.ident(name);
                let t = &mut self.schema.tables[*ti];
                t.indexes.retain(|i| i.name.as_deref() != Some(n.as_str()));
                t.uniques.retain(|i| i.name.as_deref() != Some(n.as_str()));
            }
            AlterTableOperation::RenameColumn { old_column_name, new_column_name } => {
                let (o, n) = (self.ident(old_column_name), self.ident(new_column_name));
                rename_column(&mut self.schema, *ti, &o, &n);
                *self.columns.get_mut() = Default::default();
            }
            AlterTableOperation::RenameTable { table_name } => {
                let new = match table_name {
                    ast::RenameTableNameKind::As(n) | ast::RenameTableNameKind::To(n) => self.qname(n),
                };
                let old = self.schema.tables[*ti].qualified_name();
                self.rename_table(&old, new.clone(), ctx);
                match self.table_index(&QualifiedName::new(new.schema.or(old.schema), new.name)) {
                    Some(i) => *ti = i,
                    None => return false,
                }
            }
            AlterTableOperation::RenameConstraint { old_name, new_name } => {
                let (o, n) = (self.ident(old_name), self.ident(new_name));
                rename_constraint(&mut self.schema.tables[*ti], &o, &n);
            }
            AlterTableOperation::AlterColumn { column_name, op } => self.alter_column(*ti, column_name, op, problems),
            AlterTableOperation::ChangeColumn { old_name, new_name, data_type, options, .. } => {
                let o = self.ident(old_name);
                let cd = ColumnSrc { name: new_name, data_type, options: options.iter().map(|o| (None, o)).collect() };
                let n = self.ident(new_name);
                if o != n {
                    rename_column(&mut self.schema, *ti, &o, &n);
                    *self.columns.get_mut() = Default::default();
                }
                self.add_column(*ti, &cd, ctx, Some(&n));
                // A primary-key column stays NOT NULL whatever the new definition says.
                self.finish_table(*ti);
            }
            AlterTableOperation::ModifyColumn { col_name, data_type, options, .. } => {
                let n = self.ident(col_name);
                let cd = ColumnSrc { name: col_name, data_type, options: options.iter().map(|o| (None, o)).collect() };
                self.add_column(*ti, &cd, ctx, Some(&n));
                self.finish_table(*ti);
            }
            AlterTableOperation::EnableRowLevelSecurity => self.schema.tables[*ti].rls_enabled = true,
            AlterTableOperation::DisableRowLevelSecurity => self.schema.tables[*ti].rls_enabled = false,
            AlterTableOperation::ForceRowLevelSecurity => self.schema.tables[*ti].rls_forced = true,
            AlterTableOperation::NoForceRowLevelSecurity => self.schema.tables[*ti].rls_forced = false,
            AlterTableOperation::ValidateConstraint { name } => {
                let n = self.ident(name);
                validate_constraint(&mut self.schema.tables[*ti], &n);
            }
            op if ignorable_op(op) => {}
            other => {
                let s = other.to_string();
                let head: String = s.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
                problems.push(format!("operation not applied: {head}"));
            }
        }
        true
    }

    /// `ADD COLUMN`: the column, and the same column on the table's partitions.
    fn alter_add_column(&mut self, ti: usize, column_def: &ColumnDef, if_not_exists: bool, ctx: &Ctx) {
        let n = self.ident(&column_def.name);
        if if_not_exists && self.schema.tables[ti].column(&n).is_some() {
            return;
        }
        self.add_column(ti, &ColumnSrc::of(column_def), ctx, None);
        self.finish_table(ti);
        // Partitions get the parent's new column too.
        let parent = self.schema.tables[ti].qualified_name();
        let col = self.schema.tables[ti].column(&n).cloned();
        if let Some(col) = col {
            for t in self.schema.tables.iter_mut() {
                if t.partition_of.as_ref().is_some_and(|p| p.name == parent.name && p.schema == parent.schema) && t.column(&n).is_none() {
                    t.columns.push(Column { span: ctx.span(), ..col.clone() });
                }
            }
        }
    }

    /// `ALTER COLUMN ... SET/DROP NOT NULL, SET/DROP DEFAULT, TYPE, ADD GENERATED`.
    fn alter_column(&mut self, ti: usize, column_name: &Ident, op: &AlterColumnOperation, problems: &mut Vec<String>) {
        let cn = self.ident(column_name);
        let dialect = self.dialect;
        let mut nextval: Option<String> = None;
        let set_default = match op {
            AlterColumnOperation::SetDefault { value } => Some(self.ex(value)),
            _ => None,
        };
        {
            let Some(col) = self.schema.tables[ti].column_mut(&cn) else {
                problems.push(format!("column {cn} is not defined"));
                return;
            };
            match op {
                AlterColumnOperation::SetNotNull => col.nullable = false,
                AlterColumnOperation::DropNotNull => col.nullable = true,
                AlterColumnOperation::SetDefault { .. } => {
                    let d = set_default.clone().unwrap_or_default();
                    nextval = Some(d.clone());
                    col.default = Some(d);
                }
                AlterColumnOperation::DropDefault => {
                    col.default = None;
                    if col.identity == Some(Identity::Serial) {
                        col.identity = None;
                    }
                }
                AlterColumnOperation::SetDataType { data_type, .. } => col.data_type = lower_type(data_type, dialect),
                AlterColumnOperation::AddGenerated { generated_as, .. } => {
                    col.identity = Some(if matches!(generated_as, Some(GeneratedAs::ByDefault)) { Identity::ByDefault } else { Identity::Always });
                    col.nullable = false;
                }
            }
        }
        if let Some(d) = nextval {
            let mut col = self.schema.tables[ti].column(&cn).cloned().unwrap_or_default();
            self.note_nextval(&mut col, &d);
            if let Some(c) = self.schema.tables[ti].column_mut(&cn) {
                c.identity = col.identity.or(c.identity.clone());
                c.sequence = col.sequence;
            }
        }
        let _ = dialect;
    }
}

/// Operations that change nothing the model keeps (owner, storage and trigger options).
fn ignorable_op(op: &AlterTableOperation) -> bool {
    matches!(
        op,
        AlterTableOperation::OwnerTo { .. }
            | AlterTableOperation::ReplicaIdentity { .. }
            | AlterTableOperation::Algorithm { .. }
            | AlterTableOperation::Lock { .. }
            | AlterTableOperation::AutoIncrement { .. }
            | AlterTableOperation::EnableTrigger { .. }
            | AlterTableOperation::DisableTrigger { .. }
            | AlterTableOperation::EnableAlwaysTrigger { .. }
            | AlterTableOperation::EnableReplicaTrigger { .. }
            | AlterTableOperation::EnableRule { .. }
            | AlterTableOperation::DisableRule { .. }
            | AlterTableOperation::SetLogged
            | AlterTableOperation::SetUnlogged
            | AlterTableOperation::SetOptionsParens { .. }
            | AlterTableOperation::SetTblProperties { .. }
            | AlterTableOperation::ClusterBy { .. }
    )
}

/// `VALIDATE CONSTRAINT n`: the foreign key or check named `n` is no longer NOT VALID.
fn validate_constraint(t: &mut Table, n: &str) {
    for f in &mut t.foreign_keys {
        if f.name.as_deref() == Some(n) {
            f.not_valid = false;
        }
    }
    for c in &mut t.checks {
        if c.name.as_deref() == Some(n) {
            c.not_valid = false;
        }
    }
}

pub fn drop_column(t: &mut Table, n: &str) {
    t.columns.retain(|c| c.name != n);
    let has = |cols: &Vec<String>| cols.iter().any(|c| c == n);
    if t.primary_key.as_ref().is_some_and(|p| has(&p.columns)) {
        t.primary_key = None;
    }
    t.foreign_keys.retain(|f| !has(&f.columns));
    t.uniques.retain(|u| !has(&u.columns));
    t.indexes.retain(|i| !i.parts.iter().any(|p| p.column.as_deref() == Some(n)));
    t.checks.retain(|c| c.column.as_deref() != Some(n));
}

pub fn drop_constraint(t: &mut Table, n: &str) -> bool {
    let before = (t.foreign_keys.len(), t.uniques.len(), t.checks.len(), t.indexes.len());
    let had_pk = t.primary_key.as_ref().is_some_and(|p| p.name.as_deref() == Some(n));
    if had_pk {
        t.primary_key = None;
    }
    let m = |x: &Option<String>| x.as_deref() == Some(n);
    t.foreign_keys.retain(|f| !m(&f.name));
    t.uniques.retain(|f| !m(&f.name));
    t.checks.retain(|f| !m(&f.name));
    had_pk || before != (t.foreign_keys.len(), t.uniques.len(), t.checks.len(), t.indexes.len())
}

fn rename_constraint(t: &mut Table, o: &str, n: &str) {
    let r = |x: &mut Option<String>| {
        if x.as_deref() == Some(o) {
            *x = Some(n.to_string());
        }
    };
    if let Some(p) = &mut t.primary_key {
        r(&mut p.name);
    }
    t.foreign_keys.iter_mut().for_each(|f| r(&mut f.name));
    t.uniques.iter_mut().for_each(|f| r(&mut f.name));
    t.checks.iter_mut().for_each(|f| r(&mut f.name));
    t.indexes.iter_mut().for_each(|f| r(&mut f.name));
}

pub fn rename_column(s: &mut Schema, ti: usize, o: &str, n: &str) {
    let tq = s.tables[ti].qualified_name();
    let t = &mut s.tables[ti];
    let r = |c: &mut String| {
        if c == o {
            *c = n.to_string();
        }
    };
    if let Some(col) = t.column_mut(o) {
        col.name = n.to_string();
    }
    if let Some(p) = &mut t.primary_key {
        p.columns.iter_mut().for_each(r);
    }
    for f in &mut t.foreign_keys {
        f.columns.iter_mut().for_each(r);
    }
    for u in &mut t.uniques {
        u.columns.iter_mut().for_each(r);
    }
    for i in &mut t.indexes {
        for p in &mut i.parts {
            if p.column.as_deref() == Some(o) {
                p.column = Some(n.to_string());
                p.expression = n.to_string();
            }
        }
    }
    for c in &mut t.checks {
        if c.column.as_deref() == Some(o) {
            c.column = Some(n.to_string());
        }
    }
    // references from other tables
    let tables: Vec<usize> = (0..s.tables.len()).collect();
    for j in tables {
        let refs: Vec<usize> = s.tables[j]
            .foreign_keys
            .iter()
            .enumerate()
            .filter(|(_, f)| f.ref_table.name == tq.name)
            .map(|(k, _)| k)
            .collect();
        for k in refs {
            s.tables[j].foreign_keys[k].ref_columns.iter_mut().for_each(|c| {
                if c == o {
                    *c = n.to_string();
                }
            });
        }
    }
}
