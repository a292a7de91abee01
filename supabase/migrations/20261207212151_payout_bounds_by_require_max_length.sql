-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION public.mark_payout_paid(payout_id uuid, payment_reference text, payment_method text DEFAULT 'bank_transfer'::text)
 RETURNS public.investor_payouts
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    result public.investor_payouts;
begin
    perform private.require_max_length(payment_reference, 255, 'payment_reference');
    perform private.require_max_length(payment_method, 50, 'payment_method');
    select p.* into result from public.investor_payouts p where p.id = payout_id for update;
    if result.id is null then
        raise exception 'payout not found' using errcode = 'P0002';
    end if;
    if result.status = 'completed' then
        raise exception 'payout already paid (%)', result.payment_reference using errcode = '55000';
    end if;
    update public.investor_payouts p
    set status = 'completed', paid_at = now(), payment_reference = mark_payout_paid.payment_reference,
        payment_method = mark_payout_paid.payment_method
    where p.id = result.id
    returning * into result;
    update public.revenue_distributions d set status = 'completed', distributed_at = now()
    where d.id = result.distribution_id and d.status <> 'completed'
      and not exists (select 1 from public.investor_payouts p
                      where p.distribution_id = result.distribution_id and p.status <> 'completed');
    return result;
end
$function$
;
