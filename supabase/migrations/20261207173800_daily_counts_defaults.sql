-- A viewer's own counted views: the caller and today by default; readable by the viewer, so an
-- insert … returning gives the row back.
alter table private.daily_counts
    alter column user_id set default auth.uid(),
    alter column counted_on set default (now() at time zone 'UTC')::date;
grant select on private.daily_counts to authenticated;
