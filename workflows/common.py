# ruff: noqa: S108  (/tmp is a per-pod emptyDir here, not a shared directory)
"""Pieces every workflow shares: one Argo container template per DAG task spec, the exit handler.

Values Helm owns (images, resources, service accounts, deadlines, retry numbers, secret
names) are written as `__HELM_<name>__` tokens that `workflows.helm.to_helm_template` turns
into `{{ .Values... }}` expressions; `EXAMPLE_VALUES` holds concrete values for the schema
tests. Everything else (security contexts, volumes, labels) is fixed here.
"""

from __future__ import annotations

from typing import Any

from hera.workflows import Container, Parameter, Task
from hera.workflows import models as m

from coretelecoms.dag import IMAGES, NOTIFY, ROLES, RetryRule, TaskSpec

SUMMARY_PATH = "/tmp/summary.json"
SECRETS_DIR = "/var/run/secrets/coretelecoms"
RUN_AS = 10001
IMAGE_KEYS = {role.image: role.key for role in ROLES.values() if role.key != "notify"}


def token(name: str) -> str:
    """A placeholder Helm post-processing replaces (see workflows.helm)."""
    return f"__HELM_{name}__"


def image_token(image: str) -> str:
    """Token of an image reference: registry/repository:tag from values."""
    return token(f"IMAGE_{IMAGE_KEYS[image]}")


POD_SECURITY_CONTEXT = m.PodSecurityContext(
    run_as_non_root=True,
    run_as_user=RUN_AS,
    run_as_group=RUN_AS,
    fs_group=RUN_AS,
    seccomp_profile=m.SeccompProfile(type="RuntimeDefault"),
)
CONTAINER_SECURITY_CONTEXT = m.SecurityContext(
    run_as_non_root=True,
    run_as_user=RUN_AS,
    read_only_root_filesystem=True,
    allow_privilege_escalation=False,
    capabilities=m.Capabilities(drop=["ALL"]),
    seccomp_profile=m.SeccompProfile(type="RuntimeDefault"),
)


def _env(extra: dict[str, str] | None = None) -> list[m.EnvVar]:
    env = {
        "CORETELECOMS_RUN__RUN_ID": "{{workflow.name}}",
        "CORETELECOMS_RUN__SUMMARY_PATH": SUMMARY_PATH,
        "CORETELECOMS_RUN__STATE_DIR": "/tmp/state",
        "CORETELECOMS_SECRETS_DIR": SECRETS_DIR,
        "HOME": "/tmp",
        **(extra or {}),
    }
    return [m.EnvVar(name=k, value=v) for k, v in env.items()]


def _volumes(role: str) -> list[m.Volume]:
    return [
        m.Volume(name="tmp", empty_dir=m.EmptyDirVolumeSource(size_limit=m.Quantity("2Gi"))),
        # Sources filled by Helm from .Values.secrets.<name>.existingSecret (skipped when empty).
        m.Volume(name="secrets", projected=m.ProjectedVolumeSource(sources=[])),
    ]


def retry_strategy(rule: RetryRule) -> m.RetryStrategy:
    """Retry only transient exits (75) with exponential backoff; numbers come from values."""
    return m.RetryStrategy(
        limit=m.IntOrString(token("RETRY_LIMIT")),
        retry_policy="Always",
        expression=rule.argo_expression(),
        backoff=m.Backoff(
            duration=token("RETRY_BACKOFF_DURATION"),
            factor=m.IntOrString(token("RETRY_BACKOFF_FACTOR")),
            cap=token("RETRY_MAX_BACKOFF_DURATION"),  # the longest single wait
        ),
    )


def _metrics(spec: TaskSpec) -> m.Metrics:
    labels = [m.MetricLabel(key="stage", value=spec.stage.value), m.MetricLabel(key="task", value=spec.name)]
    gauges = [
        ("coretelecoms_task_seconds", "Seconds the task's last attempt took", "{{duration}}"),
        ("coretelecoms_task_rows_in", "Rows the task read",
         "{{=jsonpath(outputs.parameters.summary, '$.rows_in')}}"),
        ("coretelecoms_task_rows_out", "Rows the task wrote",
         "{{=jsonpath(outputs.parameters.summary, '$.rows_out')}}"),
        ("coretelecoms_task_rows_quarantined", "Rows the task quarantined",
         "{{=jsonpath(outputs.parameters.summary, '$.rows_quarantined')}}"),
    ]  # fmt: skip
    return m.Metrics(
        prometheus=[
            m.Prometheus(name=name, help=help_, labels=labels, gauge=m.Gauge(realtime=False, value=value))
            for name, help_, value in gauges
        ]
    )


def task_template(spec: TaskSpec, inputs: tuple[str, ...], *, name: str | None = None) -> Container:
    """The Argo container template of one task spec; placeholders become input parameters."""
    role = spec.role_spec
    params = {p: f"{{{{inputs.parameters.{p}}}}}" for p in ("date", "start", "end")}
    args = spec.argv(**params) if spec is not NOTIFY else list(spec.command)
    labels = {"app.kubernetes.io/name": "coretelecoms", "coretelecoms.io/stage": spec.stage.value}
    if spec.table:
        labels["coretelecoms.io/table"] = spec.table
    annotations = {"coretelecoms.io/task": spec.name}
    annotations.update({f"coretelecoms.io/{p}": f"{{{{inputs.parameters.{p}}}}}" for p in inputs})
    return Container(
        name=name or spec.name,
        image=image_token(role.image),
        command=["coretelecoms"],
        args=args,
        inputs=[Parameter(name=p) for p in inputs],
        outputs=[Parameter(name="summary", value_from=m.ValueFrom(path=SUMMARY_PATH, default="{}"))],
        env=_env(),
        env_from=[m.EnvFromSource(config_map_ref=m.ConfigMapEnvSource(name=token("CONFIGMAP")))],
        volume_mounts=[
            m.VolumeMount(name="tmp", mount_path="/tmp"),
            m.VolumeMount(name="secrets", mount_path=SECRETS_DIR, read_only=True),
        ],
        volumes=_volumes(role.key),
        security_context=CONTAINER_SECURITY_CONTEXT,
        resources=m.ResourceRequirements(requests={"cpu": m.Quantity("1")}),  # replaced by a values block
        service_account_name=token(f"SA_{role.key}"),
        active_deadline_seconds=token(f"DEADLINE_{role.key}"),
        retry_strategy=retry_strategy(spec.retry) if spec.retry.limit else None,
        labels=labels,
        annotations=annotations,
        metrics=_metrics(spec) if spec is not NOTIFY else None,
    )


def notify_template() -> Container:
    """The exit handler: Argo's workflow status, name and failures go to `coretelecoms notify`."""
    params = {"status": "{{workflow.status}}", "workflow_name": "{{workflow.name}}",
              "failures": "{{workflow.failures}}"}  # fmt: skip
    container = task_template(NOTIFY, ())
    container.args = NOTIFY.argv(**params)
    return container


def workflow_defaults() -> dict[str, Any]:
    """Spec fields every workflow sets the same way."""
    return {
        "security_context": POD_SECURITY_CONTEXT,
        "on_exit": "notify",
        "pod_gc": m.PodGC(strategy="OnPodSuccess"),
        "labels": {"app.kubernetes.io/name": "coretelecoms"},
    }


def role_of_template(template: dict[str, Any]) -> str | None:
    """The role key a rendered template runs as (from its service-account token)."""
    sa = str(template.get("serviceAccountName", ""))
    return sa.removeprefix("__HELM_SA_").removesuffix("__") if sa.startswith("__HELM_SA_") else None


EXAMPLE_VALUES: dict[str, Any] = {
    "RETRY_LIMIT": 3,
    "RETRY_BACKOFF_DURATION": "5m",
    "RETRY_BACKOFF_FACTOR": 2,
    "RETRY_MAX_BACKOFF_DURATION": "1h",
    "IMAGE_PULL_POLICY": "IfNotPresent",
    "CONFIGMAP": "coretelecoms-config",
    "BACKFILL_PARALLELISM": 4,
    "CRON_SCHEDULES": ["0 6 * * *"],
    "CRON_TIMEZONE": "Europe/London",
    "CRON_SUSPEND": False,
    "CRON_STARTING_DEADLINE": 3600,
    "CRON_SUCCESS_LIMIT": 7,
    "CRON_FAILED_LIMIT": 7,
    **{f"IMAGE_{key}": f"ghcr.io/coretelecoms/{image}:0.1.0" for image, key in IMAGE_KEYS.items()},
    **{f"SA_{r.key}": r.service_account for r in ROLES.values()},
    **{f"DEADLINE_{r.key}": r.active_deadline_seconds for r in ROLES.values()},
}
"""Concrete stand-ins for every token, matching the chart's defaults (schema tests use them)."""


def as_task(node: object) -> Task:
    """What calling a template inside a DAG context returns: a Task (hera types it as
    `Step | Task | None` for every context), so that `>>` dependencies type-check."""
    if not isinstance(node, Task):
        raise TypeError(f"expected a DAG task, got {type(node).__name__} (called outside a DAG?)")
    return node


__all__ = [
    "EXAMPLE_VALUES",
    "IMAGES",
    "as_task",
    "notify_template",
    "task_template",
    "token",
    "workflow_defaults",
]
