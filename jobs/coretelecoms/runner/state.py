"""The local runner's on-disk state: run records, task summaries and logs, per-date locks.

Layout under `settings.run.state_dir`:
  <run_id>/run.json               what was asked (command, dates), status, task states
  <run_id>/summaries/<task>.json  each task's JSON summary (CORETELECOMS_RUN__SUMMARY_PATH)
  <run_id>/logs/<task>.log        each task's stdout + stderr
  <run_id>/notify.json            the exit handler's own summary
  locks/<date>.lock               fcntl lock: one runner per date at a time
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from coretelecoms.errors import TransientError


def new_run_id(command: str) -> str:
    """A fresh, sortable run id: `<command>-<UTC timestamp>-<random>`."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{command}-{stamp}-{secrets.token_hex(3)}"


@dataclass
class RunRecord:
    """What a run was asked to do and how far it got (rewritten as it progresses)."""

    run_id: str
    command: str
    args: dict[str, str]
    created_at: str
    status: str = "running"
    finished_at: str | None = None
    tasks: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        """Pretty JSON for humans poking at the state dir."""
        return json.dumps(self.__dict__, indent=2, sort_keys=True)


class RunStore:
    """Files of one run under the state dir."""

    def __init__(self, state_dir: Path, run_id: str) -> None:
        self.state_dir = state_dir
        self.run_id = run_id
        self.dir = state_dir / run_id
        self.summaries_dir = self.dir / "summaries"
        self.logs_dir = self.dir / "logs"
        self.record_path = self.dir / "run.json"
        self.notify_summary_path = self.dir / "notify.json"

    def create_dirs(self) -> None:
        """Make the run's directories (idempotent)."""
        self.summaries_dir.mkdir(parents=True, exist_ok=True)
        self.logs_dir.mkdir(parents=True, exist_ok=True)

    def summary_path(self, task_id: str) -> Path:
        """Where a task writes its JSON summary."""
        return self.summaries_dir / f"{task_id}.json"

    def log_path(self, task_id: str) -> Path:
        """Where a task's output is captured."""
        return self.logs_dir / f"{task_id}.log"

    def read_summary(self, task_id: str) -> dict[str, Any] | None:
        """A task's recorded summary, or None when absent or unreadable."""
        return read_json(self.summary_path(task_id))

    def succeeded_before(self, task_id: str) -> bool:
        """Whether a previous attempt of this run recorded the task as succeeded (resume skips it)."""
        summary = self.read_summary(task_id)
        return summary is not None and summary.get("status") == "succeeded" and summary.get("exit_code") == 0

    def save(self, record: RunRecord) -> None:
        """Write the run record atomically."""
        self.dir.mkdir(parents=True, exist_ok=True)
        tmp = self.record_path.with_suffix(".tmp")
        tmp.write_text(record.to_json() + "\n", encoding="utf-8")
        tmp.replace(self.record_path)

    def load(self) -> RunRecord | None:
        """The run record, or None if this run never started."""
        data = read_json(self.record_path)
        return RunRecord(**data) if data else None


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from a file; None when missing or not a JSON object (a torn write)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def latest_unfinished_run(state_dir: Path, command: str, args: dict[str, str]) -> str | None:
    """The newest run with the same command and args that did not succeed, to resume it.

    A record without a run id (written by hand, or torn) names no run to resume: skipped."""
    if not state_dir.is_dir():
        return None
    candidates: list[tuple[str, str]] = []
    for path in state_dir.glob("*/run.json"):
        data = read_json(path)
        if data is None or data.get("command") != command or data.get("args") != args:
            continue
        if data.get("status") != "succeeded" and data.get("run_id"):
            candidates.append((str(data.get("created_at", "")), str(data["run_id"])))
    return max(candidates)[1] if candidates else None


class DateLocks:
    """Exclusive fcntl locks, one file per date, so the same date never runs twice at once.

    The kernel drops the locks when the process dies, so a killed runner never leaves a
    stale lock behind.
    """

    def __init__(self, state_dir: Path, run_id: str) -> None:
        self.dir = state_dir / "locks"
        self.run_id = run_id
        self._held: list[IO[str]] = []

    def acquire(self, dates: list[str]) -> None:
        """Lock every date (sorted, so two runners cannot deadlock) or raise TransientError."""
        self.dir.mkdir(parents=True, exist_ok=True)
        for day in sorted(set(dates)):
            path = self.dir / f"{day}.lock"
            handle = path.open("a+", encoding="utf-8")
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another runner"
                handle.close()
                self.release()
                raise TransientError(
                    f"date {day} is already being run by {holder} (lock {path}); wait for it or stop it"
                ) from None
            handle.seek(0)
            handle.truncate()
            handle.write(f"run {self.run_id} (pid {os.getpid()})")
            handle.flush()
            self._held.append(handle)

    def release(self) -> None:
        """Release every lock held (idempotent)."""
        for handle in self._held:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            finally:
                handle.close()
        self._held.clear()

    def __enter__(self) -> DateLocks:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
