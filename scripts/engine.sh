#!/usr/bin/env bash
# Starts or restarts this machine's own Docker engine (a plain dockerd, as on a CI machine).
#
#   scripts/engine.sh start     start dockerd when no engine answers; wait until it does (60 s at most)
#   scripts/engine.sh restart   stop the running dockerd (SIGTERM, as a service manager does), then
#                               start it again with the same command line, and wait until it answers
#   scripts/engine.sh first-boot  the same, but the engine comes back as on its first boot, its images
#                               kept: its network state (local-kv.db) and docker0 removed. On a first
#                               boot the default bridge's IPAM record has no gateway (moby#26799),
#                               which a warm engine hides. User-defined networks are lost with it, and
#                               containers on them cannot start again: it refuses while any exists.
#
# `restart` is what the engine-restart test runs (EngineRestartIT): only ever against a dockerd of
# this machine that this user may signal, never a Docker Desktop or a remote engine.
set -euo pipefail

log() { echo "engine: $*"; }

engine_answers() { docker info >/dev/null 2>&1; }

version() { docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})'; }

# Removes a pid file unless its pid is a live (not zombie) process of that name: after a crash the
# pid may belong to another process by now, or to a zombie not yet reaped.
clear_stale_pid_file() {
  local file="$1" name="$2" pid state
  pid="$(cat "$file" 2>/dev/null || true)"
  [[ -n "$pid" ]] || return 0
  state="$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null || true)"
  if [[ "$(cat "/proc/$pid/comm" 2>/dev/null || true)" != "$name" || "$state" == Z || -z "$state" ]]; then
    rm -f "$file"
  fi
}

# Starts dockerd in the background with the given arguments and waits (60 s at most) until it
# answers; false if it does not.
try_dockerd() {
  # A dockerd killed with its session leaves its pid files behind (its own, and its containerd's),
  # and a new one then refuses to start, or waits for a containerd that is not there.
  clear_stale_pid_file /var/run/docker.pid dockerd
  clear_stale_pid_file /var/run/docker/containerd/containerd.pid containerd
  nohup dockerd "$@" >>/tmp/ci-dockerd.log 2>&1 &
  local dockerd=$!
  for _ in $(seq 1 60); do
    engine_answers && return 0
    kill -0 "$dockerd" 2>/dev/null || return 1
    sleep 1
  done
  return 1
}

start() {
  if engine_answers; then
    log "a Docker engine answers: $(version)"
    return
  fi
  # A second try: what a killed engine left behind (a containerd still shutting down) can make
  # the first start fail.
  for attempt in 1 2; do
    log "no Docker engine answers; starting dockerd (attempt $attempt)"
    if try_dockerd "$@"; then
      log "dockerd is up: $(version)"
      return
    fi
    log "dockerd did not come up; its log:"
    tail -n 30 /tmp/ci-dockerd.log >&2 || true
    pkill -x dockerd 2>/dev/null || true
    sleep 3
  done
  exit 1
}

restart() {
  stop_then start
}

first_boot() {
  local custom
  custom="$(docker network ls -q --filter type=custom)"
  if [[ -n "$custom" ]]; then
    log "user-defined networks exist, which a first boot would lose: remove them first (docker network prune)" >&2
    exit 1
  fi
  network_state="$(docker info --format '{{.DockerRootDir}}')/network/files/local-kv.db"
  if [[ -e "$network_state" && ! -w "$network_state" ]]; then
    log "cannot remove $network_state: not this user's to write" >&2
    exit 1
  fi
  stop_then forget_networks_then_start
}

forget_networks_then_start() {
  ip link del docker0 2>/dev/null || true
  rm -f "$network_state"
  log "network state removed: the engine starts as on its first boot"
  start "$@"
}

# Stops the running dockerd, then runs "$1" with dockerd's own arguments.
stop_then() {
  local next="$1" pid
  pid="$(cat /var/run/docker.pid 2>/dev/null || true)"
  if [[ -z "$pid" || "$(cat "/proc/$pid/comm" 2>/dev/null || true)" != dockerd ]]; then
    log "no dockerd of this machine runs (no live pid in /var/run/docker.pid): nothing this script may restart" >&2
    exit 1
  fi
  # The same arguments as before, so the engine comes back as it was.
  local args=()
  mapfile -d '' -t args < "/proc/$pid/cmdline"
  args=("${args[@]:1}")
  log "stopping dockerd (pid $pid)"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "dockerd did not stop within 30 s" >&2
    exit 1
  fi
  "$next" "${args[@]}"
}

case "${1:-}" in
  start) start ;;
  restart) restart ;;
  first-boot) first_boot ;;
  *) echo "usage: scripts/engine.sh start|restart|first-boot" >&2; exit 2 ;;
esac
