"""The benchmark's measurement: a command's own peak RSS (not the benchmark process's), from
compiled bytecode as in the images."""

import sys
from pathlib import Path

from bench.measure import measure


def test_peak_rss_is_the_commands_own_not_the_benchmarks() -> None:
    ballast = bytearray(300 * 1024 * 1024)  # the measuring process is much larger than the command
    ballast[::4096] = b"\x01" * len(ballast[::4096])  # touch every page so it is resident
    small = measure("tiny", [sys.executable, "-S", "-c", "pass"])
    large = measure(
        "large",
        [sys.executable, "-S", "-c", "b = bytearray(120 * 1024 * 1024); b[::4096] = b'1' * len(b[::4096])"],
    )
    assert small.exit_code == 0 and large.exit_code == 0
    assert small.peak_rss_mb < 40
    assert 120 < large.peak_rss_mb < 180
    assert 0 < small.seconds < large.seconds + 5
    del ballast


def test_failing_command_reports_its_exit_code() -> None:
    assert measure("fails", [sys.executable, "-S", "-c", "raise SystemExit(3)"]).exit_code == 3


def test_package_bytecode_is_compiled_before_measuring() -> None:
    # The stage images ship bytecode (pip compiles on install); measured jobs must run from it too.
    import importlib.util

    import coretelecoms.jobs.extract as extract_module
    from bench.measure import compile_package_bytecode

    cached = Path(importlib.util.cache_from_source(extract_module.__file__))
    cached.unlink(missing_ok=True)
    assert compile_package_bytecode()
    assert cached.is_file()


def test_machine_description_names_the_cpu_cores_and_versions(tmp_path: Path) -> None:
    import importlib.metadata
    import os
    import platform

    from bench.measure import machine_description

    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nvendor_id\t: X\nmodel name\t: Example CPU 9000\n")
    text = machine_description(cpuinfo)
    assert text.startswith(f"Example CPU 9000, {os.cpu_count()} cores, ")
    assert f"Python {platform.python_version()}" in text
    assert text.endswith(f"polars {importlib.metadata.version('polars')}")


def test_machine_description_without_cpuinfo_still_describes_the_machine(tmp_path: Path) -> None:
    from bench.measure import machine_description

    text = machine_description(tmp_path / "absent")
    assert " cores, " in text and "Python " in text
