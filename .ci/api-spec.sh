#!/usr/bin/env bash
# The public API held to its description: schemathesis (from PyPI, into target/schemathesis) runs every
# operation of /api/v1/openapi.json against a demo server with generated requests and checks every answer's
# status, content type and schema, and that no request gets a 5xx. `ST_SEED=…` changes the generated requests
# (the default seed makes a run repeatable); `ST_EXAMPLES=…` how many per operation.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=4.32.5
VENV=target/schemathesis
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$VERSION"; then
  echo "[api-spec] installing schemathesis $VERSION"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "schemathesis==$VERSION"
fi
# The server as the browser tests build it (up to date already when they have run).
cargo leptos build --split >/dev/null 2>&1 || cargo leptos build --split
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
ACCORD_DB=mem:// ACCORD_DEMO=1 LEPTOS_SITE_ADDR="127.0.0.1:$PORT" target/debug/accord serve >target/api-spec-server.log 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -sf "$BASE/api/v1/openapi.json" >/dev/null && break
  kill -0 "$SERVER" 2>/dev/null || { cat target/api-spec-server.log; exit 1; }
  sleep 0.5
done
"$VENV/bin/schemathesis" run "$BASE/api/v1/openapi.json" --url "$BASE" --checks all \
  --seed "${ST_SEED:-20261201}" --max-examples "${ST_EXAMPLES:-100}" --workers 2
