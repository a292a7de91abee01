-- The unread counts of the notifications written before their triggers existed
-- (20261208015501_notification_inboxes_kept), counted afresh while writes wait: exact, whatever
-- the triggers counted in between.
lock table public.notifications in share mode;
delete from private.notification_inboxes;
insert into private.notification_inboxes (user_id, unread_count)
select n.user_id, count(*) from public.notifications n where n.read_at is null group by n.user_id;
