-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.generation_outbox(finished public.generations[])
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    insert into private.webhook_outbox (webhook_id, organization_id, event, payload)
    select w.id, n.organization_id, n.event_name,
           jsonb_build_object(
               'type', n.event_name, 'created_at', now(),
               'data', jsonb_build_object(
                   'id', n.id, 'kind', n.kind, 'status', n.status, 'organization_id', n.organization_id,
                   'project_id', n.project_id, 'output_url', n.output_url, 'thumbnail_url', n.thumbnail_url,
                   'subtitles_url', n.subtitles_url, 'error_message', n.error_message,
                   'actual_credits', n.actual_credits, 'attempts', n.attempts))
    from (select n.*, private.generation_event(n.kind, n.status) as event_name from unnest(finished) n) n
    join public.webhooks w on w.organization_id = n.organization_id
    where w.is_active and (w.events = '{}' or n.event_name = any(w.events));
end
$function$
;

CREATE OR REPLACE FUNCTION private.generation_status_moved()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;
