# IAM for the platform:
#  - one IRSA role per stage service account of the Helm chart, each allowed
#    exactly the lake/source prefixes, secrets and KMS keys its job touches;
#  - optionally, a read-only role for the External Secrets operator that syncs
#    the coretelecoms/* secrets into Kubernetes for the Helm chart;
#  - the role Snowflake's storage integration assumes to read the lake.
# No statement grants a wildcard action or a "*" resource.

data "aws_region" "current" {}

locals {
  # Issuer host/path of the cluster's OIDC provider, as it appears in token claims.
  oidc_issuer = element(split("oidc-provider/", var.oidc_provider_arn), 1)

  # Lake tables (= top-level prefixes), see jobs/coretelecoms/lake/base.py.
  lake_tables = ["call_logs", "social_media", "customers", "web_forms", "agents"]

  # Stage service accounts: names must match the Helm chart's.
  stages = {
    "coretelecoms-extract-files" = {
      # Note the space in "call logs/": that is how the vendor names the folder.
      source_read_prefixes = ["call logs/", "social_medias/", "customers/"]
      lake_read_prefixes   = []
      lake_write_prefixes = [
        "call_logs/", "social_media/", "customers/",
        "_quarantine/call_logs/", "_quarantine/social_media/", "_quarantine/customers/",
      ]
      secrets = ["source_bucket"]
    }
    "coretelecoms-extract-postgres" = {
      source_read_prefixes = []
      lake_read_prefixes   = []
      lake_write_prefixes  = ["web_forms/", "_quarantine/web_forms/"]
      secrets              = ["postgres"]
    }
    "coretelecoms-extract-sheets" = {
      source_read_prefixes = []
      lake_read_prefixes   = []
      lake_write_prefixes  = ["agents/", "_quarantine/agents/"]
      secrets              = ["google_service_account"]
    }
    "coretelecoms-load-warehouse" = {
      source_read_prefixes = []
      lake_read_prefixes   = [for t in local.lake_tables : "${t}/"]
      lake_write_prefixes  = []
      secrets              = ["snowflake"]
    }
    "coretelecoms-transform-dbt" = {
      source_read_prefixes = []
      lake_read_prefixes   = []
      lake_write_prefixes  = []
      secrets              = ["snowflake"]
    }
    "coretelecoms-notify" = {
      source_read_prefixes = []
      lake_read_prefixes   = []
      lake_write_prefixes  = []
      secrets              = ["slack_webhook"]
    }
  }

  secret_arns = {
    postgres               = var.secret_arns.postgres
    snowflake              = var.secret_arns.snowflake
    google_service_account = var.secret_arns.google_service_account
    slack_webhook          = var.secret_arns.slack_webhook
    source_bucket          = var.secret_arns.source_bucket
  }

  # The source bucket is only reachable through IRSA when its ARN is given.
  source_enabled = var.source_bucket_arn != null
}

# --------------------------------------------------------------------------
# IRSA roles, one per stage service account
# --------------------------------------------------------------------------

data "aws_iam_policy_document" "irsa_trust" {
  for_each = local.stages

  statement {
    sid     = "ServiceAccountWebIdentity"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }

    # Only this service account in this namespace, and only tokens minted for STS.
    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${var.namespace}:${each.key}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "stage" {
  for_each = local.stages

  # Listing the lake: the jobs' exists() relies on HEAD of a missing key
  # returning 404, which S3 only does for callers holding s3:ListBucket on the
  # bucket (a HEAD carries no s3:prefix, so a prefix condition would turn it
  # into a 403). Listing shows key names only, never content.
  dynamic "statement" {
    for_each = length(concat(each.value.lake_read_prefixes, each.value.lake_write_prefixes)) > 0 ? [1] : []
    content {
      sid       = "ListLake"
      effect    = "Allow"
      actions   = ["s3:ListBucket"]
      resources = [var.lake_bucket_arn]
    }
  }

  dynamic "statement" {
    for_each = length(each.value.lake_read_prefixes) > 0 ? [1] : []
    content {
      sid       = "ReadLakePrefixes"
      effect    = "Allow"
      actions   = ["s3:GetObject"]
      resources = [for p in each.value.lake_read_prefixes : "${var.lake_bucket_arn}/${p}*"]
    }
  }

  # Writers also read back (HEAD/GET their own manifests) and delete stale
  # quarantine files from an earlier run of the same date.
  dynamic "statement" {
    for_each = length(each.value.lake_write_prefixes) > 0 ? [1] : []
    content {
      sid       = "WriteLakePrefixes"
      effect    = "Allow"
      actions   = ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:PutObject"]
      resources = [for p in each.value.lake_write_prefixes : "${var.lake_bucket_arn}/${p}*"]
    }
  }

  dynamic "statement" {
    for_each = length(concat(each.value.lake_read_prefixes, each.value.lake_write_prefixes)) > 0 ? [1] : []
    content {
      sid       = "UseLakeKey"
      effect    = "Allow"
      actions   = length(each.value.lake_write_prefixes) > 0 ? ["kms:Decrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"]
      resources = [var.lake_kms_key_arn]
    }
  }

  dynamic "statement" {
    for_each = local.source_enabled && length(each.value.source_read_prefixes) > 0 ? [1] : []
    content {
      sid       = "ListSourcePrefixes"
      effect    = "Allow"
      actions   = ["s3:ListBucket"]
      resources = [var.source_bucket_arn]

      condition {
        test     = "StringLike"
        variable = "s3:prefix"
        values   = flatten([for p in each.value.source_read_prefixes : [p, "${p}*"]])
      }
    }
  }

  dynamic "statement" {
    for_each = local.source_enabled && length(each.value.source_read_prefixes) > 0 ? [1] : []
    content {
      sid       = "ReadSourcePrefixes"
      effect    = "Allow"
      actions   = ["s3:GetObject"]
      resources = [for p in each.value.source_read_prefixes : "${var.source_bucket_arn}/${p}*"]
    }
  }

  dynamic "statement" {
    for_each = local.source_enabled && var.source_kms_key_arn != null && length(each.value.source_read_prefixes) > 0 ? [1] : []
    content {
      sid       = "DecryptSource"
      effect    = "Allow"
      actions   = ["kms:Decrypt"]
      resources = [var.source_kms_key_arn]
    }
  }

  statement {
    sid       = "ReadOwnSecrets"
    effect    = "Allow"
    actions   = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]
    resources = [for s in each.value.secrets : local.secret_arns[s]]
  }

  # The secrets key may only be used through Secrets Manager in this region.
  statement {
    sid       = "DecryptSecretsViaSecretsManager"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = [var.secrets_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${data.aws_region.current.name}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "stage" {
  for_each = local.stages

  name                 = "${var.name_prefix}-${each.key}"
  description          = "IRSA role of service account ${var.namespace}/${each.key}"
  assume_role_policy   = data.aws_iam_policy_document.irsa_trust[each.key].json
  max_session_duration = 3600
  permissions_boundary = var.permissions_boundary_arn
  tags                 = merge(var.tags, { ServiceAccount = "${var.namespace}/${each.key}" })
}

resource "aws_iam_role_policy" "stage" {
  for_each = local.stages

  name   = "least-privilege"
  role   = aws_iam_role.stage[each.key].id
  policy = data.aws_iam_policy_document.stage[each.key].json
}

# --------------------------------------------------------------------------
# Optional: External Secrets operator (the Helm chart's ExternalSecrets)
# --------------------------------------------------------------------------

data "aws_iam_policy_document" "external_secrets_trust" {
  count = var.external_secrets_service_account == null ? 0 : 1

  statement {
    sid     = "ServiceAccountWebIdentity"
    effect  = "Allow"
    actions = ["sts:AssumeRoleWithWebIdentity"]

    principals {
      type        = "Federated"
      identifiers = [var.oidc_provider_arn]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:sub"
      values   = ["system:serviceaccount:${var.external_secrets_service_account.namespace}:${var.external_secrets_service_account.name}"]
    }

    condition {
      test     = "StringEquals"
      variable = "${local.oidc_issuer}:aud"
      values   = ["sts.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "external_secrets" {
  count = var.external_secrets_service_account == null ? 0 : 1

  # Read-only on exactly the platform's secrets.
  statement {
    sid       = "ReadPlatformSecrets"
    effect    = "Allow"
    actions   = ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue"]
    resources = values(local.secret_arns)
  }

  statement {
    sid       = "DecryptSecretsViaSecretsManager"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = [var.secrets_kms_key_arn]

    condition {
      test     = "StringEquals"
      variable = "kms:ViaService"
      values   = ["secretsmanager.${data.aws_region.current.name}.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "external_secrets" {
  count = var.external_secrets_service_account == null ? 0 : 1

  name                 = "${var.name_prefix}-external-secrets"
  description          = "IRSA role of the External Secrets service account that syncs the coretelecoms secrets"
  assume_role_policy   = data.aws_iam_policy_document.external_secrets_trust[0].json
  max_session_duration = 3600
  permissions_boundary = var.permissions_boundary_arn
  tags                 = var.tags
}

resource "aws_iam_role_policy" "external_secrets" {
  count = var.external_secrets_service_account == null ? 0 : 1

  name   = "read-platform-secrets"
  role   = aws_iam_role.external_secrets[0].id
  policy = data.aws_iam_policy_document.external_secrets[0].json
}

# --------------------------------------------------------------------------
# Role assumed by Snowflake's storage integration (external stage on the lake)
# --------------------------------------------------------------------------

data "aws_iam_policy_document" "snowflake_trust" {
  statement {
    sid     = "SnowflakeStorageIntegration"
    effect  = "Allow"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = [var.snowflake_storage_iam_user_arn]
    }

    # The external id ties the trust to our integration, not any Snowflake account.
    condition {
      test     = "StringEquals"
      variable = "sts:ExternalId"
      values   = [var.snowflake_storage_external_id]
    }
  }
}

data "aws_iam_policy_document" "snowflake_lake_read" {
  statement {
    sid       = "ListLakeTables"
    effect    = "Allow"
    actions   = ["s3:GetBucketLocation", "s3:ListBucket"]
    resources = [var.lake_bucket_arn]

    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = flatten([for t in local.lake_tables : ["${t}/", "${t}/*"]])
    }
  }

  # Read-only: COPY INTO from the stage; quarantine is not loaded.
  statement {
    sid       = "ReadLakeTables"
    effect    = "Allow"
    actions   = ["s3:GetObject", "s3:GetObjectVersion"]
    resources = [for t in local.lake_tables : "${var.lake_bucket_arn}/${t}/*"]
  }

  statement {
    sid       = "DecryptLake"
    effect    = "Allow"
    actions   = ["kms:Decrypt"]
    resources = [var.lake_kms_key_arn]
  }
}

resource "aws_iam_role" "snowflake_storage" {
  name                 = var.snowflake_storage_role_name
  description          = "Assumed by the Snowflake storage integration to read the raw lake"
  assume_role_policy   = data.aws_iam_policy_document.snowflake_trust.json
  max_session_duration = 3600
  permissions_boundary = var.permissions_boundary_arn
  tags                 = var.tags
}

resource "aws_iam_role_policy" "snowflake_storage" {
  name   = "read-raw-lake"
  role   = aws_iam_role.snowflake_storage.id
  policy = data.aws_iam_policy_document.snowflake_lake_read.json
}
