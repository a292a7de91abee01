-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.begin_credit_change(org_id uuid, key_source text, key text, amount bigint, OUT wallet public.credit_balances, OUT earlier public.credit_transactions)
 RETURNS record
 LANGUAGE plpgsql
AS $function$
begin
    perform private.require_idempotency_key(key);
    perform private.require_positive_amount(amount);
    wallet := private.lock_credit_balance(org_id);
    earlier := private.credit_entry_by_key(org_id, key_source, key);
end
$function$
;

CREATE OR REPLACE FUNCTION private.client_address(candidate text)
 RETURNS inet
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
begin
    candidate := trim(candidate);
    if candidate is null or length(candidate) not between 2 and 45 or candidate !~ '^[0-9A-Fa-f:.]+$' then
        return null;
    end if;
    begin
        return candidate::inet;
    exception when invalid_text_representation then
        return null;  -- looked like an address but is not one, e.g. 999.1.2.3
    end;
end
$function$
;

CREATE OR REPLACE FUNCTION private.create_invitation(caller public.organization_members, invitee_role public.member_role, invitee_kind text, invitee_email text)
 RETURNS TABLE(invitation_id uuid, token text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    new_token text := private.random_token();
    created_id uuid;
begin
    if (select o.is_personal from public.organizations o where o.id = caller.organization_id) then
        raise exception 'personal organizations have no other members' using errcode = '55000';
    end if;
    if invitee_role = 'owner' then
        raise exception 'invite as admin, then transfer ownership' using errcode = '22023';
    end if;
    if invitee_role > caller.role then
        raise exception 'you cannot invite with a role above your own' using errcode = '42501';
    end if;
    perform pg_advisory_xact_lock(hashtextextended('invitations:' || caller.organization_id, 0));
    if (select count(*) from public.invitations i
        where i.organization_id = caller.organization_id and i.created_at > now() - interval '24 hours') >= 50 then
        raise exception 'invitation limit reached: at most 50 new invitations per organization per 24 hours'
            using errcode = 'PT429', hint = 'try again later';
    end if;
    insert into public.invitations (organization_id, kind, email, role, invited_by)
    values (caller.organization_id, invitee_kind, lower(invitee_email), invitee_role, caller.user_id)
    returning id into created_id;
    insert into private.invitation_tokens (invitation_id, token_hash) values (created_id, private.token_hash(new_token));
    return query select created_id, new_token;
end
$function$
;

CREATE OR REPLACE FUNCTION private.credit_entry_by_key(org_id uuid, key_source text, key text)
 RETURNS public.credit_transactions
 LANGUAGE sql
 STABLE
AS $function$
    select t.* from public.credit_transactions t
    where t.organization_id = org_id and t.key_source = credit_entry_by_key.key_source and t.idempotency_key = key
$function$
;

CREATE OR REPLACE FUNCTION private.grant_credits(org_id uuid, amount bigint, entry_type text, idempotency_key text, key_source text, user_id uuid DEFAULT NULL::uuid, reference_type text DEFAULT NULL::text, reference_id text DEFAULT NULL::text, description text DEFAULT NULL::text)
 RETURNS public.credit_transactions
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION private.plan_allowance(plan public.plans, org_id uuid)
 RETURNS bigint
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select case when plan.allowance_personal_only
                     and not (select o.is_personal from public.organizations o where o.id = org_id)
                then 0 else plan.monthly_credits end
$function$
;

CREATE OR REPLACE FUNCTION private.post_credit_entry(org_id uuid, entry_type text, main_delta bigint, rollover_delta bigint, bonus_delta bigint, held_delta bigint, idempotency_key text, user_id uuid DEFAULT NULL::uuid, hold_id uuid DEFAULT NULL::uuid, reference_type text DEFAULT NULL::text, reference_id text DEFAULT NULL::text, description text DEFAULT NULL::text, metadata jsonb DEFAULT '{}'::jsonb, key_source text DEFAULT 'ledger'::text)
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
        balance_after, held_after, hold_id, description, reference_type, reference_id, idempotency_key, key_source,
        metadata, created_at
    )
    select org_id, user_id, entry_type, main_delta + rollover_delta + bonus_delta, main_delta, rollover_delta,
           bonus_delta, held_delta, after.available, after.held_balance, hold_id, description, reference_type,
           reference_id, idempotency_key, key_source, coalesce(metadata, '{}'), clock_timestamp()
    from after
    returning * into entry;
    return entry;
end
$function$
;

CREATE OR REPLACE FUNCTION private.request_metadata(OUT ip_address inet, OUT user_agent text)
 RETURNS record
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
    raw text := nullif(current_setting('request.headers', true), '');
    headers jsonb;
    hops text[];
begin
    if raw is null then
        return;
    end if;
    begin
        headers := raw::jsonb;
    exception when invalid_text_representation then
        return;
    end;
    if jsonb_typeof(headers) <> 'object' then
        return;
    end if;
    hops := string_to_array(headers ->> 'x-forwarded-for', ',');
    ip_address := coalesce(
        private.client_address(headers ->> 'cf-connecting-ip'),
        private.client_address(headers ->> 'x-real-ip'),
        private.client_address(hops[cardinality(hops)]));
    user_agent := left(headers ->> 'user-agent', 512);
end
$function$
;

CREATE OR REPLACE FUNCTION public.create_invitation_link(org_id uuid, invitee_role public.member_role DEFAULT 'viewer'::public.member_role)
 RETURNS TABLE(invitation_id uuid, token text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members := private.require_org_role(org_id, 'admin', 'create invitation links');
begin
    return query select * from private.create_invitation(caller, invitee_role, 'link', null);
end
$function$
;

CREATE OR REPLACE FUNCTION public.credit_history(org_id uuid, before_id bigint DEFAULT NULL::bigint, max_entries integer DEFAULT 50)
 RETURNS SETOF public.credit_transactions
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select t.* from public.credit_transactions t
    where t.organization_id = org_id and (before_id is null or t.id < before_id)
    order by t.id desc
    limit least(greatest(coalesce(max_entries, 50), 1), 500)
$function$
;

CREATE OR REPLACE FUNCTION private.raise_period_allowance(org_id uuid, plan public.plans)
 RETURNS public.credit_transactions
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION private.record_audit()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    old_row jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) end;
    new_row jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) end;
    row_data jsonb := coalesce(new_row, old_row);
    diff jsonb;
    request record := private.request_metadata();
begin
    if tg_nargs > 0 then
        old_row := old_row - tg_argv;
        new_row := new_row - tg_argv;
    end if;
    if tg_op = 'UPDATE' then
        select jsonb_object_agg(n.key, jsonb_build_object('old', old_row -> n.key, 'new', n.value))
        into diff
        from jsonb_each(new_row) n
        where n.key <> 'updated_at' and old_row -> n.key is distinct from n.value;
        if diff is null then
            return null;  -- nothing but updated_at changed
        end if;
    end if;
    insert into public.audit_logs (
        organization_id, user_id, action, entity_type, entity_id, old_values, new_values, changes,
        ip_address, user_agent
    )
    values (
        case when tg_table_name = 'organizations' then (row_data ->> 'id')::uuid
             else (row_data ->> 'organization_id')::uuid end,
        auth.uid(),
        lower(tg_op),
        tg_table_name,
        coalesce(row_data ->> 'id', row_data ->> 'key'),
        old_row,
        new_row,
        diff,
        request.ip_address,
        request.user_agent
    );
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.stripe_apply_checkout(session jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    org_id uuid := private.stripe_organization(session);
    credits bigint := (session -> 'metadata' ->> 'credits')::bigint;
    deferred record;
begin
    if org_id is null then
        return 'ignored: no organization for this customer';
    end if;
    if session ->> 'customer' is not null then
        update public.organizations o set stripe_customer_id = session ->> 'customer'
        where o.id = org_id and o.stripe_customer_id is null;
    end if;
    if session ->> 'mode' <> 'payment' or credits is null or session ->> 'payment_status' <> 'paid' then
        return 'ignored: not a paid credit pack';
    end if;
    perform private.grant_credits(org_id, credits, 'purchase', 'stripe:checkout:' || (session ->> 'id'), 'ledger',
        reference_type => 'stripe_payment_intent', reference_id => session ->> 'payment_intent',
        description => format('credit pack: %s credits', credits));
    -- refunds that arrived before this purchase
    for deferred in
        select e.id, e.payload from private.stripe_events e
        where e.outcome = 'deferred' and e.payload -> 'data' -> 'object' ->> 'payment_intent' = session ->> 'payment_intent'
        order by e.stripe_created_at
    loop
        update private.stripe_events e set outcome = private.stripe_apply_refund(deferred.payload -> 'data' -> 'object')
        where e.id = deferred.id;
    end loop;
    return 'applied';
end
$function$
;

CREATE OR REPLACE FUNCTION public.accept_invitation(invitation_token text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    invitation public.invitations;
begin
    perform private.require_user();
    if length(invitation_token) > 200 then
        raise exception 'invitation not found' using errcode = 'P0002';
    end if;
    select i.* into invitation
    from private.invitation_tokens t join public.invitations i on i.id = t.invitation_id
    where t.token_hash = private.token_hash(invitation_token)
      and (i.kind = 'link' or lower(i.email) = lower(auth.email()))
    for update of i;
    if invitation.id is null then
        raise exception 'invitation not found' using errcode = 'P0002';
    end if;
    return private.accept_invitation_row(invitation);
end
$function$
;

CREATE OR REPLACE FUNCTION public.create_organization(org_name text, org_slug text)
 RETURNS public.organizations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
    created public.organizations;
begin
    if coalesce(length(trim(org_name)), 0) = 0 or length(org_name) > 120 then
        raise exception 'organization name must be 1 to 120 characters' using errcode = '22023';
    end if;
    if org_slug is null or org_slug !~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$' then
        raise exception 'slug "%" is not URL-safe: use a-z, 0-9 and inner hyphens, at most 63 characters', org_slug
            using errcode = '22023';
    end if;
    if exists (select 1 from public.organizations o where o.slug = org_slug) then
        raise exception 'slug "%" is already taken', org_slug using errcode = '23505';
    end if;
    -- at most 10 new team organizations per user in any 24 hours (deleted ones count too);
    -- the lock serializes one user's concurrent calls so the count holds
    perform pg_advisory_xact_lock(hashtextextended('create_organization:' || caller, 0));
    if (select count(*) from public.organizations o
        where o.created_by = caller and not o.is_personal and o.created_at > now() - interval '24 hours') >= 10 then
        raise exception 'organization limit reached: at most 10 new organizations per 24 hours'
            using errcode = 'PT429', hint = 'try again later';
    end if;
    insert into public.organizations (name, slug, primary_owner_user_id, created_by)
    values (trim(org_name), org_slug, caller, caller)
    returning * into created;
    insert into public.organization_members (organization_id, user_id, role, joined_at)
    values (created.id, caller, 'owner', now());
    return created;
end
$function$
;

CREATE OR REPLACE FUNCTION public.credits_grant(org_id uuid, amount bigint, entry_type text, idempotency_key text, user_id uuid DEFAULT NULL::uuid, reference_type text DEFAULT NULL::text, reference_id text DEFAULT NULL::text, description text DEFAULT NULL::text)
 RETURNS public.credit_transactions
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select private.grant_credits(org_id, amount, entry_type, idempotency_key, 'caller', user_id, reference_type,
                                 reference_id, description)
$function$
;

CREATE OR REPLACE FUNCTION public.credits_spend(org_id uuid, amount bigint, idempotency_key text, user_id uuid DEFAULT NULL::uuid, reference_type text DEFAULT NULL::text, reference_id text DEFAULT NULL::text, description text DEFAULT NULL::text)
 RETURNS public.credit_transactions
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.credits_start_period(org_id uuid, period_start timestamp with time zone)
 RETURNS public.credit_transactions
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.invite_member(org_id uuid, invitee_email text, invitee_role public.member_role DEFAULT 'viewer'::public.member_role)
 RETURNS TABLE(invitation_id uuid, token text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members := private.require_org_role(org_id, 'admin', 'invite members', 'members.invite');
begin
    if invitee_email is null or length(invitee_email) > 320 or invitee_email !~ '^[^@\s]+@[^@\s]+$' then
        raise exception 'invalid email address "%"', left(invitee_email, 320) using errcode = '22023';
    end if;
    if exists (
        select 1 from public.organization_members m join auth.users u on u.id = m.user_id
        where m.organization_id = org_id and lower(u.email) = lower(invitee_email)) then
        raise exception '% is already a member', invitee_email using errcode = '23505';
    end if;
    if exists (
        select 1 from public.invitations i
        where i.organization_id = org_id and lower(i.email) = lower(invitee_email) and i.status = 'pending') then
        raise exception 'an invitation to % is already pending', invitee_email
            using errcode = '23505', hint = 'revoke it to send a new one';
    end if;
    return query select * from private.create_invitation(caller, invitee_role, 'email', invitee_email);
end
$function$
;

COMMENT ON FUNCTION "private"."begin_credit_change" IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

COMMENT ON FUNCTION "private"."credit_entry_by_key" IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

COMMENT ON FUNCTION "private"."post_credit_entry" IS 'search_path inherited: runs only inside the credit ledger entry points (empty search_path)';

revoke execute on function private.client_address(text) from public;
revoke execute on function private.create_invitation(public.organization_members,public.member_role,text,text) from public;
revoke execute on function private.grant_credits(uuid,bigint,text,text,text,uuid,text,text,text) from public;
revoke execute on function private.plan_allowance(public.plans,uuid) from public;
revoke execute on function private.request_metadata() from public;
revoke execute on function public.create_invitation_link(uuid,public.member_role) from anon;
revoke execute on function public.create_invitation_link(uuid,public.member_role) from public;
revoke execute on function public.credit_history(uuid,bigint,integer) from anon;
revoke execute on function public.credit_history(uuid,bigint,integer) from public;
