-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.caller_id()
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
    uid uuid := auth.uid();
begin
    if uid is not null and private.acting_user_id() is null then
        raise exception 'account suspended' using errcode = '42501';
    end if;
    return uid;
end
$function$
;

CREATE OR REPLACE FUNCTION private.campaign_child_scope()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    parent public.campaigns := private.visible_campaign(new.campaign_id);
begin
    if parent.id is null then
        raise exception 'campaign not found' using errcode = 'P0002';
    end if;
    new.organization_id := parent.organization_id;
    new.project_id := parent.project_id;
    if tg_table_name = 'campaign_updates' and private.is_client_request() then
        new.author_id := private.caller_id();
    end if;
    if tg_table_name = 'investment_tiers' then
        if parent.status not in ('draft', 'pending_review') then
            raise exception 'tiers cannot be added once the campaign has launched' using errcode = '55000';
        end if;
        if private.is_client_request() then
            new.sold_quantity := 0;
        end if;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.campaigns_before_write()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'INSERT' then
        new.organization_id := private.project_organization(new.project_id);
        -- another organization's project answers as one that does not exist: no oracle
        if private.is_client_request() and not private.has_org_role(new.organization_id, 'editor') then
            raise exception 'project not found' using errcode = 'P0002';
        end if;
        if private.is_client_request() then
            new.created_by := private.caller_id();
            new.raised_amount_cents := 0;
            new.backer_count := 0;
            new.update_count := 0;
            new.is_verified := false;
            new.verified_at := null;
        end if;
        new.project_deleted_at := null;
        if new.status <> 'draft' then
            raise exception 'a campaign starts as a draft, not %', new.status using errcode = '55000';
        end if;
        return new;
    end if;
    if new.status <> old.status and not private.campaign_status_allowed(old.status, new.status) then
        raise exception 'campaign cannot move from % to %', old.status, new.status using errcode = '55000';
    end if;
    -- what backers were promised does not change once the campaign leaves the draft
    if old.status <> 'draft'
       and (new.goal_amount_cents, new.currency, new.funding_type, new.platform_fee_bps, new.investor_share_bps,
            new.end_date, new.equity_offered)
       is distinct from (old.goal_amount_cents, old.currency, old.funding_type, old.platform_fee_bps,
                         old.investor_share_bps, old.end_date, old.equity_offered) then
        raise exception 'goal, currency, funding type, revenue split and end date are fixed once a campaign is submitted'
            using errcode = '55000';
    end if;
    return new;
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
        if (row_new ->> post_key, new.parent_id, new.community_id, new.author_id)
           is distinct from (to_jsonb(old) ->> post_key, old.parent_id, old.community_id, old.author_id) then
            raise exception 'a comment''s post, parent and author never change' using errcode = '42501';
        end if;
        if private.is_client_request() and new.status is distinct from old.status
           and not new.community_id = any(array(select private.moderated_community_ids())) then
            raise exception 'only moderators hide or remove comments' using errcode = '42501';
        end if;
        if tg_table_name = 'discussion_comments'
           and (row_new -> 'upvotes', row_new -> 'downvotes', row_new -> 'score')
               is distinct from (to_jsonb(old) -> 'upvotes', to_jsonb(old) -> 'downvotes', to_jsonb(old) -> 'score')
           and private.is_client_request() then
            raise exception 'counters are kept by the database' using errcode = '42501';
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

CREATE OR REPLACE FUNCTION private.community_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if new.project_id is not null then
        new.organization_id := private.project_organization(new.project_id);
    end if;
    if private.is_client_request() then
        new.created_by := private.caller_id();
        new.member_count := 0;
        new.post_count := 0;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.content_like_before_insert()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() then
        new.user_id := private.caller_id();
        new.created_at := now();
        if not private.can_watch(new.content_id) then
            raise exception 'content not found' using errcode = 'P0002';
        end if;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.content_rating_before_write()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'INSERT' then
        if private.is_client_request() then
            new.user_id := private.caller_id();
        end if;
        if not private.can_watch(new.content_id) and private.is_client_request() then
            raise exception 'content not found' using errcode = 'P0002';
        end if;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.contents_before_write()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'INSERT' then
        new.organization_id := private.project_organization(new.project_id);
        -- another organization's project answers as one that does not exist: no oracle
        if private.is_client_request() and not private.has_org_role(new.organization_id, 'editor') then
            raise exception 'project not found' using errcode = 'P0002';
        end if;
        if private.is_client_request() then
            new.created_by := private.caller_id();
            new.view_count := 0;
            new.like_count := 0;
            new.completion_count := 0;
            new.rating_sum := 0;
            new.rating_count := 0;
            new.season_count := 0;
            new.episode_count := 0;
            new.embedding := null;
            new.embedding_model := null;
        end if;
        new.project_deleted_at := null;
        if new.status not in ('draft', 'processing') then
            raise exception 'content starts as a draft (or processing), not %', new.status using errcode = '55000';
        end if;
        new.published_at := null;
        return new;
    end if;
    if new.status <> old.status then
        if not private.content_status_allowed(old.status, new.status) then
            raise exception 'content cannot move from % to %', old.status, new.status using errcode = '55000';
        end if;
        if new.status = 'published' then
            if new.type = 'series' and new.episode_count = 0 then
                raise exception 'a series needs at least one episode before it is published' using errcode = '55000';
            end if;
            if new.type <> 'series' and new.video_url is null and new.hls_url is null and new.dash_url is null then
                raise exception 'content needs a video_url, hls_url or dash_url before it is published'
                    using errcode = '55000';
            end if;
            new.published_at := coalesce(old.published_at, now());
        end if;
    end if;
    if (new.title, new.genre, new.synopsis, new.description)
        is distinct from (old.title, old.genre, old.synopsis, old.description) then
        new.embedding := null;
        new.embedding_model := null;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.discount_code_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() then
        new.created_by := private.caller_id();
        new.usage_count := 0;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.editable_workflow(target uuid)
 RETURNS public.workflows
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    found public.workflows;
begin
    select w.* into found from public.workflows w
    where w.id = target and w.deleted_at is null
      and (private.caller_id() is null or w.project_id = any(array(select private.editable_project_ids())))
    for update;
    if found.id is null then
        raise exception 'workflow not found' using errcode = 'P0002';
    end if;
    return found;
end
$function$
;

CREATE OR REPLACE FUNCTION private.event_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() then
        if tg_op = 'INSERT' then
            new.created_by := private.caller_id();
            new.current_attendees := 0;
            new.interested_count := 0;
        elsif (new.community_id, new.created_by, new.current_attendees, new.interested_count)
              is distinct from (old.community_id, old.created_by, old.current_attendees, old.interested_count) then
            raise exception 'an event''s community, creator and counts are not set by clients' using errcode = '42501';
        end if;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.license_note_scope()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    select r.organization_id into new.organization_id from public.license_requests r where r.id = new.request_id;
    if private.is_client_request() then
        new.author_id := private.caller_id();
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.license_request_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    entry public.license_catalog;
begin
    -- invoker rights: the catalogue entry must be visible (available) to the requester
    select c.* into entry from public.license_catalog c where c.project_id = new.project_id and c.is_available;
    if entry.id is null then
        raise exception 'no licence is offered for this project' using errcode = 'P0002';
    end if;
    if not new.license_type = any(entry.available_types) then
        raise exception 'licence type % is not offered for this project', new.license_type using errcode = '22023';
    end if;
    if cardinality(entry.available_territories) > 0 and not new.territory = any(entry.available_territories) then
        raise exception 'territory % is not offered for this project', new.territory using errcode = '22023';
    end if;
    new.organization_id := entry.organization_id;
    if private.is_client_request() then
        new.requester_user_id := private.caller_id();
        new.status := 'pending';
        new.assigned_to := null;
        new.decided_at := null;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.like_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    select c.community_id into new.community_id from public.fan_contents c
    where c.id = new.content_id and c.status = 'published';
    if new.community_id is null then
        raise exception 'fan content not found' using errcode = 'P0002';
    end if;
    if private.is_client_request() then
        new.user_id := private.caller_id();
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.my_backed_campaign_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select distinct i.campaign_id from public.investments i
    where i.user_id = (select private.acting_user_id()) and i.status = 'confirmed'
$function$
;

CREATE OR REPLACE FUNCTION private.my_invested_campaign_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select distinct i.campaign_id from public.investments i where i.user_id = (select private.acting_user_id())
$function$
;

CREATE OR REPLACE FUNCTION private.notify_license_request()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    perform private.notify(
        new.requester_user_id, 'license_update',
        jsonb_build_object('status', new.status, 'license_type', new.license_type, 'territory', new.territory),
        actor => private.caller_id(), reference_type => 'license_request', reference_id => new.id,
        title => format('Your licence request is %s', new.status));
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.notify_order_update()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    perform private.notify(
        new.user_id, 'order_update',
        jsonb_build_object('order_number', new.order_number, 'status', new.status, 'previous_status', old.status),
        actor => private.caller_id(), reference_type => 'order', reference_id => new.id,
        title => format('Order %s is %s', new.order_number, new.status));
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.poll_vote_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    poll public.discussions;
begin
    select d.* into poll from public.discussions d where d.id = new.discussion_id and d.status = 'published';
    if poll.id is null or poll.type <> 'poll' then
        raise exception 'poll not found' using errcode = 'P0002';
    end if;
    if poll.poll_ends_at is not null and poll.poll_ends_at <= now() then
        raise exception 'this poll closed at %', poll.poll_ends_at using errcode = '55000';
    end if;
    if not exists (select 1 from jsonb_array_elements(poll.poll_options) o where o ->> 'id' = new.option_id) then
        raise exception 'the poll has no option %', new.option_id using errcode = '22023';
    end if;
    new.community_id := poll.community_id;
    if private.is_client_request() then
        new.user_id := private.caller_id();
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
    if (row_new ->> 'community_id', row_new ->> 'author_id') is distinct from
       (row_old ->> 'community_id', row_old ->> 'author_id') then
        raise exception 'a post''s community and author never change' using errcode = '42501';
    end if;
    if (row_new -> 'upvotes', row_new -> 'downvotes', row_new -> 'score', row_new -> 'comment_count',
        row_new -> 'view_count', row_new -> 'like_count', row_new -> 'share_count')
       is distinct from
       (row_old -> 'upvotes', row_old -> 'downvotes', row_old -> 'score', row_old -> 'comment_count',
        row_old -> 'view_count', row_old -> 'like_count', row_old -> 'share_count') then
        raise exception 'counters are kept by the database' using errcode = '42501';
    end if;
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

CREATE OR REPLACE FUNCTION private.prepare_schedule()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'INSERT' then
        new.organization_id := private.project_organization(new.project_id);
        if private.is_client_request() then
            new.created_by := private.caller_id();
            new.run_count := 0;
            new.last_run_at := null;
        end if;
    end if;
    if new.kind is not null  -- null: the schedule starts a workflow (workflows.sql)
       and not coalesce((select k.client_requestable from public.generation_kinds k where k.kind = new.kind), false)
       and private.is_client_request() then
        raise exception 'unknown generation kind "%"', new.kind using errcode = '22023';
    end if;
    new.next_run_at := case when new.enabled then public.cron_next(new.cron, new.timezone, now()) end;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.product_scope()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    project_org uuid;
begin
    if new.project_id is not null then
        project_org := private.project_organization(new.project_id);
        if tg_op = 'INSERT' and new.organization_id is null then
            new.organization_id := project_org;
        elsif new.organization_id is distinct from project_org then
            raise exception 'the project belongs to another organization' using errcode = '22023';
        end if;
    end if;
    if tg_op = 'INSERT' and private.is_client_request() then
        new.created_by := private.caller_id();
        new.sold_count := 0;
        new.view_count := 0;
    end if;
    return new;
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
        private.caller_id(),
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

CREATE OR REPLACE FUNCTION private.record_subscription_change()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'UPDATE' and old.plan_id = new.plan_id and old.status = new.status then
        return null;
    end if;
    insert into public.subscription_history (
        organization_id, subscription_id, from_plan, to_plan, from_status, to_status, change_reason, changed_by
    )
    values (
        new.organization_id, new.id,
        case when tg_op = 'UPDATE' then old.plan_id end, new.plan_id,
        case when tg_op = 'UPDATE' then old.status end, new.status,
        coalesce(nullif(current_setting('creatorverse.change_reason', true), ''),
                 case when tg_op = 'INSERT' then 'created' else 'updated' end),
        private.caller_id()
    );
    update public.organizations o
    set plan = p.id, storage_limit_bytes = p.storage_limit_bytes
    from public.plans p
    where p.id = new.plan_id and o.id = new.organization_id
      and (o.plan, o.storage_limit_bytes) is distinct from (p.id, p.storage_limit_bytes);
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.record_template_version()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    insert into public.template_versions (template_id, organization_id, project_id, version, name, aspect, resolution,
                                          spec, created_by)
    values (new.id, new.organization_id, new.project_id, new.version, new.name, new.aspect, new.resolution, new.spec,
            coalesce(private.caller_id(), new.created_by))
    on conflict (template_id, version) do nothing;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.require_user()
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.caller_id();  -- a suspended account: 42501 account suspended
begin
    if uid is null then
        raise exception 'sign in required' using errcode = '28000';
    end if;
    return uid;
end
$function$
;

CREATE OR REPLACE FUNCTION private.royalty_report_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    agreement public.license_agreements;
    client boolean := private.is_client_request();
begin
    if tg_op = 'DELETE' then
        if old.status = 'paid' then
            raise exception 'a paid royalty report cannot be changed or deleted' using errcode = '55000';
        end if;
        return old;
    end if;
    if tg_op = 'UPDATE' then
        if old.status = 'paid' then
            raise exception 'a paid royalty report cannot be changed or deleted' using errcode = '55000';
        end if;
        if (new.agreement_id, new.organization_id, new.licensee_user_id, new.submitted_by)
           is distinct from (old.agreement_id, old.organization_id, old.licensee_user_id, old.submitted_by) then
            raise exception 'a royalty report''s agreement and parties never change' using errcode = '42501';
        end if;
        if client then
            if (new.status, new.paid_at, new.payment_reference) is distinct from
               (old.status, old.paid_at, old.payment_reference) then
                raise exception 'royalty reports are settled through settle_royalty_report' using errcode = '42501';
            end if;
            -- a corrected report goes back to the licensor for verification
            new.status := 'pending';
            new.submitted_at := now();
        end if;
    end if;
    select a.* into agreement from public.license_agreements a where a.id = new.agreement_id;
    if agreement.id is null then
        raise exception 'licence agreement not found' using errcode = 'P0002';
    end if;
    if tg_op = 'INSERT' then
        if agreement.status not in ('active', 'expired') then
            raise exception 'royalties are reported on a signed agreement (this one is %)', agreement.status
                using errcode = '55000';
        end if;
        new.organization_id := agreement.organization_id;
        new.licensee_user_id := agreement.licensee_user_id;
        if client then
            new.submitted_by := private.caller_id();
            new.status := 'pending';
            new.paid_at := null;
            new.payment_reference := null;
        end if;
    end if;
    if new.period_start < agreement.start_date or new.period_end > agreement.end_date then
        raise exception 'the period % to % is outside the agreement (% to %)', new.period_start, new.period_end,
            agreement.start_date, agreement.end_date using errcode = '22023';
    end if;
    new.royalty_amount_cents := private.royalty_amount(agreement, new.period_start, new.period_end,
                                                       new.gross_revenue_cents, new.net_revenue_cents);
    new.updated_at := now();
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
    if tg_op = 'UPDATE' and (new.event_id, new.user_id, new.community_id)
                            is distinct from (old.event_id, old.user_id, old.community_id) then
        raise exception 'an RSVP changes only its status' using errcode = '42501';
    end if;
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

CREATE OR REPLACE FUNCTION private.snapshot_version()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    new_row jsonb := to_jsonb(new) - array['updated_at', 'version', 'fts', 'word_count'];
    old_row jsonb := case when tg_op = 'UPDATE' then to_jsonb(old) - array['updated_at', 'version', 'fts', 'word_count'] end;
    diff jsonb := '{}';
    previous public.versions;
begin
    if tg_op = 'UPDATE' and new_row -> 'deleted_at' is distinct from old_row -> 'deleted_at' then
        -- deleting or restoring is not a new version: the history is deleted or restored with it
        update public.versions v set deleted_at = new.deleted_at
        where v.entity_type = tg_argv[0] and v.entity_id = new.id;
        return null;
    end if;
    if tg_op = 'UPDATE' then
        select coalesce(jsonb_object_agg(n.key, jsonb_build_object('old', old_row -> n.key, 'new', n.value)), '{}')
        into diff
        from jsonb_each(new_row) n where old_row -> n.key is distinct from n.value;
        if diff = '{}' then
            return null;
        end if;
    end if;
    select v.* into previous from public.versions v
    where v.entity_type = tg_argv[0] and v.entity_id = new.id
    order by v.version_number desc limit 1;
    insert into public.versions (
        organization_id, project_id, entity_type, entity_id, created_by, version_number, title, changes_summary,
        snapshot_data, diff_data, parent_version_id
    )
    values (
        new.organization_id, case when tg_argv[0] = 'project' then new.id else (new_row ->> 'project_id')::uuid end,
        tg_argv[0], new.id, private.caller_id(), coalesce(previous.version_number, 0) + 1, new_row ->> 'title',
        case when tg_op = 'INSERT' then 'created'
             else 'changed: ' || (select string_agg(k, ', ' order by k) from jsonb_object_keys(diff) k) end,
        new_row, diff, previous.id
    );
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.stamp_actor()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    column_name text;
    caller jsonb := to_jsonb(private.caller_id());
begin
    if not private.is_client_request() then
        return new;
    end if;
    foreach column_name in array tg_argv loop
        new := jsonb_populate_record(new, jsonb_build_object(column_name, caller));
    end loop;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.template_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    problem text;
begin
    if tg_op = 'INSERT' then
        if new.project_id is not null then
            new.organization_id := private.project_organization(new.project_id);
        end if;
        new.version := 1;
        if private.is_client_request() then
            new.created_by := private.caller_id();
            new.usage_count := 0;
        end if;
    elsif (new.spec, new.aspect, new.resolution, new.name) is distinct from (old.spec, old.aspect, old.resolution, old.name)
    then
        new.version := old.version + 1;
    end if;
    problem := private.template_spec_problem(new.spec, new.aspect, new.resolution);
    if problem is not null then
        raise exception 'template "%": %', new.name, problem using errcode = '22023';
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.user_holds_project_permission(user_id uuid, project uuid, permission text)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    saved_claims text := current_setting('request.jwt.claims', true);
    saved_sub text := current_setting('request.jwt.claim.sub', true);
    allowed boolean;
begin
    if user_id is null or project is null
       or not exists (select from public.profiles p where p.id = user_id and p.deleted_at is null) then
        return false;
    end if;
    if user_id is distinct from private.acting_user_id() then
        perform set_config('request.jwt.claims', jsonb_build_object('sub', user_id, 'role', 'authenticated')::text, true);
        perform set_config('request.jwt.claim.sub', '', true);
    end if;
    allowed := project = any(array(select private.project_ids_allowing(permission)));
    perform set_config('request.jwt.claims', coalesce(saved_claims, ''), true);
    perform set_config('request.jwt.claim.sub', coalesce(saved_sub, ''), true);
    return allowed;
end
$function$
;

CREATE OR REPLACE FUNCTION private.visible_generation(generation_id uuid, min_role public.member_role)
 RETURNS public.generations
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    found public.generations;
begin
    select g.* into found from public.generations g where g.id = generation_id and g.deleted_at is null;
    -- a signed-in caller must belong to the organization and reach the project; without a
    -- user (service role, maintenance) the row is visible. Not found and not yours: one error.
    if found.id is null
       or (private.caller_id() is not null
           and not (found.organization_id = any(array(select private.my_org_ids(min_role)))
                    and (found.project_id is null
                         or (min_role = 'viewer' and found.project_id = any(array(
                                 select private.readable_project_ids())))
                         or found.project_id = any(array(select private.editable_project_ids()))))) then
        raise exception 'generation not found' using errcode = 'P0002';
    end if;
    return found;
end
$function$
;

CREATE OR REPLACE FUNCTION private.vote_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'UPDATE' then
        if (new.user_id, new.discussion_id, new.comment_id, new.community_id)
           is distinct from (old.user_id, old.discussion_id, old.comment_id, old.community_id) then
            raise exception 'a vote changes only its direction' using errcode = '42501';
        end if;
        new.updated_at := now();
        return new;
    end if;
    -- invoker rights: the target must be readable
    if new.discussion_id is not null then
        select d.community_id into new.community_id from public.discussions d
        where d.id = new.discussion_id and d.status = 'published';
    else
        select c.community_id into new.community_id from public.discussion_comments c
        where c.id = new.comment_id and c.status = 'published';
    end if;
    if new.community_id is null then
        raise exception 'nothing to vote on' using errcode = 'P0002';
    end if;
    if private.is_client_request() then
        new.user_id := private.caller_id();
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.watchlist_before_insert()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() then
        new.user_id := private.caller_id();
        new.added_at := now();
        if not private.can_watch(new.content_id) then
            raise exception 'content not found' using errcode = 'P0002';
        end if;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.workflow_graph_problem(graph jsonb, variables jsonb, org uuid)
 RETURNS text
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    nodes jsonb := graph -> 'nodes';
    edges jsonb := coalesce(graph -> 'edges', '[]');
    node jsonb;
    edge jsonb;
    node_type public.workflow_node_types;
    types jsonb := '{}';   -- node id -> its type row
    node_ids text [] := '{}';
    edge_ids text [] := '{}';
    connected jsonb := '{}';  -- "node/port" -> edge id
    adjacency jsonb := '{}';
    i integer;
    n integer;
    label text;
    field text;
    from_node jsonb;
    to_node jsonb;
    from_port text;
    out_type text;
    to_port text;
    port jsonb;
    required text;
    alternative text [];
    found_param boolean;
    placeholder record;
    template public.templates;
    remaining text [];
    changed boolean;
    renders integer := 0;
begin
    -- a signed-in caller checks graphs of their own organizations only (templates are looked up there)
    if private.caller_id() is not null and not (org = any(array(select private.my_org_ids()))) then
        raise exception 'organization not found' using errcode = 'P0002';
    end if;
    if jsonb_typeof(graph) is distinct from 'object' then
        return 'graph: must be an object';
    end if;
    if jsonb_typeof(nodes) is distinct from 'array' or jsonb_array_length(nodes) = 0 then
        return 'graph.nodes: a non-empty array of nodes is required';
    end if;
    if jsonb_array_length(nodes) > 100 then
        return 'graph.nodes: at most 100 nodes';
    end if;
    if jsonb_typeof(edges) <> 'array' then
        return 'graph.edges: must be an array';
    end if;
    if jsonb_array_length(edges) > 400 then
        return 'graph.edges: at most 400 edges';
    end if;
    if jsonb_typeof(variables) is distinct from 'object' then
        return 'variables: must be an object';
    end if;
    for field in select k from jsonb_object_keys(variables) k order by k collate "C" loop
        if field !~ '^[A-Za-z_][A-Za-z0-9_]{0,63}$' then
            return format('variables.%s: name must be a letter or _ then up to 63 letters, digits or _', field);
        end if;
        if jsonb_typeof(variables -> field) not in ('string', 'null') then
            return format('variables.%s: must be a string, or null to be given when the workflow runs', field);
        end if;
    end loop;
    -- nodes
    for i in 0..jsonb_array_length(nodes) - 1 loop
        node := nodes -> i;
        if jsonb_typeof(node) <> 'object' then
            return format('graph.nodes[%s]: must be an object', i);
        end if;
        if jsonb_typeof(node -> 'id') is distinct from 'string' or node ->> 'id' !~ '^[A-Za-z0-9_-]{1,64}$' then
            return format('graph.nodes[%s].id: must be 1-64 letters, digits, _ or -', i);
        end if;
        if node ->> 'id' = any(node_ids) then
            return format('node %s: id: duplicate node id', node ->> 'id');
        end if;
        node_ids := node_ids || (node ->> 'id');
        select t.* into node_type from public.workflow_node_types t where t.type = node ->> 'type';
        if node_type.type is null then
            return format('node %s: type: unknown node type %s', node ->> 'id', coalesce(node -> 'type', 'null'));
        end if;
        types := types || jsonb_build_object(node ->> 'id', to_jsonb(node_type));
        if node ? 'params' and jsonb_typeof(node -> 'params') <> 'object' then
            return private.node_label(node) || ': params: must be an object';
        end if;
    end loop;
    -- edges
    for i in 0..jsonb_array_length(edges) - 1 loop
        edge := edges -> i;
        if jsonb_typeof(edge) <> 'object' then
            return format('graph.edges[%s]: must be an object', i);
        end if;
        if jsonb_typeof(edge -> 'id') is distinct from 'string' or edge ->> 'id' !~ '^[A-Za-z0-9_-]{1,64}$' then
            return format('graph.edges[%s].id: must be 1-64 letters, digits, _ or -', i);
        end if;
        label := 'edge ' || (edge ->> 'id');
        if edge ->> 'id' = any(edge_ids) then
            return label || ': id: duplicate edge id';
        end if;
        edge_ids := edge_ids || (edge ->> 'id');
        if jsonb_typeof(edge -> 'from') is distinct from 'string' or not (edge ->> 'from' = any(node_ids)) then
            return format('%s: from: no node %s', label, coalesce(edge -> 'from', 'null'));
        end if;
        if jsonb_typeof(edge -> 'to') is distinct from 'string' or not (edge ->> 'to' = any(node_ids)) then
            return format('%s: to: no node %s', label, coalesce(edge -> 'to', 'null'));
        end if;
        from_node := types -> (edge ->> 'from');
        to_node := types -> (edge ->> 'to');
        from_port := edge ->> 'fromPort';
        if from_port is null or from_port = 'output' then
            select k into from_port from jsonb_object_keys(from_node -> 'outputs') k order by k collate "C" limit 1;
        end if;
        if not (from_node -> 'outputs' ? from_port) then
            return format('%s: fromPort: node %s (%s) has no output port "%s"', label, edge ->> 'from',
                          from_node ->> 'type', from_port);
        end if;
        out_type := from_node -> 'outputs' ->> from_port;
        to_port := edge ->> 'toPort';
        if to_port is null or to_port = 'input' then
            select p.key into to_port from jsonb_each(to_node -> 'inputs') p
            where p.value -> 'types' ? out_type order by p.key collate "C" limit 1;
            if to_port is null then
                return format('%s: to: node %s (%s) has no input port for %s (from %s)', label, edge ->> 'to',
                              to_node ->> 'type', out_type, edge ->> 'from');
            end if;
        end if;
        port := to_node -> 'inputs' -> to_port;
        if port is null then
            return format('%s: toPort: node %s (%s) has no input port "%s"', label, edge ->> 'to', to_node ->> 'type',
                          to_port);
        end if;
        if not (port -> 'types' ? out_type) then
            return format('%s: toPort: node %s (%s) input "%s" takes %s, not %s (from %s)', label, edge ->> 'to',
                          to_node ->> 'type', to_port,
                          array_to_string(array(select jsonb_array_elements_text(port -> 'types')), ' or '), out_type,
                          edge ->> 'from');
        end if;
        if connected ? (edge ->> 'to' || '/' || to_port) and not (port ->> 'many')::boolean then
            return format('%s: toPort: node %s (%s) input "%s" is already connected (edge %s)', label, edge ->> 'to',
                          to_node ->> 'type', to_port, connected ->> (edge ->> 'to' || '/' || to_port));
        end if;
        connected := connected || jsonb_build_object(edge ->> 'to' || '/' || to_port, edge ->> 'id');
    end loop;
    -- required inputs
    for i in 0..jsonb_array_length(nodes) - 1 loop
        node := nodes -> i;
        for to_port in
            select p.key from jsonb_each(types -> (node ->> 'id') -> 'inputs') p
            where (p.value ->> 'required')::boolean order by p.key collate "C"
        loop
            if not connected ? (node ->> 'id' || '/' || to_port) then
                return format('%s: inputs.%s: required input is not connected', private.node_label(node), to_port);
            end if;
        end loop;
    end loop;
    -- cycles: peel sources, then sinks; what remains lies on a cycle
    remaining := node_ids;
    loop
        changed := false;
        for n in 1..coalesce(array_length(remaining, 1), 0) loop
            continue when remaining[n] is null;
            if not exists (select from jsonb_array_elements(edges) e
                           where e ->> 'to' = remaining[n] and e ->> 'from' = any(remaining)) then
                remaining[n] := null;
                changed := true;
            elsif not exists (select from jsonb_array_elements(edges) e
                              where e ->> 'from' = remaining[n] and e ->> 'to' = any(remaining)) then
                remaining[n] := null;
                changed := true;
            end if;
        end loop;
        remaining := array_remove(remaining, null);
        exit when not changed;
    end loop;
    if coalesce(array_length(remaining, 1), 0) > 0 then
        select x into node from jsonb_array_elements(nodes) x where x ->> 'id' = remaining[1];
        return format('%s: edges: part of a cycle (%s)', private.node_label(node), array_to_string(remaining, ', '));
    end if;
    -- params: required ones, placeholders, templates
    for i in 0..jsonb_array_length(nodes) - 1 loop
        node := nodes -> i;
        node_type := jsonb_populate_record(null::public.workflow_node_types, types -> (node ->> 'id'));
        foreach required in array node_type.required_params loop
            alternative := string_to_array(required, '|');
            found_param := exists (select from unnest(alternative) a
                                   where jsonb_typeof(node -> 'params' -> a) = 'string'
                                     and btrim(node -> 'params' ->> a) <> '');
            if not found_param then
                return format('%s: params.%s: %s required', private.node_label(node), alternative[1],
                              case when cardinality(alternative) > 1
                                   then 'params.' || array_to_string(alternative, ' or params.') || ' is'
                                   else 'a non-empty string is' end);
            end if;
        end loop;
        for placeholder in select * from private.json_placeholders(coalesce(node -> 'params', '{}')) loop
            if not variables ? placeholder.name then
                return format('%s: %s: placeholder {{%s}} is not a workflow variable', private.node_label(node),
                              placeholder.path, placeholder.name);
            end if;
        end loop;
        if node_type.type = 'Output.Render' then
            renders := renders + 1;
        end if;
        if node -> 'params' ? 'template_id' then
            if node_type.type <> 'Edit.Timeline' then
                return private.node_label(node) || ': params.template_id: only Edit.Timeline nodes use templates';
            end if;
            select t.* into template from public.templates t
            where (node -> 'params' ->> 'template_id') ~ '^[0-9a-fA-F-]{36}$'
              and t.id = (node -> 'params' ->> 'template_id')::uuid and t.deleted_at is null
              and (t.organization_id = org or t.is_public);
            if template.id is null then
                return format('%s: params.template_id: no template %s', private.node_label(node),
                              node -> 'params' -> 'template_id');
            end if;
            if node -> 'params' ? 'placeholders' and jsonb_typeof(node -> 'params' -> 'placeholders') <> 'object' then
                return private.node_label(node) || ': params.placeholders: must be an object';
            end if;
            for field in
                select k from jsonb_object_keys(coalesce(template.spec -> 'placeholders', '{}')) k
                order by k collate "C"
            loop
                if template.spec -> 'placeholders' ->> field not like '%\_optional'
                   and (jsonb_typeof(node -> 'params' -> 'placeholders' -> field) is distinct from 'string'
                        or btrim(node -> 'params' -> 'placeholders' ->> field) = '') then
                    return format('%s: params.placeholders.%s: required by template "%s" (%s)', private.node_label(node),
                                  field, template.name, template.spec -> 'placeholders' ->> field);
                end if;
            end loop;
            for field in
                select k from jsonb_object_keys(coalesce(node -> 'params' -> 'placeholders', '{}')) k
                order by k collate "C"
            loop
                if not coalesce(template.spec -> 'placeholders', '{}') ? field then
                    return format('%s: params.placeholders.%s: template "%s" has no placeholder %s',
                                  private.node_label(node), field, template.name, field);
                end if;
            end loop;
        end if;
    end loop;
    if renders <> 1 then
        return format('graph: exactly one Output.Render node is required (found %s)', renders);
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.workflow_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    problem text;
begin
    if tg_op = 'INSERT' then
        new.organization_id := private.project_organization(new.project_id);
        if private.is_client_request() then
            new.created_by := private.caller_id();
            new.run_count := 0;
            new.last_run_at := null;
            new.current_version := null;
        end if;
    end if;
    problem := private.workflow_graph_problem(new.graph, new.variables, new.organization_id);
    if problem is not null then
        raise exception 'workflow "%": %', new.name, problem using errcode = '22023';
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION public.award_badge(badge_id uuid, user_id uuid, context jsonb DEFAULT '{}'::jsonb)
 RETURNS public.user_badges
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    badge public.badges;
    caller uuid := private.caller_id();
    result public.user_badges;
begin
    if pg_column_size(context) > 4000 then
        raise exception 'context is too large' using errcode = '22023';
    end if;
    select b.* into badge from public.badges b where b.id = award_badge.badge_id and b.is_active;
    if badge.id is null
       or (auth.role() <> 'service_role'
           and (badge.community_id is null or private.my_community_rank(badge.community_id) < 3)) then
        raise exception 'badge not found' using errcode = 'P0002';
    end if;
    if badge.criteria_type <> 'manual' then
        raise exception 'the % badge is awarded automatically', badge.name using errcode = '22023';
    end if;
    if caller = award_badge.user_id then
        raise exception 'you cannot award a badge to yourself' using errcode = '42501';
    end if;
    if badge.community_id is not null and not exists (
        select 1 from public.community_members m
        where m.community_id = badge.community_id and m.user_id = award_badge.user_id and m.status in ('active', 'muted')
    ) then
        raise exception 'member not found' using errcode = 'P0002';
    end if;
    if not private.grant_badge(award_badge.user_id, badge, caller, context) then
        raise exception 'the badge was already awarded' using errcode = '23505';
    end if;
    select u.* into result from public.user_badges u where u.user_id = award_badge.user_id and u.badge_id = badge.id;
    return result;
end
$function$
;

CREATE OR REPLACE FUNCTION public.create_license_agreement(request_id uuid, start_date date, end_date date, royalty_percent numeric DEFAULT NULL::numeric, minimum_guarantee_cents bigint DEFAULT NULL::bigint, advance_payment_cents bigint DEFAULT 0, contract_url text DEFAULT NULL::text, currency text DEFAULT 'usd'::text)
 RETURNS public.license_agreements
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    request public.license_requests;
    entry public.license_catalog;
    agreement public.license_agreements;
    pct numeric := coalesce(create_license_agreement.royalty_percent, 0);
begin
    perform private.require_user();
    perform private.require_max_length(contract_url, 2000, 'contract_url');
    if create_license_agreement.currency !~ '^[a-z]{3}$' then
        raise exception 'currency must be a lower-case ISO 4217 code such as usd' using errcode = '22023';
    end if;
    select r.* into request from public.license_requests r
    where r.id = create_license_agreement.request_id
      and r.organization_id = any(array(select private.my_org_ids('admin')))
    for update;
    if request.id is null then
        raise exception 'licence request not found' using errcode = 'P0002';
    end if;
    if request.status <> 'approved' then
        raise exception 'only an approved request becomes an agreement (this one is %)', request.status
            using errcode = '55000';
    end if;
    if exists (select 1 from public.license_agreements a where a.request_id = request.id) then
        raise exception 'this request already has an agreement' using errcode = '23505';
    end if;
    pct := coalesce(create_license_agreement.royalty_percent, request.proposed_royalty_percent);
    if pct is null then
        raise exception 'royalty_percent is required' using errcode = '22023';
    end if;
    select c.* into entry from public.license_catalog c where c.project_id = request.project_id;
    if pct < coalesce(entry.royalty_min_percent, 0) or pct > coalesce(entry.royalty_max_percent, 100) then
        raise exception 'royalty of %%% is outside the catalogue''s range (% to %)', pct,
            coalesce(entry.royalty_min_percent, 0), coalesce(entry.royalty_max_percent, 100) using errcode = '22023';
    end if;
    insert into public.license_agreements (
        project_id, organization_id, request_id, licensee_user_id, licensee_company, license_type, territory,
        start_date, end_date, royalty_percent, minimum_guarantee_cents, advance_payment_cents, currency, contract_url,
        created_by
    )
    values (
        request.project_id, request.organization_id, request.id, request.requester_user_id, request.company_name,
        request.license_type, request.territory, create_license_agreement.start_date, create_license_agreement.end_date,
        pct, coalesce(create_license_agreement.minimum_guarantee_cents, request.proposed_minimum_guarantee_cents,
                      entry.minimum_guarantee_cents, 0),
        coalesce(create_license_agreement.advance_payment_cents, 0), create_license_agreement.currency,
        create_license_agreement.contract_url, private.caller_id()
    )
    returning * into agreement;
    return agreement;
end
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
$function$
;

CREATE OR REPLACE FUNCTION public.film_share_links(asset_id uuid)
 RETURNS TABLE(share_id uuid, created_by uuid, created_at timestamp with time zone, expires_at timestamp with time zone, revoked_at timestamp with time zone, opened_count bigint, last_opened_at timestamp with time zone)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select s.id, s.created_by, s.created_at, s.expires_at, s.revoked_at, s.opened_count, s.last_opened_at
    from private.film_shares s
    join public.assets a on a.id = s.asset_id and a.deleted_at is null
    where s.asset_id = film_share_links.asset_id
      and s.expires_at > now()
      and (s.organization_id in (select private.my_org_ids('editor'))
           or (s.created_by = (select private.caller_id()) and s.organization_id in (select private.my_org_ids())))
    order by s.created_at desc
$function$
;

CREATE OR REPLACE FUNCTION public.is_feature_enabled(flag_key text, subject_user_id uuid DEFAULT NULL::uuid, subject_organization_id uuid DEFAULT NULL::uuid)
 RETURNS boolean
 LANGUAGE plpgsql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    flag public.feature_flags;
    subject_user uuid := coalesce(subject_user_id, private.caller_id());
    subject text;
begin
    -- clients ask about themselves and their own organizations only
    if coalesce(auth.role(), '') in ('anon', 'authenticated') then
        if subject_user_id is not null and subject_user_id is distinct from private.caller_id() then
            raise exception 'clients may only check flags for themselves' using errcode = '42501';
        end if;
        if subject_organization_id is not null and not private.has_org_role(subject_organization_id) then
            raise exception 'organization % not found', subject_organization_id using errcode = 'P0002';
        end if;
    end if;
    select f.* into flag from public.feature_flags f where f.key = flag_key;
    if flag.id is null or not flag.enabled then
        return false;
    end if;
    subject := coalesce(subject_user::text, subject_organization_id::text);
    return case flag.target_type
        when 'all' then true
        when 'users' then subject_user = any (flag.target_user_ids)
        when 'organizations' then subject_organization_id = any (flag.target_organization_ids)
        when 'percentage' then subject is not null
            and abs(hashtextextended(flag.key || ':' || subject, 0) % 100) < flag.rollout_percentage
        else false
    end;
end
$function$
;

CREATE OR REPLACE FUNCTION public.my_digital_downloads()
 RETURNS TABLE(order_id uuid, order_number text, product_id uuid, product_name text, digital_file_url text)
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select o.id, o.order_number, i.product_id, i.product_name, x.digital_file_url
    from public.orders o
    join public.order_items i on i.order_id = o.id and i.is_digital
    join public.product_internals x on x.product_id = i.product_id
    where o.user_id = (select private.caller_id()) and o.payment_status in ('paid', 'partially_refunded')
      and o.status not in ('cancelled', 'refunded')
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
        values (target.id, target.organization_id, private.caller_id(), note);
    end if;
    return target;
end
$function$
;

CREATE OR REPLACE FUNCTION public.rsvp_event(event_id uuid, status text DEFAULT 'going'::text)
 RETURNS public.event_rsvps
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    result public.event_rsvps;
begin
    perform private.require_user();
    if status not in ('going', 'interested', 'not_going') then
        raise exception 'an RSVP is going, interested or not_going' using errcode = '22023';
    end if;
    insert into public.event_rsvps as r (event_id, user_id, status)
    values (rsvp_event.event_id, private.caller_id(), rsvp_event.status)
    on conflict on constraint event_rsvps_event_id_user_id_key do update set status = excluded.status
    returning * into result;
    return result;
end
$function$
;

CREATE OR REPLACE FUNCTION public.set_license_agreement_status(agreement_id uuid, new_status text)
 RETURNS public.license_agreements
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    agreement public.license_agreements;
begin
    perform private.require_user();
    if new_status not in ('pending_signature', 'terminated') then
        raise exception 'a licensor sets pending_signature or terminated, not %', new_status using errcode = '22023';
    end if;
    update public.license_agreements a set status = new_status
    where a.id = set_license_agreement_status.agreement_id
      and a.organization_id = any(array(select private.my_org_ids('admin')))
    returning * into agreement;
    if agreement.id is null then
        raise exception 'licence agreement not found' using errcode = 'P0002';
    end if;
    perform private.notify(agreement.licensee_user_id, 'license_update',
        jsonb_build_object('status', agreement.status), actor => private.caller_id(),
        reference_type => 'license_agreement', reference_id => agreement.id,
        title => format('Your licence agreement is %s', replace(agreement.status, '_', ' ')));
    return agreement;
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
    if not (report.status, new_status) in (
        ('pending', 'verified'), ('pending', 'disputed'), ('disputed', 'verified'), ('verified', 'paid'),
        ('verified', 'disputed')
    ) then
        raise exception 'a royalty report cannot go from % to %', report.status, new_status using errcode = '55000';
    end if;
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

CREATE OR REPLACE FUNCTION public.share_film(asset_id uuid, expires_in interval DEFAULT '7 days'::interval)
 RETURNS TABLE(share_id uuid, token text, expires_at timestamp with time zone)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    film public.assets;
    new_token text := 'film_' || private.random_token();
    live_links integer;
begin
    perform private.require_user();
    if expires_in is null or expires_in < interval '1 minute' or expires_in > interval '30 days' then
        raise exception 'a share link lasts from 1 minute to 30 days, not %', coalesce(expires_in::text, 'null')
            using errcode = '22023';
    end if;
    -- the film's row locked against other shares of it, so that concurrent calls count each other
    select a.* into film from public.assets a
    where a.id = share_film.asset_id and a.deleted_at is null
      and ((a.project_id is null and a.organization_id in (select private.my_org_ids()))
           or a.project_id in (select private.readable_project_ids()))
    for no key update of a;
    if film.id is null then
        raise exception 'film not found' using errcode = 'P0002';
    end if;
    if film.type <> 'video' or film.status <> 'ready' then
        raise exception 'only a ready video can be shared (this asset: %, %)', film.type, film.status
            using errcode = '22023';
    end if;
    -- the caller's membership, locked: a concurrent removal or organization deletion waits
    perform private.require_org_role(film.organization_id, 'editor', 'share films', 'publish');
    select count(*) into live_links from private.film_shares s
    where s.asset_id = film.id and s.revoked_at is null and s.expires_at > now();
    if live_links >= 50 then
        raise exception 'share limit reached: at most 50 live share links per film' using errcode = 'PT429';
    end if;
    return query
    insert into private.film_shares as s (asset_id, organization_id, token_hash, created_by, expires_at)
    values (film.id, film.organization_id, private.token_hash(new_token), private.caller_id(), now() + expires_in)
    returning s.id, new_token, s.expires_at;
end
$function$
;

CREATE OR REPLACE FUNCTION public.soft_delete(table_name text, row_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target jsonb;
    allowed boolean;
begin
    perform private.require_user();
    if table_name not in (
        'projects', 'stories', 'universes', 'moodboards', 'animations', 'books', 'chapters', 'scripts', 'scenes',
        'plot_overviews', 'characters', 'chapter_scripts', 'prompts', 'brand_policies', 'feedback', 'assets'
    ) then
        raise exception 'rows of % are not soft-deleted', table_name using errcode = '22023';
    end if;
    execute format('select to_jsonb(t) from public.%I t where t.id = $1 and t.deleted_at is null for update', table_name)
    into target using row_id;
    allowed := case
        when target is null then false
        when table_name = 'projects' then row_id in (select private.editable_project_ids())
        when table_name = 'prompts' then private.has_org_role((target ->> 'organization_id')::uuid, 'admin')
            or ((target ->> 'created_by')::uuid = private.caller_id()
                and private.has_org_role((target ->> 'organization_id')::uuid, 'editor'))
        when table_name = 'feedback' then private.has_org_role((target ->> 'organization_id')::uuid, 'admin')
            or ((target ->> 'created_by')::uuid = private.caller_id()
                and private.has_org_role((target ->> 'organization_id')::uuid, 'viewer'))
        when target ->> 'project_id' is null then private.has_org_role((target ->> 'organization_id')::uuid, 'editor')
        else (target ->> 'project_id')::uuid in (select private.editable_project_ids())
    end;
    if not allowed then
        raise exception '% % not found', table_name, row_id using errcode = 'P0002';
    end if;
    execute format('update public.%I set deleted_at = now() where id = $1', table_name) using row_id;
end
$function$
;

CREATE OR REPLACE FUNCTION public.unread_notification_count()
 RETURNS bigint
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select count(*) from public.notifications n where n.user_id = (select private.caller_id()) and n.read_at is null
$function$
;

CREATE OR REPLACE FUNCTION public.use_prompt(prompt_id uuid, variable_values jsonb DEFAULT '{}'::jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    prompt public.prompts;
    rendered text;
    variable_name text;
    missing text[];
begin
    perform private.require_user();
    if pg_column_size(variable_values) > 65536 then
        raise exception 'prompt variables are limited to 64 KiB' using errcode = '22023';
    end if;
    -- what prompts_select shows the caller: this function reads as its owner
    select p.* into prompt from public.prompts p
    where p.id = use_prompt.prompt_id and p.deleted_at is null
      and (p.is_public or p.organization_id = any(array(select private.my_org_ids())));
    if prompt.id is null then
        raise exception 'prompt % not found', prompt_id using errcode = 'P0002';
    end if;
    rendered := prompt.content;
    for variable_name in select distinct m[1] from regexp_matches(prompt.content, '\{\{\s*(\w+)\s*\}\}', 'g') m loop
        if variable_values ? variable_name then
            rendered := regexp_replace(rendered, '\{\{\s*' || variable_name || '\s*\}\}',
                                       replace(variable_values ->> variable_name, '\', '\\'), 'g');
        else
            missing := missing || variable_name;
        end if;
        if length(rendered) > 100000 then
            raise exception 'a rendered prompt is limited to 100000 characters' using errcode = '22023';
        end if;
    end loop;
    if missing is not null then
        raise exception 'missing values for prompt variables: %', array_to_string(missing, ', ') using errcode = '22023';
    end if;
    -- counts once per user and day (prompt_uses_once_a_day_idx)
    insert into public.prompt_uses (prompt_id, user_id) values (prompt.id, private.caller_id())
    on conflict do nothing;
    return rendered;
end
$function$
;

grant execute on function private.caller_id() to anon;
grant execute on function private.caller_id() to authenticated;
grant execute on function private.caller_id() to service_role;
