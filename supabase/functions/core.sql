-- Platform building blocks: updated_at, protected columns, the caller, tokens, monthly partitions.

-- updated_at kept by the database, whatever the client sends.
create or replace function private.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    new.updated_at := now();
    return new;
end
$$;

create or replace trigger set_updated_at before update on public.animations
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.assets
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.books
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.brand_policies
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.chapter_scripts
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.chapters
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.characters
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.feature_flags
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.feedback
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.invitations
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.invoices
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.moodboards
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.organization_members
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.organizations
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.plans
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.plot_overviews
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.profiles
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.projects
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.prompts
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.provider_credentials
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.scenes
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.scripts
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.stories
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.subscriptions
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.system_settings
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.universes
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.webhooks
for each row execute function private.set_updated_at();

-- The one "is this a client request?" test: true when an API client (anon or authenticated)
-- made the request, not the service role or a maintenance session. PostgREST starts a client's
-- transaction with `set local role authenticated` (or anon); a security-definer function runs
-- as its owner (current_user changes) but cannot change the role setting, so:
--   directly => true (the default, for triggers and invoker code): the statement runs with the
--     client's own rights, i.e. the client wrote the row itself, not through one of our
--     security-definer RPCs, which apply their own rules and may set what a client may not;
--   directly => false (for security-definer code): the request came from a client, also when
--     the statement runs inside our functions (what the caller may see still applies).
create or replace function private.is_client_request(directly boolean default true)
returns boolean
language sql
stable
set search_path = ''
as $$
    select case when directly then current_user::text else coalesce(current_setting('role', true), 'none') end
           in ('anon', 'authenticated')
$$;

grant execute on function private.is_client_request(boolean) to anon, authenticated, service_role;

-- Columns a client may never change on UPDATE, named in the trigger's arguments
-- ('column', or 'column->key' for one key of a jsonb column).
-- RPCs run as their owner, so they may still change them under their own rules; a column
-- named '!column' changes for nobody, RPCs and the service role included (an order's amounts,
-- a report's parties).
create or replace function private.protect_columns()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
    old_row jsonb := to_jsonb(old);
    new_row jsonb := to_jsonb(new);
    column_name text;
    client boolean := private.is_client_request();
begin
    foreach column_name in array tg_argv loop
        if left(column_name, 1) = '!' then
            column_name := substr(column_name, 2);
            if old_row -> column_name is distinct from new_row -> column_name then
                raise exception 'column %.% never changes', tg_table_name, column_name using errcode = '42501';
            end if;
        elsif client
              and old_row #> string_to_array(column_name, '->') is distinct from new_row #> string_to_array(column_name, '->')
        then
            raise exception 'column %.% cannot be changed by clients', tg_table_name, column_name
                using errcode = '42501', hint = 'use the RPC that owns this change, if there is one';
        end if;
    end loop;
    return new;
end
$$;

-- What a client's INSERT starts with, whatever it sent: each argument 'column' is the caller
-- (who did it: uploaded_by, created_by …), 'column=json' that value (counters at 0, a first
-- status); protect_columns freezes them afterwards. Progress and rewards credit the actor, so
-- nobody files their work, or junk, under someone else's name. RPCs and the service role set
-- their own.
create or replace function private.client_defaults()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
    setting text;
    defaults jsonb := '{}';
begin
    if not private.is_client_request() then
        return new;
    end if;
    foreach setting in array tg_argv loop
        defaults := defaults || case
            when position('=' in setting) = 0 then jsonb_build_object(setting, private.caller_id())
            else jsonb_build_object(split_part(setting, '=', 1), substr(setting, position('=' in setting) + 1)::jsonb)
        end;
    end loop;
    return jsonb_populate_record(new, defaults);
end
$$;
revoke execute on function private.client_defaults() from public;

-- A document column checked by its problem function (first problem as text, null when valid):
-- arguments 'label', 'schema.problem_function', then the columns of NEW passed to it in order.
-- The save is refused with 22023 '<label> "<name>": <problem>'. Invoker rights: the problem
-- function sees what the caller may see (a workflow's templates).
create or replace function private.reject_problem()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
    problem text;
begin
    execute format('select %s(%s)', tg_argv[1]::regproc,
                   (select string_agg(format('$1.%I', column_name), ', ' order by position)
                    from unnest(tg_argv[2:]) with ordinality as argument(column_name, position)))
    into problem using new;
    if problem is not null then
        raise exception '% "%": %', tg_argv[0], to_jsonb(new) ->> 'name', problem using errcode = '22023';
    end if;
    return new;
end
$$;
revoke execute on function private.reject_problem() from public;

-- A published thing born in a project (campaigns, contents): a client needs the editor role in
-- the project's organization (private.inherit_scope, fired first, set it; another organization's project
-- answers as one that does not exist, no oracle), it starts live (project_deleted_at null) and in
-- one of its first statuses. TG_ARGV[0] says how it starts ('a campaign starts as a draft'; the
-- refusal adds ', not <status>', PT409), the other arguments are those statuses. Caller's rights:
-- it must tell clients from RPCs.
create or replace function private.start_in_project()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if private.is_client_request() and not private.has_org_role(new.organization_id, 'editor') then
        raise exception 'project not found' using errcode = 'PT404';
    end if;
    new.project_deleted_at := null;
    if not new.status::text = any(tg_argv[1:]) then
        raise exception '%, not %', tg_argv[0], new.status using errcode = 'PT409';
    end if;
    return new;
end
$$;
revoke execute on function private.start_in_project() from public;

create or replace trigger client_defaults before insert on public.assets
for each row execute function private.client_defaults('uploaded_by');
create or replace trigger client_defaults before insert on public.asset_versions
for each row execute function private.client_defaults('created_by');
create or replace trigger client_defaults before insert on public.books
for each row execute function private.client_defaults('created_by');

-- What a file measures (bytes, checksum, type, dimensions, duration) is written by the service
-- that measured it (media storage, workers); the storage quota counts size_bytes.
create or replace trigger protect_columns before update on public.assets
for each row execute function private.protect_columns(
    'usage_count', 'last_used_at', 'uploaded_by', 'storage_purged_at', 'size_bytes', 'metadata->checksum_sha256',
    'mime_type', 'type',
    'width', 'height', 'duration_seconds', 'fps', 'codec'
);
create or replace trigger protect_columns before update on public.asset_versions
for each row execute function private.protect_columns('size_bytes', 'metadata->checksum_sha256', 'created_by');

-- The checksum is the proof that the service measured the file (media storage writes it with the
-- size): a client's insert cannot bring one. Its declared size_bytes still counts against the
-- storage quota from the start (and can never be lowered by it afterwards).
create or replace function private.unmeasured_by_clients()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if private.is_client_request() then
        new.metadata := new.metadata - 'checksum_sha256';
    end if;
    return new;
end
$$;
revoke execute on function private.unmeasured_by_clients() from public;

create or replace trigger unmeasured_by_clients before insert on public.assets
for each row execute function private.unmeasured_by_clients();
create or replace trigger unmeasured_by_clients before insert on public.asset_versions
for each row execute function private.unmeasured_by_clients();
create or replace trigger protect_columns before update on public.books
for each row execute function private.protect_columns('total_chapters', 'created_by');
create or replace trigger protect_columns before update on public.chapters
for each row execute function private.protect_columns('embedding_status');
create or replace trigger protect_columns before update on public.organizations
for each row execute function private.protect_columns('id', 'slug', 'is_personal', 'primary_owner_user_id', 'created_by', 'plan', 'stripe_customer_id', 'stripe_subscription_id', 'storage_used_bytes', 'storage_limit_bytes', 'trial_ends_at', 'deleted_at');
create or replace trigger protect_columns before update on public.profiles
for each row execute function private.protect_columns('id', 'email', 'modo_tokens', 'status', 'last_login_at', 'deleted_at');
create or replace trigger protect_columns before update on public.projects
for each row execute function private.protect_columns('organization_id', 'created_by');
create or replace trigger protect_columns before update on public.project_collaborators
for each row execute function private.protect_columns('project_id', 'user_id');
create or replace trigger protect_columns before update on public.prompts
for each row execute function private.protect_columns('usage_count', 'rating_sum', 'rating_count', 'organization_id');
create or replace trigger protect_columns before update on public.provider_credentials
for each row execute function private.protect_columns('id', 'organization_id', 'created_by', 'provider', 'secret_hint', 'usage_count', 'last_used_at', 'last_validated_at');
create or replace trigger protect_columns before update on public.scripts
for each row execute function private.protect_columns('scene_count');
create or replace trigger protect_columns before update on public.versions
for each row execute function private.protect_columns('snapshot_data', 'diff_data', 'version_number', 'entity_id');
create or replace trigger protect_columns before update on public.webhooks
for each row execute function private.protect_columns('id', 'organization_id', 'created_by', 'last_triggered_at', 'failure_count');

-- The caller's user id, or error 28000 when the request is anonymous, 42501 when the account
-- is suspended or deleted (private.acting_user_id, the access helpers' own test).
create or replace function private.require_user()
returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
    uid uuid := private.caller_id();  -- a suspended account: 42501 account suspended
begin
    if uid is null then
        raise exception 'sign in required' using errcode = '28000';
    end if;
    return uid;
end
$$;

grant execute on function private.require_user() to authenticated, service_role;

-- 256-bit random tokens (invitations, API keys, webhook secrets), hex encoded.
-- gen_random_uuid() draws from pg_strong_random; two v4 UUIDs carry 244 random bits.
create or replace function private.random_token()
returns text
language sql
volatile
set search_path = ''
as $$
    select encode(sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())), 'hex')
$$;

create or replace function private.token_hash(token text)
returns bytea
language sql
immutable
strict
set search_path = ''
as $$
    select sha256(convert_to(token, 'UTF8'))
$$;

-- Monthly range partitions for a table partitioned by a timestamptz column.
-- Partitions live in `private` (not exposed) as <table>_yYYYYmMM next to a default
-- partition <table>_default, which catches rows whose month has no partition yet, so
-- writing never fails. Creates this month and `months_ahead` more; rows that reached the
-- default partition move into their new month. Returns how many partitions it created.
create or replace function private.ensure_monthly_partitions(parent regclass, months_ahead integer default 3)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
    table_name text := (select c.relname from pg_catalog.pg_class c where c.oid = parent);
    default_partition text := format('private.%I', table_name || '_default');
    partition_key text := (
        select a.attname from pg_catalog.pg_partitioned_table p
        join pg_catalog.pg_attribute a on a.attrelid = p.partrelid and a.attnum = p.partattrs[0]
        where p.partrelid = parent);
    month_start timestamptz;
    month_end timestamptz;
    partition_name text;
    has_strays boolean;
    created integer := 0;
begin
    for i in 0..months_ahead loop
        month_start := date_trunc('month', now()) + make_interval(months => i);
        month_end := month_start + interval '1 month';
        partition_name := format('private.%I', table_name || to_char(month_start, '"_y"YYYY"m"MM'));
        continue when to_regclass(partition_name) is not null;
        execute format('select exists (select 1 from %s where %I >= %L and %I < %L)',
                       default_partition, partition_key, month_start, partition_key, month_end)
        into has_strays;
        if has_strays then
            -- Detach the default partition (dropping its copies of the parent's triggers, such
            -- as "no changes" guards), create the month, move the rows through the parent,
            -- re-attach.
            execute format('alter table %s detach partition %s', parent, default_partition);
            execute format('create table %s partition of %s for values from (%L) to (%L)',
                           partition_name, parent, month_start, month_end);
            execute format('with moved as (delete from %s where %I >= %L and %I < %L returning *)
                            insert into %s overriding system value select * from moved',
                           default_partition, partition_key, month_start, partition_key, month_end, parent);
            execute format('alter table %s attach partition %s default', parent, default_partition);
        else
            execute format('create table %s partition of %s for values from (%L) to (%L)',
                           partition_name, parent, month_start, month_end);
        end if;
        created := created + 1;
    end loop;
    return created;
end
$$;

-- Scheduler entry point: every monthly-partitioned table of the platform.
create or replace function private.maintain_partitions(months_ahead integer default 3)
returns integer
language sql
security definer
set search_path = ''
as $$
    select coalesce(sum(private.ensure_monthly_partitions(p.partrelid::regclass, months_ahead)), 0)::integer
    from pg_catalog.pg_partitioned_table p
    join pg_catalog.pg_class c on c.oid = p.partrelid
    where c.relnamespace = 'public'::regnamespace
      and to_regclass(format('private.%I', c.relname || '_default')) is not null
$$;

grant execute on function private.maintain_partitions(integer) to service_role;

-- The time every duty decides by: `creatorverse.now` when a session sets it (tests and
-- operators replaying a date; the API cannot set settings), else now().
create or replace function private.now()
returns timestamptz
language sql
stable
set search_path = ''
as $$
    select coalesce(nullif(current_setting('creatorverse.now', true), '')::timestamptz, now())
$$;
revoke execute on function private.now() from public;
grant execute on function private.now() to service_role;

-- Status machines: every allowed move of a stateful table is a row of private.transitions
-- (migration 20261207183702_status_machines.sql, one comment per machine); each such table
-- has a `status_machine` trigger naming its machine (named after the table), with the
-- machine's moves compiled into its WHEN clause, so a legal move calls no function: the
-- trigger fires only for a move that is not a row, and refuses it. An illegal move is PT409
-- `<machine>: cannot move from X to Y`, its detail the moves allowed from X.
-- To change a machine: a new migration inserting or deleting its rows of private.transitions;
-- `creatorverse db status-machines <machine>` (private.status_machine_trigger) prints its
-- trigger, which replaces the one in its declarative file; `creatorverse db diff`.
-- test_status_machine_triggers.sql fails while a trigger and its rows disagree.

-- Refuses a move that is not a row of private.transitions: one primary-key probe. The
-- trigger calls it, and so do RPCs that must refuse an illegal move before their other checks.
create or replace function private.require_transition(machine text, from_status text, to_status text)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
    if not exists (select from private.transitions t
                   where t.machine = require_transition.machine and t.from_status = require_transition.from_status
                     and t.to_status = require_transition.to_status) then
        raise exception '%: cannot move from % to %', machine, from_status, to_status
            using errcode = 'PT409',
                  detail = coalesce(
                      (select format('from %s: %s', require_transition.from_status,
                                     string_agg(t.to_status, ', ' order by t.to_status))
                       from private.transitions t
                       where t.machine = require_transition.machine and t.from_status = require_transition.from_status
                       having count(*) > 0),
                      format('%s is final', from_status));
    end if;
end
$$;
revoke execute on function private.require_transition(text, text, text) from public;

-- The status_machine trigger's function: its WHEN clause lets the legal moves through, so it
-- runs only for a move that is not a row of private.transitions, and refuses it (the one
-- refusal; a row added since the trigger was rendered is let through, at the cost of the
-- call, until it is re-rendered). tg_argv[0] names the machine. Security definer: the rules
-- are read as their owner, whoever updates the row (no API role reads them).
create or replace function private.enforce_transition()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    perform private.require_transition(tg_argv[0], old.status, new.status);
    return new;
end
$$;
revoke execute on function private.enforce_transition() from public;

-- A machine's status_machine trigger, rendered from its rows of private.transitions: the
-- statement its declarative file holds, on public.<machine> unless another table is named
-- (the tests render onto stand-ins). The moves are a CASE on the old status, each arm the
-- statuses it may move to: exact for any status text, tens of ns per legal move against
-- 8-13 µs for calling a function (also measured: a row-constructor NOT IN list, slower, and a
-- concatenated `<> all` array, no faster and exact only while no status holds its separator;
-- bench/status_machine_bench.py, docs/architecture.md). A status a machine never leaves
-- (final, or unknown) falls to `else true`: the trigger fires and refuses. The status must be
-- NOT NULL: a NULL would make the WHEN clause NULL and skip the trigger.
create or replace function private.status_machine_trigger(machine text, on_table regclass default null)
returns text
language plpgsql
stable
set search_path = ''
as $$
declare
    moves text;
    target regclass;
begin
    select string_agg(format(E'\n    when %L then new.status not in (%s)', f.from_status, f.to_statuses), ''
                      order by f.from_status)
    into moves
    from (select t.from_status, string_agg(quote_literal(t.to_status), ', ' order by t.to_status) as to_statuses
          from private.transitions t
          where t.machine = status_machine_trigger.machine
          group by t.from_status) f;
    if moves is null then
        raise exception 'no status machine named %', machine
            using errcode = '22023', hint = 'a machine is its rows of private.transitions';
    end if;
    target := coalesce(on_table, to_regclass(format('public.%I', machine)));
    if target is null or not exists (select from pg_catalog.pg_attribute a
                                     where a.attrelid = target and a.attname = 'status' and a.attnotnull
                                       and not a.attisdropped) then
        raise exception 'status machine %: % has no NOT NULL status column', machine,
            coalesce(target::text, format('public.%I', machine))
            using errcode = '22023';
    end if;
    return concat_ws(E'\n',
        format('create or replace trigger status_machine before update on %s', target),
        format('for each row when (old.status is distinct from new.status and case old.status%s', moves),
        '    else true end)',
        format('execute function private.enforce_transition(%L);', machine));
end
$$;
revoke execute on function private.status_machine_trigger(text, regclass) from public;
