-- Compiled by `creatorverse db diff` from supabase/functions, supabase/policies and sql/views:
-- edit those files, not this one.
-- noqa: disable=all

set check_function_bodies = off;

CREATE OR REPLACE FUNCTION private.require_org_role(org_id uuid, min_role public.member_role, action text, permission text DEFAULT NULL::text)
 RETURNS public.organization_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    found public.organization_members;
begin
    select m.* into found from public.organization_members m
    join public.organizations o on o.id = m.organization_id and o.deleted_at is null
    where m.organization_id = org_id and m.user_id = private.require_user()
    for update of m;
    if found.id is null then
        raise exception 'organization % not found', org_id using errcode = 'P0002';
    end if;
    if found.role < min_role and (permission is null or not permission = any(found.permissions)) then
        raise exception 'only %s and above may %', min_role, action using errcode = '42501';
    end if;
    return found;
end
$function$
;

CREATE OR REPLACE FUNCTION private.org_for_primary_owner(org_id uuid, action text)
 RETURNS public.organizations
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members := private.require_org_role(org_id, 'viewer', action);
    org public.organizations;
begin
    select o.* into org from public.organizations o where o.id = org_id for update;
    if org.primary_owner_user_id <> caller.user_id then
        raise exception 'only the primary owner may %', action using errcode = '42501';
    end if;
    if org.is_personal then
        raise exception 'personal organizations cannot %', action using errcode = '55000';
    end if;
    return org;
end
$function$
;

CREATE OR REPLACE FUNCTION public.change_member_role(org_id uuid, member_user_id uuid, new_role public.member_role)
 RETURNS public.organization_members
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members;
    target public.organization_members;
begin
    if member_user_id = private.require_user() then
        raise exception 'you cannot change your own role' using errcode = '42501';
    end if;
    caller := private.require_org_role(org_id, 'admin', 'change roles');
    target := private.target_membership(org_id, member_user_id);
    if caller.role < 'owner' and (target.role = 'owner' or new_role = 'owner') then
        raise exception 'only owners change an owner''s role or make owners' using errcode = '42501';
    end if;
    if new_role <> 'owner' and private.is_primary_owner(org_id, member_user_id) then
        raise exception 'the primary owner keeps the owner role: transfer ownership first' using errcode = '55000';
    end if;
    update public.organization_members m set role = new_role where m.id = target.id returning * into target;
    return target;
end
$function$
;

CREATE OR REPLACE FUNCTION public.create_api_key(org_id uuid, key_name text, key_scopes text[] DEFAULT '{}'::text[], key_expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS TABLE(api_key_id uuid, api_key text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members := private.require_org_role(org_id, 'admin', 'create API keys', 'api_keys.manage');
    new_key text := 'cv_' || private.random_token();
    created_id uuid;
begin
    if coalesce(length(trim(key_name)), 0) = 0 or length(key_name) > 100 then
        raise exception 'API key name must be 1 to 100 characters' using errcode = '22023';
    end if;
    if not coalesce(key_scopes, '{}') <@ array[
        'projects:read', 'projects:write', 'media:read', 'media:generate', 'billing:read', 'webhooks:manage'
    ]::text[] then
        raise exception 'unknown scope in %', key_scopes
            using errcode = '22023',
                  hint = 'scopes: projects:read, projects:write, media:read, media:generate, billing:read, webhooks:manage';
    end if;
    if key_expires_at <= now() then
        raise exception 'expiry must lie in the future' using errcode = '22023';
    end if;
    insert into public.api_keys (organization_id, created_by, name, key_prefix, scopes, expires_at)
    values (org_id, caller.user_id, trim(key_name), left(new_key, 11), coalesce(key_scopes, '{}'), key_expires_at)
    returning id into created_id;
    insert into private.api_key_hashes (api_key_id, key_hash) values (created_id, private.token_hash(new_key));
    return query select created_id, new_key;
end
$function$
;

CREATE OR REPLACE FUNCTION public.create_webhook(org_id uuid, endpoint_url text, event_types text[] DEFAULT '{}'::text[], webhook_description text DEFAULT NULL::text)
 RETURNS TABLE(webhook_id uuid, signing_secret text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := (private.require_org_role(org_id, 'admin', 'manage webhooks')).user_id;
    secret text := 'whsec_' || private.random_token();
    created_id uuid;
begin
    if endpoint_url is null or endpoint_url !~ '^https?://[^\s]+$' then
        raise exception 'invalid webhook URL "%"', endpoint_url using errcode = '22023';
    end if;
    insert into public.webhooks (organization_id, url, events, description, created_by)
    values (org_id, endpoint_url, coalesce(event_types, '{}'), webhook_description, caller)
    returning id into created_id;
    insert into private.webhook_secrets (webhook_id, secret_box) values (created_id, private.encrypt_secret(secret));
    return query select created_id, secret;
end
$function$
;

CREATE OR REPLACE FUNCTION public.invite_member(org_id uuid, invitee_email text, invitee_role public.member_role DEFAULT 'viewer'::public.member_role)
 RETURNS TABLE(invitation_id uuid, token text)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members := private.require_org_role(org_id, 'admin', 'invite members', 'members.invite');
    new_token text := private.random_token();
    created_id uuid;
begin
    if (select o.is_personal from public.organizations o where o.id = org_id) then
        raise exception 'personal organizations have no other members' using errcode = '55000';
    end if;
    if invitee_email is null or invitee_email !~ '^[^@\s]+@[^@\s]+$' then
        raise exception 'invalid email address "%"', invitee_email using errcode = '22023';
    end if;
    if invitee_role = 'owner' then
        raise exception 'invite as admin, then transfer ownership' using errcode = '22023';
    end if;
    if invitee_role > caller.role then
        raise exception 'you cannot invite with a role above your own' using errcode = '42501';
    end if;
    if exists (
        select 1 from public.organization_members m join auth.users u on u.id = m.user_id
        where m.organization_id = org_id and lower(u.email) = lower(invitee_email)) then
        raise exception '% is already a member', invitee_email using errcode = '23505';
    end if;
    if exists (
        select 1 from public.invitations i
        where i.organization_id = org_id and lower(i.email) = lower(invitee_email) and i.status = 'pending') then
        raise exception 'an invitation to % is already pending', invitee_email
            using errcode = '23505', hint = 'revoke it to send a new one';
    end if;
    insert into public.invitations (organization_id, email, role, invited_by)
    values (org_id, lower(invitee_email), invitee_role, caller.user_id)
    returning id into created_id;
    insert into private.invitation_tokens (invitation_id, token_hash) values (created_id, private.token_hash(new_token));
    return query select created_id, new_token;
end
$function$
;

CREATE OR REPLACE FUNCTION public.leave_organization(org_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members := private.require_org_role(org_id, 'viewer', 'leave');
    org public.organizations;
begin
    select o.* into org from public.organizations o where o.id = org_id;
    if org.is_personal then
        raise exception 'you cannot leave your personal organization' using errcode = '55000';
    end if;
    if org.primary_owner_user_id = caller.user_id then
        raise exception 'the primary owner cannot leave: transfer ownership first' using errcode = '55000';
    end if;
    delete from public.organization_members m where m.id = caller.id;
end
$function$
;

CREATE OR REPLACE FUNCTION public.remove_member(org_id uuid, member_user_id uuid)
 RETURNS void
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller public.organization_members;
    target public.organization_members;
begin
    if member_user_id = private.require_user() then
        raise exception 'use leave_organization to leave' using errcode = '22023';
    end if;
    caller := private.require_org_role(org_id, 'admin', 'remove members');
    target := private.target_membership(org_id, member_user_id);
    if target.role = 'owner' and caller.role < 'owner' then
        raise exception 'admins cannot remove owners' using errcode = '42501';
    end if;
    if private.is_primary_owner(org_id, member_user_id) then
        raise exception 'the primary owner cannot be removed: transfer ownership first' using errcode = '55000';
    end if;
    delete from public.organization_members m where m.id = target.id;
end
$function$
;

CREATE OR REPLACE FUNCTION public.save_provider_credential(org_id uuid, provider_name text, secret text, credential_name text DEFAULT 'default'::text, credential_config jsonb DEFAULT '{}'::jsonb, credential_expires_at timestamp with time zone DEFAULT NULL::timestamp with time zone)
 RETURNS uuid
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
declare
    caller uuid := (private.require_org_role(org_id, 'admin', 'manage provider credentials')).user_id;
    saved_id uuid;
begin
    if provider_name is null or provider_name !~ '^[a-z0-9_]{2,40}$' then
        raise exception 'invalid provider "%"', provider_name using errcode = '22023';
    end if;
    if coalesce(length(secret), 0) < 8 then
        raise exception 'the secret looks too short to be a provider key' using errcode = '22023';
    end if;
    if jsonb_typeof(credential_config) is distinct from 'object' then
        raise exception 'config must be a JSON object' using errcode = '22023';
    end if;
    insert into public.provider_credentials as c (
        organization_id, created_by, provider, name, secret_hint, config, expires_at
    )
    values (org_id, caller, provider_name, coalesce(credential_name, 'default'), private.secret_hint(secret),
            credential_config, credential_expires_at)
    on conflict (organization_id, provider, name) do update
    set secret_hint = excluded.secret_hint, config = excluded.config, expires_at = excluded.expires_at,
        status = 'active', last_validated_at = null
    returning c.id into saved_id;
    insert into private.provider_secrets (credential_id, secret_box)
    values (saved_id, private.encrypt_secret(secret))
    on conflict (credential_id) do update set secret_box = excluded.secret_box;
    return saved_id;
end
$function$
;

drop function if exists "private"."caller_membership"(org_id uuid);

drop function if exists "private"."require_org_admin"(org_id uuid);

revoke execute on function private.require_org_role(uuid,public.member_role,text,text) from public;
