-- Issue 28: a user's unread count is read on every page (the bell), and counting the unread
-- rows grows with the user's backlog (3 → 30 buffers, S → L). The count is kept per user
-- instead, by private.count_unread_notifications (supabase/functions/notifications.sql), and
-- filled from the rows once its triggers exist (20261208015800_notification_inboxes_filled).
create table private.notification_inboxes (
    user_id uuid primary key references auth.users (id) on delete cascade,
    unread_count bigint not null default 0 check (unread_count >= 0)
);
comment on table private.notification_inboxes is
'Per user, how many of their notifications are unread (read_at is null): kept by the statement triggers of public.notifications, read by public.unread_notification_count().';
revoke all on private.notification_inboxes from public, anon, authenticated;
grant select on private.notification_inboxes to service_role;
