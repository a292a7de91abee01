-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop policy "feedback_insert" on "public"."feedback";

drop policy "feedback_update" on "public"."feedback";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.commentable_project_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select private.project_ids_allowing('comment')
$function$
;

CREATE OR REPLACE FUNCTION private.project_ids_allowing(permission text)
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
      and (permission in ('view', 'comment') or m.role >= 'editor')
      and (p.visibility <> 'private' or p.created_by = m.user_id or m.role >= 'admin')
    union
    select c.project_id
    from public.project_collaborators c
    join public.projects p on p.id = c.project_id and p.deleted_at is null
    join public.organizations o on o.id = p.organization_id and o.deleted_at is null
    where c.user_id = (select auth.uid()) and (permission = 'view' or permission = any(c.permissions))
$function$
;

CREATE OR REPLACE FUNCTION private.user_holds_project_permission(user_id uuid, project uuid, permission text)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    saved_claims text := current_setting('request.jwt.claims', true);
    saved_sub text := current_setting('request.jwt.claim.sub', true);
    allowed boolean;
begin
    if user_id is null or project is null
       or not exists (select from public.profiles p where p.id = user_id and p.deleted_at is null) then
        return false;
    end if;
    if user_id is distinct from auth.uid() then
        perform set_config('request.jwt.claims', jsonb_build_object('sub', user_id, 'role', 'authenticated')::text, true);
        perform set_config('request.jwt.claim.sub', '', true);
    end if;
    allowed := project = any(array(select private.project_ids_allowing(permission)));
    perform set_config('request.jwt.claims', coalesce(saved_claims, ''), true);
    perform set_config('request.jwt.claim.sub', coalesce(saved_sub, ''), true);
    return allowed;
end
$function$
;

CREATE OR REPLACE FUNCTION private.checked_generation(spec public.generations, caller uuid)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    gen_kind public.generation_kinds;
    scope public.projects;
    reference record;
    found_reference boolean;
begin
    select k.* into gen_kind from public.generation_kinds k where k.kind = spec.kind;
    if gen_kind.kind is null then
        raise exception 'unknown generation kind "%"', spec.kind using errcode = '22023';
    end if;
    perform private.require_text(spec.provider, 'provider', 60);
    perform private.require_text(spec.model, 'model', 120);
    perform private.require_text(spec.prompt, 'prompt', 20000);
    perform private.require_text(spec.variant, 'variant', 60);
    perform private.require_text(spec.dedup_key, 'dedup_key', 200);
    spec.params := coalesce(spec.params, '{}');
    if jsonb_typeof(spec.params) <> 'object' or length(spec.params::text) > 100000 then
        raise exception 'params must be a JSON object of at most 100000 characters' using errcode = '22023';
    end if;
    spec.metadata := coalesce(spec.metadata, '{}');
    if jsonb_typeof(spec.metadata) <> 'object' or length(spec.metadata::text) > 10000 then
        raise exception 'metadata must be a JSON object of at most 10000 characters' using errcode = '22023';
    end if;
    spec.units := coalesce(spec.units, 1);
    if spec.units <= 0 or spec.units > 10000 then
        raise exception 'units must lie between 0 (excluded) and 10000' using errcode = '22023';
    end if;
    spec.priority := coalesce(spec.priority, 0);
    if spec.priority not between -10 and 10 then
        raise exception 'priority must lie between -10 and 10' using errcode = '22023';
    end if;
    spec.max_attempts := coalesce(spec.max_attempts, gen_kind.max_attempts);
    if spec.max_attempts not between 1 and gen_kind.max_attempts then
        raise exception 'max_attempts must lie between 1 and % for kind %', gen_kind.max_attempts, spec.kind
            using errcode = '22023';
    end if;

    -- the project: the one named, else the first referenced object's
    spec.project_id := coalesce(
        spec.project_id,
        (select g.project_id from public.generations g where g.id = spec.parent_id),
        (select r.project_id from public.scenes r where r.id = spec.scene_id),
        (select r.project_id from public.scripts r where r.id = spec.script_id),
        (select r.project_id from public.chapters r where r.id = spec.chapter_id),
        (select r.project_id from public.moodboards r where r.id = spec.moodboard_id),
        (select r.project_id from public.animations r where r.id = spec.animation_id));
    if spec.project_id is not null then
        select p.* into scope from public.projects p
        join public.organizations o on o.id = p.organization_id and o.deleted_at is null
        where p.id = spec.project_id and p.deleted_at is null;
        if scope.id is null then
            raise exception 'project not found' using errcode = 'P0002';
        end if;
        spec.organization_id := scope.organization_id;
    elsif caller is not null then  -- a user's work always lives in a project
        raise exception 'project not found' using errcode = 'P0002';
    elsif not exists (select from public.organizations o where o.id = spec.organization_id and o.deleted_at is null) then
        raise exception 'organization % not found', spec.organization_id using errcode = 'P0002';
    end if;
    for reference in
        select * from (values ('parent generation', 'generations', spec.parent_id), ('scene', 'scenes', spec.scene_id),
                              ('script', 'scripts', spec.script_id), ('chapter', 'chapters', spec.chapter_id),
                              ('moodboard', 'moodboards', spec.moodboard_id),
                              ('animation', 'animations', spec.animation_id)) r (name, tab, id)
        where r.id is not null
    loop
        execute format('select exists (select from public.%I r where r.id = $1 and r.organization_id = $2
                                          and r.project_id is not distinct from $3 %s)',
                       reference.tab, case when reference.tab <> 'generations' then 'and r.deleted_at is null' end)
        into found_reference using reference.id, spec.organization_id, spec.project_id;
        if not found_reference then
            raise exception 'a referenced % was not found in this project', reference.name using errcode = 'P0002';
        end if;
    end loop;
    if caller is not null and not private.user_holds_project_permission(caller, spec.project_id, 'generate') then
        raise exception 'project not found' using errcode = 'P0002';
    end if;
    -- brand safety before any money moves (supabase/functions/pipeline.sql)
    perform private.check_brand_safety(spec.organization_id, spec.project_id, jsonb_build_array(
        jsonb_build_array('the prompt', spec.prompt), jsonb_build_array('params.text', spec.params ->> 'text')));
    return spec;
end
$function$
;

CREATE OR REPLACE FUNCTION private.editable_project_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select private.project_ids_allowing('edit')
$function$
;

CREATE OR REPLACE FUNCTION private.readable_project_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select private.project_ids_allowing('view')
$function$
;

CREATE OR REPLACE FUNCTION private.validate_schedule_request()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    spec public.generations;
begin
    if tg_op = 'INSERT' or new.request is distinct from old.request or new.enabled then
        spec := private.scheduled_request(new);
    end if;
    if new.enabled then
        if new.created_by is null then
            raise exception 'a schedule runs as its owner: created_by is required' using errcode = '22023';
        end if;
        if new.workflow_id is null then
            perform private.checked_generation(spec, new.created_by);
        elsif not private.user_holds_project_permission(new.created_by, new.project_id, 'edit') then
            raise exception 'project not found' using errcode = 'P0002';
        end if;
    end if;
    return new;
end
$function$
;

drop function if exists "private"."user_may_edit_project"(user_id uuid, project uuid);

drop policy if exists "feedback_insert" on "public"."feedback";

create policy "feedback_insert"
on "public"."feedback"
as permissive
for insert
to authenticated
with check (((created_by = ( SELECT auth.uid() AS uid)) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.commentable_project_ids() AS commentable_project_ids))))));


drop policy if exists "feedback_update" on "public"."feedback";

create policy "feedback_update"
on "public"."feedback"
as permissive
for update
to authenticated
using ((((created_by = ( SELECT auth.uid() AS uid)) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.commentable_project_ids() AS commentable_project_ids))))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))))
with check ((((created_by = ( SELECT auth.uid() AS uid)) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.commentable_project_ids() AS commentable_project_ids))))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));

grant execute on function private.commentable_project_ids() to anon;
grant execute on function private.commentable_project_ids() to authenticated;
grant execute on function private.commentable_project_ids() to service_role;
grant execute on function private.project_ids_allowing(text) to anon;
grant execute on function private.project_ids_allowing(text) to authenticated;
grant execute on function private.project_ids_allowing(text) to service_role;
