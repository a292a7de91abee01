-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.chapter_candidates(filter_organization_id uuid, filter_book_id uuid, filter_project_id uuid, sees_everything boolean, cap integer)
 RETURNS integer
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select case
        when filter_book_id is not null then
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where e.book_id = filter_book_id limit cap) s)
        when filter_project_id is not null then
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where e.project_id = filter_project_id limit cap) s)
        when sees_everything then
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where filter_organization_id is null or e.organization_id = filter_organization_id
                                   limit cap) s)
        else least(cap,
            (select count(*) from (select 1 from public.chapter_embeddings e
                                   where e.organization_id = any(array(select private.my_org_ids()))
                                     and e.project_id is null
                                     and (filter_organization_id is null or e.organization_id = filter_organization_id)
                                   limit cap) s)
            + (select count(*) from (select 1 from public.chapter_embeddings e
                                     where (e.project_id = any(array(select private.readable_project_ids()))
                                            or e.project_id = any(array(select private.public_project_ids())))
                                       and (filter_organization_id is null or e.organization_id = filter_organization_id)
                                     limit cap) s))
    end::integer
$function$
;

grant execute on function public.hybrid_search_chapters(text,extensions.vector,integer,double precision,double precision,integer,uuid,uuid) to anon;
grant execute on function public.hybrid_search_chapters(text,extensions.vector,integer,double precision,double precision,integer,uuid,uuid) to authenticated;
grant execute on function public.keyword_search_chapters(text,integer,uuid,uuid) to anon;
grant execute on function public.keyword_search_chapters(text,integer,uuid,uuid) to authenticated;
grant execute on function public.match_chapters(extensions.vector,integer,uuid,uuid,uuid,integer) to anon;
grant execute on function public.match_chapters(extensions.vector,integer,uuid,uuid,uuid,integer) to authenticated;
