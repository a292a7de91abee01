-- The credit ledger: wallet buckets, append-only entries with balance_after, holds, periods.
-- Locking order (deadlock-free): the organization's credit_balances row first, then the hold;
-- settling several holds at once (private.lock_holds), the balance rows in organization-id
-- order, then the holds in id order.

-- ---------------------------------------------------------------------------
-- Internals. Not executable by any API role, and run only inside the entry points below,
-- whose search_path is empty (every name is schema-qualified): they carry no SET clause of
-- their own, which would cost a configuration save and restore on every call while the
-- organization's row is locked.
-- ---------------------------------------------------------------------------

-- Lock and return the organization's balance row. Every balance change starts here.
create or replace function private.lock_credit_balance(org_id uuid)
returns public.credit_balances
language plpgsql
as $$
declare
    locked public.credit_balances;
begin
    select b.* into locked from public.credit_balances b where b.organization_id = org_id for update;
    if locked.organization_id is null then
        raise exception 'organization % has no credit wallet', org_id using errcode = 'PT404';
    end if;
    return locked;
end
$$;

-- Post ledger entries: apply each organization's bucket deltas to its balance row (once per
-- organization, whatever the number of entries) and append the entries, in one statement,
-- since it runs while the callers hold the organizations' row locks. Each entry's
-- balance_after and held_after continue its organization's chain: the locked row's values
-- before the statement plus the running sums of the organization's entries in array order,
-- and the entries are inserted in that order. Their ids (identity, CACHE 1) and created_at
-- (clock_timestamp, not the transaction start) are taken under the locks, so an
-- organization's entries in id order are its balance_after chain: history is read by id.
-- key_source (null: 'ledger') is the namespace of idempotency_key: 'ledger' for the keys the
-- ledger makes itself (hold:, capture:, release:, period:, stripe:), 'caller' for keys
-- callers pass.
create or replace function private.post_credit_entries(entries private.credit_entry [])
returns setof public.credit_transactions
language plpgsql
set plan_cache_mode = force_generic_plan  -- see settle_holds
as $$
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
$$;

comment on function private.post_credit_entries(private.credit_entry []) is 'search_path inherited: runs only inside the credit ledger entry points and private.finish_generations (empty search_path)';

-- One entry: post_credit_entries with an array of one.
create or replace function private.post_credit_entry(
    org_id uuid,
    entry_type text,
    main_delta bigint,
    rollover_delta bigint,
    bonus_delta bigint,
    held_delta bigint,
    idempotency_key text,
    user_id uuid default null,
    hold_id uuid default null,
    reference_type text default null,
    reference_id text default null,
    description text default null,
    metadata jsonb default '{}',
    key_source text default 'ledger'
)
returns public.credit_transactions
language plpgsql
as $$
declare
    entry public.credit_transactions;
begin
    select p.* into entry
    from private.post_credit_entries(array[row(
        org_id, entry_type, main_delta, rollover_delta, bonus_delta, held_delta, idempotency_key, user_id, hold_id,
        reference_type, reference_id, description, metadata, key_source)::private.credit_entry]) p;
    return entry;
end
$$;

-- The earlier entry with this key in this namespace (caller or ledger), if a call already ran
-- (the lock is held by the caller).
create or replace function private.credit_entry_by_key(org_id uuid, key_source text, key text)
returns public.credit_transactions
language sql
stable
as $$
    select t.* from public.credit_transactions t
    where t.organization_id = org_id and t.key_source = credit_entry_by_key.key_source and t.idempotency_key = key
$$;

-- The earlier hold with this key, if a call already placed it (the lock is held by the caller).
create or replace function private.credit_hold_by_key(org_id uuid, key text)
returns public.credit_holds
language sql
stable
as $$
    select h.* from public.credit_holds h where h.organization_id = org_id and h.idempotency_key = key
$$;

create or replace function private.require_idempotency_key(key text)
returns void
language plpgsql
immutable
as $$
begin
    if key is null or length(key) not between 1 and 200 then
        raise exception 'an idempotency key of 1 to 200 characters is required' using errcode = '22023';
    end if;
end
$$;

create or replace function private.require_positive_amount(amount bigint)
returns void
language plpgsql
immutable
as $$
begin
    if amount is null or amount <= 0 then
        raise exception 'amount must be a positive number of credits, got %', amount using errcode = '22023';
    end if;
end
$$;

-- Raised when the available credits do not cover a debit. PostgREST answers HTTP 402.
create or replace function private.raise_insufficient_credits(wallet public.credit_balances, wanted bigint)
returns void
language plpgsql
as $$
begin
    raise exception 'insufficient credits: % requested, % available',
        wanted, wallet.balance + wallet.rollover_balance + wallet.bonus_balance
        using errcode = 'PT402', hint = 'buy credits or upgrade the plan';
end
$$;

-- The start of every ledger entry point: validate the key and amount, lock the wallet, and
-- find the entry an earlier call with the same key in the same namespace wrote (returned
-- unchanged if there is one).
create or replace function private.begin_credit_change(
    org_id uuid, key_source text, key text, amount bigint,
    out wallet public.credit_balances, out earlier public.credit_transactions
)
language plpgsql
as $$
begin
    perform private.require_idempotency_key(key);
    perform private.require_positive_amount(amount);
    wallet := private.lock_credit_balance(org_id);
    earlier := private.credit_entry_by_key(org_id, key_source, key);
end
$$;

-- Split a debit across the buckets in spend order (rollover, allowance, bonus) from the
-- locked wallet; PT402 when the available credits do not cover it.
create or replace function private.split_debit(
    wallet public.credit_balances, amount bigint,
    out from_rollover bigint, out from_main bigint, out from_bonus bigint
)
language plpgsql
as $$
begin
    if wallet.balance + wallet.rollover_balance + wallet.bonus_balance < amount then
        perform private.raise_insufficient_credits(wallet, amount);
    end if;
    from_rollover := least(wallet.rollover_balance, amount);
    from_main := least(wallet.balance, amount - from_rollover);
    from_bonus := amount - from_rollover - from_main;
end
$$;

-- The internals' exception, readable in the catalog: the guard test accepts a function without
-- `set search_path` only when its comment says where the path comes from.
comment on function private.lock_credit_balance(uuid) is 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';
comment on function private.post_credit_entry(uuid, text, bigint, bigint, bigint, bigint, text, uuid, uuid, text, text, text, jsonb, text) is 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';
comment on function private.credit_entry_by_key(uuid, text, text) is 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';
comment on function private.credit_hold_by_key(uuid, text) is 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';
comment on function private.require_idempotency_key(text) is 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';
comment on function private.require_positive_amount(bigint) is 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';
comment on function private.raise_insufficient_credits(public.credit_balances, bigint) is 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';
comment on function private.begin_credit_change(uuid, text, text, bigint) is 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';
comment on function private.split_debit(public.credit_balances, bigint) is 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';
comment on function private.lock_hold(uuid) is 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';
comment on function private.settle_hold(public.credit_holds, bigint, text) is 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

-- ---------------------------------------------------------------------------
-- Entry points (service_role; workers, Stripe ingestion, the scheduler)
-- ---------------------------------------------------------------------------

-- Add credits. grant, subscription and adjustment go to the period allowance (balance);
-- purchase, bonus and refund to bonus_balance, which never expires. key_source: the key's
-- namespace, 'caller' for credits_grant, 'ledger' for the ledger's own grants (Stripe purchases).
create or replace function private.grant_credits(
    org_id uuid,
    amount bigint,
    entry_type text,
    idempotency_key text,
    key_source text,
    user_id uuid default null,
    reference_type text default null,
    reference_id text default null,
    description text default null
)
returns public.credit_transactions
language plpgsql
set search_path = ''
as $$
declare
    change record;
begin
    if entry_type not in ('grant', 'subscription', 'adjustment', 'purchase', 'bonus', 'refund') then
        raise exception 'cannot grant credits as "%"', entry_type using errcode = '22023';
    end if;
    change := private.begin_credit_change(org_id, key_source, idempotency_key, amount);
    if (change.earlier).id is not null then
        return change.earlier;
    end if;
    return private.post_credit_entry(
        org_id, entry_type,
        case when entry_type in ('grant', 'subscription', 'adjustment') then amount else 0 end, 0,
        case when entry_type in ('purchase', 'bonus', 'refund') then amount else 0 end, 0,
        idempotency_key, user_id, null, reference_type, reference_id, description, key_source => key_source);
end
$$;

revoke execute on function private.grant_credits(uuid, bigint, text, text, text, uuid, text, text, text) from public;

create or replace function public.credits_grant(
    org_id uuid,
    amount bigint,
    entry_type text,
    idempotency_key text,
    user_id uuid default null,
    reference_type text default null,
    reference_id text default null,
    description text default null
)
returns public.credit_transactions
language sql
security definer
set search_path = ''
as $$
    select private.grant_credits(org_id, amount, entry_type, idempotency_key, 'caller', user_id, reference_type,
                                 reference_id, description)
$$;

-- Spend credits at once (usage that needs no hold). PT402 when they do not suffice.
create or replace function public.credits_spend(
    org_id uuid,
    amount bigint,
    idempotency_key text,
    user_id uuid default null,
    reference_type text default null,
    reference_id text default null,
    description text default null
)
returns public.credit_transactions
language plpgsql
security definer
set search_path = ''
as $$
declare
    change record := private.begin_credit_change(org_id, 'caller', idempotency_key, amount);
    split record;
begin
    if (change.earlier).id is not null then
        return change.earlier;
    end if;
    split := private.split_debit(change.wallet, amount);
    return private.post_credit_entry(
        org_id, 'usage', -split.from_main, -split.from_rollover, -split.from_bonus, 0,
        idempotency_key, user_id, null, reference_type, reference_id, description, key_source => 'caller');
end
$$;

-- Authorize: reserve credits for a generation. Returns the hold (the first one for a
-- repeated key). PT402 when the available credits do not cover it.
create or replace function public.credits_hold(
    org_id uuid,
    amount bigint,
    idempotency_key text,
    hold_for interval default interval '30 minutes',
    user_id uuid default null,
    reference_type text default null,
    reference_id text default null
)
returns public.credit_holds
language plpgsql
security definer
set search_path = ''
as $$
declare
    wallet public.credit_balances;
    hold public.credit_holds;
    split record;
begin
    perform private.require_idempotency_key(idempotency_key);
    perform private.require_positive_amount(amount);
    if hold_for is null or hold_for <= interval '0' or hold_for > interval '7 days' then
        raise exception 'a hold lasts more than 0 and at most 7 days' using errcode = '22023';
    end if;
    wallet := private.lock_credit_balance(org_id);
    hold := private.credit_hold_by_key(org_id, idempotency_key);
    if hold.id is not null then
        return hold;
    end if;
    split := private.split_debit(wallet, amount);
    insert into public.credit_holds (
        organization_id, user_id, amount, from_rollover, from_main, from_bonus, idempotency_key,
        reference_type, reference_id, expires_at
    )
    values (
        org_id, user_id, amount, split.from_rollover, split.from_main, split.from_bonus,
        credits_hold.idempotency_key, reference_type, reference_id, now() + hold_for
    )
    returning * into hold;
    perform private.post_credit_entry(
        org_id, 'hold', -split.from_main, -split.from_rollover, -split.from_bonus, amount,
        'hold:' || hold.id, user_id, hold.id, reference_type, reference_id);
    return hold;
end
$$;

-- Lock holds for settling, in the one locking order: their organizations' balance rows in
-- organization-id order, then the holds in id order. Returns the holds, each once.
create or replace function private.lock_holds(hold_ids uuid [])
returns setof public.credit_holds
language plpgsql
set plan_cache_mode = force_generic_plan  -- see settle_holds
as $$
begin
    perform from public.credit_balances b
    where b.organization_id = any(array(select h.organization_id from public.credit_holds h where h.id = any(hold_ids)))
    order by b.organization_id
    for update;
    return query select h.* from public.credit_holds h where h.id = any(hold_ids) order by h.id for update;
end
$$;

comment on function private.lock_holds(uuid []) is 'search_path inherited: runs only inside the credit ledger entry points and private.finish_generations (empty search_path)';

-- One hold, for capture and release: lock_holds with an array of one.
create or replace function private.lock_hold(hold_id uuid)
returns public.credit_holds
language plpgsql
as $$
declare
    hold public.credit_holds;
begin
    select h.* into hold from private.lock_holds(array[hold_id]) h;
    if hold.id is null then
        raise exception 'hold % not found', hold_id using errcode = 'PT404';
    end if;
    return hold;
end
$$;

-- Settle locked holds (private.lock_holds), a batch in one pass: of each pending hold in
-- holds, used[i] credits (at most the hold, at least 0) are consumed from the buckets it came
-- from in spend order (rollover, allowance, bonus), the rest goes back to them: a capture
-- entry for what is used (none for 0), a release entry for the rest (none when all is used),
-- the hold turned final_status. A hold no longer pending (settled meanwhile: a cancel race,
-- its expiry) is left alone. The entries are posted organization by organization, each
-- hold's capture before its release. Returns the holds it settled.
-- Its statements and post_credit_entries' and lock_holds' take arrays, for which PL/pgSQL
-- would plan anew at every call (a custom plan for each array looks cheaper than the generic
-- one): half the time of a one-hold settlement. The generic plans find every row through a
-- primary key; the setting's save and restore costs far less.
create or replace function private.settle_holds(holds public.credit_holds [], used bigint [], final_status text)
returns setof public.credit_holds
language plpgsql
set plan_cache_mode = force_generic_plan
as $$
declare
    pending_ids uuid [];
    taken bigint [];
begin
    select array_agg(h.id), array_agg(least(greatest(used[h.ordinality], 0), h.amount))
    into pending_ids, taken
    from unnest(holds) with ordinality h
    where h.status = 'pending';
    if pending_ids is null then
        return;
    end if;
    perform private.post_credit_entries(array(
        select row(h.organization_id, e.type, e.main_delta, e.rollover_delta, e.bonus_delta, e.held_delta,
                   e.type || ':' || h.id, h.user_id, h.id, h.reference_type, h.reference_id, null, e.metadata,
                   'ledger')::private.credit_entry
        from unnest(holds) h
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
$$;

-- One locked hold: settle_holds with an array of one.
create or replace function private.settle_hold(hold public.credit_holds, used bigint, final_status text)
returns public.credit_holds
language plpgsql
as $$
declare
    settled public.credit_holds;
begin
    select s.* into settled from private.settle_holds(array[hold], array[used], final_status) s;
    return settled;
end
$$;

-- a hold is settled once: private.transitions, machine 'credit_holds' (core.sql, "Status
-- machines")
create or replace trigger status_machine before update on public.credit_holds
for each row when (old.status is distinct from new.status and case old.status
    when 'pending' then new.status not in ('captured', 'expired', 'released')
    else true end)
execute function private.enforce_transition('credit_holds');

-- Capture the actual cost of a finished generation: at most the hold; the rest is released.
-- Capturing again with the same amount returns the hold unchanged.
create or replace function public.credits_capture(hold_id uuid, actual_amount bigint)
returns public.credit_holds
language plpgsql
security definer
set search_path = ''
as $$
declare
    hold public.credit_holds := private.lock_hold(hold_id);
begin
    if actual_amount is null or actual_amount < 0 or actual_amount > hold.amount then
        raise exception 'capture amount must lie between 0 and the hold''s %', hold.amount using errcode = '22023';
    end if;
    if hold.status = 'captured' and hold.captured_amount = actual_amount then
        return hold;
    end if;
    if hold.status <> 'pending' then
        raise exception 'hold is %', hold.status using errcode = 'PT409';
    end if;
    return private.settle_hold(hold, actual_amount, 'captured');
end
$$;

-- Release a hold (generation failed or was cancelled). Releasing again changes nothing.
create or replace function public.credits_release(hold_id uuid)
returns public.credit_holds
language plpgsql
security definer
set search_path = ''
as $$
declare
    hold public.credit_holds := private.lock_hold(hold_id);
begin
    if hold.status in ('released', 'expired') then
        return hold;
    end if;
    if hold.status <> 'pending' then
        raise exception 'hold is %', hold.status using errcode = 'PT409';
    end if;
    return private.settle_hold(hold, 0, 'released');
end
$$;

-- Duty expire_credit_holds: release at most p_batch pending holds past their expiry.
-- Returns how many.
create or replace function public.credits_expire_holds(p_batch integer)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
    expired_id uuid;
    hold public.credit_holds;
    count integer := 0;
begin
    for expired_id in
        select h.id from public.credit_holds h where h.status = 'pending' and h.expires_at <= private.now()
        order by h.expires_at limit p_batch
    loop
        hold := private.lock_hold(expired_id);
        if hold.status = 'pending' then  -- settled meanwhile by its worker
            perform private.settle_hold(hold, 0, 'expired');
            count := count + 1;
        end if;
    end loop;
    return count;
end
$$;

-- The monthly allowance `plan` grants organization `org_id`: a plan whose allowance is
-- personal only (free) grants nothing to team organizations, so free credits come once per person.
create or replace function private.plan_allowance(plan public.plans, org_id uuid)
returns bigint
language sql
stable
set search_path = ''
as $$
    select case when plan.allowance_personal_only
                     and not (select o.is_personal from public.organizations o where o.id = org_id)
                then 0 else plan.monthly_credits end
$$;

revoke execute on function private.plan_allowance(public.plans, uuid) from public;

-- Period start: expire last period's rollover, carry part of the unused allowance by the
-- rule of the plan that granted it (rollover_percent, at most rollover_cap), expire the
-- rest, grant the subscription plan's allowance. Idempotent per organization and period.
-- Returns the allowance entry.
create or replace function public.credits_start_period(org_id uuid, period_start timestamptz)
returns public.credit_transactions
language plpgsql
security definer
set search_path = ''
as $$
declare
    period_key text := 'period:' || to_char(period_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS');
    wallet public.credit_balances := private.lock_credit_balance(org_id);
    earlier public.credit_transactions := private.credit_entry_by_key(org_id, 'ledger', period_key);
    ending_plan public.plans;
    plan public.plans;
    carry bigint;
    allowance bigint;
begin
    if earlier.id is not null then
        return earlier;
    end if;
    select p.* into ending_plan from public.plans p where p.id = wallet.period_plan_id;
    select p.* into plan from public.subscriptions s join public.plans p on p.id = s.plan_id
    where s.organization_id = org_id;
    allowance := private.plan_allowance(plan, org_id);
    if wallet.rollover_balance > 0 then
        perform private.post_credit_entry(org_id, 'expiry', 0, -wallet.rollover_balance, 0, 0,
            period_key || ':expire-rollover', description => 'rollover from the previous period expired');
    end if;
    carry := coalesce(least(wallet.balance * ending_plan.rollover_percent / 100, ending_plan.rollover_cap), 0);
    if carry > 0 then
        perform private.post_credit_entry(org_id, 'rollover', -carry, carry, 0, 0, period_key || ':rollover',
            description => format('%s plan: %s%% of the unused allowance, at most %s', ending_plan.name,
                                  ending_plan.rollover_percent, ending_plan.rollover_cap));
    end if;
    if wallet.balance - carry > 0 then
        perform private.post_credit_entry(org_id, 'expiry', -(wallet.balance - carry), 0, 0, 0,
            period_key || ':expire-allowance', description => 'unused allowance expired');
    end if;
    update public.credit_balances b
    set last_reset_at = period_start, period_allowance = allowance, period_plan_id = plan.id,
        next_reset_at = period_start + case (select s.billing_cycle from public.subscriptions s
                                             where s.organization_id = org_id)
                                        when 'yearly' then interval '1 year' else interval '1 month' end
    where b.organization_id = org_id;
    return private.post_credit_entry(org_id, 'subscription', allowance, 0, 0, 0, period_key,
        description => format('%s plan allowance', plan.name));
end
$$;

-- Duty start_credit_periods: the monthly (or yearly) credit period of at most p_batch
-- organizations whose period has ended and that no live Stripe subscription bills (free and
-- personal plans, plans granted by hand, subscriptions Stripe cancelled; Stripe's own
-- renewals start theirs from its events). The period started is the latest boundary reached
-- from next_reset_at, so an organization the scheduler missed for months gets one period, not
-- one per month missed. credits_start_period keys it by its start: run twice, granted once.
-- Returns how many periods it started.
create or replace function private.start_credit_periods(p_batch integer)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
    due record;
    cycle interval;
    periods integer;
    started integer := 0;
begin
    for due in
        select b.organization_id, b.next_reset_at, s.billing_cycle
        from public.credit_balances b
        join public.subscriptions s on s.organization_id = b.organization_id
        join public.organizations o on o.id = b.organization_id
        where b.next_reset_at <= private.now() and o.deleted_at is null
          and (s.stripe_subscription_id is null or s.status = 'canceled')
        order by b.next_reset_at
        limit p_batch
        for update of b skip locked
    loop
        cycle := case due.billing_cycle when 'yearly' then interval '1 year' else interval '1 month' end;
        periods := 1;  -- boundaries are counted from next_reset_at (month ends stay month ends)
        while due.next_reset_at + cycle * periods <= private.now() loop
            periods := periods + 1;
        end loop;
        perform public.credits_start_period(due.organization_id, due.next_reset_at + cycle * (periods - 1));
        started := started + 1;
    end loop;
    return started;
end
$$;
revoke execute on function private.start_credit_periods(integer) from public;
grant execute on function private.start_credit_periods(integer) to service_role;

-- Raise the current period's allowance to `plan`'s when that is larger (an upgrade, or a
-- late event about one): grant the difference. Returns the entry, or null when none is due.
create or replace function private.raise_period_allowance(org_id uuid, plan public.plans)
returns public.credit_transactions
language plpgsql
set search_path = ''
as $$
declare
    wallet public.credit_balances := private.lock_credit_balance(org_id);
    allowance bigint := private.plan_allowance(plan, org_id);
begin
    if allowance <= wallet.period_allowance then
        return null;
    end if;
    update public.credit_balances b set period_allowance = allowance, period_plan_id = plan.id
    where b.organization_id = org_id;
    return private.post_credit_entry(org_id, 'subscription', allowance - wallet.period_allowance, 0, 0, 0,
        format('period:%s:top-up:%s', to_char(wallet.last_reset_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS'), plan.id),
        description => format('upgrade to %s: allowance topped up', plan.name));
end
$$;

-- After an upgrade within the period: top the allowance up to the subscription's plan.
create or replace function public.credits_top_up_allowance(org_id uuid)
returns public.credit_transactions
language sql
security definer
set search_path = ''
as $$
    select private.raise_period_allowance(org_id, p)
    from public.subscriptions s join public.plans p on p.id = s.plan_id
    where s.organization_id = org_id
$$;

-- ---------------------------------------------------------------------------
-- History (members; RLS applies)
-- ---------------------------------------------------------------------------

-- An organization's ledger entries, newest first, in chain order: by id, which is taken
-- under the wallet's row lock, so each entry's balance_after continues the one below it
-- (created_at cannot order it: entries of concurrent transactions may interleave in time).
-- Page with before_id (the last id seen); max_entries is clamped to 1..500.
create or replace function public.credit_history(org_id uuid, before_id bigint default null, max_entries integer default 50)
returns setof public.credit_transactions
language sql
stable
set search_path = ''
as $$
    select t.* from public.credit_transactions t
    where t.organization_id = org_id and (before_id is null or t.id < before_id)
    order by t.id desc
    limit least(greatest(coalesce(max_entries, 50), 1), 500)
$$;

revoke execute on function public.credit_history(uuid, bigint, integer) from public, anon;
grant execute on function public.credit_history(uuid, bigint, integer) to authenticated, service_role;

-- Every organization gets a free subscription and a wallet with the free allowance.
create or replace function private.open_billing_account()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    insert into public.credit_balances (organization_id) values (new.id);
    insert into public.subscriptions (organization_id, plan_id) values (new.id, 'free');
    perform public.credits_start_period(new.id, date_trunc('month', now()));
    return null;
end
$$;

create or replace trigger open_billing_account after insert on public.organizations
for each row execute function private.open_billing_account();

revoke execute on function public.credits_grant(uuid, bigint, text, text, uuid, text, text, text),
public.credits_spend(uuid, bigint, text, uuid, text, text, text),
public.credits_hold(uuid, bigint, text, interval, uuid, text, text),
public.credits_capture(uuid, bigint), public.credits_release(uuid), public.credits_expire_holds(integer),
public.credits_start_period(uuid, timestamptz), public.credits_top_up_allowance(uuid) from public, anon, authenticated;

grant execute on function public.credits_grant(uuid, bigint, text, text, uuid, text, text, text),
public.credits_spend(uuid, bigint, text, uuid, text, text, text),
public.credits_hold(uuid, bigint, text, interval, uuid, text, text),
public.credits_capture(uuid, bigint), public.credits_release(uuid), public.credits_expire_holds(integer),
public.credits_start_period(uuid, timestamptz), public.credits_top_up_allowance(uuid) to service_role;
