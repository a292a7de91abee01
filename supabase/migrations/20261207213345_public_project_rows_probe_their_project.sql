-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop policy "animations_select" on "public"."animations";

drop policy "asset_versions_select" on "public"."asset_versions";

drop policy "assets_select" on "public"."assets";

drop policy "book_structure_select" on "public"."book_structure";

drop policy "books_select" on "public"."books";

drop policy "brand_policies_select" on "public"."brand_policies";

drop policy "chapter_embeddings_select" on "public"."chapter_embeddings";

drop policy "chapter_scripts_select" on "public"."chapter_scripts";

drop policy "chapters_select" on "public"."chapters";

drop policy "characters_select" on "public"."characters";

drop policy "feedback_select" on "public"."feedback";

drop policy "moodboards_select" on "public"."moodboards";

drop policy "performance_predictions_select" on "public"."performance_predictions";

drop policy "plot_overviews_select" on "public"."plot_overviews";

drop policy "scenes_select" on "public"."scenes";

drop policy "scripts_select" on "public"."scripts";

drop policy "stories_select" on "public"."stories";

drop policy "universes_select" on "public"."universes";

drop policy "versions_select" on "public"."versions";

drop policy if exists "animations_select" on "public"."animations";

create policy "animations_select"
on "public"."animations"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = animations.project_id) AND private.project_is_public(p.*)))))));


drop policy if exists "asset_versions_select" on "public"."asset_versions";

create policy "asset_versions_select"
on "public"."asset_versions"
as permissive
for select
to anon, authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = asset_versions.project_id) AND private.project_is_public(p.*))))));


drop policy if exists "assets_select" on "public"."assets";

create policy "assets_select"
on "public"."assets"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = assets.project_id) AND private.project_is_public(p.*)))))));


drop policy if exists "book_structure_select" on "public"."book_structure";

create policy "book_structure_select"
on "public"."book_structure"
as permissive
for select
to anon, authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = book_structure.project_id) AND private.project_is_public(p.*))))));


drop policy if exists "books_select" on "public"."books";

create policy "books_select"
on "public"."books"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = books.project_id) AND private.project_is_public(p.*)))))));


drop policy if exists "brand_policies_select" on "public"."brand_policies";

create policy "brand_policies_select"
on "public"."brand_policies"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = brand_policies.project_id) AND private.project_is_public(p.*)))))));


drop policy if exists "chapter_embeddings_select" on "public"."chapter_embeddings";

create policy "chapter_embeddings_select"
on "public"."chapter_embeddings"
as permissive
for select
to anon, authenticated
using ((((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = chapter_embeddings.project_id) AND private.project_is_public(p.*))))));


drop policy if exists "chapter_scripts_select" on "public"."chapter_scripts";

create policy "chapter_scripts_select"
on "public"."chapter_scripts"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = chapter_scripts.project_id) AND private.project_is_public(p.*)))))));


drop policy if exists "chapters_select" on "public"."chapters";

create policy "chapters_select"
on "public"."chapters"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = chapters.project_id) AND private.project_is_public(p.*)))))));


drop policy if exists "characters_select" on "public"."characters";

create policy "characters_select"
on "public"."characters"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = characters.project_id) AND private.project_is_public(p.*)))))));


drop policy if exists "feedback_select" on "public"."feedback";

create policy "feedback_select"
on "public"."feedback"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = feedback.project_id) AND private.project_is_public(p.*)))))));


drop policy if exists "moodboards_select" on "public"."moodboards";

create policy "moodboards_select"
on "public"."moodboards"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = moodboards.project_id) AND private.project_is_public(p.*)))))));


drop policy if exists "performance_predictions_select" on "public"."performance_predictions";

create policy "performance_predictions_select"
on "public"."performance_predictions"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = performance_predictions.project_id) AND private.project_is_public(p.*)))))));


drop policy if exists "plot_overviews_select" on "public"."plot_overviews";

create policy "plot_overviews_select"
on "public"."plot_overviews"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = plot_overviews.project_id) AND private.project_is_public(p.*)))))));


drop policy if exists "scenes_select" on "public"."scenes";

create policy "scenes_select"
on "public"."scenes"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = scenes.project_id) AND private.project_is_public(p.*)))))));


drop policy if exists "scripts_select" on "public"."scripts";

create policy "scripts_select"
on "public"."scripts"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = scripts.project_id) AND private.project_is_public(p.*)))))));


drop policy if exists "stories_select" on "public"."stories";

create policy "stories_select"
on "public"."stories"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = stories.project_id) AND private.project_is_public(p.*)))))));


drop policy if exists "universes_select" on "public"."universes";

create policy "universes_select"
on "public"."universes"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = universes.project_id) AND private.project_is_public(p.*)))))));


drop policy if exists "versions_select" on "public"."versions";

create policy "versions_select"
on "public"."versions"
as permissive
for select
to anon, authenticated
using (((deleted_at IS NULL) AND (((project_id IS NULL) AND (organization_id = ANY (ARRAY( SELECT private.my_org_ids() AS my_org_ids)))) OR (project_id = ANY (ARRAY( SELECT private.readable_project_ids() AS readable_project_ids))) OR (EXISTS ( SELECT
   FROM public.projects p
  WHERE ((p.id = versions.project_id) AND private.project_is_public(p.*)))))));
