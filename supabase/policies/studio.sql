-- RLS policies for projects, their IP bible, books and scripts, the prompt library and
-- assets. Tables of one family share one policy shape, generated below.

-- projects: readable ones and public ones; editors create; admins delete for good.
-- A member's right to read is judged from the row's own columns (readable_project_ids' member
-- terms): a project being inserted is not yet in what a lookup sees, and `insert … returning`
-- must give it back to its creator. Collaborators and the public are looked up.
drop policy if exists projects_select on public.projects;
create policy projects_select on public.projects for select to anon, authenticated
using (
    (
        deleted_at is null
        and organization_id = any(array(select private.my_org_ids()))
        and (
            visibility <> 'private'
            or created_by = (select auth.uid())
            or organization_id = any(array(select private.my_org_ids('admin')))
        )
    )
    or id = any(array(select private.readable_project_ids()))
    or id = any(array(select private.public_project_ids()))
);

drop policy if exists projects_insert on public.projects;
create policy projects_insert on public.projects for insert to authenticated
with check (
    organization_id = any(array(select private.my_org_ids('editor')))
    and created_by = (select auth.uid())
);

drop policy if exists projects_update on public.projects;
create policy projects_update on public.projects for update to authenticated
using (id = any(array(select private.editable_project_ids())))
with check (id = any(array(select private.editable_project_ids())));

drop policy if exists projects_delete on public.projects;
create policy projects_delete on public.projects for delete to authenticated
using (organization_id = any(array(select private.my_org_ids('admin'))));

-- collaborators: seen by whoever reads the project; managed by its creator and admins;
-- a collaborator may leave
drop policy if exists project_collaborators_select on public.project_collaborators;
create policy project_collaborators_select on public.project_collaborators for select to authenticated
using (project_id = any(array(select private.readable_project_ids())));

drop policy if exists project_collaborators_manage on public.project_collaborators;
create policy project_collaborators_manage on public.project_collaborators for all to authenticated
using (project_id = any(array(select private.manageable_project_ids())))
with check (project_id = any(array(select private.manageable_project_ids())));

drop policy if exists project_collaborators_leave on public.project_collaborators;
create policy project_collaborators_leave on public.project_collaborators for delete to authenticated
using (user_id = (select auth.uid()));

-- Content scoped by project and organization: a row without a project belongs to its
-- organization; with one, it follows the project. Soft-deleted rows are hidden.
do $$
declare
    table_name text;
    live text;
    command text;
    writable constant text := '(project_id is null and organization_id = any(array(select private.my_org_ids(''editor''))))
        or project_id = any(array(select private.editable_project_ids()))';
begin
    foreach table_name in array array[
        'stories', 'universes', 'moodboards', 'animations', 'performance_predictions', 'books', 'book_structure',
        'chapters', 'chapter_embeddings', 'scripts', 'scenes', 'plot_overviews', 'characters', 'chapter_scripts',
        'versions', 'brand_policies', 'feedback', 'assets', 'asset_versions'
    ] loop
        live := case when exists (select 1 from pg_attribute a
                                   where a.attrelid = format('public.%I', table_name)::regclass
                                     and a.attname = 'deleted_at' and not a.attisdropped)
                     then 'deleted_at is null and ' else '' end;
        execute format('drop policy if exists %I on public.%I', table_name || '_select', table_name);
        execute format($p$
            create policy %I on public.%I for select to anon, authenticated
            using (%s (
                (project_id is null and organization_id = any(array(select private.my_org_ids())))
                or project_id = any(array(select private.readable_project_ids()))
                or project_id = any(array(select private.public_project_ids()))
            ))$p$, table_name || '_select', table_name, live);
    end loop;

    -- written by clients (performance predictions, embeddings and versions come from workers and
    -- triggers). Separate insert, update and delete policies: a FOR ALL policy would also
    -- widen SELECT, showing editors soft-deleted rows.
    foreach table_name in array array[
        'stories', 'universes', 'moodboards', 'animations', 'books', 'book_structure', 'chapters', 'scripts',
        'scenes', 'plot_overviews', 'characters', 'chapter_scripts', 'brand_policies', 'assets', 'asset_versions'
    ] loop
        foreach command in array array['insert', 'update', 'delete'] loop
            execute format('drop policy if exists %I on public.%I', table_name || '_' || command, table_name);
            execute format($p$
                create policy %I on public.%I for %s to authenticated %s
            $p$, table_name || '_' || command, table_name, command,
            replace(case command when 'insert' then 'with check (@)' when 'delete' then 'using (@)'
                                 else 'using (@) with check (@)' end, '@', writable));
        end loop;
        execute format('drop policy if exists %I on public.%I', table_name || '_write', table_name);
    end loop;
end
$$;

-- feedback (comments on the organization's work): any member may give it, on a project anyone
-- who may comment on it (a collaborator needs the 'comment' permission); its author edits it
-- while that right lasts, an admin always
drop policy if exists feedback_insert on public.feedback;
create policy feedback_insert on public.feedback for insert to authenticated
with check (
    created_by = (select auth.uid())
    and ((project_id is null and organization_id = any(array(select private.my_org_ids())))
         or project_id = any(array(select private.commentable_project_ids())))
);

drop policy if exists feedback_update on public.feedback;
create policy feedback_update on public.feedback for update to authenticated
using (
    (created_by = (select auth.uid())
     and ((project_id is null and organization_id = any(array(select private.my_org_ids())))
          or project_id = any(array(select private.commentable_project_ids()))))
    or organization_id = any(array(select private.my_org_ids('admin')))
)
with check (
    (created_by = (select auth.uid())
     and ((project_id is null and organization_id = any(array(select private.my_org_ids())))
          or project_id = any(array(select private.commentable_project_ids()))))
    or organization_id = any(array(select private.my_org_ids('admin')))
);

-- public brand policies are readable by everyone
drop policy if exists brand_policies_public on public.brand_policies;
create policy brand_policies_public on public.brand_policies for select to anon, authenticated
using (is_public and deleted_at is null);

-- prompts: public ones for everyone; the organization's for its members; editors add;
-- the author (while still an editor of the organization) or an admin changes them
drop policy if exists prompts_select on public.prompts;
create policy prompts_select on public.prompts for select to anon, authenticated
using (deleted_at is null and (is_public or organization_id = any(array(select private.my_org_ids()))));

drop policy if exists prompts_insert on public.prompts;
create policy prompts_insert on public.prompts for insert to authenticated
with check (organization_id = any(array(select private.my_org_ids('editor'))) and created_by = (select auth.uid()));

drop policy if exists prompts_update on public.prompts;
create policy prompts_update on public.prompts for update to authenticated
using (
    (created_by = (select auth.uid()) and organization_id = any(array(select private.my_org_ids('editor'))))
    or organization_id = any(array(select private.my_org_ids('admin')))
)
with check (
    (created_by = (select auth.uid()) and organization_id = any(array(select private.my_org_ids('editor'))))
    or organization_id = any(array(select private.my_org_ids('admin')))
);

drop policy if exists prompts_delete on public.prompts;
create policy prompts_delete on public.prompts for delete to authenticated
using (
    (created_by = (select auth.uid()) and organization_id = any(array(select private.my_org_ids('editor'))))
    or organization_id = any(array(select private.my_org_ids('admin')))
);

-- prompt uses (recorded by public.use_prompt, once per user and day) and ratings: as yourself,
-- on prompts you can see
drop policy if exists prompt_uses_select on public.prompt_uses;
create policy prompt_uses_select on public.prompt_uses for select to authenticated
using (user_id = (select auth.uid()));


drop policy if exists prompt_ratings_select on public.prompt_ratings;
create policy prompt_ratings_select on public.prompt_ratings for select to anon, authenticated
using (prompt_id in (select p.id from public.prompts p));

drop policy if exists prompt_ratings_own on public.prompt_ratings;
create policy prompt_ratings_own on public.prompt_ratings for all to authenticated
using (user_id = (select auth.uid()))
with check (user_id = (select auth.uid()) and prompt_id in (select p.id from public.prompts p));

-- archetypes: reference rows for everyone
drop policy if exists character_archetypes_select on public.character_archetypes;
create policy character_archetypes_select on public.character_archetypes for select to anon, authenticated
using (is_active);
