"""Load benchmark: a scale-100 day into DuckDB, then the same day again (skipped).

    python -m bench.load_bench [--scale 100] [--workdir DIR] [--keep]

Generates one day with `coretelecoms generate`, extracts the five tables, then runs
`coretelecoms load` twice, each in its own process, and prints wall time, rows/s and peak
RSS (from wait4's rusage of that one child). Targets on a 2-core machine: first load < 10 s,
skipped rerun < 1 s. Exit 1 when a run fails or, with --strict, when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

DAY = "2025-11-20"
TABLES = ("customers", "agents", "call_logs", "social_media", "web_forms")
TARGETS = {"first_load": 10.0, "skipped_rerun": 1.0}


def bench_env(work: Path) -> dict[str, str]:
    """Settings for a self-contained workdir (sources, lake, warehouse), text logs."""
    (work / "secrets").mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "CORETELECOMS_SECRETS_DIR": str(work / "secrets"),
        "CORETELECOMS_SOURCE_FILES__URI": str(work / "sources" / "bucket"),
        "CORETELECOMS_CRM__URI": f"sqlite://{work / 'sources' / 'crm.sqlite'}",
        "CORETELECOMS_SHEETS__CSV_PATH": str(work / "sources" / "agents.csv"),
        "CORETELECOMS_LAKE__URI": str(work / "lake"),
        "CORETELECOMS_WAREHOUSE__DUCKDB_PATH": str(work / "warehouse" / "coretelecoms_dw.duckdb"),
        "CORETELECOMS_RUN__TERMINATION_LOG_PATH": str(work / "termination-log"),
        "CORETELECOMS_RUN__LOG_FORMAT": "text",
        "CORETELECOMS_RUN__RUN_ID": "bench",
    }


def timed(cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run one command in its own process: wall seconds, peak RSS (MiB) and its JSON summary."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    summary: dict[str, Any] = {}
    for line in reversed(out.strip().splitlines()):
        if line.startswith("{"):
            summary = json.loads(line)
            break
    return {
        "code": proc.returncode,
        "seconds": seconds,
        "rss_mib": usage.ru_maxrss / 1024,
        "summary": summary,
    }


def main(argv: list[str] | None = None) -> int:
    """Prepare the scale-N day, load it, reload it, print the figures."""
    parser = argparse.ArgumentParser(prog="bench.load_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--workdir", type=Path, default=None, help="reuse a directory (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="load-bench-"))
    env = bench_env(work)
    cli = [sys.executable, "-m", "coretelecoms"]
    try:
        if not (work / "lake" / "web_forms").exists():
            prep = [[*cli, "generate", "--start", DAY, "--days", "1", "--scale", str(args.scale)]]
            prep += [[*cli, "extract", t, "--date", DAY] for t in TABLES]
            for cmd in prep:
                if subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=False).returncode:
                    print(f"preparation failed: {' '.join(cmd[2:])}", file=sys.stderr)
                    return 1
        shutil.rmtree(work / "warehouse", ignore_errors=True)
        runs = {
            "first_load": timed([*cli, "load", "--date", DAY], env),
            "skipped_rerun": timed([*cli, "load", "--date", DAY], env),
        }
    finally:
        if args.workdir is None and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    missed = False
    print(f"load benchmark: scale {args.scale}, one day ({DAY}), DuckDB, {os.cpu_count()} CPUs")
    for name, run in runs.items():
        rows = int(run["summary"].get("rows_in", 0))
        ok = run["code"] == 0 and run["seconds"] < TARGETS[name]
        missed |= not ok
        print(
            f"  {name:14} exit {run['code']}  {run['seconds']:6.2f} s  {rows / run['seconds']:>11,.0f} rows/s"
            f"  peak RSS {run['rss_mib']:7.1f} MiB  target < {TARGETS[name]:g} s: {'ok' if ok else 'MISSED'}"
        )
    if any(r["code"] for r in runs.values()):
        return 1
    return 1 if (missed and args.strict) else 0


if __name__ == "__main__":
    raise SystemExit(main())
