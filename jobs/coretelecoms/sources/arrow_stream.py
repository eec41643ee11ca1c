"""A connectorx query as a stream of polars frames, handed over through the Arrow C interface.

connectorx's public `read_sql(return_type="arrow_stream")` wraps every batch in pyarrow,
whose import alone costs about 0.2 s and 55 MB per job (measured; a third of the CRM read at
scale 100). This module calls the native function that wrapper calls, and gives each
exported column to polars through the Arrow PyCapsule interface instead, which polars
imports without pyarrow. connectorx is pinned below 0.5 for that reason (jobs/pyproject.toml),
and tests/unit/sources covers the whole path.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl

_capsule_new = ctypes.pythonapi.PyCapsule_New
_capsule_new.restype = ctypes.py_object
_capsule_new.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p]


@dataclass(frozen=True)
class _ExportedColumn:
    """One column connectorx exported: pointers to a C `ArrowArray` and its `ArrowSchema`.

    polars moves the array out of the capsule (the C interface's ownership transfer), exactly
    as pyarrow does in connectorx's own wrapper.
    """

    array_ptr: int
    schema_ptr: int

    def __arrow_c_array__(self, requested_schema: object = None) -> tuple[object, object]:
        """The Arrow PyCapsule interface: (schema capsule, array capsule)."""
        return (
            _capsule_new(self.schema_ptr, b"arrow_schema", None),
            _capsule_new(self.array_ptr, b"arrow_array", None),
        )


@dataclass(frozen=True)
class ArrowStream:
    """An open query: its column names, and its rows as polars frames of at most `batch_rows`."""

    columns: list[str]
    batches: Iterator[pl.DataFrame]


def open_stream(uri: str, query: str, batch_rows: int, pre_execution: list[str] | None) -> ArrowStream:
    """Run `query` and return its columns at once (so connection and missing-table errors
    surface here) and its rows as a lazy iterator of frames.

    Driver errors come from connectorx as it raises them (RuntimeError at open; a pyo3
    `PanicException` mid-stream): the caller translates them.
    """
    from connectorx import connectorx as native  # the binding behind connectorx.read_sql

    stream: Any = native.read_sql(
        uri,
        "arrow_stream",
        queries=[query],
        protocol="binary",
        partition_query=None,
        pre_execution_queries=pre_execution,
        batch_size=batch_rows,
    )
    header, _ = stream.schema_ptr()
    names = list(header)

    def frames() -> Iterator[pl.DataFrame]:
        for batch in stream:
            # The exported field carries no name of its own: name each column here.
            exported = zip(names, batch.to_ptrs(), strict=True)
            yield pl.DataFrame([pl.Series(_ExportedColumn(*ptrs)).rename(name) for name, ptrs in exported])

    return ArrowStream(names, frames())
