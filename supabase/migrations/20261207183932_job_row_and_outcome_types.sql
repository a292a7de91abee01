-- The job row and the outcome, each defined once (issue 22). A worker reads a claimed job by
-- name as `public.claimed_job` (what job_claim and job_complete_and_claim return) and reports
-- a finished job as a `public.job_outcome` written as JSON (the keys private.finish_generation
-- and private.complete_jobs read with jsonb_populate_record). The Python classes
-- (creatorverse.workers.handlers.Job and Outcome) are decoded and encoded by these names, and
-- tests/py/test_job_row.py fails when they differ from the types.
create type public.claimed_job as (
    queue_id bigint,
    lease_token bigint,
    attempt integer,
    max_attempts integer,
    lease_expires_at timestamptz,
    generation_id uuid,
    kind text,
    organization_id uuid,
    project_id uuid,
    user_id uuid,
    provider text,
    model text,
    prompt text,
    params jsonb,
    units numeric,
    estimated_credits bigint,
    parent_id uuid,
    scene_id uuid
);
comment on type public.claimed_job is
'A job a worker holds: its queue row''s lease (queue_id, lease_token) and what its handler needs of the generation.';

create type public.job_outcome as (
    actual_credits bigint,
    actual_cost_usd numeric,
    output_url text,
    thumbnail_url text,
    subtitles_url text,
    output_asset_id uuid,
    duration_ms bigint,
    size_bytes bigint,
    cost_tokens bigint,
    cost_render_seconds bigint,
    cost_kai_credits bigint,
    external_job_id text,
    provider text,
    model text,
    result jsonb
);
comment on type public.job_outcome is
'What a finished job produced, sent by the worker as JSON with these keys (absent: unchanged); actual_credits is captured at most up to the hold.';

-- Their result type changes to public.claimed_job (supabase/functions/queue.sql recreates them).
drop function public.job_complete_and_claim(text, text, integer, bigint [], bigint [], jsonb [], integer);
drop function public.job_claim(text, text, integer, integer);
