#!/usr/bin/env bash
# Soak test: N sandboxes x M concurrent workers run a mix of execs, file round trips, streams and
# re-opens for a set time, then report errors (expected: 0), latency percentiles, heap, threads and
# file descriptors. Exit code 1 when any check failed. Needs a Docker engine and the test template
# (scripts/build-test-template.sh). Removes every sandbox it made, also on Ctrl-C.
#
#   scripts/soak.sh [-Dsoak.sandboxes=8] [-Dsoak.threads=2] [-Dsoak.duration=PT2M] \
#                   [-Dsoak.reopenEvery=50] [-Dsoak.warmup=PT10S]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests install -pl sandbox-api,sandbox-docker -am
./mvnw -q -B -pl sandbox-docker exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.sandboxes.docker.SoakTest "$@"
