"""The CRM's daily web-form tables through connectorx: Postgres in production, SQLite embedded."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import polars as pl
from polars.io.plugins import register_io_source

from coretelecoms.contract import web_form_table
from coretelecoms.errors import DataError, TransientError
from coretelecoms.sanitize import SOURCE_ROW, positional_name
from coretelecoms.settings import CrmSettings, redact_uri, uri_password_forms
from coretelecoms.sources.arrow_stream import open_stream
from coretelecoms.sources.base import SourceBatch

_MISSING_TABLE = ("does not exist", "no such table", "undefined table")
_TRANSIENT = (
    "connection refused",
    "timed out",
    "timeout",
    "could not connect",
    "connection reset",
    "broken pipe",
    "the database system is starting up",
    "too many connections",
    "database is locked",
    "error connecting",
    "server closed the connection",
    "unexpected eof",
)


def quote_ident(name: str) -> str:
    """Quote an SQL identifier (doubling embedded quotes), for names we never accept from users."""
    return '"' + name.replace('"', '""') + '"'


def sqlite_path(uri: str) -> Path | None:
    """The database file of a `sqlite://` URI (the embedded CRM), None for any other URI."""
    return Path(uri[len("sqlite://") :]) if uri.startswith("sqlite://") else None


def connectorx_uri(uri: str) -> str:
    """A URI connectorx accepts: SQLite paths made absolute (`sqlite:///abs/path`)."""
    path = sqlite_path(uri)
    return f"sqlite://{path.resolve()}" if path else uri


def daily_table_query(settings: CrmSettings, day: date) -> tuple[str, str]:
    """(display name, SQL) for one day's table, read in physical order so reruns see the same rows.

    The name comes only from the validated date; it is quoted as an identifier. Postgres
    returns a plain sequential scan in physical order once `SEQSCAN_IN_PHYSICAL_ORDER` is
    set; an `ORDER BY ctid` would sort the whole table (measured 2x slower on 1M rows).
    """
    name = web_form_table(day, settings.table_prefix)
    if sqlite_path(settings.uri.get_secret_value()):
        return name, f"SELECT * FROM {quote_ident(name)} ORDER BY rowid"
    qualified = f"{quote_ident(settings.schema_name)}.{quote_ident(name)}"
    return f"{settings.schema_name}.{name}", f"SELECT * FROM {qualified}"


# Session settings that make a Postgres sequential scan start at block 0 with no parallel
# workers, so rows arrive in physical order on every run (a concurrent scan would otherwise
# let this one join it mid-table).
SEQSCAN_IN_PHYSICAL_ORDER = (
    "SET synchronize_seqscans TO off",
    "SET max_parallel_workers_per_gather TO 0",
)
# Rows per Arrow batch streamed from the CRM. On 1M rows 10,000, 20,000 and 50,000 took the same
# wall and CPU time; the reader's peak RSS was 115, 122 and 141 MB. Flat whatever the day's size.
STREAM_BATCH_ROWS = 10_000


def ensure_reachable(uri: str, timeout: float, where: str) -> None:
    """Fail fast (transient) when the database's TCP port does not answer."""
    parts = urlsplit(uri)
    if not parts.hostname:
        return
    try:
        with socket.create_connection((parts.hostname, parts.port or 5432), timeout=timeout):
            pass
    except OSError as exc:
        raise TransientError(
            f"{where}: cannot reach the CRM ({exc.strerror or type(exc).__name__})"
        ) from None


# The driver's way of naming a cell it cannot read as text: `InvalidColumnType(2, "name", Blob)`.
_BAD_COLUMN = re.compile(r'InvalidColumnType\(\d+, "(?P<name>[^"]*)", (?P<kind>\w+)\)')


def _is_driver_failure(exc: BaseException) -> bool:
    """True for errors connectorx raises: Python exceptions, or the pyo3 `PanicException`
    (a BaseException) its Arrow stream raises when the driver fails mid-stream."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _translate(exc: BaseException, where: str, uri: str) -> DataError | TransientError:
    """A connectorx failure as the job's error: missing table, transient, or a data error."""
    text = str(exc).lower()
    if any(marker in text for marker in _MISSING_TABLE):
        return DataError(f"{where}: table not found (the CRM creates one per day)")
    if any(marker in text for marker in _TRANSIENT):
        return TransientError(f"{where}: cannot reach the CRM ({type(exc).__name__})")
    bad_column = _BAD_COLUMN.search(str(exc))
    if bad_column:
        return DataError(
            f"{where}: column name: {bad_column['name']} holds a {bad_column['kind']} value "
            "(the CRM's columns are text)"
        )
    # The driver's first line names the offending column; a password it echoes is masked.
    detail = str(exc).splitlines()[0][:300] if str(exc) else ""
    for form in uri_password_forms(uri):
        detail = detail.replace(form, "***")
    return DataError(f"{where}: query failed: {type(exc).__name__}: {detail}")


def _stream(frames: Iterator[pl.DataFrame], headers: list[str], where: str, uri: str) -> pl.LazyFrame:
    """A lazy frame pulling the query's batches as string columns named by position, with
    `_source_row`, so the extract's sinks stream the table instead of holding it."""
    schema: dict[str, Any] = {positional_name(i): pl.String for i in range(len(headers))}
    schema[SOURCE_ROW] = pl.Int64
    started = False

    def batches(
        with_columns: list[str] | None, predicate: pl.Expr | None, n_rows: int | None, _size: int | None
    ) -> Iterator[pl.DataFrame]:
        nonlocal started
        if started:  # the stream can be read once; a second scan would silently see no rows
            raise RuntimeError(f"{where}: the CRM stream was scanned twice")
        started = True
        next_row, remaining = 1, n_rows
        while remaining is None or remaining > 0:
            try:
                raw = next(frames, None)
            except BaseException as exc:  # the driver failed mid-stream
                if not _is_driver_failure(exc):
                    raise
                raise _translate(exc, where, uri) from None
            if raw is None:
                return
            frame = raw.select(
                *(pl.col(c).cast(pl.String).alias(positional_name(i)) for i, c in enumerate(headers)),
                pl.int_range(next_row, next_row + raw.height, dtype=pl.Int64).alias(SOURCE_ROW),
            )
            next_row += raw.height
            if predicate is not None:
                frame = frame.filter(predicate)
            if with_columns is not None:
                frame = frame.select(with_columns)
            if remaining is not None:
                frame = frame.head(remaining)
                remaining -= frame.height
            yield frame

    return register_io_source(batches, schema=schema, is_pure=True, explain_name="crm")


def read_web_forms(settings: CrmSettings, day: date) -> SourceBatch:
    """One day's web-form table as a stream of string columns with `_source_row`.

    Errors that show at connect time (unreachable, missing table) are raised here and name
    the table; a failure mid-stream is raised, translated the same way, by the extract's sink.
    """
    display, query = daily_table_query(settings, day)
    uri = settings.uri.get_secret_value()
    where = f"{redact_uri(uri)} table {display}"
    database_file = sqlite_path(uri)
    if database_file and not database_file.is_file():
        raise DataError(f"{where}: SQLite CRM file not found")
    if not database_file:
        ensure_reachable(uri, settings.connect_timeout_seconds, where)
    try:
        stream = open_stream(
            connectorx_uri(uri),
            query,
            STREAM_BATCH_ROWS,
            None if database_file else list(SEQSCAN_IN_PHYSICAL_ORDER),
        )
    except Exception as exc:  # connectorx raises plain RuntimeError/ValueError with the driver's text
        raise _translate(exc, where, uri) from None
    frames = _stream(stream.batches, stream.columns, where, uri)
    return SourceBatch.of_table(f"crm:{display}", stream.columns, frames)
