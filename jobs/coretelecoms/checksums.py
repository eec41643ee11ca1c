"""File checksums: the lake file's sha256 (extract writes it, load verifies it) and the source
file's fingerprint (extract records it as lineage)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _hex_digest_of_file(new_digest: Callable[[], Any], path: Path) -> str:
    # One reused 256 KiB buffer (readinto), so memory stays constant whatever the file's size and
    # no chunk is allocated per read: 1 MiB `read()` chunks cost the extract ~2 MB of peak RSS.
    with path.open("rb") as handle:
        return str(hashlib.file_digest(handle, new_digest).hexdigest())


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file: the lake file's identity, which load verifies before loading."""
    return _hex_digest_of_file(hashlib.sha256, path)


def source_fingerprint(path: Path) -> str:
    """Hex xxh3-128 of a source file (the manifest's `source_xxh3_128`): which bytes a
    partition was extracted from.

    It tells reruns and audits whether the source changed, which needs no cryptographic
    strength, and it runs beside the extract on every day's whole file: xxh3 hashes ~28 GB/s
    here against sha256's 1.8 GB/s (SHA-NI), about 0.2 s of CPU per 350 MB day taken from the
    extract itself. The lake file keeps sha256, the digest load verifies.
    """
    # Imported here: only the file-source images (extract-files, extract-sheets) carry xxhash.
    import xxhash

    return _hex_digest_of_file(xxhash.xxh3_128, path)
