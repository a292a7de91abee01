-- name: script_of_text
-- the script written before for the same chapter and text (read as the studio's user, RLS on)
select s.id, s.scene_count from public.scripts as s
where s.chapter_id = %(chapter)s and s.script = %(text)s and s.deleted_at is null
order by s.created_at limit 1;

-- name: insert_script
-- what a client's PostgREST insert does (role authenticated, RLS on): the scope comes from the
-- chapter (inherit_scope), scene_count is kept by a trigger as the scenes arrive
insert into public.scripts (chapter_id, created_by, script, status)
values (%(chapter)s, %(user)s, %(text)s, 'ready')
returning id;

-- name: request_film
select f.* from public.request_film(%(script)s, %(options)s, %(dedup_key)s) as f;

-- name: film_state
-- The parent's status and progress, and how many of its current jobs are done or can still run:
-- running, or queued without an input that failed or was cancelled (directly or through the
-- jobs it waits for). Public tables only: what a client watching its film can read.
with recursive children as (
    select c.id, c.status from public.generations as c
    where c.parent_id = %(film)s and not c.metadata ? 'superseded_by'
),

blocked as (
    select gi.generation_id as id
    from public.generation_inputs as gi
    join public.generations as i on gi.input_generation_id = i.id
    where gi.generation_id in (select children.id from children) and i.status in ('failed', 'cancelled')
    union
    select gi.generation_id
    from public.generation_inputs as gi
    join blocked as b on gi.input_generation_id = b.id
)

select
    f.status,
    f.progress,
    f.current_step,
    f.completed_steps,
    f.total_steps,
    f.error_message,
    f.output_url,
    f.thumbnail_url,
    f.subtitles_url,
    f.organization_id,
    count(c.id) as jobs,
    count(c.id) filter (where c.status = 'succeeded') as done,
    count(c.id) filter (
        where c.status in ('running', 'retrying')
        or (c.status = 'queued' and c.id not in (select blocked.id from blocked))
    ) as active
from public.generations as f
left join children as c on true
where f.id = %(film)s
group by f.id;

-- name: listen_pipelines
-- refresh_pipeline announces a film that became final
listen creatorverse_pipelines;

-- name: film
select g.* from public.generations as g where g.id = %(film)s;

-- name: stage_usage
select
    u.stage,
    u.provider,
    u.model,
    u.jobs,
    u.succeeded,
    u.failed,
    u.attempts,
    u.estimated_credits,
    u.actual_credits,
    u.actual_cost_usd,
    u.span_seconds,
    u.run_seconds
from analytics.pipeline_usage as u
where u.pipeline_id = %(film)s
order by array_position(%(stages)s::text [], u.stage), u.provider, u.model;

-- name: film_credits
select t.type, sum(abs(t.held_delta)) as credits
from public.credit_transactions as t
join public.generations as g on t.hold_id = g.hold_id
where g.parent_id = %(film)s and t.type in ('hold', 'capture', 'release')
group by t.type;

-- name: frames
select c.scene_number, s.title, c.organization_id, a.storage_path
from public.generations as c
join public.assets as a on c.output_asset_id = a.id
left join public.scenes as s on c.scene_id = s.id
where
    c.parent_id = %(film)s and c.kind = 'image' and c.status = 'succeeded'
    and not c.metadata ? 'superseded_by'
order by c.scene_number;
