#!/usr/bin/env bash
# The name issue 9 gives the comparison: the benchmarks live in benches/ (DESIGN.md's layout).
exec "$(dirname "$0")/../benches/compare.sh" "$@"
