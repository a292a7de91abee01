-- When a row was made is the database's clock, never the client's. A client's INSERT gets
-- created_at (and updated_at, TG_ARGV[0], where the table has one) = now(), whatever it sent,
-- so nobody backdates a review or forward-dates a post to keep it first in "newest". The service
-- role and RPCs (security definer) keep what they set; protect_columns freezes created_at on
-- update. One trigger per table a client may insert into (tests/py/test_guard.py finds them in
-- the catalog: every such table with created_at carries it).
create or replace function private.stamp_created_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if private.is_client_request() then
        new.created_at := now();
        if tg_nargs > 0 then
            new := jsonb_populate_record(new, jsonb_build_object(tg_argv[0], now()));
        end if;
    end if;
    return new;
end
$$;
revoke execute on function private.stamp_created_at() from public;

create or replace trigger stamp_created_at before insert on public.animations
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.asset_versions
for each row execute function private.stamp_created_at();
create or replace trigger stamp_created_at before insert on public.assets
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.badges
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.book_structure
for each row execute function private.stamp_created_at();
create or replace trigger stamp_created_at before insert on public.books
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.brand_policies
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.campaign_updates
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.campaigns
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.cart_items
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.carts
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.chapter_scripts
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.chapters
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.characters
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.communities
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.content_category_items
for each row execute function private.stamp_created_at();
create or replace trigger stamp_created_at before insert on public.content_episodes
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.content_likes
for each row execute function private.stamp_created_at();
create or replace trigger stamp_created_at before insert on public.content_ratings
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.content_seasons
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.contents
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.discount_codes
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.discussion_comments
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.discussion_poll_votes
for each row execute function private.stamp_created_at();
create or replace trigger stamp_created_at before insert on public.discussion_votes
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.discussions
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.event_rsvps
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.events
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.fan_content_comments
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.fan_content_likes
for each row execute function private.stamp_created_at();
create or replace trigger stamp_created_at before insert on public.fan_contents
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.feedback
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.investment_tiers
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.license_catalog
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.license_request_notes
for each row execute function private.stamp_created_at();
create or replace trigger stamp_created_at before insert on public.license_requests
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.moodboards
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.plot_overviews
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.product_variants
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.products
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.project_collaborators
for each row execute function private.stamp_created_at();
create or replace trigger stamp_created_at before insert on public.projects
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.prompt_ratings
for each row execute function private.stamp_created_at();
create or replace trigger stamp_created_at before insert on public.prompts
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.royalty_reports
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.scenes
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.schedules
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.scripts
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.stories
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.templates
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.universes
for each row execute function private.stamp_created_at('updated_at');
create or replace trigger stamp_created_at before insert on public.user_follows
for each row execute function private.stamp_created_at();
create or replace trigger stamp_created_at before insert on public.workflows
for each row execute function private.stamp_created_at('updated_at');
