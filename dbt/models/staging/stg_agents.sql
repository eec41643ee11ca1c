with source as (
    select * from {{ source('staging', 'agents') }}
),

typed as (
    select
        {{ agent_id('id') }} as agent_id,
        trim(id) as agent_source_id,
        nullif(trim(name), '') as agent_name,
        nullif(trim(experience), '') as experience,
        nullif(trim(state), '') as agent_state,
        _source_file,
        _source_row,
        _logical_date,
        _load_id,
        _loaded_at
    from source
)

select * from typed
