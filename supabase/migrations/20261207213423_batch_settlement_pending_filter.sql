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
    -- (holds read by a filter, not a condition the planner would push down to scan every
    -- generation that holds credits)
    select array_agg(g.hold_id) filter (where g.hold_id is not null),
           array_agg(case when final_status = 'succeeded'
                          then coalesce((jsonb_populate_record(null::public.job_outcome,
                                                               outcomes[array_position(target_ids, g.id)])).actual_credits,
                                        g.estimated_credits)
                          else 0 end) filter (where g.hold_id is not null)
    into hold_ids, charges
    from (select g.id, g.hold_id, g.estimated_credits from public.generations g
          where g.id = any(target_ids) order by g.id for update) g;
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
    -- a hold named twice is settled once (array_position: its first amount); pending is read
    -- by a filter, not a condition the planner would push down to scan every pending hold
    select array_agg(h.id order by h.id) filter (where h.status = 'pending'),
           array_agg(least(greatest(used[array_position(hold_ids, h.id)], 0), h.amount) order by h.id)
               filter (where h.status = 'pending')
    into pending_ids, taken
    from (select h.* from public.credit_holds h where h.id = any(hold_ids) order by h.id for update) h;
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
