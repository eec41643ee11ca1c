"""Servers that vanish or hang up → exit 75 (retried), then success; broken disks → exit 1 naming the path."""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability.proxy import FlakyProxy
from support import Sources, isolated_env, run_cli

DAY = "2025-11-20"


def _summary(stdout: str) -> dict:
    return json.loads([line for line in stdout.splitlines() if line.startswith("{")][-1])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_proxy() -> Iterator[FlakyProxy]:
    """moto's S3 server with a lake bucket, behind a proxy the tests can break."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    boto3.client(
        "s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="eu-west-2",
        aws_access_key_id="test", aws_secret_access_key="test",
    ).create_bucket(Bucket="lake", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})  # fmt: skip
    proxy = FlakyProxy(port)
    yield proxy
    proxy.stop()
    server.stop()


def _s3_env(tmp_path: Path, sources: Sources, proxy: FlakyProxy) -> dict[str, str]:
    return isolated_env(
        tmp_path,
        {
            **sources.env(),
            "CORETELECOMS_LAKE__URI": "s3://lake/raw",
            "CORETELECOMS_S3__ENDPOINT_URL": f"http://127.0.0.1:{proxy.port}",
            "CORETELECOMS_S3__ADDRESSING_STYLE": "path",
            "CORETELECOMS_S3__ACCESS_KEY_ID": "test",
            "CORETELECOMS_S3__SECRET_ACCESS_KEY": "test",
            "CORETELECOMS_S3__MAX_ATTEMPTS": "1",
        },
    )


@pytest.mark.parametrize("fault", ["stopped", "drop"])
def test_s3_lake_unreachable_is_transient_then_retry_succeeds(
    tmp_path: Path, sources: Sources, s3_proxy: FlakyProxy, fault: str
) -> None:
    env = _s3_env(tmp_path, sources, s3_proxy)
    s3_proxy.stop()
    if fault == "drop":
        s3_proxy.start("drop")
    failed = run_cli(["extract", "call_logs", "--date", DAY], env, timeout=120)
    assert failed.returncode == 75, failed.stdout + failed.stderr
    assert "s3://lake/raw" in _summary(failed.stdout)["message"]
    assert "Traceback" not in failed.stdout + failed.stderr
    s3_proxy.stop()
    s3_proxy.start("forward")
    retried = run_cli(["extract", "call_logs", "--date", DAY], env, timeout=120)
    assert retried.returncode == 0, retried.stdout + retried.stderr
    summary = _summary(retried.stdout)
    assert summary["output_uri"] == "s3://lake/raw/call_logs/2025/11/20/data.parquet"
    assert summary["rows_in"] == summary["rows_out"] + summary["rows_quarantined"]


def test_s3_source_bucket_unreachable_is_transient(
    tmp_path: Path, sources: Sources, s3_proxy: FlakyProxy
) -> None:
    env = {**_s3_env(tmp_path, sources, s3_proxy), "CORETELECOMS_SOURCE_FILES__URI": "s3://lake/sources"}
    env["CORETELECOMS_LAKE__URI"] = str(tmp_path / "lake")
    s3_proxy.stop()
    result = run_cli(["extract", "customers", "--date", DAY], env, timeout=120)
    assert result.returncode == 75, result.stdout + result.stderr
    assert "s3://lake/sources/customers/customers_dataset.csv" in _summary(result.stdout)["message"]


# connectorx waits ~30 s on a server that hangs up before giving up: slow, but the real behaviour.
@pytest.mark.parametrize("fault", ["stopped", pytest.param("drop", marks=pytest.mark.slow)])
def test_postgres_crm_unreachable_is_transient_and_hides_the_password(
    tmp_path: Path, sources: Sources, fault: str
) -> None:
    # No Postgres fixture in tests/integration yet: a closed port, and a server that hangs up at once.
    proxy = FlakyProxy(_free_port())
    if fault == "drop":
        proxy.start("drop")
    uri = f"postgresql://etl:pw-CANARY-1@127.0.0.1:{proxy.port}/crm"
    env = isolated_env(
        tmp_path,
        {**sources.env(), "CORETELECOMS_CRM__URI": uri, "CORETELECOMS_CRM__CONNECT_TIMEOUT_SECONDS": "2"},
    )
    try:
        result = run_cli(["extract", "web_forms", "--date", DAY], env, timeout=120)
    finally:
        proxy.stop()
    assert result.returncode == 75, result.stdout + result.stderr
    message = _summary(result.stdout)["message"]
    assert "web_form_request_2025_11_20" in message and "etl:***@127.0.0.1" in message
    assert "CANARY" not in result.stdout + result.stderr
    assert not (tmp_path / "lake").exists()


# --- disks ------------------------------------------------------------------------------------


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


@contextlib.contextmanager
def _broken_lake(tmp_path: Path, kind: str) -> Iterator[tuple[Path, str]]:
    """(lake dir, expected message) for a full disk, a read-only mount, or a file in the way.

    As root in this sandbox `mount` works, so the first two are real (tmpfs of 8 KiB, read-only
    bind mount); where mounting is not allowed they fall back to the always-available third.
    """
    lake = tmp_path / "lake"
    lake.mkdir()
    if kind == "full" and _mount("-t", "tmpfs", "-o", "size=8k", "tmpfs", str(lake)):
        try:
            yield lake, "no space left on device"
        finally:
            _mount_cleanup(lake)
        return
    if kind == "read-only" and _mount("--bind", str(lake), str(lake)):
        try:
            if _mount("-o", "remount,bind,ro", str(lake)):
                yield lake, "read-only file system"
                return
        finally:
            _mount_cleanup(lake)
    shutil.rmtree(lake)
    lake.write_text("a file where the lake directory should be\n")
    yield lake / "sub", "cannot create lake directory"


def _mount_cleanup(lake: Path) -> None:
    subprocess.run(["umount", str(lake)], capture_output=True, check=False)


@pytest.mark.parametrize("kind", ["full", "read-only", "file-in-the-way"])
def test_broken_lake_disk_exits_1_naming_the_path_and_leaves_nothing(
    tmp_path: Path, sources: Sources, kind: str
) -> None:
    with _broken_lake(tmp_path, kind) as (lake, expected):
        env = isolated_env(tmp_path, {**sources.env(), "CORETELECOMS_LAKE__URI": str(lake)})
        result = run_cli(["extract", "call_logs", "--date", DAY], env)
        leftovers = [p for p in lake.rglob("*") if p.is_file()] if lake.is_dir() else []
    assert result.returncode == 1, result.stdout + result.stderr
    message = _summary(result.stdout)["message"]
    assert expected in message.lower() and str(tmp_path / "lake") in message, message
    assert "Traceback" not in result.stdout + result.stderr
    assert leftovers == [], "nothing partial may stay in the lake"
    assert "internal error" not in message
