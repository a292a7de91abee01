-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "event_defaults" on "public"."events";

drop trigger if exists "protect_columns" on "public"."royalty_reports";

set check_function_bodies = off;

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
        -- the line's cart, product and owner are frozen (protect_columns); its price is the catalogue's
        new.unit_price_cents := old.unit_price_cents;
        return new;
    end if;
    -- invoker rights: the caller's own cart, and products the caller may see
    select c.user_id into new.user_id from public.carts c where c.id = new.cart_id;
    select p.* into product from public.products p where p.id = new.product_id;
    if product.status = 'out_of_stock' and product.visibility <> 'private' then
        raise exception '% is out of stock', product.name using errcode = 'PT409';
    end if;
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

CREATE OR REPLACE FUNCTION private.event_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() then
        new.current_attendees := 0;
        new.interested_count := 0;
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
    -- paid or closed: the holds are taken for good or given back, nothing left to expire
    if new.status <> 'pending' or new.payment_status <> 'pending' then
        new.hold_expires_at := null;
    end if;
    new.updated_at := now();
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

CREATE OR REPLACE FUNCTION private.protect_columns()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    old_row jsonb := to_jsonb(old);
    new_row jsonb := to_jsonb(new);
    column_name text;
    client boolean := private.is_client_request();
begin
    foreach column_name in array tg_argv loop
        if left(column_name, 1) = '!' then
            column_name := substr(column_name, 2);
            if old_row -> column_name is distinct from new_row -> column_name then
                raise exception 'column %.% never changes', tg_table_name, column_name using errcode = '42501';
            end if;
        elsif client
              and old_row #> string_to_array(column_name, '->') is distinct from new_row #> string_to_array(column_name, '->')
        then
            raise exception 'column %.% cannot be changed by clients', tg_table_name, column_name
                using errcode = '42501', hint = 'use the RPC that owns this change, if there is one';
        end if;
    end loop;
    return new;
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
        -- the agreement and parties are frozen, the settlement is settle_royalty_report's (protect_columns)
        if client then
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
        new.user_id := auth.uid();
        new.reminder_sent := false;
    end if;
    new.updated_at := now();
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.vote_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if tg_op = 'UPDATE' then  -- only its direction changes (protect_columns)
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

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.discussion_comments FOR EACH ROW EXECUTE FUNCTION private.protect_columns('!discussion_id', '!parent_id', '!community_id', '!author_id', 'upvotes', 'downvotes', 'score');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.discussion_votes FOR EACH ROW EXECUTE FUNCTION private.protect_columns('!user_id', '!discussion_id', '!comment_id', '!community_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.discussions FOR EACH ROW EXECUTE FUNCTION private.protect_columns('community_id', 'author_id', 'upvotes', 'downvotes', 'score', 'comment_count', 'view_count');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.event_rsvps FOR EACH ROW EXECUTE FUNCTION private.protect_columns('!event_id', '!user_id', '!community_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION private.protect_columns('community_id', 'created_by', 'current_attendees', 'interested_count');

CREATE TRIGGER stamp_actor BEFORE INSERT ON public.events FOR EACH ROW EXECUTE FUNCTION private.stamp_actor('created_by');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.fan_content_comments FOR EACH ROW EXECUTE FUNCTION private.protect_columns('!content_id', '!parent_id', '!community_id', '!author_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.fan_contents FOR EACH ROW EXECUTE FUNCTION private.protect_columns('community_id', 'author_id', 'view_count', 'like_count', 'comment_count', 'share_count');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.license_requests FOR EACH ROW EXECUTE FUNCTION private.protect_columns('!project_id', '!organization_id', '!requester_user_id');

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION private.protect_columns('!order_number', '!user_id', '!organization_id', '!subtotal_cents', '!discount_cents', '!shipping_cents', '!tax_cents', '!total_cents', '!currency', '!discount_code_id');

CREATE TRIGGER event_defaults BEFORE INSERT ON public.events FOR EACH ROW EXECUTE FUNCTION private.event_defaults();

CREATE TRIGGER protect_columns BEFORE UPDATE ON public.royalty_reports FOR EACH ROW EXECUTE FUNCTION private.protect_columns('!organization_id', '!agreement_id', '!licensee_user_id', '!submitted_by', 'status', 'paid_at', 'payment_reference');
