-- Projects and their IP bible: collaborators, stories, characters, universes, moodboards,
-- animations, performance predictions.
--
-- Visibility: private (creator, organization admins, collaborators), team (every member of
-- the organization), public (everyone, anon included, read-only). Child rows carry their
-- project's organization_id and project_id so that policies filter on indexed columns.

create table public.projects (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    created_by uuid references auth.users (id) on delete set null,
    title text not null check (length(title) between 1 and 200),
    slug text check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$'),
    description text,
    logo_url text,
    thumbnail_url text,
    thumbnail_mood text,
    genre text,
    sub_genre text,
    format text,
    target_audience text,
    target_market text,
    studio_name text,
    studio_logo_url text,
    ip_owner text,
    production_date date,
    duration_seconds integer check (duration_seconds >= 0),
    brand_logos jsonb not null default '[]',
    color_palette jsonb not null default '[]',
    brand_guidelines jsonb not null default '{}',
    settings jsonb not null default '{}' check (jsonb_typeof(settings) = 'object'),
    status text not null default 'draft' check (status in (
        'draft', 'in_progress', 'review', 'completed', 'published', 'archived'
    )),
    visibility text not null default 'team' check (visibility in ('private', 'team', 'public')),
    published_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz,
    unique (organization_id, slug)
);
create index projects_organization_idx on public.projects (organization_id) where deleted_at is null;
create index projects_public_idx on public.projects (id) where visibility = 'public' and deleted_at is null;

create table public.project_collaborators (
    id uuid primary key default gen_random_uuid(),
    project_id uuid not null references public.projects (id) on delete cascade,
    user_id uuid not null references auth.users (id) on delete cascade,
    role text not null default 'contributor' check (role in (
        'director', 'producer', 'writer', 'story_editor', 'artist', 'animator', 'composer', 'voice_actor',
        'editor', 'reviewer', 'contributor'
    )),
    custom_role_title text,
    permissions text[] not null default '{view}' check (permissions <@ array['view', 'comment', 'edit', 'generate']),
    modo_tokens integer not null default 0 check (modo_tokens >= 0),
    assigned_by uuid references auth.users (id) on delete set null,
    assigned_at timestamptz not null default now(),
    created_at timestamptz not null default now(),
    unique (project_id, user_id)
);
create index project_collaborators_user_idx on public.project_collaborators (user_id, project_id);

-- Share links: one token per project, stored as a hash, opening it read-only.
create table private.project_share_tokens (
    project_id uuid primary key references public.projects (id) on delete cascade,
    token_hash bytea not null unique,
    created_by uuid,
    created_at timestamptz not null default now()
);
revoke all on private.project_share_tokens from public, anon, authenticated, service_role;

create table public.stories (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid not null references public.projects (id) on delete cascade,
    parent_story_id uuid references public.stories (id) on delete set null,
    created_by uuid references auth.users (id) on delete set null,
    title text,
    content text,
    premise text,
    synopsis text,
    global_synopsis text,
    logline text,
    story_type text,
    duration text,
    format text,
    episode_count integer check (episode_count > 0),
    episode_duration integer check (episode_duration > 0),
    estimated_duration integer check (estimated_duration >= 0),
    genre text,
    sub_genre text,
    tone text,
    intensity text,
    theme text,
    sub_theme text,
    moral_values text,
    local_values text,
    plot text,
    twist text,
    conflict_type text,
    target_audience text,
    target_market text,
    age_rating text,
    ending_type text,
    structure text,
    structure_beats jsonb not null default '[]',
    key_actions jsonb not null default '[]',
    want_need_matrix jsonb not null default '{}',
    structured_content jsonb not null default '{}',
    keywords text[] not null default '{}',
    generated_script text,
    script_version integer not null default 0,
    ai_model_used text,
    prompt_used text,
    generation_metadata jsonb not null default '{}',
    version integer not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz
);
create index stories_project_idx on public.stories (project_id);
create index stories_organization_idx on public.stories (organization_id);

create table public.universes (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid not null references public.projects (id) on delete cascade,
    name text,
    description text,
    environment jsonb not null default '{}',
    public_systems jsonb not null default '{}',
    private_systems jsonb not null default '{}',
    rules jsonb not null default '{}',
    history text,
    visualizations jsonb not null default '[]',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz
);
create index universes_project_idx on public.universes (project_id);

create table public.moodboards (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid not null references public.projects (id) on delete cascade,
    beat_name text not null,
    beat_index integer not null check (beat_index >= 0),
    description text,
    ai_prompt text,
    image_url text,
    animation_style text,
    color_mood text,
    lighting text,
    reference_images jsonb not null default '[]',
    notes text,
    status text not null default 'draft' check (status in ('draft', 'generating', 'ready', 'failed', 'approved')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz
);
create index moodboards_project_idx on public.moodboards (project_id, beat_index);

create table public.animations (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid not null references public.projects (id) on delete cascade,
    beat_name text not null,
    beat_index integer not null check (beat_index >= 0),
    ai_prompt text,
    style text,
    preview_image_url text,
    video_url text,
    video_duration_seconds numeric(8, 2) check (video_duration_seconds >= 0),
    status text not null default 'pending' check (status in ('pending', 'generating', 'ready', 'failed')),
    error_message text,
    generation_params jsonb not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz
);
create index animations_project_idx on public.animations (project_id, beat_index);

create table public.performance_predictions (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid not null references public.projects (id) on delete cascade,
    input_data jsonb not null default '{}',
    scores jsonb not null default '{}',
    predicted_audience jsonb not null default '{}',
    competitor_audience jsonb not null default '{}',
    suggestions jsonb not null default '[]',
    model_version text,
    created_at timestamptz not null default now(),
    deleted_at timestamptz
);
create index performance_predictions_project_idx on public.performance_predictions (project_id);
