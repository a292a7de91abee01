-- Story development in SQL: request_story as real users (who may, options, a book without
-- text), the jobs it creates through the one door (kinds, book, inputs, holds, token quota),
-- a repeated key charging nothing, a refusal rolling every job back, cancelling the overview
-- cancelling the story, a retry keeping its book, the door checking a
-- generation's book like any referenced object, and the story kinds not requestable one by one.
begin;
\ir ../helpers/tests_schema.psql
select plan(24);

select tests.create_user('owner');
select tests.create_user('editor');
select tests.create_user('viewer');
select tests.create_user('outsider');
select tests.create_organization('owner', 'studio');
select tests.add_member('studio', 'editor', 'editor');
select tests.add_member('studio', 'viewer', 'viewer');
select public.credits_grant(tests.org_id('studio'), 1000, 'bonus', 'test-bonus');
update public.subscriptions set plan_id = 'enterprise' where organization_id = tests.org_id('studio');
select tests.create_organization('outsider', 'poorco');
select public.credits_grant(tests.org_id('poorco'), 2, 'bonus', 'test-bonus');

insert into public.projects (organization_id, created_by, title) values
(tests.org_id('studio'), tests.get_user_id('owner'), 'Harbor'),
(tests.org_id('studio'), tests.get_user_id('owner'), 'Other'),
(tests.org_id('poorco'), tests.get_user_id('outsider'), 'Poor');
insert into public.books (organization_id, project_id, title)
select organization_id, id, title || ' book' from public.projects
where organization_id in (tests.org_id('studio'), tests.org_id('poorco'));
-- Harbor: three chapters (one of 9000 characters: 3 units), one empty; Other: none with text
insert into public.chapters (book_id, chapter_number, title, content)
select b.id, n, 'Chapter ' || n, case n when 1 then 'Mara lit the lamp.' when 2 then repeat('The sea rose. ', 643)
                                       when 3 then 'The stranger slept.' else '   ' end
from public.books b, generate_series(1, 4) n
where b.title in ('Harbor book', 'Poor book') and b.organization_id in (tests.org_id('studio'), tests.org_id('poorco'));
insert into public.chapters (book_id, chapter_number, title, content)
select b.id, 1, 'Empty', '' from public.books b where b.title = 'Other book' and b.organization_id = tests.org_id('studio');

-- the rows of this test by name (other tests' committed rows may share the titles)
create temp table story_ids (name text primary key, id uuid);
grant all on story_ids to public;
insert into story_ids
select 'harbor_book', id from public.books where title = 'Harbor book' and organization_id = tests.org_id('studio')
union all
select 'other_book', id from public.books where title = 'Other book' and organization_id = tests.org_id('studio')
union all
select 'poor_book', id from public.books where title = 'Poor book' and organization_id = tests.org_id('poorco')
union all
select 'harbor', id from public.projects where title = 'Harbor' and organization_id = tests.org_id('studio')
union all
select 'other', id from public.projects where title = 'Other' and organization_id = tests.org_id('studio');

select tests.authenticate_as('viewer');
select throws_ok($$ select public.request_story((select id from story_ids where name = 'harbor_book')) $$,
                 'PT404', 'book not found', 'a viewer may not develop a book');
select tests.authenticate_as('outsider');
select throws_ok($$ select public.request_story((select id from story_ids where name = 'harbor_book')) $$,
                 'PT404', 'book not found', 'another organization''s book is not found');
select throws_ok($$ select public.request_story((select id from story_ids where name = 'poor_book')) $$,
                 'PT402', null, 'not enough credits for every job: refused');
select tests.authenticate_as('editor');
select throws_ok($$ select public.request_story((select id from story_ids where name = 'harbor_book'),
                                                '{"temperature": 2}') $$,
                 '22023', 'unknown story option "temperature"', 'unknown options are refused');
select throws_ok($$ select public.request_story((select id from story_ids where name = 'harbor_book'),
                                                '{"priority": "high"}') $$,
                 '22023', 'story option priority must be a number from -10 to 10', 'priority is checked');
select throws_ok($$ select public.request_story((select id from story_ids where name = 'other_book')) $$,
                 '22023', 'book has no chapters with text', 'a book without text is refused');
insert into story_ids
select 'root', id from public.request_story((select id from story_ids where name = 'harbor_book'), '{}', 'k1');
select is((select public.request_story((select id from story_ids where name = 'harbor_book'), '{}', 'k1')).id,
          (select id from story_ids where name = 'root'), 'the same key: the same story');
select throws_ok($$ select public.request_story((select id from story_ids where name = 'other_book'), '{}', 'k1') $$,
                 '22023', 'dedup_key already used for a different request', 'a key names one story');
select tests.authenticate_as_service_role();
reset role;

select results_eq(
    $$ select kind, count(*)::integer, sum(units)::integer, bool_and(hold_id is not null),
              bool_and(book_id = (select id from story_ids where name = 'harbor_book'))
       from public.generations g
       where g.id = (select id from story_ids where name = 'root') or g.parent_id = (select id from story_ids where name = 'root')
       group by kind order by kind $$,
    $$ values ('chapter_script', 3, 5, true, true), ('plot_overview', 1, 3, true, true),
              ('story_characters', 1, 3, true, true) $$,
    'an overview and characters over the book (3 units), a script per chapter with text, each holding its credits');
select is((select user_id from public.generations where id = (select id from story_ids where name = 'root')),
          tests.get_user_id('editor'), 'the jobs are the caller''s');
select results_eq(
    $$ select g.kind, gi.role, gi.sequence_order, i.kind from public.generation_inputs gi
       join public.generations g on g.id = gi.generation_id join public.generations i on i.id = gi.input_generation_id
       where g.parent_id = (select id from story_ids where name = 'root') and g.scene_number is null
       group by 1, 2, 3, 4 order by 1, 3 $$,
    $$ values ('chapter_script', 'reference', 0, 'plot_overview'), ('chapter_script', 'reference', 1, 'story_characters'),
              ('story_characters', 'reference', 0, 'plot_overview') $$,
    'characters wait for the overview, chapters for both');
select is((select count(*)::integer from private.job_queue q join public.generations g on g.id = q.generation_id
           where g.parent_id = (select id from story_ids where name = 'root') and q.state = 'waiting'), 4,
          'the dependent jobs wait for their inputs');
select is((select sum(tokens_used)::integer from public.quota_limits where organization_id = tests.org_id('studio')),
          11000, 'llm_tokens kinds count their units as thousands of tokens on the quota');
select is((select held_balance::integer from public.credit_balances where organization_id = tests.org_id('studio')),
          11, 'eleven credits held');
select is((select count(*)::integer from public.generations where organization_id = tests.org_id('poorco')), 0,
          'the refused story left no job behind');
select is((select held_balance::integer from public.credit_balances where organization_id = tests.org_id('poorco')),
          0, 'and no hold');

-- the door: a generation's book is checked like every referenced object
select throws_ok($$ select private.start_generation(jsonb_populate_record(null::public.generations, jsonb_build_object(
                      'project_id', (select id from story_ids where name = 'other'), 'kind', 'plot_overview',
                      'book_id', (select id from story_ids where name = 'harbor_book'))),
                      tests.get_user_id('editor')) $$,
                 'PT404', 'a referenced book was not found in this project', 'a book of another project is refused');
select is((select project_id from private.start_generation(jsonb_populate_record(null::public.generations,
              jsonb_build_object('kind', 'noop', 'book_id', (select id from story_ids where name = 'harbor_book'))),
              tests.get_user_id('editor'))),
          (select id from story_ids where name = 'harbor'), 'the project comes from the book');

select tests.authenticate_as('editor');
select throws_ok($$ select public.request_generation((select id from story_ids where name = 'harbor'),
                                                     'plot_overview') $$,
                 '22023', 'unknown generation kind "plot_overview"', 'story kinds come only through request_story');
reset role;
select ok((select bool_and(client_requestable = false and resource_type = 'llm_tokens') from public.generation_kinds
           where kind in ('plot_overview', 'story_characters', 'chapter_script')), 'the kinds, metered as tokens');

-- cancelling the overview cancels the jobs waiting for it, releasing every hold
select tests.authenticate_as('editor');
select is((public.cancel_generation((select id from story_ids where name = 'root'))).status, 'cancelled',
          'the overview is cancelled');
reset role;
select is((select count(*)::integer from public.generations
           where parent_id = (select id from story_ids where name = 'root') and status = 'cancelled'), 4,
          'and the characters and chapter scripts with it');
select is((select held_balance::integer from public.credit_balances where organization_id = tests.org_id('studio')),
          0, 'every hold released');
select tests.authenticate_as('editor');
select is((public.retry_generation((select id from story_ids where name = 'root'))).book_id,
          (select id from story_ids where name = 'harbor_book'), 'a retried job keeps its book');
reset role;

select * from finish();
rollback;
