#!/usr/bin/env bash
# Installs the Debian packages beian-bot needs to build and test.
# A quick no-op when every package is already installed.
set -euo pipefail

packages=(
  g++ cmake make pkg-config python3 curl wrk
  libcpp-httplib-dev nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev
  libutf8proc-dev doctest-dev libopencc-dev libopencc-data libcli11-dev libssl-dev libpugixml-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages and not root; run: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
