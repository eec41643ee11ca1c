{{
    config(
        materialized='incremental',
        unique_key='complaint_key',
        incremental_strategy='merge',
        on_schema_change='append_new_columns',
        post_hook=[
            "delete from {{ this }} where complaint_key not in (
                select complaint_key from {{ ref('fct_call_logs') }}
                union all select complaint_key from {{ ref('fct_web_complaints') }}
                union all select complaint_key from {{ ref('fct_social_media_complaints') }})"
        ]
    )
}}

-- One row per complaint across the three channels (its current state). Incremental: a run
-- merges the complaints loaded since the last build or dated in the run's window, so a
-- status change updates the complaint's one row. The post-hook drops
-- complaints whose newest version was quarantined, so incremental equals a full refresh.
with unified as (
    select
        complaint_key,
        call_id as source_complaint_id,
        channel,
        customer_id,
        agent_id,
        complaint_category,
        resolution_status,
        call_start_at as request_at,
        cast(null as {{ dbt.type_timestamp() }}) as resolved_at,
        call_duration_seconds as handle_seconds,
        cast(null as {{ dbt.type_string() }}) as media_channel,
        _source_file,
        _source_row,
        _logical_date,
        _load_id,
        _loaded_at
    from {{ ref('fct_call_logs') }}

    union all

    select
        complaint_key,
        request_id as source_complaint_id,
        channel,
        customer_id,
        agent_id,
        complaint_category,
        resolution_status,
        request_at,
        resolved_at,
        cast(null as {{ dbt.type_bigint() }}) as handle_seconds,
        cast(null as {{ dbt.type_string() }}) as media_channel,
        _source_file,
        _source_row,
        _logical_date,
        _load_id,
        _loaded_at
    from {{ ref('fct_web_complaints') }}

    union all

    select
        complaint_key,
        complaint_id as source_complaint_id,
        channel,
        customer_id,
        agent_id,
        complaint_category,
        resolution_status,
        request_at,
        resolved_at,
        cast(null as {{ dbt.type_bigint() }}) as handle_seconds,
        media_channel,
        _source_file,
        _source_row,
        _logical_date,
        _load_id,
        _loaded_at
    from {{ ref('fct_social_media_complaints') }}
)

select
    complaint_key,
    source_complaint_id,
    channel,
    customer_id,
    agent_id,
    complaint_category,
    resolution_status,
    request_at,
    cast(request_at as date) as request_date,
    resolved_at,
    handle_seconds,
    media_channel,
    _source_file,
    _source_row,
    _logical_date,
    _load_id,
    _loaded_at
from unified
{% if is_incremental() %}
    where
        _loaded_at > (
            select coalesce(max(previous_build._loaded_at), cast('1900-01-01' as {{ dbt.type_timestamp() }}))
            from {{ this }} as previous_build
        )
        -- the run's window (NULL bounds, so no match, when no dates were given)
        or _logical_date between {{ run_start_date() }} and {{ run_end_date() }}
{% endif %}
