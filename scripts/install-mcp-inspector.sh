#!/usr/bin/env bash
# Installs the MCP Inspector (the npm package @modelcontextprotocol/inspector, pinned below) for
# McpInspectorIT, which drives `sandbox mcp` through the Inspector's command-line mode: a client
# that this project did not write. Quiet and idempotent: prints nothing when it is already there or
# once it is installed; on failure, npm's output and what to do.
#
#   scripts/install-mcp-inspector.sh
#
# Into ${SANDBOXES_TOOLS:-$HOME/.cache/sandboxes}/mcp-inspector (the test's default, see
# sandbox-examples/pom.xml); then, by hand:
#   DIR/node_modules/.bin/mcp-inspector --cli java -jar sandbox-examples/target/sandbox.jar mcp --method tools/list
#
# 0.15.0 is the last version that runs on Node.js 20 (0.16.0 and later need Node.js 22).
set -euo pipefail

version=0.15.0
package=@modelcontextprotocol/inspector
dir="${SANDBOXES_TOOLS:-$HOME/.cache/sandboxes}/mcp-inspector"
manifest="$dir/node_modules/$package/package.json"

fail() {
  echo "install-mcp-inspector: $*" >&2
  exit 1
}

command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
  || fail "needs Node.js 20 or later and npm on the PATH (Debian: apt-get install nodejs npm)."

installed_version() { node -e 'process.stdout.write(require(process.argv[1]).version)' "$manifest" 2>/dev/null || true; }
if [[ "$(installed_version)" == "$version" && -x "$dir/node_modules/.bin/mcp-inspector" ]]; then
  exit 0
fi

# A network that intercepts TLS on the way to npm: trust the CA bundle the project is given for it
# (or the system's, which holds it on such machines) unless Node.js was told already.
if [[ -z "${NODE_EXTRA_CA_CERTS:-}" ]]; then
  for bundle in "${SANDBOXES_CA_CERTIFICATES:-}" /etc/ssl/certs/ca-certificates.crt; do
    if [[ -n "$bundle" && -r "$bundle" ]]; then
      export NODE_EXTRA_CA_CERTS="$bundle"
      break
    fi
  done
fi

# Installed beside the final folder, then moved in: a failed or interrupted install never looks done.
mkdir -p "$(dirname "$dir")"
staging="$(mktemp -d "$dir.XXXXXX")"
log="$(mktemp)"
trap 'rm -rf "$staging" "$log"' EXIT
if ! npm install --prefix "$staging" --save-exact --no-audit --no-fund --no-update-notifier --loglevel=error \
    "$package@$version" >"$log" 2>&1; then
  cat "$log" >&2
  fail "npm could not install $package@$version into $staging."
fi
[[ -x "$staging/node_modules/.bin/mcp-inspector" ]] || fail "$package@$version installed no mcp-inspector command."
chmod 755 "$staging"
rm -rf "$dir"
mv "$staging" "$dir"
