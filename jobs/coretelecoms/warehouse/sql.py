"""SQL builders shared by the DuckDB and Snowflake backends.

Every statement names its columns explicitly (never `SELECT *` into a table, never a positional
COPY), so a reordered or widened source can't shift values into the wrong column. Identifiers
come only from contract.py (validated names), never from data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coretelecoms.contract import LINEAGE_COLUMNS, TableContract

RAW = "raw"
STAGING = "staging"
AUDIT_TABLE = f"{RAW}.load_audit"
LOAD_COLUMNS: tuple[str, ...] = ("_load_id", "_loaded_at")
"""Columns the load adds to every warehouse row: which load wrote it, and when."""

# Formats the sources use for generation dates (see DESIGN.md); the first that parses wins.
_GENERATION_FORMATS_DUCKDB = (
    "%Y-%m-%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%b %d, %Y %I:%M %p",
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%d",
)
_GENERATION_FORMATS_SNOWFLAKE = (
    "YYYY-MM-DD HH24:MI:SS",
    "YYYY/MM/DD HH24:MI",
    "DD-MM-YYYY HH24:MI:SS",
    "MON DD, YYYY HH12:MI AM",
    'YYYY-MM-DD"T"HH24:MI:SS"Z"',
    "YYYY-MM-DD",
)
_IDENT = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$")


def ident(name: str) -> str:
    """A checked lower-case identifier, optionally schema-qualified (contract names only), safe in SQL."""
    if not _IDENT.match(name):
        raise ValueError(f"refusing to use {name!r} as an SQL identifier")
    return name


@dataclass(frozen=True)
class Dialect:
    """The few places the two warehouses' SQL differs."""

    name: str
    param: str
    temp_table: str

    def generation_ts(self, column: str) -> str:
        """The generation-date text parsed to a timestamp (NULL when no known format matches)."""
        col = ident(column)
        if self.name == "duckdb":
            fmts = ", ".join(f"'{f}'" for f in _GENERATION_FORMATS_DUCKDB)
            return f"TRY_STRPTIME(TRIM({col}), [{fmts}])"
        parts = ", ".join(f"TRY_TO_TIMESTAMP(TRIM({col}), '{f}')" for f in _GENERATION_FORMATS_SNOWFLAKE)
        return f"COALESCE({parts})"


DUCKDB = Dialect(name="duckdb", param="?", temp_table="TEMP TABLE")
SNOWFLAKE = Dialect(name="snowflake", param="%s", temp_table="TRANSIENT TABLE")


def raw_columns(contract: TableContract) -> tuple[str, ...]:
    """Columns of a raw partition the load copies: contract columns then lineage."""
    return contract.columns + LINEAGE_COLUMNS


def warehouse_columns(contract: TableContract) -> tuple[str, ...]:
    """Columns of RAW.<table> and STAGING.<table>."""
    return raw_columns(contract) + LOAD_COLUMNS


def _column_type(column: str) -> str:
    return {"_source_row": "BIGINT", "_logical_date": "DATE", "_loaded_at": "TIMESTAMP"}.get(
        column, "VARCHAR"
    )


def column_defs(columns: tuple[str, ...]) -> str:
    """`col TYPE, ...` for a table definition."""
    return ", ".join(f"{ident(c)} {_column_type(c)}" for c in columns)


def create_schemas() -> list[str]:
    """RAW and STAGING (ANALYTICS belongs to dbt)."""
    return [f"CREATE SCHEMA IF NOT EXISTS {s}" for s in (RAW, STAGING)]


def create_table(schema: str, contract: TableContract, name: str | None = None) -> str:
    """CREATE TABLE IF NOT EXISTS for RAW/STAGING.<table> (or a sibling such as `<table>__new`)."""
    table = ident(name or contract.name)
    return f"CREATE TABLE IF NOT EXISTS {ident(schema)}.{table} ({column_defs(warehouse_columns(contract))})"


def create_audit_table() -> str:
    """RAW.LOAD_AUDIT: one row per load attempt of a partition."""
    return (
        f"CREATE TABLE IF NOT EXISTS {AUDIT_TABLE} (load_id VARCHAR, table_name VARCHAR, logical_date DATE,"
        " data_sha256 VARCHAR, rows_in BIGINT, rows_loaded BIGINT, rows_merged BIGINT,"
        " started_at TIMESTAMP, finished_at TIMESTAMP, status VARCHAR, run_id VARCHAR, message VARCHAR)"
    )


AUDIT_COLUMNS: tuple[str, ...] = (
    "load_id",
    "table_name",
    "logical_date",
    "data_sha256",
    "rows_in",
    "rows_loaded",
    "rows_merged",
    "started_at",
    "finished_at",
    "status",
    "run_id",
    "message",
)


# Before 0.1.0 shipped, the audit's data_sha256 column was named source_sha256 (it always held the
# lake file's sha256); warehouses created then are renamed in place by `ensure_objects`.
LEGACY_AUDIT_COLUMN = "source_sha256"


def audit_has_legacy_column() -> str:
    """How many LOAD_AUDIT columns still carry the legacy name (0 or 1); DuckDB and Snowflake."""
    return (
        "SELECT COUNT(*) FROM information_schema.columns WHERE LOWER(table_schema) = 'raw'"
        f" AND LOWER(table_name) = 'load_audit' AND LOWER(column_name) = '{LEGACY_AUDIT_COLUMN}'"
    )


def rename_audit_legacy_column() -> str:
    """Give LOAD_AUDIT's legacy sha column its current name."""
    return f"ALTER TABLE {AUDIT_TABLE} RENAME COLUMN {LEGACY_AUDIT_COLUMN} TO data_sha256"


def insert_audit(d: Dialect) -> str:
    """Parameterised insert of one audit row, in AUDIT_COLUMNS order."""
    params = ", ".join([d.param] * len(AUDIT_COLUMNS))
    return f"INSERT INTO {AUDIT_TABLE} ({', '.join(AUDIT_COLUMNS)}) VALUES ({params})"


def last_loaded_sha(d: Dialect) -> str:
    """sha256 of the newest successful load of (table, date)."""
    return (
        f"SELECT data_sha256 FROM {AUDIT_TABLE} WHERE table_name = {d.param} AND logical_date = {d.param}"
        " AND status = 'succeeded' ORDER BY finished_at DESC LIMIT 1"
    )


def create_load_table(d: Dialect, contract: TableContract, name: str) -> str:
    """Temporary table shaped like the raw partition (contract + lineage), the COPY target."""
    return f"CREATE OR REPLACE {d.temp_table} {ident(name)} ({column_defs(raw_columns(contract))})"


def count(table: str, where: str = "") -> str:
    """Row count of a table."""
    return f"SELECT COUNT(*) FROM {table}{' WHERE ' + where if where else ''}"


def count_keys(contract: TableContract, table: str) -> str:
    """(rows, distinct keys) of a table: equal means no in-partition duplicates to resolve."""
    return f"SELECT COUNT(*), COUNT(DISTINCT {ident(contract.key)}) FROM {ident(table)}"


def count_other_dates(d: Dialect, load_table: str) -> str:
    """Rows whose `_logical_date` is not the partition's date (must be zero)."""
    return count(ident(load_table), f"_logical_date IS NULL OR _logical_date <> {d.param}")


def replace_raw_date(d: Dialect, contract: TableContract, load_table: str) -> list[str]:
    """Delete the date's RAW rows then insert the partition's (params: date; load_id, loaded_at)."""
    table = f"{RAW}.{ident(contract.name)}"
    cols = raw_columns(contract)
    return [
        f"DELETE FROM {table} WHERE _logical_date = {d.param}",
        (
            f"INSERT INTO {table} ({', '.join(warehouse_columns(contract))})"
            f" SELECT {', '.join(cols)}, {d.param}, {d.param} FROM {ident(load_table)}"
        ),
    ]


def dedup_order(d: Dialect, contract: TableContract) -> str:
    """Newest version first: generation date (parsed), then the later source row."""
    terms = []
    if contract.generation_date_column:
        terms.append(f"{d.generation_ts(contract.generation_date_column)} DESC NULLS LAST")
    terms.append("_source_row DESC")
    return ", ".join(terms)


def create_dedup_table(
    d: Dialect, contract: TableContract, load_table: str, name: str, *, has_duplicates: bool = True
) -> str:
    """One row per natural key of the partition, with the load's id and timestamp added
    (params: load_id, loaded_at). Without duplicates the window (and its date parsing) is skipped."""
    cols = ", ".join(raw_columns(contract))
    window = f"PARTITION BY {ident(contract.key)} ORDER BY {dedup_order(d, contract)}"
    return (
        f"CREATE OR REPLACE {d.temp_table} {ident(name)} AS SELECT {cols},"
        f" CAST({d.param} AS VARCHAR) AS _load_id, CAST({d.param} AS TIMESTAMP) AS _loaded_at"
        f" FROM {ident(load_table)}"
        + (f" QUALIFY ROW_NUMBER() OVER ({window}) = 1" if has_duplicates else "")
    )


def merge_counts(contract: TableContract, dedup_table: str) -> str:
    """(inserted, updated, stale) the MERGE is about to do: new keys, keys whose stored version is
    not newer, keys whose stored version is newer (a backfill running behind)."""
    key = ident(contract.key)
    return (
        "SELECT COUNT(CASE WHEN t." + key + " IS NULL THEN 1 END),"
        " COUNT(CASE WHEN t." + key + " IS NOT NULL AND s._logical_date >= t._logical_date THEN 1 END),"
        " COUNT(CASE WHEN t." + key + " IS NOT NULL AND s._logical_date < t._logical_date THEN 1 END)"
        f" FROM {ident(dedup_table)} s LEFT JOIN {STAGING}.{ident(contract.name)} t ON t.{key} = s.{key}"
    )


def merge_staging(contract: TableContract, dedup_table: str) -> str:
    """MERGE the deduplicated partition into STAGING on the key; never overwrite a newer date."""
    key = ident(contract.key)
    cols = warehouse_columns(contract)
    sets = ", ".join(f"{c} = s.{c}" for c in cols if c != key)
    return (
        f"MERGE INTO {STAGING}.{ident(contract.name)} AS t USING {ident(dedup_table)} AS s"
        f" ON t.{key} = s.{key}"
        f" WHEN MATCHED AND s._logical_date >= t._logical_date THEN UPDATE SET {sets}"
        f" WHEN NOT MATCHED THEN INSERT ({', '.join(cols)}) VALUES ({', '.join('s.' + c for c in cols)})"
    )


def max_staging_date(contract: TableContract) -> str:
    """Newest `_logical_date` in STAGING.<table> (static tables: don't swap in an older copy)."""
    return f"SELECT MAX(_logical_date) FROM {STAGING}.{ident(contract.name)}"


def fill_new_static(contract: TableContract, new_table: str, dedup_table: str) -> str:
    """Fill the replacement STAGING table from the deduplicated partition."""
    cols = ", ".join(warehouse_columns(contract))
    return f"INSERT INTO {STAGING}.{ident(new_table)} ({cols}) SELECT {cols} FROM {ident(dedup_table)}"


def count_loaded(d: Dialect, contract: TableContract, table: str | None = None) -> str:
    """STAGING rows written by a given load id (reconciles MERGE/swap output)."""
    return count(f"{STAGING}.{ident(table or contract.name)}", f"_load_id = {d.param}")


def swap_tables(schema: str, table: str, new_table: str) -> str:
    """Snowflake's atomic exchange of a table with its freshly built sibling."""
    return f"ALTER TABLE {ident(schema)}.{ident(table)} SWAP WITH {ident(schema)}.{ident(new_table)}"


def query_tag(tag_json: str) -> str:
    """Snowflake session query tag (JSON); single quotes escaped."""
    return "ALTER SESSION SET QUERY_TAG = '" + tag_json.replace("\\", "\\\\").replace("'", "\\'") + "'"
