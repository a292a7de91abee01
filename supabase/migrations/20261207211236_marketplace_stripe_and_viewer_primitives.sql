-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "content_like_before_insert" on "public"."content_likes";

drop trigger if exists "content_rating_before_write" on "public"."content_ratings";

drop trigger if exists "watchlist_before_insert" on "public"."watchlists";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.lock_paid_investment(stripe_object jsonb)
 RETURNS public.investments
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    target public.investments;
begin
    select i.* into target from public.investments i where i.payment_reference = stripe_object ->> 'payment_intent';
    if target.id is null then
        select i.* into target from public.investments i
        where i.id = private.stripe_metadata_id(stripe_object, 'investment_id');
    end if;
    if target.id is null then
        return null;
    end if;
    perform 1 from public.campaigns c where c.id = target.campaign_id for update;
    select i.* into target from public.investments i where i.id = target.id for update;
    return target;
end
$function$
;

CREATE OR REPLACE FUNCTION private.stripe_apply_charge_refund(charge jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    return case when private.stripe_is_order(charge) then private.store_apply_refund(charge)
                else coalesce(private.refund_investment_payment(charge), private.stripe_apply_refund(charge)) end;
end
$function$
;

CREATE OR REPLACE FUNCTION private.stripe_apply_deferred_refunds(payment_intent text)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    deferred record;
begin
    for deferred in
        select e.id, e.payload from private.stripe_events e
        where e.outcome = 'deferred' and e.payload -> 'data' -> 'object' ->> 'payment_intent'
              = stripe_apply_deferred_refunds.payment_intent
        order by e.stripe_created_at
    loop
        update private.stripe_events e
        set outcome = private.stripe_apply_charge_refund(deferred.payload -> 'data' -> 'object')
        where e.id = deferred.id;
    end loop;
end
$function$
;

CREATE OR REPLACE FUNCTION private.stripe_metadata_id(stripe_object jsonb, key text)
 RETURNS uuid
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select case when stripe_object -> 'metadata' ->> key
                     ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                then (stripe_object -> 'metadata' ->> key)::uuid end
$function$
;

CREATE OR REPLACE FUNCTION private.viewer_row_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() then
        new := jsonb_populate_record(new, jsonb_build_object('user_id', private.caller_id())
                                          || (select coalesce(jsonb_object_agg(stamp, now()), '{}')
                                              from unnest(tg_argv) as stamp));
        if not private.can_watch(new.content_id) then
            raise exception 'content not found' using errcode = 'P0002';
        end if;
    end if;
    return new;
end
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
    if (payment_intent ->> 'amount_received')::bigint is distinct from target.amount_cents
       or lower(payment_intent ->> 'currency') is distinct from target.currency then
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

CREATE OR REPLACE FUNCTION private.fail_investment_payment(payment_intent jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    update public.investments i set payment_status = 'failed', status = 'cancelled', cancelled_at = now()
    where i.id = private.stripe_metadata_id(payment_intent, 'investment_id') and i.status = 'pending';
    return case when found then 'applied' else 'ignored: no pending investment' end;
end
$function$
;

CREATE OR REPLACE FUNCTION private.refund_investment_payment(charge jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target public.investments;
begin
    target := private.lock_paid_investment(charge);
    if target.id is null then
        return null;
    end if;
    if (charge ->> 'amount_refunded')::bigint < target.amount_cents then
        return 'ignored: partial refund of an investment';
    end if;
    update public.investments i
    set status = 'refunded', payment_status = 'refunded', refunded_at = coalesce(i.refunded_at, now())
    where i.id = target.id;
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
    if (session ->> 'amount_total')::bigint is distinct from target.total_cents
       or lower(session ->> 'currency') is distinct from target.currency then
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

CREATE OR REPLACE FUNCTION private.store_apply_refund(charge jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    target public.orders;
    refunded bigint;
begin
    select o.* into target from public.orders o
    where o.id = private.stripe_metadata_id(charge, 'order_id') or o.payment_reference = charge ->> 'payment_intent'
    limit 1
    for update;
    if target.id is null then
        return 'ignored: unknown order';
    end if;
    if target.payment_status = 'pending' then
        return 'deferred';
    end if;
    refunded := least(coalesce((charge ->> 'amount_refunded')::bigint, 0), target.total_cents);
    if refunded <= target.refunded_cents then
        return 'applied';
    end if;
    update public.orders o
    set refunded_cents = refunded,
        payment_status = case when refunded >= o.total_cents then 'refunded' else 'partially_refunded' end,
        status = case when refunded >= o.total_cents and o.status not in ('pending', 'cancelled') then 'refunded'
                      else o.status end
    where o.id = target.id;
    return 'applied';
end
$function$
;

CREATE OR REPLACE FUNCTION private.stripe_apply_checkout(session jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    org_id uuid := private.stripe_organization(session);
    credits bigint := (session -> 'metadata' ->> 'credits')::bigint;
begin
    if org_id is null then
        return 'ignored: no organization for this customer';
    end if;
    if session ->> 'customer' is not null then
        update public.organizations o set stripe_customer_id = session ->> 'customer'
        where o.id = org_id and o.stripe_customer_id is null;
    end if;
    if session ->> 'mode' <> 'payment' or credits is null or session ->> 'payment_status' <> 'paid' then
        return 'ignored: not a paid credit pack';
    end if;
    perform private.grant_credits(org_id, credits, 'purchase', 'stripe:checkout:' || (session ->> 'id'), 'ledger',
        reference_type => 'stripe_payment_intent', reference_id => session ->> 'payment_intent',
        description => format('credit pack: %s credits', credits));
    perform private.stripe_apply_deferred_refunds(session ->> 'payment_intent');
    return 'applied';
end
$function$
;

CREATE OR REPLACE FUNCTION private.stripe_organization(stripe_object jsonb)
 RETURNS uuid
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select coalesce(
        (select o.id from public.organizations o where o.id = private.stripe_metadata_id(stripe_object, 'organization_id')),
        (select o.id from public.organizations o where o.stripe_customer_id = stripe_object ->> 'customer')
    )
$function$
;

CREATE OR REPLACE FUNCTION public.stripe_apply_event(event jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    event_at timestamptz := private.unix_time(event -> 'created');
    stripe_object jsonb := event -> 'data' -> 'object';
    result text;
begin
    if event ->> 'id' is null or event ->> 'type' is null or event_at is null or stripe_object is null then
        raise exception 'not a Stripe event: id, type, created and data.object are required' using errcode = '22023';
    end if;
    insert into private.stripe_events (id, type, stripe_created_at, payload)
    values (event ->> 'id', event ->> 'type', event_at, event)
    on conflict (id) do nothing;
    if not found then
        return 'duplicate';
    end if;
    result := case
        when event ->> 'type' in ('customer.subscription.created', 'customer.subscription.updated',
                                  'customer.subscription.deleted')
            then private.stripe_apply_subscription(event ->> 'type', event_at, stripe_object)
        when event ->> 'type' in ('invoice.paid', 'invoice.payment_failed', 'invoice.finalized', 'invoice.voided')
            then private.stripe_apply_invoice(event ->> 'type', event_at, stripe_object)
        -- order payments and refunds go to the store (supabase/functions/store.sql)
        when event ->> 'type' = 'checkout.session.completed' and private.stripe_is_order(stripe_object)
            then private.store_apply_checkout(stripe_object)
        when event ->> 'type' = 'checkout.session.completed' then private.stripe_apply_checkout(stripe_object)
        -- Invest (supabase/functions/invest.sql): a PaymentIntent with metadata.investment_id
        -- confirms or fails its investment; a full refund of its charge reverses it
        when event ->> 'type' = 'payment_intent.succeeded' and stripe_object -> 'metadata' ? 'investment_id'
            then private.confirm_investment_payment(stripe_object)
        when event ->> 'type' = 'payment_intent.payment_failed' and stripe_object -> 'metadata' ? 'investment_id'
            then private.fail_investment_payment(stripe_object)
        when event ->> 'type' = 'charge.refunded' then private.stripe_apply_charge_refund(stripe_object)
        else 'ignored: event type not handled'
    end;
    update private.stripe_events e set outcome = result where e.id = event ->> 'id';
    return result;
end
$function$
;

drop function if exists "private"."content_like_before_insert"();

drop function if exists "private"."content_rating_before_write"();

drop function if exists "private"."stripe_investment_id"(stripe_object jsonb);

drop function if exists "private"."watchlist_before_insert"();

CREATE TRIGGER viewer_row_defaults BEFORE INSERT ON public.content_likes FOR EACH ROW EXECUTE FUNCTION private.viewer_row_defaults('created_at');

CREATE TRIGGER viewer_row_defaults BEFORE INSERT ON public.content_ratings FOR EACH ROW EXECUTE FUNCTION private.viewer_row_defaults();

CREATE TRIGGER viewer_row_defaults BEFORE INSERT ON public.watchlists FOR EACH ROW EXECUTE FUNCTION private.viewer_row_defaults('added_at');
