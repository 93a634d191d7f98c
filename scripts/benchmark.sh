#!/usr/bin/env bash
# Measures cold open, warm open and exec against raw docker-java in one run and prints medians and
# ratios. Needs a Docker engine and the test template (scripts/build-test-template.sh).
#
#   scripts/benchmark.sh [-Dbench.cold=15] [-Dbench.warm=300] [-Dbench.exec=100]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests install -pl sandbox-api,sandbox-docker -am
./mvnw -q -B -pl sandbox-docker exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.sandboxes.docker.LifecycleBenchmark "$@"
