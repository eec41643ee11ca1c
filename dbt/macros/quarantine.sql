{#- Why a complaint row cannot enter the facts (NULL when it can). First failing rule wins, in a
    fixed order, so the reason is deterministic. Expects the row's customer match as `customers`. -#}
{% macro quarantine_reason(start_at, start_raw, end_at, end_raw) -%}
    case
        when customers.customer_id is null then 'unknown_customer'
        when resolution_status is null then 'unknown_status'
        when complaint_category is null
            or complaint_category not in {{ sql_list(accepted_categories()) }} then 'unknown_category'
        when {{ start_at }} is null then 'unparseable_date'
        when nullif(trim({{ end_raw }}), '') is not null and {{ end_at }} is null then 'unparseable_date'
        when {{ end_at }} < {{ start_at }} then 'end_before_start'
        when cast({{ start_at }} as date) < cast('{{ var("dim_date_start") }}' as date)
            or cast({{ start_at }} as date) > cast('{{ var("dim_date_end") }}' as date) then 'date_out_of_range'
    end
{%- endmacro %}
