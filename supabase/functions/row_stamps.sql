-- When a row was made is the database's clock, never the client's. A client's INSERT gets now()
-- in the columns the trigger names (TG_ARGV: the one saying when the row was made, then
-- updated_at where the table has one), whatever it sent, and its UPDATE keeps created_at, so
-- nobody backdates a review or dates a post 2099 to keep it first in "newest". Kept, not
-- refused: supabase-js's `.upsert(row)` sends back the created_at it read, and the conflict's
-- update then carries the stamped one (a frozen column would fail the upsert). The one rule
-- for created_at: no protect_columns names it. The service role and RPCs (security definer)
-- keep what they set. One trigger per table a client may insert into or update
-- (tests/py/test_guard.py finds them in the catalog).
create or replace function private.stamp_when_made()
returns trigger
language plpgsql
set search_path = ''
as $$
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
$$;
revoke execute on function private.stamp_when_made() from public;

create or replace trigger stamp_when_made before insert or update on public.animations
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.asset_versions
for each row execute function private.stamp_when_made('created_at');
create or replace trigger stamp_when_made before insert or update on public.assets
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.badges
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.book_structure
for each row execute function private.stamp_when_made('created_at');
create or replace trigger stamp_when_made before insert or update on public.books
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.brand_policies
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.campaign_updates
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.campaigns
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.cart_items
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.carts
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.chapter_scripts
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.chapters
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.characters
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.communities
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.content_category_items
for each row execute function private.stamp_when_made('created_at');
create or replace trigger stamp_when_made before insert or update on public.content_episodes
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.content_likes
for each row execute function private.stamp_when_made('created_at');
create or replace trigger stamp_when_made before insert or update on public.content_ratings
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.content_seasons
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.contents
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.discount_codes
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.discussion_comments
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.discussion_poll_votes
for each row execute function private.stamp_when_made('created_at');
create or replace trigger stamp_when_made before insert or update on public.discussion_votes
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.discussions
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.event_rsvps
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.events
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.fan_content_comments
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.fan_content_likes
for each row execute function private.stamp_when_made('created_at');
create or replace trigger stamp_when_made before insert or update on public.fan_contents
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.feedback
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.investment_tiers
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.license_catalog
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.license_request_notes
for each row execute function private.stamp_when_made('created_at');
create or replace trigger stamp_when_made before insert or update on public.license_requests
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.moodboards
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.organizations
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.plot_overviews
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.product_variants
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.products
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.profiles
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.project_collaborators
for each row execute function private.stamp_when_made('created_at');
create or replace trigger stamp_when_made before insert or update on public.projects
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.prompt_ratings
for each row execute function private.stamp_when_made('created_at');
create or replace trigger stamp_when_made before insert or update on public.prompts
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.provider_credentials
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.royalty_reports
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.scenes
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.schedules
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.scripts
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.stories
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.templates
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.universes
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.user_follows
for each row execute function private.stamp_when_made('created_at');
create or replace trigger stamp_when_made before insert or update on public.webhooks
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert or update on public.workflows
for each row execute function private.stamp_when_made('created_at', 'updated_at');
create or replace trigger stamp_when_made before insert on public.watchlists
for each row execute function private.stamp_when_made('added_at');
