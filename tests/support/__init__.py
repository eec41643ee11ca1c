"""Helpers every test layer shares: generating sources, isolated job environments, running the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
START = "2025-11-20"


@dataclass(frozen=True)
class Sources:
    """Where a generated source set lives."""

    root: Path
    files: Path
    crm: Path
    agents: Path

    def env(self) -> dict[str, str]:
        """Settings env vars pointing the jobs at these sources."""
        return {
            "CORETELECOMS_SOURCE_FILES__URI": str(self.files),
            "CORETELECOMS_CRM__URI": f"sqlite://{self.crm}",
            "CORETELECOMS_SHEETS__CSV_PATH": str(self.agents),
        }


def generate_sources(root: Path, days: int = 3, scale: float = 0.1, seed: int = 7) -> Sources:
    """Run the real generator into `root` (the same CLI users run)."""
    sources = Sources(root, root / "bucket", root / "crm.sqlite", root / "agents.csv")
    cmd = [
        sys.executable, "-m", "coretelecoms", "generate", "--start", START, "--days", str(days),
        "--scale", str(scale), "--seed", str(seed), "--files-uri", str(sources.files),
        "--crm-uri", f"sqlite://{sources.crm}", "--agents-csv", str(sources.agents),
    ]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True, env=isolated_env(root / "_gen"))
    return sources


def isolated_env(root: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A process environment with every CORETELECOMS_ variable pointing under `root`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CORETELECOMS_")}
    secrets = root / "secrets"
    secrets.mkdir(parents=True, exist_ok=True)
    env.update(
        {
            "CORETELECOMS_SECRETS_DIR": str(secrets),
            "CORETELECOMS_LAKE__URI": str(root / "lake"),
            "CORETELECOMS_WAREHOUSE__DUCKDB_PATH": str(root / "warehouse" / "coretelecoms_dw.duckdb"),
            "CORETELECOMS_RUN__STATE_DIR": str(root / "state"),
            "CORETELECOMS_RUN__TERMINATION_LOG_PATH": str(root / "termination-log"),
            "CORETELECOMS_RUN__LOG_FORMAT": "json",
            "CORETELECOMS_DBT__PROJECT_DIR": str(REPO / "dbt"),
            "CORETELECOMS_DBT__PROFILES_DIR": str(REPO / "dbt"),
        }
    )
    env.update(extra or {})
    return env


def run_cli(args: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `python -m coretelecoms ...` as a separate process, like a pod would."""
    return subprocess.run(
        [sys.executable, "-m", "coretelecoms", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
