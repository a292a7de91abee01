-- Identities and tenants.
--
-- auth.users is the identity (Supabase Auth). Every user gets a profile and a personal
-- organization on signup, so per-user products (LitinkAI, VideoPlanet) and per-team
-- products (MODO, Fenta) share one tenant model: everything billable or shareable
-- belongs to an organization.

create table public.profiles (
    id uuid primary key references auth.users (id) on delete cascade,
    username text unique check (username ~ '^[A-Za-z0-9_][A-Za-z0-9_.-]{2,39}$'),
    display_name text check (length(display_name) <= 120),
    first_name text,
    last_name text,
    email text,
    avatar_url text,
    bio text check (length(bio) <= 2000),
    company text,
    job_title text,
    locale text not null default 'en' check (locale ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
    timezone text not null default 'UTC',
    wallet_address text unique,
    modo_tokens integer not null default 0 check (modo_tokens >= 0),
    preferences jsonb not null default '{}' check (jsonb_typeof(preferences) = 'object'),
    notification_settings jsonb not null default '{}' check (jsonb_typeof(notification_settings) = 'object'),
    social_links jsonb not null default '{}' check (jsonb_typeof(social_links) = 'object'),
    metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object'),
    user_mode text not null default 'creator' check (user_mode in ('learning', 'creator', 'entertainment')),
    onboarding_completed boolean not null default false,
    onboarding_step integer not null default 0 check (onboarding_step >= 0),
    status text not null default 'active' check (status in ('active', 'suspended', 'deleted')),
    last_login_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz,
    check ((status = 'deleted') = (deleted_at is not null))
);
comment on table public.profiles is 'One per auth.users row, created by trigger: the merged user/profile fields of every product.';
-- usernames are unique regardless of case
create unique index profiles_username_lower_key on public.profiles (lower(username));

create table public.organizations (
    id uuid primary key default gen_random_uuid(),
    name text not null check (length(name) between 1 and 120),
    slug text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'),
    is_personal boolean not null default false,
    primary_owner_user_id uuid not null references auth.users (id),
    created_by uuid references auth.users (id) on delete set null,
    logo_url text,
    banner_url text,
    description text,
    website text,
    plan text not null default 'free' check (plan in (
        'free', 'starter', 'basic', 'standard', 'pro', 'premium', 'professional', 'team', 'enterprise', 'byok'
    )),
    billing_email text check (billing_email ~ '^[^@\s]+@[^@\s]+$'),
    stripe_customer_id text unique,
    stripe_subscription_id text unique,
    storage_used_bytes bigint not null default 0 check (storage_used_bytes >= 0),
    storage_limit_bytes bigint not null default 524288000 check (storage_limit_bytes >= 0),
    settings jsonb not null default '{}' check (jsonb_typeof(settings) = 'object'),
    trial_ends_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz
);
comment on table public.organizations is 'Tenants: a personal organization per user plus team organizations.';
-- one personal organization per user
create unique index organizations_personal_owner_key on public.organizations (primary_owner_user_id)
where is_personal;
create index organizations_primary_owner_idx on public.organizations (primary_owner_user_id);

create table public.organization_members (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    user_id uuid not null references auth.users (id) on delete cascade,
    role public.member_role not null default 'viewer',
    permissions text[] not null default '{}' check (permissions <@ array[
        'projects.create', 'projects.delete', 'media.generate', 'billing.manage', 'members.invite',
        'api_keys.manage', 'webhooks.manage', 'assets.upload', 'publish'
    ]::text[]),
    modo_tokens integer not null default 0 check (modo_tokens >= 0),
    invited_by uuid references auth.users (id) on delete set null,
    invited_at timestamptz,
    joined_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (organization_id, user_id)
);
comment on column public.organization_members.permissions is
'Granular grants on top of the role, for actions a role alone does not give.';
-- the access helpers look members up by user first
create index organization_members_user_idx on public.organization_members (user_id, organization_id) include (role);

-- Platform-wide roles (staff), as opposed to organization roles.
create table public.user_roles (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references auth.users (id) on delete cascade,
    role_name text not null check (role_name in ('admin', 'moderator', 'support', 'finance', 'creator_verified')),
    granted_at timestamptz not null default now(),
    granted_by uuid references auth.users (id) on delete set null,
    unique (user_id, role_name)
);

create table public.user_follows (
    follower_id uuid not null references auth.users (id) on delete cascade,
    following_id uuid not null references auth.users (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (follower_id, following_id),
    check (follower_id <> following_id)
);
create index user_follows_following_idx on public.user_follows (following_id);

create trigger set_updated_at before update on public.profiles
for each row execute function private.set_updated_at();
create trigger set_updated_at before update on public.organizations
for each row execute function private.set_updated_at();
create trigger set_updated_at before update on public.organization_members
for each row execute function private.set_updated_at();

create trigger protect_columns before update on public.profiles
for each row execute function private.protect_columns(
    'id', 'email', 'modo_tokens', 'status', 'last_login_at', 'created_at', 'deleted_at'
);
create trigger protect_columns before update on public.organizations
for each row execute function private.protect_columns(
    'id', 'slug', 'is_personal', 'primary_owner_user_id', 'created_by', 'plan', 'stripe_customer_id',
    'stripe_subscription_id', 'storage_used_bytes', 'storage_limit_bytes', 'trial_ends_at', 'created_at',
    'deleted_at'
);

-- ---------------------------------------------------------------------------
-- Access helpers: STABLE, security definer, empty search_path, in `private`.
-- Policies call them as `organization_id = any(array(select private.my_org_ids()))`:
-- the array is computed once per statement (an InitPlan) and the comparison can use the
-- table's organization index, which keeps RLS within a few percent of an explicit filter.
-- ---------------------------------------------------------------------------

create function private.my_org_ids(min_role public.member_role default 'viewer')
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select m.organization_id
    from public.organization_members m
    join public.organizations o on o.id = m.organization_id
    where m.user_id = (select auth.uid())
      and m.role >= min_role
      and o.deleted_at is null
$$;

create function private.has_org_role(org_id uuid, min_role public.member_role default 'viewer')
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
    select exists (
        select 1
        from public.organization_members m
        join public.organizations o on o.id = m.organization_id
        where m.organization_id = org_id
          and m.user_id = (select auth.uid())
          and m.role >= min_role
          and o.deleted_at is null
    )
$$;

-- Users who share at least one organization with the caller (profiles of teammates).
create function private.my_teammate_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select distinct other.user_id
    from public.organization_members mine
    join public.organization_members other on other.organization_id = mine.organization_id
    where mine.user_id = (select auth.uid())
$$;

create function private.has_platform_role(role_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
    select exists (
        select 1 from public.user_roles r where r.user_id = (select auth.uid()) and r.role_name = has_platform_role.role_name
    )
$$;

grant execute on function private.my_org_ids(public.member_role), private.has_org_role(uuid, public.member_role),
private.my_teammate_ids(), private.has_platform_role(text) to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Rules
-- ---------------------------------------------------------------------------

-- An organization always keeps at least one owner. Deferred to commit, so that an
-- ownership transfer may demote and promote in either order.
create function private.ensure_an_owner_remains()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if exists (select 1 from public.organizations o where o.id = old.organization_id)
       and not exists (
           select 1 from public.organization_members m
           where m.organization_id = old.organization_id and m.role = 'owner') then
        raise exception 'organization % must keep at least one owner', old.organization_id
            using errcode = '55000';
    end if;
    return null;
end
$$;

create constraint trigger ensure_an_owner_remains
after update of role or delete on public.organization_members
deferrable initially deferred
for each row execute function private.ensure_an_owner_remains();

-- Signup: profile, personal organization, ownership. Runs as the function owner
-- because the inserting role (Supabase Auth) cannot write public tables.
create function private.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    meta jsonb := coalesce(new.raw_user_meta_data, '{}');
    wanted_username text := meta ->> 'username';
    name text := coalesce(nullif(meta ->> 'full_name', ''), nullif(meta ->> 'name', ''),
                          nullif(split_part(new.email, '@', 1), ''), 'New user');
    personal_org uuid;
begin
    if wanted_username !~ '^[A-Za-z0-9_][A-Za-z0-9_.-]{2,39}$'
       or exists (select 1 from public.profiles p where lower(p.username) = lower(wanted_username)) then
        wanted_username := null;
    end if;
    insert into public.profiles (id, username, display_name, email, avatar_url, last_login_at)
    values (new.id, wanted_username, name, new.email, meta ->> 'avatar_url', new.last_sign_in_at);

    insert into public.organizations (name, slug, is_personal, primary_owner_user_id, created_by, billing_email)
    values (name, 'u-' || replace(new.id::text, '-', ''), true, new.id, new.id, new.email)
    returning id into personal_org;

    insert into public.organization_members (organization_id, user_id, role)
    values (personal_org, new.id, 'owner');
    return new;
end
$$;

create trigger on_auth_user_created
after insert on auth.users
for each row execute function private.handle_new_user();

-- Keep the profile's copies of Supabase Auth's email and last sign-in current.
create function private.sync_profile_from_auth()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    update public.profiles p
    set email = new.email, last_login_at = new.last_sign_in_at
    where p.id = new.id;
    return new;
end
$$;

create trigger on_auth_user_updated
after update of email, last_sign_in_at on auth.users
for each row
when (old.email is distinct from new.email or old.last_sign_in_at is distinct from new.last_sign_in_at)
execute function private.sync_profile_from_auth();

-- ---------------------------------------------------------------------------
-- Grants: explicit, per role. RLS then decides rows.
-- ---------------------------------------------------------------------------
alter table public.profiles enable row level security;
alter table public.organizations enable row level security;
alter table public.organization_members enable row level security;
alter table public.user_roles enable row level security;
alter table public.user_follows enable row level security;

revoke all on public.profiles, public.organizations, public.organization_members, public.user_roles,
public.user_follows from anon, authenticated;
grant select, update on public.profiles to authenticated;
grant select, update on public.organizations to authenticated;
grant select on public.organization_members to authenticated;
grant select on public.user_roles to authenticated;
grant select, insert, delete on public.user_follows to authenticated;
grant all on public.profiles, public.organizations, public.organization_members, public.user_roles,
public.user_follows to service_role;

-- Deleting a user removes their personal organization; team organizations they are the
-- primary owner of block the deletion until ownership is transferred.
create function private.handle_deleted_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    delete from public.organizations o where o.primary_owner_user_id = old.id and o.is_personal;
    return old;
end
$$;

create trigger on_auth_user_deleted
before delete on auth.users
for each row execute function private.handle_deleted_user();
