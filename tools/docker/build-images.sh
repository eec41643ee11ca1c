#!/usr/bin/env bash
# Build every stage image (images/<stage>/Dockerfile) tagged with the package version:
#   ${IMAGE_PREFIX:-coretelecoms}/<stage>:<version from jobs/pyproject.toml>
# FROM the official python:3.11-slim-bookworm where a registry answers, else from the local
# Python 3.11 base built from Debian packages (CORETELECOMS_IMAGE_BASE=official|local forces one;
# BASE_IMAGE=... uses any other). Usage: build-images.sh [stage ...]   (default: all five)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_docker
version=$(package_version)
prefix=${IMAGE_PREFIX:-coretelecoms}
base=${BASE_IMAGE:-$(stage_base_image)}
stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=("${STAGES[@]}")
log "building ${stages[*]} as $prefix/<stage>:$version FROM $base"
total=$SECONDS
for stage in "${stages[@]}"; do
  [ -f "$REPO_ROOT/images/$stage/Dockerfile" ] || die "no images/$stage/Dockerfile"
  start=$SECONDS
  docker_build "$prefix/$stage:$version" -f "$REPO_ROOT/images/$stage/Dockerfile" \
    --build-arg "BASE_IMAGE=$base" --build-arg "VERSION=$version" "$REPO_ROOT"
  size=$(docker image inspect -f '{{.Size}}' "$prefix/$stage:$version")
  log "built $prefix/$stage:$version in $((SECONDS - start)) s ($((size / 1024 / 1024)) MB)"
done
log "all stage images built in $((SECONDS - total)) s"
