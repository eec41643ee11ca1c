"""Render the chart once per scenario and share the parsed documents with every helm test.

While the generated Argo templates (`templates/workflows/*.yaml`, written by
`python -m workflows.render`) do not exist yet, a scratch copy of the chart gets the contract
fixture in their place, so the Argo checks always have something to check; once they exist,
the real chart is rendered as is.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import yaml
from unit.helm.chart_support import CHART, FIXTURE, SCENARIOS, Helm, find_helm, generated_templates


@pytest.fixture(scope="session")
def helm(tmp_path_factory: pytest.TempPathFactory) -> Helm:
    """helm bound to the chart (or its scratch copy with the contract fixture)."""
    binary = find_helm()
    home = tmp_path_factory.mktemp("helm-home")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "HELM_CACHE_HOME": str(home / "cache"),
        "HELM_CONFIG_HOME": str(home / "config"),
        "HELM_DATA_HOME": str(home / "data"),
        "KUBECONFIG": str(home / "no-kubeconfig"),
    }
    chart = CHART
    if not generated_templates():
        chart = tmp_path_factory.mktemp("chart") / "coretelecoms"
        shutil.copytree(CHART, chart)
        (chart / "templates" / "workflows").mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURE, chart / "templates" / "workflows" / FIXTURE.name)
    return Helm(binary, chart, env)


@pytest.fixture(scope="session")
def rendered(helm: Helm) -> dict[str, list[dict[str, Any]]]:
    """Every scenario's rendered documents, rendered in parallel once per session."""
    with ThreadPoolExecutor(max_workers=len(SCENARIOS)) as pool:
        futures = {name: pool.submit(helm.template, files) for name, files in SCENARIOS.items()}
        return {name: f.result() for name, f in futures.items()}


@pytest.fixture(scope="session")
def chart_values() -> dict[str, Any]:
    """The chart's values.yaml."""
    return yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
