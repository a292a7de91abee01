-- Trending and match scores are precomputed (20261207183631_watch_precomputed_rankings.sql):
-- the duties that keep them (supabase/functions/watch.sql). Trending's batch is its window in
-- days; match scores handle at most 200 viewers per run and drain a backlog at every tick.
insert into private.duties (name, description, kind, function_name, every, cron, timezone, batch_size, drains,
                            may_run_concurrently) values
('refresh_trending_contents', 'Trending of every published content (last 7 UTC days of activity, score and rank) rewritten where it changed.',
 'sql', 'private.refresh_trending_contents', interval '1 minute', null, 'UTC', 7, false, false),
('refresh_content_matches', 'Match scores of viewers whose history changed (or a day old) recomputed: their best 200.',
 'sql', 'private.refresh_content_matches', interval '1 minute', null, 'UTC', 200, true, false);
