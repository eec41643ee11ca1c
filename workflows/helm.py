"""Turn Hera's output into a Helm template: tokens -> `{{ .Values... }}`, Argo `{{...}}` escaped.

`prepare` puts tokens where Hera's types cannot hold them (numbers, blocks); `to_helm_template`
is the one text transform: it escapes every Argo expression so Helm prints it verbatim
(`{{`{{workflow.name}}`}}`), then replaces each `__HELM_<name>__` token by its Helm expression
(whole-line tokens become `toYaml | nindent` blocks). `substitute` fills tokens with concrete
values instead, which is what the schema tests validate.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from coretelecoms.dag import ROLES
from workflows.common import IMAGE_KEYS, role_of_template, token

SECRET_NAMES = ("postgres", "snowflake", "googleServiceAccount", "slackWebhook", "s3")
_ARGO = re.compile(r"\{\{(.*?)\}\}")
_TOKEN = re.compile(r"__HELM_([A-Za-z0-9_]+?)__")
_BLOCKS = "RESOURCES|SECRETS|LABELS|SELECTOR_LABELS"
_LINE_TOKEN = re.compile(rf"^(?P<indent>\s*)(?P<key>[A-Za-z]+): __HELM_(?P<name>({_BLOCKS})_?\w*?)__$")


def prepare(manifest: dict[str, Any]) -> dict[str, Any]:
    """Put tokens where Hera's typed fields could not take them (a copy; the input is kept)."""
    doc = copy.deepcopy(manifest)
    doc["metadata"]["labels"] = token("LABELS")
    spec = doc["spec"]
    if doc["kind"] == "WorkflowTemplate":
        # Every pod carries the release's selector labels, which the NetworkPolicy selects on.
        spec["podMetadata"] = {"labels": token("SELECTOR_LABELS")}
    if doc["kind"] == "CronWorkflow":
        spec.update(
            schedules=token("CRON_SCHEDULES"),
            timezone=token("CRON_TIMEZONE"),
            suspend=token("CRON_SUSPEND"),
            startingDeadlineSeconds=token("CRON_STARTING_DEADLINE"),
            successfulJobsHistoryLimit=token("CRON_SUCCESS_LIMIT"),
            failedJobsHistoryLimit=token("CRON_FAILED_LIMIT"),
        )
        return doc
    for template in spec["templates"]:
        role = role_of_template(template)
        if role:
            template["container"]["imagePullPolicy"] = token("IMAGE_PULL_POLICY")
            template["container"]["resources"] = token(f"RESOURCES_{role}")
            for volume in template.get("volumes", []):
                if "projected" in volume:
                    volume["projected"]["sources"] = token(f"SECRETS_{role}")
        if template["name"] == "main" and doc["metadata"]["name"] == "coretelecoms-backfill":
            template["parallelism"] = token("BACKFILL_PARALLELISM")
    return doc


def _scalar(name: str) -> str:
    """Helm expression for an inline token."""
    fixed = {
        "IMAGE_PULL_POLICY": "{{ .Values.image.pullPolicy }}",
        "CONFIGMAP": '{{ include "coretelecoms.fullname" . }}-config',
        "RETRY_LIMIT": "{{ .Values.retry.limit }}",
        "RETRY_BACKOFF_DURATION": "{{ .Values.retry.backoffDuration | quote }}",
        "RETRY_BACKOFF_FACTOR": "{{ .Values.retry.backoffFactor }}",
        "RETRY_MAX_BACKOFF_DURATION": "{{ .Values.retry.maxBackoffDuration | quote }}",
        "BACKFILL_PARALLELISM": "{{ .Values.backfill.parallelism }}",
        "CRON_SCHEDULES": (
            '{{ if kindIs "string" .Values.cron.schedule }}[{{ .Values.cron.schedule | quote }}]'
            "{{ else }}{{ toJson .Values.cron.schedule }}{{ end }}"
        ),
        "CRON_TIMEZONE": "{{ .Values.cron.timezone | quote }}",
        "CRON_SUSPEND": "{{ .Values.cron.suspend }}",
        "CRON_STARTING_DEADLINE": "{{ .Values.cron.startingDeadlineSeconds }}",
        "CRON_SUCCESS_LIMIT": "{{ .Values.cron.successfulJobsHistoryLimit }}",
        "CRON_FAILED_LIMIT": "{{ .Values.cron.failedJobsHistoryLimit }}",
    }
    if name in fixed:
        return fixed[name]
    kind, _, key = name.partition("_")
    if kind == "IMAGE" and key in IMAGE_KEYS.values():
        return (
            "{{ with .Values.image.registry }}{{ . }}/{{ end }}"
            f"{{{{ .Values.images.{key}.repository }}}}:{{{{ .Values.image.tag }}}}"
        )
    if kind == "SA" and key in ROLES:
        return f"{{{{ .Values.serviceAccounts.{key}.name }}}}"
    if kind == "DEADLINE" and key in ROLES:
        return f"{{{{ .Values.activeDeadlineSeconds.{key} }}}}"
    raise ValueError(f"unknown Helm token {name}")


def _block(indent: str, key: str, name: str) -> str:
    """Helm lines for a whole-line token (`key: __HELM_X__`)."""
    inner = len(indent) + 2
    if name == "LABELS":
        return f'{indent}{key}:\n{{{{- include "coretelecoms.labels" . | nindent {inner} }}}}'
    if name == "SELECTOR_LABELS":
        return f'{indent}{key}:\n{{{{- include "coretelecoms.selectorLabels" . | nindent {inner} }}}}'
    kind, _, role = name.partition("_")
    if kind == "RESOURCES" and role in ROLES:
        return f"{indent}{key}:\n{{{{- toYaml .Values.resources.{role} | nindent {inner} }}}}"
    if kind == "SECRETS" and role in ROLES:
        pad = " " * inner
        # Only configured secrets are projected; none at all renders `sources: []` (schema: a list).
        lines = [f"{indent}{key}:", "{{- $mounted := false }}"]
        for secret in ROLES[role].secrets:
            lines += [
                f"{{{{- with .Values.secrets.{secret}.existingSecret }}}}{{{{ $mounted = true }}}}",
                f"{pad}- secret:",
                f"{pad}    name: {{{{ . }}}}",
                "{{- end }}",
            ]
        lines.append("{{- if not $mounted }} []{{ end }}")
        return "\n".join(lines)
    raise ValueError(f"unknown Helm block token {name}")


def to_helm_template(text: str) -> str:
    """YAML text with tokens and Argo expressions -> a Helm template rendering back to that YAML."""
    if "`" in "".join(_ARGO.findall(text)):
        raise ValueError("an Argo expression contains a backtick; it cannot be escaped as a raw string")
    escaped = _ARGO.sub(lambda match: "{{`{{" + match.group(1) + "}}`}}", text)
    lines = []
    for line in escaped.splitlines():
        block = _LINE_TOKEN.match(line)
        if block:
            lines.append(_block(block["indent"], block["key"], block["name"]))
        else:
            lines.append(_TOKEN.sub(lambda match: _scalar(match.group(1)), line))
    return "\n".join(lines) + "\n"


def substitute(node: Any, values: dict[str, Any]) -> Any:
    """Replace tokens by concrete values (keeping their types when a token is the whole string)."""
    if isinstance(node, dict):
        return {substitute(k, values): substitute(v, values) for k, v in node.items()}
    if isinstance(node, list):
        return [substitute(v, values) for v in node]
    if isinstance(node, str):
        whole = _TOKEN.fullmatch(node)
        if whole:
            return values[whole.group(1)]
        return _TOKEN.sub(lambda match: str(values[match.group(1)]), node)
    return node


def example_values() -> dict[str, Any]:
    """Concrete values for every token, including blocks (resources, secrets, labels)."""
    from workflows.common import EXAMPLE_VALUES

    values = dict(EXAMPLE_VALUES)
    values["LABELS"] = {"app.kubernetes.io/name": "coretelecoms", "app.kubernetes.io/instance": "example"}
    values["SELECTOR_LABELS"] = dict(values["LABELS"])
    for role in ROLES.values():
        values[f"RESOURCES_{role.key}"] = role.resources.as_dict()
        values[f"SECRETS_{role.key}"] = [
            {"secret": {"name": f"coretelecoms-{s.lower()}"}} for s in role.secrets
        ]
    return values
