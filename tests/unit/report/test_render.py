"""Unit tests of the report renderer: self-contained HTML, one section per insight, escaped values."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from coretelecoms.report.queries import INSIGHTS, select_sql
from coretelecoms.report.render import TABLE_ROWS, render_report, table_html

DATA = {
    "backlog_share": [{"complaint_category": "Network Failure", "channel": "All", "complaints": 10, "backlog_complaints": 6,
                       "backlog_share": 0.6, "is_network_failure": True}],
    "handle_time": [{"complaint_category": "Technician Support", "calls": 5, "avg_handle_minutes": 14.2}],
    "channel_hopping": [{"customer_id": "<b>C1</b>", "channels_used": 2, "hop_pairs": 1}],
    "per_channel_day": [{"request_date": "2025-11-20", "channel": "Web", "complaints": 3}],
    "backlog_ageing": [{"channel": "Call", "age_bucket": "0-1 days", "bucket_order": 1, "open_complaints": 4}],
}  # fmt: skip


def test_report_has_every_section_and_inline_plotly() -> None:
    page = render_report(DATA, "DuckDB test.duckdb", datetime(2025, 11, 20, tzinfo=UTC))
    for insight in INSIGHTS:
        assert f"<section id='{insight.key}'>" in page
    assert not re.search(r"<script[^>]+src=[\"']?https?:", page)
    assert page.count('<script type="text/javascript">/**') <= 1  # plotly.js inlined once
    assert len(page) > 1_000_000  # the library itself is in the file
    assert "Generated 2025-11-20 00:00 UTC" in page


def test_values_are_escaped() -> None:
    page = render_report(DATA, "x")
    assert "&lt;b&gt;C1&lt;/b&gt;" in page
    assert "<b>C1</b>" not in page.split("<section id='channel_hopping'>")[1].split("<table>")[1]


def test_table_is_cut_with_a_note() -> None:
    rows = [{"n": i} for i in range(TABLE_ROWS + 3)]
    html = table_html(rows)
    assert html.count("<tr>") == TABLE_ROWS + 1
    assert "3 more row(s) not shown" in html
    assert "No rows yet" in table_html([])


def test_select_sql_only_from_constants() -> None:
    assert select_sql(INSIGHTS[0]).startswith("select * from analytics.ins_")
