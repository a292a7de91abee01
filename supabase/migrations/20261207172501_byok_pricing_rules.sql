-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "protect_columns" on "public"."generations";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.credits_for_key(org uuid, platform_credits bigint, paid_by text)
 RETURNS bigint
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select case when paid_by = 'own_key' and p.is_byok
                then ceil(platform_credits * p.own_key_fee_percent / 100.0)::bigint
                else platform_credits end
    from (select 1) one
    left join public.subscriptions s on s.organization_id = org
    left join public.plans p on p.id = s.plan_id
$function$
;

CREATE OR REPLACE FUNCTION private.own_key_credential(org uuid, gen_kind text, gen_provider text)
 RETURNS uuid
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select c.id
    from public.provider_credentials c
    cross join lateral (select coalesce(c.config ->> 'api', case
        when c.provider in ('openai', 'openrouter', 'litellm', 'together', 'groq', 'vllm', 'azure_openai') then 'openai'
        when c.provider in ('runway', 'kling', 'replicate', 'luma', 'pika', 'minimax') then 'async_video' end) as api) a
    where c.organization_id = org and c.status = 'active' and (c.expires_at is null or c.expires_at > now())
      and (gen_provider is null or c.provider = gen_provider)
      and coalesce(gen_provider, '') <> 'local' and a.api is distinct from 'local'
      and case when jsonb_typeof(c.config -> 'kinds') = 'array' then c.config -> 'kinds' ? gen_kind
               else gen_kind = any(case a.api when 'openai' then array['text', 'image', 'audio']
                                              when 'async_video' then array['video', 'scene_video']
                                              else '{}'::text [] end) end
    order by (c.config -> 'kinds') ? gen_kind desc, c.name, c.id
    limit 1
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
    hold public.credit_holds;
    charged bigint := 0;
    resource text;
begin
    select g.* into done from public.generations g where g.id = target_id for update;
    if done.hold_id is not null then
        hold := private.lock_hold(done.hold_id);
        if final_status = 'succeeded' and hold.status = 'pending' then
            charged := least(greatest(coalesce((outcome ->> 'actual_credits')::bigint, done.estimated_credits), 0),
                             hold.amount);
            perform private.settle_hold(hold, charged, 'captured');
        elsif hold.status = 'pending' then
            perform private.settle_hold(hold, 0, 'released');
        end if;
    end if;
    outcome := coalesce(outcome, '{}');
    update public.generations g
    set status = final_status,
        progress = case when final_status = 'succeeded' then 100 else g.progress end,
        completed_at = case when final_status = 'succeeded' then now() end,
        failed_at = case when final_status = 'failed' then now() end,
        cancelled_at = case when final_status = 'cancelled' then now() end,
        updated_at = now(),
        actual_credits = case when final_status = 'succeeded' then charged else 0 end,
        actual_cost_usd = case when final_status = 'succeeded'
                               then coalesce((outcome ->> 'actual_cost_usd')::numeric, g.estimated_cost_usd) end,
        output_url = coalesce(outcome ->> 'output_url', g.output_url),
        thumbnail_url = coalesce(outcome ->> 'thumbnail_url', g.thumbnail_url),
        subtitles_url = coalesce(outcome ->> 'subtitles_url', g.subtitles_url),
        output_asset_id = coalesce((outcome ->> 'output_asset_id')::uuid, g.output_asset_id),
        external_job_id = coalesce(outcome ->> 'external_job_id', g.external_job_id),
        provider = coalesce(outcome ->> 'provider', g.provider),
        model = coalesce(outcome ->> 'model', g.model),
        duration_ms = coalesce((outcome ->> 'duration_ms')::bigint, g.duration_ms),
        size_bytes = coalesce((outcome ->> 'size_bytes')::bigint, g.size_bytes),
        cost_tokens = coalesce((outcome ->> 'cost_tokens')::bigint, g.cost_tokens),
        cost_render_seconds = coalesce((outcome ->> 'cost_render_seconds')::bigint, g.cost_render_seconds),
        cost_kai_credits = coalesce((outcome ->> 'cost_kai_credits')::bigint, g.cost_kai_credits),
        result = case when outcome ? 'result' then outcome -> 'result' else g.result end,
        error_message = coalesce(error_text, case when final_status = 'succeeded' then null else g.error_message end),
        error_code = coalesce(error_kind, case when final_status = 'succeeded' then null else g.error_code end),
        estimated_completion_at = null
    where g.id = target_id
    returning * into done;
    resource := (select k.resource_type from public.generation_kinds k where k.kind = done.kind);
    if resource is not null and final_status <> 'cancelled' then
        insert into public.usage_events (
            event_id, occurred_at, organization_id, user_id, project_id, job_id, resource_type, provider, model,
            input_tokens, units, credits, cost_usd, duration_ms, status, error_message, metadata
        )
        values (
            done.id, now(), done.organization_id, done.user_id, done.project_id, done.id, resource, done.provider,
            done.model, done.cost_tokens, case resource when 'render_seconds' then done.cost_render_seconds
                                                        when 'kai_credits' then done.cost_kai_credits
                                                        else done.units end,
            done.actual_credits, coalesce(done.actual_cost_usd, 0),
            extract(epoch from (now() - done.started_at)) * 1000,
            case final_status when 'succeeded' then 'success' else 'error' end, done.error_message,
            jsonb_build_object('generation_kind', done.kind, 'attempts', done.attempts, 'paid_by', done.paid_by)
        )
        on conflict do nothing;
    end if;
    return done;
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
            hold.reference_type, hold.reference_id,
            -- a generation's capture says whose provider key ran it
            metadata => case when hold.paid_by is not null then jsonb_build_object('paid_by', hold.paid_by)
                             else '{}' end);
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

CREATE OR REPLACE FUNCTION private.start_generation(spec public.generations, caller uuid)
 RETURNS public.generations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    gen_kind public.generation_kinds;
    estimate record;
    created public.generations;
    hold public.credit_holds;
    tokens bigint;
    render_seconds bigint;
    kai_credits bigint;
    videos bigint;
begin
    spec := private.checked_generation(spec, caller);
    select k.* into gen_kind from public.generation_kinds k where k.kind = spec.kind;
    if spec.dedup_key is not null then
        select g.* into created from public.generations g
        where g.organization_id = spec.organization_id and g.dedup_key = spec.dedup_key;
        if created.id is not null then
            return created;
        end if;
    end if;
    perform private.check_emergency_stop();
    estimate := private.estimate_generation(spec.kind, spec.provider, spec.model, spec.units);
    spec.id := coalesce(spec.id, gen_random_uuid());
    spec.user_id := caller;
    -- whose key pays, decided once here: the estimate, the hold and the capture follow it
    spec.provider_credential_id := private.own_key_credential(spec.organization_id, spec.kind, spec.provider);
    spec.paid_by := case when spec.provider_credential_id is null then 'platform' else 'own_key' end;
    spec.estimated_credits := private.credits_for_key(spec.organization_id, coalesce(estimate.credits, 0), spec.paid_by);
    -- the platform's own provider cost: none when the organization's key pays the provider
    spec.estimated_cost_usd := case when spec.paid_by = 'own_key' then 0 else coalesce(estimate.cost_usd, 0) end;
    spec.result := '{}';
    spec.progress := 0;
    spec.completed_steps := 0;
    spec.cost_tokens := 0;
    spec.cost_render_seconds := 0;
    spec.cost_kai_credits := 0;
    spec.hold_id := null;
    spec.actual_credits := null;
    insert into public.generations select spec.*
    on conflict (organization_id, dedup_key) where dedup_key is not null do nothing
    returning * into created;
    if created.id is null then  -- a concurrent request with the same key won
        select g.* into created from public.generations g
        where g.organization_id = spec.organization_id and g.dedup_key = spec.dedup_key;
        return created;
    end if;
    tokens := case when created.kind = 'text' then ceil(created.units * 1000)::bigint else 0 end;
    render_seconds := case when created.kind = 'render' then ceil(created.units * 10)::bigint else 0 end;
    kai_credits := case when created.kind = 'kai' then created.estimated_credits else 0 end;
    videos := case when created.kind = 'video' and created.parent_id is null then 1 else 0 end;
    if created.estimated_credits > 0 then
        hold := public.authorize_generation(
            created.organization_id, caller, created.estimated_credits, 'generation:' || created.id,
            tokens => tokens, render_seconds => render_seconds, kai_credits => kai_credits, videos => videos,
            hold_for => gen_kind.hold_for, reference_type => 'generation', reference_id => created.id::text);
        update public.credit_holds h set paid_by = created.paid_by where h.id = hold.id and h.paid_by is null;
        update public.generations g set hold_id = hold.id where g.id = created.id returning * into created;
    elsif caller is not null or greatest(tokens, render_seconds, kai_credits, videos) > 0 then
        perform private.lock_credit_balance(created.organization_id);
        perform private.count_generation_usage(created.organization_id, caller, 0, tokens, render_seconds,
                                               kai_credits, videos);
    end if;
    return created;
end
$function$
;

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.generations FOR EACH ROW WHEN ((CURRENT_USER = ANY (ARRAY['anon'::name, 'authenticated'::name]))) EXECUTE FUNCTION private.protect_columns('id', 'organization_id', 'project_id', 'user_id', 'kind', 'parent_id', 'hold_id', 'estimated_credits', 'actual_credits', 'status', 'created_at', 'paid_by', 'provider_credential_id');
