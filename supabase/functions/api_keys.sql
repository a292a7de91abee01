-- Organization API keys: plaintext returned once, stored as SHA-256 in private.api_key_hashes.
-- Key format: cv_<64 hex>; key_prefix (cv_ + 8 hex) identifies a key in lists.

create or replace function public.create_api_key(
    org_id uuid, key_name text, key_scopes text[] default '{}', key_expires_at timestamptz default null
)
returns table (api_key_id uuid, api_key text)
language plpgsql
security definer
set search_path = ''
as $$
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
$$;

-- Revoking twice is harmless; the first revocation time stays.
create or replace function public.revoke_api_key(api_key_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
    key_org uuid;
begin
    select k.organization_id into key_org from public.api_keys k where k.id = revoke_api_key.api_key_id;
    if key_org is null or not private.has_org_role(key_org, 'admin', 'api_keys.manage') then
        raise exception 'API key not found' using errcode = 'PT404';
    end if;
    update public.api_keys k set revoked_at = coalesce(k.revoked_at, now()) where k.id = revoke_api_key.api_key_id;
end
$$;

-- For services (service_role): which organization and scopes a presented key grants.
-- Raises 28000 for unknown, revoked or expired keys. last_used_at is written at most once
-- a minute per key, so a busy key does not turn every request into a row update.
create or replace function public.resolve_api_key(presented_key text)
returns table (api_key_id uuid, organization_id uuid, scopes text[])
language plpgsql
security definer
set search_path = ''
as $$
declare
    found public.api_keys;
begin
    select k.* into found
    from private.api_key_hashes h join public.api_keys k on k.id = h.api_key_id
    where h.key_hash = private.token_hash(presented_key);
    if found.id is null or found.revoked_at is not null or found.expires_at <= now() then
        raise exception 'invalid API key' using errcode = '28000';
    end if;
    update public.api_keys k set last_used_at = now()
    where k.id = found.id and (k.last_used_at is null or k.last_used_at < now() - interval '1 minute');
    return query select found.id, found.organization_id, found.scopes;
end
$$;

revoke execute on function public.create_api_key(uuid, text, text[], timestamptz), public.revoke_api_key(uuid)
from public, anon;
grant execute on function public.create_api_key(uuid, text, text[], timestamptz), public.revoke_api_key(uuid)
to authenticated, service_role;
revoke execute on function public.resolve_api_key(text) from public, anon, authenticated;
grant execute on function public.resolve_api_key(text) to service_role;
