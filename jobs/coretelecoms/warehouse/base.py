"""The warehouse interface both backends implement, and the facts a load passes around.

A load takes one raw partition (already checked against its manifest) and makes RAW and
STAGING reflect it in one atomic step per table; see `Warehouse.load_partition`.
"""

from __future__ import annotations

import abc
import contextlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from coretelecoms.contract import TableContract
from coretelecoms.errors import DataError

_SHA256 = re.compile(r"^[0-9a-f]{64}$")

# Test-only fault injection: a callable receiving the name of each crash-relevant step.
# Production never sets it; crash tests set it in a child process to die at a chosen point.
CHECKPOINT_HOOK: Callable[[str], None] | None = None


def checkpoint(name: str) -> None:
    """Mark a step boundary (e.g. `raw_replaced`), so tests can kill the process exactly there."""
    if CHECKPOINT_HOOK is not None:
        CHECKPOINT_HOOK(name)


@dataclass(frozen=True)
class Manifest:
    """The parts of a partition's `_manifest.json` a load relies on."""

    table: str
    logical_date: date
    rows_out: int
    data_sha256: str

    @classmethod
    def parse(cls, raw: bytes, where: str) -> Manifest:
        """Validate a manifest's JSON; anything malformed is a DataError naming the file and field."""
        try:
            doc: Any = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise DataError(f"{where}: manifest is not valid JSON ({exc})") from None
        if not isinstance(doc, dict):
            raise DataError(f"{where}: manifest is not a JSON object")

        def need(name: str, kind: type) -> Any:
            value = doc.get(name)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise DataError(f"{where}: manifest field {name!r} missing or not a {kind.__name__}")
            return value

        rows_out = need("rows_out", int)
        sha = need("data_sha256", str).lower()
        if rows_out < 0 or not _SHA256.match(sha):
            raise DataError(f"{where}: manifest has a negative rows_out or a malformed data_sha256")
        try:
            day = date.fromisoformat(need("logical_date", str))
        except ValueError:
            raise DataError(f"{where}: manifest field 'logical_date' is not YYYY-MM-DD") from None
        return cls(table=need("table", str), logical_date=day, rows_out=rows_out, data_sha256=sha)


@dataclass(frozen=True)
class Partition:
    """One raw partition ready to load: its contract, manifest, local file and the columns to copy."""

    contract: TableContract
    day: date
    manifest: Manifest
    path: Path
    lake_key: str
    lake_uri: str
    ignored_columns: tuple[str, ...] = ()


@dataclass
class TableLoad:
    """What loading one partition did (one entry of the summary's details)."""

    table: str
    rows: int = 0
    copied: int = 0
    duplicates: int = 0
    inserted: int = 0
    updated: int = 0
    stale: int = 0
    skipped: bool = False
    staging: str = "merged"
    ignored_columns: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def as_detail(self) -> dict[str, Any]:
        """JSON-ready summary entry."""
        detail: dict[str, Any] = {
            "rows": self.rows,
            "skipped": self.skipped,
            "seconds": round(self.seconds, 3),
        }
        if not self.skipped:
            detail.update(
                copied=self.copied,
                duplicates=self.duplicates,
                merged=self.inserted + self.updated,
                inserted=self.inserted,
                updated=self.updated,
                stale=self.stale,
                staging=self.staging,
            )
        if self.ignored_columns:
            detail["ignored_columns"] = self.ignored_columns
        return detail


def reconcile(part: Partition, copied: int, unique: int, result: TableLoad) -> None:
    """Rows in the partition = rows copied = rows merged + stale + in-partition duplicates.

    Raised inside the table's transaction, so a mismatch leaves RAW and STAGING untouched.
    """
    name, expected = part.contract.name, part.manifest.rows_out
    if copied != expected:
        raise DataError(
            f"{part.lake_uri}: reconciliation failed: manifest rows_out={expected} but {copied} rows copied"
        )
    if result.inserted + result.updated + result.stale + (copied - unique) != copied:
        raise DataError(
            f"{name} {part.day}: reconciliation failed: {copied} copied != inserted {result.inserted}"
            f" + updated {result.updated} + stale {result.stale} + duplicates {copied - unique}"
        )


class Warehouse(abc.ABC):
    """A warehouse with RAW and STAGING schemas that loads raw partitions idempotently."""

    def _audit(
        self,
        *,
        part: Partition,
        load_id: str,
        run_id: str,
        started: datetime,
        result: TableLoad,
        status: str,
        message: str | None,
    ) -> None:
        """Record one load attempt in RAW.LOAD_AUDIT; every backend records the same facts."""
        finished = datetime.now(UTC).replace(tzinfo=None)
        self._write_audit(
            [
                load_id,
                part.contract.name,
                part.day,
                part.manifest.data_sha256,
                part.manifest.rows_out,
                result.copied,
                result.inserted + result.updated,
                started,
                finished,
                status,
                run_id,
                message,
            ]
        )

    @abc.abstractmethod
    def _write_audit(self, values: list[Any]) -> None:
        """Insert one LOAD_AUDIT row, values in `sql.insert_audit`'s column order."""

    @abc.abstractmethod
    def ensure_objects(self) -> None:
        """Create the schemas RAW and STAGING, the five tables in each and RAW.LOAD_AUDIT if absent."""

    @abc.abstractmethod
    def last_loaded_sha(self, table: str, day: date) -> str | None:
        """data_sha256 of the newest successful load of (table, day), or None: the skip check."""

    @abc.abstractmethod
    def load_partition(self, part: Partition, load_id: str, run_id: str) -> TableLoad:
        """Load one partition into RAW (replace its date) and STAGING (merge or swap), atomically,
        reconciled against the manifest, and record it in RAW.LOAD_AUDIT."""

    def record_failure(self, part: Partition, load_id: str, run_id: str, message: str) -> None:
        """Best-effort audit row for a failed load (after its transaction rolled back).

        A warehouse error while writing it (often the session the load lost) is dropped, so the
        load's own error is what the job reports; any other exception is a bug and propagates.
        """
        started = datetime.now(UTC).replace(tzinfo=None)
        with contextlib.suppress(*self.audit_write_errors()):
            self._audit(
                part=part,
                load_id=load_id,
                run_id=run_id,
                started=started,
                result=TableLoad(table=part.contract.name),
                status="failed",
                message=message,
            )

    @abc.abstractmethod
    def audit_write_errors(self) -> tuple[type[Exception], ...]:
        """The errors `_write_audit` raises when the warehouse refuses the row."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection and any lock."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
