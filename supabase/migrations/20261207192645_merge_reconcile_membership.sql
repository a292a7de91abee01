-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.client_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    setting text;
    defaults jsonb := '{}';
begin
    if not private.is_client_request() then
        return new;
    end if;
    foreach setting in array tg_argv loop
        defaults := defaults || case
            when position('=' in setting) = 0 then jsonb_build_object(setting, private.caller_id())
            else jsonb_build_object(split_part(setting, '=', 1), substr(setting, position('=' in setting) + 1)::jsonb)
        end;
    end loop;
    return jsonb_populate_record(new, defaults);
end
$function$
;

CREATE OR REPLACE FUNCTION private.comment_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    post jsonb;
    parent jsonb;
    post_key text := case tg_table_name when 'discussion_comments' then 'discussion_id' else 'content_id' end;
    post_table text := case tg_table_name when 'discussion_comments' then 'discussions' else 'fan_contents' end;
    row_new jsonb := to_jsonb(new);
begin
    if tg_op = 'UPDATE' then
        -- post, parent, author and counters are frozen (protect_columns)
        if private.is_client_request() and new.status is distinct from old.status
           and not new.community_id = any(array(select private.moderated_community_ids())) then
            raise exception 'only moderators hide or remove comments' using errcode = '42501';
        end if;
        return new;
    end if;
    -- invoker rights: the post must be readable by the caller
    execute format('select to_jsonb(p) from public.%I p where p.id = $1', post_table) into post
    using (row_new ->> post_key)::uuid;
    if post is null or (post ->> 'status' <> 'published' and private.is_client_request()) then
        raise exception '% not found', replace(post_table, '_', ' ') using errcode = 'P0002';
    end if;
    if (post ->> 'locked')::boolean then
        raise exception 'this discussion is locked' using errcode = '55000';
    end if;
    new.community_id := (post ->> 'community_id')::uuid;
    if new.parent_id is not null then
        execute format('select to_jsonb(c) from public.%I c where c.id = $1', tg_table_name) into parent
        using new.parent_id;
        if parent is null or parent ->> post_key <> row_new ->> post_key then
            raise exception 'the parent comment is not on this post' using errcode = '22023';
        end if;
        if tg_table_name = 'discussion_comments' then
            new := jsonb_populate_record(new, jsonb_build_object('depth', (parent ->> 'depth')::integer + 1));
        end if;
    end if;
    if private.is_client_request() then
        new.author_id := private.caller_id();
        new.status := 'published';
        if tg_table_name = 'discussion_comments' then
            new := jsonb_populate_record(new, '{"upvotes": 0, "downvotes": 0, "score": 0}'::jsonb);
        end if;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.post_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    moderator boolean;
    row_new jsonb := to_jsonb(new);
    row_old jsonb := case when tg_op = 'UPDATE' then to_jsonb(old) else '{}' end;
begin
    if not private.is_client_request() then
        return new;
    end if;
    moderator := new.community_id = any(array(select private.moderated_community_ids()));
    if tg_op = 'INSERT' then
        new.author_id := private.caller_id();
        if not moderator and (row_new ->> 'status' in ('hidden', 'removed') or (row_new ->> 'featured')::boolean
                              or (row_new ->> 'pinned')::boolean or (row_new ->> 'locked')::boolean
                              or row_new ->> 'type' = 'announcement') then
            raise exception 'only moderators pin, lock, feature, hide or announce' using errcode = '42501';
        end if;
        new := jsonb_populate_record(new, jsonb_build_object(
            'upvotes', 0, 'downvotes', 0, 'score', 0, 'comment_count', 0, 'view_count', 0, 'like_count', 0,
            'share_count', 0));
        return new;
    end if;
    -- community, author and counters are frozen for clients (protect_columns)
    if not moderator and (
        (row_new -> 'pinned', row_new -> 'locked', row_new -> 'featured', row_new -> 'removed_reason')
        is distinct from (row_old -> 'pinned', row_old -> 'locked', row_old -> 'featured', row_old -> 'removed_reason')
        or (row_new ->> 'status' is distinct from row_old ->> 'status'
            and (row_new ->> 'status' in ('hidden', 'removed') or row_old ->> 'status' in ('hidden', 'removed')))
        or (row_new ->> 'type' = 'announcement' and row_old ->> 'type' <> 'announcement')) then
        raise exception 'only moderators pin, lock, feature, hide or announce' using errcode = '42501';
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.rsvp_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    event public.events;
begin
    -- on UPDATE only the status changes (protect_columns)
    -- invoker rights: the event must be readable
    select e.* into event from public.events e where e.id = new.event_id;
    if event.id is null then
        raise exception 'event not found' using errcode = 'P0002';
    end if;
    if event.status <> 'scheduled' then
        raise exception 'this event is %', event.status using errcode = '55000';
    end if;
    if coalesce(event.rsvp_deadline, event.event_date) <= now() then
        raise exception 'RSVPs for this event closed at %', coalesce(event.rsvp_deadline, event.event_date)
            using errcode = '55000';
    end if;
    new.community_id := event.community_id;
    if tg_op = 'INSERT' and private.is_client_request() then
        new.user_id := private.caller_id();
        new.reminder_sent := false;
    end if;
    new.updated_at := now();
    return new;
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
       or not (is_service or is_reviewer or private.has_org_role(campaign.organization_id, 'editor'))
       or (campaign.status in ('draft', 'cancelled')
           and not (is_service or private.has_org_role(campaign.organization_id, 'editor'))) then
        raise exception 'campaign not found' using errcode = 'P0002';
    end if;
    if new_status not in ('draft', 'pending_review', 'active', 'funded', 'failed', 'completed', 'cancelled') then
        raise exception 'unknown campaign status %', new_status using errcode = '22023';
    end if;
    -- an illegal move (staying put included) is refused before who may make it is asked
    perform private.require_transition('campaigns', campaign.status, new_status);
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

CREATE OR REPLACE FUNCTION public.settle_royalty_report(report_id uuid, new_status text, payment_reference text DEFAULT NULL::text)
 RETURNS public.royalty_reports
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    report public.royalty_reports;
begin
    perform private.require_user();
    perform private.require_max_length(payment_reference, 255, 'payment_reference');
    select r.* into report from public.royalty_reports r
    where r.id = settle_royalty_report.report_id and r.organization_id = any(array(select private.my_org_ids('admin')))
    for update;
    if report.id is null then
        raise exception 'royalty report not found' using errcode = 'P0002';
    end if;
    if report.status = 'paid' then
        raise exception 'a paid royalty report cannot be changed or deleted' using errcode = '55000';
    end if;
    -- staying put is refused too: a settlement is a move
    perform private.require_transition('royalty_reports', report.status, new_status);
    update public.royalty_reports r
    set status = new_status,
        paid_at = case when new_status = 'paid' then now() end,
        payment_reference = coalesce(settle_royalty_report.payment_reference, r.payment_reference)
    where r.id = report.id
    returning * into report;
    perform private.notify(report.licensee_user_id, 'license_update',
        jsonb_build_object('status', report.status, 'royalty_amount_cents', report.royalty_amount_cents),
        actor => private.caller_id(), reference_type => 'royalty_report', reference_id => report.id,
        title => format('Royalty report %s to %s: %s', report.period_start, report.period_end, report.status));
    return report;
end
$function$
;
