-- A fair queue: workers take turns between organizations (docs/generation.md, "Fairness and
-- concurrency limits"), and each organization runs at most its plan's number of jobs of a
-- kind at a time, unless an operator set its own limit.

-- The queue row carries its generation's organization (frozen on the generation): the claim
-- finds each organization's next job and counts its running ones without a join.
alter table private.job_queue add column organization_id uuid;
update private.job_queue q set organization_id = g.organization_id from public.generations g
where g.id = q.generation_id;
alter table private.job_queue alter column organization_id set not null;

-- the claim: the organizations with ready jobs of a kind (one probe each), each one's next job
drop index private.job_queue_ready_idx;
create index job_queue_ready_idx on private.job_queue (kind, organization_id, priority desc, run_after, id)
where state = 'ready';
-- an organization's running jobs of a kind: its turn and its limit
create index job_queue_running_idx on private.job_queue (kind, organization_id) where state = 'running';

-- How many jobs of a kind an organization on a plan may run at once. No row: no limit.
create table public.plan_concurrency_limits (
    plan_id text not null references public.plans (id) on delete cascade,
    kind text not null references public.generation_kinds (kind) on delete cascade,
    max_running integer not null check (max_running between 1 and 10000),
    primary key (plan_id, kind)
);
comment on table public.plan_concurrency_limits is
'Jobs of a kind an organization on the plan runs at once (the rest wait their turn). Readable by everyone.';

insert into public.plan_concurrency_limits (plan_id, kind, max_running)
select p.plan_id, k.kind, p.max_running
from (values ('free', 1), ('starter', 2), ('basic', 2), ('standard', 3), ('pro', 4), ('premium', 6),
             ('professional', 8), ('team', 12), ('byok', 4)) p (plan_id, max_running)
cross join (values ('video'), ('scene_video'), ('lipsync'), ('render')) k (kind);

alter table public.plan_concurrency_limits enable row level security;
revoke all on public.plan_concurrency_limits from public, anon, authenticated, service_role;
grant select on public.plan_concurrency_limits to anon, authenticated;
grant all on public.plan_concurrency_limits to service_role;

-- An operator's limit for one organization and kind, instead of its plan's: null = no limit,
-- 0 = none of its jobs of the kind start (they wait, not failed).
create table private.organization_concurrency_limits (
    organization_id uuid not null references public.organizations (id) on delete cascade,
    kind text not null references public.generation_kinds (kind) on delete cascade,
    max_running integer check (max_running between 0 and 10000),
    reason text not null check (length(reason) between 1 and 500),
    set_at timestamptz not null default now(),
    primary key (organization_id, kind)
);
comment on table private.organization_concurrency_limits is
'Operator override of an organization''s concurrency limit for a kind (null: unlimited; 0: paused).';
revoke all on private.organization_concurrency_limits from public, anon, authenticated, service_role;
