"""Fake tasks with the real DAG's shape: each runs `python -c FAKE` and exits as scripted.

The runner is generic over task commands, so these exercise it fully (scheduling, retries,
failure propagation, resume) without extract, load or transform.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from coretelecoms.dag import Graph, RetryRule

# argv: name@date, JSON {"name" or "name@date": exit codes per attempt ("75,0")}, sleep, counter dir.
FAKE = """
import json, os, pathlib, sys, time
name, table, sleep, counter = sys.argv[1:5]
table = json.loads(table)
codes = table.get(name) or table.get(name.split("@")[0]) or "0"
codes = [int(c) for c in codes.split(",")]
marker = pathlib.Path(counter) / name
attempt = int(marker.read_text()) if marker.exists() else 0
marker.write_text(str(attempt + 1))
with open(pathlib.Path(counter) / "_starts.log", "a") as log:
    log.write(name + "\\n")
time.sleep(float(sleep))
code = codes[min(attempt, len(codes) - 1)]
summary = {"stage": "fake", "table": name, "date": None, "run_id": os.environ["CORETELECOMS_RUN__RUN_ID"],
           "status": "succeeded" if code == 0 else "failed", "exit_code": code, "rows_in": 10,
           "rows_out": 9, "rows_quarantined": 1, "seconds": 0.0,
           "message": None if code == 0 else f"fake failure exit {code}"}
path = pathlib.Path(os.environ["CORETELECOMS_RUN__SUMMARY_PATH"])
path.write_text(json.dumps(summary))
sys.exit(code)
"""


def make_fake_graph(
    base: Graph, counter: Path, codes: dict[str, str] | None = None, sleep: dict[str, float] | None = None
) -> Graph:
    """`base` with every spec's command replaced by FAKE.

    `codes` maps a spec name, or `name@date` for one instance, to exit codes per attempt.
    """
    # Doubled braces: commands are str.format templates.
    table = json.dumps(codes or {}).replace("{", "{{").replace("}", "}}")
    sleep = sleep or {}
    specs = tuple(
        dataclasses.replace(
            spec,
            program=(sys.executable, "-c", FAKE),
            command=(f"{spec.name}@{{date}}", table, str(sleep.get(spec.name, 0)), str(counter)),
            retry=RetryRule(limit=2, backoff_seconds=300, factor=2),
        )
        for spec in base
    )
    return Graph(f"fake-{base.name}", specs)
