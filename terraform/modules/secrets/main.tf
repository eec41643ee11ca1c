# Secrets Manager entries the jobs read, encrypted with a customer-managed key.
#
# Only the containers are created here: no value is ever in code or state.
# An operator sets each value out-of-band (see README.md) as a JSON object whose
# keys are the jobs' setting names, e.g. for coretelecoms/postgres
#   {"CORETELECOMS_CRM__URI": "postgresql://user:pass@host:5432/db"}
# which the Helm chart's ExternalSecrets copy into Kubernetes Secrets mounted as
# files. Reading is limited by IAM (modules/iam): each stage role reads only
# its own secret; the optional External Secrets role reads these five.

locals {
  # key (used by modules/iam and outputs) => secret name suffix and purpose
  secrets = {
    postgres = {
      name        = "postgres"
      description = "extract-postgres: {\"CORETELECOMS_CRM__URI\": \"postgresql://user:pass@host:5432/db\"}."
    }
    snowflake = {
      name        = "snowflake"
      description = "load-warehouse, transform-dbt: Snowflake service user key pair, keys CORETELECOMS_WAREHOUSE__SNOWFLAKE__PRIVATE_KEY (+ _PASSPHRASE)."
    }
    google_service_account = {
      name        = "google-service-account"
      description = "extract-sheets: Google service-account key JSON under key CORETELECOMS_SHEETS__SERVICE_ACCOUNT_JSON."
    }
    slack_webhook = {
      name        = "slack-webhook"
      description = "notify: incoming-webhook URL under key CORETELECOMS_NOTIFY__WEBHOOK_URL."
    }
    source_bucket = {
      name        = "source-bucket"
      description = "extract-files: vendor-issued keys for its cross-account bucket, keys CORETELECOMS_S3__ACCESS_KEY_ID / CORETELECOMS_S3__SECRET_ACCESS_KEY."
    }
  }
}

module "kms" {
  source = "../kms"

  alias_name  = var.kms_alias_name
  description = "CoreTelecoms Secrets Manager secrets (${var.name_prefix}/*)"
  tags        = var.tags
}

resource "aws_secretsmanager_secret" "this" {
  for_each = local.secrets
  #checkov:skip=CKV2_AWS_57:No automatic rotation: these credentials are issued by third parties (vendor keys, Google, Slack, the Snowflake key pair) and rotated by the documented out-of-band runbook; there is no rotation Lambda that could do it.

  name                    = "${var.name_prefix}/${each.value.name}"
  description             = each.value.description
  kms_key_id              = module.kms.key_arn
  recovery_window_in_days = var.recovery_window_in_days
  tags                    = merge(var.tags, { Name = "${var.name_prefix}/${each.value.name}" })
}
