output "role_arns" {
  description = "IRSA role ARN by service account name (for the Helm chart's `eks.amazonaws.com/role-arn` annotations)."
  value       = { for sa, role in aws_iam_role.stage : sa => role.arn }
}

output "service_account_annotations" {
  description = "Ready-to-use annotations per service account: `{ <sa> = { \"eks.amazonaws.com/role-arn\" = <arn> } }`."
  value       = { for sa, role in aws_iam_role.stage : sa => { "eks.amazonaws.com/role-arn" = role.arn } }
}

output "snowflake_storage_role_arn" {
  description = "ARN of the role Snowflake's storage integration assumes."
  value       = aws_iam_role.snowflake_storage.arn
}

output "external_secrets_role_arn" {
  description = "IRSA role ARN for the External Secrets service account, or null when not requested."
  value       = try(aws_iam_role.external_secrets[0].arn, null)
}
