# Shared helpers for the image scripts; source it, do not run it.
# Everything here is idempotent: existing images and a running engine are reused.
# shellcheck shell=bash

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEBIAN_BASE=${CORETELECOMS_DEBIAN_BASE:-coretelecoms/debian-base:bookworm}
PYTHON_BASE_LOCAL=${CORETELECOMS_PYTHON_BASE:-coretelecoms/python-base:3.11-bookworm}
PYTHON_BASE_OFFICIAL=python:3.11-slim-bookworm
TEST_POSTGRES_IMAGE=coretelecoms/test-postgres:15
TEST_S3_IMAGE=coretelecoms/test-s3:seaweedfs
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DOCKERD_LOG=${DOCKERD_LOG:-/tmp/dockerd.log}
STAGES=(extract-files extract-postgres extract-sheets load-warehouse transform-dbt)

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }
image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# Make `docker info` work: reuse a running engine, else start dockerd in the background
# (installing docker.io from Debian when it is missing). The default flags work in this
# sandbox (overlay2, bridge networking, which testcontainers' port mapping needs); vfs is
# the fallback for kernels or nested setups without overlayfs.
ensure_docker() {
  command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && return 0
  if ! command -v dockerd >/dev/null 2>&1; then
    [ "$(id -u)" = 0 ] || command -v sudo >/dev/null || die "no Docker engine and no root to install docker.io"
    log "installing docker.io from Debian"
    as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq docker.io >/dev/null
  fi
  local flags
  for flags in "" "--storage-driver=vfs"; do
    log "starting dockerd ${flags:-(default flags)}; log in $DOCKERD_LOG"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    # shellcheck disable=SC2086
    $sudo nohup dockerd $flags >"$DOCKERD_LOG" 2>&1 &
    local i
    for i in $(seq 1 30); do
      docker info >/dev/null 2>&1 && return 0
      kill -0 $! 2>/dev/null || break
      sleep 1
    done
    kill $! 2>/dev/null || true
    sleep 1
  done
  die "dockerd does not start here (see $DOCKERD_LOG)"
}

# True when Docker Hub answers (401 without a token is an answer).
registry_reachable() {
  case "${CORETELECOMS_IMAGE_BASE:-auto}" in
    official) return 0 ;;
    local) return 1 ;;
  esac
  local code
  code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' https://registry-1.docker.io/v2/ 2>/dev/null || true)
  [ "$code" = 401 ] || [ "$code" = 200 ]
}

# Debian bookworm minbase from the Debian mirror (debootstrap -> docker import), for machines
# that reach a Debian mirror but no container registry. It also trusts the host's extra CA
# certificates (public certs only), so pip works behind a TLS-inspecting egress proxy.
build_debian_base() {
  image_exists "$DEBIAN_BASE" && return 0
  command -v debootstrap >/dev/null 2>&1 || {
    log "installing debootstrap"
    as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq debootstrap >/dev/null
  }
  local work rootfs start=$SECONDS
  work=$(mktemp -d /tmp/coretelecoms-debootstrap.XXXXXX)
  rootfs=$work/rootfs
  log "debootstrap bookworm minbase -> $DEBIAN_BASE"
  as_root debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" "$DEBIAN_MIRROR" \
    >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed"; }
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    as_root cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
    as_root chroot "$rootfs" update-ca-certificates >/dev/null 2>&1
  fi
  as_root rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
    "$rootfs"/usr/share/man/*
  as_root tar -C "$rootfs" -c . | docker import \
    -c 'ENV LANG=C.UTF-8' -c 'CMD ["/bin/bash"]' - "$DEBIAN_BASE" >/dev/null
  as_root rm -rf "$work"
  log "built $DEBIAN_BASE in $((SECONDS - start)) s"
}

# Python 3.11 from Debian packages on the debootstrap base (Debian bookworm's python3 is 3.11).
build_python_base_local() {
  image_exists "$PYTHON_BASE_LOCAL" && return 0
  build_debian_base
  local start=$SECONDS
  docker_build "$PYTHON_BASE_LOCAL" --build-arg "BASE_IMAGE=$DEBIAN_BASE" "$REPO_ROOT/images/base/python"
  log "built $PYTHON_BASE_LOCAL in $((SECONDS - start)) s"
}

# Print the base image the stage images build FROM: the official slim image where a registry
# answers, else the local Debian-built one (built when absent).
stage_base_image() {
  if registry_reachable; then
    echo "$PYTHON_BASE_OFFICIAL"
  else
    build_python_base_local
    echo "$PYTHON_BASE_LOCAL"
  fi
}

# The package version from jobs/pyproject.toml: the stage image tag.
package_version() {
  sed -n 's/^version *= *"\([^"]*\)".*/\1/p' "$REPO_ROOT/jobs/pyproject.toml" | head -1
}

# docker build with its output in a log file (shown on failure): the legacy builder is chatty.
docker_build() {
  local tag=$1
  shift
  local logfile
  logfile=$(mktemp "/tmp/coretelecoms-build-${tag//[\/:]/_}.XXXXXX")
  if ! docker build -t "$tag" "$@" >"$logfile" 2>&1; then
    tail -40 "$logfile" >&2
    die "docker build $tag failed (full log: $logfile)"
  fi
  rm -f "$logfile"
}
