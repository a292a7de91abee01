-- RLS policies for the generation engine. Generations, their inputs and job logs are
-- written only by the engine's functions (request_generation, cancel_generation, the
-- workers); members read their organization's rows, a project's rows when they may read
-- the project. Soft-deleted generations are hidden.

drop policy if exists generation_kinds_select on public.generation_kinds;
create policy generation_kinds_select on public.generation_kinds for select to anon, authenticated
using (true);

drop policy if exists generation_prices_select on public.generation_prices;
create policy generation_prices_select on public.generation_prices for select to anon, authenticated
using (true);

drop policy if exists plan_concurrency_limits_select on public.plan_concurrency_limits;
create policy plan_concurrency_limits_select on public.plan_concurrency_limits for select to anon, authenticated
using (true);

-- generations: the project's test is the short complement within the caller's organizations
-- (private.unreadable_project_ids: the planner estimates it right)
drop policy if exists generations_select on public.generations;
create policy generations_select on public.generations for select to authenticated
using (
    deleted_at is null
    and organization_id = any(array(select private.my_org_ids()))
    and (project_id is null or project_id <> all(array(select private.unreadable_project_ids())))
);

-- generation inputs: readable with their generation's organization and project
drop policy if exists generation_inputs_select on public.generation_inputs;
create policy generation_inputs_select on public.generation_inputs for select to authenticated
using (
    organization_id = any(array(select private.my_org_ids()))
    and (project_id is null or project_id = any(array(select private.readable_project_ids())))
);

-- job logs: readable with their generation's organization and project
drop policy if exists job_logs_select on public.job_logs;
create policy job_logs_select on public.job_logs for select to authenticated
using (
    organization_id = any(array(select private.my_org_ids()))
    and (project_id is null or project_id = any(array(select private.readable_project_ids())))
);

-- a finished generation (succeeded, failed, cancelled: its credits settled, off the queue) may be
-- deleted, a soft delete, by whoever may edit its project, or its organization's editors
drop policy if exists generations_delete on public.generations;
create policy generations_delete on public.generations for delete to authenticated
using (
    status in ('succeeded', 'failed', 'cancelled')
    and (
        (project_id is null and organization_id = any(array(select private.my_org_ids('editor'))))
        or project_id = any(array(select private.editable_project_ids()))
    )
);

-- deliveries: the organization's admins (they manage its webhooks)
drop policy if exists webhook_deliveries_select on public.webhook_deliveries;
create policy webhook_deliveries_select on public.webhook_deliveries for select to authenticated
using (organization_id = any(array(select private.my_org_ids('admin'))));

-- schedules: readable with the project; editors of the project create, change and delete
drop policy if exists schedules_select on public.schedules;
create policy schedules_select on public.schedules for select to authenticated
using (project_id = any(array(select private.readable_project_ids())));

drop policy if exists schedules_insert on public.schedules;
create policy schedules_insert on public.schedules for insert to authenticated
with check (project_id = any(array(select private.editable_project_ids())));

drop policy if exists schedules_update on public.schedules;
create policy schedules_update on public.schedules for update to authenticated
using (project_id = any(array(select private.editable_project_ids())))
with check (project_id = any(array(select private.editable_project_ids())));

drop policy if exists schedules_delete on public.schedules;
create policy schedules_delete on public.schedules for delete to authenticated
using (project_id = any(array(select private.editable_project_ids())));
