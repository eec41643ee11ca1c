variable "database_name" {
  type        = string
  description = "Warehouse database; the jobs and dbt expect CORETELECOMS_DW."
  default     = "CORETELECOMS_DW"

  validation {
    condition     = can(regex("^[A-Z][A-Z0-9_]{0,254}$", var.database_name))
    error_message = "database_name must be an unquoted upper-case Snowflake identifier."
  }
}

variable "warehouse_name" {
  type        = string
  description = "Virtual warehouse the jobs and analysts use (jobs setting `CORETELECOMS_WAREHOUSE__SNOWFLAKE__WAREHOUSE`)."
  default     = "CORETELECOMS_WH"

  validation {
    condition     = can(regex("^[A-Z][A-Z0-9_]{0,254}$", var.warehouse_name))
    error_message = "warehouse_name must be an unquoted upper-case Snowflake identifier."
  }
}

variable "warehouse_size" {
  type        = string
  description = "Warehouse size. XSMALL handles the daily volumes; raise it only for large backfills."
  default     = "XSMALL"

  validation {
    condition     = contains(["XSMALL", "SMALL", "MEDIUM"], var.warehouse_size)
    error_message = "warehouse_size must be XSMALL, SMALL or MEDIUM (bigger sizes need a cost review first)."
  }
}

variable "statement_timeout_in_seconds" {
  type        = number
  description = "Longest a statement may run before Snowflake cancels it (a runaway query cannot burn credits all night)."
  default     = 3600

  validation {
    condition     = var.statement_timeout_in_seconds >= 60 && var.statement_timeout_in_seconds <= 172800
    error_message = "statement_timeout_in_seconds must be between 60 and 172800."
  }
}

variable "data_retention_time_in_days" {
  type        = number
  description = "Time Travel retention of the database (UNDROP / AT queries)."
  default     = 1

  validation {
    condition     = var.data_retention_time_in_days >= 0 && var.data_retention_time_in_days <= 90
    error_message = "data_retention_time_in_days must be between 0 and 90."
  }
}

variable "monthly_credit_quota" {
  type        = number
  description = "Credits per calendar month the resource monitor allows the warehouse before suspending it."
  default     = 20

  validation {
    condition     = var.monthly_credit_quota > 0
    error_message = "monthly_credit_quota must be positive (0 means no quota in Snowflake)."
  }
}

variable "notify_triggers" {
  type        = list(number)
  description = "Percentages of the quota at which the monitor notifies `notify_users`."
  default     = [50, 75, 90]

  validation {
    condition     = length(var.notify_triggers) > 0 && alltrue([for t in var.notify_triggers : t > 0 && t < 100])
    error_message = "notify_triggers must be a non-empty list of percentages between 1 and 99."
  }
}

variable "notify_users" {
  type        = list(string)
  description = "Snowflake users (with verified e-mail) notified by the resource monitor."
  default     = []
}

variable "etl_role_name" {
  type        = string
  description = "Role of the load and dbt jobs (jobs setting `CORETELECOMS_WAREHOUSE__SNOWFLAKE__ROLE`)."
  default     = "ETL_ROLE"

  validation {
    condition     = can(regex("^[A-Z][A-Z0-9_]{0,254}$", var.etl_role_name))
    error_message = "etl_role_name must be an unquoted upper-case Snowflake identifier."
  }
}

variable "analyst_role_name" {
  type        = string
  description = "Read-only role of analysts on ANALYTICS."
  default     = "ANALYST_ROLE"

  validation {
    condition     = can(regex("^[A-Z][A-Z0-9_]{0,254}$", var.analyst_role_name))
    error_message = "analyst_role_name must be an unquoted upper-case Snowflake identifier."
  }
}

variable "parent_role_name" {
  type        = string
  description = "Role the two custom roles are granted to, so administrators inherit them (Snowflake's recommended hierarchy)."
  default     = "SYSADMIN"
}

variable "etl_users" {
  type        = list(string)
  description = "Existing Snowflake (service) users granted ETL_ROLE. Their key pairs live in the `coretelecoms/snowflake` secret, never here."
  default     = []
}

variable "analyst_users" {
  type        = list(string)
  description = "Existing Snowflake users granted ANALYST_ROLE."
  default     = []
}

variable "storage_integration_name" {
  type        = string
  description = "Name of the S3 storage integration of the lake stage."
  default     = "CORETELECOMS_LAKE_INTEGRATION"

  validation {
    condition     = can(regex("^[A-Z][A-Z0-9_]{0,254}$", var.storage_integration_name))
    error_message = "storage_integration_name must be an unquoted upper-case Snowflake identifier."
  }
}

variable "storage_aws_role_arn" {
  type        = string
  description = "ARN of the AWS role the integration assumes (modules/iam creates it with this name; the ARN is built before the role exists to break the trust cycle)."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$", var.storage_aws_role_arn))
    error_message = "storage_aws_role_arn must be an IAM role ARN."
  }
}

variable "lake_bucket_name" {
  type        = string
  description = "Raw lake bucket the external stage points at."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.lake_bucket_name))
    error_message = "lake_bucket_name must be a valid S3 bucket name."
  }
}

variable "lake_kms_key_arn" {
  type        = string
  description = "KMS key of the lake bucket; the stage writes (unloads) with SSE-KMS under it."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.lake_kms_key_arn))
    error_message = "lake_kms_key_arn must be a KMS key ARN."
  }
}
