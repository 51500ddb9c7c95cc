#!/usr/bin/env bash
# Idle memory (issue 4): `accord` serving an on-disk store with nothing connected, against a process that only
# opens the same embedded store (`server/examples/store_idle.rs`), in one run. Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
PORT=${PORT:-3110}
[ -n "${SKIP_BUILD:-}" ] || cargo build --release -p server --bin accord --example store_idle >/dev/null
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
export ACCORD_DB="surrealkv://$work/store" ACCORD_DEMO=1 ACCORD_LOG=warn LEPTOS_SITE_ADDR="127.0.0.1:$PORT"
target/release/accord & server=$!
until curl -fs "http://127.0.0.1:$PORT/" >/dev/null; do sleep 0.2; done
sleep 10
rss() { awk -v k="$2" '$1 == k {print $2}' "/proc/$1/status"; }
anon=$(awk '$1 == "Anonymous:" {print $2}' "/proc/$server/smaps_rollup")
echo "accord idle (demo store, one page served): VmRSS $(rss $server VmRSS:) kB, anon $anon kB, file $(rss $server RssFile:) kB"
kill $server; wait $server 2>/dev/null || true
target/release/examples/store_idle "surrealkv://$work/store" 10
echo "binary sizes: accord $(stat -c %s target/release/accord) B, store_idle $(stat -c %s target/release/examples/store_idle) B"
