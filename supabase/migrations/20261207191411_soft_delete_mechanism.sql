-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop policy "organizations_select" on "public"."organizations";

drop policy "profiles_select" on "public"."profiles";

drop policy "projects_select" on "public"."projects";

drop trigger if exists "book_soft_delete" on "public"."books";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.purge_deleted_rows(p_batch integer)
 RETURNS integer
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    target regclass;
    doomed uuid;
    purged integer := 0;
    cutoff timestamptz := private.now() - private.soft_delete_retention();
begin
    for target in
        select c.oid::regclass
        from pg_catalog.pg_class c
        join pg_catalog.pg_trigger t on t.tgrelid = c.oid and t.tgname = 'soft_delete'
        where c.relnamespace = 'public'::regnamespace
          and exists (select from pg_catalog.pg_policy p
                      where p.polrelid = c.oid and p.polcmd in ('d', '*')
                        and 'authenticated'::regrole = any(p.polroles))
        order by c.relname
    loop
        exit when purged >= p_batch;
        for doomed in execute format(
            'select t.id from %s t
             where t.deleted_at <= $1 %s
               and not exists (select from private.purge_deferred d
                               where d.table_name = $2 and d.row_id = t.id and d.retry_after > private.now())
             order by t.deleted_at limit $3 for update skip locked',
            target,
            case when exists (select from pg_catalog.pg_attribute a
                              where a.attrelid = target and a.attname = 'storage_purged_at' and not a.attisdropped)
                 then 'and t.storage_purged_at is not null' else '' end)
            using cutoff, target, p_batch - purged
        loop
            begin
                execute format('delete from %s where id = $1', target) using doomed;
                delete from private.purge_deferred d where d.table_name = target and d.row_id = doomed;
                purged := purged + 1;
            exception when foreign_key_violation or restrict_violation then
                insert into private.purge_deferred (table_name, row_id, retry_after)
                values (target, doomed, private.now() + private.soft_delete_retention())
                on conflict (table_name, row_id) do update set retry_after = excluded.retry_after;
            end;
        end loop;
    end loop;
    return purged;
end
$function$
;

CREATE OR REPLACE FUNCTION private.set_deleted(target regclass, row_id uuid, deleting boolean)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    permissive text;
    restrictive text;
    changed uuid;
begin
    if auth.uid() is null then
        return false;
    end if;
    select string_agg(format('(%s)', coalesce(pg_catalog.pg_get_expr(p.polqual, p.polrelid), 'true')), ' or ')
               filter (where p.polpermissive),
           string_agg(format('(%s)', coalesce(pg_catalog.pg_get_expr(p.polqual, p.polrelid), 'true')), ' and ')
               filter (where not p.polpermissive)
    into permissive, restrictive
    from pg_catalog.pg_policy p
    where p.polrelid = target and p.polcmd in ('d', '*')
      and (0::oid = any(p.polroles) or 'authenticated'::regrole = any(p.polroles));
    if permissive is null then
        return false;
    end if;
    execute format(
        'update %s set deleted_at = %s where id = $1 and %s and (%s) and (%s) returning id',
        target,
        case when deleting then 'private.now()' else 'null' end,
        case when deleting then 'deleted_at is null'
             else 'deleted_at > private.now() - private.soft_delete_retention()'
                  -- a row whose file is gone (assets) stays deleted
                  || case when exists (select from pg_catalog.pg_attribute a where a.attrelid = target
                                         and a.attname = 'storage_purged_at' and not a.attisdropped)
                          then ' and storage_purged_at is null' else '' end end,
        permissive, coalesce(restrictive, 'true'))
    into changed using row_id;
    return changed is not null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.soft_delete()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if not private.is_client_request() then
        return old;
    end if;
    perform private.set_deleted(tg_relid::regclass, old.id, true);
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.soft_delete_retention()
 RETURNS interval
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select interval '7 days'
$function$
;

CREATE OR REPLACE FUNCTION private.soft_delete_table(table_name text)
 RETURNS regclass
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select c.oid::regclass
    from pg_catalog.pg_class c
    join pg_catalog.pg_trigger t on t.tgrelid = c.oid and t.tgname = 'soft_delete'
    where c.relnamespace = 'public'::regnamespace and c.relname = table_name
$function$
;

CREATE OR REPLACE FUNCTION public.restore(table_name text, row_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    target regclass := private.soft_delete_table(table_name);
begin
    perform private.require_user();
    if target is null then
        raise exception 'rows of % are not soft-deleted', table_name using errcode = '22023';
    end if;
    if not private.set_deleted(target, row_id, false) then
        raise exception 'no deleted % % to restore (deleted over % ago, or not yours to delete)',
            table_name, row_id, private.soft_delete_retention() using errcode = 'P0002';
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION private.book_soft_delete()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    -- restoring the book restores the chapters deleted with it (same stamp), not those deleted before
    update public.chapters c set deleted_at = new.deleted_at
    where c.book_id = new.id and c.deleted_at is not distinct from case when new.deleted_at is null then old.deleted_at end;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.storage_orphans(p_batch integer, backend text, bucket text)
 RETURNS TABLE(asset_id uuid, organization_id uuid, storage_paths text[])
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select a.id, a.organization_id,
           array[a.storage_path] || array(select v.storage_path from public.asset_versions v
                                          where v.asset_id = a.id and v.storage_path <> a.storage_path)
    from public.assets a
    where a.storage_purged_at is null and (a.deleted_at is not null or a.status = 'failed')
      and coalesce(a.deleted_at, a.updated_at) <= private.now() - private.soft_delete_retention()
      and a.storage_provider = backend and a.storage_bucket is not distinct from bucket
    order by coalesce(a.deleted_at, a.updated_at)
    limit p_batch
    for update of a skip locked
$function$
;

CREATE OR REPLACE FUNCTION public.soft_delete(table_name text, row_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    target regclass := private.soft_delete_table(table_name);
begin
    perform private.require_user();
    if target is null then
        raise exception 'rows of % are not soft-deleted', table_name using errcode = '22023';
    end if;
    if not private.set_deleted(target, row_id, true) then
        raise exception '% % not found', table_name, row_id using errcode = 'P0002';
    end if;
end
$function$
;

CREATE TRIGGER soft_delete BEFORE DELETE ON public.animations FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.assets FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.books FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.brand_policies FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.chapter_scripts FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.chapters FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.characters FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.feedback FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.generations FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.moodboards FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.organizations FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.performance_predictions FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.plot_overviews FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.profiles FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.projects FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.prompts FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.scenes FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.scripts FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.stories FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.templates FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.universes FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.versions FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER soft_delete BEFORE DELETE ON public.workflows FOR EACH ROW EXECUTE FUNCTION private.soft_delete();

CREATE TRIGGER book_soft_delete AFTER UPDATE OF deleted_at ON public.books FOR EACH ROW WHEN ((old.deleted_at IS DISTINCT FROM new.deleted_at)) EXECUTE FUNCTION private.book_soft_delete();

drop policy if exists "feedback_delete" on "public"."feedback";

create policy "feedback_delete"
on "public"."feedback"
as permissive
for delete
to authenticated
using ((((created_by = ( SELECT auth.uid() AS uid)) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.commentable_project_ids() AS commentable_project_ids))))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));


drop policy if exists "generations_delete" on "public"."generations";

create policy "generations_delete"
on "public"."generations"
as permissive
for delete
to authenticated
using (((status = ANY (ARRAY['succeeded'::text, 'failed'::text, 'cancelled'::text])) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.editable_project_ids() AS editable_project_ids))))));


drop policy if exists "organizations_select" on "public"."organizations";

create policy "organizations_select"
on "public"."organizations"
as permissive
for select
to authenticated
using (((deleted_at IS NULL) AND (id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))));


drop policy if exists "profiles_select" on "public"."profiles";

create policy "profiles_select"
on "public"."profiles"
as permissive
for select
to authenticated
using (((deleted_at IS NULL) AND ((id = ( SELECT auth.uid() AS uid)) OR (id = ANY (ARRAY( SELECT private.my_teammate_ids() AS my_teammate_ids))))));


drop policy if exists "projects_select" on "public"."projects";

create policy "projects_select"
on "public"."projects"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) AND ((visibility <> 'private'::text) OR (created_by = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))))) OR (id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (id = ANY (ARRAY( SELECT private.public_project_ids() AS public_project_ids))))));

grant execute on function private.set_deleted(regclass,uuid,boolean) to authenticated;
grant execute on function private.set_deleted(regclass,uuid,boolean) to service_role;
grant execute on function private.soft_delete_retention() to authenticated;
grant execute on function private.soft_delete_retention() to service_role;
grant execute on function private.soft_delete_table(text) to authenticated;
grant execute on function private.soft_delete_table(text) to service_role;
grant execute on function public.restore(text,uuid) to authenticated;
