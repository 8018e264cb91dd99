//! CREATE TABLE (and CREATE TABLE AS): columns, their options, and the table's finishing touches.

use super::*;

impl Builder<'_> {
    pub(super) fn create_table(&mut self, ct: &ast::CreateTable, ctx: &Ctx) -> Outcome {
        let q = self.creation_schema(self.qname(&ct.name));
        if let (Some(query), true) = (&ct.query, ct.columns.is_empty()) {
            if self.table_index(&q).is_some() {
                if ct.if_not_exists {
                    return Outcome::Ignored(format!("CREATE TABLE IF NOT EXISTS {q} AS SELECT: the table already exists"));
                }
                return Outcome::Unsupported(format!("CREATE TABLE {q} AS SELECT: a table of that name already exists"));
            }
            let cols = self.ctas_columns(query);
            let known = cols.is_some();
            let columns = cols.unwrap_or_default().into_iter().map(|(name, data_type)| Column { name, data_type, nullable: true, span: ctx.span(), ..Default::default() }).collect();
            self.schema.tables.push(Table { schema: q.schema.clone(), name: q.name.clone(), temporary: ct.temporary, columns, span: ctx.span(), ..Default::default() });
            return if known {
                self.diag(ctx, Severity::Info, format!("CREATE TABLE {q} AS SELECT: columns named after the query's select list; their types are not known"));
                Outcome::Applied
            } else {
                Outcome::Unsupported(format!("CREATE TABLE {q} AS SELECT: the table is kept, but its columns come from a query and are not known"))
            };
        }
        if ct.like.is_some() || ct.clone.is_some() {
            return Outcome::Unsupported(format!("CREATE TABLE {q} LIKE/CLONE: columns of another table are not copied"));
        }
        if self.table_index(&q).is_some() {
            if ct.if_not_exists {
                return Outcome::Ignored(format!("CREATE TABLE IF NOT EXISTS {q}: the table already exists"));
            }
            self.diag(ctx, Severity::Warning, format!("table {q} is defined twice; the later definition replaces the earlier"));
            if let Some(i) = self.table_index(&q) {
                self.schema.tables.remove(i);
                self.tables_changed();
            }
        }
        let sqlite_temp_schema = self.dialect == Dialect::Sqlite && q.schema.as_deref().is_some_and(|s| s.eq_ignore_ascii_case("temp") || s.eq_ignore_ascii_case("temporary"));
        self.sqlite_pk_desc = false;
        let mut t = Table {
            schema: q.schema.clone(),
            name: q.name.clone(),
            temporary: ct.temporary || sqlite_temp_schema,
            unlogged: ct.unlogged,
            without_rowid: ct.without_rowid,
            strict: ct.strict,
            span: ctx.span(),
            ..Default::default()
        };
        if let Some(p) = &ct.partition_of {
            t.partition_of = Some(self.qname(p));
        }
        if let Some(c) = &ct.comment {
            t.comment = self.comment_value(comment_text(c));
        }
        let opts: &[SqlOption] = match &ct.table_options {
            CreateTableOptions::Plain(v) | CreateTableOptions::Options(v) | CreateTableOptions::With(v) | CreateTableOptions::TableProperties(v) => v,
            CreateTableOptions::None => &[],
        };
        for o in opts {
            match o {
                SqlOption::Comment(c) => t.comment = self.comment_value(comment_text(c)),
                SqlOption::KeyValue { key, value } if key.value.eq_ignore_ascii_case("ENGINE") => t.engine = Some(value.to_string()),
                SqlOption::KeyValue { key, value } if key.value.eq_ignore_ascii_case("COMMENT") => {
                    t.comment = Some(self.unquote_expr(value)).filter(|c| !c.is_empty());
                }
                _ => {}
            }
        }
        // Partitions declared with PARTITION OF inherit the parent's columns.
        if let Some(parent) = t.partition_of.clone() {
            if let Some(p) = self.table(&parent) {
                t.columns = p.columns.iter().map(|c| Column { span: ctx.span(), ..c.clone() }).collect();
                if let Some(pk) = &p.primary_key {
                    t.primary_key = Some(model::PrimaryKey { name: Some(naming::pg_name(&t.name, "", "pkey")), columns: pk.columns.clone(), span: ctx.span() });
                }
            }
        }
        // INHERITS (parent, ...): the parents' columns come first, with their NOT NULL and
        // defaults, and their CHECK constraints (keys and indexes are not inherited).
        if let Some(parents) = &ct.inherits {
            for pn in parents {
                let pq = self.qname(pn);
                match self.table(&pq) {
                    Some(p) => {
                        for c in &p.columns {
                            if !t.columns.iter().any(|x| x.name == c.name) {
                                t.columns.push(Column { span: ctx.span(), ..c.clone() });
                            }
                        }
                        t.checks.extend(p.checks.iter().cloned());
                    }
                    None => self.diag(ctx, Severity::Warning, format!("CREATE TABLE {q} INHERITS {pq}: the parent is not defined (earlier in the script)")),
                }
            }
        }
        // Index slot in the schema before constraints so default names can look at siblings.
        self.schema.tables.push(t);
        let ti = self.schema.tables.len() - 1;
        self.defer_check_names = self.dialect == Dialect::Postgres;
        self.pending_fk_indexes = Some(Vec::new());
        self.keep_taken = true;
        for cd in &ct.columns {
            self.add_column(ti, &ColumnSrc::of(cd), ctx, None);
        }
        for c in &ct.constraints {
            if let Err(e) = self.add_constraint(ti, c, false, ctx) {
                self.diag(ctx, Severity::Warning, format!("CREATE TABLE {q}: {e}"));
            }
        }
        self.defer_check_names = false;
        if self.dialect == Dialect::Postgres {
            dedupe_pg_unique(&mut self.schema.tables[ti]);
        }
        let fks = self.pending_fk_indexes.take().unwrap_or_default();
        self.mysql_fk_indexes(ti, fks, ctx);
        let unnamed: Vec<usize> = (0..self.schema.tables[ti].checks.len()).filter(|&i| self.schema.tables[ti].checks[i].name.is_none()).collect();
        let dialect = self.dialect;
        let columns = naming::CheckColumns::of(dialect, &self.schema.tables[ti]);
        for i in unnamed {
            let t = &self.schema.tables[ti];
            let name = naming::default_check_name(dialect, t, t.checks[i].column.as_deref(), &t.checks[i].expression, &self.taken(ti), &columns);
            if let (Some(n), Some(_)) = (&name, self.taken.get_mut().ti) {
                self.taken.get_mut().set.add(naming::NameOf::Check, n);
            }
            self.schema.tables[ti].checks[i].name = name;
        }
        self.keep_taken = false;
        self.taken.get_mut().ti = None;
        self.finish_table(ti);
        Outcome::Applied
    }

    /// Columns of `CREATE TABLE ... AS SELECT` (PostgreSQL, SQLite): named after the select list
    /// as the engine names them, all nullable (neither engine copies NOT NULL), type from a
    /// top-level cast, else unknown. `None` when a name cannot be told (`*`, an unnamed
    /// expression SQLite would name by its text, a set operation, MySQL which copies NOT NULL).
    pub(super) fn ctas_columns(&self, query: &ast::Query) -> Option<Vec<(String, MType)>> {
        if self.dialect == Dialect::Mysql {
            return None;
        }
        let ast::SetExpr::Select(sel) = query.body.as_ref() else { return None };
        let mut out: Vec<(String, MType)> = Vec::new();
        for item in &sel.projection {
            let (name, expr) = match item {
                ast::SelectItem::ExprWithAlias { expr, alias } => (Some(self.ident(alias)), expr),
                ast::SelectItem::UnnamedExpr(expr) => (self.ctas_expr_name(expr), expr),
                _ => return None,
            };
            let data_type = match expr {
                Expr::Cast { data_type, .. } => lower_type(data_type, self.dialect),
                _ => MType::default(),
            };
            out.push((name?, data_type));
        }
        Some(out)
    }

    pub(super) fn ctas_expr_name(&self, e: &Expr) -> Option<String> {
        match e {
            Expr::Identifier(i) => Some(self.ident(i)),
            Expr::CompoundIdentifier(v) => v.last().map(|i| self.ident(i)),
            Expr::Cast { expr, .. } if self.dialect == Dialect::Postgres => self.ctas_expr_name(expr).or_else(|| Some("?column?".into())),
            Expr::Function(f) if self.dialect == Dialect::Postgres => f.name.0.last().map(|p| match p {
                ObjectNamePart::Identifier(i) => self.ident(i),
                ObjectNamePart::Function(f) => self.ident(&f.name),
            }),
            _ if self.dialect == Dialect::Postgres => Some("?column?".into()),
            _ => None,
        }
    }

    /// Post-processing once a table's definition is complete: SQLite rowid/PK nullability.
    pub(super) fn finish_table(&mut self, ti: usize) {
        let dialect = self.dialect;
        let t = &mut self.schema.tables[ti];
        if let Some(pk) = t.primary_key.clone() {
            let sqlite_rowid = dialect == Dialect::Sqlite && is_rowid_alias(t, &pk.columns, self.sqlite_pk_desc);
            // SQLite: PK columns of WITHOUT ROWID and STRICT tables are NOT NULL; in other
            // rowid tables only the rowid alias is (a PK column may hold NULL there).
            if dialect != Dialect::Sqlite || t.without_rowid || t.strict || sqlite_rowid {
                for c in &pk.columns {
                    if let Some(col) = t.column_mut(c) {
                        col.nullable = false;
                    }
                }
            }
            if sqlite_rowid {
                if let Some(pkm) = &mut t.primary_key {
                    if pkm.name.as_deref().is_some_and(|n| n.starts_with("sqlite_autoindex_")) {
                        pkm.name = None;
                    }
                }
                // the autoindex counter did not advance for a rowid alias: renumber the uniques
                renumber_sqlite_autoindexes(t);
            }
        }
    }

    /// Adds (or with `replace`, replaces) a column on table `ti` from its definition.
    pub(super) fn add_column(&mut self, ti: usize, cd: &ColumnSrc, ctx: &Ctx, replace: Option<&str>) {
        let name = self.ident(cd.name);
        let span = {
            let s = self.abs_span(ctx, cd.name.span);
            let whole = self.abs_span(ctx, cd.span());
            Span::new(s.start, whole.end.max(s.end))
        };
        let mut col = Column { name: name.clone(), data_type: lower_type(cd.data_type, self.dialect), nullable: true, span, ..Default::default() };
        if self.dialect == Dialect::Postgres && col.data_type.kind.is_serial() && col.data_type.array_dims == 0 {
            let t = &self.schema.tables[ti];
            let seq = naming::pg_name(&t.name, &name, "seq");
            let seq_q = QualifiedName::new(t.schema.clone(), seq.clone());
            col.nullable = false;
            col.identity = Some(Identity::Serial);
            let qual = sqltext::qualified(Dialect::Postgres, t.schema.as_deref(), &seq);
            col.default = Some(format!("nextval({}::regclass)", sqltext::string_lit(Dialect::Postgres, &qual)));
            col.sequence = Some(seq_q.clone());
            let owner = (t.qualified_name(), name.clone());
            self.add_sequence(seq_q, Some(owner), ctx);
        }
        let mut pending: Vec<(Option<&Ident>, &ColumnOption)> = Vec::new();
        for (oi, &(od_name, option)) in cd.options.iter().enumerate() {
            match option {
                ColumnOption::Null => col.nullable = true,
                ColumnOption::NotNull => col.nullable = false,
                ColumnOption::Default(e) => {
                    let d = self.ex(e);
                    self.note_nextval(&mut col, &d);
                    col.default = Some(d);
                }
                ColumnOption::Comment(c) => col.comment = self.comment_value(c),
                ColumnOption::OnUpdate(e) => col.on_update = Some(self.ex(e)),
                ColumnOption::Collation(c) => col.collation = Some(c.to_string()),
                ColumnOption::Generated { generated_as, generation_expr, generation_expr_mode, .. } => match generation_expr {
                    Some(e) => {
                        col.generated = Some(Generated {
                            expression: self.ex(e),
                            stored: matches!(generation_expr_mode, Some(GeneratedExpressionMode::Stored)) || matches!(generated_as, GeneratedAs::ExpStored),
                        })
                    }
                    None => {
                        col.identity = Some(if matches!(generated_as, GeneratedAs::ByDefault) { Identity::ByDefault } else { Identity::Always });
                        col.nullable = false;
                    }
                },
                ColumnOption::Identity(k) => {
                    col.identity = Some(match k {
                        ast::IdentityPropertyKind::Autoincrement(_) => {
                            if self.dialect == Dialect::Sqlite {
                                Identity::Autoincrement
                            } else {
                                Identity::AutoIncrement
                            }
                        }
                        ast::IdentityPropertyKind::Identity(_) => Identity::Always,
                    })
                }
                ColumnOption::DialectSpecific(toks) => {
                    let s: String = toks.iter().map(|t| t.to_string()).collect::<Vec<_>>().join(" ").to_ascii_uppercase();
                    if s == "DESC" && oi > 0 && matches!(cd.options[oi - 1].1, ColumnOption::PrimaryKey(_)) {
                        self.sqlite_pk_desc = true;
                    } else if s.contains("AUTO_INCREMENT") {
                        col.identity = Some(Identity::AutoIncrement);
                    } else if s.contains("AUTOINCREMENT") {
                        col.identity = Some(Identity::Autoincrement);
                    }
                }
                ColumnOption::PrimaryKey(_) | ColumnOption::Unique(_) | ColumnOption::ForeignKey(_) | ColumnOption::Check(_) => {
                    pending.push((od_name, option));
                }
                _ => {}
            }
        }
        if self.dialect == Dialect::Mysql && col.data_type.kind.is_serial() {
            // MySQL SERIAL = BIGINT UNSIGNED NOT NULL AUTO_INCREMENT UNIQUE
            col.nullable = false;
            col.identity = Some(Identity::AutoIncrement);
        }
        {
            let replaced = replace.and_then(|r| self.schema.tables[ti].columns.iter().position(|c| c.name == r || c.name.eq_ignore_ascii_case(r)));
            match replaced.or_else(|| self.column_position(ti, &name)) {
                Some(i) => {
                    self.schema.tables[ti].columns[i] = col;
                    *self.columns.get_mut() = Default::default();
                }
                None => self.schema.tables[ti].columns.push(col),
            }
        }
        for (cname, opt) in pending {
            let cname_s = cname.map(|n| self.ident(n));
            match opt {
                ColumnOption::PrimaryKey(pk) => {
                    let given = pk.name.as_ref().map(|n| self.ident(n)).or(cname_s);
                    self.set_pk(ti, given, vec![name.clone()], ctx);
                }
                ColumnOption::Unique(u) => {
                    let given = u.name.as_ref().map(|n| self.ident(n)).or(cname_s);
                    self.add_unique(ti, given, vec![name.clone()], u.nulls_distinct == NullsDistinctOption::NotDistinct, ctx);
                }
                ColumnOption::ForeignKey(fk) => {
                    let given = fk.name.as_ref().map(|n| self.ident(n)).or(cname_s);
                    self.add_fk(ti, given.clone(), vec![name.clone()], fk, false, ctx);
                    if self.dialect == Dialect::Mysql {
                        self.note_fk_index(ti, given, ctx);
                    }
                }
                ColumnOption::Check(c) => {
                    let given = c.name.as_ref().map(|n| self.ident(n)).or(cname_s);
                    let expr = self.ex(&c.expr);
                    self.add_check(ti, given, expr, Some(name.clone()), false, ctx);
                }
                _ => {}
            }
        }
    }

    pub(super) fn note_nextval(&mut self, col: &mut Column, default: &str) {
        let l = default.to_ascii_lowercase();
        if self.dialect == Dialect::Postgres && l.starts_with("nextval(") {
            col.identity = Some(Identity::Serial);
            if let Some((raw, _)) = default.find('\'').and_then(|a| sqltext::read_string(self.dialect, default, a)) {
                col.sequence = Some(naming::parse_qualified(self.dialect, &raw));
            }
        }
    }
}
