"""WorkflowTemplate `coretelecoms-backfill`: every date of start..end, static tables once, one transform.

    argo submit --from workflowtemplate/coretelecoms-backfill -p start=2025-11-01 -p end=2025-11-30

`dates` prints the range (`coretelecoms backfill --print-dates`); `day` (extract the daily
tables -> load them) fans out over it with bounded `parallelism`, each date holding the
mutex `coretelecoms-<date>`. The static tables are extracted and loaded once, for `end`.
One `transform --start --end` runs after every load; notify runs on exit.
"""

from __future__ import annotations

from hera.workflows import DAG, Parameter, Task, WorkflowTemplate

from coretelecoms.dag import BACKFILL, Scope, Stage, TaskSpec
from workflows.common import as_task, notify_template, task_template, workflow_defaults
from workflows.daily import date_mutex

NAME = "coretelecoms-backfill"

PRINT_DATES = TaskSpec(
    name="dates",
    stage=Stage.NOTIFY,
    role="notify",
    command=("backfill", "--start", "{start}", "--end", "{end}", "--print-dates"),
)


def build() -> WorkflowTemplate:
    """The backfill WorkflowTemplate, from `coretelecoms.dag.BACKFILL`."""
    start, end = "{{workflow.parameters.start}}", "{{workflow.parameters.end}}"
    with WorkflowTemplate(
        name=NAME,
        entrypoint="main",
        arguments=[Parameter(name="start"), Parameter(name="end")],
        **workflow_defaults(),
    ) as wt:
        dates = task_template(PRINT_DATES, ("start", "end"))
        dates.metrics = None
        dates.retry_strategy = None
        templates = {
            spec.name: task_template(spec, ("start", "end") if spec.scope is Scope.RANGE else ("date",))
            for spec in BACKFILL
        }
        notify_template()
        per_date = [s for s in BACKFILL if s.scope is Scope.PER_DATE]
        with DAG(
            name="day",
            inputs=[Parameter(name="date")],
            synchronization=date_mutex("{{inputs.parameters.date}}"),
        ) as day:
            tasks = {
                s.name: as_task(
                    templates[s.name](name=s.name, arguments={"date": "{{inputs.parameters.date}}"})
                )
                for s in per_date
            }
            for s in per_date:
                for dep in s.depends_on:
                    tasks[dep] >> tasks[s.name]
        with DAG(name="main"):
            listed = as_task(dates(name="dates", arguments={"start": start, "end": end}))
            days = as_task(
                day(name="day", arguments={"date": "{{item}}"}, with_param="{{tasks.dates.outputs.result}}")
            )
            listed >> days
            top: dict[str, Task] = {}
            for s in BACKFILL:
                if s.scope is Scope.NEWEST:
                    top[s.name] = as_task(templates[s.name](name=s.name, arguments={"date": end}))
                elif s.scope is Scope.RANGE:
                    top[s.name] = as_task(
                        templates[s.name](name=s.name, arguments={"start": start, "end": end})
                    )
            for s in BACKFILL:
                if s.scope is Scope.PER_DATE:
                    continue
                for dep in s.depends_on:
                    (days if BACKFILL.by_name[dep].scope is Scope.PER_DATE else top[dep]) >> top[s.name]
    return wt
