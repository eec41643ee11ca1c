-- Customers who complained on more than one channel within the channel_hop_window_days window
-- (one row per customer): the same issue handled twice.
with complaints as (
    select
        customer_id,
        channel,
        request_date
    from {{ ref('fct_unified_complaints') }}
    where request_date is not null
),

hops as (
    select
        first_contact.customer_id,
        first_contact.channel as from_channel,
        second_contact.channel as to_channel,
        first_contact.request_date as from_date,
        second_contact.request_date as to_date
    from complaints as first_contact
    inner join complaints as second_contact
        on
            first_contact.customer_id = second_contact.customer_id
            and first_contact.channel != second_contact.channel
            and first_contact.request_date <= second_contact.request_date
            and second_contact.request_date
            <= {{ dbt.dateadd('day', var('channel_hop_window_days'), 'first_contact.request_date') }}
),

per_customer as (
    select
        customer_id,
        count(*) as hop_pairs,
        min(from_date) as first_hop_date,
        max(to_date) as last_hop_date,
        count(distinct from_channel) as from_channels
    from hops
    group by customer_id
),

channel_counts as (
    select
        customer_id,
        count(distinct channel) as channels_used,
        count(*) as complaints
    from complaints
    group by customer_id
)

select
    per_customer.customer_id,
    channel_counts.channels_used,
    channel_counts.complaints,
    per_customer.hop_pairs,
    per_customer.first_hop_date,
    per_customer.last_hop_date,
    {{ var('channel_hop_window_days') }} as window_days
from per_customer
inner join channel_counts on per_customer.customer_id = channel_counts.customer_id
