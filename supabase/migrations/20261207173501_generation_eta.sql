-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION public.generation_estimated_completion(generation_id uuid)
 RETURNS timestamp with time zone
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target public.generations := private.visible_generation(generation_id, 'viewer');
    queue_position bigint;
    per_job interval;
    running bigint;
begin
    if target.status = 'running' then
        return target.estimated_completion_at;
    end if;
    queue_position := public.generation_queue_position(target.id);
    if queue_position is null then
        return null;
    end if;
    select avg(r.took) into per_job from (
        select g.completed_at - g.started_at as took from public.generations g
        where g.status = 'succeeded' and g.kind = target.kind and coalesce(g.provider, '') = coalesce(target.provider, '')
          and g.started_at is not null
        order by g.completed_at desc limit 20) r;
    if per_job is null then
        select avg(r.took) into per_job from (
            select g.completed_at - g.started_at as took from public.generations g
            where g.status = 'succeeded' and g.kind = target.kind and g.started_at is not null
            order by g.completed_at desc limit 20) r;
    end if;
    if per_job is null then
        return null;
    end if;
    select count(*) into running from private.job_queue q where q.kind = target.kind and q.state = 'running';
    return now() + per_job * ceil(queue_position::numeric / greatest(running, 1));
end
$function$
;

grant execute on function public.generation_estimated_completion(uuid) to authenticated;
