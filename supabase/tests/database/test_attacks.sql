-- Attacks by an ordinary signed-up account, acting through the API roles as PostgREST does:
-- moving rows into another organization, calling internal functions, rights that outlive
-- membership, reading deleted things, inflating counters, sequences, existence oracles.
begin;
\ir ../helpers/tests_schema.psql
select plan(32);

select tests.create_user(name) from unnest(array['mallory', 'victim', 'vic_viewer', 'maker']) name;
select tests.create_organization('mallory', 'evil');
select tests.create_organization('victim', 'target');
select tests.add_member('target', 'vic_viewer', 'viewer');
select tests.add_member('target', 'maker', 'editor');

-- mallory's own project, with content of every family; the victim's project
select tests.authenticate_as('mallory');
insert into public.projects (organization_id, created_by, title, slug)
values (tests.org_id('evil'), auth.uid(), 'Mine', 'mine');
create temporary table mine on commit drop as select id from public.projects where slug = 'mine';
grant select on mine to public;
insert into public.stories (project_id, title) select id, 'S' from mine;
insert into public.universes (project_id, name) select id, 'U' from mine;
insert into public.characters (project_id, name) select id, 'C' from mine;
insert into public.books (project_id, title) select id, 'B' from mine;
insert into public.brand_policies (project_id, brand_name) select id, 'Brand' from mine;
insert into public.feedback (project_id, created_by, title) select id, auth.uid(), 'Re-enter your card' from mine;
insert into public.assets (project_id, type, filename, mime_type, storage_path, size_bytes)
select id, 'image', 'x.png', 'image/png', 'shared/x.png', 10 from mine;

select tests.authenticate_as('victim');
insert into public.projects (organization_id, created_by, title, slug, visibility)
values (tests.org_id('target'), auth.uid(), 'Theirs', 'theirs', 'public');
insert into public.stories (project_id, title) select id, 'Secret story' from public.projects where slug = 'theirs';
insert into public.assets (organization_id, type, filename, mime_type, storage_bucket, storage_path, size_bytes)
values (tests.org_id('target'), 'image', 'y.png', 'image/png', 'media', 'victim/y.png', 10);

-- 1. rows cannot be moved into another organization
select tests.authenticate_as('mallory');
select throws_ok(format($$update public.%I set organization_id = %L$$, t, tests.org_id('target')),
    '42501', null, format('%s.organization_id cannot be set by a client', t))
from unnest(array['assets', 'stories', 'books', 'characters', 'universes', 'brand_policies', 'feedback']) t;
select throws_ok(format($$update public.stories set project_id = %L$$, (select id from public.projects where slug = 'theirs')),
    '42501', null, 'a story cannot be moved to another project');
select is((select count(*) from public.feedback where organization_id = tests.org_id('target')), 0::bigint,
    'no feedback landed in the victim''s organization');

-- 2. internal functions are not executable by the API roles
select tests.clear_authentication();
select throws_ok($$select private.ensure_monthly_partitions('public.audit_logs', 200)$$, '42501', null,
    'anon cannot create partitions');
select throws_ok($$select private.refresh_usage_rollups(100000)$$, '42501', null,
    'anon cannot rebuild the usage rollups');
select tests.authenticate_as('mallory');
select throws_ok($$select private.ensure_monthly_partitions('public.audit_logs', 200)$$, '42501', null,
    'a signed-in user cannot create partitions');

-- 10. sequences: no setval, no nextval
select tests.clear_authentication();
select throws_ok($$select setval('public.credit_transactions_id_seq', 9223372036854775807)$$, '42501', null,
    'anon cannot move the ledger''s sequence');
select tests.authenticate_as('mallory');
select throws_ok($$select nextval('public.credit_transactions_id_seq')$$, '42501', null,
    'a signed-in user cannot draw from a sequence');

-- 11. existence oracles: a missing parent and someone else's answer alike
select throws_ok($$insert into public.stories (project_id, title) values (gen_random_uuid(), 'x')$$,
    '42501', 'new row violates row-level security policy for table "stories"', 'a random parent id: 42501');
select throws_ok(format($$insert into public.stories (project_id, title) values (%L, 'x')$$,
                        (select id from public.projects where slug = 'theirs')),
    '42501', 'new row violates row-level security policy for table "stories"', 'another organization''s parent: the same');
select lives_ok($$insert into public.assets (project_id, type, filename, mime_type, storage_bucket, storage_path, size_bytes)
                  select id, 'image', 'y.png', 'image/png', 'media', 'victim/y.png', 1 from mine$$,
    'another organization''s storage path neither collides nor reveals itself');

-- 2. search's strategy helper counts only what the caller may read
select tests.authenticate_as('victim');
insert into public.books (project_id, title) select id, 'Their book' from public.projects where slug = 'theirs';
insert into public.chapters (book_id, chapter_number, title, content)
select id, 1, 'One', 'text' from public.books where title = 'Their book';
reset role;
insert into public.chapter_embeddings (chapter_id, embedding, embedding_model)
select id, array_fill(0.1, array[384])::extensions.vector, 'test' from public.chapters where title = 'One';
update public.projects set visibility = 'team' where slug = 'theirs';
create temporary table their_book on commit drop as select id from public.books where title = 'Their book';
grant select on their_book to public;
select tests.authenticate_as('mallory');
select is(private.chapter_candidates(null, (select id from their_book), null, 100), 0,
    'another organization''s book counts nothing for an outsider');
select is(private.chapter_candidates(tests.org_id('target'), null, null, 100), 0,
    'nor does its organization');
update public.projects set visibility = 'public' where slug = 'theirs';

-- 6. counters: uses are recorded by use_prompt only, once per user and day
select tests.authenticate_as('victim');
insert into public.prompts (organization_id, created_by, title, content, is_public)
values (tests.org_id('target'), auth.uid(), 'Public', 'Hello {{name}}', true);
select tests.authenticate_as('mallory');
select throws_ok(format($$insert into public.prompt_uses (prompt_id, user_id) values (%L, auth.uid())$$,
                        (select id from public.prompts where title = 'Public')),
    '42501', null, 'clients cannot insert prompt uses');
select public.use_prompt(id, '{"name": "x"}') from public.prompts where title = 'Public';
select public.use_prompt(id, '{"name": "y"}') from public.prompts where title = 'Public';
select is((select usage_count from public.prompts where title = 'Public'), 1::bigint,
    'a user''s uses of a prompt count once a day');
-- 9. resource limits on RPC inputs
select throws_ok(format($$select public.use_prompt(%L, jsonb_build_object('name', repeat('x', 70000)))$$,
                        (select id from public.prompts where title = 'Public')),
    '22023', 'prompt variables are limited to 64 KiB', 'oversized prompt variables are refused');

-- 3. rights end with membership
select tests.authenticate_as('maker');
insert into public.prompts (organization_id, created_by, title, content, is_public)
values (tests.org_id('target'), auth.uid(), 'Maker public', 'p', true);
insert into public.projects (organization_id, created_by, title, slug, visibility)
values (tests.org_id('target'), auth.uid(), 'Maker film', 'maker-film', 'team');
insert into public.project_collaborators (project_id, user_id, role, permissions)
select id, auth.uid(), 'writer', '{view,edit}' from public.projects where slug = 'maker-film';
select tests.authenticate_as('victim');
select public.change_member_role(tests.org_id('target'), tests.get_user_id('maker'), 'viewer');
select tests.authenticate_as('maker');
select throws_ok(format($$insert into public.project_collaborators (project_id, user_id, permissions)
                          values (%L, %L, '{view,edit}')$$,
                        (select id from public.projects where slug = 'maker-film'), tests.get_user_id('mallory')),
    '42501', null, 'a creator demoted to viewer adds no collaborators');
select throws_ok($$update public.projects set visibility = 'public' where slug = 'maker-film'$$,
    '42501', 'only the project''s managers change its visibility', 'nor makes the project public');
select tests.authenticate_as('victim');
select public.remove_member(tests.org_id('target'), tests.get_user_id('maker'));
select tests.authenticate_as('maker');
update public.prompts set content = 'defaced' where title = 'Maker public';
select tests.authenticate_as('victim');
select is((select content from public.prompts where title = 'Maker public'), 'p',
    'a removed author cannot edit their old prompt');
select tests.authenticate_as('maker');
select is_empty($$select 1 from public.projects where slug = 'maker-film'$$,
    'removal ends the collaborations one gave oneself');
select throws_ok(format($$select public.soft_delete('prompts', %L)$$, (select id from public.prompts where title = 'Maker public')),
    'PT404', null, 'a removed author cannot delete the prompt');

-- 4. deleted means invisible
select tests.authenticate_as('victim');
select public.soft_delete('stories', id) from public.stories where title = 'Secret story';
select tests.authenticate_as('vic_viewer');
select is_empty($$select 1 from public.versions where entity_type = 'story'$$,
    'version snapshots of a deleted story are hidden');
select tests.authenticate_as('victim');
select public.delete_organization(tests.org_id('target'));
select is_empty($$select 1 from public.projects$$, 'a deleted organization''s projects are gone for its owner');
select tests.authenticate_as('vic_viewer');
select is_empty($$select 1 from public.projects$$, 'and for its members');
select tests.clear_authentication();
select is_empty($$select 1 from public.projects where slug = 'theirs'$$, 'and its public project for anon');
select tests.authenticate_as('victim');
update public.projects set title = 'still here?' where slug = 'theirs';
reset role;
select is((select title from public.projects where slug = 'theirs'), 'Theirs', 'and nobody edits them');

select * from finish();
rollback;
