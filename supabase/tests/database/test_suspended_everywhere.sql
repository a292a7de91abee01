-- A suspended account is refused by every function that asks who the caller is, not only by
-- those that start with require_user: functions learn the caller from private.caller_id() (the
-- one reader of auth.uid() among them, tests/py/test_membership_guard.py), which answers
-- 42501 `account suspended`; read-only functions filtering by the caller show it nothing.
-- Before, RPCs and triggers that read auth.uid() directly served a suspended account (its
-- notifications and feature flags; its own watchlist rows).
begin;
\ir ../helpers/tests_schema.psql
select plan(11);

select tests.create_user(name) from unnest(array['owner', 'mallory']) name;
select tests.create_organization('owner', 'studio');
select tests.add_member('studio', 'mallory', 'editor');
select public.credits_grant(tests.org_id('studio'), 1000, 'bonus', 'test-bonus');
insert into public.projects (organization_id, created_by, title, visibility)
values (tests.org_id('studio'), tests.get_user_id('owner'), 'Film', 'team');
insert into public.contents (project_id, title, slug, type, visibility, genre, status, video_url)
select p.id, 'Free film', 'free-film', 'movie', 'free', 'drama', 'draft', 'https://cdn.test/free-film.mp4'
from public.projects p where p.title = 'Film';
update public.contents set status = 'published' where slug = 'free-film';
insert into public.feature_flags (key, enabled) values ('beta', true);
insert into public.notifications (user_id, type, title) values (tests.get_user_id('mallory'), 'mention', 'Hello');
create function pg_temp.film() returns uuid language sql as $$
    select id from public.projects where title = 'Film'
$$;
create function pg_temp.content() returns uuid language sql as $$
    select id from public.contents where slug = 'free-film'
$$;
grant execute on function pg_temp.film(), pg_temp.content() to public;

-- while active, every one of them serves mallory
select tests.authenticate_as('mallory');
select is(public.unread_notification_count(), 1::bigint, 'an active account counts its notifications');
select is(public.is_feature_enabled('beta'), true, 'and reads its feature flags');
select lives_ok($$insert into public.watchlists (content_id) values (pg_temp.content())$$,
    'and keeps a watchlist');

reset role;
update public.profiles set status = 'suspended' where id = tests.get_user_id('mallory');

select tests.authenticate_as('mallory');
select is(public.unread_notification_count(), 0::bigint, 'suspended: its notifications show nothing');
select throws_ok($$select public.is_feature_enabled('beta')$$, '42501', 'account suspended',
    'feature flags refused');
select throws_ok($$delete from public.watchlists; insert into public.watchlists (content_id) values (pg_temp.content())$$,
    '42501', 'account suspended', 'own-row writes stamped with the caller refused (watchlist)');
select throws_ok($$select public.request_generation(pg_temp.film(), 'image', 'a lighthouse')$$,
    '42501', 'account suspended', 'the door into generation refuses it');
select throws_ok($$select public.create_api_key(tests.org_id('studio'), 'k')$$,
    '42501', 'account suspended', 'require_org_role refuses it before asking about membership');

-- the platform (no signed-in user) is not a suspended caller
reset role;
select tests.authenticate_as_service_role();
select is(public.is_feature_enabled('beta', tests.get_user_id('mallory')), true,
    'the service role still asks about the suspended user');
reset role;

-- lifting the suspension restores everything
update public.profiles set status = 'active' where id = tests.get_user_id('mallory');
select tests.authenticate_as('mallory');
select is(public.unread_notification_count(), 1::bigint, 'reinstated: notifications again');
select is(public.is_feature_enabled('beta'), true, 'and feature flags');

select * from finish();
rollback;
