# Buckets of the platform: the raw lake, an optional (dev) source bucket, and
# the bucket their S3 server access logs go to. Every bucket is SSE-KMS with a
# customer-managed key, versioned, private (public access blocked, ACLs
# disabled), TLS-only, and has lifecycle rules so nothing grows without bound.

data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  # Data buckets share one set of resources (for_each), so the hardening cannot
  # drift between them. The log bucket is separate: it is the logging target.
  all_data_buckets = {
    lake = {
      name = var.lake_bucket_name
      # Old raw partitions: cheaper tiers first, optional expiry; quarantine is short-lived.
      infrequent_access_after_days = var.raw_infrequent_access_after_days
      archive_after_days           = var.raw_archive_after_days
      expiration_days              = var.raw_expiration_days
      quarantine_expiration_days   = var.quarantine_expiration_days
    }
    source = {
      name                         = var.source_bucket_name
      infrequent_access_after_days = null
      archive_after_days           = null
      expiration_days              = var.source_expiration_days
      quarantine_expiration_days   = null
    }
  }
  # The source bucket exists only where a name is given (dev).
  data_buckets = { for key, b in local.all_data_buckets : key => b if b.name != null }

  # Allowed TLS floor for every request.
  min_tls_version = "1.2"
}

module "kms" {
  source = "../kms"

  alias_name  = var.kms_alias_name
  description = "CoreTelecoms S3 buckets (${var.lake_bucket_name} and its log bucket)"
  # S3 server access logging writes into the SSE-KMS log bucket as this service.
  service_principals = {
    "logging.s3.amazonaws.com" = ["kms:GenerateDataKey"]
  }
  tags = var.tags
}

# --------------------------------------------------------------------------
# Data buckets (lake, and source in dev)
# --------------------------------------------------------------------------

resource "aws_s3_bucket" "data" {
  for_each = local.data_buckets
  #checkov:skip=CKV_AWS_144:No cross-region replication: raw partitions can be re-extracted for any date by a backfill, the dev source bucket holds synthetic data, and versioning covers overwrites; add CRR only if a DR requirement appears (it doubles storage cost).
  #checkov:skip=CKV2_AWS_62:No event notifications: the pipeline is scheduled by Argo (CronWorkflow and backfills), nothing consumes bucket events.

  bucket        = each.value.name
  force_destroy = var.force_destroy
  tags          = merge(var.tags, { Name = each.value.name, Role = each.key })
}

resource "aws_s3_bucket_ownership_controls" "data" {
  for_each = aws_s3_bucket.data

  bucket = each.value.id

  # ACLs disabled: access is decided by IAM and bucket policies only.
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "data" {
  for_each = aws_s3_bucket.data

  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "data" {
  for_each = aws_s3_bucket.data

  bucket = each.value.id

  # A re-run overwrites a partition; versioning keeps the previous one for the undo window.
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "data" {
  for_each = aws_s3_bucket.data

  bucket = each.value.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = module.kms.key_arn
    }
    # Bucket keys cut KMS request costs for many small Parquet/manifest objects.
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "data" {
  for_each = aws_s3_bucket.data

  bucket = each.value.id

  rule {
    id     = "objects"
    status = "Enabled"

    filter {}

    dynamic "transition" {
      for_each = local.data_buckets[each.key].infrequent_access_after_days == null ? [] : [local.data_buckets[each.key].infrequent_access_after_days]
      content {
        days          = transition.value
        storage_class = "STANDARD_IA"
      }
    }

    dynamic "transition" {
      for_each = local.data_buckets[each.key].archive_after_days == null ? [] : [local.data_buckets[each.key].archive_after_days]
      content {
        days          = transition.value
        storage_class = "GLACIER_IR"
      }
    }

    dynamic "expiration" {
      for_each = local.data_buckets[each.key].expiration_days == null ? [] : [local.data_buckets[each.key].expiration_days]
      content {
        days = expiration.value
      }
    }

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_expiration_days
    }

    # Failed multipart uploads (a killed extract pod) otherwise cost storage for ever.
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  dynamic "rule" {
    for_each = local.data_buckets[each.key].quarantine_expiration_days == null ? [] : [local.data_buckets[each.key].quarantine_expiration_days]
    content {
      id     = "quarantine"
      status = "Enabled"

      filter {
        prefix = "_quarantine/"
      }

      expiration {
        days = rule.value
      }

      abort_incomplete_multipart_upload {
        days_after_initiation = 7
      }
    }
  }

  # Lifecycle rules on versioned buckets must follow the versioning change.
  depends_on = [aws_s3_bucket_versioning.data]
}

resource "aws_s3_bucket_logging" "data" {
  for_each = aws_s3_bucket.data

  bucket        = each.value.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "${each.key}/"

  # Date-partitioned keys make the logs queryable (Athena) by day.
  target_object_key_format {
    partitioned_prefix {
      partition_date_source = "EventTime"
    }
  }
}

data "aws_iam_policy_document" "data_bucket" {
  for_each = aws_s3_bucket.data

  # Deny statements use s3:* on purpose: they take access away, never grant it.
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [each.value.arn, "${each.value.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }

  statement {
    sid       = "DenyOutdatedTls"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [each.value.arn, "${each.value.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "NumericLessThan"
      variable = "s3:TlsVersion"
      values   = [local.min_tls_version]
    }
  }
}

resource "aws_s3_bucket_policy" "data" {
  for_each = aws_s3_bucket.data

  bucket = each.value.id
  policy = data.aws_iam_policy_document.data_bucket[each.key].json

  # S3 rejects a policy while the public access block is still being applied.
  depends_on = [aws_s3_bucket_public_access_block.data]
}

# --------------------------------------------------------------------------
# Access-log bucket
# --------------------------------------------------------------------------

resource "aws_s3_bucket" "logs" {
  #checkov:skip=CKV_AWS_144:Cross-region replication not wanted for access logs: they are kept for audit in-region and expire.
  #checkov:skip=CKV2_AWS_62:No event notifications: nothing consumes log-delivery events.

  bucket        = var.log_bucket_name
  force_destroy = var.force_destroy
  tags          = merge(var.tags, { Name = var.log_bucket_name, Role = "access-logs" })
}

resource "aws_s3_bucket_ownership_controls" "logs" {
  bucket = aws_s3_bucket.logs.id

  # Log delivery is granted by bucket policy (below), so ACLs can stay disabled.
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  # SSE-KMS with the module's key; its key policy lets logging.s3.amazonaws.com
  # generate data keys for this account's log delivery.
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = module.kms.key_arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id

  rule {
    id     = "access-logs"
    status = "Enabled"

    filter {}

    expiration {
      days = var.access_log_retention_days
    }

    noncurrent_version_expiration {
      noncurrent_days = 7
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  depends_on = [aws_s3_bucket_versioning.logs]
}

data "aws_iam_policy_document" "logs_bucket" {
  statement {
    sid       = "AllowS3ServerAccessLogDelivery"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.logs.arn}/*"]

    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }

    # Only logs of this module's buckets, from this account.
    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = [for b in aws_s3_bucket.data : b.arn]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }

  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.logs.arn, "${aws_s3_bucket.logs.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = aws_s3_bucket.logs.id
  policy = data.aws_iam_policy_document.logs_bucket.json

  depends_on = [aws_s3_bucket_public_access_block.logs]
}
