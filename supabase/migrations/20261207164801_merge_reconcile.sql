-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "protect_columns" on "public"."assets";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.expire_unpaid_orders(p_batch integer)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    expired integer;
begin
    if p_batch is null or p_batch < 1 or p_batch > 10000 then
        raise exception 'p_batch must be between 1 and 10000' using errcode = '22023';
    end if;
    with due as (
        select o.id from public.orders o
        where o.status = 'pending' and o.payment_status = 'pending' and o.hold_expires_at <= private.now()
        order by o.hold_expires_at
        limit p_batch
        for update skip locked
    )
    update public.orders o set status = 'cancelled', cancellation_reason = 'hold_expired'
    from due where o.id = due.id;
    get diagnostics expired = row_count;
    return expired;
end
$function$
;

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.assets FOR EACH ROW EXECUTE FUNCTION private.protect_columns('usage_count', 'last_used_at', 'uploaded_by', 'storage_purged_at', 'size_bytes', 'metadata->checksum_sha256', 'mime_type', 'type', 'width', 'height', 'duration_seconds', 'fps', 'codec');
