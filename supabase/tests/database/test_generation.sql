-- The generation engine in SQL: the request RPC (money and job in one transaction), the
-- status machine, priorities, dedup, backoff and dead letters, fencing, cancellation,
-- progress through RLS, scope columns, schedules and cron across DST, Realtime coverage.
begin;
\ir ../helpers/tests_schema.psql
select plan(76);

select tests.create_user('owner');
select tests.create_user('editor');
select tests.create_user('viewer');
select tests.create_user('outsider');
select tests.create_organization('owner', 'studio');
select tests.add_member('studio', 'editor', 'editor');
select tests.add_member('studio', 'viewer', 'viewer');
select public.credits_grant(tests.org_id('studio'), 1000, 'bonus', 'test-bonus');

insert into public.projects (organization_id, created_by, title)
values (tests.org_id('studio'), tests.get_user_id('owner'), 'Film');
create function pg_temp.project() returns uuid language sql as $$
    select id from public.projects where title = 'Film'
$$;
create function pg_temp.available() returns bigint language sql as $$
    select balance + rollover_balance + bonus_balance from public.credit_balances
    where organization_id = tests.org_id('studio')
$$;
create function pg_temp.held() returns bigint language sql as $$
    select held_balance from public.credit_balances where organization_id = tests.org_id('studio')
$$;
create function pg_temp.gen(gen_prompt text) returns public.generations language sql as $$
    select * from public.generations where prompt = gen_prompt
$$;
-- the queue is private: these helpers read and nudge it as the test's owner
create function pg_temp.job(gen_prompt text) returns private.job_queue language sql security definer as $$
    select q.* from private.job_queue q join public.generations g on g.id = q.generation_id
    where g.prompt = gen_prompt
$$;
create function pg_temp.queued(gen_prompt text) returns bigint language sql security definer as $$
    select count(*) from private.job_queue q join public.generations g on g.id = q.generation_id
    where g.prompt = gen_prompt
$$;
create function pg_temp.set_queue(gen_prompt text, lease timestamptz, due timestamptz) returns void
language sql security definer as $$
    update private.job_queue q set lease_expires_at = coalesce(lease, q.lease_expires_at),
        run_after = coalesce(due, q.run_after)
    from public.generations g where g.id = q.generation_id and g.prompt = gen_prompt
$$;
grant execute on function pg_temp.project(), pg_temp.available(), pg_temp.held(), pg_temp.gen(text),
pg_temp.job(text), pg_temp.queued(text), pg_temp.set_queue(text, timestamptz, timestamptz) to public;
-- workers claim from an empty image queue: other tests may have committed jobs
delete from private.job_queue where kind = 'image';
update public.schedules set enabled = false;

-- ---------------------------------------------------------------------------
-- requesting: estimate, hold and job in one transaction
-- ---------------------------------------------------------------------------
select tests.authenticate_as('editor');
select is((public.request_generation(pg_temp.project(), 'image', 'a castle', units => 2)).estimated_credits, 8::bigint,
    'the estimate comes from the price list (4 credits per image, 2 images)');
select tests.authenticate_as_service_role();
select is(pg_temp.held(), 8::bigint, 'the estimate is held at once');
select is((pg_temp.gen('a castle')).status, 'queued', 'the generation starts queued');
select is(pg_temp.queued('a castle'), 1::bigint,
    'and its job is in the queue');
select is((select h.idempotency_key from public.credit_holds h where h.id = (pg_temp.gen('a castle')).hold_id),
    'generation:' || (pg_temp.gen('a castle')).id, 'the hold''s key derives from the generation, not the caller');

select tests.authenticate_as('editor');
select is((public.request_generation(pg_temp.project(), 'image', 'a castle again', dedup_key => 'same')).id,
    (public.request_generation(pg_temp.project(), 'image', 'ignored', dedup_key => 'same')).id,
    'a repeated dedup key returns the first generation');
select tests.authenticate_as_service_role();
select is(pg_temp.held(), 12::bigint, 'and holds only once');
select is((select count(*) from public.generations where prompt = 'ignored'), 0::bigint, 'nothing else is created');
select is((pg_temp.gen('a castle again')).dedup_key, 'client:same',
    'callers'' keys live in their own namespace, apart from the platform''s (schedule:…)');

select tests.authenticate_as('viewer');
select throws_ok($$select public.request_generation(pg_temp.project(), 'image', 'x')$$, 'PT404', 'project not found',
    'viewers cannot request generations');
select tests.authenticate_as('outsider');
select throws_ok($$select public.request_generation(pg_temp.project(), 'image', 'x')$$, 'PT404', 'project not found',
    'outsiders get the same answer as for a missing project');
select tests.authenticate_as('editor');
select throws_ok($$select public.request_generation(pg_temp.project(), 'noop', 'x')$$, '22023',
    'unknown generation kind "noop"', 'internal kinds cannot be requested by clients');
select throws_ok($$select public.request_generation(pg_temp.project(), 'image', repeat('x', 20001))$$, '22023',
    'prompt is longer than 20000 characters', 'text inputs are capped');
select throws_ok($$select public.request_generation(pg_temp.project(), 'image', 'x', priority => 50)$$, '22023',
    'priority must lie between -10 and 10', 'clients cannot jump the queue');
select tests.authenticate_as_service_role();
select public.credits_spend(tests.org_id('studio'), pg_temp.available() - 10, 'test-drain');
select tests.authenticate_as('editor');
select throws_ok($$select public.request_generation(pg_temp.project(), 'image', 'too big', units => 5)$$, 'PT402',
    'insufficient credits: 20 requested, 10 available', 'a request the credits do not cover is refused');
select tests.authenticate_as_service_role();
select is((select count(*) from public.generations where prompt = 'too big'), 0::bigint,
    'and leaves no generation behind');
select is(pg_temp.held(), 12::bigint, 'nor a hold');
select public.credits_grant(tests.org_id('studio'), 1000, 'bonus', 'test-bonus-2');

-- clients read but never write generations
select tests.authenticate_as('editor');
select throws_ok($$update public.generations set status = 'succeeded'$$, '42501', null,
    'clients cannot change a generation');
select throws_ok($$insert into public.generations (organization_id, kind) values (tests.org_id('studio'), 'image')$$,
    '42501', null, 'nor insert one directly (no price would be held)');
select tests.authenticate_as('viewer');
select is((select count(*) from public.generations where prompt like 'a castle%'), 2::bigint,
    'members who read the project see its generations');
select tests.authenticate_as('outsider');
select is((select count(*) from public.generations), 0::bigint, 'outsiders see none');
select throws_ok($$select public.generation_queue_position((select id from public.generations limit 1))$$,
    'PT404', null, 'outsiders get no queue position');

-- ---------------------------------------------------------------------------
-- the queue: positions, priorities, claiming, progress, completing with fencing
-- ---------------------------------------------------------------------------
select tests.authenticate_as('editor');
select public.request_generation(pg_temp.project(), 'image', 'urgent', priority => 5);
select is(public.generation_queue_position((pg_temp.gen('urgent')).id), 1::bigint,
    'a higher priority is first in line');
select is(public.generation_queue_position((pg_temp.gen('a castle')).id), 2::bigint,
    'then the older jobs in order');
select tests.authenticate_as_service_role();
select is((select array_agg(g.prompt) from public.job_claim('w1', 'image', 1) c
           join public.generations g on g.id = c.generation_id), array['urgent'], 'claims take the highest priority first');
select is((pg_temp.gen('urgent')).status, 'running', 'a claimed generation is running');
select is(public.job_progress((pg_temp.job('urgent')).id, (pg_temp.job('urgent')).lease_token, 40, 'drawing'), true,
    'the lease holder reports progress');
select tests.authenticate_as('viewer');
select is((select row(progress, current_step)::text from public.generations where prompt = 'urgent'), '(40.00,drawing)',
    'progress and step are visible on the domain row through RLS');
select tests.authenticate_as_service_role();

-- fencing: the lease expires, another worker takes the job, the first cannot finish it
create temporary table stale as select (pg_temp.job('urgent')).id, (pg_temp.job('urgent')).lease_token;
select pg_temp.set_queue('urgent', now() - interval '1 second', null);
select is(public.job_reap(), 1, 'the reaper finds the expired lease');
select is((pg_temp.gen('urgent')).status, 'retrying', 'the job waits for another worker');
select is((select count(*) from public.job_claim('w2', 'image', 1)), 1::bigint, 'another worker claims it');
select is((select count(*) from public.job_complete(array[(select id from stale)], array[(select lease_token from stale)],
           array['{}'::jsonb])), 0::bigint, 'the stale worker cannot complete it');
select is(public.job_fail((select id from stale), (select lease_token from stale), 'late'), 'lost',
    'nor fail it');
select is((select state from public.job_heartbeat('w1', array[(select id from stale)],
           array[(select lease_token from stale)])), 'lost', 'its heartbeat says the lease is lost');
select is((select count(*) from public.job_complete(array[(pg_temp.job('urgent')).id],
           array[(pg_temp.job('urgent')).lease_token], array['{"actual_credits": 3}'::jsonb])), 1::bigint,
    'the new holder completes it');
select is(row((pg_temp.gen('urgent')).status, (pg_temp.gen('urgent')).actual_credits, (pg_temp.gen('urgent')).attempts)::text,
    '(succeeded,3,1)', 'succeeded, charged the actual cost, after one attempt (the lost lease is no attempt)');
select is((select count(*) from public.credit_transactions t join public.credit_holds h on h.id = t.hold_id
           where h.id = (pg_temp.gen('urgent')).hold_id and t.type = 'capture'), 1::bigint, 'captured once');
select is((select credits from public.usage_events where event_id = (pg_temp.gen('urgent')).id), 3::bigint,
    'the usage record is written with it');
select throws_ok($$update public.generations set status = 'running' where prompt = 'urgent'$$, 'PT409',
    'generations: cannot move from succeeded to running', 'the status machine refuses illegal moves');

-- ---------------------------------------------------------------------------
-- backoff and dead letters
-- ---------------------------------------------------------------------------
select is((select count(*) from public.job_claim('w1', 'image', 1)), 1::bigint, 'the next job is claimed');
select is(public.job_fail((pg_temp.job('a castle')).id, (pg_temp.job('a castle')).lease_token, 'provider timeout'),
    'retrying', 'a retryable failure with attempts left goes back to the queue');
select ok((pg_temp.job('a castle')).run_after between now() + interval '2.5 seconds' and now() + interval '5 seconds',
    'after a jittered backoff of ½..1 × 5 s');
select is((pg_temp.gen('a castle')).error_message, 'provider timeout', 'the error stays visible while retrying');
select pg_temp.set_queue('a castle', null, now());
select is((select count(*) from public.job_claim('w1', 'image', 1)), 1::bigint, 'claimed again after the backoff');
select is(public.job_fail((pg_temp.job('a castle')).id, (pg_temp.job('a castle')).lease_token, 'timeout 2'),
    'retrying', 'second failure');
select ok((pg_temp.job('a castle')).run_after between now() + interval '5 seconds' and now() + interval '10 seconds',
    'the backoff doubles');
select pg_temp.set_queue('a castle', null, now());
select public.job_claim('w1', 'image', 1);
select is(public.job_fail((pg_temp.job('a castle')).id, (pg_temp.job('a castle')).lease_token, 'timeout 3'), 'failed',
    'the last attempt dead-letters the job');
select is(pg_temp.queued('a castle'), 0::bigint,
    'it leaves the queue');
select is((select status from public.credit_holds where id = (pg_temp.gen('a castle')).hold_id), 'released',
    'its hold is released');
select tests.authenticate_as('viewer');
select is((select row(status, error_message)::text from public.generations where prompt = 'a castle'),
    '(failed,"timeout 3")', 'the client sees the failure and its error');

-- ---------------------------------------------------------------------------
-- cancellation
-- ---------------------------------------------------------------------------
select tests.authenticate_as('editor');
select is((public.cancel_generation((pg_temp.gen('a castle again')).id)).status, 'cancelled',
    'a waiting job is cancelled at once');
select tests.authenticate_as_service_role();
select is((select status from public.credit_holds where id = (pg_temp.gen('a castle again')).hold_id), 'released',
    'and its hold released');
select tests.authenticate_as('editor');
select public.request_generation(pg_temp.project(), 'image', 'long job');
select tests.authenticate_as_service_role();
select public.job_claim('w1', 'image', 1);
select tests.authenticate_as('editor');
select is((public.cancel_generation((pg_temp.gen('long job')).id)).status, 'running',
    'a running job is only flagged');
select tests.authenticate_as_service_role();
select is((select state from public.job_heartbeat('w1', array[(pg_temp.job('long job')).id],
           array[(pg_temp.job('long job')).lease_token])), 'cancel', 'its worker learns at the next heartbeat');
select is(public.job_cancelled((pg_temp.job('long job')).id, (pg_temp.job('long job')).lease_token), true,
    'and acknowledges');
select is(row((pg_temp.gen('long job')).status, pg_temp.held())::text, '(cancelled,0)',
    'cancelled, every hold settled');
select tests.authenticate_as('editor');
select throws_ok(format('select public.cancel_generation(%L)', (pg_temp.gen('long job')).id), 'PT409',
    'generation is already cancelled', 'a finished generation cannot be cancelled');

-- ---------------------------------------------------------------------------
-- schedules and cron
-- ---------------------------------------------------------------------------
select tests.authenticate_as('editor');
insert into public.schedules (project_id, name, cron, timezone, kind, request, organization_id)
values (pg_temp.project(), 'nightly', '30 2 * * *', 'America/New_York', 'image', '{"prompt": "nightly frame"}',
        tests.org_id('studio'));
select isnt((select next_run_at from public.schedules where name = 'nightly'), null, 'next_run_at is computed');
select throws_ok($$update public.schedules set organization_id = gen_random_uuid()$$, '42501', null,
    'clients cannot move a schedule to another organization');
select throws_ok($$insert into public.schedules (project_id, name, cron, kind) values (pg_temp.project(), 'bad', '61 * * * *', 'image')$$,
    '22023', null, 'malformed cron is refused');
select tests.authenticate_as_service_role();
update public.schedules set next_run_at = now() - interval '1 minute' where name = 'nightly';
select is(public.scheduler_tick(), 1, 'a due schedule starts its run');
select is((select row(g.kind, g.user_id = tests.get_user_id('editor'), s.run_count)::text
           from public.schedules s join public.generations g on g.id = s.last_generation_id where s.name = 'nightly'),
    '(image,t,1)', 'as a generation requested by the schedule''s creator');

select is(public.cron_next('30 2 * * *', 'America/New_York', '2026-03-08 05:00Z'), '2026-03-08 07:30Z'::timestamptz,
    'spring forward: 02:30 does not exist and fires at 03:30 EDT');
select is(public.cron_next('30 1 * * *', 'America/New_York', '2026-11-01 04:00Z'), '2026-11-01 06:30Z'::timestamptz,
    'fall back: 01:30 happens twice and fires once');
select is(public.cron_next('30 1 * * *', 'America/New_York', '2026-11-01 06:30Z'), '2026-11-02 06:30Z'::timestamptz,
    'and next on the following day');
select is(public.cron_next('0 9 * * mon-fri', 'Asia/Seoul', '2026-11-21 01:00Z'), '2026-11-23 00:00Z'::timestamptz,
    'weekdays by name, in Seoul: Saturday 10:00 goes to Monday 09:00');
select is(public.cron_next('0 0 29 2 *', 'UTC', '2026-03-01Z'), '2028-02-29 00:00Z'::timestamptz,
    'the 29th of February waits for a leap year');
select is(public.cron_next('0 12 1 * 1', 'UTC', '2026-11-21 00:00Z'), '2026-11-23 12:00Z'::timestamptz,
    'day of month and weekday both restricted: either matches (Vixie cron)');

-- ---------------------------------------------------------------------------
-- moodboards show the state of the generation that draws them
-- ---------------------------------------------------------------------------
insert into public.moodboards (project_id, organization_id, beat_name, beat_index)
values (pg_temp.project(), tests.org_id('studio'), 'Opening', 0);
select tests.authenticate_as('editor');
select public.request_generation(pg_temp.project(), 'image', 'mood frame',
    moodboard_id => (select id from public.moodboards where beat_name = 'Opening'));
select is((select status from public.moodboards where beat_name = 'Opening'), 'generating',
    'a moodboard being drawn is generating');
select tests.authenticate_as_service_role();
select public.job_claim('w1', 'image', 5);
select public.job_complete(array[(pg_temp.job('mood frame')).id], array[(pg_temp.job('mood frame')).lease_token],
    array['{"output_url": "https://cdn.example/mood.png"}'::jsonb]);
select is((select row(status, image_url)::text from public.moodboards where beat_name = 'Opening'),
    '(ready,https://cdn.example/mood.png)', 'and ready with the image when the generation succeeds');

-- ---------------------------------------------------------------------------
-- operators and analysts
-- ---------------------------------------------------------------------------
select is(private.run_duty('maintain_partitions', force => true) ->> 'error', null,
    'the partitions duty runs');
select ok(exists (select from pg_class where relname like 'job_logs_y%' and relnamespace = 'private'::regnamespace)
          and exists (select from pg_class where relname like 'webhook_deliveries_y%'
                      and relnamespace = 'private'::regnamespace),
    'job logs and webhook deliveries have monthly partitions');
set local role analyst;
create temporary table analyst_read as
select (select count(*) from analytics.queue_health) as health, (select count(*) from analytics.generation_cost) as cost;
reset role;
select ok((select health > 0 and cost > 0 from analyst_read), 'analysts read queue health and generation cost');
select tests.authenticate_as('owner');
select throws_ok($$select * from analytics.queue_health$$, '42501', null, 'clients do not');

-- ---------------------------------------------------------------------------
-- catalog: every table clients watch for progress is in the Realtime publication
-- ---------------------------------------------------------------------------
select is(array(
    select c.relname::text from pg_class c
    where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
      and exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = 'status' and not a.attisdropped)
      and exists (select from pg_attribute a where a.attrelid = c.oid and a.attname in ('progress', 'current_step')
                  and not a.attisdropped)
      and not exists (select from pg_publication_tables p
                      where p.pubname = 'supabase_realtime' and p.schemaname = 'public' and p.tablename = c.relname)),
    '{}'::text [], 'every job table (status and progress columns) is published to supabase_realtime');
select ok((select count(*) from pg_publication_tables where pubname = 'supabase_realtime' and tablename = 'generations')
          = 1, 'generations are published');

select * from finish();
rollback;
