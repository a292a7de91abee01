-- RLS for the store. Shoppers read active public and unlisted products; the selling
-- organization's editors manage its catalogue, discount codes and orders; buyers see their
-- own cart and orders.

-- products: listed ones for everybody (unlisted ones by link), all of them for their organization
drop policy if exists products_select on public.products;
create policy products_select on public.products for select to anon, authenticated
using (
    (status in ('active', 'out_of_stock') and visibility <> 'private'
     and organization_id <> all(array(select private.deleted_org_ids())))
    or organization_id = any(array(select private.my_org_ids()))
);

drop policy if exists products_insert on public.products;
create policy products_insert on public.products for insert to authenticated
with check (organization_id = any(array(select private.my_org_ids('editor'))));

drop policy if exists products_update on public.products;
create policy products_update on public.products for update to authenticated
using (organization_id = any(array(select private.my_org_ids('editor'))))
with check (organization_id = any(array(select private.my_org_ids('editor'))));

drop policy if exists products_delete on public.products;
create policy products_delete on public.products for delete to authenticated
using (organization_id = any(array(select private.my_org_ids('admin'))));

-- variants: with their product, probed by the variant's own product_id (products_select judges
-- it), not a set of every visible product built per read
drop policy if exists product_variants_select on public.product_variants;
create policy product_variants_select on public.product_variants for select to anon, authenticated
using (
    organization_id = any(array(select private.my_org_ids()))
    or (is_active and exists (select from public.products p where p.id = product_variants.product_id))
);

drop policy if exists product_variants_write on public.product_variants;
create policy product_variants_write on public.product_variants for all to authenticated
using (organization_id = any(array(select private.my_org_ids('editor'))))
with check (organization_id = any(array(select private.my_org_ids('editor'))));

-- internals (cost, digital file) and discount codes: the organization only
drop policy if exists product_internals_select on public.product_internals;
create policy product_internals_select on public.product_internals for select to authenticated
using (organization_id = any(array(select private.my_org_ids())));

drop policy if exists product_internals_write on public.product_internals;
create policy product_internals_write on public.product_internals for all to authenticated
using (organization_id = any(array(select private.my_org_ids('editor'))))
with check (organization_id = any(array(select private.my_org_ids('editor'))));

drop policy if exists discount_codes_select on public.discount_codes;
create policy discount_codes_select on public.discount_codes for select to authenticated
using (organization_id = any(array(select private.my_org_ids())));

drop policy if exists discount_codes_write on public.discount_codes;
create policy discount_codes_write on public.discount_codes for all to authenticated
using (organization_id = any(array(select private.my_org_ids('editor'))))
with check (organization_id = any(array(select private.my_org_ids('editor'))));

-- carts and their lines: the owner only
drop policy if exists carts_own on public.carts;
create policy carts_own on public.carts for all to authenticated
using (user_id = (select auth.uid()))
with check (user_id = (select auth.uid()));

drop policy if exists cart_items_own on public.cart_items;
create policy cart_items_own on public.cart_items for all to authenticated
using (user_id = (select auth.uid()))
with check (user_id = (select auth.uid()));

-- orders: the buyer, and the selling organization
drop policy if exists orders_select on public.orders;
create policy orders_select on public.orders for select to authenticated
using (user_id = (select auth.uid()) or organization_id = any(array(select private.my_org_ids())));

drop policy if exists order_items_select on public.order_items;
create policy order_items_select on public.order_items for select to authenticated
using (
    organization_id = any(array(select private.my_org_ids()))
    or order_id in (select o.id from public.orders o where o.user_id = (select auth.uid()))
);
