-- Watch trending and match scores are read on every catalogue visit; computed live they cost
-- O(contents) per read (an aggregate over 7 days of stats; a cosine per embedded content).
-- They are precomputed here by timed duties (supabase/functions/watch.sql:
-- private.refresh_trending_contents, private.refresh_content_matches) and read through an
-- index by the public views; docs/marketplaces.md gives the staleness.

-- Trending of every published content: 7-day activity, score, and rank among all of them.
create table private.content_trending (
    content_id uuid primary key references public.contents (id) on delete cascade,
    viewers_7d bigint not null,
    likes_7d bigint not null,
    completions_7d bigint not null,
    trending_score bigint not null,
    trending_rank bigint not null
);
comment on table private.content_trending is
    'Trending of published contents, rewritten by the refresh_trending_contents duty; read through public.trending_contents.';
create index content_trending_rank_idx on private.content_trending (trending_rank, content_id);
alter table private.content_trending enable row level security;
grant select on private.content_trending to anon, authenticated;
grant all on private.content_trending to service_role;

-- Each viewer's best matches (the top of their ranking), rewritten when their taste is stale.
create table private.content_match_scores (
    user_id uuid not null references auth.users (id) on delete cascade,
    content_id uuid not null references public.contents (id) on delete cascade,
    match_score integer not null check (match_score between 0 and 100),
    watched boolean not null,
    primary key (user_id, content_id)
);
comment on table private.content_match_scores is
    'A viewer''s top matches, rewritten by the refresh_content_matches duty; read through public.content_matches.';
create index content_match_scores_ranking_idx on private.content_match_scores (user_id, match_score desc, content_id);
alter table private.content_match_scores enable row level security;
grant select on private.content_match_scores to authenticated;
grant all on private.content_match_scores to service_role;

-- Whose match scores need recomputing: stale when their history gained or lost a content;
-- every list is also recomputed once a day (new contents, new embeddings).
create table private.viewer_tastes (
    user_id uuid primary key references auth.users (id) on delete cascade,
    stale boolean not null default true,
    refreshed_at timestamptz
);
comment on table private.viewer_tastes is
    'Viewers whose match scores exist or are due; marked stale by watch_history, refreshed by refresh_content_matches.';
create index viewer_tastes_stale_idx on private.viewer_tastes (user_id) where stale;
create index viewer_tastes_refreshed_at_idx on private.viewer_tastes (refreshed_at);
alter table private.viewer_tastes enable row level security;
revoke all on private.viewer_tastes from anon, authenticated;
grant all on private.viewer_tastes to service_role;

-- every viewer with history is due at the first run
insert into private.viewer_tastes (user_id) select distinct h.user_id from public.watch_history h;
