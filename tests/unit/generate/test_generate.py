"""The synthetic generator: deterministic, to scale, and messy in every way DESIGN.md lists."""

import hashlib
import json
import sqlite3
from datetime import date
from pathlib import Path

import polars as pl
from support import generate_sources

from coretelecoms.generate import tables
from coretelecoms.generate.model import Volumes
from coretelecoms.sanitize import header_key


def _digest_tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_arguments_give_byte_identical_output(tmp_path: Path) -> None:
    first = generate_sources(tmp_path / "a", days=2, scale=0.05, seed=3)
    second = generate_sources(tmp_path / "b", days=2, scale=0.05, seed=3)
    assert _digest_tree(first.root / "bucket") == _digest_tree(second.root / "bucket")
    assert first.crm.read_bytes() == second.crm.read_bytes()
    assert first.agents.read_bytes() == second.agents.read_bytes()
    other = generate_sources(tmp_path / "c", days=2, scale=0.05, seed=4)
    assert _digest_tree(other.root / "bucket") != _digest_tree(first.root / "bucket")


def test_layout_matches_the_source_contract(sources) -> None:
    files = {str(p.relative_to(sources.files)) for p in sources.files.rglob("*") if p.is_file()}
    assert "customers/customers_dataset.csv" in files
    assert "call logs/call_logs_day_2025-11-20.csv" in files
    assert "social_medias/media_complaint_day_2025-11-22.json" in files
    with sqlite3.connect(sources.crm) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert names == {
        "web_form_request_2025_11_20",
        "web_form_request_2025_11_21",
        "web_form_request_2025_11_22",
    }


def test_scale_one_is_a_realistic_day() -> None:
    volumes = Volumes.for_scale(1)
    day = date(2025, 11, 22)
    assert 2_500 <= tables.call_logs(day, 1, volumes).height <= 3_500
    assert 1_200 <= tables.social_media(day, 1, volumes).height <= 1_800
    assert 1_200 <= tables.web_forms(day, 1, volumes).height <= 1_800
    assert volumes.customers == 10_000 and volumes.agents == 100
    assert Volumes.for_scale(100).call_logs == 100 * Volumes.for_scale(1).call_logs


def test_complaints_come_back_with_a_newer_status() -> None:
    volumes = Volumes.for_scale(0.2)
    day1 = tables.call_logs(date(2025, 11, 20), 9, volumes).rename(
        {"call ID": "id", "resolutionstatus": "status"}
    )
    day2 = tables.call_logs(date(2025, 11, 21), 9, volumes).rename(
        {"call ID": "id", "resolutionstatus": "status"}
    )
    both = day1.join(day2, on="id", suffix="_next").filter(pl.col("id") != "")
    assert both.height > 0
    order = {"backlog": 0, "inprogress": 1, "resolved": 2}
    for before, after in both.select("status", "status_next").iter_rows():
        assert order[header_key(after)] > order[header_key(before)]


def test_sources_carry_the_documented_messiness(sources) -> None:
    calls = (sources.files / "call logs/call_logs_day_2025-11-20.csv").read_text()
    header = calls.splitlines()[0]
    assert "customeR iD" in header and "COMPLAINT_catego ry" in header and "callLogsGenerationDate" in header
    frame = pl.read_csv(sources.files / "call logs/call_logs_day_2025-11-20.csv", infer_schema=False)
    assert (frame["customeR iD"] != frame["customeR iD"].str.strip_chars()).any()  # stray whitespace
    assert (frame["call ID"].is_null() | (frame["call ID"] == "")).any()  # rows without a key
    starts = frame["call_start_time"].drop_nulls()
    assert starts.str.contains("/").any() and starts.str.contains("T").any()  # mixed formats
    customers = pl.read_csv(sources.files / "customers/customers_dataset.csv", infer_schema=False)
    known = set(customers["customeR iD"].str.strip_chars())
    assert not set(frame["customeR iD"].drop_nulls().str.strip_chars()) <= known  # orphans
    social = json.loads((sources.files / "social_medias/media_complaint_day_2025-11-20.json").read_text())
    assert "__index_level_0__" in social and isinstance(social["complaint_id"], dict)
    with sqlite3.connect(sources.crm) as conn:
        cols = [r[1] for r in conn.execute("PRAGMA table_info(web_form_request_2025_11_20)")]
    assert "webFormGenerationDate" in cols
