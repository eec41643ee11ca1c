"""Run a command in its own process and report wall seconds and peak RSS (from wait4's rusage)."""

from __future__ import annotations

import os
import statistics
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


def measure_interleaved(
    commands: list[tuple[str, list[str], dict[str, str] | None]], repeat: int
) -> list[Measurement]:
    """Median wall time and median peak RSS of each command over `repeat` rounds.

    Rounds run the commands in turn (a, b, c, a, b, c, ...) so that a noisy neighbour or a
    CPU-frequency change hits every command alike, and ratios stay meaningful.
    """
    runs: dict[str, list[Measurement]] = {label: [] for label, _, _ in commands}
    for _ in range(repeat):
        for label, argv, env in commands:
            runs[label].append(measure(label, argv, env))
    return [
        Measurement(
            label,
            statistics.median(m.seconds for m in runs[label]),
            statistics.median(m.peak_rss_mb for m in runs[label]),
            max(m.exit_code for m in runs[label]),
        )
        for label, _, _ in commands
    ]


def python_snippet(code: str) -> list[str]:
    """argv running a Python snippet with this interpreter."""
    return [sys.executable, "-c", code]


def table(rows: list[list[str]], header: list[str]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)
