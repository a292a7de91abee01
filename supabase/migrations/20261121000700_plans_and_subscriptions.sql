-- Plans catalogue, one subscription per organization, and its history.
-- The personal organization carries a user's plan (LitinkAI's user_subscriptions).

create table public.plans (
    id text primary key check (id ~ '^[a-z_]+$'),
    name text not null,
    description text,
    monthly_credits bigint not null default 0 check (monthly_credits >= 0),
    price_cents_monthly integer not null default 0 check (price_cents_monthly >= 0),
    price_cents_yearly integer not null default 0 check (price_cents_yearly >= 0),
    stripe_price_id_monthly text unique,
    stripe_price_id_yearly text unique,
    -- limits per period; null means unlimited
    videos_per_month integer check (videos_per_month >= 0),
    storage_limit_bytes bigint check (storage_limit_bytes >= 0),
    api_calls_per_day integer check (api_calls_per_day >= 0),
    api_calls_per_month integer check (api_calls_per_month >= 0),
    tokens_per_month bigint check (tokens_per_month >= 0),
    render_seconds_per_month integer check (render_seconds_per_month >= 0),
    kai_credits_per_month integer check (kai_credits_per_month >= 0),
    daily_spend_cap_credits bigint check (daily_spend_cap_credits >= 0),
    -- unused allowance carried into the next period: this share, at most rollover_cap
    rollover_percent integer not null default 0 check (rollover_percent between 0 and 100),
    rollover_cap bigint not null default 0 check (rollover_cap >= 0),
    is_byok boolean not null default false,
    is_public boolean not null default true,
    sort_order integer not null default 0,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
comment on table public.plans is 'The plan catalogue: allowances and limits per period. Readable by everyone.';

insert into public.plans (
    id, name, monthly_credits, price_cents_monthly, price_cents_yearly, videos_per_month, storage_limit_bytes,
    api_calls_per_day, api_calls_per_month, tokens_per_month, render_seconds_per_month, kai_credits_per_month,
    daily_spend_cap_credits, rollover_percent, rollover_cap, is_byok, sort_order
) values
('free', 'Free', 100, 0, 0, 3, 524288000, 100, 1000, 200000, 300, 50, 100, 0, 0, false, 0),
('starter', 'Starter', 1000, 900, 9000, 20, 5368709120, 500, 10000, 2000000, 1800, 500, 1000, 25, 250, false, 10),
('basic', 'Basic', 2000, 1900, 19000, 40, 10737418240, 1000, 20000, 4000000, 3600, 1000, 2000, 25, 500, false, 20),
('standard', 'Standard', 5000, 3900, 39000, 100, 26843545600, 2000, 50000, 10000000, 9000, 2500, 5000, 50, 2500,
 false, 30),
('pro', 'Pro', 10000, 4900, 49000, 200, 53687091200, 5000, 100000, 20000000, 18000, 5000, 10000, 50, 5000, false, 40),
('premium', 'Premium', 20000, 9900, 99000, 500, 107374182400, 10000, 200000, 40000000, 36000, 10000, 20000, 50,
 10000, false, 50),
('professional', 'Professional', 40000, 19900, 199000, 1000, 214748364800, 20000, 400000, 80000000, 72000, 20000,
 40000, 75, 30000, false, 60),
('team', 'Team', 60000, 29900, 299000, 2000, 536870912000, 50000, 1000000, 120000000, 108000, 30000, 60000, 75,
 45000, false, 70),
('enterprise', 'Enterprise', 200000, 99900, 999000, null, null, null, null, null, null, null, 200000, 100, 200000,
 false, 80),
('byok', 'Bring your own key', 0, 1900, 19000, null, 107374182400, 20000, 400000, null, 72000, null, null, 0, 0,
 true, 90);

create table public.subscriptions (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null unique references public.organizations (id) on delete cascade,
    plan_id text not null default 'free' references public.plans (id),
    status text not null default 'active' check (status in (
        'trialing', 'active', 'past_due', 'canceled', 'paused', 'incomplete', 'incomplete_expired', 'unpaid'
    )),
    billing_cycle text not null default 'monthly' check (billing_cycle in ('monthly', 'yearly')),
    stripe_subscription_id text unique,
    stripe_customer_id text,
    stripe_price_id text,
    current_period_start timestamptz not null default date_trunc('month', now()),
    current_period_end timestamptz not null default date_trunc('month', now()) + interval '1 month',
    trial_start timestamptz,
    trial_end timestamptz,
    canceled_at timestamptz,
    cancel_at_period_end boolean not null default false,
    -- created time of the newest Stripe event applied: an older event never overwrites newer state
    stripe_event_at timestamptz,
    metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object'),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (current_period_end > current_period_start)
);
create index subscriptions_plan_idx on public.subscriptions (plan_id);

create table public.subscription_history (
    id bigint generated always as identity primary key,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    subscription_id uuid not null references public.subscriptions (id) on delete cascade,
    from_plan text references public.plans (id),
    to_plan text not null references public.plans (id),
    from_status text,
    to_status text not null,
    change_reason text,
    changed_by uuid,
    effective_date timestamptz not null default now(),
    created_at timestamptz not null default now()
);
create index subscription_history_organization_idx on public.subscription_history (organization_id, created_at desc);

-- the catalogue now defines the plans
alter table public.organizations drop constraint organizations_plan_check,
add constraint organizations_plan_fkey foreign key (plan) references public.plans (id);

create trigger set_updated_at before update on public.plans
for each row execute function private.set_updated_at();
create trigger set_updated_at before update on public.subscriptions
for each row execute function private.set_updated_at();

-- Every plan or status change is history; the organization's plan column follows.
create function private.record_subscription_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    if tg_op = 'UPDATE' and old.plan_id = new.plan_id and old.status = new.status then
        return null;
    end if;
    insert into public.subscription_history (
        organization_id, subscription_id, from_plan, to_plan, from_status, to_status, change_reason, changed_by
    )
    values (
        new.organization_id, new.id,
        case when tg_op = 'UPDATE' then old.plan_id end, new.plan_id,
        case when tg_op = 'UPDATE' then old.status end, new.status,
        coalesce(nullif(current_setting('creatorverse.change_reason', true), ''),
                 case when tg_op = 'INSERT' then 'created' else 'updated' end),
        auth.uid()
    );
    update public.organizations o set plan = new.plan_id where o.id = new.organization_id and o.plan <> new.plan_id;
    return null;
end
$$;

create trigger record_subscription_change
after insert or update of plan_id, status on public.subscriptions
for each row execute function private.record_subscription_change();
create trigger record_audit after insert or update or delete on public.subscriptions
for each row execute function private.record_audit();

alter table public.plans enable row level security;
alter table public.subscriptions enable row level security;
alter table public.subscription_history enable row level security;
revoke all on public.plans, public.subscriptions, public.subscription_history from anon, authenticated;
grant select on public.plans to anon, authenticated;
grant select on public.subscriptions, public.subscription_history to authenticated;
grant all on public.plans, public.subscriptions, public.subscription_history to service_role;
