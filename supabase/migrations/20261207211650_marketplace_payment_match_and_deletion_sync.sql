-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.stripe_pays_exactly(stripe_object jsonb, amount_key text, owed_cents bigint, owed_currency text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select (stripe_object ->> amount_key)::bigint is not distinct from owed_cents
       and lower(stripe_object ->> 'currency') is not distinct from owed_currency
$function$
;

CREATE OR REPLACE FUNCTION private.confirm_investment_payment(payment_intent jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target public.investments;
    campaign_status text;
    owed text;
begin
    target := private.lock_paid_investment(payment_intent);
    if target.id is null then
        return 'ignored: no such investment';
    end if;
    select c.status into campaign_status from public.campaigns c where c.id = target.campaign_id;
    if not private.stripe_pays_exactly(payment_intent, 'amount_received', target.amount_cents,
                                       target.currency) then
        return 'ignored: payment does not match the investment''s amount and currency';
    end if;
    if target.status in ('confirmed', 'refunded') then
        return 'applied';
    end if;
    update public.investments i
    set payment_reference = payment_intent ->> 'id', payment_status = 'completed',
        payment_method = coalesce(payment_intent -> 'payment_method_types' ->> 0, i.payment_method)
    where i.id = target.id;
    if campaign_status in ('failed', 'cancelled') then
        owed := 'campaign closed';
    else
        begin
            update public.investments i set status = 'confirmed', confirmed_at = now(), cancelled_at = null
            where i.id = target.id;
        exception
            when object_not_in_prerequisite_state then
                owed := 'tier sold out'; -- the hold had expired and the tier sold out meanwhile
            when sqlstate 'PT429' then
                owed := 'per-account slot limit'; -- the hold had expired and the account took others
        end;
    end if;
    if owed is not null then
        update public.investments i set status = 'refunded', payment_status = 'refund_pending', refunded_at = now()
        where i.id = target.id;
        return format('applied: %s, refund owed', owed);
    end if;
    return 'applied';
end
$function$
;

CREATE OR REPLACE FUNCTION private.store_apply_checkout(session jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    target public.orders;
begin
    select o.* into target from public.orders o where o.id = private.stripe_metadata_id(session, 'order_id') for update;
    if target.id is null then
        return 'ignored: unknown order';
    end if;
    if session ->> 'payment_status' <> 'paid' then
        return 'ignored: checkout not paid';
    end if;
    if target.payment_status <> 'pending' then
        return 'ignored: order already paid';
    end if;
    if not private.stripe_pays_exactly(session, 'amount_total', target.total_cents, target.currency) then
        return format('ignored: paid %s %s, the order is %s %s', session ->> 'amount_total', session ->> 'currency',
                      target.total_cents, target.currency);
    end if;
    update public.orders o
    set payment_status = 'paid', paid_at = now(), payment_method = 'stripe',
        payment_reference = session ->> 'payment_intent', stripe_checkout_session_id = session ->> 'id',
        status = case when o.status = 'pending' then 'confirmed' else o.status end
    where o.id = target.id;
    perform private.stripe_apply_deferred_refunds(session ->> 'payment_intent');
    -- a payment after the hold expired: recorded, but the stock may be sold to someone else by
    -- now and a cancelled order stays cancelled, so the money is owed back
    return case when target.status = 'cancelled' and target.cancellation_reason = 'hold_expired'
                then 'applied: the order''s hold expired, refund this payment'
                when target.status = 'cancelled' then 'applied: the order was cancelled, refund this payment'
                else 'applied' end;
end
$function$
;

CREATE OR REPLACE FUNCTION private.sync_marketplace_deletion()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    marked regclass;
begin
    -- project_deleted_at: since when the project or its organization is deleted (null: live), on
    -- every table that carries it (contents, campaigns), read from the catalog so none is missed
    for marked in
        select c.oid::regclass from pg_catalog.pg_attribute a
        join pg_catalog.pg_class c on c.oid = a.attrelid
        where a.attname = 'project_deleted_at' and not a.attisdropped
          and c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
        order by c.relname
    loop
        execute format(
            'update %s t set project_deleted_at = coalesce(p.deleted_at, o.deleted_at)
             from public.projects p
             join public.organizations o on o.id = p.organization_id
             where t.project_id = p.id
               and ($1 = ''projects'' and p.id = $2 or $1 = ''organizations'' and o.id = $2)
               and t.project_deleted_at is distinct from coalesce(p.deleted_at, o.deleted_at)', marked)
        using tg_table_name, new.id;
    end loop;
    return null;
end
$function$
;
