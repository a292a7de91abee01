-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

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
        raise exception '% not found', replace(post_table, '_', ' ') using errcode = 'PT404';
    end if;
    if (post ->> 'locked')::boolean then
        raise exception 'this discussion is locked' using errcode = 'PT409';
    end if;
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
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.inherit_scope()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
declare
    fk text;
    row_data jsonb := to_jsonb(new);
    old_data jsonb;
    scope constant text[] := array['organization_id', 'project_id', 'book_id', 'community_id'];
    moved boolean := false;
begin
    if tg_op = 'UPDATE' then
        old_data := to_jsonb(old);
        for i in 1 .. tg_nargs loop
            fk := split_part(tg_argv[i - 1], ':', 2);
            continue when row_data -> fk is not distinct from old_data -> fk;
            if private.is_client_request() then
                raise exception '%.% is the row''s parent: it cannot be changed', tg_table_name, fk
                    using errcode = '42501', hint = 'create the row under the new parent instead';
            end if;
            moved := true;
        end loop;
        if not moved then
            if exists (select 1 from unnest(scope) c where row_data -> c is distinct from old_data -> c) then
                raise exception 'the scope of % rows (% here) follows their parent', tg_table_name,
                    (select string_agg(c, ', ') from unnest(scope) c where row_data ? c)
                    using errcode = '42501';
            end if;
            return new;
        end if;
    end if;
    -- keys the child has no column for are ignored; no parent named: the row as sent
    return jsonb_populate_record(new, coalesce(private.parent_scope(row_data, tg_argv, tg_table_name), '{}'));
end
$function$
;

CREATE OR REPLACE FUNCTION private.like_rules()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    -- its community: inherit_scope
    if not exists (select from public.fan_contents c where c.id = new.content_id and c.status = 'published') then
        raise exception 'fan content not found' using errcode = 'PT404';
    end if;
    return new;
end
$function$
;

CREATE OR REPLACE FUNCTION private.parent_scope(row_data jsonb, parents text[], child_table text, missing_ok boolean DEFAULT false)
 RETURNS jsonb
 LANGUAGE plpgsql
 STABLE
 SET search_path TO ''
AS $function$
declare
    spec text;
    pair text[];
    fk_value uuid;
    parent jsonb;
    patch jsonb;
begin
    foreach spec in array parents loop  -- (a trigger's tg_argv counts from 0)
        pair := string_to_array(spec, ':');
        fk_value := (row_data ->> pair[2])::uuid;
        continue when fk_value is null;
        execute format('select to_jsonb(p) from public.%I p where p.%I = $1', split_part(pair[1], '.', 1),
                       coalesce(nullif(split_part(pair[1], '.', 2), ''), 'id'))
        into parent using fk_value;
        continue when missing_ok and parent is null;
        if pair[3] is not null and (parent is null or parent ->> 'deleted_at' is not null) then
            raise exception '% not found', pair[3] using errcode = 'PT404';
        elsif parent is null and private.is_client_request() then
            raise exception 'new row violates row-level security policy for table "%"', child_table
                using errcode = '42501';
        elsif parent is null then
            raise exception '% % not found', pair[1], fk_value using errcode = '23503';
        end if;
        patch := jsonb_build_object(
            'organization_id', parent -> 'organization_id',
            'project_id', case when pair[1] = 'projects' then parent -> 'id'
                               else coalesce(parent -> 'project_id', 'null') end);
        if pair[1] = 'books' then
            patch := patch || jsonb_build_object('book_id', parent -> 'id');
        elsif parent ? 'book_id' then
            patch := patch || jsonb_build_object('book_id', parent -> 'book_id');
        end if;
        if parent ? 'community_id' then
            patch := patch || jsonb_build_object('community_id', parent -> 'community_id');
        end if;
        return patch;
    end loop;
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
        raise exception 'poll not found' using errcode = 'PT404';
    end if;
    if poll.poll_ends_at is not null and poll.poll_ends_at <= now() then
        raise exception 'this poll closed at %', poll.poll_ends_at using errcode = 'PT409';
    end if;
    if not exists (select 1 from jsonb_array_elements(poll.poll_options) o where o ->> 'id' = new.option_id) then
        raise exception 'the poll has no option %', new.option_id using errcode = '22023';
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
        raise exception 'event not found' using errcode = 'PT404';
    end if;
    if event.status <> 'scheduled' then
        raise exception 'this event is %', event.status using errcode = 'PT409';
    end if;
    if coalesce(event.rsvp_deadline, event.event_date) <= now() then
        raise exception 'RSVPs for this event closed at %', coalesce(event.rsvp_deadline, event.event_date)
            using errcode = 'PT409';
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
    -- invoker rights: the target must be readable (its community: inherit_scope) and published
    if not exists (select from public.discussions d where d.id = new.discussion_id and d.status = 'published')
       and not exists (select from public.discussion_comments c where c.id = new.comment_id and c.status = 'published')
    then
        raise exception 'nothing to vote on' using errcode = 'PT404';
    end if;
    return new;
end
$function$
;

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.discussion_comments FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('discussions:discussion_id:discussion');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.discussion_poll_votes FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('discussions:discussion_id:poll');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.discussion_votes FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('discussions:discussion_id:discussion', 'discussion_comments:comment_id:comment');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.event_rsvps FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('events:event_id:event');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.fan_content_comments FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('fan_contents:content_id:fan content');

CREATE TRIGGER inherit_scope BEFORE INSERT OR UPDATE ON public.fan_content_likes FOR EACH ROW EXECUTE FUNCTION private.inherit_scope('fan_contents:content_id:fan content');
