variable "lake_bucket_name" {
  type        = string
  description = "Name of the raw lake bucket (`<table>/YYYY/MM/DD/data.parquet`, manifests, `_quarantine/`). Globally unique."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.lake_bucket_name))
    error_message = "lake_bucket_name must be 3-63 lowercase letters, digits or hyphens (no dots: they break TLS virtual-host addressing)."
  }
}

variable "log_bucket_name" {
  type        = string
  description = "Name of the bucket that receives S3 server access logs of the other buckets. Globally unique."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.log_bucket_name))
    error_message = "log_bucket_name must be 3-63 lowercase letters, digits or hyphens."
  }
}

variable "source_bucket_name" {
  type        = string
  description = "Name of a source bucket to create (dev only: stands in for the vendor's bucket and receives the synthetic generator's files). Null in prod, where the source bucket belongs to another account."
  default     = null

  validation {
    condition     = var.source_bucket_name == null || can(regex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", var.source_bucket_name))
    error_message = "source_bucket_name must be null or 3-63 lowercase letters, digits or hyphens."
  }
}

variable "kms_alias_name" {
  type        = string
  description = "Alias (without `alias/`) of the customer-managed key that encrypts every bucket of this module."

  validation {
    condition     = can(regex("^[a-zA-Z0-9/_-]{1,250}$", var.kms_alias_name))
    error_message = "kms_alias_name may hold letters, digits, '/', '_' and '-' only."
  }
}

variable "raw_infrequent_access_after_days" {
  type        = number
  description = "Age in days after which raw partitions move to STANDARD_IA (backfills older than this are rare)."
  default     = 30

  validation {
    condition     = var.raw_infrequent_access_after_days >= 30
    error_message = "S3 only allows transitions to STANDARD_IA after at least 30 days."
  }
}

variable "raw_archive_after_days" {
  type        = number
  description = "Age in days after which raw partitions move to GLACIER_IR (still millisecond reads, so old dates can be reloaded without a restore)."
  default     = 90

  validation {
    condition     = var.raw_archive_after_days >= 60
    error_message = "raw_archive_after_days must be at least 60 (30 days in STANDARD_IA after the first transition)."
  }
}

variable "raw_expiration_days" {
  type        = number
  description = "Age in days after which raw partitions are deleted; null keeps them for ever (the warehouse RAW layer is rebuilt from them)."
  default     = null

  validation {
    condition     = var.raw_expiration_days == null || try(var.raw_expiration_days >= 180, false)
    error_message = "raw_expiration_days must be null or at least 180 (past the archive transition)."
  }
}

variable "quarantine_expiration_days" {
  type        = number
  description = "Age in days after which quarantined rows (`_quarantine/`) are deleted; long enough for someone to look at them."
  default     = 90

  validation {
    condition     = var.quarantine_expiration_days >= 7
    error_message = "quarantine_expiration_days must be at least 7."
  }
}

variable "source_expiration_days" {
  type        = number
  description = "Age in days after which files in the (dev) source bucket are deleted; the generator can recreate them."
  default     = 30

  validation {
    condition     = var.source_expiration_days >= 1
    error_message = "source_expiration_days must be at least 1."
  }
}

variable "noncurrent_version_expiration_days" {
  type        = number
  description = "Days a replaced or deleted object version is kept (undo window for a bad re-run) before it is removed."
  default     = 30

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "access_log_retention_days" {
  type        = number
  description = "Days S3 server access logs are kept."
  default     = 365

  validation {
    condition     = var.access_log_retention_days >= 30
    error_message = "access_log_retention_days must be at least 30."
  }
}

variable "force_destroy" {
  type        = bool
  description = "Let `terraform destroy` delete non-empty buckets. Only for throw-away environments: never in prod."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource (on top of the provider's default_tags)."
  default     = {}
}
