-- The accepted categories (rows with any other category are quarantined).
with categories as (
    {% for category in accepted_categories() %}
        select
            '{{ category }}' as complaint_category,
            {{ loop.index }} as category_order
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    {{ surrogate_key(['complaint_category']) }} as complaint_category_key,
    complaint_category,
    category_order,
    complaint_category in ('Network Failure', 'Dropped Calls') as is_network_related
from categories
