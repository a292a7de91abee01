-- Analyst views (schema analytics; readable by `analyst` and service_role only).

-- Cost and reliability by provider, model and month, from the daily rollup model_metrics
-- (private.refresh_usage_rollups, a timed duty every 15 minutes): a month's rows only, through
-- model_metrics_month_idx, whatever the number of events. As fresh as the last run: events
-- recorded since then (late ones included) count at the next run. Events without a provider or
-- model count as 'unknown' (an empty name too).
create or replace view analytics.cost_by_provider_model as
select
    coalesce(nullif(m.provider, ''), 'unknown') as provider,
    coalesce(nullif(m.model_name, ''), 'unknown') as model,
    date_trunc('month', m.date::timestamp)::date as month,
    sum(m.request_count)::bigint as events,
    sum(m.success_count)::bigint as successes,
    sum(m.failure_count)::bigint as failures,
    sum(m.input_tokens) as input_tokens,
    sum(m.output_tokens) as output_tokens,
    sum(m.credits) as credits,
    sum(m.total_cost_usd) as cost_usd,
    round(sum(m.total_cost_usd) / sum(m.request_count), 6) as avg_cost_usd,
    round(sum(m.duration_ms_sum)::numeric / nullif(sum(m.duration_count), 0)) as avg_duration_ms
from public.model_metrics m
group by
    coalesce(nullif(m.provider, ''), 'unknown'), coalesce(nullif(m.model_name, ''), 'unknown'),
    date_trunc('month', m.date::timestamp)::date;
comment on view analytics.cost_by_provider_model is
'Per provider, model and month: events, outcomes, tokens, credits, USD. Read from the daily rollup public.model_metrics, '
'refreshed every 15 minutes by the duty refresh_usage_rollups: events recorded since its last run (late ones too) '
'count at the next run. docs/scaling.md.';

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
