-- One row per complaint (current version) that failed a rule, with the reason and its lineage,
-- so nothing vanishes and no relationship test breaks on it.
{% set channels = ['call_logs', 'web_forms', 'social_media'] %}
with checked as (
    {% for t in channels %}
        select
            complaint_key,
            source_complaint_id,
            channel,
            customer_id,
            agent_source_id,
            complaint_category_raw,
            resolution_status_raw,
            request_at,
            quarantine_reason,
            _source_file,
            _source_row,
            _logical_date,
            _load_id,
            _loaded_at
        from {{ ref('int_' ~ t ~ '_checked') }}
        where quarantine_reason is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select * from checked
