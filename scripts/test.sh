#!/usr/bin/env bash
# The test command of the README: installs what the suite needs, then runs the checks and the
# tests. Debian packages listed in scripts/test_packages.txt are installed with apt-get when
# missing (root needed; otherwise it says which ones to install).
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t wanted < <(grep -v '^\s*#' scripts/test_packages.txt | sed '/^\s*$/d')
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "test.sh: installing ${missing[*]}" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends "${missing[@]}") >&2
  else
    echo "test.sh: please install these Debian packages first: ${missing[*]}" >&2
    exit 1
  fi
fi

deno=(bash scripts/deno.sh)
"${deno[@]}" install --frozen >&2
"${deno[@]}" task check >&2
exec "${deno[@]}" task test "$@"
