"""What a source reader hands the extract job."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class SourceBatch:
    """One source table for one date, ready to sanitize.

    `headers` are exactly as the source sent them (duplicates preserved, so they can be
    reported); `frame` has one String column per header, named by position, plus `_source_row`.
    `source_uri` names the source in messages and the manifest; `source_file` is what the
    `_source_file` lineage column records, the same wherever the bucket lives so that the lake
    file stays byte-identical (a file's key in the bucket; the URI for tables and sheets).
    `diagnose`, when the reader has one, says where the source goes wrong after `frame` failed
    to read (see `sources.files.first_csv_problem`).
    """

    source_uri: str
    headers: list[str]
    frame: pl.LazyFrame
    source_file: str
    diagnose: Callable[[], str | None] | None = None

    @classmethod
    def of_table(cls, source_uri: str, headers: list[str], frame: pl.LazyFrame) -> SourceBatch:
        """A batch from a table or sheet, whose lineage name is its URI."""
        return cls(source_uri, headers, frame, source_uri)
