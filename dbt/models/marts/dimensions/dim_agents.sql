with agents as (
    select * from {{ ref('stg_agents') }}
    where agent_id is not null
),

-- The -1 member stands for "no or unknown agent", so every fact row joins to an agent.
unassigned as (
    select
        -1 as agent_id,
        cast(null as {{ dbt.type_string() }}) as agent_source_id,
        'Unassigned' as agent_name,
        cast(null as {{ dbt.type_string() }}) as experience,
        cast(null as {{ dbt.type_string() }}) as agent_state,
        cast(null as {{ dbt.type_string() }}) as _source_file,
        cast(null as {{ dbt.type_bigint() }}) as _source_row,
        cast(null as date) as _logical_date,
        cast(null as {{ dbt.type_timestamp() }}) as _loaded_at
)

select
    agent_id,
    agent_source_id,
    agent_name,
    experience,
    agent_state,
    _source_file,
    _source_row,
    _logical_date,
    _loaded_at
from agents

union all

select * from unassigned
