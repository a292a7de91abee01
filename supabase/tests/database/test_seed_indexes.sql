-- The indexes and keys the seeds name (issue 25, item 11): each exists and serves the query the
-- seed made it for; a book has one live plot overview; a script a generation was made from is
-- not deleted from under it (LitinkAI fk_video_gen_script), unless its organization goes too.
begin;
\ir ../helpers/tests_schema.psql
select plan(15);

-- the plan PostgreSQL picks for `query`, with sequential scans priced out: a test database is
-- too small for the planner to prefer an index otherwise
create function pg_temp.plan_of(query text) returns text language plpgsql as $$
declare
    line record;
    plan text := '';
begin
    set local enable_seqscan = off;
    for line in execute 'explain (costs off) ' || query loop
        plan := plan || line."QUERY PLAN" || E'\n';
    end loop;
    reset enable_seqscan;
    return plan;
end
$$;

select has_index('public', 'projects', 'projects_status_idx', array['status'], 'projects(status) (MODO Creator Verse)');
select matches(pg_temp.plan_of($$select id from public.projects where status = 'review' and deleted_at is null$$), 'projects_status_idx',
    'listing live projects by status uses it');

select has_index('public', 'audit_logs', 'audit_logs_entity_idx', array['entity_type', 'entity_id'],
    'audit_logs(entity_type, entity_id) (MODO Creator Verse idx_audit_entity)');
select matches(pg_temp.plan_of($$select id from public.audit_logs where entity_type = 'projects' and entity_id = 'x'$$),
    'audit_logs_\w*entity', 'an entity''s history uses it');

select has_index('public', 'usage_events', 'usage_events_user_idx', array['user_id', 'occurred_at'],
    'usage_events(user_id, occurred_at) (LitinkAI idx_usage_logs_user_date)');
select matches(pg_temp.plan_of($$select event_id from public.usage_events
                                  where user_id = '00000000-0000-0000-0000-000000000001'
                                  order by occurred_at desc limit 20$$),
    'usage_events_\w*user', 'a user''s latest usage uses it');

select has_index('public', 'characters', 'characters_archetypes_idx', 'GIN on characters.archetypes (LitinkAI)');
select matches(pg_temp.plan_of($$select id from public.characters where archetypes @> array['mentor']$$),
    'characters_archetypes_idx', 'finding characters by archetype uses it');
select has_index('public', 'characters', 'characters_plot_overview_idx', array['plot_overview_id'],
    'characters(plot_overview_id) (LitinkAI idx_characters_plot)');

-- one live plot overview per book
select tests.create_user('owner');
select tests.create_organization('owner', 'acme');
select tests.authenticate_as('owner');
insert into public.books (organization_id, title) values (tests.org_id('acme'), 'Lantern');
insert into public.plot_overviews (book_id, logline) select id, 'A keeper and a storm' from public.books;
select throws_ok($$insert into public.plot_overviews (book_id, logline) select id, 'Again' from public.books$$,
    '23505', null, 'a book has one plot overview (LitinkAI plot_overviews.book_id unique)');
update public.plot_overviews set deleted_at = now();
select lives_ok($$insert into public.plot_overviews (book_id, logline) select id, 'Rewritten' from public.books$$,
    'a deleted overview leaves room for the next');

-- a script that generations were made from stays while they do
insert into public.chapters (book_id, chapter_number, content) select id, 1, 'Once.' from public.books;
insert into public.scripts (chapter_id, script) select id, 'INT. LIGHTHOUSE' from public.chapters;
reset role;
insert into public.generations (organization_id, kind, script_id, prompt)
select organization_id, 'video', id, 'the film of the script' from public.scripts
where organization_id = tests.org_id('acme');
select tests.authenticate_as('owner');
delete from public.scripts;  -- a client's delete is soft (the row stays): the hard delete is the purge's
select tests.authenticate_as_service_role();
select throws_ok($$delete from public.scripts$$, '23503', null,
    'a script with generations cannot be deleted (LitinkAI fk_video_gen_script: restrict)');
select throws_ok($$delete from public.books$$, '23503', null, 'nor through its book''s cascade');
reset role;
select lives_ok($$delete from public.organizations where id = tests.org_id('acme')$$,
    'deleting the organization removes the script with its generations');
select is((select count(*) from public.generations where prompt = 'the film of the script'), 0::bigint,
    'and the generations are gone with it');

select * from finish();
rollback;
