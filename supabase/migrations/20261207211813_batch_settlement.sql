-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.finish_generations(target_ids uuid[], final_status text, outcomes jsonb[], error_text text, error_kind text)
 RETURNS SETOF public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    hold_ids uuid [];
    charges bigint [];
    settled_ids uuid [];
    captured bigint [];
begin
    select array_agg(g.hold_id),
           array_agg(case when final_status = 'succeeded'
                          then coalesce((jsonb_populate_record(null::public.job_outcome,
                                                               outcomes[array_position(target_ids, g.id)])).actual_credits,
                                        g.estimated_credits)
                          else 0 end)
    into hold_ids, charges
    from (select g.id, g.hold_id, g.estimated_credits from public.generations g
          where g.id = any(target_ids) order by g.id for update) g
    where g.hold_id is not null;
    if hold_ids is not null then
        select array_agg(h.id), array_agg(h.captured_amount) into settled_ids, captured
        from private.settle_holds(hold_ids, charges,
                                  case when final_status = 'succeeded' then 'captured' else 'released' end) h;
    end if;
    return query
    with produced as materialized (  -- each outcome read once
        select u.id, jsonb_populate_record(null::public.job_outcome, u.outcome) as outcome
        from unnest(target_ids, outcomes) u (id, outcome)
    ),
    done as (
        update public.generations g
        set status = final_status,
            progress = case when final_status = 'succeeded' then 100 else g.progress end,
            completed_at = case when final_status = 'succeeded' then now() end,
            failed_at = case when final_status = 'failed' then now() end,
            cancelled_at = case when final_status = 'cancelled' then now() end,
            updated_at = now(),
            actual_credits = case when final_status = 'succeeded'
                                  then coalesce(captured[array_position(settled_ids, g.hold_id)], 0) else 0 end,
            actual_cost_usd = case when final_status = 'succeeded'
                                   then coalesce((p.outcome).actual_cost_usd, g.estimated_cost_usd) end,
            output_url = coalesce((p.outcome).output_url, g.output_url),
            thumbnail_url = coalesce((p.outcome).thumbnail_url, g.thumbnail_url),
            subtitles_url = coalesce((p.outcome).subtitles_url, g.subtitles_url),
            output_asset_id = coalesce((p.outcome).output_asset_id, g.output_asset_id),
            external_job_id = coalesce((p.outcome).external_job_id, g.external_job_id),
            provider = coalesce((p.outcome).provider, g.provider),
            model = coalesce((p.outcome).model, g.model),
            duration_ms = coalesce((p.outcome).duration_ms, g.duration_ms),
            size_bytes = coalesce((p.outcome).size_bytes, g.size_bytes),
            cost_tokens = coalesce((p.outcome).cost_tokens, g.cost_tokens),
            cost_render_seconds = coalesce((p.outcome).cost_render_seconds, g.cost_render_seconds),
            cost_kai_credits = coalesce((p.outcome).cost_kai_credits, g.cost_kai_credits),
            result = coalesce((p.outcome).result, g.result),
            error_message = coalesce(error_text, case when final_status = 'succeeded' then null else g.error_message end),
            error_code = coalesce(error_kind, case when final_status = 'succeeded' then null else g.error_code end),
            estimated_completion_at = null
        from produced p
        where g.id = any(target_ids) and g.id = p.id
        returning g.*
    ),
    recorded as (
        insert into public.usage_events (
            event_id, occurred_at, organization_id, user_id, project_id, job_id, resource_type, provider, model,
            input_tokens, units, credits, cost_usd, duration_ms, status, error_message, metadata
        )
        select d.id, now(), d.organization_id, d.user_id, d.project_id, d.id, k.resource_type, d.provider, d.model,
               d.cost_tokens, case k.resource_type when 'render_seconds' then d.cost_render_seconds
                                                   when 'kai_credits' then d.cost_kai_credits
                                                   else d.units end,
               d.actual_credits, coalesce(d.actual_cost_usd, 0), extract(epoch from (now() - d.started_at)) * 1000,
               case final_status when 'succeeded' then 'success' else 'error' end, d.error_message,
               jsonb_build_object('generation_kind', d.kind, 'attempts', d.attempts, 'paid_by', d.paid_by)
        from done d join public.generation_kinds k on k.kind = d.kind
        where k.resource_type is not null and final_status <> 'cancelled'
        on conflict do nothing
    )
    select d.* from done d;
end
$function$
;

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
    moved as (
        update public.credit_balances b
        set balance = b.balance + d.main_delta,
            rollover_balance = b.rollover_balance + d.rollover_delta,
            bonus_balance = b.bonus_balance + d.bonus_delta,
            held_balance = b.held_balance + d.held_delta,
            updated_at = now()
        from (select e.organization_id, sum(e.main_delta) as main_delta, sum(e.rollover_delta) as rollover_delta,
                     sum(e.bonus_delta) as bonus_delta, sum(e.held_delta) as held_delta, sum(e.amount) as amount
              from entry e group by e.organization_id) d
        where b.organization_id = d.organization_id
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
        from unnest(pending_ids, taken) s (id, used)
        join public.credit_holds h on h.id = s.id
        cross join lateral (select least(h.from_rollover, s.used) as rollover,
                                   least(h.from_main, s.used - least(h.from_rollover, s.used)) as main) u
        cross join lateral (
            values (1, 'capture', 0::bigint, 0::bigint, 0::bigint, -s.used,
                    -- a generation's capture says whose provider key ran it
                    case when h.paid_by is not null then jsonb_build_object('paid_by', h.paid_by) else '{}' end),
                   (2, 'release', h.from_main - u.main, h.from_rollover - u.rollover,
                    h.from_bonus - (s.used - u.rollover - u.main), -(h.amount - s.used), '{}'::jsonb)
        ) e (step, type, main_delta, rollover_delta, bonus_delta, held_delta, metadata)
        where case e.step when 1 then s.used > 0 else s.used < h.amount end
        order by h.organization_id, h.id, e.step
    ));
    return query
    update public.credit_holds h
    set status = final_status, settled_at = now(),
        captured_amount = case when final_status = 'captured' then s.used end
    from unnest(pending_ids, taken) s (id, used)
    where h.id = s.id
    returning h.*;
end
$function$
;

CREATE OR REPLACE FUNCTION private.complete_jobs(queue_ids bigint[], lease_tokens bigint[], outcomes jsonb[])
 RETURNS bigint[]
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    metered text [] := array(select k.kind from public.generation_kinds k where k.resource_type is not null);
    done_ids bigint [];
    done_generations uuid [];
    done_outcomes jsonb [];
    produced public.job_outcome [];
    any_unmetered boolean;
    finished integer := 0;
begin
    with removed as (
        delete from private.job_queue q
        where q.id = any(queue_ids) and q.state = 'running' and q.lease_expires_at > now()
          and q.lease_token = lease_tokens[array_position(queue_ids, q.id)]
        returning q.id, q.generation_id, q.kind, outcomes[array_position(queue_ids, q.id)] as outcome
    )
    select array_agg(r.id), array_agg(r.generation_id), array_agg(r.outcome),
           array_agg(jsonb_populate_record(null::public.job_outcome, r.outcome)), bool_or(r.kind <> all(metered))
    into done_ids, done_generations, done_outcomes, produced, any_unmetered
    from removed r;
    if done_ids is null then
        return '{}';
    end if;
    -- free, unmetered jobs (no hold, no usage record): one statement, the ledger untouched
    if any_unmetered then
        update public.generations g
        set status = 'succeeded', actual_credits = 0, actual_cost_usd = 0, error_message = null, error_code = null,
            progress = 100, completed_at = now(), updated_at = now(),
            result = coalesce((produced[array_position(done_generations, g.id)]).result, g.result),
            output_url = coalesce((produced[array_position(done_generations, g.id)]).output_url, g.output_url)
        where g.id = any(done_generations) and g.status = 'running' and g.hold_id is null and g.kind <> all(metered);
        get diagnostics finished = row_count;
    end if;
    if finished < cardinality(done_ids) then
        -- jobs that hold credits or are metered: settled together
        perform private.finish_generations(paid.ids, 'succeeded', paid.outcomes, null, null)
        from (select array_agg(g.id) as ids, array_agg(done_outcomes[array_position(done_generations, g.id)]) as outcomes
              from public.generations g
              where g.id = any(done_generations) and (g.hold_id is not null or g.kind = any(metered))) paid;
    end if;
    return done_ids;
end
$function$
;

CREATE OR REPLACE FUNCTION private.finish_generation(target_id uuid, final_status text, outcome jsonb, error_text text, error_kind text)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    done public.generations;
begin
    select f.* into done
    from private.finish_generations(array[target_id], final_status, array[outcome], error_text, error_kind) f;
    return done;
end
$function$
;

CREATE OR REPLACE FUNCTION private.post_credit_entry(org_id uuid, entry_type text, main_delta bigint, rollover_delta bigint, bonus_delta bigint, held_delta bigint, idempotency_key text, user_id uuid DEFAULT NULL::uuid, hold_id uuid DEFAULT NULL::uuid, reference_type text DEFAULT NULL::text, reference_id text DEFAULT NULL::text, description text DEFAULT NULL::text, metadata jsonb DEFAULT '{}'::jsonb, key_source text DEFAULT 'ledger'::text)
 RETURNS public.credit_transactions
 LANGUAGE plpgsql
AS $function$
declare
    entry public.credit_transactions;
begin
    select p.* into entry
    from private.post_credit_entries(array[row(
        org_id, entry_type, main_delta, rollover_delta, bonus_delta, held_delta, idempotency_key, user_id, hold_id,
        reference_type, reference_id, description, metadata, key_source)::private.credit_entry]) p;
    return entry;
end
$function$
;

CREATE OR REPLACE FUNCTION private.settle_hold(hold public.credit_holds, used bigint, final_status text)
 RETURNS public.credit_holds
 LANGUAGE plpgsql
AS $function$
declare
    settled public.credit_holds;
begin
    select s.* into settled from private.settle_holds(array[hold.id], array[used], final_status) s;
    return settled;
end
$function$
;

COMMENT ON FUNCTION "private"."post_credit_entries" IS 'search_path inherited: runs only inside the credit ledger entry points and private.finish_generations (empty search_path)';

COMMENT ON FUNCTION "private"."settle_holds" IS 'search_path inherited: runs only inside the credit ledger entry points and private.finish_generations (empty search_path)';
