#!/usr/bin/env bash
# Several servers (issue 19), in one run on one SurrealDB server process: the native co-drafting generator
# (server/examples/collab_load.rs) at 1 × 100 clients, 1 edit/s each, against one Accord server and then two
# (clients split between them; propagation between clients on different servers reported apart), then failover:
# two servers, the second killed (SIGKILL) 10 s in, its clients connecting to the first. Each scenario types
# into a document of its own. Then 500 delegates (VOTERS) vote through two servers. Release build; co-drafting
# results in target/cluster-bench/results-*.jsonl.
# The database is the SurrealDB server built optimised (`make bench-tools`); SURREAL names another one.
#   SKIP_BUILD=1   do not rebuild
#   DURATION=30    seconds of each scenario's window
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
WORK=$ROOT/target/cluster-bench
DURATION=${DURATION:-30}
SURREAL=${SURREAL:-$HOME/.cargo/accord-surreal-release/bin/accord-surreal}
mkdir -p "$WORK"
[ -n "${SKIP_BUILD:-}" ] || cargo build --release -p server --bin accord --example collab_load --example vote_load
BIN=$ROOT/target/release/accord
GEN=$ROOT/target/release/examples/collab_load
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

dir=$(mktemp -d "$WORK/run.XXXXXX")
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$dir"; }
trap stop EXIT
db=$(free_port)
"$SURREAL" start --bind "127.0.0.1:$db" --user root --pass root --log error "surrealkv://$dir/db" >/dev/null 2>&1 &
pids+=($!)
until curl -fs "http://127.0.0.1:$db/health" >/dev/null; do sleep 0.2; done
export ACCORD_DB="ws://127.0.0.1:$db" ACCORD_DB_USER=root ACCORD_DB_PASS=root ACCORD_DEMO=0 ACCORD_LOG=warn
export LEPTOS_OUTPUT_NAME=accord LEPTOS_SITE_ROOT=$ROOT/target/site

printf '%s\n\n' "РЕКОМЕНДАЦИИ" "круглого стола" "«Нагрузочный тест»" "1 декабря 2026 г." "г. Зея" \
  "Участники круглого стола рекомендуют:" "1. Провести обучение." > "$dir/draft.md"
imported=$("$BIN" import "$dir/draft.md" --copies 3)
mapfile -t IDS < <(grep -E '^[a-z0-9]{12}$' <<<"$imported")
EVENT=$(sed -n 's/^event: //p' <<<"$imported")
echo "bench-password-1" | "$BIN" user add --email bench@accord.local --name "Нагрузочный тест" >/dev/null
"$BIN" member add --event "$EVENT" --email bench@accord.local --role delegate >/dev/null
TOKEN=$("$BIN" token --email bench@accord.local --event "$EVENT" --minutes 1440)

# Starts an Accord server on the database server: its process id and port in SERVED_PID and SERVED_PORT.
serve() {
  SERVED_PORT=$(free_port)
  LEPTOS_SITE_ADDR="127.0.0.1:$SERVED_PORT" "$BIN" >"$WORK/accord-$SERVED_PORT.log" 2>&1 &
  SERVED_PID=$!
  pids+=("$SERVED_PID")
  until curl -fs -o /dev/null "http://127.0.0.1:$SERVED_PORT/"; do sleep 0.2; done
}

OUT=$WORK/results-$(date +%Y%m%d-%H%M%S).jsonl
run() { # label room urls server-pid [more arguments]
  local label=$1 room=$2 urls=$3 pid=$4; shift 4
  echo "=== $label" >&2
  "$GEN" --label="$label" --url="$urls" --room-names="$room" --token="$TOKEN" --rooms=1 --clients=100 \
    --interval-ms=1000 --duration="$DURATION" --server-pid="$pid" "$@" | tee -a "$OUT"
}

serve; a_pid=$SERVED_PID; a_port=$SERVED_PORT
run "one server: 1x100" "${IDS[0]}" "ws://127.0.0.1:$a_port/ws/doc" "$a_pid"
serve; b_pid=$SERVED_PID; b_port=$SERVED_PORT
run "two servers: 1x100" "${IDS[1]}" "ws://127.0.0.1:$a_port/ws/doc,ws://127.0.0.1:$b_port/ws/doc" "$a_pid"
run "failover: 1x100, the second killed" "${IDS[2]}" "ws://127.0.0.1:$a_port/ws/doc,ws://127.0.0.1:$b_port/ws/doc" \
  "$a_pid" --kill-pid="$b_pid" --kill-at=10

python3 - "$OUT" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print("| scenario | p50 ms | p99 ms | between servers p50 / p99 ms | failover p50 / max ms | converged | server A CPU % |")
print("|---|---|---|---|---|---|---|")
for r in rows:
    lat, cross, fail = r["latencyMs"], r.get("crossLatencyMs"), r.get("failoverMs")
    c = f'{cross["p50"]} / {cross["p99"]} (n={cross["n"]})' if cross else "—"
    f = f'{fail["p50"]} / {fail["max"]} (n={fail["n"]})' if fail else "—"
    print(f'| {r["label"]} | {lat["p50"]} | {lat["p99"]} | {c} | {f} | {r["convergence"]["converged"]} | {r["server"]["cpuPct"]} |')
PY

# 500 delegates vote at once through two servers (in one process, each with its own connection, rooms and
# ballots; server/examples/vote_load.rs), beside the same clients' one-query read in the same run.
echo "=== votes through two servers" >&2
VOTE_DB="ws://127.0.0.1:$db" "$ROOT/target/release/examples/vote_load" ${VOTERS:-500} 2>/dev/null
