#!/usr/bin/env bash
# Opens (or reuses) the sandbox of the current folder and runs a command in it, printing its output.
# Builds the library and the test template image on first use. Needs a JDK and a Docker engine.
#
#   scripts/quickstart.sh [--template IMAGE] [COMMAND ARGS...]
set -euo pipefail
project="$(cd "$(dirname "$0")/.." && pwd)"
jar="$project/sandbox-examples/target/sandbox-quickstart.jar"

if [[ ! -f "$jar" ]]; then
  echo "quickstart: building the library (once)..." >&2
  (cd "$project" && ./mvnw -q -B -DskipTests install)
fi
if [[ "${1:-}" != "--template" ]]; then
  "$project/scripts/build-test-template.sh" --if-missing
fi
exec java -jar "$jar" "$@"
