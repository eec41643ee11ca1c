with source as (
    select * from {{ source('staging', 'web_forms') }}
),

typed as (
    select
        trim(request_id) as request_id,
        trim(customer_id) as customer_id,
        {{ agent_id('agent_id') }} as agent_id,
        {{ normalise_category('complaint_category') }} as complaint_category,
        complaint_category as complaint_category_raw,
        {{ normalise_status('resolution_status') }} as resolution_status,
        resolution_status as resolution_status_raw,
        {{ parse_timestamp('request_date') }} as request_at,
        {{ parse_timestamp('resolution_date') }} as resolved_at,
        request_date as request_raw,
        resolution_date as resolution_raw,
        {{ parse_timestamp('web_form_generation_date') }} as generated_at,
        _source_file,
        _source_row,
        _logical_date,
        _load_id,
        _loaded_at
    from source
),

-- STAGING already holds one row per request; keep the newest anyway so a bad merge cannot fan out facts.
deduplicated as (
    select *
    from typed
    qualify row_number() over (
        partition by request_id
        order by _logical_date desc, generated_at desc nulls last, _source_row desc
    ) = 1
)

select * from deduplicated
