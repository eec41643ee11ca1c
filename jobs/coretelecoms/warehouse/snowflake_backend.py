"""The production warehouse: Snowflake, with the same RAW/STAGING semantics as the DuckDB backend.

Per table: COPY the partition (by column name) into a temporary load table, dedup it, then
- daily tables: one transaction replaces the date's RAW rows, MERGEs STAGING and audits;
- static tables: STAGING.<t>__NEW is cloned, truncated, filled and validated beside the live
  table, RAW is replaced in a transaction, then `ALTER TABLE ... SWAP WITH` exchanges the two
  atomically (readers see the old table or the new one), and the load is audited last, so a
  crash anywhere before the audit makes the rerun redo the whole table.
Snowflake commits DDL implicitly, so temp tables and the clone are built before BEGIN.
"""

from __future__ import annotations

import contextlib
import json
import time
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from coretelecoms.errors import DataError, PipelineError, TransientError, UsageError
from coretelecoms.logs import get_logger
from coretelecoms.warehouse import sql
from coretelecoms.warehouse.base import Partition, TableLoad, Warehouse, checkpoint, reconcile

if TYPE_CHECKING:
    from coretelecoms.settings import Settings

log = get_logger(__name__)
S = sql.SNOWFLAKE
INTERNAL_STAGE = f"{sql.RAW}.load_stage"
"""Internal stage the partition is PUT to when the lake is a local directory."""
# Snowflake error numbers that mean "try again later": lock wait timeout, statement queued too long.
_TRANSIENT_ERRNOS = {625, 630, 604}


def connect(settings: Settings) -> Any:
    """Open a Snowflake session from settings; secrets are used here only, never logged."""
    import snowflake.connector

    sf = settings.warehouse.snowflake
    if not sf.account or not sf.user:
        raise UsageError("warehouse.snowflake.account and warehouse.snowflake.user are required")
    kwargs: dict[str, Any] = {
        "account": sf.account,
        "user": sf.user,
        "role": sf.role,
        "warehouse": sf.warehouse,
        "database": settings.warehouse.database,
        "application": "coretelecoms",
        "login_timeout": 60,
    }
    if sf.host:
        kwargs["host"] = sf.host
    if sf.private_key is not None:
        kwargs["private_key"] = _private_key_der(
            sf.private_key.get_secret_value(),
            sf.private_key_passphrase.get_secret_value() if sf.private_key_passphrase else None,
        )
    elif sf.password is not None:
        kwargs["password"] = sf.password.get_secret_value()
    else:
        raise UsageError("set warehouse.snowflake.private_key or warehouse.snowflake.password")
    try:
        return snowflake.connector.connect(**kwargs)
    except snowflake.connector.errors.Error as exc:
        raise translate_error(exc, "connect") from None


def _private_key_der(pem: str, passphrase: str | None) -> bytes:
    from cryptography.hazmat.primitives import serialization

    try:
        key = serialization.load_pem_private_key(pem.encode(), passphrase.encode() if passphrase else None)
    except (ValueError, TypeError):
        raise UsageError("warehouse.snowflake.private_key is not a readable PEM private key") from None
    return key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def translate_error(exc: Exception, what: str) -> Exception:
    """Network/lock errors → TransientError (75); anything else → DataError with Snowflake's message."""
    import snowflake.connector.errors as sf_errors

    errno = getattr(exc, "errno", None)
    message = f"snowflake {what}: {getattr(exc, 'msg', None) or exc}"
    if isinstance(exc, sf_errors.OperationalError | sf_errors.InterfaceError) or errno in _TRANSIENT_ERRNOS:
        return TransientError(message)
    return DataError(message)


class SnowflakeWarehouse(Warehouse):
    """RAW/STAGING in Snowflake through one session (`conn` is a DB-API connection)."""

    def __init__(self, conn: Any, *, settings: Settings, tag: dict[str, str]) -> None:
        self.conn = conn
        self.settings = settings
        self.tag = dict(tag)
        self.cur = conn.cursor()
        self._load = self._dedup = ""
        self.set_query_tag(self.tag)

    # -- seams: the two statements fakesnow lacks (tests substitute them; SQL checked by sqlglot)
    def set_query_tag(self, tag: dict[str, str]) -> None:
        """`ALTER SESSION SET QUERY_TAG` so every query is attributable (cost, debugging)."""
        self.execute(sql.query_tag(json.dumps(tag, sort_keys=True, separators=(",", ":"))))

    def swap(self, schema: str, table: str, new_table: str) -> None:
        """Atomically exchange a live table with its freshly built sibling."""
        self.execute(sql.swap_tables(schema, table, new_table))

    # --
    def execute(self, statement: str, params: list[Any] | None = None) -> Any:
        """Run one statement; Snowflake errors become Transient/DataError (no values logged)."""
        import snowflake.connector.errors as sf_errors

        try:
            return self.cur.execute(statement, params) if params else self.cur.execute(statement)
        except sf_errors.Error as exc:
            raise translate_error(exc, statement.split(" (", 1)[0][:80]) from None

    def _one(self, statement: str, params: list[Any] | None = None) -> Any:
        self.execute(statement, params)
        row = self.cur.fetchone()
        return row[0] if row else None

    def close(self) -> None:
        """Close the session."""
        with contextlib.suppress(Exception):
            self.conn.close()

    def ensure_objects(self) -> None:
        """CREATE SCHEMA/TABLE IF NOT EXISTS for RAW, STAGING, the five tables and LOAD_AUDIT."""
        from coretelecoms.contract import TABLES

        for stmt in sql.create_schemas():
            self.execute(stmt)
        for contract in TABLES.values():
            self.execute(sql.create_table(sql.RAW, contract))
            self.execute(sql.create_table(sql.STAGING, contract))
        self.execute(sql.create_audit_table())
        if self._one(sql.audit_has_legacy_column()):
            self.execute(sql.rename_audit_legacy_column())

    def last_loaded_sha(self, table: str, day: date) -> str | None:
        """Newest successful load's data sha256 for (table, day)."""
        value = self._one(sql.last_loaded_sha(S), [table, day.isoformat()])
        return str(value) if value is not None else None

    def copy_statements(self, part: Partition, load_id: str) -> list[str]:
        """PUT (local lake) or nothing (S3 lake via the external stage), then COPY by column name."""
        fmt = "FILE_FORMAT = (TYPE = PARQUET) MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE"
        stage = self.settings.warehouse.snowflake.external_stage
        if self.settings.lake.uri.startswith("s3://") and stage:
            return [f"COPY INTO {self._load} FROM @{stage}/{part.lake_key} {fmt}"]
        prefix = f"{part.contract.name}/{part.day.isoformat()}/{load_id}"
        local = str(part.path).replace("'", "")
        return [
            f"CREATE STAGE IF NOT EXISTS {INTERNAL_STAGE}",
            f"PUT 'file://{local}' @{INTERNAL_STAGE}/{prefix} AUTO_COMPRESS = FALSE OVERWRITE = TRUE",
            f"COPY INTO {self._load} FROM @{INTERNAL_STAGE}/{prefix} {fmt}",
        ]

    def load_partition(self, part: Partition, load_id: str, run_id: str) -> TableLoad:
        """Copy → dedup → (RAW + MERGE + audit in one transaction) or (build NEW → RAW → SWAP → audit)."""
        started = datetime.now(UTC).replace(tzinfo=None)
        contract = part.contract
        self.set_query_tag({**self.tag, "table": contract.name})
        # Transient per-load tables (no fail-safe cost): parallel loads of other dates never collide.
        self._load = f"{sql.RAW}._load_{contract.name}_{load_id[:16]}"
        self._dedup = f"{sql.RAW}._dedup_{contract.name}_{load_id[:16]}"
        try:
            return self._load_partition(part, load_id, run_id, started)
        finally:
            for name in (self._load, self._dedup):
                with contextlib.suppress(Exception):
                    self.execute(f"DROP TABLE IF EXISTS {name}")

    def _load_partition(self, part: Partition, load_id: str, run_id: str, started: datetime) -> TableLoad:
        t0 = time.perf_counter()
        contract = part.contract
        result = TableLoad(table=contract.name, ignored_columns=list(part.ignored_columns))
        self.execute(sql.create_load_table(S, contract, self._load))
        for stmt in self.copy_statements(part, load_id):
            self.execute(stmt)
        checkpoint("copied")
        self.execute(sql.count_keys(contract, self._load))
        copied, keys = (int(v) for v in self.cur.fetchone())
        wrong_date = int(self._one(sql.count_other_dates(S, self._load), [part.day.isoformat()]))
        if wrong_date:
            raise DataError(f"{part.lake_uri}: {wrong_date} rows have a _logical_date other than {part.day}")
        self.execute(
            sql.create_dedup_table(S, contract, self._load, self._dedup, has_duplicates=keys != copied),
            [load_id, started.isoformat(sep=" ")],
        )
        unique = int(self._one(sql.count(self._dedup)))
        result.copied, result.rows, result.duplicates = copied, copied, copied - unique
        if copied != part.manifest.rows_out:
            reconcile(part, copied, unique, result)  # raises before anything is written
        if contract.static:
            self._load_static(part, result, unique, load_id, started)
        else:
            self._load_daily(part, result, load_id, started)
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
        checkpoint("committed")
        return result

    def _replace_raw(self, part: Partition, load_id: str, started: datetime) -> None:
        delete, insert = sql.replace_raw_date(S, part.contract, self._load)
        self.execute(delete, [part.day.isoformat()])
        self.execute(insert, [load_id, started.isoformat(sep=" ")])
        checkpoint("raw_replaced")

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """BEGIN … COMMIT, ROLLBACK on any error (a seam: fakesnow cannot MERGE inside a transaction)."""

        @contextlib.contextmanager
        def txn() -> Any:
            self.execute("BEGIN")
            try:
                yield
            except BaseException:
                with contextlib.suppress(Exception):
                    self.execute("ROLLBACK")
                raise
            self.execute("COMMIT")

        return txn()

    def _load_daily(self, part: Partition, result: TableLoad, load_id: str, started: datetime) -> None:
        contract = part.contract
        with self.transaction():
            self._replace_raw(part, load_id, started)
            self.execute(sql.merge_counts(contract, self._dedup))
            inserted, updated, stale = self.cur.fetchone()
            result.inserted, result.updated, result.stale = int(inserted), int(updated), int(stale)
            self.execute(sql.merge_staging(contract, self._dedup))
            written = int(self._one(sql.count_loaded(S, contract), [load_id]))
            if written != result.inserted + result.updated:
                raise DataError(
                    f"{contract.name} {part.day}: reconciliation failed: MERGE wrote {written} rows,"
                    f" expected {result.inserted + result.updated}"
                )
            reconcile(part, result.copied, result.copied - result.duplicates, result)
            checkpoint("staging_written")

    def _load_static(
        self, part: Partition, result: TableLoad, unique: int, load_id: str, started: datetime
    ) -> None:
        contract = part.contract
        name = sql.ident(contract.name)
        newest = self._one(sql.max_staging_date(contract))
        if newest is not None and _as_date(newest) > part.day:
            result.staging, result.stale = f"kept newer {_as_date(newest).isoformat()}", unique
            reconcile(part, result.copied, unique, result)
            with self.transaction():
                self._replace_raw(part, load_id, started)
            return
        new = f"{name}__new"
        self.execute(f"CREATE OR REPLACE TABLE {sql.STAGING}.{new} CLONE {sql.STAGING}.{name}")
        self.execute(f"TRUNCATE TABLE {sql.STAGING}.{new}")
        self.execute(sql.fill_new_static(contract, new, self._dedup))
        built = int(self._one(sql.count(f"{sql.STAGING}.{new}")))
        result.staging, result.inserted = "swapped", unique
        if built != unique:
            raise DataError(f"{contract.name} {part.day}: new table has {built} rows, expected {unique}")
        reconcile(part, result.copied, unique, result)
        with self.transaction():
            self._replace_raw(part, load_id, started)
        checkpoint("staging_written")
        self.swap(sql.STAGING, name, new)
        self.execute(f"DROP TABLE IF EXISTS {sql.STAGING}.{new}")

    def _write_audit(self, values: list[Any]) -> None:
        """Insert the audit row, dates and times bound as ISO text."""
        self.execute(sql.insert_audit(S), [_iso(v) for v in values])

    def audit_write_errors(self) -> tuple[type[Exception], ...]:
        """`execute` has already turned a Snowflake error into a PipelineError."""
        return (PipelineError,)


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _iso(value: Any) -> Any:
    """Dates and datetimes as the ISO text the connector binds reliably; other values unchanged."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return value
