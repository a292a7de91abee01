-- Stock status follows stock: products.stock_level and the active/out_of_stock status are set by
-- stock changes of the product or its variants, never by hand.
begin;
\ir ../helpers/tests_schema.psql
select plan(8);

select tests.create_user('seller');
select tests.create_organization('seller', 'merch');
select tests.authenticate_as('seller');
insert into public.products (organization_id, name, slug, category, price_cents, status, stock_quantity, low_stock_threshold)
values (tests.org_id('merch'), 'Mug', 'mug', 'collectibles', 1500, 'active', 20, 5),
       (tests.org_id('merch'), 'Tee', 'tee', 'apparel', 2500, 'active', 0, 5);
update public.products set has_variants = true where slug = 'tee';
create function pg_temp.state(product_slug text) returns text language sql as $$
    select stock_level || '/' || status from public.products where slug = product_slug
$$;
grant execute on function pg_temp.state(text) to public;

select is(pg_temp.state('mug'), 'in_stock/active', 'a product with plenty of stock is in stock');
update public.products set stock_quantity = 4 where slug = 'mug';
select is(pg_temp.state('mug'), 'low_stock/active', 'at or below its threshold it is low on stock');
update public.products set stock_quantity = 0 where slug = 'mug';
select is(pg_temp.state('mug'), 'out_of_stock/out_of_stock', 'at zero it is out of stock, and so is its status');
update public.products set stock_quantity = 30 where slug = 'mug';
select is(pg_temp.state('mug'), 'in_stock/active', 'restocked, it is active again');
select throws_ok($$update public.products set stock_level = 'in_stock' where slug = 'tee'$$, '42501', null,
    'the stock level is not the client''s to set');

select is(pg_temp.state('tee'), 'out_of_stock/out_of_stock', 'a product with variants and none in stock is out of stock');
insert into public.product_variants (product_id, title, options, sku, stock_quantity, price_cents)
values ((select id from public.products where slug = 'tee'), 'M', '{"size": "M"}', 'tee-m', 3, 2500),
       ((select id from public.products where slug = 'tee'), 'L', '{"size": "L"}', 'tee-l', 10, 2500);
select is(pg_temp.state('tee'), 'in_stock/active', 'its variants'' stock is summed');
update public.product_variants set stock_quantity = 0 where sku = 'tee-l';
select is(pg_temp.state('tee'), 'low_stock/active', 'a variant selling out leaves it low on stock');

select * from finish();
rollback;
