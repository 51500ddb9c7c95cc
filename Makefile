# The two commands of the README: `make run` and `make test`. Both install what they miss and are safe to re-run.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/end2end/node_modules/.bin:$(PATH)

.PHONY: run cluster test tools test-tools bench-tools browser e2e-deps lint unit fuzz-short e2e e2e-servers api-spec fuzz soak screenshots bench bench-collab bench-idle bench-votes bench-public bench-cluster bundle-size clean

# `--split`: every page's browser code is its own chunk, loaded when the page is first shown
# (app/src/routes.rs). The lazy routes only work in a split build, so every build here is one.
run: tools
	cargo leptos serve --split

# Two Accord servers on one SurrealDB server (README, «Running several servers»): http://127.0.0.1:3000 and :3001.
cluster: tools test-tools
	cargo leptos build --split --release
	bash .ci/cluster.sh

test: tools test-tools browser e2e-deps lint unit fuzz-short e2e e2e-servers api-spec

tools:
	@bash .ci/install-tools.sh

# What only the tests need: the SurrealDB server that server/tests/failing_store.rs runs Accord on, and
# cargo-fuzz where a nightly toolchain is installed.
test-tools:
	@bash .ci/install-tools.sh --for-tests

# What only `make bench-cluster` needs: the SurrealDB server built optimised.
bench-tools:
	@bash .ci/install-tools.sh --for-bench

browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "[test] installing Debian's chromium"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; \
	fi
	@if ! command -v soffice >/dev/null; then \
	  echo "[test] installing LibreOffice Writer (headless), which the Word export test converts with"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui) >/dev/null; \
	fi
	@if ! /usr/bin/python3 -c 'import uno' 2>/dev/null; then \
	  echo "[test] installing python3-uno, with which the tracked-changes test drives LibreOffice"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-uno) >/dev/null; \
	fi
	@if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then \
	  echo "[test] installing python3-aiosmtpd, the SMTP server the notices test mails to"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-aiosmtpd) >/dev/null; \
	fi
	@if ! command -v pdftotext >/dev/null; then \
	  echo "[test] installing poppler-utils, whose pdftotext the PDF export test reads with"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils) >/dev/null; \
	fi

e2e-deps:
	@if [ ! -d end2end/node_modules/playwright-core ] || [ ! -d end2end/node_modules/y-websocket ] || [ ! -d end2end/node_modules/axe-core ]; then (cd end2end && npm ci --no-audit --no-fund); fi

lint:
	cargo fmt --all --check
	cargo clippy -p accord-domain -p app -p server --all-targets -- -D warnings
	cargo clippy -p frontend -p app --features app/hydrate --target wasm32-unknown-unknown -- -D warnings

# One test at a time in each test binary: several embedded stores (one per test's server) in one process hang
# now and then (a page request never answered: 1 run in 10 of tests/api.rs in parallel, none in 22 one at a
# time). A server runs one store; the browser tests, against one server, never hung.
unit:
	cargo test -p accord-domain -p app -p server -- --test-threads=1
	cargo test -p surrealdb-datastore --lib cache::tx

e2e:
	ACCORD_DB=mem:// ACCORD_DEMO=1 cargo leptos end-to-end --split

# The browser on two Accord servers sharing a SurrealDB server (the build `e2e` made is reused).
e2e-servers:
	cargo leptos build --split
	bash .ci/e2e-servers.sh

# The public API against its OpenAPI description (schemathesis): every operation, generated requests.
api-spec:
	bash .ci/api-spec.sh

# A bounded fuzzing campaign: the domain's coverage-guided targets (app/domain/fuzz: the co-drafting frame, the
# importer, the Markdown round trip; .ci/fuzz.sh) and then the server's three campaigns (co-drafting frames,
# query strings, server-function bodies) for FUZZ_S seconds each, then the importer's and the Markdown round
# trip's property tests with FUZZ_CASES generated texts.
FUZZ_S ?= 120
FUZZ_CASES ?= 20000
# Every part runs even when one finds something; `make fuzz` fails at the end if any did.
fuzz:
	@failed=0; \
	bash .ci/fuzz.sh --seconds $(FUZZ_S) || failed=1; \
	FUZZ_S=$(FUZZ_S) cargo test -p server --test integration -- fuzz:: --test-threads=1 --nocapture || failed=1; \
	FUZZ_CASES=$(FUZZ_CASES) cargo test -p accord-domain --release -- any_text_imports_and_loses_no_line export_imports_back_to_the_same_document || failed=1; \
	exit $$failed

# The short coverage-guided run of `make test`: 4 000 inputs of the frame target from a fixed seed.
fuzz-short:
	bash .ci/fuzz.sh --runs 4000

# The crash campaign: the server killed (SIGKILL) at random moments for SOAK_S seconds while SOAK_TYPISTS
# people type, SOAK_VOTERS delegates vote and documents are imported (server/tests/soak.rs). `make unit` runs a
# short one (30 s, 100 typists, 40 voters: enough to keep the writers busy, so that kills take back text).
SOAK_S ?= 600
SOAK_TYPISTS ?= 100
SOAK_VOTERS ?= 200
soak:
	SOAK_S=$(SOAK_S) SOAK_TYPISTS=$(SOAK_TYPISTS) SOAK_VOTERS=$(SOAK_VOTERS) cargo test -p server --test integration -- soak:: --nocapture

# The README's screenshots (end2end/screenshots/), taken from the demo store at 1280 and 390 px.
screenshots: tools browser e2e-deps
	ACCORD_DB=mem:// ACCORD_DEMO=1 LEPTOS_END2END_CMD="node screenshots.mjs" cargo leptos end-to-end --split

bench: tools
	bash .ci/bench.sh

bench-collab: tools
	@bash .ci/install-tools.sh --for-collab-bench
	bash .ci/bench-collab.sh

bench-idle:
	bash .ci/bench-idle.sh

bench-votes:
	bash .ci/bench-votes.sh

# Several servers on one SurrealDB server (issue 19): propagation across servers beside one server, and failover.
bench-cluster: bench-tools
	bash .ci/bench-cluster.sh

bench-public:
	bash .ci/bench-public.sh

# What a browser downloads to hydrate each page, from a release build of the browser code.
bundle-size: tools e2e-deps
	rm -rf target/site/pkg
	cargo leptos build --release --frontend-only --split
	node .ci/bundle-size.mjs

clean:
	rm -rf target data end2end/node_modules
