-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION public.invest(campaign_id uuid, amount_cents bigint, tier_id uuid DEFAULT NULL::uuid, idempotency_key text DEFAULT NULL::text)
 RETURNS public.investments
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    campaign public.campaigns;
    tier public.investment_tiers;
    result public.investments;
begin
    if length(idempotency_key) > 100 then
        raise exception 'idempotency_key is at most 100 characters' using errcode = '22023';
    end if;
    if amount_cents is null or amount_cents <= 0 then
        raise exception 'amount_cents must be a positive number of cents' using errcode = '22023';
    end if;
    if amount_cents > 1000000000000 then
        raise exception 'amount_cents is at most 1000000000000 (10 billion in the campaign''s currency)'
            using errcode = '22023';
    end if;
    if idempotency_key is not null then
        select i.* into result from public.investments i
        where i.user_id = uid and i.idempotency_key = invest.idempotency_key;
        if result.id is not null then
            if (result.campaign_id, result.amount_cents, result.tier_id)
               is distinct from (invest.campaign_id, invest.amount_cents, invest.tier_id) then
                raise exception 'idempotency_key already used for a different investment' using errcode = '22023';
            end if;
            return result;
        end if;
    end if;
    campaign := private.visible_campaign(invest.campaign_id);
    if campaign.id is null then
        raise exception 'campaign not found' using errcode = 'P0002';
    end if;
    if campaign.status <> 'active' then
        raise exception 'campaign is not accepting investments (it is %)', campaign.status using errcode = '55000';
    end if;
    if now() < campaign.start_date or now() >= campaign.end_date then
        raise exception 'campaign is open from % to %', campaign.start_date, campaign.end_date using errcode = '55000';
    end if;
    if invest.tier_id is not null then
        select t.* into tier from public.investment_tiers t where t.id = invest.tier_id and t.campaign_id = campaign.id;
        if tier.id is null then
            raise exception 'tier not found' using errcode = 'P0002';
        end if;
        if amount_cents < tier.min_amount_cents or amount_cents > tier.max_amount_cents then
            raise exception 'tier "%" takes % to % cents', tier.name, tier.min_amount_cents,
                coalesce(tier.max_amount_cents::text, 'unlimited') using errcode = '22023';
        end if;
    end if;
    insert into public.investments (
        campaign_id, organization_id, project_id, user_id, tier_id, amount_cents, currency, platform_fee_cents,
        idempotency_key
    )
    values (campaign.id, campaign.organization_id, campaign.project_id, uid, tier.id, amount_cents,
            campaign.currency, amount_cents * campaign.platform_fee_bps / 10000, invest.idempotency_key)
    returning * into result;
    return result;
end
$function$
;
