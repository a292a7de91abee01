-- Identities: profiles kept in step with Supabase Auth's users.

-- Signup: profile, personal organization, ownership. Runs as the function owner
-- because the inserting role (Supabase Auth) cannot write public tables.
create or replace function private.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    meta jsonb := coalesce(new.raw_user_meta_data, '{}');
    wanted_username text := meta ->> 'username';
    name text := coalesce(nullif(meta ->> 'full_name', ''), nullif(meta ->> 'name', ''),
                          nullif(split_part(new.email, '@', 1), ''), 'New user');
    personal_org uuid;
begin
    if wanted_username !~ '^[A-Za-z0-9_][A-Za-z0-9_.-]{2,39}$'
       or exists (select 1 from public.profiles p where lower(p.username) = lower(wanted_username)) then
        wanted_username := null;
    end if;
    insert into public.profiles (id, username, display_name, email, avatar_url, last_login_at)
    values (new.id, wanted_username, name, new.email, meta ->> 'avatar_url', new.last_sign_in_at);

    insert into public.organizations (name, slug, is_personal, primary_owner_user_id, created_by, billing_email)
    values (name, 'u-' || replace(new.id::text, '-', ''), true, new.id, new.id, new.email)
    returning id into personal_org;

    insert into public.organization_members (organization_id, user_id, role)
    values (personal_org, new.id, 'owner');
    return new;
end
$$;

create or replace trigger on_auth_user_created after insert on auth.users
for each row execute function private.handle_new_user();

-- Keep the profile's copies of Supabase Auth's email and last sign-in current.
create or replace function private.sync_profile_from_auth()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    update public.profiles p
    set email = new.email, last_login_at = new.last_sign_in_at
    where p.id = new.id;
    return new;
end
$$;

create or replace trigger on_auth_user_updated after update of email, last_sign_in_at on auth.users
for each row when ((((old.email)::text is distinct from (new.email)::text) or (old.last_sign_in_at is distinct from new.last_sign_in_at))) execute function private.sync_profile_from_auth();

-- Deleting a user removes their personal organization; team organizations they are the
-- primary owner of block the deletion until ownership is transferred.
create or replace function private.handle_deleted_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
    delete from public.organizations o where o.primary_owner_user_id = old.id and o.is_personal;
    return old;
end
$$;

create or replace trigger on_auth_user_deleted before delete on auth.users
for each row execute function private.handle_deleted_user();
