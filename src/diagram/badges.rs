//! Findings on the diagram (issue 19, item 2): a badge on every box whose table has lint findings
//! (count and the worst severity's shape and colour, `erd::badges`), in a layer that follows the
//! view (CSS variables, so a pan re-renders nothing); a click lists the findings, each with a link to the Findings tab and its editor
//! line and, where it has one, its Fix (applied as the Findings tab applies it:
//! `findings::apply_fix`).

use super::ctx::Ctx;
use crate::state::Tab;
use leptos::prelude::*;
use schemaplay_core::erd::badges::{self, Badge};
use std::collections::BTreeMap;

fn px(v: f64) -> String {
    format!("{v:.1}px")
}

/// One badge at the top right corner of its box: layout point `(x, y)`, placed through the
/// layer's view variables, so it keeps its size at every zoom and a pan re-renders nothing.
fn badge_button(cx: Ctx, key: String, b: &Badge, x: f64, y: f64) -> impl IntoView {
    let sentence = format!("{}: {}", key, b.sentence());
    let k2 = key.clone();
    let open = move || cx.badge_open.with(|o| o.as_deref() == Some(k2.as_str()));
    view! {
        <button
            class=format!("finding-badge sev-{}", b.worst.id())
            data-key=key.clone()
            aria-label=sentence.clone()
            title=sentence
            aria-expanded=move || open().to_string()
            style:left=format!("calc(var(--vx) + {x:.1}px * var(--vk))")
            style:top=format!("calc(var(--vy) + {y:.1}px * var(--vk))")
            on:click=move |_| cx.badge_open.update(|o| *o = if o.as_deref() == Some(key.as_str()) { None } else { Some(key.clone()) })
        >
            {b.label()}
        </button>
    }
}

/// The badges layer (the app's: `Tools::layers`): the badges of the boxes whose corner is on screen
/// (so Tab never lands off screen, and a large schema mounts only what is seen).
pub(super) fn layer(cx: Ctx) -> impl IntoView {
    let by_table: Memo<BTreeMap<String, Badge>> = Memo::new(move |_| cx.state.analysis.with(|a| badges::by_table(&a.findings)));
    let shown: Memo<Vec<(String, f64, f64)>> = Memo::new(move |_| {
        let (w, h) = cx.vp_size.get();
        let r = cx.view.get().visible(w, h);
        by_table.with(|bs| {
            cx.drawing.with(|d| {
                let corners = d.graph.tables.iter().zip(d.layout.tables.iter()).map(|(t, b)| (t, b.x + b.width, b.y));
                corners.filter(|(t, x, y)| bs.contains_key(&t.key) && *x >= r[0] && *x <= r[2] && *y >= r[1] && *y <= r[3]).map(|(t, x, y)| (t.key.clone(), x, y)).collect()
            })
        })
    });
    let all = move || {
        let list = shown.get();
        by_table.with(|bs| list.into_iter().filter_map(|(k, x, y)| Some(badge_button(cx, k.clone(), bs.get(&k)?, x, y))).collect_view())
    };
    let vars = move || {
        let v = cx.view.get();
        format!("--vx:{:.2}px;--vy:{:.2}px;--vk:{:.5}", v.x, v.y, v.k)
    };
    view! {
        <div class="erd-badges" style=vars>{all}</div>
        {list(cx)}
    }
}

/// The open badge's findings, beside its box.
fn list(cx: Ctx) -> impl IntoView {
    move || {
        let key = cx.badge_open.get()?;
        let items = cx.state.analysis.with(|a| {
            let b = badges::by_table(&a.findings).remove(&key)?;
            Some(b.findings.iter().filter_map(|&i| a.findings.get(i).cloned()).collect::<Vec<_>>())
        })?;
        let k0 = key.clone();
        let at = move || {
            let v = cx.view.get();
            cx.drawing.with(|d| {
                let i = d.graph.tables.iter().position(|t| t.key == k0)?;
                let b = d.layout.tables.get(i)?;
                Some((v.x + v.k * (b.x + b.width) + 8.0, v.y + v.k * b.y))
            })
        };
        let at2 = at.clone();
        let title = format!("Findings of {key}");
        let heading = title.clone();
        let state = cx.state;
        let rows = items.into_iter().map(|f| {
            let (line, column) = (f.line, f.column_no);
            let fix = f.fix.clone().map(|fix| {
                let desc = fix.description.clone();
                view! {
                    <button class="btn btn-small badge-fix" title=desc.clone() on:click=move |_| {
                        crate::findings::apply_fix(state, &fix, format!("Fixed line {line}: {}", fix.description));
                    }>"Fix"</button>
                }
            });
            view! {
                <li class=format!("badge-finding sev-{}", f.severity.id())>
                    <span class="badge-sev">{format!("{} {}", badges::mark(f.severity), f.severity.id())}</span>
                    " "
                    <button class="link badge-show" title="Show in the Findings tab and the editor" on:click=move |_| {
                        state.tab.set(Tab::Findings);
                        state.reveal(line, column);
                    }>{format!("line {line}")}</button>
                    ": "{f.message.clone()}" "{fix}
                </li>
            }
        });
        Some(view! {
            <section
                class="badge-pop"
                role="dialog"
                aria-label=title
                style:left=move || at().map_or_else(String::new, |p| px(p.0))
                style:top=move || at2().map_or_else(String::new, |p| px(p.1))
                on:keydown=move |ev| if ev.key() == "Escape" { ev.stop_propagation(); cx.badge_open.set(None); }
            >
                <div class="badge-pop-head">
                    <strong>{heading}</strong>
                    <button class="btn btn-small badge-close" aria-label="Close the findings list" on:click=move |_| cx.badge_open.set(None)>"×"</button>
                </div>
                <ul>{rows.collect_view()}</ul>
            </section>
        })
    }
}
