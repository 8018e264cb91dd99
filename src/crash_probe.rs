//! Test builds only: a way to make one panel's computation panic on purpose, so the e2e tests can
//! see that the panic stays in that panel (`tests/e2e/failure.test.mjs`).
//!
//! With the cargo feature `crash-probe` (set only by `make dist-probe`, which builds `dist-probe/`
//! for those tests), a text holding the comment `-- crash-probe: <panel>` makes that panel's
//! computation panic: `parse`, `lint`, `code` (the generators, in the engine worker) or
//! `migration` (the checker, in the engine worker, probed in the migration script); the diagram,
//! which sees tables rather than text, panics on a table named `crash_probe_diagram`.
//! `-- crash-probe: <panel> once` panics only the first time in this page (so Retry can be seen
//! to work). Without the feature — the shipped build — [`check`] and [`check_tables`] are empty
//! inline functions and no input can reach a panic through them.
//!
//! Why a feature and not a debug-only hook: the tests must run the release-like code paths
//! (`panic = "abort"`, the real worker), and a feature is off unless a build asks for it.

#[cfg(feature = "crash-probe")]
pub fn check(panel: &str, text: &str) {
    use std::cell::RefCell;
    use std::collections::BTreeSet;
    thread_local! {
        static FIRED: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
    }
    let tag = format!("-- crash-probe: {panel}");
    for line in text.lines().filter_map(|l| l.trim().strip_prefix(tag.as_str())) {
        let once = line.trim() == "once";
        if line.trim().is_empty() || (once && FIRED.with_borrow_mut(|f| f.insert(panel.to_string()))) {
            panic!("crash probe: the {panel} computation panicked on purpose");
        }
    }
}

#[cfg(feature = "crash-probe")]
pub fn check_tables<'a>(panel: &str, mut names: impl Iterator<Item = &'a str>) {
    if names.any(|n| n == format!("crash_probe_{panel}")) {
        panic!("crash probe: the {panel} computation panicked on purpose");
    }
}

#[cfg(not(feature = "crash-probe"))]
#[inline(always)]
pub fn check(_panel: &str, _text: &str) {}

#[cfg(not(feature = "crash-probe"))]
#[inline(always)]
pub fn check_tables<'a>(_panel: &str, _names: impl Iterator<Item = &'a str>) {}
