"""Whole-pipeline benchmark (`make bench`): one day end to end at scale 1, 10 and 100, and a
30-day backfill at scale 1 with `--parallel 2`, each through the local runner in its own process.

Writes `bench/results/pipeline.md` (tables, per-stage seconds, targets met or not) and
`bench/results/pipeline.svg` (time and peak memory against rows). Peak RSS is the largest single
process of the run's tree (the runner waits for every task, so wait4 reports their maximum).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.chart import svg_chart
from bench.measure import Measurement, compile_package_bytecode, machine_description, measure, table

REPO = Path(__file__).resolve().parents[1]
START = date(2025, 11, 20)
TARGETS = {  # seconds, MB (issue 9)
    "day s1": (60.0, None),
    "day s100": (300.0, 2048.0),
    "backfill 30d s1": (600.0, None),
}


def _env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CORETELECOMS_")}
    (root / "secrets").mkdir(parents=True, exist_ok=True)
    env.update(
        {
            "CORETELECOMS_SECRETS_DIR": str(root / "secrets"),
            "CORETELECOMS_SOURCE_FILES__URI": str(root / "sources/bucket"),
            "CORETELECOMS_CRM__URI": f"sqlite://{root / 'sources/crm.sqlite'}",
            "CORETELECOMS_SHEETS__CSV_PATH": str(root / "sources/agents.csv"),
            "CORETELECOMS_LAKE__URI": str(root / "lake"),
            "CORETELECOMS_WAREHOUSE__DUCKDB_PATH": str(root / "warehouse/coretelecoms_dw.duckdb"),
            "CORETELECOMS_RUN__STATE_DIR": str(root / "state"),
            "CORETELECOMS_RUN__TERMINATION_LOG_PATH": str(root / "termination-log"),
            "CORETELECOMS_DBT__PROJECT_DIR": str(REPO / "dbt"),
            "CORETELECOMS_DBT__PROFILES_DIR": str(REPO / "dbt"),
        }
    )
    return env


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "coretelecoms", *args]


def _stage_seconds(state_dir: Path) -> tuple[dict[str, float], int]:
    """Seconds per stage (summed over tasks) and rows extracted, from the run's task summaries."""
    stages: dict[str, float] = {}
    rows = 0
    for path in state_dir.rglob("*.json"):
        try:
            doc = json.loads(path.read_text())
        except (OSError, json.JSONDecodeError):
            continue
        if not isinstance(doc, dict) or "stage" not in doc or "seconds" not in doc:
            continue
        stages[doc["stage"]] = stages.get(doc["stage"], 0.0) + float(doc["seconds"])
        if doc["stage"] == "extract":
            rows += int(doc.get("rows_in") or 0)
    return stages, rows


def run_case(label: str, root: Path, scale: float, days: int, parallel: int = 2) -> dict[str, Any]:
    """Generate sources, then one measured local run (day) or backfill (range)."""
    env = _env(root)
    gen = measure(f"{label}: generate", _cli("generate", "--start", START.isoformat(), "--days", str(days),
                                             "--scale", str(scale)), env)  # fmt: skip
    assert gen.exit_code == 0, f"{label}: generate failed"
    end = START + timedelta(days=days - 1)
    if days == 1:
        argv = _cli("run", "--date", START.isoformat(), "--parallel", str(parallel), "--no-notify")
    else:
        argv = _cli("backfill", "--start", START.isoformat(), "--end", end.isoformat(),
                    "--parallel", str(parallel), "--no-notify")  # fmt: skip
    result = measure(label, argv, env)
    stages, rows = _stage_seconds(root / "state")
    return {"label": label, "scale": scale, "days": days, "run": result, "stages": stages, "rows": rows}


def _verdict(label: str, m: Measurement) -> str:
    seconds, memory = TARGETS.get(label, (None, None))
    checks = []
    if seconds is not None:
        checks.append(f"time < {seconds:.0f} s: {'met' if m.seconds < seconds else 'MISSED'}")
    if memory is not None:
        checks.append(f"RSS < {memory:.0f} MB: {'met' if m.peak_rss_mb < memory else 'MISSED'}")
    return "; ".join(checks)


def main(argv: list[str] | None = None) -> int:
    """Run the cases and write the Markdown table and the chart."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--backfill-days", type=int, default=30)
    parser.add_argument("--out", type=Path, default=REPO / "bench/results")
    args = parser.parse_args(argv)
    if not compile_package_bytecode():
        raise SystemExit("bench: could not compile the package's bytecode (read-only checkout?)")
    cases: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as tmp:
        for scale in (float(s) for s in args.scales.split(",")):
            cases.append(run_case(f"day s{scale:g}", Path(tmp) / f"s{scale:g}", scale, 1))
            print(f"done: day s{scale:g} {cases[-1]['run'].seconds:.1f}s", file=sys.stderr)
        if args.backfill_days > 1:
            cases.append(
                run_case(f"backfill {args.backfill_days}d s1", Path(tmp) / "backfill", 1, args.backfill_days)
            )
    rows = []
    for case in cases:
        m: Measurement = case["run"]
        stages = case["stages"]
        rows.append([
            case["label"], f"{case['rows']:,}", "ok" if m.exit_code == 0 else f"exit {m.exit_code}",
            f"{m.seconds:.1f}", f"{m.peak_rss_mb:.0f}",
            *(f"{stages.get(s, 0.0):.1f}" for s in ("extract", "load", "transform")),
            _verdict(case["label"], m),
        ])  # fmt: skip
    text = "\n".join(
        [
            "# Pipeline benchmark",
            "",
            f"Machine: {machine_description()}.",
            "",
            "Each case runs the local runner (`--parallel 2`) in its own process; stage columns sum",
            "the seconds of that stage's tasks (they overlap when run in parallel).",
            "",
            table(
                rows,
                [
                    "case",
                    "source rows",
                    "result",
                    "wall s",
                    "peak RSS MB",
                    "extract s",
                    "load s",
                    "transform s",
                    "targets",
                ],
            ),
            "",
            "![time and memory against rows](pipeline.svg)",
            "",
        ]
    )
    days = [c for c in cases if c["days"] == 1]
    chart = svg_chart(
        [("one day, wall seconds", [(c["rows"], c["run"].seconds) for c in days])],
        [("one day, peak RSS MB", [(c["rows"], c["run"].peak_rss_mb) for c in days])],
    )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "pipeline.md").write_text(text)
    (args.out / "pipeline.svg").write_text(chart)
    print(text)
    return 0 if all(c["run"].exit_code == 0 for c in cases) else 1


if __name__ == "__main__":
    raise SystemExit(main())
