{#- The run's date window from vars (set by `coretelecoms transform`); NULL when unset. -#}
{% macro run_start_date() -%}
    {%- if var('start_date') -%}cast('{{ var("start_date") }}' as date){%- else -%}cast(null as date){%- endif -%}
{%- endmacro %}

{% macro run_end_date() -%}
    {%- if var('end_date') -%}cast('{{ var("end_date") }}' as date){%- else -%}cast(null as date){%- endif -%}
{%- endmacro %}
