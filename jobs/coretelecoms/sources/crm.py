"""The CRM's daily web-form tables through connectorx: Postgres in production, SQLite embedded."""

from __future__ import annotations

import socket
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import polars as pl

from coretelecoms.contract import web_form_table
from coretelecoms.errors import DataError, TransientError
from coretelecoms.sanitize import SOURCE_ROW, positional_name
from coretelecoms.settings import CrmSettings, redact_uri
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


def connectorx_uri(uri: str) -> str:
    """A URI connectorx accepts: SQLite paths made absolute (`sqlite:///abs/path`)."""
    if uri.startswith("sqlite://"):
        path = Path(uri[len("sqlite://") :]).resolve()
        return f"sqlite://{path}"
    return uri


def daily_table_query(settings: CrmSettings, day: date) -> tuple[str, str]:
    """(display name, SQL) for one day's table, in physical order so reruns see the same rows.

    The name comes only from the validated date; it is quoted as an identifier.
    """
    name = web_form_table(day, settings.table_prefix)
    uri = settings.uri.get_secret_value()
    if uri.startswith("sqlite://"):
        return name, f"SELECT * FROM {quote_ident(name)} ORDER BY rowid"
    qualified = f"{quote_ident(settings.schema_name)}.{quote_ident(name)}"
    return f"{settings.schema_name}.{name}", f"SELECT * FROM {qualified} ORDER BY ctid"


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


def read_web_forms(settings: CrmSettings, day: date) -> SourceBatch:
    """One day's web-form table as string columns with `_source_row`; errors name the table."""
    import connectorx as cx

    display, query = daily_table_query(settings, day)
    uri = settings.uri.get_secret_value()
    where = f"{redact_uri(uri)} table {display}"
    if uri.startswith("sqlite://") and not Path(uri[len("sqlite://") :]).is_file():
        raise DataError(f"{where}: SQLite CRM file not found")
    if not uri.startswith("sqlite://"):
        ensure_reachable(uri, settings.connect_timeout_seconds, where)
    try:
        frame = cx.read_sql(connectorx_uri(uri), query, return_type="polars")
    except Exception as exc:  # connectorx raises plain RuntimeError/ValueError with the driver's text
        text = str(exc).lower()
        if any(marker in text for marker in _MISSING_TABLE):
            raise DataError(f"{where}: table not found (the CRM creates one per day)") from None
        if any(marker in text for marker in _TRANSIENT):
            raise TransientError(f"{where}: cannot reach the CRM ({type(exc).__name__})") from None
        # The driver's first line names the offending column; the password never appears in it.
        detail = str(exc).splitlines()[0][:300] if str(exc) else ""
        password = urlsplit(uri).password
        if password:
            detail = detail.replace(password, "***")
        raise DataError(f"{where}: query failed: {type(exc).__name__}: {detail}") from None
    if not isinstance(frame, pl.DataFrame):  # pragma: no cover - connectorx contract
        frame = pl.DataFrame(frame)
    headers = list(frame.columns)
    renamed = frame.select(
        pl.col(c).cast(pl.String).alias(positional_name(i)) for i, c in enumerate(headers)
    ).with_columns(pl.int_range(1, frame.height + 1, dtype=pl.Int64).alias(SOURCE_ROW))
    return SourceBatch(f"crm:{display}", headers, renamed.lazy(), None)
