"""Secrets never leave their secret: a whole daily run with canary secrets, then a byte scan of everything.

Canaries go in both ways a pod gets them (secret files and env). The scan covers stdout, stderr,
the webhook's request bodies, and every file under the test's tmp dir (lake, warehouse, run state
with summaries and task logs, dbt's target/ and logs/) except the secrets dir itself, plus any
file the run touched in the dbt project.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from support import REPO, START, Sources, isolated_env, run_cli

CANARIES = [b"pw-CANARY-1", b"sf-CANARY-2", b"hook-CANARY-3", b"s3-CANARY-4", b"gsa-CANARY-5"]
SERVICE_ACCOUNT = json.dumps(
    {"type": "service_account", "private_key": "gsa-CANARY-5", "client_email": "x@y"}
)


class _Hook(BaseHTTPRequestHandler):
    bodies: ClassVar[list[bytes]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        _Hook.bodies.append(self.path.encode() + b" " + self.rfile.read(length))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        """Silence the default stderr access log."""


@pytest.fixture
def webhook() -> Iterator[str]:
    """A local Slack-compatible webhook whose URL path is itself a secret."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    _Hook.bodies = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook-CANARY-3"
    server.shutdown()


def _leaks(data: bytes) -> list[str]:
    return [c.decode() for c in CANARIES if c in data]


@pytest.mark.slow
def test_no_stage_leaks_a_secret(tmp_path: Path, sources: Sources, webhook: str) -> None:
    started = time.time()
    env = isolated_env(
        tmp_path,
        {
            **sources.env(),
            "CORETELECOMS_NOTIFY__WEBHOOK_URL": webhook,
            "CORETELECOMS_S3__ACCESS_KEY_ID": "AKIAFAKE",
            "CORETELECOMS_S3__SECRET_ACCESS_KEY": "s3-CANARY-4",
        },
    )
    secrets = Path(env["CORETELECOMS_SECRETS_DIR"])
    (secrets / "CORETELECOMS_WAREHOUSE__SNOWFLAKE__PASSWORD").write_text("sf-CANARY-2")
    (secrets / "CORETELECOMS_SHEETS__SERVICE_ACCOUNT_JSON").write_text(SERVICE_ACCOUNT)
    outputs: list[bytes] = []

    run = run_cli(["run", "--date", START, "--parallel", "3", "--retry-backoff", "0.2"], env, timeout=300)
    outputs += [run.stdout.encode(), run.stderr.encode()]
    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    assert _Hook.bodies, "notify must have posted to the webhook (else the webhook canary proves nothing)"
    outputs += [body.split(b" ", 1)[1] for body in _Hook.bodies]

    # The CRM password only means something to Postgres: set it as a secret file, see it masked by
    # `config`, and fail an extract against a closed port without echoing it.
    (secrets / "CORETELECOMS_CRM__URI").write_text("postgresql://etl:pw-CANARY-1@127.0.0.1:9/crm")
    pg_env = {k: v for k, v in env.items() if k != "CORETELECOMS_CRM__URI"}
    pg_env["CORETELECOMS_CRM__CONNECT_TIMEOUT_SECONDS"] = "1"
    for args in (["config"], ["extract", "web_forms", "--date", START]):
        result = run_cli(args, pg_env)
        outputs += [result.stdout.encode(), result.stderr.encode()]
        assert result.returncode == (0 if args == ["config"] else 75), result.stdout + result.stderr
    config = run_cli(["config"], {**env, "CORETELECOMS_CRM__URI": "postgresql://etl:pw-CANARY-1@db/crm"})
    outputs += [config.stdout.encode(), config.stderr.encode()]
    assert config.returncode == 0 and "**********" in config.stdout

    leaks = {f"output {i}": found for i, out in enumerate(outputs) if (found := _leaks(out))}
    scanned = 0
    for path in tmp_path.rglob("*"):
        if path.is_file() and secrets not in path.parents:
            scanned += 1
            if found := _leaks(path.read_bytes()):
                leaks[str(path)] = found
    for path in (REPO / "dbt").rglob("*"):
        if path.is_file() and path.stat().st_mtime >= started and (found := _leaks(path.read_bytes())):
            leaks[str(path)] = found
    assert leaks == {}
    # The scan saw the places that matter: lake, warehouse, run state with summaries, dbt artifacts.
    for must in ("lake", "warehouse", "state", "state/dbt/target"):
        assert any((tmp_path / must) in p.parents for p in tmp_path.rglob("*") if p.is_file()), must
    assert scanned > 20
