-- One row per complaint per logical date it was reported on, from RAW history, so the lifecycle
-- is right whatever order the dates were loaded in.
{% set channels = [
    ('call_logs', 'call_id', 'Call', 'call_start_time', 'call_logs_generation_date', none),
    ('web_forms', 'request_id', 'Web', 'request_date', 'web_form_generation_date', 'resolution_date'),
    ('social_media', 'complaint_id', 'Social', 'request_date', 'media_complaint_generation_date', 'resolution_date'),
] %}
with history as (
    {% for table, key, channel, start_col, generation_col, resolution_col in channels %}
        select
            trim({{ key }}) as source_complaint_id,
            '{{ channel }}' as channel,
            _logical_date,
            {{ normalise_status('resolution_status') }} as resolution_status,
            {{ parse_timestamp(start_col) }} as request_at,
            {% if resolution_col %}
                {{ parse_timestamp(resolution_col) }}
            {% else %}
                cast(null as {{ dbt.type_timestamp() }})
            {% endif %} as resolved_at,
            {{ parse_timestamp(generation_col) }} as generated_at,
            _source_row
        from {{ source('raw', table) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

-- A date's partition may repeat a complaint: keep its newest version of that day.
per_day as (
    select *
    from history
    qualify row_number() over (
        partition by source_complaint_id, channel, _logical_date
        order by generated_at desc nulls last, _source_row desc
    ) = 1
)

select
    {{ surrogate_key(['source_complaint_id', 'channel']) }} as complaint_key,
    source_complaint_id,
    channel,
    _logical_date,
    resolution_status,
    request_at,
    resolved_at
from per_day
