-- Invitations, organization API keys, bring-your-own-key provider credentials, webhooks.
-- Secrets never sit in client-readable tables: token and key hashes and encrypted
-- secrets live in `private`, one row per public row.

create table public.invitations (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    email text not null check (email ~ '^[^@\s]+@[^@\s]+$'),
    role public.member_role not null default 'viewer' check (role <> 'owner'),
    invited_by uuid references auth.users (id) on delete set null,
    status text not null default 'pending' check (status in ('pending', 'accepted', 'declined', 'expired', 'revoked')),
    expires_at timestamptz not null default now() + interval '7 days',
    accepted_at timestamptz,
    accepted_by uuid references auth.users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check ((status = 'accepted') = (accepted_at is not null))
);
-- one open invitation per address and organization
create unique index invitations_pending_email_key on public.invitations (organization_id, lower(email))
where status = 'pending';
-- invitees find theirs by address
create index invitations_email_idx on public.invitations (lower(email)) where status = 'pending';

create table private.invitation_tokens (
    invitation_id uuid primary key references public.invitations (id) on delete cascade,
    token_hash bytea not null unique
);

create table public.api_keys (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    created_by uuid references auth.users (id) on delete set null,
    name text not null check (length(name) between 1 and 100),
    key_prefix text not null,
    scopes text[] not null default '{}' check (scopes <@ array[
        'projects:read', 'projects:write', 'media:read', 'media:generate', 'billing:read', 'webhooks:manage'
    ]::text[]),
    last_used_at timestamptz,
    expires_at timestamptz,
    revoked_at timestamptz,
    created_at timestamptz not null default now()
);
create index api_keys_organization_idx on public.api_keys (organization_id);

create table private.api_key_hashes (
    api_key_id uuid primary key references public.api_keys (id) on delete cascade,
    key_hash bytea not null unique
);

create table public.provider_credentials (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    created_by uuid references auth.users (id) on delete set null,
    provider text not null check (provider ~ '^[a-z0-9_]{2,40}$'),
    name text not null default 'default' check (length(name) between 1 and 100),
    secret_hint text not null,
    status text not null default 'active' check (status in ('active', 'invalid', 'expired', 'revoked')),
    config jsonb not null default '{}' check (jsonb_typeof(config) = 'object'),
    usage_count bigint not null default 0 check (usage_count >= 0),
    last_validated_at timestamptz,
    last_used_at timestamptz,
    expires_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (organization_id, provider, name)
);
comment on table public.provider_credentials is
'Bring-your-own-key provider credentials. The secret is encrypted in private.provider_secrets; clients see a hint.';

create table private.provider_secrets (
    credential_id uuid primary key references public.provider_credentials (id) on delete cascade,
    secret_box bytea not null
);

create table public.webhooks (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    url text not null check (url ~ '^https?://[^\s]+$'),
    description text,
    events text[] not null default '{}' check (array_position(events, null) is null),
    is_active boolean not null default true,
    last_triggered_at timestamptz,
    failure_count integer not null default 0 check (failure_count >= 0),
    created_by uuid references auth.users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index webhooks_organization_idx on public.webhooks (organization_id);

create table private.webhook_secrets (
    webhook_id uuid primary key references public.webhooks (id) on delete cascade,
    secret_box bytea not null
);

revoke all on private.invitation_tokens, private.api_key_hashes, private.provider_secrets, private.webhook_secrets
from public, anon, authenticated, service_role;

create trigger set_updated_at before update on public.invitations
for each row execute function private.set_updated_at();
create trigger set_updated_at before update on public.provider_credentials
for each row execute function private.set_updated_at();
create trigger set_updated_at before update on public.webhooks
for each row execute function private.set_updated_at();

create trigger protect_columns before update on public.provider_credentials
for each row execute function private.protect_columns(
    'id', 'organization_id', 'created_by', 'provider', 'secret_hint', 'usage_count', 'last_used_at',
    'last_validated_at', 'created_at'
);
create trigger protect_columns before update on public.webhooks
for each row execute function private.protect_columns(
    'id', 'organization_id', 'created_by', 'last_triggered_at', 'failure_count', 'created_at'
);

alter table public.invitations enable row level security;
alter table public.api_keys enable row level security;
alter table public.provider_credentials enable row level security;
alter table public.webhooks enable row level security;

revoke all on public.invitations, public.api_keys, public.provider_credentials, public.webhooks
from anon, authenticated;
grant select on public.invitations, public.api_keys to authenticated;
grant select, update, delete on public.provider_credentials, public.webhooks to authenticated;
grant all on public.invitations, public.api_keys, public.provider_credentials, public.webhooks to service_role;
