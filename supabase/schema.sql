-- Schema snapshot: `pg_dump --schema-only --no-owner` of a database built from supabase/migrations
-- alone, normalized (no session settings, no dated monthly partitions). Written by
-- `creatorverse db snapshot`; CI fails when it is stale. Do not edit.
-- PostgreSQL 18

CREATE SCHEMA analytics;

CREATE SCHEMA auth;

CREATE SCHEMA extensions;

CREATE SCHEMA private;

CREATE EXTENSION IF NOT EXISTS btree_gist WITH SCHEMA extensions;

COMMENT ON EXTENSION btree_gist IS 'support for indexing common datatypes in GiST';

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA extensions;

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';

CREATE EXTENSION IF NOT EXISTS vector WITH SCHEMA extensions;

COMMENT ON EXTENSION vector IS 'vector data type and ivfflat and hnsw access methods';

CREATE TYPE public.member_role AS ENUM (
    'viewer',
    'editor',
    'admin',
    'owner'
);

CREATE FUNCTION analytics.refresh_daily_usage() RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    refresh materialized view concurrently analytics.daily_usage
$$;

CREATE FUNCTION auth.email() RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
            select coalesce(
                nullif(current_setting('request.jwt.claim.email', true), ''),
                (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
            )::text
        $$;

CREATE FUNCTION auth.jwt() RETURNS jsonb
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
            select coalesce(
                nullif(current_setting('request.jwt.claim', true), ''),
                nullif(current_setting('request.jwt.claims', true), '')
            )::jsonb
        $$;

CREATE FUNCTION auth.role() RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
            select coalesce(
                nullif(current_setting('request.jwt.claim.role', true), ''),
                (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
            )::text
        $$;

CREATE FUNCTION auth.uid() RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
            select coalesce(
                nullif(current_setting('request.jwt.claim.sub', true), ''),
                (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
            )::uuid
        $$;

CREATE TABLE public.invitations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    email text NOT NULL,
    role public.member_role DEFAULT 'viewer'::public.member_role NOT NULL,
    invited_by uuid,
    status text DEFAULT 'pending'::text NOT NULL,
    expires_at timestamp with time zone DEFAULT (now() + '7 days'::interval) NOT NULL,
    accepted_at timestamp with time zone,
    accepted_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT invitations_check CHECK (((status = 'accepted'::text) = (accepted_at IS NOT NULL))),
    CONSTRAINT invitations_email_check CHECK ((email ~ '^[^@\s]+@[^@\s]+$'::text)),
    CONSTRAINT invitations_role_check CHECK ((role <> 'owner'::public.member_role)),
    CONSTRAINT invitations_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'accepted'::text, 'declined'::text, 'expired'::text, 'revoked'::text])))
);

CREATE FUNCTION private.accept_invitation_row(invitation public.invitations) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    caller uuid := private.require_user();
begin
    if invitation.status <> 'pending' then
        raise exception 'invitation is %', invitation.status using errcode = '55000';
    end if;
    if invitation.expires_at <= now() then
        raise exception 'invitation has expired' using errcode = '55000';
    end if;
    if exists (select 1 from public.organization_members m
               where m.organization_id = invitation.organization_id and m.user_id = caller) then
        raise exception 'you are already a member of this organization' using errcode = '23505';
    end if;
    insert into public.organization_members (organization_id, user_id, role, invited_by, invited_at, joined_at)
    values (invitation.organization_id, caller, invitation.role, invitation.invited_by, invitation.created_at, now());
    update public.invitations i set status = 'accepted', accepted_at = now(), accepted_by = caller
    where i.id = invitation.id;
    return invitation.organization_id;
end
$$;

CREATE FUNCTION private.account_storage() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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
    if new_bytes > old_bytes and org.storage_used_bytes > org.storage_limit_bytes then
        raise exception 'storage limit of % bytes reached', org.storage_limit_bytes
            using errcode = 'PT507', hint = 'delete assets or upgrade the plan';
    end if;
    return null;
end
$$;

CREATE TABLE public.credit_balances (
    organization_id uuid NOT NULL,
    balance bigint DEFAULT 0 NOT NULL,
    rollover_balance bigint DEFAULT 0 NOT NULL,
    bonus_balance bigint DEFAULT 0 NOT NULL,
    held_balance bigint DEFAULT 0 NOT NULL,
    period_allowance bigint DEFAULT 0 NOT NULL,
    period_plan_id text,
    last_reset_at timestamp with time zone,
    next_reset_at timestamp with time zone,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT credit_balances_balance_check CHECK ((balance >= 0)),
    CONSTRAINT credit_balances_bonus_balance_check CHECK ((bonus_balance >= 0)),
    CONSTRAINT credit_balances_held_balance_check CHECK ((held_balance >= 0)),
    CONSTRAINT credit_balances_period_allowance_check CHECK ((period_allowance >= 0)),
    CONSTRAINT credit_balances_rollover_balance_check CHECK ((rollover_balance >= 0))
);

CREATE TABLE public.credit_transactions (
    id bigint NOT NULL,
    organization_id uuid NOT NULL,
    user_id uuid,
    type text NOT NULL,
    amount bigint NOT NULL,
    main_delta bigint DEFAULT 0 NOT NULL,
    rollover_delta bigint DEFAULT 0 NOT NULL,
    bonus_delta bigint DEFAULT 0 NOT NULL,
    held_delta bigint DEFAULT 0 NOT NULL,
    balance_after bigint NOT NULL,
    held_after bigint NOT NULL,
    hold_id uuid,
    description text,
    reference_type text,
    reference_id text,
    idempotency_key text,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT credit_transactions_balance_after_check CHECK ((balance_after >= 0)),
    CONSTRAINT credit_transactions_check CHECK ((amount = ((main_delta + rollover_delta) + bonus_delta))),
    CONSTRAINT credit_transactions_held_after_check CHECK ((held_after >= 0)),
    CONSTRAINT credit_transactions_type_check CHECK ((type = ANY (ARRAY['grant'::text, 'purchase'::text, 'subscription'::text, 'usage'::text, 'refund'::text, 'bonus'::text, 'rollover'::text, 'expiry'::text, 'hold'::text, 'release'::text, 'capture'::text, 'adjustment'::text])))
);

COMMENT ON COLUMN public.credit_transactions.amount IS 'Change of available credits (positive credit, negative debit); 0 for moves between buckets and captures.';

CREATE FUNCTION private.begin_credit_change(org_id uuid, key text, amount bigint, OUT wallet public.credit_balances, OUT earlier public.credit_transactions) RETURNS record
    LANGUAGE plpgsql
    AS $$
begin
    perform private.require_idempotency_key(key);
    perform private.require_positive_amount(amount);
    wallet := private.lock_credit_balance(org_id);
    earlier := private.credit_entry_by_key(org_id, key);
end
$$;

COMMENT ON FUNCTION private.begin_credit_change(org_id uuid, key text, amount bigint, OUT wallet public.credit_balances, OUT earlier public.credit_transactions) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

CREATE FUNCTION private.book_soft_delete() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    update public.chapters c set deleted_at = new.deleted_at where c.book_id = new.id and c.deleted_at is null;
    return null;
end
$$;

CREATE FUNCTION private.bump_story_version() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if (to_jsonb(new) - array['updated_at', 'version']) is distinct from (to_jsonb(old) - array['updated_at', 'version']) then
        new.version := old.version + 1;
    end if;
    return new;
end
$$;

CREATE FUNCTION private.chapter_candidates(filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, sees_everything boolean, cap integer) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select case
        when filter_book_id is not null then
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where e.book_id = filter_book_id limit cap) s)
        when filter_project_id is not null then
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where e.project_id = filter_project_id limit cap) s)
        when sees_everything then
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where filter_organization_id is null or e.organization_id = filter_organization_id
                                   limit cap) s)
        else least(cap,
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where e.organization_id = any(array(select private.my_org_ids()))
                                     and e.project_id is null
                                     and (filter_organization_id is null or e.organization_id = filter_organization_id)
                                   limit cap) s)
            + (select count(*) from (select 1 from public.chapter_embeddings e
                                     where (e.project_id = any(array(select private.readable_project_ids()))
                                            or e.project_id = any(array(select private.public_project_ids())))
                                       and (filter_organization_id is null or e.organization_id = filter_organization_id)
                                     limit cap) s))
    end::integer
$$;

CREATE FUNCTION private.chapter_lifecycle() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if new.deleted_at is not null and old.deleted_at is null then
        delete from public.chapter_embeddings e where e.chapter_id = new.id;
    end if;
    if new.deleted_at is null and (old.deleted_at is not null or old.content is distinct from new.content
                                   or old.title is distinct from new.title) then
        delete from public.chapter_embeddings e where e.chapter_id = new.id;
        update public.chapters c set embedding_status = 'pending' where c.id = new.id and c.embedding_status <> 'pending';
    end if;
    return null;
end
$$;

CREATE FUNCTION private.check_emergency_stop() RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
begin
    if coalesce((select s.value = 'true'::jsonb from public.system_settings s where s.key = 'billing.emergency_stop'),
                false) then
        raise exception 'generation is paused platform-wide (emergency stop)' using errcode = 'PT503';
    end if;
end
$$;

CREATE TABLE public.plans (
    id text NOT NULL,
    name text NOT NULL,
    description text,
    monthly_credits bigint DEFAULT 0 NOT NULL,
    price_cents_monthly integer DEFAULT 0 NOT NULL,
    price_cents_yearly integer DEFAULT 0 NOT NULL,
    stripe_price_id_monthly text,
    stripe_price_id_yearly text,
    videos_per_month integer,
    storage_limit_bytes bigint,
    api_calls_per_day integer,
    api_calls_per_month integer,
    tokens_per_month bigint,
    render_seconds_per_month integer,
    kai_credits_per_month integer,
    daily_spend_cap_credits bigint,
    rollover_percent integer DEFAULT 0 NOT NULL,
    rollover_cap bigint DEFAULT 0 NOT NULL,
    is_byok boolean DEFAULT false NOT NULL,
    is_public boolean DEFAULT true NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT plans_api_calls_per_day_check CHECK ((api_calls_per_day >= 0)),
    CONSTRAINT plans_api_calls_per_month_check CHECK ((api_calls_per_month >= 0)),
    CONSTRAINT plans_daily_spend_cap_credits_check CHECK ((daily_spend_cap_credits >= 0)),
    CONSTRAINT plans_id_check CHECK ((id ~ '^[a-z_]+$'::text)),
    CONSTRAINT plans_kai_credits_per_month_check CHECK ((kai_credits_per_month >= 0)),
    CONSTRAINT plans_monthly_credits_check CHECK ((monthly_credits >= 0)),
    CONSTRAINT plans_price_cents_monthly_check CHECK ((price_cents_monthly >= 0)),
    CONSTRAINT plans_price_cents_yearly_check CHECK ((price_cents_yearly >= 0)),
    CONSTRAINT plans_render_seconds_per_month_check CHECK ((render_seconds_per_month >= 0)),
    CONSTRAINT plans_rollover_cap_check CHECK ((rollover_cap >= 0)),
    CONSTRAINT plans_rollover_percent_check CHECK (((rollover_percent >= 0) AND (rollover_percent <= 100))),
    CONSTRAINT plans_storage_limit_bytes_check CHECK ((storage_limit_bytes >= 0)),
    CONSTRAINT plans_tokens_per_month_check CHECK ((tokens_per_month >= 0)),
    CONSTRAINT plans_videos_per_month_check CHECK ((videos_per_month >= 0))
);

COMMENT ON TABLE public.plans IS 'The plan catalogue: allowances and limits per period. Readable by everyone.';

CREATE FUNCTION private.count_api_call(caller uuid, plan public.plans) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    scope record;
begin
    for scope in
        select * from (values ('day', date_trunc('day', now(), 'UTC'), plan.api_calls_per_day),
                              ('month', date_trunc('month', now(), 'UTC'), plan.api_calls_per_month)) v (period, start_at, cap)
    loop
        insert into public.api_call_counters (user_id, period, period_start) values (caller, scope.period, scope.start_at)
        on conflict do nothing;
        update public.api_call_counters c set calls = c.calls + 1
        where c.user_id = caller and c.period = scope.period and c.period_start = scope.start_at
          and (scope.cap is null or c.calls + 1 <= scope.cap);
        if not found then
            raise exception '% API-call limit of % reached', case scope.period when 'day' then 'daily' else 'monthly' end,
                scope.cap using errcode = 'PT429', hint = 'the limit resets at the start of the next period';
        end if;
    end loop;
end
$$;

CREATE FUNCTION private.count_daily_spend(org_id uuid, plan public.plans, credits bigint) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    own_cap bigint := (select (o.settings ->> 'daily_spend_cap_credits')::bigint from public.organizations o
                       where o.id = org_id);
    cap bigint := least(plan.daily_spend_cap_credits, own_cap);
    today date := (now() at time zone 'UTC')::date;
begin
    insert into public.daily_spend (organization_id, day) values (org_id, today) on conflict do nothing;
    update public.daily_spend d set credits = d.credits + count_daily_spend.credits
    where d.organization_id = org_id and d.day = today and (cap is null or d.credits + count_daily_spend.credits <= cap);
    if not found then
        raise exception 'daily spend cap of % credits reached', cap
            using errcode = 'PT429', hint = 'raise organizations.settings.daily_spend_cap_credits or wait until tomorrow (UTC)';
    end if;
end
$$;

CREATE FUNCTION private.count_live_children() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    was_live boolean := tg_op in ('UPDATE', 'DELETE') and (to_jsonb(old) ->> 'deleted_at') is null;
    is_live boolean := tg_op in ('INSERT', 'UPDATE') and (to_jsonb(new) ->> 'deleted_at') is null;
    parent_id uuid := coalesce(to_jsonb(new) ->> tg_argv[1], to_jsonb(old) ->> tg_argv[1])::uuid;
begin
    if parent_id is null or was_live = is_live then
        return null;
    end if;
    execute format('update public.%I set %I = %I + $1 where id = $2', tg_argv[0], tg_argv[2], tg_argv[2])
    using case when is_live then 1 else -1 end, parent_id;
    return null;
end
$_$;

CREATE FUNCTION private.count_prompt_rating() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update public.prompts p set rating_sum = p.rating_sum - old.rating, rating_count = p.rating_count - 1
        where p.id = old.prompt_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        update public.prompts p set rating_sum = p.rating_sum + new.rating, rating_count = p.rating_count + 1
        where p.id = new.prompt_id;
    end if;
    return null;
end
$$;

CREATE FUNCTION private.count_quota_usage(org_id uuid, plan public.plans, tokens bigint, render_seconds bigint, kai_credits bigint, videos bigint) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    month_start timestamptz := date_trunc('month', now(), 'UTC');
    quota public.quota_limits;
begin
    insert into public.quota_limits (
        organization_id, period_start, reset_at, tokens_limit, render_seconds_limit, kai_credits_limit, videos_limit
    )
    values (org_id, month_start, month_start + interval '1 month', plan.tokens_per_month,
            plan.render_seconds_per_month, plan.kai_credits_per_month, plan.videos_per_month)
    on conflict (organization_id, period_start) do nothing;
    update public.quota_limits q
    set tokens_used = q.tokens_used + tokens,
        render_seconds_used = q.render_seconds_used + render_seconds,
        kai_credits_used = q.kai_credits_used + kai_credits,
        videos_used = q.videos_used + videos,
        updated_at = now()
    where q.organization_id = org_id and q.period_start = month_start
      and (q.tokens_limit is null or q.tokens_used + tokens <= q.tokens_limit)
      and (q.render_seconds_limit is null or q.render_seconds_used + render_seconds <= q.render_seconds_limit)
      and (q.kai_credits_limit is null or q.kai_credits_used + kai_credits <= q.kai_credits_limit)
      and (q.videos_limit is null or q.videos_used + videos <= q.videos_limit);
    if found then
        return;
    end if;
    select q.* into quota from public.quota_limits q where q.organization_id = org_id and q.period_start = month_start;
    raise exception 'monthly % quota exhausted', case
        when quota.tokens_used + tokens > quota.tokens_limit then format('token (%s)', quota.tokens_limit)
        when quota.render_seconds_used + render_seconds > quota.render_seconds_limit
            then format('render-seconds (%s)', quota.render_seconds_limit)
        when quota.kai_credits_used + kai_credits > quota.kai_credits_limit
            then format('KAI-credit (%s)', quota.kai_credits_limit)
        else format('video (%s)', quota.videos_limit) end
        using errcode = 'PT429', hint = 'upgrade the plan or wait for the next month';
end
$$;

CREATE FUNCTION private.credit_entry_by_key(org_id uuid, key text) RETURNS public.credit_transactions
    LANGUAGE sql STABLE
    AS $$
    select t.* from public.credit_transactions t where t.organization_id = org_id and t.idempotency_key = key
$$;

COMMENT ON FUNCTION private.credit_entry_by_key(org_id uuid, key text) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

CREATE TABLE public.credit_holds (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    user_id uuid,
    amount bigint NOT NULL,
    from_rollover bigint NOT NULL,
    from_main bigint NOT NULL,
    from_bonus bigint NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    captured_amount bigint,
    idempotency_key text NOT NULL,
    reference_type text,
    reference_id text,
    expires_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    settled_at timestamp with time zone,
    CONSTRAINT credit_holds_amount_check CHECK ((amount > 0)),
    CONSTRAINT credit_holds_check CHECK (((captured_amount >= 0) AND (captured_amount <= amount))),
    CONSTRAINT credit_holds_check1 CHECK ((((from_rollover + from_main) + from_bonus) = amount)),
    CONSTRAINT credit_holds_check2 CHECK (((status = 'captured'::text) = (captured_amount IS NOT NULL))),
    CONSTRAINT credit_holds_check3 CHECK (((status = 'pending'::text) = (settled_at IS NULL))),
    CONSTRAINT credit_holds_from_bonus_check CHECK ((from_bonus >= 0)),
    CONSTRAINT credit_holds_from_main_check CHECK ((from_main >= 0)),
    CONSTRAINT credit_holds_from_rollover_check CHECK ((from_rollover >= 0)),
    CONSTRAINT credit_holds_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'captured'::text, 'released'::text, 'expired'::text])))
);

CREATE FUNCTION private.credit_hold_by_key(org_id uuid, key text) RETURNS public.credit_holds
    LANGUAGE sql STABLE
    AS $$
    select h.* from public.credit_holds h where h.organization_id = org_id and h.idempotency_key = key
$$;

COMMENT ON FUNCTION private.credit_hold_by_key(org_id uuid, key text) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

CREATE FUNCTION private.decrypt_secret(box bytea) RETURNS text
    LANGUAGE plpgsql STABLE STRICT
    SET search_path TO ''
    AS $$
declare
    master bytea;
    body bytea := substring(box from 1 for length(box) - 32);
begin
    if length(box) < 53 or get_byte(box, 0) <> 1 then
        raise exception 'not a secret box' using errcode = 'XX001';
    end if;
    select k.master_key into master from private.keyring k
    where k.id = (get_byte(box, 1) << 24) | (get_byte(box, 2) << 16) | (get_byte(box, 3) << 8) | get_byte(box, 4);
    if master is null
       or private.hmac_sha256(private.hmac_sha256(master, convert_to('creatorverse/mac', 'UTF8')), body)
          <> substring(box from length(box) - 31) then
        raise exception 'secret box failed authentication' using errcode = 'XX001';
    end if;
    return convert_from(private.keystream_xor(
        private.hmac_sha256(master, convert_to('creatorverse/encrypt', 'UTF8')),
        substring(box from 6 for 16), substring(body from 22)), 'UTF8');
end
$$;

CREATE FUNCTION private.editable_project_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select p.id
    from public.projects p
    join public.organization_members m on m.organization_id = p.organization_id and m.user_id = (select auth.uid())
    where p.deleted_at is null and m.role >= 'editor'
      and (p.visibility <> 'private' or p.created_by = m.user_id or m.role >= 'admin')
    union
    select c.project_id
    from public.project_collaborators c
    join public.projects p on p.id = c.project_id and p.deleted_at is null
    where c.user_id = (select auth.uid()) and 'edit' = any(c.permissions)
$$;

CREATE FUNCTION private.encrypt_secret(plaintext text) RETURNS bytea
    LANGUAGE plpgsql STRICT
    SET search_path TO ''
    AS $$
declare
    ring record;
    nonce bytea := uuid_send(gen_random_uuid());
    header bytea;
    ciphertext bytea;
begin
    select k.id, k.master_key into ring
    from private.keyring k where k.retired_at is null order by k.id desc limit 1;
    header := '\x01'::bytea || int4send(ring.id) || nonce;
    ciphertext := private.keystream_xor(
        private.hmac_sha256(ring.master_key, convert_to('creatorverse/encrypt', 'UTF8')),
        nonce, convert_to(plaintext, 'UTF8'));
    return header || ciphertext || private.hmac_sha256(
        private.hmac_sha256(ring.master_key, convert_to('creatorverse/mac', 'UTF8')), header || ciphertext);
end
$$;

CREATE FUNCTION private.ensure_an_owner_remains() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if exists (select 1 from public.organizations o where o.id = old.organization_id)
       and not exists (
           select 1 from public.organization_members m
           where m.organization_id = old.organization_id and m.role = 'owner') then
        raise exception 'organization % must keep at least one owner', old.organization_id
            using errcode = '55000';
    end if;
    return null;
end
$$;

CREATE FUNCTION private.ensure_monthly_partitions(parent regclass, months_ahead integer DEFAULT 3) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

CREATE FUNCTION private.expire_invitations() RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    with expired as (
        update public.invitations i set status = 'expired'
        where i.status = 'pending' and i.expires_at <= now()
        returning 1
    )
    select count(*)::integer from expired
$$;

CREATE FUNCTION private.forbid_changes() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if tg_op = 'DELETE' and pg_trigger_depth() > 1 then
        return old;
    end if;
    -- the table's name comes as an argument: on a partition tg_table_name is the partition's
    raise exception '% rows are append-only: they cannot be changed or deleted', tg_argv[0]
        using errcode = '42501';
end
$$;

CREATE FUNCTION private.handle_deleted_user() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    delete from public.organizations o where o.primary_owner_user_id = old.id and o.is_personal;
    return old;
end
$$;

CREATE FUNCTION private.handle_new_user() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    meta jsonb := coalesce(new.raw_user_meta_data, '{}');
    wanted_username text := meta ->> 'username';
    name text := coalesce(nullif(meta ->> 'full_name', ''), nullif(meta ->> 'name', ''),
                          nullif(split_part(new.email, '@', 1), ''), 'New user');
    personal_org uuid;
begin
    if wanted_username !~ '^[A-Za-z0-9_][A-Za-z0-9_.-]{2,39}$'
       or exists (select 1 from public.profiles p where lower(p.username) = lower(wanted_username)) then
        wanted_username := null;
    end if;
    insert into public.profiles (id, username, display_name, email, avatar_url, last_login_at)
    values (new.id, wanted_username, name, new.email, meta ->> 'avatar_url', new.last_sign_in_at);

    insert into public.organizations (name, slug, is_personal, primary_owner_user_id, created_by, billing_email)
    values (name, 'u-' || replace(new.id::text, '-', ''), true, new.id, new.id, new.email)
    returning id into personal_org;

    insert into public.organization_members (organization_id, user_id, role)
    values (personal_org, new.id, 'owner');
    return new;
end
$_$;

CREATE FUNCTION private.has_org_role(org_id uuid, min_role public.member_role DEFAULT 'viewer'::public.member_role) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select exists (
        select 1
        from public.organization_members m
        join public.organizations o on o.id = m.organization_id
        where m.organization_id = org_id
          and m.user_id = (select auth.uid())
          and m.role >= min_role
          and o.deleted_at is null
    )
$$;

CREATE FUNCTION private.has_platform_role(role_name text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select exists (
        select 1 from public.user_roles r where r.user_id = (select auth.uid()) and r.role_name = has_platform_role.role_name
    )
$$;

CREATE FUNCTION private.hmac_sha256(key bytea, message bytea) RETURNS bytea
    LANGUAGE plpgsql IMMUTABLE STRICT
    SET search_path TO ''
    AS $$
declare
    block_key bytea := case when length(key) > 64 then sha256(key) else key end;
    inner_pad bytea;
    outer_pad bytea;
begin
    block_key := block_key || decode(repeat('00', 64 - length(block_key)), 'hex');
    inner_pad := block_key;
    outer_pad := block_key;
    for i in 0..63 loop
        inner_pad := set_byte(inner_pad, i, get_byte(block_key, i) # 54);  -- 0x36
        outer_pad := set_byte(outer_pad, i, get_byte(block_key, i) # 92);  -- 0x5c
    end loop;
    return sha256(outer_pad || sha256(inner_pad || message));
end
$$;

CREATE FUNCTION private.inherit_scope() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    pair text;
    parent_table text;
    fk text;
    fk_value uuid;
    parent jsonb;
    patch jsonb;
    row_data jsonb := to_jsonb(new);
begin
    foreach pair in array tg_argv loop
        parent_table := split_part(pair, ':', 1);
        fk := split_part(pair, ':', 2);
        fk_value := (row_data ->> fk)::uuid;
        continue when fk_value is null;
        execute format('select to_jsonb(p) from public.%I p where p.id = $1', parent_table) into parent using fk_value;
        if parent is null then
            raise exception '% % not found', parent_table, fk_value using errcode = '23503';
        end if;
        patch := jsonb_build_object(
            'organization_id', parent -> 'organization_id',
            'project_id', case when parent_table = 'projects' then parent -> 'id'
                               else coalesce(parent -> 'project_id', 'null') end);
        if parent_table = 'books' then
            patch := patch || jsonb_build_object('book_id', parent -> 'id');
        elsif parent ? 'book_id' then
            patch := patch || jsonb_build_object('book_id', parent -> 'book_id');
        end if;
        -- keys the child has no column for are ignored
        new := jsonb_populate_record(new, patch);
        return new;
    end loop;
    return new;
end
$_$;

CREATE FUNCTION private.invitation_for_invitee(invitation_id uuid) RETURNS public.invitations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    invitation public.invitations;
begin
    perform private.require_user();
    select i.* into invitation from public.invitations i
    where i.id = invitation_for_invitee.invitation_id and lower(i.email) = lower(auth.email())
    for update;
    if invitation.id is null then
        raise exception 'invitation not found' using errcode = 'P0002';
    end if;
    return invitation;
end
$$;

CREATE FUNCTION private.is_client_request() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    select current_user in ('anon', 'authenticated')
$$;

CREATE FUNCTION private.is_primary_owner(org_id uuid, member_user_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select exists (
        select 1 from public.organizations o where o.id = org_id and o.primary_owner_user_id = member_user_id
    )
$$;

CREATE FUNCTION private.keystream_xor(key bytea, nonce bytea, data bytea) RETURNS bytea
    LANGUAGE plpgsql IMMUTABLE STRICT
    SET search_path TO ''
    AS $$
declare
    result bytea := data;
    block bytea;
begin
    for i in 0..length(data) - 1 loop
        if i % 32 = 0 then
            block := private.hmac_sha256(key, nonce || int4send(i / 32));
        end if;
        result := set_byte(result, i, get_byte(data, i) # get_byte(block, i % 32));
    end loop;
    return result;
end
$$;

CREATE FUNCTION private.keyword_quorum_tsquery(query_text text) RETURNS tsquery
    LANGUAGE sql STABLE
    SET search_path TO ''
    SET client_min_messages TO 'warning'
    AS $$
    with words as (
        select l.lexeme
        from unnest(tsvector_to_array(to_tsvector('english'::regconfig, coalesce(
            (select string_agg(replace(m.parts[1], '"', ''), ' ')
             from regexp_matches(coalesce(query_text, ''), '-?"[^"]*"?|\S+', 'g') as m (parts)
             where m.parts[1] !~ '^-|^"' and lower(m.parts[1]) <> 'or'), ''))))
             as l (lexeme)
        where l.lexeme !~ '[''\\]'
    ),
    pairs as (
        select string_agg(format('(%L & %L)', a.lexeme, b.lexeme), ' | ') as q
        from words a join words b on a.lexeme < b.lexeme
    )
    select case when (select count(*) from words) < 3 then private.keyword_tsquery(query_text)
                else private.keyword_tsquery(query_text) && pairs.q::tsquery end
    from pairs
$$;

CREATE FUNCTION private.keyword_tsquery(query_text text) RETURNS tsquery
    LANGUAGE sql STABLE
    SET search_path TO ''
    SET client_min_messages TO 'warning'
    AS $$
    select case when numnode(p.positive) = 0 then ''::tsquery else p.positive && p.negative end
    from (select case when numnode(s.phrases) = 0 then s.plain else s.phrases && (s.plain || s.phrases) end
                     as positive,
                 s.negative
          from (select websearch_to_tsquery('english'::regconfig,
                                            coalesce(string_agg(t.token, ' ') filter (where t.token ~ '^"'), ''))
                           as phrases,
                       websearch_to_tsquery('english'::regconfig,
                                            coalesce(string_agg(t.token, ' ') filter (where t.token ~ '^-'), ''))
                           as negative,
                       websearch_to_tsquery('english'::regconfig,
                                            coalesce(string_agg(replace(t.token, '"', ''), ' or ')
                                                     filter (where t.token !~ '^-|^"' and lower(t.token) <> 'or'),
                                                     '')) as plain
                from regexp_matches(coalesce(query_text, ''), '-?"[^"]*"?|\S+', 'g') as m (parts)
                cross join lateral (select m.parts[1] as token) t) s) p
$$;

CREATE FUNCTION private.lock_credit_balance(org_id uuid) RETURNS public.credit_balances
    LANGUAGE plpgsql
    AS $$
declare
    locked public.credit_balances;
begin
    select b.* into locked from public.credit_balances b where b.organization_id = org_id for update;
    if locked.organization_id is null then
        raise exception 'organization % has no credit wallet', org_id using errcode = 'P0002';
    end if;
    return locked;
end
$$;

COMMENT ON FUNCTION private.lock_credit_balance(org_id uuid) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

CREATE FUNCTION private.lock_hold(hold_id uuid) RETURNS public.credit_holds
    LANGUAGE plpgsql
    AS $$
declare
    org_id uuid := (select h.organization_id from public.credit_holds h where h.id = hold_id);
    hold public.credit_holds;
begin
    if org_id is null then
        raise exception 'hold % not found', hold_id using errcode = 'P0002';
    end if;
    perform private.lock_credit_balance(org_id);
    select h.* into hold from public.credit_holds h where h.id = hold_id for update;
    return hold;
end
$$;

COMMENT ON FUNCTION private.lock_hold(hold_id uuid) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

CREATE FUNCTION private.maintain_partitions(months_ahead integer DEFAULT 3) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select coalesce(sum(private.ensure_monthly_partitions(p.partrelid::regclass, months_ahead)), 0)::integer
    from pg_catalog.pg_partitioned_table p
    join pg_catalog.pg_class c on c.oid = p.partrelid
    where c.relnamespace = 'public'::regnamespace
      and to_regclass(format('private.%I', c.relname || '_default')) is not null
$$;

CREATE FUNCTION private.manageable_project_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select p.id
    from public.projects p
    join public.organization_members m on m.organization_id = p.organization_id and m.user_id = (select auth.uid())
    where p.deleted_at is null and (p.created_by = m.user_id or m.role >= 'admin')
$$;

CREATE FUNCTION private.my_org_ids(min_role public.member_role DEFAULT 'viewer'::public.member_role) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select m.organization_id
    from public.organization_members m
    join public.organizations o on o.id = m.organization_id
    where m.user_id = (select auth.uid())
      and m.role >= min_role
      and o.deleted_at is null
$$;

CREATE FUNCTION private.my_teammate_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select distinct other.user_id
    from public.organization_members mine
    join public.organization_members other on other.organization_id = mine.organization_id
    where mine.user_id = (select auth.uid())
$$;

CREATE FUNCTION private.open_billing_account() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    insert into public.credit_balances (organization_id) values (new.id);
    insert into public.subscriptions (organization_id, plan_id) values (new.id, 'free');
    perform public.credits_start_period(new.id, date_trunc('month', now()));
    return null;
end
$$;

CREATE TABLE public.organizations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    slug text NOT NULL,
    is_personal boolean DEFAULT false NOT NULL,
    primary_owner_user_id uuid NOT NULL,
    created_by uuid,
    logo_url text,
    banner_url text,
    description text,
    website text,
    plan text DEFAULT 'free'::text NOT NULL,
    billing_email text,
    stripe_customer_id text,
    stripe_subscription_id text,
    storage_used_bytes bigint DEFAULT 0 NOT NULL,
    storage_limit_bytes bigint DEFAULT 524288000 NOT NULL,
    settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    trial_ends_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT organizations_billing_email_check CHECK ((billing_email ~ '^[^@\s]+@[^@\s]+$'::text)),
    CONSTRAINT organizations_name_check CHECK (((length(name) >= 1) AND (length(name) <= 120))),
    CONSTRAINT organizations_settings_check CHECK ((jsonb_typeof(settings) = 'object'::text)),
    CONSTRAINT organizations_slug_check CHECK ((slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'::text)),
    CONSTRAINT organizations_storage_limit_bytes_check CHECK ((storage_limit_bytes >= 0)),
    CONSTRAINT organizations_storage_used_bytes_check CHECK ((storage_used_bytes >= 0))
);

COMMENT ON TABLE public.organizations IS 'Tenants: a personal organization per user plus team organizations.';

CREATE FUNCTION private.org_for_primary_owner(org_id uuid, action text) RETURNS public.organizations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    caller public.organization_members := private.require_org_role(org_id, 'viewer', action);
    org public.organizations;
begin
    select o.* into org from public.organizations o where o.id = org_id for update;
    if org.primary_owner_user_id <> caller.user_id then
        raise exception 'only the primary owner may %', action using errcode = '42501';
    end if;
    if org.is_personal then
        raise exception 'personal organizations cannot %', action using errcode = '55000';
    end if;
    return org;
end
$$;

CREATE FUNCTION private.partial_words(query_text text) RETURNS text[]
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select coalesce(array_agg(m.parts[1]), '{}')
    from regexp_matches(coalesce(query_text, ''), '[^\s"]*[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af][^\s"]*', 'g')
         as m (parts)
$$;

CREATE FUNCTION private.post_credit_entry(org_id uuid, entry_type text, main_delta bigint, rollover_delta bigint, bonus_delta bigint, held_delta bigint, idempotency_key text, user_id uuid DEFAULT NULL::uuid, hold_id uuid DEFAULT NULL::uuid, reference_type text DEFAULT NULL::text, reference_id text DEFAULT NULL::text, description text DEFAULT NULL::text, metadata jsonb DEFAULT '{}'::jsonb) RETURNS public.credit_transactions
    LANGUAGE plpgsql
    AS $$
declare
    entry public.credit_transactions;
begin
    with after as (
        update public.credit_balances b
        set balance = b.balance + main_delta,
            rollover_balance = b.rollover_balance + rollover_delta,
            bonus_balance = b.bonus_balance + bonus_delta,
            held_balance = b.held_balance + held_delta,
            updated_at = now()
        where b.organization_id = org_id
        returning b.balance + b.rollover_balance + b.bonus_balance as available, b.held_balance
    )
    insert into public.credit_transactions (
        organization_id, user_id, type, amount, main_delta, rollover_delta, bonus_delta, held_delta,
        balance_after, held_after, hold_id, description, reference_type, reference_id, idempotency_key, metadata
    )
    select org_id, user_id, entry_type, main_delta + rollover_delta + bonus_delta, main_delta, rollover_delta,
           bonus_delta, held_delta, after.available, after.held_balance, hold_id, description, reference_type,
           reference_id, idempotency_key, coalesce(metadata, '{}')
    from after
    returning * into entry;
    return entry;
end
$$;

COMMENT ON FUNCTION private.post_credit_entry(org_id uuid, entry_type text, main_delta bigint, rollover_delta bigint, bonus_delta bigint, held_delta bigint, idempotency_key text, user_id uuid, hold_id uuid, reference_type text, reference_id text, description text, metadata jsonb) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

CREATE FUNCTION private.protect_columns() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    old_row jsonb := to_jsonb(old);
    new_row jsonb := to_jsonb(new);
    column_name text;
begin
    if not private.is_client_request() then
        return new;
    end if;
    foreach column_name in array tg_argv loop
        if old_row -> column_name is distinct from new_row -> column_name then
            raise exception 'column %.% cannot be changed by clients', tg_table_name, column_name
                using errcode = '42501', hint = 'use the RPC that owns this change, if there is one';
        end if;
    end loop;
    return new;
end
$$;

CREATE FUNCTION private.public_project_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select p.id from public.projects p where p.visibility = 'public' and p.deleted_at is null
$$;

CREATE FUNCTION private.raise_insufficient_credits(wallet public.credit_balances, wanted bigint) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
    raise exception 'insufficient credits: % requested, % available',
        wanted, wallet.balance + wallet.rollover_balance + wallet.bonus_balance
        using errcode = 'PT402', hint = 'buy credits or upgrade the plan';
end
$$;

COMMENT ON FUNCTION private.raise_insufficient_credits(wallet public.credit_balances, wanted bigint) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

CREATE FUNCTION private.raise_period_allowance(org_id uuid, plan public.plans) RETURNS public.credit_transactions
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    wallet public.credit_balances := private.lock_credit_balance(org_id);
begin
    if plan.monthly_credits <= wallet.period_allowance then
        return null;
    end if;
    update public.credit_balances b set period_allowance = plan.monthly_credits, period_plan_id = plan.id
    where b.organization_id = org_id;
    return private.post_credit_entry(org_id, 'subscription', plan.monthly_credits - wallet.period_allowance, 0, 0, 0,
        format('period:%s:top-up:%s', to_char(wallet.last_reset_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS'), plan.id),
        description => format('upgrade to %s: allowance topped up', plan.name));
end
$$;

CREATE FUNCTION private.random_token() RETURNS text
    LANGUAGE sql
    SET search_path TO ''
    AS $$
    select encode(sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())), 'hex')
$$;

CREATE FUNCTION private.readable_project_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select p.id
    from public.projects p
    join public.organization_members m on m.organization_id = p.organization_id and m.user_id = (select auth.uid())
    where p.deleted_at is null
      and (p.visibility <> 'private' or p.created_by = m.user_id or m.role >= 'admin')
    union
    select c.project_id
    from public.project_collaborators c
    join public.projects p on p.id = c.project_id and p.deleted_at is null
    where c.user_id = (select auth.uid())
$$;

CREATE FUNCTION private.record_audit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

CREATE FUNCTION private.record_subscription_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
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

CREATE FUNCTION private.refresh_usage_rollups(since date DEFAULT (CURRENT_DATE - 1)) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    month_start date := date_trunc('month', since)::date;
begin
    delete from public.model_metrics m where m.date >= since;
    insert into public.model_metrics (
        model_name, provider, date, request_count, success_count, failure_count, avg_latency_ms, avg_cost_usd,
        total_cost_usd, total_tokens
    )
    select e.model, coalesce(e.provider, ''), (e.occurred_at at time zone 'UTC')::date, count(*),
           count(*) filter (where e.status = 'success'), count(*) filter (where e.status <> 'success'),
           avg(e.duration_ms), avg(e.cost_usd), sum(e.cost_usd), sum(e.input_tokens + e.output_tokens)
    from public.usage_events e
    where e.occurred_at >= since and e.model is not null
    group by 1, 2, 3;

    delete from public.cost_aggregations c where c.period_start >= month_start;
    with per_type as (
        -- each event counts once for its organization (user_id null) and once for its user
        select e.organization_id, subject.user_id, date_trunc('month', e.occurred_at, 'UTC')::date as period_start,
               e.resource_type, sum(e.cost_usd) as cost_usd, sum(e.credits) as credits, count(*) as events
        from public.usage_events e
        cross join lateral (
            select e.user_id where e.user_id is not null
            union all
            select null::uuid
        ) subject (user_id)
        where e.occurred_at >= month_start
        group by 1, 2, 3, 4
    )
    insert into public.cost_aggregations (
        organization_id, user_id, period_start, period_end, total_cost, total_credits, total_videos, total_events,
        breakdown
    )
    select t.organization_id, t.user_id, t.period_start, (t.period_start + interval '1 month')::date,
           sum(t.cost_usd), sum(t.credits), coalesce(sum(t.events) filter (where t.resource_type = 'video'), 0),
           sum(t.events),
           jsonb_object_agg(t.resource_type, jsonb_build_object(
               'cost_usd', t.cost_usd, 'credits', t.credits, 'events', t.events))
    from per_type t
    group by t.organization_id, t.user_id, t.period_start;
end
$$;

CREATE FUNCTION private.require_idempotency_key(key text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    AS $$
begin
    if key is null or length(key) not between 1 and 200 then
        raise exception 'an idempotency key of 1 to 200 characters is required' using errcode = '22023';
    end if;
end
$$;

COMMENT ON FUNCTION private.require_idempotency_key(key text) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

CREATE TABLE public.organization_members (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role public.member_role DEFAULT 'viewer'::public.member_role NOT NULL,
    permissions text[] DEFAULT '{}'::text[] NOT NULL,
    modo_tokens integer DEFAULT 0 NOT NULL,
    invited_by uuid,
    invited_at timestamp with time zone,
    joined_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT organization_members_modo_tokens_check CHECK ((modo_tokens >= 0)),
    CONSTRAINT organization_members_permissions_check CHECK ((permissions <@ ARRAY['projects.create'::text, 'projects.delete'::text, 'media.generate'::text, 'billing.manage'::text, 'members.invite'::text, 'api_keys.manage'::text, 'webhooks.manage'::text, 'assets.upload'::text, 'publish'::text]))
);

COMMENT ON COLUMN public.organization_members.permissions IS 'Granular grants on top of the role, for actions a role alone does not give.';

CREATE FUNCTION private.require_org_role(org_id uuid, min_role public.member_role, action text, permission text DEFAULT NULL::text) RETURNS public.organization_members
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    found public.organization_members;
begin
    select m.* into found from public.organization_members m
    join public.organizations o on o.id = m.organization_id and o.deleted_at is null
    where m.organization_id = org_id and m.user_id = private.require_user()
    for update of m;
    if found.id is null then
        raise exception 'organization % not found', org_id using errcode = 'P0002';
    end if;
    if found.role < min_role and (permission is null or not permission = any(found.permissions)) then
        raise exception 'only %s and above may %', min_role, action using errcode = '42501';
    end if;
    return found;
end
$$;

CREATE FUNCTION private.require_positive_amount(amount bigint) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    AS $$
begin
    if amount is null or amount <= 0 then
        raise exception 'amount must be a positive number of credits, got %', amount using errcode = '22023';
    end if;
end
$$;

COMMENT ON FUNCTION private.require_positive_amount(amount bigint) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

CREATE FUNCTION private.require_user() RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
    uid uuid := auth.uid();
begin
    if uid is null then
        raise exception 'sign in required' using errcode = '28000';
    end if;
    return uid;
end
$$;

CREATE FUNCTION private.secret_hint(secret text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select case when length(secret) >= 12 then '…' || right(secret, 4) else '…' end
$$;

CREATE FUNCTION private.set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    new.updated_at := now();
    return new;
end
$$;

CREATE FUNCTION private.settle_hold(hold public.credit_holds, used bigint, final_status text) RETURNS public.credit_holds
    LANGUAGE plpgsql
    AS $$
declare
    used_rollover bigint := least(hold.from_rollover, used);
    used_main bigint := least(hold.from_main, used - least(hold.from_rollover, used));
    used_bonus bigint := used - used_rollover - used_main;
    settled public.credit_holds;
begin
    if used > 0 then
        perform private.post_credit_entry(
            hold.organization_id, 'capture', 0, 0, 0, -used, 'capture:' || hold.id, hold.user_id, hold.id,
            hold.reference_type, hold.reference_id);
    end if;
    if used < hold.amount then
        perform private.post_credit_entry(
            hold.organization_id, 'release', hold.from_main - used_main, hold.from_rollover - used_rollover,
            hold.from_bonus - used_bonus, -(hold.amount - used), 'release:' || hold.id, hold.user_id, hold.id,
            hold.reference_type, hold.reference_id);
    end if;
    update public.credit_holds h
    set status = final_status, settled_at = now(),
        captured_amount = case when final_status = 'captured' then used end
    where h.id = hold.id
    returning * into settled;
    return settled;
end
$$;

COMMENT ON FUNCTION private.settle_hold(hold public.credit_holds, used bigint, final_status text) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

CREATE FUNCTION private.snapshot_version() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    new_row jsonb := to_jsonb(new) - array['updated_at', 'version', 'fts', 'word_count'];
    old_row jsonb := case when tg_op = 'UPDATE' then to_jsonb(old) - array['updated_at', 'version', 'fts', 'word_count'] end;
    diff jsonb := '{}';
    previous public.versions;
begin
    if tg_op = 'UPDATE' then
        select coalesce(jsonb_object_agg(n.key, jsonb_build_object('old', old_row -> n.key, 'new', n.value)), '{}')
        into diff
        from jsonb_each(new_row) n where old_row -> n.key is distinct from n.value;
        if diff = '{}' then
            return null;
        end if;
    end if;
    select v.* into previous from public.versions v
    where v.entity_type = tg_argv[0] and v.entity_id = new.id
    order by v.version_number desc limit 1;
    insert into public.versions (
        organization_id, project_id, entity_type, entity_id, created_by, version_number, title, changes_summary,
        snapshot_data, diff_data, parent_version_id
    )
    values (
        new.organization_id, case when tg_argv[0] = 'project' then new.id else (new_row ->> 'project_id')::uuid end,
        tg_argv[0], new.id, auth.uid(), coalesce(previous.version_number, 0) + 1, new_row ->> 'title',
        case when tg_op = 'INSERT' then 'created'
             else 'changed: ' || (select string_agg(k, ', ' order by k) from jsonb_object_keys(diff) k) end,
        new_row, diff, previous.id
    );
    return null;
end
$$;

CREATE FUNCTION private.split_debit(wallet public.credit_balances, amount bigint, OUT from_rollover bigint, OUT from_main bigint, OUT from_bonus bigint) RETURNS record
    LANGUAGE plpgsql
    AS $$
begin
    if wallet.balance + wallet.rollover_balance + wallet.bonus_balance < amount then
        perform private.raise_insufficient_credits(wallet, amount);
    end if;
    from_rollover := least(wallet.rollover_balance, amount);
    from_main := least(wallet.balance, amount - from_rollover);
    from_bonus := amount - from_rollover - from_main;
end
$$;

COMMENT ON FUNCTION private.split_debit(wallet public.credit_balances, amount bigint, OUT from_rollover bigint, OUT from_main bigint, OUT from_bonus bigint) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

CREATE FUNCTION private.stripe_apply_checkout(session jsonb) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    org_id uuid := private.stripe_organization(session);
    credits bigint := (session -> 'metadata' ->> 'credits')::bigint;
    deferred record;
begin
    if org_id is null then
        return 'ignored: no organization for this customer';
    end if;
    if session ->> 'customer' is not null then
        update public.organizations o set stripe_customer_id = session ->> 'customer'
        where o.id = org_id and o.stripe_customer_id is null;
    end if;
    if session ->> 'mode' <> 'payment' or credits is null or session ->> 'payment_status' <> 'paid' then
        return 'ignored: not a paid credit pack';
    end if;
    perform public.credits_grant(org_id, credits, 'purchase', 'stripe:checkout:' || (session ->> 'id'),
        reference_type => 'stripe_payment_intent', reference_id => session ->> 'payment_intent',
        description => format('credit pack: %s credits', credits));
    -- refunds that arrived before this purchase
    for deferred in
        select e.id, e.payload from private.stripe_events e
        where e.outcome = 'deferred' and e.payload -> 'data' -> 'object' ->> 'payment_intent' = session ->> 'payment_intent'
        order by e.stripe_created_at
    loop
        update private.stripe_events e set outcome = private.stripe_apply_refund(deferred.payload -> 'data' -> 'object')
        where e.id = deferred.id;
    end loop;
    return 'applied';
end
$$;

CREATE FUNCTION private.stripe_apply_invoice(event_type text, event_at timestamp with time zone, invoice jsonb) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    org_id uuid := private.stripe_organization(invoice);
    new_status text := case event_type when 'invoice.payment_failed' then 'payment_failed'
                                       else coalesce(invoice ->> 'status', 'open') end;
begin
    if org_id is null then
        return 'ignored: no organization for this customer';
    end if;
    insert into public.invoices as i (
        organization_id, stripe_invoice_id, stripe_subscription_id, currency, amount_due_cents, amount_paid_cents,
        status, period_start, period_end, line_items, hosted_invoice_url, paid_at, stripe_event_at
    )
    values (
        org_id, invoice ->> 'id', invoice ->> 'subscription', coalesce(invoice ->> 'currency', 'usd'),
        coalesce((invoice ->> 'amount_due')::bigint, 0), coalesce((invoice ->> 'amount_paid')::bigint, 0), new_status,
        private.unix_time(invoice -> 'period_start'), private.unix_time(invoice -> 'period_end'),
        coalesce(invoice -> 'lines' -> 'data', '[]'), invoice ->> 'hosted_invoice_url',
        private.unix_time(invoice -> 'status_transitions' -> 'paid_at'), event_at
    )
    on conflict (stripe_invoice_id) do update
    set status = excluded.status, amount_due_cents = excluded.amount_due_cents,
        amount_paid_cents = excluded.amount_paid_cents, line_items = excluded.line_items,
        hosted_invoice_url = excluded.hosted_invoice_url, paid_at = coalesce(excluded.paid_at, i.paid_at),
        period_start = excluded.period_start, period_end = excluded.period_end, stripe_event_at = excluded.stripe_event_at
    where i.stripe_event_at <= excluded.stripe_event_at;
    return case when found then 'applied' else 'stale' end;
end
$$;

CREATE FUNCTION private.stripe_apply_refund(charge jsonb) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    purchase public.credit_transactions;
    refunded_share numeric := (charge ->> 'amount_refunded')::numeric / nullif((charge ->> 'amount')::numeric, 0);
    to_take bigint;
    already bigint;
    wallet public.credit_balances;
begin
    select t.* into purchase from public.credit_transactions t
    where t.type = 'purchase' and t.reference_type = 'stripe_payment_intent'
      and t.reference_id = charge ->> 'payment_intent';
    if purchase.id is null then
        return 'deferred';
    end if;
    wallet := private.lock_credit_balance(purchase.organization_id);
    -- refunds are cumulative on the charge: take what this total implies, minus what earlier refunds took
    select coalesce(sum((t.metadata ->> 'credits_owed')::bigint), 0) into already from public.credit_transactions t
    where t.organization_id = purchase.organization_id and t.reference_type = 'stripe_charge'
      and t.reference_id = charge ->> 'id';
    to_take := floor(purchase.amount * coalesce(refunded_share, 0))::bigint - already;
    if to_take <= 0 then
        return 'applied';
    end if;
    perform private.post_credit_entry(
        purchase.organization_id, 'adjustment', 0, 0, -least(to_take, wallet.bonus_balance), 0,
        format('stripe:refund:%s:%s', charge ->> 'id', charge ->> 'amount_refunded'),
        reference_type => 'stripe_charge', reference_id => charge ->> 'id',
        description => 'credit pack refunded',
        metadata => jsonb_build_object('credits_owed', to_take,
                                       'shortfall', greatest(to_take - wallet.bonus_balance, 0)));
    return 'applied';
end
$$;

CREATE FUNCTION private.stripe_apply_subscription(event_type text, event_at timestamp with time zone, sub jsonb) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    org_id uuid := private.stripe_organization(sub);
    current public.subscriptions;
    item jsonb := sub -> 'items' -> 'data' -> 0;
    price_id text := item -> 'price' ->> 'id';
    new_plan public.plans;
    new_status text := sub ->> 'status';
    period_start timestamptz := private.unix_time(coalesce(sub -> 'current_period_start', item -> 'current_period_start'));
    period_end timestamptz := private.unix_time(coalesce(sub -> 'current_period_end', item -> 'current_period_end'));
begin
    if org_id is null then
        return 'ignored: no organization for this customer';
    end if;
    select s.* into current from public.subscriptions s where s.organization_id = org_id for update;
    select p.* into new_plan from public.plans p
    where p.stripe_price_id_monthly = price_id or p.stripe_price_id_yearly = price_id;
    if event_type = 'customer.subscription.deleted' then
        new_status := 'canceled';
    end if;
    if current.stripe_event_at > event_at then
        -- older than what we hold: only its plan may still raise this period's allowance
        if new_plan.id is not null and period_start = (select b.last_reset_at from public.credit_balances b
                                                        where b.organization_id = org_id) then
            perform private.raise_period_allowance(org_id, new_plan);
        end if;
        return 'stale';
    end if;
    perform set_config('creatorverse.change_reason', event_type, true);
    update public.subscriptions s
    set plan_id = case when new_status = 'canceled' then 'free' else coalesce(new_plan.id, s.plan_id) end,
        status = new_status,
        billing_cycle = case when price_id = new_plan.stripe_price_id_yearly then 'yearly' else 'monthly' end,
        stripe_subscription_id = sub ->> 'id',
        stripe_customer_id = sub ->> 'customer',
        stripe_price_id = price_id,
        current_period_start = coalesce(period_start, s.current_period_start),
        current_period_end = coalesce(period_end, s.current_period_end),
        trial_start = private.unix_time(sub -> 'trial_start'),
        trial_end = private.unix_time(sub -> 'trial_end'),
        canceled_at = private.unix_time(sub -> 'canceled_at'),
        cancel_at_period_end = coalesce((sub ->> 'cancel_at_period_end')::boolean, false),
        stripe_event_at = event_at
    where s.id = current.id;
    update public.organizations o
    set stripe_customer_id = coalesce(o.stripe_customer_id, sub ->> 'customer'),
        stripe_subscription_id = sub ->> 'id'
    where o.id = org_id;
    if new_status in ('active', 'trialing') and period_start is not null then
        if period_start > (select coalesce(b.last_reset_at, '-infinity') from public.credit_balances b
                           where b.organization_id = org_id) then
            perform public.credits_start_period(org_id, period_start);
        else
            perform public.credits_top_up_allowance(org_id);
        end if;
    end if;
    return 'applied';
end
$$;

CREATE FUNCTION private.stripe_organization(stripe_object jsonb) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    select coalesce(
        (select o.id from public.organizations o where o.id::text = stripe_object -> 'metadata' ->> 'organization_id'),
        (select o.id from public.organizations o where o.stripe_customer_id = stripe_object ->> 'customer')
    )
$$;

CREATE FUNCTION private.sync_profile_from_auth() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    update public.profiles p
    set email = new.email, last_login_at = new.last_sign_in_at
    where p.id = new.id;
    return new;
end
$$;

CREATE FUNCTION private.target_membership(org_id uuid, member_user_id uuid) RETURNS public.organization_members
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    found public.organization_members;
begin
    select m.* into found from public.organization_members m
    where m.organization_id = org_id and m.user_id = member_user_id
    for update;
    if found.id is null then
        raise exception 'user % is not a member of organization %', member_user_id, org_id using errcode = 'P0002';
    end if;
    return found;
end
$$;

CREATE FUNCTION private.token_hash(token text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT
    SET search_path TO ''
    AS $$
    select sha256(convert_to(token, 'UTF8'))
$$;

CREATE FUNCTION private.unix_time(value jsonb) RETURNS timestamp with time zone
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select case when value is null or value = 'null'::jsonb then null else to_timestamp((value #>> '{}')::double precision) end
$$;

CREATE FUNCTION public.accept_invitation(invitation_token text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    invitation public.invitations;
begin
    perform private.require_user();
    select i.* into invitation
    from private.invitation_tokens t join public.invitations i on i.id = t.invitation_id
    where t.token_hash = private.token_hash(invitation_token)
    for update of i;
    if invitation.id is null then
        raise exception 'invitation not found' using errcode = 'P0002';
    end if;
    return private.accept_invitation_row(invitation);
end
$$;

CREATE FUNCTION public.accept_invitation_by_id(invitation_id uuid) RETURNS uuid
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select private.accept_invitation_row(private.invitation_for_invitee(accept_invitation_by_id.invitation_id))
$$;

CREATE FUNCTION public.authorize_generation(org_id uuid, user_id uuid, estimated_credits bigint, idempotency_key text, tokens bigint DEFAULT 0, render_seconds bigint DEFAULT 0, kai_credits bigint DEFAULT 0, videos bigint DEFAULT 0, hold_for interval DEFAULT '00:30:00'::interval, reference_type text DEFAULT NULL::text, reference_id text DEFAULT NULL::text) RETURNS public.credit_holds
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    plan public.plans;
    earlier public.credit_holds;
begin
    perform private.require_idempotency_key(idempotency_key);
    perform private.require_positive_amount(estimated_credits);
    if least(tokens, render_seconds, kai_credits, videos) < 0 then
        raise exception 'usage amounts cannot be negative' using errcode = '22023';
    end if;
    perform private.lock_credit_balance(org_id);
    earlier := private.credit_hold_by_key(org_id, idempotency_key);
    if earlier.id is not null then
        return earlier;
    end if;
    perform private.check_emergency_stop();
    select p.* into plan from public.subscriptions s join public.plans p on p.id = s.plan_id
    where s.organization_id = org_id;
    if user_id is not null then
        perform private.count_api_call(user_id, plan);
    end if;
    perform private.count_quota_usage(org_id, plan, tokens, render_seconds, kai_credits, videos);
    perform private.count_daily_spend(org_id, plan, estimated_credits);
    return public.credits_hold(org_id, estimated_credits, idempotency_key, hold_for, user_id, reference_type,
                               reference_id);
end
$$;

CREATE FUNCTION public.change_member_role(org_id uuid, member_user_id uuid, new_role public.member_role) RETURNS public.organization_members
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    caller public.organization_members;
    target public.organization_members;
begin
    if member_user_id = private.require_user() then
        raise exception 'you cannot change your own role' using errcode = '42501';
    end if;
    caller := private.require_org_role(org_id, 'admin', 'change roles');
    target := private.target_membership(org_id, member_user_id);
    if caller.role < 'owner' and (target.role = 'owner' or new_role = 'owner') then
        raise exception 'only owners change an owner''s role or make owners' using errcode = '42501';
    end if;
    if new_role <> 'owner' and private.is_primary_owner(org_id, member_user_id) then
        raise exception 'the primary owner keeps the owner role: transfer ownership first' using errcode = '55000';
    end if;
    update public.organization_members m set role = new_role where m.id = target.id returning * into target;
    return target;
end
$$;

CREATE FUNCTION public.create_api_key(org_id uuid, key_name text, key_scopes text[] DEFAULT '{}'::text[], key_expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(api_key_id uuid, api_key text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    caller public.organization_members := private.require_org_role(org_id, 'admin', 'create API keys', 'api_keys.manage');
    new_key text := 'cv_' || private.random_token();
    created_id uuid;
begin
    if coalesce(length(trim(key_name)), 0) = 0 or length(key_name) > 100 then
        raise exception 'API key name must be 1 to 100 characters' using errcode = '22023';
    end if;
    if not coalesce(key_scopes, '{}') <@ array[
        'projects:read', 'projects:write', 'media:read', 'media:generate', 'billing:read', 'webhooks:manage'
    ]::text[] then
        raise exception 'unknown scope in %', key_scopes
            using errcode = '22023',
                  hint = 'scopes: projects:read, projects:write, media:read, media:generate, billing:read, webhooks:manage';
    end if;
    if key_expires_at <= now() then
        raise exception 'expiry must lie in the future' using errcode = '22023';
    end if;
    insert into public.api_keys (organization_id, created_by, name, key_prefix, scopes, expires_at)
    values (org_id, caller.user_id, trim(key_name), left(new_key, 11), coalesce(key_scopes, '{}'), key_expires_at)
    returning id into created_id;
    insert into private.api_key_hashes (api_key_id, key_hash) values (created_id, private.token_hash(new_key));
    return query select created_id, new_key;
end
$$;

CREATE FUNCTION public.create_organization(org_name text, org_slug text) RETURNS public.organizations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    caller uuid := private.require_user();
    created public.organizations;
begin
    if coalesce(length(trim(org_name)), 0) = 0 or length(org_name) > 120 then
        raise exception 'organization name must be 1 to 120 characters' using errcode = '22023';
    end if;
    if org_slug is null or org_slug !~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$' then
        raise exception 'slug "%" is not URL-safe: use a-z, 0-9 and inner hyphens, at most 63 characters', org_slug
            using errcode = '22023';
    end if;
    if exists (select 1 from public.organizations o where o.slug = org_slug) then
        raise exception 'slug "%" is already taken', org_slug using errcode = '23505';
    end if;
    insert into public.organizations (name, slug, primary_owner_user_id, created_by)
    values (trim(org_name), org_slug, caller, caller)
    returning * into created;
    insert into public.organization_members (organization_id, user_id, role, joined_at)
    values (created.id, caller, 'owner', now());
    return created;
end
$_$;

CREATE FUNCTION public.create_project_share_link(project_id uuid) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    caller uuid := private.require_user();
    token text := 'shr_' || private.random_token();
begin
    if create_project_share_link.project_id not in (select private.editable_project_ids()) then
        raise exception 'project % not found', project_id using errcode = 'P0002';
    end if;
    insert into private.project_share_tokens (project_id, token_hash, created_by)
    values (create_project_share_link.project_id, private.token_hash(token), caller)
    on conflict on constraint project_share_tokens_pkey do update
    set token_hash = excluded.token_hash, created_by = excluded.created_by, created_at = now();
    return token;
end
$$;

CREATE FUNCTION public.create_webhook(org_id uuid, endpoint_url text, event_types text[] DEFAULT '{}'::text[], webhook_description text DEFAULT NULL::text) RETURNS TABLE(webhook_id uuid, signing_secret text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    caller uuid := (private.require_org_role(org_id, 'admin', 'manage webhooks')).user_id;
    secret text := 'whsec_' || private.random_token();
    created_id uuid;
begin
    if endpoint_url is null or endpoint_url !~ '^https?://[^\s]+$' then
        raise exception 'invalid webhook URL "%"', endpoint_url using errcode = '22023';
    end if;
    insert into public.webhooks (organization_id, url, events, description, created_by)
    values (org_id, endpoint_url, coalesce(event_types, '{}'), webhook_description, caller)
    returning id into created_id;
    insert into private.webhook_secrets (webhook_id, secret_box) values (created_id, private.encrypt_secret(secret));
    return query select created_id, secret;
end
$_$;

CREATE FUNCTION public.credits_capture(hold_id uuid, actual_amount bigint) RETURNS public.credit_holds
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    hold public.credit_holds := private.lock_hold(hold_id);
begin
    if actual_amount is null or actual_amount < 0 or actual_amount > hold.amount then
        raise exception 'capture amount must lie between 0 and the hold''s %', hold.amount using errcode = '22023';
    end if;
    if hold.status = 'captured' and hold.captured_amount = actual_amount then
        return hold;
    end if;
    if hold.status <> 'pending' then
        raise exception 'hold is %', hold.status using errcode = '55000';
    end if;
    return private.settle_hold(hold, actual_amount, 'captured');
end
$$;

CREATE FUNCTION public.credits_expire_holds() RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    expired_id uuid;
    hold public.credit_holds;
    count integer := 0;
begin
    for expired_id in
        select h.id from public.credit_holds h where h.status = 'pending' and h.expires_at <= now() order by h.id
    loop
        hold := private.lock_hold(expired_id);
        if hold.status = 'pending' then  -- settled meanwhile by its worker
            perform private.settle_hold(hold, 0, 'expired');
            count := count + 1;
        end if;
    end loop;
    return count;
end
$$;

CREATE FUNCTION public.credits_grant(org_id uuid, amount bigint, entry_type text, idempotency_key text, user_id uuid DEFAULT NULL::uuid, reference_type text DEFAULT NULL::text, reference_id text DEFAULT NULL::text, description text DEFAULT NULL::text) RETURNS public.credit_transactions
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    change record;
begin
    if entry_type not in ('grant', 'subscription', 'adjustment', 'purchase', 'bonus', 'refund') then
        raise exception 'cannot grant credits as "%"', entry_type using errcode = '22023';
    end if;
    change := private.begin_credit_change(org_id, idempotency_key, amount);
    if (change.earlier).id is not null then
        return change.earlier;
    end if;
    return private.post_credit_entry(
        org_id, entry_type,
        case when entry_type in ('grant', 'subscription', 'adjustment') then amount else 0 end, 0,
        case when entry_type in ('purchase', 'bonus', 'refund') then amount else 0 end, 0,
        idempotency_key, user_id, null, reference_type, reference_id, description);
end
$$;

CREATE FUNCTION public.credits_hold(org_id uuid, amount bigint, idempotency_key text, hold_for interval DEFAULT '00:30:00'::interval, user_id uuid DEFAULT NULL::uuid, reference_type text DEFAULT NULL::text, reference_id text DEFAULT NULL::text) RETURNS public.credit_holds
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    wallet public.credit_balances;
    hold public.credit_holds;
    split record;
begin
    perform private.require_idempotency_key(idempotency_key);
    perform private.require_positive_amount(amount);
    if hold_for is null or hold_for <= interval '0' or hold_for > interval '7 days' then
        raise exception 'a hold lasts more than 0 and at most 7 days' using errcode = '22023';
    end if;
    wallet := private.lock_credit_balance(org_id);
    hold := private.credit_hold_by_key(org_id, idempotency_key);
    if hold.id is not null then
        return hold;
    end if;
    split := private.split_debit(wallet, amount);
    insert into public.credit_holds (
        organization_id, user_id, amount, from_rollover, from_main, from_bonus, idempotency_key,
        reference_type, reference_id, expires_at
    )
    values (
        org_id, user_id, amount, split.from_rollover, split.from_main, split.from_bonus,
        credits_hold.idempotency_key, reference_type, reference_id, now() + hold_for
    )
    returning * into hold;
    perform private.post_credit_entry(
        org_id, 'hold', -split.from_main, -split.from_rollover, -split.from_bonus, amount,
        'hold:' || hold.id, user_id, hold.id, reference_type, reference_id);
    return hold;
end
$$;

CREATE FUNCTION public.credits_release(hold_id uuid) RETURNS public.credit_holds
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    hold public.credit_holds := private.lock_hold(hold_id);
begin
    if hold.status in ('released', 'expired') then
        return hold;
    end if;
    if hold.status <> 'pending' then
        raise exception 'hold is %', hold.status using errcode = '55000';
    end if;
    return private.settle_hold(hold, 0, 'released');
end
$$;

CREATE FUNCTION public.credits_spend(org_id uuid, amount bigint, idempotency_key text, user_id uuid DEFAULT NULL::uuid, reference_type text DEFAULT NULL::text, reference_id text DEFAULT NULL::text, description text DEFAULT NULL::text) RETURNS public.credit_transactions
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    change record := private.begin_credit_change(org_id, idempotency_key, amount);
    split record;
begin
    if (change.earlier).id is not null then
        return change.earlier;
    end if;
    split := private.split_debit(change.wallet, amount);
    return private.post_credit_entry(
        org_id, 'usage', -split.from_main, -split.from_rollover, -split.from_bonus, 0,
        idempotency_key, user_id, null, reference_type, reference_id, description);
end
$$;

CREATE FUNCTION public.credits_start_period(org_id uuid, period_start timestamp with time zone) RETURNS public.credit_transactions
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    period_key text := 'period:' || to_char(period_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS');
    wallet public.credit_balances := private.lock_credit_balance(org_id);
    earlier public.credit_transactions := private.credit_entry_by_key(org_id, period_key);
    ending_plan public.plans;
    plan public.plans;
    carry bigint;
begin
    if earlier.id is not null then
        return earlier;
    end if;
    select p.* into ending_plan from public.plans p where p.id = wallet.period_plan_id;
    select p.* into plan from public.subscriptions s join public.plans p on p.id = s.plan_id
    where s.organization_id = org_id;
    if wallet.rollover_balance > 0 then
        perform private.post_credit_entry(org_id, 'expiry', 0, -wallet.rollover_balance, 0, 0,
            period_key || ':expire-rollover', description => 'rollover from the previous period expired');
    end if;
    carry := coalesce(least(wallet.balance * ending_plan.rollover_percent / 100, ending_plan.rollover_cap), 0);
    if carry > 0 then
        perform private.post_credit_entry(org_id, 'rollover', -carry, carry, 0, 0, period_key || ':rollover',
            description => format('%s plan: %s%% of the unused allowance, at most %s', ending_plan.name,
                                  ending_plan.rollover_percent, ending_plan.rollover_cap));
    end if;
    if wallet.balance - carry > 0 then
        perform private.post_credit_entry(org_id, 'expiry', -(wallet.balance - carry), 0, 0, 0,
            period_key || ':expire-allowance', description => 'unused allowance expired');
    end if;
    update public.credit_balances b
    set last_reset_at = period_start, period_allowance = plan.monthly_credits, period_plan_id = plan.id,
        next_reset_at = period_start + case (select s.billing_cycle from public.subscriptions s
                                             where s.organization_id = org_id)
                                        when 'yearly' then interval '1 year' else interval '1 month' end
    where b.organization_id = org_id;
    return private.post_credit_entry(org_id, 'subscription', plan.monthly_credits, 0, 0, 0, period_key,
        description => format('%s plan allowance', plan.name));
end
$$;

CREATE FUNCTION public.credits_top_up_allowance(org_id uuid) RETURNS public.credit_transactions
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select private.raise_period_allowance(org_id, p)
    from public.subscriptions s join public.plans p on p.id = s.plan_id
    where s.organization_id = org_id
$$;

CREATE FUNCTION public.decline_invitation(invitation_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    invitation public.invitations := private.invitation_for_invitee(invitation_id);
begin
    if invitation.status <> 'pending' then
        raise exception 'invitation is %', invitation.status using errcode = '55000';
    end if;
    update public.invitations i set status = 'declined' where i.id = invitation.id;
end
$$;

CREATE FUNCTION public.delete_organization(org_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    perform private.org_for_primary_owner(org_id, 'delete the organization');
    update public.organizations o set deleted_at = now() where o.id = org_id;
end
$$;

CREATE FUNCTION public.get_shared_project(share_token text) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    shared public.projects;
begin
    select p.* into shared
    from private.project_share_tokens s join public.projects p on p.id = s.project_id
    where s.token_hash = private.token_hash(share_token) and p.deleted_at is null;
    if shared.id is null then
        raise exception 'share link not found' using errcode = 'P0002';
    end if;
    return jsonb_build_object(
        'project', to_jsonb(shared) - array['settings', 'created_by', 'deleted_at'],
        'stories', coalesce((select jsonb_agg(to_jsonb(s) - array['created_by', 'prompt_used', 'generation_metadata']
                                              order by s.created_at)
                             from public.stories s where s.project_id = shared.id and s.deleted_at is null), '[]'),
        'characters', coalesce((select jsonb_agg(to_jsonb(c) - 'created_by' order by c.display_order, c.name)
                                from public.characters c where c.project_id = shared.id and c.deleted_at is null), '[]'),
        'universes', coalesce((select jsonb_agg(to_jsonb(u) order by u.created_at)
                               from public.universes u where u.project_id = shared.id and u.deleted_at is null), '[]'),
        'moodboards', coalesce((select jsonb_agg(to_jsonb(m) order by m.beat_index)
                                from public.moodboards m where m.project_id = shared.id and m.deleted_at is null), '[]')
    );
end
$$;

CREATE FUNCTION public.hybrid_search_chapters(query_text text, query_embedding extensions.vector, match_count integer DEFAULT 10, full_text_weight double precision DEFAULT 1, semantic_weight double precision DEFAULT 1, rrf_k integer DEFAULT 50, filter_organization_id uuid DEFAULT NULL::uuid, filter_book_id uuid DEFAULT NULL::uuid) RETURNS TABLE(chapter_id uuid, book_id uuid, chapter_number integer, title text, score double precision, keyword_rank bigint, semantic_rank bigint, similarity double precision, passage_no integer, passage_start integer, passage_end integer, passage text)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    with keyword as (
        select k.chapter_id as id, k.keyword_rank as rank_ix
        from public.keyword_search_chapters(query_text, greatest(least(match_count, 50) * 2, 20),
                                            filter_organization_id,
                                            filter_book_id) k
    ),
    semantic as (
        select m.chapter_id as id, m.similarity, m.passage_no, m.passage_start, m.passage_end,
               row_number() over (order by m.similarity desc) as rank_ix
        from public.match_chapters(query_embedding, greatest(least(match_count, 50) * 2, 20), filter_organization_id,
                                   filter_book_id) m
    ),
    fused as (
        select coalesce(keyword.id, semantic.id) as id,
               coalesce(1.0 / (rrf_k + keyword.rank_ix), 0.0) * full_text_weight as keyword_score,
               coalesce(1.0 / (rrf_k + semantic.rank_ix), 0.0) * semantic_weight as semantic_score,
               keyword.rank_ix as keyword_rank, semantic.rank_ix as semantic_rank, semantic.similarity,
               semantic.passage_no, semantic.passage_start, semantic.passage_end
        from keyword
        full outer join semantic on semantic.id = keyword.id
        order by coalesce(1.0 / (rrf_k + keyword.rank_ix), 0.0) * full_text_weight
                 + coalesce(1.0 / (rrf_k + semantic.rank_ix), 0.0) * semantic_weight desc
        limit match_count
    ),
    query as (
        select private.keyword_tsquery(query_text) as ts, private.partial_words(query_text) as partial
    )
    select c.id, c.book_id, c.chapter_number, c.title, f.keyword_score + f.semantic_score, f.keyword_rank,
           f.semantic_rank, f.similarity, p.passage_no, p.passage_start, p.passage_end,
           substr(c.content, p.passage_start + 1, p.passage_end - p.passage_start)
    from fused f
    cross join query
    join public.chapters c on c.id = f.id
    left join lateral (
        -- the nearest passage where meaning weighs more, else the passage the keywords rank highest in
        select f.passage_no, f.passage_start, f.passage_end
        where f.semantic_rank is not null and f.semantic_score >= f.keyword_score
        union all
        (select e.passage_no, e.passage_start, e.passage_end
         from public.chapter_embeddings e
         where e.chapter_id = f.id and (f.semantic_rank is null or f.semantic_score < f.keyword_score)
         order by ts_rank(to_tsvector('english', substr(c.content, e.passage_start + 1, e.passage_end - e.passage_start)),
                          query.ts)
                  + (select count(*) from unnest(query.partial) w
                     where strpos(substr(c.content, e.passage_start + 1, e.passage_end - e.passage_start), w) > 0)
                  desc,
                  e.passage_no
         limit 1)
    ) p on true
    order by f.keyword_score + f.semantic_score desc
$$;

CREATE FUNCTION public.invite_member(org_id uuid, invitee_email text, invitee_role public.member_role DEFAULT 'viewer'::public.member_role) RETURNS TABLE(invitation_id uuid, token text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    caller public.organization_members := private.require_org_role(org_id, 'admin', 'invite members', 'members.invite');
    new_token text := private.random_token();
    created_id uuid;
begin
    if (select o.is_personal from public.organizations o where o.id = org_id) then
        raise exception 'personal organizations have no other members' using errcode = '55000';
    end if;
    if invitee_email is null or invitee_email !~ '^[^@\s]+@[^@\s]+$' then
        raise exception 'invalid email address "%"', invitee_email using errcode = '22023';
    end if;
    if invitee_role = 'owner' then
        raise exception 'invite as admin, then transfer ownership' using errcode = '22023';
    end if;
    if invitee_role > caller.role then
        raise exception 'you cannot invite with a role above your own' using errcode = '42501';
    end if;
    if exists (
        select 1 from public.organization_members m join auth.users u on u.id = m.user_id
        where m.organization_id = org_id and lower(u.email) = lower(invitee_email)) then
        raise exception '% is already a member', invitee_email using errcode = '23505';
    end if;
    if exists (
        select 1 from public.invitations i
        where i.organization_id = org_id and lower(i.email) = lower(invitee_email) and i.status = 'pending') then
        raise exception 'an invitation to % is already pending', invitee_email
            using errcode = '23505', hint = 'revoke it to send a new one';
    end if;
    insert into public.invitations (organization_id, email, role, invited_by)
    values (org_id, lower(invitee_email), invitee_role, caller.user_id)
    returning id into created_id;
    insert into private.invitation_tokens (invitation_id, token_hash) values (created_id, private.token_hash(new_token));
    return query select created_id, new_token;
end
$_$;

CREATE FUNCTION public.is_feature_enabled(flag_key text, subject_user_id uuid DEFAULT NULL::uuid, subject_organization_id uuid DEFAULT NULL::uuid) RETURNS boolean
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    flag public.feature_flags;
    subject_user uuid := coalesce(subject_user_id, auth.uid());
    subject text;
begin
    -- clients ask about themselves and their own organizations only
    if coalesce(auth.role(), '') in ('anon', 'authenticated') then
        if subject_user_id is not null and subject_user_id is distinct from auth.uid() then
            raise exception 'clients may only check flags for themselves' using errcode = '42501';
        end if;
        if subject_organization_id is not null and not private.has_org_role(subject_organization_id) then
            raise exception 'organization % not found', subject_organization_id using errcode = 'P0002';
        end if;
    end if;
    select f.* into flag from public.feature_flags f where f.key = flag_key;
    if flag.id is null or not flag.enabled then
        return false;
    end if;
    subject := coalesce(subject_user::text, subject_organization_id::text);
    return case flag.target_type
        when 'all' then true
        when 'users' then subject_user = any (flag.target_user_ids)
        when 'organizations' then subject_organization_id = any (flag.target_organization_ids)
        when 'percentage' then subject is not null
            and abs(hashtextextended(flag.key || ':' || subject, 0) % 100) < flag.rollout_percentage
        else false
    end;
end
$$;

CREATE FUNCTION public.keyword_search_chapters(query_text text, match_count integer DEFAULT 10, filter_organization_id uuid DEFAULT NULL::uuid, filter_book_id uuid DEFAULT NULL::uuid) RETURNS TABLE(chapter_id uuid, book_id uuid, rank real, keyword_rank bigint)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
    ts tsquery;
    quorum tsquery;
    k integer := least(greatest(coalesce(match_count, 10), 1), 500);
    partial text[];
    prefixes tsquery;
    partial_text text;
    unspaced text[];
begin
    if length(query_text) > 1000 then
        raise exception 'query_text is longer than 1000 characters' using errcode = '22023';
    end if;
    ts := private.keyword_tsquery(query_text);
    quorum := private.keyword_quorum_tsquery(query_text);
    partial := private.partial_words(query_text);
    partial_text := array_to_string(partial, ' ');
    -- Chinese and Japanese words (Han, kana): Korean separates words, so prefixes serve it
    unspaced := array(select w from unnest(partial) w where w ~ '[\u3040-\u30ff\u3400-\u9fff]');
    -- the 'simple' configuration's own lexemes of those words, each as a prefix
    select string_agg('''' || replace(replace(l, '\', '\\'), '''', '''''') || ''':*', ' | ')::tsquery
    into prefixes
    from unnest(tsvector_to_array(to_tsvector('simple'::regconfig, partial_text))) l;
    return query
    with quorum_hits as materialized (
        select c.id from public.chapters c
        where c.fts_english @@ quorum and numnode(quorum) > 0
          and c.deleted_at is null
          and (filter_organization_id is null or c.organization_id = filter_organization_id)
          and (filter_book_id is null or c.book_id = filter_book_id)
    ),
    hits as (
        select q.id from quorum_hits q
        union
        -- any one word, only when the quorum found fewer than k chapters
        select c.id from public.chapters c
        where c.fts_english @@ ts and numnode(ts) > 0 and (select count(*) from quorum_hits) < k
          and c.deleted_at is null
          and (filter_organization_id is null or c.organization_id = filter_organization_id)
          and (filter_book_id is null or c.book_id = filter_book_id)
        union
        select c.id from public.chapters c
        where c.fts @@ prefixes and prefixes is not null
          and c.deleted_at is null
          and (filter_organization_id is null or c.organization_id = filter_organization_id)
          and (filter_book_id is null or c.book_id = filter_book_id)
        union
        select c.id from unnest(unspaced) w
        join public.chapters c
          on c.content like '%' || replace(replace(replace(w, '\', '\\'), '%', '\%'), '_', '\_') || '%'
        where c.deleted_at is null
          and (filter_organization_id is null or c.organization_id = filter_organization_id)
          and (filter_book_id is null or c.book_id = filter_book_id)
    ),
    ranked as (
        select c.id, c.book_id,
               greatest(
                   case when numnode(ts) > 0 then ts_rank(c.fts_english, ts, 1) else 0 end,
                   case when prefixes is not null then ts_rank(c.fts, prefixes, 1) else 0 end,
                   -- the share of the query's other-script words the content contains
                   (select count(*) filter (where strpos(c.content, w) > 0)::real / greatest(cardinality(partial), 1)
                    from unnest(partial) w)
               )::real as rank
        from hits join public.chapters c on c.id = hits.id
    )
    select r.id, r.book_id, r.rank, row_number() over (order by r.rank desc, r.id)
    from ranked r
    order by r.rank desc, r.id
    limit k;
end
$$;

CREATE FUNCTION public.leave_organization(org_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    caller public.organization_members := private.require_org_role(org_id, 'viewer', 'leave');
    org public.organizations;
begin
    select o.* into org from public.organizations o where o.id = org_id;
    if org.is_personal then
        raise exception 'you cannot leave your personal organization' using errcode = '55000';
    end if;
    if org.primary_owner_user_id = caller.user_id then
        raise exception 'the primary owner cannot leave: transfer ownership first' using errcode = '55000';
    end if;
    delete from public.organization_members m where m.id = caller.id;
end
$$;

CREATE FUNCTION public.match_chapters(query_embedding extensions.vector, match_count integer DEFAULT 10, filter_organization_id uuid DEFAULT NULL::uuid, filter_book_id uuid DEFAULT NULL::uuid, filter_project_id uuid DEFAULT NULL::uuid, exact_below integer DEFAULT 1500) RETURNS TABLE(chapter_id uuid, book_id uuid, similarity double precision, passage_no integer, passage_start integer, passage_end integer)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    SET "hnsw.iterative_scan" TO 'relaxed_order'
    SET "hnsw.ef_search" TO '100'
    AS $_$
declare
    k integer := least(greatest(coalesce(match_count, 10), 1), 500);
    filters text := concat_ws(' and ', 'true',
        case when filter_organization_id is not null then 'e.organization_id = $2' end,
        case when filter_book_id is not null then 'e.book_id = $3' end,
        case when filter_project_id is not null then 'e.project_id = $4' end);
    sees_everything boolean := (select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles r
                                where r.rolname = current_user);
    wanted integer;
    fetched integer;
    chapters integer;
    ids uuid[];
    books uuid[];
    distances double precision[];
    numbers integer[];
    starts integer[];
    ends integer[];
begin
    if query_embedding is null then
        raise exception 'query_embedding is required' using errcode = '22023';
    end if;
    if private.chapter_candidates(filter_organization_id, filter_book_id, filter_project_id, sees_everything,
                                  exact_below) >= exact_below then
        -- approximate: the HNSW index over passages, scanning on until enough passages pass the
        -- filters and RLS; more passages are fetched while they cover fewer than k chapters
        -- 4k passages: within ef_search for k <= 25, so nearly free, and enough to cover k
        -- chapters almost always
        wanted := k * 4;
        loop
            execute format($q$
                select count(*)::integer, count(distinct n.chapter_id)::integer,
                       array_agg(n.chapter_id order by n.distance), array_agg(n.book_id order by n.distance),
                       array_agg(n.distance order by n.distance), array_agg(n.passage_no order by n.distance),
                       array_agg(n.passage_start order by n.distance), array_agg(n.passage_end order by n.distance)
                from (select e.chapter_id, e.book_id, e.passage_no, e.passage_start, e.passage_end,
                             e.embedding operator(extensions.<=>) $1 as distance
                      from public.chapter_embeddings e
                      where %s
                      order by e.embedding operator(extensions.<=>) $1
                      limit $5) n
            $q$, filters)
            into fetched, chapters, ids, books, distances, numbers, starts, ends
            using query_embedding, filter_organization_id, filter_book_id, filter_project_id, wanted;
            exit when chapters >= k or fetched < wanted or wanted >= 8000;
            wanted := wanted * 4;
        end loop;
        if chapters >= k then
            return query
            select b.chapter_id, b.book_id, 1 - b.distance, b.passage_no, b.passage_start, b.passage_end
            from (select distinct on (u.chapter_id) u.*
                  from unnest(ids, books, distances, numbers, starts, ends)
                       as u (chapter_id, book_id, distance, passage_no, passage_start, passage_end)
                  order by u.chapter_id, u.distance) b
            order by b.distance
            limit k;
            return;
        end if;
    end if;

    -- exact: distances over the candidate passages only (the function form keeps HNSW out)
    return query execute format($q$
        select b.chapter_id, b.book_id, 1 - b.distance, b.passage_no, b.passage_start, b.passage_end
        from (select distinct on (e.chapter_id) e.chapter_id, e.book_id, e.passage_no, e.passage_start,
                     e.passage_end, extensions.cosine_distance(e.embedding, $1) as distance
              from public.chapter_embeddings e
              where %s
              order by e.chapter_id, extensions.cosine_distance(e.embedding, $1)) b
        order by b.distance
        limit $5
    $q$, filters) using query_embedding, filter_organization_id, filter_book_id, filter_project_id, k;
end
$_$;

CREATE FUNCTION public.remove_member(org_id uuid, member_user_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    caller public.organization_members;
    target public.organization_members;
begin
    if member_user_id = private.require_user() then
        raise exception 'use leave_organization to leave' using errcode = '22023';
    end if;
    caller := private.require_org_role(org_id, 'admin', 'remove members');
    target := private.target_membership(org_id, member_user_id);
    if target.role = 'owner' and caller.role < 'owner' then
        raise exception 'admins cannot remove owners' using errcode = '42501';
    end if;
    if private.is_primary_owner(org_id, member_user_id) then
        raise exception 'the primary owner cannot be removed: transfer ownership first' using errcode = '55000';
    end if;
    delete from public.organization_members m where m.id = target.id;
end
$$;

CREATE FUNCTION public.resolve_api_key(presented_key text) RETURNS TABLE(api_key_id uuid, organization_id uuid, scopes text[])
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    found public.api_keys;
begin
    select k.* into found
    from private.api_key_hashes h join public.api_keys k on k.id = h.api_key_id
    where h.key_hash = private.token_hash(presented_key);
    if found.id is null or found.revoked_at is not null or found.expires_at <= now() then
        raise exception 'invalid API key' using errcode = '28000';
    end if;
    update public.api_keys k set last_used_at = now()
    where k.id = found.id and (k.last_used_at is null or k.last_used_at < now() - interval '1 minute');
    return query select found.id, found.organization_id, found.scopes;
end
$$;

CREATE FUNCTION public.reveal_provider_credential(credential_id uuid) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    box bytea;
begin
    update public.provider_credentials c set usage_count = c.usage_count + 1, last_used_at = now()
    where c.id = reveal_provider_credential.credential_id and c.status = 'active'
      and (c.expires_at is null or c.expires_at > now());
    if not found then
        raise exception 'no active credential %', credential_id using errcode = 'P0002';
    end if;
    select s.secret_box into box from private.provider_secrets s
    where s.credential_id = reveal_provider_credential.credential_id;
    return private.decrypt_secret(box);
end
$$;

CREATE FUNCTION public.revoke_api_key(api_key_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    key_org uuid;
begin
    select k.organization_id into key_org from public.api_keys k where k.id = revoke_api_key.api_key_id;
    if key_org is null or not (private.has_org_role(key_org, 'admin') or exists (
        select 1 from public.organization_members m
        where m.organization_id = key_org and m.user_id = auth.uid() and 'api_keys.manage' = any (m.permissions))) then
        raise exception 'API key not found' using errcode = 'P0002';
    end if;
    update public.api_keys k set revoked_at = coalesce(k.revoked_at, now()) where k.id = revoke_api_key.api_key_id;
end
$$;

CREATE FUNCTION public.revoke_invitation(invitation_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    invitation public.invitations;
begin
    select i.* into invitation from public.invitations i where i.id = revoke_invitation.invitation_id for update;
    if invitation.id is null or not private.has_org_role(invitation.organization_id, 'admin') then
        raise exception 'invitation not found' using errcode = 'P0002';
    end if;
    if invitation.status <> 'pending' then
        raise exception 'invitation is %', invitation.status using errcode = '55000';
    end if;
    update public.invitations i set status = 'revoked' where i.id = invitation.id;
end
$$;

CREATE FUNCTION public.revoke_project_share_link(project_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    perform private.require_user();
    if revoke_project_share_link.project_id not in (select private.editable_project_ids()) then
        raise exception 'project % not found', project_id using errcode = 'P0002';
    end if;
    delete from private.project_share_tokens s where s.project_id = revoke_project_share_link.project_id;
end
$$;

CREATE FUNCTION public.rotate_webhook_secret(webhook_id uuid) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    hook_org uuid;
    secret text := 'whsec_' || private.random_token();
begin
    select w.organization_id into hook_org from public.webhooks w where w.id = rotate_webhook_secret.webhook_id;
    if hook_org is null or not private.has_org_role(hook_org, 'admin') then
        raise exception 'webhook not found' using errcode = 'P0002';
    end if;
    update private.webhook_secrets s set secret_box = private.encrypt_secret(secret)
    where s.webhook_id = rotate_webhook_secret.webhook_id;
    return secret;
end
$$;

CREATE FUNCTION public.save_provider_credential(org_id uuid, provider_name text, secret text, credential_name text DEFAULT 'default'::text, credential_config jsonb DEFAULT '{}'::jsonb, credential_expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    caller uuid := (private.require_org_role(org_id, 'admin', 'manage provider credentials')).user_id;
    saved_id uuid;
begin
    if provider_name is null or provider_name !~ '^[a-z0-9_]{2,40}$' then
        raise exception 'invalid provider "%"', provider_name using errcode = '22023';
    end if;
    if coalesce(length(secret), 0) < 8 then
        raise exception 'the secret looks too short to be a provider key' using errcode = '22023';
    end if;
    if jsonb_typeof(credential_config) is distinct from 'object' then
        raise exception 'config must be a JSON object' using errcode = '22023';
    end if;
    insert into public.provider_credentials as c (
        organization_id, created_by, provider, name, secret_hint, config, expires_at
    )
    values (org_id, caller, provider_name, coalesce(credential_name, 'default'), private.secret_hint(secret),
            credential_config, credential_expires_at)
    on conflict (organization_id, provider, name) do update
    set secret_hint = excluded.secret_hint, config = excluded.config, expires_at = excluded.expires_at,
        status = 'active', last_validated_at = null
    returning c.id into saved_id;
    insert into private.provider_secrets (credential_id, secret_box)
    values (saved_id, private.encrypt_secret(secret))
    on conflict (credential_id) do update set secret_box = excluded.secret_box;
    return saved_id;
end
$_$;

CREATE FUNCTION public.soft_delete(table_name text, row_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    target jsonb;
    allowed boolean;
begin
    perform private.require_user();
    if table_name not in (
        'projects', 'stories', 'universes', 'moodboards', 'animations', 'books', 'chapters', 'scripts', 'scenes',
        'plot_overviews', 'characters', 'chapter_scripts', 'prompts', 'brand_policies', 'feedback', 'assets'
    ) then
        raise exception 'rows of % are not soft-deleted', table_name using errcode = '22023';
    end if;
    execute format('select to_jsonb(t) from public.%I t where t.id = $1 and t.deleted_at is null for update', table_name)
    into target using row_id;
    allowed := case
        when target is null then false
        when table_name = 'projects' then row_id in (select private.editable_project_ids())
        when table_name in ('prompts', 'feedback') then (target ->> 'created_by')::uuid = auth.uid()
            or private.has_org_role((target ->> 'organization_id')::uuid, 'admin')
        when target ->> 'project_id' is null then private.has_org_role((target ->> 'organization_id')::uuid, 'editor')
        else (target ->> 'project_id')::uuid in (select private.editable_project_ids())
    end;
    if not allowed then
        raise exception '% % not found', table_name, row_id using errcode = 'P0002';
    end if;
    execute format('update public.%I set deleted_at = now() where id = $1', table_name) using row_id;
end
$_$;

CREATE FUNCTION public.stripe_apply_event(event jsonb) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    event_at timestamptz := private.unix_time(event -> 'created');
    stripe_object jsonb := event -> 'data' -> 'object';
    result text;
begin
    if event ->> 'id' is null or event ->> 'type' is null or event_at is null or stripe_object is null then
        raise exception 'not a Stripe event: id, type, created and data.object are required' using errcode = '22023';
    end if;
    insert into private.stripe_events (id, type, stripe_created_at, payload)
    values (event ->> 'id', event ->> 'type', event_at, event)
    on conflict (id) do nothing;
    if not found then
        return 'duplicate';
    end if;
    result := case
        when event ->> 'type' in ('customer.subscription.created', 'customer.subscription.updated',
                                  'customer.subscription.deleted')
            then private.stripe_apply_subscription(event ->> 'type', event_at, stripe_object)
        when event ->> 'type' in ('invoice.paid', 'invoice.payment_failed', 'invoice.finalized', 'invoice.voided')
            then private.stripe_apply_invoice(event ->> 'type', event_at, stripe_object)
        when event ->> 'type' = 'checkout.session.completed' then private.stripe_apply_checkout(stripe_object)
        when event ->> 'type' = 'charge.refunded' then private.stripe_apply_refund(stripe_object)
        else 'ignored: event type not handled'
    end;
    update private.stripe_events e set outcome = result where e.id = event ->> 'id';
    return result;
end
$$;

CREATE FUNCTION public.transfer_ownership(org_id uuid, new_owner_user_id uuid) RETURNS public.organizations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    org public.organizations := private.org_for_primary_owner(org_id, 'transfer ownership');
    target public.organization_members;
begin
    if new_owner_user_id = org.primary_owner_user_id then
        raise exception 'you already own this organization' using errcode = '22023';
    end if;
    target := private.target_membership(org_id, new_owner_user_id);
    update public.organization_members m set role = 'owner' where m.id = target.id;
    update public.organization_members m set role = 'admin'
    where m.organization_id = org_id and m.user_id = org.primary_owner_user_id;
    update public.organizations o set primary_owner_user_id = new_owner_user_id where o.id = org_id
    returning * into org;
    return org;
end
$$;

CREATE FUNCTION public.use_prompt(prompt_id uuid, variable_values jsonb DEFAULT '{}'::jsonb) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    prompt public.prompts;
    rendered text;
    variable_name text;
    missing text[];
begin
    select p.* into prompt from public.prompts p where p.id = use_prompt.prompt_id;
    if prompt.id is null then
        raise exception 'prompt % not found', prompt_id using errcode = 'P0002';
    end if;
    rendered := prompt.content;
    for variable_name in select distinct m[1] from regexp_matches(prompt.content, '\{\{\s*(\w+)\s*\}\}', 'g') m loop
        if variable_values ? variable_name then
            rendered := regexp_replace(rendered, '\{\{\s*' || variable_name || '\s*\}\}',
                                       replace(variable_values ->> variable_name, '\', '\\'), 'g');
        else
            missing := missing || variable_name;
        end if;
    end loop;
    if missing is not null then
        raise exception 'missing values for prompt variables: %', array_to_string(missing, ', ') using errcode = '22023';
    end if;
    insert into public.prompt_uses (prompt_id, user_id) values (prompt.id, auth.uid());
    return rendered;
end
$$;

CREATE FUNCTION public.webhook_signing_secret(webhook_id uuid) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select private.decrypt_secret(s.secret_box) from private.webhook_secrets s
    where s.webhook_id = webhook_signing_secret.webhook_id
$$;

CREATE TABLE public.usage_events (
    event_id uuid NOT NULL,
    occurred_at timestamp with time zone NOT NULL,
    organization_id uuid NOT NULL,
    user_id uuid,
    project_id uuid,
    job_id uuid,
    subscription_id uuid,
    resource_type text NOT NULL,
    provider text,
    model text,
    endpoint text,
    input_tokens bigint DEFAULT 0 NOT NULL,
    output_tokens bigint DEFAULT 0 NOT NULL,
    units numeric DEFAULT 0 NOT NULL,
    credits bigint DEFAULT 0 NOT NULL,
    cost_usd numeric(14,6) DEFAULT 0 NOT NULL,
    duration_ms integer,
    status text DEFAULT 'success'::text NOT NULL,
    error_message text,
    plan_at_time text,
    render_profile text,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT usage_events_cost_usd_check CHECK ((cost_usd >= (0)::numeric)),
    CONSTRAINT usage_events_credits_check CHECK ((credits >= 0)),
    CONSTRAINT usage_events_duration_ms_check CHECK ((duration_ms >= 0)),
    CONSTRAINT usage_events_input_tokens_check CHECK ((input_tokens >= 0)),
    CONSTRAINT usage_events_output_tokens_check CHECK ((output_tokens >= 0)),
    CONSTRAINT usage_events_resource_type_check CHECK ((resource_type = ANY (ARRAY['llm_tokens'::text, 'image'::text, 'audio'::text, 'video'::text, 'lipsync'::text, 'merge'::text, 'render_seconds'::text, 'kai_credits'::text, 'storage'::text, 'embedding'::text, 'api_call'::text]))),
    CONSTRAINT usage_events_status_check CHECK ((status = ANY (ARRAY['success'::text, 'error'::text, 'timeout'::text, 'cancelled'::text]))),
    CONSTRAINT usage_events_units_check CHECK ((units >= (0)::numeric))
)
PARTITION BY RANGE (occurred_at);

COMMENT ON TABLE public.usage_events IS 'Every metered event. Written by workers (service_role) in batches; members read their organization''s.';

COMMENT ON COLUMN public.usage_events.units IS 'The measured quantity in the unit of resource_type: KAI credits, render seconds, storage bytes, images, media seconds.';

CREATE VIEW analytics.cost_by_provider_model AS
 SELECT COALESCE(provider, 'unknown'::text) AS provider,
    COALESCE(model, 'unknown'::text) AS model,
    (date_trunc('month'::text, occurred_at, 'UTC'::text))::date AS month,
    count(*) AS events,
    count(*) FILTER (WHERE (status = 'success'::text)) AS successes,
    count(*) FILTER (WHERE (status <> 'success'::text)) AS failures,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(credits) AS credits,
    sum(cost_usd) AS cost_usd,
    round(avg(cost_usd), 6) AS avg_cost_usd,
    round(avg(duration_ms)) AS avg_duration_ms
   FROM public.usage_events e
  GROUP BY COALESCE(provider, 'unknown'::text), COALESCE(model, 'unknown'::text), ((date_trunc('month'::text, occurred_at, 'UTC'::text))::date);

CREATE TABLE public.subscriptions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    plan_id text DEFAULT 'free'::text NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    billing_cycle text DEFAULT 'monthly'::text NOT NULL,
    stripe_subscription_id text,
    stripe_customer_id text,
    stripe_price_id text,
    current_period_start timestamp with time zone DEFAULT date_trunc('month'::text, now()) NOT NULL,
    current_period_end timestamp with time zone DEFAULT (date_trunc('month'::text, now()) + '1 mon'::interval) NOT NULL,
    trial_start timestamp with time zone,
    trial_end timestamp with time zone,
    canceled_at timestamp with time zone,
    cancel_at_period_end boolean DEFAULT false NOT NULL,
    stripe_event_at timestamp with time zone,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT subscriptions_billing_cycle_check CHECK ((billing_cycle = ANY (ARRAY['monthly'::text, 'yearly'::text]))),
    CONSTRAINT subscriptions_check CHECK ((current_period_end > current_period_start)),
    CONSTRAINT subscriptions_metadata_check CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT subscriptions_status_check CHECK ((status = ANY (ARRAY['trialing'::text, 'active'::text, 'past_due'::text, 'canceled'::text, 'paused'::text, 'incomplete'::text, 'incomplete_expired'::text, 'unpaid'::text])))
);

CREATE VIEW analytics.credit_health AS
 WITH burn AS (
         SELECT t.organization_id,
            sum((- t.amount)) AS burn_30d
           FROM public.credit_transactions t
          WHERE ((t.created_at >= (now() - '30 days'::interval)) AND (t.type = ANY (ARRAY['usage'::text, 'hold'::text, 'release'::text])))
          GROUP BY t.organization_id
        )
 SELECT o.id AS organization_id,
    o.name,
    s.plan_id,
    s.status AS subscription_status,
    ((b.balance + b.rollover_balance) + b.bonus_balance) AS available_credits,
    b.balance,
    b.rollover_balance,
    b.bonus_balance,
    b.held_balance,
    COALESCE(burn.burn_30d, (0)::numeric) AS burn_30d,
    round((COALESCE(burn.burn_30d, (0)::numeric) / 30.0), 2) AS daily_burn,
        CASE
            WHEN (COALESCE(burn.burn_30d, (0)::numeric) > (0)::numeric) THEN round(((((b.balance + b.rollover_balance) + b.bonus_balance))::numeric / (burn.burn_30d / 30.0)), 1)
            ELSE NULL::numeric
        END AS days_left,
    b.next_reset_at
   FROM (((public.organizations o
     JOIN public.credit_balances b ON ((b.organization_id = o.id)))
     LEFT JOIN public.subscriptions s ON ((s.organization_id = o.id)))
     LEFT JOIN burn ON ((burn.organization_id = o.id)))
  WHERE (o.deleted_at IS NULL);

CREATE MATERIALIZED VIEW analytics.daily_usage AS
 SELECT organization_id,
    ((occurred_at AT TIME ZONE 'UTC'::text))::date AS day,
    count(*) AS events,
    COALESCE(sum((input_tokens + output_tokens)) FILTER (WHERE (resource_type = 'llm_tokens'::text)), (0)::numeric) AS total_tokens,
    COALESCE(sum(units) FILTER (WHERE (resource_type = 'kai_credits'::text)), (0)::numeric) AS total_kai_credits,
    COALESCE(sum(units) FILTER (WHERE (resource_type = 'render_seconds'::text)), (0)::numeric) AS total_render_seconds,
    count(*) FILTER (WHERE (resource_type = 'video'::text)) AS videos,
    sum(credits) AS total_credits,
    sum(cost_usd) AS total_cost_usd
   FROM public.usage_events e
  GROUP BY organization_id, (((occurred_at AT TIME ZONE 'UTC'::text))::date)
  WITH NO DATA;

CREATE VIEW analytics.subscriptions_mrr AS
 SELECT p.id AS plan_id,
    p.name AS plan_name,
    count(s.id) AS subscriptions,
    count(s.id) FILTER (WHERE (s.status = 'active'::text)) AS active,
    count(s.id) FILTER (WHERE (s.status = 'trialing'::text)) AS trialing,
    count(s.id) FILTER (WHERE (s.status = 'past_due'::text)) AS past_due,
    count(s.id) FILTER (WHERE (s.status = 'canceled'::text)) AS canceled,
    (COALESCE(sum(
        CASE s.billing_cycle
            WHEN 'yearly'::text THEN ((p.price_cents_yearly)::numeric / 12.0)
            ELSE (p.price_cents_monthly)::numeric
        END) FILTER (WHERE (s.status = ANY (ARRAY['active'::text, 'past_due'::text]))), (0)::numeric))::bigint AS mrr_cents
   FROM (public.plans p
     LEFT JOIN public.subscriptions s ON ((s.plan_id = p.id)))
  GROUP BY p.id, p.name, p.sort_order
  ORDER BY p.sort_order;

CREATE TABLE auth.users (
    instance_id uuid,
    id uuid NOT NULL,
    aud character varying(255),
    role character varying(255),
    email character varying(255),
    encrypted_password character varying(255),
    email_confirmed_at timestamp with time zone,
    invited_at timestamp with time zone,
    confirmation_token character varying(255),
    confirmation_sent_at timestamp with time zone,
    recovery_token character varying(255),
    recovery_sent_at timestamp with time zone,
    email_change_token_new character varying(255),
    email_change character varying(255),
    email_change_sent_at timestamp with time zone,
    last_sign_in_at timestamp with time zone,
    raw_app_meta_data jsonb,
    raw_user_meta_data jsonb,
    is_super_admin boolean,
    created_at timestamp with time zone,
    updated_at timestamp with time zone,
    phone text,
    phone_confirmed_at timestamp with time zone,
    phone_change text DEFAULT ''::text,
    phone_change_token character varying(255) DEFAULT ''::character varying,
    phone_change_sent_at timestamp with time zone,
    confirmed_at timestamp with time zone GENERATED ALWAYS AS (LEAST(email_confirmed_at, phone_confirmed_at)) STORED,
    email_change_token_current character varying(255) DEFAULT ''::character varying,
    email_change_confirm_status smallint DEFAULT 0,
    banned_until timestamp with time zone,
    reauthentication_token character varying(255) DEFAULT ''::character varying,
    reauthentication_sent_at timestamp with time zone,
    is_sso_user boolean DEFAULT false NOT NULL,
    deleted_at timestamp with time zone,
    is_anonymous boolean DEFAULT false NOT NULL,
    CONSTRAINT users_email_change_confirm_status_check CHECK (((email_change_confirm_status >= 0) AND (email_change_confirm_status <= 2)))
);

CREATE TABLE private.api_key_hashes (
    api_key_id uuid NOT NULL,
    key_hash bytea NOT NULL
);

CREATE TABLE public.audit_logs (
    id bigint NOT NULL,
    organization_id uuid,
    user_id uuid,
    actor_role text DEFAULT COALESCE(auth.role(), (CURRENT_USER)::text) NOT NULL,
    action text NOT NULL,
    entity_type text NOT NULL,
    entity_id text,
    old_values jsonb,
    new_values jsonb,
    changes jsonb,
    ip_address inet,
    user_agent text,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT audit_logs_action_check CHECK (((length(action) >= 1) AND (length(action) <= 100))),
    CONSTRAINT audit_logs_entity_type_check CHECK (((length(entity_type) >= 1) AND (length(entity_type) <= 100)))
)
PARTITION BY RANGE (created_at);

COMMENT ON TABLE public.audit_logs IS 'Append-only. Organization admins read their organization''s rows; nobody updates or deletes them.';

CREATE TABLE private.audit_logs_default (
    id bigint CONSTRAINT audit_logs_id_not_null NOT NULL,
    organization_id uuid,
    user_id uuid,
    actor_role text DEFAULT COALESCE(auth.role(), (CURRENT_USER)::text) CONSTRAINT audit_logs_actor_role_not_null NOT NULL,
    action text CONSTRAINT audit_logs_action_not_null NOT NULL,
    entity_type text CONSTRAINT audit_logs_entity_type_not_null NOT NULL,
    entity_id text,
    old_values jsonb,
    new_values jsonb,
    changes jsonb,
    ip_address inet,
    user_agent text,
    metadata jsonb DEFAULT '{}'::jsonb CONSTRAINT audit_logs_metadata_not_null NOT NULL,
    created_at timestamp with time zone DEFAULT now() CONSTRAINT audit_logs_created_at_not_null NOT NULL,
    CONSTRAINT audit_logs_action_check CHECK (((length(action) >= 1) AND (length(action) <= 100))),
    CONSTRAINT audit_logs_entity_type_check CHECK (((length(entity_type) >= 1) AND (length(entity_type) <= 100)))
);

CREATE TABLE private.invitation_tokens (
    invitation_id uuid NOT NULL,
    token_hash bytea NOT NULL
);

CREATE TABLE private.keyring (
    id integer NOT NULL,
    master_key bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    retired_at timestamp with time zone,
    CONSTRAINT keyring_master_key_check CHECK ((length(master_key) = 32))
);

ALTER TABLE private.keyring ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME private.keyring_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE private.project_share_tokens (
    project_id uuid NOT NULL,
    token_hash bytea NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE private.provider_secrets (
    credential_id uuid NOT NULL,
    secret_box bytea NOT NULL
);

CREATE TABLE private.stripe_events (
    id text NOT NULL,
    type text NOT NULL,
    stripe_created_at timestamp with time zone NOT NULL,
    payload jsonb NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    outcome text DEFAULT 'received'::text NOT NULL
);

CREATE TABLE private.usage_events_default (
    event_id uuid CONSTRAINT usage_events_event_id_not_null NOT NULL,
    occurred_at timestamp with time zone CONSTRAINT usage_events_occurred_at_not_null NOT NULL,
    organization_id uuid CONSTRAINT usage_events_organization_id_not_null NOT NULL,
    user_id uuid,
    project_id uuid,
    job_id uuid,
    subscription_id uuid,
    resource_type text CONSTRAINT usage_events_resource_type_not_null NOT NULL,
    provider text,
    model text,
    endpoint text,
    input_tokens bigint DEFAULT 0 CONSTRAINT usage_events_input_tokens_not_null NOT NULL,
    output_tokens bigint DEFAULT 0 CONSTRAINT usage_events_output_tokens_not_null NOT NULL,
    units numeric DEFAULT 0 CONSTRAINT usage_events_units_not_null NOT NULL,
    credits bigint DEFAULT 0 CONSTRAINT usage_events_credits_not_null NOT NULL,
    cost_usd numeric(14,6) DEFAULT 0 CONSTRAINT usage_events_cost_usd_not_null NOT NULL,
    duration_ms integer,
    status text DEFAULT 'success'::text CONSTRAINT usage_events_status_not_null NOT NULL,
    error_message text,
    plan_at_time text,
    render_profile text,
    metadata jsonb DEFAULT '{}'::jsonb CONSTRAINT usage_events_metadata_not_null NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() CONSTRAINT usage_events_recorded_at_not_null NOT NULL,
    CONSTRAINT usage_events_cost_usd_check CHECK ((cost_usd >= (0)::numeric)),
    CONSTRAINT usage_events_credits_check CHECK ((credits >= 0)),
    CONSTRAINT usage_events_duration_ms_check CHECK ((duration_ms >= 0)),
    CONSTRAINT usage_events_input_tokens_check CHECK ((input_tokens >= 0)),
    CONSTRAINT usage_events_output_tokens_check CHECK ((output_tokens >= 0)),
    CONSTRAINT usage_events_resource_type_check CHECK ((resource_type = ANY (ARRAY['llm_tokens'::text, 'image'::text, 'audio'::text, 'video'::text, 'lipsync'::text, 'merge'::text, 'render_seconds'::text, 'kai_credits'::text, 'storage'::text, 'embedding'::text, 'api_call'::text]))),
    CONSTRAINT usage_events_status_check CHECK ((status = ANY (ARRAY['success'::text, 'error'::text, 'timeout'::text, 'cancelled'::text]))),
    CONSTRAINT usage_events_units_check CHECK ((units >= (0)::numeric))
);

CREATE TABLE private.webhook_secrets (
    webhook_id uuid NOT NULL,
    secret_box bytea NOT NULL
);

CREATE TABLE public.animations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid NOT NULL,
    beat_name text NOT NULL,
    beat_index integer NOT NULL,
    ai_prompt text,
    style text,
    preview_image_url text,
    video_url text,
    video_duration_seconds numeric(8,2),
    status text DEFAULT 'pending'::text NOT NULL,
    error_message text,
    generation_params jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT animations_beat_index_check CHECK ((beat_index >= 0)),
    CONSTRAINT animations_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'generating'::text, 'ready'::text, 'failed'::text]))),
    CONSTRAINT animations_video_duration_seconds_check CHECK ((video_duration_seconds >= (0)::numeric))
);

CREATE TABLE public.api_call_counters (
    user_id uuid NOT NULL,
    period text NOT NULL,
    period_start timestamp with time zone NOT NULL,
    calls bigint DEFAULT 0 NOT NULL,
    CONSTRAINT api_call_counters_calls_check CHECK ((calls >= 0)),
    CONSTRAINT api_call_counters_period_check CHECK ((period = ANY (ARRAY['day'::text, 'month'::text])))
);

CREATE TABLE public.api_keys (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    created_by uuid,
    name text NOT NULL,
    key_prefix text NOT NULL,
    scopes text[] DEFAULT '{}'::text[] NOT NULL,
    last_used_at timestamp with time zone,
    expires_at timestamp with time zone,
    revoked_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT api_keys_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT api_keys_scopes_check CHECK ((scopes <@ ARRAY['projects:read'::text, 'projects:write'::text, 'media:read'::text, 'media:generate'::text, 'billing:read'::text, 'webhooks:manage'::text]))
);

CREATE TABLE public.asset_versions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    asset_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    version integer NOT NULL,
    storage_path text NOT NULL,
    url text,
    size_bytes bigint DEFAULT 0 NOT NULL,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT asset_versions_size_bytes_check CHECK ((size_bytes >= 0)),
    CONSTRAINT asset_versions_version_check CHECK ((version > 0))
);

CREATE TABLE public.assets (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    uploaded_by uuid,
    type text NOT NULL,
    category text,
    source text DEFAULT 'upload'::text NOT NULL,
    title text,
    description text,
    filename text NOT NULL,
    original_name text,
    mime_type text NOT NULL,
    size_bytes bigint DEFAULT 0 NOT NULL,
    storage_provider text DEFAULT 'supabase'::text NOT NULL,
    storage_bucket text,
    storage_path text NOT NULL,
    url text,
    cdn_url text,
    thumbnail_url text,
    optimized_urls jsonb DEFAULT '{}'::jsonb NOT NULL,
    width integer,
    height integer,
    duration_seconds numeric(10,3),
    fps numeric(6,3),
    codec text,
    alt_text text,
    tags text[] DEFAULT '{}'::text[] NOT NULL,
    ai_generated boolean DEFAULT false NOT NULL,
    ai_prompt text,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    status text DEFAULT 'ready'::text NOT NULL,
    usage_count bigint DEFAULT 0 NOT NULL,
    last_used_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT assets_duration_seconds_check CHECK ((duration_seconds >= (0)::numeric)),
    CONSTRAINT assets_fps_check CHECK ((fps > (0)::numeric)),
    CONSTRAINT assets_height_check CHECK ((height > 0)),
    CONSTRAINT assets_size_bytes_check CHECK ((size_bytes >= 0)),
    CONSTRAINT assets_source_check CHECK ((source = ANY (ARRAY['upload'::text, 'generated'::text, 'imported'::text, 'rendered'::text]))),
    CONSTRAINT assets_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'processing'::text, 'ready'::text, 'failed'::text]))),
    CONSTRAINT assets_storage_provider_check CHECK ((storage_provider = ANY (ARRAY['supabase'::text, 's3'::text, 'gcs'::text, 'local'::text]))),
    CONSTRAINT assets_type_check CHECK ((type = ANY (ARRAY['image'::text, 'video'::text, 'audio'::text, 'document'::text, 'model'::text, 'font'::text, 'subtitle'::text, 'other'::text]))),
    CONSTRAINT assets_usage_count_check CHECK ((usage_count >= 0)),
    CONSTRAINT assets_width_check CHECK ((width > 0))
);

ALTER TABLE public.audit_logs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.audit_logs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.book_structure (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    book_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    structure_data jsonb NOT NULL,
    extraction_method text NOT NULL,
    confirmed_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT book_structure_extraction_method_check CHECK ((extraction_method = ANY (ARRAY['markdown_headings'::text, 'text_headings'::text, 'manual'::text, 'ai'::text])))
);

CREATE TABLE public.books (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    created_by uuid,
    title text NOT NULL,
    description text,
    language text DEFAULT 'en'::text NOT NULL,
    book_type text DEFAULT 'fiction'::text NOT NULL,
    structure_type text DEFAULT 'chapters'::text NOT NULL,
    status text DEFAULT 'draft'::text NOT NULL,
    file_url text,
    cover_url text,
    total_chapters integer DEFAULT 0 NOT NULL,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    processing_started_at timestamp with time zone,
    processing_completed_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT books_book_type_check CHECK ((book_type = ANY (ARRAY['fiction'::text, 'non_fiction'::text, 'learning'::text, 'entertainment'::text, 'screenplay'::text, 'comic'::text, 'other'::text]))),
    CONSTRAINT books_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'uploaded'::text, 'processing'::text, 'ready'::text, 'failed'::text, 'published'::text]))),
    CONSTRAINT books_structure_type_check CHECK ((structure_type = ANY (ARRAY['chapters'::text, 'parts_and_chapters'::text, 'acts'::text, 'flat'::text]))),
    CONSTRAINT books_title_check CHECK (((length(title) >= 1) AND (length(title) <= 300))),
    CONSTRAINT books_total_chapters_check CHECK ((total_chapters >= 0))
);

CREATE TABLE public.brand_policies (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    created_by uuid,
    brand_name text NOT NULL,
    brand_description text,
    color_palette jsonb DEFAULT '[]'::jsonb NOT NULL,
    typography jsonb DEFAULT '{}'::jsonb NOT NULL,
    logo_assets jsonb DEFAULT '[]'::jsonb NOT NULL,
    tone_of_voice text,
    messaging_guidelines text,
    prohibited_content text[] DEFAULT '{}'::text[] NOT NULL,
    preferred_keywords text[] DEFAULT '{}'::text[] NOT NULL,
    preferred_formats text[] DEFAULT '{}'::text[] NOT NULL,
    resolution_requirements jsonb DEFAULT '{}'::jsonb NOT NULL,
    duration_guidelines jsonb DEFAULT '{}'::jsonb NOT NULL,
    is_default boolean DEFAULT false NOT NULL,
    is_public boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone
);

CREATE TABLE public.chapter_embeddings (
    chapter_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    book_id uuid NOT NULL,
    embedding extensions.vector(384) NOT NULL,
    embedding_model text NOT NULL,
    dimension integer DEFAULT 384 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    passage_no integer DEFAULT 0 NOT NULL,
    passage_start integer DEFAULT 0 NOT NULL,
    passage_end integer DEFAULT 0 NOT NULL,
    CONSTRAINT chapter_embeddings_dimension_check CHECK ((dimension = 384)),
    CONSTRAINT chapter_embeddings_passage_no_check CHECK ((passage_no >= 0)),
    CONSTRAINT chapter_embeddings_passage_offsets CHECK ((passage_end >= passage_start)),
    CONSTRAINT chapter_embeddings_passage_start_check CHECK ((passage_start >= 0))
);

COMMENT ON TABLE public.chapter_embeddings IS 'One vector per passage of every live chapter (removed when the chapter is soft-deleted or edited); search with match_chapters() or hybrid_search_chapters().';

COMMENT ON COLUMN public.chapter_embeddings.passage_no IS 'The passage''s place in its chapter, from 0.';

COMMENT ON COLUMN public.chapter_embeddings.passage_start IS 'Where the passage starts in chapters.content: a 0-based character offset.';

COMMENT ON COLUMN public.chapter_embeddings.passage_end IS 'Where the passage ends in chapters.content: a 0-based character offset, exclusive.';

CREATE TABLE public.chapter_scripts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    chapter_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    plot_overview_id uuid,
    script_id uuid,
    created_by uuid,
    plot_enhanced boolean DEFAULT false NOT NULL,
    character_enhanced boolean DEFAULT false NOT NULL,
    scenes jsonb DEFAULT '[]'::jsonb NOT NULL,
    acts jsonb DEFAULT '[]'::jsonb NOT NULL,
    beats jsonb DEFAULT '[]'::jsonb NOT NULL,
    character_details jsonb DEFAULT '[]'::jsonb NOT NULL,
    character_arcs jsonb DEFAULT '[]'::jsonb NOT NULL,
    status text DEFAULT 'draft'::text NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    generation_metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT chapter_scripts_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'generating'::text, 'ready'::text, 'approved'::text, 'failed'::text]))),
    CONSTRAINT chapter_scripts_version_check CHECK ((version > 0))
);

CREATE TABLE public.chapters (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    book_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    chapter_number integer NOT NULL,
    title text DEFAULT ''::text NOT NULL,
    content text DEFAULT ''::text NOT NULL,
    summary text,
    duration integer,
    ai_content jsonb DEFAULT '{}'::jsonb NOT NULL,
    word_count integer GENERATED ALWAYS AS (COALESCE(array_length(regexp_split_to_array(TRIM(BOTH FROM content), '\s+'::text), 1), 0)) STORED,
    fts tsvector GENERATED ALWAYS AS ((setweight(to_tsvector('simple'::regconfig, COALESCE(title, ''::text)), 'A'::"char") || setweight(to_tsvector('simple'::regconfig, content), 'B'::"char"))) STORED,
    embedding_status text DEFAULT 'pending'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    fts_english tsvector GENERATED ALWAYS AS ((setweight(to_tsvector('english'::regconfig, COALESCE(title, ''::text)), 'A'::"char") || setweight(to_tsvector('english'::regconfig, content), 'B'::"char"))) STORED,
    CONSTRAINT chapters_chapter_number_check CHECK ((chapter_number > 0)),
    CONSTRAINT chapters_duration_check CHECK ((duration >= 0)),
    CONSTRAINT chapters_embedding_status_check CHECK ((embedding_status = ANY (ARRAY['pending'::text, 'embedded'::text, 'failed'::text])))
);

CREATE TABLE public.character_archetypes (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    description text NOT NULL,
    category text NOT NULL,
    traits text[] DEFAULT '{}'::text[] NOT NULL,
    typical_roles text[] DEFAULT '{}'::text[] NOT NULL,
    example_characters text[] DEFAULT '{}'::text[] NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT character_archetypes_category_check CHECK ((category = ANY (ARRAY['ego'::text, 'soul'::text, 'self'::text])))
);

CREATE TABLE public.characters (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    book_id uuid,
    plot_overview_id uuid,
    created_by uuid,
    name text NOT NULL,
    role text,
    archetype text,
    archetypes text[] DEFAULT '{}'::text[] NOT NULL,
    image_url text,
    image_poses jsonb DEFAULT '[]'::jsonb NOT NULL,
    image_generation_prompt text,
    image_metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    cast_reference text,
    physical_description text,
    personality text,
    physiological jsonb DEFAULT '{}'::jsonb NOT NULL,
    psychological jsonb DEFAULT '{}'::jsonb NOT NULL,
    emotional jsonb DEFAULT '{}'::jsonb NOT NULL,
    family jsonb DEFAULT '{}'::jsonb NOT NULL,
    sociocultural jsonb DEFAULT '{}'::jsonb NOT NULL,
    core_beliefs jsonb DEFAULT '{}'::jsonb NOT NULL,
    educational jsonb DEFAULT '{}'::jsonb NOT NULL,
    sociopolitics jsonb DEFAULT '{}'::jsonb NOT NULL,
    swot_analysis jsonb DEFAULT '{}'::jsonb NOT NULL,
    relationships jsonb DEFAULT '[]'::jsonb NOT NULL,
    want text,
    need text,
    lie text,
    ghost text,
    character_arc text,
    transformation text,
    display_order integer DEFAULT 0 NOT NULL,
    generation_method text,
    model_used text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT characters_check CHECK (((project_id IS NOT NULL) OR (book_id IS NOT NULL))),
    CONSTRAINT characters_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT characters_role_check CHECK ((role = ANY (ARRAY['protagonist'::text, 'antagonist'::text, 'deuteragonist'::text, 'supporting'::text, 'mentor'::text, 'love_interest'::text, 'comic_relief'::text, 'minor'::text, 'narrator'::text])))
);

CREATE TABLE public.cost_aggregations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    user_id uuid,
    period_start date NOT NULL,
    period_end date NOT NULL,
    total_cost numeric(16,6) DEFAULT 0 NOT NULL,
    total_credits bigint DEFAULT 0 NOT NULL,
    total_videos bigint DEFAULT 0 NOT NULL,
    total_events bigint DEFAULT 0 NOT NULL,
    breakdown jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.credit_transactions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.credit_transactions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.daily_spend (
    organization_id uuid NOT NULL,
    day date NOT NULL,
    credits bigint DEFAULT 0 NOT NULL,
    CONSTRAINT daily_spend_credits_check CHECK ((credits >= 0))
);

CREATE TABLE public.feature_flags (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    key text NOT NULL,
    description text,
    enabled boolean DEFAULT false NOT NULL,
    target_type text DEFAULT 'all'::text NOT NULL,
    rollout_percentage integer,
    target_user_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
    target_organization_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT feature_flags_check CHECK (((target_type = 'percentage'::text) = (rollout_percentage IS NOT NULL))),
    CONSTRAINT feature_flags_key_check CHECK ((key ~ '^[a-z0-9_.-]+$'::text)),
    CONSTRAINT feature_flags_rollout_percentage_check CHECK (((rollout_percentage >= 0) AND (rollout_percentage <= 100))),
    CONSTRAINT feature_flags_target_type_check CHECK ((target_type = ANY (ARRAY['all'::text, 'percentage'::text, 'users'::text, 'organizations'::text])))
);

CREATE TABLE public.feedback (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    created_by uuid,
    video_generation_id uuid,
    type text DEFAULT 'general'::text NOT NULL,
    title text NOT NULL,
    content text,
    rating smallint,
    category text,
    priority text DEFAULT 'normal'::text NOT NULL,
    status text DEFAULT 'open'::text NOT NULL,
    attachments jsonb DEFAULT '[]'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    resolved_at timestamp with time zone,
    deleted_at timestamp with time zone,
    CONSTRAINT feedback_check CHECK (((status = ANY (ARRAY['resolved'::text, 'closed'::text])) = (resolved_at IS NOT NULL))),
    CONSTRAINT feedback_priority_check CHECK ((priority = ANY (ARRAY['low'::text, 'normal'::text, 'high'::text, 'urgent'::text]))),
    CONSTRAINT feedback_rating_check CHECK (((rating >= 1) AND (rating <= 5))),
    CONSTRAINT feedback_status_check CHECK ((status = ANY (ARRAY['open'::text, 'in_progress'::text, 'resolved'::text, 'closed'::text]))),
    CONSTRAINT feedback_type_check CHECK ((type = ANY (ARRAY['general'::text, 'bug'::text, 'quality'::text, 'feature'::text, 'content'::text])))
);

CREATE TABLE public.invoices (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    stripe_invoice_id text NOT NULL,
    stripe_subscription_id text,
    currency text DEFAULT 'usd'::text NOT NULL,
    amount_due_cents bigint DEFAULT 0 NOT NULL,
    amount_paid_cents bigint DEFAULT 0 NOT NULL,
    status text NOT NULL,
    period_start timestamp with time zone,
    period_end timestamp with time zone,
    line_items jsonb DEFAULT '[]'::jsonb NOT NULL,
    hosted_invoice_url text,
    paid_at timestamp with time zone,
    stripe_event_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT invoices_amount_due_cents_check CHECK ((amount_due_cents >= 0)),
    CONSTRAINT invoices_amount_paid_cents_check CHECK ((amount_paid_cents >= 0)),
    CONSTRAINT invoices_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'open'::text, 'paid'::text, 'uncollectible'::text, 'void'::text, 'payment_failed'::text])))
);

CREATE TABLE public.model_metrics (
    model_name text NOT NULL,
    provider text DEFAULT ''::text NOT NULL,
    date date NOT NULL,
    request_count bigint DEFAULT 0 NOT NULL,
    success_count bigint DEFAULT 0 NOT NULL,
    failure_count bigint DEFAULT 0 NOT NULL,
    avg_latency_ms numeric(12,2),
    avg_cost_usd numeric(14,6),
    total_cost_usd numeric(16,6) DEFAULT 0 NOT NULL,
    total_tokens bigint DEFAULT 0 NOT NULL
);

CREATE TABLE public.moodboards (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid NOT NULL,
    beat_name text NOT NULL,
    beat_index integer NOT NULL,
    description text,
    ai_prompt text,
    image_url text,
    animation_style text,
    color_mood text,
    lighting text,
    reference_images jsonb DEFAULT '[]'::jsonb NOT NULL,
    notes text,
    status text DEFAULT 'draft'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT moodboards_beat_index_check CHECK ((beat_index >= 0)),
    CONSTRAINT moodboards_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'generating'::text, 'ready'::text, 'failed'::text, 'approved'::text])))
);

CREATE TABLE public.performance_predictions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid NOT NULL,
    input_data jsonb DEFAULT '{}'::jsonb NOT NULL,
    scores jsonb DEFAULT '{}'::jsonb NOT NULL,
    predicted_audience jsonb DEFAULT '{}'::jsonb NOT NULL,
    competitor_audience jsonb DEFAULT '{}'::jsonb NOT NULL,
    suggestions jsonb DEFAULT '[]'::jsonb NOT NULL,
    model_version text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone
);

CREATE TABLE public.plot_overviews (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    book_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    created_by uuid,
    logline text,
    themes text[] DEFAULT '{}'::text[] NOT NULL,
    story_type text,
    genre text,
    tone text,
    audience text,
    setting text,
    generation_method text,
    model_used text,
    generation_cost numeric(12,6),
    status text DEFAULT 'draft'::text NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT plot_overviews_generation_cost_check CHECK ((generation_cost >= (0)::numeric)),
    CONSTRAINT plot_overviews_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'generating'::text, 'ready'::text, 'approved'::text, 'failed'::text]))),
    CONSTRAINT plot_overviews_version_check CHECK ((version > 0))
);

CREATE TABLE public.profiles (
    id uuid NOT NULL,
    username text,
    display_name text,
    first_name text,
    last_name text,
    email text,
    avatar_url text,
    bio text,
    company text,
    job_title text,
    locale text DEFAULT 'en'::text NOT NULL,
    timezone text DEFAULT 'UTC'::text NOT NULL,
    wallet_address text,
    modo_tokens integer DEFAULT 0 NOT NULL,
    preferences jsonb DEFAULT '{}'::jsonb NOT NULL,
    notification_settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    social_links jsonb DEFAULT '{}'::jsonb NOT NULL,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    user_mode text DEFAULT 'creator'::text NOT NULL,
    onboarding_completed boolean DEFAULT false NOT NULL,
    onboarding_step integer DEFAULT 0 NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    last_login_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT profiles_bio_check CHECK ((length(bio) <= 2000)),
    CONSTRAINT profiles_check CHECK (((status = 'deleted'::text) = (deleted_at IS NOT NULL))),
    CONSTRAINT profiles_display_name_check CHECK ((length(display_name) <= 120)),
    CONSTRAINT profiles_locale_check CHECK ((locale ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'::text)),
    CONSTRAINT profiles_metadata_check CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT profiles_modo_tokens_check CHECK ((modo_tokens >= 0)),
    CONSTRAINT profiles_notification_settings_check CHECK ((jsonb_typeof(notification_settings) = 'object'::text)),
    CONSTRAINT profiles_onboarding_step_check CHECK ((onboarding_step >= 0)),
    CONSTRAINT profiles_preferences_check CHECK ((jsonb_typeof(preferences) = 'object'::text)),
    CONSTRAINT profiles_social_links_check CHECK ((jsonb_typeof(social_links) = 'object'::text)),
    CONSTRAINT profiles_status_check CHECK ((status = ANY (ARRAY['active'::text, 'suspended'::text, 'deleted'::text]))),
    CONSTRAINT profiles_user_mode_check CHECK ((user_mode = ANY (ARRAY['learning'::text, 'creator'::text, 'entertainment'::text]))),
    CONSTRAINT profiles_username_check CHECK ((username ~ '^[A-Za-z0-9_][A-Za-z0-9_.-]{2,39}$'::text))
);

COMMENT ON TABLE public.profiles IS 'One per auth.users row, created by trigger: the merged user/profile fields of every product.';

CREATE TABLE public.project_collaborators (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    project_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role text DEFAULT 'contributor'::text NOT NULL,
    custom_role_title text,
    permissions text[] DEFAULT '{view}'::text[] NOT NULL,
    modo_tokens integer DEFAULT 0 NOT NULL,
    assigned_by uuid,
    assigned_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT project_collaborators_modo_tokens_check CHECK ((modo_tokens >= 0)),
    CONSTRAINT project_collaborators_permissions_check CHECK ((permissions <@ ARRAY['view'::text, 'comment'::text, 'edit'::text, 'generate'::text])),
    CONSTRAINT project_collaborators_role_check CHECK ((role = ANY (ARRAY['director'::text, 'producer'::text, 'writer'::text, 'story_editor'::text, 'artist'::text, 'animator'::text, 'composer'::text, 'voice_actor'::text, 'editor'::text, 'reviewer'::text, 'contributor'::text])))
);

CREATE TABLE public.projects (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    created_by uuid,
    title text NOT NULL,
    slug text,
    description text,
    logo_url text,
    thumbnail_url text,
    thumbnail_mood text,
    genre text,
    sub_genre text,
    format text,
    target_audience text,
    target_market text,
    studio_name text,
    studio_logo_url text,
    ip_owner text,
    production_date date,
    duration_seconds integer,
    brand_logos jsonb DEFAULT '[]'::jsonb NOT NULL,
    color_palette jsonb DEFAULT '[]'::jsonb NOT NULL,
    brand_guidelines jsonb DEFAULT '{}'::jsonb NOT NULL,
    settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    status text DEFAULT 'draft'::text NOT NULL,
    visibility text DEFAULT 'team'::text NOT NULL,
    published_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT projects_duration_seconds_check CHECK ((duration_seconds >= 0)),
    CONSTRAINT projects_settings_check CHECK ((jsonb_typeof(settings) = 'object'::text)),
    CONSTRAINT projects_slug_check CHECK ((slug ~ '^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$'::text)),
    CONSTRAINT projects_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'in_progress'::text, 'review'::text, 'completed'::text, 'published'::text, 'archived'::text]))),
    CONSTRAINT projects_title_check CHECK (((length(title) >= 1) AND (length(title) <= 200))),
    CONSTRAINT projects_visibility_check CHECK ((visibility = ANY (ARRAY['private'::text, 'team'::text, 'public'::text])))
);

CREATE TABLE public.prompt_ratings (
    prompt_id uuid NOT NULL,
    user_id uuid NOT NULL,
    rating smallint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT prompt_ratings_rating_check CHECK (((rating >= 1) AND (rating <= 5)))
);

CREATE TABLE public.prompt_uses (
    id bigint NOT NULL,
    prompt_id uuid NOT NULL,
    user_id uuid,
    used_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.prompt_uses ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.prompt_uses_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.prompts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    created_by uuid,
    title text NOT NULL,
    content text NOT NULL,
    category text DEFAULT 'general'::text NOT NULL,
    tags text[] DEFAULT '{}'::text[] NOT NULL,
    variables jsonb DEFAULT '[]'::jsonb NOT NULL,
    style_presets jsonb DEFAULT '{}'::jsonb NOT NULL,
    is_template boolean DEFAULT false NOT NULL,
    is_public boolean DEFAULT false NOT NULL,
    usage_count bigint DEFAULT 0 NOT NULL,
    rating_sum bigint DEFAULT 0 NOT NULL,
    rating_count bigint DEFAULT 0 NOT NULL,
    rating numeric(3,2) GENERATED ALWAYS AS (
CASE
    WHEN (rating_count > 0) THEN round(((rating_sum)::numeric / (rating_count)::numeric), 2)
    ELSE NULL::numeric
END) STORED,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT prompts_category_check CHECK ((category = ANY (ARRAY['general'::text, 'story'::text, 'scene'::text, 'character'::text, 'image'::text, 'video'::text, 'audio'::text, 'style'::text, 'marketing'::text]))),
    CONSTRAINT prompts_rating_count_check CHECK ((rating_count >= 0)),
    CONSTRAINT prompts_rating_sum_check CHECK ((rating_sum >= 0)),
    CONSTRAINT prompts_title_check CHECK (((length(title) >= 1) AND (length(title) <= 200))),
    CONSTRAINT prompts_usage_count_check CHECK ((usage_count >= 0)),
    CONSTRAINT prompts_variables_check CHECK ((jsonb_typeof(variables) = 'array'::text))
);

CREATE TABLE public.provider_credentials (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    created_by uuid,
    provider text NOT NULL,
    name text DEFAULT 'default'::text NOT NULL,
    secret_hint text NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    config jsonb DEFAULT '{}'::jsonb NOT NULL,
    usage_count bigint DEFAULT 0 NOT NULL,
    last_validated_at timestamp with time zone,
    last_used_at timestamp with time zone,
    expires_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT provider_credentials_config_check CHECK ((jsonb_typeof(config) = 'object'::text)),
    CONSTRAINT provider_credentials_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT provider_credentials_provider_check CHECK ((provider ~ '^[a-z0-9_]{2,40}$'::text)),
    CONSTRAINT provider_credentials_status_check CHECK ((status = ANY (ARRAY['active'::text, 'invalid'::text, 'expired'::text, 'revoked'::text]))),
    CONSTRAINT provider_credentials_usage_count_check CHECK ((usage_count >= 0))
);

COMMENT ON TABLE public.provider_credentials IS 'Bring-your-own-key provider credentials. The secret is encrypted in private.provider_secrets; clients see a hint.';

CREATE TABLE public.quota_limits (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    period_start timestamp with time zone NOT NULL,
    reset_at timestamp with time zone NOT NULL,
    tokens_limit bigint,
    render_seconds_limit bigint,
    kai_credits_limit bigint,
    videos_limit bigint,
    tokens_used bigint DEFAULT 0 NOT NULL,
    render_seconds_used bigint DEFAULT 0 NOT NULL,
    kai_credits_used bigint DEFAULT 0 NOT NULL,
    videos_used bigint DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT quota_limits_check CHECK ((reset_at > period_start)),
    CONSTRAINT quota_limits_kai_credits_used_check CHECK ((kai_credits_used >= 0)),
    CONSTRAINT quota_limits_render_seconds_used_check CHECK ((render_seconds_used >= 0)),
    CONSTRAINT quota_limits_tokens_used_check CHECK ((tokens_used >= 0)),
    CONSTRAINT quota_limits_videos_used_check CHECK ((videos_used >= 0))
);

CREATE TABLE public.scenes (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    script_id uuid,
    story_id uuid,
    scene_number integer NOT NULL,
    title text,
    description text,
    location text,
    time_of_day text,
    characters jsonb DEFAULT '[]'::jsonb NOT NULL,
    key_actions jsonb DEFAULT '[]'::jsonb NOT NULL,
    visual_description text,
    audio_description text,
    audio_requirements jsonb DEFAULT '{}'::jsonb NOT NULL,
    duration_seconds numeric(8,2),
    transition_type text,
    transition_duration numeric(6,2),
    image_prompt text,
    negative_prompt text,
    style_keywords text[] DEFAULT '{}'::text[] NOT NULL,
    technical_specs jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT scenes_check CHECK (((script_id IS NULL) <> (story_id IS NULL))),
    CONSTRAINT scenes_duration_seconds_check CHECK ((duration_seconds >= (0)::numeric)),
    CONSTRAINT scenes_scene_number_check CHECK ((scene_number > 0)),
    CONSTRAINT scenes_time_of_day_check CHECK ((time_of_day = ANY (ARRAY['dawn'::text, 'morning'::text, 'day'::text, 'afternoon'::text, 'evening'::text, 'night'::text, 'continuous'::text]))),
    CONSTRAINT scenes_transition_duration_check CHECK ((transition_duration >= (0)::numeric)),
    CONSTRAINT scenes_transition_type_check CHECK ((transition_type = ANY (ARRAY['cut'::text, 'fade'::text, 'dissolve'::text, 'wipe'::text, 'match_cut'::text, 'none'::text])))
);

COMMENT ON TABLE public.scenes IS 'LitinkAI scene descriptions (script_id) and VideoPlanet scenarios (story_id): one scene of a screenplay.';

CREATE TABLE public.scripts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    chapter_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    created_by uuid,
    script_style text DEFAULT 'cinematic'::text NOT NULL,
    script text DEFAULT ''::text NOT NULL,
    character_details jsonb DEFAULT '[]'::jsonb NOT NULL,
    scene_count integer DEFAULT 0 NOT NULL,
    story_type text,
    linked_script_id uuid,
    status text DEFAULT 'draft'::text NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT scripts_scene_count_check CHECK ((scene_count >= 0)),
    CONSTRAINT scripts_script_style_check CHECK ((script_style = ANY (ARRAY['cinematic'::text, 'narration'::text, 'dialogue'::text, 'documentary'::text, 'animation'::text, 'learning'::text]))),
    CONSTRAINT scripts_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'generating'::text, 'ready'::text, 'approved'::text, 'failed'::text]))),
    CONSTRAINT scripts_version_check CHECK ((version > 0))
);

CREATE TABLE public.stories (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid NOT NULL,
    parent_story_id uuid,
    created_by uuid,
    title text,
    content text,
    premise text,
    synopsis text,
    global_synopsis text,
    logline text,
    story_type text,
    duration text,
    format text,
    episode_count integer,
    episode_duration integer,
    estimated_duration integer,
    genre text,
    sub_genre text,
    tone text,
    intensity text,
    theme text,
    sub_theme text,
    moral_values text,
    local_values text,
    plot text,
    twist text,
    conflict_type text,
    target_audience text,
    target_market text,
    age_rating text,
    ending_type text,
    structure text,
    structure_beats jsonb DEFAULT '[]'::jsonb NOT NULL,
    key_actions jsonb DEFAULT '[]'::jsonb NOT NULL,
    want_need_matrix jsonb DEFAULT '{}'::jsonb NOT NULL,
    structured_content jsonb DEFAULT '{}'::jsonb NOT NULL,
    keywords text[] DEFAULT '{}'::text[] NOT NULL,
    generated_script text,
    script_version integer DEFAULT 0 NOT NULL,
    ai_model_used text,
    prompt_used text,
    generation_metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT stories_episode_count_check CHECK ((episode_count > 0)),
    CONSTRAINT stories_episode_duration_check CHECK ((episode_duration > 0)),
    CONSTRAINT stories_estimated_duration_check CHECK ((estimated_duration >= 0))
);

CREATE TABLE public.subscription_history (
    id bigint NOT NULL,
    organization_id uuid NOT NULL,
    subscription_id uuid NOT NULL,
    from_plan text,
    to_plan text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    change_reason text,
    changed_by uuid,
    effective_date timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.subscription_history ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.subscription_history_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.system_settings (
    key text NOT NULL,
    value jsonb NOT NULL,
    description text,
    is_public boolean DEFAULT false NOT NULL,
    updated_by uuid,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT system_settings_key_check CHECK ((key ~ '^[a-z0-9_.]+$'::text))
);

COMMENT ON COLUMN public.system_settings.is_public IS 'Readable by every client, anon included (e.g. maintenance banners).';

CREATE TABLE public.universes (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid NOT NULL,
    name text,
    description text,
    environment jsonb DEFAULT '{}'::jsonb NOT NULL,
    public_systems jsonb DEFAULT '{}'::jsonb NOT NULL,
    private_systems jsonb DEFAULT '{}'::jsonb NOT NULL,
    rules jsonb DEFAULT '{}'::jsonb NOT NULL,
    history text,
    visualizations jsonb DEFAULT '[]'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone
);

CREATE TABLE public.user_follows (
    follower_id uuid NOT NULL,
    following_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT user_follows_check CHECK ((follower_id <> following_id))
);

CREATE TABLE public.user_roles (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    role_name text NOT NULL,
    granted_at timestamp with time zone DEFAULT now() NOT NULL,
    granted_by uuid,
    CONSTRAINT user_roles_role_name_check CHECK ((role_name = ANY (ARRAY['admin'::text, 'moderator'::text, 'support'::text, 'finance'::text, 'creator_verified'::text])))
);

CREATE TABLE public.versions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    entity_type text NOT NULL,
    entity_id uuid NOT NULL,
    created_by uuid,
    version_number integer NOT NULL,
    title text,
    description text,
    changes_summary text,
    snapshot_data jsonb NOT NULL,
    diff_data jsonb DEFAULT '{}'::jsonb NOT NULL,
    is_major_version boolean DEFAULT false NOT NULL,
    parent_version_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT versions_entity_type_check CHECK ((entity_type = ANY (ARRAY['project'::text, 'story'::text, 'scene'::text]))),
    CONSTRAINT versions_version_number_check CHECK ((version_number > 0))
);

CREATE TABLE public.webhooks (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    url text NOT NULL,
    description text,
    events text[] DEFAULT '{}'::text[] NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    last_triggered_at timestamp with time zone,
    failure_count integer DEFAULT 0 NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT webhooks_events_check CHECK ((array_position(events, NULL::text) IS NULL)),
    CONSTRAINT webhooks_failure_count_check CHECK ((failure_count >= 0)),
    CONSTRAINT webhooks_url_check CHECK ((url ~ '^https?://[^\s]+$'::text))
);

ALTER TABLE ONLY public.audit_logs ATTACH PARTITION private.audit_logs_default DEFAULT;

ALTER TABLE ONLY public.usage_events ATTACH PARTITION private.usage_events_default DEFAULT;

ALTER TABLE ONLY auth.users
    ADD CONSTRAINT users_phone_key UNIQUE (phone);

ALTER TABLE ONLY auth.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

ALTER TABLE ONLY private.api_key_hashes
    ADD CONSTRAINT api_key_hashes_key_hash_key UNIQUE (key_hash);

ALTER TABLE ONLY private.api_key_hashes
    ADD CONSTRAINT api_key_hashes_pkey PRIMARY KEY (api_key_id);

ALTER TABLE ONLY public.audit_logs
    ADD CONSTRAINT audit_logs_pkey PRIMARY KEY (id, created_at);

ALTER TABLE ONLY private.audit_logs_default
    ADD CONSTRAINT audit_logs_default_pkey PRIMARY KEY (id, created_at);

ALTER TABLE ONLY private.invitation_tokens
    ADD CONSTRAINT invitation_tokens_pkey PRIMARY KEY (invitation_id);

ALTER TABLE ONLY private.invitation_tokens
    ADD CONSTRAINT invitation_tokens_token_hash_key UNIQUE (token_hash);

ALTER TABLE ONLY private.keyring
    ADD CONSTRAINT keyring_pkey PRIMARY KEY (id);

ALTER TABLE ONLY private.project_share_tokens
    ADD CONSTRAINT project_share_tokens_pkey PRIMARY KEY (project_id);

ALTER TABLE ONLY private.project_share_tokens
    ADD CONSTRAINT project_share_tokens_token_hash_key UNIQUE (token_hash);

ALTER TABLE ONLY private.provider_secrets
    ADD CONSTRAINT provider_secrets_pkey PRIMARY KEY (credential_id);

ALTER TABLE ONLY private.stripe_events
    ADD CONSTRAINT stripe_events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.usage_events
    ADD CONSTRAINT usage_events_pkey PRIMARY KEY (event_id, occurred_at);

ALTER TABLE ONLY private.usage_events_default
    ADD CONSTRAINT usage_events_default_pkey PRIMARY KEY (event_id, occurred_at);

ALTER TABLE ONLY private.webhook_secrets
    ADD CONSTRAINT webhook_secrets_pkey PRIMARY KEY (webhook_id);

ALTER TABLE ONLY public.animations
    ADD CONSTRAINT animations_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.api_call_counters
    ADD CONSTRAINT api_call_counters_pkey PRIMARY KEY (user_id, period, period_start);

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.asset_versions
    ADD CONSTRAINT asset_versions_asset_id_version_key UNIQUE (asset_id, version);

ALTER TABLE ONLY public.asset_versions
    ADD CONSTRAINT asset_versions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.assets
    ADD CONSTRAINT assets_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.assets
    ADD CONSTRAINT assets_storage_provider_storage_bucket_storage_path_key UNIQUE (storage_provider, storage_bucket, storage_path);

ALTER TABLE ONLY public.book_structure
    ADD CONSTRAINT book_structure_book_id_key UNIQUE (book_id);

ALTER TABLE ONLY public.book_structure
    ADD CONSTRAINT book_structure_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.books
    ADD CONSTRAINT books_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.brand_policies
    ADD CONSTRAINT brand_policies_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.chapter_embeddings
    ADD CONSTRAINT chapter_embeddings_pkey PRIMARY KEY (chapter_id, passage_no);

ALTER TABLE ONLY public.chapter_scripts
    ADD CONSTRAINT chapter_scripts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.chapters
    ADD CONSTRAINT chapters_book_id_chapter_number_key UNIQUE (book_id, chapter_number);

ALTER TABLE ONLY public.chapters
    ADD CONSTRAINT chapters_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.character_archetypes
    ADD CONSTRAINT character_archetypes_name_key UNIQUE (name);

ALTER TABLE ONLY public.character_archetypes
    ADD CONSTRAINT character_archetypes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.characters
    ADD CONSTRAINT characters_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.cost_aggregations
    ADD CONSTRAINT cost_aggregations_organization_id_user_id_period_start_key UNIQUE NULLS NOT DISTINCT (organization_id, user_id, period_start);

ALTER TABLE ONLY public.cost_aggregations
    ADD CONSTRAINT cost_aggregations_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.credit_balances
    ADD CONSTRAINT credit_balances_pkey PRIMARY KEY (organization_id);

ALTER TABLE ONLY public.credit_holds
    ADD CONSTRAINT credit_holds_organization_id_idempotency_key_key UNIQUE (organization_id, idempotency_key);

ALTER TABLE ONLY public.credit_holds
    ADD CONSTRAINT credit_holds_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.credit_transactions
    ADD CONSTRAINT credit_transactions_organization_id_idempotency_key_key UNIQUE (organization_id, idempotency_key);

ALTER TABLE ONLY public.credit_transactions
    ADD CONSTRAINT credit_transactions_pkey PRIMARY KEY (organization_id, id);

ALTER TABLE ONLY public.daily_spend
    ADD CONSTRAINT daily_spend_pkey PRIMARY KEY (organization_id, day);

ALTER TABLE ONLY public.feature_flags
    ADD CONSTRAINT feature_flags_key_key UNIQUE (key);

ALTER TABLE ONLY public.feature_flags
    ADD CONSTRAINT feature_flags_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.feedback
    ADD CONSTRAINT feedback_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_stripe_invoice_id_key UNIQUE (stripe_invoice_id);

ALTER TABLE ONLY public.model_metrics
    ADD CONSTRAINT model_metrics_pkey PRIMARY KEY (model_name, provider, date);

ALTER TABLE ONLY public.moodboards
    ADD CONSTRAINT moodboards_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.organization_members
    ADD CONSTRAINT organization_members_organization_id_user_id_key UNIQUE (organization_id, user_id);

ALTER TABLE ONLY public.organization_members
    ADD CONSTRAINT organization_members_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.organizations
    ADD CONSTRAINT organizations_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.organizations
    ADD CONSTRAINT organizations_slug_key UNIQUE (slug);

ALTER TABLE ONLY public.organizations
    ADD CONSTRAINT organizations_stripe_customer_id_key UNIQUE (stripe_customer_id);

ALTER TABLE ONLY public.organizations
    ADD CONSTRAINT organizations_stripe_subscription_id_key UNIQUE (stripe_subscription_id);

ALTER TABLE ONLY public.performance_predictions
    ADD CONSTRAINT performance_predictions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.plans
    ADD CONSTRAINT plans_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.plans
    ADD CONSTRAINT plans_stripe_price_id_monthly_key UNIQUE (stripe_price_id_monthly);

ALTER TABLE ONLY public.plans
    ADD CONSTRAINT plans_stripe_price_id_yearly_key UNIQUE (stripe_price_id_yearly);

ALTER TABLE ONLY public.plot_overviews
    ADD CONSTRAINT plot_overviews_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.profiles
    ADD CONSTRAINT profiles_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.profiles
    ADD CONSTRAINT profiles_username_key UNIQUE (username);

ALTER TABLE ONLY public.profiles
    ADD CONSTRAINT profiles_wallet_address_key UNIQUE (wallet_address);

ALTER TABLE ONLY public.project_collaborators
    ADD CONSTRAINT project_collaborators_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.project_collaborators
    ADD CONSTRAINT project_collaborators_project_id_user_id_key UNIQUE (project_id, user_id);

ALTER TABLE ONLY public.projects
    ADD CONSTRAINT projects_organization_id_slug_key UNIQUE (organization_id, slug);

ALTER TABLE ONLY public.projects
    ADD CONSTRAINT projects_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.prompt_ratings
    ADD CONSTRAINT prompt_ratings_pkey PRIMARY KEY (prompt_id, user_id);

ALTER TABLE ONLY public.prompt_uses
    ADD CONSTRAINT prompt_uses_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.prompts
    ADD CONSTRAINT prompts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.provider_credentials
    ADD CONSTRAINT provider_credentials_organization_id_provider_name_key UNIQUE (organization_id, provider, name);

ALTER TABLE ONLY public.provider_credentials
    ADD CONSTRAINT provider_credentials_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.quota_limits
    ADD CONSTRAINT quota_limits_organization_id_period_start_key UNIQUE (organization_id, period_start);

ALTER TABLE ONLY public.quota_limits
    ADD CONSTRAINT quota_limits_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.scenes
    ADD CONSTRAINT scenes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.scripts
    ADD CONSTRAINT scripts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.stories
    ADD CONSTRAINT stories_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.subscription_history
    ADD CONSTRAINT subscription_history_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_organization_id_key UNIQUE (organization_id);

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_stripe_subscription_id_key UNIQUE (stripe_subscription_id);

ALTER TABLE ONLY public.system_settings
    ADD CONSTRAINT system_settings_pkey PRIMARY KEY (key);

ALTER TABLE ONLY public.universes
    ADD CONSTRAINT universes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.user_follows
    ADD CONSTRAINT user_follows_pkey PRIMARY KEY (follower_id, following_id);

ALTER TABLE ONLY public.user_roles
    ADD CONSTRAINT user_roles_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.user_roles
    ADD CONSTRAINT user_roles_user_id_role_name_key UNIQUE (user_id, role_name);

ALTER TABLE ONLY public.versions
    ADD CONSTRAINT versions_entity_type_entity_id_version_number_key UNIQUE (entity_type, entity_id, version_number);

ALTER TABLE ONLY public.versions
    ADD CONSTRAINT versions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.webhooks
    ADD CONSTRAINT webhooks_pkey PRIMARY KEY (id);

CREATE UNIQUE INDEX daily_usage_organization_day_key ON analytics.daily_usage USING btree (organization_id, day);

CREATE INDEX users_email_idx ON auth.users USING btree (email);

CREATE INDEX audit_logs_organization_created_idx ON ONLY public.audit_logs USING btree (organization_id, created_at DESC);

CREATE INDEX audit_logs_default_organization_id_created_at_idx ON private.audit_logs_default USING btree (organization_id, created_at DESC);

CREATE INDEX stripe_events_deferred_idx ON private.stripe_events USING btree (((((payload -> 'data'::text) -> 'object'::text) ->> 'payment_intent'::text))) WHERE (outcome = 'deferred'::text);

CREATE INDEX usage_events_organization_idx ON ONLY public.usage_events USING btree (organization_id, occurred_at DESC);

CREATE INDEX usage_events_default_organization_id_occurred_at_idx ON private.usage_events_default USING btree (organization_id, occurred_at DESC);

CREATE INDEX animations_project_idx ON public.animations USING btree (project_id, beat_index);

CREATE INDEX api_keys_organization_idx ON public.api_keys USING btree (organization_id);

CREATE INDEX asset_versions_organization_idx ON public.asset_versions USING btree (organization_id);

CREATE INDEX assets_organization_idx ON public.assets USING btree (organization_id, created_at DESC);

CREATE INDEX assets_project_idx ON public.assets USING btree (project_id);

CREATE INDEX books_organization_idx ON public.books USING btree (organization_id);

CREATE INDEX books_project_idx ON public.books USING btree (project_id);

CREATE UNIQUE INDEX brand_policies_default_key ON public.brand_policies USING btree (organization_id) WHERE (is_default AND (deleted_at IS NULL));

CREATE INDEX brand_policies_organization_idx ON public.brand_policies USING btree (organization_id);

CREATE INDEX brand_policies_project_idx ON public.brand_policies USING btree (project_id);

CREATE INDEX chapter_embeddings_book_idx ON public.chapter_embeddings USING btree (book_id);

CREATE INDEX chapter_embeddings_hnsw_idx ON public.chapter_embeddings USING hnsw (embedding extensions.vector_cosine_ops) WITH (m='24', ef_construction='128');

CREATE INDEX chapter_embeddings_organization_idx ON public.chapter_embeddings USING btree (organization_id, project_id);

CREATE INDEX chapter_embeddings_project_idx ON public.chapter_embeddings USING btree (project_id);

CREATE INDEX chapter_scripts_chapter_idx ON public.chapter_scripts USING btree (chapter_id);

CREATE INDEX chapters_content_trgm_idx ON public.chapters USING gin (content extensions.gin_trgm_ops);

CREATE INDEX chapters_fts_english_idx ON public.chapters USING gin (fts_english);

CREATE INDEX chapters_fts_idx ON public.chapters USING gin (fts);

CREATE INDEX chapters_organization_idx ON public.chapters USING btree (organization_id);

CREATE INDEX chapters_pending_embedding_idx ON public.chapters USING btree (created_at) WHERE ((embedding_status = 'pending'::text) AND (deleted_at IS NULL));

CREATE INDEX chapters_project_idx ON public.chapters USING btree (project_id);

CREATE INDEX characters_book_idx ON public.characters USING btree (book_id);

CREATE INDEX characters_organization_idx ON public.characters USING btree (organization_id);

CREATE INDEX characters_project_idx ON public.characters USING btree (project_id);

CREATE INDEX credit_holds_expiry_idx ON public.credit_holds USING btree (expires_at) WHERE (status = 'pending'::text);

CREATE INDEX credit_holds_organization_idx ON public.credit_holds USING btree (organization_id, created_at DESC);

CREATE INDEX feedback_organization_idx ON public.feedback USING btree (organization_id);

CREATE INDEX feedback_project_idx ON public.feedback USING btree (project_id);

CREATE INDEX invitations_email_idx ON public.invitations USING btree (lower(email)) WHERE (status = 'pending'::text);

CREATE UNIQUE INDEX invitations_pending_email_key ON public.invitations USING btree (organization_id, lower(email)) WHERE (status = 'pending'::text);

CREATE INDEX invoices_organization_idx ON public.invoices USING btree (organization_id, created_at DESC);

CREATE INDEX moodboards_project_idx ON public.moodboards USING btree (project_id, beat_index);

CREATE INDEX organization_members_user_idx ON public.organization_members USING btree (user_id, organization_id) INCLUDE (role);

CREATE UNIQUE INDEX organizations_personal_owner_key ON public.organizations USING btree (primary_owner_user_id) WHERE is_personal;

CREATE INDEX organizations_primary_owner_idx ON public.organizations USING btree (primary_owner_user_id);

CREATE INDEX performance_predictions_project_idx ON public.performance_predictions USING btree (project_id);

CREATE INDEX plot_overviews_book_idx ON public.plot_overviews USING btree (book_id);

CREATE UNIQUE INDEX profiles_username_lower_key ON public.profiles USING btree (lower(username));

CREATE INDEX project_collaborators_user_idx ON public.project_collaborators USING btree (user_id, project_id);

CREATE INDEX projects_organization_idx ON public.projects USING btree (organization_id) WHERE (deleted_at IS NULL);

CREATE INDEX projects_public_idx ON public.projects USING btree (id) WHERE ((visibility = 'public'::text) AND (deleted_at IS NULL));

CREATE INDEX prompt_ratings_user_idx ON public.prompt_ratings USING btree (user_id);

CREATE INDEX prompt_uses_prompt_idx ON public.prompt_uses USING btree (prompt_id);

CREATE INDEX prompts_organization_idx ON public.prompts USING btree (organization_id);

CREATE INDEX prompts_public_idx ON public.prompts USING btree (category, usage_count DESC) WHERE (is_public AND (deleted_at IS NULL));

CREATE INDEX scenes_organization_idx ON public.scenes USING btree (organization_id);

CREATE INDEX scenes_project_idx ON public.scenes USING btree (project_id);

CREATE UNIQUE INDEX scenes_script_number_key ON public.scenes USING btree (script_id, scene_number) WHERE (script_id IS NOT NULL);

CREATE UNIQUE INDEX scenes_story_number_key ON public.scenes USING btree (story_id, scene_number) WHERE (story_id IS NOT NULL);

CREATE INDEX scripts_chapter_idx ON public.scripts USING btree (chapter_id);

CREATE INDEX scripts_organization_idx ON public.scripts USING btree (organization_id);

CREATE INDEX stories_organization_idx ON public.stories USING btree (organization_id);

CREATE INDEX stories_project_idx ON public.stories USING btree (project_id);

CREATE INDEX subscription_history_organization_idx ON public.subscription_history USING btree (organization_id, created_at DESC);

CREATE INDEX subscriptions_plan_idx ON public.subscriptions USING btree (plan_id);

CREATE INDEX universes_project_idx ON public.universes USING btree (project_id);

CREATE INDEX user_follows_following_idx ON public.user_follows USING btree (following_id);

CREATE INDEX versions_organization_idx ON public.versions USING btree (organization_id);

CREATE INDEX versions_project_idx ON public.versions USING btree (project_id);

CREATE INDEX webhooks_organization_idx ON public.webhooks USING btree (organization_id);

ALTER INDEX public.audit_logs_organization_created_idx ATTACH PARTITION private.audit_logs_default_organization_id_created_at_idx;

ALTER INDEX public.audit_logs_pkey ATTACH PARTITION private.audit_logs_default_pkey;

ALTER INDEX public.usage_events_organization_idx ATTACH PARTITION private.usage_events_default_organization_id_occurred_at_idx;

ALTER INDEX public.usage_events_pkey ATTACH PARTITION private.usage_events_default_pkey;

CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION private.handle_new_user();

CREATE TRIGGER on_auth_user_deleted BEFORE DELETE ON auth.users FOR EACH ROW EXECUTE FUNCTION private.handle_deleted_user();

CREATE TRIGGER on_auth_user_updated AFTER UPDATE OF email, last_sign_in_at ON auth.users FOR EACH ROW WHEN ((((old.email)::text IS DISTINCT FROM (new.email)::text) OR (old.last_sign_in_at IS DISTINCT FROM new.last_sign_in_at))) EXECUTE FUNCTION private.sync_profile_from_auth();

CREATE TRIGGER account_storage AFTER INSERT OR DELETE OR UPDATE OF size_bytes ON public.asset_versions FOR EACH ROW EXECUTE FUNCTION private.account_storage();

CREATE TRIGGER account_storage AFTER INSERT OR DELETE OR UPDATE OF size_bytes, deleted_at ON public.assets FOR EACH ROW EXECUTE FUNCTION private.account_storage();

CREATE TRIGGER book_soft_delete AFTER UPDATE OF deleted_at ON public.books FOR EACH ROW WHEN (((new.deleted_at IS NOT NULL) AND (old.deleted_at IS NULL))) EXECUTE FUNCTION private.book_soft_delete();

CREATE TRIGGER bump_story_version BEFORE UPDATE ON public.stories FOR EACH ROW EXECUTE FUNCTION private.bump_story_version();

CREATE TRIGGER chapter_lifecycle AFTER UPDATE OF deleted_at, content, title ON public.chapters FOR EACH ROW EXECUTE FUNCTION private.chapter_lifecycle();

CREATE TRIGGER count_chapters AFTER INSERT OR DELETE OR UPDATE OF deleted_at ON public.chapters FOR EACH ROW EXECUTE FUNCTION private.count_live_children('books', 'book_id', 'total_chapters');

CREATE TRIGGER count_prompt_rating AFTER INSERT OR DELETE OR UPDATE ON public.prompt_ratings FOR EACH ROW EXECUTE FUNCTION private.count_prompt_rating();

CREATE TRIGGER count_prompt_uses AFTER INSERT OR DELETE ON public.prompt_uses FOR EACH ROW EXECUTE FUNCTION private.count_live_children('prompts', 'prompt_id', 'usage_count');

CREATE TRIGGER count_scenes AFTER INSERT OR DELETE OR UPDATE OF deleted_at ON public.scenes FOR EACH ROW EXECUTE FUNCTION private.count_live_children('scripts', 'script_id', 'scene_count');

CREATE CONSTRAINT TRIGGER ensure_an_owner_remains AFTER DELETE OR UPDATE OF role ON public.organization_members DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION private.ensure_an_owner_remains();

CREATE TRIGGER forbid_changes BEFORE DELETE OR UPDATE ON public.audit_logs FOR EACH ROW EXECUTE FUNCTION private.forbid_changes('audit_logs');

CREATE TRIGGER forbid_changes BEFORE DELETE OR UPDATE ON public.credit_transactions FOR EACH ROW EXECUTE FUNCTION private.forbid_changes('credit_transactions');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF project_id ON public.animations FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF asset_id ON public.asset_versions FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('assets:asset_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF project_id ON public.assets FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF book_id ON public.book_structure FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('books:book_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF project_id ON public.books FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF project_id ON public.brand_policies FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF chapter_id ON public.chapter_embeddings FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('chapters:chapter_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF chapter_id ON public.chapter_scripts FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('chapters:chapter_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF book_id ON public.chapters FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('books:book_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF project_id, book_id ON public.characters FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id', 'books:book_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF project_id ON public.feedback FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF project_id ON public.moodboards FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF project_id ON public.performance_predictions FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF book_id ON public.plot_overviews FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('books:book_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF script_id, story_id ON public.scenes FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('scripts:script_id', 'stories:story_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF chapter_id ON public.scripts FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('chapters:chapter_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF project_id ON public.stories FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF project_id ON public.universes FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER open_billing_account AFTER INSERT ON public.organizations FOR EACH ROW EXECUTE FUNCTION private.open_billing_account();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.assets FOR EACH ROW EXECUTE FUNCTION private.protect_columns('usage_count', 'last_used_at', 'uploaded_by');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.books FOR EACH ROW EXECUTE FUNCTION private.protect_columns('total_chapters');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.chapters FOR EACH ROW EXECUTE FUNCTION private.protect_columns('embedding_status');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.organizations FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'slug', 'is_personal', 'primary_owner_user_id', 'created_by', 'plan', 'stripe_customer_id', 'stripe_subscription_id', 'storage_used_bytes', 'storage_limit_bytes', 'trial_ends_at', 'created_at', 'deleted_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.profiles FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'email', 'modo_tokens', 'status', 'last_login_at', 'created_at', 'deleted_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'created_by');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.prompts FOR EACH ROW EXECUTE FUNCTION private.protect_columns('usage_count', 'rating_sum', 'rating_count', 'organization_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.provider_credentials FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'organization_id', 'created_by', 'provider', 'secret_hint', 'usage_count', 'last_used_at', 'last_validated_at', 'created_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.scripts FOR EACH ROW EXECUTE FUNCTION private.protect_columns('scene_count');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.versions FOR EACH ROW EXECUTE FUNCTION private.protect_columns('snapshot_data', 'diff_data', 'version_number', 'entity_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.webhooks FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'organization_id', 'created_by', 'last_triggered_at', 'failure_count', 'created_at');

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.api_keys FOR EACH ROW EXECUTE FUNCTION private.record_audit('last_used_at');

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.feature_flags FOR EACH ROW EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.invitations FOR EACH ROW EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.organization_members FOR EACH ROW EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.organizations FOR EACH ROW EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.provider_credentials FOR EACH ROW EXECUTE FUNCTION private.record_audit('usage_count', 'last_used_at');

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.subscriptions FOR EACH ROW EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.system_settings FOR EACH ROW EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.user_roles FOR EACH ROW EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.webhooks FOR EACH ROW EXECUTE FUNCTION private.record_audit('last_triggered_at', 'failure_count');

CREATE TRIGGER record_subscription_change AFTER INSERT OR UPDATE OF plan_id, status ON public.subscriptions FOR EACH ROW EXECUTE FUNCTION private.record_subscription_change();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.animations FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.assets FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.books FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.brand_policies FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.chapter_scripts FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.chapters FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.characters FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.feature_flags FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.feedback FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.invitations FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.invoices FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.moodboards FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.organization_members FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.organizations FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.plans FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.plot_overviews FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.profiles FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.prompts FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.provider_credentials FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.scenes FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.scripts FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.stories FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.subscriptions FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.system_settings FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.universes FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.webhooks FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER snapshot_version AFTER INSERT OR UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION private.snapshot_version('project');

CREATE TRIGGER snapshot_version AFTER INSERT OR UPDATE ON public.scenes FOR EACH ROW WHEN ((new.story_id IS NOT NULL)) EXECUTE FUNCTION private.snapshot_version('scene');

CREATE TRIGGER snapshot_version AFTER INSERT OR UPDATE ON public.stories FOR EACH ROW EXECUTE FUNCTION private.snapshot_version('story');

ALTER TABLE ONLY private.api_key_hashes
    ADD CONSTRAINT api_key_hashes_api_key_id_fkey FOREIGN KEY (api_key_id) REFERENCES public.api_keys(id) ON DELETE CASCADE;

ALTER TABLE ONLY private.invitation_tokens
    ADD CONSTRAINT invitation_tokens_invitation_id_fkey FOREIGN KEY (invitation_id) REFERENCES public.invitations(id) ON DELETE CASCADE;

ALTER TABLE ONLY private.project_share_tokens
    ADD CONSTRAINT project_share_tokens_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY private.provider_secrets
    ADD CONSTRAINT provider_secrets_credential_id_fkey FOREIGN KEY (credential_id) REFERENCES public.provider_credentials(id) ON DELETE CASCADE;

ALTER TABLE ONLY private.webhook_secrets
    ADD CONSTRAINT webhook_secrets_webhook_id_fkey FOREIGN KEY (webhook_id) REFERENCES public.webhooks(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.animations
    ADD CONSTRAINT animations_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.animations
    ADD CONSTRAINT animations_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.api_call_counters
    ADD CONSTRAINT api_call_counters_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.api_keys
    ADD CONSTRAINT api_keys_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.asset_versions
    ADD CONSTRAINT asset_versions_asset_id_fkey FOREIGN KEY (asset_id) REFERENCES public.assets(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.asset_versions
    ADD CONSTRAINT asset_versions_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.asset_versions
    ADD CONSTRAINT asset_versions_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.asset_versions
    ADD CONSTRAINT asset_versions_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.assets
    ADD CONSTRAINT assets_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.assets
    ADD CONSTRAINT assets_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.assets
    ADD CONSTRAINT assets_uploaded_by_fkey FOREIGN KEY (uploaded_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.book_structure
    ADD CONSTRAINT book_structure_book_id_fkey FOREIGN KEY (book_id) REFERENCES public.books(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.book_structure
    ADD CONSTRAINT book_structure_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.book_structure
    ADD CONSTRAINT book_structure_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.books
    ADD CONSTRAINT books_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.books
    ADD CONSTRAINT books_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.books
    ADD CONSTRAINT books_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.brand_policies
    ADD CONSTRAINT brand_policies_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.brand_policies
    ADD CONSTRAINT brand_policies_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.brand_policies
    ADD CONSTRAINT brand_policies_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.chapter_embeddings
    ADD CONSTRAINT chapter_embeddings_book_id_fkey FOREIGN KEY (book_id) REFERENCES public.books(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.chapter_embeddings
    ADD CONSTRAINT chapter_embeddings_chapter_id_fkey FOREIGN KEY (chapter_id) REFERENCES public.chapters(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.chapter_embeddings
    ADD CONSTRAINT chapter_embeddings_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.chapter_embeddings
    ADD CONSTRAINT chapter_embeddings_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.chapter_scripts
    ADD CONSTRAINT chapter_scripts_chapter_id_fkey FOREIGN KEY (chapter_id) REFERENCES public.chapters(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.chapter_scripts
    ADD CONSTRAINT chapter_scripts_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.chapter_scripts
    ADD CONSTRAINT chapter_scripts_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.chapter_scripts
    ADD CONSTRAINT chapter_scripts_plot_overview_id_fkey FOREIGN KEY (plot_overview_id) REFERENCES public.plot_overviews(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.chapter_scripts
    ADD CONSTRAINT chapter_scripts_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.chapter_scripts
    ADD CONSTRAINT chapter_scripts_script_id_fkey FOREIGN KEY (script_id) REFERENCES public.scripts(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.chapters
    ADD CONSTRAINT chapters_book_id_fkey FOREIGN KEY (book_id) REFERENCES public.books(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.chapters
    ADD CONSTRAINT chapters_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.chapters
    ADD CONSTRAINT chapters_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.characters
    ADD CONSTRAINT characters_archetype_fkey FOREIGN KEY (archetype) REFERENCES public.character_archetypes(name) ON UPDATE CASCADE;

ALTER TABLE ONLY public.characters
    ADD CONSTRAINT characters_book_id_fkey FOREIGN KEY (book_id) REFERENCES public.books(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.characters
    ADD CONSTRAINT characters_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.characters
    ADD CONSTRAINT characters_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.characters
    ADD CONSTRAINT characters_plot_overview_id_fkey FOREIGN KEY (plot_overview_id) REFERENCES public.plot_overviews(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.characters
    ADD CONSTRAINT characters_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.cost_aggregations
    ADD CONSTRAINT cost_aggregations_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.credit_balances
    ADD CONSTRAINT credit_balances_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.credit_balances
    ADD CONSTRAINT credit_balances_period_plan_id_fkey FOREIGN KEY (period_plan_id) REFERENCES public.plans(id);

ALTER TABLE ONLY public.credit_holds
    ADD CONSTRAINT credit_holds_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.credit_transactions
    ADD CONSTRAINT credit_transactions_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.daily_spend
    ADD CONSTRAINT daily_spend_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.feedback
    ADD CONSTRAINT feedback_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.feedback
    ADD CONSTRAINT feedback_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.feedback
    ADD CONSTRAINT feedback_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_accepted_by_fkey FOREIGN KEY (accepted_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.moodboards
    ADD CONSTRAINT moodboards_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.moodboards
    ADD CONSTRAINT moodboards_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.organization_members
    ADD CONSTRAINT organization_members_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.organization_members
    ADD CONSTRAINT organization_members_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.organization_members
    ADD CONSTRAINT organization_members_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.organizations
    ADD CONSTRAINT organizations_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.organizations
    ADD CONSTRAINT organizations_plan_fkey FOREIGN KEY (plan) REFERENCES public.plans(id);

ALTER TABLE ONLY public.organizations
    ADD CONSTRAINT organizations_primary_owner_user_id_fkey FOREIGN KEY (primary_owner_user_id) REFERENCES auth.users(id);

ALTER TABLE ONLY public.performance_predictions
    ADD CONSTRAINT performance_predictions_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.performance_predictions
    ADD CONSTRAINT performance_predictions_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.plot_overviews
    ADD CONSTRAINT plot_overviews_book_id_fkey FOREIGN KEY (book_id) REFERENCES public.books(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.plot_overviews
    ADD CONSTRAINT plot_overviews_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.plot_overviews
    ADD CONSTRAINT plot_overviews_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.plot_overviews
    ADD CONSTRAINT plot_overviews_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.profiles
    ADD CONSTRAINT profiles_id_fkey FOREIGN KEY (id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.project_collaborators
    ADD CONSTRAINT project_collaborators_assigned_by_fkey FOREIGN KEY (assigned_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.project_collaborators
    ADD CONSTRAINT project_collaborators_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.project_collaborators
    ADD CONSTRAINT project_collaborators_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.projects
    ADD CONSTRAINT projects_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.projects
    ADD CONSTRAINT projects_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.prompt_ratings
    ADD CONSTRAINT prompt_ratings_prompt_id_fkey FOREIGN KEY (prompt_id) REFERENCES public.prompts(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.prompt_ratings
    ADD CONSTRAINT prompt_ratings_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.prompt_uses
    ADD CONSTRAINT prompt_uses_prompt_id_fkey FOREIGN KEY (prompt_id) REFERENCES public.prompts(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.prompt_uses
    ADD CONSTRAINT prompt_uses_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.prompts
    ADD CONSTRAINT prompts_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.prompts
    ADD CONSTRAINT prompts_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.provider_credentials
    ADD CONSTRAINT provider_credentials_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.provider_credentials
    ADD CONSTRAINT provider_credentials_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.quota_limits
    ADD CONSTRAINT quota_limits_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.scenes
    ADD CONSTRAINT scenes_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.scenes
    ADD CONSTRAINT scenes_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.scenes
    ADD CONSTRAINT scenes_script_id_fkey FOREIGN KEY (script_id) REFERENCES public.scripts(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.scenes
    ADD CONSTRAINT scenes_story_id_fkey FOREIGN KEY (story_id) REFERENCES public.stories(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.scripts
    ADD CONSTRAINT scripts_chapter_id_fkey FOREIGN KEY (chapter_id) REFERENCES public.chapters(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.scripts
    ADD CONSTRAINT scripts_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.scripts
    ADD CONSTRAINT scripts_linked_script_id_fkey FOREIGN KEY (linked_script_id) REFERENCES public.scripts(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.scripts
    ADD CONSTRAINT scripts_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.scripts
    ADD CONSTRAINT scripts_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.stories
    ADD CONSTRAINT stories_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.stories
    ADD CONSTRAINT stories_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.stories
    ADD CONSTRAINT stories_parent_story_id_fkey FOREIGN KEY (parent_story_id) REFERENCES public.stories(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.stories
    ADD CONSTRAINT stories_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.subscription_history
    ADD CONSTRAINT subscription_history_from_plan_fkey FOREIGN KEY (from_plan) REFERENCES public.plans(id);

ALTER TABLE ONLY public.subscription_history
    ADD CONSTRAINT subscription_history_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.subscription_history
    ADD CONSTRAINT subscription_history_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES public.subscriptions(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.subscription_history
    ADD CONSTRAINT subscription_history_to_plan_fkey FOREIGN KEY (to_plan) REFERENCES public.plans(id);

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.subscriptions
    ADD CONSTRAINT subscriptions_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES public.plans(id);

ALTER TABLE ONLY public.system_settings
    ADD CONSTRAINT system_settings_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.universes
    ADD CONSTRAINT universes_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.universes
    ADD CONSTRAINT universes_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.user_follows
    ADD CONSTRAINT user_follows_follower_id_fkey FOREIGN KEY (follower_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.user_follows
    ADD CONSTRAINT user_follows_following_id_fkey FOREIGN KEY (following_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.user_roles
    ADD CONSTRAINT user_roles_granted_by_fkey FOREIGN KEY (granted_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.user_roles
    ADD CONSTRAINT user_roles_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.versions
    ADD CONSTRAINT versions_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.versions
    ADD CONSTRAINT versions_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.versions
    ADD CONSTRAINT versions_parent_version_id_fkey FOREIGN KEY (parent_version_id) REFERENCES public.versions(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.versions
    ADD CONSTRAINT versions_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.webhooks
    ADD CONSTRAINT webhooks_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.webhooks
    ADD CONSTRAINT webhooks_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE public.animations ENABLE ROW LEVEL SECURITY;

CREATE POLICY animations_delete ON public.animations FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY animations_insert ON public.animations FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY animations_select ON public.animations FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY animations_update ON public.animations FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.api_call_counters ENABLE ROW LEVEL SECURITY;

CREATE POLICY api_call_counters_select ON public.api_call_counters FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.api_keys ENABLE ROW LEVEL SECURITY;

CREATE POLICY api_keys_select ON public.api_keys FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

ALTER TABLE public.asset_versions ENABLE ROW LEVEL SECURITY;

CREATE POLICY asset_versions_delete ON public.asset_versions FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY asset_versions_insert ON public.asset_versions FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY asset_versions_select ON public.asset_versions FOR SELECT TO anon, authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids)))));

CREATE POLICY asset_versions_update ON public.asset_versions FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.assets ENABLE ROW LEVEL SECURITY;

CREATE POLICY assets_delete ON public.assets FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY assets_insert ON public.assets FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY assets_select ON public.assets FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY assets_update ON public.assets FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.audit_logs ENABLE ROW LEVEL SECURITY;

CREATE POLICY audit_logs_select ON public.audit_logs FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

ALTER TABLE public.book_structure ENABLE ROW LEVEL SECURITY;

CREATE POLICY book_structure_delete ON public.book_structure FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY book_structure_insert ON public.book_structure FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY book_structure_select ON public.book_structure FOR SELECT TO anon, authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids)))));

CREATE POLICY book_structure_update ON public.book_structure FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.books ENABLE ROW LEVEL SECURITY;

CREATE POLICY books_delete ON public.books FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY books_insert ON public.books FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY books_select ON public.books FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY books_update ON public.books FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.brand_policies ENABLE ROW LEVEL SECURITY;

CREATE POLICY brand_policies_delete ON public.brand_policies FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY brand_policies_insert ON public.brand_policies FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY brand_policies_public ON public.brand_policies FOR SELECT TO anon, authenticated USING ((is_public AND (deleted_at IS NULL)));

CREATE POLICY brand_policies_select ON public.brand_policies FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY brand_policies_update ON public.brand_policies FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.chapter_embeddings ENABLE ROW LEVEL SECURITY;

CREATE POLICY chapter_embeddings_select ON public.chapter_embeddings FOR SELECT TO anon, authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids)))));

ALTER TABLE public.chapter_scripts ENABLE ROW LEVEL SECURITY;

CREATE POLICY chapter_scripts_delete ON public.chapter_scripts FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY chapter_scripts_insert ON public.chapter_scripts FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY chapter_scripts_select ON public.chapter_scripts FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY chapter_scripts_update ON public.chapter_scripts FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.chapters ENABLE ROW LEVEL SECURITY;

CREATE POLICY chapters_delete ON public.chapters FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY chapters_insert ON public.chapters FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY chapters_select ON public.chapters FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY chapters_update ON public.chapters FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.character_archetypes ENABLE ROW LEVEL SECURITY;

CREATE POLICY character_archetypes_select ON public.character_archetypes FOR SELECT TO anon, authenticated USING (is_active);

ALTER TABLE public.characters ENABLE ROW LEVEL SECURITY;

CREATE POLICY characters_delete ON public.characters FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY characters_insert ON public.characters FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY characters_select ON public.characters FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY characters_update ON public.characters FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.cost_aggregations ENABLE ROW LEVEL SECURITY;

CREATE POLICY cost_aggregations_select ON public.cost_aggregations FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

ALTER TABLE public.credit_balances ENABLE ROW LEVEL SECURITY;

CREATE POLICY credit_balances_select ON public.credit_balances FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

ALTER TABLE public.credit_holds ENABLE ROW LEVEL SECURITY;

CREATE POLICY credit_holds_select ON public.credit_holds FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

ALTER TABLE public.credit_transactions ENABLE ROW LEVEL SECURITY;

CREATE POLICY credit_transactions_select ON public.credit_transactions FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

ALTER TABLE public.daily_spend ENABLE ROW LEVEL SECURITY;

CREATE POLICY daily_spend_select ON public.daily_spend FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

ALTER TABLE public.feature_flags ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.feedback ENABLE ROW LEVEL SECURITY;

CREATE POLICY feedback_insert ON public.feedback FOR INSERT TO authenticated WITH CHECK (((created_by = ( SELECT auth.uid() AS uid)) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))))));

CREATE POLICY feedback_select ON public.feedback FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY feedback_update ON public.feedback FOR UPDATE TO authenticated USING (((created_by = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))))) WITH CHECK (((created_by = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));

ALTER TABLE public.invitations ENABLE ROW LEVEL SECURITY;

CREATE POLICY invitations_select ON public.invitations FOR SELECT TO authenticated USING (((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))) OR (lower(email) = lower(( SELECT auth.email() AS email)))));

ALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;

CREATE POLICY invoices_select ON public.invoices FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

ALTER TABLE public.model_metrics ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.moodboards ENABLE ROW LEVEL SECURITY;

CREATE POLICY moodboards_delete ON public.moodboards FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY moodboards_insert ON public.moodboards FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY moodboards_select ON public.moodboards FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY moodboards_update ON public.moodboards FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.organization_members ENABLE ROW LEVEL SECURITY;

CREATE POLICY organization_members_select ON public.organization_members FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

ALTER TABLE public.organizations ENABLE ROW LEVEL SECURITY;

CREATE POLICY organizations_select ON public.organizations FOR SELECT TO authenticated USING ((id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

CREATE POLICY organizations_update ON public.organizations FOR UPDATE TO authenticated USING ((id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))) WITH CHECK ((id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

ALTER TABLE public.performance_predictions ENABLE ROW LEVEL SECURITY;

CREATE POLICY performance_predictions_select ON public.performance_predictions FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

ALTER TABLE public.plans ENABLE ROW LEVEL SECURITY;

CREATE POLICY plans_select ON public.plans FOR SELECT TO anon, authenticated USING (is_public);

ALTER TABLE public.plot_overviews ENABLE ROW LEVEL SECURITY;

CREATE POLICY plot_overviews_delete ON public.plot_overviews FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY plot_overviews_insert ON public.plot_overviews FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY plot_overviews_select ON public.plot_overviews FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY plot_overviews_update ON public.plot_overviews FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.profiles ENABLE ROW LEVEL SECURITY;

CREATE POLICY profiles_select ON public.profiles FOR SELECT TO authenticated USING (((id = ( SELECT auth.uid() AS uid)) OR (id = ANY (ARRAY( SELECT private.my_teammate_ids() AS my_teammate_ids)))));

CREATE POLICY profiles_update_own ON public.profiles FOR UPDATE TO authenticated USING ((id = ( SELECT auth.uid() AS uid))) WITH CHECK ((id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.project_collaborators ENABLE ROW LEVEL SECURITY;

CREATE POLICY project_collaborators_leave ON public.project_collaborators FOR DELETE TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

CREATE POLICY project_collaborators_manage ON public.project_collaborators TO authenticated USING ((project_id = ANY (ARRAY( SELECT private.manageable_project_ids() AS manageable_project_ids)))) WITH CHECK ((project_id = ANY (ARRAY( SELECT private.manageable_project_ids() AS manageable_project_ids))));

CREATE POLICY project_collaborators_select ON public.project_collaborators FOR SELECT TO authenticated USING ((project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))));

ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;

CREATE POLICY projects_delete ON public.projects FOR DELETE TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

CREATE POLICY projects_insert ON public.projects FOR INSERT TO authenticated WITH CHECK (((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))) AND (created_by = ( SELECT auth.uid() AS uid))));

CREATE POLICY projects_select ON public.projects FOR SELECT TO anon, authenticated USING (((id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids)))));

CREATE POLICY projects_update ON public.projects FOR UPDATE TO authenticated USING ((id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))) WITH CHECK ((id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))));

ALTER TABLE public.prompt_ratings ENABLE ROW LEVEL SECURITY;

CREATE POLICY prompt_ratings_own ON public.prompt_ratings TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid))) WITH CHECK (((user_id = ( SELECT auth.uid() AS uid)) AND (prompt_id IN ( SELECT p.id
   FROM public.prompts p))));

CREATE POLICY prompt_ratings_select ON public.prompt_ratings FOR SELECT TO anon, authenticated USING ((prompt_id IN ( SELECT p.id
   FROM public.prompts p)));

ALTER TABLE public.prompt_uses ENABLE ROW LEVEL SECURITY;

CREATE POLICY prompt_uses_insert ON public.prompt_uses FOR INSERT TO authenticated WITH CHECK (((user_id = ( SELECT auth.uid() AS uid)) AND (prompt_id IN ( SELECT p.id
   FROM public.prompts p))));

CREATE POLICY prompt_uses_select ON public.prompt_uses FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.prompts ENABLE ROW LEVEL SECURITY;

CREATE POLICY prompts_delete ON public.prompts FOR DELETE TO authenticated USING (((created_by = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));

CREATE POLICY prompts_insert ON public.prompts FOR INSERT TO authenticated WITH CHECK (((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))) AND (created_by = ( SELECT auth.uid() AS uid))));

CREATE POLICY prompts_select ON public.prompts FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (is_public OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))))));

CREATE POLICY prompts_update ON public.prompts FOR UPDATE TO authenticated USING (((created_by = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))))) WITH CHECK (((created_by = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));

ALTER TABLE public.provider_credentials ENABLE ROW LEVEL SECURITY;

CREATE POLICY provider_credentials_delete ON public.provider_credentials FOR DELETE TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

CREATE POLICY provider_credentials_select ON public.provider_credentials FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

CREATE POLICY provider_credentials_update ON public.provider_credentials FOR UPDATE TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))) WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

ALTER TABLE public.quota_limits ENABLE ROW LEVEL SECURITY;

CREATE POLICY quota_limits_select ON public.quota_limits FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

ALTER TABLE public.scenes ENABLE ROW LEVEL SECURITY;

CREATE POLICY scenes_delete ON public.scenes FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY scenes_insert ON public.scenes FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY scenes_select ON public.scenes FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY scenes_update ON public.scenes FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.scripts ENABLE ROW LEVEL SECURITY;

CREATE POLICY scripts_delete ON public.scripts FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY scripts_insert ON public.scripts FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY scripts_select ON public.scripts FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY scripts_update ON public.scripts FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.stories ENABLE ROW LEVEL SECURITY;

CREATE POLICY stories_delete ON public.stories FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY stories_insert ON public.stories FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY stories_select ON public.stories FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY stories_update ON public.stories FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.subscription_history ENABLE ROW LEVEL SECURITY;

CREATE POLICY subscription_history_select ON public.subscription_history FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

ALTER TABLE public.subscriptions ENABLE ROW LEVEL SECURITY;

CREATE POLICY subscriptions_select ON public.subscriptions FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

ALTER TABLE public.system_settings ENABLE ROW LEVEL SECURITY;

CREATE POLICY system_settings_select ON public.system_settings FOR SELECT TO anon, authenticated USING ((is_public OR ( SELECT private.has_platform_role('admin'::text) AS has_platform_role)));

ALTER TABLE public.universes ENABLE ROW LEVEL SECURITY;

CREATE POLICY universes_delete ON public.universes FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY universes_insert ON public.universes FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY universes_select ON public.universes FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY universes_update ON public.universes FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.usage_events ENABLE ROW LEVEL SECURITY;

CREATE POLICY usage_events_select ON public.usage_events FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

ALTER TABLE public.user_follows ENABLE ROW LEVEL SECURITY;

CREATE POLICY user_follows_delete ON public.user_follows FOR DELETE TO authenticated USING ((follower_id = ( SELECT auth.uid() AS uid)));

CREATE POLICY user_follows_insert ON public.user_follows FOR INSERT TO authenticated WITH CHECK ((follower_id = ( SELECT auth.uid() AS uid)));

CREATE POLICY user_follows_select ON public.user_follows FOR SELECT TO authenticated USING (true);

ALTER TABLE public.user_roles ENABLE ROW LEVEL SECURITY;

CREATE POLICY user_roles_select ON public.user_roles FOR SELECT TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) OR ( SELECT private.has_platform_role('admin'::text) AS has_platform_role)));

ALTER TABLE public.versions ENABLE ROW LEVEL SECURITY;

CREATE POLICY versions_select ON public.versions FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

ALTER TABLE public.webhooks ENABLE ROW LEVEL SECURITY;

CREATE POLICY webhooks_delete ON public.webhooks FOR DELETE TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

CREATE POLICY webhooks_select ON public.webhooks FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

CREATE POLICY webhooks_update ON public.webhooks FOR UPDATE TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))) WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

GRANT USAGE ON SCHEMA analytics TO analyst;
GRANT USAGE ON SCHEMA analytics TO service_role;

GRANT USAGE ON SCHEMA auth TO anon;
GRANT USAGE ON SCHEMA auth TO authenticated;
GRANT USAGE ON SCHEMA auth TO service_role;

GRANT USAGE ON SCHEMA extensions TO anon;
GRANT USAGE ON SCHEMA extensions TO authenticated;
GRANT USAGE ON SCHEMA extensions TO service_role;

GRANT USAGE ON SCHEMA private TO anon;
GRANT USAGE ON SCHEMA private TO authenticated;
GRANT USAGE ON SCHEMA private TO service_role;

GRANT USAGE ON SCHEMA public TO postgres;
GRANT USAGE ON SCHEMA public TO anon;
GRANT USAGE ON SCHEMA public TO authenticated;
GRANT USAGE ON SCHEMA public TO service_role;

REVOKE ALL ON FUNCTION analytics.refresh_daily_usage() FROM PUBLIC;
GRANT ALL ON FUNCTION analytics.refresh_daily_usage() TO service_role;

GRANT ALL ON TABLE public.invitations TO service_role;
GRANT SELECT ON TABLE public.invitations TO authenticated;

REVOKE ALL ON FUNCTION private.accept_invitation_row(invitation public.invitations) FROM PUBLIC;

GRANT ALL ON TABLE public.credit_balances TO service_role;
GRANT SELECT ON TABLE public.credit_balances TO authenticated;

GRANT ALL ON TABLE public.credit_transactions TO service_role;
GRANT SELECT ON TABLE public.credit_transactions TO authenticated;

REVOKE ALL ON FUNCTION private.chapter_candidates(filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, sees_everything boolean, cap integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.chapter_candidates(filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, sees_everything boolean, cap integer) TO anon;
GRANT ALL ON FUNCTION private.chapter_candidates(filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, sees_everything boolean, cap integer) TO authenticated;
GRANT ALL ON FUNCTION private.chapter_candidates(filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, sees_everything boolean, cap integer) TO service_role;

GRANT ALL ON TABLE public.plans TO service_role;
GRANT SELECT ON TABLE public.plans TO anon;
GRANT SELECT ON TABLE public.plans TO authenticated;

GRANT ALL ON TABLE public.credit_holds TO service_role;
GRANT SELECT ON TABLE public.credit_holds TO authenticated;

GRANT ALL ON FUNCTION private.editable_project_ids() TO anon;
GRANT ALL ON FUNCTION private.editable_project_ids() TO authenticated;
GRANT ALL ON FUNCTION private.editable_project_ids() TO service_role;

REVOKE ALL ON FUNCTION private.expire_invitations() FROM PUBLIC;
GRANT ALL ON FUNCTION private.expire_invitations() TO service_role;

GRANT ALL ON FUNCTION private.has_org_role(org_id uuid, min_role public.member_role) TO anon;
GRANT ALL ON FUNCTION private.has_org_role(org_id uuid, min_role public.member_role) TO authenticated;
GRANT ALL ON FUNCTION private.has_org_role(org_id uuid, min_role public.member_role) TO service_role;

GRANT ALL ON FUNCTION private.has_platform_role(role_name text) TO anon;
GRANT ALL ON FUNCTION private.has_platform_role(role_name text) TO authenticated;
GRANT ALL ON FUNCTION private.has_platform_role(role_name text) TO service_role;

REVOKE ALL ON FUNCTION private.invitation_for_invitee(invitation_id uuid) FROM PUBLIC;

GRANT ALL ON FUNCTION private.is_client_request() TO anon;
GRANT ALL ON FUNCTION private.is_client_request() TO authenticated;
GRANT ALL ON FUNCTION private.is_client_request() TO service_role;

REVOKE ALL ON FUNCTION private.is_primary_owner(org_id uuid, member_user_id uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.keyword_quorum_tsquery(query_text text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.keyword_quorum_tsquery(query_text text) TO anon;
GRANT ALL ON FUNCTION private.keyword_quorum_tsquery(query_text text) TO authenticated;
GRANT ALL ON FUNCTION private.keyword_quorum_tsquery(query_text text) TO service_role;

REVOKE ALL ON FUNCTION private.keyword_tsquery(query_text text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.keyword_tsquery(query_text text) TO anon;
GRANT ALL ON FUNCTION private.keyword_tsquery(query_text text) TO authenticated;
GRANT ALL ON FUNCTION private.keyword_tsquery(query_text text) TO service_role;

GRANT ALL ON FUNCTION private.maintain_partitions(months_ahead integer) TO service_role;

GRANT ALL ON FUNCTION private.manageable_project_ids() TO authenticated;
GRANT ALL ON FUNCTION private.manageable_project_ids() TO service_role;

GRANT ALL ON FUNCTION private.my_org_ids(min_role public.member_role) TO anon;
GRANT ALL ON FUNCTION private.my_org_ids(min_role public.member_role) TO authenticated;
GRANT ALL ON FUNCTION private.my_org_ids(min_role public.member_role) TO service_role;

GRANT ALL ON FUNCTION private.my_teammate_ids() TO anon;
GRANT ALL ON FUNCTION private.my_teammate_ids() TO authenticated;
GRANT ALL ON FUNCTION private.my_teammate_ids() TO service_role;

GRANT ALL ON TABLE public.organizations TO service_role;
GRANT SELECT,UPDATE ON TABLE public.organizations TO authenticated;

REVOKE ALL ON FUNCTION private.org_for_primary_owner(org_id uuid, action text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.partial_words(query_text text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.partial_words(query_text text) TO anon;
GRANT ALL ON FUNCTION private.partial_words(query_text text) TO authenticated;
GRANT ALL ON FUNCTION private.partial_words(query_text text) TO service_role;

GRANT ALL ON FUNCTION private.public_project_ids() TO anon;
GRANT ALL ON FUNCTION private.public_project_ids() TO authenticated;
GRANT ALL ON FUNCTION private.public_project_ids() TO service_role;

GRANT ALL ON FUNCTION private.readable_project_ids() TO anon;
GRANT ALL ON FUNCTION private.readable_project_ids() TO authenticated;
GRANT ALL ON FUNCTION private.readable_project_ids() TO service_role;

GRANT ALL ON FUNCTION private.refresh_usage_rollups(since date) TO service_role;

GRANT ALL ON TABLE public.organization_members TO service_role;
GRANT SELECT ON TABLE public.organization_members TO authenticated;

REVOKE ALL ON FUNCTION private.require_org_role(org_id uuid, min_role public.member_role, action text, permission text) FROM PUBLIC;

GRANT ALL ON FUNCTION private.require_user() TO authenticated;
GRANT ALL ON FUNCTION private.require_user() TO service_role;

REVOKE ALL ON FUNCTION private.secret_hint(secret text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.target_membership(org_id uuid, member_user_id uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION public.accept_invitation(invitation_token text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.accept_invitation(invitation_token text) TO authenticated;
GRANT ALL ON FUNCTION public.accept_invitation(invitation_token text) TO service_role;

REVOKE ALL ON FUNCTION public.accept_invitation_by_id(invitation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.accept_invitation_by_id(invitation_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.accept_invitation_by_id(invitation_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.authorize_generation(org_id uuid, user_id uuid, estimated_credits bigint, idempotency_key text, tokens bigint, render_seconds bigint, kai_credits bigint, videos bigint, hold_for interval, reference_type text, reference_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.authorize_generation(org_id uuid, user_id uuid, estimated_credits bigint, idempotency_key text, tokens bigint, render_seconds bigint, kai_credits bigint, videos bigint, hold_for interval, reference_type text, reference_id text) TO service_role;

REVOKE ALL ON FUNCTION public.change_member_role(org_id uuid, member_user_id uuid, new_role public.member_role) FROM PUBLIC;
GRANT ALL ON FUNCTION public.change_member_role(org_id uuid, member_user_id uuid, new_role public.member_role) TO authenticated;
GRANT ALL ON FUNCTION public.change_member_role(org_id uuid, member_user_id uuid, new_role public.member_role) TO service_role;

REVOKE ALL ON FUNCTION public.create_api_key(org_id uuid, key_name text, key_scopes text[], key_expires_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_api_key(org_id uuid, key_name text, key_scopes text[], key_expires_at timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION public.create_api_key(org_id uuid, key_name text, key_scopes text[], key_expires_at timestamp with time zone) TO service_role;

REVOKE ALL ON FUNCTION public.create_organization(org_name text, org_slug text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_organization(org_name text, org_slug text) TO authenticated;
GRANT ALL ON FUNCTION public.create_organization(org_name text, org_slug text) TO service_role;

REVOKE ALL ON FUNCTION public.create_project_share_link(project_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_project_share_link(project_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.create_project_share_link(project_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.create_webhook(org_id uuid, endpoint_url text, event_types text[], webhook_description text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_webhook(org_id uuid, endpoint_url text, event_types text[], webhook_description text) TO authenticated;
GRANT ALL ON FUNCTION public.create_webhook(org_id uuid, endpoint_url text, event_types text[], webhook_description text) TO service_role;

REVOKE ALL ON FUNCTION public.credits_capture(hold_id uuid, actual_amount bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.credits_capture(hold_id uuid, actual_amount bigint) TO service_role;

REVOKE ALL ON FUNCTION public.credits_expire_holds() FROM PUBLIC;
GRANT ALL ON FUNCTION public.credits_expire_holds() TO service_role;

REVOKE ALL ON FUNCTION public.credits_grant(org_id uuid, amount bigint, entry_type text, idempotency_key text, user_id uuid, reference_type text, reference_id text, description text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.credits_grant(org_id uuid, amount bigint, entry_type text, idempotency_key text, user_id uuid, reference_type text, reference_id text, description text) TO service_role;

REVOKE ALL ON FUNCTION public.credits_hold(org_id uuid, amount bigint, idempotency_key text, hold_for interval, user_id uuid, reference_type text, reference_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.credits_hold(org_id uuid, amount bigint, idempotency_key text, hold_for interval, user_id uuid, reference_type text, reference_id text) TO service_role;

REVOKE ALL ON FUNCTION public.credits_release(hold_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.credits_release(hold_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.credits_spend(org_id uuid, amount bigint, idempotency_key text, user_id uuid, reference_type text, reference_id text, description text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.credits_spend(org_id uuid, amount bigint, idempotency_key text, user_id uuid, reference_type text, reference_id text, description text) TO service_role;

REVOKE ALL ON FUNCTION public.credits_start_period(org_id uuid, period_start timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.credits_start_period(org_id uuid, period_start timestamp with time zone) TO service_role;

REVOKE ALL ON FUNCTION public.credits_top_up_allowance(org_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.credits_top_up_allowance(org_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.decline_invitation(invitation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.decline_invitation(invitation_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.decline_invitation(invitation_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.delete_organization(org_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.delete_organization(org_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.delete_organization(org_id uuid) TO service_role;

GRANT ALL ON FUNCTION public.get_shared_project(share_token text) TO anon;
GRANT ALL ON FUNCTION public.get_shared_project(share_token text) TO authenticated;
GRANT ALL ON FUNCTION public.get_shared_project(share_token text) TO service_role;

REVOKE ALL ON FUNCTION public.hybrid_search_chapters(query_text text, query_embedding extensions.vector, match_count integer, full_text_weight double precision, semantic_weight double precision, rrf_k integer, filter_organization_id uuid, filter_book_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.hybrid_search_chapters(query_text text, query_embedding extensions.vector, match_count integer, full_text_weight double precision, semantic_weight double precision, rrf_k integer, filter_organization_id uuid, filter_book_id uuid) TO anon;
GRANT ALL ON FUNCTION public.hybrid_search_chapters(query_text text, query_embedding extensions.vector, match_count integer, full_text_weight double precision, semantic_weight double precision, rrf_k integer, filter_organization_id uuid, filter_book_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.hybrid_search_chapters(query_text text, query_embedding extensions.vector, match_count integer, full_text_weight double precision, semantic_weight double precision, rrf_k integer, filter_organization_id uuid, filter_book_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.invite_member(org_id uuid, invitee_email text, invitee_role public.member_role) FROM PUBLIC;
GRANT ALL ON FUNCTION public.invite_member(org_id uuid, invitee_email text, invitee_role public.member_role) TO authenticated;
GRANT ALL ON FUNCTION public.invite_member(org_id uuid, invitee_email text, invitee_role public.member_role) TO service_role;

GRANT ALL ON FUNCTION public.is_feature_enabled(flag_key text, subject_user_id uuid, subject_organization_id uuid) TO anon;
GRANT ALL ON FUNCTION public.is_feature_enabled(flag_key text, subject_user_id uuid, subject_organization_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.is_feature_enabled(flag_key text, subject_user_id uuid, subject_organization_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.keyword_search_chapters(query_text text, match_count integer, filter_organization_id uuid, filter_book_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.keyword_search_chapters(query_text text, match_count integer, filter_organization_id uuid, filter_book_id uuid) TO anon;
GRANT ALL ON FUNCTION public.keyword_search_chapters(query_text text, match_count integer, filter_organization_id uuid, filter_book_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.keyword_search_chapters(query_text text, match_count integer, filter_organization_id uuid, filter_book_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.leave_organization(org_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.leave_organization(org_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.leave_organization(org_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.match_chapters(query_embedding extensions.vector, match_count integer, filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, exact_below integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.match_chapters(query_embedding extensions.vector, match_count integer, filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, exact_below integer) TO anon;
GRANT ALL ON FUNCTION public.match_chapters(query_embedding extensions.vector, match_count integer, filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, exact_below integer) TO authenticated;
GRANT ALL ON FUNCTION public.match_chapters(query_embedding extensions.vector, match_count integer, filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, exact_below integer) TO service_role;

REVOKE ALL ON FUNCTION public.remove_member(org_id uuid, member_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.remove_member(org_id uuid, member_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.remove_member(org_id uuid, member_user_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.resolve_api_key(presented_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.resolve_api_key(presented_key text) TO service_role;

REVOKE ALL ON FUNCTION public.reveal_provider_credential(credential_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.reveal_provider_credential(credential_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.revoke_api_key(api_key_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.revoke_api_key(api_key_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.revoke_api_key(api_key_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.revoke_invitation(invitation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.revoke_invitation(invitation_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.revoke_invitation(invitation_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.revoke_project_share_link(project_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.revoke_project_share_link(project_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.revoke_project_share_link(project_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.rotate_webhook_secret(webhook_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.rotate_webhook_secret(webhook_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.rotate_webhook_secret(webhook_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.save_provider_credential(org_id uuid, provider_name text, secret text, credential_name text, credential_config jsonb, credential_expires_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.save_provider_credential(org_id uuid, provider_name text, secret text, credential_name text, credential_config jsonb, credential_expires_at timestamp with time zone) TO authenticated;
GRANT ALL ON FUNCTION public.save_provider_credential(org_id uuid, provider_name text, secret text, credential_name text, credential_config jsonb, credential_expires_at timestamp with time zone) TO service_role;

REVOKE ALL ON FUNCTION public.soft_delete(table_name text, row_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.soft_delete(table_name text, row_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.soft_delete(table_name text, row_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.stripe_apply_event(event jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.stripe_apply_event(event jsonb) TO service_role;

REVOKE ALL ON FUNCTION public.transfer_ownership(org_id uuid, new_owner_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.transfer_ownership(org_id uuid, new_owner_user_id uuid) TO authenticated;
GRANT ALL ON FUNCTION public.transfer_ownership(org_id uuid, new_owner_user_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.use_prompt(prompt_id uuid, variable_values jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.use_prompt(prompt_id uuid, variable_values jsonb) TO authenticated;
GRANT ALL ON FUNCTION public.use_prompt(prompt_id uuid, variable_values jsonb) TO service_role;

REVOKE ALL ON FUNCTION public.webhook_signing_secret(webhook_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.webhook_signing_secret(webhook_id uuid) TO service_role;

GRANT ALL ON TABLE public.usage_events TO service_role;
GRANT SELECT ON TABLE public.usage_events TO authenticated;

GRANT SELECT ON TABLE analytics.cost_by_provider_model TO analyst;
GRANT SELECT ON TABLE analytics.cost_by_provider_model TO service_role;

GRANT ALL ON TABLE public.subscriptions TO service_role;
GRANT SELECT ON TABLE public.subscriptions TO authenticated;

GRANT SELECT ON TABLE analytics.credit_health TO analyst;
GRANT SELECT ON TABLE analytics.credit_health TO service_role;

GRANT SELECT ON TABLE analytics.daily_usage TO analyst;
GRANT SELECT ON TABLE analytics.daily_usage TO service_role;

GRANT SELECT ON TABLE analytics.subscriptions_mrr TO analyst;
GRANT SELECT ON TABLE analytics.subscriptions_mrr TO service_role;

GRANT ALL ON TABLE public.audit_logs TO service_role;
GRANT SELECT ON TABLE public.audit_logs TO authenticated;

GRANT ALL ON TABLE public.animations TO service_role;
GRANT SELECT ON TABLE public.animations TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.animations TO authenticated;

GRANT ALL ON TABLE public.api_call_counters TO service_role;
GRANT SELECT ON TABLE public.api_call_counters TO authenticated;

GRANT ALL ON TABLE public.api_keys TO service_role;
GRANT SELECT ON TABLE public.api_keys TO authenticated;

GRANT ALL ON TABLE public.asset_versions TO service_role;
GRANT SELECT ON TABLE public.asset_versions TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.asset_versions TO authenticated;

GRANT ALL ON TABLE public.assets TO service_role;
GRANT SELECT ON TABLE public.assets TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.assets TO authenticated;

GRANT ALL ON SEQUENCE public.audit_logs_id_seq TO anon;
GRANT ALL ON SEQUENCE public.audit_logs_id_seq TO authenticated;
GRANT ALL ON SEQUENCE public.audit_logs_id_seq TO service_role;

GRANT ALL ON TABLE public.book_structure TO service_role;
GRANT SELECT ON TABLE public.book_structure TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.book_structure TO authenticated;

GRANT ALL ON TABLE public.books TO service_role;
GRANT SELECT ON TABLE public.books TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.books TO authenticated;

GRANT ALL ON TABLE public.brand_policies TO service_role;
GRANT SELECT ON TABLE public.brand_policies TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.brand_policies TO authenticated;

GRANT ALL ON TABLE public.chapter_embeddings TO service_role;
GRANT SELECT ON TABLE public.chapter_embeddings TO anon;
GRANT SELECT ON TABLE public.chapter_embeddings TO authenticated;

GRANT ALL ON TABLE public.chapter_scripts TO service_role;
GRANT SELECT ON TABLE public.chapter_scripts TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.chapter_scripts TO authenticated;

GRANT ALL ON TABLE public.chapters TO service_role;
GRANT SELECT ON TABLE public.chapters TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.chapters TO authenticated;

GRANT ALL ON TABLE public.character_archetypes TO service_role;
GRANT SELECT ON TABLE public.character_archetypes TO anon;
GRANT SELECT ON TABLE public.character_archetypes TO authenticated;

GRANT ALL ON TABLE public.characters TO service_role;
GRANT SELECT ON TABLE public.characters TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.characters TO authenticated;

GRANT ALL ON TABLE public.cost_aggregations TO service_role;
GRANT SELECT ON TABLE public.cost_aggregations TO authenticated;

GRANT ALL ON SEQUENCE public.credit_transactions_id_seq TO anon;
GRANT ALL ON SEQUENCE public.credit_transactions_id_seq TO authenticated;
GRANT ALL ON SEQUENCE public.credit_transactions_id_seq TO service_role;

GRANT ALL ON TABLE public.daily_spend TO service_role;
GRANT SELECT ON TABLE public.daily_spend TO authenticated;

GRANT ALL ON TABLE public.feature_flags TO service_role;

GRANT ALL ON TABLE public.feedback TO service_role;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.feedback TO authenticated;

GRANT ALL ON TABLE public.invoices TO service_role;
GRANT SELECT ON TABLE public.invoices TO authenticated;

GRANT ALL ON TABLE public.model_metrics TO service_role;

GRANT ALL ON TABLE public.moodboards TO service_role;
GRANT SELECT ON TABLE public.moodboards TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.moodboards TO authenticated;

GRANT ALL ON TABLE public.performance_predictions TO service_role;
GRANT SELECT ON TABLE public.performance_predictions TO anon;
GRANT SELECT ON TABLE public.performance_predictions TO authenticated;

GRANT ALL ON TABLE public.plot_overviews TO service_role;
GRANT SELECT ON TABLE public.plot_overviews TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.plot_overviews TO authenticated;

GRANT ALL ON TABLE public.profiles TO service_role;
GRANT SELECT,UPDATE ON TABLE public.profiles TO authenticated;

GRANT ALL ON TABLE public.project_collaborators TO service_role;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.project_collaborators TO authenticated;

GRANT ALL ON TABLE public.projects TO service_role;
GRANT SELECT ON TABLE public.projects TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.projects TO authenticated;

GRANT ALL ON TABLE public.prompt_ratings TO service_role;
GRANT SELECT ON TABLE public.prompt_ratings TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.prompt_ratings TO authenticated;

GRANT ALL ON TABLE public.prompt_uses TO service_role;
GRANT SELECT,INSERT ON TABLE public.prompt_uses TO authenticated;

GRANT ALL ON SEQUENCE public.prompt_uses_id_seq TO anon;
GRANT ALL ON SEQUENCE public.prompt_uses_id_seq TO authenticated;
GRANT ALL ON SEQUENCE public.prompt_uses_id_seq TO service_role;

GRANT ALL ON TABLE public.prompts TO service_role;
GRANT SELECT ON TABLE public.prompts TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.prompts TO authenticated;

GRANT ALL ON TABLE public.provider_credentials TO service_role;
GRANT SELECT,DELETE,UPDATE ON TABLE public.provider_credentials TO authenticated;

GRANT ALL ON TABLE public.quota_limits TO service_role;
GRANT SELECT ON TABLE public.quota_limits TO authenticated;

GRANT ALL ON TABLE public.scenes TO service_role;
GRANT SELECT ON TABLE public.scenes TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.scenes TO authenticated;

GRANT ALL ON TABLE public.scripts TO service_role;
GRANT SELECT ON TABLE public.scripts TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.scripts TO authenticated;

GRANT ALL ON TABLE public.stories TO service_role;
GRANT SELECT ON TABLE public.stories TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.stories TO authenticated;

GRANT ALL ON TABLE public.subscription_history TO service_role;
GRANT SELECT ON TABLE public.subscription_history TO authenticated;

GRANT ALL ON SEQUENCE public.subscription_history_id_seq TO anon;
GRANT ALL ON SEQUENCE public.subscription_history_id_seq TO authenticated;
GRANT ALL ON SEQUENCE public.subscription_history_id_seq TO service_role;

GRANT ALL ON TABLE public.system_settings TO service_role;
GRANT SELECT ON TABLE public.system_settings TO anon;
GRANT SELECT ON TABLE public.system_settings TO authenticated;

GRANT ALL ON TABLE public.universes TO service_role;
GRANT SELECT ON TABLE public.universes TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.universes TO authenticated;

GRANT ALL ON TABLE public.user_follows TO service_role;
GRANT SELECT,INSERT,DELETE ON TABLE public.user_follows TO authenticated;

GRANT ALL ON TABLE public.user_roles TO service_role;
GRANT SELECT ON TABLE public.user_roles TO authenticated;

GRANT ALL ON TABLE public.versions TO service_role;
GRANT SELECT ON TABLE public.versions TO anon;
GRANT SELECT ON TABLE public.versions TO authenticated;

GRANT ALL ON TABLE public.webhooks TO service_role;
GRANT SELECT,DELETE,UPDATE ON TABLE public.webhooks TO authenticated;

ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON SEQUENCES TO postgres;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON SEQUENCES TO anon;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON SEQUENCES TO authenticated;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON SEQUENCES TO service_role;

ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO postgres;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO authenticated;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO service_role;

ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO postgres;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO anon;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO authenticated;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO service_role;
