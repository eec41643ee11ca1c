"""Unit tests of the transform job's pure parts: date windows, dbt env, run-result sorting."""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from coretelecoms.errors import UsageError
from coretelecoms.jobs import transform
from coretelecoms.settings import load_settings


def _args(**kw: object) -> argparse.Namespace:
    base: dict[str, object] = {"date": None, "start": None, "end": None}
    base.update(kw)
    return argparse.Namespace(**base)


def test_window_single_day_and_range() -> None:
    d = date(2025, 11, 20)
    assert transform.parse_window(_args(date=d)).as_vars() == {
        "start_date": "2025-11-20",
        "end_date": "2025-11-20",
    }
    w = transform.parse_window(_args(start=d, end=date(2025, 11, 25)))
    assert (w.start, w.end) == (d, date(2025, 11, 25))


@pytest.mark.parametrize(
    "kw",
    [{}, {"start": date(2025, 11, 20)}, {"date": date(2025, 11, 20), "start": date(2025, 11, 20)},
     {"start": date(2025, 11, 21), "end": date(2025, 11, 20)}],
)  # fmt: skip
def test_window_rejects_bad_combinations(kw: dict[str, date]) -> None:
    with pytest.raises(UsageError):
        transform.parse_window(_args(**kw))


def test_main_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        transform.main(["--start", "2025-11-21", "--end", "2025-11-20"])
    assert exc.value.code == 2
    assert "before --start" in capsys.readouterr().err


def test_dbt_env_local_uses_absolute_duckdb_path() -> None:
    env = transform.dbt_env(load_settings(warehouse={"duckdb_path": "rel/dw.duckdb"}))
    assert env["CORETELECOMS_DBT_TARGET"] == "local"
    assert Path(env["CORETELECOMS_DBT_DUCKDB_PATH"]).is_absolute()
    assert env["CORETELECOMS_DBT_DUCKDB_PATH"].endswith("rel/dw.duckdb")


def test_dbt_env_snowflake_puts_secrets_under_dbt_secret_prefix() -> None:
    settings = load_settings(
        dbt={"target": "snowflake"},
        warehouse={
            "snowflake": {
                "account": "acc",
                "user": "svc",
                "private_key": "PEM",
                "private_key_passphrase": "pp",
            }
        },
    )
    env = transform.dbt_env(settings)
    assert env["CORETELECOMS_DBT_SNOWFLAKE_ACCOUNT"] == "acc"
    assert env["DBT_ENV_SECRET_SNOWFLAKE_PRIVATE_KEY"] == "PEM"
    assert env["DBT_ENV_SECRET_SNOWFLAKE_PRIVATE_KEY_PASSPHRASE"] == "pp"
    assert env["DBT_ENV_SECRET_SNOWFLAKE_PASSWORD"] == ""
    assert not any(v in ("PEM", "pp") for k, v in env.items() if not k.startswith("DBT_ENV_SECRET_"))


def test_dbt_env_snowflake_without_credentials_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"private_key or \.password"):
        transform.dbt_env(
            load_settings(dbt={"target": "snowflake"}, warehouse={"snowflake": {"account": "a", "user": "u"}})
        )


def test_patched_environ_restores_previous_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CT_TEST_KEEP", "old")
    monkeypatch.delenv("CT_TEST_NEW", raising=False)
    with transform.patched_environ({"CT_TEST_KEEP": "new", "CT_TEST_NEW": "x"}):
        assert os.environ["CT_TEST_KEEP"] == "new" and os.environ["CT_TEST_NEW"] == "x"
    assert os.environ["CT_TEST_KEEP"] == "old"
    assert "CT_TEST_NEW" not in os.environ


def _result(name: str, kind: str, status: str, message: str | None = None) -> SimpleNamespace:
    node = SimpleNamespace(name=name, unique_id=f"{kind}.x.{name}", resource_type=SimpleNamespace(value=kind))
    return SimpleNamespace(node=node, status=SimpleNamespace(value=status), message=message)


def test_outcome_names_failed_tests_and_errored_nodes() -> None:
    results = SimpleNamespace(
        results=[
            _result("dim_agents", "model", "success"),
            _result("unique_dim_agents_agent_id", "test", "fail", "Got 1 result"),
            _result("fct_lifecycle_durations", "unit_test", "fail", "diff"),
            _result("not_null_x", "test", "warn"),
            _result("fct_x", "model", "error", "boom"),
            _result("ok_test", "test", "pass"),
        ]
    )
    outcome = transform.outcome_of(results)
    assert outcome.failed_tests == ["unique_dim_agents_agent_id", "fct_lifecycle_durations"]
    assert outcome.failed_nodes == ["fct_x"]
    assert outcome.warned_tests == ["not_null_x"]
    assert outcome.counts == {
        "model_success": 1,
        "test_fail": 1,
        "unit_test_fail": 1,
        "test_warn": 1,
        "model_error": 1,
        "test_pass": 1,
    }


def test_dbt_args_are_absolute_and_carry_vars() -> None:
    settings = load_settings(run={"state_dir": "st"}, dbt={"project_dir": "dbt", "profiles_dir": "dbt"})
    args = transform.dbt_args(
        settings, "build", transform.DateWindow(date(2025, 1, 1), date(2025, 1, 2)), True
    )
    assert args[0] == "build" and args[-1] == "--full-refresh"
    for flag in ("--project-dir", "--profiles-dir", "--target-path", "--log-path"):
        assert Path(args[args.index(flag) + 1]).is_absolute()
    assert '"end_date": "2025-01-02"' in args[args.index("--vars") + 1]
