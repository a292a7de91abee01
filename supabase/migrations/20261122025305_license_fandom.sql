-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.add_progress(who uuid, counter text, delta bigint)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if who is null or delta = 0 then
        return;
    end if;
    if counter not in ('total_xp', 'videos_created', 'books_uploaded', 'quizzes_completed', 'posts_created',
                       'comments_created', 'total_spent_cents') then
        raise exception 'unknown progress counter %', counter using errcode = '22023';
    end if;
    execute format(
        'insert into public.user_progress as p (user_id, %1$I) values ($1, greatest($2, 0))
         on conflict (user_id) do update set %1$I = greatest(p.%1$I + $2, 0), updated_at = now()', counter)
    using who, delta;
end
$function$
;

CREATE OR REPLACE FUNCTION private.award_community_badges()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    badge public.badges;
    tenure integer := extract(day from now() - new.joined_at)::integer;
begin
    if new.status not in ('active', 'muted') then
        return null;
    end if;
    for badge in
        select b.* from public.badges b
        where b.community_id = new.community_id and b.is_active
          and ((b.criteria_type = 'post_count' and new.post_count >= b.criteria_value)
               or (b.criteria_type = 'comment_count' and new.comment_count >= b.criteria_value)
               or (b.criteria_type = 'tenure_days' and tenure >= b.criteria_value))
          and not exists (select 1 from public.user_badges u where u.user_id = new.user_id and u.badge_id = b.id)
    loop
        perform private.grant_badge(new.user_id, badge, null, '{}');
    end loop;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.award_platform_badges()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    badge public.badges;
    progress jsonb := to_jsonb(new);
begin
    for badge in
        select b.* from public.badges b
        where b.community_id is null and b.is_active and b.criteria_type <> 'manual'
          and (progress ->> (case b.criteria_type when 'post_count' then 'posts_created'
                                                  when 'comment_count' then 'comments_created'
                                                  else b.criteria_type end))::integer >= b.criteria_value
          and not exists (select 1 from public.user_badges u where u.user_id = new.user_id and u.badge_id = b.id)
    loop
        perform private.grant_badge(new.user_id, badge, null, '{}');
    end loop;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.cart_item_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    product public.products;
    variant public.product_variants;
begin
    if tg_op = 'UPDATE' then
        if not private.is_client_request() then
            return new;  -- repricing by the catalogue
        end if;
        if (new.cart_id, new.product_id, new.variant_id, new.user_id, new.organization_id)
           is distinct from (old.cart_id, old.product_id, old.variant_id, old.user_id, old.organization_id) then
            raise exception 'only the quantity of a cart line can change' using errcode = '42501';
        end if;
        new.unit_price_cents := old.unit_price_cents;
        return new;
    end if;
    -- invoker rights: the caller's own cart, and products the caller may see
    select c.user_id into new.user_id from public.carts c where c.id = new.cart_id;
    select p.* into product from public.products p where p.id = new.product_id;
    if product.id is null or product.status <> 'active' or product.visibility = 'private' then
        raise exception 'product not found' using errcode = 'P0002';
    end if;
    if new.variant_id is not null then
        select v.* into variant from public.product_variants v
        where v.id = new.variant_id and v.product_id = product.id and v.is_active;
        if variant.id is null then
            raise exception 'variant not found' using errcode = 'P0002';
        end if;
    elsif product.has_variants then
        raise exception 'choose a variant of %', product.name using errcode = '22023';
    end if;
    new.organization_id := product.organization_id;
    new.unit_price_cents := coalesce(variant.price_cents, product.price_cents);
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
        new.author_id := auth.uid();
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
        new.created_by := auth.uid();
        new.member_count := 0;
        new.post_count := 0;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.community_owner()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if new.created_by is not null then
        insert into public.community_members (community_id, user_id, role, status)
        values (new.id, new.created_by, 'owner', 'active');
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.community_role_rank(role text)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select case role when 'member' then 1 when 'moderator' then 2 when 'admin' then 3 when 'owner' then 4 else 0 end
$function$
;

CREATE OR REPLACE FUNCTION private.count_cart_totals()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update public.carts c
        set subtotal_cents = c.subtotal_cents - old.quantity * old.unit_price_cents,
            item_count = c.item_count - old.quantity, updated_at = now()
        where c.id = old.cart_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        update public.carts c
        set subtotal_cents = c.subtotal_cents + new.quantity * new.unit_price_cents,
            item_count = c.item_count + new.quantity, updated_at = now()
        where c.id = new.cart_id;
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.count_comments()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    was boolean := tg_op in ('UPDATE', 'DELETE') and old.status = 'published';
    is_now boolean := tg_op in ('INSERT', 'UPDATE') and new.status = 'published';
    delta integer := case when is_now then 1 else -1 end;
    row_data jsonb := to_jsonb(coalesce(new, old));
    author uuid := coalesce(new.author_id, old.author_id);
    post_table text := case tg_table_name when 'discussion_comments' then 'discussions' else 'fan_contents' end;
    post_id uuid := coalesce(row_data ->> 'discussion_id', row_data ->> 'content_id')::uuid;
    post_author uuid;
    parent_author uuid;
begin
    if was is distinct from is_now then
        execute format('update public.%I p set comment_count = greatest(p.comment_count + $1, 0) where p.id = $2',
                       post_table) using delta, post_id;
        update public.community_members m set comment_count = greatest(m.comment_count + delta, 0)
        where m.community_id = coalesce(new.community_id, old.community_id) and m.user_id = author;
    end if;
    if tg_op = 'INSERT' and is_now then
        perform private.add_progress(author, 'comments_created', 1);
        execute format('select p.author_id from public.%I p where p.id = $1', post_table) into post_author using post_id;
        if new.parent_id is not null then
            execute format('select c.author_id from public.%I c where c.id = $1', tg_table_name)
            into parent_author using new.parent_id;
        end if;
        perform private.notify(
            coalesce(parent_author, post_author), 'comment_reply',
            jsonb_build_object('post_id', post_id, 'comment_id', new.id, 'parent_id', new.parent_id,
                               'excerpt', left(new.content, 140)),
            actor => author,
            reference_type => case tg_table_name when 'discussion_comments' then 'comment' else 'content_comment' end,
            reference_id => new.id,
            title => case when new.parent_id is null then 'New comment on your post' else 'New reply to your comment' end);
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.count_likes()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    author uuid;
begin
    update public.fan_contents c set like_count = greatest(c.like_count + case when tg_op = 'INSERT' then 1 else -1 end, 0)
    where c.id = coalesce(new.content_id, old.content_id)
    returning c.author_id into author;
    if tg_op = 'INSERT' then
        perform private.notify(author, 'like', jsonb_build_object('content_id', new.content_id),
                               actor => new.user_id, reference_type => 'content', reference_id => new.content_id,
                               title => 'Someone liked your fan content');
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.count_members()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    was boolean := tg_op in ('UPDATE', 'DELETE') and old.status in ('active', 'muted');
    now_counted boolean := tg_op in ('INSERT', 'UPDATE') and new.status in ('active', 'muted');
begin
    if was is distinct from now_counted then
        update public.communities c set member_count = c.member_count + case when now_counted then 1 else -1 end
        where c.id = coalesce(new.community_id, old.community_id);
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.count_posts()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    was boolean := tg_op in ('UPDATE', 'DELETE') and old.status = 'published';
    is_now boolean := tg_op in ('INSERT', 'UPDATE') and new.status = 'published';
    delta integer := case when is_now then 1 else -1 end;
    target_community uuid := coalesce(new.community_id, old.community_id);
    author uuid := coalesce(new.author_id, old.author_id);
begin
    if was is distinct from is_now then
        update public.communities c set post_count = greatest(c.post_count + delta, 0) where c.id = target_community;
        update public.community_members m set post_count = greatest(m.post_count + delta, 0)
        where m.community_id = target_community and m.user_id = author;
    end if;
    if tg_op = 'INSERT' and is_now then
        perform private.add_progress(author, 'posts_created', 1);
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.count_rsvps()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    going_delta integer := (case when tg_op <> 'DELETE' and new.status = 'going' then 1 else 0 end)
                           - (case when tg_op <> 'INSERT' and old.status = 'going' then 1 else 0 end);
    interested_delta integer := (case when tg_op <> 'DELETE' and new.status = 'interested' then 1 else 0 end)
                                - (case when tg_op <> 'INSERT' and old.status = 'interested' then 1 else 0 end);
    target uuid := coalesce(new.event_id, old.event_id);
begin
    if going_delta > 0 then
        update public.events e set current_attendees = e.current_attendees + 1
        where e.id = target and (e.max_attendees is null or e.current_attendees < e.max_attendees);
        if not found then
            raise exception 'this event is full' using errcode = 'PT409';
        end if;
    elsif going_delta < 0 then
        update public.events e set current_attendees = greatest(e.current_attendees - 1, 0) where e.id = target;
    end if;
    if interested_delta <> 0 then
        update public.events e set interested_count = greatest(e.interested_count + interested_delta, 0)
        where e.id = target;
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.count_votes()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    up_delta integer := (case when tg_op <> 'DELETE' and new.vote_type = 'up' then 1 else 0 end)
                        - (case when tg_op <> 'INSERT' and old.vote_type = 'up' then 1 else 0 end);
    down_delta integer := (case when tg_op <> 'DELETE' and new.vote_type = 'down' then 1 else 0 end)
                          - (case when tg_op <> 'INSERT' and old.vote_type = 'down' then 1 else 0 end);
begin
    if up_delta = 0 and down_delta = 0 then
        return null;
    end if;
    if coalesce(new.discussion_id, old.discussion_id) is not null then
        update public.discussions d
        set upvotes = d.upvotes + up_delta, downvotes = d.downvotes + down_delta,
            score = d.score + up_delta - down_delta
        where d.id = coalesce(new.discussion_id, old.discussion_id);
    else
        update public.discussion_comments c
        set upvotes = c.upvotes + up_delta, downvotes = c.downvotes + down_delta,
            score = c.score + up_delta - down_delta
        where c.id = coalesce(new.comment_id, old.comment_id);
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.deleted_org_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select o.id from public.organizations o where o.deleted_at is not null
$function$
;

CREATE OR REPLACE FUNCTION private.discount_code_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() then
        new.created_by := auth.uid();
        new.usage_count := 0;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.discount_for(code public.discount_codes, buyer uuid, subtotal bigint, eligible bigint, shipping bigint)
 RETURNS bigint
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
    discount bigint;
    used_by_buyer integer;
begin
    if code.starts_at is not null and code.starts_at > now() then
        raise exception 'discount code % is not valid yet', code.code using errcode = '22023';
    end if;
    if code.expires_at is not null and code.expires_at <= now() then
        raise exception 'discount code % has expired', code.code using errcode = '22023';
    end if;
    if code.usage_limit is not null and code.usage_count >= code.usage_limit then
        raise exception 'discount code % has reached its usage limit', code.code using errcode = 'PT429';
    end if;
    select count(*) into used_by_buyer from public.orders o
    where o.discount_code_id = code.id and o.user_id = buyer and o.status <> 'cancelled';
    if code.per_user_limit is not null and used_by_buyer >= code.per_user_limit then
        raise exception 'you have already used discount code % (limit % per customer)', code.code, code.per_user_limit
            using errcode = 'PT429';
    end if;
    if eligible = 0 then
        raise exception 'discount code % does not apply to any item in your cart', code.code using errcode = '22023';
    end if;
    if code.minimum_order_cents is not null and subtotal < code.minimum_order_cents then
        raise exception 'discount code % needs an order of at least % cents', code.code, code.minimum_order_cents
            using errcode = '22023';
    end if;
    discount := case code.type
        when 'percentage' then round(eligible * code.percent_off / 100)::bigint
        when 'fixed_amount' then least(code.amount_off_cents, eligible)
        else shipping
    end;
    return least(discount, coalesce(code.maximum_discount_cents, discount));
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
            new.created_by := auth.uid();
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

CREATE OR REPLACE FUNCTION private.grant_badge(who uuid, badge public.badges, awarded_by uuid, context jsonb)
 RETURNS boolean
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    new_id uuid;
begin
    insert into public.user_badges (user_id, badge_id, community_id, awarded_by, earning_context)
    values (who, badge.id, badge.community_id, awarded_by,
            jsonb_build_object('criteria_type', badge.criteria_type, 'criteria_value', badge.criteria_value)
            || coalesce(context, '{}'))
    on conflict (user_id, badge_id) do nothing
    returning id into new_id;
    if new_id is null then
        return false;
    end if;
    perform private.add_progress(who, 'total_xp', badge.xp_reward);
    perform private.notify(who, 'badge',
        jsonb_build_object('badge_id', badge.id, 'name', badge.name, 'xp_reward', badge.xp_reward,
                           'community_id', badge.community_id),
        actor => awarded_by, reference_type => 'badge', reference_id => badge.id,
        title => format('You earned the %s badge', badge.name));
    return true;
end
$function$
;

CREATE OR REPLACE FUNCTION private.keep_community_owner()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if old.role = 'owner' and (tg_op = 'DELETE' or new.role <> 'owner')
       and exists (select 1 from public.communities c where c.id = old.community_id)
       and not exists (select 1 from public.community_members m
                       where m.community_id = old.community_id and m.role = 'owner' and m.id <> old.id) then
        raise exception 'a community keeps at least one owner' using errcode = '55000';
    end if;
    return coalesce(new, old);
end
$function$
;

CREATE OR REPLACE FUNCTION private.license_agreement_transition()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if (new.project_id, new.organization_id, new.request_id, new.licensee_user_id, new.royalty_percent,
        new.minimum_guarantee_cents, new.start_date, new.end_date)
       is distinct from (old.project_id, old.organization_id, old.request_id, old.licensee_user_id,
                         old.royalty_percent, old.minimum_guarantee_cents, old.start_date, old.end_date)
       and old.status <> 'draft' then
        raise exception 'the terms of an agreement are fixed once it is sent for signature' using errcode = '55000';
    end if;
    if new.status is distinct from old.status then
        if not (old.status, new.status) in (
            ('draft', 'pending_signature'), ('draft', 'terminated'), ('pending_signature', 'active'),
            ('pending_signature', 'terminated'), ('active', 'expired'), ('active', 'terminated')
        ) then
            raise exception 'an agreement cannot go from % to %', old.status, new.status using errcode = '55000';
        end if;
        if new.status = 'active' then
            new.signed_at := now();
        end if;
    end if;
    new.updated_at := now();
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.license_catalog_scope()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    new.organization_id := private.project_organization(new.project_id);
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
        new.author_id := auth.uid();
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
        new.requester_user_id := auth.uid();
        new.status := 'pending';
        new.assigned_to := null;
        new.decided_at := null;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.license_request_transition()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if (new.project_id, new.organization_id, new.requester_user_id)
       is distinct from (old.project_id, old.organization_id, old.requester_user_id) then
        raise exception 'a licence request''s project and requester never change' using errcode = '42501';
    end if;
    if new.status is distinct from old.status then
        if not (old.status, new.status) in (
            ('pending', 'reviewing'), ('pending', 'rejected'), ('pending', 'withdrawn'),
            ('reviewing', 'negotiating'), ('reviewing', 'approved'), ('reviewing', 'rejected'),
            ('reviewing', 'withdrawn'), ('negotiating', 'approved'), ('negotiating', 'rejected'),
            ('negotiating', 'withdrawn')
        ) then
            raise exception 'a licence request cannot go from % to %', old.status, new.status using errcode = '55000';
        end if;
        if new.status in ('approved', 'rejected', 'withdrawn') then
            new.decided_at := now();
        end if;
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
        new.user_id := auth.uid();
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.listed_community_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select c.id from public.communities c
    join public.organizations o on o.id = c.organization_id and o.deleted_at is null
    where c.visibility in ('public', 'private') and c.status <> 'banned'
    union
    select m.community_id from public.community_members m where m.user_id = (select auth.uid())
    union
    select c.id from public.communities c where c.organization_id = any(array(select private.my_org_ids()))
$function$
;

CREATE OR REPLACE FUNCTION private.moderated_community_ids(min_role text DEFAULT 'moderator'::text)
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select m.community_id from public.community_members m
    where m.user_id = (select auth.uid()) and m.status = 'active'
      and private.community_role_rank(m.role) >= private.community_role_rank(min_role)
    union
    select c.id from public.communities c
    where c.organization_id = any(array(select private.my_org_ids('admin'))) and min_role <> 'owner'
$function$
;

CREATE OR REPLACE FUNCTION private.my_community_rank(target_community uuid)
 RETURNS integer
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select greatest(
        (select private.community_role_rank(m.role) from public.community_members m
         where m.community_id = target_community and m.user_id = (select auth.uid()) and m.status in ('active', 'muted')),
        (select 3 from public.communities c
         where c.id = target_community and c.organization_id = any(array(select private.my_org_ids('admin')))),
        0)
$function$
;

CREATE OR REPLACE FUNCTION private.notify(recipient uuid, kind text, payload jsonb DEFAULT '{}'::jsonb, actor uuid DEFAULT NULL::uuid, reference_type text DEFAULT NULL::text, reference_id uuid DEFAULT NULL::uuid, title text DEFAULT NULL::text, message text DEFAULT NULL::text)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    new_id uuid;
begin
    if recipient is null or recipient = actor then
        return null;
    end if;
    insert into public.notifications (user_id, type, title, message, reference_type, reference_id, actor_id, payload)
    values (recipient, kind, left(notify.title, 255), left(notify.message, 2000), notify.reference_type,
            notify.reference_id, actor, coalesce(notify.payload, '{}'))
    returning id into new_id;
    return new_id;
end
$function$
;

CREATE OR REPLACE FUNCTION private.notify_follow()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if exists (select 1 from public.notifications n
               where n.user_id = new.following_id and n.type = 'follow' and n.actor_id = new.follower_id
                 and n.created_at > now() - interval '1 day') then
        return null;
    end if;
    perform private.notify(new.following_id, 'follow', jsonb_build_object('follower_id', new.follower_id),
                           actor => new.follower_id, reference_type => 'user', reference_id => new.follower_id,
                           title => 'You have a new follower');
    return null;
end
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
        actor => auth.uid(), reference_type => 'license_request', reference_id => new.id,
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
        actor => auth.uid(), reference_type => 'order', reference_id => new.id,
        title => format('Order %s is %s', new.order_number, new.status));
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.order_transition()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() then
        raise exception 'orders change through place_order, cancel_order and update_order_status'
            using errcode = '42501';
    end if;
    if (old.order_number, old.user_id, old.organization_id, old.subtotal_cents, old.discount_cents,
        old.shipping_cents, old.tax_cents, old.total_cents, old.currency, old.discount_code_id)
       is distinct from
       (new.order_number, new.user_id, new.organization_id, new.subtotal_cents, new.discount_cents,
        new.shipping_cents, new.tax_cents, new.total_cents, new.currency, new.discount_code_id) then
        raise exception 'an order''s number, buyer, seller and amounts never change' using errcode = '42501';
    end if;
    if new.status is distinct from old.status then
        if not (old.status, new.status) in (
            ('pending', 'confirmed'), ('pending', 'cancelled'),
            ('confirmed', 'processing'), ('confirmed', 'shipped'), ('confirmed', 'refunded'),
            ('processing', 'shipped'), ('processing', 'refunded'),
            ('shipped', 'delivered'), ('shipped', 'refunded'),
            ('delivered', 'refunded')
        ) then
            raise exception 'an order cannot go from % to %', old.status, new.status using errcode = '55000';
        end if;
        if new.status = 'confirmed' and new.payment_status <> 'paid' then
            raise exception 'an order is confirmed by its payment' using errcode = '55000';
        end if;
        case new.status
            when 'shipped' then new.shipped_at := coalesce(new.shipped_at, now());
            when 'delivered' then new.delivered_at := coalesce(new.delivered_at, now());
            when 'cancelled' then new.cancelled_at := now();
            else null;
        end case;
    end if;
    new.updated_at := now();
    return new;
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
        new.user_id := auth.uid();
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
        new.author_id := auth.uid();
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

CREATE OR REPLACE FUNCTION private.postable_community_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select m.community_id from public.community_members m
    join public.communities c on c.id = m.community_id and c.status = 'active'
    where m.user_id = (select auth.uid())
      and (m.status = 'active' or (m.status = 'muted' and m.muted_until <= now()))
$function$
;

CREATE OR REPLACE FUNCTION private.product_child_scope()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    product public.products;
begin
    select p.* into product from public.products p where p.id = new.product_id;
    if product.id is null then
        raise exception 'product not found' using errcode = 'P0002';
    end if;
    new.organization_id := product.organization_id;
    if tg_table_name = 'product_variants' and tg_op = 'INSERT' then
        new.allow_backorder := new.allow_backorder or product.allow_backorder;
    end if;
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
        new.created_by := auth.uid();
        new.sold_count := 0;
        new.view_count := 0;
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.progress_from_orders()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    before_net bigint := case when old.payment_status in ('paid', 'partially_refunded', 'refunded')
                              then old.total_cents - old.refunded_cents else 0 end;
    after_net bigint := case when new.payment_status in ('paid', 'partially_refunded', 'refunded')
                             then new.total_cents - new.refunded_cents else 0 end;
begin
    perform private.add_progress(new.user_id, 'total_spent_cents', after_net - before_net);
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.progress_from_studio()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if tg_table_name = 'books' then
        perform private.add_progress(new.created_by, 'books_uploaded', 1);
    elsif tg_table_name = 'assets' then
        if to_jsonb(new) ->> 'type' = 'video' then
            perform private.add_progress(new.uploaded_by, 'videos_created', 1);
        end if;
    elsif tg_table_name = 'quiz_completions' then
        perform private.add_progress(new.user_id, 'quizzes_completed', 1);
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.project_organization(project uuid)
 RETURNS uuid
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
    org_id uuid;
begin
    select p.organization_id into org_id from public.projects p where p.id = project and p.deleted_at is null;
    if org_id is null then
        raise exception 'project not found' using errcode = 'P0002';
    end if;
    return org_id;
end
$function$
;

CREATE OR REPLACE FUNCTION private.public_community_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select c.id from public.communities c
    join public.organizations o on o.id = c.organization_id and o.deleted_at is null
    where c.visibility = 'public' and c.status <> 'banned'
$function$
;

CREATE OR REPLACE FUNCTION private.readable_community_ids()
 RETURNS SETOF uuid
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select private.public_community_ids()
    union
    select m.community_id from public.community_members m
    where m.user_id = (select auth.uid()) and m.status in ('active', 'muted')
    union
    select c.id from public.communities c where c.organization_id = any(array(select private.my_org_ids()))
$function$
;

CREATE OR REPLACE FUNCTION private.reprice_cart_lines()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    if tg_table_name = 'products' then
        update public.cart_items i set unit_price_cents = new.price_cents
        where i.product_id = new.id
          and (i.variant_id is null
               or i.variant_id in (select v.id from public.product_variants v
                                   where v.product_id = new.id and v.price_cents is null));
    else
        update public.cart_items i
        set unit_price_cents = coalesce(new.price_cents, (select p.price_cents from public.products p
                                                          where p.id = new.product_id))
        where i.variant_id = new.id;
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.require_max_length(value text, max_length integer, what text)
 RETURNS void
 LANGUAGE plpgsql
 IMMUTABLE
 SET search_path TO ''
AS $function$
begin
    if length(value) > max_length then
        raise exception '% is too long (at most % characters)', what, max_length using errcode = '22023';
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION private.restock_order()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    line record;
begin
    for line in
        update public.order_items i set restocked = true
        where i.order_id = new.id and not i.restocked
        returning i.product_id, i.variant_id, i.quantity
    loop
        if line.variant_id is not null then
            update public.product_variants v set stock_quantity = v.stock_quantity + line.quantity
            from public.products p
            where v.id = line.variant_id and p.id = v.product_id and p.track_inventory;
        else
            update public.products p set stock_quantity = p.stock_quantity + line.quantity
            where p.id = line.product_id and p.track_inventory;
        end if;
        update public.products p set sold_count = greatest(p.sold_count - line.quantity, 0)
        where p.id = line.product_id;
    end loop;
    if new.status = 'cancelled' and new.discount_code_id is not null then
        update public.discount_codes d set usage_count = greatest(d.usage_count - 1, 0)
        where d.id = new.discount_code_id;
    end if;
    return null;
end
$function$
;

CREATE OR REPLACE FUNCTION private.royalty_amount(agreement public.license_agreements, period_start date, period_end date, gross bigint, net bigint)
 RETURNS bigint
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select greatest(
        round(coalesce(net, gross) * agreement.royalty_percent / 100),
        round(agreement.minimum_guarantee_cents::numeric * (period_end - period_start + 1)
              / (agreement.end_date - agreement.start_date + 1))
    )::bigint
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
            new.submitted_by := auth.uid();
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
        new.user_id := auth.uid();
        new.reminder_sent := false;
    end if;
    new.updated_at := now();
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.store_apply_checkout(session jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    target public.orders;
    deferred record;
begin
    select o.* into target from public.orders o where o.id::text = session -> 'metadata' ->> 'order_id' for update;
    if target.id is null then
        return 'ignored: unknown order';
    end if;
    if session ->> 'payment_status' <> 'paid' then
        return 'ignored: checkout not paid';
    end if;
    if target.payment_status <> 'pending' then
        return 'ignored: order already paid';
    end if;
    if (session ->> 'amount_total')::bigint is distinct from target.total_cents
       or lower(session ->> 'currency') is distinct from target.currency then
        return format('ignored: paid %s %s, the order is %s %s', session ->> 'amount_total', session ->> 'currency',
                      target.total_cents, target.currency);
    end if;
    update public.orders o
    set payment_status = 'paid', paid_at = now(), payment_method = 'stripe',
        payment_reference = session ->> 'payment_intent', stripe_checkout_session_id = session ->> 'id',
        status = case when o.status = 'pending' then 'confirmed' else o.status end
    where o.id = target.id;
    -- refunds of this payment that arrived first
    for deferred in
        select e.id, e.payload from private.stripe_events e
        where e.outcome = 'deferred' and e.payload -> 'data' -> 'object' ->> 'payment_intent' = session ->> 'payment_intent'
        order by e.stripe_created_at
    loop
        update private.stripe_events e set outcome = private.store_apply_refund(deferred.payload -> 'data' -> 'object')
        where e.id = deferred.id;
    end loop;
    return case when target.status = 'cancelled' then 'applied: the order was cancelled, refund this payment'
                else 'applied' end;
end
$function$
;

CREATE OR REPLACE FUNCTION private.store_apply_refund(charge jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    target public.orders;
    refunded bigint;
begin
    select o.* into target from public.orders o
    where o.id::text = charge -> 'metadata' ->> 'order_id' or o.payment_reference = charge ->> 'payment_intent'
    limit 1
    for update;
    if target.id is null then
        return 'ignored: unknown order';
    end if;
    if target.payment_status = 'pending' then
        return 'deferred';
    end if;
    refunded := least(coalesce((charge ->> 'amount_refunded')::bigint, 0), target.total_cents);
    if refunded <= target.refunded_cents then
        return 'applied';
    end if;
    update public.orders o
    set refunded_cents = refunded,
        payment_status = case when refunded >= o.total_cents then 'refunded' else 'partially_refunded' end,
        status = case when refunded >= o.total_cents and o.status not in ('pending', 'cancelled') then 'refunded'
                      else o.status end
    where o.id = target.id;
    return 'applied';
end
$function$
;

CREATE OR REPLACE FUNCTION private.stripe_is_order(stripe_object jsonb)
 RETURNS boolean
 LANGUAGE sql
 STABLE
 SET search_path TO ''
AS $function$
    select stripe_object -> 'metadata' ? 'order_id'
        or exists (select 1 from public.orders o where o.payment_reference = stripe_object ->> 'payment_intent')
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
        new.user_id := auth.uid();
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
    caller uuid := auth.uid();
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

CREATE OR REPLACE FUNCTION public.award_tenure_badges()
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    awarded integer := 0;
    pair record;
begin
    for pair in
        select m.user_id, b as badge
        from public.badges b
        join public.community_members m on m.community_id = b.community_id and m.status in ('active', 'muted')
        where b.criteria_type = 'tenure_days' and b.is_active
          and m.joined_at <= now() - make_interval(days => b.criteria_value)
          and not exists (select 1 from public.user_badges u where u.user_id = m.user_id and u.badge_id = b.id)
    loop
        if private.grant_badge(pair.user_id, pair.badge, null, '{}') then
            awarded := awarded + 1;
        end if;
    end loop;
    return awarded;
end
$function$
;

CREATE OR REPLACE FUNCTION public.cancel_order(order_id uuid)
 RETURNS public.orders
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    target public.orders;
begin
    select o.* into target from public.orders o
    where o.id = cancel_order.order_id
      and (o.user_id = uid or o.organization_id = any(array(select private.my_org_ids('editor'))))
    for update;
    if target.id is null then
        raise exception 'order not found' using errcode = 'P0002';
    end if;
    if target.status <> 'pending' or target.payment_status <> 'pending' then
        raise exception 'only unpaid pending orders can be cancelled (this one is %)', target.status
            using errcode = '55000';
    end if;
    update public.orders o set status = 'cancelled' where o.id = target.id returning * into target;
    return target;
end
$function$
;

CREATE OR REPLACE FUNCTION public.cast_vote(discussion_id uuid DEFAULT NULL::uuid, comment_id uuid DEFAULT NULL::uuid, vote text DEFAULT 'up'::text)
 RETURNS public.discussion_votes
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    result public.discussion_votes;
begin
    if num_nonnulls(discussion_id, comment_id) <> 1 then
        raise exception 'vote on one discussion or one comment' using errcode = '22023';
    end if;
    if vote is not null and vote not in ('up', 'down') then
        raise exception 'a vote is up, down or null (withdraw)' using errcode = '22023';
    end if;
    if vote is null then
        delete from public.discussion_votes v
        where v.user_id = uid
          and (v.discussion_id = cast_vote.discussion_id or v.comment_id = cast_vote.comment_id)
        returning * into result;
        return result;
    end if;
    if discussion_id is not null then
        insert into public.discussion_votes as v (user_id, discussion_id, vote_type)
        values (uid, cast_vote.discussion_id, vote)
        on conflict on constraint discussion_votes_user_id_discussion_id_key do update set vote_type = excluded.vote_type
        returning * into result;
    else
        insert into public.discussion_votes as v (user_id, comment_id, vote_type)
        values (uid, cast_vote.comment_id, vote)
        on conflict on constraint discussion_votes_user_id_comment_id_key do update set vote_type = excluded.vote_type
        returning * into result;
    end if;
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
        create_license_agreement.contract_url, auth.uid()
    )
    returning * into agreement;
    return agreement;
end
$function$
;

CREATE OR REPLACE FUNCTION public.expire_license_agreements()
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    expired integer;
begin
    update public.license_agreements a set status = 'expired' where a.status = 'active' and a.end_date < current_date;
    get diagnostics expired = row_count;
    return expired;
end
$function$
;

CREATE OR REPLACE FUNCTION public.join_community(community_id uuid)
 RETURNS public.community_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    target public.communities;
    membership public.community_members;
begin
    select c.* into target from public.communities c
    where c.id = join_community.community_id and c.id = any(array(select private.listed_community_ids()));
    if target.id is null or (target.visibility = 'invite_only' and not exists (
        select 1 from public.community_members m where m.community_id = target.id and m.user_id = uid)) then
        raise exception 'community not found' using errcode = 'P0002';
    end if;
    if target.status <> 'active' then
        raise exception 'this community is %', target.status using errcode = '55000';
    end if;
    select m.* into membership from public.community_members m where m.community_id = target.id and m.user_id = uid;
    if membership.status = 'banned' then
        raise exception 'you are banned from this community' using errcode = '42501';
    end if;
    if membership.id is not null then
        return membership;
    end if;
    insert into public.community_members (community_id, user_id, status)
    values (target.id, uid, case when target.visibility = 'public' then 'active' else 'pending' end)
    on conflict on constraint community_members_community_id_user_id_key do nothing
    returning * into membership;
    return coalesce(membership, (select m from public.community_members m
                                 where m.community_id = target.id and m.user_id = uid));
end
$function$
;

CREATE OR REPLACE FUNCTION public.mark_notification_unread(notification_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
begin
    update public.notifications n set read_at = null
    where n.id = notification_id and n.user_id = private.require_user();
    if not found then
        raise exception 'notification not found' using errcode = 'P0002';
    end if;
end
$function$
;

CREATE OR REPLACE FUNCTION public.mark_notifications_read(notification_ids uuid[] DEFAULT NULL::uuid[])
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    changed integer;
begin
    if cardinality(notification_ids) > 1000 then
        raise exception 'at most 1000 notifications at a time' using errcode = '22023';
    end if;
    update public.notifications n set read_at = now()
    where n.user_id = uid and n.read_at is null
      and (notification_ids is null or n.id = any(notification_ids));
    get diagnostics changed = row_count;
    return changed;
end
$function$
;

CREATE OR REPLACE FUNCTION public.moderate_member(community_id uuid, user_id uuid, action text, reason text DEFAULT NULL::text, until timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS public.community_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    my_rank integer := private.my_community_rank(moderate_member.community_id);
    membership public.community_members;
begin
    perform private.require_max_length(reason, 1000, 'reason');
    if my_rank < 2 then
        raise exception 'community not found' using errcode = 'P0002';
    end if;
    if moderate_member.user_id = uid then
        raise exception 'you cannot moderate yourself' using errcode = '42501';
    end if;
    if action not in ('approve', 'add', 'mute', 'unmute', 'ban', 'unban', 'remove') then
        raise exception 'unknown moderation action %', action using errcode = '22023';
    end if;
    select m.* into membership from public.community_members m
    where m.community_id = moderate_member.community_id and m.user_id = moderate_member.user_id
    for update;
    if action = 'add' then
        if membership.id is not null and membership.status <> 'pending' then
            raise exception 'already a member (%)', membership.status using errcode = '23505';
        end if;
        if not exists (select 1 from auth.users u where u.id = moderate_member.user_id) then
            raise exception 'user not found' using errcode = 'P0002';
        end if;
        insert into public.community_members as m (community_id, user_id, status)
        values (moderate_member.community_id, moderate_member.user_id, 'active')
        on conflict on constraint community_members_community_id_user_id_key do update set status = 'active'
        returning * into membership;
        perform private.notify(membership.user_id, 'community_update', jsonb_build_object('action', 'added'),
            actor => uid, reference_type => 'community', reference_id => membership.community_id,
            title => 'You were added to a community');
        return membership;
    end if;
    if membership.id is null then
        raise exception 'member not found' using errcode = 'P0002';
    end if;
    if private.community_role_rank(membership.role) >= my_rank then
        raise exception 'you can only moderate members ranked below you' using errcode = '42501';
    end if;
    if action = 'remove' then
        delete from public.community_members m where m.id = membership.id;
        return membership;
    end if;
    if (action = 'approve' and membership.status <> 'pending')
       or (action = 'unmute' and membership.status <> 'muted')
       or (action = 'unban' and membership.status <> 'banned')
       or (action in ('mute', 'ban') and membership.status = 'pending') then
        raise exception 'cannot % a member who is %', action, membership.status using errcode = '55000';
    end if;
    update public.community_members m
    set status = case action when 'mute' then 'muted' when 'ban' then 'banned' else 'active' end,
        muted_until = case when action = 'mute' then until end,
        banned_at = case when action = 'ban' then now() end,
        ban_reason = case when action = 'ban' then reason end
    where m.id = membership.id
    returning * into membership;
    return membership;
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
    where o.user_id = (select auth.uid()) and o.payment_status in ('paid', 'partially_refunded')
      and o.status not in ('cancelled', 'refunded')
$function$
;

CREATE OR REPLACE FUNCTION public.place_order(discount_code text DEFAULT NULL::text, shipping_address jsonb DEFAULT NULL::jsonb, billing_address jsonb DEFAULT NULL::jsonb, customer_email text DEFAULT NULL::text, customer_phone text DEFAULT NULL::text, customer_notes text DEFAULT NULL::text, shipping_method text DEFAULT NULL::text)
 RETURNS public.orders
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    cart public.carts;
    seller_count integer;
    currency_count integer;
    seller uuid;
    order_currency text;
    v_subtotal bigint;
    v_eligible bigint;
    v_shipping bigint;
    v_tax bigint;
    v_discount bigint := 0;
    code public.discount_codes;
    line record;
    available integer;
    taken boolean;
    new_order public.orders;
begin
    perform private.require_max_length(discount_code, 50, 'discount_code');
    perform private.require_max_length(customer_email, 255, 'customer_email');
    perform private.require_max_length(customer_phone, 50, 'customer_phone');
    perform private.require_max_length(customer_notes, 2000, 'customer_notes');
    perform private.require_max_length(shipping_method, 100, 'shipping_method');
    if pg_column_size(shipping_address) > 4000 or pg_column_size(billing_address) > 4000 then
        raise exception 'address is too long' using errcode = '22023';
    end if;

    select c.* into cart from public.carts c where c.user_id = uid for update;
    if cart.id is null or cart.item_count = 0 then
        raise exception 'your cart is empty' using errcode = '55000';
    end if;

    -- one seller and one currency per order
    select count(distinct i.organization_id), count(distinct p.currency),
           (array_agg(i.organization_id))[1], min(p.currency)
    into seller_count, currency_count, seller, order_currency
    from public.cart_items i join public.products p on p.id = i.product_id
    where i.cart_id = cart.id;
    if seller_count > 1 or currency_count > 1 then
        raise exception 'an order holds items of one store in one currency: split your cart' using errcode = '22023';
    end if;

    if discount_code is not null then
        select d.* into code from public.discount_codes d
        where d.organization_id = seller and upper(d.code) = upper(place_order.discount_code) and d.is_active
        for update;
        if code.id is null then
            raise exception 'discount code % not found', discount_code using errcode = 'P0002';
        end if;
    end if;

    -- stock: each row decremented only if enough is left (or backorders are allowed),
    -- rows taken in one global order so that concurrent buyers never deadlock
    for line in
        select i.product_id, i.variant_id, i.quantity, p.name, p.status, p.visibility, p.has_variants,
               p.track_inventory, v.is_active as variant_active
        from public.cart_items i
        join public.products p on p.id = i.product_id
        left join public.product_variants v on v.id = i.variant_id
        where i.cart_id = cart.id
        order by coalesce(i.variant_id, i.product_id)
    loop
        if line.status <> 'active' or line.visibility = 'private' or line.variant_active is false then
            raise exception '% is no longer available' , line.name using errcode = '55000';
        end if;
        if line.variant_id is null and line.has_variants then
            raise exception 'choose a variant of %', line.name using errcode = '22023';
        end if;
        continue when not line.track_inventory;
        if line.variant_id is not null then
            update public.product_variants v set stock_quantity = v.stock_quantity - line.quantity
            where v.id = line.variant_id and (v.allow_backorder or v.stock_quantity >= line.quantity);
            taken := found;
            select v.stock_quantity into available from public.product_variants v where v.id = line.variant_id;
        else
            update public.products p set stock_quantity = p.stock_quantity - line.quantity
            where p.id = line.product_id and (p.allow_backorder or p.stock_quantity >= line.quantity);
            taken := found;
            select p.stock_quantity into available from public.products p where p.id = line.product_id;
        end if;
        if not taken then
            raise exception 'not enough stock for %: % requested, % available', line.name, line.quantity,
                greatest(available, 0) using errcode = 'PT409';
        end if;
    end loop;

    -- totals from current catalogue prices, never from the client
    select sum(coalesce(v.price_cents, p.price_cents) * i.quantity),
           coalesce(sum(coalesce(v.price_cents, p.price_cents) * i.quantity) filter (
               where code.id is null
                  or ((code.product_ids is null or p.id = any(code.product_ids))
                      and (code.categories is null or p.category = any(code.categories)))), 0),
           coalesce(max(p.shipping_cents) filter (where not p.is_digital), 0),
           coalesce(sum(round(coalesce(v.price_cents, p.price_cents) * i.quantity * p.tax_rate_bps / 10000.0)), 0)
    into v_subtotal, v_eligible, v_shipping, v_tax
    from public.cart_items i
    join public.products p on p.id = i.product_id
    left join public.product_variants v on v.id = i.variant_id
    where i.cart_id = cart.id;

    if code.id is not null then
        v_discount := private.discount_for(code, uid, v_subtotal, v_eligible, v_shipping);
        update public.discount_codes d set usage_count = d.usage_count + 1 where d.id = code.id;
    end if;

    insert into public.orders (
        order_number, user_id, organization_id, subtotal_cents, discount_cents, shipping_cents, tax_cents,
        total_cents, currency, customer_email, customer_phone, shipping_address, billing_address, shipping_method,
        discount_code_id, discount_code, customer_notes
    )
    values (
        format('CV-%s-%s', to_char(now() at time zone 'UTC', 'YYYY'),
               lpad(nextval('private.order_number_seq')::text, 6, '0')),
        uid, seller, v_subtotal, v_discount, v_shipping, v_tax, v_subtotal - v_discount + v_shipping + v_tax,
        order_currency, coalesce(place_order.customer_email, (select u.email from auth.users u where u.id = uid)),
        place_order.customer_phone, place_order.shipping_address, coalesce(place_order.billing_address,
                                                                           place_order.shipping_address),
        place_order.shipping_method, code.id, code.code, place_order.customer_notes
    )
    returning * into new_order;

    insert into public.order_items (
        order_id, organization_id, product_id, variant_id, project_id, product_name, variant_title, sku, category,
        is_digital, quantity, unit_price_cents, subtotal_cents
    )
    select new_order.id, p.organization_id, p.id, v.id, p.project_id, p.name, v.title, coalesce(v.sku, p.sku),
           p.category, p.is_digital, i.quantity, coalesce(v.price_cents, p.price_cents),
           coalesce(v.price_cents, p.price_cents) * i.quantity
    from public.cart_items i
    join public.products p on p.id = i.product_id
    left join public.product_variants v on v.id = i.variant_id
    where i.cart_id = cart.id;

    -- units sold, one row per product in id order (after every variant lock above)
    update public.products p set sold_count = p.sold_count + s.units
    from (select i.product_id, sum(i.quantity) as units from public.cart_items i
          where i.cart_id = cart.id group by i.product_id order by i.product_id) as s
    where p.id = s.product_id;

    delete from public.cart_items i where i.cart_id = cart.id;
    return new_order;
end
$function$
;

CREATE OR REPLACE FUNCTION public.record_nft_mint(nft_id uuid, new_status text, asset_id text DEFAULT NULL::text, transaction_id text DEFAULT NULL::text, metadata_uri text DEFAULT NULL::text, image_uri text DEFAULT NULL::text, error_message text DEFAULT NULL::text)
 RETURNS public.nfts
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    result public.nfts;
begin
    if new_status not in ('minting', 'minted', 'failed') then
        raise exception 'a mint is minting, minted or failed' using errcode = '22023';
    end if;
    perform private.require_max_length(asset_id, 200, 'asset_id');
    perform private.require_max_length(transaction_id, 200, 'transaction_id');
    perform private.require_max_length(metadata_uri, 2000, 'metadata_uri');
    perform private.require_max_length(image_uri, 2000, 'image_uri');
    perform private.require_max_length(error_message, 2000, 'error_message');
    update public.nfts n
    set status = new_status,
        asset_id = coalesce(record_nft_mint.asset_id, n.asset_id),
        transaction_id = coalesce(record_nft_mint.transaction_id, n.transaction_id),
        metadata_uri = coalesce(record_nft_mint.metadata_uri, n.metadata_uri),
        image_uri = coalesce(record_nft_mint.image_uri, n.image_uri),
        error_message = record_nft_mint.error_message,
        minted_at = case when new_status = 'minted' then now() end,
        updated_at = now()
    where n.id = record_nft_mint.nft_id and n.status <> 'minted'
    returning * into result;
    if result.id is null then
        raise exception 'mint not found or already minted' using errcode = 'P0002';
    end if;
    perform private.notify(result.user_id, 'badge', jsonb_build_object('nft_id', result.id, 'status', result.status),
                           reference_type => 'badge', reference_id => result.user_badge_id,
                           title => format('Your badge NFT is %s', result.status))
    where new_status in ('minted', 'failed');
    return result;
end
$function$
;

CREATE OR REPLACE FUNCTION public.request_badge_nft(user_badge_id uuid, blockchain text DEFAULT 'polygon'::text)
 RETURNS public.nfts
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    earned public.user_badges;
    badge public.badges;
    result public.nfts;
begin
    select u.* into earned from public.user_badges u
    where u.id = request_badge_nft.user_badge_id and u.user_id = private.require_user();
    if earned.id is null then
        raise exception 'badge not found' using errcode = 'P0002';
    end if;
    if blockchain not in ('polygon', 'ethereum', 'solana', 'base') then
        raise exception 'unsupported blockchain %', blockchain using errcode = '22023';
    end if;
    select b.* into badge from public.badges b where b.id = earned.badge_id;
    insert into public.nfts (user_id, user_badge_id, blockchain, attributes)
    values (earned.user_id, earned.id, request_badge_nft.blockchain,
            jsonb_build_object('badge', badge.name, 'rarity', badge.rarity, 'awarded_at', earned.awarded_at))
    on conflict on constraint nfts_user_badge_id_key do nothing
    returning * into result;
    if result.id is null then
        raise exception 'this badge is already minted or being minted' using errcode = '23505';
    end if;
    return result;
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
    if assign_to is not null and not exists (
        select 1 from public.organization_members m where m.organization_id = target.organization_id and m.user_id = assign_to
    ) then
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
    values (rsvp_event.event_id, auth.uid(), rsvp_event.status)
    on conflict on constraint event_rsvps_event_id_user_id_key do update set status = excluded.status
    returning * into result;
    return result;
end
$function$
;

CREATE OR REPLACE FUNCTION public.send_event_reminders(within interval DEFAULT '24:00:00'::interval)
 RETURNS integer
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    sent integer := 0;
    rsvp record;
begin
    for rsvp in
        update public.event_rsvps r set reminder_sent = true
        from public.events e
        where e.id = r.event_id and e.status = 'scheduled' and not r.reminder_sent
          and r.status in ('going', 'interested')
          and e.event_date > now() and e.event_date <= now() + within
        returning r.user_id, e.id as event_id, e.title, e.event_date, e.event_url, e.location
    loop
        perform private.notify(rsvp.user_id, 'event_reminder',
            jsonb_build_object('event_date', rsvp.event_date, 'event_url', rsvp.event_url, 'location', rsvp.location),
            reference_type => 'event', reference_id => rsvp.event_id,
            title => format('%s starts %s', rsvp.title, to_char(rsvp.event_date at time zone 'UTC',
                                                                 'YYYY-MM-DD HH24:MI "UTC"')));
        sent := sent + 1;
    end loop;
    return sent;
end
$function$
;

CREATE OR REPLACE FUNCTION public.set_community_role(community_id uuid, user_id uuid, new_role text)
 RETURNS public.community_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    uid uuid := private.require_user();
    my_rank integer := private.my_community_rank(set_community_role.community_id);
    membership public.community_members;
begin
    if my_rank < 3 then
        raise exception 'community not found' using errcode = 'P0002';
    end if;
    if private.community_role_rank(new_role) = 0 then
        raise exception 'unknown community role %', new_role using errcode = '22023';
    end if;
    select m.* into membership from public.community_members m
    where m.community_id = set_community_role.community_id and m.user_id = set_community_role.user_id
      and m.status = 'active'
    for update;
    if membership.id is null then
        raise exception 'member not found' using errcode = 'P0002';
    end if;
    if membership.user_id = uid or (my_rank < 4 and (private.community_role_rank(membership.role) >= my_rank
                                                     or private.community_role_rank(new_role) >= my_rank)) then
        raise exception 'you can only change roles below your own' using errcode = '42501';
    end if;
    update public.community_members m set role = new_role where m.id = membership.id returning * into membership;
    return membership;
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
        jsonb_build_object('status', agreement.status), actor => auth.uid(),
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
        actor => auth.uid(), reference_type => 'royalty_report', reference_id => report.id,
        title => format('Royalty report %s to %s: %s', report.period_start, report.period_end, report.status));
    return report;
end
$function$
;

CREATE OR REPLACE FUNCTION public.sign_license_agreement(agreement_id uuid)
 RETURNS public.license_agreements
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    agreement public.license_agreements;
begin
    select a.* into agreement from public.license_agreements a
    where a.id = sign_license_agreement.agreement_id and a.licensee_user_id = private.require_user()
    for update;
    if agreement.id is null then
        raise exception 'licence agreement not found' using errcode = 'P0002';
    end if;
    if agreement.status <> 'pending_signature' then
        raise exception 'only an agreement sent for signature can be signed (this one is %)', agreement.status
            using errcode = '55000';
    end if;
    update public.license_agreements a set status = 'active' where a.id = agreement.id returning * into agreement;
    return agreement;
end
$function$
;

CREATE OR REPLACE FUNCTION public.unread_notification_count()
 RETURNS bigint
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select count(*) from public.notifications n where n.user_id = (select auth.uid()) and n.read_at is null
$function$
;

CREATE OR REPLACE FUNCTION public.update_order_status(order_id uuid, new_status text, tracking_number text DEFAULT NULL::text, internal_notes text DEFAULT NULL::text)
 RETURNS public.orders
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target public.orders;
begin
    perform private.require_user();
    perform private.require_max_length(tracking_number, 255, 'tracking_number');
    perform private.require_max_length(internal_notes, 2000, 'internal_notes');
    select o.* into target from public.orders o
    where o.id = update_order_status.order_id and o.organization_id = any(array(select private.my_org_ids('editor')))
    for update;
    if target.id is null then
        raise exception 'order not found' using errcode = 'P0002';
    end if;
    if new_status not in ('processing', 'shipped', 'delivered') then
        raise exception 'status % is not set by hand: payments confirm and refund orders, cancel_order cancels',
            new_status using errcode = '22023';
    end if;
    update public.orders o
    set status = new_status,
        tracking_number = coalesce(update_order_status.tracking_number, o.tracking_number),
        internal_notes = coalesce(update_order_status.internal_notes, o.internal_notes)
    where o.id = target.id
    returning * into target;
    update public.order_items i set fulfilled_quantity = i.quantity
    where i.order_id = target.id and new_status = 'delivered';
    return target;
end
$function$
;

CREATE OR REPLACE FUNCTION public.withdraw_license_request(request_id uuid)
 RETURNS public.license_requests
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    target public.license_requests;
begin
    update public.license_requests r set status = 'withdrawn'
    where r.id = withdraw_license_request.request_id and r.requester_user_id = private.require_user()
    returning * into target;
    if target.id is null then
        raise exception 'licence request not found' using errcode = 'P0002';
    end if;
    return target;
end
$function$
;

CREATE OR REPLACE FUNCTION public.stripe_apply_event(event jsonb)
 RETURNS text
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    event_at timestamptz := private.unix_time(event -> 'created');
    stripe_object jsonb := event -> 'data' -> 'object';
    result text;
begin
    if event ->> 'id' is null or event ->> 'type' is null or event_at is null or stripe_object is null then
        raise exception 'not a Stripe event: id, type, created and data.object are required' using errcode = '22023';
    end if;
    insert into private.stripe_events (id, type, stripe_created_at, payload)
    values (event ->> 'id', event ->> 'type', event_at, event)
    on conflict (id) do nothing;
    if not found then
        return 'duplicate';
    end if;
    result := case
        when event ->> 'type' in ('customer.subscription.created', 'customer.subscription.updated',
                                  'customer.subscription.deleted')
            then private.stripe_apply_subscription(event ->> 'type', event_at, stripe_object)
        when event ->> 'type' in ('invoice.paid', 'invoice.payment_failed', 'invoice.finalized', 'invoice.voided')
            then private.stripe_apply_invoice(event ->> 'type', event_at, stripe_object)
        -- order payments and refunds go to the store (supabase/functions/store.sql)
        when event ->> 'type' = 'checkout.session.completed' and private.stripe_is_order(stripe_object)
            then private.store_apply_checkout(stripe_object)
        when event ->> 'type' = 'checkout.session.completed' then private.stripe_apply_checkout(stripe_object)
        -- Invest (supabase/functions/invest.sql): a PaymentIntent with metadata.investment_id
        -- confirms or fails its investment; a full refund of its charge reverses it
        when event ->> 'type' = 'payment_intent.succeeded' and stripe_object -> 'metadata' ? 'investment_id'
            then private.confirm_investment_payment(stripe_object)
        when event ->> 'type' = 'payment_intent.payment_failed' and stripe_object -> 'metadata' ? 'investment_id'
            then private.fail_investment_payment(stripe_object)
        when event ->> 'type' = 'charge.refunded' and private.stripe_is_order(stripe_object)
            then private.store_apply_refund(stripe_object)
        when event ->> 'type' = 'charge.refunded'
            then coalesce(private.refund_investment_payment(stripe_object), private.stripe_apply_refund(stripe_object))
        else 'ignored: event type not handled'
    end;
    update private.stripe_events e set outcome = result where e.id = event ->> 'id';
    return result;
end
$function$
;

COMMENT ON FUNCTION "private"."notify" IS 'The one writer of notifications; skips the actor and null recipients. For use by security-definer code of every domain (Invest: kind investment_update).';

COMMENT ON FUNCTION "public"."place_order" IS 'Turns the caller''s cart into a pending order in one transaction: stock checked and decremented, discount applied, totals computed in SQL, items snapshotted, order number CV-YYYY-NNNNNN assigned.';

create or replace view "analytics"."community_engagement" as  SELECT id AS community_id,
    organization_id,
    project_id,
    name,
    visibility,
    status,
    member_count,
    post_count,
    ( SELECT count(*) AS count
           FROM public.community_members m
          WHERE m.community_id = c.id AND m.joined_at >= (now() - '30 days'::interval)) AS new_members_30d,
    ( SELECT count(*) AS count
           FROM public.discussions d
          WHERE d.community_id = c.id AND d.created_at >= (now() - '30 days'::interval)) AS discussions_30d,
    ( SELECT count(*) AS count
           FROM public.fan_contents f
          WHERE f.community_id = c.id AND f.created_at >= (now() - '30 days'::interval)) AS fan_contents_30d,
    (( SELECT count(*) AS count
           FROM public.discussion_comments dc
          WHERE dc.community_id = c.id AND dc.created_at >= (now() - '30 days'::interval))) + (( SELECT count(*) AS count
           FROM public.fan_content_comments fc
          WHERE fc.community_id = c.id AND fc.created_at >= (now() - '30 days'::interval))) AS comments_30d,
    ( SELECT count(*) AS count
           FROM public.discussion_votes v
          WHERE v.community_id = c.id AND v.created_at >= (now() - '30 days'::interval)) AS votes_30d,
    ( SELECT count(*) AS count
           FROM public.fan_content_likes l
          WHERE l.community_id = c.id AND l.created_at >= (now() - '30 days'::interval)) AS likes_30d,
    ( SELECT count(DISTINCT a.user_id) AS count
           FROM ( SELECT d.author_id AS user_id
                   FROM public.discussions d
                  WHERE d.community_id = c.id AND d.created_at >= (now() - '30 days'::interval)
                UNION ALL
                 SELECT dc.author_id
                   FROM public.discussion_comments dc
                  WHERE dc.community_id = c.id AND dc.created_at >= (now() - '30 days'::interval)
                UNION ALL
                 SELECT f.author_id
                   FROM public.fan_contents f
                  WHERE f.community_id = c.id AND f.created_at >= (now() - '30 days'::interval)) a) AS active_posters_30d,
    ( SELECT count(*) AS count
           FROM public.event_rsvps r
          WHERE r.community_id = c.id AND r.status = 'going'::text AND r.created_at >= (now() - '30 days'::interval)) AS rsvps_30d
   FROM public.communities c;


create or replace view "analytics"."royalty_summary" as  SELECT a.id AS agreement_id,
    a.organization_id,
    a.project_id,
    p.title AS project_title,
    a.licensee_company,
    a.license_type,
    a.territory,
    a.status,
    a.currency,
    a.royalty_percent,
    a.minimum_guarantee_cents,
    count(r.id) AS reports,
    COALESCE(sum(r.gross_revenue_cents), 0::numeric) AS gross_revenue_cents,
    COALESCE(sum(r.royalty_amount_cents), 0::numeric) AS royalty_cents,
    COALESCE(sum(r.royalty_amount_cents) FILTER (WHERE r.status = 'verified'::text), 0::numeric) AS verified_cents,
    COALESCE(sum(r.royalty_amount_cents) FILTER (WHERE r.status = 'paid'::text), 0::numeric) AS paid_cents,
    COALESCE(sum(r.royalty_amount_cents) FILTER (WHERE r.status = 'disputed'::text), 0::numeric) AS disputed_cents,
    GREATEST(a.minimum_guarantee_cents::numeric - COALESCE(sum(r.royalty_amount_cents), 0::numeric), 0::numeric) AS guarantee_outstanding_cents
   FROM public.license_agreements a
     LEFT JOIN public.projects p ON p.id = a.project_id
     LEFT JOIN public.royalty_reports r ON r.agreement_id = a.id
  GROUP BY a.id, p.title;


create or replace view "analytics"."store_sales_by_product" as  SELECT i.organization_id,
    i.product_id,
    i.project_id,
    max(i.product_name) AS product_name,
    max(i.category) AS category,
    o.currency,
    date_trunc('month'::text, o.paid_at, 'UTC'::text)::date AS month,
    count(DISTINCT o.id) AS orders,
    sum(i.quantity) AS units,
    sum(i.subtotal_cents) AS gross_cents,
    sum(COALESCE(round(i.subtotal_cents::numeric * (o.subtotal_cents - o.discount_cents)::numeric / NULLIF(o.subtotal_cents, 0)::numeric * (o.total_cents - o.refunded_cents)::numeric / NULLIF(o.total_cents, 0)::numeric), 0::numeric))::bigint AS net_cents
   FROM public.order_items i
     JOIN public.orders o ON o.id = i.order_id
  WHERE o.paid_at IS NOT NULL
  GROUP BY i.organization_id, i.product_id, i.project_id, o.currency, (date_trunc('month'::text, o.paid_at, 'UTC'::text)::date);


create or replace view "public"."discussion_poll_results" with (security_invoker=true) as  SELECT d.id AS discussion_id,
    d.community_id,
    o.value ->> 'id'::text AS option_id,
    o.value ->> 'text'::text AS option_text,
    ( SELECT count(*) AS count
           FROM public.discussion_poll_votes v
          WHERE v.discussion_id = d.id AND v.option_id = (o.value ->> 'id'::text)) AS votes
   FROM public.discussions d
     CROSS JOIN LATERAL jsonb_array_elements(d.poll_options) o(value)
  WHERE d.type = 'poll'::text;


create or replace view "analytics"."store_sales_by_ip" as  SELECT s.organization_id,
    s.project_id,
    p.title AS project_title,
    s.currency,
    s.month,
    count(DISTINCT s.product_id) AS products,
    sum(s.units) AS units,
    sum(s.gross_cents) AS gross_cents,
    sum(s.net_cents) AS net_cents
   FROM analytics.store_sales_by_product s
     LEFT JOIN public.projects p ON p.id = s.project_id
  GROUP BY s.organization_id, s.project_id, p.title, s.currency, s.month;


CREATE TRIGGER count_progress AFTER INSERT ON public.assets FOR EACH ROW EXECUTE FUNCTION private.progress_from_studio();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.badges FOR EACH ROW EXECUTE FUNCTION private.protect_columns('community_id');

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.badges FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER count_progress AFTER INSERT ON public.books FOR EACH ROW EXECUTE FUNCTION private.progress_from_studio();

CREATE TRIGGER cart_item_defaults BEFORE INSERT OR UPDATE ON public.cart_items FOR EACH ROW EXECUTE FUNCTION private.cart_item_defaults();

CREATE TRIGGER count_cart_totals AFTER INSERT OR DELETE OR UPDATE OF quantity, unit_price_cents ON public.cart_items FOR EACH ROW EXECUTE FUNCTION private.count_cart_totals();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.cart_items FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'user_id', 'cart_id', 'product_id', 'variant_id');

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.cart_items FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.carts FOR EACH ROW EXECUTE FUNCTION private.protect_columns('user_id', 'subtotal_cents', 'item_count');

CREATE TRIGGER community_owner AFTER INSERT ON public.communities FOR EACH ROW EXECUTE FUNCTION private.community_owner();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.communities FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'project_id', 'created_by', 'member_count', 'post_count');

CREATE TRIGGER set_scope BEFORE INSERT ON public.communities FOR EACH ROW EXECUTE FUNCTION private.community_defaults();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.communities FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER award_community_badges AFTER UPDATE OF post_count, comment_count ON public.community_members FOR EACH ROW EXECUTE FUNCTION private.award_community_badges();

CREATE TRIGGER count_members AFTER INSERT OR DELETE OR UPDATE OF status ON public.community_members FOR EACH ROW EXECUTE FUNCTION private.count_members();

CREATE TRIGGER keep_community_owner BEFORE DELETE OR UPDATE OF role ON public.community_members FOR EACH ROW EXECUTE FUNCTION private.keep_community_owner();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.community_members FOR EACH ROW EXECUTE FUNCTION private.protect_columns('community_id', 'user_id', 'role', 'status', 'reputation', 'post_count', 'comment_count', 'muted_until', 'banned_at', 'ban_reason', 'joined_at');

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.community_members FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER discount_code_defaults BEFORE INSERT ON public.discount_codes FOR EACH ROW EXECUTE FUNCTION private.discount_code_defaults();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.discount_codes FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'created_by', 'usage_count');

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.discount_codes FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER comment_rules BEFORE INSERT OR UPDATE ON public.discussion_comments FOR EACH ROW EXECUTE FUNCTION private.comment_rules();

CREATE TRIGGER count_comments AFTER INSERT OR DELETE OR UPDATE OF status ON public.discussion_comments FOR EACH ROW EXECUTE FUNCTION private.count_comments();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.discussion_comments FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER poll_vote_rules BEFORE INSERT ON public.discussion_poll_votes FOR EACH ROW EXECUTE FUNCTION private.poll_vote_rules();

CREATE TRIGGER count_votes AFTER INSERT OR DELETE OR UPDATE OF vote_type ON public.discussion_votes FOR EACH ROW EXECUTE FUNCTION private.count_votes();

CREATE TRIGGER vote_rules BEFORE INSERT OR UPDATE ON public.discussion_votes FOR EACH ROW EXECUTE FUNCTION private.vote_rules();

CREATE TRIGGER count_posts AFTER INSERT OR DELETE OR UPDATE OF status ON public.discussions FOR EACH ROW EXECUTE FUNCTION private.count_posts();

CREATE TRIGGER post_rules BEFORE INSERT OR UPDATE ON public.discussions FOR EACH ROW EXECUTE FUNCTION private.post_rules();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.discussions FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER count_rsvps AFTER INSERT OR DELETE OR UPDATE OF status ON public.event_rsvps FOR EACH ROW EXECUTE FUNCTION private.count_rsvps();

CREATE TRIGGER rsvp_rules BEFORE INSERT OR UPDATE OF status, event_id, user_id, community_id ON public.event_rsvps FOR EACH ROW EXECUTE FUNCTION private.rsvp_rules();

CREATE TRIGGER event_defaults BEFORE INSERT OR UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION private.event_defaults();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER comment_rules BEFORE INSERT OR UPDATE ON public.fan_content_comments FOR EACH ROW EXECUTE FUNCTION private.comment_rules();

CREATE TRIGGER count_comments AFTER INSERT OR DELETE OR UPDATE OF status ON public.fan_content_comments FOR EACH ROW EXECUTE FUNCTION private.count_comments();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.fan_content_comments FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER count_likes AFTER INSERT OR DELETE ON public.fan_content_likes FOR EACH ROW EXECUTE FUNCTION private.count_likes();

CREATE TRIGGER like_rules BEFORE INSERT ON public.fan_content_likes FOR EACH ROW EXECUTE FUNCTION private.like_rules();

CREATE TRIGGER count_posts AFTER INSERT OR DELETE OR UPDATE OF status ON public.fan_contents FOR EACH ROW EXECUTE FUNCTION private.count_posts();

CREATE TRIGGER post_rules BEFORE INSERT OR UPDATE ON public.fan_contents FOR EACH ROW EXECUTE FUNCTION private.post_rules();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.fan_contents FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER license_agreement_transition BEFORE UPDATE ON public.license_agreements FOR EACH ROW EXECUTE FUNCTION private.license_agreement_transition();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.license_catalog FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'project_id');

CREATE TRIGGER set_scope BEFORE INSERT ON public.license_catalog FOR EACH ROW EXECUTE FUNCTION private.license_catalog_scope();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.license_catalog FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER set_scope BEFORE INSERT ON public.license_request_notes FOR EACH ROW EXECUTE FUNCTION private.license_note_scope();

CREATE TRIGGER license_request_transition BEFORE UPDATE ON public.license_requests FOR EACH ROW EXECUTE FUNCTION private.license_request_transition();

CREATE TRIGGER notify_license_request AFTER UPDATE OF status ON public.license_requests FOR EACH ROW WHEN ((old.status IS DISTINCT FROM new.status)) EXECUTE FUNCTION private.notify_license_request();

CREATE TRIGGER set_scope BEFORE INSERT ON public.license_requests FOR EACH ROW EXECUTE FUNCTION private.license_request_defaults();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.license_requests FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER count_progress AFTER UPDATE OF payment_status, refunded_cents ON public.orders FOR EACH ROW EXECUTE FUNCTION private.progress_from_orders();

CREATE TRIGGER notify_order_update AFTER UPDATE OF status ON public.orders FOR EACH ROW WHEN ((old.status IS DISTINCT FROM new.status)) EXECUTE FUNCTION private.notify_order_update();

CREATE TRIGGER order_transition BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION private.order_transition();

CREATE TRIGGER restock_order AFTER UPDATE OF status ON public.orders FOR EACH ROW WHEN (((new.status = ANY (ARRAY['cancelled'::text, 'refunded'::text])) AND (old.status IS DISTINCT FROM new.status))) EXECUTE FUNCTION private.restock_order();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.product_internals FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'product_id');

CREATE TRIGGER set_scope BEFORE INSERT ON public.product_internals FOR EACH ROW EXECUTE FUNCTION private.product_child_scope();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.product_internals FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.product_variants FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'product_id');

CREATE TRIGGER reprice_cart_lines AFTER UPDATE OF price_cents ON public.product_variants FOR EACH ROW WHEN ((old.price_cents IS DISTINCT FROM new.price_cents)) EXECUTE FUNCTION private.reprice_cart_lines();

CREATE TRIGGER set_scope BEFORE INSERT ON public.product_variants FOR EACH ROW EXECUTE FUNCTION private.product_child_scope();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.product_variants FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.products FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'project_id', 'created_by', 'sold_count');

CREATE TRIGGER reprice_cart_lines AFTER UPDATE OF price_cents ON public.products FOR EACH ROW WHEN ((old.price_cents IS DISTINCT FROM new.price_cents)) EXECUTE FUNCTION private.reprice_cart_lines();

CREATE TRIGGER set_scope BEFORE INSERT OR UPDATE OF project_id, organization_id ON public.products FOR EACH ROW EXECUTE FUNCTION private.product_scope();

CREATE TRIGGER set_updated_at BEFORE UPDATE ON public.products FOR EACH ROW EXECUTE FUNCTION private.set_updated_at();

CREATE TRIGGER count_progress AFTER INSERT ON public.quiz_completions FOR EACH ROW EXECUTE FUNCTION private.progress_from_studio();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.royalty_reports FOR EACH ROW EXECUTE FUNCTION private.protect_columns('organization_id', 'agreement_id', 'licensee_user_id', 'submitted_by');

CREATE TRIGGER royalty_report_rules BEFORE INSERT OR DELETE OR UPDATE ON public.royalty_reports FOR EACH ROW EXECUTE FUNCTION private.royalty_report_rules();

CREATE TRIGGER notify_follow AFTER INSERT ON public.user_follows FOR EACH ROW EXECUTE FUNCTION private.notify_follow();

CREATE TRIGGER award_platform_badges AFTER INSERT OR UPDATE OF videos_created, books_uploaded, quizzes_completed, posts_created, comments_created ON public.user_progress FOR EACH ROW EXECUTE FUNCTION private.award_platform_badges();

drop policy if exists "badges_select" on "public"."badges";

create policy "badges_select"
on "public"."badges"
as permissive
for select
to anon, authenticated
using (((community_id IS NULL) OR (community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids)))));


drop policy if exists "badges_write" on "public"."badges";

create policy "badges_write"
on "public"."badges"
as permissive
for all
to authenticated
using ((community_id = ANY (ARRAY( SELECT private.moderated_community_ids('admin'::text) AS moderated_community_ids))))
with check ((community_id = ANY (ARRAY( SELECT private.moderated_community_ids('admin'::text) AS moderated_community_ids))));


drop policy if exists "cart_items_own" on "public"."cart_items";

create policy "cart_items_own"
on "public"."cart_items"
as permissive
for all
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)))
with check ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "carts_own" on "public"."carts";

create policy "carts_own"
on "public"."carts"
as permissive
for all
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)))
with check ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "communities_delete" on "public"."communities";

create policy "communities_delete"
on "public"."communities"
as permissive
for delete
to authenticated
using (((id = ANY (ARRAY( SELECT private.moderated_community_ids('owner'::text) AS moderated_community_ids))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));


drop policy if exists "communities_insert" on "public"."communities";

create policy "communities_insert"
on "public"."communities"
as permissive
for insert
to authenticated
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "communities_select" on "public"."communities";

create policy "communities_select"
on "public"."communities"
as permissive
for select
to anon, authenticated
using ((id = ANY (ARRAY( SELECT private.listed_community_ids() AS listed_community_ids))));


drop policy if exists "communities_update" on "public"."communities";

create policy "communities_update"
on "public"."communities"
as permissive
for update
to authenticated
using ((id = ANY (ARRAY( SELECT private.moderated_community_ids('admin'::text) AS moderated_community_ids))))
with check ((id = ANY (ARRAY( SELECT private.moderated_community_ids('admin'::text) AS moderated_community_ids))));


drop policy if exists "community_members_leave" on "public"."community_members";

create policy "community_members_leave"
on "public"."community_members"
as permissive
for delete
to authenticated
using (((user_id = ( SELECT auth.uid() AS uid)) AND (status <> 'banned'::text) AND (role <> 'owner'::text)));


drop policy if exists "community_members_select" on "public"."community_members";

create policy "community_members_select"
on "public"."community_members"
as permissive
for select
to anon, authenticated
using (((user_id = ( SELECT auth.uid() AS uid)) OR ((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))) AND (status = ANY (ARRAY['active'::text, 'muted'::text]))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "community_members_update_own" on "public"."community_members";

create policy "community_members_update_own"
on "public"."community_members"
as permissive
for update
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)))
with check ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "discount_codes_select" on "public"."discount_codes";

create policy "discount_codes_select"
on "public"."discount_codes"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));


drop policy if exists "discount_codes_write" on "public"."discount_codes";

create policy "discount_codes_write"
on "public"."discount_codes"
as permissive
for all
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))))
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "discussion_comments_delete" on "public"."discussion_comments";

create policy "discussion_comments_delete"
on "public"."discussion_comments"
as permissive
for delete
to authenticated
using (((author_id = ( SELECT auth.uid() AS uid)) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "discussion_comments_insert" on "public"."discussion_comments";

create policy "discussion_comments_insert"
on "public"."discussion_comments"
as permissive
for insert
to authenticated
with check (((community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids))) AND (author_id = ( SELECT auth.uid() AS uid))));


drop policy if exists "discussion_comments_select" on "public"."discussion_comments";

create policy "discussion_comments_select"
on "public"."discussion_comments"
as permissive
for select
to anon, authenticated
using ((((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))) AND (status = 'published'::text)) OR ((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "discussion_comments_update" on "public"."discussion_comments";

create policy "discussion_comments_update"
on "public"."discussion_comments"
as permissive
for update
to authenticated
using ((((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))))
with check ((((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "discussion_poll_votes_delete" on "public"."discussion_poll_votes";

create policy "discussion_poll_votes_delete"
on "public"."discussion_poll_votes"
as permissive
for delete
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "discussion_poll_votes_insert" on "public"."discussion_poll_votes";

create policy "discussion_poll_votes_insert"
on "public"."discussion_poll_votes"
as permissive
for insert
to authenticated
with check (((user_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))));


drop policy if exists "discussion_poll_votes_select" on "public"."discussion_poll_votes";

create policy "discussion_poll_votes_select"
on "public"."discussion_poll_votes"
as permissive
for select
to anon, authenticated
using ((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))));


drop policy if exists "discussion_votes_delete" on "public"."discussion_votes";

create policy "discussion_votes_delete"
on "public"."discussion_votes"
as permissive
for delete
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "discussion_votes_insert" on "public"."discussion_votes";

create policy "discussion_votes_insert"
on "public"."discussion_votes"
as permissive
for insert
to authenticated
with check (((user_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))));


drop policy if exists "discussion_votes_select" on "public"."discussion_votes";

create policy "discussion_votes_select"
on "public"."discussion_votes"
as permissive
for select
to anon, authenticated
using ((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))));


drop policy if exists "discussion_votes_update" on "public"."discussion_votes";

create policy "discussion_votes_update"
on "public"."discussion_votes"
as permissive
for update
to authenticated
using (((user_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))))
with check ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "discussions_delete" on "public"."discussions";

create policy "discussions_delete"
on "public"."discussions"
as permissive
for delete
to authenticated
using (((author_id = ( SELECT auth.uid() AS uid)) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "discussions_insert" on "public"."discussions";

create policy "discussions_insert"
on "public"."discussions"
as permissive
for insert
to authenticated
with check (((community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids))) AND (author_id = ( SELECT auth.uid() AS uid))));


drop policy if exists "discussions_select" on "public"."discussions";

create policy "discussions_select"
on "public"."discussions"
as permissive
for select
to anon, authenticated
using ((((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))) AND (status = 'published'::text)) OR ((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "discussions_update" on "public"."discussions";

create policy "discussions_update"
on "public"."discussions"
as permissive
for update
to authenticated
using ((((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))))
with check ((((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "event_rsvps_delete" on "public"."event_rsvps";

create policy "event_rsvps_delete"
on "public"."event_rsvps"
as permissive
for delete
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "event_rsvps_insert" on "public"."event_rsvps";

create policy "event_rsvps_insert"
on "public"."event_rsvps"
as permissive
for insert
to authenticated
with check (((user_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))));


drop policy if exists "event_rsvps_select" on "public"."event_rsvps";

create policy "event_rsvps_select"
on "public"."event_rsvps"
as permissive
for select
to authenticated
using ((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))));


drop policy if exists "event_rsvps_update" on "public"."event_rsvps";

create policy "event_rsvps_update"
on "public"."event_rsvps"
as permissive
for update
to authenticated
using (((user_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))))
with check ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "events_select" on "public"."events";

create policy "events_select"
on "public"."events"
as permissive
for select
to anon, authenticated
using ((((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))) AND (status <> 'draft'::text)) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "events_write" on "public"."events";

create policy "events_write"
on "public"."events"
as permissive
for all
to authenticated
using ((community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids))))
with check ((community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids))));


drop policy if exists "fan_content_comments_delete" on "public"."fan_content_comments";

create policy "fan_content_comments_delete"
on "public"."fan_content_comments"
as permissive
for delete
to authenticated
using (((author_id = ( SELECT auth.uid() AS uid)) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "fan_content_comments_insert" on "public"."fan_content_comments";

create policy "fan_content_comments_insert"
on "public"."fan_content_comments"
as permissive
for insert
to authenticated
with check (((community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids))) AND (author_id = ( SELECT auth.uid() AS uid))));


drop policy if exists "fan_content_comments_select" on "public"."fan_content_comments";

create policy "fan_content_comments_select"
on "public"."fan_content_comments"
as permissive
for select
to anon, authenticated
using ((((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))) AND (status = 'published'::text)) OR ((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "fan_content_comments_update" on "public"."fan_content_comments";

create policy "fan_content_comments_update"
on "public"."fan_content_comments"
as permissive
for update
to authenticated
using ((((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))))
with check ((((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "fan_content_likes_delete" on "public"."fan_content_likes";

create policy "fan_content_likes_delete"
on "public"."fan_content_likes"
as permissive
for delete
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "fan_content_likes_insert" on "public"."fan_content_likes";

create policy "fan_content_likes_insert"
on "public"."fan_content_likes"
as permissive
for insert
to authenticated
with check (((user_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))));


drop policy if exists "fan_content_likes_select" on "public"."fan_content_likes";

create policy "fan_content_likes_select"
on "public"."fan_content_likes"
as permissive
for select
to anon, authenticated
using ((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))));


drop policy if exists "fan_contents_delete" on "public"."fan_contents";

create policy "fan_contents_delete"
on "public"."fan_contents"
as permissive
for delete
to authenticated
using (((author_id = ( SELECT auth.uid() AS uid)) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "fan_contents_insert" on "public"."fan_contents";

create policy "fan_contents_insert"
on "public"."fan_contents"
as permissive
for insert
to authenticated
with check (((community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids))) AND (author_id = ( SELECT auth.uid() AS uid))));


drop policy if exists "fan_contents_select" on "public"."fan_contents";

create policy "fan_contents_select"
on "public"."fan_contents"
as permissive
for select
to anon, authenticated
using ((((community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids))) AND (status = 'published'::text)) OR ((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "fan_contents_update" on "public"."fan_contents";

create policy "fan_contents_update"
on "public"."fan_contents"
as permissive
for update
to authenticated
using ((((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))))
with check ((((author_id = ( SELECT auth.uid() AS uid)) AND (community_id = ANY (ARRAY( SELECT private.postable_community_ids() AS postable_community_ids)))) OR (community_id = ANY (ARRAY( SELECT private.moderated_community_ids() AS moderated_community_ids)))));


drop policy if exists "license_agreements_select" on "public"."license_agreements";

create policy "license_agreements_select"
on "public"."license_agreements"
as permissive
for select
to authenticated
using (((licensee_user_id = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))));


drop policy if exists "license_catalog_select" on "public"."license_catalog";

create policy "license_catalog_select"
on "public"."license_catalog"
as permissive
for select
to anon, authenticated
using (((is_available AND (organization_id <> ALL (ARRAY( SELECT private.deleted_org_ids() AS deleted_org_ids)))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))));


drop policy if exists "license_catalog_write" on "public"."license_catalog";

create policy "license_catalog_write"
on "public"."license_catalog"
as permissive
for all
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))))
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "license_request_notes_delete" on "public"."license_request_notes";

create policy "license_request_notes_delete"
on "public"."license_request_notes"
as permissive
for delete
to authenticated
using ((((author_id = ( SELECT auth.uid() AS uid)) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids)))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids)))));


drop policy if exists "license_request_notes_insert" on "public"."license_request_notes";

create policy "license_request_notes_insert"
on "public"."license_request_notes"
as permissive
for insert
to authenticated
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "license_request_notes_select" on "public"."license_request_notes";

create policy "license_request_notes_select"
on "public"."license_request_notes"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));


drop policy if exists "license_requests_insert" on "public"."license_requests";

create policy "license_requests_insert"
on "public"."license_requests"
as permissive
for insert
to authenticated
with check ((requester_user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "license_requests_select" on "public"."license_requests";

create policy "license_requests_select"
on "public"."license_requests"
as permissive
for select
to authenticated
using (((requester_user_id = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))));


drop policy if exists "nfts_own" on "public"."nfts";

create policy "nfts_own"
on "public"."nfts"
as permissive
for select
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "notifications_delete" on "public"."notifications";

create policy "notifications_delete"
on "public"."notifications"
as permissive
for delete
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "notifications_select" on "public"."notifications";

create policy "notifications_select"
on "public"."notifications"
as permissive
for select
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "order_items_select" on "public"."order_items";

create policy "order_items_select"
on "public"."order_items"
as permissive
for select
to authenticated
using (((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) OR (order_id IN ( SELECT o.id
   FROM public.orders o
  WHERE (o.user_id = ( SELECT auth.uid() AS uid))))));


drop policy if exists "orders_select" on "public"."orders";

create policy "orders_select"
on "public"."orders"
as permissive
for select
to authenticated
using (((user_id = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))));


drop policy if exists "product_internals_select" on "public"."product_internals";

create policy "product_internals_select"
on "public"."product_internals"
as permissive
for select
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))));


drop policy if exists "product_internals_write" on "public"."product_internals";

create policy "product_internals_write"
on "public"."product_internals"
as permissive
for all
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))))
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "product_variants_select" on "public"."product_variants";

create policy "product_variants_select"
on "public"."product_variants"
as permissive
for select
to anon, authenticated
using (((organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids))) OR (is_active AND (product_id IN ( SELECT p.id
   FROM public.products p)))));


drop policy if exists "product_variants_write" on "public"."product_variants";

create policy "product_variants_write"
on "public"."product_variants"
as permissive
for all
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))))
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "products_delete" on "public"."products";

create policy "products_delete"
on "public"."products"
as permissive
for delete
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('admin'::public.member_role) AS my_org_ids))));


drop policy if exists "products_insert" on "public"."products";

create policy "products_insert"
on "public"."products"
as permissive
for insert
to authenticated
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "products_select" on "public"."products";

create policy "products_select"
on "public"."products"
as permissive
for select
to anon, authenticated
using ((((status = ANY (ARRAY['active'::text, 'out_of_stock'::text])) AND (visibility <> 'private'::text) AND (organization_id <> ALL (ARRAY( SELECT private.deleted_org_ids() AS deleted_org_ids)))) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))));


drop policy if exists "products_update" on "public"."products";

create policy "products_update"
on "public"."products"
as permissive
for update
to authenticated
using ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))))
with check ((organization_id = ANY (ARRAY( SELECT private.my_org_ids('editor'::public.member_role) AS my_org_ids))));


drop policy if exists "quiz_completions_own" on "public"."quiz_completions";

create policy "quiz_completions_own"
on "public"."quiz_completions"
as permissive
for select
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "royalty_reports_insert" on "public"."royalty_reports";

create policy "royalty_reports_insert"
on "public"."royalty_reports"
as permissive
for insert
to authenticated
with check ((licensee_user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "royalty_reports_select" on "public"."royalty_reports";

create policy "royalty_reports_select"
on "public"."royalty_reports"
as permissive
for select
to authenticated
using (((licensee_user_id = ( SELECT auth.uid() AS uid)) OR (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))));


drop policy if exists "royalty_reports_update" on "public"."royalty_reports";

create policy "royalty_reports_update"
on "public"."royalty_reports"
as permissive
for update
to authenticated
using (((licensee_user_id = ( SELECT auth.uid() AS uid)) AND (status = ANY (ARRAY['pending'::text, 'disputed'::text]))))
with check ((licensee_user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "user_badges_display" on "public"."user_badges";

create policy "user_badges_display"
on "public"."user_badges"
as permissive
for update
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)))
with check ((user_id = ( SELECT auth.uid() AS uid)));


drop policy if exists "user_badges_select" on "public"."user_badges";

create policy "user_badges_select"
on "public"."user_badges"
as permissive
for select
to anon, authenticated
using (((community_id IS NULL) OR (community_id = ANY (ARRAY( SELECT private.readable_community_ids() AS readable_community_ids)))));


drop policy if exists "user_progress_own" on "public"."user_progress";

create policy "user_progress_own"
on "public"."user_progress"
as permissive
for select
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)));

grant execute on function private.deleted_org_ids() to anon;
grant execute on function private.deleted_org_ids() to authenticated;
grant execute on function private.deleted_org_ids() to service_role;
grant execute on function private.listed_community_ids() to anon;
grant execute on function private.listed_community_ids() to authenticated;
grant execute on function private.listed_community_ids() to service_role;
grant execute on function private.moderated_community_ids(text) to authenticated;
grant execute on function private.moderated_community_ids(text) to service_role;
grant execute on function private.postable_community_ids() to authenticated;
grant execute on function private.postable_community_ids() to service_role;
grant execute on function private.project_organization(uuid) to authenticated;
grant execute on function private.project_organization(uuid) to service_role;
grant execute on function private.public_community_ids() to anon;
grant execute on function private.public_community_ids() to authenticated;
grant execute on function private.public_community_ids() to service_role;
grant execute on function private.readable_community_ids() to anon;
grant execute on function private.readable_community_ids() to authenticated;
grant execute on function private.readable_community_ids() to service_role;
grant execute on function private.royalty_amount(public.license_agreements,date,date,bigint,bigint) to authenticated;
grant execute on function private.royalty_amount(public.license_agreements,date,date,bigint,bigint) to service_role;
grant execute on function public.award_badge(uuid,uuid,jsonb) to authenticated;
grant execute on function public.cancel_order(uuid) to authenticated;
grant execute on function public.cast_vote(uuid,uuid,text) to authenticated;
grant execute on function public.create_license_agreement(uuid,date,date,numeric,bigint,bigint,text,text) to authenticated;
grant execute on function public.join_community(uuid) to authenticated;
grant execute on function public.mark_notification_unread(uuid) to authenticated;
grant execute on function public.mark_notifications_read(uuid[]) to authenticated;
grant execute on function public.moderate_member(uuid,uuid,text,text,timestamp with time zone) to authenticated;
grant execute on function public.my_digital_downloads() to authenticated;
grant execute on function public.place_order(text,jsonb,jsonb,text,text,text,text) to authenticated;
grant execute on function public.request_badge_nft(uuid,text) to authenticated;
grant execute on function public.review_license_request(uuid,text,text,uuid) to authenticated;
grant execute on function public.rsvp_event(uuid,text) to authenticated;
grant execute on function public.set_community_role(uuid,uuid,text) to authenticated;
grant execute on function public.set_license_agreement_status(uuid,text) to authenticated;
grant execute on function public.settle_royalty_report(uuid,text,text) to authenticated;
grant execute on function public.sign_license_agreement(uuid) to authenticated;
grant execute on function public.unread_notification_count() to authenticated;
grant execute on function public.update_order_status(uuid,text,text,text) to authenticated;
grant execute on function public.withdraw_license_request(uuid) to authenticated;
grant select on table analytics.community_engagement to analyst;
grant select on table analytics.community_engagement to service_role;
grant select on table analytics.royalty_summary to analyst;
grant select on table analytics.royalty_summary to service_role;
grant select on table analytics.store_sales_by_ip to analyst;
grant select on table analytics.store_sales_by_ip to service_role;
grant select on table analytics.store_sales_by_product to analyst;
grant select on table analytics.store_sales_by_product to service_role;
revoke delete on table public.discussion_poll_results from anon;
revoke insert on table public.discussion_poll_results from anon;
revoke references on table public.discussion_poll_results from anon;
revoke trigger on table public.discussion_poll_results from anon;
revoke truncate on table public.discussion_poll_results from anon;
revoke update on table public.discussion_poll_results from anon;
revoke delete on table public.discussion_poll_results from authenticated;
revoke insert on table public.discussion_poll_results from authenticated;
revoke references on table public.discussion_poll_results from authenticated;
revoke trigger on table public.discussion_poll_results from authenticated;
revoke truncate on table public.discussion_poll_results from authenticated;
revoke update on table public.discussion_poll_results from authenticated;
