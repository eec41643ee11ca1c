"""The stage graph, defined once: tasks, dependencies, images, resources, retry rules.

Both orchestrators read this module and nothing else about the graph: the local runner
(`coretelecoms run` / `backfill`) expands it into concrete tasks with `daily_plan` and
`backfill_plan`; the Hera builders in `workflows/` turn the same `TaskSpec`s into Argo
templates. A task's command is an argv template (after `coretelecoms`) whose `{date}`,
`{start}`, `{end}` placeholders are filled with concrete dates locally or Argo parameter
references in a workflow.

Semantics (see DESIGN.md): a daily run for D is extract x5 -> load D -> transform D. A
backfill D1..D2 extracts and loads the daily tables for every date, the static tables
(customers, agents) once for the newest date D2, then runs ONE transform over the range.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from coretelecoms.contract import DAILY_TABLES, STATIC_TABLES, TABLES, SourceKind
from coretelecoms.errors import ExitCode, UsageError


class Stage(StrEnum):
    """Pipeline stage of a task (a label on every pod: `coretelecoms.io/stage`)."""

    EXTRACT = "extract"
    LOAD = "load"
    TRANSFORM = "transform"
    NOTIFY = "notify"


class Scope(StrEnum):
    """How often a task spec is instantiated over a run's dates."""

    PER_DATE = "per_date"
    """Once per date of the run."""
    NEWEST = "newest"
    """Once, for the newest date of the run (static tables)."""
    RANGE = "range"
    """Once for the whole range, after every instance of its dependencies."""


@dataclass(frozen=True)
class Resources:
    """Kubernetes requests and limits of one role's containers."""

    requests: Mapping[str, str]
    limits: Mapping[str, str]

    def as_dict(self) -> dict[str, dict[str, str]]:
        """The `resources:` block of a container spec."""
        return {"requests": dict(self.requests), "limits": dict(self.limits)}


@dataclass(frozen=True)
class RetryRule:
    """When and how a failed task is retried: only transient failures (exit 75), with backoff.

    Bad data (exit 1) fails fast: retrying cannot fix it and would only delay the alert.
    """

    limit: int = 3
    backoff_seconds: int = 300
    factor: int = 2
    max_backoff_seconds: int = 3600
    retry_exit_codes: tuple[int, ...] = (int(ExitCode.TRANSIENT),)

    def should_retry(self, exit_code: int, attempts_so_far: int) -> bool:
        """Whether a task that exited with `exit_code` after `attempts_so_far` retries runs again."""
        return exit_code in self.retry_exit_codes and attempts_so_far < self.limit

    def backoff(self, retry_number: int, base_seconds: float | None = None) -> float:
        """Seconds to wait before retry number `retry_number` (1-based), capped.

        `base_seconds` overrides the base duration (the local runner uses a short one).
        """
        base = self.backoff_seconds if base_seconds is None else base_seconds
        return float(min(base * self.factor ** (retry_number - 1), self.max_backoff_seconds))

    def argo_expression(self) -> str:
        """Argo retryStrategy expression: retry only on the transient exit codes."""
        return " || ".join(f"asInt(lastRetry.exitCode) == {code}" for code in self.retry_exit_codes)


@dataclass(frozen=True)
class Role:
    """Who runs a task: image, service account (IRSA role), resources and deadline.

    `key` is the Helm values key (`.Values.resources.<key>`, `.Values.serviceAccounts.<key>`).
    """

    key: str
    image: str
    service_account: str
    resources: Resources
    active_deadline_seconds: int
    secrets: tuple[str, ...] = ()
    """Helm `.Values.secrets.<name>` entries this role mounts (least privilege)."""


def _res(cpu_req: str, mem_req: str, cpu_lim: str, mem_lim: str) -> Resources:
    return Resources(requests={"cpu": cpu_req, "memory": mem_req}, limits={"cpu": cpu_lim, "memory": mem_lim})


IMAGES: tuple[str, ...] = (
    "extract-files",
    "extract-postgres",
    "extract-sheets",
    "load-warehouse",
    "transform-dbt",
)
"""Every image `images/<name>/Dockerfile` builds; notify reuses the smallest, `extract-files`."""

ROLES: dict[str, Role] = {
    r.key: r
    for r in (
        Role("extractFiles", "extract-files", "coretelecoms-extract-files",
             _res("250m", "512Mi", "1", "2Gi"), 1800, ("s3",)),
        Role("extractPostgres", "extract-postgres", "coretelecoms-extract-postgres",
             _res("250m", "512Mi", "1", "2Gi"), 1800, ("postgres", "s3")),
        Role("extractSheets", "extract-sheets", "coretelecoms-extract-sheets",
             _res("100m", "256Mi", "500m", "1Gi"), 900, ("googleServiceAccount", "s3")),
        Role("loadWarehouse", "load-warehouse", "coretelecoms-load-warehouse",
             _res("500m", "1Gi", "2", "4Gi"), 3600, ("snowflake", "s3")),
        Role("transformDbt", "transform-dbt", "coretelecoms-transform-dbt",
             _res("500m", "1Gi", "2", "4Gi"), 7200, ("snowflake",)),
        Role("notify", "extract-files", "coretelecoms-notify",
             _res("50m", "128Mi", "200m", "256Mi"), 300, ("slackWebhook",)),
    )
}  # fmt: skip
"""Roles by Helm values key; the service-account names are the IRSA roles Terraform creates."""

_EXTRACT_ROLE: dict[SourceKind, str] = {
    SourceKind.FILES: "extractFiles",
    SourceKind.POSTGRES: "extractPostgres",
    SourceKind.SHEETS: "extractSheets",
}

DEFAULT_RETRY = RetryRule()


@dataclass(frozen=True)
class TaskSpec:
    """One node of the stage graph, before it is bound to dates.

    `command` is the argv after `coretelecoms`, with `{date}`, `{start}`, `{end}` placeholders.
    `depends_on` names other specs of the same graph.
    """

    name: str
    stage: Stage
    role: str
    command: tuple[str, ...]
    scope: Scope = Scope.PER_DATE
    table: str | None = None
    static: bool = False
    depends_on: tuple[str, ...] = ()
    retry: RetryRule = DEFAULT_RETRY
    program: tuple[str, ...] = ()
    """Executable prefix; empty means the `coretelecoms` CLI (`python -m coretelecoms`). Tests
    use it to run fake tasks through the real runner."""

    @property
    def role_spec(self) -> Role:
        """The role (image, service account, resources) this task runs as."""
        return ROLES[self.role]

    @property
    def image(self) -> str:
        """Image name (directory under `images/`)."""
        return self.role_spec.image

    def argv(self, **params: str) -> list[str]:
        """The command with its placeholders filled (concrete dates or Argo references)."""
        return [part.format(**params) for part in self.command]


@dataclass(frozen=True)
class Graph:
    """A named set of task specs forming a DAG (validated on construction)."""

    name: str
    specs: tuple[TaskSpec, ...]
    by_name: dict[str, TaskSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = [s.name for s in self.specs]
        if len(set(names)) != len(names):
            raise ValueError(f"graph {self.name}: duplicate task names in {names}")
        object.__setattr__(self, "by_name", {s.name: s for s in self.specs})
        seen: set[str] = set()
        for spec in self.specs:  # specs are listed in dependency order: this also rules out cycles
            missing = [d for d in spec.depends_on if d not in seen]
            if missing:
                raise ValueError(f"graph {self.name}: {spec.name} depends on {missing} not listed before it")
            seen.add(spec.name)

    def __iter__(self) -> Iterator[TaskSpec]:
        return iter(self.specs)


def extract_spec(table: str, scope: Scope = Scope.PER_DATE) -> TaskSpec:
    """The extract task of one source table (its role follows the table's source system)."""
    contract = TABLES[table]
    return TaskSpec(
        name=f"extract-{table}",
        stage=Stage.EXTRACT,
        role=_EXTRACT_ROLE[contract.source],
        command=("extract", table, "--date", "{date}"),
        scope=scope,
        table=table,
        static=contract.static,
    )


def _daily_graph() -> Graph:
    extracts = [extract_spec(t) for t in TABLES]
    load = TaskSpec(
        name="load",
        stage=Stage.LOAD,
        role="loadWarehouse",
        command=("load", "--date", "{date}"),
        depends_on=tuple(s.name for s in extracts),
    )
    transform = TaskSpec(
        name="transform",
        stage=Stage.TRANSFORM,
        role="transformDbt",
        command=("transform", "--date", "{date}"),
        depends_on=("load",),
    )
    return Graph("daily", (*extracts, load, transform))


def _backfill_graph() -> Graph:
    daily = [extract_spec(t) for t in DAILY_TABLES]
    static = [extract_spec(t, Scope.NEWEST) for t in STATIC_TABLES]
    load_daily = TaskSpec(
        name="load-daily",
        stage=Stage.LOAD,
        role="loadWarehouse",
        command=("load", "--date", "{date}", "--tables", ",".join(DAILY_TABLES)),
        depends_on=tuple(s.name for s in daily),
    )
    load_static = TaskSpec(
        name="load-static",
        stage=Stage.LOAD,
        role="loadWarehouse",
        command=("load", "--date", "{date}", "--tables", ",".join(STATIC_TABLES)),
        scope=Scope.NEWEST,
        static=True,
        depends_on=tuple(s.name for s in static),
    )
    transform = TaskSpec(
        name="transform",
        stage=Stage.TRANSFORM,
        role="transformDbt",
        command=("transform", "--start", "{start}", "--end", "{end}"),
        scope=Scope.RANGE,
        depends_on=("load-daily", "load-static"),
    )
    return Graph("backfill", (*daily, load_daily, *static, load_static, transform))


DAILY: Graph = _daily_graph()
"""The daily run for one date."""
BACKFILL: Graph = _backfill_graph()
"""A run over a range of dates."""

NOTIFY = TaskSpec(
    name="notify",
    stage=Stage.NOTIFY,
    role="notify",
    command=(
        "notify",
        "--status",
        "{status}",
        "--workflow-name",
        "{workflow_name}",
        "--failures",
        "{failures}",
    ),
    retry=RetryRule(limit=0),
)
"""The exit handler of both runners (never retried: a failed notification must not block)."""


@dataclass(frozen=True)
class Task:
    """A spec bound to dates: what the local runner starts as one process."""

    id: str
    spec: TaskSpec
    date: str
    argv: tuple[str, ...]
    depends_on: tuple[str, ...]
    start: str | None = None
    end: str | None = None

    @property
    def name(self) -> str:
        """The spec name (without dates)."""
        return self.spec.name


def date_range(start: date, end: date) -> list[date]:
    """Every date from start to end inclusive; an inverted range is a usage error."""
    if end < start:
        raise UsageError(f"--end {end.isoformat()} is before --start {start.isoformat()}")
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def expand(graph: Graph, start: date, end: date) -> list[Task]:
    """Bind a graph to the dates start..end: concrete tasks in dependency order.

    PER_DATE specs run for every date, NEWEST ones for `end` only, RANGE ones once after
    every instance of their dependencies. A per-date task depends on its dependencies'
    instances for the same date.
    """
    days = [d.isoformat() for d in date_range(start, end)]
    first, last = days[0], days[-1]
    instances: dict[str, list[Task]] = {}
    tasks: list[Task] = []
    for spec in graph:
        made: list[Task] = []
        if spec.scope is Scope.RANGE:
            deps = tuple(t.id for d in spec.depends_on for t in instances[d])
            suffix = first if first == last else f"{first}..{last}"
            argv = spec.argv(date=last, start=first, end=last)
            made.append(Task(f"{spec.name}-{suffix}", spec, last, tuple(argv), deps, first, last))
        else:
            for day in days if spec.scope is Scope.PER_DATE else [last]:
                deps = tuple(t.id for d in spec.depends_on for t in instances[d] if t.date == day)
                argv = spec.argv(date=day, start=day, end=day)
                made.append(Task(f"{spec.name}-{day}", spec, day, tuple(argv), deps))
        instances[spec.name] = made
        tasks.extend(made)
    return tasks


def daily_plan(day: date) -> list[Task]:
    """The tasks of a daily run for `day`."""
    return expand(DAILY, day, day)


def backfill_plan(start: date, end: date) -> list[Task]:
    """The tasks of a backfill over start..end (static tables once, for `end`)."""
    return expand(BACKFILL, start, end)


def dependants(tasks: Sequence[Task]) -> dict[str, list[str]]:
    """Task id -> ids of the tasks that directly depend on it."""
    out: dict[str, list[str]] = {t.id: [] for t in tasks}
    for task in tasks:
        for dep in task.depends_on:
            out[dep].append(task.id)
    return out
