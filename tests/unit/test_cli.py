"""The `coretelecoms` dispatcher: commands, usage errors, and the one-shot import tuning."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from coretelecoms import __version__, cli

REPO = Path(__file__).resolve().parents[2]


def _python(code: str) -> str:
    # The collector state is process-wide: probe it in a fresh interpreter, not in pytest's.
    return subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.strip()


def test_one_shot_import_resumes_collection_and_freezes_what_it_imported() -> None:
    out = _python(
        "import gc\n"
        "from coretelecoms.cli import import_for_one_shot_process\n"
        "before = gc.get_freeze_count()\n"
        "module = import_for_one_shot_process('coretelecoms.jobs.extract')\n"
        "print(module.__name__, gc.isenabled(), before, gc.get_freeze_count() > 10_000)"
    )
    assert out == "coretelecoms.jobs.extract True 0 True"


def test_one_shot_import_leaves_a_disabled_collector_disabled() -> None:
    out = _python(
        "import gc\n"
        "gc.disable()\n"
        "from coretelecoms.cli import import_for_one_shot_process\n"
        "import_for_one_shot_process('coretelecoms.jobs.config')\n"
        "print(gc.isenabled())"
    )
    assert out == "False"


def test_one_shot_import_resumes_collection_when_the_import_fails() -> None:
    out = _python(
        "import gc\n"
        "from coretelecoms.cli import import_for_one_shot_process\n"
        "try:\n"
        "    import_for_one_shot_process('coretelecoms.no_such_module')\n"
        "except ModuleNotFoundError:\n"
        "    print(gc.isenabled())"
    )
    assert out == "True"


def test_console_script_and_python_m_use_the_one_shot_entrypoint() -> None:
    project = tomllib.loads((REPO / "jobs" / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["coretelecoms"] == "coretelecoms.cli:entrypoint"
    version = subprocess.run(
        [sys.executable, "-m", "coretelecoms", "--version"], check=True, capture_output=True, text=True
    )
    assert version.stdout.strip() == __version__


def test_in_process_calls_do_not_freeze_the_callers_objects(capsys: pytest.CaptureFixture[str]) -> None:
    before = gc.get_freeze_count()
    assert cli.main(["config"]) == 0
    assert '"lake"' in capsys.readouterr().out
    assert gc.get_freeze_count() == before


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["nope"]) == 2
    assert "unknown command 'nope'" in capsys.readouterr().err


def test_no_command_prints_usage_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == 2
    assert "usage: coretelecoms <command>" in capsys.readouterr().out


def test_one_shot_import_skips_pydantic_plugin_discovery_unless_asked() -> None:
    # Counts pydantic's lookups of its plugin entry-point group while the settings model is built.
    probe = (
        "import os, importlib.metadata as md\n"
        "calls = []\n"
        "real = md.entry_points\n"
        "md.entry_points = lambda **kw: calls.append(kw.get('group')) or real(**kw)\n"
        "from coretelecoms.cli import import_for_one_shot_process\n"
        "import_for_one_shot_process('coretelecoms.jobs.config')\n"
        "print(repr(os.environ.get('PYDANTIC_DISABLE_PLUGINS')), 'pydantic' in calls)"
    )
    base = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}

    def run(env: dict[str, str]) -> str:
        return subprocess.run(
            [sys.executable, "-c", probe], check=True, capture_output=True, text=True, env=env
        ).stdout.strip()

    assert run(base) == "'__all__' False"
    assert run({**base, "PYDANTIC_DISABLE_PLUGINS": ""}) == "'' True"
