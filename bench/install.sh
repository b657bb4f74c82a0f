#!/usr/bin/env bash
# What installing sadoc costs a CI job, measured from nothing each time:
#
#   1. a fresh virtual environment to a working `sadoc --version`, with pip and with uv, from
#      the locally built wheel (`ci/release.sh build` makes it; offline, as from a private index);
#   2. the `sadoc-check` job of ci/sadoc.gitlab-ci.yml, run by gitlab-ci-local on a small
#      merge request in an image without sadoc: before (the old default, `cargo install` from
#      source with an empty Cargo target folder), after (the wheel), and again from GitLab's
#      cache.
#
# Usage: bench/install.sh DIST [--runs N] [--skip-source]
#   DIST           the output of `ci/release.sh build` (wheels and the static binary)
#   --runs N       runs of each fast measurement (median reported; default 5)
#   --skip-source  leave out the from-source job (8-10 minutes on two cores)
# Needs python3, gitlab-ci-local (GITLAB_CI_LOCAL, default: on the PATH or where .ci/run puts
# it) and, for the uv row, network access to PyPI once to install uv into a scratch venv.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"

dist="${1:?usage: bench/install.sh DIST [--runs N] [--skip-source]}"
dist="$(cd "$dist" && pwd)"
shift
runs=5
skip_source=false
while (($#)); do
  case "$1" in
    --runs) runs="$2"; shift 2;;
    --skip-source) skip_source=true; shift;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
gcl="${GITLAB_CI_LOCAL:-$(command -v gitlab-ci-local || echo "$HOME/.cache/sadoc-tools/node_modules/.bin/gitlab-ci-local")}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }
# A PATH without sadoc or cargo on it: an image that has neither.
bare_path="$(printf '%s' "$PATH" | tr ':' '\n' | while read -r d; do
  [ -e "$d/sadoc" ] || [ -e "$d/cargo" ] || printf '%s:' "$d"; done)"
bare_path="${bare_path%:}"

echo "sadoc $version, wheels from $dist; $(nproc) cores; $(date -u +%Y-%m-%d)"
echo

# 1. Fresh venv -> sadoc --version.
python3 -m venv "$work/uv-venv" && "$work/uv-venv/bin/pip" install --quiet uv
uv="$work/uv-venv/bin/uv"
pip_times=(); uv_times=()
for i in $(seq "$runs"); do
  rm -rf "$work/venv"; start="$(now)"
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install --quiet --no-index --find-links "$dist" "sadoc==$version"
  "$work/venv/bin/sadoc" --version >/dev/null
  pip_times+=("$(echo "$(now) - $start" | bc)")
  rm -rf "$work/venv"; start="$(now)"
  "$uv" venv --quiet "$work/venv"
  VIRTUAL_ENV="$work/venv" "$uv" pip install --quiet --offline --no-index --find-links "$dist" "sadoc==$version"
  "$work/venv/bin/sadoc" --version >/dev/null
  uv_times+=("$(echo "$(now) - $start" | bc)")
done
echo "| fresh venv to \`sadoc --version\` | median of $runs (s) |"
echo "|---|---|"
echo "| python3 -m venv + pip install (wheel) | $(printf '%s\n' "${pip_times[@]}" | median) |"
echo "| uv venv + uv pip install (wheel) | $(printf '%s\n' "${uv_times[@]}" | median) |"
echo

# 2. The sadoc-check job of the template, in an image without sadoc.
project="$work/project"
mkdir -p "$project/docs/adr" "$project/src" "$project/ci"
cp ci/sadoc.gitlab-ci.yml "$project/ci/"
printf 'include:\n  - local: ci/sadoc.gitlab-ci.yml\n' > "$project/.gitlab-ci.yml"
printf '.gitlab-ci-local/\n.sadoc-cache/\n*.json\n*.xml\nsadoc-check.md\n' > "$project/.gitignore"
printf 'title: Shop\n' > "$project/sadoc.yml"
printf -- '---\nstatus: accepted\ngoverns: ["src/**"]\n---\n# Use Rust\n\nWe write it in Rust.\n' > "$project/docs/adr/0001-use-rust.md"
echo 'fn main() {}' > "$project/src/main.rs"
git -C "$project" init --quiet --initial-branch=main
git -C "$project" add -A
git -C "$project" -c user.name=b -c user.email=b@localhost commit --quiet -m start
base="$(git -C "$project" rev-parse HEAD)"
echo 'fn main() { ingest(); }' > "$project/src/main.rs"
git -C "$project" -c user.name=b -c user.email=b@localhost commit --quiet -am "Ingest"

job() { # job NAME [VAR=VALUE ...]: seconds for the whole sadoc-check job
  local vars=(CI_PIPELINE_SOURCE=merge_request_event CI_MERGE_REQUEST_EVENT_TYPE=detached
    "CI_MERGE_REQUEST_DIFF_BASE_SHA=$base" CI_MERGE_REQUEST_IID=1 "CARGO_HOME=$work/cargo-home" "$@")
  local names args=() start
  names="$(printf '%s\n' "${vars[@]}" | cut -d= -f1 | paste -sd,)"
  for v in "${vars[@]}"; do args+=(--variable "$v"); done
  start="$(now)"
  (cd "$project" && PATH="$bare_path" "$gcl" --force-shell-executor --shell-isolation \
    --ignore-predefined-vars "$names" "${args[@]}" sadoc-check >"$work/job.log" 2>&1) || true
  grep -q "sadoc $version (" "$work/job.log" || { cat "$work/job.log" >&2; echo "the job did not run sadoc" >&2; exit 1; }
  printf '%.2f\n' "$(echo "$(now) - $start" | bc)"
}

echo "| sadoc-check job (gitlab-ci-local, image without sadoc) | runs | median (s) |"
echo "|---|---|---|"
if ! $skip_source; then
  mkdir -p "$work/cargo-home"
  ln -s "${CARGO_HOME:-$HOME/.cargo}/registry" "$work/cargo-home/registry" # downloads are not what is measured
  t="$(job "SADOC_INSTALL=CARGO_TARGET_DIR=$work/target RUSTC=$(command -v rustc) $(command -v cargo) install --quiet --locked --path $repo")"
  echo "| before: cargo install from source (empty target folder) | 1 | $t |"
fi
wheel_times=(); cache_times=()
for i in $(seq "$runs"); do
  rm -rf "$project/.gitlab-ci-local"
  wheel_times+=("$(job PIP_NO_INDEX=1 "PIP_FIND_LINKS=$dist")")
  cache_times+=("$(job PIP_NO_INDEX=1 "PIP_FIND_LINKS=$dist")")
done
echo "| after: the wheel (pip install sadoc==$version) | $runs | $(printf '%s\n' "${wheel_times[@]}" | median) |"
echo "| after, next pipelines: from GitLab's cache | $runs | $(printf '%s\n' "${cache_times[@]}" | median) |"
