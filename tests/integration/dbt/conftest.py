"""Shared warehouses for the dbt tests: each built once per session, since a dbt build takes seconds.

`pipeline` runs the real stages (generate → extract → load → transform) as subprocesses, like
pods: a two-day backfill, then one daily run. `crafted` seeds RAW/STAGING directly with exact
status histories and rule-breaking rows, then runs two transforms (the second after dates
loaded out of order).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest
from integration.dbt import seed
from support import Sources, isolated_env, run_cli

from coretelecoms.summary import parse_summary_line

D1 = date(2025, 11, 20)
DBT_PROJECT = Path(__file__).resolve().parents[3] / "dbt"


def dbt_env(root: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """isolated_env with the dbt project pinned to this repository's `dbt/`."""
    env = isolated_env(root, extra)
    env["CORETELECOMS_DBT__PROJECT_DIR"] = env["CORETELECOMS_DBT__PROFILES_DIR"] = str(DBT_PROJECT)
    return env


DAILY = ("call_logs", "social_media", "web_forms")
STATIC = ("customers", "agents")


@dataclass
class Built:
    """A warehouse built by the fixture: its env, DuckDB path and the transform summaries."""

    root: Path
    env: dict[str, str]
    summaries: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    snapshots: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)

    @property
    def db(self) -> Path:
        """The DuckDB warehouse file."""
        return Path(self.env["CORETELECOMS_WAREHOUSE__DUCKDB_PATH"])

    def query(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read-only query on the warehouse."""
        with duckdb.connect(str(self.db), read_only=True) as conn:
            return conn.execute(text, list(params)).fetchall()

    def copy(self, dest: Path) -> Built:
        """A copy of this warehouse (file and env) under `dest`, to mutate without spoiling the shared one."""
        env = dbt_env(dest, {k: v for k, v in self.env.items() if not k.startswith("CORETELECOMS_")})
        for key in (
            "CORETELECOMS_SOURCE_FILES__URI",
            "CORETELECOMS_CRM__URI",
            "CORETELECOMS_SHEETS__CSV_PATH",
        ):
            if key in self.env:
                env[key] = self.env[key]
        copied = Built(dest, env)
        copied.db.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(self.db, copied.db)
        return copied


def transform(built: Built, *args: str) -> tuple[int, dict[str, Any]]:
    """Run `coretelecoms transform ...` as a subprocess; its exit code and JSON summary."""
    proc = run_cli(["transform", *args], built.env, timeout=300)
    summary = parse_summary_line(proc.stdout)
    assert summary is not None, f"no summary; stderr tail: {proc.stderr[-2000:]}"
    return proc.returncode, summary


def transform_ok(built: Built, *args: str) -> None:
    """Run a transform the fixture relies on; fail loudly with dbt's message when it does not pass."""
    code, summary = transform(built, *args)
    assert code == 0, f"transform {args} exited {code}: {summary['message']}"
    built.summaries.append((code, summary))


def _parallel(commands: list[list[str]], env: dict[str, str]) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "coretelecoms", *c],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for c in commands
    ]
    for cmd, proc in zip(commands, procs, strict=True):
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"{cmd} exited {proc.returncode}: {err.decode()[-1500:]}"


def extract_and_load(built: Built, day: date, tables: Sequence[str]) -> None:
    """Extract the tables for `day` in parallel, then load them, as the DAG does."""
    _parallel([["extract", t, "--date", day.isoformat()] for t in tables], built.env)
    proc = run_cli(["load", "--date", day.isoformat(), "--tables", ",".join(tables)], built.env)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory: pytest.TempPathFactory, sources: Sources) -> Built:
    """Generated sources run through the real stages: backfill D1..D2, then the daily run for D3."""
    root = tmp_path_factory.mktemp("dbt_pipeline")
    built = Built(root, dbt_env(root, sources.env()))
    d2, d3 = D1 + timedelta(days=1), D1 + timedelta(days=2)
    for day in (D1, d2):
        extract_and_load(built, day, DAILY)
    extract_and_load(built, d2, STATIC)
    transform_ok(built, "--start", D1.isoformat(), "--end", d2.isoformat())
    extract_and_load(built, d3, DAILY + STATIC)
    transform_ok(built, "--date", d3.isoformat())
    return built


# ---- crafted scenario -------------------------------------------------------------------------

Row = Mapping[str, Any]


def web(request_id: str, status: str, *, customer: str = "CUST1", agent: str = " 1 ", request: str = "2025-11-20 09:00:00",
        resolution: str = "", category: str = "Payments", gen: str = "2025-11-20 23:00:00") -> Row:  # fmt: skip
    """A web-form source row."""
    return {
        "request_id": request_id, "customer_id": customer, "complaint_category": category, "agent_id": agent,
        "resolution_status": status, "request_date": request, "resolution_date": resolution,
        "web_form_generation_date": gen,
    }  # fmt: skip


def call(call_id: str, status: str, *, start: str, end: str, category: str, customer: str = "CUST1") -> Row:
    """A call-log source row."""
    return {
        "call_id": call_id, "customer_id": customer, "complaint_category": category, "agent_id": "2",
        "call_start_time": start, "call_end_time": end, "resolution_status": status,
        "call_logs_generation_date": "2025-11-20 23:00:00",
    }  # fmt: skip


def social(complaint_id: str, status: str, *, request: str, customer: str = "CUST1") -> Row:
    """A social-media source row."""
    return {
        "complaint_id": complaint_id, "customer_id": customer, "complaint_category": "Billing Issues",
        "agent_id": "", "resolution_status": status, "request_date": request, "resolution_date": "",
        "media_channel": "Twitter", "media_complaint_generation_date": "Nov 20, 2025 11:00 PM",
    }  # fmt: skip


CUSTOMERS = [
    {"customer_id": "CUST1", "name": "Ada Brown", "gender": "f", "date_of_birth": "1990-02-03",
     "signup_date": "03/02/2020", "email": "ADA@X.COM", "address": "1 Main St"},
    {"customer_id": "CUST2", "name": "Jon Kim", "gender": "M", "date_of_birth": "Feb 03, 1985",
     "signup_date": "2021/05/06", "email": "jon@x.com", "address": "2 Oak Ave"},
]  # fmt: skip
AGENTS = [
    {"id": " 1 ", "name": "Grace", "experience": "senior", "state": "CA"},
    {"id": "2", "name": "Hiro", "experience": "junior", "state": "TX"},
]

# Day -> table -> rows. W1 goes Backlog (D1) → In-Progress (D2, D3) → Resolved (D4); D4 is loaded before D3.
CRAFTED: dict[date, dict[str, list[Row]]] = {
    D1: {
        "web_forms": [
            web("W1", "Backlog"),
            web("W2", "Backlog", customer="CUST404"),
            web("W3", "Escalated"),
            web("W4", "Backlog", request="the 20th"),
            web("W5", "Resolved", request="2025-11-20 10:00:00", resolution="2025-11-19 10:00:00"),
            web("W6", "backlog", agent=" 99 "),
            web("W7", " in progress", category="  network   FAILURE "),
        ],
        "call_logs": [
            call("C1", "BACKLOG", start="2025/11/21 09:00", end="21-11-2025 09:10:00", category=" technician support "),
            call("C2", "Resolved", start="2025-11-20T08:00:00Z", end="2025-11-20 08:02:00", category="Payments", customer="CUST2"),
        ],
        "social_media": [social("S1", "IN PROGRESS", request="Nov 22, 2025 10:00 AM")],
    },
    D1 + timedelta(days=1): {"web_forms": [web("W1", "In-Progress")], "call_logs": [], "social_media": []},
    D1 + timedelta(days=3): {
        "web_forms": [web("W1", "Resolved", resolution="2025-11-23 12:00:00", gen="2025-11-23 23:00:00")],
        "call_logs": [],
        "social_media": [],
    },
    D1 + timedelta(days=2): {"web_forms": [web("W1", "In-Progress"), web("W7", "Resolved ", category="Network Failure")], "call_logs": [], "social_media": []},
}  # fmt: skip


def _seed_days(db: Path, days: Sequence[date]) -> None:
    for day in days:
        for table, rows in CRAFTED[day].items():
            seed.load_rows(db, table, day, rows)


@pytest.fixture(scope="session")
def crafted(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """Seeded warehouse: transform D1..D2, then load D4 and D3 (out of order) and transform D3..D4."""
    root = tmp_path_factory.mktemp("dbt_crafted")
    built = Built(root, dbt_env(root))
    built.db.parent.mkdir(parents=True, exist_ok=True)
    seed.create_objects(built.db)
    seed.load_rows(built.db, "customers", D1 + timedelta(days=1), CUSTOMERS)
    seed.load_rows(built.db, "agents", D1 + timedelta(days=1), AGENTS)
    _seed_days(built.db, [D1, D1 + timedelta(days=1)])
    transform_ok(built, "--start", "2025-11-20", "--end", "2025-11-21")
    built.snapshots["first_unified"] = built.query(
        "select source_complaint_id, channel, resolution_status from analytics.fct_unified_complaints order by 1"
    )
    _seed_days(built.db, [D1 + timedelta(days=3), D1 + timedelta(days=2)])
    transform_ok(built, "--start", "2025-11-22", "--end", "2025-11-23")
    return built
