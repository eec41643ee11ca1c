"""Extract against real servers: the CRM on Postgres and the source bucket + lake on S3."""

from __future__ import annotations

import hashlib
import json
import socket
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from support import START, isolated_env, run_cli

DAY = "2025-11-21"


def _summary(stdout: str) -> dict[str, Any]:
    return json.loads(stdout.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _s3_env(s3: Any) -> dict[str, str]:
    return {
        "CORETELECOMS_S3__ENDPOINT_URL": s3.endpoint_url,
        "CORETELECOMS_S3__ADDRESSING_STYLE": "path",
        "CORETELECOMS_S3__REGION": s3.region,
        "CORETELECOMS_S3__MAX_ATTEMPTS": "2",
    }


def _s3_client(s3: Any) -> Any:
    return s3.client()


def _secrets(env: dict[str, str], values: dict[str, str]) -> None:
    for name, value in values.items():
        (Path(env["CORETELECOMS_SECRETS_DIR"]) / name).write_text(value)


# --- Postgres CRM ------------------------------------------------------------------------------------


def test_web_forms_from_postgres_match_the_sqlite_extract(tmp_path: Path, postgres_url: str, sources) -> None:
    gen_env = isolated_env(tmp_path / "gen")
    generated = run_cli(
        ["generate", "--start", START, "--days", "3", "--scale", "0.1", "--seed", "7",
         "--files-uri", str(tmp_path / "bucket"), "--crm-uri", postgres_url,
         "--agents-csv", str(tmp_path / "agents.csv")],
        gen_env,
    )  # fmt: skip
    assert generated.returncode == 0, generated.stdout + generated.stderr
    env = isolated_env(tmp_path / "pg")
    _secrets(env, {"CORETELECOMS_CRM__URI": postgres_url})
    result = run_cli(["extract", "web_forms", "--date", DAY], env)
    assert result.returncode == 0, result.stdout + result.stderr
    summary = _summary(result.stdout)
    assert (
        summary["details"]["source_uri"]
        == f"crm:customer_complaints.web_form_request_{DAY.replace('-', '_')}"
    )
    assert summary["rows_in"] == summary["rows_out"] + summary["rows_quarantined"]
    password = postgres_url.split(":")[2].split("@", maxsplit=1)[0]
    assert password not in result.stdout + result.stderr

    local = isolated_env(tmp_path / "sqlite", sources.env())
    assert run_cli(["extract", "web_forms", "--date", DAY], local).returncode == 0
    from_pg = pl.read_parquet(tmp_path / "pg/lake/web_forms/2025/11/21/data.parquet").drop("_source_file")
    from_sqlite = pl.read_parquet(tmp_path / "sqlite/lake/web_forms/2025/11/21/data.parquet").drop(
        "_source_file"
    )
    assert from_pg.equals(from_sqlite)  # same rows, same order, same values, whatever the CRM engine


def test_postgres_rows_come_in_physical_order_and_reruns_are_byte_identical(
    tmp_path: Path, postgres_url: str
) -> None:
    import psycopg

    table = 'customer_complaints."web_form_request_2031_02_03"'
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("CREATE SCHEMA IF NOT EXISTS customer_complaints")
        db.execute(f"DROP TABLE IF EXISTS {table}")
        db.execute(
            f'CREATE TABLE {table} (request_id TEXT, customer_id TEXT, "complaint_catego ry" TEXT, '
            "agent_id TEXT, resolutionstatus TEXT, request_date TEXT, resolution_date TEXT, "
            '"webFormGenerationDate" TEXT)'
        )
        db.execute(
            f"INSERT INTO {table} SELECT 'WF-' || i, 'C1', 'Payments', '3', 'Backlog', '2031-02-03', "
            "NULL, '2031-02-03' FROM generate_series(1, 120000) AS i"
        )
        db.execute(f"UPDATE {table} SET resolutionstatus = 'Resolved' WHERE request_id = 'WF-2'")
        physical = [r[0] for r in db.execute(f"SELECT request_id FROM {table} ORDER BY ctid")]
    assert physical[-1] == "WF-2"  # the update moved the row to the end of the heap
    env = isolated_env(tmp_path)
    _secrets(env, {"CORETELECOMS_CRM__URI": postgres_url})
    lake_file = tmp_path / "lake/web_forms/2031/02/03/data.parquet"
    digests = []
    for _ in range(2):
        result = run_cli(["extract", "web_forms", "--date", "2031-02-03"], env)
        assert result.returncode == 0, result.stdout + result.stderr
        digests.append(hashlib.sha256(lake_file.read_bytes()).hexdigest())
    assert digests[0] == digests[1]
    extracted = pl.read_parquet(lake_file, columns=["request_id", "_source_row"])
    assert extracted["request_id"].to_list() == physical  # streamed in several batches, in heap order
    assert extracted["_source_row"].to_list() == list(range(1, 120001))


def test_missing_postgres_table_is_a_data_error(tmp_path: Path, postgres_url: str) -> None:
    env = isolated_env(tmp_path)
    _secrets(env, {"CORETELECOMS_CRM__URI": postgres_url})
    result = run_cli(["extract", "web_forms", "--date", "2031-01-01"], env)
    assert result.returncode == 1
    assert (
        "customer_complaints.web_form_request_2031_01_01: table not found"
        in _summary(result.stdout)["message"]
    )


def test_unreachable_postgres_is_transient_and_hides_the_password(tmp_path: Path) -> None:
    env = isolated_env(tmp_path)
    _secrets(env, {"CORETELECOMS_CRM__URI": f"postgresql://etl:pw-CANARY@127.0.0.1:{_free_port()}/crm"})
    result = run_cli(["extract", "web_forms", "--date", DAY], env)
    assert result.returncode == 75, result.stdout + result.stderr
    assert "pw-CANARY" not in result.stdout + result.stderr
    assert "etl:***@127.0.0.1" in _summary(result.stdout)["message"]


# --- S3 source bucket and lake ----------------------------------------------------------------------


@pytest.fixture
def buckets(s3_server: Any, tmp_path: Path) -> dict[str, str]:
    client = _s3_client(s3_server)
    names = {
        "source": f"src-{tmp_path.name[-20:].lower().replace('_', '-')}",
        "lake": f"lake-{tmp_path.name[-20:].lower().replace('_', '-')}",
    }
    for name in names.values():
        client.create_bucket(Bucket=name)
    return names


def test_extract_from_s3_into_s3_is_byte_identical_to_local(
    tmp_path: Path, s3_server: Any, buckets, sources
) -> None:
    env = isolated_env(tmp_path / "s3", _s3_env(s3_server))
    _secrets(env, {"CORETELECOMS_S3__ACCESS_KEY_ID": s3_server.access_key,
                   "CORETELECOMS_S3__SECRET_ACCESS_KEY": s3_server.secret_key})  # fmt: skip
    gen = run_cli(
        ["generate", "--start", START, "--days", "3", "--scale", "0.1", "--seed", "7",
         "--files-uri", f"s3://{buckets['source']}/incoming", "--crm-uri", f"sqlite://{tmp_path / 'crm.sqlite'}",
         "--agents-csv", str(tmp_path / "agents.csv")],
        env,
    )  # fmt: skip
    assert gen.returncode == 0, gen.stdout + gen.stderr
    env["CORETELECOMS_SOURCE_FILES__URI"] = f"s3://{buckets['source']}/incoming"
    env["CORETELECOMS_LAKE__URI"] = f"s3://{buckets['lake']}/raw"
    local = isolated_env(tmp_path / "local", sources.env())
    client = _s3_client(s3_server)
    for table in ("customers", "call_logs", "social_media"):
        result = run_cli(["extract", table, "--date", DAY], env)
        assert result.returncode == 0, result.stdout + result.stderr
        summary = _summary(result.stdout)
        key = f"raw/{table}/2025/11/21/data.parquet"
        assert summary["output_uri"] == f"s3://{buckets['lake']}/{key}"
        remote = client.get_object(Bucket=buckets["lake"], Key=key)["Body"].read()
        assert run_cli(["extract", table, "--date", DAY], local).returncode == 0
        on_disk = (tmp_path / "local/lake" / table / "2025/11/21/data.parquet").read_bytes()
        assert (
            hashlib.sha256(remote).hexdigest() == hashlib.sha256(on_disk).hexdigest() == summary["checksum"]
        )
        manifest = json.loads(
            client.get_object(Bucket=buckets["lake"], Key=key.replace("data.parquet", "_manifest.json"))[
                "Body"
            ].read()
        )
        assert manifest["data_sha256"] == summary["checksum"]
    for secret in (s3_server.secret_key,):
        assert secret not in result.stdout + result.stderr


def test_missing_s3_object_names_the_uri(tmp_path: Path, s3_server: Any, buckets) -> None:
    env = isolated_env(tmp_path, _s3_env(s3_server))
    _secrets(env, {"CORETELECOMS_S3__ACCESS_KEY_ID": s3_server.access_key,
                   "CORETELECOMS_S3__SECRET_ACCESS_KEY": s3_server.secret_key})  # fmt: skip
    env["CORETELECOMS_SOURCE_FILES__URI"] = f"s3://{buckets['source']}"
    env["CORETELECOMS_LAKE__URI"] = f"s3://{buckets['lake']}"
    result = run_cli(["extract", "call_logs", "--date", DAY], env)
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        f"s3://{buckets['source']}/call logs/call_logs_day_{DAY}.csv: not found"
        in _summary(result.stdout)["message"]
    )
    assert not _s3_client(s3_server).list_objects_v2(Bucket=buckets["lake"]).get("Contents")


def test_unreachable_s3_is_transient(tmp_path: Path) -> None:
    env = isolated_env(tmp_path, {"CORETELECOMS_S3__ENDPOINT_URL": f"http://127.0.0.1:{_free_port()}",
                                  "CORETELECOMS_S3__ADDRESSING_STYLE": "path", "CORETELECOMS_S3__MAX_ATTEMPTS": "1"})  # fmt: skip
    _secrets(env, {"CORETELECOMS_S3__ACCESS_KEY_ID": "k", "CORETELECOMS_S3__SECRET_ACCESS_KEY": "s"})
    env["CORETELECOMS_SOURCE_FILES__URI"] = "s3://nowhere"
    result = run_cli(["extract", "call_logs", "--date", DAY], env)
    assert result.returncode == 75, result.stdout + result.stderr
    assert "cannot reach S3" in _summary(result.stdout)["message"]
