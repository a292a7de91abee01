-- Studio tables: row-level security on, explicit grants. Policies: supabase/policies/studio.sql.

-- Projects whose collaborators the caller manages: their creator and organization admins.
create function private.manageable_project_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select p.id
    from public.projects p
    join public.organization_members m on m.organization_id = p.organization_id and m.user_id = (select auth.uid())
    where p.deleted_at is null and (p.created_by = m.user_id or m.role >= 'admin')
$$;
grant execute on function private.manageable_project_ids() to authenticated, service_role;

alter table public.projects enable row level security;
alter table public.project_collaborators enable row level security;
alter table public.stories enable row level security;
alter table public.universes enable row level security;
alter table public.moodboards enable row level security;
alter table public.animations enable row level security;
alter table public.performance_predictions enable row level security;
alter table public.books enable row level security;
alter table public.book_structure enable row level security;
alter table public.chapters enable row level security;
alter table public.chapter_embeddings enable row level security;
alter table public.scripts enable row level security;
alter table public.scenes enable row level security;
alter table public.plot_overviews enable row level security;
alter table public.character_archetypes enable row level security;
alter table public.characters enable row level security;
alter table public.chapter_scripts enable row level security;
alter table public.prompts enable row level security;
alter table public.prompt_uses enable row level security;
alter table public.prompt_ratings enable row level security;
alter table public.versions enable row level security;
alter table public.brand_policies enable row level security;
alter table public.feedback enable row level security;
alter table public.assets enable row level security;
alter table public.asset_versions enable row level security;

do $$
declare
    table_name text;
begin
    foreach table_name in array array[
        'projects', 'project_collaborators', 'stories', 'universes', 'moodboards', 'animations',
        'performance_predictions', 'books', 'book_structure', 'chapters', 'chapter_embeddings', 'scripts', 'scenes',
        'plot_overviews', 'character_archetypes', 'characters', 'chapter_scripts', 'prompts', 'prompt_uses',
        'prompt_ratings', 'versions', 'brand_policies', 'feedback', 'assets', 'asset_versions'
    ] loop
        execute format('revoke all on public.%I from anon, authenticated', table_name);
        execute format('grant all on public.%I to service_role', table_name);
    end loop;
    -- what clients read (anon: public projects' content, public prompts and brand policies, archetypes)
    foreach table_name in array array[
        'projects', 'stories', 'universes', 'moodboards', 'animations', 'performance_predictions', 'books',
        'book_structure', 'chapters', 'chapter_embeddings', 'scripts', 'scenes', 'plot_overviews',
        'character_archetypes', 'characters', 'chapter_scripts', 'prompts', 'prompt_ratings', 'versions',
        'brand_policies', 'assets', 'asset_versions'
    ] loop
        execute format('grant select on public.%I to anon, authenticated', table_name);
    end loop;
    -- what signed-in users write, within their policies
    foreach table_name in array array[
        'projects', 'project_collaborators', 'stories', 'universes', 'moodboards', 'animations', 'books',
        'book_structure', 'chapters', 'scripts', 'scenes', 'plot_overviews', 'characters', 'chapter_scripts',
        'prompts', 'prompt_ratings', 'brand_policies', 'feedback', 'assets', 'asset_versions'
    ] loop
        execute format('grant select, insert, update, delete on public.%I to authenticated', table_name);
    end loop;
end
$$;

grant select, insert on public.prompt_uses to authenticated;
grant select on public.project_collaborators, public.feedback to authenticated;
