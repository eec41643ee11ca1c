output "lake_bucket_name" {
  description = "Name of the raw lake bucket (the jobs' `CORETELECOMS_LAKE__URI` is `s3://<name>`)."
  value       = aws_s3_bucket.data["lake"].bucket
}

# ARNs are built from the configured bucket names (S3 ARNs have no account or
# region part) so they are known at plan time: the IAM policies that use them
# then show up in full in the plan instead of "(known after apply)".
output "lake_bucket_arn" {
  description = "ARN of the raw lake bucket."
  value       = "arn:${data.aws_partition.current.partition}:s3:::${aws_s3_bucket.data["lake"].bucket}"
}

output "source_bucket_name" {
  description = "Name of the source bucket created here (dev), or null."
  value       = var.source_bucket_name == null ? null : aws_s3_bucket.data["source"].bucket
}

output "source_bucket_arn" {
  description = "ARN of the source bucket created here (dev), or null."
  value       = var.source_bucket_name == null ? null : "arn:${data.aws_partition.current.partition}:s3:::${aws_s3_bucket.data["source"].bucket}"
}

output "log_bucket_name" {
  description = "Name of the access-log bucket."
  value       = aws_s3_bucket.logs.bucket
}

output "log_bucket_arn" {
  description = "ARN of the access-log bucket."
  value       = "arn:${data.aws_partition.current.partition}:s3:::${aws_s3_bucket.logs.bucket}"
}

output "kms_key_arn" {
  description = "ARN of the customer-managed key encrypting the buckets (readers need kms:Decrypt on it, writers kms:GenerateDataKey too)."
  value       = module.kms.key_arn
}
