-- One row per calendar day between the dim_date_start and dim_date_end vars.
with days as (
    {{ dbt.date_spine(
        'day',
        "cast('" ~ var('dim_date_start') ~ "' as date)",
        dbt.dateadd('day', 1, "cast('" ~ var('dim_date_end') ~ "' as date)")
    ) }}
)

select
    cast(date_day as date) as date_day,
    cast({{ dbt.date_trunc('week', 'date_day') }} as date) as week_start,
    cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start,
    extract(year from date_day) as year_number,
    extract(month from date_day) as month_number,
    extract(day from date_day) as day_of_month,
    extract(dayofweek from date_day) as day_of_week
from days
