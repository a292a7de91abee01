-- organizations.storage_limit_bytes follows the organization's plan (plans.storage_limit_bytes,
-- kept by triggers in supabase/functions/subscriptions.sql); a plan without a limit (null,
-- enterprise) leaves the organization without one.
alter table public.organizations alter column storage_limit_bytes drop not null;
comment on column public.organizations.storage_limit_bytes is
    'Bytes of live assets allowed: the plan''s plans.storage_limit_bytes, kept in step by triggers; null = no limit.';

update public.organizations o
set storage_limit_bytes = p.storage_limit_bytes
from public.subscriptions s
join public.plans p on p.id = s.plan_id
where s.organization_id = o.id and o.storage_limit_bytes is distinct from p.storage_limit_bytes;
