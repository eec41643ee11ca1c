"""Pick the lake backend from its URI."""

from __future__ import annotations

from typing import TYPE_CHECKING

from coretelecoms.lake.base import Lake

if TYPE_CHECKING:
    from coretelecoms.settings import Settings


def open_lake(settings: Settings) -> Lake:
    """The lake the settings point at: `s3://` → S3, anything else → local directory."""
    uri = settings.lake.uri
    if uri.startswith("s3://"):
        from coretelecoms.lake.s3 import S3Lake
        from coretelecoms.s3 import make_client

        return S3Lake(uri, make_client(settings.s3))
    from coretelecoms.lake.local import LocalLake

    return LocalLake(uri)
