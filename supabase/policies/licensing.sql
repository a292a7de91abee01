-- RLS for licensing. The catalogue is public where a licence is offered; a request is seen by
-- its requester and the licensor's members; an agreement and its royalty reports by the
-- licensor's members and the licensee.

drop policy if exists license_catalog_select on public.license_catalog;
create policy license_catalog_select on public.license_catalog for select to anon, authenticated
using (
    (is_available and organization_id <> all(array(select private.deleted_org_ids())))
    or organization_id = any(array(select private.my_org_ids()))
);

drop policy if exists license_catalog_write on public.license_catalog;
create policy license_catalog_write on public.license_catalog for all to authenticated
using (organization_id = any(array(select private.my_org_ids('editor'))))
with check (organization_id = any(array(select private.my_org_ids('editor'))));

drop policy if exists license_requests_select on public.license_requests;
create policy license_requests_select on public.license_requests for select to authenticated
using (requester_user_id = (select auth.uid()) or organization_id = any(array(select private.my_org_ids())));

drop policy if exists license_requests_insert on public.license_requests;
create policy license_requests_insert on public.license_requests for insert to authenticated
with check (requester_user_id = (select auth.uid()));

drop policy if exists license_request_notes_select on public.license_request_notes;
create policy license_request_notes_select on public.license_request_notes for select to authenticated
using (organization_id = any(array(select private.my_org_ids())));

drop policy if exists license_request_notes_insert on public.license_request_notes;
create policy license_request_notes_insert on public.license_request_notes for insert to authenticated
with check (organization_id = any(array(select private.my_org_ids('editor'))));

drop policy if exists license_request_notes_delete on public.license_request_notes;
create policy license_request_notes_delete on public.license_request_notes for delete to authenticated
using (
    (author_id = (select auth.uid()) and organization_id = any(array(select private.my_org_ids('editor'))))
    or organization_id = any(array(select private.my_org_ids('admin')))
);

drop policy if exists license_agreements_select on public.license_agreements;
create policy license_agreements_select on public.license_agreements for select to authenticated
using (licensee_user_id = (select auth.uid()) or organization_id = any(array(select private.my_org_ids())));

drop policy if exists royalty_reports_select on public.royalty_reports;
create policy royalty_reports_select on public.royalty_reports for select to authenticated
using (licensee_user_id = (select auth.uid()) or organization_id = any(array(select private.my_org_ids())));

drop policy if exists royalty_reports_insert on public.royalty_reports;
create policy royalty_reports_insert on public.royalty_reports for insert to authenticated
with check (licensee_user_id = (select auth.uid()));

drop policy if exists royalty_reports_update on public.royalty_reports;
create policy royalty_reports_update on public.royalty_reports for update to authenticated
using (licensee_user_id = (select auth.uid()) and status in ('pending', 'disputed'))
with check (licensee_user_id = (select auth.uid()));
