with complaints as (
    select * from {{ ref('stg_social_media') }}
),

customers as (
    select customer_id from {{ ref('stg_customers') }}
),

agents as (
    select agent_id from {{ ref('stg_agents') }}
),

checked as (
    select
        {{ surrogate_key(['complaints.complaint_id', "'Social'"]) }} as complaint_key,
        complaints.complaint_id as source_complaint_id,
        'Social' as channel,
        complaints.customer_id,
        coalesce(agents.agent_id, -1) as agent_id,
        complaints.agent_id as agent_source_id,
        complaints.complaint_category,
        complaints.complaint_category_raw,
        complaints.resolution_status,
        complaints.resolution_status_raw,
        complaints.request_at,
        complaints.resolved_at,
        cast(null as {{ dbt.type_timestamp() }}) as call_start_at,
        cast(null as {{ dbt.type_timestamp() }}) as call_end_at,
        cast(null as {{ dbt.type_bigint() }}) as call_duration_seconds,
        complaints.media_channel,
        complaints.generated_at,
        complaints._source_file,
        complaints._source_row,
        complaints._logical_date,
        complaints._load_id,
        complaints._loaded_at,
        {{ quarantine_reason('complaints.request_at', 'complaints.request_raw', 'complaints.resolved_at', 'complaints.resolution_raw') }}
            as quarantine_reason
    from complaints
    left join customers on complaints.customer_id = customers.customer_id
    left join agents on complaints.agent_id = agents.agent_id
)

select * from checked
