-- Signup, profiles and personal organizations.
begin;
\ir ../helpers/tests_schema.psql
select plan(17);

select tests.create_user('alice');
select tests.create_user('bob');
select tests.create_user('carol');
insert into auth.users (id, email, raw_user_meta_data)
values (gen_random_uuid(), 'dave@test.local', '{"username": "Dave_Writer", "full_name": "Dave W", "test_identifier": "dave"}');

create temporary table signups on commit drop as
select tests.get_user_id(name) as id from unnest(array['alice', 'bob', 'carol', 'dave']) name;
select is((select count(*)::int from public.profiles where id in (select id from signups)), 4,
    'every signup gets a profile');
select is(
    (select count(*)::int from public.organizations where is_personal and primary_owner_user_id in (select id from signups)),
    4, 'every signup gets a personal organization'
);
select is(
    (select role::text from public.organization_members m join public.organizations o on o.id = m.organization_id
     where o.is_personal and m.user_id = tests.get_user_id('alice')),
    'owner', 'the user owns their personal organization'
);
select is(
    (select display_name || '/' || username from public.profiles where id = tests.get_user_id('dave')),
    'Dave W/Dave_Writer', 'profile takes name and username from signup metadata'
);
select throws_ok(
    $$update public.profiles set username = 'dave_writer' where id = tests.get_user_id('alice')$$,
    '23505', null, 'usernames are unique regardless of case'
);

-- a user sees their own profile and their teammates', nobody else's
select tests.create_organization('alice', 'studio');
select tests.add_member('studio', 'bob', 'viewer');
select tests.authenticate_as('alice');
select results_eq(
    $$select display_name from public.profiles order by display_name$$,
    array['alice', 'bob'], 'alice sees herself and her teammate bob, not carol or dave'
);
select tests.authenticate_as('carol');
select results_eq(
    $$select display_name from public.profiles$$, array['carol'], 'carol, in no team, sees only herself'
);
select lives_ok(
    $$update public.profiles set bio = 'I write', locale = 'ko-KR' where id = auth.uid()$$,
    'a user edits their own profile'
);
select is(
    (select bio from public.profiles where id = auth.uid()), 'I write', 'the edit landed'
);
select throws_ok(
    $$update public.profiles set modo_tokens = 1000000 where id = auth.uid()$$,
    '42501', 'column profiles.modo_tokens cannot be changed by clients', 'clients cannot mint tokens'
);
select throws_ok(
    $$update public.profiles set status = 'active', deleted_at = null, email = 'x@y.z' where id = auth.uid()$$,
    '42501', null, 'clients cannot change email or status directly'
);
select is_empty(
    $$update public.profiles set bio = 'hacked' where id = tests.get_user_id('alice') returning id$$,
    'a user cannot edit another profile'
);
select throws_ok(
    $$update public.profiles set locale = 'not a locale!' where id = auth.uid()$$,
    '23514', null, 'enumerated and formatted fields are checked'
);

select tests.clear_authentication();
select throws_ok($$select 1 from public.profiles$$, '42501', null, 'anon cannot read profiles');
select throws_ok($$select 1 from public.organizations$$, '42501', null, 'anon cannot read organizations');

-- Supabase Auth changes flow into the profile
reset role;
update auth.users set email = 'alice@new.local', last_sign_in_at = '2026-11-01 10:00+00' where id = tests.get_user_id('alice');
select is(
    (select email || ' ' || last_login_at::text from public.profiles where id = tests.get_user_id('alice')),
    'alice@new.local 2026-11-01 10:00:00+00', 'email and last sign-in follow auth.users'
);

-- deleting a user removes their personal organization with them
delete from auth.users where id = tests.get_user_id('carol');
select is(
    (select count(*)::int from public.organizations where is_personal and primary_owner_user_id in (select id from signups)),
    3,
    'the personal organization goes with its user'
);

select * from finish();
rollback;
