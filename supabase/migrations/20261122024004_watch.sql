-- Watch: the streaming catalogue of an IP project's films and series, the viewers' history,
-- watchlists, ratings, likes and deduplicated views. Functions and triggers:
-- supabase/functions/watch.sql; policies: supabase/policies/watch.sql; views: sql/views/watch.sql.
--
-- Visibility tiers follow the viewer's plan: plans.watch_tier says which tier a plan opens.

alter table public.plans add column watch_tier text not null default 'subscribers'
check (watch_tier in ('free', 'subscribers', 'premium'));
comment on column public.plans.watch_tier is
'The highest Watch visibility tier this plan opens: free < subscribers < premium.';
update public.plans set watch_tier = 'free' where id = 'free';
update public.plans set watch_tier = 'premium' where id in ('premium', 'professional', 'team', 'enterprise');

create table public.contents (
    id uuid primary key default gen_random_uuid(),
    -- the IP project the content comes from; organization_id follows from it
    project_id uuid not null references public.projects (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    created_by uuid references auth.users (id) on delete set null,
    title text not null check (length(title) between 1 and 255),
    original_title text check (length(original_title) <= 255),
    slug text unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$'),
    description text,
    synopsis text,
    type text not null check (type in ('movie', 'series', 'short', 'documentary')),
    genre text check (length(genre) <= 100),
    sub_genres jsonb not null default '[]' check (jsonb_typeof(sub_genres) = 'array'),
    rating text check (rating in ('G', 'PG', 'PG-13', 'R', 'NC-17')),
    content_warnings jsonb not null default '[]' check (jsonb_typeof(content_warnings) = 'array'),
    duration_minutes integer check (duration_minutes > 0),
    -- series: kept by trigger from content_seasons and content_episodes
    season_count integer not null default 0 check (season_count >= 0),
    episode_count integer not null default 0 check (episode_count >= 0),
    release_year integer check (release_year between 1870 and 2200),
    release_date date,
    poster_url text,
    banner_url text,
    thumbnail_url text,
    trailer_url text,
    video_url text,
    hls_url text,
    dash_url text,
    drm_key_id text,
    cast_list jsonb not null default '[]' check (jsonb_typeof(cast_list) = 'array'),
    crew_list jsonb not null default '[]' check (jsonb_typeof(crew_list) = 'array'),
    production_company text,
    country text,
    languages jsonb not null default '[]' check (jsonb_typeof(languages) = 'array'),
    subtitles jsonb not null default '[]' check (jsonb_typeof(subtitles) = 'array'),
    -- counters, written only by triggers: views once per user and day, likes once per user,
    -- ratings as an exact sum and count (average_rating follows)
    view_count bigint not null default 0 check (view_count >= 0),
    like_count bigint not null default 0 check (like_count >= 0),
    -- viewers who passed the completion threshold (of a film, or of each episode)
    completion_count bigint not null default 0 check (completion_count >= 0),
    rating_sum bigint not null default 0 check (rating_sum >= 0),
    rating_count integer not null default 0 check (rating_count >= 0),
    average_rating numeric(3, 2) generated always as (
        case when rating_count > 0 then round(rating_sum::numeric / rating_count, 2) end
    ) stored,
    status text not null default 'draft' check (status in ('draft', 'processing', 'published', 'archived')),
    visibility text not null default 'subscribers' check (visibility in ('free', 'subscribers', 'premium')),
    visibility_rank smallint generated always as (
        case visibility when 'free' then 0 when 'subscribers' then 1 else 2 end
    ) stored,
    featured boolean not null default false,
    meta_title text check (length(meta_title) <= 255),
    meta_description text,
    -- all-MiniLM-L6-v2 of title, genre, synopsis and description (creatorverse watch embed);
    -- null until embedded, and again whenever that text changes
    embedding extensions.vector(384),
    embedding_model text,
    -- the project's deleted_at, copied by trigger: content of a deleted project is hidden
    project_deleted_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    published_at timestamptz
);
comment on table public.contents is
'Watch catalogue: films, series, shorts and documentaries of an IP project. Published content is listed to viewers whose plan opens its visibility tier; drafts only to the organization.';
-- the catalogue's order (newest first; drafts, without published_at, last): an index scan that
-- stops after a page, the policy filtering rows as they come (bench/watch_bench.py)
create index contents_published_at_idx on public.contents (published_at desc nulls last);
create index contents_organization_idx on public.contents (organization_id);
create index contents_project_idx on public.contents (project_id);
create index contents_status_idx on public.contents (status);
create index contents_type_idx on public.contents (type);
create index contents_genre_idx on public.contents (genre);
create index contents_embedding_pending_idx on public.contents (created_at) where embedding is null;

create table public.content_seasons (
    id uuid primary key default gen_random_uuid(),
    content_id uuid not null references public.contents (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid not null references public.projects (id) on delete cascade,
    season_number integer not null check (season_number > 0),
    title text check (length(title) <= 255),
    description text,
    poster_url text,
    episode_count integer not null default 0 check (episode_count >= 0),
    release_year integer check (release_year between 1870 and 2200),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (content_id, season_number)
);
create index content_seasons_organization_idx on public.content_seasons (organization_id);

create table public.content_episodes (
    id uuid primary key default gen_random_uuid(),
    season_id uuid not null references public.content_seasons (id) on delete cascade,
    -- content_id, season_number and the scope follow from the season
    content_id uuid not null references public.contents (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid not null references public.projects (id) on delete cascade,
    season_number integer not null,
    episode_number integer not null check (episode_number > 0),
    title text check (length(title) <= 255),
    description text,
    duration_minutes integer check (duration_minutes > 0),
    thumbnail_url text,
    video_url text,
    hls_url text,
    release_date date,
    view_count bigint not null default 0 check (view_count >= 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (content_id, season_number, episode_number)
);
create index content_episodes_content_idx on public.content_episodes (content_id);
create index content_episodes_season_idx on public.content_episodes (season_id);
create index content_episodes_organization_idx on public.content_episodes (organization_id);

-- One row per viewer, content and episode (episode null for a film): the latest position.
create table public.watch_history (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references auth.users (id) on delete cascade,
    content_id uuid not null references public.contents (id) on delete cascade,
    episode_id uuid references public.content_episodes (id) on delete cascade,
    progress_seconds integer not null default 0 check (progress_seconds >= 0),
    duration_seconds integer check (duration_seconds > 0),
    progress_percent numeric(5, 2) generated always as (
        case when duration_seconds > 0 then round(least(progress_seconds, duration_seconds) * 100.0 / duration_seconds, 2)
        end
    ) stored,
    -- set once progress reaches 90 % of the duration (public.record_watch_progress); it stays set
    completed boolean not null default false,
    completed_at timestamptz,
    device_type text check (length(device_type) <= 50),
    started_at timestamptz not null default now(),
    watched_at timestamptz not null default now(),
    unique nulls not distinct (user_id, content_id, episode_id)
);
create index watch_history_user_idx on public.watch_history (user_id, watched_at desc);
create index watch_history_content_idx on public.watch_history (content_id);

-- One row per viewer, content (and episode) and UTC day: the deduplicated view counter's source.
create table public.content_views (
    user_id uuid not null references auth.users (id) on delete cascade,
    content_id uuid not null references public.contents (id) on delete cascade,
    episode_id uuid references public.content_episodes (id) on delete cascade,
    viewed_on date not null,
    created_at timestamptz not null default now(),
    unique nulls not distinct (user_id, content_id, episode_id, viewed_on)
);
create index content_views_content_idx on public.content_views (content_id, viewed_on);

create table public.content_likes (
    user_id uuid not null references auth.users (id) on delete cascade,
    content_id uuid not null references public.contents (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (user_id, content_id)
);
create index content_likes_content_idx on public.content_likes (content_id);

-- Per content and UTC day: distinct viewers, new likes, completions. Feeds trending
-- (public.trending_contents); clients never read it directly.
create table public.content_daily_stats (
    content_id uuid not null references public.contents (id) on delete cascade,
    day date not null,
    viewers integer not null default 0 check (viewers >= 0),
    likes integer not null default 0,
    completions integer not null default 0 check (completions >= 0),
    primary key (content_id, day)
);
create index content_daily_stats_day_idx on public.content_daily_stats (day, content_id);

create table public.watchlists (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
    content_id uuid not null references public.contents (id) on delete cascade,
    added_at timestamptz not null default now(),
    unique (user_id, content_id)
);
create index watchlists_content_idx on public.watchlists (content_id);

create table public.content_ratings (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
    content_id uuid not null references public.contents (id) on delete cascade,
    rating integer not null check (rating between 1 and 5),
    review text check (length(review) <= 5000),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    unique (user_id, content_id)
);
create index content_ratings_content_idx on public.content_ratings (content_id, created_at desc);

create table public.content_categories (
    id uuid primary key default gen_random_uuid(),
    name text not null check (length(name) between 1 and 100),
    slug text not null unique check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$'),
    description text,
    icon text check (length(icon) <= 50),
    display_order integer not null default 0,
    is_active boolean not null default true,
    created_at timestamptz not null default now()
);

create table public.content_category_items (
    content_id uuid not null references public.contents (id) on delete cascade,
    category_id uuid not null references public.content_categories (id) on delete cascade,
    created_at timestamptz not null default now(),
    primary key (content_id, category_id)
);
create index content_category_items_category_idx on public.content_category_items (category_id);

alter table public.contents enable row level security;
alter table public.content_seasons enable row level security;
alter table public.content_episodes enable row level security;
alter table public.watch_history enable row level security;
alter table public.content_views enable row level security;
alter table public.content_likes enable row level security;
alter table public.content_daily_stats enable row level security;
alter table public.watchlists enable row level security;
alter table public.content_ratings enable row level security;
alter table public.content_categories enable row level security;
alter table public.content_category_items enable row level security;

revoke all on public.contents, public.content_seasons, public.content_episodes, public.watch_history,
public.content_views, public.content_likes, public.content_daily_stats, public.watchlists, public.content_ratings,
public.content_categories, public.content_category_items from anon, authenticated;
grant all on public.contents, public.content_seasons, public.content_episodes, public.watch_history,
public.content_views, public.content_likes, public.content_daily_stats, public.watchlists, public.content_ratings,
public.content_categories, public.content_category_items to service_role;
-- catalogue: everyone reads what RLS shows; editors write their organization's
grant select on public.contents, public.content_seasons, public.content_episodes, public.content_ratings,
public.content_categories, public.content_category_items to anon, authenticated;
-- content_daily_stats: no client access; trending_contents reads it through private.recent_content_stats
grant insert, update, delete on public.contents, public.content_seasons, public.content_episodes to authenticated;
grant insert, delete on public.content_category_items to authenticated;
-- a viewer's own rows; progress and views only through public.record_watch_progress
grant select on public.watch_history, public.content_views to authenticated;
grant delete on public.watch_history to authenticated;
grant select, insert, delete on public.watchlists, public.content_likes to authenticated;
grant insert, update, delete on public.content_ratings to authenticated;
