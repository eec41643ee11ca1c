terraform {
  required_version = "~> 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
    snowflake = {
      source  = "snowflakedb/snowflake"
      version = "~> 2.20"
    }
  }

  # Remote state, partial configuration: bucket, key, region (and kms_key_id)
  # come from backend.hcl (copy backend.hcl.example):
  #   terraform init -backend-config=backend.hcl
  # For an offline syntax check use `terraform init -backend=false`.
  backend "s3" {
    encrypt      = true
    use_lockfile = true # S3-native state locking (Terraform >= 1.10), no DynamoDB table
  }
}
