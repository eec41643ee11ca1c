#!/usr/bin/env bash
# Create .venv and install the package with its dev extra, on a fresh Debian machine with Python 3.11.
# Idempotent: reinstalls only when jobs/pyproject.toml or jobs/constraints.txt changed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
stamp=.venv/.installed
want=$(cat jobs/pyproject.toml jobs/constraints.txt | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x .venv/bin/python ]; then
  exit 0
fi
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }
if ! "$PY" -m venv --help >/dev/null 2>&1 || ! "$PY" -c 'import ensurepip' >/dev/null 2>&1; then
  echo "bootstrap: installing python3-venv (Debian ships venv separately)"
  as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv python3-dev >/dev/null
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
echo "bootstrap: installing coretelecoms[dev] into .venv (first time takes a few minutes)"
.venv/bin/python -m pip install -q -e 'jobs[dev]' -c jobs/constraints.txt
echo "$want" > "$stamp"
