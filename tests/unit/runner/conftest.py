"""Fixtures building fake task graphs (see fake_tasks.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from unit.runner.fake_tasks import make_fake_graph

from coretelecoms.dag import BACKFILL, DAILY, Graph

FakeGraph = Callable[..., Graph]


@pytest.fixture
def counter(tmp_path: Path) -> Path:
    """Directory where fake tasks count their attempts."""
    path = tmp_path / "counter"
    path.mkdir()
    return path


@pytest.fixture
def fake_backfill(counter: Path) -> FakeGraph:
    """Build the backfill graph with fake commands."""
    return lambda **kw: make_fake_graph(BACKFILL, counter, **kw)


@pytest.fixture
def fake_daily(counter: Path) -> FakeGraph:
    """Build the daily graph with fake commands."""
    return lambda **kw: make_fake_graph(DAILY, counter, **kw)
