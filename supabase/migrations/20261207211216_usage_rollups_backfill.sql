-- Backfill of model_metrics' new columns (and the days of events without a model, which it
-- did not count before): the rollup duty itself, once, over every day that still has events
-- (set-based: one pass over the events). Days whose partitions were detached keep their rows,
-- with zeros in the new columns.
select private.refresh_usage_rollups(
    coalesce(
        (private.now() at time zone 'UTC')::date
        - (select min(e.occurred_at at time zone 'UTC')::date from public.usage_events e) + 1,
        1
    )
);
