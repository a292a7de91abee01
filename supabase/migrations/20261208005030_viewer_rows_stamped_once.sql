-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "viewer_row_defaults" on "public"."content_likes";

drop trigger if exists "viewer_row_defaults" on "public"."content_ratings";

CREATE TRIGGER viewer_row_defaults BEFORE INSERT ON public.content_likes FOR EACH ROW EXECUTE FUNCTION private.viewer_row_defaults();

CREATE TRIGGER viewer_row_defaults BEFORE INSERT ON public.content_ratings FOR EACH ROW EXECUTE FUNCTION private.viewer_row_defaults();
