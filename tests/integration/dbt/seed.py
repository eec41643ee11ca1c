"""Seed a DuckDB warehouse's RAW and STAGING tables directly, following the warehouse contract.

Used for crafted scenarios (exact status histories, rule-breaking rows) that the generator does
not produce on demand. Tables are created with the load stage's own DDL, so their shape is the
contract's; STAGING keeps the newest `_logical_date` per key like the load's MERGE.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from coretelecoms.contract import TABLES
from coretelecoms.warehouse import sql


def create_objects(path: Path) -> None:
    """RAW and STAGING schemas with the five contract tables and RAW.LOAD_AUDIT."""
    with duckdb.connect(str(path)) as conn:
        for statement in sql.create_schemas():
            conn.execute(statement)
        for name in TABLES:
            conn.execute(sql.create_table(sql.RAW, TABLES[name]))
            conn.execute(sql.create_table(sql.STAGING, TABLES[name]))
        conn.execute(sql.create_audit_table())


def load_rows(path: Path, table: str, day: date, rows: Sequence[Mapping[str, Any]]) -> None:
    """Load one date's rows: replace RAW's rows of that date, then upsert STAGING (static: swap).

    Each row gives the contract columns (missing ones are NULL); lineage is filled in.
    """
    contract = TABLES[table]
    cols = sql.warehouse_columns(contract)
    loaded_at = datetime.now()
    values = []
    for i, row in enumerate(rows, start=1):
        full = {c: row.get(c) for c in contract.columns}
        full.update(
            _source_file=f"seed/{table}/{day.isoformat()}",
            _source_row=i,
            _logical_date=day,
            _load_id=f"seed-{table}-{day.isoformat()}",
            _loaded_at=loaded_at,
        )
        values.append([full[c] for c in cols])
    placeholders = ", ".join("?" for _ in cols)
    col_list = ", ".join(cols)
    key = contract.key
    with duckdb.connect(str(path)) as conn:
        conn.execute("begin")
        conn.execute(f"delete from raw.{table} where _logical_date = ?", [day])
        if values:
            conn.executemany(f"insert into raw.{table} ({col_list}) values ({placeholders})", values)
        if contract.static:
            conn.execute(f"delete from staging.{table}")
            conn.execute(
                f"insert into staging.{table} select {col_list} from raw.{table} where _logical_date = ?",
                [day],
            )
        else:
            conn.execute(
                f"delete from staging.{table} t using raw.{table} s"
                f" where s._logical_date = ? and t.{key} = s.{key} and t._logical_date <= s._logical_date",
                [day],
            )
            conn.execute(
                f"insert into staging.{table} select {col_list} from raw.{table} s where s._logical_date = ?"
                f" and not exists (select 1 from staging.{table} t where t.{key} = s.{key})",
                [day],
            )
        conn.execute("commit")
