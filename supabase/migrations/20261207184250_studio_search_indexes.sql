-- Keyword search across the studio (issue 25, item 5; public.search_studio, docs/studio.md):
-- one pg_trgm GIN index per searchable kind on its search document, live rows only. The
-- document starts with a space so that a word at its start is preceded by one like every
-- other: a short (Korean) word is matched as a word prefix, ' ' || word, whose padded trigrams
-- the index holds. Each expression is the `document` of private.studio_search_kinds() for its
-- kind, character for character: a different expression is not served by the index
-- (supabase/tests/database/test_search_studio.sql checks the plans).
create index projects_search_idx on public.projects
using gin ((' ' || coalesce(title, '') || ' ' || coalesce(description, '')) extensions.gin_trgm_ops)
where deleted_at is null;

create index stories_search_idx on public.stories
using gin ((' ' || coalesce(title, '') || ' ' || coalesce(logline, '') || ' ' || coalesce(synopsis, ''))
           extensions.gin_trgm_ops)
where deleted_at is null;

create index scenes_search_idx on public.scenes
using gin ((' ' || coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || coalesce(location, ''))
           extensions.gin_trgm_ops)
where deleted_at is null;

create index prompts_search_idx on public.prompts
using gin ((' ' || title || ' ' || content) extensions.gin_trgm_ops)
where deleted_at is null;

create index assets_search_idx on public.assets
using gin ((' ' || coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || coalesce(original_name, ''))
           extensions.gin_trgm_ops)
where deleted_at is null;
