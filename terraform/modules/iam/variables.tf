variable "name_prefix" {
  type        = string
  description = "Prefix of every role name, e.g. `coretelecoms-dev`; a stage role is `<name_prefix>-<service account>`."

  validation {
    condition     = can(regex("^[a-zA-Z0-9+=,.@_-]{1,24}$", var.name_prefix))
    error_message = "name_prefix must be 1-24 IAM name characters (role names are capped at 64)."
  }
}

variable "oidc_provider_arn" {
  type        = string
  description = "ARN of the EKS cluster's IAM OIDC provider (IRSA), e.g. `arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-2.amazonaws.com/id/EXAMPLE`."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/.+$", var.oidc_provider_arn))
    error_message = "oidc_provider_arn must be an IAM OIDC provider ARN."
  }
}

variable "namespace" {
  type        = string
  description = "Kubernetes namespace the Helm chart installs the service accounts into."
  default     = "coretelecoms"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "namespace must be a DNS-1123 label."
  }
}

variable "lake_bucket_arn" {
  type        = string
  description = "ARN of the raw lake bucket."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.lake_bucket_arn))
    error_message = "lake_bucket_arn must be an S3 bucket ARN."
  }
}

variable "lake_kms_key_arn" {
  type        = string
  description = "ARN of the KMS key encrypting the lake bucket."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.lake_kms_key_arn))
    error_message = "lake_kms_key_arn must be a KMS key ARN (not an alias)."
  }
}

variable "source_bucket_arn" {
  type        = string
  description = "ARN of the bucket the files extract reads (our dev bucket, or the vendor's bucket in prod if its bucket policy trusts our role). Null: no S3 source access through IRSA (the vendor keys in the source-bucket secret are used instead)."
  default     = null

  validation {
    condition     = var.source_bucket_arn == null || can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.source_bucket_arn))
    error_message = "source_bucket_arn must be null or an S3 bucket ARN."
  }
}

variable "source_kms_key_arn" {
  type        = string
  description = "ARN of the KMS key encrypting the source bucket, or null when it uses SSE-S3 or is not read through IRSA."
  default     = null

  validation {
    condition     = var.source_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.source_kms_key_arn))
    error_message = "source_kms_key_arn must be null or a KMS key ARN."
  }
}

variable "secret_arns" {
  type = object({
    postgres               = string
    snowflake              = string
    google_service_account = string
    slack_webhook          = string
    source_bucket          = string
  })
  description = "ARNs of the Secrets Manager secrets (modules/secrets output `secret_arns`)."
}

variable "secrets_kms_key_arn" {
  type        = string
  description = "ARN of the KMS key encrypting the secrets."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.secrets_kms_key_arn))
    error_message = "secrets_kms_key_arn must be a KMS key ARN (not an alias)."
  }
}

variable "snowflake_storage_role_name" {
  type        = string
  description = "Name of the role Snowflake's storage integration assumes to read the lake. Must match the role ARN given to the integration (modules/snowflake `storage_aws_role_arn`)."

  validation {
    condition     = can(regex("^[a-zA-Z0-9+=,.@_-]{1,64}$", var.snowflake_storage_role_name))
    error_message = "snowflake_storage_role_name must be a valid IAM role name."
  }
}

variable "snowflake_storage_iam_user_arn" {
  type        = string
  description = "The AWS IAM user Snowflake uses for the storage integration (`DESC INTEGRATION` STORAGE_AWS_IAM_USER_ARN; modules/snowflake output)."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:user/.+$", var.snowflake_storage_iam_user_arn))
    error_message = "snowflake_storage_iam_user_arn must be an IAM user ARN."
  }
}

variable "snowflake_storage_external_id" {
  type        = string
  description = "External id Snowflake presents when assuming the storage role (`DESC INTEGRATION` STORAGE_AWS_EXTERNAL_ID; modules/snowflake output)."

  validation {
    condition     = length(var.snowflake_storage_external_id) >= 2
    error_message = "snowflake_storage_external_id must not be empty."
  }
}

variable "external_secrets_service_account" {
  type = object({
    namespace = string
    name      = string
  })
  description = "Service account of the External Secrets operator (or the SecretStore's auth service account) that copies the coretelecoms/* secrets into Kubernetes for the Helm chart's ExternalSecrets. Null: no such role (the stages read their own secret)."
  default     = null

  validation {
    condition = var.external_secrets_service_account == null || alltrue([
      can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", try(var.external_secrets_service_account.namespace, ""))),
      can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", try(var.external_secrets_service_account.name, ""))),
    ])
    error_message = "external_secrets_service_account needs a DNS-1123 namespace and name."
  }
}

variable "permissions_boundary_arn" {
  type        = string
  description = "Optional permissions boundary attached to every role (organisations that require one)."
  default     = null

  validation {
    condition     = var.permissions_boundary_arn == null || can(regex("^arn:aws[a-z-]*:iam::([0-9]{12}|aws):policy/.+$", var.permissions_boundary_arn))
    error_message = "permissions_boundary_arn must be null or an IAM policy ARN."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every role (on top of the provider's default_tags)."
  default     = {}
}
