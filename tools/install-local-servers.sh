#!/usr/bin/env bash
# Fallback for machines where no Docker engine can run: make sure the PostgreSQL server binaries
# the integration fixtures' local mode needs are present (S3 falls back to moto's server, a PyPI
# package already in the dev extra).
set -euo pipefail
if command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
echo "install-local-servers: installing PostgreSQL server binaries from Debian"
as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
