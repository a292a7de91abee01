-- Templates (Fenta's video montage templates: tracks, overlays, placeholders, rules), workflow
-- graphs and their immutable published versions, workflow runs (one generation per node,
-- ending in a render), and schedules that start workflows. Functions in
-- supabase/functions/workflows.sql, policies in supabase/policies/workflows.sql;
-- docs/workflows.md explains the design.

-- ---------------------------------------------------------------------------
-- The node types a workflow graph may use: which generation kind runs a node, its typed
-- input ports and output ports, and its required params. The pydantic mirror
-- (creatorverse.workflows.models.NODE_TYPES) is checked against this table by a test.
-- ---------------------------------------------------------------------------

create table public.workflow_node_types (
    type text primary key check (type ~ '^[A-Z][A-Za-z]+\.[A-Z][A-Za-z]+$'),
    kind text not null references public.generation_kinds (kind),
    description text not null,
    -- {"port": {"types": ["text"], "required": true, "many": false, "role": "input"}}:
    -- `role` is the generation_inputs.role the edge becomes
    inputs jsonb not null default '{}' check (jsonb_typeof(inputs) = 'object'),
    -- {"port": "type"}
    outputs jsonb not null check (jsonb_typeof(outputs) = 'object'),
    -- each entry names a param that must be a non-empty string; "a|b": one of them
    required_params text [] not null default '{}',
    -- params every job of this type gets (the node's own params win)
    defaults jsonb not null default '{}' check (jsonb_typeof(defaults) = 'object')
);

insert into public.workflow_node_types (type, kind, description, inputs, outputs, required_params, defaults) values
('Input.Stock', 'image', 'a still picture for the query (the image provider draws or finds it)',
 '{}', '{"image": "image"}', '{query}', '{}'),
('Script.Generate', 'text', 'a script: params.text as written, or params.prompt sent to the text provider',
 '{"context": {"types": ["text"], "required": false, "many": true, "role": "input"}}', '{"script": "text"}',
 '{prompt|text}', '{}'),
('Voice.TTS', 'audio', 'the script spoken (params.voice, params.language)',
 '{"script": {"types": ["text"], "required": true, "many": false, "role": "input"}}', '{"audio": "audio"}',
 '{}', '{}'),
('Subtitle.Auto', 'text', 'subtitles (SRT) timed over the speech; they carry the speech along',
 '{"audio": {"types": ["audio"], "required": true, "many": false, "role": "audio"}}',
 '{"subtitles": "subtitles"}', '{}', '{"format": "srt"}'),
('Edit.Timeline', 'scene_video', 'the picture animated over the speech with the subtitles, laid out by a template',
 '{"visual": {"types": ["image"], "required": true, "many": false, "role": "image"},
   "audio": {"types": ["audio"], "required": false, "many": false, "role": "audio"},
   "subtitles": {"types": ["subtitles"], "required": false, "many": false, "role": "subtitles"}}',
 '{"video": "video"}', '{}', '{}'),
('Output.Render', 'render', 'the final render: video, thumbnail and subtitles',
 '{"video": {"types": ["video"], "required": true, "many": false, "role": "video"}}', '{"render": "render"}',
 '{}', '{}');

-- ---------------------------------------------------------------------------
-- Templates and their versions
-- ---------------------------------------------------------------------------

create table public.templates (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete cascade,
    name text not null check (length(name) between 1 and 200),
    description text check (length(description) <= 4000),
    aspect text not null check (aspect in ('9:16', '16:9', '1:1', '4:5')),
    resolution text not null check (resolution ~ '^[1-9][0-9]{1,3}x[1-9][0-9]{1,3}$'),
    is_public boolean not null default false,
    thumbnail_url text check (length(thumbnail_url) <= 2000),
    -- tracks, overlays, placeholders, rules, subtitle_style_presets (validated by the
    -- template_rules trigger: private.template_spec_problem)
    spec jsonb not null check (jsonb_typeof(spec) = 'object'),
    version integer not null default 1 check (version > 0),
    usage_count bigint not null default 0 check (usage_count >= 0),
    created_by uuid references auth.users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz
);
create index templates_organization_idx on public.templates (organization_id);
create index templates_project_idx on public.templates (project_id) where project_id is not null;
create index templates_aspect_idx on public.templates (aspect);
create index templates_public_idx on public.templates (is_public) where is_public;
create index templates_created_by_idx on public.templates (created_by);
create index templates_spec_idx on public.templates using gin (spec);

-- One row per version of a template (written by trigger; never changed).
create table public.template_versions (
    id uuid primary key default gen_random_uuid(),
    template_id uuid not null references public.templates (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid references public.projects (id) on delete cascade,
    version integer not null check (version > 0),
    name text not null,
    aspect text not null,
    resolution text not null,
    spec jsonb not null,
    created_by uuid references auth.users (id) on delete set null,
    created_at timestamptz not null default now(),
    unique (template_id, version)
);
create index template_versions_organization_idx on public.template_versions (organization_id);
create index template_versions_project_idx on public.template_versions (project_id) where project_id is not null;
create index template_versions_created_by_idx on public.template_versions (created_by);

-- ---------------------------------------------------------------------------
-- Workflows, versions, runs
-- ---------------------------------------------------------------------------

create table public.workflows (
    id uuid primary key default gen_random_uuid(),
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid not null references public.projects (id) on delete cascade,
    name text not null check (length(name) between 1 and 200),
    description text check (length(description) <= 4000),
    status text not null default 'draft' check (status in ('draft', 'confirmed', 'preview', 'production', 'archived')),
    -- {"nodes": [{id, type, params, position}], "edges": [{id, from, to, fromPort, toPort}]}
    -- (validated by the workflow_rules trigger: private.workflow_graph_problem)
    graph jsonb not null check (jsonb_typeof(graph) = 'object'),
    -- {"name": "default value" or null (to be given at run time)}: fill {{name}} in params
    variables jsonb not null default '{}' check (jsonb_typeof(variables) = 'object'),
    current_version integer check (current_version > 0),
    run_count bigint not null default 0 check (run_count >= 0),
    last_run_at timestamptz,
    created_by uuid references auth.users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    deleted_at timestamptz
);
create index workflows_organization_idx on public.workflows (organization_id);
create index workflows_project_idx on public.workflows (project_id);
create index workflows_status_idx on public.workflows (status);
create index workflows_created_by_idx on public.workflows (created_by);
create index workflows_graph_idx on public.workflows using gin (graph);

-- Published versions: immutable (a trigger refuses every update).
create table public.workflow_versions (
    id uuid primary key default gen_random_uuid(),
    workflow_id uuid not null references public.workflows (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid not null references public.projects (id) on delete cascade,
    version integer not null check (version > 0),
    graph jsonb not null,
    variables jsonb not null default '{}',
    created_by uuid references auth.users (id) on delete set null,
    created_at timestamptz not null default now(),
    unique (workflow_id, version)
);
create index workflow_versions_organization_idx on public.workflow_versions (organization_id);
create index workflow_versions_project_idx on public.workflow_versions (project_id);
create index workflow_versions_created_by_idx on public.workflow_versions (created_by);

-- A run of a published version: one generation per node (ids in `nodes`), ending in the
-- render. Clients watch status and progress (Realtime).
create table public.workflow_runs (
    id uuid primary key default gen_random_uuid(),
    workflow_id uuid not null references public.workflows (id) on delete cascade,
    workflow_version_id uuid not null references public.workflow_versions (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    project_id uuid not null references public.projects (id) on delete cascade,
    version integer not null,
    status text not null default 'running' check (status in ('running', 'succeeded', 'failed', 'cancelled')),
    progress numeric(5, 2) not null default 0 check (progress between 0 and 100),
    total_nodes integer not null check (total_nodes > 0),
    completed_nodes integer not null default 0 check (completed_nodes >= 0),
    -- the variable values of this run (defaults and the caller's inputs)
    inputs jsonb not null default '{}' check (jsonb_typeof(inputs) = 'object'),
    -- node id -> generation id
    nodes jsonb not null default '{}' check (jsonb_typeof(nodes) = 'object'),
    render_generation_id uuid references public.generations (id) on delete set null,
    output_url text,
    thumbnail_url text,
    subtitles_url text,
    duration_ms bigint check (duration_ms >= 0),
    estimated_credits bigint not null default 0 check (estimated_credits >= 0),
    error_node text,
    error_message text,
    schedule_id uuid references public.schedules (id) on delete set null,
    dedup_key text check (length(dedup_key) between 1 and 200),
    started_by uuid references auth.users (id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    finished_at timestamptz,
    check (completed_nodes <= total_nodes)
);
create unique index workflow_runs_dedup_key on public.workflow_runs (organization_id, dedup_key)
where dedup_key is not null;
create index workflow_runs_workflow_idx on public.workflow_runs (workflow_id, created_at desc);
create index workflow_runs_version_idx on public.workflow_runs (workflow_version_id);
create index workflow_runs_organization_idx on public.workflow_runs (organization_id);
create index workflow_runs_project_idx on public.workflow_runs (project_id);
create index workflow_runs_render_idx on public.workflow_runs (render_generation_id)
where render_generation_id is not null;
create index workflow_runs_schedule_idx on public.workflow_runs (schedule_id) where schedule_id is not null;
create index workflow_runs_started_by_idx on public.workflow_runs (started_by);

-- ---------------------------------------------------------------------------
-- Schedules may start a workflow (its current version) instead of one generation
-- ---------------------------------------------------------------------------

alter table public.schedules add column workflow_id uuid references public.workflows (id) on delete cascade;
alter table public.schedules alter column kind drop not null;
alter table public.schedules add constraint schedules_target_check check (num_nonnulls(kind, workflow_id) = 1);
create index schedules_workflow_idx on public.schedules (workflow_id) where workflow_id is not null;

-- ---------------------------------------------------------------------------
-- Row-level security and grants (policies: supabase/policies/workflows.sql)
-- ---------------------------------------------------------------------------

alter table public.workflow_node_types enable row level security;
alter table public.templates enable row level security;
alter table public.template_versions enable row level security;
alter table public.workflows enable row level security;
alter table public.workflow_versions enable row level security;
alter table public.workflow_runs enable row level security;

revoke all on public.workflow_node_types, public.templates, public.template_versions, public.workflows,
public.workflow_versions, public.workflow_runs from anon, authenticated;
grant select on public.workflow_node_types, public.templates, public.template_versions to anon, authenticated;
grant insert, delete on public.templates to authenticated;
grant update (name, description, aspect, resolution, is_public, thumbnail_url, spec) on public.templates
to authenticated;
grant select, insert, delete on public.workflows to authenticated;
grant update (name, description, status, graph, variables) on public.workflows to authenticated;
grant select on public.workflow_versions, public.workflow_runs to authenticated;
grant all on public.workflow_node_types, public.templates, public.template_versions, public.workflows,
public.workflow_versions, public.workflow_runs to service_role;

-- Realtime: clients watch their runs' status and progress
do $$
begin
    if not exists (select from pg_publication where pubname = 'supabase_realtime') then
        create publication supabase_realtime;
    end if;
    if not exists (select from pg_publication_tables
                   where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'workflow_runs') then
        alter publication supabase_realtime add table public.workflow_runs;
    end if;
end
$$;
