-- Supabase compatibility layer.
--
-- Creates on plain Postgres what every Supabase project already has, and nothing
-- that exists: on a real Supabase project each step finds its object and does nothing.
-- Bodies and privileges follow Supabase's own definitions.

-- Roles PostgREST switches into. service_role bypasses RLS; authenticator is the
-- login PostgREST connects as and may become any of the three.
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'anon') then
        create role anon nologin noinherit;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'authenticated') then
        create role authenticated nologin noinherit;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'service_role') then
        create role service_role nologin noinherit bypassrls;
    end if;
    if not exists (select 1 from pg_roles where rolname = 'authenticator') then
        create role authenticator login noinherit;
        grant anon, authenticated, service_role to authenticator;
    end if;
end
$$;

-- Extensions live in their own schema, as on Supabase.
do $$
begin
    if to_regnamespace('extensions') is null then
        create schema extensions;
        grant usage on schema extensions to postgres, anon, authenticated, service_role;
    end if;
end
$$;
create extension if not exists vector with schema extensions;
create extension if not exists pg_trgm with schema extensions;
create extension if not exists btree_gist with schema extensions;

-- Supabase sets this search_path on its databases; plain Postgres starts without `extensions`.
do $$
begin
    if current_setting('search_path') not like '%extensions%' then
        execute format('alter database %I set search_path = "$user", public, extensions', current_database());
    end if;
end
$$;

-- Supabase Auth's schema and users table (the columns Supabase Auth keeps).
do $$
begin
    if to_regnamespace('auth') is null then
        create schema auth;
        grant usage on schema auth to anon, authenticated, service_role;
    end if;
    if to_regclass('auth.users') is not null then
        return;
    end if;
    create table auth.users (
        instance_id uuid,
        id uuid primary key,
        aud varchar(255),
        role varchar(255),
        email varchar(255),
        encrypted_password varchar(255),
        email_confirmed_at timestamptz,
        invited_at timestamptz,
        confirmation_token varchar(255),
        confirmation_sent_at timestamptz,
        recovery_token varchar(255),
        recovery_sent_at timestamptz,
        email_change_token_new varchar(255),
        email_change varchar(255),
        email_change_sent_at timestamptz,
        last_sign_in_at timestamptz,
        raw_app_meta_data jsonb,
        raw_user_meta_data jsonb,
        is_super_admin boolean,
        created_at timestamptz,
        updated_at timestamptz,
        phone text unique default null,
        phone_confirmed_at timestamptz,
        phone_change text default '',
        phone_change_token varchar(255) default '',
        phone_change_sent_at timestamptz,
        confirmed_at timestamptz generated always as (least(email_confirmed_at, phone_confirmed_at)) stored,
        email_change_token_current varchar(255) default '',
        email_change_confirm_status smallint default 0 check (email_change_confirm_status between 0 and 2),
        banned_until timestamptz,
        reauthentication_token varchar(255) default '',
        reauthentication_sent_at timestamptz,
        is_sso_user boolean not null default false,
        deleted_at timestamptz,
        is_anonymous boolean not null default false
    );
    -- Supabase Auth reads users by email and by instance; tests and triggers do too.
    create index users_email_idx on auth.users (email);
end
$$;

-- auth.uid(), auth.role(), auth.email(), auth.jwt(): Supabase's bodies, reading the
-- claims PostgREST sets per request (the legacy single-claim setting first).
do $$
begin
    if to_regprocedure('auth.uid()') is null then
        create function auth.uid() returns uuid
        language sql stable set search_path = ''
        as $body$
            select coalesce(
                nullif(current_setting('request.jwt.claim.sub', true), ''),
                (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
            )::uuid
        $body$;
    end if;
    if to_regprocedure('auth.role()') is null then
        create function auth.role() returns text
        language sql stable set search_path = ''
        as $body$
            select coalesce(
                nullif(current_setting('request.jwt.claim.role', true), ''),
                (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
            )::text
        $body$;
    end if;
    if to_regprocedure('auth.email()') is null then
        create function auth.email() returns text
        language sql stable set search_path = ''
        as $body$
            select coalesce(
                nullif(current_setting('request.jwt.claim.email', true), ''),
                (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
            )::text
        $body$;
    end if;
    if to_regprocedure('auth.jwt()') is null then
        create function auth.jwt() returns jsonb
        language sql stable set search_path = ''
        as $body$
            select coalesce(
                nullif(current_setting('request.jwt.claim', true), ''),
                nullif(current_setting('request.jwt.claims', true), '')
            )::jsonb
        $body$;
    end if;
end
$$;

-- Supabase's default privileges in schema public: the API roles get everything,
-- and row-level security plus each table's explicit grants decide what they can do.
grant usage on schema public to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to postgres, anon, authenticated, service_role;
