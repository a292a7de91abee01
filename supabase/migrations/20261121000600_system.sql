-- Platform settings and feature flags.

create table public.system_settings (
    key text primary key check (key ~ '^[a-z0-9_.]+$'),
    value jsonb not null,
    description text,
    is_public boolean not null default false,
    updated_by uuid references auth.users (id) on delete set null,
    updated_at timestamptz not null default now()
);
comment on column public.system_settings.is_public is 'Readable by every client, anon included (e.g. maintenance banners).';

create table public.feature_flags (
    id uuid primary key default gen_random_uuid(),
    key text not null unique check (key ~ '^[a-z0-9_.-]+$'),
    description text,
    enabled boolean not null default false,
    target_type text not null default 'all' check (target_type in ('all', 'percentage', 'users', 'organizations')),
    rollout_percentage integer check (rollout_percentage between 0 and 100),
    target_user_ids uuid[] not null default '{}',
    target_organization_ids uuid[] not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check ((target_type = 'percentage') = (rollout_percentage is not null))
);

create trigger set_updated_at before update on public.system_settings
for each row execute function private.set_updated_at();
create trigger set_updated_at before update on public.feature_flags
for each row execute function private.set_updated_at();
create trigger record_audit after insert or update or delete on public.system_settings
for each row execute function private.record_audit();
create trigger record_audit after insert or update or delete on public.feature_flags
for each row execute function private.record_audit();

alter table public.system_settings enable row level security;
alter table public.feature_flags enable row level security;
revoke all on public.system_settings, public.feature_flags from anon, authenticated;
grant select on public.system_settings to anon, authenticated;
grant all on public.system_settings, public.feature_flags to service_role;

insert into public.system_settings (key, value, description, is_public) values
('maintenance_mode', 'false', 'When true, clients show a maintenance notice.', true),
('signup_enabled', 'true', 'Whether new accounts may sign up.', true);
