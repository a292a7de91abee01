-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.count_asset_use()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    update public.assets a set usage_count = a.usage_count + 1, last_used_at = now()
    where a.id = new.asset_id and a.organization_id = new.organization_id;
    return null;
end
$function$
;

CREATE TRIGGER count_asset_use AFTER INSERT ON public.generation_inputs FOR EACH ROW WHEN ((new.asset_id IS NOT NULL)) EXECUTE FUNCTION private.count_asset_use();
