#!/usr/bin/env bash
# Make a Docker engine answer on this machine: reuse a running one, else start dockerd in the
# background (log: $DOCKERD_LOG, default /tmp/dockerd.log), installing Debian's docker.io first
# unless --no-install is given. Default daemon flags work in this sandbox; vfs storage is the
# fallback where overlayfs is unavailable.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
if [ "${1:-}" = --no-install ] && ! command -v dockerd >/dev/null 2>&1; then
  die "dockerd is not installed (run tools/docker/ensure-docker.sh without --no-install)"
fi
ensure_docker
docker info --format 'docker engine {{.ServerVersion}} ({{.Driver}} storage) ready' >&2
