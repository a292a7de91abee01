-- model_metrics carries everything analytics.cost_by_provider_model reports, so the view reads
-- the daily rollup (a month is ~30 rows per provider and model) instead of every usage event
-- ever recorded. Sums and counts, not averages: a month's average is its days' sums over their
-- counts, exactly what an average over the month's events gives.
alter table public.model_metrics
    add column input_tokens bigint not null default 0,
    add column output_tokens bigint not null default 0,
    add column credits bigint not null default 0,
    add column duration_ms_sum bigint not null default 0,
    add column duration_count bigint not null default 0;
comment on column public.model_metrics.model_name is
'The events'' model; '''' for events that name none (analytics.cost_by_provider_model shows them as unknown).';
comment on column public.model_metrics.provider is
'The events'' provider; '''' for events that name none (analytics.cost_by_provider_model shows them as unknown).';
comment on column public.model_metrics.duration_ms_sum is
'Sum of the day''s event durations that were reported; with duration_count, the exact average over any span of days.';
comment on column public.model_metrics.duration_count is 'How many of the day''s events reported a duration.';

-- An analyst's month: the view's `month` expression, indexed (immutable: date to timestamp).
create index model_metrics_month_idx on public.model_metrics ((date_trunc('month', date::timestamp)::date));

-- The rollup duty's reads: the window's events by occurred_at, and late events (occurred
-- before the window, recorded in it) by recorded_at. Events are appended roughly in both
-- orders, so a block-range index finds them in a few pages per partition (no B-tree to keep
-- on every insert); before it the duty read the whole current month's partition.
create index usage_events_times_brin on public.usage_events using brin (occurred_at, recorded_at);
