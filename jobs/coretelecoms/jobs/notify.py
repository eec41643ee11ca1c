"""`coretelecoms notify`: the exit handler of both runners. Posts the run's outcome to a webhook.

    coretelecoms notify --status Succeeded|Failed|Error|Cancelled --workflow-name NAME
                        [--failures JSON|@FILE] [--summaries-dir DIR]

Argo passes `{{workflow.status}}`, `{{workflow.name}}` and `{{workflow.failures}}`; the local
runner passes the same, with failures in Argo's shape in a file, plus the directory of every
task's JSON summary (row counts). The message goes to the Slack-compatible incoming webhook
`settings.notify.webhook_url` (`{"text": ...}`), or only to the log when none is set.

A notification must never fail the run: delivery problems are logged and reported in this
job's own summary (status `delivery_failed`), and the exit code stays 0. The webhook URL is a
secret: it is never logged or put in the summary.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from coretelecoms.jobs.base import JobArgumentParser, run_job, settings_or_exit
from coretelecoms.logs import get_logger
from coretelecoms.settings import Settings
from coretelecoms.summary import JobSummary

log = get_logger(__name__)

STATUSES = ("Succeeded", "Failed", "Error", "Cancelled")
MAX_FAILURE_LINES = 10
_ICONS = {"Succeeded": ":white_check_mark:", "Cancelled": ":warning:"}


class DeliveryError(Exception):
    """The webhook could not be reached or refused the message (message is safe to log)."""


def parse_failures(text: str | None) -> list[dict[str, Any]]:
    """Argo's `{{workflow.failures}}` (a JSON list) or `@file` holding it, leniently.

    Argo leaves the placeholder or `null` when nothing failed; anything that is not JSON is
    kept as a single failure message rather than dropped.
    """
    if text is None:
        return []
    if text.startswith("@"):
        text = Path(text[1:]).read_text(encoding="utf-8")
    text = text.strip()
    if not text or text in {"null", "[]"} or text.startswith("{{"):
        return []
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return [{"displayName": "workflow", "message": text[:500]}]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        return [{"displayName": "workflow", "message": str(data)[:500]}]
    return [f if isinstance(f, dict) else {"displayName": "workflow", "message": str(f)} for f in data]


def read_summaries(directory: Path | None) -> list[dict[str, Any]]:
    """Every task summary (`*.json`) in a run's summaries directory, sorted by file name."""
    if directory is None or not directory.is_dir():
        return []
    out = []
    for path in sorted(directory.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            log.warning("unreadable task summary", extra={"fields": {"file": path.name}})
            continue
        if isinstance(data, dict) and data.get("stage") != "notify":
            out.append(data)
    return out


def compose_message(
    status: str, workflow_name: str, failures: list[dict[str, Any]], summaries: list[dict[str, Any]]
) -> str:
    """The short human message: status, task and row totals, then up to ten failure lines."""
    icon = _ICONS.get(status, ":x:")
    head = f"{icon} coretelecoms `{workflow_name}` {status}"
    if summaries:
        rows_in = sum(int(s.get("rows_in") or 0) for s in summaries)
        rows_out = sum(int(s.get("rows_out") or 0) for s in summaries)
        quarantined = sum(int(s.get("rows_quarantined") or 0) for s in summaries)
        ok = sum(s.get("status") == "succeeded" for s in summaries)
        head += (
            f": {ok}/{len(summaries)} task summaries ok, rows in {rows_in}, out {rows_out}, "
            f"quarantined {quarantined}"
        )
    lines = [head]
    if failures:
        lines.append(f"{len(failures)} task(s) not successful:")
        for failure in failures[:MAX_FAILURE_LINES]:
            name = failure.get("displayName") or failure.get("templateName") or "?"
            message = str(failure.get("message") or failure.get("phase") or "failed").splitlines()[0][:200]
            lines.append(f"• {name}: {message}")
        if len(failures) > MAX_FAILURE_LINES:
            lines.append(f"… and {len(failures) - MAX_FAILURE_LINES} more")
    return "\n".join(lines)


def post_webhook(url: str, text: str, timeout: float) -> int:
    """POST `{"text": text}` to a Slack-compatible webhook; the HTTP status, or DeliveryError.

    Error messages name the failure kind only, never the URL (it embeds a token).
    """
    if not url.startswith(("https://", "http://")):
        raise DeliveryError("webhook URL must be http(s)")
    request = urllib.request.Request(  # noqa: S310
        url,
        data=json.dumps({"text": text}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        # The scheme is checked above (http/https only), so no file:// reads.
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"webhook answered HTTP {exc.code}") from None
    except urllib.error.URLError as exc:
        raise DeliveryError(f"webhook unreachable ({type(exc.reason).__name__})") from None
    except (TimeoutError, OSError) as exc:
        raise DeliveryError(f"webhook request failed ({type(exc).__name__})") from None


def notify(
    summary: JobSummary,
    settings: Settings,
    *,
    status: str,
    workflow_name: str,
    failures: list[dict[str, Any]],
    summaries: list[dict[str, Any]],
) -> None:
    """Compose and deliver the message, recording the outcome in `summary` (never raising)."""
    text = compose_message(status, workflow_name, failures, summaries)
    summary.rows_in = len(summaries)
    summary.details = {
        "workflow_status": status,
        "workflow_name": workflow_name,
        "failures": len(failures),
        "webhook": "configured" if settings.notify.webhook_url else "none",
        "delivered": False,
    }
    log.info(text)
    if settings.notify.webhook_url is None:
        summary.message = "no webhook configured; message logged only"
        return
    try:
        code = post_webhook(
            settings.notify.webhook_url.get_secret_value(), text, settings.notify.timeout_seconds
        )
    except DeliveryError as exc:
        summary.status = "delivery_failed"
        summary.message = str(exc)
        log.warning("notification not delivered: %s", exc)
        return
    summary.details["delivered"] = True
    summary.details["http_status"] = code
    summary.message = "delivered"


def main(argv: list[str]) -> int:
    """Entry point: send the run summary; exit 0 even when delivery fails (see module doc)."""
    parser = JobArgumentParser(prog="coretelecoms notify", description=__doc__.split("\n\n")[0])
    parser.add_argument("--status", required=True, help=f"run status, one of {', '.join(STATUSES)}")
    parser.add_argument("--workflow-name", default=None, help="workflow or local run id")
    parser.add_argument("--failures", default=None, help="JSON list of failures, or @file holding it")
    parser.add_argument("--summaries-dir", type=Path, default=None, help="directory of task summaries")
    args = parser.parse_args(argv)
    settings = settings_or_exit("notify")
    if isinstance(settings, int):
        return settings
    status = args.status if args.status in STATUSES else "Error"
    try:
        failures = parse_failures(args.failures)
    except OSError as exc:
        failures = [{"displayName": "notify", "message": f"failures file unreadable: {exc.strerror}"}]
    summaries = read_summaries(args.summaries_dir)
    name = args.workflow_name or settings.run.run_id
    return run_job(
        stage="notify",
        table=None,
        day=None,
        settings=settings,
        body=lambda summary: notify(
            summary, settings, status=status, workflow_name=name, failures=failures, summaries=summaries
        ),
    )
