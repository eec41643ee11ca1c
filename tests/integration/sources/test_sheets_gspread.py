"""The gspread path against a local HTTP server speaking the slice of the Sheets v4 + OAuth API it uses."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import polars as pl
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from support import isolated_env, run_cli

SHEET_ID = "sheet-123"
AGENT_ROWS = [
    ["iD", "NamE", "experience", "state"],
    [" 1 ", "Ada Obi", "4", "CA"],
    ["2", '=HYPERLINK("x")', "", "TX"],
    ["", "No Id", "3", "NY"],
    ["3", "Short Row"],
]


class FakeGoogle(BaseHTTPRequestHandler):
    """Token endpoint + spreadsheet metadata + values.get, with switchable failures."""

    status_override: int | None = None
    seen_auth: list[str] = []  # noqa: RUF012 - shared across handler instances on purpose

    def log_message(self, *args: object) -> None:
        return

    def _send(self, code: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        if self.path.startswith("/token"):
            length = int(self.headers.get("Content-Length", 0))
            assert b"assertion=" in self.rfile.read(length)
            self._send(200, {"access_token": "fake-token", "expires_in": 3600, "token_type": "Bearer"})
        else:
            self._send(404, {"error": "no"})

    def do_GET(self) -> None:
        self.seen_auth.append(self.headers.get("Authorization", ""))
        if self.status_override:
            self._send(
                self.status_override,
                {"error": {"code": self.status_override, "message": "busy", "status": "UNAVAILABLE"}},
            )
            return
        path = unquote(urlsplit(self.path).path)
        if path == f"/v4/spreadsheets/{SHEET_ID}":
            self._send(200, {"spreadsheetId": SHEET_ID, "properties": {"title": "Agents"},
                             "sheets": [{"properties": {"sheetId": 0, "title": "agents", "index": 0,
                                                        "gridProperties": {"rowCount": 10, "columnCount": 4}}}]})  # fmt: skip
        elif path.startswith(f"/v4/spreadsheets/{SHEET_ID}/values/"):
            self._send(200, {"range": "agents!A1:D5", "majorDimension": "ROWS", "values": AGENT_ROWS})
        else:
            self._send(404, {"error": {"code": 404, "message": "not found", "status": "NOT_FOUND"}})


@pytest.fixture
def google() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGoogle)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeGoogle.status_override = None
    FakeGoogle.seen_auth = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def _service_account(base: str) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return json.dumps(
        {
            "type": "service_account",
            "project_id": "test",
            "private_key_id": "k1",
            "private_key": pem.decode(),
            "client_email": "etl@test.iam.gserviceaccount.com",
            "client_id": "1",
            "token_uri": f"{base}/token",
        }
    )


def _env(tmp_path: Path, base: str) -> dict[str, str]:
    env = isolated_env(tmp_path)
    (Path(env["CORETELECOMS_SECRETS_DIR"]) / "CORETELECOMS_SHEETS__SERVICE_ACCOUNT_JSON").write_text(
        _service_account(base)
    )
    env.update(
        {
            "CORETELECOMS_SHEETS__KIND": "gspread",
            "CORETELECOMS_SHEETS__SPREADSHEET_KEY": SHEET_ID,
            "CORETELECOMS_SHEETS__API_BASE_URL": base,
        }
    )
    return env


def test_agents_extract_through_gspread(tmp_path: Path, google: str) -> None:
    result = run_cli(["extract", "agents", "--date", "2025-11-20"], _env(tmp_path, google))
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert (summary["rows_in"], summary["rows_out"], summary["rows_quarantined"]) == (4, 3, 1)
    frame = pl.read_parquet(tmp_path / "lake/agents/2025/11/20/data.parquet")
    assert frame["id"].to_list() == ["1", "2", "3"]
    assert frame["name"][1] == '=HYPERLINK("x")'  # kept verbatim as text; never evaluated
    assert frame["experience"][2] is None and frame["_source_file"][0] == f"gsheet://{SHEET_ID}/agents"
    assert all(h == "Bearer fake-token" for h in FakeGoogle.seen_auth)
    assert "PRIVATE KEY" not in result.stdout + result.stderr


def test_sheets_unavailable_is_transient(tmp_path: Path, google: str) -> None:
    FakeGoogle.status_override = 503
    result = run_cli(["extract", "agents", "--date", "2025-11-20"], _env(tmp_path, google))
    assert result.returncode == 75, result.stdout + result.stderr
    assert "retry later" in result.stdout
    assert not (tmp_path / "lake/agents").exists()


def test_missing_worksheet_is_a_data_error(tmp_path: Path, google: str) -> None:
    env = _env(tmp_path, google) | {"CORETELECOMS_SHEETS__WORKSHEET": "agentz"}
    result = run_cli(["extract", "agents", "--date", "2025-11-20"], env)
    assert result.returncode == 1
    assert "worksheet 'agentz' not found" in result.stdout
