"""What the reliability tests compare: lake bytes and warehouse contents, minus what varies per run."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

# Columns that legitimately differ between reruns (when and by which run a row was written).
VOLATILE_COLUMNS = frozenset(
    {"_load_id", "_loaded_at", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to", "dbt_scd_id"}
)
DAILY = "call_logs,social_media,web_forms"
# STAGING and the unified fact must hold one row per key.
UNIQUE_KEYS = {
    "staging.customers": "customer_id",
    "staging.agents": "id",
    "staging.call_logs": "call_id",
    "staging.social_media": "complaint_id",
    "staging.web_forms": "request_id",
    "analytics.fct_unified_complaints": "complaint_key",
}


def lake_hashes(lake: Path) -> dict[str, str]:
    """sha256 of every Parquet file in the lake (data and quarantine), by relative path."""
    return {
        str(p.relative_to(lake)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(lake.rglob("*.parquet"))
    }


def stray_files(lake: Path) -> list[str]:
    """Temporary files a killed writer could have left behind."""
    return [str(p) for p in lake.rglob("*") if p.is_file() and p.name.endswith(".tmp")]


def _expression(column: str, dtype: str) -> str:
    quoted = '"' + column.replace('"', '""') + '"'
    # Averages are summed in parallel in no fixed order: compare them rounded.
    return f"round({quoted}, 6)" if dtype in {"DOUBLE", "FLOAT"} else quoted


def warehouse_digest(db_path: Path) -> dict[str, tuple[int, str]]:
    """(row count, order-independent checksum) of every table in RAW, STAGING, ANALYTICS, SNAPSHOTS.

    RAW.LOAD_AUDIT is an append-only log of attempts (a rerun adds rows by design), so only
    its set of distinct successful (table, date, data sha256, rows) facts is compared.
    """
    digest: dict[str, tuple[int, str]] = {}
    with duckdb.connect(str(db_path), read_only=True) as db:
        tables = db.sql(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' order by 1, 2"
        ).fetchall()
        for schema, table in tables:
            name = f"{schema}.{table}".lower()
            if name == "raw.load_audit":
                row = db.execute(
                    "select count(*), coalesce(sum(hash(table_name, logical_date, data_sha256, rows_loaded)), 0) "
                    "from (select distinct table_name, logical_date, data_sha256, rows_loaded "
                    "from raw.load_audit where status = 'succeeded')"
                ).fetchone()
            else:
                columns = db.execute(
                    "select column_name, data_type from information_schema.columns "
                    "where table_schema = ? and table_name = ? order by ordinal_position",
                    [schema, table],
                ).fetchall()
                kept = [_expression(c, t) for c, t in columns if c.lower() not in VOLATILE_COLUMNS]
                row = db.execute(
                    f'select count(*), coalesce(sum(hash({", ".join(kept)})), 0) from "{schema}"."{table}"'
                ).fetchone()
            assert row is not None
            digest[name] = (int(row[0]), str(row[1]))
    return digest


def duplicate_keys(db_path: Path) -> dict[str, int]:
    """Tables in UNIQUE_KEYS whose key has duplicates or nulls, with how many offending rows."""
    bad: dict[str, int] = {}
    with duckdb.connect(str(db_path), read_only=True) as db:
        for table, key in UNIQUE_KEYS.items():
            row = db.execute(
                f"select count(*) - count(distinct {key}), count(*) - count({key}) from {table}"
            ).fetchone()
            assert row is not None
            if row[0] or row[1]:
                bad[table] = int(row[0]) + int(row[1])
    return bad


def start_cli(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start `python -m coretelecoms ...` in its own process group (so a kill takes its children)."""
    return subprocess.Popen(
        [sys.executable, "-m", "coretelecoms", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def kill_after(proc: subprocess.Popen[bytes], seconds: float) -> bool:
    """SIGKILL the process group after `seconds`; True if it was still running (so really killed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        time.sleep(0.01)
    if proc.poll() is not None:
        return False
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    return True
