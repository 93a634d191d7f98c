#!/usr/bin/env bash
# Makes the Debian trixie base image that the bundled templates build FROM, without any container
# registry: debootstrap a minimal Debian into a temporary folder, then `docker import` it.
# Needs root (debootstrap chroots and creates device files) and a Docker engine. Installs debootstrap
# with apt-get when it is missing. Takes about half a minute to a minute on a good link.
#
#   scripts/build-base-image.sh [--if-missing] [IMAGE]        (default IMAGE: debian:trixie)
#
#   --if-missing          exit at once when IMAGE already exists (for CI and first-run set-up)
#   MIRROR=URL            Debian mirror (default http://deb.debian.org/debian)
#   SECURITY_MIRROR=URL   Debian security mirror (default http://deb.debian.org/debian-security)
#
# Where a registry is reachable it just pulls the official debian:trixie, which is the same thing
# (the imported image is given the official image's PATH and CMD, so the two behave alike).
set -euo pipefail

suite=trixie
mirror="${MIRROR:-http://deb.debian.org/debian}"

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }
fail() { echo "build-base-image: $*" >&2; exit 1; }

if_missing=false
image=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --if-missing) if_missing=true ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; fail "unknown option $1" ;;
    *) [[ -z "$image" ]] || fail "only one image name, please (got '$image' and '$1')"
       image="$1" ;;
  esac
  shift
done
image="${image:-debian:$suite}"

command -v docker >/dev/null 2>&1 || fail "the docker CLI is not installed."
docker info >/dev/null 2>&1 || fail "no Docker engine answers (docker info failed). Start dockerd first."

if docker image inspect "$image" >/dev/null 2>&1; then
  if $if_missing; then
    exit 0
  fi
  echo "build-base-image: $image exists already; making it again (it will be replaced)." >&2
fi

# Where a registry answers, the official image is the same thing, without root or debootstrap.
if [[ "$image" == "debian:$suite" ]] && docker pull "$image" >/dev/null 2>&1; then
  echo "build-base-image: pulled $image"
  exit 0
fi

[[ "$(id -u)" -eq 0 ]] || fail "debootstrap needs root; run this script as root (e.g. with sudo)."

if ! command -v debootstrap >/dev/null 2>&1; then
  echo "build-base-image: installing debootstrap with apt-get..." >&2
  apt_log="$(mktemp)"
  if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 \
           apt-get install -y -q --no-install-recommends debootstrap; } >"$apt_log" 2>&1; then
    tail -n 20 "$apt_log" >&2
    rm -f "$apt_log"
    fail "could not install debootstrap with apt-get (log above); install it by hand."
  fi
  rm -f "$apt_log"
fi
# An older debootstrap does not know the suite; it says so only deep inside its own log.
[[ -e "/usr/share/debootstrap/scripts/$suite" ]] \
  || fail "this debootstrap does not know Debian '$suite'; install a newer debootstrap."

start=$SECONDS
rootfs="$(mktemp -d "${TMPDIR:-/tmp}/debian-$suite.XXXXXX")"
cleanup() {
  # A failed debootstrap may leave /proc or /sys of the chroot mounted; unmount before deleting.
  for mount_point in proc sys dev/pts; do
    if mountpoint -q "$rootfs/$mount_point" 2>/dev/null; then umount -l "$rootfs/$mount_point" || true; fi
  done
  rm -rf "$rootfs"
}
trap cleanup EXIT

echo "build-base-image: debootstrap --variant=minbase $suite from $mirror ..." >&2
if ! debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1; then
  tail -n 20 "$rootfs.log" >&2
  [[ -f "$rootfs/debootstrap/debootstrap.log" ]] && tail -n 20 "$rootfs/debootstrap/debootstrap.log" >&2
  rm -f "$rootfs.log"
  fail "debootstrap failed (log above). Is $mirror reachable?"
fi
rm -f "$rootfs.log"

# Like the official debian image: the updates and security suites too, so that `apt-get upgrade`
# in a template brings fixes, in the deb822 format trixie uses.
rm -f "$rootfs/etc/apt/sources.list"
security_mirror="${SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
cat > "$rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security_mirror
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
# What debootstrap leaves behind that no image wants: downloaded lists and packages, logs.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
       "$rootfs"/var/log/*.log "$rootfs"/debootstrap

echo "build-base-image: importing as $image ..." >&2
tar --numeric-owner -C "$rootfs" -c . \
  | docker import --change 'CMD ["bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' - "$image" >/dev/null \
  || fail "docker import failed."

size="$(docker image inspect --format '{{.Size}}' "$image")"
echo "build-base-image: built $image ($((size / 1000000)) MB) in $((SECONDS - start)) s"
