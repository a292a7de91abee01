-- The scene pipeline: a script becomes a film. `request_film` checks the brand policy,
-- creates the parent `video` generation and per scene an image, speech, a scene video and
-- an optional lip-sync, then one merge, wires them with generation_inputs and holds every
-- job's credits, in one transaction. Jobs wait in the queue (state 'waiting') until their
-- inputs have succeeded (the engine's mechanism for every job with inputs, generation.sql);
-- triggers here keep the parent's progress and scene count,
-- finish the parent when its output job succeeds and carry a cancellation to every child.
-- docs/media.md tells the story.
--
-- Locking order (as in generation.sql): queue row, generation row, the organization's
-- balance row, its holds, then the pipeline's parent row last. Cancelling a pipeline takes
-- the balance row first and skips rows other transactions hold, so a cancel never waits
-- for a worker that waits for it.

-- ---------------------------------------------------------------------------
-- Brand safety: forbidden words and required disclaimers, before any money moves
-- ---------------------------------------------------------------------------

-- The brand policy that applies: the project's own, else the organization's default.
create or replace function private.brand_policy_for(org_id uuid, project uuid)
returns public.brand_policies
language sql
stable
security definer
set search_path = ''
as $$
    select b.* from public.brand_policies b
    where b.organization_id = org_id and b.deleted_at is null
      and ((project is not null and b.project_id = project) or b.is_default)
    order by (b.project_id is not distinct from project) desc, b.is_default desc, b.created_at
    limit 1
$$;
revoke execute on function private.brand_policy_for(uuid, uuid) from public;

-- Does `body` contain `word`? Words in ASCII match whole words, case-insensitively ("ass"
-- is not in "class"); other scripts (Korean has no spaces between a word and its
-- particles) match as substrings.
create or replace function private.contains_word(body text, word text)
returns boolean
language sql
immutable
set search_path = ''
as $$
    select case
        when body is null or btrim(word) = '' then false
        when btrim(word) ~ '^[[:ascii:]]+$' then
            lower(body) ~ ('(^|[^[:alnum:]_])'
                           || regexp_replace(lower(btrim(word)), '([.^$*+?()\[\]{}|\\-])', '\\\1', 'g')
                           || '($|[^[:alnum:]_])')
        else strpos(lower(body), lower(btrim(word))) > 0
    end
$$;
revoke execute on function private.contains_word(text, text) from public;

-- Refuse texts that break the brand policy of the organization (or project): PT451 naming
-- the rule, where it was found and the policy. `texts` is a JSON array of
-- [where, text] pairs ("scene 3", "prompt"); `with_disclaimers` also requires each of the
-- policy's disclaimers somewhere in the texts (a film's script; not a single prompt).
create or replace function private.check_brand_safety(
    org_id uuid, project uuid, texts jsonb, with_disclaimers boolean default false
)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
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
revoke execute on function private.check_brand_safety(uuid, uuid, jsonb, boolean) from public;

-- ---------------------------------------------------------------------------
-- Requesting a film
-- ---------------------------------------------------------------------------

-- What a scene says: its lines (audio_requirements.lines: [{speaker, text}] or strings),
-- else its audio description, else its description, else its title.
create or replace function private.scene_speech(scene public.scenes)
returns text
language sql
immutable
set search_path = ''
as $$
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
revoke execute on function private.scene_speech(public.scenes) from public;

-- Every text of a script and its scenes that the brand policy judges, as [where, text].
create or replace function private.film_texts(film_script public.scripts, film_scenes public.scenes [])
returns jsonb
language sql
immutable
set search_path = ''
as $$
    select jsonb_build_array(jsonb_build_array('the script', coalesce(film_script.script, '')))
           || coalesce((select jsonb_agg(jsonb_build_array(
                                    format('scene %s', s.scene_number),
                                    concat_ws(E'\n', s.title, s.description, s.visual_description,
                                              s.audio_description, s.image_prompt, s.location,
                                              private.scene_speech(s)))
                                order by s.scene_number)
                        from unnest(film_scenes) s), '[]')
$$;
revoke execute on function private.film_texts(public.scripts, public.scenes []) from public;

-- One child job of a pipeline, its credits held (private.start_generation).
create or replace function private.start_pipeline_job(
    parent public.generations, caller uuid, job_kind text, scene public.scenes, job_prompt text, job_params jsonb,
    job_units numeric, job_metadata jsonb
)
returns public.generations
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function private.start_pipeline_job(
    public.generations, uuid, text, public.scenes, text, jsonb, numeric, jsonb
) from public;

create or replace function private.add_input(job uuid, input_role text, input_order integer, source uuid)
returns void
language sql
security definer
set search_path = ''
as $$
    insert into public.generation_inputs (generation_id, organization_id, role, sequence_order, input_generation_id)
    select g.id, g.organization_id, input_role, input_order, source from public.generations g where g.id = job
$$;
revoke execute on function private.add_input(uuid, text, integer, uuid) from public;

-- A client's multi-job request (a film, a story) repeated with its dedup_key: the root
-- generation the first one made (null when there is none), once it is seen to ask for the same
-- thing (its kind and parent), else 22023. Asked before anything is checked or held, and again
-- when the door hands back the root of a concurrent request with the same key.
create or replace function private.earlier_request(organization_id uuid, dedup_key text, kind text,
                                                   parent_column text, parent_id uuid)
returns public.generations
language plpgsql
stable
set search_path = ''
as $$
declare
    root public.generations;
begin
    if dedup_key is null then
        return null;
    end if;
    select g.* into root from public.generations g
    where g.organization_id = earlier_request.organization_id and g.dedup_key = 'client:' || earlier_request.dedup_key;
    if root.id is not null
       and (root.kind <> earlier_request.kind or to_jsonb(root) ->> parent_column is distinct from parent_id::text) then
        raise exception 'dedup_key already used for a different request' using errcode = '22023';
    end if;
    return root;
end
$$;
revoke execute on function private.earlier_request(uuid, text, text, text, uuid) from public;

-- The client's entry point: the film of a script the caller may edit. One transaction: the
-- brand policy is checked, the total cost compared with the wallet (PT402 naming both), then
-- the parent `video` generation (not queued itself: it runs while its children do) and per
-- scene an image, speech, a scene video (inputs: the image and the speech) and, with
-- options.lipsync, a lip-sync; then one merge of the scenes' last clips in scene order.
-- Every child holds its own credits. options: lipsync (boolean), width, height (16-3840),
-- fps (1-60), motion (text), burn_subtitles (boolean), voice, language (text), provider
-- (text), priority (-10..10). A repeated dedup_key returns the first film, charging nothing.
create or replace function public.request_film(script_id uuid, options jsonb default '{}', dedup_key text default null)
returns public.generations
language plpgsql
security definer
set search_path = ''
as $$
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
        raise exception 'script not found' using errcode = 'PT404';
    end if;
    -- a repeated request: the first film, nothing charged again
    film := private.earlier_request(film_script.organization_id, dedup_key, 'video', 'script_id', film_script.id);
    if film.id is not null then
        return film;
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
        perform private.earlier_request(film_script.organization_id, dedup_key, 'video', 'script_id', film_script.id);
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
revoke execute on function public.request_film(uuid, jsonb, text) from public, anon;
grant execute on function public.request_film(uuid, jsonb, text) to authenticated;

-- ---------------------------------------------------------------------------
-- The parent follows its children
-- ---------------------------------------------------------------------------

-- Cancel the parent's children that have not started (queue rows not held by another
-- transaction: skip locked) and flag the running ones (they stop at their worker's next
-- heartbeat). The caller holds the organization's balance row or the parent's.
create or replace function private.cancel_children(parent public.generations)
returns void
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function private.cancel_children(public.generations) from public;

-- Recompute a pipeline parent from its children (superseded retries left out): progress
-- (share of jobs done), completed scenes (scenes whose last clip succeeded), current step,
-- the failure to retry; finish it when its output job succeeded (the film is the merge's
-- output), or cancel it once a requested cancellation left no child running.
create or replace function private.refresh_pipeline(pipeline_id uuid, step text default null)
returns void
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function private.refresh_pipeline(uuid, text) from public;

-- A child's status moved (private.generation_status_moved, step 2c): the parent is
-- recomputed (unless a pipeline-wide cancellation is settling it right now: it recomputes
-- once at its end). A claim (a child turning running) changes none of the parent's figures
-- (progress counts jobs done, completed scenes finished clips, the error names failed
-- children), so unless a cancellation is pending it leaves the parent alone: no lock on the
-- parent row, which every worker finishing a job of the film takes, no recount. Its
-- dependants are woken by the same function's step 3.
create or replace function private.pipeline_step(child public.generations)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
    if child.status = 'running' and not exists (
        select from public.generations p where p.id = child.parent_id and p.cancel_requested_at is not null
    ) then
        return;
    end if;
    if current_setting('creatorverse.settling_pipeline', true) is distinct from child.parent_id::text then
        perform private.refresh_pipeline(child.parent_id,
                                         format('%s%s %s', coalesce('scene ' || child.scene_number || ': ', ''),
                                                child.kind, child.status));
    end if;
end
$$;
revoke execute on function private.pipeline_step(public.generations) from public;

-- ---------------------------------------------------------------------------
-- Cancelling and retrying inside a pipeline
-- ---------------------------------------------------------------------------

-- public.cancel_generation for a pipeline's parent or child. The organization's balance row
-- is locked first: workers finishing jobs of this organization hold it before they touch
-- the parent, so taking it first means this never waits for a worker that waits for it.
-- The parent: flagged, its children not started cancelled (holds released), the running
-- ones flagged; it is cancelled once none runs. A child: cancelled like any job.
create or replace function private.cancel_pipeline(target public.generations)
returns public.generations
language plpgsql
security definer
set search_path = ''
as $$
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
revoke execute on function private.cancel_pipeline(public.generations) from public;

-- Ask again for a failed (dead-lettered) or cancelled generation: a new generation with the
-- same request and inputs, its own credit hold; the old one stays as it was (its hold was
-- released) and names its successor (metadata.superseded_by); jobs that waited for the old
-- one now wait for the new one. In a pipeline only that job runs again and the parent goes
-- on. Asking twice returns the same successor.
create or replace function public.retry_generation(generation_id uuid)
returns public.generations
language plpgsql
security definer
set search_path = ''
as $$
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
            using errcode = 'PT409';
    end if;
    if old.parent_id is not null then
        select g.* into parent from public.generations g where g.id = old.parent_id;
        if parent.status in ('succeeded', 'failed', 'cancelled') or parent.cancel_requested_at is not null then
            raise exception 'its pipeline is %',
                case when parent.cancel_requested_at is not null and parent.status <> 'cancelled' then 'being cancelled'
                     else parent.status end
                using errcode = 'PT409';
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
revoke execute on function public.retry_generation(uuid) from public, anon;
grant execute on function public.retry_generation(uuid) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Story development (LitinkAI): plot overview, characters, plot-enhanced chapter scripts
-- ---------------------------------------------------------------------------

-- The client's entry point: develop a book the caller may edit. One transaction, every job
-- through the one door (its credits held there; any refusal rolls all of them back): the
-- book's `plot_overview`; its `story_characters` (input: the overview); per live chapter a
-- `chapter_script` (inputs: the overview and the characters), which also writes the chapter's
-- script and scenes for the film pipeline. The overview is the root: the other jobs name it
-- as parent_id, and a client watches the root and its children. Units are thousands of
-- tokens of the text each job reads (four characters a token). options: provider (text),
-- model (text), priority (-10..10). A repeated dedup_key returns the first root, charging
-- nothing.
create or replace function public.request_story(book_id uuid, options jsonb default '{}', dedup_key text default null)
returns public.generations
language plpgsql
security definer
set search_path = ''
as $$
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
        raise exception 'book not found' using errcode = 'PT404';
    end if;
    root := private.earlier_request(story_book.organization_id, dedup_key, 'plot_overview', 'book_id', story_book.id);
    if root.id is not null then
        return root;
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
        perform private.earlier_request(story_book.organization_id, dedup_key, 'plot_overview', 'book_id',
                                        story_book.id);
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
$$;
revoke execute on function public.request_story(uuid, jsonb, text) from public, anon;
grant execute on function public.request_story(uuid, jsonb, text) to authenticated;
