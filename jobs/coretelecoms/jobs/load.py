"""`coretelecoms load --date D [--tables t1,t2] [--force]`: raw lake partitions → warehouse RAW and STAGING.

Idempotent: run it once, ten times, or kill it halfway and run it again — RAW holds each
date's rows exactly once and STAGING one current row per key. A partition whose data sha256
was already loaded successfully is skipped without reading it, unless `--force`.
"""

from __future__ import annotations

import time
import uuid
from datetime import date

from coretelecoms.checksums import sha256_file
from coretelecoms.contract import TABLES, TableContract, table
from coretelecoms.errors import DataError, PipelineError, UsageError
from coretelecoms.jobs.base import (
    JobArgumentParser,
    iso_date,
    os_error_message,
    run_job,
    settings_or_exit,
    usage_failure,
)
from coretelecoms.lake import Lake, manifest_key, open_lake, partition_key
from coretelecoms.logs import get_logger
from coretelecoms.settings import Settings
from coretelecoms.summary import JobSummary
from coretelecoms.warehouse import Manifest, Partition, TableLoad, Warehouse, open_warehouse
from coretelecoms.warehouse.schema import check_columns

STAGE = "load"
log = get_logger(__name__)


def parse_tables(text: str | None) -> list[TableContract]:
    """`--tables a,b` → contracts in the contract's order (static first); all tables when omitted."""
    if not text:
        return list(TABLES.values())
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise UsageError("--tables needs at least one table name")
    wanted = {table(n).name for n in names}
    return [c for name, c in TABLES.items() if name in wanted]


def read_manifest(lake: Lake, contract: TableContract, day: date) -> Manifest:
    """The partition's manifest; DataError naming the partition when it was never extracted, or
    when a static table's partition is empty (swapping it in would empty the table)."""
    key = manifest_key(contract.name, day)
    if not lake.exists(key):
        where = lake.uri_of(partition_key(contract.name, day))
        raise DataError(f"{contract.name} {day}: partition {where} not extracted (no manifest)")
    where = lake.uri_of(key)
    manifest = Manifest.parse(lake.get_bytes(key), where)
    if manifest.table != contract.name or manifest.logical_date != day:
        raise DataError(
            f"{where}: manifest describes {manifest.table} {manifest.logical_date}, not {contract.name} {day}"
        )
    if contract.static and manifest.rows_out == 0:
        # A static table is swapped in whole: an export whose every row was quarantined would
        # empty STAGING and turn every complaint into an unknown customer or agent.
        raise DataError(
            f"{where}: {contract.name} kept no rows (all quarantined?); refusing to replace "
            f"STAGING.{contract.name} with an empty table"
        )
    return manifest


def load_table(
    wh: Warehouse, lake: Lake, settings: Settings, *, contract: TableContract, manifest: Manifest, force: bool
) -> TableLoad:
    """Skip an already-loaded partition, else verify its file (sha, columns) and load it."""
    t0 = time.perf_counter()
    day = manifest.logical_date
    if not force and wh.last_loaded_sha(contract.name, day) == manifest.data_sha256:
        log.info("partition already loaded, skipping", extra={"fields": {"table": contract.name}})
        return TableLoad(
            table=contract.name, rows=manifest.rows_out, skipped=True, seconds=time.perf_counter() - t0
        )
    key = partition_key(contract.name, day)
    where = lake.uri_of(key)
    with lake.local_copy(key) as path:
        if sha256_file(path) != manifest.data_sha256:
            raise DataError(f"{where}: data file does not match its manifest's data_sha256 (re-extract it)")
        ignored = check_columns(path, contract, settings.warehouse.on_new_column, where)
        part = Partition(
            contract=contract,
            day=day,
            manifest=manifest,
            path=path,
            lake_key=key,
            lake_uri=where,
            ignored_columns=ignored,
        )
        load_id = uuid.uuid4().hex
        try:
            result = wh.load_partition(part, load_id, settings.run.run_id)
        except (PipelineError, OSError) as exc:  # bad data, a lost connection, a full disk
            message = exc.message if isinstance(exc, PipelineError) else os_error_message(exc)
            wh.record_failure(part, load_id, settings.run.run_id, message)
            raise
    log.info(
        "partition loaded",
        extra={"fields": {"table": contract.name, **result.as_detail()}},
    )
    return result


def run_load(
    settings: Settings, day: date, contracts: list[TableContract], force: bool, summary: JobSummary
) -> None:
    """Read every manifest first (fail before touching the warehouse), then load table by table."""
    lake = open_lake(settings)
    manifests = [(c, read_manifest(lake, c, day)) for c in contracts]
    tag = {
        "app": "coretelecoms",
        "stage": STAGE,
        "table": summary.table or "all",
        "date": day.isoformat(),
        "run_id": settings.run.run_id,
    }
    with open_warehouse(settings, tag=tag) as wh:
        wh.ensure_objects()
        for contract, manifest in manifests:
            result = load_table(wh, lake, settings, contract=contract, manifest=manifest, force=force)
            summary.details[contract.name] = result.as_detail()
            summary.rows_in += manifest.rows_out
            summary.rows_out += 0 if result.skipped else result.copied
    summary.output_uri = (
        f"duckdb://{settings.warehouse.duckdb_path}"
        if settings.warehouse.kind == "duckdb"
        else f"snowflake://{settings.warehouse.database}"
    )


def main(argv: list[str]) -> int:
    """Parse arguments, then load the date's partitions; exit 0/1/2/75 per the contract."""
    parser = JobArgumentParser(prog="coretelecoms load", description=__doc__)
    parser.add_argument("--date", required=True, type=iso_date, help="logical date YYYY-MM-DD")
    parser.add_argument("--tables", default=None, help=f"comma list (default: all of {','.join(TABLES)})")
    parser.add_argument(
        "--force", action="store_true", help="reload partitions already loaded with the same sha256"
    )
    args = parser.parse_args(argv)
    try:
        contracts = parse_tables(args.tables)
    except UsageError as exc:
        return usage_failure(STAGE, exc)
    settings = settings_or_exit(STAGE)
    if isinstance(settings, int):
        return settings
    label = ",".join(c.name for c in contracts) if args.tables else "all"
    return run_job(
        stage=STAGE,
        table=label,
        day=args.date,
        settings=settings,
        body=lambda summary: run_load(settings, args.date, contracts, args.force, summary),
    )


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(__import__("sys").argv[1:]))
