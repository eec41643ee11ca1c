"""`coretelecoms run` / `backfill` argument handling, date locks and printed dates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coretelecoms.runner import cli
from coretelecoms.runner.state import DateLocks, RunRecord, RunStore, latest_unfinished_run


@pytest.fixture(autouse=True)
def _state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORETELECOMS_RUN__STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("CORETELECOMS_SECRETS_DIR", str(tmp_path / "no-secrets"))


def test_print_dates_lists_the_range(capsys) -> None:
    assert cli.main(["backfill", "--start", "2025-11-30", "--end", "2025-12-02", "--print-dates"]) == 0
    assert json.loads(capsys.readouterr().out) == ["2025-11-30", "2025-12-01", "2025-12-02"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["backfill", "--start", "2025-11-22", "--end", "2025-11-20"], "is before --start"),
        (["backfill", "--start", "2025-11-22"], "missing --end"),
        (["run"], "missing --date"),
        (["run", "--date", "2025-11-20", "--parallel", "0"], "--parallel must be at least 1"),
        (["run", "--resume", "nope"], "no run 'nope'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(argv, message, capsys) -> None:
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err


def test_bad_date_is_rejected_by_argparse(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["run", "--date", "20-11-2025"])
    assert exc.value.code == 2
    assert "expected a date as YYYY-MM-DD" in capsys.readouterr().err


def test_second_runner_on_same_date_exits_75(tmp_path: Path, capsys) -> None:
    with DateLocks(tmp_path / "state", "holder") as locks:
        locks.acquire(["2025-11-20"])
        assert cli.main(["run", "--date", "2025-11-20", "--no-notify"]) == 75
    assert "2025-11-20 is already being run by run holder" in capsys.readouterr().err


def test_latest_unfinished_run_is_found_for_same_args(tmp_path: Path) -> None:
    args = {"date": "2025-11-20"}
    for run_id, status, created in (
        ("old", "failed", "1"),
        ("new", "cancelled", "2"),
        ("done", "succeeded", "3"),
    ):
        RunStore(tmp_path, run_id).save(RunRecord(run_id, "run", args, created, status=status))
    assert latest_unfinished_run(tmp_path, "run", args) == "new"
    # A record naming no run id (newest of all) is not resumable: skipped, not a KeyError.
    orphan = tmp_path / "orphan" / "run.json"
    orphan.parent.mkdir()
    orphan.write_text(json.dumps({"command": "run", "args": args, "status": "failed", "created_at": "9"}))
    assert latest_unfinished_run(tmp_path, "run", args) == "new"
    assert latest_unfinished_run(tmp_path, "run", {"date": "2025-11-21"}) is None
    assert latest_unfinished_run(tmp_path, "backfill", args) is None


def test_print_date_resolves_yesterday_in_utc(capsys) -> None:
    from datetime import UTC, datetime, timedelta

    assert cli.main(["run", "--date", "yesterday", "--print-date"]) == 0
    assert capsys.readouterr().out.strip() == (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    assert cli.main(["run", "--date", "2025-11-20", "--print-date"]) == 0
    assert capsys.readouterr().out == "2025-11-20\n"
