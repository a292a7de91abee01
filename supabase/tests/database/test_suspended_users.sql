-- A suspended account (profiles.status = 'suspended') acts nowhere: the access primitive
-- (private.acting_user_id, under my_memberships and every project and community helper) gives
-- it no membership, collaboration or community rank, and RPCs refuse it. Lifting the
-- suspension restores everything.
begin;
\ir ../helpers/tests_schema.psql
select plan(13);

select tests.create_user(name) from unnest(array['owner', 'mallory', 'collab']) name;
select tests.create_organization('owner', 'studio');
select tests.add_member('studio', 'mallory', 'editor');
select public.credits_grant(tests.org_id('studio'), 1000, 'bonus', 'test-bonus');
insert into public.projects (organization_id, created_by, title, visibility)
values (tests.org_id('studio'), tests.get_user_id('owner'), 'Film', 'team'),
       (tests.org_id('studio'), tests.get_user_id('owner'), 'Secret', 'private');
create function pg_temp.project(name text) returns uuid language sql as $$
    select id from public.projects where title = name
$$;
grant execute on function pg_temp.project(text) to public;
insert into public.project_collaborators (project_id, user_id, role, permissions)
values (pg_temp.project('Secret'), tests.get_user_id('collab'), 'artist', '{view,edit,generate,comment}');
select tests.authenticate_as('owner');
insert into public.communities (organization_id, name, slug, visibility)
values (tests.org_id('studio'), 'Keepers', 'keepers', 'public');
select tests.authenticate_as('mallory');
select public.join_community((select id from public.communities where slug = 'keepers'));

reset role;
update public.profiles set status = 'suspended' where id in (tests.get_user_id('mallory'), tests.get_user_id('collab'));

select tests.authenticate_as('mallory');
select is((select count(*)::int from private.my_memberships), 0, 'a suspended member has no current membership');
select is((select count(*)::int from public.projects where organization_id = tests.org_id('studio')), 0,
    'and sees none of the organization''s projects');
select throws_ok($$insert into public.projects (organization_id, created_by, title)
                   values (tests.org_id('studio'), auth.uid(), 'Mine')$$, '42501', null, 'creates no project');
select throws_ok($$select public.request_generation(pg_temp.project('Film'), 'image', 'a lighthouse')$$,
    '42501', 'account suspended', 'requests no generation');
select throws_ok($$insert into public.discussions (community_id, title, content)
                   values ((select id from public.communities where slug = 'keepers'), 'Spam', 'spam')$$,
    '42501', null, 'posts in no community it joined');
select throws_ok($$select public.join_community((select id from public.communities where slug = 'keepers'))$$,
    '42501', 'account suspended', 'RPCs refuse it with a clear message');

select tests.authenticate_as('collab');
select is((select count(*)::int from public.projects where id = pg_temp.project('Secret')), 0,
    'a suspended collaborator no longer sees the project');
select is((select count(*)::int from (select private.editable_project_ids()) e), 0, 'nor edits it');
select throws_ok($$insert into public.feedback (project_id, created_by, title) values (pg_temp.project('Secret'), auth.uid(), 'x')$$,
    '42501', null, 'nor comments on it');
reset role;
select is(private.user_holds_project_permission(tests.get_user_id('collab'), pg_temp.project('Secret'), 'generate'), false,
    'work on its behalf (a schedule''s run) is refused too');

update public.profiles set status = 'active' where id in (tests.get_user_id('mallory'), tests.get_user_id('collab'));
select tests.authenticate_as('mallory');
select is((select count(*)::int from public.projects where organization_id = tests.org_id('studio')), 1,
    'lifting the suspension restores the membership');
select lives_ok($$select public.request_generation(pg_temp.project('Film'), 'image', 'a lighthouse')$$,
    'and the right to generate');
select tests.authenticate_as('collab');
select is((select count(*)::int from public.projects where id = pg_temp.project('Secret')), 1,
    'and the collaboration');

select * from finish();
rollback;
