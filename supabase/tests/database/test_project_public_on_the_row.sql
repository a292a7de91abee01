-- Whether a project is public is judged on its own row (private.project_is_public, issue 28):
-- its organization's deletion is mirrored onto it (organization_deleted_at) by
-- private.mirror_organization_deleted_at, and a client can set that column neither on insert nor
-- on update.
begin;
\ir ../helpers/tests_schema.psql
select plan(9);

select tests.create_user(name) from unnest(array['owner', 'outsider']) name;
select tests.create_organization('owner', 'studio');
select tests.authenticate_as('owner');
insert into public.projects (organization_id, title, slug, visibility, created_by, organization_deleted_at)
values (tests.org_id('studio'), 'Saga', 'saga', 'public', tests.get_user_id('owner'), now()),
       (tests.org_id('studio'), 'Draft', 'draft', 'team', tests.get_user_id('owner'), null);
select is((select organization_deleted_at from public.projects where slug = 'saga'), null,
    'a client''s new project starts with its organization live, whatever was sent');
update public.projects set organization_deleted_at = now() where slug = 'saga';
select is((select organization_deleted_at from public.projects where slug = 'saga'), null,
    'and cannot mark it as of a deleted organization (put back from the organization)');

select tests.clear_authentication();
select is((select array_agg(slug) from public.projects), array['saga'], 'anyone reads the public project only');
select ok(private.project_is_public(p), 'project_is_public says so') from public.projects p where slug = 'saga';

select tests.authenticate_as_service_role();
update public.organizations set deleted_at = now() where id = tests.org_id('studio');
select isnt((select organization_deleted_at from public.projects where slug = 'saga'), null,
    'a deleted organization''s projects carry its deletion');
select tests.clear_authentication();
select is((select count(*) from public.projects), 0::bigint, 'its public project is read by nobody');
select tests.authenticate_as('outsider');
select is((select count(*) from public.projects), 0::bigint, 'not by a signed-in outsider either');
select tests.authenticate_as_service_role();
update public.organizations set deleted_at = null where id = tests.org_id('studio');
select is((select organization_deleted_at from public.projects where slug = 'saga'), null, 'restoring clears it');
select tests.clear_authentication();
select is((select array_agg(slug) from public.projects), array['saga'], 'and the public project is public again');

select * from finish();
rollback;
