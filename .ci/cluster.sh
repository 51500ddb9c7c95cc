#!/usr/bin/env bash
# `make cluster`: Accord as several servers, for a person to try. A SurrealDB server on 127.0.0.1:8000 (data in
# ./data/cluster, user root, password root) and two Accord servers on it, on http://127.0.0.1:3000 and :3001
# (the first fills an empty store with the demo content). Open a draft on both ports and type. Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
DB_PORT=${DB_PORT:-8000}
PORTS=(${PORTS:-3000 3001})
mkdir -p data
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

accord-surreal start --bind "127.0.0.1:$DB_PORT" --user root --pass root --log warn surrealkv://data/cluster &
pids+=($!)
until curl -fs "http://127.0.0.1:$DB_PORT/health" >/dev/null; do sleep 0.2; done
echo "[cluster] SurrealDB server on ws://127.0.0.1:$DB_PORT"

demo=1
for port in "${PORTS[@]}"; do
  ACCORD_DB="ws://127.0.0.1:$DB_PORT" ACCORD_DB_USER=root ACCORD_DB_PASS=root ACCORD_DEMO=$demo \
    LEPTOS_OUTPUT_NAME=accord LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_ADDR="127.0.0.1:$port" \
    target/release/accord &
  pids+=($!)
  # The next starts once this one serves: only the first fills the empty store with the demo content.
  until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.5; done
  echo "[cluster] Accord on http://127.0.0.1:$port"
  demo=0
done
wait -n
