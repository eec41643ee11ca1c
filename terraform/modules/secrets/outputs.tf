output "secret_arns" {
  description = "ARN of each secret by key: postgres, snowflake, google_service_account, slack_webhook, source_bucket."
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.arn }
}

output "secret_names" {
  description = "Name of each secret by key (what operators pass to `aws secretsmanager put-secret-value --secret-id`)."
  value       = { for k, s in aws_secretsmanager_secret.this : k => s.name }
}

output "kms_key_arn" {
  description = "ARN of the customer-managed key encrypting the secrets (readers need kms:Decrypt via Secrets Manager)."
  value       = module.kms.key_arn
}
