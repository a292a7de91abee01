-- Invest analyst views (schema analytics; analyst and service_role).

-- Per campaign: pledges at each step (started, confirmed, refunded, cancelled), backers,
-- money against goal, and time to goal (launch to the confirmation that reached it).
create or replace view analytics.campaign_funding_funnel as
with pledges as (
    select
        i.campaign_id,
        count(*) as started,
        count(*) filter (where i.confirmed_at is not null) as ever_confirmed,
        count(*) filter (where i.status = 'confirmed') as confirmed,
        count(*) filter (where i.status = 'refunded') as refunded,
        count(*) filter (where i.status = 'cancelled') as cancelled,
        count(*) filter (where i.status = 'pending') as pending
    from public.investments i
    group by i.campaign_id
)

select
    c.id as campaign_id,
    c.organization_id,
    c.project_id,
    c.title as campaign_title,
    c.status,
    c.funding_type,
    c.currency,
    c.goal_amount_cents,
    c.raised_amount_cents,
    round(100.0 * c.raised_amount_cents / c.goal_amount_cents, 2) as percent_funded,
    c.backer_count as backers,
    coalesce(p.started, 0) as investments_started,
    coalesce(p.confirmed, 0) as investments_confirmed,
    coalesce(p.refunded, 0) as investments_refunded,
    coalesce(p.cancelled, 0) as investments_cancelled,
    coalesce(p.pending, 0) as investments_pending,
    round(p.ever_confirmed::numeric / nullif(p.started, 0), 4) as pledge_conversion_rate,
    c.launched_at,
    c.end_date,
    c.goal_reached_at,
    c.goal_reached_at - c.launched_at as time_to_goal,
    round((extract(epoch from c.goal_reached_at - c.launched_at) / 86400)::numeric, 2) as days_to_goal
from public.campaigns c
left join pledges p on p.campaign_id = c.id;
grant select on analytics.campaign_funding_funnel to analyst, service_role;

-- Per organization: how many campaigns reached each stage of the status machine, and the
-- median days from launch to goal among those that reached it.
create or replace view analytics.campaign_status_funnel as
select
    c.organization_id,
    s.stage,
    s.stage_order,
    count(*) filter (where s.reached) as campaigns,
    percentile_cont(0.5) within group (
        order by extract(epoch from c.goal_reached_at - c.launched_at) / 86400
    ) filter (where s.reached and c.goal_reached_at is not null) as median_days_to_goal
from public.campaigns c
cross join lateral (values
    ('created', 1, true),
    ('submitted', 2, c.submitted_at is not null),
    ('launched', 3, c.launched_at is not null),
    ('goal_reached', 4, c.goal_reached_at is not null),
    ('funded', 5, c.funded_at is not null),
    ('failed', 6, c.failed_at is not null),
    ('completed', 7, c.completed_at is not null),
    ('cancelled', 8, c.cancelled_at is not null)
) as s (stage, stage_order, reached)
group by c.organization_id, s.stage, s.stage_order;
grant select on analytics.campaign_status_funnel to analyst, service_role;
