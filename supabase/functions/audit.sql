-- Audit log: append-only, written by a generic diff trigger.

-- Append-only tables (this log, the credit ledger): nobody updates or deletes a row, not
-- clients, not the service role, not a maintenance script. The one exception is a cascade
-- from deleting the organization that owns the rows (a trigger-level delete).
create or replace function private.forbid_changes()
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

create or replace trigger forbid_changes before delete or update on public.audit_logs
for each row execute function private.forbid_changes('audit_logs');
create or replace trigger forbid_changes before delete or update on public.credit_transactions
for each row execute function private.forbid_changes('credit_transactions');

-- `candidate` as a host address (IPv4 or IPv6, no netmask), or null when it is not one.
create or replace function private.client_address(candidate text)
returns inet
language plpgsql
immutable
set search_path = ''
as $$
begin
    candidate := trim(candidate);
    if candidate is null or length(candidate) not between 2 and 45 or candidate !~ '^[0-9A-Fa-f:.]+$' then
        return null;
    end if;
    begin
        return candidate::inet;
    exception when invalid_text_representation then
        return null;  -- looked like an address but is not one, e.g. 999.1.2.3
    end;
end
$$;

-- The request's client address and user agent for the audit log, from the headers PostgREST
-- passes in `request.headers`. The address is the one Supabase's gateway reports, never one
-- the client chose: cf-connecting-ip (Cloudflare overwrites it on every request to the
-- project), else x-real-ip (set by the API gateway), else the LAST x-forwarded-for hop (the
-- one the nearest proxy appended; earlier hops are whatever the client sent). A malformed
-- value is ignored (null), and malformed headers give no metadata: never an error, so audit
-- metadata cannot fail a write. The rule is documented in docs/tenancy.md.
create or replace function private.request_metadata(out ip_address inet, out user_agent text)
language plpgsql
stable
set search_path = ''
as $$
declare
    raw text := nullif(current_setting('request.headers', true), '');
    headers jsonb;
    hops text[];
begin
    if raw is null then
        return;
    end if;
    begin
        headers := raw::jsonb;
    exception when invalid_text_representation then
        return;
    end;
    if jsonb_typeof(headers) <> 'object' then
        return;
    end if;
    hops := string_to_array(headers ->> 'x-forwarded-for', ',');
    ip_address := coalesce(
        private.client_address(headers ->> 'cf-connecting-ip'),
        private.client_address(headers ->> 'x-real-ip'),
        private.client_address(hops[cardinality(hops)]));
    user_agent := left(headers ->> 'user-agent', 512);
end
$$;

revoke execute on function private.client_address(text), private.request_metadata() from public;

-- Generic row-change recorder for sensitive tables. TG_ARGV names bookkeeping columns
-- (last used, counters) left out of the log: an update of only those records nothing.
create or replace function private.record_audit()
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
    request record := private.request_metadata();
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
        private.caller_id(),
        lower(tg_op),
        tg_table_name,
        coalesce(row_data ->> 'id', row_data ->> 'key'),
        old_row,
        new_row,
        diff,
        request.ip_address,
        request.user_agent
    );
    return null;
end
$$;

create or replace trigger record_audit after insert or delete or update on public.api_keys
for each row execute function private.record_audit('last_used_at');
create or replace trigger record_audit after insert or delete or update on public.feature_flags
for each row execute function private.record_audit();
create or replace trigger record_audit after insert or delete or update on public.invitations
for each row execute function private.record_audit();
create or replace trigger record_audit after insert or delete or update on public.organization_members
for each row execute function private.record_audit('organization_deleted_at');
create or replace trigger record_audit after insert or delete or update on public.organizations
for each row execute function private.record_audit('storage_used_bytes');
create or replace trigger record_audit after insert or delete or update on public.provider_credentials
for each row execute function private.record_audit('usage_count', 'last_used_at');
create or replace trigger record_audit after insert or delete or update on public.subscriptions
for each row execute function private.record_audit();
create or replace trigger record_audit after insert or delete or update on public.system_settings
for each row execute function private.record_audit();
create or replace trigger record_audit after insert or delete or update on public.user_roles
for each row execute function private.record_audit();
create or replace trigger record_audit after insert or delete or update on public.webhooks
for each row execute function private.record_audit('last_triggered_at', 'failure_count');
