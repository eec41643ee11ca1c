"""The raw lake: one interface, a local-directory and an S3 backend."""

from coretelecoms.lake.base import Lake, manifest_key, partition_key, quarantine_key
from coretelecoms.lake.factory import open_lake

__all__ = ["Lake", "manifest_key", "open_lake", "partition_key", "quarantine_key"]
