"""Session fixtures for real servers: `postgres_url` and `s3_server` (see servers.py for the modes).

CORETELECOMS_TEST_SERVERS=docker|local|auto (default auto) picks the mode; the report header and
the terminal summary say which mode ran and how long each server took to start.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from integration import servers
from integration.servers import LOG, Mode, S3Server, ServerError

# Ryuk (testcontainers' reaper) is pulled from a registry; the fixtures stop their own containers.
# Set before servers.py first imports testcontainers (lazily), which reads it once.
os.environ.setdefault("TESTCONTAINERS_RYUK_DISABLED", "true")


def _mode() -> Mode:
    """The resolved server mode, decided once per session (it may start dockerd)."""
    if LOG.mode is None:
        LOG.mode, LOG.reason = servers.resolve_mode(
            servers.requested_mode(os.environ.get("CORETELECOMS_TEST_SERVERS"))
        )
    return LOG.mode


def pytest_report_header(config: pytest.Config) -> str:
    """Say up front where the integration servers will run (or why they cannot)."""
    try:
        mode = _mode()
    except ServerError as exc:
        return f"integration servers: UNAVAILABLE: {exc}"
    return f"integration servers: mode={mode} ({LOG.reason})"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Repeat what actually ran, with startup times, at the end of the run."""
    if LOG.started:
        terminalreporter.write_line(LOG.line())


@pytest.fixture(scope="session")
def server_mode(record_testsuite_property: Callable[[str, object], None]) -> Mode:
    """The mode the servers run in; recorded as the junit property `integration_servers`."""
    try:
        mode = _mode()
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)
    record_testsuite_property("integration_servers", str(mode))
    return mode


@pytest.fixture(scope="session")
def postgres_url(server_mode: Mode) -> Iterator[str]:
    """`postgresql://user:pass@127.0.0.1:port/db` of a real, empty Postgres 15 for this session."""
    try:
        with servers.postgres_server(server_mode) as url:
            yield url
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def s3_server(server_mode: Mode) -> Iterator[S3Server]:
    """A real S3-compatible endpoint (MinIO, SeaweedFS or moto; path-style) for this session."""
    try:
        with servers.s3_server(server_mode) as server:
            yield server
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)
