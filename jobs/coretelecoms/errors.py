"""Terminal vs transient failures, and the exit codes they map to (a contract with Argo).

0 success; 1 data error (bad input, never retried); 75 transient (network, throttling,
lock: retried by Argo with backoff); 2 usage error.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes every job uses; Argo's retryStrategy keys on TRANSIENT."""

    OK = 0
    DATA_ERROR = 1
    USAGE_ERROR = 2
    TRANSIENT = 75


class PipelineError(Exception):
    """Base class: a failure with a one-line, user-facing message and an exit code."""

    exit_code: ExitCode = ExitCode.DATA_ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DataError(PipelineError):
    """Bad input (missing file, malformed content, failed reconciliation): retrying will not help."""

    exit_code = ExitCode.DATA_ERROR


class TransientError(PipelineError):
    """Network, throttling or lock failure: the same call may succeed later, so Argo retries it."""

    exit_code = ExitCode.TRANSIENT


class UsageError(PipelineError):
    """Wrong arguments or configuration given by the caller."""

    exit_code = ExitCode.USAGE_ERROR
