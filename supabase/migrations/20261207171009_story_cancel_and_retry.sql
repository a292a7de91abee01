-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION public.cancel_generation(generation_id uuid)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.retry_generation(generation_id uuid)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;
