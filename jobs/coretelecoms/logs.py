"""JSON-lines logging on stderr, stamped with run id, stage, table and date."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

_CONTEXT: dict[str, Any] = {}
# Secret settings' values, longest first, masked in every line (see configure_logging).
_SECRETS: list[str] = []


def mask_secrets(text: str) -> str:
    """`text` with every configured secret value replaced by `***`."""
    for secret in _SECRETS:
        text = text.replace(secret, "***")
    return text


def _masked(value: Any) -> Any:
    return mask_secrets(value) if isinstance(value, str) else value


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            **_CONTEXT,
        }
        extra = getattr(record, "fields", None)
        if isinstance(extra, dict):
            payload.update(extra)
        if record.exc_info and record.levelno >= logging.ERROR:
            payload["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            payload["traceback"] = self.formatException(record.exc_info)
        # Masked before encoding (JSON escapes would hide a secret holding quotes or non-ASCII),
        # and after (a secret inside a nested field).
        return mask_secrets(
            json.dumps({k: _masked(v) for k, v in payload.items()}, default=str, separators=(",", ":"))
        )


class _TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        ctx = " ".join(f"{k}={v}" for k, v in _CONTEXT.items() if v is not None)
        extra = getattr(record, "fields", None)
        fields = " ".join(f"{k}={v}" for k, v in extra.items()) if isinstance(extra, dict) else ""
        line = f"{record.levelname.lower():7} {record.getMessage()} {ctx} {fields}".rstrip()
        if record.exc_info and record.levelno >= logging.ERROR:
            line += "\n" + self.formatException(record.exc_info)
        return mask_secrets(line)


def configure_logging(
    fmt: str = "json", level: int = logging.INFO, secrets: list[str] | None = None, **context: Any
) -> None:
    """Send log lines to stderr (stdout is reserved for the summary) with the run context.

    `secrets` (settings.secret_values) are masked in every line, tracebacks included: an
    internal error's traceback is logged whole so that it can be debugged, and its text may
    quote a connection string.
    """
    _CONTEXT.clear()
    _CONTEXT.update({k: v for k, v in context.items() if v is not None})
    _SECRETS[:] = sorted(set(secrets or ()), key=len, reverse=True)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_JsonFormatter() if fmt == "json" else _TextFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("botocore", "boto3", "urllib3", "s3transfer", "snowflake", "google"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def get_logger(name: str) -> logging.Logger:
    """A module logger; pass structured fields with `extra={"fields": {...}}`."""
    return logging.getLogger(name)
