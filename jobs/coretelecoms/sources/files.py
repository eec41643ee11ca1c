"""Daily CSV and JSON files (and the customers CSV) from a local directory or an S3 bucket."""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from coretelecoms.errors import DataError, UsageError
from coretelecoms.sanitize import SOURCE_ROW, positional_name
from coretelecoms.sources.base import SourceBatch

# Environment for polars while it reads a local CSV: it reads in chunks of this size. Its
# default prefetches most of the file, so peak RSS grew with the day's size; 1 MiB keeps it
# flat at no cost in time (`make bench`: 2 MiB peaked ~17 MB higher at 300k and 3M rows,
# 512 KiB was no lower).
CSV_READER_TUNING = {"POLARS_CSV_CHUNK_SIZE": str(1024 * 1024)}


class SourceFiles:
    """The source bucket, local or `s3://`: gives a local path for a key (downloading if needed)."""

    def __init__(self, uri: str, s3_client: Any | None = None) -> None:
        self.uri = uri.rstrip("/")
        self.s3_client = s3_client

    def uri_of(self, key: str) -> str:
        """Full location of a key, for messages and manifests."""
        return f"{self.uri}/{key}"

    @contextlib.contextmanager
    def local_file(self, key: str) -> Iterator[Path]:
        """A local path with the key's bytes; DataError naming the path when it is missing."""
        if not self.uri.startswith("s3://"):
            path = Path(self.uri) / key
            if not path.is_file():
                raise DataError(f"{path}: source file not found (expected the day's export there)")
            yield path
            return
        from coretelecoms.s3 import split_s3_uri, translate_error

        if self.s3_client is None:
            raise UsageError(f"{self.uri}: reading an s3:// source needs an S3 client")
        bucket, prefix = split_s3_uri(self.uri)
        with tempfile.TemporaryDirectory(prefix="source-") as scratch:
            path = Path(scratch) / Path(key).name
            try:
                self.s3_client.download_file(bucket, f"{prefix}/{key}" if prefix else key, str(path))
            except Exception as exc:
                raise translate_error(exc, self.uri_of(key)) from exc
            yield path


def read_csv_header(path: Path, source: str) -> list[str]:
    """The header row exactly as sent (BOM stripped); DataError for empty or undecodable files."""
    with path.open("rb") as handle:
        first = handle.readline()
        # Blank lines before the first row are not "no data": polars reads them as keyless rows (quarantined).
        has_data = any(line.strip() for line in handle)
    if not first.strip():
        raise DataError(f"{source}: empty file (expected a CSV header and rows)")
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"{source}: header is not valid UTF-8 (byte {exc.start})") from None
    try:
        headers = next(csv.reader(io.StringIO(text)))
    except csv.Error as exc:  # e.g. old-Mac `\r` line endings: the whole file reads as one line
        raise DataError(
            f"{source}: malformed header line ({exc}; expected `\\n` or `\\r\\n` line endings)"
        ) from None
    if not has_data:
        raise DataError(f"{source}: has a header but no data rows")
    return headers


def scan_csv(path: Path, source_uri: str, source_file: str) -> SourceBatch:
    """Lazily scan a CSV as all-string columns with a scan-level 1-based row index."""
    headers = read_csv_header(path, source_uri)
    frame = pl.scan_csv(
        path,
        has_header=True,
        new_columns=[positional_name(i) for i in range(len(headers))],
        infer_schema=False,
        empty_string_is_null=False,
        row_index_name=SOURCE_ROW,
        row_index_offset=1,
        encoding="utf8",
        raise_if_empty=True,
    )
    return SourceBatch(
        source_uri,
        headers,
        frame,
        source_file,
        diagnose=functools.partial(first_csv_problem, path, len(headers)),
    )


def first_csv_problem(path: Path, width: int) -> str | None:
    """Where a CSV the fast reader rejected first goes wrong, as `line N: what`, or None.

    Polars reports a malformed CSV without a line number; this slow, strict re-read runs only
    after such a failure so that the error names the line to fix. `width` is the header's
    field count; line numbers are physical lines, 1 being the header.
    """
    with path.open("rb") as raw:
        for line, data in enumerate(raw, start=1):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                return f"line {line}: not valid UTF-8 (byte {exc.start} of the line)"
    with path.open(encoding="utf-8-sig", newline="") as text:
        reader = csv.reader(text, strict=True)
        while True:
            starts_at = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                return None
            except csv.Error as exc:
                return f"line {starts_at}: {exc} (a quoted field is not closed?)"
            if row and len(row) > width:
                return f"line {starts_at}: {len(row)} fields, the header has {width}"


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _unique_keys(source_uri: str) -> Any:
    """A json `object_pairs_hook` failing on a repeated key (json keeps the last one silently)."""

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise DataError(f"{source_uri}: duplicate JSON key {key!r} (one of them would be lost)")
            result[key] = value
        return result

    return hook


def read_column_json(path: Path, source_uri: str, source_file: str) -> SourceBatch:
    """Flatten a column-oriented dict of dicts (`{"col": {"0": v}}`) into string columns.

    The whole document must be parsed (JSON is not streamable as a table), so memory
    grows with the file; every other source streams.
    """
    raw = path.read_bytes()
    if not raw.strip():
        raise DataError(f"{source_uri}: empty file (expected column-oriented JSON)")
    try:
        doc = json.loads(raw, object_pairs_hook=_unique_keys(source_uri))
    except UnicodeDecodeError as exc:
        raise DataError(f"{source_uri}: not valid UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{source_uri}: malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    if isinstance(doc, list):
        raise DataError(
            f"{source_uri}: JSON is row-oriented (a list); expected column-oriented "
            '{"column": {"0": value, ...}}'
        )
    if not isinstance(doc, dict) or not doc or not all(isinstance(v, dict) for v in doc.values()):
        raise DataError(f'{source_uri}: expected column-oriented JSON {{"column": {{"0": value}}}}')
    headers = list(doc)
    index_keys: set[str] = set()
    for column in doc.values():
        index_keys.update(column)
    try:
        order = sorted(index_keys, key=int)
    except ValueError:
        raise DataError(f'{source_uri}: row keys must be integers like "0", "1"') from None
    if not order:
        raise DataError(f"{source_uri}: has columns but no rows")
    for header, column in doc.items():
        # pandas writes every row key in every column (null for NaN): a gap means a damaged file.
        if len(column) != len(order):
            raise DataError(
                f"{source_uri}: column {header!r} has {len(column)} rows, the file has {len(order)} "
                "(mismatched column lengths)"
            )
    data = {
        positional_name(i): pl.Series([_cell(doc[h].get(k)) for k in order], dtype=pl.String)
        for i, h in enumerate(headers)
    }
    data[SOURCE_ROW] = pl.Series(range(1, len(order) + 1), dtype=pl.Int64)
    return SourceBatch(source_uri, headers, pl.DataFrame(data).lazy(), source_file)
