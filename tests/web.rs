//! DOM tests: the real app mounted in headless Chromium (wasm-bindgen-test + chromedriver).
//! Run by `make test-web`: `cargo test --target wasm32-unknown-unknown --test web`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Waits for Leptos to flush effects and re-render (a macrotask later).
async fn tick() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

/// Mounts a fresh app. Storage is cleared first: the app restores drafts and preferences from
/// it, and each test must start from the default example.
fn mount() -> HtmlElement {
    let w = web_sys::window().unwrap();
    w.local_storage().unwrap().unwrap().clear().unwrap();
    w.session_storage().unwrap().unwrap().clear().unwrap();
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    leptos::mount::mount_to(root.clone(), schema_playground::App).forget();
    root
}

fn query(root: &HtmlElement, sel: &str) -> Option<HtmlElement> {
    root.query_selector(sel).unwrap().map(|e| e.unchecked_into())
}

fn text_of(root: &HtmlElement, sel: &str) -> String {
    query(root, sel).map(|e| e.inner_text()).unwrap_or_default()
}

fn type_text(root: &HtmlElement, text: &str) {
    let ta: HtmlTextAreaElement = root.query_selector(".code-input").unwrap().unwrap().unchecked_into();
    ta.set_value(text);
    ta.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn opens_on_the_default_example_with_every_tab() {
    let root = mount();
    tick().await;
    let ta: HtmlTextAreaElement = root.query_selector(".code-input").unwrap().unwrap().unchecked_into();
    assert!(ta.value().contains("CREATE TABLE organizations"));
    // one button per tab (History came with the folders view)
    assert_eq!(root.query_selector_all(".tab").unwrap().length() as usize, schema_playground::Tab::ALL.len());
    assert!(text_of(&root, ".status-summary").contains(" statements"), "{}", text_of(&root, ".status-summary"));
    root.remove();
}

#[wasm_bindgen_test]
async fn editing_recomputes_the_analysis_and_marks_the_line() {
    let root = mount();
    tick().await;
    type_text(&root, "CREATE TABLE a (id int);\nCREATE TABLE b (id int REFERENCES);");
    tick().await;
    let summary = text_of(&root, ".status-summary");
    assert!(summary.starts_with("2 statements"), "{summary}");
    assert!(summary.contains("1 diagnostic ·"), "{summary}");
    let gutter = query(&root, ".gutter .gl-warning[title*='could not parse']").expect("gutter mark on the broken line");
    assert_eq!(gutter.inner_text(), "2");
    assert!(query(&root, ".code-layer .diag-warning:not(.diag-lint)").is_some(), "underline in the code layer");
    // Fixing it clears the parser's markers.
    type_text(&root, "CREATE TABLE a (id int);");
    tick().await;
    assert!(query(&root, ".gutter [title*='could not parse']").is_none());
    assert!(query(&root, ".code-layer .diag-warning:not(.diag-lint)").is_none());
    assert!(text_of(&root, ".status-summary").starts_with("1 statement "));
    root.remove();
}

#[wasm_bindgen_test]
async fn highlighting_escapes_hostile_text() {
    let root = mount();
    tick().await;
    type_text(&root, "CREATE TABLE \"<img src=x onerror=alert(1)>\" (id int); -- </pre><script>x</script>");
    tick().await;
    assert!(root.query_selector(".code-layer img").unwrap().is_none());
    assert!(root.query_selector(".code-layer script").unwrap().is_none());
    assert!(text_of(&root, ".code-layer").contains("<img src=x onerror=alert(1)>"));
    root.remove();
}

#[wasm_bindgen_test]
async fn tabs_switch_panels_and_findings_list_diagnostics() {
    let root = mount();
    tick().await;
    type_text(&root, "CREATE TABLE b (id int REFERENCES);");
    tick().await;
    query(&root, "#tab-findings").unwrap().click();
    tick().await;
    assert_eq!(root.query_selector_all(".finding.parser").unwrap().length(), 1);
    assert!(text_of(&root, ".finding.parser").contains("line 1:"));
    query(&root, "#tab-migration").unwrap().click();
    tick().await;
    assert!(query(&root, ".panel .migration .mig-editor .code-input").is_some(), "the Migration tab has its own editor");
    root.remove();
}

const FK_ASSIGNEE: &str = ".table-group[data-table='tasks'] .finding[data-rule='fk-missing-index'][data-column='assignee_id']";

fn default_analysis() -> schemaplay_core::Analysis {
    let ex = &schemaplay_core::examples::DEFAULT;
    schemaplay_core::analyze(&schemaplay_core::Input { text: ex.sql.to_string(), dialect: ex.dialect, ..Default::default() })
}

fn count(root: &HtmlElement, sel: &str) -> u32 {
    root.query_selector_all(sel).unwrap().length()
}

#[wasm_bindgen_test]
async fn findings_panel_groups_the_engine_findings_and_the_badge_counts_them() {
    let root = mount();
    tick().await;
    let a = default_analysis();
    // The badge counts findings (lint); diagnostics (parse problems) have their own badge.
    let parser = a.diagnostics.iter().filter(|d| d.severity != schemaplay_core::Severity::Info).count();
    assert_eq!(text_of(&root, "#tab-findings .findings-badge"), a.findings.len().to_string());
    assert_eq!(count(&root, "#tab-findings .diag-badge"), u32::from(parser > 0));
    assert!(text_of(&root, ".status-summary").contains(&format!("· {} finding", a.findings.len())), "{}", text_of(&root, ".status-summary"));
    query(&root, "#tab-findings").unwrap().click();
    tick().await;
    assert_eq!(count(&root, ".finding.lint") as usize, a.findings.len());
    for f in &a.findings {
        let sel = format!(".sev-group[data-severity='{}'] .finding[data-rule='{}']", f.severity.id(), f.rule);
        assert!(query(&root, &sel).is_some(), "{sel}");
    }
    let fk = query(&root, FK_ASSIGNEE).expect("fk finding on tasks.assignee_id");
    assert!(fk.text_content().unwrap_or_default().contains("FK tasks.assignee_id → users.id"), "{}", fk.outer_html());
    assert!(fk.query_selector(".fix-btn").unwrap().is_some());
    assert!(!text_of(&root, ".panel").contains("not built yet"));
    root.remove();
}

#[wasm_bindgen_test]
async fn catalogue_lists_every_registry_rule() {
    let root = mount();
    tick().await;
    query(&root, "#tab-findings").unwrap().click();
    tick().await;
    query(&root, ".rules-btn").unwrap().click();
    tick().await;
    // both kinds' texts are sent by the engine
    tick().await;
    assert_eq!(count(&root, ".catalogue .rule") as usize, schemaplay_core::lint::RULES.len());
    for d in schemaplay_core::lint::DOCS {
        let el = query(&root, &format!("#rule-{}", d.id)).unwrap_or_else(|| panic!("anchor for {}", d.id));
        assert!(el.inner_text().contains(d.summary), "{}", d.id);
        let bad = el.query_selector(".example.bad").unwrap().and_then(|e| e.text_content());
        assert_eq!(bad.as_deref(), Some(d.bad), "{}", d.id);
    }
    // the migration checker's rules follow, from the same RuleDoc type
    let migration = schemaplay_core::migrate::rules();
    assert_eq!(count(&root, ".catalogue .migration-rule") as usize, migration.len());
    for m in migration {
        let el = query(&root, &format!("#rule-{}", m.id)).unwrap_or_else(|| panic!("anchor for {}", m.id));
        assert!(el.inner_text().contains(m.summary), "{}", m.id);
    }
    root.remove();
}

#[wasm_bindgen_test]
async fn a_fix_edits_the_text_and_switching_a_rule_off_hides_it() {
    let root = mount();
    tick().await;
    query(&root, "#tab-findings").unwrap().click();
    tick().await;
    let fix: HtmlElement = root
        .query_selector(&format!("{FK_ASSIGNEE} .fix-btn"))
        .unwrap()
        .unwrap()
        .unchecked_into();
    fix.click();
    tick().await;
    let ta: HtmlTextAreaElement = root.query_selector(".code-input").unwrap().unwrap().unchecked_into();
    assert!(ta.value().contains("CREATE INDEX idx_tasks_assignee_id ON tasks (assignee_id);"));
    assert!(query(&root, FK_ASSIGNEE).is_none(), "finding gone after the fix");
    assert!(query(&root, ".finding[data-rule='fk-missing-index']").is_some(), "other tables' findings stay");
    // Off: every finding of the rule disappears, and the setting is stored.
    let select: web_sys::HtmlSelectElement =
        root.query_selector(".finding[data-rule='fk-missing-index'] .level-select").unwrap().unwrap().unchecked_into();
    select.set_value("off");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    tick().await;
    assert_eq!(count(&root, ".finding[data-rule='fk-missing-index']"), 0);
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    assert!(storage.get_item("schemaplay.lint").unwrap().unwrap_or_default().contains("fk-missing-index = \"off\""));
    storage.remove_item("schemaplay.lint").unwrap();
    root.remove();
}

#[wasm_bindgen_test]
async fn diagram_draws_one_box_per_table_of_the_default_example() {
    let root = mount();
    tick().await;
    query(&root, "#tab-diagram").unwrap().click();
    tick().await;
    let a = default_analysis();
    let graph = schemaplay_core::erd::from_schema(&a.schema);
    assert!(graph.tables.len() >= 10);
    let boxes = root.query_selector_all(".erd-stage g.table").unwrap();
    assert_eq!(boxes.length() as usize, graph.tables.len());
    for (i, t) in graph.tables.iter().enumerate() {
        let el: web_sys::Element = boxes.item(i as u32).unwrap().unchecked_into();
        assert_eq!(el.get_attribute("data-key").as_deref(), Some(t.key.as_str()));
    }
    let edges = count(&root, ".erd-stage g.edge") as usize;
    assert_eq!(edges, graph.edges.len(), "one edge per foreign key");
    assert!(!text_of(&root, ".panel").contains("not built yet"));
    // The stage holds the engine's drawing: the same SVG `schemaplay erd` prints.
    let layout = schemaplay_core::erd::layout(&graph, &Default::default());
    let svg = schemaplay_core::erd::render_svg(&graph, &layout, &schemaplay_core::erd::SvgOptions::default());
    let stage = query(&root, ".erd-stage").unwrap();
    let drawn = stage.first_element_child().unwrap();
    assert_eq!(drawn.tag_name().to_lowercase(), "svg");
    let expected_w = svg.split("width=\"").nth(1).and_then(|s| s.split('"').next()).unwrap().to_string();
    assert_eq!(drawn.get_attribute("width"), Some(expected_w));
    root.remove();
}

#[wasm_bindgen_test]
async fn code_tabs_show_generated_sql_mermaid_and_dbml() {
    let root = mount();
    tick().await;
    query(&root, "#tab-sql").unwrap().click();
    tick().await;
    // the default example is PostgreSQL: the SQL tab starts there, highlighted, with line numbers
    assert!(text_of(&root, ".code-text").contains("CREATE POLICY tenant_isolation"), "{}", text_of(&root, ".panel"));
    assert!(query(&root, ".code-text .tok-kw").is_some());
    let lines = text_of(&root, ".code-text").lines().count();
    assert_eq!(text_of(&root, ".code-gutter").lines().count(), lines);
    // pick MySQL
    let select: web_sys::HtmlSelectElement = root.query_selector(".sql-target").unwrap().unwrap().unchecked_into();
    select.set_value("mysql");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    tick().await;
    let code = text_of(&root, ".code-text");
    assert!(code.contains("CREATE TABLE organizations ("), "{code}");
    assert!(code.contains("AUTO_INCREMENT") && !code.contains("GENERATED ALWAYS AS IDENTITY"), "{code}");
    // what MySQL cannot express is listed above the code
    assert!(text_of(&root, ".code-warnings").contains("row level security"), "{}", text_of(&root, ".panel"));
    assert!(query(&root, ".copy-btn").is_some() && query(&root, ".download-btn[download='schema.sql']").is_some());
    query(&root, "#tab-mermaid").unwrap().click();
    tick().await;
    assert!(text_of(&root, ".code-text").starts_with("erDiagram"), "{}", text_of(&root, ".panel"));
    query(&root, "#tab-dbml").unwrap().click();
    tick().await;
    assert!(text_of(&root, ".code-text").contains("Table \"organizations\" {"), "{}", text_of(&root, ".panel"));
    // back on SQL the MySQL choice is remembered
    query(&root, "#tab-sql").unwrap().click();
    tick().await;
    assert!(text_of(&root, ".code-text").contains("AUTO_INCREMENT"));
    // TypeScript: interfaces by default
    query(&root, "#tab-typescript").unwrap().click();
    tick().await;
    assert!(text_of(&root, ".code-text").contains("export interface Organization {"), "{}", text_of(&root, ".panel"));
    root.remove();
}

#[wasm_bindgen_test]
async fn generated_code_escapes_hostile_names() {
    let root = mount();
    tick().await;
    type_text(&root, "CREATE TABLE \"<img src=x onerror=alert(1)>\" (id int); -- </pre><script>x</script>");
    tick().await;
    query(&root, "#tab-sql").unwrap().click();
    tick().await;
    assert!(root.query_selector(".code-text img").unwrap().is_none());
    assert!(root.query_selector(".code-text script").unwrap().is_none());
    assert!(text_of(&root, ".code-text").contains("CREATE TABLE \"<img src=x onerror=alert(1)>\""), "{}", text_of(&root, ".panel"));
    root.remove();
}

// ---- Share links (src/share.rs) ----

/// Puts `#fragment` in the address bar without a hashchange (as when a page is opened on a link).
fn set_fragment_silently(fragment: &str) {
    let w = web_sys::window().unwrap();
    let href = w.location().href().unwrap();
    let base = href.split('#').next().unwrap().to_string();
    w.history().unwrap().replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{base}#{fragment}"))).unwrap();
}

fn editor_text(root: &HtmlElement) -> String {
    root.query_selector(".code-input").unwrap().unwrap().unchecked_into::<HtmlTextAreaElement>().value()
}

fn value_of(root: &HtmlElement, sel: &str) -> String {
    let el = root.query_selector(sel).unwrap().unwrap();
    js_sys::Reflect::get(&el, &"value".into()).unwrap().as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_link_in_the_fragment_restores_text_dialect_and_tab() {
    use schemaplay_core::share::{encode, ShareState};
    let text = "CREATE TABLE `shared_notes` (\n  `id` int PRIMARY KEY -- «日本語» </script>\n);";
    let mut st = ShareState::from_text(text, schemaplay_core::Dialect::Mysql);
    st.tab = "findings".into();
    set_fragment_silently(&encode(&st));
    let root = mount();
    tick().await;
    assert_eq!(editor_text(&root), text);
    assert_eq!(value_of(&root, ".dialect-select"), "mysql");
    assert_eq!(query(&root, "#tab-findings").unwrap().get_attribute("aria-selected").as_deref(), Some("true"));
    assert!(query(&root, ".link-error").is_none());
    // The fragment is taken out of the address bar once loaded.
    assert_eq!(web_sys::window().unwrap().location().hash().unwrap(), "");
    root.remove();
}

/// Mounts an app on the storage as it is (a reload of the same tab).
fn mount_again() -> HtmlElement {
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    leptos::mount::mount_to(root.clone(), schema_playground::App).forget();
    root
}

#[wasm_bindgen_test]
async fn a_broken_link_shows_the_message_and_keeps_the_editor_text() {
    // This tab's autosaved draft (what src/share.rs writes: tab id in sessionStorage, draft in
    // localStorage as "<saved at ms>\n<fragment>").
    let w = web_sys::window().unwrap();
    let (local, session) = (w.local_storage().unwrap().unwrap(), w.session_storage().unwrap().unwrap());
    local.clear().unwrap();
    session.set_item("schemaplay.tab", "webtest-tab").unwrap();
    let mine = schemaplay_core::share::encode(&schemaplay_core::share::ShareState::from_text("CREATE TABLE mine (id int);", Default::default()));
    local.set_item("schemaplay.draft.webtest-tab", &format!("{}\n{mine}", js_sys::Date::now())).unwrap();
    let good = schemaplay_core::share::encode(&schemaplay_core::share::ShareState::from_text("CREATE TABLE theirs (id int);", Default::default()));
    // The tab opens a link that was cut off.
    set_fragment_silently(&good[..good.len() - 6]);
    let root = mount_again();
    tick().await;
    let msg = text_of(&root, ".link-error");
    assert!(msg.contains("could not be opened: the link is damaged"), "{msg:?}");
    assert_eq!(editor_text(&root), "CREATE TABLE mine (id int);");
    assert_eq!(web_sys::window().unwrap().location().hash().unwrap(), "");
    // Dismiss removes the banner.
    query(&root, ".link-error .btn").unwrap().click();
    tick().await;
    assert!(query(&root, ".link-error").is_none());
    root.remove();
}

#[wasm_bindgen_test]
async fn the_share_dialog_shows_the_length_and_warns_over_8000_characters() {
    set_fragment_silently("");
    let root = mount();
    tick().await;
    type_text(&root, "CREATE TABLE small (id int);");
    tick().await;
    query(&root, ".share-btn").unwrap().click();
    tick().await;
    let link = value_of(&root, ".share-link");
    let (_, frag) = link.split_once('#').unwrap();
    assert_eq!(schemaplay_core::share::decode(frag).unwrap().text, "CREATE TABLE small (id int);");
    assert_eq!(text_of(&root, ".share-length"), format!("{} characters", link.chars().count()));
    assert!(query(&root, ".share-warning").is_none());
    query(&root, ".close-share").unwrap().click();
    tick().await;
    // Text that does not compress well (a comment of random hex): a link over 8,000 characters.
    let mut x = 0x2545_F491_4F6C_DD1Du64;
    let noise: String = (0..1000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            format!("{x:016x}")
        })
        .collect();
    let big = format!("CREATE TABLE t (id int); -- {noise}\n");
    type_text(&root, &big);
    tick().await;
    query(&root, ".share-btn").unwrap().click();
    tick().await;
    let link = value_of(&root, ".share-link");
    assert!(link.len() > 8000, "{}", link.len());
    assert_eq!(text_of(&root, ".share-length"), format!("{} characters", link.chars().count()));
    assert!(text_of(&root, ".share-warning").contains("longer than 8000 characters"), "{}", text_of(&root, ".share-warning"));
    query(&root, ".close-share").unwrap().click();
    tick().await;
    root.remove();
}

#[wasm_bindgen_test]
async fn prisma_and_drizzle_naming_selectors_change_the_code_and_are_kept_as_options() {
    let root = mount();
    tick().await;
    query(&root, "#tab-prisma").unwrap().click();
    tick().await;
    assert!(text_of(&root, ".code-text").contains("model Organization {"), "{}", text_of(&root, ".panel"));
    let select: web_sys::HtmlSelectElement = root.query_selector(".prisma-names").unwrap().unwrap().unchecked_into();
    assert_eq!(select.value(), "pascal");
    select.set_value("keep");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    tick().await;
    let code = text_of(&root, ".code-text");
    assert!(code.contains("model organizations {") && !code.contains("@@map(\"organizations\")"), "{code}");
    query(&root, "#tab-drizzle").unwrap().click();
    tick().await;
    assert!(text_of(&root, ".code-text").contains("createdAt: "), "{}", text_of(&root, ".panel"));
    let select: web_sys::HtmlSelectElement = root.query_selector(".drizzle-keys").unwrap().unwrap().unchecked_into();
    select.set_value("column");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    tick().await;
    let code = text_of(&root, ".code-text");
    assert!(code.contains("created_at: ") && !code.contains("createdAt: "), "{code}");
    // back on Prisma the choice is remembered; picking the default again clears the option
    query(&root, "#tab-prisma").unwrap().click();
    tick().await;
    assert!(text_of(&root, ".code-text").contains("model organizations {"));
    let select: web_sys::HtmlSelectElement = root.query_selector(".prisma-names").unwrap().unwrap().unchecked_into();
    assert_eq!(select.value(), "keep");
    select.set_value("pascal");
    select.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    tick().await;
    assert!(text_of(&root, ".code-text").contains("model Organization {"));
    root.remove();
}

// ---- Migration tab ----

fn type_migration(root: &HtmlElement, text: &str) {
    let ta: HtmlTextAreaElement = root.query_selector(".mig-editor .code-input").unwrap().unwrap().unchecked_into();
    ta.set_value(text);
    ta.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

async fn open_migration_tab(root: &HtmlElement) {
    query(root, "#tab-migration").unwrap().click();
    tick().await;
}

#[wasm_bindgen_test]
async fn migration_cards_show_the_lock_of_each_typed_statement() {
    let root = mount();
    tick().await;
    open_migration_tab(&root).await;
    assert!(query(&root, ".mig-empty").is_some(), "empty script: the hint shows");
    type_migration(&root, "CREATE INDEX tasks_title_idx ON tasks (title);\n\nALTER TABLE tasks ALTER COLUMN estimate TYPE numeric(12, 2);\n");
    tick().await;
    assert_eq!(count(&root, ".mig-card"), 2);
    let first = query(&root, ".mig-card[data-line='1']").unwrap();
    let lock = first.query_selector(".mig-lock").unwrap().unwrap().unchecked_into::<HtmlElement>();
    assert_eq!(lock.get_attribute("data-lock").as_deref(), Some("SHARE"));
    assert!(lock.inner_text().contains("on tasks"), "{}", lock.inner_text());
    assert!(first.query_selector(".mig-finding[data-rule='require-concurrent-index-creation']").unwrap().is_some());
    let second = query(&root, ".mig-card[data-line='3']").unwrap();
    assert_eq!(
        second.query_selector(".mig-lock").unwrap().unwrap().get_attribute("data-lock").as_deref(),
        Some("ACCESS EXCLUSIVE")
    );
    // The migration editor marks the statement lines in its own gutter; the schema editor's
    // gutter does not get them.
    assert!(query(&root, ".mig-editor .gl-warning").is_some(), "warning marker in the migration editor");
    assert!(text_of(&root, ".mig-editor .code-layer").contains("CREATE"), "highlighted migration text");
    // PostgreSQL 10-style setting changes what the checker says: 11 is offered, 18 is default.
    let select: web_sys::HtmlSelectElement = root.query_selector(".pg-version").unwrap().unwrap().unchecked_into();
    assert_eq!(select.value(), "18");
    root.remove();
}

#[wasm_bindgen_test]
async fn apply_safe_version_edits_the_statement_and_its_findings_go() {
    let root = mount();
    tick().await;
    open_migration_tab(&root).await;
    type_migration(&root, "-- keep this comment\nCREATE INDEX tasks_title_idx ON tasks (title);\nSELECT 1;\n");
    tick().await;
    let sel = ".mig-finding[data-rule='require-concurrent-index-creation']";
    assert!(query(&root, sel).is_some());
    // one safe version per statement: every finding's proposal merged
    assert_eq!(count(&root, ".mig-card[data-line='2'] .apply-safe"), 1);
    let button: HtmlElement = root.query_selector(".mig-card[data-line='2'] .apply-safe").unwrap().unwrap().unchecked_into();
    button.click();
    tick().await;
    let ta: HtmlTextAreaElement = root.query_selector(".mig-editor .code-input").unwrap().unwrap().unchecked_into();
    let v = ta.value();
    assert!(v.starts_with("-- keep this comment\n"), "{v}");
    assert!(v.contains("CREATE INDEX CONCURRENTLY IF NOT EXISTS tasks_title_idx ON tasks (title);\nSELECT 1;"), "{v}");
    assert!(!v.contains(";;"), "{v}");
    assert!(query(&root, sel).is_none(), "the finding is gone after the replacement");
    assert!(query(&root, ".apply-safe").is_none(), "nothing left to apply: {v}");
    root.remove();
}

#[wasm_bindgen_test]
async fn a_baseline_then_a_schema_edit_shows_the_plan_in_phases() {
    let root = mount();
    tick().await;
    open_migration_tab(&root).await;
    query(&root, ".view-plan").unwrap().click();
    tick().await;
    assert!(query(&root, ".plan-empty").is_some());
    query(&root, ".set-baseline").unwrap().click();
    tick().await;
    assert!(query(&root, ".plan-nochange").is_some(), "baseline = current: no changes");
    let ta: HtmlTextAreaElement = root.query_selector(".code-input").unwrap().unwrap().unchecked_into();
    type_text(&root, &format!("{}\nCREATE INDEX tasks_title_idx ON tasks (title);\n", ta.value()));
    tick().await;
    let phases = text_of(&root, ".plan-phases");
    assert!(phases.contains("CREATE INDEX CONCURRENTLY tasks_title_idx"), "{phases}");
    assert!(query(&root, ".plan-phase.nontx").is_some(), "the concurrent index phase is flagged as non-transactional");
    assert!(text_of(&root, ".plan-down").contains("DROP INDEX"), "{}", text_of(&root, ".plan-down"));
    // Check this plan: the plan goes into the migration editor and is checked against the baseline;
    // the person's own script is set aside, one click from coming back.
    let mine = "ALTER TABLE tasks ADD COLUMN note text;\n";
    type_migration(&root, mine);
    tick().await;
    query(&root, ".check-plan").unwrap().click();
    tick().await;
    let mig: HtmlTextAreaElement = root.query_selector(".mig-editor .code-input").unwrap().unwrap().unchecked_into();
    assert!(mig.value().contains("CONCURRENTLY"), "{}", mig.value());
    assert!(query(&root, ".mig-card").is_some());
    assert!(query(&root, ".mig-finding[data-rule='require-concurrent-index-creation']").is_none());
    // the plan the differ wrote passes the checker under the settings it was written for
    assert_eq!(count(&root, ".mig-finding.sev-warning") + count(&root, ".mig-finding.sev-error"), 0, "{}", text_of(&root, ".mig-cards"));
    query(&root, ".restore-script").unwrap().click();
    tick().await;
    assert_eq!(mig.value(), mine);
    assert!(query(&root, ".restore-script").is_none());
    query(&root, ".view-plan").unwrap().click();
    tick().await;
    query(&root, ".clear-baseline").unwrap().click();
    tick().await;
    assert!(query(&root, ".plan-empty").is_some());
    root.remove();
}

// ---- The page's link codec (the browser's JSON) against the engine's (serde_json) ----

#[wasm_bindgen_test]
async fn links_made_by_the_page_and_by_the_cli_codec_read_each_other() {
    use schemaplay_core::share::{self, ShareState};
    let mut states = vec![ShareState::default(), ShareState::from_text("CREATE TABLE t (id int);", schemaplay_core::Dialect::Mysql)];
    let mut full = ShareState::from_text("CREATE TABLE \"wéird\" (\n  \"</script>\" text DEFAULT '\u{2028}${x}'\n);", schemaplay_core::Dialect::Sqlite);
    full.migration = "ALTER TABLE \"wéird\" ADD COLUMN n int;".into();
    full.tab = "prisma".into();
    full.lint.insert("prefer-jsonb".into(), "off".into());
    full.positions.insert("wéird".into(), (123.25, -0.1 + 0.2));
    full.positions.insert("1".into(), (1.0, 1e21));
    full.options.insert("sql.to".into(), "mysql".into());
    full.baseline = "CREATE TABLE \"wéird\" (id int);".into();
    states.push(full);
    for st in states {
        let page = schema_playground::links::encode(&st);
        assert_eq!(share::decode(&page).as_ref(), Ok(&st), "the CLI reads the page's link");
        assert_eq!(schema_playground::links::decode(&share::encode(&st)).as_ref(), Ok(&st), "the page reads the CLI's link");
    }
    assert!(schema_playground::links::decode("v2.AAAA").is_err());
}

/// The History view's folder picker filters paths with `folder::wanted_pattern` in the browser's
/// own RegExp (flags as `src/history.rs` passes them); the CLI walks a directory with
/// `folder::wanted`. Both must take the same files, Flyway's `<script>.sql.conf` included.
#[wasm_bindgen_test]
fn folder_picker_wants_what_the_cli_reads() {
    use schemaplay_core::migrate::folder::{wanted, wanted_pattern};
    let re = js_sys::RegExp::new(&wanted_pattern(), "");
    let paths = [
        "V1__a.sql", "sql/V2__idx.sql.conf", "73/05_x.sql.postgres", "a.sql.sqlite", "b.sql.mysql", "migration_lock.toml",
        "meta/_journal.json", "2020_a/metadata.toml", "2020_a/up.sql", "README.md", "a.sql.bak", "a.conf", "V1__A.SQL",
        "x.Sql.conf", "a.sql.oracle", "a.sql.postgres.conf", "x_journal.json", "migration_lock.toml.orig", "sql.conf/x.md",
        "deep/er/path/0001_init.sql", "notes.sqlx",
    ];
    for p in paths {
        assert_eq!(re.test(p), wanted(p), "{p}");
    }
    assert!(paths.iter().filter(|p| wanted(p)).count() >= 9);
    assert!(wanted("sql/V2__idx.sql.conf"));
}
