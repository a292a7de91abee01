-- Stripe: events stored once and applied in the same transaction. Order payments and refunds
-- (metadata.order_id, or the payment intent of a paid order) go to the store: payment confirms
-- the order, a full refund refunds it and puts its stock back.

-- The row id a Stripe object names in its metadata (organization_id, order_id, investment_id:
-- the ids we put there when creating the session or intent), or null when absent or not a UUID.
-- Compared as a uuid, so the lookup uses the row's primary key.
create or replace function private.stripe_metadata_id(stripe_object jsonb, key text)
returns uuid
language sql
immutable
set search_path = ''
as $$
    select case when stripe_object -> 'metadata' ->> key
                     ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                then (stripe_object -> 'metadata' ->> key)::uuid end
$$;
revoke execute on function private.stripe_metadata_id(jsonb, text) from public;

-- Whether a Stripe payment is exactly what is owed: its amount (the key names which: a Checkout
-- Session's amount_total, a PaymentIntent's amount_received) in cents and its currency (Stripe's
-- codes are ISO 4217, as ours, lower-cased). Anything else applies nothing.
create or replace function private.stripe_pays_exactly(
    stripe_object jsonb, amount_key text, owed_cents bigint, owed_currency text
)
returns boolean
language sql
immutable
set search_path = ''
as $$
    select (stripe_object ->> amount_key)::bigint is not distinct from owed_cents
       and lower(stripe_object ->> 'currency') is not distinct from owed_currency
$$;
revoke execute on function private.stripe_pays_exactly(jsonb, text, bigint, text) from public;

-- The organization a Stripe object belongs to: metadata.organization_id, else the customer.
create or replace function private.stripe_organization(stripe_object jsonb)
returns uuid
language sql
stable
set search_path = ''
as $$
    select coalesce(
        (select o.id from public.organizations o where o.id = private.stripe_metadata_id(stripe_object, 'organization_id')),
        (select o.id from public.organizations o where o.stripe_customer_id = stripe_object ->> 'customer')
    )
$$;

create or replace function private.unix_time(value jsonb)
returns timestamptz
language sql
immutable
set search_path = ''
as $$
    select case when value is null or value = 'null'::jsonb then null else to_timestamp((value #>> '{}')::double precision) end
$$;

create or replace function private.stripe_apply_subscription(event_type text, event_at timestamptz, sub jsonb)
returns text
language plpgsql
set search_path = ''
as $$
declare
    org_id uuid := private.stripe_organization(sub);
    current public.subscriptions;
    item jsonb := sub -> 'items' -> 'data' -> 0;
    price_id text := item -> 'price' ->> 'id';
    new_plan public.plans;
    new_status text := sub ->> 'status';
    period_start timestamptz := private.unix_time(coalesce(sub -> 'current_period_start', item -> 'current_period_start'));
    period_end timestamptz := private.unix_time(coalesce(sub -> 'current_period_end', item -> 'current_period_end'));
begin
    if org_id is null then
        return 'ignored: no organization for this customer';
    end if;
    select s.* into current from public.subscriptions s where s.organization_id = org_id for update;
    select p.* into new_plan from public.plans p
    where p.stripe_price_id_monthly = price_id or p.stripe_price_id_yearly = price_id;
    if event_type = 'customer.subscription.deleted' then
        new_status := 'canceled';
    end if;
    if current.stripe_event_at > event_at then
        -- older than what we hold: only its plan may still raise this period's allowance
        if new_plan.id is not null and period_start = (select b.last_reset_at from public.credit_balances b
                                                        where b.organization_id = org_id) then
            perform private.raise_period_allowance(org_id, new_plan);
        end if;
        return 'stale';
    end if;
    perform set_config('creatorverse.change_reason', event_type, true);
    update public.subscriptions s
    set plan_id = case when new_status = 'canceled' then 'free' else coalesce(new_plan.id, s.plan_id) end,
        status = new_status,
        billing_cycle = case when price_id = new_plan.stripe_price_id_yearly then 'yearly' else 'monthly' end,
        stripe_subscription_id = sub ->> 'id',
        stripe_customer_id = sub ->> 'customer',
        stripe_price_id = price_id,
        current_period_start = coalesce(period_start, s.current_period_start),
        current_period_end = coalesce(period_end, s.current_period_end),
        trial_start = private.unix_time(sub -> 'trial_start'),
        trial_end = private.unix_time(sub -> 'trial_end'),
        canceled_at = private.unix_time(sub -> 'canceled_at'),
        cancel_at_period_end = coalesce((sub ->> 'cancel_at_period_end')::boolean, false),
        stripe_event_at = event_at
    where s.id = current.id;
    update public.organizations o
    set stripe_customer_id = coalesce(o.stripe_customer_id, sub ->> 'customer'),
        stripe_subscription_id = sub ->> 'id'
    where o.id = org_id;
    if new_status in ('active', 'trialing') and period_start is not null then
        if period_start > (select coalesce(b.last_reset_at, '-infinity') from public.credit_balances b
                           where b.organization_id = org_id) then
            perform public.credits_start_period(org_id, period_start);
        else
            perform public.credits_top_up_allowance(org_id);
        end if;
    end if;
    return 'applied';
end
$$;

create or replace function private.stripe_apply_invoice(event_type text, event_at timestamptz, invoice jsonb)
returns text
language plpgsql
set search_path = ''
as $$
declare
    org_id uuid := private.stripe_organization(invoice);
    new_status text := case event_type when 'invoice.payment_failed' then 'payment_failed'
                                       else coalesce(invoice ->> 'status', 'open') end;
begin
    if org_id is null then
        return 'ignored: no organization for this customer';
    end if;
    insert into public.invoices as i (
        organization_id, stripe_invoice_id, stripe_subscription_id, currency, amount_due_cents, amount_paid_cents,
        status, period_start, period_end, line_items, hosted_invoice_url, paid_at, stripe_event_at
    )
    values (
        org_id, invoice ->> 'id', invoice ->> 'subscription', coalesce(invoice ->> 'currency', 'usd'),
        coalesce((invoice ->> 'amount_due')::bigint, 0), coalesce((invoice ->> 'amount_paid')::bigint, 0), new_status,
        private.unix_time(invoice -> 'period_start'), private.unix_time(invoice -> 'period_end'),
        coalesce(invoice -> 'lines' -> 'data', '[]'), invoice ->> 'hosted_invoice_url',
        private.unix_time(invoice -> 'status_transitions' -> 'paid_at'), event_at
    )
    on conflict (stripe_invoice_id) do update
    set status = excluded.status, amount_due_cents = excluded.amount_due_cents,
        amount_paid_cents = excluded.amount_paid_cents, line_items = excluded.line_items,
        hosted_invoice_url = excluded.hosted_invoice_url, paid_at = coalesce(excluded.paid_at, i.paid_at),
        period_start = excluded.period_start, period_end = excluded.period_end, stripe_event_at = excluded.stripe_event_at
    where i.stripe_event_at <= excluded.stripe_event_at;
    return case when found then 'applied' else 'stale' end;
end
$$;

-- A paid checkout for a credit pack (metadata.credits) adds purchased credits, once.
create or replace function private.stripe_apply_checkout(session jsonb)
returns text
language plpgsql
set search_path = ''
as $$
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
$$;

-- A refunded charge takes back the refunded share of the credits its purchase granted, as
-- far as they are still unspent (bonus_balance never goes negative); the shortfall is noted.
create or replace function private.stripe_apply_refund(charge jsonb)
returns text
language plpgsql
set search_path = ''
as $$
declare
    purchase public.credit_transactions;
    refunded_share numeric := (charge ->> 'amount_refunded')::numeric / nullif((charge ->> 'amount')::numeric, 0);
    to_take bigint;
    already bigint;
    wallet public.credit_balances;
begin
    select t.* into purchase from public.credit_transactions t
    where t.type = 'purchase' and t.reference_type = 'stripe_payment_intent'
      and t.reference_id = charge ->> 'payment_intent';
    if purchase.id is null then
        return 'deferred';
    end if;
    wallet := private.lock_credit_balance(purchase.organization_id);
    -- refunds are cumulative on the charge: take what this total implies, minus what earlier refunds took
    select coalesce(sum((t.metadata ->> 'credits_owed')::bigint), 0) into already from public.credit_transactions t
    where t.organization_id = purchase.organization_id and t.reference_type = 'stripe_charge'
      and t.reference_id = charge ->> 'id';
    to_take := floor(purchase.amount * coalesce(refunded_share, 0))::bigint - already;
    if to_take <= 0 then
        return 'applied';
    end if;
    perform private.post_credit_entry(
        purchase.organization_id, 'adjustment', 0, 0, -least(to_take, wallet.bonus_balance), 0,
        format('stripe:refund:%s:%s', charge ->> 'id', charge ->> 'amount_refunded'),
        reference_type => 'stripe_charge', reference_id => charge ->> 'id',
        description => 'credit pack refunded',
        metadata => jsonb_build_object('credits_owed', to_take,
                                       'shortfall', greatest(to_take - wallet.bonus_balance, 0)));
    return 'applied';
end
$$;

-- A refunded charge, applied to the payment it refunds: an order's (the store,
-- supabase/functions/store.sql), else an investment's (supabase/functions/invest.sql), else a
-- credit pack's. 'deferred' when that payment has not arrived yet.
create or replace function private.stripe_apply_charge_refund(charge jsonb)
returns text
language plpgsql
set search_path = ''
as $$
begin
    return case when private.stripe_is_order(charge) then private.store_apply_refund(charge)
                else coalesce(private.refund_investment_payment(charge), private.stripe_apply_refund(charge)) end;
end
$$;
revoke execute on function private.stripe_apply_charge_refund(jsonb) from public;

-- Refunds of a payment that arrived before it (outcome 'deferred'), applied in the order Stripe
-- made them, now that the payment is recorded (an order's or a credit pack's checkout).
create or replace function private.stripe_apply_deferred_refunds(payment_intent text)
returns void
language plpgsql
set search_path = ''
as $$
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
$$;
revoke execute on function private.stripe_apply_deferred_refunds(text) from public;

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
$$;

revoke execute on function public.stripe_apply_event(jsonb) from public, anon, authenticated;

grant execute on function public.stripe_apply_event(jsonb) to service_role;
