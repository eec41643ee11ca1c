-- Average handle time of calls per category, and each category against all the others:
-- Technician Support calls run several times longer.
with calls as (
    select * from {{ ref('fct_call_logs') }}
    where call_duration_seconds is not null
),

totals as (
    select
        count(*) as all_calls,
        sum(call_duration_seconds) as all_seconds
    from calls
),

per_category as (
    select
        complaint_category,
        count(*) as calls,
        sum(call_duration_seconds) as total_seconds
    from calls
    group by complaint_category
)

select
    per_category.complaint_category,
    per_category.calls,
    round(cast(per_category.total_seconds as double) / per_category.calls, 1) as avg_handle_seconds,
    round(cast(per_category.total_seconds as double) / per_category.calls / 60, 2) as avg_handle_minutes,
    round(
        cast(totals.all_seconds - per_category.total_seconds as double)
        / nullif(totals.all_calls - per_category.calls, 0) / 60, 2
    ) as others_avg_handle_minutes,
    round(
        (cast(per_category.total_seconds as double) / per_category.calls)
        / nullif(
            cast(totals.all_seconds - per_category.total_seconds as double)
            / nullif(totals.all_calls - per_category.calls, 0), 0
        ), 2
    ) as ratio_to_others,
    per_category.complaint_category = 'Technician Support' as is_technician_support
from per_category
cross join totals
