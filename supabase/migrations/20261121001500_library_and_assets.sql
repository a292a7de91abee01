-- Prompt library, generic version history, brand policies, feedback, assets and their
-- versions.

create table public.prompts (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    created_by uuid references auth.users (id) on delete set null,
    title text not null check (length(title) between 1 and 200),
    content text not null,
    category text not null default 'general' check (category in (
        'general', 'story', 'scene', 'character', 'image', 'video', 'audio', 'style', 'marketing'
    )),
    tags text[] not null default '{}',
    variables jsonb not null default '[]' check (jsonb_typeof(variables) = 'array'),
    style_presets jsonb not null default '{}',
    is_template boolean not null default false,
    is_public boolean not null default false,
    usage_count bigint not null default 0 check (usage_count >= 0),
    rating_sum bigint not null default 0 check (rating_sum >= 0),
    rating_count bigint not null default 0 check (rating_count >= 0),
    rating numeric(3, 2) generated always as (
        case when rating_count > 0 then round(rating_sum::numeric / rating_count, 2) end
    ) stored,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz
);
create index prompts_organization_idx on public.prompts (organization_id);
create index prompts_public_idx on public.prompts (category, usage_count desc) where is_public and deleted_at is null;

-- Each use of a prompt (counted into prompts.usage_count) and each user's rating.
create table public.prompt_uses (
    id bigint generated always as identity primary key,
    prompt_id uuid not null references public.prompts (id) on delete cascade,
    user_id uuid references auth.users (id) on delete set null,
    used_at timestamptz not null default now()
);
create index prompt_uses_prompt_idx on public.prompt_uses (prompt_id);

create table public.prompt_ratings (
    prompt_id uuid not null references public.prompts (id) on delete cascade,
    user_id uuid not null references auth.users (id) on delete cascade,
    rating smallint not null check (rating between 1 and 5),
    created_at timestamptz not null default now(),
    primary key (prompt_id, user_id)
);
create index prompt_ratings_user_idx on public.prompt_ratings (user_id);

-- Snapshots of projects, stories and scenes, written by trigger on every change.
create table public.versions (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete cascade,
    entity_type text not null check (entity_type in ('project', 'story', 'scene')),
    entity_id uuid not null,
    created_by uuid references auth.users (id) on delete set null,
    version_number integer not null check (version_number > 0),
    title text,
    description text,
    changes_summary text,
    snapshot_data jsonb not null,
    diff_data jsonb not null default '{}',
    is_major_version boolean not null default false,
    parent_version_id uuid references public.versions (id) on delete set null,
    created_at timestamptz not null default now(),
    deleted_at timestamptz,
    unique (entity_type, entity_id, version_number)
);
create index versions_project_idx on public.versions (project_id);
create index versions_organization_idx on public.versions (organization_id);

create table public.brand_policies (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete cascade,
    created_by uuid references auth.users (id) on delete set null,
    brand_name text not null,
    brand_description text,
    color_palette jsonb not null default '[]',
    typography jsonb not null default '{}',
    logo_assets jsonb not null default '[]',
    tone_of_voice text,
    messaging_guidelines text,
    prohibited_content text[] not null default '{}',
    preferred_keywords text[] not null default '{}',
    preferred_formats text[] not null default '{}',
    resolution_requirements jsonb not null default '{}',
    duration_guidelines jsonb not null default '{}',
    is_default boolean not null default false,
    is_public boolean not null default false,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz
);
create index brand_policies_organization_idx on public.brand_policies (organization_id);
create index brand_policies_project_idx on public.brand_policies (project_id);
-- one default policy per organization
create unique index brand_policies_default_key on public.brand_policies (organization_id)
where is_default and deleted_at is null;

create table public.feedback (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete cascade,
    created_by uuid references auth.users (id) on delete set null,
    video_generation_id uuid,
    type text not null default 'general' check (type in ('general', 'bug', 'quality', 'feature', 'content')),
    title text not null,
    content text,
    rating smallint check (rating between 1 and 5),
    category text,
    priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
    status text not null default 'open' check (status in ('open', 'in_progress', 'resolved', 'closed')),
    attachments jsonb not null default '[]',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    resolved_at timestamptz,
    deleted_at timestamptz,
    check ((status in ('resolved', 'closed')) = (resolved_at is not null))
);
create index feedback_organization_idx on public.feedback (organization_id);
create index feedback_project_idx on public.feedback (project_id);

create table public.assets (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete set null,
    uploaded_by uuid references auth.users (id) on delete set null,
    type text not null check (type in ('image', 'video', 'audio', 'document', 'model', 'font', 'subtitle', 'other')),
    category text,
    source text not null default 'upload' check (source in ('upload', 'generated', 'imported', 'rendered')),
    title text,
    description text,
    filename text not null,
    original_name text,
    mime_type text not null,
    size_bytes bigint not null default 0 check (size_bytes >= 0),
    storage_provider text not null default 'supabase' check (storage_provider in ('supabase', 's3', 'gcs', 'local')),
    storage_bucket text,
    storage_path text not null,
    url text,
    cdn_url text,
    thumbnail_url text,
    optimized_urls jsonb not null default '{}',
    width integer check (width > 0),
    height integer check (height > 0),
    duration_seconds numeric(10, 3) check (duration_seconds >= 0),
    fps numeric(6, 3) check (fps > 0),
    codec text,
    alt_text text,
    tags text[] not null default '{}',
    ai_generated boolean not null default false,
    ai_prompt text,
    metadata jsonb not null default '{}',
    status text not null default 'ready' check (status in ('pending', 'processing', 'ready', 'failed')),
    usage_count bigint not null default 0 check (usage_count >= 0),
    last_used_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz,
    unique (storage_provider, storage_bucket, storage_path)
);
create index assets_organization_idx on public.assets (organization_id, created_at desc);
create index assets_project_idx on public.assets (project_id);

create table public.asset_versions (
    id uuid primary key default gen_random_uuid(),
    asset_id uuid not null references public.assets (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete set null,
    version integer not null check (version > 0),
    storage_path text not null,
    url text,
    size_bytes bigint not null default 0 check (size_bytes >= 0),
    metadata jsonb not null default '{}',
    created_by uuid references auth.users (id) on delete set null,
    created_at timestamptz not null default now(),
    unique (asset_id, version)
);
create index asset_versions_organization_idx on public.asset_versions (organization_id);
