//! Column defaults in the target: kept as written for the source dialect; for another one the
//! clock, date and uuid functions are mapped, literals are checked against the column's type and
//! re-quoted, other expressions are translated ([`super::expressions`]) or left out with a warning.

use super::expressions::{tokenize, translate_expr};
use super::types::{enum_values, is_temporal, ts_fsp};
use super::{string_lit, Gen};
use crate::model::{Column, DataType, TypeKind};
use crate::sqltext::expr::Tok;
use crate::Dialect;

/// `2000-01-01 00:00:00+00:00` → `2000-01-01 00:00:00` (a literal every engine reads), or None.
fn plain_datetime(s: &str) -> Option<String> {
    let t = s.trim();
    let mut v = t.trim_end_matches(" UTC").trim_end_matches('Z').to_string();
    // strip a trailing numeric offset (+00, +00:00, -0530)
    if let Some(pos) = v.rfind(['+', '-']) {
        if pos > 10 && v[pos + 1..].chars().all(|c| c.is_ascii_digit() || c == ':') {
            v.truncate(pos);
        }
    }
    let v = v.replace('T', " ");
    let ok = v.chars().all(|c| c.is_ascii_digit() || " -:.".contains(c)) && !v.is_empty() && (v.len() >= 8);
    if ok {
        Some(v.trim().to_string())
    } else {
        None
    }
}

/// `CURRENT_TIMESTAMP` for MySQL, with the precision of the column's timestamp type.
fn mysql_current_timestamp(from: Dialect, k: &TypeKind) -> String {
    let p = ts_fsp(from, k);
    if p == 0 {
        "CURRENT_TIMESTAMP".into()
    } else {
        format!("CURRENT_TIMESTAMP({p})")
    }
}

/// A literal default, possibly signed, cast or in parentheses: (negative, the literal's token).
fn literal(toks: &[Tok]) -> Option<(bool, Tok)> {
    let toks: Vec<&Tok> = toks.iter().filter(|t| **t != Tok::Open && **t != Tok::Close).collect();
    let mut it = toks.iter().peekable();
    let mut neg = false;
    if let Some(Tok::Op(o)) = it.peek() {
        if o == "-" || o == "+" {
            neg = o == "-";
            it.next();
        }
    }
    let first = (*it.next()?).clone();
    // rest must be a cast or nothing
    if let Some(Tok::Op(o)) = it.peek() {
        if o != "::" {
            return None;
        }
        it.next();
        if !it.all(|t| matches!(t, Tok::Word(_) | Tok::Quoted(_) | Tok::Num(_) | Tok::Comma) || matches!(t, Tok::Op(o) if o == "::" || o == ".")) {
            return None;
        }
    } else if it.next().is_some() {
        return None;
    }
    Some((neg, first))
}

/// What a default is checked against: the column, its label and its type behind its domains.
struct Cx<'c> {
    col: &'c Column,
    /// The default as written.
    d: &'c str,
    label: String,
    kind: &'c TypeKind,
    boolean: bool,
    enum_vals: Option<&'c [String]>,
}

impl Gen<'_> {
    /// A column default for the target, or None (with a warning) when it cannot be expressed.
    /// `rt` is the column's type behind its domains ([`Self::base_type`]).
    pub(super) fn render_default(&mut self, ti: usize, col: &Column, rt: &DataType) -> Option<String> {
        let d = col.default.as_deref()?.trim();
        let t = &self.schema.tables[ti];
        let label = format!("{}.{}", self.label(t), col.name);
        let lower = d.to_ascii_lowercase();
        let to = self.to;
        if lower.starts_with("nextval(") {
            if self.from == Dialect::Postgres && to == Dialect::Postgres {
                return Some(d.to_string());
            }
            self.warn(format!("{label}: default {d} (a sequence) is not generated for {}", to.label()));
            return None;
        }
        if self.from == to {
            return Some(same_dialect_default(d, to));
        }
        let stripped = crate::sqltext::strip_outer_parens(self.from, &lower).to_string();
        let cx = Cx { col, d, label, kind: &rt.kind, boolean: rt.kind.is_boolean(self.from), enum_vals: enum_values(self.schema, rt) };
        if let Some(known) = self.function_default(&cx, &stripped) {
            return known;
        }
        // literals, possibly with casts, possibly in parentheses
        let Some((neg, first)) = tokenize(d, self.from).as_deref().and_then(literal) else {
            if let Some(x) = translate_expr(d, Some(t), self.from, to) {
                return Some(match to {
                    Dialect::Postgres => x,
                    _ => format!("({x})"),
                });
            }
            self.warn(format!("{}: default {d} cannot be expressed in {}; left out", cx.label, to.label()));
            return None;
        };
        self.literal_default(&cx, neg, first)
    }

    /// The clock, date and uuid functions every target has a spelling of: `Some(the default)`, or
    /// `None` when `stripped` is none of them.
    fn function_default(&mut self, cx: &Cx, stripped: &str) -> Option<Option<String>> {
        let to = self.to;
        let now_like = matches!(
            stripped,
            "now()" | "current_timestamp" | "current_timestamp()" | "localtimestamp" | "transaction_timestamp()" | "statement_timestamp()" | "clock_timestamp()" | "datetime('now')" | "datetime('now','localtime')" | "sysdate()" | "utc_timestamp()" | "utc_timestamp"
        ) || stripped.starts_with("current_timestamp(") || stripped.starts_with("now(") || stripped.starts_with("localtimestamp(");
        if now_like {
            return Some(match to {
                Dialect::Postgres => Some("CURRENT_TIMESTAMP".into()),
                Dialect::Mysql => match cx.kind {
                    TypeKind::Timestamp { .. } => Some(mysql_current_timestamp(self.from, cx.kind)),
                    _ => {
                        self.warn(format!("{}: default {} is not generated for a non-timestamp column in MySQL", cx.label, cx.d));
                        None
                    }
                },
                Dialect::Sqlite => Some("CURRENT_TIMESTAMP".into()),
            });
        }
        if matches!(stripped, "current_date" | "curdate()" | "current_date()" | "date('now')") {
            return Some(match to {
                Dialect::Mysql => Some("(CURRENT_DATE)".into()),
                _ => Some("CURRENT_DATE".into()),
            });
        }
        if matches!(stripped, "gen_random_uuid()" | "uuid_generate_v4()" | "uuid()" | "uuid_generate_v1()" | "uuidv4()" | "uuidv7()") {
            return Some(match to {
                Dialect::Postgres => Some("gen_random_uuid()".into()),
                Dialect::Mysql => Some("(uuid())".into()),
                Dialect::Sqlite => Some("(lower(hex(randomblob(16))))".into()),
            });
        }
        None
    }

    /// A literal default (`neg`: it had a minus sign) checked against the column's type.
    fn literal_default(&mut self, cx: &Cx, neg: bool, first: Tok) -> Option<String> {
        let (to, d, label, boolean) = (self.to, cx.d, &cx.label, cx.boolean);
        let sign = if neg { "-" } else { "" };
        match (first, cx.kind) {
            (Tok::Num(n), _) if boolean && !neg && (n == "0" || n == "1") => Some(match to {
                Dialect::Postgres | Dialect::Sqlite => if n == "1" { "true".into() } else { "false".into() },
                Dialect::Mysql => n,
            }),
            (Tok::Str(s), _) if boolean && !neg && matches!(s.to_ascii_lowercase().as_str(), "0" | "1" | "t" | "f" | "true" | "false") => {
                let v = matches!(s.to_ascii_lowercase().as_str(), "1" | "t" | "true");
                Some(match to {
                    Dialect::Mysql => if v { "1".into() } else { "0".into() },
                    _ => if v { "true".into() } else { "false".into() },
                })
            }
            (Tok::Num(n), k) if !(boolean || cx.enum_vals.is_some() || is_temporal(k) || matches!(k, TypeKind::Uuid | TypeKind::Json { .. })) => Some(format!("{sign}{n}")),
            (Tok::Str(s), _) if !neg => self.string_default(cx, s),
            (Tok::Word(w), _) if w.eq_ignore_ascii_case("null") => Some("NULL".into()),
            (Tok::Word(w), k) if (w.eq_ignore_ascii_case("true") || w.eq_ignore_ascii_case("false")) && !neg => {
                let v = w.eq_ignore_ascii_case("true");
                match (to, k) {
                    (Dialect::Mysql, _) => Some(if v { "1".into() } else { "0".into() }),
                    _ if boolean => Some(if v { "true".into() } else { "false".into() }),
                    (_, TypeKind::Int { .. }) => Some(if v { "1".into() } else { "0".into() }),
                    _ => {
                        self.warn(format!("{label}: default {d} does not fit the column type; left out"));
                        None
                    }
                }
            }
            _ => {
                self.warn(format!("{label}: default {d} cannot be expressed in {}; left out", to.label()));
                None
            }
        }
    }

    /// A string literal default, when it is a value of the column's type.
    fn string_default(&mut self, cx: &Cx, mut s: String) -> Option<String> {
        let (to, d, label, k) = (self.to, cx.d, &cx.label, cx.kind);
        if s.starts_with("0000-00-00") {
            self.warn(format!("{label}: zero-date default {d} left out"));
            return None;
        }
        if is_temporal(k) {
            let l = s.trim().to_ascii_lowercase();
            if l == "now" || l == "today" || l == "current_timestamp" {
                return match (to, k) {
                    (_, TypeKind::Date) => Some(if to == Dialect::Mysql { "(CURRENT_DATE)".into() } else { "CURRENT_DATE".into() }),
                    (Dialect::Mysql, _) => Some(mysql_current_timestamp(self.from, k)),
                    _ => Some("CURRENT_TIMESTAMP".into()),
                };
            }
            match plain_datetime(&s) {
                Some(v) => s = v,
                None => {
                    self.warn(format!("{label}: default {d} is not a plain date/time literal; left out"));
                    return None;
                }
            }
        }
        let numeric = !cx.boolean && matches!(k, TypeKind::Int { .. } | TypeKind::Decimal { .. } | TypeKind::Float { .. });
        let not_fitting = if cx.enum_vals.is_some_and(|vals| !vals.contains(&s)) {
            Some("is not one of the enum's values")
        } else if numeric && s.trim().parse::<f64>().is_err() {
            Some("is not a number")
        } else if matches!(k, TypeKind::Uuid) && to == Dialect::Postgres && s.len() != 36 {
            Some("is not a uuid")
        } else if cx.boolean {
            Some("is not a boolean")
        } else if to == Dialect::Mysql && matches!(k, TypeKind::Json { .. }) && !(s.starts_with('{') || s.starts_with('[') || s.starts_with('"') || s == "null") {
            Some("is not JSON")
        } else {
            None
        };
        if let Some(why) = not_fitting {
            self.warn(format!("{label}: default {d} {why}; left out"));
            return None;
        }
        if to == Dialect::Mysql && matches!(k, TypeKind::Binary(_)) {
            return Some(format!("({})", string_lit(to, &s)));
        }
        if cx.col.data_type.array_dims > 0 && to != Dialect::Postgres {
            self.warn(format!("{label}: array default {d} left out"));
            return None;
        }
        Some(string_lit(to, &s))
    }
}

/// A default for the dialect it was written in: as written (SQLite wants anything but a literal
/// in parentheses).
fn same_dialect_default(d: &str, to: Dialect) -> String {
    if to == Dialect::Sqlite && !d.starts_with('(') {
        let simple = tokenize(d, to).is_some_and(|t| {
            t.len() == 1
                || (t.len() == 2 && matches!(&t[0], Tok::Op(o) if o == "-" || o == "+"))
                || (t.len() == 1 && matches!(&t[0], Tok::Word(_)))
        });
        if !simple {
            return format!("({d})");
        }
    }
    d.to_string()
}
