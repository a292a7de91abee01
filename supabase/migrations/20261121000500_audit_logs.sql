-- Audit log, partitioned by month. Partitions live in `private` (not exposed); a default
-- partition catches any month not yet created, so recording never fails, and
-- private.ensure_audit_partitions() (run by the scheduler) creates months ahead and moves
-- rows out of the default partition when their month arrives late.

create table public.audit_logs (
    id bigint generated always as identity,
    organization_id uuid,
    user_id uuid,
    actor_role text not null default coalesce(auth.role(), current_user),
    action text not null check (length(action) between 1 and 100),
    entity_type text not null check (length(entity_type) between 1 and 100),
    entity_id text,
    old_values jsonb,
    new_values jsonb,
    changes jsonb,
    ip_address inet,
    user_agent text,
    metadata jsonb not null default '{}',
    created_at timestamptz not null default now(),
    primary key (id, created_at)
) partition by range (created_at);
comment on table public.audit_logs is
'Append-only. Organization admins read their organization''s rows; nobody updates or deletes them.';
-- "newest rows of my organization": RLS filter plus order by created_at desc
create index audit_logs_organization_created_idx on public.audit_logs (organization_id, created_at desc);

create table private.audit_logs_default partition of public.audit_logs default;

create function private.ensure_audit_partitions(months_ahead integer default 3)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
    month_start timestamptz;
    month_end timestamptz;
    partition_name text;
    created integer := 0;
begin
    for i in 0..months_ahead loop
        month_start := date_trunc('month', now()) + make_interval(months => i);
        month_end := month_start + interval '1 month';
        partition_name := 'audit_logs_' || to_char(month_start, '"y"YYYY"m"MM');
        continue when to_regclass('private.' || partition_name) is not null;
        if exists (select 1 from private.audit_logs_default d where d.created_at >= month_start and d.created_at < month_end) then
            -- Rows arrived before their partition: detach the default (which drops its copy of
            -- the no-changes trigger), create the month, move the rows through the parent, re-attach.
            alter table public.audit_logs detach partition private.audit_logs_default;
            execute format('create table private.%I partition of public.audit_logs for values from (%L) to (%L)',
                           partition_name, month_start, month_end);
            with moved as (
                delete from private.audit_logs_default d
                where d.created_at >= month_start and d.created_at < month_end
                returning d.*
            )
            insert into public.audit_logs overriding system value select * from moved;
            alter table public.audit_logs attach partition private.audit_logs_default default;
        else
            execute format('create table private.%I partition of public.audit_logs for values from (%L) to (%L)',
                           partition_name, month_start, month_end);
        end if;
        created := created + 1;
    end loop;
    return created;
end
$$;
grant execute on function private.ensure_audit_partitions(integer) to service_role;

select private.ensure_audit_partitions(3);

-- Nobody rewrites history: not clients, not the service role, not a stray maintenance script.
create function private.forbid_audit_changes()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    raise exception 'audit log rows cannot be changed or deleted' using errcode = '42501';
end
$$;

create trigger forbid_changes before update or delete on public.audit_logs
for each row execute function private.forbid_audit_changes();

-- Generic row-change recorder for sensitive tables. TG_ARGV names bookkeeping columns
-- (last used, counters) left out of the log: an update of only those records nothing.
create function private.record_audit()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    old_row jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end;
    new_row jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end;
    row_data jsonb := coalesce(new_row, old_row);
    diff jsonb;
    headers jsonb := nullif(current_setting('request.headers', true), '')::jsonb;
begin
    if tg_nargs > 0 then
        old_row := old_row - tg_argv;
        new_row := new_row - tg_argv;
    end if;
    if tg_op = 'UPDATE' then
        select jsonb_object_agg(n.key, jsonb_build_object('old', old_row -> n.key, 'new', n.value))
        into diff
        from jsonb_each(new_row) n
        where n.key <> 'updated_at' and old_row -> n.key is distinct from n.value;
        if diff is null then
            return null;  -- nothing but updated_at changed
        end if;
    end if;
    insert into public.audit_logs (
        organization_id, user_id, action, entity_type, entity_id, old_values, new_values, changes,
        ip_address, user_agent
    )
    values (
        case when tg_table_name = 'organizations' then (row_data ->> 'id')::uuid
             else (row_data ->> 'organization_id')::uuid end,
        auth.uid(),
        lower(tg_op),
        tg_table_name,
        coalesce(row_data ->> 'id', row_data ->> 'key'),
        old_row,
        new_row,
        diff,
        (split_part(headers ->> 'x-forwarded-for', ',', 1))::inet,
        headers ->> 'user-agent'
    );
    return null;
end
$$;

create trigger record_audit after insert or update or delete on public.organizations
for each row execute function private.record_audit();
create trigger record_audit after insert or update or delete on public.organization_members
for each row execute function private.record_audit();
create trigger record_audit after insert or update or delete on public.invitations
for each row execute function private.record_audit();
create trigger record_audit after insert or update or delete on public.api_keys
for each row execute function private.record_audit('last_used_at');
create trigger record_audit after insert or update or delete on public.provider_credentials
for each row execute function private.record_audit('usage_count', 'last_used_at');
create trigger record_audit after insert or update or delete on public.webhooks
for each row execute function private.record_audit('last_triggered_at', 'failure_count');
create trigger record_audit after insert or update or delete on public.user_roles
for each row execute function private.record_audit();

alter table public.audit_logs enable row level security;
revoke all on public.audit_logs from anon, authenticated;
grant select on public.audit_logs to authenticated;
grant select, insert on public.audit_logs to service_role;
