"""Raw lake on S3 (or any S3-compatible store): objects appear whole or not at all."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coretelecoms.lake.base import Lake
from coretelecoms.s3 import split_s3_uri, translate_error


class S3Lake(Lake):
    """A lake under `s3://bucket/prefix`; a key is published by one PUT or a completed multipart upload."""

    def __init__(self, uri: str, client: Any, scratch_dir: str | None = None) -> None:
        self.uri = uri.rstrip("/")
        self.bucket, self.prefix = split_s3_uri(uri)
        self.client = client
        self.scratch_dir = scratch_dir

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def uri_of(self, key: str) -> str:
        """`s3://bucket/prefix/key`."""
        return f"s3://{self.bucket}/{self._key(key)}"

    @contextlib.contextmanager
    def staging_path(self, key: str) -> Iterator[Path]:
        """Write to a local scratch file, then upload: S3 never exposes a partial object."""
        with tempfile.TemporaryDirectory(dir=self.scratch_dir, prefix="lake-") as scratch:
            tmp = Path(scratch) / "staged"
            yield tmp
            try:
                self.client.upload_file(str(tmp), self.bucket, self._key(key))
            except Exception as exc:
                raise translate_error(exc, self.uri_of(key)) from exc

    def put_bytes(self, key: str, data: bytes) -> None:
        """One PUT."""
        try:
            self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data)
        except Exception as exc:
            raise translate_error(exc, self.uri_of(key)) from exc

    def get_bytes(self, key: str) -> bytes:
        """One GET; DataError when missing."""
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except Exception as exc:
            raise translate_error(exc, self.uri_of(key)) from exc

    def exists(self, key: str) -> bool:
        """HEAD the object."""
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
            return True
        except ClientError as exc:
            if str(exc.response.get("Error", {}).get("Code")) in {"404", "NoSuchKey", "NotFound"}:
                return False
            raise translate_error(exc, self.uri_of(key)) from exc
        except Exception as exc:
            raise translate_error(exc, self.uri_of(key)) from exc

    def delete(self, key: str) -> None:
        """DELETE (idempotent in S3)."""
        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._key(key))
        except Exception as exc:
            raise translate_error(exc, self.uri_of(key)) from exc

    @contextlib.contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        """Download to scratch (streamed to disk, not memory)."""
        with tempfile.TemporaryDirectory(dir=self.scratch_dir, prefix="lake-") as scratch:
            path = Path(scratch) / Path(key).name
            try:
                self.client.download_file(self.bucket, self._key(key), str(path))
            except Exception as exc:
                raise translate_error(exc, self.uri_of(key)) from exc
            yield path
