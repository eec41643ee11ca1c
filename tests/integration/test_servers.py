"""The integration servers are real: Postgres round-trips SQL, S3 round-trips objects, within budget."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from integration.servers import LOG, Mode, S3Server, ServerError, requested_mode

# Startup budgets once the images exist (docker mode); local processes are faster still.
POSTGRES_BUDGET_S = 15.0
S3_BUDGET_S = 10.0


def test_postgres_url_is_a_real_postgres_15(postgres_url: str) -> None:
    assert postgres_url.startswith("postgresql://coretelecoms:")
    assert "@127.0.0.1:" in postgres_url
    table = f"t_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_url) as conn:
        version = conn.execute("show server_version_num").fetchone()
        conn.execute(f"create table {table} (id int primary key, status text not null)")
        conn.execute(f"insert into {table} values (1, 'Backlog'), (2, 'Resolved')")
        rows = conn.execute(f"select id, status from {table} order by id").fetchall()
    assert version is not None and int(version[0]) // 10000 == 15
    assert rows == [(1, "Backlog"), (2, "Resolved")]


def test_postgres_rejects_a_wrong_password(postgres_url: str) -> None:
    user, rest = postgres_url.removeprefix("postgresql://").split(":", 1)
    wrong = f"postgresql://{user}:not-the-password@{rest.split('@', 1)[1]}"
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(wrong, connect_timeout=5)


def test_s3_server_round_trips_an_object(s3_server: S3Server) -> None:
    client = s3_server.client()
    bucket = f"ct-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=bucket)
    client.put_object(Bucket=bucket, Key="call logs/call_logs_day_2025-11-20.csv", Body=b"call_id\n1\n")
    body = client.get_object(Bucket=bucket, Key="call logs/call_logs_day_2025-11-20.csv")["Body"].read()
    assert body == b"call_id\n1\n"
    assert bucket in {b["Name"] for b in client.list_buckets()["Buckets"]}
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=bucket, Prefix="call logs/")["Contents"]]
    assert keys == ["call logs/call_logs_day_2025-11-20.csv"]


def test_s3_env_points_the_jobs_at_the_server(s3_server: S3Server) -> None:
    env = s3_server.env()
    assert env["CORETELECOMS_S3__ENDPOINT_URL"] == s3_server.endpoint_url
    assert env["CORETELECOMS_S3__ADDRESSING_STYLE"] == "path"


def test_servers_started_within_budget(postgres_url: str, s3_server: S3Server, server_mode: Mode) -> None:
    assert set(LOG.started) >= {"postgres", "s3"}
    assert LOG.started["postgres"].startswith(str(server_mode))
    assert LOG.seconds["postgres"] < POSTGRES_BUDGET_S, LOG.line()
    assert LOG.seconds["s3"] < S3_BUDGET_S, LOG.line()


@pytest.mark.parametrize(
    ("raw", "mode"), [(None, Mode.AUTO), ("", Mode.AUTO), (" Docker ", Mode.DOCKER), ("local", Mode.LOCAL)]
)
def test_mode_parsing(raw: str | None, mode: Mode) -> None:
    assert requested_mode(raw) is mode


def test_unknown_mode_is_an_error_not_a_default() -> None:
    with pytest.raises(ServerError, match="expected docker, local or auto"):
        requested_mode("dokcer")
