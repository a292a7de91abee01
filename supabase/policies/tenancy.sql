-- RLS policies for identities, organizations and their configuration.
-- Every organization check is `organization_id = any(array(select private.my_org_ids(...)))`:
-- the helper runs once per statement and the comparison uses the organization index.

-- profiles: your own row, and your teammates' (people who share an organization with you).
drop policy if exists profiles_select on public.profiles;
create policy profiles_select on public.profiles for select to authenticated
using (deleted_at is null and (id = (select auth.uid()) or id = any(array(select private.my_teammate_ids()))));

drop policy if exists profiles_update_own on public.profiles;
create policy profiles_update_own on public.profiles for update to authenticated
using (id = (select auth.uid()))
with check (id = (select auth.uid()));

-- organizations: members read; admins edit (protected columns stay with the RPCs).
drop policy if exists organizations_select on public.organizations;
create policy organizations_select on public.organizations for select to authenticated
using (deleted_at is null and id = any(array(select private.my_org_ids())));

drop policy if exists organizations_update on public.organizations;
create policy organizations_update on public.organizations for update to authenticated
using (id = any(array(select private.my_org_ids('admin'))))
with check (id = any(array(select private.my_org_ids('admin'))));

-- members: everyone in the organization sees the roster; changes go through RPCs.
drop policy if exists organization_members_select on public.organization_members;
create policy organization_members_select on public.organization_members for select to authenticated
using (organization_id = any(array(select private.my_org_ids())));

-- platform roles: your own, or all of them for platform admins.
drop policy if exists user_roles_select on public.user_roles;
create policy user_roles_select on public.user_roles for select to authenticated
using (user_id = (select auth.uid()) or (select private.has_platform_role('admin')));

-- follows: the social graph is visible to signed-in users; you follow and unfollow as yourself.
drop policy if exists user_follows_select on public.user_follows;
create policy user_follows_select on public.user_follows for select to authenticated
using (true);

drop policy if exists user_follows_insert on public.user_follows;
create policy user_follows_insert on public.user_follows for insert to authenticated
with check (follower_id = (select auth.uid()));

drop policy if exists user_follows_delete on public.user_follows;
create policy user_follows_delete on public.user_follows for delete to authenticated
using (follower_id = (select auth.uid()));

-- invitations: admins of the organization, and the invitee (matched by signed-in email).
drop policy if exists invitations_select on public.invitations;
create policy invitations_select on public.invitations for select to authenticated
using (
    organization_id = any(array(select private.my_org_ids('admin')))
    or lower(email) = lower((select auth.email()))
);

-- API keys: admins see their organization's keys (never the key itself).
drop policy if exists api_keys_select on public.api_keys;
create policy api_keys_select on public.api_keys for select to authenticated
using (organization_id = any(array(select private.my_org_ids('admin'))));

-- provider credentials: editors may use (see) them; admins rename, disable or delete.
drop policy if exists provider_credentials_select on public.provider_credentials;
create policy provider_credentials_select on public.provider_credentials for select to authenticated
using (organization_id = any(array(select private.my_org_ids('editor'))));

drop policy if exists provider_credentials_update on public.provider_credentials;
create policy provider_credentials_update on public.provider_credentials for update to authenticated
using (organization_id = any(array(select private.my_org_ids('admin'))))
with check (organization_id = any(array(select private.my_org_ids('admin'))));

drop policy if exists provider_credentials_delete on public.provider_credentials;
create policy provider_credentials_delete on public.provider_credentials for delete to authenticated
using (organization_id = any(array(select private.my_org_ids('admin'))));

-- webhooks: admins manage; created through create_webhook() so the secret is generated.
drop policy if exists webhooks_select on public.webhooks;
create policy webhooks_select on public.webhooks for select to authenticated
using (organization_id = any(array(select private.my_org_ids('admin'))));

drop policy if exists webhooks_update on public.webhooks;
create policy webhooks_update on public.webhooks for update to authenticated
using (organization_id = any(array(select private.my_org_ids('admin'))))
with check (organization_id = any(array(select private.my_org_ids('admin'))));

drop policy if exists webhooks_delete on public.webhooks;
create policy webhooks_delete on public.webhooks for delete to authenticated
using (organization_id = any(array(select private.my_org_ids('admin'))));

-- audit log: organization admins read their organization's rows; nobody writes through the API.
-- The membership view instead of my_org_ids('admin'): same rows, no function call per statement.
drop policy if exists audit_logs_select on public.audit_logs;
create policy audit_logs_select on public.audit_logs for select to authenticated
using (organization_id = any(array(select m.organization_id from private.my_memberships as m where m.role >= 'admin')));

-- system settings: public ones for everyone, all of them for platform admins.
drop policy if exists system_settings_select on public.system_settings;
create policy system_settings_select on public.system_settings for select to anon, authenticated
using (is_public or (select private.has_platform_role('admin')));
