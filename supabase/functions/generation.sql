-- The generation engine: scope and status rules of generations, the request RPC (money
-- and job in one transaction), the queue's worker functions (claim, heartbeat, progress,
-- complete, fail, cancel, hand back, reap), the webhook outbox and its delivery, cron
-- schedules and the scheduler tick. docs/generation.md tells the story.
--
-- Locking order everywhere: queue row, then generation row, then the organization's
-- balance row (then its hold). Batches lock organizations in id order.

-- ---------------------------------------------------------------------------
-- Generations: scope, defaults, status machine
-- ---------------------------------------------------------------------------

-- Before insert: organization and project come from the first parent named (parent
-- generation, scene, script, chapter, moodboard, animation, project), whatever was sent;
-- attempts and timings start fresh.
create or replace function private.prepare_generation()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function private.prepare_generation() from public;

create or replace trigger prepare_generation before insert on public.generations
for each row execute function private.prepare_generation();

create or replace trigger protect_columns before update on public.generations
for each row when (current_user in ('anon', 'authenticated')) execute function private.protect_columns(
    'id', 'organization_id', 'project_id', 'user_id', 'kind', 'parent_id', 'hold_id', 'estimated_credits',
    'actual_credits', 'status', 'created_at', 'paid_by', 'provider_credential_id'
);

-- The status machine. Legal moves:
--   queued   -> running, cancelled, failed
--   running  -> succeeded, failed, retrying, cancelled, queued (handed back at shutdown)
--   retrying -> running, cancelled, failed
--   succeeded, failed, cancelled: final
-- The trigger's WHEN clause is the rule (evaluated without a function call on the hot
-- path); the function only runs for an illegal move, to refuse it with PT409. The
-- engine's functions set the timings (started_at, completed_at, failed_at, cancelled_at).
create or replace function private.refuse_status_move()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    raise exception 'a generation cannot go from % to %', old.status, new.status
        using errcode = 'PT409', detail = format('generation %s', old.id);
end
$$;
revoke execute on function private.refuse_status_move() from public;

create or replace trigger status_machine before update of status on public.generations
for each row when (
    old.status is distinct from new.status
    and not (
        (old.status = 'queued' and new.status in ('running', 'cancelled', 'failed'))
        or (old.status = 'running' and new.status in ('succeeded', 'failed', 'retrying', 'cancelled', 'queued'))
        or (old.status = 'retrying' and new.status in ('running', 'cancelled', 'failed'))
    )
)
execute function private.refuse_status_move();

-- A queued generation enters the queue; workers of its kind are woken once per statement
-- and kind (Postgres also folds identical notifications of one transaction into one).
create or replace function private.enqueue_generations()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function private.enqueue_generations() from public;

create or replace trigger enqueue_generations after insert on public.generations
referencing new table as new_rows
for each statement execute function private.enqueue_generations();

-- Moodboards and animations show the state of the generation that makes their media.
create or replace function private.mirror_media_status()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function private.mirror_media_status() from public;

create or replace trigger mirror_media_status after insert or update of status on public.generations
for each row when (new.moodboard_id is not null or new.animation_id is not null)
execute function private.mirror_media_status();

-- Inputs take the generation's scope.
create or replace trigger inherit_scope before insert or update of generation_id on public.generation_inputs
for each row execute function private.inherit_scope('generations:generation_id');

create or replace trigger protect_columns before update on public.generation_inputs
for each row execute function private.protect_columns('organization_id', 'project_id', 'generation_id');

-- An asset given to a generation as an input is used: its usage_count counts the uses and
-- last_used_at dates the latest (columns clients cannot write). Only the generation's own
-- organization's assets are counted, so nobody inflates another's.
create or replace function private.count_asset_use()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    update public.assets a set usage_count = a.usage_count + 1, last_used_at = now()
    where a.id = new.asset_id and a.organization_id = new.organization_id;
    return null;
end
$$;
revoke execute on function private.count_asset_use() from public;

create or replace trigger count_asset_use after insert on public.generation_inputs
for each row when (new.asset_id is not null) execute function private.count_asset_use();

-- ---------------------------------------------------------------------------
-- Jobs wait for their inputs: one mechanism for every job with input generations (a
-- pipeline's children, a workflow run's nodes, a standalone job given inputs)
-- ---------------------------------------------------------------------------

-- A queued job whose input generations have not all succeeded is 'waiting' (no claim takes
-- it); one whose inputs have all succeeded is 'ready' (its workers are notified when it
-- becomes so). The caller has locked (FOR SHARE) any input that may be finishing right now.
-- The queue row is locked before the inputs are counted: two inputs succeeding at once
-- serialize there, and the second sees the first. A running job is left alone (its handler
-- retries with input_not_ready).
create or replace function private.wait_or_wake(job_generation uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function private.wait_or_wake(uuid) from public;

-- An input row added (or re-pointed): the job waits, or runs if every input has succeeded.
-- An input finishing right now is waited for (FOR SHARE), so its success is seen: its own
-- wake_dependants cannot see this uncommitted row.
create or replace function private.wait_for_input()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    if exists (select from public.generations i where i.id = new.input_generation_id and i.status <> 'succeeded') then
        perform from public.generations i where i.id = new.input_generation_id for share;
    end if;
    perform private.wait_or_wake(new.generation_id);
    return null;
end
$$;
revoke execute on function private.wait_for_input() from public;

create or replace trigger wait_for_input after insert or update of input_generation_id on public.generation_inputs
for each row when (new.input_generation_id is not null) execute function private.wait_for_input();

-- Generations that succeeded: the jobs waiting for them whose inputs have now all succeeded
-- become ready (found through generation_inputs_input_idx; most generations are nobody's
-- input). One statement-level call per batch of completions, sharing the outbox trigger's
-- transition tables; dependants are taken in id order (one locking order for all workers).
create or replace function private.wake_dependants()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function private.wake_dependants() from public;

create or replace trigger wake_dependants after update on public.generations
referencing old table as old_rows new table as new_rows
for each statement execute function private.wake_dependants();

-- ---------------------------------------------------------------------------
-- Webhook outbox: written by the statement that finishes generations
-- ---------------------------------------------------------------------------

-- The event a status change announces (null: none).
create or replace function private.generation_event(kind text, status text)
returns text
language sql
immutable
set search_path = ''
as $$
    select case
        when kind = 'render' and status = 'succeeded' then 'render.succeeded'
        when kind = 'render' and status = 'failed' then 'render.failed'
        when status = 'succeeded' then 'generation.completed'
        when status = 'failed' then 'generation.failed'
        when status = 'cancelled' then 'generation.cancelled'
    end
$$;
revoke execute on function private.generation_event(text, text) from public;

-- Generations that reached a final state queue an event for each active endpoint of their
-- organization that wants it (no events listed: all), in the same transaction. One
-- statement-level trigger with transition tables: a batch of completions costs one call,
-- not one per row (PostgreSQL allows no column list on a trigger with transition tables,
-- so it compares the old and new status itself).
create or replace function private.generation_outbox()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function private.generation_outbox() from public;

create or replace trigger generation_outbox after update on public.generations
referencing old table as old_rows new table as new_rows
for each statement execute function private.generation_outbox();

-- ---------------------------------------------------------------------------
-- Requesting a generation: checks, estimate, hold and job in one transaction
-- ---------------------------------------------------------------------------

create or replace function private.require_text(value text, name text, max_length integer)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
    if value is not null and length(value) > max_length then
        raise exception '% is longer than % characters', name, max_length using errcode = '22023';
    end if;
end
$$;
revoke execute on function private.require_text(text, text, integer) from public;

-- The estimated cost of `units` of a kind with a provider and model: the most specific
-- price row wins (model, then provider, then the kind's default).
create or replace function private.estimate_generation(
    gen_kind text, gen_provider text, gen_model text, gen_units numeric,
    out credits bigint, out cost_usd numeric
)
language sql
stable
set search_path = ''
as $$
    select ceil(p.credits_per_unit * gen_units)::bigint, round(p.usd_per_unit * gen_units, 6)
    from public.generation_prices p
    where p.kind = gen_kind
      and p.provider in ('', coalesce(gen_provider, ''))
      and p.model in ('', coalesce(gen_model, ''))
    order by p.model desc, p.provider desc
    limit 1
$$;
revoke execute on function private.estimate_generation(text, text, text, numeric) from public;

-- The organization's own provider key that will run a generation of `gen_kind` (with the
-- provider the request names, if any), or null when the platform's compute pays. The same
-- choice the worker makes (src/creatorverse/media/registry.py, select_provider), most specific
-- first: an active, unexpired credential of the named provider (none named: any), one listing
-- the kind in config.kinds before one that lists no kinds and whose API serves the kind by
-- default (openai-style: text, image, audio; async video: video, scene_video), then by name.
-- The offline 'local' provider is the platform's.
create or replace function private.own_key_credential(org uuid, gen_kind text, gen_provider text)
returns uuid
language sql
stable
set search_path = ''
as $$
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
revoke execute on function private.own_key_credential(uuid, text, text) from public;

-- The credits a generation costs given whose key pays: the platform's price, except on a BYOK
-- plan (plans.is_byok), where a generation run on the organization's own key costs the plan's
-- own_key_fee_percent of it (the BYOK plan: 0, nothing).
create or replace function private.credits_for_key(org uuid, platform_credits bigint, paid_by text)
returns bigint
language sql
stable
set search_path = ''
as $$
    select case when paid_by = 'own_key' and p.is_byok
                then ceil(platform_credits * p.own_key_fee_percent / 100.0)::bigint
                else platform_credits end
    from (select 1) one
    left join public.subscriptions s on s.organization_id = org
    left join public.plans p on p.id = s.plan_id
$$;
revoke execute on function private.credits_for_key(uuid, bigint, text) from public;

-- The one door into generation, part 1: the request `spec` made complete and checked for
-- `caller` (the acting user; null: the platform itself), or refused. Every path that creates
-- a generation (request_generation, request_film, retry_generation, workflow runs, schedules,
-- enqueue_generation) comes through here, through start_generation; schedules also when they
-- are written. What it decides:
--   * bounds (22023): a known kind; provider, model, prompt, variant, dedup_key lengths;
--     params and metadata JSON objects of at most 100000 and 10000 characters; units in
--     (0, 10000]; priority in -10..10; max_attempts in 1..the kind's (default: the kind's);
--   * scope (P0002): the project is the one named, else the first referenced object's; it and
--     its organization are live; the organization comes from it, whatever was sent; every
--     referenced object (parent generation, scene, script, chapter, book, moodboard, animation)
--     is a live row of that same project and organization;
--   * rights (P0002 "project not found", no oracle): a user's generation lives in a project in
--     which the user may generate at this moment (private.user_holds_project_permission
--     'generate': membership and role, or a collaborator's 'generate' permission; organization
--     alive, profile not deleted), asked again at every schedule run;
--   * brand safety (PT451) of the prompt and params.text.
create or replace function private.checked_generation(spec public.generations, caller uuid)
returns public.generations
language plpgsql
security definer
set search_path = ''
as $$
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
$$;
revoke execute on function private.checked_generation(public.generations, uuid) from public;

-- The one door, part 2: create the generation `spec` describes for `caller` (null: the
-- platform) once checked_generation has passed it, and count it: with an estimate above 0
-- credits through authorize_generation (emergency stop, API calls, quotas, daily cap, then a
-- hold), free ones through the same counters without a hold (a free kind is no way around the
-- caps; only the platform's own unmetered jobs, no user and no usage, count nothing). The
-- hold's key is derived from the generation ('generation:<id>'), never from the caller's dedup
-- key, which lives in its own column. A repeated dedup key returns the first generation and
-- charges nothing. The only function that inserts into public.generations
-- (supabase/tests/database/test_generation_door.sql reads the catalog to keep it so).
create or replace function private.start_generation(spec public.generations, caller uuid)
returns public.generations
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function private.start_generation(public.generations, uuid) from public;

-- The client's entry point: ask for a generation in a project the caller may edit.
create or replace function public.request_generation(
    project_id uuid,
    kind text,
    prompt text default null,
    params jsonb default '{}',
    provider text default null,
    model text default null,
    units numeric default 1,
    priority integer default 0,
    dedup_key text default null,
    parent_id uuid default null,
    scene_id uuid default null,
    script_id uuid default null,
    chapter_id uuid default null,
    moodboard_id uuid default null,
    animation_id uuid default null,
    variant text default null,
    scene_number integer default null
)
returns public.generations
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function public.request_generation(uuid, text, text, jsonb, text, text, numeric, integer, text, uuid,
uuid, uuid, uuid, uuid, uuid, text, integer) from public, anon;
grant execute on function public.request_generation(uuid, text, text, jsonb, text, text, numeric, integer, text, uuid,
uuid, uuid, uuid, uuid, uuid, text, integer) to authenticated;

-- The platform's entry point (service role): `spec` names a project, a parent or (for the
-- platform's own jobs) organization_id, the kind and the request fields; it goes through the
-- one door, as `on_behalf_of` when given (that user's rights are checked and charged).
create or replace function public.enqueue_generation(spec jsonb, on_behalf_of uuid default null)
returns public.generations
language plpgsql
security definer
set search_path = ''
as $$
begin
    if spec is null or jsonb_typeof(spec) <> 'object' then
        raise exception 'spec must be a JSON object' using errcode = '22023';
    end if;
    return private.start_generation(
        jsonb_populate_record(null::public.generations, spec - 'id' - 'status' - 'hold_id' - 'attempts'),
        on_behalf_of);
end
$$;
revoke execute on function public.enqueue_generation(jsonb, uuid) from public, anon, authenticated;
grant execute on function public.enqueue_generation(jsonb, uuid) to service_role;

-- The generation as the caller may see it (RLS), for the RPCs below; P0002 otherwise.
create or replace function private.visible_generation(generation_id uuid, min_role public.member_role)
returns public.generations
language plpgsql
stable
security definer
set search_path = ''
as $$
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
revoke execute on function private.visible_generation(uuid, public.member_role) from public;

-- Cancel: a job not started (ready, or waiting for its inputs) is cancelled at once and its
-- hold released; a running one is flagged, and its worker stops at its next heartbeat.
-- One job cancelled. Not started yet (its queue row ready or waiting for inputs): cancelled at
-- once, hold released. Running: flagged, and its worker stops at the next heartbeat. Queue row
-- first (the one locking order); callers settle any other lock they need before.
create or replace function private.cancel_job(target public.generations)
returns public.generations
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function private.cancel_job(public.generations) from public;

-- The jobs among `generation_ids` that have not started: cancelled with `message` and
-- `error_code`, holds released. Queue rows another transaction holds (a worker claiming them
-- right now) are skipped, never waited for: those jobs are running and stop at a heartbeat.
create or replace function private.cancel_unstarted_jobs(generation_ids uuid [], message text, error_code text)
returns void
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function private.cancel_unstarted_jobs(uuid [], text, text) from public;

create or replace function public.cancel_generation(generation_id uuid)
returns public.generations
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function public.cancel_generation(uuid) from public, anon;
grant execute on function public.cancel_generation(uuid) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- The fair order (docs/generation.md, "Fairness and concurrency limits"). Organizations take
-- turns within a kind: a claim gives the next worker slots to the organizations with the
-- fewest running jobs of the kind (water-filling), each taking its own jobs by priority,
-- then time; an organization at its concurrency limit is passed over.
-- ---------------------------------------------------------------------------

-- The organizations with ready jobs of a kind, in id order: a loose index scan, one probe of
-- job_queue_ready_idx per organization, whatever the size of their backlogs.
create or replace function private.queued_organizations(job_kind text)
returns setof uuid
language sql
stable
set search_path = ''
as $$
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
revoke execute on function private.queued_organizations(text) from public;

-- How many jobs of a kind an organization may run at once: the operator's limit when one is
-- set (null: none), else its plan's (no row: none).
create or replace function private.concurrency_limit(org_id uuid, job_kind text)
returns integer
language sql
stable
set search_path = ''
as $$
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
revoke execute on function private.concurrency_limit(uuid, text) from public;

-- A ready job's place in the fair order of its kind (1 = next), and how many of its own
-- organization's running jobs must finish before its limit lets it start. Its turn is its
-- organization's running jobs + its rank among the organization's ready jobs; another
-- organization's jobs come first when their turn is earlier (or the same, with an older next
-- job), at most its ready jobs and its free slots. A job its own limit holds back comes after
-- every job the others can start now. Cost: one probe per organization with ready jobs, and
-- index entries up to the job's turn (or, held back, the others' startable jobs).
create or replace function private.queue_place(job private.job_queue, out queue_position bigint, out waits_for bigint)
language plpgsql
stable
set search_path = ''
as $$
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
revoke execute on function private.queue_place(private.job_queue) from public;

-- A ready job's place in its kind's fair order (1 = next), null when it is not in line
-- (running, finished, or still waiting for its inputs).
create or replace function public.generation_queue_position(generation_id uuid)
returns bigint
language plpgsql
stable
security definer
set search_path = ''
as $$
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
revoke execute on function public.generation_queue_position(uuid) from public, anon;
grant execute on function public.generation_queue_position(uuid) to authenticated, service_role;

-- A ready job's place, and when it should start and finish: the live workers of its kind
-- take (their reported jobs/s) jobs per second in the fair order, and a job runs on average
-- running / rate seconds (Little's law); a job its organization's limit holds back also
-- waits for that many of its own running jobs to finish. Times are null while no live
-- worker serves the kind; all null when the job is not in line.
create or replace function public.generation_queue_estimate(generation_id uuid)
returns table (queue_position bigint, estimated_start_at timestamptz, estimated_completion_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
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
revoke execute on function public.generation_queue_estimate(uuid) from public, anon;
grant execute on function public.generation_queue_estimate(uuid) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Settling: the generation's final state, its money and its usage record, in the
-- caller's transaction (the one that removes the job from the queue)
-- ---------------------------------------------------------------------------

-- Final state of a generation whose queue row the caller has just removed. Succeeded:
-- capture `actual_credits` (at most the hold) and write the usage record; failed or
-- cancelled: release the hold. Returns the generation.
create or replace function private.finish_generation(
    target_id uuid, final_status text, outcome jsonb, error_text text, error_kind text
)
returns public.generations
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function private.finish_generation(uuid, text, jsonb, text, text) from public;

-- Exponential backoff with jitter: a random time in [½, 1] × min(cap, base × 2^(attempt-1)).
create or replace function private.backoff(attempt integer, base_seconds numeric, cap_seconds numeric)
returns interval
language sql
volatile
set search_path = ''
as $$
    select make_interval(secs => least(cap_seconds, base_seconds * power(2, greatest(attempt, 1) - 1))
                                 * (0.5 + random() / 2))
$$;
revoke execute on function private.backoff(integer, numeric, numeric) from public;

create or replace function private.log_job(
    job_generation uuid, job_attempt integer, log_level text, log_stage text, log_message text, log_data jsonb,
    log_worker text
)
returns void
language sql
security definer
set search_path = ''
as $$
    insert into public.job_logs (generation_id, organization_id, project_id, attempt, level, stage, message, data,
                                 worker_id)
    select g.id, g.organization_id, g.project_id, job_attempt, log_level, log_stage, left(log_message, 4000),
           coalesce(log_data, '{}'), log_worker
    from public.generations g where g.id = job_generation
$$;
revoke execute on function private.log_job(uuid, integer, text, text, text, jsonb, text) from public;

-- ---------------------------------------------------------------------------
-- Worker functions (service_role). A job is addressed by (queue id, lease token): the
-- token changes at every claim, so a worker whose lease expired and was taken over can
-- neither complete, fail nor extend it (fencing). Every function checks the token and
-- that the lease is still running.
-- ---------------------------------------------------------------------------

-- The queue row of a job the caller still holds (its lease token, running, lease not
-- expired), locked; null when the lease was lost. Every worker function starts here.
create or replace function private.held_job(job_id bigint, token bigint)
returns private.job_queue
language sql
set search_path = ''
as $$
    select q.* from private.job_queue q
    where q.id = job_id and q.lease_token = token and q.state = 'running' and q.lease_expires_at > now()
    for update
$$;
revoke execute on function private.held_job(bigint, bigint) from public;

-- The lease a worker gets (claim) and renews (heartbeat): the kind's, or shorter when the
-- worker asks for less; never longer, so that the kinds' bound (20 s) is the recovery time.
create or replace function private.job_lease(job_kind text, requested_seconds integer)
returns interval
language sql
stable
set search_path = ''
as $$
    select make_interval(secs => least(greatest(coalesce(requested_seconds, k.lease_seconds), 1), k.lease_seconds))
    from public.generation_kinds k where k.kind = job_kind
$$;
revoke execute on function private.job_lease(text, integer) from public;

-- Claim up to `batch_size` ready jobs of a kind in the fair order (skip locked): each takes
-- the next lease token, counts the attempt and gets a lease; its generation turns running.
-- The slots go to the organizations with a job due, fewest running jobs first (water-filling:
-- the batch's k-th slot goes to the smallest running + k, ties to the older next job), each
-- organization's jobs by priority, then time. An organization with a concurrency limit gets
-- at most its free slots, counted under its slot lock (a transaction-level advisory lock
-- taken with try: a second claimer passes the organization over instead of waiting), in a
-- statement that starts after the lock is held, so it sees every claim committed before:
-- the limit holds across any number of workers. The picked ids are collected first, so both
-- updates find their rows through the primary keys. Neither update changes an indexed
-- column of generations: with the table's fillfactor the status change is a HOT update.
create or replace function public.job_claim(
    worker text, job_kind text, batch_size integer default 10, lease_seconds integer default null
)
returns table (
    queue_id bigint, lease_token bigint, attempt integer, max_attempts integer, lease_expires_at timestamptz,
    generation_id uuid, kind text, organization_id uuid, project_id uuid, user_id uuid, provider text, model text,
    prompt text, params jsonb, units numeric, estimated_credits bigint, parent_id uuid, scene_id uuid
)
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function public.job_claim(text, text, integer, integer) from public, anon, authenticated;
grant execute on function public.job_claim(text, text, integer, integer) to service_role;

-- Extend the leases of running jobs; say which were lost and which the client cancelled.
create or replace function public.job_heartbeat(
    worker text, queue_ids bigint [], lease_tokens bigint [], lease_seconds integer default null
)
returns table (queue_id bigint, state text)
language sql
security definer
set search_path = ''
as $$
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
revoke execute on function public.job_heartbeat(text, bigint [], bigint [], integer) from public, anon, authenticated;
grant execute on function public.job_heartbeat(text, bigint [], bigint [], integer) to service_role;

-- Progress and current step on the domain row (clients see it through Realtime). False
-- when the lease is lost.
create or replace function public.job_progress(
    queue_id bigint, lease_token bigint, progress numeric, current_step text default null,
    completed_steps integer default null, total_steps integer default null,
    estimated_completion_at timestamptz default null, external_job_id text default null
)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function public.job_progress(bigint, bigint, numeric, text, integer, integer, timestamptz, text)
from public, anon, authenticated;
grant execute on function public.job_progress(bigint, bigint, numeric, text, integer, integer, timestamptz, text)
to service_role;

-- Complete a batch: for each (queue id, lease token, outcome) still held, remove the job,
-- capture its actual cost, write its usage record and mark it succeeded — all in this
-- transaction. Returns the queue ids accepted; the others had lost their lease.
-- outcome: {actual_credits, actual_cost_usd, output_url, thumbnail_url, subtitles_url,
-- output_asset_id, result, duration_ms, size_bytes, cost_tokens, cost_render_seconds,
-- cost_kai_credits, external_job_id, provider, model}; null is {}. Free, unmetered jobs
-- (no hold, a kind without resource type: the no-op path) finish in one statement and never
-- touch the ledger; the others settle one by one through finish_generation.
-- Rows are found by `id = any(batch)` (an index scan of exactly the batch) and their token and
-- outcome read by array_position: a join to unnest(...) let the planner rescan the unnest for
-- every row or scan every running job, costs that grow with more than the batch.
create or replace function private.complete_jobs(queue_ids bigint [], lease_tokens bigint [], outcomes jsonb [])
returns bigint []
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function private.complete_jobs(bigint [], bigint [], jsonb []) from public;

-- The same for a worker that completes without claiming (set of accepted queue ids).
create or replace function public.job_complete(queue_ids bigint [], lease_tokens bigint [], outcomes jsonb [])
returns setof bigint
language sql
security definer
set search_path = ''
as $$
    select unnest(private.complete_jobs(queue_ids, lease_tokens, outcomes))
$$;
revoke execute on function public.job_complete(bigint [], bigint [], jsonb []) from public, anon, authenticated;
grant execute on function public.job_complete(bigint [], bigint [], jsonb []) to service_role;

-- One round trip per batch: complete what the worker finished, then claim up to
-- `batch_size` more of `job_kind` (one transaction, one commit). Rows: entry 'completed'
-- (queue_id only) for each completion accepted, then entry 'claimed' as job_claim returns.
create or replace function public.job_complete_and_claim(
    worker text, job_kind text, batch_size integer, queue_ids bigint [], lease_tokens bigint [], outcomes jsonb [],
    lease_seconds integer default null
)
returns table (
    entry text, queue_id bigint, lease_token bigint, attempt integer, max_attempts integer,
    lease_expires_at timestamptz, generation_id uuid, kind text, organization_id uuid, project_id uuid, user_id uuid,
    provider text, model text, prompt text, params jsonb, units numeric, estimated_credits bigint, parent_id uuid,
    scene_id uuid
)
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function public.job_complete_and_claim(text, text, integer, bigint [], bigint [], jsonb [], integer)
from public, anon, authenticated;
grant execute on function public.job_complete_and_claim(text, text, integer, bigint [], bigint [], jsonb [], integer)
to service_role;

-- A failed attempt. Retryable and attempts left: back to the queue after a backoff
-- (status retrying, the error kept). Otherwise dead-lettered: the job leaves the queue,
-- the generation is failed with its error, the hold released. Returns 'retrying',
-- 'failed' or 'lost' (the lease was no longer held: nothing changed).
create or replace function public.job_fail(
    queue_id bigint, lease_token bigint, error_message text, error_code text default null,
    retryable boolean default true, retry_in_seconds numeric default null
)
returns text
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function public.job_fail(bigint, bigint, text, text, boolean, numeric) from public, anon,
authenticated;
grant execute on function public.job_fail(bigint, bigint, text, text, boolean, numeric) to service_role;

-- The worker saw the client's cancellation at a heartbeat and stopped: cancel, release.
create or replace function public.job_cancelled(queue_id bigint, lease_token bigint)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function public.job_cancelled(bigint, bigint) from public, anon, authenticated;
grant execute on function public.job_cancelled(bigint, bigint) to service_role;

-- Graceful shutdown: give running jobs back to the queue at once, the attempt not counted,
-- at their place in the order (run_after kept: they were due, they are first again).
create or replace function public.job_hand_back(queue_ids bigint [], lease_tokens bigint [])
returns integer
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function public.job_hand_back(bigint [], bigint []) from public, anon, authenticated;
grant execute on function public.job_hand_back(bigint [], bigint []) to service_role;

-- How a job's tries went, said in a dead-lettered job's error: failed handler attempts and
-- lost leases are counted apart (a lost lease undoes its claim's attempt).
create or replace function private.job_tries(job private.job_queue, failed_attempts integer)
returns text
language sql
stable
set search_path = ''
as $$
    select format('%s of %s attempts failed, lease lost %s of %s times', failed_attempts, job.max_attempts,
                  job.lease_losses, k.max_lease_losses)
    from public.generation_kinds k where k.kind = job.kind
$$;
revoke execute on function private.job_tries(private.job_queue, integer) from public;

-- Jobs whose lease expired (their worker died, froze or lost the database): cancelled if the
-- client asked, dead-lettered after the kind's max_lease_losses, else ready again at once at
-- their place in the order (run_after kept). A lost lease is no failed attempt: its claim's
-- attempt is given back (also when the claim committed just before the worker died) and the
-- loss counted in lease_losses. Returns how many.
create or replace function public.job_reap(max_jobs integer default 500)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function public.job_reap(integer) from public, anon, authenticated;
grant execute on function public.job_reap(integer) to service_role;

-- A worker's log line for a job it holds.
create or replace function public.job_log(
    queue_id bigint, lease_token bigint, level text, stage text, message text, data jsonb default '{}'
)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function public.job_log(bigint, bigint, text, text, text, jsonb) from public, anon, authenticated;
grant execute on function public.job_log(bigint, bigint, text, text, text, jsonb) to service_role;

-- Workers report their counters (analytics.worker_status shows them).
create or replace function public.worker_report(
    worker text, host text, process_id integer, worker_kinds text [], worker_concurrency jsonb, now_in_flight integer,
    total_claimed bigint, total_completed bigint, total_failed bigint, total_lost bigint, rate numeric,
    stopping boolean default false
)
returns void
language sql
security definer
set search_path = ''
as $$
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
revoke execute on function public.worker_report(text, text, integer, text [], jsonb, integer, bigint, bigint, bigint,
bigint, numeric, boolean) from public, anon, authenticated;
grant execute on function public.worker_report(text, text, integer, text [], jsonb, integer, bigint, bigint, bigint,
bigint, numeric, boolean) to service_role;

-- ---------------------------------------------------------------------------
-- Webhook delivery (service_role workers)
-- ---------------------------------------------------------------------------

-- Claim due deliveries: each comes with the endpoint and its signing secret.
create or replace function public.webhook_claim(batch_size integer default 20, lock_seconds integer default 30)
returns table (
    outbox_id bigint, event_id uuid, webhook_id uuid, url text, signing_secret text, event text, payload jsonb,
    attempt integer
)
language sql
security definer
set search_path = ''
as $$
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
revoke execute on function public.webhook_claim(integer, integer) from public, anon, authenticated;
grant execute on function public.webhook_claim(integer, integer) to service_role;

-- Record one delivery attempt (every attempt is a webhook_deliveries row). 2xx: done, the
-- endpoint's failure streak resets. Otherwise retry with backoff until webhooks.max_attempts;
-- after webhooks.disable_after_failures failures in a row the endpoint is disabled and its
-- pending events are given up. `error` is the worker's short summary of a failure; the
-- receiver's body is never recorded. Returns the attempt's status.
create or replace function public.webhook_record(
    outbox_id bigint, attempt integer, http_status integer, error text, duration_ms integer
)
returns text
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function public.webhook_record(bigint, integer, integer, text, integer) from public, anon,
authenticated;
grant execute on function public.webhook_record(bigint, integer, integer, text, integer) to service_role;

-- ---------------------------------------------------------------------------
-- Cron
-- ---------------------------------------------------------------------------

-- The values one cron field allows: '*', 'n', 'a-b', '*/s', 'a-b/s', 'n/s' and lists of
-- them, with month and weekday names. 22023 naming the field when malformed.
create or replace function private.cron_field(field text, field_name text, lo integer, hi integer)
returns integer []
language plpgsql
immutable
set search_path = ''
as $$
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
$$;
revoke execute on function private.cron_field(text, text, integer, integer) from public;
grant execute on function private.cron_field(text, text, integer, integer) to authenticated, service_role;

-- The first time strictly after `after` at which the 5-field cron expression (minute hour
-- day-of-month month day-of-week, or @hourly/@daily/@weekly/@monthly/@yearly) fires in
-- time zone `tz`. Wall-clock semantics: a time that does not exist (spring forward) fires
-- at the same offset after the gap (02:30 -> 03:30); a time that occurs twice (fall back)
-- fires once. Day of month and day of week combine like Vixie cron: when both are
-- restricted, either matches.
create or replace function public.cron_next(expression text, tz text, after timestamptz)
returns timestamptz
language plpgsql
stable
set search_path = ''
as $$
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
revoke execute on function public.cron_next(text, text, timestamptz) from public, anon;
grant execute on function public.cron_next(text, text, timestamptz) to authenticated, service_role;

-- Schedules: scope from the project; cron and time zone validated; next_run_at computed.
-- Invoker rights: it must see who is asking (a client's row gets its creator set here).
create or replace function private.prepare_schedule()
returns trigger
language plpgsql
set search_path = ''
as $$
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
revoke execute on function private.prepare_schedule() from public;

-- Triggers fire in name order: this one after protect_columns, so its own next_run_at (a
-- schedule switched on again) is not taken for a client's change, and before
-- validate_schedule_request, which needs created_by.
create or replace trigger schedule_scope_and_next_run before insert or update of cron, timezone, enabled
on public.schedules
for each row execute function private.prepare_schedule();

-- What a schedule's run asks for: its stored request checked (a JSON object of at most 64 KiB,
-- the column's own bound schedules_request_size; for a generation schedule only the request RPC's keys, minus dedup_key, each of
-- its type: 22023 otherwise) and made into the generation's spec in the schedule's project. Null
-- for a workflow schedule, whose request fills the workflow's variables (workflows.sql).
create or replace function private.scheduled_request(due public.schedules)
returns public.generations
language plpgsql
stable
set search_path = ''
as $$
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
revoke execute on function private.scheduled_request(public.schedules) from public;

-- A schedule runs as its owner (created_by), so what it will ask for is checked as the owner
-- when it is written and whenever it is switched on: the request's keys and bounds, then the
-- door's own checks (private.checked_generation: scope, rights, bounds, brand safety) for a
-- generation schedule, the right to edit the project for a workflow schedule. A paused
-- schedule is not checked for rights (pausing one whose owner lost them must work), but a new
-- request is always bounded.
create or replace function private.validate_schedule_request()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function private.validate_schedule_request() from public;

create or replace trigger validate_schedule_request before insert or update of request, enabled on public.schedules
for each row execute function private.validate_schedule_request();

create or replace trigger protect_columns before update on public.schedules
for each row execute function private.protect_columns(
    'id', 'organization_id', 'project_id', 'created_by', 'kind', 'last_run_at', 'last_generation_id', 'run_count',
    'next_run_at', 'created_at'
);

create or replace trigger set_updated_at before update on public.schedules
for each row execute function private.set_updated_at();

-- Start every due schedule's run as its owner, through the one door, which asks again whether
-- the owner may still edit the project (membership, role, organization alive, profile not
-- deleted), and move next_run_at on: missed runs are not replayed. A run refused for now
-- (credits PT402, a quota or cap PT429, the emergency stop PT503, a lock conflict) is recorded
-- in last_error and tried at the next time. Any other refusal cannot pass by waiting (the
-- owner lost their rights or left, the organization or project is gone, the stored request
-- breaks a bound or the brand policy): the schedule is paused (enabled false) with last_error
-- 'paused: <why>', having started nothing and held nothing. Returns how many runs started.
create or replace function public.scheduler_tick(max_runs integer default 100)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function public.scheduler_tick(integer) from public, anon, authenticated;
grant execute on function public.scheduler_tick(integer) to service_role;
