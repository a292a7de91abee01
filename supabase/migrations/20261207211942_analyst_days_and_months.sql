-- Analyst views that group by a day or month of a timestamp get that grouping expression
-- indexed, so an analyst's `where day = …` / `where month = …` (pushed below the grouping)
-- reads that day's or month's rows, not the whole table.

-- analytics.generation_cost by day: generations are inserted in created_at order, so a
-- block-range index finds a day in a few ranges; it is tiny, and created_at never changes, so
-- status updates stay HOT.
create index generations_created_day_brin on public.generations
using brin (((created_at at time zone 'UTC')::date));

-- analytics.store_sales_by_product / store_sales_by_ip by month of payment (UTC).
create index orders_paid_month_idx on public.orders ((date_trunc('month', paid_at at time zone 'UTC')::date))
where paid_at is not null;
