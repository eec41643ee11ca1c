"""Allow `python -m coretelecoms`."""

from coretelecoms.cli import entrypoint

raise SystemExit(entrypoint())
