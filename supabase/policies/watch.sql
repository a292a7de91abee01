-- RLS policies for Watch. A content is listed to everyone whose plan opens its tier once it
-- is published, and to its organization always; its seasons, episodes, ratings, stats and
-- category items follow it. History, views, likes and watchlists are the viewer's own.

-- contents
drop policy if exists contents_select on public.contents;
create policy contents_select on public.contents for select to anon, authenticated
using (
    project_deleted_at is null
    and (
        (status = 'published' and visibility_rank <= (select private.my_watch_rank()))
        -- unpublished: whoever may read the project (a private project's drafts stay private)
        or project_id = any(array(select private.readable_project_ids()))
    )
);

drop policy if exists contents_insert on public.contents;
create policy contents_insert on public.contents for insert to authenticated
with check (organization_id = any(array(select private.my_org_ids('editor'))));

drop policy if exists contents_update on public.contents;
create policy contents_update on public.contents for update to authenticated
using (project_deleted_at is null and organization_id = any(array(select private.my_org_ids('editor'))))
with check (organization_id = any(array(select private.my_org_ids('editor'))));

drop policy if exists contents_delete on public.contents;
create policy contents_delete on public.contents for delete to authenticated
using (organization_id = any(array(select private.my_org_ids('admin'))));

-- seasons and episodes: read with their content, written by the organization's editors
drop policy if exists content_seasons_select on public.content_seasons;
create policy content_seasons_select on public.content_seasons for select to anon, authenticated
using (exists (select 1 from public.contents c where c.id = content_id));

drop policy if exists content_seasons_write on public.content_seasons;
create policy content_seasons_write on public.content_seasons for all to authenticated
using (organization_id = any(array(select private.my_org_ids('editor'))))
with check (organization_id = any(array(select private.my_org_ids('editor'))));

drop policy if exists content_episodes_select on public.content_episodes;
create policy content_episodes_select on public.content_episodes for select to anon, authenticated
using (exists (select 1 from public.contents c where c.id = content_id));

drop policy if exists content_episodes_write on public.content_episodes;
create policy content_episodes_write on public.content_episodes for all to authenticated
using (organization_id = any(array(select private.my_org_ids('editor'))))
with check (organization_id = any(array(select private.my_org_ids('editor'))));

-- the viewer's own history, views, likes and watchlist
drop policy if exists watch_history_own on public.watch_history;
create policy watch_history_own on public.watch_history for all to authenticated
using (user_id = (select auth.uid()))
with check (user_id = (select auth.uid()));

drop policy if exists content_views_own on public.content_views;
create policy content_views_own on public.content_views for select to authenticated
using (user_id = (select auth.uid()));

drop policy if exists content_likes_own on public.content_likes;
create policy content_likes_own on public.content_likes for all to authenticated
using (user_id = (select auth.uid()))
with check (user_id = (select auth.uid()));

drop policy if exists watchlists_own on public.watchlists;
create policy watchlists_own on public.watchlists for all to authenticated
using (user_id = (select auth.uid()))
with check (user_id = (select auth.uid()));

-- content_daily_stats: no policy, no client grant; the refresh_trending_contents duty reads it

-- precomputed trending (private.content_trending): only published contents of live projects,
-- read through public.trending_contents, whose join applies the contents policy (plan tier);
-- a per-row check here would be planned as a hashed scan of every content (issue 28)
drop policy if exists content_trending_select on private.content_trending;
create policy content_trending_select on private.content_trending for select to anon, authenticated
using (true);

-- precomputed match scores: the viewer's own
drop policy if exists content_match_scores_own on private.content_match_scores;
create policy content_match_scores_own on private.content_match_scores for select to authenticated
using (user_id = (select auth.uid()));

-- ratings: public with their content; each viewer writes their own
drop policy if exists content_ratings_select on public.content_ratings;
create policy content_ratings_select on public.content_ratings for select to anon, authenticated
using (exists (select 1 from public.contents c where c.id = content_id));

drop policy if exists content_ratings_insert on public.content_ratings;
create policy content_ratings_insert on public.content_ratings for insert to authenticated
with check (user_id = (select auth.uid()));

drop policy if exists content_ratings_update on public.content_ratings;
create policy content_ratings_update on public.content_ratings for update to authenticated
using (user_id = (select auth.uid()))
with check (user_id = (select auth.uid()));

drop policy if exists content_ratings_delete on public.content_ratings;
create policy content_ratings_delete on public.content_ratings for delete to authenticated
using (user_id = (select auth.uid()));

-- categories: the platform's (service role writes); active ones are public
drop policy if exists content_categories_select on public.content_categories;
create policy content_categories_select on public.content_categories for select to anon, authenticated
using (is_active);

drop policy if exists content_category_items_select on public.content_category_items;
create policy content_category_items_select on public.content_category_items for select to anon, authenticated
using (exists (select 1 from public.contents c where c.id = content_id));

drop policy if exists content_category_items_write on public.content_category_items;
create policy content_category_items_write on public.content_category_items for all to authenticated
using (exists (
    select 1 from public.contents c
    where c.id = content_id and c.organization_id = any(array(select private.my_org_ids('editor')))
))
with check (exists (
    select 1 from public.contents c
    where c.id = content_id and c.organization_id = any(array(select private.my_org_ids('editor')))
));
