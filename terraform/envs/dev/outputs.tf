output "lake_uri" {
  description = "Value for the jobs' `CORETELECOMS_LAKE__URI`."
  value       = "s3://${module.s3.lake_bucket_name}"
}

output "source_uri" {
  description = "Value for the files extract's `CORETELECOMS_SOURCE_FILES__URI` (dev source bucket)."
  value       = "s3://${module.s3.source_bucket_name}"
}

output "service_account_annotations" {
  description = "IRSA annotations per service account, to paste into the Helm values."
  value       = module.iam.service_account_annotations
}

output "external_secrets_role_arn" {
  description = "IRSA role ARN to annotate the External Secrets service account with (null if not requested)."
  value       = module.iam.external_secrets_role_arn
}

output "secret_names" {
  description = "Secrets to fill out-of-band (`aws secretsmanager put-secret-value`)."
  value       = module.secrets.secret_names
}

output "snowflake" {
  description = "Names the jobs' Snowflake settings use."
  value = {
    database       = module.snowflake.database_name
    warehouse      = module.snowflake.warehouse_name
    role           = module.snowflake.etl_role_name
    external_stage = module.snowflake.external_stage
  }
}

output "snowflake_storage_role_arn" {
  description = "Role assumed by the Snowflake storage integration (equals the ARN given to the integration)."
  value       = module.iam.snowflake_storage_role_arn
}
