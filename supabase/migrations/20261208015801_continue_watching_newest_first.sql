-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

create or replace view "public"."continue_watching" with (security_invoker=true) as  SELECT h.content_id,
    h.episode_id,
    c.title,
    c.type,
    c.poster_url,
    e.season_number,
    e.episode_number,
    e.title AS episode_title,
    h.progress_seconds,
    h.duration_seconds,
    h.progress_percent,
    h.completed,
    h.watched_at
   FROM public.watch_history h
     JOIN public.contents c ON h.content_id = c.id
     LEFT JOIN public.content_episodes e ON h.episode_id = e.id
  WHERE h.user_id = (( SELECT auth.uid() AS uid)) AND NOT h.completed AND h.progress_seconds > 0 AND NOT (EXISTS ( SELECT
           FROM public.watch_history later
          WHERE later.user_id = h.user_id AND later.content_id = h.content_id AND ((ROW(later.watched_at, later.id) > ROW(h.watched_at, h.id)))))
  ORDER BY h.watched_at DESC;
