-- Invest: crowdfunding campaigns for an IP project, their tiers, investments confirmed by
-- Stripe, rewards, and revenue distributions with investor payouts. Money is integer
-- cents (bigint) in the campaign's currency. Functions and triggers: supabase/functions/invest.sql;
-- policies: supabase/policies/invest.sql; views: sql/views/invest.sql.

create table public.campaigns (
    id uuid primary key default gen_random_uuid(),
    -- the IP project; organization_id follows from it. Money rows keep their campaign:
    -- a campaign, its project and organization cannot be deleted from under them.
    project_id uuid not null references public.projects (id) on delete restrict,
    organization_id uuid not null references public.organizations (id) on delete restrict,
    created_by uuid references auth.users (id) on delete set null,
    title text not null check (length(title) between 1 and 255),
    slug text unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$'),
    tagline text check (length(tagline) <= 500),
    description text,
    story text,
    poster_url text,
    banner_url text,
    video_url text,
    gallery jsonb not null default '[]' check (jsonb_typeof(gallery) = 'array'),
    goal_amount_cents bigint not null check (goal_amount_cents > 0),
    -- kept by trigger from confirmed investments
    raised_amount_cents bigint not null default 0 check (raised_amount_cents >= 0),
    backer_count integer not null default 0 check (backer_count >= 0),
    currency text not null default 'usd' check (currency ~ '^[a-z]{3}$'),
    funding_type text not null default 'flexible' check (funding_type in ('all_or_nothing', 'flexible')),
    equity_offered numeric(5, 2) check (equity_offered between 0 and 100),
    -- revenue split of each distribution, in basis points: the platform's fee, the investors'
    -- pool; the creator keeps the rest
    platform_fee_bps integer not null default 500 check (platform_fee_bps between 0 and 10000),
    investor_share_bps integer not null default 0 check (investor_share_bps between 0 and 10000),
    start_date timestamptz,
    end_date timestamptz,
    category text check (category in ('film', 'series', 'animation', 'novel', 'game', 'music')),
    tags jsonb not null default '[]' check (jsonb_typeof(tags) = 'array'),
    status text not null default 'draft' check (status in (
        'draft', 'pending_review', 'active', 'funded', 'failed', 'completed', 'cancelled'
    )),
    risks text,
    challenges text,
    update_count integer not null default 0 check (update_count >= 0),
    is_verified boolean not null default false,
    verified_at timestamptz,
    performance_score integer check (performance_score between 0 and 100),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    submitted_at timestamptz,
    launched_at timestamptz,
    goal_reached_at timestamptz,
    funded_at timestamptz,
    failed_at timestamptz,
    completed_at timestamptz,
    cancelled_at timestamptz,
    -- the project's deleted_at, copied by trigger: a deleted project's campaign is hidden
    project_deleted_at timestamptz,
    check (platform_fee_bps + investor_share_bps <= 10000),
    check (end_date > start_date)
);
comment on table public.campaigns is
'Invest: a crowdfunding campaign for an IP project. draft → pending_review → active → funded | failed → completed; cancelled before the end.';
create index campaigns_status_idx on public.campaigns (status);
create index campaigns_project_idx on public.campaigns (project_id);
create index campaigns_organization_idx on public.campaigns (organization_id);
create index campaigns_ending_idx on public.campaigns (end_date) where status = 'active';

create table public.campaign_updates (
    id uuid primary key default gen_random_uuid(),
    campaign_id uuid not null references public.campaigns (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid not null references public.projects (id) on delete cascade,
    author_id uuid references auth.users (id) on delete set null,
    title text not null check (length(title) between 1 and 255),
    content text not null check (length(content) between 1 and 50000),
    visibility text not null default 'public' check (visibility in ('public', 'backers_only')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index campaign_updates_campaign_idx on public.campaign_updates (campaign_id, created_at desc);
create index campaign_updates_organization_idx on public.campaign_updates (organization_id);

create table public.investment_tiers (
    id uuid primary key default gen_random_uuid(),
    campaign_id uuid not null references public.campaigns (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid not null references public.projects (id) on delete cascade,
    name text not null check (length(name) between 1 and 100),
    description text,
    min_amount_cents bigint not null check (min_amount_cents > 0),
    max_amount_cents bigint,
    suggested_amount_cents bigint,
    benefits jsonb not null default '[]' check (jsonb_typeof(benefits) = 'array'),
    -- [{"type": "digital", "name": "...", "description": "..."}]: one investor_rewards row each per confirmed investment
    reward_items jsonb not null default '[]' check (jsonb_typeof(reward_items) = 'array'),
    -- how much of each investment in this tier earns revenue share: 0 = rewards only, 100 = all of it
    revenue_share_percent numeric(5, 2) not null default 0 check (revenue_share_percent between 0 and 100),
    equity_percent numeric(5, 2) not null default 0 check (equity_percent between 0 and 100),
    nft_included boolean not null default false,
    nft_collection_id text,
    limit_quantity integer check (limit_quantity > 0),
    -- slots held by pending and confirmed investments; never above limit_quantity
    sold_quantity integer not null default 0 check (sold_quantity >= 0),
    estimated_delivery date,
    display_order integer not null default 0,
    is_featured boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (max_amount_cents >= min_amount_cents),
    check (suggested_amount_cents >= min_amount_cents),
    check (sold_quantity <= limit_quantity)
);
create index investment_tiers_campaign_idx on public.investment_tiers (campaign_id, display_order);
create index investment_tiers_organization_idx on public.investment_tiers (organization_id);

create table public.investments (
    id uuid primary key default gen_random_uuid(),
    campaign_id uuid not null references public.campaigns (id) on delete restrict,
    organization_id uuid not null references public.organizations (id) on delete restrict,
    project_id uuid not null references public.projects (id) on delete restrict,
    user_id uuid not null references auth.users (id) on delete restrict,
    tier_id uuid references public.investment_tiers (id) on delete restrict,
    amount_cents bigint not null check (amount_cents > 0),
    currency text not null check (currency ~ '^[a-z]{3}$'),
    payment_status text not null default 'pending' check (payment_status in (
        'pending', 'processing', 'completed', 'failed', 'refund_pending', 'refunded'
    )),
    payment_method text check (length(payment_method) <= 50),
    -- the Stripe PaymentIntent that paid it
    payment_reference text unique,
    payment_gateway text not null default 'stripe' check (payment_gateway in ('stripe')),
    platform_fee_cents bigint not null default 0 check (platform_fee_cents >= 0),
    payment_fee_cents bigint not null default 0 check (payment_fee_cents >= 0),
    net_amount_cents bigint generated always as (amount_cents - platform_fee_cents - payment_fee_cents) stored,
    status text not null default 'pending' check (status in ('pending', 'confirmed', 'cancelled', 'refunded')),
    metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object'),
    -- the caller's key (public.invest): a retried request returns the same investment
    idempotency_key text check (length(idempotency_key) <= 100),
    -- clock time: the order of investments decides ties in payouts
    created_at timestamptz not null default clock_timestamp(),
    -- a pending investment holds its tier slot until then (public.expire_investment_holds)
    expires_at timestamptz not null default now() + interval '30 minutes',
    confirmed_at timestamptz,
    cancelled_at timestamptz,
    refunded_at timestamptz,
    updated_at timestamptz not null default now(),
    unique (user_id, idempotency_key),
    check (platform_fee_cents + payment_fee_cents <= amount_cents)
);
create index investments_campaign_idx on public.investments (campaign_id, status);
create index investments_user_idx on public.investments (user_id, created_at desc);
create index investments_tier_idx on public.investments (tier_id);
create index investments_payment_status_idx on public.investments (payment_status);
create index investments_expiring_idx on public.investments (expires_at) where status = 'pending';

create table public.investor_rewards (
    id uuid primary key default gen_random_uuid(),
    investment_id uuid not null references public.investments (id) on delete cascade,
    campaign_id uuid not null references public.campaigns (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    user_id uuid not null references auth.users (id) on delete cascade,
    tier_id uuid references public.investment_tiers (id) on delete set null,
    reward_type text not null check (reward_type in ('nft', 'physical', 'digital', 'access', 'revenue_share', 'credit')),
    name text check (length(name) <= 255),
    description text,
    status text not null default 'pending' check (status in (
        'pending', 'processing', 'shipped', 'delivered', 'failed', 'cancelled'
    )),
    tracking_number text check (length(tracking_number) <= 255),
    shipping_address jsonb check (jsonb_typeof(shipping_address) = 'object'),
    download_url text,
    access_code text check (length(access_code) <= 255),
    delivered_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index investor_rewards_investment_idx on public.investor_rewards (investment_id);
create index investor_rewards_user_idx on public.investor_rewards (user_id);
create index investor_rewards_organization_idx on public.investor_rewards (organization_id, campaign_id);

create table public.revenue_distributions (
    id uuid primary key default gen_random_uuid(),
    campaign_id uuid not null references public.campaigns (id) on delete restrict,
    organization_id uuid not null references public.organizations (id) on delete restrict,
    project_id uuid not null references public.projects (id) on delete restrict,
    created_by uuid references auth.users (id) on delete set null,
    period_start date not null,
    period_end date not null,
    currency text not null check (currency ~ '^[a-z]{3}$'),
    total_revenue_cents bigint not null check (total_revenue_cents > 0),
    platform_share_cents bigint not null check (platform_share_cents >= 0),
    creator_share_cents bigint not null check (creator_share_cents >= 0),
    investor_pool_cents bigint not null check (investor_pool_cents >= 0),
    status text not null default 'processing' check (status in ('pending', 'processing', 'completed')),
    distributed_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (period_end >= period_start),
    check (platform_share_cents + creator_share_cents + investor_pool_cents = total_revenue_cents),
    -- one distribution per campaign and stretch of time: revenue is never distributed twice
    constraint revenue_distributions_no_overlap exclude using gist (
        campaign_id with =, daterange(period_start, period_end, '[]') with &&
    )
);
create index revenue_distributions_organization_idx on public.revenue_distributions (organization_id);

create table public.investor_payouts (
    id uuid primary key default gen_random_uuid(),
    distribution_id uuid not null references public.revenue_distributions (id) on delete restrict,
    investment_id uuid not null references public.investments (id) on delete restrict,
    campaign_id uuid not null references public.campaigns (id) on delete restrict,
    organization_id uuid not null references public.organizations (id) on delete restrict,
    user_id uuid not null references auth.users (id) on delete restrict,
    -- this investment's share of the investor pool, in percent (display; amounts are exact)
    share_percent numeric(9, 6) not null check (share_percent between 0 and 100),
    amount_cents bigint not null check (amount_cents >= 0),
    currency text not null check (currency ~ '^[a-z]{3}$'),
    status text not null default 'pending' check (status in ('pending', 'processing', 'completed', 'failed')),
    payment_method text check (length(payment_method) <= 50),
    payment_reference text check (length(payment_reference) <= 255),
    paid_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (distribution_id, investment_id)
);
create index investor_payouts_user_idx on public.investor_payouts (user_id, created_at desc);
create index investor_payouts_investment_idx on public.investor_payouts (investment_id);
create index investor_payouts_organization_idx on public.investor_payouts (organization_id, campaign_id);

alter table public.campaigns enable row level security;
alter table public.campaign_updates enable row level security;
alter table public.investment_tiers enable row level security;
alter table public.investments enable row level security;
alter table public.investor_rewards enable row level security;
alter table public.revenue_distributions enable row level security;
alter table public.investor_payouts enable row level security;

revoke all on public.campaigns, public.campaign_updates, public.investment_tiers, public.investments,
public.investor_rewards, public.revenue_distributions, public.investor_payouts from anon, authenticated;
grant all on public.campaigns, public.campaign_updates, public.investment_tiers, public.investments,
public.investor_rewards, public.revenue_distributions, public.investor_payouts to service_role;
grant select on public.campaigns, public.campaign_updates, public.investment_tiers to anon, authenticated;
grant insert, update, delete on public.campaigns, public.campaign_updates, public.investment_tiers to authenticated;
-- money rows: read under RLS, written only by the RPCs and Stripe ingestion
grant select on public.investments, public.investor_rewards, public.revenue_distributions, public.investor_payouts
to authenticated;
-- reward fulfilment by the organization (delivery columns only)
grant update (status, tracking_number, download_url, access_code, delivered_at) on public.investor_rewards
to authenticated;
