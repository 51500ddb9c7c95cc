#!/usr/bin/env bash
# Co-drafting benchmark (issue 4). Runs ../shared/bench/collab's Node load generator against Accord, the two
# peer servers it installs (@y/websocket-server, Hocuspocus) and y-sweet in one session, scenario by scenario,
# then the native load generator (server/examples/collab_load.rs, which also speaks Hocuspocus's framing) against
# each of them, for the scenarios where the Node one saturates.
#   FILTER=regex     scenarios of the matrix to run (default: all)
#   SERVERS=regex    servers to run them on (default: all, plus accord)
#   SKIP_BUILD=1     do not rebuild the release binary
#   BIN=path         the accord server to run (default target/release/accord; the native generator is always
#                    target/release/examples/collab_load)
#   SKIP_NODE=1 / SKIP_NATIVE=1  leave out one half
#   RUNS=3           run the chosen scenarios that many times; the medians are printed at the end
# y-sweet (the Rust yrs server, `make bench-collab` installs it) joins the Node runs as a third peer when its
# binary is present and SERVERS matches `y-sweet`.
# Results: target/collab-bench/results-*.jsonl and the markdown tables printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
HARNESS_SRC=${HARNESS_SRC:-$ROOT/../shared/bench/collab}
WORK=$ROOT/target/collab-bench
PORT=${PORT:-3210}
STAMP=$(date +%Y%m%d-%H%M%S)
mkdir -p "$WORK"

[ -n "${SKIP_BUILD:-}" ] || cargo build --release -p server --bin accord --example collab_load
BIN=$(realpath "${BIN:-$ROOT/target/release/accord}") # the server scripts run from the harness's directory

# The harness, with its npm packages installed once.
mkdir -p "$WORK/harness"
cp -r "$HARNESS_SRC"/. "$WORK/harness/"
[ -d "$WORK/harness/node_modules/yjs" ] || (cd "$WORK/harness" && npm ci --no-audit --no-fund)
# y-sweet names a document twice in its address (/d/{doc}/ws/{doc}); the generator appends the room to the
# address, so the copy here puts the room where the address says {room}.
sed -i 's|(HP ? cfg.url : `${cfg.url}/${this.room}`)|(HP ? cfg.url : cfg.url.includes("{room}") ? cfg.url.replaceAll("{room}", this.room) : `${cfg.url}/${this.room}`)|' \
  "$WORK/harness/loadgen.mjs"
grep -q 'replaceAll("{room}"' "$WORK/harness/loadgen.mjs" || { echo "the generator's address line changed" >&2; exit 1; }
YSWEET=${YSWEET:-$HOME/.cargo/y-sweet/bin/y-sweet}

# A seeded store: 500 small drafts in one event (the generators write their own text into them), a delegate,
# and a token for the event's documents.
SEED=$WORK/seed
rm -rf "$SEED" && mkdir -p "$SEED"
printf '%s\n\n' "РЕКОМЕНДАЦИИ" "круглого стола" "«Нагрузочный тест»" "1 декабря 2026 г." "г. Зея" \
  "Участники круглого стола рекомендуют:" "1. Провести обучение." > "$SEED/draft.md"
export ACCORD_DB="surrealkv://$SEED/store" ACCORD_DEMO=0 ACCORD_LOG=warn
imported=$("$BIN" import "$SEED/draft.md" --copies 500)
IDS=$(grep -E '^[a-z0-9]{12}$' <<<"$imported" | paste -sd, -)
EVENT=$(sed -n 's/^event: //p' <<<"$imported")
echo "bench-password-1" | "$BIN" user add --email bench@accord.local --name "Нагрузочный тест" >/dev/null
"$BIN" member add --event "$EVENT" --email bench@accord.local --role delegate >/dev/null
TOKEN=$("$BIN" token --email bench@accord.local --event "$EVENT" --minutes 1440)
unset ACCORD_DB

# Every scenario starts Accord on a fresh copy of the seeded store.
cat > "$WORK/accord-server.sh" <<EOF
#!/usr/bin/env bash
dir=\$(mktemp -d "$WORK/run.XXXXXX")
cp -r "$SEED/store" "\$dir/store"
export ACCORD_DB="surrealkv://\$dir/store" ACCORD_DEMO=0 ACCORD_LOG=warn LEPTOS_SITE_ADDR="127.0.0.1:\${PORT:-$PORT}"
export LEPTOS_SITE_ROOT="$ROOT/target/site"
exec "$BIN"
EOF
chmod +x "$WORK/accord-server.sh"
trap 'rm -rf "$WORK"/run.*' EXIT

# y-sweet on a fresh store directory per scenario, like Accord (it writes a document's state every 10 s), logging
# warnings only, as Accord does here.
cat > "$WORK/y-sweet-server.sh" <<EOF
#!/usr/bin/env bash
dir=\$(mktemp -d "$WORK/run.XXXXXX")
export RUST_LOG=warn
exec "$YSWEET" serve --host 127.0.0.1 --port "\${PORT}" "\$dir/store"
EOF
chmod +x "$WORK/y-sweet-server.sh"

ALL=()
for run in $(seq 1 "${RUNS:-1}"); do
if [ -z "${SKIP_NODE:-}" ]; then
  OUT=$WORK/results-node-$STAMP-$run.jsonl
  (cd "$WORK/harness" && \
    EXTRA_SERVER="accord|yws|$PORT|$WORK/accord-server.sh|ws://127.0.0.1:$PORT/ws/doc|--query=token=$TOKEN --room-names=$IDS" \
    ./run-matrix.sh "$OUT" "${FILTER:-.}" "${SERVERS:-.}")
  if [ -x "$YSWEET" ] && [[ y-sweet =~ ${SERVERS:-.} ]]; then
    (cd "$WORK/harness" && \
      EXTRA_SERVER="y-sweet|yws|$((PORT + 1))|$WORK/y-sweet-server.sh|ws://127.0.0.1:$((PORT + 1))/d/{room}/ws/{room}" \
      ./run-matrix.sh "$OUT" "${FILTER:-.}" "^y-sweet$")
  fi
  python3 "$WORK/harness/summarize.py" "$OUT"
  ALL+=("$OUT")
fi

if [ -z "${SKIP_NATIVE:-}" ]; then
  OUT=$WORK/results-native-$STAMP-$run.jsonl
  : > "$OUT"
  # name | arguments of collab_load
  NATIVE=(
    "1x100|--rooms=1 --clients=100 --interval-ms=200"
    "1x200|--rooms=1 --clients=200 --interval-ms=200"
    "1x300-30w|--rooms=1 --clients=300 --writers=30 --interval-ms=200"
    "20x20|--rooms=20 --clients=20 --interval-ms=200"
    "1x30-reconnect|--rooms=1 --clients=30 --interval-ms=200 --reconnect-fraction=0.3"
  )
  # name | start command (in the harness's directory) | address | arguments: every server SERVERS matches
  TARGETS=(
    "accord|$WORK/accord-server.sh|ws://127.0.0.1:$PORT/ws/doc|--token=$TOKEN --room-names=$IDS"
    "y-websocket-server|node node_modules/@y/websocket-server/src/server.js|ws://127.0.0.1:$PORT|"
    "hocuspocus|node servers/hocuspocus.mjs|ws://127.0.0.1:$PORT|--protocol=hocuspocus"
  )
  [ -x "$YSWEET" ] && TARGETS+=("y-sweet|$WORK/y-sweet-server.sh|ws://127.0.0.1:$PORT/d/{room}/ws/{room}|")
  for sc in "${NATIVE[@]}"; do
    name=${sc%%|*}; args=${sc#*|}
    [[ $name =~ ${FILTER:-.} ]] || continue
    for target in "${TARGETS[@]}"; do
      IFS='|' read -r sname cmd url targs <<<"$target"
      [[ $sname =~ ${SERVERS:-.} ]] || continue
      (cd "$WORK/harness" && PORT=$PORT HOST=127.0.0.1 exec $cmd) > "$WORK/native-$sname-$name.log" 2>&1 &
      spid=$!
      until (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; do
        kill -0 $spid 2>/dev/null || { echo "$sname did not start:" >&2; cat "$WORK/native-$sname-$name.log" >&2; exit 1; }
        sleep 0.1
      done
      sleep 0.5
      echo "=== native $name on $sname" >&2
      # shellcheck disable=SC2086 # the arguments are words
      "$ROOT/target/release/examples/collab_load" --label="$sname-native:$name" --url="$url" \
        --server-pid=$spid --duration=30 $args $targs >> "$OUT" || true
      kill $spid; wait $spid 2>/dev/null || true
      sleep 1
    done
  done
  python3 "$WORK/harness/summarize.py" "$OUT"
  ALL+=("$OUT")
fi
done
if [ "${RUNS:-1}" -gt 1 ] && [ ${#ALL[@]} -gt 0 ]; then python3 "$ROOT/.ci/bench-medians.py" "${ALL[@]}"; fi
