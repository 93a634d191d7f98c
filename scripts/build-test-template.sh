#!/usr/bin/env bash
# Builds the template images the tests use, without any registry:
#  - sandboxes/test-template: FROM scratch, Debian's static busybox, and an `agent` user (uid 1000)
#    written by hand, and `fake-agent`, a stand-in agent CLI for the tests of agent runs (no API key
#    exists on test machines). About 2 MB; builds in about a second.
#  - sandboxes/test-tools: the same plus this machine's git and docker CLI with the libraries they
#    link, for the tests of git identity and of the Docker socket.
#
#   scripts/build-test-template.sh [--if-missing] [IMAGE]   (default: sandboxes/test-template:latest)
set -euo pipefail

if_missing=false
if [[ "${1:-}" == "--if-missing" ]]; then
  if_missing=true
  shift
fi
image="${1:-sandboxes/test-template:latest}"

tools_image="${image%%:*}"
tools_image="${tools_image%test-template}test-tools:latest"
# Raised whenever what goes into the images changes, so that --if-missing rebuilds older ones.
version=2
built_version() { docker image inspect --format '{{index .Config.Labels "dev.sandboxes.test-template.version"}}' "$1" 2>/dev/null || true; }
if $if_missing && [[ "$(built_version "$image")" == "$version" && "$(built_version "$tools_image")" == "$version" ]]; then
  exit 0
fi
busybox="${BUSYBOX:-/bin/busybox}"

# ldd fails on a static binary ("not a dynamic executable"); a dynamic busybox would not run FROM scratch.
if [[ ! -x "$busybox" ]] || ldd "$busybox" >/dev/null 2>&1; then
  echo "build-test-template: no static busybox at $busybox." >&2
  echo "  Install Debian's busybox-static (apt-get install busybox-static), or set BUSYBOX=/path/to/static/busybox." >&2
  exit 1
fi

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT

mkdir -p "$context/rootfs/bin" "$context/rootfs/etc" "$context/rootfs/home/agent" "$context/rootfs/tmp"
cp "$busybox" "$context/rootfs/bin/busybox"
# One symlink per applet, so `sh`, `ls`, `sleep`, `cat`, … exist as in any image.
for applet in $("$busybox" --list); do
  [[ "$applet" == busybox ]] || ln -s busybox "$context/rootfs/bin/$applet"
done
cat > "$context/rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
www-data:x:33:33:www-data:/var/www:/bin/false
agent:x:1000:1000:agent:/home/agent:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat > "$context/rootfs/etc/group" <<'GROUP'
root:x:0:
www-data:x:33:
agent:x:1000:
nogroup:x:65534:
GROUP
chmod 1777 "$context/rootfs/tmp"
mkdir -p "$context/rootfs/usr/local/bin"
cat > "$context/rootfs/usr/local/bin/fake-agent" <<'AGENT'
#!/bin/sh
# A stand-in for an agent CLI, for the tests of headless and interactive agent runs.
#   fake-agent -p PROMPT [ARGS...]  headless: JSON lines like Claude Code's stream-json, a plain
#                                   line, a line on stderr. A prompt starting "sleep" runs for
#                                   10 minutes; one starting "fail" exits 3.
#   fake-agent [ARGS...]            interactive: answers each line of stdin ("size" prints the
#                                   terminal's size) until "exit".
json() { printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g'; }
if [ "$1" = "-p" ]; then
  prompt=$2
  shift 2
  printf '{"type":"system","subtype":"init","cwd":"%s","args":"%s"}\n' "$(json "$PWD")" "$(json "$*")"
  echo "thinking about it"
  echo "a line on stderr" >&2
  case "$prompt" in
    sleep*) sleep 600 ;;
    fail*) echo '{"type":"result","is_error":true}'; exit 3 ;;
  esac
  key=absent
  [ -n "$FAKE_AGENT_API_KEY" ] && key=present
  printf '{"type":"assistant","text":"%s"}\n' "$(json "$prompt")"
  printf '{"type":"result","is_error":false,"api_key":"%s"}\n' "$key"
  exit 0
fi
echo "fake-agent ready: $*"
while IFS= read -r line; do
  case "$line" in
    exit) echo "bye"; exit 0 ;;
    size) echo "terminal $(stty size)" ;;
    *) echo "you said: $line" ;;
  esac
done
AGENT
chmod 755 "$context/rootfs/usr/local/bin/fake-agent"

cat > "$context/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY rootfs/ /
RUN chown -R 1000:1000 /home/agent
ENV PATH=/usr/local/bin:/usr/bin:/bin HOME=/home/agent
LABEL dev.sandboxes.template="test"
USER agent
WORKDIR /home/agent
CMD ["sh"]
DOCKERFILE

DOCKER_BUILDKIT=0 docker build --quiet --label "dev.sandboxes.test-template.version=$version" --tag "$image" "$context" >/dev/null 2>&1
echo "build-test-template: built $image"

# The tools image: binaries of this machine, each with the shared libraries it links.
tools="$(mktemp -d)"
trap 'rm -rf "$context" "$tools"' EXIT
mkdir -p "$tools/rootfs"
for binary in git docker; do
  path="$(command -v "$binary")" || { echo "build-test-template: $binary is not installed here" >&2; exit 1; }
  path="$(readlink -f "$path")"
  install -D "$path" "$tools/rootfs/usr/bin/$binary"
  for library in $(ldd "$path" 2>/dev/null | grep -o '/[^ ]*' | sort -u); do
    install -D "$(readlink -f "$library")" "$tools/rootfs$library"
  done
done
cat > "$tools/Dockerfile" <<DOCKERFILE
FROM $image
COPY rootfs/ /
DOCKERFILE
DOCKER_BUILDKIT=0 docker build --quiet --tag "$tools_image" "$tools" >/dev/null 2>&1
echo "build-test-template: built $tools_image"
