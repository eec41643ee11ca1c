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
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

ENV_PREFIX = "CORETELECOMS_"
DEFAULT_SECRETS_DIR = "/var/run/secrets/coretelecoms"


class _Section(BaseModel):
    """A nested settings group: frozen, unknown keys rejected."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class S3Settings(_Section):
    """How to reach S3 or any S3-compatible store (MinIO, SeaweedFS)."""

    endpoint_url: str | None = None
    """Custom endpoint (MinIO, SeaweedFS); unset for AWS."""
    region: str = "eu-west-2"
    """AWS region of the buckets."""
    addressing_style: Literal["auto", "path", "virtual"] = "auto"
    """`path` for most S3-compatible servers."""
    access_key_id: SecretStr | None = None
    """Static key; leave unset in Kubernetes to use the pod's IRSA role."""
    secret_access_key: SecretStr | None = None
    """Static secret key; leave unset to use the default AWS credential chain."""
    max_attempts: int = Field(default=5, ge=1, le=20)
    """botocore retry attempts (adaptive mode) before an error is reported as transient."""


class LakeSettings(_Section):
    """The raw lake: `<uri>/<table>/YYYY/MM/DD/data.parquet` plus manifests and quarantine."""

    uri: str = ".data/lake"
    """Local directory or `s3://bucket/prefix`."""
    compression_level: int = Field(default=3, ge=1, le=22)
    """zstd level for raw Parquet files."""


class SourceFilesSettings(_Section):
    """Where the daily files land: a local directory laid out like the source bucket, or `s3://...`."""

    uri: str = ".data/sources/bucket"
    """Root holding `customers/`, `call logs/` and `social_medias/`."""


class CrmSettings(_Section):
    """The CRM holding one web-form table per day."""

    uri: SecretStr = SecretStr("sqlite://.data/sources/crm.sqlite")
    """connectorx URI: `sqlite:///abs/path`, `sqlite://rel/path` or `postgresql://user:pass@host/db`.

    Secret, because it may carry a password."""
    schema_name: str = "customer_complaints"
    """Postgres schema of the daily tables (ignored for SQLite, which has none)."""
    table_prefix: str = "web_form_request_"
    """Daily table name prefix; the suffix is the date as YYYY_MM_DD."""
    connect_timeout_seconds: float = Field(default=10.0, gt=0)
    """How long to wait for the CRM's TCP port before reporting a transient error (connectorx's
    own pool would wait 30 s)."""


class SheetsSettings(_Section):
    """The agents Google Sheet, or its CSV export for the embedded default."""

    kind: Literal["csv", "gspread"] = "csv"
    """`csv` reads `csv_path`; `gspread` reads the Google Sheet with a service account."""
    csv_path: str = ".data/sources/agents.csv"
    """CSV export of the sheet (embedded default)."""
    spreadsheet_key: str | None = None
    """Google spreadsheet key (the id in its URL)."""
    worksheet: str = "agents"
    """Worksheet (tab) title."""
    service_account_json: SecretStr | None = None
    """Google service-account key JSON (mount as a secret file)."""
    api_base_url: str | None = None
    """Override of the Sheets API base URL (tests point it at a local server)."""


class SnowflakeSettings(_Section):
    """Connection to Snowflake (production warehouse)."""

    account: str | None = None
    """Account identifier, e.g. `xy12345.eu-west-2.aws`."""
    user: str | None = None
    """Service user the jobs log in as."""
    role: str = "ETL_ROLE"
    """Role the session uses."""
    warehouse: str = "CORETELECOMS_WH"
    """Virtual warehouse the session uses."""
    password: SecretStr | None = None
    """Password authentication (prefer a key pair)."""
    private_key: SecretStr | None = None
    """PEM private key for key-pair authentication."""
    private_key_passphrase: SecretStr | None = None
    """Passphrase of the PEM key, when encrypted."""
    external_stage: str | None = "RAW.LAKE_STAGE"
    """External stage on the lake bucket (created by Terraform); used when the lake is on S3."""
    host: str | None = None
    """Override host (tests, private link)."""


class WarehouseSettings(_Section):
    """The warehouse: an embedded DuckDB file, or Snowflake."""

    kind: Literal["duckdb", "snowflake"] = "duckdb"
    """Backend; `duckdb` is the embedded default."""
    database: str = "CORETELECOMS_DW"
    """Database holding the RAW, STAGING and ANALYTICS schemas."""
    duckdb_path: str = ".data/warehouse/coretelecoms_dw.duckdb"
    """DuckDB file (embedded default)."""
    snowflake: SnowflakeSettings = SnowflakeSettings()
    """Snowflake connection, used when kind is `snowflake`."""
    lock_timeout_seconds: float = Field(default=30.0, gt=0)
    """How long to wait for the warehouse lock before reporting a transient error."""
    on_new_column: Literal["fail", "ignore"] = "fail"
    """Schema evolution at load: a raw column the contract does not know fails the load (`fail`),
    or is left out of the warehouse and listed in the load summary (`ignore`)."""


class DbtSettings(_Section):
    """How the transform stage runs dbt."""

    project_dir: str = "dbt"
    """The dbt project directory."""
    profiles_dir: str = "dbt"
    """Directory holding profiles.yml."""
    target: Literal["local", "snowflake"] = "local"
    """dbt target; `local` is dbt-duckdb."""
    threads: int = Field(default=2, ge=1, le=64)
    """dbt threads."""


class NotifySettings(_Section):
    """Where the exit handler sends the run summary."""

    webhook_url: SecretStr | None = None
    """Slack-compatible incoming webhook; unset means log only."""
    timeout_seconds: float = Field(default=10.0, gt=0)
    """HTTP timeout for the webhook."""


class LogFormat(StrEnum):
    """Log line format."""

    JSON = "json"
    TEXT = "text"


class RunSettings(_Section):
    """Facts about the current run, set by the orchestrator."""

    run_id: str = "local"
    """Workflow or local run id, stamped on logs, manifests and summaries."""
    summary_path: str | None = None
    """File the JSON summary is also written to (an Argo output parameter)."""
    termination_log_path: str = "/dev/termination-log"
    """Kubernetes termination message path; written when writable."""
    log_format: LogFormat = LogFormat.JSON
    """Log line format on stderr."""
    state_dir: str = ".data/state"
    """Local runner state: run records, locks, task summaries."""


class Settings(BaseSettings):
    """Everything a CoreTelecoms job can be configured with."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_nested_delimiter="__",
        extra="forbid",
        frozen=True,
        case_sensitive=False,
        use_attribute_docstrings=True,
        validate_default=True,
    )

    s3: S3Settings = S3Settings()
    """S3 client settings shared by the lake, the source bucket and the generator."""
    lake: LakeSettings = LakeSettings()
    """Raw lake location."""
    source_files: SourceFilesSettings = SourceFilesSettings()
    """Source bucket with the daily CSV/JSON files and the customers CSV."""
    crm: CrmSettings = CrmSettings()
    """CRM database with the daily web-form tables."""
    sheets: SheetsSettings = SheetsSettings()
    """Agents sheet."""
    warehouse: WarehouseSettings = WarehouseSettings()
    """Warehouse backend."""
    dbt: DbtSettings = DbtSettings()
    """dbt invocation."""
    notify: NotifySettings = NotifySettings()
    """Run notifications."""
    run: RunSettings = RunSettings()
    """Current run facts."""

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
    """A URI with any password replaced by `***`, safe to log."""
    parts = urlsplit(uri)
    if parts.password is None:
        return uri
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


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
    """Set env vars for dbt's `env_var()` during the build only, then restore the previous values."""
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
