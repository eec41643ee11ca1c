"""Render the insights as one self-contained HTML page: plotly charts (JS inlined) and a short table each."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import plotly.graph_objects as go

from coretelecoms.report.queries import INSIGHTS, Insight, Rows

TABLE_ROWS = 12
"""Rows shown in each insight's table (the chart shows everything)."""


def _bar(x: list[Any], y: list[Any], name: str | None = None) -> go.Bar:
    return go.Bar(x=x, y=y, name=name)


def _backlog_share(rows: Rows) -> go.Figure:
    fig = go.Figure()
    for channel in sorted({r["channel"] for r in rows}):
        part = [r for r in rows if r["channel"] == channel]
        fig.add_trace(
            _bar(
                [r["complaint_category"] for r in part],
                [float(r["backlog_share"]) * 100 for r in part],
                channel,
            )
        )
    fig.update_layout(barmode="group", yaxis_title="% of complaints in Backlog")
    return fig


def _handle_time(rows: Rows) -> go.Figure:
    fig = go.Figure(
        _bar([r["complaint_category"] for r in rows], [float(r["avg_handle_minutes"]) for r in rows])
    )
    fig.update_layout(yaxis_title="average handle time (minutes)")
    return fig


def _channel_hopping(rows: Rows) -> go.Figure:
    counts: dict[int, int] = {}
    for r in rows:
        counts[int(r["channels_used"])] = counts.get(int(r["channels_used"]), 0) + 1
    keys = sorted(counts)
    fig = go.Figure(_bar([f"{k} channels" for k in keys], [counts[k] for k in keys]))
    fig.update_layout(yaxis_title="customers who hopped")
    return fig


def _per_channel_day(rows: Rows) -> go.Figure:
    fig = go.Figure()
    for channel in sorted({r["channel"] for r in rows}):
        part = [r for r in rows if r["channel"] == channel]
        fig.add_trace(
            go.Scatter(
                x=[str(r["request_date"]) for r in part],
                y=[int(r["complaints"]) for r in part],
                mode="lines+markers",
                name=channel,
            )
        )
    fig.update_layout(yaxis_title="complaints raised", xaxis_title="request date")
    return fig


def _backlog_ageing(rows: Rows) -> go.Figure:
    fig = go.Figure()
    buckets = [b for _, b in sorted({(int(r["bucket_order"]), r["age_bucket"]) for r in rows})]
    for channel in sorted({r["channel"] for r in rows}):
        by_bucket = {r["age_bucket"]: int(r["open_complaints"]) for r in rows if r["channel"] == channel}
        fig.add_trace(_bar(buckets, [by_bucket.get(b, 0) for b in buckets], channel))
    fig.update_layout(barmode="stack", yaxis_title="open complaints", xaxis_title="days open")
    return fig


CHARTS: dict[str, Callable[[Rows], go.Figure]] = {
    "backlog_share": _backlog_share,
    "handle_time": _handle_time,
    "channel_hopping": _channel_hopping,
    "per_channel_day": _per_channel_day,
    "backlog_ageing": _backlog_ageing,
}


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1 else f"{value:,.2f}"
    return html.escape("" if value is None else str(value))


def table_html(rows: Rows, limit: int = TABLE_ROWS) -> str:
    """A small HTML table of the first `limit` rows (values escaped), with a note when cut."""
    if not rows:
        return "<p class='empty'>No rows yet.</p>"
    cols = list(rows[0])
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{_cell(r[c])}</td>" for c in cols) + "</tr>" for r in rows[:limit])
    more = f"<p class='more'>{len(rows) - limit} more row(s) not shown.</p>" if len(rows) > limit else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def _section(insight: Insight, rows: Rows, first: bool) -> str:
    fig = CHARTS[insight.key](rows)
    fig.update_layout(title=insight.title, height=420, margin={"t": 60, "b": 60}, template="plotly_white")
    # The first chart carries plotly.js inline; the others reuse it, so the file stays offline-safe.
    chart = fig.to_html(full_html=False, include_plotlyjs=first, div_id=f"chart-{insight.key}")
    return (
        f"<section id='{insight.key}'><h2>{html.escape(insight.title)}</h2>"
        f"<p class='question'>{html.escape(insight.question)} "
        f"<span class='model'>(analytics.{insight.model}, {len(rows)} rows)</span></p>"
        f"{chart}{table_html(rows)}</section>"
    )


_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1200px;color:#222}
h1{margin-bottom:0}.sub{color:#666;margin-top:.2rem}section{margin:2.5rem 0}
table{border-collapse:collapse;font-size:.85rem;margin-top:.5rem}
th,td{border:1px solid #ddd;padding:.25rem .6rem;text-align:left}th{background:#f4f4f4}
.question{color:#444}.model,.more,.empty{color:#888;font-size:.85rem}
"""


def render_report(data: dict[str, Rows], source: str, generated_at: datetime | None = None) -> str:
    """The whole HTML document for the insights in `data` (keyed like INSIGHTS), offline-ready."""
    when = (generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    sections = "".join(_section(ins, data.get(ins.key, []), i == 0) for i, ins in enumerate(INSIGHTS))
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>CoreTelecoms complaints report</title>"
        f"<style>{_CSS}</style></head><body>"
        "<h1>CoreTelecoms complaints report</h1>"
        f"<p class='sub'>Generated {html.escape(when)} from {html.escape(source)}.</p>"
        f"{sections}</body></html>"
    )
