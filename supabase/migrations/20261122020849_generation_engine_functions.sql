-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.backoff(attempt integer, base_seconds numeric, cap_seconds numeric)
 RETURNS interval
 LANGUAGE sql
 SET search_path TO ''
AS $function$
    select make_interval(secs => least(cap_seconds, base_seconds * power(2, greatest(attempt, 1) - 1))
                                 * (0.5 + random() / 2))
$function$
;

CREATE OR REPLACE FUNCTION private.cron_field(field text, field_name text, lo integer, hi integer)
 RETURNS integer[]
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION private.enqueue_generations()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    woken text;
begin
    insert into private.job_queue (generation_id, kind, priority, max_attempts)
    select n.id, n.kind, n.priority, n.max_attempts from new_rows n where n.status = 'queued';
    for woken in select distinct n.kind from new_rows n loop
        perform pg_notify('creatorverse_jobs', woken);
    end loop;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.estimate_generation(gen_kind text, gen_provider text, gen_model text, gen_units numeric, OUT credits bigint, OUT cost_usd numeric)
 RETURNS record
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select ceil(p.credits_per_unit * gen_units)::bigint, round(p.usd_per_unit * gen_units, 6)
    from public.generation_prices p
    where p.kind = gen_kind
      and p.provider in ('', coalesce(gen_provider, ''))
      and p.model in ('', coalesce(gen_model, ''))
    order by p.model desc, p.provider desc
    limit 1
$function$
;

CREATE OR REPLACE FUNCTION private.finish_generation(target_id uuid, final_status text, outcome jsonb, error_text text, error_kind text)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
            jsonb_build_object('generation_kind', done.kind, 'attempts', done.attempts)
        )
        on conflict do nothing;
    end if;
    return done;
end
$function$
;

CREATE OR REPLACE FUNCTION private.generation_event(kind text, status text)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select case
        when kind = 'render' and status = 'succeeded' then 'render.succeeded'
        when kind = 'render' and status = 'failed' then 'render.failed'
        when status = 'succeeded' then 'generation.completed'
        when status = 'failed' then 'generation.failed'
        when status = 'cancelled' then 'generation.cancelled'
    end
$function$
;

CREATE OR REPLACE FUNCTION private.generation_outbox()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    event_name text := private.generation_event(new.kind, new.status);
begin
    insert into private.webhook_outbox (webhook_id, organization_id, event, payload)
    select w.id, new.organization_id, event_name,
           jsonb_build_object(
               'type', event_name, 'created_at', now(),
               'data', jsonb_build_object(
                   'id', new.id, 'kind', new.kind, 'status', new.status, 'organization_id', new.organization_id,
                   'project_id', new.project_id, 'output_url', new.output_url, 'thumbnail_url', new.thumbnail_url,
                   'subtitles_url', new.subtitles_url, 'error_message', new.error_message,
                   'actual_credits', new.actual_credits, 'attempts', new.attempts))
    from public.webhooks w
    where w.organization_id = new.organization_id and w.is_active
      and (w.events = '{}' or event_name = any(w.events));
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.held_job(job_id bigint, token bigint)
 RETURNS private.job_queue
 LANGUAGE sql
 SET search_path TO ''
AS $function$
    select q.* from private.job_queue q
    where q.id = job_id and q.lease_token = token and q.state = 'running' and q.lease_expires_at > now()
    for update
$function$
;

CREATE OR REPLACE FUNCTION private.log_job(job_generation uuid, job_attempt integer, log_level text, log_stage text, log_message text, log_data jsonb, log_worker text)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    insert into public.job_logs (generation_id, organization_id, project_id, attempt, level, stage, message, data,
                                 worker_id)
    select g.id, g.organization_id, g.project_id, job_attempt, log_level, log_stage, left(log_message, 4000),
           coalesce(log_data, '{}'), log_worker
    from public.generations g where g.id = job_generation
$function$
;

CREATE OR REPLACE FUNCTION private.mirror_media_status()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION private.prepare_generation()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION private.prepare_schedule()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'INSERT' then
        new.organization_id := (select p.organization_id from public.projects p where p.id = new.project_id);
        if new.organization_id is null then
            raise exception 'project not found' using errcode = 'P0002';
        end if;
        if private.is_client_request() then
            new.created_by := auth.uid();
            new.run_count := 0;
            new.last_run_at := null;
        end if;
    end if;
    if not coalesce((select k.client_requestable from public.generation_kinds k where k.kind = new.kind), false)
       and private.is_client_request() then
        raise exception 'unknown generation kind "%"', new.kind using errcode = '22023';
    end if;
    new.next_run_at := case when new.enabled then public.cron_next(new.cron, new.timezone, now()) end;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.refuse_status_move()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    raise exception 'a generation cannot go from % to %', old.status, new.status
        using errcode = 'PT409', detail = format('generation %s', old.id);
end
$function$
;

CREATE OR REPLACE FUNCTION private.require_text(value text, name text, max_length integer)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
begin
    if value is not null and length(value) > max_length then
        raise exception '% is longer than % characters', name, max_length using errcode = '22023';
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION private.start_generation(spec public.generations, caller uuid)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    gen_kind public.generation_kinds;
    estimate record;
    created public.generations;
    hold public.credit_holds;
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
    spec.units := coalesce(spec.units, 1);
    if spec.units is null or spec.units <= 0 or spec.units > 10000 then
        raise exception 'units must lie between 0 (excluded) and 10000' using errcode = '22023';
    end if;
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
    spec.estimated_credits := coalesce(estimate.credits, 0);
    spec.estimated_cost_usd := coalesce(estimate.cost_usd, 0);
    spec.params := coalesce(spec.params, '{}');
    spec.metadata := coalesce(spec.metadata, '{}');
    spec.result := '{}';
    spec.priority := coalesce(spec.priority, 0);
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
    if created.estimated_credits > 0 then
        hold := public.authorize_generation(
            created.organization_id, caller, created.estimated_credits, 'generation:' || created.id,
            tokens => case when created.kind = 'text' then ceil(created.units * 1000)::bigint else 0 end,
            render_seconds => case when created.kind = 'render' then ceil(created.units * 10)::bigint else 0 end,
            kai_credits => case when created.kind = 'kai' then created.estimated_credits else 0 end,
            videos => case when created.kind = 'video' and created.parent_id is null then 1 else 0 end,
            hold_for => gen_kind.hold_for, reference_type => 'generation', reference_id => created.id::text);
        update public.generations g set hold_id = hold.id where g.id = created.id returning * into created;
    end if;
    return created;
end
$function$
;

CREATE OR REPLACE FUNCTION private.visible_generation(generation_id uuid, min_role public.member_role)
 RETURNS public.generations
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.cancel_generation(generation_id uuid)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target public.generations := private.visible_generation(generation_id, 'editor');
    waiting boolean;
begin
    if target.status in ('succeeded', 'failed', 'cancelled') then
        raise exception 'generation is already %', target.status using errcode = '55000';
    end if;
    -- queue row first (the one locking order)
    delete from private.job_queue q where q.generation_id = target.id and q.state = 'ready'
    returning true into waiting;
    if coalesce(waiting, false) then
        return private.finish_generation(target.id, 'cancelled', null, 'cancelled before it started', null);
    end if;
    update public.generations g set cancel_requested_at = coalesce(g.cancel_requested_at, now()), updated_at = now()
    where g.id = target.id and g.status not in ('succeeded', 'failed', 'cancelled')
    returning * into target;
    return target;
end
$function$
;

CREATE OR REPLACE FUNCTION public.cron_next(expression text, tz text, after timestamp with time zone)
 RETURNS timestamp with time zone
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.enqueue_generation(spec jsonb, on_behalf_of uuid DEFAULT NULL::uuid)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if spec is null or jsonb_typeof(spec) <> 'object' then
        raise exception 'spec must be a JSON object' using errcode = '22023';
    end if;
    return private.start_generation(
        jsonb_populate_record(null::public.generations, spec - 'id' - 'status' - 'hold_id' - 'attempts'),
        on_behalf_of);
end
$function$
;

CREATE OR REPLACE FUNCTION public.generation_queue_position(generation_id uuid)
 RETURNS bigint
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target public.generations := private.visible_generation(generation_id, 'viewer');
    job private.job_queue;
begin
    select q.* into job from private.job_queue q where q.generation_id = target.id and q.state = 'ready';
    if job.id is null then
        return null;
    end if;
    return 1 + (select count(*) from private.job_queue q
                where q.kind = job.kind and q.state = 'ready'
                  and (q.priority > job.priority
                       or (q.priority = job.priority and (q.run_after, q.id) < (job.run_after, job.id))));
end
$function$
;

CREATE OR REPLACE FUNCTION public.job_cancelled(queue_id bigint, lease_token bigint)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.job_claim(worker text, job_kind text, batch_size integer DEFAULT 10, lease_seconds integer DEFAULT NULL::integer)
 RETURNS TABLE(queue_id bigint, lease_token bigint, attempt integer, max_attempts integer, lease_expires_at timestamp with time zone, generation_id uuid, kind text, organization_id uuid, project_id uuid, user_id uuid, provider text, model text, prompt text, params jsonb, units numeric, estimated_credits bigint, parent_id uuid, scene_id uuid)
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    with picked as (
        select q.id from private.job_queue q
        where q.kind = job_kind and q.state = 'ready' and q.run_after <= now()
        order by q.priority desc, q.run_after, q.id
        limit least(greatest(batch_size, 1), 1000)
        for update skip locked
    ),
    claimed as (
        update private.job_queue q
        set state = 'running', attempts = q.attempts + 1, lease_token = q.lease_token + 1, worker_id = worker,
            lease_expires_at = now() + make_interval(secs => coalesce(
                lease_seconds, (select k.lease_seconds from public.generation_kinds k where k.kind = job_kind)))
        from picked p where q.id = p.id
        returning q.*
    ),
    started as (
        update public.generations g
        set status = 'running', attempts = c.attempts, started_at = coalesce(g.started_at, now()), updated_at = now()
        from claimed c where g.id = c.generation_id
        returning g.*
    )
    select c.id, c.lease_token, c.attempts, c.max_attempts, c.lease_expires_at, s.id, s.kind, s.organization_id,
           s.project_id, s.user_id, s.provider, s.model, s.prompt, s.params, s.units, s.estimated_credits, s.parent_id,
           s.scene_id
    from claimed c join started s on s.id = c.generation_id
    order by c.priority desc, c.run_after, c.id
$function$
;

CREATE OR REPLACE FUNCTION public.job_complete(queue_ids bigint[], lease_tokens bigint[], outcomes jsonb[])
 RETURNS SETOF bigint
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    done_ids bigint [];
    done_generations uuid [];
    done_outcomes jsonb [];
    done record;
begin
    with held as (
        select j.id, j.token, j.outcome from unnest(queue_ids, lease_tokens, outcomes) as j (id, token, outcome)
    ),
    removed as (
        delete from private.job_queue q using held h
        where q.id = h.id and q.lease_token = h.token and q.state = 'running' and q.lease_expires_at > now()
        returning q.id, q.generation_id, h.outcome
    )
    select array_agg(r.id), array_agg(r.generation_id), array_agg(r.outcome)
    into done_ids, done_generations, done_outcomes
    from removed r;
    if done_ids is null then
        return;
    end if;
    -- jobs that hold credits or are metered settle one by one, organizations in id order
    -- (the one locking order: no deadlocks between workers)
    for done in
        select d.generation_id, d.outcome
        from unnest(done_generations, done_outcomes) as d (generation_id, outcome)
        join public.generations g on g.id = d.generation_id
        join public.generation_kinds k on k.kind = g.kind
        where g.hold_id is not null or k.resource_type is not null
        order by g.organization_id, g.id
    loop
        perform private.finish_generation(done.generation_id, 'succeeded', done.outcome, null, null);
    end loop;
    -- the rest (free, unmetered kinds) in one statement
    update public.generations g
    set status = 'succeeded', actual_credits = 0, actual_cost_usd = 0, error_message = null, error_code = null,
        progress = 100, completed_at = now(), updated_at = now(),
        result = case when d.outcome ? 'result' then d.outcome -> 'result' else g.result end,
        output_url = coalesce(d.outcome ->> 'output_url', g.output_url)
    from unnest(done_generations, done_outcomes) as d (generation_id, outcome)
    where g.id = d.generation_id and g.status = 'running';
    return query select unnest(done_ids);
end
$function$
;

CREATE OR REPLACE FUNCTION public.job_complete_and_claim(worker text, job_kind text, batch_size integer, queue_ids bigint[], lease_tokens bigint[], outcomes jsonb[], lease_seconds integer DEFAULT NULL::integer)
 RETURNS TABLE(entry text, queue_id bigint, lease_token bigint, attempt integer, max_attempts integer, lease_expires_at timestamp with time zone, generation_id uuid, kind text, organization_id uuid, project_id uuid, user_id uuid, provider text, model text, prompt text, params jsonb, units numeric, estimated_credits bigint, parent_id uuid, scene_id uuid)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if coalesce(cardinality(queue_ids), 0) > 0 then
        return query
        select 'completed', c.c, null::bigint, null::integer, null::integer, null::timestamptz, null::uuid, null::text,
               null::uuid, null::uuid, null::uuid, null::text, null::text, null::text, null::jsonb, null::numeric,
               null::bigint, null::uuid, null::uuid
        from public.job_complete(queue_ids, lease_tokens, outcomes) as c (c);
    end if;
    if batch_size > 0 then
        return query select 'claimed', j.* from public.job_claim(worker, job_kind, batch_size, lease_seconds) j;
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION public.job_fail(queue_id bigint, lease_token bigint, error_message text, error_code text DEFAULT NULL::text, retryable boolean DEFAULT true, retry_in_seconds numeric DEFAULT NULL::numeric)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
    perform private.finish_generation(job.generation_id, 'failed', null,
                                      left(coalesce(job_fail.error_message, 'failed'), 4000),
                                      coalesce(job_fail.error_code, 'failed'));
    return 'failed';
end
$function$
;

CREATE OR REPLACE FUNCTION public.job_hand_back(queue_ids bigint[], lease_tokens bigint[])
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    handed integer;
begin
    with back as (
        update private.job_queue q
        set state = 'ready', attempts = q.attempts - 1, run_after = now(), lease_expires_at = null, worker_id = null
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
$function$
;

CREATE OR REPLACE FUNCTION public.job_heartbeat(worker text, queue_ids bigint[], lease_tokens bigint[], lease_seconds integer DEFAULT NULL::integer)
 RETURNS TABLE(queue_id bigint, state text)
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    with held as (
        select j.id, j.token from unnest(queue_ids, lease_tokens) as j (id, token)
    ),
    extended as (
        update private.job_queue q
        set lease_expires_at = now() + make_interval(secs => coalesce(
            lease_seconds, (select k.lease_seconds from public.generation_kinds k where k.kind = q.kind)))
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
$function$
;

CREATE OR REPLACE FUNCTION public.job_log(queue_id bigint, lease_token bigint, level text, stage text, message text, data jsonb DEFAULT '{}'::jsonb)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    job private.job_queue := private.held_job(job_log.queue_id, job_log.lease_token);
begin
    if job.id is null then
        return false;
    end if;
    perform private.log_job(job.generation_id, job.attempts, level, left(stage, 200), message, data, job.worker_id);
    return true;
end
$function$
;

CREATE OR REPLACE FUNCTION public.job_progress(queue_id bigint, lease_token bigint, progress numeric, current_step text DEFAULT NULL::text, completed_steps integer DEFAULT NULL::integer, total_steps integer DEFAULT NULL::integer, estimated_completion_at timestamp with time zone DEFAULT NULL::timestamp with time zone, external_job_id text DEFAULT NULL::text)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.job_reap(max_jobs integer DEFAULT 500)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
        perform private.log_job(job.generation_id, job.attempts, 'warning', 'lease',
                                'lease expired: worker ' || coalesce(job.worker_id, '?') || ' lost', '{}', job.worker_id);
        if exists (select from public.generations g where g.id = job.generation_id
                                                    and g.cancel_requested_at is not null) then
            delete from private.job_queue q where q.id = job.id;
            perform private.finish_generation(job.generation_id, 'cancelled', null, 'cancelled by the client',
                                              'cancelled');
        elsif job.attempts >= job.max_attempts then
            delete from private.job_queue q where q.id = job.id;
            perform private.finish_generation(job.generation_id, 'failed', null,
                                              format('worker lost the job %s times (lease expired)', job.attempts),
                                              'lease_expired');
        else
            update private.job_queue q set state = 'ready', run_after = now(), lease_expires_at = null, worker_id = null
            where q.id = job.id;
            update public.generations g
            set status = 'retrying', error_message = 'worker lost the job (lease expired); retrying',
                error_code = 'lease_expired', updated_at = now()
            where g.id = job.generation_id;
        end if;
        reaped := reaped + 1;
    end loop;
    if reaped > 0 then
        perform pg_notify('creatorverse_jobs', 'reaped');
    end if;
    return reaped;
end
$function$
;

CREATE OR REPLACE FUNCTION public.request_generation(project_id uuid, kind text, prompt text DEFAULT NULL::text, params jsonb DEFAULT '{}'::jsonb, provider text DEFAULT NULL::text, model text DEFAULT NULL::text, units numeric DEFAULT 1, priority integer DEFAULT 0, dedup_key text DEFAULT NULL::text, parent_id uuid DEFAULT NULL::uuid, scene_id uuid DEFAULT NULL::uuid, script_id uuid DEFAULT NULL::uuid, chapter_id uuid DEFAULT NULL::uuid, moodboard_id uuid DEFAULT NULL::uuid, animation_id uuid DEFAULT NULL::uuid, variant text DEFAULT NULL::text, scene_number integer DEFAULT NULL::integer)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
    spec public.generations;
    created public.generations;
begin
    if project_id is null or not (project_id = any(array(select private.editable_project_ids()))) then
        raise exception 'project not found' using errcode = 'P0002';
    end if;
    if not coalesce((select k.client_requestable from public.generation_kinds k
                     where k.kind = request_generation.kind), false) then
        raise exception 'unknown generation kind "%"', kind using errcode = '22023';
    end if;
    if priority is null or priority not between -10 and 10 then
        raise exception 'priority must lie between -10 and 10' using errcode = '22023';
    end if;
    perform private.require_text(dedup_key, 'dedup_key', 190);
    if params is null or jsonb_typeof(params) <> 'object' or length(params::text) > 100000 then
        raise exception 'params must be a JSON object of at most 100000 characters' using errcode = '22023';
    end if;
    spec := jsonb_populate_record(null::public.generations, jsonb_build_object(
        'organization_id', (select p.organization_id from public.projects p where p.id = request_generation.project_id),
        'project_id', project_id, 'kind', kind, 'prompt', prompt, 'params', params, 'provider', provider,
        'model', model, 'units', units, 'priority', priority,
        -- the caller's keys live in their own namespace: no caller can take a key the platform
        -- uses (schedule runs, pipelines)
        'dedup_key', 'client:' || dedup_key, 'parent_id', parent_id,
        'scene_id', scene_id, 'script_id', script_id, 'chapter_id', chapter_id, 'moodboard_id', moodboard_id,
        'animation_id', animation_id, 'variant', variant, 'scene_number', scene_number));
    created := private.start_generation(spec, caller);
    -- whatever parent it names must lie in this project (scope came from the parent)
    if created.project_id is distinct from request_generation.project_id then
        raise exception 'a referenced parent was not found in this project' using errcode = 'P0002';
    end if;
    return created;
end
$function$
;

CREATE OR REPLACE FUNCTION public.scheduler_maintenance()
 RETURNS jsonb
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    reaped integer := public.job_reap();
    holds integer := public.credits_expire_holds();
    partitions integer := private.maintain_partitions();
begin
    perform analytics.refresh_daily_usage();
    delete from private.worker_heartbeats w where w.last_seen_at < now() - interval '1 day';
    return jsonb_build_object('reaped_jobs', reaped, 'expired_holds', holds, 'partitions_created', partitions);
end
$function$
;

CREATE OR REPLACE FUNCTION public.scheduler_tick(max_runs integer DEFAULT 100)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    due public.schedules;
    started public.generations;
    spec public.generations;
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
            if not exists (select from public.organization_members m
                           where m.organization_id = due.organization_id and m.user_id = due.created_by
                             and m.role in ('owner', 'admin', 'editor')) then
                raise exception 'the schedule''s creator is no longer an editor of the organization'
                    using errcode = '42501';
            end if;
            spec := jsonb_populate_record(null::public.generations,
                due.request - 'id' - 'organization_id' - 'status' - 'hold_id' - 'attempts' - 'dedup_key'
                || jsonb_build_object('project_id', due.project_id, 'organization_id', due.organization_id,
                                      'kind', due.kind,
                                      'dedup_key', 'schedule:' || due.id || ':' || extract(epoch from due.next_run_at),
                                      'metadata', jsonb_build_object('schedule_id', due.id)));
            started := private.start_generation(spec, due.created_by);
            update public.schedules s
            set last_run_at = now(), last_generation_id = started.id, last_error = null, run_count = s.run_count + 1,
                next_run_at = public.cron_next(s.cron, s.timezone, greatest(now(), s.next_run_at))
            where s.id = due.id;
            count := count + 1;
        exception when others then
            update public.schedules s
            set last_run_at = now(), last_error = sqlerrm,
                next_run_at = public.cron_next(s.cron, s.timezone, greatest(now(), s.next_run_at))
            where s.id = due.id;
        end;
    end loop;
    return count;
end
$function$
;

CREATE OR REPLACE FUNCTION public.webhook_claim(batch_size integer DEFAULT 20, lock_seconds integer DEFAULT 30)
 RETURNS TABLE(outbox_id bigint, event_id uuid, webhook_id uuid, url text, signing_secret text, event text, payload jsonb, attempt integer)
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.webhook_record(outbox_id bigint, attempt integer, http_status integer, response_body text, error text, duration_ms integer)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
                                           http_status, response_body, error, duration_ms, next_retry_at)
    values (item.event_id, item.webhook_id, item.organization_id, item.event, item.payload, item.attempts, outcome,
            http_status, left(response_body, 2000), left(error, 2000), duration_ms, retry_at);
    return outcome;
end
$function$
;

CREATE OR REPLACE FUNCTION public.worker_report(worker text, host text, process_id integer, worker_kinds text[], worker_concurrency jsonb, now_in_flight integer, total_claimed bigint, total_completed bigint, total_failed bigint, total_lost bigint, rate numeric, stopping boolean DEFAULT false)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

create or replace view "analytics"."generation_cost" as  SELECT kind,
    COALESCE(provider, 'unknown'::text) AS provider,
    COALESCE(model, 'unknown'::text) AS model,
    (created_at AT TIME ZONE 'UTC'::text)::date AS day,
    count(*) AS generations,
    count(*) FILTER (WHERE status = 'succeeded'::text) AS succeeded,
    count(*) FILTER (WHERE status = 'failed'::text) AS failed,
    count(*) FILTER (WHERE status = 'cancelled'::text) AS cancelled,
    sum(estimated_credits) AS estimated_credits,
    COALESCE(sum(actual_credits), 0::numeric) AS actual_credits,
    sum(estimated_cost_usd) AS estimated_cost_usd,
    COALESCE(sum(actual_cost_usd), 0::numeric) AS actual_cost_usd,
    round(avg(attempts), 2) AS avg_attempts,
    round(avg(EXTRACT(epoch FROM completed_at - started_at)) FILTER (WHERE status = 'succeeded'::text), 3) AS avg_run_seconds,
    round(avg(EXTRACT(epoch FROM started_at - queued_at)), 3) AS avg_wait_seconds
   FROM public.generations g
  GROUP BY kind, (COALESCE(provider, 'unknown'::text)), (COALESCE(model, 'unknown'::text)), ((created_at AT TIME ZONE 'UTC'::text)::date);


create or replace view "analytics"."queue_health" as  WITH queue AS (
         SELECT q_1.kind,
            count(*) FILTER (WHERE q_1.state = 'ready'::text AND q_1.run_after <= now()) AS waiting,
            count(*) FILTER (WHERE q_1.state = 'ready'::text AND q_1.run_after > now()) AS backing_off,
            count(*) FILTER (WHERE q_1.state = 'running'::text) AS running,
            count(*) FILTER (WHERE q_1.state = 'running'::text AND q_1.lease_expires_at <= now()) AS expired_leases,
            max(EXTRACT(epoch FROM now() - q_1.enqueued_at)) FILTER (WHERE q_1.state = 'ready'::text AND q_1.run_after <= now()) AS oldest_waiting_seconds
           FROM private.job_queue q_1
          GROUP BY q_1.kind
        ), finished AS (
         SELECT k_1.kind,
            ( SELECT COALESCE(sum(w.jobs_per_second), 0::numeric) AS "coalesce"
                   FROM private.worker_heartbeats w
                  WHERE (k_1.kind = ANY (w.kinds)) AND w.stopped_at IS NULL AND w.last_seen_at > (now() - '00:00:30'::interval)) AS jobs_per_second,
            ( SELECT count(*) AS count
                   FROM public.job_logs l
                     JOIN public.generations g ON g.id = l.generation_id
                  WHERE l.created_at > (now() - '01:00:00'::interval) AND l.level = 'error'::text AND g.kind = k_1.kind) AS failed_attempts_last_hour
           FROM public.generation_kinds k_1
        )
 SELECT k.kind,
    COALESCE(q.waiting, 0::bigint) AS waiting,
    COALESCE(q.backing_off, 0::bigint) AS backing_off,
    COALESCE(q.running, 0::bigint) AS running,
    COALESCE(q.expired_leases, 0::bigint) AS expired_leases,
    round(COALESCE(q.oldest_waiting_seconds, 0::numeric), 1) AS oldest_waiting_seconds,
    f.jobs_per_second,
    f.failed_attempts_last_hour
   FROM public.generation_kinds k
     LEFT JOIN queue q ON q.kind = k.kind
     LEFT JOIN finished f ON f.kind = k.kind;


create or replace view "analytics"."worker_status" as  SELECT worker_id,
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
    stopped_at IS NULL AND last_seen_at > (now() - '00:00:30'::interval) AS alive
   FROM private.worker_heartbeats w;


CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE OF generation_id ON public.generation_inputs FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('generations:generation_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.generation_inputs FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'project_id', 'generation_id');

CREATE TRIGGER enqueue_generations AFTER INSERT ON public.generations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.enqueue_generations();

CREATE TRIGGER generation_outbox AFTER UPDATE OF status ON public.generations FOR EACH ROW WHEN ((new.status = ANY (ARRAY['succeeded'::text, 'failed'::text, 'cancelled'::text]))) EXECUTE FUNCTION private.generation_outbox();

CREATE TRIGGER mirror_media_status AFTER INSERT OR UPDATE OF status ON public.generations FOR EACH ROW WHEN (((new.moodboard_id IS NOT NULL) OR (new.animation_id IS NOT NULL))) EXECUTE FUNCTION private.mirror_media_status();

CREATE TRIGGER prepare_generation BEFORE INSERT ON public.generations FOR EACH ROW EXECUTE FUNCTION private.prepare_generation();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.generations FOR EACH ROW WHEN ((CURRENT_USER = ANY (ARRAY['anon'::name, 'authenticated'::name]))) EXECUTE FUNCTION private.protect_columns('id', 'organization_id', 'project_id', 'user_id', 'kind', 'parent_id', 'hold_id', 'estimated_credits', 'actual_credits', 'status', 'created_at');

CREATE TRIGGER status_machine BEFORE UPDATE OF status ON public.generations FOR EACH ROW WHEN (((old.status IS DISTINCT FROM new.status) AND (NOT (((old.status = 'queued'::text) AND (new.status = ANY (ARRAY['running'::text, 'cancelled'::text, 'failed'::text]))) OR ((old.status = 'running'::text) AND (new.status = ANY (ARRAY['succeeded'::text, 'failed'::text, 'retrying'::text, 'cancelled'::text, 'queued'::text]))) OR ((old.status = 'retrying'::text) AND (new.status = ANY (ARRAY['running'::text, 'cancelled'::text, 'failed'::text]))))))) EXECUTE FUNCTION private.refuse_status_move();

CREATE TRIGGER prepare_schedule BEFORE INSERT OR UPDATE OF cron, timezone, enabled ON public.schedules FOR EACH ROW EXECUTE FUNCTION private.prepare_schedule();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.schedules FOR EACH ROW EXECUTE FUNCTION private.protect_columns('id', 'organization_id', 'project_id', 'created_by', 'kind', 'last_run_at', 'last_generation_id', 'run_count', 'next_run_at', 'created_at');

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.schedules FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

create policy "generation_inputs_select"
on "public"."generation_inputs"
as permissive
for select
to authenticated
using (((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) AND ((project_id IS NULL) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))))));


create policy "generation_kinds_select"
on "public"."generation_kinds"
as permissive
for select
to anon, authenticated
using (true);


create policy "generation_prices_select"
on "public"."generation_prices"
as permissive
for select
to anon, authenticated
using (true);


create policy "generations_select"
on "public"."generations"
as permissive
for select
to authenticated
using (((deleted_at IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) AND ((project_id IS NULL) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))))));


create policy "job_logs_select"
on "public"."job_logs"
as permissive
for select
to authenticated
using (((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) AND ((project_id IS NULL) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))))));


create policy "schedules_delete"
on "public"."schedules"
as permissive
for delete
to authenticated
using ((project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))));


create policy "schedules_insert"
on "public"."schedules"
as permissive
for insert
to authenticated
with check ((project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))));


create policy "schedules_select"
on "public"."schedules"
as permissive
for select
to authenticated
using ((project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))));


create policy "schedules_update"
on "public"."schedules"
as permissive
for update
to authenticated
using ((project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))
with check ((project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))));


create policy "webhook_deliveries_select"
on "public"."webhook_deliveries"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));

grant execute on function private.cron_field(text,text,integer,integer) to authenticated;
grant execute on function private.cron_field(text,text,integer,integer) to service_role;
grant execute on function public.cancel_generation(uuid) to authenticated;
grant execute on function public.cron_next(text,text,timestamp with time zone) to authenticated;
grant execute on function public.generation_queue_position(uuid) to authenticated;
grant execute on function public.request_generation(uuid,text,text,jsonb,text,text,numeric,integer,text,uuid,uuid,uuid,uuid,uuid,uuid,text,integer) to authenticated;
grant select on table analytics.generation_cost to analyst;
grant select on table analytics.generation_cost to service_role;
grant select on table analytics.queue_health to analyst;
grant select on table analytics.queue_health to service_role;
grant select on table analytics.worker_status to analyst;
grant select on table analytics.worker_status to service_role;
