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

-- A row's values as the audit log keeps them: each value whose JSON text exceeds 1,000
-- characters (a chapter's content, an embedding, a large jsonb) replaced by its length and MD5,
-- so an audit row stays small whatever the table holds and a change to a large value still shows.
create or replace function private.audit_bounded(row_values jsonb)
returns jsonb
language sql
immutable
set search_path = ''
as $$
    select jsonb_object_agg(v.key, case when length(v.value::text) > 1000
                                        then jsonb_build_object('omitted_chars', length(v.value::text),
                                                                'md5', md5(v.value::text))
                                        else v.value end)
    from jsonb_each(row_values) v
$$;

-- One audit row, with the request's address and user agent: every writer of audit_logs (the
-- row trigger below, and RPCs recording an action such as sharing) goes through it.
create or replace function private.record_audit_event(
    organization_id uuid, action text, entity_type text, entity_id text,
    old_values jsonb default null, new_values jsonb default null, changes jsonb default null,
    metadata jsonb default '{}'
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
    request record := private.request_metadata();
begin
    insert into public.audit_logs (
        organization_id, user_id, action, entity_type, entity_id, old_values, new_values, changes,
        ip_address, user_agent, metadata
    )
    values (
        record_audit_event.organization_id, private.acting_user_id(), record_audit_event.action,
        record_audit_event.entity_type,
        record_audit_event.entity_id, record_audit_event.old_values, record_audit_event.new_values,
        record_audit_event.changes, request.ip_address, request.user_agent, record_audit_event.metadata
    );
end
$$;
revoke execute on function private.record_audit_event(uuid, text, text, text, jsonb, jsonb, jsonb, jsonb) from public;

-- Generic row-change recorder. An insert keeps the new row, a delete the old one, an update
-- only the columns it changed (old and new value each), all through audit_bounded. TG_ARGV
-- names bookkeeping columns (last used, counters) left out of the log: an update of only those
-- records nothing. The organization is the row's own, else its project's or community's, so
-- the organization's admins read the change (audit_logs_select).
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
    organization uuid;
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
        old_row := null;
        new_row := null;
        select jsonb_object_agg(d.key, private.audit_bounded(d.value)) into diff from jsonb_each(diff) d;
    end if;
    -- a row without its own organization takes its project's or community's: the one rule of
    -- scope from the parent (missing_ok: a parent gone since is no reason to lose the record)
    organization := coalesce(
        case when tg_table_name = 'organizations' then (row_data ->> 'id')::uuid
             else (row_data ->> 'organization_id')::uuid end,
        (private.parent_scope(row_data, array['projects:project_id', 'communities:community_id'], tg_table_name, true)
         ->> 'organization_id')::uuid);
    perform private.record_audit_event(
        organization, lower(tg_op), tg_table_name, coalesce(row_data ->> 'id', row_data ->> 'key'),
        private.audit_bounded(old_row), private.audit_bounded(new_row), diff
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

-- ---------------------------------------------------------------------------
-- Domain tables: every table a client may write is audited (issue 25, item 6). The catalog says
-- which (private.client_writable_tables); each gets the record_audit trigger below unless
-- private.unaudited_tables() gives the reason it does not; tests/py/test_audit_coverage.py fails
-- for a client-writable table with neither. Unlike the tenancy and billing tables above (every
-- change, whoever makes it), a domain trigger fires for what people do: statements of a user's
-- request (directly or through an RPC), not those issued by another trigger (counters,
-- scope inheritance, FK cascades: the parent's delete is the audited event) nor the workers'
-- progress (service role, no user), which generations and job_logs already record.
-- ---------------------------------------------------------------------------

-- Tables (ordinary or partitioned, any schema of ours) that `authenticated` may insert into,
-- update or delete from, by table or column grant.
create or replace function private.client_writable_tables()
returns table (relation regclass)
language sql
stable
set search_path = ''
as $$
    select c.oid::regclass
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and not c.relispartition
      and n.nspname not in ('pg_catalog', 'information_schema', 'tests') and n.nspname !~ '^pg_'
      and (has_table_privilege('authenticated', c.oid, 'INSERT')
           or has_table_privilege('authenticated', c.oid, 'DELETE')
           or has_any_column_privilege('authenticated', c.oid, 'INSERT')
           or has_any_column_privilege('authenticated', c.oid, 'UPDATE'))
$$;

-- The client-writable tables not audited, and why. Kept short: each is a person's own
-- high-volume record of themselves, not an organization's work, and each row already says who
-- did what and when (an audit row would double it and, having no organization, be read by no
-- admin); or state that is not ours to audit.
create or replace function private.unaudited_tables()
returns table (relation regclass, reason text)
language sql
stable
set search_path = ''
as $$
    select r.relation::regclass, r.reason
    from (values
        ('public.content_likes', 'a viewer''s like of a title: a reaction, the row itself is the record'),
        ('public.fan_content_likes', 'a fan''s like of fan content: a reaction, the row itself is the record'),
        ('public.discussion_votes', 'a member''s vote on a discussion or comment: a reaction, the row is the record'),
        ('public.discussion_poll_votes', 'a member''s poll answer: a reaction, the row itself is the record'),
        ('public.content_ratings', 'a viewer''s rating of a title: their own opinion, the row itself is the record'),
        ('public.prompt_ratings', 'a user''s rating of a prompt: their own opinion, the row itself is the record'),
        ('public.user_follows', 'who follows whom: a person''s own social graph, the row itself is the record'),
        ('public.watchlists', 'a viewer''s own list of titles to watch: personal, high-volume, no organization'),
        ('public.watch_history', 'a viewer''s own history (clients only clear it): personal, the highest volume'),
        ('public.notifications', 'a person dismissing their own notifications (delete only): personal inbox state'),
        ('public.carts', 'a shopper''s cart: ephemeral; the order written at checkout is the record'),
        ('public.cart_items', 'a shopper''s cart lines: ephemeral; the order written at checkout is the record'),
        ('private.daily_counts', 'once-per-viewer-per-day dedup of view and share counters: the highest volume'),
        ('storage.buckets', 'Supabase Storage''s own table (no bucket is client-created: policies refuse)'),
        ('storage.objects', 'Supabase Storage''s own table: a stored file is recorded as an audited assets row')
    ) r (relation, reason)
$$;

do $$
declare
    audited regclass;
begin
    for audited in
        select w.relation from private.client_writable_tables() w
        where w.relation not in (select u.relation from private.unaudited_tables() u)
          -- the tenancy and billing tables above have their own trigger (no WHEN: every change)
          and not exists (select 1 from pg_catalog.pg_trigger g
                          where g.tgrelid = w.relation and g.tgname = 'record_audit' and g.tgqual is null)
    loop
        execute format('create or replace trigger record_audit after insert or delete or update on %s '
                       'for each row when (pg_trigger_depth() = 0 and auth.uid() is not null) '
                       'execute function private.record_audit()', audited);
    end loop;
end
$$;
