-- Lifecycle rules that used to be only columns: a project's published_at, an asset's usage.
begin;
\ir ../helpers/tests_schema.psql
select plan(7);

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

-- assets.usage_count / last_used_at: an input of a generation is a use
reset role;
select public.credits_grant(tests.org_id('studio'), 100, 'bonus', 'test-bonus');
select tests.authenticate_as('owner');
insert into public.assets (organization_id, project_id, type, filename, mime_type, size_bytes, storage_path)
values (tests.org_id('studio'), (select id from public.projects where title = 'Film'), 'image', 'ref.png', 'image/png',
        10, 'studio/ref.png');
select is((select row(usage_count, last_used_at)::text from public.assets where filename = 'ref.png'), '(0,)',
    'a new asset is unused');
create temporary table made on commit drop as
select * from public.request_generation((select id from public.projects where title = 'Film'), 'image', 'from a reference');
-- inputs are wired by the platform (pipelines, workflow runs, retries)
reset role;
insert into public.generation_inputs (generation_id, role, asset_id)
select m.id as generation_id, 'reference', a.id as asset_id from made m, public.assets a where a.filename = 'ref.png';
select tests.authenticate_as('owner');
select is((select row(usage_count, last_used_at = now())::text from public.assets where filename = 'ref.png'), '(1,t)',
    'given to a generation, it is used once, now');
select throws_ok($$update public.assets set usage_count = 99 where filename = 'ref.png'$$, '42501', null,
    'the count is not the client''s');

select * from finish();
rollback;
