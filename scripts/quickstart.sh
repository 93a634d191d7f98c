#!/usr/bin/env bash
# Opens (or reuses) the sandbox of the current folder and runs a command in it, printing its output.
# Builds the library and the test template image on first use. Needs a JDK and a Docker engine.
#
#   scripts/quickstart.sh [--template IMAGE | --agent AGENT] [COMMAND ARGS...]
#
# With --agent (claude, gemini, codex, shell) the sandbox is the agent's, on its own template, built
# the first time (minutes) on Debian trixie: pulled where a registry answers, else made with
# debootstrap (as root) by scripts/build-base-image.sh. Behind a TLS-intercepting proxy, set
# SANDBOXES_CA_CERTIFICATES to its CA (a PEM file or folder) so that npm works in the build.
set -euo pipefail
project="$(cd "$(dirname "$0")/.." && pwd)"
jar="$project/sandbox-examples/target/sandbox.jar"

if [[ ! -f "$jar" ]]; then
  echo "quickstart: building the library (once)..." >&2
  (cd "$project" && ./mvnw -q -B -DskipTests install)
fi
case "${1:-}" in
  --template) ;;
  --agent) "$project/scripts/build-base-image.sh" --if-missing ;;
  *) "$project/scripts/build-test-template.sh" --if-missing ;;
esac
exec java -cp "$jar" dev.sandboxes.examples.QuickStart "$@"
