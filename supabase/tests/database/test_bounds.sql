-- Every client-writable text, jsonb and array has a size bound (issue 23, item 16): oversized
-- input is refused with 23514 and the constraint's name, at the named limits of docs/tenancy.md
-- (Bounds). The catalog guard in tests/py/test_guard.py finds any column left without one.
begin;
\ir ../helpers/tests_schema.psql
select plan(12);

select tests.create_user(name) from unnest(array['owner', 'fan']) name;
select tests.create_organization('owner', 'studio');
create temporary table ids (name text primary key, id uuid) on commit drop;
grant all on ids to anon, authenticated, service_role;

select tests.authenticate_as('owner');
insert into public.communities (organization_id, name, slug, visibility)
values (tests.org_id('studio'), 'Keepers', 'keepers', 'public');
insert into ids select 'community', id from public.communities where slug = 'keepers';
insert into public.projects (organization_id, created_by, title)
values (tests.org_id('studio'), auth.uid(), 'Lantern');
insert into ids select 'project', id from public.projects where title = 'Lantern';

select tests.authenticate_as('fan');
select public.join_community((select id from ids where name = 'community'));

-- the three inputs the attack sent
select throws_ok(format($$insert into public.discussions (community_id, title, content, attachments)
                          values (%L, 'Big', 'x', %L)$$, (select id from ids where name = 'community'),
                        jsonb_build_array(repeat('a', 1024 * 1024))),
    '23514', null, '1 MiB of attachments is refused');
select throws_ok(format($$insert into public.discussions (community_id, title, content, tags)
                          values (%L, 'Tags', 'x', %L)$$, (select id from ids where name = 'community'),
                        (select jsonb_agg('t' || i) from generate_series(1, 50000) i)),
    '23514', null, '50,000 tags are refused');
select throws_ok(format($$insert into public.discussions (community_id, title, content, type, poll_options)
                          values (%L, 'Poll', 'x', 'poll', %L)$$, (select id from ids where name = 'community'),
                        (select jsonb_agg(jsonb_build_object('id', i::text, 'text', 'option ' || i))
                         from generate_series(1, 20000) i)),
    '23514', null, '20,000 poll options are refused');
select throws_ok(format($$insert into public.discussions (community_id, title, content, tags)
                          values (%L, 'Tags', 'x', %L)$$, (select id from ids where name = 'community'),
                        (select jsonb_agg('t' || i) from generate_series(1, 101) i)),
    '23514', null, 'a list holds at most 100 items, however short');
select lives_ok(format($$insert into public.discussions (community_id, title, content, type, poll_options, tags,
                                                        attachments)
                         values (%L, 'Fine', 'x', 'poll', %L, %L, %L)$$, (select id from ids where name = 'community'),
                       (select jsonb_agg(jsonb_build_object('id', i::text, 'text', 'option ' || i))
                        from generate_series(1, 100) i),
                       (select jsonb_agg('t' || i) from generate_series(1, 100) i),
                       jsonb_build_array(jsonb_build_object('url', 'https://cdn.test/a.png'))),
    'a poll of 100 options with 100 tags and an attachment is fine');

-- each kind of limit, at the edge
select tests.authenticate_as('owner');
select lives_ok(format($$update public.projects set description = %L where id = %L$$, repeat('d', 40000),
                       (select id from ids where name = 'project')),
    'a description of 40,000 characters is fine');
select throws_ok(format($$update public.projects set description = %L where id = %L$$, repeat('d', 40001),
                        (select id from ids where name = 'project')),
    '23514', null, 'one character more is refused');
select throws_ok(format($$update public.projects set genre = %L where id = %L$$, repeat('g', 201),
                        (select id from ids where name = 'project')),
    '23514', null, 'a label is at most 200 characters');
select throws_ok(format($$update public.projects set thumbnail_url = %L where id = %L$$,
                        'https://cdn.test/' || repeat('u', 2048), (select id from ids where name = 'project')),
    '23514', null, 'a URL is at most 2,048 characters');
select throws_ok(format($$update public.projects set brand_guidelines = %L where id = %L$$,
                        jsonb_build_object('notes', repeat('n', 70000)), (select id from ids where name = 'project')),
    '23514', null, 'a JSON document is at most 64 KiB');
select throws_ok(format($$insert into public.prompts (organization_id, created_by, title, content, tags)
                          values (%L, auth.uid(), 'P', 'x', %L)$$,
                        tests.org_id('studio'), (select array_agg(i::text) from generate_series(1, 101) i)),
    '23514', null, 'a text array holds at most 100 items');
select throws_ok(format($$update public.organizations set billing_email = %L where id = %L$$,
                        repeat('b', 600) || '@studio.test', tests.org_id('studio')),
    '23514', null, 'a pattern-checked column is bounded too');

select * from finish();
rollback;
