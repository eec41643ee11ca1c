"""Extract benchmark: this project's job vs the bare polars floor vs a plain pandas job.

call_logs at scale 10 and 100 (and web_forms at scale 100: connectorx vs pandas.read_sql,
on SQLite always and on Postgres when `CORETELECOMS_BENCH_POSTGRES_URL` is given). Each
command runs in its own process; peak RSS is that process's own.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from bench.measure import Measurement, measure, python_snippet, table

DAY = "2025-11-20"

FLOOR = """
import polars as pl, sys
pl.scan_csv(sys.argv[1], infer_schema=False).sink_parquet(sys.argv[2], compression="zstd")
"""

PANDAS_JOB = """
import re, sys, pandas as pd
src, out = sys.argv[1], sys.argv[2]
cols = ["call_id","customer_id","complaint_category","agent_id","call_start_time","call_end_time",
        "resolution_status","call_logs_generation_date"]
df = pd.read_csv(src, dtype=str, keep_default_na=False)
key = {re.sub("[^0-9a-z]", "", c.lower()): c for c in cols}
df = df.rename(columns={c: key[re.sub("[^0-9a-z]", "", c.lower())] for c in df.columns})[cols]
for c in cols:
    df[c] = df[c].str.strip().replace("", None)
df["_source_file"] = src
df["_source_row"] = range(1, len(df) + 1)
df["_logical_date"] = pd.Timestamp("2025-11-20").date()
df.to_parquet(out, compression="zstd", index=False)
"""

CX_READ = """
import sys, connectorx as cx
cx.read_sql(sys.argv[1], sys.argv[2], return_type="polars")
"""

PANDAS_READ = """
import sys, warnings, pandas as pd
warnings.simplefilter("ignore")  # pandas warns that a raw DBAPI connection is not SQLAlchemy
if sys.argv[1].startswith("sqlite"):
    import sqlite3
    con = sqlite3.connect(sys.argv[1][len("sqlite://"):])
else:
    import psycopg
    con = psycopg.connect(sys.argv[1])
pd.read_sql(sys.argv[2], con)
"""


def _generate(root: Path, scale: int, crm_uri: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CORETELECOMS_")}
    env.update(
        {
            "CORETELECOMS_SOURCE_FILES__URI": str(root / "bucket"),
            "CORETELECOMS_CRM__URI": crm_uri or f"sqlite://{root / 'crm.sqlite'}",
            "CORETELECOMS_SHEETS__CSV_PATH": str(root / "agents.csv"),
            "CORETELECOMS_LAKE__URI": str(root / "lake"),
            "CORETELECOMS_SECRETS_DIR": str(root / "no-secrets"),
            "CORETELECOMS_RUN__TERMINATION_LOG_PATH": str(root / "termination-log"),
        }
    )
    result = measure(
        f"generate scale {scale}",
        [
            sys.executable,
            "-m",
            "coretelecoms",
            "generate",
            "--start",
            DAY,
            "--days",
            "1",
            "--scale",
            str(scale),
        ],
        env,
    )
    assert result.exit_code == 0, "generator failed"
    return env


def _row(m: Measurement, floor: Measurement | None, pandas: Measurement | None) -> list[str]:
    cells = [m.label, f"{m.seconds:.2f}", f"{m.peak_rss_mb:.0f}"]
    cells.append(
        f"{m.seconds / floor.seconds:.2f}x / {m.peak_rss_mb / floor.peak_rss_mb:.2f}x" if floor else ""
    )
    cells.append(
        f"{pandas.seconds / m.seconds:.2f}x / {m.peak_rss_mb / pandas.peak_rss_mb:.2f}x" if pandas else ""
    )
    return cells


def bench_call_logs(root: Path, scale: int) -> list[list[str]]:
    """Rows for call_logs at one scale."""
    env = _generate(root, scale)
    src = str(root / "bucket" / "call logs" / f"call_logs_day_{DAY}.csv")
    ours = measure(
        f"call_logs s{scale}: coretelecoms extract",
        [sys.executable, "-m", "coretelecoms", "extract", "call_logs", "--date", DAY],
        env,
    )
    floor = measure(
        f"call_logs s{scale}: polars floor", [*python_snippet(FLOOR), src, str(root / "floor.parquet")]
    )
    pandas = measure(
        f"call_logs s{scale}: pandas job", [*python_snippet(PANDAS_JOB), src, str(root / "pd.parquet")]
    )
    return [_row(ours, floor, pandas), _row(floor, None, None), _row(pandas, None, None)]


def bench_web_forms(root: Path, scale: int, crm_uri: str, label: str) -> list[list[str]]:
    """Rows for web_forms read through connectorx vs pandas.read_sql on one database."""
    _generate(root, scale, crm_uri)
    if crm_uri.startswith("sqlite"):
        uri, query = (
            f"sqlite://{Path(crm_uri[len('sqlite://') :]).resolve()}",
            f"SELECT * FROM web_form_request_{DAY.replace('-', '_')}",
        )
    else:
        uri, query = crm_uri, f'SELECT * FROM customer_complaints."web_form_request_{DAY.replace("-", "_")}"'
    cx = measure(f"web_forms s{scale} {label}: connectorx", [*python_snippet(CX_READ), uri, query])
    pd_ = measure(f"web_forms s{scale} {label}: pandas.read_sql", [*python_snippet(PANDAS_READ), uri, query])
    return [_row(cx, None, pd_), _row(pd_, None, None)]


def main(argv: list[str] | None = None) -> int:
    """Run the extract benchmarks and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="10,100")
    parser.add_argument("--out", type=Path, default=Path("bench/results/extract.md"))
    args = parser.parse_args(argv)
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-extract-") as tmp:
        for scale in (int(s) for s in args.scales.split(",")):
            rows += bench_call_logs(Path(tmp) / f"calls{scale}", scale)
        rows += bench_web_forms(
            Path(tmp) / "web-sqlite", 100, f"sqlite://{Path(tmp) / 'web.sqlite'}", "SQLite"
        )
        pg = os.environ.get("CORETELECOMS_BENCH_POSTGRES_URL")
        if pg:
            rows += bench_web_forms(Path(tmp) / "web-pg", 100, pg, "Postgres")
    text = table(
        rows, ["run", "seconds", "peak RSS MB", "vs floor (time/RSS)", "pandas÷this time / this÷pandas RSS"]
    )
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
