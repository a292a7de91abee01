-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.earlier_request(organization_id uuid, dedup_key text, kind text, parent_column text, parent_id uuid)
 RETURNS public.generations
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.request_film(script_id uuid, options jsonb DEFAULT '{}'::jsonb, dedup_key text DEFAULT NULL::text)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.request_story(book_id uuid, options jsonb DEFAULT '{}'::jsonb, dedup_key text DEFAULT NULL::text)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;
