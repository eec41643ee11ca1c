"""Write generated files, or check that the committed ones match a fresh render.

Shared by every renderer (`python -m workflows.render`, `python -m images.render`): generated
files are never edited by hand, and CI proves they match their source.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping
from pathlib import Path


def sync(files: Mapping[str, str], out: Path, *, check: bool, command: str) -> int:
    """Write `files` (path relative to `out` -> text) under `out`; with `check`, write nothing
    and return 1 naming every file that is missing or differs, so the fix is one command away."""
    stale = []
    for relative, text in files.items():
        path = out / relative
        if check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    if stale:
        print(f"out of date (run `{command}`): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


def render_main(
    argv: list[str] | None,
    *,
    command: str,
    description: str | None,
    default_out: Path,
    render: Callable[[], Mapping[str, str]],
) -> int:
    """The `[--check] [--out DIR]` command line every renderer offers."""
    parser = argparse.ArgumentParser(prog=command, description=description)
    parser.add_argument("--check", action="store_true", help="fail when committed files differ")
    parser.add_argument("--out", type=Path, default=default_out, help="output directory")
    args = parser.parse_args(argv)
    return sync(render(), args.out, check=args.check, command=command)
