-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "sync_marketplace_deletion" on "public"."projects";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.sync_marketplace_deletion()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    -- project_deleted_at: since when the project or its organization is deleted (null: live)
    update public.contents c set project_deleted_at = coalesce(p.deleted_at, o.deleted_at)
    from public.projects p
    join public.organizations o on o.id = p.organization_id
    where c.project_id = p.id
      and (tg_table_name = 'projects' and p.id = new.id or tg_table_name = 'organizations' and o.id = new.id)
      and c.project_deleted_at is distinct from coalesce(p.deleted_at, o.deleted_at);
    update public.campaigns c set project_deleted_at = coalesce(p.deleted_at, o.deleted_at)
    from public.projects p
    join public.organizations o on o.id = p.organization_id
    where c.project_id = p.id
      and (tg_table_name = 'projects' and p.id = new.id or tg_table_name = 'organizations' and o.id = new.id)
      and c.project_deleted_at is distinct from coalesce(p.deleted_at, o.deleted_at);
    return null;
end
$function$
;

drop function if exists "private"."sync_project_deletion"();

CREATE TRIGGER sync_marketplace_deletion AFTER UPDATE OF deleted_at ON public.organizations FOR EACH ROW WHEN ((old.deleted_at IS DISTINCT FROM new.deleted_at)) EXECUTE FUNCTION private.sync_marketplace_deletion();

CREATE TRIGGER sync_marketplace_deletion AFTER UPDATE OF deleted_at ON public.projects FOR EACH ROW WHEN ((old.deleted_at IS DISTINCT FROM new.deleted_at)) EXECUTE FUNCTION private.sync_marketplace_deletion();
