"""Benchmark `coretelecoms transform` (dbt build, start-up included) on the embedded DuckDB warehouse.

Scenarios:
  normal  — a 7-day history at scale 1 is generated, extracted, loaded and built; then the
            8th day is loaded and `transform --date D8` is timed (target: under 30 s).
  big     — one day at `--big-scale` (default 100 ≈ 300k calls) loaded and built from scratch.

Usage: python bench/dbt_bench.py [--work DIR] [--big-scale 100] [--skip-big]
Prints one JSON line with the figures (seconds) at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
START = date(2025, 11, 20)
DAILY = ("call_logs", "social_media", "web_forms")
STATIC = ("customers", "agents")


def env_for(root: Path) -> dict[str, str]:
    """Settings env pointing every stage under `root`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CORETELECOMS_")}
    env.update(
        CORETELECOMS_SECRETS_DIR=str(root / "secrets"),
        CORETELECOMS_SOURCE_FILES__URI=str(root / "sources" / "bucket"),
        CORETELECOMS_CRM__URI=f"sqlite://{root / 'sources' / 'crm.sqlite'}",
        CORETELECOMS_SHEETS__CSV_PATH=str(root / "sources" / "agents.csv"),
        CORETELECOMS_LAKE__URI=str(root / "lake"),
        CORETELECOMS_WAREHOUSE__DUCKDB_PATH=str(root / "warehouse" / "coretelecoms_dw.duckdb"),
        CORETELECOMS_RUN__STATE_DIR=str(root / "state"),
        CORETELECOMS_RUN__TERMINATION_LOG_PATH=str(root / "termination-log"),
        CORETELECOMS_RUN__LOG_FORMAT="text",
        CORETELECOMS_DBT__PROJECT_DIR=str(REPO / "dbt"),
        CORETELECOMS_DBT__PROFILES_DIR=str(REPO / "dbt"),
    )
    return env


def cli(env: dict[str, str], *args: str) -> float:
    """Run one `coretelecoms` command; its wall time in seconds (fails loudly on a non-zero exit)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "coretelecoms", *args], env=env, capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)} exited {proc.returncode}: {proc.stdout[-800:]} {proc.stderr[-800:]}")
    return time.perf_counter() - t0


def ingest(env: dict[str, str], day: date, tables: tuple[str, ...]) -> None:
    """Extract (in parallel) then load one day's tables."""
    with ThreadPoolExecutor(max_workers=len(tables)) as pool:
        list(pool.map(lambda t: cli(env, "extract", t, "--date", day.isoformat()), tables))
    cli(env, "load", "--date", day.isoformat(), "--tables", ",".join(tables))


def normal_day(root: Path) -> dict[str, float]:
    """7 days of history at scale 1, then time the transform of day 8."""
    env = env_for(root)
    (root / "secrets").mkdir(parents=True, exist_ok=True)
    cli(env, "generate", "--start", START.isoformat(), "--days", "8", "--scale", "1", "--seed", "7")
    days = [START + timedelta(days=i) for i in range(8)]
    for day in days[:7]:
        ingest(env, day, DAILY)
    ingest(env, days[6], STATIC)
    history = cli(env, "transform", "--start", days[0].isoformat(), "--end", days[6].isoformat())
    ingest(env, days[7], DAILY + STATIC)
    daily = cli(env, "transform", "--date", days[7].isoformat())
    return {"history_backfill_transform_s": round(history, 1), "normal_day_transform_s": round(daily, 1)}


def big_day(root: Path, scale: float) -> dict[str, float]:
    """One day at a large scale, built from an empty ANALYTICS."""
    env = env_for(root)
    (root / "secrets").mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    cli(env, "generate", "--start", START.isoformat(), "--days", "1", "--scale", str(scale), "--seed", "7")
    ingest(env, START, DAILY + STATIC)
    prep = time.perf_counter() - t0
    build = cli(env, "transform", "--date", START.isoformat())
    return {f"scale_{scale:g}_prepare_s": round(prep, 1), f"scale_{scale:g}_day_transform_s": round(build, 1)}


def main() -> None:
    """Run the scenarios and print the figures as one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, help="working directory (default: a temporary one)")
    parser.add_argument("--big-scale", type=float, default=100.0)
    parser.add_argument("--skip-big", action="store_true")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="dbt_bench_"))
    figures: dict[str, float] = {}
    figures.update(normal_day(work / "normal"))
    print(json.dumps(figures), file=sys.stderr, flush=True)
    if not args.skip_big:
        figures.update(big_day(work / "big", args.big_scale))
    print(json.dumps({"bench": "dbt", "target_normal_day_s": 30, **figures}))


if __name__ == "__main__":
    main()
