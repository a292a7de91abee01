-- The unread count is kept per user (private.notification_inboxes, issue 28) rather than
-- counted on each read: after every kind of change to notifications it still equals the
-- number of the user's unread rows, and the user asks it as a client does.
begin;
\ir ../helpers/tests_schema.psql
select plan(10);

select tests.create_user(name) from unnest(array['ann', 'bob']) name;
create function pg_temp.unread(who text) returns bigint language sql as $$
    select count(*) from public.notifications where user_id = tests.get_user_id(who) and read_at is null
$$;
create function pg_temp.kept(who text) returns bigint language sql as $$
    select coalesce((select unread_count from private.notification_inboxes where user_id = tests.get_user_id(who)), 0)
$$;

-- one statement for both users, one of the rows already read
insert into public.notifications (user_id, type, title, read_at)
select tests.get_user_id(who), 'mention', 'Hello ' || n, case when n = 3 then now() end
from unnest(array['ann', 'bob']) who, generate_series(1, 3) n;
select is(array[pg_temp.kept('ann'), pg_temp.kept('bob')], array[2::bigint, 2::bigint],
    'an insert of several users'' rows counts each user''s unread ones');

select tests.authenticate_as('ann');
select is(public.unread_notification_count(), 2::bigint, 'the user reads their count');
select is(public.mark_notifications_read(array(select id from public.notifications where title = 'Hello 1')), 1,
    'one marked read');
select is(public.unread_notification_count(), 1::bigint, 'one fewer');
select lives_ok($$select public.mark_notification_unread((select id from public.notifications where title = 'Hello 3'))$$,
    'a read one marked unread again');
select is(public.unread_notification_count(), 2::bigint, 'one more');
delete from public.notifications where title = 'Hello 2';
select is(public.unread_notification_count(), 1::bigint, 'deleting an unread one takes it off');
select is(public.mark_notifications_read(), 1, 'all marked read');
reset role;

-- the platform's own writes, and a user who is deleted with their notifications
update public.notifications set read_at = null, user_id = tests.get_user_id('bob')
where user_id = tests.get_user_id('ann') and title = 'Hello 1';
select is(array[pg_temp.kept('ann'), pg_temp.kept('bob')], array[pg_temp.unread('ann'), pg_temp.unread('bob')],
    'an update moving a row to another user and marking it unread counts for both (0 and 3)');
delete from auth.users where id = tests.get_user_id('bob');
select is((select count(*) from private.notification_inboxes i where not exists (
               select from public.notifications n where n.user_id = i.user_id and n.read_at is null)
           and i.unread_count <> 0), 0::bigint, 'a deleted user''s count goes with them');

select * from finish();
rollback;
