-- The merchandise store: scope derivation, cart totals, place_order(), the order status
-- machine, restocking, and the order side of Stripe ingestion (called by
-- public.stripe_apply_event, supabase/functions/stripe.sql).

-- ---------------------------------------------------------------------------
-- Scope: products take their organization from their IP project when they have one;
-- variants, internals and cart lines from their product. Clients never change scope.
-- ---------------------------------------------------------------------------
-- Organizations deleted (soft): their catalogue and licence offers vanish from public view.
-- A short list, so policies test `organization_id <> all(array(select private.deleted_org_ids()))`.
create or replace function private.deleted_org_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select o.id from public.organizations o where o.deleted_at is not null
$$;
revoke execute on function private.deleted_org_ids() from public;
grant execute on function private.deleted_org_ids() to anon, authenticated, service_role;

-- A product of an IP project takes the project's organization (private.inherit_scope); one
-- without keeps the organization it was given. A client's starts with its creator and unsold.
create or replace trigger inherit_scope before insert or update of project_id on public.products
for each row execute function private.inherit_scope('projects:project_id:project');
create or replace trigger client_defaults before insert on public.products
for each row execute function private.client_defaults('created_by', 'sold_count=0', 'view_count=0');
create or replace trigger protect_columns before update on public.products
for each row execute function private.protect_columns('organization_id', 'project_id', 'created_by', 'sold_count', 'stock_level');
create or replace trigger set_updated_at before update on public.products
for each row execute function private.set_updated_at();

-- Stock status follows stock: products.stock_level (variants summed when the product has them;
-- backorders count as in stock) and, for an active product, status 'out_of_stock' when nothing
-- can be sold, back to 'active' when restocked. A draft or discontinued product keeps its status.
create or replace function private.refresh_stock_status(target_product uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
    item public.products;
    left_in_stock bigint;
    sellable boolean;
    level text;
begin
    select p.* into item from public.products p where p.id = target_product;
    if item.id is null then
        return;
    end if;
    if item.has_variants then
        select coalesce(sum(greatest(v.stock_quantity, 0)), 0), coalesce(bool_or(v.allow_backorder), false)
        into left_in_stock, sellable
        from public.product_variants v where v.product_id = item.id and v.is_active;
    else
        left_in_stock := greatest(item.stock_quantity, 0);
        sellable := item.allow_backorder;
    end if;
    sellable := sellable or left_in_stock > 0 or not item.track_inventory;
    level := case when not item.track_inventory then 'untracked'
                  when left_in_stock <= 0 then case when sellable then 'low_stock' else 'out_of_stock' end
                  when left_in_stock <= item.low_stock_threshold then 'low_stock'
                  else 'in_stock' end;
    update public.products p
    set stock_level = level,
        status = case when p.status = 'active' and not sellable then 'out_of_stock'
                      when p.status = 'out_of_stock' and sellable then 'active'
                      else p.status end
    where p.id = item.id
      and (p.stock_level, p.status) is distinct from
          (level, case when p.status = 'active' and not sellable then 'out_of_stock'
                       when p.status = 'out_of_stock' and sellable then 'active' else p.status end);
end
$$;
revoke execute on function private.refresh_stock_status(uuid) from public;

create or replace function private.follow_stock()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    changed jsonb := to_jsonb(case when tg_op = 'DELETE' then old else new end);
begin
    perform private.refresh_stock_status(
        (case when tg_table_name = 'products' then changed ->> 'id' else changed ->> 'product_id' end)::uuid);
    return null;
end
$$;
revoke execute on function private.follow_stock() from public;

create or replace trigger follow_stock after insert or update of stock_quantity, low_stock_threshold, track_inventory,
    allow_backorder, has_variants, status on public.products
for each row execute function private.follow_stock();
create or replace trigger follow_stock after insert or delete or update of stock_quantity, allow_backorder, is_active
    on public.product_variants
for each row execute function private.follow_stock();

-- Variants and internals: organization from the product (private.inherit_scope); a variant's
-- backorder flag defaults to its product's.
create or replace function private.variant_defaults()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    new.allow_backorder := new.allow_backorder
        or coalesce((select p.allow_backorder from public.products p where p.id = new.product_id), false);
    return new;
end
$$;
revoke execute on function private.variant_defaults() from public;

create or replace trigger inherit_scope before insert on public.product_variants
for each row execute function private.inherit_scope('products:product_id:product');
create or replace trigger variant_defaults before insert on public.product_variants
for each row execute function private.variant_defaults();
create or replace trigger protect_columns before update on public.product_variants
for each row execute function private.protect_columns('organization_id', 'product_id');
create or replace trigger set_updated_at before update on public.product_variants
for each row execute function private.set_updated_at();
create or replace trigger inherit_scope before insert on public.product_internals
for each row execute function private.inherit_scope('products:product_id:product');
create or replace trigger protect_columns before update on public.product_internals
for each row execute function private.protect_columns('organization_id', 'product_id');
create or replace trigger set_updated_at before update on public.product_internals
for each row execute function private.set_updated_at();

create or replace trigger set_updated_at before update on public.discount_codes
for each row execute function private.set_updated_at();
create or replace trigger protect_columns before update on public.discount_codes
for each row execute function private.protect_columns('organization_id', 'created_by', 'usage_count');

create or replace trigger client_defaults before insert on public.discount_codes
for each row execute function private.client_defaults('created_by', 'usage_count=0');

-- ---------------------------------------------------------------------------
-- Carts: a line takes its owner, seller and price from the cart and the catalogue,
-- whatever the client sent; the cart's subtotal and item count follow by delta.
-- ---------------------------------------------------------------------------
create or replace function private.cart_item_defaults()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
    product public.products;
    variant public.product_variants;
begin
    if tg_op = 'UPDATE' then
        if not private.is_client_request() then
            return new;  -- repricing by the catalogue
        end if;
        -- the line's cart, product and owner are frozen (protect_columns); its price is the catalogue's
        new.unit_price_cents := old.unit_price_cents;
        return new;
    end if;
    -- invoker rights: the caller's own cart, and products the caller may see
    select c.user_id into new.user_id from public.carts c where c.id = new.cart_id;
    select p.* into product from public.products p where p.id = new.product_id;
    if product.status = 'out_of_stock' and product.visibility <> 'private' then
        raise exception '% is out of stock', product.name using errcode = 'PT409';
    end if;
    if product.id is null or product.status <> 'active' or product.visibility = 'private' then
        raise exception 'product not found' using errcode = 'PT404';
    end if;
    if new.variant_id is not null then
        select v.* into variant from public.product_variants v
        where v.id = new.variant_id and v.product_id = product.id and v.is_active;
        if variant.id is null then
            raise exception 'variant not found' using errcode = 'PT404';
        end if;
    elsif product.has_variants then
        raise exception 'choose a variant of %', product.name using errcode = '22023';
    end if;
    new.unit_price_cents := coalesce(variant.price_cents, product.price_cents);
    return new;
end
$$;
revoke execute on function private.cart_item_defaults() from public;

-- Triggers fire in name order: the line is checked against the catalogue (with its own
-- messages) before it takes the product's scope.
create or replace trigger cart_item_defaults before insert or update on public.cart_items
for each row execute function private.cart_item_defaults();
create or replace trigger inherit_scope before insert on public.cart_items
for each row execute function private.inherit_scope('products:product_id:product');
create or replace trigger protect_columns before update on public.cart_items
for each row execute function private.protect_columns('organization_id', 'user_id', 'cart_id', 'product_id',
                                                      'variant_id');
create or replace trigger set_updated_at before update on public.cart_items
for each row execute function private.set_updated_at();

create or replace function private.count_cart_totals()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update public.carts c
        set subtotal_cents = c.subtotal_cents - old.quantity * old.unit_price_cents,
            item_count = c.item_count - old.quantity, updated_at = now()
        where c.id = old.cart_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        update public.carts c
        set subtotal_cents = c.subtotal_cents + new.quantity * new.unit_price_cents,
            item_count = c.item_count + new.quantity, updated_at = now()
        where c.id = new.cart_id;
    end if;
    return null;
end
$$;
revoke execute on function private.count_cart_totals() from public;

create or replace trigger count_cart_totals after insert or update of quantity, unit_price_cents or delete
on public.cart_items
for each row execute function private.count_cart_totals();

create or replace trigger protect_columns before update on public.carts
for each row execute function private.protect_columns('user_id', 'subtotal_cents', 'item_count');

-- A new price reaches the lines already in carts (their totals follow by trigger).
create or replace function private.reprice_cart_lines()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    if tg_table_name = 'products' then
        update public.cart_items i set unit_price_cents = new.price_cents
        where i.product_id = new.id
          and (i.variant_id is null
               or i.variant_id in (select v.id from public.product_variants v
                                   where v.product_id = new.id and v.price_cents is null));
    else
        update public.cart_items i
        set unit_price_cents = coalesce(new.price_cents, (select p.price_cents from public.products p
                                                          where p.id = new.product_id))
        where i.variant_id = new.id;
    end if;
    return null;
end
$$;
revoke execute on function private.reprice_cart_lines() from public;

create or replace trigger reprice_cart_lines after update of price_cents on public.products
for each row when (old.price_cents is distinct from new.price_cents)
execute function private.reprice_cart_lines();
create or replace trigger reprice_cart_lines after update of price_cents on public.product_variants
for each row when (old.price_cents is distinct from new.price_cents)
execute function private.reprice_cart_lines();

-- ---------------------------------------------------------------------------
-- place_order: one transaction from cart to order.
-- ---------------------------------------------------------------------------

-- Text arguments of RPCs: too long is a clear 22023.
create or replace function private.require_max_length(value text, max_length integer, what text)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
    if length(value) > max_length then
        raise exception '% is too long (at most % characters)', what, max_length using errcode = '22023';
    end if;
end
$$;
revoke execute on function private.require_max_length(text, integer, text) from public;

-- The discount a code gives on a cart, after every check (raises when it does not apply).
-- The caller holds the code's row lock, so usage counts cannot race.
create or replace function private.discount_for(
    code public.discount_codes, buyer uuid, subtotal bigint, eligible bigint, shipping bigint
)
returns bigint
language plpgsql
stable
set search_path = ''
as $$
declare
    discount bigint;
    used_by_buyer integer;
begin
    if code.starts_at is not null and code.starts_at > now() then
        raise exception 'discount code % is not valid yet', code.code using errcode = '22023';
    end if;
    if code.expires_at is not null and code.expires_at <= now() then
        raise exception 'discount code % has expired', code.code using errcode = '22023';
    end if;
    if code.usage_limit is not null and code.usage_count >= code.usage_limit then
        raise exception 'discount code % has reached its usage limit', code.code using errcode = 'PT429';
    end if;
    select count(*) into used_by_buyer from public.orders o
    where o.discount_code_id = code.id and o.user_id = buyer and o.status <> 'cancelled';
    if code.per_user_limit is not null and used_by_buyer >= code.per_user_limit then
        raise exception 'you have already used discount code % (limit % per customer)', code.code, code.per_user_limit
            using errcode = 'PT429';
    end if;
    if eligible = 0 then
        raise exception 'discount code % does not apply to any item in your cart', code.code using errcode = '22023';
    end if;
    if code.minimum_order_cents is not null and subtotal < code.minimum_order_cents then
        raise exception 'discount code % needs an order of at least % cents', code.code, code.minimum_order_cents
            using errcode = '22023';
    end if;
    discount := case code.type
        when 'percentage' then round(eligible * code.percent_off / 100)::bigint
        when 'fixed_amount' then least(code.amount_off_cents, eligible)
        else shipping
    end;
    return least(discount, coalesce(code.maximum_discount_cents, discount));
end
$$;
revoke execute on function private.discount_for(public.discount_codes, uuid, bigint, bigint, bigint) from public;

create or replace function public.place_order(
    discount_code text default null,
    shipping_address jsonb default null,
    billing_address jsonb default null,
    customer_email text default null,
    customer_phone text default null,
    customer_notes text default null,
    shipping_method text default null
)
returns public.orders
language plpgsql
security definer
set search_path = ''
as $$
declare
    uid uuid := private.require_user();
    cart public.carts;
    seller_count integer;
    currency_count integer;
    seller uuid;
    order_currency text;
    v_subtotal bigint;
    v_eligible bigint;
    v_shipping bigint;
    v_tax bigint;
    v_discount bigint := 0;
    code public.discount_codes;
    line record;
    available integer;
    taken boolean;
    new_order public.orders;
begin
    perform private.require_max_length(discount_code, 50, 'discount_code');
    perform private.require_max_length(customer_email, 255, 'customer_email');
    perform private.require_max_length(customer_phone, 50, 'customer_phone');
    perform private.require_max_length(customer_notes, 2000, 'customer_notes');
    perform private.require_max_length(shipping_method, 100, 'shipping_method');
    if pg_column_size(shipping_address) > 4000 or pg_column_size(billing_address) > 4000 then
        raise exception 'address is too long' using errcode = '22023';
    end if;

    select c.* into cart from public.carts c where c.user_id = uid for update;
    if cart.id is null or cart.item_count = 0 then
        raise exception 'your cart is empty' using errcode = 'PT409';
    end if;

    -- one seller and one currency per order
    select count(distinct i.organization_id), count(distinct p.currency),
           (array_agg(i.organization_id))[1], min(p.currency)
    into seller_count, currency_count, seller, order_currency
    from public.cart_items i join public.products p on p.id = i.product_id
    where i.cart_id = cart.id;
    if seller_count > 1 or currency_count > 1 then
        raise exception 'an order holds items of one store in one currency: split your cart' using errcode = '22023';
    end if;

    if discount_code is not null then
        select d.* into code from public.discount_codes d
        where d.organization_id = seller and upper(d.code) = upper(place_order.discount_code) and d.is_active
        for update;
        if code.id is null then
            raise exception 'discount code % not found', discount_code using errcode = 'PT404';
        end if;
    end if;

    -- stock: each row decremented only if enough is left (or backorders are allowed),
    -- rows taken in one global order so that concurrent buyers never deadlock
    for line in
        select i.product_id, i.variant_id, i.quantity, p.name, p.status, p.visibility, p.has_variants,
               p.track_inventory, v.is_active as variant_active
        from public.cart_items i
        join public.products p on p.id = i.product_id
        left join public.product_variants v on v.id = i.variant_id
        where i.cart_id = cart.id
        order by coalesce(i.variant_id, i.product_id)
    loop
        if line.status <> 'active' or line.visibility = 'private' or line.variant_active is false then
            raise exception '% is no longer available' , line.name using errcode = 'PT409';
        end if;
        if line.variant_id is null and line.has_variants then
            raise exception 'choose a variant of %', line.name using errcode = '22023';
        end if;
        continue when not line.track_inventory;
        if line.variant_id is not null then
            update public.product_variants v set stock_quantity = v.stock_quantity - line.quantity
            where v.id = line.variant_id and (v.allow_backorder or v.stock_quantity >= line.quantity);
            taken := found;
            select v.stock_quantity into available from public.product_variants v where v.id = line.variant_id;
        else
            update public.products p set stock_quantity = p.stock_quantity - line.quantity
            where p.id = line.product_id and (p.allow_backorder or p.stock_quantity >= line.quantity);
            taken := found;
            select p.stock_quantity into available from public.products p where p.id = line.product_id;
        end if;
        if not taken then
            raise exception 'not enough stock for %: % requested, % available', line.name, line.quantity,
                greatest(available, 0) using errcode = 'PT409';
        end if;
    end loop;

    -- totals from current catalogue prices, never from the client
    select sum(coalesce(v.price_cents, p.price_cents) * i.quantity),
           coalesce(sum(coalesce(v.price_cents, p.price_cents) * i.quantity) filter (
               where code.id is null
                  or ((code.product_ids is null or p.id = any(code.product_ids))
                      and (code.categories is null or p.category = any(code.categories)))), 0),
           coalesce(max(p.shipping_cents) filter (where not p.is_digital), 0),
           coalesce(sum(round(coalesce(v.price_cents, p.price_cents) * i.quantity * p.tax_rate_bps / 10000.0)), 0)
    into v_subtotal, v_eligible, v_shipping, v_tax
    from public.cart_items i
    join public.products p on p.id = i.product_id
    left join public.product_variants v on v.id = i.variant_id
    where i.cart_id = cart.id;

    if code.id is not null then
        v_discount := private.discount_for(code, uid, v_subtotal, v_eligible, v_shipping);
        update public.discount_codes d set usage_count = d.usage_count + 1 where d.id = code.id;
    end if;

    insert into public.orders (
        order_number, user_id, organization_id, subtotal_cents, discount_cents, shipping_cents, tax_cents,
        total_cents, currency, customer_email, customer_phone, shipping_address, billing_address, shipping_method,
        discount_code_id, discount_code, customer_notes, hold_expires_at
    )
    values (
        format('CV-%s-%s', to_char(now() at time zone 'UTC', 'YYYY'),
               lpad(nextval('private.order_number_seq')::text, 6, '0')),
        uid, seller, v_subtotal, v_discount, v_shipping, v_tax, v_subtotal - v_discount + v_shipping + v_tax,
        order_currency, coalesce(place_order.customer_email, (select u.email from auth.users u where u.id = uid)),
        place_order.customer_phone, place_order.shipping_address, coalesce(place_order.billing_address,
                                                                           place_order.shipping_address),
        place_order.shipping_method, code.id, code.code, place_order.customer_notes,
        now() + private.order_hold_window()
    )
    returning * into new_order;

    insert into public.order_items (
        order_id, organization_id, product_id, variant_id, project_id, product_name, variant_title, sku, category,
        is_digital, quantity, unit_price_cents, subtotal_cents
    )
    select new_order.id, p.organization_id, p.id, v.id, p.project_id, p.name, v.title, coalesce(v.sku, p.sku),
           p.category, p.is_digital, i.quantity, coalesce(v.price_cents, p.price_cents),
           coalesce(v.price_cents, p.price_cents) * i.quantity
    from public.cart_items i
    join public.products p on p.id = i.product_id
    left join public.product_variants v on v.id = i.variant_id
    where i.cart_id = cart.id;

    -- units sold, one row per product in id order (after every variant lock above)
    update public.products p set sold_count = p.sold_count + s.units
    from (select i.product_id, sum(i.quantity) as units from public.cart_items i
          where i.cart_id = cart.id group by i.product_id order by i.product_id) as s
    where p.id = s.product_id;

    delete from public.cart_items i where i.cart_id = cart.id;
    return new_order;
end
$$;
revoke execute on function public.place_order(text, jsonb, jsonb, text, text, text, text) from public, anon;
grant execute on function public.place_order(text, jsonb, jsonb, text, text, text, text) to authenticated;
comment on function public.place_order(text, jsonb, jsonb, text, text, text, text) is
'Turns the caller''s cart into a pending order in one transaction: stock checked and held, discount applied (its use held), totals computed in SQL, items snapshotted, order number CV-YYYY-NNNNNN assigned. The holds last until hold_expires_at; payment takes them for good, private.expire_unpaid_orders gives them back.';

-- How long an unpaid order holds its stock and discount-code use: system_settings
-- store.order_hold_minutes (operators tune it), else 30 minutes, as Checkout Sessions last.
create or replace function private.order_hold_window()
returns interval
language sql
stable
security definer
set search_path = ''
as $$
    select make_interval(mins => coalesce((select (s.value #>> '{}')::integer from public.system_settings s
                                           where s.key = 'store.order_hold_minutes'), 30))
$$;
revoke execute on function private.order_hold_window() from public;

-- For the scheduler: unpaid pending orders past their hold are cancelled (reason hold_expired)
-- through the status machine, so restock_order gives back their stock and discount-code use
-- and the buyer is told. At most p_batch orders per call, oldest hold first; orders another
-- transaction has locked (a payment arriving) are left for the next call. Returns how many it
-- expired; calling again finds nothing left to do.
create or replace function private.expire_unpaid_orders(p_batch integer)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
    expired integer;
begin
    if p_batch is null or p_batch < 1 or p_batch > 10000 then
        raise exception 'p_batch must be between 1 and 10000' using errcode = '22023';
    end if;
    with due as (
        select o.id from public.orders o
        where o.status = 'pending' and o.payment_status = 'pending' and o.hold_expires_at <= private.now()
        order by o.hold_expires_at
        limit p_batch
        for update skip locked
    )
    update public.orders o set status = 'cancelled', cancellation_reason = 'hold_expired'
    from due where o.id = due.id;
    get diagnostics expired = row_count;
    return expired;
end
$$;
revoke execute on function private.expire_unpaid_orders(integer) from public, anon, authenticated;
grant execute on function private.expire_unpaid_orders(integer) to service_role;

-- ---------------------------------------------------------------------------
-- The order status machine: its moves are private.transitions, machine 'orders' (core.sql,
-- "Status machines"); cancelled and refunded are final, both put the stock back (once).
-- ---------------------------------------------------------------------------
create or replace function private.order_transition()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if private.is_client_request() then
        raise exception 'orders change through place_order, cancel_order and update_order_status'
            using errcode = '42501';
    end if;
    if new.status is distinct from old.status then
        if new.status = 'confirmed' and new.payment_status <> 'paid' then
            raise exception 'an order is confirmed by its payment' using errcode = 'PT409';
        end if;
        case new.status
            when 'shipped' then new.shipped_at := coalesce(new.shipped_at, now());
            when 'delivered' then new.delivered_at := coalesce(new.delivered_at, now());
            when 'cancelled' then new.cancelled_at := now();
            else null;
        end case;
    end if;
    -- paid or closed: the holds are taken for good or given back, nothing left to expire
    if new.status <> 'pending' or new.payment_status <> 'pending' then
        new.hold_expires_at := null;
    end if;
    new.updated_at := now();
    return new;
end
$$;
revoke execute on function private.order_transition() from public;

-- An order's number, buyer, seller and amounts never change, whoever writes.
create or replace trigger protect_columns before update on public.orders
for each row execute function private.protect_columns(
    '!order_number', '!user_id', '!organization_id', '!subtotal_cents', '!discount_cents', '!shipping_cents',
    '!tax_cents', '!total_cents', '!currency', '!discount_code_id'
);
create or replace trigger order_transition before update on public.orders
for each row execute function private.order_transition();
create or replace trigger status_machine before update on public.orders
for each row when (old.status is distinct from new.status and case old.status
    when 'confirmed' then new.status not in ('processing', 'refunded', 'shipped')
    when 'delivered' then new.status not in ('refunded')
    when 'pending' then new.status not in ('cancelled', 'confirmed')
    when 'processing' then new.status not in ('refunded', 'shipped')
    when 'shipped' then new.status not in ('delivered', 'refunded')
    else true end)
execute function private.enforce_transition('orders');

-- Stock back for every line not restocked yet; a cancelled order also gives back its use of
-- the discount code.
create or replace function private.restock_order()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    line record;
begin
    for line in
        update public.order_items i set restocked = true
        where i.order_id = new.id and not i.restocked
        returning i.product_id, i.variant_id, i.quantity
    loop
        if line.variant_id is not null then
            update public.product_variants v set stock_quantity = v.stock_quantity + line.quantity
            from public.products p
            where v.id = line.variant_id and p.id = v.product_id and p.track_inventory;
        else
            update public.products p set stock_quantity = p.stock_quantity + line.quantity
            where p.id = line.product_id and p.track_inventory;
        end if;
        update public.products p set sold_count = greatest(p.sold_count - line.quantity, 0)
        where p.id = line.product_id;
    end loop;
    if new.status = 'cancelled' and new.discount_code_id is not null then
        update public.discount_codes d set usage_count = greatest(d.usage_count - 1, 0)
        where d.id = new.discount_code_id;
    end if;
    return null;
end
$$;
revoke execute on function private.restock_order() from public;

create or replace trigger restock_order after update of status on public.orders
for each row when (new.status in ('cancelled', 'refunded') and old.status is distinct from new.status)
execute function private.restock_order();

-- The buyer hears of every change of status (not of their own cancellation).
create or replace function private.notify_order_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    perform private.notify(
        new.user_id, 'order_update',
        jsonb_build_object('order_number', new.order_number, 'status', new.status, 'previous_status', old.status),
        actor => private.caller_id(), reference_type => 'order', reference_id => new.id,
        title => format('Order %s is %s', new.order_number, new.status));
    return null;
end
$$;
revoke execute on function private.notify_order_update() from public;

create or replace trigger notify_order_update after update of status on public.orders
for each row when (old.status is distinct from new.status)
execute function private.notify_order_update();

-- The buyer cancels an unpaid order; so may the store's editors.
create or replace function public.cancel_order(order_id uuid)
returns public.orders
language plpgsql
security definer
set search_path = ''
as $$
declare
    uid uuid := private.require_user();
    target public.orders;
begin
    select o.* into target from public.orders o
    where o.id = cancel_order.order_id
      and (o.user_id = uid or o.organization_id = any(array(select private.my_org_ids('editor'))))
    for update;
    if target.id is null then
        raise exception 'order not found' using errcode = 'PT404';
    end if;
    if target.status <> 'pending' or target.payment_status <> 'pending' then
        raise exception 'only unpaid pending orders can be cancelled (this one is %)', target.status
            using errcode = 'PT409';
    end if;
    update public.orders o set status = 'cancelled', cancellation_reason = 'requested' where o.id = target.id
    returning * into target;
    return target;
end
$$;
revoke execute on function public.cancel_order(uuid) from public, anon;
grant execute on function public.cancel_order(uuid) to authenticated;

-- Fulfilment by the store's editors: processing, shipped (with a tracking number), delivered.
create or replace function public.update_order_status(
    order_id uuid, new_status text, tracking_number text default null, internal_notes text default null
)
returns public.orders
language plpgsql
security definer
set search_path = ''
as $$
declare
    target public.orders;
begin
    perform private.require_user();
    perform private.require_max_length(tracking_number, 255, 'tracking_number');
    perform private.require_max_length(internal_notes, 2000, 'internal_notes');
    select o.* into target from public.orders o
    where o.id = update_order_status.order_id and o.organization_id = any(array(select private.my_org_ids('editor')))
    for update;
    if target.id is null then
        raise exception 'order not found' using errcode = 'PT404';
    end if;
    if new_status not in ('processing', 'shipped', 'delivered') then
        raise exception 'status % is not set by hand: payments confirm and refund orders, cancel_order cancels',
            new_status using errcode = '22023';
    end if;
    update public.orders o
    set status = new_status,
        tracking_number = coalesce(update_order_status.tracking_number, o.tracking_number),
        internal_notes = coalesce(update_order_status.internal_notes, o.internal_notes)
    where o.id = target.id
    returning * into target;
    update public.order_items i set fulfilled_quantity = i.quantity
    where i.order_id = target.id and new_status = 'delivered';
    return target;
end
$$;
revoke execute on function public.update_order_status(uuid, text, text, text) from public, anon;
grant execute on function public.update_order_status(uuid, text, text, text) to authenticated;

-- Digital files of what the caller bought and paid for.
create or replace function public.my_digital_downloads()
returns table (order_id uuid, order_number text, product_id uuid, product_name text, digital_file_url text)
language sql
stable
security definer
set search_path = ''
as $$
    select o.id, o.order_number, i.product_id, i.product_name, x.digital_file_url
    from public.orders o
    join public.order_items i on i.order_id = o.id and i.is_digital
    join public.product_internals x on x.product_id = i.product_id
    where o.user_id = (select private.acting_user_id()) and o.payment_status in ('paid', 'partially_refunded')
      and o.status not in ('cancelled', 'refunded')
$$;
revoke execute on function public.my_digital_downloads() from public, anon;
grant execute on function public.my_digital_downloads() to authenticated;

-- ---------------------------------------------------------------------------
-- Stripe: a Checkout Session created with metadata.order_id (and
-- payment_intent_data.metadata.order_id, so that its charge carries it too) pays an order.
-- ---------------------------------------------------------------------------
create or replace function private.store_apply_checkout(session jsonb)
returns text
language plpgsql
set search_path = ''
as $$
declare
    target public.orders;
begin
    select o.* into target from public.orders o where o.id = private.stripe_metadata_id(session, 'order_id') for update;
    if target.id is null then
        return 'ignored: unknown order';
    end if;
    if session ->> 'payment_status' <> 'paid' then
        return 'ignored: checkout not paid';
    end if;
    if target.payment_status <> 'pending' then
        return 'ignored: order already paid';
    end if;
    if not private.stripe_pays_exactly(session, 'amount_total', target.total_cents, target.currency) then
        return format('ignored: paid %s %s, the order is %s %s', session ->> 'amount_total', session ->> 'currency',
                      target.total_cents, target.currency);
    end if;
    update public.orders o
    set payment_status = 'paid', paid_at = now(), payment_method = 'stripe',
        payment_reference = session ->> 'payment_intent', stripe_checkout_session_id = session ->> 'id',
        status = case when o.status = 'pending' then 'confirmed' else o.status end
    where o.id = target.id;
    perform private.stripe_apply_deferred_refunds(session ->> 'payment_intent');
    -- a payment after the hold expired: recorded, but the stock may be sold to someone else by
    -- now and a cancelled order stays cancelled, so the money is owed back
    return case when target.status = 'cancelled' and target.cancellation_reason = 'hold_expired'
                then 'applied: the order''s hold expired, refund this payment'
                when target.status = 'cancelled' then 'applied: the order was cancelled, refund this payment'
                else 'applied' end;
end
$$;
revoke execute on function private.store_apply_checkout(jsonb) from public;

-- A refunded charge: refunds are cumulative on the charge; in full, the order is refunded
-- and its stock comes back (trigger restock_order).
create or replace function private.store_apply_refund(charge jsonb)
returns text
language plpgsql
set search_path = ''
as $$
declare
    target public.orders;
    refunded bigint;
begin
    select o.* into target from public.orders o
    where o.id = private.stripe_metadata_id(charge, 'order_id') or o.payment_reference = charge ->> 'payment_intent'
    limit 1
    for update;
    if target.id is null then
        return 'ignored: unknown order';
    end if;
    if target.payment_status = 'pending' then
        return 'deferred';
    end if;
    refunded := least(coalesce((charge ->> 'amount_refunded')::bigint, 0), target.total_cents);
    if refunded <= target.refunded_cents then
        return 'applied';
    end if;
    update public.orders o
    set refunded_cents = refunded,
        payment_status = case when refunded >= o.total_cents then 'refunded' else 'partially_refunded' end,
        status = case when refunded >= o.total_cents and o.status not in ('pending', 'cancelled') then 'refunded'
                      else o.status end
    where o.id = target.id;
    return 'applied';
end
$$;
revoke execute on function private.store_apply_refund(jsonb) from public;

-- Whether a Stripe object concerns an order (metadata.order_id, or the payment of one).
create or replace function private.stripe_is_order(stripe_object jsonb)
returns boolean
language sql
stable
set search_path = ''
as $$
    select stripe_object -> 'metadata' ? 'order_id'
        or exists (select 1 from public.orders o where o.payment_reference = stripe_object ->> 'payment_intent')
$$;
revoke execute on function private.stripe_is_order(jsonb) from public;
