"""`coretelecoms transform --date D | --start D1 --end D2 [--full-refresh]`: `dbt build` into ANALYTICS.

Runs dbt in-process (dbtRunner) with the run's dates as vars and the target from settings.
Connection details reach dbt's `env_var()` through environment variables set only for the
duration of the run (secrets under dbt's `DBT_ENV_SECRET_` prefix, which dbt scrubs from its
logs). On DuckDB the warehouse lock the load stage uses is held for the whole build.

Exit codes: 0 built and every test passed; 1 a model or test failed (the summary names them);
75 dbt could not reach the warehouse, or the lock was busy; 2 bad arguments.
"""

from __future__ import annotations

import contextlib
import json
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from coretelecoms.errors import DataError, TransientError, UsageError
from coretelecoms.jobs.base import JobArgumentParser, iso_date, run_job, settings_or_exit
from coretelecoms.logs import get_logger
from coretelecoms.settings import Settings, patched_environ
from coretelecoms.summary import JobSummary
from coretelecoms.warehouse.lock import exclusive_lock, lock_path_for

STAGE = "transform"
log = get_logger(__name__)

# Error text that means "could not reach the warehouse", not "the data is wrong".
_CONNECTION_MARKERS = (
    "could not connect",
    "failed to connect",
    "could not set lock",
    "conflicting lock",
    "connection refused",
    "connection timed out",
    "name or service not known",
    "250001",  # Snowflake: could not connect to Snowflake backend
    "390100",  # Snowflake: incorrect username or password (retried: credentials may be rotating)
    "failedtoconnect",
)
# Exceptions raised while opening the warehouse session (before any node ran).
_CONNECTION_ERRORS = {
    "FailedToConnectError",
    "IOException",
    "OperationalError",
    "InterfaceError",
    "ConnectionError",
}


@dataclass(frozen=True)
class DateWindow:
    """The logical dates one transform covers (a single day or a backfill range)."""

    start: date
    end: date

    def as_vars(self) -> dict[str, str]:
        """dbt vars the models read (`start_date`, `end_date`)."""
        return {"start_date": self.start.isoformat(), "end_date": self.end.isoformat()}


@dataclass
class BuildOutcome:
    """What one `dbt build` did, from its run results."""

    counts: dict[str, int] = field(default_factory=dict)
    failed_tests: list[str] = field(default_factory=list)
    failed_nodes: list[str] = field(default_factory=list)
    warned_tests: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def parse_window(args: Any) -> DateWindow:
    """`--date D` or `--start D1 --end D2` (inclusive); anything else is a usage error."""
    if args.date and (args.start or args.end):
        raise UsageError("give either --date or --start/--end, not both")
    if args.date:
        return DateWindow(args.date, args.date)
    if not (args.start and args.end):
        raise UsageError("give --date D, or both --start D1 and --end D2")
    if args.end < args.start:
        raise UsageError(f"--end {args.end} is before --start {args.start}")
    return DateWindow(args.start, args.end)


def dbt_env(settings: Settings) -> dict[str, str]:
    """Environment variables profiles.yml reads for the configured target (values may be secret)."""
    dbt = settings.dbt
    env = {"CORETELECOMS_DBT_TARGET": dbt.target, "CORETELECOMS_DBT_THREADS": str(dbt.threads)}
    if dbt.target == "local":
        env["CORETELECOMS_DBT_DUCKDB_PATH"] = str(Path(settings.warehouse.duckdb_path).resolve())
        return env
    sf = settings.warehouse.snowflake
    if not sf.account or not sf.user:
        raise UsageError(
            "dbt target snowflake needs warehouse.snowflake.account and warehouse.snowflake.user"
        )
    if sf.private_key is None and sf.password is None:
        raise UsageError("dbt target snowflake needs warehouse.snowflake.private_key or .password")
    env.update(
        CORETELECOMS_DBT_SNOWFLAKE_ACCOUNT=sf.account,
        CORETELECOMS_DBT_SNOWFLAKE_USER=sf.user,
        CORETELECOMS_DBT_SNOWFLAKE_ROLE=sf.role,
        CORETELECOMS_DBT_SNOWFLAKE_WAREHOUSE=sf.warehouse,
        CORETELECOMS_DBT_SNOWFLAKE_DATABASE=settings.warehouse.database,
        CORETELECOMS_DBT_SNOWFLAKE_HOST=sf.host or "",
    )
    secrets = {
        "DBT_ENV_SECRET_SNOWFLAKE_PASSWORD": sf.password,
        "DBT_ENV_SECRET_SNOWFLAKE_PRIVATE_KEY": sf.private_key,
        "DBT_ENV_SECRET_SNOWFLAKE_PRIVATE_KEY_PASSPHRASE": sf.private_key_passphrase,
    }
    for name, secret in secrets.items():
        env[name] = secret.get_secret_value() if secret is not None else ""
    return env


def _node_name(result: Any) -> str:
    node = getattr(result, "node", None)
    return str(getattr(node, "name", None) or getattr(node, "unique_id", "?"))


def _resource_type(result: Any) -> str:
    node = getattr(result, "node", None)
    return str(getattr(getattr(node, "resource_type", ""), "value", getattr(node, "resource_type", "")))


def outcome_of(results: Any) -> BuildOutcome:
    """Sort the run results into passed / failed tests and failed nodes, for the summary."""
    outcome = BuildOutcome()
    for result in getattr(results, "results", None) or []:
        status = str(getattr(result.status, "value", result.status))
        kind = _resource_type(result)
        outcome.counts[f"{kind}_{status}"] = outcome.counts.get(f"{kind}_{status}", 0) + 1
        name = _node_name(result)
        if kind in {"test", "unit_test"} and status in {"fail", "error"}:
            outcome.failed_tests.append(name)
        elif kind in {"test", "unit_test"} and status == "warn":
            outcome.warned_tests.append(name)
        elif status == "error":
            outcome.failed_nodes.append(name)
        if status in {"fail", "error"} and getattr(result, "message", None):
            outcome.messages.append(f"{name}: {result.message}")
    return outcome


def _looks_like_connection_failure(text: str) -> bool:
    lowered = text.lower()
    return any(marker in lowered for marker in _CONNECTION_MARKERS)


def dbt_args(settings: Settings, command: str, window: DateWindow, full_refresh: bool) -> list[str]:
    """The dbt CLI arguments for one invocation (paths absolute: dbt resolves relative ones oddly)."""
    project = Path(settings.dbt.project_dir).resolve()
    profiles = Path(settings.dbt.profiles_dir).resolve()
    state = Path(settings.run.state_dir).resolve() / "dbt"
    args = [
        command,
        "--project-dir",
        str(project),
        "--profiles-dir",
        str(profiles),
        "--target",
        settings.dbt.target,
        "--target-path",
        str(state / "target"),
        "--log-path",
        str(state / "logs"),
        "--vars",
        json.dumps(window.as_vars()),
        "--threads",
        str(settings.dbt.threads),
    ]
    if full_refresh and command == "build":
        args.append("--full-refresh")
    return args


def run_dbt(args: list[str]) -> Any:
    """Invoke dbt in-process, its console output sent to stderr so our summary stays stdout's last line."""
    from dbt.cli.main import dbtRunner  # heavy import: only the transform image has dbt

    with contextlib.redirect_stdout(sys.stderr):
        return dbtRunner().invoke(args)


def _count(conn: Any, table: str) -> int:
    row = conn.execute(f"select count(*) from {table}").fetchone()
    return int(row[0]) if row else 0


def count_outputs(settings: Settings, summary: JobSummary) -> None:
    """rows_out = complaints in fct_unified_complaints, rows_quarantined = quarantine_complaints (DuckDB).

    Read-write connection on purpose: dbt-duckdb keeps its in-process instance open, and DuckDB
    refuses a second connection to the same file with a different (read-only) configuration.
    """
    if settings.dbt.target != "local":
        return
    import duckdb

    try:
        with duckdb.connect(str(Path(settings.warehouse.duckdb_path).resolve())) as conn:
            summary.rows_out = _count(conn, "analytics.fct_unified_complaints")
            summary.rows_quarantined = _count(conn, "analytics.quarantine_complaints")
    except duckdb.Error as exc:  # counts are informative only; the build itself succeeded
        log.warning("could not count output rows", extra={"fields": {"error": type(exc).__name__}})


def build(settings: Settings, window: DateWindow, full_refresh: bool, summary: JobSummary) -> None:
    """Run `dbt build` for the window and fill the summary; raise on failure with the exit code's class."""
    project = Path(settings.dbt.project_dir)
    if not (project / "dbt_project.yml").is_file():
        raise UsageError(f"{project.resolve()}: no dbt_project.yml (set dbt.project_dir)")
    args = dbt_args(settings, "build", window, full_refresh)
    log.info(
        "dbt build",
        extra={"fields": {"target": settings.dbt.target, "full_refresh": full_refresh, **window.as_vars()}},
    )
    with patched_environ(dbt_env(settings)):
        res = run_dbt(args)
    outcome = outcome_of(res.result)
    summary.details.update(
        target=settings.dbt.target,
        full_refresh=full_refresh,
        window=window.as_vars(),
        nodes=outcome.counts,
        failed_tests=outcome.failed_tests,
        failed_nodes=outcome.failed_nodes,
        warned_tests=outcome.warned_tests,
    )
    summary.output_uri = f"dbt://{settings.dbt.target}/analytics"
    if res.exception is not None:
        text = f"{type(res.exception).__name__}: {res.exception}"
        if type(res.exception).__name__ in _CONNECTION_ERRORS or _looks_like_connection_failure(text):
            raise TransientError(f"dbt could not connect to the warehouse: {text}")
        raise DataError(f"dbt build could not run: {text}")
    if not res.success:
        joined = " | ".join(outcome.messages)
        only_errors = not outcome.failed_tests or all(
            _looks_like_connection_failure(m) for m in outcome.messages
        )
        if outcome.messages and only_errors and _looks_like_connection_failure(joined):
            raise TransientError(f"dbt could not connect to the warehouse: {outcome.messages[0]}")
        parts = []
        if outcome.failed_tests:
            parts.append(f"{len(outcome.failed_tests)} test(s) failed: {', '.join(outcome.failed_tests)}")
        if outcome.failed_nodes:
            parts.append(f"{len(outcome.failed_nodes)} node(s) errored: {', '.join(outcome.failed_nodes)}")
        raise DataError("dbt build failed: " + ("; ".join(parts) or "see dbt log"))
    count_outputs(settings, summary)


def main(argv: list[str]) -> int:
    """Entry point: parse arguments, hold the warehouse lock (DuckDB), run dbt build, emit the summary."""
    parser = JobArgumentParser(prog="coretelecoms transform", description=__doc__.split("\n")[0])
    parser.add_argument("--date", type=iso_date, help="logical date YYYY-MM-DD")
    parser.add_argument("--start", type=iso_date, help="first date of a backfill range")
    parser.add_argument("--end", type=iso_date, help="last date of a backfill range (inclusive)")
    parser.add_argument("--full-refresh", action="store_true", help="rebuild incremental models from scratch")
    args = parser.parse_args(argv)
    try:
        window = parse_window(args)
    except UsageError as exc:
        parser.error(exc.message)
    settings = settings_or_exit(STAGE)
    if isinstance(settings, int):
        return settings

    def body(summary: JobSummary) -> None:
        if settings.dbt.target == "local":
            lock = lock_path_for(Path(settings.warehouse.duckdb_path).resolve())
            with exclusive_lock(lock, settings.warehouse.lock_timeout_seconds):
                build(settings, window, args.full_refresh, summary)
        else:
            build(settings, window, args.full_refresh, summary)

    return run_job(stage=STAGE, table=None, day=window.end, settings=settings, body=body)
