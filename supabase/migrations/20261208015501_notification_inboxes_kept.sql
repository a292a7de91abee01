-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.count_unread_notifications()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
$function$
;

CREATE OR REPLACE FUNCTION public.unread_notification_count()
 RETURNS bigint
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO ''
AS $function$
    select coalesce((select i.unread_count from private.notification_inboxes i
                     where i.user_id = (select private.acting_user_id())), 0)
$function$
;

CREATE TRIGGER count_unread_deleted AFTER DELETE ON public.notifications REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION private.count_unread_notifications();

CREATE TRIGGER count_unread_inserted AFTER INSERT ON public.notifications REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.count_unread_notifications();

CREATE TRIGGER count_unread_truncated AFTER TRUNCATE ON public.notifications FOR EACH STATEMENT EXECUTE FUNCTION private.count_unread_notifications();

CREATE TRIGGER count_unread_updated AFTER UPDATE ON public.notifications REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION private.count_unread_notifications();
