-- A membership carries its organization's deletion time, kept by a trigger on organizations
-- (supabase/functions/organizations.sql). "Current memberships" — what every policy asks per
-- statement — is then one index-only scan of the caller's rows, without a join to
-- organizations: bench/rls_bench.py's fixed cost per statement (docs/tenancy.md).
alter table public.organization_members add column organization_deleted_at timestamptz;

comment on column public.organization_members.organization_deleted_at is
'The organization''s deleted_at, mirrored (null: live). A membership of a deleted organization grants nothing.';

update public.organization_members m set organization_deleted_at = o.deleted_at
from public.organizations o
where o.id = m.organization_id and o.deleted_at is not null;

drop index public.organization_members_user_idx;
create index organization_members_user_idx on public.organization_members (user_id, organization_id)
include (role, organization_deleted_at);
