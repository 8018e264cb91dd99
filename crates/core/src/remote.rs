//! The web app's worker messages, as JSON text: the app lays out large diagrams and generates
//! code for large schemas in a Web Worker running this same engine. Numbers round-trip exactly,
//! so the worker's layout is the one [`erd::layout`] gives on the page; the worker parses the same
//! text with the same dialect, so its generated code is the page's too.

use crate::codegen::{generate_with, DrizzleKeys, Generated, Options, PrismaNaming, Target};
use crate::erd::{self, ErdGraph, Layout, LayoutOptions};
use crate::Dialect;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the worker is asked to do.
#[derive(Debug, PartialEq)]
pub enum Request {
    Layout { id: u64, graph: ErdGraph, positions: BTreeMap<String, [f64; 2]> },
    /// Parse `text` as `dialect` and generate `target`.
    Generate { id: u64, text: String, dialect: Dialect, target: Target, options: Options },
}

/// What the worker answers.
#[derive(Debug, PartialEq)]
pub enum Reply {
    Layout(u64, Layout),
    Generated(u64, Generated),
}

#[derive(Serialize)]
struct LayoutRef<'a> {
    graph: &'a ErdGraph,
    positions: &'a BTreeMap<String, [f64; 2]>,
}

#[derive(Deserialize)]
struct LayoutIn {
    graph: ErdGraph,
    positions: BTreeMap<String, [f64; 2]>,
}

#[derive(Serialize, Deserialize)]
struct GenerateMsg<'a> {
    #[serde(borrow)]
    text: std::borrow::Cow<'a, str>,
    dialect: String,
    target: String,
    /// The database of an SQL target.
    to: String,
    prisma_names: String,
    drizzle_keys: String,
}

#[derive(Serialize)]
struct Envelope<T> {
    id: u64,
    #[serde(flatten)]
    body: T,
}

#[derive(Serialize)]
enum Out<'a> {
    #[serde(rename = "layout")]
    Layout(LayoutRef<'a>),
    #[serde(rename = "generate")]
    Generate(GenerateMsg<'a>),
    #[serde(rename = "laid_out")]
    LaidOut(&'a Layout),
    #[serde(rename = "generated")]
    Generated(GeneratedRef<'a>),
}

#[derive(Serialize)]
struct GeneratedRef<'a> {
    code: &'a str,
    warnings: &'a [String],
}

#[derive(Deserialize)]
struct In<'a> {
    id: u64,
    layout: Option<LayoutIn>,
    #[serde(borrow)]
    generate: Option<GenerateMsg<'a>>,
    laid_out: Option<Layout>,
    generated: Option<GeneratedIn>,
}

#[derive(Deserialize)]
struct GeneratedIn {
    code: String,
    warnings: Vec<String>,
}

fn envelope(id: u64, body: Out) -> String {
    serde_json::to_string(&Envelope { id, body }).unwrap_or_default()
}

/// The request for laying out `graph` with these manual positions.
pub fn layout_request(id: u64, graph: &ErdGraph, positions: &BTreeMap<String, [f64; 2]>) -> String {
    envelope(id, Out::Layout(LayoutRef { graph, positions }))
}

/// The request for generating `target` from `text` read as `dialect`.
pub fn generate_request(id: u64, text: &str, dialect: Dialect, target: Target, options: &Options) -> String {
    let to = match target {
        Target::Sql(d) => d.id(),
        _ => "",
    };
    envelope(
        id,
        Out::Generate(GenerateMsg {
            text: text.into(),
            dialect: dialect.id().into(),
            target: target.id().into(),
            to: to.into(),
            prisma_names: options.prisma_naming.id().into(),
            drizzle_keys: options.drizzle_keys.id().into(),
        }),
    )
}

/// Reads a request; `None` for anything else.
pub fn read_request(text: &str) -> Option<Request> {
    let m: In = serde_json::from_str(text).ok()?;
    if let Some(l) = m.layout {
        return Some(Request::Layout { id: m.id, graph: l.graph, positions: l.positions });
    }
    let g = m.generate?;
    let dialect = Dialect::parse(&g.dialect)?;
    let target = match g.target.as_str() {
        "prisma" => Target::Prisma,
        "drizzle" => Target::Drizzle,
        "sql" => Target::Sql(Dialect::parse(&g.to)?),
        "mermaid" => Target::Mermaid,
        "dbml" => Target::Dbml,
        "typescript" => Target::TypeScript,
        "zod" => Target::Zod,
        _ => return None,
    };
    let options = Options {
        prisma_naming: PrismaNaming::from_id(&g.prisma_names)?,
        drizzle_keys: DrizzleKeys::from_id(&g.drizzle_keys)?,
    };
    Some(Request::Generate { id: m.id, text: g.text.into_owned(), dialect, target, options })
}

/// Carries out a layout request (the worker's side).
pub fn lay_out(id: u64, graph: &ErdGraph, positions: BTreeMap<String, [f64; 2]>) -> String {
    let l = erd::layout(graph, &LayoutOptions { positions, ..Default::default() });
    envelope(id, Out::LaidOut(&l))
}

/// Generates for a request from the parsed schema (the worker's side; it may keep the parse of
/// the last text across requests).
pub fn generated_reply(id: u64, schema: &crate::Schema, target: Target, options: &Options) -> String {
    let g = generate_with(schema, target, options);
    envelope(id, Out::Generated(GeneratedRef { code: &g.code, warnings: &g.warnings }))
}

/// Reads a reply; `None` for anything else.
pub fn read_reply(text: &str) -> Option<Reply> {
    let m: In = serde_json::from_str(text).ok()?;
    if let Some(l) = m.laid_out {
        return Some(Reply::Layout(m.id, l));
    }
    let g = m.generated?;
    Some(Reply::Generated(m.id, Generated { code: g.code, warnings: g.warnings }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erd::synthetic::synthetic;

    /// Through the JSON messages the layout is exactly the direct one (pins included).
    #[test]
    fn layout_messages_round_trip() {
        for n in [0, 1, 12, 300] {
            let g = synthetic(n, 7);
            let mut pins = BTreeMap::new();
            if let Some(t) = g.tables.get(n / 2) {
                pins.insert(t.key.clone(), [123.25, 4567.5]);
            }
            let direct = erd::layout(&g, &LayoutOptions { positions: pins.clone(), ..Default::default() });
            let Some(Request::Layout { id, graph, positions }) = read_request(&layout_request(n as u64 + 9, &g, &pins)) else {
                panic!("not a layout request")
            };
            assert_eq!((id, &graph, &positions), (n as u64 + 9, &g, &pins));
            assert_eq!(read_reply(&lay_out(id, &graph, positions)), Some(Reply::Layout(n as u64 + 9, direct)), "{n} tables");
        }
    }

    /// Every target and option survives the request, and the reply carries exactly what
    /// `generate_with` gives on the page (text with quotes, newlines and non-ASCII included).
    #[test]
    fn generate_messages_round_trip() {
        let text = "CREATE TABLE \"wéird \"\"t\"\"\" (id int PRIMARY KEY, note text CHECK (note IN ('a', 'b\\n')));\n-- </script>";
        let targets = [
            Target::Prisma, Target::Drizzle, Target::Sql(Dialect::Mysql), Target::Sql(Dialect::Sqlite), Target::Mermaid, Target::Dbml,
            Target::TypeScript, Target::Zod,
        ];
        let options = Options { prisma_naming: PrismaNaming::from_id("keep").unwrap_or_default(), drizzle_keys: DrizzleKeys::from_id("column").unwrap_or_default() };
        for (i, target) in targets.into_iter().enumerate() {
            let req = read_request(&generate_request(i as u64, text, Dialect::Postgres, target, &options));
            let want = Request::Generate { id: i as u64, text: text.to_string(), dialect: Dialect::Postgres, target, options };
            assert_eq!(req.as_ref(), Some(&want));
            let schema = crate::parse::parse(text, Dialect::Postgres).schema;
            let direct = generate_with(&schema, target, &options);
            assert_eq!(read_reply(&generated_reply(i as u64, &schema, target, &options)), Some(Reply::Generated(i as u64, direct)));
        }
        assert!(read_request("ready").is_none());
        assert!(read_request("{\"id\":1}").is_none());
        assert!(read_request("{\"id\":1,\"generate\":{\"text\":\"\",\"dialect\":\"postgres\",\"target\":\"cobol\",\"to\":\"\",\"prisma_names\":\"pascal\",\"drizzle_keys\":\"camel\"}}").is_none());
        assert!(read_reply("{\"id\":1,\"laid_out\":7}").is_none());
    }
}
