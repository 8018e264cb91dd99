# Schema Playground. `make serve` and `make test` install whatever is missing first.
SHELL := /bin/bash
PORT ?= 8080
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver

.PHONY: serve build dist-probe tools tools-browser test lint test-rust test-web test-e2e test-realdb bench clean

## serve: build the release app and serve it on http://127.0.0.1:$(PORT)/
serve: build
	node scripts/serve.mjs dist $(PORT)

## build: release build of the web app into dist/ (offline: Trunk downloads nothing): the app,
## embed and engine-worker wasm modules, the bootstrap and the service worker (Trunk.toml hook)
build: tools
	trunk build --release --offline

## dist-probe: a debug build with the test-only `crash-probe` feature into dist-probe/, for the
## e2e tests of panel-level failure containment (tests/e2e/failure.test.mjs). Never shipped.
dist-probe: tools
	trunk build --offline --features crash-probe --dist dist-probe

tools:
	scripts/install-tools.sh

tools-browser:
	scripts/install-tools.sh browser

## test: every test layer — engine and CLI, DOM tests in Chromium, end-to-end on the release build,
## and the importer against real PostgreSQL / MariaDB / SQLite. The browser e2e suite and the
## real-database layers run side by side (one waits on Chromium, the other mostly on the database
## servers; together ≈ 14 min instead of ≈ 23 on 2 cores), their lines interleaved (whole lines).
test: tools-browser
	$(MAKE) lint
	$(MAKE) test-rust
	$(MAKE) test-web
	$(MAKE) build
	$(MAKE) dist-probe
	$(MAKE) -j2 --output-sync=line test-e2e test-realdb

# Clippy with warnings as errors, natively (every crate and test) and for the browser build (the app's
# three wasm modules). About 1-3 minutes; first in `make test` so a lint failure stops CI early.
lint:
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p schema-playground --target wasm32-unknown-unknown --all-targets -- -D warnings

test-rust:
	tests/squawk/fetch.sh
	SCHEMAPLAY_SQUAWK_FIXTURES=$(CURDIR)/target/squawk/fixtures.json cargo test --workspace
	scripts/install-tools.sh squawk
	python3 tests/squawk/verify_with_squawk.py target/squawk/fixtures.json
	python3 -m unittest discover -s tests/realdb -p 'test_*.py'
	python3 -m unittest discover -s tests/readers -p 'test_*.py'
	cargo build -p schemaplay-cli
	node --test tests/sarif/
	node --test tests/action/
	node --test tests/codegen/js.test.mjs
	node --test tests/codegen/text.test.mjs
	node --test tests/codegen/hostile.test.mjs
	node --test tests/codegen/prisma_edits.test.mjs
	# the Drizzle planner's edited modules through real drizzle-kit generate, tsc --strict and drizzle-orm's
	# relation pairing (issue 19; the Prisma planner's are checked by prisma_edits.test.mjs above)
	rm -rf target/drizzle-edits
	DRIZZLE_EDIT_DUMP=$(CURDIR)/target/drizzle-edits cargo test -q -p schemaplay-core --test edit_drizzle
	python3 tests/edit/drizzle_kit_check.py target/drizzle-edits

# wasm-bindgen-test's default 20 s per-test limit is too short for the whole DOM suite on a busy
# 2-core machine (measured 23 s); the tests themselves wait for what they check. The DOM tests
# have no engine worker: `inline-engine` answers engine calls in the page.
test-web:
	WASM_BINDGEN_TEST_TIMEOUT=300 cargo test --target wasm32-unknown-unknown -p schema-playground --test web --features inline-engine

test-e2e:
	node --test --test-concurrency=1 tests/e2e/

test-realdb:
	cargo build -p schemaplay-cli
	SCHEMAPLAY=$(CURDIR)/target/debug/schemaplay tests/realdb/run.sh
	SCHEMAPLAY=$(CURDIR)/target/debug/schemaplay tests/realdb/run.sh --codegen-sql
	SCHEMAPLAY=$(CURDIR)/target/debug/schemaplay tests/realdb/run.sh --diff-plans
	scripts/pg_safe_alternatives.sh $(CURDIR)/target/debug/schemaplay
	tests/realdb/run.sh --type-rewrites
	SCHEMAPLAY=$(CURDIR)/target/debug/schemaplay tests/realdb/run.sh --roundtrip
	SCHEMAPLAY=$(CURDIR)/target/debug/schemaplay tests/realdb/run.sh --hostile
	SCHEMAPLAY=$(CURDIR)/target/debug/schemaplay tests/realdb/run.sh --histories
	SCHEMAPLAY=$(CURDIR)/target/debug/schemaplay tests/realdb/run.sh --redump
	$(MAKE) test-readers

.PHONY: test-readers
## test-readers: the non-SQL readers against PostgreSQL / MariaDB / SQLite (issue 15): Prisma's and
## @dbml/core's own SQL for the Prisma/DBML inputs, drizzle-kit generate's SQL for the Drizzle fixtures and
## for our Drizzle output of every corpus file, and our catalog query's JSON for every corpus file,
## compared with the real catalogs (about 11 minutes)
test-readers:
	cargo build -p schemaplay-cli
	SCHEMAPLAY=$(CURDIR)/target/debug/schemaplay tests/realdb/run.sh --readers --prisma --dbml
	SCHEMAPLAY=$(CURDIR)/target/debug/schemaplay tests/realdb/run.sh --readers --drizzle --corpus
	SCHEMAPLAY=$(CURDIR)/target/debug/schemaplay tests/realdb/run.sh --readers --catalog

.PHONY: test-codegen-js
## test-codegen-js: Prisma / Drizzle / TypeScript / Zod output checked by prisma-schema-wasm and tsc
test-codegen-js:
	cargo build -p schemaplay-cli
	node --test tests/codegen/js.test.mjs

## bench: module sizes and the first load measured in Chromium (scripts/first-load.mjs), the
## engine's timings and the scaling table (see scripts/bench.sh). Feel probes: node tests/e2e/bench-feel.mjs and
## node tests/e2e/bench-diagram.mjs (results in tests/e2e/*-results.md).
bench: build
	scripts/install-tools.sh browser bench
	scripts/bench.sh
	$(MAKE) bench-folders

.PHONY: bench-folders
## bench-folders: migration folders checked schema-aware, side by side with squawk's batch
## (writes scripts/bench_folders.md), and the in-process breakdown per folder
bench-folders:
	scripts/install-tools.sh bench
	cargo build -q --profile bench -p schemaplay-cli
	python3 scripts/bench_folders.py
	cargo bench -q -p schemaplay-core --bench folders

.PHONY: bench-scaling fuzz fuzz-smoke
## bench-scaling: every input family that was super-linear at n and 10n, with the growth (issue 21)
bench-scaling:
	cargo bench -q -p schemaplay-core --bench scaling

## fuzz: coverage-guided fuzzing of every engine entry point, FUZZ_SECONDS per target (default
## 120; installs nightly and cargo-fuzz; one build, then one target at a time; see scripts/fuzz.sh
## and fuzz/README.md). Not part of `make test` (CI has no nightly).
fuzz:
	scripts/fuzz.sh

## fuzz-smoke: 10 s of parse_lint (after the fuzz build), to check that fuzzing works at all
fuzz-smoke:
	scripts/fuzz.sh 10 parse_lint

clean:
	rm -rf dist dist-probe target
