-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.count_change(old_value text, new_value text, value text)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select coalesce((new_value = value)::integer, 0) - coalesce((old_value = value)::integer, 0)
$function$
;

CREATE OR REPLACE FUNCTION private.count_by_author()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    delta integer := private.count_change(old.status, new.status, 'published');
    target_community uuid := coalesce(new.community_id, old.community_id);
    author uuid := coalesce(new.author_id, old.author_id);
begin
    if delta <> 0 then
        execute format('update public.community_members m set %1$I = greatest(m.%1$I + $1, 0)
                        where m.community_id = $2 and m.user_id = $3', tg_argv[0])
        using delta, target_community, author;
    end if;
    if tg_op = 'INSERT' and delta > 0 then
        perform private.add_progress(author, tg_argv[1], 1);
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
    going_delta integer := private.count_change(old.status, new.status, 'going');
    interested_delta integer := private.count_change(old.status, new.status, 'interested');
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
    up_delta integer := private.count_change(old.vote_type, new.vote_type, 'up');
    down_delta integer := private.count_change(old.vote_type, new.vote_type, 'down');
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
