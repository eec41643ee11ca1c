"""The one JSON summary every job ends with: stdout's last line, termination log, output file."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TextIO

# Kubernetes keeps at most 4096 bytes of a termination message.
TERMINATION_MESSAGE_LIMIT = 4096


@dataclass
class JobSummary:
    """What one job did; operators read it from pod status, the runner from the summary file."""

    stage: str
    table: str | None
    date: str | None
    run_id: str
    status: str = "succeeded"
    exit_code: int = 0
    rows_in: int = 0
    rows_out: int = 0
    rows_quarantined: int = 0
    output_uri: str | None = None
    checksum: str | None = None
    seconds: float = 0.0
    message: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        """Compact, key-sorted JSON (one line)."""
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        return json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)


_CUT = " … (cut; whole message on stdout)"
# What operators need from a termination message that cannot fit even without its message.
_ESSENTIALS = ("stage", "table", "date", "run_id", "status", "exit_code")


def _compact_for_termination(summary: JobSummary) -> str:
    """The summary as valid JSON within the termination log's limit: details dropped first,
    then the message cut (its whole text stays on stdout and in the summary file)."""
    text = summary.to_json()
    if len(text.encode()) <= TERMINATION_MESSAGE_LIMIT:
        return text
    trimmed = JobSummary(**{**asdict(summary), "details": {"truncated": True}})
    text = trimmed.to_json()
    message = trimmed.message or ""
    if len(text.encode()) > TERMINATION_MESSAGE_LIMIT and message:
        # The longest cut that fits, found by bisection: JSON escaping makes a character cost
        # one to twelve bytes, so no single subtraction is right.
        fits, too_long = 0, len(message)
        while too_long - fits > 1:
            middle = (fits + too_long) // 2
            trimmed.message = message[:middle] + _CUT
            if len(trimmed.to_json().encode()) <= TERMINATION_MESSAGE_LIMIT:
                fits = middle
            else:
                too_long = middle
        trimmed.message = message[:fits] + _CUT
        text = trimmed.to_json()
    if len(text.encode()) > TERMINATION_MESSAGE_LIMIT:  # e.g. a very long output URI
        text = json.dumps(
            {k: getattr(summary, k) for k in _ESSENTIALS}, sort_keys=True, separators=(",", ":")
        )
    return text


def emit_summary(
    summary: JobSummary,
    *,
    termination_log_path: str | None,
    summary_path: str | None,
    stream: TextIO | None = None,
) -> None:
    """Write the summary where every consumer looks: stdout, termination log, output file.

    The termination log is written only when its directory exists and is writable (in a pod);
    a failure to write it never changes the job's own exit code.
    """
    out = stream or sys.stdout
    line = summary.to_json()
    out.write(line + "\n")
    out.flush()
    if termination_log_path:
        path = Path(termination_log_path)
        try:
            if path.exists() or path.parent.is_dir():
                path.write_text(_compact_for_termination(summary), encoding="utf-8")
        except OSError:
            pass
    if summary_path:
        path = Path(summary_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(line + "\n", encoding="utf-8")
        tmp.replace(path)


def parse_summary_line(text: str) -> dict[str, Any] | None:
    """The summary dict from a job's stdout (its last JSON line), or None when absent."""
    for raw in reversed(text.strip().splitlines()):
        line = raw.strip()
        if line.startswith("{") and '"stage"' in line:
            try:
                data = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(data, dict):
                return data
    return None
