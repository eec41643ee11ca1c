{#- Fails for each combination of `columns` that occurs more than once (a composite grain check,
    written here because the project uses no hub packages). -#}
{% test unique_combination(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
