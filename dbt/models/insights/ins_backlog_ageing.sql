-- Open (not yet resolved) complaints per channel, bucketed by days open as of the newest loaded date.
with lifecycle as (
    select * from {{ ref('fct_complaint_lifecycle') }}
    where not is_resolved
),

bucketed as (
    select
        channel,
        days_open,
        as_of_date,
        case
            when days_open <= 1 then '0-1 days'
            when days_open <= 3 then '2-3 days'
            when days_open <= 7 then '4-7 days'
            when days_open <= 14 then '8-14 days'
            else '15+ days'
        end as age_bucket,
        case
            when days_open <= 1 then 1
            when days_open <= 3 then 2
            when days_open <= 7 then 3
            when days_open <= 14 then 4
            else 5
        end as bucket_order
    from lifecycle
)

select
    channel,
    age_bucket,
    bucket_order,
    max(as_of_date) as as_of_date,
    count(*) as open_complaints,
    avg(days_open) as avg_days_open
from bucketed
group by channel, age_bucket, bucket_order
