"""WorkflowTemplate `coretelecoms-daily`: extract x5 -> load -> transform for one date, notify on exit.

Parameter `date` (YYYY-MM-DD) defaults to `yesterday`: the first step resolves it once
(`coretelecoms run --print-date`, UTC) so every task of a run sees the same date even when
the run crosses midnight. The per-date pipeline holds the mutex `coretelecoms-<date>`, shared
with the backfill, so the same date never runs twice at once.
"""

from __future__ import annotations

from hera.workflows import DAG, Parameter, WorkflowTemplate
from hera.workflows import models as m

from coretelecoms.dag import DAILY, ROLES, Stage, TaskSpec
from workflows.common import as_task, notify_template, task_template, workflow_defaults

NAME = "coretelecoms-daily"

RESOLVE_DATE = TaskSpec(
    name="resolve-date",
    stage=Stage.NOTIFY,
    role="notify",
    command=("run", "--print-date", "--date", "{date}"),
)


def date_mutex(expr: str) -> m.Synchronization:
    """The per-date mutex both workflows take (Argo v4: `synchronization.mutexes`)."""
    return m.Synchronization(mutexes=[m.Mutex(name=f"coretelecoms-{expr}")])


def build() -> WorkflowTemplate:
    """The daily WorkflowTemplate, from `coretelecoms.dag.DAILY`."""
    assert ROLES  # the graph and roles are the single source; nothing here restates them
    with WorkflowTemplate(
        name=NAME,
        entrypoint="main",
        arguments=[Parameter(name="date", value="yesterday")],
        **workflow_defaults(),
    ) as wt:
        resolve = task_template(RESOLVE_DATE, ("date",))
        resolve.metrics = None
        resolve.retry_strategy = None
        templates = {spec.name: task_template(spec, ("date",)) for spec in DAILY}
        notify_template()
        with DAG(
            name="pipeline",
            inputs=[Parameter(name="date")],
            synchronization=date_mutex("{{inputs.parameters.date}}"),
        ) as pipeline:
            tasks = {
                spec.name: as_task(
                    templates[spec.name](name=spec.name, arguments={"date": "{{inputs.parameters.date}}"})
                )
                for spec in DAILY
            }
            for spec in DAILY:
                for dep in spec.depends_on:
                    tasks[dep] >> tasks[spec.name]
        with DAG(name="main"):
            first = as_task(resolve(name="resolve-date", arguments={"date": "{{workflow.parameters.date}}"}))
            run = as_task(
                pipeline(name="pipeline", arguments={"date": "{{tasks.resolve-date.outputs.result}}"})
            )
            first >> run
    return wt
