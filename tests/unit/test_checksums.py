"""File checksums: published test vectors, and files larger than one read chunk."""

import hashlib
from pathlib import Path

import xxhash

from coretelecoms.checksums import sha256_file, source_fingerprint

# Published vectors: FIPS 180-2 for sha256("abc"); the xxHash reference for xxh3-128 of "".
SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
XXH3_128_EMPTY = "99aa06d3014798d86001c324468d497f"


def test_sha256_file_matches_the_published_vector(tmp_path: Path) -> None:
    path = tmp_path / "abc"
    path.write_bytes(b"abc")
    assert sha256_file(path) == SHA256_ABC


def test_source_fingerprint_matches_the_published_xxh3_128_vector(tmp_path: Path) -> None:
    path = tmp_path / "empty"
    path.write_bytes(b"")
    assert source_fingerprint(path) == XXH3_128_EMPTY


def test_multi_chunk_files_hash_as_a_whole(tmp_path: Path) -> None:
    """Every chunk counts: equal to the one-shot digest, and a change in the first or the
    last chunk changes it."""
    # ~3 MiB and not a whole number of reads: many of `hashlib.file_digest`'s 256 KiB buffers.
    body = bytes(range(256)) * (3 * 1024 * 1024 // 256 + 7)
    whole, first, last = tmp_path / "whole", tmp_path / "first", tmp_path / "last"
    whole.write_bytes(body)
    first.write_bytes(b"\xff" + body[1:])
    last.write_bytes(body[:-1] + b"\x00")
    assert sha256_file(whole) == hashlib.sha256(body).hexdigest()
    assert source_fingerprint(whole) == xxhash.xxh3_128(body).hexdigest()
    for changed in (first, last):
        assert sha256_file(changed) != sha256_file(whole)
        assert source_fingerprint(changed) != source_fingerprint(whole)
