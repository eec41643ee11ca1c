"""Vectorised, deterministic generation of every source table for a date.

Each day's rows come from a random generator seeded by (seed, table, date), so any date
can be produced alone and always comes out the same. A complaint is born on one day with
a lifecycle plan (e.g. Backlog → In-Progress → Resolved) and comes back on the next days
with its new status, as the real sources do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import polars as pl

from coretelecoms.generate import vocab

# Lifecycle plans: the status a complaint shows on its first, second and third day.
PLANS: tuple[tuple[str, ...], ...] = (
    ("Backlog",),
    ("Backlog", "In-Progress"),
    ("Backlog", "In-Progress", "Resolved"),
    ("Backlog", "Resolved"),
    ("In-Progress",),
    ("In-Progress", "Resolved"),
    ("Resolved",),
)
_PLAN_WEIGHTS = np.array([0.22, 0.10, 0.14, 0.08, 0.10, 0.12, 0.24])
# Network failures mostly stay in Backlog (the insight production found).
_NETWORK_PLAN_WEIGHTS = np.array([0.55, 0.08, 0.05, 0.04, 0.08, 0.05, 0.15])
MAX_DAYS_OPEN = max(len(p) for p in PLANS)
# Rows in a day's file per complaint born that day (new + returning), at steady state.
RETURN_FACTOR = 1.5

_KIND_CODES = {"call_logs": 1, "social_media": 2, "web_forms": 3, "customers": 4, "agents": 5}
_ID_PREFIX = {"call_logs": "CALL", "social_media": "SM", "web_forms": "WF"}


@dataclass(frozen=True)
class Volumes:
    """Row counts for one scale: scale 1 is a realistic day."""

    customers: int
    agents: int
    call_logs: int
    social_media: int
    web_forms: int

    @classmethod
    def for_scale(cls, scale: float) -> Volumes:
        """Counts grow linearly with scale (scale 100 ≈ 300k calls a day).

        Daily counts are of complaints *born* that day; with the ones coming back with a new
        status (about half as many again) a day's file holds ~3,000 calls at scale 1.
        """

        def n(base: float) -> int:
            return max(1, round(base * scale))

        return cls(
            n(10_000),
            max(5, n(100)),
            n(3_000 / RETURN_FACTOR),
            n(1_500 / RETURN_FACTOR),
            n(1_500 / RETURN_FACTOR),
        )


def _rng(seed: int, kind: str, day: date, salt: int = 0) -> np.random.Generator:
    return np.random.default_rng([seed, _KIND_CODES[kind], day.toordinal(), salt])


def new_complaints(kind: str, day: date, seed: int, volumes: Volumes) -> pl.DataFrame:
    """Complaints first raised on `day` for one channel, with their lifecycle plan (clean values)."""
    size = getattr(volumes, kind)
    rng = _rng(seed, kind, day)
    category_idx = rng.choice(len(vocab.CATEGORIES), size=size, p=np.array(vocab.CATEGORY_WEIGHTS))
    uniform = rng.random(size)
    cum_default = np.cumsum(_PLAN_WEIGHTS / _PLAN_WEIGHTS.sum())
    cum_network = np.cumsum(_NETWORK_PLAN_WEIGHTS / _NETWORK_PLAN_WEIGHTS.sum())
    plan = np.where(
        category_idx == 0,
        np.searchsorted(cum_network, uniform, side="right"),
        np.searchsorted(cum_default, uniform, side="right"),
    ).clip(0, len(PLANS) - 1)
    customer = rng.integers(1, volumes.customers + 1, size=size)
    agent = rng.integers(1, volumes.agents + 1, size=size)
    midnight = datetime(day.year, day.month, day.day)
    start_offset = rng.integers(7 * 3600, 22 * 3600, size=size)
    # Technician Support calls run long (~14 min); the rest ~4 min.
    mean_minutes = np.where(category_idx == 1, 14.0, 4.0)
    duration = np.maximum(30, rng.gamma(4.0, mean_minutes * 60 / 4.0, size=size)).astype(np.int64)
    resolve_hours = rng.integers(1, 20, size=size)
    channel = rng.integers(0, len(vocab.MEDIA_CHANNELS), size=size)
    seq = np.arange(1, size + 1)
    frame = pl.DataFrame(
        {
            "seq": seq,
            "category": np.asarray(vocab.CATEGORIES)[category_idx],
            "plan": plan.astype(np.int64),
            "customer_n": customer,
            "agent_n": agent,
            "start_s": start_offset,
            "duration_s": duration,
            "resolve_h": resolve_hours,
            "channel": np.asarray(vocab.MEDIA_CHANNELS)[channel],
        }
    )
    return frame.with_columns(
        id=pl.lit(f"{_ID_PREFIX[kind]}-{day:%Y%m%d}-") + pl.col("seq").cast(pl.String).str.pad_start(7, "0"),
        born=pl.lit(day),
        start=pl.lit(midnight) + pl.duration(seconds=pl.col("start_s")),
    )


def complaints_on(kind: str, day: date, seed: int, volumes: Volumes) -> pl.DataFrame:
    """Every complaint a channel reports on `day`: new ones plus earlier ones with a new status."""
    frames = []
    for age in range(MAX_DAYS_OPEN):
        born = day - timedelta(days=age)
        batch = new_complaints(kind, born, seed, volumes)
        statuses = [p[age] if age < len(p) else None for p in PLANS]
        lengths = [len(p) for p in PLANS]
        plan_ids = list(range(len(PLANS)))
        batch = batch.filter(pl.col("plan").replace_strict(plan_ids, lengths, return_dtype=pl.Int64) > age)
        batch = batch.with_columns(
            status=pl.col("plan").replace_strict(list(range(len(PLANS))), statuses, return_dtype=pl.String),
            age=pl.lit(age, dtype=pl.Int64),
        )
        frames.append(batch)
    return pl.concat(frames)
