with calls as (
    select * from {{ ref('stg_call_logs') }}
),

customers as (
    select customer_id from {{ ref('stg_customers') }}
),

agents as (
    select agent_id from {{ ref('stg_agents') }}
),

checked as (
    select
        {{ surrogate_key(['calls.call_id', "'Call'"]) }} as complaint_key,
        calls.call_id as source_complaint_id,
        'Call' as channel,
        calls.customer_id,
        coalesce(agents.agent_id, -1) as agent_id,
        calls.agent_id as agent_source_id,
        calls.complaint_category,
        calls.complaint_category_raw,
        calls.resolution_status,
        calls.resolution_status_raw,
        calls.call_start_at as request_at,
        cast(null as {{ dbt.type_timestamp() }}) as resolved_at,
        calls.call_start_at,
        calls.call_end_at,
        calls.call_duration_seconds,
        cast(null as {{ dbt.type_string() }}) as media_channel,
        calls.generated_at,
        calls._source_file,
        calls._source_row,
        calls._logical_date,
        calls._load_id,
        calls._loaded_at,
        {{ quarantine_reason('calls.call_start_at', 'calls.call_start_raw', 'calls.call_end_at', 'calls.call_end_raw') }}
            as quarantine_reason
    from calls
    left join customers on calls.customer_id = customers.customer_id
    left join agents on calls.agent_id = agents.agent_id
)

select * from checked
