"""One local run end to end: lock its dates, execute its plan, notify, report, pick the exit code.

Exit codes: 0 every task succeeded; 1 a task failed (bad data or a bug; its dependants did
not run); 75 only transient failures remained after retries, or another runner holds one of
the dates; 130 interrupted (Ctrl-C / SIGTERM: children terminated, tasks marked cancelled;
rerun the same command to resume). A failed notification never changes the exit code.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from coretelecoms.dag import Task
from coretelecoms.errors import ExitCode, TransientError
from coretelecoms.logs import get_logger
from coretelecoms.runner.display import Progress, render_table
from coretelecoms.runner.executor import DONE_OK, Executor, TaskRun, TaskState, default_launcher
from coretelecoms.runner.state import DateLocks, RunRecord, RunStore, read_json
from coretelecoms.settings import child_environment

log = get_logger(__name__)

INTERRUPTED = 130


@dataclass(frozen=True)
class RunOptions:
    """How to execute a plan locally."""

    parallel: int = 2
    backoff_seconds: float = 1.0
    grace_seconds: float = 5.0
    live: bool | None = None
    """Force the live progress line on/off; None = only on a TTY."""
    notify: bool = True
    notify_timeout_seconds: float = 60.0


@dataclass
class RunResult:
    """The outcome of a run: its id, status, exit code, tasks and notification outcome."""

    run_id: str
    status: str
    exit_code: int
    runs: list[TaskRun]
    notify_summary: dict[str, Any] | None = None


def run_status(runs: Sequence[TaskRun], cancelled: bool) -> tuple[str, int]:
    """The run's status and exit code from its tasks (see the module docstring)."""
    if cancelled:
        return "cancelled", INTERRUPTED
    if all(r.state in DONE_OK for r in runs):
        return "succeeded", int(ExitCode.OK)
    failed = [r for r in runs if r.state is TaskState.FAILED]
    if failed and all(r.exit_code == int(ExitCode.TRANSIENT) for r in failed):
        return "failed", int(ExitCode.TRANSIENT)
    return "failed", int(ExitCode.DATA_ERROR)


def failures(runs: Sequence[TaskRun]) -> list[dict[str, object]]:
    """Failed, skipped and cancelled tasks in the shape of Argo's `{{workflow.failures}}`."""
    return [
        {
            "displayName": r.id,
            "templateName": r.task.name,
            "phase": "Failed" if r.state is TaskState.FAILED else "Omitted",
            "message": r.reason or r.state.value,
            "exitCode": r.exit_code,
        }
        for r in runs
        if r.state in (TaskState.FAILED, TaskState.UPSTREAM_FAILED, TaskState.CANCELLED)
    ]


@contextmanager
def _cancel_on_signals(executor: Executor) -> Iterator[None]:
    def handler(signum: int, frame: FrameType | None) -> None:
        executor.cancel()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _notify(
    store: RunStore, status: str, runs: Sequence[TaskRun], timeout: float
) -> dict[str, object] | None:
    """Run `coretelecoms notify` as the exit handler; its failure is logged, never raised."""
    failures_path = store.dir / "failures.json"
    failures_path.write_text(json.dumps(failures(runs), indent=1), encoding="utf-8")
    store.notify_summary_path.unlink(missing_ok=True)
    argv = [
        sys.executable, "-m", "coretelecoms", "notify",
        "--status", status.capitalize(),
        "--workflow-name", store.run_id,
        "--failures", f"@{failures_path}",
        "--summaries-dir", str(store.summaries_dir),
    ]  # fmt: skip
    env = child_environment(
        {
            "CORETELECOMS_RUN__RUN_ID": store.run_id,
            "CORETELECOMS_RUN__SUMMARY_PATH": str(store.notify_summary_path),
            "CORETELECOMS_RUN__TERMINATION_LOG_PATH": "",
        }
    )
    with store.log_path("notify").open("ab") as out:
        try:
            code = subprocess.run(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                timeout=timeout,
                check=False,
            ).returncode
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.warning("notification did not run: %s", type(exc).__name__)
            return None
    summary = read_json(store.notify_summary_path)
    if code != 0:
        log.warning("notification exited %s; the run's own status is unchanged", code)
    return summary


def execute(
    *,
    command: str,
    args: dict[str, str],
    tasks: Sequence[Task],
    state_dir: Path,
    run_id: str,
    options: RunOptions = RunOptions(),
    launcher: Callable[[Task], list[str]] = default_launcher,
    out: TextIO | None = None,
) -> RunResult:
    """Lock the plan's dates, run its tasks, notify, print the table; resume-safe by run id.

    Raises TransientError when another runner holds one of the dates.
    """
    stream = out or sys.stdout
    store = RunStore(state_dir, run_id)
    previous = store.load()
    record = RunRecord(
        run_id=run_id,
        command=command,
        args=args,
        created_at=previous.created_at if previous else datetime.now(UTC).isoformat(timespec="seconds"),
    )
    with DateLocks(state_dir, run_id) as locks:
        locks.acquire(sorted({t.date for t in tasks} | {t.start for t in tasks if t.start}))
        store.save(record)
        progress = Progress(len(tasks), live=options.live)
        executor = Executor(
            tasks,
            store,
            parallel=options.parallel,
            backoff_seconds=options.backoff_seconds,
            grace_seconds=options.grace_seconds,
            launcher=launcher,
            on_change=progress,
        )
        with _cancel_on_signals(executor):
            runs = executor.run()
        progress.close()
        status, code = run_status(runs, executor.cancelled)
        record.status = status
        record.finished_at = datetime.now(UTC).isoformat(timespec="seconds")
        record.tasks = {r.id: r.state.value for r in runs}
        store.save(record)
        notify_summary = (
            _notify(store, status, runs, options.notify_timeout_seconds) if options.notify else None
        )
    stream.write(render_table(runs) + "\n")
    ok = sum(r.state in DONE_OK for r in runs)
    stream.write(f"\nrun {run_id}: {status} ({ok}/{len(runs)} tasks ok), state in {store.dir}\n")
    if options.notify:
        delivered = (notify_summary or {}).get("status", "not run")
        stream.write(f"notification: {delivered}\n")
    if code == INTERRUPTED:
        stream.write(f"interrupted: rerun the same command (or --resume {run_id}) to continue\n")
    stream.flush()
    return RunResult(run_id, status, code, runs, notify_summary)


__all__ = ["INTERRUPTED", "RunOptions", "RunResult", "TransientError", "execute", "failures", "run_status"]
