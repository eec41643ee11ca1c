{#- Use the configured schema name as-is (ANALYTICS, SNAPSHOTS), not `<target>_<custom>`:
    the warehouse contract fixes the schema names on both adapters. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema | trim }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
