-- Schema snapshot: `pg_dump --schema-only --no-owner` of a database built from supabase/migrations
-- alone, normalized (no session settings, no dated monthly partitions). Written by
-- `creatorverse db snapshot`; CI fails when it is stale. Do not edit.
-- PostgreSQL 18

CREATE SCHEMA analytics;

CREATE SCHEMA auth;

CREATE SCHEMA extensions;

CREATE SCHEMA private;

CREATE SCHEMA storage;

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

CREATE FUNCTION auth.email() RETURNS text
    LANGUAGE sql STABLE
    AS $$
            select coalesce(
                nullif(current_setting('request.jwt.claim.email', true), ''),
                (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
            )::text
        $$;

COMMENT ON FUNCTION auth.email() IS 'search_path inherited: Supabase''s body, inlined into its callers; reads request settings with pg_catalog functions only';

CREATE FUNCTION auth.jwt() RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
            select coalesce(
                nullif(current_setting('request.jwt.claim', true), ''),
                nullif(current_setting('request.jwt.claims', true), '')
            )::jsonb
        $$;

COMMENT ON FUNCTION auth.jwt() IS 'search_path inherited: Supabase''s body, inlined into its callers; reads request settings with pg_catalog functions only';

CREATE FUNCTION auth.role() RETURNS text
    LANGUAGE sql STABLE
    AS $$
            select coalesce(
                nullif(current_setting('request.jwt.claim.role', true), ''),
                (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
            )::text
        $$;

COMMENT ON FUNCTION auth.role() IS 'search_path inherited: Supabase''s body, inlined into its callers; reads request settings with pg_catalog functions only';

CREATE FUNCTION auth.uid() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$
            select coalesce(
                nullif(current_setting('request.jwt.claim.sub', true), ''),
                (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
            )::uuid
        $$;

COMMENT ON FUNCTION auth.uid() IS 'search_path inherited: Supabase''s body, inlined into its callers; reads request settings with pg_catalog functions only';

CREATE TABLE public.invitations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    email text,
    role public.member_role DEFAULT 'viewer'::public.member_role NOT NULL,
    invited_by uuid,
    status text DEFAULT 'pending'::text NOT NULL,
    expires_at timestamp with time zone DEFAULT (now() + '7 days'::interval) NOT NULL,
    accepted_at timestamp with time zone,
    accepted_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    kind text DEFAULT 'email'::text NOT NULL,
    CONSTRAINT invitations_check CHECK (((status = 'accepted'::text) = (accepted_at IS NOT NULL))),
    CONSTRAINT invitations_email_check CHECK ((email ~ '^[^@\s]+@[^@\s]+$'::text)),
    CONSTRAINT invitations_kind_check CHECK ((kind = ANY (ARRAY['email'::text, 'link'::text]))),
    CONSTRAINT invitations_kind_email_check CHECK (((kind = 'email'::text) = (email IS NOT NULL))),
    CONSTRAINT invitations_role_check CHECK ((role <> 'owner'::public.member_role)),
    CONSTRAINT invitations_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'accepted'::text, 'declined'::text, 'expired'::text, 'revoked'::text])))
);

COMMENT ON COLUMN public.invitations.kind IS 'email: only the user signed in with `email` may accept; link: anyone holding the token may (admins create these).';

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
    if new_bytes > old_bytes and org.storage_limit_bytes is not null and org.storage_used_bytes > org.storage_limit_bytes then
        raise exception 'storage limit of % bytes reached', org.storage_limit_bytes
            using errcode = 'PT507', hint = 'delete assets or upgrade the plan';
    end if;
    return null;
end
$$;

CREATE FUNCTION private.acting_user_id() RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select u.id from private.acting_user u
$$;

CREATE FUNCTION private.add_input(job uuid, input_role text, input_order integer, source uuid) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    insert into public.generation_inputs (generation_id, organization_id, role, sequence_order, input_generation_id)
    select g.id, g.organization_id, input_role, input_order, source from public.generations g where g.id = job
$$;

CREATE FUNCTION private.add_progress(who uuid, counter text, delta bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
begin
    if who is null or delta = 0 then
        return;
    end if;
    if counter not in ('total_xp', 'videos_created', 'books_uploaded', 'quizzes_completed', 'posts_created',
                       'comments_created', 'total_spent_cents') then
        raise exception 'unknown progress counter %', counter using errcode = '22023';
    end if;
    execute format(
        'insert into public.user_progress as p (user_id, %1$I) values ($1, greatest($2, 0))
         on conflict (user_id) do update set %1$I = greatest(p.%1$I + $2, 0), updated_at = now()', counter)
    using who, delta;
end
$_$;

CREATE FUNCTION private.address_refusal(address inet) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    SET search_path TO ''
    AS $$
    select b.label
    from (values
        ('0.0.0.0/8'::inet, 'a ''this network'' address'),
        ('10.0.0.0/8', 'a private address'),
        ('100.64.0.0/10', 'a carrier-grade NAT address'),
        ('127.0.0.0/8', 'a loopback address'),
        ('169.254.0.0/16', 'a link-local address (cloud metadata lives here)'),
        ('172.16.0.0/12', 'a private address'),
        ('192.0.0.0/24', 'an IETF protocol address'),
        ('192.0.2.0/24', 'a documentation address'),
        ('192.168.0.0/16', 'a private address'),
        ('198.18.0.0/15', 'a benchmarking address'),
        ('198.51.100.0/24', 'a documentation address'),
        ('203.0.113.0/24', 'a documentation address'),
        ('224.0.0.0/4', 'a multicast address'),
        ('240.0.0.0/4', 'a reserved address'),
        ('::/128', 'the unspecified address'),
        ('::1/128', 'a loopback address'),
        ('::ffff:0:0/96', 'an IPv4-mapped address'),
        ('64:ff9b::/96', 'a NAT64 address'),
        ('64:ff9b:1::/48', 'a NAT64 address'),
        ('100::/64', 'a discard address'),
        ('2001::/32', 'a Teredo address'),
        ('2001:db8::/32', 'a documentation address'),
        ('2002::/16', 'a 6to4 address'),
        ('fc00::/7', 'a unique-local address'),
        ('fe80::/10', 'a link-local address'),
        ('fec0::/10', 'a site-local address'),
        ('ff00::/8', 'a multicast address')
    ) as b (block, label)
    where family(b.block) = family(address) and address <<= b.block
    limit 1
$$;

CREATE FUNCTION private.advance_workflow_run() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    run_id uuid := (new.metadata ->> 'workflow_run_id')::uuid;
    run public.workflow_runs;
begin
    select r.* into run from public.workflow_runs r where r.id = run_id;
    if run.id is null or new.error_code = 'run_stopped' then  -- cancelled here, by a stopping run
        return null;
    end if;
    if new.status = 'succeeded' and run.status = 'running' then
        update public.workflow_runs r
        set completed_nodes = least(r.completed_nodes + 1, r.total_nodes),
            progress = round(100.0 * least(r.completed_nodes + 1, r.total_nodes) / r.total_nodes, 2),
            status = case when new.id = r.render_generation_id then 'succeeded' else r.status end,
            finished_at = case when new.id = r.render_generation_id then now() end,
            output_url = case when new.id = r.render_generation_id then new.output_url else r.output_url end,
            thumbnail_url = case when new.id = r.render_generation_id then new.thumbnail_url else r.thumbnail_url end,
            subtitles_url = case when new.id = r.render_generation_id then new.subtitles_url else r.subtitles_url end,
            duration_ms = case when new.id = r.render_generation_id then new.duration_ms else r.duration_ms end
        where r.id = run.id;
        return null;
    end if;
    -- the run cannot finish: it is failed first (the cancellations below come back here
    -- and find it over), then what waits is cancelled (jobs being claimed right now are
    -- skipped; they come back here when they finish)
    if run.status = 'running' then
        update public.workflow_runs r
        set status = case when new.status = 'cancelled' then 'cancelled' else 'failed' end,
            finished_at = now(),
            error_node = new.metadata ->> 'node_id',
            error_message = format('node %s (%s) %s: %s', new.metadata ->> 'node_id', new.metadata ->> 'node_type',
                                   new.status, coalesce(new.error_message, new.status))
        where r.id = run.id and r.status = 'running';
    end if;
    perform private.cancel_unstarted_jobs(private.run_generation_ids(run.nodes),
                                          'cancelled: workflow run ' || run.id || ' cannot finish', 'run_stopped');
    return null;
end
$$;

CREATE FUNCTION private.assert_outbound_url(url text, what text) RETURNS void
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
    refusal text := private.outbound_url_refusal(url);
begin
    if refusal is not null then
        raise exception 'invalid % "%": %', what, left(url, 200), refusal
            using errcode = '22023', hint = 'webhook and provider URLs must be public https endpoints';
    end if;
end
$$;

CREATE FUNCTION private.award_community_badges() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    badge public.badges;
    tenure integer := extract(day from now() - new.joined_at)::integer;
begin
    if new.status not in ('active', 'muted') then
        return null;
    end if;
    for badge in
        select b.* from public.badges b
        where b.community_id = new.community_id and b.is_active
          and ((b.criteria_type = 'post_count' and new.post_count >= b.criteria_value)
               or (b.criteria_type = 'comment_count' and new.comment_count >= b.criteria_value)
               or (b.criteria_type = 'tenure_days' and tenure >= b.criteria_value))
          and not exists (select 1 from public.user_badges u where u.user_id = new.user_id and u.badge_id = b.id)
    loop
        perform private.grant_badge(new.user_id, badge, null, '{}');
    end loop;
    return null;
end
$$;

CREATE FUNCTION private.award_platform_badges() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    badge public.badges;
    progress jsonb := to_jsonb(new);
begin
    for badge in
        select b.* from public.badges b
        where b.community_id is null and b.is_active and b.criteria_type <> 'manual'
          and (progress ->> (case b.criteria_type when 'post_count' then 'posts_created'
                                                  when 'comment_count' then 'comments_created'
                                                  else b.criteria_type end))::integer >= b.criteria_value
          and not exists (select 1 from public.user_badges u where u.user_id = new.user_id and u.badge_id = b.id)
    loop
        perform private.grant_badge(new.user_id, badge, null, '{}');
    end loop;
    return null;
end
$$;

CREATE FUNCTION private.award_tenure_badges(p_batch integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    awarded integer := 0;
    pair record;
begin
    for pair in
        select m.user_id, b as badge
        from public.badges b
        join public.community_members m on m.community_id = b.community_id and m.status in ('active', 'muted')
        where b.criteria_type = 'tenure_days' and b.is_active
          and m.joined_at <= private.now() - make_interval(days => b.criteria_value)
          and not exists (select 1 from public.user_badges u where u.user_id = m.user_id and u.badge_id = b.id)
        limit p_batch
    loop
        if private.grant_badge(pair.user_id, pair.badge, null, '{}') then
            awarded := awarded + 1;
        end if;
    end loop;
    return awarded;
end
$$;

CREATE FUNCTION private.backoff(attempt integer, base_seconds numeric, cap_seconds numeric) RETURNS interval
    LANGUAGE sql
    SET search_path TO ''
    AS $$
    select make_interval(secs => least(cap_seconds, base_seconds * power(2, greatest(attempt, 1) - 1))
                                 * (0.5 + random() / 2))
$$;

CREATE FUNCTION private.badge_name_rules() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if new.community_id is not null and exists (
        select 1 from public.badges b where b.community_id is null and lower(b.name) = lower(new.name)
    ) then
        raise exception '"%" is the name of a platform badge', new.name using errcode = '23505';
    end if;
    return new;
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
)
WITH (fillfactor='70', autovacuum_vacuum_scale_factor='0.0', autovacuum_vacuum_threshold='2000', autovacuum_analyze_scale_factor='0.05');

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
    key_source text DEFAULT 'caller'::text NOT NULL,
    CONSTRAINT credit_transactions_balance_after_check CHECK ((balance_after >= 0)),
    CONSTRAINT credit_transactions_check CHECK ((amount = ((main_delta + rollover_delta) + bonus_delta))),
    CONSTRAINT credit_transactions_held_after_check CHECK ((held_after >= 0)),
    CONSTRAINT credit_transactions_key_source_check CHECK ((key_source = ANY (ARRAY['caller'::text, 'ledger'::text]))),
    CONSTRAINT credit_transactions_type_check CHECK ((type = ANY (ARRAY['grant'::text, 'purchase'::text, 'subscription'::text, 'usage'::text, 'refund'::text, 'bonus'::text, 'rollover'::text, 'expiry'::text, 'hold'::text, 'release'::text, 'capture'::text, 'adjustment'::text])))
)
WITH (autovacuum_vacuum_insert_scale_factor='0.02', autovacuum_analyze_scale_factor='0.02');

COMMENT ON COLUMN public.credit_transactions.amount IS 'Change of available credits (positive credit, negative debit); 0 for moves between buckets and captures.';

COMMENT ON COLUMN public.credit_transactions.key_source IS 'Namespace of idempotency_key: caller (passed to credits_grant/credits_spend) or ledger (written by the ledger itself).';

CREATE FUNCTION private.begin_credit_change(org_id uuid, key_source text, key text, amount bigint, OUT wallet public.credit_balances, OUT earlier public.credit_transactions) RETURNS record
    LANGUAGE plpgsql
    AS $$
begin
    perform private.require_idempotency_key(key);
    perform private.require_positive_amount(amount);
    wallet := private.lock_credit_balance(org_id);
    earlier := private.credit_entry_by_key(org_id, key_source, key);
end
$$;

COMMENT ON FUNCTION private.begin_credit_change(org_id uuid, key_source text, key text, amount bigint, OUT wallet public.credit_balances, OUT earlier public.credit_transactions) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

CREATE FUNCTION private.book_soft_delete() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    update public.chapters c set deleted_at = new.deleted_at where c.book_id = new.id and c.deleted_at is null;
    return null;
end
$$;

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
    deleted_at timestamp with time zone,
    required_disclaimers text[] DEFAULT '{}'::text[] NOT NULL,
    CONSTRAINT brand_policies_brand_description_size CHECK ((char_length(brand_description) <= 40000)),
    CONSTRAINT brand_policies_brand_name_size CHECK ((char_length(brand_name) <= 200)),
    CONSTRAINT brand_policies_color_palette_size CHECK ((pg_column_size(color_palette) <= 65536)),
    CONSTRAINT brand_policies_duration_guidelines_size CHECK ((pg_column_size(duration_guidelines) <= 65536)),
    CONSTRAINT brand_policies_logo_assets_size CHECK ((pg_column_size(logo_assets) <= 65536)),
    CONSTRAINT brand_policies_messaging_guidelines_size CHECK ((char_length(messaging_guidelines) <= 40000)),
    CONSTRAINT brand_policies_preferred_formats_size CHECK (((cardinality(preferred_formats) <= 100) AND (pg_column_size(preferred_formats) <= 65536))),
    CONSTRAINT brand_policies_preferred_keywords_size CHECK (((cardinality(preferred_keywords) <= 100) AND (pg_column_size(preferred_keywords) <= 65536))),
    CONSTRAINT brand_policies_prohibited_content_size CHECK (((cardinality(prohibited_content) <= 100) AND (pg_column_size(prohibited_content) <= 65536))),
    CONSTRAINT brand_policies_required_disclaimers_size CHECK (((cardinality(required_disclaimers) <= 100) AND (pg_column_size(required_disclaimers) <= 65536))),
    CONSTRAINT brand_policies_resolution_requirements_size CHECK ((pg_column_size(resolution_requirements) <= 65536)),
    CONSTRAINT brand_policies_tone_of_voice_size CHECK ((char_length(tone_of_voice) <= 40000)),
    CONSTRAINT brand_policies_typography_size CHECK ((pg_column_size(typography) <= 65536))
);

CREATE FUNCTION private.brand_policy_for(org_id uuid, project uuid) RETURNS public.brand_policies
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select b.* from public.brand_policies b
    where b.organization_id = org_id and b.deleted_at is null
      and ((project is not null and b.project_id = project) or b.is_default)
    order by (b.project_id is not distinct from project) desc, b.is_default desc, b.created_at
    limit 1
$$;

CREATE FUNCTION private.bump_daily_stats(content_id uuid, day date, viewers integer, likes integer, completions integer) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    insert into public.content_daily_stats as s (content_id, day, viewers, likes, completions)
    values (bump_daily_stats.content_id, bump_daily_stats.day, bump_daily_stats.viewers, bump_daily_stats.likes,
            bump_daily_stats.completions)
    on conflict on constraint content_daily_stats_pkey do update
    set viewers = s.viewers + excluded.viewers, likes = s.likes + excluded.likes,
        completions = s.completions + excluded.completions
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

CREATE FUNCTION private.called_by_client() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    select coalesce(current_setting('role', true), 'none') in ('anon', 'authenticated')
$$;

CREATE FUNCTION private.campaign_child_scope() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    parent public.campaigns := private.visible_campaign(new.campaign_id);
begin
    if parent.id is null then
        raise exception 'campaign not found' using errcode = 'P0002';
    end if;
    new.organization_id := parent.organization_id;
    new.project_id := parent.project_id;
    if tg_table_name = 'campaign_updates' and private.is_client_request() then
        new.author_id := auth.uid();
    end if;
    if tg_table_name = 'investment_tiers' then
        if parent.status not in ('draft', 'pending_review') then
            raise exception 'tiers cannot be added once the campaign has launched' using errcode = '55000';
        end if;
        if private.is_client_request() then
            new.sold_quantity := 0;
        end if;
    end if;
    return new;
end
$$;

CREATE FUNCTION private.campaign_status_allowed(from_status text, to_status text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select (from_status, to_status) in (
        ('draft', 'pending_review'), ('pending_review', 'draft'), ('pending_review', 'active'),
        ('active', 'funded'), ('active', 'failed'), ('funded', 'completed'), ('failed', 'completed'),
        ('draft', 'cancelled'), ('pending_review', 'cancelled'), ('active', 'cancelled')
    )
$$;

CREATE FUNCTION private.campaigns_before_write() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if tg_op = 'INSERT' then
        new.organization_id := private.project_organization(new.project_id);
        -- another organization's project answers as one that does not exist: no oracle
        if private.is_client_request() and not private.has_org_role(new.organization_id, 'editor') then
            raise exception 'project not found' using errcode = 'P0002';
        end if;
        if private.is_client_request() then
            new.created_by := auth.uid();
            new.raised_amount_cents := 0;
            new.backer_count := 0;
            new.update_count := 0;
            new.is_verified := false;
            new.verified_at := null;
        end if;
        new.project_deleted_at := null;
        if new.status <> 'draft' then
            raise exception 'a campaign starts as a draft, not %', new.status using errcode = '55000';
        end if;
        return new;
    end if;
    if new.status <> old.status and not private.campaign_status_allowed(old.status, new.status) then
        raise exception 'campaign cannot move from % to %', old.status, new.status using errcode = '55000';
    end if;
    -- what backers were promised does not change once the campaign leaves the draft
    if old.status <> 'draft'
       and (new.goal_amount_cents, new.currency, new.funding_type, new.platform_fee_bps, new.investor_share_bps,
            new.end_date, new.equity_offered)
       is distinct from (old.goal_amount_cents, old.currency, old.funding_type, old.platform_fee_bps,
                         old.investor_share_bps, old.end_date, old.equity_offered) then
        raise exception 'goal, currency, funding type, revenue split and end date are fixed once a campaign is submitted'
            using errcode = '55000';
    end if;
    return new;
end
$$;

CREATE FUNCTION private.can_watch(content_id uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select exists (
        select 1 from public.contents c
        where c.id = can_watch.content_id and c.project_deleted_at is null
          and ((c.status = 'published' and c.visibility_rank <= private.my_watch_rank())
               or c.organization_id = any(array(select private.my_org_ids())))
    )
$$;

CREATE TABLE public.generations (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    user_id uuid,
    kind text NOT NULL,
    variant text,
    parent_id uuid,
    chapter_id uuid,
    script_id uuid,
    scene_id uuid,
    moodboard_id uuid,
    animation_id uuid,
    scene_number integer,
    provider text,
    model text,
    prompt text,
    params jsonb DEFAULT '{}'::jsonb NOT NULL,
    units numeric DEFAULT 1 NOT NULL,
    priority smallint DEFAULT 0 NOT NULL,
    dedup_key text,
    status text DEFAULT 'queued'::text NOT NULL,
    progress numeric(5,2) DEFAULT 0 NOT NULL,
    current_step text,
    last_completed_step text,
    total_steps integer,
    completed_steps integer DEFAULT 0 NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    max_attempts integer NOT NULL,
    error_code text,
    error_message text,
    cancel_requested_at timestamp with time zone,
    external_job_id text,
    estimated_completion_at timestamp with time zone,
    hold_id uuid,
    estimated_credits bigint DEFAULT 0 NOT NULL,
    actual_credits bigint,
    estimated_cost_usd numeric(14,6) DEFAULT 0 NOT NULL,
    actual_cost_usd numeric(14,6),
    cost_tokens bigint DEFAULT 0 NOT NULL,
    cost_render_seconds bigint DEFAULT 0 NOT NULL,
    cost_kai_credits bigint DEFAULT 0 NOT NULL,
    output_url text,
    thumbnail_url text,
    subtitles_url text,
    output_asset_id uuid,
    result jsonb DEFAULT '{}'::jsonb NOT NULL,
    duration_ms bigint,
    size_bytes bigint,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    queued_at timestamp with time zone DEFAULT now() NOT NULL,
    started_at timestamp with time zone,
    completed_at timestamp with time zone,
    failed_at timestamp with time zone,
    cancelled_at timestamp with time zone,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    book_id uuid,
    paid_by text DEFAULT 'platform'::text NOT NULL,
    provider_credential_id uuid,
    CONSTRAINT generations_actual_cost_usd_check CHECK ((actual_cost_usd >= (0)::numeric)),
    CONSTRAINT generations_actual_credits_check CHECK ((actual_credits >= 0)),
    CONSTRAINT generations_attempts_check CHECK ((attempts >= 0)),
    CONSTRAINT generations_check CHECK ((parent_id <> id)),
    CONSTRAINT generations_check1 CHECK ((completed_steps <= COALESCE(total_steps, completed_steps))),
    CONSTRAINT generations_completed_steps_check CHECK ((completed_steps >= 0)),
    CONSTRAINT generations_cost_kai_credits_check CHECK ((cost_kai_credits >= 0)),
    CONSTRAINT generations_cost_render_seconds_check CHECK ((cost_render_seconds >= 0)),
    CONSTRAINT generations_cost_tokens_check CHECK ((cost_tokens >= 0)),
    CONSTRAINT generations_current_step_check CHECK ((length(current_step) <= 200)),
    CONSTRAINT generations_dedup_key_check CHECK (((length(dedup_key) >= 1) AND (length(dedup_key) <= 200))),
    CONSTRAINT generations_duration_ms_check CHECK ((duration_ms >= 0)),
    CONSTRAINT generations_estimated_cost_usd_check CHECK ((estimated_cost_usd >= (0)::numeric)),
    CONSTRAINT generations_estimated_credits_check CHECK ((estimated_credits >= 0)),
    CONSTRAINT generations_last_completed_step_check CHECK ((length(last_completed_step) <= 200)),
    CONSTRAINT generations_max_attempts_check CHECK (((max_attempts >= 1) AND (max_attempts <= 25))),
    CONSTRAINT generations_metadata_check CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT generations_model_check CHECK ((length(model) <= 120)),
    CONSTRAINT generations_own_key_credential CHECK (((paid_by = 'own_key'::text) OR (provider_credential_id IS NULL))),
    CONSTRAINT generations_paid_by_check CHECK ((paid_by = ANY (ARRAY['platform'::text, 'own_key'::text]))),
    CONSTRAINT generations_params_check CHECK ((jsonb_typeof(params) = 'object'::text)),
    CONSTRAINT generations_priority_check CHECK (((priority >= '-100'::integer) AND (priority <= 100))),
    CONSTRAINT generations_progress_check CHECK (((progress >= (0)::numeric) AND (progress <= (100)::numeric))),
    CONSTRAINT generations_prompt_check CHECK ((length(prompt) <= 20000)),
    CONSTRAINT generations_provider_check CHECK ((length(provider) <= 60)),
    CONSTRAINT generations_result_check CHECK ((jsonb_typeof(result) = 'object'::text)),
    CONSTRAINT generations_scene_number_check CHECK ((scene_number > 0)),
    CONSTRAINT generations_size_bytes_check CHECK ((size_bytes >= 0)),
    CONSTRAINT generations_status_check CHECK ((status = ANY (ARRAY['queued'::text, 'running'::text, 'retrying'::text, 'succeeded'::text, 'failed'::text, 'cancelled'::text]))),
    CONSTRAINT generations_total_steps_check CHECK ((total_steps >= 0)),
    CONSTRAINT generations_units_check CHECK ((units > (0)::numeric)),
    CONSTRAINT generations_variant_check CHECK ((length(variant) <= 60))
)
WITH (fillfactor='60');

COMMENT ON TABLE public.generations IS 'Every generated thing (image, audio, video, scene video, lip-sync, merge, render, KAI, text), one row each: status, progress and cost as clients watch them. The work itself is queued in private.job_queue.';

COMMENT ON COLUMN public.generations.paid_by IS 'Whose provider key pays: platform, or own_key (the organization''s provider_credential_id, chosen at the request).';

CREATE FUNCTION private.cancel_children(parent public.generations) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    perform set_config('creatorverse.settling_pipeline', parent.id::text, true);
    perform private.cancel_unstarted_jobs(array(select c.id from public.generations c where c.parent_id = parent.id),
                                          'cancelled with its pipeline', 'cancelled');
    update public.generations g set cancel_requested_at = now(), updated_at = now()
    where g.id in (select c.id from public.generations c
                   where c.parent_id = parent.id and c.status in ('running', 'retrying')
                     and c.cancel_requested_at is null
                   for update skip locked);
    perform set_config('creatorverse.settling_pipeline', '', true);
end
$$;

CREATE FUNCTION private.cancel_job(target public.generations) RETURNS public.generations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    waiting boolean;
begin
    delete from private.job_queue q where q.generation_id = target.id and q.state in ('ready', 'waiting')
    returning true into waiting;
    if coalesce(waiting, false) then
        return private.finish_generation(target.id, 'cancelled', null, 'cancelled before it started', null);
    end if;
    update public.generations g set cancel_requested_at = coalesce(g.cancel_requested_at, now()), updated_at = now()
    where g.id = target.id and g.status not in ('succeeded', 'failed', 'cancelled')
    returning * into target;
    return target;
end
$$;

CREATE FUNCTION private.cancel_pipeline(target public.generations) RETURNS public.generations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    perform private.lock_credit_balance(target.organization_id);
    if target.parent_id is null then
        update public.generations g set cancel_requested_at = coalesce(g.cancel_requested_at, now()), updated_at = now()
        where g.id = target.id;
        perform private.refresh_pipeline(target.id, 'cancelling');
    else
        perform private.cancel_job(target);
    end if;
    select g.* into target from public.generations g where g.id = target.id;
    return target;
end
$$;

CREATE FUNCTION private.cancel_unstarted_jobs(generation_ids uuid[], message text, error_code text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    job record;
begin
    for job in
        select q.id, q.generation_id from private.job_queue q
        where q.generation_id = any(generation_ids) and q.state in ('ready', 'waiting')
        order by q.id
        for update skip locked
    loop
        delete from private.job_queue q where q.id = job.id;
        perform private.finish_generation(job.generation_id, 'cancelled', null, message, error_code);
    end loop;
end
$$;

CREATE FUNCTION private.cart_item_defaults() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    product public.products;
    variant public.product_variants;
begin
    if tg_op = 'UPDATE' then
        if not private.is_client_request() then
            return new;  -- repricing by the catalogue
        end if;
        if (new.cart_id, new.product_id, new.variant_id, new.user_id, new.organization_id)
           is distinct from (old.cart_id, old.product_id, old.variant_id, old.user_id, old.organization_id) then
            raise exception 'only the quantity of a cart line can change' using errcode = '42501';
        end if;
        new.unit_price_cents := old.unit_price_cents;
        return new;
    end if;
    -- invoker rights: the caller's own cart, and products the caller may see
    select c.user_id into new.user_id from public.carts c where c.id = new.cart_id;
    select p.* into product from public.products p where p.id = new.product_id;
    if product.status = 'out_of_stock' and product.visibility <> 'private' then
        raise exception '% is out of stock', product.name using errcode = 'PT409';
    end if;
    if product.id is null or product.status <> 'active' or product.visibility = 'private' then
        raise exception 'product not found' using errcode = 'P0002';
    end if;
    if new.variant_id is not null then
        select v.* into variant from public.product_variants v
        where v.id = new.variant_id and v.product_id = product.id and v.is_active;
        if variant.id is null then
            raise exception 'variant not found' using errcode = 'P0002';
        end if;
    elsif product.has_variants then
        raise exception 'choose a variant of %', product.name using errcode = '22023';
    end if;
    new.organization_id := product.organization_id;
    new.unit_price_cents := coalesce(variant.price_cents, product.price_cents);
    return new;
end
$$;

CREATE FUNCTION private.chapter_candidates(filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, cap integer) RETURNS integer
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    caller_role text := coalesce(nullif(current_setting('role'), 'none'), session_user);
    sees_everything boolean := coalesce((select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles r
                                         where r.rolname = caller_role), false);
    filters text := concat_ws(' and ', 'true',
        case when filter_organization_id is not null then 'e.organization_id = $1' end,
        case when filter_book_id is not null then 'e.book_id = $2' end,
        case when filter_project_id is not null then 'e.project_id = $3' end);
    counted integer;
begin
    if sees_everything then
        execute format('select count(*)::integer from (select 1 from public.chapter_embeddings e where %s limit $4) s',
                       filters)
        into counted using filter_organization_id, filter_book_id, filter_project_id, cap;
        return counted;
    end if;
    -- the policy's two branches, each its own index-only scan: the organizations' own passages,
    -- and those of projects readable to the caller (collaborations, public projects)
    execute format($q$
        select least($4,
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where %1$s and e.project_id is null and e.organization_id = any($5) limit $4) s)
            + (select count(*) from (select 1 from public.chapter_embeddings e
                                     where %1$s and e.project_id = any($6) limit $4) s))::integer
    $q$, filters)
    into counted
    using filter_organization_id, filter_book_id, filter_project_id, cap, array(select private.my_org_ids()),
          array(select private.readable_project_ids() union select private.public_project_ids());
    return counted;
end
$_$;

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

CREATE FUNCTION private.check_brand_safety(org_id uuid, project uuid, texts jsonb, with_disclaimers boolean DEFAULT false) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    policy public.brand_policies := private.brand_policy_for(org_id, project);
    word text;
    entry jsonb;
    everything text;
begin
    if policy.id is null then
        return;
    end if;
    foreach word in array policy.prohibited_content loop
        for entry in select e from jsonb_array_elements(coalesce(texts, '[]')) e loop
            if private.contains_word(entry ->> 1, word) then
                raise exception 'forbidden word "%" in % (brand policy "%")', btrim(word), entry ->> 0,
                    policy.brand_name
                    using errcode = 'PT451', detail = format('brand policy %s', policy.id),
                          hint = 'rewrite the text or change the brand policy';
            end if;
        end loop;
    end loop;
    if with_disclaimers and cardinality(policy.required_disclaimers) > 0 then
        everything := lower((select string_agg(e ->> 1, E'\n') from jsonb_array_elements(coalesce(texts, '[]')) e));
        foreach word in array policy.required_disclaimers loop
            if btrim(word) <> '' and strpos(coalesce(everything, ''), lower(btrim(word))) = 0 then
                raise exception 'required disclaimer "%" is missing from the script (brand policy "%")',
                    btrim(word), policy.brand_name
                    using errcode = 'PT451', detail = format('brand policy %s', policy.id),
                          hint = 'add the disclaimer to the script or to a scene';
            end if;
        end loop;
    end if;
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

CREATE FUNCTION private.check_schedule_workflow() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if not exists (select from public.workflows w
                   where w.id = new.workflow_id and w.project_id = new.project_id and w.deleted_at is null) then
        raise exception 'workflow not found in this project' using errcode = 'P0002';
    end if;
    if new.enabled then
        perform private.require_unarchived_workflow(new.workflow_id);
    end if;
    return new;
end
$$;

CREATE FUNCTION private.checked_generation(spec public.generations, caller uuid) RETURNS public.generations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    gen_kind public.generation_kinds;
    scope public.projects;
    reference record;
    found_reference boolean;
begin
    select k.* into gen_kind from public.generation_kinds k where k.kind = spec.kind;
    if gen_kind.kind is null then
        raise exception 'unknown generation kind "%"', spec.kind using errcode = '22023';
    end if;
    perform private.require_text(spec.provider, 'provider', 60);
    perform private.require_text(spec.model, 'model', 120);
    perform private.require_text(spec.prompt, 'prompt', 20000);
    perform private.require_text(spec.variant, 'variant', 60);
    perform private.require_text(spec.dedup_key, 'dedup_key', 200);
    spec.params := coalesce(spec.params, '{}');
    if jsonb_typeof(spec.params) <> 'object' or length(spec.params::text) > 100000 then
        raise exception 'params must be a JSON object of at most 100000 characters' using errcode = '22023';
    end if;
    spec.metadata := coalesce(spec.metadata, '{}');
    if jsonb_typeof(spec.metadata) <> 'object' or length(spec.metadata::text) > 10000 then
        raise exception 'metadata must be a JSON object of at most 10000 characters' using errcode = '22023';
    end if;
    spec.units := coalesce(spec.units, 1);
    if spec.units <= 0 or spec.units > 10000 then
        raise exception 'units must lie between 0 (excluded) and 10000' using errcode = '22023';
    end if;
    spec.priority := coalesce(spec.priority, 0);
    if spec.priority not between -10 and 10 then
        raise exception 'priority must lie between -10 and 10' using errcode = '22023';
    end if;
    spec.max_attempts := coalesce(spec.max_attempts, gen_kind.max_attempts);
    if spec.max_attempts not between 1 and gen_kind.max_attempts then
        raise exception 'max_attempts must lie between 1 and % for kind %', gen_kind.max_attempts, spec.kind
            using errcode = '22023';
    end if;

    -- the project: the one named, else the first referenced object's
    spec.project_id := coalesce(
        spec.project_id,
        (select g.project_id from public.generations g where g.id = spec.parent_id),
        (select r.project_id from public.scenes r where r.id = spec.scene_id),
        (select r.project_id from public.scripts r where r.id = spec.script_id),
        (select r.project_id from public.chapters r where r.id = spec.chapter_id),
        (select r.project_id from public.books r where r.id = spec.book_id),
        (select r.project_id from public.moodboards r where r.id = spec.moodboard_id),
        (select r.project_id from public.animations r where r.id = spec.animation_id));
    if spec.project_id is not null then
        select p.* into scope from public.projects p
        join public.organizations o on o.id = p.organization_id and o.deleted_at is null
        where p.id = spec.project_id and p.deleted_at is null;
        if scope.id is null then
            raise exception 'project not found' using errcode = 'P0002';
        end if;
        spec.organization_id := scope.organization_id;
    elsif caller is not null then  -- a user's work always lives in a project
        raise exception 'project not found' using errcode = 'P0002';
    elsif not exists (select from public.organizations o where o.id = spec.organization_id and o.deleted_at is null) then
        raise exception 'organization % not found', spec.organization_id using errcode = 'P0002';
    end if;
    for reference in
        select * from (values ('parent generation', 'generations', spec.parent_id), ('scene', 'scenes', spec.scene_id),
                              ('script', 'scripts', spec.script_id), ('chapter', 'chapters', spec.chapter_id),
                              ('book', 'books', spec.book_id),
                              ('moodboard', 'moodboards', spec.moodboard_id),
                              ('animation', 'animations', spec.animation_id)) r (name, tab, id)
        where r.id is not null
    loop
        execute format('select exists (select from public.%I r where r.id = $1 and r.organization_id = $2
                                          and r.project_id is not distinct from $3 %s)',
                       reference.tab, case when reference.tab <> 'generations' then 'and r.deleted_at is null' end)
        into found_reference using reference.id, spec.organization_id, spec.project_id;
        if not found_reference then
            raise exception 'a referenced % was not found in this project', reference.name using errcode = 'P0002';
        end if;
    end loop;
    if caller is not null and not private.user_holds_project_permission(caller, spec.project_id, 'generate') then
        raise exception 'project not found' using errcode = 'P0002';
    end if;
    -- brand safety before any money moves (supabase/functions/pipeline.sql)
    perform private.check_brand_safety(spec.organization_id, spec.project_id, jsonb_build_array(
        jsonb_build_array('the prompt', spec.prompt), jsonb_build_array('params.text', spec.params ->> 'text')));
    return spec;
end
$_$;

CREATE TABLE private.duties (
    name text NOT NULL,
    description text NOT NULL,
    kind text DEFAULT 'sql'::text NOT NULL,
    function_name text,
    every interval,
    cron text,
    timezone text DEFAULT 'UTC'::text NOT NULL,
    batch_size integer NOT NULL,
    drains boolean DEFAULT true NOT NULL,
    may_run_concurrently boolean DEFAULT false NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    next_due_at timestamp with time zone DEFAULT now() NOT NULL,
    last_started_at timestamp with time zone,
    last_finished_at timestamp with time zone,
    last_succeeded_at timestamp with time zone,
    last_duration_ms integer,
    last_rows integer,
    last_error text,
    consecutive_failures integer DEFAULT 0 NOT NULL,
    runs bigint DEFAULT 0 NOT NULL,
    CONSTRAINT duties_batch_size_check CHECK (((batch_size >= 1) AND (batch_size <= 100000))),
    CONSTRAINT duties_check CHECK ((num_nonnulls(every, cron) = 1)),
    CONSTRAINT duties_check1 CHECK (((kind = 'sql'::text) = (function_name IS NOT NULL))),
    CONSTRAINT duties_consecutive_failures_check CHECK ((consecutive_failures >= 0)),
    CONSTRAINT duties_cron_check CHECK ((length(cron) <= 100)),
    CONSTRAINT duties_description_check CHECK (((length(description) >= 1) AND (length(description) <= 500))),
    CONSTRAINT duties_every_check CHECK ((every > '00:00:00'::interval)),
    CONSTRAINT duties_function_name_check CHECK ((function_name ~ '^[a-z_]+\.[a-z][a-z0-9_]*$'::text)),
    CONSTRAINT duties_kind_check CHECK ((kind = ANY (ARRAY['sql'::text, 'python'::text]))),
    CONSTRAINT duties_last_error_check CHECK ((length(last_error) <= 2000)),
    CONSTRAINT duties_name_check CHECK ((name ~ '^[a-z][a-z0-9_]{0,62}$'::text)),
    CONSTRAINT duties_timezone_check CHECK ((length(timezone) <= 64))
)
WITH (fillfactor='50', autovacuum_vacuum_scale_factor='0.0', autovacuum_vacuum_threshold='200');

COMMENT ON TABLE private.duties IS 'Timed duties run by the elected scheduler: definition (rows added by migrations) and run state. docs/duties.md.';

CREATE FUNCTION private.claim_duty(duty_name text, force boolean DEFAULT false) RETURNS SETOF private.duties
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select d.* from private.duties d
    where d.name = duty_name and (force or (d.enabled and d.next_due_at <= private.now()))
    for update skip locked
$$;

CREATE FUNCTION private.cleanup_worker_heartbeats(p_batch integer) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    with gone as (
        delete from private.worker_heartbeats w
        where w.worker_id in (select h.worker_id from private.worker_heartbeats h
                              where h.last_seen_at < private.now() - interval '1 day'
                              limit p_batch for update skip locked)
        returning 1
    )
    select count(*)::integer from gone
$$;

CREATE FUNCTION private.client_address(candidate text) RETURNS inet
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $_$
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
$_$;

CREATE FUNCTION private.comment_rules() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $_$
declare
    post jsonb;
    parent jsonb;
    post_key text := case tg_table_name when 'discussion_comments' then 'discussion_id' else 'content_id' end;
    post_table text := case tg_table_name when 'discussion_comments' then 'discussions' else 'fan_contents' end;
    row_new jsonb := to_jsonb(new);
begin
    if tg_op = 'UPDATE' then
        if (row_new ->> post_key, new.parent_id, new.community_id, new.author_id)
           is distinct from (to_jsonb(old) ->> post_key, old.parent_id, old.community_id, old.author_id) then
            raise exception 'a comment''s post, parent and author never change' using errcode = '42501';
        end if;
        if private.is_client_request() and new.status is distinct from old.status
           and not new.community_id = any(array(select private.moderated_community_ids())) then
            raise exception 'only moderators hide or remove comments' using errcode = '42501';
        end if;
        if tg_table_name = 'discussion_comments'
           and (row_new -> 'upvotes', row_new -> 'downvotes', row_new -> 'score')
               is distinct from (to_jsonb(old) -> 'upvotes', to_jsonb(old) -> 'downvotes', to_jsonb(old) -> 'score')
           and private.is_client_request() then
            raise exception 'counters are kept by the database' using errcode = '42501';
        end if;
        return new;
    end if;
    -- invoker rights: the post must be readable by the caller
    execute format('select to_jsonb(p) from public.%I p where p.id = $1', post_table) into post
    using (row_new ->> post_key)::uuid;
    if post is null or (post ->> 'status' <> 'published' and private.is_client_request()) then
        raise exception '% not found', replace(post_table, '_', ' ') using errcode = 'P0002';
    end if;
    if (post ->> 'locked')::boolean then
        raise exception 'this discussion is locked' using errcode = '55000';
    end if;
    new.community_id := (post ->> 'community_id')::uuid;
    if new.parent_id is not null then
        execute format('select to_jsonb(c) from public.%I c where c.id = $1', tg_table_name) into parent
        using new.parent_id;
        if parent is null or parent ->> post_key <> row_new ->> post_key then
            raise exception 'the parent comment is not on this post' using errcode = '22023';
        end if;
        if tg_table_name = 'discussion_comments' then
            new := jsonb_populate_record(new, jsonb_build_object('depth', (parent ->> 'depth')::integer + 1));
        end if;
    end if;
    if private.is_client_request() then
        new.author_id := auth.uid();
        new.status := 'published';
        if tg_table_name = 'discussion_comments' then
            new := jsonb_populate_record(new, '{"upvotes": 0, "downvotes": 0, "score": 0}'::jsonb);
        end if;
    end if;
    return new;
end
$_$;

CREATE FUNCTION private.commentable_project_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select private.project_ids_allowing('comment')
$$;

CREATE FUNCTION private.common_lexemes(lexemes text[]) RETURNS text[]
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    with elements as materialized (
        select (case 4 when s.stakind1 then s.stavalues1 when s.stakind2 then s.stavalues2
                       when s.stakind3 then s.stavalues3 when s.stakind4 then s.stavalues4
                       when s.stakind5 then s.stavalues5 end)::text::text [] as elems,
               case 4 when s.stakind1 then s.stanumbers1 when s.stakind2 then s.stanumbers2
                      when s.stakind3 then s.stanumbers3 when s.stakind4 then s.stanumbers4
                      when s.stakind5 then s.stanumbers5 end as frequencies
        from pg_catalog.pg_statistic s
        join pg_catalog.pg_attribute a on a.attrelid = s.starelid and a.attnum = s.staattnum
        where s.starelid = 'public.chapters'::regclass and a.attname = 'fts_english' and not s.stainherit
    )
    select coalesce(array_agg(l.lexeme), '{}')
    from elements e cross join unnest(common_lexemes.lexemes) as l (lexeme)
    where e.frequencies[array_position(e.elems, l.lexeme)] >= 0.02
$$;

CREATE FUNCTION private.community_defaults() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if new.project_id is not null then
        new.organization_id := private.project_organization(new.project_id);
    end if;
    if private.is_client_request() then
        new.created_by := auth.uid();
        new.member_count := 0;
        new.post_count := 0;
    end if;
    return new;
end
$$;

CREATE FUNCTION private.community_owner() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if new.created_by is not null then
        insert into public.community_members (community_id, user_id, role, status)
        values (new.id, new.created_by, 'owner', 'active');
    end if;
    return null;
end
$$;

CREATE FUNCTION private.community_role_rank(role text) RETURNS integer
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select case role when 'member' then 1 when 'moderator' then 2 when 'admin' then 3 when 'owner' then 4 else 0 end
$$;

CREATE FUNCTION private.complete_jobs(queue_ids bigint[], lease_tokens bigint[], outcomes jsonb[]) RETURNS bigint[]
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    done_ids bigint [];
    done_generations uuid [];
    done_outcomes jsonb [];
    finished integer;
    metered text [];
    done record;
begin
    with removed as (
        delete from private.job_queue q
        where q.id = any(queue_ids) and q.state = 'running' and q.lease_expires_at > now()
          and q.lease_token = lease_tokens[array_position(queue_ids, q.id)]
        returning q.id, q.generation_id, outcomes[array_position(queue_ids, q.id)] as outcome
    )
    select array_agg(r.id), array_agg(r.generation_id), array_agg(coalesce(r.outcome, '{}'))
    into done_ids, done_generations, done_outcomes
    from removed r;
    if done_ids is null then
        return '{}';
    end if;
    metered := array(select k.kind from public.generation_kinds k where k.resource_type is not null);
    -- free, unmetered jobs (no hold, no usage record): one statement, the ledger untouched
    update public.generations g
    set status = 'succeeded', actual_credits = 0, actual_cost_usd = 0, error_message = null, error_code = null,
        progress = 100, completed_at = now(), updated_at = now(),
        result = coalesce(done_outcomes[array_position(done_generations, g.id)] -> 'result', g.result),
        output_url = coalesce(done_outcomes[array_position(done_generations, g.id)] ->> 'output_url', g.output_url)
    where g.id = any(done_generations) and g.status = 'running' and g.hold_id is null and g.kind <> all(metered);
    get diagnostics finished = row_count;
    if finished < cardinality(done_ids) then
        -- jobs that hold credits or are metered settle one by one, organizations in id order
        -- (the one locking order: no deadlocks between workers)
        for done in
            select g.id as generation_id, done_outcomes[array_position(done_generations, g.id)] as outcome
            from public.generations g
            where g.id = any(done_generations) and (g.hold_id is not null or g.kind = any(metered))
            order by g.organization_id, g.id
        loop
            perform private.finish_generation(done.generation_id, 'succeeded', done.outcome, null, null);
        end loop;
    end if;
    return done_ids;
end
$$;

CREATE FUNCTION private.concurrency_limit(org_id uuid, job_kind text) RETURNS integer
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    select v.max_running from (
        select l.max_running, 1 as choice from private.organization_concurrency_limits l
        where l.organization_id = org_id and l.kind = job_kind
        union all
        select c.max_running, 2 from public.organizations o
        join public.plan_concurrency_limits c on c.plan_id = o.plan and c.kind = job_kind
        where o.id = org_id
    ) v
    order by v.choice
    limit 1
$$;

CREATE FUNCTION private.confirm_investment_payment(payment_intent jsonb) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    target public.investments;
    campaign_status text;
    owed text;
begin
    -- lock order everywhere: campaign, then investment, then tier
    select c.status into campaign_status from public.campaigns c
    where c.id = (select i.campaign_id from public.investments i
                  where i.id = private.stripe_investment_id(payment_intent))
    for update;
    select i.* into target from public.investments i
    where i.id = private.stripe_investment_id(payment_intent) for update;
    if target.id is null then
        return 'ignored: no such investment';
    end if;
    if (payment_intent ->> 'amount_received')::bigint is distinct from target.amount_cents
       or lower(payment_intent ->> 'currency') is distinct from target.currency then
        return 'ignored: payment does not match the investment''s amount and currency';
    end if;
    if target.status in ('confirmed', 'refunded') then
        return 'applied';
    end if;
    update public.investments i
    set payment_reference = payment_intent ->> 'id', payment_status = 'completed',
        payment_method = coalesce(payment_intent -> 'payment_method_types' ->> 0, i.payment_method)
    where i.id = target.id;
    if campaign_status in ('failed', 'cancelled') then
        owed := 'campaign closed';
    else
        begin
            update public.investments i set status = 'confirmed', confirmed_at = now(), cancelled_at = null
            where i.id = target.id;
        exception
            when object_not_in_prerequisite_state then
                owed := 'tier sold out'; -- the hold had expired and the tier sold out meanwhile
            when sqlstate 'PT429' then
                owed := 'per-account slot limit'; -- the hold had expired and the account took others
        end;
    end if;
    if owed is not null then
        update public.investments i set status = 'refunded', payment_status = 'refund_pending', refunded_at = now()
        where i.id = target.id;
        return format('applied: %s, refund owed', owed);
    end if;
    return 'applied';
end
$$;

CREATE FUNCTION private.contains_word(body text, word text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $_$
    select case
        when body is null or btrim(word) = '' then false
        when btrim(word) ~ '^[[:ascii:]]+$' then
            lower(body) ~ ('(^|[^[:alnum:]_])'
                           || regexp_replace(lower(btrim(word)), '([.^$*+?()\[\]{}|\\-])', '\\\1', 'g')
                           || '($|[^[:alnum:]_])')
        else strpos(lower(body), lower(btrim(word))) > 0
    end
$_$;

CREATE FUNCTION private.content_episode_scope() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    parent public.content_seasons;
begin
    select s.* into parent from public.content_seasons s where s.id = new.season_id;
    if parent.id is null then
        raise exception 'season not found' using errcode = 'P0002';
    end if;
    new.content_id := parent.content_id;
    new.season_number := parent.season_number;
    new.organization_id := parent.organization_id;
    new.project_id := parent.project_id;
    if private.is_client_request() then
        new.view_count := 0;
    end if;
    return new;
end
$$;

CREATE FUNCTION private.content_like_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if private.is_client_request() then
        new.user_id := auth.uid();
        new.created_at := now();
        if not private.can_watch(new.content_id) then
            raise exception 'content not found' using errcode = 'P0002';
        end if;
    end if;
    return new;
end
$$;

CREATE FUNCTION private.content_rating_before_write() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if tg_op = 'INSERT' then
        if private.is_client_request() then
            new.user_id := auth.uid();
        end if;
        if not private.can_watch(new.content_id) and private.is_client_request() then
            raise exception 'content not found' using errcode = 'P0002';
        end if;
    end if;
    return new;
end
$$;

CREATE FUNCTION private.content_season_scope() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    parent public.contents;
begin
    select c.* into parent from public.contents c where c.id = new.content_id;
    if parent.id is null then
        raise exception 'content not found' using errcode = 'P0002';
    end if;
    if parent.type <> 'series' then
        raise exception 'only a series has seasons' using errcode = '22023';
    end if;
    new.organization_id := parent.organization_id;
    new.project_id := parent.project_id;
    if private.is_client_request() then
        new.episode_count := 0;
    end if;
    return new;
end
$$;

CREATE FUNCTION private.content_status_allowed(from_status text, to_status text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select (from_status, to_status) in (
        ('draft', 'processing'), ('draft', 'published'), ('processing', 'draft'), ('processing', 'published'),
        ('published', 'archived'), ('archived', 'published')
    )
$$;

CREATE FUNCTION private.contents_before_write() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if tg_op = 'INSERT' then
        new.organization_id := private.project_organization(new.project_id);
        -- another organization's project answers as one that does not exist: no oracle
        if private.is_client_request() and not private.has_org_role(new.organization_id, 'editor') then
            raise exception 'project not found' using errcode = 'P0002';
        end if;
        if private.is_client_request() then
            new.created_by := auth.uid();
            new.view_count := 0;
            new.like_count := 0;
            new.completion_count := 0;
            new.rating_sum := 0;
            new.rating_count := 0;
            new.season_count := 0;
            new.episode_count := 0;
            new.embedding := null;
            new.embedding_model := null;
        end if;
        new.project_deleted_at := null;
        if new.status not in ('draft', 'processing') then
            raise exception 'content starts as a draft (or processing), not %', new.status using errcode = '55000';
        end if;
        new.published_at := null;
        return new;
    end if;
    if new.status <> old.status then
        if not private.content_status_allowed(old.status, new.status) then
            raise exception 'content cannot move from % to %', old.status, new.status using errcode = '55000';
        end if;
        if new.status = 'published' then
            if new.type = 'series' and new.episode_count = 0 then
                raise exception 'a series needs at least one episode before it is published' using errcode = '55000';
            end if;
            if new.type <> 'series' and new.video_url is null and new.hls_url is null and new.dash_url is null then
                raise exception 'content needs a video_url, hls_url or dash_url before it is published'
                    using errcode = '55000';
            end if;
            new.published_at := coalesce(old.published_at, now());
        end if;
    end if;
    if (new.title, new.genre, new.synopsis, new.description)
        is distinct from (old.title, old.genre, old.synopsis, old.description) then
        new.embedding := null;
        new.embedding_model := null;
    end if;
    return new;
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
    allowance_personal_only boolean DEFAULT false NOT NULL,
    watch_tier text DEFAULT 'subscribers'::text NOT NULL,
    own_key_fee_percent integer DEFAULT 100 NOT NULL,
    CONSTRAINT plans_api_calls_per_day_check CHECK ((api_calls_per_day >= 0)),
    CONSTRAINT plans_api_calls_per_month_check CHECK ((api_calls_per_month >= 0)),
    CONSTRAINT plans_daily_spend_cap_credits_check CHECK ((daily_spend_cap_credits >= 0)),
    CONSTRAINT plans_id_check CHECK ((id ~ '^[a-z_]+$'::text)),
    CONSTRAINT plans_kai_credits_per_month_check CHECK ((kai_credits_per_month >= 0)),
    CONSTRAINT plans_monthly_credits_check CHECK ((monthly_credits >= 0)),
    CONSTRAINT plans_own_key_fee_only_byok CHECK ((is_byok OR (own_key_fee_percent = 100))),
    CONSTRAINT plans_own_key_fee_percent_check CHECK (((own_key_fee_percent >= 0) AND (own_key_fee_percent <= 100))),
    CONSTRAINT plans_price_cents_monthly_check CHECK ((price_cents_monthly >= 0)),
    CONSTRAINT plans_price_cents_yearly_check CHECK ((price_cents_yearly >= 0)),
    CONSTRAINT plans_render_seconds_per_month_check CHECK ((render_seconds_per_month >= 0)),
    CONSTRAINT plans_rollover_cap_check CHECK ((rollover_cap >= 0)),
    CONSTRAINT plans_rollover_percent_check CHECK (((rollover_percent >= 0) AND (rollover_percent <= 100))),
    CONSTRAINT plans_storage_limit_bytes_check CHECK ((storage_limit_bytes >= 0)),
    CONSTRAINT plans_tokens_per_month_check CHECK ((tokens_per_month >= 0)),
    CONSTRAINT plans_videos_per_month_check CHECK ((videos_per_month >= 0)),
    CONSTRAINT plans_watch_tier_check CHECK ((watch_tier = ANY (ARRAY['free'::text, 'subscribers'::text, 'premium'::text])))
);

COMMENT ON TABLE public.plans IS 'The plan catalogue: allowances and limits per period. Readable by everyone.';

COMMENT ON COLUMN public.plans.allowance_personal_only IS 'The monthly allowance is granted to personal organizations only (the free plan: one person, one allowance).';

COMMENT ON COLUMN public.plans.watch_tier IS 'The highest Watch visibility tier this plan opens: free < subscribers < premium.';

COMMENT ON COLUMN public.plans.own_key_fee_percent IS 'On a BYOK plan (is_byok): the share (percent) of the platform credit price a generation run on the organization''s own provider key costs; 0 = nothing.';

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

CREATE FUNCTION private.count_asset_use() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    update public.assets a set usage_count = a.usage_count + 1, last_used_at = now()
    where a.id = new.asset_id and a.organization_id = new.organization_id;
    return null;
end
$$;

CREATE FUNCTION private.count_campaign_update() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if tg_op = 'INSERT' then
        update public.campaigns c set update_count = c.update_count + 1 where c.id = new.campaign_id;
    else
        update public.campaigns c set update_count = c.update_count - 1 where c.id = old.campaign_id;
    end if;
    return null;
end
$$;

CREATE FUNCTION private.count_cart_totals() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update public.carts c
        set subtotal_cents = c.subtotal_cents - old.quantity * old.unit_price_cents,
            item_count = c.item_count - old.quantity, updated_at = now()
        where c.id = old.cart_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        update public.carts c
        set subtotal_cents = c.subtotal_cents + new.quantity * new.unit_price_cents,
            item_count = c.item_count + new.quantity, updated_at = now()
        where c.id = new.cart_id;
    end if;
    return null;
end
$$;

CREATE FUNCTION private.count_comments() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    was boolean := tg_op in ('UPDATE', 'DELETE') and old.status = 'published';
    is_now boolean := tg_op in ('INSERT', 'UPDATE') and new.status = 'published';
    delta integer := case when is_now then 1 else -1 end;
    row_data jsonb := to_jsonb(coalesce(new, old));
    author uuid := coalesce(new.author_id, old.author_id);
    post_table text := case tg_table_name when 'discussion_comments' then 'discussions' else 'fan_contents' end;
    post_id uuid := coalesce(row_data ->> 'discussion_id', row_data ->> 'content_id')::uuid;
    post_author uuid;
    parent_author uuid;
begin
    if was is distinct from is_now then
        execute format('update public.%I p set comment_count = greatest(p.comment_count + $1, 0) where p.id = $2',
                       post_table) using delta, post_id;
        update public.community_members m set comment_count = greatest(m.comment_count + delta, 0)
        where m.community_id = coalesce(new.community_id, old.community_id) and m.user_id = author;
    end if;
    if tg_op = 'INSERT' and is_now then
        perform private.add_progress(author, 'comments_created', 1);
        execute format('select p.author_id from public.%I p where p.id = $1', post_table) into post_author using post_id;
        if new.parent_id is not null then
            execute format('select c.author_id from public.%I c where c.id = $1', tg_table_name)
            into parent_author using new.parent_id;
        end if;
        perform private.notify(
            coalesce(parent_author, post_author), 'comment_reply',
            jsonb_build_object('post_id', post_id, 'comment_id', new.id, 'parent_id', new.parent_id,
                               'excerpt', left(new.content, 140)),
            actor => author,
            reference_type => case tg_table_name when 'discussion_comments' then 'comment' else 'content_comment' end,
            reference_id => new.id,
            title => case when new.parent_id is null then 'New comment on your post' else 'New reply to your comment' end);
    end if;
    return null;
end
$_$;

CREATE FUNCTION private.count_completion() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    -- the content row first, as every counter does: one lock order, no deadlocks
    update public.contents c set completion_count = c.completion_count + 1 where c.id = new.content_id;
    perform private.bump_daily_stats(new.content_id, new.completed_on, 0, 0, 1);
    return null;
end
$$;

CREATE FUNCTION private.count_content_like() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    delta integer := case tg_op when 'INSERT' then 1 else -1 end;
    changed record := case tg_op when 'INSERT' then new else old end;
begin
    update public.contents c set like_count = c.like_count + delta where c.id = changed.content_id;
    perform private.bump_daily_stats(changed.content_id, (now() at time zone 'UTC')::date, 0, delta, 0);
    return null;
end
$$;

CREATE FUNCTION private.count_content_rating() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if tg_op = 'INSERT' then
        update public.contents c set rating_sum = c.rating_sum + new.rating, rating_count = c.rating_count + 1
        where c.id = new.content_id;
    elsif tg_op = 'DELETE' then
        update public.contents c set rating_sum = c.rating_sum - old.rating, rating_count = c.rating_count - 1
        where c.id = old.content_id;
    elsif new.rating <> old.rating then
        update public.contents c set rating_sum = c.rating_sum - old.rating + new.rating where c.id = new.content_id;
    end if;
    return null;
end
$$;

CREATE FUNCTION private.count_content_view() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if new.episode_id is null then
        update public.contents c set view_count = c.view_count + 1 where c.id = new.content_id;
        perform private.bump_daily_stats(new.content_id, new.viewed_on, 1, 0, 0);
    else
        update public.content_episodes e set view_count = e.view_count + 1 where e.id = new.episode_id;
    end if;
    return null;
end
$$;

CREATE FUNCTION private.count_daily() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    case new.subject || ':' || new.counter
        when 'discussion:view' then
            update public.discussions d set view_count = d.view_count + 1 where d.id = new.subject_id;
        when 'fan_content:view' then
            update public.fan_contents f set view_count = f.view_count + 1 where f.id = new.subject_id;
        when 'fan_content:share' then
            update public.fan_contents f set share_count = f.share_count + 1 where f.id = new.subject_id;
        when 'product:view' then
            update public.products p set view_count = p.view_count + 1 where p.id = new.subject_id;
    end case;
    return null;
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

CREATE FUNCTION private.count_generation_usage(org_id uuid, user_id uuid, credits bigint, tokens bigint, render_seconds bigint, kai_credits bigint, videos bigint) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    plan public.plans;
begin
    if least(credits, tokens, render_seconds, kai_credits, videos) < 0 then
        raise exception 'usage amounts cannot be negative' using errcode = '22023';
    end if;
    -- a deleted organization starts nothing and holds nothing, whoever asks
    if not exists (select from public.organizations o where o.id = org_id and o.deleted_at is null) then
        raise exception 'organization % not found', org_id using errcode = 'P0002';
    end if;
    perform private.check_emergency_stop();
    select p.* into plan from public.subscriptions s join public.plans p on p.id = s.plan_id
    where s.organization_id = org_id;
    if user_id is not null then
        perform private.count_api_call(user_id, plan);
    end if;
    perform private.count_quota_usage(org_id, plan, tokens, render_seconds, kai_credits, videos);
    if credits > 0 then
        perform private.count_daily_spend(org_id, plan, credits);
    end if;
end
$$;

CREATE FUNCTION private.count_likes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    author uuid;
begin
    update public.fan_contents c set like_count = greatest(c.like_count + case when tg_op = 'INSERT' then 1 else -1 end, 0)
    where c.id = coalesce(new.content_id, old.content_id)
    returning c.author_id into author;
    if tg_op = 'INSERT' then
        perform private.notify(author, 'like', jsonb_build_object('content_id', new.content_id),
                               actor => new.user_id, reference_type => 'content', reference_id => new.content_id,
                               title => 'Someone liked your fan content', once_per => interval '1 day');
    end if;
    return null;
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

CREATE FUNCTION private.count_members() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    was boolean := tg_op in ('UPDATE', 'DELETE') and old.status in ('active', 'muted');
    now_counted boolean := tg_op in ('INSERT', 'UPDATE') and new.status in ('active', 'muted');
begin
    if was is distinct from now_counted then
        update public.communities c set member_count = c.member_count + case when now_counted then 1 else -1 end
        where c.id = coalesce(new.community_id, old.community_id);
    end if;
    return null;
end
$$;

CREATE FUNCTION private.count_posts() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    was boolean := tg_op in ('UPDATE', 'DELETE') and old.status = 'published';
    is_now boolean := tg_op in ('INSERT', 'UPDATE') and new.status = 'published';
    delta integer := case when is_now then 1 else -1 end;
    target_community uuid := coalesce(new.community_id, old.community_id);
    author uuid := coalesce(new.author_id, old.author_id);
begin
    if was is distinct from is_now then
        update public.communities c set post_count = greatest(c.post_count + delta, 0) where c.id = target_community;
        update public.community_members m set post_count = greatest(m.post_count + delta, 0)
        where m.community_id = target_community and m.user_id = author;
    end if;
    if tg_op = 'INSERT' and is_now then
        perform private.add_progress(author, 'posts_created', 1);
    end if;
    return null;
end
$$;

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

CREATE FUNCTION private.count_rsvps() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    going_delta integer := (case when tg_op <> 'DELETE' and new.status = 'going' then 1 else 0 end)
                           - (case when tg_op <> 'INSERT' and old.status = 'going' then 1 else 0 end);
    interested_delta integer := (case when tg_op <> 'DELETE' and new.status = 'interested' then 1 else 0 end)
                                - (case when tg_op <> 'INSERT' and old.status = 'interested' then 1 else 0 end);
    target uuid := coalesce(new.event_id, old.event_id);
begin
    if going_delta > 0 then
        update public.events e set current_attendees = e.current_attendees + 1
        where e.id = target and (e.max_attendees is null or e.current_attendees < e.max_attendees);
        if not found then
            raise exception 'this event is full' using errcode = 'PT409';
        end if;
    elsif going_delta < 0 then
        update public.events e set current_attendees = greatest(e.current_attendees - 1, 0) where e.id = target;
    end if;
    if interested_delta <> 0 then
        update public.events e set interested_count = greatest(e.interested_count + interested_delta, 0)
        where e.id = target;
    end if;
    return null;
end
$$;

CREATE FUNCTION private.count_seasons_and_episodes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    delta integer := case tg_op when 'INSERT' then 1 else -1 end;
    changed record := case tg_op when 'INSERT' then new else old end;
begin
    if tg_table_name = 'content_seasons' then
        update public.contents c set season_count = c.season_count + delta where c.id = changed.content_id;
    else
        update public.contents c set episode_count = c.episode_count + delta where c.id = changed.content_id;
        update public.content_seasons s set episode_count = s.episode_count + delta where s.id = changed.season_id;
    end if;
    return null;
end
$$;

CREATE FUNCTION private.count_votes() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    up_delta integer := (case when tg_op <> 'DELETE' and new.vote_type = 'up' then 1 else 0 end)
                        - (case when tg_op <> 'INSERT' and old.vote_type = 'up' then 1 else 0 end);
    down_delta integer := (case when tg_op <> 'DELETE' and new.vote_type = 'down' then 1 else 0 end)
                          - (case when tg_op <> 'INSERT' and old.vote_type = 'down' then 1 else 0 end);
begin
    if up_delta = 0 and down_delta = 0 then
        return null;
    end if;
    if coalesce(new.discussion_id, old.discussion_id) is not null then
        update public.discussions d
        set upvotes = d.upvotes + up_delta, downvotes = d.downvotes + down_delta,
            score = d.score + up_delta - down_delta
        where d.id = coalesce(new.discussion_id, old.discussion_id);
    else
        update public.discussion_comments c
        set upvotes = c.upvotes + up_delta, downvotes = c.downvotes + down_delta,
            score = c.score + up_delta - down_delta
        where c.id = coalesce(new.comment_id, old.comment_id);
    end if;
    return null;
end
$$;

CREATE FUNCTION private.counts_as_progress(studio_row jsonb, table_name text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select studio_row is not null and studio_row ->> 'deleted_at' is null
       and case table_name
               when 'assets' then studio_row ->> 'type' = 'video' and studio_row ->> 'status' = 'ready'
                                  and (studio_row ->> 'size_bytes')::bigint > 0
                                  and studio_row -> 'metadata' ? 'checksum_sha256'
               when 'books' then (studio_row ->> 'total_chapters')::integer > 0
           end
$$;

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
    organization_deleted_at timestamp with time zone,
    CONSTRAINT organization_members_modo_tokens_check CHECK ((modo_tokens >= 0)),
    CONSTRAINT organization_members_permissions_check CHECK ((permissions <@ ARRAY['projects.create'::text, 'projects.delete'::text, 'media.generate'::text, 'billing.manage'::text, 'members.invite'::text, 'api_keys.manage'::text, 'webhooks.manage'::text, 'assets.upload'::text, 'publish'::text]))
);

COMMENT ON COLUMN public.organization_members.permissions IS 'Granular grants on top of the role, for actions a role alone does not give.';

COMMENT ON COLUMN public.organization_members.organization_deleted_at IS 'The organization''s deleted_at, mirrored (null: live). A membership of a deleted organization grants nothing.';

CREATE FUNCTION private.create_invitation(caller public.organization_members, invitee_role public.member_role, invitee_kind text, invitee_email text) RETURNS TABLE(invitation_id uuid, token text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    new_token text := private.random_token();
    created_id uuid;
begin
    if (select o.is_personal from public.organizations o where o.id = caller.organization_id) then
        raise exception 'personal organizations have no other members' using errcode = '55000';
    end if;
    if invitee_role = 'owner' then
        raise exception 'invite as admin, then transfer ownership' using errcode = '22023';
    end if;
    if invitee_role > caller.role then
        raise exception 'you cannot invite with a role above your own' using errcode = '42501';
    end if;
    perform pg_advisory_xact_lock(hashtextextended('invitations:' || caller.organization_id, 0));
    if (select count(*) from public.invitations i
        where i.organization_id = caller.organization_id and i.created_at > now() - interval '24 hours') >= 50 then
        raise exception 'invitation limit reached: at most 50 new invitations per organization per 24 hours'
            using errcode = 'PT429', hint = 'try again later';
    end if;
    insert into public.invitations (organization_id, kind, email, role, invited_by)
    values (caller.organization_id, invitee_kind, lower(invitee_email), invitee_role, caller.user_id)
    returning id into created_id;
    insert into private.invitation_tokens (invitation_id, token_hash) values (created_id, private.token_hash(new_token));
    return query select created_id, new_token;
end
$$;

CREATE FUNCTION private.credit_entry_by_key(org_id uuid, key_source text, key text) RETURNS public.credit_transactions
    LANGUAGE sql STABLE
    AS $$
    select t.* from public.credit_transactions t
    where t.organization_id = org_id and t.key_source = credit_entry_by_key.key_source and t.idempotency_key = key
$$;

COMMENT ON FUNCTION private.credit_entry_by_key(org_id uuid, key_source text, key text) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

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
    paid_by text,
    CONSTRAINT credit_holds_amount_check CHECK ((amount > 0)),
    CONSTRAINT credit_holds_check CHECK (((captured_amount >= 0) AND (captured_amount <= amount))),
    CONSTRAINT credit_holds_check1 CHECK ((((from_rollover + from_main) + from_bonus) = amount)),
    CONSTRAINT credit_holds_check2 CHECK (((status = 'captured'::text) = (captured_amount IS NOT NULL))),
    CONSTRAINT credit_holds_check3 CHECK (((status = 'pending'::text) = (settled_at IS NULL))),
    CONSTRAINT credit_holds_from_bonus_check CHECK ((from_bonus >= 0)),
    CONSTRAINT credit_holds_from_main_check CHECK ((from_main >= 0)),
    CONSTRAINT credit_holds_from_rollover_check CHECK ((from_rollover >= 0)),
    CONSTRAINT credit_holds_paid_by_check CHECK ((paid_by = ANY (ARRAY['platform'::text, 'own_key'::text]))),
    CONSTRAINT credit_holds_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'captured'::text, 'released'::text, 'expired'::text])))
);

COMMENT ON COLUMN public.credit_holds.paid_by IS 'For a generation''s hold: whose provider key pays it (platform or own_key); null for other holds.';

CREATE FUNCTION private.credit_hold_by_key(org_id uuid, key text) RETURNS public.credit_holds
    LANGUAGE sql STABLE
    AS $$
    select h.* from public.credit_holds h where h.organization_id = org_id and h.idempotency_key = key
$$;

COMMENT ON FUNCTION private.credit_hold_by_key(org_id uuid, key text) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

CREATE FUNCTION private.credits_for_key(org uuid, platform_credits bigint, paid_by text) RETURNS bigint
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    select case when paid_by = 'own_key' and p.is_byok
                then ceil(platform_credits * p.own_key_fee_percent / 100.0)::bigint
                else platform_credits end
    from (select 1) one
    left join public.subscriptions s on s.organization_id = org
    left join public.plans p on p.id = s.plan_id
$$;

CREATE FUNCTION private.cron_field(field text, field_name text, lo integer, hi integer) RETURNS integer[]
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $_$
declare
    part text;
    range_text text;
    step integer;
    first_value integer;
    last_value integer;
    allowed integer [] := '{}';
    names text [] := case field_name
        when 'month' then array['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
        when 'day of week' then array['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] end;
    offset_by integer := case field_name when 'month' then 1 else 0 end;
    i integer;
begin
    field := lower(field);
    if names is not null then
        for i in 1..array_length(names, 1) loop
            field := replace(field, names[i], (i - 1 + offset_by)::text);
        end loop;
    end if;
    foreach part in array string_to_array(field, ',') loop
        if part !~ '^(\*|\d+(-\d+)?)(/\d+)?$' then
            raise exception 'invalid cron % field "%"', field_name, field using errcode = '22023';
        end if;
        range_text := split_part(part, '/', 1);
        step := coalesce(nullif(split_part(part, '/', 2), '')::integer, 1);
        if range_text = '*' then
            first_value := lo;
            last_value := hi;
        else
            first_value := split_part(range_text, '-', 1)::integer;
            last_value := case when range_text like '%-%' then split_part(range_text, '-', 2)::integer
                               when part like '%/%' then hi else first_value end;
        end if;
        if field_name = 'day of week' and last_value = 7 then  -- 7 is Sunday too
            if first_value = 7 then first_value := 0; end if;
            last_value := case when first_value = 0 then 0 else 6 end;
            allowed := allowed || 0;
        end if;
        if step < 1 or first_value < lo or last_value > hi or first_value > last_value then
            raise exception 'invalid cron % field "%": values lie in %-%', field_name, field, lo, hi
                using errcode = '22023';
        end if;
        allowed := allowed || array(select generate_series(first_value, last_value, step));
    end loop;
    return array(select distinct v from unnest(allowed) v order by v);
end
$_$;

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

CREATE FUNCTION private.deleted_org_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select o.id from public.organizations o where o.deleted_at is not null
$$;

CREATE FUNCTION private.discount_code_defaults() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if private.is_client_request() then
        new.created_by := auth.uid();
        new.usage_count := 0;
    end if;
    return new;
end
$$;

CREATE TABLE public.discount_codes (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    created_by uuid,
    code text NOT NULL,
    description text,
    type text NOT NULL,
    percent_off numeric(5,2),
    amount_off_cents bigint,
    minimum_order_cents bigint,
    maximum_discount_cents bigint,
    usage_limit integer,
    usage_count integer DEFAULT 0 NOT NULL,
    per_user_limit integer DEFAULT 1,
    starts_at timestamp with time zone,
    expires_at timestamp with time zone,
    is_active boolean DEFAULT true NOT NULL,
    product_ids uuid[],
    categories text[],
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT discount_codes_amount_off_cents_check CHECK ((amount_off_cents > 0)),
    CONSTRAINT discount_codes_categories_size CHECK (((cardinality(categories) <= 100) AND (pg_column_size(categories) <= 65536))),
    CONSTRAINT discount_codes_check CHECK (((type = 'percentage'::text) = (percent_off IS NOT NULL))),
    CONSTRAINT discount_codes_check1 CHECK (((type = 'fixed_amount'::text) = (amount_off_cents IS NOT NULL))),
    CONSTRAINT discount_codes_check2 CHECK (((expires_at IS NULL) OR (starts_at IS NULL) OR (expires_at > starts_at))),
    CONSTRAINT discount_codes_check3 CHECK (((usage_limit IS NULL) OR (usage_count <= usage_limit))),
    CONSTRAINT discount_codes_code_check CHECK ((code ~ '^[A-Za-z0-9_-]{3,50}$'::text)),
    CONSTRAINT discount_codes_description_size CHECK ((char_length(description) <= 40000)),
    CONSTRAINT discount_codes_maximum_discount_cents_check CHECK ((maximum_discount_cents >= 0)),
    CONSTRAINT discount_codes_minimum_order_cents_check CHECK ((minimum_order_cents >= 0)),
    CONSTRAINT discount_codes_per_user_limit_check CHECK ((per_user_limit > 0)),
    CONSTRAINT discount_codes_percent_off_check CHECK (((percent_off > (0)::numeric) AND (percent_off <= (100)::numeric))),
    CONSTRAINT discount_codes_product_ids_size CHECK (((cardinality(product_ids) <= 100) AND (pg_column_size(product_ids) <= 65536))),
    CONSTRAINT discount_codes_type_check CHECK ((type = ANY (ARRAY['percentage'::text, 'fixed_amount'::text, 'free_shipping'::text]))),
    CONSTRAINT discount_codes_usage_count_check CHECK ((usage_count >= 0)),
    CONSTRAINT discount_codes_usage_limit_check CHECK ((usage_limit > 0))
);

CREATE FUNCTION private.discount_for(code public.discount_codes, buyer uuid, subtotal bigint, eligible bigint, shipping bigint) RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
    discount bigint;
    used_by_buyer integer;
begin
    if code.starts_at is not null and code.starts_at > now() then
        raise exception 'discount code % is not valid yet', code.code using errcode = '22023';
    end if;
    if code.expires_at is not null and code.expires_at <= now() then
        raise exception 'discount code % has expired', code.code using errcode = '22023';
    end if;
    if code.usage_limit is not null and code.usage_count >= code.usage_limit then
        raise exception 'discount code % has reached its usage limit', code.code using errcode = 'PT429';
    end if;
    select count(*) into used_by_buyer from public.orders o
    where o.discount_code_id = code.id and o.user_id = buyer and o.status <> 'cancelled';
    if code.per_user_limit is not null and used_by_buyer >= code.per_user_limit then
        raise exception 'you have already used discount code % (limit % per customer)', code.code, code.per_user_limit
            using errcode = 'PT429';
    end if;
    if eligible = 0 then
        raise exception 'discount code % does not apply to any item in your cart', code.code using errcode = '22023';
    end if;
    if code.minimum_order_cents is not null and subtotal < code.minimum_order_cents then
        raise exception 'discount code % needs an order of at least % cents', code.code, code.minimum_order_cents
            using errcode = '22023';
    end if;
    discount := case code.type
        when 'percentage' then round(eligible * code.percent_off / 100)::bigint
        when 'fixed_amount' then least(code.amount_off_cents, eligible)
        else shipping
    end;
    return least(discount, coalesce(code.maximum_discount_cents, discount));
end
$$;

CREATE FUNCTION private.due_duties() RETURNS SETOF private.duties
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select d.* from private.duties d where d.enabled and d.next_due_at <= private.now() order by d.next_due_at, d.name
$$;

CREATE FUNCTION private.duty_next_due(duty private.duties, after timestamp with time zone) RETURNS timestamp with time zone
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    select case when duty.every is not null then after + duty.every
                else public.cron_next(duty.cron, duty.timezone, after) end
$$;

CREATE FUNCTION private.editable_project_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select private.project_ids_allowing('edit')
$$;

CREATE TABLE public.workflows (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid NOT NULL,
    name text NOT NULL,
    description text,
    status text DEFAULT 'draft'::text NOT NULL,
    graph jsonb NOT NULL,
    variables jsonb DEFAULT '{}'::jsonb NOT NULL,
    current_version integer,
    run_count bigint DEFAULT 0 NOT NULL,
    last_run_at timestamp with time zone,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT workflows_current_version_check CHECK ((current_version > 0)),
    CONSTRAINT workflows_description_check CHECK ((length(description) <= 4000)),
    CONSTRAINT workflows_graph_check CHECK ((jsonb_typeof(graph) = 'object'::text)),
    CONSTRAINT workflows_graph_size CHECK ((pg_column_size(graph) <= 1048576)),
    CONSTRAINT workflows_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT workflows_run_count_check CHECK ((run_count >= 0)),
    CONSTRAINT workflows_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'confirmed'::text, 'preview'::text, 'production'::text, 'archived'::text]))),
    CONSTRAINT workflows_variables_check CHECK ((jsonb_typeof(variables) = 'object'::text)),
    CONSTRAINT workflows_variables_size CHECK ((pg_column_size(variables) <= 65536))
);

CREATE FUNCTION private.editable_workflow(target uuid) RETURNS public.workflows
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    found public.workflows;
begin
    select w.* into found from public.workflows w
    where w.id = target and w.deleted_at is null
      and (auth.uid() is null or w.project_id = any(array(select private.editable_project_ids())))
    for update;
    if found.id is null then
        raise exception 'workflow not found' using errcode = 'P0002';
    end if;
    return found;
end
$$;

CREATE FUNCTION private.egress_allows_local() RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    select coalesce((select (s.value #>> '{}')::boolean from public.system_settings s
                     where s.key = 'egress.allow_local'), false)
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

CREATE FUNCTION private.end_collaborations() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    delete from public.project_collaborators c
    using public.projects p
    where p.id = c.project_id and p.organization_id = old.organization_id and c.user_id = old.user_id;
    return old;
end
$$;

CREATE FUNCTION private.enqueue_generations() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    woken text;
begin
    insert into private.job_queue (generation_id, kind, priority, max_attempts, organization_id)
    select n.id, n.kind, n.priority, n.max_attempts, n.organization_id from new_rows n where n.status = 'queued';
    for woken in select distinct n.kind from new_rows n loop
        perform pg_notify('creatorverse_jobs', woken);
    end loop;
    return null;
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

CREATE FUNCTION private.estimate_generation(gen_kind text, gen_provider text, gen_model text, gen_units numeric, OUT credits bigint, OUT cost_usd numeric) RETURNS record
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    select ceil(p.credits_per_unit * gen_units)::bigint, round(p.usd_per_unit * gen_units, 6)
    from public.generation_prices p
    where p.kind = gen_kind
      and p.provider in ('', coalesce(gen_provider, ''))
      and p.model in ('', coalesce(gen_model, ''))
    order by p.model desc, p.provider desc
    limit 1
$$;

CREATE FUNCTION private.event_defaults() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if private.is_client_request() then
        if tg_op = 'INSERT' then
            new.created_by := auth.uid();
            new.current_attendees := 0;
            new.interested_count := 0;
        elsif (new.community_id, new.created_by, new.current_attendees, new.interested_count)
              is distinct from (old.community_id, old.created_by, old.current_attendees, old.interested_count) then
            raise exception 'an event''s community, creator and counts are not set by clients' using errcode = '42501';
        end if;
    end if;
    return new;
end
$$;

CREATE FUNCTION private.expire_investment_holds(p_batch integer) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    with expired as (
        update public.investments i set status = 'cancelled', cancelled_at = private.now()
        where i.id in (select p.id from public.investments p
                       where p.status = 'pending' and p.expires_at < private.now()
                         and p.payment_status in ('pending', 'failed')
                       order by p.expires_at limit p_batch for update skip locked)
          and i.status = 'pending'
        returning 1
    )
    select count(*)::integer from expired
$$;

CREATE FUNCTION private.expire_invitations(p_batch integer) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    with expired as (
        update public.invitations i set status = 'expired'
        where i.id in (select p.id from public.invitations p
                       where p.status = 'pending' and p.expires_at <= private.now()
                       order by p.expires_at limit p_batch for update skip locked)
          and i.status = 'pending'
        returning 1
    )
    select count(*)::integer from expired
$$;

CREATE FUNCTION private.expire_license_agreements(p_batch integer) RETURNS integer
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    with expired as (
        update public.license_agreements a set status = 'expired'
        where a.id in (select e.id from public.license_agreements e
                       where e.status = 'active' and e.end_date < (private.now() at time zone 'UTC')::date
                       order by e.end_date limit p_batch for update skip locked)
          and a.status = 'active'
        returning 1
    )
    select count(*)::integer from expired
$$;

CREATE FUNCTION private.expire_unpaid_orders(p_batch integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    expired integer;
begin
    if p_batch is null or p_batch < 1 or p_batch > 10000 then
        raise exception 'p_batch must be between 1 and 10000' using errcode = '22023';
    end if;
    with due as (
        select o.id from public.orders o
        where o.status = 'pending' and o.payment_status = 'pending' and o.hold_expires_at <= private.now()
        order by o.hold_expires_at
        limit p_batch
        for update skip locked
    )
    update public.orders o set status = 'cancelled', cancellation_reason = 'hold_expired'
    from due where o.id = due.id;
    get diagnostics expired = row_count;
    return expired;
end
$$;

CREATE FUNCTION private.fail_investment_payment(payment_intent jsonb) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    update public.investments i set payment_status = 'failed', status = 'cancelled', cancelled_at = now()
    where i.id = private.stripe_investment_id(payment_intent) and i.status = 'pending';
    return case when found then 'applied' else 'ignored: no pending investment' end;
end
$$;

CREATE FUNCTION private.fill_placeholders(node jsonb, run_values jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
    params jsonb := coalesce(node -> 'params', '{}');
    filled text := params::text;
    placeholder record;
begin
    for placeholder in select * from private.json_placeholders(params) loop
        if jsonb_typeof(run_values -> placeholder.name) is distinct from 'string' then
            raise exception '%: %: placeholder {{%}} is not filled', private.node_label(node), placeholder.path,
                placeholder.name using errcode = '22023';
        end if;
        -- the value as JSON string content (quotes and backslashes escaped)
        filled := replace(filled, '{{' || placeholder.name || '}}',
                          substr((run_values -> placeholder.name)::text, 2,
                                 length((run_values -> placeholder.name)::text) - 2));
    end loop;
    return filled::jsonb;
end
$$;

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
    CONSTRAINT scenes_audio_description_size CHECK ((char_length(audio_description) <= 40000)),
    CONSTRAINT scenes_audio_requirements_size CHECK ((pg_column_size(audio_requirements) <= 65536)),
    CONSTRAINT scenes_characters_size CHECK ((pg_column_size(characters) <= 65536)),
    CONSTRAINT scenes_check CHECK (((script_id IS NULL) <> (story_id IS NULL))),
    CONSTRAINT scenes_description_size CHECK ((char_length(description) <= 40000)),
    CONSTRAINT scenes_duration_seconds_check CHECK ((duration_seconds >= (0)::numeric)),
    CONSTRAINT scenes_image_prompt_size CHECK ((char_length(image_prompt) <= 40000)),
    CONSTRAINT scenes_key_actions_size CHECK ((pg_column_size(key_actions) <= 65536)),
    CONSTRAINT scenes_location_size CHECK ((char_length(location) <= 40000)),
    CONSTRAINT scenes_negative_prompt_size CHECK ((char_length(negative_prompt) <= 40000)),
    CONSTRAINT scenes_scene_number_check CHECK ((scene_number > 0)),
    CONSTRAINT scenes_style_keywords_size CHECK (((cardinality(style_keywords) <= 100) AND (pg_column_size(style_keywords) <= 65536))),
    CONSTRAINT scenes_technical_specs_size CHECK ((pg_column_size(technical_specs) <= 65536)),
    CONSTRAINT scenes_time_of_day_check CHECK ((time_of_day = ANY (ARRAY['dawn'::text, 'morning'::text, 'day'::text, 'afternoon'::text, 'evening'::text, 'night'::text, 'continuous'::text]))),
    CONSTRAINT scenes_title_size CHECK ((char_length(title) <= 500)),
    CONSTRAINT scenes_transition_duration_check CHECK ((transition_duration >= (0)::numeric)),
    CONSTRAINT scenes_transition_type_check CHECK ((transition_type = ANY (ARRAY['cut'::text, 'fade'::text, 'dissolve'::text, 'wipe'::text, 'match_cut'::text, 'none'::text]))),
    CONSTRAINT scenes_visual_description_size CHECK ((char_length(visual_description) <= 40000))
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
    CONSTRAINT scripts_character_details_size CHECK ((pg_column_size(character_details) <= 65536)),
    CONSTRAINT scripts_scene_count_check CHECK ((scene_count >= 0)),
    CONSTRAINT scripts_script_size CHECK ((char_length(script) <= 200000)),
    CONSTRAINT scripts_script_style_check CHECK ((script_style = ANY (ARRAY['cinematic'::text, 'narration'::text, 'dialogue'::text, 'documentary'::text, 'animation'::text, 'learning'::text]))),
    CONSTRAINT scripts_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'generating'::text, 'ready'::text, 'approved'::text, 'failed'::text]))),
    CONSTRAINT scripts_story_type_size CHECK ((char_length(story_type) <= 200)),
    CONSTRAINT scripts_version_check CHECK ((version > 0))
);

CREATE FUNCTION private.film_texts(film_script public.scripts, film_scenes public.scenes[]) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select jsonb_build_array(jsonb_build_array('the script', coalesce(film_script.script, '')))
           || coalesce((select jsonb_agg(jsonb_build_array(
                                    format('scene %s', s.scene_number),
                                    concat_ws(E'\n', s.title, s.description, s.visual_description,
                                              s.audio_description, s.image_prompt, s.location,
                                              private.scene_speech(s)))
                                order by s.scene_number)
                        from unnest(film_scenes) s), '[]')
$$;

CREATE FUNCTION private.finish_duty(duty_name text, started timestamp with time zone, affected integer, failure text) RETURNS private.duties
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    update private.duties d
    set runs = d.runs + 1,
        last_started_at = started,
        last_finished_at = clock_timestamp(),
        last_duration_ms = (extract(epoch from clock_timestamp() - started) * 1000)::integer,
        last_rows = affected,
        last_error = left(failure, 2000),
        last_succeeded_at = case when failure is null then clock_timestamp() else d.last_succeeded_at end,
        consecutive_failures = case when failure is null then 0 else d.consecutive_failures + 1 end,
        next_due_at = case when failure is not null or (d.drains and affected >= d.batch_size) then d.next_due_at
                           else private.duty_next_due(d, private.now()) end
    where d.name = duty_name
    returning d.*
$$;

CREATE FUNCTION private.finish_generation(target_id uuid, final_status text, outcome jsonb, error_text text, error_kind text) RETURNS public.generations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    done public.generations;
    hold public.credit_holds;
    charged bigint := 0;
    resource text;
begin
    select g.* into done from public.generations g where g.id = target_id for update;
    if done.hold_id is not null then
        hold := private.lock_hold(done.hold_id);
        if final_status = 'succeeded' and hold.status = 'pending' then
            charged := least(greatest(coalesce((outcome ->> 'actual_credits')::bigint, done.estimated_credits), 0),
                             hold.amount);
            perform private.settle_hold(hold, charged, 'captured');
        elsif hold.status = 'pending' then
            perform private.settle_hold(hold, 0, 'released');
        end if;
    end if;
    outcome := coalesce(outcome, '{}');
    update public.generations g
    set status = final_status,
        progress = case when final_status = 'succeeded' then 100 else g.progress end,
        completed_at = case when final_status = 'succeeded' then now() end,
        failed_at = case when final_status = 'failed' then now() end,
        cancelled_at = case when final_status = 'cancelled' then now() end,
        updated_at = now(),
        actual_credits = case when final_status = 'succeeded' then charged else 0 end,
        actual_cost_usd = case when final_status = 'succeeded'
                               then coalesce((outcome ->> 'actual_cost_usd')::numeric, g.estimated_cost_usd) end,
        output_url = coalesce(outcome ->> 'output_url', g.output_url),
        thumbnail_url = coalesce(outcome ->> 'thumbnail_url', g.thumbnail_url),
        subtitles_url = coalesce(outcome ->> 'subtitles_url', g.subtitles_url),
        output_asset_id = coalesce((outcome ->> 'output_asset_id')::uuid, g.output_asset_id),
        external_job_id = coalesce(outcome ->> 'external_job_id', g.external_job_id),
        provider = coalesce(outcome ->> 'provider', g.provider),
        model = coalesce(outcome ->> 'model', g.model),
        duration_ms = coalesce((outcome ->> 'duration_ms')::bigint, g.duration_ms),
        size_bytes = coalesce((outcome ->> 'size_bytes')::bigint, g.size_bytes),
        cost_tokens = coalesce((outcome ->> 'cost_tokens')::bigint, g.cost_tokens),
        cost_render_seconds = coalesce((outcome ->> 'cost_render_seconds')::bigint, g.cost_render_seconds),
        cost_kai_credits = coalesce((outcome ->> 'cost_kai_credits')::bigint, g.cost_kai_credits),
        result = case when outcome ? 'result' then outcome -> 'result' else g.result end,
        error_message = coalesce(error_text, case when final_status = 'succeeded' then null else g.error_message end),
        error_code = coalesce(error_kind, case when final_status = 'succeeded' then null else g.error_code end),
        estimated_completion_at = null
    where g.id = target_id
    returning * into done;
    resource := (select k.resource_type from public.generation_kinds k where k.kind = done.kind);
    if resource is not null and final_status <> 'cancelled' then
        insert into public.usage_events (
            event_id, occurred_at, organization_id, user_id, project_id, job_id, resource_type, provider, model,
            input_tokens, units, credits, cost_usd, duration_ms, status, error_message, metadata
        )
        values (
            done.id, now(), done.organization_id, done.user_id, done.project_id, done.id, resource, done.provider,
            done.model, done.cost_tokens, case resource when 'render_seconds' then done.cost_render_seconds
                                                        when 'kai_credits' then done.cost_kai_credits
                                                        else done.units end,
            done.actual_credits, coalesce(done.actual_cost_usd, 0),
            extract(epoch from (now() - done.started_at)) * 1000,
            case final_status when 'succeeded' then 'success' else 'error' end, done.error_message,
            jsonb_build_object('generation_kind', done.kind, 'attempts', done.attempts, 'paid_by', done.paid_by)
        )
        on conflict do nothing;
    end if;
    return done;
end
$$;

CREATE FUNCTION private.follow_plan_storage_limit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    update public.organizations o set storage_limit_bytes = new.storage_limit_bytes
    from public.subscriptions s
    where s.plan_id = new.id and o.id = s.organization_id
      and o.storage_limit_bytes is distinct from new.storage_limit_bytes;
    return null;
end
$$;

CREATE FUNCTION private.follow_stock() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    changed jsonb := to_jsonb(case when tg_op = 'DELETE' then old else new end);
begin
    perform private.refresh_stock_status(
        (case when tg_table_name = 'products' then changed ->> 'id' else changed ->> 'product_id' end)::uuid);
    return null;
end
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

CREATE FUNCTION private.generation_event(kind text, status text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select case
        when kind = 'render' and status = 'succeeded' then 'render.succeeded'
        when kind = 'render' and status = 'failed' then 'render.failed'
        when status = 'succeeded' then 'generation.completed'
        when status = 'failed' then 'generation.failed'
        when status = 'cancelled' then 'generation.cancelled'
    end
$$;

CREATE FUNCTION private.generation_outbox() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if not exists (select from new_rows n where n.status in ('succeeded', 'failed', 'cancelled')) then
        return null;  -- claims, progress: nothing to announce
    end if;
    insert into private.webhook_outbox (webhook_id, organization_id, event, payload)
    select w.id, n.organization_id, n.event_name,
           jsonb_build_object(
               'type', n.event_name, 'created_at', now(),
               'data', jsonb_build_object(
                   'id', n.id, 'kind', n.kind, 'status', n.status, 'organization_id', n.organization_id,
                   'project_id', n.project_id, 'output_url', n.output_url, 'thumbnail_url', n.thumbnail_url,
                   'subtitles_url', n.subtitles_url, 'error_message', n.error_message,
                   'actual_credits', n.actual_credits, 'attempts', n.attempts))
    from (
        -- only organizations with an active endpoint get this far
        select n.*, private.generation_event(n.kind, n.status) as event_name
        from new_rows n
        join old_rows o on o.id = n.id
        where n.status in ('succeeded', 'failed', 'cancelled') and o.status is distinct from n.status
          and n.organization_id in (select a.organization_id from public.webhooks a where a.is_active)
    ) n
    join public.webhooks w on w.organization_id = n.organization_id
    where w.is_active and (w.events = '{}' or n.event_name = any(w.events));
    return null;
end
$$;

CREATE TABLE public.badges (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    community_id uuid,
    name text NOT NULL,
    description text,
    category text,
    icon_url text,
    criteria_type text DEFAULT 'manual'::text NOT NULL,
    criteria_value integer,
    criteria jsonb DEFAULT '{}'::jsonb NOT NULL,
    xp_reward integer DEFAULT 0 NOT NULL,
    rarity text,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT badges_category_check CHECK ((length(category) <= 50)),
    CONSTRAINT badges_check CHECK (((criteria_type = 'manual'::text) = (criteria_value IS NULL))),
    CONSTRAINT badges_check1 CHECK (((community_id IS NULL) OR (criteria_type = ANY (ARRAY['manual'::text, 'post_count'::text, 'comment_count'::text, 'tenure_days'::text])))),
    CONSTRAINT badges_check2 CHECK (((community_id IS NOT NULL) OR (criteria_type <> 'tenure_days'::text))),
    CONSTRAINT badges_criteria_check CHECK ((jsonb_typeof(criteria) = 'object'::text)),
    CONSTRAINT badges_criteria_size CHECK ((pg_column_size(criteria) <= 65536)),
    CONSTRAINT badges_criteria_type_check CHECK ((criteria_type = ANY (ARRAY['manual'::text, 'post_count'::text, 'comment_count'::text, 'tenure_days'::text, 'videos_created'::text, 'books_uploaded'::text, 'quizzes_completed'::text]))),
    CONSTRAINT badges_criteria_value_check CHECK ((criteria_value > 0)),
    CONSTRAINT badges_description_check CHECK ((length(description) <= 2000)),
    CONSTRAINT badges_icon_url_size CHECK ((char_length(icon_url) <= 2048)),
    CONSTRAINT badges_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT badges_rarity_check CHECK ((rarity = ANY (ARRAY['common'::text, 'uncommon'::text, 'rare'::text, 'epic'::text, 'legendary'::text]))),
    CONSTRAINT badges_xp_reward_check CHECK ((xp_reward >= 0)),
    CONSTRAINT badges_xp_reward_max CHECK ((xp_reward <=
CASE
    WHEN (community_id IS NULL) THEN 10000
    ELSE 100
END))
);

CREATE FUNCTION private.grant_badge(who uuid, badge public.badges, awarded_by uuid, context jsonb) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    new_id uuid;
begin
    insert into public.user_badges (user_id, badge_id, community_id, awarded_by, earning_context)
    values (who, badge.id, badge.community_id, awarded_by,
            jsonb_build_object('criteria_type', badge.criteria_type, 'criteria_value', badge.criteria_value)
            || coalesce(context, '{}'))
    on conflict (user_id, badge_id) do nothing
    returning id into new_id;
    if new_id is null then
        return false;
    end if;
    perform private.add_progress(who, 'total_xp', badge.xp_reward);
    perform private.notify(who, 'badge',
        jsonb_build_object('badge_id', badge.id, 'name', badge.name, 'xp_reward', badge.xp_reward,
                           'community_id', badge.community_id),
        actor => awarded_by, reference_type => 'badge', reference_id => badge.id,
        title => format('You earned the %s badge', badge.name));
    return true;
end
$$;

CREATE FUNCTION private.grant_credits(org_id uuid, amount bigint, entry_type text, idempotency_key text, key_source text, user_id uuid DEFAULT NULL::uuid, reference_type text DEFAULT NULL::text, reference_id text DEFAULT NULL::text, description text DEFAULT NULL::text) RETURNS public.credit_transactions
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    change record;
begin
    if entry_type not in ('grant', 'subscription', 'adjustment', 'purchase', 'bonus', 'refund') then
        raise exception 'cannot grant credits as "%"', entry_type using errcode = '22023';
    end if;
    change := private.begin_credit_change(org_id, key_source, idempotency_key, amount);
    if (change.earlier).id is not null then
        return change.earlier;
    end if;
    return private.post_credit_entry(
        org_id, entry_type,
        case when entry_type in ('grant', 'subscription', 'adjustment') then amount else 0 end, 0,
        case when entry_type in ('purchase', 'bonus', 'refund') then amount else 0 end, 0,
        idempotency_key, user_id, null, reference_type, reference_id, description, key_source => key_source);
end
$$;

CREATE FUNCTION private.guard_project_visibility() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if private.is_client_request() and new.visibility is distinct from old.visibility
       and not new.id = any(array(select private.manageable_project_ids())) then
        raise exception 'only the project''s managers change its visibility' using errcode = '42501';
    end if;
    return new;
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
        where m.organization_id = org_id
          and m.user_id = (select private.acting_user_id())
          and m.role >= min_role
          and m.organization_deleted_at is null
    )
$$;

CREATE FUNCTION private.has_platform_role(role_name text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select exists (
        select 1 from public.user_roles r where r.user_id = (select private.acting_user_id()) and r.role_name = has_platform_role.role_name
    )
$$;

CREATE TABLE private.job_queue (
    id bigint NOT NULL,
    generation_id uuid NOT NULL,
    kind text NOT NULL,
    priority smallint DEFAULT 0 NOT NULL,
    state text DEFAULT 'ready'::text NOT NULL,
    run_after timestamp with time zone DEFAULT now() NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    max_attempts integer NOT NULL,
    lease_token bigint DEFAULT 0 NOT NULL,
    lease_expires_at timestamp with time zone,
    worker_id text,
    enqueued_at timestamp with time zone DEFAULT now() NOT NULL,
    organization_id uuid NOT NULL,
    lease_losses integer DEFAULT 0 NOT NULL,
    CONSTRAINT job_queue_lease_losses_check CHECK ((lease_losses >= 0)),
    CONSTRAINT job_queue_state_check CHECK ((state = ANY (ARRAY['ready'::text, 'running'::text, 'waiting'::text])))
)
WITH (fillfactor='70', autovacuum_vacuum_scale_factor='0.0', autovacuum_vacuum_threshold='1000', autovacuum_vacuum_insert_scale_factor='0.0', autovacuum_vacuum_insert_threshold='1000', autovacuum_analyze_scale_factor='0.0', autovacuum_analyze_threshold='1000', autovacuum_vacuum_cost_delay='0');

CREATE FUNCTION private.held_job(job_id bigint, token bigint) RETURNS private.job_queue
    LANGUAGE sql
    SET search_path TO ''
    AS $$
    select q.* from private.job_queue q
    where q.id = job_id and q.lease_token = token and q.state = 'running' and q.lease_expires_at > now()
    for update
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
    LANGUAGE plpgsql
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
    old_data jsonb;
    scope constant text[] := array['organization_id', 'project_id', 'book_id'];
    moved boolean := false;
begin
    if tg_op = 'UPDATE' then
        old_data := to_jsonb(old);
        foreach pair in array tg_argv loop
            fk := split_part(pair, ':', 2);
            continue when row_data -> fk is not distinct from old_data -> fk;
            if private.is_client_request() then
                raise exception '%.% is the row''s parent: it cannot be changed', tg_table_name, fk
                    using errcode = '42501', hint = 'create the row under the new parent instead';
            end if;
            moved := true;
        end loop;
        if not moved then
            if exists (select 1 from unnest(scope) c where row_data -> c is distinct from old_data -> c) then
                raise exception 'the scope of % rows (organization_id, project_id) follows their parent', tg_table_name
                    using errcode = '42501';
            end if;
            return new;
        end if;
    end if;
    foreach pair in array tg_argv loop
        parent_table := split_part(pair, ':', 1);
        fk := split_part(pair, ':', 2);
        fk_value := (row_data ->> fk)::uuid;
        continue when fk_value is null;
        execute format('select to_jsonb(p) from public.%I p where p.id = $1', parent_table) into parent using fk_value;
        if parent is null and private.is_client_request() then
            raise exception 'new row violates row-level security policy for table "%"', tg_table_name
                using errcode = '42501';
        elsif parent is null then
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

CREATE FUNCTION private.investment_accounting() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    held_before boolean := tg_op = 'UPDATE' and old.status in ('pending', 'confirmed');
    held_now boolean := new.status in ('pending', 'confirmed');
    confirmed_before boolean := tg_op = 'UPDATE' and old.status = 'confirmed';
    confirmed_now boolean := new.status = 'confirmed';
    tier public.investment_tiers;
    item jsonb;
begin
    if tg_op = 'UPDATE' and new.status <> old.status
       and not private.investment_status_allowed(old.status, new.status) then
        raise exception 'investment cannot move from % to %', old.status, new.status using errcode = '55000';
    end if;
    if new.tier_id is not null and held_now <> held_before then
        if held_now then
            update public.investment_tiers t set sold_quantity = t.sold_quantity + 1
            where t.id = new.tier_id and (t.limit_quantity is null or t.sold_quantity < t.limit_quantity)
            returning t.* into tier;
            if tier.id is null then
                raise exception 'tier "%" is sold out',
                    (select t.name from public.investment_tiers t where t.id = new.tier_id)
                    using errcode = '55000';
            end if;
            perform private.limit_tier_slots_per_account(tier, new);
        else
            update public.investment_tiers t set sold_quantity = t.sold_quantity - 1 where t.id = new.tier_id;
        end if;
    end if;
    if confirmed_now <> confirmed_before then
        update public.campaigns c
        set raised_amount_cents = c.raised_amount_cents + case when confirmed_now then new.amount_cents
                                                                else -new.amount_cents end
        where c.id = new.campaign_id;
        -- the campaign row is locked now: other confirmations of this campaign wait for us
        if not exists (select 1 from public.investments i
                       where i.campaign_id = new.campaign_id and i.user_id = new.user_id
                         and i.status = 'confirmed' and i.id <> new.id) then
            update public.campaigns c
            set backer_count = c.backer_count + case when confirmed_now then 1 else -1 end
            where c.id = new.campaign_id;
        end if;
        update public.campaigns c set goal_reached_at = now()
        where c.id = new.campaign_id and c.goal_reached_at is null and c.raised_amount_cents >= c.goal_amount_cents;
        if confirmed_now then
            select t.* into tier from public.investment_tiers t where t.id = new.tier_id;
            for item in select value from jsonb_array_elements(coalesce(tier.reward_items, '[]')) loop
                insert into public.investor_rewards (
                    investment_id, campaign_id, organization_id, user_id, tier_id, reward_type, name, description
                )
                values (new.id, new.campaign_id, new.organization_id, new.user_id, new.tier_id,
                        coalesce(item ->> 'type', 'digital'), item ->> 'name', item ->> 'description');
            end loop;
        else
            update public.investor_rewards r set status = 'cancelled'
            where r.investment_id = new.id and r.status in ('pending', 'processing');
        end if;
    end if;
    return null;
end
$$;

CREATE FUNCTION private.investment_status_allowed(from_status text, to_status text) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select (from_status, to_status) in (
        ('pending', 'confirmed'), ('pending', 'cancelled'), ('confirmed', 'refunded'), ('cancelled', 'confirmed'),
        ('pending', 'refunded'), ('cancelled', 'refunded')
    )
$$;

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

CREATE FUNCTION private.job_lease(job_kind text, requested_seconds integer) RETURNS interval
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    select make_interval(secs => least(greatest(coalesce(requested_seconds, k.lease_seconds), 1), k.lease_seconds))
    from public.generation_kinds k where k.kind = job_kind
$$;

CREATE FUNCTION private.job_tries(job private.job_queue, failed_attempts integer) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    select format('%s of %s attempts failed, lease lost %s of %s times', failed_attempts, job.max_attempts,
                  job.lease_losses, k.max_lease_losses)
    from public.generation_kinds k where k.kind = job.kind
$$;

CREATE FUNCTION private.json_integer_between(value jsonb, lo numeric, hi numeric) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select jsonb_typeof(value) = 'number' and (value #>> '{}')::numeric % 1 = 0
           and (value #>> '{}')::numeric between lo and hi
$$;

CREATE FUNCTION private.json_placeholders(params jsonb) RETURNS TABLE(path text, name text)
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    with recursive walk (path, value) as (
        select 'params', params
        union all
        select w.path || e.step, e.child
        from walk w
        cross join lateral (
            select '.' || o.key as step, o.value as child
            from jsonb_each(case when jsonb_typeof(w.value) = 'object' then w.value else '{}' end) o
            union all
            select '[' || (a.n - 1) || ']', a.value
            from jsonb_array_elements(case when jsonb_typeof(w.value) = 'array' then w.value else '[]' end)
                with ordinality a (value, n)
        ) e
    )
    select w.path, m.found[1]
    from walk w
    cross join lateral regexp_matches(w.value #>> '{}', '\{\{([A-Za-z_][A-Za-z0-9_]{0,63})\}\}', 'g')
        with ordinality m (found, n)
    where jsonb_typeof(w.value) = 'string'
    order by w.path collate "C", m.n
$$;

CREATE FUNCTION private.keep_community_owner() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if old.role = 'owner' and (tg_op = 'DELETE' or new.role <> 'owner')
       and exists (select 1 from public.communities c where c.id = old.community_id)
       and not exists (select 1 from public.community_members m
                       where m.community_id = old.community_id and m.role = 'owner' and m.id <> old.id) then
        raise exception 'a community keeps at least one owner' using errcode = '55000';
    end if;
    return coalesce(new, old);
end
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

CREATE FUNCTION private.keyword_lexemes(query_text text) RETURNS TABLE(lexeme text, common boolean)
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    with words as (
        select l.lexeme
        from private.keyword_query_parts(query_text) q
        cross join unnest(tsvector_to_array(to_tsvector('english'::regconfig, q.plain_words))) as l (lexeme)
        where l.lexeme !~ '[''\\]'
    ),
    -- the statistics are read once for all the words, not once a word
    common as materialized (select private.common_lexemes(array(select w.lexeme from words w)) as lexemes)
    select w.lexeme, w.lexeme = any(c.lexemes)
    from words w cross join common c
$$;

CREATE FUNCTION private.keyword_match_tsqueries(query_text text) RETURNS TABLE(required tsquery, loose tsquery)
    LANGUAGE sql STABLE
    SET search_path TO ''
    SET client_min_messages TO 'warning'
    AS $$
    with words as (select l.lexeme, l.common from private.keyword_lexemes(query_text) l),
    rare as (select w.lexeme from words w where not w.common),
    counts as (select (select count(*) from rare) as rare, (select count(*) from words) as words),
    terms as (
        select
            case
                when c.rare >= 3 then
                    (select string_agg(format('(%L & %L)', a.lexeme, b.lexeme), ' | ')
                     from rare a join rare b on a.lexeme < b.lexeme)
                when c.rare >= 1 then (select string_agg(format('%L', r.lexeme), ' | ') from rare r)
                else (select string_agg(format('%L', w.lexeme), ' & ') from words w)
            end as required,
            case
                when c.rare >= 3 then (select string_agg(format('%L', r.lexeme), ' | ') from rare r)
                when c.rare = 0 and c.words >= 3 then
                    (select string_agg(format('(%s)', (select string_agg(format('%L', w.lexeme), ' & ')
                                                       from words w where w.lexeme <> left_out.lexeme)), ' | ')
                     from words left_out)
            end as loose
        from counts c
    )
    -- the terms alone, not AND-ed with the OR of every word (which they imply): the GIN scan
    -- then reads no posting list of a common word, and the planner sees a selective query
    select
        case when t.required is null or numnode(q.phrases) > 0 then private.keyword_tsquery(query_text)
             else t.required::tsquery && q.negative end,
        case when t.loose is null or numnode(q.phrases) > 0 then null else t.loose::tsquery && q.negative end
    from terms t, private.keyword_query_parts(query_text) q
$$;

CREATE FUNCTION private.keyword_query_parts(query_text text) RETURNS TABLE(phrases tsquery, negative tsquery, plain tsquery, plain_words text)
    LANGUAGE sql STABLE
    SET search_path TO ''
    SET client_min_messages TO 'warning'
    AS $$
    select websearch_to_tsquery('english'::regconfig,
                                coalesce(string_agg(t.token, ' ') filter (where t.token ~ '^"'), '')),
           websearch_to_tsquery('english'::regconfig,
                                coalesce(string_agg(t.token, ' ') filter (where t.token ~ '^-'), '')),
           websearch_to_tsquery('english'::regconfig,
                                coalesce(string_agg(replace(t.token, '"', ''), ' or ')
                                         filter (where t.token !~ '^-|^"' and lower(t.token) <> 'or'), '')),
           coalesce(string_agg(t.token, ' ') filter (where t.token !~ '^-|^"' and lower(t.token) <> 'or'), '')
    from regexp_matches(coalesce(query_text, ''), '-?"[^"]*"?|\S+', 'g') as m (parts)
    cross join lateral (select m.parts[1] as token) t
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
          from private.keyword_query_parts(query_text) s) p
$$;

CREATE FUNCTION private.leader_acquire(p_role text, p_holder text, p_lease_seconds integer) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    acquired bigint;
    expires timestamptz := clock_timestamp() + make_interval(secs => p_lease_seconds);
begin
    if p_lease_seconds is null or p_lease_seconds not between 1 and 3600 then
        raise exception 'a leader lease lasts from 1 to 3600 seconds, not %', p_lease_seconds using errcode = '22023';
    end if;
    if p_holder is null or length(p_holder) not between 1 and 200 then
        raise exception 'a leader is named by 1 to 200 characters' using errcode = '22023';
    end if;
    update private.leader_leases l set lease_expires_at = expires
    where l.role = p_role and l.holder = p_holder
    returning l.token into acquired;
    if found then
        return acquired;
    end if;
    update private.leader_leases l set holder = p_holder, token = l.token + 1, lease_expires_at = expires
    where l.role = (select f.role from private.leader_leases f
                    where f.role = p_role and (f.holder is null or f.lease_expires_at <= clock_timestamp())
                    for update skip locked)
    returning l.token into acquired;
    return acquired;
end
$$;

CREATE FUNCTION private.leader_fence(p_role text, p_holder text, p_token bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    perform from private.leader_leases l
    where l.role = p_role and l.holder = p_holder and l.token = p_token
    for key share;
    if not found then
        raise exception '% is no longer the % leader (fencing token % is stale)', left(p_holder, 200), p_role, p_token
            using errcode = '55000';
    end if;
end
$$;

CREATE FUNCTION private.leader_release(p_role text, p_holder text) RETURNS boolean
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    with released as (
        update private.leader_leases l set holder = null, lease_expires_at = '-infinity'
        where l.role = p_role and l.holder = p_holder
        returning 1
    )
    select exists (select from released)
$$;

CREATE FUNCTION private.license_agreement_transition() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if (new.project_id, new.organization_id, new.request_id, new.licensee_user_id, new.royalty_percent,
        new.minimum_guarantee_cents, new.start_date, new.end_date)
       is distinct from (old.project_id, old.organization_id, old.request_id, old.licensee_user_id,
                         old.royalty_percent, old.minimum_guarantee_cents, old.start_date, old.end_date)
       and old.status <> 'draft' then
        raise exception 'the terms of an agreement are fixed once it is sent for signature' using errcode = '55000';
    end if;
    if new.status is distinct from old.status then
        if not (old.status, new.status) in (
            ('draft', 'pending_signature'), ('draft', 'terminated'), ('pending_signature', 'active'),
            ('pending_signature', 'terminated'), ('active', 'expired'), ('active', 'terminated')
        ) then
            raise exception 'an agreement cannot go from % to %', old.status, new.status using errcode = '55000';
        end if;
        if new.status = 'active' then
            new.signed_at := now();
        end if;
    end if;
    new.updated_at := now();
    return new;
end
$$;

CREATE FUNCTION private.license_catalog_scope() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    new.organization_id := private.project_organization(new.project_id);
    return new;
end
$$;

CREATE FUNCTION private.license_note_scope() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    select r.organization_id into new.organization_id from public.license_requests r where r.id = new.request_id;
    if private.is_client_request() then
        new.author_id := auth.uid();
    end if;
    return new;
end
$$;

CREATE FUNCTION private.license_request_defaults() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    entry public.license_catalog;
begin
    -- invoker rights: the catalogue entry must be visible (available) to the requester
    select c.* into entry from public.license_catalog c where c.project_id = new.project_id and c.is_available;
    if entry.id is null then
        raise exception 'no licence is offered for this project' using errcode = 'P0002';
    end if;
    if not new.license_type = any(entry.available_types) then
        raise exception 'licence type % is not offered for this project', new.license_type using errcode = '22023';
    end if;
    if cardinality(entry.available_territories) > 0 and not new.territory = any(entry.available_territories) then
        raise exception 'territory % is not offered for this project', new.territory using errcode = '22023';
    end if;
    new.organization_id := entry.organization_id;
    if private.is_client_request() then
        new.requester_user_id := auth.uid();
        new.status := 'pending';
        new.assigned_to := null;
        new.decided_at := null;
    end if;
    return new;
end
$$;

CREATE FUNCTION private.license_request_transition() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if (new.project_id, new.organization_id, new.requester_user_id)
       is distinct from (old.project_id, old.organization_id, old.requester_user_id) then
        raise exception 'a licence request''s project and requester never change' using errcode = '42501';
    end if;
    if new.status is distinct from old.status then
        if not (old.status, new.status) in (
            ('pending', 'reviewing'), ('pending', 'rejected'), ('pending', 'withdrawn'),
            ('reviewing', 'negotiating'), ('reviewing', 'approved'), ('reviewing', 'rejected'),
            ('reviewing', 'withdrawn'), ('negotiating', 'approved'), ('negotiating', 'rejected'),
            ('negotiating', 'withdrawn')
        ) then
            raise exception 'a licence request cannot go from % to %', old.status, new.status using errcode = '55000';
        end if;
        if new.status in ('approved', 'rejected', 'withdrawn') then
            new.decided_at := now();
        end if;
    end if;
    return new;
end
$$;

CREATE FUNCTION private.like_rules() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    select c.community_id into new.community_id from public.fan_contents c
    where c.id = new.content_id and c.status = 'published';
    if new.community_id is null then
        raise exception 'fan content not found' using errcode = 'P0002';
    end if;
    if private.is_client_request() then
        new.user_id := auth.uid();
    end if;
    return new;
end
$$;

CREATE TABLE public.investment_tiers (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    campaign_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid NOT NULL,
    name text NOT NULL,
    description text,
    min_amount_cents bigint NOT NULL,
    max_amount_cents bigint,
    suggested_amount_cents bigint,
    benefits jsonb DEFAULT '[]'::jsonb NOT NULL,
    reward_items jsonb DEFAULT '[]'::jsonb NOT NULL,
    revenue_share_percent numeric(5,2) DEFAULT 0 NOT NULL,
    equity_percent numeric(5,2) DEFAULT 0 NOT NULL,
    nft_included boolean DEFAULT false NOT NULL,
    nft_collection_id text,
    limit_quantity integer,
    sold_quantity integer DEFAULT 0 NOT NULL,
    estimated_delivery date,
    display_order integer DEFAULT 0 NOT NULL,
    is_featured boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT investment_tiers_amounts_max CHECK (((min_amount_cents <= '1000000000000'::bigint) AND (max_amount_cents <= '1000000000000'::bigint))),
    CONSTRAINT investment_tiers_benefits_check CHECK ((jsonb_typeof(benefits) = 'array'::text)),
    CONSTRAINT investment_tiers_benefits_size CHECK (((pg_column_size(benefits) <= 65536) AND
CASE jsonb_typeof(benefits)
    WHEN 'array'::text THEN (jsonb_array_length(benefits) <= 100)
    ELSE true
END)),
    CONSTRAINT investment_tiers_check CHECK ((max_amount_cents >= min_amount_cents)),
    CONSTRAINT investment_tiers_check1 CHECK ((suggested_amount_cents >= min_amount_cents)),
    CONSTRAINT investment_tiers_check2 CHECK ((sold_quantity <= limit_quantity)),
    CONSTRAINT investment_tiers_description_size CHECK ((char_length(description) <= 40000)),
    CONSTRAINT investment_tiers_equity_percent_check CHECK (((equity_percent >= (0)::numeric) AND (equity_percent <= (100)::numeric))),
    CONSTRAINT investment_tiers_limit_quantity_check CHECK ((limit_quantity > 0)),
    CONSTRAINT investment_tiers_min_amount_cents_check CHECK ((min_amount_cents > 0)),
    CONSTRAINT investment_tiers_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT investment_tiers_nft_collection_id_size CHECK ((char_length(nft_collection_id) <= 200)),
    CONSTRAINT investment_tiers_revenue_share_percent_check CHECK (((revenue_share_percent >= (0)::numeric) AND (revenue_share_percent <= (100)::numeric))),
    CONSTRAINT investment_tiers_reward_items_check CHECK ((jsonb_typeof(reward_items) = 'array'::text)),
    CONSTRAINT investment_tiers_reward_items_size CHECK (((pg_column_size(reward_items) <= 65536) AND
CASE jsonb_typeof(reward_items)
    WHEN 'array'::text THEN (jsonb_array_length(reward_items) <= 100)
    ELSE true
END)),
    CONSTRAINT investment_tiers_sold_quantity_check CHECK ((sold_quantity >= 0))
);

CREATE TABLE public.investments (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    campaign_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid NOT NULL,
    user_id uuid NOT NULL,
    tier_id uuid,
    amount_cents bigint NOT NULL,
    currency text NOT NULL,
    payment_status text DEFAULT 'pending'::text NOT NULL,
    payment_method text,
    payment_reference text,
    payment_gateway text DEFAULT 'stripe'::text NOT NULL,
    platform_fee_cents bigint DEFAULT 0 NOT NULL,
    payment_fee_cents bigint DEFAULT 0 NOT NULL,
    net_amount_cents bigint GENERATED ALWAYS AS (((amount_cents - platform_fee_cents) - payment_fee_cents)) STORED,
    status text DEFAULT 'pending'::text NOT NULL,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    idempotency_key text,
    created_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    expires_at timestamp with time zone DEFAULT (now() + '00:30:00'::interval) NOT NULL,
    confirmed_at timestamp with time zone,
    cancelled_at timestamp with time zone,
    refunded_at timestamp with time zone,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT investments_amount_cents_check CHECK ((amount_cents > 0)),
    CONSTRAINT investments_amount_cents_max CHECK ((amount_cents <= '1000000000000'::bigint)),
    CONSTRAINT investments_check CHECK (((platform_fee_cents + payment_fee_cents) <= amount_cents)),
    CONSTRAINT investments_currency_check CHECK ((currency ~ '^[a-z]{3}$'::text)),
    CONSTRAINT investments_idempotency_key_check CHECK ((length(idempotency_key) <= 100)),
    CONSTRAINT investments_metadata_check CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT investments_payment_fee_cents_check CHECK ((payment_fee_cents >= 0)),
    CONSTRAINT investments_payment_gateway_check CHECK ((payment_gateway = 'stripe'::text)),
    CONSTRAINT investments_payment_method_check CHECK ((length(payment_method) <= 50)),
    CONSTRAINT investments_payment_status_check CHECK ((payment_status = ANY (ARRAY['pending'::text, 'processing'::text, 'completed'::text, 'failed'::text, 'refund_pending'::text, 'refunded'::text]))),
    CONSTRAINT investments_platform_fee_cents_check CHECK ((platform_fee_cents >= 0)),
    CONSTRAINT investments_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'confirmed'::text, 'cancelled'::text, 'refunded'::text])))
);

CREATE FUNCTION private.limit_tier_slots_per_account(tier public.investment_tiers, pledge public.investments) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    per_account integer := greatest(1, tier.limit_quantity / 10);
    lapsed integer;
begin
    if tier.limit_quantity is null then
        return;
    end if;
    if (select count(*) from public.investments i
        where i.tier_id = tier.id and i.user_id = pledge.user_id and i.status in ('pending', 'confirmed')) > per_account
    then
        raise exception 'one account holds at most % of the % slots of tier "%"', per_account, tier.limit_quantity,
            tier.name using errcode = 'PT429';
    end if;
    if pledge.status = 'pending' then
        select count(*) into lapsed from public.investments i
        where i.tier_id = tier.id and i.user_id = pledge.user_id and i.status = 'cancelled'
          and i.confirmed_at is null and i.cancelled_at > now() - interval '24 hours';
        if lapsed >= 3 then
            raise exception 'your holds on tier "%" lapsed unpaid % times in 24 hours: pay for a pledge or try later',
                tier.name, lapsed using errcode = 'PT429';
        end if;
    end if;
end
$$;

CREATE FUNCTION private.listed_community_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select c.id from public.communities c
    join public.organizations o on o.id = c.organization_id and o.deleted_at is null
    where c.visibility in ('public', 'private') and c.status <> 'banned'
    union
    select m.community_id from public.community_members m where m.user_id = (select private.acting_user_id())
    union
    select c.id from public.communities c where c.organization_id = any(array(select private.my_org_ids()))
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

CREATE FUNCTION private.log_job(job_generation uuid, job_attempt integer, log_level text, log_stage text, log_message text, log_data jsonb, log_worker text) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    insert into public.job_logs (generation_id, organization_id, project_id, attempt, level, stage, message, data,
                                 worker_id)
    select g.id, g.organization_id, g.project_id, job_attempt, log_level, log_stage, left(log_message, 4000),
           coalesce(log_data, '{}'), log_worker
    from public.generations g where g.id = job_generation
$$;

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
    join private.my_memberships m on m.organization_id = p.organization_id
    where p.deleted_at is null
      and (m.role >= 'admin' or (p.created_by = (select u.id from private.acting_user u) and m.role >= 'editor'))
$$;

CREATE FUNCTION private.mark_storage_purged(asset_ids uuid[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    marked integer;
begin
    delete from public.asset_versions v where v.asset_id = any(asset_ids);
    update public.assets a set storage_purged_at = private.now(), deleted_at = coalesce(a.deleted_at, private.now())
    where a.id = any(asset_ids) and a.storage_purged_at is null;
    get diagnostics marked = row_count;
    return marked;
end
$$;

CREATE FUNCTION private.mark_taste_stale() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    changed record := case tg_op when 'INSERT' then new else old end;
begin
    -- not for a viewer being deleted (their history goes by cascade)
    insert into private.viewer_tastes as t (user_id)
    select changed.user_id where exists (select from auth.users u where u.id = changed.user_id)
    on conflict (user_id) do update set stale = true where not t.stale;
    return null;
end
$$;

CREATE FUNCTION private.mirror_media_status() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if new.moodboard_id is not null then
        update public.moodboards m
        set status = case new.status when 'succeeded' then 'ready' when 'failed' then 'failed'
                                     when 'cancelled' then 'draft' else 'generating' end,
            image_url = case when new.status = 'succeeded' then coalesce(new.output_url, m.image_url)
                             else m.image_url end,
            updated_at = now()
        where m.id = new.moodboard_id;
    end if;
    if new.animation_id is not null then
        update public.animations a
        set status = case new.status when 'succeeded' then 'ready' when 'failed' then 'failed'
                                     when 'cancelled' then 'pending' else 'generating' end,
            video_url = case when new.status = 'succeeded' then coalesce(new.output_url, a.video_url)
                             else a.video_url end,
            error_message = case when new.status = 'failed' then new.error_message end,
            updated_at = now()
        where a.id = new.animation_id;
    end if;
    return null;
end
$$;

CREATE FUNCTION private.mirror_organization_deleted_at() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if tg_table_name = 'organization_members' then
        new.organization_deleted_at := (select o.deleted_at from public.organizations o where o.id = new.organization_id);
        return new;
    end if;
    update public.organization_members m set organization_deleted_at = new.deleted_at
    where m.organization_id = new.id and m.organization_deleted_at is distinct from new.deleted_at;
    return null;
end
$$;

CREATE FUNCTION private.moderated_community_ids(min_role text DEFAULT 'moderator'::text) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select m.community_id from public.community_members m
    where m.user_id = (select private.acting_user_id()) and m.status = 'active'
      and private.community_role_rank(m.role) >= private.community_role_rank(min_role)
    union
    select c.id from public.communities c
    where c.organization_id = any(array(select private.my_org_ids('admin'))) and min_role <> 'owner'
$$;

CREATE FUNCTION private.my_backed_campaign_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select distinct i.campaign_id from public.investments i
    where i.user_id = (select auth.uid()) and i.status = 'confirmed'
$$;

CREATE FUNCTION private.my_community_rank(target_community uuid) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select greatest(
        (select private.community_role_rank(m.role) from public.community_members m
         where m.community_id = target_community and m.user_id = (select private.acting_user_id()) and m.status in ('active', 'muted')),
        (select 3 from public.communities c
         where c.id = target_community and c.organization_id = any(array(select private.my_org_ids('admin')))),
        0)
$$;

CREATE FUNCTION private.my_invested_campaign_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select distinct i.campaign_id from public.investments i where i.user_id = (select auth.uid())
$$;

CREATE FUNCTION private.my_org_ids(min_role public.member_role DEFAULT 'viewer'::public.member_role) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select m.organization_id from private.my_memberships m where m.role >= min_role
$$;

CREATE FUNCTION private.my_teammate_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select distinct other.user_id
    from public.organization_members mine
    join public.organization_members other on other.organization_id = mine.organization_id
    where mine.user_id = (select private.acting_user_id()) and mine.organization_deleted_at is null
$$;

CREATE FUNCTION private.my_watch_rank() RETURNS smallint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select coalesce(max(case p.watch_tier when 'premium' then 2 when 'subscribers' then 1 else 0 end), 0)::smallint
    from public.organization_members m
    join public.organizations o on o.id = m.organization_id and o.deleted_at is null
    join public.subscriptions s on s.organization_id = m.organization_id and s.status in ('active', 'trialing')
    join public.plans p on p.id = s.plan_id
    where m.user_id = (select auth.uid())
$$;

CREATE FUNCTION private.nearest_organization_passages(org uuid, query extensions.halfvec, wanted integer, filter_book_id uuid) RETURNS TABLE(chapter_id uuid, book_id uuid, passage_no integer, passage_start integer, passage_end integer, distance double precision)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    SET enable_sort TO 'off'
    SET "hnsw.iterative_scan" TO 'relaxed_order'
    SET "hnsw.ef_search" TO '100'
    AS $_$
begin
    if not exists (select from private.my_org_ids() o where o = org) then
        return;
    end if;
    return query execute format($q$
        select e.chapter_id, e.book_id, e.passage_no, e.passage_start, e.passage_end,
               e.embedding operator(extensions.<=>) $1 as distance
        from public.chapter_embeddings e
        where e.organization_id = %L and e.project_id is null %s
        order by 6
        limit $2
    $q$, org, case when filter_book_id is not null then 'and e.book_id = $3' else '' end)
    using query, wanted, filter_book_id;
end
$_$;

CREATE FUNCTION private.node_label(node jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select format('node %s (%s)', node ->> 'id', node ->> 'type')
$$;

CREATE FUNCTION private.notify(recipient uuid, kind text, payload jsonb DEFAULT '{}'::jsonb, actor uuid DEFAULT NULL::uuid, reference_type text DEFAULT NULL::text, reference_id uuid DEFAULT NULL::uuid, title text DEFAULT NULL::text, message text DEFAULT NULL::text, once_per interval DEFAULT NULL::interval) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    new_id uuid;
begin
    if recipient is null or recipient = actor then
        return null;
    end if;
    if once_per is not null then
        -- concurrent repeats of one action queue here, then see each other's notification
        perform pg_advisory_xact_lock(hashtextextended(
            concat_ws('/', 'notify', recipient, kind, actor, notify.reference_type, notify.reference_id), 0));
        if exists (select 1 from public.notifications n
                   where n.user_id = recipient and n.actor_id is not distinct from actor and n.type = kind
                     and n.reference_type is not distinct from notify.reference_type
                     and n.reference_id is not distinct from notify.reference_id
                     and n.created_at > now() - once_per) then
            return null;
        end if;
    end if;
    insert into public.notifications (user_id, type, title, message, reference_type, reference_id, actor_id, payload)
    values (recipient, kind, left(notify.title, 255), left(notify.message, 2000), notify.reference_type,
            notify.reference_id, actor, coalesce(notify.payload, '{}'))
    returning id into new_id;
    return new_id;
end
$$;

COMMENT ON FUNCTION private.notify(recipient uuid, kind text, payload jsonb, actor uuid, reference_type text, reference_id uuid, title text, message text, once_per interval) IS 'The one writer of notifications; skips the actor and null recipients; with once_per, at most one per recipient, kind, actor and object in that period. For use by security-definer code of every domain (Invest: kind investment_update).';

CREATE FUNCTION private.notify_campaign_update() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    perform private.notify(
        backer.user_id, 'investment_update', jsonb_build_object('campaign_id', new.campaign_id, 'update_id', new.id),
        new.author_id, 'campaign', new.campaign_id, new.title, left(new.content, 280))
    from (select distinct i.user_id from public.investments i
          where i.campaign_id = new.campaign_id and i.status = 'confirmed') backer;
    return null;
end
$$;

CREATE FUNCTION private.notify_follow() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    perform private.notify(new.following_id, 'follow', jsonb_build_object('follower_id', new.follower_id),
                           actor => new.follower_id, reference_type => 'user', reference_id => new.follower_id,
                           title => 'You have a new follower', once_per => interval '1 day');
    return null;
end
$$;

CREATE FUNCTION private.notify_investment_status() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    perform private.notify(
        new.user_id, 'investment_update', jsonb_build_object('campaign_id', new.campaign_id, 'status', new.status),
        null, 'investment', new.id, 'Your investment is ' || new.status, null);
    return null;
end
$$;

CREATE FUNCTION private.notify_license_request() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    perform private.notify(
        new.requester_user_id, 'license_update',
        jsonb_build_object('status', new.status, 'license_type', new.license_type, 'territory', new.territory),
        actor => auth.uid(), reference_type => 'license_request', reference_id => new.id,
        title => format('Your licence request is %s', new.status));
    return null;
end
$$;

CREATE FUNCTION private.notify_order_update() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    perform private.notify(
        new.user_id, 'order_update',
        jsonb_build_object('order_number', new.order_number, 'status', new.status, 'previous_status', old.status),
        actor => auth.uid(), reference_type => 'order', reference_id => new.id,
        title => format('Order %s is %s', new.order_number, new.status));
    return null;
end
$$;

CREATE FUNCTION private.now() RETURNS timestamp with time zone
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    select coalesce(nullif(current_setting('creatorverse.now', true), '')::timestamptz, now())
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

CREATE FUNCTION private.order_hold_window() RETURNS interval
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select make_interval(mins => coalesce((select (s.value #>> '{}')::integer from public.system_settings s
                                           where s.key = 'store.order_hold_minutes'), 30))
$$;

CREATE FUNCTION private.order_transition() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if private.is_client_request() then
        raise exception 'orders change through place_order, cancel_order and update_order_status'
            using errcode = '42501';
    end if;
    if (old.order_number, old.user_id, old.organization_id, old.subtotal_cents, old.discount_cents,
        old.shipping_cents, old.tax_cents, old.total_cents, old.currency, old.discount_code_id)
       is distinct from
       (new.order_number, new.user_id, new.organization_id, new.subtotal_cents, new.discount_cents,
        new.shipping_cents, new.tax_cents, new.total_cents, new.currency, new.discount_code_id) then
        raise exception 'an order''s number, buyer, seller and amounts never change' using errcode = '42501';
    end if;
    if new.status is distinct from old.status then
        if not (old.status, new.status) in (
            ('pending', 'confirmed'), ('pending', 'cancelled'),
            ('confirmed', 'processing'), ('confirmed', 'shipped'), ('confirmed', 'refunded'),
            ('processing', 'shipped'), ('processing', 'refunded'),
            ('shipped', 'delivered'), ('shipped', 'refunded'),
            ('delivered', 'refunded')
        ) then
            raise exception 'an order cannot go from % to %', old.status, new.status using errcode = '55000';
        end if;
        if new.status = 'confirmed' and new.payment_status <> 'paid' then
            raise exception 'an order is confirmed by its payment' using errcode = '55000';
        end if;
        case new.status
            when 'shipped' then new.shipped_at := coalesce(new.shipped_at, now());
            when 'delivered' then new.delivered_at := coalesce(new.delivered_at, now());
            when 'cancelled' then new.cancelled_at := now();
            else null;
        end case;
    end if;
    -- paid or closed: the holds are taken for good or given back, nothing left to expire
    if new.status <> 'pending' or new.payment_status <> 'pending' then
        new.hold_expires_at := null;
    end if;
    new.updated_at := now();
    return new;
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
    storage_limit_bytes bigint DEFAULT 524288000,
    settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    trial_ends_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT organizations_banner_url_size CHECK ((char_length(banner_url) <= 2048)),
    CONSTRAINT organizations_billing_email_check CHECK ((billing_email ~ '^[^@\s]+@[^@\s]+$'::text)),
    CONSTRAINT organizations_billing_email_size CHECK ((char_length(billing_email) <= 500)),
    CONSTRAINT organizations_description_size CHECK ((char_length(description) <= 40000)),
    CONSTRAINT organizations_logo_url_size CHECK ((char_length(logo_url) <= 2048)),
    CONSTRAINT organizations_name_check CHECK (((length(name) >= 1) AND (length(name) <= 120))),
    CONSTRAINT organizations_plan_size CHECK ((char_length(plan) <= 200)),
    CONSTRAINT organizations_settings_check CHECK ((jsonb_typeof(settings) = 'object'::text)),
    CONSTRAINT organizations_settings_size CHECK ((pg_column_size(settings) <= 65536)),
    CONSTRAINT organizations_slug_check CHECK ((slug ~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$'::text)),
    CONSTRAINT organizations_storage_limit_bytes_check CHECK ((storage_limit_bytes >= 0)),
    CONSTRAINT organizations_storage_used_bytes_check CHECK ((storage_used_bytes >= 0)),
    CONSTRAINT organizations_stripe_customer_id_size CHECK ((char_length(stripe_customer_id) <= 200)),
    CONSTRAINT organizations_stripe_subscription_id_size CHECK ((char_length(stripe_subscription_id) <= 200)),
    CONSTRAINT organizations_website_size CHECK ((char_length(website) <= 2048))
);

COMMENT ON TABLE public.organizations IS 'Tenants: a personal organization per user plus team organizations.';

COMMENT ON COLUMN public.organizations.storage_limit_bytes IS 'Bytes of live assets allowed: the plan''s plans.storage_limit_bytes, kept in step by triggers; null = no limit.';

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

CREATE FUNCTION private.outbound_url_refusal(url text) RETURNS text
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $_$
declare
    allow_local boolean := private.egress_allows_local();
    parts text [];
    authority text;
    host text;
    literal inet;
    refusal text;
begin
    if url is null or url = '' then
        return 'a URL is required';
    elsif length(url) > 2000 then
        return 'a URL is at most 2000 characters';
    elsif url ~ '[\s\x00-\x1f\x7f]' then
        return 'a URL has no spaces or control characters';
    end if;
    parts := regexp_match(url, '^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)');
    if parts is null then
        return 'not an absolute URL';
    elsif lower(parts[1]) <> 'https' and not (allow_local and lower(parts[1]) = 'http') then
        return 'only https URLs are accepted';
    end if;
    authority := parts[2];
    if position('@' in authority) > 0 then
        return 'credentials do not belong in a URL';
    end if;
    if authority ~ '^\[' then
        parts := regexp_match(authority, '^\[([0-9A-Fa-f:.]+)\](:[0-9]{1,5})?$');
        if parts is null then
            return 'malformed IPv6 host';
        end if;
        literal := parts[1]::inet;
    else
        parts := regexp_match(lower(authority), '^([^:]*)(:[0-9]{1,5})?$');
        host := rtrim(parts[1], '.');
        if host is null or host = '' then
            return 'the URL has no host';
        elsif host !~ '^[a-z0-9.-]+$' then
            return 'the host must be an ASCII (punycode) name or an IP address';
        elsif host ~ '(^|\.)([0-9]+|0x[0-9a-f]*)$' then
            -- a numeric last label is an address (no top-level domain is numeric): only the
            -- plain dotted quad is accepted, not 2130706433, 0x7f.1 or 0177.0.0.1
            if host !~ '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$'
                then
                return 'an IP address is written as a plain dotted quad';
            end if;
            literal := host::inet;
        elsif not allow_local
              and (host = 'localhost' or host ~ '\.(localhost|local|internal|localdomain|home\.arpa)$'
                   or position('.' in host) = 0) then
            return format('%s is a local name', host);
        end if;
    end if;
    if literal is not null and not allow_local then
        refusal := private.address_refusal(literal);
        if refusal is not null then
            return format('%s is %s', host(literal), refusal);
        end if;
    end if;
    return null;
end
$_$;

CREATE FUNCTION private.own_key_credential(org uuid, gen_kind text, gen_provider text) RETURNS uuid
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    select c.id
    from public.provider_credentials c
    cross join lateral (select coalesce(c.config ->> 'api', case
        when c.provider in ('openai', 'openrouter', 'litellm', 'together', 'groq', 'vllm', 'azure_openai') then 'openai'
        when c.provider in ('runway', 'kling', 'replicate', 'luma', 'pika', 'minimax') then 'async_video' end) as api) a
    where c.organization_id = org and c.status = 'active' and (c.expires_at is null or c.expires_at > now())
      and (gen_provider is null or c.provider = gen_provider)
      and coalesce(gen_provider, '') <> 'local' and a.api is distinct from 'local'
      and case when jsonb_typeof(c.config -> 'kinds') = 'array' then c.config -> 'kinds' ? gen_kind
               else gen_kind = any(case a.api when 'openai' then array['text', 'image', 'audio']
                                              when 'async_video' then array['video', 'scene_video']
                                              else '{}'::text [] end) end
    order by (c.config -> 'kinds') ? gen_kind desc, c.name, c.id
    limit 1
$$;

CREATE FUNCTION private.partial_words(query_text text) RETURNS text[]
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select coalesce(array_agg(m.parts[1]), '{}')
    from regexp_matches(coalesce(query_text, ''), '[^\s"]*[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af][^\s"]*', 'g')
         as m (parts)
$$;

CREATE FUNCTION private.passage_index_name(organization_id uuid) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select 'chapter_embeddings_hnsw_' || replace(organization_id::text, '-', '')
$$;

CREATE FUNCTION private.pipeline_step() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if new.status = 'running' and not exists (
        select from public.generations p where p.id = new.parent_id and p.cancel_requested_at is not null
    ) then
        return null;
    end if;
    if current_setting('creatorverse.settling_pipeline', true) is distinct from new.parent_id::text then
        perform private.refresh_pipeline(new.parent_id, format('%s%s %s', coalesce('scene ' || new.scene_number || ': ', ''),
                                                               new.kind, new.status));
    end if;
    return null;
end
$$;

CREATE FUNCTION private.plan_allowance(plan public.plans, org_id uuid) RETURNS bigint
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    select case when plan.allowance_personal_only
                     and not (select o.is_personal from public.organizations o where o.id = org_id)
                then 0 else plan.monthly_credits end
$$;

CREATE FUNCTION private.poll_vote_rules() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    poll public.discussions;
begin
    select d.* into poll from public.discussions d where d.id = new.discussion_id and d.status = 'published';
    if poll.id is null or poll.type <> 'poll' then
        raise exception 'poll not found' using errcode = 'P0002';
    end if;
    if poll.poll_ends_at is not null and poll.poll_ends_at <= now() then
        raise exception 'this poll closed at %', poll.poll_ends_at using errcode = '55000';
    end if;
    if not exists (select 1 from jsonb_array_elements(poll.poll_options) o where o ->> 'id' = new.option_id) then
        raise exception 'the poll has no option %', new.option_id using errcode = '22023';
    end if;
    new.community_id := poll.community_id;
    if private.is_client_request() then
        new.user_id := auth.uid();
    end if;
    return new;
end
$$;

CREATE FUNCTION private.post_credit_entry(org_id uuid, entry_type text, main_delta bigint, rollover_delta bigint, bonus_delta bigint, held_delta bigint, idempotency_key text, user_id uuid DEFAULT NULL::uuid, hold_id uuid DEFAULT NULL::uuid, reference_type text DEFAULT NULL::text, reference_id text DEFAULT NULL::text, description text DEFAULT NULL::text, metadata jsonb DEFAULT '{}'::jsonb, key_source text DEFAULT 'ledger'::text) RETURNS public.credit_transactions
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
        balance_after, held_after, hold_id, description, reference_type, reference_id, idempotency_key, key_source,
        metadata, created_at
    )
    select org_id, user_id, entry_type, main_delta + rollover_delta + bonus_delta, main_delta, rollover_delta,
           bonus_delta, held_delta, after.available, after.held_balance, hold_id, description, reference_type,
           reference_id, idempotency_key, key_source, coalesce(metadata, '{}'), clock_timestamp()
    from after
    returning * into entry;
    return entry;
end
$$;

COMMENT ON FUNCTION private.post_credit_entry(org_id uuid, entry_type text, main_delta bigint, rollover_delta bigint, bonus_delta bigint, held_delta bigint, idempotency_key text, user_id uuid, hold_id uuid, reference_type text, reference_id text, description text, metadata jsonb, key_source text) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

CREATE FUNCTION private.post_rules() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    moderator boolean;
    row_new jsonb := to_jsonb(new);
    row_old jsonb := case when tg_op = 'UPDATE' then to_jsonb(old) else '{}' end;
begin
    if not private.is_client_request() then
        return new;
    end if;
    moderator := new.community_id = any(array(select private.moderated_community_ids()));
    if tg_op = 'INSERT' then
        new.author_id := auth.uid();
        if not moderator and (row_new ->> 'status' in ('hidden', 'removed') or (row_new ->> 'featured')::boolean
                              or (row_new ->> 'pinned')::boolean or (row_new ->> 'locked')::boolean
                              or row_new ->> 'type' = 'announcement') then
            raise exception 'only moderators pin, lock, feature, hide or announce' using errcode = '42501';
        end if;
        new := jsonb_populate_record(new, jsonb_build_object(
            'upvotes', 0, 'downvotes', 0, 'score', 0, 'comment_count', 0, 'view_count', 0, 'like_count', 0,
            'share_count', 0));
        return new;
    end if;
    if (row_new ->> 'community_id', row_new ->> 'author_id') is distinct from
       (row_old ->> 'community_id', row_old ->> 'author_id') then
        raise exception 'a post''s community and author never change' using errcode = '42501';
    end if;
    if (row_new -> 'upvotes', row_new -> 'downvotes', row_new -> 'score', row_new -> 'comment_count',
        row_new -> 'view_count', row_new -> 'like_count', row_new -> 'share_count')
       is distinct from
       (row_old -> 'upvotes', row_old -> 'downvotes', row_old -> 'score', row_old -> 'comment_count',
        row_old -> 'view_count', row_old -> 'like_count', row_old -> 'share_count') then
        raise exception 'counters are kept by the database' using errcode = '42501';
    end if;
    if not moderator and (
        (row_new -> 'pinned', row_new -> 'locked', row_new -> 'featured', row_new -> 'removed_reason')
        is distinct from (row_old -> 'pinned', row_old -> 'locked', row_old -> 'featured', row_old -> 'removed_reason')
        or (row_new ->> 'status' is distinct from row_old ->> 'status'
            and (row_new ->> 'status' in ('hidden', 'removed') or row_old ->> 'status' in ('hidden', 'removed')))
        or (row_new ->> 'type' = 'announcement' and row_old ->> 'type' <> 'announcement')) then
        raise exception 'only moderators pin, lock, feature, hide or announce' using errcode = '42501';
    end if;
    return new;
end
$$;

CREATE FUNCTION private.postable_community_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select m.community_id from public.community_members m
    join public.communities c on c.id = m.community_id and c.status = 'active'
    where m.user_id = (select private.acting_user_id())
      and (m.status = 'active' or (m.status = 'muted' and m.muted_until <= now()))
$$;

CREATE FUNCTION private.prepare_generation() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    scope record;
begin
    if new.parent_id is not null then
        select g.organization_id, g.project_id into scope from public.generations g where g.id = new.parent_id;
    elsif new.scene_id is not null then
        select s.organization_id, s.project_id into scope from public.scenes s where s.id = new.scene_id;
    elsif new.script_id is not null then
        select s.organization_id, s.project_id into scope from public.scripts s where s.id = new.script_id;
    elsif new.chapter_id is not null then
        select c.organization_id, c.project_id into scope from public.chapters c where c.id = new.chapter_id;
    elsif new.moodboard_id is not null then
        select m.organization_id, m.project_id into scope from public.moodboards m where m.id = new.moodboard_id;
    elsif new.animation_id is not null then
        select a.organization_id, a.project_id into scope from public.animations a where a.id = new.animation_id;
    elsif new.project_id is not null then
        select p.organization_id, p.id as project_id into scope from public.projects p where p.id = new.project_id;
    end if;
    if scope is not null then
        if scope.organization_id is null then
            raise exception 'the parent of this generation was not found' using errcode = '23503';
        end if;
        new.organization_id := scope.organization_id;
        new.project_id := coalesce(scope.project_id, new.project_id);
    end if;
    if new.max_attempts is null then
        new.max_attempts := (select k.max_attempts from public.generation_kinds k where k.kind = new.kind);
    end if;
    new.status := 'queued';
    new.attempts := 0;
    new.queued_at := now();
    new.created_at := now();
    new.updated_at := now();
    return new;
end
$$;

CREATE FUNCTION private.prepare_schedule() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if tg_op = 'INSERT' then
        new.organization_id := private.project_organization(new.project_id);
        if private.is_client_request() then
            new.created_by := auth.uid();
            new.run_count := 0;
            new.last_run_at := null;
        end if;
    end if;
    if new.kind is not null  -- null: the schedule starts a workflow (workflows.sql)
       and not coalesce((select k.client_requestable from public.generation_kinds k where k.kind = new.kind), false)
       and private.is_client_request() then
        raise exception 'unknown generation kind "%"', new.kind using errcode = '22023';
    end if;
    new.next_run_at := case when new.enabled then public.cron_next(new.cron, new.timezone, now()) end;
    return new;
end
$$;

CREATE FUNCTION private.product_child_scope() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    product public.products;
begin
    select p.* into product from public.products p where p.id = new.product_id;
    if product.id is null then
        raise exception 'product not found' using errcode = 'P0002';
    end if;
    new.organization_id := product.organization_id;
    if tg_table_name = 'product_variants' and tg_op = 'INSERT' then
        new.allow_backorder := new.allow_backorder or product.allow_backorder;
    end if;
    return new;
end
$$;

CREATE FUNCTION private.product_scope() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    project_org uuid;
begin
    if new.project_id is not null then
        project_org := private.project_organization(new.project_id);
        if tg_op = 'INSERT' and new.organization_id is null then
            new.organization_id := project_org;
        elsif new.organization_id is distinct from project_org then
            raise exception 'the project belongs to another organization' using errcode = '22023';
        end if;
    end if;
    if tg_op = 'INSERT' and private.is_client_request() then
        new.created_by := auth.uid();
        new.sold_count := 0;
        new.view_count := 0;
    end if;
    return new;
end
$$;

CREATE FUNCTION private.progress_from_orders() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    before_net bigint := case when old.payment_status in ('paid', 'partially_refunded', 'refunded')
                              then old.total_cents - old.refunded_cents else 0 end;
    after_net bigint := case when new.payment_status in ('paid', 'partially_refunded', 'refunded')
                             then new.total_cents - new.refunded_cents else 0 end;
begin
    perform private.add_progress(new.user_id, 'total_spent_cents', after_net - before_net);
    return null;
end
$$;

CREATE FUNCTION private.progress_from_studio() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    actor_column constant text := case tg_table_name when 'assets' then 'uploaded_by' else 'created_by' end;
    counter constant text := case tg_table_name when 'assets' then 'videos_created' else 'books_uploaded' end;
    old_row jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
    new_row jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
begin
    if tg_table_name = 'quiz_completions' then
        perform private.add_progress(new.user_id, 'quizzes_completed', 1);
        return null;
    end if;
    if private.counts_as_progress(old_row, tg_table_name) and private.counts_as_progress(new_row, tg_table_name)
       and old_row ->> actor_column is not distinct from new_row ->> actor_column then
        return null;
    end if;
    if private.counts_as_progress(old_row, tg_table_name) then
        perform private.add_progress((old_row ->> actor_column)::uuid, counter, -1);
    end if;
    if private.counts_as_progress(new_row, tg_table_name) then
        perform private.add_progress((new_row ->> actor_column)::uuid, counter, 1);
    end if;
    return null;
end
$$;

CREATE FUNCTION private.project_ids_allowing(permission text) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select p.id
    from public.projects p
    join private.my_memberships m on m.organization_id = p.organization_id
    where p.deleted_at is null
      and (permission in ('view', 'comment') or m.role >= 'editor')
      and (p.visibility <> 'private' or p.created_by = (select u.id from private.acting_user u) or m.role >= 'admin')
    union
    select c.project_id
    from public.project_collaborators c
    join public.projects p on p.id = c.project_id and p.deleted_at is null
    join public.organizations o on o.id = p.organization_id and o.deleted_at is null
    where c.user_id = (select private.acting_user_id()) and (permission = 'view' or permission = any(c.permissions))
$$;

CREATE FUNCTION private.project_organization(project uuid) RETURNS uuid
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
    org_id uuid;
begin
    select p.organization_id into org_id from public.projects p where p.id = project and p.deleted_at is null;
    if org_id is null then
        raise exception 'project not found' using errcode = 'P0002';
    end if;
    return org_id;
end
$$;

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
        if old_row #> string_to_array(column_name, '->') is distinct from new_row #> string_to_array(column_name, '->')
        then
            raise exception 'column %.% cannot be changed by clients', tg_table_name, column_name
                using errcode = '42501', hint = 'use the RPC that owns this change, if there is one';
        end if;
    end loop;
    return new;
end
$$;

CREATE FUNCTION private.provider_credentials_check_base_url() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if new.config ? 'base_url' then
        if jsonb_typeof(new.config -> 'base_url') <> 'string' then
            raise exception 'invalid base_url in provider credential config: it must be a string'
                using errcode = '22023';
        end if;
        perform private.assert_outbound_url(new.config ->> 'base_url', 'base_url');
    end if;
    return new;
end
$$;

CREATE FUNCTION private.public_community_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select c.id from public.communities c
    join public.organizations o on o.id = c.organization_id and o.deleted_at is null
    where c.visibility = 'public' and c.status <> 'banned'
$$;

CREATE FUNCTION private.public_project_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select p.id
    from public.projects p
    join public.organizations o on o.id = p.organization_id and o.deleted_at is null
    where p.visibility = 'public' and p.deleted_at is null
$$;

CREATE FUNCTION private.queue_place(job private.job_queue, OUT queue_position bigint, OUT waits_for bigint) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
    own_limit integer := private.concurrency_limit(job.organization_id, job.kind);
    own_running bigint;
    own_ahead bigint;
    turn bigint;
    head record;
    others bigint;
begin
    own_running := (select count(*) from private.job_queue q
                    where q.kind = job.kind and q.organization_id = job.organization_id and q.state = 'running');
    own_ahead := (select count(*) from private.job_queue q
                  where q.kind = job.kind and q.organization_id = job.organization_id and q.state = 'ready'
                    and (q.priority > job.priority
                         or (q.priority = job.priority and (q.run_after, q.id) < (job.run_after, job.id))));
    waits_for := case when own_limit is null then 0
                      else greatest(own_ahead + 1 - greatest(own_limit - own_running, 0), 0) end;
    -- held back by its own limit: behind whatever the others can start (a turn no one reaches)
    turn := case when waits_for > 0 then 1000000000 else own_running + own_ahead + 1 end;
    select q.run_after, q.id into head from private.job_queue q
    where q.kind = job.kind and q.organization_id = job.organization_id and q.state = 'ready'
    order by q.priority desc, q.run_after, q.id limit 1;
    select coalesce(sum(least(
               greatest(turn - p.running - case when (p.run_after, p.id) < (head.run_after, head.id) then 0 else 1 end,
                        0),
               case when p.max_running is null then turn else greatest(p.max_running - p.running, 0) end,
               (select count(*) from (select from private.job_queue q
                                      where q.kind = job.kind and q.organization_id = p.org and q.state = 'ready'
                                      order by q.priority desc, q.run_after, q.id
                                      limit least(greatest(turn - p.running, 0),
                                                  case when p.max_running is null then turn
                                                       else greatest(p.max_running - p.running, 0) end)) r))), 0)
    into others
    from (select o.org, private.concurrency_limit(o.org, job.kind) as max_running, h.run_after, h.id,
                 (select count(*) from private.job_queue q
                  where q.kind = job.kind and q.organization_id = o.org and q.state = 'running') as running
          from private.queued_organizations(job.kind) o (org)
          cross join lateral (select q.run_after, q.id from private.job_queue q
                              where q.kind = job.kind and q.organization_id = o.org and q.state = 'ready'
                              order by q.priority desc, q.run_after, q.id limit 1) h
          where o.org <> job.organization_id) p;
    queue_position := 1 + own_ahead + others;
end
$$;

CREATE FUNCTION private.queued_organizations(job_kind text) RETURNS SETOF uuid
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    with recursive orgs (organization_id) as (
        (select q.organization_id from private.job_queue q
         where q.kind = job_kind and q.state = 'ready'
         order by q.organization_id limit 1)
        union all
        select (select q.organization_id from private.job_queue q
                where q.kind = job_kind and q.state = 'ready' and q.organization_id > o.organization_id
                order by q.organization_id limit 1)
        from orgs o where o.organization_id is not null
    )
    select o.organization_id from orgs o where o.organization_id is not null
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
    allowance bigint := private.plan_allowance(plan, org_id);
begin
    if allowance <= wallet.period_allowance then
        return null;
    end if;
    update public.credit_balances b set period_allowance = allowance, period_plan_id = plan.id
    where b.organization_id = org_id;
    return private.post_credit_entry(org_id, 'subscription', allowance - wallet.period_allowance, 0, 0, 0,
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

CREATE FUNCTION private.readable_chapters_matching(english tsquery, simple tsquery, fragment text, filter_organization_id uuid, filter_book_id uuid, max_rows integer DEFAULT NULL::integer) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    -- the role the caller runs as: SET ROLE (as PostgREST does) or the session's own
    caller_role text := coalesce(nullif(current_setting('role'), 'none'), session_user);
    sees_everything boolean := coalesce((select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles r
                                         where r.rolname = caller_role), false);
begin
    -- the policy's sets are passed as values, so the planner weighs the caller's share of
    -- chapters: the organization index for a small library, the GIN index for a large one
    return query execute format($q$
        select c.id from public.chapters c
        where %s
          and c.deleted_at is null
          and ($1 is null or c.organization_id = $1)
          and ($2 is null or c.book_id = $2)
          and ($7 or (c.project_id is null and c.organization_id = any($8))
               or c.project_id = any($9) or c.project_id = any($10))
        limit $6
    $q$,
        case when english is not null then 'c.fts_english @@ $3'
             when simple is not null then 'c.fts @@ $4'
             else 'c.content like $5' end)
    using filter_organization_id, filter_book_id, english, simple,
          '%' || replace(replace(replace(coalesce(fragment, ''), '\', '\\'), '%', '\%'), '_', '\_') || '%',
          max_rows, sees_everything,
          case when not sees_everything then array(select private.my_org_ids()) end,
          case when not sees_everything then array(select private.readable_project_ids()) end,
          case when not sees_everything then array(select private.public_project_ids()) end;
end
$_$;

CREATE FUNCTION private.readable_community_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select private.public_community_ids()
    union
    select m.community_id from public.community_members m
    where m.user_id = (select private.acting_user_id()) and m.status in ('active', 'muted')
    union
    select c.id from public.communities c where c.organization_id = any(array(select private.my_org_ids()))
$$;

CREATE FUNCTION private.readable_project_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select private.project_ids_allowing('view')
$$;

CREATE FUNCTION private.readable_template_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select t.id from public.templates t
    where t.deleted_at is null
      and ((t.project_id is null and t.organization_id = any(array(select private.my_org_ids())))
           or t.project_id = any(array(select private.readable_project_ids())))
    union
    select t.id from public.templates t
    join public.organizations o on o.id = t.organization_id and o.deleted_at is null
    where t.is_public and t.deleted_at is null
$$;

CREATE FUNCTION private.readable_workflow_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select w.id from public.workflows w
    where w.deleted_at is null and w.project_id = any(array(select private.readable_project_ids()))
$$;

CREATE FUNCTION private.recent_content_stats(since date) RETURNS TABLE(content_id uuid, viewers bigint, likes bigint, completions bigint)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select s.content_id, sum(s.viewers)::bigint, sum(s.likes)::bigint, sum(s.completions)::bigint
    from public.content_daily_stats s
    join public.contents c on c.id = s.content_id
    where s.day >= since
      and (not (select private.called_by_client())  -- the service role and analysts see everything, as under RLS
           or (c.project_deleted_at is null
               and ((c.status = 'published' and c.visibility_rank <= (select private.my_watch_rank()))
                    or c.project_id = any(array(select private.readable_project_ids())))))
    group by s.content_id
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
        auth.uid(),
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

CREATE FUNCTION private.record_completion() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if new.completed and (tg_op = 'INSERT' or not old.completed) then
        insert into public.content_completions (user_id, content_id, episode_id, completed_on)
        values (new.user_id, new.content_id, new.episode_id, (new.completed_at at time zone 'UTC')::date)
        on conflict do nothing;
    end if;
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
    update public.organizations o
    set plan = p.id, storage_limit_bytes = p.storage_limit_bytes
    from public.plans p
    where p.id = new.plan_id and o.id = new.organization_id
      and (o.plan, o.storage_limit_bytes) is distinct from (p.id, p.storage_limit_bytes);
    return null;
end
$$;

CREATE FUNCTION private.record_template_version() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    insert into public.template_versions (template_id, organization_id, project_id, version, name, aspect, resolution,
                                          spec, created_by)
    values (new.id, new.organization_id, new.project_id, new.version, new.name, new.aspect, new.resolution, new.spec,
            coalesce(auth.uid(), new.created_by))
    on conflict (template_id, version) do nothing;
    return null;
end
$$;

CREATE FUNCTION private.refresh_content_matches(p_batch integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    viewer uuid;
    watched uuid [];
    taste extensions.vector;
    handled integer := 0;
begin
    for viewer in
        select t.user_id from private.viewer_tastes t
        where t.stale or t.refreshed_at < private.now() - interval '1 day'
        order by t.stale desc, t.refreshed_at nulls first
        limit p_batch
        for update skip locked
    loop
        -- the taste first, into a variable: one scan of the catalogue per viewer, whatever plan
        -- the cached statement gets (a join to the aggregate was re-run for every content)
        watched := array(select distinct h.content_id from public.watch_history h where h.user_id = viewer);
        select extensions.avg(c.embedding) into taste
        from public.contents c where c.id = any(watched) and c.embedding is not null;
        delete from private.content_match_scores m where m.user_id = viewer;
        insert into private.content_match_scores (user_id, content_id, match_score, watched)
        select viewer, c.id, greatest(0, round(100 * (1 - (c.embedding operator(extensions.<=>) taste))))::integer,
               c.id = any(watched)
        from public.contents c
        where taste is not null
          and c.status = 'published' and c.project_deleted_at is null and c.embedding is not null
        order by c.embedding operator(extensions.<=>) taste, c.id
        limit 200;
        update private.viewer_tastes t set stale = false, refreshed_at = private.now() where t.user_id = viewer;
        handled := handled + 1;
    end loop;
    return handled;
end
$$;

CREATE FUNCTION private.refresh_daily_usage(p_batch integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    refresh materialized view concurrently analytics.daily_usage;
    return (select count(*) from analytics.daily_usage);
end
$$;

CREATE FUNCTION private.refresh_pipeline(pipeline_id uuid, step text DEFAULT NULL::text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    parent public.generations;
    counts record;
    output public.generations;
    failed public.generations;
begin
    select g.* into parent from public.generations g where g.id = pipeline_id for update;
    if parent.id is null or parent.status in ('succeeded', 'failed', 'cancelled')
       or not parent.metadata ? 'pipeline' then
        return;
    end if;
    if parent.cancel_requested_at is not null then
        perform private.cancel_children(parent);
    end if;
    select count(*) as jobs,
           count(*) filter (where c.status = 'succeeded') as done,
           count(*) filter (where c.status in ('queued', 'running', 'retrying')) as active,
           count(distinct c.scene_number) filter (where c.status = 'succeeded'
                                                    and (c.metadata ->> 'scene_final')::boolean) as scenes,
           sum(c.actual_credits) filter (where c.status = 'succeeded') as captured,
           sum(c.actual_cost_usd) filter (where c.status = 'succeeded') as cost_usd
    into counts
    from public.generations c
    where c.parent_id = parent.id and not c.metadata ? 'superseded_by';
    select c.* into output from public.generations c
    where c.parent_id = parent.id and (c.metadata ->> 'pipeline_output')::boolean and c.status = 'succeeded'
      and not c.metadata ? 'superseded_by'
    limit 1;
    if output.id is not null then
        update public.generations g set completed_steps = coalesce(g.total_steps, counts.scenes) where g.id = parent.id;
        perform private.finish_generation(parent.id, 'succeeded', jsonb_build_object(
            'output_url', output.output_url, 'thumbnail_url', output.thumbnail_url,
            'subtitles_url', output.subtitles_url, 'output_asset_id', output.output_asset_id,
            'duration_ms', output.duration_ms, 'size_bytes', output.size_bytes, 'actual_cost_usd', 0,
            'result', output.result || jsonb_build_object(
                'output_generation_id', output.id, 'jobs', counts.jobs,
                'credits_captured', coalesce(counts.captured, 0), 'cost_usd', coalesce(counts.cost_usd, 0))),
            null, null);
        perform pg_notify('creatorverse_pipelines', parent.id::text);  -- whoever waits for the film
        return;
    end if;
    if parent.cancel_requested_at is not null and counts.active = 0 then
        perform private.finish_generation(parent.id, 'cancelled', null, 'cancelled by the client', 'cancelled');
        perform pg_notify('creatorverse_pipelines', parent.id::text);
        return;
    end if;
    select c.* into failed from public.generations c
    where c.parent_id = parent.id and c.status in ('failed', 'cancelled') and not c.metadata ? 'superseded_by'
    order by c.scene_number nulls last, c.created_at
    limit 1;
    update public.generations g
    set completed_steps = least(counts.scenes, coalesce(g.total_steps, counts.scenes)),
        progress = least(99.99, round(100.0 * counts.done / greatest(counts.jobs, 1), 2)),
        last_completed_step = case when step is distinct from g.current_step and step is not null
                                   then g.current_step else g.last_completed_step end,
        current_step = coalesce(left(step, 200), g.current_step),
        error_code = case when failed.id is not null then 'step_failed' end,
        error_message = case when failed.id is not null then
            format('%s of %s %s: %s (retry it with retry_generation(%s))', failed.kind,
                   coalesce('scene ' || failed.scene_number, 'the film'), failed.status,
                   coalesce(failed.error_message, failed.status), failed.id) end,
        updated_at = now()
    where g.id = parent.id;
end
$$;

CREATE FUNCTION private.refresh_stock_status(target_product uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    item public.products;
    left_in_stock bigint;
    sellable boolean;
    level text;
begin
    select p.* into item from public.products p where p.id = target_product;
    if item.id is null then
        return;
    end if;
    if item.has_variants then
        select coalesce(sum(greatest(v.stock_quantity, 0)), 0), coalesce(bool_or(v.allow_backorder), false)
        into left_in_stock, sellable
        from public.product_variants v where v.product_id = item.id and v.is_active;
    else
        left_in_stock := greatest(item.stock_quantity, 0);
        sellable := item.allow_backorder;
    end if;
    sellable := sellable or left_in_stock > 0 or not item.track_inventory;
    level := case when not item.track_inventory then 'untracked'
                  when left_in_stock <= 0 then case when sellable then 'low_stock' else 'out_of_stock' end
                  when left_in_stock <= item.low_stock_threshold then 'low_stock'
                  else 'in_stock' end;
    update public.products p
    set stock_level = level,
        status = case when p.status = 'active' and not sellable then 'out_of_stock'
                      when p.status = 'out_of_stock' and sellable then 'active'
                      else p.status end
    where p.id = item.id
      and (p.stock_level, p.status) is distinct from
          (level, case when p.status = 'active' and not sellable then 'out_of_stock'
                       when p.status = 'out_of_stock' and sellable then 'active' else p.status end);
end
$$;

CREATE FUNCTION private.refresh_trending_contents(p_batch integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    written integer;
    removed integer;
begin
    with scored as (
        select c.id as content_id,
               coalesce(r.viewers, 0) as viewers,
               coalesce(r.likes, 0) as likes,
               coalesce(r.completions, 0) as completions,
               coalesce(r.viewers + 2 * r.likes + 3 * r.completions, 0) as score
        from public.contents c
        left join private.recent_content_stats((private.now() at time zone 'UTC')::date - (greatest(p_batch, 1) - 1)) r
            on r.content_id = c.id
        where c.status = 'published' and c.project_deleted_at is null
    )
    insert into private.content_trending as t (
        content_id, viewers_7d, likes_7d, completions_7d, trending_score, trending_rank
    )
    select s.content_id, s.viewers, s.likes, s.completions, s.score, rank() over (order by s.score desc)
    from scored s
    on conflict (content_id) do update
    set viewers_7d = excluded.viewers_7d, likes_7d = excluded.likes_7d, completions_7d = excluded.completions_7d,
        trending_score = excluded.trending_score, trending_rank = excluded.trending_rank
    where (t.viewers_7d, t.likes_7d, t.completions_7d, t.trending_score, t.trending_rank)
          is distinct from (excluded.viewers_7d, excluded.likes_7d, excluded.completions_7d,
                            excluded.trending_score, excluded.trending_rank);
    get diagnostics written = row_count;

    delete from private.content_trending t
    using public.contents c
    where c.id = t.content_id and not (c.status = 'published' and c.project_deleted_at is null);
    get diagnostics removed = row_count;
    return written + removed;
end
$$;

CREATE FUNCTION private.refresh_usage_rollups(p_batch integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    since date := (private.now() at time zone 'UTC')::date - (greatest(p_batch, 1) - 1);
    since_at timestamptz := since::timestamp at time zone 'UTC';
    month_start date := date_trunc('month', since)::date;
    month_start_at timestamptz := month_start::timestamp at time zone 'UTC';
    metrics integer;
    aggregations integer;
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
    where e.occurred_at >= since_at and e.model is not null
    group by 1, 2, 3;
    get diagnostics metrics = row_count;

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
        where e.occurred_at >= month_start_at
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
    get diagnostics aggregations = row_count;
    return metrics + aggregations;
end
$$;

CREATE FUNCTION private.refund_campaign(campaign_id uuid) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    refunded integer;
begin
    update public.investments i set status = 'cancelled', cancelled_at = now()
    where i.campaign_id = refund_campaign.campaign_id and i.status = 'pending';
    update public.investments i set status = 'refunded', payment_status = 'refund_pending', refunded_at = now()
    where i.campaign_id = refund_campaign.campaign_id and i.status = 'confirmed';
    get diagnostics refunded = row_count;
    return refunded;
end
$$;

CREATE FUNCTION private.refund_investment_payment(charge jsonb) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    target public.investments;
begin
    select i.* into target from public.investments i where i.payment_reference = charge ->> 'payment_intent';
    if target.id is null then
        select i.* into target from public.investments i where i.id = private.stripe_investment_id(charge);
    end if;
    if target.id is null then
        return null;
    end if;
    -- lock order everywhere: campaign, then investment, then tier
    perform 1 from public.campaigns c where c.id = target.campaign_id for update;
    select i.* into target from public.investments i where i.id = target.id for update;
    if target.id is null then
        return null;
    end if;
    if (charge ->> 'amount_refunded')::bigint < target.amount_cents then
        return 'ignored: partial refund of an investment';
    end if;
    update public.investments i
    set status = 'refunded', payment_status = 'refunded', refunded_at = coalesce(i.refunded_at, now())
    where i.id = target.id;
    return 'applied';
end
$$;

CREATE FUNCTION private.refuse_status_move() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    raise exception 'a generation cannot go from % to %', old.status, new.status
        using errcode = 'PT409', detail = format('generation %s', old.id);
end
$$;

CREATE FUNCTION private.refuse_version_change() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    raise exception 'workflow version % of % is published and cannot change', old.version, old.workflow_id
        using errcode = '55000', hint = 'publish a new version';
end
$$;

CREATE FUNCTION private.reprice_cart_lines() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if tg_table_name = 'products' then
        update public.cart_items i set unit_price_cents = new.price_cents
        where i.product_id = new.id
          and (i.variant_id is null
               or i.variant_id in (select v.id from public.product_variants v
                                   where v.product_id = new.id and v.price_cents is null));
    else
        update public.cart_items i
        set unit_price_cents = coalesce(new.price_cents, (select p.price_cents from public.products p
                                                          where p.id = new.product_id))
        where i.variant_id = new.id;
    end if;
    return null;
end
$$;

CREATE FUNCTION private.request_metadata(OUT ip_address inet, OUT user_agent text) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
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

CREATE FUNCTION private.require_max_length(value text, max_length integer, what text) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
    if length(value) > max_length then
        raise exception '% is too long (at most % characters)', what, max_length using errcode = '22023';
    end if;
end
$$;

CREATE FUNCTION private.require_org_role(org_id uuid, min_role public.member_role, action text, permission text DEFAULT NULL::text) RETURNS public.organization_members
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    found public.organization_members;
begin
    -- deleting the organization updates this row (organization_deleted_at), so the lock also
    -- orders this call against a concurrent delete_organization
    select m.* into found from public.organization_members m
    where m.organization_id = org_id and m.user_id = private.require_user() and m.organization_deleted_at is null
    for update;
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

CREATE FUNCTION private.require_text(value text, name text, max_length integer) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
begin
    if value is not null and length(value) > max_length then
        raise exception '% is longer than % characters', name, max_length using errcode = '22023';
    end if;
end
$$;

CREATE FUNCTION private.require_unarchived_workflow(workflow uuid) RETURNS void
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    archived_name text;
begin
    select w.name into archived_name from public.workflows w where w.id = workflow and w.status = 'archived';
    if archived_name is not null then
        raise exception 'workflow "%" is archived', archived_name using errcode = '55000';
    end if;
end
$$;

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
    if private.acting_user_id() is null then
        raise exception 'account suspended' using errcode = '42501';
    end if;
    return uid;
end
$$;

CREATE FUNCTION private.restock_order() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    line record;
begin
    for line in
        update public.order_items i set restocked = true
        where i.order_id = new.id and not i.restocked
        returning i.product_id, i.variant_id, i.quantity
    loop
        if line.variant_id is not null then
            update public.product_variants v set stock_quantity = v.stock_quantity + line.quantity
            from public.products p
            where v.id = line.variant_id and p.id = v.product_id and p.track_inventory;
        else
            update public.products p set stock_quantity = p.stock_quantity + line.quantity
            where p.id = line.product_id and p.track_inventory;
        end if;
        update public.products p set sold_count = greatest(p.sold_count - line.quantity, 0)
        where p.id = line.product_id;
    end loop;
    if new.status = 'cancelled' and new.discount_code_id is not null then
        update public.discount_codes d set usage_count = greatest(d.usage_count - 1, 0)
        where d.id = new.discount_code_id;
    end if;
    return null;
end
$$;

CREATE TABLE public.license_agreements (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    project_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    request_id uuid,
    licensee_user_id uuid,
    licensee_company text NOT NULL,
    license_type text NOT NULL,
    territory text NOT NULL,
    start_date date NOT NULL,
    end_date date NOT NULL,
    royalty_percent numeric(5,2) NOT NULL,
    minimum_guarantee_cents bigint DEFAULT 0 NOT NULL,
    advance_payment_cents bigint DEFAULT 0 NOT NULL,
    currency text DEFAULT 'usd'::text NOT NULL,
    contract_url text,
    signed_at timestamp with time zone,
    status text DEFAULT 'draft'::text NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT license_agreements_advance_payment_cents_check CHECK ((advance_payment_cents >= 0)),
    CONSTRAINT license_agreements_check CHECK ((end_date > start_date)),
    CONSTRAINT license_agreements_currency_check CHECK ((currency ~ '^[a-z]{3}$'::text)),
    CONSTRAINT license_agreements_minimum_guarantee_cents_check CHECK ((minimum_guarantee_cents >= 0)),
    CONSTRAINT license_agreements_royalty_percent_check CHECK (((royalty_percent >= (0)::numeric) AND (royalty_percent <= (100)::numeric))),
    CONSTRAINT license_agreements_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'pending_signature'::text, 'active'::text, 'expired'::text, 'terminated'::text])))
);

CREATE FUNCTION private.royalty_amount(agreement public.license_agreements, period_start date, period_end date, gross bigint, net bigint) RETURNS bigint
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select greatest(
        round(coalesce(net, gross) * agreement.royalty_percent / 100),
        round(agreement.minimum_guarantee_cents::numeric * (period_end - period_start + 1)
              / (agreement.end_date - agreement.start_date + 1))
    )::bigint
$$;

CREATE FUNCTION private.royalty_report_rules() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    agreement public.license_agreements;
    client boolean := private.is_client_request();
begin
    if tg_op = 'DELETE' then
        if old.status = 'paid' then
            raise exception 'a paid royalty report cannot be changed or deleted' using errcode = '55000';
        end if;
        return old;
    end if;
    if tg_op = 'UPDATE' then
        if old.status = 'paid' then
            raise exception 'a paid royalty report cannot be changed or deleted' using errcode = '55000';
        end if;
        if (new.agreement_id, new.organization_id, new.licensee_user_id, new.submitted_by)
           is distinct from (old.agreement_id, old.organization_id, old.licensee_user_id, old.submitted_by) then
            raise exception 'a royalty report''s agreement and parties never change' using errcode = '42501';
        end if;
        if client then
            if (new.status, new.paid_at, new.payment_reference) is distinct from
               (old.status, old.paid_at, old.payment_reference) then
                raise exception 'royalty reports are settled through settle_royalty_report' using errcode = '42501';
            end if;
            -- a corrected report goes back to the licensor for verification
            new.status := 'pending';
            new.submitted_at := now();
        end if;
    end if;
    select a.* into agreement from public.license_agreements a where a.id = new.agreement_id;
    if agreement.id is null then
        raise exception 'licence agreement not found' using errcode = 'P0002';
    end if;
    if tg_op = 'INSERT' then
        if agreement.status not in ('active', 'expired') then
            raise exception 'royalties are reported on a signed agreement (this one is %)', agreement.status
                using errcode = '55000';
        end if;
        new.organization_id := agreement.organization_id;
        new.licensee_user_id := agreement.licensee_user_id;
        if client then
            new.submitted_by := auth.uid();
            new.status := 'pending';
            new.paid_at := null;
            new.payment_reference := null;
        end if;
    end if;
    if new.period_start < agreement.start_date or new.period_end > agreement.end_date then
        raise exception 'the period % to % is outside the agreement (% to %)', new.period_start, new.period_end,
            agreement.start_date, agreement.end_date using errcode = '22023';
    end if;
    new.royalty_amount_cents := private.royalty_amount(agreement, new.period_start, new.period_end,
                                                       new.gross_revenue_cents, new.net_revenue_cents);
    new.updated_at := now();
    return new;
end
$$;

CREATE FUNCTION private.rsvp_rules() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    event public.events;
begin
    if tg_op = 'UPDATE' and (new.event_id, new.user_id, new.community_id)
                            is distinct from (old.event_id, old.user_id, old.community_id) then
        raise exception 'an RSVP changes only its status' using errcode = '42501';
    end if;
    -- invoker rights: the event must be readable
    select e.* into event from public.events e where e.id = new.event_id;
    if event.id is null then
        raise exception 'event not found' using errcode = 'P0002';
    end if;
    if event.status <> 'scheduled' then
        raise exception 'this event is %', event.status using errcode = '55000';
    end if;
    if coalesce(event.rsvp_deadline, event.event_date) <= now() then
        raise exception 'RSVPs for this event closed at %', coalesce(event.rsvp_deadline, event.event_date)
            using errcode = '55000';
    end if;
    new.community_id := event.community_id;
    if tg_op = 'INSERT' and private.is_client_request() then
        new.user_id := auth.uid();
        new.reminder_sent := false;
    end if;
    new.updated_at := now();
    return new;
end
$$;

CREATE FUNCTION private.run_duty(duty_name text, force boolean DEFAULT false) RETURNS jsonb
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    duty private.duties;
    started timestamptz := clock_timestamp();
    affected integer;
    failure text;
begin
    select d.* into duty from private.claim_duty(duty_name, force) d;
    if duty.name is null then
        if not exists (select from private.duties d where d.name = duty_name) then
            raise exception 'unknown duty "%"', left(duty_name, 100) using errcode = 'P0002';
        end if;
        return null;
    end if;
    if duty.kind <> 'sql' then
        raise exception 'duty "%" runs in Python (creatorverse.workers.duties)', duty.name using errcode = '22023';
    end if;
    begin
        execute format('select %I.%I($1)', split_part(duty.function_name, '.', 1), split_part(duty.function_name, '.', 2))
            into affected using duty.batch_size;
        affected := coalesce(affected, 0);
    exception when others then
        failure := format('%s: %s', sqlstate, sqlerrm);
    end;
    duty := private.finish_duty(duty.name, started, affected, failure);
    return jsonb_build_object('duty', duty.name, 'rows', affected, 'error', failure,
                              'duration_ms', duty.last_duration_ms, 'next_due_at', duty.next_due_at);
end
$_$;

CREATE FUNCTION private.run_generation_ids(nodes jsonb) RETURNS uuid[]
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select array(select (v #>> '{}')::uuid from jsonb_each(nodes) as c (k, v))
$$;

CREATE FUNCTION private.scene_speech(scene public.scenes) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select coalesce(
        nullif(btrim((select string_agg(coalesce(l ->> 'text', l #>> '{}'), ' ' order by n)
                      from jsonb_array_elements(
                          case when jsonb_typeof(scene.audio_requirements -> 'lines') = 'array'
                               then scene.audio_requirements -> 'lines' else '[]' end
                      ) with ordinality as x (l, n))), ''),
        nullif(btrim(scene.audio_description), ''),
        nullif(btrim(scene.description), ''),
        scene.title,
        format('Scene %s', scene.scene_number)
    )
$$;

CREATE TABLE public.schedules (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid NOT NULL,
    created_by uuid,
    name text NOT NULL,
    cron text NOT NULL,
    timezone text DEFAULT 'UTC'::text NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    kind text,
    request jsonb DEFAULT '{}'::jsonb NOT NULL,
    last_run_at timestamp with time zone,
    last_generation_id uuid,
    last_error text,
    next_run_at timestamp with time zone,
    run_count bigint DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    workflow_id uuid,
    CONSTRAINT schedules_cron_check CHECK (((length(cron) >= 9) AND (length(cron) <= 200))),
    CONSTRAINT schedules_kind_size CHECK ((char_length(kind) <= 200)),
    CONSTRAINT schedules_last_error_size CHECK ((char_length(last_error) <= 40000)),
    CONSTRAINT schedules_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT schedules_request_check CHECK ((jsonb_typeof(request) = 'object'::text)),
    CONSTRAINT schedules_request_size CHECK ((pg_column_size(request) <= 65536)),
    CONSTRAINT schedules_run_count_check CHECK ((run_count >= 0)),
    CONSTRAINT schedules_target_check CHECK ((num_nonnulls(kind, workflow_id) = 1)),
    CONSTRAINT schedules_timezone_check CHECK ((length(timezone) <= 64))
);

CREATE FUNCTION private.scheduled_request(due public.schedules) RETURNS public.generations
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
    unknown text;
begin
    if jsonb_typeof(due.request) is distinct from 'object' or pg_column_size(due.request) > 65536 then
        raise exception 'a schedule''s request must be a JSON object of at most 64 KiB'
            using errcode = '22023';
    end if;
    if due.workflow_id is not null then
        return null;
    end if;
    select k into unknown from jsonb_object_keys(due.request) k
    where k not in ('prompt', 'params', 'provider', 'model', 'units', 'priority', 'variant', 'parent_id', 'scene_id',
                    'script_id', 'chapter_id', 'moodboard_id', 'animation_id', 'scene_number')
    order by k limit 1;
    if unknown is not null then
        raise exception 'unknown key "%" in a schedule''s request', unknown using errcode = '22023';
    end if;
    begin
        return jsonb_populate_record(null::public.generations, due.request || jsonb_build_object(
            'project_id', due.project_id, 'kind', due.kind, 'metadata', jsonb_build_object('schedule_id', due.id)));
    exception when data_exception then
        raise exception 'a schedule''s request holds a value of the wrong type: %', sqlerrm using errcode = '22023';
    end;
end
$$;

CREATE FUNCTION private.secret_hint(secret text) RETURNS text
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $$
    select case when length(secret) >= 12 then '…' || right(secret, 4) else '…' end
$$;

CREATE FUNCTION private.send_event_reminders(p_batch integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    sent integer := 0;
    rsvp record;
begin
    for rsvp in
        update public.event_rsvps r set reminder_sent = true
        from public.events e
        where e.id = r.event_id and not r.reminder_sent
          and r.id in (select p.id from public.event_rsvps p
                       join public.events u on u.id = p.event_id
                       where u.status = 'scheduled' and not p.reminder_sent and p.status in ('going', 'interested')
                         and u.event_date > private.now() and u.event_date <= private.now() + interval '24 hours'
                       order by u.event_date limit p_batch for update of p skip locked)
        returning r.user_id, e.id as event_id, e.title, e.event_date, e.event_url, e.location
    loop
        perform private.notify(rsvp.user_id, 'event_reminder',
            jsonb_build_object('event_date', rsvp.event_date, 'event_url', rsvp.event_url, 'location', rsvp.location),
            reference_type => 'event', reference_id => rsvp.event_id,
            title => format('%s starts %s', rsvp.title, to_char(rsvp.event_date at time zone 'UTC',
                                                                 'YYYY-MM-DD HH24:MI "UTC"')));
        sent := sent + 1;
    end loop;
    return sent;
end
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

CREATE FUNCTION private.settle_campaigns(p_batch integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    campaign public.campaigns;
    result text;
    settled integer := 0;
begin
    for campaign in
        select c.* from public.campaigns c where c.status = 'active' and c.end_date <= private.now()
        order by c.end_date limit p_batch for update skip locked
    loop
        if campaign.raised_amount_cents >= campaign.goal_amount_cents
           or (campaign.funding_type = 'flexible' and campaign.raised_amount_cents > 0) then
            result := 'funded';
        else
            result := 'failed';
        end if;
        update public.campaigns c
        set status = result,
            funded_at = case when result = 'funded' then private.now() end,
            failed_at = case when result = 'failed' then private.now() end
        where c.id = campaign.id;
        if result = 'failed' then
            perform private.refund_campaign(campaign.id);
        end if;
        settled := settled + 1;
    end loop;
    return settled;
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
            hold.reference_type, hold.reference_id,
            -- a generation's capture says whose provider key ran it
            metadata => case when hold.paid_by is not null then jsonb_build_object('paid_by', hold.paid_by)
                             else '{}' end);
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
    if tg_op = 'UPDATE' and new_row -> 'deleted_at' is distinct from old_row -> 'deleted_at' then
        -- deleting or restoring is not a new version: the history is deleted or restored with it
        update public.versions v set deleted_at = new.deleted_at
        where v.entity_type = tg_argv[0] and v.entity_id = new.id;
        return null;
    end if;
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

CREATE FUNCTION private.stamp_actor() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    column_name text;
    caller jsonb := to_jsonb(auth.uid());
begin
    if not private.is_client_request() then
        return new;
    end if;
    foreach column_name in array tg_argv loop
        new := jsonb_populate_record(new, jsonb_build_object(column_name, caller));
    end loop;
    return new;
end
$$;

CREATE FUNCTION private.stamp_project_published() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    new.published_at := case
        when tg_op = 'INSERT' then case when new.status = 'published' then now() end
        when new.status = 'published' and old.status <> 'published' then coalesce(old.published_at, now())
        else old.published_at end;
    return new;
end
$$;

CREATE FUNCTION private.start_credit_periods(p_batch integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    due record;
    cycle interval;
    periods integer;
    started integer := 0;
begin
    for due in
        select b.organization_id, b.next_reset_at, s.billing_cycle
        from public.credit_balances b
        join public.subscriptions s on s.organization_id = b.organization_id
        join public.organizations o on o.id = b.organization_id
        where b.next_reset_at <= private.now() and o.deleted_at is null
          and (s.stripe_subscription_id is null or s.status = 'canceled')
        order by b.next_reset_at
        limit p_batch
        for update of b skip locked
    loop
        cycle := case due.billing_cycle when 'yearly' then interval '1 year' else interval '1 month' end;
        periods := 1;  -- boundaries are counted from next_reset_at (month ends stay month ends)
        while due.next_reset_at + cycle * periods <= private.now() loop
            periods := periods + 1;
        end loop;
        perform public.credits_start_period(due.organization_id, due.next_reset_at + cycle * (periods - 1));
        started := started + 1;
    end loop;
    return started;
end
$$;

CREATE FUNCTION private.start_generation(spec public.generations, caller uuid) RETURNS public.generations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    gen_kind public.generation_kinds;
    estimate record;
    created public.generations;
    hold public.credit_holds;
    tokens bigint;
    render_seconds bigint;
    kai_credits bigint;
    videos bigint;
begin
    spec := private.checked_generation(spec, caller);
    select k.* into gen_kind from public.generation_kinds k where k.kind = spec.kind;
    if spec.dedup_key is not null then
        select g.* into created from public.generations g
        where g.organization_id = spec.organization_id and g.dedup_key = spec.dedup_key;
        if created.id is not null then
            return created;
        end if;
    end if;
    perform private.check_emergency_stop();
    estimate := private.estimate_generation(spec.kind, spec.provider, spec.model, spec.units);
    spec.id := coalesce(spec.id, gen_random_uuid());
    spec.user_id := caller;
    -- whose key pays, decided once here: the estimate, the hold and the capture follow it
    spec.provider_credential_id := private.own_key_credential(spec.organization_id, spec.kind, spec.provider);
    spec.paid_by := case when spec.provider_credential_id is null then 'platform' else 'own_key' end;
    spec.estimated_credits := private.credits_for_key(spec.organization_id, coalesce(estimate.credits, 0), spec.paid_by);
    -- the platform's own provider cost: none when the organization's key pays the provider
    spec.estimated_cost_usd := case when spec.paid_by = 'own_key' then 0 else coalesce(estimate.cost_usd, 0) end;
    spec.result := '{}';
    spec.progress := 0;
    spec.completed_steps := 0;
    spec.cost_tokens := 0;
    spec.cost_render_seconds := 0;
    spec.cost_kai_credits := 0;
    spec.hold_id := null;
    spec.actual_credits := null;
    insert into public.generations select spec.*
    on conflict (organization_id, dedup_key) where dedup_key is not null do nothing
    returning * into created;
    if created.id is null then  -- a concurrent request with the same key won
        select g.* into created from public.generations g
        where g.organization_id = spec.organization_id and g.dedup_key = spec.dedup_key;
        return created;
    end if;
    -- the quota counters a kind moves follow its metered resource (generation_kinds.resource_type)
    tokens := case when gen_kind.resource_type = 'llm_tokens' then ceil(created.units * 1000)::bigint else 0 end;
    render_seconds := case when gen_kind.resource_type = 'render_seconds' then ceil(created.units * 10)::bigint
                           else 0 end;
    kai_credits := case when gen_kind.resource_type = 'kai_credits' then created.estimated_credits else 0 end;
    videos := case when created.kind = 'video' and created.parent_id is null then 1 else 0 end;
    if created.estimated_credits > 0 then
        hold := public.authorize_generation(
            created.organization_id, caller, created.estimated_credits, 'generation:' || created.id,
            tokens => tokens, render_seconds => render_seconds, kai_credits => kai_credits, videos => videos,
            hold_for => gen_kind.hold_for, reference_type => 'generation', reference_id => created.id::text);
        update public.credit_holds h set paid_by = created.paid_by where h.id = hold.id and h.paid_by is null;
        update public.generations g set hold_id = hold.id where g.id = created.id returning * into created;
    elsif caller is not null or greatest(tokens, render_seconds, kai_credits, videos) > 0 then
        perform private.lock_credit_balance(created.organization_id);
        perform private.count_generation_usage(created.organization_id, caller, 0, tokens, render_seconds,
                                               kai_credits, videos);
    end if;
    return created;
end
$$;

CREATE FUNCTION private.start_pipeline_job(parent public.generations, caller uuid, job_kind text, scene public.scenes, job_prompt text, job_params jsonb, job_units numeric, job_metadata jsonb) RETURNS public.generations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    return private.start_generation(
        jsonb_populate_record(null::public.generations, jsonb_build_object(
            'organization_id', parent.organization_id, 'project_id', parent.project_id, 'parent_id', parent.id,
            'script_id', parent.script_id, 'scene_id', scene.id, 'scene_number', scene.scene_number,
            'kind', job_kind, 'prompt', job_prompt, 'params', job_params, 'units', job_units,
            'priority', parent.priority, 'provider', parent.params ->> 'provider',
            'metadata', jsonb_build_object('pipeline', parent.metadata ->> 'pipeline', 'stage', job_kind)
                        || coalesce(job_metadata, '{}'))),
        caller);
end
$$;

CREATE FUNCTION private.start_scheduled_workflow(due public.schedules, run_key text) RETURNS public.generations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    published public.workflow_versions;
    run public.workflow_runs;
    render public.generations;
begin
    select v.* into published from public.workflow_versions v
    join public.workflows w on w.id = v.workflow_id and w.current_version = v.version and w.deleted_at is null
    where w.id = due.workflow_id;
    if published.id is null then
        raise exception 'the workflow has no published version' using errcode = 'P0002';
    end if;
    run := private.start_workflow_run(published, due.request, due.created_by, run_key, due.id);
    select g.* into render from public.generations g where g.id = run.render_generation_id;
    return render;
end
$$;

CREATE TABLE public.workflow_runs (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    workflow_id uuid NOT NULL,
    workflow_version_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid NOT NULL,
    version integer NOT NULL,
    status text DEFAULT 'running'::text NOT NULL,
    progress numeric(5,2) DEFAULT 0 NOT NULL,
    total_nodes integer NOT NULL,
    completed_nodes integer DEFAULT 0 NOT NULL,
    inputs jsonb DEFAULT '{}'::jsonb NOT NULL,
    nodes jsonb DEFAULT '{}'::jsonb NOT NULL,
    render_generation_id uuid,
    output_url text,
    thumbnail_url text,
    subtitles_url text,
    duration_ms bigint,
    estimated_credits bigint DEFAULT 0 NOT NULL,
    error_node text,
    error_message text,
    schedule_id uuid,
    dedup_key text,
    started_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    CONSTRAINT workflow_runs_check CHECK ((completed_nodes <= total_nodes)),
    CONSTRAINT workflow_runs_completed_nodes_check CHECK ((completed_nodes >= 0)),
    CONSTRAINT workflow_runs_dedup_key_check CHECK (((length(dedup_key) >= 1) AND (length(dedup_key) <= 200))),
    CONSTRAINT workflow_runs_duration_ms_check CHECK ((duration_ms >= 0)),
    CONSTRAINT workflow_runs_estimated_credits_check CHECK ((estimated_credits >= 0)),
    CONSTRAINT workflow_runs_inputs_check CHECK ((jsonb_typeof(inputs) = 'object'::text)),
    CONSTRAINT workflow_runs_nodes_check CHECK ((jsonb_typeof(nodes) = 'object'::text)),
    CONSTRAINT workflow_runs_progress_check CHECK (((progress >= (0)::numeric) AND (progress <= (100)::numeric))),
    CONSTRAINT workflow_runs_status_check CHECK ((status = ANY (ARRAY['running'::text, 'succeeded'::text, 'failed'::text, 'cancelled'::text]))),
    CONSTRAINT workflow_runs_total_nodes_check CHECK ((total_nodes > 0))
);

CREATE TABLE public.workflow_versions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    workflow_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid NOT NULL,
    version integer NOT NULL,
    graph jsonb NOT NULL,
    variables jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT workflow_versions_version_check CHECK ((version > 0))
);

CREATE FUNCTION private.start_workflow_run(published public.workflow_versions, inputs jsonb, caller uuid, run_dedup_key text, schedule uuid) RETURNS public.workflow_runs
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    run public.workflow_runs;
    run_values jsonb;
    nodes jsonb := published.graph -> 'nodes';
    edges jsonb := coalesce(published.graph -> 'edges', '[]');
    node jsonb;
    node_type public.workflow_node_types;
    template public.templates;
    params jsonb;
    created_ids jsonb := '{}';
    pending text [];
    ready boolean;
    spec public.generations;
    created public.generations;
    edge jsonb;
    port text;
    role text;
    i integer;
    problem text := private.workflow_graph_problem(published.graph, published.variables, published.organization_id);
    placeholder_type text;
    field text;
begin
    if problem is not null then
        raise exception 'workflow version %: %', published.version, problem using errcode = '22023';
    end if;
    perform private.require_unarchived_workflow(published.workflow_id);
    if run_dedup_key is not null then
        select r.* into run from public.workflow_runs r
        where r.organization_id = published.organization_id and r.dedup_key = run_dedup_key;
        if run.id is not null then
            return run;
        end if;
    end if;
    run_values := private.workflow_run_values(published.variables, coalesce(inputs, '{}'));
    insert into public.workflow_runs (workflow_id, workflow_version_id, organization_id, project_id, version,
                                      total_nodes, inputs, dedup_key, started_by, schedule_id)
    values (published.workflow_id, published.id, published.organization_id, published.project_id, published.version,
            jsonb_array_length(nodes), run_values, run_dedup_key, caller, schedule)
    returning * into run;
    -- dependency order: a node after every node feeding it (the graph is a DAG)
    pending := array(select x ->> 'id' from jsonb_array_elements(nodes) x);
    while cardinality(pending) > 0 loop
        for i in 1..cardinality(pending) loop
            continue when pending[i] is null;
            ready := not exists (select from jsonb_array_elements(edges) e
                                 where e ->> 'to' = pending[i] and not created_ids ? (e ->> 'from'));
            continue when not ready;
            select x into node from jsonb_array_elements(nodes) x where x ->> 'id' = pending[i];
            select t.* into node_type from public.workflow_node_types t where t.type = node ->> 'type';
            params := node_type.defaults || private.fill_placeholders(node, run_values);
            if node_type.type = 'Edit.Timeline' and params ? 'template_id' then
                select t.* into template from public.templates t where t.id = (params ->> 'template_id')::uuid;
                -- placeholders filled with live assets of the right type, of this project or the
                -- organization's library (none of another project: a run's scope is its project)
                for field in select k from jsonb_object_keys(coalesce(params -> 'placeholders', '{}')) k
                             order by k collate "C" loop
                    placeholder_type := split_part(template.spec -> 'placeholders' ->> field, '_', 1);
                    if not exists (select from public.assets a
                                   where (params -> 'placeholders' ->> field) ~ '^[0-9a-fA-F-]{36}$'
                                     and a.id = (params -> 'placeholders' ->> field)::uuid
                                     and a.organization_id = published.organization_id and a.deleted_at is null
                                     and (a.project_id is null or a.project_id = published.project_id)
                                     and a.type = case placeholder_type when 'text' then 'document'
                                                                        else placeholder_type end) then
                        raise exception '%: params.placeholders.%: no % asset %', private.node_label(node), field,
                            placeholder_type, params -> 'placeholders' -> field using errcode = '22023';
                    end if;
                end loop;
                params := params || jsonb_build_object(
                    'template_version', template.version, 'aspect', template.aspect,
                    'width', split_part(template.resolution, 'x', 1)::integer,
                    'height', split_part(template.resolution, 'x', 2)::integer,
                    'burn_subtitles', exists (select from jsonb_array_elements(template.spec -> 'tracks') t
                                              where t ->> 'type' = 'subtitle'));
                update public.templates t set usage_count = t.usage_count + 1 where t.id = template.id;
            end if;
            params := params || jsonb_build_object('workflow_run_id', run.id, 'node_id', node ->> 'id',
                                                   'node_type', node_type.type);
            spec := jsonb_populate_record(null::public.generations, jsonb_build_object(
                'organization_id', published.organization_id, 'project_id', published.project_id,
                'kind', node_type.kind, 'params', params,
                'prompt', coalesce(params ->> 'prompt', params ->> 'query'),
                'variant', case when node_type.type = 'Subtitle.Auto' then 'subtitles' end,
                -- the platform's key space: no client key starts with 'workflow_run:'
                'dedup_key', 'workflow_run:' || run.id || ':' || (node ->> 'id'),
                'metadata', jsonb_build_object('workflow_run_id', run.id, 'workflow_id', published.workflow_id,
                                               'workflow_version', published.version, 'node_id', node ->> 'id',
                                               'node_type', node_type.type)));
            created := private.start_generation(spec, caller);
            created_ids := created_ids || jsonb_build_object(node ->> 'id', created.id);
            run.estimated_credits := run.estimated_credits + created.estimated_credits;
            if node_type.type = 'Output.Render' then
                run.render_generation_id := created.id;
            end if;
            pending[i] := null;
        end loop;
        pending := array_remove(pending, null);
    end loop;
    -- the edges become inputs (a subtitles input carries the speech it is timed to)
    for i in 0..jsonb_array_length(edges) - 1 loop
        edge := edges -> i;
        select t.* into node_type from public.workflow_node_types t
        where t.type = (select x ->> 'type' from jsonb_array_elements(nodes) x where x ->> 'id' = edge ->> 'to');
        port := edge ->> 'toPort';
        if port is null or port = 'input' then
            select p.key into port from jsonb_each(node_type.inputs) p
            where p.value -> 'types' ? (
                select o.value #>> '{}' from public.workflow_node_types f, jsonb_each(f.outputs) o
                where f.type = (select x ->> 'type' from jsonb_array_elements(nodes) x where x ->> 'id' = edge ->> 'from')
                order by o.key collate "C" limit 1)
            order by p.key collate "C" limit 1;
        end if;
        role := node_type.inputs -> port ->> 'role';
        insert into public.generation_inputs (generation_id, organization_id, project_id, role, sequence_order,
                                              input_generation_id, transform_params)
        values ((created_ids ->> (edge ->> 'to'))::uuid, published.organization_id, published.project_id, role, i,
                (created_ids ->> (edge ->> 'from'))::uuid,
                jsonb_build_object('edge', edge ->> 'id', 'port', port));
    end loop;
    insert into public.generation_inputs (generation_id, organization_id, project_id, role, sequence_order,
                                          input_generation_id, transform_params)
    select gi.generation_id, gi.organization_id, gi.project_id, 'audio', gi.sequence_order, speech.input_generation_id,
           jsonb_build_object('edge', gi.transform_params ->> 'edge', 'port', 'audio', 'carried_by', 'subtitles')
    from public.generation_inputs gi
    join public.generation_inputs speech on speech.generation_id = gi.input_generation_id and speech.role = 'audio'
    where gi.generation_id in (select unnest(private.run_generation_ids(created_ids)))
      and gi.role = 'subtitles'
      and not exists (select from public.generation_inputs a where a.generation_id = gi.generation_id
                                                             and a.role = 'audio');
    update public.workflow_runs r
    set nodes = created_ids, estimated_credits = run.estimated_credits, render_generation_id = run.render_generation_id
    where r.id = run.id
    returning * into run;
    update public.workflows w set run_count = w.run_count + 1, last_run_at = now() where w.id = published.workflow_id;
    return run;
end
$_$;

CREATE FUNCTION private.storage_orphans(p_batch integer, backend text, bucket text) RETURNS TABLE(asset_id uuid, organization_id uuid, storage_paths text[])
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select a.id, a.organization_id,
           array[a.storage_path] || array(select v.storage_path from public.asset_versions v
                                          where v.asset_id = a.id and v.storage_path <> a.storage_path)
    from public.assets a
    where a.storage_purged_at is null and (a.deleted_at is not null or a.status = 'failed')
      and coalesce(a.deleted_at, a.updated_at) <= private.now() - interval '7 days'
      and a.storage_provider = backend and a.storage_bucket is not distinct from bucket
    order by coalesce(a.deleted_at, a.updated_at)
    limit p_batch
    for update of a skip locked
$$;

CREATE FUNCTION private.store_apply_checkout(session jsonb) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    target public.orders;
    deferred record;
begin
    select o.* into target from public.orders o where o.id::text = session -> 'metadata' ->> 'order_id' for update;
    if target.id is null then
        return 'ignored: unknown order';
    end if;
    if session ->> 'payment_status' <> 'paid' then
        return 'ignored: checkout not paid';
    end if;
    if target.payment_status <> 'pending' then
        return 'ignored: order already paid';
    end if;
    if (session ->> 'amount_total')::bigint is distinct from target.total_cents
       or lower(session ->> 'currency') is distinct from target.currency then
        return format('ignored: paid %s %s, the order is %s %s', session ->> 'amount_total', session ->> 'currency',
                      target.total_cents, target.currency);
    end if;
    update public.orders o
    set payment_status = 'paid', paid_at = now(), payment_method = 'stripe',
        payment_reference = session ->> 'payment_intent', stripe_checkout_session_id = session ->> 'id',
        status = case when o.status = 'pending' then 'confirmed' else o.status end
    where o.id = target.id;
    -- refunds of this payment that arrived first
    for deferred in
        select e.id, e.payload from private.stripe_events e
        where e.outcome = 'deferred' and e.payload -> 'data' -> 'object' ->> 'payment_intent' = session ->> 'payment_intent'
        order by e.stripe_created_at
    loop
        update private.stripe_events e set outcome = private.store_apply_refund(deferred.payload -> 'data' -> 'object')
        where e.id = deferred.id;
    end loop;
    -- a payment after the hold expired: recorded, but the stock may be sold to someone else by
    -- now and a cancelled order stays cancelled, so the money is owed back
    return case when target.status = 'cancelled' and target.cancellation_reason = 'hold_expired'
                then 'applied: the order''s hold expired, refund this payment'
                when target.status = 'cancelled' then 'applied: the order was cancelled, refund this payment'
                else 'applied' end;
end
$$;

CREATE FUNCTION private.store_apply_refund(charge jsonb) RETURNS text
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    target public.orders;
    refunded bigint;
begin
    select o.* into target from public.orders o
    where o.id::text = charge -> 'metadata' ->> 'order_id' or o.payment_reference = charge ->> 'payment_intent'
    limit 1
    for update;
    if target.id is null then
        return 'ignored: unknown order';
    end if;
    if target.payment_status = 'pending' then
        return 'deferred';
    end if;
    refunded := least(coalesce((charge ->> 'amount_refunded')::bigint, 0), target.total_cents);
    if refunded <= target.refunded_cents then
        return 'applied';
    end if;
    update public.orders o
    set refunded_cents = refunded,
        payment_status = case when refunded >= o.total_cents then 'refunded' else 'partially_refunded' end,
        status = case when refunded >= o.total_cents and o.status not in ('pending', 'cancelled') then 'refunded'
                      else o.status end
    where o.id = target.id;
    return 'applied';
end
$$;

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
    perform private.grant_credits(org_id, credits, 'purchase', 'stripe:checkout:' || (session ->> 'id'), 'ledger',
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

CREATE FUNCTION private.stripe_investment_id(stripe_object jsonb) RETURNS uuid
    LANGUAGE sql IMMUTABLE
    SET search_path TO ''
    AS $_$
    select case when stripe_object -> 'metadata' ->> 'investment_id'
                     ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                then (stripe_object -> 'metadata' ->> 'investment_id')::uuid end
$_$;

CREATE FUNCTION private.stripe_is_order(stripe_object jsonb) RETURNS boolean
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    select stripe_object -> 'metadata' ? 'order_id'
        or exists (select 1 from public.orders o where o.payment_reference = stripe_object ->> 'payment_intent')
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

CREATE FUNCTION private.sync_marketplace_deletion() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    -- project_deleted_at: since when the project or its organization is deleted (null: live)
    update public.contents c set project_deleted_at = coalesce(p.deleted_at, o.deleted_at)
    from public.projects p
    join public.organizations o on o.id = p.organization_id
    where c.project_id = p.id
      and (tg_table_name = 'projects' and p.id = new.id or tg_table_name = 'organizations' and o.id = new.id)
      and c.project_deleted_at is distinct from coalesce(p.deleted_at, o.deleted_at);
    update public.campaigns c set project_deleted_at = coalesce(p.deleted_at, o.deleted_at)
    from public.projects p
    join public.organizations o on o.id = p.organization_id
    where c.project_id = p.id
      and (tg_table_name = 'projects' and p.id = new.id or tg_table_name = 'organizations' and o.id = new.id)
      and c.project_deleted_at is distinct from coalesce(p.deleted_at, o.deleted_at);
    return null;
end
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

CREATE FUNCTION private.template_rules() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    problem text;
begin
    if tg_op = 'INSERT' then
        if new.project_id is not null then
            new.organization_id := private.project_organization(new.project_id);
        end if;
        new.version := 1;
        if private.is_client_request() then
            new.created_by := auth.uid();
            new.usage_count := 0;
        end if;
    elsif (new.spec, new.aspect, new.resolution, new.name) is distinct from (old.spec, old.aspect, old.resolution, old.name)
    then
        new.version := old.version + 1;
    end if;
    problem := private.template_spec_problem(new.spec, new.aspect, new.resolution);
    if problem is not null then
        raise exception 'template "%": %', new.name, problem using errcode = '22023';
    end if;
    return new;
end
$$;

CREATE FUNCTION private.template_spec_problem(spec jsonb, aspect text, resolution text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    item jsonb;
    i integer;
    label text;
    track_id text;
    track_ids text [] := '{}';
    overlay_tracks text [] := '{}';
    has_video boolean := false;
    field text;
    min_scene numeric;
    width integer;
    height integer;
    aspect_w integer;
    aspect_h integer;
begin
    if aspect is null or aspect not in ('9:16', '16:9', '1:1', '4:5') then
        return 'aspect: must be one of 9:16, 16:9, 1:1, 4:5';
    end if;
    if resolution is null or resolution !~ '^[1-9][0-9]{1,3}x[1-9][0-9]{1,3}$' then
        return 'resolution: must be WIDTHxHEIGHT in pixels, e.g. 1080x1920';
    end if;
    width := split_part(resolution, 'x', 1)::integer;
    height := split_part(resolution, 'x', 2)::integer;
    aspect_w := split_part(aspect, ':', 1)::integer;
    aspect_h := split_part(aspect, ':', 2)::integer;
    if abs(width * aspect_h - height * aspect_w) > 0.01 * width * aspect_h then
        return format('resolution: %s does not match aspect %s', resolution, aspect);
    end if;
    if jsonb_typeof(spec) is distinct from 'object' then
        return 'spec: must be an object';
    end if;
    for field in select k from jsonb_object_keys(spec) k order by k collate "C" loop
        if field not in ('tracks', 'overlays', 'placeholders', 'rules', 'subtitle_style_presets') then
            return format('spec.%s: unknown field (tracks, overlays, placeholders, rules, subtitle_style_presets)',
                          field);
        end if;
    end loop;
    if jsonb_typeof(spec -> 'tracks') is distinct from 'array' or jsonb_array_length(spec -> 'tracks') = 0 then
        return 'tracks: a non-empty array of tracks is required';
    end if;
    if jsonb_array_length(spec -> 'tracks') > 50 then
        return 'tracks: at most 50 tracks';
    end if;
    for i in 0..jsonb_array_length(spec -> 'tracks') - 1 loop
        item := spec -> 'tracks' -> i;
        label := format('tracks[%s]', i);
        if jsonb_typeof(item) <> 'object' then
            return label || ': must be an object';
        end if;
        track_id := item ->> 'id';
        if jsonb_typeof(item -> 'id') is distinct from 'string' or track_id !~ '^[A-Za-z0-9_-]{1,64}$' then
            return label || '.id: must be 1-64 letters, digits, _ or -';
        end if;
        label := format('tracks[%s] "%s"', i, track_id);
        if track_id = any(track_ids) then
            return label || '.id: duplicate track id';
        end if;
        track_ids := track_ids || track_id;
        if jsonb_typeof(item -> 'type') is distinct from 'string'
           or item ->> 'type' not in ('video', 'audio', 'subtitle', 'overlay', 'image') then
            return label || '.type: must be one of video, audio, subtitle, overlay, image';
        end if;
        if item ? 'z' and not private.json_integer_between(item -> 'z', 0, 1000) then
            return label || '.z: must be an integer from 0 to 1000';
        end if;
        if item ? 'style' and jsonb_typeof(item -> 'style') <> 'object' then
            return label || '.style: must be an object';
        end if;
        has_video := has_video or item ->> 'type' = 'video';
        if item ->> 'type' = 'overlay' then
            overlay_tracks := overlay_tracks || track_id;
        end if;
    end loop;
    if not has_video then
        return 'tracks: a video track is required';
    end if;
    if spec ? 'overlays' then
        if jsonb_typeof(spec -> 'overlays') <> 'array' then
            return 'overlays: must be an array';
        end if;
        for i in 0..jsonb_array_length(spec -> 'overlays') - 1 loop
            item := spec -> 'overlays' -> i;
            label := format('overlays[%s]', i);
            if jsonb_typeof(item) <> 'object' then
                return label || ': must be an object';
            end if;
            if jsonb_typeof(item -> 'track') is distinct from 'string' or not (item ->> 'track' = any(overlay_tracks)) then
                return format('%s.track: %s is not an overlay track', label, coalesce(item -> 'track', 'null'));
            end if;
            if jsonb_typeof(item -> 'from') is distinct from 'number' or (item ->> 'from')::numeric < 0 then
                return label || '.from: must be a number of seconds >= 0';
            end if;
            if jsonb_typeof(item -> 'to') is distinct from 'number'
               or (item ->> 'to')::numeric <= (item ->> 'from')::numeric then
                return label || '.to: must be a number of seconds after from';
            end if;
            if jsonb_typeof(item -> 'content') is distinct from 'object' then
                return label || '.content: must be an object';
            end if;
            if jsonb_typeof(item -> 'content' -> 'type') is distinct from 'string'
               or item -> 'content' ->> 'type' not in ('text', 'image') then
                return label || '.content.type: must be text or image';
            end if;
            if item -> 'content' ->> 'type' = 'text'
               and (jsonb_typeof(item -> 'content' -> 'text') is distinct from 'string'
                    or btrim(item -> 'content' ->> 'text') = '') then
                return label || '.content.text: required for a text overlay';
            end if;
        end loop;
    end if;
    if spec ? 'placeholders' then
        if jsonb_typeof(spec -> 'placeholders') <> 'object' then
            return 'placeholders: must be an object';
        end if;
        for field in select k from jsonb_object_keys(spec -> 'placeholders') k order by k collate "C" loop
            if field !~ '^[A-Za-z_][A-Za-z0-9_]{0,63}$' then
                return format('placeholders.%s: name must be a letter or _ then up to 63 letters, digits or _', field);
            end if;
            if jsonb_typeof(spec -> 'placeholders' -> field) is distinct from 'string'
               or spec -> 'placeholders' ->> field !~ '^(image|audio|video|text)(_optional)?$' then
                return format('placeholders.%s: type must be image, audio, video or text, optionally with _optional',
                              field);
            end if;
        end loop;
    end if;
    if spec ? 'rules' then
        if jsonb_typeof(spec -> 'rules') <> 'object' then
            return 'rules: must be an object';
        end if;
        if spec -> 'rules' ? 'cuts' and (jsonb_typeof(spec -> 'rules' -> 'cuts') <> 'string'
            or spec -> 'rules' ->> 'cuts' not in ('auto_by_beats_or_speech', 'auto_by_beats', 'auto_by_speech',
                                                  'fixed', 'manual')) then
            return 'rules.cuts: must be one of auto_by_beats_or_speech, auto_by_beats, auto_by_speech, fixed, manual';
        end if;
        if spec -> 'rules' ? 'min_scene' then
            if jsonb_typeof(spec -> 'rules' -> 'min_scene') <> 'number'
               or (spec -> 'rules' ->> 'min_scene')::numeric <= 0 then
                return 'rules.min_scene: must be a number of seconds > 0';
            end if;
            min_scene := (spec -> 'rules' ->> 'min_scene')::numeric;
        end if;
        if spec -> 'rules' ? 'max_scene' and (jsonb_typeof(spec -> 'rules' -> 'max_scene') <> 'number'
            or (spec -> 'rules' ->> 'max_scene')::numeric <= 0
            or (spec -> 'rules' ->> 'max_scene')::numeric < coalesce(min_scene, 0)) then
            return 'rules.max_scene: must be a number of seconds > 0 and >= rules.min_scene';
        end if;
    end if;
    if spec ? 'subtitle_style_presets'
       and (jsonb_typeof(spec -> 'subtitle_style_presets') <> 'array'
            or exists (select from jsonb_array_elements(spec -> 'subtitle_style_presets') p
                       where jsonb_typeof(p) <> 'string')) then
        return 'subtitle_style_presets: must be an array of names';
    end if;
    return null;
end
$_$;

CREATE FUNCTION private.tier_before_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    campaign_status text;
    changed record := case tg_op when 'DELETE' then old else new end;
begin
    select c.status into campaign_status from public.campaigns c where c.id = changed.campaign_id;
    if campaign_status in ('draft', 'pending_review') and (tg_op = 'UPDATE' or old.sold_quantity = 0) then
        return changed;
    end if;
    if tg_op = 'DELETE' then
        if campaign_status is null then
            return old; -- the campaign itself is going
        end if;
        raise exception 'a tier with investments, or of a launched campaign, cannot be deleted' using errcode = '55000';
    end if;
    if (new.min_amount_cents, new.max_amount_cents, new.revenue_share_percent, new.equity_percent, new.reward_items)
       is distinct from (old.min_amount_cents, old.max_amount_cents, old.revenue_share_percent, old.equity_percent,
                         old.reward_items)
       or new.limit_quantity < old.limit_quantity
       or (old.limit_quantity is null and new.limit_quantity is not null) then
        raise exception 'a launched tier''s amounts, revenue share, rewards and limit (except raising it) are fixed'
            using errcode = '55000';
    end if;
    return new;
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

CREATE FUNCTION private.unmeasured_by_clients() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if private.is_client_request() then
        new.metadata := new.metadata - 'checksum_sha256';
    end if;
    return new;
end
$$;

CREATE FUNCTION private.unschedule_archived_workflow() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    update public.schedules s set enabled = false, last_error = 'the workflow is archived'
    where s.workflow_id = new.id and s.enabled;
    return null;
end
$$;

CREATE FUNCTION private.user_holds_project_permission(user_id uuid, project uuid, permission text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    saved_claims text := current_setting('request.jwt.claims', true);
    saved_sub text := current_setting('request.jwt.claim.sub', true);
    allowed boolean;
begin
    if user_id is null or project is null
       or not exists (select from public.profiles p where p.id = user_id and p.deleted_at is null) then
        return false;
    end if;
    if user_id is distinct from auth.uid() then
        perform set_config('request.jwt.claims', jsonb_build_object('sub', user_id, 'role', 'authenticated')::text, true);
        perform set_config('request.jwt.claim.sub', '', true);
    end if;
    allowed := project = any(array(select private.project_ids_allowing(permission)));
    perform set_config('request.jwt.claims', coalesce(saved_claims, ''), true);
    perform set_config('request.jwt.claim.sub', coalesce(saved_sub, ''), true);
    return allowed;
end
$$;

CREATE FUNCTION private.validate_schedule_request() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    spec public.generations;
begin
    if tg_op = 'INSERT' or new.request is distinct from old.request or new.enabled then
        spec := private.scheduled_request(new);
    end if;
    if new.enabled then
        if new.created_by is null then
            raise exception 'a schedule runs as its owner: created_by is required' using errcode = '22023';
        end if;
        if new.workflow_id is null then
            perform private.checked_generation(spec, new.created_by);
        elsif not private.user_holds_project_permission(new.created_by, new.project_id, 'edit') then
            raise exception 'project not found' using errcode = 'P0002';
        end if;
    end if;
    return new;
end
$$;

CREATE TABLE public.campaigns (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    project_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    created_by uuid,
    title text NOT NULL,
    slug text,
    tagline text,
    description text,
    story text,
    poster_url text,
    banner_url text,
    video_url text,
    gallery jsonb DEFAULT '[]'::jsonb NOT NULL,
    goal_amount_cents bigint NOT NULL,
    raised_amount_cents bigint DEFAULT 0 NOT NULL,
    backer_count integer DEFAULT 0 NOT NULL,
    currency text DEFAULT 'usd'::text NOT NULL,
    funding_type text DEFAULT 'flexible'::text NOT NULL,
    equity_offered numeric(5,2),
    platform_fee_bps integer DEFAULT 500 NOT NULL,
    investor_share_bps integer DEFAULT 0 NOT NULL,
    start_date timestamp with time zone,
    end_date timestamp with time zone,
    category text,
    tags jsonb DEFAULT '[]'::jsonb NOT NULL,
    status text DEFAULT 'draft'::text NOT NULL,
    risks text,
    challenges text,
    update_count integer DEFAULT 0 NOT NULL,
    is_verified boolean DEFAULT false NOT NULL,
    verified_at timestamp with time zone,
    performance_score integer,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    submitted_at timestamp with time zone,
    launched_at timestamp with time zone,
    goal_reached_at timestamp with time zone,
    funded_at timestamp with time zone,
    failed_at timestamp with time zone,
    completed_at timestamp with time zone,
    cancelled_at timestamp with time zone,
    project_deleted_at timestamp with time zone,
    CONSTRAINT campaigns_backer_count_check CHECK ((backer_count >= 0)),
    CONSTRAINT campaigns_banner_url_size CHECK ((char_length(banner_url) <= 2048)),
    CONSTRAINT campaigns_category_check CHECK ((category = ANY (ARRAY['film'::text, 'series'::text, 'animation'::text, 'novel'::text, 'game'::text, 'music'::text]))),
    CONSTRAINT campaigns_challenges_size CHECK ((char_length(challenges) <= 40000)),
    CONSTRAINT campaigns_check CHECK (((platform_fee_bps + investor_share_bps) <= 10000)),
    CONSTRAINT campaigns_check1 CHECK ((end_date > start_date)),
    CONSTRAINT campaigns_currency_check CHECK ((currency ~ '^[a-z]{3}$'::text)),
    CONSTRAINT campaigns_description_size CHECK ((char_length(description) <= 40000)),
    CONSTRAINT campaigns_equity_offered_check CHECK (((equity_offered >= (0)::numeric) AND (equity_offered <= (100)::numeric))),
    CONSTRAINT campaigns_funding_type_check CHECK ((funding_type = ANY (ARRAY['all_or_nothing'::text, 'flexible'::text]))),
    CONSTRAINT campaigns_gallery_check CHECK ((jsonb_typeof(gallery) = 'array'::text)),
    CONSTRAINT campaigns_gallery_size CHECK (((pg_column_size(gallery) <= 65536) AND
CASE jsonb_typeof(gallery)
    WHEN 'array'::text THEN (jsonb_array_length(gallery) <= 100)
    ELSE true
END)),
    CONSTRAINT campaigns_goal_amount_cents_check CHECK ((goal_amount_cents > 0)),
    CONSTRAINT campaigns_investor_share_bps_check CHECK (((investor_share_bps >= 0) AND (investor_share_bps <= 10000))),
    CONSTRAINT campaigns_performance_score_check CHECK (((performance_score >= 0) AND (performance_score <= 100))),
    CONSTRAINT campaigns_platform_fee_bps_check CHECK (((platform_fee_bps >= 0) AND (platform_fee_bps <= 10000))),
    CONSTRAINT campaigns_poster_url_size CHECK ((char_length(poster_url) <= 2048)),
    CONSTRAINT campaigns_raised_amount_cents_check CHECK ((raised_amount_cents >= 0)),
    CONSTRAINT campaigns_risks_size CHECK ((char_length(risks) <= 40000)),
    CONSTRAINT campaigns_slug_check CHECK ((slug ~ '^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$'::text)),
    CONSTRAINT campaigns_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'pending_review'::text, 'active'::text, 'funded'::text, 'failed'::text, 'completed'::text, 'cancelled'::text]))),
    CONSTRAINT campaigns_story_size CHECK ((char_length(story) <= 40000)),
    CONSTRAINT campaigns_tagline_check CHECK ((length(tagline) <= 500)),
    CONSTRAINT campaigns_tags_check CHECK ((jsonb_typeof(tags) = 'array'::text)),
    CONSTRAINT campaigns_tags_size CHECK (((pg_column_size(tags) <= 65536) AND
CASE jsonb_typeof(tags)
    WHEN 'array'::text THEN (jsonb_array_length(tags) <= 100)
    ELSE true
END)),
    CONSTRAINT campaigns_title_check CHECK (((length(title) >= 1) AND (length(title) <= 255))),
    CONSTRAINT campaigns_update_count_check CHECK ((update_count >= 0)),
    CONSTRAINT campaigns_video_url_size CHECK ((char_length(video_url) <= 2048))
);

COMMENT ON TABLE public.campaigns IS 'Invest: a crowdfunding campaign for an IP project. draft → pending_review → active → funded | failed → completed; cancelled before the end.';

CREATE FUNCTION private.visible_campaign(campaign_id uuid) RETURNS public.campaigns
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select c.* from public.campaigns c
    where c.id = visible_campaign.campaign_id
      and (c.project_deleted_at is null or not private.called_by_client())
      and (c.status in ('active', 'funded', 'failed', 'completed')
           or not private.called_by_client()
           or c.organization_id = any(array(select private.my_org_ids()))
           or c.id = any(array(select private.my_invested_campaign_ids())))
$$;

CREATE FUNCTION private.visible_generation(generation_id uuid, min_role public.member_role) RETURNS public.generations
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    found public.generations;
begin
    select g.* into found from public.generations g where g.id = generation_id and g.deleted_at is null;
    -- a signed-in caller must belong to the organization and reach the project; without a
    -- user (service role, maintenance) the row is visible. Not found and not yours: one error.
    if found.id is null
       or (auth.uid() is not null
           and not (found.organization_id = any(array(select private.my_org_ids(min_role)))
                    and (found.project_id is null
                         or (min_role = 'viewer' and found.project_id = any(array(
                                 select private.readable_project_ids())))
                         or found.project_id = any(array(select private.editable_project_ids()))))) then
        raise exception 'generation not found' using errcode = 'P0002';
    end if;
    return found;
end
$$;

CREATE FUNCTION private.vote_rules() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if tg_op = 'UPDATE' then
        if (new.user_id, new.discussion_id, new.comment_id, new.community_id)
           is distinct from (old.user_id, old.discussion_id, old.comment_id, old.community_id) then
            raise exception 'a vote changes only its direction' using errcode = '42501';
        end if;
        new.updated_at := now();
        return new;
    end if;
    -- invoker rights: the target must be readable
    if new.discussion_id is not null then
        select d.community_id into new.community_id from public.discussions d
        where d.id = new.discussion_id and d.status = 'published';
    else
        select c.community_id into new.community_id from public.discussion_comments c
        where c.id = new.comment_id and c.status = 'published';
    end if;
    if new.community_id is null then
        raise exception 'nothing to vote on' using errcode = 'P0002';
    end if;
    if private.is_client_request() then
        new.user_id := auth.uid();
    end if;
    return new;
end
$$;

CREATE FUNCTION private.wait_for_input() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if exists (select from public.generations i where i.id = new.input_generation_id and i.status <> 'succeeded') then
        perform from public.generations i where i.id = new.input_generation_id for share;
    end if;
    perform private.wait_or_wake(new.generation_id);
    return null;
end
$$;

CREATE FUNCTION private.wait_or_wake(job_generation uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    job private.job_queue;
    pending boolean;
begin
    select q.* into job from private.job_queue q
    where q.generation_id = job_generation and q.state in ('ready', 'waiting')
    for update;
    if job.id is null then
        return;
    end if;
    pending := exists (select from public.generation_inputs gi
                       join public.generations i on i.id = gi.input_generation_id
                       where gi.generation_id = job_generation and i.status <> 'succeeded');
    if pending and job.state = 'ready' then
        update private.job_queue q set state = 'waiting' where q.id = job.id;
    elsif not pending and job.state = 'waiting' then
        update private.job_queue q set state = 'ready', run_after = now() where q.id = job.id;
        perform pg_notify('creatorverse_jobs', job.kind);
    end if;
end
$$;

CREATE FUNCTION private.wake_dependants() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    succeeded uuid [] := array(select n.id from new_rows n where n.status = 'succeeded');
    dependant uuid;
begin
    if cardinality(succeeded) = 0 then
        return null;
    end if;
    for dependant in
        select distinct gi.generation_id
        from public.generation_inputs gi
        where gi.input_generation_id = any(succeeded)
          -- (rare) an input that had succeeded before this statement changed nothing
          and (select o.status from old_rows o where o.id = gi.input_generation_id) <> 'succeeded'
        order by gi.generation_id
    loop
        perform private.wait_or_wake(dependant);
    end loop;
    return null;
end
$$;

CREATE FUNCTION private.watchlist_before_insert() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
begin
    if private.is_client_request() then
        new.user_id := auth.uid();
        new.added_at := now();
        if not private.can_watch(new.content_id) then
            raise exception 'content not found' using errcode = 'P0002';
        end if;
    end if;
    return new;
end
$$;

CREATE FUNCTION private.webhooks_check_url() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    perform private.assert_outbound_url(new.url, 'webhook URL');
    return new;
end
$$;

CREATE FUNCTION private.workflow_graph_problem(graph jsonb, variables jsonb, org uuid) RETURNS text
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    nodes jsonb := graph -> 'nodes';
    edges jsonb := coalesce(graph -> 'edges', '[]');
    node jsonb;
    edge jsonb;
    node_type public.workflow_node_types;
    types jsonb := '{}';   -- node id -> its type row
    node_ids text [] := '{}';
    edge_ids text [] := '{}';
    connected jsonb := '{}';  -- "node/port" -> edge id
    adjacency jsonb := '{}';
    i integer;
    n integer;
    label text;
    field text;
    from_node jsonb;
    to_node jsonb;
    from_port text;
    out_type text;
    to_port text;
    port jsonb;
    required text;
    alternative text [];
    found_param boolean;
    placeholder record;
    template public.templates;
    remaining text [];
    changed boolean;
    renders integer := 0;
begin
    -- a signed-in caller checks graphs of their own organizations only (templates are looked up there)
    if auth.uid() is not null and not (org = any(array(select private.my_org_ids()))) then
        raise exception 'organization not found' using errcode = 'P0002';
    end if;
    if jsonb_typeof(graph) is distinct from 'object' then
        return 'graph: must be an object';
    end if;
    if jsonb_typeof(nodes) is distinct from 'array' or jsonb_array_length(nodes) = 0 then
        return 'graph.nodes: a non-empty array of nodes is required';
    end if;
    if jsonb_array_length(nodes) > 100 then
        return 'graph.nodes: at most 100 nodes';
    end if;
    if jsonb_typeof(edges) <> 'array' then
        return 'graph.edges: must be an array';
    end if;
    if jsonb_array_length(edges) > 400 then
        return 'graph.edges: at most 400 edges';
    end if;
    if jsonb_typeof(variables) is distinct from 'object' then
        return 'variables: must be an object';
    end if;
    for field in select k from jsonb_object_keys(variables) k order by k collate "C" loop
        if field !~ '^[A-Za-z_][A-Za-z0-9_]{0,63}$' then
            return format('variables.%s: name must be a letter or _ then up to 63 letters, digits or _', field);
        end if;
        if jsonb_typeof(variables -> field) not in ('string', 'null') then
            return format('variables.%s: must be a string, or null to be given when the workflow runs', field);
        end if;
    end loop;
    -- nodes
    for i in 0..jsonb_array_length(nodes) - 1 loop
        node := nodes -> i;
        if jsonb_typeof(node) <> 'object' then
            return format('graph.nodes[%s]: must be an object', i);
        end if;
        if jsonb_typeof(node -> 'id') is distinct from 'string' or node ->> 'id' !~ '^[A-Za-z0-9_-]{1,64}$' then
            return format('graph.nodes[%s].id: must be 1-64 letters, digits, _ or -', i);
        end if;
        if node ->> 'id' = any(node_ids) then
            return format('node %s: id: duplicate node id', node ->> 'id');
        end if;
        node_ids := node_ids || (node ->> 'id');
        select t.* into node_type from public.workflow_node_types t where t.type = node ->> 'type';
        if node_type.type is null then
            return format('node %s: type: unknown node type %s', node ->> 'id', coalesce(node -> 'type', 'null'));
        end if;
        types := types || jsonb_build_object(node ->> 'id', to_jsonb(node_type));
        if node ? 'params' and jsonb_typeof(node -> 'params') <> 'object' then
            return private.node_label(node) || ': params: must be an object';
        end if;
    end loop;
    -- edges
    for i in 0..jsonb_array_length(edges) - 1 loop
        edge := edges -> i;
        if jsonb_typeof(edge) <> 'object' then
            return format('graph.edges[%s]: must be an object', i);
        end if;
        if jsonb_typeof(edge -> 'id') is distinct from 'string' or edge ->> 'id' !~ '^[A-Za-z0-9_-]{1,64}$' then
            return format('graph.edges[%s].id: must be 1-64 letters, digits, _ or -', i);
        end if;
        label := 'edge ' || (edge ->> 'id');
        if edge ->> 'id' = any(edge_ids) then
            return label || ': id: duplicate edge id';
        end if;
        edge_ids := edge_ids || (edge ->> 'id');
        if jsonb_typeof(edge -> 'from') is distinct from 'string' or not (edge ->> 'from' = any(node_ids)) then
            return format('%s: from: no node %s', label, coalesce(edge -> 'from', 'null'));
        end if;
        if jsonb_typeof(edge -> 'to') is distinct from 'string' or not (edge ->> 'to' = any(node_ids)) then
            return format('%s: to: no node %s', label, coalesce(edge -> 'to', 'null'));
        end if;
        from_node := types -> (edge ->> 'from');
        to_node := types -> (edge ->> 'to');
        from_port := edge ->> 'fromPort';
        if from_port is null or from_port = 'output' then
            select k into from_port from jsonb_object_keys(from_node -> 'outputs') k order by k collate "C" limit 1;
        end if;
        if not (from_node -> 'outputs' ? from_port) then
            return format('%s: fromPort: node %s (%s) has no output port "%s"', label, edge ->> 'from',
                          from_node ->> 'type', from_port);
        end if;
        out_type := from_node -> 'outputs' ->> from_port;
        to_port := edge ->> 'toPort';
        if to_port is null or to_port = 'input' then
            select p.key into to_port from jsonb_each(to_node -> 'inputs') p
            where p.value -> 'types' ? out_type order by p.key collate "C" limit 1;
            if to_port is null then
                return format('%s: to: node %s (%s) has no input port for %s (from %s)', label, edge ->> 'to',
                              to_node ->> 'type', out_type, edge ->> 'from');
            end if;
        end if;
        port := to_node -> 'inputs' -> to_port;
        if port is null then
            return format('%s: toPort: node %s (%s) has no input port "%s"', label, edge ->> 'to', to_node ->> 'type',
                          to_port);
        end if;
        if not (port -> 'types' ? out_type) then
            return format('%s: toPort: node %s (%s) input "%s" takes %s, not %s (from %s)', label, edge ->> 'to',
                          to_node ->> 'type', to_port,
                          array_to_string(array(select jsonb_array_elements_text(port -> 'types')), ' or '), out_type,
                          edge ->> 'from');
        end if;
        if connected ? (edge ->> 'to' || '/' || to_port) and not (port ->> 'many')::boolean then
            return format('%s: toPort: node %s (%s) input "%s" is already connected (edge %s)', label, edge ->> 'to',
                          to_node ->> 'type', to_port, connected ->> (edge ->> 'to' || '/' || to_port));
        end if;
        connected := connected || jsonb_build_object(edge ->> 'to' || '/' || to_port, edge ->> 'id');
    end loop;
    -- required inputs
    for i in 0..jsonb_array_length(nodes) - 1 loop
        node := nodes -> i;
        for to_port in
            select p.key from jsonb_each(types -> (node ->> 'id') -> 'inputs') p
            where (p.value ->> 'required')::boolean order by p.key collate "C"
        loop
            if not connected ? (node ->> 'id' || '/' || to_port) then
                return format('%s: inputs.%s: required input is not connected', private.node_label(node), to_port);
            end if;
        end loop;
    end loop;
    -- cycles: peel sources, then sinks; what remains lies on a cycle
    remaining := node_ids;
    loop
        changed := false;
        for n in 1..coalesce(array_length(remaining, 1), 0) loop
            continue when remaining[n] is null;
            if not exists (select from jsonb_array_elements(edges) e
                           where e ->> 'to' = remaining[n] and e ->> 'from' = any(remaining)) then
                remaining[n] := null;
                changed := true;
            elsif not exists (select from jsonb_array_elements(edges) e
                              where e ->> 'from' = remaining[n] and e ->> 'to' = any(remaining)) then
                remaining[n] := null;
                changed := true;
            end if;
        end loop;
        remaining := array_remove(remaining, null);
        exit when not changed;
    end loop;
    if coalesce(array_length(remaining, 1), 0) > 0 then
        select x into node from jsonb_array_elements(nodes) x where x ->> 'id' = remaining[1];
        return format('%s: edges: part of a cycle (%s)', private.node_label(node), array_to_string(remaining, ', '));
    end if;
    -- params: required ones, placeholders, templates
    for i in 0..jsonb_array_length(nodes) - 1 loop
        node := nodes -> i;
        node_type := jsonb_populate_record(null::public.workflow_node_types, types -> (node ->> 'id'));
        foreach required in array node_type.required_params loop
            alternative := string_to_array(required, '|');
            found_param := exists (select from unnest(alternative) a
                                   where jsonb_typeof(node -> 'params' -> a) = 'string'
                                     and btrim(node -> 'params' ->> a) <> '');
            if not found_param then
                return format('%s: params.%s: %s required', private.node_label(node), alternative[1],
                              case when cardinality(alternative) > 1
                                   then 'params.' || array_to_string(alternative, ' or params.') || ' is'
                                   else 'a non-empty string is' end);
            end if;
        end loop;
        for placeholder in select * from private.json_placeholders(coalesce(node -> 'params', '{}')) loop
            if not variables ? placeholder.name then
                return format('%s: %s: placeholder {{%s}} is not a workflow variable', private.node_label(node),
                              placeholder.path, placeholder.name);
            end if;
        end loop;
        if node_type.type = 'Output.Render' then
            renders := renders + 1;
        end if;
        if node -> 'params' ? 'template_id' then
            if node_type.type <> 'Edit.Timeline' then
                return private.node_label(node) || ': params.template_id: only Edit.Timeline nodes use templates';
            end if;
            select t.* into template from public.templates t
            where (node -> 'params' ->> 'template_id') ~ '^[0-9a-fA-F-]{36}$'
              and t.id = (node -> 'params' ->> 'template_id')::uuid and t.deleted_at is null
              and (t.organization_id = org or t.is_public);
            if template.id is null then
                return format('%s: params.template_id: no template %s', private.node_label(node),
                              node -> 'params' -> 'template_id');
            end if;
            if node -> 'params' ? 'placeholders' and jsonb_typeof(node -> 'params' -> 'placeholders') <> 'object' then
                return private.node_label(node) || ': params.placeholders: must be an object';
            end if;
            for field in
                select k from jsonb_object_keys(coalesce(template.spec -> 'placeholders', '{}')) k
                order by k collate "C"
            loop
                if template.spec -> 'placeholders' ->> field not like '%\_optional'
                   and (jsonb_typeof(node -> 'params' -> 'placeholders' -> field) is distinct from 'string'
                        or btrim(node -> 'params' -> 'placeholders' ->> field) = '') then
                    return format('%s: params.placeholders.%s: required by template "%s" (%s)', private.node_label(node),
                                  field, template.name, template.spec -> 'placeholders' ->> field);
                end if;
            end loop;
            for field in
                select k from jsonb_object_keys(coalesce(node -> 'params' -> 'placeholders', '{}')) k
                order by k collate "C"
            loop
                if not coalesce(template.spec -> 'placeholders', '{}') ? field then
                    return format('%s: params.placeholders.%s: template "%s" has no placeholder %s',
                                  private.node_label(node), field, template.name, field);
                end if;
            end loop;
        end if;
    end loop;
    if renders <> 1 then
        return format('graph: exactly one Output.Render node is required (found %s)', renders);
    end if;
    return null;
end
$_$;

CREATE FUNCTION private.workflow_rules() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    problem text;
begin
    if tg_op = 'INSERT' then
        new.organization_id := private.project_organization(new.project_id);
        if private.is_client_request() then
            new.created_by := auth.uid();
            new.run_count := 0;
            new.last_run_at := null;
            new.current_version := null;
        end if;
    end if;
    problem := private.workflow_graph_problem(new.graph, new.variables, new.organization_id);
    if problem is not null then
        raise exception 'workflow "%": %', new.name, problem using errcode = '22023';
    end if;
    return new;
end
$$;

CREATE FUNCTION private.workflow_run_outbox() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    insert into private.webhook_outbox (webhook_id, organization_id, event, payload)
    select w.id, new.organization_id, 'workflow.run.finished',
           jsonb_build_object(
               'type', 'workflow.run.finished', 'created_at', now(),
               'data', jsonb_build_object(
                   'id', new.id, 'workflow_id', new.workflow_id, 'version', new.version, 'status', new.status,
                   'organization_id', new.organization_id, 'project_id', new.project_id,
                   'render_generation_id', new.render_generation_id, 'output_url', new.output_url,
                   'thumbnail_url', new.thumbnail_url, 'subtitles_url', new.subtitles_url,
                   'error_node', new.error_node, 'error_message', new.error_message,
                   'completed_nodes', new.completed_nodes, 'total_nodes', new.total_nodes))
    from public.webhooks w
    where w.organization_id = new.organization_id and w.is_active
      and (w.events = '{}' or 'workflow.run.finished' = any(w.events));
    return null;
end
$$;

CREATE FUNCTION private.workflow_run_values(variables jsonb, inputs jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
declare
    field text;
begin
    if inputs is null or jsonb_typeof(inputs) <> 'object' then
        raise exception 'inputs must be a JSON object' using errcode = '22023';
    end if;
    for field in select k from jsonb_object_keys(inputs) k order by k collate "C" loop
        if not variables ? field then
            raise exception 'inputs.%: not a variable of this workflow', left(field, 64) using errcode = '22023';
        end if;
        if jsonb_typeof(inputs -> field) <> 'string' or length(inputs ->> field) > 20000 then
            raise exception 'inputs.%: must be a string of at most 20000 characters', field using errcode = '22023';
        end if;
    end loop;
    return variables || inputs;
end
$$;

CREATE FUNCTION public.accept_invitation(invitation_token text) RETURNS uuid
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    invitation public.invitations;
begin
    perform private.require_user();
    if length(invitation_token) > 200 then
        raise exception 'invitation not found' using errcode = 'P0002';
    end if;
    select i.* into invitation
    from private.invitation_tokens t join public.invitations i on i.id = t.invitation_id
    where t.token_hash = private.token_hash(invitation_token)
      and (i.kind = 'link' or lower(i.email) = lower(auth.email()))
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
    perform private.count_generation_usage(org_id, user_id, estimated_credits, tokens, render_seconds, kai_credits,
                                           videos);
    return public.credits_hold(org_id, estimated_credits, idempotency_key, hold_for, user_id, reference_type,
                               reference_id);
end
$$;

CREATE TABLE public.user_badges (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    badge_id uuid NOT NULL,
    community_id uuid,
    awarded_by uuid,
    awarded_at timestamp with time zone DEFAULT now() NOT NULL,
    earning_context jsonb DEFAULT '{}'::jsonb NOT NULL,
    displayed boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT user_badges_earning_context_check CHECK ((jsonb_typeof(earning_context) = 'object'::text))
);

CREATE FUNCTION public.award_badge(badge_id uuid, user_id uuid, context jsonb DEFAULT '{}'::jsonb) RETURNS public.user_badges
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    badge public.badges;
    caller uuid := auth.uid();
    result public.user_badges;
begin
    if pg_column_size(context) > 4000 then
        raise exception 'context is too large' using errcode = '22023';
    end if;
    select b.* into badge from public.badges b where b.id = award_badge.badge_id and b.is_active;
    if badge.id is null
       or (auth.role() <> 'service_role'
           and (badge.community_id is null or private.my_community_rank(badge.community_id) < 3)) then
        raise exception 'badge not found' using errcode = 'P0002';
    end if;
    if badge.criteria_type <> 'manual' then
        raise exception 'the % badge is awarded automatically', badge.name using errcode = '22023';
    end if;
    if caller = award_badge.user_id then
        raise exception 'you cannot award a badge to yourself' using errcode = '42501';
    end if;
    if badge.community_id is not null and not exists (
        select 1 from public.community_members m
        where m.community_id = badge.community_id and m.user_id = award_badge.user_id and m.status in ('active', 'muted')
    ) then
        raise exception 'member not found' using errcode = 'P0002';
    end if;
    if not private.grant_badge(award_badge.user_id, badge, caller, context) then
        raise exception 'the badge was already awarded' using errcode = '23505';
    end if;
    select u.* into result from public.user_badges u where u.user_id = award_badge.user_id and u.badge_id = badge.id;
    return result;
end
$$;

CREATE FUNCTION public.campaign_backers(campaign_id uuid) RETURNS TABLE(display_name text, amount_cents bigint, investments bigint, first_confirmed_at timestamp with time zone)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if not exists (select 1 from public.campaigns c
                   where c.id = campaign_backers.campaign_id
                     and c.organization_id = any(array(select private.my_org_ids('editor')))) then
        raise exception 'campaign not found' using errcode = 'P0002';
    end if;
    return query
    select coalesce(p.display_name, 'Backer'), sum(i.amount_cents)::bigint, count(*), min(i.confirmed_at)
    from public.investments i
    left join public.profiles p on p.id = i.user_id
    where i.campaign_id = campaign_backers.campaign_id and i.status = 'confirmed'
    group by i.user_id, p.display_name
    order by 2 desc, 4;
end
$$;

CREATE FUNCTION public.cancel_generation(generation_id uuid) RETURNS public.generations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    target public.generations := private.visible_generation(generation_id, 'editor');
begin
    if target.status in ('succeeded', 'failed', 'cancelled') then
        raise exception 'generation is already %', target.status using errcode = '55000';
    end if;
    -- a pipeline's parent or child: its own locking order (supabase/functions/pipeline.sql)
    if target.parent_id is not null or target.metadata ? 'pipeline' then
        return private.cancel_pipeline(target);
    end if;
    -- a job whose children wait for it (a story's plot overview): they go with it
    if exists (select from public.generations c where c.parent_id = target.id) then
        perform private.lock_credit_balance(target.organization_id);
        perform private.cancel_children(target);
    end if;
    return private.cancel_job(target);
end
$$;

CREATE FUNCTION public.cancel_investment(investment_id uuid) RETURNS public.investments
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    uid uuid := private.require_user();
    result public.investments;
begin
    select i.* into result from public.investments i
    where i.id = cancel_investment.investment_id and i.user_id = uid for update;
    if result.id is null then
        raise exception 'investment not found' using errcode = 'P0002';
    end if;
    if result.status <> 'pending' then
        raise exception 'only a pending investment can be cancelled (this one is %)', result.status
            using errcode = '55000';
    end if;
    update public.investments i set status = 'cancelled', cancelled_at = now()
    where i.id = result.id returning * into result;
    return result;
end
$$;

CREATE TABLE public.orders (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    order_number text NOT NULL,
    user_id uuid,
    organization_id uuid NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    subtotal_cents bigint NOT NULL,
    discount_cents bigint DEFAULT 0 NOT NULL,
    shipping_cents bigint DEFAULT 0 NOT NULL,
    tax_cents bigint DEFAULT 0 NOT NULL,
    total_cents bigint NOT NULL,
    refunded_cents bigint DEFAULT 0 NOT NULL,
    currency text NOT NULL,
    customer_email text,
    customer_phone text,
    shipping_address jsonb,
    billing_address jsonb,
    shipping_method text,
    tracking_number text,
    shipped_at timestamp with time zone,
    delivered_at timestamp with time zone,
    payment_status text DEFAULT 'pending'::text NOT NULL,
    payment_method text,
    payment_reference text,
    stripe_checkout_session_id text,
    paid_at timestamp with time zone,
    discount_code_id uuid,
    discount_code text,
    customer_notes text,
    internal_notes text,
    cancelled_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    hold_expires_at timestamp with time zone,
    cancellation_reason text,
    CONSTRAINT orders_cancellation_reason_check CHECK ((cancellation_reason = ANY (ARRAY['requested'::text, 'hold_expired'::text]))),
    CONSTRAINT orders_check CHECK ((total_cents = (((subtotal_cents - discount_cents) + shipping_cents) + tax_cents))),
    CONSTRAINT orders_check1 CHECK ((refunded_cents <= total_cents)),
    CONSTRAINT orders_currency_check CHECK ((currency ~ '^[a-z]{3}$'::text)),
    CONSTRAINT orders_customer_email_check CHECK ((length(customer_email) <= 255)),
    CONSTRAINT orders_customer_notes_check CHECK ((length(customer_notes) <= 2000)),
    CONSTRAINT orders_customer_phone_check CHECK ((length(customer_phone) <= 50)),
    CONSTRAINT orders_discount_cents_check CHECK ((discount_cents >= 0)),
    CONSTRAINT orders_order_number_check CHECK ((order_number ~ '^CV-[0-9]{4}-[0-9]{6,}$'::text)),
    CONSTRAINT orders_payment_status_check CHECK ((payment_status = ANY (ARRAY['pending'::text, 'paid'::text, 'failed'::text, 'partially_refunded'::text, 'refunded'::text]))),
    CONSTRAINT orders_refunded_cents_check CHECK ((refunded_cents >= 0)),
    CONSTRAINT orders_shipping_cents_check CHECK ((shipping_cents >= 0)),
    CONSTRAINT orders_shipping_method_check CHECK ((length(shipping_method) <= 100)),
    CONSTRAINT orders_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'confirmed'::text, 'processing'::text, 'shipped'::text, 'delivered'::text, 'cancelled'::text, 'refunded'::text]))),
    CONSTRAINT orders_subtotal_cents_check CHECK ((subtotal_cents >= 0)),
    CONSTRAINT orders_tax_cents_check CHECK ((tax_cents >= 0)),
    CONSTRAINT orders_total_cents_check CHECK ((total_cents >= 0)),
    CONSTRAINT orders_tracking_number_check CHECK ((length(tracking_number) <= 255))
);

COMMENT ON COLUMN public.orders.hold_expires_at IS 'An unpaid pending order holds its stock and discount-code use until then (system_settings store.order_hold_minutes, default 30); null once paid or closed.';

CREATE FUNCTION public.cancel_order(order_id uuid) RETURNS public.orders
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    uid uuid := private.require_user();
    target public.orders;
begin
    select o.* into target from public.orders o
    where o.id = cancel_order.order_id
      and (o.user_id = uid or o.organization_id = any(array(select private.my_org_ids('editor'))))
    for update;
    if target.id is null then
        raise exception 'order not found' using errcode = 'P0002';
    end if;
    if target.status <> 'pending' or target.payment_status <> 'pending' then
        raise exception 'only unpaid pending orders can be cancelled (this one is %)', target.status
            using errcode = '55000';
    end if;
    update public.orders o set status = 'cancelled', cancellation_reason = 'requested' where o.id = target.id
    returning * into target;
    return target;
end
$$;

CREATE FUNCTION public.cancel_workflow_run(run_id uuid) RETURNS public.workflow_runs
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    run public.workflow_runs;
    node_generation uuid;
begin
    perform private.require_user();
    select r.* into run from public.workflow_runs r
    where r.id = run_id and r.project_id = any(array(select private.editable_project_ids()))
    for update;
    if run.id is null then
        raise exception 'workflow run not found' using errcode = 'P0002';
    end if;
    if run.status <> 'running' then
        raise exception 'workflow run is already %', run.status using errcode = '55000';
    end if;
    update public.workflow_runs r
    set status = 'cancelled', finished_at = now(), error_message = 'cancelled by the client'
    where r.id = run.id;
    for node_generation in
        select g.id from public.generations g
        where g.id = any(private.run_generation_ids(run.nodes))
          and g.status not in ('succeeded', 'failed', 'cancelled')
        order by g.id
    loop
        -- cancelling one node may already have cancelled the nodes waiting for it
        if exists (select from public.generations g
                   where g.id = node_generation and g.status not in ('succeeded', 'failed', 'cancelled')) then
            perform public.cancel_generation(node_generation);
        end if;
    end loop;
    select r.* into run from public.workflow_runs r where r.id = run.id;
    return run;
end
$$;

CREATE TABLE public.discussion_votes (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT auth.uid() NOT NULL,
    discussion_id uuid,
    comment_id uuid,
    community_id uuid NOT NULL,
    vote_type text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT discussion_votes_check CHECK ((num_nonnulls(discussion_id, comment_id) = 1)),
    CONSTRAINT discussion_votes_vote_type_check CHECK ((vote_type = ANY (ARRAY['up'::text, 'down'::text])))
);

CREATE FUNCTION public.cast_vote(discussion_id uuid DEFAULT NULL::uuid, comment_id uuid DEFAULT NULL::uuid, vote text DEFAULT 'up'::text) RETURNS public.discussion_votes
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    uid uuid := private.require_user();
    result public.discussion_votes;
begin
    if num_nonnulls(discussion_id, comment_id) <> 1 then
        raise exception 'vote on one discussion or one comment' using errcode = '22023';
    end if;
    if vote is not null and vote not in ('up', 'down') then
        raise exception 'a vote is up, down or null (withdraw)' using errcode = '22023';
    end if;
    if vote is null then
        delete from public.discussion_votes v
        where v.user_id = uid
          and (v.discussion_id = cast_vote.discussion_id or v.comment_id = cast_vote.comment_id)
        returning * into result;
        return result;
    end if;
    if discussion_id is not null then
        insert into public.discussion_votes as v (user_id, discussion_id, vote_type)
        values (uid, cast_vote.discussion_id, vote)
        on conflict on constraint discussion_votes_user_id_discussion_id_key do update set vote_type = excluded.vote_type
        returning * into result;
    else
        insert into public.discussion_votes as v (user_id, comment_id, vote_type)
        values (uid, cast_vote.comment_id, vote)
        on conflict on constraint discussion_votes_user_id_comment_id_key do update set vote_type = excluded.vote_type
        returning * into result;
    end if;
    return result;
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

CREATE FUNCTION public.create_invitation_link(org_id uuid, invitee_role public.member_role DEFAULT 'viewer'::public.member_role) RETURNS TABLE(invitation_id uuid, token text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    caller public.organization_members := private.require_org_role(org_id, 'admin', 'create invitation links');
begin
    return query select * from private.create_invitation(caller, invitee_role, 'link', null);
end
$$;

CREATE FUNCTION public.create_license_agreement(request_id uuid, start_date date, end_date date, royalty_percent numeric DEFAULT NULL::numeric, minimum_guarantee_cents bigint DEFAULT NULL::bigint, advance_payment_cents bigint DEFAULT 0, contract_url text DEFAULT NULL::text, currency text DEFAULT 'usd'::text) RETURNS public.license_agreements
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    request public.license_requests;
    entry public.license_catalog;
    agreement public.license_agreements;
    pct numeric := coalesce(create_license_agreement.royalty_percent, 0);
begin
    perform private.require_user();
    perform private.require_max_length(contract_url, 2000, 'contract_url');
    if create_license_agreement.currency !~ '^[a-z]{3}$' then
        raise exception 'currency must be a lower-case ISO 4217 code such as usd' using errcode = '22023';
    end if;
    select r.* into request from public.license_requests r
    where r.id = create_license_agreement.request_id
      and r.organization_id = any(array(select private.my_org_ids('admin')))
    for update;
    if request.id is null then
        raise exception 'licence request not found' using errcode = 'P0002';
    end if;
    if request.status <> 'approved' then
        raise exception 'only an approved request becomes an agreement (this one is %)', request.status
            using errcode = '55000';
    end if;
    if exists (select 1 from public.license_agreements a where a.request_id = request.id) then
        raise exception 'this request already has an agreement' using errcode = '23505';
    end if;
    pct := coalesce(create_license_agreement.royalty_percent, request.proposed_royalty_percent);
    if pct is null then
        raise exception 'royalty_percent is required' using errcode = '22023';
    end if;
    select c.* into entry from public.license_catalog c where c.project_id = request.project_id;
    if pct < coalesce(entry.royalty_min_percent, 0) or pct > coalesce(entry.royalty_max_percent, 100) then
        raise exception 'royalty of %%% is outside the catalogue''s range (% to %)', pct,
            coalesce(entry.royalty_min_percent, 0), coalesce(entry.royalty_max_percent, 100) using errcode = '22023';
    end if;
    insert into public.license_agreements (
        project_id, organization_id, request_id, licensee_user_id, licensee_company, license_type, territory,
        start_date, end_date, royalty_percent, minimum_guarantee_cents, advance_payment_cents, currency, contract_url,
        created_by
    )
    values (
        request.project_id, request.organization_id, request.id, request.requester_user_id, request.company_name,
        request.license_type, request.territory, create_license_agreement.start_date, create_license_agreement.end_date,
        pct, coalesce(create_license_agreement.minimum_guarantee_cents, request.proposed_minimum_guarantee_cents,
                      entry.minimum_guarantee_cents, 0),
        coalesce(create_license_agreement.advance_payment_cents, 0), create_license_agreement.currency,
        create_license_agreement.contract_url, auth.uid()
    )
    returning * into agreement;
    return agreement;
end
$_$;

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
    -- at most 10 new team organizations per user in any 24 hours (deleted ones count too);
    -- the lock serializes one user's concurrent calls so the count holds
    perform pg_advisory_xact_lock(hashtextextended('create_organization:' || caller, 0));
    if (select count(*) from public.organizations o
        where o.created_by = caller and not o.is_personal and o.created_at > now() - interval '24 hours') >= 10 then
        raise exception 'organization limit reached: at most 10 new organizations per 24 hours'
            using errcode = 'PT429', hint = 'try again later';
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
    AS $$
declare
    caller uuid := (private.require_org_role(org_id, 'admin', 'manage webhooks')).user_id;
    secret text := 'whsec_' || private.random_token();
    created_id uuid;
begin
    insert into public.webhooks (organization_id, url, events, description, created_by)
    values (org_id, endpoint_url, coalesce(event_types, '{}'), webhook_description, caller)
    returning id into created_id;
    insert into private.webhook_secrets (webhook_id, secret_box) values (created_id, private.encrypt_secret(secret));
    return query select created_id, secret;
end
$$;

CREATE FUNCTION public.credit_history(org_id uuid, before_id bigint DEFAULT NULL::bigint, max_entries integer DEFAULT 50) RETURNS SETOF public.credit_transactions
    LANGUAGE sql STABLE
    SET search_path TO ''
    AS $$
    select t.* from public.credit_transactions t
    where t.organization_id = org_id and (before_id is null or t.id < before_id)
    order by t.id desc
    limit least(greatest(coalesce(max_entries, 50), 1), 500)
$$;

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

CREATE FUNCTION public.credits_expire_holds(p_batch integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    expired_id uuid;
    hold public.credit_holds;
    count integer := 0;
begin
    for expired_id in
        select h.id from public.credit_holds h where h.status = 'pending' and h.expires_at <= private.now()
        order by h.expires_at limit p_batch
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
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select private.grant_credits(org_id, amount, entry_type, idempotency_key, 'caller', user_id, reference_type,
                                 reference_id, description)
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
    change record := private.begin_credit_change(org_id, 'caller', idempotency_key, amount);
    split record;
begin
    if (change.earlier).id is not null then
        return change.earlier;
    end if;
    split := private.split_debit(change.wallet, amount);
    return private.post_credit_entry(
        org_id, 'usage', -split.from_main, -split.from_rollover, -split.from_bonus, 0,
        idempotency_key, user_id, null, reference_type, reference_id, description, key_source => 'caller');
end
$$;

CREATE FUNCTION public.credits_start_period(org_id uuid, period_start timestamp with time zone) RETURNS public.credit_transactions
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    period_key text := 'period:' || to_char(period_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS');
    wallet public.credit_balances := private.lock_credit_balance(org_id);
    earlier public.credit_transactions := private.credit_entry_by_key(org_id, 'ledger', period_key);
    ending_plan public.plans;
    plan public.plans;
    carry bigint;
    allowance bigint;
begin
    if earlier.id is not null then
        return earlier;
    end if;
    select p.* into ending_plan from public.plans p where p.id = wallet.period_plan_id;
    select p.* into plan from public.subscriptions s join public.plans p on p.id = s.plan_id
    where s.organization_id = org_id;
    allowance := private.plan_allowance(plan, org_id);
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
    set last_reset_at = period_start, period_allowance = allowance, period_plan_id = plan.id,
        next_reset_at = period_start + case (select s.billing_cycle from public.subscriptions s
                                             where s.organization_id = org_id)
                                        when 'yearly' then interval '1 year' else interval '1 month' end
    where b.organization_id = org_id;
    return private.post_credit_entry(org_id, 'subscription', allowance, 0, 0, 0, period_key,
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

CREATE FUNCTION public.cron_next(expression text, tz text, after timestamp with time zone) RETURNS timestamp with time zone
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
    fields text [];
    minutes integer [];
    hours integer [];
    days integer [];
    months integer [];
    weekdays integer [];
    any_day boolean;
    any_weekday boolean;
    start_local timestamp;
    day date;
    h integer;
    m integer;
    candidate timestamp;
    fires timestamptz;
begin
    if tz is null or not exists (select from pg_catalog.pg_timezone_names z where z.name = tz) then
        raise exception 'unknown time zone "%"', tz using errcode = '22023';
    end if;
    expression := case lower(btrim(expression))
        when '@yearly' then '0 0 1 1 *' when '@annually' then '0 0 1 1 *' when '@monthly' then '0 0 1 * *'
        when '@weekly' then '0 0 * * 0' when '@daily' then '0 0 * * *' when '@midnight' then '0 0 * * *'
        when '@hourly' then '0 * * * *' else btrim(expression) end;
    fields := regexp_split_to_array(expression, '\s+');
    if array_length(fields, 1) is distinct from 5 then
        raise exception 'invalid cron expression "%": five fields expected', expression using errcode = '22023';
    end if;
    minutes := private.cron_field(fields[1], 'minute', 0, 59);
    hours := private.cron_field(fields[2], 'hour', 0, 23);
    days := private.cron_field(fields[3], 'day of month', 1, 31);
    months := private.cron_field(fields[4], 'month', 1, 12);
    weekdays := private.cron_field(fields[5], 'day of week', 0, 7);
    any_day := fields[3] like '*%';
    any_weekday := fields[5] like '*%';
    start_local := date_trunc('minute', after at time zone tz);
    -- a fall-back hour repeats local times: start one hour earlier and let "> after" decide
    day := (start_local - interval '1 hour')::date;
    for n in 0..(366 * 8) loop
        if extract(month from day)::integer = any(months)
           and (case when any_day and any_weekday then true
                     when any_day then extract(dow from day)::integer = any(weekdays)
                     when any_weekday then extract(day from day)::integer = any(days)
                     else extract(day from day)::integer = any(days) or extract(dow from day)::integer = any(weekdays)
                end) then
            foreach h in array hours loop
                foreach m in array minutes loop
                    candidate := day + make_interval(hours => h, mins => m);
                    continue when candidate < start_local - interval '1 hour';
                    fires := candidate at time zone tz;
                    if fires > after then
                        return fires;
                    end if;
                end loop;
            end loop;
        end if;
        day := day + 1;
    end loop;
    raise exception 'cron expression "%" never fires', expression using errcode = '22023';
end
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

CREATE TABLE public.revenue_distributions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    campaign_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid NOT NULL,
    created_by uuid,
    period_start date NOT NULL,
    period_end date NOT NULL,
    currency text NOT NULL,
    total_revenue_cents bigint NOT NULL,
    platform_share_cents bigint NOT NULL,
    creator_share_cents bigint NOT NULL,
    investor_pool_cents bigint NOT NULL,
    status text DEFAULT 'processing'::text NOT NULL,
    distributed_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT revenue_distributions_check CHECK ((period_end >= period_start)),
    CONSTRAINT revenue_distributions_check1 CHECK ((((platform_share_cents + creator_share_cents) + investor_pool_cents) = total_revenue_cents)),
    CONSTRAINT revenue_distributions_creator_share_cents_check CHECK ((creator_share_cents >= 0)),
    CONSTRAINT revenue_distributions_currency_check CHECK ((currency ~ '^[a-z]{3}$'::text)),
    CONSTRAINT revenue_distributions_investor_pool_cents_check CHECK ((investor_pool_cents >= 0)),
    CONSTRAINT revenue_distributions_platform_share_cents_check CHECK ((platform_share_cents >= 0)),
    CONSTRAINT revenue_distributions_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'processing'::text, 'completed'::text]))),
    CONSTRAINT revenue_distributions_total_revenue_cents_check CHECK ((total_revenue_cents > 0))
);

CREATE FUNCTION public.distribute_revenue(campaign_id uuid, period_start date, period_end date, total_revenue_cents bigint) RETURNS public.revenue_distributions
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    campaign public.campaigns;
    total_weight numeric;
    platform bigint;
    pool bigint;
    result public.revenue_distributions;
begin
    if total_revenue_cents is null or total_revenue_cents <= 0 then
        raise exception 'total_revenue_cents must be positive' using errcode = '22023';
    end if;
    if period_start is null or period_end is null or period_end < period_start then
        raise exception 'the period must end on or after its start' using errcode = '22023';
    end if;
    select c.* into campaign from public.campaigns c where c.id = distribute_revenue.campaign_id for update;
    if campaign.id is null or (campaign.project_deleted_at is not null and private.called_by_client())
       or (private.called_by_client() and not private.has_org_role(campaign.organization_id, 'admin')) then
        raise exception 'campaign not found' using errcode = 'P0002';
    end if;
    if campaign.status not in ('funded', 'completed') then
        raise exception 'only a funded or completed campaign distributes revenue (this one is %)', campaign.status
            using errcode = '55000';
    end if;
    if exists (select 1 from public.revenue_distributions d
               where d.campaign_id = campaign.id
                 and daterange(d.period_start, d.period_end, '[]')
                     && daterange(distribute_revenue.period_start, distribute_revenue.period_end, '[]')) then
        raise exception 'revenue for % to % overlaps a period already distributed', period_start, period_end
            using errcode = '23P01';
    end if;
    select sum(i.amount_cents * t.revenue_share_percent) into total_weight
    from public.investments i
    join public.investment_tiers t on t.id = i.tier_id
    where i.campaign_id = campaign.id and i.status = 'confirmed' and t.revenue_share_percent > 0;
    platform := total_revenue_cents * campaign.platform_fee_bps / 10000;
    pool := case when total_weight > 0 then total_revenue_cents * campaign.investor_share_bps / 10000 else 0 end;
    insert into public.revenue_distributions (
        campaign_id, organization_id, project_id, created_by, period_start, period_end, currency,
        total_revenue_cents, platform_share_cents, creator_share_cents, investor_pool_cents, status, distributed_at
    )
    values (campaign.id, campaign.organization_id, campaign.project_id, auth.uid(), period_start, period_end,
            campaign.currency, total_revenue_cents, platform, total_revenue_cents - platform - pool, pool,
            case when pool = 0 then 'completed' else 'processing' end, case when pool = 0 then now() end)
    returning * into result;
    if pool = 0 then
        return result;
    end if;
    insert into public.investor_payouts (
        distribution_id, investment_id, campaign_id, organization_id, user_id, share_percent, amount_cents, currency
    )
    select result.id, s.id, campaign.id, campaign.organization_id, s.user_id, round(100 * s.weight / total_weight, 6),
           s.base + case when s.place <= pool - sum(s.base) over () then 1 else 0 end, campaign.currency
    from (
        select w.*, row_number() over (order by w.remainder desc, w.created_at, w.id) as place
        from (
            select i.id, i.user_id, i.created_at, i.amount_cents * t.revenue_share_percent as weight,
                   div(pool * i.amount_cents * t.revenue_share_percent, total_weight)::bigint as base,
                   mod(pool * i.amount_cents * t.revenue_share_percent, total_weight) as remainder
            from public.investments i
            join public.investment_tiers t on t.id = i.tier_id
            where i.campaign_id = campaign.id and i.status = 'confirmed' and t.revenue_share_percent > 0
        ) as w
    ) as s;
    return result;
end
$$;

CREATE FUNCTION public.enqueue_generation(spec jsonb, on_behalf_of uuid DEFAULT NULL::uuid) RETURNS public.generations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if spec is null or jsonb_typeof(spec) <> 'object' then
        raise exception 'spec must be a JSON object' using errcode = '22023';
    end if;
    return private.start_generation(
        jsonb_populate_record(null::public.generations, spec - 'id' - 'status' - 'hold_id' - 'attempts'),
        on_behalf_of);
end
$$;

CREATE FUNCTION public.film_share_links(asset_id uuid) RETURNS TABLE(share_id uuid, created_by uuid, created_at timestamp with time zone, expires_at timestamp with time zone, revoked_at timestamp with time zone, opened_count bigint, last_opened_at timestamp with time zone)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select s.id, s.created_by, s.created_at, s.expires_at, s.revoked_at, s.opened_count, s.last_opened_at
    from private.film_shares s
    join public.assets a on a.id = s.asset_id and a.deleted_at is null
    where s.asset_id = film_share_links.asset_id
      and s.expires_at > now()
      and (s.organization_id in (select private.my_org_ids('editor'))
           or (s.created_by = (select auth.uid()) and s.organization_id in (select private.my_org_ids())))
    order by s.created_at desc
$$;

CREATE FUNCTION public.generation_queue_estimate(generation_id uuid) RETURNS TABLE(queue_position bigint, estimated_start_at timestamp with time zone, estimated_completion_at timestamp with time zone)
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    target public.generations := private.visible_generation(generation_id, 'viewer');
    job private.job_queue;
    place record;
    rate numeric;
    run_seconds numeric;
    own_limit integer;
    starts timestamptz;
begin
    select q.* into job from private.job_queue q where q.generation_id = target.id and q.state = 'ready';
    if job.id is null then
        return;
    end if;
    place := private.queue_place(job);
    rate := (select sum(w.jobs_per_second) from private.worker_heartbeats w
             where job.kind = any(w.kinds) and w.stopped_at is null and w.last_seen_at > now() - interval '30 seconds');
    if coalesce(rate, 0) <= 0 then
        return query select place.queue_position, null::timestamptz, null::timestamptz;
        return;
    end if;
    run_seconds := greatest((select count(*) from private.job_queue q where q.kind = job.kind and q.state = 'running'),
                            1) / rate;
    own_limit := private.concurrency_limit(job.organization_id, job.kind);
    starts := greatest(now() + make_interval(secs => (place.queue_position - 1) / rate), job.run_after,
                       now() + make_interval(secs => place.waits_for * run_seconds / greatest(own_limit, 1)));
    return query select place.queue_position, starts, starts + make_interval(secs => run_seconds);
end
$$;

CREATE FUNCTION public.generation_queue_position(generation_id uuid) RETURNS bigint
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    target public.generations := private.visible_generation(generation_id, 'viewer');
    job private.job_queue;
begin
    select q.* into job from private.job_queue q where q.generation_id = target.id and q.state = 'ready';
    if job.id is null then
        return null;
    end if;
    return (private.queue_place(job)).queue_position;
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

CREATE FUNCTION public.invest(campaign_id uuid, amount_cents bigint, tier_id uuid DEFAULT NULL::uuid, idempotency_key text DEFAULT NULL::text) RETURNS public.investments
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    uid uuid := private.require_user();
    campaign public.campaigns;
    tier public.investment_tiers;
    result public.investments;
begin
    if length(idempotency_key) > 100 then
        raise exception 'idempotency_key is at most 100 characters' using errcode = '22023';
    end if;
    if amount_cents is null or amount_cents <= 0 then
        raise exception 'amount_cents must be a positive number of cents' using errcode = '22023';
    end if;
    if amount_cents > 1000000000000 then
        raise exception 'amount_cents is at most 1000000000000 (10 billion in the campaign''s currency)'
            using errcode = '22023';
    end if;
    if idempotency_key is not null then
        select i.* into result from public.investments i
        where i.user_id = uid and i.idempotency_key = invest.idempotency_key;
        if result.id is not null then
            if (result.campaign_id, result.amount_cents, result.tier_id)
               is distinct from (invest.campaign_id, invest.amount_cents, invest.tier_id) then
                raise exception 'idempotency_key already used for a different investment' using errcode = '22023';
            end if;
            return result;
        end if;
    end if;
    campaign := private.visible_campaign(invest.campaign_id);
    if campaign.id is null then
        raise exception 'campaign not found' using errcode = 'P0002';
    end if;
    if campaign.status <> 'active' then
        raise exception 'campaign is not accepting investments (it is %)', campaign.status using errcode = '55000';
    end if;
    if now() < campaign.start_date or now() >= campaign.end_date then
        raise exception 'campaign is open from % to %', campaign.start_date, campaign.end_date using errcode = '55000';
    end if;
    if invest.tier_id is not null then
        select t.* into tier from public.investment_tiers t where t.id = invest.tier_id and t.campaign_id = campaign.id;
        if tier.id is null then
            raise exception 'tier not found' using errcode = 'P0002';
        end if;
        if amount_cents < tier.min_amount_cents or amount_cents > tier.max_amount_cents then
            raise exception 'tier "%" takes % to % cents', tier.name, tier.min_amount_cents,
                coalesce(tier.max_amount_cents::text, 'unlimited') using errcode = '22023';
        end if;
    end if;
    insert into public.investments (
        campaign_id, organization_id, project_id, user_id, tier_id, amount_cents, currency, platform_fee_cents,
        idempotency_key
    )
    values (campaign.id, campaign.organization_id, campaign.project_id, uid, tier.id, amount_cents,
            campaign.currency, amount_cents * campaign.platform_fee_bps / 10000, invest.idempotency_key)
    returning * into result;
    return result;
end
$$;

CREATE FUNCTION public.invite_member(org_id uuid, invitee_email text, invitee_role public.member_role DEFAULT 'viewer'::public.member_role) RETURNS TABLE(invitation_id uuid, token text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    caller public.organization_members := private.require_org_role(org_id, 'admin', 'invite members', 'members.invite');
begin
    if invitee_email is null or length(invitee_email) > 320 or invitee_email !~ '^[^@\s]+@[^@\s]+$' then
        raise exception 'invalid email address "%"', left(invitee_email, 320) using errcode = '22023';
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
    return query select * from private.create_invitation(caller, invitee_role, 'email', invitee_email);
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

CREATE FUNCTION public.job_cancelled(queue_id bigint, lease_token bigint) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    job private.job_queue;
begin
    delete from private.job_queue q
    where q.id = job_cancelled.queue_id and q.lease_token = job_cancelled.lease_token and q.state = 'running'
    returning q.* into job;
    if job.id is null then
        return false;
    end if;
    perform private.finish_generation(job.generation_id, 'cancelled', null, 'cancelled by the client', 'cancelled');
    return true;
end
$$;

CREATE FUNCTION public.job_claim(worker text, job_kind text, batch_size integer DEFAULT 10, lease_seconds integer DEFAULT NULL::integer) RETURNS TABLE(queue_id bigint, lease_token bigint, attempt integer, max_attempts integer, lease_expires_at timestamp with time zone, generation_id uuid, kind text, organization_id uuid, project_id uuid, user_id uuid, provider text, model text, prompt text, params jsonb, units numeric, estimated_credits bigint, parent_id uuid, scene_id uuid)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    batch integer := least(greatest(batch_size, 1), 1000);
    candidate record;
    eligible uuid [] := '{}';
    eligible_limits integer [] := '{}';
    picked bigint [];
    picked_generations uuid [];
    lease interval;
begin
    for candidate in
        select o.org, private.concurrency_limit(o.org, job_kind) as max_running
        from private.queued_organizations(job_kind) o (org)
    loop
        if candidate.max_running is null
           or (candidate.max_running > 0
               and pg_try_advisory_xact_lock(hashtext('creatorverse.job_slots'),
                                             hashtext(candidate.org::text || '/' || job_kind))) then
            eligible := eligible || candidate.org;
            eligible_limits := eligible_limits || candidate.max_running;
        end if;
    end loop;
    if cardinality(eligible) = 0 then
        return;
    end if;
    if cardinality(eligible) = 1 and eligible_limits[1] is null then
        -- one organization, no limit: its next jobs
        with next_jobs as (
            select q.id, q.generation_id from private.job_queue q
            where q.kind = job_kind and q.organization_id = eligible[1] and q.state = 'ready' and q.run_after <= now()
            order by q.priority desc, q.run_after, q.id
            limit batch
            for update skip locked
        )
        select array_agg(n.id), array_agg(n.generation_id) into picked, picked_generations from next_jobs n;
    else
        -- (materialized: each organization's counts once, not once per turn)
        with org as materialized (
            select e.org, e.max_running,
                   (select count(*) from private.job_queue q
                    where q.kind = job_kind and q.organization_id = e.org and q.state = 'running') as running
            from unnest(eligible, eligible_limits) e (org, max_running)
        ),
        room as materialized (
            select o.org, o.running, h.run_after, h.id,
                   least(coalesce(o.max_running - o.running, batch),
                         (select count(*) from (select from private.job_queue q
                                                where q.kind = job_kind and q.organization_id = o.org
                                                  and q.state = 'ready' and q.run_after <= now()
                                                order by q.priority desc, q.run_after, q.id
                                                limit batch) due)) as room
            from org o
            cross join lateral (select q.run_after, q.id from private.job_queue q
                                where q.kind = job_kind and q.organization_id = o.org and q.state = 'ready'
                                  and q.run_after <= now()
                                order by q.priority desc, q.run_after, q.id limit 1) h
        ),
        turns as (
            select r.org from room r cross join lateral generate_series(1, r.room::integer) t (n)
            order by r.running + t.n, r.run_after, r.id
            limit batch
        ),
        quota as (
            select t.org, count(*) as jobs from turns t group by t.org
        ),
        next_jobs as (
            select j.id, j.generation_id from quota qt
            cross join lateral (select q.id, q.generation_id from private.job_queue q
                                where q.kind = job_kind and q.organization_id = qt.org and q.state = 'ready'
                                  and q.run_after <= now()
                                order by q.priority desc, q.run_after, q.id
                                limit qt.jobs
                                for update skip locked) j
        )
        select array_agg(n.id), array_agg(n.generation_id) into picked, picked_generations from next_jobs n;
    end if;
    if picked is null then
        return;
    end if;
    lease := private.job_lease(job_kind, job_claim.lease_seconds);
    return query
    with claimed as (
        update private.job_queue q
        set state = 'running', attempts = q.attempts + 1, lease_token = q.lease_token + 1, worker_id = worker,
            lease_expires_at = now() + lease
        where q.id = any(picked)
        returning q.id, q.generation_id, q.lease_token, q.attempts, q.max_attempts, q.lease_expires_at, q.priority,
                  q.run_after
    ),
    started as (
        update public.generations g
        set status = 'running', attempts = c.attempts, started_at = coalesce(g.started_at, now()), updated_at = now()
        from claimed c
        where g.id = any(picked_generations) and g.id = c.generation_id
        returning g.id, g.kind, g.organization_id, g.project_id, g.user_id, g.provider, g.model, g.prompt, g.params,
                  g.units, g.estimated_credits, g.parent_id, g.scene_id
    )
    select c.id, c.lease_token, c.attempts, c.max_attempts, c.lease_expires_at, s.id, s.kind, s.organization_id,
           s.project_id, s.user_id, s.provider, s.model, s.prompt, s.params, s.units, s.estimated_credits, s.parent_id,
           s.scene_id
    from claimed c join started s on s.id = c.generation_id
    order by c.priority desc, c.run_after, c.id;
end
$$;

CREATE FUNCTION public.job_complete(queue_ids bigint[], lease_tokens bigint[], outcomes jsonb[]) RETURNS SETOF bigint
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select unnest(private.complete_jobs(queue_ids, lease_tokens, outcomes))
$$;

CREATE FUNCTION public.job_complete_and_claim(worker text, job_kind text, batch_size integer, queue_ids bigint[], lease_tokens bigint[], outcomes jsonb[], lease_seconds integer DEFAULT NULL::integer) RETURNS TABLE(entry text, queue_id bigint, lease_token bigint, attempt integer, max_attempts integer, lease_expires_at timestamp with time zone, generation_id uuid, kind text, organization_id uuid, project_id uuid, user_id uuid, provider text, model text, prompt text, params jsonb, units numeric, estimated_credits bigint, parent_id uuid, scene_id uuid)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    if coalesce(cardinality(queue_ids), 0) > 0 then
        return query
        select 'completed', c.c, null::bigint, null::integer, null::integer, null::timestamptz, null::uuid, null::text,
               null::uuid, null::uuid, null::uuid, null::text, null::text, null::text, null::jsonb, null::numeric,
               null::bigint, null::uuid, null::uuid
        from unnest(private.complete_jobs(queue_ids, lease_tokens, outcomes)) as c (c);
    end if;
    if batch_size > 0 then
        return query select 'claimed', j.* from public.job_claim(worker, job_kind, batch_size, lease_seconds) j;
    end if;
end
$$;

CREATE FUNCTION public.job_fail(queue_id bigint, lease_token bigint, error_message text, error_code text DEFAULT NULL::text, retryable boolean DEFAULT true, retry_in_seconds numeric DEFAULT NULL::numeric) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    job private.job_queue := private.held_job(job_fail.queue_id, job_fail.lease_token);
    gen_kind public.generation_kinds;
begin
    if job.id is null then
        return 'lost';
    end if;
    perform private.log_job(job.generation_id, job.attempts, 'error', 'attempt', coalesce(error_message, 'failed'),
                            jsonb_build_object('error_code', error_code, 'retryable', retryable), job.worker_id);
    if retryable and job.attempts < job.max_attempts
       and not exists (select from public.generations g where g.id = job.generation_id
                                                        and g.cancel_requested_at is not null) then
        select k.* into gen_kind from public.generation_kinds k where k.kind = job.kind;
        update private.job_queue q
        set state = 'ready', lease_expires_at = null, worker_id = null,
            run_after = now() + coalesce(make_interval(secs => retry_in_seconds),
                                         private.backoff(job.attempts, gen_kind.backoff_base_seconds,
                                                         gen_kind.backoff_cap_seconds))
        where q.id = job.id;
        update public.generations g
        set status = 'retrying', error_message = left(job_fail.error_message, 4000), error_code = job_fail.error_code,
            updated_at = now()
        where g.id = job.generation_id;
        return 'retrying';
    end if;
    delete from private.job_queue q where q.id = job.id;
    -- lost leases too are said when there were any (the handler's own error comes first)
    perform private.finish_generation(job.generation_id, 'failed', null,
                                      left(coalesce(job_fail.error_message, 'failed')
                                           || case when job.lease_losses > 0
                                                   then ' (' || private.job_tries(job, job.attempts) || ')'
                                                   else '' end,
                                           4000),
                                      coalesce(job_fail.error_code, 'failed'));
    return 'failed';
end
$$;

CREATE FUNCTION public.job_hand_back(queue_ids bigint[], lease_tokens bigint[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    handed integer;
begin
    with back as (
        update private.job_queue q
        set state = 'ready', attempts = q.attempts - 1, lease_expires_at = null, worker_id = null
        from unnest(queue_ids, lease_tokens) as j (id, token)
        where q.id = j.id and q.lease_token = j.token and q.state = 'running'
        returning q.generation_id, q.attempts
    )
    update public.generations g set status = 'queued', attempts = b.attempts, updated_at = now()
    from back b where g.id = b.generation_id;
    get diagnostics handed = row_count;
    perform pg_notify('creatorverse_jobs', 'handback');
    return handed;
end
$$;

CREATE FUNCTION public.job_heartbeat(worker text, queue_ids bigint[], lease_tokens bigint[], lease_seconds integer DEFAULT NULL::integer) RETURNS TABLE(queue_id bigint, state text)
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    with held as (
        select j.id, j.token from unnest(queue_ids, lease_tokens) as j (id, token)
    ),
    extended as (
        update private.job_queue q
        set lease_expires_at = now() + private.job_lease(q.kind, job_heartbeat.lease_seconds)
        from held h
        where q.id = h.id and q.lease_token = h.token and q.state = 'running' and q.lease_expires_at > now()
        returning q.id, q.generation_id
    )
    select h.id,
           case when e.id is null then 'lost'
                when g.cancel_requested_at is not null then 'cancel'
                else 'ok' end
    from held h
    left join extended e on e.id = h.id
    left join public.generations g on g.id = e.generation_id
$$;

CREATE FUNCTION public.job_log(queue_id bigint, lease_token bigint, level text, stage text, message text, data jsonb DEFAULT '{}'::jsonb) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    job private.job_queue := private.held_job(job_log.queue_id, job_log.lease_token);
begin
    if job.id is null then
        return false;
    end if;
    perform private.log_job(job.generation_id, job.attempts, level, left(stage, 200), message, data, job.worker_id);
    return true;
end
$$;

CREATE FUNCTION public.job_progress(queue_id bigint, lease_token bigint, progress numeric, current_step text DEFAULT NULL::text, completed_steps integer DEFAULT NULL::integer, total_steps integer DEFAULT NULL::integer, estimated_completion_at timestamp with time zone DEFAULT NULL::timestamp with time zone, external_job_id text DEFAULT NULL::text) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    job private.job_queue := private.held_job(job_progress.queue_id, job_progress.lease_token);
begin
    if job.id is null then
        return false;
    end if;
    update public.generations g
    set progress = least(greatest(coalesce(job_progress.progress, g.progress), 0), 99.99),
        last_completed_step = case when job_progress.current_step is distinct from g.current_step
                                   then g.current_step else g.last_completed_step end,
        current_step = coalesce(left(job_progress.current_step, 200), g.current_step),
        completed_steps = coalesce(job_progress.completed_steps, g.completed_steps),
        total_steps = coalesce(job_progress.total_steps, g.total_steps),
        estimated_completion_at = coalesce(job_progress.estimated_completion_at, g.estimated_completion_at),
        external_job_id = coalesce(job_progress.external_job_id, g.external_job_id),
        updated_at = now()
    where g.id = job.generation_id;
    return true;
end
$$;

CREATE FUNCTION public.job_reap(max_jobs integer DEFAULT 500) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    job private.job_queue;
    reaped integer := 0;
begin
    for job in
        select q.* from private.job_queue q
        where q.state = 'running' and q.lease_expires_at <= now()
        order by q.lease_expires_at
        limit max_jobs
        for update skip locked
    loop
        job.attempts := job.attempts - 1;
        job.lease_losses := job.lease_losses + 1;
        perform private.log_job(job.generation_id, job.attempts + 1, 'warning', 'lease',
                                'lease expired: worker ' || coalesce(job.worker_id, '?') || ' lost',
                                jsonb_build_object('lease_losses', job.lease_losses), job.worker_id);
        if exists (select from public.generations g where g.id = job.generation_id
                                                    and g.cancel_requested_at is not null) then
            delete from private.job_queue q where q.id = job.id;
            perform private.finish_generation(job.generation_id, 'cancelled', null, 'cancelled by the client',
                                              'cancelled');
        elsif job.lease_losses >= (select k.max_lease_losses from public.generation_kinds k where k.kind = job.kind) then
            delete from private.job_queue q where q.id = job.id;
            perform private.finish_generation(job.generation_id, 'failed', null,
                                              'workers lost the job (lease expired): '
                                              || private.job_tries(job, job.attempts),
                                              'lease_expired');
        else
            update private.job_queue q
            set state = 'ready', attempts = job.attempts, lease_losses = job.lease_losses, lease_expires_at = null,
                worker_id = null
            where q.id = job.id;
            update public.generations g
            set status = 'retrying', attempts = job.attempts,
                error_message = 'worker lost the job (lease expired); retrying', error_code = 'lease_expired',
                updated_at = now()
            where g.id = job.generation_id;
        end if;
        reaped := reaped + 1;
    end loop;
    if reaped > 0 then
        perform pg_notify('creatorverse_jobs', 'reaped');
    end if;
    return reaped;
end
$$;

CREATE TABLE public.community_members (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    community_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role text DEFAULT 'member'::text NOT NULL,
    reputation integer DEFAULT 0 NOT NULL,
    post_count integer DEFAULT 0 NOT NULL,
    comment_count integer DEFAULT 0 NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    muted_until timestamp with time zone,
    banned_at timestamp with time zone,
    ban_reason text,
    notification_settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    joined_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT community_members_ban_reason_check CHECK ((length(ban_reason) <= 1000)),
    CONSTRAINT community_members_comment_count_check CHECK ((comment_count >= 0)),
    CONSTRAINT community_members_notification_settings_check CHECK ((jsonb_typeof(notification_settings) = 'object'::text)),
    CONSTRAINT community_members_notification_settings_size CHECK ((pg_column_size(notification_settings) <= 65536)),
    CONSTRAINT community_members_post_count_check CHECK ((post_count >= 0)),
    CONSTRAINT community_members_role_check CHECK ((role = ANY (ARRAY['member'::text, 'moderator'::text, 'admin'::text, 'owner'::text]))),
    CONSTRAINT community_members_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'active'::text, 'muted'::text, 'banned'::text])))
);

CREATE FUNCTION public.join_community(community_id uuid) RETURNS public.community_members
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    uid uuid := private.require_user();
    target public.communities;
    membership public.community_members;
begin
    select c.* into target from public.communities c
    where c.id = join_community.community_id and c.id = any(array(select private.listed_community_ids()));
    if target.id is null or (target.visibility = 'invite_only' and not exists (
        select 1 from public.community_members m where m.community_id = target.id and m.user_id = uid)) then
        raise exception 'community not found' using errcode = 'P0002';
    end if;
    if target.status <> 'active' then
        raise exception 'this community is %', target.status using errcode = '55000';
    end if;
    select m.* into membership from public.community_members m where m.community_id = target.id and m.user_id = uid;
    if membership.status = 'banned' then
        raise exception 'you are banned from this community' using errcode = '42501';
    end if;
    if membership.id is not null then
        return membership;
    end if;
    insert into public.community_members (community_id, user_id, status)
    values (target.id, uid, case when target.visibility = 'public' then 'active' else 'pending' end)
    on conflict on constraint community_members_community_id_user_id_key do nothing
    returning * into membership;
    return coalesce(membership, (select m from public.community_members m
                                 where m.community_id = target.id and m.user_id = uid));
end
$$;

CREATE FUNCTION public.keyword_search_chapters(query_text text, match_count integer DEFAULT 10, filter_organization_id uuid DEFAULT NULL::uuid, filter_book_id uuid DEFAULT NULL::uuid) RETURNS TABLE(chapter_id uuid, book_id uuid, rank real, keyword_rank bigint)
    LANGUAGE plpgsql STABLE
    SET search_path TO ''
    AS $$
declare
    ts tsquery;
    required tsquery;
    loose tsquery;
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
    select q.required, q.loose into required, loose from private.keyword_match_tsqueries(query_text) q;
    partial := private.partial_words(query_text);
    partial_text := array_to_string(partial, ' ');
    -- Chinese and Japanese words (Han, kana): Korean separates words, so prefixes serve it
    unspaced := array(select w from unnest(partial) w where w ~ '[\u3040-\u30ff\u3400-\u9fff]');
    -- the 'simple' configuration's own lexemes of those words, each as a prefix
    select string_agg('''' || replace(replace(l, '\', '\\'), '''', '''''') || ''':*', ' | ')::tsquery
    into prefixes
    from unnest(tsvector_to_array(to_tsvector('simple'::regconfig, partial_text))) l;
    return query
    with required_hits as materialized (
        select m.id from private.readable_chapters_matching(required, null, null, filter_organization_id, filter_book_id) m (id)
        where numnode(required) > 0
    ),
    loose_hits as materialized (
        select m.id from private.readable_chapters_matching(loose, null, null, filter_organization_id, filter_book_id) m (id)
        where loose is not null and numnode(loose) > 0 and (select count(*) from required_hits) < k
    ),
    -- tier: how a chapter matched; a chapter matching the required words ranks above one
    -- matching only the looser query, which ranks above one matching any word
    hits as (
        select r.id, 2 as tier from required_hits r
        union all
        select l.id, 1 from loose_hits l
        union all
        -- any word, when neither found anything: at most 20 k chapters, so a query of words
        -- common in a large library costs a bounded amount
        select m.id, 0
        from private.readable_chapters_matching(ts, null, null, filter_organization_id, filter_book_id, 20 * k) m (id)
        where numnode(ts) > 0
          and not exists (select from required_hits) and not exists (select from loose_hits)
        union all
        select m.id, 2
        from private.readable_chapters_matching(null, prefixes, null, filter_organization_id, filter_book_id) m (id)
        where prefixes is not null
        union all
        select m.id, 2
        from unnest(unspaced) w
        cross join lateral private.readable_chapters_matching(null, null, w, filter_organization_id, filter_book_id) m (id)
    ),
    ranked as (
        select c.id, c.book_id, h.tier,
               greatest(
                   case when numnode(ts) > 0 then ts_rank(c.fts_english, ts, 1) else 0 end,
                   case when prefixes is not null then ts_rank(c.fts, prefixes, 1) else 0 end,
                   -- the share of the query's other-script words the content contains
                   (select count(*) filter (where strpos(c.content, w) > 0)::real / greatest(cardinality(partial), 1)
                    from unnest(partial) w)
               )::real as rank
        from (select hits.id, max(hits.tier) as tier from hits group by hits.id) h
        join public.chapters c on c.id = h.id
    )
    select r.id, r.book_id, r.rank, row_number() over (order by r.tier desc, r.rank desc, r.id)
    from ranked r
    order by r.tier desc, r.rank desc, r.id
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

CREATE FUNCTION public.mark_notification_unread(notification_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
begin
    update public.notifications n set read_at = null
    where n.id = notification_id and n.user_id = private.require_user();
    if not found then
        raise exception 'notification not found' using errcode = 'P0002';
    end if;
end
$$;

CREATE FUNCTION public.mark_notifications_read(notification_ids uuid[] DEFAULT NULL::uuid[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    uid uuid := private.require_user();
    changed integer;
begin
    if cardinality(notification_ids) > 1000 then
        raise exception 'at most 1000 notifications at a time' using errcode = '22023';
    end if;
    update public.notifications n set read_at = now()
    where n.user_id = uid and n.read_at is null
      and (notification_ids is null or n.id = any(notification_ids));
    get diagnostics changed = row_count;
    return changed;
end
$$;

CREATE TABLE public.investor_payouts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    distribution_id uuid NOT NULL,
    investment_id uuid NOT NULL,
    campaign_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    user_id uuid NOT NULL,
    share_percent numeric(9,6) NOT NULL,
    amount_cents bigint NOT NULL,
    currency text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    payment_method text,
    payment_reference text,
    paid_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT investor_payouts_amount_cents_check CHECK ((amount_cents >= 0)),
    CONSTRAINT investor_payouts_currency_check CHECK ((currency ~ '^[a-z]{3}$'::text)),
    CONSTRAINT investor_payouts_payment_method_check CHECK ((length(payment_method) <= 50)),
    CONSTRAINT investor_payouts_payment_reference_check CHECK ((length(payment_reference) <= 255)),
    CONSTRAINT investor_payouts_share_percent_check CHECK (((share_percent >= (0)::numeric) AND (share_percent <= (100)::numeric))),
    CONSTRAINT investor_payouts_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'processing'::text, 'completed'::text, 'failed'::text])))
);

CREATE FUNCTION public.mark_payout_paid(payout_id uuid, payment_reference text, payment_method text DEFAULT 'bank_transfer'::text) RETURNS public.investor_payouts
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    result public.investor_payouts;
begin
    if length(payment_reference) > 255 or length(payment_method) > 50 then
        raise exception 'payment_reference is at most 255 characters, payment_method 50' using errcode = '22023';
    end if;
    select p.* into result from public.investor_payouts p where p.id = payout_id for update;
    if result.id is null then
        raise exception 'payout not found' using errcode = 'P0002';
    end if;
    if result.status = 'completed' then
        raise exception 'payout already paid (%)', result.payment_reference using errcode = '55000';
    end if;
    update public.investor_payouts p
    set status = 'completed', paid_at = now(), payment_reference = mark_payout_paid.payment_reference,
        payment_method = mark_payout_paid.payment_method
    where p.id = result.id
    returning * into result;
    update public.revenue_distributions d set status = 'completed', distributed_at = now()
    where d.id = result.distribution_id and d.status <> 'completed'
      and not exists (select 1 from public.investor_payouts p
                      where p.distribution_id = result.distribution_id and p.status <> 'completed');
    return result;
end
$$;

CREATE FUNCTION public.match_chapters(query_embedding extensions.vector, match_count integer DEFAULT 10, filter_organization_id uuid DEFAULT NULL::uuid, filter_book_id uuid DEFAULT NULL::uuid, filter_project_id uuid DEFAULT NULL::uuid, exact_below integer DEFAULT 2000) RETURNS TABLE(chapter_id uuid, book_id uuid, similarity double precision, passage_no integer, passage_start integer, passage_end integer)
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
    exact boolean;
    parts text [];
    own_indexes uuid [];
    projects uuid [];
    distance text;
    wanted integer := k * 4;
    fetched integer;
    chapters integer;
    ids uuid [];
    books uuid [];
    distances double precision [];
    numbers integer [];
    starts integer [];
    ends integer [];
begin
    if query_embedding is null then
        raise exception 'query_embedding is required' using errcode = '22023';
    end if;
    if not sees_everything then
        -- the parts of what the caller sees: each organization (walked through its own index
        -- when it has one), then the readable projects
        select array_agg(o) filter (where to_regclass('public.' || private.passage_index_name(o)) is not null),
               array_agg(format('e.organization_id = %L and e.project_id is null', o))
                   filter (where to_regclass('public.' || private.passage_index_name(o)) is null)
        into own_indexes, parts
        from private.my_org_ids() o
        where filter_project_id is null and (filter_organization_id is null or o = filter_organization_id);
        projects := array(select private.readable_project_ids() union select private.public_project_ids());
        if cardinality(projects) > 0 then
            parts := parts || 'e.project_id = any($6)'::text;
        end if;
    end if;
    -- no need to count when an organization of the caller's has its own index (it holds at least
    -- half of passage_index_changes' line) and no book narrows the search, nor when the caller
    -- sees every passage, unfiltered, of a table ANALYZE found large
    exact := case
        when own_indexes is not null and filter_book_id is null then false
        when sees_everything and num_nonnulls(filter_organization_id, filter_book_id, filter_project_id) = 0
             and (select c.reltuples from pg_catalog.pg_class c
                  where c.oid = 'public.chapter_embeddings'::regclass) >= exact_below then false
        else private.chapter_candidates(filter_organization_id, filter_book_id, filter_project_id, exact_below)
             < exact_below
    end;
    loop
        -- the operator form lets the planner walk an HNSW index (scanning on until enough
        -- passages pass the filters and RLS); the function form keeps the indexes out
        distance := case when exact then 'extensions.cosine_distance(e.embedding, $1::extensions.halfvec(384))'
                         else 'e.embedding operator(extensions.<=>) $1::extensions.halfvec(384)' end;
        execute format($q$
            select count(*)::integer, count(distinct n.chapter_id)::integer,
                   array_agg(n.chapter_id order by n.distance), array_agg(n.book_id order by n.distance),
                   array_agg(n.distance order by n.distance), array_agg(n.passage_no order by n.distance),
                   array_agg(n.passage_start order by n.distance), array_agg(n.passage_end order by n.distance)
            from (select * from (%s) u order by u.distance limit $5) n
        $q$, array_to_string(
            array(select format($p$(select e.chapter_id, e.book_id, e.passage_no, e.passage_start, e.passage_end,
                                           %s as distance
                                    from public.chapter_embeddings e
                                    where %s and %s
                                    order by 6
                                    limit $5)$p$, distance, part, filters)
                  from unnest(case when exact or (parts is null and own_indexes is null) then array['true']
                                   else parts end) part)
            || array(select format('(select * from private.nearest_organization_passages(%L, '
                                   '$1::extensions.halfvec(384), $5, $3))', o)
                     from unnest(case when exact then null else own_indexes end) o),
            ' union all '))
        into fetched, chapters, ids, books, distances, numbers, starts, ends
        using query_embedding, filter_organization_id, filter_book_id, filter_project_id, wanted, projects;
        exit when chapters >= k or (exact and fetched < wanted);
        -- a walk stopped short (hnsw.max_scan_tuples) or went far enough: the exact scan
        if not exact and (fetched < wanted or wanted >= 8000) then
            exact := true;
            wanted := k * 4;
        else
            wanted := wanted * 4;
        end if;
    end loop;
    return query
    select b.chapter_id, b.book_id, 1 - b.distance, b.passage_no, b.passage_start, b.passage_end
    from (select distinct on (u.chapter_id) u.*
          from unnest(ids, books, distances, numbers, starts, ends)
               as u (chapter_id, book_id, distance, passage_no, passage_start, passage_end)
          order by u.chapter_id, u.distance) b
    order by b.distance
    limit k;
end
$_$;

CREATE FUNCTION public.moderate_member(community_id uuid, user_id uuid, action text, reason text DEFAULT NULL::text, until timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS public.community_members
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    uid uuid := private.require_user();
    my_rank integer := private.my_community_rank(moderate_member.community_id);
    membership public.community_members;
begin
    perform private.require_max_length(reason, 1000, 'reason');
    if my_rank < 2 then
        raise exception 'community not found' using errcode = 'P0002';
    end if;
    if moderate_member.user_id = uid then
        raise exception 'you cannot moderate yourself' using errcode = '42501';
    end if;
    if action not in ('approve', 'add', 'mute', 'unmute', 'ban', 'unban', 'remove') then
        raise exception 'unknown moderation action %', action using errcode = '22023';
    end if;
    select m.* into membership from public.community_members m
    where m.community_id = moderate_member.community_id and m.user_id = moderate_member.user_id
    for update;
    if action = 'add' then
        if membership.id is not null and membership.status <> 'pending' then
            raise exception 'already a member (%)', membership.status using errcode = '23505';
        end if;
        if not exists (select 1 from auth.users u where u.id = moderate_member.user_id) then
            raise exception 'user not found' using errcode = 'P0002';
        end if;
        insert into public.community_members as m (community_id, user_id, status)
        values (moderate_member.community_id, moderate_member.user_id, 'active')
        on conflict on constraint community_members_community_id_user_id_key do update set status = 'active'
        returning * into membership;
        perform private.notify(membership.user_id, 'community_update', jsonb_build_object('action', 'added'),
            actor => uid, reference_type => 'community', reference_id => membership.community_id,
            title => 'You were added to a community', once_per => interval '1 day');
        return membership;
    end if;
    if membership.id is null then
        raise exception 'member not found' using errcode = 'P0002';
    end if;
    if private.community_role_rank(membership.role) >= my_rank then
        raise exception 'you can only moderate members ranked below you' using errcode = '42501';
    end if;
    if action = 'remove' then
        delete from public.community_members m where m.id = membership.id;
        return membership;
    end if;
    if (action = 'approve' and membership.status <> 'pending')
       or (action = 'unmute' and membership.status <> 'muted')
       or (action = 'unban' and membership.status <> 'banned')
       or (action in ('mute', 'ban') and membership.status = 'pending') then
        raise exception 'cannot % a member who is %', action, membership.status using errcode = '55000';
    end if;
    update public.community_members m
    set status = case action when 'mute' then 'muted' when 'ban' then 'banned' else 'active' end,
        muted_until = case when action = 'mute' then until end,
        banned_at = case when action = 'ban' then now() end,
        ban_reason = case when action = 'ban' then reason end
    where m.id = membership.id
    returning * into membership;
    return membership;
end
$$;

CREATE FUNCTION public.my_digital_downloads() RETURNS TABLE(order_id uuid, order_number text, product_id uuid, product_name text, digital_file_url text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select o.id, o.order_number, i.product_id, i.product_name, x.digital_file_url
    from public.orders o
    join public.order_items i on i.order_id = o.id and i.is_digital
    join public.product_internals x on x.product_id = i.product_id
    where o.user_id = (select auth.uid()) and o.payment_status in ('paid', 'partially_refunded')
      and o.status not in ('cancelled', 'refunded')
$$;

CREATE FUNCTION public.open_film_share(token text) RETURNS TABLE(bucket text, object_name text, expires_at timestamp with time zone, title text, mime_type text, size_bytes bigint, duration_seconds numeric)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    link private.film_shares;
begin
    if token is null or length(token) > 200 then
        raise exception 'share link not found' using errcode = 'P0002';
    end if;
    update private.film_shares s set opened_count = s.opened_count + 1, last_opened_at = now()
    where s.token_hash = private.token_hash(open_film_share.token)
      and s.revoked_at is null and s.expires_at > now()
      and exists (select 1 from public.organizations o where o.id = s.organization_id and o.deleted_at is null)
    returning s.* into link;
    return query
    select a.storage_bucket, a.organization_id || '/' || a.storage_path, link.expires_at, a.title, a.mime_type,
           a.size_bytes, a.duration_seconds
    from public.assets a
    where a.id = link.asset_id and a.deleted_at is null and a.status = 'ready';
    if not found then
        raise exception 'share link not found' using errcode = 'P0002';
    end if;
end
$$;

CREATE FUNCTION public.passage_index_changes(min_passages integer DEFAULT 2000) RETURNS TABLE(organization_id uuid, action text, statement text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    with sizes as (
        select e.organization_id, count(*) as passages
        from public.chapter_embeddings e
        where e.project_id is null
        group by e.organization_id
    ),
    wanted as (
        select s.organization_id, private.passage_index_name(s.organization_id) as index_name, s.passages
        from sizes s
        join public.organizations o on o.id = s.organization_id and o.deleted_at is null
    ),
    existing as (
        select c.relname::text as index_name, i.indisvalid as valid
        from pg_catalog.pg_index i
        join pg_catalog.pg_class c on c.oid = i.indexrelid
        where i.indrelid = 'public.chapter_embeddings'::regclass
          and c.relname::text like 'chapter\_embeddings\_hnsw\_%' and c.relname <> 'chapter_embeddings_hnsw_idx'
    )
    select w.organization_id, 'create',
           format('create index concurrently if not exists %I on public.chapter_embeddings '
                  'using hnsw (embedding extensions.halfvec_cosine_ops) with (m = 16, ef_construction = 128) '
                  'where organization_id = %L and project_id is null', w.index_name, w.organization_id)
    from wanted w
    where w.passages >= min_passages
      and not exists (select from existing x where x.index_name = w.index_name and x.valid)
    union all
    select w.organization_id, 'drop', format('drop index concurrently if exists public.%I', x.index_name)
    from existing x
    left join wanted w on w.index_name = x.index_name
    where not x.valid or w.organization_id is null or w.passages < min_passages / 2
    order by 2 desc, 1
$$;

CREATE FUNCTION public.place_order(discount_code text DEFAULT NULL::text, shipping_address jsonb DEFAULT NULL::jsonb, billing_address jsonb DEFAULT NULL::jsonb, customer_email text DEFAULT NULL::text, customer_phone text DEFAULT NULL::text, customer_notes text DEFAULT NULL::text, shipping_method text DEFAULT NULL::text) RETURNS public.orders
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    uid uuid := private.require_user();
    cart public.carts;
    seller_count integer;
    currency_count integer;
    seller uuid;
    order_currency text;
    v_subtotal bigint;
    v_eligible bigint;
    v_shipping bigint;
    v_tax bigint;
    v_discount bigint := 0;
    code public.discount_codes;
    line record;
    available integer;
    taken boolean;
    new_order public.orders;
begin
    perform private.require_max_length(discount_code, 50, 'discount_code');
    perform private.require_max_length(customer_email, 255, 'customer_email');
    perform private.require_max_length(customer_phone, 50, 'customer_phone');
    perform private.require_max_length(customer_notes, 2000, 'customer_notes');
    perform private.require_max_length(shipping_method, 100, 'shipping_method');
    if pg_column_size(shipping_address) > 4000 or pg_column_size(billing_address) > 4000 then
        raise exception 'address is too long' using errcode = '22023';
    end if;

    select c.* into cart from public.carts c where c.user_id = uid for update;
    if cart.id is null or cart.item_count = 0 then
        raise exception 'your cart is empty' using errcode = '55000';
    end if;

    -- one seller and one currency per order
    select count(distinct i.organization_id), count(distinct p.currency),
           (array_agg(i.organization_id))[1], min(p.currency)
    into seller_count, currency_count, seller, order_currency
    from public.cart_items i join public.products p on p.id = i.product_id
    where i.cart_id = cart.id;
    if seller_count > 1 or currency_count > 1 then
        raise exception 'an order holds items of one store in one currency: split your cart' using errcode = '22023';
    end if;

    if discount_code is not null then
        select d.* into code from public.discount_codes d
        where d.organization_id = seller and upper(d.code) = upper(place_order.discount_code) and d.is_active
        for update;
        if code.id is null then
            raise exception 'discount code % not found', discount_code using errcode = 'P0002';
        end if;
    end if;

    -- stock: each row decremented only if enough is left (or backorders are allowed),
    -- rows taken in one global order so that concurrent buyers never deadlock
    for line in
        select i.product_id, i.variant_id, i.quantity, p.name, p.status, p.visibility, p.has_variants,
               p.track_inventory, v.is_active as variant_active
        from public.cart_items i
        join public.products p on p.id = i.product_id
        left join public.product_variants v on v.id = i.variant_id
        where i.cart_id = cart.id
        order by coalesce(i.variant_id, i.product_id)
    loop
        if line.status <> 'active' or line.visibility = 'private' or line.variant_active is false then
            raise exception '% is no longer available' , line.name using errcode = '55000';
        end if;
        if line.variant_id is null and line.has_variants then
            raise exception 'choose a variant of %', line.name using errcode = '22023';
        end if;
        continue when not line.track_inventory;
        if line.variant_id is not null then
            update public.product_variants v set stock_quantity = v.stock_quantity - line.quantity
            where v.id = line.variant_id and (v.allow_backorder or v.stock_quantity >= line.quantity);
            taken := found;
            select v.stock_quantity into available from public.product_variants v where v.id = line.variant_id;
        else
            update public.products p set stock_quantity = p.stock_quantity - line.quantity
            where p.id = line.product_id and (p.allow_backorder or p.stock_quantity >= line.quantity);
            taken := found;
            select p.stock_quantity into available from public.products p where p.id = line.product_id;
        end if;
        if not taken then
            raise exception 'not enough stock for %: % requested, % available', line.name, line.quantity,
                greatest(available, 0) using errcode = 'PT409';
        end if;
    end loop;

    -- totals from current catalogue prices, never from the client
    select sum(coalesce(v.price_cents, p.price_cents) * i.quantity),
           coalesce(sum(coalesce(v.price_cents, p.price_cents) * i.quantity) filter (
               where code.id is null
                  or ((code.product_ids is null or p.id = any(code.product_ids))
                      and (code.categories is null or p.category = any(code.categories)))), 0),
           coalesce(max(p.shipping_cents) filter (where not p.is_digital), 0),
           coalesce(sum(round(coalesce(v.price_cents, p.price_cents) * i.quantity * p.tax_rate_bps / 10000.0)), 0)
    into v_subtotal, v_eligible, v_shipping, v_tax
    from public.cart_items i
    join public.products p on p.id = i.product_id
    left join public.product_variants v on v.id = i.variant_id
    where i.cart_id = cart.id;

    if code.id is not null then
        v_discount := private.discount_for(code, uid, v_subtotal, v_eligible, v_shipping);
        update public.discount_codes d set usage_count = d.usage_count + 1 where d.id = code.id;
    end if;

    insert into public.orders (
        order_number, user_id, organization_id, subtotal_cents, discount_cents, shipping_cents, tax_cents,
        total_cents, currency, customer_email, customer_phone, shipping_address, billing_address, shipping_method,
        discount_code_id, discount_code, customer_notes, hold_expires_at
    )
    values (
        format('CV-%s-%s', to_char(now() at time zone 'UTC', 'YYYY'),
               lpad(nextval('private.order_number_seq')::text, 6, '0')),
        uid, seller, v_subtotal, v_discount, v_shipping, v_tax, v_subtotal - v_discount + v_shipping + v_tax,
        order_currency, coalesce(place_order.customer_email, (select u.email from auth.users u where u.id = uid)),
        place_order.customer_phone, place_order.shipping_address, coalesce(place_order.billing_address,
                                                                           place_order.shipping_address),
        place_order.shipping_method, code.id, code.code, place_order.customer_notes,
        now() + private.order_hold_window()
    )
    returning * into new_order;

    insert into public.order_items (
        order_id, organization_id, product_id, variant_id, project_id, product_name, variant_title, sku, category,
        is_digital, quantity, unit_price_cents, subtotal_cents
    )
    select new_order.id, p.organization_id, p.id, v.id, p.project_id, p.name, v.title, coalesce(v.sku, p.sku),
           p.category, p.is_digital, i.quantity, coalesce(v.price_cents, p.price_cents),
           coalesce(v.price_cents, p.price_cents) * i.quantity
    from public.cart_items i
    join public.products p on p.id = i.product_id
    left join public.product_variants v on v.id = i.variant_id
    where i.cart_id = cart.id;

    -- units sold, one row per product in id order (after every variant lock above)
    update public.products p set sold_count = p.sold_count + s.units
    from (select i.product_id, sum(i.quantity) as units from public.cart_items i
          where i.cart_id = cart.id group by i.product_id order by i.product_id) as s
    where p.id = s.product_id;

    delete from public.cart_items i where i.cart_id = cart.id;
    return new_order;
end
$$;

COMMENT ON FUNCTION public.place_order(discount_code text, shipping_address jsonb, billing_address jsonb, customer_email text, customer_phone text, customer_notes text, shipping_method text) IS 'Turns the caller''s cart into a pending order in one transaction: stock checked and held, discount applied (its use held), totals computed in SQL, items snapshotted, order number CV-YYYY-NNNNNN assigned. The holds last until hold_expires_at; payment takes them for good, private.expire_unpaid_orders gives them back.';

CREATE FUNCTION public.publish_workflow(workflow_id uuid) RETURNS public.workflow_versions
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    caller uuid := private.require_user();
    flow public.workflows := private.editable_workflow(workflow_id);
    problem text := private.workflow_graph_problem(flow.graph, flow.variables, flow.organization_id);
    published public.workflow_versions;
begin
    if problem is not null then  -- a template it uses may have changed since the last save
        raise exception 'workflow "%": %', flow.name, problem using errcode = '22023';
    end if;
    insert into public.workflow_versions (workflow_id, organization_id, project_id, version, graph, variables,
                                          created_by)
    values (flow.id, flow.organization_id, flow.project_id, coalesce(flow.current_version, 0) + 1, flow.graph,
            flow.variables, caller)
    returning * into published;
    update public.workflows w set current_version = published.version where w.id = flow.id;
    return published;
end
$$;

CREATE TABLE public.nfts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    user_badge_id uuid NOT NULL,
    asset_id text,
    blockchain text DEFAULT 'polygon'::text NOT NULL,
    transaction_id text,
    metadata_uri text,
    image_uri text,
    attributes jsonb DEFAULT '{}'::jsonb NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    error_message text,
    minted_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT nfts_asset_id_check CHECK ((length(asset_id) <= 200)),
    CONSTRAINT nfts_attributes_check CHECK ((jsonb_typeof(attributes) = 'object'::text)),
    CONSTRAINT nfts_blockchain_check CHECK ((blockchain = ANY (ARRAY['polygon'::text, 'ethereum'::text, 'solana'::text, 'base'::text]))),
    CONSTRAINT nfts_check CHECK (((status = 'minted'::text) = ((minted_at IS NOT NULL) AND (asset_id IS NOT NULL) AND (transaction_id IS NOT NULL)))),
    CONSTRAINT nfts_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'minting'::text, 'minted'::text, 'failed'::text]))),
    CONSTRAINT nfts_transaction_id_check CHECK ((length(transaction_id) <= 200))
);

CREATE FUNCTION public.record_nft_mint(nft_id uuid, new_status text, asset_id text DEFAULT NULL::text, transaction_id text DEFAULT NULL::text, metadata_uri text DEFAULT NULL::text, image_uri text DEFAULT NULL::text, error_message text DEFAULT NULL::text) RETURNS public.nfts
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    result public.nfts;
begin
    if new_status not in ('minting', 'minted', 'failed') then
        raise exception 'a mint is minting, minted or failed' using errcode = '22023';
    end if;
    perform private.require_max_length(asset_id, 200, 'asset_id');
    perform private.require_max_length(transaction_id, 200, 'transaction_id');
    perform private.require_max_length(metadata_uri, 2000, 'metadata_uri');
    perform private.require_max_length(image_uri, 2000, 'image_uri');
    perform private.require_max_length(error_message, 2000, 'error_message');
    update public.nfts n
    set status = new_status,
        asset_id = coalesce(record_nft_mint.asset_id, n.asset_id),
        transaction_id = coalesce(record_nft_mint.transaction_id, n.transaction_id),
        metadata_uri = coalesce(record_nft_mint.metadata_uri, n.metadata_uri),
        image_uri = coalesce(record_nft_mint.image_uri, n.image_uri),
        error_message = record_nft_mint.error_message,
        minted_at = case when new_status = 'minted' then now() end,
        updated_at = now()
    where n.id = record_nft_mint.nft_id and n.status <> 'minted'
    returning * into result;
    if result.id is null then
        raise exception 'mint not found or already minted' using errcode = 'P0002';
    end if;
    perform private.notify(result.user_id, 'badge', jsonb_build_object('nft_id', result.id, 'status', result.status),
                           reference_type => 'badge', reference_id => result.user_badge_id,
                           title => format('Your badge NFT is %s', result.status))
    where new_status in ('minted', 'failed');
    return result;
end
$$;

CREATE FUNCTION public.record_view(subject text, subject_id uuid, counter text DEFAULT 'view'::text) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    uid uuid := private.require_user();
    counted integer;
begin
    if subject is null or subject not in ('discussion', 'fan_content', 'product')
       or counter is null or counter not in ('view', 'share') or (counter = 'share' and subject <> 'fan_content') then
        raise exception 'views are counted for a discussion, fan_content or product; shares for fan_content'
            using errcode = '22023';
    end if;
    begin
        insert into private.daily_counts (subject, subject_id, counter, user_id, counted_on)
        values (record_view.subject, record_view.subject_id, record_view.counter, uid, (now() at time zone 'UTC')::date)
        on conflict do nothing;
    exception when insufficient_privilege then
        raise exception '% not found', replace(subject, '_', ' ') using errcode = 'P0002';
    end;
    get diagnostics counted = row_count;
    return counted = 1;
end
$$;

CREATE TABLE public.watch_history (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT auth.uid() NOT NULL,
    content_id uuid NOT NULL,
    episode_id uuid,
    progress_seconds integer DEFAULT 0 NOT NULL,
    duration_seconds integer,
    progress_percent numeric(5,2) GENERATED ALWAYS AS (
CASE
    WHEN (duration_seconds > 0) THEN round((((LEAST(progress_seconds, duration_seconds))::numeric * 100.0) / (duration_seconds)::numeric), 2)
    ELSE NULL::numeric
END) STORED,
    completed boolean DEFAULT false NOT NULL,
    completed_at timestamp with time zone,
    device_type text,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    watched_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT watch_history_device_type_check CHECK ((length(device_type) <= 50)),
    CONSTRAINT watch_history_duration_seconds_check CHECK ((duration_seconds > 0)),
    CONSTRAINT watch_history_progress_seconds_check CHECK ((progress_seconds >= 0))
)
WITH (autovacuum_vacuum_scale_factor='0.02', autovacuum_analyze_scale_factor='0.02');

CREATE FUNCTION public.record_watch_progress(content_id uuid, progress_seconds integer, duration_seconds integer DEFAULT NULL::integer, episode_id uuid DEFAULT NULL::uuid, device_type text DEFAULT NULL::text) RETURNS public.watch_history
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    uid uuid := private.require_user();
    item public.contents;
    episode public.content_episodes;
    known_duration integer;
    at_seconds integer;
    done boolean;
    today date := (now() at time zone 'UTC')::date;
    result public.watch_history;
begin
    if progress_seconds is null or progress_seconds < 0 then
        raise exception 'progress_seconds must be zero or more' using errcode = '22023';
    end if;
    if duration_seconds is not null and duration_seconds <= 0 then
        raise exception 'duration_seconds must be positive' using errcode = '22023';
    end if;
    if length(device_type) > 50 then
        raise exception 'device_type is at most 50 characters' using errcode = '22023';
    end if;
    if not private.can_watch(record_watch_progress.content_id) then
        raise exception 'content not found' using errcode = 'P0002';
    end if;
    select c.* into item from public.contents c where c.id = record_watch_progress.content_id;
    if record_watch_progress.episode_id is not null then
        select e.* into episode from public.content_episodes e
        where e.id = record_watch_progress.episode_id and e.content_id = item.id;
        if episode.id is null then
            raise exception 'episode not found' using errcode = 'P0002';
        end if;
        known_duration := episode.duration_minutes * 60;
    elsif item.type = 'series' then
        raise exception 'a series is watched episode by episode: episode_id is required' using errcode = '22023';
    else
        known_duration := item.duration_minutes * 60;
    end if;
    known_duration := coalesce(known_duration, record_watch_progress.duration_seconds);
    at_seconds := case when known_duration is null then progress_seconds else least(progress_seconds, known_duration) end;
    done := known_duration is not null and at_seconds * 10 >= known_duration * 9;

    insert into public.watch_history as h (
        user_id, content_id, episode_id, progress_seconds, duration_seconds, completed, completed_at, device_type,
        watched_at
    )
    values (uid, item.id, episode.id, at_seconds, known_duration, done, case when done then now() end,
            record_watch_progress.device_type, clock_timestamp())
    on conflict on constraint watch_history_user_id_content_id_episode_id_key do update
    set progress_seconds = excluded.progress_seconds,
        duration_seconds = excluded.duration_seconds,
        completed = h.completed or excluded.completed,
        completed_at = coalesce(h.completed_at, excluded.completed_at),
        device_type = coalesce(excluded.device_type, h.device_type),
        watched_at = excluded.watched_at
    returning h.* into result;

    insert into public.content_views (user_id, content_id, episode_id, viewed_on)
    values (uid, item.id, null, today)
    on conflict do nothing;
    if episode.id is not null then
        insert into public.content_views (user_id, content_id, episode_id, viewed_on)
        values (uid, item.id, episode.id, today)
        on conflict do nothing;
    end if;
    return result;
end
$$;

COMMENT ON FUNCTION public.record_watch_progress(content_id uuid, progress_seconds integer, duration_seconds integer, episode_id uuid, device_type text) IS 'Upsert the caller''s position in a film or episode; completed at 90 % of the duration; one view per viewer and UTC day.';

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

CREATE FUNCTION public.request_badge_nft(user_badge_id uuid, blockchain text DEFAULT 'polygon'::text) RETURNS public.nfts
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    earned public.user_badges;
    badge public.badges;
    result public.nfts;
begin
    select u.* into earned from public.user_badges u
    where u.id = request_badge_nft.user_badge_id and u.user_id = private.require_user();
    if earned.id is null then
        raise exception 'badge not found' using errcode = 'P0002';
    end if;
    if blockchain not in ('polygon', 'ethereum', 'solana', 'base') then
        raise exception 'unsupported blockchain %', blockchain using errcode = '22023';
    end if;
    select b.* into badge from public.badges b where b.id = earned.badge_id;
    if badge.community_id is not null then
        raise exception 'only platform badges are minted as NFTs, % is a community badge', badge.name
            using errcode = '22023';
    end if;
    insert into public.nfts (user_id, user_badge_id, blockchain, attributes)
    values (earned.user_id, earned.id, request_badge_nft.blockchain,
            jsonb_build_object('badge', badge.name, 'rarity', badge.rarity, 'awarded_at', earned.awarded_at))
    on conflict on constraint nfts_user_badge_id_key do nothing
    returning * into result;
    if result.id is null then
        raise exception 'this badge is already minted or being minted' using errcode = '23505';
    end if;
    return result;
end
$$;

CREATE FUNCTION public.request_film(script_id uuid, options jsonb DEFAULT '{}'::jsonb, dedup_key text DEFAULT NULL::text) RETURNS public.generations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    caller uuid := private.require_user();
    film_script public.scripts;
    film_scenes public.scenes [];
    scene public.scenes;
    film public.generations;
    image public.generations;
    speech public.generations;
    clip public.generations;
    synced public.generations;
    merge public.generations;
    size jsonb;
    wallet public.credit_balances;
    needed bigint;
    lipsync boolean;
    speech_text text;
    lines jsonb;
    clips uuid [] := '{}';
    film_id uuid := gen_random_uuid();
    n integer := 0;
begin
    perform private.require_text(dedup_key, 'dedup_key', 190);
    options := coalesce(options, '{}');
    if jsonb_typeof(options) <> 'object' or length(options::text) > 2000 then
        raise exception 'options must be a JSON object of at most 2000 characters' using errcode = '22023';
    end if;
    if exists (select from jsonb_object_keys(options) k
               where k not in ('lipsync', 'width', 'height', 'fps', 'motion', 'burn_subtitles', 'voice', 'language',
                               'provider', 'priority')) then
        raise exception 'unknown film option "%"',
            (select k from jsonb_object_keys(options) k
             where k not in ('lipsync', 'width', 'height', 'fps', 'motion', 'burn_subtitles', 'voice', 'language',
                             'provider', 'priority') limit 1)
            using errcode = '22023';
    end if;
    begin
        lipsync := coalesce((options ->> 'lipsync')::boolean, false);
        size := jsonb_build_object('width', coalesce((options ->> 'width')::integer, 1280),
                                   'height', coalesce((options ->> 'height')::integer, 720));
        if (size ->> 'width')::integer not between 16 and 3840 or (size ->> 'height')::integer not between 16 and 3840
           or coalesce((options ->> 'fps')::integer, 24) not between 1 and 60
           or coalesce((options ->> 'priority')::integer, 0) not between -10 and 10
           or length(options ->> 'motion') > 40 or length(options ->> 'voice') > 60
           or length(options ->> 'language') > 20 or length(options ->> 'provider') > 60 then
            raise exception using errcode = '22023';
        end if;
        perform (options ->> 'burn_subtitles')::boolean;
    exception when others then
        raise exception 'film options out of range: width and height 16-3840, fps 1-60, priority -10..10, '
                        'lipsync and burn_subtitles booleans, short texts'
            using errcode = '22023';
    end;

    select s.* into film_script from public.scripts s
    where s.id = request_film.script_id and s.deleted_at is null
      and s.project_id = any(array(select private.editable_project_ids()));
    if film_script.id is null then
        raise exception 'script not found' using errcode = 'P0002';
    end if;
    -- a repeated request: the first film, nothing charged again
    if dedup_key is not null then
        select g.* into film from public.generations g
        where g.organization_id = film_script.organization_id and g.dedup_key = 'client:' || request_film.dedup_key;
        if film.id is not null then
            if film.kind <> 'video' or film.script_id is distinct from film_script.id then
                raise exception 'dedup_key already used for a different request' using errcode = '22023';
            end if;
            return film;
        end if;
    end if;
    film_scenes := array(select s from public.scenes s
                         where s.script_id = film_script.id and s.deleted_at is null
                         order by s.scene_number, s.created_at);
    if cardinality(film_scenes) = 0 then
        raise exception 'script has no scenes' using errcode = '22023';
    elsif cardinality(film_scenes) > 200 then
        raise exception 'a film has at most 200 scenes, this script has %', cardinality(film_scenes)
            using errcode = '22023';
    end if;

    -- brand safety before any money moves
    perform private.check_brand_safety(film_script.organization_id, film_script.project_id,
                                       private.film_texts(film_script, film_scenes), true);

    -- the whole film's cost against the wallet, before any job is created
    needed := (select sum(coalesce((private.estimate_generation(j.kind, options ->> 'provider', null, j.units)).credits,
                                   0))
               from (select 'image' as kind, 1::numeric as units from unnest(film_scenes)
                     union all
                     select 'audio', greatest(1, ceil(length(private.scene_speech(s)) / 150.0)) from unnest(film_scenes) s
                     union all
                     select 'scene_video', 1 from unnest(film_scenes)
                     union all
                     select 'lipsync', 1 from unnest(film_scenes) where lipsync
                     union all
                     select 'merge', 1) j);
    wallet := private.lock_credit_balance(film_script.organization_id);
    if needed > wallet.balance + wallet.rollover_balance + wallet.bonus_balance then
        raise exception 'insufficient credits for this film: % needed, % available', needed,
            wallet.balance + wallet.rollover_balance + wallet.bonus_balance
            using errcode = 'PT402', hint = 'buy credits, or make the film with fewer scenes';
    end if;

    film := private.start_generation(
        jsonb_populate_record(null::public.generations, jsonb_build_object(
            'id', film_id, 'organization_id', film_script.organization_id, 'project_id', film_script.project_id,
            'script_id', film_script.id, 'chapter_id', film_script.chapter_id, 'kind', 'video',
            'prompt', left(film_script.script, 20000), 'params', options,
            'priority', coalesce((options ->> 'priority')::integer, 0),
            'dedup_key', 'client:' || dedup_key,
            'metadata', jsonb_build_object('pipeline', 'film', 'scenes', cardinality(film_scenes),
                                           'lipsync', lipsync, 'estimated_credits', needed))),
        caller);
    if film.id <> film_id then  -- a concurrent request with the same key won
        if film.kind <> 'video' or film.script_id is distinct from film_script.id then
            raise exception 'dedup_key already used for a different request' using errcode = '22023';
        end if;
        return film;
    end if;
    -- the parent is never claimed: it runs while its children do
    delete from private.job_queue q where q.generation_id = film.id;
    update public.generations g
    set status = 'running', started_at = now(), total_steps = cardinality(film_scenes),
        current_step = format('%s scenes queued', cardinality(film_scenes)), updated_at = now()
    where g.id = film.id
    returning * into film;

    foreach scene in array film_scenes loop
        n := n + 1;
        speech_text := private.scene_speech(scene);
        lines := case when jsonb_typeof(scene.audio_requirements -> 'lines') = 'array'
                      then scene.audio_requirements -> 'lines' else jsonb_build_array(speech_text) end;
        image := private.start_pipeline_job(film, caller, 'image', scene, scene.image_prompt,
                                            size || jsonb_build_object('scene_number', scene.scene_number), 1,
                                            jsonb_build_object('scene_number', scene.scene_number));
        speech := private.start_pipeline_job(
            film, caller, 'audio', scene, speech_text,
            jsonb_strip_nulls(jsonb_build_object('voice', options ->> 'voice',
                                                 'language', coalesce(options ->> 'language',
                                                                      scene.audio_requirements ->> 'language'))),
            greatest(1, ceil(length(speech_text) / 150.0)), jsonb_build_object('scene_number', scene.scene_number));
        clip := private.start_pipeline_job(
            film, caller, 'scene_video', scene, scene.visual_description,
            size || jsonb_strip_nulls(jsonb_build_object(
                'fps', coalesce((options ->> 'fps')::integer, 24), 'motion', options ->> 'motion',
                'burn_subtitles', coalesce((options ->> 'burn_subtitles')::boolean, false), 'lines', lines)),
            1, jsonb_build_object('scene_number', scene.scene_number, 'scene_final', not lipsync));
        perform private.add_input(clip.id, 'image', 0, image.id);
        perform private.add_input(clip.id, 'audio', 1, speech.id);
        if lipsync then
            synced := private.start_pipeline_job(film, caller, 'lipsync', scene, null, '{}', 1,
                                                 jsonb_build_object('scene_number', scene.scene_number,
                                                                    'scene_final', true));
            perform private.add_input(synced.id, 'video', 0, clip.id);
            perform private.add_input(synced.id, 'audio', 1, speech.id);
            clip := synced;
        end if;
        clips := clips || clip.id;
    end loop;
    merge := private.start_generation(
        jsonb_populate_record(null::public.generations, jsonb_build_object(
            'organization_id', film.organization_id, 'project_id', film.project_id, 'parent_id', film.id,
            'script_id', film.script_id, 'kind', 'merge', 'params', size, 'priority', film.priority,
            'provider', options ->> 'provider',
            'metadata', jsonb_build_object('pipeline', 'film', 'stage', 'merge', 'pipeline_output', true))),
        caller);
    for n in 1..cardinality(clips) loop
        perform private.add_input(merge.id, 'video', n - 1, clips[n]);
    end loop;
    return film;
end
$$;

CREATE FUNCTION public.request_generation(project_id uuid, kind text, prompt text DEFAULT NULL::text, params jsonb DEFAULT '{}'::jsonb, provider text DEFAULT NULL::text, model text DEFAULT NULL::text, units numeric DEFAULT 1, priority integer DEFAULT 0, dedup_key text DEFAULT NULL::text, parent_id uuid DEFAULT NULL::uuid, scene_id uuid DEFAULT NULL::uuid, script_id uuid DEFAULT NULL::uuid, chapter_id uuid DEFAULT NULL::uuid, moodboard_id uuid DEFAULT NULL::uuid, animation_id uuid DEFAULT NULL::uuid, variant text DEFAULT NULL::text, scene_number integer DEFAULT NULL::integer) RETURNS public.generations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    caller uuid := private.require_user();
begin
    if not coalesce((select k.client_requestable from public.generation_kinds k
                     where k.kind = request_generation.kind), false) then
        raise exception 'unknown generation kind "%"', kind using errcode = '22023';
    end if;
    if project_id is null then
        raise exception 'project not found' using errcode = 'P0002';
    end if;
    perform private.require_text(dedup_key, 'dedup_key', 190);
    -- every other rule (scope, rights, bounds, brand safety, quotas, hold) is the door's
    return private.start_generation(jsonb_populate_record(null::public.generations, jsonb_build_object(
        'project_id', project_id, 'kind', kind, 'prompt', prompt, 'params', params, 'provider', provider,
        'model', model, 'units', units, 'priority', priority,
        -- the caller's keys live in their own namespace: no caller can take a key the platform
        -- uses (schedule runs, pipelines)
        'dedup_key', 'client:' || dedup_key, 'parent_id', parent_id,
        'scene_id', scene_id, 'script_id', script_id, 'chapter_id', chapter_id, 'moodboard_id', moodboard_id,
        'animation_id', animation_id, 'variant', variant, 'scene_number', scene_number)), caller);
end
$$;

CREATE FUNCTION public.request_story(book_id uuid, options jsonb DEFAULT '{}'::jsonb, dedup_key text DEFAULT NULL::text) RETURNS public.generations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $_$
declare
    caller uuid := private.require_user();
    story_book public.books;
    chapter public.chapters;
    book_units numeric;
    root public.generations;
    cast_job public.generations;
    script_job public.generations;
    root_id uuid := gen_random_uuid();
    job jsonb;
begin
    perform private.require_text(dedup_key, 'dedup_key', 190);
    options := coalesce(options, '{}');
    if jsonb_typeof(options) <> 'object' or length(options::text) > 2000 then
        raise exception 'options must be a JSON object of at most 2000 characters' using errcode = '22023';
    end if;
    if exists (select from jsonb_object_keys(options) k where k not in ('provider', 'model', 'priority')) then
        raise exception 'unknown story option "%"',
            (select k from jsonb_object_keys(options) k where k not in ('provider', 'model', 'priority') limit 1)
            using errcode = '22023';
    end if;
    if coalesce(options ->> 'priority', '0') !~ '^-?[0-9]{1,2}$' then
        raise exception 'story option priority must be a number from -10 to 10' using errcode = '22023';
    end if;

    select b.* into story_book from public.books b
    where b.id = request_story.book_id and b.deleted_at is null
      and b.project_id = any(array(select private.editable_project_ids()));
    if story_book.id is null then
        raise exception 'book not found' using errcode = 'P0002';
    end if;
    if dedup_key is not null then
        select g.* into root from public.generations g
        where g.organization_id = story_book.organization_id and g.dedup_key = 'client:' || request_story.dedup_key;
        if root.id is not null then
            if root.kind <> 'plot_overview' or root.book_id is distinct from story_book.id then
                raise exception 'dedup_key already used for a different request' using errcode = '22023';
            end if;
            return root;
        end if;
    end if;
    select ceil(sum(length(c.content)) / 4000.0) into book_units  -- null: no chapter with text
    from public.chapters c where c.book_id = story_book.id and c.deleted_at is null and c.content ~ '\S';
    if book_units is null then
        raise exception 'book has no chapters with text' using errcode = '22023';
    end if;
    -- fields every job of the story shares
    job := jsonb_build_object('organization_id', story_book.organization_id, 'project_id', story_book.project_id,
                              'book_id', story_book.id, 'provider', options ->> 'provider',
                              'model', options ->> 'model', 'priority', coalesce((options ->> 'priority')::integer, 0));

    root := private.start_generation(jsonb_populate_record(null::public.generations, job || jsonb_build_object(
        'id', root_id, 'kind', 'plot_overview', 'units', book_units, 'dedup_key', 'client:' || dedup_key,
        'metadata', jsonb_build_object('story', story_book.id, 'stage', 'plot_overview'))), caller);
    if root.id <> root_id then  -- a concurrent request with the same key won
        if root.kind <> 'plot_overview' or root.book_id is distinct from story_book.id then
            raise exception 'dedup_key already used for a different request' using errcode = '22023';
        end if;
        return root;
    end if;
    cast_job := private.start_generation(jsonb_populate_record(null::public.generations, job || jsonb_build_object(
        'parent_id', root.id, 'kind', 'story_characters', 'units', book_units,
        'metadata', jsonb_build_object('story', story_book.id, 'stage', 'story_characters'))), caller);
    perform private.add_input(cast_job.id, 'reference', 0, root.id);
    for chapter in
        select c.* from public.chapters c
        where c.book_id = story_book.id and c.deleted_at is null and c.content ~ '\S'
        order by c.chapter_number, c.created_at
    loop
        script_job := private.start_generation(jsonb_populate_record(null::public.generations, job || jsonb_build_object(
            'parent_id', root.id, 'chapter_id', chapter.id, 'kind', 'chapter_script',
            'units', greatest(1, ceil(length(chapter.content) / 4000.0)),
            'metadata', jsonb_build_object('story', story_book.id, 'stage', 'chapter_script',
                                           'chapter_number', chapter.chapter_number))), caller);
        perform private.add_input(script_job.id, 'reference', 0, root.id);
        perform private.add_input(script_job.id, 'reference', 1, cast_job.id);
    end loop;
    return root;
end
$_$;

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

CREATE FUNCTION public.retry_generation(generation_id uuid) RETURNS public.generations
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    caller uuid := private.require_user();
    old public.generations := private.visible_generation(generation_id, 'editor');
    parent public.generations;
    created public.generations;
begin
    -- the inputs first (they may be finishing right now), then the old row: the locking order
    perform from public.generations i join public.generation_inputs gi on gi.input_generation_id = i.id
    where gi.generation_id = old.id
    order by i.id
    for share of i;
    select g.* into old from public.generations g where g.id = old.id for update;
    if old.metadata ? 'superseded_by' then
        select g.* into created from public.generations g where g.id = (old.metadata ->> 'superseded_by')::uuid;
        return created;
    end if;
    if old.status not in ('failed', 'cancelled') then
        raise exception 'only a failed or cancelled generation can be retried (this one is %)', old.status
            using errcode = '55000';
    end if;
    if old.parent_id is not null then
        select g.* into parent from public.generations g where g.id = old.parent_id;
        if parent.status in ('succeeded', 'failed', 'cancelled') or parent.cancel_requested_at is not null then
            raise exception 'its pipeline is %',
                case when parent.cancel_requested_at is not null and parent.status <> 'cancelled' then 'being cancelled'
                     else parent.status end
                using errcode = '55000';
        end if;
    end if;
    -- the door checks it all again as for a new request: scope, rights, bounds, brand safety
    created := private.start_generation(
        jsonb_populate_record(null::public.generations, jsonb_build_object(
            'organization_id', old.organization_id, 'project_id', old.project_id, 'parent_id', old.parent_id,
            'kind', old.kind, 'variant', old.variant, 'chapter_id', old.chapter_id, 'book_id', old.book_id,
            'script_id', old.script_id,
            'scene_id', old.scene_id, 'moodboard_id', old.moodboard_id, 'animation_id', old.animation_id,
            'scene_number', old.scene_number, 'prompt', old.prompt, 'params', old.params, 'units', old.units,
            'priority', old.priority, 'provider', old.provider,
            'metadata', old.metadata || jsonb_build_object('retry_of', old.id))),
        caller);
    insert into public.generation_inputs (generation_id, organization_id, role, sequence_order, input_generation_id,
                                          asset_id, asset_url, transform_params)
    select created.id, gi.organization_id, gi.role, gi.sequence_order, gi.input_generation_id, gi.asset_id,
           gi.asset_url, gi.transform_params
    from public.generation_inputs gi where gi.generation_id = old.id
    order by gi.sequence_order, gi.created_at;
    update public.generation_inputs gi set input_generation_id = created.id
    where gi.input_generation_id = old.id and gi.generation_id <> created.id;
    update public.generations g set metadata = g.metadata || jsonb_build_object('superseded_by', created.id),
                                    updated_at = now()
    where g.id = old.id;
    if old.parent_id is not null then
        perform private.refresh_pipeline(old.parent_id, format('%s%s retried', coalesce('scene ' || old.scene_number
                                                                                       || ': ', ''), old.kind));
    end if;
    return created;
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

CREATE TABLE public.license_requests (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    project_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    requester_user_id uuid DEFAULT auth.uid() NOT NULL,
    company_name text NOT NULL,
    company_website text,
    contact_name text NOT NULL,
    contact_email text NOT NULL,
    contact_phone text,
    license_type text NOT NULL,
    territory text NOT NULL,
    duration_years integer,
    proposed_royalty_percent numeric(5,2),
    proposed_minimum_guarantee_cents bigint,
    proposed_products text,
    message text,
    status text DEFAULT 'pending'::text NOT NULL,
    assigned_to uuid,
    decided_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT license_requests_company_name_check CHECK (((length(company_name) >= 1) AND (length(company_name) <= 255))),
    CONSTRAINT license_requests_company_website_check CHECK ((length(company_website) <= 255)),
    CONSTRAINT license_requests_contact_email_check CHECK (((contact_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'::text) AND (length(contact_email) <= 255))),
    CONSTRAINT license_requests_contact_name_check CHECK (((length(contact_name) >= 1) AND (length(contact_name) <= 255))),
    CONSTRAINT license_requests_contact_phone_check CHECK ((length(contact_phone) <= 50)),
    CONSTRAINT license_requests_duration_years_check CHECK (((duration_years >= 1) AND (duration_years <= 99))),
    CONSTRAINT license_requests_license_type_check CHECK ((license_type = ANY (ARRAY['merchandise'::text, 'media_adaptation'::text, 'gaming'::text, 'theme_park'::text, 'publishing'::text, 'music'::text]))),
    CONSTRAINT license_requests_message_check CHECK ((length(message) <= 5000)),
    CONSTRAINT license_requests_proposed_minimum_guarantee_cents_check CHECK ((proposed_minimum_guarantee_cents >= 0)),
    CONSTRAINT license_requests_proposed_products_check CHECK ((length(proposed_products) <= 5000)),
    CONSTRAINT license_requests_proposed_royalty_percent_check CHECK (((proposed_royalty_percent >= (0)::numeric) AND (proposed_royalty_percent <= (100)::numeric))),
    CONSTRAINT license_requests_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'reviewing'::text, 'negotiating'::text, 'approved'::text, 'rejected'::text, 'withdrawn'::text]))),
    CONSTRAINT license_requests_territory_check CHECK (((length(territory) >= 1) AND (length(territory) <= 100)))
);

CREATE FUNCTION public.review_license_request(request_id uuid, new_status text, note text DEFAULT NULL::text, assign_to uuid DEFAULT NULL::uuid) RETURNS public.license_requests
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    target public.license_requests;
begin
    perform private.require_user();
    perform private.require_max_length(note, 5000, 'note');
    select r.* into target from public.license_requests r
    where r.id = review_license_request.request_id
      and r.organization_id = any(array(select private.my_org_ids('editor')))
    for update;
    if target.id is null then
        raise exception 'licence request not found' using errcode = 'P0002';
    end if;
    if new_status not in ('reviewing', 'negotiating', 'approved', 'rejected') then
        raise exception 'a licensor sets reviewing, negotiating, approved or rejected, not %', new_status
            using errcode = '22023';
    end if;
    if assign_to is not null and not exists (
        select 1 from public.organization_members m where m.organization_id = target.organization_id and m.user_id = assign_to
    ) then
        raise exception 'the assignee is not a member of the organization' using errcode = '22023';
    end if;
    update public.license_requests r
    set status = new_status, assigned_to = coalesce(assign_to, r.assigned_to)
    where r.id = target.id
    returning * into target;
    if note is not null then
        insert into public.license_request_notes (request_id, organization_id, author_id, note)
        values (target.id, target.organization_id, auth.uid(), note);
    end if;
    return target;
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

CREATE FUNCTION public.revoke_film_share(share_id uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    caller uuid := private.require_user();
begin
    update private.film_shares s set revoked_at = coalesce(s.revoked_at, now()), revoked_by = coalesce(s.revoked_by, caller)
    where s.id = revoke_film_share.share_id
      and ((s.created_by = caller and s.organization_id in (select private.my_org_ids()))
           or s.organization_id in (select private.my_org_ids('admin')));
    if not found then
        raise exception 'share link not found' using errcode = 'P0002';
    end if;
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

CREATE TABLE public.event_rsvps (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    event_id uuid NOT NULL,
    community_id uuid NOT NULL,
    user_id uuid DEFAULT auth.uid() NOT NULL,
    status text NOT NULL,
    reminder_sent boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT event_rsvps_status_check CHECK ((status = ANY (ARRAY['going'::text, 'interested'::text, 'not_going'::text])))
);

CREATE FUNCTION public.rsvp_event(event_id uuid, status text DEFAULT 'going'::text) RETURNS public.event_rsvps
    LANGUAGE plpgsql
    SET search_path TO ''
    AS $$
declare
    result public.event_rsvps;
begin
    perform private.require_user();
    if status not in ('going', 'interested', 'not_going') then
        raise exception 'an RSVP is going, interested or not_going' using errcode = '22023';
    end if;
    insert into public.event_rsvps as r (event_id, user_id, status)
    values (rsvp_event.event_id, auth.uid(), rsvp_event.status)
    on conflict on constraint event_rsvps_event_id_user_id_key do update set status = excluded.status
    returning * into result;
    return result;
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

CREATE FUNCTION public.scheduler_tick(max_runs integer DEFAULT 100) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    due public.schedules;
    started public.generations;
    spec public.generations;
    run_key text;
    paused boolean;
    count integer := 0;
begin
    for due in
        select s.* from public.schedules s
        where s.enabled and s.next_run_at <= now()
        order by s.next_run_at
        limit max_runs
        for update skip locked
    loop
        begin
            if due.created_by is null then  -- the owner's account was deleted
                raise exception 'the schedule''s owner no longer exists' using errcode = '42501';
            end if;
            run_key := 'schedule:' || due.id || ':' || extract(epoch from due.next_run_at);
            spec := private.scheduled_request(due);
            if due.workflow_id is not null then  -- a workflow run (workflows.sql); its render is returned
                started := private.start_scheduled_workflow(due, run_key);
            else
                spec.dedup_key := run_key;
                started := private.start_generation(spec, due.created_by);
            end if;
            update public.schedules s
            set last_run_at = now(), last_generation_id = started.id, last_error = null, run_count = s.run_count + 1,
                next_run_at = public.cron_next(s.cron, s.timezone, greatest(now(), s.next_run_at))
            where s.id = due.id;
            count := count + 1;
        exception when others then
            paused := sqlstate not in ('PT402', 'PT429', 'PT503', '40001', '40P01', '55P03');
            update public.schedules s
            set last_run_at = now(), last_error = case when paused then 'paused: ' end || sqlerrm,
                enabled = s.enabled and not paused,
                next_run_at = public.cron_next(s.cron, s.timezone, greatest(now(), s.next_run_at))
            where s.id = due.id;
        end;
    end loop;
    return count;
end
$$;

CREATE FUNCTION public.set_campaign_status(campaign_id uuid, new_status text) RETURNS public.campaigns
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    campaign public.campaigns;
    is_service boolean := not private.called_by_client();
    is_reviewer boolean := private.has_platform_role('admin') or private.has_platform_role('moderator');
begin
    if length(new_status) > 20 then
        raise exception 'unknown campaign status' using errcode = '22023';
    end if;
    select c.* into campaign from public.campaigns c where c.id = set_campaign_status.campaign_id for update;
    if campaign.id is null or (campaign.project_deleted_at is not null and not is_service)
       or not (is_service or is_reviewer or campaign.organization_id = any(array(select private.my_org_ids('editor'))))
       or (campaign.status in ('draft', 'cancelled')
           and not (is_service or campaign.organization_id = any(array(select private.my_org_ids('editor'))))) then
        raise exception 'campaign not found' using errcode = 'P0002';
    end if;
    if new_status not in ('draft', 'pending_review', 'active', 'funded', 'failed', 'completed', 'cancelled') then
        raise exception 'unknown campaign status %', new_status using errcode = '22023';
    end if;
    if not private.campaign_status_allowed(campaign.status, new_status) then
        raise exception 'campaign cannot move from % to %', campaign.status, new_status using errcode = '55000';
    end if;
    if new_status in ('funded', 'failed') then
        raise exception 'a campaign is funded or failed by settle_campaigns at its end date' using errcode = '55000';
    end if;
    if (campaign.status, new_status) = ('pending_review', 'active') and not (is_service or is_reviewer) then
        raise exception 'only platform reviewers approve campaigns' using errcode = '42501';
    end if;
    if new_status in ('cancelled', 'completed') and not (is_service or private.has_org_role(campaign.organization_id, 'admin')) then
        raise exception 'only organization admins cancel or complete a campaign' using errcode = '42501';
    end if;
    if new_status in ('pending_review', 'draft') and not (is_service or is_reviewer
                                                        or private.has_org_role(campaign.organization_id, 'editor')) then
        raise exception 'only the organization''s editors submit or withdraw a campaign' using errcode = '42501';
    end if;
    if new_status = 'pending_review' then
        if campaign.end_date is null then
            raise exception 'a campaign needs an end date before review' using errcode = '55000';
        end if;
        if campaign.end_date <= now() then
            raise exception 'the campaign''s end date has passed' using errcode = '55000';
        end if;
    end if;
    if new_status = 'active' and campaign.end_date <= now() then
        raise exception 'the campaign''s end date has passed' using errcode = '55000';
    end if;
    if new_status = 'completed' and exists (select 1 from public.investments i
                                            where i.campaign_id = campaign.id and i.status = 'pending') then
        raise exception 'the campaign still has pending investments' using errcode = '55000';
    end if;
    update public.campaigns c
    set status = new_status,
        submitted_at = case when new_status = 'pending_review' then now() else c.submitted_at end,
        launched_at = case when new_status = 'active' then now() else c.launched_at end,
        start_date = case when new_status = 'active' then greatest(coalesce(c.start_date, now()), now())
                          else c.start_date end,
        is_verified = c.is_verified or new_status = 'active',
        verified_at = case when new_status = 'active' then now() else c.verified_at end,
        completed_at = case when new_status = 'completed' then now() else c.completed_at end,
        cancelled_at = case when new_status = 'cancelled' then now() else c.cancelled_at end
    where c.id = campaign.id
    returning * into campaign;
    if new_status = 'cancelled' then
        perform private.refund_campaign(campaign.id);
        select c.* into campaign from public.campaigns c where c.id = campaign.id;
    end if;
    return campaign;
end
$$;

CREATE FUNCTION public.set_community_role(community_id uuid, user_id uuid, new_role text) RETURNS public.community_members
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    uid uuid := private.require_user();
    my_rank integer := private.my_community_rank(set_community_role.community_id);
    membership public.community_members;
begin
    if my_rank < 3 then
        raise exception 'community not found' using errcode = 'P0002';
    end if;
    if private.community_role_rank(new_role) = 0 then
        raise exception 'unknown community role %', new_role using errcode = '22023';
    end if;
    select m.* into membership from public.community_members m
    where m.community_id = set_community_role.community_id and m.user_id = set_community_role.user_id
      and m.status = 'active'
    for update;
    if membership.id is null then
        raise exception 'member not found' using errcode = 'P0002';
    end if;
    if membership.user_id = uid or (my_rank < 4 and (private.community_role_rank(membership.role) >= my_rank
                                                     or private.community_role_rank(new_role) >= my_rank)) then
        raise exception 'you can only change roles below your own' using errcode = '42501';
    end if;
    update public.community_members m set role = new_role where m.id = membership.id returning * into membership;
    return membership;
end
$$;

CREATE FUNCTION public.set_license_agreement_status(agreement_id uuid, new_status text) RETURNS public.license_agreements
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    agreement public.license_agreements;
begin
    perform private.require_user();
    if new_status not in ('pending_signature', 'terminated') then
        raise exception 'a licensor sets pending_signature or terminated, not %', new_status using errcode = '22023';
    end if;
    update public.license_agreements a set status = new_status
    where a.id = set_license_agreement_status.agreement_id
      and a.organization_id = any(array(select private.my_org_ids('admin')))
    returning * into agreement;
    if agreement.id is null then
        raise exception 'licence agreement not found' using errcode = 'P0002';
    end if;
    perform private.notify(agreement.licensee_user_id, 'license_update',
        jsonb_build_object('status', agreement.status), actor => auth.uid(),
        reference_type => 'license_agreement', reference_id => agreement.id,
        title => format('Your licence agreement is %s', replace(agreement.status, '_', ' ')));
    return agreement;
end
$$;

CREATE TABLE public.investor_rewards (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    investment_id uuid NOT NULL,
    campaign_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    user_id uuid NOT NULL,
    tier_id uuid,
    reward_type text NOT NULL,
    name text,
    description text,
    status text DEFAULT 'pending'::text NOT NULL,
    tracking_number text,
    shipping_address jsonb,
    download_url text,
    access_code text,
    delivered_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT investor_rewards_access_code_check CHECK ((length(access_code) <= 255)),
    CONSTRAINT investor_rewards_download_url_size CHECK ((char_length(download_url) <= 2048)),
    CONSTRAINT investor_rewards_name_check CHECK ((length(name) <= 255)),
    CONSTRAINT investor_rewards_reward_type_check CHECK ((reward_type = ANY (ARRAY['nft'::text, 'physical'::text, 'digital'::text, 'access'::text, 'revenue_share'::text, 'credit'::text]))),
    CONSTRAINT investor_rewards_shipping_address_check CHECK ((jsonb_typeof(shipping_address) = 'object'::text)),
    CONSTRAINT investor_rewards_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'processing'::text, 'shipped'::text, 'delivered'::text, 'failed'::text, 'cancelled'::text]))),
    CONSTRAINT investor_rewards_tracking_number_check CHECK ((length(tracking_number) <= 255))
);

CREATE FUNCTION public.set_reward_shipping_address(reward_id uuid, address jsonb) RETURNS public.investor_rewards
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    result public.investor_rewards;
begin
    if jsonb_typeof(address) is distinct from 'object' or length(address::text) > 2000 then
        raise exception 'address must be a JSON object of at most 2000 characters' using errcode = '22023';
    end if;
    update public.investor_rewards r set shipping_address = address
    where r.id = reward_id and r.user_id = private.require_user() and r.status in ('pending', 'processing')
    returning * into result;
    if result.id is null then
        raise exception 'reward not found' using errcode = 'P0002';
    end if;
    return result;
end
$$;

CREATE TABLE public.royalty_reports (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    agreement_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    licensee_user_id uuid DEFAULT auth.uid(),
    period_start date NOT NULL,
    period_end date NOT NULL,
    gross_revenue_cents bigint NOT NULL,
    net_revenue_cents bigint,
    royalty_amount_cents bigint NOT NULL,
    sales_breakdown jsonb,
    status text DEFAULT 'pending'::text NOT NULL,
    paid_at timestamp with time zone,
    payment_reference text,
    submitted_by uuid,
    submitted_at timestamp with time zone DEFAULT now() NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT royalty_reports_check CHECK ((period_end >= period_start)),
    CONSTRAINT royalty_reports_check1 CHECK (((net_revenue_cents IS NULL) OR (net_revenue_cents <= gross_revenue_cents))),
    CONSTRAINT royalty_reports_gross_revenue_cents_check CHECK ((gross_revenue_cents >= 0)),
    CONSTRAINT royalty_reports_net_revenue_cents_check CHECK ((net_revenue_cents >= 0)),
    CONSTRAINT royalty_reports_payment_reference_check CHECK ((length(payment_reference) <= 255)),
    CONSTRAINT royalty_reports_royalty_amount_cents_check CHECK ((royalty_amount_cents >= 0)),
    CONSTRAINT royalty_reports_sales_breakdown_check CHECK ((jsonb_typeof(sales_breakdown) = ANY (ARRAY['object'::text, 'array'::text]))),
    CONSTRAINT royalty_reports_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'verified'::text, 'paid'::text, 'disputed'::text])))
);

CREATE FUNCTION public.settle_royalty_report(report_id uuid, new_status text, payment_reference text DEFAULT NULL::text) RETURNS public.royalty_reports
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    report public.royalty_reports;
begin
    perform private.require_user();
    perform private.require_max_length(payment_reference, 255, 'payment_reference');
    select r.* into report from public.royalty_reports r
    where r.id = settle_royalty_report.report_id and r.organization_id = any(array(select private.my_org_ids('admin')))
    for update;
    if report.id is null then
        raise exception 'royalty report not found' using errcode = 'P0002';
    end if;
    if report.status = 'paid' then
        raise exception 'a paid royalty report cannot be changed or deleted' using errcode = '55000';
    end if;
    if not (report.status, new_status) in (
        ('pending', 'verified'), ('pending', 'disputed'), ('disputed', 'verified'), ('verified', 'paid'),
        ('verified', 'disputed')
    ) then
        raise exception 'a royalty report cannot go from % to %', report.status, new_status using errcode = '55000';
    end if;
    update public.royalty_reports r
    set status = new_status,
        paid_at = case when new_status = 'paid' then now() end,
        payment_reference = coalesce(settle_royalty_report.payment_reference, r.payment_reference)
    where r.id = report.id
    returning * into report;
    perform private.notify(report.licensee_user_id, 'license_update',
        jsonb_build_object('status', report.status, 'royalty_amount_cents', report.royalty_amount_cents),
        actor => auth.uid(), reference_type => 'royalty_report', reference_id => report.id,
        title => format('Royalty report %s to %s: %s', report.period_start, report.period_end, report.status));
    return report;
end
$$;

CREATE FUNCTION public.share_film(asset_id uuid, expires_in interval DEFAULT '7 days'::interval) RETURNS TABLE(share_id uuid, token text, expires_at timestamp with time zone)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    film public.assets;
    new_token text := 'film_' || private.random_token();
    live_links integer;
begin
    perform private.require_user();
    if expires_in is null or expires_in < interval '1 minute' or expires_in > interval '30 days' then
        raise exception 'a share link lasts from 1 minute to 30 days, not %', coalesce(expires_in::text, 'null')
            using errcode = '22023';
    end if;
    -- the film's row locked against other shares of it, so that concurrent calls count each other
    select a.* into film from public.assets a
    where a.id = share_film.asset_id and a.deleted_at is null
      and ((a.project_id is null and a.organization_id in (select private.my_org_ids()))
           or a.project_id in (select private.readable_project_ids()))
    for no key update of a;
    if film.id is null then
        raise exception 'film not found' using errcode = 'P0002';
    end if;
    if film.type <> 'video' or film.status <> 'ready' then
        raise exception 'only a ready video can be shared (this asset: %, %)', film.type, film.status
            using errcode = '22023';
    end if;
    -- the caller's membership, locked: a concurrent removal or organization deletion waits
    perform private.require_org_role(film.organization_id, 'editor', 'share films', 'publish');
    select count(*) into live_links from private.film_shares s
    where s.asset_id = film.id and s.revoked_at is null and s.expires_at > now();
    if live_links >= 50 then
        raise exception 'share limit reached: at most 50 live share links per film' using errcode = 'PT429';
    end if;
    return query
    insert into private.film_shares as s (asset_id, organization_id, token_hash, created_by, expires_at)
    values (film.id, film.organization_id, private.token_hash(new_token), auth.uid(), now() + expires_in)
    returning s.id, new_token, s.expires_at;
end
$$;

CREATE FUNCTION public.sign_license_agreement(agreement_id uuid) RETURNS public.license_agreements
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    agreement public.license_agreements;
begin
    select a.* into agreement from public.license_agreements a
    where a.id = sign_license_agreement.agreement_id and a.licensee_user_id = private.require_user()
    for update;
    if agreement.id is null then
        raise exception 'licence agreement not found' using errcode = 'P0002';
    end if;
    if agreement.status <> 'pending_signature' then
        raise exception 'only an agreement sent for signature can be signed (this one is %)', agreement.status
            using errcode = '55000';
    end if;
    update public.license_agreements a set status = 'active' where a.id = agreement.id returning * into agreement;
    return agreement;
end
$$;

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
        when table_name = 'prompts' then private.has_org_role((target ->> 'organization_id')::uuid, 'admin')
            or ((target ->> 'created_by')::uuid = auth.uid()
                and private.has_org_role((target ->> 'organization_id')::uuid, 'editor'))
        when table_name = 'feedback' then private.has_org_role((target ->> 'organization_id')::uuid, 'admin')
            or ((target ->> 'created_by')::uuid = auth.uid()
                and private.has_org_role((target ->> 'organization_id')::uuid, 'viewer'))
        when target ->> 'project_id' is null then private.has_org_role((target ->> 'organization_id')::uuid, 'editor')
        else (target ->> 'project_id')::uuid in (select private.editable_project_ids())
    end;
    if not allowed then
        raise exception '% % not found', table_name, row_id using errcode = 'P0002';
    end if;
    execute format('update public.%I set deleted_at = now() where id = $1', table_name) using row_id;
end
$_$;

CREATE FUNCTION public.start_workflow_run(workflow_version_id uuid, inputs jsonb DEFAULT '{}'::jsonb, dedup_key text DEFAULT NULL::text) RETURNS public.workflow_runs
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    caller uuid := private.require_user();
    published public.workflow_versions;
begin
    perform private.require_text(dedup_key, 'dedup_key', 190);
    if inputs is not null and length(inputs::text) > 100000 then
        raise exception 'inputs must be at most 100000 characters' using errcode = '22023';
    end if;
    select v.* into published from public.workflow_versions v
    join public.workflows w on w.id = v.workflow_id and w.deleted_at is null
    where v.id = workflow_version_id and v.project_id = any(array(select private.editable_project_ids()));
    if published.id is null then
        raise exception 'workflow version not found' using errcode = 'P0002';
    end if;
    return private.start_workflow_run(published, inputs, caller, 'client:' || dedup_key, null);
end
$$;

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
        -- order payments and refunds go to the store (supabase/functions/store.sql)
        when event ->> 'type' = 'checkout.session.completed' and private.stripe_is_order(stripe_object)
            then private.store_apply_checkout(stripe_object)
        when event ->> 'type' = 'checkout.session.completed' then private.stripe_apply_checkout(stripe_object)
        -- Invest (supabase/functions/invest.sql): a PaymentIntent with metadata.investment_id
        -- confirms or fails its investment; a full refund of its charge reverses it
        when event ->> 'type' = 'payment_intent.succeeded' and stripe_object -> 'metadata' ? 'investment_id'
            then private.confirm_investment_payment(stripe_object)
        when event ->> 'type' = 'payment_intent.payment_failed' and stripe_object -> 'metadata' ? 'investment_id'
            then private.fail_investment_payment(stripe_object)
        when event ->> 'type' = 'charge.refunded' and private.stripe_is_order(stripe_object)
            then private.store_apply_refund(stripe_object)
        when event ->> 'type' = 'charge.refunded'
            then coalesce(private.refund_investment_payment(stripe_object), private.stripe_apply_refund(stripe_object))
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

CREATE FUNCTION public.unread_notification_count() RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select count(*) from public.notifications n where n.user_id = (select auth.uid()) and n.read_at is null
$$;

CREATE FUNCTION public.update_order_status(order_id uuid, new_status text, tracking_number text DEFAULT NULL::text, internal_notes text DEFAULT NULL::text) RETURNS public.orders
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    target public.orders;
begin
    perform private.require_user();
    perform private.require_max_length(tracking_number, 255, 'tracking_number');
    perform private.require_max_length(internal_notes, 2000, 'internal_notes');
    select o.* into target from public.orders o
    where o.id = update_order_status.order_id and o.organization_id = any(array(select private.my_org_ids('editor')))
    for update;
    if target.id is null then
        raise exception 'order not found' using errcode = 'P0002';
    end if;
    if new_status not in ('processing', 'shipped', 'delivered') then
        raise exception 'status % is not set by hand: payments confirm and refund orders, cancel_order cancels',
            new_status using errcode = '22023';
    end if;
    update public.orders o
    set status = new_status,
        tracking_number = coalesce(update_order_status.tracking_number, o.tracking_number),
        internal_notes = coalesce(update_order_status.internal_notes, o.internal_notes)
    where o.id = target.id
    returning * into target;
    update public.order_items i set fulfilled_quantity = i.quantity
    where i.order_id = target.id and new_status = 'delivered';
    return target;
end
$$;

CREATE FUNCTION public.use_prompt(prompt_id uuid, variable_values jsonb DEFAULT '{}'::jsonb) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    prompt public.prompts;
    rendered text;
    variable_name text;
    missing text[];
begin
    perform private.require_user();
    if pg_column_size(variable_values) > 65536 then
        raise exception 'prompt variables are limited to 64 KiB' using errcode = '22023';
    end if;
    -- what prompts_select shows the caller: this function reads as its owner
    select p.* into prompt from public.prompts p
    where p.id = use_prompt.prompt_id and p.deleted_at is null
      and (p.is_public or p.organization_id = any(array(select private.my_org_ids())));
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
        if length(rendered) > 100000 then
            raise exception 'a rendered prompt is limited to 100000 characters' using errcode = '22023';
        end if;
    end loop;
    if missing is not null then
        raise exception 'missing values for prompt variables: %', array_to_string(missing, ', ') using errcode = '22023';
    end if;
    -- counts once per user and day (prompt_uses_once_a_day_idx)
    insert into public.prompt_uses (prompt_id, user_id) values (prompt.id, auth.uid())
    on conflict do nothing;
    return rendered;
end
$$;

CREATE FUNCTION public.webhook_claim(batch_size integer DEFAULT 20, lock_seconds integer DEFAULT 30) RETURNS TABLE(outbox_id bigint, event_id uuid, webhook_id uuid, url text, signing_secret text, event text, payload jsonb, attempt integer)
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    with picked as (
        select o.id from private.webhook_outbox o
        where o.next_attempt_at <= now() and (o.locked_until is null or o.locked_until < now())
        order by o.next_attempt_at, o.id
        limit least(greatest(batch_size, 1), 500)
        for update skip locked
    ),
    claimed as (
        update private.webhook_outbox o
        set attempts = o.attempts + 1, locked_until = now() + make_interval(secs => lock_seconds)
        from picked p where o.id = p.id
        returning o.*
    )
    select c.id, c.event_id, c.webhook_id, w.url, private.decrypt_secret(s.secret_box), c.event, c.payload, c.attempts
    from claimed c
    join public.webhooks w on w.id = c.webhook_id
    join private.webhook_secrets s on s.webhook_id = c.webhook_id
$$;

CREATE FUNCTION public.webhook_record(outbox_id bigint, attempt integer, http_status integer, error text, duration_ms integer) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    item private.webhook_outbox;
    hook public.webhooks;
    max_attempts integer := coalesce((select (s.value #>> '{}')::integer from public.system_settings s
                                      where s.key = 'webhooks.max_attempts'), 8);
    disable_after integer := coalesce((select (s.value #>> '{}')::integer from public.system_settings s
                                       where s.key = 'webhooks.disable_after_failures'), 15);
    outcome text;
    retry_at timestamptz;
begin
    select o.* into item from private.webhook_outbox o
    where o.id = webhook_record.outbox_id and o.attempts = webhook_record.attempt
    for update;
    if item.id is null then
        return 'lost';
    end if;
    if http_status between 200 and 299 then
        outcome := 'delivered';
        delete from private.webhook_outbox o where o.id = item.id;
        update public.webhooks w set failure_count = 0, last_triggered_at = now() where w.id = item.webhook_id
        returning * into hook;
    else
        update public.webhooks w set failure_count = w.failure_count + 1, last_triggered_at = now()
        where w.id = item.webhook_id
        returning * into hook;
        if hook.failure_count >= disable_after then
            outcome := 'gave_up';
            update public.webhooks w set is_active = false where w.id = hook.id;
            -- this and every other pending event of the endpoint is given up, each logged
            with dropped as (
                delete from private.webhook_outbox o where o.webhook_id = hook.id and o.id <> item.id returning o.*
            )
            insert into public.webhook_deliveries (event_id, webhook_id, organization_id, event, payload, attempt,
                                                   status, error)
            select d.event_id, d.webhook_id, d.organization_id, d.event, d.payload, greatest(d.attempts, 1), 'gave_up',
                   'endpoint disabled after repeated failures'
            from dropped d;
            delete from private.webhook_outbox o where o.id = item.id;
        elsif item.attempts >= max_attempts then
            outcome := 'gave_up';
            delete from private.webhook_outbox o where o.id = item.id;
        else
            outcome := 'failed';
            retry_at := now() + private.backoff(item.attempts, 10, 3600);
            update private.webhook_outbox o set next_attempt_at = retry_at, locked_until = null where o.id = item.id;
        end if;
    end if;
    insert into public.webhook_deliveries (event_id, webhook_id, organization_id, event, payload, attempt, status,
                                           http_status, error, duration_ms, next_retry_at)
    values (item.event_id, item.webhook_id, item.organization_id, item.event, item.payload, item.attempts, outcome,
            http_status, left(error, 300), duration_ms, retry_at);
    return outcome;
end
$$;

CREATE FUNCTION public.webhook_signing_secret(webhook_id uuid) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO ''
    AS $$
    select private.decrypt_secret(s.secret_box) from private.webhook_secrets s
    where s.webhook_id = webhook_signing_secret.webhook_id
$$;

CREATE FUNCTION public.withdraw_license_request(request_id uuid) RETURNS public.license_requests
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO ''
    AS $$
declare
    target public.license_requests;
begin
    update public.license_requests r set status = 'withdrawn'
    where r.id = withdraw_license_request.request_id and r.requester_user_id = private.require_user()
    returning * into target;
    if target.id is null then
        raise exception 'licence request not found' using errcode = 'P0002';
    end if;
    return target;
end
$$;

CREATE FUNCTION public.worker_report(worker text, host text, process_id integer, worker_kinds text[], worker_concurrency jsonb, now_in_flight integer, total_claimed bigint, total_completed bigint, total_failed bigint, total_lost bigint, rate numeric, stopping boolean DEFAULT false) RETURNS void
    LANGUAGE sql SECURITY DEFINER
    SET search_path TO ''
    AS $$
    insert into private.worker_heartbeats as w (
        worker_id, hostname, pid, kinds, concurrency, in_flight, claimed, completed, failed, lost_leases,
        jobs_per_second, stopped_at
    )
    values (worker, host, process_id, worker_kinds, worker_concurrency, now_in_flight, total_claimed, total_completed,
            total_failed, total_lost, rate, case when stopping then now() end)
    on conflict (worker_id) do update
    set last_seen_at = now(), in_flight = excluded.in_flight, claimed = excluded.claimed,
        completed = excluded.completed, failed = excluded.failed, lost_leases = excluded.lost_leases,
        jobs_per_second = excluded.jobs_per_second, stopped_at = excluded.stopped_at
$$;

CREATE FUNCTION storage.extension(name text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
        declare
            _parts text[];
            _filename text;
        begin
            select string_to_array(name, '/') into _parts;
            select _parts[array_length(_parts, 1)] into _filename;
            return reverse(split_part(reverse(_filename), '.', 1));
        end
        $$;

CREATE FUNCTION storage.filename(name text) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
        declare
            _parts text[];
        begin
            select string_to_array(name, '/') into _parts;
            return _parts[array_length(_parts, 1)];
        end
        $$;

CREATE FUNCTION storage.foldername(name text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO ''
    AS $$
        declare
            _parts text[];
        begin
            select string_to_array(name, '/') into _parts;
            return _parts[1 : array_length(_parts, 1) - 1];
        end
        $$;

CREATE VIEW analytics.campaign_funding_funnel AS
 WITH pledges AS (
         SELECT i.campaign_id,
            count(*) AS started,
            count(*) FILTER (WHERE (i.confirmed_at IS NOT NULL)) AS ever_confirmed,
            count(*) FILTER (WHERE (i.status = 'confirmed'::text)) AS confirmed,
            count(*) FILTER (WHERE (i.status = 'refunded'::text)) AS refunded,
            count(*) FILTER (WHERE (i.status = 'cancelled'::text)) AS cancelled,
            count(*) FILTER (WHERE (i.status = 'pending'::text)) AS pending
           FROM public.investments i
          GROUP BY i.campaign_id
        )
 SELECT c.id AS campaign_id,
    c.organization_id,
    c.project_id,
    c.title AS campaign_title,
    c.status,
    c.funding_type,
    c.currency,
    c.goal_amount_cents,
    c.raised_amount_cents,
    round(((100.0 * (c.raised_amount_cents)::numeric) / (c.goal_amount_cents)::numeric), 2) AS percent_funded,
    c.backer_count AS backers,
    COALESCE(p.started, (0)::bigint) AS investments_started,
    COALESCE(p.confirmed, (0)::bigint) AS investments_confirmed,
    COALESCE(p.refunded, (0)::bigint) AS investments_refunded,
    COALESCE(p.cancelled, (0)::bigint) AS investments_cancelled,
    COALESCE(p.pending, (0)::bigint) AS investments_pending,
    round(((p.ever_confirmed)::numeric / (NULLIF(p.started, 0))::numeric), 4) AS pledge_conversion_rate,
    c.launched_at,
    c.end_date,
    c.goal_reached_at,
    (c.goal_reached_at - c.launched_at) AS time_to_goal,
    round((EXTRACT(epoch FROM (c.goal_reached_at - c.launched_at)) / (86400)::numeric), 2) AS days_to_goal
   FROM (public.campaigns c
     LEFT JOIN pledges p ON ((p.campaign_id = c.id)));

CREATE VIEW analytics.campaign_status_funnel AS
 SELECT c.organization_id,
    s.stage,
    s.stage_order,
    count(*) FILTER (WHERE s.reached) AS campaigns,
    percentile_cont((0.5)::double precision) WITHIN GROUP (ORDER BY (((EXTRACT(epoch FROM (c.goal_reached_at - c.launched_at)) / (86400)::numeric))::double precision)) FILTER (WHERE (s.reached AND (c.goal_reached_at IS NOT NULL))) AS median_days_to_goal
   FROM (public.campaigns c
     CROSS JOIN LATERAL ( VALUES ('created'::text,1,true), ('submitted'::text,2,(c.submitted_at IS NOT NULL)), ('launched'::text,3,(c.launched_at IS NOT NULL)), ('goal_reached'::text,4,(c.goal_reached_at IS NOT NULL)), ('funded'::text,5,(c.funded_at IS NOT NULL)), ('failed'::text,6,(c.failed_at IS NOT NULL)), ('completed'::text,7,(c.completed_at IS NOT NULL)), ('cancelled'::text,8,(c.cancelled_at IS NOT NULL))) s(stage, stage_order, reached))
  GROUP BY c.organization_id, s.stage, s.stage_order;

CREATE TABLE public.communities (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    created_by uuid,
    name text NOT NULL,
    slug text NOT NULL,
    description text,
    avatar_url text,
    banner_url text,
    settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    rules jsonb DEFAULT '[]'::jsonb NOT NULL,
    member_count integer DEFAULT 0 NOT NULL,
    post_count integer DEFAULT 0 NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    visibility text DEFAULT 'public'::text NOT NULL,
    auto_mod_settings jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT communities_auto_mod_settings_check CHECK ((jsonb_typeof(auto_mod_settings) = 'object'::text)),
    CONSTRAINT communities_auto_mod_settings_size CHECK ((pg_column_size(auto_mod_settings) <= 65536)),
    CONSTRAINT communities_avatar_url_size CHECK ((char_length(avatar_url) <= 2048)),
    CONSTRAINT communities_banner_url_size CHECK ((char_length(banner_url) <= 2048)),
    CONSTRAINT communities_description_check CHECK ((length(description) <= 5000)),
    CONSTRAINT communities_member_count_check CHECK ((member_count >= 0)),
    CONSTRAINT communities_name_check CHECK (((length(name) >= 1) AND (length(name) <= 255))),
    CONSTRAINT communities_post_count_check CHECK ((post_count >= 0)),
    CONSTRAINT communities_rules_check CHECK ((jsonb_typeof(rules) = 'array'::text)),
    CONSTRAINT communities_rules_size CHECK ((pg_column_size(rules) <= 65536)),
    CONSTRAINT communities_settings_check CHECK ((jsonb_typeof(settings) = 'object'::text)),
    CONSTRAINT communities_settings_size CHECK ((pg_column_size(settings) <= 65536)),
    CONSTRAINT communities_slug_check CHECK ((slug ~ '^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$'::text)),
    CONSTRAINT communities_status_check CHECK ((status = ANY (ARRAY['active'::text, 'archived'::text, 'banned'::text]))),
    CONSTRAINT communities_visibility_check CHECK ((visibility = ANY (ARRAY['public'::text, 'private'::text, 'invite_only'::text])))
);

CREATE TABLE public.discussion_comments (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    discussion_id uuid NOT NULL,
    community_id uuid NOT NULL,
    author_id uuid DEFAULT auth.uid(),
    parent_id uuid,
    depth integer DEFAULT 0 NOT NULL,
    content text NOT NULL,
    content_html text,
    upvotes integer DEFAULT 0 NOT NULL,
    downvotes integer DEFAULT 0 NOT NULL,
    score integer DEFAULT 0 NOT NULL,
    status text DEFAULT 'published'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT discussion_comments_check CHECK ((score = (upvotes - downvotes))),
    CONSTRAINT discussion_comments_content_check CHECK (((length(content) >= 1) AND (length(content) <= 20000))),
    CONSTRAINT discussion_comments_content_html_size CHECK ((char_length(content_html) <= 200000)),
    CONSTRAINT discussion_comments_depth_check CHECK (((depth >= 0) AND (depth <= 20))),
    CONSTRAINT discussion_comments_downvotes_check CHECK ((downvotes >= 0)),
    CONSTRAINT discussion_comments_status_check CHECK ((status = ANY (ARRAY['published'::text, 'hidden'::text, 'removed'::text]))),
    CONSTRAINT discussion_comments_upvotes_check CHECK ((upvotes >= 0))
);

CREATE TABLE public.discussions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    community_id uuid NOT NULL,
    author_id uuid DEFAULT auth.uid(),
    title text NOT NULL,
    content text NOT NULL,
    content_html text,
    type text DEFAULT 'discussion'::text NOT NULL,
    attachments jsonb DEFAULT '[]'::jsonb NOT NULL,
    poll_options jsonb,
    poll_ends_at timestamp with time zone,
    upvotes integer DEFAULT 0 NOT NULL,
    downvotes integer DEFAULT 0 NOT NULL,
    score integer DEFAULT 0 NOT NULL,
    comment_count integer DEFAULT 0 NOT NULL,
    view_count bigint DEFAULT 0 NOT NULL,
    pinned boolean DEFAULT false NOT NULL,
    locked boolean DEFAULT false NOT NULL,
    status text DEFAULT 'published'::text NOT NULL,
    removed_reason text,
    tags jsonb DEFAULT '[]'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT discussions_attachments_check CHECK ((jsonb_typeof(attachments) = 'array'::text)),
    CONSTRAINT discussions_attachments_size CHECK (((pg_column_size(attachments) <= 65536) AND
CASE jsonb_typeof(attachments)
    WHEN 'array'::text THEN (jsonb_array_length(attachments) <= 100)
    ELSE true
END)),
    CONSTRAINT discussions_check CHECK ((score = (upvotes - downvotes))),
    CONSTRAINT discussions_check1 CHECK (((type = 'poll'::text) = (poll_options IS NOT NULL))),
    CONSTRAINT discussions_comment_count_check CHECK ((comment_count >= 0)),
    CONSTRAINT discussions_content_check CHECK (((length(content) >= 1) AND (length(content) <= 40000))),
    CONSTRAINT discussions_content_html_size CHECK ((char_length(content_html) <= 200000)),
    CONSTRAINT discussions_downvotes_check CHECK ((downvotes >= 0)),
    CONSTRAINT discussions_poll_options_check CHECK ((jsonb_typeof(poll_options) = 'array'::text)),
    CONSTRAINT discussions_poll_options_size CHECK (((pg_column_size(poll_options) <= 65536) AND
CASE jsonb_typeof(poll_options)
    WHEN 'array'::text THEN (jsonb_array_length(poll_options) <= 100)
    ELSE true
END)),
    CONSTRAINT discussions_removed_reason_check CHECK ((length(removed_reason) <= 1000)),
    CONSTRAINT discussions_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'published'::text, 'hidden'::text, 'removed'::text]))),
    CONSTRAINT discussions_tags_check CHECK ((jsonb_typeof(tags) = 'array'::text)),
    CONSTRAINT discussions_tags_size CHECK (((pg_column_size(tags) <= 65536) AND
CASE jsonb_typeof(tags)
    WHEN 'array'::text THEN (jsonb_array_length(tags) <= 100)
    ELSE true
END)),
    CONSTRAINT discussions_title_check CHECK (((length(title) >= 1) AND (length(title) <= 255))),
    CONSTRAINT discussions_type_check CHECK ((type = ANY (ARRAY['discussion'::text, 'question'::text, 'announcement'::text, 'poll'::text]))),
    CONSTRAINT discussions_upvotes_check CHECK ((upvotes >= 0)),
    CONSTRAINT discussions_view_count_check CHECK ((view_count >= 0))
)
WITH (fillfactor='85', autovacuum_vacuum_scale_factor='0.05');

CREATE TABLE public.fan_content_comments (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    content_id uuid NOT NULL,
    community_id uuid NOT NULL,
    author_id uuid DEFAULT auth.uid(),
    parent_id uuid,
    content text NOT NULL,
    status text DEFAULT 'published'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT fan_content_comments_content_check CHECK (((length(content) >= 1) AND (length(content) <= 20000))),
    CONSTRAINT fan_content_comments_status_check CHECK ((status = ANY (ARRAY['published'::text, 'hidden'::text, 'removed'::text])))
);

CREATE TABLE public.fan_content_likes (
    user_id uuid DEFAULT auth.uid() NOT NULL,
    content_id uuid NOT NULL,
    community_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.fan_contents (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    community_id uuid NOT NULL,
    author_id uuid DEFAULT auth.uid(),
    type text NOT NULL,
    title text NOT NULL,
    description text,
    media_url text NOT NULL,
    thumbnail_url text,
    media_type text,
    video_platform text,
    video_embed_url text,
    duration_seconds integer,
    view_count bigint DEFAULT 0 NOT NULL,
    like_count integer DEFAULT 0 NOT NULL,
    comment_count integer DEFAULT 0 NOT NULL,
    share_count integer DEFAULT 0 NOT NULL,
    status text DEFAULT 'published'::text NOT NULL,
    featured boolean DEFAULT false NOT NULL,
    tags jsonb DEFAULT '[]'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT fan_contents_comment_count_check CHECK ((comment_count >= 0)),
    CONSTRAINT fan_contents_description_check CHECK ((length(description) <= 20000)),
    CONSTRAINT fan_contents_duration_seconds_check CHECK ((duration_seconds >= 0)),
    CONSTRAINT fan_contents_like_count_check CHECK ((like_count >= 0)),
    CONSTRAINT fan_contents_media_type_check CHECK ((media_type = ANY (ARRAY['image'::text, 'video'::text, 'audio'::text, 'text'::text]))),
    CONSTRAINT fan_contents_media_url_check CHECK ((length(media_url) <= 2000)),
    CONSTRAINT fan_contents_share_count_check CHECK ((share_count >= 0)),
    CONSTRAINT fan_contents_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'processing'::text, 'published'::text, 'hidden'::text]))),
    CONSTRAINT fan_contents_tags_check CHECK ((jsonb_typeof(tags) = 'array'::text)),
    CONSTRAINT fan_contents_tags_size CHECK (((pg_column_size(tags) <= 65536) AND
CASE jsonb_typeof(tags)
    WHEN 'array'::text THEN (jsonb_array_length(tags) <= 100)
    ELSE true
END)),
    CONSTRAINT fan_contents_thumbnail_url_size CHECK ((char_length(thumbnail_url) <= 2048)),
    CONSTRAINT fan_contents_title_check CHECK (((length(title) >= 1) AND (length(title) <= 255))),
    CONSTRAINT fan_contents_type_check CHECK ((type = ANY (ARRAY['fanart'::text, 'video'::text, 'cosplay'::text, 'fanfic'::text, 'theory'::text, 'review'::text, 'meme'::text]))),
    CONSTRAINT fan_contents_video_embed_url_size CHECK ((char_length(video_embed_url) <= 2048)),
    CONSTRAINT fan_contents_video_platform_check CHECK ((video_platform = ANY (ARRAY['youtube'::text, 'tiktok'::text, 'native'::text, 'other'::text]))),
    CONSTRAINT fan_contents_view_count_check CHECK ((view_count >= 0))
);

CREATE VIEW analytics.community_engagement AS
 SELECT id AS community_id,
    organization_id,
    project_id,
    name,
    visibility,
    status,
    member_count,
    post_count,
    ( SELECT count(*) AS count
           FROM public.community_members m
          WHERE ((m.community_id = c.id) AND (m.joined_at >= (now() - '30 days'::interval)))) AS new_members_30d,
    ( SELECT count(*) AS count
           FROM public.discussions d
          WHERE ((d.community_id = c.id) AND (d.created_at >= (now() - '30 days'::interval)))) AS discussions_30d,
    ( SELECT count(*) AS count
           FROM public.fan_contents f
          WHERE ((f.community_id = c.id) AND (f.created_at >= (now() - '30 days'::interval)))) AS fan_contents_30d,
    (( SELECT count(*) AS count
           FROM public.discussion_comments dc
          WHERE ((dc.community_id = c.id) AND (dc.created_at >= (now() - '30 days'::interval)))) + ( SELECT count(*) AS count
           FROM public.fan_content_comments fc
          WHERE ((fc.community_id = c.id) AND (fc.created_at >= (now() - '30 days'::interval))))) AS comments_30d,
    ( SELECT count(*) AS count
           FROM public.discussion_votes v
          WHERE ((v.community_id = c.id) AND (v.created_at >= (now() - '30 days'::interval)))) AS votes_30d,
    ( SELECT count(*) AS count
           FROM public.fan_content_likes l
          WHERE ((l.community_id = c.id) AND (l.created_at >= (now() - '30 days'::interval)))) AS likes_30d,
    ( SELECT count(DISTINCT a.user_id) AS count
           FROM ( SELECT d.author_id AS user_id
                   FROM public.discussions d
                  WHERE ((d.community_id = c.id) AND (d.created_at >= (now() - '30 days'::interval)))
                UNION ALL
                 SELECT dc.author_id
                   FROM public.discussion_comments dc
                  WHERE ((dc.community_id = c.id) AND (dc.created_at >= (now() - '30 days'::interval)))
                UNION ALL
                 SELECT f.author_id
                   FROM public.fan_contents f
                  WHERE ((f.community_id = c.id) AND (f.created_at >= (now() - '30 days'::interval)))) a) AS active_posters_30d,
    ( SELECT count(*) AS count
           FROM public.event_rsvps r
          WHERE ((r.community_id = c.id) AND (r.status = 'going'::text) AND (r.created_at >= (now() - '30 days'::interval)))) AS rsvps_30d
   FROM public.communities c;

CREATE TABLE public.contents (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    project_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    created_by uuid,
    title text NOT NULL,
    original_title text,
    slug text,
    description text,
    synopsis text,
    type text NOT NULL,
    genre text,
    sub_genres jsonb DEFAULT '[]'::jsonb NOT NULL,
    rating text,
    content_warnings jsonb DEFAULT '[]'::jsonb NOT NULL,
    duration_minutes integer,
    season_count integer DEFAULT 0 NOT NULL,
    episode_count integer DEFAULT 0 NOT NULL,
    release_year integer,
    release_date date,
    poster_url text,
    banner_url text,
    thumbnail_url text,
    trailer_url text,
    video_url text,
    hls_url text,
    dash_url text,
    drm_key_id text,
    cast_list jsonb DEFAULT '[]'::jsonb NOT NULL,
    crew_list jsonb DEFAULT '[]'::jsonb NOT NULL,
    production_company text,
    country text,
    languages jsonb DEFAULT '[]'::jsonb NOT NULL,
    subtitles jsonb DEFAULT '[]'::jsonb NOT NULL,
    view_count bigint DEFAULT 0 NOT NULL,
    like_count bigint DEFAULT 0 NOT NULL,
    completion_count bigint DEFAULT 0 NOT NULL,
    rating_sum bigint DEFAULT 0 NOT NULL,
    rating_count integer DEFAULT 0 NOT NULL,
    average_rating numeric(3,2) GENERATED ALWAYS AS (
CASE
    WHEN (rating_count > 0) THEN round(((rating_sum)::numeric / (rating_count)::numeric), 2)
    ELSE NULL::numeric
END) STORED,
    status text DEFAULT 'draft'::text NOT NULL,
    visibility text DEFAULT 'subscribers'::text NOT NULL,
    visibility_rank smallint GENERATED ALWAYS AS (
CASE visibility
    WHEN 'free'::text THEN 0
    WHEN 'subscribers'::text THEN 1
    ELSE 2
END) STORED,
    featured boolean DEFAULT false NOT NULL,
    meta_title text,
    meta_description text,
    embedding extensions.vector(384),
    embedding_model text,
    project_deleted_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    published_at timestamp with time zone,
    CONSTRAINT contents_banner_url_size CHECK ((char_length(banner_url) <= 2048)),
    CONSTRAINT contents_cast_list_check CHECK ((jsonb_typeof(cast_list) = 'array'::text)),
    CONSTRAINT contents_cast_list_size CHECK ((pg_column_size(cast_list) <= 65536)),
    CONSTRAINT contents_completion_count_check CHECK ((completion_count >= 0)),
    CONSTRAINT contents_content_warnings_check CHECK ((jsonb_typeof(content_warnings) = 'array'::text)),
    CONSTRAINT contents_content_warnings_size CHECK (((pg_column_size(content_warnings) <= 65536) AND
CASE jsonb_typeof(content_warnings)
    WHEN 'array'::text THEN (jsonb_array_length(content_warnings) <= 100)
    ELSE true
END)),
    CONSTRAINT contents_country_size CHECK ((char_length(country) <= 200)),
    CONSTRAINT contents_crew_list_check CHECK ((jsonb_typeof(crew_list) = 'array'::text)),
    CONSTRAINT contents_crew_list_size CHECK ((pg_column_size(crew_list) <= 65536)),
    CONSTRAINT contents_dash_url_size CHECK ((char_length(dash_url) <= 2048)),
    CONSTRAINT contents_description_size CHECK ((char_length(description) <= 40000)),
    CONSTRAINT contents_drm_key_id_size CHECK ((char_length(drm_key_id) <= 200)),
    CONSTRAINT contents_duration_minutes_check CHECK ((duration_minutes > 0)),
    CONSTRAINT contents_embedding_model_size CHECK ((char_length(embedding_model) <= 200)),
    CONSTRAINT contents_episode_count_check CHECK ((episode_count >= 0)),
    CONSTRAINT contents_genre_check CHECK ((length(genre) <= 100)),
    CONSTRAINT contents_hls_url_size CHECK ((char_length(hls_url) <= 2048)),
    CONSTRAINT contents_languages_check CHECK ((jsonb_typeof(languages) = 'array'::text)),
    CONSTRAINT contents_languages_size CHECK (((pg_column_size(languages) <= 65536) AND
CASE jsonb_typeof(languages)
    WHEN 'array'::text THEN (jsonb_array_length(languages) <= 100)
    ELSE true
END)),
    CONSTRAINT contents_like_count_check CHECK ((like_count >= 0)),
    CONSTRAINT contents_meta_description_size CHECK ((char_length(meta_description) <= 500)),
    CONSTRAINT contents_meta_title_check CHECK ((length(meta_title) <= 255)),
    CONSTRAINT contents_original_title_check CHECK ((length(original_title) <= 255)),
    CONSTRAINT contents_poster_url_size CHECK ((char_length(poster_url) <= 2048)),
    CONSTRAINT contents_production_company_size CHECK ((char_length(production_company) <= 200)),
    CONSTRAINT contents_rating_check CHECK ((rating = ANY (ARRAY['G'::text, 'PG'::text, 'PG-13'::text, 'R'::text, 'NC-17'::text]))),
    CONSTRAINT contents_rating_count_check CHECK ((rating_count >= 0)),
    CONSTRAINT contents_rating_sum_check CHECK ((rating_sum >= 0)),
    CONSTRAINT contents_release_year_check CHECK (((release_year >= 1870) AND (release_year <= 2200))),
    CONSTRAINT contents_season_count_check CHECK ((season_count >= 0)),
    CONSTRAINT contents_slug_check CHECK ((slug ~ '^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$'::text)),
    CONSTRAINT contents_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'processing'::text, 'published'::text, 'archived'::text]))),
    CONSTRAINT contents_sub_genres_check CHECK ((jsonb_typeof(sub_genres) = 'array'::text)),
    CONSTRAINT contents_sub_genres_size CHECK (((pg_column_size(sub_genres) <= 65536) AND
CASE jsonb_typeof(sub_genres)
    WHEN 'array'::text THEN (jsonb_array_length(sub_genres) <= 100)
    ELSE true
END)),
    CONSTRAINT contents_subtitles_check CHECK ((jsonb_typeof(subtitles) = 'array'::text)),
    CONSTRAINT contents_subtitles_size CHECK (((pg_column_size(subtitles) <= 65536) AND
CASE jsonb_typeof(subtitles)
    WHEN 'array'::text THEN (jsonb_array_length(subtitles) <= 100)
    ELSE true
END)),
    CONSTRAINT contents_synopsis_size CHECK ((char_length(synopsis) <= 40000)),
    CONSTRAINT contents_thumbnail_url_size CHECK ((char_length(thumbnail_url) <= 2048)),
    CONSTRAINT contents_title_check CHECK (((length(title) >= 1) AND (length(title) <= 255))),
    CONSTRAINT contents_trailer_url_size CHECK ((char_length(trailer_url) <= 2048)),
    CONSTRAINT contents_type_check CHECK ((type = ANY (ARRAY['movie'::text, 'series'::text, 'short'::text, 'documentary'::text]))),
    CONSTRAINT contents_video_url_size CHECK ((char_length(video_url) <= 2048)),
    CONSTRAINT contents_view_count_check CHECK ((view_count >= 0)),
    CONSTRAINT contents_visibility_check CHECK ((visibility = ANY (ARRAY['free'::text, 'subscribers'::text, 'premium'::text])))
)
WITH (fillfactor='80', autovacuum_vacuum_scale_factor='0.05');

COMMENT ON TABLE public.contents IS 'Watch catalogue: films, series, shorts and documentaries of an IP project. Published content is listed to viewers whose plan opens its visibility tier; drafts only to the organization.';

CREATE TABLE public.projects (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    created_by uuid DEFAULT auth.uid(),
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
    CONSTRAINT projects_brand_guidelines_size CHECK ((pg_column_size(brand_guidelines) <= 65536)),
    CONSTRAINT projects_brand_logos_size CHECK ((pg_column_size(brand_logos) <= 65536)),
    CONSTRAINT projects_color_palette_size CHECK ((pg_column_size(color_palette) <= 65536)),
    CONSTRAINT projects_description_size CHECK ((char_length(description) <= 40000)),
    CONSTRAINT projects_duration_seconds_check CHECK ((duration_seconds >= 0)),
    CONSTRAINT projects_format_size CHECK ((char_length(format) <= 200)),
    CONSTRAINT projects_genre_size CHECK ((char_length(genre) <= 200)),
    CONSTRAINT projects_ip_owner_size CHECK ((char_length(ip_owner) <= 200)),
    CONSTRAINT projects_logo_url_size CHECK ((char_length(logo_url) <= 2048)),
    CONSTRAINT projects_settings_check CHECK ((jsonb_typeof(settings) = 'object'::text)),
    CONSTRAINT projects_settings_size CHECK ((pg_column_size(settings) <= 65536)),
    CONSTRAINT projects_slug_check CHECK ((slug ~ '^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$'::text)),
    CONSTRAINT projects_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'in_progress'::text, 'review'::text, 'completed'::text, 'published'::text, 'archived'::text]))),
    CONSTRAINT projects_studio_logo_url_size CHECK ((char_length(studio_logo_url) <= 2048)),
    CONSTRAINT projects_studio_name_size CHECK ((char_length(studio_name) <= 200)),
    CONSTRAINT projects_sub_genre_size CHECK ((char_length(sub_genre) <= 200)),
    CONSTRAINT projects_target_audience_size CHECK ((char_length(target_audience) <= 40000)),
    CONSTRAINT projects_target_market_size CHECK ((char_length(target_market) <= 40000)),
    CONSTRAINT projects_thumbnail_mood_size CHECK ((char_length(thumbnail_mood) <= 200)),
    CONSTRAINT projects_thumbnail_url_size CHECK ((char_length(thumbnail_url) <= 2048)),
    CONSTRAINT projects_title_check CHECK (((length(title) >= 1) AND (length(title) <= 200))),
    CONSTRAINT projects_visibility_check CHECK ((visibility = ANY (ARRAY['private'::text, 'team'::text, 'public'::text])))
);

CREATE VIEW analytics.content_engagement AS
 WITH per_content AS (
         SELECT h.content_id,
            count(DISTINCT h.user_id) AS viewers,
            count(*) AS started,
            count(*) FILTER (WHERE h.completed) AS completed
           FROM public.watch_history h
          GROUP BY h.content_id
        )
 SELECT c.project_id,
    p.title AS project_title,
    COALESCE(c.genre, 'unknown'::text) AS genre,
    count(*) AS contents,
    count(*) FILTER (WHERE (c.status = 'published'::text)) AS published,
    (sum(c.view_count))::bigint AS views,
    (COALESCE(sum(pc.viewers), (0)::numeric))::bigint AS viewers,
    (COALESCE(sum(pc.started), (0)::numeric))::bigint AS started,
    (COALESCE(sum(pc.completed), (0)::numeric))::bigint AS completed,
    round((sum(pc.completed) / NULLIF(sum(pc.started), (0)::numeric)), 4) AS completion_rate,
    (sum(c.like_count))::bigint AS likes,
    sum(c.rating_count) AS ratings,
    round((sum(c.rating_sum) / (NULLIF(sum(c.rating_count), 0))::numeric), 2) AS average_rating
   FROM ((public.contents c
     JOIN public.projects p ON ((p.id = c.project_id)))
     LEFT JOIN per_content pc ON ((pc.content_id = c.id)))
  GROUP BY c.project_id, p.title, COALESCE(c.genre, 'unknown'::text);

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

CREATE VIEW analytics.duty_status AS
 SELECT name,
    kind,
    COALESCE(function_name, 'creatorverse.workers.duties'::text) AS runs,
    COALESCE(('every '::text || (every)::text), ((cron || ' '::text) || timezone)) AS cadence,
    batch_size,
    enabled,
    next_due_at,
    last_started_at,
    last_finished_at,
    last_duration_ms,
    last_rows,
    last_error,
    consecutive_failures,
    last_succeeded_at,
    runs AS run_count,
    description
   FROM private.duties d;

CREATE VIEW analytics.generation_cost AS
 SELECT kind,
    COALESCE(provider, 'unknown'::text) AS provider,
    COALESCE(model, 'unknown'::text) AS model,
    ((created_at AT TIME ZONE 'UTC'::text))::date AS day,
    count(*) AS generations,
    count(*) FILTER (WHERE (status = 'succeeded'::text)) AS succeeded,
    count(*) FILTER (WHERE (status = 'failed'::text)) AS failed,
    count(*) FILTER (WHERE (status = 'cancelled'::text)) AS cancelled,
    sum(estimated_credits) AS estimated_credits,
    COALESCE(sum(actual_credits), (0)::numeric) AS actual_credits,
    sum(estimated_cost_usd) AS estimated_cost_usd,
    COALESCE(sum(actual_cost_usd), (0)::numeric) AS actual_cost_usd,
    round(avg(attempts), 2) AS avg_attempts,
    round(avg(EXTRACT(epoch FROM (completed_at - started_at))) FILTER (WHERE (status = 'succeeded'::text)), 3) AS avg_run_seconds,
    round(avg(EXTRACT(epoch FROM (started_at - queued_at))), 3) AS avg_wait_seconds
   FROM public.generations g
  GROUP BY kind, COALESCE(provider, 'unknown'::text), COALESCE(model, 'unknown'::text), (((created_at AT TIME ZONE 'UTC'::text))::date);

CREATE VIEW analytics.pipeline_usage AS
 SELECT parent_id AS pipeline_id,
    organization_id,
    kind AS stage,
    COALESCE(provider, 'unknown'::text) AS provider,
    COALESCE(model, 'unknown'::text) AS model,
    count(*) AS jobs,
    count(*) FILTER (WHERE (status = 'succeeded'::text)) AS succeeded,
    count(*) FILTER (WHERE (status = 'failed'::text)) AS failed,
    count(*) FILTER (WHERE (status = 'cancelled'::text)) AS cancelled,
    sum(attempts) AS attempts,
    sum(estimated_credits) AS estimated_credits,
    COALESCE(sum(actual_credits), (0)::numeric) AS actual_credits,
    COALESCE(sum(actual_cost_usd), (0)::numeric) AS actual_cost_usd,
    min(started_at) AS first_started_at,
    max(COALESCE(completed_at, failed_at, cancelled_at)) AS last_finished_at,
    round(EXTRACT(epoch FROM (max(completed_at) - min(started_at))), 3) AS span_seconds,
    round(sum(EXTRACT(epoch FROM (completed_at - started_at))), 3) AS run_seconds
   FROM public.generations c
  WHERE (parent_id IS NOT NULL)
  GROUP BY parent_id, organization_id, kind, COALESCE(provider, 'unknown'::text), COALESCE(model, 'unknown'::text);

CREATE TABLE private.worker_heartbeats (
    worker_id text NOT NULL,
    hostname text NOT NULL,
    pid integer NOT NULL,
    kinds text[] NOT NULL,
    concurrency jsonb DEFAULT '{}'::jsonb NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    last_seen_at timestamp with time zone DEFAULT now() NOT NULL,
    stopped_at timestamp with time zone,
    in_flight integer DEFAULT 0 NOT NULL,
    claimed bigint DEFAULT 0 NOT NULL,
    completed bigint DEFAULT 0 NOT NULL,
    failed bigint DEFAULT 0 NOT NULL,
    lost_leases bigint DEFAULT 0 NOT NULL,
    jobs_per_second numeric DEFAULT 0 NOT NULL
);

CREATE TABLE public.generation_kinds (
    kind text NOT NULL,
    description text NOT NULL,
    resource_type text,
    client_requestable boolean DEFAULT true NOT NULL,
    max_attempts integer DEFAULT 3 NOT NULL,
    lease_seconds integer DEFAULT 20 NOT NULL,
    backoff_base_seconds numeric DEFAULT 5 NOT NULL,
    backoff_cap_seconds numeric DEFAULT 600 NOT NULL,
    hold_for interval DEFAULT '2 days'::interval NOT NULL,
    max_lease_losses integer DEFAULT 5 NOT NULL,
    CONSTRAINT generation_kinds_backoff_base_seconds_check CHECK ((backoff_base_seconds > (0)::numeric)),
    CONSTRAINT generation_kinds_backoff_cap_seconds_check CHECK ((backoff_cap_seconds > (0)::numeric)),
    CONSTRAINT generation_kinds_hold_for_check CHECK (((hold_for > '00:00:00'::interval) AND (hold_for <= '7 days'::interval))),
    CONSTRAINT generation_kinds_kind_check CHECK ((kind ~ '^[a-z][a-z0-9_]{0,39}$'::text)),
    CONSTRAINT generation_kinds_lease_seconds_check CHECK (((lease_seconds >= 5) AND (lease_seconds <= 20))),
    CONSTRAINT generation_kinds_max_attempts_check CHECK (((max_attempts >= 1) AND (max_attempts <= 25))),
    CONSTRAINT generation_kinds_max_lease_losses_check CHECK (((max_lease_losses >= 1) AND (max_lease_losses <= 25))),
    CONSTRAINT generation_kinds_resource_type_check CHECK ((resource_type = ANY (ARRAY['llm_tokens'::text, 'image'::text, 'audio'::text, 'video'::text, 'lipsync'::text, 'merge'::text, 'render_seconds'::text, 'kai_credits'::text])))
);

COMMENT ON COLUMN public.generation_kinds.max_lease_losses IS 'Lost leases (worker died or stalled) after which a job is dead-lettered (lease_expired); apart from max_attempts.';

CREATE TABLE public.job_logs (
    id bigint NOT NULL,
    generation_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    attempt integer DEFAULT 0 NOT NULL,
    level text DEFAULT 'info'::text NOT NULL,
    stage text,
    message text NOT NULL,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    worker_id text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT job_logs_level_check CHECK ((level = ANY (ARRAY['debug'::text, 'info'::text, 'warning'::text, 'error'::text])))
)
PARTITION BY RANGE (created_at);

CREATE VIEW analytics.queue_health AS
 WITH queue AS (
         SELECT q_1.kind,
            count(*) FILTER (WHERE ((q_1.state = 'ready'::text) AND (q_1.run_after <= now()))) AS waiting,
            count(*) FILTER (WHERE ((q_1.state = 'ready'::text) AND (q_1.run_after > now()))) AS backing_off,
            count(*) FILTER (WHERE (q_1.state = 'running'::text)) AS running,
            count(*) FILTER (WHERE ((q_1.state = 'running'::text) AND (q_1.lease_expires_at <= now()))) AS expired_leases,
            max(EXTRACT(epoch FROM (now() - q_1.enqueued_at))) FILTER (WHERE ((q_1.state = 'ready'::text) AND (q_1.run_after <= now()))) AS oldest_waiting_seconds,
            count(*) FILTER (WHERE (q_1.state = 'waiting'::text)) AS waiting_for_inputs
           FROM private.job_queue q_1
          GROUP BY q_1.kind
        ), finished AS (
         SELECT k_1.kind,
            ( SELECT COALESCE(sum(w.jobs_per_second), (0)::numeric) AS "coalesce"
                   FROM private.worker_heartbeats w
                  WHERE ((k_1.kind = ANY (w.kinds)) AND (w.stopped_at IS NULL) AND (w.last_seen_at > (now() - '00:00:30'::interval)))) AS jobs_per_second,
            ( SELECT count(*) AS count
                   FROM (public.job_logs l
                     JOIN public.generations g ON ((g.id = l.generation_id)))
                  WHERE ((l.created_at > (now() - '01:00:00'::interval)) AND (l.level = 'error'::text) AND (g.kind = k_1.kind))) AS failed_attempts_last_hour
           FROM public.generation_kinds k_1
        )
 SELECT k.kind,
    COALESCE(q.waiting, (0)::bigint) AS waiting,
    COALESCE(q.backing_off, (0)::bigint) AS backing_off,
    COALESCE(q.running, (0)::bigint) AS running,
    COALESCE(q.expired_leases, (0)::bigint) AS expired_leases,
    round(COALESCE(q.oldest_waiting_seconds, (0)::numeric), 1) AS oldest_waiting_seconds,
    f.jobs_per_second,
    f.failed_attempts_last_hour,
    COALESCE(q.waiting_for_inputs, (0)::bigint) AS waiting_for_inputs
   FROM ((public.generation_kinds k
     LEFT JOIN queue q ON ((q.kind = k.kind)))
     LEFT JOIN finished f ON ((f.kind = k.kind)));

CREATE VIEW analytics.royalty_summary AS
SELECT
    NULL::uuid AS agreement_id,
    NULL::uuid AS organization_id,
    NULL::uuid AS project_id,
    NULL::text AS project_title,
    NULL::text AS licensee_company,
    NULL::text AS license_type,
    NULL::text AS territory,
    NULL::text AS status,
    NULL::text AS currency,
    NULL::numeric(5,2) AS royalty_percent,
    NULL::bigint AS minimum_guarantee_cents,
    NULL::bigint AS reports,
    NULL::numeric AS gross_revenue_cents,
    NULL::numeric AS royalty_cents,
    NULL::numeric AS verified_cents,
    NULL::numeric AS paid_cents,
    NULL::numeric AS disputed_cents,
    NULL::numeric AS guarantee_outstanding_cents;

CREATE TABLE public.order_items (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    order_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    product_id uuid,
    variant_id uuid,
    project_id uuid,
    product_name text NOT NULL,
    variant_title text,
    sku text,
    category text NOT NULL,
    is_digital boolean DEFAULT false NOT NULL,
    quantity integer NOT NULL,
    unit_price_cents bigint NOT NULL,
    subtotal_cents bigint NOT NULL,
    fulfilled_quantity integer DEFAULT 0 NOT NULL,
    restocked boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT order_items_check CHECK ((subtotal_cents = (unit_price_cents * quantity))),
    CONSTRAINT order_items_check1 CHECK ((fulfilled_quantity <= quantity)),
    CONSTRAINT order_items_fulfilled_quantity_check CHECK ((fulfilled_quantity >= 0)),
    CONSTRAINT order_items_quantity_check CHECK ((quantity > 0)),
    CONSTRAINT order_items_subtotal_cents_check CHECK ((subtotal_cents >= 0)),
    CONSTRAINT order_items_unit_price_cents_check CHECK ((unit_price_cents >= 0))
);

CREATE VIEW analytics.store_sales_by_product AS
 SELECT i.organization_id,
    i.product_id,
    i.project_id,
    max(i.product_name) AS product_name,
    max(i.category) AS category,
    o.currency,
    (date_trunc('month'::text, o.paid_at, 'UTC'::text))::date AS month,
    count(DISTINCT o.id) AS orders,
    sum(i.quantity) AS units,
    sum(i.subtotal_cents) AS gross_cents,
    (sum(COALESCE(round((((((i.subtotal_cents)::numeric * ((o.subtotal_cents - o.discount_cents))::numeric) / (NULLIF(o.subtotal_cents, 0))::numeric) * ((o.total_cents - o.refunded_cents))::numeric) / (NULLIF(o.total_cents, 0))::numeric)), (0)::numeric)))::bigint AS net_cents
   FROM (public.order_items i
     JOIN public.orders o ON ((o.id = i.order_id)))
  WHERE (o.paid_at IS NOT NULL)
  GROUP BY i.organization_id, i.product_id, i.project_id, o.currency, ((date_trunc('month'::text, o.paid_at, 'UTC'::text))::date);

CREATE VIEW analytics.store_sales_by_ip AS
 SELECT s.organization_id,
    s.project_id,
    p.title AS project_title,
    s.currency,
    s.month,
    count(DISTINCT s.product_id) AS products,
    sum(s.units) AS units,
    sum(s.gross_cents) AS gross_cents,
    sum(s.net_cents) AS net_cents
   FROM (analytics.store_sales_by_product s
     LEFT JOIN public.projects p ON ((p.id = s.project_id)))
  GROUP BY s.organization_id, s.project_id, p.title, s.currency, s.month;

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

CREATE VIEW analytics.worker_status AS
 SELECT worker_id,
    hostname,
    pid,
    kinds,
    concurrency,
    in_flight,
    claimed,
    completed,
    failed,
    lost_leases,
    jobs_per_second,
    started_at,
    last_seen_at,
    stopped_at,
    ((stopped_at IS NULL) AND (last_seen_at > (now() - '00:00:30'::interval))) AS alive
   FROM private.worker_heartbeats w;

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
    CONSTRAINT profiles_avatar_url_size CHECK ((char_length(avatar_url) <= 2048)),
    CONSTRAINT profiles_bio_check CHECK ((length(bio) <= 2000)),
    CONSTRAINT profiles_check CHECK (((status = 'deleted'::text) = (deleted_at IS NOT NULL))),
    CONSTRAINT profiles_company_size CHECK ((char_length(company) <= 200)),
    CONSTRAINT profiles_display_name_check CHECK ((length(display_name) <= 120)),
    CONSTRAINT profiles_email_size CHECK ((char_length(email) <= 500)),
    CONSTRAINT profiles_first_name_size CHECK ((char_length(first_name) <= 200)),
    CONSTRAINT profiles_job_title_size CHECK ((char_length(job_title) <= 500)),
    CONSTRAINT profiles_last_name_size CHECK ((char_length(last_name) <= 200)),
    CONSTRAINT profiles_locale_check CHECK ((locale ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'::text)),
    CONSTRAINT profiles_locale_size CHECK ((char_length(locale) <= 200)),
    CONSTRAINT profiles_metadata_check CHECK ((jsonb_typeof(metadata) = 'object'::text)),
    CONSTRAINT profiles_metadata_size CHECK ((pg_column_size(metadata) <= 65536)),
    CONSTRAINT profiles_modo_tokens_check CHECK ((modo_tokens >= 0)),
    CONSTRAINT profiles_notification_settings_check CHECK ((jsonb_typeof(notification_settings) = 'object'::text)),
    CONSTRAINT profiles_notification_settings_size CHECK ((pg_column_size(notification_settings) <= 65536)),
    CONSTRAINT profiles_onboarding_step_check CHECK ((onboarding_step >= 0)),
    CONSTRAINT profiles_preferences_check CHECK ((jsonb_typeof(preferences) = 'object'::text)),
    CONSTRAINT profiles_preferences_size CHECK ((pg_column_size(preferences) <= 65536)),
    CONSTRAINT profiles_social_links_check CHECK ((jsonb_typeof(social_links) = 'object'::text)),
    CONSTRAINT profiles_social_links_size CHECK ((pg_column_size(social_links) <= 65536)),
    CONSTRAINT profiles_status_check CHECK ((status = ANY (ARRAY['active'::text, 'suspended'::text, 'deleted'::text]))),
    CONSTRAINT profiles_timezone_size CHECK ((char_length(timezone) <= 200)),
    CONSTRAINT profiles_user_mode_check CHECK ((user_mode = ANY (ARRAY['learning'::text, 'creator'::text, 'entertainment'::text]))),
    CONSTRAINT profiles_username_check CHECK ((username ~ '^[A-Za-z0-9_][A-Za-z0-9_.-]{2,39}$'::text)),
    CONSTRAINT profiles_wallet_address_size CHECK ((char_length(wallet_address) <= 200))
);

COMMENT ON TABLE public.profiles IS 'One per auth.users row, created by trigger: the merged user/profile fields of every product.';

CREATE VIEW private.acting_user WITH (security_barrier='true') AS
 SELECT id
   FROM public.profiles p
  WHERE ((id = ( SELECT auth.uid() AS uid)) AND (status = 'active'::text));

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

CREATE TABLE private.content_match_scores (
    user_id uuid NOT NULL,
    content_id uuid NOT NULL,
    match_score integer NOT NULL,
    watched boolean NOT NULL,
    CONSTRAINT content_match_scores_match_score_check CHECK (((match_score >= 0) AND (match_score <= 100)))
)
WITH (autovacuum_vacuum_scale_factor='0.0', autovacuum_vacuum_threshold='10000', autovacuum_analyze_scale_factor='0.05');

COMMENT ON TABLE private.content_match_scores IS 'A viewer''s top matches, rewritten by the refresh_content_matches duty; read through public.content_matches.';

CREATE TABLE private.content_trending (
    content_id uuid NOT NULL,
    viewers_7d bigint NOT NULL,
    likes_7d bigint NOT NULL,
    completions_7d bigint NOT NULL,
    trending_score bigint NOT NULL,
    trending_rank bigint NOT NULL
)
WITH (fillfactor='80', autovacuum_vacuum_scale_factor='0.0', autovacuum_vacuum_threshold='5000', autovacuum_analyze_scale_factor='0.1');

COMMENT ON TABLE private.content_trending IS 'Trending of published contents, rewritten by the refresh_trending_contents duty; read through public.trending_contents.';

CREATE TABLE private.daily_counts (
    subject text NOT NULL,
    subject_id uuid NOT NULL,
    counter text NOT NULL,
    user_id uuid DEFAULT auth.uid() NOT NULL,
    counted_on date DEFAULT ((now() AT TIME ZONE 'UTC'::text))::date NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT daily_counts_counter_check CHECK ((counter = ANY (ARRAY['view'::text, 'share'::text]))),
    CONSTRAINT daily_counts_share_only_fan_content CHECK (((counter = 'view'::text) OR (subject = 'fan_content'::text))),
    CONSTRAINT daily_counts_subject_check CHECK ((subject = ANY (ARRAY['discussion'::text, 'fan_content'::text, 'product'::text])))
);

COMMENT ON TABLE private.daily_counts IS 'Views and shares counted once per viewer and UTC day (discussions, fan content, products); bumps the subject''s counter.';

CREATE TABLE private.film_shares (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    asset_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    token_hash bytea NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    revoked_at timestamp with time zone,
    revoked_by uuid,
    opened_count bigint DEFAULT 0 NOT NULL,
    last_opened_at timestamp with time zone,
    CONSTRAINT film_shares_check CHECK (((expires_at > created_at) AND (expires_at <= (created_at + '30 days'::interval)))),
    CONSTRAINT film_shares_opened_count_check CHECK ((opened_count >= 0))
);

CREATE TABLE private.invitation_tokens (
    invitation_id uuid NOT NULL,
    token_hash bytea NOT NULL
);

CREATE TABLE private.job_logs_default (
    id bigint CONSTRAINT job_logs_id_not_null NOT NULL,
    generation_id uuid CONSTRAINT job_logs_generation_id_not_null NOT NULL,
    organization_id uuid CONSTRAINT job_logs_organization_id_not_null NOT NULL,
    project_id uuid,
    attempt integer DEFAULT 0 CONSTRAINT job_logs_attempt_not_null NOT NULL,
    level text DEFAULT 'info'::text CONSTRAINT job_logs_level_not_null NOT NULL,
    stage text,
    message text CONSTRAINT job_logs_message_not_null NOT NULL,
    data jsonb DEFAULT '{}'::jsonb CONSTRAINT job_logs_data_not_null NOT NULL,
    worker_id text,
    created_at timestamp with time zone DEFAULT now() CONSTRAINT job_logs_created_at_not_null NOT NULL,
    CONSTRAINT job_logs_level_check CHECK ((level = ANY (ARRAY['debug'::text, 'info'::text, 'warning'::text, 'error'::text])))
);

ALTER TABLE private.job_queue ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME private.job_queue_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
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

CREATE TABLE private.leader_leases (
    role text NOT NULL,
    holder text,
    token bigint DEFAULT 0 NOT NULL,
    lease_expires_at timestamp with time zone DEFAULT '-infinity'::timestamp with time zone NOT NULL,
    CONSTRAINT leader_leases_holder_check CHECK ((length(holder) <= 200)),
    CONSTRAINT leader_leases_role_check CHECK ((role ~ '^[a-z][a-z0-9_]{0,62}$'::text)),
    CONSTRAINT leader_leases_token_check CHECK ((token >= 0))
);

COMMENT ON TABLE private.leader_leases IS 'Leader roles held by a lease and fenced by a token (the scheduler). docs/generation.md, Scheduler.';

CREATE VIEW private.my_memberships WITH (security_barrier='true') AS
 SELECT organization_id,
    role
   FROM public.organization_members m
  WHERE ((user_id = ( SELECT u.id
           FROM private.acting_user u)) AND (organization_deleted_at IS NULL));

CREATE SEQUENCE private.order_number_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

CREATE TABLE private.organization_concurrency_limits (
    organization_id uuid NOT NULL,
    kind text NOT NULL,
    max_running integer,
    reason text NOT NULL,
    set_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT organization_concurrency_limits_max_running_check CHECK (((max_running >= 0) AND (max_running <= 10000))),
    CONSTRAINT organization_concurrency_limits_reason_check CHECK (((length(reason) >= 1) AND (length(reason) <= 500)))
);

COMMENT ON TABLE private.organization_concurrency_limits IS 'Operator override of an organization''s concurrency limit for a kind (null: unlimited; 0: paused).';

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

CREATE TABLE private.viewer_tastes (
    user_id uuid NOT NULL,
    stale boolean DEFAULT true NOT NULL,
    refreshed_at timestamp with time zone
)
WITH (fillfactor='80', autovacuum_vacuum_scale_factor='0.05');

COMMENT ON TABLE private.viewer_tastes IS 'Viewers whose match scores exist or are due; marked stale by watch_history, refreshed by refresh_content_matches.';

CREATE TABLE public.webhook_deliveries (
    id bigint NOT NULL,
    event_id uuid NOT NULL,
    webhook_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    event text NOT NULL,
    payload jsonb NOT NULL,
    attempt integer NOT NULL,
    status text NOT NULL,
    http_status integer,
    error text,
    duration_ms integer,
    next_retry_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT webhook_deliveries_attempt_check CHECK ((attempt > 0)),
    CONSTRAINT webhook_deliveries_duration_ms_check CHECK ((duration_ms >= 0)),
    CONSTRAINT webhook_deliveries_error_length CHECK ((length(error) <= 300)),
    CONSTRAINT webhook_deliveries_status_check CHECK ((status = ANY (ARRAY['delivered'::text, 'failed'::text, 'gave_up'::text])))
)
PARTITION BY RANGE (created_at);

COMMENT ON COLUMN public.webhook_deliveries.error IS 'Why the attempt failed, in the worker''s words (e.g. "could not connect", "refused by the egress guard: …"); never text the receiver sent.';

CREATE TABLE private.webhook_deliveries_default (
    id bigint CONSTRAINT webhook_deliveries_id_not_null NOT NULL,
    event_id uuid CONSTRAINT webhook_deliveries_event_id_not_null NOT NULL,
    webhook_id uuid CONSTRAINT webhook_deliveries_webhook_id_not_null NOT NULL,
    organization_id uuid CONSTRAINT webhook_deliveries_organization_id_not_null NOT NULL,
    event text CONSTRAINT webhook_deliveries_event_not_null NOT NULL,
    payload jsonb CONSTRAINT webhook_deliveries_payload_not_null NOT NULL,
    attempt integer CONSTRAINT webhook_deliveries_attempt_not_null NOT NULL,
    status text CONSTRAINT webhook_deliveries_status_not_null NOT NULL,
    http_status integer,
    error text,
    duration_ms integer,
    next_retry_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() CONSTRAINT webhook_deliveries_created_at_not_null NOT NULL,
    CONSTRAINT webhook_deliveries_attempt_check CHECK ((attempt > 0)),
    CONSTRAINT webhook_deliveries_duration_ms_check CHECK ((duration_ms >= 0)),
    CONSTRAINT webhook_deliveries_error_length CHECK ((length(error) <= 300)),
    CONSTRAINT webhook_deliveries_status_check CHECK ((status = ANY (ARRAY['delivered'::text, 'failed'::text, 'gave_up'::text])))
);

CREATE TABLE private.webhook_outbox (
    id bigint NOT NULL,
    event_id uuid DEFAULT gen_random_uuid() NOT NULL,
    webhook_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    event text NOT NULL,
    payload jsonb NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    locked_until timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL
)
WITH (fillfactor='80', autovacuum_vacuum_scale_factor='0.0', autovacuum_vacuum_threshold='500', autovacuum_vacuum_insert_scale_factor='0.0', autovacuum_vacuum_insert_threshold='500');

ALTER TABLE private.webhook_outbox ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME private.webhook_outbox_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE private.webhook_secrets (
    webhook_id uuid NOT NULL,
    secret_box bytea NOT NULL
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
    storage_purged_at timestamp with time zone,
    CONSTRAINT assets_ai_prompt_size CHECK ((char_length(ai_prompt) <= 40000)),
    CONSTRAINT assets_alt_text_size CHECK ((char_length(alt_text) <= 500)),
    CONSTRAINT assets_category_size CHECK ((char_length(category) <= 200)),
    CONSTRAINT assets_cdn_url_size CHECK ((char_length(cdn_url) <= 2048)),
    CONSTRAINT assets_codec_size CHECK ((char_length(codec) <= 200)),
    CONSTRAINT assets_description_size CHECK ((char_length(description) <= 40000)),
    CONSTRAINT assets_duration_seconds_check CHECK ((duration_seconds >= (0)::numeric)),
    CONSTRAINT assets_filename_size CHECK ((char_length(filename) <= 500)),
    CONSTRAINT assets_fps_check CHECK ((fps > (0)::numeric)),
    CONSTRAINT assets_height_check CHECK ((height > 0)),
    CONSTRAINT assets_metadata_size CHECK ((pg_column_size(metadata) <= 65536)),
    CONSTRAINT assets_mime_type_size CHECK ((char_length(mime_type) <= 200)),
    CONSTRAINT assets_optimized_urls_size CHECK ((pg_column_size(optimized_urls) <= 65536)),
    CONSTRAINT assets_original_name_size CHECK ((char_length(original_name) <= 500)),
    CONSTRAINT assets_size_bytes_check CHECK ((size_bytes >= 0)),
    CONSTRAINT assets_source_check CHECK ((source = ANY (ARRAY['upload'::text, 'generated'::text, 'imported'::text, 'rendered'::text]))),
    CONSTRAINT assets_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'processing'::text, 'ready'::text, 'failed'::text]))),
    CONSTRAINT assets_storage_bucket_size CHECK ((char_length(storage_bucket) <= 200)),
    CONSTRAINT assets_storage_path_size CHECK ((char_length(storage_path) <= 2048)),
    CONSTRAINT assets_storage_provider_check CHECK ((storage_provider = ANY (ARRAY['supabase'::text, 's3'::text, 'gcs'::text, 'local'::text]))),
    CONSTRAINT assets_tags_size CHECK (((cardinality(tags) <= 100) AND (pg_column_size(tags) <= 65536))),
    CONSTRAINT assets_thumbnail_url_size CHECK ((char_length(thumbnail_url) <= 2048)),
    CONSTRAINT assets_title_size CHECK ((char_length(title) <= 500)),
    CONSTRAINT assets_type_check CHECK ((type = ANY (ARRAY['image'::text, 'video'::text, 'audio'::text, 'document'::text, 'model'::text, 'font'::text, 'subtitle'::text, 'other'::text]))),
    CONSTRAINT assets_url_size CHECK ((char_length(url) <= 2048)),
    CONSTRAINT assets_usage_count_check CHECK ((usage_count >= 0)),
    CONSTRAINT assets_width_check CHECK ((width > 0))
);

CREATE VIEW private.withheld_media WITH (security_barrier='true') AS
 SELECT a.organization_id,
    a.storage_bucket,
    a.storage_path,
    a.project_id,
    (a.deleted_at IS NOT NULL) AS deleted
   FROM (public.assets a
     LEFT JOIN public.projects p ON ((a.project_id = p.id)))
  WHERE ((a.storage_provider = 'supabase'::text) AND ((a.deleted_at IS NOT NULL) OR (p.visibility = 'private'::text) OR (p.deleted_at IS NOT NULL)) AND (a.organization_id IN ( SELECT m.organization_id
           FROM private.my_memberships m)));

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
    CONSTRAINT animations_ai_prompt_size CHECK ((char_length(ai_prompt) <= 40000)),
    CONSTRAINT animations_beat_index_check CHECK ((beat_index >= 0)),
    CONSTRAINT animations_beat_name_size CHECK ((char_length(beat_name) <= 200)),
    CONSTRAINT animations_error_message_size CHECK ((char_length(error_message) <= 40000)),
    CONSTRAINT animations_generation_params_size CHECK ((pg_column_size(generation_params) <= 65536)),
    CONSTRAINT animations_preview_image_url_size CHECK ((char_length(preview_image_url) <= 2048)),
    CONSTRAINT animations_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'generating'::text, 'ready'::text, 'failed'::text]))),
    CONSTRAINT animations_style_size CHECK ((char_length(style) <= 200)),
    CONSTRAINT animations_video_duration_seconds_check CHECK ((video_duration_seconds >= (0)::numeric)),
    CONSTRAINT animations_video_url_size CHECK ((char_length(video_url) <= 2048))
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
    CONSTRAINT asset_versions_metadata_size CHECK ((pg_column_size(metadata) <= 65536)),
    CONSTRAINT asset_versions_size_bytes_check CHECK ((size_bytes >= 0)),
    CONSTRAINT asset_versions_storage_path_size CHECK ((char_length(storage_path) <= 2048)),
    CONSTRAINT asset_versions_url_size CHECK ((char_length(url) <= 2048)),
    CONSTRAINT asset_versions_version_check CHECK ((version > 0))
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
    CONSTRAINT book_structure_extraction_method_check CHECK ((extraction_method = ANY (ARRAY['markdown_headings'::text, 'text_headings'::text, 'manual'::text, 'ai'::text]))),
    CONSTRAINT book_structure_structure_data_size CHECK ((pg_column_size(structure_data) <= 1048576))
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
    CONSTRAINT books_cover_url_size CHECK ((char_length(cover_url) <= 2048)),
    CONSTRAINT books_description_size CHECK ((char_length(description) <= 40000)),
    CONSTRAINT books_file_url_size CHECK ((char_length(file_url) <= 2048)),
    CONSTRAINT books_language_size CHECK ((char_length(language) <= 200)),
    CONSTRAINT books_metadata_size CHECK ((pg_column_size(metadata) <= 65536)),
    CONSTRAINT books_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'uploaded'::text, 'processing'::text, 'ready'::text, 'failed'::text, 'published'::text]))),
    CONSTRAINT books_structure_type_check CHECK ((structure_type = ANY (ARRAY['chapters'::text, 'parts_and_chapters'::text, 'acts'::text, 'flat'::text]))),
    CONSTRAINT books_title_check CHECK (((length(title) >= 1) AND (length(title) <= 300))),
    CONSTRAINT books_total_chapters_check CHECK ((total_chapters >= 0))
);

CREATE TABLE public.campaign_updates (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    campaign_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid NOT NULL,
    author_id uuid,
    title text NOT NULL,
    content text NOT NULL,
    visibility text DEFAULT 'public'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT campaign_updates_content_check CHECK (((length(content) >= 1) AND (length(content) <= 50000))),
    CONSTRAINT campaign_updates_title_check CHECK (((length(title) >= 1) AND (length(title) <= 255))),
    CONSTRAINT campaign_updates_visibility_check CHECK ((visibility = ANY (ARRAY['public'::text, 'backers_only'::text])))
);

CREATE TABLE public.cart_items (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    cart_id uuid NOT NULL,
    user_id uuid DEFAULT auth.uid() NOT NULL,
    product_id uuid NOT NULL,
    variant_id uuid,
    organization_id uuid NOT NULL,
    quantity integer DEFAULT 1 NOT NULL,
    unit_price_cents bigint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT cart_items_quantity_check CHECK (((quantity >= 1) AND (quantity <= 1000))),
    CONSTRAINT cart_items_unit_price_cents_check CHECK ((unit_price_cents >= 0))
);

CREATE TABLE public.carts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT auth.uid() NOT NULL,
    subtotal_cents bigint DEFAULT 0 NOT NULL,
    item_count integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT carts_item_count_check CHECK ((item_count >= 0)),
    CONSTRAINT carts_subtotal_cents_check CHECK ((subtotal_cents >= 0))
);

CREATE TABLE public.chapter_embeddings (
    chapter_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    book_id uuid NOT NULL,
    embedding extensions.halfvec(384) NOT NULL,
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
    generation_id uuid,
    CONSTRAINT chapter_scripts_acts_size CHECK ((pg_column_size(acts) <= 1048576)),
    CONSTRAINT chapter_scripts_beats_size CHECK ((pg_column_size(beats) <= 1048576)),
    CONSTRAINT chapter_scripts_character_arcs_size CHECK ((pg_column_size(character_arcs) <= 65536)),
    CONSTRAINT chapter_scripts_character_details_size CHECK ((pg_column_size(character_details) <= 65536)),
    CONSTRAINT chapter_scripts_generation_metadata_size CHECK ((pg_column_size(generation_metadata) <= 65536)),
    CONSTRAINT chapter_scripts_scenes_size CHECK ((pg_column_size(scenes) <= 1048576)),
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
    CONSTRAINT chapters_ai_content_size CHECK ((pg_column_size(ai_content) <= 1048576)),
    CONSTRAINT chapters_chapter_number_check CHECK ((chapter_number > 0)),
    CONSTRAINT chapters_content_size CHECK ((char_length(content) <= 200000)),
    CONSTRAINT chapters_duration_check CHECK ((duration >= 0)),
    CONSTRAINT chapters_embedding_status_check CHECK ((embedding_status = ANY (ARRAY['pending'::text, 'embedded'::text, 'failed'::text]))),
    CONSTRAINT chapters_summary_size CHECK ((char_length(summary) <= 40000)),
    CONSTRAINT chapters_title_size CHECK ((char_length(title) <= 500))
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
    generation_id uuid,
    CONSTRAINT characters_archetype_size CHECK ((char_length(archetype) <= 200)),
    CONSTRAINT characters_archetypes_size CHECK (((cardinality(archetypes) <= 100) AND (pg_column_size(archetypes) <= 65536))),
    CONSTRAINT characters_cast_reference_size CHECK ((char_length(cast_reference) <= 40000)),
    CONSTRAINT characters_character_arc_size CHECK ((char_length(character_arc) <= 40000)),
    CONSTRAINT characters_check CHECK (((project_id IS NOT NULL) OR (book_id IS NOT NULL))),
    CONSTRAINT characters_core_beliefs_size CHECK ((pg_column_size(core_beliefs) <= 65536)),
    CONSTRAINT characters_educational_size CHECK ((pg_column_size(educational) <= 65536)),
    CONSTRAINT characters_emotional_size CHECK ((pg_column_size(emotional) <= 65536)),
    CONSTRAINT characters_family_size CHECK ((pg_column_size(family) <= 65536)),
    CONSTRAINT characters_generation_method_size CHECK ((char_length(generation_method) <= 200)),
    CONSTRAINT characters_ghost_size CHECK ((char_length(ghost) <= 40000)),
    CONSTRAINT characters_image_generation_prompt_size CHECK ((char_length(image_generation_prompt) <= 40000)),
    CONSTRAINT characters_image_metadata_size CHECK ((pg_column_size(image_metadata) <= 65536)),
    CONSTRAINT characters_image_poses_size CHECK ((pg_column_size(image_poses) <= 65536)),
    CONSTRAINT characters_image_url_size CHECK ((char_length(image_url) <= 2048)),
    CONSTRAINT characters_lie_size CHECK ((char_length(lie) <= 40000)),
    CONSTRAINT characters_model_used_size CHECK ((char_length(model_used) <= 200)),
    CONSTRAINT characters_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT characters_need_size CHECK ((char_length(need) <= 40000)),
    CONSTRAINT characters_personality_size CHECK ((char_length(personality) <= 40000)),
    CONSTRAINT characters_physical_description_size CHECK ((char_length(physical_description) <= 40000)),
    CONSTRAINT characters_physiological_size CHECK ((pg_column_size(physiological) <= 65536)),
    CONSTRAINT characters_psychological_size CHECK ((pg_column_size(psychological) <= 65536)),
    CONSTRAINT characters_relationships_size CHECK ((pg_column_size(relationships) <= 65536)),
    CONSTRAINT characters_role_check CHECK ((role = ANY (ARRAY['protagonist'::text, 'antagonist'::text, 'deuteragonist'::text, 'supporting'::text, 'mentor'::text, 'love_interest'::text, 'comic_relief'::text, 'minor'::text, 'narrator'::text]))),
    CONSTRAINT characters_sociocultural_size CHECK ((pg_column_size(sociocultural) <= 65536)),
    CONSTRAINT characters_sociopolitics_size CHECK ((pg_column_size(sociopolitics) <= 65536)),
    CONSTRAINT characters_swot_analysis_size CHECK ((pg_column_size(swot_analysis) <= 65536)),
    CONSTRAINT characters_transformation_size CHECK ((char_length(transformation) <= 40000)),
    CONSTRAINT characters_want_size CHECK ((char_length(want) <= 40000))
);

CREATE TABLE public.content_categories (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text NOT NULL,
    slug text NOT NULL,
    description text,
    icon text,
    display_order integer DEFAULT 0 NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT content_categories_icon_check CHECK ((length(icon) <= 50)),
    CONSTRAINT content_categories_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT content_categories_slug_check CHECK ((slug ~ '^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$'::text))
);

CREATE TABLE public.content_category_items (
    content_id uuid NOT NULL,
    category_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.content_completions (
    user_id uuid NOT NULL,
    content_id uuid NOT NULL,
    episode_id uuid,
    completed_on date NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE TABLE public.content_daily_stats (
    content_id uuid NOT NULL,
    day date NOT NULL,
    viewers integer DEFAULT 0 NOT NULL,
    likes integer DEFAULT 0 NOT NULL,
    completions integer DEFAULT 0 NOT NULL,
    CONSTRAINT content_daily_stats_completions_check CHECK ((completions >= 0)),
    CONSTRAINT content_daily_stats_viewers_check CHECK ((viewers >= 0))
)
WITH (fillfactor='80', autovacuum_vacuum_scale_factor='0.05');

CREATE TABLE public.content_episodes (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    season_id uuid NOT NULL,
    content_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid NOT NULL,
    season_number integer NOT NULL,
    episode_number integer NOT NULL,
    title text,
    description text,
    duration_minutes integer,
    thumbnail_url text,
    video_url text,
    hls_url text,
    release_date date,
    view_count bigint DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT content_episodes_description_size CHECK ((char_length(description) <= 40000)),
    CONSTRAINT content_episodes_duration_minutes_check CHECK ((duration_minutes > 0)),
    CONSTRAINT content_episodes_episode_number_check CHECK ((episode_number > 0)),
    CONSTRAINT content_episodes_hls_url_size CHECK ((char_length(hls_url) <= 2048)),
    CONSTRAINT content_episodes_thumbnail_url_size CHECK ((char_length(thumbnail_url) <= 2048)),
    CONSTRAINT content_episodes_title_check CHECK ((length(title) <= 255)),
    CONSTRAINT content_episodes_video_url_size CHECK ((char_length(video_url) <= 2048)),
    CONSTRAINT content_episodes_view_count_check CHECK ((view_count >= 0))
);

CREATE TABLE public.content_likes (
    user_id uuid DEFAULT auth.uid() NOT NULL,
    content_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE VIEW public.content_matches WITH (security_invoker='true') AS
 SELECT c.id AS content_id,
    c.title,
    c.slug,
    c.type,
    c.genre,
    c.visibility,
    c.poster_url,
    m.match_score,
    m.watched
   FROM (private.content_match_scores m
     JOIN public.contents c ON ((c.id = m.content_id)))
  WHERE ((m.user_id = ( SELECT auth.uid() AS uid)) AND (c.status = 'published'::text) AND (c.embedding IS NOT NULL));

CREATE TABLE public.content_ratings (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT auth.uid() NOT NULL,
    content_id uuid NOT NULL,
    rating integer NOT NULL,
    review text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT content_ratings_rating_check CHECK (((rating >= 1) AND (rating <= 5))),
    CONSTRAINT content_ratings_review_check CHECK ((length(review) <= 5000))
);

CREATE TABLE public.content_seasons (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    content_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid NOT NULL,
    season_number integer NOT NULL,
    title text,
    description text,
    poster_url text,
    episode_count integer DEFAULT 0 NOT NULL,
    release_year integer,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT content_seasons_description_size CHECK ((char_length(description) <= 40000)),
    CONSTRAINT content_seasons_episode_count_check CHECK ((episode_count >= 0)),
    CONSTRAINT content_seasons_poster_url_size CHECK ((char_length(poster_url) <= 2048)),
    CONSTRAINT content_seasons_release_year_check CHECK (((release_year >= 1870) AND (release_year <= 2200))),
    CONSTRAINT content_seasons_season_number_check CHECK ((season_number > 0)),
    CONSTRAINT content_seasons_title_check CHECK ((length(title) <= 255))
);

CREATE TABLE public.content_views (
    user_id uuid NOT NULL,
    content_id uuid NOT NULL,
    episode_id uuid,
    viewed_on date NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

CREATE VIEW public.continue_watching WITH (security_invoker='true') AS
 SELECT content_id,
    episode_id,
    title,
    type,
    poster_url,
    season_number,
    episode_number,
    episode_title,
    progress_seconds,
    duration_seconds,
    progress_percent,
    completed,
    watched_at
   FROM ( SELECT DISTINCT ON (h.content_id) h.content_id,
            h.episode_id,
            c.title,
            c.type,
            c.poster_url,
            e.season_number,
            e.episode_number,
            e.title AS episode_title,
            h.progress_seconds,
            h.duration_seconds,
            h.progress_percent,
            h.completed,
            h.watched_at
           FROM ((public.watch_history h
             JOIN public.contents c ON ((c.id = h.content_id)))
             LEFT JOIN public.content_episodes e ON ((e.id = h.episode_id)))
          WHERE (h.user_id = ( SELECT auth.uid() AS uid))
          ORDER BY h.content_id, h.watched_at DESC) latest
  WHERE ((NOT completed) AND (progress_seconds > 0))
  ORDER BY watched_at DESC;

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

CREATE TABLE public.discussion_poll_votes (
    discussion_id uuid NOT NULL,
    user_id uuid DEFAULT auth.uid() NOT NULL,
    community_id uuid NOT NULL,
    option_id text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT discussion_poll_votes_option_id_check CHECK ((length(option_id) <= 100))
);

CREATE VIEW public.discussion_poll_results WITH (security_invoker='true') AS
 SELECT d.id AS discussion_id,
    d.community_id,
    (o.value ->> 'id'::text) AS option_id,
    (o.value ->> 'text'::text) AS option_text,
    ( SELECT count(*) AS count
           FROM public.discussion_poll_votes v
          WHERE ((v.discussion_id = d.id) AND (v.option_id = (o.value ->> 'id'::text)))) AS votes
   FROM (public.discussions d
     CROSS JOIN LATERAL jsonb_array_elements(d.poll_options) o(value))
  WHERE (d.type = 'poll'::text);

CREATE TABLE public.events (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    community_id uuid NOT NULL,
    created_by uuid DEFAULT auth.uid(),
    title text NOT NULL,
    description text,
    event_type text NOT NULL,
    platform text,
    event_url text,
    location text,
    cover_image_url text,
    event_date timestamp with time zone NOT NULL,
    end_date timestamp with time zone,
    timezone text DEFAULT 'UTC'::text NOT NULL,
    max_attendees integer,
    current_attendees integer DEFAULT 0 NOT NULL,
    rsvp_required boolean DEFAULT true NOT NULL,
    rsvp_deadline timestamp with time zone,
    status text DEFAULT 'scheduled'::text NOT NULL,
    interested_count integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT events_check CHECK (((end_date IS NULL) OR (end_date >= event_date))),
    CONSTRAINT events_check1 CHECK (((rsvp_deadline IS NULL) OR (rsvp_deadline <= event_date))),
    CONSTRAINT events_check2 CHECK (((max_attendees IS NULL) OR (current_attendees <= max_attendees))),
    CONSTRAINT events_cover_image_url_size CHECK ((char_length(cover_image_url) <= 2048)),
    CONSTRAINT events_current_attendees_check CHECK ((current_attendees >= 0)),
    CONSTRAINT events_description_check CHECK ((length(description) <= 20000)),
    CONSTRAINT events_event_type_check CHECK ((event_type = ANY (ARRAY['watch_party'::text, 'qa_session'::text, 'premiere'::text, 'meetup'::text, 'contest'::text]))),
    CONSTRAINT events_event_url_size CHECK ((char_length(event_url) <= 2048)),
    CONSTRAINT events_interested_count_check CHECK ((interested_count >= 0)),
    CONSTRAINT events_location_check CHECK ((length(location) <= 1000)),
    CONSTRAINT events_max_attendees_check CHECK ((max_attendees > 0)),
    CONSTRAINT events_platform_check CHECK ((platform = ANY (ARRAY['discord'::text, 'zoom'::text, 'youtube'::text, 'in_person'::text, 'custom'::text]))),
    CONSTRAINT events_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'scheduled'::text, 'live'::text, 'completed'::text, 'cancelled'::text]))),
    CONSTRAINT events_timezone_size CHECK ((char_length(timezone) <= 200)),
    CONSTRAINT events_title_check CHECK (((length(title) >= 1) AND (length(title) <= 255)))
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
    created_by uuid DEFAULT auth.uid(),
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
    CONSTRAINT feedback_attachments_size CHECK (((pg_column_size(attachments) <= 65536) AND
CASE jsonb_typeof(attachments)
    WHEN 'array'::text THEN (jsonb_array_length(attachments) <= 100)
    ELSE true
END)),
    CONSTRAINT feedback_category_size CHECK ((char_length(category) <= 200)),
    CONSTRAINT feedback_check CHECK (((status = ANY (ARRAY['resolved'::text, 'closed'::text])) = (resolved_at IS NOT NULL))),
    CONSTRAINT feedback_content_size CHECK ((char_length(content) <= 40000)),
    CONSTRAINT feedback_priority_check CHECK ((priority = ANY (ARRAY['low'::text, 'normal'::text, 'high'::text, 'urgent'::text]))),
    CONSTRAINT feedback_rating_check CHECK (((rating >= 1) AND (rating <= 5))),
    CONSTRAINT feedback_status_check CHECK ((status = ANY (ARRAY['open'::text, 'in_progress'::text, 'resolved'::text, 'closed'::text]))),
    CONSTRAINT feedback_title_size CHECK ((char_length(title) <= 500)),
    CONSTRAINT feedback_type_check CHECK ((type = ANY (ARRAY['general'::text, 'bug'::text, 'quality'::text, 'feature'::text, 'content'::text])))
);

CREATE TABLE public.generation_inputs (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    generation_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    role text DEFAULT 'input'::text NOT NULL,
    sequence_order integer DEFAULT 0 NOT NULL,
    input_generation_id uuid,
    asset_id uuid,
    asset_url text,
    transform_params jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT generation_inputs_check CHECK ((num_nonnulls(input_generation_id, asset_id, asset_url) >= 1)),
    CONSTRAINT generation_inputs_role_check CHECK ((role = ANY (ARRAY['input'::text, 'video'::text, 'audio'::text, 'image'::text, 'subtitles'::text, 'overlay'::text, 'music'::text, 'reference'::text]))),
    CONSTRAINT generation_inputs_sequence_order_check CHECK ((sequence_order >= 0)),
    CONSTRAINT generation_inputs_transform_params_check CHECK ((jsonb_typeof(transform_params) = 'object'::text))
);

CREATE TABLE public.generation_prices (
    kind text NOT NULL,
    provider text DEFAULT ''::text NOT NULL,
    model text DEFAULT ''::text NOT NULL,
    credits_per_unit bigint NOT NULL,
    usd_per_unit numeric(12,6) DEFAULT 0 NOT NULL,
    unit text DEFAULT 'item'::text NOT NULL,
    CONSTRAINT generation_prices_credits_per_unit_check CHECK ((credits_per_unit >= 0)),
    CONSTRAINT generation_prices_usd_per_unit_check CHECK ((usd_per_unit >= (0)::numeric))
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

ALTER TABLE public.job_logs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.job_logs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.license_catalog (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    project_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    is_available boolean DEFAULT true NOT NULL,
    available_types text[] DEFAULT '{}'::text[] NOT NULL,
    available_territories text[] DEFAULT '{}'::text[] NOT NULL,
    minimum_guarantee_cents bigint,
    royalty_min_percent numeric(5,2),
    royalty_max_percent numeric(5,2),
    brand_guidelines_url text,
    asset_kit_url text,
    description text,
    highlights jsonb DEFAULT '[]'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT license_catalog_asset_kit_url_size CHECK ((char_length(asset_kit_url) <= 2048)),
    CONSTRAINT license_catalog_available_territories_size CHECK (((cardinality(available_territories) <= 100) AND (pg_column_size(available_territories) <= 65536))),
    CONSTRAINT license_catalog_available_types_check CHECK ((available_types <@ ARRAY['merchandise'::text, 'media_adaptation'::text, 'gaming'::text, 'theme_park'::text, 'publishing'::text, 'music'::text])),
    CONSTRAINT license_catalog_available_types_size CHECK (((cardinality(available_types) <= 100) AND (pg_column_size(available_types) <= 65536))),
    CONSTRAINT license_catalog_brand_guidelines_url_size CHECK ((char_length(brand_guidelines_url) <= 2048)),
    CONSTRAINT license_catalog_check CHECK ((royalty_max_percent >= royalty_min_percent)),
    CONSTRAINT license_catalog_description_check CHECK ((length(description) <= 20000)),
    CONSTRAINT license_catalog_highlights_check CHECK ((jsonb_typeof(highlights) = 'array'::text)),
    CONSTRAINT license_catalog_highlights_size CHECK (((pg_column_size(highlights) <= 65536) AND
CASE jsonb_typeof(highlights)
    WHEN 'array'::text THEN (jsonb_array_length(highlights) <= 100)
    ELSE true
END)),
    CONSTRAINT license_catalog_minimum_guarantee_cents_check CHECK ((minimum_guarantee_cents >= 0)),
    CONSTRAINT license_catalog_royalty_max_percent_check CHECK (((royalty_max_percent >= (0)::numeric) AND (royalty_max_percent <= (100)::numeric))),
    CONSTRAINT license_catalog_royalty_min_percent_check CHECK (((royalty_min_percent >= (0)::numeric) AND (royalty_min_percent <= (100)::numeric)))
);

CREATE TABLE public.license_request_notes (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    request_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    author_id uuid DEFAULT auth.uid(),
    note text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT license_request_notes_note_check CHECK (((length(note) >= 1) AND (length(note) <= 5000)))
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
    CONSTRAINT moodboards_ai_prompt_size CHECK ((char_length(ai_prompt) <= 40000)),
    CONSTRAINT moodboards_animation_style_size CHECK ((char_length(animation_style) <= 200)),
    CONSTRAINT moodboards_beat_index_check CHECK ((beat_index >= 0)),
    CONSTRAINT moodboards_beat_name_size CHECK ((char_length(beat_name) <= 200)),
    CONSTRAINT moodboards_color_mood_size CHECK ((char_length(color_mood) <= 200)),
    CONSTRAINT moodboards_description_size CHECK ((char_length(description) <= 40000)),
    CONSTRAINT moodboards_image_url_size CHECK ((char_length(image_url) <= 2048)),
    CONSTRAINT moodboards_lighting_size CHECK ((char_length(lighting) <= 200)),
    CONSTRAINT moodboards_notes_size CHECK ((char_length(notes) <= 40000)),
    CONSTRAINT moodboards_reference_images_size CHECK ((pg_column_size(reference_images) <= 65536)),
    CONSTRAINT moodboards_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'generating'::text, 'ready'::text, 'failed'::text, 'approved'::text])))
);

CREATE TABLE public.notifications (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    type text NOT NULL,
    title text,
    message text,
    reference_type text,
    reference_id uuid,
    actor_id uuid,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    read_at timestamp with time zone,
    read boolean GENERATED ALWAYS AS ((read_at IS NOT NULL)) STORED,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT notifications_check CHECK (((actor_id IS NULL) OR (actor_id <> user_id))),
    CONSTRAINT notifications_message_check CHECK ((length(message) <= 2000)),
    CONSTRAINT notifications_payload_check CHECK ((jsonb_typeof(payload) = 'object'::text)),
    CONSTRAINT notifications_reference_type_check CHECK ((reference_type = ANY (ARRAY['discussion'::text, 'comment'::text, 'content'::text, 'content_comment'::text, 'event'::text, 'order'::text, 'investment'::text, 'campaign'::text, 'badge'::text, 'user'::text, 'license_request'::text, 'license_agreement'::text, 'royalty_report'::text, 'community'::text]))),
    CONSTRAINT notifications_title_check CHECK ((length(title) <= 255)),
    CONSTRAINT notifications_type_check CHECK ((type = ANY (ARRAY['comment_reply'::text, 'mention'::text, 'follow'::text, 'like'::text, 'badge'::text, 'event_reminder'::text, 'investment_update'::text, 'order_update'::text, 'license_update'::text, 'community_update'::text])))
)
WITH (autovacuum_vacuum_scale_factor='0.02', autovacuum_vacuum_insert_scale_factor='0.02', autovacuum_analyze_scale_factor='0.02');

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

CREATE TABLE public.plan_concurrency_limits (
    plan_id text NOT NULL,
    kind text NOT NULL,
    max_running integer NOT NULL,
    CONSTRAINT plan_concurrency_limits_max_running_check CHECK (((max_running >= 1) AND (max_running <= 10000)))
);

COMMENT ON TABLE public.plan_concurrency_limits IS 'Jobs of a kind an organization on the plan runs at once (the rest wait their turn). Readable by everyone.';

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
    generation_id uuid,
    CONSTRAINT plot_overviews_audience_size CHECK ((char_length(audience) <= 40000)),
    CONSTRAINT plot_overviews_generation_cost_check CHECK ((generation_cost >= (0)::numeric)),
    CONSTRAINT plot_overviews_generation_method_size CHECK ((char_length(generation_method) <= 200)),
    CONSTRAINT plot_overviews_genre_size CHECK ((char_length(genre) <= 200)),
    CONSTRAINT plot_overviews_logline_size CHECK ((char_length(logline) <= 500)),
    CONSTRAINT plot_overviews_model_used_size CHECK ((char_length(model_used) <= 200)),
    CONSTRAINT plot_overviews_setting_size CHECK ((char_length(setting) <= 40000)),
    CONSTRAINT plot_overviews_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'generating'::text, 'ready'::text, 'approved'::text, 'failed'::text]))),
    CONSTRAINT plot_overviews_story_type_size CHECK ((char_length(story_type) <= 200)),
    CONSTRAINT plot_overviews_themes_size CHECK (((cardinality(themes) <= 100) AND (pg_column_size(themes) <= 65536))),
    CONSTRAINT plot_overviews_tone_size CHECK ((char_length(tone) <= 40000)),
    CONSTRAINT plot_overviews_version_check CHECK ((version > 0))
);

CREATE TABLE public.product_internals (
    product_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    cost_price_cents bigint,
    digital_file_url text,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT product_internals_cost_price_cents_check CHECK ((cost_price_cents >= 0)),
    CONSTRAINT product_internals_digital_file_url_size CHECK ((char_length(digital_file_url) <= 2048))
);

CREATE TABLE public.product_variants (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    product_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    title text,
    options jsonb NOT NULL,
    price_cents bigint,
    compare_at_price_cents bigint,
    sku text,
    stock_quantity integer DEFAULT 0 NOT NULL,
    allow_backorder boolean DEFAULT false NOT NULL,
    image_url text,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT product_variants_compare_at_price_cents_check CHECK ((compare_at_price_cents >= 0)),
    CONSTRAINT product_variants_image_url_size CHECK ((char_length(image_url) <= 2048)),
    CONSTRAINT product_variants_options_check CHECK ((jsonb_typeof(options) = 'object'::text)),
    CONSTRAINT product_variants_options_size CHECK ((pg_column_size(options) <= 65536)),
    CONSTRAINT product_variants_price_cents_check CHECK ((price_cents >= 0)),
    CONSTRAINT product_variants_sku_check CHECK ((length(sku) <= 100)),
    CONSTRAINT product_variants_stock_check CHECK (((stock_quantity >= 0) OR allow_backorder)),
    CONSTRAINT product_variants_title_check CHECK ((length(title) <= 255))
);

CREATE TABLE public.products (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    created_by uuid,
    name text NOT NULL,
    slug text,
    description text,
    short_description text,
    category text NOT NULL,
    sub_category text,
    price_cents bigint NOT NULL,
    compare_at_price_cents bigint,
    currency text DEFAULT 'usd'::text NOT NULL,
    shipping_cents bigint DEFAULT 0 NOT NULL,
    tax_rate_bps integer DEFAULT 0 NOT NULL,
    sku text,
    barcode text,
    stock_quantity integer DEFAULT 0 NOT NULL,
    low_stock_threshold integer DEFAULT 10 NOT NULL,
    track_inventory boolean DEFAULT true NOT NULL,
    allow_backorder boolean DEFAULT false NOT NULL,
    has_variants boolean DEFAULT false NOT NULL,
    variant_options jsonb DEFAULT '[]'::jsonb NOT NULL,
    images jsonb DEFAULT '[]'::jsonb NOT NULL,
    thumbnail_url text,
    weight_grams integer,
    dimensions jsonb,
    is_digital boolean DEFAULT false NOT NULL,
    status text DEFAULT 'draft'::text NOT NULL,
    visibility text DEFAULT 'public'::text NOT NULL,
    featured boolean DEFAULT false NOT NULL,
    meta_title text,
    meta_description text,
    view_count bigint DEFAULT 0 NOT NULL,
    sold_count bigint DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    stock_level text DEFAULT 'in_stock'::text NOT NULL,
    CONSTRAINT products_barcode_check CHECK ((length(barcode) <= 100)),
    CONSTRAINT products_category_check CHECK ((category = ANY (ARRAY['apparel'::text, 'toys'::text, 'books'::text, 'stationery'::text, 'collectibles'::text, 'digital'::text, 'other'::text]))),
    CONSTRAINT products_compare_at_price_cents_check CHECK ((compare_at_price_cents >= 0)),
    CONSTRAINT products_currency_check CHECK ((currency ~ '^[a-z]{3}$'::text)),
    CONSTRAINT products_description_check CHECK ((length(description) <= 20000)),
    CONSTRAINT products_dimensions_size CHECK ((pg_column_size(dimensions) <= 65536)),
    CONSTRAINT products_images_check CHECK ((jsonb_typeof(images) = 'array'::text)),
    CONSTRAINT products_images_size CHECK (((pg_column_size(images) <= 65536) AND
CASE jsonb_typeof(images)
    WHEN 'array'::text THEN (jsonb_array_length(images) <= 100)
    ELSE true
END)),
    CONSTRAINT products_low_stock_threshold_check CHECK ((low_stock_threshold >= 0)),
    CONSTRAINT products_meta_description_size CHECK ((char_length(meta_description) <= 500)),
    CONSTRAINT products_meta_title_check CHECK ((length(meta_title) <= 255)),
    CONSTRAINT products_name_check CHECK (((length(name) >= 1) AND (length(name) <= 255))),
    CONSTRAINT products_price_cents_check CHECK ((price_cents >= 0)),
    CONSTRAINT products_shipping_cents_check CHECK ((shipping_cents >= 0)),
    CONSTRAINT products_short_description_check CHECK ((length(short_description) <= 500)),
    CONSTRAINT products_sku_check CHECK ((length(sku) <= 100)),
    CONSTRAINT products_slug_check CHECK ((slug ~ '^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$'::text)),
    CONSTRAINT products_sold_count_check CHECK ((sold_count >= 0)),
    CONSTRAINT products_status_check CHECK ((status = ANY (ARRAY['draft'::text, 'active'::text, 'out_of_stock'::text, 'discontinued'::text]))),
    CONSTRAINT products_stock_check CHECK (((stock_quantity >= 0) OR allow_backorder)),
    CONSTRAINT products_stock_level_check CHECK ((stock_level = ANY (ARRAY['untracked'::text, 'in_stock'::text, 'low_stock'::text, 'out_of_stock'::text]))),
    CONSTRAINT products_sub_category_check CHECK ((length(sub_category) <= 100)),
    CONSTRAINT products_tax_rate_bps_check CHECK (((tax_rate_bps >= 0) AND (tax_rate_bps <= 10000))),
    CONSTRAINT products_thumbnail_url_size CHECK ((char_length(thumbnail_url) <= 2048)),
    CONSTRAINT products_variant_options_check CHECK ((jsonb_typeof(variant_options) = 'array'::text)),
    CONSTRAINT products_variant_options_size CHECK (((pg_column_size(variant_options) <= 65536) AND
CASE jsonb_typeof(variant_options)
    WHEN 'array'::text THEN (jsonb_array_length(variant_options) <= 100)
    ELSE true
END)),
    CONSTRAINT products_view_count_check CHECK ((view_count >= 0)),
    CONSTRAINT products_visibility_check CHECK ((visibility = ANY (ARRAY['public'::text, 'unlisted'::text, 'private'::text]))),
    CONSTRAINT products_weight_grams_check CHECK ((weight_grams >= 0))
);

COMMENT ON COLUMN public.products.stock_level IS 'Kept by the database from stock changes (variants summed): untracked, in_stock, low_stock (<= low_stock_threshold), out_of_stock.';

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
    CONSTRAINT project_collaborators_custom_role_title_size CHECK ((char_length(custom_role_title) <= 500)),
    CONSTRAINT project_collaborators_modo_tokens_check CHECK ((modo_tokens >= 0)),
    CONSTRAINT project_collaborators_permissions_check CHECK ((permissions <@ ARRAY['view'::text, 'comment'::text, 'edit'::text, 'generate'::text])),
    CONSTRAINT project_collaborators_permissions_size CHECK (((cardinality(permissions) <= 100) AND (pg_column_size(permissions) <= 65536))),
    CONSTRAINT project_collaborators_role_check CHECK ((role = ANY (ARRAY['director'::text, 'producer'::text, 'writer'::text, 'story_editor'::text, 'artist'::text, 'animator'::text, 'composer'::text, 'voice_actor'::text, 'editor'::text, 'reviewer'::text, 'contributor'::text])))
);

CREATE TABLE public.prompt_ratings (
    prompt_id uuid NOT NULL,
    user_id uuid DEFAULT auth.uid() NOT NULL,
    rating smallint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT prompt_ratings_rating_check CHECK (((rating >= 1) AND (rating <= 5)))
);

CREATE TABLE public.prompt_uses (
    id bigint NOT NULL,
    prompt_id uuid NOT NULL,
    user_id uuid,
    used_at timestamp with time zone DEFAULT now() NOT NULL,
    used_on date GENERATED ALWAYS AS (((used_at AT TIME ZONE 'UTC'::text))::date) STORED
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
    created_by uuid DEFAULT auth.uid(),
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
    CONSTRAINT prompts_content_size CHECK ((char_length(content) <= 40000)),
    CONSTRAINT prompts_rating_count_check CHECK ((rating_count >= 0)),
    CONSTRAINT prompts_rating_sum_check CHECK ((rating_sum >= 0)),
    CONSTRAINT prompts_style_presets_size CHECK ((pg_column_size(style_presets) <= 65536)),
    CONSTRAINT prompts_tags_size CHECK (((cardinality(tags) <= 100) AND (pg_column_size(tags) <= 65536))),
    CONSTRAINT prompts_title_check CHECK (((length(title) >= 1) AND (length(title) <= 200))),
    CONSTRAINT prompts_usage_count_check CHECK ((usage_count >= 0)),
    CONSTRAINT prompts_variables_check CHECK ((jsonb_typeof(variables) = 'array'::text)),
    CONSTRAINT prompts_variables_size CHECK ((pg_column_size(variables) <= 65536))
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
    CONSTRAINT provider_credentials_config_size CHECK ((pg_column_size(config) <= 65536)),
    CONSTRAINT provider_credentials_name_check CHECK (((length(name) >= 1) AND (length(name) <= 100))),
    CONSTRAINT provider_credentials_provider_check CHECK ((provider ~ '^[a-z0-9_]{2,40}$'::text)),
    CONSTRAINT provider_credentials_secret_hint_size CHECK ((char_length(secret_hint) <= 200)),
    CONSTRAINT provider_credentials_status_check CHECK ((status = ANY (ARRAY['active'::text, 'invalid'::text, 'expired'::text, 'revoked'::text]))),
    CONSTRAINT provider_credentials_usage_count_check CHECK ((usage_count >= 0))
);

COMMENT ON TABLE public.provider_credentials IS 'Bring-your-own-key provider credentials. The secret is encrypted in private.provider_secrets; clients see a hint.';

CREATE TABLE public.quiz_completions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid NOT NULL,
    quiz_key text NOT NULL,
    book_id uuid,
    score integer,
    completed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT quiz_completions_quiz_key_check CHECK (((length(quiz_key) >= 1) AND (length(quiz_key) <= 200))),
    CONSTRAINT quiz_completions_score_check CHECK (((score >= 0) AND (score <= 100)))
);

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
    CONSTRAINT stories_age_rating_size CHECK ((char_length(age_rating) <= 200)),
    CONSTRAINT stories_ai_model_used_size CHECK ((char_length(ai_model_used) <= 200)),
    CONSTRAINT stories_conflict_type_size CHECK ((char_length(conflict_type) <= 200)),
    CONSTRAINT stories_content_size CHECK ((char_length(content) <= 200000)),
    CONSTRAINT stories_duration_size CHECK ((char_length(duration) <= 200)),
    CONSTRAINT stories_ending_type_size CHECK ((char_length(ending_type) <= 200)),
    CONSTRAINT stories_episode_count_check CHECK ((episode_count > 0)),
    CONSTRAINT stories_episode_duration_check CHECK ((episode_duration > 0)),
    CONSTRAINT stories_estimated_duration_check CHECK ((estimated_duration >= 0)),
    CONSTRAINT stories_format_size CHECK ((char_length(format) <= 200)),
    CONSTRAINT stories_generated_script_size CHECK ((char_length(generated_script) <= 200000)),
    CONSTRAINT stories_generation_metadata_size CHECK ((pg_column_size(generation_metadata) <= 65536)),
    CONSTRAINT stories_genre_size CHECK ((char_length(genre) <= 200)),
    CONSTRAINT stories_global_synopsis_size CHECK ((char_length(global_synopsis) <= 40000)),
    CONSTRAINT stories_intensity_size CHECK ((char_length(intensity) <= 200)),
    CONSTRAINT stories_key_actions_size CHECK ((pg_column_size(key_actions) <= 65536)),
    CONSTRAINT stories_keywords_size CHECK (((cardinality(keywords) <= 100) AND (pg_column_size(keywords) <= 65536))),
    CONSTRAINT stories_local_values_size CHECK ((char_length(local_values) <= 40000)),
    CONSTRAINT stories_logline_size CHECK ((char_length(logline) <= 500)),
    CONSTRAINT stories_moral_values_size CHECK ((char_length(moral_values) <= 40000)),
    CONSTRAINT stories_plot_size CHECK ((char_length(plot) <= 40000)),
    CONSTRAINT stories_premise_size CHECK ((char_length(premise) <= 40000)),
    CONSTRAINT stories_prompt_used_size CHECK ((char_length(prompt_used) <= 40000)),
    CONSTRAINT stories_story_type_size CHECK ((char_length(story_type) <= 200)),
    CONSTRAINT stories_structure_beats_size CHECK ((pg_column_size(structure_beats) <= 65536)),
    CONSTRAINT stories_structure_size CHECK ((char_length(structure) <= 40000)),
    CONSTRAINT stories_structured_content_size CHECK ((pg_column_size(structured_content) <= 1048576)),
    CONSTRAINT stories_sub_genre_size CHECK ((char_length(sub_genre) <= 200)),
    CONSTRAINT stories_sub_theme_size CHECK ((char_length(sub_theme) <= 40000)),
    CONSTRAINT stories_synopsis_size CHECK ((char_length(synopsis) <= 40000)),
    CONSTRAINT stories_target_audience_size CHECK ((char_length(target_audience) <= 40000)),
    CONSTRAINT stories_target_market_size CHECK ((char_length(target_market) <= 40000)),
    CONSTRAINT stories_theme_size CHECK ((char_length(theme) <= 40000)),
    CONSTRAINT stories_title_size CHECK ((char_length(title) <= 500)),
    CONSTRAINT stories_tone_size CHECK ((char_length(tone) <= 40000)),
    CONSTRAINT stories_twist_size CHECK ((char_length(twist) <= 40000)),
    CONSTRAINT stories_want_need_matrix_size CHECK ((pg_column_size(want_need_matrix) <= 65536))
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

CREATE TABLE public.template_versions (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    template_id uuid NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    version integer NOT NULL,
    name text NOT NULL,
    aspect text NOT NULL,
    resolution text NOT NULL,
    spec jsonb NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT template_versions_version_check CHECK ((version > 0))
);

CREATE TABLE public.templates (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    organization_id uuid NOT NULL,
    project_id uuid,
    name text NOT NULL,
    description text,
    aspect text NOT NULL,
    resolution text NOT NULL,
    is_public boolean DEFAULT false NOT NULL,
    thumbnail_url text,
    spec jsonb NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    usage_count bigint DEFAULT 0 NOT NULL,
    created_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    deleted_at timestamp with time zone,
    CONSTRAINT templates_aspect_check CHECK ((aspect = ANY (ARRAY['9:16'::text, '16:9'::text, '1:1'::text, '4:5'::text]))),
    CONSTRAINT templates_description_check CHECK ((length(description) <= 4000)),
    CONSTRAINT templates_name_check CHECK (((length(name) >= 1) AND (length(name) <= 200))),
    CONSTRAINT templates_resolution_check CHECK ((resolution ~ '^[1-9][0-9]{1,3}x[1-9][0-9]{1,3}$'::text)),
    CONSTRAINT templates_spec_check CHECK ((jsonb_typeof(spec) = 'object'::text)),
    CONSTRAINT templates_spec_size CHECK ((pg_column_size(spec) <= 1048576)),
    CONSTRAINT templates_thumbnail_url_check CHECK ((length(thumbnail_url) <= 2000)),
    CONSTRAINT templates_usage_count_check CHECK ((usage_count >= 0)),
    CONSTRAINT templates_version_check CHECK ((version > 0))
);

CREATE VIEW public.trending_contents WITH (security_invoker='true') AS
 SELECT c.id AS content_id,
    c.title,
    c.slug,
    c.type,
    c.genre,
    c.visibility,
    c.poster_url,
    c.thumbnail_url,
    c.average_rating,
    t.viewers_7d,
    t.likes_7d,
    t.completions_7d,
    t.trending_score,
    t.trending_rank
   FROM (private.content_trending t
     JOIN public.contents c ON ((c.id = t.content_id)))
  WHERE (c.status = 'published'::text);

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
    deleted_at timestamp with time zone,
    CONSTRAINT universes_description_size CHECK ((char_length(description) <= 40000)),
    CONSTRAINT universes_environment_size CHECK ((pg_column_size(environment) <= 65536)),
    CONSTRAINT universes_history_size CHECK ((char_length(history) <= 40000)),
    CONSTRAINT universes_name_size CHECK ((char_length(name) <= 200)),
    CONSTRAINT universes_private_systems_size CHECK ((pg_column_size(private_systems) <= 65536)),
    CONSTRAINT universes_public_systems_size CHECK ((pg_column_size(public_systems) <= 65536)),
    CONSTRAINT universes_rules_size CHECK ((pg_column_size(rules) <= 65536)),
    CONSTRAINT universes_visualizations_size CHECK ((pg_column_size(visualizations) <= 65536))
);

CREATE TABLE public.user_follows (
    follower_id uuid DEFAULT auth.uid() NOT NULL,
    following_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT user_follows_check CHECK ((follower_id <> following_id))
);

CREATE TABLE public.user_progress (
    user_id uuid NOT NULL,
    total_xp bigint DEFAULT 0 NOT NULL,
    level integer GENERATED ALWAYS AS (((floor(sqrt(((total_xp)::numeric / 100.0))))::integer + 1)) STORED,
    videos_created integer DEFAULT 0 NOT NULL,
    books_uploaded integer DEFAULT 0 NOT NULL,
    quizzes_completed integer DEFAULT 0 NOT NULL,
    posts_created integer DEFAULT 0 NOT NULL,
    comments_created integer DEFAULT 0 NOT NULL,
    total_spent_cents bigint DEFAULT 0 NOT NULL,
    achievements jsonb DEFAULT '[]'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT user_progress_achievements_check CHECK ((jsonb_typeof(achievements) = 'array'::text)),
    CONSTRAINT user_progress_books_uploaded_check CHECK ((books_uploaded >= 0)),
    CONSTRAINT user_progress_comments_created_check CHECK ((comments_created >= 0)),
    CONSTRAINT user_progress_posts_created_check CHECK ((posts_created >= 0)),
    CONSTRAINT user_progress_quizzes_completed_check CHECK ((quizzes_completed >= 0)),
    CONSTRAINT user_progress_total_spent_cents_check CHECK ((total_spent_cents >= 0)),
    CONSTRAINT user_progress_total_xp_check CHECK ((total_xp >= 0)),
    CONSTRAINT user_progress_videos_created_check CHECK ((videos_created >= 0))
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

CREATE TABLE public.watchlists (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid DEFAULT auth.uid() NOT NULL,
    content_id uuid NOT NULL,
    added_at timestamp with time zone DEFAULT now() NOT NULL
);

ALTER TABLE public.webhook_deliveries ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.webhook_deliveries_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
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
    CONSTRAINT webhooks_description_size CHECK ((char_length(description) <= 40000)),
    CONSTRAINT webhooks_events_check CHECK ((array_position(events, NULL::text) IS NULL)),
    CONSTRAINT webhooks_events_size CHECK (((cardinality(events) <= 100) AND (pg_column_size(events) <= 65536))),
    CONSTRAINT webhooks_failure_count_check CHECK ((failure_count >= 0)),
    CONSTRAINT webhooks_url_size CHECK ((char_length(url) <= 2048))
);

CREATE TABLE public.workflow_node_types (
    type text NOT NULL,
    kind text NOT NULL,
    description text NOT NULL,
    inputs jsonb DEFAULT '{}'::jsonb NOT NULL,
    outputs jsonb NOT NULL,
    required_params text[] DEFAULT '{}'::text[] NOT NULL,
    defaults jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT workflow_node_types_defaults_check CHECK ((jsonb_typeof(defaults) = 'object'::text)),
    CONSTRAINT workflow_node_types_inputs_check CHECK ((jsonb_typeof(inputs) = 'object'::text)),
    CONSTRAINT workflow_node_types_outputs_check CHECK ((jsonb_typeof(outputs) = 'object'::text)),
    CONSTRAINT workflow_node_types_type_check CHECK ((type ~ '^[A-Z][A-Za-z]+\.[A-Z][A-Za-z]+$'::text))
);

CREATE TABLE storage.buckets (
    id text NOT NULL,
    name text NOT NULL,
    owner uuid,
    owner_id text,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    public boolean DEFAULT false,
    avif_autodetection boolean DEFAULT false,
    file_size_limit bigint,
    allowed_mime_types text[]
);

CREATE TABLE storage.objects (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    bucket_id text,
    name text,
    owner uuid,
    owner_id text,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    last_accessed_at timestamp with time zone DEFAULT now(),
    metadata jsonb,
    path_tokens text[] GENERATED ALWAYS AS (string_to_array(name, '/'::text)) STORED,
    version text,
    user_metadata jsonb
);

ALTER TABLE ONLY public.audit_logs ATTACH PARTITION private.audit_logs_default DEFAULT;

ALTER TABLE ONLY public.job_logs ATTACH PARTITION private.job_logs_default DEFAULT;

ALTER TABLE ONLY public.usage_events ATTACH PARTITION private.usage_events_default DEFAULT;

ALTER TABLE ONLY public.webhook_deliveries ATTACH PARTITION private.webhook_deliveries_default DEFAULT;

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

ALTER TABLE ONLY private.content_match_scores
    ADD CONSTRAINT content_match_scores_pkey PRIMARY KEY (user_id, content_id);

ALTER TABLE ONLY private.content_trending
    ADD CONSTRAINT content_trending_pkey PRIMARY KEY (content_id);

ALTER TABLE ONLY private.daily_counts
    ADD CONSTRAINT daily_counts_pkey PRIMARY KEY (subject, subject_id, counter, user_id, counted_on);

ALTER TABLE ONLY private.duties
    ADD CONSTRAINT duties_pkey PRIMARY KEY (name);

ALTER TABLE ONLY private.film_shares
    ADD CONSTRAINT film_shares_pkey PRIMARY KEY (id);

ALTER TABLE ONLY private.film_shares
    ADD CONSTRAINT film_shares_token_hash_key UNIQUE (token_hash);

ALTER TABLE ONLY private.invitation_tokens
    ADD CONSTRAINT invitation_tokens_pkey PRIMARY KEY (invitation_id);

ALTER TABLE ONLY private.invitation_tokens
    ADD CONSTRAINT invitation_tokens_token_hash_key UNIQUE (token_hash);

ALTER TABLE ONLY public.job_logs
    ADD CONSTRAINT job_logs_pkey PRIMARY KEY (id, created_at);

ALTER TABLE ONLY private.job_logs_default
    ADD CONSTRAINT job_logs_default_pkey PRIMARY KEY (id, created_at);

ALTER TABLE ONLY private.job_queue
    ADD CONSTRAINT job_queue_generation_id_key UNIQUE (generation_id);

ALTER TABLE ONLY private.job_queue
    ADD CONSTRAINT job_queue_pkey PRIMARY KEY (id);

ALTER TABLE ONLY private.keyring
    ADD CONSTRAINT keyring_pkey PRIMARY KEY (id);

ALTER TABLE ONLY private.leader_leases
    ADD CONSTRAINT leader_leases_pkey PRIMARY KEY (role);

ALTER TABLE ONLY private.leader_leases
    ADD CONSTRAINT leader_leases_role_token_key UNIQUE (role, token);

ALTER TABLE ONLY private.organization_concurrency_limits
    ADD CONSTRAINT organization_concurrency_limits_pkey PRIMARY KEY (organization_id, kind);

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

ALTER TABLE ONLY private.viewer_tastes
    ADD CONSTRAINT viewer_tastes_pkey PRIMARY KEY (user_id);

ALTER TABLE ONLY public.webhook_deliveries
    ADD CONSTRAINT webhook_deliveries_pkey PRIMARY KEY (id, created_at);

ALTER TABLE ONLY private.webhook_deliveries_default
    ADD CONSTRAINT webhook_deliveries_default_pkey PRIMARY KEY (id, created_at);

ALTER TABLE ONLY private.webhook_outbox
    ADD CONSTRAINT webhook_outbox_pkey PRIMARY KEY (id);

ALTER TABLE ONLY private.webhook_outbox
    ADD CONSTRAINT webhook_outbox_webhook_id_event_id_key UNIQUE (webhook_id, event_id);

ALTER TABLE ONLY private.webhook_secrets
    ADD CONSTRAINT webhook_secrets_pkey PRIMARY KEY (webhook_id);

ALTER TABLE ONLY private.worker_heartbeats
    ADD CONSTRAINT worker_heartbeats_pkey PRIMARY KEY (worker_id);

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
    ADD CONSTRAINT assets_storage_path_key UNIQUE NULLS NOT DISTINCT (organization_id, storage_provider, storage_bucket, storage_path);

ALTER TABLE ONLY public.badges
    ADD CONSTRAINT badges_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.book_structure
    ADD CONSTRAINT book_structure_book_id_key UNIQUE (book_id);

ALTER TABLE ONLY public.book_structure
    ADD CONSTRAINT book_structure_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.books
    ADD CONSTRAINT books_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.brand_policies
    ADD CONSTRAINT brand_policies_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.campaign_updates
    ADD CONSTRAINT campaign_updates_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.campaigns
    ADD CONSTRAINT campaigns_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.campaigns
    ADD CONSTRAINT campaigns_slug_key UNIQUE (slug);

ALTER TABLE ONLY public.cart_items
    ADD CONSTRAINT cart_items_cart_id_product_id_variant_id_key UNIQUE NULLS NOT DISTINCT (cart_id, product_id, variant_id);

ALTER TABLE ONLY public.cart_items
    ADD CONSTRAINT cart_items_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.carts
    ADD CONSTRAINT carts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.carts
    ADD CONSTRAINT carts_user_id_key UNIQUE (user_id);

ALTER TABLE ONLY public.chapter_embeddings
    ADD CONSTRAINT chapter_embeddings_pkey PRIMARY KEY (chapter_id, passage_no);

ALTER TABLE ONLY public.chapter_scripts
    ADD CONSTRAINT chapter_scripts_generation_id_key UNIQUE (generation_id);

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

ALTER TABLE ONLY public.communities
    ADD CONSTRAINT communities_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.communities
    ADD CONSTRAINT communities_slug_key UNIQUE (slug);

ALTER TABLE ONLY public.community_members
    ADD CONSTRAINT community_members_community_id_user_id_key UNIQUE (community_id, user_id);

ALTER TABLE ONLY public.community_members
    ADD CONSTRAINT community_members_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.content_categories
    ADD CONSTRAINT content_categories_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.content_categories
    ADD CONSTRAINT content_categories_slug_key UNIQUE (slug);

ALTER TABLE ONLY public.content_category_items
    ADD CONSTRAINT content_category_items_pkey PRIMARY KEY (content_id, category_id);

ALTER TABLE ONLY public.content_completions
    ADD CONSTRAINT content_completions_user_id_content_id_episode_id_completed_key UNIQUE NULLS NOT DISTINCT (user_id, content_id, episode_id, completed_on);

ALTER TABLE ONLY public.content_daily_stats
    ADD CONSTRAINT content_daily_stats_pkey PRIMARY KEY (content_id, day);

ALTER TABLE ONLY public.content_episodes
    ADD CONSTRAINT content_episodes_content_id_season_number_episode_number_key UNIQUE (content_id, season_number, episode_number);

ALTER TABLE ONLY public.content_episodes
    ADD CONSTRAINT content_episodes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.content_likes
    ADD CONSTRAINT content_likes_pkey PRIMARY KEY (user_id, content_id);

ALTER TABLE ONLY public.content_ratings
    ADD CONSTRAINT content_ratings_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.content_ratings
    ADD CONSTRAINT content_ratings_user_id_content_id_key UNIQUE (user_id, content_id);

ALTER TABLE ONLY public.content_seasons
    ADD CONSTRAINT content_seasons_content_id_season_number_key UNIQUE (content_id, season_number);

ALTER TABLE ONLY public.content_seasons
    ADD CONSTRAINT content_seasons_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.content_views
    ADD CONSTRAINT content_views_user_id_content_id_episode_id_viewed_on_key UNIQUE NULLS NOT DISTINCT (user_id, content_id, episode_id, viewed_on);

ALTER TABLE ONLY public.contents
    ADD CONSTRAINT contents_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.contents
    ADD CONSTRAINT contents_slug_key UNIQUE (slug);

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
    ADD CONSTRAINT credit_transactions_idempotency_key_key UNIQUE (key_source, idempotency_key, organization_id);

ALTER TABLE ONLY public.credit_transactions
    ADD CONSTRAINT credit_transactions_pkey PRIMARY KEY (organization_id, id);

ALTER TABLE ONLY public.daily_spend
    ADD CONSTRAINT daily_spend_pkey PRIMARY KEY (organization_id, day);

ALTER TABLE ONLY public.discount_codes
    ADD CONSTRAINT discount_codes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.discussion_comments
    ADD CONSTRAINT discussion_comments_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.discussion_poll_votes
    ADD CONSTRAINT discussion_poll_votes_pkey PRIMARY KEY (discussion_id, user_id);

ALTER TABLE ONLY public.discussion_votes
    ADD CONSTRAINT discussion_votes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.discussion_votes
    ADD CONSTRAINT discussion_votes_user_id_comment_id_key UNIQUE (user_id, comment_id);

ALTER TABLE ONLY public.discussion_votes
    ADD CONSTRAINT discussion_votes_user_id_discussion_id_key UNIQUE (user_id, discussion_id);

ALTER TABLE ONLY public.discussions
    ADD CONSTRAINT discussions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.event_rsvps
    ADD CONSTRAINT event_rsvps_event_id_user_id_key UNIQUE (event_id, user_id);

ALTER TABLE ONLY public.event_rsvps
    ADD CONSTRAINT event_rsvps_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.fan_content_comments
    ADD CONSTRAINT fan_content_comments_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.fan_content_likes
    ADD CONSTRAINT fan_content_likes_pkey PRIMARY KEY (user_id, content_id);

ALTER TABLE ONLY public.fan_contents
    ADD CONSTRAINT fan_contents_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.feature_flags
    ADD CONSTRAINT feature_flags_key_key UNIQUE (key);

ALTER TABLE ONLY public.feature_flags
    ADD CONSTRAINT feature_flags_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.feedback
    ADD CONSTRAINT feedback_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.generation_inputs
    ADD CONSTRAINT generation_inputs_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.generation_kinds
    ADD CONSTRAINT generation_kinds_pkey PRIMARY KEY (kind);

ALTER TABLE ONLY public.generation_prices
    ADD CONSTRAINT generation_prices_pkey PRIMARY KEY (kind, provider, model);

ALTER TABLE ONLY public.generations
    ADD CONSTRAINT generations_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.investment_tiers
    ADD CONSTRAINT investment_tiers_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.investments
    ADD CONSTRAINT investments_payment_reference_key UNIQUE (payment_reference);

ALTER TABLE ONLY public.investments
    ADD CONSTRAINT investments_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.investments
    ADD CONSTRAINT investments_user_id_idempotency_key_key UNIQUE (user_id, idempotency_key);

ALTER TABLE ONLY public.investor_payouts
    ADD CONSTRAINT investor_payouts_distribution_id_investment_id_key UNIQUE (distribution_id, investment_id);

ALTER TABLE ONLY public.investor_payouts
    ADD CONSTRAINT investor_payouts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.investor_rewards
    ADD CONSTRAINT investor_rewards_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_stripe_invoice_id_key UNIQUE (stripe_invoice_id);

ALTER TABLE ONLY public.license_agreements
    ADD CONSTRAINT license_agreements_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.license_agreements
    ADD CONSTRAINT license_agreements_request_id_key UNIQUE (request_id);

ALTER TABLE ONLY public.license_catalog
    ADD CONSTRAINT license_catalog_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.license_catalog
    ADD CONSTRAINT license_catalog_project_id_key UNIQUE (project_id);

ALTER TABLE ONLY public.license_request_notes
    ADD CONSTRAINT license_request_notes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.license_requests
    ADD CONSTRAINT license_requests_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.model_metrics
    ADD CONSTRAINT model_metrics_pkey PRIMARY KEY (model_name, provider, date);

ALTER TABLE ONLY public.moodboards
    ADD CONSTRAINT moodboards_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.nfts
    ADD CONSTRAINT nfts_asset_id_key UNIQUE (asset_id);

ALTER TABLE ONLY public.nfts
    ADD CONSTRAINT nfts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.nfts
    ADD CONSTRAINT nfts_user_badge_id_key UNIQUE (user_badge_id);

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT notifications_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_order_number_key UNIQUE (order_number);

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_stripe_checkout_session_id_key UNIQUE (stripe_checkout_session_id);

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

ALTER TABLE ONLY public.plan_concurrency_limits
    ADD CONSTRAINT plan_concurrency_limits_pkey PRIMARY KEY (plan_id, kind);

ALTER TABLE ONLY public.plans
    ADD CONSTRAINT plans_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.plans
    ADD CONSTRAINT plans_stripe_price_id_monthly_key UNIQUE (stripe_price_id_monthly);

ALTER TABLE ONLY public.plans
    ADD CONSTRAINT plans_stripe_price_id_yearly_key UNIQUE (stripe_price_id_yearly);

ALTER TABLE ONLY public.plot_overviews
    ADD CONSTRAINT plot_overviews_generation_id_key UNIQUE (generation_id);

ALTER TABLE ONLY public.plot_overviews
    ADD CONSTRAINT plot_overviews_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.product_internals
    ADD CONSTRAINT product_internals_pkey PRIMARY KEY (product_id);

ALTER TABLE ONLY public.product_variants
    ADD CONSTRAINT product_variants_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.product_variants
    ADD CONSTRAINT product_variants_product_id_sku_key UNIQUE (product_id, sku);

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_sku_key UNIQUE (sku);

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_slug_key UNIQUE (slug);

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

ALTER TABLE ONLY public.quiz_completions
    ADD CONSTRAINT quiz_completions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.quiz_completions
    ADD CONSTRAINT quiz_completions_user_id_quiz_key_key UNIQUE (user_id, quiz_key);

ALTER TABLE ONLY public.quota_limits
    ADD CONSTRAINT quota_limits_organization_id_period_start_key UNIQUE (organization_id, period_start);

ALTER TABLE ONLY public.quota_limits
    ADD CONSTRAINT quota_limits_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.revenue_distributions
    ADD CONSTRAINT revenue_distributions_no_overlap EXCLUDE USING gist (campaign_id WITH =, daterange(period_start, period_end, '[]'::text) WITH &&);

ALTER TABLE ONLY public.revenue_distributions
    ADD CONSTRAINT revenue_distributions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.royalty_reports
    ADD CONSTRAINT royalty_reports_no_overlap EXCLUDE USING gist (agreement_id WITH =, daterange(period_start, period_end, '[]'::text) WITH &&);

ALTER TABLE ONLY public.royalty_reports
    ADD CONSTRAINT royalty_reports_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.scenes
    ADD CONSTRAINT scenes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.schedules
    ADD CONSTRAINT schedules_pkey PRIMARY KEY (id);

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

ALTER TABLE ONLY public.template_versions
    ADD CONSTRAINT template_versions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.template_versions
    ADD CONSTRAINT template_versions_template_id_version_key UNIQUE (template_id, version);

ALTER TABLE ONLY public.templates
    ADD CONSTRAINT templates_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.universes
    ADD CONSTRAINT universes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.user_badges
    ADD CONSTRAINT user_badges_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.user_badges
    ADD CONSTRAINT user_badges_user_id_badge_id_key UNIQUE (user_id, badge_id);

ALTER TABLE ONLY public.user_follows
    ADD CONSTRAINT user_follows_pkey PRIMARY KEY (follower_id, following_id);

ALTER TABLE ONLY public.user_progress
    ADD CONSTRAINT user_progress_pkey PRIMARY KEY (user_id);

ALTER TABLE ONLY public.user_roles
    ADD CONSTRAINT user_roles_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.user_roles
    ADD CONSTRAINT user_roles_user_id_role_name_key UNIQUE (user_id, role_name);

ALTER TABLE ONLY public.versions
    ADD CONSTRAINT versions_entity_type_entity_id_version_number_key UNIQUE (entity_type, entity_id, version_number);

ALTER TABLE ONLY public.versions
    ADD CONSTRAINT versions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.watch_history
    ADD CONSTRAINT watch_history_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.watch_history
    ADD CONSTRAINT watch_history_user_id_content_id_episode_id_key UNIQUE NULLS NOT DISTINCT (user_id, content_id, episode_id);

ALTER TABLE ONLY public.watchlists
    ADD CONSTRAINT watchlists_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.watchlists
    ADD CONSTRAINT watchlists_user_id_content_id_key UNIQUE (user_id, content_id);

ALTER TABLE ONLY public.webhooks
    ADD CONSTRAINT webhooks_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.workflow_node_types
    ADD CONSTRAINT workflow_node_types_pkey PRIMARY KEY (type);

ALTER TABLE ONLY public.workflow_runs
    ADD CONSTRAINT workflow_runs_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.workflow_versions
    ADD CONSTRAINT workflow_versions_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.workflow_versions
    ADD CONSTRAINT workflow_versions_workflow_id_version_key UNIQUE (workflow_id, version);

ALTER TABLE ONLY public.workflows
    ADD CONSTRAINT workflows_pkey PRIMARY KEY (id);

ALTER TABLE ONLY storage.buckets
    ADD CONSTRAINT buckets_pkey PRIMARY KEY (id);

ALTER TABLE ONLY storage.objects
    ADD CONSTRAINT objects_pkey PRIMARY KEY (id);

CREATE UNIQUE INDEX daily_usage_organization_day_key ON analytics.daily_usage USING btree (organization_id, day);

CREATE INDEX users_email_idx ON auth.users USING btree (email);

CREATE INDEX audit_logs_organization_created_idx ON ONLY public.audit_logs USING btree (organization_id, created_at DESC);

CREATE INDEX audit_logs_default_organization_id_created_at_idx ON private.audit_logs_default USING btree (organization_id, created_at DESC);

CREATE INDEX content_match_scores_ranking_idx ON private.content_match_scores USING btree (user_id, match_score DESC, content_id);

CREATE INDEX content_trending_rank_idx ON private.content_trending USING btree (trending_rank, content_id);

CREATE INDEX film_shares_asset_idx ON private.film_shares USING btree (asset_id, expires_at) WHERE (revoked_at IS NULL);

CREATE INDEX film_shares_organization_idx ON private.film_shares USING btree (organization_id);

CREATE INDEX job_logs_created_idx ON ONLY public.job_logs USING btree (created_at, level);

CREATE INDEX job_logs_default_created_at_level_idx ON private.job_logs_default USING btree (created_at, level);

CREATE INDEX job_logs_generation_idx ON ONLY public.job_logs USING btree (generation_id, created_at);

CREATE INDEX job_logs_default_generation_id_created_at_idx ON private.job_logs_default USING btree (generation_id, created_at);

CREATE INDEX job_logs_organization_idx ON ONLY public.job_logs USING btree (organization_id, created_at DESC);

CREATE INDEX job_logs_default_organization_id_created_at_idx ON private.job_logs_default USING btree (organization_id, created_at DESC);

CREATE INDEX job_logs_project_idx ON ONLY public.job_logs USING btree (project_id) WHERE (project_id IS NOT NULL);

CREATE INDEX job_logs_default_project_id_idx ON private.job_logs_default USING btree (project_id) WHERE (project_id IS NOT NULL);

CREATE INDEX job_queue_lease_idx ON private.job_queue USING btree (lease_expires_at) WHERE (state = 'running'::text);

CREATE INDEX job_queue_ready_idx ON private.job_queue USING btree (kind, organization_id, priority DESC, run_after, id) WHERE (state = 'ready'::text);

CREATE INDEX job_queue_running_idx ON private.job_queue USING btree (kind, organization_id) WHERE (state = 'running'::text);

CREATE INDEX stripe_events_deferred_idx ON private.stripe_events USING btree (((((payload -> 'data'::text) -> 'object'::text) ->> 'payment_intent'::text))) WHERE (outcome = 'deferred'::text);

CREATE INDEX usage_events_organization_idx ON ONLY public.usage_events USING btree (organization_id, occurred_at DESC);

CREATE INDEX usage_events_default_organization_id_occurred_at_idx ON private.usage_events_default USING btree (organization_id, occurred_at DESC);

CREATE INDEX viewer_tastes_refreshed_at_idx ON private.viewer_tastes USING btree (refreshed_at);

CREATE INDEX viewer_tastes_stale_idx ON private.viewer_tastes USING btree (user_id) WHERE stale;

CREATE INDEX webhook_deliveries_organization_idx ON ONLY public.webhook_deliveries USING btree (organization_id, created_at DESC);

CREATE INDEX webhook_deliveries_default_organization_id_created_at_idx ON private.webhook_deliveries_default USING btree (organization_id, created_at DESC);

CREATE INDEX webhook_deliveries_webhook_idx ON ONLY public.webhook_deliveries USING btree (webhook_id, created_at DESC);

CREATE INDEX webhook_deliveries_default_webhook_id_created_at_idx ON private.webhook_deliveries_default USING btree (webhook_id, created_at DESC);

CREATE INDEX webhook_outbox_due_idx ON private.webhook_outbox USING btree (next_attempt_at);

CREATE INDEX animations_project_idx ON public.animations USING btree (project_id, beat_index);

CREATE INDEX api_keys_organization_idx ON public.api_keys USING btree (organization_id);

CREATE INDEX asset_versions_organization_idx ON public.asset_versions USING btree (organization_id);

CREATE INDEX assets_organization_idx ON public.assets USING btree (organization_id, created_at DESC);

CREATE INDEX assets_project_idx ON public.assets USING btree (project_id);

CREATE INDEX assets_storage_orphans_idx ON public.assets USING btree (COALESCE(deleted_at, updated_at)) WHERE ((storage_purged_at IS NULL) AND ((deleted_at IS NOT NULL) OR (status = 'failed'::text)));

CREATE INDEX badges_community_idx ON public.badges USING btree (community_id) WHERE is_active;

CREATE UNIQUE INDEX badges_name_key ON public.badges USING btree (COALESCE(community_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));

CREATE INDEX badges_platform_criteria_idx ON public.badges USING btree (criteria_type) WHERE ((community_id IS NULL) AND is_active);

CREATE INDEX books_organization_idx ON public.books USING btree (organization_id);

CREATE INDEX books_project_idx ON public.books USING btree (project_id);

CREATE UNIQUE INDEX brand_policies_default_key ON public.brand_policies USING btree (organization_id) WHERE (is_default AND (deleted_at IS NULL));

CREATE INDEX brand_policies_organization_idx ON public.brand_policies USING btree (organization_id);

CREATE INDEX brand_policies_project_idx ON public.brand_policies USING btree (project_id);

CREATE INDEX campaign_updates_campaign_idx ON public.campaign_updates USING btree (campaign_id, created_at DESC);

CREATE INDEX campaign_updates_organization_idx ON public.campaign_updates USING btree (organization_id);

CREATE INDEX campaigns_ending_idx ON public.campaigns USING btree (end_date) WHERE (status = 'active'::text);

CREATE INDEX campaigns_organization_idx ON public.campaigns USING btree (organization_id);

CREATE INDEX campaigns_project_idx ON public.campaigns USING btree (project_id);

CREATE INDEX campaigns_status_idx ON public.campaigns USING btree (status);

CREATE INDEX cart_items_product_idx ON public.cart_items USING btree (product_id);

CREATE INDEX cart_items_user_idx ON public.cart_items USING btree (user_id);

CREATE INDEX cart_items_variant_idx ON public.cart_items USING btree (variant_id);

CREATE INDEX chapter_embeddings_book_idx ON public.chapter_embeddings USING btree (book_id);

CREATE INDEX chapter_embeddings_hnsw_idx ON public.chapter_embeddings USING hnsw (embedding extensions.halfvec_cosine_ops) WITH (m='16', ef_construction='128');

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

CREATE INDEX characters_generation_idx ON public.characters USING btree (generation_id) WHERE (generation_id IS NOT NULL);

CREATE INDEX characters_organization_idx ON public.characters USING btree (organization_id);

CREATE INDEX characters_project_idx ON public.characters USING btree (project_id);

CREATE INDEX communities_organization_idx ON public.communities USING btree (organization_id);

CREATE INDEX communities_project_idx ON public.communities USING btree (project_id);

CREATE INDEX communities_public_idx ON public.communities USING btree (id) WHERE ((visibility = 'public'::text) AND (status <> 'banned'::text));

CREATE INDEX community_members_user_idx ON public.community_members USING btree (user_id, community_id);

CREATE INDEX content_category_items_category_idx ON public.content_category_items USING btree (category_id);

CREATE INDEX content_completions_content_idx ON public.content_completions USING btree (content_id, completed_on);

CREATE INDEX content_daily_stats_day_idx ON public.content_daily_stats USING btree (day, content_id);

CREATE INDEX content_episodes_content_idx ON public.content_episodes USING btree (content_id);

CREATE INDEX content_episodes_organization_idx ON public.content_episodes USING btree (organization_id);

CREATE INDEX content_episodes_season_idx ON public.content_episodes USING btree (season_id);

CREATE INDEX content_likes_content_idx ON public.content_likes USING btree (content_id);

CREATE INDEX content_ratings_content_idx ON public.content_ratings USING btree (content_id, created_at DESC);

CREATE INDEX content_seasons_organization_idx ON public.content_seasons USING btree (organization_id);

CREATE INDEX content_views_content_idx ON public.content_views USING btree (content_id, viewed_on);

CREATE INDEX contents_embedding_pending_idx ON public.contents USING btree (created_at) WHERE (embedding IS NULL);

CREATE INDEX contents_genre_idx ON public.contents USING btree (genre);

CREATE INDEX contents_organization_idx ON public.contents USING btree (organization_id);

CREATE INDEX contents_project_idx ON public.contents USING btree (project_id);

CREATE INDEX contents_published_at_idx ON public.contents USING btree (published_at DESC NULLS LAST);

CREATE INDEX contents_status_idx ON public.contents USING btree (status);

CREATE INDEX contents_type_idx ON public.contents USING btree (type);

CREATE INDEX credit_balances_next_reset_idx ON public.credit_balances USING btree (next_reset_at);

CREATE INDEX credit_holds_expiry_idx ON public.credit_holds USING btree (expires_at) WHERE (status = 'pending'::text);

CREATE INDEX credit_holds_organization_idx ON public.credit_holds USING btree (organization_id, created_at DESC);

CREATE UNIQUE INDEX discount_codes_code_key ON public.discount_codes USING btree (organization_id, upper(code));

CREATE INDEX discussion_comments_author_idx ON public.discussion_comments USING btree (author_id);

CREATE INDEX discussion_comments_community_idx ON public.discussion_comments USING btree (community_id);

CREATE INDEX discussion_comments_discussion_idx ON public.discussion_comments USING btree (discussion_id, created_at);

CREATE INDEX discussion_comments_parent_idx ON public.discussion_comments USING btree (parent_id);

CREATE INDEX discussion_poll_votes_community_idx ON public.discussion_poll_votes USING btree (community_id);

CREATE INDEX discussion_poll_votes_user_idx ON public.discussion_poll_votes USING btree (user_id);

CREATE INDEX discussion_votes_comment_idx ON public.discussion_votes USING btree (comment_id);

CREATE INDEX discussion_votes_community_idx ON public.discussion_votes USING btree (community_id);

CREATE INDEX discussion_votes_discussion_idx ON public.discussion_votes USING btree (discussion_id);

CREATE INDEX discussions_author_idx ON public.discussions USING btree (author_id);

CREATE INDEX discussions_community_idx ON public.discussions USING btree (community_id, created_at DESC);

CREATE INDEX event_rsvps_community_idx ON public.event_rsvps USING btree (community_id);

CREATE INDEX event_rsvps_reminder_idx ON public.event_rsvps USING btree (event_id) WHERE (NOT reminder_sent);

CREATE INDEX event_rsvps_user_idx ON public.event_rsvps USING btree (user_id);

CREATE INDEX events_community_idx ON public.events USING btree (community_id, event_date);

CREATE INDEX events_upcoming_idx ON public.events USING btree (event_date) WHERE (status = 'scheduled'::text);

CREATE INDEX fan_content_comments_author_idx ON public.fan_content_comments USING btree (author_id);

CREATE INDEX fan_content_comments_community_idx ON public.fan_content_comments USING btree (community_id);

CREATE INDEX fan_content_comments_content_idx ON public.fan_content_comments USING btree (content_id, created_at);

CREATE INDEX fan_content_comments_parent_idx ON public.fan_content_comments USING btree (parent_id);

CREATE INDEX fan_content_likes_community_idx ON public.fan_content_likes USING btree (community_id);

CREATE INDEX fan_content_likes_content_idx ON public.fan_content_likes USING btree (content_id);

CREATE INDEX fan_contents_author_idx ON public.fan_contents USING btree (author_id);

CREATE INDEX fan_contents_community_idx ON public.fan_contents USING btree (community_id, created_at DESC);

CREATE INDEX feedback_organization_idx ON public.feedback USING btree (organization_id);

CREATE INDEX feedback_project_idx ON public.feedback USING btree (project_id);

CREATE INDEX generation_inputs_asset_idx ON public.generation_inputs USING btree (asset_id) WHERE (asset_id IS NOT NULL);

CREATE INDEX generation_inputs_generation_idx ON public.generation_inputs USING btree (generation_id, sequence_order);

CREATE INDEX generation_inputs_input_idx ON public.generation_inputs USING btree (input_generation_id) WHERE (input_generation_id IS NOT NULL);

CREATE INDEX generation_inputs_organization_idx ON public.generation_inputs USING btree (organization_id);

CREATE INDEX generation_inputs_project_idx ON public.generation_inputs USING btree (project_id) WHERE (project_id IS NOT NULL);

CREATE INDEX generations_animation_idx ON public.generations USING btree (animation_id) WHERE (animation_id IS NOT NULL);

CREATE INDEX generations_asset_idx ON public.generations USING btree (output_asset_id) WHERE (output_asset_id IS NOT NULL);

CREATE INDEX generations_book_idx ON public.generations USING btree (book_id) WHERE (book_id IS NOT NULL);

CREATE INDEX generations_chapter_idx ON public.generations USING btree (chapter_id) WHERE (chapter_id IS NOT NULL);

CREATE UNIQUE INDEX generations_dedup_key ON public.generations USING btree (organization_id, dedup_key) WHERE (dedup_key IS NOT NULL);

CREATE INDEX generations_hold_idx ON public.generations USING btree (hold_id) WHERE (hold_id IS NOT NULL);

CREATE INDEX generations_moodboard_idx ON public.generations USING btree (moodboard_id) WHERE (moodboard_id IS NOT NULL);

CREATE INDEX generations_organization_idx ON public.generations USING btree (organization_id, created_at DESC);

CREATE INDEX generations_parent_idx ON public.generations USING btree (parent_id) WHERE (parent_id IS NOT NULL);

CREATE INDEX generations_project_idx ON public.generations USING btree (project_id) WHERE (project_id IS NOT NULL);

CREATE INDEX generations_provider_credential_idx ON public.generations USING btree (provider_credential_id) WHERE (provider_credential_id IS NOT NULL);

CREATE INDEX generations_scene_idx ON public.generations USING btree (scene_id) WHERE (scene_id IS NOT NULL);

CREATE INDEX generations_script_idx ON public.generations USING btree (script_id) WHERE (script_id IS NOT NULL);

CREATE INDEX generations_user_idx ON public.generations USING btree (user_id);

CREATE INDEX investment_tiers_campaign_idx ON public.investment_tiers USING btree (campaign_id, display_order);

CREATE INDEX investment_tiers_organization_idx ON public.investment_tiers USING btree (organization_id);

CREATE INDEX investments_campaign_idx ON public.investments USING btree (campaign_id, status);

CREATE INDEX investments_expiring_idx ON public.investments USING btree (expires_at) WHERE (status = 'pending'::text);

CREATE INDEX investments_payment_status_idx ON public.investments USING btree (payment_status);

CREATE INDEX investments_tier_idx ON public.investments USING btree (tier_id);

CREATE INDEX investments_tier_user_idx ON public.investments USING btree (tier_id, user_id) WHERE (tier_id IS NOT NULL);

CREATE INDEX investments_user_idx ON public.investments USING btree (user_id, created_at DESC);

CREATE INDEX investor_payouts_investment_idx ON public.investor_payouts USING btree (investment_id);

CREATE INDEX investor_payouts_organization_idx ON public.investor_payouts USING btree (organization_id, campaign_id);

CREATE INDEX investor_payouts_user_idx ON public.investor_payouts USING btree (user_id, created_at DESC);

CREATE INDEX investor_rewards_investment_idx ON public.investor_rewards USING btree (investment_id);

CREATE INDEX investor_rewards_organization_idx ON public.investor_rewards USING btree (organization_id, campaign_id);

CREATE INDEX investor_rewards_user_idx ON public.investor_rewards USING btree (user_id);

CREATE INDEX invitations_email_idx ON public.invitations USING btree (lower(email)) WHERE (status = 'pending'::text);

CREATE INDEX invitations_expiring_idx ON public.invitations USING btree (expires_at) WHERE (status = 'pending'::text);

CREATE INDEX invitations_organization_created_idx ON public.invitations USING btree (organization_id, created_at);

CREATE UNIQUE INDEX invitations_pending_email_key ON public.invitations USING btree (organization_id, lower(email)) WHERE (status = 'pending'::text);

CREATE INDEX invoices_organization_idx ON public.invoices USING btree (organization_id, created_at DESC);

CREATE INDEX license_agreements_ending_idx ON public.license_agreements USING btree (end_date) WHERE (status = 'active'::text);

CREATE INDEX license_agreements_licensee_idx ON public.license_agreements USING btree (licensee_user_id);

CREATE INDEX license_agreements_organization_idx ON public.license_agreements USING btree (organization_id);

CREATE INDEX license_agreements_project_idx ON public.license_agreements USING btree (project_id);

CREATE INDEX license_catalog_organization_idx ON public.license_catalog USING btree (organization_id);

CREATE INDEX license_request_notes_organization_idx ON public.license_request_notes USING btree (organization_id);

CREATE INDEX license_request_notes_request_idx ON public.license_request_notes USING btree (request_id);

CREATE INDEX license_requests_organization_idx ON public.license_requests USING btree (organization_id, status);

CREATE INDEX license_requests_project_idx ON public.license_requests USING btree (project_id);

CREATE INDEX license_requests_requester_idx ON public.license_requests USING btree (requester_user_id);

CREATE INDEX moodboards_project_idx ON public.moodboards USING btree (project_id, beat_index);

CREATE INDEX nfts_user_idx ON public.nfts USING btree (user_id);

CREATE INDEX notifications_actor_idx ON public.notifications USING btree (user_id, actor_id, created_at DESC) WHERE (actor_id IS NOT NULL);

CREATE INDEX notifications_unread_idx ON public.notifications USING btree (user_id) WHERE (read_at IS NULL);

CREATE INDEX notifications_user_idx ON public.notifications USING btree (user_id, created_at DESC);

CREATE INDEX order_items_order_idx ON public.order_items USING btree (order_id);

CREATE INDEX order_items_organization_idx ON public.order_items USING btree (organization_id);

CREATE INDEX order_items_product_idx ON public.order_items USING btree (product_id);

CREATE INDEX order_items_variant_idx ON public.order_items USING btree (variant_id);

CREATE INDEX orders_discount_user_idx ON public.orders USING btree (discount_code_id, user_id) WHERE (discount_code_id IS NOT NULL);

CREATE INDEX orders_hold_expiry_idx ON public.orders USING btree (hold_expires_at) WHERE ((status = 'pending'::text) AND (payment_status = 'pending'::text));

CREATE INDEX orders_organization_idx ON public.orders USING btree (organization_id, created_at DESC);

CREATE UNIQUE INDEX orders_payment_reference_key ON public.orders USING btree (payment_reference) WHERE (payment_reference IS NOT NULL);

CREATE INDEX orders_user_idx ON public.orders USING btree (user_id, created_at DESC);

CREATE INDEX organization_members_user_idx ON public.organization_members USING btree (user_id, organization_id) INCLUDE (role, organization_deleted_at);

CREATE INDEX organizations_created_by_idx ON public.organizations USING btree (created_by, created_at) WHERE (NOT is_personal);

CREATE INDEX organizations_deleted_idx ON public.organizations USING btree (id) WHERE (deleted_at IS NOT NULL);

CREATE UNIQUE INDEX organizations_personal_owner_key ON public.organizations USING btree (primary_owner_user_id) WHERE is_personal;

CREATE INDEX organizations_primary_owner_idx ON public.organizations USING btree (primary_owner_user_id);

CREATE INDEX performance_predictions_project_idx ON public.performance_predictions USING btree (project_id);

CREATE INDEX plot_overviews_book_idx ON public.plot_overviews USING btree (book_id);

CREATE INDEX product_internals_organization_idx ON public.product_internals USING btree (organization_id);

CREATE INDEX product_variants_organization_idx ON public.product_variants USING btree (organization_id);

CREATE INDEX product_variants_product_idx ON public.product_variants USING btree (product_id);

CREATE INDEX products_listed_idx ON public.products USING btree (created_at DESC) WHERE ((status = 'active'::text) AND (visibility = 'public'::text));

CREATE INDEX products_organization_idx ON public.products USING btree (organization_id);

CREATE INDEX products_project_idx ON public.products USING btree (project_id);

CREATE UNIQUE INDEX profiles_username_lower_key ON public.profiles USING btree (lower(username));

CREATE INDEX project_collaborators_user_idx ON public.project_collaborators USING btree (user_id, project_id);

CREATE INDEX projects_organization_idx ON public.projects USING btree (organization_id) WHERE (deleted_at IS NULL);

CREATE INDEX projects_public_idx ON public.projects USING btree (id) WHERE ((visibility = 'public'::text) AND (deleted_at IS NULL));

CREATE INDEX prompt_ratings_user_idx ON public.prompt_ratings USING btree (user_id);

CREATE UNIQUE INDEX prompt_uses_once_a_day_idx ON public.prompt_uses USING btree (prompt_id, user_id, used_on);

CREATE INDEX prompt_uses_prompt_idx ON public.prompt_uses USING btree (prompt_id);

CREATE INDEX prompts_organization_idx ON public.prompts USING btree (organization_id);

CREATE INDEX prompts_public_idx ON public.prompts USING btree (category, usage_count DESC) WHERE (is_public AND (deleted_at IS NULL));

CREATE INDEX revenue_distributions_organization_idx ON public.revenue_distributions USING btree (organization_id);

CREATE INDEX royalty_reports_licensee_idx ON public.royalty_reports USING btree (licensee_user_id);

CREATE INDEX royalty_reports_organization_idx ON public.royalty_reports USING btree (organization_id);

CREATE INDEX scenes_organization_idx ON public.scenes USING btree (organization_id);

CREATE INDEX scenes_project_idx ON public.scenes USING btree (project_id);

CREATE UNIQUE INDEX scenes_script_number_key ON public.scenes USING btree (script_id, scene_number) WHERE (script_id IS NOT NULL);

CREATE UNIQUE INDEX scenes_story_number_key ON public.scenes USING btree (story_id, scene_number) WHERE (story_id IS NOT NULL);

CREATE INDEX schedules_created_by_idx ON public.schedules USING btree (created_by);

CREATE INDEX schedules_due_idx ON public.schedules USING btree (next_run_at) WHERE enabled;

CREATE INDEX schedules_last_generation_idx ON public.schedules USING btree (last_generation_id) WHERE (last_generation_id IS NOT NULL);

CREATE INDEX schedules_organization_idx ON public.schedules USING btree (organization_id);

CREATE INDEX schedules_project_idx ON public.schedules USING btree (project_id);

CREATE INDEX schedules_workflow_idx ON public.schedules USING btree (workflow_id) WHERE (workflow_id IS NOT NULL);

CREATE INDEX scripts_chapter_idx ON public.scripts USING btree (chapter_id);

CREATE INDEX scripts_organization_idx ON public.scripts USING btree (organization_id);

CREATE INDEX stories_organization_idx ON public.stories USING btree (organization_id);

CREATE INDEX stories_project_idx ON public.stories USING btree (project_id);

CREATE INDEX subscription_history_organization_idx ON public.subscription_history USING btree (organization_id, created_at DESC);

CREATE INDEX subscriptions_plan_idx ON public.subscriptions USING btree (plan_id);

CREATE INDEX template_versions_created_by_idx ON public.template_versions USING btree (created_by);

CREATE INDEX template_versions_organization_idx ON public.template_versions USING btree (organization_id);

CREATE INDEX template_versions_project_idx ON public.template_versions USING btree (project_id) WHERE (project_id IS NOT NULL);

CREATE INDEX templates_aspect_idx ON public.templates USING btree (aspect);

CREATE INDEX templates_created_by_idx ON public.templates USING btree (created_by);

CREATE INDEX templates_organization_idx ON public.templates USING btree (organization_id);

CREATE INDEX templates_project_idx ON public.templates USING btree (project_id) WHERE (project_id IS NOT NULL);

CREATE INDEX templates_public_idx ON public.templates USING btree (is_public) WHERE is_public;

CREATE INDEX templates_spec_idx ON public.templates USING gin (spec);

CREATE INDEX universes_project_idx ON public.universes USING btree (project_id);

CREATE INDEX user_badges_badge_idx ON public.user_badges USING btree (badge_id);

CREATE INDEX user_badges_community_idx ON public.user_badges USING btree (community_id);

CREATE INDEX user_follows_following_idx ON public.user_follows USING btree (following_id);

CREATE INDEX versions_organization_idx ON public.versions USING btree (organization_id);

CREATE INDEX versions_project_idx ON public.versions USING btree (project_id);

CREATE INDEX watch_history_content_idx ON public.watch_history USING btree (content_id);

CREATE INDEX watch_history_user_idx ON public.watch_history USING btree (user_id, watched_at DESC);

CREATE INDEX watchlists_content_idx ON public.watchlists USING btree (content_id);

CREATE INDEX webhooks_organization_idx ON public.webhooks USING btree (organization_id);

CREATE UNIQUE INDEX workflow_runs_dedup_key ON public.workflow_runs USING btree (organization_id, dedup_key) WHERE (dedup_key IS NOT NULL);

CREATE INDEX workflow_runs_organization_idx ON public.workflow_runs USING btree (organization_id);

CREATE INDEX workflow_runs_project_idx ON public.workflow_runs USING btree (project_id);

CREATE INDEX workflow_runs_render_idx ON public.workflow_runs USING btree (render_generation_id) WHERE (render_generation_id IS NOT NULL);

CREATE INDEX workflow_runs_schedule_idx ON public.workflow_runs USING btree (schedule_id) WHERE (schedule_id IS NOT NULL);

CREATE INDEX workflow_runs_started_by_idx ON public.workflow_runs USING btree (started_by);

CREATE INDEX workflow_runs_version_idx ON public.workflow_runs USING btree (workflow_version_id);

CREATE INDEX workflow_runs_workflow_idx ON public.workflow_runs USING btree (workflow_id, created_at DESC);

CREATE INDEX workflow_versions_created_by_idx ON public.workflow_versions USING btree (created_by);

CREATE INDEX workflow_versions_organization_idx ON public.workflow_versions USING btree (organization_id);

CREATE INDEX workflow_versions_project_idx ON public.workflow_versions USING btree (project_id);

CREATE INDEX workflows_created_by_idx ON public.workflows USING btree (created_by);

CREATE INDEX workflows_graph_idx ON public.workflows USING gin (graph);

CREATE INDEX workflows_organization_idx ON public.workflows USING btree (organization_id);

CREATE INDEX workflows_project_idx ON public.workflows USING btree (project_id);

CREATE INDEX workflows_status_idx ON public.workflows USING btree (status);

CREATE UNIQUE INDEX bname ON storage.buckets USING btree (name);

CREATE UNIQUE INDEX bucketid_objname ON storage.objects USING btree (bucket_id, name);

CREATE INDEX name_prefix_search ON storage.objects USING btree (name text_pattern_ops);

ALTER INDEX public.audit_logs_organization_created_idx ATTACH PARTITION private.audit_logs_default_organization_id_created_at_idx;

ALTER INDEX public.audit_logs_pkey ATTACH PARTITION private.audit_logs_default_pkey;

ALTER INDEX public.job_logs_created_idx ATTACH PARTITION private.job_logs_default_created_at_level_idx;

ALTER INDEX public.job_logs_generation_idx ATTACH PARTITION private.job_logs_default_generation_id_created_at_idx;

ALTER INDEX public.job_logs_organization_idx ATTACH PARTITION private.job_logs_default_organization_id_created_at_idx;

ALTER INDEX public.job_logs_pkey ATTACH PARTITION private.job_logs_default_pkey;

ALTER INDEX public.job_logs_project_idx ATTACH PARTITION private.job_logs_default_project_id_idx;

ALTER INDEX public.usage_events_organization_idx ATTACH PARTITION private.usage_events_default_organization_id_occurred_at_idx;

ALTER INDEX public.usage_events_pkey ATTACH PARTITION private.usage_events_default_pkey;

ALTER INDEX public.webhook_deliveries_organization_idx ATTACH PARTITION private.webhook_deliveries_default_organization_id_created_at_idx;

ALTER INDEX public.webhook_deliveries_pkey ATTACH PARTITION private.webhook_deliveries_default_pkey;

ALTER INDEX public.webhook_deliveries_webhook_idx ATTACH PARTITION private.webhook_deliveries_default_webhook_id_created_at_idx;

CREATE OR REPLACE VIEW analytics.royalty_summary AS
 SELECT a.id AS agreement_id,
    a.organization_id,
    a.project_id,
    p.title AS project_title,
    a.licensee_company,
    a.license_type,
    a.territory,
    a.status,
    a.currency,
    a.royalty_percent,
    a.minimum_guarantee_cents,
    count(r.id) AS reports,
    COALESCE(sum(r.gross_revenue_cents), (0)::numeric) AS gross_revenue_cents,
    COALESCE(sum(r.royalty_amount_cents), (0)::numeric) AS royalty_cents,
    COALESCE(sum(r.royalty_amount_cents) FILTER (WHERE (r.status = 'verified'::text)), (0)::numeric) AS verified_cents,
    COALESCE(sum(r.royalty_amount_cents) FILTER (WHERE (r.status = 'paid'::text)), (0)::numeric) AS paid_cents,
    COALESCE(sum(r.royalty_amount_cents) FILTER (WHERE (r.status = 'disputed'::text)), (0)::numeric) AS disputed_cents,
    GREATEST(((a.minimum_guarantee_cents)::numeric - COALESCE(sum(r.royalty_amount_cents), (0)::numeric)), (0)::numeric) AS guarantee_outstanding_cents
   FROM ((public.license_agreements a
     LEFT JOIN public.projects p ON ((p.id = a.project_id)))
     LEFT JOIN public.royalty_reports r ON ((r.agreement_id = a.id)))
  GROUP BY a.id, p.title;

CREATE TRIGGER on_auth_user_created AFTER INSERT ON auth.users FOR EACH ROW EXECUTE FUNCTION private.handle_new_user();

CREATE TRIGGER on_auth_user_deleted BEFORE DELETE ON auth.users FOR EACH ROW EXECUTE FUNCTION private.handle_deleted_user();

CREATE TRIGGER on_auth_user_updated AFTER UPDATE OF email, last_sign_in_at ON auth.users FOR EACH ROW WHEN ((((old.email)::text IS DISTINCT FROM (new.email)::text) OR (old.last_sign_in_at IS DISTINCT FROM new.last_sign_in_at))) EXECUTE FUNCTION private.sync_profile_from_auth();

CREATE TRIGGER count_daily AFTER INSERT ON private.daily_counts FOR EACH ROW EXECUTE FUNCTION private.count_daily();

CREATE TRIGGER account_storage AFTER INSERT OR DELETE OR UPDATE OF size_bytes ON public.asset_versions FOR EACH ROW EXECUTE FUNCTION private.account_storage();

CREATE TRIGGER account_storage AFTER INSERT OR DELETE OR UPDATE OF size_bytes, deleted_at ON public.assets FOR EACH ROW EXECUTE FUNCTION private.account_storage();

CREATE TRIGGER advance_workflow_run AFTER UPDATE OF status ON public.generations FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) AND (new.status = ANY (ARRAY['succeeded'::text, 'failed'::text, 'cancelled'::text])) AND (new.metadata ? 'workflow_run_id'::text))) EXECUTE FUNCTION private.advance_workflow_run();

CREATE TRIGGER award_community_badges AFTER UPDATE OF post_count, comment_count ON public.community_members FOR EACH ROW EXECUTE FUNCTION private.award_community_badges();

CREATE TRIGGER award_platform_badges AFTER INSERT OR UPDATE OF videos_created, books_uploaded, quizzes_completed, posts_created, comments_created ON public.user_progress FOR EACH ROW EXECUTE FUNCTION private.award_platform_badges();

CREATE TRIGGER badge_name_rules BEFORE INSERT OR UPDATE OF name ON public.badges FOR EACH ROW EXECUTE FUNCTION private.badge_name_rules();

CREATE TRIGGER book_soft_delete AFTER UPDATE OF deleted_at ON public.books FOR EACH ROW WHEN (((new.deleted_at IS NOT NULL) AND (old.deleted_at IS NULL))) EXECUTE FUNCTION private.book_soft_delete();

CREATE TRIGGER bump_story_version BEFORE UPDATE ON public.stories FOR EACH ROW EXECUTE FUNCTION private.bump_story_version();

CREATE TRIGGER campaign_child_scope BEFORE INSERT ON public.campaign_updates FOR EACH ROW EXECUTE FUNCTION private.campaign_child_scope();

CREATE TRIGGER campaign_child_scope BEFORE INSERT ON public.investment_tiers FOR EACH ROW EXECUTE FUNCTION private.campaign_child_scope();

CREATE TRIGGER cart_item_defaults BEFORE INSERT OR UPDATE ON public.cart_items FOR EACH ROW EXECUTE FUNCTION private.cart_item_defaults();

CREATE TRIGGER chapter_lifecycle AFTER UPDATE OF deleted_at, content, title ON public.chapters FOR EACH ROW EXECUTE FUNCTION private.chapter_lifecycle();

CREATE TRIGGER check_base_url BEFORE INSERT OR UPDATE OF config ON public.provider_credentials FOR EACH ROW EXECUTE FUNCTION private.provider_credentials_check_base_url();

CREATE TRIGGER check_schedule_workflow BEFORE INSERT OR UPDATE OF workflow_id, enabled ON public.schedules FOR EACH ROW WHEN ((new.workflow_id IS NOT NULL)) EXECUTE FUNCTION private.check_schedule_workflow();

CREATE TRIGGER check_url BEFORE INSERT OR UPDATE OF url ON public.webhooks FOR EACH ROW EXECUTE FUNCTION private.webhooks_check_url();

CREATE TRIGGER comment_rules BEFORE INSERT OR UPDATE ON public.discussion_comments FOR EACH ROW EXECUTE FUNCTION private.comment_rules();

CREATE TRIGGER comment_rules BEFORE INSERT OR UPDATE ON public.fan_content_comments FOR EACH ROW EXECUTE FUNCTION private.comment_rules();

CREATE TRIGGER community_owner AFTER INSERT ON public.communities FOR EACH ROW EXECUTE FUNCTION private.community_owner();

CREATE TRIGGER content_episode_scope BEFORE INSERT ON public.content_episodes FOR EACH ROW EXECUTE FUNCTION private.content_episode_scope();

CREATE TRIGGER content_like_before_insert BEFORE INSERT ON public.content_likes FOR EACH ROW EXECUTE FUNCTION private.content_like_before_insert();

CREATE TRIGGER content_rating_before_write BEFORE INSERT ON public.content_ratings FOR EACH ROW EXECUTE FUNCTION private.content_rating_before_write();

CREATE TRIGGER content_season_scope BEFORE INSERT ON public.content_seasons FOR EACH ROW EXECUTE FUNCTION private.content_season_scope();

CREATE TRIGGER count_asset_use AFTER INSERT ON public.generation_inputs FOR EACH ROW WHEN ((new.asset_id IS NOT NULL)) EXECUTE FUNCTION private.count_asset_use();

CREATE TRIGGER count_campaign_update AFTER INSERT OR DELETE ON public.campaign_updates FOR EACH ROW EXECUTE FUNCTION private.count_campaign_update();

CREATE TRIGGER count_cart_totals AFTER INSERT OR DELETE OR UPDATE OF quantity, unit_price_cents ON public.cart_items FOR EACH ROW EXECUTE FUNCTION private.count_cart_totals();

CREATE TRIGGER count_chapters AFTER INSERT OR DELETE OR UPDATE OF deleted_at ON public.chapters FOR EACH ROW EXECUTE FUNCTION private.count_live_children('books', 'book_id', 'total_chapters');

CREATE TRIGGER count_comments AFTER INSERT OR DELETE OR UPDATE OF status ON public.discussion_comments FOR EACH ROW EXECUTE FUNCTION private.count_comments();

CREATE TRIGGER count_comments AFTER INSERT OR DELETE OR UPDATE OF status ON public.fan_content_comments FOR EACH ROW EXECUTE FUNCTION private.count_comments();

CREATE TRIGGER count_completion AFTER INSERT ON public.content_completions FOR EACH ROW EXECUTE FUNCTION private.count_completion();

CREATE TRIGGER count_content_like AFTER INSERT OR DELETE ON public.content_likes FOR EACH ROW EXECUTE FUNCTION private.count_content_like();

CREATE TRIGGER count_content_rating AFTER INSERT OR DELETE OR UPDATE OF rating ON public.content_ratings FOR EACH ROW EXECUTE FUNCTION private.count_content_rating();

CREATE TRIGGER count_content_view AFTER INSERT ON public.content_views FOR EACH ROW EXECUTE FUNCTION private.count_content_view();

CREATE TRIGGER count_episodes AFTER INSERT OR DELETE ON public.content_episodes FOR EACH ROW EXECUTE FUNCTION private.count_seasons_and_episodes();

CREATE TRIGGER count_likes AFTER INSERT OR DELETE ON public.fan_content_likes FOR EACH ROW EXECUTE FUNCTION private.count_likes();

CREATE TRIGGER count_members AFTER INSERT OR DELETE OR UPDATE OF status ON public.community_members FOR EACH ROW EXECUTE FUNCTION private.count_members();

CREATE TRIGGER count_posts AFTER INSERT OR DELETE OR UPDATE OF status ON public.discussions FOR EACH ROW EXECUTE FUNCTION private.count_posts();

CREATE TRIGGER count_posts AFTER INSERT OR DELETE OR UPDATE OF status ON public.fan_contents FOR EACH ROW EXECUTE FUNCTION private.count_posts();

CREATE TRIGGER count_progress AFTER INSERT OR DELETE OR UPDATE OF type, status, size_bytes, metadata, deleted_at, uploaded_by ON public.assets FOR EACH ROW EXECUTE FUNCTION private.progress_from_studio();

CREATE TRIGGER count_progress AFTER INSERT OR DELETE OR UPDATE OF total_chapters, deleted_at, created_by ON public.books FOR EACH ROW EXECUTE FUNCTION private.progress_from_studio();

CREATE TRIGGER count_progress AFTER UPDATE OF payment_status, refunded_cents ON public.orders FOR EACH ROW EXECUTE FUNCTION private.progress_from_orders();

CREATE TRIGGER count_progress AFTER INSERT ON public.quiz_completions FOR EACH ROW EXECUTE FUNCTION private.progress_from_studio();

CREATE TRIGGER count_prompt_rating AFTER INSERT OR DELETE OR UPDATE ON public.prompt_ratings FOR EACH ROW EXECUTE FUNCTION private.count_prompt_rating();

CREATE TRIGGER count_prompt_uses AFTER INSERT OR DELETE ON public.prompt_uses FOR EACH ROW EXECUTE FUNCTION private.count_live_children('prompts', 'prompt_id', 'usage_count');

CREATE TRIGGER count_rsvps AFTER INSERT OR DELETE OR UPDATE OF status ON public.event_rsvps FOR EACH ROW EXECUTE FUNCTION private.count_rsvps();

CREATE TRIGGER count_scenes AFTER INSERT OR DELETE OR UPDATE OF deleted_at ON public.scenes FOR EACH ROW EXECUTE FUNCTION private.count_live_children('scripts', 'script_id', 'scene_count');

CREATE TRIGGER count_seasons AFTER INSERT OR DELETE ON public.content_seasons FOR EACH ROW EXECUTE FUNCTION private.count_seasons_and_episodes();

CREATE TRIGGER count_votes AFTER INSERT OR DELETE OR UPDATE OF vote_type ON public.discussion_votes FOR EACH ROW EXECUTE FUNCTION private.count_votes();

CREATE TRIGGER discount_code_defaults BEFORE INSERT ON public.discount_codes FOR EACH ROW EXECUTE FUNCTION private.discount_code_defaults();

CREATE TRIGGER end_collaborations AFTER DELETE ON public.organization_members FOR EACH ROW EXECUTE FUNCTION private.end_collaborations();

CREATE TRIGGER enqueue_generations AFTER INSERT ON public.generations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.enqueue_generations();

CREATE CONSTRAINT TRIGGER ensure_an_owner_remains AFTER DELETE OR UPDATE OF role ON public.organization_members DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION private.ensure_an_owner_remains();

CREATE TRIGGER event_defaults BEFORE INSERT OR UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION private.event_defaults();

CREATE TRIGGER follow_plan_storage_limit AFTER UPDATE OF storage_limit_bytes ON public.plans FOR EACH ROW WHEN ((old.storage_limit_bytes IS DISTINCT FROM new.storage_limit_bytes)) EXECUTE FUNCTION private.follow_plan_storage_limit();

CREATE TRIGGER follow_stock AFTER INSERT OR DELETE OR UPDATE OF stock_quantity, allow_backorder, is_active ON public.product_variants FOR EACH ROW EXECUTE FUNCTION private.follow_stock();

CREATE TRIGGER follow_stock AFTER INSERT OR UPDATE OF stock_quantity, low_stock_threshold, track_inventory, allow_backorder, has_variants, status ON public.products FOR EACH ROW EXECUTE FUNCTION private.follow_stock();

CREATE TRIGGER forbid_changes BEFORE DELETE OR UPDATE ON public.audit_logs FOR EACH ROW EXECUTE FUNCTION private.forbid_changes('audit_logs');

CREATE TRIGGER forbid_changes BEFORE DELETE OR UPDATE ON public.credit_transactions FOR EACH ROW EXECUTE FUNCTION private.forbid_changes('credit_transactions');

CREATE TRIGGER generation_outbox AFTER UPDATE ON public.generations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.generation_outbox();

CREATE TRIGGER guard_project_visibility BEFORE UPDATE OF visibility ON public.projects FOR EACH ROW EXECUTE FUNCTION private.guard_project_visibility();

CREATE TRIGGER immutable BEFORE UPDATE ON public.workflow_versions FOR EACH ROW EXECUTE FUNCTION private.refuse_version_change();

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.animations FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.asset_versions FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('assets:asset_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.assets FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.book_structure FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('books:book_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.books FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.brand_policies FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.chapter_embeddings FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('chapters:chapter_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.chapter_scripts FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('chapters:chapter_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.chapters FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('books:book_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.characters FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id', 'books:book_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.feedback FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF generation_id ON public.generation_inputs FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('generations:generation_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.moodboards FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.performance_predictions FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.plot_overviews FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('books:book_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.scenes FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('scripts:script_id', 'stories:story_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.scripts FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('chapters:chapter_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.stories FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.universes FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER investment_accounting AFTER INSERT OR UPDATE OF status ON public.investments FOR EACH ROW EXECUTE FUNCTION private.investment_accounting();

CREATE TRIGGER keep_community_owner BEFORE DELETE OR UPDATE OF role ON public.community_members FOR EACH ROW EXECUTE FUNCTION private.keep_community_owner();

CREATE TRIGGER license_agreement_transition BEFORE UPDATE ON public.license_agreements FOR EACH ROW EXECUTE FUNCTION private.license_agreement_transition();

CREATE TRIGGER license_request_transition BEFORE UPDATE ON public.license_requests FOR EACH ROW EXECUTE FUNCTION private.license_request_transition();

CREATE TRIGGER like_rules BEFORE INSERT ON public.fan_content_likes FOR EACH ROW EXECUTE FUNCTION private.like_rules();

CREATE TRIGGER mark_taste_stale AFTER INSERT OR DELETE ON public.watch_history FOR EACH ROW EXECUTE FUNCTION private.mark_taste_stale();

CREATE TRIGGER mirror_media_status AFTER INSERT OR UPDATE OF status ON public.generations FOR EACH ROW WHEN (((new.moodboard_id IS NOT NULL) OR (new.animation_id IS NOT NULL))) EXECUTE FUNCTION private.mirror_media_status();

CREATE TRIGGER mirror_organization_deleted_at BEFORE INSERT OR UPDATE ON public.organization_members FOR EACH ROW EXECUTE FUNCTION private.mirror_organization_deleted_at();

CREATE TRIGGER mirror_organization_deleted_at AFTER UPDATE OF deleted_at ON public.organizations FOR EACH ROW WHEN ((old.deleted_at IS DISTINCT FROM new.deleted_at)) EXECUTE FUNCTION private.mirror_organization_deleted_at();

CREATE TRIGGER notify_campaign_update AFTER INSERT ON public.campaign_updates FOR EACH ROW EXECUTE FUNCTION private.notify_campaign_update();

CREATE TRIGGER notify_follow AFTER INSERT ON public.user_follows FOR EACH ROW EXECUTE FUNCTION private.notify_follow();

CREATE TRIGGER notify_investment_status AFTER UPDATE OF status ON public.investments FOR EACH ROW WHEN ((old.status IS DISTINCT FROM new.status)) EXECUTE FUNCTION private.notify_investment_status();

CREATE TRIGGER notify_license_request AFTER UPDATE OF status ON public.license_requests FOR EACH ROW WHEN ((old.status IS DISTINCT FROM new.status)) EXECUTE FUNCTION private.notify_license_request();

CREATE TRIGGER notify_order_update AFTER UPDATE OF status ON public.orders FOR EACH ROW WHEN ((old.status IS DISTINCT FROM new.status)) EXECUTE FUNCTION private.notify_order_update();

CREATE TRIGGER open_billing_account AFTER INSERT ON public.organizations FOR EACH ROW EXECUTE FUNCTION private.open_billing_account();

CREATE TRIGGER order_transition BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION private.order_transition();

CREATE TRIGGER pipeline_step AFTER UPDATE OF status ON public.generations FOR EACH ROW WHEN (((new.parent_id IS NOT NULL) AND (old.status IS DISTINCT FROM new.status))) EXECUTE FUNCTION private.pipeline_step();

CREATE TRIGGER poll_vote_rules BEFORE INSERT ON public.discussion_poll_votes FOR EACH ROW EXECUTE FUNCTION private.poll_vote_rules();

CREATE TRIGGER post_rules BEFORE INSERT OR UPDATE ON public.discussions FOR EACH ROW EXECUTE FUNCTION private.post_rules();

CREATE TRIGGER post_rules BEFORE INSERT OR UPDATE ON public.fan_contents FOR EACH ROW EXECUTE FUNCTION private.post_rules();

CREATE TRIGGER prepare_generation BEFORE INSERT ON public.generations FOR EACH ROW EXECUTE FUNCTION private.prepare_generation();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.asset_versions FOR EACH ROW EXECUTE FUNCTION private.protect_columns('size_bytes', 'metadata->checksum_sha256', 'created_by');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.assets FOR EACH ROW EXECUTE FUNCTION private.protect_columns('usage_count', 'last_used_at', 'uploaded_by', 'storage_purged_at', 'size_bytes', 'metadata->checksum_sha256', 'mime_type', 'type', 'width', 'height', 'duration_seconds', 'fps', 'codec');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.badges FOR EACH ROW EXECUTE FUNCTION private.protect_columns('community_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.books FOR EACH ROW EXECUTE FUNCTION private.protect_columns('total_chapters', 'created_by');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.campaign_updates FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'campaign_id', 'organization_id', 'project_id', 'author_id', 'created_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.campaigns FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'project_id', 'organization_id', 'created_by', 'status', 'raised_amount_cents', 'backer_count', 'update_count', 'is_verified', 'verified_at', 'created_at', 'submitted_at', 'launched_at', 'goal_reached_at', 'funded_at', 'failed_at', 'completed_at', 'cancelled_at', 'project_deleted_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.cart_items FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'user_id', 'cart_id', 'product_id', 'variant_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.carts FOR EACH ROW EXECUTE FUNCTION private.protect_columns('user_id', 'subtotal_cents', 'item_count');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.chapters FOR EACH ROW EXECUTE FUNCTION private.protect_columns('embedding_status');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.communities FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'project_id', 'created_by', 'member_count', 'post_count');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.community_members FOR EACH ROW EXECUTE FUNCTION private.protect_columns('community_id', 'user_id', 'role', 'status', 'reputation', 'post_count', 'comment_count', 'muted_until', 'banned_at', 'ban_reason', 'joined_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.content_episodes FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'season_id', 'content_id', 'organization_id', 'project_id', 'season_number', 'view_count', 'created_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.content_ratings FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'user_id', 'content_id', 'created_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.content_seasons FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'content_id', 'organization_id', 'project_id', 'season_number', 'episode_count', 'created_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.contents FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'project_id', 'organization_id', 'created_by', 'view_count', 'like_count', 'completion_count', 'rating_sum', 'rating_count', 'season_count', 'episode_count', 'embedding', 'embedding_model', 'published_at', 'project_deleted_at', 'created_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.discount_codes FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'created_by', 'usage_count');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.generation_inputs FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'project_id', 'generation_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.generations FOR EACH ROW WHEN ((CURRENT_USER = ANY (ARRAY['anon'::name, 'authenticated'::name]))) EXECUTE FUNCTION private.protect_columns('id', 'organization_id', 'project_id', 'user_id', 'kind', 'parent_id', 'hold_id', 'estimated_credits', 'actual_credits', 'status', 'created_at', 'paid_by', 'provider_credential_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.investment_tiers FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'campaign_id', 'organization_id', 'project_id', 'sold_quantity', 'created_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.investor_rewards FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'investment_id', 'campaign_id', 'organization_id', 'user_id', 'tier_id', 'reward_type', 'shipping_address');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.license_catalog FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'project_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.organizations FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'slug', 'is_personal', 'primary_owner_user_id', 'created_by', 'plan', 'stripe_customer_id', 'stripe_subscription_id', 'storage_used_bytes', 'storage_limit_bytes', 'trial_ends_at', 'created_at', 'deleted_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.product_internals FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'product_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.product_variants FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'product_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.products FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'project_id', 'created_by', 'sold_count', 'stock_level');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.profiles FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'email', 'modo_tokens', 'status', 'last_login_at', 'created_at', 'deleted_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.project_collaborators FOR EACH ROW EXECUTE FUNCTION private.protect_columns('project_id', 'user_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'created_by');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.prompts FOR EACH ROW EXECUTE FUNCTION private.protect_columns('usage_count', 'rating_sum', 'rating_count', 'organization_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.provider_credentials FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'organization_id', 'created_by', 'provider', 'secret_hint', 'usage_count', 'last_used_at', 'last_validated_at', 'created_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.royalty_reports FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'agreement_id', 'licensee_user_id', 'submitted_by');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.schedules FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'organization_id', 'project_id', 'created_by', 'kind', 'last_run_at', 'last_generation_id', 'run_count', 'next_run_at', 'created_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.scripts FOR EACH ROW EXECUTE FUNCTION private.protect_columns('scene_count');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.templates FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'organization_id', 'project_id', 'created_by', 'version', 'usage_count', 'created_at', 'deleted_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.versions FOR EACH ROW EXECUTE FUNCTION private.protect_columns('snapshot_data', 'diff_data', 'version_number', 'entity_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.webhooks FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'organization_id', 'created_by', 'last_triggered_at', 'failure_count', 'created_at');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.workflows FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'organization_id', 'project_id', 'created_by', 'current_version', 'run_count', 'last_run_at', 'created_at', 'deleted_at');

CREATE TRIGGER protect_workflow_target BEFORE UPDATE ON public.schedules FOR EACH ROW EXECUTE FUNCTION private.protect_columns('workflow_id');

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.api_keys FOR EACH ROW EXECUTE FUNCTION private.record_audit('last_used_at');

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.feature_flags FOR EACH ROW EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.invitations FOR EACH ROW EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.organization_members FOR EACH ROW EXECUTE FUNCTION private.record_audit('organization_deleted_at');

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.organizations FOR EACH ROW EXECUTE FUNCTION private.record_audit('storage_used_bytes');

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.provider_credentials FOR EACH ROW EXECUTE FUNCTION private.record_audit('usage_count', 'last_used_at');

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.subscriptions FOR EACH ROW EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.system_settings FOR EACH ROW EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.user_roles FOR EACH ROW EXECUTE FUNCTION private.record_audit();

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.webhooks FOR EACH ROW EXECUTE FUNCTION private.record_audit('last_triggered_at', 'failure_count');

CREATE TRIGGER record_completion AFTER INSERT OR UPDATE OF completed ON public.watch_history FOR EACH ROW EXECUTE FUNCTION private.record_completion();

CREATE TRIGGER record_subscription_change AFTER INSERT OR UPDATE OF plan_id, status ON public.subscriptions FOR EACH ROW EXECUTE FUNCTION private.record_subscription_change();

CREATE TRIGGER record_template_version AFTER INSERT OR UPDATE ON public.templates FOR EACH ROW EXECUTE FUNCTION private.record_template_version();

CREATE TRIGGER reprice_cart_lines AFTER UPDATE OF price_cents ON public.product_variants FOR EACH ROW WHEN ((old.price_cents IS DISTINCT FROM new.price_cents)) EXECUTE FUNCTION private.reprice_cart_lines();

CREATE TRIGGER reprice_cart_lines AFTER UPDATE OF price_cents ON public.products FOR EACH ROW WHEN ((old.price_cents IS DISTINCT FROM new.price_cents)) EXECUTE FUNCTION private.reprice_cart_lines();

CREATE TRIGGER restock_order AFTER UPDATE OF status ON public.orders FOR EACH ROW WHEN (((new.status = ANY (ARRAY['cancelled'::text, 'refunded'::text])) AND (old.status IS DISTINCT FROM new.status))) EXECUTE FUNCTION private.restock_order();

CREATE TRIGGER royalty_report_rules BEFORE INSERT OR DELETE OR UPDATE ON public.royalty_reports FOR EACH ROW EXECUTE FUNCTION private.royalty_report_rules();

CREATE TRIGGER rsvp_rules BEFORE INSERT OR UPDATE OF status, event_id, user_id, community_id ON public.event_rsvps FOR EACH ROW EXECUTE FUNCTION private.rsvp_rules();

CREATE TRIGGER schedule_scope_and_next_run BEFORE INSERT OR UPDATE OF cron, timezone, enabled ON public.schedules FOR EACH ROW EXECUTE FUNCTION private.prepare_schedule();

CREATE TRIGGER set_scope BEFORE INSERT ON public.communities FOR EACH ROW EXECUTE FUNCTION private.community_defaults();

CREATE TRIGGER set_scope BEFORE INSERT ON public.license_catalog FOR EACH ROW EXECUTE FUNCTION private.license_catalog_scope();

CREATE TRIGGER set_scope BEFORE INSERT ON public.license_request_notes FOR EACH ROW EXECUTE FUNCTION private.license_note_scope();

CREATE TRIGGER set_scope BEFORE INSERT ON public.license_requests FOR EACH ROW EXECUTE FUNCTION private.license_request_defaults();

CREATE TRIGGER set_scope BEFORE INSERT ON public.product_internals FOR EACH ROW EXECUTE FUNCTION private.product_child_scope();

CREATE TRIGGER set_scope BEFORE INSERT ON public.product_variants FOR EACH ROW EXECUTE FUNCTION private.product_child_scope();

CREATE TRIGGER set_scope BEFORE INSERT OR UPDATE OF project_id, organization_id ON public.products FOR EACH ROW EXECUTE FUNCTION private.product_scope();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.animations FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.assets FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.badges FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.books FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.brand_policies FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.campaign_updates FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.campaigns FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.cart_items FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.chapter_scripts FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.chapters FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.characters FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.communities FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.community_members FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.content_episodes FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.content_ratings FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.content_seasons FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.contents FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.discount_codes FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.discussion_comments FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.discussions FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.fan_content_comments FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.fan_contents FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.feature_flags FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.feedback FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.investment_tiers FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.investments FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.investor_payouts FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.investor_rewards FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.invitations FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.invoices FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.license_catalog FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.license_requests FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.moodboards FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.organization_members FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.organizations FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.plans FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.plot_overviews FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.product_internals FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.product_variants FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.products FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.profiles FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.prompts FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.provider_credentials FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.revenue_distributions FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.scenes FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.schedules FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.scripts FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.stories FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.subscriptions FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.system_settings FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.templates FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.universes FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.webhooks FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.workflow_runs FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.workflows FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER snapshot_version AFTER INSERT OR UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION private.snapshot_version('project');

CREATE TRIGGER snapshot_version AFTER INSERT OR UPDATE ON public.scenes FOR EACH ROW WHEN ((new.story_id IS NOT NULL)) EXECUTE FUNCTION private.snapshot_version('scene');

CREATE TRIGGER snapshot_version AFTER INSERT OR UPDATE ON public.stories FOR EACH ROW EXECUTE FUNCTION private.snapshot_version('story');

CREATE TRIGGER stamp_actor BEFORE INSERT ON public.asset_versions FOR EACH ROW EXECUTE FUNCTION private.stamp_actor('created_by');

CREATE TRIGGER stamp_actor BEFORE INSERT ON public.assets FOR EACH ROW EXECUTE FUNCTION private.stamp_actor('uploaded_by');

CREATE TRIGGER stamp_actor BEFORE INSERT ON public.books FOR EACH ROW EXECUTE FUNCTION private.stamp_actor('created_by');

CREATE TRIGGER stamp_project_published BEFORE INSERT OR UPDATE OF status, published_at ON public.projects FOR EACH ROW EXECUTE FUNCTION private.stamp_project_published();

CREATE TRIGGER status_machine BEFORE UPDATE OF status ON public.generations FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) AND (NOT (((old.status = 'queued'::text) AND (new.status = ANY (ARRAY['running'::text, 'cancelled'::text, 'failed'::text]))) OR ((old.status = 'running'::text) AND (new.status = ANY (ARRAY['succeeded'::text, 'failed'::text, 'retrying'::text, 'cancelled'::text, 'queued'::text]))) OR ((old.status = 'retrying'::text) AND (new.status = ANY (ARRAY['running'::text, 'cancelled'::text, 'failed'::text]))))))) EXECUTE FUNCTION private.refuse_status_move();

CREATE TRIGGER sync_marketplace_deletion AFTER UPDATE OF deleted_at ON public.organizations FOR EACH ROW WHEN ((old.deleted_at IS DISTINCT FROM new.deleted_at)) EXECUTE FUNCTION private.sync_marketplace_deletion();

CREATE TRIGGER sync_marketplace_deletion AFTER UPDATE OF deleted_at ON public.projects FOR EACH ROW WHEN ((old.deleted_at IS DISTINCT FROM new.deleted_at)) EXECUTE FUNCTION private.sync_marketplace_deletion();

CREATE TRIGGER template_rules BEFORE INSERT OR UPDATE ON public.templates FOR EACH ROW EXECUTE FUNCTION private.template_rules();

CREATE TRIGGER tier_before_change BEFORE DELETE OR UPDATE ON public.investment_tiers FOR EACH ROW EXECUTE FUNCTION private.tier_before_change();

CREATE TRIGGER unmeasured_by_clients BEFORE INSERT ON public.asset_versions FOR EACH ROW EXECUTE FUNCTION private.unmeasured_by_clients();

CREATE TRIGGER unmeasured_by_clients BEFORE INSERT ON public.assets FOR EACH ROW EXECUTE FUNCTION private.unmeasured_by_clients();

CREATE TRIGGER unschedule_archived_workflow AFTER UPDATE OF status ON public.workflows FOR EACH ROW WHEN (((new.status = 'archived'::text) AND (old.status IS DISTINCT FROM 'archived'::text))) EXECUTE FUNCTION private.unschedule_archived_workflow();

CREATE TRIGGER validate_schedule_request BEFORE INSERT OR UPDATE OF request, enabled ON public.schedules FOR EACH ROW EXECUTE FUNCTION private.validate_schedule_request();

CREATE TRIGGER vote_rules BEFORE INSERT OR UPDATE ON public.discussion_votes FOR EACH ROW EXECUTE FUNCTION private.vote_rules();

CREATE TRIGGER wait_for_input AFTER INSERT OR UPDATE OF input_generation_id ON public.generation_inputs FOR EACH ROW WHEN ((new.input_generation_id IS NOT NULL)) EXECUTE FUNCTION private.wait_for_input();

CREATE TRIGGER wake_dependants AFTER UPDATE ON public.generations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.wake_dependants();

CREATE TRIGGER watchlist_before_insert BEFORE INSERT ON public.watchlists FOR EACH ROW EXECUTE FUNCTION private.watchlist_before_insert();

CREATE TRIGGER workflow_rules BEFORE INSERT OR UPDATE OF graph, variables ON public.workflows FOR EACH ROW EXECUTE FUNCTION private.workflow_rules();

CREATE TRIGGER workflow_run_outbox AFTER UPDATE OF status ON public.workflow_runs FOR EACH ROW WHEN (((old.status = 'running'::text) AND (new.status <> 'running'::text))) EXECUTE FUNCTION private.workflow_run_outbox();

CREATE TRIGGER write_rules BEFORE INSERT OR UPDATE ON public.campaigns FOR EACH ROW EXECUTE FUNCTION private.campaigns_before_write();

CREATE TRIGGER write_rules BEFORE INSERT OR UPDATE ON public.contents FOR EACH ROW EXECUTE FUNCTION private.contents_before_write();

ALTER TABLE ONLY private.api_key_hashes
    ADD CONSTRAINT api_key_hashes_api_key_id_fkey FOREIGN KEY (api_key_id) REFERENCES public.api_keys(id) ON DELETE CASCADE;

ALTER TABLE ONLY private.content_match_scores
    ADD CONSTRAINT content_match_scores_content_id_fkey FOREIGN KEY (content_id) REFERENCES public.contents(id) ON DELETE CASCADE;

ALTER TABLE ONLY private.content_match_scores
    ADD CONSTRAINT content_match_scores_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY private.content_trending
    ADD CONSTRAINT content_trending_content_id_fkey FOREIGN KEY (content_id) REFERENCES public.contents(id) ON DELETE CASCADE;

ALTER TABLE ONLY private.daily_counts
    ADD CONSTRAINT daily_counts_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY private.film_shares
    ADD CONSTRAINT film_shares_asset_id_fkey FOREIGN KEY (asset_id) REFERENCES public.assets(id) ON DELETE CASCADE;

ALTER TABLE ONLY private.film_shares
    ADD CONSTRAINT film_shares_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY private.film_shares
    ADD CONSTRAINT film_shares_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY private.film_shares
    ADD CONSTRAINT film_shares_revoked_by_fkey FOREIGN KEY (revoked_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY private.invitation_tokens
    ADD CONSTRAINT invitation_tokens_invitation_id_fkey FOREIGN KEY (invitation_id) REFERENCES public.invitations(id) ON DELETE CASCADE;

ALTER TABLE ONLY private.job_queue
    ADD CONSTRAINT job_queue_generation_id_fkey FOREIGN KEY (generation_id) REFERENCES public.generations(id) ON DELETE CASCADE;

ALTER TABLE ONLY private.organization_concurrency_limits
    ADD CONSTRAINT organization_concurrency_limits_kind_fkey FOREIGN KEY (kind) REFERENCES public.generation_kinds(kind) ON DELETE CASCADE;

ALTER TABLE ONLY private.organization_concurrency_limits
    ADD CONSTRAINT organization_concurrency_limits_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY private.project_share_tokens
    ADD CONSTRAINT project_share_tokens_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY private.provider_secrets
    ADD CONSTRAINT provider_secrets_credential_id_fkey FOREIGN KEY (credential_id) REFERENCES public.provider_credentials(id) ON DELETE CASCADE;

ALTER TABLE ONLY private.viewer_tastes
    ADD CONSTRAINT viewer_tastes_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY private.webhook_outbox
    ADD CONSTRAINT webhook_outbox_webhook_id_fkey FOREIGN KEY (webhook_id) REFERENCES public.webhooks(id) ON DELETE CASCADE;

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

ALTER TABLE ONLY public.badges
    ADD CONSTRAINT badges_community_id_fkey FOREIGN KEY (community_id) REFERENCES public.communities(id) ON DELETE CASCADE;

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

ALTER TABLE ONLY public.campaign_updates
    ADD CONSTRAINT campaign_updates_author_id_fkey FOREIGN KEY (author_id) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.campaign_updates
    ADD CONSTRAINT campaign_updates_campaign_id_fkey FOREIGN KEY (campaign_id) REFERENCES public.campaigns(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.campaign_updates
    ADD CONSTRAINT campaign_updates_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.campaign_updates
    ADD CONSTRAINT campaign_updates_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.campaigns
    ADD CONSTRAINT campaigns_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.campaigns
    ADD CONSTRAINT campaigns_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.campaigns
    ADD CONSTRAINT campaigns_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.cart_items
    ADD CONSTRAINT cart_items_cart_id_fkey FOREIGN KEY (cart_id) REFERENCES public.carts(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.cart_items
    ADD CONSTRAINT cart_items_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.cart_items
    ADD CONSTRAINT cart_items_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.cart_items
    ADD CONSTRAINT cart_items_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.cart_items
    ADD CONSTRAINT cart_items_variant_id_fkey FOREIGN KEY (variant_id) REFERENCES public.product_variants(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.carts
    ADD CONSTRAINT carts_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

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
    ADD CONSTRAINT chapter_scripts_generation_id_fkey FOREIGN KEY (generation_id) REFERENCES public.generations(id) ON DELETE SET NULL;

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
    ADD CONSTRAINT characters_generation_id_fkey FOREIGN KEY (generation_id) REFERENCES public.generations(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.characters
    ADD CONSTRAINT characters_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.characters
    ADD CONSTRAINT characters_plot_overview_id_fkey FOREIGN KEY (plot_overview_id) REFERENCES public.plot_overviews(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.characters
    ADD CONSTRAINT characters_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.communities
    ADD CONSTRAINT communities_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.communities
    ADD CONSTRAINT communities_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.communities
    ADD CONSTRAINT communities_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.community_members
    ADD CONSTRAINT community_members_community_id_fkey FOREIGN KEY (community_id) REFERENCES public.communities(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.community_members
    ADD CONSTRAINT community_members_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_category_items
    ADD CONSTRAINT content_category_items_category_id_fkey FOREIGN KEY (category_id) REFERENCES public.content_categories(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_category_items
    ADD CONSTRAINT content_category_items_content_id_fkey FOREIGN KEY (content_id) REFERENCES public.contents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_completions
    ADD CONSTRAINT content_completions_content_id_fkey FOREIGN KEY (content_id) REFERENCES public.contents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_completions
    ADD CONSTRAINT content_completions_episode_id_fkey FOREIGN KEY (episode_id) REFERENCES public.content_episodes(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_completions
    ADD CONSTRAINT content_completions_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_daily_stats
    ADD CONSTRAINT content_daily_stats_content_id_fkey FOREIGN KEY (content_id) REFERENCES public.contents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_episodes
    ADD CONSTRAINT content_episodes_content_id_fkey FOREIGN KEY (content_id) REFERENCES public.contents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_episodes
    ADD CONSTRAINT content_episodes_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_episodes
    ADD CONSTRAINT content_episodes_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_episodes
    ADD CONSTRAINT content_episodes_season_id_fkey FOREIGN KEY (season_id) REFERENCES public.content_seasons(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_likes
    ADD CONSTRAINT content_likes_content_id_fkey FOREIGN KEY (content_id) REFERENCES public.contents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_likes
    ADD CONSTRAINT content_likes_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_ratings
    ADD CONSTRAINT content_ratings_content_id_fkey FOREIGN KEY (content_id) REFERENCES public.contents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_ratings
    ADD CONSTRAINT content_ratings_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_seasons
    ADD CONSTRAINT content_seasons_content_id_fkey FOREIGN KEY (content_id) REFERENCES public.contents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_seasons
    ADD CONSTRAINT content_seasons_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_seasons
    ADD CONSTRAINT content_seasons_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_views
    ADD CONSTRAINT content_views_content_id_fkey FOREIGN KEY (content_id) REFERENCES public.contents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_views
    ADD CONSTRAINT content_views_episode_id_fkey FOREIGN KEY (episode_id) REFERENCES public.content_episodes(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.content_views
    ADD CONSTRAINT content_views_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.contents
    ADD CONSTRAINT contents_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.contents
    ADD CONSTRAINT contents_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.contents
    ADD CONSTRAINT contents_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

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

ALTER TABLE ONLY public.discount_codes
    ADD CONSTRAINT discount_codes_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.discount_codes
    ADD CONSTRAINT discount_codes_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.discussion_comments
    ADD CONSTRAINT discussion_comments_author_id_fkey FOREIGN KEY (author_id) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.discussion_comments
    ADD CONSTRAINT discussion_comments_community_id_fkey FOREIGN KEY (community_id) REFERENCES public.communities(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.discussion_comments
    ADD CONSTRAINT discussion_comments_discussion_id_fkey FOREIGN KEY (discussion_id) REFERENCES public.discussions(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.discussion_comments
    ADD CONSTRAINT discussion_comments_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.discussion_comments(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.discussion_poll_votes
    ADD CONSTRAINT discussion_poll_votes_community_id_fkey FOREIGN KEY (community_id) REFERENCES public.communities(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.discussion_poll_votes
    ADD CONSTRAINT discussion_poll_votes_discussion_id_fkey FOREIGN KEY (discussion_id) REFERENCES public.discussions(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.discussion_poll_votes
    ADD CONSTRAINT discussion_poll_votes_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.discussion_votes
    ADD CONSTRAINT discussion_votes_comment_id_fkey FOREIGN KEY (comment_id) REFERENCES public.discussion_comments(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.discussion_votes
    ADD CONSTRAINT discussion_votes_community_id_fkey FOREIGN KEY (community_id) REFERENCES public.communities(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.discussion_votes
    ADD CONSTRAINT discussion_votes_discussion_id_fkey FOREIGN KEY (discussion_id) REFERENCES public.discussions(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.discussion_votes
    ADD CONSTRAINT discussion_votes_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.discussions
    ADD CONSTRAINT discussions_author_id_fkey FOREIGN KEY (author_id) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.discussions
    ADD CONSTRAINT discussions_community_id_fkey FOREIGN KEY (community_id) REFERENCES public.communities(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.event_rsvps
    ADD CONSTRAINT event_rsvps_community_id_fkey FOREIGN KEY (community_id) REFERENCES public.communities(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.event_rsvps
    ADD CONSTRAINT event_rsvps_event_id_fkey FOREIGN KEY (event_id) REFERENCES public.events(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.event_rsvps
    ADD CONSTRAINT event_rsvps_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_community_id_fkey FOREIGN KEY (community_id) REFERENCES public.communities(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.events
    ADD CONSTRAINT events_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.fan_content_comments
    ADD CONSTRAINT fan_content_comments_author_id_fkey FOREIGN KEY (author_id) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.fan_content_comments
    ADD CONSTRAINT fan_content_comments_community_id_fkey FOREIGN KEY (community_id) REFERENCES public.communities(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.fan_content_comments
    ADD CONSTRAINT fan_content_comments_content_id_fkey FOREIGN KEY (content_id) REFERENCES public.fan_contents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.fan_content_comments
    ADD CONSTRAINT fan_content_comments_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.fan_content_comments(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.fan_content_likes
    ADD CONSTRAINT fan_content_likes_community_id_fkey FOREIGN KEY (community_id) REFERENCES public.communities(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.fan_content_likes
    ADD CONSTRAINT fan_content_likes_content_id_fkey FOREIGN KEY (content_id) REFERENCES public.fan_contents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.fan_content_likes
    ADD CONSTRAINT fan_content_likes_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.fan_contents
    ADD CONSTRAINT fan_contents_author_id_fkey FOREIGN KEY (author_id) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.fan_contents
    ADD CONSTRAINT fan_contents_community_id_fkey FOREIGN KEY (community_id) REFERENCES public.communities(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.feedback
    ADD CONSTRAINT feedback_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.feedback
    ADD CONSTRAINT feedback_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.feedback
    ADD CONSTRAINT feedback_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.generation_inputs
    ADD CONSTRAINT generation_inputs_asset_id_fkey FOREIGN KEY (asset_id) REFERENCES public.assets(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.generation_inputs
    ADD CONSTRAINT generation_inputs_generation_id_fkey FOREIGN KEY (generation_id) REFERENCES public.generations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.generation_inputs
    ADD CONSTRAINT generation_inputs_input_generation_id_fkey FOREIGN KEY (input_generation_id) REFERENCES public.generations(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.generation_inputs
    ADD CONSTRAINT generation_inputs_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.generation_inputs
    ADD CONSTRAINT generation_inputs_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.generation_prices
    ADD CONSTRAINT generation_prices_kind_fkey FOREIGN KEY (kind) REFERENCES public.generation_kinds(kind) ON DELETE CASCADE;

ALTER TABLE ONLY public.generations
    ADD CONSTRAINT generations_animation_id_fkey FOREIGN KEY (animation_id) REFERENCES public.animations(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.generations
    ADD CONSTRAINT generations_book_id_fkey FOREIGN KEY (book_id) REFERENCES public.books(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.generations
    ADD CONSTRAINT generations_chapter_id_fkey FOREIGN KEY (chapter_id) REFERENCES public.chapters(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.generations
    ADD CONSTRAINT generations_hold_id_fkey FOREIGN KEY (hold_id) REFERENCES public.credit_holds(id);

ALTER TABLE ONLY public.generations
    ADD CONSTRAINT generations_kind_fkey FOREIGN KEY (kind) REFERENCES public.generation_kinds(kind);

ALTER TABLE ONLY public.generations
    ADD CONSTRAINT generations_moodboard_id_fkey FOREIGN KEY (moodboard_id) REFERENCES public.moodboards(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.generations
    ADD CONSTRAINT generations_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.generations
    ADD CONSTRAINT generations_output_asset_id_fkey FOREIGN KEY (output_asset_id) REFERENCES public.assets(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.generations
    ADD CONSTRAINT generations_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.generations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.generations
    ADD CONSTRAINT generations_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.generations
    ADD CONSTRAINT generations_provider_credential_id_fkey FOREIGN KEY (provider_credential_id) REFERENCES public.provider_credentials(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.generations
    ADD CONSTRAINT generations_scene_id_fkey FOREIGN KEY (scene_id) REFERENCES public.scenes(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.generations
    ADD CONSTRAINT generations_script_id_fkey FOREIGN KEY (script_id) REFERENCES public.scripts(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.generations
    ADD CONSTRAINT generations_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.investment_tiers
    ADD CONSTRAINT investment_tiers_campaign_id_fkey FOREIGN KEY (campaign_id) REFERENCES public.campaigns(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.investment_tiers
    ADD CONSTRAINT investment_tiers_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.investment_tiers
    ADD CONSTRAINT investment_tiers_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.investments
    ADD CONSTRAINT investments_campaign_id_fkey FOREIGN KEY (campaign_id) REFERENCES public.campaigns(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.investments
    ADD CONSTRAINT investments_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.investments
    ADD CONSTRAINT investments_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.investments
    ADD CONSTRAINT investments_tier_id_fkey FOREIGN KEY (tier_id) REFERENCES public.investment_tiers(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.investments
    ADD CONSTRAINT investments_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.investor_payouts
    ADD CONSTRAINT investor_payouts_campaign_id_fkey FOREIGN KEY (campaign_id) REFERENCES public.campaigns(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.investor_payouts
    ADD CONSTRAINT investor_payouts_distribution_id_fkey FOREIGN KEY (distribution_id) REFERENCES public.revenue_distributions(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.investor_payouts
    ADD CONSTRAINT investor_payouts_investment_id_fkey FOREIGN KEY (investment_id) REFERENCES public.investments(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.investor_payouts
    ADD CONSTRAINT investor_payouts_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.investor_payouts
    ADD CONSTRAINT investor_payouts_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.investor_rewards
    ADD CONSTRAINT investor_rewards_campaign_id_fkey FOREIGN KEY (campaign_id) REFERENCES public.campaigns(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.investor_rewards
    ADD CONSTRAINT investor_rewards_investment_id_fkey FOREIGN KEY (investment_id) REFERENCES public.investments(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.investor_rewards
    ADD CONSTRAINT investor_rewards_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.investor_rewards
    ADD CONSTRAINT investor_rewards_tier_id_fkey FOREIGN KEY (tier_id) REFERENCES public.investment_tiers(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.investor_rewards
    ADD CONSTRAINT investor_rewards_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_accepted_by_fkey FOREIGN KEY (accepted_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_invited_by_fkey FOREIGN KEY (invited_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.invitations
    ADD CONSTRAINT invitations_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.invoices
    ADD CONSTRAINT invoices_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.license_agreements
    ADD CONSTRAINT license_agreements_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.license_agreements
    ADD CONSTRAINT license_agreements_licensee_user_id_fkey FOREIGN KEY (licensee_user_id) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.license_agreements
    ADD CONSTRAINT license_agreements_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.license_agreements
    ADD CONSTRAINT license_agreements_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.license_agreements
    ADD CONSTRAINT license_agreements_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.license_requests(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.license_catalog
    ADD CONSTRAINT license_catalog_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.license_catalog
    ADD CONSTRAINT license_catalog_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.license_request_notes
    ADD CONSTRAINT license_request_notes_author_id_fkey FOREIGN KEY (author_id) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.license_request_notes
    ADD CONSTRAINT license_request_notes_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.license_request_notes
    ADD CONSTRAINT license_request_notes_request_id_fkey FOREIGN KEY (request_id) REFERENCES public.license_requests(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.license_requests
    ADD CONSTRAINT license_requests_assigned_to_fkey FOREIGN KEY (assigned_to) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.license_requests
    ADD CONSTRAINT license_requests_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.license_requests
    ADD CONSTRAINT license_requests_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.license_requests
    ADD CONSTRAINT license_requests_requester_user_id_fkey FOREIGN KEY (requester_user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.moodboards
    ADD CONSTRAINT moodboards_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.moodboards
    ADD CONSTRAINT moodboards_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.nfts
    ADD CONSTRAINT nfts_user_badge_id_fkey FOREIGN KEY (user_badge_id) REFERENCES public.user_badges(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.nfts
    ADD CONSTRAINT nfts_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT notifications_actor_id_fkey FOREIGN KEY (actor_id) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.notifications
    ADD CONSTRAINT notifications_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.order_items
    ADD CONSTRAINT order_items_variant_id_fkey FOREIGN KEY (variant_id) REFERENCES public.product_variants(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_discount_code_id_fkey FOREIGN KEY (discount_code_id) REFERENCES public.discount_codes(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.orders
    ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE SET NULL;

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

ALTER TABLE ONLY public.plan_concurrency_limits
    ADD CONSTRAINT plan_concurrency_limits_kind_fkey FOREIGN KEY (kind) REFERENCES public.generation_kinds(kind) ON DELETE CASCADE;

ALTER TABLE ONLY public.plan_concurrency_limits
    ADD CONSTRAINT plan_concurrency_limits_plan_id_fkey FOREIGN KEY (plan_id) REFERENCES public.plans(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.plot_overviews
    ADD CONSTRAINT plot_overviews_book_id_fkey FOREIGN KEY (book_id) REFERENCES public.books(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.plot_overviews
    ADD CONSTRAINT plot_overviews_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.plot_overviews
    ADD CONSTRAINT plot_overviews_generation_id_fkey FOREIGN KEY (generation_id) REFERENCES public.generations(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.plot_overviews
    ADD CONSTRAINT plot_overviews_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.plot_overviews
    ADD CONSTRAINT plot_overviews_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.product_internals
    ADD CONSTRAINT product_internals_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.product_internals
    ADD CONSTRAINT product_internals_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.product_variants
    ADD CONSTRAINT product_variants_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.product_variants
    ADD CONSTRAINT product_variants_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.products
    ADD CONSTRAINT products_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE SET NULL;

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

ALTER TABLE ONLY public.quiz_completions
    ADD CONSTRAINT quiz_completions_book_id_fkey FOREIGN KEY (book_id) REFERENCES public.books(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.quiz_completions
    ADD CONSTRAINT quiz_completions_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.quota_limits
    ADD CONSTRAINT quota_limits_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.revenue_distributions
    ADD CONSTRAINT revenue_distributions_campaign_id_fkey FOREIGN KEY (campaign_id) REFERENCES public.campaigns(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.revenue_distributions
    ADD CONSTRAINT revenue_distributions_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.revenue_distributions
    ADD CONSTRAINT revenue_distributions_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.revenue_distributions
    ADD CONSTRAINT revenue_distributions_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE RESTRICT;

ALTER TABLE ONLY public.royalty_reports
    ADD CONSTRAINT royalty_reports_agreement_id_fkey FOREIGN KEY (agreement_id) REFERENCES public.license_agreements(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.royalty_reports
    ADD CONSTRAINT royalty_reports_licensee_user_id_fkey FOREIGN KEY (licensee_user_id) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.royalty_reports
    ADD CONSTRAINT royalty_reports_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.royalty_reports
    ADD CONSTRAINT royalty_reports_submitted_by_fkey FOREIGN KEY (submitted_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.scenes
    ADD CONSTRAINT scenes_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.scenes
    ADD CONSTRAINT scenes_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.scenes
    ADD CONSTRAINT scenes_script_id_fkey FOREIGN KEY (script_id) REFERENCES public.scripts(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.scenes
    ADD CONSTRAINT scenes_story_id_fkey FOREIGN KEY (story_id) REFERENCES public.stories(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.schedules
    ADD CONSTRAINT schedules_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.schedules
    ADD CONSTRAINT schedules_kind_fkey FOREIGN KEY (kind) REFERENCES public.generation_kinds(kind);

ALTER TABLE ONLY public.schedules
    ADD CONSTRAINT schedules_last_generation_id_fkey FOREIGN KEY (last_generation_id) REFERENCES public.generations(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.schedules
    ADD CONSTRAINT schedules_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.schedules
    ADD CONSTRAINT schedules_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.schedules
    ADD CONSTRAINT schedules_workflow_id_fkey FOREIGN KEY (workflow_id) REFERENCES public.workflows(id) ON DELETE CASCADE;

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

ALTER TABLE ONLY public.template_versions
    ADD CONSTRAINT template_versions_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.template_versions
    ADD CONSTRAINT template_versions_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.template_versions
    ADD CONSTRAINT template_versions_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.template_versions
    ADD CONSTRAINT template_versions_template_id_fkey FOREIGN KEY (template_id) REFERENCES public.templates(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.templates
    ADD CONSTRAINT templates_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.templates
    ADD CONSTRAINT templates_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.templates
    ADD CONSTRAINT templates_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.universes
    ADD CONSTRAINT universes_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.universes
    ADD CONSTRAINT universes_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.user_badges
    ADD CONSTRAINT user_badges_awarded_by_fkey FOREIGN KEY (awarded_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.user_badges
    ADD CONSTRAINT user_badges_badge_id_fkey FOREIGN KEY (badge_id) REFERENCES public.badges(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.user_badges
    ADD CONSTRAINT user_badges_community_id_fkey FOREIGN KEY (community_id) REFERENCES public.communities(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.user_badges
    ADD CONSTRAINT user_badges_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.user_follows
    ADD CONSTRAINT user_follows_follower_id_fkey FOREIGN KEY (follower_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.user_follows
    ADD CONSTRAINT user_follows_following_id_fkey FOREIGN KEY (following_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.user_progress
    ADD CONSTRAINT user_progress_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

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

ALTER TABLE ONLY public.watch_history
    ADD CONSTRAINT watch_history_content_id_fkey FOREIGN KEY (content_id) REFERENCES public.contents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.watch_history
    ADD CONSTRAINT watch_history_episode_id_fkey FOREIGN KEY (episode_id) REFERENCES public.content_episodes(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.watch_history
    ADD CONSTRAINT watch_history_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.watchlists
    ADD CONSTRAINT watchlists_content_id_fkey FOREIGN KEY (content_id) REFERENCES public.contents(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.watchlists
    ADD CONSTRAINT watchlists_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.users(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.webhooks
    ADD CONSTRAINT webhooks_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.webhooks
    ADD CONSTRAINT webhooks_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.workflow_node_types
    ADD CONSTRAINT workflow_node_types_kind_fkey FOREIGN KEY (kind) REFERENCES public.generation_kinds(kind);

ALTER TABLE ONLY public.workflow_runs
    ADD CONSTRAINT workflow_runs_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.workflow_runs
    ADD CONSTRAINT workflow_runs_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.workflow_runs
    ADD CONSTRAINT workflow_runs_render_generation_id_fkey FOREIGN KEY (render_generation_id) REFERENCES public.generations(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.workflow_runs
    ADD CONSTRAINT workflow_runs_schedule_id_fkey FOREIGN KEY (schedule_id) REFERENCES public.schedules(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.workflow_runs
    ADD CONSTRAINT workflow_runs_started_by_fkey FOREIGN KEY (started_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.workflow_runs
    ADD CONSTRAINT workflow_runs_workflow_id_fkey FOREIGN KEY (workflow_id) REFERENCES public.workflows(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.workflow_runs
    ADD CONSTRAINT workflow_runs_workflow_version_id_fkey FOREIGN KEY (workflow_version_id) REFERENCES public.workflow_versions(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.workflow_versions
    ADD CONSTRAINT workflow_versions_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.workflow_versions
    ADD CONSTRAINT workflow_versions_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.workflow_versions
    ADD CONSTRAINT workflow_versions_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.workflow_versions
    ADD CONSTRAINT workflow_versions_workflow_id_fkey FOREIGN KEY (workflow_id) REFERENCES public.workflows(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.workflows
    ADD CONSTRAINT workflows_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.users(id) ON DELETE SET NULL;

ALTER TABLE ONLY public.workflows
    ADD CONSTRAINT workflows_organization_id_fkey FOREIGN KEY (organization_id) REFERENCES public.organizations(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.workflows
    ADD CONSTRAINT workflows_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY storage.objects
    ADD CONSTRAINT objects_bucket_id_fkey FOREIGN KEY (bucket_id) REFERENCES storage.buckets(id);

ALTER TABLE private.content_match_scores ENABLE ROW LEVEL SECURITY;

CREATE POLICY content_match_scores_own ON private.content_match_scores FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE private.content_trending ENABLE ROW LEVEL SECURITY;

CREATE POLICY content_trending_select ON private.content_trending FOR SELECT TO anon, authenticated USING (true);

ALTER TABLE private.daily_counts ENABLE ROW LEVEL SECURITY;

CREATE POLICY daily_counts_insert ON private.daily_counts FOR INSERT TO authenticated WITH CHECK (((user_id = ( SELECT auth.uid() AS uid)) AND (counted_on = ((now() AT TIME ZONE 'UTC'::text))::date) AND
CASE subject
    WHEN 'discussion'::text THEN (EXISTS ( SELECT
       FROM public.discussions d
      WHERE (d.id = daily_counts.subject_id)))
    WHEN 'fan_content'::text THEN (EXISTS ( SELECT
       FROM public.fan_contents f
      WHERE (f.id = daily_counts.subject_id)))
    WHEN 'product'::text THEN (EXISTS ( SELECT
       FROM public.products p
      WHERE (p.id = daily_counts.subject_id)))
    ELSE false
END));

CREATE POLICY daily_counts_select_own ON private.daily_counts FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE private.viewer_tastes ENABLE ROW LEVEL SECURITY;

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

CREATE POLICY audit_logs_select ON public.audit_logs FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT m.organization_id
   FROM private.my_memberships m
  WHERE (m.role >= 'admin'::public.member_role)))));

ALTER TABLE public.badges ENABLE ROW LEVEL SECURITY;

CREATE POLICY badges_select ON public.badges FOR SELECT TO anon, authenticated USING (((community_id IS NULL) OR (community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids)))));

CREATE POLICY badges_write ON public.badges TO authenticated USING ((community_id = ANY (ARRAY( SELECT private.moderated_community_ids('admin'::text) AS moderated_community_ids)))) WITH CHECK ((community_id = ANY (ARRAY( SELECT private.moderated_community_ids('admin'::text) AS moderated_community_ids))));

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

ALTER TABLE public.campaign_updates ENABLE ROW LEVEL SECURITY;

CREATE POLICY campaign_updates_select ON public.campaign_updates FOR SELECT TO anon, authenticated USING (((EXISTS ( SELECT 1
   FROM public.campaigns c
  WHERE (c.id = campaign_updates.campaign_id))) AND ((visibility = 'public'::text) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) OR (campaign_id = ANY (ARRAY( SELECT private.my_backed_campaign_ids() AS my_backed_campaign_ids))))));

CREATE POLICY campaign_updates_write ON public.campaign_updates TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

ALTER TABLE public.campaigns ENABLE ROW LEVEL SECURITY;

CREATE POLICY campaigns_delete ON public.campaigns FOR DELETE TO authenticated USING (((status = 'draft'::text) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));

CREATE POLICY campaigns_insert ON public.campaigns FOR INSERT TO authenticated WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

CREATE POLICY campaigns_select ON public.campaigns FOR SELECT TO anon, authenticated USING (((project_deleted_at IS NULL) AND ((status = ANY (ARRAY['active'::text, 'funded'::text, 'failed'::text, 'completed'::text])) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (id = ANY (ARRAY( SELECT private.my_invested_campaign_ids() AS my_invested_campaign_ids))))));

CREATE POLICY campaigns_update ON public.campaigns FOR UPDATE TO authenticated USING (((project_deleted_at IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))))) WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

ALTER TABLE public.cart_items ENABLE ROW LEVEL SECURITY;

CREATE POLICY cart_items_own ON public.cart_items TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid))) WITH CHECK ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.carts ENABLE ROW LEVEL SECURITY;

CREATE POLICY carts_own ON public.carts TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid))) WITH CHECK ((user_id = ( SELECT auth.uid() AS uid)));

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

ALTER TABLE public.communities ENABLE ROW LEVEL SECURITY;

CREATE POLICY communities_delete ON public.communities FOR DELETE TO authenticated USING (((id = ANY (ARRAY( SELECT private.moderated_community_ids('owner'::text) AS moderated_community_ids))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));

CREATE POLICY communities_insert ON public.communities FOR INSERT TO authenticated WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

CREATE POLICY communities_select ON public.communities FOR SELECT TO anon, authenticated USING (((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) OR (id = ANY (ARRAY( SELECT private.listed_community_ids() AS listed_community_ids)))));

CREATE POLICY communities_update ON public.communities FOR UPDATE TO authenticated USING ((id = ANY (ARRAY( SELECT private.moderated_community_ids('admin'::text) AS moderated_community_ids)))) WITH CHECK ((id = ANY (ARRAY( SELECT private.moderated_community_ids('admin'::text) AS moderated_community_ids))));

ALTER TABLE public.community_members ENABLE ROW LEVEL SECURITY;

CREATE POLICY community_members_leave ON public.community_members FOR DELETE TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) AND (status <> 'banned'::text) AND (role <> 'owner'::text)));

CREATE POLICY community_members_select ON public.community_members FOR SELECT TO anon, authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) OR ((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))) AND (status = ANY (ARRAY['active'::text, 'muted'::text]))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));

CREATE POLICY community_members_update_own ON public.community_members FOR UPDATE TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid))) WITH CHECK ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.content_categories ENABLE ROW LEVEL SECURITY;

CREATE POLICY content_categories_select ON public.content_categories FOR SELECT TO anon, authenticated USING (is_active);

ALTER TABLE public.content_category_items ENABLE ROW LEVEL SECURITY;

CREATE POLICY content_category_items_select ON public.content_category_items FOR SELECT TO anon, authenticated USING ((EXISTS ( SELECT 1
   FROM public.contents c
  WHERE (c.id = content_category_items.content_id))));

CREATE POLICY content_category_items_write ON public.content_category_items TO authenticated USING ((EXISTS ( SELECT 1
   FROM public.contents c
  WHERE ((c.id = content_category_items.content_id) AND (c.organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))))))) WITH CHECK ((EXISTS ( SELECT 1
   FROM public.contents c
  WHERE ((c.id = content_category_items.content_id) AND (c.organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))))));

ALTER TABLE public.content_completions ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.content_daily_stats ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.content_episodes ENABLE ROW LEVEL SECURITY;

CREATE POLICY content_episodes_select ON public.content_episodes FOR SELECT TO anon, authenticated USING ((EXISTS ( SELECT 1
   FROM public.contents c
  WHERE (c.id = content_episodes.content_id))));

CREATE POLICY content_episodes_write ON public.content_episodes TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

ALTER TABLE public.content_likes ENABLE ROW LEVEL SECURITY;

CREATE POLICY content_likes_own ON public.content_likes TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid))) WITH CHECK ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.content_ratings ENABLE ROW LEVEL SECURITY;

CREATE POLICY content_ratings_delete ON public.content_ratings FOR DELETE TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

CREATE POLICY content_ratings_insert ON public.content_ratings FOR INSERT TO authenticated WITH CHECK ((user_id = ( SELECT auth.uid() AS uid)));

CREATE POLICY content_ratings_select ON public.content_ratings FOR SELECT TO anon, authenticated USING ((EXISTS ( SELECT 1
   FROM public.contents c
  WHERE (c.id = content_ratings.content_id))));

CREATE POLICY content_ratings_update ON public.content_ratings FOR UPDATE TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid))) WITH CHECK ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.content_seasons ENABLE ROW LEVEL SECURITY;

CREATE POLICY content_seasons_select ON public.content_seasons FOR SELECT TO anon, authenticated USING ((EXISTS ( SELECT 1
   FROM public.contents c
  WHERE (c.id = content_seasons.content_id))));

CREATE POLICY content_seasons_write ON public.content_seasons TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

ALTER TABLE public.content_views ENABLE ROW LEVEL SECURITY;

CREATE POLICY content_views_own ON public.content_views FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.contents ENABLE ROW LEVEL SECURITY;

CREATE POLICY contents_delete ON public.contents FOR DELETE TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

CREATE POLICY contents_insert ON public.contents FOR INSERT TO authenticated WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

CREATE POLICY contents_select ON public.contents FOR SELECT TO anon, authenticated USING (((project_deleted_at IS NULL) AND (((status = 'published'::text) AND (visibility_rank <= ( SELECT private.my_watch_rank() AS my_watch_rank))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))))));

CREATE POLICY contents_update ON public.contents FOR UPDATE TO authenticated USING (((project_deleted_at IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))))) WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

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

ALTER TABLE public.discount_codes ENABLE ROW LEVEL SECURITY;

CREATE POLICY discount_codes_select ON public.discount_codes FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

CREATE POLICY discount_codes_write ON public.discount_codes TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

ALTER TABLE public.discussion_comments ENABLE ROW LEVEL SECURITY;

CREATE POLICY discussion_comments_delete ON public.discussion_comments FOR DELETE TO authenticated USING (((author_id = ( SELECT auth.uid() AS uid)) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));

CREATE POLICY discussion_comments_insert ON public.discussion_comments FOR INSERT TO authenticated WITH CHECK (((community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids))) AND (author_id = ( SELECT auth.uid() AS uid))));

CREATE POLICY discussion_comments_select ON public.discussion_comments FOR SELECT TO anon, authenticated USING ((((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))) AND (status = 'published'::text)) OR ((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));

CREATE POLICY discussion_comments_update ON public.discussion_comments FOR UPDATE TO authenticated USING ((((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids))))) WITH CHECK ((((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));

ALTER TABLE public.discussion_poll_votes ENABLE ROW LEVEL SECURITY;

CREATE POLICY discussion_poll_votes_delete ON public.discussion_poll_votes FOR DELETE TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

CREATE POLICY discussion_poll_votes_insert ON public.discussion_poll_votes FOR INSERT TO authenticated WITH CHECK (((user_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))));

CREATE POLICY discussion_poll_votes_select ON public.discussion_poll_votes FOR SELECT TO anon, authenticated USING ((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))));

ALTER TABLE public.discussion_votes ENABLE ROW LEVEL SECURITY;

CREATE POLICY discussion_votes_delete ON public.discussion_votes FOR DELETE TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

CREATE POLICY discussion_votes_insert ON public.discussion_votes FOR INSERT TO authenticated WITH CHECK (((user_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))));

CREATE POLICY discussion_votes_select ON public.discussion_votes FOR SELECT TO anon, authenticated USING ((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))));

CREATE POLICY discussion_votes_update ON public.discussion_votes FOR UPDATE TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids))))) WITH CHECK ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.discussions ENABLE ROW LEVEL SECURITY;

CREATE POLICY discussions_delete ON public.discussions FOR DELETE TO authenticated USING (((author_id = ( SELECT auth.uid() AS uid)) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));

CREATE POLICY discussions_insert ON public.discussions FOR INSERT TO authenticated WITH CHECK (((community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids))) AND (author_id = ( SELECT auth.uid() AS uid))));

CREATE POLICY discussions_select ON public.discussions FOR SELECT TO anon, authenticated USING ((((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))) AND (status = 'published'::text)) OR ((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));

CREATE POLICY discussions_update ON public.discussions FOR UPDATE TO authenticated USING ((((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids))))) WITH CHECK ((((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));

ALTER TABLE public.event_rsvps ENABLE ROW LEVEL SECURITY;

CREATE POLICY event_rsvps_delete ON public.event_rsvps FOR DELETE TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

CREATE POLICY event_rsvps_insert ON public.event_rsvps FOR INSERT TO authenticated WITH CHECK (((user_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))));

CREATE POLICY event_rsvps_select ON public.event_rsvps FOR SELECT TO authenticated USING ((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))));

CREATE POLICY event_rsvps_update ON public.event_rsvps FOR UPDATE TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids))))) WITH CHECK ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.events ENABLE ROW LEVEL SECURITY;

CREATE POLICY events_select ON public.events FOR SELECT TO anon, authenticated USING ((((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))) AND (status <> 'draft'::text)) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));

CREATE POLICY events_write ON public.events TO authenticated USING ((community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))) WITH CHECK ((community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids))));

ALTER TABLE public.fan_content_comments ENABLE ROW LEVEL SECURITY;

CREATE POLICY fan_content_comments_delete ON public.fan_content_comments FOR DELETE TO authenticated USING (((author_id = ( SELECT auth.uid() AS uid)) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));

CREATE POLICY fan_content_comments_insert ON public.fan_content_comments FOR INSERT TO authenticated WITH CHECK (((community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids))) AND (author_id = ( SELECT auth.uid() AS uid))));

CREATE POLICY fan_content_comments_select ON public.fan_content_comments FOR SELECT TO anon, authenticated USING ((((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))) AND (status = 'published'::text)) OR ((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));

CREATE POLICY fan_content_comments_update ON public.fan_content_comments FOR UPDATE TO authenticated USING ((((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids))))) WITH CHECK ((((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));

ALTER TABLE public.fan_content_likes ENABLE ROW LEVEL SECURITY;

CREATE POLICY fan_content_likes_delete ON public.fan_content_likes FOR DELETE TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

CREATE POLICY fan_content_likes_insert ON public.fan_content_likes FOR INSERT TO authenticated WITH CHECK (((user_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))));

CREATE POLICY fan_content_likes_select ON public.fan_content_likes FOR SELECT TO anon, authenticated USING ((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))));

ALTER TABLE public.fan_contents ENABLE ROW LEVEL SECURITY;

CREATE POLICY fan_contents_delete ON public.fan_contents FOR DELETE TO authenticated USING (((author_id = ( SELECT auth.uid() AS uid)) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));

CREATE POLICY fan_contents_insert ON public.fan_contents FOR INSERT TO authenticated WITH CHECK (((community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids))) AND (author_id = ( SELECT auth.uid() AS uid))));

CREATE POLICY fan_contents_select ON public.fan_contents FOR SELECT TO anon, authenticated USING ((((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))) AND (status = 'published'::text)) OR ((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));

CREATE POLICY fan_contents_update ON public.fan_contents FOR UPDATE TO authenticated USING ((((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids))))) WITH CHECK ((((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));

ALTER TABLE public.feature_flags ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.feedback ENABLE ROW LEVEL SECURITY;

CREATE POLICY feedback_insert ON public.feedback FOR INSERT TO authenticated WITH CHECK (((created_by = ( SELECT auth.uid() AS uid)) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.commentable_project_ids() AS commentable_project_ids))))));

CREATE POLICY feedback_select ON public.feedback FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY feedback_update ON public.feedback FOR UPDATE TO authenticated USING ((((created_by = ( SELECT auth.uid() AS uid)) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.commentable_project_ids() AS commentable_project_ids))))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))))) WITH CHECK ((((created_by = ( SELECT auth.uid() AS uid)) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.commentable_project_ids() AS commentable_project_ids))))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));

ALTER TABLE public.generation_inputs ENABLE ROW LEVEL SECURITY;

CREATE POLICY generation_inputs_select ON public.generation_inputs FOR SELECT TO authenticated USING (((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) AND ((project_id IS NULL) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))))));

ALTER TABLE public.generation_kinds ENABLE ROW LEVEL SECURITY;

CREATE POLICY generation_kinds_select ON public.generation_kinds FOR SELECT TO anon, authenticated USING (true);

ALTER TABLE public.generation_prices ENABLE ROW LEVEL SECURITY;

CREATE POLICY generation_prices_select ON public.generation_prices FOR SELECT TO anon, authenticated USING (true);

ALTER TABLE public.generations ENABLE ROW LEVEL SECURITY;

CREATE POLICY generations_select ON public.generations FOR SELECT TO authenticated USING (((deleted_at IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) AND ((project_id IS NULL) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))))));

ALTER TABLE public.investment_tiers ENABLE ROW LEVEL SECURITY;

CREATE POLICY investment_tiers_select ON public.investment_tiers FOR SELECT TO anon, authenticated USING ((EXISTS ( SELECT 1
   FROM public.campaigns c
  WHERE (c.id = investment_tiers.campaign_id))));

CREATE POLICY investment_tiers_write ON public.investment_tiers TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

ALTER TABLE public.investments ENABLE ROW LEVEL SECURITY;

CREATE POLICY investments_own ON public.investments FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.investor_payouts ENABLE ROW LEVEL SECURITY;

CREATE POLICY investor_payouts_select ON public.investor_payouts FOR SELECT TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));

ALTER TABLE public.investor_rewards ENABLE ROW LEVEL SECURITY;

CREATE POLICY investor_rewards_fulfil ON public.investor_rewards FOR UPDATE TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

CREATE POLICY investor_rewards_select ON public.investor_rewards FOR SELECT TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))));

ALTER TABLE public.invitations ENABLE ROW LEVEL SECURITY;

CREATE POLICY invitations_select ON public.invitations FOR SELECT TO authenticated USING (((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))) OR (lower(email) = lower(( SELECT auth.email() AS email)))));

ALTER TABLE public.invoices ENABLE ROW LEVEL SECURITY;

CREATE POLICY invoices_select ON public.invoices FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

ALTER TABLE public.job_logs ENABLE ROW LEVEL SECURITY;

CREATE POLICY job_logs_select ON public.job_logs FOR SELECT TO authenticated USING (((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) AND ((project_id IS NULL) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))))));

ALTER TABLE public.license_agreements ENABLE ROW LEVEL SECURITY;

CREATE POLICY license_agreements_select ON public.license_agreements FOR SELECT TO authenticated USING (((licensee_user_id = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))));

ALTER TABLE public.license_catalog ENABLE ROW LEVEL SECURITY;

CREATE POLICY license_catalog_select ON public.license_catalog FOR SELECT TO anon, authenticated USING (((is_available AND (organization_id <> ALL (ARRAY( SELECT private.deleted_org_ids() AS deleted_org_ids)))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))));

CREATE POLICY license_catalog_write ON public.license_catalog TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

ALTER TABLE public.license_request_notes ENABLE ROW LEVEL SECURITY;

CREATE POLICY license_request_notes_delete ON public.license_request_notes FOR DELETE TO authenticated USING ((((author_id = ( SELECT auth.uid() AS uid)) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));

CREATE POLICY license_request_notes_insert ON public.license_request_notes FOR INSERT TO authenticated WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

CREATE POLICY license_request_notes_select ON public.license_request_notes FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

ALTER TABLE public.license_requests ENABLE ROW LEVEL SECURITY;

CREATE POLICY license_requests_insert ON public.license_requests FOR INSERT TO authenticated WITH CHECK ((requester_user_id = ( SELECT auth.uid() AS uid)));

CREATE POLICY license_requests_select ON public.license_requests FOR SELECT TO authenticated USING (((requester_user_id = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))));

ALTER TABLE public.model_metrics ENABLE ROW LEVEL SECURITY;

ALTER TABLE public.moodboards ENABLE ROW LEVEL SECURITY;

CREATE POLICY moodboards_delete ON public.moodboards FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY moodboards_insert ON public.moodboards FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY moodboards_select ON public.moodboards FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY moodboards_update ON public.moodboards FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.nfts ENABLE ROW LEVEL SECURITY;

CREATE POLICY nfts_own ON public.nfts FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.notifications ENABLE ROW LEVEL SECURITY;

CREATE POLICY notifications_delete ON public.notifications FOR DELETE TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

CREATE POLICY notifications_select ON public.notifications FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.order_items ENABLE ROW LEVEL SECURITY;

CREATE POLICY order_items_select ON public.order_items FOR SELECT TO authenticated USING (((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) OR (order_id IN ( SELECT o.id
   FROM public.orders o
  WHERE (o.user_id = ( SELECT auth.uid() AS uid))))));

ALTER TABLE public.orders ENABLE ROW LEVEL SECURITY;

CREATE POLICY orders_select ON public.orders FOR SELECT TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))));

ALTER TABLE public.organization_members ENABLE ROW LEVEL SECURITY;

CREATE POLICY organization_members_select ON public.organization_members FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

ALTER TABLE public.organizations ENABLE ROW LEVEL SECURITY;

CREATE POLICY organizations_select ON public.organizations FOR SELECT TO authenticated USING ((id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

CREATE POLICY organizations_update ON public.organizations FOR UPDATE TO authenticated USING ((id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))) WITH CHECK ((id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

ALTER TABLE public.performance_predictions ENABLE ROW LEVEL SECURITY;

CREATE POLICY performance_predictions_select ON public.performance_predictions FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

ALTER TABLE public.plan_concurrency_limits ENABLE ROW LEVEL SECURITY;

CREATE POLICY plan_concurrency_limits_select ON public.plan_concurrency_limits FOR SELECT TO anon, authenticated USING (true);

ALTER TABLE public.plans ENABLE ROW LEVEL SECURITY;

CREATE POLICY plans_select ON public.plans FOR SELECT TO anon, authenticated USING (is_public);

ALTER TABLE public.plot_overviews ENABLE ROW LEVEL SECURITY;

CREATE POLICY plot_overviews_delete ON public.plot_overviews FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY plot_overviews_insert ON public.plot_overviews FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY plot_overviews_select ON public.plot_overviews FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY plot_overviews_update ON public.plot_overviews FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.product_internals ENABLE ROW LEVEL SECURITY;

CREATE POLICY product_internals_select ON public.product_internals FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

CREATE POLICY product_internals_write ON public.product_internals TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

ALTER TABLE public.product_variants ENABLE ROW LEVEL SECURITY;

CREATE POLICY product_variants_select ON public.product_variants FOR SELECT TO anon, authenticated USING (((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) OR (is_active AND (product_id IN ( SELECT p.id
   FROM public.products p)))));

CREATE POLICY product_variants_write ON public.product_variants TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

ALTER TABLE public.products ENABLE ROW LEVEL SECURITY;

CREATE POLICY products_delete ON public.products FOR DELETE TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

CREATE POLICY products_insert ON public.products FOR INSERT TO authenticated WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

CREATE POLICY products_select ON public.products FOR SELECT TO anon, authenticated USING ((((status = ANY (ARRAY['active'::text, 'out_of_stock'::text])) AND (visibility <> 'private'::text) AND (organization_id <> ALL (ARRAY( SELECT private.deleted_org_ids() AS deleted_org_ids)))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))));

CREATE POLICY products_update ON public.products FOR UPDATE TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

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

CREATE POLICY projects_select ON public.projects FOR SELECT TO anon, authenticated USING ((((deleted_at IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) AND ((visibility <> 'private'::text) OR (created_by = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))))) OR (id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids)))));

CREATE POLICY projects_update ON public.projects FOR UPDATE TO authenticated USING ((id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))) WITH CHECK ((id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))));

ALTER TABLE public.prompt_ratings ENABLE ROW LEVEL SECURITY;

CREATE POLICY prompt_ratings_own ON public.prompt_ratings TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid))) WITH CHECK (((user_id = ( SELECT auth.uid() AS uid)) AND (prompt_id IN ( SELECT p.id
   FROM public.prompts p))));

CREATE POLICY prompt_ratings_select ON public.prompt_ratings FOR SELECT TO anon, authenticated USING ((prompt_id IN ( SELECT p.id
   FROM public.prompts p)));

ALTER TABLE public.prompt_uses ENABLE ROW LEVEL SECURITY;

CREATE POLICY prompt_uses_select ON public.prompt_uses FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.prompts ENABLE ROW LEVEL SECURITY;

CREATE POLICY prompts_delete ON public.prompts FOR DELETE TO authenticated USING ((((created_by = ( SELECT auth.uid() AS uid)) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));

CREATE POLICY prompts_insert ON public.prompts FOR INSERT TO authenticated WITH CHECK (((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))) AND (created_by = ( SELECT auth.uid() AS uid))));

CREATE POLICY prompts_select ON public.prompts FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (is_public OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))))));

CREATE POLICY prompts_update ON public.prompts FOR UPDATE TO authenticated USING ((((created_by = ( SELECT auth.uid() AS uid)) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))))) WITH CHECK ((((created_by = ( SELECT auth.uid() AS uid)) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));

ALTER TABLE public.provider_credentials ENABLE ROW LEVEL SECURITY;

CREATE POLICY provider_credentials_delete ON public.provider_credentials FOR DELETE TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

CREATE POLICY provider_credentials_select ON public.provider_credentials FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));

CREATE POLICY provider_credentials_update ON public.provider_credentials FOR UPDATE TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))) WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

ALTER TABLE public.quiz_completions ENABLE ROW LEVEL SECURITY;

CREATE POLICY quiz_completions_own ON public.quiz_completions FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.quota_limits ENABLE ROW LEVEL SECURITY;

CREATE POLICY quota_limits_select ON public.quota_limits FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

ALTER TABLE public.revenue_distributions ENABLE ROW LEVEL SECURITY;

CREATE POLICY revenue_distributions_select ON public.revenue_distributions FOR SELECT TO authenticated USING (((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) OR (campaign_id = ANY (ARRAY( SELECT private.my_invested_campaign_ids() AS my_invested_campaign_ids)))));

ALTER TABLE public.royalty_reports ENABLE ROW LEVEL SECURITY;

CREATE POLICY royalty_reports_insert ON public.royalty_reports FOR INSERT TO authenticated WITH CHECK ((licensee_user_id = ( SELECT auth.uid() AS uid)));

CREATE POLICY royalty_reports_select ON public.royalty_reports FOR SELECT TO authenticated USING (((licensee_user_id = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))));

CREATE POLICY royalty_reports_update ON public.royalty_reports FOR UPDATE TO authenticated USING (((licensee_user_id = ( SELECT auth.uid() AS uid)) AND (status = ANY (ARRAY['pending'::text, 'disputed'::text])))) WITH CHECK ((licensee_user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.scenes ENABLE ROW LEVEL SECURITY;

CREATE POLICY scenes_delete ON public.scenes FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY scenes_insert ON public.scenes FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY scenes_select ON public.scenes FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY scenes_update ON public.scenes FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.schedules ENABLE ROW LEVEL SECURITY;

CREATE POLICY schedules_delete ON public.schedules FOR DELETE TO authenticated USING ((project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))));

CREATE POLICY schedules_insert ON public.schedules FOR INSERT TO authenticated WITH CHECK ((project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))));

CREATE POLICY schedules_select ON public.schedules FOR SELECT TO authenticated USING ((project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))));

CREATE POLICY schedules_update ON public.schedules FOR UPDATE TO authenticated USING ((project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))) WITH CHECK ((project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))));

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

ALTER TABLE public.template_versions ENABLE ROW LEVEL SECURITY;

CREATE POLICY template_versions_select ON public.template_versions FOR SELECT TO anon, authenticated USING ((template_id = ANY (ARRAY( SELECT private.readable_template_ids() AS readable_template_ids))));

ALTER TABLE public.templates ENABLE ROW LEVEL SECURITY;

CREATE POLICY templates_delete ON public.templates FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY templates_insert ON public.templates FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY templates_select ON public.templates FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (is_public AND (organization_id <> ALL (ARRAY( SELECT private.deleted_org_ids() AS deleted_org_ids)))))));

CREATE POLICY templates_update ON public.templates FOR UPDATE TO authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.universes ENABLE ROW LEVEL SECURITY;

CREATE POLICY universes_delete ON public.universes FOR DELETE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY universes_insert ON public.universes FOR INSERT TO authenticated WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

CREATE POLICY universes_select ON public.universes FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

CREATE POLICY universes_update ON public.universes FOR UPDATE TO authenticated USING ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids)))));

ALTER TABLE public.usage_events ENABLE ROW LEVEL SECURITY;

CREATE POLICY usage_events_select ON public.usage_events FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));

ALTER TABLE public.user_badges ENABLE ROW LEVEL SECURITY;

CREATE POLICY user_badges_display ON public.user_badges FOR UPDATE TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid))) WITH CHECK ((user_id = ( SELECT auth.uid() AS uid)));

CREATE POLICY user_badges_select ON public.user_badges FOR SELECT TO anon, authenticated USING (((community_id IS NULL) OR (community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids)))));

ALTER TABLE public.user_follows ENABLE ROW LEVEL SECURITY;

CREATE POLICY user_follows_delete ON public.user_follows FOR DELETE TO authenticated USING ((follower_id = ( SELECT auth.uid() AS uid)));

CREATE POLICY user_follows_insert ON public.user_follows FOR INSERT TO authenticated WITH CHECK ((follower_id = ( SELECT auth.uid() AS uid)));

CREATE POLICY user_follows_select ON public.user_follows FOR SELECT TO authenticated USING (true);

ALTER TABLE public.user_progress ENABLE ROW LEVEL SECURITY;

CREATE POLICY user_progress_own ON public.user_progress FOR SELECT TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.user_roles ENABLE ROW LEVEL SECURITY;

CREATE POLICY user_roles_select ON public.user_roles FOR SELECT TO authenticated USING (((user_id = ( SELECT auth.uid() AS uid)) OR ( SELECT private.has_platform_role('admin'::text) AS has_platform_role)));

ALTER TABLE public.versions ENABLE ROW LEVEL SECURITY;

CREATE POLICY versions_select ON public.versions FOR SELECT TO anon, authenticated USING (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

ALTER TABLE public.watch_history ENABLE ROW LEVEL SECURITY;

CREATE POLICY watch_history_own ON public.watch_history TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid))) WITH CHECK ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.watchlists ENABLE ROW LEVEL SECURITY;

CREATE POLICY watchlists_own ON public.watchlists TO authenticated USING ((user_id = ( SELECT auth.uid() AS uid))) WITH CHECK ((user_id = ( SELECT auth.uid() AS uid)));

ALTER TABLE public.webhook_deliveries ENABLE ROW LEVEL SECURITY;

CREATE POLICY webhook_deliveries_select ON public.webhook_deliveries FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

ALTER TABLE public.webhooks ENABLE ROW LEVEL SECURITY;

CREATE POLICY webhooks_delete ON public.webhooks FOR DELETE TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

CREATE POLICY webhooks_select ON public.webhooks FOR SELECT TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

CREATE POLICY webhooks_update ON public.webhooks FOR UPDATE TO authenticated USING ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))) WITH CHECK ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

ALTER TABLE public.workflow_node_types ENABLE ROW LEVEL SECURITY;

CREATE POLICY workflow_node_types_select ON public.workflow_node_types FOR SELECT TO anon, authenticated USING (true);

ALTER TABLE public.workflow_runs ENABLE ROW LEVEL SECURITY;

CREATE POLICY workflow_runs_select ON public.workflow_runs FOR SELECT TO authenticated USING ((workflow_id = ANY (ARRAY( SELECT private.readable_workflow_ids() AS readable_workflow_ids))));

ALTER TABLE public.workflow_versions ENABLE ROW LEVEL SECURITY;

CREATE POLICY workflow_versions_select ON public.workflow_versions FOR SELECT TO authenticated USING ((workflow_id = ANY (ARRAY( SELECT private.readable_workflow_ids() AS readable_workflow_ids))));

ALTER TABLE public.workflows ENABLE ROW LEVEL SECURITY;

CREATE POLICY workflows_delete ON public.workflows FOR DELETE TO authenticated USING ((project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))));

CREATE POLICY workflows_insert ON public.workflows FOR INSERT TO authenticated WITH CHECK ((project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))));

CREATE POLICY workflows_select ON public.workflows FOR SELECT TO authenticated USING (((deleted_at IS NULL) AND (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids)))));

CREATE POLICY workflows_update ON public.workflows FOR UPDATE TO authenticated USING (((deleted_at IS NULL) AND (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))) WITH CHECK ((project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))));

ALTER TABLE storage.buckets ENABLE ROW LEVEL SECURITY;

CREATE POLICY media_bucket_select ON storage.buckets FOR SELECT TO authenticated USING ((id = 'media'::text));

CREATE POLICY media_delete ON storage.objects FOR DELETE TO authenticated USING (((bucket_id = 'media'::text) AND ((storage.foldername(name))[1] = ANY (ARRAY( SELECT (org_id.org_id)::text AS org_id
   FROM private.my_org_ids('editor'::public.member_role) org_id(org_id))))));

CREATE POLICY media_insert ON storage.objects FOR INSERT TO authenticated WITH CHECK (((bucket_id = 'media'::text) AND ((storage.foldername(name))[1] = ANY (ARRAY( SELECT (org_id.org_id)::text AS org_id
   FROM private.my_org_ids('editor'::public.member_role) org_id(org_id))))));

CREATE POLICY media_select_members ON storage.objects FOR SELECT TO authenticated USING (((bucket_id = 'media'::text) AND ((storage.foldername(name))[1] = ANY (ARRAY( SELECT (org_id.org_id)::text AS org_id
   FROM private.my_org_ids() org_id(org_id)))) AND (NOT (EXISTS ( SELECT 1
   FROM private.withheld_media w
  WHERE ((w.organization_id =
        CASE
            WHEN (objects.name ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/'::text) THEN ("left"(objects.name, 36))::uuid
            ELSE NULL::uuid
        END) AND (w.storage_bucket = objects.bucket_id) AND (w.storage_path = substr(objects.name, 38)) AND (w.deleted OR (w.project_id <> ALL (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))))))))));

CREATE POLICY media_select_public ON storage.objects FOR SELECT TO anon, authenticated USING (((bucket_id = 'media'::text) AND (EXISTS ( SELECT 1
   FROM public.assets a
  WHERE ((a.organization_id =
        CASE
            WHEN (objects.name ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/'::text) THEN ("left"(objects.name, 36))::uuid
            ELSE NULL::uuid
        END) AND (a.storage_provider = 'supabase'::text) AND (a.storage_bucket = objects.bucket_id) AND (a.storage_path = substr(objects.name, 38)) AND (a.deleted_at IS NULL) AND (a.status = 'ready'::text) AND (a.project_id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))))));

CREATE POLICY media_update ON storage.objects FOR UPDATE TO authenticated USING (((bucket_id = 'media'::text) AND ((storage.foldername(name))[1] = ANY (ARRAY( SELECT (org_id.org_id)::text AS org_id
   FROM private.my_org_ids('editor'::public.member_role) org_id(org_id)))))) WITH CHECK (((bucket_id = 'media'::text) AND ((storage.foldername(name))[1] = ANY (ARRAY( SELECT (org_id.org_id)::text AS org_id
   FROM private.my_org_ids('editor'::public.member_role) org_id(org_id))))));

ALTER TABLE storage.objects ENABLE ROW LEVEL SECURITY;

CREATE PUBLICATION supabase_realtime WITH (publish = 'insert, update, delete, truncate');

ALTER PUBLICATION supabase_realtime ADD TABLE ONLY public.animations;

ALTER PUBLICATION supabase_realtime ADD TABLE ONLY public.generations;

ALTER PUBLICATION supabase_realtime ADD TABLE ONLY public.moodboards;

ALTER PUBLICATION supabase_realtime ADD TABLE ONLY public.schedules;

ALTER PUBLICATION supabase_realtime ADD TABLE ONLY public.workflow_runs;

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

GRANT USAGE ON SCHEMA storage TO anon;
GRANT USAGE ON SCHEMA storage TO authenticated;
GRANT USAGE ON SCHEMA storage TO service_role;

GRANT ALL ON TABLE public.invitations TO service_role;
GRANT SELECT ON TABLE public.invitations TO authenticated;

REVOKE ALL ON FUNCTION private.accept_invitation_row(invitation public.invitations) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.account_storage() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.acting_user_id() FROM PUBLIC;
GRANT ALL ON FUNCTION private.acting_user_id() TO anon;
GRANT ALL ON FUNCTION private.acting_user_id() TO authenticated;
GRANT ALL ON FUNCTION private.acting_user_id() TO service_role;

REVOKE ALL ON FUNCTION private.add_input(job uuid, input_role text, input_order integer, source uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.add_progress(who uuid, counter text, delta bigint) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.address_refusal(address inet) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.advance_workflow_run() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.assert_outbound_url(url text, what text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.award_community_badges() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.award_platform_badges() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.award_tenure_badges(p_batch integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.award_tenure_badges(p_batch integer) TO service_role;

REVOKE ALL ON FUNCTION private.backoff(attempt integer, base_seconds numeric, cap_seconds numeric) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.badge_name_rules() FROM PUBLIC;

GRANT ALL ON TABLE public.credit_balances TO service_role;
GRANT SELECT ON TABLE public.credit_balances TO authenticated;

GRANT ALL ON TABLE public.credit_transactions TO service_role;
GRANT SELECT ON TABLE public.credit_transactions TO authenticated;

REVOKE ALL ON FUNCTION private.begin_credit_change(org_id uuid, key_source text, key text, amount bigint, OUT wallet public.credit_balances, OUT earlier public.credit_transactions) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.book_soft_delete() FROM PUBLIC;

GRANT ALL ON TABLE public.brand_policies TO service_role;
GRANT SELECT ON TABLE public.brand_policies TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.brand_policies TO authenticated;

REVOKE ALL ON FUNCTION private.brand_policy_for(org_id uuid, project uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.bump_daily_stats(content_id uuid, day date, viewers integer, likes integer, completions integer) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.bump_story_version() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.called_by_client() FROM PUBLIC;
GRANT ALL ON FUNCTION private.called_by_client() TO service_role;

REVOKE ALL ON FUNCTION private.campaign_child_scope() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.campaign_status_allowed(from_status text, to_status text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.campaign_status_allowed(from_status text, to_status text) TO authenticated;
GRANT ALL ON FUNCTION private.campaign_status_allowed(from_status text, to_status text) TO service_role;

REVOKE ALL ON FUNCTION private.campaigns_before_write() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.can_watch(content_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.can_watch(content_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.can_watch(content_id uuid) TO service_role;

GRANT SELECT,REFERENCES,DELETE,TRIGGER,TRUNCATE,MAINTAIN,UPDATE ON TABLE public.generations TO service_role;
GRANT SELECT ON TABLE public.generations TO authenticated;

REVOKE ALL ON FUNCTION private.cancel_children(parent public.generations) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.cancel_job(target public.generations) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.cancel_pipeline(target public.generations) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.cancel_unstarted_jobs(generation_ids uuid[], message text, error_code text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.cart_item_defaults() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.chapter_candidates(filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, cap integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.chapter_candidates(filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, cap integer) TO anon;
GRANT ALL ON FUNCTION private.chapter_candidates(filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, cap integer) TO authenticated;
GRANT ALL ON FUNCTION private.chapter_candidates(filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, cap integer) TO service_role;

REVOKE ALL ON FUNCTION private.chapter_lifecycle() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.check_brand_safety(org_id uuid, project uuid, texts jsonb, with_disclaimers boolean) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.check_emergency_stop() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.check_schedule_workflow() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.checked_generation(spec public.generations, caller uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.claim_duty(duty_name text, force boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION private.claim_duty(duty_name text, force boolean) TO service_role;

REVOKE ALL ON FUNCTION private.cleanup_worker_heartbeats(p_batch integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.cleanup_worker_heartbeats(p_batch integer) TO service_role;

REVOKE ALL ON FUNCTION private.client_address(candidate text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.comment_rules() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.commentable_project_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.commentable_project_ids() TO anon;
GRANT ALL ON FUNCTION private.commentable_project_ids() TO authenticated;
GRANT ALL ON FUNCTION private.commentable_project_ids() TO service_role;

REVOKE ALL ON FUNCTION private.common_lexemes(lexemes text[]) FROM PUBLIC;
GRANT ALL ON FUNCTION private.common_lexemes(lexemes text[]) TO anon;
GRANT ALL ON FUNCTION private.common_lexemes(lexemes text[]) TO authenticated;
GRANT ALL ON FUNCTION private.common_lexemes(lexemes text[]) TO service_role;

REVOKE ALL ON FUNCTION private.community_defaults() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.community_owner() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.community_role_rank(role text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.complete_jobs(queue_ids bigint[], lease_tokens bigint[], outcomes jsonb[]) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.concurrency_limit(org_id uuid, job_kind text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.confirm_investment_payment(payment_intent jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.contains_word(body text, word text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.content_episode_scope() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.content_like_before_insert() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.content_rating_before_write() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.content_season_scope() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.content_status_allowed(from_status text, to_status text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.content_status_allowed(from_status text, to_status text) TO authenticated;
GRANT ALL ON FUNCTION private.content_status_allowed(from_status text, to_status text) TO service_role;

REVOKE ALL ON FUNCTION private.contents_before_write() FROM PUBLIC;

GRANT ALL ON TABLE public.plans TO service_role;
GRANT SELECT ON TABLE public.plans TO anon;
GRANT SELECT ON TABLE public.plans TO authenticated;

REVOKE ALL ON FUNCTION private.count_api_call(caller uuid, plan public.plans) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_asset_use() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_campaign_update() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_cart_totals() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_comments() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_completion() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_content_like() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_content_rating() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_content_view() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_daily() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_daily_spend(org_id uuid, plan public.plans, credits bigint) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_generation_usage(org_id uuid, user_id uuid, credits bigint, tokens bigint, render_seconds bigint, kai_credits bigint, videos bigint) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_likes() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_live_children() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_members() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_posts() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_prompt_rating() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_quota_usage(org_id uuid, plan public.plans, tokens bigint, render_seconds bigint, kai_credits bigint, videos bigint) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_rsvps() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_seasons_and_episodes() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.count_votes() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.counts_as_progress(studio_row jsonb, table_name text) FROM PUBLIC;

GRANT ALL ON TABLE public.organization_members TO service_role;
GRANT SELECT ON TABLE public.organization_members TO authenticated;

REVOKE ALL ON FUNCTION private.create_invitation(caller public.organization_members, invitee_role public.member_role, invitee_kind text, invitee_email text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.credit_entry_by_key(org_id uuid, key_source text, key text) FROM PUBLIC;

GRANT ALL ON TABLE public.credit_holds TO service_role;
GRANT SELECT ON TABLE public.credit_holds TO authenticated;

REVOKE ALL ON FUNCTION private.credit_hold_by_key(org_id uuid, key text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.credits_for_key(org uuid, platform_credits bigint, paid_by text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.cron_field(field text, field_name text, lo integer, hi integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.cron_field(field text, field_name text, lo integer, hi integer) TO authenticated;
GRANT ALL ON FUNCTION private.cron_field(field text, field_name text, lo integer, hi integer) TO service_role;

REVOKE ALL ON FUNCTION private.decrypt_secret(box bytea) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.deleted_org_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.deleted_org_ids() TO anon;
GRANT ALL ON FUNCTION private.deleted_org_ids() TO authenticated;
GRANT ALL ON FUNCTION private.deleted_org_ids() TO service_role;

REVOKE ALL ON FUNCTION private.discount_code_defaults() FROM PUBLIC;

GRANT ALL ON TABLE public.discount_codes TO service_role;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.discount_codes TO authenticated;

REVOKE ALL ON FUNCTION private.discount_for(code public.discount_codes, buyer uuid, subtotal bigint, eligible bigint, shipping bigint) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.due_duties() FROM PUBLIC;
GRANT ALL ON FUNCTION private.due_duties() TO service_role;

REVOKE ALL ON FUNCTION private.duty_next_due(duty private.duties, after timestamp with time zone) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.editable_project_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.editable_project_ids() TO service_role;
GRANT ALL ON FUNCTION private.editable_project_ids() TO anon;
GRANT ALL ON FUNCTION private.editable_project_ids() TO authenticated;

GRANT ALL ON TABLE public.workflows TO service_role;
GRANT SELECT,INSERT,DELETE ON TABLE public.workflows TO authenticated;

GRANT UPDATE(name) ON TABLE public.workflows TO authenticated;

GRANT UPDATE(description) ON TABLE public.workflows TO authenticated;

GRANT UPDATE(status) ON TABLE public.workflows TO authenticated;

GRANT UPDATE(graph) ON TABLE public.workflows TO authenticated;

GRANT UPDATE(variables) ON TABLE public.workflows TO authenticated;

REVOKE ALL ON FUNCTION private.editable_workflow(target uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.egress_allows_local() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.encrypt_secret(plaintext text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.end_collaborations() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.enqueue_generations() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.ensure_an_owner_remains() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.ensure_monthly_partitions(parent regclass, months_ahead integer) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.estimate_generation(gen_kind text, gen_provider text, gen_model text, gen_units numeric, OUT credits bigint, OUT cost_usd numeric) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.event_defaults() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.expire_investment_holds(p_batch integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.expire_investment_holds(p_batch integer) TO service_role;

REVOKE ALL ON FUNCTION private.expire_invitations(p_batch integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.expire_invitations(p_batch integer) TO service_role;

REVOKE ALL ON FUNCTION private.expire_license_agreements(p_batch integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.expire_license_agreements(p_batch integer) TO service_role;

REVOKE ALL ON FUNCTION private.expire_unpaid_orders(p_batch integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.expire_unpaid_orders(p_batch integer) TO service_role;

REVOKE ALL ON FUNCTION private.fail_investment_payment(payment_intent jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.fill_placeholders(node jsonb, run_values jsonb) FROM PUBLIC;

GRANT ALL ON TABLE public.scenes TO service_role;
GRANT SELECT ON TABLE public.scenes TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.scenes TO authenticated;

GRANT ALL ON TABLE public.scripts TO service_role;
GRANT SELECT ON TABLE public.scripts TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.scripts TO authenticated;

REVOKE ALL ON FUNCTION private.film_texts(film_script public.scripts, film_scenes public.scenes[]) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.finish_duty(duty_name text, started timestamp with time zone, affected integer, failure text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.finish_duty(duty_name text, started timestamp with time zone, affected integer, failure text) TO service_role;

REVOKE ALL ON FUNCTION private.finish_generation(target_id uuid, final_status text, outcome jsonb, error_text text, error_kind text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.follow_plan_storage_limit() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.follow_stock() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.forbid_changes() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.generation_event(kind text, status text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.generation_outbox() FROM PUBLIC;

GRANT ALL ON TABLE public.badges TO service_role;
GRANT SELECT ON TABLE public.badges TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.badges TO authenticated;

REVOKE ALL ON FUNCTION private.grant_badge(who uuid, badge public.badges, awarded_by uuid, context jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.grant_credits(org_id uuid, amount bigint, entry_type text, idempotency_key text, key_source text, user_id uuid, reference_type text, reference_id text, description text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.guard_project_visibility() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.handle_deleted_user() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.handle_new_user() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.has_org_role(org_id uuid, min_role public.member_role) FROM PUBLIC;
GRANT ALL ON FUNCTION private.has_org_role(org_id uuid, min_role public.member_role) TO service_role;
GRANT ALL ON FUNCTION private.has_org_role(org_id uuid, min_role public.member_role) TO anon;
GRANT ALL ON FUNCTION private.has_org_role(org_id uuid, min_role public.member_role) TO authenticated;

REVOKE ALL ON FUNCTION private.has_platform_role(role_name text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.has_platform_role(role_name text) TO service_role;
GRANT ALL ON FUNCTION private.has_platform_role(role_name text) TO anon;
GRANT ALL ON FUNCTION private.has_platform_role(role_name text) TO authenticated;

REVOKE ALL ON FUNCTION private.held_job(job_id bigint, token bigint) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.hmac_sha256(key bytea, message bytea) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.inherit_scope() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.investment_accounting() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.investment_status_allowed(from_status text, to_status text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.invitation_for_invitee(invitation_id uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.is_client_request() FROM PUBLIC;
GRANT ALL ON FUNCTION private.is_client_request() TO service_role;
GRANT ALL ON FUNCTION private.is_client_request() TO anon;
GRANT ALL ON FUNCTION private.is_client_request() TO authenticated;

REVOKE ALL ON FUNCTION private.is_primary_owner(org_id uuid, member_user_id uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.job_lease(job_kind text, requested_seconds integer) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.job_tries(job private.job_queue, failed_attempts integer) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.json_integer_between(value jsonb, lo numeric, hi numeric) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.json_placeholders(params jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.keep_community_owner() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.keystream_xor(key bytea, nonce bytea, data bytea) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.keyword_lexemes(query_text text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.keyword_lexemes(query_text text) TO anon;
GRANT ALL ON FUNCTION private.keyword_lexemes(query_text text) TO authenticated;
GRANT ALL ON FUNCTION private.keyword_lexemes(query_text text) TO service_role;

REVOKE ALL ON FUNCTION private.keyword_match_tsqueries(query_text text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.keyword_match_tsqueries(query_text text) TO anon;
GRANT ALL ON FUNCTION private.keyword_match_tsqueries(query_text text) TO authenticated;
GRANT ALL ON FUNCTION private.keyword_match_tsqueries(query_text text) TO service_role;

REVOKE ALL ON FUNCTION private.keyword_query_parts(query_text text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.keyword_query_parts(query_text text) TO anon;
GRANT ALL ON FUNCTION private.keyword_query_parts(query_text text) TO authenticated;
GRANT ALL ON FUNCTION private.keyword_query_parts(query_text text) TO service_role;

REVOKE ALL ON FUNCTION private.keyword_tsquery(query_text text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.keyword_tsquery(query_text text) TO anon;
GRANT ALL ON FUNCTION private.keyword_tsquery(query_text text) TO authenticated;
GRANT ALL ON FUNCTION private.keyword_tsquery(query_text text) TO service_role;

REVOKE ALL ON FUNCTION private.leader_acquire(p_role text, p_holder text, p_lease_seconds integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.leader_acquire(p_role text, p_holder text, p_lease_seconds integer) TO service_role;

REVOKE ALL ON FUNCTION private.leader_fence(p_role text, p_holder text, p_token bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION private.leader_fence(p_role text, p_holder text, p_token bigint) TO service_role;

REVOKE ALL ON FUNCTION private.leader_release(p_role text, p_holder text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.leader_release(p_role text, p_holder text) TO service_role;

REVOKE ALL ON FUNCTION private.license_agreement_transition() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.license_catalog_scope() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.license_note_scope() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.license_request_defaults() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.license_request_transition() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.like_rules() FROM PUBLIC;

GRANT ALL ON TABLE public.investment_tiers TO service_role;
GRANT SELECT ON TABLE public.investment_tiers TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.investment_tiers TO authenticated;

GRANT ALL ON TABLE public.investments TO service_role;
GRANT SELECT ON TABLE public.investments TO authenticated;

REVOKE ALL ON FUNCTION private.limit_tier_slots_per_account(tier public.investment_tiers, pledge public.investments) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.listed_community_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.listed_community_ids() TO anon;
GRANT ALL ON FUNCTION private.listed_community_ids() TO authenticated;
GRANT ALL ON FUNCTION private.listed_community_ids() TO service_role;

REVOKE ALL ON FUNCTION private.lock_credit_balance(org_id uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.lock_hold(hold_id uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.log_job(job_generation uuid, job_attempt integer, log_level text, log_stage text, log_message text, log_data jsonb, log_worker text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.maintain_partitions(months_ahead integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.maintain_partitions(months_ahead integer) TO service_role;

REVOKE ALL ON FUNCTION private.manageable_project_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.manageable_project_ids() TO service_role;
GRANT ALL ON FUNCTION private.manageable_project_ids() TO authenticated;

REVOKE ALL ON FUNCTION private.mark_storage_purged(asset_ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION private.mark_storage_purged(asset_ids uuid[]) TO service_role;

REVOKE ALL ON FUNCTION private.mark_taste_stale() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.mirror_media_status() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.mirror_organization_deleted_at() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.moderated_community_ids(min_role text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.moderated_community_ids(min_role text) TO authenticated;
GRANT ALL ON FUNCTION private.moderated_community_ids(min_role text) TO service_role;

REVOKE ALL ON FUNCTION private.my_backed_campaign_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_backed_campaign_ids() TO anon;
GRANT ALL ON FUNCTION private.my_backed_campaign_ids() TO authenticated;
GRANT ALL ON FUNCTION private.my_backed_campaign_ids() TO service_role;

REVOKE ALL ON FUNCTION private.my_community_rank(target_community uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.my_invested_campaign_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_invested_campaign_ids() TO anon;
GRANT ALL ON FUNCTION private.my_invested_campaign_ids() TO authenticated;
GRANT ALL ON FUNCTION private.my_invested_campaign_ids() TO service_role;

REVOKE ALL ON FUNCTION private.my_org_ids(min_role public.member_role) FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_org_ids(min_role public.member_role) TO service_role;
GRANT ALL ON FUNCTION private.my_org_ids(min_role public.member_role) TO anon;
GRANT ALL ON FUNCTION private.my_org_ids(min_role public.member_role) TO authenticated;

REVOKE ALL ON FUNCTION private.my_teammate_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_teammate_ids() TO service_role;
GRANT ALL ON FUNCTION private.my_teammate_ids() TO anon;
GRANT ALL ON FUNCTION private.my_teammate_ids() TO authenticated;

REVOKE ALL ON FUNCTION private.my_watch_rank() FROM PUBLIC;
GRANT ALL ON FUNCTION private.my_watch_rank() TO anon;
GRANT ALL ON FUNCTION private.my_watch_rank() TO authenticated;
GRANT ALL ON FUNCTION private.my_watch_rank() TO service_role;

REVOKE ALL ON FUNCTION private.nearest_organization_passages(org uuid, query extensions.halfvec, wanted integer, filter_book_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.nearest_organization_passages(org uuid, query extensions.halfvec, wanted integer, filter_book_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION private.node_label(node jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.notify(recipient uuid, kind text, payload jsonb, actor uuid, reference_type text, reference_id uuid, title text, message text, once_per interval) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.notify_campaign_update() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.notify_follow() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.notify_investment_status() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.notify_license_request() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.notify_order_update() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.now() FROM PUBLIC;
GRANT ALL ON FUNCTION private.now() TO service_role;

REVOKE ALL ON FUNCTION private.open_billing_account() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.order_hold_window() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.order_transition() FROM PUBLIC;

GRANT ALL ON TABLE public.organizations TO service_role;
GRANT SELECT,UPDATE ON TABLE public.organizations TO authenticated;

REVOKE ALL ON FUNCTION private.org_for_primary_owner(org_id uuid, action text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.outbound_url_refusal(url text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.own_key_credential(org uuid, gen_kind text, gen_provider text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.partial_words(query_text text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.partial_words(query_text text) TO anon;
GRANT ALL ON FUNCTION private.partial_words(query_text text) TO authenticated;
GRANT ALL ON FUNCTION private.partial_words(query_text text) TO service_role;

REVOKE ALL ON FUNCTION private.passage_index_name(organization_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.passage_index_name(organization_id uuid) TO anon;
GRANT ALL ON FUNCTION private.passage_index_name(organization_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.passage_index_name(organization_id uuid) TO service_role;

REVOKE ALL ON FUNCTION private.pipeline_step() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.plan_allowance(plan public.plans, org_id uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.poll_vote_rules() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.post_credit_entry(org_id uuid, entry_type text, main_delta bigint, rollover_delta bigint, bonus_delta bigint, held_delta bigint, idempotency_key text, user_id uuid, hold_id uuid, reference_type text, reference_id text, description text, metadata jsonb, key_source text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.post_rules() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.postable_community_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.postable_community_ids() TO authenticated;
GRANT ALL ON FUNCTION private.postable_community_ids() TO service_role;

REVOKE ALL ON FUNCTION private.prepare_generation() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.prepare_schedule() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.product_child_scope() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.product_scope() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.progress_from_orders() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.progress_from_studio() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.project_ids_allowing(permission text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.project_ids_allowing(permission text) TO anon;
GRANT ALL ON FUNCTION private.project_ids_allowing(permission text) TO authenticated;
GRANT ALL ON FUNCTION private.project_ids_allowing(permission text) TO service_role;

REVOKE ALL ON FUNCTION private.project_organization(project uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.project_organization(project uuid) TO authenticated;
GRANT ALL ON FUNCTION private.project_organization(project uuid) TO service_role;

REVOKE ALL ON FUNCTION private.protect_columns() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.provider_credentials_check_base_url() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.public_community_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.public_community_ids() TO anon;
GRANT ALL ON FUNCTION private.public_community_ids() TO authenticated;
GRANT ALL ON FUNCTION private.public_community_ids() TO service_role;

REVOKE ALL ON FUNCTION private.public_project_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.public_project_ids() TO service_role;
GRANT ALL ON FUNCTION private.public_project_ids() TO anon;
GRANT ALL ON FUNCTION private.public_project_ids() TO authenticated;

REVOKE ALL ON FUNCTION private.queue_place(job private.job_queue, OUT queue_position bigint, OUT waits_for bigint) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.queued_organizations(job_kind text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.raise_insufficient_credits(wallet public.credit_balances, wanted bigint) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.raise_period_allowance(org_id uuid, plan public.plans) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.random_token() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.readable_chapters_matching(english tsquery, simple tsquery, fragment text, filter_organization_id uuid, filter_book_id uuid, max_rows integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.readable_chapters_matching(english tsquery, simple tsquery, fragment text, filter_organization_id uuid, filter_book_id uuid, max_rows integer) TO anon;
GRANT ALL ON FUNCTION private.readable_chapters_matching(english tsquery, simple tsquery, fragment text, filter_organization_id uuid, filter_book_id uuid, max_rows integer) TO authenticated;
GRANT ALL ON FUNCTION private.readable_chapters_matching(english tsquery, simple tsquery, fragment text, filter_organization_id uuid, filter_book_id uuid, max_rows integer) TO service_role;

REVOKE ALL ON FUNCTION private.readable_community_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.readable_community_ids() TO anon;
GRANT ALL ON FUNCTION private.readable_community_ids() TO authenticated;
GRANT ALL ON FUNCTION private.readable_community_ids() TO service_role;

REVOKE ALL ON FUNCTION private.readable_project_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.readable_project_ids() TO service_role;
GRANT ALL ON FUNCTION private.readable_project_ids() TO anon;
GRANT ALL ON FUNCTION private.readable_project_ids() TO authenticated;

REVOKE ALL ON FUNCTION private.readable_template_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.readable_template_ids() TO anon;
GRANT ALL ON FUNCTION private.readable_template_ids() TO authenticated;
GRANT ALL ON FUNCTION private.readable_template_ids() TO service_role;

REVOKE ALL ON FUNCTION private.readable_workflow_ids() FROM PUBLIC;
GRANT ALL ON FUNCTION private.readable_workflow_ids() TO authenticated;
GRANT ALL ON FUNCTION private.readable_workflow_ids() TO service_role;

REVOKE ALL ON FUNCTION private.recent_content_stats(since date) FROM PUBLIC;
GRANT ALL ON FUNCTION private.recent_content_stats(since date) TO anon;
GRANT ALL ON FUNCTION private.recent_content_stats(since date) TO authenticated;
GRANT ALL ON FUNCTION private.recent_content_stats(since date) TO service_role;

REVOKE ALL ON FUNCTION private.record_audit() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.record_completion() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.record_subscription_change() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.record_template_version() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.refresh_content_matches(p_batch integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.refresh_content_matches(p_batch integer) TO service_role;

REVOKE ALL ON FUNCTION private.refresh_daily_usage(p_batch integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.refresh_daily_usage(p_batch integer) TO service_role;

REVOKE ALL ON FUNCTION private.refresh_pipeline(pipeline_id uuid, step text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.refresh_stock_status(target_product uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.refresh_trending_contents(p_batch integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.refresh_trending_contents(p_batch integer) TO service_role;

REVOKE ALL ON FUNCTION private.refresh_usage_rollups(p_batch integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.refresh_usage_rollups(p_batch integer) TO service_role;

REVOKE ALL ON FUNCTION private.refund_campaign(campaign_id uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.refund_investment_payment(charge jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.refuse_status_move() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.refuse_version_change() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.reprice_cart_lines() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.request_metadata(OUT ip_address inet, OUT user_agent text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.require_idempotency_key(key text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.require_max_length(value text, max_length integer, what text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.require_org_role(org_id uuid, min_role public.member_role, action text, permission text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.require_positive_amount(amount bigint) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.require_text(value text, name text, max_length integer) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.require_unarchived_workflow(workflow uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.require_user() FROM PUBLIC;
GRANT ALL ON FUNCTION private.require_user() TO service_role;
GRANT ALL ON FUNCTION private.require_user() TO authenticated;

REVOKE ALL ON FUNCTION private.restock_order() FROM PUBLIC;

GRANT ALL ON TABLE public.license_agreements TO service_role;
GRANT SELECT ON TABLE public.license_agreements TO authenticated;

REVOKE ALL ON FUNCTION private.royalty_amount(agreement public.license_agreements, period_start date, period_end date, gross bigint, net bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION private.royalty_amount(agreement public.license_agreements, period_start date, period_end date, gross bigint, net bigint) TO authenticated;
GRANT ALL ON FUNCTION private.royalty_amount(agreement public.license_agreements, period_start date, period_end date, gross bigint, net bigint) TO service_role;

REVOKE ALL ON FUNCTION private.royalty_report_rules() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.rsvp_rules() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.run_duty(duty_name text, force boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION private.run_duty(duty_name text, force boolean) TO service_role;

REVOKE ALL ON FUNCTION private.run_generation_ids(nodes jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.scene_speech(scene public.scenes) FROM PUBLIC;

GRANT ALL ON TABLE public.schedules TO service_role;
GRANT SELECT,INSERT,DELETE ON TABLE public.schedules TO authenticated;

GRANT UPDATE(name) ON TABLE public.schedules TO authenticated;

GRANT UPDATE(cron) ON TABLE public.schedules TO authenticated;

GRANT UPDATE(timezone) ON TABLE public.schedules TO authenticated;

GRANT UPDATE(enabled) ON TABLE public.schedules TO authenticated;

GRANT UPDATE(request) ON TABLE public.schedules TO authenticated;

REVOKE ALL ON FUNCTION private.scheduled_request(due public.schedules) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.secret_hint(secret text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.send_event_reminders(p_batch integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.send_event_reminders(p_batch integer) TO service_role;

REVOKE ALL ON FUNCTION private.set_updated_at() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.settle_campaigns(p_batch integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.settle_campaigns(p_batch integer) TO service_role;

REVOKE ALL ON FUNCTION private.settle_hold(hold public.credit_holds, used bigint, final_status text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.snapshot_version() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.split_debit(wallet public.credit_balances, amount bigint, OUT from_rollover bigint, OUT from_main bigint, OUT from_bonus bigint) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.stamp_actor() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.stamp_project_published() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.start_credit_periods(p_batch integer) FROM PUBLIC;
GRANT ALL ON FUNCTION private.start_credit_periods(p_batch integer) TO service_role;

REVOKE ALL ON FUNCTION private.start_generation(spec public.generations, caller uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.start_pipeline_job(parent public.generations, caller uuid, job_kind text, scene public.scenes, job_prompt text, job_params jsonb, job_units numeric, job_metadata jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.start_scheduled_workflow(due public.schedules, run_key text) FROM PUBLIC;

GRANT ALL ON TABLE public.workflow_runs TO service_role;
GRANT SELECT ON TABLE public.workflow_runs TO authenticated;

GRANT ALL ON TABLE public.workflow_versions TO service_role;
GRANT SELECT ON TABLE public.workflow_versions TO authenticated;

REVOKE ALL ON FUNCTION private.start_workflow_run(published public.workflow_versions, inputs jsonb, caller uuid, run_dedup_key text, schedule uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.storage_orphans(p_batch integer, backend text, bucket text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.storage_orphans(p_batch integer, backend text, bucket text) TO service_role;

REVOKE ALL ON FUNCTION private.store_apply_checkout(session jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.store_apply_refund(charge jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.stripe_apply_checkout(session jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.stripe_apply_invoice(event_type text, event_at timestamp with time zone, invoice jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.stripe_apply_refund(charge jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.stripe_apply_subscription(event_type text, event_at timestamp with time zone, sub jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.stripe_investment_id(stripe_object jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.stripe_is_order(stripe_object jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.stripe_organization(stripe_object jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.sync_marketplace_deletion() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.sync_profile_from_auth() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.target_membership(org_id uuid, member_user_id uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.template_rules() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.template_spec_problem(spec jsonb, aspect text, resolution text) FROM PUBLIC;
GRANT ALL ON FUNCTION private.template_spec_problem(spec jsonb, aspect text, resolution text) TO authenticated;
GRANT ALL ON FUNCTION private.template_spec_problem(spec jsonb, aspect text, resolution text) TO service_role;

REVOKE ALL ON FUNCTION private.tier_before_change() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.token_hash(token text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.unix_time(value jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.unmeasured_by_clients() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.unschedule_archived_workflow() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.user_holds_project_permission(user_id uuid, project uuid, permission text) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.validate_schedule_request() FROM PUBLIC;

GRANT ALL ON TABLE public.campaigns TO service_role;
GRANT SELECT ON TABLE public.campaigns TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.campaigns TO authenticated;

REVOKE ALL ON FUNCTION private.visible_campaign(campaign_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.visible_campaign(campaign_id uuid) TO authenticated;
GRANT ALL ON FUNCTION private.visible_campaign(campaign_id uuid) TO service_role;

REVOKE ALL ON FUNCTION private.visible_generation(generation_id uuid, min_role public.member_role) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.vote_rules() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.wait_for_input() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.wait_or_wake(job_generation uuid) FROM PUBLIC;

REVOKE ALL ON FUNCTION private.wake_dependants() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.watchlist_before_insert() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.webhooks_check_url() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.workflow_graph_problem(graph jsonb, variables jsonb, org uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION private.workflow_graph_problem(graph jsonb, variables jsonb, org uuid) TO authenticated;
GRANT ALL ON FUNCTION private.workflow_graph_problem(graph jsonb, variables jsonb, org uuid) TO service_role;

REVOKE ALL ON FUNCTION private.workflow_rules() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.workflow_run_outbox() FROM PUBLIC;

REVOKE ALL ON FUNCTION private.workflow_run_values(variables jsonb, inputs jsonb) FROM PUBLIC;

REVOKE ALL ON FUNCTION public.accept_invitation(invitation_token text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.accept_invitation(invitation_token text) TO service_role;
GRANT ALL ON FUNCTION public.accept_invitation(invitation_token text) TO authenticated;

REVOKE ALL ON FUNCTION public.accept_invitation_by_id(invitation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.accept_invitation_by_id(invitation_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.accept_invitation_by_id(invitation_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.authorize_generation(org_id uuid, user_id uuid, estimated_credits bigint, idempotency_key text, tokens bigint, render_seconds bigint, kai_credits bigint, videos bigint, hold_for interval, reference_type text, reference_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.authorize_generation(org_id uuid, user_id uuid, estimated_credits bigint, idempotency_key text, tokens bigint, render_seconds bigint, kai_credits bigint, videos bigint, hold_for interval, reference_type text, reference_id text) TO service_role;

GRANT ALL ON TABLE public.user_badges TO service_role;
GRANT SELECT ON TABLE public.user_badges TO anon;
GRANT SELECT ON TABLE public.user_badges TO authenticated;

GRANT UPDATE(displayed) ON TABLE public.user_badges TO authenticated;

REVOKE ALL ON FUNCTION public.award_badge(badge_id uuid, user_id uuid, context jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.award_badge(badge_id uuid, user_id uuid, context jsonb) TO service_role;
GRANT ALL ON FUNCTION public.award_badge(badge_id uuid, user_id uuid, context jsonb) TO authenticated;

REVOKE ALL ON FUNCTION public.campaign_backers(campaign_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.campaign_backers(campaign_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.campaign_backers(campaign_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.cancel_generation(generation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.cancel_generation(generation_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.cancel_generation(generation_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.cancel_investment(investment_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.cancel_investment(investment_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.cancel_investment(investment_id uuid) TO authenticated;

GRANT ALL ON TABLE public.orders TO service_role;
GRANT SELECT ON TABLE public.orders TO authenticated;

REVOKE ALL ON FUNCTION public.cancel_order(order_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.cancel_order(order_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.cancel_order(order_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.cancel_workflow_run(run_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.cancel_workflow_run(run_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.cancel_workflow_run(run_id uuid) TO authenticated;

GRANT ALL ON TABLE public.discussion_votes TO service_role;
GRANT SELECT ON TABLE public.discussion_votes TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.discussion_votes TO authenticated;

REVOKE ALL ON FUNCTION public.cast_vote(discussion_id uuid, comment_id uuid, vote text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.cast_vote(discussion_id uuid, comment_id uuid, vote text) TO service_role;
GRANT ALL ON FUNCTION public.cast_vote(discussion_id uuid, comment_id uuid, vote text) TO authenticated;

REVOKE ALL ON FUNCTION public.change_member_role(org_id uuid, member_user_id uuid, new_role public.member_role) FROM PUBLIC;
GRANT ALL ON FUNCTION public.change_member_role(org_id uuid, member_user_id uuid, new_role public.member_role) TO service_role;
GRANT ALL ON FUNCTION public.change_member_role(org_id uuid, member_user_id uuid, new_role public.member_role) TO authenticated;

REVOKE ALL ON FUNCTION public.create_api_key(org_id uuid, key_name text, key_scopes text[], key_expires_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_api_key(org_id uuid, key_name text, key_scopes text[], key_expires_at timestamp with time zone) TO service_role;
GRANT ALL ON FUNCTION public.create_api_key(org_id uuid, key_name text, key_scopes text[], key_expires_at timestamp with time zone) TO authenticated;

REVOKE ALL ON FUNCTION public.create_invitation_link(org_id uuid, invitee_role public.member_role) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_invitation_link(org_id uuid, invitee_role public.member_role) TO service_role;
GRANT ALL ON FUNCTION public.create_invitation_link(org_id uuid, invitee_role public.member_role) TO authenticated;

REVOKE ALL ON FUNCTION public.create_license_agreement(request_id uuid, start_date date, end_date date, royalty_percent numeric, minimum_guarantee_cents bigint, advance_payment_cents bigint, contract_url text, currency text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_license_agreement(request_id uuid, start_date date, end_date date, royalty_percent numeric, minimum_guarantee_cents bigint, advance_payment_cents bigint, contract_url text, currency text) TO service_role;
GRANT ALL ON FUNCTION public.create_license_agreement(request_id uuid, start_date date, end_date date, royalty_percent numeric, minimum_guarantee_cents bigint, advance_payment_cents bigint, contract_url text, currency text) TO authenticated;

REVOKE ALL ON FUNCTION public.create_organization(org_name text, org_slug text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_organization(org_name text, org_slug text) TO service_role;
GRANT ALL ON FUNCTION public.create_organization(org_name text, org_slug text) TO authenticated;

REVOKE ALL ON FUNCTION public.create_project_share_link(project_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_project_share_link(project_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.create_project_share_link(project_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.create_webhook(org_id uuid, endpoint_url text, event_types text[], webhook_description text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.create_webhook(org_id uuid, endpoint_url text, event_types text[], webhook_description text) TO service_role;
GRANT ALL ON FUNCTION public.create_webhook(org_id uuid, endpoint_url text, event_types text[], webhook_description text) TO authenticated;

REVOKE ALL ON FUNCTION public.credit_history(org_id uuid, before_id bigint, max_entries integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.credit_history(org_id uuid, before_id bigint, max_entries integer) TO service_role;
GRANT ALL ON FUNCTION public.credit_history(org_id uuid, before_id bigint, max_entries integer) TO authenticated;

REVOKE ALL ON FUNCTION public.credits_capture(hold_id uuid, actual_amount bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.credits_capture(hold_id uuid, actual_amount bigint) TO service_role;

REVOKE ALL ON FUNCTION public.credits_expire_holds(p_batch integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.credits_expire_holds(p_batch integer) TO service_role;

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

REVOKE ALL ON FUNCTION public.cron_next(expression text, tz text, after timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.cron_next(expression text, tz text, after timestamp with time zone) TO service_role;
GRANT ALL ON FUNCTION public.cron_next(expression text, tz text, after timestamp with time zone) TO authenticated;

REVOKE ALL ON FUNCTION public.decline_invitation(invitation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.decline_invitation(invitation_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.decline_invitation(invitation_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.delete_organization(org_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.delete_organization(org_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.delete_organization(org_id uuid) TO authenticated;

GRANT ALL ON TABLE public.revenue_distributions TO service_role;
GRANT SELECT ON TABLE public.revenue_distributions TO authenticated;

REVOKE ALL ON FUNCTION public.distribute_revenue(campaign_id uuid, period_start date, period_end date, total_revenue_cents bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.distribute_revenue(campaign_id uuid, period_start date, period_end date, total_revenue_cents bigint) TO service_role;
GRANT ALL ON FUNCTION public.distribute_revenue(campaign_id uuid, period_start date, period_end date, total_revenue_cents bigint) TO authenticated;

REVOKE ALL ON FUNCTION public.enqueue_generation(spec jsonb, on_behalf_of uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.enqueue_generation(spec jsonb, on_behalf_of uuid) TO service_role;

REVOKE ALL ON FUNCTION public.film_share_links(asset_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.film_share_links(asset_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.film_share_links(asset_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.generation_queue_estimate(generation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.generation_queue_estimate(generation_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.generation_queue_estimate(generation_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.generation_queue_position(generation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.generation_queue_position(generation_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.generation_queue_position(generation_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.get_shared_project(share_token text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.get_shared_project(share_token text) TO service_role;
GRANT ALL ON FUNCTION public.get_shared_project(share_token text) TO anon;
GRANT ALL ON FUNCTION public.get_shared_project(share_token text) TO authenticated;

REVOKE ALL ON FUNCTION public.hybrid_search_chapters(query_text text, query_embedding extensions.vector, match_count integer, full_text_weight double precision, semantic_weight double precision, rrf_k integer, filter_organization_id uuid, filter_book_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.hybrid_search_chapters(query_text text, query_embedding extensions.vector, match_count integer, full_text_weight double precision, semantic_weight double precision, rrf_k integer, filter_organization_id uuid, filter_book_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.hybrid_search_chapters(query_text text, query_embedding extensions.vector, match_count integer, full_text_weight double precision, semantic_weight double precision, rrf_k integer, filter_organization_id uuid, filter_book_id uuid) TO anon;
GRANT ALL ON FUNCTION public.hybrid_search_chapters(query_text text, query_embedding extensions.vector, match_count integer, full_text_weight double precision, semantic_weight double precision, rrf_k integer, filter_organization_id uuid, filter_book_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.invest(campaign_id uuid, amount_cents bigint, tier_id uuid, idempotency_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.invest(campaign_id uuid, amount_cents bigint, tier_id uuid, idempotency_key text) TO service_role;
GRANT ALL ON FUNCTION public.invest(campaign_id uuid, amount_cents bigint, tier_id uuid, idempotency_key text) TO authenticated;

REVOKE ALL ON FUNCTION public.invite_member(org_id uuid, invitee_email text, invitee_role public.member_role) FROM PUBLIC;
GRANT ALL ON FUNCTION public.invite_member(org_id uuid, invitee_email text, invitee_role public.member_role) TO service_role;
GRANT ALL ON FUNCTION public.invite_member(org_id uuid, invitee_email text, invitee_role public.member_role) TO authenticated;

REVOKE ALL ON FUNCTION public.is_feature_enabled(flag_key text, subject_user_id uuid, subject_organization_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.is_feature_enabled(flag_key text, subject_user_id uuid, subject_organization_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.is_feature_enabled(flag_key text, subject_user_id uuid, subject_organization_id uuid) TO anon;
GRANT ALL ON FUNCTION public.is_feature_enabled(flag_key text, subject_user_id uuid, subject_organization_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.job_cancelled(queue_id bigint, lease_token bigint) FROM PUBLIC;
GRANT ALL ON FUNCTION public.job_cancelled(queue_id bigint, lease_token bigint) TO service_role;

REVOKE ALL ON FUNCTION public.job_claim(worker text, job_kind text, batch_size integer, lease_seconds integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.job_claim(worker text, job_kind text, batch_size integer, lease_seconds integer) TO service_role;

REVOKE ALL ON FUNCTION public.job_complete(queue_ids bigint[], lease_tokens bigint[], outcomes jsonb[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.job_complete(queue_ids bigint[], lease_tokens bigint[], outcomes jsonb[]) TO service_role;

REVOKE ALL ON FUNCTION public.job_complete_and_claim(worker text, job_kind text, batch_size integer, queue_ids bigint[], lease_tokens bigint[], outcomes jsonb[], lease_seconds integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.job_complete_and_claim(worker text, job_kind text, batch_size integer, queue_ids bigint[], lease_tokens bigint[], outcomes jsonb[], lease_seconds integer) TO service_role;

REVOKE ALL ON FUNCTION public.job_fail(queue_id bigint, lease_token bigint, error_message text, error_code text, retryable boolean, retry_in_seconds numeric) FROM PUBLIC;
GRANT ALL ON FUNCTION public.job_fail(queue_id bigint, lease_token bigint, error_message text, error_code text, retryable boolean, retry_in_seconds numeric) TO service_role;

REVOKE ALL ON FUNCTION public.job_hand_back(queue_ids bigint[], lease_tokens bigint[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.job_hand_back(queue_ids bigint[], lease_tokens bigint[]) TO service_role;

REVOKE ALL ON FUNCTION public.job_heartbeat(worker text, queue_ids bigint[], lease_tokens bigint[], lease_seconds integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.job_heartbeat(worker text, queue_ids bigint[], lease_tokens bigint[], lease_seconds integer) TO service_role;

REVOKE ALL ON FUNCTION public.job_log(queue_id bigint, lease_token bigint, level text, stage text, message text, data jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.job_log(queue_id bigint, lease_token bigint, level text, stage text, message text, data jsonb) TO service_role;

REVOKE ALL ON FUNCTION public.job_progress(queue_id bigint, lease_token bigint, progress numeric, current_step text, completed_steps integer, total_steps integer, estimated_completion_at timestamp with time zone, external_job_id text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.job_progress(queue_id bigint, lease_token bigint, progress numeric, current_step text, completed_steps integer, total_steps integer, estimated_completion_at timestamp with time zone, external_job_id text) TO service_role;

REVOKE ALL ON FUNCTION public.job_reap(max_jobs integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.job_reap(max_jobs integer) TO service_role;

GRANT ALL ON TABLE public.community_members TO service_role;
GRANT SELECT ON TABLE public.community_members TO anon;
GRANT SELECT,DELETE ON TABLE public.community_members TO authenticated;

GRANT UPDATE(notification_settings) ON TABLE public.community_members TO authenticated;

REVOKE ALL ON FUNCTION public.join_community(community_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.join_community(community_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.join_community(community_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.keyword_search_chapters(query_text text, match_count integer, filter_organization_id uuid, filter_book_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.keyword_search_chapters(query_text text, match_count integer, filter_organization_id uuid, filter_book_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.keyword_search_chapters(query_text text, match_count integer, filter_organization_id uuid, filter_book_id uuid) TO anon;
GRANT ALL ON FUNCTION public.keyword_search_chapters(query_text text, match_count integer, filter_organization_id uuid, filter_book_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.leave_organization(org_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.leave_organization(org_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.leave_organization(org_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.mark_notification_unread(notification_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.mark_notification_unread(notification_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.mark_notification_unread(notification_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.mark_notifications_read(notification_ids uuid[]) FROM PUBLIC;
GRANT ALL ON FUNCTION public.mark_notifications_read(notification_ids uuid[]) TO service_role;
GRANT ALL ON FUNCTION public.mark_notifications_read(notification_ids uuid[]) TO authenticated;

GRANT ALL ON TABLE public.investor_payouts TO service_role;
GRANT SELECT ON TABLE public.investor_payouts TO authenticated;

REVOKE ALL ON FUNCTION public.mark_payout_paid(payout_id uuid, payment_reference text, payment_method text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.mark_payout_paid(payout_id uuid, payment_reference text, payment_method text) TO service_role;

REVOKE ALL ON FUNCTION public.match_chapters(query_embedding extensions.vector, match_count integer, filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, exact_below integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.match_chapters(query_embedding extensions.vector, match_count integer, filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, exact_below integer) TO service_role;
GRANT ALL ON FUNCTION public.match_chapters(query_embedding extensions.vector, match_count integer, filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, exact_below integer) TO anon;
GRANT ALL ON FUNCTION public.match_chapters(query_embedding extensions.vector, match_count integer, filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, exact_below integer) TO authenticated;

REVOKE ALL ON FUNCTION public.moderate_member(community_id uuid, user_id uuid, action text, reason text, until timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.moderate_member(community_id uuid, user_id uuid, action text, reason text, until timestamp with time zone) TO service_role;
GRANT ALL ON FUNCTION public.moderate_member(community_id uuid, user_id uuid, action text, reason text, until timestamp with time zone) TO authenticated;

REVOKE ALL ON FUNCTION public.my_digital_downloads() FROM PUBLIC;
GRANT ALL ON FUNCTION public.my_digital_downloads() TO service_role;
GRANT ALL ON FUNCTION public.my_digital_downloads() TO authenticated;

REVOKE ALL ON FUNCTION public.open_film_share(token text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.open_film_share(token text) TO service_role;
GRANT ALL ON FUNCTION public.open_film_share(token text) TO anon;
GRANT ALL ON FUNCTION public.open_film_share(token text) TO authenticated;

REVOKE ALL ON FUNCTION public.passage_index_changes(min_passages integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.passage_index_changes(min_passages integer) TO service_role;

REVOKE ALL ON FUNCTION public.place_order(discount_code text, shipping_address jsonb, billing_address jsonb, customer_email text, customer_phone text, customer_notes text, shipping_method text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.place_order(discount_code text, shipping_address jsonb, billing_address jsonb, customer_email text, customer_phone text, customer_notes text, shipping_method text) TO service_role;
GRANT ALL ON FUNCTION public.place_order(discount_code text, shipping_address jsonb, billing_address jsonb, customer_email text, customer_phone text, customer_notes text, shipping_method text) TO authenticated;

REVOKE ALL ON FUNCTION public.publish_workflow(workflow_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.publish_workflow(workflow_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.publish_workflow(workflow_id uuid) TO authenticated;

GRANT ALL ON TABLE public.nfts TO service_role;
GRANT SELECT ON TABLE public.nfts TO authenticated;

REVOKE ALL ON FUNCTION public.record_nft_mint(nft_id uuid, new_status text, asset_id text, transaction_id text, metadata_uri text, image_uri text, error_message text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.record_nft_mint(nft_id uuid, new_status text, asset_id text, transaction_id text, metadata_uri text, image_uri text, error_message text) TO service_role;

REVOKE ALL ON FUNCTION public.record_view(subject text, subject_id uuid, counter text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.record_view(subject text, subject_id uuid, counter text) TO service_role;
GRANT ALL ON FUNCTION public.record_view(subject text, subject_id uuid, counter text) TO authenticated;

GRANT ALL ON TABLE public.watch_history TO service_role;
GRANT SELECT,DELETE ON TABLE public.watch_history TO authenticated;

REVOKE ALL ON FUNCTION public.record_watch_progress(content_id uuid, progress_seconds integer, duration_seconds integer, episode_id uuid, device_type text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.record_watch_progress(content_id uuid, progress_seconds integer, duration_seconds integer, episode_id uuid, device_type text) TO service_role;
GRANT ALL ON FUNCTION public.record_watch_progress(content_id uuid, progress_seconds integer, duration_seconds integer, episode_id uuid, device_type text) TO authenticated;

REVOKE ALL ON FUNCTION public.remove_member(org_id uuid, member_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.remove_member(org_id uuid, member_user_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.remove_member(org_id uuid, member_user_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.request_badge_nft(user_badge_id uuid, blockchain text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.request_badge_nft(user_badge_id uuid, blockchain text) TO service_role;
GRANT ALL ON FUNCTION public.request_badge_nft(user_badge_id uuid, blockchain text) TO authenticated;

REVOKE ALL ON FUNCTION public.request_film(script_id uuid, options jsonb, dedup_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.request_film(script_id uuid, options jsonb, dedup_key text) TO service_role;
GRANT ALL ON FUNCTION public.request_film(script_id uuid, options jsonb, dedup_key text) TO authenticated;

REVOKE ALL ON FUNCTION public.request_generation(project_id uuid, kind text, prompt text, params jsonb, provider text, model text, units numeric, priority integer, dedup_key text, parent_id uuid, scene_id uuid, script_id uuid, chapter_id uuid, moodboard_id uuid, animation_id uuid, variant text, scene_number integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.request_generation(project_id uuid, kind text, prompt text, params jsonb, provider text, model text, units numeric, priority integer, dedup_key text, parent_id uuid, scene_id uuid, script_id uuid, chapter_id uuid, moodboard_id uuid, animation_id uuid, variant text, scene_number integer) TO service_role;
GRANT ALL ON FUNCTION public.request_generation(project_id uuid, kind text, prompt text, params jsonb, provider text, model text, units numeric, priority integer, dedup_key text, parent_id uuid, scene_id uuid, script_id uuid, chapter_id uuid, moodboard_id uuid, animation_id uuid, variant text, scene_number integer) TO authenticated;

REVOKE ALL ON FUNCTION public.request_story(book_id uuid, options jsonb, dedup_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.request_story(book_id uuid, options jsonb, dedup_key text) TO service_role;
GRANT ALL ON FUNCTION public.request_story(book_id uuid, options jsonb, dedup_key text) TO authenticated;

REVOKE ALL ON FUNCTION public.resolve_api_key(presented_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.resolve_api_key(presented_key text) TO service_role;

REVOKE ALL ON FUNCTION public.retry_generation(generation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.retry_generation(generation_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.retry_generation(generation_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.reveal_provider_credential(credential_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.reveal_provider_credential(credential_id uuid) TO service_role;

GRANT ALL ON TABLE public.license_requests TO service_role;
GRANT SELECT,INSERT ON TABLE public.license_requests TO authenticated;

REVOKE ALL ON FUNCTION public.review_license_request(request_id uuid, new_status text, note text, assign_to uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.review_license_request(request_id uuid, new_status text, note text, assign_to uuid) TO service_role;
GRANT ALL ON FUNCTION public.review_license_request(request_id uuid, new_status text, note text, assign_to uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.revoke_api_key(api_key_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.revoke_api_key(api_key_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.revoke_api_key(api_key_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.revoke_film_share(share_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.revoke_film_share(share_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.revoke_film_share(share_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.revoke_invitation(invitation_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.revoke_invitation(invitation_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.revoke_invitation(invitation_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.revoke_project_share_link(project_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.revoke_project_share_link(project_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.revoke_project_share_link(project_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.rotate_webhook_secret(webhook_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.rotate_webhook_secret(webhook_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.rotate_webhook_secret(webhook_id uuid) TO authenticated;

GRANT ALL ON TABLE public.event_rsvps TO service_role;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.event_rsvps TO authenticated;

REVOKE ALL ON FUNCTION public.rsvp_event(event_id uuid, status text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.rsvp_event(event_id uuid, status text) TO service_role;
GRANT ALL ON FUNCTION public.rsvp_event(event_id uuid, status text) TO authenticated;

REVOKE ALL ON FUNCTION public.save_provider_credential(org_id uuid, provider_name text, secret text, credential_name text, credential_config jsonb, credential_expires_at timestamp with time zone) FROM PUBLIC;
GRANT ALL ON FUNCTION public.save_provider_credential(org_id uuid, provider_name text, secret text, credential_name text, credential_config jsonb, credential_expires_at timestamp with time zone) TO service_role;
GRANT ALL ON FUNCTION public.save_provider_credential(org_id uuid, provider_name text, secret text, credential_name text, credential_config jsonb, credential_expires_at timestamp with time zone) TO authenticated;

REVOKE ALL ON FUNCTION public.scheduler_tick(max_runs integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.scheduler_tick(max_runs integer) TO service_role;

REVOKE ALL ON FUNCTION public.set_campaign_status(campaign_id uuid, new_status text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_campaign_status(campaign_id uuid, new_status text) TO service_role;
GRANT ALL ON FUNCTION public.set_campaign_status(campaign_id uuid, new_status text) TO authenticated;

REVOKE ALL ON FUNCTION public.set_community_role(community_id uuid, user_id uuid, new_role text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_community_role(community_id uuid, user_id uuid, new_role text) TO service_role;
GRANT ALL ON FUNCTION public.set_community_role(community_id uuid, user_id uuid, new_role text) TO authenticated;

REVOKE ALL ON FUNCTION public.set_license_agreement_status(agreement_id uuid, new_status text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_license_agreement_status(agreement_id uuid, new_status text) TO service_role;
GRANT ALL ON FUNCTION public.set_license_agreement_status(agreement_id uuid, new_status text) TO authenticated;

GRANT ALL ON TABLE public.investor_rewards TO service_role;
GRANT SELECT ON TABLE public.investor_rewards TO authenticated;

GRANT UPDATE(status) ON TABLE public.investor_rewards TO authenticated;

GRANT UPDATE(tracking_number) ON TABLE public.investor_rewards TO authenticated;

GRANT UPDATE(download_url) ON TABLE public.investor_rewards TO authenticated;

GRANT UPDATE(access_code) ON TABLE public.investor_rewards TO authenticated;

GRANT UPDATE(delivered_at) ON TABLE public.investor_rewards TO authenticated;

REVOKE ALL ON FUNCTION public.set_reward_shipping_address(reward_id uuid, address jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.set_reward_shipping_address(reward_id uuid, address jsonb) TO service_role;
GRANT ALL ON FUNCTION public.set_reward_shipping_address(reward_id uuid, address jsonb) TO authenticated;

GRANT ALL ON TABLE public.royalty_reports TO service_role;
GRANT SELECT,INSERT,UPDATE ON TABLE public.royalty_reports TO authenticated;

REVOKE ALL ON FUNCTION public.settle_royalty_report(report_id uuid, new_status text, payment_reference text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.settle_royalty_report(report_id uuid, new_status text, payment_reference text) TO service_role;
GRANT ALL ON FUNCTION public.settle_royalty_report(report_id uuid, new_status text, payment_reference text) TO authenticated;

REVOKE ALL ON FUNCTION public.share_film(asset_id uuid, expires_in interval) FROM PUBLIC;
GRANT ALL ON FUNCTION public.share_film(asset_id uuid, expires_in interval) TO service_role;
GRANT ALL ON FUNCTION public.share_film(asset_id uuid, expires_in interval) TO authenticated;

REVOKE ALL ON FUNCTION public.sign_license_agreement(agreement_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.sign_license_agreement(agreement_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.sign_license_agreement(agreement_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.soft_delete(table_name text, row_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.soft_delete(table_name text, row_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.soft_delete(table_name text, row_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.start_workflow_run(workflow_version_id uuid, inputs jsonb, dedup_key text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.start_workflow_run(workflow_version_id uuid, inputs jsonb, dedup_key text) TO service_role;
GRANT ALL ON FUNCTION public.start_workflow_run(workflow_version_id uuid, inputs jsonb, dedup_key text) TO authenticated;

REVOKE ALL ON FUNCTION public.stripe_apply_event(event jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.stripe_apply_event(event jsonb) TO service_role;

REVOKE ALL ON FUNCTION public.transfer_ownership(org_id uuid, new_owner_user_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.transfer_ownership(org_id uuid, new_owner_user_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.transfer_ownership(org_id uuid, new_owner_user_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.unread_notification_count() FROM PUBLIC;
GRANT ALL ON FUNCTION public.unread_notification_count() TO service_role;
GRANT ALL ON FUNCTION public.unread_notification_count() TO authenticated;

REVOKE ALL ON FUNCTION public.update_order_status(order_id uuid, new_status text, tracking_number text, internal_notes text) FROM PUBLIC;
GRANT ALL ON FUNCTION public.update_order_status(order_id uuid, new_status text, tracking_number text, internal_notes text) TO service_role;
GRANT ALL ON FUNCTION public.update_order_status(order_id uuid, new_status text, tracking_number text, internal_notes text) TO authenticated;

REVOKE ALL ON FUNCTION public.use_prompt(prompt_id uuid, variable_values jsonb) FROM PUBLIC;
GRANT ALL ON FUNCTION public.use_prompt(prompt_id uuid, variable_values jsonb) TO service_role;
GRANT ALL ON FUNCTION public.use_prompt(prompt_id uuid, variable_values jsonb) TO authenticated;

REVOKE ALL ON FUNCTION public.webhook_claim(batch_size integer, lock_seconds integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.webhook_claim(batch_size integer, lock_seconds integer) TO service_role;

REVOKE ALL ON FUNCTION public.webhook_record(outbox_id bigint, attempt integer, http_status integer, error text, duration_ms integer) FROM PUBLIC;
GRANT ALL ON FUNCTION public.webhook_record(outbox_id bigint, attempt integer, http_status integer, error text, duration_ms integer) TO service_role;

REVOKE ALL ON FUNCTION public.webhook_signing_secret(webhook_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.webhook_signing_secret(webhook_id uuid) TO service_role;

REVOKE ALL ON FUNCTION public.withdraw_license_request(request_id uuid) FROM PUBLIC;
GRANT ALL ON FUNCTION public.withdraw_license_request(request_id uuid) TO service_role;
GRANT ALL ON FUNCTION public.withdraw_license_request(request_id uuid) TO authenticated;

REVOKE ALL ON FUNCTION public.worker_report(worker text, host text, process_id integer, worker_kinds text[], worker_concurrency jsonb, now_in_flight integer, total_claimed bigint, total_completed bigint, total_failed bigint, total_lost bigint, rate numeric, stopping boolean) FROM PUBLIC;
GRANT ALL ON FUNCTION public.worker_report(worker text, host text, process_id integer, worker_kinds text[], worker_concurrency jsonb, now_in_flight integer, total_claimed bigint, total_completed bigint, total_failed bigint, total_lost bigint, rate numeric, stopping boolean) TO service_role;

REVOKE ALL ON FUNCTION storage.extension(name text) FROM PUBLIC;
GRANT ALL ON FUNCTION storage.extension(name text) TO anon;
GRANT ALL ON FUNCTION storage.extension(name text) TO authenticated;
GRANT ALL ON FUNCTION storage.extension(name text) TO service_role;

REVOKE ALL ON FUNCTION storage.filename(name text) FROM PUBLIC;
GRANT ALL ON FUNCTION storage.filename(name text) TO anon;
GRANT ALL ON FUNCTION storage.filename(name text) TO authenticated;
GRANT ALL ON FUNCTION storage.filename(name text) TO service_role;

REVOKE ALL ON FUNCTION storage.foldername(name text) FROM PUBLIC;
GRANT ALL ON FUNCTION storage.foldername(name text) TO anon;
GRANT ALL ON FUNCTION storage.foldername(name text) TO authenticated;
GRANT ALL ON FUNCTION storage.foldername(name text) TO service_role;

GRANT SELECT ON TABLE analytics.campaign_funding_funnel TO analyst;
GRANT SELECT ON TABLE analytics.campaign_funding_funnel TO service_role;

GRANT SELECT ON TABLE analytics.campaign_status_funnel TO analyst;
GRANT SELECT ON TABLE analytics.campaign_status_funnel TO service_role;

GRANT ALL ON TABLE public.communities TO service_role;
GRANT SELECT ON TABLE public.communities TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.communities TO authenticated;

GRANT ALL ON TABLE public.discussion_comments TO service_role;
GRANT SELECT ON TABLE public.discussion_comments TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.discussion_comments TO authenticated;

GRANT ALL ON TABLE public.discussions TO service_role;
GRANT SELECT ON TABLE public.discussions TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.discussions TO authenticated;

GRANT ALL ON TABLE public.fan_content_comments TO service_role;
GRANT SELECT ON TABLE public.fan_content_comments TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.fan_content_comments TO authenticated;

GRANT ALL ON TABLE public.fan_content_likes TO service_role;
GRANT SELECT ON TABLE public.fan_content_likes TO anon;
GRANT SELECT,INSERT,DELETE ON TABLE public.fan_content_likes TO authenticated;

GRANT ALL ON TABLE public.fan_contents TO service_role;
GRANT SELECT ON TABLE public.fan_contents TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.fan_contents TO authenticated;

GRANT SELECT ON TABLE analytics.community_engagement TO analyst;
GRANT SELECT ON TABLE analytics.community_engagement TO service_role;

GRANT ALL ON TABLE public.contents TO service_role;
GRANT SELECT ON TABLE public.contents TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.contents TO authenticated;

GRANT ALL ON TABLE public.projects TO service_role;
GRANT SELECT ON TABLE public.projects TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.projects TO authenticated;

GRANT SELECT ON TABLE analytics.content_engagement TO analyst;
GRANT SELECT ON TABLE analytics.content_engagement TO service_role;

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

GRANT SELECT ON TABLE analytics.duty_status TO analyst;
GRANT SELECT ON TABLE analytics.duty_status TO service_role;

GRANT SELECT ON TABLE analytics.generation_cost TO analyst;
GRANT SELECT ON TABLE analytics.generation_cost TO service_role;

GRANT SELECT ON TABLE analytics.pipeline_usage TO analyst;
GRANT SELECT ON TABLE analytics.pipeline_usage TO service_role;

GRANT ALL ON TABLE public.generation_kinds TO service_role;
GRANT SELECT ON TABLE public.generation_kinds TO anon;
GRANT SELECT ON TABLE public.generation_kinds TO authenticated;

GRANT ALL ON TABLE public.job_logs TO service_role;
GRANT SELECT ON TABLE public.job_logs TO authenticated;

GRANT SELECT ON TABLE analytics.queue_health TO analyst;
GRANT SELECT ON TABLE analytics.queue_health TO service_role;

GRANT SELECT ON TABLE analytics.royalty_summary TO analyst;
GRANT SELECT ON TABLE analytics.royalty_summary TO service_role;

GRANT ALL ON TABLE public.order_items TO service_role;
GRANT SELECT ON TABLE public.order_items TO authenticated;

GRANT SELECT ON TABLE analytics.store_sales_by_product TO analyst;
GRANT SELECT ON TABLE analytics.store_sales_by_product TO service_role;

GRANT SELECT ON TABLE analytics.store_sales_by_ip TO analyst;
GRANT SELECT ON TABLE analytics.store_sales_by_ip TO service_role;

GRANT SELECT ON TABLE analytics.subscriptions_mrr TO analyst;
GRANT SELECT ON TABLE analytics.subscriptions_mrr TO service_role;

GRANT SELECT ON TABLE analytics.worker_status TO analyst;
GRANT SELECT ON TABLE analytics.worker_status TO service_role;

GRANT ALL ON TABLE public.profiles TO service_role;
GRANT SELECT,UPDATE ON TABLE public.profiles TO authenticated;

GRANT SELECT ON TABLE private.acting_user TO anon;
GRANT SELECT ON TABLE private.acting_user TO authenticated;

GRANT ALL ON TABLE public.audit_logs TO service_role;
GRANT SELECT ON TABLE public.audit_logs TO authenticated;

GRANT SELECT ON TABLE private.content_match_scores TO authenticated;
GRANT ALL ON TABLE private.content_match_scores TO service_role;

GRANT SELECT ON TABLE private.content_trending TO anon;
GRANT SELECT ON TABLE private.content_trending TO authenticated;
GRANT ALL ON TABLE private.content_trending TO service_role;

GRANT SELECT,INSERT ON TABLE private.daily_counts TO authenticated;
GRANT ALL ON TABLE private.daily_counts TO service_role;

GRANT SELECT ON TABLE private.my_memberships TO authenticated;

GRANT ALL ON TABLE private.viewer_tastes TO service_role;

GRANT ALL ON TABLE public.webhook_deliveries TO service_role;
GRANT SELECT ON TABLE public.webhook_deliveries TO authenticated;

GRANT ALL ON TABLE public.assets TO service_role;
GRANT SELECT ON TABLE public.assets TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.assets TO authenticated;

GRANT SELECT ON TABLE private.withheld_media TO authenticated;

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

GRANT ALL ON SEQUENCE public.audit_logs_id_seq TO service_role;

GRANT ALL ON TABLE public.book_structure TO service_role;
GRANT SELECT ON TABLE public.book_structure TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.book_structure TO authenticated;

GRANT ALL ON TABLE public.books TO service_role;
GRANT SELECT ON TABLE public.books TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.books TO authenticated;

GRANT ALL ON TABLE public.campaign_updates TO service_role;
GRANT SELECT ON TABLE public.campaign_updates TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.campaign_updates TO authenticated;

GRANT ALL ON TABLE public.cart_items TO service_role;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.cart_items TO authenticated;

GRANT ALL ON TABLE public.carts TO service_role;
GRANT SELECT,INSERT,DELETE ON TABLE public.carts TO authenticated;

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

GRANT ALL ON TABLE public.content_categories TO service_role;
GRANT SELECT ON TABLE public.content_categories TO anon;
GRANT SELECT ON TABLE public.content_categories TO authenticated;

GRANT ALL ON TABLE public.content_category_items TO service_role;
GRANT SELECT ON TABLE public.content_category_items TO anon;
GRANT SELECT,INSERT,DELETE ON TABLE public.content_category_items TO authenticated;

GRANT ALL ON TABLE public.content_completions TO service_role;

GRANT ALL ON TABLE public.content_daily_stats TO service_role;

GRANT ALL ON TABLE public.content_episodes TO service_role;
GRANT SELECT ON TABLE public.content_episodes TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.content_episodes TO authenticated;

GRANT ALL ON TABLE public.content_likes TO service_role;
GRANT SELECT,INSERT,DELETE ON TABLE public.content_likes TO authenticated;

GRANT MAINTAIN ON TABLE public.content_matches TO anon;
GRANT SELECT,MAINTAIN ON TABLE public.content_matches TO authenticated;
GRANT ALL ON TABLE public.content_matches TO service_role;

GRANT ALL ON TABLE public.content_ratings TO service_role;
GRANT SELECT ON TABLE public.content_ratings TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.content_ratings TO authenticated;

GRANT ALL ON TABLE public.content_seasons TO service_role;
GRANT SELECT ON TABLE public.content_seasons TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.content_seasons TO authenticated;

GRANT ALL ON TABLE public.content_views TO service_role;
GRANT SELECT ON TABLE public.content_views TO authenticated;

GRANT MAINTAIN ON TABLE public.continue_watching TO anon;
GRANT SELECT,MAINTAIN ON TABLE public.continue_watching TO authenticated;
GRANT ALL ON TABLE public.continue_watching TO service_role;

GRANT ALL ON TABLE public.cost_aggregations TO service_role;
GRANT SELECT ON TABLE public.cost_aggregations TO authenticated;

GRANT ALL ON SEQUENCE public.credit_transactions_id_seq TO service_role;

GRANT ALL ON TABLE public.daily_spend TO service_role;
GRANT SELECT ON TABLE public.daily_spend TO authenticated;

GRANT ALL ON TABLE public.discussion_poll_votes TO service_role;
GRANT SELECT ON TABLE public.discussion_poll_votes TO anon;
GRANT SELECT,INSERT,DELETE ON TABLE public.discussion_poll_votes TO authenticated;

GRANT SELECT,MAINTAIN ON TABLE public.discussion_poll_results TO anon;
GRANT SELECT,MAINTAIN ON TABLE public.discussion_poll_results TO authenticated;
GRANT ALL ON TABLE public.discussion_poll_results TO service_role;

GRANT ALL ON TABLE public.events TO service_role;
GRANT SELECT ON TABLE public.events TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.events TO authenticated;

GRANT ALL ON TABLE public.feature_flags TO service_role;

GRANT ALL ON TABLE public.feedback TO service_role;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.feedback TO authenticated;

GRANT ALL ON TABLE public.generation_inputs TO service_role;
GRANT SELECT ON TABLE public.generation_inputs TO authenticated;

GRANT ALL ON TABLE public.generation_prices TO service_role;
GRANT SELECT ON TABLE public.generation_prices TO anon;
GRANT SELECT ON TABLE public.generation_prices TO authenticated;

GRANT ALL ON TABLE public.invoices TO service_role;
GRANT SELECT ON TABLE public.invoices TO authenticated;

GRANT ALL ON SEQUENCE public.job_logs_id_seq TO service_role;

GRANT ALL ON TABLE public.license_catalog TO service_role;
GRANT SELECT ON TABLE public.license_catalog TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.license_catalog TO authenticated;

GRANT ALL ON TABLE public.license_request_notes TO service_role;
GRANT SELECT,INSERT,DELETE ON TABLE public.license_request_notes TO authenticated;

GRANT ALL ON TABLE public.model_metrics TO service_role;

GRANT ALL ON TABLE public.moodboards TO service_role;
GRANT SELECT ON TABLE public.moodboards TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.moodboards TO authenticated;

GRANT ALL ON TABLE public.notifications TO service_role;
GRANT SELECT,DELETE ON TABLE public.notifications TO authenticated;

GRANT ALL ON TABLE public.performance_predictions TO service_role;
GRANT SELECT ON TABLE public.performance_predictions TO anon;
GRANT SELECT ON TABLE public.performance_predictions TO authenticated;

GRANT SELECT ON TABLE public.plan_concurrency_limits TO anon;
GRANT SELECT ON TABLE public.plan_concurrency_limits TO authenticated;
GRANT ALL ON TABLE public.plan_concurrency_limits TO service_role;

GRANT ALL ON TABLE public.plot_overviews TO service_role;
GRANT SELECT ON TABLE public.plot_overviews TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.plot_overviews TO authenticated;

GRANT ALL ON TABLE public.product_internals TO service_role;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.product_internals TO authenticated;

GRANT ALL ON TABLE public.product_variants TO service_role;
GRANT SELECT ON TABLE public.product_variants TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.product_variants TO authenticated;

GRANT ALL ON TABLE public.products TO service_role;
GRANT SELECT ON TABLE public.products TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.products TO authenticated;

GRANT ALL ON TABLE public.project_collaborators TO service_role;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.project_collaborators TO authenticated;

GRANT ALL ON TABLE public.prompt_ratings TO service_role;
GRANT SELECT ON TABLE public.prompt_ratings TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.prompt_ratings TO authenticated;

GRANT ALL ON TABLE public.prompt_uses TO service_role;
GRANT SELECT ON TABLE public.prompt_uses TO authenticated;

GRANT ALL ON SEQUENCE public.prompt_uses_id_seq TO service_role;

GRANT ALL ON TABLE public.prompts TO service_role;
GRANT SELECT ON TABLE public.prompts TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.prompts TO authenticated;

GRANT ALL ON TABLE public.provider_credentials TO service_role;
GRANT SELECT,DELETE,UPDATE ON TABLE public.provider_credentials TO authenticated;

GRANT ALL ON TABLE public.quiz_completions TO service_role;
GRANT SELECT ON TABLE public.quiz_completions TO authenticated;

GRANT ALL ON TABLE public.quota_limits TO service_role;
GRANT SELECT ON TABLE public.quota_limits TO authenticated;

GRANT ALL ON TABLE public.stories TO service_role;
GRANT SELECT ON TABLE public.stories TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.stories TO authenticated;

GRANT ALL ON TABLE public.subscription_history TO service_role;
GRANT SELECT ON TABLE public.subscription_history TO authenticated;

GRANT ALL ON SEQUENCE public.subscription_history_id_seq TO service_role;

GRANT ALL ON TABLE public.system_settings TO service_role;
GRANT SELECT ON TABLE public.system_settings TO anon;
GRANT SELECT ON TABLE public.system_settings TO authenticated;

GRANT ALL ON TABLE public.template_versions TO service_role;
GRANT SELECT ON TABLE public.template_versions TO anon;
GRANT SELECT ON TABLE public.template_versions TO authenticated;

GRANT ALL ON TABLE public.templates TO service_role;
GRANT SELECT ON TABLE public.templates TO anon;
GRANT SELECT,INSERT,DELETE ON TABLE public.templates TO authenticated;

GRANT UPDATE(name) ON TABLE public.templates TO authenticated;

GRANT UPDATE(description) ON TABLE public.templates TO authenticated;

GRANT UPDATE(aspect) ON TABLE public.templates TO authenticated;

GRANT UPDATE(resolution) ON TABLE public.templates TO authenticated;

GRANT UPDATE(is_public) ON TABLE public.templates TO authenticated;

GRANT UPDATE(thumbnail_url) ON TABLE public.templates TO authenticated;

GRANT UPDATE(spec) ON TABLE public.templates TO authenticated;

GRANT SELECT,MAINTAIN ON TABLE public.trending_contents TO anon;
GRANT SELECT,MAINTAIN ON TABLE public.trending_contents TO authenticated;
GRANT ALL ON TABLE public.trending_contents TO service_role;

GRANT ALL ON TABLE public.universes TO service_role;
GRANT SELECT ON TABLE public.universes TO anon;
GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.universes TO authenticated;

GRANT ALL ON TABLE public.user_follows TO service_role;
GRANT SELECT,INSERT,DELETE ON TABLE public.user_follows TO authenticated;

GRANT ALL ON TABLE public.user_progress TO service_role;
GRANT SELECT ON TABLE public.user_progress TO authenticated;

GRANT ALL ON TABLE public.user_roles TO service_role;
GRANT SELECT ON TABLE public.user_roles TO authenticated;

GRANT ALL ON TABLE public.versions TO service_role;
GRANT SELECT ON TABLE public.versions TO anon;
GRANT SELECT ON TABLE public.versions TO authenticated;

GRANT ALL ON TABLE public.watchlists TO service_role;
GRANT SELECT,INSERT,DELETE ON TABLE public.watchlists TO authenticated;

GRANT ALL ON SEQUENCE public.webhook_deliveries_id_seq TO service_role;

GRANT ALL ON TABLE public.webhooks TO service_role;
GRANT SELECT,DELETE,UPDATE ON TABLE public.webhooks TO authenticated;

GRANT ALL ON TABLE public.workflow_node_types TO service_role;
GRANT SELECT ON TABLE public.workflow_node_types TO anon;
GRANT SELECT ON TABLE public.workflow_node_types TO authenticated;

GRANT ALL ON TABLE storage.buckets TO anon;
GRANT ALL ON TABLE storage.buckets TO authenticated;
GRANT ALL ON TABLE storage.buckets TO service_role;

GRANT ALL ON TABLE storage.objects TO anon;
GRANT ALL ON TABLE storage.objects TO authenticated;
GRANT ALL ON TABLE storage.objects TO service_role;

ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON SEQUENCES TO postgres;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON SEQUENCES TO service_role;

ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO postgres;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON FUNCTIONS TO service_role;

ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO postgres;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO anon;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO authenticated;
ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES TO service_role;

ALTER DEFAULT PRIVILEGES FOR ROLE postgres REVOKE ALL ON FUNCTIONS FROM PUBLIC;
