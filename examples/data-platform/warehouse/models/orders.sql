-- Curated orders, one row per order, refreshed every 15 minutes.
select order_id, customer_id, status, total_amount, updated_at
from {{ ref('stg_orders') }}
