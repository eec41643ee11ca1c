"""Chart paths, scenarios and a helm wrapper shared by the helm tests (and their conftest).

helm comes from `HELM_BIN` or `.tools/bin/helm` (`make tools` installs it); a missing binary
fails the tests loudly instead of skipping them. While the generated Argo templates
(`templates/workflows/*.yaml`, written by `python -m workflows.render`) do not exist yet, a
scratch copy of the chart gets the contract fixture in their place, so the Argo checks always
have something to check; once they exist, the real chart is rendered as is.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
CHART = REPO / "helm" / "coretelecoms"
GENERATED_DIR = CHART / "templates" / "workflows"
FIXTURE = Path(__file__).parent / "fixtures" / "contract-workflows.yaml"
ARGO_SCHEMA = REPO.parent / "shared" / "schemas" / "argo-workflows" / "schema.json"
RELEASE = "coretelecoms"
NAMESPACE = "data"
KUBE_VERSION = "1.30.0"

SCENARIOS: dict[str, tuple[str, ...]] = {
    "default": (),
    "minimal": ("ci/minimal-values.yaml",),
    "production": ("ci/production-values.yaml",),
    "suspended": ("ci/suspended-values.yaml",),
}
ARGO_KINDS = {"WorkflowTemplate", "CronWorkflow", "Workflow", "ClusterWorkflowTemplate"}
CRD_KINDS = ARGO_KINDS | {"ExternalSecret"}


def generated_templates() -> list[Path]:
    """The Hera-rendered Argo templates shipped in the chart, if they exist yet."""
    return sorted(GENERATED_DIR.glob("*.yaml")) if GENERATED_DIR.is_dir() else []


def find_helm() -> str:
    """Path of the helm binary, or a failure telling the reader how to install it."""
    configured = os.environ.get("HELM_BIN")
    candidate = Path(configured) if configured else REPO / ".tools" / "bin" / "helm"
    if not (candidate.is_file() and os.access(candidate, os.X_OK)):
        pytest.fail(
            f"helm binary not found at {candidate}: run `make tools` (tools/install-helm.sh) "
            "or set HELM_BIN to a helm v3/v4 binary",
            pytrace=False,
        )
    return str(candidate)


@dataclass(frozen=True)
class Helm:
    """A helm binary with an isolated home, bound to one chart directory."""

    binary: str
    chart: Path
    env: dict[str, str]

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run helm; with `check`, a non-zero exit fails the test showing helm's stderr."""
        proc = subprocess.run(
            [self.binary, *args], capture_output=True, text=True, env=self.env, timeout=60, check=False
        )
        if check and proc.returncode != 0:
            pytest.fail(f"helm {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}", pytrace=False)
        return proc

    def template(self, values_files: Sequence[str] = (), sets: Sequence[str] = ()) -> list[dict[str, Any]]:
        """`helm template` of the chart, parsed into non-empty documents."""
        args = ["template", RELEASE, str(self.chart), "-n", NAMESPACE, "--kube-version", KUBE_VERSION]
        for f in values_files:
            args += ["-f", str(CHART / f)]
        for s in sets:
            args += ["--set", s]
        out = self.run(*args).stdout
        return [d for d in yaml.safe_load_all(out) if d]


def scenario_values(name: str) -> dict[str, Any]:
    """values.yaml deep-merged with a scenario's files (helm's merge rules for maps)."""

    def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
        out = dict(base)
        for key, value in over.items():
            out[key] = (
                merge(out[key], value)
                if isinstance(value, dict) and isinstance(out.get(key), dict)
                else value
            )
        return out

    values = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    for f in SCENARIOS[name]:
        values = merge(values, yaml.safe_load((CHART / f).read_text(encoding="utf-8")) or {})
    return values


@dataclass(frozen=True)
class PodTemplate:
    """One Argo template that becomes a pod, with the pod-level settings it inherits."""

    where: str
    template: dict[str, Any]
    workflow_spec: dict[str, Any]

    def containers(self) -> list[tuple[str, dict[str, Any]]]:
        """Every container the pod runs (main, script, container set, init containers, sidecars)."""
        out: list[tuple[str, dict[str, Any]]] = []
        t = self.template
        if isinstance(t.get("container"), dict):
            out.append(("container", t["container"]))
        if isinstance(t.get("script"), dict):
            out.append(("script", t["script"]))
        for c in (t.get("containerSet") or {}).get("containers") or []:
            out.append((f"containerSet/{c.get('name')}", c))
        for key in ("initContainers", "sidecars"):
            for c in t.get(key) or []:
                out.append((f"{key}/{c.get('name')}", c))
        return out

    def pod_security_context(self) -> dict[str, Any]:
        """Workflow-level securityContext overlaid with the template's own."""
        return {
            **(self.workflow_spec.get("securityContext") or {}),
            **(self.template.get("securityContext") or {}),
        }


def workflow_specs(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The workflow spec(s) inside an Argo object (a CronWorkflow nests one in workflowSpec)."""
    spec = doc.get("spec") or {}
    return [spec.get("workflowSpec") or {}] if doc.get("kind") == "CronWorkflow" else [spec]


def pod_templates(docs: Sequence[dict[str, Any]]) -> list[PodTemplate]:
    """Every pod-producing template of every Argo object in a render."""
    out = []
    for doc in docs:
        if doc.get("kind") not in ARGO_KINDS:
            continue
        for spec in workflow_specs(doc):
            for template in spec.get("templates") or []:
                if any(k in template for k in ("container", "script", "containerSet")):
                    where = f"{doc['kind']}/{doc['metadata']['name']}:{template.get('name')}"
                    out.append(PodTemplate(where, template, spec))
    return out


def by_kind(docs: Sequence[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    """The documents of one kind."""
    return [d for d in docs if d.get("kind") == kind]
