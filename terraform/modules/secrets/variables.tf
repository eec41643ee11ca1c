variable "name_prefix" {
  type        = string
  description = "First path segment of every secret name: secrets are `<name_prefix>/postgres`, `<name_prefix>/snowflake`, ... The Helm chart's secret references use `coretelecoms`."
  default     = "coretelecoms"

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,62}$", var.name_prefix))
    error_message = "name_prefix must be lowercase letters, digits and hyphens."
  }
}

variable "kms_alias_name" {
  type        = string
  description = "Alias (without `alias/`) of the customer-managed key that encrypts the secrets."

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,250}$", var.kms_alias_name))
    error_message = "kms_alias_name may hold letters, digits, '/', '_' and '-' only."
  }
}

variable "recovery_window_in_days" {
  type        = number
  description = "Days a deleted secret can still be restored before Secrets Manager erases it."
  default     = 30

  validation {
    condition     = var.recovery_window_in_days >= 7 && var.recovery_window_in_days <= 30
    error_message = "recovery_window_in_days must be between 7 and 30 (0, immediate deletion, is not allowed here)."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource (on top of the provider's default_tags)."
  default     = {}
}
