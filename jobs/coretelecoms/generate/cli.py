"""`coretelecoms generate`: write the source contract for a range of days, deterministically."""

from __future__ import annotations

import time
from datetime import date, timedelta
from typing import TYPE_CHECKING

from coretelecoms import contract
from coretelecoms.errors import ExitCode, PipelineError
from coretelecoms.generate import tables
from coretelecoms.generate.model import Volumes
from coretelecoms.generate.writers import FileSink, column_json_bytes, csv_bytes, write_postgres, write_sqlite
from coretelecoms.jobs.base import JobArgumentParser, iso_date, settings_or_exit
from coretelecoms.settings import Settings

if TYPE_CHECKING:
    import polars as pl


def _parser() -> JobArgumentParser:
    parser = JobArgumentParser(
        prog="coretelecoms generate",
        description="Write deterministic synthetic CoreTelecoms sources (same arguments, same bytes).",
    )
    parser.add_argument("--start", type=iso_date, required=True, help="first day, YYYY-MM-DD")
    parser.add_argument("--days", type=int, default=3, help="number of days (default 3)")
    parser.add_argument("--scale", type=float, default=1.0, help="1 = a realistic day (~3,000 calls); linear")
    parser.add_argument("--seed", type=int, default=42, help="random seed")
    parser.add_argument("--files-uri", help="source bucket root (default: settings source_files.uri)")
    parser.add_argument("--crm-uri", help="sqlite:// or postgresql:// URI (default: settings crm.uri)")
    parser.add_argument("--agents-csv", help="agents sheet CSV path (default: settings sheets.csv_path)")
    return parser


def generate(
    settings: Settings,
    *,
    start: date,
    days: int,
    scale: float,
    seed: int,
    files_uri: str,
    crm_uri: str,
    agents_csv: str,
) -> dict[str, int]:
    """Write every source for `days` days from `start`; returns rows written per table."""
    volumes = Volumes.for_scale(scale)
    s3_client = None
    if files_uri.startswith("s3://"):
        from coretelecoms.s3 import make_client

        s3_client = make_client(settings.s3)
    sink = FileSink(files_uri, s3_client)
    end = start + timedelta(days=days - 1)
    counts = {name: 0 for name in contract.TABLES}
    customers = tables.customers(end, seed, volumes)
    sink.put(contract.CUSTOMERS_FILE, csv_bytes(customers))
    counts["customers"] = customers.height
    agents = tables.agents(seed, volumes)
    agents_sink = FileSink(str(_parent(agents_csv)), s3_client)
    agents_sink.put(_name(agents_csv), csv_bytes(agents))
    counts["agents"] = agents.height
    web: dict[str, pl.DataFrame] = {}
    for offset in range(days):
        day = start + timedelta(days=offset)
        calls = tables.call_logs(day, seed, volumes)
        sink.put(contract.call_logs_file(day), csv_bytes(calls))
        social = tables.social_media(day, seed, volumes)
        sink.put(contract.social_media_file(day), column_json_bytes(social))
        forms = tables.web_forms(day, seed, volumes)
        web[contract.web_form_table(day, settings.crm.table_prefix)] = forms
        counts["call_logs"] += calls.height
        counts["social_media"] += social.height
        counts["web_forms"] += forms.height
    if crm_uri.startswith("sqlite://"):
        write_sqlite(crm_uri, web)
    elif crm_uri.startswith(("postgresql://", "postgres://")):
        write_postgres(crm_uri, settings.crm.schema_name, web)
    else:
        raise PipelineError("--crm-uri must start with sqlite:// or postgresql://")
    return counts


def _parent(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else "."


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def main(argv: list[str]) -> int:
    """CLI entry: generate sources and print a per-table row count line."""
    args = _parser().parse_args(argv)
    if args.days < 1 or args.scale <= 0:
        print("coretelecoms generate: --days must be >= 1 and --scale > 0")
        return int(ExitCode.USAGE_ERROR)
    settings = settings_or_exit("generate")
    if isinstance(settings, int):
        return settings
    started = time.perf_counter()
    try:
        counts = generate(
            settings,
            start=args.start,
            days=args.days,
            scale=args.scale,
            seed=args.seed,
            files_uri=args.files_uri or settings.source_files.uri,
            crm_uri=args.crm_uri or settings.crm.uri.get_secret_value(),
            agents_csv=args.agents_csv or settings.sheets.csv_path,
        )
    except PipelineError as exc:
        print(f"coretelecoms generate: {exc.message}")
        return int(exc.exit_code)
    rows = ", ".join(f"{k}={v}" for k, v in counts.items())
    seconds = time.perf_counter() - started
    print(f"generated {args.days} day(s) from {args.start} at scale {args.scale:g} in {seconds:.1f}s: {rows}")
    return 0
