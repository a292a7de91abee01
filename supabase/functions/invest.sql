-- Invest: access helpers, scope and status rules, slot and total accounting by trigger,
-- the investment RPCs, settlement with refunds, revenue distribution and payouts.

-- ---------------------------------------------------------------------------
-- Access
-- ---------------------------------------------------------------------------

-- Campaigns the caller has a confirmed investment in (backers-only updates, distributions).
create or replace function private.my_backed_campaign_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select distinct i.campaign_id from public.investments i
    where i.user_id = (select private.acting_user_id()) and i.status = 'confirmed'
$$;
revoke execute on function private.my_backed_campaign_ids() from public;
grant execute on function private.my_backed_campaign_ids() to anon, authenticated, service_role;

-- Campaigns the caller has ever invested in (they keep seeing a cancelled or failed one).
create or replace function private.my_invested_campaign_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select distinct i.campaign_id from public.investments i where i.user_id = (select private.acting_user_id())
$$;
revoke execute on function private.my_invested_campaign_ids() from public;
grant execute on function private.my_invested_campaign_ids() to anon, authenticated, service_role;

-- A campaign the caller may see, locked as asked; null when it does not exist or is hidden
-- (one answer for both: no existence oracle).
create or replace function private.visible_campaign(campaign_id uuid)
returns public.campaigns
language sql
stable
security definer
set search_path = ''
as $$
    select c.* from public.campaigns c
    where c.id = visible_campaign.campaign_id
      and (c.project_deleted_at is null or not private.is_client_request(directly => false))
      and (c.status in ('active', 'funded', 'failed', 'completed')
           or not private.is_client_request(directly => false)
           or c.organization_id = any(array(select private.my_org_ids()))
           or c.id = any(array(select private.my_invested_campaign_ids())))
$$;
revoke execute on function private.visible_campaign(uuid) from public;
grant execute on function private.visible_campaign(uuid) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Campaigns: scope from the project, the status machine, frozen terms once submitted
-- ---------------------------------------------------------------------------

-- Who may create a campaign and how it starts: private.start_in_project (core.sql).
create or replace function private.campaigns_before_write()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    -- what backers were promised does not change once the campaign leaves the draft
    if old.status <> 'draft'
       and (new.goal_amount_cents, new.currency, new.funding_type, new.platform_fee_bps, new.investor_share_bps,
            new.end_date, new.equity_offered)
       is distinct from (old.goal_amount_cents, old.currency, old.funding_type, old.platform_fee_bps,
                         old.investor_share_bps, old.end_date, old.equity_offered) then
        raise exception 'goal, currency, funding type, revenue split and end date are fixed once a campaign is submitted'
            using errcode = 'PT409';
    end if;
    return new;
end
$$;
revoke execute on function private.campaigns_before_write() from public;

-- Triggers fire in name order: the scope and the creator first, then the write rules.
create or replace trigger inherit_scope before insert on public.campaigns
for each row execute function private.inherit_scope('projects:project_id:project');
create or replace trigger client_defaults before insert on public.campaigns
for each row execute function private.client_defaults(
    'created_by', 'raised_amount_cents=0', 'backer_count=0', 'update_count=0', 'is_verified=false', 'verified_at=null'
);
create or replace trigger start_in_project before insert on public.campaigns
for each row execute function private.start_in_project('a campaign starts as a draft', 'draft');
create or replace trigger write_rules before update on public.campaigns
for each row execute function private.campaigns_before_write();
-- its moves: private.transitions, machine 'campaigns' (core.sql, "Status machines")
create or replace trigger status_machine before update on public.campaigns
for each row when (old.status is distinct from new.status and case old.status
    when 'active' then new.status not in ('cancelled', 'failed', 'funded')
    when 'draft' then new.status not in ('cancelled', 'pending_review')
    when 'failed' then new.status not in ('completed')
    when 'funded' then new.status not in ('completed')
    when 'pending_review' then new.status not in ('active', 'cancelled', 'draft')
    else true end)
execute function private.enforce_transition('campaigns');
create or replace trigger protect_columns before update on public.campaigns
for each row execute function private.protect_columns(
    'id', 'project_id', 'organization_id', 'created_by', 'status', 'raised_amount_cents', 'backer_count',
    'update_count', 'is_verified', 'verified_at', 'submitted_at', 'launched_at', 'goal_reached_at',
    'funded_at', 'failed_at', 'completed_at', 'cancelled_at', 'project_deleted_at'
);
create or replace trigger set_updated_at before update on public.campaigns
for each row execute function private.set_updated_at();

-- Children of a campaign (updates, tiers) take its scope (private.inherit_scope); an update's
-- author is its writer (private.client_defaults); tiers are frozen once it launches.
create or replace trigger inherit_scope before insert on public.campaign_updates
for each row execute function private.inherit_scope('campaigns:campaign_id:campaign');
create or replace trigger client_defaults before insert on public.campaign_updates
for each row execute function private.client_defaults('author_id');
create or replace trigger protect_columns before update on public.campaign_updates
for each row execute function private.protect_columns(
    'id', 'campaign_id', 'organization_id', 'project_id', 'author_id'
);
create or replace trigger set_updated_at before update on public.campaign_updates
for each row execute function private.set_updated_at();

create or replace function private.tier_before_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    campaign_status text;
    changed record := case tg_op when 'DELETE' then old else new end;
begin
    select c.status into campaign_status from public.campaigns c where c.id = changed.campaign_id;
    if campaign_status in ('draft', 'pending_review') and (tg_op = 'UPDATE' or old.sold_quantity = 0) then
        return changed;
    end if;
    if tg_op = 'DELETE' then
        if campaign_status is null then
            return old; -- the campaign itself is going
        end if;
        raise exception 'a tier with investments, or of a launched campaign, cannot be deleted' using errcode = 'PT409';
    end if;
    if (new.min_amount_cents, new.max_amount_cents, new.revenue_share_percent, new.equity_percent, new.reward_items)
       is distinct from (old.min_amount_cents, old.max_amount_cents, old.revenue_share_percent, old.equity_percent,
                         old.reward_items)
       or new.limit_quantity < old.limit_quantity
       or (old.limit_quantity is null and new.limit_quantity is not null) then
        raise exception 'a launched tier''s amounts, revenue share, rewards and limit (except raising it) are fixed'
            using errcode = 'PT409';
    end if;
    return new;
end
$$;
revoke execute on function private.tier_before_change() from public;

-- A tier is added while its campaign is a draft or in review; a client's starts unsold.
create or replace function private.tier_before_insert()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if (select c.status from public.campaigns c where c.id = new.campaign_id) not in ('draft', 'pending_review') then
        raise exception 'tiers cannot be added once the campaign has launched' using errcode = 'PT409';
    end if;
    return new;
end
$$;
revoke execute on function private.tier_before_insert() from public;

-- Triggers fire in name order: the campaign's scope first (a missing one is not found).
create or replace trigger inherit_scope before insert on public.investment_tiers
for each row execute function private.inherit_scope('campaigns:campaign_id:campaign');
create or replace trigger tier_before_insert before insert on public.investment_tiers
for each row execute function private.tier_before_insert();
create or replace trigger client_defaults before insert on public.investment_tiers
for each row execute function private.client_defaults('sold_quantity=0');
create or replace trigger protect_columns before update on public.investment_tiers
for each row execute function private.protect_columns(
    'id', 'campaign_id', 'organization_id', 'project_id', 'sold_quantity'
);
create or replace trigger tier_before_change before update or delete on public.investment_tiers
for each row execute function private.tier_before_change();
create or replace trigger set_updated_at before update on public.investment_tiers
for each row execute function private.set_updated_at();

-- campaigns.update_count by delta
create or replace trigger count_campaign_update after insert or delete on public.campaign_updates
for each row execute function private.count_live_children('campaigns', 'campaign_id', 'update_count');

-- ---------------------------------------------------------------------------
-- Investments: slots, totals and rewards follow status changes
-- ---------------------------------------------------------------------------

-- its moves: private.transitions, machine 'investments' (core.sql, "Status machines")
create or replace trigger status_machine before update on public.investments
for each row when (old.status is distinct from new.status and case old.status
    when 'cancelled' then new.status not in ('confirmed', 'refunded')
    when 'confirmed' then new.status not in ('refunded')
    when 'pending' then new.status not in ('cancelled', 'confirmed', 'refunded')
    else true end)
execute function private.enforce_transition('investments');

-- A limited tier is scarce, so one account may not corner it (checked under the tier's row
-- lock, which the slot update just took, so an account's concurrent pledges queue):
-- - it holds (pending or confirmed) at most a tenth of the tier's slots, at least one;
-- - a new hold is refused after three of its holds on the tier lapsed unpaid (expired or
--   dropped) in the last 24 hours, so a 30-minute hold cannot be renewed forever to squat.
create or replace function private.limit_tier_slots_per_account(
    tier public.investment_tiers, pledge public.investments
)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    per_account integer := greatest(1, tier.limit_quantity / 10);
    lapsed integer;
begin
    if tier.limit_quantity is null then
        return;
    end if;
    if (select count(*) from public.investments i
        where i.tier_id = tier.id and i.user_id = pledge.user_id and i.status in ('pending', 'confirmed')) > per_account
    then
        raise exception 'one account holds at most % of the % slots of tier "%"', per_account, tier.limit_quantity,
            tier.name using errcode = 'PT429';
    end if;
    if pledge.status = 'pending' then
        select count(*) into lapsed from public.investments i
        where i.tier_id = tier.id and i.user_id = pledge.user_id and i.status = 'cancelled'
          and i.confirmed_at is null and i.cancelled_at > now() - interval '24 hours';
        if lapsed >= 3 then
            raise exception 'your holds on tier "%" lapsed unpaid % times in 24 hours: pay for a pledge or try later',
                tier.name, lapsed using errcode = 'PT429';
        end if;
    end if;
end
$$;
revoke execute on function private.limit_tier_slots_per_account(public.investment_tiers, public.investments)
from public;

-- Slot: held while pending or confirmed. Taking one is a conditional UPDATE of the tier row
-- (one row lock), so a limited tier never oversells, however many buyers race.
-- Totals: raised amount by delta and backer count (distinct investors) under the campaign's
-- row lock, taken first, so concurrent confirmations of one investor count them once.
create or replace function private.investment_accounting()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    held_before boolean := tg_op = 'UPDATE' and old.status in ('pending', 'confirmed');
    held_now boolean := new.status in ('pending', 'confirmed');
    confirmed_before boolean := tg_op = 'UPDATE' and old.status = 'confirmed';
    confirmed_now boolean := new.status = 'confirmed';
    tier public.investment_tiers;
    item jsonb;
begin
    if new.tier_id is not null and held_now <> held_before then
        if held_now then
            update public.investment_tiers t set sold_quantity = t.sold_quantity + 1
            where t.id = new.tier_id and (t.limit_quantity is null or t.sold_quantity < t.limit_quantity)
            returning t.* into tier;
            if tier.id is null then
                raise exception 'tier "%" is sold out',
                    (select t.name from public.investment_tiers t where t.id = new.tier_id)
                    using errcode = 'PT409';
            end if;
            perform private.limit_tier_slots_per_account(tier, new);
        else
            update public.investment_tiers t set sold_quantity = t.sold_quantity - 1 where t.id = new.tier_id;
        end if;
    end if;
    if confirmed_now <> confirmed_before then
        update public.campaigns c
        set raised_amount_cents = c.raised_amount_cents + case when confirmed_now then new.amount_cents
                                                                else -new.amount_cents end
        where c.id = new.campaign_id;
        -- the campaign row is locked now: other confirmations of this campaign wait for us
        if not exists (select 1 from public.investments i
                       where i.campaign_id = new.campaign_id and i.user_id = new.user_id
                         and i.status = 'confirmed' and i.id <> new.id) then
            update public.campaigns c
            set backer_count = c.backer_count + case when confirmed_now then 1 else -1 end
            where c.id = new.campaign_id;
        end if;
        update public.campaigns c set goal_reached_at = now()
        where c.id = new.campaign_id and c.goal_reached_at is null and c.raised_amount_cents >= c.goal_amount_cents;
        if confirmed_now then
            select t.* into tier from public.investment_tiers t where t.id = new.tier_id;
            for item in select value from jsonb_array_elements(coalesce(tier.reward_items, '[]')) loop
                insert into public.investor_rewards (
                    investment_id, campaign_id, organization_id, user_id, tier_id, reward_type, name, description
                )
                values (new.id, new.campaign_id, new.organization_id, new.user_id, new.tier_id,
                        coalesce(item ->> 'type', 'digital'), item ->> 'name', item ->> 'description');
            end loop;
        else
            update public.investor_rewards r set status = 'cancelled'
            where r.investment_id = new.id and r.status in ('pending', 'processing');
        end if;
    end if;
    return null;
end
$$;
revoke execute on function private.investment_accounting() from public;

create or replace trigger investment_accounting after insert or update of status on public.investments
for each row execute function private.investment_accounting();
create or replace trigger set_updated_at before update on public.investments
for each row execute function private.set_updated_at();

-- ---------------------------------------------------------------------------
-- Investor RPCs
-- ---------------------------------------------------------------------------

-- Pledge `amount_cents` to an active campaign, optionally in a tier: holds a slot of a
-- limited tier for 30 minutes and returns the pending investment; the app then takes the
-- payment with a Stripe PaymentIntent whose metadata.investment_id is its id, and the
-- webhook confirms it. A retried call with the same idempotency_key returns the same row.
create or replace function public.invest(
    campaign_id uuid,
    amount_cents bigint,
    tier_id uuid default null,
    idempotency_key text default null
)
returns public.investments
language plpgsql
security definer
set search_path = ''
as $$
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
        raise exception 'campaign not found' using errcode = 'PT404';
    end if;
    if campaign.status <> 'active' then
        raise exception 'campaign is not accepting investments (it is %)', campaign.status using errcode = 'PT409';
    end if;
    if now() < campaign.start_date or now() >= campaign.end_date then
        raise exception 'campaign is open from % to %', campaign.start_date, campaign.end_date using errcode = 'PT409';
    end if;
    if invest.tier_id is not null then
        select t.* into tier from public.investment_tiers t where t.id = invest.tier_id and t.campaign_id = campaign.id;
        if tier.id is null then
            raise exception 'tier not found' using errcode = 'PT404';
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
$$;
revoke execute on function public.invest(uuid, bigint, uuid, text) from public, anon;
grant execute on function public.invest(uuid, bigint, uuid, text) to authenticated;

-- The investor drops a pending investment (no payment yet): its slot is free again.
create or replace function public.cancel_investment(investment_id uuid)
returns public.investments
language plpgsql
security definer
set search_path = ''
as $$
declare
    uid uuid := private.require_user();
    result public.investments;
begin
    select i.* into result from public.investments i
    where i.id = cancel_investment.investment_id and i.user_id = uid for update;
    if result.id is null then
        raise exception 'investment not found' using errcode = 'PT404';
    end if;
    if result.status <> 'pending' then
        raise exception 'only a pending investment can be cancelled (this one is %)', result.status
            using errcode = 'PT409';
    end if;
    update public.investments i set status = 'cancelled', cancelled_at = now()
    where i.id = result.id returning * into result;
    return result;
end
$$;
revoke execute on function public.cancel_investment(uuid) from public, anon;
grant execute on function public.cancel_investment(uuid) to authenticated;

-- Duty expire_investment_holds: at most p_batch unpaid pledges past their hold are
-- cancelled; the tier-slot trigger gives their slots back. Returns how many.
create or replace function private.expire_investment_holds(p_batch integer)
returns integer
language sql
security definer
set search_path = ''
as $$
    with expired as (
        update public.investments i set status = 'cancelled', cancelled_at = private.now()
        where i.id in (select p.id from public.investments p
                       where p.status = 'pending' and p.expires_at < private.now()
                         and p.payment_status in ('pending', 'failed')
                       order by p.expires_at limit p_batch for update skip locked)
          and i.status = 'pending'
        returning 1
    )
    select count(*)::integer from expired
$$;
revoke execute on function private.expire_investment_holds(integer) from public;
grant execute on function private.expire_investment_holds(integer) to service_role;

-- Creators see who backs their campaign: display name, total and count, nothing else.
create or replace function public.campaign_backers(campaign_id uuid)
returns table (display_name text, amount_cents bigint, investments bigint, first_confirmed_at timestamptz)
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    if not exists (select 1 from public.campaigns c
                   where c.id = campaign_backers.campaign_id
                     and c.organization_id = any(array(select private.my_org_ids('editor')))) then
        raise exception 'campaign not found' using errcode = 'PT404';
    end if;
    return query
    select coalesce(p.display_name, 'Backer'), sum(i.amount_cents)::bigint, count(*), min(i.confirmed_at)
    from public.investments i
    left join public.profiles p on p.id = i.user_id
    where i.campaign_id = campaign_backers.campaign_id and i.status = 'confirmed'
    group by i.user_id, p.display_name
    order by 2 desc, 4;
end
$$;
revoke execute on function public.campaign_backers(uuid) from public, anon;
grant execute on function public.campaign_backers(uuid) to authenticated;

-- An investor's shipping address for their physical rewards.
create or replace function public.set_reward_shipping_address(reward_id uuid, address jsonb)
returns public.investor_rewards
language plpgsql
security definer
set search_path = ''
as $$
declare
    result public.investor_rewards;
begin
    if jsonb_typeof(address) is distinct from 'object' or length(address::text) > 2000 then
        raise exception 'address must be a JSON object of at most 2000 characters' using errcode = '22023';
    end if;
    update public.investor_rewards r set shipping_address = address
    where r.id = reward_id and r.user_id = private.require_user() and r.status in ('pending', 'processing')
    returning * into result;
    if result.id is null then
        raise exception 'reward not found' using errcode = 'PT404';
    end if;
    return result;
end
$$;
revoke execute on function public.set_reward_shipping_address(uuid, jsonb) from public, anon;
grant execute on function public.set_reward_shipping_address(uuid, jsonb) to authenticated;

create or replace trigger protect_columns before update on public.investor_rewards
for each row execute function private.protect_columns(
    'id', 'investment_id', 'campaign_id', 'organization_id', 'user_id', 'tier_id', 'reward_type', 'shipping_address'
);
create or replace trigger set_updated_at before update on public.investor_rewards
for each row execute function private.set_updated_at();

-- ---------------------------------------------------------------------------
-- Payment (called by Stripe ingestion, public.stripe_apply_event)
-- ---------------------------------------------------------------------------

-- The investment a Stripe object pays for, locked in the lock order everywhere: campaign, then
-- investment (then tier, by trigger). A charge names its payment intent, which a paid investment
-- records; a PaymentIntent (or a charge before that) carries metadata.investment_id. Null when
-- it pays for none.
create or replace function private.lock_paid_investment(stripe_object jsonb)
returns public.investments
language plpgsql
set search_path = ''
as $$
declare
    target public.investments;
begin
    select i.* into target from public.investments i where i.payment_reference = stripe_object ->> 'payment_intent';
    if target.id is null then
        select i.* into target from public.investments i
        where i.id = private.stripe_metadata_id(stripe_object, 'investment_id');
    end if;
    if target.id is null then
        return null;
    end if;
    perform 1 from public.campaigns c where c.id = target.campaign_id for update;
    select i.* into target from public.investments i where i.id = target.id for update;
    return target;
end
$$;
revoke execute on function private.lock_paid_investment(jsonb) from public;

-- A succeeded PaymentIntent for metadata.investment_id confirms the investment when amount
-- and currency match. A payment for an investment whose hold expired takes a slot again;
-- if none is left, or the campaign failed or was cancelled, the money is owed back
-- (payment_status refund_pending: the platform refunds it through Stripe).
create or replace function private.confirm_investment_payment(payment_intent jsonb)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
    target public.investments;
    campaign_status text;
    owed text;
begin
    target := private.lock_paid_investment(payment_intent);
    if target.id is null then
        return 'ignored: no such investment';
    end if;
    select c.status into campaign_status from public.campaigns c where c.id = target.campaign_id;
    if not private.stripe_pays_exactly(payment_intent, 'amount_received', target.amount_cents,
                                       target.currency) then
        return 'ignored: payment does not match the investment''s amount and currency';
    end if;
    if target.status in ('confirmed', 'refunded') then
        return 'applied';
    end if;
    update public.investments i
    set payment_reference = payment_intent ->> 'id', payment_status = 'completed',
        payment_method = coalesce(payment_intent -> 'payment_method_types' ->> 0, i.payment_method)
    where i.id = target.id;
    if campaign_status in ('failed', 'cancelled') then
        owed := 'campaign closed';
    else
        begin
            update public.investments i set status = 'confirmed', confirmed_at = now(), cancelled_at = null
            where i.id = target.id;
        exception
            when sqlstate 'PT409' then
                owed := 'tier sold out'; -- the hold had expired and the tier sold out meanwhile
            when sqlstate 'PT429' then
                owed := 'per-account slot limit'; -- the hold had expired and the account took others
        end;
    end if;
    if owed is not null then
        update public.investments i set status = 'refunded', payment_status = 'refund_pending', refunded_at = now()
        where i.id = target.id;
        return format('applied: %s, refund owed', owed);
    end if;
    return 'applied';
end
$$;
revoke execute on function private.confirm_investment_payment(jsonb) from public;

-- A failed PaymentIntent releases the pending investment's slot.
create or replace function private.fail_investment_payment(payment_intent jsonb)
returns text
language plpgsql
security definer
set search_path = ''
as $$
begin
    update public.investments i set payment_status = 'failed', status = 'cancelled', cancelled_at = now()
    where i.id = private.stripe_metadata_id(payment_intent, 'investment_id') and i.status = 'pending';
    return case when found then 'applied' else 'ignored: no pending investment' end;
end
$$;
revoke execute on function private.fail_investment_payment(jsonb) from public;

-- A fully refunded charge reverses its investment (totals and slot by trigger); a partial
-- refund changes nothing on the investment. Null when the charge paid no investment.
create or replace function private.refund_investment_payment(charge jsonb)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
    target public.investments;
begin
    target := private.lock_paid_investment(charge);
    if target.id is null then
        return null;
    end if;
    if (charge ->> 'amount_refunded')::bigint < target.amount_cents then
        return 'ignored: partial refund of an investment';
    end if;
    update public.investments i
    set status = 'refunded', payment_status = 'refunded', refunded_at = coalesce(i.refunded_at, now())
    where i.id = target.id;
    return 'applied';
end
$$;
revoke execute on function private.refund_investment_payment(jsonb) from public;

-- ---------------------------------------------------------------------------
-- Campaign status changes
-- ---------------------------------------------------------------------------

-- Close a campaign that failed or was cancelled: every confirmed investment is owed back
-- (status refunded, payment_status refund_pending, totals reversed by trigger), pending
-- ones are cancelled.
create or replace function private.refund_campaign(campaign_id uuid)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
    refunded integer;
begin
    update public.investments i set status = 'cancelled', cancelled_at = now()
    where i.campaign_id = refund_campaign.campaign_id and i.status = 'pending';
    update public.investments i set status = 'refunded', payment_status = 'refund_pending', refunded_at = now()
    where i.campaign_id = refund_campaign.campaign_id and i.status = 'confirmed';
    get diagnostics refunded = row_count;
    return refunded;
end
$$;
revoke execute on function private.refund_campaign(uuid) from public;

-- Move a campaign along its status machine, as its organization or the platform:
--   submit (draft → pending_review), withdraw (pending_review → draft): editors;
--   approve (pending_review → active): platform admins or moderators, or the service role;
--   send back (pending_review → draft): the same reviewers;
--   cancel (draft, pending_review, active → cancelled; an active one refunds everyone) and
--   complete (funded, failed → completed): organization admins.
-- active → funded | failed happens only in the settle_campaigns duty, at the end date.
create or replace function public.set_campaign_status(campaign_id uuid, new_status text)
returns public.campaigns
language plpgsql
security definer
set search_path = ''
as $$
declare
    campaign public.campaigns;
    is_service boolean := not private.is_client_request(directly => false);
    is_reviewer boolean := private.has_platform_role('admin') or private.has_platform_role('moderator');
begin
    if length(new_status) > 20 then
        raise exception 'unknown campaign status' using errcode = '22023';
    end if;
    select c.* into campaign from public.campaigns c where c.id = set_campaign_status.campaign_id for update;
    if campaign.id is null or (campaign.project_deleted_at is not null and not is_service)
       or not (is_service or is_reviewer or private.has_org_role(campaign.organization_id, 'editor'))
       or (campaign.status in ('draft', 'cancelled')
           and not (is_service or private.has_org_role(campaign.organization_id, 'editor'))) then
        raise exception 'campaign not found' using errcode = 'PT404';
    end if;
    if new_status not in ('draft', 'pending_review', 'active', 'funded', 'failed', 'completed', 'cancelled') then
        raise exception 'unknown campaign status %', new_status using errcode = '22023';
    end if;
    -- an illegal move (staying put included) is refused before who may make it is asked
    perform private.require_transition('campaigns', campaign.status, new_status);
    if new_status in ('funded', 'failed') then
        raise exception 'a campaign is funded or failed by settle_campaigns at its end date' using errcode = 'PT409';
    end if;
    if (campaign.status, new_status) = ('pending_review', 'active') and not (is_service or is_reviewer) then
        raise exception 'only platform reviewers approve campaigns' using errcode = '42501';
    end if;
    if new_status in ('cancelled', 'completed') and not (is_service or private.has_org_role(campaign.organization_id, 'admin')) then
        raise exception 'only organization admins cancel or complete a campaign' using errcode = '42501';
    end if;
    if new_status in ('pending_review', 'draft') and not (is_service or is_reviewer
                                                        or private.has_org_role(campaign.organization_id, 'editor')) then
        raise exception 'only the organization''s editors submit or withdraw a campaign' using errcode = '42501';
    end if;
    if new_status = 'pending_review' then
        if campaign.end_date is null then
            raise exception 'a campaign needs an end date before review' using errcode = 'PT409';
        end if;
        if campaign.end_date <= now() then
            raise exception 'the campaign''s end date has passed' using errcode = 'PT409';
        end if;
    end if;
    if new_status = 'active' and campaign.end_date <= now() then
        raise exception 'the campaign''s end date has passed' using errcode = 'PT409';
    end if;
    if new_status = 'completed' and exists (select 1 from public.investments i
                                            where i.campaign_id = campaign.id and i.status = 'pending') then
        raise exception 'the campaign still has pending investments' using errcode = 'PT409';
    end if;
    update public.campaigns c
    set status = new_status,
        submitted_at = case when new_status = 'pending_review' then now() else c.submitted_at end,
        launched_at = case when new_status = 'active' then now() else c.launched_at end,
        start_date = case when new_status = 'active' then greatest(coalesce(c.start_date, now()), now())
                          else c.start_date end,
        is_verified = c.is_verified or new_status = 'active',
        verified_at = case when new_status = 'active' then now() else c.verified_at end,
        completed_at = case when new_status = 'completed' then now() else c.completed_at end,
        cancelled_at = case when new_status = 'cancelled' then now() else c.cancelled_at end
    where c.id = campaign.id
    returning * into campaign;
    if new_status = 'cancelled' then
        perform private.refund_campaign(campaign.id);
        select c.* into campaign from public.campaigns c where c.id = campaign.id;
    end if;
    return campaign;
end
$$;
revoke execute on function public.set_campaign_status(uuid, text) from public, anon;
grant execute on function public.set_campaign_status(uuid, text) to authenticated, service_role;

-- Duty settle_campaigns: at most p_batch active campaigns whose end date has passed. At or
-- over goal → funded; under goal → all-or-nothing fails and every investor is refunded
-- (private.refund_campaign: owed back, refunded through Stripe by `creatorverse invest
-- refunds`; pending pledges cancelled, slots freed); a flexible campaign is funded with what
-- it raised (failed only with nothing raised). A settled campaign is no longer active: run
-- twice, settled once. Returns how many it settled.
create or replace function private.settle_campaigns(p_batch integer)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
    campaign public.campaigns;
    result text;
    settled integer := 0;
begin
    for campaign in
        select c.* from public.campaigns c where c.status = 'active' and c.end_date <= private.now()
        order by c.end_date limit p_batch for update skip locked
    loop
        if campaign.raised_amount_cents >= campaign.goal_amount_cents
           or (campaign.funding_type = 'flexible' and campaign.raised_amount_cents > 0) then
            result := 'funded';
        else
            result := 'failed';
        end if;
        update public.campaigns c
        set status = result,
            funded_at = case when result = 'funded' then private.now() end,
            failed_at = case when result = 'failed' then private.now() end
        where c.id = campaign.id;
        if result = 'failed' then
            perform private.refund_campaign(campaign.id);
        end if;
        settled := settled + 1;
    end loop;
    return settled;
end
$$;
revoke execute on function private.settle_campaigns(integer) from public;
grant execute on function private.settle_campaigns(integer) to service_role;

-- ---------------------------------------------------------------------------
-- Revenue distribution
-- ---------------------------------------------------------------------------

-- Split `total_revenue_cents` earned by a funded (or completed) campaign over a period:
--   platform  = floor(total × platform_fee_bps / 10000)
--   investors = floor(total × investor_share_bps / 10000)   (0 when no investment shares)
--   creator   = total − platform − investors                (the creator keeps rounding)
-- and write one payout per confirmed investment in a revenue-sharing tier, weighted by
-- amount_cents × tier.revenue_share_percent. Payouts use the largest-remainder method:
-- each gets floor(pool × weight / Σweight); the cents left over (fewer than the number of
-- payouts) go one each to the largest remainders, ties to the earlier investment. They sum
-- exactly to the pool. Periods of one campaign never overlap (exclusion constraint): the
-- same revenue cannot be distributed twice.
create or replace function public.distribute_revenue(
    campaign_id uuid,
    period_start date,
    period_end date,
    total_revenue_cents bigint
)
returns public.revenue_distributions
language plpgsql
security definer
set search_path = ''
as $$
declare
    campaign public.campaigns;
    total_weight numeric;
    platform bigint;
    pool bigint;
    result public.revenue_distributions;
begin
    if total_revenue_cents is null or total_revenue_cents <= 0 then
        raise exception 'total_revenue_cents must be positive' using errcode = '22023';
    end if;
    if period_start is null or period_end is null or period_end < period_start then
        raise exception 'the period must end on or after its start' using errcode = '22023';
    end if;
    select c.* into campaign from public.campaigns c where c.id = distribute_revenue.campaign_id for update;
    if campaign.id is null
       or (campaign.project_deleted_at is not null and private.is_client_request(directly => false))
       or (private.is_client_request(directly => false)
           and not private.has_org_role(campaign.organization_id, 'admin')) then
        raise exception 'campaign not found' using errcode = 'PT404';
    end if;
    if campaign.status not in ('funded', 'completed') then
        raise exception 'only a funded or completed campaign distributes revenue (this one is %)', campaign.status
            using errcode = 'PT409';
    end if;
    if exists (select 1 from public.revenue_distributions d
               where d.campaign_id = campaign.id
                 and daterange(d.period_start, d.period_end, '[]')
                     && daterange(distribute_revenue.period_start, distribute_revenue.period_end, '[]')) then
        raise exception 'revenue for % to % overlaps a period already distributed', period_start, period_end
            using errcode = '23P01';
    end if;
    select sum(i.amount_cents * t.revenue_share_percent) into total_weight
    from public.investments i
    join public.investment_tiers t on t.id = i.tier_id
    where i.campaign_id = campaign.id and i.status = 'confirmed' and t.revenue_share_percent > 0;
    platform := total_revenue_cents * campaign.platform_fee_bps / 10000;
    pool := case when total_weight > 0 then total_revenue_cents * campaign.investor_share_bps / 10000 else 0 end;
    insert into public.revenue_distributions (
        campaign_id, organization_id, project_id, created_by, period_start, period_end, currency,
        total_revenue_cents, platform_share_cents, creator_share_cents, investor_pool_cents, status, distributed_at
    )
    values (campaign.id, campaign.organization_id, campaign.project_id, private.caller_id(), period_start, period_end,
            campaign.currency, total_revenue_cents, platform, total_revenue_cents - platform - pool, pool,
            case when pool = 0 then 'completed' else 'processing' end, case when pool = 0 then now() end)
    returning * into result;
    if pool = 0 then
        return result;
    end if;
    insert into public.investor_payouts (
        distribution_id, investment_id, campaign_id, organization_id, user_id, share_percent, amount_cents, currency
    )
    select result.id, s.id, campaign.id, campaign.organization_id, s.user_id, round(100 * s.weight / total_weight, 6),
           s.base + case when s.place <= pool - sum(s.base) over () then 1 else 0 end, campaign.currency
    from (
        select w.*, row_number() over (order by w.remainder desc, w.created_at, w.id) as place
        from (
            select i.id, i.user_id, i.created_at, i.amount_cents * t.revenue_share_percent as weight,
                   div(pool * i.amount_cents * t.revenue_share_percent, total_weight)::bigint as base,
                   mod(pool * i.amount_cents * t.revenue_share_percent, total_weight) as remainder
            from public.investments i
            join public.investment_tiers t on t.id = i.tier_id
            where i.campaign_id = campaign.id and i.status = 'confirmed' and t.revenue_share_percent > 0
        ) as w
    ) as s;
    return result;
end
$$;
revoke execute on function public.distribute_revenue(uuid, date, date, bigint) from public, anon;
grant execute on function public.distribute_revenue(uuid, date, date, bigint) to authenticated, service_role;

-- The payment system reports a payout paid (service role). A payout is paid once; the
-- distribution completes when its last payout is paid.
create or replace function public.mark_payout_paid(payout_id uuid, payment_reference text,
    payment_method text default 'bank_transfer')
returns public.investor_payouts
language plpgsql
security definer
set search_path = ''
as $$
declare
    result public.investor_payouts;
begin
    perform private.require_max_length(payment_reference, 255, 'payment_reference');
    perform private.require_max_length(payment_method, 50, 'payment_method');
    select p.* into result from public.investor_payouts p where p.id = payout_id for update;
    if result.id is null then
        raise exception 'payout not found' using errcode = 'PT404';
    end if;
    if result.status = 'completed' then
        raise exception 'payout already paid (%)', result.payment_reference using errcode = 'PT409';
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
$$;
revoke execute on function public.mark_payout_paid(uuid, text, text) from public, anon, authenticated;
grant execute on function public.mark_payout_paid(uuid, text, text) to service_role;

create or replace trigger set_updated_at before update on public.revenue_distributions
for each row execute function private.set_updated_at();
create or replace trigger set_updated_at before update on public.investor_payouts
for each row execute function private.set_updated_at();

-- ---------------------------------------------------------------------------
-- Notifications (private.notify, supabase/functions/notifications.sql): backers hear of every
-- update of a campaign they back, investors of their investment's status. private.notify
-- never notifies the actor.
-- ---------------------------------------------------------------------------

create or replace function private.notify_campaign_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    perform private.notify(
        backer.user_id, 'investment_update', jsonb_build_object('campaign_id', new.campaign_id, 'update_id', new.id),
        new.author_id, 'campaign', new.campaign_id, new.title, left(new.content, 280))
    from (select distinct i.user_id from public.investments i
          where i.campaign_id = new.campaign_id and i.status = 'confirmed') backer;
    return null;
end
$$;
revoke execute on function private.notify_campaign_update() from public;

create or replace trigger notify_campaign_update after insert on public.campaign_updates
for each row execute function private.notify_campaign_update();

create or replace function private.notify_investment_status()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    perform private.notify(
        new.user_id, 'investment_update', jsonb_build_object('campaign_id', new.campaign_id, 'status', new.status),
        null, 'investment', new.id, 'Your investment is ' || new.status, null);
    return null;
end
$$;
revoke execute on function private.notify_investment_status() from public;

create or replace trigger notify_investment_status after update of status on public.investments
for each row when (old.status is distinct from new.status)
execute function private.notify_investment_status();
