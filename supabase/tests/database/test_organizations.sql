-- Organization access by role, cross-organization isolation, and the membership RPCs.
begin;
\ir ../helpers/tests_schema.psql
select plan(40);

select tests.create_user(name) from unnest(array['owner', 'admin', 'editor', 'viewer', 'outsider', 'owner2']) name;
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'admin', 'admin');
select tests.add_member('acme', 'editor', 'editor');
select tests.add_member('acme', 'viewer', 'viewer');
select tests.create_organization('owner2', 'globex');

-- reading
select tests.authenticate_as('viewer');
select results_eq($$select slug from public.organizations where not is_personal$$, array['acme'],
    'a viewer sees their organization, not another');
select is((select count(*)::int from public.organization_members where organization_id = tests.org_id('acme')), 4,
    'members see the whole roster');
select is_empty($$select 1 from public.organization_members where organization_id = tests.org_id('globex')$$,
    'nobody sees another organization''s members');
select tests.authenticate_as('outsider');
select results_eq($$select count(*)::int from public.organizations$$, array[1],
    'an outsider sees only their personal organization');

-- editing the organization: admins and owners only; protected columns never
select tests.authenticate_as('editor');
select is_empty($$update public.organizations set name = 'Editor Co' where slug = 'acme' returning id$$,
    'an editor cannot rename the organization');
select tests.authenticate_as('admin');
select isnt_empty($$update public.organizations set name = 'Acme Studios' where slug = 'acme' returning id$$,
    'an admin renames the organization');
update public.organizations set created_at = '2000-01-01', name = 'Acme Studios' where slug = 'acme';
select isnt((select created_at from public.organizations where slug = 'acme'), '2000-01-01'::timestamptz,
    'an admin''s update cannot move when the organization was made (kept, as on every table)');
select throws_ok($$update public.organizations set plan = 'enterprise' where slug = 'acme'$$,
    '42501', 'column organizations.plan cannot be changed by clients', 'nobody upgrades the plan by hand');
select throws_ok($$update public.organizations set is_personal = true where slug = 'acme'$$,
    '42501', null, 'the personal flag is immutable');
select throws_ok($$update public.organizations set primary_owner_user_id = auth.uid() where slug = 'acme'$$,
    '42501', null, 'the owner is changed only by transfer_ownership');
select throws_ok($$insert into public.organizations (name, slug, primary_owner_user_id) values ('x', 'x', auth.uid())$$,
    '42501', null, 'organizations are created only through create_organization');
select throws_ok($$insert into public.organization_members (organization_id, user_id, role)
                   values (tests.org_id('globex'), auth.uid(), 'owner')$$,
    '42501', null, 'nobody adds themselves to an organization');
select throws_ok($$update public.organization_members set role = 'owner' where user_id = auth.uid()$$,
    '42501', null, 'nobody raises their own role by update');

-- create_organization
select tests.authenticate_as('outsider');
select is((public.create_organization('Initech', 'initech')).slug, 'initech', 'create_organization returns the new organization');
select is((select role::text from public.organization_members where organization_id = tests.org_id('initech')), 'owner',
    'the caller owns the organization they created');
select throws_ok($$select public.create_organization('Again', 'initech')$$, '23505', 'slug "initech" is already taken',
    'slugs are unique');
select throws_ok($$select public.create_organization('Bad', 'Not A Slug')$$, '22023', null, 'slugs must be URL-safe');
select tests.clear_authentication();
select throws_ok($$select public.create_organization('Anon', 'anon-co')$$, '42501', null,
    'anon cannot call the RPC at all');

-- change_member_role
select tests.authenticate_as('admin');
select throws_ok($$select public.change_member_role(tests.org_id('acme'), auth.uid(), 'owner')$$,
    '42501', 'you cannot change your own role', 'nobody raises their own role');
select throws_ok($$select public.change_member_role(tests.org_id('acme'), tests.get_user_id('owner'), 'viewer')$$,
    '42501', null, 'admins cannot touch owners');
select throws_ok($$select public.change_member_role(tests.org_id('acme'), tests.get_user_id('editor'), 'owner')$$,
    '42501', null, 'admins cannot make owners');
select is((public.change_member_role(tests.org_id('acme'), tests.get_user_id('viewer'), 'editor')).role::text, 'editor',
    'an admin promotes a viewer to editor');
select throws_ok($$select public.change_member_role(tests.org_id('acme'), tests.get_user_id('outsider'), 'viewer')$$,
    'PT404', null, 'changing a non-member fails clearly');
select tests.authenticate_as('editor');
select throws_ok($$select public.change_member_role(tests.org_id('acme'), tests.get_user_id('viewer'), 'viewer')$$,
    '42501', 'only admins and above may change roles', 'editors cannot change roles');
select tests.authenticate_as('outsider');
select throws_ok($$select public.change_member_role(tests.org_id('acme'), tests.get_user_id('viewer'), 'viewer')$$,
    'PT404', null, 'outsiders learn nothing about the organization');
select tests.authenticate_as('owner');
select throws_ok($$select public.change_member_role(tests.org_id('acme'), tests.get_user_id('owner'), 'admin')$$,
    '42501', null, 'the owner cannot demote themselves either');

-- remove_member and leave_organization
select tests.authenticate_as('admin');
select throws_ok($$select public.remove_member(tests.org_id('acme'), tests.get_user_id('owner'))$$,
    '42501', 'admins cannot remove owners', 'admins cannot remove owners');
select lives_ok($$select public.remove_member(tests.org_id('acme'), tests.get_user_id('viewer'))$$,
    'an admin removes a member');
select tests.authenticate_as('owner');
select throws_ok($$select public.leave_organization(tests.org_id('acme'))$$, 'PT409', null,
    'the primary owner cannot leave');
select throws_ok(format('select public.leave_organization(%L)',
    (select id from public.organizations where is_personal and primary_owner_user_id = auth.uid())),
    'PT409', 'you cannot leave your personal organization', 'nobody leaves their personal organization');
select tests.authenticate_as('editor');
select lives_ok($$select public.leave_organization(tests.org_id('acme'))$$, 'a member leaves');
select is_empty($$select 1 from public.organizations where slug = 'acme'$$, 'after leaving, the organization is gone from view');

-- transfer_ownership keeps exactly the owners it should
select tests.authenticate_as('admin');
select throws_ok($$select public.transfer_ownership(tests.org_id('acme'), auth.uid())$$, '42501', null,
    'only the primary owner transfers ownership');
select tests.authenticate_as('owner');
select is((public.transfer_ownership(tests.org_id('acme'), tests.get_user_id('admin'))).primary_owner_user_id,
    tests.get_user_id('admin'), 'ownership moves to the new owner');
select results_eq(
    $$select role::text from public.organization_members where organization_id = tests.org_id('acme') order by role desc$$,
    array['owner', 'admin'], 'the new owner owns, the old one is an admin');

-- an organization always keeps an owner, even for direct writes by the service role
reset role;
select throws_ok(
    $$with demoted as (update public.organization_members set role = 'admin'
                       where organization_id = tests.org_id('globex') returning 1)
      select count(*) from demoted; set constraints ensure_an_owner_remains immediate$$,
    'PT409', null, 'the last owner cannot be demoted'
);

-- delete_organization: soft delete, after which membership grants nothing
select tests.authenticate_as('owner');
select throws_ok($$select public.delete_organization(tests.org_id('acme'))$$, '42501', null,
    'only the primary owner deletes');
select tests.authenticate_as('admin');
select lives_ok($$select public.delete_organization(tests.org_id('acme'))$$, 'the primary owner deletes');
select is_empty($$select 1 from public.organizations where slug = 'acme'$$, 'a deleted organization disappears');
select tests.authenticate_as('owner');
select is_empty($$select 1 from public.organization_members where organization_id = tests.org_id('acme')$$,
    'its roster is hidden from former members');

select * from finish();
rollback;
