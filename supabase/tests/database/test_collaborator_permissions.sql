-- Collaborators' permissions are read: 'generate' gates generation requests (through the one
-- door, private.checked_generation), 'comment' gates feedback on the project.
begin;
\ir ../helpers/tests_schema.psql
select plan(8);

select tests.create_user(name) from unnest(array['owner', 'viewer', 'gen', 'editonly', 'talker', 'mute']) name;
select tests.create_organization('owner', 'studio');
select tests.add_member('studio', 'viewer', 'viewer');
select public.credits_grant(tests.org_id('studio'), 1000, 'bonus', 'test-bonus');
insert into public.projects (organization_id, created_by, title, visibility)
values (tests.org_id('studio'), tests.get_user_id('owner'), 'Film', 'private');
create function pg_temp.project() returns uuid language sql as $$
    select id from public.projects where title = 'Film'
$$;
grant execute on function pg_temp.project() to public;
insert into public.project_collaborators (project_id, user_id, role, permissions) values
(pg_temp.project(), tests.get_user_id('gen'), 'artist', '{view,generate}'),
(pg_temp.project(), tests.get_user_id('editonly'), 'writer', '{view,edit}'),
(pg_temp.project(), tests.get_user_id('talker'), 'reviewer', '{view,comment}'),
(pg_temp.project(), tests.get_user_id('mute'), 'reviewer', '{view}');

-- generate
select tests.authenticate_as('gen');
select is((public.request_generation(pg_temp.project(), 'image', 'a lighthouse')).project_id, pg_temp.project(),
    'a collaborator with generate requests a generation in the project');
select tests.authenticate_as('editonly');
select throws_ok($$select public.request_generation(pg_temp.project(), 'image', 'a storm')$$,
    'PT404', 'project not found', 'a collaborator without generate requests none, edit rights or not');
select lives_ok($$update public.projects set description = 'edited' where id = pg_temp.project()$$,
    'while still editing the project');
select tests.authenticate_as('talker');
select throws_ok($$select public.request_generation(pg_temp.project(), 'image', 'a storm')$$,
    'PT404', 'project not found', 'nor does a commenting collaborator');

-- comment
select lives_ok($$insert into public.feedback (project_id, created_by, title, content)
                  values (pg_temp.project(), auth.uid(), 'Pacing', 'slow second act')$$,
    'a collaborator with comment gives feedback on the project');
select tests.authenticate_as('mute');
select throws_ok($$insert into public.feedback (project_id, created_by, title, content)
                   values (pg_temp.project(), auth.uid(), 'Noise', 'x')$$,
    '42501', null, 'a collaborator without comment gives none');
select tests.authenticate_as('talker');
reset role;
update public.project_collaborators set permissions = '{view}' where user_id = tests.get_user_id('talker');
select tests.authenticate_as('talker');
update public.feedback set content = 'rewritten' where title = 'Pacing';
reset role;
select is((select content from public.feedback where title = 'Pacing'), 'slow second act',
    'an author whose comment right was withdrawn edits their feedback no more');
-- members keep their role's rights: a viewer comments but does not generate
select tests.authenticate_as('viewer');
select throws_ok($$select public.request_generation(pg_temp.project(), 'image', 'a storm')$$,
    'PT404', 'project not found', 'a viewer member requests no generation');

select * from finish();
rollback;
