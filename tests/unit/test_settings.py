import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from coretelecoms.settings import Settings, masked_dump, redact_uri, secret_values


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


@pytest.mark.parametrize(
    "uri",
    [
        "postgresql://etl:5432#Sup3rSecret@127.0.0.1:5432/crm",  # `#` ends the authority early
        "postgresql://etl:s3cr#tSup3rSecret@db/crm",  # ... and leaves a port that is not a number
        "postgresql://etl:ab?Sup3rSecret@db/crm",
    ],
)
def test_a_crm_uri_with_unencoded_characters_is_refused_without_echoing_it(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], uri: str
) -> None:
    from coretelecoms.jobs.base import settings_or_exit

    monkeypatch.setenv("CORETELECOMS_CRM__URI", uri)
    assert settings_or_exit("extract") == 2
    out = capsys.readouterr().out
    assert out.startswith("coretelecoms extract: invalid settings: crm.uri: ")
    assert "percent-encode" in out and "Sup3rSecret" not in out


@pytest.mark.parametrize(
    "uri", ["postgresql://etl:p%23w@db:5432/crm?application_name=a@b", "postgresql://db/crm?user=me@corp"]
)
def test_a_crm_uri_with_an_at_sign_in_its_query_is_accepted(clean_env: Path, uri: str) -> None:
    assert Settings(crm={"uri": uri}).crm.uri.get_secret_value() == uri


def test_redact_uri_masks_a_password_the_url_parser_cannot_find() -> None:
    # Unencoded `#`: urlsplit sees no password at all, so it must not be returned as is.
    assert (
        redact_uri("postgresql://etl:5432#Sup3rSecret@127.0.0.1:5432/crm")
        == "postgresql://etl:***@127.0.0.1:5432/crm"
    )
    assert redact_uri("postgresql://etl/x?Sup3rSecret@db/crm") == "postgresql://***@db/crm"
    assert redact_uri("postgresql://etl@db/crm") == "postgresql://etl@db/crm"


def test_secret_values_lists_every_secret_and_a_uri_password_in_both_spellings(clean_env: Path) -> None:
    settings = Settings(
        crm={"uri": "postgresql://etl:p%40ss-word@db/crm"},
        s3={"secret_access_key": "s3-secret-key"},
        notify={"webhook_url": "https://hooks.example/T0/B0/token"},
        warehouse={"snowflake": {"password": "abc"}},  # too short to mask: it would shred every line
    )
    values = secret_values(settings)
    assert set(values) == {
        "postgresql://etl:p%40ss-word@db/crm",
        "p%40ss-word",
        "p@ss-word",
        "s3-secret-key",
        "https://hooks.example/T0/B0/token",
    }
    assert values == sorted(values, key=len, reverse=True)
    # A SQLite URI is a path, not a secret: log lines naming it stay readable.
    assert secret_values(Settings(crm={"uri": "sqlite:///tmp/crm.sqlite"})) == []
