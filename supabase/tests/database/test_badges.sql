-- Badges, progress, NFTs and notifications: criteria awarded by triggers exactly once, XP and
-- the level curve, progress from books, videos, quizzes, posts and payments, manual badges,
-- NFT mint records, follow notifications, read/unread, and who sees what.
begin;
\ir ../helpers/tests_schema.psql
select plan(50);

select tests.create_user(name) from unnest(array['owner', 'maker', 'fan', 'other']) name;
select tests.create_organization('maker', 'makerco');
select tests.create_organization('owner', 'fanhub');
create temporary table ids (name text primary key, id uuid) on commit drop;
grant all on ids to anon, authenticated, service_role;

-- platform badges (service role) and community badges (community admins)
select tests.authenticate_as_service_role();
insert into public.badges (name, criteria_type, criteria_value, xp_reward, rarity) values
('First book', 'books_uploaded', 1, 150, 'common'),
('Video maker', 'videos_created', 2, 300, 'rare'),
('Quiz whiz', 'quizzes_completed', 1, 50, 'common'),
('Commenter', 'comment_count', 1, 10, 'common');
insert into public.badges (name, xp_reward) values ('Founder', 1000);
select throws_ok($$insert into public.badges (name, criteria_type) values ('Broken', 'post_count')$$, '23514', null,
    'an automatic badge needs a threshold');

select tests.authenticate_as('owner');
insert into public.communities (organization_id, name, slug) values (tests.org_id('fanhub'), 'Keepers', 'keepers');
insert into ids select 'keepers', id from public.communities;
insert into public.badges (community_id, name, criteria_type, criteria_value, xp_reward)
select id, 'Poster', 'post_count', 2, 20 from ids where name = 'keepers'
union all
select id, 'Veteran', 'tenure_days', 30, 0 from ids where name = 'keepers';
insert into public.badges (community_id, name) select id, 'Hero' from ids where name = 'keepers';
select throws_ok($$insert into public.badges (community_id, name, criteria_type, criteria_value)
                   select id, 'Filmmaker', 'videos_created', 1 from ids where name = 'keepers'$$, '23514', null,
    'community badges count community activity');
select tests.authenticate_as('fan');
select throws_ok($$insert into public.badges (community_id, name) select id, 'Self-made' from ids where name = 'keepers'$$,
    '42501', null, 'members do not make badges');
select throws_ok($$insert into public.badges (name) values ('Platform fake')$$, '42501', null,
    'nor platform badges');
select throws_ok($$insert into public.user_badges (user_id, badge_id)
                   select auth.uid(), id from public.badges where name = 'Founder'$$, '42501', null,
    'nobody grants themselves a badge');

-- progress from studio work
select tests.authenticate_as('maker');
insert into public.books (organization_id, created_by, title) values (tests.org_id('makerco'), auth.uid(), 'One');
insert into public.chapters (book_id, chapter_number, title, content)
select id, 1, 'Ch 1', 'text' from public.books where title = 'One';
select is((select (books_uploaded, total_xp, level)::text from public.user_progress), '(1,150,2)',
    'an uploaded book (with a chapter) counts, earns the badge, its XP and level 2');
insert into public.books (organization_id, created_by, title) values (tests.org_id('makerco'), auth.uid(), 'Two');
insert into public.chapters (book_id, chapter_number, title, content)
select id, 1, 'Ch 1', 'text' from public.books where title = 'Two';
select is((select (books_uploaded, total_xp)::text from public.user_progress), '(2,150)',
    'a badge is awarded once');
-- files stored and measured by media storage (service role: size and checksum)
select tests.authenticate_as_service_role();
insert into public.assets (organization_id, uploaded_by, type, filename, mime_type, storage_path, size_bytes, metadata)
values (tests.org_id('makerco'), tests.get_user_id('maker'), 'video', 'a.mp4', 'video/mp4', 'm/a.mp4', 1000,
        '{"checksum_sha256": "a"}'),
       (tests.org_id('makerco'), tests.get_user_id('maker'), 'image', 'b.png', 'image/png', 'm/b.png', 1000,
        '{"checksum_sha256": "b"}');
select tests.authenticate_as('maker');
select is((select videos_created from public.user_progress), 1, 'videos are counted, other assets are not');
select tests.authenticate_as_service_role();
insert into public.assets (organization_id, uploaded_by, type, filename, mime_type, storage_path, size_bytes, metadata)
values (tests.org_id('makerco'), tests.get_user_id('maker'), 'video', 'c.mp4', 'video/mp4', 'm/c.mp4', 1000,
        '{"checksum_sha256": "c"}');
select tests.authenticate_as('maker');
select is((select (videos_created, total_xp, level)::text from public.user_progress), '(2,450,3)',
    'the second video earns Video maker: 450 XP is level 3 (level n needs 100*(n-1)^2)');
select tests.authenticate_as_service_role();
insert into public.quiz_completions (user_id, quiz_key, score) values (tests.get_user_id('maker'), 'ch1', 90);
select throws_ok($$insert into public.quiz_completions (user_id, quiz_key) values (tests.get_user_id('maker'), 'ch1')$$,
    '23505', null, 'a quiz completes once');
select tests.authenticate_as('maker');
select is((select (quizzes_completed, total_xp)::text from public.user_progress), '(1,500)', 'quizzes count');
select is((select array_agg(b.name order by b.name) from public.user_badges u join public.badges b on b.id = u.badge_id
           where u.user_id = auth.uid()), array['First book', 'Quiz whiz', 'Video maker'], 'three badges earned');
select is((select count(*) from public.notifications where type = 'badge'), 3::bigint, 'each one is news');
select throws_ok($$insert into public.quiz_completions (user_id, quiz_key) values (auth.uid(), 'ch2')$$, '42501', null,
    'clients do not record quizzes');
select throws_ok($$update public.user_progress set total_xp = 99999$$, '42501', null, 'nor edit progress');

-- community activity
select tests.authenticate_as('fan');
select lives_ok($$select public.join_community((select id from ids where name = 'keepers'))$$, 'the fan joins');
insert into public.discussions (community_id, title, content) select id, 'One', 'x' from ids where name = 'keepers';
select is((select count(*) from public.user_badges where user_id = auth.uid()), 0::bigint, 'one post is not yet two');
insert into public.fan_contents (community_id, type, title, media_url)
select id, 'meme', 'Two', 'https://img.example/2.png' from ids where name = 'keepers';
select is((select array_agg(b.name) from public.user_badges u join public.badges b on b.id = u.badge_id
           where u.user_id = auth.uid()), array['Poster'], 'the second post earns the community badge');
delete from public.discussions where title = 'One';
insert into public.discussions (community_id, title, content) select id, 'Again', 'x' from ids where name = 'keepers';
select is((select count(*) from public.user_badges u join public.badges b on b.id = u.badge_id
           where u.user_id = auth.uid() and b.name = 'Poster'), 1::bigint, 'and only once');
insert into public.discussion_comments (discussion_id, content) select id, 'hi' from public.discussions
where title = 'Again';
select is((select (posts_created, comments_created, total_xp)::text from public.user_progress), '(3,1,30)',
    'lifetime posts and comments feed platform badges too');
select is((select count(*) from public.user_progress), 1::bigint, 'a user sees only their own progress');

-- tenure: awarded by the daily job, once
reset role;
update public.community_members set joined_at = now() - interval '40 days' where user_id = tests.get_user_id('fan');
select tests.authenticate_as('owner');
select throws_ok($$select private.award_tenure_badges(1000)$$, '42501', null, 'clients do not run the tenure job');
select tests.authenticate_as_service_role();
select is(private.award_tenure_badges(1000), 1, 'the scheduler awards tenure badges to members past the threshold');
select is(private.award_tenure_badges(1000), 0, 'once');

-- manual badges
select tests.authenticate_as('fan');
select throws_ok($$select public.award_badge((select id from public.badges where name = 'Hero'), auth.uid())$$,
    'PT404', 'badge not found', 'members do not award badges');
select tests.authenticate_as('owner');
select is((select awarded_by from public.award_badge((select id from public.badges where name = 'Hero'),
                                                     tests.get_user_id('fan'))), auth.uid(),
    'a community admin awards a manual badge');
select throws_ok($$select public.award_badge((select id from public.badges where name = 'Hero'),
                                             tests.get_user_id('fan'))$$, '23505', null, 'once');
select throws_ok($$select public.award_badge((select id from public.badges where name = 'Poster'),
                                             tests.get_user_id('owner'))$$, '22023', null,
    'automatic badges are not awarded by hand');
select throws_ok($$select public.award_badge((select id from public.badges where name = 'Hero'),
                                             tests.get_user_id('other'))$$, 'PT404', 'member not found',
    'only to members');
select throws_ok($$select public.award_badge((select id from public.badges where name = 'Founder'),
                                             tests.get_user_id('fan'))$$, 'PT404', null,
    'platform badges are the platform''s');
select tests.authenticate_as_service_role();
select lives_ok($$select public.award_badge((select id from public.badges where name = 'Founder'),
                                            tests.get_user_id('fan'))$$, 'the service role awards platform badges');
select tests.authenticate_as('fan');
select is((select (total_xp, level)::text from public.user_progress), '(1030,4)', 'XP adds up: 20 + 10 + 1000');
select is((select count(*) from public.notifications where type = 'badge' and actor_id = tests.get_user_id('owner')),
    1::bigint, 'a manual award names its awarder');

-- NFTs: only of platform badges
select throws_ok($$select public.request_badge_nft((select u.id from public.user_badges u
                   join public.badges b on b.id = u.badge_id where b.name = 'Hero'))$$, '22023',
    'only platform badges are minted as NFTs, Hero is a community badge', 'a community badge is not minted');
create temporary table mint on commit drop as
select * from public.request_badge_nft((select u.id from public.user_badges u join public.badges b on b.id = u.badge_id
                                        where b.name = 'Founder'));
grant select on mint to authenticated, service_role;
select is((select (status, attributes ->> 'badge')::text from mint), '(pending,Founder)', 'a mint is requested');
select throws_ok($$select public.request_badge_nft((select u.id from public.user_badges u
                   join public.badges b on b.id = u.badge_id where b.name = 'Founder'))$$, '23505', null,
    'once per badge');
select throws_ok($$select public.record_nft_mint((select id from mint), 'minted', 'a1', 'tx1')$$, '42501', null,
    'only the minting worker records mints');
select tests.authenticate_as('other');
select throws_ok($$select public.request_badge_nft((select u.id from public.user_badges u
                   join public.badges b on b.id = u.badge_id where b.name = 'Poster'))$$, 'PT404', null,
    'nobody mints another''s badge');
select is((select count(*) from public.nfts), 0::bigint, 'nor sees their NFTs');
reset role;
select tests.authenticate_as_service_role();
select is((select status from public.record_nft_mint((select id from mint), 'minted', 'asset-1', 'tx-1',
                                                     'ipfs://meta', 'ipfs://img')), 'minted', 'the worker records it');
select throws_ok($$select public.record_nft_mint((select id from mint), 'failed')$$, 'PT404', null,
    'a minted NFT stays minted');

-- spending: paid orders less refunds
reset role;
insert into public.orders (order_number, user_id, organization_id, subtotal_cents, total_cents, currency)
values ('CV-2026-900001', tests.get_user_id('fan'), tests.org_id('fanhub'), 4000, 4000, 'usd');
update public.orders set payment_status = 'paid', status = 'confirmed' where order_number = 'CV-2026-900001';
update public.orders set payment_status = 'partially_refunded', refunded_cents = 1500
where order_number = 'CV-2026-900001';
select is((select total_spent_cents from public.user_progress where user_id = tests.get_user_id('fan')), 2500::bigint,
    'total spent is what was paid less refunds');

-- follows and read state
select tests.authenticate_as('other');
insert into public.user_follows (follower_id, following_id) values (auth.uid(), tests.get_user_id('fan'));
delete from public.user_follows where follower_id = auth.uid();
insert into public.user_follows (follower_id, following_id) values (auth.uid(), tests.get_user_id('fan'));
select is(public.mark_notifications_read(), 0, 'nothing of others is marked read');
select tests.authenticate_as('fan');
select is((select count(*) from public.notifications where type = 'follow'), 1::bigint,
    'a follow is news once, even after unfollow and follow again');
select is(public.unread_notification_count(), (select count(*) from public.notifications), 'all unread');
select is(public.mark_notifications_read(array(select id from public.notifications where type = 'follow')), 1,
    'one marked read');
select lives_ok($$select public.mark_notification_unread((select id from public.notifications where type = 'follow'))$$,
    'and unread again');
select is(public.mark_notifications_read(), (select count(*)::integer from public.notifications), 'all marked read');
select is(public.unread_notification_count(), 0::bigint, 'none unread');
reset role;
select is(private.notify(tests.get_user_id('fan'), 'like', actor => tests.get_user_id('fan')), null,
    'private.notify never tells actors about themselves');

select * from finish();
rollback;
