-- The analysts' schema. Only the `analyst` role (and service_role) read it; it is not
-- exposed through the API. Views here read every organization (they run with their
-- owner's rights), which is why no client role may reach the schema.

do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'analyst') then
        create role analyst nologin;
    end if;
end
$$;

create schema analytics;
revoke all on schema analytics from public;
grant usage on schema analytics to analyst, service_role;

-- Daily usage per organization (Fenta's mv_daily_usage). Refreshed concurrently, so
-- readers are never blocked: analytics.refresh_daily_usage(), run by the scheduler.
create materialized view analytics.daily_usage as
select
    e.organization_id,
    (e.occurred_at at time zone 'UTC')::date as day,
    count(*) as events,
    coalesce(sum(e.input_tokens + e.output_tokens) filter (where e.resource_type = 'llm_tokens'), 0) as total_tokens,
    coalesce(sum(e.units) filter (where e.resource_type = 'kai_credits'), 0) as total_kai_credits,
    coalesce(sum(e.units) filter (where e.resource_type = 'render_seconds'), 0) as total_render_seconds,
    count(*) filter (where e.resource_type = 'video') as videos,
    sum(e.credits) as total_credits,
    sum(e.cost_usd) as total_cost_usd
from public.usage_events e
group by e.organization_id, (e.occurred_at at time zone 'UTC')::date;

create unique index daily_usage_organization_day_key on analytics.daily_usage (organization_id, day);
grant select on analytics.daily_usage to analyst, service_role;

create function analytics.refresh_daily_usage()
returns void
language sql
security definer
set search_path = ''
as $$
    refresh materialized view concurrently analytics.daily_usage
$$;
revoke execute on function analytics.refresh_daily_usage() from public;
grant execute on function analytics.refresh_daily_usage() to service_role;
