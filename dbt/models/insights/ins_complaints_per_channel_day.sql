-- Complaints raised per channel per day (by request date), with how many are resolved now.
with complaints as (
    select * from {{ ref('fct_unified_complaints') }}
)

select
    request_date,
    channel,
    count(*) as complaints,
    sum(case when resolution_status = 'Resolved' then 1 else 0 end) as resolved_complaints,
    sum(case when resolution_status = 'Backlog' then 1 else 0 end) as backlog_complaints
from complaints
where request_date is not null
group by request_date, channel
