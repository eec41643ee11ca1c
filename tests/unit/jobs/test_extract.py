"""The extract job end to end on local files: outputs, accounting, reruns and the failure contract."""

import errno
import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import xxhash
from support import Sources

from coretelecoms import contract
from coretelecoms.jobs import extract

DAY = date(2025, 11, 21)


def run(capsys: pytest.CaptureFixture[str], table: str, day: str = DAY.isoformat()) -> tuple[int, dict]:
    code = extract.main([table, "--date", day])
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    return code, json.loads(lines[-1])


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("table", list(contract.TABLES))
def test_extract_writes_partition_manifest_and_balanced_counts(
    job_env: Path, capsys: pytest.CaptureFixture[str], table: str
) -> None:
    code, summary = run(capsys, table)
    assert code == 0, summary
    data = job_env / "lake" / table / "2025/11/21/data.parquet"
    frame = pl.read_parquet(data)
    assert frame.columns == list(contract.TABLES[table].raw_columns)
    assert frame.schema["_source_row"] == pl.Int64 and frame.schema["_logical_date"] == pl.Date
    assert frame[contract.TABLES[table].key].null_count() == 0
    assert summary["rows_in"] == summary["rows_out"] + summary["rows_quarantined"]
    assert summary["rows_out"] == frame.height
    manifest = json.loads((data.parent / "_manifest.json").read_text())
    assert manifest["data_sha256"] == sha(data) == summary["checksum"]
    assert manifest["rows_out"] == frame.height
    # File sources carry their fingerprint as lineage; the CRM is a query, with no file to hash.
    fingerprint = manifest["source_xxh3_128"]
    assert (fingerprint is None) == (table == "web_forms")
    # Termination message written for operators.
    assert json.loads((job_env / "termination-log").read_text())["table"] == table


def test_manifest_fingerprints_the_exact_source_file(
    job_env: Path, sources: Sources, capsys: pytest.CaptureFixture[str]
) -> None:
    code, summary = run(capsys, "call_logs")
    assert code == 0, summary
    manifest = json.loads((job_env / "lake/call_logs/2025/11/21/_manifest.json").read_text())
    source = sources.files / "call logs" / "call_logs_day_2025-11-21.csv"
    assert manifest["source_xxh3_128"] == xxhash.xxh3_128(source.read_bytes()).hexdigest()


def test_quarantined_rows_carry_a_reason_and_lineage(
    job_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, summary = run(capsys, "call_logs")
    assert code == 0 and summary["rows_quarantined"] > 0
    quarantine = pl.read_parquet(job_env / "lake/_quarantine/call_logs/2025/11/21/data.parquet")
    assert quarantine.height == summary["rows_quarantined"]
    assert set(quarantine["_reason"]) == {"missing call_id"}
    kept = pl.read_parquet(job_env / "lake/call_logs/2025/11/21/data.parquet")
    rows = sorted(kept["_source_row"].to_list() + quarantine["_source_row"].to_list())
    assert rows == list(range(1, summary["rows_in"] + 1))  # nothing lost, nothing twice


def test_values_are_trimmed_and_messy_headers_mapped(
    job_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "call_logs")[0] == 0
    frame = pl.read_parquet(job_env / "lake/call_logs/2025/11/21/data.parquet")
    assert (frame["customer_id"] == frame["customer_id"].str.strip_chars()).all()
    assert frame["_source_file"].unique().to_list() == ["call logs/call_logs_day_2025-11-21.csv"]


def test_rerun_gives_byte_identical_parquet(job_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hashes = []
    for _ in range(2):
        for table in contract.TABLES:
            assert run(capsys, table)[0] == 0
        hashes.append({p.relative_to(job_env): sha(p) for p in sorted((job_env / "lake").rglob("*.parquet"))})
    assert hashes[0] == hashes[1] and len(hashes[0]) >= 5


def test_social_media_json_is_flattened_and_index_dropped(
    job_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, summary = run(capsys, "social_media")
    assert code == 0
    assert summary["details"]["dropped_columns"] == ["__index_level_0__"]
    frame = pl.read_parquet(job_env / "lake/social_media/2025/11/21/data.parquet")
    assert set(frame["media_channel"].unique()) <= {"Facebook", "Twitter", "Instagram"}


# --- failure contract: exit 1, one line naming the input, nothing at the final path ---------------


@pytest.fixture
def own_sources(job_env: Path, sources: Sources, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the source bucket the test may damage."""
    files = job_env / "own-bucket"
    shutil.copytree(sources.files, files)
    monkeypatch.setenv("CORETELECOMS_SOURCE_FILES__URI", str(files))
    return files


def _call_log(files: Path) -> Path:
    return files / "call logs" / "call_logs_day_2025-11-21.csv"


def _social(files: Path) -> Path:
    return files / "social_medias" / "media_complaint_day_2025-11-21.json"


@pytest.mark.parametrize(
    ("table", "damage", "message"),
    [
        ("call_logs", lambda f: _call_log(f).unlink(), "source file not found"),
        ("call_logs", lambda f: _call_log(f).write_bytes(b""), "empty file"),
        (
            "call_logs",
            lambda f: _call_log(f).write_text(_call_log(f).read_text().splitlines()[0] + "\n"),
            "no data rows",
        ),
        ("call_logs", lambda f: _call_log(f).write_text("a,b\n1,2\n"), "missing column(s) call_id"),
        (
            "call_logs",
            lambda f: _call_log(f).write_text(_call_log(f).read_text() + 'x,"unterminated\n'),
            "malformed content",
        ),
        (
            "call_logs",  # old-Mac line endings: the header "line" is the whole file
            lambda f: _call_log(f).write_bytes(_call_log(f).read_bytes().replace(b"\n", b"\r")),
            "malformed header line",
        ),
        ("social_media", lambda f: _social(f).write_text('{"complaint_id": {"0": "a"'), "malformed JSON"),
        ("social_media", lambda f: _social(f).write_text('[{"complaint_id": "a"}]'), "row-oriented"),
        ("social_media", lambda f: _social(f).write_bytes(b""), "empty file"),
        (
            "social_media",
            lambda f: _social(f).write_bytes(b'{"complaint_id": {"0": "\xff"}}'),
            "not valid UTF-8",
        ),
    ],
)
def test_bad_input_exits_1_naming_the_path_and_writes_nothing(
    own_sources: Path, job_env: Path, capsys: pytest.CaptureFixture[str], table: str, damage, message: str
) -> None:
    damage(own_sources)
    code, summary = run(capsys, table)
    assert code == 1
    assert message in summary["message"]
    assert "2025-11-21" in summary["message"]
    assert not [p for p in (job_env / "lake").rglob("*") if p.is_file()]


def test_missing_crm_table_names_the_table(job_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, summary = run(capsys, "web_forms", "2025-12-25")
    assert code == 1
    assert "web_form_request_2025_12_25" in summary["message"] and "not found" in summary["message"]


def test_failed_rerun_keeps_the_previous_good_partition(
    own_sources: Path, job_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "call_logs")[0] == 0
    data = job_env / "lake/call_logs/2025/11/21/data.parquet"
    before = sha(data)
    _call_log(own_sources).write_text("call_id\n")
    assert run(capsys, "call_logs")[0] == 1
    assert sha(data) == before
    assert not list(data.parent.glob(".*.tmp"))


def test_unreadable_source_fingerprint_fails_before_anything_is_published(
    own_sources: Path, job_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "call_logs")[0] == 0
    partition = job_env / "lake/call_logs/2025/11/21"
    before = {p.name: sha(p) for p in partition.iterdir()}

    def failing_read(path: Path) -> str:
        raise OSError(errno.EIO, "Input/output error", str(path))

    monkeypatch.setattr(extract, "source_fingerprint", failing_read)
    code, summary = run(capsys, "call_logs")
    assert code == 1 and "call_logs_day_2025-11-21.csv" in summary["message"]
    assert {p.name: sha(p) for p in partition.iterdir()} == before  # data and manifest as they were


def test_summary_says_whether_the_source_changed_since_the_last_extract(
    own_sources: Path, job_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "call_logs")[1]["details"]["source_changed"] is None  # nothing to compare
    assert run(capsys, "call_logs")[1]["details"]["source_changed"] is False
    source = _call_log(own_sources)
    source.write_text(source.read_text() + "CALL-NEW,CUST1,Billing,1,a,b,Backlog,2025-11-21\n")
    code, summary = run(capsys, "call_logs")
    assert code == 0 and summary["details"]["source_changed"] is True


def test_bad_date_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as info:
        extract.main(["call_logs", "--date", "2025-11-21' OR 1=1"])
    assert info.value.code == 2
