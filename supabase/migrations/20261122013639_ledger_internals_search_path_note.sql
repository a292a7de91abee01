-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.begin_credit_change(org_id uuid, key text, amount bigint, OUT wallet public.credit_balances, OUT earlier public.credit_transactions)
 RETURNS record
 LANGUAGE plpgsql
AS $function$
begin
    perform private.require_idempotency_key(key);
    perform private.require_positive_amount(amount);
    wallet := private.lock_credit_balance(org_id);
    earlier := private.credit_entry_by_key(org_id, key);
end
$function$
;

CREATE OR REPLACE FUNCTION private.credit_entry_by_key(org_id uuid, key text)
 RETURNS public.credit_transactions
 LANGUAGE sql
 STABLE
AS $function$
    select t.* from public.credit_transactions t where t.organization_id = org_id and t.idempotency_key = key
$function$
;

CREATE OR REPLACE FUNCTION private.credit_hold_by_key(org_id uuid, key text)
 RETURNS public.credit_holds
 LANGUAGE sql
 STABLE
AS $function$
    select h.* from public.credit_holds h where h.organization_id = org_id and h.idempotency_key = key
$function$
;

CREATE OR REPLACE FUNCTION private.lock_credit_balance(org_id uuid)
 RETURNS public.credit_balances
 LANGUAGE plpgsql
AS $function$
declare
    locked public.credit_balances;
begin
    select b.* into locked from public.credit_balances b where b.organization_id = org_id for update;
    if locked.organization_id is null then
        raise exception 'organization % has no credit wallet', org_id using errcode = 'P0002';
    end if;
    return locked;
end
$function$
;

CREATE OR REPLACE FUNCTION private.lock_hold(hold_id uuid)
 RETURNS public.credit_holds
 LANGUAGE plpgsql
AS $function$
declare
    org_id uuid := (select h.organization_id from public.credit_holds h where h.id = hold_id);
    hold public.credit_holds;
begin
    if org_id is null then
        raise exception 'hold % not found', hold_id using errcode = 'P0002';
    end if;
    perform private.lock_credit_balance(org_id);
    select h.* into hold from public.credit_holds h where h.id = hold_id for update;
    return hold;
end
$function$
;

CREATE OR REPLACE FUNCTION private.post_credit_entry(org_id uuid, entry_type text, main_delta bigint, rollover_delta bigint, bonus_delta bigint, held_delta bigint, idempotency_key text, user_id uuid DEFAULT NULL::uuid, hold_id uuid DEFAULT NULL::uuid, reference_type text DEFAULT NULL::text, reference_id text DEFAULT NULL::text, description text DEFAULT NULL::text, metadata jsonb DEFAULT '{}'::jsonb)
 RETURNS public.credit_transactions
 LANGUAGE plpgsql
AS $function$
declare
    entry public.credit_transactions;
begin
    with after as (
        update public.credit_balances b
        set balance = b.balance + main_delta,
            rollover_balance = b.rollover_balance + rollover_delta,
            bonus_balance = b.bonus_balance + bonus_delta,
            held_balance = b.held_balance + held_delta,
            updated_at = now()
        where b.organization_id = org_id
        returning b.balance + b.rollover_balance + b.bonus_balance as available, b.held_balance
    )
    insert into public.credit_transactions (
        organization_id, user_id, type, amount, main_delta, rollover_delta, bonus_delta, held_delta,
        balance_after, held_after, hold_id, description, reference_type, reference_id, idempotency_key, metadata
    )
    select org_id, user_id, entry_type, main_delta + rollover_delta + bonus_delta, main_delta, rollover_delta,
           bonus_delta, held_delta, after.available, after.held_balance, hold_id, description, reference_type,
           reference_id, idempotency_key, coalesce(metadata, '{}')
    from after
    returning * into entry;
    return entry;
end
$function$
;

CREATE OR REPLACE FUNCTION private.raise_insufficient_credits(wallet public.credit_balances, wanted bigint)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
begin
    raise exception 'insufficient credits: % requested, % available',
        wanted, wallet.balance + wallet.rollover_balance + wallet.bonus_balance
        using errcode = 'PT402', hint = 'buy credits or upgrade the plan';
end
$function$
;

CREATE OR REPLACE FUNCTION private.require_idempotency_key(key text)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE
AS $function$
begin
    if key is null or length(key) not between 1 and 200 then
        raise exception 'an idempotency key of 1 to 200 characters is required' using errcode = '22023';
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION private.require_positive_amount(amount bigint)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE
AS $function$
begin
    if amount is null or amount <= 0 then
        raise exception 'amount must be a positive number of credits, got %', amount using errcode = '22023';
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION private.settle_hold(hold public.credit_holds, used bigint, final_status text)
 RETURNS public.credit_holds
 LANGUAGE plpgsql
AS $function$
declare
    used_rollover bigint := least(hold.from_rollover, used);
    used_main bigint := least(hold.from_main, used - least(hold.from_rollover, used));
    used_bonus bigint := used - used_rollover - used_main;
    settled public.credit_holds;
begin
    if used > 0 then
        perform private.post_credit_entry(
            hold.organization_id, 'capture', 0, 0, 0, -used, 'capture:' || hold.id, hold.user_id, hold.id,
            hold.reference_type, hold.reference_id);
    end if;
    if used < hold.amount then
        perform private.post_credit_entry(
            hold.organization_id, 'release', hold.from_main - used_main, hold.from_rollover - used_rollover,
            hold.from_bonus - used_bonus, -(hold.amount - used), 'release:' || hold.id, hold.user_id, hold.id,
            hold.reference_type, hold.reference_id);
    end if;
    update public.credit_holds h
    set status = final_status, settled_at = now(),
        captured_amount = case when final_status = 'captured' then used end
    where h.id = hold.id
    returning * into settled;
    return settled;
end
$function$
;

CREATE OR REPLACE FUNCTION private.split_debit(wallet public.credit_balances, amount bigint, OUT from_rollover bigint, OUT from_main bigint, OUT from_bonus bigint)
 RETURNS record
 LANGUAGE plpgsql
AS $function$
begin
    if wallet.balance + wallet.rollover_balance + wallet.bonus_balance < amount then
        perform private.raise_insufficient_credits(wallet, amount);
    end if;
    from_rollover := least(wallet.rollover_balance, amount);
    from_main := least(wallet.balance, amount - from_rollover);
    from_bonus := amount - from_rollover - from_main;
end
$function$
;

COMMENT ON FUNCTION "private"."begin_credit_change"(org_id uuid, key text, amount bigint, OUT wallet public.credit_balances, OUT earlier public.credit_transactions) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

COMMENT ON FUNCTION "private"."credit_entry_by_key"(org_id uuid, key text) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

COMMENT ON FUNCTION "private"."credit_hold_by_key"(org_id uuid, key text) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

COMMENT ON FUNCTION "private"."lock_credit_balance"(org_id uuid) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

COMMENT ON FUNCTION "private"."lock_hold"(hold_id uuid) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

COMMENT ON FUNCTION "private"."post_credit_entry"(org_id uuid, entry_type text, main_delta bigint, rollover_delta bigint, bonus_delta bigint, held_delta bigint, idempotency_key text, user_id uuid, hold_id uuid, reference_type text, reference_id text, description text, metadata jsonb) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

COMMENT ON FUNCTION "private"."raise_insufficient_credits"(wallet public.credit_balances, wanted bigint) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

COMMENT ON FUNCTION "private"."require_idempotency_key"(key text) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

COMMENT ON FUNCTION "private"."require_positive_amount"(amount bigint) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

COMMENT ON FUNCTION "private"."settle_hold"(hold public.credit_holds, used bigint, final_status text) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

COMMENT ON FUNCTION "private"."split_debit"(wallet public.credit_balances, amount bigint, OUT from_rollover bigint, OUT from_main bigint, OUT from_bonus bigint) IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';
