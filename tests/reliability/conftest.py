"""One real backfill shared by the idempotency and kill tests (dbt makes each backfill ~35 s)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from reliability.helpers import lake_hashes, warehouse_digest
from support import START, Sources, isolated_env, run_cli

END = "2025-11-22"
BACKFILL = [
    "backfill",
    "--start",
    START,
    "--end",
    END,
    "--parallel",
    "2",
    "--retry-backoff",
    "0.2",
    "--no-notify",
]


@dataclass(frozen=True)
class Baseline:
    """A backfilled environment and what its lake and warehouse held after the first run."""

    root: Path
    env: dict[str, str]
    lake: dict[str, str]
    warehouse: dict[str, tuple[int, str]]

    @property
    def db(self) -> Path:
        """The DuckDB warehouse file."""
        return self.root / "warehouse" / "coretelecoms_dw.duckdb"


@pytest.fixture(scope="session")
def backfilled(tmp_path_factory: pytest.TempPathFactory, sources: Sources) -> Baseline:
    """Backfill the shared sources' three days once; tests rerun things and compare with this."""
    root = tmp_path_factory.mktemp("backfilled")
    env = isolated_env(root, sources.env())
    result = run_cli(BACKFILL, env, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    return Baseline(
        root, env, lake_hashes(root / "lake"), warehouse_digest(root / "warehouse" / "coretelecoms_dw.duckdb")
    )
