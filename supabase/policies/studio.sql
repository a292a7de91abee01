-- RLS policies for projects, their IP bible, books and scripts, the prompt library and
-- assets. Tables of one family share one policy shape, written out per table. A public
-- project's rows are found by probing the row's own project (private.project_is_public), not
-- by an array of every public project of the platform.

-- projects: readable ones and public ones; editors create; admins delete (a soft delete, restorable).
-- A member's right to read is judged from the row's own columns (readable_project_ids' member
-- terms): a project being inserted is not yet in what a lookup sees, and `insert … returning`
-- must give it back to its creator. Collaborators are looked up; a public project is judged by
-- its own columns too (private.project_is_public), not an array of every public project.
drop policy if exists projects_select on public.projects;
create policy projects_select on public.projects for select to anon, authenticated
using (
    deleted_at is null
    and (
        (
            organization_id = any(array(select private.my_org_ids()))
            and (
                visibility <> 'private'
                or created_by = (select auth.uid())
                or organization_id = any(array(select private.my_org_ids('admin')))
            )
        )
        or id = any(array(select private.readable_project_ids()))
        or private.project_is_public(projects)
    )
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
-- organization; with one, it follows the project. Soft-deleted rows are hidden. Members read;
-- editors of the organization (no project) or of the project write. Separate insert, update and
-- delete policies: a FOR ALL policy would also widen SELECT, showing editors soft-deleted rows.

-- stories
drop policy if exists stories_select on public.stories;
create policy stories_select on public.stories for select to anon, authenticated
using (
    deleted_at is null
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids())))
        or project_id = any(array(select private.readable_project_ids()))
        or exists (select from public.projects p where p.id = stories.project_id and private.project_is_public(p))
    )
);

drop policy if exists stories_insert on public.stories;
create policy stories_insert on public.stories for insert to authenticated
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists stories_update on public.stories;
create policy stories_update on public.stories for update to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
)
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists stories_delete on public.stories;
create policy stories_delete on public.stories for delete to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

-- universes
drop policy if exists universes_select on public.universes;
create policy universes_select on public.universes for select to anon, authenticated
using (
    deleted_at is null
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids())))
        or project_id = any(array(select private.readable_project_ids()))
        or exists (select from public.projects p where p.id = universes.project_id and private.project_is_public(p))
    )
);

drop policy if exists universes_insert on public.universes;
create policy universes_insert on public.universes for insert to authenticated
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists universes_update on public.universes;
create policy universes_update on public.universes for update to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
)
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists universes_delete on public.universes;
create policy universes_delete on public.universes for delete to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

-- moodboards
drop policy if exists moodboards_select on public.moodboards;
create policy moodboards_select on public.moodboards for select to anon, authenticated
using (
    deleted_at is null
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids())))
        or project_id = any(array(select private.readable_project_ids()))
        or exists (select from public.projects p where p.id = moodboards.project_id and private.project_is_public(p))
    )
);

drop policy if exists moodboards_insert on public.moodboards;
create policy moodboards_insert on public.moodboards for insert to authenticated
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists moodboards_update on public.moodboards;
create policy moodboards_update on public.moodboards for update to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
)
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists moodboards_delete on public.moodboards;
create policy moodboards_delete on public.moodboards for delete to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

-- animations
drop policy if exists animations_select on public.animations;
create policy animations_select on public.animations for select to anon, authenticated
using (
    deleted_at is null
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids())))
        or project_id = any(array(select private.readable_project_ids()))
        or exists (select from public.projects p where p.id = animations.project_id and private.project_is_public(p))
    )
);

drop policy if exists animations_insert on public.animations;
create policy animations_insert on public.animations for insert to authenticated
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists animations_update on public.animations;
create policy animations_update on public.animations for update to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
)
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists animations_delete on public.animations;
create policy animations_delete on public.animations for delete to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

-- performance predictions (written by workers: read only)
drop policy if exists performance_predictions_select on public.performance_predictions;
create policy performance_predictions_select on public.performance_predictions for select to anon, authenticated
using (
    deleted_at is null
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids())))
        or project_id = any(array(select private.readable_project_ids()))
        or exists (select from public.projects p
                   where p.id = performance_predictions.project_id and private.project_is_public(p))
    )
);

-- books
drop policy if exists books_select on public.books;
create policy books_select on public.books for select to anon, authenticated
using (
    deleted_at is null
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids())))
        or project_id = any(array(select private.readable_project_ids()))
        or exists (select from public.projects p where p.id = books.project_id and private.project_is_public(p))
    )
);

drop policy if exists books_insert on public.books;
create policy books_insert on public.books for insert to authenticated
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists books_update on public.books;
create policy books_update on public.books for update to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
)
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists books_delete on public.books;
create policy books_delete on public.books for delete to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

-- book structure
drop policy if exists book_structure_select on public.book_structure;
create policy book_structure_select on public.book_structure for select to anon, authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids())))
    or project_id = any(array(select private.readable_project_ids()))
    or exists (select from public.projects p where p.id = book_structure.project_id and private.project_is_public(p))
);

drop policy if exists book_structure_insert on public.book_structure;
create policy book_structure_insert on public.book_structure for insert to authenticated
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists book_structure_update on public.book_structure;
create policy book_structure_update on public.book_structure for update to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
)
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists book_structure_delete on public.book_structure;
create policy book_structure_delete on public.book_structure for delete to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

-- chapters
drop policy if exists chapters_select on public.chapters;
create policy chapters_select on public.chapters for select to anon, authenticated
using (
    deleted_at is null
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids())))
        or project_id = any(array(select private.readable_project_ids()))
        or exists (select from public.projects p where p.id = chapters.project_id and private.project_is_public(p))
    )
);

drop policy if exists chapters_insert on public.chapters;
create policy chapters_insert on public.chapters for insert to authenticated
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists chapters_update on public.chapters;
create policy chapters_update on public.chapters for update to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
)
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists chapters_delete on public.chapters;
create policy chapters_delete on public.chapters for delete to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

-- chapter embeddings (written by workers: read only)
drop policy if exists chapter_embeddings_select on public.chapter_embeddings;
create policy chapter_embeddings_select on public.chapter_embeddings for select to anon, authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids())))
    or project_id = any(array(select private.readable_project_ids()))
    or exists (select from public.projects p where p.id = chapter_embeddings.project_id and private.project_is_public(p))
);

-- scripts
drop policy if exists scripts_select on public.scripts;
create policy scripts_select on public.scripts for select to anon, authenticated
using (
    deleted_at is null
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids())))
        or project_id = any(array(select private.readable_project_ids()))
        or exists (select from public.projects p where p.id = scripts.project_id and private.project_is_public(p))
    )
);

drop policy if exists scripts_insert on public.scripts;
create policy scripts_insert on public.scripts for insert to authenticated
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists scripts_update on public.scripts;
create policy scripts_update on public.scripts for update to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
)
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists scripts_delete on public.scripts;
create policy scripts_delete on public.scripts for delete to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

-- scenes
drop policy if exists scenes_select on public.scenes;
create policy scenes_select on public.scenes for select to anon, authenticated
using (
    deleted_at is null
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids())))
        or project_id = any(array(select private.readable_project_ids()))
        or exists (select from public.projects p where p.id = scenes.project_id and private.project_is_public(p))
    )
);

drop policy if exists scenes_insert on public.scenes;
create policy scenes_insert on public.scenes for insert to authenticated
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists scenes_update on public.scenes;
create policy scenes_update on public.scenes for update to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
)
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists scenes_delete on public.scenes;
create policy scenes_delete on public.scenes for delete to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

-- plot overviews
drop policy if exists plot_overviews_select on public.plot_overviews;
create policy plot_overviews_select on public.plot_overviews for select to anon, authenticated
using (
    deleted_at is null
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids())))
        or project_id = any(array(select private.readable_project_ids()))
        or exists (select from public.projects p where p.id = plot_overviews.project_id and private.project_is_public(p))
    )
);

drop policy if exists plot_overviews_insert on public.plot_overviews;
create policy plot_overviews_insert on public.plot_overviews for insert to authenticated
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists plot_overviews_update on public.plot_overviews;
create policy plot_overviews_update on public.plot_overviews for update to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
)
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists plot_overviews_delete on public.plot_overviews;
create policy plot_overviews_delete on public.plot_overviews for delete to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

-- characters
drop policy if exists characters_select on public.characters;
create policy characters_select on public.characters for select to anon, authenticated
using (
    deleted_at is null
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids())))
        or project_id = any(array(select private.readable_project_ids()))
        or exists (select from public.projects p where p.id = characters.project_id and private.project_is_public(p))
    )
);

drop policy if exists characters_insert on public.characters;
create policy characters_insert on public.characters for insert to authenticated
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists characters_update on public.characters;
create policy characters_update on public.characters for update to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
)
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists characters_delete on public.characters;
create policy characters_delete on public.characters for delete to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

-- chapter scripts
drop policy if exists chapter_scripts_select on public.chapter_scripts;
create policy chapter_scripts_select on public.chapter_scripts for select to anon, authenticated
using (
    deleted_at is null
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids())))
        or project_id = any(array(select private.readable_project_ids()))
        or exists (select from public.projects p where p.id = chapter_scripts.project_id and private.project_is_public(p))
    )
);

drop policy if exists chapter_scripts_insert on public.chapter_scripts;
create policy chapter_scripts_insert on public.chapter_scripts for insert to authenticated
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists chapter_scripts_update on public.chapter_scripts;
create policy chapter_scripts_update on public.chapter_scripts for update to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
)
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists chapter_scripts_delete on public.chapter_scripts;
create policy chapter_scripts_delete on public.chapter_scripts for delete to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

-- versions (written by triggers: read only)
drop policy if exists versions_select on public.versions;
create policy versions_select on public.versions for select to anon, authenticated
using (
    deleted_at is null
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids())))
        or project_id = any(array(select private.readable_project_ids()))
        or exists (select from public.projects p where p.id = versions.project_id and private.project_is_public(p))
    )
);

-- assets
drop policy if exists assets_select on public.assets;
create policy assets_select on public.assets for select to anon, authenticated
using (
    deleted_at is null
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids())))
        or project_id = any(array(select private.readable_project_ids()))
        or exists (select from public.projects p where p.id = assets.project_id and private.project_is_public(p))
    )
);

drop policy if exists assets_insert on public.assets;
create policy assets_insert on public.assets for insert to authenticated
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists assets_update on public.assets;
create policy assets_update on public.assets for update to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
)
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists assets_delete on public.assets;
create policy assets_delete on public.assets for delete to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

-- asset versions
drop policy if exists asset_versions_select on public.asset_versions;
create policy asset_versions_select on public.asset_versions for select to anon, authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids())))
    or project_id = any(array(select private.readable_project_ids()))
    or exists (select from public.projects p where p.id = asset_versions.project_id and private.project_is_public(p))
);

drop policy if exists asset_versions_insert on public.asset_versions;
create policy asset_versions_insert on public.asset_versions for insert to authenticated
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists asset_versions_update on public.asset_versions;
create policy asset_versions_update on public.asset_versions for update to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
)
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists asset_versions_delete on public.asset_versions;
create policy asset_versions_delete on public.asset_versions for delete to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

-- brand policies; public ones are readable by everyone
drop policy if exists brand_policies_select on public.brand_policies;
create policy brand_policies_select on public.brand_policies for select to anon, authenticated
using (
    deleted_at is null
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids())))
        or project_id = any(array(select private.readable_project_ids()))
        or exists (select from public.projects p where p.id = brand_policies.project_id and private.project_is_public(p))
    )
);

drop policy if exists brand_policies_insert on public.brand_policies;
create policy brand_policies_insert on public.brand_policies for insert to authenticated
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists brand_policies_update on public.brand_policies;
create policy brand_policies_update on public.brand_policies for update to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
)
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists brand_policies_delete on public.brand_policies;
create policy brand_policies_delete on public.brand_policies for delete to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists brand_policies_public on public.brand_policies;
create policy brand_policies_public on public.brand_policies for select to anon, authenticated
using (is_public and deleted_at is null);

-- feedback (comments on the organization's work): any member may give it, on a project anyone
-- who may comment on it (a collaborator needs the 'comment' permission); its author edits it
-- or deletes it while that right lasts, an admin always
drop policy if exists feedback_select on public.feedback;
create policy feedback_select on public.feedback for select to anon, authenticated
using (
    deleted_at is null
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids())))
        or project_id = any(array(select private.readable_project_ids()))
        or exists (select from public.projects p where p.id = feedback.project_id and private.project_is_public(p))
    )
);

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

drop policy if exists feedback_delete on public.feedback;
create policy feedback_delete on public.feedback for delete to authenticated
using (
    (created_by = (select auth.uid())
     and ((project_id is null and organization_id = any(array(select private.my_org_ids())))
          or project_id = any(array(select private.commentable_project_ids()))))
    or organization_id = any(array(select private.my_org_ids('admin')))
);

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
