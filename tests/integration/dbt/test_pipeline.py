"""dbt over generated data run through the real stages: backfill + daily incremental, full refresh,
a failing test, and the source freshness checks."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from support import run_cli

from coretelecoms.summary import parse_summary_line

from .conftest import Built, dbt_env, transform

MODELS = ("fct_unified_complaints", "fct_complaint_lifecycle", "quarantine_complaints", "ins_backlog_ageing",
          "ins_backlog_share_by_category", "ins_call_handle_time", "ins_channel_hopping",
          "ins_complaints_per_channel_day", "dim_customers", "dim_agents")  # fmt: skip


def test_backfill_then_daily_transform_pass(pipeline: Built) -> None:
    assert len(pipeline.summaries) == 2
    for code, summary in pipeline.summaries:
        assert code == 0, summary["message"]
        assert summary["stage"] == "transform"
        assert summary["details"]["failed_tests"] == []
        assert summary["details"]["nodes"]["model_success"] >= 20
    daily = pipeline.summaries[1][1]
    assert daily["rows_out"] > 0 and daily["rows_quarantined"] > 0
    assert pipeline.summaries[0][1]["details"]["window"] == {
        "start_date": "2025-11-20",
        "end_date": "2025-11-21",
    }


def test_every_current_complaint_is_in_a_fact_or_quarantine(pipeline: Built) -> None:
    staged = pipeline.query(
        "select (select count(*) from staging.call_logs) + (select count(*) from staging.web_forms)"
        " + (select count(*) from staging.social_media)"
    )[0][0]
    facts = pipeline.query(
        "select count(*), count(distinct complaint_key) from analytics.fct_unified_complaints"
    )[0]
    quarantined = pipeline.query("select count(*) from analytics.quarantine_complaints")[0][0]
    assert facts[0] == facts[1]
    assert facts[0] + quarantined == staged
    assert quarantined > 0  # the generator plants orphan customers


def test_daily_run_applied_status_updates(pipeline: Built) -> None:
    # Complaints reported on D1/D2 and again on D3 carry the D3 status in the fact.
    rows = pipeline.query(
        "select count(*), count(*) filter (where f.resolution_status = s.resolution_status)"
        " from analytics.fct_unified_complaints f join analytics.stg_web_forms s"
        " on f.source_complaint_id = s.request_id and f.channel = 'Web'"
        " where s._logical_date = date '2025-11-22' and exists (select 1 from raw.web_forms r"
        " where trim(r.request_id) = s.request_id and r._logical_date < date '2025-11-22')"
    )[0]
    assert rows[0] > 0 and rows[0] == rows[1]
    changed = pipeline.query(
        "select count(*) from analytics.fct_complaint_lifecycle where first_seen_date < last_seen_date"
    )[0][0]
    assert changed > 0


def test_orphans_are_quarantined_not_dropped(pipeline: Built) -> None:
    orphans = pipeline.query(
        "select count(*) from staging.call_logs c where not exists"
        " (select 1 from staging.customers u where u.customer_id = trim(c.customer_id))"
    )[0][0]
    quarantined = pipeline.query(
        "select count(*) from analytics.quarantine_complaints where channel = 'Call' and quarantine_reason = 'unknown_customer'"
    )[0][0]
    assert orphans > 0 and quarantined == orphans


def _table_rows(db: Path, model: str) -> list[tuple[object, ...]]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return sorted(conn.execute(f"select * from analytics.{model}").fetchall(), key=repr)


def _columns(db: Path, model: str) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as conn:
        return [r[0] for r in conn.execute(f"describe analytics.{model}").fetchall()]


def test_full_refresh_equals_incremental(pipeline: Built, tmp_path: Path) -> None:
    copy = pipeline.copy(tmp_path)
    code, summary = transform(copy, "--full-refresh", "--date", "2025-11-22")
    assert code == 0, summary["message"]
    assert summary["details"]["full_refresh"] is True
    for model in MODELS:
        assert _columns(copy.db, model) == _columns(pipeline.db, model), model
        assert _table_rows(copy.db, model) == _table_rows(pipeline.db, model), model


def test_failing_test_exits_1_and_is_named(pipeline: Built, tmp_path: Path) -> None:
    copy = pipeline.copy(tmp_path)
    with duckdb.connect(str(copy.db)) as conn:  # a second agent with an existing id breaks uniqueness
        conn.execute("insert into staging.agents select * from staging.agents limit 1")
    code, summary = transform(copy, "--date", "2025-11-22")
    assert code == 1
    assert summary["status"] == "failed"
    assert "source_unique_staging_agents_id" in summary["details"]["failed_tests"]
    assert "source_unique_staging_agents_id" in summary["message"]


def test_snowflake_target_parses_offline_and_unreachable_exits_75(tmp_path: Path) -> None:
    # A Snowflake account on a closed local port: the project parses for the snowflake adapter
    # (manifest written), then dbt cannot connect, which is transient (75). The password never leaks.
    env = dbt_env(tmp_path)
    env.update(
        CORETELECOMS_DBT__TARGET="snowflake",
        CORETELECOMS_WAREHOUSE__SNOWFLAKE__ACCOUNT="xy12345",
        CORETELECOMS_WAREHOUSE__SNOWFLAKE__USER="svc",
        CORETELECOMS_WAREHOUSE__SNOWFLAKE__PASSWORD="pw-must-not-leak-42",
        CORETELECOMS_WAREHOUSE__SNOWFLAKE__HOST="127.0.0.1",
    )
    proc = run_cli(["transform", "--date", "2025-11-22"], env, timeout=300)
    summary = parse_summary_line(proc.stdout)
    assert summary is not None and proc.returncode == 75, proc.stdout[-1500:]
    assert "could not connect" in summary["message"]
    manifest = json.loads((tmp_path / "state" / "dbt" / "target" / "manifest.json").read_text())
    assert manifest["metadata"]["adapter_type"] == "snowflake"
    assert "fct_unified_complaints" in {n["name"] for n in manifest["nodes"].values()}
    logs = "".join(
        p.read_text(errors="replace")
        for p in (tmp_path / "state").rglob("*")
        if p.is_file() and p.suffix != ".msgpack"
    )
    assert "pw-must-not-leak-42" not in proc.stdout + proc.stderr + logs
