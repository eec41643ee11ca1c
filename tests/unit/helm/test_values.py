"""values.yaml, values.schema.json and Chart.yaml: the contract with the generated Argo templates."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from unit.helm.chart_support import CHART, SCENARIOS, scenario_values

STAGES = ("extractFiles", "extractPostgres", "extractSheets", "loadWarehouse", "transformDbt")
ROLES = (*STAGES, "notify")
SERVICE_ACCOUNTS = {
    "extractFiles": "coretelecoms-extract-files",
    "extractPostgres": "coretelecoms-extract-postgres",
    "extractSheets": "coretelecoms-extract-sheets",
    "loadWarehouse": "coretelecoms-load-warehouse",
    "transformDbt": "coretelecoms-transform-dbt",
    "notify": "coretelecoms-notify",
}
SCHEMA = json.loads((CHART / "values.schema.json").read_text(encoding="utf-8"))


def _get(values: dict[str, Any], dotted: str) -> Any:
    node: Any = values
    for part in dotted.split("."):
        assert isinstance(node, dict) and part in node, f"values.yaml has no key {dotted}"
        node = node[part]
    return node


def test_contract_keys_exist_with_agreed_defaults(chart_values: dict[str, Any]) -> None:
    v = chart_values
    for key in ("image.registry", "image.tag", "image.pullPolicy", "backfill.parallelism"):
        _get(v, key)
    for key in (
        "schedule",
        "timezone",
        "suspend",
        "startingDeadlineSeconds",
        "successfulJobsHistoryLimit",
        "failedJobsHistoryLimit",
    ):
        _get(v, f"cron.{key}")
    assert _get(v, "retry.limit") == 3
    assert _get(v, "retry.backoffDuration") == "5m"
    assert _get(v, "retry.backoffFactor") == 2
    _get(v, "retry.maxBackoffDuration")
    for stage in STAGES:
        assert isinstance(_get(v, f"images.{stage}.repository"), str)
    for role in ROLES:
        assert isinstance(_get(v, f"activeDeadlineSeconds.{role}"), int)
        for part in ("requests", "limits"):
            assert set(_get(v, f"resources.{role}.{part}")) == {"cpu", "memory"}
        assert _get(v, f"serviceAccounts.{role}.name") == SERVICE_ACCOUNTS[role]
        assert _get(v, f"serviceAccounts.{role}.create") is True
        assert _get(v, f"serviceAccounts.{role}.annotations") == {}
    for name in ("postgres", "snowflake", "googleServiceAccount", "slackWebhook", "s3"):
        assert _get(v, f"secrets.{name}.existingSecret") == ""


def test_defaults_mirror_the_dag_roles(chart_values: dict[str, Any]) -> None:
    from coretelecoms.dag import ROLES as DAG_ROLES

    assert set(DAG_ROLES) == set(ROLES)
    for key, role in DAG_ROLES.items():
        assert chart_values["serviceAccounts"][key]["name"] == role.service_account
        assert chart_values["activeDeadlineSeconds"][key] == role.active_deadline_seconds
        assert chart_values["resources"][key] == {
            "requests": dict(role.resources.requests),
            "limits": dict(role.resources.limits),
        }
        if key in STAGES:
            assert chart_values["images"][key]["repository"] == role.image
        assert all(s in chart_values["secrets"] for s in role.secrets)


def test_chart_metadata_and_tag_default() -> None:
    chart = yaml.safe_load((CHART / "Chart.yaml").read_text(encoding="utf-8"))
    values = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    assert chart["apiVersion"] == "v2" and chart["type"] == "application"
    assert chart["name"] == "coretelecoms" and chart["kubeVersion"]
    assert values["image"]["tag"] == chart["appVersion"] == "0.1.0"


def _object_schemas(node: Any, path: str = "#") -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        if node.get("type") == "object":
            out.append((path, node))
        for key, child in node.items():
            out += _object_schemas(child, f"{path}/{key}")
    elif isinstance(node, list):
        for i, child in enumerate(node):
            out += _object_schemas(child, f"{path}/{i}")
    return out


def test_schema_is_strict_at_every_object_level() -> None:
    objects = _object_schemas(SCHEMA)
    assert len(objects) > 50
    for path, node in objects:
        extra = node.get("additionalProperties")
        # fixed-shape objects forbid unknown keys; free-form maps (labels) still type their values
        assert extra is False or (isinstance(extra, dict) and extra.get("type") == "string"), path
        if "properties" in node:
            assert extra is False, path
            assert set(node.get("required", [])) == set(node["properties"]), path


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_scenarios_validate_against_the_schema(scenario: str) -> None:
    jsonschema.Draft7Validator(SCHEMA).validate(scenario_values(scenario))


@pytest.mark.parametrize("tag", ["latest", "LATEST", "", "v1 2", ":1"])
def test_schema_rejects_bad_tags(chart_values: dict[str, Any], tag: str) -> None:
    values = json.loads(json.dumps(chart_values))
    values["image"]["tag"] = tag
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(SCHEMA).validate(values)


def _leaf_paths(node: Any, prefix: str = "") -> list[str]:
    if isinstance(node, dict) and node:
        return [p for k, v in node.items() for p in _leaf_paths(v, f"{prefix}.{k}" if prefix else k)]
    return [prefix]


def _documented_paths(text: str) -> set[str]:
    """Dotted paths of keys preceded by a helm-docs `# --` comment (block style YAML)."""
    documented: set[str] = set()
    stack: list[tuple[int, str]] = []
    pending = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("# --"):
            pending = True
            continue
        if not stripped or stripped.startswith("#"):
            continue
        match = re.match(r"^(\s*)([A-Za-z0-9_]+):", line)
        if not match:
            pending = False
            continue
        indent = len(match.group(1))
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, match.group(2)))
        if pending:
            documented.add(".".join(k for _, k in stack))
        pending = False
    return documented


def test_every_value_is_documented_helm_docs_style(chart_values: dict[str, Any]) -> None:
    documented = _documented_paths((CHART / "values.yaml").read_text(encoding="utf-8"))
    undocumented = [
        leaf
        for leaf in _leaf_paths(chart_values)
        if not any(leaf == d or leaf.startswith(d + ".") for d in documented)
    ]
    assert undocumented == []


def _template_value_paths(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    return set(re.findall(r"\$?\.Values\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)", text))


def test_every_values_reference_in_templates_exists(chart_values: dict[str, Any]) -> None:
    # covers the generated Argo templates as soon as they exist: a key they use must be defined here
    from unit.helm.chart_support import FIXTURE

    templates = [
        *sorted((CHART / "templates").rglob("*.yaml")),
        *(CHART / "templates").glob("*.txt"),
        FIXTURE,
    ]
    seen = 0
    for path in templates:
        for dotted in _template_value_paths(path):
            seen += 1
            _get(chart_values, dotted)
    assert seen > 30
