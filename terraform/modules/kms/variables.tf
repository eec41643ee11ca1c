variable "alias_name" {
  type        = string
  description = "Alias of the key without the `alias/` prefix, e.g. `coretelecoms-dev-lake`."

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,250}$", var.alias_name)) && !startswith(var.alias_name, "aws/")
    error_message = "alias_name may hold letters, digits, '/', '_' and '-' only, and must not start with the reserved 'aws/'."
  }
}

variable "description" {
  type        = string
  description = "What the key protects (shown in the KMS console)."

  validation {
    condition     = length(var.description) > 0 && length(var.description) <= 8192
    error_message = "description must be 1-8192 characters."
  }
}

variable "deletion_window_in_days" {
  type        = number
  description = "Waiting period before a scheduled key deletion completes; the longest window gives the most time to notice a mistake."
  default     = 30

  validation {
    condition     = var.deletion_window_in_days >= 7 && var.deletion_window_in_days <= 30
    error_message = "deletion_window_in_days must be between 7 and 30 (AWS limits)."
  }
}

variable "service_principals" {
  type        = map(list(string))
  description = "AWS service principals (e.g. `logging.s3.amazonaws.com`) allowed to use the key, with the exact KMS actions each needs. Access is limited to requests made on behalf of this account."
  default     = {}

  validation {
    condition     = alltrue([for service in keys(var.service_principals) : endswith(service, ".amazonaws.com")])
    error_message = "service_principals keys must be AWS service principals ending in .amazonaws.com."
  }

  validation {
    condition     = alltrue(flatten([for actions in values(var.service_principals) : [for a in actions : can(regex("^kms:[A-Za-z]+$", a))]]))
    error_message = "service_principals actions must be explicit KMS actions (kms:Name), never wildcards."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to the key (on top of the provider's default_tags)."
  default     = {}
}
