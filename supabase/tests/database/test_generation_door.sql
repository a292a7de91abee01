-- One door into generation (docs/generation.md): the request RPC, schedules, workflow runs,
-- films and retries all create generations through private.start_generation, which derives
-- the scope from the caller's own objects and applies every bound, quota and check. Attacks
-- from issue 23 (items 1-4) and issue 22 (a deleted organization's schedule), acting as real
-- users; a catalog guard keeps the door the only one.
begin;
\ir ../helpers/tests_schema.psql
select plan(31);

select tests.create_user('mallory');
select tests.create_user('victim');
select tests.create_user('doomed');
select tests.create_user('demoted');
select tests.create_organization('mallory', 'evil');
select tests.create_organization('victim', 'prey');
select tests.create_organization('doomed', 'doomed');
select tests.add_member('doomed', 'demoted', 'editor');
select public.credits_grant(tests.org_id('evil'), 1000, 'bonus', 'door-evil');
select public.credits_grant(tests.org_id('prey'), 1000, 'bonus', 'door-prey');
select public.credits_grant(tests.org_id('doomed'), 1000, 'bonus', 'door-doomed');

insert into public.projects (organization_id, created_by, title, visibility) values
(tests.org_id('evil'), tests.get_user_id('mallory'), 'Evil work', 'team'),
(tests.org_id('prey'), tests.get_user_id('victim'), 'Public showcase', 'public'),
(tests.org_id('doomed'), tests.get_user_id('doomed'), 'Doomed work', 'team');
insert into public.moodboards (project_id, organization_id, beat_name, beat_index)
select id, organization_id, 'Victim beat', 0 from public.projects where title = 'Public showcase';

create function pg_temp.project(project_title text) returns uuid language sql as $$
    select id from public.projects where title = project_title
$$;
create function pg_temp.victim_moodboard() returns uuid language sql security definer as $$
    select id from public.moodboards where beat_name = 'Victim beat'
$$;
create function pg_temp.held(slug text) returns bigint language sql security definer as $$
    select held_balance from public.credit_balances where organization_id = tests.org_id(slug)
$$;
create function pg_temp.generations_of(slug text) returns bigint language sql security definer as $$
    select count(*) from public.generations where organization_id = tests.org_id(slug)
$$;
create function pg_temp.schedule(schedule_name text) returns public.schedules language sql security definer as $$
    select * from public.schedules where name = schedule_name
$$;
-- a schedule row as one written before its request was validated: straight into the table,
-- past the triggers (the owner of the test may do that; no API role can)
create function pg_temp.legacy_schedule(schedule_name text, owner_name text, project_title text, request jsonb)
returns void language plpgsql security definer as $$
begin
    set local session_replication_role = replica;
    insert into public.schedules (organization_id, project_id, created_by, name, cron, kind, request, next_run_at)
    select p.organization_id, p.id, tests.get_user_id(owner_name), schedule_name, '* * * * *', 'image', request,
           now() - interval '1 minute'
    from public.projects p where p.title = project_title;
    set local session_replication_role = origin;
end
$$;
create function pg_temp.make_due(schedule_name text) returns void language sql security definer as $$
    update public.schedules set next_run_at = now() - interval '1 minute' where name = schedule_name
$$;
select tests.share_temp_functions();
update public.schedules set enabled = false;

-- ---------------------------------------------------------------------------
-- 1. a schedule naming another organization's public moodboard
-- ---------------------------------------------------------------------------
select tests.clear_authentication();
select isnt(pg_temp.victim_moodboard(), null, 'the victim''s public moodboard id is readable by anyone');

select tests.authenticate_as('mallory');
select throws_ok(format($$insert into public.schedules (project_id, name, cron, kind, request)
                          values (%L, 'steal', '* * * * *', 'image', %L)$$,
                        pg_temp.project('Evil work'),
                        jsonb_build_object('moodboard_id', pg_temp.victim_moodboard(), 'units', 20)),
    'PT404', 'a referenced moodboard was not found in this project',
    'a schedule naming another organization''s moodboard is refused when it is written');

select tests.authenticate_as_service_role();
select pg_temp.legacy_schedule('steal', 'mallory', 'Evil work',
                               jsonb_build_object('moodboard_id', pg_temp.victim_moodboard(), 'units', 20));
select is(public.scheduler_tick(), 0, 'and when it is run: the tick starts nothing');
select is(row(pg_temp.generations_of('prey'), pg_temp.held('prey'))::text, '(0,0)',
    'nothing is created in the victim''s organization and no credit of its wallet is held');
select is((select status from public.moodboards where id = pg_temp.victim_moodboard()), 'draft',
    'the victim''s moodboard is untouched');
select is(row((pg_temp.schedule('steal')).enabled, (pg_temp.schedule('steal')).last_error)::text,
    '(f,"paused: a referenced moodboard was not found in this project")',
    'the schedule is paused, saying why');

-- ---------------------------------------------------------------------------
-- 2. a schedule cannot skip the request's bounds
-- ---------------------------------------------------------------------------
select tests.authenticate_as('mallory');
select throws_ok(format($$insert into public.schedules (project_id, name, cron, kind, request)
                          values (%L, 'urgent', '* * * * *', 'image', '{"priority": 100}')$$,
                        pg_temp.project('Evil work')),
    '22023', 'priority must lie between -10 and 10', 'a schedule''s priority is bounded like the RPC''s');
select throws_ok(format($$insert into public.schedules (project_id, name, cron, kind, request)
                          values (%L, 'stubborn', '* * * * *', 'image', '{"max_attempts": 25}')$$,
                        pg_temp.project('Evil work')),
    '22023', 'unknown key "max_attempts" in a schedule''s request',
    'a schedule''s request takes only the request RPC''s keys (no max_attempts)');
select throws_ok(format($$insert into public.schedules (project_id, name, cron, kind, request)
                          values (%L, 'huge', '* * * * *', 'image', %L)$$,
                        pg_temp.project('Evil work'), jsonb_build_object('prompt', repeat('x', 1048576))),
    '22023', 'a schedule''s request must be a JSON object of at most 64 KiB',
    'a 1 MiB request is refused');
insert into public.schedules (project_id, name, cron, kind, request)
values (pg_temp.project('Evil work'), 'fine', '* * * * *', 'image', '{"prompt": "a dawn", "priority": 5}');
select throws_ok($$update public.schedules set request = '{"priority": 100}' where name = 'fine'$$,
    '22023', 'priority must lie between -10 and 10', 'and so is an update of the request');
select tests.authenticate_as_service_role();
select pg_temp.legacy_schedule('legacy urgent', 'mallory', 'Evil work', '{"priority": 100, "prompt": "p"}');
select pg_temp.legacy_schedule('legacy stubborn', 'mallory', 'Evil work', '{"max_attempts": 25}');
select throws_ok($$select pg_temp.legacy_schedule('legacy huge', 'mallory', 'Evil work',
                                                 jsonb_build_object('prompt', repeat('x', 1048576)))$$,
    '23514', null, 'not even the platform stores a 1 MiB request (schedules_request_size)');
select pg_temp.make_due('fine');
select is(public.scheduler_tick(), 1, 'a tick runs only the valid schedule');
select is((select array_agg(g.priority || '/' || g.max_attempts) from public.generations g
           where g.organization_id = tests.org_id('evil')), '{5/3}',
    'with its own priority and the kind''s attempts');
select is((select array_agg(s.last_error order by s.name) from public.schedules s
           where s.name in ('legacy stubborn', 'legacy urgent')),
    array['paused: unknown key "max_attempts" in a schedule''s request',
          'paused: priority must lie between -10 and 10'],
    'schedules whose stored request breaks a bound start nothing and are paused, saying why');

-- ---------------------------------------------------------------------------
-- 3. a request naming its own parent and another organization's moodboard
-- ---------------------------------------------------------------------------
select tests.authenticate_as('mallory');
select public.request_generation(pg_temp.project('Evil work'), 'image', 'my own parent');
select throws_ok(format($$select public.request_generation(%L, 'image', 'overwrite', parent_id => %L,
                                                            moodboard_id => %L)$$,
                        pg_temp.project('Evil work'),
                        (select id from public.generations where prompt = 'my own parent'),
                        pg_temp.victim_moodboard()),
    'PT404', 'a referenced moodboard was not found in this project',
    'an own parent does not carry another organization''s moodboard into the request');
select is((select status from public.moodboards where id = pg_temp.victim_moodboard()), 'draft',
    'the victim''s moodboard stays a draft');
select throws_ok(format($$select public.request_generation(%L, 'image', 'scene too', scene_id => %L)$$,
                        pg_temp.project('Evil work'), gen_random_uuid()),
    'PT404', 'a referenced scene was not found in this project', 'a scene that does not exist is refused alike');
select throws_ok(format($$select public.request_generation(%L, 'image', 'too long', params => %L)$$,
                        pg_temp.project('Evil work'), jsonb_build_object('text', repeat('y', 100001))),
    '22023', 'params must be a JSON object of at most 100000 characters', 'params are bounded');

-- ---------------------------------------------------------------------------
-- 4. free kinds count against the API-call quota too
-- ---------------------------------------------------------------------------
select tests.authenticate_as_service_role();
insert into public.plans (id, name, monthly_credits, api_calls_per_day, api_calls_per_month)
values ('door_hundred', 'Hundred a day', 100, 100, 10000);
update public.subscriptions set plan_id = 'door_hundred' where organization_id = tests.org_id('evil');
delete from public.quota_limits where organization_id = tests.org_id('evil');  -- this month's, under the old plan
delete from public.api_call_counters where user_id = tests.get_user_id('mallory');
select is((select credits_per_unit from public.generation_prices where kind = 'video' and provider = '' and model = ''),
    0::bigint, 'a video costs 0 credits');
select tests.authenticate_as('mallory');
select lives_ok($$select public.request_generation(pg_temp.project('Evil work'), 'video', 'free ' || n)
                  from generate_series(1, 100) n$$, '100 free requests on a 100-a-day plan pass');
select throws_ok($$select public.request_generation(pg_temp.project('Evil work'), 'video', 'free 101')$$,
    'PT429', 'daily API-call limit of 100 reached', 'the 101st is refused although it costs nothing');
select tests.authenticate_as_service_role();
select is((select calls from public.api_call_counters where user_id = tests.get_user_id('mallory') and period = 'day'),
    100::bigint, 'each free request was counted once');

-- ---------------------------------------------------------------------------
-- the schedule runs as its owner, re-checked at every run
-- ---------------------------------------------------------------------------
select tests.authenticate_as('demoted');
insert into public.schedules (project_id, name, cron, kind, request)
values (pg_temp.project('Doomed work'), 'demoted nightly', '* * * * *', 'image', '{"prompt": "by the editor"}');
select tests.authenticate_as('doomed');
insert into public.schedules (project_id, name, cron, kind, request)
values (pg_temp.project('Doomed work'), 'doomed nightly', '* * * * *', 'image', '{"prompt": "by the owner"}');
select tests.authenticate_as_service_role();
update public.organization_members set role = 'viewer'
where organization_id = tests.org_id('doomed') and user_id = tests.get_user_id('demoted');
select pg_temp.make_due('demoted nightly');
select is(public.scheduler_tick(), 0, 'a schedule whose owner is no longer an editor starts nothing');
select is(row((pg_temp.schedule('demoted nightly')).enabled, (pg_temp.schedule('demoted nightly')).last_error)::text,
    '(f,"paused: project not found")', 'and is paused, saying why');
select tests.authenticate_as('doomed');
select throws_ok($$update public.schedules set enabled = true where name = 'demoted nightly'$$,
    'PT404', 'project not found', 'nor can another member switch it on again: it runs as its creator');

select tests.authenticate_as('doomed');
select public.delete_organization(tests.org_id('doomed'));
select tests.authenticate_as_service_role();
select pg_temp.make_due('doomed nightly');
select is(public.scheduler_tick(), 0, 'a deleted organization''s schedule starts nothing');
select is(row(pg_temp.generations_of('doomed'), pg_temp.held('doomed'))::text, '(0,0)', 'and holds nothing');
select is((pg_temp.schedule('doomed nightly')).enabled, false, 'it is paused');
select throws_ok(format($$select public.authorize_generation(%L, null, 10, 'doomed-hold')$$, tests.org_id('doomed')),
    'PT404', format('organization %s not found', tests.org_id('doomed')),
    'nor does the platform authorize anything for a deleted organization');

-- ---------------------------------------------------------------------------
-- the door is the only one
-- ---------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select is(
    array(select p.oid::regprocedure::text from pg_catalog.pg_proc p
          join pg_catalog.pg_namespace n on n.oid = p.pronamespace
          where n.nspname not in ('pg_catalog', 'information_schema', 'tests')
            and p.prosrc ~* '(insert|merge)\s+into\s+("?public"?\.)?"?generations"?(\s|\(|$)'
          order by 1),
    array['private.start_generation(generations,uuid)'],
    'private.start_generation is the only function that inserts generations');
select is(
    array(select r.rolname from pg_catalog.pg_roles r
          where r.rolname in ('anon', 'authenticated', 'service_role')
            and has_table_privilege(r.oid, 'public.generations', 'INSERT')),
    '{}'::name [], 'no API role inserts generations beside the door, not even the service role');
select * from finish();
rollback;
