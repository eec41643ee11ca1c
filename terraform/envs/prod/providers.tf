provider "aws" {
  region = var.aws_region

  # Credentials come from the usual AWS chain (SSO profile, env, CI role): never from code.
  default_tags {
    tags = local.tags
  }
}

provider "snowflake" {
  # Connection and credentials come from SNOWFLAKE_ORGANIZATION_NAME,
  # SNOWFLAKE_ACCOUNT_NAME, SNOWFLAKE_USER, SNOWFLAKE_AUTHENTICATOR=SNOWFLAKE_JWT
  # and SNOWFLAKE_PRIVATE_KEY (or ~/.snowflake/config): never from code.
  role = var.snowflake_admin_role

  # The typed Parquet file-format resource is still a provider preview feature.
  preview_features_enabled = ["snowflake_file_format_parquet_resource"]
}
