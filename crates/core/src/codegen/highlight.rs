//! Highlighting of generated code for the code tabs, through the engine's one highlighter
//! ([`crate::highlight`]: the same lexer, token classes, CSS and HTML escaping as the editor): each
//! target is read as its language's [`Syntax`] ([`syntax`]).

use super::Target;
use crate::highlight::{render_line, Lang, LexState, Syntax};

/// The language a target's code is written in.
pub fn syntax(target: Target) -> Syntax {
    match target {
        Target::Sql(dialect) => Syntax::from(dialect),
        Target::Prisma => Syntax::of(Lang::Prisma),
        Target::Drizzle | Target::TypeScript | Target::Zod => Syntax::of(Lang::TypeScript),
        Target::Dbml => Syntax::of(Lang::Dbml),
        Target::Mermaid => Syntax::of(Lang::Mermaid),
    }
}

/// The code as HTML with `tok-*` spans, line by line (`\n` between lines, no trailing one).
pub fn to_html(code: &str, target: Target) -> String {
    let syntax = syntax(target);
    let mut out = String::with_capacity(code.len() * 2);
    let mut state = LexState::default();
    for (i, line) in code.trim_end_matches('\n').split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        state = render_line(line, state, syntax, &[], &mut out);
    }
    out
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

    /// Every target of every example: the highlighted HTML is the code again, and has keywords, types
    /// and (where the target writes any) strings and comments marked.
    #[test]
    fn every_target_of_every_example_highlights_to_its_own_text_with_tokens() {
        for ex in crate::examples::ALL {
            let schema = parse(ex.sql, ex.dialect).schema;
            let targets = [Target::Sql(ex.dialect), Target::Mermaid, Target::Prisma, Target::Drizzle, Target::Dbml, Target::TypeScript, Target::Zod];
            for target in targets {
                let code = generate(&schema, target).code;
                if code.trim().is_empty() {
                    continue;
                }
                let html = to_html(&code, target);
                assert_eq!(text_of(&html), code.trim_end_matches('\n'), "{} {target:?}", ex.id);
                assert_eq!(html.matches('\n').count(), code.trim_end_matches('\n').matches('\n').count(), "one line per line");
                assert!(html.contains("tok-kw"), "{} {target:?}: no keyword in\n{code}", ex.id);
                assert!(html.contains("tok-type") || target == Target::Zod, "{} {target:?}: no type in\n{code}", ex.id);
                for (what, class) in [("\"", "tok-str"), ("'", "tok-str"), ("//", "tok-comment"), ("-- ", "tok-comment")] {
                    let lang = syntax(target).lang;
                    let applies = match what {
                        "'" => !matches!(lang, Lang::Prisma | Lang::Mermaid),
                        "//" => matches!(lang, Lang::Prisma | Lang::TypeScript | Lang::Dbml),
                        "-- " => lang == Lang::Sql,
                        _ => !matches!(lang, Lang::Sql),
                    };
                    if applies && code.lines().any(|l| l.trim_start().starts_with(what)) {
                        assert!(html.contains(class), "{} {target:?}: {what} but no {class}", ex.id);
                    }
                }
            }
        }
    }

    #[test]
    fn hostile_text_renders_escaped_in_every_target() {
        for target in [Target::Sql(crate::Dialect::Postgres), Target::Mermaid, Target::Prisma, Target::Drizzle, Target::Dbml, Target::TypeScript, Target::Zod] {
            let html = to_html("x[\"<script>\"] {\n  '</span>' <b> \u{1F600}||é\"\n}\n", target);
            assert!(!html.contains("<script>") && !html.contains("<b>") && html.contains("&lt;script&gt;"), "{target:?}: {html}");
            assert_eq!(text_of(&html), "x[\"<script>\"] {\n  '</span>' <b> \u{1F600}||é\"\n}", "{target:?}");
        }
    }
}
