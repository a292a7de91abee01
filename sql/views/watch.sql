-- Watch views. The app reads the public.* views with the caller's rights (security_invoker),
-- so a viewer only ever ranks, matches or resumes content their plan lets them see.
-- Privileges: the write privileges Supabase's defaults grant are revoked by name (not `all`),
-- so that the grants read the same on PostgreSQL 15 and on 17+ (whose MAINTAIN stays as the
-- defaults give it; `creatorverse db diff` leaves MAINTAIN alone).

-- Trending: the last 7 UTC days (today included) of deduplicated activity,
-- score = distinct daily viewers + 2 × new likes (net of unlikes) + 3 × completions, rank among
-- every published content. Precomputed by the refresh_trending_contents duty (as old as its last
-- run); a page reads the rank index, and the contents policy keeps what the caller may see.
create or replace view public.trending_contents with (security_invoker = true) as
select
    c.id as content_id,
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
from private.content_trending t
join public.contents c on c.id = t.content_id
where c.status = 'published';
revoke insert, update, delete, truncate, references, trigger on public.trending_contents from anon, authenticated;
grant select on public.trending_contents to anon, authenticated, service_role;

-- Match score for the caller: the taste vector is the mean of the embeddings of every
-- content they have watched (any progress); match_score = round(100 × cosine similarity)
-- with each published, embedded content, floored at 0; their best 200. No history: no rows.
-- Precomputed by the refresh_content_matches duty when their history changes (and daily).
create or replace view public.content_matches with (security_invoker = true) as
select
    c.id as content_id,
    c.title,
    c.slug,
    c.type,
    c.genre,
    c.visibility,
    c.poster_url,
    m.match_score,
    m.watched
from private.content_match_scores m
join public.contents c on c.id = m.content_id
where m.user_id = (select auth.uid()) and c.status = 'published' and c.embedding is not null;
revoke insert, update, delete, truncate, references, trigger on public.content_matches from anon, authenticated;
revoke select on public.content_matches from anon;
grant select on public.content_matches to authenticated, service_role;

-- Continue watching: per content, the caller's most recent position, unless it is finished.
-- Read newest first through watch_history_user_idx, a position is the content's latest when no
-- later one of the same content exists (by watch_history's unique key): a page costs its own
-- rows, not the caller's whole history.
create or replace view public.continue_watching with (security_invoker = true) as
select
    h.content_id,
    h.episode_id,
    c.title,
    c.type,
    c.poster_url,
    e.season_number,
    e.episode_number,
    e.title as episode_title,
    h.progress_seconds,
    h.duration_seconds,
    h.progress_percent,
    h.completed,
    h.watched_at
from public.watch_history as h
inner join public.contents as c on h.content_id = c.id
left join public.content_episodes as e on h.episode_id = e.id
where
    h.user_id = (select auth.uid())
    and not h.completed
    and h.progress_seconds > 0
    and not exists (
        select from public.watch_history as later
        where
            later.user_id = h.user_id
            and later.content_id = h.content_id
            and (later.watched_at, later.id) > (h.watched_at, h.id)
    )
order by h.watched_at desc;
revoke insert, update, delete, truncate, references, trigger on public.continue_watching from anon, authenticated;
revoke select on public.continue_watching from anon;
grant select on public.continue_watching to authenticated, service_role;

-- Analysts: engagement by IP project and genre — views (deduplicated per viewer and day),
-- viewers who started, completion rate (completed / started watch rows), likes, ratings.
-- Each content's history is counted through watch_history_content_idx (lateral; index-only, it
-- carries user_id and completed), so an analyst's project reads that project's history, not the
-- whole platform's.
create or replace view analytics.content_engagement as
select
    c.project_id,
    p.title as project_title,
    coalesce(c.genre, 'unknown') as genre,
    count(*) as contents,
    count(*) filter (where c.status = 'published') as published,
    sum(c.view_count)::bigint as views,
    coalesce(sum(pc.viewers), 0)::bigint as viewers,
    coalesce(sum(pc.started), 0)::bigint as started,
    coalesce(sum(pc.completed), 0)::bigint as completed,
    round(sum(pc.completed)::numeric / nullif(sum(pc.started), 0), 4) as completion_rate,
    sum(c.like_count)::bigint as likes,
    sum(c.rating_count)::bigint as ratings,
    round(sum(c.rating_sum)::numeric / nullif(sum(c.rating_count), 0), 2) as average_rating
from public.contents c
join public.projects p on p.id = c.project_id
cross join lateral (
    select
        count(distinct h.user_id) as viewers,
        count(*) as started,
        count(*) filter (where h.completed) as completed
    from public.watch_history h
    where h.content_id = c.id
) pc
group by c.project_id, p.title, coalesce(c.genre, 'unknown');
grant select on analytics.content_engagement to analyst, service_role;
