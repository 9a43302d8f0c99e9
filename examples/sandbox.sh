# shellcheck shell=bash
# Sourced by examples/try-out and bench/*: builds ssoenv and the fake AWS, then
# runs the fake and points a temporary HOME, a curl "browser" and the standard
# endpoint variables at it. Everything is removed when the calling script exits.

# sandbox_build debug|release: sets SSOENV_BIN and FAKE_AWS_BIN unless both are given.
sandbox_build() {
  if [ -n "${SSOENV_BIN:-}" ] && [ -n "${FAKE_AWS_BIN:-}" ]; then
    return
  fi
  local flag=() dir=debug
  if [ "$1" = release ]; then flag=(--release); dir=release; fi
  echo "building ssoenv and the fake AWS endpoint ($dir)..." >&2
  cargo build --quiet "${flag[@]}" --bin ssoenv --example fake-aws
  local target="${CARGO_TARGET_DIR:-$PWD/target}"
  SSOENV_BIN="$target/$dir/ssoenv"
  FAKE_AWS_BIN="$target/$dir/examples/fake-aws"
}

# sandbox_start: starts the fake and sets sandbox (the folder), url (the fake's),
# HOME, PATH (with `ssoenv` first), BROWSER and AWS_ENDPOINT_URL_{SSO_OIDC,SSO,STS};
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
