-- Stripe event ingestion (first defined in migration 20261121001100_invoices_and_stripe).
-- Order payments and refunds (metadata.order_id, or the payment intent of a paid order) go to
-- the store (supabase/functions/store.sql): payment confirms the order, a full refund
-- refunds it and puts its stock back. Everything else is billing's.

-- Store a verified Stripe event once and apply it, in one transaction. Returns the outcome:
-- applied, duplicate, stale, deferred, or ignored: <why>.
create or replace function public.stripe_apply_event(event jsonb)
returns text
language plpgsql
security definer
set search_path = ''
as $$
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
        when event ->> 'type' = 'checkout.session.completed' and private.stripe_is_order(stripe_object)
            then private.store_apply_checkout(stripe_object)
        when event ->> 'type' = 'checkout.session.completed' then private.stripe_apply_checkout(stripe_object)
        when event ->> 'type' = 'charge.refunded' and private.stripe_is_order(stripe_object)
            then private.store_apply_refund(stripe_object)
        when event ->> 'type' = 'charge.refunded' then private.stripe_apply_refund(stripe_object)
        else 'ignored: event type not handled'
    end;
    update private.stripe_events e set outcome = result where e.id = event ->> 'id';
    return result;
end
$$;
revoke execute on function public.stripe_apply_event(jsonb) from public, anon, authenticated;
grant execute on function public.stripe_apply_event(jsonb) to service_role;
