"""`helm lint --strict` per scenario, and values.schema.json rejecting bad values at render time."""

from __future__ import annotations

import pytest
from unit.helm.chart_support import CHART, SCENARIOS, Helm


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_helm_lint_strict(helm: Helm, scenario: str) -> None:
    args = ["lint", "--strict", str(helm.chart)]
    for f in SCENARIOS[scenario]:
        args += ["-f", str(CHART / f)]
    proc = helm.run(*args, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 chart(s) failed" in proc.stdout
    assert "[WARNING]" not in proc.stdout and "[ERROR]" not in proc.stdout


def test_every_ci_values_file_is_a_scenario() -> None:
    on_disk = {f"ci/{p.name}" for p in (CHART / "ci").glob("*-values.yaml")}
    assert on_disk == {f for files in SCENARIOS.values() for f in files}
    assert {"ci/minimal-values.yaml", "ci/production-values.yaml", "ci/suspended-values.yaml"} <= on_disk


@pytest.mark.parametrize(
    ("setting", "needle"),
    [
        ("image.tag=latest", "/image/tag"),
        ("image.tag=", "/image/tag"),
        ("bogus=1", "bogus"),
        ("cron.scheduel=0 1 * * *", "scheduel"),
        ("config.warehouse.kind=oracle", "/config/warehouse/kind"),
        ("retry.backoffDuration=five minutes", "/retry/backoffDuration"),
        ("serviceAccounts.notify.name=Not_A_Name", "/serviceAccounts/notify/name"),
        ("config.extraEnv.LAKE_URI=x", "LAKE_URI"),
    ],
)
def test_schema_rejects_bad_values(helm: Helm, setting: str, needle: str) -> None:
    proc = helm.run("template", "x", str(helm.chart), "--set", setting, check=False)
    assert proc.returncode != 0, f"--set {setting} rendered without error"
    assert needle in proc.stderr, proc.stderr
