"""dbt on a seeded warehouse: exact status histories, quarantine rules, incremental merges, lifecycle."""

from __future__ import annotations

from datetime import date

from .conftest import Built


def test_both_transforms_pass_every_test(crafted: Built) -> None:
    for code, summary in crafted.summaries:
        assert code == 0, summary["message"]
        assert summary["details"]["failed_tests"] == []
        assert summary["details"]["nodes"]["unit_test_pass"] == 3
        assert summary["details"]["nodes"]["test_pass"] > 100
    assert crafted.summaries[-1][1]["rows_out"] == 6
    assert crafted.summaries[-1][1]["rows_quarantined"] == 4


def test_status_change_updates_the_one_row(crafted: Built) -> None:
    first = {(i, ch): st for i, ch, st in crafted.snapshots["first_unified"]}
    assert first[("W1", "Web")] == "In-Progress"
    rows = crafted.query(
        "select source_complaint_id, channel, resolution_status, count(*) over (partition by complaint_key)"
        " from analytics.fct_unified_complaints"
    )
    now = {(i, ch): st for i, ch, st, _ in rows}
    assert all(n == 1 for *_, n in rows)
    assert now[("W1", "Web")] == "Resolved"  # D4 was loaded before D3, and still wins
    assert now[("W7", "Web")] == "Resolved"
    assert set(now) == {
        ("W1", "Web"),
        ("W6", "Web"),
        ("W7", "Web"),
        ("C1", "Call"),
        ("C2", "Call"),
        ("S1", "Social"),
    }


def test_rule_breakers_are_quarantined_with_reason_and_lineage(crafted: Built) -> None:
    rows = crafted.query(
        "select source_complaint_id, quarantine_reason, _source_file, _source_row, _logical_date"
        " from analytics.quarantine_complaints order by 1"
    )
    assert [(r[0], r[1]) for r in rows] == [
        ("W2", "unknown_customer"),
        ("W3", "unknown_status"),
        ("W4", "unparseable_date"),
        ("W5", "end_before_start"),
    ]
    assert all(r[2] and r[3] and r[4] == date(2025, 11, 20) for r in rows)


def test_unknown_agent_maps_to_unassigned(crafted: Built) -> None:
    rows = crafted.query(
        "select f.source_complaint_id, f.agent_id, a.agent_name from analytics.fct_unified_complaints f"
        " join analytics.dim_agents a using (agent_id) where f.source_complaint_id in ('W6', 'S1', 'W1') order by 1"
    )
    assert rows == [("S1", -1, "Unassigned"), ("W1", 1, "Grace"), ("W6", -1, "Unassigned")]


def test_normalised_values_and_call_duration(crafted: Built) -> None:
    rows = crafted.query(
        "select call_id, complaint_category, resolution_status, call_duration_seconds"
        " from analytics.fct_call_logs order by 1"
    )
    assert rows == [("C1", "Technician Support", "Backlog", 600), ("C2", "Payments", "Resolved", 120)]
    cat = crafted.query("select complaint_category from analytics.fct_web_complaints where request_id = 'W7'")
    assert cat == [("Network Failure",)]


def test_lifecycle_durations_from_raw_history(crafted: Built) -> None:
    rows = crafted.query(
        "select source_complaint_id, backlog_date, in_progress_date, resolved_date, days_in_backlog,"
        " days_in_progress, days_to_resolution, days_open, as_of_date"
        " from analytics.fct_complaint_lifecycle where source_complaint_id in ('W1', 'W6', 'W7') order by 1"
    )
    d = date.fromisoformat
    assert rows == [
        ("W1", d("2025-11-20"), d("2025-11-21"), d("2025-11-23"), 1, 2, 3, 3, d("2025-11-23")),
        ("W6", d("2025-11-20"), None, None, 3, 0, None, 3, d("2025-11-23")),
        ("W7", None, d("2025-11-20"), d("2025-11-22"), 0, 2, 2, 2, d("2025-11-23")),
    ]


def test_snapshot_keeps_each_status_version(crafted: Built) -> None:
    rows = crafted.query(
        "select resolution_status, dbt_valid_to is null from snapshots.complaint_status_snapshot"
        " where source_complaint_id = 'W1' order by dbt_valid_from"
    )
    assert rows == [("In-Progress", False), ("Resolved", True)]


def test_channel_hopping_finds_the_customer(crafted: Built) -> None:
    rows = crafted.query("select customer_id, channels_used from analytics.ins_channel_hopping")
    assert rows == [("CUST1", 3)]
