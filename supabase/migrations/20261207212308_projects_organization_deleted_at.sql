-- Whether a project is public, on the project's own row (issue 28): its organization's deletion
-- mirrored onto it (private.sync_marketplace_deletion keeps it, as contents.project_deleted_at
-- and communities.organization_deleted_at), so that private.project_is_public judges the row
-- alone and projects_select needs no array of every public project of the platform.
alter table public.projects add column organization_deleted_at timestamptz;
update public.projects p set organization_deleted_at = o.deleted_at
from public.organizations o
where o.id = p.organization_id and o.deleted_at is not null;
