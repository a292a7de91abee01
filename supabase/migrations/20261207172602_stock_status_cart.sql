-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.cart_item_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    product public.products;
    variant public.product_variants;
begin
    if tg_op = 'UPDATE' then
        if not private.is_client_request() then
            return new;  -- repricing by the catalogue
        end if;
        if (new.cart_id, new.product_id, new.variant_id, new.user_id, new.organization_id)
           is distinct from (old.cart_id, old.product_id, old.variant_id, old.user_id, old.organization_id) then
            raise exception 'only the quantity of a cart line can change' using errcode = '42501';
        end if;
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
        raise exception 'product not found' using errcode = 'P0002';
    end if;
    if new.variant_id is not null then
        select v.* into variant from public.product_variants v
        where v.id = new.variant_id and v.product_id = product.id and v.is_active;
        if variant.id is null then
            raise exception 'variant not found' using errcode = 'P0002';
        end if;
    elsif product.has_variants then
        raise exception 'choose a variant of %', product.name using errcode = '22023';
    end if;
    new.organization_id := product.organization_id;
    new.unit_price_cents := coalesce(variant.price_cents, product.price_cents);
    return new;
end
$function$
;
