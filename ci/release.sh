#!/usr/bin/env bash
# sadoc's release, one step at a time; the release jobs of .gitlab-ci.yml run these steps, and
# .ci/run runs `build` and `check` on every commit, so a broken package never lands.
#
#   ci/release.sh setup            installs what `build` and `check` need and is missing (Debian
#                                  packages: musl-tools, the aarch64 cross gcc and libc,
#                                  qemu-user; Rust's musl and aarch64 targets; maturin from PyPI
#                                  unless MATURIN names one)
#   ci/release.sh build [DIST]     into DIST (default dist/): the x86_64 glibc wheel, the static
#                                  x86_64 binary sadoc-VERSION-x86_64-unknown-linux-musl and its
#                                  wheel, the aarch64 glibc wheel, and SHA256SUMS
#   ci/release.sh check [DIST]     the static binary runs in an empty root (no libc, no
#                                  certificates, no /etc) and builds the example there strictly;
#                                  the glibc wheel installs offline into a fresh venv and does the
#                                  same; the static wheel carries that binary; the aarch64 wheel's
#                                  binary does the same under qemu
#   ci/release.sh upload [DIST]    the binary and SHA256SUMS to the project's GitLab generic
#                                  package registry (CI_JOB_TOKEN)
#   ci/release.sh publish [DIST]   the wheels to PyPI (PYPI_TOKEN), or to PYPI_URL: another index
#                                  with its token, or GitLab's own PyPI registry with the job token
#   ci/release.sh release [DIST]   the GitLab release of CI_COMMIT_TAG, linking the package files
#                                  (CI_JOB_TOKEN)
#
# The three publishing steps print `skipped: ...` and succeed when their token is missing, so
# the pipeline runs (and is tested with gitlab-ci-local) without any secret. On a tag, the tag
# must be `v` followed by the version in Cargo.toml: one source of truth for the version.
set -euo pipefail
cd "$(dirname "$0")/.."

step="${1:-}"
dist="${2:-dist}"
musl="x86_64-unknown-linux-musl"
arm="aarch64-unknown-linux-gnu"
# The aarch64 build links with Debian's cross gcc (cc-rs finds it for the C parts by itself).
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER="${CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER:-aarch64-linux-gnu-gcc}"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
binary="sadoc-$version-$musl"
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
maturin="${MATURIN:-maturin}"

say() { printf '%s\n' "$*"; }
fail() { printf 'release: %s\n' "$*" >&2; exit 1; }

tag_matches() {
  if [ -n "${CI_COMMIT_TAG:-}" ] && [ "$CI_COMMIT_TAG" != "v$version" ]; then
    fail "the tag is $CI_COMMIT_TAG but Cargo.toml says version $version: tag v$version, or change the version in Cargo.toml (the wheel and the binary take theirs from it)"
  fi
}

# What publishing needs from GitLab, or why the step is skipped.
gitlab_api() {
  local missing=()
  [ -n "${CI_JOB_TOKEN:-}" ] || missing+=(CI_JOB_TOKEN)
  [ -n "${CI_API_V4_URL:-}" ] || missing+=(CI_API_V4_URL)
  [ -n "${CI_PROJECT_ID:-}" ] || missing+=(CI_PROJECT_ID)
  if ((${#missing[@]})); then
    say "skipped: $1 needs ${missing[*]} (set in GitLab's own pipelines)"
    return 1
  fi
  package_url="$CI_API_V4_URL/projects/$CI_PROJECT_ID/packages/generic/sadoc/$version"
}

case "$step" in
  setup)
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    packages=()
    command -v musl-gcc >/dev/null 2>&1 || packages+=(musl-tools)
    command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 || packages+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
    command -v qemu-aarch64 >/dev/null 2>&1 || packages+=(qemu-user)
    command -v python3 >/dev/null 2>&1 || packages+=(python3)
    python3 -c 'import ensurepip' >/dev/null 2>&1 || packages+=(python3-venv)
    if ((${#packages[@]})); then
      $sudo apt-get update -qq
      $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
    fi
    for target in "$musl" "$arm"; do
      rustup target list --installed | grep -qx "$target" || rustup target add "$target"
    done
    if ! command -v "$maturin" >/dev/null 2>&1; then
      python3 -m venv "${TMPDIR:-/tmp}/sadoc-maturin"
      "${TMPDIR:-/tmp}/sadoc-maturin/bin/pip" install --quiet maturin==1.16.0
      say "maturin installed: export MATURIN=${TMPDIR:-/tmp}/sadoc-maturin/bin/maturin"
    fi
    ;;

  build)
    tag_matches
    rm -rf "$dist"
    mkdir -p "$dist"
    # The manylinux_2_34 wheel is built against the host's glibc. The static binary (the musl
    # target, C parts compiled by musl-gcc) runs on any x86_64 Linux, so its wheel is tagged
    # for glibc 2.17+ and musl alike: pip takes it on Alpine and on older glibc systems, and
    # prefers the glibc build where both fit.
    "$maturin" build --release --locked --quiet -o "$dist"
    "$maturin" build --release --locked --quiet --target "$musl" \
      --compatibility manylinux2014 musllinux_1_2 -o "$dist"
    "$maturin" build --release --locked --quiet --target "$arm" -o "$dist"
    cp "$target_dir/$musl/release/sadoc" "$dist/$binary"
    (cd "$dist" && sha256sum "$binary" ./*.whl | sed 's# \./# #' > SHA256SUMS)
    say "built in $dist:"
    (cd "$dist" && ls -l --block-size=K "$binary" ./*.whl | awk '{print "  " $5 "  " $NF}' | sed 's#\./##')
    ;;

  check)
    bin="$dist/$binary"
    [ -x "$bin" ] || fail "$bin is missing: run \`ci/release.sh build $dist\` first"
    (cd "$dist" && sha256sum --quiet -c SHA256SUMS) || fail "$dist/SHA256SUMS does not match the files"
    if readelf -l "$bin" | grep -q 'program interpreter'; then
      fail "$bin is dynamically linked: it would need a libc on the target machine"
    fi
    # The binaries name this version and the commit they were built from.
    commit="${SADOC_BUILD_COMMIT:-$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)}"
    expected="sadoc $version ($commit)"
    # An empty root: the binary, the example project (a git repository, for page history) and
    # nothing else: no libc, no shell, no /etc, no certificates.
    root="$(mktemp -d)"
    trap 'rm -rf "$root"' EXIT
    cp "$bin" "$root/sadoc"
    cp -r examples/data-platform "$root/example"
    rm -rf "$root/example/site"
    git -C "$root/example" init --quiet --initial-branch=main
    git -C "$root/example" add -A
    git -C "$root/example" -c user.name=release -c user.email=release@localhost commit --quiet -m example
    chroot="$(command -v chroot || true)"
    if [ "$(id -u)" -eq 0 ] && [ -n "$chroot" ]; then
      out="$(env -i "$chroot" "$root" /sadoc --version)"
      case "$out" in "$expected") ;; *) fail "the static binary in an empty root says '$out'";; esac
      env -i "$chroot" "$root" /sadoc build --strict --quiet /example --out /site \
        || fail "the static binary could not build the example in an empty root"
      [ -f "$root/site/index.html" ] || fail "the static binary built no site in an empty root"
      say "static binary: $out; runs and builds the example strictly in an empty root"
    else
      out="$(env -i "$bin" --version)"
      case "$out" in "$expected") ;; *) fail "the static binary says '$out'";; esac
      say "static binary: $out (not root: checked without chroot)"
    fi
    # The manylinux wheel, as pip installs it: offline, into a fresh venv.
    venv="$root/venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --no-index "$dist"/sadoc-"$version"-*manylinux_2_34_x86_64.whl
    out="$("$venv/bin/sadoc" --version)"
    case "$out" in "$expected") ;; *) fail "the wheel's sadoc says '$out'";; esac
    "$venv/bin/sadoc" build --strict --quiet "$root/example" --out "$root/wheel-site"
    say "manylinux wheel: $out; installs offline and builds the example strictly"
    # Where both fit, pip prefers the glibc build.
    "$venv/bin/pip" download --quiet --no-index --find-links "$dist" --no-deps -d "$root/picked" "sadoc==$version"
    case "$(ls "$root/picked")" in *manylinux_2_34_x86_64*) ;; *) fail "pip picks $(ls "$root/picked") over the glibc wheel";; esac
    # The static wheel (manylinux2014 + musllinux) carries the binary checked above, byte for byte.
    musl_wheel="$(ls "$dist"/sadoc-"$version"-*musllinux*.whl)"
    python3 - "$musl_wheel" "$bin" <<'PY'
import sys, zipfile
wheel, binary = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    scripts = [n for n in z.namelist() if n.endswith(".data/scripts/sadoc")]
    if len(scripts) != 1 or z.read(scripts[0]) != open(binary, "rb").read():
        sys.exit(f"{wheel} does not carry the static binary {binary}")
PY
    python3 -m venv "$root/static-venv"
    "$root/static-venv/bin/pip" install --quiet --no-index "$musl_wheel"
    [ "$("$root/static-venv/bin/sadoc" --version)" = "$expected" ] || fail "$musl_wheel does not install"
    say "static wheel ($(basename "$musl_wheel")): carries the static binary; pip installs it"
    # The aarch64 wheel's binary, run by qemu with Debian's aarch64 libc.
    arm_wheel="$(ls "$dist"/sadoc-"$version"-*aarch64.whl)"
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$arm_wheel" "$root/arm"
    arm_bin="$(ls "$root"/arm/*.data/scripts/sadoc)"
    chmod +x "$arm_bin"
    out="$(qemu-aarch64 -L /usr/aarch64-linux-gnu "$arm_bin" --version)"
    [ "$out" = "$expected" ] || fail "the aarch64 wheel's sadoc says '$out'"
    qemu-aarch64 -L /usr/aarch64-linux-gnu "$arm_bin" build --strict --quiet "$root/example" --out "$root/arm-site" \
      || fail "the aarch64 wheel's sadoc could not build the example"
    say "aarch64 wheel ($(basename "$arm_wheel")): $out under qemu; builds the example strictly"
    ;;

  upload)
    tag_matches
    gitlab_api "uploading to the package registry" || exit 0
    for file in "$binary" SHA256SUMS; do
      [ -f "$dist/$file" ] || fail "$dist/$file is missing: run \`ci/release.sh build $dist\` first"
      curl --fail-with-body --silent --show-error --header "JOB-TOKEN: $CI_JOB_TOKEN" \
        --upload-file "$dist/$file" "$package_url/$file"
      say "uploaded $package_url/$file"
    done
    ;;

  publish)
    tag_matches
    url="${PYPI_URL:-}"
    if [ -n "${PYPI_TOKEN:-}" ]; then
      user="${PYPI_USERNAME:-__token__}"
      password="$PYPI_TOKEN"
    elif [ -n "$url" ] && [ -n "${CI_JOB_TOKEN:-}" ]; then
      # GitLab's own PyPI registry (PYPI_URL .../api/v4/projects/<id>/packages/pypi) takes the job token.
      user="gitlab-ci-token"
      password="$CI_JOB_TOKEN"
    else
      say "skipped: publishing the wheels needs PYPI_TOKEN (a PyPI API token; with PYPI_URL, that index's token), or PYPI_URL of this GitLab's PyPI registry with CI_JOB_TOKEN"
      exit 0
    fi
    uv="${UV:-uv}"
    if ! command -v "$uv" >/dev/null 2>&1; then
      python3 -m venv "${TMPDIR:-/tmp}/sadoc-uv"
      "${TMPDIR:-/tmp}/sadoc-uv/bin/pip" install --quiet uv
      uv="${TMPDIR:-/tmp}/sadoc-uv/bin/uv"
    fi
    # The password goes by the environment, not the command line.
    UV_PUBLISH_USERNAME="$user" UV_PUBLISH_PASSWORD="$password" \
      "$uv" publish ${url:+--publish-url "$url"} "$dist"/sadoc-"$version"-*.whl
    say "published $(cd "$dist" && ls sadoc-"$version"-*.whl | wc -l) wheels to ${url:-PyPI}"
    ;;

  release)
    tag_matches
    [ -n "${CI_COMMIT_TAG:-}" ] || fail "a release is made from a tag: CI_COMMIT_TAG is not set"
    gitlab_api "creating the GitLab release" || exit 0
    notes="Install with pip install sadoc==$version or uv tool install sadoc==$version, or download the static Linux binary (x86_64, no dependencies) and check it against SHA256SUMS."
    body="$(printf '{"name": "sadoc %s", "tag_name": "%s", "description": "%s", "assets": {"links": [%s, %s]}}' \
      "$version" "$CI_COMMIT_TAG" "$notes" \
      "{\"name\": \"$binary (static Linux binary)\", \"url\": \"$package_url/$binary\", \"link_type\": \"package\"}" \
      "{\"name\": \"SHA256SUMS\", \"url\": \"$package_url/SHA256SUMS\", \"link_type\": \"other\"}")"
    curl --fail-with-body --silent --show-error --header "JOB-TOKEN: $CI_JOB_TOKEN" \
      --header "Content-Type: application/json" --data "$body" \
      "$CI_API_V4_URL/projects/$CI_PROJECT_ID/releases" >/dev/null
    say "created the release $CI_COMMIT_TAG"
    ;;

  *)
    sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
