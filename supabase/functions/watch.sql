-- Watch: access helpers, scope and status rules, exact counters, and the progress RPC.

-- ---------------------------------------------------------------------------
-- Access
-- ---------------------------------------------------------------------------

-- The highest visibility tier the caller's plans open: 0 free (anon too), 1 subscribers,
-- 2 premium. A plan counts while its subscription is active or trialing, on any organization
-- the caller currently belongs to (private.my_memberships: a team plan covers its members; the
-- personal organization carries the user's own plan; a suspended account holds none).
create or replace function private.my_watch_rank()
returns smallint
language sql
stable
security definer
set search_path = ''
as $$
    select coalesce(max(case p.watch_tier when 'premium' then 2 when 'subscribers' then 1 else 0 end), 0)::smallint
    from private.my_memberships m
    join public.subscriptions s on s.organization_id = m.organization_id and s.status in ('active', 'trialing')
    join public.plans p on p.id = s.plan_id
$$;
revoke execute on function private.my_watch_rank() from public;
grant execute on function private.my_watch_rank() to anon, authenticated, service_role;

-- Contents the caller may list and play: published in a tier their plan opens, or any
-- content of their own organizations. The same rule as the contents_select policy, for
-- security-definer code.
create or replace function private.can_watch(content_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
    select exists (
        select 1 from public.contents c
        where c.id = can_watch.content_id and c.project_deleted_at is null
          and ((c.status = 'published' and c.visibility_rank <= private.my_watch_rank())
               or c.organization_id = any(array(select private.my_org_ids())))
    )
$$;
revoke execute on function private.can_watch(uuid) from public, anon;
grant execute on function private.can_watch(uuid) to authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Contents: scope from the project, status machine, re-embedding on text changes
-- ---------------------------------------------------------------------------

-- Triggers that tell clients from RPCs run with the caller's rights (a security-definer
-- trigger would always see its owner as current_user).
create or replace function private.contents_before_write()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if tg_op = 'INSERT' then
        -- who may create it, and how it starts: start_in_project (fired before)
        new.published_at := null;
        return new;
    end if;
    if new.status <> old.status then
        if new.status = 'published' then
            if new.type = 'series' and new.episode_count = 0 then
                raise exception 'a series needs at least one episode before it is published' using errcode = 'PT409';
            end if;
            if new.type <> 'series' and new.video_url is null and new.hls_url is null and new.dash_url is null then
                raise exception 'content needs a video_url, hls_url or dash_url before it is published'
                    using errcode = 'PT409';
            end if;
            new.published_at := coalesce(old.published_at, now());
        end if;
    end if;
    if (new.title, new.genre, new.synopsis, new.description)
        is distinct from (old.title, old.genre, old.synopsis, old.description) then
        new.embedding := null;
        new.embedding_model := null;
    end if;
    return new;
end
$$;
revoke execute on function private.contents_before_write() from public;

-- Triggers fire in name order: the scope and the creator first, then the write rules.
create or replace trigger inherit_scope before insert on public.contents
for each row execute function private.inherit_scope('projects:project_id:project');
create or replace trigger client_defaults before insert on public.contents
for each row execute function private.client_defaults(
    'created_by', 'view_count=0', 'like_count=0', 'completion_count=0', 'rating_sum=0', 'rating_count=0',
    'season_count=0', 'episode_count=0', 'embedding=null', 'embedding_model=null'
);
create or replace trigger start_in_project before insert on public.contents
for each row execute function private.start_in_project('content starts as a draft (or processing)', 'draft',
                                                       'processing');
create or replace trigger write_rules before insert or update on public.contents
for each row execute function private.contents_before_write();
-- its moves: private.transitions, machine 'contents' (core.sql, "Status machines")
create or replace trigger status_machine before update on public.contents
for each row when (old.status is distinct from new.status and case old.status
    when 'archived' then new.status not in ('published')
    when 'draft' then new.status not in ('processing', 'published')
    when 'processing' then new.status not in ('draft', 'published')
    when 'published' then new.status not in ('archived')
    else true end)
execute function private.enforce_transition('contents');
create or replace trigger protect_columns before update on public.contents
for each row execute function private.protect_columns(
    'id', 'project_id', 'organization_id', 'created_by', 'view_count', 'like_count', 'completion_count',
    'rating_sum', 'rating_count', 'season_count', 'episode_count', 'embedding', 'embedding_model', 'published_at',
    'project_deleted_at'
);
create or replace trigger set_updated_at before update on public.contents
for each row execute function private.set_updated_at();

-- ---------------------------------------------------------------------------
-- Seasons and episodes: scope from the parent, counts kept by delta
-- ---------------------------------------------------------------------------

-- Triggers fire in name order: the content's scope first (private.inherit_scope; a missing one
-- is not found), then the season's own rules.
create or replace function private.season_before_insert()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if (select c.type from public.contents c where c.id = new.content_id) <> 'series' then
        raise exception 'only a series has seasons' using errcode = '22023';
    end if;
    return new;
end
$$;
revoke execute on function private.season_before_insert() from public;

create or replace trigger inherit_scope before insert on public.content_seasons
for each row execute function private.inherit_scope('contents:content_id:content');
create or replace trigger season_before_insert before insert on public.content_seasons
for each row execute function private.season_before_insert();
create or replace trigger client_defaults before insert on public.content_seasons
for each row execute function private.client_defaults('episode_count=0');
create or replace trigger protect_columns before update on public.content_seasons
for each row execute function private.protect_columns(
    'id', 'content_id', 'organization_id', 'project_id', 'season_number', 'episode_count'
);
create or replace trigger set_updated_at before update on public.content_seasons
for each row execute function private.set_updated_at();

-- An episode takes its season's scope (private.inherit_scope; a missing one is not found) and
-- the season's content and number.
create or replace function private.episode_before_insert()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    select s.content_id, s.season_number into new.content_id, new.season_number
    from public.content_seasons s where s.id = new.season_id;
    return new;
end
$$;
revoke execute on function private.episode_before_insert() from public;

create or replace trigger client_defaults before insert on public.content_episodes
for each row execute function private.client_defaults('view_count=0');
create or replace trigger episode_before_insert before insert on public.content_episodes
for each row execute function private.episode_before_insert();
create or replace trigger inherit_scope before insert on public.content_episodes
for each row execute function private.inherit_scope('content_seasons:season_id:season');
create or replace trigger protect_columns before update on public.content_episodes
for each row execute function private.protect_columns(
    'id', 'season_id', 'content_id', 'organization_id', 'project_id', 'season_number', 'view_count'
);
create or replace trigger set_updated_at before update on public.content_episodes
for each row execute function private.set_updated_at();

-- contents.season_count / episode_count and content_seasons.episode_count, by delta under
-- the parent's row lock (count_live_children), so concurrent inserts never lose a count.
-- Triggers fire in name order: the content's row before the season's, as everywhere.
create or replace trigger count_seasons after insert or delete on public.content_seasons
for each row execute function private.count_live_children('contents', 'content_id', 'season_count');
create or replace trigger count_episodes after insert or delete on public.content_episodes
for each row execute function private.count_live_children('contents', 'content_id', 'episode_count');
create or replace trigger count_episodes_in_season after insert or delete on public.content_episodes
for each row execute function private.count_live_children('content_seasons', 'season_id', 'episode_count');

-- ---------------------------------------------------------------------------
-- Ratings: one per viewer and content; the content's sum and count move by delta
-- ---------------------------------------------------------------------------

-- A viewer's own row about a content (a rating, a like, a watchlist entry): a client's insert is
-- filed under the caller and refused as not found (PT404) when the caller may not watch the
-- content (private.can_watch); when it was made is private.stamp_when_made's. RPCs and the
-- service role write their own.
create or replace function private.viewer_row_defaults()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if private.is_client_request() then
        new.user_id := private.caller_id();
        if not private.can_watch(new.content_id) then
            raise exception 'content not found' using errcode = 'PT404';
        end if;
    end if;
    return new;
end
$$;
revoke execute on function private.viewer_row_defaults() from public;

create or replace function private.count_content_rating()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    if tg_op = 'INSERT' then
        update public.contents c set rating_sum = c.rating_sum + new.rating, rating_count = c.rating_count + 1
        where c.id = new.content_id;
    elsif tg_op = 'DELETE' then
        update public.contents c set rating_sum = c.rating_sum - old.rating, rating_count = c.rating_count - 1
        where c.id = old.content_id;
    elsif new.rating <> old.rating then
        update public.contents c set rating_sum = c.rating_sum - old.rating + new.rating where c.id = new.content_id;
    end if;
    return null;
end
$$;
revoke execute on function private.count_content_rating() from public;

create or replace trigger viewer_row_defaults before insert on public.content_ratings
for each row execute function private.viewer_row_defaults();
create or replace trigger protect_columns before update on public.content_ratings
for each row execute function private.protect_columns('id', 'user_id', 'content_id');
create or replace trigger set_updated_at before update on public.content_ratings
for each row execute function private.set_updated_at();
create or replace trigger count_content_rating after insert or update of rating or delete on public.content_ratings
for each row execute function private.count_content_rating();

-- ---------------------------------------------------------------------------
-- Likes, views and completions: deduplicated rows feed the counters and the daily stats
-- ---------------------------------------------------------------------------

-- Lock order: every counter trigger updates the content row before its daily stats row, so
-- concurrent views, likes and completions of one content queue instead of deadlocking.
create or replace function private.bump_daily_stats(content_id uuid, day date, viewers integer, likes integer,
    completions integer)
returns void
language sql
security definer
set search_path = ''
as $$
    insert into public.content_daily_stats as s (content_id, day, viewers, likes, completions)
    values (bump_daily_stats.content_id, bump_daily_stats.day, bump_daily_stats.viewers, bump_daily_stats.likes,
            bump_daily_stats.completions)
    on conflict on constraint content_daily_stats_pkey do update
    set viewers = s.viewers + excluded.viewers, likes = s.likes + excluded.likes,
        completions = s.completions + excluded.completions
$$;
revoke execute on function private.bump_daily_stats(uuid, date, integer, integer, integer) from public;

-- Activity per content since `since` (a UTC day), for trending_contents: one aggregate serves
-- every viewer without per-row RLS on the stats, and it reports only contents the caller may
-- read, by the contents_select policy's own terms (supabase/tests/database/test_exposure.sql checks that they
-- agree): the view's join would hide the rest, but the function is callable on its own.
create or replace function private.recent_content_stats(since date)
returns table (content_id uuid, viewers bigint, likes bigint, completions bigint)
language sql
stable
security definer
set search_path = ''
as $$
    select s.content_id, sum(s.viewers)::bigint, sum(s.likes)::bigint, sum(s.completions)::bigint
    from public.content_daily_stats s
    join public.contents c on c.id = s.content_id
    where s.day >= since
      and (not (select private.is_client_request(directly => false))  -- the service role and analysts see everything, as under RLS
           or (c.project_deleted_at is null
               and ((c.status = 'published' and c.visibility_rank <= (select private.my_watch_rank()))
                    or c.project_id = any(array(select private.readable_project_ids())))))
    group by s.content_id
$$;
revoke execute on function private.recent_content_stats(date) from public;
grant execute on function private.recent_content_stats(date) to anon, authenticated, service_role;

-- Duty refresh_trending_contents: rewrite private.content_trending from the last p_batch UTC
-- days of activity (today included; the registry passes 7): every published content of a live
-- project, its score (viewers + 2 × likes + 3 × completions) and its rank among all of them.
-- Only rows whose figures changed are written, and rows of contents no longer published go.
-- public.trending_contents reads the table through its rank index, so a catalogue page costs
-- the same at any catalogue size; it is as old as the duty's last run (docs/marketplaces.md).
-- Returns the rows written or removed.
create or replace function private.refresh_trending_contents(p_batch integer)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
    written integer;
    removed integer;
begin
    with scored as (
        select c.id as content_id,
               coalesce(r.viewers, 0) as viewers,
               coalesce(r.likes, 0) as likes,
               coalesce(r.completions, 0) as completions,
               coalesce(r.viewers + 2 * r.likes + 3 * r.completions, 0) as score
        from public.contents c
        left join private.recent_content_stats((private.now() at time zone 'UTC')::date - (greatest(p_batch, 1) - 1)) r
            on r.content_id = c.id
        where c.status = 'published' and c.project_deleted_at is null
    )
    insert into private.content_trending as t (
        content_id, viewers_7d, likes_7d, completions_7d, trending_score, trending_rank
    )
    select s.content_id, s.viewers, s.likes, s.completions, s.score, rank() over (order by s.score desc)
    from scored s
    on conflict (content_id) do update
    set viewers_7d = excluded.viewers_7d, likes_7d = excluded.likes_7d, completions_7d = excluded.completions_7d,
        trending_score = excluded.trending_score, trending_rank = excluded.trending_rank
    where (t.viewers_7d, t.likes_7d, t.completions_7d, t.trending_score, t.trending_rank)
          is distinct from (excluded.viewers_7d, excluded.likes_7d, excluded.completions_7d,
                            excluded.trending_score, excluded.trending_rank);
    get diagnostics written = row_count;

    delete from private.content_trending t
    using public.contents c
    where c.id = t.content_id and not (c.status = 'published' and c.project_deleted_at is null);
    get diagnostics removed = row_count;
    return written + removed;
end
$$;
revoke execute on function private.refresh_trending_contents(integer) from public;
grant execute on function private.refresh_trending_contents(integer) to service_role;

-- Duty refresh_content_matches: for at most p_batch viewers whose taste is stale (their history
-- gained or lost a content) or a day old (new contents, new embeddings), rewrite their top
-- matches in private.content_match_scores. Taste = the mean of the embeddings of every content
-- they have any history for; match_score = max(0, round(100 × cosine similarity)) with each
-- published, embedded content of a live project; the best 200 are kept (a row or two of "for
-- you" pages). Stale viewers first. Returns the viewers handled.
create or replace function private.refresh_content_matches(p_batch integer)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
    viewer uuid;
    watched uuid [];
    taste extensions.vector;
    handled integer := 0;
begin
    for viewer in
        select t.user_id from private.viewer_tastes t
        where t.stale or t.refreshed_at < private.now() - interval '1 day'
        order by t.stale desc, t.refreshed_at nulls first
        limit p_batch
        for update skip locked
    loop
        -- the taste first, into a variable: one scan of the catalogue per viewer, whatever plan
        -- the cached statement gets (a join to the aggregate was re-run for every content)
        watched := array(select distinct h.content_id from public.watch_history h where h.user_id = viewer);
        select extensions.avg(c.embedding) into taste
        from public.contents c where c.id = any(watched) and c.embedding is not null;
        delete from private.content_match_scores m where m.user_id = viewer;
        insert into private.content_match_scores (user_id, content_id, match_score, watched)
        select viewer, c.id, greatest(0, round(100 * (1 - (c.embedding operator(extensions.<=>) taste))))::integer,
               c.id = any(watched)
        from public.contents c
        where taste is not null
          and c.status = 'published' and c.project_deleted_at is null and c.embedding is not null
        order by c.embedding operator(extensions.<=>) taste, c.id
        limit 200;
        update private.viewer_tastes t set stale = false, refreshed_at = private.now() where t.user_id = viewer;
        handled := handled + 1;
    end loop;
    return handled;
end
$$;
revoke execute on function private.refresh_content_matches(integer) from public;
grant execute on function private.refresh_content_matches(integer) to service_role;

create or replace function private.count_content_like()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    delta integer := case tg_op when 'INSERT' then 1 else -1 end;
    changed record := case tg_op when 'INSERT' then new else old end;
begin
    update public.contents c set like_count = c.like_count + delta where c.id = changed.content_id;
    perform private.bump_daily_stats(changed.content_id, (now() at time zone 'UTC')::date, 0, delta, 0);
    return null;
end
$$;
revoke execute on function private.count_content_like() from public;

create or replace trigger viewer_row_defaults before insert on public.content_likes
for each row execute function private.viewer_row_defaults();
create or replace trigger count_content_like after insert or delete on public.content_likes
for each row execute function private.count_content_like();

create or replace function private.count_content_view()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    if new.episode_id is null then
        update public.contents c set view_count = c.view_count + 1 where c.id = new.content_id;
        perform private.bump_daily_stats(new.content_id, new.viewed_on, 1, 0, 0);
    else
        update public.content_episodes e set view_count = e.view_count + 1 where e.id = new.episode_id;
    end if;
    return null;
end
$$;
revoke execute on function private.count_content_view() from public;

create or replace trigger count_content_view after insert on public.content_views
for each row execute function private.count_content_view();

-- A history row that becomes completed records one completion per viewer, content (and
-- episode) and UTC day, as views are recorded: deleting one's history and watching again the
-- same day adds nothing.
create or replace function private.record_completion()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    if new.completed and (tg_op = 'INSERT' or not old.completed) then
        insert into public.content_completions (user_id, content_id, episode_id, completed_on)
        values (new.user_id, new.content_id, new.episode_id, (new.completed_at at time zone 'UTC')::date)
        on conflict do nothing;
    end if;
    return null;
end
$$;
revoke execute on function private.record_completion() from public;

create or replace trigger record_completion after insert or update of completed on public.watch_history
for each row execute function private.record_completion();

-- A history row added or removed changes what the viewer has watched, so their taste: their
-- match scores are due at the next refresh_content_matches run. Progress on a content already
-- in the history changes nothing and marks nothing.
create or replace function private.mark_taste_stale()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    changed record := case tg_op when 'INSERT' then new else old end;
begin
    -- not for a viewer being deleted (their history goes by cascade)
    insert into private.viewer_tastes as t (user_id)
    select changed.user_id where exists (select from auth.users u where u.id = changed.user_id)
    on conflict (user_id) do update set stale = true where not t.stale;
    return null;
end
$$;
revoke execute on function private.mark_taste_stale() from public;

create or replace trigger mark_taste_stale after insert or delete on public.watch_history
for each row execute function private.mark_taste_stale();

create or replace function private.count_completion()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    -- the content row first, as every counter does: one lock order, no deadlocks
    update public.contents c set completion_count = c.completion_count + 1 where c.id = new.content_id;
    perform private.bump_daily_stats(new.content_id, new.completed_on, 0, 0, 1);
    return null;
end
$$;
revoke execute on function private.count_completion() from public;

create or replace trigger count_completion after insert on public.content_completions
for each row execute function private.count_completion();

-- ---------------------------------------------------------------------------
-- The progress RPC
-- ---------------------------------------------------------------------------

-- Record where the caller is in a film or an episode. Upserts the one watch_history row of
-- (viewer, content, episode) with the latest position; marks it completed once the position
-- reaches 90 % of the duration (the content's or episode's own duration when known, else the
-- player's duration_seconds) and never un-completes it. The first report of a UTC day counts
-- one view of the content (and of the episode): view_count counts each viewer once per day.
create or replace function public.record_watch_progress(
    content_id uuid,
    progress_seconds integer,
    duration_seconds integer default null,
    episode_id uuid default null,
    device_type text default null
)
returns public.watch_history
language plpgsql
security definer
set search_path = ''
as $$
declare
    uid uuid := private.require_user();
    item public.contents;
    episode public.content_episodes;
    known_duration integer;
    at_seconds integer;
    done boolean;
    today date := (now() at time zone 'UTC')::date;
    result public.watch_history;
begin
    if progress_seconds is null or progress_seconds < 0 then
        raise exception 'progress_seconds must be zero or more' using errcode = '22023';
    end if;
    if duration_seconds is not null and duration_seconds <= 0 then
        raise exception 'duration_seconds must be positive' using errcode = '22023';
    end if;
    if length(device_type) > 50 then
        raise exception 'device_type is at most 50 characters' using errcode = '22023';
    end if;
    if not private.can_watch(record_watch_progress.content_id) then
        raise exception 'content not found' using errcode = 'PT404';
    end if;
    select c.* into item from public.contents c where c.id = record_watch_progress.content_id;
    if record_watch_progress.episode_id is not null then
        select e.* into episode from public.content_episodes e
        where e.id = record_watch_progress.episode_id and e.content_id = item.id;
        if episode.id is null then
            raise exception 'episode not found' using errcode = 'PT404';
        end if;
        known_duration := episode.duration_minutes * 60;
    elsif item.type = 'series' then
        raise exception 'a series is watched episode by episode: episode_id is required' using errcode = '22023';
    else
        known_duration := item.duration_minutes * 60;
    end if;
    known_duration := coalesce(known_duration, record_watch_progress.duration_seconds);
    at_seconds := case when known_duration is null then progress_seconds else least(progress_seconds, known_duration) end;
    done := known_duration is not null and at_seconds * 10 >= known_duration * 9;

    insert into public.watch_history as h (
        user_id, content_id, episode_id, progress_seconds, duration_seconds, completed, completed_at, device_type,
        watched_at
    )
    values (uid, item.id, episode.id, at_seconds, known_duration, done, case when done then now() end,
            record_watch_progress.device_type, clock_timestamp())
    on conflict on constraint watch_history_user_id_content_id_episode_id_key do update
    set progress_seconds = excluded.progress_seconds,
        duration_seconds = excluded.duration_seconds,
        completed = h.completed or excluded.completed,
        completed_at = coalesce(h.completed_at, excluded.completed_at),
        device_type = coalesce(excluded.device_type, h.device_type),
        watched_at = excluded.watched_at
    returning h.* into result;

    insert into public.content_views (user_id, content_id, episode_id, viewed_on)
    values (uid, item.id, null, today)
    on conflict do nothing;
    if episode.id is not null then
        insert into public.content_views (user_id, content_id, episode_id, viewed_on)
        values (uid, item.id, episode.id, today)
        on conflict do nothing;
    end if;
    return result;
end
$$;
revoke execute on function public.record_watch_progress(uuid, integer, integer, uuid, text) from public, anon;
grant execute on function public.record_watch_progress(uuid, integer, integer, uuid, text) to authenticated;
comment on function public.record_watch_progress(uuid, integer, integer, uuid, text) is
'Upsert the caller''s position in a film or episode; completed at 90 % of the duration; one view per viewer and UTC day.';

-- ---------------------------------------------------------------------------
-- Watchlists and category items: only for content the caller can see
-- ---------------------------------------------------------------------------

create or replace trigger viewer_row_defaults before insert on public.watchlists
for each row execute function private.viewer_row_defaults();

-- ---------------------------------------------------------------------------
-- A project's or its organization's soft delete hides its contents and campaigns (and
-- restoring shows them)
-- ---------------------------------------------------------------------------

create or replace function private.sync_marketplace_deletion()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    marked regclass;
begin
    -- project_deleted_at: since when the project or its organization is deleted (null: live), on
    -- every table that carries it (contents, campaigns), read from the catalog so none is missed
    for marked in
        select c.oid::regclass from pg_catalog.pg_attribute a
        join pg_catalog.pg_class c on c.oid = a.attrelid
        where a.attname = 'project_deleted_at' and not a.attisdropped
          and c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')
        order by c.relname
    loop
        execute format(
            'update %s t set project_deleted_at = coalesce(p.deleted_at, o.deleted_at)
             from public.projects p
             join public.organizations o on o.id = p.organization_id
             where t.project_id = p.id
               and ($1 = ''projects'' and p.id = $2 or $1 = ''organizations'' and o.id = $2)
               and t.project_deleted_at is distinct from coalesce(p.deleted_at, o.deleted_at)', marked)
        using tg_table_name, new.id;
    end loop;
    return null;
end
$$;
revoke execute on function private.sync_marketplace_deletion() from public;

create or replace trigger sync_marketplace_deletion after update of deleted_at on public.projects
for each row when (old.deleted_at is distinct from new.deleted_at)
execute function private.sync_marketplace_deletion();
create or replace trigger sync_marketplace_deletion after update of deleted_at on public.organizations
for each row when (old.deleted_at is distinct from new.deleted_at)
execute function private.sync_marketplace_deletion();
