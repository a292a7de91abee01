-- Lifecycle rules that used to be only columns: a project's published_at, archived workflows.
begin;
\ir ../helpers/tests_schema.psql
select plan(4);

select tests.create_user('owner');
select tests.create_organization('owner', 'studio');
select tests.authenticate_as('owner');

-- projects.published_at
insert into public.projects (organization_id, title, published_at) values (tests.org_id('studio'), 'Film', '2001-01-01');
select is((select published_at from public.projects where title = 'Film'), null,
    'a draft is not published, whatever the client sent');
update public.projects set status = 'published' where title = 'Film';
select is((select published_at from public.projects where title = 'Film'), now(),
    'becoming published stamps published_at');
update public.projects set status = 'archived', published_at = '2001-01-01' where title = 'Film';
update public.projects set status = 'published' where title = 'Film';
select is((select published_at from public.projects where title = 'Film'), now(),
    'it keeps the first publication through unpublishing and republishing, and clients cannot move it');
insert into public.projects (organization_id, title, status) values (tests.org_id('studio'), 'Released', 'published');
select is((select published_at from public.projects where title = 'Released'), now(),
    'a project created published is stamped at once');

select * from finish();
rollback;
