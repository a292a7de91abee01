-- The store: catalogue access, carts kept in balance, place_order (stock, discount codes with
-- every limit, totals, snapshots, order numbers), the status machine, Stripe payment and
-- refund (restock), and who sees which orders.
begin;
\ir ../helpers/tests_schema.psql
select plan(76);

select tests.create_user(name) from unnest(array['seller', 'clerk', 'buyer', 'other', 'outsider']) name;
select tests.create_organization('seller', 'merch');
select tests.add_member('merch', 'clerk', 'viewer');
select tests.create_organization('outsider', 'rival');
create temporary table placed (n int, id uuid, number text) on commit drop;
grant all on placed to authenticated, service_role;

-- catalogue: an editor creates products; scope comes from the IP project
select tests.authenticate_as('seller');
insert into public.projects (organization_id, created_by, title, slug)
values (tests.org_id('merch'), auth.uid(), 'Lantern Keeper', 'lantern');
insert into public.products (organization_id, project_id, name, slug, category, price_cents, stock_quantity,
                             shipping_cents, tax_rate_bps, status)
select null, p.id, 'Lantern mug', 'lantern-mug', 'collectibles', 1500, 5, 500, 1000, 'active'
from public.projects p where p.slug = 'lantern';
insert into public.products (organization_id, name, slug, category, price_cents, status, has_variants, stock_quantity)
values (tests.org_id('merch'), 'Keeper tee', 'keeper-tee', 'apparel', 2500, 'active', true, 0),
       (tests.org_id('merch'), 'Storm poster', 'storm-poster', 'stationery', 1000, 'active', false, 1),
       (tests.org_id('merch'), 'Secret prototype', 'prototype', 'toys', 9900, 'draft', false, 3),
       (tests.org_id('merch'), 'Artbook PDF', 'artbook', 'digital', 800, 'active', false, 0);
update public.products set is_digital = true, track_inventory = false where slug = 'artbook';
insert into public.product_internals (product_id, organization_id, cost_price_cents, digital_file_url)
select id, null, 100, 'https://files.example/artbook.pdf' from public.products where slug = 'artbook';
insert into public.product_variants (product_id, title, options, sku, stock_quantity, price_cents)
select id, 'M', '{"size": "M"}'::jsonb, 'TEE-M', 2, null::bigint from public.products where slug = 'keeper-tee'
union all
select id, 'XL', '{"size": "XL"}'::jsonb, 'TEE-XL', 1, 2900 from public.products where slug = 'keeper-tee';
insert into public.discount_codes (organization_id, code, type, percent_off, maximum_discount_cents, per_user_limit,
                                   usage_limit, minimum_order_cents)
values (tests.org_id('merch'), 'LANTERN10', 'percentage', 10, 1000, 1, 2, 2000);
insert into public.discount_codes (organization_id, code, type, amount_off_cents, product_ids, per_user_limit)
select tests.org_id('merch'), 'MUG5', 'fixed_amount', 500, array[id], 5 from public.products where slug = 'lantern-mug';
insert into public.discount_codes (organization_id, code, type, amount_off_cents, expires_at)
values (tests.org_id('merch'), 'OLD', 'fixed_amount', 100, now() - interval '1 day');
insert into public.discount_codes (organization_id, code, type, amount_off_cents, starts_at)
values (tests.org_id('merch'), 'SOON', 'fixed_amount', 100, now() + interval '1 day');
insert into public.discount_codes (organization_id, code, type, product_ids)
select tests.org_id('merch'), 'SHIPFREE', 'free_shipping', array[id] from public.products where slug = 'lantern-mug';

select is((select organization_id from public.products where slug = 'lantern-mug'), tests.org_id('merch'),
    'a product takes its organization from its IP project');
select is((select created_by from public.products where slug = 'lantern-mug'), tests.get_user_id('seller'),
    'created_by is the caller');
select throws_ok($$update public.products set organization_id = tests.org_id('rival') where slug = 'lantern-mug'$$,
    '42501', null, 'a client cannot move a product to another organization');
select throws_ok($$update public.products set sold_count = 99 where slug = 'lantern-mug'$$,
    '42501', null, 'nor set its sales counter');
select throws_ok($$update public.products set stock_quantity = -1 where slug = 'storm-poster'$$,
    '23514', null, 'stock never goes below zero without backorders');

select tests.authenticate_as('clerk');
select throws_ok($$insert into public.products (organization_id, name, category, price_cents)
                   values (tests.org_id('merch'), 'Clerk item', 'toys', 1)$$,
    '42501', null, 'a viewer cannot create products');
select is((select count(*) from public.product_internals), 1::bigint, 'members read product internals');

select tests.authenticate_as('outsider');
select throws_ok($$insert into public.products (organization_id, name, category, price_cents)
                   values (tests.org_id('merch'), 'Fake', 'toys', 1)$$,
    '42501', null, 'an outsider cannot add products to a store');
select is((select count(*) from public.product_internals), 0::bigint, 'outsiders never see cost or files');
select is((select count(*) from public.discount_codes), 0::bigint, 'nor discount codes');

select tests.clear_authentication();
select is((select array_agg(slug order by slug) from public.products),
    array['artbook', 'keeper-tee', 'lantern-mug', 'storm-poster'], 'anon sees active products, not drafts');
select is((select count(*) from public.product_variants), 2::bigint, 'and their variants');

-- carts
select tests.authenticate_as('buyer');
insert into public.carts default values;
insert into public.cart_items (cart_id, product_id, quantity, unit_price_cents)
select c.id as cart_id, p.id as product_id, 2, 1 from public.carts c, public.products p where p.slug = 'lantern-mug';
select is((select unit_price_cents from public.cart_items), 1500::bigint, 'a cart line takes the catalogue price, not the client''s');
select is((select (subtotal_cents, item_count)::text from public.carts), '(3000,2)', 'the cart subtotal and item count follow');
update public.cart_items set quantity = 3;
select is((select (subtotal_cents, item_count)::text from public.carts), '(4500,3)', 'and follow quantity changes');
select throws_ok($$insert into public.cart_items (cart_id, product_id)
                   select c.id as cart_id, p.id as product_id from public.carts c, public.products p where p.slug = 'keeper-tee'$$,
    '22023', 'choose a variant of Keeper tee', 'a product with variants needs a variant');
select throws_ok($$insert into public.cart_items (cart_id, product_id)
                   select c.id as cart_id, p.id as product_id from public.carts c, (select gen_random_uuid() as id) p$$,
    'PT404', 'product not found', 'unknown products are not found');
insert into public.cart_items (cart_id, product_id, variant_id)
select c.id as cart_id, v.product_id, v.id as variant_id from public.carts c, public.product_variants v where v.sku = 'TEE-XL';
select is((select subtotal_cents from public.carts), 7400::bigint, 'a variant''s own price counts');
delete from public.cart_items where variant_id is not null;
select is((select (subtotal_cents, item_count)::text from public.carts), '(4500,3)', 'removing a line takes it off');

select set_config('test.buyer_cart', (select id::text from public.carts), true);
select tests.authenticate_as('other');
select is((select count(*) from public.cart_items), 0::bigint, 'nobody else sees the buyer''s cart');
select throws_ok($$insert into public.cart_items (cart_id, product_id)
                   select current_setting('test.buyer_cart')::uuid, p.id from public.products p
                   where p.slug = 'storm-poster'$$,
    '42501', null, 'nor adds to it');

-- place_order: discount codes and their limits
select tests.authenticate_as('buyer');
select throws_ok($$select public.place_order('NOPE')$$, 'PT404', 'discount code NOPE not found', 'unknown code');
select throws_ok($$select public.place_order('OLD')$$, '22023', 'discount code OLD has expired', 'expired code');
select throws_ok($$select public.place_order('SOON')$$, '22023', 'discount code SOON is not valid yet', 'code not started');
select throws_ok($$select public.place_order(repeat('x', 51))$$, '22023', 'discount_code is too long (at most 50 characters)',
    'text inputs are capped');
select is((select stock_quantity from public.products where slug = 'lantern-mug'), 5,
    'a refused order leaves stock alone');

insert into placed select 1, o.id, o.order_number from public.place_order('lantern10') o;
select is((select (subtotal_cents, discount_cents, shipping_cents, tax_cents, total_cents)::text
           from public.orders where id = (select id from placed where n = 1)),
    '(4500,450,500,450,5000)', 'totals computed in SQL: 10% off, shipping, 10% tax');
select matches((select number from placed where n = 1), '^CV-[0-9]{4}-[0-9]{6}$', 'a readable order number');
select is((select stock_quantity from public.products where slug = 'lantern-mug'), 2, 'stock decremented');
select is((select sold_count from public.products where slug = 'lantern-mug'), 3::bigint, 'units sold counted');
select is((select (subtotal_cents, item_count)::text from public.carts), '(0,0)', 'the cart is emptied');
select is((select (product_name, quantity, unit_price_cents, subtotal_cents)::text from public.order_items),
    '("Lantern mug",3,1500,4500)', 'the item is snapshotted');
reset role;
select is((select usage_count from public.discount_codes where code = 'LANTERN10'), 1, 'the code use is counted');
select tests.authenticate_as('buyer');
select throws_ok($$select public.place_order()$$, 'PT409', 'your cart is empty', 'an empty cart places nothing');

insert into public.cart_items (cart_id, product_id, quantity)
select c.id as cart_id, p.id as product_id, 2 from public.carts c, public.products p where p.slug = 'lantern-mug';
select throws_ok($$select public.place_order('LANTERN10')$$, 'PT429',
    'you have already used discount code LANTERN10 (limit 1 per customer)', 'per-user limit');
update public.cart_items set quantity = 1;
select throws_ok($$select public.place_order('MUG5x')$$, 'PT404', null, 'codes must match');
insert into public.cart_items (cart_id, product_id)
select c.id as cart_id, p.id as product_id from public.carts c, public.products p where p.slug = 'storm-poster';
insert into placed select 2, o.id, o.order_number from public.place_order('MUG5') o;
select is((select (subtotal_cents, discount_cents, total_cents)::text from public.orders
           where id = (select id from placed where n = 2)),
    '(2500,500,2650)', 'a product-restricted code discounts only its products (the poster carries no tax)');
select is((select stock_quantity from public.products where slug = 'storm-poster'), 0, 'the last poster is sold');

select tests.authenticate_as('other');
insert into public.carts default values;
insert into public.cart_items (cart_id, product_id)
select c.id as cart_id, p.id as product_id from public.carts c, public.products p where p.slug = 'lantern-mug';
select throws_ok($$select public.place_order('LANTERN10')$$, '22023',
    'discount code LANTERN10 needs an order of at least 2000 cents', 'minimum order');
select throws_ok($$insert into public.cart_items (cart_id, product_id)
                   select c.id as cart_id, p.id as product_id from public.carts c, public.products p
                   where p.slug = 'storm-poster'$$, 'PT409', 'Storm poster is out of stock',
    'no stock, no order: a sold-out product is out of stock and goes in no cart');
insert into public.cart_items (cart_id, product_id)
select c.id as cart_id, p.id as product_id from public.carts c, public.products p where p.slug = 'artbook';
insert into placed select 3, o.id, o.order_number from public.place_order('SHIPFREE') o;
select is((select (subtotal_cents, discount_cents, shipping_cents, tax_cents, total_cents)::text from public.orders
           where id = (select id from placed where n = 3)),
    '(2300,500,500,150,2450)', 'a free-shipping code takes the shipping off');
select is((select count(*) from public.orders), 1::bigint, 'a buyer sees only their own orders');
select is((select count(*) from public.my_digital_downloads()), 0::bigint, 'no download before payment');

reset role;
update public.discount_codes set usage_count = 2 where code = 'LANTERN10';
select tests.authenticate_as('outsider');
insert into public.carts default values;
insert into public.cart_items (cart_id, product_id, variant_id)
select c.id as cart_id, v.product_id, v.id as variant_id from public.carts c, public.product_variants v where v.sku = 'TEE-M';
select throws_ok($$select public.place_order('LANTERN10')$$, 'PT429',
    'discount code LANTERN10 has reached its usage limit', 'total usage limit');
select is((select stock_quantity from public.product_variants where sku = 'TEE-M'), 2, 'the variant keeps its stock');
select is((select count(*) from public.orders), 0::bigint, 'an outsider sees no orders of the store');
select is((select count(*) from public.order_items), 0::bigint, 'nor their items');

-- who sees orders, who changes them
select tests.authenticate_as('clerk');
select is((select count(*) from public.orders), 3::bigint, 'the selling organization sees its orders');
select throws_ok($$select public.update_order_status((select id from placed where n = 1), 'processing')$$,
    'PT404', 'order not found', 'a viewer cannot fulfil orders');
select tests.authenticate_as('buyer');
select throws_ok($$update public.orders set total_cents = 1$$, '42501', null, 'a buyer cannot edit an order');
select throws_ok($$select public.update_order_status((select id from placed where n = 1), 'shipped')$$,
    'PT404', 'order not found', 'nor fulfil it');

-- cancel: stock and the code use come back
select lives_ok($$select public.cancel_order((select id from placed where n = 2))$$, 'the buyer cancels an unpaid order');
select is((select (stock_quantity, sold_count)::text from public.products where slug = 'storm-poster'), '(1,0)',
    'cancelling restocks');
reset role;
select is((select usage_count from public.discount_codes where code = 'MUG5'), 0, 'and gives the code use back');
select tests.authenticate_as('buyer');
select throws_ok($$select public.cancel_order((select id from placed where n = 2))$$, 'PT409', null,
    'cancelled is final');

-- Stripe: payment confirms, refunds restock
select tests.authenticate_as('seller');
select throws_ok($$select public.update_order_status((select id from placed where n = 1), 'shipped')$$,
    'PT409', 'orders: cannot move from pending to shipped', 'unpaid orders are not shipped');
select tests.authenticate_as_service_role();
select is(public.stripe_apply_event(jsonb_build_object('id', 'evt_s1', 'type', 'checkout.session.completed',
        'created', 1790000000, 'data', jsonb_build_object('object', jsonb_build_object(
            'id', 'cs_1', 'mode', 'payment', 'payment_status', 'paid', 'amount_total', 5000, 'currency', 'usd',
            'payment_intent', 'pi_1', 'metadata', jsonb_build_object('order_id', (select id from placed where n = 1)))))),
    'applied', 'a paid checkout confirms the order');
select is((select (status, payment_status, payment_reference)::text from public.orders
           where id = (select id from placed where n = 1)), '(confirmed,paid,pi_1)', 'confirmed and paid');
select is(public.stripe_apply_event(jsonb_build_object('id', 'evt_s2', 'type', 'charge.refunded',
        'created', 1790000001, 'data', jsonb_build_object('object', jsonb_build_object(
            'id', 'ch_3', 'amount', 2450, 'amount_refunded', 1000, 'payment_intent', 'pi_3',
            'metadata', jsonb_build_object('order_id', (select id from placed where n = 3)))))),
    'deferred', 'a refund before its payment waits');
select is(public.stripe_apply_event(jsonb_build_object('id', 'evt_s3', 'type', 'checkout.session.completed',
        'created', 1790000002, 'data', jsonb_build_object('object', jsonb_build_object(
            'id', 'cs_3x', 'payment_status', 'paid', 'amount_total', 1, 'currency', 'usd', 'payment_intent', 'pi_3',
            'metadata', jsonb_build_object('order_id', (select id from placed where n = 3)))))),
    'ignored: paid 1 usd, the order is 2450 usd', 'a payment of the wrong amount confirms nothing');
select is(public.stripe_apply_event(jsonb_build_object('id', 'evt_s4', 'type', 'checkout.session.completed',
        'created', 1790000003, 'data', jsonb_build_object('object', jsonb_build_object(
            'id', 'cs_3', 'payment_status', 'paid', 'amount_total', 2450, 'currency', 'usd', 'payment_intent', 'pi_3',
            'metadata', jsonb_build_object('order_id', (select id from placed where n = 3)))))),
    'applied', 'the right payment confirms it');
select is((select (status, payment_status, refunded_cents)::text from public.orders
           where id = (select id from placed where n = 3)), '(confirmed,partially_refunded,1000)',
    'and the waiting partial refund applies after it');

select tests.authenticate_as('other');
select is((select count(*) from public.my_digital_downloads()), 1::bigint, 'a paid digital item can be downloaded');

select tests.authenticate_as('seller');
select lives_ok($$select public.update_order_status((select id from placed where n = 1), 'processing')$$,
    'the store processes a paid order');
select is((select status || ' ' || tracking_number from public.update_order_status(
            (select id from placed where n = 1), 'shipped', 'TRACK-1')),
    'shipped TRACK-1', 'and ships it with a tracking number');
select throws_ok($$select public.update_order_status((select id from placed where n = 1), 'confirmed')$$,
    '22023', null, 'confirmation is the payment''s');

select tests.authenticate_as_service_role();
select is(public.stripe_apply_event(jsonb_build_object('id', 'evt_s5', 'type', 'charge.refunded',
        'created', 1790000004, 'data', jsonb_build_object('object', jsonb_build_object(
            'id', 'ch_1', 'amount', 5000, 'amount_refunded', 5000, 'payment_intent', 'pi_1', 'metadata', '{}'::jsonb)))),
    'applied', 'a full refund by payment intent');
select is((select (status, payment_status, refunded_cents)::text from public.orders
           where id = (select id from placed where n = 1)), '(refunded,refunded,5000)', 'refunds the order');
select is((select stock_quantity from public.products where slug = 'lantern-mug'), 4, 'and puts its stock back');

select tests.authenticate_as('buyer');
select is((select array_agg(payload ->> 'status' order by created_at, payload ->> 'status')
           from public.notifications where type = 'order_update'),
    array['confirmed', 'processing', 'refunded', 'shipped'], 'the buyer hears of each change, not of their own cancel');
select is((select count(*) from public.notifications where user_id <> auth.uid()), 0::bigint,
    'and sees only their notifications');

-- analyst views (service_role and analyst): sales by product and IP; clients do not read them
reset role;
select tests.authenticate_as_service_role();
select is((select sum(units) from analytics.store_sales_by_product where product_name = 'Lantern mug'), 4::numeric,
    'analysts see units sold by product (paid orders)');
select is((select sum(net_cents) from analytics.store_sales_by_product where product_name = 'Lantern mug'),
    round(1500 * 1800 / 2300.0 * 1450 / 2450.0),
    'net revenue: the refunded order nets nothing, the other its discounted, partly refunded share');
select is((select units from analytics.store_sales_by_ip where project_title = 'Lantern Keeper'), 4::numeric,
    'and by IP project');
select tests.authenticate_as('seller');
select throws_ok($$select * from analytics.store_sales_by_product$$, '42501', null, 'clients do not read analytics');

-- a deleted store's catalogue disappears
reset role;
update public.organizations set deleted_at = now() where slug = 'merch';
select tests.clear_authentication();
select is((select count(*) from public.products), 0::bigint, 'a deleted organization''s products are invisible');

select * from finish();
rollback;
