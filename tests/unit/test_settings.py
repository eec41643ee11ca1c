import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from coretelecoms.settings import Settings, masked_dump, redact_uri


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    import os

    for key in [k for k in os.environ if k.startswith("CORETELECOMS_")]:
        monkeypatch.delenv(key)
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    monkeypatch.setenv("CORETELECOMS_SECRETS_DIR", str(secrets))
    return secrets


def test_env_vars_nest_with_double_underscore(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORETELECOMS_WAREHOUSE__KIND", "snowflake")
    monkeypatch.setenv("CORETELECOMS_WAREHOUSE__SNOWFLAKE__ACCOUNT", "xy123")
    monkeypatch.setenv("CORETELECOMS_DBT__THREADS", "4")
    settings = Settings()
    assert settings.warehouse.kind == "snowflake"
    assert settings.warehouse.snowflake.account == "xy123"
    assert settings.dbt.threads == 4


def test_secret_files_fill_nested_fields_and_are_masked(clean_env: Path) -> None:
    (clean_env / "CORETELECOMS_WAREHOUSE__SNOWFLAKE__PASSWORD").write_text("hunter2-secret\n")
    (clean_env / "coretelecoms_crm__uri").write_text("postgresql://etl:pw-secret@db:5432/crm")
    settings = Settings()
    assert settings.warehouse.snowflake.password is not None
    assert settings.warehouse.snowflake.password.get_secret_value() == "hunter2-secret"
    dumped = json.dumps(masked_dump(settings))
    assert "hunter2-secret" not in dumped and "pw-secret" not in dumped
    assert "hunter2" not in repr(settings) and "pw-secret" not in str(settings)


def test_env_wins_over_secret_files(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (clean_env / "CORETELECOMS_NOTIFY__WEBHOOK_URL").write_text("https://file.example/hook")
    monkeypatch.setenv("CORETELECOMS_NOTIFY__WEBHOOK_URL", "https://env.example/hook")
    assert Settings().notify.webhook_url.get_secret_value() == "https://env.example/hook"  # type: ignore[union-attr]


def test_unknown_keys_are_rejected(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORETELECOMS_WAREHOUSE__KINDD", "duckdb")
    with pytest.raises(ValidationError, match="kindd"):
        Settings()


def test_settings_are_frozen(clean_env: Path) -> None:
    settings = Settings()
    with pytest.raises(ValidationError):
        settings.lake.uri = "elsewhere"  # type: ignore[misc]  # frozen: the point of the test


def test_invalid_choice_names_the_field(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORETELECOMS_SHEETS__KIND", "excel")
    with pytest.raises(ValidationError) as info:
        Settings()
    assert info.value.errors()[0]["loc"] == ("sheets", "kind")


def test_every_field_is_documented() -> None:
    schema = Settings.model_json_schema()
    for name, definition in schema["$defs"].items():
        for field, spec in definition.get("properties", {}).items():
            assert spec.get("description"), f"{name}.{field} has no description"
    for field, spec in schema["properties"].items():
        assert spec.get("description"), f"Settings.{field} has no description"


def test_redact_uri_hides_only_the_password() -> None:
    assert redact_uri("postgresql://etl:s3cret@db:5432/crm") == "postgresql://etl:***@db:5432/crm"
    assert redact_uri("sqlite:///tmp/crm.sqlite") == "sqlite:///tmp/crm.sqlite"
