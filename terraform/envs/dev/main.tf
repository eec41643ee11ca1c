# Dev: a self-contained copy of the platform. It creates its own source bucket
# (filled by the synthetic generator) so nothing depends on the vendor.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  environment = "dev"
  prefix      = "${var.name_prefix}-${local.environment}"
  account_id  = data.aws_caller_identity.current.account_id

  tags = {
    Project     = "coretelecoms"
    Environment = local.environment
    ManagedBy   = "terraform"
  }

  # The account id keeps global bucket names unique without random suffixes.
  lake_bucket_name   = "${local.prefix}-raw-lake-${local.account_id}"
  log_bucket_name    = "${local.prefix}-s3-access-logs-${local.account_id}"
  source_bucket_name = "${local.prefix}-source-${local.account_id}"

  # Built from the name (not read from modules/iam) so the Snowflake
  # integration can be created before the role that trusts it.
  snowflake_storage_role_name = "${local.prefix}-snowflake-lake-reader"
  snowflake_storage_role_arn  = "arn:${data.aws_partition.current.partition}:iam::${local.account_id}:role/${local.snowflake_storage_role_name}"
}

module "s3" {
  source = "../../modules/s3"

  lake_bucket_name   = local.lake_bucket_name
  log_bucket_name    = local.log_bucket_name
  source_bucket_name = local.source_bucket_name
  kms_alias_name     = "${local.prefix}-s3"

  # Dev keeps little: raw data is synthetic and can be regenerated.
  raw_expiration_days                = 180
  quarantine_expiration_days         = 30
  source_expiration_days             = 30
  noncurrent_version_expiration_days = 7
  access_log_retention_days          = 90
  force_destroy                      = true
}

module "secrets" {
  source = "../../modules/secrets"

  # Same names in every environment (one AWS account per environment), so the
  # Helm chart's secret references do not change between them.
  name_prefix             = "coretelecoms"
  kms_alias_name          = "${local.prefix}-secrets"
  recovery_window_in_days = 7
}

module "snowflake" {
  source = "../../modules/snowflake"

  warehouse_size              = "XSMALL"
  data_retention_time_in_days = 1
  monthly_credit_quota        = var.snowflake_monthly_credit_quota
  notify_users                = var.snowflake_notify_users
  etl_users                   = var.snowflake_etl_users
  analyst_users               = var.snowflake_analyst_users

  storage_aws_role_arn = local.snowflake_storage_role_arn
  lake_bucket_name     = module.s3.lake_bucket_name
  lake_kms_key_arn     = module.s3.kms_key_arn
}

module "iam" {
  source = "../../modules/iam"

  name_prefix       = local.prefix
  oidc_provider_arn = var.eks_oidc_provider_arn
  namespace         = var.k8s_namespace

  lake_bucket_arn    = module.s3.lake_bucket_arn
  lake_kms_key_arn   = module.s3.kms_key_arn
  source_bucket_arn  = module.s3.source_bucket_arn
  source_kms_key_arn = module.s3.kms_key_arn

  secret_arns                      = module.secrets.secret_arns
  secrets_kms_key_arn              = module.secrets.kms_key_arn
  external_secrets_service_account = var.external_secrets_service_account

  snowflake_storage_role_name    = local.snowflake_storage_role_name
  snowflake_storage_iam_user_arn = module.snowflake.storage_aws_iam_user_arn
  snowflake_storage_external_id  = module.snowflake.storage_aws_external_id
}
