"""SIGKILL a job mid-run (extract, load, transform), rerun it, and get exactly the first result."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from reliability.conftest import END, Baseline
from reliability.helpers import (
    DAILY,
    duplicate_keys,
    kill_after,
    lake_hashes,
    start_cli,
    stray_files,
    warehouse_digest,
)
from support import run_cli

RNG = random.Random(9)  # "random" kill points, reproducible between runs
DAY = "2025-11-21"
FRACTIONS = sorted(RNG.uniform(0.3, 0.9) for _ in range(3))
_DURATIONS: dict[str, float] = {}


def _duration(args: list[str], env: dict[str, str]) -> float:
    """Seconds one uninterrupted run of `args` takes here (measured once), to kill inside it."""
    key = " ".join(args)
    if key not in _DURATIONS:
        started = time.monotonic()
        result = run_cli(args, env)
        assert result.returncode == 0, result.stdout + result.stderr[-3000:]
        _DURATIONS[key] = time.monotonic() - started
    return _DURATIONS[key]


@pytest.mark.parametrize("fraction", FRACTIONS)
def test_killed_extract_rerun_gives_identical_lake(backfilled: Baseline, fraction: float) -> None:
    args = ["extract", "call_logs", "--date", DAY]
    delay = fraction * _duration(args, backfilled.env)
    assert kill_after(start_cli(args, backfilled.env), delay), "extract ended before the kill"
    lake = backfilled.root / "lake"
    rerun = run_cli(args, backfilled.env)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert lake_hashes(lake) == backfilled.lake
    assert stray_files(lake) == []


@pytest.mark.parametrize("fraction", FRACTIONS)
def test_killed_load_rerun_gives_identical_warehouse(backfilled: Baseline, fraction: float) -> None:
    # --force so the load really deletes and inserts (a skip would prove nothing).
    args = ["load", "--date", DAY, "--tables", DAILY, "--force"]
    delay = fraction * _duration(args, backfilled.env)
    assert kill_after(start_cli(args, backfilled.env), delay), "load ended before the kill"
    rerun = run_cli(args, backfilled.env)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr[-3000:]
    assert warehouse_digest(backfilled.db) == backfilled.warehouse
    assert duplicate_keys(backfilled.db) == {}


def _wait_for_models(log: Path, offset: int, count: int, timeout: float = 120) -> None:
    """Block until dbt's log (past `offset`) reports `count` models created: the build is under way."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.is_file():
            with log.open("rb") as handle:
                handle.seek(offset)
                if handle.read().count(b"OK created") >= count:
                    return
        time.sleep(0.05)
    raise AssertionError(f"dbt never created {count} models (see {log})")


@pytest.mark.slow
@pytest.mark.parametrize("models", [RNG.randint(3, 15)])
def test_killed_transform_rerun_gives_identical_analytics(backfilled: Baseline, models: int) -> None:
    args = ["transform", "--start", "2025-11-20", "--end", END]
    log = backfilled.root / "state" / "dbt" / "logs" / "dbt.log"
    offset = log.stat().st_size if log.is_file() else 0
    proc = start_cli(args, backfilled.env)
    # Kill inside the build, after a random number of models were replaced: some are new, some old.
    _wait_for_models(log, offset, models)
    assert kill_after(proc, 0), "transform ended before the kill"
    rerun = run_cli(args, backfilled.env, timeout=300)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr[-3000:]
    assert warehouse_digest(backfilled.db) == backfilled.warehouse
    assert duplicate_keys(backfilled.db) == {}
