#!/usr/bin/env bash
# Measures cold open, warm open and exec against raw docker-java in one run and prints medians and
# ratios, what the default network adds to a cold open, and what a credential rule adds to an HTTPS
# request (the line 'inject' needs the base template: it builds it once). Needs a Docker engine, the test template
# (scripts/build-test-template.sh) and, for the egress proxy's image, debian:trixie (pulled, or made
# by scripts/build-base-image.sh).
#
#   scripts/benchmark.sh [-Dbench.cold=15] [-Dbench.warm=300] [-Dbench.exec=100] [-Dbench.network=15]
#                        [-Dbench.inject=200]
#                        [-Dbench.only=cold,warm,exec,concurrent,stream,copy,open-network,inject]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests install -pl sandbox-api,sandbox-docker -am
./mvnw -q -B -pl sandbox-docker exec:java -Dexec.classpathScope=test \
  -Dexec.mainClass=dev.sandboxes.docker.LifecycleBenchmark "$@"
