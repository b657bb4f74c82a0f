#!/usr/bin/env bash
# Highlights the same code blocks with syntect on Oniguruma and on fancy-regex (ADR 0026) and
# prints each engine's time and the blocks whose HTML differs.
# Usage: benches/highlight_engines.sh DOCS-DIR...   (folders of markdown files with fenced code)
# Each engine is built once into its own target folder (benches/highlight_engines/target-*).
set -euo pipefail
here="$(cd "$(dirname "$0")/highlight_engines" && pwd)"
[ $# -gt 0 ] || { echo "usage: $0 DOCS-DIR..." >&2; exit 2; }
for engine in onig fancy; do
  CARGO_TARGET_DIR="$here/target-$engine" cargo build --quiet --release --manifest-path "$here/Cargo.toml" --features "$engine"
done
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for docs in "$@"; do
  echo "== $docs"
  for engine in fancy onig; do
    printf '%-6s' "$engine"
    "$here/target-$engine/release/highlight-engines" "$docs" "$out/$engine.txt"
  done
  paste "$out/fancy.txt" "$out/onig.txt" | awk -F'\t' '
    { total[$1]++; if ($2 != $4) { differ[$1]++; print "  differs: block " NR - 1 " (" $1 ")" } }
    END { for (l in total) printf "  %s: %d of %d blocks differ\n", (l == "" ? "(no language)" : l), differ[l] + 0, total[l] }'
done
