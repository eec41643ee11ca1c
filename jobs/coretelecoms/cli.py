"""`coretelecoms <command>`: dispatch to each job's own `main(argv)`.

Commands import lazily, so an image with only its stage's extras installed can run its
own command (and `--help`) without the others' dependencies.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
from types import ModuleType

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


# pydantic's own switch for its plugin discovery (`__all__` skips it; empty loads every plugin).
PYDANTIC_PLUGINS_SWITCH = "PYDANTIC_DISABLE_PLUGINS"


def _usage() -> str:
    width = max(len(c) for c in COMMANDS)
    lines = ["usage: coretelecoms <command> [options]", "", "commands:"]
    lines += [f"  {name.ljust(width)}  {help_}" for name, (_, help_) in COMMANDS.items()]
    lines += ["", "Run `coretelecoms <command> --help` for a command's options."]
    return "\n".join(lines)


def import_for_one_shot_process(module_name: str) -> ModuleType:
    """Import a command's module the way a process that runs one job and exits wants it.

    Importing polars, pydantic and the settings model allocates a few hundred thousand
    long-lived objects. With the cyclic collector running, it traverses them again and
    again during the import and once more at exit: about 70 ms of a job's fixed cost
    (`make bench`). So the collector pauses for the import, then what the import built is
    frozen (never traversed again) and collection resumes for the job's own objects.

    Pydantic plugins are not loaded unless `PYDANTIC_DISABLE_PLUGINS` is already set (empty
    loads them all; the process's children inherit the setting): the jobs use none, and
    finding them reads the entry points of every installed distribution when the settings
    model is built, ~9 ms per job in a dev venv.
    """
    os.environ.setdefault(PYDANTIC_PLUGINS_SWITCH, "__all__")
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return importlib.import_module(module_name)
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def entrypoint() -> int:
    """The `coretelecoms` console script and `python -m coretelecoms`: one command per process."""
    return main(sys.argv[1:], one_shot=True)


def main(argv: list[str] | None = None, *, one_shot: bool = False) -> int:
    """Run one command from its argv; `one_shot` when this process exits right after it."""
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
    module_name = COMMANDS[command][0]
    module = import_for_one_shot_process(module_name) if one_shot else importlib.import_module(module_name)
    if command in {"run", "backfill"}:
        return int(module.main(args))
    return int(module.main(args[1:]))


if __name__ == "__main__":
    raise SystemExit(entrypoint())
