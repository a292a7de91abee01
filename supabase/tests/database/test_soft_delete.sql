-- Soft delete enforced (docs/studio.md, Soft delete): a client's DELETE of a row with deleted_at
-- keeps the row, hidden from every read path (search included); whoever may delete it restores it
-- within the retention period; finished generations may be deleted, their credits untouched;
-- the platform's own deletes stay hard.
begin;
\ir ../helpers/tests_schema.psql
select plan(31);

select tests.create_user(name) from unnest(array['owner', 'editor', 'viewer', 'outsider']) name;
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'editor', 'editor');
select tests.add_member('acme', 'viewer', 'viewer');
select public.credits_grant(tests.org_id('acme'), 1000, 'bonus', 'test-bonus');

select tests.authenticate_as('editor');
insert into public.projects (organization_id, created_by, title, slug)
values (tests.org_id('acme'), auth.uid(), 'Film', 'film');
reset role;
create function pg_temp.project() returns uuid language sql as $$
    select id from public.projects where slug = 'film'
$$;
create function pg_temp.row_of(relation regclass, row_title text) returns jsonb language plpgsql security definer as $$
declare
    found jsonb;
begin
    execute format('select to_jsonb(t) from %s t where coalesce(to_jsonb(t) ->> ''title'', to_jsonb(t) ->> ''name'',
                    to_jsonb(t) ->> ''prompt'') = $1', relation) into found using row_title;
    return found;
end
$$;  -- security definer: it finds deleted rows, whoever asks
create function pg_temp.available() returns bigint language sql as $$
    select balance + rollover_balance + bonus_balance + held_balance from public.credit_balances
    where organization_id = tests.org_id('acme')
$$;
select tests.share_temp_functions();

-- ---------------------------------------------------------------------------
-- 1. A client's DELETE is a soft delete, judged by the DELETE policies
-- ---------------------------------------------------------------------------
select tests.authenticate_as('editor');
insert into public.stories (project_id, title) values (pg_temp.project(), 'Tide'), (pg_temp.project(), 'Ebb');
select tests.authenticate_as('viewer');
delete from public.stories where title = 'Tide';
select isnt_empty($$select 1 from public.stories where title = 'Tide'$$, 'a viewer''s delete removes nothing (RLS)');
select tests.authenticate_as('editor');
select is_empty($$delete from public.stories where title = 'Tide' returning id$$,
    'an editor''s delete reports no row (the row is kept, soft-deleted)');
select is_empty($$select 1 from public.stories where title = 'Tide'$$, 'the deleted story is hidden from its editor');
select tests.authenticate_as('viewer');
select is_empty($$select 1 from public.stories where title = 'Tide'$$, 'and from the members');
select tests.authenticate_as_service_role();
select ok((pg_temp.row_of('public.stories', 'Tide') ->> 'deleted_at') is not null, 'the row is kept, stamped deleted');

-- ---------------------------------------------------------------------------
-- 2. Restore: by whoever may delete the row, within the retention period
-- ---------------------------------------------------------------------------
select tests.authenticate_as('viewer');
select throws_ok(format('select public.restore(%L, %L)', 'stories', pg_temp.row_of('public.stories', 'Tide') ->> 'id'),
    'PT404', null, 'a viewer cannot restore what they may not delete');
select tests.authenticate_as('outsider');
select throws_ok(format('select public.restore(%L, %L)', 'stories', pg_temp.row_of('public.stories', 'Tide') ->> 'id'),
    'PT404', null, 'nor can an outsider');
select tests.authenticate_as('editor');
select lives_ok(format('select public.restore(%L, %L)', 'stories', pg_temp.row_of('public.stories', 'Tide') ->> 'id'),
    'the editor restores the story');
select isnt_empty($$select 1 from public.stories where title = 'Tide'$$, 'a restored story is visible again');
select throws_ok(format('select public.restore(%L, %L)', 'stories', pg_temp.row_of('public.stories', 'Tide') ->> 'id'),
    'PT404', null, 'a live row is not restored');
select throws_ok(format('select public.restore(%L, %L)', 'project_collaborators', gen_random_uuid()),
    '22023', 'rows of project_collaborators are not soft-deleted', 'a table without soft delete is named');
delete from public.stories where title = 'Ebb';
select tests.authenticate_as_service_role();
update public.stories set deleted_at = now() - private.soft_delete_retention() - interval '1 minute'
where title = 'Ebb';
select tests.authenticate_as('editor');
select throws_ok(format('select public.restore(%L, %L)', 'stories', pg_temp.row_of('public.stories', 'Ebb') ->> 'id'),
    'PT404', null, 'past the retention period a row is no longer restored');
select throws_ok(format('select public.soft_delete(%L, %L)', 'stories', pg_temp.row_of('public.stories', 'Ebb') ->> 'id'),
    'PT404', null, 'soft_delete, the RPC, says when there was nothing to delete');

-- ---------------------------------------------------------------------------
-- 3. Deleted rows leave the search; a book restored brings back the chapters deleted with it
-- ---------------------------------------------------------------------------
insert into public.books (project_id, title) values (pg_temp.project(), 'Soft-deleted Lantern Keeper');
insert into public.chapters (book_id, chapter_number, title, content)
select id, n, 'Chapter ' || n, case n when 1 then 'The lighthouse keeper climbs the stairs.'
                                     else '등대지기가 계단을 오른다.' end
from public.books, generate_series(1, 2) n;
select is((select count(*)::int from public.keyword_search_chapters('lighthouse')), 1, 'the chapter is found');
delete from public.chapters where chapter_number = 2;
select tests.authenticate_as_service_role();
update public.chapters set deleted_at = deleted_at - interval '1 minute' where chapter_number = 2;  -- an earlier deletion
select tests.authenticate_as('editor');
select is((select count(*)::int from public.keyword_search_chapters('등대지기')), 0,
    'a deleted chapter is not found (Korean search)');
delete from public.books where title = 'Soft-deleted Lantern Keeper';
select is((select count(*)::int from public.keyword_search_chapters('lighthouse')), 0,
    'a deleted book''s chapters are not found');
select is_empty($$select 1 from public.chapters$$, 'nor read');
select public.restore('books', (pg_temp.row_of('public.books', 'Soft-deleted Lantern Keeper') ->> 'id')::uuid);
select is((select count(*)::int from public.keyword_search_chapters('lighthouse')), 1,
    'restoring the book brings its chapter back to the search');
select results_eq($$select chapter_number from public.chapters$$, array[1],
    'but not the chapter deleted before the book');
select is((select total_chapters from public.books), 1, 'the book counts its live chapters');

-- ---------------------------------------------------------------------------
-- 4. Fenta's templates and workflows
-- ---------------------------------------------------------------------------
insert into public.templates (organization_id, name, aspect, resolution, spec)
values (tests.org_id('acme'), 'Soft-delete Shorts', '9:16', '1080x1920', '{"tracks": [{"type": "video", "id": "main"}]}');
insert into public.workflows (project_id, name, graph, variables)
values (pg_temp.project(), 'Soft-delete Nightly', '{"nodes": [
        {"id": "n1", "type": "Input.Stock", "params": {"query": "harbor"}},
        {"id": "n2", "type": "Script.Generate", "params": {"text": "{{headline}}"}},
        {"id": "n3", "type": "Voice.TTS"}, {"id": "n4", "type": "Edit.Timeline"}, {"id": "n5", "type": "Output.Render"}],
      "edges": [{"id": "e1", "from": "n1", "to": "n4"}, {"id": "e2", "from": "n2", "to": "n3"},
                {"id": "e3", "from": "n3", "to": "n4"}, {"id": "e4", "from": "n4", "to": "n5"}]}', '{"headline": null}');
delete from public.templates where name = 'Soft-delete Shorts';
delete from public.workflows where name = 'Soft-delete Nightly';
select is_empty($$select 1 from public.templates where name = 'Soft-delete Shorts'
                  union all select 1 from public.workflows where name = 'Soft-delete Nightly'$$,
    'a deleted template and workflow are hidden');
select tests.authenticate_as_service_role();
select is((select count(*)::int from public.templates where name = 'Soft-delete Shorts' and deleted_at is not null)
          + (select count(*)::int from public.workflows where name = 'Soft-delete Nightly' and deleted_at is not null), 2,
    'and kept');
select tests.authenticate_as('editor');
select public.restore('workflows', (pg_temp.row_of('public.workflows', 'Soft-delete Nightly') ->> 'id')::uuid);
select isnt_empty($$select 1 from public.workflows where name = 'Soft-delete Nightly'$$, 'a workflow is restored');

-- ---------------------------------------------------------------------------
-- 5. Generations: finished ones may be hidden; money and queue untouched
-- ---------------------------------------------------------------------------
select public.request_generation(pg_temp.project(), 'image', 'a castle');
delete from public.generations where prompt = 'a castle';
select isnt_empty($$select 1 from public.generations where prompt = 'a castle'$$,
    'a queued generation is not deleted (its credits are held, its job waits)');
select public.cancel_generation((pg_temp.row_of('public.generations', 'a castle') ->> 'id')::uuid);
select tests.authenticate_as_service_role();
create temporary table credits_before as select pg_temp.available() as available;
grant select on credits_before to public;
select tests.authenticate_as('viewer');
delete from public.generations where prompt = 'a castle';
select isnt_empty($$select 1 from public.generations where prompt = 'a castle'$$, 'a viewer cannot delete it');
select tests.authenticate_as('editor');
delete from public.generations where prompt = 'a castle';
select is_empty($$select 1 from public.generations where prompt = 'a castle'$$,
    'a cancelled generation is deleted by an editor: hidden');
select tests.authenticate_as_service_role();
select is(pg_temp.available(), (select available from credits_before), 'the organization''s credits are untouched');
select ok((pg_temp.row_of('public.generations', 'a castle') ->> 'status') = 'cancelled', 'the row is kept as it was');

-- ---------------------------------------------------------------------------
-- 6. The platform's own deletes stay hard; a project is deleted by admins only
-- ---------------------------------------------------------------------------
delete from public.stories where title = 'Ebb';
select is_empty($$select 1 from public.stories where title = 'Ebb'$$, 'service_role deletes for good');
select tests.authenticate_as('editor');
delete from public.projects where slug = 'film';
select isnt_empty($$select 1 from public.projects where slug = 'film'$$, 'an editor does not delete the project');
select tests.authenticate_as('owner');
delete from public.projects where slug = 'film';
select is_empty($$select 1 from public.stories where title = 'Tide'$$,
    'an owner deletes it, and its content is hidden with it');

select * from finish();
rollback;
