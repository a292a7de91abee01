-- Quotas and cost safety: authorize_generation checks and counts every limit.

-- PT503: the platform-wide emergency stop is on.
create or replace function private.check_emergency_stop()
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
    if coalesce((select s.value = 'true'::jsonb from public.system_settings s where s.key = 'billing.emergency_stop'),
                false) then
        raise exception 'generation is paused platform-wide (emergency stop)' using errcode = 'PT503';
    end if;
end
$$;

-- Count one API call for the user against the plan's daily and monthly caps. PT429 when full.
create or replace function private.count_api_call(caller uuid, plan public.plans)
returns void
language plpgsql
set search_path = ''
as $$
declare
    scope record;
begin
    for scope in
        select * from (values ('day', date_trunc('day', now(), 'UTC'), plan.api_calls_per_day),
                              ('month', date_trunc('month', now(), 'UTC'), plan.api_calls_per_month)) v (period, start_at, cap)
    loop
        insert into public.api_call_counters (user_id, period, period_start) values (caller, scope.period, scope.start_at)
        on conflict do nothing;
        update public.api_call_counters c set calls = c.calls + 1
        where c.user_id = caller and c.period = scope.period and c.period_start = scope.start_at
          and (scope.cap is null or c.calls + 1 <= scope.cap);
        if not found then
            raise exception '% API-call limit of % reached', case scope.period when 'day' then 'daily' else 'monthly' end,
                scope.cap using errcode = 'PT429', hint = 'the limit resets at the start of the next period';
        end if;
    end loop;
end
$$;

-- Count usage against the organization's monthly quotas. PT429 naming the exhausted quota.
create or replace function private.count_quota_usage(
    org_id uuid, plan public.plans, tokens bigint, render_seconds bigint, kai_credits bigint, videos bigint
)
returns void
language plpgsql
set search_path = ''
as $$
declare
    month_start timestamptz := date_trunc('month', now(), 'UTC');
    quota public.quota_limits;
begin
    insert into public.quota_limits (
        organization_id, period_start, reset_at, tokens_limit, render_seconds_limit, kai_credits_limit, videos_limit
    )
    values (org_id, month_start, month_start + interval '1 month', plan.tokens_per_month,
            plan.render_seconds_per_month, plan.kai_credits_per_month, plan.videos_per_month)
    on conflict (organization_id, period_start) do nothing;
    update public.quota_limits q
    set tokens_used = q.tokens_used + tokens,
        render_seconds_used = q.render_seconds_used + render_seconds,
        kai_credits_used = q.kai_credits_used + kai_credits,
        videos_used = q.videos_used + videos,
        updated_at = now()
    where q.organization_id = org_id and q.period_start = month_start
      and (q.tokens_limit is null or q.tokens_used + tokens <= q.tokens_limit)
      and (q.render_seconds_limit is null or q.render_seconds_used + render_seconds <= q.render_seconds_limit)
      and (q.kai_credits_limit is null or q.kai_credits_used + kai_credits <= q.kai_credits_limit)
      and (q.videos_limit is null or q.videos_used + videos <= q.videos_limit);
    if found then
        return;
    end if;
    select q.* into quota from public.quota_limits q where q.organization_id = org_id and q.period_start = month_start;
    raise exception 'monthly % quota exhausted', case
        when quota.tokens_used + tokens > quota.tokens_limit then format('token (%s)', quota.tokens_limit)
        when quota.render_seconds_used + render_seconds > quota.render_seconds_limit
            then format('render-seconds (%s)', quota.render_seconds_limit)
        when quota.kai_credits_used + kai_credits > quota.kai_credits_limit
            then format('KAI-credit (%s)', quota.kai_credits_limit)
        else format('video (%s)', quota.videos_limit) end
        using errcode = 'PT429', hint = 'upgrade the plan or wait for the next month';
end
$$;

-- Count credits against today's spend cap: the plan's, or the organization's own lower one
-- (organizations.settings ->> 'daily_spend_cap_credits'). PT429 when it would be exceeded.
create or replace function private.count_daily_spend(org_id uuid, plan public.plans, credits bigint)
returns void
language plpgsql
set search_path = ''
as $$
declare
    own_cap bigint := (select (o.settings ->> 'daily_spend_cap_credits')::bigint from public.organizations o
                       where o.id = org_id);
    cap bigint := least(plan.daily_spend_cap_credits, own_cap);
    today date := (now() at time zone 'UTC')::date;
begin
    insert into public.daily_spend (organization_id, day) values (org_id, today) on conflict do nothing;
    update public.daily_spend d set credits = d.credits + count_daily_spend.credits
    where d.organization_id = org_id and d.day = today and (cap is null or d.credits + count_daily_spend.credits <= cap);
    if not found then
        raise exception 'daily spend cap of % credits reached', cap
            using errcode = 'PT429', hint = 'raise organizations.settings.daily_spend_cap_credits or wait until tomorrow (UTC)';
    end if;
end
$$;

-- Every check and counter of one generation for `user_id` (null: the platform) in `org_id`:
-- the organization alive, emergency stop, the user's API calls, the organization's monthly quotas and, when it costs
-- credits, today's spend cap. Free generations count here too (private.start_generation), so a
-- kind priced at 0 credits is no way around the caps. The caller holds the balance row
-- (private.lock_credit_balance): one locking order with the hold that may follow.
create or replace function private.count_generation_usage(
    org_id uuid, user_id uuid, credits bigint, tokens bigint, render_seconds bigint, kai_credits bigint, videos bigint
)
returns void
language plpgsql
set search_path = ''
as $$
declare
    plan public.plans;
begin
    if least(credits, tokens, render_seconds, kai_credits, videos) < 0 then
        raise exception 'usage amounts cannot be negative' using errcode = '22023';
    end if;
    -- a deleted organization starts nothing and holds nothing, whoever asks
    if not exists (select from public.organizations o where o.id = org_id and o.deleted_at is null) then
        raise exception 'organization % not found', org_id using errcode = 'PT404';
    end if;
    perform private.check_emergency_stop();
    select p.* into plan from public.subscriptions s join public.plans p on p.id = s.plan_id
    where s.organization_id = org_id;
    if user_id is not null then
        perform private.count_api_call(user_id, plan);
    end if;
    perform private.count_quota_usage(org_id, plan, tokens, render_seconds, kai_credits, videos);
    if credits > 0 then
        perform private.count_daily_spend(org_id, plan, credits);
    end if;
end
$$;
revoke execute on function private.count_generation_usage(uuid, uuid, bigint, bigint, bigint, bigint, bigint) from public;

-- Authorize a generation for `user_id` in `org_id`: every check and counter, then a hold of
-- `estimated_credits`. A repeated idempotency key returns the first hold and counts nothing.
create or replace function public.authorize_generation(
    org_id uuid,
    user_id uuid,
    estimated_credits bigint,
    idempotency_key text,
    tokens bigint default 0,
    render_seconds bigint default 0,
    kai_credits bigint default 0,
    videos bigint default 0,
    hold_for interval default interval '30 minutes',
    reference_type text default null,
    reference_id text default null
)
returns public.credit_holds
language plpgsql
security definer
set search_path = ''
as $$
declare
    earlier public.credit_holds;
begin
    perform private.require_idempotency_key(idempotency_key);
    perform private.require_positive_amount(estimated_credits);
    if least(tokens, render_seconds, kai_credits, videos) < 0 then
        raise exception 'usage amounts cannot be negative' using errcode = '22023';
    end if;
    perform private.lock_credit_balance(org_id);
    earlier := private.credit_hold_by_key(org_id, idempotency_key);
    if earlier.id is not null then
        return earlier;
    end if;
    perform private.count_generation_usage(org_id, user_id, estimated_credits, tokens, render_seconds, kai_credits,
                                           videos);
    return public.credits_hold(org_id, estimated_credits, idempotency_key, hold_for, user_id, reference_type,
                               reference_id);
end
$$;

revoke execute on function public.authorize_generation(uuid, uuid, bigint, text, bigint, bigint, bigint, bigint,
interval, text, text) from public, anon, authenticated;

grant execute on function public.authorize_generation(uuid, uuid, bigint, text, bigint, bigint, bigint, bigint,
interval, text, text) to service_role;
