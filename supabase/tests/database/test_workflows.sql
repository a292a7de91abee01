-- Templates, workflows, versions and runs as real users: who reads and writes what, frozen
-- scope columns, rules refused with 22023 naming the field, publishing, immutable versions,
-- runs that hold credits and whose jobs wait for their inputs (state 'waiting'), cancellation, schedules
-- that start workflows, soft-deleted rows hidden.
begin;
\ir ../helpers/tests_schema.psql
select plan(55);

select tests.create_user('owner');
select tests.create_user('editor');
select tests.create_user('viewer');
select tests.create_user('rival');
select tests.create_organization('owner', 'studio');
select tests.create_organization('rival', 'rivals');
select tests.add_member('studio', 'editor', 'editor');
select tests.add_member('studio', 'viewer', 'viewer');
select public.credits_grant(tests.org_id('studio'), 1000, 'bonus', 'test-bonus');
update public.schedules set enabled = false;

insert into public.projects (organization_id, created_by, title)
values (tests.org_id('studio'), tests.get_user_id('owner'), 'Film');
create function pg_temp.project() returns uuid language sql as $$
    select id from public.projects where title = 'Film'
$$;
create function pg_temp.held() returns bigint language sql as $$
    select held_balance from public.credit_balances where organization_id = tests.org_id('studio')
$$;
-- the queue is private: read it as the test's owner
create function pg_temp.parked(run_id uuid) returns text language sql security definer as $$
    select string_agg(g.metadata ->> 'node_id', ',' order by g.metadata ->> 'node_id')
    from private.job_queue q join public.generations g on g.id = q.generation_id
    where g.metadata ->> 'workflow_run_id' = run_id::text and q.state = 'waiting'
$$;
-- the studio's workflow, whoever asks (other tests may have committed workflows of the same name)
create function pg_temp.flow() returns uuid language sql security definer as $$
    select id from public.workflows where name = 'News' and organization_id = tests.org_id('studio')
$$;
grant execute on function pg_temp.project(), pg_temp.held(), pg_temp.parked(uuid), pg_temp.flow() to public;

create function pg_temp.graph() returns jsonb language sql as $$
    select '{"nodes": [
        {"id": "n1", "type": "Input.Stock", "params": {"query": "harbor"}},
        {"id": "n2", "type": "Script.Generate", "params": {"text": "{{headline}}"}},
        {"id": "n3", "type": "Voice.TTS"},
        {"id": "n4", "type": "Edit.Timeline"},
        {"id": "n5", "type": "Output.Render"}],
      "edges": [
        {"id": "e1", "from": "n1", "to": "n4"}, {"id": "e2", "from": "n2", "to": "n3"},
        {"id": "e3", "from": "n3", "to": "n4"}, {"id": "e4", "from": "n4", "to": "n5"}]}'::jsonb
$$;
grant execute on function pg_temp.graph() to public;

-- ---------------------------------------------------------------------------
-- templates
-- ---------------------------------------------------------------------------
select tests.authenticate_as('editor');
insert into public.templates (organization_id, name, aspect, resolution, spec, usage_count, created_by)
values (tests.org_id('studio'), 'Shorts', '9:16', '1080x1920',
        '{"tracks": [{"type": "video", "id": "main"}, {"type": "subtitle", "id": "subs"}]}', 99,
        tests.get_user_id('owner'));
select is((select row(version, usage_count, created_by = tests.get_user_id('editor'))::text
           from public.templates where name = 'Shorts' and organization_id = tests.org_id('studio')),
    '(1,0,t)', 'an editor creates a template: version 1, counters and creator set by the database');
select throws_ok($$insert into public.templates (organization_id, name, aspect, resolution, spec)
                   values (tests.org_id('studio'), 'Bad', '9:16', '1080x1920',
                           '{"tracks": [{"type": "video", "id": "main"}, {"type": "sound", "id": "fx"}]}')$$,
    '22023', 'template "Bad": tracks[1] "fx".type: must be one of video, audio, subtitle, overlay, image',
    'a bad spec is refused naming the track and the field');
select throws_ok($$update public.templates set spec = '{"tracks": [{"type": "video", "id": "main"}],
                   "overlays": [{"track": "main", "from": 0, "to": 2, "content": {"type": "text", "text": "Hi"}}]}'
                   where name = 'Shorts'$$,
    '22023', 'template "Shorts": overlays[0].track: "main" is not an overlay track',
    'an overlay must sit on an overlay track');
update public.templates set spec = spec || '{"placeholders": {"cover": "image"}}' where name = 'Shorts';
select is((select array_agg(version order by version) from public.template_versions t
           where t.template_id = (select id from public.templates
                                  where name = 'Shorts' and organization_id = tests.org_id('studio'))),
    array[1, 2], 'every change of the spec is a new version, all kept');
select throws_ok($$update public.templates set organization_id = tests.org_id('rivals') where name = 'Shorts'$$,
    '42501', null, 'the organization of a template is frozen');
select throws_ok($$update public.templates set usage_count = 1000 where name = 'Shorts'$$, '42501', null,
    'clients cannot set the usage counter');
insert into public.templates (organization_id, project_id, name, aspect, resolution, spec)
values (tests.org_id('rivals'), pg_temp.project(), 'Project look', '1:1', '1080x1080',
        '{"tracks": [{"type": "video", "id": "main"}]}');
select is((select organization_id from public.templates where name = 'Project look'), tests.org_id('studio'),
    'a project''s template takes its organization from the project, whatever was sent');

select tests.authenticate_as('viewer');
select is((select count(*) from public.template_versions v join public.templates t on t.id = v.template_id
           where t.name = 'Shorts' and t.organization_id = tests.org_id('studio')), 2::bigint, 'a viewer reads the templates and their versions');
select throws_ok($$insert into public.templates (organization_id, name, aspect, resolution, spec)
                   values (tests.org_id('studio'), 'Mine', '1:1', '100x100', '{"tracks": [{"type": "video", "id": "v"}]}')$$,
    '42501', null, 'a viewer cannot create templates');
with changed as (update public.templates set name = 'Taken' where name = 'Shorts' returning 1)

select is((select count(*) from changed), 0::bigint, 'nor change them');

select tests.authenticate_as('rival');
select is((select count(*) from public.templates where organization_id = tests.org_id('studio')), 0::bigint,
    'another organization sees none of them');
select tests.clear_authentication();
select is((select count(*) from public.templates where organization_id = tests.org_id('studio')), 0::bigint,
    'nor does anyone anonymous');
select tests.authenticate_as('owner');
update public.templates set is_public = true where name = 'Shorts';
select tests.clear_authentication();
select is((select count(*) from public.template_versions v join public.templates t on t.id = v.template_id
           where t.name = 'Shorts' and t.organization_id = tests.org_id('studio')), 2::bigint, 'a public template and its versions are readable by everyone');

-- ---------------------------------------------------------------------------
-- workflows and publishing
-- ---------------------------------------------------------------------------
select tests.authenticate_as('editor');
insert into public.workflows (project_id, organization_id, name, graph, variables, run_count, current_version)
values (pg_temp.project(), tests.org_id('rivals'), 'News', pg_temp.graph(), '{"headline": null}', 50, 7);
select is((select row(organization_id = tests.org_id('studio'), run_count, current_version is null)::text
           from public.workflows where name = 'News'),
    '(t,0,t)', 'a workflow takes its organization from the project; counters start at zero');
select throws_ok($$insert into public.workflows (project_id, name, graph)
                   values (pg_temp.project(), 'Loose', pg_temp.graph())$$,
    '22023', 'workflow "Loose": node n2 (Script.Generate): params.text: placeholder {{headline}} is not a workflow variable',
    'a placeholder must name a workflow variable');
select throws_ok($$update public.workflows set graph = jsonb_set(graph, '{edges,2,to}', '"n5"') where name = 'News'$$,
    '22023', 'workflow "News": edge e3: to: node n5 (Output.Render) has no input port for audio (from n3)',
    'an edge between incompatible ports is refused naming the edge and the port');
select throws_ok($$update public.workflows set graph = jsonb_set(graph, '{edges}', (graph -> 'edges') - 1)
                   where name = 'News'$$,
    '22023', 'workflow "News": node n3 (Voice.TTS): inputs.script: required input is not connected',
    'a required input must be connected');
select throws_ok($$update public.workflows set project_id = gen_random_uuid() where name = 'News'$$, '42501', null,
    'the project of a workflow is frozen');
select throws_ok($$update public.workflows set current_version = 9 where name = 'News'$$, '42501', null,
    'clients cannot set the published version');
select is((public.publish_workflow(pg_temp.flow())).version, 1,
    'an editor publishes version 1');
select is((select current_version from public.workflows where name = 'News'), 1, 'the workflow points at it');
select throws_ok($$update public.workflow_versions set graph = '{}'$$, '42501', null,
    'clients cannot change a published version');

select tests.authenticate_as('viewer');
select is((select count(*) from public.workflow_versions), 1::bigint, 'a viewer reads workflows and versions');
select throws_ok(format('select public.publish_workflow(%L)', pg_temp.flow()),
    'PT404', 'workflow not found', 'a viewer cannot publish');
select throws_ok($$insert into public.workflows (project_id, name, graph, variables)
                   values (pg_temp.project(), 'Mine', pg_temp.graph(), '{"headline": "x"}')$$,
    '42501', null, 'nor create workflows');

select tests.authenticate_as('rival');
select is((select count(*) from public.workflows) + (select count(*) from public.workflow_versions), 0::bigint,
    'another organization sees no workflow and no version');
select throws_ok(format('select public.publish_workflow(%L)', pg_temp.flow()),
    'PT404', 'workflow not found', 'and cannot publish them: the same answer as for a missing one');

select tests.authenticate_as_service_role();
select throws_ok($$update public.workflow_versions set variables = '{}' where organization_id = tests.org_id('studio')$$, 'PT409', null,
    'a published version never changes, not even for the service role');

-- ---------------------------------------------------------------------------
-- runs
-- ---------------------------------------------------------------------------
create temporary table version_under_test as
select id from public.workflow_versions where organization_id = tests.org_id('studio');
grant select on version_under_test to public;

select tests.authenticate_as('editor');
select throws_ok($$select public.start_workflow_run((select id from version_under_test))$$, '22023',
    'node n2 (Script.Generate): params.text: placeholder {{headline}} is not filled',
    'a run must fill every placeholder');
select throws_ok($$select public.start_workflow_run((select id from version_under_test), '{"title": "x"}')$$,
    '22023', 'inputs.title: not a variable of this workflow', 'inputs name variables only');
select throws_ok($$select public.start_workflow_run((select id from version_under_test), '{}', repeat('k', 191))$$,
    '22023', null, 'a long dedup key is refused');
create temporary table started as
select * from public.start_workflow_run((select id from version_under_test), '{"headline": "Boats are back."}', 'r1');
select is((select row(status, total_nodes, estimated_credits)::text from started), '(running,5,17)',
    'a run starts with one job per node and their estimated credits');
select is(pg_temp.held(), 17::bigint, 'the credits of every node are held (image 4, text 1, speech 1, timeline 10, render 1)');
select is(pg_temp.parked((select id from started)), 'n3,n4,n5', 'jobs with inputs wait for them (state waiting)');
select is((public.start_workflow_run((select id from version_under_test), '{"headline": "Again"}', 'r1')).id,
    (select id from started), 'the same dedup key returns the same run, charging nothing more');
select is(pg_temp.held(), 17::bigint, 'still 17 held');
select is((select count(*) from public.generations where metadata ->> 'workflow_run_id' = (select id from started)::text
           and params ->> 'text' = 'Boats are back.'), 1::bigint, 'placeholders are filled in the node''s params');

select tests.authenticate_as('viewer');
select is((select count(*) from public.workflow_runs), 1::bigint, 'a viewer watches the run');
select throws_ok($$select public.start_workflow_run((select id from version_under_test), '{"headline": "x"}')$$,
    'PT404', 'workflow version not found', 'a viewer cannot start runs');
select throws_ok(format('select public.cancel_workflow_run(%L)', (select id from started)), 'PT404',
    'workflow run not found', 'nor cancel them');
select tests.authenticate_as('rival');
select is((select count(*) from public.workflow_runs), 0::bigint, 'another organization does not see the run');
select throws_ok($$select public.start_workflow_run((select id from version_under_test), '{"headline": "x"}')$$,
    'PT404', 'workflow version not found', 'nor start one');

select tests.authenticate_as('editor');
select is((public.cancel_workflow_run((select id from started))).status, 'cancelled', 'the editor cancels the run');
select is((select count(*) from public.generations where metadata ->> 'workflow_run_id' = (select id from started)::text
           and status = 'cancelled'), 5::bigint, 'every node''s job is cancelled');
select is(pg_temp.held(), 0::bigint, 'and every hold released');

-- ---------------------------------------------------------------------------
-- schedules that start workflows
-- ---------------------------------------------------------------------------
insert into public.schedules (project_id, name, cron, workflow_id, request)
values (pg_temp.project(), 'daily news', '0 10 * * *', pg_temp.flow(),
        '{"headline": "Daily news."}');
select throws_ok($$update public.schedules set workflow_id = null where name = 'daily news'$$, '42501', null,
    'the workflow of a schedule is frozen');
select tests.authenticate_as_service_role();
update public.schedules set next_run_at = now() - interval '1 minute' where name = 'daily news';
select is(public.scheduler_tick(), 1, 'a due workflow schedule starts a run');
select is((select row(r.started_by = tests.get_user_id('editor'), r.inputs ->> 'headline', s.run_count,
                      s.last_generation_id = r.render_generation_id)::text
           from public.workflow_runs r join public.schedules s on s.id = r.schedule_id where s.name = 'daily news'),
    '(t,"Daily news.",1,t)', 'as the schedule''s creator, with its request as inputs, pointing at the render');

insert into public.projects (organization_id, created_by, title)
values (tests.org_id('studio'), tests.get_user_id('owner'), 'Other');
select tests.authenticate_as('editor');
select throws_ok($$insert into public.schedules (project_id, name, cron, workflow_id)
                   values ((select id from public.projects where title = 'Other'), 'stray', '0 * * * *',
                           pg_temp.flow())$$,
    'PT404', 'workflow not found in this project', 'a schedule starts only workflows of its own project');

-- archived workflows neither run nor stay scheduled
select tests.authenticate_as('editor');
update public.workflows set status = 'archived' where name = 'News';
select is((select row(enabled, last_error)::text from public.schedules where name = 'daily news'),
    '(f,"the workflow is archived")', 'archiving a workflow unschedules it, saying why');
select throws_ok($$select public.start_workflow_run((select id from version_under_test), '{"headline": "Late"}')$$,
    'PT409', 'workflow "News" is archived', 'an archived workflow does not run');
select throws_ok($$update public.schedules set enabled = true where name = 'daily news'$$,
    'PT409', 'workflow "News" is archived', 'nor can its schedule be switched back on');
select throws_ok($$insert into public.schedules (project_id, name, cron, workflow_id)
                   values (pg_temp.project(), 'again', '0 * * * *', pg_temp.flow())$$,
    'PT409', 'workflow "News" is archived', 'nor scheduled anew');
update public.workflows set status = 'production' where name = 'News';
select lives_ok($$select public.start_workflow_run((select id from version_under_test), '{"headline": "Back"}')$$,
    'unarchived, it runs again (its schedules stay off until someone enables them)');

-- soft-deleted workflows disappear with their versions and runs
select tests.authenticate_as_service_role();
update public.workflows set deleted_at = now() where organization_id = tests.org_id('studio');
select tests.authenticate_as('viewer');
select is((select count(*) from public.workflows) + (select count(*) from public.workflow_versions)
          + (select count(*) from public.workflow_runs), 0::bigint,
    'a soft-deleted workflow, its versions and its runs are invisible');

select * from finish();
rollback;
