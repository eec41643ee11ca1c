from collections.abc import Sequence
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from coretelecoms import contract
from coretelecoms.errors import DataError
from coretelecoms.sanitize import SOURCE_ROW, header_key, map_headers, positional_name, sanitize, snake_case


@pytest.mark.parametrize(
    ("header", "table", "expected"),
    [
        ("customeR iD", contract.CALL_LOGS, "customer_id"),
        ("Customer-ID", contract.CALL_LOGS, "customer_id"),
        ("customerId", contract.CALL_LOGS, "customer_id"),
        ("COMPLAINT_catego ry", contract.CALL_LOGS, "complaint_category"),
        ("callLogsGenerationDate", contract.CALL_LOGS, "call_logs_generation_date"),
        ("resolutionstatus", contract.CALL_LOGS, "resolution_status"),
        ("DATE of biRTH", contract.CUSTOMERS, "date_of_birth"),
        ("iD", contract.AGENTS, "id"),
        ("webFormGenerationDate", contract.WEB_FORMS, "web_form_generation_date"),
        ("\ufeffcall ID", contract.CALL_LOGS, "call_id"),
    ],
)
def test_messy_headers_match_contract_columns(
    header: str, table: contract.TableContract, expected: str
) -> None:
    headers = [header if c == expected else c for c in table.columns]
    mapping = map_headers(headers, table, "src.csv")
    assert expected in mapping.output_columns
    assert mapping.unknown == ()


def test_header_key_keeps_letters_and_digits_only() -> None:
    assert header_key("COMPLAINT_catego ry") == "complaintcategory"
    assert header_key("Agent #2") == "agent2"


def test_unknown_header_gets_snake_case_and_is_reported_after_contract_columns() -> None:
    headers = ["Extra Field", *contract.AGENTS.columns, "loyaltyTier"]
    mapping = map_headers(headers, contract.AGENTS, "agents.csv")
    assert mapping.unknown == ("extra_field", "loyalty_tier")
    assert mapping.output_columns == [*contract.AGENTS.columns, "extra_field", "loyalty_tier"]
    assert dict(mapping.selection)[0] == "extra_field"


def test_snake_case_of_camel_and_spaces() -> None:
    assert snake_case("loyaltyTier") == "loyalty_tier"
    assert snake_case("  Some -- Thing ") == "some_thing"
    assert snake_case("!!!") == "unnamed"


def test_missing_contract_column_is_an_error_naming_it() -> None:
    with pytest.raises(DataError, match=r"agents.csv: missing column\(s\) experience"):
        map_headers(["id", "name", "state"], contract.AGENTS, "agents.csv")


def test_two_headers_landing_on_one_name_is_an_error() -> None:
    with pytest.raises(DataError, match="'customer id' and 'Customer_ID' both map to column 'customer_id'"):
        map_headers(
            ["customer id", "Customer_ID", *contract.CUSTOMERS.columns[1:]], contract.CUSTOMERS, "c.csv"
        )


def test_leaked_pandas_index_is_dropped() -> None:
    mapping = map_headers(["__index_level_0__", *contract.AGENTS.columns], contract.AGENTS, "a.json")
    assert mapping.dropped == ("__index_level_0__",)
    assert 0 not in dict(mapping.selection)


def _frame(rows: Sequence[Sequence[str | None]], width: int) -> pl.LazyFrame:
    data: dict[str, list[object]] = {positional_name(i): [r[i] for r in rows] for i in range(width)}
    data[SOURCE_ROW] = list(range(1, len(rows) + 1))
    return pl.DataFrame(
        data, schema={**{positional_name(i): pl.String for i in range(width)}, SOURCE_ROW: pl.Int64}
    ).lazy()


def test_sanitize_trims_nulls_empties_adds_lineage_and_quarantines_missing_keys() -> None:
    rows: list[list[str | None]] = [
        [" 7 ", " Ada  Lovelace ", "", "CA"],
        ["  ", "Nobody", "1", "TX"],
        [None, "Null", "2", "NY"],
        ["9", "B", "3", " "],
    ]
    mapping = map_headers(list(contract.AGENTS.columns), contract.AGENTS, "agents.csv")
    plan = sanitize(_frame(rows, 4), mapping, contract.AGENTS, "agents.csv", date(2025, 11, 20))
    clean = plan.clean.collect()
    quarantine = plan.quarantine.collect()
    assert clean.columns == [*contract.AGENTS.columns, "_source_file", "_source_row", "_logical_date"]
    assert clean.rows() == [
        ("7", "Ada  Lovelace", None, "CA", "agents.csv", 1, date(2025, 11, 20)),
        ("9", "B", "3", None, "agents.csv", 4, date(2025, 11, 20)),
    ]
    assert quarantine.select(*contract.AGENTS.columns, "_source_row").rows() == [
        (None, "Nobody", "1", "TX", 2),
        (None, "Null", "2", "NY", 3),
    ]
    assert set(quarantine["_reason"]) == {"missing id"}
    # Accounting: every input row is in exactly one output.
    assert clean.height + quarantine.height == len(rows)


def test_sink_writes_kept_and_quarantined_rows_to_their_own_files(tmp_path: Path) -> None:
    rows = [["1", "A", "x", "CA"], [" ", "B", "y", "TX"], ["3", "C", "z", "NY"]]
    mapping = map_headers(list(contract.AGENTS.columns), contract.AGENTS, "agents.csv")
    plan = sanitize(_frame(rows, 4), mapping, contract.AGENTS, "agents.csv", date(2025, 11, 20))
    kept, rejected = tmp_path / "kept.parquet", tmp_path / "rejected.parquet"
    plan.sink(kept, rejected, compression_level=1)
    assert pl.read_parquet(kept)["_source_row"].to_list() == [1, 3]
    assert pl.read_parquet(rejected).select("_source_row", "_reason").rows() == [(2, "missing id")]
    first = kept.read_bytes()
    plan.sink(kept, rejected, compression_level=1)
    assert kept.read_bytes() == first  # same input, same bytes
