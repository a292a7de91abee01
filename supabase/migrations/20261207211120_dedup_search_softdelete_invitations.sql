-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.caller_bypasses_rls()
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select coalesce((select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles r
                     where r.rolname = coalesce(nullif(current_setting('role'), 'none'), session_user)), false)
$function$
;

CREATE OR REPLACE FUNCTION private.end_pending_invitation(invitation public.invitations, final_status text)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if invitation.status <> 'pending' then
        raise exception 'invitation is %', invitation.status using errcode = '55000';
    end if;
    update public.invitations i set status = final_status where i.id = invitation.id;
end
$function$
;

CREATE OR REPLACE FUNCTION private.chapter_candidates(filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, cap integer)
 RETURNS integer
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    sees_everything boolean := private.caller_bypasses_rls();
    filters text := concat_ws(' and ', 'true',
        case when filter_organization_id is not null then 'e.organization_id = $1' end,
        case when filter_book_id is not null then 'e.book_id = $2' end,
        case when filter_project_id is not null then 'e.project_id = $3' end);
    counted integer;
begin
    if sees_everything then
        execute format('select count(*)::integer from (select 1 from public.chapter_embeddings e where %s limit $4) s',
                       filters)
        into counted using filter_organization_id, filter_book_id, filter_project_id, cap;
        return counted;
    end if;
    -- the policy's two branches, each its own index-only scan: the organizations' own passages,
    -- and those of projects readable to the caller (collaborations, public projects)
    execute format($q$
        select least($4,
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where %1$s and e.project_id is null and e.organization_id = any($5) limit $4) s)
            + (select count(*) from (select 1 from public.chapter_embeddings e
                                     where %1$s and e.project_id = any($6) limit $4) s))::integer
    $q$, filters)
    into counted
    using filter_organization_id, filter_book_id, filter_project_id, cap, array(select private.my_org_ids()),
          array(select private.readable_project_ids() union select private.public_project_ids());
    return counted;
end
$function$
;

CREATE OR REPLACE FUNCTION private.readable_chapters_matching(english tsquery, simple tsquery, fragment text, filter_organization_id uuid, filter_book_id uuid, max_rows integer DEFAULT NULL::integer)
 RETURNS SETOF uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    sees_everything boolean := private.caller_bypasses_rls();
begin
    -- the policy's sets are passed as values, so the planner weighs the caller's share of
    -- chapters: the organization index for a small library, the GIN index for a large one
    return query execute format($q$
        select c.id from public.chapters c
        where %s
          and c.deleted_at is null
          and ($1 is null or c.organization_id = $1)
          and ($2 is null or c.book_id = $2)
          and ($7 or (c.project_id is null and c.organization_id = any($8))
               or c.project_id = any($9) or c.project_id = any($10))
        limit $6
    $q$,
        case when english is not null then 'c.fts_english @@ $3'
             when simple is not null then 'c.fts @@ $4'
             else 'c.content like $5' end)
    using filter_organization_id, filter_book_id, english, simple,
          '%' || replace(replace(replace(coalesce(fragment, ''), '\', '\\'), '%', '\%'), '_', '\_') || '%',
          max_rows, sees_everything,
          case when not sees_everything then array(select private.my_org_ids()) end,
          case when not sees_everything then array(select private.readable_project_ids()) end,
          case when not sees_everything then array(select private.public_project_ids()) end;
end
$function$
;

CREATE OR REPLACE FUNCTION private.soft_delete_table(table_name text)
 RETURNS regclass
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
    target regclass := (select c.oid::regclass
                        from pg_catalog.pg_class c
                        join pg_catalog.pg_trigger t on t.tgrelid = c.oid and t.tgname = 'soft_delete'
                        where c.relnamespace = 'public'::regnamespace and c.relname = table_name);
begin
    if target is null then
        raise exception 'rows of % are not soft-deleted', table_name using errcode = '22023';
    end if;
    return target;
end
$function$
;

CREATE OR REPLACE FUNCTION private.studio_rows_matching(search_kind text, patterns text[], max_rows integer)
 RETURNS SETOF uuid
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    sees_everything boolean := private.caller_bypasses_rls();
    k record;
begin
    select * into k from private.studio_search_kinds() s where s.kind = search_kind;
    if k.kind is null or coalesce(cardinality(patterns), 0) = 0 then
        return;
    end if;
    if cardinality(patterns) > 8 then
        raise exception 'a search query has at most 8 words' using errcode = '22023';
    end if;
    -- one ILIKE per word, each a literal: the GIN index intersects them
    return query execute format(
        'select t.id from public.%I t where t.deleted_at is null and %s and ($4 or %s) limit $5',
        k.table_name,
        (select string_agg(format('(%s) ilike %L', k.document, p), ' and ') from unnest(patterns) p),
        k.scope)
    using case when not sees_everything then array(select private.my_org_ids()) end,
          case when not sees_everything then array(select private.readable_project_ids()) end,
          case when not sees_everything then array(select private.public_project_ids()) end,
          sees_everything, max_rows;
end
$function$
;

CREATE OR REPLACE FUNCTION public.decline_invitation(invitation_id uuid)
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select private.end_pending_invitation(private.invitation_for_invitee(decline_invitation.invitation_id), 'declined')
$function$
;

CREATE OR REPLACE FUNCTION public.restore(table_name text, row_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    perform private.require_user();
    if not private.set_deleted(private.soft_delete_table(table_name), row_id, false) then
        raise exception 'no deleted % % to restore (deleted over % ago, or not yours to delete)',
            table_name, row_id, private.soft_delete_retention() using errcode = 'P0002';
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION public.revoke_invitation(invitation_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    invitation public.invitations;
begin
    select i.* into invitation from public.invitations i where i.id = revoke_invitation.invitation_id for update;
    if invitation.id is null or not private.has_org_role(invitation.organization_id, 'admin') then
        raise exception 'invitation not found' using errcode = 'P0002';
    end if;
    perform private.end_pending_invitation(invitation, 'revoked');
end
$function$
;

CREATE OR REPLACE FUNCTION public.soft_delete(table_name text, row_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    perform private.require_user();
    if not private.set_deleted(private.soft_delete_table(table_name), row_id, true) then
        raise exception '% % not found', table_name, row_id using errcode = 'P0002';
    end if;
end
$function$
;
