{#- The sources mix timestamp formats (ISO, slashes, day-first, `Nov 20, 2025 02:03 PM`, ISO with T/Z).
    Each adapter tries every known format and yields NULL when none matches, so an unparseable
    value is quarantined downstream instead of failing the build. -#}

{% macro parse_timestamp(column) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'coretelecoms')(column)) }}
{%- endmacro %}

{% macro duckdb__parse_timestamp(column) -%}
    try_strptime(nullif(trim({{ column }}), ''), [
        '%Y-%m-%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d %H:%M:%S', '%d-%m-%Y %H:%M:%S', '%d-%m-%Y %H:%M',
        '%b %d, %Y %I:%M %p', '%Y-%m-%dT%H:%M:%SZ', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d'
    ])
{%- endmacro %}

{% macro snowflake__parse_timestamp(column) -%}
    coalesce(
        try_to_timestamp_ntz(nullif(trim({{ column }}), ''), 'YYYY-MM-DD HH24:MI:SS'),
        try_to_timestamp_ntz(nullif(trim({{ column }}), ''), 'YYYY/MM/DD HH24:MI'),
        try_to_timestamp_ntz(nullif(trim({{ column }}), ''), 'YYYY/MM/DD HH24:MI:SS'),
        try_to_timestamp_ntz(nullif(trim({{ column }}), ''), 'DD-MM-YYYY HH24:MI:SS'),
        try_to_timestamp_ntz(nullif(trim({{ column }}), ''), 'DD-MM-YYYY HH24:MI'),
        try_to_timestamp_ntz(nullif(trim({{ column }}), ''), 'MON DD, YYYY HH12:MI AM'),
        try_to_timestamp_ntz(nullif(trim({{ column }}), ''), 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        try_to_timestamp_ntz(nullif(trim({{ column }}), ''), 'YYYY-MM-DD"T"HH24:MI:SS'),
        try_to_timestamp_ntz(nullif(trim({{ column }}), ''), 'YYYY-MM-DD HH24:MI'),
        try_to_timestamp_ntz(nullif(trim({{ column }}), ''), 'YYYY-MM-DD')
    )
{%- endmacro %}

{#- Calendar dates (date of birth, signup date): ISO, day-first with slashes, slashes, `Nov 20, 2025`. -#}
{% macro parse_date(column) -%}
    {{ return(adapter.dispatch('parse_date', 'coretelecoms')(column)) }}
{%- endmacro %}

{% macro duckdb__parse_date(column) -%}
    cast(try_strptime(nullif(trim({{ column }}), ''), [
        '%Y-%m-%d', '%d/%m/%Y', '%Y/%m/%d', '%b %d, %Y', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%SZ'
    ]) as date)
{%- endmacro %}

{% macro snowflake__parse_date(column) -%}
    coalesce(
        try_to_date(nullif(trim({{ column }}), ''), 'YYYY-MM-DD'),
        try_to_date(nullif(trim({{ column }}), ''), 'DD/MM/YYYY'),
        try_to_date(nullif(trim({{ column }}), ''), 'YYYY/MM/DD'),
        try_to_date(nullif(trim({{ column }}), ''), 'MON DD, YYYY'),
        to_date(try_to_timestamp_ntz(nullif(trim({{ column }}), ''), 'YYYY-MM-DD HH24:MI:SS')),
        to_date(try_to_timestamp_ntz(nullif(trim({{ column }}), ''), 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
    )
{%- endmacro %}
