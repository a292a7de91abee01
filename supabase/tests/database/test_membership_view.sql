-- private.my_memberships, read by the audit_logs policy: the caller's current memberships only,
-- organizations that are not deleted only.
begin;
\ir ../helpers/tests_schema.psql
select plan(13);

select tests.create_user(name) from unnest(array['owner', 'admin', 'removed', 'outsider']) name;
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'admin', 'admin');
select tests.add_member('acme', 'removed', 'admin');
select tests.create_organization('owner', 'doomed');
select tests.add_member('doomed', 'admin', 'admin');
select tests.create_organization('outsider', 'globex');

select tests.authenticate_as('admin');
select set_eq(
    'select organization_id from private.my_memberships',
    format('select unnest(array[%L, %L]::uuid[]) union select id from public.organizations where is_personal '
        'and primary_owner_user_id = %L', tests.org_id('acme'), tests.org_id('doomed'), tests.get_user_id('admin')),
    'the view holds the caller''s memberships: both teams and their personal organization'
);
select ok((select count(*) from public.audit_logs where organization_id = tests.org_id('doomed')) > 0,
    'an admin reads the log of each of their organizations');

-- a deleted organization disappears from the view and its log from the policy
select tests.authenticate_as('owner');
select public.delete_organization(tests.org_id('doomed'));
select tests.authenticate_as('admin');
select is_empty(format('select 1 from private.my_memberships where organization_id = %L', tests.org_id('doomed')),
    'a deleted organization leaves the view');
select is_empty(format('select 1 from public.audit_logs where organization_id = %L', tests.org_id('doomed')),
    'and its log is hidden from its former admins');
select ok((select count(*) from public.audit_logs where organization_id = tests.org_id('acme')) > 0,
    'while the other organization''s log stays readable');

-- the deletion is mirrored onto the memberships (what the view reads), and not audited as
-- a change of each membership; a client cannot clear it
select tests.authenticate_as_service_role();
select is((select count(*) from public.organization_members
           where organization_id = tests.org_id('doomed') and organization_deleted_at is distinct from
                 (select deleted_at from public.organizations where id = tests.org_id('doomed'))), 0::bigint,
    'every membership of the deleted organization carries its deletion time');
select is_empty(format($$select 1 from public.audit_logs where entity_type = 'organization_members'
                        and action = 'update' and organization_id = %L$$, tests.org_id('doomed')),
    'mirroring the deletion writes no membership audit rows');
select tests.authenticate_as('admin');
select throws_ok(format($$update public.organization_members set organization_deleted_at = null
                          where organization_id = %L$$, tests.org_id('doomed')), '42501', null,
    'a member cannot revive a membership of a deleted organization');
-- restoring the organization (support, as service_role) brings its memberships back
select tests.authenticate_as_service_role();
update public.organizations set deleted_at = null where id = tests.org_id('doomed');
select tests.authenticate_as('admin');
select isnt_empty(format('select 1 from private.my_memberships where organization_id = %L', tests.org_id('doomed')),
    'a restored organization is back in the view');

-- membership is read at each statement: a removed admin loses the log at once
select tests.authenticate_as('removed');
select ok((select count(*) from public.audit_logs where organization_id = tests.org_id('acme')) > 0,
    'an admin reads the log');
select tests.authenticate_as('owner');
select public.remove_member(tests.org_id('acme'), tests.get_user_id('removed'));
select tests.authenticate_as('removed');
select is_empty(format('select 1 from public.audit_logs where organization_id = %L', tests.org_id('acme')),
    'after removal, none of it');

select tests.authenticate_as('outsider');
select is_empty(format('select 1 from private.my_memberships where organization_id = %L', tests.org_id('acme')),
    'nobody sees another user''s memberships through the view');
select tests.clear_authentication();
select throws_ok('select 1 from private.my_memberships', '42501', null, 'anon cannot read the view');

select * from finish();
rollback;
