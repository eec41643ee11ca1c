-- Accumulating snapshot: one row per (non-quarantined) complaint with the first logical date it
-- was seen in each status and the days it spent in each. Built from RAW history, so a backfill
-- loaded out of order gives the same answer; "now" is the newest logical date loaded.
with history as (
    select * from {{ ref('int_complaint_status_history') }}
    where resolution_status is not null
),

complaints as (
    select * from {{ ref('fct_unified_complaints') }}
),

as_of as (
    select max(_logical_date) as as_of_date from history
),

milestones as (
    select
        complaint_key,
        min(_logical_date) as first_seen_date,
        max(_logical_date) as last_seen_date,
        min(case when resolution_status = 'Backlog' then _logical_date end) as backlog_date,
        min(case when resolution_status = 'In-Progress' then _logical_date end) as in_progress_date,
        min(case when resolution_status = 'Resolved' then _logical_date end) as resolved_date,
        min(request_at) as first_request_at,
        max(resolved_at) as resolved_at
    from history
    group by complaint_key
),

durations as (
    select
        milestones.*,
        as_of.as_of_date,
        case
            when milestones.backlog_date is null then 0
            else greatest(0, {{ dbt.datediff(
                'milestones.backlog_date',
                'coalesce(milestones.in_progress_date, milestones.resolved_date, as_of.as_of_date)',
                'day') }})
        end as days_in_backlog,
        case
            when milestones.in_progress_date is null then 0
            else greatest(0, {{ dbt.datediff(
                'milestones.in_progress_date',
                'coalesce(milestones.resolved_date, as_of.as_of_date)',
                'day') }})
        end as days_in_progress,
        case
            when milestones.resolved_date is not null
                then {{ dbt.datediff('milestones.first_seen_date', 'milestones.resolved_date', 'day') }}
        end as days_to_resolution,
        {{ dbt.datediff(
            'milestones.first_seen_date',
            'coalesce(milestones.resolved_date, as_of.as_of_date)',
            'day') }} as days_open
    from milestones
    cross join as_of
)

select
    complaints.complaint_key,
    complaints.source_complaint_id,
    complaints.channel,
    complaints.customer_id,
    complaints.agent_id,
    complaints.complaint_category,
    complaints.resolution_status as current_status,
    complaints.request_date,
    durations.first_seen_date,
    durations.last_seen_date,
    durations.backlog_date,
    durations.in_progress_date,
    durations.resolved_date,
    durations.resolved_at,
    durations.as_of_date,
    durations.days_in_backlog,
    durations.days_in_progress,
    durations.days_to_resolution,
    durations.days_open,
    durations.resolved_date is not null as is_resolved
from complaints
inner join durations on complaints.complaint_key = durations.complaint_key
