"""Lake layout and the interface both backends implement."""

from __future__ import annotations

import abc
import contextlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

DATA_FILE = "data.parquet"
MANIFEST_FILE = "_manifest.json"
QUARANTINE_ROOT = "_quarantine"


def _day_path(day: date) -> str:
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


def partition_key(table: str, day: date) -> str:
    """Lake key of a table's Parquet for one date: `<table>/YYYY/MM/DD/data.parquet`."""
    return f"{table}/{_day_path(day)}/{DATA_FILE}"


def manifest_key(table: str, day: date) -> str:
    """Lake key of the manifest written beside a partition once its data file is in place."""
    return f"{table}/{_day_path(day)}/{MANIFEST_FILE}"


def quarantine_key(table: str, day: date) -> str:
    """Lake key of the rows rejected from a partition, each with its `_reason`."""
    return f"{QUARANTINE_ROOT}/{table}/{_day_path(day)}/{DATA_FILE}"


class Lake(abc.ABC):
    """A place to put raw partitions atomically and read them back."""

    uri: str

    @abc.abstractmethod
    def uri_of(self, key: str) -> str:
        """Full URI of a key (for summaries and manifests)."""

    @abc.abstractmethod
    @contextlib.contextmanager
    def staging_path(self, key: str) -> Iterator[Path]:
        """A local path to write `key`'s content to; published atomically when the block succeeds.

        Nothing appears at the final key if the block raises (or the process dies).
        """

    @abc.abstractmethod
    def put_bytes(self, key: str, data: bytes) -> None:
        """Write small content (a manifest) atomically."""

    @abc.abstractmethod
    def get_bytes(self, key: str) -> bytes:
        """Read a whole object; DataError when missing."""

    @abc.abstractmethod
    def exists(self, key: str) -> bool:
        """Whether a key is present."""

    @abc.abstractmethod
    def delete(self, key: str) -> None:
        """Remove a key if present (a stale quarantine file from an earlier run)."""

    @abc.abstractmethod
    @contextlib.contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        """A local file with the key's content, for engines that read local files."""
