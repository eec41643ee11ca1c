"""Run a command in its own process and report wall seconds and peak RSS (from wait4's rusage)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Measurement:
    """One measured run."""

    label: str
    seconds: float
    peak_rss_mb: float
    exit_code: int


def measure(label: str, argv: list[str], env: dict[str, str] | None = None) -> Measurement:
    """Wall time and the child's own peak RSS (not the benchmark's), failing loudly on a non-zero exit."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if code != 0:
        sys.stderr.write(f"{label} failed ({code}):\n{stderr[-2000:]}\n")
    return Measurement(label, seconds, usage.ru_maxrss / 1024, code)


def python_snippet(code: str) -> list[str]:
    """argv running a Python snippet with this interpreter."""
    return [sys.executable, "-c", code]


def table(rows: list[list[str]], header: list[str]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)
