#!/usr/bin/env bash
# What a test run leaves on the Docker engine. `.ci/run` takes a snapshot before the tests and checks
# against it after them: every container, network and volume the run made must be gone again, but
# for what the library keeps on purpose, which it labels so (dev.sandboxes.role):
#   - credential volumes (role=credentials): an agent's login, shared by all its sandboxes;
#   - the egress proxies' shared network (role=egress-network).
# Images are not checked: template images are kept on purpose, and builds share their layers.
#
#   scripts/engine-leftovers.sh snapshot FILE   write what the engine holds now to FILE
#   scripts/engine-leftovers.sh check FILE      list what is new since FILE and not kept on purpose;
#                                               exit 1 when there is any
set -euo pipefail

log() { echo "engine-leftovers: $*"; }

# One line per object: "<kind> <id>".
objects() {
  docker ps -aq --no-trunc | sed 's/^/container /'
  docker network ls -q --no-trunc | sed 's/^/network /'
  docker volume ls -q | sed 's/^/volume /'
}

role() {
  local kind="$1" id="$2"
  docker "$kind" inspect --format '{{index .Labels "dev.sandboxes.role"}}' "$id" 2>/dev/null || true
}

kept_on_purpose() {
  local kind="$1" id="$2"
  case "$kind:$(role "$kind" "$id")" in
    volume:credentials | network:egress-network) return 0 ;;
    *) return 1 ;;
  esac
}

describe() {
  local kind="$1" id="$2"
  case "$kind" in
    container) docker container inspect --format \
      '{{.Name}} {{.State.Status}} image={{.Config.Image}} created={{.Created}} labels={{json .Config.Labels}}' "$id" ;;
    network) docker network inspect --format '{{.Name}} created={{.Created}} labels={{json .Labels}}' "$id" ;;
    volume) docker volume inspect --format '{{.Name}} created={{.CreatedAt}} labels={{json .Labels}}' "$id" ;;
  esac 2>/dev/null || echo "(gone while looking)"
}

snapshot() {
  objects | sort > "$1"
  log "$(wc -l < "$1") objects on the engine before the tests"
}

check() {
  local before="$1" left=0 kept=0 kind id
  while read -r kind id; do
    [[ -n "$kind" ]] || continue
    if kept_on_purpose "$kind" "$id"; then
      kept=$((kept + 1))
      continue
    fi
    left=$((left + 1))
    log "left behind: $kind ${id:0:12} $(describe "$kind" "$id")" >&2
  done < <(comm -13 "$before" <(objects | sort))
  if ((left > 0)); then
    log "the run left $left object(s) on the engine (and $kept kept on purpose)" >&2
    return 1
  fi
  log "nothing left behind ($kept new object(s) kept on purpose: credential volumes, the egress network)"
}

case "${1:-}" in
  snapshot) snapshot "${2:?usage: snapshot FILE}" ;;
  check) check "${2:?usage: check FILE}" ;;
  *) echo "usage: scripts/engine-leftovers.sh snapshot|check FILE" >&2; exit 2 ;;
esac
