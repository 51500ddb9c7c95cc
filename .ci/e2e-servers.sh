#!/usr/bin/env bash
# The browser test of several servers (end2end/run.mjs, «several servers: …»): a SurrealDB server on a free port
# with a fresh store, two Accord servers on it (the site `cargo leptos build --split` made), and Chromium driving
# one person through each.
set -euo pipefail
cd "$(dirname "$0")/.."
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
dir=$(mktemp -d)
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$dir"; }
trap stop EXIT
db=$(free_port)
accord-surreal start --bind "127.0.0.1:$db" --user root --pass root --log error "surrealkv://$dir/db" >/dev/null 2>&1 &
pids+=($!)
until curl -fs "http://127.0.0.1:$db/health" >/dev/null; do sleep 0.2; done
bases=()
for _ in a b; do
  port=$(free_port)
  ACCORD_DB="ws://127.0.0.1:$db" ACCORD_DB_USER=root ACCORD_DB_PASS=root ACCORD_DEMO=0 ACCORD_LOG=error \
    LEPTOS_OUTPUT_NAME=accord LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR="127.0.0.1:$port" \
    target/debug/accord >/dev/null &
  pids+=($!)
  bases+=("http://127.0.0.1:$port")
done
for base in "${bases[@]}"; do
  until curl -fs -o /dev/null "$base/"; do sleep 0.5; done
done
cd end2end
ACCORD_URL=${bases[0]} ACCORD_URL_B=${bases[1]} E2E_ONLY="several servers" node run.mjs
