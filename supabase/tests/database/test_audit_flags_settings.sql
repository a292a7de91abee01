-- Audit log, feature flags and system settings.
begin;
\ir ../helpers/tests_schema.psql
select plan(22);

select tests.create_user(name) from unnest(array['owner', 'admin', 'editor', 'outsider']) name;
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'admin', 'admin');
select tests.add_member('acme', 'editor', 'editor');
select tests.create_organization('outsider', 'globex');

-- the trigger records who changed what
select tests.authenticate_as('admin');
update public.organizations set name = 'Acme Studios', description = 'films' where slug = 'acme';
reset role;
select is(
    (select changes from public.audit_logs where organization_id = tests.org_id('acme') and action = 'update'),
    '{"name": {"new": "Acme Studios", "old": "Acme"}, "description": {"new": "films", "old": null}}'::jsonb,
    'an update records the diff'
);
select is((select user_id from public.audit_logs where organization_id = tests.org_id('acme') and action = 'update'),
    tests.get_user_id('admin'), 'and the actor');
select is((select actor_role from public.audit_logs where organization_id = tests.org_id('acme') and action = 'update'),
    'authenticated', 'and the actor''s role');

-- bookkeeping-only updates are not recorded
select tests.authenticate_as('admin');
create temporary table issued on commit drop as select * from public.create_api_key(tests.org_id('acme'), 'ci');
grant select on issued to service_role;
select tests.authenticate_as_service_role();
select public.resolve_api_key((select api_key from issued));
reset role;
select is((select count(*)::int from public.audit_logs
           where organization_id = tests.org_id('acme') and entity_type = 'api_keys'), 1,
    'using an API key (last_used_at) adds no audit row');

-- who reads the log
select tests.authenticate_as('admin');
select ok((select count(*) from public.audit_logs) > 0, 'admins read their organization''s log');
select is_empty(format('select 1 from public.audit_logs where organization_id = %L', tests.org_id('globex')),
    'but not another organization''s');
select tests.authenticate_as('editor');
select is_empty(format('select 1 from public.audit_logs where organization_id = %L', tests.org_id('acme')),
    'editors read none of the organization''s log');
select tests.clear_authentication();
select throws_ok($$select 1 from public.audit_logs$$, '42501', null, 'anon cannot read the log');

-- nobody rewrites it
select tests.authenticate_as('admin');
select throws_ok($$delete from public.audit_logs$$, '42501', null, 'clients cannot delete audit rows');
select tests.authenticate_as_service_role();
select throws_ok($$update public.audit_logs set action = 'nothing'$$, '42501', 'audit_logs rows are append-only: they cannot be changed or deleted',
    'not even the service role');
reset role;
select throws_ok($$delete from public.audit_logs$$, '42501', null, 'nor the database owner');

-- partitions: a row for a month without a partition lands in the default one, and moves
-- into its own partition when the scheduler creates it
select private.ensure_monthly_partitions('public.audit_logs', 4);
insert into public.audit_logs (action, entity_type, created_at) values ('test', 'far_future', now() + interval '5 months');
select is((select count(*)::int from private.audit_logs_default where entity_type = 'far_future'), 1,
    'no partition yet: the default partition takes it');
select is(private.ensure_monthly_partitions('public.audit_logs', 6), 2, 'the scheduler creates the missing months');
select is((select tableoid::regclass::text from public.audit_logs where entity_type = 'far_future'),
    'private.audit_logs_y' || to_char(now() + interval '5 months', 'YYYY') || 'm' || to_char(now() + interval '5 months', 'MM'),
    'and the row moved into its month');

-- feature flags
insert into public.feature_flags (key, enabled, target_type, rollout_percentage) values ('new_editor', true, 'percentage', 30);
insert into public.feature_flags (key, enabled, target_type, target_organization_ids)
values ('beta_render', true, 'organizations', array[tests.org_id('acme')]);
select ok(
    (select abs(count(*) filter (where public.is_feature_enabled('new_editor', u)) - 600) < 90
     from (select gen_random_uuid() as u from generate_series(1, 2000)) s),
    'a 30% rollout enables about 30% of users'
);
select ok(
    (select bool_and(public.is_feature_enabled('new_editor', u) = public.is_feature_enabled('new_editor', u))
     from (select gen_random_uuid() as u from generate_series(1, 200)) s),
    'a user stays in or out of a rollout'
);
select tests.authenticate_as('editor');
select ok(public.is_feature_enabled('beta_render', null, tests.org_id('acme')), 'an organization-targeted flag is on for it');
select throws_ok(format('select public.is_feature_enabled(%L, %L)', 'new_editor', tests.get_user_id('owner')), '42501', null,
    'clients ask only about themselves');

-- system settings: public ones for everyone, anon included; writes for the service role only
reset role;
insert into public.system_settings (key, value) values ('stripe.mode', '"test"');
select tests.clear_authentication();
select results_eq($$select key from public.system_settings order by key$$,
    array['billing.emergency_stop', 'maintenance_mode', 'signup_enabled'],
    'anon reads public settings only');
select throws_ok($$update public.system_settings set value = 'true' where key = 'maintenance_mode'$$, '42501', null,
    'anon cannot change settings');

-- follows: as yourself only
select tests.authenticate_as('editor');
select lives_ok(format('insert into public.user_follows (follower_id, following_id) values (auth.uid(), %L)',
    tests.get_user_id('owner')), 'a user follows another');
select throws_ok(format('insert into public.user_follows (follower_id, following_id) values (%L, %L)',
    tests.get_user_id('owner'), tests.get_user_id('admin')), '42501', null, 'nobody follows on someone else''s behalf');

select * from finish();
rollback;
