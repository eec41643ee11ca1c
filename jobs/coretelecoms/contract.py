"""The source contract: every table's columns, natural key, cadence and source layout.

This is the single statement of what each source delivers; extract, load, the generator
and the DAG all read it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class SourceKind(StrEnum):
    """Which system a table comes from (and so which extract image runs it)."""

    FILES = "files"
    POSTGRES = "postgres"
    SHEETS = "sheets"


LINEAGE_COLUMNS: tuple[str, ...] = ("_source_file", "_source_row", "_logical_date")
"""Columns every raw row carries: which file/table, which row (1-based, data rows), which date."""


@dataclass(frozen=True)
class TableContract:
    """One source table as the source contract in DESIGN.md describes it."""

    name: str
    source: SourceKind
    columns: tuple[str, ...]
    key: str
    static: bool
    generation_date_column: str | None = None

    @property
    def raw_columns(self) -> tuple[str, ...]:
        """Columns of the raw Parquet file, in order."""
        return self.columns + LINEAGE_COLUMNS


CUSTOMERS = TableContract(
    name="customers",
    source=SourceKind.FILES,
    columns=("customer_id", "name", "gender", "date_of_birth", "signup_date", "email", "address"),
    key="customer_id",
    static=True,
)
AGENTS = TableContract(
    name="agents",
    source=SourceKind.SHEETS,
    columns=("id", "name", "experience", "state"),
    key="id",
    static=True,
)
CALL_LOGS = TableContract(
    name="call_logs",
    source=SourceKind.FILES,
    columns=(
        "call_id",
        "customer_id",
        "complaint_category",
        "agent_id",
        "call_start_time",
        "call_end_time",
        "resolution_status",
        "call_logs_generation_date",
    ),
    key="call_id",
    static=False,
    generation_date_column="call_logs_generation_date",
)
SOCIAL_MEDIA = TableContract(
    name="social_media",
    source=SourceKind.FILES,
    columns=(
        "complaint_id",
        "customer_id",
        "complaint_category",
        "agent_id",
        "resolution_status",
        "request_date",
        "resolution_date",
        "media_channel",
        "media_complaint_generation_date",
    ),
    key="complaint_id",
    static=False,
    generation_date_column="media_complaint_generation_date",
)
WEB_FORMS = TableContract(
    name="web_forms",
    source=SourceKind.POSTGRES,
    columns=(
        "request_id",
        "customer_id",
        "complaint_category",
        "agent_id",
        "resolution_status",
        "request_date",
        "resolution_date",
        "web_form_generation_date",
    ),
    key="request_id",
    static=False,
    generation_date_column="web_form_generation_date",
)

TABLES: dict[str, TableContract] = {
    t.name: t for t in (CUSTOMERS, AGENTS, CALL_LOGS, SOCIAL_MEDIA, WEB_FORMS)
}
"""Every table, by name, in a stable order (static first)."""

STATIC_TABLES: tuple[str, ...] = tuple(n for n, t in TABLES.items() if t.static)
DAILY_TABLES: tuple[str, ...] = tuple(n for n, t in TABLES.items() if not t.static)

# Source-bucket layout (note the space in "call logs/": the real bucket has it).
CUSTOMERS_FILE = "customers/customers_dataset.csv"
CALL_LOGS_DIR = "call logs"
SOCIAL_MEDIA_DIR = "social_medias"

_TABLE_SUFFIX = re.compile(r"^\d{4}_\d{2}_\d{2}$")


def call_logs_file(day: date) -> str:
    """Source-bucket key of one day's call-log CSV."""
    return f"{CALL_LOGS_DIR}/call_logs_day_{day.isoformat()}.csv"


def social_media_file(day: date) -> str:
    """Source-bucket key of one day's social-media JSON dump."""
    return f"{SOCIAL_MEDIA_DIR}/media_complaint_day_{day.isoformat()}.json"


def web_form_table(day: date, prefix: str = "web_form_request_") -> str:
    """CRM table name for one day; built only from a validated date, so it cannot carry SQL."""
    if not isinstance(day, date):  # defensive: the name must never come from free text
        raise TypeError("web_form_table needs a datetime.date")
    suffix = day.strftime("%Y_%m_%d")
    if not _TABLE_SUFFIX.match(suffix) or not re.fullmatch(r"[a-z_][a-z0-9_]*", prefix):
        raise ValueError(f"refusing to build a table name from {prefix!r} and {day!r}")
    return f"{prefix}{suffix}"


def table(name: str) -> TableContract:
    """The contract of a table by name; a clear error listing the valid names otherwise."""
    try:
        return TABLES[name]
    except KeyError:
        from coretelecoms.errors import UsageError

        raise UsageError(f"unknown table {name!r}; expected one of {', '.join(TABLES)}") from None
