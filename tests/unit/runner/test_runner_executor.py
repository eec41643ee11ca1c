"""The executor and run orchestration over fake tasks shaped like the real DAG."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from coretelecoms.dag import Task, expand
from coretelecoms.errors import TransientError
from coretelecoms.runner.executor import Executor, TaskState
from coretelecoms.runner.run import RunOptions, RunResult, execute
from coretelecoms.runner.state import DateLocks, RunStore

D1, D3 = date(2025, 11, 20), date(2025, 11, 22)
FAST = RunOptions(parallel=3, backoff_seconds=0.01, notify=False, live=False)


def _starts(counter: Path) -> list[str]:
    log = counter / "_starts.log"
    return log.read_text().split() if log.exists() else []


def _execute(
    tmp_path: Path, tasks: Sequence[Task], run_id: str = "r1", options: RunOptions = FAST
) -> tuple[RunResult, str]:
    out = io.StringIO()
    result = execute(
        command="backfill",
        args={"start": D1.isoformat(), "end": D3.isoformat()},
        tasks=tasks,
        state_dir=tmp_path / "state",
        run_id=run_id,
        options=options,
        out=out,
    )
    return result, out.getvalue()


def test_all_succeed_and_static_tasks_run_once(tmp_path: Path, fake_backfill, counter: Path) -> None:
    tasks = expand(fake_backfill(), D1, D3)
    result, table = _execute(tmp_path, tasks)
    assert result.exit_code == 0 and result.status == "succeeded"
    assert {r.state for r in result.runs} == {TaskState.SUCCEEDED}
    started = _starts(counter)
    assert len(started) == len(tasks) == 3 * 4 + 3 + 1
    assert [s for s in started if s.startswith("extract-customers")] == ["extract-customers@2025-11-22"]
    assert started[-1] == "transform@2025-11-22"
    assert "extract-agents" in table and "rows_in" in table


def test_transient_failure_is_retried_then_succeeds(tmp_path: Path, fake_backfill, counter: Path) -> None:
    tasks = expand(fake_backfill(codes={"load-daily": "75,0"}), D1, D1)
    result, _ = _execute(tmp_path, tasks)
    assert result.exit_code == 0
    load = next(r for r in result.runs if r.task.name == "load-daily")
    assert load.retries == 1 and load.state is TaskState.SUCCEEDED
    assert _starts(counter).count("load-daily@2025-11-20") == 2


def test_data_failure_is_not_retried_and_stops_dependants(
    tmp_path: Path, fake_backfill, counter: Path
) -> None:
    tasks = expand(fake_backfill(codes={"extract-call_logs@2025-11-20": "1"}), D1, D3)
    result, table = _execute(tmp_path, tasks)
    assert result.exit_code == 1 and result.status == "failed"
    by_id = {r.id: r for r in result.runs}
    bad = by_id["extract-call_logs-2025-11-20"]
    assert bad.state is TaskState.FAILED and bad.retries == 0 and bad.exit_code == 1
    assert _starts(counter).count("extract-call_logs@2025-11-20") == 1
    assert by_id["load-daily-2025-11-20"].state is TaskState.UPSTREAM_FAILED
    assert by_id["load-daily-2025-11-20"].reason == "upstream extract-call_logs-2025-11-20 failed"
    assert by_id["transform-2025-11-20..2025-11-22"].state is TaskState.UPSTREAM_FAILED
    # Other dates' loads are independent and still ran.
    assert by_id["load-daily-2025-11-21"].state is TaskState.SUCCEEDED
    assert "upstream extract-call_logs-2025-11-20 failed" in table


def test_transient_failure_exhausting_retries_exits_75(tmp_path: Path, fake_daily, counter: Path) -> None:
    tasks = expand(fake_daily(codes={"transform": "75"}), D1, D1)
    result, _ = _execute(tmp_path, tasks)
    assert result.exit_code == 75
    assert _starts(counter).count("transform@2025-11-20") == 3  # first try + limit 2


def test_rerun_of_same_run_skips_succeeded_tasks(tmp_path: Path, fake_daily, counter: Path) -> None:
    first, _ = _execute(tmp_path, expand(fake_daily(codes={"load": "1"}), D1, D1))
    assert first.exit_code == 1
    before = len(_starts(counter))
    second, _ = _execute(tmp_path, expand(fake_daily(), D1, D1))
    assert second.exit_code == 0
    states = {r.task.name: r.state for r in second.runs}
    assert states["extract-customers"] is TaskState.RESUMED
    assert states["load"] is TaskState.SUCCEEDED
    assert _starts(counter)[before:] == ["load@2025-11-20", "transform@2025-11-20"]


def test_parallelism_is_bounded(tmp_path: Path, fake_daily) -> None:
    tasks = expand(fake_daily(sleep={n: 0.2 for n in ("extract-customers", "extract-agents")}), D1, D1)
    store = RunStore(tmp_path, "p")
    peak = 0

    def watch(_run: object) -> None:
        nonlocal peak
        peak = max(peak, sum(r.state is TaskState.RUNNING for r in executor.runs.values()))

    executor = Executor(tasks, store, parallel=2, backoff_seconds=0.01, on_change=watch)
    runs = executor.run()
    assert all(r.state is TaskState.SUCCEEDED for r in runs)
    assert peak == 2


def test_cancel_terminates_children_and_marks_cancelled(tmp_path: Path, fake_daily) -> None:
    tasks = expand(fake_daily(sleep={"extract-customers": 30}), D1, D1)
    executor: Executor

    def cancel_when_started(run: object) -> None:
        if getattr(run, "id", "") == "extract-customers-2025-11-20" and run.state is TaskState.RUNNING:  # type: ignore[attr-defined]
            executor.cancel()

    executor = Executor(
        tasks, RunStore(tmp_path, "c"), parallel=5, grace_seconds=2, on_change=cancel_when_started
    )
    runs = executor.run()
    states = {r.task.name: r.state for r in runs}
    assert states["extract-customers"] is TaskState.CANCELLED
    assert states["transform"] is TaskState.CANCELLED
    assert sum(r.seconds for r in runs) < 10


def test_same_date_cannot_be_locked_twice(tmp_path: Path) -> None:
    with DateLocks(tmp_path, "first") as first:
        first.acquire(["2025-11-20", "2025-11-21"])
        with pytest.raises(TransientError, match=r"2025-11-21 is already being run by run first"):
            DateLocks(tmp_path, "second").acquire(["2025-11-21"])
    with DateLocks(tmp_path, "third") as third:  # released: free again
        third.acquire(["2025-11-21"])


def test_notify_runs_as_exit_handler_after_failure(tmp_path: Path, fake_daily) -> None:
    options = RunOptions(parallel=3, backoff_seconds=0.01, notify=True, live=False)
    result, _ = _execute(tmp_path, expand(fake_daily(codes={"extract-agents": "1"}), D1, D1), options=options)
    assert result.exit_code == 1
    assert result.notify_summary is not None and result.notify_summary["stage"] == "notify"
    details = result.notify_summary["details"]
    assert details["workflow_status"] == "Failed" and details["failures"] == 3  # failed + 2 upstream
    failures = json.loads((tmp_path / "state" / "r1" / "failures.json").read_text())
    assert failures[0]["displayName"] == "extract-agents-2025-11-20"
