"""Static checks of terraform/: formatting, checkov, and the platform's security invariants.

Everything here runs offline: the HCL is parsed with python-hcl2 and the invariants are
asserted on what is written, `terraform fmt` needs no providers, and checkov reads the
files. `terraform validate`/`plan` need provider downloads and are left to the README.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import hcl2
import pytest

REPO = Path(__file__).resolve().parents[3]
TF = REPO / "terraform"
MODULES_DIR = TF / "modules"
ENVS_DIR = TF / "envs"

EXPECTED_MODULES = {"kms", "s3", "iam", "secrets", "snowflake"}
EXPECTED_ENVS = {"dev", "prod"}
MODULE_FILES = ("main.tf", "variables.tf", "outputs.tf", "versions.tf", "README.md")

# Service accounts of the Helm chart (helm/coretelecoms/values.yaml `serviceAccounts`).
STAGE_SERVICE_ACCOUNTS = {
    "coretelecoms-extract-files",
    "coretelecoms-extract-postgres",
    "coretelecoms-extract-sheets",
    "coretelecoms-load-warehouse",
    "coretelecoms-transform-dbt",
    "coretelecoms-notify",
}
SECRET_NAMES = {"postgres", "snowflake", "google-service-account", "slack-webhook", "source-bucket"}

# The one place a "*" resource is legitimate: in a KMS key policy it means "this key".
KEY_POLICY_DOCS = {("kms", "key_policy")}


# --------------------------------------------------------------------------
# Parsing helpers
# --------------------------------------------------------------------------


def _strip_quotes(value: Any) -> Any:
    """Normalise python-hcl2 output across versions: no quotes around strings or keys, no markers."""
    if isinstance(value, dict):
        return {
            _strip_quotes(k): _strip_quotes(v)
            for k, v in value.items()
            if not (isinstance(k, str) and k.startswith("__"))
        }
    if isinstance(value, list):
        return [_strip_quotes(v) for v in value]
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


@cache
def _parse(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    try:  # python-hcl2 >= 8 keeps quotes unless told otherwise
        from hcl2.utils import SerializationOptions

        options = SerializationOptions(strip_string_quotes=True, explicit_blocks=False, with_comments=False)
        data = hcl2.loads(text, serialization_options=options)
    except ImportError:  # pragma: no cover - older python-hcl2
        data = hcl2.loads(text)
    return _strip_quotes(data)


def _roots() -> list[Path]:
    return sorted(p for p in [*MODULES_DIR.iterdir(), *ENVS_DIR.iterdir()] if p.is_dir())


def _tf_files(root: Path) -> list[Path]:
    return sorted(root.glob("*.tf"))


def _blocks(root: Path, kind: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(type, name, body) of every `resource`/`data` block of a root."""
    for path in _tf_files(root):
        for entry in _parse(path).get(kind, []):
            for rtype, named in entry.items():
                for name, body in named.items():
                    yield rtype, name, body


def _all_blocks(kind: str, rtype: str) -> list[tuple[Path, str, dict[str, Any]]]:
    return [(root, name, body) for root in _roots() for t, name, body in _blocks(root, kind) if t == rtype]


def _labelled(root: Path, kind: str) -> dict[str, dict[str, Any]]:
    """`variable`/`output` blocks of a root by name."""
    found: dict[str, dict[str, Any]] = {}
    for path in _tf_files(root):
        for entry in _parse(path).get(kind, []):
            found.update(entry)
    return found


def _locals(root: Path) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for path in _tf_files(root):
        for entry in _parse(path).get("locals", []):
            merged.update(entry)
    return merged


def _one(value: Any) -> dict[str, Any]:
    """A nested block parsed as a one-element list, or a dict already."""
    if isinstance(value, list):
        assert len(value) == 1, value
        return value[0]
    assert isinstance(value, dict), value
    return value


def _resolve(root: Path, value: Any) -> Any:
    """Follow a bare `${var.x}` to its default and `${local.x}` to its value, once."""
    if isinstance(value, str):
        match = re.fullmatch(r"\$\{(var|local)\.(\w+)\}", value)
        if match and match.group(1) == "var":
            return _labelled(root, "variable").get(match.group(2), {}).get("default", value)
        if match:
            return _locals(root).get(match.group(2), value)
    return value


def _refers_to_bucket(body: dict[str, Any], bucket: str) -> bool:
    """Whether a bucket sub-resource's `bucket` argument points at `aws_s3_bucket.<bucket>`."""
    target = str(body.get("bucket", ""))
    if f"aws_s3_bucket.{bucket}." in target:
        return True
    # for_each = aws_s3_bucket.<bucket> with bucket = each.value.id
    return body.get("for_each") == f"${{aws_s3_bucket.{bucket}}}" and "each.value" in target


def _buckets() -> list[tuple[Path, str]]:
    found = [(root, name) for root, name, _ in _all_blocks("resource", "aws_s3_bucket")]
    assert found, "no aws_s3_bucket parsed: the checks below would pass vacuously"
    return found


def _bucket_ids() -> list[str]:
    return [f"{root.name}.{name}" for root, name in _buckets()]


def _companions(root: Path, rtype: str, bucket: str) -> list[dict[str, Any]]:
    return [
        body for t, _, body in _blocks(root, "resource") if t == rtype and _refers_to_bucket(body, bucket)
    ]


# --------------------------------------------------------------------------
# Layout, documentation, variables, pins
# --------------------------------------------------------------------------


def test_modules_and_envs_exist() -> None:
    assert {p.name for p in MODULES_DIR.iterdir() if p.is_dir()} >= EXPECTED_MODULES
    assert {p.name for p in ENVS_DIR.iterdir() if p.is_dir()} >= EXPECTED_ENVS
    assert (TF / "README.md").is_file()


@pytest.mark.parametrize("module", sorted(EXPECTED_MODULES))
def test_module_has_its_files(module: str) -> None:
    missing = [f for f in MODULE_FILES if not (MODULES_DIR / module / f).is_file()]
    assert not missing, f"modules/{module} lacks {missing}"


@pytest.mark.parametrize("env", sorted(EXPECTED_ENVS))
def test_env_has_its_files(env: str) -> None:
    files = (
        "main.tf",
        "variables.tf",
        "outputs.tf",
        "versions.tf",
        "providers.tf",
        "terraform.tfvars.example",
    )
    missing = [f for f in files if not (ENVS_DIR / env / f).is_file()]
    assert not missing, f"envs/{env} lacks {missing}"


@pytest.mark.parametrize("root", _roots(), ids=lambda p: p.name)
def test_readme_documents_every_input_and_output(root: Path) -> None:
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "| Name | Description |" in readme, "README needs input/output tables"
    names = [*_labelled(root, "variable"), *_labelled(root, "output")]
    undocumented = [n for n in names if f"`{n}`" not in readme]
    assert not undocumented, f"{root.name}/README.md does not document {undocumented}"


@pytest.mark.parametrize("root", _roots(), ids=lambda p: p.name)
def test_every_variable_has_type_and_description(root: Path) -> None:
    variables = _labelled(root, "variable")
    assert variables, f"{root.name} declares no variables"
    for name, body in variables.items():
        assert body.get("type"), f"{root.name}: variable {name} has no type"
        assert str(body.get("description", "")).strip(), f"{root.name}: variable {name} has no description"


@pytest.mark.parametrize("root", _roots(), ids=lambda p: p.name)
def test_every_output_has_description(root: Path) -> None:
    for name, body in _labelled(root, "output").items():
        assert str(body.get("description", "")).strip(), f"{root.name}: output {name} has no description"


def test_variables_validate_where_it_matters() -> None:
    """Names, ARNs, sizes and retention windows are validated at plan time, not at apply."""
    must_validate = {
        "s3": ["lake_bucket_name", "log_bucket_name", "raw_infrequent_access_after_days"],
        "iam": ["oidc_provider_arn", "namespace", "lake_bucket_arn", "lake_kms_key_arn"],
        "secrets": ["recovery_window_in_days", "name_prefix"],
        "snowflake": ["warehouse_size", "monthly_credit_quota", "database_name"],
        "kms": ["deletion_window_in_days", "service_principals"],
    }
    for module, names in must_validate.items():
        variables = _labelled(MODULES_DIR / module, "variable")
        for name in names:
            assert variables[name].get("validation"), f"modules/{module}: {name} has no validation block"


@pytest.mark.parametrize("root", _roots(), ids=lambda p: p.name)
def test_providers_are_pinned(root: Path) -> None:
    terraform = _one(_parse(root / "versions.tf")["terraform"])
    assert str(terraform.get("required_version", "")).startswith("~>"), "pin Terraform with ~>"
    providers = _one(terraform["required_providers"])
    for name, spec in providers.items():
        assert "/" in spec["source"], f"{root.name}: provider {name} needs a source address"
        assert spec["version"].startswith("~>"), f"{root.name}: provider {name} must be pinned with ~>"
    used = {t.split("_", 1)[0] for kind in ("resource", "data") for t, _, _ in _blocks(root, kind)}
    used.discard("terraform")
    assert used <= set(providers), f"{root.name} uses providers {used - set(providers)} it does not pin"
    if root.parent == MODULES_DIR:
        assert not any("provider" in _parse(p) for p in _tf_files(root)), (
            "modules must not configure providers"
        )


def test_same_provider_pins_everywhere() -> None:
    pins: dict[str, set[tuple[str, str]]] = {}
    for root in _roots():
        providers = _one(_one(_parse(root / "versions.tf")["terraform"])["required_providers"])
        for name, spec in providers.items():
            pins.setdefault(name, set()).add((spec["source"], spec["version"]))
    assert all(len(v) == 1 for v in pins.values()), f"inconsistent provider pins: {pins}"
    assert pins["snowflake"] == {("snowflakedb/snowflake", "~> 2.20")}


# --------------------------------------------------------------------------
# S3: every bucket encrypted, versioned, private, TLS-only, with lifecycle
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("root", "bucket"), _buckets(), ids=_bucket_ids())
def test_bucket_is_sse_kms_encrypted(root: Path, bucket: str) -> None:
    configs = _companions(root, "aws_s3_bucket_server_side_encryption_configuration", bucket)
    assert configs, f"aws_s3_bucket.{bucket} has no encryption configuration"
    default = _one(_one(configs[0]["rule"])["apply_server_side_encryption_by_default"])
    assert default["sse_algorithm"] == "aws:kms", f"aws_s3_bucket.{bucket} is not SSE-KMS"
    assert default.get("kms_master_key_id"), f"aws_s3_bucket.{bucket} uses the AWS-managed key, not a CMK"


@pytest.mark.parametrize(("root", "bucket"), _buckets(), ids=_bucket_ids())
def test_bucket_blocks_public_access(root: Path, bucket: str) -> None:
    blocks = _companions(root, "aws_s3_bucket_public_access_block", bucket)
    assert blocks, f"aws_s3_bucket.{bucket} has no public access block"
    flags = ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")
    assert all(blocks[0].get(f) is True for f in flags), blocks[0]
    ownership = _companions(root, "aws_s3_bucket_ownership_controls", bucket)
    assert ownership, f"aws_s3_bucket.{bucket} keeps ACLs enabled"
    assert _one(ownership[0]["rule"])["object_ownership"] == "BucketOwnerEnforced"


@pytest.mark.parametrize(("root", "bucket"), _buckets(), ids=_bucket_ids())
def test_bucket_is_versioned(root: Path, bucket: str) -> None:
    versioning = _companions(root, "aws_s3_bucket_versioning", bucket)
    assert versioning, f"aws_s3_bucket.{bucket} has no versioning"
    assert _one(versioning[0]["versioning_configuration"])["status"] == "Enabled"


@pytest.mark.parametrize(("root", "bucket"), _buckets(), ids=_bucket_ids())
def test_bucket_has_lifecycle_rules(root: Path, bucket: str) -> None:
    lifecycle = _companions(root, "aws_s3_bucket_lifecycle_configuration", bucket)
    assert lifecycle, f"aws_s3_bucket.{bucket} has no lifecycle configuration"
    rules = lifecycle[0]["rule"]
    assert any("abort_incomplete_multipart_upload" in r for r in rules)
    assert any("noncurrent_version_expiration" in r for r in rules)


@pytest.mark.parametrize(("root", "bucket"), _buckets(), ids=_bucket_ids())
def test_bucket_policy_denies_plain_http(root: Path, bucket: str) -> None:
    policies = _companions(root, "aws_s3_bucket_policy", bucket)
    assert policies, f"aws_s3_bucket.{bucket} has no bucket policy"
    match = re.fullmatch(
        r"\$\{data\.aws_iam_policy_document\.(\w+)(\[each\.key\])?\.json\}", policies[0]["policy"]
    )
    assert match, "bucket policies must come from an aws_iam_policy_document (so they are checked below)"
    docs = {name: body for t, name, body in _blocks(root, "data") if t == "aws_iam_policy_document"}
    statements = docs[match.group(1)]["statement"]
    assert any(
        s.get("effect") == "Deny"
        and any(
            c["variable"] == "aws:SecureTransport" and c["values"] == ["false"]
            for c in s.get("condition", [])
        )
        for s in statements
    ), f"aws_s3_bucket.{bucket} does not deny requests without TLS"


def test_data_buckets_log_access_to_the_log_bucket() -> None:
    root = MODULES_DIR / "s3"
    logging = _companions(root, "aws_s3_bucket_logging", "data")
    assert logging, "data buckets have no access logging"
    assert logging[0]["target_bucket"] == "${aws_s3_bucket.logs.id}"


def test_lake_lifecycle_tiers_old_partitions_and_expires_quarantine() -> None:
    body = _companions(MODULES_DIR / "s3", "aws_s3_bucket_lifecycle_configuration", "data")[0]
    text = repr(body)
    assert "STANDARD_IA" in text
    assert "GLACIER_IR" in text
    assert "_quarantine/" in text


# --------------------------------------------------------------------------
# IAM: no wildcards, IRSA trust per service account, least privilege per stage
# --------------------------------------------------------------------------


def _statements(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Static and `dynamic "statement"` statements of a policy document."""
    found = list(doc.get("statement", []))
    for dynamic in doc.get("dynamic", []):
        if "statement" in dynamic:
            found.append(_one(dynamic["statement"]["content"]))
    return found


def _literals(root: Path, value: Any) -> list[str] | None:
    """The string literals an argument can take; None if it is an expression we cannot see into."""
    value = _resolve(root, value)
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str):
        quoted = re.findall(r'"([^"]*)"', value)
        if quoted:
            return quoted
        if value.startswith("${"):
            return None
        return [value]
    return None


def _wildcard_problems(root: Path, doc_name: str, doc: dict[str, Any]) -> list[str]:
    problems = []
    star_resources_ok = (root.name, doc_name) in KEY_POLICY_DOCS
    for st in _statements(doc):
        sid = st.get("sid", "?")
        effect = st.get("effect", "Allow")
        if effect == "Allow":
            for key in ("not_actions", "not_resources", "not_principals"):
                if key in st:
                    problems.append(f"{sid}: Allow with {key}")
            actions = _literals(root, st.get("actions", []))
            if actions is None and st.get("actions") == "${statement.value}":
                # modules/kms: actions come from the module's `service_principals` argument,
                # validated by the variable and by test_module_arguments_grant_no_wildcard_kms_actions.
                actions = []
            if actions is None:
                problems.append(f"{sid}: actions {st.get('actions')!r} cannot be checked")
            else:
                problems += [f"{sid}: wildcard action {a}" for a in actions if "*" in a]
            for p in st.get("principals", []):
                if "*" in p.get("identifiers", []):
                    problems.append(f"{sid}: Allow to any principal")
        # Deny statements may use s3:* (they take access away), never a "*" resource.
        resources = _literals(root, st.get("resources", [])) or []
        for r in resources:
            if (r == "*" or re.search(r"(^|:)\*$", r)) and not star_resources_ok:
                problems.append(f"{sid}: wildcard resource {r}")
    return problems


def test_wildcard_checker_catches_wildcards() -> None:
    """The checker itself must fail on the things it exists to catch."""
    root = MODULES_DIR / "iam"
    bad = {
        "statement": [
            {"sid": "A", "effect": "Allow", "actions": ["s3:*"], "resources": ["arn:aws:s3:::b/x/*"]},
            {"sid": "B", "actions": ["s3:GetObject"], "resources": ["*"]},
            {"sid": "C", "effect": "Deny", "actions": ["s3:*"], "resources": ["*"]},
        ],
        "dynamic": [
            {"statement": {"for_each": "${[1]}", "content": [{"sid": "D", "actions": '${["kms:*"]}'}]}}
        ],
    }
    problems = _wildcard_problems(root, "synthetic", bad)
    assert any(p.startswith("A: wildcard action") for p in problems)
    assert any(p.startswith("B: wildcard resource") for p in problems)
    assert any(p.startswith("C: wildcard resource") for p in problems)
    assert any(p.startswith("D: wildcard action") for p in problems)
    good = {
        "statement": [
            {"sid": "E", "actions": ["s3:GetObject"], "resources": ['${[for p in x : "${b}/${p}*"]}']}
        ]
    }
    assert _wildcard_problems(root, "synthetic", good) == []


def test_no_wildcard_actions_or_resources_in_any_policy() -> None:
    docs = _all_blocks("data", "aws_iam_policy_document")
    assert len(docs) >= 8, "expected the S3, KMS and IAM policy documents"
    problems = [
        f"{root.name}/{name}: {p}" for root, name, doc in docs for p in _wildcard_problems(root, name, doc)
    ]
    assert not problems, "\n".join(problems)


def test_every_policy_argument_comes_from_a_policy_document() -> None:
    """Inline JSON would escape the wildcard check above."""
    for root in _roots():
        for rtype, name, body in _blocks(root, "resource"):
            for key in ("policy", "assume_role_policy"):
                if key in body:
                    assert str(body[key]).startswith("${data.aws_iam_policy_document."), (
                        f"{rtype}.{name}.{key}"
                    )


def test_module_arguments_grant_no_wildcard_kms_actions() -> None:
    for root in _roots():
        for path in _tf_files(root):
            for entry in _parse(path).get("module", []):
                for name, body in entry.items():
                    for actions in dict(body.get("service_principals", {})).values():
                        assert not any("*" in a for a in actions), f"{root.name}: module {name}"


def _iam_locals() -> dict[str, Any]:
    return _locals(MODULES_DIR / "iam")


def test_one_role_per_helm_service_account() -> None:
    stages = _iam_locals()["stages"]
    assert set(stages) == STAGE_SERVICE_ACCOUNTS
    roles = {n: b for t, n, b in _blocks(MODULES_DIR / "iam", "resource") if t == "aws_iam_role"}
    assert roles["stage"]["for_each"] == "${local.stages}"


def test_irsa_trust_is_bound_to_service_account_and_sts_audience() -> None:
    docs = {n: b for t, n, b in _blocks(MODULES_DIR / "iam", "data") if t == "aws_iam_policy_document"}
    for name in ("irsa_trust", "external_secrets_trust"):
        (statement,) = _statements(docs[name])
        assert statement["actions"] == ["sts:AssumeRoleWithWebIdentity"]
        assert _one(statement["principals"]) == {
            "type": "Federated",
            "identifiers": ["${var.oidc_provider_arn}"],
        }
        conditions = {c["variable"]: c for c in statement["condition"]}
        sub = conditions["${local.oidc_issuer}:sub"]
        aud = conditions["${local.oidc_issuer}:aud"]
        assert sub["test"] == aud["test"] == "StringEquals"
        assert aud["values"] == ["sts.amazonaws.com"]
        assert sub["values"][0].startswith("system:serviceaccount:${var.")
    (stage_trust,) = _statements(docs["irsa_trust"])
    sub = next(c for c in stage_trust["condition"] if c["variable"].endswith(":sub"))
    assert sub["values"] == ["system:serviceaccount:${var.namespace}:${each.key}"]


def test_each_stage_gets_only_its_prefixes_and_secret() -> None:
    stages = _iam_locals()["stages"]
    files = stages["coretelecoms-extract-files"]
    assert files["source_read_prefixes"] == ["call logs/", "social_medias/", "customers/"]
    assert set(files["lake_write_prefixes"]) == {
        "call_logs/", "social_media/", "customers/",
        "_quarantine/call_logs/", "_quarantine/social_media/", "_quarantine/customers/",
    }  # fmt: skip
    assert stages["coretelecoms-extract-postgres"]["lake_write_prefixes"][0] == "web_forms/"
    assert stages["coretelecoms-extract-sheets"]["lake_write_prefixes"][0] == "agents/"
    load = stages["coretelecoms-load-warehouse"]
    assert load["lake_write_prefixes"] == [] and load["source_read_prefixes"] == []
    assert load["lake_read_prefixes"], "load must read the raw lake"
    for sa in ("coretelecoms-transform-dbt", "coretelecoms-notify"):
        s = stages[sa]
        assert s["lake_read_prefixes"] == s["lake_write_prefixes"] == s["source_read_prefixes"] == []
    secrets = {sa: s["secrets"] for sa, s in stages.items()}
    assert secrets == {
        "coretelecoms-extract-files": ["source_bucket"],
        "coretelecoms-extract-postgres": ["postgres"],
        "coretelecoms-extract-sheets": ["google_service_account"],
        "coretelecoms-load-warehouse": ["snowflake"],
        "coretelecoms-transform-dbt": ["snowflake"],
        "coretelecoms-notify": ["slack_webhook"],
    }
    for sa, s in stages.items():
        for prefix in s["lake_write_prefixes"]:
            assert prefix.endswith("/") and not prefix.startswith("/"), f"{sa}: {prefix}"


def test_kms_statements_are_scoped_to_the_keys_used() -> None:
    docs = {n: b for t, n, b in _blocks(MODULES_DIR / "iam", "data") if t == "aws_iam_policy_document"}
    for name in ("stage", "snowflake_lake_read", "external_secrets"):
        for st in _statements(docs[name]):
            actions = _literals(MODULES_DIR / "iam", st["actions"]) or []
            if any(a.startswith("kms:") for a in actions):
                assert set(actions) <= {"kms:Decrypt", "kms:GenerateDataKey"}, (name, actions)
                assert len(st["resources"]) == 1 and st["resources"][0].endswith("_kms_key_arn}"), st


def test_snowflake_storage_role_trusts_integration_with_external_id() -> None:
    docs = {n: b for t, n, b in _blocks(MODULES_DIR / "iam", "data") if t == "aws_iam_policy_document"}
    (statement,) = _statements(docs["snowflake_trust"])
    assert statement["actions"] == ["sts:AssumeRole"]
    assert _one(statement["condition"])["variable"] == "sts:ExternalId"
    read = _statements(docs["snowflake_lake_read"])
    assert not any("s3:PutObject" in st["actions"] for st in read), "Snowflake only reads the lake"


# --------------------------------------------------------------------------
# KMS and Secrets Manager
# --------------------------------------------------------------------------


def test_kms_keys_rotate_and_have_a_policy() -> None:
    keys = _all_blocks("resource", "aws_kms_key")
    assert keys
    for root, name, body in keys:
        assert body.get("enable_key_rotation") is True, f"{root.name}: aws_kms_key.{name}"
        assert body.get("policy"), f"{root.name}: aws_kms_key.{name} has no explicit key policy"


def test_every_secret_uses_a_customer_managed_key() -> None:
    secrets = _all_blocks("resource", "aws_secretsmanager_secret")
    assert secrets
    for root, name, body in secrets:
        assert body.get("kms_key_id"), f"{root.name}: aws_secretsmanager_secret.{name} has no kms_key_id"
        assert body.get("recovery_window_in_days"), f"{root.name}: {name} has no recovery window"
        window = _resolve(root, body["recovery_window_in_days"])
        assert isinstance(window, int) and window >= 7, window


def test_secret_names_match_what_the_chart_reads() -> None:
    root = MODULES_DIR / "secrets"
    names = {s["name"] for s in _locals(root)["secrets"].values()}
    assert names == SECRET_NAMES
    assert _labelled(root, "variable")["name_prefix"]["default"] == "coretelecoms"


def test_no_secret_values_in_code() -> None:
    for root in _roots():
        types = {t for t, _, _ in _blocks(root, "resource")}
        assert "aws_secretsmanager_secret_version" not in types, f"{root.name} puts a secret value in state"
    offending = []
    for path in TF.rglob("*"):
        if path.is_file() and path.suffix in {".tf", ".example", ".hcl"}:
            text = path.read_text(encoding="utf-8")
            if re.search(r"\b(secret_string|password|private_key)\s*=", text) or "BEGIN PRIVATE KEY" in text:
                offending.append(str(path.relative_to(REPO)))
    assert not offending, offending


@pytest.mark.parametrize("env", sorted(EXPECTED_ENVS))
def test_tfvars_example_sets_only_declared_non_secret_variables(env: str) -> None:
    values = _parse(ENVS_DIR / env / "terraform.tfvars.example")
    declared = _labelled(ENVS_DIR / env, "variable")
    assert set(values) <= set(declared), set(values) - set(declared)
    required = {n for n, b in declared.items() if "default" not in b}
    assert required <= set(values), f"example misses required {required - set(values)}"
    assert not [k for k in values if re.search(r"password|secret_value|token|private_key", k)]


# --------------------------------------------------------------------------
# Snowflake
# --------------------------------------------------------------------------


def _snowflake(rtype: str) -> list[dict[str, Any]]:
    return [b for t, _, b in _blocks(MODULES_DIR / "snowflake", "resource") if t == rtype]


def test_warehouse_suspends_quickly_and_resumes() -> None:
    root = MODULES_DIR / "snowflake"
    (warehouse,) = _snowflake("snowflake_warehouse")
    auto_suspend = _resolve(root, warehouse["auto_suspend"])
    assert isinstance(auto_suspend, int) and 0 < auto_suspend <= 60, auto_suspend
    assert str(_resolve(root, warehouse["auto_resume"])).lower() == "true"
    assert _resolve(root, warehouse["warehouse_size"]) == "XSMALL"
    assert warehouse["initially_suspended"] is True
    assert "snowflake_resource_monitor." in warehouse["resource_monitor"]


def test_resource_monitor_has_quota_and_triggers() -> None:
    (monitor,) = _snowflake("snowflake_resource_monitor")
    assert monitor["credit_quota"] and monitor["notify_triggers"]
    assert monitor["suspend_trigger"] == 100
    assert monitor["suspend_immediate_trigger"] > 100


def test_database_schemas_roles_and_stage() -> None:
    root = MODULES_DIR / "snowflake"
    variables = _labelled(root, "variable")
    assert variables["database_name"]["default"] == "CORETELECOMS_DW"
    assert set(_locals(root)["schemas"]) == {"RAW", "STAGING", "ANALYTICS"}
    assert variables["etl_role_name"]["default"] == "ETL_ROLE"
    assert variables["analyst_role_name"]["default"] == "ANALYST_ROLE"
    (stage,) = _snowflake("snowflake_stage_external_s3")
    assert stage["name"] == "LAKE_STAGE"
    assert stage["schema"] == '${snowflake_schema.this["RAW"].name}'
    assert "snowflake_file_format_parquet." in _one(stage["file_format"])["format_name"]
    assert "snowflake_storage_integration_aws." in stage["storage_integration"]


def test_role_grants_match_what_the_jobs_do() -> None:
    local = _locals(MODULES_DIR / "snowflake")
    etl = local["etl_schema_privileges"]
    assert {"CREATE TABLE", "CREATE STAGE", "CREATE FILE FORMAT"} <= set(etl["RAW"])
    assert {"CREATE TABLE", "CREATE STAGE", "CREATE FILE FORMAT"} <= set(etl["STAGING"])
    assert {"CREATE TABLE", "CREATE VIEW"} <= set(etl["ANALYTICS"])
    specs = local["object_grant_specs"]
    analyst = [s for s in specs if s["role"] == "analyst"]
    assert analyst and all(s["schema"] == "ANALYTICS" and s["privileges"] == ["SELECT"] for s in analyst)
    merge_privileges = {"SELECT", "INSERT", "UPDATE", "DELETE"}
    for schema in ("RAW", "STAGING"):
        assert any(
            s["role"] == "etl" and s["schema"] == schema and merge_privileges <= set(s["privileges"])
            for s in specs
        ), f"ETL_ROLE cannot MERGE into {schema}"


# --------------------------------------------------------------------------
# Tools: terraform fmt and checkov
# --------------------------------------------------------------------------


def _tool(env_var: str, fallback: Path | None, name: str, hint: str) -> str:
    configured = os.environ.get(env_var)
    candidates = [configured] if configured else []
    if fallback is not None:
        candidates.append(str(fallback))
    candidates.append(shutil.which(name) or "")
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail(f"{name} not found (looked at ${env_var}, {fallback or 'PATH'}, PATH). {hint}")


def test_terraform_fmt() -> None:
    terraform = _tool("TERRAFORM_BIN", None, "terraform", "Install Terraform >= 1.10 or set TERRAFORM_BIN.")
    result = subprocess.run(
        [terraform, "fmt", "-check", "-recursive", "-diff", str(TF)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"terraform fmt found unformatted files:\n{result.stdout}{result.stderr}"


def test_checkov_skips_are_justified() -> None:
    skips = [
        (path, line)
        for path in TF.rglob("*.tf")
        for line in path.read_text(encoding="utf-8").splitlines()
        if "checkov:skip" in line
    ]
    for path, line in skips:
        assert re.search(r"#checkov:skip=CKV2?_[A-Z]+_\d+:\s*\S.{20,}", line), (
            f"{path}: unjustified {line.strip()}"
        )


def test_checkov_reports_no_failed_checks() -> None:
    checkov = _tool(
        "CHECKOV_BIN",
        REPO / ".venv-checkov" / "bin" / "checkov",
        "checkov",
        "Run `make tools` (creates .venv-checkov from tools/requirements-checkov.txt) or set CHECKOV_BIN.",
    )
    result = subprocess.run(
        [
            checkov,
            "--framework", "terraform",
            "--quiet",
            "--compact",
            "--download-external-modules", "false",
            "--skip-download",  # offline: no Prisma Cloud guideline download
            "-d", str(TF),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=REPO,
    )  # fmt: skip
    summary = re.search(r"Passed checks: (\d+), Failed checks: (\d+), Skipped checks: (\d+)", result.stdout)
    assert summary, f"checkov printed no summary (rc={result.returncode}):\n{result.stdout}\n{result.stderr}"
    passed, failed, _skipped = (int(n) for n in summary.groups())
    assert failed == 0, f"checkov failed checks:\n{result.stdout}"
    assert result.returncode == 0, result.stdout + result.stderr
    assert passed >= 100, f"checkov ran suspiciously few checks ({passed})"
