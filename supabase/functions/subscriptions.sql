-- Subscriptions: history written by trigger.

-- Every plan or status change is history; the organization's plan and storage limit follow.
create or replace function private.record_subscription_change()
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
        private.caller_id()
    );
    update public.organizations o
    set plan = p.id, storage_limit_bytes = p.storage_limit_bytes
    from public.plans p
    where p.id = new.plan_id and o.id = new.organization_id
      and (o.plan, o.storage_limit_bytes) is distinct from (p.id, p.storage_limit_bytes);
    return null;
end
$$;

create or replace trigger record_subscription_change after insert or update of plan_id, status on public.subscriptions
for each row execute function private.record_subscription_change();

-- A plan's storage limit changed: every organization on it gets the new one (downgrades keep the
-- files already stored; account_storage refuses uploads past the new limit).
create or replace function private.follow_plan_storage_limit()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    update public.organizations o set storage_limit_bytes = new.storage_limit_bytes
    from public.subscriptions s
    where s.plan_id = new.id and o.id = s.organization_id
      and o.storage_limit_bytes is distinct from new.storage_limit_bytes;
    return null;
end
$$;
revoke execute on function private.follow_plan_storage_limit() from public;

create or replace trigger follow_plan_storage_limit after update of storage_limit_bytes on public.plans
for each row when (old.storage_limit_bytes is distinct from new.storage_limit_bytes)
execute function private.follow_plan_storage_limit();
