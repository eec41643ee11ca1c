"""Turn clean generated rows into what the real sources send: the quirks DESIGN.md lists."""

from __future__ import annotations

import numpy as np
import polars as pl

from coretelecoms.generate import vocab

# Shares of rows that carry each quirk (kept small but always present at scale 1).
PADDED_ID_SHARE = 0.05
ORPHAN_CUSTOMER_SHARE = 0.01
ORPHAN_AGENT_SHARE = 0.02
UNASSIGNED_AGENT_SHARE = 0.03
MISSING_KEY_SHARE = 0.002


def mixed_format(col: str, formats: tuple[str, ...], choice: np.ndarray) -> pl.Expr:
    """Format a Datetime/Date column with a per-row choice of patterns (the sources mix them)."""
    picks = pl.lit(pl.Series(choice, dtype=pl.Int64))
    expr = pl.col(col).dt.strftime(formats[0])
    for i, fmt in enumerate(formats[1:], start=1):
        expr = pl.when(picks == i).then(pl.col(col).dt.strftime(fmt)).otherwise(expr)
    return expr


def status_variants(col: str, pick: np.ndarray) -> pl.Expr:
    """Canonical status → one of its messy spellings, chosen per row."""
    picks = pl.lit(pl.Series(pick, dtype=pl.Int64))
    expr: pl.Expr = pl.col(col)
    for canonical, variants in vocab.STATUS_VARIANTS.items():
        for i, variant in enumerate(variants):
            expr = (
                pl.when((pl.col(col) == canonical) & (picks % len(variants) == i))
                .then(pl.lit(variant))
                .otherwise(expr)
            )
    return expr


def customer_ids(numbers: pl.Expr) -> pl.Expr:
    """`CUST0000042` style ids."""
    return pl.lit("CUST") + numbers.cast(pl.String).str.pad_start(7, "0")


def messy_customer_ref(rng: np.random.Generator, size: int, customers: int) -> pl.Expr:
    """Customer id column expression over `customer_n`: some padded with spaces, some orphans."""
    roll = rng.random(size)
    orphan_n = customers + 1 + rng.integers(0, 1000, size=size)
    number = (
        pl.when(pl.lit(pl.Series(roll < ORPHAN_CUSTOMER_SHARE)))
        .then(pl.lit(pl.Series(orphan_n)))
        .otherwise(pl.col("customer_n"))
    )
    ident = customer_ids(number)
    pad = pl.lit(pl.Series(rng.random(size) < PADDED_ID_SHARE))
    return pl.when(pad).then(pl.lit(" ") + ident + pl.lit("  ")).otherwise(ident)


def messy_agent_ref(rng: np.random.Generator, size: int, agents: int) -> pl.Expr:
    """Agent id column expression over `agent_n`: integers as text, padded, orphaned or empty."""
    roll = rng.random(size)
    orphan_n = agents + 1 + rng.integers(0, 50, size=size)
    number = (
        pl.when(pl.lit(pl.Series(roll < ORPHAN_AGENT_SHARE)))
        .then(pl.lit(pl.Series(orphan_n)))
        .otherwise(pl.col("agent_n"))
        .cast(pl.String)
    )
    unassigned = pl.lit(
        pl.Series((roll >= ORPHAN_AGENT_SHARE) & (roll < ORPHAN_AGENT_SHARE + UNASSIGNED_AGENT_SHARE))
    )
    pad = pl.lit(pl.Series(rng.random(size) < PADDED_ID_SHARE))
    padded = pl.when(pad).then(pl.lit(" ") + number + pl.lit(" ")).otherwise(number)
    return pl.when(unassigned).then(pl.lit("")).otherwise(padded)


def blank_some_keys(frame: pl.DataFrame, key: str, rng: np.random.Generator) -> pl.DataFrame:
    """Empty a few keys (at least one per file): rows the extract must quarantine rather than keep."""
    chosen = rng.random(frame.height) < MISSING_KEY_SHARE
    chosen[rng.integers(0, frame.height)] = True
    blank = pl.lit(pl.Series(chosen))
    return frame.with_columns(pl.when(blank).then(pl.lit("")).otherwise(pl.col(key)).alias(key))
