//! Highlighting of generated code for the code tabs, through the engine's highlighter
//! ([`crate::highlight`]: the same token classes, CSS and HTML escaping as the editor): SQL in its
//! dialect with the SQL lexer; Mermaid `erDiagram` with its own small lexer ([`mermaid_line`]).
//! Per-language parts stay in their own functions so each language can grow on its own.

use super::Target;
use crate::highlight::{push_token, render_line, Class, LexState};

/// The code as HTML with `tok-*` spans, or `None` for a target without a highlighter here.
pub fn to_html(code: &str, target: Target) -> Option<String> {
    let lines = code.trim_end_matches('\n').split('\n');
    let mut out = String::with_capacity(code.len() * 2);
    match target {
        Target::Sql(dialect) => {
            let mut state = LexState::default();
            for (i, line) in lines.enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                state = render_line(line, state, dialect, &[], &mut out);
            }
        }
        Target::Mermaid => {
            for (i, line) in lines.enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                for (class, s, e) in mermaid_line(line) {
                    push_token(&mut out, class, &line[s..e]);
                }
            }
        }
        _ => return None,
    }
    Some(out)
}

/// Mermaid's words: the diagram kind and the key markers of an attribute.
const MERMAID_KEYWORDS: &[&str] = &["erDiagram", "PK", "FK", "UK", "direction", "title"];

/// Runs of one line of a Mermaid `erDiagram`: `%%` comments, `"…"` labels, keywords, relationship
/// arrows (`||--o{`) and braces as punctuation, an attribute's type (the first word inside an
/// entity block) as a type, `name["label"]` names as identifiers. Byte ranges into `line`.
pub fn mermaid_line(line: &str) -> Vec<(Class, usize, usize)> {
    let b = line.as_bytes();
    let mut runs = Vec::new();
    let indent = line.len() - line.trim_start().len();
    // an attribute line: indented twice, inside an entity block
    let attribute = indent >= 8 && !line.trim_start().starts_with('}');
    let mut first_word = true;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        let class = if line[i..].starts_with("%%") {
            i = b.len();
            Class::Comment
        } else if c == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += 1;
            }
            i = (i + 1).min(b.len());
            Class::String
        } else if c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80 {
            while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'"' | b'{' | b'}' | b'[' | b']' | b':' | b',') {
                i += 1;
            }
            let w = &line[start..i];
            let class = if MERMAID_KEYWORDS.contains(&w) {
                Class::Keyword
            } else if attribute && first_word {
                Class::Type
            } else if !attribute && first_word {
                Class::Ident
            } else {
                Class::Plain
            };
            first_word = false;
            class
        } else if c == b' ' || c == b'\t' {
            while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                i += 1;
            }
            Class::Plain
        } else {
            while i < b.len() && b"|o}{.-:[],".contains(&b[i]) && !line[i..].starts_with("%%") {
                i += 1;
            }
            i = i.max(start + 1);
            while !line.is_char_boundary(i) {
                i += 1;
            }
            Class::Punct
        };
        runs.push((class, start, i));
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::generate;
    use crate::parse::parse;

    /// The HTML without its tags, unescaped: the code again.
    fn text_of(html: &str) -> String {
        let mut out = String::new();
        let mut tag = false;
        for c in html.chars() {
            match c {
                '<' => tag = true,
                '>' if tag => tag = false,
                c if !tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&")
    }

    #[test]
    fn every_example_highlights_to_its_own_text_with_tokens() {
        for ex in crate::examples::ALL {
            let schema = parse(ex.sql, ex.dialect).schema;
            for target in [Target::Sql(ex.dialect), Target::Mermaid] {
                let code = generate(&schema, target).code;
                let html = to_html(&code, target).expect("highlighted");
                assert_eq!(text_of(&html), code.trim_end_matches('\n'), "{} {target:?}", ex.id);
                for class in ["tok-kw", "tok-type", "tok-str"] {
                    assert!(html.contains(class), "{} {target:?}: no {class}", ex.id);
                }
            }
        }
    }

    #[test]
    fn mermaid_runs_cover_the_line_and_class_its_parts() {
        let line = r#"        timestamp_with_time_zone created_at FK, UK "not null" %% note"#;
        let runs = mermaid_line(line);
        assert_eq!(runs.first().map(|r| r.1), Some(0));
        assert!(runs.windows(2).all(|w| w[0].2 == w[1].1), "contiguous");
        assert_eq!(runs.last().map(|r| r.2), Some(line.len()));
        let class_of = |word: &str| runs.iter().find(|r| &line[r.1..r.2] == word).map(|r| r.0);
        assert_eq!(class_of("timestamp_with_time_zone"), Some(Class::Type));
        assert_eq!(class_of("FK"), Some(Class::Keyword));
        assert_eq!(class_of("\"not null\""), Some(Class::String));
        assert_eq!(class_of("%% note"), Some(Class::Comment));
        let rel = "    users ||--o{ orders : \"places\"";
        let runs = mermaid_line(rel);
        assert!(runs.iter().any(|r| r.0 == Class::Punct && &rel[r.1..r.2] == "||--o{"), "{runs:?}");
        assert!(runs.iter().any(|r| r.0 == Class::Ident && &rel[r.1..r.2] == "users"));
        // hostile text renders escaped, and any bytes render
        let html = to_html("erDiagram\n    x[\"<script>\"] {\n    }\n", Target::Mermaid).unwrap();
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
        let _ = to_html("\u{1F600}||é\"", Target::Mermaid);
    }
}
