"""The local runner end to end, as users run it: separate processes, signals, resume, real jobs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import START, Sources, isolated_env, run_cli

ROOT = Path(__file__).resolve().parents[2]

# Runs a fake daily plan (see tests/unit/runner/fake_tasks.py) through the real `execute`.
DRIVER = """
import json, sys
from datetime import date
from pathlib import Path
from unit.runner.fake_tasks import make_fake_graph
from coretelecoms.dag import DAILY, expand
from coretelecoms.runner.run import RunOptions, execute
state, counter, sleep = sys.argv[1], Path(sys.argv[2]), json.loads(sys.argv[3])
tasks = expand(make_fake_graph(DAILY, counter, sleep=sleep), date(2025, 11, 20), date(2025, 11, 20))
result = execute(command="run", args={"date": "2025-11-20"}, tasks=tasks, state_dir=Path(state),
                 run_id="e2e-run", options=RunOptions(parallel=5, backoff_seconds=0.01, live=False))
sys.exit(result.exit_code)
"""


def _driver(tmp_path: Path, sleep: dict[str, float]) -> subprocess.Popen[str]:
    env = isolated_env(tmp_path)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "tests"), env.get("PYTHONPATH", "")])
    counter = tmp_path / "counter"
    counter.mkdir(exist_ok=True)
    cmd = [sys.executable, "-c", DRIVER, str(tmp_path / "state"), str(counter), json.dumps(sleep)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_start(tmp_path: Path, name: str, timeout: float = 20) -> None:
    log = tmp_path / "counter" / "_starts.log"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.exists() and name in log.read_text():
            return
        time.sleep(0.05)
    raise AssertionError(f"{name} never started")


def _starts(tmp_path: Path) -> list[str]:
    return (tmp_path / "counter" / "_starts.log").read_text().split()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_or_killed_run_resumes_where_it_stopped(tmp_path: Path, sig: signal.Signals) -> None:
    first = _driver(tmp_path, {"load": 2.0})
    _wait_for_start(tmp_path, "load@2025-11-20")
    first.send_signal(sig)
    out, err = first.communicate(timeout=30)
    if sig is signal.SIGINT:
        assert first.returncode == 130, err
        record = json.loads((tmp_path / "state" / "e2e-run" / "run.json").read_text())
        assert record["status"] == "cancelled"
        assert record["tasks"]["load-2025-11-20"] == "cancelled"
        assert "interrupted: rerun the same command" in out
    else:
        assert first.returncode == -signal.SIGKILL
        time.sleep(2.5)  # the orphaned fake task finishes on its own; its lock died with the runner
    before = len(_starts(tmp_path))
    second = _driver(tmp_path, {})
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, out + err
    rerun = _starts(tmp_path)[before:]
    assert not any(name.startswith("extract-") for name in rerun)  # succeeded before: skipped
    assert rerun[-1] == "transform@2025-11-20"
    assert "resumed" in out


def test_backfill_rejects_a_date_another_runner_holds(tmp_path: Path) -> None:
    first = _driver(tmp_path, {"extract-customers": 5.0})
    try:
        _wait_for_start(tmp_path, "extract-customers@2025-11-20")
        env = isolated_env(tmp_path)
        result = run_cli(["backfill", "--start", "2025-11-19", "--end", "2025-11-20", "--no-notify"], env, 60)
        assert result.returncode == 75
        assert "date 2025-11-20 is already being run by run e2e-run" in result.stderr
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=30)


@pytest.mark.slow
def test_three_day_backfill_with_the_real_jobs(tmp_path: Path, sources: Sources) -> None:
    env = isolated_env(tmp_path, sources.env())
    result = run_cli(
        ["backfill", "--start", START, "--end", "2025-11-22", "--parallel", "3", "--retry-backoff", "0.2"],
        env,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    lines = result.stdout.splitlines()
    static_rows = [line for line in lines if line.startswith(("extract-customers", "extract-agents"))]
    assert len(static_rows) == 2 and all("2025-11-22" in line for line in static_rows)
    assert sum(line.startswith("transform") for line in lines) == 1
    assert all(" succeeded " in line for line in lines[1:17])
    lake = tmp_path / "lake"
    for day in ("20", "21", "22"):
        assert (lake / "call_logs" / "2025" / "11" / day / "data.parquet").is_file()
    assert not (lake / "customers" / "2025" / "11" / "20").exists()
