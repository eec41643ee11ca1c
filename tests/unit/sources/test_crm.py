"""The CRM reader: streamed batches, row numbering, query shape and driver errors (SQLite)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from pydantic import SecretStr

from coretelecoms.errors import DataError
from coretelecoms.sanitize import SOURCE_ROW, positional_name
from coretelecoms.settings import CrmSettings
from coretelecoms.sources import crm

DAY = date(2025, 11, 20)
TABLE = "web_form_request_2025_11_20"


def _crm(path: Path, values: list[object]) -> CrmSettings:
    with sqlite3.connect(path) as db:
        db.execute(f'CREATE TABLE "{TABLE}" (request_id TEXT, "complaint_catego ry" TEXT)')
        db.executemany(f'INSERT INTO "{TABLE}" VALUES (?, ?)', [(f"WF-{i}", v) for i, v in enumerate(values)])
    return CrmSettings(uri=SecretStr(f"sqlite://{path}"))


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(crm, "STREAM_BATCH_ROWS", 3)


def test_rows_keep_their_order_and_numbers_across_batches(tmp_path: Path, small_batches: None) -> None:
    batch = crm.read_web_forms(_crm(tmp_path / "crm.sqlite", ["a", "b", "c", "d", "e", "f", "g"]), DAY)
    assert batch.headers == ["request_id", "complaint_catego ry"]
    frame = batch.frame.collect()
    assert frame[positional_name(0)].to_list() == [f"WF-{i}" for i in range(7)]
    assert frame[SOURCE_ROW].to_list() == list(range(1, 8))
    assert frame.schema[positional_name(1)] == pl.String


def test_projection_filter_and_limit_are_honoured(tmp_path: Path, small_batches: None) -> None:
    frame = crm.read_web_forms(_crm(tmp_path / "crm.sqlite", list("abcdefg")), DAY).frame
    filtered = frame.filter(pl.col(positional_name(1)) > "b").select(SOURCE_ROW).head(4).collect()
    assert filtered[SOURCE_ROW].to_list() == [3, 4, 5, 6]  # numbered before the filter


def test_the_stream_cannot_be_read_twice(tmp_path: Path) -> None:
    frame = crm.read_web_forms(_crm(tmp_path / "crm.sqlite", ["a"]), DAY).frame
    assert frame.collect().height == 1
    with pytest.raises(RuntimeError, match="scanned twice"):
        frame.collect()


def test_a_bad_cell_mid_stream_is_a_data_error_naming_the_column(tmp_path: Path, small_batches: None) -> None:
    settings = _crm(tmp_path / "crm.sqlite", ["a", "b", "c", "d", b"\x00\xff"])
    frame = crm.read_web_forms(settings, DAY).frame
    with pytest.raises(DataError, match=r"column name: complaint_catego ry holds a Blob value"):
        frame.collect()


def test_missing_table_is_a_data_error_at_open(tmp_path: Path) -> None:
    settings = _crm(tmp_path / "crm.sqlite", ["a"])
    with pytest.raises(DataError, match="web_form_request_2031_01_01: table not found"):
        crm.read_web_forms(settings, date(2031, 1, 1))


def test_postgres_query_scans_in_physical_order_without_sorting() -> None:
    settings = CrmSettings(uri=SecretStr("postgresql://etl:pw@db/crm"), schema_name='cc"x')
    name, sql = crm.daily_table_query(settings, DAY)
    assert name == f'cc"x.{TABLE}'
    assert sql == f'SELECT * FROM "cc""x"."{TABLE}"'  # no ORDER BY: a sort of the whole table
    assert "SET synchronize_seqscans TO off" in crm.SEQSCAN_IN_PHYSICAL_ORDER


def test_driver_panics_are_driver_failures_but_interrupts_are_not() -> None:
    panic = type("PanicException", (BaseException,), {})
    assert crm._is_driver_failure(panic("cx writer failed"))
    assert crm._is_driver_failure(RuntimeError("x"))
    assert not crm._is_driver_failure(KeyboardInterrupt())


def test_the_crm_stream_needs_no_pyarrow(tmp_path: Path) -> None:
    """The extract-postgres image ships without pyarrow: reading the CRM must not import it."""
    _crm(tmp_path / "crm.sqlite", ["a", "b"])
    code = (
        "import sys, datetime\n"
        "from pydantic import SecretStr\n"
        "from coretelecoms.settings import CrmSettings\n"
        "from coretelecoms.sources.crm import read_web_forms\n"
        f"settings = CrmSettings(uri=SecretStr('sqlite://{tmp_path / 'crm.sqlite'}'))\n"
        "assert read_web_forms(settings, datetime.date(2025, 11, 20)).frame.collect().height == 2\n"
        "print('pyarrow' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_driver_messages_never_carry_the_password_in_either_spelling() -> None:
    uri = "postgresql://crm:p%40ss%2Fword@db.internal:5432/crm"
    for echoed in ("p%40ss%2Fword", "p@ss/word"):
        error = crm._translate(RuntimeError(f"syntax error near {echoed}"), "crm table t", uri)
        assert isinstance(error, DataError) and echoed not in error.message and "***" in error.message
