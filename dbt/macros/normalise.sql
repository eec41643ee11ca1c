{#- Map the messy status spellings (" resolved", "IN PROGRESS", "in-progress") onto the accepted set;
    anything else becomes NULL and is quarantined with reason `unknown_status`. -#}
{% macro normalise_status(column) -%}
    case upper(replace(replace(trim({{ column }}), ' ', '-'), '_', '-'))
        when 'BACKLOG' then 'Backlog'
        when 'IN-PROGRESS' then 'In-Progress'
        when 'INPROGRESS' then 'In-Progress'
        when 'RESOLVED' then 'Resolved'
    end
{%- endmacro %}

{#- Title case, trimmed, inner runs of blanks collapsed: `  network   FAILURE ` -> `Network Failure`. -#}
{% macro normalise_category(column) -%}
    {{ return(adapter.dispatch('normalise_category', 'coretelecoms')(column)) }}
{%- endmacro %}

{% macro duckdb__normalise_category(column) -%}
    nullif(array_to_string(list_transform(
        string_split(regexp_replace(lower(trim({{ column }})), '\s+', ' ', 'g'), ' '),
        lambda w: upper(w[1]) || w[2:]
    ), ' '), '')
{%- endmacro %}

{% macro snowflake__normalise_category(column) -%}
    nullif(initcap(regexp_replace(trim({{ column }}), '\\s+', ' '), ' '), '')
{%- endmacro %}

{#- The categories the business recognises; a category outside this list is quarantined. -#}
{% macro accepted_categories() -%}
    {{ return(['Network Failure', 'Technician Support', 'Billing Issues', 'Payments',
               'Poor Customer Service', 'Dropped Calls']) }}
{%- endmacro %}

{% macro accepted_statuses() -%}
    {{ return(['Backlog', 'In-Progress', 'Resolved']) }}
{%- endmacro %}

{#- A SQL list literal: ('a', 'b'). -#}
{% macro sql_list(values) -%}
    ({% for v in values %}'{{ v }}'{% if not loop.last %}, {% endif %}{% endfor %})
{%- endmacro %}

{#- Agent ids arrive as text (" 17 "); text that is no integer becomes NULL (then -1, Unassigned). -#}
{% macro agent_id(column) -%}
    {{ dbt.safe_cast("nullif(trim(" ~ column ~ "), '')", api.Column.translate_type("bigint")) }}
{%- endmacro %}
