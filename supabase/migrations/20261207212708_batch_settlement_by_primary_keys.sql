-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.post_credit_entries(entries private.credit_entry[])
 RETURNS SETOF public.credit_transactions
 LANGUAGE plpgsql
AS $function$
begin
    return query
    with entry as (
        select e.*, e.main_delta + e.rollover_delta + e.bonus_delta as amount
        from unnest(entries) with ordinality as e (
            organization_id, type, main_delta, rollover_delta, bonus_delta, held_delta, idempotency_key, user_id,
            hold_id, reference_type, reference_id, description, metadata, key_source, n
        )
    ),
    total as materialized (
        select e.organization_id, sum(e.main_delta) as main_delta, sum(e.rollover_delta) as rollover_delta,
               sum(e.bonus_delta) as bonus_delta, sum(e.held_delta) as held_delta, sum(e.amount) as amount
        from entry e group by e.organization_id
    ),
    moved as (
        update public.credit_balances b
        set balance = b.balance + d.main_delta,
            rollover_balance = b.rollover_balance + d.rollover_delta,
            bonus_balance = b.bonus_balance + d.bonus_delta,
            held_balance = b.held_balance + d.held_delta,
            updated_at = now()
        from total d
        -- found through the primary key, never a scan of every wallet
        where b.organization_id = any(array(select t.organization_id from total t))
          and b.organization_id = d.organization_id
        returning b.organization_id, b.balance + b.rollover_balance + b.bonus_balance - d.amount as available_before,
                  b.held_balance - d.held_delta as held_before
    )
    insert into public.credit_transactions (
        organization_id, user_id, type, amount, main_delta, rollover_delta, bonus_delta, held_delta,
        balance_after, held_after, hold_id, description, reference_type, reference_id, idempotency_key, key_source,
        metadata, created_at
    )
    select e.organization_id, e.user_id, e.type, e.amount, e.main_delta, e.rollover_delta, e.bonus_delta,
           e.held_delta, (m.available_before + sum(e.amount) over chain)::bigint,
           (m.held_before + sum(e.held_delta) over chain)::bigint, e.hold_id, e.description, e.reference_type,
           e.reference_id, e.idempotency_key, coalesce(e.key_source, 'ledger'), coalesce(e.metadata, '{}'),
           clock_timestamp()
    from entry e join moved m on m.organization_id = e.organization_id
    window chain as (partition by e.organization_id order by e.n)
    order by e.n
    returning *;
end
$function$
;

CREATE OR REPLACE FUNCTION private.settle_holds(hold_ids uuid[], used bigint[], final_status text)
 RETURNS SETOF public.credit_holds
 LANGUAGE plpgsql
AS $function$
declare
    pending_ids uuid [];
    taken bigint [];
begin
    perform from public.credit_balances b
    where b.organization_id = any(array(select h.organization_id from public.credit_holds h where h.id = any(hold_ids)))
    order by b.organization_id
    for update;
    -- a hold named twice is settled once (array_position: its first amount)
    select array_agg(h.id order by h.id),
           array_agg(least(greatest(used[array_position(hold_ids, h.id)], 0), h.amount) order by h.id)
    into pending_ids, taken
    from (select h.* from public.credit_holds h where h.id = any(hold_ids) order by h.id for update) h
    where h.status = 'pending';
    if pending_ids is null then
        return;
    end if;
    perform private.post_credit_entries(array(
        select row(h.organization_id, e.type, e.main_delta, e.rollover_delta, e.bonus_delta, e.held_delta,
                   e.type || ':' || h.id, h.user_id, h.id, h.reference_type, h.reference_id, null, e.metadata,
                   'ledger')::private.credit_entry
        from public.credit_holds h
        cross join lateral (select taken[array_position(pending_ids, h.id)] as used) s
        cross join lateral (select least(h.from_rollover, s.used) as rollover,
                                   least(h.from_main, s.used - least(h.from_rollover, s.used)) as main) u
        cross join lateral (
            values (1, 'capture', 0::bigint, 0::bigint, 0::bigint, -s.used,
                    -- a generation's capture says whose provider key ran it
                    case when h.paid_by is not null then jsonb_build_object('paid_by', h.paid_by) else '{}' end),
                   (2, 'release', h.from_main - u.main, h.from_rollover - u.rollover,
                    h.from_bonus - (s.used - u.rollover - u.main), -(h.amount - s.used), '{}'::jsonb)
        ) e (step, type, main_delta, rollover_delta, bonus_delta, held_delta, metadata)
        where h.id = any(pending_ids) and case e.step when 1 then s.used > 0 else s.used < h.amount end
        order by h.organization_id, h.id, e.step
    ));
    return query
    update public.credit_holds h
    set status = final_status, settled_at = now(),
        captured_amount = case when final_status = 'captured' then taken[array_position(pending_ids, h.id)] end
    where h.id = any(pending_ids)
    returning h.*;
end
$function$
;
