#!/usr/bin/env bash
# `make unit`: every test binary of the three crates, each binary's tests one at a time (Makefile, «unit»), in two
# lanes at once. Run one after another the binaries took 842 s at 207c834, 403 s of it in three that mostly wait on
# servers they start and stop (servers, restart) or on 500 sign-ins (ballots); those make one lane, the rest the
# other. A binary runs in its package's directory, as `cargo test` runs it. None of the crates has doc tests.
set -uo pipefail
cd "$(dirname "$0")/.."
WAITING='^(servers|restart|ballots)$'

built=$(mktemp)
trap 'rm -f "$built"' EXIT
cargo test -p accord-domain -p app -p server --no-run --message-format=json-render-diagnostics >"$built" || exit 1
# One line per test binary: lane, package directory, executable.
binaries=$(python3 - "$built" "$WAITING" <<'PY'
import json, os, re, sys
waiting = re.compile(sys.argv[2])
for line in open(sys.argv[1]):
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("reason") == "compiler-artifact" and m["profile"]["test"] and m.get("executable"):
        lane = "a" if waiting.search(m["target"]["name"]) else "b"
        print(lane, os.path.dirname(m["manifest_path"]), m["executable"])
PY
) || exit 1

lane() {
  local failed=0 which dir exe
  while read -r which dir exe; do
    [ "$which" = "$1" ] || continue
    echo "     Running ${exe##*/}"
    (cd "$dir" && "$exe" --test-threads=1 </dev/null) || { failed=1; echo "FAILED: ${exe##*/}"; }
  done <<<"$binaries"
  return $failed
}

lane a 2>&1 | sed -u 's/^/[a] /' &
a=$!
lane b 2>&1 | sed -u 's/^/[b] /'
b=${PIPESTATUS[0]}
wait $a
a=$?
[ "$a" -eq 0 ] && [ "$b" -eq 0 ]
