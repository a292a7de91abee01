-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.generation_outbox()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;
