-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

create or replace view "analytics"."content_engagement" as  SELECT c.project_id,
    p.title AS project_title,
    COALESCE(c.genre, 'unknown'::text) AS genre,
    count(*) AS contents,
    count(*) FILTER (WHERE c.status = 'published'::text) AS published,
    sum(c.view_count)::bigint AS views,
    COALESCE(sum(pc.viewers), 0::numeric)::bigint AS viewers,
    COALESCE(sum(pc.started), 0::numeric)::bigint AS started,
    COALESCE(sum(pc.completed), 0::numeric)::bigint AS completed,
    round(sum(pc.completed) / NULLIF(sum(pc.started), 0::numeric), 4) AS completion_rate,
    sum(c.like_count)::bigint AS likes,
    sum(c.rating_count) AS ratings,
    round(sum(c.rating_sum) / NULLIF(sum(c.rating_count), 0)::numeric, 2) AS average_rating
   FROM public.contents c
     JOIN public.projects p ON p.id = c.project_id
     CROSS JOIN LATERAL ( SELECT count(DISTINCT h.user_id) AS viewers,
            count(*) AS started,
            count(*) FILTER (WHERE h.completed) AS completed
           FROM public.watch_history h
          WHERE h.content_id = c.id) pc
  GROUP BY c.project_id, p.title, (COALESCE(c.genre, 'unknown'::text));


create or replace view "analytics"."store_sales_by_product" as  SELECT i.organization_id,
    i.product_id,
    i.project_id,
    max(i.product_name) AS product_name,
    max(i.category) AS category,
    o.currency,
    date_trunc('month'::text, (o.paid_at AT TIME ZONE 'UTC'::text))::date AS month,
    count(DISTINCT o.id) AS orders,
    sum(i.quantity) AS units,
    sum(i.subtotal_cents) AS gross_cents,
    sum(COALESCE(round(i.subtotal_cents::numeric * (o.subtotal_cents - o.discount_cents)::numeric / NULLIF(o.subtotal_cents, 0)::numeric * (o.total_cents - o.refunded_cents)::numeric / NULLIF(o.total_cents, 0)::numeric), 0::numeric))::bigint AS net_cents
   FROM public.order_items i
     JOIN public.orders o ON o.id = i.order_id
  WHERE o.paid_at IS NOT NULL
  GROUP BY i.organization_id, i.product_id, i.project_id, o.currency, (date_trunc('month'::text, (o.paid_at AT TIME ZONE 'UTC'::text))::date);
