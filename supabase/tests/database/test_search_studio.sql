-- public.search_studio: Korean partial words across projects, stories, scenes, prompts and assets,
-- as real users under row-level security; another organization's rows and deleted rows are
-- never found; bounded input; each kind served by its trigram index.
begin;
\ir ../helpers/tests_schema.psql
select plan(27);

select tests.create_user(name) from unnest(array['owner', 'viewer', 'outsider']) name;
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'viewer', 'viewer');
select tests.create_organization('outsider', 'globex');

select tests.authenticate_as('owner');
insert into public.projects (organization_id, created_by, title, description, slug)
values (tests.org_id('acme'), auth.uid(), '우주선 이야기', 'A starship crew far from home', 'voyage');
insert into public.stories (project_id, title, logline)
select id, '첫 항해', '우주 고양이가 우주선을 탄다' from public.projects where slug = 'voyage';
insert into public.scenes (story_id, scene_number, title, description)
select id, 1, '출발', '작은우주선에서 내린다' from public.stories;
insert into public.prompts (organization_id, title, content, is_public)
values (tests.org_id('acme'), '우주 배경', 'Deep space, stars, a lone ship', true),
       (tests.org_id('acme'), 'Harbor at dusk', 'A quiet harbor', false);
insert into public.assets (organization_id, project_id, type, title, filename, mime_type, storage_path)
select tests.org_id('acme'), id, 'image', '우주선 포스터', 'poster.png', 'image/png', 'acme/poster.png'
from public.projects where slug = 'voyage';

select tests.authenticate_as('outsider');
insert into public.projects (organization_id, created_by, title, slug)
values (tests.org_id('globex'), auth.uid(), '우주선 비밀', 'secret');

-- members find every kind by a two-syllable word that starts longer words
select tests.authenticate_as('viewer');
select is((select array_agg(s.kind || ':' || s.title order by s.kind) from public.search_studio('우주') s),
    array['asset:우주선 포스터', 'project:우주선 이야기', 'prompt:우주 배경', 'story:첫 항해'],
    'a member finds the project, story, prompt and asset with a word starting with 우주 (the scene has none)');
select is((select count(*) from public.search_studio('우주') s where s.title = '우주선 비밀'), 0::bigint,
    'and never another organization''s project');
select is((select array_agg(s.kind) from public.search_studio('우주선') s where s.kind = 'scene'), array['scene'],
    'a word of three syllables is found inside a longer one (작은우주선에서)');
select is((select count(*) from public.search_studio('주선')), 0::bigint,
    'a two-syllable word is matched only where a word starts (주선 is inside 우주선)');
select is((select array_agg(s.kind order by s.kind) from public.search_studio('우주 고양이') s), array['story'],
    'every word must occur: 우주 고양이 finds the story only');
select is((select array_agg(s.kind order by s.kind) from public.search_studio('STARSHIP') s), array['project'],
    'Latin words are matched regardless of case, in descriptions too');
select is((select array_agg(s.kind order by s.kind) from public.search_studio('우주', array['project', 'asset']) s),
    array['asset', 'project'], 'kinds narrows the search');
select is((select s.project_id from public.search_studio('포스터') s),
    (select id from public.projects where slug = 'voyage'), 'a hit names its project');
select matches((select s.snippet from public.search_studio('고양이') s), '우주 고양이가 우주선을 탄다',
    'the snippet shows the text around the word');
select ok((select bool_and(s.score between 0 and 1) and max(s.score) > 0 from public.search_studio('우주') s),
    'scores lie between 0 and 1');
select is((select s.title from public.search_studio('우주') s order by s.score desc limit 1), '우주 배경',
    'the title closest to the query ranks first');
select is((select count(*) from public.search_studio('우주', null, 2)), 2::bigint, 'max_results caps the hits');

-- deleted rows are not found
select tests.authenticate_as('owner');
update public.stories set deleted_at = now();
select is((select count(*) from public.search_studio('고양이')), 0::bigint, 'a deleted story is not found');

-- the outsider finds their own project only; anon the public prompt only
select tests.authenticate_as('outsider');
select is((select array_agg(s.title order by s.title) from public.search_studio('우주') s), array['우주 배경', '우주선 비밀'],
    'another organization finds its own project and acme''s public prompt, nothing else of acme');
select tests.clear_authentication();
select is((select array_agg(s.kind || ':' || s.title) from public.search_studio('우주') s), array['prompt:우주 배경'],
    'anon finds public prompts only');

-- bounded input
select tests.authenticate_as('viewer');
select throws_ok($$select * from public.search_studio(repeat('우', 201))$$, '22023',
    'a search query is at most 200 characters', 'a query over 200 characters is refused');
select throws_ok($$select * from public.search_studio('a b c d e f g h i')$$, '22023',
    'a search query has at most 8 words', 'a query of more than 8 words is refused');
select throws_ok($$select * from public.search_studio('우주', array['movie'])$$, '22023',
    'unknown search kind "movie": project, story, scene, prompt or asset', 'an unknown kind is refused');
select is((select count(*) from public.search_studio('   ')), 0::bigint, 'a blank query finds nothing');

-- the definer helper finds exactly what row-level security shows, for every kind and caller
-- (pattern '%' matches every document)
create function pg_temp.helper_agrees_with_rls() returns boolean language plpgsql as $$
declare
    k record;
    by_helper uuid [];
    by_rls uuid [];
begin
    for k in select * from private.studio_search_kinds() loop
        by_helper := array(select private.studio_rows_matching(k.kind, array['%'], 1000) i order by i);
        execute format('select array(select t.id from public.%I t where t.deleted_at is null order by t.id)', k.table_name)
        into by_rls;
        if by_helper is distinct from by_rls then
            raise warning '% differ: helper % rls %', k.kind, by_helper, by_rls;
            return false;
        end if;
    end loop;
    return true;
end
$$;
select tests.share_temp_functions();
select tests.authenticate_as('viewer');
select ok(pg_temp.helper_agrees_with_rls(), 'for a member');
select tests.authenticate_as('outsider');
select ok(pg_temp.helper_agrees_with_rls(), 'for another organization');
select tests.clear_authentication();
select ok(pg_temp.helper_agrees_with_rls(), 'for anon');

-- every kind's document is its index's expression: with 3,000 rows of a kind (another
-- organization's), the planner picks the trigram index for a word
reset role;
insert into public.projects (organization_id, title, description, slug)
select tests.org_id('globex'), 'Project ' || n, md5(n::text), 'p' || n from generate_series(1, 3000) n;
insert into public.stories (project_id, title, logline)
select (select id from public.projects where slug = 'secret' and organization_id = tests.org_id('globex')), 'Story ' || n, md5(n::text) from generate_series(1, 3000) n;
insert into public.scenes (story_id, scene_number, title, description)
select (select id from public.stories where title = 'Story 1' and organization_id = tests.org_id('globex')), n, 'Scene ' || n, md5(n::text)
from generate_series(1, 3000) n;
insert into public.prompts (organization_id, title, content)
select tests.org_id('globex'), 'Prompt ' || n, md5(n::text) from generate_series(1, 3000) n;
insert into public.assets (organization_id, type, title, filename, mime_type, storage_path)
select tests.org_id('globex'), 'image', 'Asset ' || n, n || '.png', 'image/png', 'globex/' || n || '.png'
from generate_series(1, 3000) n;
-- rows inserted in this transaction wait in each GIN index's pending list, which the planner
-- prices as a full read; VACUUM merges it in production, this does here
select gin_clean_pending_list(format('public.%I', k.table_name || '_search_idx')::regclass)
from private.studio_search_kinds() k;
analyze public.projects, public.stories, public.scenes, public.prompts, public.assets;
create function pg_temp.search_plans_use_indexes() returns text language plpgsql as $$
declare
    k record;
    line record;
    plan text;
    missing text := '';
begin
    for k in select * from private.studio_search_kinds() loop
        plan := '';
        for line in execute format('explain (costs off) select t.id from public.%I t where t.deleted_at is null and (%s) ilike %L',
                                   k.table_name, k.document, '% 우주%') loop
            plan := plan || line."QUERY PLAN";
        end loop;
        if plan !~ (k.table_name || '_search_idx') then
            missing := missing || k.kind || ' ';
        end if;
    end loop;
    return missing;
end
$$;
select is(pg_temp.search_plans_use_indexes(), '', 'each kind''s match is a scan of its trigram index');

-- and search_studio itself, called by the member of the organization holding those rows, scans
-- each of them (for a caller who reads few rows, the planner rightly reads those few instead)
create temporary table scans_before on commit drop as
select k.table_name, pg_stat_get_xact_numscans(format('public.%I', k.table_name || '_search_idx')::regclass) as scans
from private.studio_search_kinds() k;
select tests.authenticate_as('outsider');
select is((select count(*) from public.search_studio('우주')), 2::bigint, 'the outsider''s search');
reset role;
select is((select array_agg(b.table_name order by b.table_name) from scans_before b
           where pg_stat_get_xact_numscans(format('public.%I', b.table_name || '_search_idx')::regclass) = b.scans),
    null, 'search_studio scans every kind''s trigram index');

-- another organization's public project and its story are found: judged by the project's own
-- row (private.project_is_public), as the tables' policies judge them; private again, not found
select tests.authenticate_as('outsider');
update public.projects set visibility = 'public' where slug = 'secret';
insert into public.stories (project_id, title) select id, '우주 지도' from public.projects where slug = 'secret';
select tests.authenticate_as('viewer');
select is((select array_agg(s.kind || ':' || s.title order by s.kind) from public.search_studio('우주') s
           where s.project_id = (select p.id from public.projects p where p.slug = 'secret')),
    array['project:우주선 비밀', 'story:우주 지도'], 'a public project of another organization and its story are found');
select tests.authenticate_as('outsider');
update public.projects set visibility = 'team' where slug = 'secret';
select tests.authenticate_as('viewer');
select is((select count(*) from public.search_studio('비밀')), 0::bigint,
    'and not once it is no longer public');

select * from finish();
rollback;
