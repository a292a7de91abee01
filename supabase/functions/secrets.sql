create or replace function private.hmac_sha256(key bytea, message bytea)
returns bytea
language plpgsql
immutable
strict
set search_path = ''
as $$
declare
    block_key bytea := case when length(key) > 64 then sha256(key) else key end;
    inner_pad bytea;
    outer_pad bytea;
begin
    block_key := block_key || decode(repeat('00', 64 - length(block_key)), 'hex');
    inner_pad := block_key;
    outer_pad := block_key;
    for i in 0..63 loop
        inner_pad := set_byte(inner_pad, i, get_byte(block_key, i) # 54);  -- 0x36
        outer_pad := set_byte(outer_pad, i, get_byte(block_key, i) # 92);  -- 0x5c
    end loop;
    return sha256(outer_pad || sha256(inner_pad || message));
end
$$;

create or replace function private.keystream_xor(key bytea, nonce bytea, data bytea)
returns bytea
language plpgsql
immutable
strict
set search_path = ''
as $$
declare
    result bytea := data;
    block bytea;
begin
    for i in 0..length(data) - 1 loop
        if i % 32 = 0 then
            block := private.hmac_sha256(key, nonce || int4send(i / 32));
        end if;
        result := set_byte(result, i, get_byte(data, i) # get_byte(block, i % 32));
    end loop;
    return result;
end
$$;

-- box = 0x01 || key_id (4 bytes) || nonce (16) || ciphertext || tag (32)
create or replace function private.encrypt_secret(plaintext text)
returns bytea
language plpgsql
volatile
strict
set search_path = ''
as $$
declare
    ring record;
    nonce bytea := uuid_send(gen_random_uuid());
    header bytea;
    ciphertext bytea;
begin
    select k.id, k.master_key into ring
    from private.keyring k where k.retired_at is null order by k.id desc limit 1;
    header := '\x01'::bytea || int4send(ring.id) || nonce;
    ciphertext := private.keystream_xor(
        private.hmac_sha256(ring.master_key, convert_to('creatorverse/encrypt', 'UTF8')),
        nonce, convert_to(plaintext, 'UTF8'));
    return header || ciphertext || private.hmac_sha256(
        private.hmac_sha256(ring.master_key, convert_to('creatorverse/mac', 'UTF8')), header || ciphertext);
end
$$;

create or replace function private.decrypt_secret(box bytea)
returns text
language plpgsql
stable
strict
set search_path = ''
as $$
declare
    master bytea;
    body bytea := substring(box from 1 for length(box) - 32);
begin
    if length(box) < 53 or get_byte(box, 0) <> 1 then
        raise exception 'not a secret box' using errcode = 'XX001';
    end if;
    select k.master_key into master from private.keyring k
    where k.id = (get_byte(box, 1) << 24) | (get_byte(box, 2) << 16) | (get_byte(box, 3) << 8) | get_byte(box, 4);
    if master is null
       or private.hmac_sha256(private.hmac_sha256(master, convert_to('creatorverse/mac', 'UTF8')), body)
          <> substring(box from length(box) - 31) then
        raise exception 'secret box failed authentication' using errcode = 'XX001';
    end if;
    return convert_from(private.keystream_xor(
        private.hmac_sha256(master, convert_to('creatorverse/encrypt', 'UTF8')),
        substring(box from 6 for 16), substring(body from 22)), 'UTF8');
end
$$;

-- Bring-your-own-key provider credentials and webhook signing secrets: written by
-- admins, encrypted at rest (private.encrypt_secret), readable in plaintext only by the
-- service role's workers. Errors: docs/errors.md.

-- Last four characters, enough to tell keys apart in a list.
create or replace function private.secret_hint(secret text)
returns text
language sql
immutable
set search_path = ''
as $$
    select case when length(secret) >= 12 then '…' || right(secret, 4) else '…' end
$$;

-- Create or replace the credential (organization, provider, name); returns its id.
create or replace function public.save_provider_credential(
    org_id uuid,
    provider_name text,
    secret text,
    credential_name text default 'default',
    credential_config jsonb default '{}',
    credential_expires_at timestamptz default null
)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
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
$$;

-- Workers only: the plaintext, counted as a use.
create or replace function public.reveal_provider_credential(credential_id uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
    box bytea;
begin
    update public.provider_credentials c set usage_count = c.usage_count + 1, last_used_at = now()
    where c.id = reveal_provider_credential.credential_id and c.status = 'active'
      and (c.expires_at is null or c.expires_at > now());
    if not found then
        raise exception 'no active credential %', credential_id using errcode = 'PT404';
    end if;
    select s.secret_box into box from private.provider_secrets s
    where s.credential_id = reveal_provider_credential.credential_id;
    return private.decrypt_secret(box);
end
$$;

-- Create a webhook; its signing secret is returned once. The URL is judged by the webhooks
-- trigger (private.assert_outbound_url, supabase/functions/egress.sql), as on any update.
create or replace function public.create_webhook(
    org_id uuid, endpoint_url text, event_types text[] default '{}', webhook_description text default null
)
returns table (webhook_id uuid, signing_secret text)
language plpgsql
security definer
set search_path = ''
as $$
declare
    caller uuid := (private.require_org_role(org_id, 'admin', 'manage webhooks')).user_id;
    secret text := 'whsec_' || private.random_token();
    created_id uuid;
begin
    insert into public.webhooks (organization_id, url, events, description, created_by)
    values (org_id, endpoint_url, coalesce(event_types, '{}'), webhook_description, caller)
    returning id into created_id;
    insert into private.webhook_secrets (webhook_id, secret_box) values (created_id, private.encrypt_secret(secret));
    return query select created_id, secret;
end
$$;

create or replace function public.rotate_webhook_secret(webhook_id uuid)
returns text
language plpgsql
security definer
set search_path = ''
as $$
declare
    hook_org uuid;
    secret text := 'whsec_' || private.random_token();
begin
    select w.organization_id into hook_org from public.webhooks w where w.id = rotate_webhook_secret.webhook_id;
    if hook_org is null or not private.has_org_role(hook_org, 'admin') then
        raise exception 'webhook not found' using errcode = 'PT404';
    end if;
    update private.webhook_secrets s set secret_box = private.encrypt_secret(secret)
    where s.webhook_id = rotate_webhook_secret.webhook_id;
    return secret;
end
$$;

-- Delivery workers only: the secret that signs payloads.
create or replace function public.webhook_signing_secret(webhook_id uuid)
returns text
language sql
stable
security definer
set search_path = ''
as $$
    select private.decrypt_secret(s.secret_box) from private.webhook_secrets s
    where s.webhook_id = webhook_signing_secret.webhook_id
$$;

revoke execute on function public.save_provider_credential(uuid, text, text, text, jsonb, timestamptz),
public.create_webhook(uuid, text, text[], text), public.rotate_webhook_secret(uuid) from public, anon;
grant execute on function public.save_provider_credential(uuid, text, text, text, jsonb, timestamptz),
public.create_webhook(uuid, text, text[], text), public.rotate_webhook_secret(uuid) to authenticated, service_role;
revoke execute on function public.reveal_provider_credential(uuid), public.webhook_signing_secret(uuid)
from public, anon, authenticated;
grant execute on function public.reveal_provider_credential(uuid), public.webhook_signing_secret(uuid) to service_role;
revoke execute on function private.secret_hint(text) from public;
