-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.recent_content_stats(since date)
 RETURNS TABLE(content_id uuid, viewers bigint, likes bigint, completions bigint)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select s.content_id, sum(s.viewers)::bigint, sum(s.likes)::bigint, sum(s.completions)::bigint
    from public.content_daily_stats s
    join public.contents c on c.id = s.content_id
    where s.day >= since
      and (not (select private.called_by_client())  -- the service role and analysts see everything, as under RLS
           or (c.project_deleted_at is null
               and ((c.status = 'published' and c.visibility_rank <= (select private.my_watch_rank()))
                    or c.project_id = any(array(select private.readable_project_ids())))))
    group by s.content_id
$function$
;
