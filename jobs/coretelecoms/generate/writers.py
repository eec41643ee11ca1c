"""Write generated tables where the sources live: a bucket layout, SQLite or Postgres, a CSV sheet."""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import polars as pl

from coretelecoms.errors import UsageError


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """CSV as pandas exports it: header row, quoting only where needed, LF line ends."""
    return frame.write_csv().encode("utf-8")


def column_json_bytes(frame: pl.DataFrame, index_column: bool = True) -> bytes:
    """Column-oriented dict of dicts (`{"col": {"0": v}}`), as `pandas.DataFrame.to_json()` writes.

    With `index_column`, a leaked `__index_level_0__` column is included, as real dumps have.
    """
    index = [str(i) for i in range(frame.height)]
    payload: dict[str, dict[str, Any]] = {}
    if index_column:
        payload["__index_level_0__"] = dict(zip(index, range(frame.height), strict=True))
    for name in frame.columns:
        payload[name] = dict(zip(index, frame.get_column(name).to_list(), strict=True))
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class FileSink:
    """The source bucket: a local directory or `s3://bucket/prefix`."""

    def __init__(self, uri: str, s3_client: Any | None = None) -> None:
        self.uri = uri.rstrip("/")
        self.s3_client = s3_client

    def put(self, key: str, data: bytes) -> None:
        """Write one object atomically (temp + rename locally, one PUT on S3)."""
        if self.uri.startswith("s3://"):
            from coretelecoms.s3 import split_s3_uri

            bucket, prefix = split_s3_uri(self.uri)
            assert self.s3_client is not None, "an S3 sink needs a client"
            self.s3_client.put_object(Bucket=bucket, Key=f"{prefix}/{key}" if prefix else key, Body=data)
            return
        path = Path(self.uri) / key
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)


def sqlite_path(uri: str) -> Path:
    """Filesystem path of a connectorx-style SQLite URI (`sqlite:///abs` or `sqlite://rel`)."""
    if not uri.startswith("sqlite://"):
        raise UsageError(f"not a sqlite:// URI: {uri.rsplit('@', 1)[-1]}")
    return Path(uri[len("sqlite://") :])


def write_sqlite(uri: str, tables: dict[str, pl.DataFrame]) -> None:
    """Replace the SQLite CRM file with exactly these daily tables (all TEXT, like the source).

    Built in a temp file and renamed over the old one, so the same arguments give the
    same bytes and a reader never sees a half-written CRM.
    """
    path = sqlite_path(uri)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=".crm-", suffix=".sqlite")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp)
        try:
            for name, frame in tables.items():
                cols = ", ".join(f'"{c}" TEXT' for c in frame.columns)
                conn.execute(f'CREATE TABLE "{name}" ({cols})')
                marks = ", ".join("?" for _ in frame.columns)
                conn.executemany(f'INSERT INTO "{name}" VALUES ({marks})', frame.iter_rows())
            conn.commit()
        finally:
            conn.close()
        tmp.chmod(0o644)  # mkstemp creates 0600; the CRM file is read by other users' containers
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_postgres(uri: str, schema: str, tables: dict[str, pl.DataFrame]) -> None:
    """Create (or replace) the daily tables in a Postgres schema with COPY, as the CRM holds them."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(uri) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        for name, frame in tables.items():
            ident = sql.Identifier(schema, name)
            conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(ident))
            cols = sql.SQL(", ").join(sql.SQL("{} TEXT").format(sql.Identifier(c)) for c in frame.columns)
            conn.execute(sql.SQL("CREATE TABLE {} ({})").format(ident, cols))
            names = sql.SQL(", ").join(sql.Identifier(c) for c in frame.columns)
            with conn.cursor().copy(sql.SQL("COPY {} ({}) FROM STDIN").format(ident, names)) as copy:
                for row in frame.iter_rows():
                    copy.write_row(row)
        conn.commit()
