"""Fixtures for warehouse tests: a temporary lake with hand-made partitions and a DuckDB file."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from coretelecoms.contract import TABLES
from coretelecoms.lake.base import manifest_key, partition_key

WritePartition = Callable[..., Path]


def make_rows(table: str, day: date, keys: list[str], status: str = "Backlog") -> list[dict[str, Any]]:
    """Contract rows for `table` with the given keys (all other fields derived from the key)."""
    contract = TABLES[table]
    rows = []
    for key in keys:
        row = {c: f"{c}-{key}" for c in contract.columns}
        row[contract.key] = key
        if "resolution_status" in row:
            row["resolution_status"] = status
        if contract.generation_date_column:
            row[contract.generation_date_column] = f"{day.isoformat()} 10:00:00"
        rows.append(row)
    return rows


def write_partition_to(
    lake: Path,
    table: str,
    day: date,
    rows: list[dict[str, Any]],
    *,
    extra: dict[str, str] | None = None,
    drop: tuple[str, ...] = (),
    rows_out: int | None = None,
) -> Path:
    """Write data.parquet + _manifest.json like the extract job does; returns the data file."""
    contract = TABLES[table]
    data: dict[str, Any] = {c: [r[c] for r in rows] for c in contract.columns}
    for name, value in (extra or {}).items():
        data[name] = [value] * len(rows)
    frame = pl.DataFrame(data, schema={c: pl.String for c in data}).with_columns(
        pl.lit(f"src/{table}.csv").alias("_source_file"),
        pl.int_range(1, len(rows) + 1, dtype=pl.Int64).alias("_source_row"),
        pl.lit(day).alias("_logical_date"),
    )
    frame = frame.drop(list(drop))
    path = lake / partition_key(table, day)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(path, compression="zstd")
    manifest = {
        "table": table,
        "logical_date": day.isoformat(),
        "run_id": "test",
        "extracted_at": "2025-11-20T00:00:00Z",
        "source_uri": f"src/{table}",
        "source_xxh3_128": "0" * 32,
        "rows_in": len(rows),
        "rows_out": len(rows) if rows_out is None else rows_out,
        "rows_quarantined": 0,
        "data_uri": str(path),
        "data_sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "columns": list(frame.columns),
        "unknown_columns": list(extra or {}),
        "quarantine_uri": None,
    }
    (lake / manifest_key(table, day)).write_text(json.dumps(manifest))
    return path


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Path]]:
    """Settings via env pointing at a temp lake and DuckDB file, as a pod would receive them."""
    paths = {
        "lake": tmp_path / "lake",
        "db": tmp_path / "wh" / "coretelecoms_dw.duckdb",
        "secrets": tmp_path / "secrets",
    }
    paths["lake"].mkdir()
    paths["secrets"].mkdir()
    monkeypatch.setenv("CORETELECOMS_SECRETS_DIR", str(paths["secrets"]))
    monkeypatch.setenv("CORETELECOMS_LAKE__URI", str(paths["lake"]))
    monkeypatch.setenv("CORETELECOMS_WAREHOUSE__DUCKDB_PATH", str(paths["db"]))
    monkeypatch.setenv("CORETELECOMS_WAREHOUSE__LOCK_TIMEOUT_SECONDS", "0.5")
    monkeypatch.setenv("CORETELECOMS_RUN__TERMINATION_LOG_PATH", str(tmp_path / "termination-log"))
    monkeypatch.setenv("CORETELECOMS_RUN__LOG_FORMAT", "text")
    yield paths


@pytest.fixture
def write_partition(env: dict[str, Path]) -> WritePartition:
    """Write a partition into the test lake."""

    def _write(table: str, day: date, rows: list[dict[str, Any]], **kwargs: Any) -> Path:
        return write_partition_to(env["lake"], table, day, rows, **kwargs)

    return _write


def query(db: Path, text: str) -> list[tuple[Any, ...]]:
    """Read the warehouse file (read-only, the way dbt or an analyst would)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(text).fetchall()
    finally:
        con.close()
