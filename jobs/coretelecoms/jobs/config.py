"""`coretelecoms config [--schema]`: the effective settings with secrets masked, or the JSON schema."""

from __future__ import annotations

import json

from coretelecoms.jobs.base import JobArgumentParser, settings_or_exit
from coretelecoms.settings import Settings, masked_dump


def main(argv: list[str]) -> int:
    """Print settings (masked) or their JSON schema, for users checking what a pod will run with."""
    parser = JobArgumentParser(prog="coretelecoms config", description=__doc__)
    parser.add_argument("--schema", action="store_true", help="print the settings JSON schema instead")
    args = parser.parse_args(argv)
    if args.schema:
        print(json.dumps(Settings.model_json_schema(), indent=2, sort_keys=True))
        return 0
    settings = settings_or_exit("config")
    if isinstance(settings, int):
        return settings
    print(json.dumps(masked_dump(settings), indent=2, sort_keys=True))
    return 0
