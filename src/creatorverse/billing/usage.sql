-- name: create_staging
create temporary table if not exists usage_events_staging (
    like public.usage_events including defaults
) on commit delete rows;

-- name: copy_staging
copy usage_events_staging (
    event_id, occurred_at, organization_id, user_id, project_id, job_id, resource_type, provider, model, endpoint,
    input_tokens, output_tokens, units, credits, cost_usd, duration_ms, status, error_message, metadata
) from stdin;

-- name: insert_new
insert into public.usage_events
select * from usage_events_staging
on conflict (event_id, occurred_at) do nothing;
