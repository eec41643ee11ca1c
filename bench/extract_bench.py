"""Extract benchmark: this project's job vs the bare polars floor vs a plain pandas job.

call_logs at scale 10 and 100: the extract job, the floor (`scan_csv(...).sink_parquet(...)`
with no sanitising) and a pandas job with the same semantics. web_forms at scale 100:
connectorx (whole table, and the Arrow stream the extract reads) against `pandas.read_sql`
through its documented connectables (SQLAlchemy for Postgres, sqlite3 for SQLite), on
SQLite always and on Postgres when `CORETELECOMS_BENCH_POSTGRES_URL` is given. Every
command runs in its own process (peak RSS is its own), `--repeat` times interleaved; the
table shows medians. Two startup rows show the fixed cost of the imports alone, and the
call_logs rows also compare the work net of those startups. Per call_logs scale, one row
adds to the floor only the import of pydantic-settings (the settings library the job must
use), and two more run the extract's sanitize plan alone (kept rows only; kept +
quarantine): together they show where the job's distance from the floor goes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.measure import (
    Measurement,
    compile_package_bytecode,
    machine_description,
    measure,
    measure_interleaved,
    python_snippet,
    table,
)
from coretelecoms.settings import LakeSettings
from coretelecoms.sources.crm import SEQSCAN_IN_PHYSICAL_ORDER, STREAM_BATCH_ROWS

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

# The floor plus the import of pydantic-settings, which ../shared/DESIGN.md requires for the
# settings model, imported the way a job process imports (collector paused, plugins skipped):
# the least time and memory any job with that settings model can take, before it does anything.
FLOOR_WITH_SETTINGS_LIBRARY = """
import sys
from coretelecoms.cli import import_for_one_shot_process
pl = import_for_one_shot_process("polars")
import_for_one_shot_process("pydantic_settings")
pl.scan_csv(sys.argv[1], infer_schema=False).sink_parquet(sys.argv[2], compression="zstd")
"""

# The extract's own polars work with nothing else: its sanitize plan on the same file, without
# the settings model, checksums, manifest or logging. `kept` writes only the kept rows; `both`
# also writes the quarantine, as the job does. Splits the job's distance from the floor.
SANITIZE_ONLY = """
import os, sys
from datetime import date
from pathlib import Path
from coretelecoms import contract
from coretelecoms.sanitize import map_headers, sanitize
from coretelecoms.sources.files import CSV_READER_TUNING, scan_csv
os.environ.update(CSV_READER_TUNING)
src, out, mode, day, level = Path(sys.argv[1]), Path(sys.argv[2]), *sys.argv[3:]
table = contract.table("call_logs")
batch = scan_csv(src, str(src), str(src))
mapping = map_headers(batch.headers, table, str(src))
plan = sanitize(batch.frame, mapping, table, str(src), date.fromisoformat(day))
if mode == "kept":
    plan.clean.sink_parquet(out / "kept.parquet", compression="zstd", compression_level=int(level))
else:
    plan.sink(out / "kept.parquet", out / "quarantine.parquet", int(level))
"""

# What `coretelecoms extract` imports before it reads a byte, the way its process imports it.
JOB_IMPORTS = """
from coretelecoms.cli import import_for_one_shot_process
import_for_one_shot_process("coretelecoms.jobs.extract")
"""

CX_READ = """
import sys, connectorx as cx
cx.read_sql(sys.argv[1], sys.argv[2], return_type="polars")
"""

# The extract's own CRM reader (coretelecoms.sources.arrow_stream): connectorx batches handed
# to polars without pyarrow, with crm.py's batch size and Postgres session settings passed as
# arguments. The snippet imports no settings module, so the row compares the read alone.
CX_STREAM = """
import sys
from coretelecoms.sources.arrow_stream import open_stream
uri, query, batch_rows, *session = sys.argv[1:]
pre = None if uri.startswith("sqlite") else session
rows = sum(f.height for f in open_stream(uri, query, int(batch_rows), pre).batches)
"""

PANDAS_READ = """
import sys, pandas as pd
if sys.argv[1].startswith("sqlite"):
    import sqlite3
    con = sqlite3.connect(sys.argv[1][len("sqlite://"):])
else:  # pandas documents SQLAlchemy connectables for every database but SQLite
    import sqlalchemy
    con = sqlalchemy.create_engine(sys.argv[1].replace("postgresql://", "postgresql+psycopg://", 1))
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


@dataclass(frozen=True)
class Startup:
    """Median fixed costs: the floor's interpreter + polars, and the job's interpreter + imports."""

    floor: Measurement
    job: Measurement


def _row(
    m: Measurement,
    floor: Measurement | None = None,
    pandas: Measurement | None = None,
    startup: Startup | None = None,
) -> list[str]:
    cells = [m.label, f"{m.seconds:.2f}", f"{m.peak_rss_mb:.0f}"]
    cells.append(
        f"{m.seconds / floor.seconds:.2f}x / {m.peak_rss_mb / floor.peak_rss_mb:.2f}x" if floor else ""
    )
    # The same ratio without each process's fixed startup: what the data work itself costs.
    if floor and startup and floor.seconds > startup.floor.seconds:
        net = (m.seconds - startup.job.seconds) / (floor.seconds - startup.floor.seconds)
        cells.append(f"{net:.2f}x")
    else:
        cells.append("")
    cells.append(
        f"{pandas.seconds / m.seconds:.2f}x / {m.peak_rss_mb / pandas.peak_rss_mb:.2f}x" if pandas else ""
    )
    return cells


def _startup_commands() -> list[tuple[str, list[str], dict[str, str] | None]]:
    return [
        ("startup: python + import polars (the floor's)", [*python_snippet("import polars")], None),
        ("startup: python + the extract job's imports", [*python_snippet(JOB_IMPORTS)], None),
    ]


def bench_startup(repeat: int) -> list[list[str]]:
    """The fixed cost every run pays before touching data: interpreter and imports."""
    polars_only, job_imports = measure_interleaved(_startup_commands(), repeat)
    return [_row(polars_only), _row(job_imports, polars_only)]


def bench_call_logs(root: Path, scale: int, repeat: int) -> list[list[str]]:
    """Rows for call_logs at one scale; the startups are measured again in the same rounds so
    that the work-only ratio compares like with like."""
    env = _generate(root, scale)
    src = str(root / "bucket" / "call logs" / f"call_logs_day_{DAY}.csv")
    level = str(LakeSettings().compression_level)
    ours, floor, pandas, floor_settings, kept_only, both_sinks, *startups = measure_interleaved(
        [
            (
                f"call_logs s{scale}: coretelecoms extract",
                [sys.executable, "-m", "coretelecoms", "extract", "call_logs", "--date", DAY],
                env,
            ),
            (
                f"call_logs s{scale}: polars floor",
                [*python_snippet(FLOOR), src, str(root / "f.parquet")],
                None,
            ),
            (
                f"call_logs s{scale}: pandas job",
                [*python_snippet(PANDAS_JOB), src, str(root / "p.parquet")],
                None,
            ),
            (
                f"call_logs s{scale}: polars floor + importing pydantic-settings (the least a job can take)",
                [*python_snippet(FLOOR_WITH_SETTINGS_LIBRARY), src, str(root / "fs.parquet")],
                None,
            ),
            (
                f"call_logs s{scale}: its sanitize plan alone, kept rows only",
                [*python_snippet(SANITIZE_ONLY), src, str(root), "kept", DAY, level],
                None,
            ),
            (
                f"call_logs s{scale}: its sanitize plan alone, kept + quarantine sinks",
                [*python_snippet(SANITIZE_ONLY), src, str(root), "both", DAY, level],
                None,
            ),
            *_startup_commands(),
        ],
        repeat,
    )
    floor_startup, job_startup = startups
    # The plan-only snippets start like the floor (python + polars, no settings model).
    plan_startup = Startup(floor_startup, floor_startup)
    return [
        _row(ours, floor, pandas, Startup(floor_startup, job_startup)),
        _row(floor_settings, floor),
        _row(kept_only, floor, startup=plan_startup),
        _row(both_sinks, floor, startup=plan_startup),
        _row(floor),
        _row(pandas),
    ]


def bench_web_forms(root: Path, scale: int, crm_uri: str, label: str, repeat: int) -> list[list[str]]:
    """Rows for web_forms read through connectorx vs pandas.read_sql on one database, plus the job."""
    env = _generate(root, scale, crm_uri)
    table_name = f"web_form_request_{DAY.replace('-', '_')}"
    if crm_uri.startswith("sqlite"):
        uri = f"sqlite://{Path(crm_uri[len('sqlite://') :]).resolve()}"
        query = f'SELECT * FROM "{table_name}" ORDER BY rowid'
    else:
        uri, query = crm_uri, f'SELECT * FROM customer_complaints."{table_name}"'
    whole, stream, pandas, job = measure_interleaved(
        [
            (
                f"web_forms s{scale} {label}: connectorx → polars",
                [*python_snippet(CX_READ), uri, query],
                None,
            ),
            (
                f"web_forms s{scale} {label}: connectorx stream (the extract's reader)",
                [*python_snippet(CX_STREAM), uri, query, str(STREAM_BATCH_ROWS), *SEQSCAN_IN_PHYSICAL_ORDER],
                None,
            ),
            (
                f"web_forms s{scale} {label}: pandas.read_sql",
                [*python_snippet(PANDAS_READ), uri, query],
                None,
            ),
            (
                f"web_forms s{scale} {label}: coretelecoms extract (read + sanitize + write)",
                [sys.executable, "-m", "coretelecoms", "extract", "web_forms", "--date", DAY],
                env,
            ),
        ],
        repeat,
    )
    return [
        _row(whole, pandas=pandas),
        _row(stream, pandas=pandas),
        _row(pandas),
        _row(job, pandas=pandas),
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the extract benchmarks and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="10,100", help="call_logs scales")
    parser.add_argument("--web-scales", default="100", help="web_forms scales (667 is about 1M rows)")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs per command (medians)")
    parser.add_argument("--out", type=Path, default=Path("bench/results/extract.md"))
    args = parser.parse_args(argv)
    if not compile_package_bytecode():
        raise SystemExit("bench: could not compile the package's bytecode (read-only checkout?)")
    rows = bench_startup(args.repeat)
    pg = os.environ.get("CORETELECOMS_BENCH_POSTGRES_URL")
    with tempfile.TemporaryDirectory(prefix="bench-extract-") as tmp:
        for scale in (int(s) for s in args.scales.split(",") if s):
            rows += bench_call_logs(Path(tmp) / f"calls{scale}", scale, args.repeat)
        for scale in (int(s) for s in args.web_scales.split(",") if s):
            sqlite = f"sqlite://{Path(tmp) / f'web{scale}.sqlite'}"
            rows += bench_web_forms(Path(tmp) / f"web-sqlite{scale}", scale, sqlite, "SQLite", args.repeat)
            if pg:
                rows += bench_web_forms(Path(tmp) / f"web-pg{scale}", scale, pg, "Postgres", args.repeat)
    text = table(
        rows,
        [
            "run (median)",
            "seconds",
            "peak RSS MB",
            "vs floor (time/RSS)",
            "work vs floor's work (time net of startup)",
            "pandas÷this time / this÷pandas RSS",
        ],
    )
    text = f"Machine: {machine_description()}. Medians of {args.repeat} interleaved runs.\n\n{text}"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
