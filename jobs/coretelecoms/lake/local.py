"""Raw lake in a local directory (embedded default): temp file + rename for atomicity."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

from coretelecoms.errors import DataError
from coretelecoms.lake.base import Lake


class LocalLake(Lake):
    """A lake rooted at a local directory."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()
        self.uri = str(self.root)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root not in path.parents:
            raise DataError(f"lake key escapes the lake root: {key}")
        return path

    def uri_of(self, key: str) -> str:
        """Absolute path of the key."""
        return str(self._path(key))

    @contextlib.contextmanager
    def staging_path(self, key: str) -> Iterator[Path]:
        """Write beside the final file (same filesystem), then rename over it."""
        final = self._path(key)
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataError(f"cannot create lake directory {final.parent}: {exc.strerror}") from exc
        tmp = final.with_name(f".{final.name}.{uuid.uuid4().hex}.tmp")
        try:
            yield tmp
            if not tmp.exists():
                raise DataError(f"nothing was written for {final}")
            _fsync(tmp)
            os.replace(tmp, final)
            _fsync_dir(final.parent)
        finally:
            tmp.unlink(missing_ok=True)

    def put_bytes(self, key: str, data: bytes) -> None:
        """Atomic small write."""
        with self.staging_path(key) as tmp:
            tmp.write_bytes(data)

    def get_bytes(self, key: str) -> bytes:
        """Whole file; DataError naming the path when missing."""
        path = self._path(key)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise DataError(f"{path}: not found in the lake") from None

    def exists(self, key: str) -> bool:
        """Whether the file exists."""
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        """Remove the file if present."""
        self._path(key).unlink(missing_ok=True)

    @contextlib.contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        """The file itself (no copy needed)."""
        path = self._path(key)
        if not path.is_file():
            raise DataError(f"{path}: not found in the lake")
        yield path


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        _fsync(path)
