"""The warehouse: one interface (RAW/STAGING loads), an embedded DuckDB and a Snowflake backend."""

from coretelecoms.warehouse.base import Manifest, Partition, TableLoad, Warehouse
from coretelecoms.warehouse.factory import open_warehouse

__all__ = ["Manifest", "Partition", "TableLoad", "Warehouse", "open_warehouse"]
