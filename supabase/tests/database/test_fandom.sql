-- Fandom: communities and their visibility, membership and moderation, discussions with
-- nested comments, votes and polls, fan content with comments and likes, events with RSVPs,
-- counters and notifications.
begin;
\ir ../helpers/tests_schema.psql
select plan(77);

select tests.create_user(name) from unnest(array['owner', 'mod', 'fan', 'troll', 'lurker', 'outsider']) name;
select tests.create_organization('owner', 'studio');
create temporary table ids (name text primary key, id uuid) on commit drop;
grant all on ids to anon, authenticated, service_role;

select tests.authenticate_as('owner');
insert into public.communities (organization_id, name, slug, visibility, member_count)
values (tests.org_id('studio'), 'Keepers', 'keepers', 'public', 99),
       (tests.org_id('studio'), 'Backstage', 'backstage', 'private', 0),
       (tests.org_id('studio'), 'Inner circle', 'inner', 'invite_only', 0);
insert into ids select slug, id from public.communities;
select is((select (member_count, post_count)::text from public.communities where slug = 'keepers'), '(1,0)',
    'a new community counts its creator, who owns it, whatever was sent');
select is((select role from public.community_members where community_id = (select id from ids where name = 'keepers')),
    'owner', 'the creator is the owner');
select throws_ok($$update public.communities set member_count = 5 where slug = 'keepers'$$, '42501', null,
    'counters are not the client''s');
select throws_ok($$update public.communities set organization_id = gen_random_uuid() where slug = 'keepers'$$,
    '42501', null, 'nor the organization');

-- visibility and joining
select tests.clear_authentication();
select is((select array_agg(slug order by slug) from public.communities), array['backstage', 'keepers'],
    'anon sees public and private communities listed, never invite-only ones');
select tests.authenticate_as('fan');
select is((select status from public.join_community((select id from ids where name = 'keepers'))), 'active',
    'joining a public community is immediate');
select is((select status from public.join_community((select id from ids where name = 'backstage'))), 'pending',
    'joining a private one waits for approval');
select throws_ok($$select public.join_community((select id from ids where name = 'inner'))$$, 'PT404',
    'community not found', 'an invite-only community cannot be found');
select tests.authenticate_as('mod');
select lives_ok($$select public.join_community((select id from ids where name = 'keepers'))$$, 'mod joins');
select tests.authenticate_as('troll');
select lives_ok($$select public.join_community((select id from ids where name = 'keepers'))$$, 'troll joins');
select tests.authenticate_as('lurker');
select lives_ok($$select public.join_community((select id from ids where name = 'keepers'))$$, 'lurker joins');

select tests.authenticate_as('owner');
select is((select role from public.set_community_role((select id from ids where name = 'keepers'),
                                                      tests.get_user_id('mod'), 'moderator')),
    'moderator', 'the owner appoints a moderator');
select is((select member_count from public.communities where slug = 'keepers'), 5, 'members are counted');
insert into public.discussions (community_id, title, content)
select id, 'Secret plans', 'Season two' from ids where name = 'backstage';
select is((select post_count from public.communities where slug = 'backstage'), 1, 'posts are counted');

select tests.authenticate_as('fan');
select is((select count(*) from public.discussions where community_id = (select id from ids where name = 'backstage')),
    0::bigint, 'a pending member does not see a private community''s content');
select throws_ok($$insert into public.discussions (community_id, title, content)
                   select id, 'Hi', 'Me' from ids where name = 'backstage'$$,
    '42501', null, 'nor posts there');
select tests.authenticate_as('mod');
select throws_ok($$select public.moderate_member((select id from ids where name = 'backstage'),
                                                 tests.get_user_id('fan'), 'approve')$$,
    'PT404', 'community not found', 'a moderator of one community does not moderate another');
select tests.authenticate_as('owner');
select is((select status from public.moderate_member((select id from ids where name = 'backstage'),
                                                     tests.get_user_id('fan'), 'approve')), 'active',
    'the owner approves');
select is((select status from public.moderate_member((select id from ids where name = 'inner'),
                                                     tests.get_user_id('fan'), 'add')), 'active',
    'and adds the fan to the invite-only community');
select tests.authenticate_as('fan');
select is((select count(*) from public.discussions where community_id = (select id from ids where name = 'backstage')),
    1::bigint, 'an approved member reads the private community');
select is((select count(*) from public.communities where slug = 'inner'), 1::bigint,
    'and sees the invite-only community they were added to');
select is((select count(*) from public.notifications where type = 'community_update'), 1::bigint,
    'being added is news');
select tests.authenticate_as('outsider');
select is((select count(*) from public.discussions), 0::bigint, 'outsiders read no private content');
select is((select count(*) from public.community_members
           where community_id = (select id from ids where name = 'backstage')), 0::bigint,
    'nor private member lists');

-- discussions, nested comments, notifications
select tests.authenticate_as('fan');
insert into public.discussions (community_id, title, content, upvotes, created_at, updated_at)
select id, 'Best chapter?', 'Chapter 3, surely', 50, '2099-01-01', '2099-01-01' from ids where name = 'keepers';
insert into ids select 'thread', id from public.discussions where title = 'Best chapter?';
select is((select (upvotes, author_id = auth.uid())::text from public.discussions where title = 'Best chapter?'),
    '(0,t)', 'the author is the caller and counters start at zero');
select is((select (created_at = now() and updated_at = now())::text from public.discussions
           where title = 'Best chapter?'),
    'true', 'and it was made now: a post dated 2099 by its client would stay first in "newest"');
update public.discussions set created_at = '2099-01-01', title = 'Best chapter so far?' where title = 'Best chapter?';
select is((select (created_at = now())::text from public.discussions where title = 'Best chapter so far?'),
    'true', 'its author edits it, but cannot move when it was made');
update public.discussions set title = 'Best chapter?' where title = 'Best chapter so far?';
reset role;
update public.discussions set created_at = now() - interval '1 hour' where title = 'Best chapter?';
select tests.authenticate_as('fan');
select lives_ok($$insert into public.discussions (id, community_id, title, content, created_at)
                  select d.id, d.community_id, 'Best chapter yet?', d.content, '2000-01-01'
                  from public.discussions d where d.title = 'Best chapter?'
                  on conflict (id) do update set title = excluded.title, created_at = excluded.created_at$$,
    'an upsert of the row as the client read it (supabase-js .upsert) is not refused for its created_at');
select is((select created_at from public.discussions where title = 'Best chapter yet?'), now() - interval '1 hour',
    'and keeps when the row was made');
update public.discussions set title = 'Best chapter?' where title = 'Best chapter yet?';
select throws_ok($$insert into public.discussions (community_id, title, content, type)
                   select id, 'Announcing', 'x', 'announcement' from ids where name = 'keepers'$$,
    '42501', 'only moderators pin, lock, feature, hide or announce', 'members cannot announce');
select throws_ok($$update public.discussions set pinned = true where title = 'Best chapter?'$$,
    '42501', null, 'nor pin their own post');
select throws_ok($$update public.discussions set score = 100 where title = 'Best chapter?'$$,
    '42501', null, 'nor set its score');
select tests.authenticate_as('lurker');
insert into public.discussion_comments (discussion_id, content) select id, 'Chapter 5!' from ids where name = 'thread';
insert into ids select 'top comment', id from public.discussion_comments where content = 'Chapter 5!';
select tests.authenticate_as('fan');
insert into public.discussion_comments (discussion_id, parent_id, content)
select (select t.id from ids as t where t.name = 'thread'), c.id, 'No, 3.' from ids as c where c.name = 'top comment';
insert into public.discussion_comments (discussion_id, content) select id, 'Own reply' from ids where name = 'thread';
select is((select depth from public.discussion_comments where content = 'No, 3.'), 1, 'replies nest');
select is((select comment_count from public.discussions where title = 'Best chapter?'), 3, 'comments are counted');
select is((select count(*) from public.notifications where type = 'comment_reply'), 1::bigint,
    'the author hears of a comment on their post, not of their own');
select tests.authenticate_as('lurker');
select is((select payload ->> 'excerpt' from public.notifications where type = 'comment_reply'), 'No, 3.',
    'the commenter hears of the reply to their comment');
select throws_ok($$insert into public.discussion_comments (discussion_id, parent_id, content)
                   select gen_random_uuid(), id, 'x' from ids where name = 'top comment'$$,
    'PT404', null, 'a comment needs a readable discussion');

-- votes: change and withdraw keep counts exact
select tests.authenticate_as('lurker');
select lives_ok($$select public.cast_vote((select id from ids where name = 'thread'), null, 'up')$$, 'lurker up');
select tests.authenticate_as('mod');
select lives_ok($$select public.cast_vote((select id from ids where name = 'thread'), null, 'down')$$, 'mod down');
select tests.authenticate_as('troll');
select lives_ok($$select public.cast_vote((select id from ids where name = 'thread'), null, 'down')$$, 'troll down');
select is((select (upvotes, downvotes, score)::text from public.discussions where title = 'Best chapter?'), '(1,2,-1)',
    'votes are counted');
select lives_ok($$select public.cast_vote((select id from ids where name = 'thread'), null, 'up')$$, 'troll changes');
select is((select (upvotes, downvotes, score)::text from public.discussions where title = 'Best chapter?'), '(2,1,1)',
    'changing a vote moves it');
select lives_ok($$select public.cast_vote((select id from ids where name = 'thread'), null, null)$$, 'troll withdraws');
select is((select (upvotes, downvotes, score)::text from public.discussions where title = 'Best chapter?'), '(1,1,0)',
    'withdrawing takes it back');
select tests.authenticate_as('mod');
select throws_ok($$insert into public.discussion_votes (discussion_id, vote_type)
                   select id, 'up' from ids where name = 'thread'$$, '23505', null, 'one vote per user and target');
select throws_ok($$select public.cast_vote(null, (select id from ids where name = 'top comment'), 'sideways')$$,
    '22023', null, 'a vote is up or down');
select lives_ok($$select public.cast_vote(null, (select id from ids where name = 'top comment'), 'up')$$,
    'comments take votes too');
select is((select score from public.discussion_comments where content = 'Chapter 5!'), 1, 'and count them');

-- moderation: muted and banned members cannot post
select tests.authenticate_as('mod');
select is((select status from public.moderate_member((select id from ids where name = 'keepers'),
                                                     tests.get_user_id('troll'), 'mute', 'spam',
                                                     now() + interval '1 day')), 'muted', 'a moderator mutes');
select throws_ok($$select public.moderate_member((select id from ids where name = 'keepers'),
                                                 tests.get_user_id('owner'), 'ban')$$,
    '42501', 'you can only moderate members ranked below you', 'but never the owner');
select tests.authenticate_as('troll');
select throws_ok($$insert into public.discussions (community_id, title, content)
                   select id, 'Spam', 'Buy now' from ids where name = 'keepers'$$,
    '42501', null, 'a muted member cannot post');
select is((select count(*) from public.discussions where title = 'Best chapter?'), 1::bigint,
    'but still reads');
select tests.authenticate_as('mod');
select is((select status from public.moderate_member((select id from ids where name = 'keepers'),
                                                     tests.get_user_id('troll'), 'ban', 'repeat spam')), 'banned',
    'and bans');
select is((select member_count from public.communities where slug = 'keepers'), 4, 'a banned member is not counted');
select tests.authenticate_as('troll');
select throws_ok($$insert into public.discussion_comments (discussion_id, content)
                   select id, 'Still here' from ids where name = 'thread'$$,
    '42501', null, 'a banned member cannot comment');
select throws_ok($$select public.join_community((select id from ids where name = 'keepers'))$$, '42501',
    'you are banned from this community', 'nor rejoin');
delete from public.community_members where user_id = auth.uid();
select is((select status from public.community_members where user_id = auth.uid()), 'banned',
    'nor erase the ban by leaving');
select tests.authenticate_as('mod');
update public.discussions set locked = true where title = 'Best chapter?';
select tests.authenticate_as('lurker');
select throws_ok($$insert into public.discussion_comments (discussion_id, content)
                   select id, 'Late' from ids where name = 'thread'$$,
    'PT409', 'this discussion is locked', 'a locked discussion takes no comments');

-- polls
select tests.authenticate_as('fan');
insert into public.discussions (community_id, title, content, type, poll_options)
select id, 'Favourite keeper?', 'Vote!', 'poll', '[{"id": "a", "text": "Ada"}, {"id": "b", "text": "Bo"}]'
from ids where name = 'keepers';
insert into public.discussion_poll_votes (discussion_id, option_id) select id, 'a' from public.discussions
where type = 'poll';
select throws_ok($$insert into public.discussion_poll_votes (discussion_id, option_id)
                   select id, 'b' from public.discussions where type = 'poll'$$, '23505', null,
    'one poll vote per user');
select tests.authenticate_as('lurker');
select throws_ok($$insert into public.discussion_poll_votes (discussion_id, option_id)
                   select id, 'z' from public.discussions where type = 'poll'$$, '22023', null,
    'only offered options');
insert into public.discussion_poll_votes (discussion_id, option_id) select id, 'b' from public.discussions
where type = 'poll';
select is((select array_agg(option_id || '=' || votes order by option_id) from public.discussion_poll_results),
    array['a=1', 'b=1'], 'poll results count the votes');

-- fan content and likes
select tests.authenticate_as('fan');
insert into public.fan_contents (community_id, type, title, media_url)
select id, 'fanart', 'Lantern at dusk', 'https://img.example/1.png' from ids where name = 'keepers';
insert into public.fan_content_likes (content_id) select id from public.fan_contents;
select tests.authenticate_as('lurker');
insert into public.fan_content_likes (content_id) select id from public.fan_contents;
insert into public.fan_content_comments (content_id, content) select id, 'Gorgeous' from public.fan_contents;
select is((select (like_count, comment_count)::text from public.fan_contents), '(2,1)', 'likes and comments counted');
delete from public.fan_content_likes where user_id = auth.uid();
select is((select like_count from public.fan_contents), 1, 'an unlike is taken back');
select tests.authenticate_as('fan');
select is((select count(*) from public.notifications where type = 'like'), 1::bigint,
    'the author hears of another''s like, not of their own');
select is((select post_count from public.community_members
           where user_id = auth.uid() and community_id = (select id from ids where name = 'keepers')), 3,
    'the member''s posts are counted');

-- events and RSVPs
select tests.authenticate_as('lurker');
select throws_ok($$insert into public.events (community_id, title, event_type, event_date)
                   select id, 'Party', 'meetup', now() + interval '1 day' from ids where name = 'keepers'$$,
    '42501', null, 'members do not create events');
select tests.authenticate_as('mod');
insert into public.events (community_id, title, event_type, event_date, max_attendees)
select id, 'Watch party', 'watch_party', now() + interval '2 hours', 1 from ids where name = 'keepers';
insert into public.events (community_id, title, event_type, event_date, rsvp_deadline)
select id, 'Premiere', 'premiere', now() + interval '3 days', now() - interval '1 minute' from ids where name = 'keepers';
select tests.authenticate_as('fan');
select is((select status from public.rsvp_event((select id from public.events where title = 'Watch party'))), 'going',
    'a member RSVPs');
select throws_ok($$select public.rsvp_event((select id from public.events where title = 'Premiere'))$$, 'PT409', null,
    'the RSVP deadline is enforced');
select tests.authenticate_as('lurker');
select throws_ok($$select public.rsvp_event((select id from public.events where title = 'Watch party'))$$, 'PT409',
    'this event is full', 'capacity is enforced');
select lives_ok($$select public.rsvp_event((select id from public.events where title = 'Watch party'), 'interested')$$,
    'interest needs no seat');
select is((select (current_attendees, interested_count)::text from public.events where title = 'Watch party'),
    '(1,1)', 'seats and interest are counted');
select throws_ok($$select private.send_event_reminders(500)$$, '42501', null, 'clients do not send reminders');
select tests.authenticate_as_service_role();
select is(private.send_event_reminders(500), 2, 'the scheduler reminds everyone going or interested');
select is(private.send_event_reminders(500), 0, 'once');

select is((select (member_count, post_count, discussions_30d, fan_contents_30d, comments_30d, likes_30d,
                   active_posters_30d, rsvps_30d)::text
           from analytics.community_engagement where name = 'Keepers'),
    '(4,3,2,1,4,1,2,1)', 'community engagement for analysts');
select tests.authenticate_as('owner');
select throws_ok($$select * from analytics.community_engagement$$, '42501', null, 'not for clients');

select * from finish();
rollback;
