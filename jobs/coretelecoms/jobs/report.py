"""`coretelecoms report [--out PATH]`: one self-contained HTML file of the insight models.

Reads ANALYTICS.ins_* from the configured warehouse (DuckDB read-only, or Snowflake) and
writes charts with plotly.js inlined, so the file opens offline.
"""

from __future__ import annotations

from pathlib import Path

from coretelecoms.jobs.base import JobArgumentParser, run_job, settings_or_exit
from coretelecoms.summary import JobSummary

STAGE = "report"
DEFAULT_OUT = ".data/report/coretelecoms_report.html"


def main(argv: list[str]) -> int:
    """Entry point: read the insights, render, write atomically, emit the summary."""
    parser = JobArgumentParser(prog="coretelecoms report", description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=DEFAULT_OUT, help=f"HTML file to write (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    settings = settings_or_exit(STAGE)
    if isinstance(settings, int):
        return settings

    def body(summary: JobSummary) -> None:
        from coretelecoms.report.queries import fetch_insights
        from coretelecoms.report.render import render_report

        data = fetch_insights(settings)
        source = (
            f"DuckDB {Path(settings.warehouse.duckdb_path).name}"
            if settings.warehouse.kind == "duckdb"
            else f"Snowflake {settings.warehouse.database}"
        )
        page = render_report(data, source)
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(out)
        summary.output_uri = str(out.resolve())
        summary.rows_in = sum(len(rows) for rows in data.values())
        summary.details = {key: len(rows) for key, rows in data.items()}

    return run_job(stage=STAGE, table=None, day=None, settings=settings, body=body)
