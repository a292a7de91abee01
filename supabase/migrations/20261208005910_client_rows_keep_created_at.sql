-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "stamp_created_at" on "public"."animations";

drop trigger if exists "stamp_created_at" on "public"."asset_versions";

drop trigger if exists "stamp_created_at" on "public"."assets";

drop trigger if exists "stamp_created_at" on "public"."badges";

drop trigger if exists "stamp_created_at" on "public"."book_structure";

drop trigger if exists "stamp_created_at" on "public"."books";

drop trigger if exists "stamp_created_at" on "public"."brand_policies";

drop trigger if exists "stamp_created_at" on "public"."campaign_updates";

drop trigger if exists "stamp_created_at" on "public"."campaigns";

drop trigger if exists "stamp_created_at" on "public"."cart_items";

drop trigger if exists "stamp_created_at" on "public"."carts";

drop trigger if exists "stamp_created_at" on "public"."chapter_scripts";

drop trigger if exists "stamp_created_at" on "public"."chapters";

drop trigger if exists "stamp_created_at" on "public"."characters";

drop trigger if exists "stamp_created_at" on "public"."communities";

drop trigger if exists "stamp_created_at" on "public"."content_category_items";

drop trigger if exists "stamp_created_at" on "public"."content_episodes";

drop trigger if exists "stamp_created_at" on "public"."content_likes";

drop trigger if exists "stamp_created_at" on "public"."content_ratings";

drop trigger if exists "stamp_created_at" on "public"."content_seasons";

drop trigger if exists "stamp_created_at" on "public"."contents";

drop trigger if exists "stamp_created_at" on "public"."discount_codes";

drop trigger if exists "stamp_created_at" on "public"."discussion_comments";

drop trigger if exists "stamp_created_at" on "public"."discussion_poll_votes";

drop trigger if exists "stamp_created_at" on "public"."discussion_votes";

drop trigger if exists "stamp_created_at" on "public"."discussions";

drop trigger if exists "stamp_created_at" on "public"."event_rsvps";

drop trigger if exists "stamp_created_at" on "public"."events";

drop trigger if exists "stamp_created_at" on "public"."fan_content_comments";

drop trigger if exists "stamp_created_at" on "public"."fan_content_likes";

drop trigger if exists "stamp_created_at" on "public"."fan_contents";

drop trigger if exists "stamp_created_at" on "public"."feedback";

drop trigger if exists "stamp_created_at" on "public"."investment_tiers";

drop trigger if exists "stamp_created_at" on "public"."license_catalog";

drop trigger if exists "stamp_created_at" on "public"."license_request_notes";

drop trigger if exists "stamp_created_at" on "public"."license_requests";

drop trigger if exists "stamp_created_at" on "public"."moodboards";

drop trigger if exists "stamp_created_at" on "public"."plot_overviews";

drop trigger if exists "stamp_created_at" on "public"."product_variants";

drop trigger if exists "stamp_created_at" on "public"."products";

drop trigger if exists "stamp_created_at" on "public"."project_collaborators";

drop trigger if exists "stamp_created_at" on "public"."projects";

drop trigger if exists "stamp_created_at" on "public"."prompt_ratings";

drop trigger if exists "stamp_created_at" on "public"."prompts";

drop trigger if exists "stamp_created_at" on "public"."royalty_reports";

drop trigger if exists "stamp_created_at" on "public"."scenes";

drop trigger if exists "stamp_created_at" on "public"."schedules";

drop trigger if exists "stamp_created_at" on "public"."scripts";

drop trigger if exists "stamp_created_at" on "public"."stories";

drop trigger if exists "stamp_created_at" on "public"."templates";

drop trigger if exists "stamp_created_at" on "public"."universes";

drop trigger if exists "stamp_created_at" on "public"."user_follows";

drop trigger if exists "stamp_created_at" on "public"."workflows";

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
