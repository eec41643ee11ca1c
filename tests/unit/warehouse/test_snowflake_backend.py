"""The Snowflake backend's SQL, run against fakesnow 0.12.1 (Snowflake SQL on DuckDB).

fakesnow executes: CREATE SCHEMA/TABLE IF NOT EXISTS, temporary tables, CREATE STAGE, PUT
AUTO_COMPRESS=FALSE, COPY INTO ... MATCH_BY_COLUMN_NAME, QUALIFY ROW_NUMBER() dedup,
DELETE/INSERT, MERGE, CLONE, TRUNCATE, the audit insert and lookups.
Substituted in these runs: the `transaction` seam (BEGIN/COMMIT/ROLLBACK). fakesnow emulates
MERGE with a temporary table whose bookkeeping writes to its `_fs_global` catalog, which DuckDB
refuses inside a transaction that already wrote the warehouse; so the fakesnow runs go without
BEGIN, and the manifest reconciliation is checked before any write (as the backend does).
Covered ONLY by parsing with sqlglot's snowflake dialect (fakesnow lacks them):
`ALTER TABLE ... SWAP WITH ...` and `ALTER SESSION SET QUERY_TAG = '...'`; in the fakesnow
runs they go through the backend's two seams (`swap`, `set_query_tag`), substituted here by
renames and a recorder. The COPY from the external stage (S3 lake) is also parse-only.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import fakesnow
import pytest
import sqlglot
from sqlglot import exp
from unit.warehouse.conftest import WritePartition, make_rows

from coretelecoms.contract import TABLES
from coretelecoms.errors import TransientError
from coretelecoms.jobs import load
from coretelecoms.summary import parse_summary_line
from coretelecoms.warehouse import sql
from coretelecoms.warehouse.snowflake_backend import SnowflakeWarehouse

D1, D2 = date(2025, 11, 20), date(2025, 11, 21)


@pytest.fixture
def snowflake(env: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """Run the load job with kind=snowflake inside fakesnow; seams record tags and emulate SWAP."""
    monkeypatch.setenv("CORETELECOMS_WAREHOUSE__KIND", "snowflake")
    monkeypatch.setenv("CORETELECOMS_WAREHOUSE__SNOWFLAKE__ACCOUNT", "fake")
    monkeypatch.setenv("CORETELECOMS_WAREHOUSE__SNOWFLAKE__USER", "etl")
    (env["secrets"] / "CORETELECOMS_WAREHOUSE__SNOWFLAKE__PASSWORD").write_text("s3cret-value")
    seen: dict[str, Any] = {"tags": [], "swaps": []}

    def set_query_tag(self: SnowflakeWarehouse, tag: dict[str, str]) -> None:
        seen["tags"].append(dict(tag))

    def swap(self: SnowflakeWarehouse, schema: str, table: str, new_table: str) -> None:
        seen["swaps"].append(sql.swap_tables(schema, table, new_table))
        self.execute(f"ALTER TABLE {schema}.{table} RENAME TO {schema}.{table}__old")
        self.execute(f"ALTER TABLE {schema}.{new_table} RENAME TO {schema}.{table}")
        self.execute(f"ALTER TABLE {schema}.{table}__old RENAME TO {schema}.{new_table}")

    monkeypatch.setattr(SnowflakeWarehouse, "set_query_tag", set_query_tag)
    monkeypatch.setattr(SnowflakeWarehouse, "swap", swap)
    monkeypatch.setattr(SnowflakeWarehouse, "transaction", lambda self: contextlib.nullcontext())
    (env["db"].parent / "fakesnow").mkdir(parents=True)
    with fakesnow.patch(db_path=str(env["db"].parent / "fakesnow")):
        yield seen


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = load.main(list(args))
    out = capsys.readouterr().out
    summary = parse_summary_line(out)
    assert summary is not None
    assert "s3cret-value" not in out
    return code, summary


def fetch(text: str) -> list[tuple[Any, ...]]:
    import snowflake.connector

    with snowflake.connector.connect(database="CORETELECOMS_DW") as conn:
        cursor = conn.cursor().execute(text)
        assert cursor is not None
        return cursor.fetchall()


def test_daily_merge_and_rerun(
    snowflake: dict[str, Any], write_partition: WritePartition, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = make_rows("social_media", D1, ["S1", "S2", "S2"], status="Backlog")
    write_partition("social_media", D1, rows)
    write_partition("social_media", D2, make_rows("social_media", D2, ["S1"], status="Resolved"))
    code, summary = run(capsys, "--date", D1.isoformat(), "--tables", "social_media")
    assert code == 0, summary["message"]
    assert summary["details"]["social_media"]["duplicates"] == 1
    assert run(capsys, "--date", D2.isoformat(), "--tables", "social_media")[0] == 0
    code, summary = run(capsys, "--date", D2.isoformat(), "--tables", "social_media")
    assert code == 0 and summary["details"]["social_media"]["skipped"] is True
    got = fetch("SELECT complaint_id, resolution_status FROM staging.social_media ORDER BY 1")
    assert got == [("S1", "Resolved"), ("S2", "Backlog")]
    assert fetch("SELECT COUNT(*) FROM raw.social_media") == [(4,)]
    assert {"app": "coretelecoms", "stage": "load", "table": "social_media", "date": "2025-11-21",
            "run_id": "local"} in snowflake["tags"]  # fmt: skip


def test_static_swap(
    snowflake: dict[str, Any], write_partition: WritePartition, capsys: pytest.CaptureFixture[str]
) -> None:
    write_partition("agents", D1, make_rows("agents", D1, ["1", "2", "3"]))
    write_partition("agents", D2, make_rows("agents", D2, ["2", "4"]))
    assert run(capsys, "--date", D1.isoformat(), "--tables", "agents")[0] == 0
    code, summary = run(capsys, "--date", D2.isoformat(), "--tables", "agents")
    assert code == 0 and summary["details"]["agents"]["staging"] == "swapped"
    assert fetch("SELECT id FROM staging.agents ORDER BY id") == [("2",), ("4",)]
    assert snowflake["swaps"] == ["ALTER TABLE staging.agents SWAP WITH staging.agents__new"] * 2


def test_reconciliation_failure_rolls_back(
    snowflake: dict[str, Any], write_partition: WritePartition, capsys: pytest.CaptureFixture[str]
) -> None:
    write_partition("call_logs", D1, make_rows("call_logs", D1, ["K1"]))
    assert run(capsys, "--date", D1.isoformat(), "--tables", "call_logs")[0] == 0
    write_partition("call_logs", D2, make_rows("call_logs", D2, ["K1", "K2"], status="Resolved"), rows_out=5)
    code, summary = run(capsys, "--date", D2.isoformat(), "--tables", "call_logs")
    assert code == 1 and "reconciliation failed" in summary["message"]
    assert fetch("SELECT call_id, resolution_status FROM staging.call_logs") == [("K1", "Backlog")]
    audit = "SELECT status, message FROM raw.load_audit WHERE logical_date = '2025-11-21'"
    assert [(status, "reconciliation failed" in message) for status, message in fetch(audit)] == [
        ("failed", True)
    ]


def test_a_failing_audit_write_does_not_hide_the_loads_own_error(
    snowflake: dict[str, Any],
    write_partition: WritePartition,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_partition("call_logs", D1, make_rows("call_logs", D1, ["K1"]))
    write_partition("call_logs", D2, make_rows("call_logs", D2, ["K1"]), rows_out=5)

    def session_lost(self: SnowflakeWarehouse, values: list[Any]) -> None:
        # What `execute` raises for a Snowflake error on the audit INSERT.
        raise TransientError("snowflake INSERT INTO raw.load_audit: session lost")

    monkeypatch.setattr(SnowflakeWarehouse, "_write_audit", session_lost)
    code, summary = run(capsys, "--date", D2.isoformat(), "--tables", "call_logs")
    assert code == 1 and "reconciliation failed" in summary["message"]


def _parse(statement: str) -> exp.Expr:
    tree = sqlglot.parse_one(statement, read="snowflake")
    assert not isinstance(tree, exp.Command), f"sqlglot fell back to an opaque command: {statement}"
    return tree


def test_swap_and_query_tag_sql_parse_as_snowflake() -> None:
    swap = _parse(sql.swap_tables("staging", "customers", "customers__new"))
    assert swap.sql(dialect="snowflake") == "ALTER TABLE staging.customers SWAP WITH staging.customers__new"
    tag = {"app": "coretelecoms", "table": "it's", "date": "2025-11-20"}
    tree = _parse(sql.query_tag(json.dumps(tag)))
    literal = tree.find(exp.Literal)
    assert literal is not None and json.loads(literal.this) == tag


@pytest.mark.parametrize("name", list(TABLES))
def test_generated_sql_names_every_column(name: str) -> None:
    """Every INSERT/MERGE lists its columns explicitly; parse as Snowflake and check the lists."""
    contract = TABLES[name]
    cols = list(sql.warehouse_columns(contract))
    for statement in [
        *sql.replace_raw_date(sql.SNOWFLAKE, contract, "_load_partition")[1:],
        sql.merge_staging(contract, "_load_dedup"),
        sql.fill_new_static(contract, "x__new", "_load_dedup"),
    ]:
        tree = _parse(statement.replace("%s", "NULL"))
        assert not list(tree.find_all(exp.Star)), statement
        schema = tree.find(exp.Schema)
        insert_cols = [c.name for c in schema.expressions] if schema else []
        if isinstance(tree, exp.Merge):
            insert = tree.find(exp.Insert)
            assert insert is not None
            insert_cols = [c.name for c in insert.this.expressions]
        assert insert_cols == cols, statement
    dedup = _parse(
        sql.create_dedup_table(sql.SNOWFLAKE, contract, "_load_partition", "d").replace("%s", "NULL")
    )
    assert dedup.find(exp.Qualify) is not None


def test_external_stage_copy_is_by_column_name(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from coretelecoms.settings import load_settings
    from coretelecoms.warehouse.base import Manifest, Partition

    monkeypatch.setenv("CORETELECOMS_SECRETS_DIR", str(tmp_path))
    settings = load_settings(lake={"uri": "s3://lake/raw"})
    wh = SnowflakeWarehouse.__new__(SnowflakeWarehouse)
    wh.settings = settings
    wh._load = "raw._load_call_logs_1"
    manifest = Manifest("call_logs", D1, 1, "0" * 64)
    part = Partition(
        TABLES["call_logs"], D1, manifest, tmp_path / "x", "call_logs/2025/11/20/data.parquet", ""
    )
    (statement,) = wh.copy_statements(part, "id")
    tree = _parse(statement)
    assert isinstance(tree, exp.Copy)
    assert "MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE" in statement
    assert "@RAW.LAKE_STAGE/call_logs/2025/11/20/data.parquet" in statement
