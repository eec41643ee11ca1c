"""Kill the load process (SIGKILL) at many points: STAGING and RAW are always the old state or the
new one, and a rerun completes the load.

Two ways of killing: at every named checkpoint of the load (deterministic, via the module-level
test hook `coretelecoms.warehouse.base.CHECKPOINT_HOOK` set inside the child), and after random
delays (≥20 trials, seeded). The date being loaded carries a static swap and a daily MERGE.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from unit.warehouse.conftest import make_rows, query, write_partition_to

pytestmark = pytest.mark.slow

D1, D2 = date(2025, 11, 20), date(2025, 11, 21)
N = 2_000
CHECKPOINTS = ("copied", "raw_replaced", "staging_written", "before_commit", "committed")
TABLES = ("customers", "call_logs")

# Child: optionally die at the n-th checkpoint, then run the load job.
_CHILD = """
import os, signal, sys
from coretelecoms.warehouse import base
target = int(sys.argv[1])
seen = 0
def hook(name):
    global seen
    seen += 1
    if seen == target:
        os.kill(os.getpid(), signal.SIGKILL)
if target:
    base.CHECKPOINT_HOOK = hook
from coretelecoms.jobs import load
raise SystemExit(load.main(sys.argv[2:]))
"""


def fingerprint(db: Path) -> tuple[object, ...]:
    """Content of STAGING and of RAW's D2 rows, load ids excluded (they differ between runs)."""
    parts = []
    for table in TABLES:
        key = "customer_id" if table == "customers" else "call_id"
        for schema, where in (("staging", "TRUE"), ("raw", f"_logical_date = DATE '{D2}'")):
            parts.append(
                f"SELECT COUNT(*), SUM(HASH(x)), COUNT(DISTINCT {key}) FROM"
                f" (SELECT * EXCLUDE (_load_id, _loaded_at) FROM {schema}.{table} WHERE {where}) AS x"
            )
    union = " UNION ALL ".join(f"SELECT {i} AS i, * FROM ({p})" for i, p in enumerate(parts))
    return tuple(query(db, f"SELECT * FROM ({union}) ORDER BY i"))


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """A lake with D1 and D2, a warehouse holding D1 (old state) and the fingerprint after D2 (new)."""
    root = tmp_path_factory.mktemp("crash")
    lake = root / "lake"
    keys1 = [f"K{i}" for i in range(N)]
    keys2 = [f"K{i}" for i in range(N // 2, N + N // 2)]  # half are status updates
    write_partition_to(lake, "call_logs", D1, make_rows("call_logs", D1, keys1, "Backlog"))
    write_partition_to(lake, "call_logs", D2, make_rows("call_logs", D2, keys2, "Resolved"))
    write_partition_to(lake, "customers", D1, make_rows("customers", D1, [f"C{i}" for i in range(N)]))
    write_partition_to(lake, "customers", D2, make_rows("customers", D2, [f"C{i}" for i in range(N // 3, N)]))
    (root / "secrets").mkdir()
    env = {
        **os.environ,
        "CORETELECOMS_SECRETS_DIR": str(root / "secrets"),
        "CORETELECOMS_LAKE__URI": str(lake),
        "CORETELECOMS_RUN__TERMINATION_LOG_PATH": str(root / "termination-log"),
        "CORETELECOMS_WAREHOUSE__LOCK_TIMEOUT_SECONDS": "5",
    }
    base_db = root / "base" / "coretelecoms_dw.duckdb"
    assert child(env, base_db, D1).returncode == 0
    old = fingerprint(base_db)
    full_db = root / "full" / "coretelecoms_dw.duckdb"
    shutil.copytree(base_db.parent, full_db.parent)
    started = time.perf_counter()
    assert child(env, full_db, D2).returncode == 0
    new = fingerprint(full_db)
    assert old != new
    return {"env": env, "base": base_db, "old": old, "new": new, "seconds": time.perf_counter() - started}


def child(env: dict[str, str], db: Path, day: date, target: int = 0, kill_after: float | None = None):
    """Run one load in a subprocess; with kill_after, SIGKILL it after that many seconds."""
    cmd = [sys.executable, "-c", _CHILD, str(target), "--date", day.isoformat(), "--tables", ",".join(TABLES)]
    proc = subprocess.Popen(
        cmd,
        env={**env, "CORETELECOMS_WAREHOUSE__DUCKDB_PATH": str(db)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    if kill_after is not None:
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def trial(scenario: dict[str, object], tmp_path: Path, name: str, **kwargs: object) -> int:
    """Copy the old warehouse, run a load that gets killed, check old-or-new, rerun, check new."""
    db = tmp_path / name / "coretelecoms_dw.duckdb"
    shutil.copytree(Path(str(scenario["base"])).parent, db.parent)
    env = scenario["env"]
    assert isinstance(env, dict)
    result = child(env, db, D2, **kwargs)  # type: ignore[arg-type]
    state = fingerprint(db)
    assert state in (scenario["old"], scenario["new"]) or _per_table_ok(state, scenario), name
    rerun = child(env, db, D2)
    assert rerun.returncode == 0, rerun.stdout.decode()[-500:]
    assert fingerprint(db) == scenario["new"], name
    return result.returncode


def _per_table_ok(state: tuple[object, ...], scenario: dict[str, object]) -> bool:
    """Tables commit one at a time: each table's (STAGING, RAW) pair is wholly old or wholly new."""
    old, new = scenario["old"], scenario["new"]
    assert isinstance(old, tuple) and isinstance(new, tuple)
    pairs = [(state[i : i + 2], old[i : i + 2], new[i : i + 2]) for i in range(0, len(state), 2)]
    return all(s in (o, n) for s, o, n in pairs)


@pytest.mark.parametrize("target", range(1, len(CHECKPOINTS) * len(TABLES) + 1))
def test_kill_at_every_checkpoint(scenario: dict[str, object], tmp_path: Path, target: int) -> None:
    assert trial(scenario, tmp_path, f"cp{target}", target=target) == -signal.SIGKILL


def test_kill_after_random_delays(scenario: dict[str, object], tmp_path: Path) -> None:
    rng = random.Random(20251120)
    full = float(str(scenario["seconds"]))
    delays = [rng.uniform(0.05, full * 1.1) for _ in range(20)]
    codes = [trial(scenario, tmp_path, f"rand{i}", kill_after=delay) for i, delay in enumerate(delays)]
    assert -signal.SIGKILL in codes  # at least some trials really were killed mid-run
