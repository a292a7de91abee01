-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.refresh_pipeline(pipeline_id uuid, step text DEFAULT NULL::text)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;
