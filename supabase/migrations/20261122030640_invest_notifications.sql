-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.notify_campaign_update()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    perform private.notify(
        backer.user_id, 'investment_update', jsonb_build_object('campaign_id', new.campaign_id, 'update_id', new.id),
        new.author_id, 'campaign', new.campaign_id, new.title, left(new.content, 280))
    from (select distinct i.user_id from public.investments i
          where i.campaign_id = new.campaign_id and i.status = 'confirmed') backer;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.notify_investment_status()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    perform private.notify(
        new.user_id, 'investment_update', jsonb_build_object('campaign_id', new.campaign_id, 'status', new.status),
        null, 'investment', new.id, 'Your investment is ' || new.status, null);
    return null;
end
$function$
;

CREATE TRIGGER notify_campaign_update AFTER INSERT ON public.campaign_updates FOR EACH ROW EXECUTE FUNCTION private.notify_campaign_update();

CREATE TRIGGER notify_investment_status AFTER UPDATE OF status ON public.investments FOR EACH ROW WHEN ((old.status IS DISTINCT FROM new.status)) EXECUTE FUNCTION private.notify_investment_status();
