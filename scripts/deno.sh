#!/usr/bin/env bash
# Runs the pinned Deno: the ONE place the Deno version is set (README and .ci/run use this file).
# Uses `deno` from PATH when it is exactly this version; otherwise installs it from the npm
# registry into a per-user cache (no root needed) and runs that.
set -euo pipefail
DENO_VERSION=2.9.6

if command -v deno >/dev/null 2>&1 &&
  [ "$(deno --version 2>/dev/null | head -n 1 | cut -d ' ' -f 2)" = "$DENO_VERSION" ]; then
  exec deno "$@"
fi
prefix="${PLICO_DENO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/plico/deno-$DENO_VERSION}"
bin="$prefix/node_modules/deno/deno"
if [ ! -x "$bin" ]; then
  command -v npm >/dev/null 2>&1 || { echo "scripts/deno.sh: npm is needed to install Deno $DENO_VERSION" >&2; exit 127; }
  echo "scripts/deno.sh: installing Deno $DENO_VERSION from npm into $prefix" >&2
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "deno@$DENO_VERSION" >&2
fi
exec "$bin" "$@"
