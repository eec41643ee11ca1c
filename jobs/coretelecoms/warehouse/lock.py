"""An exclusive, cross-process lock beside the DuckDB file: DuckDB allows one writer at a time.

The kernel drops an `flock` when its holder dies, so a killed load never leaves a stale lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path

from coretelecoms.errors import TransientError


def lock_path_for(db_path: str | Path) -> Path:
    """The lock file every writer of a DuckDB warehouse (load, transform) agrees on."""
    path = Path(db_path)
    return path.with_name(path.name + ".lock")


@contextlib.contextmanager
def exclusive_lock(path: Path, timeout_seconds: float, poll_seconds: float = 0.05) -> Iterator[None]:
    """Hold an exclusive lock on `path`; TransientError (exit 75, retried) when not acquired in time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise TransientError(
                        f"{path}: warehouse is locked by another writer (waited {timeout_seconds:g}s)"
                    ) from None
                time.sleep(poll_seconds)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
