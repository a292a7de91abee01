-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.follow_plan_storage_limit()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    update public.organizations o set storage_limit_bytes = new.storage_limit_bytes
    from public.subscriptions s
    where s.plan_id = new.id and o.id = s.organization_id
      and o.storage_limit_bytes is distinct from new.storage_limit_bytes;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.account_storage()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    old_bytes bigint := case when tg_op in ('UPDATE', 'DELETE') and (to_jsonb(old) ->> 'deleted_at') is null
                             then old.size_bytes else 0 end;
    new_bytes bigint := case when tg_op in ('INSERT', 'UPDATE') and (to_jsonb(new) ->> 'deleted_at') is null
                             then new.size_bytes else 0 end;
    org_id uuid := case when tg_op = 'DELETE' then old.organization_id else new.organization_id end;
    org public.organizations;
begin
    if new_bytes = old_bytes then
        return null;
    end if;
    update public.organizations o set storage_used_bytes = o.storage_used_bytes + new_bytes - old_bytes
    where o.id = org_id
    returning * into org;
    if new_bytes > old_bytes and org.storage_limit_bytes is not null and org.storage_used_bytes > org.storage_limit_bytes then
        raise exception 'storage limit of % bytes reached', org.storage_limit_bytes
            using errcode = 'PT507', hint = 'delete assets or upgrade the plan';
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.record_subscription_change()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
    update public.organizations o
    set plan = p.id, storage_limit_bytes = p.storage_limit_bytes
    from public.plans p
    where p.id = new.plan_id and o.id = new.organization_id
      and (o.plan, o.storage_limit_bytes) is distinct from (p.id, p.storage_limit_bytes);
    return null;
end
$function$
;

CREATE TRIGGER follow_plan_storage_limit AFTER UPDATE OF storage_limit_bytes ON public.plans FOR EACH ROW WHEN ((old.storage_limit_bytes IS DISTINCT FROM new.storage_limit_bytes)) EXECUTE FUNCTION private.follow_plan_storage_limit();
