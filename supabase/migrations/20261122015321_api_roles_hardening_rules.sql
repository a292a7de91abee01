-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop policy "prompt_uses_insert" on "public"."prompt_uses";

drop policy "feedback_update" on "public"."feedback";

drop policy "prompts_delete" on "public"."prompts";

drop policy "prompts_update" on "public"."prompts";

drop trigger if exists "inherit_scope" on "public"."animations";

drop trigger if exists "inherit_scope" on "public"."asset_versions";

drop trigger if exists "inherit_scope" on "public"."assets";

drop trigger if exists "inherit_scope" on "public"."book_structure";

drop trigger if exists "inherit_scope" on "public"."books";

drop trigger if exists "inherit_scope" on "public"."brand_policies";

drop trigger if exists "inherit_scope" on "public"."chapter_embeddings";

drop trigger if exists "inherit_scope" on "public"."chapter_scripts";

drop trigger if exists "inherit_scope" on "public"."chapters";

drop trigger if exists "inherit_scope" on "public"."characters";

drop trigger if exists "inherit_scope" on "public"."feedback";

drop trigger if exists "inherit_scope" on "public"."moodboards";

drop trigger if exists "inherit_scope" on "public"."performance_predictions";

drop trigger if exists "inherit_scope" on "public"."plot_overviews";

drop trigger if exists "inherit_scope" on "public"."scenes";

drop trigger if exists "inherit_scope" on "public"."scripts";

drop trigger if exists "inherit_scope" on "public"."stories";

drop trigger if exists "inherit_scope" on "public"."universes";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.end_collaborations()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    delete from public.project_collaborators c
    using public.projects p
    where p.id = c.project_id and p.organization_id = old.organization_id and c.user_id = old.user_id;
    return old;
end
$function$
;

CREATE OR REPLACE FUNCTION private.guard_project_visibility()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() and new.visibility is distinct from old.visibility
       and not new.id = any(array(select private.manageable_project_ids())) then
        raise exception 'only the project''s managers change its visibility' using errcode = '42501';
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.editable_project_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select p.id
    from public.projects p
    join public.organizations o on o.id = p.organization_id and o.deleted_at is null
    join public.organization_members m on m.organization_id = p.organization_id and m.user_id = (select auth.uid())
    where p.deleted_at is null and m.role >= 'editor'
      and (p.visibility <> 'private' or p.created_by = m.user_id or m.role >= 'admin')
    union
    select c.project_id
    from public.project_collaborators c
    join public.projects p on p.id = c.project_id and p.deleted_at is null
    join public.organizations o on o.id = p.organization_id and o.deleted_at is null
    where c.user_id = (select auth.uid()) and 'edit' = any(c.permissions)
$function$
;

CREATE OR REPLACE FUNCTION private.inherit_scope()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    pair text;
    parent_table text;
    fk text;
    fk_value uuid;
    parent jsonb;
    patch jsonb;
    row_data jsonb := to_jsonb(new);
    old_data jsonb;
    scope constant text[] := array['organization_id', 'project_id', 'book_id'];
    moved boolean := false;
begin
    if tg_op = 'UPDATE' then
        old_data := to_jsonb(old);
        foreach pair in array tg_argv loop
            fk := split_part(pair, ':', 2);
            continue when row_data -> fk is not distinct from old_data -> fk;
            if private.is_client_request() then
                raise exception '%.% is the row''s parent: it cannot be changed', tg_table_name, fk
                    using errcode = '42501', hint = 'create the row under the new parent instead';
            end if;
            moved := true;
        end loop;
        if not moved then
            if exists (select 1 from unnest(scope) c where row_data -> c is distinct from old_data -> c) then
                raise exception 'the scope of % rows (organization_id, project_id) follows their parent', tg_table_name
                    using errcode = '42501';
            end if;
            return new;
        end if;
    end if;
    foreach pair in array tg_argv loop
        parent_table := split_part(pair, ':', 1);
        fk := split_part(pair, ':', 2);
        fk_value := (row_data ->> fk)::uuid;
        continue when fk_value is null;
        execute format('select to_jsonb(p) from public.%I p where p.id = $1', parent_table) into parent using fk_value;
        if parent is null and private.is_client_request() then
            raise exception 'new row violates row-level security policy for table "%"', tg_table_name
                using errcode = '42501';
        elsif parent is null then
            raise exception '% % not found', parent_table, fk_value using errcode = '23503';
        end if;
        patch := jsonb_build_object(
            'organization_id', parent -> 'organization_id',
            'project_id', case when parent_table = 'projects' then parent -> 'id'
                               else coalesce(parent -> 'project_id', 'null') end);
        if parent_table = 'books' then
            patch := patch || jsonb_build_object('book_id', parent -> 'id');
        elsif parent ? 'book_id' then
            patch := patch || jsonb_build_object('book_id', parent -> 'book_id');
        end if;
        -- keys the child has no column for are ignored
        new := jsonb_populate_record(new, patch);
        return new;
    end loop;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.manageable_project_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select p.id
    from public.projects p
    join public.organizations o on o.id = p.organization_id and o.deleted_at is null
    join public.organization_members m on m.organization_id = p.organization_id and m.user_id = (select auth.uid())
    where p.deleted_at is null and (m.role >= 'admin' or (p.created_by = m.user_id and m.role >= 'editor'))
$function$
;

CREATE OR REPLACE FUNCTION private.public_project_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select p.id
    from public.projects p
    join public.organizations o on o.id = p.organization_id and o.deleted_at is null
    where p.visibility = 'public' and p.deleted_at is null
$function$
;

CREATE OR REPLACE FUNCTION private.readable_project_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select p.id
    from public.projects p
    join public.organizations o on o.id = p.organization_id and o.deleted_at is null
    join public.organization_members m on m.organization_id = p.organization_id and m.user_id = (select auth.uid())
    where p.deleted_at is null
      and (p.visibility <> 'private' or p.created_by = m.user_id or m.role >= 'admin')
    union
    select c.project_id
    from public.project_collaborators c
    join public.projects p on p.id = c.project_id and p.deleted_at is null
    join public.organizations o on o.id = p.organization_id and o.deleted_at is null
    where c.user_id = (select auth.uid())
$function$
;

CREATE OR REPLACE FUNCTION private.snapshot_version()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    new_row jsonb := to_jsonb(new) - array['updated_at', 'version', 'fts', 'word_count'];
    old_row jsonb := case when tg_op = 'UPDATE' then to_jsonb(old) - array['updated_at', 'version', 'fts', 'word_count'] end;
    diff jsonb := '{}';
    previous public.versions;
begin
    if tg_op = 'UPDATE' and new_row -> 'deleted_at' is distinct from old_row -> 'deleted_at' then
        -- deleting or restoring is not a new version: the history is deleted or restored with it
        update public.versions v set deleted_at = new.deleted_at
        where v.entity_type = tg_argv[0] and v.entity_id = new.id;
        return null;
    end if;
    if tg_op = 'UPDATE' then
        select coalesce(jsonb_object_agg(n.key, jsonb_build_object('old', old_row -> n.key, 'new', n.value)), '{}')
        into diff
        from jsonb_each(new_row) n where old_row -> n.key is distinct from n.value;
        if diff = '{}' then
            return null;
        end if;
    end if;
    select v.* into previous from public.versions v
    where v.entity_type = tg_argv[0] and v.entity_id = new.id
    order by v.version_number desc limit 1;
    insert into public.versions (
        organization_id, project_id, entity_type, entity_id, created_by, version_number, title, changes_summary,
        snapshot_data, diff_data, parent_version_id
    )
    values (
        new.organization_id, case when tg_argv[0] = 'project' then new.id else (new_row ->> 'project_id')::uuid end,
        tg_argv[0], new.id, auth.uid(), coalesce(previous.version_number, 0) + 1, new_row ->> 'title',
        case when tg_op = 'INSERT' then 'created'
             else 'changed: ' || (select string_agg(k, ', ' order by k) from jsonb_object_keys(diff) k) end,
        new_row, diff, previous.id
    );
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION public.soft_delete(table_name text, row_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target jsonb;
    allowed boolean;
begin
    perform private.require_user();
    if table_name not in (
        'projects', 'stories', 'universes', 'moodboards', 'animations', 'books', 'chapters', 'scripts', 'scenes',
        'plot_overviews', 'characters', 'chapter_scripts', 'prompts', 'brand_policies', 'feedback', 'assets'
    ) then
        raise exception 'rows of % are not soft-deleted', table_name using errcode = '22023';
    end if;
    execute format('select to_jsonb(t) from public.%I t where t.id = $1 and t.deleted_at is null for update', table_name)
    into target using row_id;
    allowed := case
        when target is null then false
        when table_name = 'projects' then row_id in (select private.editable_project_ids())
        when table_name = 'prompts' then private.has_org_role((target ->> 'organization_id')::uuid, 'admin')
            or ((target ->> 'created_by')::uuid = auth.uid()
                and private.has_org_role((target ->> 'organization_id')::uuid, 'editor'))
        when table_name = 'feedback' then private.has_org_role((target ->> 'organization_id')::uuid, 'admin')
            or ((target ->> 'created_by')::uuid = auth.uid()
                and private.has_org_role((target ->> 'organization_id')::uuid, 'viewer'))
        when target ->> 'project_id' is null then private.has_org_role((target ->> 'organization_id')::uuid, 'editor')
        else (target ->> 'project_id')::uuid in (select private.editable_project_ids())
    end;
    if not allowed then
        raise exception '% % not found', table_name, row_id using errcode = 'P0002';
    end if;
    execute format('update public.%I set deleted_at = now() where id = $1', table_name) using row_id;
end
$function$
;

CREATE OR REPLACE FUNCTION public.use_prompt(prompt_id uuid, variable_values jsonb DEFAULT '{}'::jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    prompt public.prompts;
    rendered text;
    variable_name text;
    missing text[];
begin
    perform private.require_user();
    if pg_column_size(variable_values) > 65536 then
        raise exception 'prompt variables are limited to 64 KiB' using errcode = '22023';
    end if;
    -- what prompts_select shows the caller: this function reads as its owner
    select p.* into prompt from public.prompts p
    where p.id = use_prompt.prompt_id and p.deleted_at is null
      and (p.is_public or p.organization_id = any(array(select private.my_org_ids())));
    if prompt.id is null then
        raise exception 'prompt % not found', prompt_id using errcode = 'P0002';
    end if;
    rendered := prompt.content;
    for variable_name in select distinct m[1] from regexp_matches(prompt.content, '\{\{\s*(\w+)\s*\}\}', 'g') m loop
        if variable_values ? variable_name then
            rendered := regexp_replace(rendered, '\{\{\s*' || variable_name || '\s*\}\}',
                                       replace(variable_values ->> variable_name, '\', '\\'), 'g');
        else
            missing := missing || variable_name;
        end if;
        if length(rendered) > 100000 then
            raise exception 'a rendered prompt is limited to 100000 characters' using errcode = '22023';
        end if;
    end loop;
    if missing is not null then
        raise exception 'missing values for prompt variables: %', array_to_string(missing, ', ') using errcode = '22023';
    end if;
    -- counts once per user and day (prompt_uses_once_a_day_idx)
    insert into public.prompt_uses (prompt_id, user_id) values (prompt.id, auth.uid())
    on conflict do nothing;
    return rendered;
end
$function$
;

CREATE TRIGGER end_collaborations AFTER DELETE ON public.organization_members FOR EACH ROW EXECUTE FUNCTION private.end_collaborations();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.project_collaborators FOR EACH ROW EXECUTE FUNCTION private.protect_columns('project_id', 'user_id');

CREATE TRIGGER guard_project_visibility BEFORE UPDATE OF visibility ON public.projects FOR EACH ROW EXECUTE FUNCTION private.guard_project_visibility();

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.animations FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.asset_versions FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('assets:asset_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.assets FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.book_structure FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('books:book_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.books FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.brand_policies FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.chapter_embeddings FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('chapters:chapter_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.chapter_scripts FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('chapters:chapter_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.chapters FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('books:book_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.characters FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id', 'books:book_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.feedback FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.moodboards FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.performance_predictions FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.plot_overviews FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('books:book_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.scenes FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('scripts:script_id', 'stories:story_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.scripts FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('chapters:chapter_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.stories FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.universes FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('projects:project_id');

drop policy if exists "feedback_update" on "public"."feedback";

create policy "feedback_update"
on "public"."feedback"
as permissive
for update
to authenticated
using ((((created_by = ( SELECT auth.uid() AS uid)) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))))
with check ((((created_by = ( SELECT auth.uid() AS uid)) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));


drop policy if exists "prompts_delete" on "public"."prompts";

create policy "prompts_delete"
on "public"."prompts"
as permissive
for delete
to authenticated
using ((((created_by = ( SELECT auth.uid() AS uid)) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));


drop policy if exists "prompts_update" on "public"."prompts";

create policy "prompts_update"
on "public"."prompts"
as permissive
for update
to authenticated
using ((((created_by = ( SELECT auth.uid() AS uid)) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))))
with check ((((created_by = ( SELECT auth.uid() AS uid)) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));

grant execute on function private.chapter_candidates(uuid,uuid,uuid,boolean,integer) to anon;
grant execute on function private.chapter_candidates(uuid,uuid,uuid,boolean,integer) to authenticated;
grant execute on function private.editable_project_ids() to anon;
grant execute on function private.editable_project_ids() to authenticated;
grant execute on function private.has_org_role(uuid,public.member_role) to anon;
grant execute on function private.has_org_role(uuid,public.member_role) to authenticated;
grant execute on function private.has_platform_role(text) to anon;
grant execute on function private.has_platform_role(text) to authenticated;
grant execute on function private.is_client_request() to anon;
grant execute on function private.is_client_request() to authenticated;
grant execute on function private.manageable_project_ids() to authenticated;
grant execute on function private.my_org_ids(public.member_role) to anon;
grant execute on function private.my_org_ids(public.member_role) to authenticated;
grant execute on function private.my_teammate_ids() to anon;
grant execute on function private.my_teammate_ids() to authenticated;
grant execute on function private.public_project_ids() to anon;
grant execute on function private.public_project_ids() to authenticated;
grant execute on function private.readable_project_ids() to anon;
grant execute on function private.readable_project_ids() to authenticated;
grant execute on function private.require_user() to authenticated;
grant execute on function public.accept_invitation(text) to authenticated;
grant execute on function public.accept_invitation_by_id(uuid) to authenticated;
grant execute on function public.change_member_role(uuid,uuid,public.member_role) to authenticated;
grant execute on function public.create_api_key(uuid,text,text[],timestamp with time zone) to authenticated;
grant execute on function public.create_organization(text,text) to authenticated;
grant execute on function public.create_project_share_link(uuid) to authenticated;
grant execute on function public.create_webhook(uuid,text,text[],text) to authenticated;
grant execute on function public.decline_invitation(uuid) to authenticated;
grant execute on function public.delete_organization(uuid) to authenticated;
grant execute on function public.get_shared_project(text) to anon;
grant execute on function public.get_shared_project(text) to authenticated;
grant execute on function public.hybrid_search_chapters(text,extensions.vector,integer,double precision,double precision,integer,uuid,uuid) to anon;
grant execute on function public.hybrid_search_chapters(text,extensions.vector,integer,double precision,double precision,integer,uuid,uuid) to authenticated;
grant execute on function public.invite_member(uuid,text,public.member_role) to authenticated;
grant execute on function public.is_feature_enabled(text,uuid,uuid) to anon;
grant execute on function public.is_feature_enabled(text,uuid,uuid) to authenticated;
grant execute on function public.leave_organization(uuid) to authenticated;
grant execute on function public.match_chapters(extensions.vector,integer,uuid,uuid,uuid,integer) to anon;
grant execute on function public.match_chapters(extensions.vector,integer,uuid,uuid,uuid,integer) to authenticated;
grant execute on function public.remove_member(uuid,uuid) to authenticated;
grant execute on function public.revoke_api_key(uuid) to authenticated;
grant execute on function public.revoke_invitation(uuid) to authenticated;
grant execute on function public.revoke_project_share_link(uuid) to authenticated;
grant execute on function public.rotate_webhook_secret(uuid) to authenticated;
grant execute on function public.save_provider_credential(uuid,text,text,text,jsonb,timestamp with time zone) to authenticated;
grant execute on function public.soft_delete(text,uuid) to authenticated;
grant execute on function public.transfer_ownership(uuid,uuid) to authenticated;
grant execute on function public.use_prompt(uuid,jsonb) to authenticated;
