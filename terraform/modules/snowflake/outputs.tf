output "database_name" {
  description = "Warehouse database name."
  value       = snowflake_database.this.name
}

output "schema_names" {
  description = "Schema names by layer (RAW, STAGING, ANALYTICS)."
  value       = { for k, s in snowflake_schema.this : k => s.name }
}

output "warehouse_name" {
  description = "Virtual warehouse name."
  value       = snowflake_warehouse.this.name
}

output "etl_role_name" {
  description = "Role of load-warehouse and transform-dbt."
  value       = snowflake_account_role.etl.name
}

output "analyst_role_name" {
  description = "Read-only analyst role."
  value       = snowflake_account_role.analyst.name
}

output "external_stage" {
  description = "External stage on the lake as the jobs reference it (`CORETELECOMS_WAREHOUSE__SNOWFLAKE__EXTERNAL_STAGE`): `RAW.LAKE_STAGE`."
  value       = "${snowflake_schema.this["RAW"].name}.${snowflake_stage_external_s3.lake.name}"
}

output "external_stage_fully_qualified_name" {
  description = "Fully qualified name of the external stage (CORETELECOMS_DW.RAW.LAKE_STAGE)."
  value       = snowflake_stage_external_s3.lake.fully_qualified_name
}

output "storage_aws_iam_user_arn" {
  description = "AWS IAM user Snowflake uses for the integration; the storage role must trust it (modules/iam)."
  value       = snowflake_storage_integration_aws.lake.describe_output[0].iam_user_arn
}

output "storage_aws_external_id" {
  description = "External id Snowflake presents when assuming the storage role (modules/iam trust condition)."
  value       = snowflake_storage_integration_aws.lake.describe_output[0].external_id
}
