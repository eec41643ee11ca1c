"""Rendered Argo manifests: no drift, schema-valid (strict), real commands and images, Helm-safe."""

from __future__ import annotations

import copy
import json
import shlex
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from coretelecoms.cli import COMMANDS
from coretelecoms.dag import BACKFILL, DAILY, IMAGES, ROLES
from workflows import render
from workflows.common import IMAGE_KEYS
from workflows.helm import example_values, substitute, to_helm_template

ROOT = Path(__file__).resolve().parents[3]
SCHEMA = ROOT.parent / "shared" / "schemas" / "argo-workflows" / "schema.json"
KINDS = {"WorkflowTemplate", "CronWorkflow", "Workflow"}


@cache
def _strict_definitions() -> dict[str, Any]:
    definitions = copy.deepcopy(json.loads(SCHEMA.read_text())["definitions"])
    for definition in definitions.values():
        if definition.get("type") == "object" and "properties" in definition:
            definition.setdefault("additionalProperties", False)
    for name in (
        "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
        "io.k8s.apimachinery.pkg.api.resource.Quantity",
    ):
        definitions[name] = {"type": ["string", "number"]}
    return definitions


def _errors(doc: dict[str, Any]) -> list[str]:
    schema = {
        "$ref": f"#/definitions/io.argoproj.workflow.v1alpha1.{doc['kind']}",
        "definitions": _strict_definitions(),
    }
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in Draft202012Validator(schema).iter_errors(doc)
    ]


def _examples() -> dict[str, dict[str, Any]]:
    values = example_values()
    return {name: substitute(doc, values) for name, doc in render.manifests().items()}


def _containers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [t["container"] for t in doc["spec"].get("templates", []) if "container" in t]


def test_committed_templates_match_a_fresh_render() -> None:
    for name, text in render.render().items():
        path = render.OUT_DIR / name
        assert path.is_file(), f"{path} missing: run `python -m workflows.render`"
        assert path.read_text() == text, f"{path} is stale: run `python -m workflows.render`"


@pytest.mark.parametrize("name", sorted(render.BUILDERS))
def test_examples_are_valid_against_the_strict_argo_schema(name: str) -> None:
    doc = _examples()[name]
    assert doc["kind"] in KINDS
    assert _errors(doc) == []


def test_strict_schema_catches_a_misspelt_key() -> None:
    doc = _examples()["workflowtemplate-daily.yaml"]
    template = next(t for t in doc["spec"]["templates"] if "retryStrategy" in t)
    template["retryStrategy"]["limitt"] = 3
    assert any("limitt" in e for e in _errors(doc))


def test_cron_uses_v4_schedules_and_references_the_daily_template() -> None:
    spec = _examples()["cronworkflow-daily.yaml"]["spec"]
    assert "schedule" not in spec and spec["schedules"] == ["0 6 * * *"]
    assert spec["concurrencyPolicy"] == "Forbid"
    assert spec["workflowSpec"]["workflowTemplateRef"]["name"] == "coretelecoms-daily"


def test_every_container_runs_a_real_cli_command_with_valid_options() -> None:
    from coretelecoms.jobs.base import JobArgumentParser
    from coretelecoms.runner import cli as runner_cli

    seen = set()
    for doc in _examples().values():
        for container in _containers(doc):
            assert container["command"] == ["coretelecoms"]
            args = [a.replace("{{inputs.parameters.date}}", "2025-11-20")
                     .replace("{{inputs.parameters.start}}", "2025-11-20")
                     .replace("{{inputs.parameters.end}}", "2025-11-22") for a in container["args"]]  # fmt: skip
            command = args[0]
            assert command in COMMANDS, shlex.join(args)
            seen.add(command)
            if command in ("run", "backfill"):
                runner_cli.build_parser(command).parse_args(args[1:])
            elif command == "notify":
                assert args[1:] == ["--status", "{{workflow.status}}", "--workflow-name", "{{workflow.name}}",
                                    "--failures", "{{workflow.failures}}"]  # fmt: skip
            else:
                assert isinstance(JobArgumentParser, type)
                _parse_job_args(command, args[1:])
    assert seen == {"extract", "load", "transform", "notify", "run", "backfill"}


def _parse_job_args(command: str, argv: list[str]) -> None:
    """Parse with the job's own argparse parser, captured by calling its main with --help-like guard."""
    import importlib

    module = importlib.import_module(COMMANDS[command][0])
    parser_factory = getattr(module, "build_parser", None)
    if parser_factory is None:  # the job builds its parser inside main: check option names instead
        assert module.__file__ is not None
        text = Path(module.__file__).read_text()
        for option in (a for a in argv if a.startswith("--")):
            assert f'"{option}"' in text, f"{command} has no option {option}"
        return
    parser_factory().parse_args(argv)


def test_every_image_is_one_images_dir_builds() -> None:
    used = {c["image"].rsplit("/", 1)[-1].split(":")[0] for d in _examples().values() for c in _containers(d)}
    assert used <= set(IMAGES)
    assert used == set(IMAGES)
    for image in IMAGES:
        assert (ROOT / "images" / image / "Dockerfile").is_file(), f"images/{image}/Dockerfile missing"


def test_tasks_follow_the_dag_and_carry_security_retry_and_mutex() -> None:
    docs = _examples()
    daily = docs["workflowtemplate-daily.yaml"]["spec"]
    pipeline = next(t for t in daily["templates"] if t["name"] == "pipeline")
    deps = {
        t["name"]: set(t.get("depends", "").replace(" && ", " ").split()) for t in pipeline["dag"]["tasks"]
    }
    assert deps == {s.name: set(s.depends_on) for s in DAILY}
    assert pipeline["synchronization"]["mutexes"] == [{"name": "coretelecoms-{{inputs.parameters.date}}"}]
    assert daily["onExit"] == "notify" and daily["securityContext"]["runAsUser"] == 10001
    for doc in docs.values():
        for template in doc["spec"].get("templates", []):
            if "container" not in template:
                continue
            sc = template["container"]["securityContext"]
            assert sc["readOnlyRootFilesystem"] and sc["capabilities"] == {"drop": ["ALL"]}
            assert template["serviceAccountName"] in {r.service_account for r in ROLES.values()}
            assert template["metadata"]["labels"]["app.kubernetes.io/name"] == "coretelecoms"
            if template["name"] in {s.name for s in (*DAILY, *BACKFILL)}:
                retry = template["retryStrategy"]
                assert retry["expression"] == "asInt(lastRetry.exitCode) == 75" and retry["limit"] == 3
                assert template["outputs"]["parameters"][0]["valueFrom"]["path"] == "/tmp/summary.json"


def test_backfill_fans_out_per_date_and_runs_static_once() -> None:
    spec = _examples()["workflowtemplate-backfill.yaml"]["spec"]
    main = next(t for t in spec["templates"] if t["name"] == "main")
    assert main["parallelism"] == 4
    tasks = {t["name"]: t for t in main["dag"]["tasks"]}
    assert tasks["day"]["withParam"] == "{{tasks.dates.outputs.result}}"
    assert {"extract-customers", "extract-agents", "load-static", "transform"} <= set(tasks)
    assert set(tasks["transform"]["depends"].split(" && ")) == {"day", "load-static"}
    static_args = tasks["extract-customers"]["arguments"]["parameters"]
    assert static_args == [{"name": "date", "value": "{{workflow.parameters.end}}"}]


def test_helm_post_processing_escapes_argo_and_substitutes_values() -> None:
    text = "a: '{{workflow.name}}'\nb: __HELM_RETRY_LIMIT__\n  resources: __HELM_RESOURCES_notify__\n"
    out = to_helm_template(text)
    assert "a: '{{`{{workflow.name}}`}}'" in out
    assert "b: {{ .Values.retry.limit }}" in out
    assert "  resources:\n{{- toYaml .Values.resources.notify | nindent 4 }}" in out
    with pytest.raises(ValueError, match="unknown Helm token"):
        to_helm_template("x: __HELM_NOPE__\n")


def test_rendered_templates_keep_argo_expressions_escaped_and_values_keys_exact() -> None:
    allowed_roots = {"image", "images", "cron", "backfill", "retry", "activeDeadlineSeconds", "resources",
                     "serviceAccounts", "secrets"}  # fmt: skip
    for text in render.render().values():
        assert "__HELM_" not in text
        for expr in __import__("re").findall(r"\.Values\.([A-Za-z]+)", text):
            assert expr in allowed_roots
        for key in __import__("re").findall(
            r"\.Values\.(?:images|resources|serviceAccounts|activeDeadlineSeconds)\.(\w+)", text
        ):
            assert key in ROLES or key in IMAGE_KEYS.values()
        stripped = text.replace("{{`{{", "").replace("}}`}}", "")
        assert "{{workflow" not in stripped and "{{inputs" not in stripped


def test_helm_template_round_trips_to_the_example_yaml() -> None:
    """A tiny stand-in for `helm template`: unescape Argo expressions, fill scalar values, parse."""
    import re

    for name, text in render.render().items():
        lines = [line for line in text.splitlines() if not line.startswith("{{-")]  # Helm-only block lines
        body = "\n".join(lines)
        body = re.sub(r"(?<!`)\{\{ [^`]*? \}\}", "HELM", body)  # Helm actions -> a scalar
        body = re.sub(r"\{\{`(.*?)`\}\}", r"\1", body)  # escaped Argo expressions -> themselves
        doc = yaml.safe_load(body)
        assert doc["metadata"]["name"] in {"coretelecoms-daily", "coretelecoms-backfill"}, name
        if doc["kind"] == "WorkflowTemplate":
            env = doc["spec"]["templates"][0]["container"]["env"]
            assert env[0] == {"name": "CORETELECOMS_RUN__RUN_ID", "value": "{{workflow.name}}"}


HELM = ROOT / ".tools" / "bin" / "helm"


def test_helm_rendered_chart_workflows_are_schema_valid() -> None:
    import subprocess

    assert HELM.is_file(), "helm not installed: run `make tools` (tools/install-helm.sh)"

    values = [
        "--set",
        "secrets.s3.existingSecret=lake-creds",
        "--set",
        "secrets.slackWebhook.existingSecret=hook",
    ]
    out = subprocess.run(
        [str(HELM), "template", "t", str(ROOT / "helm" / "coretelecoms"), *values],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    docs = [d for d in yaml.safe_load_all(out) if d and d.get("kind") in KINDS]
    assert sorted(d["kind"] for d in docs) == ["CronWorkflow", "WorkflowTemplate", "WorkflowTemplate"]
    for doc in docs:
        assert _errors(doc) == [], doc["metadata"]["name"]
    daily = next(
        d for d in docs if d["kind"] == "WorkflowTemplate" and d["metadata"]["name"] == "coretelecoms-daily"
    )
    notify = next(t for t in daily["spec"]["templates"] if t["name"] == "notify")
    assert notify["container"]["args"][-1] == "{{workflow.failures}}"
    sources = next(v for v in notify["volumes"] if v["name"] == "secrets")["projected"]["sources"]
    assert sources == [{"secret": {"name": "hook"}}]
