-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

grant execute on function public.create_invitation_link(uuid,public.member_role) to authenticated;
grant execute on function public.credit_history(uuid,bigint,integer) to authenticated;
