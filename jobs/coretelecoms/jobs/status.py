"""`coretelecoms status`: an Argo workflow's pods, their phases and each job's summary.

    coretelecoms status --workflow NAME [--namespace N] [--output table|json]
                        [--kubeconfig FILE] [--context NAME]

Every job writes its JSON summary to `/dev/termination-log`, so Kubernetes keeps it in the
pod status (`state.terminated.message`) after the container exits. This command lists the
workflow's pods (label `workflows.argoproj.io/workflow=NAME`) and reads those messages, which
needs only `pods: list` — no log access and no Argo server. Configuration comes from the
kubeconfig (`--kubeconfig`, `$KUBECONFIG`, `~/.kube/config`) or, inside a pod, the in-cluster
service account.

Exit codes: 0 listed; 1 no pod found for the workflow; 2 usage or credentials problem (bad
kubeconfig, 401/403); 75 transient (API unreachable, 429, 5xx).
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from coretelecoms.errors import DataError, ExitCode, PipelineError, TransientError, UsageError
from coretelecoms.jobs.base import JobArgumentParser
from coretelecoms.summary import parse_summary_line

WORKFLOW_LABEL = "workflows.argoproj.io/workflow"
NODE_NAME_ANNOTATION = "workflows.argoproj.io/node-name"
MAIN_CONTAINER = "main"  # Argo runs the template's container as `main` beside its `wait` sidecar
REQUEST_TIMEOUT_SECONDS = 30
MESSAGE_WIDTH = 80


@dataclass(frozen=True)
class TaskStatus:
    """One pod of the workflow: its task, phase and what its job summary says."""

    task: str
    pod: str
    phase: str
    exit_code: int | None
    rows_in: int | None
    rows_out: int | None
    rows_quarantined: int | None
    seconds: float | None
    message: str | None
    started_at: str | None


def _parser() -> JobArgumentParser:
    parser = JobArgumentParser(
        prog="coretelecoms status",
        description="Show an Argo workflow's pods, phases and job summaries (from termination messages).",
    )
    parser.add_argument("--workflow", required=True, help="Argo workflow name, e.g. coretelecoms-daily-x7k2p")
    parser.add_argument("--namespace", help="namespace (default: the kubeconfig context's, else 'default')")
    parser.add_argument("--output", choices=("table", "json"), default="table", help="output format")
    parser.add_argument("--kubeconfig", help="kubeconfig file (default: $KUBECONFIG or ~/.kube/config)")
    parser.add_argument("--context", help="kubeconfig context (default: the current one)")
    return parser


def _api_client(kubeconfig: str | None, context: str | None) -> tuple[Any, str | None]:
    """An ApiClient from the kubeconfig, else the in-cluster account, plus the default namespace.

    Clients are built without touching the kubernetes module's global configuration.
    """
    from kubernetes import client, config

    try:
        api = config.new_client_from_config(config_file=kubeconfig, context=context)
    except (config.ConfigException, OSError, ValueError, TypeError) as exc:
        if kubeconfig or context:
            raise UsageError(f"cannot use kubeconfig {kubeconfig or '(default)'}: {exc}") from None
        cfg = client.Configuration()
        try:
            config.load_incluster_config(client_configuration=cfg)
        except config.ConfigException:
            raise UsageError(
                "no Kubernetes configuration: pass --kubeconfig, set KUBECONFIG or run inside a cluster"
            ) from None
        return client.ApiClient(cfg), _in_cluster_namespace()
    try:
        contexts, active = config.list_kube_config_contexts(config_file=kubeconfig)
        if context:
            active = next((c for c in contexts if c.get("name") == context), active)
        namespace = (active or {}).get("context", {}).get("namespace")
    except (config.ConfigException, OSError, ValueError):
        namespace = None
    return api, namespace


def _in_cluster_namespace() -> str | None:
    path = Path("/var/run/secrets/kubernetes.io/serviceaccount/namespace")
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _api_error(exc: Exception, namespace: str) -> PipelineError:
    """Map a Kubernetes API failure onto the exit-code contract, with a one-line reason."""
    from kubernetes.client.exceptions import ApiException

    if isinstance(exc, ApiException):
        status = exc.status or 0
        reason = exc.reason or "error"
        if status in (401, 403):
            return UsageError(
                f"Kubernetes API refused to list pods in namespace {namespace!r}: {status} {reason} "
                "(check your credentials and RBAC: pods list)"
            )
        if status == 429 or status >= 500 or status == 0:
            return TransientError(f"Kubernetes API unavailable: {status} {reason}; try again")
        return DataError(f"Kubernetes API error listing pods in namespace {namespace!r}: {status} {reason}")
    return TransientError(f"cannot reach the Kubernetes API: {type(exc).__name__}: {exc}")


def list_workflow_pods(api: Any, namespace: str, workflow: str) -> list[dict[str, Any]]:
    """The raw pod objects (JSON dicts) of one workflow, via the pod list API.

    Raw JSON rather than client models: we read a handful of fields and must not fail on
    fields a newer API server adds.
    """
    from kubernetes import client
    from kubernetes.client.exceptions import ApiException
    from urllib3.exceptions import HTTPError

    core = client.CoreV1Api(api)
    try:
        response = core.list_namespaced_pod(
            namespace,
            label_selector=f"{WORKFLOW_LABEL}={workflow}",
            _preload_content=False,
            _request_timeout=REQUEST_TIMEOUT_SECONDS,
        )
        body = json.loads(response.data)
    except (ApiException, HTTPError, OSError) as exc:
        raise _api_error(exc, namespace) from None
    except ValueError as exc:
        raise TransientError(f"Kubernetes API returned a malformed pod list: {exc}") from None
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list):
        raise TransientError("Kubernetes API returned a pod list without items")
    return [item for item in items if isinstance(item, dict)]


def _main_container_state(pod: dict[str, Any]) -> dict[str, Any]:
    statuses = (pod.get("status") or {}).get("containerStatuses") or []
    chosen = next((s for s in statuses if s.get("name") == MAIN_CONTAINER), None)
    if chosen is None and len(statuses) == 1:
        chosen = statuses[0]
    return (chosen or {}).get("state") or {}


def _task_name(pod: dict[str, Any], workflow: str) -> str:
    meta = pod.get("metadata") or {}
    node = (meta.get("annotations") or {}).get(NODE_NAME_ANNOTATION) or meta.get("name") or "?"
    # Node names are `<workflow>.<step path>`; the prefix is the same on every row.
    return node[len(workflow) + 1 :] if node.startswith(workflow + ".") else node


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def task_status(pod: dict[str, Any], workflow: str) -> TaskStatus:
    """One table row from a pod: phase, main container exit code and its summary's figures.

    A pod whose termination message is not a summary (killed, OOM, deadline) still gets a row,
    with Kubernetes' own reason as the message, so no pod is silently left out.
    """
    status = pod.get("status") or {}
    terminated = _main_container_state(pod).get("terminated") or {}
    raw_message = terminated.get("message")
    summary = parse_summary_line(raw_message) if isinstance(raw_message, str) else None
    exit_code = _int_or_none(terminated.get("exitCode"))
    if summary is None:
        reason = terminated.get("reason") or status.get("reason")
        text = (raw_message or "").strip() or status.get("message") or reason
        return TaskStatus(
            task=_task_name(pod, workflow),
            pod=(pod.get("metadata") or {}).get("name", "?"),
            phase=status.get("phase") or "Unknown",
            exit_code=exit_code,
            rows_in=None,
            rows_out=None,
            rows_quarantined=None,
            seconds=None,
            message=text,
            started_at=status.get("startTime"),
        )
    seconds = summary.get("seconds")
    return TaskStatus(
        task=_task_name(pod, workflow),
        pod=(pod.get("metadata") or {}).get("name", "?"),
        phase=status.get("phase") or "Unknown",
        exit_code=exit_code if exit_code is not None else _int_or_none(summary.get("exit_code")),
        rows_in=_int_or_none(summary.get("rows_in")),
        rows_out=_int_or_none(summary.get("rows_out")),
        rows_quarantined=_int_or_none(summary.get("rows_quarantined")),
        seconds=float(seconds) if isinstance(seconds, int | float) else None,
        message=summary.get("message"),
        started_at=status.get("startTime"),
    )


def collect(api: Any, namespace: str, workflow: str) -> list[TaskStatus]:
    """Every pod of the workflow as a TaskStatus, in start order (pending pods last)."""
    pods = list_workflow_pods(api, namespace, workflow)
    if not pods:
        raise DataError(f"no pods found for workflow {workflow!r} in namespace {namespace!r}")
    rows = [task_status(p, workflow) for p in pods]
    return sorted(rows, key=lambda r: (r.started_at is None, r.started_at or "", r.task))


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def render_table(rows: list[TaskStatus]) -> str:
    """Aligned plain-text table, one line per pod, and a phase count footer."""
    header = ("TASK", "PHASE", "EXIT", "ROWS_IN", "ROWS_OUT", "QUARANTINED", "SECONDS", "MESSAGE")
    body = []
    for r in rows:
        message = " ".join((r.message or "").split())
        if len(message) > MESSAGE_WIDTH:
            message = message[: MESSAGE_WIDTH - 1] + "…"
        counts = (r.rows_in, r.rows_out, r.rows_quarantined)
        body.append((r.task, r.phase, r.exit_code, *counts, r.seconds, message or None))
    cells = [header, *[tuple(_cell(v) for v in line) for line in body]]
    widths = [max(len(line[i]) for line in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip() for line in cells]
    phases: dict[str, int] = {}
    for r in rows:
        phases[r.phase] = phases.get(r.phase, 0) + 1
    lines.append("")
    lines.append(f"{len(rows)} pods: " + ", ".join(f"{n} {p}" for p, n in sorted(phases.items())))
    return "\n".join(lines)


def render_json(workflow: str, namespace: str, rows: list[TaskStatus]) -> str:
    """Machine-readable form of the same rows."""
    return json.dumps(
        {"workflow": workflow, "namespace": namespace, "tasks": [asdict(r) for r in rows]},
        indent=2,
        sort_keys=True,
    )


def main(argv: list[str]) -> int:
    """Print the workflow's task table (or JSON); exit codes follow the pipeline contract."""
    args = _parser().parse_args(argv)
    try:
        api, context_namespace = _api_client(args.kubeconfig, args.context)
        namespace = args.namespace or context_namespace or "default"
        try:
            rows = collect(api, namespace, args.workflow)
        finally:
            api.close()
    except PipelineError as exc:
        print(f"coretelecoms status: {exc.message}", file=sys.stderr)
        return int(exc.exit_code)
    if args.output == "json":
        print(render_json(args.workflow, namespace, rows))
    else:
        print(render_table(rows))
    return int(ExitCode.OK)
