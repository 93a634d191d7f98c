#!/usr/bin/env bash
# What a test run leaves on the Docker engine. `.ci/run` takes a snapshot before the tests and checks
# against it after them: every container, network and volume the run made must be gone again, but
# for what the library keeps on purpose, which it labels so (dev.sandboxes.role):
#   - credential volumes (role=credentials): an agent's login, shared by all its sandboxes;
#   - the egress proxies' shared network (role=egress-network).
# Images are not checked: template images are kept on purpose, and builds share their layers. The
# engine's own networks (bridge, host, none) are not either: it makes its bridge anew on each start.
#
#   scripts/engine-leftovers.sh snapshot FILE   write what the engine holds now to FILE
#   scripts/engine-leftovers.sh check FILE      list what is new since FILE and not kept on purpose;
#                                               exit 1 when there is any
set -euo pipefail

log() { echo "engine-leftovers: $*"; }

# One line per object, "<kind> <id>", sorted, into FILE; fails when the engine does not answer.
# Only user-defined networks: the engine makes its own bridge anew (a new id) on every start.
objects() {
  local containers networks volumes
  containers="$(docker ps -aq --no-trunc)"
  networks="$(docker network ls -q --no-trunc --filter type=custom)"
  volumes="$(docker volume ls -q)"
  {
    [[ -z "$containers" ]] || sed 's/^/container /' <<< "$containers"
    [[ -z "$networks" ]] || sed 's/^/network /' <<< "$networks"
    [[ -z "$volumes" ]] || sed 's/^/volume /' <<< "$volumes"
  } | sort > "$1"
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
  objects "$1"
  log "$(wc -l < "$1") objects on the engine before the tests"
}

# The new objects not kept on purpose, one "<kind> <id>" a line, into FILE; the count kept, on stdout.
new_leftovers() {
  local before="$1" out="$2" now kept=0 kind id
  now="$(mktemp)"
  objects "$now"
  : > "$out"
  while read -r kind id; do
    [[ -n "$kind" ]] || continue
    if kept_on_purpose "$kind" "$id"; then
      kept=$((kept + 1))
    else
      echo "$kind $id" >> "$out"
    fi
  done < <(comm -13 "$before" "$now")
  rm -f "$now"
  echo "$kept"
}

check() {
  local before="$1" left kept kind id
  left="$(mktemp)"
  # A test JVM that died has its reaper removing its sandboxes a moment after the build ends.
  for _ in $(seq 1 15); do
    kept="$(new_leftovers "$before" "$left")"
    [[ -s "$left" ]] || break
    sleep 2
  done
  if [[ -s "$left" ]]; then
    while read -r kind id; do
      log "left behind: $kind ${id:0:12} $(describe "$kind" "$id")" >&2
    done < "$left"
    log "the run left $(wc -l < "$left") object(s) on the engine (and $kept kept on purpose)" >&2
    rm -f "$left"
    return 1
  fi
  rm -f "$left"
  log "nothing left behind ($kept new object(s) kept on purpose: credential volumes, the egress network)"
}

case "${1:-}" in
  snapshot) snapshot "${2:?usage: snapshot FILE}" ;;
  check) check "${2:?usage: check FILE}" ;;
  *) echo "usage: scripts/engine-leftovers.sh snapshot|check FILE" >&2; exit 2 ;;
esac
