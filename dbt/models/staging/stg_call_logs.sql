with source as (
    select * from {{ source('staging', 'call_logs') }}
),

typed as (
    select
        trim(call_id) as call_id,
        trim(customer_id) as customer_id,
        {{ agent_id('agent_id') }} as agent_id,
        {{ normalise_category('complaint_category') }} as complaint_category,
        complaint_category as complaint_category_raw,
        {{ normalise_status('resolution_status') }} as resolution_status,
        resolution_status as resolution_status_raw,
        {{ parse_timestamp('call_start_time') }} as call_start_at,
        {{ parse_timestamp('call_end_time') }} as call_end_at,
        call_start_time as call_start_raw,
        call_end_time as call_end_raw,
        {{ parse_timestamp('call_logs_generation_date') }} as generated_at,
        _source_file,
        _source_row,
        _logical_date,
        _load_id,
        _loaded_at
    from source
),

-- STAGING already holds one row per call; keep the newest anyway so a bad merge cannot fan out facts.
deduplicated as (
    select *
    from typed
    qualify row_number() over (
        partition by call_id
        order by _logical_date desc, generated_at desc nulls last, _source_row desc
    ) = 1
)

select
    *,
    {{ dbt.datediff('call_start_at', 'call_end_at', 'second') }} as call_duration_seconds
from deduplicated
