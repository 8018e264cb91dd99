//! Lint time on a generated 1,000-table PostgreSQL dump (pg_dump style: CREATE TABLE, then
//! ALTER TABLE ... ADD CONSTRAINT keys and foreign keys, CREATE INDEX, RLS and policies), plus
//! the default example. Prints parse and lint times separately; the quality bar is no freeze
//! over 100 ms for the whole pipeline on such a dump. Then 20,000 `-- schemaplay-ignore` lines:
//! the directive reader is one pass with binary-searched lookups (the reader before it compared
//! every finding with every directive line: 1.4 s for this input, issue 18).
//! `cargo bench -p schemaplay-core --bench lint`.

use schemaplay_core::lint::{lint, Ctx, LintConfig, RULES};
use schemaplay_core::parse::parse;
use schemaplay_core::Dialect;
use std::fmt::Write;
use std::time::{Duration, Instant};

/// A pg_dump-like schema of `n` tables with foreign keys to earlier tables, a mix of indexed and
/// unindexed FKs, soft deletes, tenant columns, RLS on some tables, and a few smells.
fn dump(n: usize) -> String {
    let mut s = String::from("SET statement_timeout = 0;\nCREATE TYPE public.status AS ENUM ('a', 'b');\n");
    for i in 0..n {
        let _ = write!(
            s,
            "\nCREATE TABLE public.t{i}s (\n    id bigint NOT NULL,\n    org_id bigint NOT NULL,\n    parent_id bigint,\n    other_id integer,\n    name character varying(200) NOT NULL,\n    price double precision,\n    payload json,\n    phone1 text,\n    phone2 text,\n    created_at timestamp without time zone DEFAULT now() NOT NULL,\n    updated_at timestamp with time zone DEFAULT now() NOT NULL,\n    deleted_at timestamp with time zone\n);\n"
        );
    }
    for i in 0..n {
        let _ = write!(s, "\nALTER TABLE ONLY public.t{i}s\n    ADD CONSTRAINT t{i}s_pkey PRIMARY KEY (id);\n");
    }
    for i in 1..n {
        let p = i / 2;
        let q = (i * 7) % n;
        let _ = write!(
            s,
            "\nALTER TABLE ONLY public.t{i}s\n    ADD CONSTRAINT t{i}s_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.t{p}s(id) ON DELETE CASCADE;\nALTER TABLE ONLY public.t{i}s\n    ADD CONSTRAINT t{i}s_other_id_fkey FOREIGN KEY (other_id) REFERENCES public.t{q}s(id);\n"
        );
        if i % 2 == 0 {
            let _ = write!(s, "CREATE INDEX idx_t{i}s_parent_id ON public.t{i}s USING btree (parent_id);\nCREATE INDEX idx_t{i}s_parent_id_name ON public.t{i}s USING btree (parent_id, name);\n");
        }
        if i % 3 == 0 {
            let _ = write!(s, "ALTER TABLE public.t{i}s ENABLE ROW LEVEL SECURITY;\nCREATE POLICY tenant_isolation ON public.t{i}s USING (org_id = current_setting('app.current_org_id')::bigint);\n");
        }
    }
    s
}

fn time<T>(mut f: impl FnMut() -> T) -> (f64, u32, T) {
    let mut out = f();
    let start = Instant::now();
    let mut runs = 0u32;
    while start.elapsed() < Duration::from_millis(if std::env::var_os("QUICK").is_some() { 200 } else { 3000 }) || runs < 3 {
        out = f();
        runs += 1;
    }
    (start.elapsed().as_secs_f64() * 1e3 / runs as f64, runs, out)
}

fn main() {
    let ex = schemaplay_core::examples::DEFAULT;
    let p = parse(ex.sql, ex.dialect);
    let (ms, runs, f) = time(|| lint(ex.sql, &p.schema, &LintConfig::default()));
    println!("default example: {} tables, {} findings, lint {ms:.3} ms ({runs} runs)", p.schema.tables.len(), f.len());

    directives();

    for n in [100usize, 1_000, 2_000] {
        let text = dump(n);
        let (parse_ms, _, parsed) = time(|| parse(&text, Dialect::Postgres));
        let (lint_ms, runs, findings) = time(|| lint(&text, &parsed.schema, &LintConfig::default()));
        println!(
            "generated dump: {n} tables, {:.2} MB, {} findings: parse {parse_ms:.1} ms, lint {lint_ms:.2} ms ({runs} runs), lint per table {:.1} µs",
            text.len() as f64 / 1e6,
            findings.len(),
            lint_ms * 1e3 / n as f64
        );
        if n == 1_000 {
            // the slowest rules on this dump
            let cx = Ctx::new(&text, &parsed.schema);
            let mut per: Vec<(f64, &str)> = RULES
                .iter()
                .map(|r| {
                    let (ms, _, _) = time(|| {
                        let mut v = Vec::new();
                        (r.check)(&cx, &mut v);
                        v.len()
                    });
                    (ms, r.meta.id)
                })
                .collect();
            per.sort_by(|a, b| b.0.total_cmp(&a.0));
            let top: Vec<String> = per.iter().take(5).map(|(ms, id)| format!("{id} {ms:.2} ms")).collect();
            println!("  slowest rules at 1,000 tables: {}", top.join(", "));
        }
    }
}

/// 20,000 tables, each under a `-- schemaplay-ignore` line that suppresses its own finding.
fn directives() {
    let n = 20_000;
    let text: String = (0..n).map(|i| format!("-- schemaplay-ignore prefer-jsonb\nCREATE TABLE d{i} (id bigint PRIMARY KEY, a json);\n")).collect();
    let parsed = parse(&text, Dialect::Postgres);
    let (scan_ms, _, d) = time(|| schemaplay_core::directives::Directives::scan(&text));
    let (lint_ms, runs, findings) = time(|| lint(&text, &parsed.schema, &LintConfig::default()));
    let jsonb = findings.iter().filter(|f| f.rule == "prefer-jsonb").count();
    assert_eq!(jsonb, 0, "every prefer-jsonb finding is suppressed");
    let plain = text.replace("schemaplay-ignore", "note:");
    let unsuppressed = lint(&plain, &parse(&plain, Dialect::Postgres).schema, &LintConfig::default());
    assert_eq!(unsuppressed.iter().filter(|f| f.rule == "prefer-jsonb").count(), n, "without the directives each table has its finding");
    println!("{} schemaplay-ignore lines over {n} tables: directive scan {scan_ms:.2} ms, lint {lint_ms:.1} ms ({runs} runs), {jsonb} prefer-jsonb findings left", d.all().len());
}
