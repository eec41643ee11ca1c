"""End-to-end `coretelecoms load` on the embedded DuckDB backend: idempotence, merge, swap, errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from unit.warehouse.conftest import WritePartition, make_rows, query

from coretelecoms.errors import TransientError
from coretelecoms.jobs import load
from coretelecoms.summary import parse_summary_line
from coretelecoms.warehouse import Partition, TableLoad, sql
from coretelecoms.warehouse.duckdb_backend import DuckDBWarehouse

D1, D2, D3 = date(2025, 11, 20), date(2025, 11, 21), date(2025, 11, 22)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = load.main(list(args))
    summary = parse_summary_line(capsys.readouterr().out)
    assert summary is not None
    return code, summary


def staging(db: Path, table: str, key: str) -> list[tuple[Any, ...]]:
    return query(db, f"SELECT * EXCLUDE (_load_id, _loaded_at) FROM staging.{table} ORDER BY {key}")


def raw(db: Path, table: str) -> list[tuple[Any, ...]]:
    return query(
        db, f"SELECT * EXCLUDE (_load_id, _loaded_at) FROM raw.{table} ORDER BY _logical_date, _source_row"
    )


def write_all(write_partition: WritePartition, day: date) -> None:
    write_partition("customers", day, make_rows("customers", day, ["C1", "C2", "C3"]))
    write_partition("agents", day, make_rows("agents", day, ["1", "2"]))
    write_partition("call_logs", day, make_rows("call_logs", day, ["K1", "K2"]))
    write_partition("social_media", day, make_rows("social_media", day, ["S1"]))
    write_partition("web_forms", day, make_rows("web_forms", day, ["W1", "W2", "W3"]))


def test_full_load_then_rerun_is_skipped_and_identical(
    env: dict[str, Path], write_partition: WritePartition, capsys: pytest.CaptureFixture[str]
) -> None:
    write_all(write_partition, D1)
    code, summary = run(capsys, "--date", D1.isoformat())
    assert code == 0, summary["message"]
    assert summary["table"] == "all" and summary["rows_in"] == 11 and summary["rows_out"] == 11
    assert summary["details"]["customers"]["staging"] == "swapped"
    assert summary["details"]["web_forms"]["inserted"] == 3
    before = {t: raw(env["db"], t) for t in ("customers", "call_logs", "web_forms")}
    assert len(before["customers"]) == 3

    for _ in range(3):
        code, summary = run(capsys, "--date", D1.isoformat())
        assert code == 0
        assert all(d["skipped"] for d in summary["details"].values())
        assert summary["rows_out"] == 0
    assert {t: raw(env["db"], t) for t in before} == before
    audit = query(env["db"], "SELECT COUNT(*) FROM raw.load_audit WHERE status = 'succeeded'")
    assert audit == [(5,)]


def test_force_reloads_without_duplicating(
    env: dict[str, Path], write_partition: WritePartition, capsys: pytest.CaptureFixture[str]
) -> None:
    write_all(write_partition, D1)
    assert run(capsys, "--date", D1.isoformat())[0] == 0
    before = (raw(env["db"], "call_logs"), staging(env["db"], "call_logs", "call_id"))
    code, summary = run(capsys, "--date", D1.isoformat(), "--tables", "call_logs", "--force")
    assert code == 0 and summary["table"] == "call_logs"
    assert summary["details"]["call_logs"]["skipped"] is False
    assert summary["details"]["call_logs"]["updated"] == 2
    assert (raw(env["db"], "call_logs"), staging(env["db"], "call_logs", "call_id")) == before


def test_status_update_next_day_merges_into_one_row(
    env: dict[str, Path], write_partition: WritePartition, capsys: pytest.CaptureFixture[str]
) -> None:
    write_partition("social_media", D1, make_rows("social_media", D1, ["S1", "S2"], status="Backlog"))
    write_partition("social_media", D2, make_rows("social_media", D2, ["S1", "S3"], status="Resolved"))
    for day in (D1, D2):
        assert run(capsys, "--date", day.isoformat(), "--tables", "social_media")[0] == 0
    sql = "SELECT complaint_id, resolution_status, _logical_date FROM staging.social_media ORDER BY 1"
    rows = query(env["db"], sql)
    assert rows == [("S1", "Resolved", D2), ("S2", "Backlog", D1), ("S3", "Resolved", D2)]
    assert len(raw(env["db"], "social_media")) == 4  # history keeps both versions of S1


def test_out_of_order_backfill_does_not_regress(
    env: dict[str, Path], write_partition: WritePartition, capsys: pytest.CaptureFixture[str]
) -> None:
    write_partition("call_logs", D2, make_rows("call_logs", D2, ["K1"], status="Resolved"))
    write_partition("call_logs", D1, make_rows("call_logs", D1, ["K1", "K0"], status="Backlog"))
    write_partition("customers", D2, make_rows("customers", D2, ["C1", "C2"]))
    write_partition("customers", D1, make_rows("customers", D1, ["C1"]))
    assert run(capsys, "--date", D2.isoformat(), "--tables", "call_logs,customers")[0] == 0
    code, summary = run(capsys, "--date", D1.isoformat(), "--tables", "call_logs,customers")
    assert code == 0
    assert summary["details"]["call_logs"]["stale"] == 1
    assert summary["details"]["customers"]["staging"] == "kept newer 2025-11-21"
    rows = query(env["db"], "SELECT call_id, resolution_status FROM staging.call_logs ORDER BY 1")
    assert rows == [("K0", "Backlog"), ("K1", "Resolved")]
    assert query(env["db"], "SELECT COUNT(*), MAX(_logical_date) FROM staging.customers") == [(2, D2)]
    assert len(raw(env["db"], "customers")) == 3  # both snapshots kept in history


def test_duplicates_within_partition_keep_newest(
    env: dict[str, Path], write_partition: WritePartition, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = make_rows("web_forms", D1, ["W1", "W1", "W1", "W2"])
    rows[0]["web_form_generation_date"] = "Nov 20, 2025 11:00 PM"  # newest despite being first
    rows[0]["resolution_status"] = "Resolved"
    rows[1]["web_form_generation_date"] = "2025/11/20 09:00"
    write_partition("web_forms", D1, rows)
    code, summary = run(capsys, "--date", D1.isoformat(), "--tables", "web_forms")
    assert code == 0
    assert summary["details"]["web_forms"]["duplicates"] == 2
    assert summary["details"]["web_forms"]["inserted"] == 2
    sql = "SELECT request_id, resolution_status, _source_row FROM staging.web_forms ORDER BY 1"
    got = query(env["db"], sql)
    assert got == [("W1", "Resolved", 1), ("W2", "Backlog", 4)]
    assert len(raw(env["db"], "web_forms")) == 4


def test_static_swap_replaces_whole_table(
    env: dict[str, Path], write_partition: WritePartition, capsys: pytest.CaptureFixture[str]
) -> None:
    write_partition("agents", D1, make_rows("agents", D1, ["1", "2", "3"]))
    assert run(capsys, "--date", D1.isoformat(), "--tables", "agents")[0] == 0
    write_partition("agents", D2, make_rows("agents", D2, ["2", "4"]))
    code, summary = run(capsys, "--date", D2.isoformat(), "--tables", "agents")
    assert code == 0 and summary["details"]["agents"]["staging"] == "swapped"
    assert query(env["db"], "SELECT id FROM staging.agents ORDER BY id") == [("2",), ("4",)]
    tables = query(env["db"], "SELECT table_name FROM information_schema.tables WHERE table_schema='staging'")
    assert ("agents__new",) not in tables


def test_an_empty_static_partition_never_replaces_the_table(
    env: dict[str, Path], write_partition: WritePartition, capsys: pytest.CaptureFixture[str]
) -> None:
    write_partition("customers", D1, make_rows("customers", D1, ["C1", "C2"]))
    assert run(capsys, "--date", D1.isoformat(), "--tables", "customers")[0] == 0
    write_partition("customers", D2, [])  # every row of that day's export was quarantined
    code, summary = run(capsys, "--date", D2.isoformat(), "--tables", "customers")
    assert code == 1
    assert "customers kept no rows" in summary["message"] and "2025/11/21" in summary["message"]
    assert query(env["db"], "SELECT customer_id FROM staging.customers ORDER BY 1") == [("C1",), ("C2",)]


def test_reconciliation_failure_leaves_staging_untouched(
    env: dict[str, Path], write_partition: WritePartition, capsys: pytest.CaptureFixture[str]
) -> None:
    write_partition("call_logs", D1, make_rows("call_logs", D1, ["K1", "K2"]))
    assert run(capsys, "--date", D1.isoformat(), "--tables", "call_logs")[0] == 0
    before = (raw(env["db"], "call_logs"), staging(env["db"], "call_logs", "call_id"))
    write_partition("call_logs", D2, make_rows("call_logs", D2, ["K1", "K3"], status="Resolved"), rows_out=3)
    code, summary = run(capsys, "--date", D2.isoformat(), "--tables", "call_logs")
    assert code == 1
    assert "reconciliation failed" in summary["message"] and "rows_out=3" in summary["message"]
    assert (raw(env["db"], "call_logs"), staging(env["db"], "call_logs", "call_id")) == before
    assert query(env["db"], "SELECT status FROM raw.load_audit WHERE logical_date = DATE '2025-11-21'") == [
        ("failed",)
    ]


def test_transient_failure_is_audited_and_retryable(
    env: dict[str, Path],
    write_partition: WritePartition,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_partition("call_logs", D1, make_rows("call_logs", D1, ["K1"]))

    def lost_connection(self: DuckDBWarehouse, part: Partition, load_id: str, run_id: str) -> TableLoad:
        raise TransientError("warehouse: connection lost")

    monkeypatch.setattr(DuckDBWarehouse, "load_partition", lost_connection)
    code, summary = run(capsys, "--date", D1.isoformat(), "--tables", "call_logs")
    assert code == 75 and summary["message"] == "warehouse: connection lost"
    audit = "SELECT status, message FROM raw.load_audit WHERE table_name = 'call_logs'"
    assert query(env["db"], audit) == [("failed", "warehouse: connection lost")]


def test_audit_created_with_the_legacy_sha_column_is_renamed_in_place(
    env: dict[str, Path], write_partition: WritePartition, capsys: pytest.CaptureFixture[str]
) -> None:
    legacy = sql.create_audit_table().replace("data_sha256", sql.LEGACY_AUDIT_COLUMN)
    env["db"].parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(env["db"])) as db:
        db.execute("CREATE SCHEMA raw")
        db.execute(legacy)
        db.execute("INSERT INTO raw.load_audit (load_id, status) VALUES ('old', 'failed')")
    write_partition("call_logs", D1, make_rows("call_logs", D1, ["K1"]))
    assert run(capsys, "--date", D1.isoformat(), "--tables", "call_logs")[0] == 0
    columns = query(
        env["db"], "SELECT column_name FROM information_schema.columns WHERE table_name = 'load_audit'"
    )
    assert ("data_sha256",) in columns and (sql.LEGACY_AUDIT_COLUMN,) not in columns
    assert query(env["db"], "SELECT load_id FROM raw.load_audit WHERE status = 'failed'") == [("old",)]


def test_tampered_data_file_is_rejected(
    env: dict[str, Path], write_partition: WritePartition, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_partition("call_logs", D1, make_rows("call_logs", D1, ["K1"]))
    path.write_bytes(path.read_bytes() + b"x")
    code, summary = run(capsys, "--date", D1.isoformat(), "--tables", "call_logs")
    assert code == 1 and "does not match its manifest" in summary["message"]


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"extra": {"loyalty_tier": "gold"}}, "new column(s) loyalty_tier"),
        ({"drop": ("media_channel",)}, "missing column(s) media_channel"),
    ],
)
def test_schema_drift_names_the_column(
    env: dict[str, Path],
    write_partition: WritePartition,
    capsys: pytest.CaptureFixture[str],
    kwargs: dict[str, Any],
    needle: str,
) -> None:
    write_partition("social_media", D1, make_rows("social_media", D1, ["S1"]), **kwargs)
    code, summary = run(capsys, "--date", D1.isoformat(), "--tables", "social_media")
    assert code == 1 and needle in summary["message"]
    assert query(env["db"], "SELECT COUNT(*) FROM staging.social_media") == [(0,)]


def test_new_column_ignored_when_configured(
    env: dict[str, Path],
    write_partition: WritePartition,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CORETELECOMS_WAREHOUSE__ON_NEW_COLUMN", "ignore")
    write_partition("social_media", D1, make_rows("social_media", D1, ["S1"]), extra={"loyalty_tier": "x"})
    code, summary = run(capsys, "--date", D1.isoformat(), "--tables", "social_media")
    assert code == 0
    assert summary["details"]["social_media"]["ignored_columns"] == ["loyalty_tier"]
    assert query(env["db"], "SELECT complaint_id FROM staging.social_media") == [("S1",)]


def test_missing_manifest_is_not_extracted(
    env: dict[str, Path], write_partition: WritePartition, capsys: pytest.CaptureFixture[str]
) -> None:
    write_partition("call_logs", D1, make_rows("call_logs", D1, ["K1"]))
    code, summary = run(capsys, "--date", D1.isoformat(), "--tables", "call_logs,web_forms")
    assert code == 1
    assert "web_forms 2025-11-20" in summary["message"] and "not extracted" in summary["message"]
    assert not env["db"].exists()  # failed before touching the warehouse


def test_wrong_logical_date_rows_are_a_data_error(
    env: dict[str, Path], write_partition: WritePartition, capsys: pytest.CaptureFixture[str]
) -> None:
    write_partition("call_logs", D1, make_rows("call_logs", D1, ["K1"]))
    path = env["lake"] / "call_logs/2025/11/20/_manifest.json"
    doc = json.loads(path.read_text())
    (env["lake"] / "call_logs/2025/11/22").mkdir(parents=True)
    (env["lake"] / "call_logs/2025/11/22/data.parquet").write_bytes(
        (env["lake"] / "call_logs/2025/11/20/data.parquet").read_bytes()
    )
    moved = json.dumps({**doc, "logical_date": "2025-11-22"})
    (env["lake"] / "call_logs/2025/11/22/_manifest.json").write_text(moved)
    code, summary = run(capsys, "--date", D3.isoformat(), "--tables", "call_logs")
    assert code == 1 and "_logical_date other than 2025-11-22" in summary["message"]


def test_usage_errors_exit_2(env: dict[str, Path]) -> None:
    assert load.main(["--date", "2025-11-20", "--tables", "nope"]) == 2
    with pytest.raises(SystemExit) as exc:
        load.main(["--date", "20-11-2025"])
    assert exc.value.code == 2


def test_lock_held_is_transient(
    env: dict[str, Path], write_partition: WritePartition, capsys: pytest.CaptureFixture[str]
) -> None:
    from coretelecoms.warehouse.lock import exclusive_lock, lock_path_for

    write_partition("call_logs", D1, make_rows("call_logs", D1, ["K1"]))
    with exclusive_lock(lock_path_for(env["db"]), 1.0):
        code, summary = run(capsys, "--date", D1.isoformat(), "--tables", "call_logs")
    assert code == 75 and "locked" in summary["message"]
