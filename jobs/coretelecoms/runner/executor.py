"""Run a plan of tasks as separate processes, respecting dependencies, with bounded parallelism.

Each task runs as its own process (as a pod would) with the run id and its summary path in
its environment. Transient failures (exit 75) are retried with backoff; any other failure
stops the task's dependants, which are reported as `upstream <task> failed`. The executor
is generic over commands: it knows nothing about extract, load or transform.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import IO, Any

from coretelecoms.dag import Task, dependants
from coretelecoms.runner.state import RunStore
from coretelecoms.settings import child_environment
from coretelecoms.summary import parse_summary_line


class TaskState(StrEnum):
    """Where a task is in its life; the final table shows the terminal ones."""

    PENDING = "pending"
    RUNNING = "running"
    RETRY_WAIT = "retry_wait"
    SUCCEEDED = "succeeded"
    RESUMED = "resumed"
    """Succeeded in an earlier attempt of this run; skipped."""
    FAILED = "failed"
    UPSTREAM_FAILED = "upstream_failed"
    CANCELLED = "cancelled"


DONE_OK = frozenset({TaskState.SUCCEEDED, TaskState.RESUMED})
TERMINAL = DONE_OK | {TaskState.FAILED, TaskState.UPSTREAM_FAILED, TaskState.CANCELLED}


@dataclass
class TaskRun:
    """One task's progress and outcome."""

    task: Task
    state: TaskState = TaskState.PENDING
    retries: int = 0
    exit_code: int | None = None
    seconds: float = 0.0
    summary: dict[str, Any] | None = None
    reason: str | None = None
    started_at: float = 0.0
    retry_at: float = 0.0
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        """The task id."""
        return self.task.id


def default_launcher(task: Task) -> list[str]:
    """The process argv of a task: its spec's program, or this interpreter's `coretelecoms` CLI."""
    program = list(task.spec.program) or [sys.executable, "-m", "coretelecoms"]
    return [*program, *task.argv]


class Executor:
    """Schedules a plan's tasks as child processes until all are done, failed or cancelled."""

    def __init__(
        self,
        tasks: Sequence[Task],
        store: RunStore,
        *,
        parallel: int = 2,
        backoff_seconds: float = 1.0,
        grace_seconds: float = 5.0,
        launcher: Callable[[Task], list[str]] = default_launcher,
        on_change: Callable[[TaskRun], None] | None = None,
        poll_seconds: float = 0.05,
    ) -> None:
        if parallel < 1:
            raise ValueError("parallel must be at least 1")
        self.runs: dict[str, TaskRun] = {t.id: TaskRun(t) for t in tasks}
        self._order = {t.id: i for i, t in enumerate(tasks)}
        self._dependants = dependants(tasks)
        self.store = store
        self.parallel = parallel
        self.backoff_seconds = backoff_seconds
        self.grace_seconds = grace_seconds
        self.launcher = launcher
        self.on_change = on_change or (lambda _run: None)
        self.poll_seconds = poll_seconds
        self._cancel = False

    def cancel(self) -> None:
        """Ask the loop to stop (safe from a signal handler): children are terminated."""
        self._cancel = True

    @property
    def cancelled(self) -> bool:
        """Whether cancel() was called."""
        return self._cancel

    def run(self) -> list[TaskRun]:
        """Run every task to a terminal state and return them in plan order."""
        self.store.create_dirs()
        for run in self.runs.values():
            if self.store.succeeded_before(run.id):
                run.summary = self.store.read_summary(run.id)
                self._set(run, TaskState.RESUMED, reason="succeeded in an earlier attempt")
        while not self._cancel:
            self._reap()
            if self._cancel:
                break
            self._start_ready()
            busy = any(r.state in (TaskState.RUNNING, TaskState.RETRY_WAIT) for r in self.runs.values())
            if not busy and not self._ready():
                break
            time.sleep(self.poll_seconds)
        if self._cancel:
            self._stop_all()
        for run in self.runs.values():  # anything still pending could not start
            if run.state not in TERMINAL:
                self._set(run, TaskState.CANCELLED, reason=run.reason or "not started")
        return sorted(self.runs.values(), key=lambda r: self._order[r.id])

    # --- scheduling -------------------------------------------------------------------------

    def _ready(self) -> list[TaskRun]:
        now = time.monotonic()
        ready = []
        for run in self.runs.values():
            deps_ok = all(self.runs[d].state in DONE_OK for d in run.task.depends_on)
            due = run.state is TaskState.RETRY_WAIT and run.retry_at <= now
            if (run.state is TaskState.PENDING and deps_ok) or due:
                ready.append(run)
        # Oldest date first, then plan order: each date's chain completes early.
        return sorted(ready, key=lambda r: (r.task.date, self._order[r.id]))

    def _start_ready(self) -> None:
        running = sum(r.state is TaskState.RUNNING for r in self.runs.values())
        for run in self._ready():
            if running >= self.parallel:
                return
            self._start(run)
            running += 1

    def _start(self, run: TaskRun) -> None:
        summary_path = self.store.summary_path(run.id)
        summary_path.unlink(missing_ok=True)  # never read a previous attempt's summary
        env = child_environment(
            {
                "CORETELECOMS_RUN__RUN_ID": self.store.run_id,
                "CORETELECOMS_RUN__SUMMARY_PATH": str(summary_path),
                "CORETELECOMS_RUN__TERMINATION_LOG_PATH": "",
            }
        )
        log = self.store.log_path(run.id).open("ab")
        log.write(f"--- attempt {run.retries + 1}: {' '.join(run.task.argv)}\n".encode())
        log.flush()
        try:
            run.process = subprocess.Popen(
                self.launcher(run.task),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,  # Ctrl-C reaches the runner only; it stops children itself
            )
        except OSError as exc:
            log.close()
            run.exit_code = 1
            self._fail(run, f"could not start: {exc.strerror or exc}")
            return
        run.log = log
        run.started_at = time.monotonic()
        self._set(run, TaskState.RUNNING)

    def _reap(self) -> None:
        for run in list(self.runs.values()):
            if run.state is not TaskState.RUNNING or run.process is None:
                continue
            code = run.process.poll()
            if code is None:
                continue
            self._finish_process(run, code)
            if code == 0:
                self._set(run, TaskState.SUCCEEDED)
            elif run.task.spec.retry.should_retry(code, run.retries):
                run.retries += 1
                delay = run.task.spec.retry.backoff(run.retries, self.backoff_seconds)
                run.retry_at = time.monotonic() + delay
                reason = self._message(run) or f"exit {code}"
                self._set(run, TaskState.RETRY_WAIT, reason=f"transient: {reason}; retry in {delay:g}s")
            else:
                self._fail(run, self._message(run) or f"exit {code}")

    def _finish_process(self, run: TaskRun, code: int) -> None:
        run.exit_code = code
        run.seconds += time.monotonic() - run.started_at
        run.process = None
        if run.log is not None:
            run.log.close()
            run.log = None
        run.summary = self.store.read_summary(run.id) or self._summary_from_log(run)

    def _summary_from_log(self, run: TaskRun) -> dict[str, Any] | None:
        try:
            text = self.store.log_path(run.id).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        return parse_summary_line(text.rsplit("--- attempt", 1)[-1])

    @staticmethod
    def _message(run: TaskRun) -> str | None:
        message = (run.summary or {}).get("message")
        return str(message) if message else None

    def _fail(self, run: TaskRun, reason: str) -> None:
        self._set(run, TaskState.FAILED, reason=reason)
        stack = list(self._dependants[run.id])
        while stack:
            child = self.runs[stack.pop()]
            if child.state is TaskState.PENDING:
                self._set(child, TaskState.UPSTREAM_FAILED, reason=f"upstream {run.id} failed")
                stack.extend(self._dependants[child.id])

    def _stop_all(self) -> None:
        running = [r for r in self.runs.values() if r.state is TaskState.RUNNING and r.process]
        for run in running:
            _signal_group(run.process, signal.SIGTERM)  # type: ignore[arg-type]
        deadline = time.monotonic() + self.grace_seconds
        for run in running:
            assert run.process is not None
            try:
                run.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(run.process, signal.SIGKILL)
                run.process.wait()
            self._finish_process(run, run.process.returncode)
            self._set(run, TaskState.CANCELLED, reason="interrupted")
        for run in self.runs.values():
            if run.state in (TaskState.PENDING, TaskState.RETRY_WAIT):
                self._set(run, TaskState.CANCELLED, reason="interrupted before it ran")

    def _set(self, run: TaskRun, state: TaskState, reason: str | None = None) -> None:
        run.state = state
        run.reason = reason
        self.on_change(run)


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    """Signal a child's whole process group (it may have started its own children, e.g. dbt)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, sig)
