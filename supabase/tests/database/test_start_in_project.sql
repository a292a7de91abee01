-- private.start_in_project: who may create a campaign or a content in a project (the editor role
-- in its organization, else the project answers as not found), how each starts (its first
-- statuses, for everyone) and that it starts live (project_deleted_at reset).
begin;
\ir ../helpers/tests_schema.psql
select plan(10);

select tests.create_user(name) from unnest(array['owner', 'editor', 'viewer']) name;
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'editor', 'editor');
select tests.add_member('acme', 'viewer', 'viewer');

create temporary table ids (name text primary key, id uuid) on commit drop;
grant all on ids to anon, authenticated, service_role;

select tests.authenticate_as('editor');
insert into public.projects (organization_id, created_by, title, slug)
values (tests.org_id('acme'), auth.uid(), 'Lantern', 'lantern');
insert into ids select 'project', id from public.projects where slug = 'lantern';

-- a member without the editor role meets the same answer as an outsider
select tests.authenticate_as('viewer');
select throws_ok($$insert into public.campaigns (project_id, title, goal_amount_cents)
                   select id, 'Viewer film', 100 from ids where name = 'project'$$, 'PT404', 'project not found',
    'a viewer cannot start a campaign in the project');
select throws_ok($$insert into public.contents (project_id, title, type)
                   select id, 'Viewer film', 'movie' from ids where name = 'project'$$, 'PT404', 'project not found',
    'nor a content');

-- an editor: the first statuses only, and the row starts live whatever the client sends
select tests.authenticate_as('editor');
select throws_ok($$insert into public.campaigns (project_id, title, goal_amount_cents, status)
                   select id, 'Born active', 100, 'active' from ids where name = 'project'$$, 'PT409',
    'a campaign starts as a draft, not active', 'a campaign is born a draft');
select lives_ok($$insert into public.contents (project_id, title, slug, type, status)
                  select id, 'Rendering', 'rendering', 'movie', 'processing' from ids where name = 'project'$$,
    'content may be born processing');
select lives_ok($$insert into public.campaigns (project_id, title, slug, goal_amount_cents, project_deleted_at)
                  select id, 'Live film', 'live-film', 100, now() from ids where name = 'project'$$,
    'an editor starts a campaign');
select lives_ok($$insert into public.contents (project_id, title, slug, type, project_deleted_at)
                  select id, 'Live content', 'live-content', 'movie', now() from ids where name = 'project'$$,
    'an editor starts a content');

select tests.authenticate_as_service_role();
select is((select project_deleted_at from public.campaigns where slug = 'live-film'), null,
    'a campaign starts live: project_deleted_at is not the client''s to send');
select is((select project_deleted_at from public.contents where slug = 'live-content'), null,
    'so does a content');

-- the platform needs no role, but starts things the same way
select lives_ok($$insert into public.campaigns (project_id, title, slug, goal_amount_cents, created_by)
                  select id, 'Platform film', 'platform-film', 100, tests.get_user_id('owner')
                  from ids where name = 'project'$$,
    'the service role starts a campaign without a membership');
select throws_ok($$insert into public.contents (project_id, title, type, status, created_by)
                   select id, 'Born published', 'movie', 'published', tests.get_user_id('owner')
                   from ids where name = 'project'$$, 'PT409',
    'content starts as a draft (or processing), not published', 'the first statuses hold for the platform too');

select * from finish();
rollback;
