"""Source files: the CSV diagnosis behind a malformed-content error (which line to fix, and why),
and reading from S3 without a client."""

from pathlib import Path

import pytest

from coretelecoms.errors import UsageError
from coretelecoms.sources.files import SourceFiles, first_csv_problem

HEADER = "a,b,c\n"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (HEADER + "1,2,3\n4,5,6,7\n", "line 3: 4 fields, the header has 3"),
        (
            HEADER + '1,2,3\nx,"open,3\n4,5,6\n',
            "line 3: unexpected end of data (a quoted field is not closed?)",
        ),
        # A quoted newline makes one record of two physical lines; the next record starts at line 4.
        (HEADER + '1,"two\nlines",3\n4,5,6,7\n', "line 4: 4 fields, the header has 3"),
        (HEADER.encode() + b"1,2,3\n4,\xff,6\n", "line 3: not valid UTF-8 (byte 2 of the line)"),
        (HEADER + "1,2,3\n", None),
    ],
)
def test_first_csv_problem_names_the_line(tmp_path: Path, body: str | bytes, expected: str | None) -> None:
    path = tmp_path / "day.csv"
    if isinstance(body, bytes):
        path.write_bytes(body)
    else:
        path.write_text(body)
    assert first_csv_problem(path, 3) == expected


def test_an_s3_source_without_a_client_is_a_usage_error_not_an_attribute_error() -> None:
    files = SourceFiles("s3://landing/daily")
    expected = "s3://landing/daily: reading an s3:// source needs an S3 client"
    with pytest.raises(UsageError, match=expected), files.local_file("call logs/x.csv"):
        pass
