"""Allow `python -m coretelecoms`."""

from coretelecoms.cli import main

raise SystemExit(main())
