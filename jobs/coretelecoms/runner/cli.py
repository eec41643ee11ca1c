"""`coretelecoms run --date D` and `coretelecoms backfill --start D1 --end D2`: the DAG on this machine.

Each task runs as its own `python -m coretelecoms ...` process, as a pod would, up to
`--parallel` at once. Rerunning the same command after a kill or a failure resumes the
latest unfinished run with the same dates (tasks that succeeded are skipped); `--fresh`
starts over, `--resume RUN_ID` picks a run explicitly.

Exit codes: 0 all tasks succeeded; 1 a task failed; 2 usage error; 75 only transient
failures remained after retries, or another runner holds one of the dates; 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from coretelecoms.dag import Task, backfill_plan, daily_plan, date_range
from coretelecoms.errors import ExitCode, PipelineError, UsageError
from coretelecoms.jobs.base import JobArgumentParser, iso_date, settings_or_exit
from coretelecoms.logs import configure_logging
from coretelecoms.runner.run import RunOptions, execute
from coretelecoms.runner.state import latest_unfinished_run, new_run_id
from coretelecoms.settings import secret_values

COMMANDS = ("run", "backfill")


def build_parser(command: str) -> JobArgumentParser:
    """The argument parser of `run` or `backfill` (also used by tests to check manifests)."""
    parser = JobArgumentParser(
        prog=f"coretelecoms {command}",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    if command == "run":
        parser.add_argument(
            "--date", type=date_or_yesterday, help="logical date YYYY-MM-DD, or `yesterday` (UTC)"
        )
        parser.add_argument(
            "--print-date",
            action="store_true",
            help="print the resolved date and exit (Argo resolves `yesterday` once per run with it)",
        )
    else:
        parser.add_argument("--start", type=iso_date, help="first logical date YYYY-MM-DD")
        parser.add_argument("--end", type=iso_date, help="last logical date YYYY-MM-DD (inclusive)")
        parser.add_argument(
            "--print-dates",
            action="store_true",
            help="print the range's dates as a JSON list and exit (Argo fans out over it)",
        )
    parser.add_argument("--parallel", type=int, default=2, help="tasks run at once (default 2)")
    parser.add_argument(
        "--retry-backoff",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="first backoff before retrying a transient failure (doubles each retry; default 1)",
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--resume", metavar="RUN_ID", help="resume this run (skip its succeeded tasks)")
    group.add_argument("--fresh", action="store_true", help="start a new run even if one can be resumed")
    parser.add_argument("--no-notify", action="store_true", help="skip the exit-handler notification")
    return parser


def date_or_yesterday(text: str) -> date:
    """argparse type: `YYYY-MM-DD`, or `yesterday` meaning the day before today in UTC."""
    if text == "yesterday":
        return datetime.now(UTC).date() - timedelta(days=1)
    return iso_date(text)


def _plan(command: str, args: dict[str, str]) -> list[Task]:
    if command == "run":
        return daily_plan(date.fromisoformat(args["date"]))
    return backfill_plan(date.fromisoformat(args["start"]), date.fromisoformat(args["end"]))


def _requested(command: str, ns: argparse.Namespace) -> dict[str, str] | None:
    keys = ("date",) if command == "run" else ("start", "end")
    values = {k: getattr(ns, k) for k in keys}
    if all(v is None for v in values.values()):
        return None
    missing = [f"--{k}" for k, v in values.items() if v is None]
    if missing:
        raise UsageError(f"missing {' and '.join(missing)}")
    return {k: v.isoformat() for k, v in values.items()}


def main(argv: list[str]) -> int:
    """Entry point: argv[0] is `run` or `backfill`, the rest its options."""
    if not argv or argv[0] not in COMMANDS:
        print(f"coretelecoms runner: expected one of {', '.join(COMMANDS)}", file=sys.stderr)
        return int(ExitCode.USAGE_ERROR)
    command = argv[0]
    ns = build_parser(command).parse_args(argv[1:])
    try:
        requested = _requested(command, ns)
        if command == "run" and ns.print_date:
            if requested is None:
                raise UsageError("--print-date needs --date")
            print(requested["date"])
            return 0
        if command == "backfill" and ns.print_dates:
            if requested is None:
                raise UsageError("--print-dates needs --start and --end")
            days = date_range(date.fromisoformat(requested["start"]), date.fromisoformat(requested["end"]))
            print(json.dumps([d.isoformat() for d in days]))
            return 0
        if ns.parallel < 1:
            raise UsageError("--parallel must be at least 1")
        if ns.retry_backoff < 0:
            raise UsageError("--retry-backoff must not be negative")
    except UsageError as exc:
        print(f"coretelecoms {command}: {exc.message}", file=sys.stderr)
        return int(ExitCode.USAGE_ERROR)

    settings = settings_or_exit(command)
    if isinstance(settings, int):
        return settings
    configure_logging(settings.run.log_format.value, secrets=secret_values(settings), stage=command)
    state_dir = Path(settings.run.state_dir)
    try:
        run_id, args = _resolve_run(command, ns, requested, state_dir)
        tasks = _plan(command, args)
        result = execute(
            command=command,
            args=args,
            tasks=tasks,
            state_dir=state_dir,
            run_id=run_id,
            options=RunOptions(
                parallel=ns.parallel, backoff_seconds=ns.retry_backoff, notify=not ns.no_notify
            ),
        )
    except PipelineError as exc:
        print(f"coretelecoms {command}: {exc.message}", file=sys.stderr)
        return int(exc.exit_code)
    return result.exit_code


def _resolve_run(
    command: str, ns: argparse.Namespace, requested: dict[str, str] | None, state_dir: Path
) -> tuple[str, dict[str, str]]:
    """Which run id to use and with which dates: explicit resume, implicit resume, or new."""
    if ns.resume:
        from coretelecoms.runner.state import RunStore

        record = RunStore(state_dir, ns.resume).load()
        if record is None:
            raise UsageError(f"no run {ns.resume!r} under {state_dir}")
        if record.command != command:
            raise UsageError(f"run {ns.resume} was a `{record.command}`, not a `{command}`")
        if requested is not None and requested != record.args:
            raise UsageError(f"run {ns.resume} was for {record.args}, not {requested}")
        return ns.resume, record.args
    if requested is None:
        flags = "--date" if command == "run" else "--start and --end"
        raise UsageError(f"missing {flags} (or --resume RUN_ID)")
    if not ns.fresh:
        previous = latest_unfinished_run(state_dir, command, requested)
        if previous:
            print(f"resuming unfinished run {previous} (use --fresh to start over)", file=sys.stderr)
            return previous, requested
    return new_run_id(command), requested
