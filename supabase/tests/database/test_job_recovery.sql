-- Recovery after a crash: short leases bounded by the kinds, a reaped or handed-back job
-- back at its place in the order, lost leases counted apart from failed attempts with their
-- own bound, both said in a dead-lettered job's error.
begin;
\ir ../helpers/tests_schema.psql
select plan(25);

select tests.create_user('owner');
select tests.create_organization('owner', 'studio');
select public.credits_grant(tests.org_id('studio'), 1000, 'bonus', 'test-bonus');
insert into public.projects (organization_id, created_by, title)
values (tests.org_id('studio'), tests.get_user_id('owner'), 'Film');
create function pg_temp.gen(gen_prompt text) returns public.generations language sql as $$
    select * from public.generations where prompt = gen_prompt
$$;
create function pg_temp.job(gen_prompt text) returns private.job_queue language sql security definer as $$
    select q.* from private.job_queue q join public.generations g on g.id = q.generation_id
    where g.prompt = gen_prompt
$$;
-- the worker died: its lease ran out
create function pg_temp.expire(gen_prompt text) returns void language sql security definer as $$
    update private.job_queue q set lease_expires_at = now() - interval '1 second'
    from public.generations g where g.id = q.generation_id and g.prompt = gen_prompt
$$;
create function pg_temp.due(gen_prompt text) returns void language sql security definer as $$
    update private.job_queue q set run_after = now()
    from public.generations g where g.id = q.generation_id and g.prompt = gen_prompt
$$;
create function pg_temp.claim_one() returns text language sql as $$
    select prompt from public.job_claim('w', 'image', 1)
$$;
create function pg_temp.reap_every() returns interval language sql security definer as $$
    select every from private.duties where name = 'reap_jobs'
$$;
grant execute on function pg_temp.gen(text), pg_temp.job(text), pg_temp.expire(text), pg_temp.due(text),
pg_temp.claim_one(), pg_temp.reap_every() to public;
delete from private.job_queue where kind = 'image';
update public.schedules set enabled = false;

select tests.authenticate_as('owner');
select public.request_generation((select id from public.projects where title = 'Film'), 'image', p)
from unnest(array['first', 'second', 'third']) p;
select tests.authenticate_as_service_role();

-- ---------------------------------------------------------------------------
-- short leases: recovery within 30 s for every kind
-- ---------------------------------------------------------------------------
select ok((select max(lease_seconds) from public.generation_kinds)
          + extract(epoch from pg_temp.reap_every()) <= 30,
    'every kind''s lease plus the reaper''s cadence is at most 30 s');
select throws_ok($$update public.generation_kinds set lease_seconds = 300 where kind = 'video'$$, '23514', null,
    'a kind cannot get a long lease');
create temporary table first_run_after as select (pg_temp.job('first')).run_after;
select is((select prompt from public.job_claim('w', 'image', 1, lease_seconds => 3600)), 'first',
    'the oldest job is claimed');
select ok((pg_temp.job('first')).lease_expires_at <= now() + interval '20 seconds',
    'a worker asking for a longer lease gets its kind''s');
select is((select state from public.job_heartbeat('w', array[(pg_temp.job('first')).id],
           array[(pg_temp.job('first')).lease_token], 3600)), 'ok', 'the heartbeat renews it');
select ok((pg_temp.job('first')).lease_expires_at <= now() + interval '20 seconds', 'renewed no longer either');

-- ---------------------------------------------------------------------------
-- a reaped job keeps its place and its attempts; lost leases are counted apart
-- ---------------------------------------------------------------------------
select pg_temp.expire('first');
select is(public.job_reap(), 1, 'the dead worker''s job is reaped');
select is((pg_temp.job('first')).run_after, (select run_after from first_run_after),
    'it keeps its place in the order (run_after unchanged)');
select is(row((pg_temp.job('first')).attempts, (pg_temp.job('first')).lease_losses)::text, '(0,1)',
    'the lost lease is counted, the attempt given back');
select is(row((pg_temp.gen('first')).status, (pg_temp.gen('first')).attempts, (pg_temp.gen('first')).error_code)::text,
    '(retrying,0,lease_expired)', 'the client sees it retrying');
select is(pg_temp.claim_one(), 'first', 'it is taken again before the jobs queued after it');
select pg_temp.expire('first');
select public.job_reap();
select is(pg_temp.claim_one(), 'first', 'after a second loss too');
select pg_temp.expire('first');
select public.job_reap();
select is(row((pg_temp.job('first')).attempts, (pg_temp.job('first')).lease_losses, (pg_temp.job('first')).state)::text,
    '(0,3,ready)', 'three lost leases do not dead-letter a job with max_attempts 3');
select is(pg_temp.claim_one(), 'first', 'claimed a fourth time');
select is((select count(*) from public.job_complete(array[(pg_temp.job('first')).id],
           array[(pg_temp.job('first')).lease_token], array['{}'::jsonb])), 1::bigint, 'and completed');
select is(row((pg_temp.gen('first')).status, (pg_temp.gen('first')).attempts)::text, '(succeeded,1)',
    'succeeded on its first handler attempt');

-- ---------------------------------------------------------------------------
-- a handed-back job keeps its place
-- ---------------------------------------------------------------------------
create temporary table second_run_after as select (pg_temp.job('second')).run_after;
select is(pg_temp.claim_one(), 'second', 'the next job is claimed');
select is(public.job_hand_back(array[(pg_temp.job('second')).id], array[(pg_temp.job('second')).lease_token]), 1,
    'its worker shuts down and hands it back');
select is((pg_temp.job('second')).run_after, (select run_after from second_run_after), 'run_after unchanged');
select is(pg_temp.claim_one(), 'second', 'it is taken again before the job queued after it');

-- ---------------------------------------------------------------------------
-- the bound on lost leases, both counts said in the error
-- ---------------------------------------------------------------------------
update public.generation_kinds set max_lease_losses = 2 where kind = 'image';
select pg_temp.expire('second');
select public.job_reap();
select is(pg_temp.claim_one(), 'second', 'claimed after one loss');
select is(public.job_fail((pg_temp.job('second')).id, (pg_temp.job('second')).lease_token, 'provider timeout'),
    'retrying', 'a handler failure is an attempt');
select pg_temp.due('second');
select pg_temp.claim_one();
select pg_temp.expire('second');
select public.job_reap();
select is(row((pg_temp.gen('second')).status, (pg_temp.gen('second')).error_code,
              (pg_temp.gen('second')).error_message)::text,
    '(failed,lease_expired,"workers lost the job (lease expired): 1 of 3 attempts failed, lease lost 2 of 2 times")',
    'the kind''s max_lease_losses dead-letters it, saying both counts');

select pg_temp.claim_one();
select pg_temp.expire('third');
select public.job_reap();
select pg_temp.claim_one();
select is(public.job_fail((pg_temp.job('third')).id, (pg_temp.job('third')).lease_token, 'content refused',
                          'refused', false), 'failed', 'a final handler failure');
select is((pg_temp.gen('third')).error_message,
    'content refused (1 of 3 attempts failed, lease lost 1 of 2 times)', 'says the lost leases too');

select * from finish();
rollback;
