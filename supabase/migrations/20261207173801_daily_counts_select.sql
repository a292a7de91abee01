-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop policy if exists "daily_counts_select_own" on "private"."daily_counts";

create policy "daily_counts_select_own"
on "private"."daily_counts"
as permissive
for select
to authenticated
using ((user_id = ( SELECT auth.uid() AS uid)));
