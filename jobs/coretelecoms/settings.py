"""The one typed settings model every job reads.

Sources, highest priority first: init arguments, environment variables
(`CORETELECOMS_` prefix, `__` for nesting, e.g. `CORETELECOMS_WAREHOUSE__KIND=snowflake`),
then secret files mounted by Kubernetes in `CORETELECOMS_SECRETS_DIR` (default
`/var/run/secrets/coretelecoms`), one file per field named like its variable
(`CORETELECOMS_WAREHOUSE__SNOWFLAKE__PASSWORD`). No other module reads `os.environ`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

ENV_PREFIX = "CORETELECOMS_"
DEFAULT_SECRETS_DIR = "/var/run/secrets/coretelecoms"


class _Section(BaseModel):
    """A nested settings group: frozen, unknown keys rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class S3Settings(_Section):
    """How to reach S3 or any S3-compatible store (MinIO, SeaweedFS)."""

    endpoint_url: str | None = Field(
        default=None, description="Custom endpoint (MinIO, SeaweedFS); unset for AWS."
    )
    region: str = Field(default="eu-west-2", description="AWS region of the buckets.")
    addressing_style: Literal["auto", "path", "virtual"] = Field(
        default="auto", description="`path` for most S3-compatible servers."
    )
    access_key_id: SecretStr | None = Field(
        default=None, description="Static key; leave unset in Kubernetes to use the pod's IRSA role."
    )
    secret_access_key: SecretStr | None = Field(
        default=None, description="Static secret key; leave unset to use the default AWS credential chain."
    )
    max_attempts: int = Field(
        default=5,
        ge=1,
        le=20,
        description="botocore retry attempts (adaptive mode) before an error is reported as transient.",
    )


class LakeSettings(_Section):
    """The raw lake: `<uri>/<table>/YYYY/MM/DD/data.parquet` plus manifests and quarantine."""

    uri: str = Field(default=".data/lake", description="Local directory or `s3://bucket/prefix`.")
    compression_level: int = Field(
        default=1,
        ge=1,
        le=22,
        description=(
            "zstd level for raw Parquet files. 1 measured both faster and smaller than 3 on the "
            "call logs (`make bench`); raise it for colder storage."
        ),
    )


class SourceFilesSettings(_Section):
    """Where the daily files land: a local directory laid out like the source bucket, or `s3://...`."""

    uri: str = Field(
        default=".data/sources/bucket",
        description="Root holding `customers/`, `call logs/` and `social_medias/`.",
    )


class CrmSettings(_Section):
    """The CRM holding one web-form table per day."""

    uri: SecretStr = Field(
        default=SecretStr("sqlite://.data/sources/crm.sqlite"),
        description=(
            "connectorx URI: `sqlite:///abs/path`, `sqlite://rel/path` or "
            "`postgresql://user:pass@host/db` (percent-encode `#`, `?`, `/`, `@` and `:` in the "
            "password). Secret, because it may carry a password."
        ),
    )
    schema_name: str = Field(
        default="customer_complaints",
        description="Postgres schema of the daily tables (ignored for SQLite, which has none).",
    )
    table_prefix: str = Field(
        default="web_form_request_",
        description="Daily table name prefix; the suffix is the date as YYYY_MM_DD.",
    )
    connect_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description=(
            "How long to wait for the CRM's TCP port before reporting a transient error "
            "(connectorx's own pool would wait 30 s)."
        ),
    )

    @field_validator("uri")
    @classmethod
    def _uri_parses(cls, value: SecretStr) -> SecretStr:
        # A password with an unencoded `#`, `?` or `/` ends the URI's authority early: what
        # follows `user:` is then read as a port (refused here when it is not a number) or, for
        # `#`, everything after it as a fragment, meaningless in a database URI. The message
        # never echoes the value.
        uri = value.get_secret_value()
        if uri.startswith("sqlite:"):
            return value
        parts = urlsplit(uri)
        try:
            parts.port  # noqa: B018 - raises on a port that is not a number
        except ValueError:
            raise ValueError(
                "the URI's port is not a number: percent-encode special characters "
                "(such as # ? / @ :) in the user name and password"
            ) from None
        if "@" in parts.fragment:
            raise ValueError("the URI's password has an unencoded #: percent-encode it as %23")
        return value


class SheetsSettings(_Section):
    """The agents Google Sheet, or its CSV export for the embedded default."""

    kind: Literal["csv", "gspread"] = Field(
        default="csv",
        description="`csv` reads `csv_path`; `gspread` reads the Google Sheet with a service account.",
    )
    csv_path: str = Field(
        default=".data/sources/agents.csv", description="CSV export of the sheet (embedded default)."
    )
    spreadsheet_key: str | None = Field(
        default=None, description="Google spreadsheet key (the id in its URL)."
    )
    worksheet: str = Field(default="agents", description="Worksheet (tab) title.")
    service_account_json: SecretStr | None = Field(
        default=None, description="Google service-account key JSON (mount as a secret file)."
    )
    api_base_url: str | None = Field(
        default=None, description="Override of the Sheets API base URL (tests point it at a local server)."
    )


class SnowflakeSettings(_Section):
    """Connection to Snowflake (production warehouse)."""

    account: str | None = Field(default=None, description="Account identifier, e.g. `xy12345.eu-west-2.aws`.")
    user: str | None = Field(default=None, description="Service user the jobs log in as.")
    role: str = Field(default="ETL_ROLE", description="Role the session uses.")
    warehouse: str = Field(default="CORETELECOMS_WH", description="Virtual warehouse the session uses.")
    password: SecretStr | None = Field(
        default=None, description="Password authentication (prefer a key pair)."
    )
    private_key: SecretStr | None = Field(
        default=None, description="PEM private key for key-pair authentication."
    )
    private_key_passphrase: SecretStr | None = Field(
        default=None, description="Passphrase of the PEM key, when encrypted."
    )
    external_stage: str | None = Field(
        default="RAW.LAKE_STAGE",
        description="External stage on the lake bucket (created by Terraform); used when the lake is on S3.",
    )
    host: str | None = Field(default=None, description="Override host (tests, private link).")


class WarehouseSettings(_Section):
    """The warehouse: an embedded DuckDB file, or Snowflake."""

    kind: Literal["duckdb", "snowflake"] = Field(
        default="duckdb", description="Backend; `duckdb` is the embedded default."
    )
    database: str = Field(
        default="CORETELECOMS_DW", description="Database holding the RAW, STAGING and ANALYTICS schemas."
    )
    duckdb_path: str = Field(
        default=".data/warehouse/coretelecoms_dw.duckdb", description="DuckDB file (embedded default)."
    )
    snowflake: SnowflakeSettings = Field(
        default=SnowflakeSettings(), description="Snowflake connection, used when kind is `snowflake`."
    )
    lock_timeout_seconds: float = Field(
        default=30.0,
        gt=0,
        description="How long to wait for the warehouse lock before reporting a transient error.",
    )
    on_new_column: Literal["fail", "ignore"] = Field(
        default="fail",
        description=(
            "Schema evolution at load: a raw column the contract does not know fails the load "
            "(`fail`), or is left out of the warehouse and listed in the load summary (`ignore`)."
        ),
    )


class DbtSettings(_Section):
    """How the transform stage runs dbt."""

    project_dir: str = Field(default="dbt", description="The dbt project directory.")
    profiles_dir: str = Field(default="dbt", description="Directory holding profiles.yml.")
    target: Literal["local", "snowflake"] = Field(
        default="local", description="dbt target; `local` is dbt-duckdb."
    )
    threads: int = Field(default=2, ge=1, le=64, description="dbt threads.")


class NotifySettings(_Section):
    """Where the exit handler sends the run summary."""

    webhook_url: SecretStr | None = Field(
        default=None, description="Slack-compatible incoming webhook; unset means log only."
    )
    timeout_seconds: float = Field(default=10.0, gt=0, description="HTTP timeout for the webhook.")


class LogFormat(StrEnum):
    """Log line format."""

    JSON = "json"
    TEXT = "text"


class RunSettings(_Section):
    """Facts about the current run, set by the orchestrator."""

    run_id: str = Field(
        default="local", description="Workflow or local run id, stamped on logs, manifests and summaries."
    )
    summary_path: str | None = Field(
        default=None, description="File the JSON summary is also written to (an Argo output parameter)."
    )
    termination_log_path: str = Field(
        default="/dev/termination-log",
        description="Kubernetes termination message path; written when writable.",
    )
    log_format: LogFormat = Field(default=LogFormat.JSON, description="Log line format on stderr.")
    state_dir: str = Field(
        default=".data/state", description="Local runner state: run records, locks, task summaries."
    )


class Settings(BaseSettings):
    """Everything a CoreTelecoms job can be configured with."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
        case_sensitive=False,
        validate_default=True,
    )

    s3: S3Settings = Field(
        default=S3Settings(),
        description="S3 client settings shared by the lake, the source bucket and the generator.",
    )
    lake: LakeSettings = Field(default=LakeSettings(), description="Raw lake location.")
    source_files: SourceFilesSettings = Field(
        default=SourceFilesSettings(),
        description="Source bucket with the daily CSV/JSON files and the customers CSV.",
    )
    crm: CrmSettings = Field(
        default=CrmSettings(), description="CRM database with the daily web-form tables."
    )
    sheets: SheetsSettings = Field(default=SheetsSettings(), description="Agents sheet.")
    warehouse: WarehouseSettings = Field(default=WarehouseSettings(), description="Warehouse backend.")
    dbt: DbtSettings = Field(default=DbtSettings(), description="dbt invocation.")
    notify: NotifySettings = Field(default=NotifySettings(), description="Run notifications.")
    run: RunSettings = Field(default=RunSettings(), description="Current run facts.")

    @field_validator("lake", mode="after")
    @classmethod
    def _lake_uri_not_empty(cls, value: LakeSettings) -> LakeSettings:
        if not value.uri.strip():
            raise ValueError("lake.uri must not be empty")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Init args, then env, then nested secret files; no .env files (they leak into images)."""
        return (init_settings, env_settings, _NestedSecretFiles(settings_cls))


class _NestedSecretFiles(PydanticBaseSettingsSource):
    """Secret files named like env vars (`CORETELECOMS_CRM__URI`), read from the secrets dir.

    Kubernetes mounts each secret key as one file; this maps those files onto nested
    fields the same way environment variables are mapped.
    """

    def __init__(self, settings_cls: type[BaseSettings], secrets_dir: str | None = None) -> None:
        super().__init__(settings_cls)
        self._dir = Path(secrets_dir or os.environ.get(f"{ENV_PREFIX}SECRETS_DIR", DEFAULT_SECRETS_DIR))

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:  # pragma: no cover
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if not self._dir.is_dir():
            return data
        for path in sorted(self._dir.iterdir()):
            name = path.name.upper()
            if not name.startswith(ENV_PREFIX) or not path.is_file() or name == f"{ENV_PREFIX}SECRETS_DIR":
                continue
            keys = name[len(ENV_PREFIX) :].lower().split("__")
            node = data
            for key in keys[:-1]:
                node = node.setdefault(key, {})
            node[keys[-1]] = path.read_text(encoding="utf-8").strip()
        return data


def load_settings(**overrides: Any) -> Settings:
    """Build the settings from env, secret files and explicit overrides (tests, CLI flags)."""
    return Settings(**overrides)


def redact_uri(uri: str) -> str:
    """A URI with any password replaced by `***`, safe to log.

    A password with an unencoded `#`, `?` or `/` ends the URI's authority early, so no
    password is parsed; then everything before the last `@` is taken as the user and password
    (safe: at worst it masks too much).
    """
    parts = urlsplit(uri)
    if parts.password is not None:
        netloc = parts.netloc.rsplit("@", 1)[1]
        user = parts.username or ""
        return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))
    scheme, separator, rest = uri.partition("://")
    if not separator or "@" not in rest or "@" in parts.netloc:
        return uri
    userinfo, host = rest.rsplit("@", 1)
    if ":" not in userinfo:
        # No password where one could be, but the user part is cut short: mask it whole.
        return f"{scheme}://***@{host}"
    return f"{scheme}://{userinfo.split(':', 1)[0]}:***@{host}"


def uri_password_forms(uri: str) -> set[str]:
    """A URI's password as written and percent-decoded (a driver may echo either); empty if none."""
    password = urlsplit(uri).password if "://" in uri else None
    return {password, unquote(password)} if password else set()


# Shorter values are not masked in logs: they would shred every line, and are no real secret.
MIN_MASKED_SECRET_LENGTH = 4


def secret_values(settings: Settings) -> list[str]:
    """The text of every secret setting, longest first, for the job log to mask.

    A URI secret counts whole and by its password (as written and percent-decoded, as a
    driver may echo either); a SQLite URI is a path, not a secret, and stays readable.
    """
    found: set[str] = set()

    def walk(model: BaseModel) -> None:
        for name in type(model).model_fields:
            value = getattr(model, name)
            if isinstance(value, BaseModel):
                walk(value)
            elif isinstance(value, SecretStr):
                text = value.get_secret_value()
                if text.startswith("sqlite:"):
                    continue
                found.add(text)
                found.update(uri_password_forms(text))

    walk(settings)
    return sorted((v for v in found if len(v) >= MIN_MASKED_SECRET_LENGTH), key=len, reverse=True)


def masked_dump(settings: Settings) -> dict[str, Any]:
    """The effective settings as JSON-ready data, every secret shown as `**********`."""
    return settings.model_dump(mode="json")


def child_environment(overrides: dict[str, str]) -> dict[str, str]:
    """This process's environment plus `overrides`, for a child task the local runner starts.

    Lives here so that settings.py stays the only module touching `os.environ`; children
    read their settings from it exactly as a pod reads its env.
    """
    return {**os.environ, **overrides}


@contextlib.contextmanager
def patched_environ(values: dict[str, str]) -> Iterator[None]:
    """Set env vars for one step only (dbt's `env_var()`, polars' reader tuning), then restore them."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old
