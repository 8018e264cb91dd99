//! `plaintext-secret`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "plaintext-secret",
    severity: Severity::Warning,
    dialects: ALL_DIALECTS,
    summary: "Secret-like columns (password, token, api_key) that are not hashes",
    why: "A database dump, a replica, a backup or a log of a slow query then leaks working credentials. Passwords must be stored as slow salted hashes (argon2id, bcrypt); API keys and tokens as a hash (SHA-256 is enough for high-entropy tokens) with a visible prefix.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags text-like columns that look like they hold a secret in readable form. Heuristic on the words of the name (split at `_` and camelCase): the last word is `password`, `passwd`, `secret`, `token`, `pin` or `otp`, or the name ends in `api_key`, `apikey`, `private_key`, `secret_key`, `access_key` or `signing_key`. Names that say the value is protected are exempt: a word `hash`, `hashed`, `digest`, `encrypted`, `enc`, `cipher`, `ciphertext` or `salt` anywhere in the name. Columns about a secret rather than holding it (`password_changed_at`, `token_type`) end in another word and are not flagged.",
    fix: "`password_hash text NOT NULL` (argon2id / bcrypt output).",
    bad: table!("accounts", "password text NOT NULL"),
    good: table!("accounts", "password_hash text NOT NULL"),
    ..META.doc()
};

const LAST: &[&str] = &["password", "passwd", "secret", "token", "pin", "otp", "apikey", "pwd"];
const KEY_PREFIX: &[&str] = &["api", "private", "secret", "access", "signing"];
const SAFE: &[&str] = &["hash", "hashed", "digest", "encrypted", "enc", "cipher", "ciphertext", "salt", "crypt", "bcrypt"];

/// Whether a column name looks like it holds a secret in clear.
pub fn secret_like(name: &str) -> bool {
    let w = sqltext::words(name);
    let Some(last) = w.last() else { return false };
    if w.iter().any(|x| SAFE.contains(&x.as_str())) {
        return false;
    }
    LAST.contains(&last.as_str()) || (last == "key" && w.len() >= 2 && KEY_PREFIX.contains(&w[w.len() - 2].as_str()))
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (t, c) in cx.columns().filter(|(_, c)| super::is_textual(c) && secret_like(&c.name)) {
        let message = format!(
            "{} looks like a secret stored as readable {}; any dump, replica, backup or query log leaks it. Store a hash instead (argon2id/bcrypt for passwords, SHA-256 for tokens) in {}_hash.",
            cx.col(t, c),
            c.data_type.spelling,
            c.name
        );
        out.push(cx.on_column(&META, t, c, message));
    }
}

rule_tests! {
    fn names() {
        for n in ["password", "reset_token", "apiKey", "stripe_secret", "private_key"] {
            assert!(secret_like(n), "{n}");
        }
        for n in ["password_hash", "key_hash", "password_changed_at", "token_type", "tokens_used", "encrypted_token", "key", "cache_key"] {
            assert!(!secret_like(n), "{n}");
        }
    }
}
