-- Books → chapters (with embeddings) → scripts → scenes, plot overviews, characters,
-- archetypes and chapter scripts.
--
-- A book belongs to an organization and optionally to a project (then it follows the
-- project's visibility). Scenes are one table for LitinkAI's scene descriptions (children
-- of a script) and VideoPlanet's scenarios (children of a story): both are a numbered scene
-- of a screenplay with its visual and audio direction.

create table public.books (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete set null,
    created_by uuid references auth.users (id) on delete set null,
    title text not null check (length(title) between 1 and 300),
    description text,
    language text not null default 'en',
    book_type text not null default 'fiction' check (book_type in (
        'fiction', 'non_fiction', 'learning', 'entertainment', 'screenplay', 'comic', 'other'
    )),
    structure_type text not null default 'chapters' check (structure_type in (
        'chapters', 'parts_and_chapters', 'acts', 'flat'
    )),
    status text not null default 'draft' check (status in (
        'draft', 'uploaded', 'processing', 'ready', 'failed', 'published'
    )),
    file_url text,
    cover_url text,
    total_chapters integer not null default 0 check (total_chapters >= 0),
    metadata jsonb not null default '{}',
    processing_started_at timestamptz,
    processing_completed_at timestamptz,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz
);
create index books_organization_idx on public.books (organization_id);
create index books_project_idx on public.books (project_id);

create table public.book_structure (
    id uuid primary key default gen_random_uuid(),
    book_id uuid not null unique references public.books (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete set null,
    structure_data jsonb not null,
    extraction_method text not null check (extraction_method in ('markdown_headings', 'text_headings', 'manual', 'ai')),
    confirmed_at timestamptz,
    created_at timestamptz not null default now()
);

create table public.chapters (
    id uuid primary key default gen_random_uuid(),
    book_id uuid not null references public.books (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete set null,
    chapter_number integer not null check (chapter_number > 0),
    title text not null default '',
    content text not null default '',
    summary text,
    duration integer check (duration >= 0),
    ai_content jsonb not null default '{}',
    word_count integer generated always as (coalesce(array_length(regexp_split_to_array(trim(content), '\s+'), 1), 0))
        stored,
    -- 'simple' keeps every word as written: it indexes any language, Korean included
    fts tsvector generated always as (
        setweight(to_tsvector('simple', coalesce(title, '')), 'A') || setweight(to_tsvector('simple', content), 'B')
    ) stored,
    embedding_status text not null default 'pending' check (embedding_status in ('pending', 'embedded', 'failed')),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz,
    unique (book_id, chapter_number)
);
create index chapters_organization_idx on public.chapters (organization_id);
create index chapters_project_idx on public.chapters (project_id);
create index chapters_fts_idx on public.chapters using gin (fts);
-- partial-word matches (Korean particles, typos) through trigrams
create index chapters_content_trgm_idx on public.chapters using gin (content extensions.gin_trgm_ops);
-- the embedding queue
create index chapters_pending_embedding_idx on public.chapters (created_at)
where embedding_status = 'pending' and deleted_at is null;

create table public.chapter_embeddings (
    chapter_id uuid primary key references public.chapters (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete set null,
    book_id uuid not null references public.books (id) on delete cascade,
    embedding extensions.vector(384) not null,
    embedding_model text not null,
    dimension integer not null default 384 check (dimension = 384),
    created_at timestamptz not null default now()
);
comment on table public.chapter_embeddings is
'One vector per live chapter (removed when the chapter is soft-deleted); search with match_chapters().';
-- m = 24: on 100k vectors, recall@10 0.999 at ef_search 100, where m = 16 reached 0.95
-- (bench/vector_bench.py); it costs about twice the build time.
create index chapter_embeddings_hnsw_idx on public.chapter_embeddings
using hnsw (embedding extensions.vector_cosine_ops) with (m = 24, ef_construction = 128);
-- (organization_id, project_id): the policy's organization branch, and index-only counting of a
-- caller's candidates in match_chapters
create index chapter_embeddings_organization_idx on public.chapter_embeddings (organization_id, project_id);
create index chapter_embeddings_book_idx on public.chapter_embeddings (book_id);
create index chapter_embeddings_project_idx on public.chapter_embeddings (project_id);

create table public.scripts (
    id uuid primary key default gen_random_uuid(),
    chapter_id uuid not null references public.chapters (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete set null,
    created_by uuid references auth.users (id) on delete set null,
    script_style text not null default 'cinematic' check (script_style in (
        'cinematic', 'narration', 'dialogue', 'documentary', 'animation', 'learning'
    )),
    script text not null default '',
    character_details jsonb not null default '[]',
    scene_count integer not null default 0 check (scene_count >= 0),
    story_type text,
    linked_script_id uuid references public.scripts (id) on delete set null,
    status text not null default 'draft' check (status in ('draft', 'generating', 'ready', 'approved', 'failed')),
    version integer not null default 1 check (version > 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz
);
create index scripts_chapter_idx on public.scripts (chapter_id);
create index scripts_organization_idx on public.scripts (organization_id);

create table public.scenes (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete cascade,
    script_id uuid references public.scripts (id) on delete cascade,
    story_id uuid references public.stories (id) on delete cascade,
    scene_number integer not null check (scene_number > 0),
    title text,
    description text,
    location text,
    time_of_day text check (time_of_day in ('dawn', 'morning', 'day', 'afternoon', 'evening', 'night', 'continuous')),
    characters jsonb not null default '[]',
    key_actions jsonb not null default '[]',
    visual_description text,
    audio_description text,
    audio_requirements jsonb not null default '{}',
    duration_seconds numeric(8, 2) check (duration_seconds >= 0),
    transition_type text check (transition_type in ('cut', 'fade', 'dissolve', 'wipe', 'match_cut', 'none')),
    transition_duration numeric(6, 2) check (transition_duration >= 0),
    image_prompt text,
    negative_prompt text,
    style_keywords text[] not null default '{}',
    technical_specs jsonb not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz,
    check ((script_id is null) <> (story_id is null))
);
comment on table public.scenes is
'LitinkAI scene descriptions (script_id) and VideoPlanet scenarios (story_id): one scene of a screenplay.';
create unique index scenes_script_number_key on public.scenes (script_id, scene_number) where script_id is not null;
create unique index scenes_story_number_key on public.scenes (story_id, scene_number) where story_id is not null;
create index scenes_organization_idx on public.scenes (organization_id);
create index scenes_project_idx on public.scenes (project_id);

create table public.plot_overviews (
    id uuid primary key default gen_random_uuid(),
    book_id uuid not null references public.books (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete set null,
    created_by uuid references auth.users (id) on delete set null,
    logline text,
    themes text[] not null default '{}',
    story_type text,
    genre text,
    tone text,
    audience text,
    setting text,
    generation_method text,
    model_used text,
    generation_cost numeric(12, 6) check (generation_cost >= 0),
    status text not null default 'draft' check (status in ('draft', 'generating', 'ready', 'approved', 'failed')),
    version integer not null default 1 check (version > 0),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz
);
create index plot_overviews_book_idx on public.plot_overviews (book_id);

create table public.character_archetypes (
    id uuid primary key default gen_random_uuid(),
    name text not null unique,
    description text not null,
    category text not null check (category in ('ego', 'soul', 'self')),
    traits text[] not null default '{}',
    typical_roles text[] not null default '{}',
    example_characters text[] not null default '{}',
    is_active boolean not null default true,
    created_at timestamptz not null default now()
);

-- The twelve Jungian archetypes (reference rows).
insert into public.character_archetypes (name, description, category, traits, typical_roles, example_characters) values
('Innocent', 'Wants to be happy and safe; fears doing wrong.', 'ego', '{optimistic,trusting,pure}', '{protagonist,child}', '{Forrest Gump,Dorothy Gale}'),
('Everyman', 'Wants to belong; fears being left out.', 'ego', '{relatable,humble,dependable}', '{protagonist,friend}', '{Bilbo Baggins,Arthur Dent}'),
('Hero', 'Wants to prove worth through courage; fears weakness.', 'ego', '{brave,determined,disciplined}', '{protagonist}', '{Luke Skywalker,Mulan}'),
('Caregiver', 'Wants to protect others; fears selfishness.', 'ego', '{compassionate,generous,patient}', '{mentor,parent,ally}', '{Samwise Gamgee,Mary Poppins}'),
('Explorer', 'Wants freedom and discovery; fears conformity.', 'soul', '{curious,independent,restless}', '{protagonist,wanderer}', '{Indiana Jones,Moana}'),
('Rebel', 'Wants to overturn what does not work; fears powerlessness.', 'soul', '{defiant,bold,disruptive}', '{antihero,revolutionary}', '{Katniss Everdeen,Han Solo}'),
('Lover', 'Wants intimacy and connection; fears being unloved.', 'soul', '{passionate,devoted,sensual}', '{love interest,partner}', '{Romeo,Jack Dawson}'),
('Creator', 'Wants to make something of lasting value; fears mediocrity.', 'soul', '{imaginative,expressive,perfectionist}', '{artist,inventor}', '{Victor Frankenstein,Willy Wonka}'),
('Jester', 'Wants to live in the moment with joy; fears boredom.', 'self', '{playful,witty,irreverent}', '{comic relief,trickster}', '{Genie,Puck}'),
('Sage', 'Wants truth and understanding; fears ignorance and deception.', 'self', '{wise,analytical,reflective}', '{mentor,advisor}', '{Yoda,Gandalf}'),
('Magician', 'Wants to make dreams come true; fears unintended consequences.', 'self', '{visionary,charismatic,transformative}', '{mentor,catalyst}', '{Merlin,Doctor Strange}'),
('Ruler', 'Wants control and order; fears chaos and being overthrown.', 'self', '{responsible,commanding,organized}', '{leader,antagonist}', '{Mufasa,Tywin Lannister}');

-- Characters of a project (MODO's IP bible) or of a book's plot (LitinkAI).
create table public.characters (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete cascade,
    book_id uuid references public.books (id) on delete cascade,
    plot_overview_id uuid references public.plot_overviews (id) on delete set null,
    created_by uuid references auth.users (id) on delete set null,
    name text not null check (length(name) between 1 and 200),
    role text check (role in ('protagonist', 'antagonist', 'deuteragonist', 'supporting', 'mentor', 'love_interest',
                              'comic_relief', 'minor', 'narrator')),
    archetype text references public.character_archetypes (name) on update cascade,
    archetypes text[] not null default '{}',
    image_url text,
    image_poses jsonb not null default '[]',
    image_generation_prompt text,
    image_metadata jsonb not null default '{}',
    cast_reference text,
    physical_description text,
    personality text,
    -- MODO's dimensions
    physiological jsonb not null default '{}',
    psychological jsonb not null default '{}',
    emotional jsonb not null default '{}',
    family jsonb not null default '{}',
    sociocultural jsonb not null default '{}',
    core_beliefs jsonb not null default '{}',
    educational jsonb not null default '{}',
    sociopolitics jsonb not null default '{}',
    swot_analysis jsonb not null default '{}',
    relationships jsonb not null default '[]',
    -- LitinkAI's inner story
    want text,
    need text,
    lie text,
    ghost text,
    character_arc text,
    transformation text,
    display_order integer not null default 0,
    generation_method text,
    model_used text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz,
    check (project_id is not null or book_id is not null)
);
create index characters_project_idx on public.characters (project_id);
create index characters_book_idx on public.characters (book_id);
create index characters_organization_idx on public.characters (organization_id);

create table public.chapter_scripts (
    id uuid primary key default gen_random_uuid(),
    chapter_id uuid not null references public.chapters (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete set null,
    plot_overview_id uuid references public.plot_overviews (id) on delete set null,
    script_id uuid references public.scripts (id) on delete set null,
    created_by uuid references auth.users (id) on delete set null,
    plot_enhanced boolean not null default false,
    character_enhanced boolean not null default false,
    scenes jsonb not null default '[]',
    acts jsonb not null default '[]',
    beats jsonb not null default '[]',
    character_details jsonb not null default '[]',
    character_arcs jsonb not null default '[]',
    status text not null default 'draft' check (status in ('draft', 'generating', 'ready', 'approved', 'failed')),
    version integer not null default 1 check (version > 0),
    generation_metadata jsonb not null default '{}',
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz
);
create index chapter_scripts_chapter_idx on public.chapter_scripts (chapter_id);
