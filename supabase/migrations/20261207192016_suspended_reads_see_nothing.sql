-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION public.film_share_links(asset_id uuid)
 RETURNS TABLE(share_id uuid, created_by uuid, created_at timestamp with time zone, expires_at timestamp with time zone, revoked_at timestamp with time zone, opened_count bigint, last_opened_at timestamp with time zone)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select s.id, s.created_by, s.created_at, s.expires_at, s.revoked_at, s.opened_count, s.last_opened_at
    from private.film_shares s
    join public.assets a on a.id = s.asset_id and a.deleted_at is null
    where s.asset_id = film_share_links.asset_id
      and s.expires_at > now()
      and (s.organization_id in (select private.my_org_ids('editor'))
           or (s.created_by = (select private.acting_user_id()) and s.organization_id in (select private.my_org_ids())))
    order by s.created_at desc
$function$
;

CREATE OR REPLACE FUNCTION public.my_digital_downloads()
 RETURNS TABLE(order_id uuid, order_number text, product_id uuid, product_name text, digital_file_url text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select o.id, o.order_number, i.product_id, i.product_name, x.digital_file_url
    from public.orders o
    join public.order_items i on i.order_id = o.id and i.is_digital
    join public.product_internals x on x.product_id = i.product_id
    where o.user_id = (select private.acting_user_id()) and o.payment_status in ('paid', 'partially_refunded')
      and o.status not in ('cancelled', 'refunded')
$function$
;

CREATE OR REPLACE FUNCTION public.unread_notification_count()
 RETURNS bigint
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select count(*) from public.notifications n where n.user_id = (select private.acting_user_id()) and n.read_at is null
$function$
;
