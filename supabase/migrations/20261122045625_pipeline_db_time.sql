-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "record_audit" on "public"."organizations";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.pipeline_step()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if new.status = 'running' and not exists (
        select from public.generations p where p.id = new.parent_id and p.cancel_requested_at is not null
    ) then
        return null;
    end if;
    if current_setting('creatorverse.settling_pipeline', true) is distinct from new.parent_id::text then
        perform private.refresh_pipeline(new.parent_id, format('%s%s %s', coalesce('scene ' || new.scene_number || ': ', ''),
                                                               new.kind, new.status));
    end if;
    return null;
end
$function$
;

CREATE TRIGGER record_audit AFTER INSERT OR DELETE OR UPDATE ON public.organizations FOR EACH ROW EXECUTE FUNCTION private.record_audit('storage_used_bytes');
