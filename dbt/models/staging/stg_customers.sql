with source as (
    select * from {{ source('staging', 'customers') }}
),

typed as (
    select
        trim(customer_id) as customer_id,
        nullif(trim(name), '') as customer_name,
        case upper(trim(gender))
            when 'M' then 'Male'
            when 'MALE' then 'Male'
            when 'F' then 'Female'
            when 'FEMALE' then 'Female'
            else 'Unknown'
        end as gender,
        {{ parse_date('date_of_birth') }} as date_of_birth,
        {{ parse_date('signup_date') }} as signup_date,
        lower(nullif(trim(email), '')) as email,
        nullif(trim(address), '') as address,
        _source_file,
        _source_row,
        _logical_date,
        _load_id,
        _loaded_at
    from source
)

select * from typed
