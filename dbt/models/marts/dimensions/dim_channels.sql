-- The three complaint channels; a fixed list, so every fact's channel has a member.
with channels as (
    select
        'Call' as channel,
        'Call centre' as channel_name,
        'call_logs' as source_table
    union all
    select
        'Web' as channel,
        'Web form' as channel_name,
        'web_forms' as source_table
    union all
    select
        'Social' as channel,
        'Social media' as channel_name,
        'social_media' as source_table
)

select * from channels
