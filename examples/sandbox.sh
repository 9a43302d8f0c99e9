# shellcheck shell=bash
# Sourced by examples/try-out and bench/*: builds ssoenv and the fake AWS, then
# runs the fake and points a temporary HOME, a curl "browser" and the standard
# endpoint variables at it. Everything is removed when the calling script exits.

# sandbox_build debug|release|reuse: sets SSOENV_BIN and FAKE_AWS_BIN unless both
# are given. `release` is the build users install, `cargo build-static` (an
# alias in .cargo/config.toml: static where the target is Linux with glibc),
# under target/<host triple>/release. `reuse` takes the build target/ (or
# CARGO_TARGET_DIR) already holds: the one with the fake built (`cargo test`
# makes debug), else the one with ssoenv built, else debug.
# cargo's own progress is shown, so a first build is never silent.
sandbox_build() {
  if [ -n "${SSOENV_BIN:-}" ] && [ -n "${FAKE_AWS_BIN:-}" ]; then
    return
  fi
  local target="${CARGO_TARGET_DIR:-$PWD/target}" kind="$1" why
  local release dir
  # cargo build-static puts its build under the host's triple.
  release="$(rustc -vV | sed -n 's/^host: //p')/release"
  case "$kind" in
    reuse)
      kind=debug why="nothing is built yet"
      local k
      for k in release debug; do
        dir=$k
        [ "$k" = debug ] || dir=$release
        if [ -x "$target/$dir/ssoenv" ]; then kind=$k why="$target/$dir has ssoenv"; fi
      done
      for k in release debug; do
        dir=$k
        [ "$k" = debug ] || dir=$release
        if [ -x "$target/$dir/examples/fake-aws" ]; then kind=$k why="$target/$dir has the fake"; fi
      done
      ;;
    debug | release) why="asked for" ;;
    *) echo "sandbox_build: debug, release or reuse, not $kind" >&2; return 64 ;;
  esac
  local build=(build)
  dir=debug
  if [ "$kind" = release ]; then build=(build-static) dir=$release; fi
  echo "building ssoenv and the fake AWS endpoint: the $kind build ($why)," \
    "cargo ${build[*]} --bin ssoenv --example fake-aws" >&2
  echo "(the first build compiles the dependencies: a few minutes on 2 cores)" >&2
  cargo "${build[@]}" --bin ssoenv --example fake-aws
  SSOENV_BIN="$target/$dir/ssoenv"
  FAKE_AWS_BIN="$target/$dir/examples/fake-aws"
}

# sandbox_start: starts the fake and sets sandbox (the folder), url (the fake's),
# HOME, PATH (with `ssoenv` first), BROWSER and AWS_ENDPOINT_URL_{SSO_OIDC,SSO,STS,SIGNIN}
# (SIGNIN: the console's federation endpoint, so `console --print` stays local);
# every other AWS_* and SSOENV_* variable (but SSOENV_BIN) is unset.
sandbox_start() {
  sandbox=$(mktemp -d "${TMPDIR:-/tmp}/ssoenv-sandbox.XXXXXX")
  sandbox_fake_pid=""
  trap sandbox_stop EXIT
  "$FAKE_AWS_BIN" --port 0 >"$sandbox/fake.url" 2>/dev/null &
  sandbox_fake_pid=$!
  local _
  for _ in $(seq 200); do
    [ -s "$sandbox/fake.url" ] && break
    sleep 0.05
  done
  url=$(head -n 1 "$sandbox/fake.url")
  if [ -z "$url" ]; then
    echo "the fake AWS ($FAKE_AWS_BIN) did not start" >&2
    exit 1
  fi
  mkdir -p "$sandbox/home/.aws" "$sandbox/bin"
  ln -s "$SSOENV_BIN" "$sandbox/bin/ssoenv"
  cat >"$sandbox/bin/browser" <<'SCRIPT'
#!/bin/sh
# Stands in for a browser: opens the page it was sent to and clicks "Allow".
exec curl -sfL -o /dev/null "$1"
SCRIPT
  chmod 755 "$sandbox/bin/browser"
  local bin="$SSOENV_BIN"
  unset "${!AWS_@}" "${!SSOENV_@}"
  SSOENV_BIN="$bin"
  export HOME="$sandbox/home"
  export PATH="$sandbox/bin:$PATH"
  export BROWSER="$sandbox/bin/browser"
  export AWS_ENDPOINT_URL_SSO_OIDC="$url" AWS_ENDPOINT_URL_SSO="$url" AWS_ENDPOINT_URL_STS="$url"
  export AWS_ENDPOINT_URL_SIGNIN="$url"
}

# sandbox_requests: how many requests the fake has answered so far.
sandbox_requests() {
  curl -sf "$url/_fake/requests" | grep -o '"operation"' | wc -l
}

sandbox_stop() {
  [ -n "${sandbox_fake_pid:-}" ] && kill "$sandbox_fake_pid" 2>/dev/null
  [ -n "${sandbox:-}" ] && rm -rf "$sandbox"
  return 0
}
