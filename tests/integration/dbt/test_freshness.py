"""Source freshness on `_loaded_at`: fresh loads pass, a table not loaded for days is an error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

from .conftest import DBT_PROJECT, Built


def _freshness(db: Path, work: Path) -> subprocess.CompletedProcess[str]:
    dbt = Path(sys.executable).parent / "dbt"
    args = [str(dbt), "source", "freshness", "--project-dir", str(DBT_PROJECT), "--profiles-dir", str(DBT_PROJECT),
            "--target-path", str(work / "target"), "--log-path", str(work / "logs")]  # fmt: skip
    env = {"PATH": "/usr/bin:/bin", "HOME": str(work), "CORETELECOMS_DBT_DUCKDB_PATH": str(db)}
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_source_freshness_passes_then_flags_a_stale_table(crafted: Built, tmp_path: Path) -> None:
    copy = crafted.copy(tmp_path / "wh")
    fresh = _freshness(copy.db, tmp_path)
    assert fresh.returncode == 0, fresh.stdout[-2000:]
    assert "PASS" in fresh.stdout
    with duckdb.connect(str(copy.db)) as conn:
        conn.execute("update staging.call_logs set _loaded_at = _loaded_at - interval 5 day")
    stale = _freshness(copy.db, tmp_path)
    assert stale.returncode == 1
    assert "ERROR STALE" in stale.stdout and "staging.call_logs" in stale.stdout
