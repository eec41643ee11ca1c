"""One boto3 S3 client factory and the mapping of S3 failures onto our error classes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coretelecoms.errors import DataError, TransientError

if TYPE_CHECKING:
    from coretelecoms.settings import S3Settings

# Error codes that mean "try again later" rather than "your input is wrong".
_TRANSIENT_CODES = {
    "SlowDown",
    "Throttling",
    "ThrottlingException",
    "RequestTimeout",
    "RequestTimeTooSkewed",
    "InternalError",
    "ServiceUnavailable",
    "503",
    "500",
}
_MISSING_CODES = {"NoSuchKey", "404", "NotFound", "NoSuchBucket"}


def split_s3_uri(uri: str) -> tuple[str, str]:
    """(`bucket`, `prefix` without slashes at the ends) of an `s3://bucket/prefix` URI."""
    if not uri.startswith("s3://"):
        raise ValueError(f"not an s3:// URI: {uri}")
    bucket, _, prefix = uri[5:].partition("/")
    if not bucket:
        raise ValueError(f"S3 URI has no bucket: {uri}")
    return bucket, prefix.strip("/")


def make_client(settings: S3Settings) -> Any:
    """A boto3 S3 client honouring endpoint, region, addressing style and adaptive retries."""
    import boto3
    from botocore.config import Config

    config = Config(
        region_name=settings.region,
        s3={"addressing_style": settings.addressing_style},
        retries={"max_attempts": settings.max_attempts, "mode": "adaptive"},
        connect_timeout=10,
        read_timeout=60,
    )
    kwargs: dict[str, Any] = {"config": config}
    if settings.endpoint_url:
        kwargs["endpoint_url"] = settings.endpoint_url
    if settings.access_key_id and settings.secret_access_key:
        kwargs["aws_access_key_id"] = settings.access_key_id.get_secret_value()
        kwargs["aws_secret_access_key"] = settings.secret_access_key.get_secret_value()
    return boto3.client("s3", **kwargs)


def translate_error(exc: BaseException, what: str) -> Exception:
    """Our error for a botocore failure on `what` (an s3:// URI): missing → data, network → transient."""
    from botocore.exceptions import (
        BotoCoreError,
        ClientError,
        ConnectionClosedError,
        EndpointConnectionError,
        ReadTimeoutError,
    )

    if isinstance(exc, ClientError):
        code = str(exc.response.get("Error", {}).get("Code", ""))
        if code in _MISSING_CODES:
            return DataError(f"{what}: not found (expected an object there)")
        if code in _TRANSIENT_CODES:
            return TransientError(f"{what}: S3 said {code}, retry later")
        if code in {"AccessDenied", "403", "InvalidAccessKeyId", "SignatureDoesNotMatch"}:
            return DataError(f"{what}: access denied ({code}); check the role or keys")
        return TransientError(f"{what}: S3 error {code}")
    if isinstance(exc, EndpointConnectionError | ConnectionClosedError | ReadTimeoutError):
        return TransientError(f"{what}: cannot reach S3 ({type(exc).__name__})")
    if isinstance(exc, BotoCoreError):
        return TransientError(f"{what}: {type(exc).__name__}")
    return exc if isinstance(exc, Exception) else RuntimeError(str(exc))
