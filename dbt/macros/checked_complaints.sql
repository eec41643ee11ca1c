{#- One channel's staged complaints in the unified complaint shape, each row with its
    quarantine reason (NULL when it may enter the facts) and agents mapped to -1 when unknown.
    The three int_*_checked models differ only in the arguments:
      staging_model  the channel's staging relation (a ref)
      id_column      its complaint id column
      channel        'Call', 'Web' or 'Social' (also part of the surrogate key)
      columns        SQL for the channel-specific columns over the alias `complaints`
                     (request_at, resolved_at, call_start_at, call_end_at,
                     call_duration_seconds, media_channel); a column not given is a typed NULL
      dates          [start_at, start_raw, end_at, end_raw] for the date rules of quarantine_reason -#}
{% macro checked_complaints(staging_model, id_column, channel, columns, dates) -%}
    {%- set typed_nulls = {
        'request_at': dbt.type_timestamp(),
        'resolved_at': dbt.type_timestamp(),
        'call_start_at': dbt.type_timestamp(),
        'call_end_at': dbt.type_timestamp(),
        'call_duration_seconds': dbt.type_bigint(),
        'media_channel': dbt.type_string(),
    } -%}
    {%- for name in columns if name not in typed_nulls -%}
        {{ exceptions.raise_compiler_error("checked_complaints: unknown column " ~ name) }}
    {%- endfor -%}
with complaints as (
    select * from {{ staging_model }}
),

customers as (
    select customer_id from {{ ref('stg_customers') }}
),

agents as (
    select agent_id from {{ ref('stg_agents') }}
),

checked as (
    select
        {{ surrogate_key(['complaints.' ~ id_column, "'" ~ channel ~ "'"]) }} as complaint_key,
        complaints.{{ id_column }} as source_complaint_id,
        '{{ channel }}' as channel,
        complaints.customer_id,
        coalesce(agents.agent_id, -1) as agent_id,
        complaints.agent_id as agent_source_id,
        complaints.complaint_category,
        complaints.complaint_category_raw,
        complaints.resolution_status,
        complaints.resolution_status_raw,
        {%- for name, sql_type in typed_nulls.items() %}
        {{ columns.get(name, 'cast(null as ' ~ sql_type ~ ')') }} as {{ name }},
        {%- endfor %}
        complaints.generated_at,
        complaints._source_file,
        complaints._source_row,
        complaints._logical_date,
        complaints._load_id,
        complaints._loaded_at,
        {{ quarantine_reason(*dates) }} as quarantine_reason
    from complaints
    left join customers on complaints.customer_id = customers.customer_id
    left join agents on complaints.agent_id = agents.agent_id
)

select * from checked
{%- endmacro %}
