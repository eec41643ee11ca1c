"""`coretelecoms notify` against a real local HTTP server (no patching of the code under test)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest

from coretelecoms.jobs import notify


class _Hook:
    def __init__(self, status: int) -> None:
        self.status = status
        self.bodies: list[dict[str, object]] = []


@pytest.fixture
def webhook() -> Iterator[tuple[str, _Hook]]:
    """A Slack-like webhook on 127.0.0.1 recording the JSON it receives."""
    hook = _Hook(200)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            hook.bodies.append(json.loads(body))
            self.send_response(hook.status)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/services/T000/SECRETTOKEN", hook
    server.shutdown()
    server.server_close()


def _run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str | None, argv: list[str]) -> dict[str, Any]:
    summary_path = tmp_path / "notify.json"
    monkeypatch.setenv("CORETELECOMS_RUN__SUMMARY_PATH", str(summary_path))
    monkeypatch.setenv("CORETELECOMS_RUN__TERMINATION_LOG_PATH", "")
    monkeypatch.setenv("CORETELECOMS_SECRETS_DIR", str(tmp_path / "no-secrets"))
    if url:
        monkeypatch.setenv("CORETELECOMS_NOTIFY__WEBHOOK_URL", url)
    else:
        monkeypatch.delenv("CORETELECOMS_NOTIFY__WEBHOOK_URL", raising=False)
    assert notify.main(argv) == 0
    return json.loads(summary_path.read_text())


def _summaries(tmp_path: Path) -> Path:
    directory = tmp_path / "summaries"
    directory.mkdir()
    for name, rows in (("extract-a", 10), ("load", 7)):
        (directory / f"{name}.json").write_text(
            json.dumps(
                {
                    "stage": name,
                    "status": "succeeded",
                    "rows_in": rows,
                    "rows_out": rows - 1,
                    "rows_quarantined": 1,
                }
            )
        )
    return directory


def test_posts_run_summary_to_webhook(monkeypatch, tmp_path, webhook, capsys) -> None:
    url, hook = webhook
    failures = json.dumps([{"displayName": "load-2025-11-20", "message": "bad row 3", "phase": "Failed"}])
    argv = ["--status", "Failed", "--workflow-name", "daily-x", "--failures", failures,
            "--summaries-dir", str(_summaries(tmp_path))]  # fmt: skip
    summary = _run(monkeypatch, tmp_path, url, argv)
    assert summary["status"] == "succeeded" and summary["details"]["delivered"] is True
    text = hook.bodies[0]["text"]
    assert "`daily-x` Failed" in text and "rows in 17, out 15, quarantined 2" in text
    assert "• load-2025-11-20: bad row 3" in text
    assert "SECRETTOKEN" not in capsys.readouterr().err + json.dumps(summary)


def test_webhook_failure_is_reported_but_exits_zero(monkeypatch, tmp_path, webhook, capsys) -> None:
    url, hook = webhook
    hook.status = 500
    summary = _run(monkeypatch, tmp_path, url, ["--status", "Succeeded", "--workflow-name", "w"])
    assert summary["status"] == "delivery_failed" and summary["exit_code"] == 0
    assert summary["message"] == "webhook answered HTTP 500"
    captured = capsys.readouterr()
    assert "SECRETTOKEN" not in captured.err + captured.out


def test_unreachable_webhook_exits_zero(monkeypatch, tmp_path) -> None:
    summary = _run(monkeypatch, tmp_path, "http://127.0.0.1:9/hook", ["--status", "Error"])
    assert summary["status"] == "delivery_failed"
    assert summary["message"].startswith("webhook unreachable")


def test_without_webhook_only_logs(monkeypatch, tmp_path, capsys) -> None:
    summary = _run(monkeypatch, tmp_path, None, ["--status", "Succeeded", "--workflow-name", "w1"])
    assert summary["details"]["webhook"] == "none" and summary["details"]["delivered"] is False
    assert "`w1` Succeeded" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, []),
        ("", []),
        ("null", []),
        ("{{workflow.failures}}", []),
        ('[{"displayName": "a", "message": "m"}]', [{"displayName": "a", "message": "m"}]),
        ("not json", [{"displayName": "workflow", "message": "not json"}]),
    ],
)
def test_parse_failures_is_lenient_but_drops_nothing(text, expected) -> None:
    assert notify.parse_failures(text) == expected


def test_message_truncates_long_failure_lists() -> None:
    failures = [{"displayName": f"t{i}", "message": "x"} for i in range(15)]
    text = notify.compose_message("Failed", "w", failures, [])
    assert text.count("•") == 10 and text.endswith("… and 5 more")
