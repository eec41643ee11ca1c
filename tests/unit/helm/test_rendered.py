"""What every scenario renders: schema-valid objects, hardened pods, labels, resources, RBAC, policy."""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
from unit.helm.chart_support import (
    ARGO_KINDS,
    ARGO_SCHEMA,
    CRD_KINDS,
    KUBE_VERSION,
    NAMESPACE,
    SCENARIOS,
    by_kind,
    pod_templates,
    scenario_values,
)

Rendered = dict[str, list[dict[str, Any]]]
STANDARD_LABELS = (
    "helm.sh/chart",
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/version",
    "app.kubernetes.io/managed-by",
)
SELECTOR = {"app.kubernetes.io/name": "coretelecoms", "app.kubernetes.io/instance": "coretelecoms"}
SECRETS_DIR = "/var/run/secrets/coretelecoms"
scenarios = pytest.mark.parametrize("scenario", sorted(SCENARIOS))


@cache
def _argo_validator(kind: str) -> jsonschema.Draft202012Validator:
    """Argo's published schema, made strict in memory (see shared/schemas/argo-workflows/SOURCE.md)."""
    definitions = copy.deepcopy(json.loads(ARGO_SCHEMA.read_text(encoding="utf-8"))["definitions"])
    for name, node in definitions.items():
        if name.endswith(("intstr.IntOrString", "resource.Quantity")):
            definitions[name] = {"type": ["string", "number"]}
        elif "properties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
    schema = {"$ref": f"#/definitions/io.argoproj.workflow.v1alpha1.{kind}", "definitions": definitions}
    return jsonschema.Draft202012Validator(schema)


@scenarios
def test_kubernetes_objects_validate_against_kubernetes_schemas(rendered: Rendered, scenario: str) -> None:
    validated = set()
    for doc in rendered[scenario]:
        if doc["kind"] in CRD_KINDS:
            continue
        kubernetes_validate.validate(doc, KUBE_VERSION, strict=True)
        validated.add(doc["kind"])
    expected = {"ServiceAccount", "Role", "RoleBinding", "ConfigMap"}
    if scenario_values(scenario)["networkPolicy"]["enabled"]:
        expected.add("NetworkPolicy")
    assert validated == expected


@scenarios
def test_argo_objects_validate_against_the_argo_schema(rendered: Rendered, scenario: str) -> None:
    kinds = []
    for doc in rendered[scenario]:
        if doc["kind"] in ARGO_KINDS:
            errors = sorted(_argo_validator(doc["kind"]).iter_errors(doc), key=lambda e: list(e.path))
            detail = [f"{'.'.join(map(str, e.path))}: {e.message[:200]}" for e in errors[:5]]
            assert not errors, f"{doc['kind']}/{doc['metadata']['name']}: {detail}"
            kinds.append(doc["kind"])
    assert {"WorkflowTemplate", "CronWorkflow"} <= set(kinds)


def test_the_argo_validator_is_strict() -> None:
    bad = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "WorkflowTemplate",
        "metadata": {"name": "x"},
        "spec": {"entrypoint": "m", "templatez": []},
    }
    assert list(_argo_validator("WorkflowTemplate").iter_errors(bad))


@scenarios
def test_every_object_has_the_standard_labels(rendered: Rendered, scenario: str) -> None:
    for doc in rendered[scenario]:
        labels = doc["metadata"].get("labels") or {}
        missing = [k for k in STANDARD_LABELS if not labels.get(k)]
        assert not missing, f"{doc['kind']}/{doc['metadata']['name']} lacks {missing}"
        assert labels["app.kubernetes.io/managed-by"] == "Helm"
        assert {k: labels[k] for k in SELECTOR} == SELECTOR


@scenarios
def test_every_pod_and_container_is_hardened(rendered: Rendered, scenario: str) -> None:
    pods = pod_templates(rendered[scenario])
    assert pods, "no Argo pod templates rendered"
    for pod in pods:
        pod_sc = pod.pod_security_context()
        for name, container in pod.containers():
            where = f"{pod.where}/{name}"
            sc = container.get("securityContext") or {}
            assert sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot")) is True, where
            assert sc.get("readOnlyRootFilesystem") is True, where
            assert sc.get("allowPrivilegeEscalation") is False, where
            assert sc.get("privileged", False) is False, where
            assert "ALL" in ((sc.get("capabilities") or {}).get("drop") or []), where
            assert not (sc.get("capabilities") or {}).get("add"), where
            seccomp = sc.get("seccompProfile") or pod_sc.get("seccompProfile") or {}
            assert seccomp.get("type") == "RuntimeDefault", where
        assert pod_sc.get("runAsNonRoot") is True or all(
            (c.get("securityContext") or {}).get("runAsNonRoot") is True for _, c in pod.containers()
        ), pod.where


@scenarios
def test_every_container_has_requests_and_limits(rendered: Rendered, scenario: str) -> None:
    for pod in pod_templates(rendered[scenario]):
        for name, container in pod.containers():
            res = container.get("resources") or {}
            for part in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(res.get(part) or {}), f"{pod.where}/{name} {part}"


@scenarios
def test_images_are_pinned_to_the_configured_tag(rendered: Rendered, scenario: str) -> None:
    values = scenario_values(scenario)
    registry, tag = values["image"]["registry"], values["image"]["tag"]
    repositories = {s["repository"] for s in values["images"].values()}
    images = [c["image"] for pod in pod_templates(rendered[scenario]) for _, c in pod.containers()]
    assert images
    for image in images:
        name, _, image_tag = image.rpartition(":")
        assert image_tag and image_tag.lower() != "latest" and "/" not in image_tag, image
        assert image_tag == tag, image
        prefix = f"{registry}/" if registry else ""
        assert name.startswith(prefix) and name[len(prefix) :] in repositories, image
    assert "latest" not in json.dumps(rendered[scenario]).lower().replace("latestversion", "")


@scenarios
def test_pods_run_as_chart_service_accounts_with_executor_rbac(rendered: Rendered, scenario: str) -> None:
    docs = rendered[scenario]
    accounts = {d["metadata"]["name"] for d in by_kind(docs, "ServiceAccount")}
    bindings = {d["metadata"]["name"]: d for d in by_kind(docs, "RoleBinding")}
    executor_subjects = {s["name"] for s in bindings["coretelecoms-executor"]["subjects"]}
    assert all(s["namespace"] == NAMESPACE for s in bindings["coretelecoms-executor"]["subjects"])
    assert (
        accounts
        == executor_subjects
        == {s["name"] for s in scenario_values(scenario)["serviceAccounts"].values()}
    )
    for pod in pod_templates(docs):
        account = pod.template.get("serviceAccountName") or pod.workflow_spec.get("serviceAccountName")
        assert account in accounts, f"{pod.where} runs as {account!r}"


@scenarios
def test_rbac_is_least_privilege(rendered: Rendered, scenario: str) -> None:
    docs = rendered[scenario]
    assert not by_kind(docs, "ClusterRole") and not by_kind(docs, "ClusterRoleBinding")
    roles = {d["metadata"]["name"]: d["rules"] for d in by_kind(docs, "Role")}
    assert roles == {
        "coretelecoms-executor": [
            {"apiGroups": ["argoproj.io"], "resources": ["workflowtaskresults"], "verbs": ["create", "patch"]}
        ],
        "coretelecoms-notify": [
            {"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]},
            {"apiGroups": ["argoproj.io"], "resources": ["workflows"], "verbs": ["get"]},
        ],
    }
    notify = next(d for d in by_kind(docs, "RoleBinding") if d["metadata"]["name"] == "coretelecoms-notify")
    assert notify["roleRef"] == {
        "apiGroup": "rbac.authorization.k8s.io",
        "kind": "Role",
        "name": "coretelecoms-notify",
    }
    assert [s["name"] for s in notify["subjects"]] == ["coretelecoms-notify"]


def test_production_service_accounts_carry_irsa_roles(rendered: Rendered) -> None:
    accounts = by_kind(rendered["production"], "ServiceAccount")
    assert len(accounts) == 6
    for sa in accounts:
        arn = sa["metadata"]["annotations"]["eks.amazonaws.com/role-arn"]
        assert arn == f"arn:aws:iam::123456789012:role/{sa['metadata']['name']}"
    assert all("annotations" not in sa["metadata"] for sa in by_kind(rendered["default"], "ServiceAccount"))


@scenarios
def test_pods_carry_the_labels_the_network_policy_selects(rendered: Rendered, scenario: str) -> None:
    # a pod's labels are the workflow's podMetadata plus its template's own metadata labels
    docs = rendered[scenario]
    pods = pod_templates(docs)
    assert pods
    for pod in pods:
        labels = {
            **((pod.workflow_spec.get("podMetadata") or {}).get("labels") or {}),
            **((pod.template.get("metadata") or {}).get("labels") or {}),
        }
        assert SELECTOR.items() <= labels.items(), f"{pod.where} pod labels {labels} miss {SELECTOR}"
    for policy in by_kind(docs, "NetworkPolicy"):
        assert policy["spec"]["podSelector"] == {"matchLabels": SELECTOR}


@scenarios
def test_network_policy_denies_ingress_and_limits_egress(rendered: Rendered, scenario: str) -> None:
    policies = by_kind(rendered[scenario], "NetworkPolicy")
    if not scenario_values(scenario)["networkPolicy"]["enabled"]:
        assert policies == []
        return
    (policy,) = policies
    spec = policy["spec"]
    assert spec["policyTypes"] == ["Ingress", "Egress"] and spec["ingress"] == []
    ports = {(p["protocol"], p["port"]) for rule in spec["egress"] for p in rule["ports"]}
    assert ports == {("UDP", 53), ("TCP", 53), ("TCP", 443), ("TCP", 5432)}
    postgres = next(r for r in spec["egress"] if r["ports"] == [{"protocol": "TCP", "port": 5432}])
    expected_to = [{"ipBlock": {"cidr": "10.20.0.0/16"}}] if scenario == "production" else None
    assert postgres.get("to") == expected_to


@scenarios
def test_configmap_settings_are_valid_job_settings(
    rendered: Rendered, scenario: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from coretelecoms.settings import load_settings

    (config,) = by_kind(rendered[scenario], "ConfigMap")
    assert config["metadata"]["name"] == "coretelecoms-config"
    data = config["data"]
    assert all(k.startswith("CORETELECOMS_") and v for k, v in data.items())
    assert data["CORETELECOMS_RUN__LOG_FORMAT"] == "json"
    import os

    for key in [k for k in os.environ if k.startswith("CORETELECOMS_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("CORETELECOMS_SECRETS_DIR", str(tmp_path))
    for key, value in data.items():
        monkeypatch.setenv(key, value)
    settings = load_settings()  # extra="forbid": a misspelt setting name fails here
    values = scenario_values(scenario)["config"]
    assert settings.lake.uri == values["lake"]["uri"]
    assert settings.warehouse.kind == values["warehouse"]["kind"]
    assert settings.s3.endpoint_url == (values["s3"]["endpointUrl"] or None)


@scenarios
def test_every_container_reads_the_configmap(rendered: Rendered, scenario: str) -> None:
    for pod in pod_templates(rendered[scenario]):
        for name, container in pod.containers():
            refs = [(e.get("configMapRef") or {}).get("name") for e in container.get("envFrom") or []]
            assert "coretelecoms-config" in refs, f"{pod.where}/{name}"


def _mounted_secret_names(pod_docs: list[dict[str, Any]]) -> set[str]:
    names: set[str] = set()
    for pod in pod_templates(pod_docs):
        for volume in pod.template.get("volumes") or []:
            if "secret" in volume:
                names.add(volume["secret"]["secretName"])
            for source in (volume.get("projected") or {}).get("sources") or []:
                if "secret" in source:
                    names.add(source["secret"]["name"])
    return names


@scenarios
def test_exactly_the_configured_secrets_are_mounted(rendered: Rendered, scenario: str) -> None:
    configured = {s["existingSecret"] for s in scenario_values(scenario)["secrets"].values()} - {""}
    assert _mounted_secret_names(rendered[scenario]) == configured
    for pod in pod_templates(rendered[scenario]):
        for _, container in pod.containers():
            for mount in container.get("volumeMounts") or []:
                if mount["mountPath"].startswith("/var/run/secrets/coretelecoms"):
                    assert mount["mountPath"] == SECRETS_DIR and mount.get("readOnly") is True


def test_external_secrets_write_the_referenced_secrets(rendered: Rendered) -> None:
    assert by_kind(rendered["default"], "ExternalSecret") == []
    values = scenario_values("production")
    found = {d["spec"]["target"]["name"]: d for d in by_kind(rendered["production"], "ExternalSecret")}
    expected = {values["secrets"][n]["existingSecret"]: n for n in values["externalSecrets"]["remoteSecrets"]}
    assert set(found) == set(expected)
    for target, doc in found.items():
        assert doc["apiVersion"] == "external-secrets.io/v1beta1"
        assert doc["spec"]["secretStoreRef"] == {"name": "aws-secrets-manager", "kind": "ClusterSecretStore"}
        remote = values["externalSecrets"]["remoteSecrets"][expected[target]]
        keys = [d["remoteRef"]["key"] for d in doc["spec"].get("data", [])]
        keys += [d["extract"]["key"] for d in doc["spec"].get("dataFrom", [])]
        assert keys and set(keys) == {remote["remoteKey"]}
    postgres = found["coretelecoms-postgres"]["spec"]["data"]
    assert postgres == [
        {
            "secretKey": "CORETELECOMS_CRM__URI",
            "remoteRef": {"key": "coretelecoms/postgres", "property": "uri"},
        }
    ]


@scenarios
def test_cron_workflow_follows_cron_values(rendered: Rendered, scenario: str) -> None:
    cron = scenario_values(scenario)["cron"]
    (doc,) = by_kind(rendered[scenario], "CronWorkflow")
    spec = doc["spec"]
    schedule = cron["schedule"]
    assert spec["schedules"] == ([schedule] if isinstance(schedule, str) else schedule)
    assert spec["timezone"] == cron["timezone"]
    assert spec.get("suspend", False) is cron["suspend"]
    assert spec["startingDeadlineSeconds"] == cron["startingDeadlineSeconds"]
    assert spec["successfulJobsHistoryLimit"] == cron["successfulJobsHistoryLimit"]
    assert spec["failedJobsHistoryLimit"] == cron["failedJobsHistoryLimit"]
    assert by_kind(rendered["suspended"], "CronWorkflow")[0]["spec"]["suspend"] is True
