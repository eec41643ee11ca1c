"""Run a command in its own process and report wall seconds and peak RSS (from wait4's rusage)."""

from __future__ import annotations

import compileall
import importlib.metadata
import os
import platform
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import coretelecoms


@dataclass(frozen=True)
class Measurement:
    """One measured run."""

    label: str
    seconds: float
    peak_rss_mb: float
    exit_code: int


# Runs one command and writes its wall time, peak RSS and exit code to the fd in argv[1]. A
# child started straight from the benchmark inherits the benchmark's own peak RSS: Linux
# carries the pre-exec address space's high-water mark into the exec'd process's ru_maxrss,
# and subprocess forks (or vforks) from the benchmark's ~60 MB. Forked from this small
# launcher instead, a command's peak is its own (plus at most the launcher's ~10 MB, below any
# command measured here), so import-only startups are not floored at the benchmark's size.
_LAUNCHER = """
import os, sys, time
report = int(sys.argv[1])
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.close(report)
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
os.write(report, f"{seconds} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}".encode())
"""


def compile_package_bytecode() -> bool:
    """Compile the package's modules to bytecode, as the stage images ship them, before measuring.

    pip compiles an installed package; an editable checkout run with PYTHONDONTWRITEBYTECODE=1
    (set in the images too, and on the machine these figures come from) has no bytecode for the
    package, so every job process would recompile its modules (~10 ms per extract) and the
    figures would not be the images'. True on success.
    """
    return bool(compileall.compile_dir(Path(coretelecoms.__file__).parent, quiet=1))


def machine_description(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """Where figures come from, for the head of a results file: CPU model, cores, kernel, Python, polars.

    Fixed startup costs, and so every ratio at small scales, differ from one VM to the next
    (python + polars took 0.19 s / 46 MB on one 2-core VM and 0.24 s / 60 MB on another), so a
    results table without its machine cannot be compared with another.
    """
    model = platform.processor() or platform.machine()
    try:
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:  # not Linux: keep platform's answer
        pass
    return (
        f"{model}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, polars {importlib.metadata.version('polars')}"
    )


def measure(label: str, argv: list[str], env: dict[str, str] | None = None) -> Measurement:
    """Wall time and the command's own peak RSS (not the benchmark's), failing loudly on a non-zero exit."""
    read_end, write_end = os.pipe()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(write_end), *argv],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            pass_fds=(write_end,),
        )
    finally:
        os.close(write_end)
    _, stderr_bytes = proc.communicate()
    with os.fdopen(read_end, "rb") as report:
        fields = report.read().split()
    if len(fields) != 3:
        sys.stderr.write(f"{label}: the launcher reported nothing (exit {proc.returncode})\n")
        return Measurement(label, float("nan"), float("nan"), proc.returncode or 1)
    seconds, max_rss_kb, code = float(fields[0]), int(fields[1]), int(fields[2])
    if code != 0:
        sys.stderr.write(f"{label} failed ({code}):\n{stderr_bytes.decode()[-2000:]}\n")
    return Measurement(label, seconds, max_rss_kb / 1024, code)


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
