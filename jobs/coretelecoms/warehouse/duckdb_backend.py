"""The embedded warehouse: a DuckDB file with the same RAW/STAGING schemas and semantics as Snowflake.

Each table loads in ONE transaction (DuckDB's DDL is transactional and its WAL atomic), so a
reader or a crash sees the old state or the new one, never a half-loaded table.
"""

from __future__ import annotations

import contextlib
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from coretelecoms.errors import DataError, TransientError
from coretelecoms.logs import get_logger
from coretelecoms.warehouse import sql
from coretelecoms.warehouse.base import Partition, TableLoad, Warehouse, checkpoint, reconcile
from coretelecoms.warehouse.lock import exclusive_lock, lock_path_for

log = get_logger(__name__)
D = sql.DUCKDB
_LOAD = "_load_partition"
_DEDUP = "_load_dedup"


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _is_lock_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "could not set lock" in text or "conflicting lock" in text


class DuckDBWarehouse(Warehouse):
    """RAW/STAGING in a local DuckDB file, written under an exclusive file lock."""

    def __init__(self, path: str | Path, lock_timeout_seconds: float) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = exclusive_lock(lock_path_for(self.path), lock_timeout_seconds)
        self._lock.__enter__()
        try:
            # Row order carries no meaning in the warehouse; not preserving it lets inserts run in parallel.
            self.con = duckdb.connect(str(self.path), config={"preserve_insertion_order": False})
        except duckdb.IOException as exc:
            self._lock.__exit__(None, None, None)
            if _is_lock_error(exc):
                raise TransientError(f"{self.path}: warehouse file is locked by another process") from None
            raise DataError(f"{self.path}: cannot open the warehouse: {exc}") from None
        except BaseException:
            self._lock.__exit__(None, None, None)
            raise

    def close(self) -> None:
        """Close the connection, then release the file lock."""
        with contextlib.suppress(Exception):
            self.con.close()
        self._lock.__exit__(None, None, None)

    def _one(self, query: str, params: list[Any] | None = None) -> Any:
        row = self.con.execute(query, params or []).fetchone()
        return row[0] if row else None

    def ensure_objects(self) -> None:
        """Schemas, the five RAW and STAGING tables, and RAW.LOAD_AUDIT."""
        from coretelecoms.contract import TABLES

        self.con.execute("BEGIN TRANSACTION")
        try:
            for stmt in sql.create_schemas():
                self.con.execute(stmt)
            for contract in TABLES.values():
                self.con.execute(sql.create_table(sql.RAW, contract))
                self.con.execute(sql.create_table(sql.STAGING, contract))
            self.con.execute(sql.create_audit_table())
            if self._one(sql.audit_has_legacy_column()):
                self.con.execute(sql.rename_audit_legacy_column())
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise

    def last_loaded_sha(self, table: str, day: date) -> str | None:
        """Newest successful load's data sha256 for (table, day)."""
        value = self._one(sql.last_loaded_sha(D), [table, day])
        return str(value) if value is not None else None

    def _copy_partition(self, part: Partition) -> None:
        """COPY by column name: a SELECT naming each contract/lineage column of the Parquet file."""
        cols = sql.raw_columns(part.contract)
        select = ", ".join(f"CAST({sql.ident(c)} AS {sql._column_type(c)}) AS {sql.ident(c)}" for c in cols)
        self.con.execute(sql.create_load_table(D, part.contract, _LOAD))
        try:
            self.con.execute(
                f"INSERT INTO {_LOAD} ({', '.join(cols)}) SELECT {select}"
                f" FROM read_parquet({_quote_literal(str(part.path))})"
            )
        except (duckdb.InvalidInputException, duckdb.ConversionException, duckdb.IOException) as exc:
            if isinstance(exc, duckdb.IOException) and _is_lock_error(exc):
                raise TransientError(f"{self.path}: {exc}") from None
            raise DataError(f"{part.lake_uri}: cannot read the partition: {exc}") from None

    def load_partition(self, part: Partition, load_id: str, run_id: str) -> TableLoad:
        """Copy → reconcile → replace RAW date → merge/swap STAGING → audit, in one transaction."""
        started = datetime.now(UTC).replace(tzinfo=None)
        t0 = time.perf_counter()
        contract = part.contract
        result = TableLoad(table=contract.name, ignored_columns=list(part.ignored_columns))
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._copy_partition(part)
            checkpoint("copied")
            copied, keys = (
                int(v) for v in self.con.execute(sql.count_keys(contract, _LOAD)).fetchone() or (0, 0)
            )
            wrong_date = int(self._one(sql.count_other_dates(D, _LOAD), [part.day]))
            if wrong_date:
                raise DataError(
                    f"{part.lake_uri}: {wrong_date} rows have a _logical_date other than {part.day}"
                )
            dedup = sql.create_dedup_table(D, contract, _LOAD, _DEDUP, has_duplicates=keys != copied)
            self.con.execute(dedup, [load_id, started])
            unique = int(self._one(sql.count(_DEDUP)))
            result.copied, result.rows, result.duplicates = copied, copied, copied - unique
            for stmt, params in zip(
                sql.replace_raw_date(D, contract, _LOAD), ([part.day], [load_id, started]), strict=True
            ):
                self.con.execute(stmt, params)
            checkpoint("raw_replaced")
            if contract.static:
                self._swap_static(part, result, unique)
            else:
                self._merge_daily(part, result, load_id)
            reconcile(part, copied, unique, result)
            checkpoint("staging_written")
            result.seconds = time.perf_counter() - t0
            self._audit(
                part=part,
                load_id=load_id,
                run_id=run_id,
                started=started,
                result=result,
                status="succeeded",
                message=None,
            )
            checkpoint("before_commit")
            self.con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                self.con.execute("ROLLBACK")
            raise
        finally:
            with contextlib.suppress(Exception):
                self.con.execute(f"DROP TABLE IF EXISTS {_LOAD}")
                self.con.execute(f"DROP TABLE IF EXISTS {_DEDUP}")
        checkpoint("committed")
        return result

    def _merge_daily(self, part: Partition, result: TableLoad, load_id: str) -> None:
        contract = part.contract
        inserted, updated, stale = self.con.execute(sql.merge_counts(contract, _DEDUP)).fetchone() or (
            0,
            0,
            0,
        )
        result.inserted, result.updated, result.stale = int(inserted), int(updated), int(stale)
        self.con.execute(sql.merge_staging(contract, _DEDUP))
        written = int(self._one(sql.count_loaded(D, contract), [load_id]))
        if written != result.inserted + result.updated:
            raise DataError(
                f"{contract.name} {part.day}: reconciliation failed: MERGE wrote {written} rows,"
                f" expected {result.inserted + result.updated}"
            )

    def _swap_static(self, part: Partition, result: TableLoad, unique: int) -> None:
        """Build STAGING.<t>__new beside the live table, validate, then drop + rename (same txn)."""
        contract = part.contract
        newest = self._one(sql.max_staging_date(contract))
        if newest is not None and newest > part.day:
            # A backfill of an older static snapshot must not replace a newer one.
            result.staging, result.stale = f"kept newer {newest.isoformat()}", unique
            return
        new = f"{contract.name}__new"
        self.con.execute(f"DROP TABLE IF EXISTS {sql.STAGING}.{new}")
        self.con.execute(sql.create_table(sql.STAGING, contract, new))
        self.con.execute(sql.fill_new_static(contract, new, _DEDUP))
        built = int(self._one(sql.count(f"{sql.STAGING}.{new}")))
        if built != unique:
            raise DataError(f"{contract.name} {part.day}: new table has {built} rows, expected {unique}")
        self.con.execute(f"DROP TABLE {sql.STAGING}.{sql.ident(contract.name)}")
        self.con.execute(f"ALTER TABLE {sql.STAGING}.{new} RENAME TO {sql.ident(contract.name)}")
        result.staging, result.inserted = "swapped", unique

    def _write_audit(self, values: list[Any]) -> None:
        """Insert the audit row in the load's own transaction."""
        self.con.execute(sql.insert_audit(D), values)

    def audit_write_errors(self) -> tuple[type[Exception], ...]:
        """`_write_audit` runs DuckDB directly: its errors are duckdb.Error."""
        return (duckdb.Error,)
