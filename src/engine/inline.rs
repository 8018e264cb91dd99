//! The engine in the page (feature `inline-engine`, for the DOM tests, which have no worker):
//! the same [`Engine::handle`], answered in a microtask so callers see the same asynchrony.

use super::{Done, Request};
use schemaplay_core::remote::Engine;
use std::cell::RefCell;

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::new(Engine::default());
}

pub fn call(request: Request, done: Done) {
    super::set_status(super::Status::Ready);
    leptos::prelude::queue_microtask(move || {
        let reply = ENGINE.with_borrow_mut(|e| e.handle(request));
        done(Ok(reply));
    });
}
