"""Fixtures every test layer shares: generated sources and an isolated job environment."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import Sources, generate_sources, isolated_env


@pytest.fixture(scope="session")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Sources:
    """Three generated days at a small scale, shared read-only by the whole session."""
    return generate_sources(tmp_path_factory.mktemp("sources"))


@pytest.fixture
def job_env(tmp_path: Path, sources: Sources, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point in-process settings at a fresh lake/warehouse under tmp_path and the shared sources."""
    env = isolated_env(tmp_path, sources.env())
    for key in [k for k in os.environ if k.startswith("CORETELECOMS_")]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        if key.startswith("CORETELECOMS_"):
            monkeypatch.setenv(key, value)
    yield tmp_path
