-- Views of discussions, fan content and products and shares of fan content count once per
-- viewer and UTC day (the Watch rule), through public.record_view, only for what the caller
-- can read.
begin;
\ir ../helpers/tests_schema.psql
select plan(10);

select tests.create_user(name) from unnest(array['owner', 'fan', 'other']) name;
select tests.create_organization('owner', 'studio');
select tests.authenticate_as('owner');
insert into public.communities (organization_id, name, slug, visibility)
values (tests.org_id('studio'), 'Keepers', 'keepers', 'public');
insert into public.discussions (community_id, title, content)
values ((select id from public.communities where slug = 'keepers'), 'Hello', 'first post');
insert into public.fan_contents (community_id, title, type, media_url)
select id, 'Fan art', 'fanart', 'https://example.com/a.png' from public.communities where slug = 'keepers';
insert into public.products (organization_id, name, slug, category, price_cents, status, stock_quantity)
values (tests.org_id('studio'), 'Mug', 'mug', 'collectibles', 1500, 'active', 20),
       (tests.org_id('studio'), 'Prototype', 'proto', 'toys', 1500, 'draft', 20);
create function pg_temp.id_of(tab text, label text) returns uuid language plpgsql security definer as $$
declare found uuid;
begin
    execute format('select id from public.%I where %s = $1', tab, case tab when 'products' then 'slug' else 'title' end)
    into found using label;
    return found;
end $$;
grant execute on function pg_temp.id_of(text, text) to public;

select tests.authenticate_as('fan');
select is(public.record_view('discussion', pg_temp.id_of('discussions', 'Hello')), true, 'a first view today counts');
select is(public.record_view('discussion', pg_temp.id_of('discussions', 'Hello')), false, 'a second one the same day does not');
select tests.authenticate_as('other');
select public.record_view('discussion', pg_temp.id_of('discussions', 'Hello'));
select public.record_view('fan_content', pg_temp.id_of('fan_contents', 'Fan art'));
select public.record_view('fan_content', pg_temp.id_of('fan_contents', 'Fan art'), 'share');
select public.record_view('fan_content', pg_temp.id_of('fan_contents', 'Fan art'), 'share');
select public.record_view('product', pg_temp.id_of('products', 'mug'));
select public.record_view('product', pg_temp.id_of('products', 'mug'));
reset role;
select is((select view_count from public.discussions where title = 'Hello'), 2::bigint, 'each viewer counts once a day');
select is((select (view_count, share_count)::text from public.fan_contents where title = 'Fan art'), '(1,1)',
    'fan content counts views and shares, once per viewer and day');
select is((select view_count from public.products where slug = 'mug'), 1::bigint, 'so do products');
update private.daily_counts set counted_on = counted_on - 1 where user_id = tests.get_user_id('other') and subject = 'product';
select tests.authenticate_as('other');
select is(public.record_view('product', pg_temp.id_of('products', 'mug')), true, 'the next day counts again');
select throws_ok(format('select public.record_view(%L, %L)', 'product', pg_temp.id_of('products', 'proto')),
    'PT404', 'product not found', 'a product the caller cannot see is not counted');
select throws_ok(format('select public.record_view(%L, %L, %L)', 'product', pg_temp.id_of('products', 'mug'), 'share'),
    '22023', null, 'only fan content counts shares');
select throws_ok($$insert into private.daily_counts (subject, subject_id, counter, user_id, counted_on)
                   values ('product', pg_temp.id_of('products', 'mug'), 'view', tests.get_user_id('fan'), current_date)$$,
    '42501', null, 'nobody counts views in another''s name');
select tests.clear_authentication();
select throws_ok(format('select public.record_view(%L, %L)', 'product', pg_temp.id_of('products', 'mug')),
    '42501', null, 'anonymous callers count nothing');

select * from finish();
rollback;
