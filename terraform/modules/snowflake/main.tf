# Snowflake side of the platform: the CORETELECOMS_DW database and its three
# layers, one small auto-suspending warehouse under a credit quota, the two
# functional roles with exactly the grants the jobs and analysts need, and the
# external stage CORETELECOMS_DW.RAW.LAKE_STAGE on the raw lake.

locals {
  schemas = {
    RAW       = "Raw lake partitions as loaded (load-warehouse)."
    STAGING   = "Typed, deduplicated tables merged by load-warehouse."
    ANALYTICS = "dbt marts, snapshots and insights; what analysts query."
  }

  # What load (RAW, STAGING) and dbt (ANALYTICS) create.
  etl_schema_privileges = {
    RAW       = ["USAGE", "CREATE TABLE", "CREATE STAGE", "CREATE FILE FORMAT"]
    STAGING   = ["USAGE", "CREATE TABLE", "CREATE STAGE", "CREATE FILE FORMAT"]
    ANALYTICS = ["USAGE", "CREATE TABLE", "CREATE VIEW"]
  }

  # Table/view privileges on existing ("all") and future objects, so objects
  # created by another role (e.g. an admin's hotfix) stay usable by the jobs.
  object_grant_specs = [
    # load merges into RAW/STAGING tables; dbt reads them.
    { role = "etl", schema = "RAW", plural = "TABLES", privileges = ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"] },
    { role = "etl", schema = "STAGING", plural = "TABLES", privileges = ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"] },
    { role = "etl", schema = "RAW", plural = "VIEWS", privileges = ["SELECT"] },
    { role = "etl", schema = "STAGING", plural = "VIEWS", privileges = ["SELECT"] },
    # Analysts only read the marts.
    { role = "analyst", schema = "ANALYTICS", plural = "TABLES", privileges = ["SELECT"] },
    { role = "analyst", schema = "ANALYTICS", plural = "VIEWS", privileges = ["SELECT"] },
  ]

  object_grants = merge([
    for spec in local.object_grant_specs : {
      for scope in ["all", "future"] :
      "${spec.role}-${lower(spec.schema)}-${lower(spec.plural)}-${scope}" => merge(spec, { future = scope == "future" })
    }
  ]...)

  role_names = {
    etl     = snowflake_account_role.etl.name
    analyst = snowflake_account_role.analyst.name
  }

  user_grants = merge(
    { for u in var.etl_users : "etl-${u}" => { role = "etl", user = u } },
    { for u in var.analyst_users : "analyst-${u}" => { role = "analyst", user = u } },
  )
}

# --------------------------------------------------------------------------
# Database and schemas
# --------------------------------------------------------------------------

resource "snowflake_database" "this" {
  name                           = var.database_name
  comment                        = "CoreTelecoms complaints warehouse (managed by Terraform)."
  data_retention_time_in_days    = var.data_retention_time_in_days
  drop_public_schema_on_creation = true
}

resource "snowflake_schema" "this" {
  for_each = local.schemas

  database = snowflake_database.this.name
  name     = each.key
  comment  = each.value
}

# --------------------------------------------------------------------------
# Compute and cost guard-rails
# --------------------------------------------------------------------------

# Quota resets at the start of each calendar month (no frequency/start set).
resource "snowflake_resource_monitor" "this" {
  name                      = "${var.warehouse_name}_MONITOR"
  credit_quota              = var.monthly_credit_quota
  notify_triggers           = var.notify_triggers
  suspend_trigger           = 100 # finish running queries, then stop
  suspend_immediate_trigger = 110 # hard stop if in-flight work overshoots
  notify_users              = length(var.notify_users) > 0 ? var.notify_users : null
}

resource "snowflake_warehouse" "this" {
  name           = var.warehouse_name
  comment        = "CoreTelecoms jobs and analysts."
  warehouse_size = var.warehouse_size
  # Jobs run in short bursts: stop paying one minute after the last query,
  # wake up on the next one. Fixed on purpose (tests assert it).
  auto_suspend                 = 60
  auto_resume                  = "true"
  initially_suspended          = true
  statement_timeout_in_seconds = var.statement_timeout_in_seconds
  resource_monitor             = snowflake_resource_monitor.this.fully_qualified_name
}

# --------------------------------------------------------------------------
# Roles and grants
# --------------------------------------------------------------------------

resource "snowflake_account_role" "etl" {
  name    = var.etl_role_name
  comment = "load-warehouse and transform-dbt: writes RAW/STAGING, builds ANALYTICS."
}

resource "snowflake_account_role" "analyst" {
  name    = var.analyst_role_name
  comment = "Analysts: read-only on ANALYTICS."
}

resource "snowflake_grant_account_role" "to_parent" {
  for_each = local.role_names

  role_name        = each.value
  parent_role_name = var.parent_role_name
}

resource "snowflake_grant_account_role" "to_users" {
  for_each = local.user_grants

  role_name = local.role_names[each.value.role]
  user_name = each.value.user
}

resource "snowflake_grant_privileges_to_account_role" "database_usage" {
  for_each = local.role_names

  account_role_name = each.value
  privileges        = ["USAGE"]

  on_account_object {
    object_type = "DATABASE"
    object_name = snowflake_database.this.name
  }
}

resource "snowflake_grant_privileges_to_account_role" "warehouse_usage" {
  for_each = local.role_names

  account_role_name = each.value
  privileges        = ["USAGE"]

  on_account_object {
    object_type = "WAREHOUSE"
    object_name = snowflake_warehouse.this.name
  }
}

resource "snowflake_grant_privileges_to_account_role" "etl_schemas" {
  for_each = local.etl_schema_privileges

  account_role_name = snowflake_account_role.etl.name
  privileges        = each.value

  on_schema {
    schema_name = snowflake_schema.this[each.key].fully_qualified_name
  }
}

resource "snowflake_grant_privileges_to_account_role" "analyst_schema" {
  account_role_name = snowflake_account_role.analyst.name
  privileges        = ["USAGE"]

  on_schema {
    schema_name = snowflake_schema.this["ANALYTICS"].fully_qualified_name
  }
}

resource "snowflake_grant_privileges_to_account_role" "objects" {
  for_each = local.object_grants

  account_role_name = local.role_names[each.value.role]
  privileges        = each.value.privileges

  on_schema_object {
    dynamic "all" {
      for_each = each.value.future ? [] : [1]
      content {
        object_type_plural = each.value.plural
        in_schema          = snowflake_schema.this[each.value.schema].fully_qualified_name
      }
    }

    dynamic "future" {
      for_each = each.value.future ? [1] : []
      content {
        object_type_plural = each.value.plural
        in_schema          = snowflake_schema.this[each.value.schema].fully_qualified_name
      }
    }
  }
}

# --------------------------------------------------------------------------
# Lake access: storage integration, Parquet format, external stage
# --------------------------------------------------------------------------

resource "snowflake_storage_integration_aws" "lake" {
  name                      = var.storage_integration_name
  comment                   = "Read access to the CoreTelecoms raw lake."
  enabled                   = true
  storage_provider          = "S3"
  storage_aws_role_arn      = var.storage_aws_role_arn
  storage_allowed_locations = ["s3://${var.lake_bucket_name}/"]
  # Quarantined rows are for people to inspect, never for loading.
  storage_blocked_locations = ["s3://${var.lake_bucket_name}/_quarantine/"]
}

resource "snowflake_file_format_parquet" "lake" {
  database = snowflake_database.this.name
  schema   = snowflake_schema.this["RAW"].name
  name     = "PARQUET_FORMAT"
  comment  = "Raw lake partitions (<table>/YYYY/MM/DD/data.parquet)."
  # The extract jobs write zstd-compressed Parquet; AUTO detects it.
  compression      = "AUTO"
  use_logical_type = "true"
}

resource "snowflake_stage_external_s3" "lake" {
  database            = snowflake_database.this.name
  schema              = snowflake_schema.this["RAW"].name
  name                = "LAKE_STAGE"
  comment             = "The raw lake; load-warehouse copies partitions from here."
  url                 = "s3://${var.lake_bucket_name}/"
  storage_integration = snowflake_storage_integration_aws.lake.name

  file_format {
    format_name = snowflake_file_format_parquet.lake.fully_qualified_name
  }

  encryption {
    aws_sse_kms {
      kms_key_id = var.lake_kms_key_arn
    }
  }
}

resource "snowflake_grant_privileges_to_account_role" "etl_integration" {
  account_role_name = snowflake_account_role.etl.name
  privileges        = ["USAGE"]

  on_account_object {
    object_type = "INTEGRATION"
    object_name = snowflake_storage_integration_aws.lake.name
  }
}

resource "snowflake_grant_privileges_to_account_role" "etl_stage" {
  account_role_name = snowflake_account_role.etl.name
  privileges        = ["USAGE"]

  on_schema_object {
    object_type = "STAGE"
    object_name = snowflake_stage_external_s3.lake.fully_qualified_name
  }
}

resource "snowflake_grant_privileges_to_account_role" "etl_file_format" {
  account_role_name = snowflake_account_role.etl.name
  privileges        = ["USAGE"]

  on_schema_object {
    object_type = "FILE FORMAT"
    object_name = snowflake_file_format_parquet.lake.fully_qualified_name
  }
}
