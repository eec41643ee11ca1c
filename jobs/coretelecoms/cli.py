"""`coretelecoms <command>`: dispatch to each job's own `main(argv)`.

Commands import lazily, so an image with only its stage's extras installed can run its
own command (and `--help`) without the others' dependencies.
"""

from __future__ import annotations

import importlib
import sys

# command -> (module, one-line help). Module must define `main(argv: list[str]) -> int`.
COMMANDS: dict[str, tuple[str, str]] = {
    "config": (
        "coretelecoms.jobs.config",
        "print the effective settings (secrets masked) or their JSON schema",
    ),
    "generate": (
        "coretelecoms.generate.cli",
        "write deterministic synthetic sources (files, CRM, agents sheet)",
    ),
    "extract": ("coretelecoms.jobs.extract", "extract one source table for one date into the raw lake"),
    "load": ("coretelecoms.jobs.load", "load one date's raw partitions into warehouse RAW and STAGING"),
    "transform": ("coretelecoms.jobs.transform", "run dbt build for one date"),
    "report": ("coretelecoms.jobs.report", "write the self-contained HTML insights report"),
    "notify": ("coretelecoms.jobs.notify", "exit handler: send the run summary to a webhook or the log"),
    "run": ("coretelecoms.runner.cli", "run the whole DAG for one date on this machine"),
    "backfill": ("coretelecoms.runner.cli", "run the DAG for a range of dates on this machine"),
    "status": ("coretelecoms.jobs.status", "show an Argo workflow's pods, phases and job summaries"),
}


def _usage() -> str:
    width = max(len(c) for c in COMMANDS)
    lines = ["usage: coretelecoms <command> [options]", "", "commands:"]
    lines += [f"  {name.ljust(width)}  {help_}" for name, (_, help_) in COMMANDS.items()]
    lines += ["", "Run `coretelecoms <command> --help` for a command's options."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `coretelecoms` console script."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0 if args else 2
    if args[0] == "--version":
        from coretelecoms import __version__

        print(__version__)
        return 0
    command = args[0]
    if command not in COMMANDS:
        print(f"coretelecoms: unknown command {command!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[command][0])
    if command in {"run", "backfill"}:
        return int(module.main(args))
    return int(module.main(args[1:]))


if __name__ == "__main__":
    raise SystemExit(main())
