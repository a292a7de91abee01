-- Subscriptions: history written by trigger.

-- Every plan or status change is history; the organization's plan column follows.
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
        auth.uid()
    );
    update public.organizations o set plan = new.plan_id where o.id = new.organization_id and o.plan <> new.plan_id;
    return null;
end
$$;

create or replace trigger record_subscription_change after insert or update of plan_id, status on public.subscriptions
for each row execute function private.record_subscription_change();
