"""The agents sheet: Google Sheets through gspread (production) or its CSV export (embedded)."""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from coretelecoms.errors import DataError, TransientError, UsageError
from coretelecoms.sanitize import SOURCE_ROW, positional_name
from coretelecoms.settings import SheetsSettings
from coretelecoms.sources.base import SourceBatch

SHEETS_API = "https://sheets.googleapis.com"
SCOPES = ("https://www.googleapis.com/auth/spreadsheets.readonly",)


def _session(credentials: Any, api_base_url: str | None) -> Any:
    """An authorised requests session; with `api_base_url`, Sheets calls go there (a test server)."""
    from google.auth.transport.requests import AuthorizedSession

    class _Rebased(AuthorizedSession):
        def request(self, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:
            if api_base_url and isinstance(url, str) and url.startswith(SHEETS_API):
                url = api_base_url.rstrip("/") + url[len(SHEETS_API) :]
            return super().request(method, url, *args, **kwargs)

    return _Rebased(credentials)


def fetch_sheet_values(settings: SheetsSettings) -> list[list[str]]:
    """All cell values of the worksheet (formatted, as a person sees them), header row first."""
    import gspread
    from google.oauth2.service_account import Credentials

    if settings.service_account_json is None or not settings.spreadsheet_key:
        raise UsageError("sheets.kind=gspread needs sheets.service_account_json and sheets.spreadsheet_key")
    try:
        info = json.loads(settings.service_account_json.get_secret_value())
        credentials = Credentials.from_service_account_info(info, scopes=list(SCOPES))
    except (ValueError, KeyError) as exc:
        raise UsageError(
            f"sheets.service_account_json is not a service-account key ({type(exc).__name__})"
        ) from None
    client = gspread.Client(auth=credentials, session=_session(credentials, settings.api_base_url))
    try:
        worksheet = client.open_by_key(settings.spreadsheet_key).worksheet(settings.worksheet)
        return worksheet.get_all_values()
    except gspread.exceptions.WorksheetNotFound:
        raise DataError(
            f"sheet {settings.spreadsheet_key}: worksheet {settings.worksheet!r} not found"
        ) from None
    except gspread.exceptions.APIError as exc:
        code = getattr(exc, "code", None) or getattr(getattr(exc, "response", None), "status_code", 0)
        if code in (429, 500, 502, 503, 504):
            raise TransientError(
                f"sheet {settings.spreadsheet_key}: Sheets API {code}, retry later"
            ) from None
        raise DataError(f"sheet {settings.spreadsheet_key}: Sheets API error {code}") from None
    except Exception as exc:
        import requests
        from google.auth.exceptions import TransportError

        if isinstance(exc, requests.ConnectionError | requests.Timeout | TransportError):
            raise TransientError(
                f"sheet {settings.spreadsheet_key}: cannot reach Google ({type(exc).__name__})"
            ) from None
        raise


def read_gspread(settings: SheetsSettings) -> SourceBatch:
    """The worksheet as string columns with `_source_row` (row 1 is the header)."""
    values = fetch_sheet_values(settings)
    where = f"sheet {settings.spreadsheet_key}/{settings.worksheet}"
    if not values or not any(cell.strip() for cell in values[0]):
        raise DataError(f"{where}: empty worksheet (expected a header row)")
    headers, rows = values[0], values[1:]
    if not rows:
        raise DataError(f"{where}: has a header but no data rows")
    width = len(headers)
    for number, row in enumerate(rows, start=2):
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            raise DataError(f"{where}: row {number} has values beyond the header's {width} columns")
    data = {
        positional_name(i): pl.Series([row[i] if i < len(row) else "" for row in rows], dtype=pl.String)
        for i in range(width)
    }
    data[SOURCE_ROW] = pl.Series(range(1, len(rows) + 1), dtype=pl.Int64)
    return SourceBatch.of_table(
        f"gsheet://{settings.spreadsheet_key}/{settings.worksheet}", headers, pl.DataFrame(data).lazy()
    )
