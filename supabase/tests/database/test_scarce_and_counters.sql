-- Scarce things and counters (issue 23, items 7-14), acting as real users through the API roles:
-- unpaid orders hold stock and discount uses until their hold expires; one account cannot
-- corner a limited tier nor renew holds forever; absurd amounts are a clear 22023; measured
-- file facts are the service's; completions, progress, badge rewards and notifications count
-- real things once per actor.
begin;
\ir ../helpers/tests_schema.psql
select plan(63);

select tests.create_user(name)
from unnest(array['seller', 'buyer', 'buyer2', 'editor', 'reviewer', 'squatter', 'backer', 'viewer', 'owner',
                  'member', 'maker', 'liker']) name;
select tests.create_organization('seller', 'merch');
select tests.create_organization('editor', 'studio');
select tests.create_organization('owner', 'fanhub');
select tests.create_organization('maker', 'makerco');
insert into public.user_roles (user_id, role_name) values (tests.get_user_id('reviewer'), 'moderator');
create temporary table ids (name text primary key, id uuid) on commit drop;
grant all on ids to anon, authenticated, service_role;

create function pg_temp.checkout(event_id text, order_name text, amount bigint) returns jsonb
language sql as $$
    select jsonb_build_object('id', event_id, 'type', 'checkout.session.completed', 'created', 1790000000,
        'data', jsonb_build_object('object', jsonb_build_object(
            'id', 'cs_' || event_id, 'mode', 'payment', 'payment_status', 'paid', 'amount_total', amount,
            'currency', 'usd', 'payment_intent', 'pi_' || event_id,
            'metadata', jsonb_build_object('order_id', (select id from ids where name = order_name)))))
$$;
grant execute on all functions in schema pg_temp to public;

-- ---------------------------------------------------------------------------
-- 7. Orders hold stock and discount-code uses until their hold expires
-- ---------------------------------------------------------------------------
select tests.authenticate_as('seller');
insert into public.products (organization_id, name, slug, category, price_cents, stock_quantity, status)
values (tests.org_id('merch'), 'Lantern mug', 'mug', 'collectibles', 1500, 3, 'active'),
       (tests.org_id('merch'), 'Storm poster', 'poster', 'stationery', 1000, 10, 'active');
insert into public.discount_codes (organization_id, code, type, amount_off_cents, usage_limit)
values (tests.org_id('merch'), 'ONCE', 'fixed_amount', 100, 1);

select tests.authenticate_as('buyer');
insert into public.carts default values;
insert into public.cart_items (cart_id, product_id, quantity)
select c.id as cart_id, p.id as product_id, 3 from public.carts c, public.products p where p.slug = 'mug';
insert into ids select 'unpaid', id from public.place_order(discount_code => 'ONCE');
select is((select (status, hold_expires_at = now() + interval '30 minutes')::text from public.orders),
    '(pending,t)', 'an unpaid order holds its stock and code use for 30 minutes');

select tests.authenticate_as('buyer2');
insert into public.carts default values;
select throws_ok($$insert into public.cart_items (cart_id, product_id, quantity)
                   select c.id as cart_id, p.id as product_id, 1 from public.carts c, public.products p
                   where p.slug = 'mug'$$, 'PT409', 'Lantern mug is out of stock',
    'while the hold lasts, the 3 held mugs are not sold twice (the product is out of stock)');
delete from public.cart_items;
insert into public.cart_items (cart_id, product_id, quantity)
select c.id as cart_id, p.id as product_id, 1 from public.carts c, public.products p where p.slug = 'poster';
select throws_ok($$select public.place_order(discount_code => 'ONCE')$$, 'PT429',
    'discount code ONCE has reached its usage limit', 'nor is the held code use');
select throws_ok($$select private.expire_unpaid_orders(10)$$, '42501', null, 'clients do not run the expiry');

select tests.authenticate_as_service_role();
select is(private.expire_unpaid_orders(10), 0, 'nothing expires before its time');
reset role;
update public.orders set hold_expires_at = now() - interval '1 second' where id = (select id from ids where name = 'unpaid');
select tests.authenticate_as_service_role();
select throws_ok($$select private.expire_unpaid_orders(0)$$, '22023', 'p_batch must be between 1 and 10000',
    'the batch is bounded');
select is(private.expire_unpaid_orders(10), 1, 'the expiry cancels the order past its hold');
select is(private.expire_unpaid_orders(10), 0, 'and finds nothing left to do the second time');
select is((select (o.status, o.cancellation_reason, o.hold_expires_at is null, p.stock_quantity, d.usage_count)::text
           from public.orders o, public.products p, public.discount_codes d
           where o.id = (select id from ids where name = 'unpaid') and p.slug = 'mug' and d.code = 'ONCE'),
    '(cancelled,hold_expired,t,3,0)', 'stock and the discount-code use come back');
select is((select count(*)::int from public.notifications
           where user_id = tests.get_user_id('buyer') and type = 'order_update' and payload ->> 'status' = 'cancelled'),
    1, 'the buyer hears of it');

select tests.authenticate_as('buyer2');
insert into ids select 'second', id from public.place_order(discount_code => 'ONCE');
select is((select discount_cents from public.orders where id = (select id from ids where name = 'second')),
    100::bigint, 'after the expiry another buyer uses the code');
delete from public.cart_items;
insert into public.cart_items (cart_id, product_id, quantity)
select c.id as cart_id, p.id as product_id, 3 from public.carts c, public.products p where p.slug = 'mug';
insert into ids select 'mugs', id from public.place_order();
select is((select stock_quantity from public.products where slug = 'mug'), 0, 'and buys the 3 mugs');

-- payment after the hold expired: recorded, the order stays cancelled, the money is owed back
select tests.authenticate_as_service_role();
select is(public.stripe_apply_event(pg_temp.checkout('late', 'unpaid', 4400)),
    'applied: the order''s hold expired, refund this payment', 'a late payment is owed back');
select is((select (status, payment_status)::text from public.orders where id = (select id from ids where name = 'unpaid')),
    '(cancelled,paid)', 'the expired order stays cancelled, its payment recorded for the refund');
select is((select stock_quantity from public.products where slug = 'mug'), 0, 'and takes no stock from the new buyer');
-- payment in time takes the holds for good
select is(public.stripe_apply_event(pg_temp.checkout('paid', 'mugs', 4500)), 'applied', 'a payment in time');
select is((select (status, hold_expires_at)::text from public.orders where id = (select id from ids where name = 'mugs')),
    '(confirmed,)', 'confirms the order: nothing left to expire');
reset role;
insert into public.system_settings (key, value) values ('store.order_hold_minutes', '5');
select is(private.order_hold_window(), interval '5 minutes', 'operators set the hold window');

-- ---------------------------------------------------------------------------
-- 8, 9. Limited tiers: a per-account share, holds that cannot be renewed forever, bounded amounts
-- ---------------------------------------------------------------------------
select tests.authenticate_as('editor');
insert into public.projects (organization_id, created_by, title, slug)
values (tests.org_id('studio'), auth.uid(), 'Lantern', 'lantern');
insert into public.campaigns (project_id, title, slug, goal_amount_cents, funding_type, end_date)
select id, 'Lantern', 'lantern', 100000, 'flexible', now() + interval '30 days' from public.projects where slug = 'lantern';
insert into ids select 'campaign', id from public.campaigns;
insert into public.investment_tiers (campaign_id, name, min_amount_cents, max_amount_cents, limit_quantity)
select id, 'Gold', 1000, 5000, 20 from ids where name = 'campaign';
insert into ids select 'gold', id from public.investment_tiers;
select public.set_campaign_status((select id from ids where name = 'campaign'), 'pending_review');
select tests.authenticate_as('reviewer');
select public.set_campaign_status((select id from ids where name = 'campaign'), 'active');

select tests.authenticate_as('squatter');
select lives_ok($$select public.invest((select id from ids where name = 'campaign'), 1000, (select id from ids where name = 'gold'))$$,
    'a pledge holds a slot');
select lives_ok($$select public.invest((select id from ids where name = 'campaign'), 1000, (select id from ids where name = 'gold'))$$,
    'a second one too');
select throws_ok($$select public.invest((select id from ids where name = 'campaign'), 1000, (select id from ids where name = 'gold'))$$,
    'PT429', 'one account holds at most 2 of the 20 slots of tier "Gold"', 'one account holds at most a tenth of a tier');
select throws_ok($$select public.invest((select id from ids where name = 'campaign'), 9223372036854775807)$$,
    '22023', 'amount_cents is at most 1000000000000 (10 billion in the campaign''s currency)',
    'the largest bigint is a clear 22023, not an overflow');
select throws_ok($$select public.invest((select id from ids where name = 'campaign'), 1000000000001)$$,
    '22023', null, 'so is anything past 10 billion');
-- the holds lapse and are renewed: three lapses a day, then no new hold
reset role;
update public.investments set expires_at = now() - interval '1 second' where user_id = tests.get_user_id('squatter');
select tests.authenticate_as_service_role();
select is(private.expire_investment_holds(500), 2, 'the two holds lapse');
select tests.authenticate_as('squatter');
select lives_ok($$select public.cancel_investment((select i.id from public.invest((select id from ids where name = 'campaign'), 1000,
                                                   (select id from ids where name = 'gold')) i))$$,
    'a third hold is taken, and dropped unpaid');
select throws_ok($$select public.invest((select id from ids where name = 'campaign'), 1000, (select id from ids where name = 'gold'))$$,
    'PT429', 'your holds on tier "Gold" lapsed unpaid 3 times in 24 hours: pay for a pledge or try later',
    'holds cannot be renewed forever by one account');
select lives_ok($$select public.invest((select id from ids where name = 'campaign'), 1000)$$,
    'unlimited pledges are not scarce and stay open');
select tests.authenticate_as('backer');
select lives_ok($$select public.invest((select id from ids where name = 'campaign'), 1000, (select id from ids where name = 'gold'))$$,
    'other backers find the slots free');
select is((select sold_quantity from public.investment_tiers where name = 'Gold'), 1, 'one slot held, by the backer');

-- ---------------------------------------------------------------------------
-- 10. Measured facts about files are written only by the service that measured them
-- ---------------------------------------------------------------------------
reset role;
update public.organizations set storage_limit_bytes = 1500 where slug = 'studio';
select tests.authenticate_as('editor');
insert into public.assets (organization_id, type, filename, mime_type, storage_path, size_bytes, width, metadata)
values (tests.org_id('studio'), 'video', 'render.mp4', 'video/mp4', 'studio/render.mp4', 1000, 1920,
        '{"checksum_sha256": "abc", "note": "draft"}');
insert into ids select 'render', id from public.assets where filename = 'render.mp4';
insert into public.asset_versions (asset_id, version, storage_path, size_bytes)
select id, 1, 'studio/render.v1.mp4', 200 from ids where name = 'render';
select throws_ok($$update public.assets set size_bytes = 0 where filename = 'render.mp4'$$, '42501',
    'column assets.size_bytes cannot be changed by clients', 'a client cannot zero a stored file''s size');
select throws_ok($$update public.asset_versions set size_bytes = 0$$, '42501',
    'column asset_versions.size_bytes cannot be changed by clients', 'nor a version''s');
select throws_ok($$update public.assets set metadata = metadata || '{"checksum_sha256": "forged"}' where filename = 'render.mp4'$$,
    '42501', 'column assets.metadata->checksum_sha256 cannot be changed by clients', 'nor its checksum');
select throws_ok($$update public.assets set width = 10 where filename = 'render.mp4'$$, '42501',
    'column assets.width cannot be changed by clients', 'nor its dimensions');
select lives_ok($$update public.assets set metadata = metadata || '{"note": "final"}', title = 'Render'
                  where filename = 'render.mp4'$$, 'descriptions stay the client''s to edit');
select throws_ok($$insert into public.assets (organization_id, type, filename, mime_type, storage_path, size_bytes)
                   values (tests.org_id('studio'), 'video', 'big.mp4', 'video/mp4', 'studio/big.mp4', 400)$$,
    'PT507', 'storage limit of 1500 bytes reached', 'so the storage quota holds');
select tests.authenticate_as_service_role();
select lives_ok($$update public.assets set size_bytes = 1100 where filename = 'render.mp4'$$,
    'the measuring service writes the size');
select is((select storage_used_bytes from public.organizations where slug = 'studio'), 1300::bigint,
    'and the quota follows it');
select is_empty($$
    select format('%s.%s', c.table_name, c.column_name)
    from information_schema.columns c
    join pg_class r on r.oid = format('public.%I', c.table_name)::regclass and r.relkind = 'r'
    where c.table_schema = 'public' and c.column_name ~ '^(size_bytes|file_size|checksum.*)$'
      and has_column_privilege('authenticated', r.oid, c.column_name, 'UPDATE')
      and not exists (select 1 from pg_trigger t
                      where t.tgrelid = r.oid and t.tgfoid = 'private.protect_columns'::regproc
                        and c.column_name = any(string_to_array(encode(t.tgargs, 'escape'), '\000')))$$,
    'every measured-file column clients may update is frozen by protect_columns');

-- ---------------------------------------------------------------------------
-- 11. Completions are deduplicated per viewer, like views
-- ---------------------------------------------------------------------------
select tests.authenticate_as('editor');
insert into public.contents (project_id, title, slug, type, visibility, duration_minutes, video_url)
select id, 'Short', 'short', 'movie', 'free', 10, 'https://cdn.test/short.mp4' from public.projects where slug = 'lantern';
update public.contents set status = 'published' where slug = 'short';
insert into ids select 'short', id from public.contents where slug = 'short';
select tests.authenticate_as('viewer');
select public.record_watch_progress((select id from ids where name = 'short'), 600);
delete from public.watch_history;
select public.record_watch_progress((select id from ids where name = 'short'), 600);
delete from public.watch_history;
select public.record_watch_progress((select id from ids where name = 'short'), 600);
reset role;
select is((select (view_count, completion_count)::text from public.contents where slug = 'short'), '(1,1)',
    'deleting one''s history and watching again adds no view and no completion');
select is((select completions from public.content_daily_stats where content_id = (select id from ids where name = 'short')),
    1, 'nor trending points');

-- ---------------------------------------------------------------------------
-- 12. Badges: bounded rewards, no self-awards, no passing for platform badges, NFTs of platform badges
-- ---------------------------------------------------------------------------
select tests.authenticate_as_service_role();
insert into public.badges (name, criteria_type, criteria_value, xp_reward, rarity)
values ('Video maker', 'videos_created', 2, 500, 'rare'), ('First book', 'books_uploaded', 1, 150, 'common');
select throws_ok($$insert into public.badges (name, xp_reward) values ('Huge', 10001)$$, '23514', null,
    'a platform badge gives at most 10,000 XP');
select tests.authenticate_as('owner');
insert into public.communities (organization_id, name, slug) values (tests.org_id('fanhub'), 'Keepers', 'keepers');
insert into ids select 'keepers', id from public.communities where slug = 'keepers';
select throws_ok($$insert into public.badges (community_id, name, xp_reward)
                   select id, 'Jackpot', 2000000000 from ids where name = 'keepers'$$, '23514', null,
    'a community badge cannot give 2e9 XP');
select throws_ok($$insert into public.badges (community_id, name, xp_reward)
                   select id, 'Jackpot', 101 from ids where name = 'keepers'$$, '23514', null,
    'at most 100');
select throws_ok($$insert into public.badges (community_id, name, rarity)
                   select id, 'video MAKER', 'legendary' from ids where name = 'keepers'$$, '23505',
    '"video MAKER" is the name of a platform badge', 'nor take a platform badge''s name');
insert into public.badges (community_id, name, xp_reward, rarity)
select id, 'Legend', 100, 'legendary' from ids where name = 'keepers';
select throws_ok($$update public.badges set name = 'First Book' where name = 'Legend'$$, '23505', null,
    'not even by renaming');
select throws_ok($$select public.award_badge((select id from public.badges where name = 'Legend'), auth.uid())$$,
    '42501', 'you cannot award a badge to yourself', 'the owner cannot award herself');
select tests.authenticate_as('member');
select public.join_community((select id from ids where name = 'keepers'));
select tests.authenticate_as('owner');
select lives_ok($$select public.award_badge((select id from public.badges where name = 'Legend'), tests.get_user_id('member'))$$,
    'she awards a member');
select tests.authenticate_as('member');
select throws_ok($$select public.request_badge_nft((select id from public.user_badges))$$, '22023',
    'only platform badges are minted as NFTs, Legend is a community badge', 'whose community badge is no NFT');
select is((select total_xp from public.user_progress), 100::bigint, 'the member''s XP is bounded');

-- ---------------------------------------------------------------------------
-- 13. Progress counts real, live objects of their real author
-- ---------------------------------------------------------------------------
select tests.authenticate_as('maker');
insert into public.assets (organization_id, type, filename, mime_type, storage_path)
select tests.org_id('makerco'), 'video', format('empty%s.mp4', n), 'video/mp4', format('m/empty%s.mp4', n)
from generate_series(1, 5) n;
delete from public.assets where filename like 'empty%';
insert into public.books (organization_id, title) select tests.org_id('makerco'), 'Empty ' || n from generate_series(1, 3) n;
delete from public.books;
select is((select (coalesce(p.videos_created, 0), coalesce(p.books_uploaded, 0), coalesce(p.total_xp, 0))::text
           from (select 1) as one left join public.user_progress as p on true), '(0,0,0)',
    'empty rows inserted and deleted earn no progress and no badge');
insert into public.assets (organization_id, type, filename, mime_type, storage_path, size_bytes, metadata)
select tests.org_id('makerco'), 'video', format('tiny%s.mp4', n), 'video/mp4', format('m/tiny%s.mp4', n), 1,
       '{"checksum_sha256": "claimed"}'
from generate_series(1, 3) n;
select is((select (coalesce(p.videos_created, 0), count(a.id))::text
           from public.assets as a left join public.user_progress as p on true
           where a.filename like 'tiny%' and not a.metadata ? 'checksum_sha256' group by p.videos_created), '(0,3)',
    'nor do rows with a claimed size: a client cannot bring a checksum, only a measured file counts');
delete from public.assets;
insert into public.assets (organization_id, uploaded_by, type, filename, mime_type, storage_path, size_bytes)
values (tests.org_id('makerco'), tests.get_user_id('liker'), 'video', 'a.mp4', 'video/mp4', 'm/a.mp4', 100);
select is((select uploaded_by from public.assets where filename = 'a.mp4'), auth.uid(),
    'uploaded_by is the caller, whatever the client sent');
select throws_ok($$update public.assets set uploaded_by = tests.get_user_id('liker') where filename = 'a.mp4'$$, '42501',
    'column assets.uploaded_by cannot be changed by clients', 'and stays theirs');
select tests.authenticate_as_service_role();
update public.assets set metadata = metadata || '{"checksum_sha256": "measured"}' where filename = 'a.mp4';
select tests.authenticate_as('maker');
select is((select videos_created from public.user_progress), 1, 'a video the service measured counts, for its uploader');
delete from public.assets where filename = 'a.mp4';
select tests.authenticate_as_service_role();
insert into public.assets (organization_id, uploaded_by, type, filename, mime_type, storage_path, size_bytes, metadata)
values (tests.org_id('makerco'), tests.get_user_id('maker'), 'video', 'b.mp4', 'video/mp4', 'm/b.mp4', 100,
        '{"checksum_sha256": "b"}');
select tests.authenticate_as('maker');
select is((select (videos_created, total_xp)::text from public.user_progress), '(1,0)',
    'deleting it and storing another counts one live video, not two: no badge');
insert into public.books (organization_id, created_by, title)
values (tests.org_id('makerco'), tests.get_user_id('liker'), 'Real');
select is((select created_by from public.books where title = 'Real'), auth.uid(), 'a book''s author is the caller');
insert into public.chapters (book_id, chapter_number, title, content)
select id, 1, 'One', 'text' from public.books where title = 'Real';
select is((select (books_uploaded, total_xp)::text from public.user_progress), '(1,150)',
    'a book with a chapter counts and earns its badge');
select public.soft_delete('books', (select id from public.books where title = 'Real'));
select is((select books_uploaded from public.user_progress), 0, 'a deleted book no longer counts');

-- ---------------------------------------------------------------------------
-- 14. Repeated actions notify once per actor, object and day (one rule: private.notify's once_per)
-- ---------------------------------------------------------------------------
select tests.authenticate_as('member');
insert into public.fan_contents (community_id, type, title, media_url)
select id, 'meme', 'Mine', 'https://img.example/m.png' from ids where name = 'keepers';
select tests.authenticate_as('liker');
select public.join_community((select id from ids where name = 'keepers'));
create function pg_temp.like_cycles(n integer) returns void language plpgsql as $$
begin
    for i in 1..n loop
        insert into public.fan_content_likes (content_id) select id from public.fan_contents where title = 'Mine';
        delete from public.fan_content_likes where user_id = auth.uid();
    end loop;
end
$$;
grant execute on function pg_temp.like_cycles(integer) to authenticated;
select pg_temp.like_cycles(10);
select tests.authenticate_as('owner');
create function pg_temp.member_cycles(n integer) returns void language plpgsql as $$
begin
    for i in 1..n loop
        perform public.moderate_member((select id from ids where name = 'keepers'), tests.get_user_id('maker'), 'add');
        perform public.moderate_member((select id from ids where name = 'keepers'), tests.get_user_id('maker'), 'remove');
    end loop;
end
$$;
grant execute on function pg_temp.member_cycles(integer) to authenticated;
select pg_temp.member_cycles(5);
reset role;
select is((select count(*)::int from public.notifications where user_id = tests.get_user_id('member') and type = 'like'),
    1, '10 like/unlike cycles notify the author once');
select is((select count(*)::int from public.notifications
           where user_id = tests.get_user_id('maker') and type = 'community_update'), 1,
    '5 add/remove cycles notify the member once');
select is((select count(*)::int from public.notifications where user_id = tests.get_user_id('member') and type = 'follow'),
    0, '(no follows here)');
insert into public.user_follows (follower_id, following_id)
values (tests.get_user_id('liker'), tests.get_user_id('member'));
delete from public.user_follows;
insert into public.user_follows (follower_id, following_id)
values (tests.get_user_id('liker'), tests.get_user_id('member'));
select is((select count(*)::int from public.notifications where user_id = tests.get_user_id('member') and type = 'follow'),
    1, 'follows use the same rule');
select is(private.notify(tests.get_user_id('member'), 'like', actor => tests.get_user_id('owner'),
                         reference_type => 'content', reference_id => (select id from public.fan_contents),
                         once_per => interval '1 day') is not null, true,
    'another actor on the same object is news');

select * from finish();
rollback;
