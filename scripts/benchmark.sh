#!/usr/bin/env bash
# Measures cold open, warm open and exec against raw docker-java in one run and prints medians and
# ratios, what the default network adds to a cold open, and what a credential rule adds to an HTTPS
# request (the line 'inject' needs the base template: it builds it once). Then what the MCP server
# adds to one exec over stdio (the line 'mcp', McpBenchmark in sandbox-examples, on the CLI's jar).
# Needs a Docker engine, the test template (scripts/build-test-template.sh) and, for the egress
# proxy's image, debian:trixie (pulled, or made by scripts/build-base-image.sh).
#
#   scripts/benchmark.sh [-Dbench.cold=15] [-Dbench.warm=300] [-Dbench.exec=100] [-Dbench.network=15]
#                        [-Dbench.inject=200] [-Dbench.mcp=100]
#                        [-Dbench.only=cold,warm,exec,concurrent,stream,copy,open-network,inject,mcp]
set -euo pipefail
cd "$(dirname "$0")/.."

# bench.only names lines of two programs: 'mcp' is McpBenchmark's, the others LifecycleBenchmark's
# (which refuses names it does not know), so it is taken out of the arguments here and each program
# gets its own part of the list. The other arguments go to both.
only=""
for arg in "$@"; do
  shift
  case $arg in
    -Dbench.only=*) only=${arg#-Dbench.only=} ;;
    *) set -- "$@" "$arg" ;;
  esac
done
run_lifecycle=true
run_mcp=true
lifecycle_lines=""  # empty: all of LifecycleBenchmark's lines
if [[ -n $only ]]; then
  run_lifecycle=false
  run_mcp=false
  IFS=, read -ra names <<<"${only// /}"
  for name in "${names[@]}"; do
    case $name in
      mcp) run_mcp=true ;;
      *) run_lifecycle=true; lifecycle_lines+=${lifecycle_lines:+,}$name ;;
    esac
  done
fi

modules=sandbox-api,sandbox-docker
if $run_mcp; then
  modules+=,sandbox-mcp,sandbox-testkit  # what the CLI's jar (sandbox mcp) and the examples' tests are made of
fi
./mvnw -q -B -DskipTests install -pl "$modules" -am

if $run_lifecycle; then
  ./mvnw -q -B -pl sandbox-docker exec:java -Dexec.classpathScope=test \
    -Dexec.mainClass=dev.sandboxes.docker.LifecycleBenchmark "$@" "-Dbench.only=$lifecycle_lines"
fi

if $run_mcp; then
  ./mvnw -q -B -DskipTests package -pl sandbox-examples
  ./mvnw -q -B -pl sandbox-examples exec:java -Dexec.classpathScope=test \
    -Dexec.mainClass=dev.sandboxes.examples.cli.McpBenchmark "$@"
fi
