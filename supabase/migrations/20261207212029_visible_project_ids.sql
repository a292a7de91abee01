-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop policy "animations_select" on "public"."animations";

drop policy "asset_versions_select" on "public"."asset_versions";

drop policy "assets_select" on "public"."assets";

drop policy "book_structure_select" on "public"."book_structure";

drop policy "books_select" on "public"."books";

drop policy "brand_policies_select" on "public"."brand_policies";

drop policy "chapter_embeddings_select" on "public"."chapter_embeddings";

drop policy "chapter_scripts_select" on "public"."chapter_scripts";

drop policy "chapters_select" on "public"."chapters";

drop policy "characters_select" on "public"."characters";

drop policy "feedback_select" on "public"."feedback";

drop policy "moodboards_select" on "public"."moodboards";

drop policy "performance_predictions_select" on "public"."performance_predictions";

drop policy "plot_overviews_select" on "public"."plot_overviews";

drop policy "projects_select" on "public"."projects";

drop policy "scenes_select" on "public"."scenes";

drop policy "scripts_select" on "public"."scripts";

drop policy "stories_select" on "public"."stories";

drop policy "universes_select" on "public"."universes";

drop policy "versions_select" on "public"."versions";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.visible_project_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select private.readable_project_ids()
    union
    select private.public_project_ids()
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
          array(select private.visible_project_ids());
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
               or c.project_id = any($9))
        limit $6
    $q$,
        case when english is not null then 'c.fts_english @@ $3'
             when simple is not null then 'c.fts @@ $4'
             else 'c.content like $5' end)
    using filter_organization_id, filter_book_id, english, simple,
          '%' || replace(replace(replace(coalesce(fragment, ''), '\', '\\'), '%', '\%'), '_', '\_') || '%',
          max_rows, sees_everything,
          case when not sees_everything then array(select private.my_org_ids()) end,
          case when not sees_everything then array(select private.visible_project_ids()) end;
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
        'select t.id from public.%I t where t.deleted_at is null and %s and ($3 or %s) limit $4',
        k.table_name,
        (select string_agg(format('(%s) ilike %L', k.document, p), ' and ') from unnest(patterns) p),
        k.scope)
    using case when not sees_everything then array(select private.my_org_ids()) end,
          case when not sees_everything then array(select private.visible_project_ids()) end,
          sees_everything, max_rows;
end
$function$
;

CREATE OR REPLACE FUNCTION private.studio_search_kinds()
 RETURNS TABLE(kind text, table_name text, title text, document text, project text, scope text)
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    values
        ('project', 'projects', 't.title',
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.description, '')$d$,
         't.id', 't.id = any($2)'),
        ('story', 'stories', $d$coalesce(t.title, t.logline, '')$d$,
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.logline, '') || ' ' || coalesce(t.synopsis, '')$d$,
         't.project_id', 't.project_id = any($2)'),
        ('scene', 'scenes', $d$coalesce(t.title, 'Scene ' || t.scene_number)$d$,
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.description, '') || ' ' || coalesce(t.location, '')$d$,
         't.project_id',
         '(t.project_id is null and t.organization_id = any($1)) or t.project_id = any($2)'),
        ('prompt', 'prompts', 't.title', $d$' ' || t.title || ' ' || t.content$d$,
         'null::uuid', 't.is_public or t.organization_id = any($1)'),
        ('asset', 'assets', $d$coalesce(t.title, t.original_name, t.filename)$d$,
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.description, '') || ' ' || coalesce(t.original_name, '')$d$,
         't.project_id',
         '(t.project_id is null and t.organization_id = any($1)) or t.project_id = any($2)')
$function$
;

CREATE OR REPLACE FUNCTION public.match_chapters(query_embedding extensions.vector, match_count integer DEFAULT 10, filter_organization_id uuid DEFAULT NULL::uuid, filter_book_id uuid DEFAULT NULL::uuid, filter_project_id uuid DEFAULT NULL::uuid, exact_below integer DEFAULT 2000)
 RETURNS TABLE(chapter_id uuid, book_id uuid, similarity double precision, passage_no integer, passage_start integer, passage_end integer)
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
 SET "hnsw.iterative_scan" TO 'relaxed_order'
 SET "hnsw.ef_search" TO '100'
AS $function$
declare
    k integer := least(greatest(coalesce(match_count, 10), 1), 500);
    filters text := concat_ws(' and ', 'true',
        case when filter_organization_id is not null then 'e.organization_id = $2' end,
        case when filter_book_id is not null then 'e.book_id = $3' end,
        case when filter_project_id is not null then 'e.project_id = $4' end);
    sees_everything boolean := (select r.rolbypassrls or r.rolsuper from pg_catalog.pg_roles r
                                where r.rolname = current_user);
    exact boolean;
    parts text [];
    own_indexes uuid [];
    projects uuid [];
    distance text;
    wanted integer := k * 4;
    fetched integer;
    chapters integer;
    ids uuid [];
    books uuid [];
    distances double precision [];
    numbers integer [];
    starts integer [];
    ends integer [];
begin
    if query_embedding is null then
        raise exception 'query_embedding is required' using errcode = '22023';
    end if;
    if not sees_everything then
        -- the parts of what the caller sees: each organization (walked through its own index
        -- when it has one), then the readable projects
        select array_agg(o) filter (where to_regclass('public.' || private.passage_index_name(o)) is not null),
               array_agg(format('e.organization_id = %L and e.project_id is null', o))
                   filter (where to_regclass('public.' || private.passage_index_name(o)) is null)
        into own_indexes, parts
        from private.my_org_ids() o
        where filter_project_id is null and (filter_organization_id is null or o = filter_organization_id);
        projects := array(select private.visible_project_ids());
        if cardinality(projects) > 0 then
            parts := parts || 'e.project_id = any($6)'::text;
        end if;
    end if;
    -- no need to count when an organization of the caller's has its own index (it holds at least
    -- half of passage_index_changes' line) and no book narrows the search, nor when the caller
    -- sees every passage, unfiltered, of a table ANALYZE found large
    exact := case
        when own_indexes is not null and filter_book_id is null then false
        when sees_everything and num_nonnulls(filter_organization_id, filter_book_id, filter_project_id) = 0
             and (select c.reltuples from pg_catalog.pg_class c
                  where c.oid = 'public.chapter_embeddings'::regclass) >= exact_below then false
        else private.chapter_candidates(filter_organization_id, filter_book_id, filter_project_id, exact_below)
             < exact_below
    end;
    loop
        -- the operator form lets the planner walk an HNSW index (scanning on until enough
        -- passages pass the filters and RLS); the function form keeps the indexes out
        distance := case when exact then 'extensions.cosine_distance(e.embedding, $1::extensions.halfvec(384))'
                         else 'e.embedding operator(extensions.<=>) $1::extensions.halfvec(384)' end;
        execute format($q$
            select count(*)::integer, count(distinct n.chapter_id)::integer,
                   array_agg(n.chapter_id order by n.distance), array_agg(n.book_id order by n.distance),
                   array_agg(n.distance order by n.distance), array_agg(n.passage_no order by n.distance),
                   array_agg(n.passage_start order by n.distance), array_agg(n.passage_end order by n.distance)
            from (select * from (%s) u order by u.distance limit $5) n
        $q$, array_to_string(
            array(select format($p$(select e.chapter_id, e.book_id, e.passage_no, e.passage_start, e.passage_end,
                                           %s as distance
                                    from public.chapter_embeddings e
                                    where %s and %s
                                    order by 6
                                    limit $5)$p$, distance, part, filters)
                  from unnest(case when exact or (parts is null and own_indexes is null) then array['true']
                                   else parts end) part)
            || array(select format('(select * from private.nearest_organization_passages(%L, '
                                   '$1::extensions.halfvec(384), $5, $3))', o)
                     from unnest(case when exact then null else own_indexes end) o),
            ' union all '))
        into fetched, chapters, ids, books, distances, numbers, starts, ends
        using query_embedding, filter_organization_id, filter_book_id, filter_project_id, wanted, projects;
        exit when chapters >= k or (exact and fetched < wanted);
        -- a walk stopped short (hnsw.max_scan_tuples) or went far enough: the exact scan
        if not exact and (fetched < wanted or wanted >= 8000) then
            exact := true;
            wanted := k * 4;
        else
            wanted := wanted * 4;
        end if;
    end loop;
    return query
    select b.chapter_id, b.book_id, 1 - b.distance, b.passage_no, b.passage_start, b.passage_end
    from (select distinct on (u.chapter_id) u.*
          from unnest(ids, books, distances, numbers, starts, ends)
               as u (chapter_id, book_id, distance, passage_no, passage_start, passage_end)
          order by u.chapter_id, u.distance) b
    order by b.distance
    limit k;
end
$function$
;

drop policy if exists "animations_select" on "public"."animations";

create policy "animations_select"
on "public"."animations"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids))))));


drop policy if exists "asset_versions_select" on "public"."asset_versions";

create policy "asset_versions_select"
on "public"."asset_versions"
as permissive
for select
to anon, authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids)))));


drop policy if exists "assets_select" on "public"."assets";

create policy "assets_select"
on "public"."assets"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids))))));


drop policy if exists "book_structure_select" on "public"."book_structure";

create policy "book_structure_select"
on "public"."book_structure"
as permissive
for select
to anon, authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids)))));


drop policy if exists "books_select" on "public"."books";

create policy "books_select"
on "public"."books"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids))))));


drop policy if exists "brand_policies_select" on "public"."brand_policies";

create policy "brand_policies_select"
on "public"."brand_policies"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids))))));


drop policy if exists "chapter_embeddings_select" on "public"."chapter_embeddings";

create policy "chapter_embeddings_select"
on "public"."chapter_embeddings"
as permissive
for select
to anon, authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids)))));


drop policy if exists "chapter_scripts_select" on "public"."chapter_scripts";

create policy "chapter_scripts_select"
on "public"."chapter_scripts"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids))))));


drop policy if exists "chapters_select" on "public"."chapters";

create policy "chapters_select"
on "public"."chapters"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids))))));


drop policy if exists "characters_select" on "public"."characters";

create policy "characters_select"
on "public"."characters"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids))))));


drop policy if exists "feedback_select" on "public"."feedback";

create policy "feedback_select"
on "public"."feedback"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids))))));


drop policy if exists "moodboards_select" on "public"."moodboards";

create policy "moodboards_select"
on "public"."moodboards"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids))))));


drop policy if exists "performance_predictions_select" on "public"."performance_predictions";

create policy "performance_predictions_select"
on "public"."performance_predictions"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids))))));


drop policy if exists "plot_overviews_select" on "public"."plot_overviews";

create policy "plot_overviews_select"
on "public"."plot_overviews"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids))))));


drop policy if exists "projects_select" on "public"."projects";

create policy "projects_select"
on "public"."projects"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) AND ((visibility <> 'private'::text) OR (created_by = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))))) OR (id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids))))));


drop policy if exists "scenes_select" on "public"."scenes";

create policy "scenes_select"
on "public"."scenes"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids))))));


drop policy if exists "scripts_select" on "public"."scripts";

create policy "scripts_select"
on "public"."scripts"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids))))));


drop policy if exists "stories_select" on "public"."stories";

create policy "stories_select"
on "public"."stories"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids))))));


drop policy if exists "universes_select" on "public"."universes";

create policy "universes_select"
on "public"."universes"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids))))));


drop policy if exists "versions_select" on "public"."versions";

create policy "versions_select"
on "public"."versions"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.visible_project_ids() AS visible_project_ids))))));

grant execute on function private.visible_project_ids() to anon;
grant execute on function private.visible_project_ids() to authenticated;
grant execute on function private.visible_project_ids() to service_role;
