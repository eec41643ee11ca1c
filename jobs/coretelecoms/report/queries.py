"""Which insight models the report reads, and how it reads them from DuckDB or Snowflake."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coretelecoms.errors import DataError, TransientError
from coretelecoms.settings import Settings

Rows = list[dict[str, Any]]


@dataclass(frozen=True)
class Insight:
    """One section of the report: a model in ANALYTICS, the question it answers, its sort order."""

    key: str
    model: str
    title: str
    question: str
    order_by: str


INSIGHTS: tuple[Insight, ...] = (
    Insight(
        "backlog_share",
        "ins_backlog_share_by_category",
        "Complaints stuck in Backlog by category",
        "What share of each category's complaints is still in Backlog? (Network Failure stands out.)",
        "channel, backlog_share desc",
    ),
    Insight(
        "handle_time",
        "ins_call_handle_time",
        "Average call handle time by category",
        "How long do Technician Support calls take compared with every other category?",
        "avg_handle_minutes desc",
    ),
    Insight(
        "channel_hopping",
        "ins_channel_hopping",
        "Channel hopping",
        "Which customers complained on more than one channel within the window?",
        "hop_pairs desc, customer_id",
    ),
    Insight(
        "per_channel_day",
        "ins_complaints_per_channel_day",
        "Complaints per channel per day",
        "How many complaints does each channel bring in each day?",
        "request_date, channel",
    ),
    Insight(
        "backlog_ageing",
        "ins_backlog_ageing",
        "Backlog ageing",
        "How long have open complaints been waiting, per channel?",
        "bucket_order, channel",
    ),
)


def select_sql(insight: Insight) -> str:
    """The query for one insight (names are constants above, checked anyway: never from input)."""
    for part in (insight.model, insight.order_by):
        if not re.fullmatch(r"[a-z_][a-z0-9_]*( desc)?(, ?[a-z_][a-z0-9_]*( desc)?)*", part):
            raise ValueError(f"refusing to build SQL from {part!r}")
    return f"select * from analytics.{insight.model} order by {insight.order_by}"


def _rows(cursor: Any) -> Rows:
    names = [d[0].lower() for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@contextlib.contextmanager
def _duckdb_cursor(path: Path) -> Iterator[Any]:
    import duckdb

    if not path.is_file():
        raise DataError(f"{path}: warehouse not found (run load and transform first)")
    try:
        conn = duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise TransientError(f"{path}: warehouse is being written; try again") from None
        raise DataError(f"{path}: cannot open warehouse: {exc}") from None
    try:
        yield conn.cursor()
    finally:
        conn.close()


@contextlib.contextmanager
def _snowflake_cursor(settings: Settings) -> Iterator[Any]:
    from coretelecoms.warehouse.snowflake_backend import connect

    conn = connect(settings)
    try:
        yield conn.cursor()
    finally:
        conn.close()


def fetch_insights(settings: Settings) -> dict[str, Rows]:
    """Rows of every insight model, by insight key; a missing model is a DataError naming it."""
    if settings.warehouse.kind == "duckdb":
        opened = _duckdb_cursor(Path(settings.warehouse.duckdb_path))
    else:
        opened = _snowflake_cursor(settings)
    data: dict[str, Rows] = {}
    with opened as cursor:
        for insight in INSIGHTS:
            try:
                cursor.execute(select_sql(insight))
            except Exception as exc:  # driver-specific error classes: report which model is missing
                raise DataError(
                    f"analytics.{insight.model}: cannot read ({type(exc).__name__});"
                    " run `coretelecoms transform` first"
                ) from None
            data[insight.key] = _rows(cursor)
    return data
