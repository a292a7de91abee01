-- Supabase Storage as client apps use it: the `storage` schema where missing, the private
-- `media` bucket, and film share links.
--
-- Like the compatibility layer (20261121000000_supabase_compat.sql), each step of the storage
-- schema checks for its object first: on a Supabase project, where Storage's own migrations
-- (supabase/storage, migrations/tenant) made all of it, nothing here changes anything. On plain
-- Postgres it creates the part of that schema the policies and tests use: the two tables with
-- Storage's columns, its path helpers, RLS on, and Storage's grants to the API roles (all
-- privileges; row-level security decides).

do $$
begin
    if to_regnamespace('storage') is null then
        create schema storage;
        grant usage on schema storage to postgres, anon, authenticated, service_role;
    end if;
    if to_regclass('storage.buckets') is null then
        create table storage.buckets (
            id text primary key,
            name text not null,
            owner uuid,
            owner_id text,
            created_at timestamptz default now(),
            updated_at timestamptz default now(),
            public boolean default false,
            avif_autodetection boolean default false,
            file_size_limit bigint,
            allowed_mime_types text[]
        );
        create unique index bname on storage.buckets (name);
        alter table storage.buckets enable row level security;
        grant all on storage.buckets to anon, authenticated, service_role;
    end if;
    if to_regclass('storage.objects') is null then
        create table storage.objects (
            id uuid primary key default gen_random_uuid(),
            bucket_id text references storage.buckets (id),
            name text,
            owner uuid,
            owner_id text,
            created_at timestamptz default now(),
            updated_at timestamptz default now(),
            last_accessed_at timestamptz default now(),
            metadata jsonb,
            path_tokens text[] generated always as (string_to_array(name, '/')) stored,
            version text,
            user_metadata jsonb
        );
        create unique index bucketid_objname on storage.objects (bucket_id, name);
        create index name_prefix_search on storage.objects (name text_pattern_ops);
        alter table storage.objects enable row level security;
        grant all on storage.objects to anon, authenticated, service_role;
    end if;
end
$$;

-- Storage's path helpers, with its bodies ('org/films/a.mp4' → {org,films}, 'a.mp4', 'mp4');
-- the search_path pinned, as every function in this database.
do $$
begin
    if to_regprocedure('storage.foldername(text)') is null then
        create function storage.foldername(name text) returns text[]
        language plpgsql immutable set search_path = ''
        as $body$
        declare
            _parts text[];
        begin
            select string_to_array(name, '/') into _parts;
            return _parts[1 : array_length(_parts, 1) - 1];
        end
        $body$;
        grant execute on function storage.foldername(text) to anon, authenticated, service_role;
    end if;
    if to_regprocedure('storage.filename(text)') is null then
        create function storage.filename(name text) returns text
        language plpgsql immutable set search_path = ''
        as $body$
        declare
            _parts text[];
        begin
            select string_to_array(name, '/') into _parts;
            return _parts[array_length(_parts, 1)];
        end
        $body$;
        grant execute on function storage.filename(text) to anon, authenticated, service_role;
    end if;
    if to_regprocedure('storage.extension(text)') is null then
        create function storage.extension(name text) returns text
        language plpgsql immutable set search_path = ''
        as $body$
        declare
            _parts text[];
            _filename text;
        begin
            select string_to_array(name, '/') into _parts;
            select _parts[array_length(_parts, 1)] into _filename;
            return reverse(split_part(reverse(_filename), '.', 1));
        end
        $body$;
        grant execute on function storage.extension(text) to anon, authenticated, service_role;
    end if;
end
$$;

-- Every generated and uploaded file: objects at `<organization_id>/<assets.storage_path>`.
-- Private: nothing is served without a token the policies (supabase/policies/storage.sql) accept
-- or a signed URL. No size or type limit of its own: the project's upload limit applies, and
-- storage_limit_bytes is enforced on the asset row (PT507).
insert into storage.buckets (id, name, public)
values ('media', 'media', false)
on conflict (id) do nothing;

-- Film share links (public.share_film): a film shared outside its organization for a bounded
-- time, revocable. Only the token's hash is kept; the token is shown once. Clients reach the
-- table only through the RPCs, which decide who may see and revoke which link.
create table private.film_shares (
    id uuid primary key default gen_random_uuid(),
    asset_id uuid not null references public.assets (id) on delete cascade,
    organization_id uuid not null references public.organizations (id) on delete cascade,
    token_hash bytea not null unique,
    created_by uuid references auth.users (id) on delete set null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    revoked_at timestamptz,
    revoked_by uuid references auth.users (id) on delete set null,
    opened_count bigint not null default 0 check (opened_count >= 0),
    last_opened_at timestamptz,
    check (expires_at > created_at and expires_at <= created_at + interval '30 days')
);
create index film_shares_asset_idx on private.film_shares (asset_id, expires_at) where revoked_at is null;
create index film_shares_organization_idx on private.film_shares (organization_id);
revoke all on private.film_shares from public, anon, authenticated, service_role;
