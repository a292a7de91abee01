-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.refresh_content_matches(p_batch integer)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    viewer uuid;
    watched uuid [];
    taste extensions.vector;
    handled integer := 0;
begin
    for viewer in
        select t.user_id from private.viewer_tastes t
        where t.stale or t.refreshed_at < private.now() - interval '1 day'
        order by t.stale desc, t.refreshed_at nulls first
        limit p_batch
        for update skip locked
    loop
        -- the taste first, into a variable: one scan of the catalogue per viewer, whatever plan
        -- the cached statement gets (a join to the aggregate was re-run for every content)
        watched := array(select distinct h.content_id from public.watch_history h where h.user_id = viewer);
        select extensions.avg(c.embedding) into taste
        from public.contents c where c.id = any(watched) and c.embedding is not null;
        delete from private.content_match_scores m where m.user_id = viewer;
        insert into private.content_match_scores (user_id, content_id, match_score, watched)
        select viewer, c.id, greatest(0, round(100 * (1 - (c.embedding operator(extensions.<=>) taste))))::integer,
               c.id = any(watched)
        from public.contents c
        where taste is not null
          and c.status = 'published' and c.project_deleted_at is null and c.embedding is not null
        order by c.embedding operator(extensions.<=>) taste, c.id
        limit 200;
        update private.viewer_tastes t set stale = false, refreshed_at = private.now() where t.user_id = viewer;
        handled := handled + 1;
    end loop;
    return handled;
end
$function$
;
