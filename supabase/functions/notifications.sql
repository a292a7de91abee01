-- Notifications: one writer, private.notify(), called by the triggers of every domain
-- (comment replies, follows, likes, badges, event reminders, order and licence updates).
-- Invest (issue 13) and any later domain call it for their updates:
--     perform private.notify(investor_id, 'investment_update', jsonb_build_object(...),
--                            actor => private.caller_id(), reference_type => 'investment', reference_id => id);
-- It never notifies the actor about their own action, nor a missing user. With `once_per`, an
-- actor's repeated action on one object (a like, a follow, adding a member: undo and redo
-- cycles) notifies the recipient at most once per that period: one rule for every trigger.

create or replace function private.notify(
    recipient uuid,
    kind text,
    payload jsonb default '{}',
    actor uuid default null,
    reference_type text default null,
    reference_id uuid default null,
    title text default null,
    message text default null,
    once_per interval default null
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
    new_id uuid;
begin
    if recipient is null or recipient = actor then
        return null;
    end if;
    if once_per is not null then
        -- concurrent repeats of one action queue here, then see each other's notification
        perform pg_advisory_xact_lock(hashtextextended(
            concat_ws('/', 'notify', recipient, kind, actor, notify.reference_type, notify.reference_id), 0));
        if exists (select 1 from public.notifications n
                   where n.user_id = recipient and n.actor_id is not distinct from actor and n.type = kind
                     and n.reference_type is not distinct from notify.reference_type
                     and n.reference_id is not distinct from notify.reference_id
                     and n.created_at > now() - once_per) then
            return null;
        end if;
    end if;
    insert into public.notifications (user_id, type, title, message, reference_type, reference_id, actor_id, payload)
    values (recipient, kind, left(notify.title, 255), left(notify.message, 2000), notify.reference_type,
            notify.reference_id, actor, coalesce(notify.payload, '{}'))
    returning id into new_id;
    return new_id;
end
$$;
revoke execute on function private.notify(uuid, text, jsonb, uuid, text, uuid, text, text, interval) from public;
comment on function private.notify(uuid, text, jsonb, uuid, text, uuid, text, text, interval) is
'The one writer of notifications; skips the actor and null recipients; with once_per, at most one per recipient, kind, actor and object in that period. For use by security-definer code of every domain (Invest: kind investment_update).';

-- Read / unread: the caller's own notifications only. Returns how many changed.
create or replace function public.mark_notifications_read(notification_ids uuid [] default null)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
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
$$;
revoke execute on function public.mark_notifications_read(uuid []) from public, anon;
grant execute on function public.mark_notifications_read(uuid []) to authenticated;

create or replace function public.mark_notification_unread(notification_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
    update public.notifications n set read_at = null
    where n.id = notification_id and n.user_id = private.require_user();
    if not found then
        raise exception 'notification not found' using errcode = 'PT404';
    end if;
end
$$;
revoke execute on function public.mark_notification_unread(uuid) from public, anon;
grant execute on function public.mark_notification_unread(uuid) to authenticated;

create or replace function public.unread_notification_count()
returns bigint
language sql
stable
security definer
set search_path = ''
as $$
    select coalesce((select i.unread_count from private.notification_inboxes i
                     where i.user_id = (select private.acting_user_id())), 0)
$$;
revoke execute on function public.unread_notification_count() from public, anon;
grant execute on function public.unread_notification_count() to authenticated;

-- Each user's unread count, kept by statement (not by row, as private.count_live_children
-- counts: "mark all read" changes thousands of one user's rows in one statement, and a row
-- trigger would rewrite the user's counter once for each). Inserts add (creating the user's
-- row, in user order so that concurrent fan-outs lock alike), updates add the new unread and
-- take the old, deletes take (a row gone with its user is simply not found), a truncate empties
-- every count.
create or replace function private.count_unread_notifications()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    if tg_op in ('INSERT', 'UPDATE') then
        insert into private.notification_inboxes as i (user_id, unread_count)
        select n.user_id, count(*) from new_rows n where n.read_at is null group by n.user_id order by n.user_id
        on conflict (user_id) do update set unread_count = i.unread_count + excluded.unread_count;
    end if;
    if tg_op in ('UPDATE', 'DELETE') then
        update private.notification_inboxes i set unread_count = i.unread_count - o.unread
        from (select o.user_id, count(*) as unread from old_rows o where o.read_at is null group by o.user_id) o
        where i.user_id = o.user_id;
    end if;
    if tg_op = 'TRUNCATE' then
        update private.notification_inboxes i set unread_count = 0 where i.unread_count <> 0;
    end if;
    return null;
end
$$;
revoke execute on function private.count_unread_notifications() from public;

create or replace trigger count_unread_inserted after insert on public.notifications
referencing new table as new_rows
for each statement execute function private.count_unread_notifications();
create or replace trigger count_unread_updated after update on public.notifications
referencing old table as old_rows new table as new_rows
for each statement execute function private.count_unread_notifications();
create or replace trigger count_unread_deleted after delete on public.notifications
referencing old table as old_rows
for each statement execute function private.count_unread_notifications();
create or replace trigger count_unread_truncated after truncate on public.notifications
for each statement execute function private.count_unread_notifications();

-- A new follower is news for the followed user (once a day per follower: unfollowing and
-- following again does not spam).
create or replace function private.notify_follow()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    perform private.notify(new.following_id, 'follow', jsonb_build_object('follower_id', new.follower_id),
                           actor => new.follower_id, reference_type => 'user', reference_id => new.follower_id,
                           title => 'You have a new follower', once_per => interval '1 day');
    return null;
end
$$;
revoke execute on function private.notify_follow() from public;

create or replace trigger notify_follow after insert on public.user_follows
for each row execute function private.notify_follow();
