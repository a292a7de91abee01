-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.scheduled_request(due public.schedules)
 RETURNS public.generations
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
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
$function$
;
