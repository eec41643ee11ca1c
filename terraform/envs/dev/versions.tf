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

  # Remote state (recommended once more than one person applies). Dev starts
  # with local state; to share it, uncomment and run
  #   terraform init -backend-config=backend.hcl -migrate-state
  # with a backend.hcl made from ../prod/backend.hcl.example.
  #
  # backend "s3" {
  #   encrypt      = true
  #   use_lockfile = true
  # }
}
