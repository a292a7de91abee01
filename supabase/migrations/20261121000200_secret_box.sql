-- Encryption at rest for secrets the platform must read back (provider API keys,
-- webhook signing secrets), in plain SQL because the embedded server ships no pgcrypto.
--
-- Encrypt-then-MAC with HMAC-SHA256 (RFC 2104 over the built-in sha256()):
--   keystream block i = HMAC(enc_key, nonce || i), ciphertext = plaintext XOR keystream,
--   tag = HMAC(mac_key, version || key_id || nonce || ciphertext).
-- enc_key and mac_key derive from a master key in private.keyring, which no client role
-- can read; a key id in every box lets the ring rotate. On a Supabase project the master
-- key could move to Vault; the box format would not change.

create table private.keyring (
    id integer generated always as identity primary key,
    master_key bytea not null check (length(master_key) = 32),
    created_at timestamptz not null default now(),
    retired_at timestamptz
);
revoke all on private.keyring from public, anon, authenticated, service_role;

insert into private.keyring (master_key)
values (sha256(uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())));

create function private.hmac_sha256(key bytea, message bytea)
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

create function private.keystream_xor(key bytea, nonce bytea, data bytea)
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
create function private.encrypt_secret(plaintext text)
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

create function private.decrypt_secret(box bytea)
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
