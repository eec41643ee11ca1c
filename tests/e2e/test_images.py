"""Static checks of the stage images: one Dockerfile per image the DAG names, each hardened alike.

The images' behaviour (entrypoints on a read-only root fs, the 1-day pipeline stage by stage) is
proven by `make images-test`, which needs a Docker engine; these checks need none.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from coretelecoms.dag import IMAGES, ROLES, daily_plan

REPO = Path(__file__).resolve().parents[2]
ENTRYPOINTS = {
    "extract-files": "extract",
    "extract-postgres": "extract",
    "extract-sheets": "extract",
    "load-warehouse": "load",
    "transform-dbt": "transform",
}
OCI_LABELS = ("title", "description", "source", "version", "licenses")


def dockerfile(stage: str) -> str:
    """The text of images/<stage>/Dockerfile."""
    return (REPO / "images" / stage / "Dockerfile").read_text()


def test_every_dag_image_has_a_dockerfile_and_no_stray_ones() -> None:
    stage_dirs = {p.parent.name for p in (REPO / "images").glob("*/Dockerfile")}
    assert set(IMAGES) == stage_dirs == set(ENTRYPOINTS)
    assert {role.image for role in ROLES.values()} <= set(IMAGES)


@pytest.mark.parametrize("stage", sorted(ENTRYPOINTS))
def test_stage_dockerfile_is_multi_stage_hardened_and_labelled(stage: str) -> None:
    text = dockerfile(stage)
    assert "ARG BASE_IMAGE=python:3.11-slim-bookworm\n" in text
    assert re.search(r"^FROM \$\{BASE_IMAGE\} AS builder$", text, re.M)
    assert "COPY --from=builder /opt/venv /opt/venv" in text
    installs = re.findall(r'pip install -q "/src/jobs\[([a-z-]+)\]" -c /src/jobs/constraints.txt', text)
    assert installs == [stage], "installs exactly its own extra, with the constraints"
    assert re.search(r"^USER 10001:10001$", text, re.M)
    assert f'ENTRYPOINT ["coretelecoms", "{ENTRYPOINTS[stage]}"]' in text
    for label in OCI_LABELS:
        assert f"org.opencontainers.image.{label}=" in text
    assert "HOME=/tmp" in text and "CORETELECOMS_RUN__STATE_DIR=/tmp/state" in text
    assert not re.search(r"(?i)(password|secret|token)\s*=", text), "no credentials baked in"


def test_transform_image_ships_the_dbt_project_and_writes_only_under_tmp() -> None:
    text = dockerfile("transform-dbt")
    assert "COPY --chown=0:0 dbt /app/dbt" in text
    for var, value in {
        "CORETELECOMS_DBT__PROJECT_DIR": "/app/dbt",
        "CORETELECOMS_DBT__PROFILES_DIR": "/app/dbt",
        "DBT_TARGET_PATH": "/tmp/dbt/target",
        "DBT_LOG_PATH": "/tmp/dbt/logs",
    }.items():
        assert f"{var}={value}" in text


def test_the_dag_commands_match_the_image_entrypoints() -> None:
    for task in daily_plan(date(2025, 11, 20)):
        if task.spec.image in ENTRYPOINTS and task.spec.command[0] != "notify":
            assert task.spec.command[0] == ENTRYPOINTS[task.spec.image], task.name


def test_dockerignore_keeps_environments_data_tests_and_secrets_out() -> None:
    ignored = set((REPO / ".dockerignore").read_text().split())
    for entry in (
        ".venv",
        ".data",
        "tests",
        ".git",
        "bench",
        "terraform",
        "secrets",
        ".secrets",
        "**/*.duckdb",
    ):
        assert entry in ignored, entry
    for needed in ("jobs", "dbt", "README.md"):
        assert needed not in ignored
