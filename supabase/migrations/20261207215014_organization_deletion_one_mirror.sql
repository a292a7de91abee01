-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "client_defaults" on "public"."projects";

drop trigger if exists "client_defaults" on "public"."communities";

drop trigger if exists "protect_columns" on "public"."communities";

drop trigger if exists "protect_columns" on "public"."projects";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.mirror_organization_deleted_at()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    mirrored regclass;
begin
    if tg_table_name <> 'organizations' then
        new.organization_deleted_at := (select o.deleted_at from public.organizations o where o.id = new.organization_id);
        return new;
    end if;
    for mirrored in
        select a.attrelid::regclass from pg_attribute a
        join pg_class t on t.oid = a.attrelid and t.relkind = 'r'
        join pg_attribute k on k.attrelid = a.attrelid and k.attname = 'organization_id' and not k.attisdropped
        where a.attname = 'organization_deleted_at' and not a.attisdropped
          and t.relnamespace = 'public'::regnamespace
    loop
        execute format('update %s set organization_deleted_at = $1'
                       ' where organization_id = $2 and organization_deleted_at is distinct from $1', mirrored)
        using new.deleted_at, new.id;
    end loop;
    return null;
end
$function$
;

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

CREATE TRIGGER mirror_organization_deleted_at BEFORE INSERT OR UPDATE ON public.communities FOR EACH ROW EXECUTE FUNCTION private.mirror_organization_deleted_at();

CREATE TRIGGER mirror_organization_deleted_at BEFORE INSERT OR UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION private.mirror_organization_deleted_at();

CREATE TRIGGER client_defaults BEFORE INSERT ON public.communities FOR EACH ROW EXECUTE FUNCTION private.client_defaults('created_by', 'member_count=0', 'post_count=0');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.communities FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'project_id', 'created_by', 'member_count', 'post_count');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'created_by');
