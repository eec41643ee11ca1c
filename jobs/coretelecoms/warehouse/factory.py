"""Pick the warehouse backend from `settings.warehouse.kind`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coretelecoms.warehouse.base import Warehouse

if TYPE_CHECKING:
    from coretelecoms.settings import Settings


def open_warehouse(settings: Settings, *, tag: dict[str, str] | None = None) -> Warehouse:
    """Connect to the configured warehouse (DuckDB file under its lock, or a Snowflake session).

    `tag` is the Snowflake query tag (app, stage, table, date, run id); DuckDB ignores it.
    """
    wh = settings.warehouse
    if wh.kind == "snowflake":
        from coretelecoms.warehouse.snowflake_backend import SnowflakeWarehouse, connect

        return SnowflakeWarehouse(connect(settings), settings=settings, tag=tag or {})
    from coretelecoms.warehouse.duckdb_backend import DuckDBWarehouse

    return DuckDBWarehouse(wh.duckdb_path, wh.lock_timeout_seconds)
