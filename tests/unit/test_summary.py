"""The termination message: always one valid JSON document within Kubernetes' 4096 bytes."""

import json
from pathlib import Path

from coretelecoms.summary import TERMINATION_MESSAGE_LIMIT, JobSummary, emit_summary


def test_a_long_message_is_cut_and_the_termination_log_stays_valid_json(tmp_path: Path) -> None:
    headers = ", ".join(f"'col_{i:04d}_padding'" for i in range(300))
    summary = JobSummary(
        stage="extract",
        table="call_logs",
        date="2025-11-21",
        run_id="r1",
        status="failed",
        exit_code=1,
        rows_in=5,
        message=f"lake/call_logs.csv: missing column(s) call_id (headers were: {headers})",
        details={"unknown_columns": [f"col_{i}" for i in range(300)]},
    )
    termination = tmp_path / "termination-log"
    stdout = tmp_path / "stdout"
    with stdout.open("w") as stream:
        emit_summary(summary, termination_log_path=str(termination), summary_path=None, stream=stream)
    raw = termination.read_bytes()
    assert len(raw) <= TERMINATION_MESSAGE_LIMIT
    data = json.loads(raw)
    assert (data["status"], data["stage"], data["table"], data["exit_code"], data["rows_in"]) == (
        "failed", "extract", "call_logs", 1, 5,
    )  # fmt: skip
    assert data["message"].startswith("lake/call_logs.csv: missing column(s) call_id")
    assert data["message"].endswith("(cut; whole message on stdout)")
    assert data["details"] == {"truncated": True}
    # stdout keeps the whole summary.
    assert json.loads(stdout.read_text())["message"] == summary.message


def test_a_message_that_json_escapes_heavily_still_fits(tmp_path: Path) -> None:
    # Non-ASCII characters take six bytes each in the JSON (`\\u30a8`): the cut must count bytes.
    summary = JobSummary(stage="extract", table="agents", date=None, run_id="r", message="エラー" * 2000)
    termination = tmp_path / "termination-log"
    with (tmp_path / "stdout").open("w") as stream:
        emit_summary(summary, termination_log_path=str(termination), summary_path=None, stream=stream)
    raw = termination.read_bytes()
    assert 3000 < len(raw) <= TERMINATION_MESSAGE_LIMIT
    assert json.loads(raw)["message"].startswith("エラー")


def test_a_summary_that_fits_is_written_unchanged(tmp_path: Path) -> None:
    summary = JobSummary(stage="load", table=None, date="2025-11-21", run_id="r1", details={"a": 1})
    termination = tmp_path / "termination-log"
    with (tmp_path / "stdout").open("w") as stream:
        emit_summary(summary, termination_log_path=str(termination), summary_path=None, stream=stream)
    assert termination.read_text() == summary.to_json()


def test_a_summary_too_long_even_without_its_message_keeps_the_essentials(tmp_path: Path) -> None:
    summary = JobSummary(
        stage="load", table="all", date="2025-11-21", run_id="r1", status="failed", exit_code=1,
        output_uri="s3://lake/" + "x" * 5000, message="boom",
    )  # fmt: skip
    termination = tmp_path / "termination-log"
    with (tmp_path / "stdout").open("w") as stream:
        emit_summary(summary, termination_log_path=str(termination), summary_path=None, stream=stream)
    assert json.loads(termination.read_text()) == {
        "stage": "load", "table": "all", "date": "2025-11-21", "run_id": "r1", "status": "failed", "exit_code": 1,
    }  # fmt: skip
