#!/usr/bin/env bash
# Installs the Debian packages beian-bot needs to build and test.
# A quick no-op when every package is already installed.
set -euo pipefail

packages=(
  g++ cmake make pkg-config python3 curl wrk nginx-light openssl clang-format universal-ctags
  libcpp-httplib-dev nlohmann-json3-dev libsqlitecpp-dev libsqlite3-dev
  libutf8proc-dev doctest-dev libopencc-dev libopencc-data libcli11-dev libssl-dev libpugixml-dev
  postgresql libpq-dev libpqxx-dev libicu-dev
  libtesseract-dev libleptonica-dev tesseract-ocr-chi-sim
  chromium fonts-wqy-microhei
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# Node packages of the browser tests and the bot-host plugins, from their
# lockfiles (npm ci), only where node_modules is missing or older than the lock.
install_node_packages() {
  local dir
  for dir in tests/browser plugins/wechaty plugins/koishi tests/openapi; do
    [ -f "$dir/package-lock.json" ] || continue
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
      if ! command -v npm >/dev/null; then
        echo "install-deps: npm not found; install Node.js 20 to run the $dir tests" >&2
        exit 1
      fi
      echo "install-deps: npm ci in $dir"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
      touch "$dir/node_modules"
    fi
  done
}

cd "$(dirname "$0")/.."
if [ ${#missing[@]} -eq 0 ]; then
  install_node_packages
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
install_node_packages
