-- What a client's insert into fandom tables starts with, whatever it sent (private.client_defaults):
-- posts and comments are the caller's with no votes or counts, comments published; votes, likes
-- and RSVPs are the caller's, an RSVP not yet reminded.
begin;
\ir ../helpers/tests_schema.psql
select plan(7);

select tests.create_user(name) from unnest(array['owner', 'fan', 'other']) name;
select tests.create_organization('owner', 'studio');
create temporary table ids (name text primary key, id uuid) on commit drop;
grant all on ids to anon, authenticated, service_role;

select tests.authenticate_as('owner');
insert into public.communities (organization_id, name, slug, visibility)
values (tests.org_id('studio'), 'Keepers', 'keepers', 'public');
insert into ids select slug, id from public.communities;
insert into public.events (community_id, title, event_type, event_date)
select id, 'Watch party', 'watch_party', now() + interval '2 days' from ids where name = 'keepers';
insert into ids select 'party', id from public.events;
insert into ids select 'other', tests.get_user_id('other');

select tests.authenticate_as('fan');
select public.join_community((select id from ids where name = 'keepers'));

insert into public.discussions (community_id, title, content, type, poll_options, author_id, upvotes, downvotes,
                                score, comment_count, view_count)
select id, 'Favourite keeper?', 'Vote!', 'poll', '[{"id": "a", "text": "Ada"}]', (select o.id from ids as o where o.name = 'other'),
       5, 2, 3, 9, 9
from ids where name = 'keepers';
select is((select (author_id = auth.uid(), upvotes, downvotes, score, comment_count, view_count)::text
           from public.discussions),
    '(t,0,0,0,0,0)', 'a discussion is the caller''s and starts with no votes or counts, whatever was sent');

insert into public.fan_contents (community_id, type, title, media_url, author_id, view_count, like_count,
                                 comment_count, share_count)
select id, 'fanart', 'Lantern', 'https://img.example/1.png', (select o.id from ids as o where o.name = 'other'), 7, 7, 7, 7
from ids where name = 'keepers';
select is((select (author_id = auth.uid(), view_count, like_count, comment_count, share_count)::text
           from public.fan_contents),
    '(t,0,0,0,0)', 'fan content is the caller''s and starts with no counts');

insert into public.discussion_comments (discussion_id, content, author_id, status, upvotes, downvotes, score)
select id, 'Ada!', (select o.id from ids as o where o.name = 'other'), 'hidden', 4, 1, 3 from public.discussions;
select is((select (author_id = auth.uid(), status, upvotes, downvotes, score)::text from public.discussion_comments),
    '(t,published,0,0,0)', 'a discussion comment is the caller''s, published, with no votes');

insert into public.fan_content_comments (content_id, content, author_id, status)
select id, 'Lovely', (select o.id from ids as o where o.name = 'other'), 'removed' from public.fan_contents;
select is((select (author_id = auth.uid(), status)::text from public.fan_content_comments),
    '(t,published)', 'a fan content comment is the caller''s and published');

insert into public.discussion_poll_votes (discussion_id, option_id, user_id)
select id, 'a', (select o.id from ids as o where o.name = 'other') from public.discussions;
select is((select user_id = auth.uid() from public.discussion_poll_votes), true, 'a poll vote is the caller''s');

insert into public.fan_content_likes (content_id, user_id)
select id, (select o.id from ids as o where o.name = 'other') from public.fan_contents;
select is((select user_id = auth.uid() from public.fan_content_likes), true, 'a like is the caller''s');

insert into public.event_rsvps (event_id, status, user_id, reminder_sent)
select id, 'going', (select o.id from ids as o where o.name = 'other'), true from ids where name = 'party';
select is((select (user_id = auth.uid(), reminder_sent)::text from public.event_rsvps), '(t,f)',
    'an RSVP is the caller''s and not yet reminded');

select * from finish();
rollback;
