"""Compare a raw partition's Parquet schema with the contract before anything is copied.

COPY maps by column name; this check makes a renamed, missing or new column a clear DataError
naming it, instead of a silently NULL or shifted column.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from coretelecoms.contract import TableContract
from coretelecoms.errors import DataError
from coretelecoms.warehouse.sql import raw_columns

_LINEAGE_TYPES: dict[str, tuple[type[pl.DataType], ...]] = {
    "_source_row": (pl.Int64, pl.Int32, pl.UInt32, pl.UInt64),
    "_logical_date": (pl.Date,),
}


def check_columns(path: Path, contract: TableContract, on_new_column: str, where: str) -> tuple[str, ...]:
    """The extra (ignored) columns of the file; DataError for a missing column, a lineage column
    of the wrong type, or an extra column when `on_new_column` is `fail`."""
    try:
        schema = pl.read_parquet_schema(path)
    except Exception as exc:  # polars raises several types for a corrupt file
        raise DataError(f"{where}: not a readable Parquet file ({type(exc).__name__})") from None
    expected = raw_columns(contract)
    missing = [c for c in expected if c not in schema]
    if missing:
        raise DataError(
            f"{where}: missing column(s) {', '.join(missing)} expected by the {contract.name} contract"
        )
    for column, types in _LINEAGE_TYPES.items():
        if not isinstance(schema[column], types):
            raise DataError(
                f"{where}: column {column} has type {schema[column]}, expected {types[0].__name__}"
            )
    extra = tuple(c for c in schema if c not in expected)
    if extra and on_new_column == "fail":
        raise DataError(
            f"{where}: new column(s) {', '.join(extra)} not in the {contract.name} contract"
            " (set warehouse.on_new_column=ignore to load without them)"
        )
    return extra
