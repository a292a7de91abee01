-- Every value a seed defines is accepted, as itself or as the value we merged it into
-- (docs/seed-map.toml, `values`), and the seed rules on studio columns hold: one universe per
-- project, a story's structure and format and an animation's style are of the seeds' lists.
begin;
\ir ../helpers/tests_schema.psql
select plan(22);

select tests.create_user(name) from unnest(array['owner', 'writer']) name;
select tests.create_organization('owner', 'acme');
select tests.add_member('acme', 'writer', 'editor');

select tests.authenticate_as('owner');
insert into public.projects (organization_id, created_by, title, slug, status)
values (tests.org_id('acme'), auth.uid(), 'Voyage', 'voyage', 'planning');
select is((select status from public.projects where slug = 'voyage'), 'planning',
    'a project may be planning (VideoPlanet project_status)');

create temporary table made on commit drop as select id as project_id from public.projects where slug = 'voyage';
grant select on made to authenticated;

-- feedback types of VideoPlanet: feature_request is our `feature`; improvement and rating are kept
insert into public.feedback (organization_id, created_by, title, type)
values (tests.org_id('acme'), auth.uid(), 'Add a timeline', 'feature_request'),
       (tests.org_id('acme'), auth.uid(), 'Faster renders', 'improvement'),
       (tests.org_id('acme'), auth.uid(), 'Five stars', 'rating');
select is((select type from public.feedback where title = 'Add a timeline'), 'feature',
    'feedback type feature_request is stored as feature');
select is((select array_agg(type order by title) from public.feedback where title in ('Faster renders', 'Five stars')),
    array['improvement', 'rating'], 'feedback types improvement and rating are accepted');

insert into public.assets (organization_id, type, filename, mime_type, storage_path)
values (tests.org_id('acme'), 'template', 'intro.json', 'application/json', 'acme/intro.json');
select is((select type from public.assets where filename = 'intro.json'), 'template', 'an asset may be a template');

-- moodboard and animation statuses of the MODO seeds, stored as ours
insert into public.moodboards (project_id, beat_name, beat_index, status)
select project_id, b.name, b.n, b.status
from made, (values ('Pending', 0, 'pending'), ('Processing', 1, 'processing'), ('Completed', 2, 'completed'))
           as b (name, n, status);
select is((select array_agg(status order by beat_index) from public.moodboards where project_id = (select project_id from made)),
    array['draft', 'generating', 'ready'],
    'moodboard statuses pending/processing/completed are stored as draft/generating/ready');
insert into public.animations (project_id, beat_name, beat_index, status, style)
select project_id, b.name, b.n, b.status, b.style
from made, (values ('Pending', 0, 'pending', 'cartoon'), ('Processing', 1, 'processing', '3d'),
                   ('Completed', 2, 'completed', 'realistic')) as b (name, n, status, style);
select is((select array_agg(status order by beat_index) from public.animations where project_id = (select project_id from made)),
    array['pending', 'generating', 'ready'],
    'animation statuses pending/processing/completed are stored as pending/generating/ready');
update public.animations set status = 'completed' where beat_index = 1;
select is((select status from public.animations where beat_index = 1), 'ready',
    'an update to a seed status is stored as ours too');
select throws_ok($$insert into public.animations (project_id, beat_name, beat_index, style)
                   select project_id, 'Odd', 9, 'watercolor' from made$$,
    '23514', null, 'an animation style outside cartoon/sketch/3d/vector/realistic is refused');
select throws_ok($$update public.moodboards set animation_style = 'watercolor'$$,
    '23514', null, 'a moodboard''s animation style is of the same list');
select lives_ok($$update public.moodboards set animation_style = 'vector'$$, 'vector is a style');
select throws_ok($$update public.animations set status = 'exploded'$$, '23514', null,
    'a status that is neither ours nor a seed''s is still refused');

-- collaborator roles of MODO
select lives_ok(format($$insert into public.project_collaborators (project_id, user_id, role, custom_role_title)
                         values (%L, %L, 'head_creative', null)$$,
                       (select project_id from made), tests.get_user_id('writer')),
    'a collaborator may be head_creative');
select lives_ok($q$do $d$
                  declare r text;
                  begin
                      foreach r in array array['ip_producer', 'head_production', 'head_business', 'story_supervisor',
                                               'character_supervisor'] loop
                          update public.project_collaborators set role = r;
                      end loop;
                  end $d$$q$,
    'and ip_producer, head_production, head_business, story_supervisor, character_supervisor');
select lives_ok(format($$update public.project_collaborators set role = 'custom', custom_role_title = 'Showrunner'
                         where project_id = %L$$, (select project_id from made)),
    'and custom, titled by custom_role_title');

-- stories: structure and format of the MODO seeds
select lives_ok($$insert into public.stories (project_id, title, structure, format)
                  select project_id, 'Voyage', 'hero', 'short_video' from made$$,
    'a story with structure hero and format short_video');
select lives_ok($$insert into public.stories (project_id, title, structure, format)
                  select project_id, 'Voyage', v.s, v.f
                  from made, (values ('cat', 'feature'), ('harmon', 'series'), ('custom', 'short_movie'),
                                     ('hero', 'animation')) v (s, f)$$,
    'structures cat, harmon, custom and formats feature, series, short_movie, animation');
select throws_ok($$update public.stories set structure = 'freytag'$$, '23514', null,
    'a structure outside hero/cat/harmon/custom is refused');
select throws_ok($$update public.stories set format = 'opera'$$, '23514', null, 'a story format outside the list is refused');
select throws_ok($$update public.projects set format = 'opera'$$, '23514', null,
    'a project format outside the list is refused');
select lives_ok($$update public.projects set format = 'short_movie'$$, 'short_movie is a project format');

-- one universe per project (MODO: universes.project_id unique)
insert into public.universes (project_id, name) select project_id, 'Harbour' from made;
select throws_ok($$insert into public.universes (project_id, name) select project_id, 'Second' from made$$,
    '23505', null, 'a project has one universe');
update public.universes set deleted_at = now();
select lives_ok($$insert into public.universes (project_id, name) select project_id, 'Rebuilt' from made$$,
    'a deleted universe leaves room for a new one');

select * from finish();
rollback;
