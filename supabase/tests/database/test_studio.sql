-- Projects, the IP bible, books and the library: access by role, collaborators, public
-- and shared access, soft delete, counters, version snapshots, constraints.
begin;
\ir ../helpers/tests_schema.psql
select plan(46);

select tests.create_user(name)
from unnest(array['owner', 'admin', 'editor', 'viewer', 'outsider', 'collab_edit', 'collab_view']) name;
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'admin', 'admin');
select tests.add_member('acme', 'editor', 'editor');
select tests.add_member('acme', 'viewer', 'viewer');
select tests.create_organization('outsider', 'globex');

-- projects as their creators make them
select tests.authenticate_as('editor');
insert into public.projects (organization_id, created_by, title, visibility, slug)
values (tests.org_id('acme'), auth.uid(), 'Team Film', 'team', 'team-film'),
       (tests.org_id('acme'), auth.uid(), 'Secret Film', 'private', 'secret-film'),
       (tests.org_id('acme'), auth.uid(), 'Open Film', 'public', 'open-film');
select throws_ok($$insert into public.projects (organization_id, created_by, title)
                   values (tests.org_id('globex'), auth.uid(), 'Not mine')$$, '42501', null,
    'nobody creates projects in another organization');

reset role;
create function pg_temp.project(slug text) returns uuid language sql as $$
    select id from public.projects where projects.slug = project.slug
$$;
select tests.share_temp_functions();
insert into public.project_collaborators (project_id, user_id, role, permissions) values
(pg_temp.project('secret-film'), tests.get_user_id('collab_edit'), 'writer', '{view,edit}'),
(pg_temp.project('secret-film'), tests.get_user_id('collab_view'), 'reviewer', '{view}');

-- visibility
select tests.authenticate_as('viewer');
select results_eq($$select title from public.projects order by title$$, array['Open Film', 'Team Film'],
    'a viewer sees team and public projects, not a private one');
select tests.authenticate_as('admin');
select results_eq($$select count(*)::int from public.projects$$, array[3], 'an admin sees private projects too');
select tests.authenticate_as('collab_view');
select results_eq($$select title from public.projects order by title$$, array['Open Film', 'Secret Film'],
    'a collaborator sees the project they work on (and public ones)');
select tests.authenticate_as('outsider');
select results_eq($$select title from public.projects$$, array['Open Film'], 'an outsider sees only public projects');
select tests.clear_authentication();
select results_eq($$select title from public.projects$$, array['Open Film'], 'so does anon');

-- the IP bible follows its project
select tests.authenticate_as('editor');
insert into public.stories (project_id, organization_id, title, premise)
values (pg_temp.project('secret-film'), tests.org_id('globex'), 'Draft', 'A keeper of lights');
select is((select organization_id from public.stories where title = 'Draft'), tests.org_id('acme'),
    'a child row takes its project''s organization, whatever the client sent');
insert into public.stories (project_id, title) values (pg_temp.project('open-film'), 'Public tale');
insert into public.characters (project_id, name, role, archetype, psychological, swot_analysis, want, need, lie, ghost)
values (pg_temp.project('open-film'), 'Mara', 'protagonist', 'Hero', '{"fear": "the dark"}', '{"strengths": ["brave"]}',
        'find her grandfather', 'forgive him', 'she is alone', 'the night of the storm');
select tests.authenticate_as('viewer');
select throws_ok(format('select public.soft_delete(%L, %L)', 'stories', (select id from public.stories where title = 'Public tale')),
    'PT404', null, 'viewers cannot delete');
select throws_ok($$insert into public.stories (project_id, title) values (pg_temp.project('team-film'), 'nope')$$,
    '42501', null, 'viewers cannot write the IP bible');
select is_empty($$select 1 from public.stories where title = 'Draft'$$, 'viewers do not see a private project''s story');
select tests.authenticate_as('collab_edit');
select isnt_empty($$update public.stories set synopsis = 'Revised' where title = 'Draft' returning id$$,
    'a collaborator with edit rights edits the story');
select tests.authenticate_as('collab_view');
select isnt_empty($$select 1 from public.stories where title = 'Draft'$$, 'a read-only collaborator reads it');
select is_empty($$update public.stories set synopsis = 'Mine' where title = 'Draft' returning id$$,
    'but cannot change it');
select tests.clear_authentication();
select results_eq($$select name from public.characters$$, array['Mara'], 'anon reads a public project''s characters');
select is_empty($$select 1 from public.stories where title = 'Draft'$$, 'but nothing of private ones');
select throws_ok($$insert into public.stories (project_id, title) values (pg_temp.project('open-film'), 'x')$$,
    '42501', null, 'and writes nothing');

-- soft delete hides rows from clients
select tests.authenticate_as('editor');
select throws_ok($$update public.stories set deleted_at = now() where title = 'Public tale'$$, '42501', null,
    'a plain update cannot hide a row (the select policy hides deleted rows)');
select public.soft_delete('stories', (select id from public.stories where title = 'Public tale'));
select is_empty($$select 1 from public.stories where title = 'Public tale'$$, 'soft_delete hides the story');
reset role;
select isnt_empty($$select 1 from public.stories where title = 'Public tale'$$, 'but kept');

-- version snapshots and the story's version number
select is((select version from public.stories where title = 'Draft'), 2, 'each change bumps the story''s version');
select results_eq(
    $$select version_number, changes_summary from public.versions v join public.stories s on s.id = v.entity_id
      where s.title = 'Draft' order by version_number$$,
    $$values (1, 'created'), (2, 'changed: synopsis')$$, 'every change writes a snapshot with what changed');
select is((select diff_data from public.versions v join public.stories s on s.id = v.entity_id
           where s.title = 'Draft' and version_number = 2), '{"synopsis": {"new": "Revised", "old": null}}'::jsonb,
    'the snapshot carries the diff');
select ok((select parent_version_id is not null from public.versions v join public.stories s on s.id = v.entity_id
           where s.title = 'Draft' and version_number = 2), 'and its parent version');
update public.projects set title = 'Team Film II' where slug = 'team-film';
select is((select count(*)::int from public.versions where entity_type = 'project' and entity_id = pg_temp.project('team-film')),
    2, 'project changes are snapshotted too');

-- books, chapters, counters and constraints
select tests.authenticate_as('editor');
insert into public.books (organization_id, title) values (tests.org_id('acme'), 'The Lantern Keeper');
insert into public.chapters (book_id, chapter_number, title, content)
select id, n, 'Chapter ' || n as title, 'Text of chapter ' || n as content from public.books, generate_series(1, 3) n;
select is((select total_chapters from public.books where title = 'The Lantern Keeper'), 3, 'the book counts its chapters');
select public.soft_delete('chapters', (select id from public.chapters where chapter_number = 3));
select is((select total_chapters from public.books where title = 'The Lantern Keeper'), 2,
    'a soft-deleted chapter leaves the count');
select throws_ok($$insert into public.chapters (book_id, chapter_number) select id, 0 from public.books$$, '23514', null,
    'chapter numbers are positive');
select throws_ok($$insert into public.chapters (book_id, chapter_number) select id, 1 from public.books$$, '23505', null,
    'and unique per book');
select throws_ok($$update public.books set total_chapters = 99$$, '42501', null, 'counters are not client-writable');
select throws_ok($$update public.projects set visibility = 'everyone' where slug = 'team-film'$$, '23514', null,
    'enumerated fields are checked');
insert into public.scripts (chapter_id, script)
select id, 'INT. LIGHTHOUSE - NIGHT' as script from public.chapters where chapter_number = 1;
insert into public.scenes (script_id, scene_number, location, time_of_day)
select id, n, 'Lighthouse' as location, 'night' as time_of_day from public.scripts, generate_series(1, 4) n;
select is((select scene_count from public.scripts), 4, 'a script counts its scenes');
select tests.authenticate_as('outsider');
select is_empty($$select 1 from public.chapters$$, 'outsiders read no chapters');
select tests.authenticate_as('viewer');
select is((select count(*)::int from public.chapters), 2, 'members read their organization''s live chapters');

-- prompts: counters, public sharing
select tests.authenticate_as('editor');
insert into public.prompts (organization_id, created_by, title, content, is_public, variables)
values (tests.org_id('acme'), auth.uid(), 'Scene', 'A {{mood}} scene at {{ place }}', true, '["mood", "place"]'),
       (tests.org_id('acme'), auth.uid(), 'Internal', 'secret sauce', false, '[]');
select is(public.use_prompt((select id from public.prompts where title = 'Scene'), '{"mood": "stormy", "place": "sea"}'),
    'A stormy scene at sea', 'use_prompt fills in the variables');
select throws_ok(format('select public.use_prompt(%L)', (select id from public.prompts where title = 'Scene')), '22023',
    'missing values for prompt variables: mood, place', 'and names the ones missing');
select tests.authenticate_as('outsider');
select public.use_prompt((select id from public.prompts where title = 'Scene'), '{"mood": "calm", "place": "home"}');
insert into public.prompt_ratings (prompt_id, user_id, rating)
select id, auth.uid() as user_id, 4 as rating from public.prompts where title = 'Scene';
select tests.clear_authentication();
select results_eq($$select title, usage_count, rating from public.prompts$$, $$values ('Scene', 2::bigint, 4.00)$$,
    'public prompts are readable by anon, with their usage count and rating');

-- share links
select tests.authenticate_as('viewer');
select throws_ok(format('select public.create_project_share_link(%L)', pg_temp.project('team-film')), 'PT404', null,
    'viewers cannot share a project');
select tests.authenticate_as('collab_edit');
create temporary table link on commit drop as
select public.create_project_share_link(pg_temp.project('secret-film')) as token;
grant select on link to anon;
select tests.clear_authentication();
select is(public.get_shared_project((select token from link)) -> 'project' ->> 'title', 'Secret Film',
    'a share link opens its project to anyone, read-only');
select is(jsonb_array_length(public.get_shared_project((select token from link)) -> 'stories'), 1,
    'with its live stories');
select is_empty($$select 1 from public.projects where slug = 'secret-film'$$, 'but nothing else of it through the API');
select throws_ok($$select public.get_shared_project('shr_guess')$$, 'PT404', 'share link not found', 'tokens are not guessable');
select tests.authenticate_as('collab_edit');
select public.revoke_project_share_link(pg_temp.project('secret-film'));
select tests.clear_authentication();
select throws_ok($$select public.get_shared_project((select token from link))$$, 'PT404', null,
    'a revoked link opens nothing');

-- storage accounting
reset role;
update public.organizations set storage_limit_bytes = 1500 where slug = 'acme';
select tests.authenticate_as('editor');
insert into public.assets (organization_id, type, filename, mime_type, size_bytes, storage_path)
values (tests.org_id('acme'), 'image', 'a.png', 'image/png', 1000, 'acme/a.png');
select is((select storage_used_bytes from public.organizations where slug = 'acme'), 1000::bigint,
    'uploads count into the organization''s storage');
select throws_ok($$insert into public.assets (organization_id, type, filename, mime_type, size_bytes, storage_path)
                   values (tests.org_id('acme'), 'image', 'b.png', 'image/png', 600, 'acme/b.png')$$,
    'PT507', 'storage limit of 1500 bytes reached', 'an upload beyond the limit is refused');
select public.soft_delete('assets', (select id from public.assets where filename = 'a.png'));
select is((select storage_used_bytes from public.organizations where slug = 'acme'), 0::bigint,
    'a deleted asset frees its bytes');

-- supabase-js `.insert(row).select()`: the new row is judged by its own columns, and the
-- creator column defaults to the caller
with made as (
    insert into public.projects (organization_id, title, visibility, slug)
    values (tests.org_id('acme'), 'Returned Film', 'private', 'returned-film')
    returning created_by, title
)

select is((select (created_by = auth.uid(), title)::text from made), '(t,"Returned Film")',
    'insert … returning gives a new private project back to its creator, who need not send created_by');

select * from finish();
rollback;
