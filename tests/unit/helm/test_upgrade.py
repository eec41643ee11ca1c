"""A `helm upgrade` with new values must not touch fields Kubernetes refuses to change."""

from __future__ import annotations

from typing import Any

from unit.helm.chart_support import SCENARIOS, Helm, by_kind

UPGRADE = ("image.tag=0.2.0", "cron.schedule=15 3 * * *", "resources.loadWarehouse.limits.memory=8Gi")


def _index(docs: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(d["kind"], d["metadata"]["name"]): d for d in docs}


def test_upgrade_changes_no_immutable_field(helm: Helm, rendered: dict[str, list[dict[str, Any]]]) -> None:
    before = rendered["production"]
    after = helm.template(SCENARIOS["production"], sets=UPGRADE)
    old, new = _index(before), _index(after)

    assert set(old) == set(new)  # names and kinds: a rename is a delete + create
    for key, doc in old.items():
        assert doc["apiVersion"] == new[key]["apiVersion"], key
    for key in [k for k in old if k[0] == "RoleBinding"]:
        assert old[key]["roleRef"] == new[key]["roleRef"], key  # roleRef is immutable
    for key in [k for k in old if k[0] == "NetworkPolicy"]:
        assert old[key]["spec"]["podSelector"] == new[key]["spec"]["podSelector"], key
    for key, doc in old.items():
        labels_before = doc["metadata"]["labels"]
        labels_after = new[key]["metadata"]["labels"]
        for label in ("app.kubernetes.io/name", "app.kubernetes.io/instance", "helm.sh/chart"):
            assert labels_before[label] == labels_after[label], (key, label)

    # ...while the upgrade did take effect, so the comparison above compared two different renders
    assert "0.2.0" in str(by_kind(after, "WorkflowTemplate")) and "0.2.0" not in str(
        by_kind(before, "WorkflowTemplate")
    )
    assert by_kind(after, "CronWorkflow")[0]["spec"]["schedules"] == ["15 3 * * *"]
