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

fn mount() -> HtmlElement {
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
    assert_eq!(root.query_selector_all(".tab").unwrap().length(), 9);
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
    assert!(summary.contains("1 warning"), "{summary}");
    let gutter = query(&root, ".gutter .gl-warning").expect("gutter mark on the broken line");
    assert_eq!(gutter.inner_text(), "2");
    assert!(gutter.get_attribute("title").unwrap_or_default().contains("could not parse"));
    assert!(query(&root, ".code-layer .diag-warning").is_some(), "underline in the code layer");
    // Fixing it clears every marker.
    type_text(&root, "CREATE TABLE a (id int);");
    tick().await;
    assert!(query(&root, ".gutter .gl-warning").is_none());
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
    assert_eq!(root.query_selector_all(".finding").unwrap().length(), 1);
    assert!(text_of(&root, ".finding").contains("line 1:"));
    query(&root, "#tab-dbml").unwrap().click();
    tick().await;
    assert!(text_of(&root, ".panel").contains("not built yet"));
    root.remove();
}
