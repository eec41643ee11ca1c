"""The stage graph and its expansion into daily and backfill plans."""

from __future__ import annotations

from datetime import date

import pytest

from coretelecoms.contract import TABLES
from coretelecoms.dag import (
    BACKFILL,
    DAILY,
    IMAGES,
    ROLES,
    Graph,
    RetryRule,
    Scope,
    Stage,
    TaskSpec,
    backfill_plan,
    daily_plan,
    dependants,
)
from coretelecoms.errors import UsageError

D = date(2025, 11, 20)


def test_daily_plan_is_extract_five_then_load_then_transform() -> None:
    tasks = {t.id: t for t in daily_plan(D)}
    extracts = [t for t in tasks.values() if t.spec.stage is Stage.EXTRACT]
    assert sorted(str(t.spec.table) for t in extracts) == sorted(TABLES)
    assert set(tasks["load-2025-11-20"].depends_on) == {t.id for t in extracts}
    assert tasks["load-2025-11-20"].argv == ("load", "--date", "2025-11-20")
    assert tasks["transform-2025-11-20"].depends_on == ("load-2025-11-20",)
    assert tasks["transform-2025-11-20"].argv == ("transform", "--date", "2025-11-20")


def test_backfill_runs_static_once_for_newest_date_and_one_transform() -> None:
    tasks = backfill_plan(D, date(2025, 11, 22))
    ids = [t.id for t in tasks]
    assert [i for i in ids if i.startswith(("extract-customers", "extract-agents"))] == [
        "extract-customers-2025-11-22",
        "extract-agents-2025-11-22",
    ]
    assert sum(i.startswith("extract-call_logs") for i in ids) == 3
    transforms = [t for t in tasks if t.spec.stage is Stage.TRANSFORM]
    assert len(transforms) == 1
    transform = transforms[0]
    assert transform.argv == ("transform", "--start", "2025-11-20", "--end", "2025-11-22")
    loads = {t.id for t in tasks if t.spec.stage is Stage.LOAD}
    assert set(transform.depends_on) == loads and len(loads) == 4
    by_id = {t.id: t for t in tasks}
    assert by_id["load-daily-2025-11-21"].argv[-2:] == ("--tables", "call_logs,social_media,web_forms")
    assert set(by_id["load-daily-2025-11-21"].depends_on) == {
        f"extract-{t}-2025-11-21" for t in ("call_logs", "social_media", "web_forms")
    }
    assert by_id["load-static-2025-11-22"].argv[-1] == "customers,agents"


def test_plan_is_in_dependency_order() -> None:
    seen: set[str] = set()
    for task in backfill_plan(D, date(2025, 11, 25)):
        assert set(task.depends_on) <= seen
        seen.add(task.id)
    assert dependants(daily_plan(D))["load-2025-11-20"] == ["transform-2025-11-20"]


def test_inverted_range_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="before --start"):
        backfill_plan(date(2025, 11, 22), D)


def test_static_flag_and_roles_follow_the_contract() -> None:
    for spec in DAILY:
        if spec.table:
            assert spec.static == TABLES[spec.table].static
    roles = {s.table: s.role for s in DAILY if s.table}
    assert roles == {
        "customers": "extractFiles",
        "agents": "extractSheets",
        "call_logs": "extractFiles",
        "social_media": "extractFiles",
        "web_forms": "extractPostgres",
    }
    assert {s.scope for s in BACKFILL if s.static} == {Scope.NEWEST}


def test_service_accounts_match_terraform_irsa_names() -> None:
    assert {r.service_account for r in ROLES.values()} == {
        "coretelecoms-extract-files",
        "coretelecoms-extract-postgres",
        "coretelecoms-extract-sheets",
        "coretelecoms-load-warehouse",
        "coretelecoms-transform-dbt",
        "coretelecoms-notify",
    }
    assert ROLES["notify"].image == "extract-files"
    assert {r.image for r in ROLES.values()} == set(IMAGES)


def test_retry_rule_retries_only_transient_with_exponential_backoff() -> None:
    rule = RetryRule()
    assert rule.limit == 3 and rule.backoff_seconds == 300 and rule.factor == 2
    assert rule.should_retry(75, 0) and rule.should_retry(75, 2)
    assert not rule.should_retry(75, 3)
    assert not rule.should_retry(1, 0) and not rule.should_retry(2, 0)
    assert [rule.backoff(n) for n in (1, 2, 3)] == [300, 600, 1200]
    assert rule.backoff(10) == rule.max_backoff_seconds
    assert rule.backoff(2, base_seconds=0.5) == 1.0
    assert rule.argo_expression() == "asInt(lastRetry.exitCode) == 75"


def test_graph_rejects_unknown_or_later_dependencies() -> None:
    a = TaskSpec("a", Stage.LOAD, "loadWarehouse", ("load",), depends_on=("b",))
    b = TaskSpec("b", Stage.LOAD, "loadWarehouse", ("load",))
    with pytest.raises(ValueError, match="depends on"):
        Graph("bad", (a, b))
    with pytest.raises(ValueError, match="duplicate"):
        Graph("dup", (b, b))
