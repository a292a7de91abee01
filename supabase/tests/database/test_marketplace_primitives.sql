-- The marketplace's shared pieces: a viewer's own row about a content (private.viewer_row_defaults
-- on ratings, likes and watchlists), the row id a Stripe object names in its metadata
-- (private.stripe_metadata_id), and refunds that arrive before their payment, applied by the one
-- refund route once it is recorded (private.stripe_apply_deferred_refunds).
begin;
\ir ../helpers/tests_schema.psql
select plan(22);

select tests.create_user(name) from unnest(array['owner', 'fan', 'other_fan']) name;
select tests.create_organization('owner', 'acme');

create temporary table ids (name text primary key, id uuid) on commit drop;
grant all on ids to anon, authenticated, service_role;

select tests.authenticate_as('owner');
insert into public.projects (organization_id, created_by, title, slug)
values (tests.org_id('acme'), auth.uid(), 'Lantern', 'lantern');
insert into public.contents (project_id, title, slug, type, visibility, video_url)
select p.id, t.title, t.slug, 'movie', 'free', 'https://cdn.test/' || t.slug || '.mp4'
from public.projects p, (values ('Open film', 'open-film'), ('Draft film', 'draft-film')) t (title, slug)
where p.slug = 'lantern';
update public.contents set status = 'published' where slug = 'open-film';
insert into ids select slug, id from public.contents;
insert into public.campaigns (project_id, title, slug, goal_amount_cents)
select id, 'Lantern: the film', 'lantern-film', 100000 from public.projects where slug = 'lantern';

-- a client's rows are filed under the caller and stamped now, whatever it sent
select tests.authenticate_as('fan');
insert into public.content_likes (content_id, user_id, created_at)
select id, tests.get_user_id('other_fan'), '2000-01-01' from ids where name = 'open-film';
insert into public.watchlists (content_id, user_id, added_at)
select id, tests.get_user_id('other_fan'), '2000-01-01' from ids where name = 'open-film';
insert into public.content_ratings (content_id, rating, user_id)
select id, 4, tests.get_user_id('other_fan') from ids where name = 'open-film';
select tests.authenticate_as_service_role();
select is((select (user_id = tests.get_user_id('fan'), created_at = now()) from public.content_likes),
    (true, true), 'a like is the caller''s, liked now');
select is((select (user_id = tests.get_user_id('fan'), added_at = now()) from public.watchlists),
    (true, true), 'a watchlist entry is the caller''s, added now');
select is((select user_id from public.content_ratings), tests.get_user_id('fan'), 'a rating is the caller''s');

-- content the caller may not watch is not found, for each of them
select tests.authenticate_as('fan');
select throws_ok($$insert into public.content_likes (content_id) select id from ids where name = 'draft-film'$$,
    'PT404', 'content not found', 'no like of a content the caller may not watch');
select throws_ok($$insert into public.watchlists (content_id) select id from ids where name = 'draft-film'$$,
    'PT404', 'content not found', 'no watchlist entry for it');
select throws_ok($$insert into public.content_ratings (content_id, rating) select id, 3 from ids
                   where name = 'draft-film'$$,
    'PT404', 'content not found', 'no rating of it');

-- the service role writes its own (imports, backfills)
select tests.authenticate_as_service_role();
insert into public.content_likes (content_id, user_id, created_at)
select id, tests.get_user_id('other_fan'), '2000-01-01' from ids where name = 'draft-film';
select is((select created_at from public.content_likes where user_id = tests.get_user_id('other_fan')),
    '2000-01-01'::timestamptz, 'the service role keeps the user and time it gives');

-- metadata ids: a UUID or nothing (never an error from a malformed one); a private helper, read
-- as its owner
reset role;
select is(private.stripe_metadata_id('{"metadata": {"order_id": "6f1c2b7e-0d3a-4c55-9a61-2b7f3e8d9c10"}}', 'order_id'),
    '6f1c2b7e-0d3a-4c55-9a61-2b7f3e8d9c10'::uuid, 'a metadata id is read as a uuid');
select is(private.stripe_metadata_id('{"metadata": {"order_id": "6F1C2B7E-0D3A-4C55-9A61-2B7F3E8D9C10"}}', 'order_id'),
    '6f1c2b7e-0d3a-4c55-9a61-2b7f3e8d9c10'::uuid, 'in either case');
select is(private.stripe_metadata_id('{"metadata": {"order_id": "1; drop table x"}}', 'order_id'), null,
    'a value that is not a UUID names nothing');
select is(private.stripe_metadata_id('{"metadata": {"credits": "500"}}', 'order_id'), null, 'nor an absent key');
select is(private.stripe_metadata_id('{"id": "cs_1"}', 'order_id'), null, 'nor an object without metadata');

-- a credit pack's refund that arrives before the purchase waits, then the purchase applies it
select is(public.stripe_apply_event(jsonb_build_object(
    'id', 'evt_early_refund', 'type', 'charge.refunded', 'created', 1790000100,
    'data', jsonb_build_object('object', jsonb_build_object(
        'id', 'ch_early', 'object', 'charge', 'payment_intent', 'pi_early', 'amount', 1000, 'amount_refunded', 500,
        'customer', 'cus_early')))),
    'deferred', 'a refund before its payment waits');
select is(public.stripe_apply_event(jsonb_build_object(
    'id', 'evt_late_pack', 'type', 'checkout.session.completed', 'created', 1790000000,
    'data', jsonb_build_object('object', jsonb_build_object(
        'id', 'cs_late', 'object', 'checkout.session', 'mode', 'payment', 'payment_status', 'paid',
        'payment_intent', 'pi_early', 'amount_total', 1000, 'customer', 'cus_early',
        'metadata', jsonb_build_object('organization_id', tests.org_id('acme'), 'credits', '400'))))),
    'applied', 'the purchase is applied');
select is((select outcome from private.stripe_events where id = 'evt_early_refund'), 'applied',
    'and so is the refund that waited for it');
select is((select bonus_balance from public.credit_balances where organization_id = tests.org_id('acme')), 200::bigint,
    'half the pack is taken back: 400 granted, 200 left');
select is((select count(*)::int from private.stripe_events where outcome = 'deferred'), 0, 'nothing waits any more');

-- a deleted project or organization marks every table that carries project_deleted_at (read
-- from the catalog: contents and campaigns today); restoring clears it
create function pg_temp.marked() returns text language sql as $$
    select string_agg(format('%s:%s', t.table_name, t.marked), ' ' order by t.table_name)
    from (select 'campaigns' as table_name, bool_and(project_deleted_at is not null) as marked from public.campaigns
          union all
          select 'contents', bool_and(project_deleted_at is not null) from public.contents) t
$$;
update public.projects set deleted_at = now() where slug = 'lantern';
select is(pg_temp.marked(), 'campaigns:t contents:t', 'a deleted project marks its campaigns and contents');
update public.projects set deleted_at = null where slug = 'lantern';
select is(pg_temp.marked(), 'campaigns:f contents:f', 'restoring it clears the mark');
update public.organizations set deleted_at = now() where id = tests.org_id('acme');
select is(pg_temp.marked(), 'campaigns:t contents:t', 'so does a deleted organization');

-- a payout's payment details are bounded by the one text-argument bound (private.require_max_length)
select tests.authenticate_as_service_role();
select throws_ok($$select public.mark_payout_paid(gen_random_uuid(), 'tr_1', repeat('x', 51))$$, '22023',
    'payment_method is too long (at most 50 characters)', 'a payout''s payment method is length-capped');
select throws_ok($$select public.mark_payout_paid(gen_random_uuid(), repeat('x', 256))$$, '22023',
    'payment_reference is too long (at most 255 characters)', 'and its payment reference');

select * from finish();
rollback;
