"""NOTES.txt: the commands operators need, naming objects the chart really ships."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from unit.helm.chart_support import CHART, NAMESPACE, RELEASE, SCENARIOS, Helm, by_kind


def _notes(helm: Helm, scenario: str) -> str:
    args = ["install", RELEASE, str(helm.chart), "-n", NAMESPACE, "--dry-run=client", "-o", "json"]
    for f in SCENARIOS[scenario]:
        args += ["-f", str(CHART / f)]
    return json.loads(helm.run(*args).stdout)["info"]["notes"]


@pytest.fixture(scope="module")
def notes(helm: Helm) -> dict[str, str]:
    return {name: _notes(helm, name) for name in ("default", "production")}


def test_notes_show_the_operator_commands(notes: dict[str, str]) -> None:
    text = notes["default"]
    assert re.search(r"argo submit -n data --from workflowtemplate/\S+ \\\n\s+-p start=\S+ -p end=\S+", text)
    assert "argo cron list -n data" in text
    assert re.search(r"argo cron suspend \S+ -n data", text) and re.search(
        r"argo cron resume \S+ -n data", text
    )
    assert "coretelecoms status --workflow NAME --namespace data" in text


def test_notes_name_objects_the_chart_ships(
    notes: dict[str, str], rendered: dict[str, list[dict[str, Any]]]
) -> None:
    text = notes["default"]
    templates = {d["metadata"]["name"] for d in by_kind(rendered["default"], "WorkflowTemplate")}
    crons = {d["metadata"]["name"] for d in by_kind(rendered["default"], "CronWorkflow")}
    assert set(re.findall(r"workflowtemplate/(\S+)", text)) <= templates
    assert "coretelecoms-backfill" in templates
    assert set(re.findall(r"argo cron (?:suspend|resume) (\S+)", text)) <= crons
    assert "ConfigMap coretelecoms-config" in text


def test_notes_warn_about_missing_configuration_only_when_missing(notes: dict[str, str]) -> None:
    assert (
        "WARNING: no Secret configured for: googleServiceAccount, postgres, slackWebhook, snowflake"
        in notes["default"]
    )
    assert "config.snowflake.account is empty" in notes["default"]
    assert "WARNING" not in notes["production"]
