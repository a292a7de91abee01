-- License marketplace, part 2: B2B licensing of an IP project. One catalogue entry per
-- project; requests from companies move through a status machine; an approved request
-- becomes an agreement; licensees report revenue and the royalty follows the agreement.
-- Functions: supabase/functions/licensing.sql; policies: supabase/policies/licensing.sql.

create table public.license_catalog (
    id uuid primary key default gen_random_uuid(),
    project_id uuid not null unique references public.projects (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    is_available boolean not null default true,
    available_types text [] not null default '{}' check (available_types <@ array[
        'merchandise', 'media_adaptation', 'gaming', 'theme_park', 'publishing', 'music'
    ]),
    available_territories text [] not null default '{}',
    minimum_guarantee_cents bigint check (minimum_guarantee_cents >= 0),
    royalty_min_percent numeric(5, 2) check (royalty_min_percent between 0 and 100),
    royalty_max_percent numeric(5, 2) check (royalty_max_percent between 0 and 100),
    brand_guidelines_url text,
    asset_kit_url text,
    description text check (length(description) <= 20000),
    highlights jsonb not null default '[]' check (jsonb_typeof(highlights) = 'array'),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (royalty_max_percent >= royalty_min_percent)
);
create index license_catalog_organization_idx on public.license_catalog (organization_id);

create table public.license_requests (
    id uuid primary key default gen_random_uuid(),
    project_id uuid not null references public.projects (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    requester_user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
    company_name text not null check (length(company_name) between 1 and 255),
    company_website text check (length(company_website) <= 255),
    contact_name text not null check (length(contact_name) between 1 and 255),
    contact_email text not null check (contact_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' and length(contact_email) <= 255),
    contact_phone text check (length(contact_phone) <= 50),
    license_type text not null check (license_type in (
        'merchandise', 'media_adaptation', 'gaming', 'theme_park', 'publishing', 'music'
    )),
    territory text not null check (length(territory) between 1 and 100),
    duration_years integer check (duration_years between 1 and 99),
    proposed_royalty_percent numeric(5, 2) check (proposed_royalty_percent between 0 and 100),
    proposed_minimum_guarantee_cents bigint check (proposed_minimum_guarantee_cents >= 0),
    proposed_products text check (length(proposed_products) <= 5000),
    message text check (length(message) <= 5000),
    status text not null default 'pending' check (status in (
        'pending', 'reviewing', 'negotiating', 'approved', 'rejected', 'withdrawn'
    )),
    assigned_to uuid references auth.users (id) on delete set null,
    decided_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index license_requests_organization_idx on public.license_requests (organization_id, status);
create index license_requests_project_idx on public.license_requests (project_id);
create index license_requests_requester_idx on public.license_requests (requester_user_id);

-- The licensor's notes on a request: never shown to the requester.
create table public.license_request_notes (
    id uuid primary key default gen_random_uuid(),
    request_id uuid not null references public.license_requests (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    author_id uuid default auth.uid() references auth.users (id) on delete set null,
    note text not null check (length(note) between 1 and 5000),
    created_at timestamptz not null default now()
);
create index license_request_notes_request_idx on public.license_request_notes (request_id);
create index license_request_notes_organization_idx on public.license_request_notes (organization_id);

create table public.license_agreements (
    id uuid primary key default gen_random_uuid(),
    project_id uuid not null references public.projects (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    request_id uuid unique references public.license_requests (id) on delete set null,
    licensee_user_id uuid references auth.users (id) on delete set null,
    licensee_company text not null,
    license_type text not null,
    territory text not null,
    start_date date not null,
    end_date date not null,
    royalty_percent numeric(5, 2) not null check (royalty_percent between 0 and 100),
    minimum_guarantee_cents bigint not null default 0 check (minimum_guarantee_cents >= 0),
    advance_payment_cents bigint not null default 0 check (advance_payment_cents >= 0),
    currency text not null default 'usd' check (currency ~ '^[a-z]{3}$'),
    contract_url text,
    signed_at timestamptz,
    status text not null default 'draft' check (status in (
        'draft', 'pending_signature', 'active', 'expired', 'terminated'
    )),
    created_by uuid references auth.users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (end_date > start_date)
);
create index license_agreements_organization_idx on public.license_agreements (organization_id);
create index license_agreements_licensee_idx on public.license_agreements (licensee_user_id);
create index license_agreements_project_idx on public.license_agreements (project_id);

create table public.royalty_reports (
    id uuid primary key default gen_random_uuid(),
    agreement_id uuid not null references public.license_agreements (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    licensee_user_id uuid references auth.users (id) on delete set null,
    period_start date not null,
    period_end date not null,
    gross_revenue_cents bigint not null check (gross_revenue_cents >= 0),
    net_revenue_cents bigint check (net_revenue_cents >= 0),
    royalty_amount_cents bigint not null check (royalty_amount_cents >= 0),
    sales_breakdown jsonb check (jsonb_typeof(sales_breakdown) in ('object', 'array')),
    status text not null default 'pending' check (status in ('pending', 'verified', 'paid', 'disputed')),
    paid_at timestamptz,
    payment_reference text check (length(payment_reference) <= 255),
    submitted_by uuid references auth.users (id) on delete set null,
    submitted_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (period_end >= period_start),
    check (net_revenue_cents is null or net_revenue_cents <= gross_revenue_cents),
    -- one report per stretch of time per agreement
    constraint royalty_reports_no_overlap exclude using gist (
        agreement_id with =, daterange(period_start, period_end, '[]') with &&
    )
);
create index royalty_reports_organization_idx on public.royalty_reports (organization_id);
create index royalty_reports_licensee_idx on public.royalty_reports (licensee_user_id);

alter table public.license_catalog enable row level security;
alter table public.license_requests enable row level security;
alter table public.license_request_notes enable row level security;
alter table public.license_agreements enable row level security;
alter table public.royalty_reports enable row level security;

revoke all on public.license_catalog, public.license_requests, public.license_request_notes,
public.license_agreements, public.royalty_reports from anon, authenticated;
grant select on public.license_catalog to anon, authenticated;
grant insert, update, delete on public.license_catalog to authenticated;
-- requests: filed by clients; their status moves through review_license_request / withdraw
grant select, insert on public.license_requests to authenticated;
grant select, insert, delete on public.license_request_notes to authenticated;
-- agreements change through the licensing RPCs only
grant select on public.license_agreements to authenticated;
-- reports: the licensee files and corrects them; the licensor settles them by RPC
grant select, insert, update on public.royalty_reports to authenticated;
grant all on public.license_catalog, public.license_requests, public.license_request_notes,
public.license_agreements, public.royalty_reports to service_role;
