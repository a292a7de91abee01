-- The fair queue, order-level (no timing): a big organization's backlog does not delay a
-- small one's first job, priorities order an organization's own jobs, concurrency limits
-- from the plan and the operator pass an organization over until a slot frees, and the
-- queue position follows the fair order.
begin;
\ir ../helpers/tests_schema.psql
select plan(29);

select tests.create_user('big_owner');
select tests.create_user('small_owner');
select tests.create_user('free_owner');
select tests.create_organization('big_owner', 'big');
select tests.create_organization('small_owner', 'small');
select tests.create_organization('free_owner', 'freebie');
update public.subscriptions set plan_id = 'enterprise'
where organization_id in (tests.org_id('big'), tests.org_id('small'));
update public.subscriptions set plan_id = 'free' where organization_id = tests.org_id('freebie');

-- the queue is private: these helpers play the platform and the worker as the test's owner
create function pg_temp.queue(org text, jobs integer, job_kind text default 'noop', job_priority integer default 0,
                               label text default null)
returns void language sql security definer as $$
    insert into public.generations (organization_id, kind, priority, prompt)
    select tests.org_id(org), job_kind, job_priority, coalesce(label, org || ' #' || g) from generate_series(1, jobs) g
$$;
create function pg_temp.gen_id(gen_prompt text) returns uuid language sql security definer as $$
    select id from public.generations where prompt = gen_prompt
$$;
create function pg_temp.claim(how_many integer, job_kind text default 'noop') returns text []
language sql security definer as $$
    select coalesce(array_agg(g.prompt order by g.prompt), '{}')
    from public.job_claim('pgtap', job_kind, how_many) c join public.generations g on g.id = c.generation_id
$$;
create function pg_temp.finish(gen_prompt text) returns bigint language sql security definer as $$
    select count(*) from public.job_complete(
        (select array_agg(q.id) from private.job_queue q join public.generations g on g.id = q.generation_id
         where g.prompt = gen_prompt),
        (select array_agg(q.lease_token) from private.job_queue q join public.generations g on g.id = q.generation_id
         where g.prompt = gen_prompt),
        array[null::jsonb])
$$;
create function pg_temp.position(gen_prompt text) returns bigint language sql security definer as $$
    select public.generation_queue_position((select id from public.generations where prompt = gen_prompt))
$$;
create function pg_temp.set_limit(org text, job_kind text, max_running integer) returns void
language sql security definer as $$
    insert into private.organization_concurrency_limits (organization_id, kind, max_running, reason)
    values (tests.org_id(org), job_kind, max_running, 'pgtap')
    on conflict (organization_id, kind) do update set max_running = excluded.max_running
$$;
create function pg_temp.live_render_worker(rate numeric) returns void language sql security definer as $$
    insert into private.worker_heartbeats (worker_id, hostname, pid, kinds, jobs_per_second, last_seen_at)
    values ('pgtap', 'pgtap', 1, '{render}', rate, now())
$$;
grant execute on function pg_temp.live_render_worker(numeric), pg_temp.queue(text, integer, text, integer, text), pg_temp.gen_id(text), pg_temp.claim(integer, text),
pg_temp.finish(text), pg_temp.position(text), pg_temp.set_limit(text, text, integer) to public;
-- workers claim from empty queues: other tests may have committed jobs
delete from private.job_queue where kind in ('noop', 'render');

-- ---------------------------------------------------------------------------
-- a big backlog does not delay a newcomer
-- ---------------------------------------------------------------------------
select pg_temp.queue('big', 300);
select is(cardinality(pg_temp.claim(5)), 5, 'alone, the big organization takes every slot');
select pg_temp.queue('small', 3);
select is(pg_temp.position('small #1'), 1::bigint,
    'a newcomer''s first job is next in line, ahead of 295 ready jobs of the big organization');
select is(pg_temp.position('small #2'), 2::bigint, 'its second comes after it');
select is(pg_temp.position('big #6'), 4::bigint,
    'the big organization''s next job waits for the newcomer''s jobs (its 5 running count as its turns)');
select is(pg_temp.claim(1), array['small #1'], 'the next free slot goes to the newcomer');
select is(pg_temp.claim(4), array['big #6', 'big #7', 'small #2', 'small #3'],
    'a batch interleaves: the newcomer''s jobs before the organization that runs the most');

-- ---------------------------------------------------------------------------
-- priorities order an organization's own jobs, not its turn
-- ---------------------------------------------------------------------------
select pg_temp.queue('big', 1, job_priority => 5, label => 'big urgent');
select pg_temp.queue('small', 1, label => 'small late');
select is(pg_temp.position('big urgent'), 2::bigint,
    'a high priority puts a job first among its organization''s, after the other''s turn');
select is(pg_temp.claim(1), array['small late'], 'the organization with fewer running jobs goes first');
select is(pg_temp.claim(1), array['big urgent'], 'then the big organization''s most urgent job');

-- ---------------------------------------------------------------------------
-- concurrency limits: the plan's, then the operator's
-- ---------------------------------------------------------------------------
select is((select max_running from public.plan_concurrency_limits where plan_id = 'free' and kind = 'render'), 1,
    'the free plan runs one render at a time');
select pg_temp.queue('freebie', 3, 'render');
select pg_temp.queue('small', 2, 'render', label => 'small render');
select is(pg_temp.claim(10, 'render'), array['freebie #1', 'small render', 'small render'],
    'an organization at its limit is passed over, the others take the slots');
select is(pg_temp.claim(10, 'render'), '{}'::text [], 'and its next job waits, blocking nobody');
select pg_temp.queue('small', 1, 'render', label => 'small render late');
select is(pg_temp.position('small render late'), 1::bigint,
    'a job queued after the limited organization''s is ahead of them in line');
select is(pg_temp.claim(10, 'render'), array['small render late'], 'and is claimed');
select is(pg_temp.finish('freebie #1'), 1::bigint, 'the running render finishes');
select is(pg_temp.claim(10, 'render'), array['freebie #2'], 'the freed slot takes the organization''s next job');

select pg_temp.set_limit('freebie', 'render', 2);
select is(pg_temp.claim(10, 'render'), array['freebie #3'], 'an operator''s limit replaces the plan''s');
select pg_temp.set_limit('small', 'noop', 0);
select pg_temp.queue('small', 1, label => 'small paused');
select is(pg_temp.claim(1000, 'noop') && array['small paused'], false, 'a limit of 0 starts none of its jobs');
select isnt(pg_temp.position('small paused'), null, 'its jobs keep their place in line');
select pg_temp.set_limit('small', 'noop', null);
select is(pg_temp.claim(1, 'noop'), array['small paused'], 'a null limit is no limit');

-- ---------------------------------------------------------------------------
-- the estimate: no live worker of the kind, no time
-- ---------------------------------------------------------------------------
select pg_temp.queue('small', 1, label => 'small estimate');
select tests.authenticate_as('small_owner');
select is((select array[queue_position::text, estimated_start_at::text]
           from public.generation_queue_estimate(pg_temp.gen_id('small estimate'))),
    array['1', null], 'the estimate gives the place and no time while no worker serves the kind');
-- a live worker serving renders at 2 jobs/s, with 5 renders running: 2.5 s per render
select pg_temp.live_render_worker(2);
select pg_temp.queue('freebie', 1, 'render', label => 'freebie held');
select pg_temp.queue('small', 1, 'render', label => 'small render next');
select tests.authenticate_as('free_owner');
select is((select array[queue_position, extract(epoch from estimated_start_at - now()),
                        extract(epoch from estimated_completion_at - estimated_start_at)]
           from public.generation_queue_estimate(pg_temp.gen_id('freebie held'))),
    array[2, 1.25, 2.5]::numeric [],
    'a job its limit holds back starts when one of its 2 running renders has finished (2.5 s / 2 slots)');
select is(pg_temp.position('freebie held'), 2::bigint, 'and is second in line, behind a job queued after it');
select tests.authenticate_as('small_owner');
select is((select array[queue_position, extract(epoch from estimated_start_at - now())]
           from public.generation_queue_estimate(pg_temp.gen_id('small render next'))),
    array[1, 0]::numeric [], 'while another organization''s job starts now, ahead of it');
-- the plans' limits are public, read-only; the operator's are out of the API's reach
select tests.clear_authentication();
select is((select max_running from public.plan_concurrency_limits where plan_id = 'pro' and kind = 'video'), 4,
    'anyone reads the plans'' concurrency limits');
select tests.authenticate_as('big_owner');
select throws_ok($$update public.plan_concurrency_limits set max_running = 1000$$, '42501', null,
    'clients cannot change them');
select throws_ok($$insert into public.plan_concurrency_limits values ('free', 'image', 100)$$, '42501', null,
    'nor add one');
select throws_ok($$select * from private.organization_concurrency_limits$$, '42501', null,
    'nor read the operator''s limits');
select throws_ok($$select * from public.generation_queue_estimate(pg_temp.gen_id('small estimate'))$$,
    'PT404', null, 'another organization''s job has no estimate');

select * from finish();
rollback;
