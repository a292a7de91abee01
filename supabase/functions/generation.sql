-- Generations: scope and status rules, the one door into generation (checks, estimate,
-- hold and job in one transaction), the request RPCs and cancellation. The queue's worker
-- functions are in queue.sql, the webhook outbox and delivery in webhooks.sql, cron schedules
-- and the scheduler tick in schedules.sql. docs/generation.md tells the story.
--
-- Locking order everywhere: queue row, then generation row, then the organization's
-- balance row (then its hold). Batches lock organizations in id order.

-- ---------------------------------------------------------------------------
-- Generations: scope, defaults, status machine
-- ---------------------------------------------------------------------------

-- Before insert: attempts and timings start fresh. The scope was derived by the door
-- (checked_generation, through private.parent_scope), the only writer of generations.
create or replace function private.prepare_generation()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
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
    'actual_credits', 'status', 'paid_by', 'provider_credential_id'
);

-- The status machine: its moves are the rows of private.transitions for machine
-- 'generations' (core.sql, "Status machines"), compiled into the WHEN clause by
-- private.status_machine_trigger: an update that leaves the status alone, or makes a legal
-- move, calls no function. The engine's functions set the timings (started_at,
-- completed_at, failed_at, cancelled_at).
create or replace trigger status_machine before update on public.generations
for each row when (old.status is distinct from new.status and case old.status
    when 'queued' then new.status not in ('cancelled', 'failed', 'running')
    when 'retrying' then new.status not in ('cancelled', 'failed', 'running')
    when 'running' then new.status not in ('cancelled', 'failed', 'queued', 'retrying', 'succeeded')
    else true end)
execute function private.enforce_transition('generations');

-- ---------------------------------------------------------------------------
-- The lifecycle: what follows a generation's insert and every move of its status, each in
-- one function and in the order written there (docs/generation.md, "The lifecycle")
-- ---------------------------------------------------------------------------

-- After an insert, once per statement (transition table: a film's or a backlog's many rows
-- cost one call):
-- 1. the queued generations enter the queue and the workers of their kinds are woken, once
--    per statement and kind (Postgres also folds identical notifications of one transaction
--    into one);
-- 2. a moodboard or animation named by a generation shows that its media is being made.
create or replace function private.generation_inserted()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    woken text;
    inserted public.generations;
begin
    insert into private.job_queue (generation_id, kind, priority, max_attempts, organization_id)
    select n.id, n.kind, n.priority, n.max_attempts, n.organization_id from new_rows n where n.status = 'queued';
    for woken in select distinct n.kind from new_rows n loop
        perform pg_notify('creatorverse_jobs', woken);
    end loop;
    for inserted in
        select n.* from new_rows n where n.moodboard_id is not null or n.animation_id is not null order by n.id
    loop
        perform private.mirror_media_status(inserted);
    end loop;
    return null;
end
$$;
revoke execute on function private.generation_inserted() from public;

create or replace trigger generation_inserted after insert on public.generations
referencing new table as new_rows
for each statement execute function private.generation_inserted();

-- After an update, once per statement. PostgreSQL allows no column list on a trigger with
-- transition tables, so the rows whose status moved are found here (a claim's batch, a
-- batch of completions, a cancellation); an update no step can concern (progress, a claim
-- of jobs outside any film, moodboard or animation) returns after one look at the new rows.
-- What follows a move:
--
-- 1. The webhook outbox (private.generation_outbox, webhooks.sql): an event for each move
--    into a final state of an organization with an active endpoint. First, so that an event
--    comes before the events of what it causes below (a film finished by its merge, the
--    nodes a failed workflow node cancels).
-- 2. For each row moved, in id order (statements that lock other rows for them, such as a
--    film's parent row, take them in one order):
--    a. its moodboard or animation mirrors the new status (private.mirror_media_status);
--    b. a workflow node that ended moves its run on: counted, the run finished at its
--       render, or the run failed and its waiting nodes cancelled, holds released
--       (private.advance_workflow_run, workflows.sql);
--    c. a pipeline child (a film's image, speech, scene video, lip-sync, merge; a story's
--       chapter script) refreshes its parent: progress, completed scenes, current step, the
--       failure to retry, the film finished when its output job succeeded, a requested
--       cancellation settled (private.pipeline_step, pipeline.sql).
--    A generation is a workflow node or a pipeline child, never both (workflow nodes have no
--    parent), so b and c never both act on one row. b and c may move other generations
--    (cancel nodes, finish or cancel the film): each such update comes back through this
--    function for those rows, with their own events, mirrors and parents, before the step
--    returns.
-- 3. Jobs waiting for a generation that succeeded are woken when their last input has
--    (private.wake_dependants). Last: steps 2b and 2c may cancel such jobs (a film being
--    cancelled, a run that cannot finish), and a job cancelled there is not made ready and
--    announced to the workers first.
--
-- So when a film's scene fails for good (its job dead-lettered, or cancelled): 1. queues
-- `generation.failed` (`generation.cancelled`) for the organization's endpoints; 2c. the film
-- (the scene's parent) is recounted and shows `step_failed`, "scene_video of scene N failed:
-- … (retry it with retry_generation(…))"; it stays running (it holds no credits itself; the
-- failed job's hold was released by the settlement); 3. wakes nothing: the jobs that need
-- the scene (its lip-sync, the merge) keep waiting until retry_generation re-points them at
-- the retry (docs/media.md).
create or replace function private.generation_status_moved()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    finished public.generations [];
    succeeded uuid [];
    any_followed boolean;
    moved public.generations;
begin
    -- a batch of claims of plain jobs (the commonest update) needs nothing: one look
    if not exists (select from new_rows n
                   where n.status in ('succeeded', 'failed', 'cancelled') or n.parent_id is not null
                      or n.moodboard_id is not null or n.animation_id is not null) then
        return null;
    end if;
    -- One pass over the moves. Only the outbox gets copies of rows, and only those of
    -- organizations with an active endpoint (most have none); cast here: a transition
    -- table's whole row is an anonymous record, which assigning to public.generations []
    -- would convert through text (ten times the cost).
    select array_agg(n::public.generations)
               filter (where n.status in ('succeeded', 'failed', 'cancelled')
                         and n.organization_id in (select w.organization_id from public.webhooks w where w.is_active)),
           array_agg(n.id) filter (where n.status = 'succeeded'),
           bool_or(n.moodboard_id is not null or n.animation_id is not null or n.metadata ? 'workflow_run_id'
                   or n.parent_id is not null)
    into finished, succeeded, any_followed
    from new_rows n
    join old_rows o on o.id = n.id
    where n.status is distinct from o.status;
    -- 1. the outbox
    if finished is not null then
        perform private.generation_outbox(finished);
    end if;
    -- 2. each row moved: media, workflow run, pipeline parent (read row by row, no copy)
    if any_followed then
        for moved in
            select n.* from new_rows n
            join old_rows o on o.id = n.id
            where n.status is distinct from o.status
              and (n.moodboard_id is not null or n.animation_id is not null or n.metadata ? 'workflow_run_id'
                   or n.parent_id is not null)
            order by n.id
        loop
            if moved.moodboard_id is not null or moved.animation_id is not null then
                perform private.mirror_media_status(moved);
            end if;
            if moved.status in ('succeeded', 'failed', 'cancelled') and moved.metadata ? 'workflow_run_id' then
                perform private.advance_workflow_run(moved);
            end if;
            if moved.parent_id is not null then
                perform private.pipeline_step(moved);
            end if;
        end loop;
    end if;
    -- 3. the jobs waiting for what succeeded
    if succeeded is not null then
        perform private.wake_dependants(succeeded);
    end if;
    return null;
end
$$;
revoke execute on function private.generation_status_moved() from public;

create or replace trigger generation_status_moved after update on public.generations
referencing old table as old_rows new table as new_rows
for each statement execute function private.generation_status_moved();

-- Moodboards and animations show the state of the generation that makes their media.
create or replace function private.mirror_media_status(generation public.generations)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
    if generation.moodboard_id is not null then
        update public.moodboards m
        set status = case generation.status when 'succeeded' then 'ready' when 'failed' then 'failed'
                                            when 'cancelled' then 'draft' else 'generating' end,
            image_url = case when generation.status = 'succeeded' then coalesce(generation.output_url, m.image_url)
                             else m.image_url end,
            updated_at = now()
        where m.id = generation.moodboard_id;
    end if;
    if generation.animation_id is not null then
        update public.animations a
        set status = case generation.status when 'succeeded' then 'ready' when 'failed' then 'failed'
                                            when 'cancelled' then 'pending' else 'generating' end,
            video_url = case when generation.status = 'succeeded' then coalesce(generation.output_url, a.video_url)
                             else a.video_url end,
            error_message = case when generation.status = 'failed' then generation.error_message end,
            updated_at = now()
        where a.id = generation.animation_id;
    end if;
end
$$;
revoke execute on function private.mirror_media_status(public.generations) from public;

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

-- Generations that just succeeded (private.generation_status_moved, step 3): the jobs
-- waiting for them whose inputs have now all succeeded become ready (found through
-- generation_inputs_input_idx; most generations are nobody's input). Dependants are taken
-- in id order (one locking order for all workers).
create or replace function private.wake_dependants(succeeded uuid [])
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
    dependant uuid;
begin
    for dependant in
        select distinct gi.generation_id
        from public.generation_inputs gi
        where gi.input_generation_id = any(succeeded)
        order by gi.generation_id
    loop
        perform private.wait_or_wake(dependant);
    end loop;
end
$$;
revoke execute on function private.wake_dependants(uuid []) from public;

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
--   * scope (PT404): the project is the one named, else the first referenced object's; it and
--     its organization are live; the organization comes from it, whatever was sent; every
--     referenced object (parent generation, scene, script, chapter, book, moodboard, animation)
--     is a live row of that same project and organization;
--   * rights (PT404 "project not found", no oracle): a user's generation lives in a project in
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

    -- the project: the one named, else the first referenced object's (each reference is checked
    -- against it below)
    spec.project_id := coalesce(
        spec.project_id,
        (private.parent_scope(to_jsonb(spec), array['generations:parent_id', 'scenes:scene_id', 'scripts:script_id',
                                                    'chapters:chapter_id', 'books:book_id', 'moodboards:moodboard_id',
                                                    'animations:animation_id'],
                              'generations', missing_ok => true) ->> 'project_id')::uuid);
    if spec.project_id is not null then
        select p.* into scope from public.projects p
        join public.organizations o on o.id = p.organization_id and o.deleted_at is null
        where p.id = spec.project_id and p.deleted_at is null;
        if scope.id is null then
            raise exception 'project not found' using errcode = 'PT404';
        end if;
        spec.organization_id := scope.organization_id;
    elsif caller is not null then  -- a user's work always lives in a project
        raise exception 'project not found' using errcode = 'PT404';
    elsif not exists (select from public.organizations o where o.id = spec.organization_id and o.deleted_at is null) then
        raise exception 'organization % not found', spec.organization_id using errcode = 'PT404';
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
            raise exception 'a referenced % was not found in this project', reference.name using errcode = 'PT404';
        end if;
    end loop;
    if caller is not null and not private.user_holds_project_permission(caller, spec.project_id, 'generate') then
        raise exception 'project not found' using errcode = 'PT404';
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
        raise exception 'project not found' using errcode = 'PT404';
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

-- The generation as the caller may see it (RLS), for the RPCs below; PT404 otherwise.
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
       or (private.caller_id() is not null
           and not (private.has_org_role(found.organization_id, min_role)
                    and (found.project_id is null
                         or (min_role = 'viewer' and found.project_id = any(array(
                                 select private.readable_project_ids())))
                         or found.project_id = any(array(select private.editable_project_ids()))))) then
        raise exception 'generation not found' using errcode = 'PT404';
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
        raise exception 'generation is already %', target.status using errcode = 'PT409';
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
