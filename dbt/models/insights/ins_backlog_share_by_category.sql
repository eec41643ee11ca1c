-- Share of complaints still in Backlog, per category and channel (plus an 'All' channel row):
-- shows Network Failure complaints getting stuck.
with complaints as (
    select * from {{ ref('fct_unified_complaints') }}
),

by_channel as (
    select
        complaint_category,
        channel,
        count(*) as complaints,
        sum(case when resolution_status = 'Backlog' then 1 else 0 end) as backlog_complaints
    from complaints
    group by complaint_category, channel
),

all_channels as (
    select
        complaint_category,
        'All' as channel,
        sum(complaints) as complaints,
        sum(backlog_complaints) as backlog_complaints
    from by_channel
    group by complaint_category
),

combined as (
    select * from by_channel
    union all
    select * from all_channels
)

select
    complaint_category,
    channel,
    complaints,
    backlog_complaints,
    round(cast(backlog_complaints as double) / nullif(complaints, 0), 4) as backlog_share,
    complaint_category = 'Network Failure' as is_network_failure
from combined
