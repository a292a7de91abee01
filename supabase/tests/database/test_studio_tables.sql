-- Every studio table of a family obeys the family's policies: members read, outsiders do
-- not, viewers change nothing, anon reads public projects' IP bible and nothing else.
begin;
\ir ../helpers/tests_schema.psql
select plan(10);

select tests.create_user(name) from unnest(array['owner', 'editor', 'viewer', 'outsider']) name;
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'editor', 'editor');
select tests.add_member('acme', 'viewer', 'viewer');
select tests.create_organization('outsider', 'globex');

select tests.authenticate_as('editor');
insert into public.projects (organization_id, created_by, title, visibility, slug)
values (tests.org_id('acme'), auth.uid(), 'Open', 'public', 'open');
create temporary table made (project_id uuid, book_id uuid, chapter_id uuid, asset_id uuid) on commit drop;
insert into made (project_id) select id from public.projects where slug = 'open';
insert into public.universes (project_id, name) select project_id, 'Harbour town' from made;
insert into public.moodboards (project_id, beat_name, beat_index) select project_id, 'Opening', 0 from made;
insert into public.animations (project_id, beat_name, beat_index) select project_id, 'Opening', 0 from made;
insert into public.books (organization_id, title) values (tests.org_id('acme'), 'Manuscript');
update made set book_id = (select id from public.books where title = 'Manuscript');
insert into public.book_structure (book_id, structure_data, extraction_method) select book_id, '{}', 'manual' from made;
insert into public.plot_overviews (book_id, logline) select book_id, 'A keeper and a storm' from made;
insert into public.chapters (book_id, chapter_number, content) select book_id, 1, 'Once.' from made;
update made set chapter_id = (select id from public.chapters);
insert into public.chapter_scripts (chapter_id) select chapter_id from made;
insert into public.brand_policies (organization_id, brand_name) values (tests.org_id('acme'), 'Acme');
insert into public.feedback (organization_id, created_by, title) values (tests.org_id('acme'), auth.uid(), 'Great');
insert into public.assets (organization_id, type, filename, mime_type, storage_path, size_bytes)
values (tests.org_id('acme'), 'image', 'cover.png', 'image/png', 'acme/cover.png', 10);
update made set asset_id = (select id from public.assets);
insert into public.asset_versions (asset_id, version, storage_path, size_bytes)
select asset_id, 2, 'acme/cover-v2.png', 20 from made;
reset role;
insert into public.performance_predictions (project_id, scores) select project_id, '{"audience": 0.8}' from made;

create temporary table family on commit drop as
select unnest(array['universes', 'moodboards', 'animations', 'performance_predictions', 'books', 'book_structure',
                    'plot_overviews', 'chapters', 'chapter_scripts', 'brand_policies', 'feedback', 'assets',
                    'asset_versions']::regclass[]) as t;
grant select on family to anon, authenticated;
select is((select storage_used_bytes from public.organizations where slug = 'acme'), 30::bigint,
    'asset versions count into storage too');

-- rows the caller's delete took out of sight: a table with deleted_at keeps them, soft-deleted
-- (the DELETE then reports none), so the rows seen before and after are counted
create function pg_temp.deletable(relation regclass, org_id uuid) returns bigint language plpgsql as $$
declare
    seen_before bigint;
    seen_after bigint;
begin
    execute format('select count(*) from %s where organization_id = $1', relation) into seen_before using org_id;
    execute format('delete from %s where organization_id = $1', relation) using org_id;
    execute format('select count(*) from %s where organization_id = $1', relation) into seen_after using org_id;
    return seen_before - seen_after;
exception when insufficient_privilege then
    return 0;  -- no grant at all: nothing deleted either
end
$$;
select tests.share_temp_functions();


select tests.authenticate_as('viewer');
select is((select array_agg(t::text) from family where tests.visible_rows(t, tests.org_id('acme')) = 0), null,
    'a viewer reads every table of the family');
select is((select array_agg(t::text) from family where pg_temp.deletable(t, tests.org_id('acme')) > 0), null,
    'and deletes from none of them');
select tests.authenticate_as('outsider');
select is((select array_agg(t::text) from family where tests.visible_rows(t, tests.org_id('acme')) > 0)::text,
    '{universes,moodboards,animations,performance_predictions}',
    'an outsider reads only the public project''s IP bible');
select tests.clear_authentication();
select is((select array_agg(t::text) from family where tests.visible_rows(t, tests.org_id('acme')) > 0)::text,
    '{universes,moodboards,animations,performance_predictions}', 'so does anon');
select is((select count(*)::int from public.character_archetypes), 12, 'anon reads the twelve archetypes');
select throws_ok($$insert into public.character_archetypes (name, description, category) values ('X', 'x', 'ego')$$,
    '42501', null, 'but cannot add any');

select tests.authenticate_as('editor');
-- children before parents, so that no cascade empties a table before its turn
select is((select array_agg(t) from unnest(array[
               'chapter_scripts', 'plot_overviews', 'book_structure', 'chapters', 'books', 'asset_versions', 'assets',
               'universes', 'moodboards', 'animations', 'brand_policies']) with ordinality as o (t, n)
           where pg_temp.deletable(t::regclass, tests.org_id('acme')) = 0), null,
    'an editor may delete from every table clients write');
select throws_ok($$insert into public.performance_predictions (project_id) select project_id from made$$, '42501', null,
    'performance predictions come from workers only');
select throws_ok($$insert into public.feedback (organization_id, created_by, title)
                   values (tests.org_id('acme'), tests.get_user_id('owner'), 'fake')$$, '42501', null,
    'feedback is given in one''s own name');

select * from finish();
rollback;
