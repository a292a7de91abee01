-- Audit log, partitioned by month (private.ensure_monthly_partitions: partitions in
-- `private`, a default partition so that recording never fails).

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

select private.ensure_monthly_partitions('public.audit_logs', 3);

-- Append-only tables (this log, the credit ledger): nobody updates or deletes a row, not
-- clients, not the service role, not a maintenance script. The one exception is a cascade
-- from deleting the organization that owns the rows (a trigger-level delete).
create function private.forbid_changes()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
        return old;
    end if;
    -- the table's name comes as an argument: on a partition tg_table_name is the partition's
    raise exception '% rows are append-only: they cannot be changed or deleted', tg_argv[0]
        using errcode = '42501';
end
$$;

create trigger forbid_changes before update or delete on public.audit_logs
for each row execute function private.forbid_changes('audit_logs');

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
