#!/usr/bin/env python3
"""Medians over several runs of `make bench-collab` (RUNS=n): per label, latency p50/p99, server CPU and RSS.
Usage: python3 .ci/bench-medians.py results-*.jsonl"""
import json
import statistics
import sys

runs = {}
for path in sys.argv[1:]:
    for line in open(path):
        line = line.strip()
        if not line:
            continue
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if row.get("label"):
            runs.setdefault(row["label"], []).append(row)

def median(rows, pick):
    values = []
    for r in rows:
        if r.get("ok"):
            try:
                values.append(pick(r))
            except (KeyError, TypeError):
                pass
    values = [v for v in values if v is not None]
    return f"{statistics.median(values):.1f}" if values else "-"

head = ["label", "runs", "ok", "p50 ms", "p99 ms", "server CPU %", "server RSS max MB", "all converged"]
print("| " + " | ".join(head) + " |")
print("|" + "---|" * len(head))
for label, rows in sorted(runs.items(), key=lambda kv: (kv[0].split(":")[-1], kv[0])):
    ok = [r for r in rows if r.get("ok")]
    print("| " + " | ".join([
        label,
        str(len(rows)),
        str(len(ok)),
        median(rows, lambda r: r["latencyMs"]["p50"]),
        median(rows, lambda r: r["latencyMs"]["p99"]),
        median(rows, lambda r: (r.get("server") or {}).get("cpuPct")),
        median(rows, lambda r: (r.get("server") or {}).get("rssMaxMB")),
        "yes" if ok and len(ok) == len(rows) and all((r.get("convergence") or {}).get("converged") for r in ok) else "no",
    ]) + " |")
