//! A static evaluator for Drizzle schema modules: resolves names through scopes, module-level
//! declarations (evaluated on first use, memoised), imports between the given files and
//! re-exports; calls user functions (arrow functions, `function` declarations) with their
//! arguments bound; hands calls of Drizzle exports to `builtins.rs`.
//!
//! Contract: never executes anything outside this evaluator, never panics, always terminates:
//! evaluation has a step budget and a call-depth limit, a declaration that needs itself is an
//! unknown value, and everything that cannot be known statically is [`Value::Unknown`] carrying
//! the first reason (reported by whoever needed the value).

use super::syntax::{Body, Expr, ExprKind, Func, Item, Pattern, Prop, Stmt};
use super::value::{Builtin, Closure, ColRef, ColSpec, Part, Value};
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::span::Span;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

pub(super) use super::casing::Casing;

/// Evaluation steps allowed for a whole input.
const STEP_BUDGET: usize = 2_000_000;
/// User functions nest at most this deep.
const MAX_CALL_DEPTH: usize = 48;

/// A lexical scope: variables bound by a function call or a block, then the module's own.
#[derive(Debug)]
pub(super) struct Scope<'a> {
    vars: RefCell<HashMap<String, Value<'a>>>,
    parent: Option<Rc<Scope<'a>>>,
    pub module: usize,
}

impl<'a> Scope<'a> {
    pub fn root(module: usize) -> Rc<Scope<'a>> {
        Rc::new(Scope { vars: RefCell::new(HashMap::new()), parent: None, module })
    }

    fn child(parent: &Rc<Scope<'a>>) -> Rc<Scope<'a>> {
        Rc::new(Scope { vars: RefCell::new(HashMap::new()), parent: Some(parent.clone()), module: parent.module })
    }

    fn bind(&self, name: &str, v: Value<'a>) {
        self.vars.borrow_mut().insert(name.to_string(), v);
    }

    fn find(&self, name: &str) -> Option<Value<'a>> {
        if let Some(v) = self.vars.borrow().get(name) {
            return Some(v.clone());
        }
        self.parent.as_ref().and_then(|p| p.find(name))
    }
}

/// How a module-level name is defined.
#[derive(Clone, Debug)]
pub(super) enum Local<'a> {
    Expr(&'a Expr),
    /// `const { a } = expr` / `const [a] = expr`: a member of the value.
    Member(&'a Expr, String),
    Func(&'a Func, Span),
    /// A TS enum: (member, value) with numbered members filled in.
    Enum(Vec<(String, Option<&'a Expr>)>, Span),
    /// `import { imported as local } from source` (`*` for a namespace, `default` for a default import).
    Import(String, String, Span),
}

#[derive(Clone, Debug)]
pub(super) enum Export {
    Local(String),
    From(String, String),
    Namespace(String),
}

/// One file of the input.
#[derive(Debug, Default)]
pub(super) struct Module<'a> {
    /// The file's path as given (`None`: a single unnamed text).
    pub path: Option<String>,
    pub locals: HashMap<String, Local<'a>>,
    pub exports: Vec<(String, Export)>,
    pub star: Vec<String>,
    /// Top-level declarations in order (name, exported), and expression statements.
    pub order: Vec<(String, bool)>,
    pub statements: Vec<&'a Expr>,
}

impl<'a> Module<'a> {
    pub fn new(path: Option<String>, items: &'a [Item]) -> Module<'a> {
        let mut m = Module { path, ..Default::default() };
        for item in items {
            m.add(item);
        }
        m
    }

    fn add(&mut self, item: &'a Item) {
        match item {
            Item::Import(imp) => {
                let span = Span::new(imp.start, imp.start);
                if let Some(d) = &imp.default {
                    self.locals.insert(d.clone(), Local::Import(imp.source.clone(), "default".into(), span));
                }
                if let Some(n) = &imp.namespace {
                    self.locals.insert(n.clone(), Local::Import(imp.source.clone(), "*".into(), span));
                }
                for (imported, local) in &imp.named {
                    self.locals.insert(local.clone(), Local::Import(imp.source.clone(), imported.clone(), span));
                }
            }
            Item::Var { exported, decls, .. } => {
                for (pat, e) in decls {
                    for (name, local) in pattern_locals(pat, e) {
                        self.locals.insert(name.clone(), local);
                        self.order.push((name.clone(), *exported));
                        if *exported {
                            self.exports.push((name.clone(), Export::Local(name)));
                        }
                    }
                }
            }
            Item::Function { exported, name, func, start } => {
                self.locals.insert(name.clone(), Local::Func(func, Span::new(*start, *start)));
                if *exported {
                    self.exports.push((name.clone(), Export::Local(name.clone())));
                }
            }
            Item::Enum { exported, name, members, start } => {
                let members = members.iter().map(|(k, v)| (k.clone(), v.as_ref())).collect();
                self.locals.insert(name.clone(), Local::Enum(members, Span::new(*start, *start)));
                if *exported {
                    self.exports.push((name.clone(), Export::Local(name.clone())));
                }
            }
            Item::ExportNames { names, source, .. } => {
                for (local, exported) in names {
                    let target = match source {
                        Some(s) => Export::From(s.clone(), local.clone()),
                        None => Export::Local(local.clone()),
                    };
                    self.exports.push((exported.clone(), target));
                }
            }
            Item::ExportAll { source, namespace, .. } => match namespace {
                Some(ns) => self.exports.push((ns.clone(), Export::Namespace(source.clone()))),
                None => self.star.push(source.clone()),
            },
            Item::ExportDefault(e) => {
                if let ExprKind::Ident(name) = &e.kind {
                    self.exports.push(("default".into(), Export::Local(name.clone())));
                } else {
                    self.locals.insert("%default".into(), Local::Expr(e));
                    self.exports.push(("default".into(), Export::Local("%default".into())));
                    self.statements.push(e);
                }
            }
            Item::Expr(e) => self.statements.push(e),
            Item::Type { .. } => {}
        }
    }
}

fn pattern_locals<'a>(pat: &Pattern, e: &'a Expr) -> Vec<(String, Local<'a>)> {
    match pat {
        Pattern::Name(n) => vec![(n.clone(), Local::Expr(e))],
        Pattern::Object(members) => members.iter().filter(|(k, l)| !k.is_empty() && !l.is_empty()).map(|(k, l)| (l.clone(), Local::Member(e, k.clone()))).collect(),
        Pattern::Array(items) => items.iter().enumerate().filter_map(|(i, n)| n.as_ref().map(|n| (n.clone(), Local::Member(e, i.to_string())))).collect(),
    }
}

#[derive(Clone, Debug)]
enum Memo<'a> {
    Evaluating,
    Done(Value<'a>),
}

/// A table as the schema defines it (columns by key, extra config still to evaluate).
#[derive(Debug)]
pub(super) struct TableDef<'a> {
    pub name: String,
    pub schema: Option<String>,
    /// (key, column) in order; the column's span is its member's.
    pub cols: Vec<(String, ColSpec<'a>)>,
    pub extra: Option<Value<'a>>,
    pub parts: Vec<Part>,
    pub rls: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub(super) struct EnumDef {
    pub schema: Option<String>,
    pub name: String,
    pub values: Vec<String>,
    pub span: Span,
}

/// The evaluator's state over all files of one input.
pub(super) struct Reader<'a> {
    /// The whole input text (spans index it).
    pub text: &'a str,
    pub modules: Vec<Module<'a>>,
    memo: Vec<HashMap<String, Memo<'a>>>,
    pub tables: Vec<TableDef<'a>>,
    pub enums: Vec<EnumDef>,
    pub relations: Vec<(usize, Rc<Closure<'a>>, Span)>,
    /// `pgSchema("x")` / `mysqlSchema("x")` calls: the name and the call.
    pub schemas: Vec<(String, Span)>,
    pub sequences: Vec<(Option<String>, String, Span)>,
    /// Views declared with `.as(sql`...`)`: the view and its query.
    pub views: Vec<(super::value::ViewSpec, String)>,
    pub diags: Vec<(Severity, Span, String)>,
    pub dialect: Dialect,
    /// Drizzle's `casing` (from a `drizzle.config.ts` given with the schema): the database name
    /// of a column written without one.
    pub casing: Option<Casing>,
    steps: usize,
    depth: usize,
    budget_reported: bool,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str, modules: Vec<Module<'a>>, dialect: Dialect) -> Reader<'a> {
        let memo = modules.iter().map(|_| HashMap::new()).collect();
        Reader { text, casing: None, modules, memo, tables: Vec::new(), enums: Vec::new(), relations: Vec::new(), schemas: Vec::new(), sequences: Vec::new(), views: Vec::new(), diags: Vec::new(), dialect, steps: 0, depth: 0, budget_reported: false }
    }

    pub fn diag(&mut self, severity: Severity, span: Span, message: impl Into<String>) {
        self.diags.push((severity, span, message.into()));
    }

    /// Reports why a value is unknown (once per cause), with `context` in front.
    pub fn report_unknown(&mut self, v: &Value<'a>, fallback: Span, context: &str) {
        let (span, why) = match v {
            Value::Unknown(Some((s, w))) => (*s, w.clone()),
            Value::Unknown(None) => return,
            other => (fallback, format!("expected something else, found {}", other.describe())),
        };
        let msg = if context.is_empty() { why } else { format!("{context}: {why}") };
        if !self.diags.iter().any(|(_, s, m)| *s == span && *m == msg) {
            self.diag(Severity::Warning, span, msg);
        }
    }

    /// Evaluates every top-level declaration and statement of every module (tables register
    /// themselves when their table function is called).
    pub fn run_modules(&mut self) {
        for m in 0..self.modules.len() {
            let names: Vec<String> = self.modules[m].order.iter().map(|(n, _)| n.clone()).collect();
            for n in names {
                self.module_value(m, &n, Span::default());
            }
            let stmts = self.modules[m].statements.clone();
            for e in stmts {
                let scope = Scope::root(m);
                self.eval(e, &scope);
            }
        }
    }

    /// The value of a module-level name (evaluated on first use).
    pub fn module_value(&mut self, m: usize, name: &str, at: Span) -> Value<'a> {
        let v = self.module_value_memo(m, name, at);
        // an import that cannot be followed is reported where the name is used
        match v {
            Value::Unknown(Some((_, why))) if at != Span::default() && matches!(self.modules[m].locals.get(name), Some(Local::Import(..))) => Value::Unknown(Some((at, why))),
            v => v,
        }
    }

    fn module_value_memo(&mut self, m: usize, name: &str, at: Span) -> Value<'a> {
        match self.memo[m].get(name) {
            Some(Memo::Done(v)) => return v.clone(),
            Some(Memo::Evaluating) => return Value::unknown(at, format!("'{name}' is used while it is being defined")),
            None => {}
        }
        let Some(local) = self.modules[m].locals.get(name).cloned() else {
            return self.global(name, at);
        };
        self.memo[m].insert(name.to_string(), Memo::Evaluating);
        let scope = Scope::root(m);
        let v = match local {
            Local::Expr(e) => self.eval(e, &scope),
            Local::Member(e, key) => {
                let obj = self.eval(e, &scope);
                self.member(obj, &key, Span::new(e.start, e.end))
            }
            Local::Func(f, span) => Value::Func(Rc::new(Closure { func: f, scope, span })),
            Local::Enum(members, span) => self.ts_enum(&members, &scope, span),
            Local::Import(source, imported, span) => self.import(m, &source, &imported, span),
        };
        self.memo[m].insert(name.to_string(), Memo::Done(v.clone()));
        v
    }

    fn ts_enum(&mut self, members: &[(String, Option<&'a Expr>)], scope: &Rc<Scope<'a>>, span: Span) -> Value<'a> {
        let mut out = Vec::new();
        let mut next = 0i64;
        for (k, v) in members {
            let val = match v {
                Some(e) => self.eval(e, scope),
                None => Value::Num(next.to_string()),
            };
            if let Value::Num(n) = &val {
                next = n.parse::<i64>().unwrap_or(next) + 1;
            }
            out.push((k.clone(), val, span));
        }
        Value::obj(out)
    }

    /// A name not defined in the module: a Drizzle export used without its import, a JS global,
    /// or unknown.
    fn global(&mut self, name: &str, at: Span) -> Value<'a> {
        // `unknown("col")`: what drizzle-kit pull writes for a type it could not map (see builtins)
        if super::builtins::is_drizzle_name(name) || matches!(name, "Object" | "String" | "Number" | "JSON" | "unknown") {
            return Value::Builtin(Builtin { name: name.to_string(), core: None });
        }
        Value::unknown(at, format!("'{name}' is not defined or imported in the given files"))
    }

    fn import(&mut self, m: usize, source: &str, imported: &str, at: Span) -> Value<'a> {
        if source == "drizzle-orm" || source.starts_with("drizzle-orm/") || source == "drizzle-kit" {
            let core = match source {
                "drizzle-orm/pg-core" => Some(Dialect::Postgres),
                "drizzle-orm/mysql-core" => Some(Dialect::Mysql),
                "drizzle-orm/sqlite-core" => Some(Dialect::Sqlite),
                _ => None,
            };
            return Value::Builtin(Builtin { name: imported.to_string(), core });
        }
        match self.resolve_module(m, source) {
            Some(target) if imported == "*" => self.namespace(target, at),
            Some(target) => {
                let mut seen = Vec::new();
                self.export_value(target, imported, at, &mut seen)
            }
            None => Value::unknown(at, format!("'{imported}' is imported from '{source}', which is not among the given files")),
        }
    }

    /// All exports of a module as an object (for `import * as ns`).
    fn namespace(&mut self, m: usize, at: Span) -> Value<'a> {
        let names: Vec<String> = self.export_names(m, &mut Vec::new());
        let mut out = Vec::new();
        for n in names {
            let v = self.export_value(m, &n, at, &mut Vec::new());
            out.push((n, v, at));
        }
        Value::obj(out)
    }

    fn export_names(&self, m: usize, seen: &mut Vec<usize>) -> Vec<String> {
        if seen.contains(&m) {
            return Vec::new();
        }
        seen.push(m);
        let mut names: Vec<String> = self.modules[m].exports.iter().map(|(n, _)| n.clone()).collect();
        for s in self.modules[m].star.clone() {
            if let Some(t) = self.resolve_module(m, &s) {
                names.extend(self.export_names(t, seen).into_iter().filter(|n| n != "default"));
            }
        }
        names
    }

    fn export_value(&mut self, m: usize, name: &str, at: Span, seen: &mut Vec<(usize, String)>) -> Value<'a> {
        if seen.iter().any(|(sm, sn)| *sm == m && sn == name) || seen.len() > 64 {
            return Value::unknown(at, format!("'{name}' is re-exported in a cycle"));
        }
        seen.push((m, name.to_string()));
        let target = self.modules[m].exports.iter().rev().find(|(n, _)| n == name).map(|(_, e)| e.clone());
        match target {
            Some(Export::Local(l)) => self.module_value(m, &l, at),
            Some(Export::From(src, n)) => match self.resolve_module(m, &src) {
                Some(t) => self.export_value(t, &n, at, seen),
                None => Value::unknown(at, format!("'{n}' is re-exported from '{src}', which is not among the given files")),
            },
            Some(Export::Namespace(src)) => match self.resolve_module(m, &src) {
                Some(t) => self.namespace(t, at),
                None => Value::unknown(at, format!("'{src}' is not among the given files")),
            },
            None => {
                for s in self.modules[m].star.clone() {
                    if let Some(t) = self.resolve_module(m, &s) {
                        if self.export_names(t, &mut Vec::new()).iter().any(|n| n == name) {
                            return self.export_value(t, name, at, seen);
                        }
                    }
                }
                Value::unknown(at, format!("'{name}' is not exported by {}", self.modules[m].path.as_deref().unwrap_or("the module")))
            }
        }
    }

    /// The module an import source names, among the given files (relative paths, and path
    /// aliases such as `@/db/schema` matched by their tail).
    pub fn resolve_module(&self, from: usize, source: &str) -> Option<usize> {
        let stem = |p: &str| -> String {
            let p = p.trim_start_matches("./");
            for ext in [".d.ts", ".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"] {
                if let Some(s) = p.strip_suffix(ext) {
                    return s.to_string();
                }
            }
            p.to_string()
        };
        let names: Vec<Option<String>> = self.modules.iter().map(|m| m.path.as_deref().map(|p| normalize(&stem(p)))).collect();
        let find = |want: &str| -> Option<usize> {
            let want = normalize(want);
            let index = format!("{want}/index");
            names.iter().position(|n| n.as_deref() == Some(want.as_str())).or_else(|| names.iter().position(|n| n.as_deref() == Some(index.as_str())))
        };
        if source.starts_with("./") || source.starts_with("../") || source == "." || source == ".." {
            let dir = self.modules[from].path.as_deref().and_then(|p| p.rsplit_once('/').map(|(d, _)| d.to_string())).unwrap_or_default();
            let joined = if dir.is_empty() { source.to_string() } else { format!("{dir}/{source}") };
            return find(&stem(&joined));
        }
        // A path alias (`@/lib/db/schema`, `~/schema`, `src/db/schema`): match the longest tail.
        let rest = stem(source.trim_start_matches(['@', '~', '$', '#']).trim_start_matches('/'));
        let parts: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
        for k in 0..parts.len() {
            let tail = parts[k..].join("/");
            let hit = names.iter().position(|n| n.as_deref().is_some_and(|n| n == tail || n.ends_with(&format!("/{tail}")) || n == format!("{tail}/index") || n.ends_with(&format!("/{tail}/index"))));
            if hit.is_some() {
                return hit;
            }
        }
        None
    }

    // ---- expressions -------------------------------------------------------------------------

    fn budget(&mut self, span: Span) -> bool {
        self.steps += 1;
        if self.steps > STEP_BUDGET {
            if !self.budget_reported {
                self.budget_reported = true;
                self.diag(Severity::Error, span, "the schema is too large or too repetitive to read statically (evaluation budget exhausted); the rest is not read");
            }
            return false;
        }
        true
    }

    pub fn eval(&mut self, e: &'a Expr, scope: &Rc<Scope<'a>>) -> Value<'a> {
        let span = Span::new(e.start, e.end);
        if !self.budget(span) {
            return Value::Unknown(None);
        }
        match &e.kind {
            ExprKind::Ident(n) if n == "undefined" => Value::Undefined,
            ExprKind::Ident(n) => match scope.find(n) {
                Some(v) => v,
                None => self.module_value(scope.module, n, span),
            },
            ExprKind::Str(s) => Value::Str(s.clone()),
            ExprKind::Num(n) => Value::Num(n.trim_end_matches('n').to_string()),
            ExprKind::Bool(b) => Value::Bool(*b),
            ExprKind::Null => Value::Null,
            ExprKind::Regex => Value::unknown(span, "a regular expression"),
            ExprKind::Error => Value::Unknown(None),
            ExprKind::Template { tag, strings, exprs } => {
                let vals: Vec<Value<'a>> = exprs.iter().map(|x| self.eval(x, scope)).collect();
                match tag {
                    Some(t) => {
                        let tag = self.eval(t, scope);
                        match tag {
                            Value::Builtin(b) if b.name == "sql" => super::builtins::sql_template(self, strings, &vals, span),
                            Value::Unknown(_) => tag,
                            _ => Value::unknown(span, "a tagged template other than sql``"),
                        }
                    }
                    None => plain_template(strings, &vals, span),
                }
            }
            ExprKind::Array(items) => {
                let mut out = Vec::new();
                for x in items {
                    self.push_element(x, scope, &mut out);
                }
                Value::Arr(Rc::new(out))
            }
            ExprKind::Object(props) => self.object(props, scope),
            ExprKind::Member(obj, prop) => {
                let o = self.eval(obj, scope);
                self.member(o, prop, span)
            }
            ExprKind::Index(obj, ix) => {
                let o = self.eval(obj, scope);
                match self.eval(ix, scope) {
                    Value::Str(k) | Value::Num(k) => self.member(o, &k, span),
                    u @ Value::Unknown(_) => u,
                    _ => Value::unknown(span, "a computed member"),
                }
            }
            ExprKind::Call(callee, args) => {
                let argv = self.args(args, scope);
                if let ExprKind::Member(recv, name) = &callee.kind {
                    let r = self.eval(recv, scope);
                    return self.call_method(r, name, argv, span);
                }
                let f = self.eval(callee, scope);
                self.call(f, argv, span)
            }
            ExprKind::New(..) => Value::unknown(span, "'new' expressions are not evaluated"),
            ExprKind::Func(f) => Value::Func(Rc::new(Closure { func: f, scope: scope.clone(), span })),
            ExprKind::Spread(_) => Value::unknown(span, "a spread outside a list"),
            ExprKind::Unary(op, x) => {
                let v = self.eval(x, scope);
                match (*op, &v) {
                    ("!", _) => v.truthy().map_or_else(|| Value::unknown(span, "a condition"), |b| Value::Bool(!b)),
                    ("-", Value::Num(n)) => Value::Num(if let Some(p) = n.strip_prefix('-') { p.to_string() } else { format!("-{n}") }),
                    ("+", Value::Num(_)) => v,
                    ("await", _) => v,
                    _ => Value::unknown(span, format!("the operator '{op}'")),
                }
            }
            ExprKind::Binary(op, a, b) => self.binary(op, a, b, scope, span),
            ExprKind::Cond(c, a, b) => match self.eval(c, scope).truthy() {
                Some(true) => self.eval(a, scope),
                Some(false) => self.eval(b, scope),
                None => Value::unknown(span, "a condition that depends on run-time values"),
            },
        }
    }

    fn push_element(&mut self, x: &'a Expr, scope: &Rc<Scope<'a>>, out: &mut Vec<Value<'a>>) {
        if let ExprKind::Spread(inner) = &x.kind {
            match self.eval(inner, scope) {
                Value::Arr(items) => out.extend(items.iter().cloned()),
                u @ Value::Unknown(_) => out.push(u),
                other => out.push(Value::unknown(Span::new(x.start, x.end), format!("spreading {} into a list", other.describe()))),
            }
        } else {
            out.push(self.eval(x, scope));
        }
    }

    fn args(&mut self, args: &'a [Expr], scope: &Rc<Scope<'a>>) -> Vec<(Value<'a>, Span)> {
        let mut out = Vec::new();
        for a in args {
            let span = Span::new(a.start, a.end);
            let mut vals = Vec::new();
            self.push_element(a, scope, &mut vals);
            out.extend(vals.into_iter().map(|v| (v, span)));
        }
        out
    }

    fn object(&mut self, props: &'a [Prop], scope: &Rc<Scope<'a>>) -> Value<'a> {
        let mut out: Vec<(String, Value<'a>, Span)> = Vec::new();
        for p in props {
            match p {
                Prop::Pair { key, key_start, value } => {
                    let v = self.eval(value, scope);
                    out.push((key.clone(), v, Span::new(*key_start, value.end)));
                }
                Prop::Spread(x) => {
                    let span = Span::new(x.start, x.end);
                    match self.eval(x, scope) {
                        Value::Obj(m) => out.extend(m.iter().map(|(k, v, _)| (k.clone(), v.clone(), span))),
                        Value::Undefined | Value::Null => {}
                        u @ Value::Unknown(_) => out.push((format!("...{}", out.len()), u, span)),
                        other => out.push((format!("...{}", out.len()), Value::unknown(span, format!("spreading {} into an object", other.describe())), span)),
                    }
                }
                Prop::Other(at) => out.push((format!("?{at}"), Value::Unknown(None), Span::new(*at, *at))),
            }
        }
        Value::obj(out)
    }

    fn binary(&mut self, op: &str, a: &'a Expr, b: &'a Expr, scope: &Rc<Scope<'a>>, span: Span) -> Value<'a> {
        let l = self.eval(a, scope);
        match op {
            "??" => match l {
                Value::Undefined | Value::Null => self.eval(b, scope),
                Value::Unknown(_) => l,
                _ => l,
            },
            "||" | "&&" => match (op, l.truthy()) {
                ("||", Some(true)) | ("&&", Some(false)) => l,
                (_, Some(_)) => self.eval(b, scope),
                (_, None) => l,
            },
            "+" => {
                let r = self.eval(b, scope);
                match (&l, &r) {
                    (Value::Num(x), Value::Num(y)) => match (x.parse::<f64>(), y.parse::<f64>()) {
                        (Ok(x), Ok(y)) => Value::Num(format_num(x + y)),
                        _ => Value::unknown(span, "an addition"),
                    },
                    (Value::Str(_) | Value::Num(_), Value::Str(_) | Value::Num(_)) => Value::Str(format!("{}{}", plain(&l), plain(&r))),
                    (Value::Unknown(_), _) => l,
                    (_, Value::Unknown(_)) => r,
                    _ => Value::unknown(span, "an addition"),
                }
            }
            _ => Value::unknown(span, format!("the operator '{op}'")),
        }
    }

    /// `obj.prop` on a value.
    pub fn member(&mut self, obj: Value<'a>, prop: &str, span: Span) -> Value<'a> {
        match obj {
            Value::Obj(m) => m.iter().rev().find(|(k, _, _)| k == prop).map(|(_, v, _)| v.clone()).unwrap_or(Value::Undefined),
            Value::Arr(items) => match prop {
                "length" => Value::Num(items.len().to_string()),
                _ => prop.parse::<usize>().ok().and_then(|i| items.get(i).cloned()).unwrap_or(Value::Undefined),
            },
            Value::Str(s) if prop == "length" => Value::Num(s.chars().count().to_string()),
            Value::Table(t) => {
                if self.tables[t].cols.iter().any(|(k, _)| k == prop) {
                    Value::ColRef(Box::new(ColRef { table: t, key: prop.to_string(), desc: false, nulls_first: None, opclass: None, span }))
                } else {
                    Value::unknown(span, format!("table '{}' has no column '{prop}'", self.tables[t].name))
                }
            }
            Value::Enum(i) => match prop {
                "enumValues" => Value::Arr(Rc::new(self.enums[i].values.iter().map(|v| Value::Str(v.clone())).collect())),
                "enumName" => Value::Str(self.enums[i].name.clone()),
                _ => Value::Undefined,
            },
            Value::Builtin(b) if b.name == "*" => Value::Builtin(Builtin { name: prop.to_string(), core: b.core }),
            Value::Builtin(b) => Value::Builtin(Builtin { name: format!("{}.{prop}", b.name), core: b.core }),
            u @ Value::Unknown(_) => u,
            other => Value::unknown(span, format!("the member '{prop}' of {}", other.describe())),
        }
    }

    /// `f(args)`.
    pub fn call(&mut self, f: Value<'a>, args: Vec<(Value<'a>, Span)>, span: Span) -> Value<'a> {
        match f {
            Value::Builtin(b) => super::builtins::call(self, &b, args, span),
            Value::Func(c) => self.invoke(&c, args.into_iter().map(|(v, _)| v).collect(), span),
            Value::Enum(i) => super::builtins::enum_column(self, i, args, span),
            Value::TableCreator(d, namer) => super::builtins::created_table(self, d, &namer, args, span),
            Value::CustomType(c, d) => super::builtins::custom_column(self, &c, d, args, span),
            u @ Value::Unknown(_) => u,
            other => Value::unknown(span, format!("calling {}", other.describe())),
        }
    }

    /// `recv.name(args)`.
    pub fn call_method(&mut self, recv: Value<'a>, name: &str, args: Vec<(Value<'a>, Span)>, span: Span) -> Value<'a> {
        match recv {
            Value::Obj(_) | Value::Builtin(_) | Value::Enum(_) => {
                let f = self.member(recv, name, span);
                self.call(f, args, span)
            }
            other => super::builtins::method(self, other, name, args, span),
        }
    }

    /// Calls a user function with `args` bound to its parameters.
    pub fn invoke(&mut self, c: &Closure<'a>, args: Vec<Value<'a>>, span: Span) -> Value<'a> {
        if self.depth >= MAX_CALL_DEPTH {
            return Value::unknown(span, "functions call each other too deeply");
        }
        self.depth += 1;
        let scope = Scope::child(&c.scope);
        for (i, p) in c.func.params.iter().enumerate() {
            let a = args.get(i).cloned().unwrap_or(Value::Undefined);
            self.bind_pattern(&scope, p, a, span);
        }
        let v = match &c.func.body {
            Body::Expr(e) => self.eval(e, &scope),
            Body::Block(stmts) => self.block(stmts, &scope, span),
        };
        self.depth -= 1;
        v
    }

    fn bind_pattern(&mut self, scope: &Rc<Scope<'a>>, p: &Pattern, v: Value<'a>, span: Span) {
        match p {
            Pattern::Name(n) => scope.bind(n, v),
            Pattern::Object(members) => {
                for (k, l) in members {
                    if l.is_empty() {
                        continue;
                    }
                    let m = if k.is_empty() { Value::Unknown(None) } else { self.member(v.clone(), k, span) };
                    scope.bind(l, m);
                }
            }
            Pattern::Array(items) => {
                for (i, n) in items.iter().enumerate() {
                    if let Some(n) = n {
                        let m = self.member(v.clone(), &i.to_string(), span);
                        scope.bind(n, m);
                    }
                }
            }
        }
    }

    fn block(&mut self, stmts: &'a [Stmt], scope: &Rc<Scope<'a>>, span: Span) -> Value<'a> {
        for s in stmts {
            match s {
                Stmt::Var(decls) => {
                    for (p, e) in decls {
                        let v = self.eval(e, scope);
                        self.bind_pattern(scope, p, v, span);
                    }
                }
                Stmt::Func(name, f) => scope.bind(name, Value::Func(Rc::new(Closure { func: f, scope: scope.clone(), span }))),
                Stmt::Return(Some(e)) => return self.eval(e, scope),
                Stmt::Return(None) => return Value::Undefined,
                Stmt::Expr(e) => {
                    self.eval(e, scope);
                }
                Stmt::Other => {}
            }
        }
        Value::Undefined
    }
}

/// `a/./b/../c` → `a/c`.
fn normalize(p: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for seg in p.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

fn plain(v: &Value) -> String {
    match v {
        Value::Str(s) | Value::Num(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        Value::Undefined => "undefined".into(),
        _ => String::new(),
    }
}

fn format_num(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// An untagged template literal: a string when every substitution is a plain value.
fn plain_template<'a>(strings: &[String], vals: &[Value<'a>], span: Span) -> Value<'a> {
    let mut s = String::new();
    for (i, part) in strings.iter().enumerate() {
        s.push_str(part);
        if let Some(v) = vals.get(i) {
            match v {
                Value::Str(_) | Value::Num(_) | Value::Bool(_) | Value::Null | Value::Undefined => s.push_str(&plain(v)),
                Value::Unknown(_) => return v.clone(),
                other => return Value::unknown(span, format!("a template literal holding {}", other.describe())),
            }
        }
    }
    Value::Str(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise() {
        assert_eq!(normalize("a/./b/../c"), "a/c");
        assert_eq!(normalize("./x"), "x");
        assert_eq!(format_num(3.0), "3");
    }
}
