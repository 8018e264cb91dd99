//! Lint configuration: per-rule level overrides ([`LintConfig`]) and the `schemaplay.toml` reader
//! (a minimal hand-rolled subset: a `[rules]` table of `rule-id = "off"|"info"|"warning"|"error"`,
//! comments and blank lines; no toml crate, to keep the wasm small). Inline suppression comments
//! (`-- schemaplay-ignore rule-id`) are read by [`crate::directives`].

use crate::diagnostic::Severity;
use std::collections::BTreeMap;

/// A rule's configured level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim().to_ascii_lowercase().as_str() {
            "off" | "allow" | "none" => Some(Level::Off),
            "info" => Some(Level::Info),
            "warning" | "warn" => Some(Level::Warning),
            "error" | "deny" => Some(Level::Error),
            _ => None,
        }
    }
    pub fn id(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
    /// The severity findings get (`None` for off).
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// Per-rule overrides; rules not listed run at their default severity.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct LintConfig {
    pub rules: BTreeMap<String, Level>,
}

impl LintConfig {
    pub fn level(&self, rule: &str) -> Option<Level> {
        self.rules.get(rule).copied()
    }

    pub fn set(&mut self, rule: &str, level: Level) {
        self.rules.insert(rule.to_string(), level);
    }

    /// Reads a `schemaplay.toml`. Unknown rule ids and bad values are errors (with their line),
    /// so a typo in CI config does not silently do nothing. Other tables are ignored.
    pub fn from_toml(text: &str) -> Result<LintConfig, String> {
        let mut cfg = LintConfig::default();
        let mut in_rules = false;
        for (n, raw) in text.lines().enumerate() {
            let line = strip_comment(raw).trim();
            if line.is_empty() {
                continue;
            }
            if line.starts_with('[') {
                let name = line.trim_start_matches('[').trim_end_matches(']').trim();
                in_rules = name == "rules" || name == "lint.rules";
                continue;
            }
            if !in_rules {
                continue;
            }
            let (k, v) = line.split_once('=').ok_or_else(|| format!("line {}: expected `rule-id = \"level\"`", n + 1))?;
            let key = unquote(k.trim());
            let val = unquote(v.trim());
            if super::by_id(&key).is_none() {
                return Err(format!("line {}: unknown rule {key:?}", n + 1));
            }
            let level = Level::parse(&val).ok_or_else(|| format!("line {}: {key}: expected \"off\", \"info\", \"warning\" or \"error\", got {val:?}", n + 1))?;
            cfg.set(&key, level);
        }
        Ok(cfg)
    }

    /// Writes the config back as `schemaplay.toml` text.
    pub fn to_toml(&self) -> String {
        let mut s = String::from("[rules]\n");
        for (k, v) in &self.rules {
            s.push_str(&format!("{k} = \"{}\"\n", v.id()));
        }
        s
    }
}

fn strip_comment(line: &str) -> &str {
    let mut in_str = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_str = !in_str,
            '#' if !in_str => return &line[..i],
            _ => {}
        }
    }
    line
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    if s.len() >= 2 && ((s.starts_with('"') && s.ends_with('"')) || (s.starts_with('\'') && s.ends_with('\''))) {
        s[1..s.len() - 1].to_string()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Dialect;

    #[test]
    fn reads_toml() {
        let c = LintConfig::from_toml("# cfg\n[other]\nx = 1\n[rules]\nprefer-jsonb = \"off\"  # no\n\"ban-char-field\" = 'error'\n").unwrap();
        assert_eq!(c.level("prefer-jsonb"), Some(Level::Off));
        assert_eq!(c.level("ban-char-field"), Some(Level::Error));
        assert_eq!(LintConfig::from_toml(&c.to_toml()).unwrap(), c);
        assert!(LintConfig::from_toml("[rules]\nno-such-rule = \"off\"").unwrap_err().contains("line 2"));
        assert!(LintConfig::from_toml("[rules]\nprefer-jsonb = \"loud\"").is_err());
    }

    #[test]
    fn overrides_and_suppressions_apply() {
        let sql = "CREATE TABLE docs (id bigint PRIMARY KEY, body json, meta json);";
        let p = crate::parse::parse(sql, Dialect::Postgres);
        let n = |cfg: &LintConfig, text: &str| super::super::lint(text, &p.schema, cfg).into_iter().filter(|f| f.rule == "prefer-jsonb").collect::<Vec<_>>();
        assert_eq!(n(&LintConfig::default(), sql).len(), 2);
        let mut cfg = LintConfig::default();
        cfg.set("prefer-jsonb", Level::Error);
        assert!(n(&cfg, sql).iter().all(|f| f.severity == Severity::Error));
        cfg.set("prefer-jsonb", Level::Off);
        assert!(n(&cfg, sql).is_empty());

        let sql = "CREATE TABLE docs (\n  id bigint PRIMARY KEY,\n  -- schemaplay-ignore prefer-jsonb\n  body json,\n  meta json -- schemaplay-ignore prefer-jsonb, ban-char-field\n);";
        let p2 = crate::parse::parse(sql, Dialect::Postgres);
        let f: Vec<_> = super::super::lint(sql, &p2.schema, &LintConfig::default()).into_iter().filter(|f| f.rule == "prefer-jsonb").collect();
        assert!(f.is_empty(), "{f:?}");
        let sql = "CREATE TABLE docs (\n  id bigint PRIMARY KEY,\n  -- schemaplay-ignore ban-char-field\n  body json\n);";
        let p3 = crate::parse::parse(sql, Dialect::Postgres);
        assert_eq!(super::super::lint(sql, &p3.schema, &LintConfig::default()).iter().filter(|f| f.rule == "prefer-jsonb").count(), 1);
    }
}
