from datetime import date

import pytest

from coretelecoms import contract
from coretelecoms.errors import UsageError


def test_web_form_table_name_comes_from_the_date_only() -> None:
    assert contract.web_form_table(date(2025, 11, 20)) == "web_form_request_2025_11_20"
    assert contract.web_form_table(date(2025, 1, 2), "custom_") == "custom_2025_01_02"


@pytest.mark.parametrize("bad", ["2025-11-20; DROP TABLE x", "20251120", None])
def test_web_form_table_refuses_anything_but_a_date(bad: object) -> None:
    with pytest.raises(TypeError):
        contract.web_form_table(bad)  # type: ignore[arg-type]


def test_web_form_table_refuses_an_unsafe_prefix() -> None:
    with pytest.raises(ValueError, match="refusing"):
        contract.web_form_table(date(2025, 11, 20), 'x"; drop table y; --')


def test_source_keys_keep_the_space_in_call_logs() -> None:
    assert contract.call_logs_file(date(2025, 11, 20)) == "call logs/call_logs_day_2025-11-20.csv"
    assert (
        contract.social_media_file(date(2025, 11, 20)) == "social_medias/media_complaint_day_2025-11-20.json"
    )


def test_static_and_daily_tables() -> None:
    assert contract.STATIC_TABLES == ("customers", "agents")
    assert contract.DAILY_TABLES == ("call_logs", "social_media", "web_forms")
    assert all(contract.TABLES[t].generation_date_column for t in contract.DAILY_TABLES)


def test_unknown_table_is_a_usage_error_listing_valid_names() -> None:
    with pytest.raises(UsageError, match="expected one of customers, agents"):
        contract.table("complaints")
