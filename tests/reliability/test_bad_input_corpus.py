"""Bad input corpus: every hostile or broken source either fails cleanly or is ingested losslessly.

Each case puts one input where `extract <table> --date 2025-11-20` looks for it and checks the
contract: exit 1 with a one-line message naming the input (path or table), or exit 0 with
`rows_in == rows_out + rows_quarantined` and the expected counts; never a traceback; values a
spreadsheet or a database might evaluate (formulas, SQL) are kept verbatim as text.
Static inputs live in `corpus/`; big or binary-structured ones are built by functions here.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from support import run_cli

from coretelecoms import contract
from coretelecoms.jobs import extract

CORPUS = Path(__file__).parent / "corpus"
DAY = "2025-11-20"
CALL_LOGS_HEADER = (
    "call ID,customeR iD,COMPLAINT_catego ry,agent ID,call_start_time,call_end_time,"
    "resolutionstatus,callLogsGenerationDate"
)
WEB_FORM_COLUMNS = (
    "request_id", "customer_id", "complaint_catego ry", "agent_id", "resolutionstatus",
    "request_date", "resolution_date", "webFormGenerationDate",
)  # fmt: skip
WEB_FORM_TABLE = "web_form_request_2025_11_20"

# Where each table's source lives, relative to the case directory (see `_place`).
SOURCE_PATH = {
    "call_logs": Path("bucket") / contract.call_logs_file(date(2025, 11, 20)),
    "social_media": Path("bucket") / contract.social_media_file(date(2025, 11, 20)),
    "customers": Path("bucket") / contract.CUSTOMERS_FILE,
    "agents": Path("agents.csv"),
}
# What a failure message must contain to name the input.
NAMED_BY = {
    "call_logs": "call_logs_day_2025-11-20.csv",
    "social_media": "media_complaint_day_2025-11-20.json",
    "customers": "customers_dataset.csv",
    "agents": "agents.csv",
    "web_forms": WEB_FORM_TABLE,
}


def _huge_cell() -> bytes:
    """A call log whose category cell is 5 MB."""
    row = f"CALL-1,CUST1,{'x' * 5_000_000},3,a,b,Backlog,2025-11-20"
    return f"{CALL_LOGS_HEADER}\n{row}\n".encode()


def _many_rows() -> bytes:
    """20k rows with every 1000th key blank: accounting must still balance exactly."""
    rows = [
        f"{'' if i % 1000 == 0 else f'CALL-{i}'},CUST{i},Payments,3,a,b,Backlog,2025-11-20"
        for i in range(20_000)
    ]
    return (CALL_LOGS_HEADER + "\n" + "\n".join(rows) + "\n").encode()


def _crm(
    rows: list[tuple[object, ...]], columns: tuple[str, ...] = WEB_FORM_COLUMNS
) -> Callable[[Path], None]:
    """A builder of a SQLite CRM holding one web-form table for the day."""

    def build(path: Path) -> None:
        with sqlite3.connect(path) as db:
            cols = ", ".join(f'"{c}" TEXT' for c in columns)  # the CRM declares text columns
            db.execute(f'CREATE TABLE "{WEB_FORM_TABLE}" ({cols})')
            if rows:
                marks = ", ".join("?" for _ in columns)
                db.executemany(f'INSERT INTO "{WEB_FORM_TABLE}" VALUES ({marks})', rows)

    return build


def _web_row(request_id: object, text: object = "Payments") -> tuple[object, ...]:
    return (request_id, "CUST1", text, "3", "Backlog", "2025-11-20", None, "2025-11-20")


def _other_day_only(path: Path) -> None:
    """A CRM that has the 21st's table but not the 20th's."""
    with sqlite3.connect(path) as db:
        db.execute('CREATE TABLE "web_form_request_2025_11_21" (request_id TEXT)')


@dataclass(frozen=True)
class Case:
    """One corpus entry: what to feed, and what must come out."""

    id: str
    table: str
    source: str | Callable[[], bytes] | Callable[[Path], None] | None
    """Corpus file name, a bytes generator, a CRM builder (web_forms), or None for 'missing'."""
    exit_code: int
    message: str | None = None
    """Substring the failure message must contain (besides naming the input)."""
    rows: tuple[int, int] | None = None
    """(rows_out, rows_quarantined) expected on success."""
    values: dict[str, str | None] = field(default_factory=dict)
    """Column -> exact value of the first clean row (verbatim text checks)."""
    unknown: tuple[str, ...] = ()
    reason: str | None = None
    """A reason every quarantined row must carry (when set)."""
    argv: tuple[str, ...] | None = None


# fmt: off
CASES = [
    # --- call logs: CSV -----------------------------------------------------------------------
    Case("missing-file", "call_logs", None, 1, "source file not found"),
    Case("empty-file", "call_logs", "call_logs_empty.csv", 1, "empty file"),
    Case("header-only", "call_logs", "call_logs_header_only.csv", 1, "no data rows"),
    Case("utf8-bom", "call_logs", "call_logs_bom.csv", 0, rows=(2, 0), values={"call_id": "CALL-1"}),
    Case("crlf", "call_logs", "call_logs_crlf.csv", 0, rows=(2, 0), values={"call_logs_generation_date": "2025-11-20"}),
    Case("duplicate-headers", "call_logs", "call_logs_duplicate_headers.csv", 1, "both map to column 'call_id'"),
    Case("unknown-column", "call_logs", "call_logs_unknown_column.csv", 0, rows=(2, 0), unknown=("loyalty_tier",)),
    Case("missing-column", "call_logs", "call_logs_missing_column.csv", 1, "missing column(s) agent_id"),
    Case(
        "formula-cells", "call_logs", "call_logs_formula.csv", 0, rows=(1, 0),
        values={"complaint_category": "=cmd|' /C calc'!A0", "call_start_time": "=1+1",
                "call_end_time": "@SUM(A1)", "resolution_status": "+1-1"},
    ),
    Case(
        "sql-like-text", "call_logs", "call_logs_sql_text.csv", 0, rows=(1, 0),
        values={"customer_id": "'); DROP TABLE x; --", "resolution_status": "Robert'); DROP TABLE students;--"},
    ),
    Case(
        "quoted-newline", "call_logs", "call_logs_quoted_newline.csv", 0, rows=(2, 0),
        values={"complaint_category": "Network\nFailure"},
    ),
    Case("too-many-fields", "call_logs", "call_logs_too_many_fields.csv", 1, "at line 3: 9 fields, the header has 8"),
    # polars reads missing trailing fields as "" (indistinguishable from empty ones): kept, nulled.
    Case("too-few-fields", "call_logs", "call_logs_too_few_fields.csv", 0, rows=(2, 0)),
    Case("nul-bytes", "call_logs", "call_logs_nul_bytes.csv", 0, rows=(2, 0)),
    Case("non-utf8-body", "call_logs", "call_logs_non_utf8_body.csv", 1, "at line 3: not valid UTF-8"),
    Case("latin1-header", "call_logs", "call_logs_latin1_header.csv", 1, "header is not valid UTF-8"),
    Case("whitespace-only-key", "call_logs", "call_logs_whitespace_key.csv", 0, rows=(1, 2)),
    Case("duplicate-keys-in-file", "call_logs", "call_logs_duplicate_keys.csv", 0, rows=(2, 0)),
    Case("trailing-comma-column", "call_logs", "call_logs_trailing_comma.csv", 0, rows=(2, 0), unknown=("unnamed",)),
    Case(
        "future-dates", "call_logs", "call_logs_future_dates.csv", 0, rows=(1, 0),
        values={"call_start_time": "2099-12-31 23:59:59"},
    ),
    Case("unterminated-quote", "call_logs", "call_logs_unterminated_quote.csv", 1, "malformed content at line 3"),
    Case("binary-garbage", "call_logs", "call_logs_binary.csv", 1, "not valid UTF-8"),
    Case("blank-line-after-header", "call_logs", "call_logs_blank_line_after_header.csv", 0, rows=(1, 1)),
    Case("blank-header-names", "call_logs", "call_logs_header_blank_names.csv", 1, "both map to column 'unnamed'"),
    Case("huge-5mb-cell", "call_logs", _huge_cell, 0, rows=(1, 0)),
    Case("20k-rows-some-keyless", "call_logs", _many_rows, 0, rows=(19_980, 20)),
    # --- social media: column-oriented JSON ---------------------------------------------------
    Case("json-malformed", "social_media", "social_media_malformed.json", 1, "malformed JSON"),
    Case("json-row-oriented", "social_media", "social_media_row_oriented.json", 1, "row-oriented"),
    Case("json-empty-object", "social_media", "social_media_empty_object.json", 1, "column-oriented"),
    Case("json-empty-file", "social_media", "social_media_empty.json", 1, "empty file"),
    Case("json-scalar", "social_media", "social_media_scalar.json", 1, "column-oriented"),
    Case("json-list-columns", "social_media", "social_media_list_columns.json", 1, "column-oriented"),
    Case("json-mismatched-lengths", "social_media", "social_media_mismatched_lengths.json", 1,
         "column 'media_channel' has 1 rows"),
    Case(
        "json-wrong-types", "social_media", "social_media_wrong_types.json", 0, rows=(2, 0),
        values={"agent_id": "7", "resolution_date": '{"nested": [1, 2]}'},
    ),
    Case("json-non-integer-row-keys", "social_media", "social_media_non_integer_row_keys.json", 1, "row keys"),
    Case("json-non-utf8", "social_media", "social_media_non_utf8.json", 1, "not valid UTF-8"),
    Case("json-bom", "social_media", "social_media_bom.json", 0, rows=(2, 0)),
    Case("json-null-key", "social_media", "social_media_null_key.json", 0, rows=(1, 1)),
    Case("json-duplicate-object-keys", "social_media", "social_media_duplicate_json_keys.json", 1,
         "duplicate JSON key 'customer_id'"),
    Case("json-columns-but-no-rows", "social_media", "social_media_no_rows.json", 1, "no rows"),
    Case("json-missing-file", "social_media", None, 1, "source file not found"),
    # --- customers and agents ----------------------------------------------------------------
    Case("customers-missing-column", "customers", "customers_missing_email.csv", 1, "missing column(s) email"),
    Case("customers-latin1-body", "customers", "customers_latin1_body.csv", 1, "at line 2: not valid UTF-8"),
    Case("agents-padded-and-blank-ids", "agents", "agents_padded_ids.csv", 0, rows=(1, 1), values={"id": "17"}),
    Case("agents-missing-file", "agents", None, 1, "source file not found"),
    # --- web forms: the CRM database ----------------------------------------------------------
    Case("crm-missing-day-table", "web_forms", _other_day_only, 1, "table not found"),
    Case("crm-file-missing", "web_forms", None, 1, "SQLite CRM file not found"),
    Case(
        "crm-sql-like-text", "web_forms", _crm([_web_row("WF-1", "'); DROP TABLE x; --")]), 0, rows=(1, 0),
        values={"complaint_category": "'); DROP TABLE x; --"},
    ),
    Case("crm-typed-values", "web_forms", _crm([_web_row(101, 2.5), _web_row(None)]), 0, rows=(1, 1),
         values={"request_id": "101"}),
    Case("crm-empty-table", "web_forms", _crm([]), 0, rows=(0, 0)),
    Case("crm-blob-cell", "web_forms", _crm([_web_row("WF-1", b"\x00\xff")]), 1, "name: complaint_catego ry"),
    Case("crm-missing-column", "web_forms", _crm([("WF-1",)], ("request_id",)), 1, "missing column(s)"),
    # --- arguments: nothing user-typed reaches a query or a path ------------------------------
    Case("date-injection", "web_forms", None, 2, "expected a date",
         argv=("web_forms", "--date", "2025-11-20'; DROP TABLE x; --")),
    Case("date-path-traversal", "call_logs", None, 2, "expected a date",
         argv=("call_logs", "--date", "../../etc/pa")),
    Case("table-injection", "web_forms", None, 2, "unknown table",
         argv=("web_forms; DROP TABLE x", "--date", DAY)),
]
# fmt: on


def _place(case: Case, root: Path) -> None:
    """Put the case's input where the extract looks for it."""
    if case.table == "web_forms":
        if callable(case.source):
            case.source(root / "crm.sqlite")  # type: ignore[call-arg]
        return
    if case.source is None:
        return
    target = root / SOURCE_PATH[case.table]
    target.parent.mkdir(parents=True, exist_ok=True)
    data = (CORPUS / case.source).read_bytes() if isinstance(case.source, str) else case.source()  # type: ignore[call-arg]
    assert isinstance(data, bytes), f"{case.table}: a file source gives bytes"
    target.write_bytes(data)


@pytest.fixture
def case_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings pointing every source and the lake under tmp_path (no shared generated data)."""
    import os

    for key in [k for k in os.environ if k.startswith("CORETELECOMS_")]:
        monkeypatch.delenv(key)
    (tmp_path / "secrets").mkdir()
    (tmp_path / "bucket").mkdir()
    env = {
        "CORETELECOMS_SECRETS_DIR": str(tmp_path / "secrets"),
        "CORETELECOMS_LAKE__URI": str(tmp_path / "lake"),
        "CORETELECOMS_SOURCE_FILES__URI": str(tmp_path / "bucket"),
        "CORETELECOMS_CRM__URI": f"sqlite://{tmp_path / 'crm.sqlite'}",
        "CORETELECOMS_SHEETS__CSV_PATH": str(tmp_path / "agents.csv"),
        "CORETELECOMS_RUN__STATE_DIR": str(tmp_path / "state"),
        "CORETELECOMS_RUN__TERMINATION_LOG_PATH": str(tmp_path / "termination-log"),
        "CORETELECOMS_RUN__LOG_FORMAT": "json",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return tmp_path


def test_corpus_has_at_least_30_cases_and_every_file_is_used() -> None:
    used = {c.source for c in CASES if isinstance(c.source, str)}
    on_disk = {p.name for p in CORPUS.iterdir() if p.is_file()}
    assert len(CASES) >= 30
    assert on_disk == used, f"unused corpus files: {on_disk - used}; missing: {used - on_disk}"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, case_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _place(case, case_env)
    argv = list(case.argv or (case.table, "--date", DAY))
    try:
        code = extract.main(argv)
    except SystemExit as exc:  # argparse usage errors exit through SystemExit
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    output = captured.out + captured.err
    assert "Traceback" not in output
    assert code == case.exit_code, output[-2000:]
    if case.argv is not None:
        assert case.message is not None and case.message in output
        assert not (case_env / "lake").exists()
        return
    summary = json.loads([line for line in captured.out.splitlines() if line.startswith("{")][-1])
    lake_files = (
        sorted(p for p in (case_env / "lake").rglob("*") if p.is_file())
        if (case_env / "lake").exists()
        else []
    )
    if case.exit_code != 0:
        message = summary["message"]
        assert "\n" not in message and case.message in message, message
        assert NAMED_BY[case.table] in message, message
        assert "internal error" not in message
        assert lake_files == [], "a failed extract must leave nothing in the lake"
        return
    assert summary["rows_in"] == summary["rows_out"] + summary["rows_quarantined"]
    assert (summary["rows_out"], summary["rows_quarantined"]) == case.rows
    assert tuple(summary["details"]["unknown_columns"]) == case.unknown
    partition = case_env / "lake" / case.table / "2025/11/20"
    clean = pl.read_parquet(partition / "data.parquet")
    assert clean.height == summary["rows_out"]
    quarantined = summary["rows_quarantined"]
    if quarantined:
        q = pl.read_parquet(case_env / "lake/_quarantine" / case.table / "2025/11/20/data.parquet")
        assert q.height == quarantined and q["_reason"].is_not_null().all()
        assert case.reason is None or set(q["_reason"]) == {case.reason}
        rows = sorted(clean["_source_row"].to_list() + q["_source_row"].to_list())
        assert rows == list(range(1, summary["rows_in"] + 1)), "every source row exactly once"
    assert all(dtype == pl.String for name, dtype in clean.schema.items() if not name.startswith("_"))
    for column, value in case.values.items():
        assert clean[column][0] == value
    manifest = json.loads((partition / "_manifest.json").read_text())
    assert manifest["rows_in"] == summary["rows_in"] and manifest["rows_out"] == clean.height


@pytest.mark.parametrize(
    "case_id", ["non-utf8-body", "json-malformed", "formula-cells", "crm-missing-day-table"]
)
def test_real_cli_process_prints_one_line_and_no_traceback(case_id: str, case_env: Path) -> None:
    """A sample of the corpus through `python -m coretelecoms extract`, as a pod runs it."""
    import os

    case = next(c for c in CASES if c.id == case_id)
    _place(case, case_env)
    env = {k: v for k, v in os.environ.items() if k.startswith(("CORETELECOMS_", "PATH", "HOME"))}
    result = run_cli(["extract", case.table, "--date", DAY], env)
    assert result.returncode == case.exit_code, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    if case.exit_code:
        assert NAMED_BY[case.table] in summary["message"] and case.message in summary["message"]
    else:
        assert summary["rows_in"] == summary["rows_out"] + summary["rows_quarantined"]
