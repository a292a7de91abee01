-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.record_audit_event(organization_id uuid, action text, entity_type text, entity_id text, old_values jsonb DEFAULT NULL::jsonb, new_values jsonb DEFAULT NULL::jsonb, changes jsonb DEFAULT NULL::jsonb, metadata jsonb DEFAULT '{}'::jsonb)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    request record := private.request_metadata();
begin
    insert into public.audit_logs (
        organization_id, user_id, action, entity_type, entity_id, old_values, new_values, changes,
        ip_address, user_agent, metadata
    )
    values (
        record_audit_event.organization_id, private.acting_user_id(), record_audit_event.action,
        record_audit_event.entity_type,
        record_audit_event.entity_id, record_audit_event.old_values, record_audit_event.new_values,
        record_audit_event.changes, request.ip_address, request.user_agent, record_audit_event.metadata
    );
end
$function$
;

CREATE OR REPLACE FUNCTION public.create_project_share_link(project_id uuid)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
    token text := 'shr_' || private.random_token();
begin
    if create_project_share_link.project_id not in (select private.editable_project_ids()) then
        raise exception 'project % not found', project_id using errcode = 'P0002';
    end if;
    insert into private.project_share_tokens (project_id, token_hash, created_by)
    values (create_project_share_link.project_id, private.token_hash(token), caller)
    on conflict on constraint project_share_tokens_pkey do update
    set token_hash = excluded.token_hash, created_by = excluded.created_by, created_at = now();
    perform private.record_audit_event(
        (select p.organization_id from public.projects p where p.id = create_project_share_link.project_id), 'share',
        'projects', create_project_share_link.project_id::text);
    return token;
end
$function$
;

CREATE OR REPLACE FUNCTION public.revoke_project_share_link(project_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    perform private.require_user();
    if revoke_project_share_link.project_id not in (select private.editable_project_ids()) then
        raise exception 'project % not found', project_id using errcode = 'P0002';
    end if;
    delete from private.project_share_tokens s where s.project_id = revoke_project_share_link.project_id;
    if found then
        perform private.record_audit_event(
            (select p.organization_id from public.projects p where p.id = revoke_project_share_link.project_id),
            'unshare', 'projects', revoke_project_share_link.project_id::text);
    end if;
end
$function$
;
