"""Job logs: an internal error's traceback is logged, with every secret masked."""

import json
import logging

import pytest

from coretelecoms.logs import configure_logging, get_logger

SECRET = "pw-Sup3rSecret"


def _fail_with_a_secret_in_the_text() -> None:
    raise RuntimeError(f"driver said: password {SECRET} rejected for postgresql://etl:{SECRET}@db/crm")


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_an_internal_error_logs_its_traceback_with_secrets_masked(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(fmt, secrets=[SECRET], stage="extract")
    try:
        _fail_with_a_secret_in_the_text()
    except RuntimeError:
        get_logger("coretelecoms.jobs.base").error("unexpected failure", exc_info=True)
    err = capsys.readouterr().err
    assert SECRET not in err
    text = json.loads(err)["traceback"] if fmt == "json" else err
    assert "Traceback (most recent call last)" in text
    assert "_fail_with_a_secret_in_the_text" in text
    assert "password *** rejected for postgresql://etl:***@db/crm" in text


def test_secrets_in_messages_and_fields_are_masked_too(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("json", secrets=[SECRET])
    get_logger("x").warning(f"retrying with {SECRET}", extra={"fields": {"uri": f"u:{SECRET}@h"}})
    line = json.loads(capsys.readouterr().err)
    assert line["msg"] == "retrying with ***" and line["uri"] == "u:***@h"


def teardown_module() -> None:
    configure_logging("json", level=logging.INFO)
