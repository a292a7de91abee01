-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

drop trigger if exists "viewer_row_defaults" on "public"."content_likes";

drop trigger if exists "viewer_row_defaults" on "public"."watchlists";

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.stamp_when_made()
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
        return new;
    end if;
    return jsonb_populate_record(new, (select jsonb_object_agg(c, now()) from unnest(tg_argv) c));
end
$function$
;

CREATE OR REPLACE FUNCTION private.studio_search_kinds()
 RETURNS TABLE(kind text, table_name text, title text, document text, project text, scope text)
 LANGUAGE sql
 IMMUTABLE
 SET search_path TO ''
AS $function$
    select k.kind, k.table_name, k.title, k.document, k.project, coalesce(k.scope, content.scope)
    from (values
        ('project', 'projects', 't.title',
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.description, '')$d$,
         't.id', 't.id = any($2) or private.project_is_public(t)'),
        ('story', 'stories', $d$coalesce(t.title, t.logline, '')$d$,
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.logline, '') || ' ' || coalesce(t.synopsis, '')$d$,
         't.project_id', null),
        ('scene', 'scenes', $d$coalesce(t.title, 'Scene ' || t.scene_number)$d$,
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.description, '') || ' ' || coalesce(t.location, '')$d$,
         't.project_id', null),
        ('prompt', 'prompts', 't.title', $d$' ' || t.title || ' ' || t.content$d$,
         'null::uuid', 't.is_public or t.organization_id = any($1)'),
        ('asset', 'assets', $d$coalesce(t.title, t.original_name, t.filename)$d$,
         $d$' ' || coalesce(t.title, '') || ' ' || coalesce(t.description, '') || ' ' || coalesce(t.original_name, '')$d$,
         't.project_id', null)
    ) k (kind, table_name, title, document, project, scope)
    cross join (values ($s$(t.project_id is null and t.organization_id = any($1)) or t.project_id = any($2)
                          or exists (select from public.projects p where p.id = t.project_id and private.project_is_public(p))$s$)) content (scope)
$function$
;

CREATE OR REPLACE FUNCTION private.viewer_row_defaults()
 RETURNS trigger
 LANGUAGE plpgsql
 SET search_path TO ''
AS $function$
begin
    if private.is_client_request() then
        new.user_id := private.caller_id();
        if not private.can_watch(new.content_id) then
            raise exception 'content not found' using errcode = 'PT404';
        end if;
    end if;
    return new;
end
$function$
;

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.animations FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.asset_versions FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.assets FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.badges FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.book_structure FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.books FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.brand_policies FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.campaign_updates FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.campaigns FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.cart_items FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.carts FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.chapter_scripts FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.chapters FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.characters FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.communities FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.content_category_items FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.content_episodes FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.content_likes FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.content_ratings FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.content_seasons FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.contents FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.discount_codes FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.discussion_comments FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.discussion_poll_votes FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.discussion_votes FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.discussions FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.event_rsvps FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.events FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.fan_content_comments FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.fan_content_likes FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.fan_contents FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.feedback FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.investment_tiers FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.license_catalog FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.license_request_notes FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.license_requests FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.moodboards FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.plot_overviews FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.product_variants FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.products FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.project_collaborators FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.prompt_ratings FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.prompts FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.royalty_reports FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.scenes FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.schedules FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.scripts FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.stories FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.templates FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.universes FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.user_follows FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT ON public.watchlists FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('added_at');

CREATE TRIGGER stamp_when_made BEFORE INSERT OR UPDATE ON public.workflows FOR EACH ROW EXECUTE FUNCTION private.stamp_when_made('created_at', 'updated_at');

CREATE TRIGGER viewer_row_defaults BEFORE INSERT ON public.content_likes FOR EACH ROW EXECUTE FUNCTION private.viewer_row_defaults();

CREATE TRIGGER viewer_row_defaults BEFORE INSERT ON public.watchlists FOR EACH ROW EXECUTE FUNCTION private.viewer_row_defaults();
