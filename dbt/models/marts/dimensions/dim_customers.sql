with customers as (
    select * from {{ ref('stg_customers') }}
)

select
    customer_id,
    customer_name,
    gender,
    date_of_birth,
    signup_date,
    email,
    address,
    _source_file,
    _source_row,
    _logical_date,
    _loaded_at
from customers
