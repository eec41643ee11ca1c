output "key_arn" {
  description = "ARN of the key (use the ARN, not the alias, in IAM policies and bucket encryption)."
  value       = aws_kms_key.this.arn
}

output "key_id" {
  description = "Key id of the key."
  value       = aws_kms_key.this.key_id
}

output "alias_name" {
  description = "Full alias name, `alias/<alias_name>`."
  value       = aws_kms_alias.this.name
}
