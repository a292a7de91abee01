-- Values the seeds define, accepted (issue 25, item 8; docs/seed-map.toml, `values`).
-- Where a seed's value means one of ours (feature_request = feature, completed = ready, …) the
-- row stores ours: private.store_seed_synonyms rewrites it before these checks run. The rest
-- become values of their own here.

-- VideoPlanet feedback types: improvement and rating are kinds of their own
alter table public.feedback drop constraint feedback_type_check;
alter table public.feedback add constraint feedback_type_check
check (type in ('general', 'bug', 'quality', 'feature', 'content', 'improvement', 'rating'));

-- VideoPlanet asset_type: template (a reusable composition file)
alter table public.assets drop constraint assets_type_check;
alter table public.assets add constraint assets_type_check
check (type in ('image', 'video', 'audio', 'document', 'model', 'font', 'subtitle', 'template', 'other'));

-- VideoPlanet project_status: planning, between draft and in_progress
alter table public.projects drop constraint projects_status_check;
alter table public.projects add constraint projects_status_check
check (status in ('draft', 'planning', 'in_progress', 'review', 'completed', 'published', 'archived'));

-- MODO project_collaborators.role: the studio's heads, supervisors, and custom (titled by
-- custom_role_title)
alter table public.project_collaborators drop constraint project_collaborators_role_check;
alter table public.project_collaborators add constraint project_collaborators_role_check
check (role in ('director', 'producer', 'writer', 'story_editor', 'artist', 'animator', 'composer', 'voice_actor',
                'editor', 'reviewer', 'contributor', 'ip_producer', 'head_creative', 'head_production',
                'head_business', 'story_supervisor', 'character_supervisor', 'custom'));

-- MODO story structure (hero's journey, Save the Cat, Harmon's story circle, or custom beats)
-- and format; a project's format is of the same list (MODO Creator Verse adds animation)
alter table public.stories add constraint stories_structure_check
check (structure in ('hero', 'cat', 'harmon', 'custom'));
alter table public.stories add constraint stories_format_check
check (format in ('feature', 'series', 'short_movie', 'short_video', 'animation'));
alter table public.projects add constraint projects_format_check
check (format in ('feature', 'series', 'short_movie', 'short_video', 'animation'));

-- MODO animation styles, for an animation and a moodboard's animation_style alike
alter table public.animations add constraint animations_style_check
check (style in ('cartoon', 'sketch', '3d', 'vector', 'realistic'));
alter table public.moodboards add constraint moodboards_animation_style_check
check (animation_style in ('cartoon', 'sketch', '3d', 'vector', 'realistic'));

-- MODO: projects (1) ── (1) universes. One live universe per project; a deleted one leaves room.
create unique index universes_one_per_project on public.universes (project_id) where deleted_at is null;
