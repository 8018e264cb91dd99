//! The diagram's accessible outline (issue 20): the tables of the drawn diagram as a tree a keyboard
//! or screen-reader user can read, and the same tree as a text view (the toolbar's Outline button).
//!
//! One Tab stop (roving tabindex). ↑/↓ move through the tables in reading order (and through an
//! opened table's rows), → follows a relationship to a related table and ← walks back
//! (`erd::outline::Walk`), Enter or Space opens a table's columns and relationships (Enter on a
//! relationship goes to that table), Home/End jump to the first/last table. The diagram pans to
//! the focused table and marks it. Order, names and neighbours come from
//! `schemaplay_core::erd::outline`; this file only draws and routes keys. Until focus enters it
//! (or the text view is open) only the first table's item is in the DOM, so a large diagram costs
//! nothing for people who do not use it.

use leptos::prelude::*;
use schemaplay_core::erd::measure::header_label;
use schemaplay_core::erd::outline::{self, Relation, Walk};
use schemaplay_core::erd::{ErdGraph, Layout};
use std::collections::BTreeSet;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// What the tree shows: the drawn graph, its reading order and every box's relations.
#[derive(Clone, Default, PartialEq)]
struct Model {
    graph: Arc<ErdGraph>,
    order: Vec<usize>,
    rels: Vec<Vec<Relation>>,
}

impl Model {
    fn children(&self, t: usize) -> usize {
        self.graph.tables.get(t).map_or(0, |x| x.columns.len()) + self.rels.get(t).map_or(0, Vec::len)
    }

    /// The visible rows in order: each table, then its rows when opened.
    fn rows(&self, open: &BTreeSet<usize>) -> Vec<(usize, Option<usize>)> {
        let mut out = Vec::with_capacity(self.order.len());
        for &t in &self.order {
            out.push((t, None));
            if open.contains(&t) {
                out.extend((0..self.children(t)).map(|c| (t, Some(c))));
            }
        }
        out
    }

    /// The relation behind row `c` of table `t`, when it is a relationship row.
    fn relation(&self, t: usize, c: usize) -> Option<&Relation> {
        let cols = self.graph.tables.get(t)?.columns.len();
        self.rels.get(t)?.get(c.checked_sub(cols)?)
    }
}

fn row_id(t: usize, c: Option<usize>) -> String {
    match c {
        None => format!("erd-ol-{t}"),
        Some(c) => format!("erd-ol-{t}-{c}"),
    }
}

fn focus_row(t: usize, c: Option<usize>) {
    let id = row_id(t, c);
    request_animation_frame(move || {
        // Only while focus is still ours: on a redrawn row (focus fell to the body) or inside the
        // outline. A Tab pressed within this frame has moved on, and must not be pulled back.
        let still_ours = document()
            .active_element()
            .is_none_or(|a| a.tag_name() == "BODY" || a.closest(".erd-outline").ok().flatten().is_some());
        if !still_ours {
            return;
        }
        if let Some(el) = document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

/// The outline's state handles (all `Copy`), shared by its rows and its key handler.
#[derive(Clone, Copy)]
struct Nav<F> {
    model: Memo<Model>,
    /// The row holding the Tab stop (table index, row within it); `None`: the first table.
    cursor: RwSignal<Option<(usize, Option<usize>)>>,
    expanded: RwSignal<BTreeSet<usize>>,
    walk: StoredValue<Walk>,
    /// What the live region says (the end of a walk, a table without relations).
    said: RwSignal<String>,
    on_select: F,
}

impl<F: Fn(&str) + Copy + Send + Sync + 'static> Nav<F> {
    /// The row holding the Tab stop.
    fn current(self) -> Option<(usize, Option<usize>)> {
        self.model.with(|m| self.cursor.get().filter(|(t, _)| *t < m.graph.tables.len()).or_else(|| m.order.first().map(|&t| (t, None))))
    }

    /// Moves the Tab stop (and focus) to a row; the diagram pans to its table.
    fn go(self, t: usize, c: Option<usize>) {
        self.cursor.set(Some((t, c)));
        if let Some(key) = self.model.with_untracked(|m| m.graph.tables.get(t).map(|x| x.key.clone())) {
            (self.on_select)(&key);
        }
        focus_row(t, c);
    }

    /// Opens or closes table `t`'s rows.
    fn toggle(self, t: usize) {
        self.expanded.update(|e| {
            if !e.remove(&t) {
                e.insert(t);
            }
        });
    }

    /// The tree's keys (see the module doc).
    fn key(self, ev: &leptos::ev::KeyboardEvent) {
        let Some((t, c)) = self.current() else { return };
        let rows = self.model.with_untracked(|m| self.expanded.with_untracked(|e| m.rows(e)));
        let at = rows.iter().position(|r| *r == (t, c)).unwrap_or(0);
        let step = |to: usize| {
            self.walk.update_value(Walk::reset);
            if let Some(&(t, c)) = rows.get(to) {
                self.go(t, c);
            }
        };
        let name = |i: usize| self.model.with_untracked(|m| m.graph.tables.get(i).map(header_label).unwrap_or_default());
        match (ev.key().as_str(), c) {
            ("ArrowDown", _) => step((at + 1).min(rows.len().saturating_sub(1))),
            ("ArrowUp", _) => step(at.saturating_sub(1)),
            ("Home", _) => step(0),
            ("End", _) => step(rows.iter().rposition(|r| r.1.is_none()).unwrap_or(0)),
            ("ArrowRight", None) => {
                let nb = self.model.with_untracked(|m| outline::neighbours_of(m.rels.get(t).map_or(&[][..], Vec::as_slice), t));
                match self.walk.try_update_value(|w| w.forward(t, &nb)).flatten() {
                    Some(n) => self.go(n, None),
                    None if nb.is_empty() => self.said.set(format!("{} has no related tables", name(t))),
                    None => self.said.set(format!("every table related to {} was visited on this walk; ← goes back", name(t))),
                }
            }
            ("ArrowLeft", None) => match self.walk.try_update_value(|w| w.back()).flatten() {
                Some(p) => self.go(p, None),
                None => self.said.set("start of the walk".to_string()),
            },
            ("ArrowLeft", Some(_)) => self.go(t, None),
            ("Enter" | " " | "ArrowRight", Some(c)) => {
                if let Some(o) = self.model.with_untracked(|m| m.relation(t, c).and_then(|r| r.other)) {
                    self.walk.update_value(|w| w.reset());
                    self.go(o, None);
                } else if ev.key() == "ArrowRight" {
                    return;
                }
            }
            ("Enter" | " ", None) => self.expanded.update(|e| {
                if !e.remove(&t) {
                    e.insert(t);
                }
            }),
            _ => return,
        }
        ev.prevent_default();
    }
}

/// The outline of what the diagram draws. `open`: shown as a text view (else visually hidden
/// until it has focus); `on_select`: the diagram pans to and marks the table with this key.
pub fn outline_view(
    drawn: Signal<(Arc<ErdGraph>, Arc<Layout>)>,
    open: RwSignal<bool>,
    on_select: impl Fn(&str) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let active = RwSignal::new(false);
    let root: NodeRef<leptos::html::Div> = NodeRef::new();
    let model = Memo::new(move |_| {
        let (graph, layout) = drawn.get();
        let order = outline::reading_order(&graph, Some(&layout));
        let rels = if active.get() || open.get() { outline::all_relations(&graph) } else { Vec::new() };
        Model { graph, order, rels }
    });
    // The row holding the Tab stop (table index, row within it); `None`: the first table.
    let cursor: RwSignal<Option<(usize, Option<usize>)>> = RwSignal::new(None);
    let expanded: RwSignal<BTreeSet<usize>> = RwSignal::new(BTreeSet::new());
    let walk: StoredValue<Walk> = StoredValue::new(Walk::default());
    let said = RwSignal::new(String::new());
    let nav = Nav { model, cursor, expanded, walk, said, on_select };
    let current = move || nav.current();
    let go = move |t: usize, c: Option<usize>| nav.go(t, c);
    let on_key = move |ev: leptos::ev::KeyboardEvent| nav.key(&ev);

    let row = move |t: usize, c: Option<usize>, label: String, text: String, level: &'static str| {
        view! {
            <li
                role="treeitem"
                id=row_id(t, c)
                attr:aria-level=level
                aria-label=label
                tabindex=move || if current() == Some((t, c)) { "0" } else { "-1" }
                on:click=move |ev| {
                    ev.stop_propagation();
                    go(t, c);
                }
            >
                <span class="ol-row">{text}</span>
            </li>
        }
    };
    let children = move |t: usize| {
        model.with(|m| {
            let Some(tab) = m.graph.tables.get(t) else { return Vec::new() };
            let mut out: Vec<AnyView> = Vec::new();
            for (i, col) in tab.columns.iter().enumerate() {
                let label = outline::column_label(col);
                out.push(row(t, Some(i), label.clone(), label, "2").into_any());
            }
            for (j, r) in m.rels.get(t).into_iter().flatten().enumerate() {
                let label = outline::relation_label(r);
                out.push(row(t, Some(tab.columns.len() + j), label.clone(), format!("→ {label}"), "2").into_any());
            }
            out
        })
    };
    let items = move || {
        let show_all = active.get() || open.get();
        model.with(|m| {
            let take = if show_all { m.order.len() } else { m.order.len().min(1) };
            m.order[..take]
                .iter()
                .enumerate()
                .map(|(p, &t)| {
                    let label = if show_all {
                        outline::table_label_with(&m.graph, t, m.rels.get(t).map_or(&[][..], Vec::as_slice))
                    } else {
                        outline::table_label(&m.graph, t)
                    };
                    let name = m.graph.tables.get(t).map(header_label).unwrap_or_default();
                    let cols = m.graph.tables.get(t).map_or(0, |x| x.columns.len());
                    let is_open = move || expanded.with(|e| e.contains(&t));
                    view! {
                        <li
                            role="treeitem"
                            id=row_id(t, None)
                            attr:aria-level="1"
                            attr:aria-posinset=(p + 1).to_string()
                            attr:aria-setsize=m.order.len().to_string()
                            aria-expanded=move || is_open().to_string()
                            aria-label=label
                            tabindex=move || if current() == Some((t, None)) { "0" } else { "-1" }
                            class="ol-table"
                            on:click=move |ev| {
                                ev.stop_propagation();
                                nav.toggle(t);
                                go(t, None);
                            }
                        >
                            <span class="ol-row"><span class="ol-name">{name}</span>" "<span class="ol-meta">{format!("{cols} col.")}</span></span>
                            {move || is_open().then(|| view! { <ul role="group">{children(t)}</ul> })}
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div
            class="erd-outline"
            class:open=move || open.get()
            node_ref=root
            on:focusin=move |_| {
                if !active.get_untracked() {
                    // The full list replaces the one item: focus the same row again once drawn.
                    active.set(true);
                    if let Some((t, c)) = current() {
                        focus_row(t, c);
                    }
                }
            }
            on:focusout=move |_| {
                // Decided a moment later: a row being redrawn loses focus and gets it back.
                set_timeout(
                    move || {
                        let inside = root.get_untracked().zip(document().active_element()).is_some_and(|(r, a)| r.contains(Some(&*a)));
                        if !inside {
                            active.try_set(false);
                        }
                    },
                    std::time::Duration::from_millis(60),
                );
            }
        >
            <p class="ol-help" id="erd-ol-help">"↑↓ tables · → related table · ← back · Enter: columns and relationships"</p>
            <ul class="ol-tree" role="tree" aria-label="Diagram outline: tables" aria-describedby="erd-ol-help" on:keydown=on_key>
                {items}
            </ul>
            <p class="sr-only" aria-live="polite">{move || said.get()}</p>
        </div>
    }
}
