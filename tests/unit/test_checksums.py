"""File checksums: published test vectors, and files larger than one read chunk."""

from pathlib import Path

from coretelecoms import checksums
from coretelecoms.checksums import sha256_file, source_fingerprint

# Published vectors: FIPS 180-2 for sha256("abc"); the xxHash reference for xxh3-128 of "".
SHA256_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
XXH3_128_EMPTY = "99aa06d3014798d86001c324468d497f"


def test_sha256_file_matches_the_published_vector(tmp_path: Path) -> None:
    path = tmp_path / "abc"
    path.write_bytes(b"abc")
    assert sha256_file(path) == SHA256_ABC


def test_source_fingerprint_is_xxh3_128(tmp_path: Path) -> None:
    path = tmp_path / "empty"
    path.write_bytes(b"")
    assert checksums.SOURCE_FINGERPRINT_ALGORITHM == "xxh3_128"
    assert source_fingerprint(path) == XXH3_128_EMPTY


def test_chunked_reads_hash_the_whole_file(tmp_path: Path) -> None:
    """A change in the last byte of a multi-chunk file changes both digests."""
    body = bytes(range(256)) * (3 * checksums._CHUNK // 256 + 7)
    first, second = tmp_path / "a", tmp_path / "b"
    first.write_bytes(body)
    second.write_bytes(body[:-1] + b"\x00")
    assert sha256_file(first) != sha256_file(second)
    assert source_fingerprint(first) != source_fingerprint(second)
    assert len(sha256_file(first)) == 64 and len(source_fingerprint(first)) == 32
