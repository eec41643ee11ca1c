"""CronWorkflow `coretelecoms-daily`: runs the daily WorkflowTemplate on the values' schedules.

It passes no date: the template defaults to `yesterday`, resolved once per run. Schedules,
timezone, suspend, starting deadline and history limits come from Helm values.
"""

from __future__ import annotations

from hera.workflows import CronWorkflow
from hera.workflows import models as m

from workflows import daily

NAME = "coretelecoms-daily"


def build() -> CronWorkflow:
    """The CronWorkflow; typed numbers are set to example values and swapped for tokens by render."""
    return CronWorkflow(
        name=NAME,
        schedules=["0 6 * * *"],
        timezone="UTC",
        concurrency_policy="Forbid",
        starting_deadline_seconds=3600,
        successful_jobs_history_limit=7,
        failed_jobs_history_limit=7,
        cron_suspend=False,
        workflow_template_ref=m.WorkflowTemplateRef(name=daily.NAME),
        labels={"app.kubernetes.io/name": "coretelecoms"},
    )
