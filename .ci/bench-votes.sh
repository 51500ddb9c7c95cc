#!/usr/bin/env bash
# Votes at once (issue 6): 500 and 2 000 delegates vote at the same moment on the on-disk engine, beside the
# same clients making an authenticated one-query read, in one run. Release build; see server/examples/vote_load.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
[ -n "${SKIP_BUILD:-}" ] || cargo build --release -p server --example vote_load >/dev/null
[ $# -gt 0 ] || set -- 500 2000
LEPTOS_OUTPUT_NAME=accord target/release/examples/vote_load "$@" 2>/dev/null
