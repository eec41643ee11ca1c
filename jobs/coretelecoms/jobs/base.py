"""What every job shares: argument parsing helpers, settings, logging, the summary and exit codes."""

from __future__ import annotations

import argparse
import errno
import logging
import time
from collections.abc import Callable
from datetime import date

from pydantic import ValidationError

from coretelecoms.errors import ExitCode, PipelineError, UsageError
from coretelecoms.logs import configure_logging, get_logger
from coretelecoms.settings import Settings, load_settings, secret_values
from coretelecoms.summary import JobSummary, emit_summary

log = get_logger(__name__)


def iso_date(text: str) -> date:
    """argparse type for `YYYY-MM-DD`: anything else is a usage error, never reaching a query."""
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


class JobArgumentParser(argparse.ArgumentParser):
    """argparse that exits with the usage code (2) and one clear line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Print usage and exit 2 (argparse's default code, kept explicit as our contract)."""
        self.print_usage()
        self.exit(int(ExitCode.USAGE_ERROR), f"{self.prog}: error: {message}\n")


def settings_or_exit(stage: str) -> Settings | int:
    """Load settings; a bad setting is a usage error naming the field, not a traceback."""
    try:
        return load_settings()
    except ValidationError as exc:
        fields = "; ".join(f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors())
        print(f"coretelecoms {stage}: invalid settings: {fields}", flush=True)
        return int(ExitCode.USAGE_ERROR)


def os_error_message(exc: OSError) -> str:
    """One line for a failed file operation: the path and what went wrong, never a traceback."""
    where = exc.filename or "a file"
    if exc.errno == errno.ENOSPC:
        return f"{where}: no space left on device"
    if exc.errno == errno.EROFS:
        return f"{where}: read-only file system"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"{where}: permission denied"
    return f"{where}: {exc.strerror or exc}"


def run_job(
    *,
    stage: str,
    table: str | None,
    day: date | None,
    settings: Settings,
    body: Callable[[JobSummary], object],
) -> int:
    """Run `body` with logging set up, turn its outcome into an exit code, always emit a summary.

    `body` fills the summary in (what it returns is ignored); a PipelineError carries its own
    exit code, an OSError (full disk, read-only path) is a data error naming the path, anything
    else is an internal error (exit 1): its type goes in the summary, its traceback (secrets
    masked) in the job log.
    """
    configure_logging(
        settings.run.log_format.value,
        secrets=secret_values(settings),
        run_id=settings.run.run_id,
        stage=stage,
        table=table,
        date=day.isoformat() if day else None,
    )
    summary = JobSummary(
        stage=stage,
        table=table,
        date=day.isoformat() if day else None,
        run_id=settings.run.run_id,
    )
    started = time.perf_counter()
    code = ExitCode.OK
    try:
        body(summary)
    except PipelineError as exc:
        code = exc.exit_code
        summary.message = exc.message
    except OSError as exc:
        code = ExitCode.DATA_ERROR
        summary.message = os_error_message(exc)
    except KeyboardInterrupt:
        code = ExitCode.TRANSIENT
        summary.message = "interrupted"
    except Exception as exc:  # a bug: report it, keep the contract
        code = ExitCode.DATA_ERROR
        # The summary travels (termination log, Argo, webhooks): the exception's text, which may
        # quote a connection string, stays in the job's own log with the traceback.
        summary.message = f"internal error: {type(exc).__name__} (traceback in the job log)"
        log.error("unexpected failure", exc_info=True)
    summary.seconds = time.perf_counter() - started
    summary.exit_code = int(code)
    if code != ExitCode.OK:
        summary.status = "transient_failure" if code == ExitCode.TRANSIENT else "failed"
        log.log(logging.ERROR, summary.message or "failed")
    emit_summary(
        summary,
        termination_log_path=settings.run.termination_log_path,
        summary_path=settings.run.summary_path,
    )
    return int(code)


def usage_failure(stage: str, exc: UsageError) -> int:
    """Report a usage error detected before the job started."""
    print(f"coretelecoms {stage}: {exc.message}", flush=True)
    return int(ExitCode.USAGE_ERROR)
