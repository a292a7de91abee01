-- RLS policies for templates, workflows, their versions and runs (docs/workflows.md).
-- Templates follow the studio's shape (a row without a project belongs to its
-- organization); public templates are readable by everyone. Workflows follow their
-- project; versions and runs follow their live workflow and are written only by RPCs.
-- Soft-deleted rows are hidden.

drop policy if exists workflow_node_types_select on public.workflow_node_types;
create policy workflow_node_types_select on public.workflow_node_types for select to anon, authenticated
using (true);

drop policy if exists templates_select on public.templates;
create policy templates_select on public.templates for select to anon, authenticated
using (
    deleted_at is null
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids())))
        or project_id = any(array(select private.readable_project_ids()))
        or (is_public and organization_id <> all(array(select private.deleted_org_ids())))
    )
);

drop policy if exists templates_insert on public.templates;
create policy templates_insert on public.templates for insert to authenticated
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists templates_update on public.templates;
create policy templates_update on public.templates for update to authenticated
using (
    deleted_at is null
    and ((project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
         or project_id = any(array(select private.editable_project_ids())))
)
with check (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists templates_delete on public.templates;
create policy templates_delete on public.templates for delete to authenticated
using (
    (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
    or project_id = any(array(select private.editable_project_ids()))
);

drop policy if exists template_versions_select on public.template_versions;
create policy template_versions_select on public.template_versions for select to anon, authenticated
using (template_id = any(array(select private.readable_template_ids())));

drop policy if exists workflows_select on public.workflows;
create policy workflows_select on public.workflows for select to authenticated
using (deleted_at is null and project_id = any(array(select private.readable_project_ids())));

drop policy if exists workflows_insert on public.workflows;
create policy workflows_insert on public.workflows for insert to authenticated
with check (project_id = any(array(select private.editable_project_ids())));

drop policy if exists workflows_update on public.workflows;
create policy workflows_update on public.workflows for update to authenticated
using (deleted_at is null and project_id = any(array(select private.editable_project_ids())))
with check (project_id = any(array(select private.editable_project_ids())));

drop policy if exists workflows_delete on public.workflows;
create policy workflows_delete on public.workflows for delete to authenticated
using (project_id = any(array(select private.editable_project_ids())));

drop policy if exists workflow_versions_select on public.workflow_versions;
create policy workflow_versions_select on public.workflow_versions for select to authenticated
using (workflow_id = any(array(select private.readable_workflow_ids())));

drop policy if exists workflow_runs_select on public.workflow_runs;
create policy workflow_runs_select on public.workflow_runs for select to authenticated
using (workflow_id = any(array(select private.readable_workflow_ids())));
