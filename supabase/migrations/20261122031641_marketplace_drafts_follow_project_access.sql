-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop policy "campaigns_select" on "public"."campaigns";

drop policy "contents_select" on "public"."contents";

drop policy if exists "campaigns_select" on "public"."campaigns";

create policy "campaigns_select"
on "public"."campaigns"
as permissive
for select
to anon, authenticated
using (((project_deleted_at IS NULL) AND ((status = ANY (ARRAY['active'::text, 'funded'::text, 'failed'::text, 'completed'::text])) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (id = ANY (ARRAY( SELECT private.my_invested_campaign_ids() AS my_invested_campaign_ids))))));


drop policy if exists "contents_select" on "public"."contents";

create policy "contents_select"
on "public"."contents"
as permissive
for select
to anon, authenticated
using (((project_deleted_at IS NULL) AND (((status = 'published'::text) AND (visibility_rank <= ( SELECT private.my_watch_rank() AS my_watch_rank))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))))));
