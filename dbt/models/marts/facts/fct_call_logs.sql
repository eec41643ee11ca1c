-- One row per call (its current state); quarantined calls are in quarantine_complaints instead.
with calls as (
    select * from {{ ref('int_call_logs_checked') }}
    where quarantine_reason is null
)

select
    complaint_key,
    source_complaint_id as call_id,
    channel,
    customer_id,
    agent_id,
    complaint_category,
    resolution_status,
    call_start_at,
    call_end_at,
    cast(call_start_at as date) as call_date,
    call_duration_seconds,
    generated_at,
    _source_file,
    _source_row,
    _logical_date,
    _load_id,
    _loaded_at
from calls
