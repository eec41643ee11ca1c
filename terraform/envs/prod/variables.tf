variable "aws_region" {
  type        = string
  description = "AWS region of the lake, secrets and roles (the jobs' `CORETELECOMS_S3__REGION`)."
  default     = "eu-west-2"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.aws_region))
    error_message = "aws_region must look like eu-west-2."
  }
}

variable "name_prefix" {
  type        = string
  description = "Prefix of resource names; the environment name is appended (`coretelecoms-dev-...`)."
  default     = "coretelecoms"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,18}$", var.name_prefix))
    error_message = "name_prefix must be 2-19 lowercase letters, digits or hyphens."
  }
}

variable "eks_oidc_provider_arn" {
  type        = string
  description = "ARN of the EKS cluster's IAM OIDC provider that the Argo job pods' service-account tokens come from (IRSA)."

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/.+$", var.eks_oidc_provider_arn))
    error_message = "eks_oidc_provider_arn must be an IAM OIDC provider ARN."
  }
}

variable "k8s_namespace" {
  type        = string
  description = "Namespace the Helm chart (and its service accounts) is installed in."
  default     = "coretelecoms"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.k8s_namespace))
    error_message = "k8s_namespace must be a DNS-1123 label."
  }
}

variable "external_secrets_service_account" {
  type = object({
    namespace = string
    name      = string
  })
  description = "Service account of the External Secrets operator that syncs the coretelecoms/* secrets for the Helm chart (externalSecrets.enabled). Null when the chart's ExternalSecrets are not used."
  default     = null
}

variable "snowflake_admin_role" {
  type        = string
  description = "Role Terraform uses in Snowflake. Creating the storage integration and resource monitor needs ACCOUNTADMIN (or a custom role holding CREATE INTEGRATION and resource-monitor rights)."
  default     = "ACCOUNTADMIN"

  validation {
    condition     = can(regex("^[A-Z][A-Z0-9_]*$", var.snowflake_admin_role))
    error_message = "snowflake_admin_role must be an unquoted upper-case Snowflake identifier."
  }
}

variable "snowflake_monthly_credit_quota" {
  type        = number
  description = "Monthly credit quota of the warehouse's resource monitor."
  default     = 50

  validation {
    condition     = var.snowflake_monthly_credit_quota > 0 && var.snowflake_monthly_credit_quota <= 1000
    error_message = "snowflake_monthly_credit_quota must be between 1 and 1000."
  }
}

variable "snowflake_notify_users" {
  type        = list(string)
  description = "Snowflake users e-mailed when the credit quota thresholds are crossed."
  default     = []
}

variable "snowflake_etl_users" {
  type        = list(string)
  description = "Existing Snowflake service users granted ETL_ROLE (their key pairs go in the coretelecoms/snowflake secret)."
  default     = []
}

variable "snowflake_analyst_users" {
  type        = list(string)
  description = "Existing Snowflake users granted ANALYST_ROLE."
  default     = []
}

variable "source_bucket_arn" {
  type        = string
  description = "ARN of the vendor's source bucket, if its bucket policy trusts our extract-files role (IRSA). Null when the vendor issues access keys instead (stored in the coretelecoms/source-bucket secret)."
  default     = null

  validation {
    condition     = var.source_bucket_arn == null || can(regex("^arn:aws[a-z-]*:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.source_bucket_arn))
    error_message = "source_bucket_arn must be null or an S3 bucket ARN."
  }
}

variable "source_kms_key_arn" {
  type        = string
  description = "ARN of the vendor's KMS key on the source bucket (its key policy must allow our role), or null when the bucket uses SSE-S3."
  default     = null

  validation {
    condition     = var.source_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.source_kms_key_arn))
    error_message = "source_kms_key_arn must be null or a KMS key ARN."
  }
}
