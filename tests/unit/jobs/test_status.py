"""`coretelecoms status` against a local HTTP server speaking the pod-list part of the Kubernetes API.

The command runs unpatched: a kubeconfig file points the real kubernetes client at the server.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from coretelecoms.cli import main as cli_main
from coretelecoms.errors import ExitCode
from coretelecoms.jobs.status import main

WORKFLOW = "coretelecoms-daily-x7k2p"
TOKEN = "test-token-abc"


def _summary(**over: Any) -> str:
    data = {
        "stage": "extract",
        "table": "call_logs",
        "date": "2025-11-20",
        "run_id": WORKFLOW,
        "status": "succeeded",
        "exit_code": 0,
        "rows_in": 120,
        "rows_out": 118,
        "rows_quarantined": 2,
        "seconds": 3.25,
        "message": None,
    }
    data.update(over)
    return json.dumps(data, separators=(",", ":"))


def _pod(
    name: str, node: str, phase: str, start: str | None, terminated: dict[str, Any] | None
) -> dict[str, Any]:
    statuses = [{"name": "wait", "state": {"terminated": {"exitCode": 0, "reason": "Completed"}}}]
    main_state = {"terminated": terminated} if terminated is not None else {"running": {"startedAt": start}}
    statuses.append({"name": "main", "state": main_state})
    status: dict[str, Any] = {"phase": phase, "containerStatuses": statuses}
    if start:
        status["startTime"] = start
    return {
        "metadata": {
            "name": name,
            "namespace": "data",
            "labels": {"workflows.argoproj.io/workflow": WORKFLOW},
            "annotations": {"workflows.argoproj.io/node-name": f"{WORKFLOW}.{node}"},
        },
        "status": status,
    }


PODS = [
    _pod(
        "p-load",
        "load",
        "Failed",
        "2025-11-21T02:05:00Z",
        {
            "exitCode": 1,
            "reason": "Error",
            "message": _summary(
                stage="load",
                table=None,
                exit_code=1,
                status="failed",
                rows_in=0,
                rows_out=0,
                rows_quarantined=0,
                message="call_logs: manifest checksum mismatch",
            ),
        },
    ),
    _pod(
        "p-extract",
        "extract-call_logs",
        "Succeeded",
        "2025-11-21T02:00:00Z",
        {"exitCode": 0, "reason": "Completed", "message": _summary()},
    ),
    _pod(
        "p-oom",
        "extract-customers",
        "Failed",
        "2025-11-21T02:00:01Z",
        {"exitCode": 137, "reason": "OOMKilled"},
    ),
    _pod("p-pending", "transform", "Pending", None, None),
]


@dataclass
class FakeApi:
    """What the fake API server answers and what it saw."""

    pods: list[dict[str, Any]] = field(default_factory=lambda: list(PODS))
    status_code: int = 200
    requests: list[tuple[str, dict[str, list[str]], str | None]] = field(default_factory=list)


def _handler(api: FakeApi) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = parse_qs(url.query)
            api.requests.append((url.path, query, self.headers.get("Authorization")))
            parts = url.path.strip("/").split("/")
            if api.status_code != 200:
                self._send(api.status_code, {"kind": "Status", "status": "Failure", "code": api.status_code})
                return
            if len(parts) == 5 and parts[:3] == ["api", "v1", "namespaces"] and parts[4] == "pods":
                selector = query.get("labelSelector", [""])[0]
                key, _, value = selector.partition("=")
                items = [p for p in api.pods if p["metadata"]["labels"].get(key) == value]
                self._send(200, {"kind": "PodList", "apiVersion": "v1", "metadata": {}, "items": items})
                return
            self._send(404, {"kind": "Status", "code": 404})

        def _send(self, code: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

    return Handler


@pytest.fixture
def fake_api() -> Iterator[tuple[FakeApi, str]]:
    api = FakeApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(api))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield api, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _kubeconfig(tmp_path: Path, server: str, namespace: str | None = "data") -> Path:
    context: dict[str, Any] = {"cluster": "fake", "user": "tester"}
    if namespace:
        context["namespace"] = namespace
    doc = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "fake", "cluster": {"server": server}}],
        "users": [{"name": "tester", "user": {"token": TOKEN}}],
        "contexts": [{"name": "fake", "context": context}],
        "current-context": "fake",
    }
    path = tmp_path / "kubeconfig"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def test_table_lists_every_pod_with_its_summary(
    fake_api: tuple[FakeApi, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    api, url = fake_api
    kubeconfig = _kubeconfig(tmp_path, url)

    code = main(["--workflow", WORKFLOW, "--kubeconfig", str(kubeconfig)])

    out = capsys.readouterr().out
    assert code == 0
    path, query, auth = api.requests[-1]
    assert path == "/api/v1/namespaces/data/pods"  # namespace from the kubeconfig context
    assert query["labelSelector"] == [f"workflows.argoproj.io/workflow={WORKFLOW}"]
    assert auth == f"Bearer {TOKEN}"
    lines = out.splitlines()
    assert lines[0].split() == [
        "TASK",
        "PHASE",
        "EXIT",
        "ROWS_IN",
        "ROWS_OUT",
        "QUARANTINED",
        "SECONDS",
        "MESSAGE",
    ]
    # start order, pending last; the workflow-name prefix is stripped from node names
    assert [line.split()[0] for line in lines[1:5]] == [
        "extract-call_logs",
        "extract-customers",
        "load",
        "transform",
    ]
    assert lines[1].split() == ["extract-call_logs", "Succeeded", "0", "120", "118", "2", "3.2", "-"]
    assert lines[2].split() == ["extract-customers", "Failed", "137", "-", "-", "-", "-", "OOMKilled"]
    assert "call_logs: manifest checksum mismatch" in lines[3]
    assert lines[3].split()[:3] == ["load", "Failed", "1"]
    assert lines[4].split()[:3] == ["transform", "Pending", "-"]
    assert lines[-1] == "4 pods: 2 Failed, 1 Pending, 1 Succeeded"


def test_json_output_and_explicit_namespace(
    fake_api: tuple[FakeApi, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    api, url = fake_api
    kubeconfig = _kubeconfig(tmp_path, url)

    code = cli_main(
        [
            "status",
            "--workflow",
            WORKFLOW,
            "--namespace",
            "argo",
            "--output",
            "json",
            "--kubeconfig",
            str(kubeconfig),
        ]
    )

    assert code == 0
    assert api.requests[-1][0] == "/api/v1/namespaces/argo/pods"
    doc = json.loads(capsys.readouterr().out)
    assert doc["workflow"] == WORKFLOW and doc["namespace"] == "argo"
    by_task = {t["task"]: t for t in doc["tasks"]}
    assert set(by_task) == {"extract-call_logs", "extract-customers", "load", "transform"}
    assert by_task["extract-call_logs"] == {
        "task": "extract-call_logs",
        "pod": "p-extract",
        "phase": "Succeeded",
        "exit_code": 0,
        "rows_in": 120,
        "rows_out": 118,
        "rows_quarantined": 2,
        "seconds": 3.25,
        "message": None,
        "started_at": "2025-11-21T02:00:00Z",
    }
    assert by_task["load"]["exit_code"] == 1


def test_default_namespace_when_context_has_none(
    fake_api: tuple[FakeApi, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    api, url = fake_api
    code = main(["--workflow", WORKFLOW, "--kubeconfig", str(_kubeconfig(tmp_path, url, namespace=None))])
    assert code == 0
    assert api.requests[-1][0] == "/api/v1/namespaces/default/pods"


def test_unknown_workflow_is_a_clear_data_error(
    fake_api: tuple[FakeApi, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, url = fake_api
    code = main(["--workflow", "nope", "--kubeconfig", str(_kubeconfig(tmp_path, url))])
    err = capsys.readouterr().err
    assert code == int(ExitCode.DATA_ERROR)
    assert "no pods found for workflow 'nope' in namespace 'data'" in err


@pytest.mark.parametrize(
    ("status_code", "expected", "needle"),
    [
        (503, ExitCode.TRANSIENT, "Kubernetes API unavailable: 503"),
        (429, ExitCode.TRANSIENT, "Kubernetes API unavailable: 429"),
        (403, ExitCode.USAGE_ERROR, "refused to list pods in namespace 'data': 403"),
    ],
)
def test_api_errors_map_to_exit_codes(
    fake_api: tuple[FakeApi, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    status_code: int,
    expected: ExitCode,
    needle: str,
) -> None:
    api, url = fake_api
    api.status_code = status_code
    code = main(["--workflow", WORKFLOW, "--kubeconfig", str(_kubeconfig(tmp_path, url))])
    err = capsys.readouterr().err
    assert code == int(expected)
    assert needle in err
    assert "Traceback" not in err


def test_unreachable_api_is_transient(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # bind then close: a local port nobody listens on (connection refused, no DNS, no wait)
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code = main(
        ["--workflow", WORKFLOW, "--kubeconfig", str(_kubeconfig(tmp_path, f"http://127.0.0.1:{port}"))]
    )
    assert code == int(ExitCode.TRANSIENT)
    assert "cannot reach the Kubernetes API" in capsys.readouterr().err


def test_bad_kubeconfig_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "kubeconfig"
    broken.write_text("apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\n", encoding="utf-8")
    code = main(["--workflow", WORKFLOW, "--kubeconfig", str(broken)])
    err = capsys.readouterr().err
    assert code == int(ExitCode.USAGE_ERROR)
    assert f"cannot use kubeconfig {broken}" in err


def test_missing_workflow_flag_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == int(ExitCode.USAGE_ERROR)
    assert "--workflow" in capsys.readouterr().err
