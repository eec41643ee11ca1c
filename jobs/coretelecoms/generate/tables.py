"""Each source table as the source delivers it: contract columns under messy headers, messy values."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from coretelecoms.generate import messy, vocab
from coretelecoms.generate.model import Volumes, _rng, complaints_on


def _rename(frame: pl.DataFrame, headers: tuple[str, ...]) -> pl.DataFrame:
    return frame.rename(dict(zip(frame.columns, headers, strict=True)))


def _timestamps(frame: pl.DataFrame, rng: np.random.Generator, cols: dict[str, str]) -> list[pl.Expr]:
    exprs = []
    for target, source in cols.items():
        choice = rng.integers(0, len(vocab.TIMESTAMP_FORMATS), size=frame.height)
        exprs.append(messy.mixed_format(source, vocab.TIMESTAMP_FORMATS, choice).alias(target))
    return exprs


def _complaint_common(
    kind: str, day: date, seed: int, volumes: Volumes
) -> tuple[pl.DataFrame, np.random.Generator]:
    frame = complaints_on(kind, day, seed, volumes)
    rng = _rng(seed, kind, day, salt=1)
    size = frame.height
    frame = frame.with_columns(
        customer_id=messy.messy_customer_ref(rng, size, volumes.customers),
        agent_id=messy.messy_agent_ref(rng, size, volumes.agents),
        status_text=messy.status_variants("status", rng.integers(0, 1000, size=size)),
        resolved_at=pl.when(pl.col("status") == "Resolved")
        .then(pl.col("start") + pl.duration(hours=pl.col("resolve_h")) + pl.duration(days=pl.col("age")))
        .otherwise(None),
        generated=pl.lit(day).cast(pl.Datetime),
    )
    return frame, rng


def call_logs(day: date, seed: int, volumes: Volumes) -> pl.DataFrame:
    """One day's call-log CSV content."""
    frame, rng = _complaint_common("call_logs", day, seed, volumes)
    frame = frame.with_columns(end=pl.col("start") + pl.duration(seconds=pl.col("duration_s")))
    gen_choice = rng.integers(0, len(vocab.DATE_FORMATS), size=frame.height)
    out = frame.select(
        pl.col("id").alias("call_id"),
        "customer_id",
        pl.col("category").alias("complaint_category"),
        "agent_id",
        *_timestamps(frame, rng, {"call_start_time": "start", "call_end_time": "end"}),
        pl.col("status_text").alias("resolution_status"),
        messy.mixed_format("generated", vocab.DATE_FORMATS, gen_choice).alias("call_logs_generation_date"),
    )
    out = messy.blank_some_keys(out, "call_id", rng)
    return _rename(out, vocab.CALL_LOG_HEADERS)


def _request_style(
    kind: str, day: date, seed: int, volumes: Volumes, headers: tuple[str, ...]
) -> pl.DataFrame:
    frame, rng = _complaint_common(kind, day, seed, volumes)
    gen_choice = rng.integers(0, len(vocab.DATE_FORMATS), size=frame.height)
    ts = _timestamps(frame, rng, {"request_date": "start", "resolution_date": "resolved_at"})
    cols: list[pl.Expr | str] = [
        pl.col("id").alias("key"),
        "customer_id",
        pl.col("category").alias("complaint_category"),
        "agent_id",
        pl.col("status_text").alias("resolution_status"),
        *ts,
    ]
    if kind == "social_media":
        cols.append(pl.col("channel").alias("media_channel"))
    cols.append(messy.mixed_format("generated", vocab.DATE_FORMATS, gen_choice).alias("generation_date"))
    out = frame.select(cols).with_columns(pl.col("resolution_date").fill_null(""))
    out = messy.blank_some_keys(out, "key", rng)
    return _rename(out, headers)


def social_media(day: date, seed: int, volumes: Volumes) -> pl.DataFrame:
    """One day's social-media complaints (written as column-oriented JSON)."""
    return _request_style("social_media", day, seed, volumes, vocab.SOCIAL_HEADERS)


def web_forms(day: date, seed: int, volumes: Volumes) -> pl.DataFrame:
    """One day's CRM web-form table."""
    return _request_style("web_forms", day, seed, volumes, vocab.WEB_FORM_HEADERS)


def customers(as_of: date, seed: int, volumes: Volumes) -> pl.DataFrame:
    """The static customers CSV (seeded independently of the date so it is the same every day)."""
    size = volumes.customers
    rng = np.random.default_rng([seed, 4])
    first = np.asarray(vocab.FIRST_NAMES)[rng.integers(0, len(vocab.FIRST_NAMES), size)]
    last = np.asarray(vocab.LAST_NAMES)[rng.integers(0, len(vocab.LAST_NAMES), size)]
    birth = rng.integers(date(1950, 1, 1).toordinal(), date(2005, 12, 31).toordinal(), size)
    signup = (
        rng.integers(date(2015, 1, 1).toordinal(), as_of.toordinal() - 30, size)
        if as_of.year > 2015
        else birth
    )
    frame = pl.DataFrame(
        {
            "n": np.arange(1, size + 1),
            "first": first,
            "last": last,
            "gender": np.asarray(vocab.GENDERS)[rng.integers(0, len(vocab.GENDERS), size)],
            "birth": [date.fromordinal(int(o)) for o in birth],
            "signup": [date.fromordinal(int(o)) for o in signup],
            "house": rng.integers(1, 9999, size),
            "street": np.asarray(vocab.STREETS)[rng.integers(0, len(vocab.STREETS), size)],
            "state": np.asarray(vocab.STATES)[rng.integers(0, len(vocab.STATES), size)],
        }
    )
    birth_fmt = rng.integers(0, len(vocab.DATE_FORMATS), size)
    signup_fmt = rng.integers(0, len(vocab.DATE_FORMATS), size)
    pad = pl.lit(pl.Series(rng.random(size) < messy.PADDED_ID_SHARE))
    ident = messy.customer_ids(pl.col("n"))
    out = frame.select(
        pl.when(pad).then(pl.lit(" ") + ident).otherwise(ident).alias("customer_id"),
        (pl.col("first") + pl.lit(" ") + pl.col("last")).alias("name"),
        "gender",
        messy.mixed_format("birth", vocab.DATE_FORMATS, birth_fmt).alias("date_of_birth"),
        messy.mixed_format("signup", vocab.DATE_FORMATS, signup_fmt).alias("signup_date"),
        (
            pl.col("first").str.to_lowercase()
            + pl.lit(".")
            + pl.col("last").str.to_lowercase()
            + pl.col("n").cast(pl.String)
            + pl.lit("@example.com")
        ).alias("email"),
        (
            pl.col("house").cast(pl.String) + pl.lit(" ") + pl.col("street") + pl.lit(", ") + pl.col("state")
        ).alias("address"),
    )
    return _rename(out, vocab.CUSTOMER_HEADERS)


def agents(seed: int, volumes: Volumes) -> pl.DataFrame:
    """The static agents sheet."""
    size = volumes.agents
    rng = np.random.default_rng([seed, 5])
    first = np.asarray(vocab.FIRST_NAMES)[rng.integers(0, len(vocab.FIRST_NAMES), size)]
    last = np.asarray(vocab.LAST_NAMES)[rng.integers(0, len(vocab.LAST_NAMES), size)]
    frame = pl.DataFrame(
        {
            "iD": [str(i) for i in range(1, size + 1)],
            "NamE": [f"{given} {family}" for given, family in zip(first, last, strict=True)],
            "experience": [str(int(x)) for x in rng.integers(0, 25, size)],
            "state": np.asarray(vocab.STATES)[rng.integers(0, len(vocab.STATES), size)],
        }
    )
    return frame
