-- Helpers the API roles may execute return only what the caller may see (issue 23, item 15):
-- the trending aggregate gives no activity of drafts or private projects (it did), and the
-- workflow graph check does not describe another organization's templates (it held). The catalog guard in
-- tests/py/test_guard.py holds every later security-definer helper to the same rule.
begin;
\ir ../helpers/tests_schema.psql
select plan(9);

select tests.create_user(name) from unnest(array['owner', 'outsider']) name;
select tests.create_organization('owner', 'acme');
create temporary table ids (name text primary key, id uuid) on commit drop;
grant all on ids to anon, authenticated, service_role;

select tests.authenticate_as('owner');
insert into public.projects (organization_id, created_by, title, slug, visibility)
values (tests.org_id('acme'), auth.uid(), 'Open', 'open', 'public'),
       (tests.org_id('acme'), auth.uid(), 'Secret', 'secret', 'private');
insert into public.contents (project_id, title, slug, type, visibility, video_url)
select p.id, t.title, t.slug, 'movie', 'free', 'https://cdn.test/' || t.slug || '.mp4'
from (values ('open', 'Released', 'released'), ('secret', 'Unannounced', 'unannounced')) t (project, title, slug)
join public.projects p on p.slug = t.project and p.organization_id = tests.org_id('acme');
update public.contents set status = 'published' where slug = 'released';
insert into ids select slug, id from public.contents where organization_id = tests.org_id('acme');

-- activity on both, as the counters' triggers would have recorded it
select tests.authenticate_as_service_role();
insert into public.content_daily_stats (content_id, day, viewers, likes, completions)
select id, (now() at time zone 'UTC')::date, 7, 3, 1 from ids;
-- and the trending duty's run, as the scheduler would make it
select private.refresh_trending_contents(7);

create function pg_temp.stats_ids() returns uuid [] language sql as $$
    select coalesce(array_agg(s.content_id order by s.content_id), '{}')
    from private.recent_content_stats((now() at time zone 'UTC')::date - 6) s
    where s.content_id in (select id from ids)
$$;
-- what the aggregate reports that the caller cannot read through the contents policy
create function pg_temp.reported_unreadable() returns uuid [] language sql as $$
    select coalesce(array_agg(r.id), '{}') from unnest(pg_temp.stats_ids()) r (id)
    where not exists (select from public.contents c where c.id = r.id)
$$;
grant execute on function pg_temp.stats_ids(), pg_temp.reported_unreadable() to public;

select tests.clear_authentication();
select is(pg_temp.stats_ids(), array[(select id from ids where name = 'released')],
    'anon gets the activity of published content only, never of a draft in a private project');
select is(pg_temp.reported_unreadable(), '{}'::uuid [],
    'anon: every content the aggregate reports is one anon may read');
select is((select viewers_7d from public.trending_contents where slug = 'released'), 7::bigint,
    'trending still counts the published content''s activity');

select tests.authenticate_as('outsider');
select is(pg_temp.stats_ids(), array[(select id from ids where name = 'released')],
    'another signed-in user neither sees the draft''s activity');
select is(pg_temp.reported_unreadable(), '{}'::uuid [],
    'outsider: every content the aggregate reports is one they may read');

select tests.authenticate_as('owner');
select is(pg_temp.reported_unreadable(), '{}'::uuid [],
    'owner: the aggregate and the contents policy agree');
select is(cardinality(pg_temp.stats_ids()), 2, 'the studio that owns both sees the activity of both');

-- the graph check names the template it was given only if the caller may read it
insert into public.templates (organization_id, name, aspect, resolution, spec)
values (tests.org_id('acme'), 'Codename Lighthouse', '9:16', '1080x1920',
        '{"tracks": [{"type": "video", "id": "main"}], "placeholders": {"cover": "image"}}');
insert into ids select 'template', id from public.templates where name = 'Codename Lighthouse';
create function pg_temp.graph_with_template() returns jsonb language sql as $$
    select jsonb_build_object('nodes', jsonb_build_array(
        jsonb_build_object('id', 'n1', 'type', 'Input.Stock', 'params', jsonb_build_object('query', 'x')),
        jsonb_build_object('id', 'n2', 'type', 'Edit.Timeline',
                           'params', jsonb_build_object('template_id', (select id from ids where name = 'template'))),
        jsonb_build_object('id', 'n3', 'type', 'Output.Render')),
        'edges', '[{"id": "e1", "from": "n1", "to": "n2"}, {"id": "e2", "from": "n2", "to": "n3"}]'::jsonb)
$$;
grant execute on function pg_temp.graph_with_template() to public;
select matches(private.workflow_graph_problem(pg_temp.graph_with_template(), '{}', tests.org_id('acme')),
    'required by template "Codename Lighthouse"', 'the studio''s own editor is told what its template needs');

select tests.authenticate_as('outsider');
select throws_ok(format('select private.workflow_graph_problem(%L, ''{}'', %L)', pg_temp.graph_with_template(),
                        tests.org_id('acme')),
    'PT404', 'organization not found',
    'an outsider cannot have another studio''s graph checked, so learns nothing about its templates');

select * from finish();
rollback;
