-- The generation engine: one domain table for every kind of generated media, the job
-- queue that runs them, job logs, webhook outbox and deliveries, cron schedules, worker
-- heartbeats. Functions are in supabase/functions/generation.sql, policies in
-- supabase/policies/generation.sql; docs/generation.md explains the design.
--
-- Clients watch public.generations (Supabase Realtime); workers work from
-- private.job_queue, a small hot table that holds only unfinished jobs.

-- ---------------------------------------------------------------------------
-- Kinds and prices
-- ---------------------------------------------------------------------------

-- What can be generated, and how the queue treats it.
create table public.generation_kinds (
    kind text primary key check (kind ~ '^[a-z][a-z0-9_]{0,39}$'),
    description text not null,
    -- usage_events.resource_type of a completed generation (null: not metered)
    resource_type text check (resource_type in (
        'llm_tokens', 'image', 'audio', 'video', 'lipsync', 'merge', 'render_seconds', 'kai_credits'
    )),
    client_requestable boolean not null default true,
    max_attempts integer not null default 3 check (max_attempts between 1 and 25),
    lease_seconds integer not null default 60 check (lease_seconds between 5 and 3600),
    backoff_base_seconds numeric not null default 5 check (backoff_base_seconds > 0),
    backoff_cap_seconds numeric not null default 600 check (backoff_cap_seconds > 0),
    -- how long the credit hold may stay open; the queue settles it long before (backstop)
    hold_for interval not null default interval '2 days'
    check (hold_for > interval '0' and hold_for <= interval '7 days')
);

insert into public.generation_kinds (kind, description, resource_type, client_requestable, max_attempts, lease_seconds) values
('image', 'a still image (storyboard frame, character sheet, moodboard image)', 'image', true, 3, 120),
('audio', 'speech, music or sound for a scene', 'audio', true, 3, 120),
('video', 'a whole video: the parent of its scenes'' generations', 'video', true, 3, 300),
('scene_video', 'the video of one scene', 'video', true, 3, 300),
('lipsync', 'speech lip-synced onto a scene video', 'lipsync', true, 3, 300),
('merge', 'scene videos and audio merged into one file (ffmpeg)', 'merge', true, 3, 300),
('render', 'a template or workflow render: video, thumbnail and subtitles', 'render_seconds', true, 3, 300),
('kai', 'a KAI generation (image, video or text) with KAI credits', 'kai_credits', true, 3, 120),
('text', 'script or scene text written by a language model', 'llm_tokens', true, 3, 120),
('noop', 'does nothing: health checks and queue benchmarks', null, false, 3, 60);

-- Credits per unit, by kind, provider and model ('' = any). The request RPC estimates the
-- cost from here; clients never name a price.
create table public.generation_prices (
    kind text not null references public.generation_kinds (kind) on delete cascade,
    provider text not null default '',
    model text not null default '',
    credits_per_unit bigint not null check (credits_per_unit >= 0),
    usd_per_unit numeric(12, 6) not null default 0 check (usd_per_unit >= 0),
    unit text not null default 'item',
    primary key (kind, provider, model)
);

insert into public.generation_prices (kind, credits_per_unit, usd_per_unit, unit) values
('image', 4, 0.04, 'image'),
('audio', 1, 0.01, 'ten seconds'),
('video', 0, 0, 'video'),
('scene_video', 10, 0.10, 'scene'),
('lipsync', 8, 0.08, 'scene'),
('merge', 2, 0.0, 'merge'),
('render', 1, 0.01, 'ten seconds'),
('kai', 1, 0.01, 'KAI credit'),
('text', 1, 0.002, 'thousand tokens'),
('noop', 0, 0, 'job');

-- ---------------------------------------------------------------------------
-- The domain row clients watch
-- ---------------------------------------------------------------------------

create table public.generations (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete cascade,
    user_id uuid references auth.users (id) on delete set null,
    kind text not null references public.generation_kinds (kind),
    -- image_type, audio_type, merge_type, quality_tier, KAI type: a free sub-kind
    variant text check (length(variant) <= 60),
    parent_id uuid references public.generations (id) on delete cascade,
    -- what it is for
    chapter_id uuid references public.chapters (id) on delete set null,
    script_id uuid references public.scripts (id) on delete set null,
    scene_id uuid references public.scenes (id) on delete set null,
    moodboard_id uuid references public.moodboards (id) on delete set null,
    animation_id uuid references public.animations (id) on delete set null,
    scene_number integer check (scene_number > 0),
    -- the request
    provider text check (length(provider) <= 60),
    model text check (length(model) <= 120),
    prompt text check (length(prompt) <= 20000),
    params jsonb not null default '{}' check (jsonb_typeof(params) = 'object'),
    units numeric not null default 1 check (units > 0),
    priority smallint not null default 0 check (priority between -100 and 100),
    dedup_key text check (length(dedup_key) between 1 and 200),
    -- state
    status text not null default 'queued' check (status in (
        'queued', 'running', 'retrying', 'succeeded', 'failed', 'cancelled'
    )),
    progress numeric(5, 2) not null default 0 check (progress between 0 and 100),
    current_step text check (length(current_step) <= 200),
    last_completed_step text check (length(last_completed_step) <= 200),
    total_steps integer check (total_steps >= 0),
    completed_steps integer not null default 0 check (completed_steps >= 0),
    attempts integer not null default 0 check (attempts >= 0),
    max_attempts integer not null check (max_attempts between 1 and 25),
    error_code text,
    error_message text,
    cancel_requested_at timestamptz,
    external_job_id text,
    estimated_completion_at timestamptz,
    -- money: credits are the platform's unit, USD what the provider charged
    hold_id uuid references public.credit_holds (id),
    estimated_credits bigint not null default 0 check (estimated_credits >= 0),
    actual_credits bigint check (actual_credits >= 0),
    estimated_cost_usd numeric(14, 6) not null default 0 check (estimated_cost_usd >= 0),
    actual_cost_usd numeric(14, 6) check (actual_cost_usd >= 0),
    cost_tokens bigint not null default 0 check (cost_tokens >= 0),
    cost_render_seconds bigint not null default 0 check (cost_render_seconds >= 0),
    cost_kai_credits bigint not null default 0 check (cost_kai_credits >= 0),
    -- the result
    output_url text,
    thumbnail_url text,
    subtitles_url text,
    output_asset_id uuid references public.assets (id) on delete set null,
    result jsonb not null default '{}' check (jsonb_typeof(result) = 'object'),
    duration_ms bigint check (duration_ms >= 0),
    size_bytes bigint check (size_bytes >= 0),
    metadata jsonb not null default '{}' check (jsonb_typeof(metadata) = 'object'),
    -- timings
    created_at timestamptz not null default now(),
    queued_at timestamptz not null default now(),
    started_at timestamptz,
    completed_at timestamptz,
    failed_at timestamptz,
    cancelled_at timestamptz,
    updated_at timestamptz not null default now(),
    deleted_at timestamptz,
    check (parent_id <> id),
    check (completed_steps <= coalesce(total_steps, completed_steps))
) with (
    -- rows change a few times right after insert (claimed, progress, done): room on the page
    -- keeps those updates HOT. No index covers status, progress or timings, for the same reason.
    fillfactor = 85
);
comment on table public.generations is
'Every generated thing (image, audio, video, scene video, lip-sync, merge, render, KAI, text), one row each: '
'status, progress and cost as clients watch them. The work itself is queued in private.job_queue.';
create unique index generations_dedup_key on public.generations (organization_id, dedup_key)
where dedup_key is not null;
create index generations_organization_idx on public.generations (organization_id, created_at desc);
create index generations_project_idx on public.generations (project_id) where project_id is not null;
create index generations_parent_idx on public.generations (parent_id) where parent_id is not null;
create index generations_script_idx on public.generations (script_id) where script_id is not null;
create index generations_scene_idx on public.generations (scene_id) where scene_id is not null;
create index generations_moodboard_idx on public.generations (moodboard_id) where moodboard_id is not null;
create index generations_animation_idx on public.generations (animation_id) where animation_id is not null;
create index generations_chapter_idx on public.generations (chapter_id) where chapter_id is not null;
create index generations_user_idx on public.generations (user_id);
create index generations_hold_idx on public.generations (hold_id) where hold_id is not null;
create index generations_asset_idx on public.generations (output_asset_id) where output_asset_id is not null;

-- Inputs of a generation, in order (LitinkAI's merge_assets; a lip-sync's video and audio).
create table public.generation_inputs (
    id uuid primary key default gen_random_uuid(),
    generation_id uuid not null references public.generations (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete cascade,
    role text not null default 'input' check (role in (
        'input', 'video', 'audio', 'image', 'subtitles', 'overlay', 'music', 'reference'
    )),
    sequence_order integer not null default 0 check (sequence_order >= 0),
    input_generation_id uuid references public.generations (id) on delete set null,
    asset_id uuid references public.assets (id) on delete set null,
    asset_url text,
    transform_params jsonb not null default '{}' check (jsonb_typeof(transform_params) = 'object'),
    created_at timestamptz not null default now(),
    check (num_nonnulls(input_generation_id, asset_id, asset_url) >= 1)
);
create index generation_inputs_generation_idx on public.generation_inputs (generation_id, sequence_order);
create index generation_inputs_organization_idx on public.generation_inputs (organization_id);
create index generation_inputs_project_idx on public.generation_inputs (project_id) where project_id is not null;
create index generation_inputs_input_idx on public.generation_inputs (input_generation_id)
where input_generation_id is not null;
create index generation_inputs_asset_idx on public.generation_inputs (asset_id) where asset_id is not null;

-- ---------------------------------------------------------------------------
-- The queue: unfinished jobs only. A job leaves the table when it succeeds, is
-- dead-lettered or cancelled; its history stays on the generation and in job_logs.
-- ---------------------------------------------------------------------------

create table private.job_queue (
    id bigint generated always as identity primary key,
    generation_id uuid not null unique references public.generations (id) on delete cascade,
    kind text not null,
    priority smallint not null default 0,
    state text not null default 'ready' check (state in ('ready', 'running')),
    run_after timestamptz not null default now(),
    attempts integer not null default 0,
    max_attempts integer not null,
    -- fencing: every claim takes the next token; only its holder may finish the job
    lease_token bigint not null default 0,
    lease_expires_at timestamptz,
    worker_id text,
    enqueued_at timestamptz not null default now()
) with (
    -- a small table updated all the time: vacuum early and often, leave room on the page
    -- for HOT updates of state/lease columns (none of them is indexed in full)
    fillfactor = 70,
    autovacuum_vacuum_scale_factor = 0.0,
    autovacuum_vacuum_threshold = 1000,
    autovacuum_vacuum_insert_scale_factor = 0.0,
    autovacuum_vacuum_insert_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.0,
    autovacuum_analyze_threshold = 1000,
    autovacuum_vacuum_cost_delay = 0
);
-- the claim: next ready jobs of a kind, by priority then time
create index job_queue_ready_idx on private.job_queue (kind, priority desc, run_after, id) where state = 'ready';
-- the reaper: running jobs by lease expiry
create index job_queue_lease_idx on private.job_queue (lease_expires_at) where state = 'running';
revoke all on private.job_queue from public, anon, authenticated, service_role;

-- Job logs, partitioned by month (Fenta's job_logs): one row per notable event of a job.
create table public.job_logs (
    id bigint generated always as identity,
    generation_id uuid not null,
    organization_id uuid not null,
    project_id uuid,
    attempt integer not null default 0,
    level text not null default 'info' check (level in ('debug', 'info', 'warning', 'error')),
    stage text,
    message text not null,
    data jsonb not null default '{}',
    worker_id text,
    created_at timestamptz not null default now(),
    primary key (id, created_at)
) partition by range (created_at);
create index job_logs_generation_idx on public.job_logs (generation_id, created_at);
create index job_logs_organization_idx on public.job_logs (organization_id, created_at desc);
create index job_logs_project_idx on public.job_logs (project_id) where project_id is not null;
create index job_logs_created_idx on public.job_logs (created_at, level);
create table private.job_logs_default partition of public.job_logs default;
select private.ensure_monthly_partitions('public.job_logs', 3);

-- ---------------------------------------------------------------------------
-- Webhooks: outbox (hot, unfinished deliveries) and every attempt (partitioned log)
-- ---------------------------------------------------------------------------

create table private.webhook_outbox (
    id bigint generated always as identity primary key,
    event_id uuid not null default gen_random_uuid(),
    webhook_id uuid not null references public.webhooks (id) on delete cascade,
    organization_id uuid not null,
    event text not null,
    payload jsonb not null,
    attempts integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    locked_until timestamptz,
    created_at timestamptz not null default now(),
    unique (webhook_id, event_id)
) with (
    fillfactor = 80,
    autovacuum_vacuum_scale_factor = 0.0,
    autovacuum_vacuum_threshold = 500,
    autovacuum_vacuum_insert_scale_factor = 0.0,
    autovacuum_vacuum_insert_threshold = 500
);
create index webhook_outbox_due_idx on private.webhook_outbox (next_attempt_at);
revoke all on private.webhook_outbox from public, anon, authenticated, service_role;

create table public.webhook_deliveries (
    id bigint generated always as identity,
    event_id uuid not null,
    webhook_id uuid not null,
    organization_id uuid not null,
    event text not null,
    payload jsonb not null,
    attempt integer not null check (attempt > 0),
    status text not null check (status in ('delivered', 'failed', 'gave_up')),
    http_status integer,
    response_body text,
    error text,
    duration_ms integer check (duration_ms >= 0),
    next_retry_at timestamptz,
    created_at timestamptz not null default now(),
    primary key (id, created_at)
) partition by range (created_at);
create index webhook_deliveries_webhook_idx on public.webhook_deliveries (webhook_id, created_at desc);
create index webhook_deliveries_organization_idx on public.webhook_deliveries (organization_id, created_at desc);
create table private.webhook_deliveries_default partition of public.webhook_deliveries default;
select private.ensure_monthly_partitions('public.webhook_deliveries', 3);

insert into public.system_settings (key, value, description, is_public) values
('webhooks.disable_after_failures', '15',
 'A webhook endpoint is disabled after this many failed deliveries in a row.', false),
('webhooks.max_attempts', '8', 'Delivery attempts per event before it is given up.', false);

-- ---------------------------------------------------------------------------
-- Cron schedules (Fenta's schedules): each run requests a generation
-- ---------------------------------------------------------------------------

create table public.schedules (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid not null references public.projects (id) on delete cascade,
    created_by uuid references auth.users (id) on delete set null,
    name text not null check (length(name) between 1 and 200),
    cron text not null check (length(cron) between 9 and 200),
    timezone text not null default 'UTC' check (length(timezone) <= 64),
    enabled boolean not null default true,
    kind text not null references public.generation_kinds (kind),
    request jsonb not null default '{}' check (jsonb_typeof(request) = 'object'),
    last_run_at timestamptz,
    last_generation_id uuid references public.generations (id) on delete set null,
    last_error text,
    next_run_at timestamptz,
    run_count bigint not null default 0 check (run_count >= 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index schedules_due_idx on public.schedules (next_run_at) where enabled;
create index schedules_organization_idx on public.schedules (organization_id);
create index schedules_project_idx on public.schedules (project_id);
create index schedules_created_by_idx on public.schedules (created_by);
create index schedules_last_generation_idx on public.schedules (last_generation_id)
where last_generation_id is not null;

-- ---------------------------------------------------------------------------
-- Workers report here (operators read analytics.worker_status)
-- ---------------------------------------------------------------------------

create table private.worker_heartbeats (
    worker_id text primary key,
    hostname text not null,
    pid integer not null,
    kinds text [] not null,
    concurrency jsonb not null default '{}',
    started_at timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    stopped_at timestamptz,
    in_flight integer not null default 0,
    claimed bigint not null default 0,
    completed bigint not null default 0,
    failed bigint not null default 0,
    lost_leases bigint not null default 0,
    jobs_per_second numeric not null default 0
);
revoke all on private.worker_heartbeats from public, anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Row-level security and grants (policies: supabase/policies/generation.sql)
-- ---------------------------------------------------------------------------

alter table public.generation_kinds enable row level security;
alter table public.generation_prices enable row level security;
alter table public.generations enable row level security;
alter table public.generation_inputs enable row level security;
alter table public.job_logs enable row level security;
alter table public.webhook_deliveries enable row level security;
alter table public.schedules enable row level security;

revoke all on public.generation_kinds, public.generation_prices, public.generations, public.generation_inputs,
public.job_logs, public.webhook_deliveries, public.schedules from anon, authenticated;
grant select on public.generation_kinds, public.generation_prices to anon, authenticated;
grant select on public.generations, public.generation_inputs, public.job_logs, public.webhook_deliveries
to authenticated;
grant select, insert, delete on public.schedules to authenticated;
grant update (name, cron, timezone, enabled, request) on public.schedules to authenticated;
grant all on public.generation_kinds, public.generation_prices, public.generations, public.generation_inputs,
public.job_logs, public.webhook_deliveries, public.schedules to service_role;

-- ---------------------------------------------------------------------------
-- Realtime: clients subscribe to the rows they watch (the publication is Supabase's;
-- created here where missing, e.g. on the embedded server)
-- ---------------------------------------------------------------------------
do $$
declare
    watched text;
begin
    if not exists (select from pg_publication where pubname = 'supabase_realtime') then
        create publication supabase_realtime;
    end if;
    foreach watched in array array['generations', 'moodboards', 'animations', 'schedules'] loop
        if not exists (select from pg_publication_tables
                       where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = watched) then
            execute format('alter publication supabase_realtime add table public.%I', watched);
        end if;
    end loop;
end
$$;
