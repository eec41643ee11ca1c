-- One row per social-media complaint (its current state); quarantined ones are in quarantine_complaints.
with complaints as (
    select * from {{ ref('int_social_media_checked') }}
    where quarantine_reason is null
)

select
    complaint_key,
    source_complaint_id as complaint_id,
    channel,
    customer_id,
    agent_id,
    complaint_category,
    resolution_status,
    media_channel,
    request_at,
    resolved_at,
    cast(request_at as date) as request_date,
    {{ dbt.datediff('request_at', 'resolved_at', 'second') }} as resolution_seconds,
    generated_at,
    _source_file,
    _source_row,
    _logical_date,
    _load_id,
    _loaded_at
from complaints
