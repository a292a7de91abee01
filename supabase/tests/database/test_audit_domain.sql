-- Domain changes are audited (issue 25, item 6; MODO: create/update/delete/export/share of
-- project, character, story): what people do, as a bounded diff, read by their organization's
-- admins; not the workers' progress, counters or cascades; sharing as explicit events.
begin;
\ir ../helpers/tests_schema.psql
select plan(20);

select tests.create_user(name) from unnest(array['owner', 'writer', 'rival']) name;
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'writer', 'editor');
select tests.create_organization('rival', 'globex');

-- acme's audit rows (other tests' committed rows may share the database)
create function pg_temp.audit(entity text, act text) returns setof public.audit_logs language sql security definer as $$
    select * from public.audit_logs a
    where a.entity_type = entity and a.action = act and a.organization_id = tests.org_id('acme')
    order by a.id
$$;
select tests.share_temp_functions();

select tests.authenticate_as('writer');
insert into public.projects (organization_id, created_by, title, slug)
values (tests.org_id('acme'), auth.uid(), 'Voyage', 'voyage');
insert into public.stories (project_id, title) select id, 'First draft' from public.projects;
insert into public.characters (project_id, name) select id, 'Mira' from public.projects;

select is((select (a.organization_id, a.user_id, a.new_values ->> 'title')::text from pg_temp.audit('stories', 'insert') a),
    (tests.org_id('acme'), tests.get_user_id('writer'), 'First draft')::text,
    'creating a story is audited: organization, author, the new row');
select is((select count(*) from pg_temp.audit('characters', 'insert')), 1::bigint, 'creating a character too');

update public.stories set title = 'Second draft', content = repeat('x', 5000);
select is((select a.changes -> 'title' from pg_temp.audit('stories', 'update') a),
    '{"old": "First draft", "new": "Second draft"}'::jsonb, 'an update keeps the changed column, old and new');
select is((select (a.old_values, a.new_values)::text from pg_temp.audit('stories', 'update') a), '(,)',
    'and not the whole rows');
select is((select a.changes -> 'content' -> 'new' ->> 'omitted_chars' from pg_temp.audit('stories', 'update') a), '5002',
    'a large value is kept as its length and MD5, not itself');
select ok((select not a.changes ? 'updated_at' from pg_temp.audit('stories', 'update') a),
    'nor updated_at');

-- the organization's admins read it; another organization does not
select tests.authenticate_as('owner');
select ok((select count(*) from public.audit_logs where entity_type in ('projects', 'stories', 'characters')) >= 4,
    'the owner reads the studio''s audit');
select tests.authenticate_as('rival');
select is((select count(*) from public.audit_logs where entity_type in ('projects', 'stories', 'characters')), 0::bigint,
    'another organization reads none of it');

-- a collaborator row has no organization of its own: it is the project's
select tests.authenticate_as('owner');
insert into public.project_collaborators (project_id, user_id, role)
select id, tests.get_user_id('writer'), 'writer' from public.projects;
select is((select a.organization_id from pg_temp.audit('project_collaborators', 'insert') a), tests.org_id('acme'),
    'a collaborator''s audit row belongs to the project''s organization');

-- counters and workers are not audited
insert into public.books (organization_id, title) values (tests.org_id('acme'), 'Lantern');
insert into public.chapters (book_id, chapter_number, content) select id, 1, 'Once.' from public.books;
select is((select count(*) from pg_temp.audit('books', 'update')), 0::bigint,
    'a chapter counted on its book (a trigger''s update) adds no audit row');
select is((select count(*) from pg_temp.audit('chapters', 'insert')), 1::bigint, 'the chapter itself is audited');
select tests.authenticate_as_service_role();
update public.stories set synopsis = 'written by a worker';
select is((select count(*) from pg_temp.audit('stories', 'update')), 1::bigint,
    'a worker''s change (service role, no user) adds no audit row');

-- sharing is an explicit event
select tests.authenticate_as('owner');
insert into public.assets (organization_id, type, title, filename, mime_type, storage_path)
values (tests.org_id('acme'), 'video', 'Film', 'film.mp4', 'video/mp4', 'acme/film.mp4');
select lives_ok($$select * from public.share_film((select id from public.assets where title = 'Film'), interval '1 day')$$,
    'the owner shares the film');
select is((select (a.entity_id, a.user_id, a.metadata ? 'share_id')::text from pg_temp.audit('assets', 'share') a),
    ((select id from public.assets where title = 'Film')::text, tests.get_user_id('owner'), true)::text,
    'sharing a film is audited as share, with the link''s id');
select lives_ok($$select public.revoke_film_share((select (a.metadata ->> 'share_id')::uuid from pg_temp.audit('assets', 'share') a))$$,
    'and revokes it');
select is((select count(*) from pg_temp.audit('assets', 'unshare')), 1::bigint, 'revoking is audited as unshare');
select lives_ok($$select public.create_project_share_link((select id from public.projects))$$, 'a project share link');
select is((select a.organization_id from pg_temp.audit('projects', 'share') a), tests.org_id('acme'),
    'sharing a project is audited as share');

-- deleting a project is one event: its stories and characters go by cascade, unaudited
delete from public.projects;
select is((select count(*) from pg_temp.audit('projects', 'delete')), 1::bigint, 'deleting a project is audited');
select is((select count(*) from pg_temp.audit('stories', 'delete')) + (select count(*) from pg_temp.audit('characters', 'delete')),
    0::bigint, 'its cascade is not, row by row');

select * from finish();
rollback;
