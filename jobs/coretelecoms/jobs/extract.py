"""`coretelecoms extract <table> --date D`: one source table for one date → raw lake Parquet.

Sanitize first (headers, trimming, nulls), keep lineage, quarantine rows without a key,
publish atomically, then write a manifest with everything that varies between runs
(wall clock, run id, checksums) so the Parquet itself is byte-identical on every rerun.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from coretelecoms import contract
from coretelecoms.checksums import sha256_file, source_fingerprint
from coretelecoms.contract import SourceKind, TableContract
from coretelecoms.errors import DataError, UsageError
from coretelecoms.jobs.base import JobArgumentParser, iso_date, run_job, settings_or_exit, usage_failure
from coretelecoms.lake import Lake, manifest_key, open_lake, partition_key, quarantine_key
from coretelecoms.logs import get_logger
from coretelecoms.sanitize import SOURCE_ROW, map_headers, sanitize
from coretelecoms.settings import Settings, patched_environ
from coretelecoms.sources.base import SourceBatch
from coretelecoms.sources.files import CSV_READER_TUNING, SourceFiles, read_column_json, scan_csv
from coretelecoms.summary import JobSummary

log = get_logger(__name__)


def _file_key(table: TableContract, day: date) -> str:
    if table.name == "customers":
        return contract.CUSTOMERS_FILE
    if table.name == "call_logs":
        return contract.call_logs_file(day)
    if table.name == "social_media":
        return contract.social_media_file(day)
    raise UsageError(f"table {table.name} is not a file source")


@contextlib.contextmanager
def open_source(
    settings: Settings, table: TableContract, day: date
) -> Iterator[tuple[SourceBatch, Future[str] | None]]:
    """The table's source batch for the date, plus a running fingerprint of the source file if any."""
    if table.source is SourceKind.POSTGRES:
        from coretelecoms.sources.crm import read_web_forms

        yield read_web_forms(settings.crm, day), None
        return
    if table.source is SourceKind.SHEETS and settings.sheets.kind == "gspread":
        from coretelecoms.sources.sheets import read_gspread

        yield read_gspread(settings.sheets), None
        return
    if table.source is SourceKind.SHEETS:
        files = SourceFiles(str(Path(settings.sheets.csv_path).parent))
        key = Path(settings.sheets.csv_path).name
    else:
        client = None
        if settings.source_files.uri.startswith("s3://"):
            from coretelecoms.s3 import make_client

            client = make_client(settings.s3)
        files = SourceFiles(settings.source_files.uri, client)
        key = _file_key(table, day)
    with files.local_file(key) as path, ThreadPoolExecutor(max_workers=1) as pool:
        # Fingerprint the source while polars reads it: the hash releases the GIL on large buffers.
        checksum = pool.submit(source_fingerprint, path)
        read = read_column_json if key.endswith(".json") else scan_csv
        yield read(path, files.uri_of(key), key), checksum


def _parquet_rows(*paths: Path) -> list[tuple[int, int]]:
    """(rows, max `_source_row`) of each written Parquet file, read back in one parallel query."""
    stats = pl.collect_all(
        pl.scan_parquet(path).select(pl.len().alias("n"), pl.col(SOURCE_ROW).max().alias("max"))
        for path in paths
    )
    return [(int(s["n"][0]), int(s["max"][0] or 0)) for s in stats]


def _translate_polars_error(exc: Exception, batch: SourceBatch) -> DataError:
    """One line naming the source, and the line to fix when the reader can find it."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    where = batch.diagnose() if batch.diagnose else None
    if where:
        return DataError(f"{batch.source_uri}: malformed content at {where} ({text})")
    if "utf-8" in text.lower() or "utf8" in text.lower():
        return DataError(f"{batch.source_uri}: not valid UTF-8 ({text})")
    return DataError(f"{batch.source_uri}: malformed content ({text})")


def _source_changed(lake: Lake, m_key: str, fingerprint: str | None) -> bool | None:
    """Whether the source differs from the one the partition's previous extract read.

    A rerun of a past date normally reads the same bytes; a different file (a re-delivery, a
    fix upstream) is worth a warning, since the lake's history of that date changes with it.
    None when there is nothing to compare: a first extract, a CRM table, an older manifest.
    """
    if fingerprint is None:
        return None
    try:
        previous = json.loads(lake.get_bytes(m_key)).get("source_xxh3_128")
    except DataError:  # no previous manifest (one GET, not a HEAD and a GET on S3)
        return None
    except (ValueError, AttributeError):  # unreadable: it is about to be replaced
        return None
    if not isinstance(previous, str):
        return None
    if previous != fingerprint:
        log.warning(
            "source differs from the previous extract of this date",
            extra={"fields": {"previous_source_xxh3_128": previous, "source_xxh3_128": fingerprint}},
        )
    return previous != fingerprint


def extract(settings: Settings, table: TableContract, day: date, summary: JobSummary) -> dict[str, Any]:
    """Extract one table for one date into the lake; returns the manifest written."""
    lake = open_lake(settings)
    data_key, q_key, m_key = (
        partition_key(table.name, day),
        quarantine_key(table.name, day),
        manifest_key(table.name, day),
    )
    with open_source(settings, table, day) as (batch, checksum):
        mapping = map_headers(batch.headers, table, batch.source_uri)
        plan = sanitize(batch.frame, mapping, table, batch.source_file, day)
        if mapping.unknown:
            log.warning(
                "columns outside the contract kept",
                extra={"fields": {"unknown_columns": list(mapping.unknown)}},
            )
        with tempfile.TemporaryDirectory(prefix="extract-") as scratch:
            q_tmp = Path(scratch) / "quarantine.parquet"
            with lake.staging_path(data_key) as data_tmp:
                try:
                    with patched_environ(CSV_READER_TUNING):
                        plan.sink(data_tmp, q_tmp, settings.lake.compression_level)
                except (
                    pl.exceptions.ComputeError,
                    pl.exceptions.NoDataError,
                    pl.exceptions.ShapeError,
                ) as exc:
                    if "os error" in str(exc).lower():  # the disk failed (full, read-only), not the input
                        text = str(exc).splitlines()[0]
                        raise DataError(
                            f"{lake.uri_of(data_key)}: cannot write the lake file ({text})"
                        ) from None
                    raise _translate_polars_error(exc, batch) from None
                with ThreadPoolExecutor(max_workers=1) as pool:
                    # Hash the lake file while polars reads the counts back: both release the GIL.
                    data_sha_future = pool.submit(sha256_file, data_tmp)
                    (rows_out, max_clean), (rows_quarantined, max_quarantined) = _parquet_rows(
                        data_tmp, q_tmp
                    )
                    data_sha = data_sha_future.result()
                rows_in = max(max_clean, max_quarantined)
                if rows_in != rows_out + rows_quarantined:
                    raise DataError(
                        f"{batch.source_uri}: row accounting failed: {rows_in} in, {rows_out} kept, "
                        f"{rows_quarantined} quarantined"
                    )
                # Settled before anything is published: a failed read of the source fails the job
                # with the lake as it was.
                source_fingerprint_hex = checksum.result() if checksum else None
                source_changed = _source_changed(lake, m_key, source_fingerprint_hex)
                # A stale manifest must never describe new data: drop it before publishing.
                lake.delete(m_key)
            if rows_quarantined:
                with lake.staging_path(q_key) as staged:
                    shutil.move(q_tmp, staged)
            else:
                lake.delete(q_key)
    manifest: dict[str, Any] = {
        "table": table.name,
        "logical_date": day.isoformat(),
        "run_id": settings.run.run_id,
        "extracted_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "source_uri": batch.source_uri,
        "source_xxh3_128": source_fingerprint_hex,
        "rows_in": rows_in,
        "rows_out": rows_out,
        "rows_quarantined": rows_quarantined,
        "data_uri": lake.uri_of(data_key),
        "data_sha256": data_sha,
        "columns": mapping.output_columns + list(contract.LINEAGE_COLUMNS),
        "unknown_columns": list(mapping.unknown),
        "dropped_columns": list(mapping.dropped),
        "quarantine_uri": lake.uri_of(q_key) if rows_quarantined else None,
    }
    lake.put_bytes(m_key, json.dumps(manifest, indent=2, sort_keys=True).encode())
    summary.rows_in, summary.rows_out, summary.rows_quarantined = rows_in, rows_out, rows_quarantined
    summary.output_uri = manifest["data_uri"]
    summary.checksum = data_sha
    summary.details = {
        "source_uri": batch.source_uri,
        "unknown_columns": list(mapping.unknown),
        "dropped_columns": list(mapping.dropped),
        "quarantine_uri": manifest["quarantine_uri"],
        "source_changed": source_changed,
    }
    return manifest


def build_parser() -> JobArgumentParser:
    """The extract command's arguments (also used to check rendered Argo commands)."""
    parser = JobArgumentParser(prog="coretelecoms extract", description=__doc__)
    parser.add_argument("table", help=f"one of: {', '.join(contract.TABLES)}")
    parser.add_argument("--date", type=iso_date, required=True, help="logical date, YYYY-MM-DD")
    return parser


def main(argv: list[str]) -> int:
    """CLI entry: parse, load settings, run the extract under the job contract."""
    args = build_parser().parse_args(argv)
    try:
        table = contract.table(args.table)
    except UsageError as exc:
        return usage_failure("extract", exc)
    settings = settings_or_exit("extract")
    if isinstance(settings, int):
        return settings
    return run_job(
        stage="extract",
        table=table.name,
        day=args.date,
        settings=settings,
        body=lambda summary: extract(settings, table, args.date, summary),
    )
