-- Timed duties: every rule of the platform that depends on the clock is one row here, run by
-- the elected scheduler (creatorverse.workers.duties). A row holds what the duty is (its
-- function, cadence, batch bound) and how its last run went; the row is also the duty's lock
-- (`for update skip locked` while a run's transaction is open), so two schedulers never run
-- the same duty and a crashed run leaves the row as it was (its transaction rolls back).
create table private.duties (
    name text primary key check (name ~ '^[a-z][a-z0-9_]{0,62}$'),
    description text not null check (length(description) between 1 and 500),
    -- 'sql': the scheduler calls function_name(batch_size) in the run's transaction; it returns
    -- the rows it affected. 'python': a handler of creatorverse.workers.duties (storage, indexes
    -- built concurrently) runs while the row is locked.
    kind text not null default 'sql' check (kind in ('sql', 'python')),
    function_name text check (function_name ~ '^[a-z_]+\.[a-z][a-z0-9_]*$'),
    every interval check (every > interval '0'),
    cron text check (length(cron) <= 100),
    timezone text not null default 'UTC' check (length(timezone) <= 64),
    batch_size integer not null check (batch_size between 1 and 100000),
    -- a run that affected a full batch leaves a backlog: due again at the next tick
    drains boolean not null default true,
    -- runs on its own connection beside the other duties (long: index builds, storage I/O)
    may_run_concurrently boolean not null default false,
    enabled boolean not null default true,
    next_due_at timestamptz not null default now(),  -- due at the first tick after it is added
    last_started_at timestamptz,
    last_finished_at timestamptz,
    last_succeeded_at timestamptz,
    last_duration_ms integer,
    last_rows integer,
    last_error text check (length(last_error) <= 2000),
    consecutive_failures integer not null default 0 check (consecutive_failures >= 0),
    runs bigint not null default 0,
    check (num_nonnulls(every, cron) = 1),
    check ((kind = 'sql') = (function_name is not null))
);
comment on table private.duties is
'Timed duties run by the elected scheduler: definition (rows added by migrations) and run state. docs/duties.md.';
revoke all on private.duties from public, anon, authenticated, service_role;

insert into private.duties (name, description, kind, function_name, every, cron, timezone, batch_size, drains,
                            may_run_concurrently) values
('reap_jobs', 'Expired job leases: cancelled if asked, dead-lettered when out of attempts, else ready again.',
 'sql', 'public.job_reap', interval '1 minute', null, 'UTC', 500, true, false),
('expire_credit_holds', 'Credit holds past their expiry are released to their buckets.',
 'sql', 'public.credits_expire_holds', interval '5 minutes', null, 'UTC', 500, true, false),
('maintain_partitions', 'Monthly partitions of every partitioned table for this month and the next (batch = months ahead).',
 'sql', 'private.maintain_partitions', null, '0 3 * * *', 'UTC', 3, false, false),
('refresh_daily_usage', 'analytics.daily_usage, refreshed concurrently (batch unused by a refresh: 1).',
 'sql', 'private.refresh_daily_usage', interval '5 minutes', null, 'UTC', 1, false, false),
('cleanup_worker_heartbeats', 'Heartbeat rows of workers not seen for a day.',
 'sql', 'private.cleanup_worker_heartbeats', interval '1 hour', null, 'UTC', 1000, true, false),
('sync_passage_indexes', 'Per-organization passage indexes built or dropped concurrently (docs/studio.md, Search).',
 'python', null, interval '5 minutes', null, 'UTC', 2000, false, true),
('start_credit_periods', 'Monthly credit period of every organization not billed by a live Stripe subscription: rollover kept by the ending plan''s rule, the rest expired, the plan''s allowance granted.',
 'sql', 'private.start_credit_periods', interval '5 minutes', null, 'UTC', 500, true, false),
('settle_campaigns', 'Active campaigns past their end date: funded, or failed with every investment refunded.',
 'sql', 'private.settle_campaigns', interval '1 minute', null, 'UTC', 50, true, false),
('expire_investment_holds', 'Unpaid pledges past their hold are cancelled: their tier slots come back.',
 'sql', 'private.expire_investment_holds', interval '1 minute', null, 'UTC', 500, true, false),
('expire_license_agreements', 'Active licence agreements past their end date expire.',
 'sql', 'private.expire_license_agreements', null, '5 0 * * *', 'UTC', 500, true, false),
('send_event_reminders', 'Members going to or interested in an event starting within 24 hours are reminded once.',
 'sql', 'private.send_event_reminders', interval '5 minutes', null, 'UTC', 500, true, false),
('award_tenure_badges', 'Community members past a tenure badge''s days get it.',
 'sql', 'private.award_tenure_badges', null, '15 0 * * *', 'UTC', 1000, true, false),
('refresh_usage_rollups', 'model_metrics per model and day and cost_aggregations per organization and user and month, recomputed for the last days (batch = days back).',
 'sql', 'private.refresh_usage_rollups', interval '15 minutes', null, 'UTC', 2, false, false),
('expire_invitations', 'Pending invitations past their expiry become expired.',
 'sql', 'private.expire_invitations', interval '15 minutes', null, 'UTC', 1000, true, false),
('cleanup_storage_orphans', 'Files of assets deleted or failed more than 7 days ago removed from the storage backend; the rows marked purged.',
 'python', null, interval '1 hour', null, 'UTC', 200, true, true);

-- the duties' own scans
create index credit_balances_next_reset_idx on public.credit_balances (next_reset_at);
create index license_agreements_ending_idx on public.license_agreements (end_date) where status = 'active';
create index invitations_expiring_idx on public.invitations (expires_at) where status = 'pending';

-- A deleted or failed asset's file is removed from storage after a grace period; the row
-- stays (history, references) with the time its file went.
alter table public.assets add column storage_purged_at timestamptz;
create index assets_storage_orphans_idx on public.assets (coalesce(deleted_at, updated_at))
where storage_purged_at is null and (deleted_at is not null or status = 'failed');
