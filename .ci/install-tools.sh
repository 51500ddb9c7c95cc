#!/usr/bin/env bash
# Installs the build tools Accord needs when they are missing; safe to re-run. Run from the repository's root.
# cargo-leptos and wasm-bindgen-cli are built from their crate sources with one dependency
# pinned down, because their own lock files need a newer rustc / a yanked crate (see BUILD-NOTES).
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.11
WASM_BINDGEN_VERSION=0.2.130
CARGO_FUZZ_VERSION=0.13.2
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '[install-tools] %s\n' "$*"; }

crate_src() { # name version -> prints the extracted source dir
  local name=$1 version=$2
  (cd /tmp && cargo info "$name@$version" >/dev/null 2>&1) || true
  ls -d "$HOME"/.cargo/registry/src/*/"$name-$version" 2>/dev/null | head -n1
}

build_from_source() { # name version precise-pin...
  local name=$1 version=$2; shift 2
  local src work
  src=$(crate_src "$name" "$version")
  [ -n "$src" ] || { echo "cannot fetch $name $version" >&2; exit 1; }
  work=$(mktemp -d)
  cp -r "$src" "$work/src"
  (
    cd "$work/src"
    for pin in "$@"; do cargo update -q -p "${pin%@*}" --precise "${pin#*@}"; done
    cargo install --quiet --path . --locked
  )
  rm -rf "$work"
}

if ! rustup target list --installed | grep -q wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm_split_cli_support 0.2.4 (which needs rayon 1.12) lays a split build's constant data out without padding; 0.2.3,
# the version cargo-leptos locks, found the layout a few bytes longer than the linker's and left all of it in the
# main module, so every page downloaded every page's strings and tables (README, «Browser bundle»). The stamp
# says which split tool the installed cargo-leptos carries, since `--version` does not.
CARGO_LEPTOS_PINS="cargo-util-schemas@0.14.1 rayon@1.12.0 wasm_split_cli_support@0.2.4"
CARGO_LEPTOS_STAMP="$HOME/.cargo/accord-cargo-leptos"
if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ] \
  || [ "$(cat "$CARGO_LEPTOS_STAMP" 2>/dev/null)" != "$CARGO_LEPTOS_VERSION $CARGO_LEPTOS_PINS" ]; then
  log "building cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes on 2 cores, once per machine)"
  # shellcheck disable=SC2086 # one argument per pin
  build_from_source cargo-leptos "$CARGO_LEPTOS_VERSION" $CARGO_LEPTOS_PINS
  echo "$CARGO_LEPTOS_VERSION $CARGO_LEPTOS_PINS" > "$CARGO_LEPTOS_STAMP"
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "building wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 8 minutes, once per machine)"
  build_from_source wasm-bindgen-cli "$WASM_BINDGEN_VERSION" webpki-roots@1.0.10
fi
# What only `make test` asks for (--for-tests): the SurrealDB server, for the tests that run Accord on one
# (.ci/surrealdb), and cargo-fuzz for the coverage-guided targets, where a nightly toolchain is installed.
if [ "${1:-}" = "--for-tests" ] && ! accord-surreal version 2>/dev/null | grep -q "^3.3.5 "; then
  log "building the SurrealDB 3.3.5 server as accord-surreal (about 8 minutes, once per machine)"
  cargo install --quiet --path .ci/surrealdb --locked --debug --target-dir target/surrealdb-build
  rm -rf target/surrealdb-build
fi
# What only `make bench-cluster` asks for (--for-bench): the same SurrealDB server built for speed, so that
# what the benchmark measures is Accord and not a debug build of the database. Installed beside the tests' one.
if [ "${1:-}" = "--for-bench" ] && ! "$HOME/.cargo/accord-surreal-release/bin/accord-surreal" version 2>/dev/null | grep -q "^3.3.5 "; then
  log "building the SurrealDB 3.3.5 server for benchmarks, optimised (about 35 minutes on 2 cores, once per machine)"
  cargo install --quiet --path .ci/surrealdb --locked --root "$HOME/.cargo/accord-surreal-release" \
    --target-dir target/surrealdb-release-build
  rm -rf target/surrealdb-release-build
fi
# What only `make bench-collab` asks for (--for-collab-bench): y-sweet, the Rust (yrs) co-editing server, as a
# third peer. Its npm package downloads a prebuilt binary, which cannot work here, so it is built from crates.io.
if [ "${1:-}" = "--for-collab-bench" ] && ! "$HOME/.cargo/y-sweet/bin/y-sweet" version 2>/dev/null | grep -qx "0.9.1"; then
  log "building y-sweet 0.9.1 (up to half an hour on 2 cores, once per machine)"
  cargo install --quiet y-sweet --version 0.9.1 --locked --root "$HOME/.cargo/y-sweet"
fi
if [ "${1:-}" = "--for-tests" ] && cargo +nightly --version >/dev/null 2>&1 \
  && [ "$(cargo fuzz --version 2>/dev/null | awk '{print $2}')" != "$CARGO_FUZZ_VERSION" ]; then
  log "building cargo-fuzz $CARGO_FUZZ_VERSION (about 2 minutes, once per machine)"
  cargo install --quiet cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked
fi
log "tools ready"
