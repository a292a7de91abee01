-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.has_org_role(org_id uuid, min_role public.member_role DEFAULT 'viewer'::public.member_role, permission text DEFAULT NULL::text)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select exists (
        select from private.my_memberships m
        where m.organization_id = org_id and (m.role >= min_role or permission = any(m.permissions))
    )
$function$
;

CREATE OR REPLACE FUNCTION private.is_client_request(directly boolean DEFAULT true)
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select case when directly then current_user::text else coalesce(current_setting('role', true), 'none') end
           in ('anon', 'authenticated')
$function$
;

CREATE OR REPLACE FUNCTION private.is_org_member(org_id uuid, member_user_id uuid)
 RETURNS boolean
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select exists (
        select from public.organization_members m where m.organization_id = org_id and m.user_id = member_user_id
    )
$function$
;

CREATE OR REPLACE FUNCTION private.accept_invitation_row(invitation public.invitations)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := private.require_user();
begin
    if invitation.status <> 'pending' then
        raise exception 'invitation is %', invitation.status using errcode = '55000';
    end if;
    if invitation.expires_at <= now() then
        raise exception 'invitation has expired' using errcode = '55000';
    end if;
    if private.is_org_member(invitation.organization_id, caller) then
        raise exception 'you are already a member of this organization' using errcode = '23505';
    end if;
    insert into public.organization_members (organization_id, user_id, role, invited_by, invited_at, joined_at)
    values (invitation.organization_id, caller, invitation.role, invitation.invited_by, invitation.created_at, now());
    update public.invitations i set status = 'accepted', accepted_at = now(), accepted_by = caller
    where i.id = invitation.id;
    return invitation.organization_id;
end
$function$
;

CREATE OR REPLACE FUNCTION private.my_teammate_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select distinct other.user_id
    from private.my_memberships mine
    join public.organization_members other on other.organization_id = mine.organization_id
$function$
;

CREATE OR REPLACE FUNCTION private.my_watch_rank()
 RETURNS smallint
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select coalesce(max(case p.watch_tier when 'premium' then 2 when 'subscribers' then 1 else 0 end), 0)::smallint
    from private.my_memberships m
    join public.subscriptions s on s.organization_id = m.organization_id and s.status in ('active', 'trialing')
    join public.plans p on p.id = s.plan_id
$function$
;

CREATE OR REPLACE FUNCTION private.recent_content_stats(since date)
 RETURNS TABLE(content_id uuid, viewers bigint, likes bigint, completions bigint)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select s.content_id, sum(s.viewers)::bigint, sum(s.likes)::bigint, sum(s.completions)::bigint
    from public.content_daily_stats s
    join public.contents c on c.id = s.content_id
    where s.day >= since
      and (not (select private.is_client_request(directly => false))  -- the service role and analysts see everything, as under RLS
           or (c.project_deleted_at is null
               and ((c.status = 'published' and c.visibility_rank <= (select private.my_watch_rank()))
                    or c.project_id = any(array(select private.readable_project_ids())))))
    group by s.content_id
$function$
;

CREATE OR REPLACE FUNCTION private.require_org_role(org_id uuid, min_role public.member_role, action text, permission text DEFAULT NULL::text)
 RETURNS public.organization_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    mine record;
    found public.organization_members;
begin
    perform private.require_user();
    -- deleting the organization updates the membership row (organization_deleted_at), so the
    -- lock also orders this call against a concurrent delete_organization, and the view's
    -- terms are checked again on the row that lock finds
    select m.id, m.role, m.permissions into mine from private.my_memberships m where m.organization_id = org_id
    for update;
    if mine.id is null then
        raise exception 'organization % not found', org_id using errcode = 'P0002';
    end if;
    if mine.role < min_role and (permission is null or not permission = any(mine.permissions)) then
        raise exception 'only %s and above may %', min_role, action using errcode = '42501';
    end if;
    select m.* into found from public.organization_members m where m.id = mine.id;
    return found;
end
$function$
;

CREATE OR REPLACE FUNCTION private.visible_campaign(campaign_id uuid)
 RETURNS public.campaigns
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select c.* from public.campaigns c
    where c.id = visible_campaign.campaign_id
      and (c.project_deleted_at is null or not private.is_client_request(directly => false))
      and (c.status in ('active', 'funded', 'failed', 'completed')
           or not private.is_client_request(directly => false)
           or c.organization_id = any(array(select private.my_org_ids()))
           or c.id = any(array(select private.my_invested_campaign_ids())))
$function$
;

CREATE OR REPLACE FUNCTION public.distribute_revenue(campaign_id uuid, period_start date, period_end date, total_revenue_cents bigint)
 RETURNS public.revenue_distributions
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
        raise exception 'campaign not found' using errcode = 'P0002';
    end if;
    if campaign.status not in ('funded', 'completed') then
        raise exception 'only a funded or completed campaign distributes revenue (this one is %)', campaign.status
            using errcode = '55000';
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
    values (campaign.id, campaign.organization_id, campaign.project_id, auth.uid(), period_start, period_end,
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
        select from auth.users u
        where lower(u.email) = lower(invitee_email) and private.is_org_member(org_id, u.id)) then
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

CREATE OR REPLACE FUNCTION public.review_license_request(request_id uuid, new_status text, note text DEFAULT NULL::text, assign_to uuid DEFAULT NULL::uuid)
 RETURNS public.license_requests
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target public.license_requests;
begin
    perform private.require_user();
    perform private.require_max_length(note, 5000, 'note');
    select r.* into target from public.license_requests r
    where r.id = review_license_request.request_id
      and r.organization_id = any(array(select private.my_org_ids('editor')))
    for update;
    if target.id is null then
        raise exception 'licence request not found' using errcode = 'P0002';
    end if;
    if new_status not in ('reviewing', 'negotiating', 'approved', 'rejected') then
        raise exception 'a licensor sets reviewing, negotiating, approved or rejected, not %', new_status
            using errcode = '22023';
    end if;
    if assign_to is not null and not private.is_org_member(target.organization_id, assign_to) then
        raise exception 'the assignee is not a member of the organization' using errcode = '22023';
    end if;
    update public.license_requests r
    set status = new_status, assigned_to = coalesce(assign_to, r.assigned_to)
    where r.id = target.id
    returning * into target;
    if note is not null then
        insert into public.license_request_notes (request_id, organization_id, author_id, note)
        values (target.id, target.organization_id, auth.uid(), note);
    end if;
    return target;
end
$function$
;

CREATE OR REPLACE FUNCTION public.revoke_api_key(api_key_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    key_org uuid;
begin
    select k.organization_id into key_org from public.api_keys k where k.id = revoke_api_key.api_key_id;
    if key_org is null or not private.has_org_role(key_org, 'admin', 'api_keys.manage') then
        raise exception 'API key not found' using errcode = 'P0002';
    end if;
    update public.api_keys k set revoked_at = coalesce(k.revoked_at, now()) where k.id = revoke_api_key.api_key_id;
end
$function$
;

CREATE OR REPLACE FUNCTION public.set_campaign_status(campaign_id uuid, new_status text)
 RETURNS public.campaigns
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
       or not (is_service or is_reviewer or campaign.organization_id = any(array(select private.my_org_ids('editor'))))
       or (campaign.status in ('draft', 'cancelled')
           and not (is_service or campaign.organization_id = any(array(select private.my_org_ids('editor'))))) then
        raise exception 'campaign not found' using errcode = 'P0002';
    end if;
    if new_status not in ('draft', 'pending_review', 'active', 'funded', 'failed', 'completed', 'cancelled') then
        raise exception 'unknown campaign status %', new_status using errcode = '22023';
    end if;
    if not private.campaign_status_allowed(campaign.status, new_status) then
        raise exception 'campaign cannot move from % to %', campaign.status, new_status using errcode = '55000';
    end if;
    if new_status in ('funded', 'failed') then
        raise exception 'a campaign is funded or failed by settle_campaigns at its end date' using errcode = '55000';
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
            raise exception 'a campaign needs an end date before review' using errcode = '55000';
        end if;
        if campaign.end_date <= now() then
            raise exception 'the campaign''s end date has passed' using errcode = '55000';
        end if;
    end if;
    if new_status = 'active' and campaign.end_date <= now() then
        raise exception 'the campaign''s end date has passed' using errcode = '55000';
    end if;
    if new_status = 'completed' and exists (select 1 from public.investments i
                                            where i.campaign_id = campaign.id and i.status = 'pending') then
        raise exception 'the campaign still has pending investments' using errcode = '55000';
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
$function$
;

drop function if exists "private"."called_by_client"();

drop function if exists "private"."has_org_role"(org_id uuid, min_role public.member_role);

drop function if exists "private"."is_client_request"();

create or replace view "private"."my_memberships" with (security_barrier=true) as  SELECT organization_id,
    role,
    id,
    permissions
   FROM public.organization_members m
  WHERE user_id = (( SELECT u.id
           FROM private.acting_user u)) AND organization_deleted_at IS NULL;

grant execute on function private.has_org_role(uuid,public.member_role,text) to anon;
grant execute on function private.has_org_role(uuid,public.member_role,text) to authenticated;
grant execute on function private.has_org_role(uuid,public.member_role,text) to service_role;
grant execute on function private.is_client_request(boolean) to anon;
grant execute on function private.is_client_request(boolean) to authenticated;
grant execute on function private.is_client_request(boolean) to service_role;
