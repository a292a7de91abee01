-- The scene pipeline in SQL: request_film as real users (who may, what is checked before any
-- money moves: brand policy, options, credits), the jobs and inputs it creates, jobs waiting
-- for their inputs, the parent's progress and scene count kept by triggers, a dead-lettered
-- scene job retried alone, the film finishing with its merge, and cancellation releasing
-- every hold.
begin;
\ir ../helpers/tests_schema.psql
select plan(63);

select tests.create_user('owner');
select tests.create_user('editor');
select tests.create_user('viewer');
select tests.create_user('outsider');
select tests.create_organization('owner', 'studio');
select tests.add_member('studio', 'editor', 'editor');
select tests.add_member('studio', 'viewer', 'viewer');
select public.credits_grant(tests.org_id('studio'), 1000, 'bonus', 'test-bonus');
-- a plan without a daily spend cap (two films in one day)
update public.subscriptions set plan_id = 'enterprise' where organization_id = tests.org_id('studio');
select tests.create_organization('outsider', 'poorco');
select public.credits_grant(tests.org_id('poorco'), 10, 'bonus', 'test-bonus');

insert into public.projects (organization_id, created_by, title) values
(tests.org_id('studio'), tests.get_user_id('owner'), 'Harbor'),
(tests.org_id('poorco'), tests.get_user_id('outsider'), 'Poor');
insert into public.books (organization_id, project_id, title)
select organization_id, id, title || ' book' from public.projects
where organization_id in (tests.org_id('studio'), tests.org_id('poorco'));
insert into public.chapters (book_id, chapter_number, title, content)
select id, 1, 'One', 'The boats come back.' from public.books
where organization_id in (tests.org_id('studio'), tests.org_id('poorco'));
insert into public.scripts (chapter_id, script)
select c.id, 'EXT. HARBOR - DAWN' || E'\n' || 'MINA: The boats are back.' from public.chapters c
join public.books b on b.id = c.book_id
where b.organization_id in (tests.org_id('studio'), tests.org_id('poorco'));
insert into public.scenes (script_id, scene_number, title, description, audio_requirements)
select s.id, n, 'Scene ' || n, 'The harbor, view ' || n,
       jsonb_build_object('lines', jsonb_build_array(jsonb_build_object('speaker', 'MINA', 'text', 'Line ' || n)))
from public.scripts s, generate_series(1, 3) n
where s.organization_id in (tests.org_id('studio'), tests.org_id('poorco'));

create function pg_temp.script(project_title text) returns uuid language sql as $$
    select s.id from public.scripts s join public.projects p on p.id = s.project_id
    where p.title = project_title and p.organization_id in (tests.org_id('studio'), tests.org_id('poorco'))
$$;
create function pg_temp.held(slug text) returns bigint language sql as $$
    select held_balance from public.credit_balances where organization_id = tests.org_id(slug)
$$;
create function pg_temp.available(slug text) returns bigint language sql as $$
    select balance + rollover_balance + bonus_balance from public.credit_balances
    where organization_id = tests.org_id(slug)
$$;
create function pg_temp.film(key text) returns public.generations language sql as $$
    select * from public.generations where dedup_key = 'client:' || key
$$;
create function pg_temp.child(key text, child_kind text, scene integer) returns public.generations language sql as $$
    select c.* from public.generations c
    where c.parent_id = (pg_temp.film(key)).id and c.kind = child_kind and c.scene_number is not distinct from scene
      and not c.metadata ? 'superseded_by'
$$;
-- the queue is private: these helpers read it and play the worker as the test's owner
create function pg_temp.queue_states(key text) returns text language sql security definer as $$
    select string_agg(g.kind || ':' || q.state, ' ' order by g.kind, q.state)
    from private.job_queue q join public.generations g on g.id = q.generation_id
    where g.parent_id = (pg_temp.film(key)).id
$$;
create function pg_temp.work(job_kind text, how_many integer default 100) returns bigint
language plpgsql security definer as $$
declare
    claimed record;
    done bigint := 0;
begin
    for claimed in select * from public.job_claim('pgtap', job_kind, how_many) loop
        perform public.job_complete(array[claimed.queue_id], array[claimed.lease_token],
            array[jsonb_build_object('output_url', 'file:///' || claimed.generation_id || '.out',
                                     'duration_ms', 2000, 'provider', 'local', 'model', 'local-v1')]);
        done := done + 1;
    end loop;
    return done;
end
$$;
create function pg_temp.fail(job_kind text) returns text language plpgsql security definer as $$
declare
    claimed record;
begin
    select * into claimed from public.job_claim('pgtap', job_kind, 1);
    return public.job_fail(claimed.queue_id, claimed.lease_token, 'espeak-ng crashed', 'speech_failed', false);
end
$$;
grant execute on function pg_temp.script(text), pg_temp.held(text), pg_temp.available(text), pg_temp.film(text),
pg_temp.child(text, text, integer), pg_temp.queue_states(text), pg_temp.work(text, integer), pg_temp.fail(text)
to public;
-- workers claim from empty queues: other tests may have committed jobs
delete from private.job_queue where kind in ('image', 'audio', 'scene_video', 'lipsync', 'merge');

-- ---------------------------------------------------------------------------
-- who may ask, and what is refused before any money moves
-- ---------------------------------------------------------------------------
select tests.authenticate_as('viewer');
select throws_ok($$select public.request_film(pg_temp.script('Harbor'))$$, 'PT404', 'script not found',
    'viewers cannot request a film');
select tests.authenticate_as('outsider');
select throws_ok($$select public.request_film(
    (select s.id from public.scripts s join public.projects p on p.id = s.project_id where p.title = 'Harbor'))$$,
    'PT404', 'script not found', 'another organization''s script is not found (no existence oracle)');
select tests.authenticate_as('editor');
select throws_ok($$select public.request_film(pg_temp.script('Harbor'), '{"colour": "red"}')$$, '22023',
    'unknown film option "colour"', 'unknown options are refused, named');
select throws_ok($$select public.request_film(pg_temp.script('Harbor'), '{"fps": 500}')$$, '22023', null,
    'options out of range are refused');
select throws_ok($$select public.request_film(pg_temp.script('Harbor'), dedup_key => repeat('k', 191))$$, '22023',
    'dedup_key is longer than 190 characters', 'the dedup key is length-capped');

-- brand policy of the project: forbidden words (English whole words, Korean substrings) and a disclaimer
insert into public.brand_policies (project_id, brand_name, prohibited_content, required_disclaimers)
select id, 'Harbor Films', array['gore', '폭력'], array['A work of fiction.'] from public.projects
where title = 'Harbor' and organization_id = tests.org_id('studio');
update public.scenes set description = 'Gulls, and gore on the pier' where scene_number = 2 and script_id = pg_temp.script('Harbor');
select throws_ok($$select public.request_film(pg_temp.script('Harbor'))$$, 'PT451',
    'forbidden word "gore" in scene 2 (brand policy "Harbor Films")',
    'a forbidden word is refused, naming the word, the scene and the policy');
update public.scenes set description = '폭력은 없다' where scene_number = 2 and script_id = pg_temp.script('Harbor');
select throws_ok($$select public.request_film(pg_temp.script('Harbor'))$$, 'PT451',
    'forbidden word "폭력" in scene 2 (brand policy "Harbor Films")',
    'Korean words match inside a longer word (particles are attached)');
update public.scenes set description = 'The gorge by the harbor' where scene_number = 2 and script_id = pg_temp.script('Harbor');
select throws_ok($$select public.request_film(pg_temp.script('Harbor'))$$, 'PT451',
    'required disclaimer "A work of fiction." is missing from the script (brand policy "Harbor Films")',
    'a missing disclaimer is refused (and "gorge" is not the forbidden word "gore")');
select throws_ok($$select public.request_generation((select id from public.projects where title = 'Harbor' and organization_id = tests.org_id('studio')),
    'image', 'a pier covered in GORE')$$, 'PT451', 'forbidden word "gore" in the prompt (brand policy "Harbor Films")',
    'single prompts are checked too, case-insensitively');
select lives_ok($$select public.request_generation((select id from public.projects where title = 'Harbor' and organization_id = tests.org_id('studio')),
    'text', 'a classic harbor song', dedup_key => 'song')$$, 'a clean prompt passes (no disclaimer needed)');
select tests.authenticate_as_service_role();
select is((select count(*) from public.generations where organization_id = tests.org_id('studio')), 1::bigint,
    'the refused requests created nothing');
select is(pg_temp.held('studio'), 1::bigint, 'and held nothing: only the clean prompt holds credits');
reset role;
select ok(not private.contains_word('a class act', 'ass') and private.contains_word('Ass!', 'ass')
          and private.contains_word('(c++) rules', 'c++'), 'English words match whole words; symbols are escaped');
update public.scripts set script = script || E'\nA work of fiction.' where id = pg_temp.script('Harbor');

select tests.authenticate_as('outsider');
select throws_ok($$select public.request_film(pg_temp.script('Poor'))$$, 'PT402',
    'insufficient credits for this film: 47 needed, 10 available',
    'the film''s whole cost is compared with the wallet first (3 x (image 4 + speech 1 + scene 10) + merge 2)');
select tests.authenticate_as_service_role();
select is((select count(*) from public.generations where organization_id = tests.org_id('poorco')), 0::bigint,
    'a film refused for credits creates nothing');

-- ---------------------------------------------------------------------------
-- the film: one transaction, every job and input, every hold
-- ---------------------------------------------------------------------------
select tests.authenticate_as('editor');
select is((public.request_film(pg_temp.script('Harbor'), '{"width": 320, "height": 180}', 'one')).status, 'running',
    'the film starts running: it runs while its children do');
select is((public.request_film(pg_temp.script('Harbor'), dedup_key => 'one')).id, (pg_temp.film('one')).id,
    'a repeated dedup key returns the same film');
select tests.authenticate_as_service_role();
select is(pg_temp.held('studio'), 48::bigint, 'every job''s credits are held once (47 + the earlier prompt)');
select is((select count(*) from public.generations where parent_id = (pg_temp.film('one')).id), 10::bigint,
    'three scenes of image, speech and scene video, and one merge');
select is((select count(*) from public.credit_holds h join public.generations g on g.hold_id = h.id
           where g.parent_id = (pg_temp.film('one')).id and h.status = 'pending'), 10::bigint,
    'each child holds its own credits');
select is(((pg_temp.film('one')).total_steps, (pg_temp.film('one')).completed_steps, (pg_temp.film('one')).progress),
    (3, 0, 0.00::numeric(5, 2)), 'the parent counts three scenes, none done');
select is(pg_temp.queue_states('one'),
    'audio:ready audio:ready audio:ready image:ready image:ready image:ready merge:waiting scene_video:waiting '
    || 'scene_video:waiting scene_video:waiting',
    'jobs whose inputs are not ready wait; the parent itself is not queued');
select is((select string_agg(gi.role || ':' || i.kind, ',' order by gi.sequence_order)
           from public.generation_inputs gi join public.generations i on i.id = gi.input_generation_id
           where gi.generation_id = (pg_temp.child('one', 'scene_video', 2)).id), 'image:image,audio:audio',
    'a scene video''s inputs are its scene''s frame and speech');
select is((select array_agg(i.scene_number order by gi.sequence_order)
           from public.generation_inputs gi join public.generations i on i.id = gi.input_generation_id
           where gi.generation_id = (pg_temp.child('one', 'merge', null)).id), array[1, 2, 3],
    'the merge takes the scene videos in scene order');
select is(((pg_temp.child('one', 'scene_video', 1)).params ->> 'width', (pg_temp.child('one', 'audio', 1)).prompt),
    ('320'::text, 'Line 1'::text), 'options reach the jobs; speech says the scene''s lines');

select tests.authenticate_as('viewer');
select is((select count(*) from public.generations where parent_id = (pg_temp.film('one')).id), 10::bigint,
    'members read the film''s jobs');
select is((select count(*) from public.generation_inputs where organization_id = tests.org_id('studio')), 9::bigint,
    'and their inputs');
select tests.authenticate_as('outsider');
select is((select count(*) from public.generations where organization_id = tests.org_id('studio')), 0::bigint,
    'outsiders read none of it');
select throws_ok($$select public.retry_generation((select id from public.generations limit 1))$$, 'PT404', null,
    'nor retry anything');

-- ---------------------------------------------------------------------------
-- running: inputs wake their dependants, the parent follows
-- ---------------------------------------------------------------------------
select tests.authenticate_as_service_role();
select is(pg_temp.work('scene_video'), 0::bigint, 'waiting jobs are never claimed');
select is(pg_temp.work('image'), 3::bigint, 'the frames run');
select is(pg_temp.work('audio', 2), 2::bigint, 'two scenes'' speech runs');
select is(pg_temp.queue_states('one'),
    'audio:ready merge:waiting scene_video:ready scene_video:ready scene_video:waiting',
    'scene videos whose frame and speech succeeded are ready; the third still waits');
select is(((pg_temp.film('one')).progress, (pg_temp.film('one')).current_step), (50.00::numeric(5, 2),
    'scene 2: audio succeeded'::text), 'the parent shows the share of jobs done and the last step');

-- scene 3's speech fails for good: dead-lettered, its hold released, the film goes on
select is(pg_temp.fail('audio'), 'failed', 'a non-retryable failure dead-letters the job');
select is((select h.status from public.credit_holds h where h.id = (pg_temp.child('one', 'audio', 3)).hold_id),
    'released', 'its hold is released');
select is(((pg_temp.film('one')).status, (pg_temp.film('one')).error_code), ('running'::text, 'step_failed'::text),
    'the film keeps running and says a step failed');
select matches((pg_temp.film('one')).error_message, '^audio of scene 3 failed: espeak-ng crashed \(retry it',
    'naming the step and how to retry it');
select is(pg_temp.work('scene_video'), 2::bigint, 'the other scenes go on');
select is((pg_temp.film('one')).completed_steps, 2, 'two scenes are done');

select tests.authenticate_as('viewer');
select throws_ok($$select public.retry_generation((pg_temp.child('one', 'audio', 3)).id)$$, 'PT404', null,
    'viewers cannot retry');
select tests.authenticate_as('editor');
select throws_ok($$select public.retry_generation((pg_temp.child('one', 'image', 1)).id)$$, 'PT409',
    'only a failed or cancelled generation can be retried (this one is succeeded)', 'succeeded jobs are not retried');
select is((public.retry_generation((pg_temp.child('one', 'audio', 3)).id)).status, 'queued',
    'the failed job is asked again');
select tests.authenticate_as_service_role();
select is((select count(*) from public.generations g
           where g.parent_id = (pg_temp.film('one')).id and g.metadata ->> 'retry_of' is not null), 1::bigint,
    'as one new job');
select tests.authenticate_as('editor');
select is((public.retry_generation((select id from public.generations where status = 'failed' and parent_id = (pg_temp.film('one')).id))).id,
    (pg_temp.child('one', 'audio', 3)).id, 'retrying twice returns the same successor');
select tests.authenticate_as_service_role();
select is(pg_temp.held('studio'), 1 + 1 + 10 + 2::bigint,
    'its credits are held again (the earlier prompt, the new speech; scene 3''s video and the merge still wait)');
select is((select i.id from public.generation_inputs gi join public.generations i on i.id = gi.input_generation_id
           where gi.generation_id = (pg_temp.child('one', 'scene_video', 3)).id and gi.role = 'audio'),
    (pg_temp.child('one', 'audio', 3)).id, 'the scene video now waits for the new speech');
select is(((pg_temp.film('one')).error_code, pg_temp.queue_states('one')), (null::text, 'audio:ready merge:waiting scene_video:waiting'::text),
    'the film''s error clears; only the retried job, its scene video and the merge are left');
select is(pg_temp.work('audio') + pg_temp.work('scene_video'), 2::bigint, 'the retried scene finishes');
select is(((pg_temp.film('one')).completed_steps, pg_temp.queue_states('one')), (3, 'merge:ready'::text),
    'three scenes done: the merge is ready');
select is(pg_temp.work('merge'), 1::bigint, 'the merge runs');
select is(((pg_temp.film('one')).status, (pg_temp.film('one')).progress, (pg_temp.film('one')).output_url),
    ('succeeded'::text, 100.00::numeric(5, 2), 'file:///' || (pg_temp.child('one', 'merge', null)).id || '.out'),
    'the film succeeds with the merge: its output is the film');
select is(((pg_temp.film('one')).result ->> 'credits_captured')::bigint, 47::bigint,
    'it reports what its jobs captured (the failed speech charged nothing)');
select is(pg_temp.held('studio'), 1::bigint, 'nothing of the film is held any more');
select is((select count(*) from public.credit_holds h join public.generations g on g.hold_id = h.id
           where g.parent_id = (pg_temp.film('one')).id and h.status = 'captured'), 10::bigint,
    'every succeeded job captured its hold once');

-- ---------------------------------------------------------------------------
-- cancelling: what has not started is cancelled and released, running jobs stop
-- ---------------------------------------------------------------------------
select tests.authenticate_as('editor');
select lives_ok($$select public.request_film(pg_temp.script('Harbor'), '{"lipsync": true}', 'two')$$,
    'a second film, with lip-sync');
select tests.authenticate_as_service_role();
select is(pg_temp.held('studio'), 1 + 71::bigint, 'its 71 credits are held (lip-sync: 8 more per scene)');
create temporary table running_image on commit drop as select * from public.job_claim('pgtap', 'image', 1);
grant select on running_image to public;
select tests.authenticate_as('editor');
select is((public.cancel_generation((pg_temp.film('two')).id)).cancel_requested_at is not null, true,
    'the editor cancels the film');
select tests.authenticate_as_service_role();
select is((select string_agg(distinct status, ',') from public.generations
           where parent_id = (pg_temp.film('two')).id and id <> (select generation_id from running_image)),
    'cancelled', 'every job not started is cancelled');
select is(((pg_temp.film('two')).status, pg_temp.held('studio')), ('running'::text, 1 + 4::bigint),
    'their holds are released; the running frame still holds its 4 credits, the film waits for it');
select is((select state from public.job_heartbeat('pgtap', array[(select queue_id from running_image)],
                                                  array[(select lease_token from running_image)])),
    'cancel', 'the running job learns of it at its next heartbeat');
select ok(public.job_cancelled((select queue_id from running_image), (select lease_token from running_image)),
    'and stops');
select is(((pg_temp.film('two')).status, pg_temp.held('studio'), pg_temp.available('studio')),
    ('cancelled'::text, 1::bigint, 1000 - 47 - 1::bigint),
    'then the film is cancelled and all its credits are back');

select * from finish();
rollback;
