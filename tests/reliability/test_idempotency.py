"""Rerunning is safe: the same backfill again, and a forced reload, change nothing."""

from __future__ import annotations

import pytest
from reliability.conftest import BACKFILL, Baseline
from reliability.helpers import DAILY, duplicate_keys, lake_hashes, stray_files, warehouse_digest
from support import run_cli


def test_first_backfill_has_unique_keys_and_every_table(backfilled: Baseline) -> None:
    assert duplicate_keys(backfilled.db) == {}
    assert len(backfilled.lake) >= 11  # 3 daily tables x 3 days + 2 static (+ quarantine files)
    for name in ("raw.call_logs", "staging.web_forms", "analytics.fct_unified_complaints"):
        assert backfilled.warehouse[name][0] > 0, name


@pytest.mark.slow
def test_backfill_rerun_and_forced_reload_are_byte_and_row_identical(backfilled: Baseline) -> None:
    again = run_cli(BACKFILL, backfilled.env, timeout=300)
    assert again.returncode == 0, again.stdout + again.stderr[-3000:]
    lake = backfilled.root / "lake"
    assert lake_hashes(lake) == backfilled.lake
    assert warehouse_digest(backfilled.db) == backfilled.warehouse

    # Third pass without dbt's cost: force the load of one day to actually delete and reinsert.
    forced = run_cli(["load", "--date", "2025-11-21", "--tables", DAILY, "--force"], backfilled.env)
    assert forced.returncode == 0, forced.stdout + forced.stderr[-3000:]
    assert '"rows_loaded"' in forced.stdout or "rows_out" in forced.stdout
    assert warehouse_digest(backfilled.db) == backfilled.warehouse
    assert duplicate_keys(backfilled.db) == {}
    assert stray_files(lake) == []
