"""What the runner shows: a live line on a TTY (plain log lines otherwise) and a final table."""

from __future__ import annotations

import shutil
import sys
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any, TextIO

from coretelecoms.runner.executor import TERMINAL, TaskRun, TaskState


class Progress:
    """Reports task state changes: one rewritten status line on a TTY, log lines otherwise."""

    def __init__(self, total: int, stream: TextIO | None = None, live: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty() if live is None else live
        self.total = total
        self.started = time.monotonic()
        self._runs: dict[str, TaskRun] = {}

    def __call__(self, run: TaskRun) -> None:
        """The executor's on_change hook."""
        self._runs[run.id] = run
        if self.live:
            self._draw()
        else:
            self._line(run)

    def _line(self, run: TaskRun) -> None:
        detail = f" ({run.reason})" if run.reason else ""
        if run.state in (TaskState.SUCCEEDED, TaskState.FAILED):
            detail = f" in {run.seconds:.1f}s{detail}"
        stamp = f"{time.monotonic() - self.started:7.1f}s"
        self.stream.write(f"[{stamp}] {run.id}: {run.state.value}{detail}\n")
        self.stream.flush()

    def _draw(self) -> None:
        counts = Counter(r.state for r in self._runs.values())
        done = sum(n for s, n in counts.items() if s in TERMINAL)
        running = [r.id for r in self._runs.values() if r.state is TaskState.RUNNING]
        failed = counts[TaskState.FAILED] + counts[TaskState.UPSTREAM_FAILED]
        text = (
            f"[{done}/{self.total}] {time.monotonic() - self.started:.0f}s "
            f"ok {counts[TaskState.SUCCEEDED] + counts[TaskState.RESUMED]} failed {failed} "
            f"retrying {counts[TaskState.RETRY_WAIT]} | running: {', '.join(running) or '-'}"
        )
        width = shutil.get_terminal_size((120, 20)).columns - 1
        self.stream.write("\r\x1b[2K" + text[:width])
        self.stream.flush()

    def close(self) -> None:
        """End the live line so the table starts on a fresh line."""
        if self.live:
            self.stream.write("\n")
            self.stream.flush()


def _int(summary: dict[str, Any] | None, key: str) -> str:
    value = (summary or {}).get(key)
    return str(value) if isinstance(value, int) else "-"


def table_rows(runs: Sequence[TaskRun]) -> list[list[str]]:
    """The final table's rows: task, date, state, rows in/out, quarantined, seconds, retries, note."""
    rows = []
    for run in runs:
        date = f"{run.task.start}..{run.task.end}" if run.task.start != run.task.end else run.task.date
        rows.append(
            [
                run.task.name,
                date,
                run.state.value,
                _int(run.summary, "rows_in"),
                _int(run.summary, "rows_out"),
                _int(run.summary, "rows_quarantined"),
                f"{run.seconds:.1f}",
                str(run.retries),
                run.reason if run.state not in (TaskState.SUCCEEDED,) and run.reason else "",
            ]
        )
    return rows


HEADER = ["task", "date", "state", "rows_in", "rows_out", "quarantined", "seconds", "retries", "note"]


def render_table(runs: Sequence[TaskRun]) -> str:
    """A plain-text, aligned table of every task (what `make run` ends with)."""
    rows = [HEADER, *table_rows(runs)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER) - 1)]
    numeric = {3, 4, 5, 6, 7}
    lines = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(row[:-1])
        ]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)
