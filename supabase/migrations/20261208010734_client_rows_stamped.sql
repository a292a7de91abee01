-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "viewer_row_defaults" on "public"."content_likes";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.stamp_created_at()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if not private.is_client_request() then
        return new;
    end if;
    if tg_op = 'UPDATE' then
        new.created_at := old.created_at;
    else
        new.created_at := now();
        if tg_nargs > 0 then
            new := jsonb_populate_record(new, jsonb_build_object(tg_argv[0], now()));
        end if;
    end if;
    return new;
end
$function$
;

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.animations FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.asset_versions FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at();

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.assets FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.badges FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.book_structure FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at();

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.books FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.brand_policies FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.campaign_updates FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.campaigns FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.cart_items FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.carts FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.chapter_scripts FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.chapters FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.characters FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.communities FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.content_category_items FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at();

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.content_episodes FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.content_likes FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at();

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.content_ratings FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.content_seasons FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.contents FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.discount_codes FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.discussion_comments FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.discussion_poll_votes FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at();

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.discussion_votes FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.discussions FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.event_rsvps FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.fan_content_comments FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.fan_content_likes FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at();

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.fan_contents FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.feedback FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.investment_tiers FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.license_catalog FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.license_request_notes FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at();

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.license_requests FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.moodboards FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.plot_overviews FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.product_variants FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.products FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.project_collaborators FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at();

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.prompt_ratings FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at();

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.prompts FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.royalty_reports FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.scenes FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.schedules FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.scripts FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.stories FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.templates FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.universes FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.user_follows FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at();

CREATE TRIGGER stamp_created_at BEFORE INSERT OR UPDATE ON public.workflows FOR EACH ROW EXECUTE FUNCTION private.stamp_created_at('updated_at');

CREATE TRIGGER viewer_row_defaults BEFORE INSERT ON public.content_likes FOR EACH ROW EXECUTE FUNCTION private.viewer_row_defaults();
