#!/usr/bin/env bash
# Installs the interop peers pinned in package-lock.json into ./node_modules (npm ci).
# Run by the Maven build before the integration tests; a second run with the same lockfile does
# nothing. Needs Node >= 20 and the npm registry the first time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v node >/dev/null 2>&1; then
  echo "interop: Node.js >= 20 is required for the interop tests (skip them with -Dinterop.skip=true)" >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 20 ]; then
  echo "interop: Node.js >= 20 is required, found $(node --version) (skip with -Dinterop.skip=true)" >&2
  exit 1
fi

stamp="$(sha256sum package-lock.json | cut -c1-16)"
if [ -f node_modules/.installed ] && [ "$(cat node_modules/.installed)" = "$stamp" ]; then
  exit 0
fi
echo "interop: installing pinned MCP peers (npm ci)..." >&2
npm ci --no-audit --no-fund --loglevel=error >&2
echo "$stamp" > node_modules/.installed
