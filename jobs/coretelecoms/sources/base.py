"""What a source reader hands the extract job."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class SourceBatch:
    """One source table for one date, ready to sanitize.

    `headers` are exactly as the source sent them (duplicates preserved, so they can be
    reported); `frame` has one String column per header, named by position, plus `_source_row`.
    """

    source_uri: str
    headers: list[str]
    frame: pl.LazyFrame
