-- Test helpers, loaded by the test harness only (never shipped in migrations).
-- Modelled on Basejump's supabase_test_helpers: create users, then act as them the
-- way PostgREST does per request (set local role + request.jwt.claims).

create extension if not exists pgtap with schema extensions;
-- Functions are not executable by PUBLIC by default (see the api_roles_hardening migration):
-- the roles tests act as need pgTAP's.
do $$
begin
    execute (
        select string_agg(format('grant execute on function %s to anon, authenticated, service_role', p.oid::regprocedure), '; ')
        from pg_depend d
        join pg_proc p on p.oid = d.objid
        where d.classid = 'pg_proc'::regclass and d.deptype = 'e'
          and d.refobjid = (select e.oid from pg_extension e where e.extname = 'pgtap')
    );
end
$$;

create schema if not exists tests;

-- A test file's pg_temp helper functions, executable by the roles the file acts as (functions
-- are not executable by PUBLIC by default). Call it after defining them.
create or replace function tests.share_temp_functions()
returns void
language plpgsql
set search_path = ''
as $$
begin
    execute (
        select string_agg(format('grant execute on function %s to public', p.oid::regprocedure), '; ')
        from pg_catalog.pg_proc p
        where p.pronamespace = pg_catalog.pg_my_temp_schema()
    );
end
$$;
grant usage on schema tests to anon, authenticated, service_role;

-- A user in auth.users (the profile and personal organization follow from triggers).
-- `identifier` names the user in later calls; the email defaults to identifier@test.local.
create or replace function tests.create_user(identifier text, email text default null)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
    new_id uuid := gen_random_uuid();
begin
    insert into auth.users (id, aud, role, email, raw_user_meta_data, raw_app_meta_data, created_at, updated_at)
    values (new_id, 'authenticated', 'authenticated', coalesce(email, identifier || '@test.local'),
            jsonb_build_object('test_identifier', identifier), '{"provider": "email"}', now(), now());
    return new_id;
end
$$;

create or replace function tests.get_user_id(identifier text)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
    found uuid;
begin
    select u.id into found from auth.users u where u.raw_user_meta_data ->> 'test_identifier' = identifier;
    if found is null then
        raise exception 'tests: no user with identifier %', identifier using errcode = 'no_data_found';
    end if;
    return found;
end
$$;

-- The JWT claims PostgREST would carry for `identifier` (reads auth.users, hence definer).
create or replace function tests.user_claims(identifier text)
returns text
language sql
stable
security definer
set search_path = ''
as $$
    select json_build_object(
        'sub', u.id, 'email', u.email, 'role', 'authenticated', 'aud', 'authenticated',
        'app_metadata', json_build_object('provider', 'email'))::text
    from auth.users u where u.id = tests.get_user_id(identifier)
$$;

-- Act as `identifier` for the rest of the transaction, as PostgREST does for a signed-in user.
-- Invoker rights: a security-definer function may not switch roles.
create or replace function tests.authenticate_as(identifier text)
returns void
language plpgsql
set search_path = ''
as $$
declare
    claims text := tests.user_claims(identifier);
begin
    perform set_config('role', 'authenticated', true);
    perform set_config('request.jwt.claims', claims, true);
end
$$;

create or replace function tests.authenticate_as_service_role()
returns void
language plpgsql
set search_path = ''
as $$
begin
    perform set_config('role', 'service_role', true);
    perform set_config('request.jwt.claims', '{"role": "service_role"}', true);
end
$$;

-- Back to an anonymous request (the anon key, no user).
create or replace function tests.clear_authentication()
returns void
language plpgsql
set search_path = ''
as $$
begin
    perform set_config('role', 'anon', true);
    perform set_config('request.jwt.claims', '{"role": "anon"}', true);
end
$$;

-- A team organization owned by `owner_identifier`, with `slug`; returns its id.
create or replace function tests.create_organization(owner_identifier text, slug text)
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
    owner_id uuid := tests.get_user_id(owner_identifier);
    org_id uuid;
begin
    insert into public.organizations (name, slug, primary_owner_user_id, created_by)
    values (initcap(slug), slug, owner_id, owner_id) returning id into org_id;
    insert into public.organization_members (organization_id, user_id, role) values (org_id, owner_id, 'owner');
    return org_id;
end
$$;

create or replace function tests.org_id(slug text)
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
    select o.id from public.organizations o where o.slug = org_id.slug
$$;

-- Make `identifier` a member of the organization `slug` with `role`.
create or replace function tests.add_member(slug text, identifier text, role public.member_role)
returns void
language sql
security definer
set search_path = ''
as $$
    insert into public.organization_members (organization_id, user_id, role)
    values (tests.org_id(slug), tests.get_user_id(identifier), role)
$$;

-- Rows of `relation` for organization `org_id` that the current role can see (invoker rights:
-- RLS applies); 0 when the role may not read the table at all.
create or replace function tests.visible_rows(relation regclass, org_id uuid)
returns bigint
language plpgsql
set search_path = ''
as $$
declare
    seen bigint;
begin
    execute format('select count(*) from %s where organization_id = $1', relation) into seen using org_id;
    return seen;
exception when insufficient_privilege then
    return 0;
end
$$;

-- pgTAP assertion: every table in `schema_name` has row-level security enabled.
create or replace function tests.rls_enabled(schema_name text)
returns text
language sql
set search_path = ''
as $$
    select extensions.is(
        (select coalesce(array_agg(c.relname::text order by c.relname), '{}')
         from pg_catalog.pg_class c
         where c.relnamespace = schema_name::regnamespace
           and c.relkind in ('r', 'p') and not c.relispartition and not c.relrowsecurity),
        '{}'::text[],
        format('every table in schema %s has row-level security enabled', schema_name)
    )
$$;

grant execute on all functions in schema tests to anon, authenticated, service_role;
