//! The parser on Drizzle-shaped modules, broken input and hostile nesting.

    use super::super::lex::lex;
    use super::*;

    fn parse(s: &str) -> (Vec<Item>, Vec<SyntaxError>) {
        let (t, _) = lex(s);
        module(&t, s)
    }

    fn ok(s: &str) -> Vec<Item> {
        let (items, errs) = parse(s);
        assert!(errs.is_empty(), "{s}\n{errs:?}");
        items
    }

    #[test]
    fn imports_exports_and_declarations() {
        let items = ok(r#"
import { pgTable, text as t, type AnyPgColumn } from "drizzle-orm/pg-core";
import * as core from 'drizzle-orm/mysql-core'
import type { X } from "./x";
import def, { a } from "./a.js";
export { users, posts as p } from "./users";
export * from "./more";
export type Row = typeof users.$inferSelect;
interface Foo { a: string }
export const users = pgTable("users", { id: text() }), other = 1;
export function f(a: number): string { return "x"; }
export enum Kind { A = "a", B = "b" }
export default users;
"#);
        let Item::Import(i) = &items[0] else { panic!() };
        assert_eq!(i.named, vec![("pgTable".to_string(), "pgTable".to_string()), ("text".into(), "t".into())]);
        assert!(matches!(&items[1], Item::Import(i) if i.namespace.as_deref() == Some("core")));
        assert!(matches!(&items[2], Item::Import(i) if i.default.as_deref() == Some("def")));
        assert!(matches!(&items[3], Item::ExportNames { names, source: Some(_), .. } if names[1] == ("posts".into(), "p".into())));
        assert!(matches!(&items[4], Item::ExportAll { .. }));
        assert!(matches!(&items[5], Item::Type { typeofs, .. } if typeofs.len() == 1 && typeofs[0].0 == "users"));
        assert!(matches!(&items[6], Item::Var { exported: true, decls, .. } if decls.len() == 2));
        assert!(matches!(&items[7], Item::Function { name, .. } if name == "f"));
        assert!(matches!(&items[8], Item::Enum { members, .. } if members.len() == 2));
        assert!(matches!(&items[9], Item::ExportDefault(_)));
    }

    #[test]
    fn drizzle_expressions() {
        let items = ok(r#"
export const posts = pgTable("posts", {
  id: integer().primaryKey().generatedAlwaysAsIdentity({ startWith: 1 }),
  authorId: integer("author_id").references((): AnyPgColumn => users.id, { onDelete: "cascade" }),
  meta: jsonb().$type<{ a: string[] }>().default({}),
  ...timestamps,
  at: timestamp({ mode: "string" }).default(sql`now()`).notNull()!,
}, (t) => [index("p_idx").on(t.authorId).where(sql`${t.meta} is not null`), unique().on(t.id, t.authorId)]);
const x = customType<{ data: string; driverData: string }>({ dataType() { return "citext"; } });
const y = (a as any) satisfies object;
const z = <T,>(v: T): T => v;
"#);
        let Item::Var { decls, .. } = &items[0] else { panic!() };
        let ExprKind::Call(_, args) = &decls[0].1.kind else { panic!() };
        assert_eq!(args.len(), 3);
        let ExprKind::Object(props) = &args[1].kind else { panic!() };
        assert_eq!(props.len(), 5);
        assert!(matches!(&props[3], Prop::Spread(_)));
        assert!(matches!(&args[2].kind, ExprKind::Func(_)));
    }

    #[test]
    fn arrow_versus_parenthesis_and_conditional() {
        ok("const a = (b) ? (c) : d; const f = (x: number): number => x; const g = x => x; const h = async () => { const q = 1; return q };");
        ok("const t = pgTable('t', {}, (table) => { return { i: index('x').on(table.a) }; });");
    }

    #[test]
    fn broken_columns_cost_only_themselves() {
        let s = "export const t = pgTable('t', {\n  a: text(,\n  b: integer(),\n  c: @@,\n  d: text(),\n});\nexport const u = pgTable('u', { id: integer() });\n";
        let (items, errs) = parse(s);
        assert!(!errs.is_empty());
        assert_eq!(items.len(), 2, "{items:?}");
        let Item::Var { decls, .. } = &items[0] else { panic!() };
        let ExprKind::Call(_, args) = &decls[0].1.kind else { panic!() };
        let ExprKind::Object(props) = &args[1].kind else { panic!() };
        let good: Vec<&str> = props.iter().filter_map(|p| match p { Prop::Pair { key, value, .. } if value.kind != ExprKind::Error => Some(key.as_str()), _ => None }).collect();
        assert!(good.contains(&"b") && good.contains(&"d"), "{props:?}");
        assert_eq!(errs[0].at, s.find("text(,").unwrap() + 5);
    }

    #[test]
    fn unbalanced_text_recovers_at_the_next_statement() {
        let s = "export const a = pgTable('a', {\n  id: text(\n\nexport const b = pgTable('b', { id: text() });\n";
        let (items, errs) = parse(s);
        assert!(!errs.is_empty());
        assert!(items.iter().any(|i| matches!(i, Item::Var { decls, .. } if decls[0].0 == Pattern::Name("b".into()))), "{items:?}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let s = format!("const a = {}1{};", "(".repeat(100_000), ")".repeat(100_000));
        let (_, errs) = parse(&s);
        assert!(errs.iter().any(|e| e.message.contains("nested too deeply")));
        let s = format!("const a = {}", "[{a:".repeat(50_000));
        let (_, errs) = parse(&s);
        assert!(!errs.is_empty());
        let s = format!("const a = x{};", ".y()".repeat(50_000));
        assert!(!parse(&s).1.is_empty());
        let s = format!("const a = x{};", " + y".repeat(50_000));
        assert!(!parse(&s).1.is_empty());
        let s = format!("const a = x{};", ".y()".repeat(40));
        assert!(parse(&s).1.is_empty());
        // many unclosed parentheses in a row stay linear
        let s = "f((\n".repeat(20_000);
        let t = std::time::Instant::now();
        let _ = parse(&s);
        assert!(t.elapsed().as_secs() < 5);
    }
