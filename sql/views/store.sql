-- Analyst views of the store (schema analytics; analyst and service_role only).
-- Sales count orders that were paid (confirmed or later), net of refunds.

-- Units, gross and net revenue by product and month (UTC, whatever the session's time zone;
-- an analyst's month is read through orders_paid_month_idx).
create or replace view analytics.store_sales_by_product as
select
    i.organization_id,
    i.product_id,
    i.project_id,
    max(i.product_name) as product_name,
    max(i.category) as category,
    o.currency,
    date_trunc('month', o.paid_at at time zone 'UTC')::date as month,
    count(distinct o.id) as orders,
    sum(i.quantity) as units,
    sum(i.subtotal_cents) as gross_cents,
    -- after the order's discount, shared out by subtotal, and the refunded share of the order
    sum(coalesce(round(i.subtotal_cents::numeric * (o.subtotal_cents - o.discount_cents) / nullif(o.subtotal_cents, 0)
                       * (o.total_cents - o.refunded_cents) / nullif(o.total_cents, 0)), 0))::bigint as net_cents
from public.order_items i
join public.orders o on o.id = i.order_id
where o.paid_at is not null
group by i.organization_id, i.product_id, i.project_id, o.currency, date_trunc('month', o.paid_at at time zone 'UTC')::date;

-- The same by IP project (products without a project under project_id null).
create or replace view analytics.store_sales_by_ip as
select
    s.organization_id,
    s.project_id,
    p.title as project_title,
    s.currency,
    s.month,
    count(distinct s.product_id) as products,
    sum(s.units) as units,
    sum(s.gross_cents) as gross_cents,
    sum(s.net_cents) as net_cents
from analytics.store_sales_by_product s
left join public.projects p on p.id = s.project_id
group by s.organization_id, s.project_id, p.title, s.currency, s.month;

grant select on analytics.store_sales_by_product, analytics.store_sales_by_ip to analyst, service_role;
