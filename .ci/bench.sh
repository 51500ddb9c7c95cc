#!/usr/bin/env bash
# Benchmark of the reading view (issue 2): the fixture's document page against the same bytes served as a
# static file by the same server, in one run, at 50 concurrent connections with wrk; plus the release
# hydrate bundle size per page (.ci/bundle-size.mjs). Release build; the on-disk store in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/end2end/node_modules/.bin:$PATH"
DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-50}
PORT=${PORT:-3100}

command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null)
[ -x end2end/node_modules/.bin/wasm-opt ] || (cd end2end && npm ci --no-audit --no-fund)
# A release split build over an older one was seen to fail in wasm-opt (a chunk missing): start clean.
[ -n "${SKIP_BUILD:-}" ] || { rm -rf target/site/pkg; cargo leptos build --release --split >/dev/null; }

work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work" target/site/bench-static.html' EXIT
export ACCORD_DB="surrealkv://$work/store" ACCORD_DEMO=0 ACCORD_LOG=warn LEPTOS_SITE_ADDR="127.0.0.1:$PORT"
imported=$(target/release/accord import app/domain/tests/fixtures/seminar-2021-blagoveshchensk.md)
id=${imported%%$'\n'*}
target/release/accord & server=$!
until curl -fs "http://127.0.0.1:$PORT/" >/dev/null; do sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/documents/$id" > target/site/bench-static.html
bytes=$(wc -c < target/site/bench-static.html)

run() { # url -> "rps p99_ms"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$1" | awk '
    /Requests\/sec/ {rps=$2}
    /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
    END {printf "%s %s\n", rps, p99}'
}
curl -fs "http://127.0.0.1:$PORT/bench-static.html" >/dev/null
read -r page_rps page_p99 < <(run "http://127.0.0.1:$PORT/documents/$id")
read -r static_rps static_p99 < <(run "http://127.0.0.1:$PORT/bench-static.html")
ratio=$(awk -v a="$page_rps" -v b="$static_rps" 'BEGIN {printf "%.2f", a/b}')

echo "| what ($CONNECTIONS connections, $DURATION, $(nproc) cores) | requests/s | p99 ms |"
echo "|---|---|---|"
echo "| document page /documents/$id ($bytes bytes, server-rendered) | $page_rps | $page_p99 |"
echo "| same bytes as a static file | $static_rps | $static_p99 |"
echo "| ratio page/static (goal >= 0.5) | $ratio | |"
echo
echo "hydrate bundle, what a browser downloads to hydrate each page (goal <= 350 KB gzip):"
node .ci/bundle-size.mjs
