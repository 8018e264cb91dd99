//! CREATE INDEX, COMMENT ON, CREATE POLICY, DROP and table renames.

use super::*;

impl Builder<'_> {
    pub(super) fn create_index(&mut self, ci: &ast::CreateIndex, ctx: &Ctx) -> Outcome {
        let mut tq = self.qname(&ci.table_name);
        // SQLite: `CREATE INDEX aux.idx ON t (...)` indexes aux.t (the table name cannot be qualified).
        if self.dialect == Dialect::Sqlite && tq.schema.is_none() {
            if let Some(sch) = ci.name.as_ref().and_then(|n| self.qname(n).schema).filter(|s| !s.eq_ignore_ascii_case("main")) {
                tq.schema = Some(sch);
            }
        }
        let Some(ti) = self.table_index(&tq) else {
            return Outcome::Unsupported(format!("CREATE INDEX on table {tq}, which is not defined (earlier in the script)"));
        };
        let parts = self.index_parts(&ci.columns);
        let name = match &ci.name {
            Some(n) => Some(self.qname(n).name),
            None => Some(naming::default_index_name(self.dialect, &self.schema.tables[ti], &parts, &self.taken(ti))),
        };
        // Index names are unique per schema in PostgreSQL and SQLite, per table in MySQL (asked
        // only for IF NOT EXISTS: the scan of every table's indexes is not free).
        let exists = ci.if_not_exists && if self.dialect == Dialect::Mysql {
            self.schema.tables[ti].indexes.iter().any(|i| i.name == name)
        } else {
            let sch = self.schema.tables[ti].schema.clone();
            self.schema.tables.iter().filter(|t| t.schema == sch).any(|t| {
                // Index names share a namespace with the indexes behind PRIMARY KEY / UNIQUE, not with FK or CHECK names.
                t.indexes.iter().any(|i| i.name == name)
                    || t.uniques.iter().any(|u| u.name == name)
                    || t.primary_key.as_ref().is_some_and(|p| p.name == name)
            })
        };
        if ci.if_not_exists && exists {
            return Outcome::Ignored(format!("CREATE INDEX IF NOT EXISTS {}: exists", name.unwrap_or_default()));
        }
        let method = Self::method(&ci.using).or_else(|| {
            // MySQL CREATE FULLTEXT/SPATIAL INDEX parses as an index type in some versions.
            Some("btree".into())
        });
        let include = self.cols(&ci.include);
        let predicate = ci.predicate.as_ref().map(|p| self.ex(p));
        self.schema.tables[ti].indexes.push(Index {
            name,
            unique: ci.unique,
            parts,
            method,
            predicate,
            include,
            concurrently: ci.concurrently,
            implicit: false,
            span: ctx.span(),
        });
        if self.dialect == Dialect::Mysql {
            drop_covered_implicit_indexes(&mut self.schema.tables[ti]);
        }
        Outcome::Applied
    }

    pub(super) fn comment(&mut self, ot: CommentObject, name: &ObjectName, comment: &Option<String>, ctx: &Ctx) -> Outcome {
        match ot {
            CommentObject::Table => {
                let q = self.qname(name);
                let Some(ti) = self.find_table(&q, ctx) else { return Outcome::Applied };
                self.schema.tables[ti].comment = comment.as_deref().and_then(|c| self.comment_value(c));
                Outcome::Applied
            }
            CommentObject::Column => {
                let parts: Vec<String> = name.0.iter().map(|p| match p {
                    ObjectNamePart::Identifier(i) => self.ident(i),
                    ObjectNamePart::Function(f) => self.ident(&f.name),
                }).collect();
                if parts.len() < 2 {
                    return Outcome::Unsupported("COMMENT ON COLUMN needs table.column".into());
                }
                let n = parts.len();
                let q = QualifiedName::new(if n >= 3 { Some(parts[n - 3].clone()) } else { None }, parts[n - 2].clone());
                let Some(ti) = self.find_table(&q, ctx) else { return Outcome::Applied };
                match self.schema.tables[ti].column_mut(&parts[n - 1]) {
                    Some(c) => c.comment = comment.as_deref().map(|x| sqltext::literal::decode_raw(self.dialect, x)).filter(|x| !x.is_empty()),
                    None => return Outcome::Unsupported(format!("COMMENT ON COLUMN: {q} has no column {}", parts[n - 1])),
                }
                Outcome::Applied
            }
            other => Outcome::Ignored(format!("COMMENT ON {other:?}").to_uppercase()),
        }
    }

    pub(super) fn create_policy(&mut self, p: &ast::CreatePolicy, ctx: &Ctx) -> Outcome {
        let q = self.qname(&p.table_name);
        let Some(ti) = self.find_table(&q, ctx) else { return Outcome::Applied };
        let command = match p.command {
            None | Some(CreatePolicyCommand::All) => "all",
            Some(CreatePolicyCommand::Select) => "select",
            Some(CreatePolicyCommand::Insert) => "insert",
            Some(CreatePolicyCommand::Update) => "update",
            Some(CreatePolicyCommand::Delete) => "delete",
        };
        let roles = p
            .to
            .as_ref()
            .map(|v| {
                v.iter()
                    .map(|o| match o {
                        Owner::Ident(i) => self.ident(i),
                        other => other.to_string().to_lowercase(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let pol = model::Policy {
            name: self.ident(&p.name),
            command: command.into(),
            permissive: !matches!(p.policy_type, Some(CreatePolicyType::Restrictive)),
            roles,
            using: p.using.as_ref().map(|e| self.ex(e)),
            with_check: p.with_check.as_ref().map(|e| self.ex(e)),
            span: ctx.span(),
        };
        self.schema.tables[ti].policies.push(pol);
        Outcome::Applied
    }

    pub(super) fn drop(&mut self, ot: ObjectType, names: &[ObjectName], ctx: &Ctx) -> Outcome {
        for n in names {
            let q = self.qname(n);
            match ot {
                ObjectType::Table => {
                    if let Some(i) = self.table_index(&q) {
                        self.schema.tables.remove(i);
                        self.tables_changed();
                        let dialect = self.dialect;
                        self.schema.triggers.retain(|t| !(t.table.name == q.name && Schema { dialect, ..Default::default() }.schema_matches(t.table.schema.as_deref(), q.schema.as_deref())));
                    }
                }
                ObjectType::Index => {
                    let mut found = false;
                    for t in &mut self.schema.tables {
                        let before = t.indexes.len();
                        t.indexes.retain(|i| i.name.as_deref() != Some(q.name.as_str()));
                        found |= t.indexes.len() != before;
                    }
                    if !found {
                        let _ = ctx;
                    }
                }
                ObjectType::Type => self.schema.enums.retain(|e| e.name != q.name),
                ObjectType::Sequence => self.schema.sequences.retain(|s| s.name != q.name),
                ObjectType::View | ObjectType::MaterializedView => return Outcome::Ignored("DROP VIEW".into()),
                other => return Outcome::Ignored(format!("DROP {other}")),
            }
        }
        Outcome::Applied
    }

    pub fn rename_table(&mut self, old: &QualifiedName, new: QualifiedName, ctx: &Ctx) {
        let Some(ti) = self.find_table(old, ctx) else { return };
        self.tables_changed();
        let t = &mut self.schema.tables[ti];
        let old_name = t.name.clone();
        t.name = new.name.clone();
        if new.schema.is_some() {
            t.schema = new.schema.clone();
        }
        let newq = t.qualified_name();
        for t in &mut self.schema.tables {
            for f in &mut t.foreign_keys {
                if f.ref_table.name == old_name {
                    f.ref_table.name = newq.name.clone();
                }
            }
        }
        for tr in &mut self.schema.triggers {
            if tr.table.name == old_name {
                tr.table = newq.clone();
            }
        }
    }
}
