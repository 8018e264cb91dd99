//! Words in names: splitting (`createdAt`, `api_key`, `HTTPServer`), snake case, and English
//! singular/plural of the last word — for the lint rules that read names and the generators that
//! make names.
//!
//! Contract: total functions (any input, no panic); words are lower case; splitting happens at every
//! character that is not a letter or digit and at case changes (`userId` → `user`, `id`;
//! `HTTPServer` → `http`, `server`; a digit ends a lower-case run: `phone2Number` → `phone2`,
//! `number`).

use std::borrow::Cow;

/// Splits a name into lower-case words (see the module doc).
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase() || prev.is_numeric() || (prev.is_uppercase() && next_lower) {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The name as lower-case snake_case words joined by `_` (`createdAt` → `created_at`); borrowed
/// when it already is.
pub fn snake(name: &str) -> Cow<'_, str> {
    let already = name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') && !name.starts_with('_') && !name.ends_with('_') && !name.contains("__");
    if already {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(words(name).join("_"))
    }
}

/// Irregular (singular, plural) pairs.
const IRREGULAR: &[(&str, &str)] = &[
    ("person", "people"), ("child", "children"), ("man", "men"), ("woman", "women"), ("mouse", "mice"), ("goose", "geese"),
    ("tooth", "teeth"), ("foot", "feet"), ("index", "indices"), ("matrix", "matrices"), ("vertex", "vertices"),
    ("criterion", "criteria"), ("medium", "media"), ("phenomenon", "phenomena"),
];

/// Words that read as a collection already (`data`, `news`, `staff`): their own plural.
const COLLECTIONS: &[&str] = &[
    "analytics", "audio", "cache", "config", "data", "equipment", "feedback", "info", "information", "inventory", "metadata", "music",
    "news", "personnel", "queue", "series", "sms", "software", "species", "staff", "stock", "video",
];

/// Singular words ending in `s` that the rules below would take for plurals.
const SINGULAR_S: &[&str] = &["alias", "analysis", "axis", "basis", "bus", "campus", "canvas", "gas", "lens", "ss", "status"];

/// Words that end in `s` in their singular form (`status`, `alias`): not plurals of a shorter word.
fn singular_s(lw: &str) -> bool {
    SINGULAR_S.contains(&lw) || lw.ends_with("ss") || lw.ends_with("us") || lw.ends_with("is")
}

/// Whether one word reads as a plural (or a collection): `users`, `categories`, `people`,
/// `metadata`, `2024`; not `user`, `status`, `analysis`.
pub fn is_plural_word(w: &str) -> bool {
    let lw = w.to_lowercase();
    if lw.chars().all(|c| c.is_ascii_digit()) || IRREGULAR.iter().any(|(_, p)| *p == lw) {
        return true;
    }
    COLLECTIONS.contains(&lw.as_str()) || lw.ends_with('s') && !singular_s(&lw)
}

/// English singular of one word (`categories` → `category`, `statuses` → `status`).
pub fn singular_word(w: &str) -> String {
    let lw = w.to_ascii_lowercase();
    if lw.len() <= 2 || COLLECTIONS.contains(&lw.as_str()) || SINGULAR_S.contains(&lw.as_str()) || !w.is_ascii() {
        return w.to_string();
    }
    if let Some((s, _)) = IRREGULAR.iter().find(|(_, p)| *p == lw) {
        return s.to_string();
    }
    let strip = |n: usize| w[..w.len() - n].to_string();
    if lw.ends_with("ies") && lw.len() > 4 {
        return strip(3) + "y";
    }
    if ["sses", "xes", "ches", "shes", "zzes", "uses"].iter().any(|e| lw.ends_with(e)) {
        return strip(2);
    }
    if singular_s(&lw) || lw.ends_with("os") && lw.len() <= 3 {
        return w.to_string();
    }
    if lw.ends_with('s') {
        return strip(1);
    }
    w.to_string()
}

/// English plural of one word (`category` → `categories`, `address` → `addresses`).
pub fn plural_word(w: &str) -> String {
    let lw = w.to_ascii_lowercase();
    if lw.is_empty() {
        return "items".into();
    }
    if let Some((_, p)) = IRREGULAR.iter().find(|(s, _)| *s == lw) {
        return p.to_string();
    }
    let b = lw.as_bytes();
    if lw.ends_with('y') && b.len() > 1 && !b"aeiou".contains(&b[b.len() - 2]) && w.is_ascii() {
        return w[..w.len() - 1].to_string() + "ies";
    }
    if lw.ends_with('s') || lw.ends_with('x') || lw.ends_with("ch") || lw.ends_with("sh") || lw.ends_with('z') {
        return w.to_string() + "es";
    }
    w.to_string() + "s"
}

/// Applies `f` to the last word of a name and re-joins in snake case.
fn on_last(s: &str, f: impl Fn(&str) -> String) -> String {
    let mut ws = words(s);
    if let Some(last) = ws.last_mut() {
        *last = f(last);
    }
    ws.join("_")
}

/// `order_items` → `order_item` (snake case).
pub fn singular(s: &str) -> String {
    on_last(s, singular_word)
}

/// `order_item` → `order_items` (snake case).
pub fn plural(s: &str) -> String {
    on_last(s, plural_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        assert_eq!(words("customerEmail"), vec!["customer", "email"]);
        assert_eq!(words("api_key"), vec!["api", "key"]);
        assert_eq!(words("phone2"), vec!["phone2"]);
        assert_eq!(words("phone2Number"), vec!["phone2", "number"]);
        assert_eq!(words("HTTPServer"), vec!["http", "server"]);
        assert_eq!(words("userID"), vec!["user", "id"]);
        assert_eq!(words("Ωmega-x.y"), vec!["ωmega", "x", "y"]);
        assert_eq!(words(""), Vec::<String>::new());
        assert_eq!(snake("createdAt"), "created_at");
        assert!(matches!(snake("created_at"), Cow::Borrowed(_)));
    }

    #[test]
    fn singular_and_plural() {
        for (p, s) in [("users", "user"), ("categories", "category"), ("addresses", "address"), ("boxes", "box"), ("status", "status"), ("people", "person"), ("audit_log", "audit_log"), ("task_labels", "task_label"), ("s", "s")] {
            assert_eq!(singular(p), s, "{p}");
        }
        for (s, p) in [("user", "users"), ("category", "categories"), ("address", "addresses"), ("key", "keys"), ("person", "people")] {
            assert_eq!(plural(s), p, "{s}");
        }
        for w in ["users", "categories", "addresses", "people", "metadata", "settings", "2024", "data", "statuses"] {
            assert!(is_plural_word(w), "{w}");
        }
        for w in ["user", "address", "status", "analysis", "category", "alias"] {
            assert!(!is_plural_word(w), "{w}");
        }
    }
}
