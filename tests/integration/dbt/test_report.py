"""`coretelecoms report` over the built warehouse: one self-contained HTML file with every insight."""

from __future__ import annotations

import re
from pathlib import Path

from support import run_cli

from coretelecoms.report.queries import INSIGHTS
from coretelecoms.summary import parse_summary_line

from .conftest import Built


def test_report_is_self_contained_with_every_insight(pipeline: Built, tmp_path: Path) -> None:
    out = tmp_path / "report" / "r.html"
    proc = run_cli(["report", "--out", str(out)], pipeline.env)
    summary = parse_summary_line(proc.stdout)
    assert proc.returncode == 0, proc.stdout[-1500:] + proc.stderr[-1500:]
    assert summary is not None and summary["output_uri"] == str(out)
    page = out.read_text(encoding="utf-8")
    # No external scripts, stylesheets or images: the file must open offline.
    assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']?https?:""", page, re.IGNORECASE)
    assert "plotly.js v" in page or "plotly.js" in page[:3_000_000]
    for insight in INSIGHTS:
        assert f"<section id='{insight.key}'>" in page
        assert f"analytics.{insight.model}" in page
        assert summary["details"][insight.key] > 0, insight.key
    assert page.count("<table>") == len(INSIGHTS)


def test_report_before_transform_is_a_clear_data_error(tmp_path: Path, pipeline: Built) -> None:
    env = dict(pipeline.env, CORETELECOMS_WAREHOUSE__DUCKDB_PATH=str(tmp_path / "missing.duckdb"))
    proc = run_cli(["report", "--out", str(tmp_path / "r.html")], env)
    summary = parse_summary_line(proc.stdout)
    assert proc.returncode == 1 and summary is not None
    assert "missing.duckdb" in summary["message"]
