"""Real Postgres and S3-compatible servers for the integration tests.

Two modes, chosen by `CORETELECOMS_TEST_SERVERS=docker|local|auto` (default `auto`):

- `docker`: testcontainers runs a PostgresContainer with the locally built
  `coretelecoms/test-postgres:15` image and an S3 container: the official MinIO image where a
  registry is reachable, else the locally built SeaweedFS image `coretelecoms/test-s3:seaweedfs`.
  Missing local images are built once by `tools/docker/build-test-images.sh` and cached.
- `local`: the same servers as local processes for machines where no Docker engine can run:
  Postgres via initdb/pg_ctl in a temp dir on a free port (as an unprivileged user when root,
  because initdb refuses root), S3 via moto's server mode.

`auto` means docker when an engine answers (starting an installed but stopped dockerd first), else
local. A failure to start a server is a test failure with a clear message, never a skip.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[2]
BUILD_TEST_IMAGES = REPO / "tools" / "docker" / "build-test-images.sh"
ENSURE_DOCKER = REPO / "tools" / "docker" / "ensure-docker.sh"
POSTGRES_IMAGE = "coretelecoms/test-postgres:15"
SEAWEEDFS_IMAGE = "coretelecoms/test-s3:seaweedfs"
MINIO_IMAGE = "minio/minio:RELEASE.2024-12-18T13-15-44Z"
CONTAINER_LABELS = {"org.coretelecoms.test": "integration"}
"""Label on every test container, so `docker rm -f $(docker ps -aq --filter label=...)` cleans leftovers."""

PG_USER = "coretelecoms"
PG_DB = "coretelecoms"
S3_REGION = "us-east-1"
READY_TIMEOUT_S = 60.0


class Mode(StrEnum):
    """Where the integration servers run."""

    DOCKER = "docker"
    LOCAL = "local"
    AUTO = "auto"


class ServerError(RuntimeError):
    """A test server could not be started; the message says why and what to do."""


@dataclass(frozen=True)
class S3Server:
    """An S3-compatible endpoint for the tests (path-style addressing)."""

    endpoint_url: str
    access_key: str
    secret_key: str
    region: str = S3_REGION
    kind: str = "s3"

    def client(self) -> Any:
        """A boto3 S3 client for this server, path-style, with short retries."""
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=self.region,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3}),
        )

    def env(self) -> dict[str, str]:
        """Settings env vars pointing the jobs' S3 client at this server."""
        return {
            "CORETELECOMS_S3__ENDPOINT_URL": self.endpoint_url,
            "CORETELECOMS_S3__REGION": self.region,
            "CORETELECOMS_S3__ADDRESSING_STYLE": "path",
            "CORETELECOMS_S3__ACCESS_KEY_ID": self.access_key,
            "CORETELECOMS_S3__SECRET_ACCESS_KEY": self.secret_key,
        }


@dataclass
class ServerLog:
    """What ran in this session, for the report header, the terminal summary and junit properties."""

    mode: Mode | None = None
    reason: str = ""
    started: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        """One human line: mode, why, and each server with its startup time."""
        parts = [f"{name}={desc} ({self.seconds[name]:.1f} s)" for name, desc in self.started.items()]
        servers = "; ".join(parts) or "none started yet"
        return f"integration servers: mode={self.mode} ({self.reason}); {servers}"


LOG = ServerLog()


def requested_mode(value: str | None) -> Mode:
    """Parse CORETELECOMS_TEST_SERVERS (empty means auto); a typo is an error, not a silent default."""
    raw = (value or "auto").strip().lower()
    try:
        return Mode(raw)
    except ValueError:
        raise ServerError(f"CORETELECOMS_TEST_SERVERS={value!r}: expected docker, local or auto") from None


def docker_ping() -> str | None:
    """None when a Docker engine answers, else the reason it does not."""
    try:
        import docker

        client = docker.from_env(timeout=10)
        client.ping()
        client.close()
    except Exception as exc:  # any failure means "no engine": the caller reports the reason
        return f"{type(exc).__name__}: {str(exc)[:160]}"
    return None


def start_docker_engine() -> str | None:
    """Start an installed but stopped dockerd (never installs anything); None on success."""
    if os.environ.get("DOCKER_HOST", "unix://").split("://", 1)[0] != "unix":
        return f"DOCKER_HOST={os.environ['DOCKER_HOST']} does not answer"
    if not shutil.which("dockerd", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin"):
        return "dockerd is not installed (make test-images installs it)"
    proc = subprocess.run(
        [str(ENSURE_DOCKER), "--no-install"], capture_output=True, text=True, timeout=90, check=False
    )
    if proc.returncode != 0:
        return f"dockerd did not start: {proc.stderr.strip()[-300:]}"
    return docker_ping()


def resolve_mode(requested: Mode) -> tuple[Mode, str]:
    """The mode to run in and why; `docker` without an engine raises."""
    if requested is Mode.LOCAL:
        return Mode.LOCAL, "CORETELECOMS_TEST_SERVERS=local"
    problem = docker_ping()
    if problem is not None:
        problem = start_docker_engine()
    if problem is None:
        return (
            Mode.DOCKER,
            "Docker engine answers" if requested is Mode.AUTO else "CORETELECOMS_TEST_SERVERS=docker",
        )
    if requested is Mode.DOCKER:
        raise ServerError(f"CORETELECOMS_TEST_SERVERS=docker but no Docker engine: {problem}")
    return Mode.LOCAL, f"no Docker engine ({problem})"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Any, what: str, timeout: float = READY_TIMEOUT_S) -> None:
    """Poll `check()` (truthy = ready; exceptions = not yet) until it succeeds or time runs out."""
    deadline = time.monotonic() + timeout
    last = "never answered"
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception as exc:  # not ready yet: remember why for the error message
            last = f"{type(exc).__name__}: {exc}"
        time.sleep(0.2)
    raise ServerError(f"{what} not ready after {timeout:.0f} s: {last}")


def pg_url(user: str, password: str, host: str, port: int | str, db: str) -> str:
    """A libpq URL (`postgresql://user:pass@host:port/db`) with the credentials escaped."""
    return f"postgresql://{quote(user, safe='')}:{quote(password, safe='')}@{host}:{port}/{db}"


def pg_ready(url: str) -> bool:
    """True when `select 1` succeeds over TCP with password auth."""
    import psycopg

    with psycopg.connect(url, connect_timeout=3) as conn:
        return conn.execute("select 1").fetchone() == (1,)


def s3_ready(server: S3Server) -> bool:
    """True when the server answers an authenticated ListBuckets."""
    server.client().list_buckets()
    return True


# ---------------------------------------------------------------------------------------------- docker


def ensure_test_images(images: list[str]) -> None:
    """Build the local test images with tools/docker/build-test-images.sh when any is absent."""
    import docker

    client = docker.from_env()
    try:
        missing = [name for name in images if not client.images.list(name=name)]
    finally:
        client.close()
    if not missing:
        return
    proc = subprocess.run([str(BUILD_TEST_IMAGES)], capture_output=True, text=True, timeout=1200, check=False)
    if proc.returncode != 0:
        raise ServerError(
            f"{BUILD_TEST_IMAGES.name} failed (exit {proc.returncode}): {proc.stderr.strip()[-600:]}"
        )


def registry_reachable(timeout: float = 3.0) -> bool:
    """True when Docker Hub answers (401 without a token counts as an answer)."""
    try:
        urllib.request.urlopen("https://registry-1.docker.io/v2/", timeout=timeout)
    except urllib.error.HTTPError as exc:
        return exc.code == 401
    except OSError:
        return False
    return True


def _testcontainers_class(module: str, name: str) -> Any:
    """A testcontainers module class: `testcontainers.community.*` (>= 4.14) or the older top-level path."""
    import importlib

    try:
        mod = importlib.import_module(f"testcontainers.community.{module}")
    except ImportError:
        mod = importlib.import_module(f"testcontainers.{module}")
    return getattr(mod, name)


def host_of(container: Any, port: int) -> str:
    """Where the tests reach a container's published port: 127.0.0.1 when it answers there.

    testcontainers returns the bridge gateway when it believes it runs inside a container; the
    published port is also on loopback whenever the engine is local, which gives stable URLs.
    """
    published = int(container.get_exposed_port(port))
    try:
        with socket.create_connection(("127.0.0.1", published), timeout=1):
            return "127.0.0.1"
    except OSError:
        return str(container.get_container_host_ip())


@contextmanager
def postgres_in_docker() -> Iterator[str]:
    """A PostgresContainer on the local Debian-built Postgres 15 image; yields its URL."""
    postgres_container = _testcontainers_class("postgres", "PostgresContainer")
    image = os.environ.get("CORETELECOMS_TEST_POSTGRES_IMAGE", POSTGRES_IMAGE)
    if image == POSTGRES_IMAGE:
        ensure_test_images([POSTGRES_IMAGE])
    password = secrets.token_urlsafe(12)
    container = postgres_container(
        image, username=PG_USER, password=password, dbname=PG_DB, driver=None, labels=CONTAINER_LABELS
    )
    start = time.monotonic()
    container.start()
    try:
        url = pg_url(PG_USER, password, host_of(container, 5432), container.get_exposed_port(5432), PG_DB)
        wait_until(lambda: pg_ready(url), f"Postgres container {image}")
        _record("postgres", f"docker {image}", start)
        yield url
    finally:
        container.stop()


@contextmanager
def s3_in_docker() -> Iterator[S3Server]:
    """MinIO where a registry is reachable, else the local SeaweedFS image; yields the endpoint."""
    from testcontainers.core.container import DockerContainer

    access, secret = "coretelecoms-test", secrets.token_urlsafe(16)
    choice = os.environ.get("CORETELECOMS_TEST_S3", "auto").strip().lower()
    use_minio = choice == "minio" or (choice == "auto" and registry_reachable())
    if use_minio:
        minio_container = _testcontainers_class("minio", "MinioContainer")
        container: Any = minio_container(
            MINIO_IMAGE, access_key=access, secret_key=secret, labels=CONTAINER_LABELS
        )
        port, image, kind = 9000, MINIO_IMAGE, "minio"
    else:
        ensure_test_images([SEAWEEDFS_IMAGE])
        container = (
            DockerContainer(SEAWEEDFS_IMAGE, labels=CONTAINER_LABELS)
            .with_exposed_ports(8333)
            .with_env("AWS_ACCESS_KEY_ID", access)
            .with_env("AWS_SECRET_ACCESS_KEY", secret)
        )
        port, image, kind = 8333, SEAWEEDFS_IMAGE, "seaweedfs"
    start = time.monotonic()
    container.start()
    try:
        endpoint = f"http://{host_of(container, port)}:{container.get_exposed_port(port)}"
        server = S3Server(endpoint, access, secret, kind=kind)
        wait_until(lambda: s3_ready(server), f"S3 container {image}")
        _record("s3", f"docker {image}", start)
        yield server
    finally:
        container.stop()


# ---------------------------------------------------------------------------------------------- local


def _pg_bin(name: str) -> str:
    """Path of a PostgreSQL server binary: PATH first, then Debian's versioned directories."""
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    raise ServerError(
        f"local mode needs PostgreSQL server binaries ({name} not found): "
        "apt-get install -y postgresql-15, or run the tests with Docker"
    )


def _unprivileged_user() -> str | None:
    """The user initdb runs as: None (ourselves) unless we are root, which initdb refuses."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise ServerError("running as root and neither a 'postgres' nor a 'nobody' user exists for initdb")


def _as_user(user: str | None) -> list[str]:
    """The argv prefix that runs a command as `user` (none when we are not root)."""
    if user is None:
        return []
    runuser = shutil.which("runuser", path=f"{os.environ.get('PATH', '')}:/usr/sbin:/sbin")
    if runuser is None:
        raise ServerError(
            "running as root but runuser (util-linux) is missing: initdb refuses to run as root"
        )
    return [runuser, "-u", user, "--"]


def _run_as(user: str | None, argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """Run argv as `user` (via runuser when root), failing with the command's stderr."""
    full = [*_as_user(user), *argv]
    proc = subprocess.run(full, capture_output=True, text=True, check=False, **kwargs)
    if proc.returncode != 0:
        raise ServerError(
            f"{Path(argv[0]).name} failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}"
        )
    return proc


@contextmanager
def postgres_local() -> Iterator[str]:
    """A throwaway Postgres cluster via initdb/pg_ctl on a free port; yields its URL."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    user = _unprivileged_user()
    password = secrets.token_urlsafe(12)
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="coretelecoms-pg-") as tmp:
        root = Path(tmp)
        data, pwfile = root / "data", root / "pwfile"
        pwfile.write_text(password + "\n")
        if user:
            shutil.chown(root, user)
            shutil.chown(pwfile, user)
        root.chmod(0o700)
        _run_as(user, [initdb, "-D", str(data), "-U", PG_USER, f"--pwfile={pwfile}", "--auth-local=trust",
                       "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])  # fmt: skip
        port = free_port()
        opts = f"-p {port} -c listen_addresses=127.0.0.1 -k {root} -c fsync=off -c synchronous_commit=off"
        _run_as(
            user, [pg_ctl, "-D", str(data), "-o", opts, "-l", str(root / "log"), "-w", "-t", "30", "start"]
        )
        try:
            admin = pg_url(PG_USER, password, "127.0.0.1", port, "postgres")
            wait_until(lambda: pg_ready(admin), "local Postgres")
            import psycopg

            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{PG_DB}"')
            _record("postgres", f"local {Path(initdb).parent}", start)
            yield pg_url(PG_USER, password, "127.0.0.1", port, PG_DB)
        finally:
            subprocess.run(
                [*_as_user(user), pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
                check=False,
            )


@contextmanager
def s3_local() -> Iterator[S3Server]:
    """moto's S3 server on a free local port; yields the endpoint."""
    from moto.server import ThreadedMotoServer

    start = time.monotonic()
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        s3 = S3Server(f"http://127.0.0.1:{port}", "coretelecoms-test", secrets.token_urlsafe(16), kind="moto")
        wait_until(lambda: s3_ready(s3), "moto S3 server")
        _record("s3", "local moto server", start)
        yield s3
    finally:
        server.stop()


def _record(name: str, description: str, start: float) -> None:
    LOG.started[name] = description
    LOG.seconds[name] = time.monotonic() - start


@contextmanager
def postgres_server(mode: Mode) -> Iterator[str]:
    """A Postgres URL in the resolved mode; any failure becomes a ServerError naming the mode."""
    factory = postgres_in_docker if mode is Mode.DOCKER else postgres_local
    with _explained(f"Postgres ({mode} mode)"), factory() as url:
        yield url


@contextmanager
def s3_server(mode: Mode) -> Iterator[S3Server]:
    """An S3 endpoint in the resolved mode; any failure becomes a ServerError naming the mode."""
    factory = s3_in_docker if mode is Mode.DOCKER else s3_local
    with _explained(f"S3 ({mode} mode)"), factory() as server:
        yield server


@contextmanager
def _explained(what: str) -> Iterator[None]:
    try:
        yield
    except ServerError:
        raise
    except Exception as exc:
        raise ServerError(f"{what} could not start: {type(exc).__name__}: {exc}") from exc
