-- Estimated completion of a queued generation: its queue position in rounds of the jobs of its
-- kind running at once, each as long as recent successes of its kind and provider.
begin;
\ir ../helpers/tests_schema.psql
select plan(5);

select tests.create_user('owner');
select tests.create_user('outsider');
select tests.create_organization('owner', 'studio');
select public.credits_grant(tests.org_id('studio'), 1000, 'bonus', 'test-bonus');
insert into public.projects (organization_id, created_by, title)
values (tests.org_id('studio'), tests.get_user_id('owner'), 'Film');
-- the audio queue to ourselves: other tests may have committed jobs
delete from private.job_queue where kind = 'audio';
create function pg_temp.request(label text) returns uuid language sql as $$
    -- a provider of its own: its history is this test's alone
    select (public.request_generation((select id from public.projects where title = 'Film'), 'audio', label,
                                      provider => 'eta_bench')).id
$$;
grant execute on function pg_temp.request(text) to public;

select tests.authenticate_as('owner');
select pg_temp.request('first');
select pg_temp.request('second');
select is(public.generation_estimated_completion((select id from public.generations where prompt = 'second')), null,
    'without any finished generation of its kind nothing is promised');

-- history: two audio generations took 60 and 120 seconds
reset role;
select pg_temp.request('done ' || n) from generate_series(1, 2) n;
update public.generations g set status = 'running', started_at = now() - interval '10 minutes'
where prompt like 'done %';
update public.generations g set status = 'succeeded',
    completed_at = started_at + case prompt when 'done 1' then interval '60 seconds' else interval '120 seconds' end
where prompt like 'done %';
delete from private.job_queue q using public.generations g where g.id = q.generation_id and g.prompt like 'done %';

select tests.authenticate_as('owner');
select is(public.generation_estimated_completion((select id from public.generations where prompt = 'first')),
    now() + interval '90 seconds', 'first in the queue: done after one mean duration');
select is(public.generation_estimated_completion((select id from public.generations where prompt = 'second')),
    now() + interval '180 seconds', 'second: after two');
reset role;
update private.job_queue q set state = 'running' from public.generations g
where g.id = q.generation_id and g.prompt = 'first';
update public.generations set status = 'running', started_at = now(), estimated_completion_at = now() + interval '5 seconds'
where prompt = 'first';
select tests.authenticate_as('owner');
select is(public.generation_estimated_completion((select id from public.generations where prompt = 'first')),
    now() + interval '5 seconds', 'a running one reports its worker''s estimate');
select tests.authenticate_as('outsider');
select throws_ok(format('select public.generation_estimated_completion(%L)', (select id from public.generations where prompt = 'second')),
    'P0002', null, 'another organization''s generation is not found');

select * from finish();
rollback;
