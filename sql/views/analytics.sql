-- Analyst views (schema analytics; readable by `analyst` and service_role only).

-- Cost and reliability by provider, model and month.
create or replace view analytics.cost_by_provider_model as
select
    coalesce(e.provider, 'unknown') as provider,
    coalesce(e.model, 'unknown') as model,
    date_trunc('month', e.occurred_at, 'UTC')::date as month,
    count(*) as events,
    count(*) filter (where e.status = 'success') as successes,
    count(*) filter (where e.status <> 'success') as failures,
    sum(e.input_tokens) as input_tokens,
    sum(e.output_tokens) as output_tokens,
    sum(e.credits) as credits,
    sum(e.cost_usd) as cost_usd,
    round(avg(e.cost_usd), 6) as avg_cost_usd,
    round(avg(e.duration_ms)) as avg_duration_ms
from public.usage_events e
group by coalesce(e.provider, 'unknown'), coalesce(e.model, 'unknown'), date_trunc('month', e.occurred_at, 'UTC')::date;

-- Credit health per organization: what is left, how fast it goes, how long it lasts.
create or replace view analytics.credit_health as
with burn as (
    -- credits consumed in the last 30 days: usage and holds, less what holds gave back
    select t.organization_id, sum(-t.amount) as burn_30d
    from public.credit_transactions t
    where t.created_at >= now() - interval '30 days' and t.type in ('usage', 'hold', 'release')
    group by t.organization_id
)

select
    o.id as organization_id,
    o.name,
    s.plan_id,
    s.status as subscription_status,
    b.balance + b.rollover_balance + b.bonus_balance as available_credits,
    b.balance,
    b.rollover_balance,
    b.bonus_balance,
    b.held_balance,
    coalesce(burn.burn_30d, 0) as burn_30d,
    round(coalesce(burn.burn_30d, 0) / 30.0, 2) as daily_burn,
    case when coalesce(burn.burn_30d, 0) > 0
        then round((b.balance + b.rollover_balance + b.bonus_balance) / (burn.burn_30d / 30.0), 1)
    end as days_left,
    b.next_reset_at
from public.organizations o
join public.credit_balances b on b.organization_id = o.id
left join public.subscriptions s on s.organization_id = o.id
left join burn on burn.organization_id = o.id
where o.deleted_at is null;

-- Subscriptions and monthly recurring revenue by plan (yearly prices count a twelfth a month).
create or replace view analytics.subscriptions_mrr as
select
    p.id as plan_id,
    p.name as plan_name,
    count(s.id) as subscriptions,
    count(s.id) filter (where s.status = 'active') as active,
    count(s.id) filter (where s.status = 'trialing') as trialing,
    count(s.id) filter (where s.status = 'past_due') as past_due,
    count(s.id) filter (where s.status = 'canceled') as canceled,
    coalesce(sum(
        case s.billing_cycle when 'yearly' then p.price_cents_yearly / 12.0 else p.price_cents_monthly end
    ) filter (where s.status in ('active', 'past_due')), 0)::bigint as mrr_cents
from public.plans p
left join public.subscriptions s on s.plan_id = p.id
group by p.id, p.name, p.sort_order
order by p.sort_order;

grant select on all tables in schema analytics to analyst, service_role;
