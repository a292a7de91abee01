-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "protect_columns" on "public"."products";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.follow_stock()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    changed jsonb := to_jsonb(case when tg_op = 'DELETE' then old else new end);
begin
    perform private.refresh_stock_status(
        (case when tg_table_name = 'products' then changed ->> 'id' else changed ->> 'product_id' end)::uuid);
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.refresh_stock_status(target_product uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE TRIGGER follow_stock AFTER INSERT OR DELETE OR UPDATE OF stock_quantity, allow_backorder, is_active ON public.product_variants FOR EACH ROW EXECUTE FUNCTION private.follow_stock();

CREATE TRIGGER follow_stock AFTER INSERT OR UPDATE OF stock_quantity, low_stock_threshold, track_inventory, allow_backorder, has_variants, status ON public.products FOR EACH ROW EXECUTE FUNCTION private.follow_stock();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.products FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'project_id', 'created_by', 'sold_count', 'stock_level');
