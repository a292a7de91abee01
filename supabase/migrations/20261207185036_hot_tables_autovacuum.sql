-- Vacuum and page room for the tables written most (issue 28, docs/scaling.md). Autovacuum's
-- defaults (vacuum at 20 % dead rows, analyze at 10 %) let a big, hot table carry millions of
-- dead rows between runs, and let insert-only tables go long without a vacuum (their
-- visibility map, which index-only scans and cheap freezing need, lags). Thresholds here are
-- absolute where a table's hot part is small and its size large.
-- Supabase allows these storage parameters (ALTER TABLE … SET) on the project's own tables.

-- one row per organization, updated by every debit, hold and release: room for HOT updates
-- (no indexed column changes) and a vacuum every 2,000 dead rows whatever the table's size
alter table public.credit_balances set (
    fillfactor = 70,
    autovacuum_vacuum_scale_factor = 0.0,
    autovacuum_vacuum_threshold = 2000,
    autovacuum_analyze_scale_factor = 0.05
);

-- the append-only ledger: vacuumed after 2 % new rows (visibility map for index-only scans,
-- freezing in small steps instead of one anti-wraparound pass over years of rows)
alter table public.credit_transactions set (
    autovacuum_vacuum_insert_scale_factor = 0.02,
    autovacuum_analyze_scale_factor = 0.02
);

-- counters bumped by every view, like, completion and rating: HOT room
alter table public.contents set (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.05);
alter table public.content_daily_stats set (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.05);
-- vote and comment counters
alter table public.discussions set (fillfactor = 85, autovacuum_vacuum_scale_factor = 0.05);

-- progress reports every few seconds while a viewer watches (watched_at is indexed: not HOT)
alter table public.watch_history set (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);

-- mostly inserts (the unread count is an index-only scan: it needs the visibility map), then
-- read_at set once
alter table public.notifications set (
    autovacuum_vacuum_scale_factor = 0.02,
    autovacuum_vacuum_insert_scale_factor = 0.02,
    autovacuum_analyze_scale_factor = 0.02
);

-- rewritten by the minute duties (trending ranks move; a viewer's matches are replaced)
alter table private.content_trending set (
    fillfactor = 80,
    autovacuum_vacuum_scale_factor = 0.0,
    autovacuum_vacuum_threshold = 5000,
    autovacuum_analyze_scale_factor = 0.1
);
alter table private.content_match_scores set (
    autovacuum_vacuum_scale_factor = 0.0,
    autovacuum_vacuum_threshold = 10000,
    autovacuum_analyze_scale_factor = 0.05
);
alter table private.viewer_tastes set (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.05);

-- the duty registry: a few dozen rows, each updated at every run
alter table private.duties set (
    fillfactor = 50,
    autovacuum_vacuum_scale_factor = 0.0,
    autovacuum_vacuum_threshold = 200
);
