-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.mark_taste_stale()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    changed record := case tg_op when 'INSERT' then new else old end;
begin
    -- not for a viewer being deleted (their history goes by cascade)
    insert into private.viewer_tastes as t (user_id)
    select changed.user_id where exists (select from auth.users u where u.id = changed.user_id)
    on conflict (user_id) do update set stale = true where not t.stale;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.refresh_content_matches(p_batch integer)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    viewer uuid;
    handled integer := 0;
begin
    for viewer in
        select t.user_id from private.viewer_tastes t
        where t.stale or t.refreshed_at < private.now() - interval '1 day'
        order by t.stale desc, t.refreshed_at nulls first
        limit p_batch
        for update skip locked
    loop
        delete from private.content_match_scores m where m.user_id = viewer;
        insert into private.content_match_scores (user_id, content_id, match_score, watched)
        with watched as (
            select distinct h.content_id from public.watch_history h where h.user_id = viewer
        ),

        taste as (
            select extensions.avg(c.embedding) as embedding
            from watched w
            join public.contents c on c.id = w.content_id
            where c.embedding is not null
        )

        select viewer, c.id,
               greatest(0, round(100 * (1 - (c.embedding operator(extensions.<=>) t.embedding))))::integer,
               c.id in (select w.content_id from watched w)
        from public.contents c
        cross join taste t
        where c.status = 'published' and c.project_deleted_at is null and c.embedding is not null
          and t.embedding is not null
        order by c.embedding operator(extensions.<=>) t.embedding, c.id
        limit 200;
        update private.viewer_tastes t set stale = false, refreshed_at = private.now() where t.user_id = viewer;
        handled := handled + 1;
    end loop;
    return handled;
end
$function$
;

CREATE OR REPLACE FUNCTION private.refresh_trending_contents(p_batch integer)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    written integer;
    removed integer;
begin
    with scored as (
        select c.id as content_id,
               coalesce(r.viewers, 0) as viewers,
               coalesce(r.likes, 0) as likes,
               coalesce(r.completions, 0) as completions,
               coalesce(r.viewers + 2 * r.likes + 3 * r.completions, 0) as score
        from public.contents c
        left join private.recent_content_stats((private.now() at time zone 'UTC')::date - (greatest(p_batch, 1) - 1)) r
            on r.content_id = c.id
        where c.status = 'published' and c.project_deleted_at is null
    )
    insert into private.content_trending as t (
        content_id, viewers_7d, likes_7d, completions_7d, trending_score, trending_rank
    )
    select s.content_id, s.viewers, s.likes, s.completions, s.score, rank() over (order by s.score desc)
    from scored s
    on conflict (content_id) do update
    set viewers_7d = excluded.viewers_7d, likes_7d = excluded.likes_7d, completions_7d = excluded.completions_7d,
        trending_score = excluded.trending_score, trending_rank = excluded.trending_rank
    where (t.viewers_7d, t.likes_7d, t.completions_7d, t.trending_score, t.trending_rank)
          is distinct from (excluded.viewers_7d, excluded.likes_7d, excluded.completions_7d,
                            excluded.trending_score, excluded.trending_rank);
    get diagnostics written = row_count;

    delete from private.content_trending t
    using public.contents c
    where c.id = t.content_id and not (c.status = 'published' and c.project_deleted_at is null);
    get diagnostics removed = row_count;
    return written + removed;
end
$function$
;

create or replace view "public"."content_matches" with (security_invoker=true) as  SELECT c.id AS content_id,
    c.title,
    c.slug,
    c.type,
    c.genre,
    c.visibility,
    c.poster_url,
    m.match_score,
    m.watched
   FROM private.content_match_scores m
     JOIN public.contents c ON c.id = m.content_id
  WHERE m.user_id = (( SELECT auth.uid() AS uid)) AND c.status = 'published'::text AND c.embedding IS NOT NULL;


create or replace view "public"."trending_contents" with (security_invoker=true) as  SELECT c.id AS content_id,
    c.title,
    c.slug,
    c.type,
    c.genre,
    c.visibility,
    c.poster_url,
    c.thumbnail_url,
    c.average_rating,
    t.viewers_7d,
    t.likes_7d,
    t.completions_7d,
    t.trending_score,
    t.trending_rank
   FROM private.content_trending t
     JOIN public.contents c ON c.id = t.content_id
  WHERE c.status = 'published'::text;


CREATE TRIGGER mark_taste_stale AFTER INSERT OR DELETE ON public.watch_history FOR EACH ROW EXECUTE FUNCTION private.mark_taste_stale();

drop policy if exists "content_match_scores_own" on "private"."content_match_scores";

create policy "content_match_scores_own"
on "private"."content_match_scores"
as permissive
for select
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "content_trending_select" on "private"."content_trending";

create policy "content_trending_select"
on "private"."content_trending"
as permissive
for select
to anon, authenticated
using (true);

grant execute on function private.refresh_content_matches(integer) to service_role;
grant execute on function private.refresh_trending_contents(integer) to service_role;
