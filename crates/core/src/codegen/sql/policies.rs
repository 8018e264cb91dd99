//! What follows the tables in PostgreSQL: table and column comments, row level security and its
//! policies (which only a PostgreSQL source has).

use super::{ident, string_lit, Gen, TableCx};
use crate::model::Policy;
use crate::Dialect;

/// `COMMENT ON` (PostgreSQL; MySQL and SQLite keep comments inside `CREATE TABLE`), then row
/// level security and the policies, into `after`.
pub(super) fn comments_and_rls(g: &mut Gen, cx: &TableCx, after: &mut Vec<String>) {
    let (to, from, t, tname) = (g.to, g.from, cx.t, &cx.tname);
    if to == Dialect::Postgres {
        if let Some(c) = &t.comment {
            after.push(format!("COMMENT ON TABLE {tname} IS {};", string_lit(to, c)));
        }
        for c in &t.columns {
            if let Some(cm) = &c.comment {
                after.push(format!("COMMENT ON COLUMN {tname}.{} IS {};", ident(to, &c.name), string_lit(to, cm)));
            }
        }
    }
    if !t.rls_enabled && t.policies.is_empty() {
        return;
    }
    if to != Dialect::Postgres {
        g.warn(format!("table {}: row level security{} cannot be expressed in {}", cx.label, if t.policies.is_empty() { String::new() } else { format!(" and {} policies", t.policies.len()) }, to.label()));
        return;
    }
    if t.rls_enabled {
        after.push(format!("ALTER TABLE {tname} ENABLE ROW LEVEL SECURITY;"));
    }
    if t.rls_forced {
        after.push(format!("ALTER TABLE {tname} FORCE ROW LEVEL SECURITY;"));
    }
    for p in &t.policies {
        if from == Dialect::Postgres {
            after.push(create_policy(to, tname, p));
        } else {
            g.warn(format!("policy {} on {} cannot be expressed from {}; left out", p.name, cx.label, from.label()));
        }
    }
}

/// `CREATE POLICY ... ;` for a PostgreSQL row-level-security policy on the (already quoted) table
/// `tname` (also used by the schema differ and the readers).
pub(crate) fn create_policy(to: Dialect, tname: &str, p: &Policy) -> String {
    let mut s = format!("CREATE POLICY {} ON {tname}", ident(to, &p.name));
    if !p.permissive {
        s.push_str(" AS RESTRICTIVE");
    }
    let cmd = p.command.to_ascii_uppercase();
    if !cmd.is_empty() && cmd != "ALL" {
        s.push_str(&format!(" FOR {cmd}"));
    }
    if !p.roles.is_empty() {
        let roles: Vec<String> = p
            .roles
            .iter()
            .map(|r| {
                let l = r.to_ascii_lowercase();
                if matches!(l.as_str(), "public" | "current_user" | "session_user" | "current_role") {
                    l.to_uppercase()
                } else {
                    ident(to, r)
                }
            })
            .collect();
        s.push_str(&format!(" TO {}", roles.join(", ")));
    }
    if let Some(u) = &p.using {
        s.push_str(&format!(" USING ({u})"));
    }
    if let Some(w) = &p.with_check {
        s.push_str(&format!(" WITH CHECK ({w})"));
    }
    s.push(';');
    s
}
