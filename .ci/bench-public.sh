#!/usr/bin/env bash
# The public record under load (issue 7): the public page of a document with 1 000 comments in a store of
# adopted documents, beside a static file of the same bytes, at 100 connections; the page's server time alone;
# registry search over 10 008 recommendations. Release build; see server/examples/public_load.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
[ -n "${SKIP_BUILD:-}" ] || cargo build --release -p server --example public_load >/dev/null
LEPTOS_OUTPUT_NAME=accord target/release/examples/public_load "$@" 2> >(grep -v -e LEPTOS_OUTPUT -e cargo-leptos -e "You are compiling" >&2)
