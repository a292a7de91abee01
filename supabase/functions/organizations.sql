-- ---------------------------------------------------------------------------
-- Rules
-- ---------------------------------------------------------------------------

-- An organization always keeps at least one owner. Deferred to commit, so that an
-- ownership transfer may demote and promote in either order.
create or replace function private.ensure_an_owner_remains()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
    if exists (select 1 from public.organizations o where o.id = old.organization_id)
       and not exists (
           select 1 from public.organization_members m
           where m.organization_id = old.organization_id and m.role = 'owner') then
        raise exception 'organization % must keep at least one owner', old.organization_id
            using errcode = 'PT409';
    end if;
    return null;
end
$$;

drop trigger if exists ensure_an_owner_remains on organization_members;
create constraint trigger ensure_an_owner_remains after delete or update of role on public.organization_members deferrable initially deferred
for each row execute function private.ensure_an_owner_remains();

-- A row carries its organization's deletion time (null: live) where a policy must judge it
-- without a join to organizations: a membership (so "current memberships",
-- private.my_memberships, read by every policy, needs none), a community and a project (so
-- "listed" and "public" are tests of the row: private.community_is_listed,
-- private.project_is_public). Set on insert and on every update (whatever a client sent),
-- followed when the organization is deleted or restored: the mirrored tables are those with both
-- organization_id and organization_deleted_at (catalog).
create or replace function private.mirror_organization_deleted_at()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
    mirrored regclass;
begin
    if tg_table_name <> 'organizations' then
        new.organization_deleted_at := (select o.deleted_at from public.organizations o where o.id = new.organization_id);
        return new;
    end if;
    for mirrored in
        select a.attrelid::regclass from pg_attribute a
        join pg_class t on t.oid = a.attrelid and t.relkind = 'r'
        join pg_attribute k on k.attrelid = a.attrelid and k.attname = 'organization_id' and not k.attisdropped
        where a.attname = 'organization_deleted_at' and not a.attisdropped
          and t.relnamespace = 'public'::regnamespace
    loop
        execute format('update %s set organization_deleted_at = $1'
                       ' where organization_id = $2 and organization_deleted_at is distinct from $1', mirrored)
        using new.deleted_at, new.id;
    end loop;
    return null;
end
$$;
revoke execute on function private.mirror_organization_deleted_at() from public;

create or replace trigger mirror_organization_deleted_at before insert or update
on public.organization_members
for each row execute function private.mirror_organization_deleted_at();
create or replace trigger mirror_organization_deleted_at before insert or update
on public.communities
for each row execute function private.mirror_organization_deleted_at();
create or replace trigger mirror_organization_deleted_at before insert or update
on public.projects
for each row execute function private.mirror_organization_deleted_at();
create or replace trigger mirror_organization_deleted_at after update of deleted_at on public.organizations
for each row when (old.deleted_at is distinct from new.deleted_at)
execute function private.mirror_organization_deleted_at();

-- Organization RPCs. Each is security definer (it writes what clients may not write
-- directly), checks the caller's role itself, and raises documented errors
-- (docs/errors.md): 28000 not signed in, 42501 not allowed, 22023 bad input,
-- PT404 not found, 23505 already exists, PT409 not in a state that allows it.

create or replace function public.create_organization(org_name text, org_slug text)
returns public.organizations
language plpgsql
security definer
set search_path = ''
as $$
declare
    caller uuid := private.require_user();
    created public.organizations;
begin
    if coalesce(length(trim(org_name)), 0) = 0 or length(org_name) > 120 then
        raise exception 'organization name must be 1 to 120 characters' using errcode = '22023';
    end if;
    if org_slug is null or org_slug !~ '^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$' then
        raise exception 'slug "%" is not URL-safe: use a-z, 0-9 and inner hyphens, at most 63 characters', org_slug
            using errcode = '22023';
    end if;
    if exists (select 1 from public.organizations o where o.slug = org_slug) then
        raise exception 'slug "%" is already taken', org_slug using errcode = '23505';
    end if;
    -- at most 10 new team organizations per user in any 24 hours (deleted ones count too);
    -- the lock serializes one user's concurrent calls so the count holds
    perform pg_advisory_xact_lock(hashtextextended('create_organization:' || caller, 0));
    if (select count(*) from public.organizations o
        where o.created_by = caller and not o.is_personal and o.created_at > now() - interval '24 hours') >= 10 then
        raise exception 'organization limit reached: at most 10 new organizations per 24 hours'
            using errcode = 'PT429', hint = 'try again later';
    end if;
    insert into public.organizations (name, slug, primary_owner_user_id, created_by)
    values (trim(org_name), org_slug, caller, caller)
    returning * into created;
    insert into public.organization_members (organization_id, user_id, role, joined_at)
    values (created.id, caller, 'owner', now());
    return created;
end
$$;

create or replace function private.is_primary_owner(org_id uuid, member_user_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
    select exists (
        select 1 from public.organizations o where o.id = org_id and o.primary_owner_user_id = member_user_id
    )
$$;

create or replace function public.change_member_role(org_id uuid, member_user_id uuid, new_role public.member_role)
returns public.organization_members
language plpgsql
security definer
set search_path = ''
as $$
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
        raise exception 'the primary owner keeps the owner role: transfer ownership first' using errcode = 'PT409';
    end if;
    update public.organization_members m set role = new_role where m.id = target.id returning * into target;
    return target;
end
$$;

create or replace function public.remove_member(org_id uuid, member_user_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
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
        raise exception 'the primary owner cannot be removed: transfer ownership first' using errcode = 'PT409';
    end if;
    delete from public.organization_members m where m.id = target.id;
end
$$;

create or replace function public.leave_organization(org_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
    caller public.organization_members := private.require_org_role(org_id, 'viewer', 'leave');
    org public.organizations;
begin
    select o.* into org from public.organizations o where o.id = org_id;
    if org.is_personal then
        raise exception 'you cannot leave your personal organization' using errcode = 'PT409';
    end if;
    if org.primary_owner_user_id = caller.user_id then
        raise exception 'the primary owner cannot leave: transfer ownership first' using errcode = 'PT409';
    end if;
    delete from public.organization_members m where m.id = caller.id;
end
$$;

-- The organization (locked) when the caller is its primary owner and it is a team
-- organization; `action` words the errors.
create or replace function private.org_for_primary_owner(org_id uuid, action text)
returns public.organizations
language plpgsql
security definer
set search_path = ''
as $$
declare
    caller public.organization_members := private.require_org_role(org_id, 'viewer', action);
    org public.organizations;
begin
    select o.* into org from public.organizations o where o.id = org_id for update;
    if org.primary_owner_user_id <> caller.user_id then
        raise exception 'only the primary owner may %', action using errcode = '42501';
    end if;
    if org.is_personal then
        raise exception 'personal organizations cannot %', action using errcode = 'PT409';
    end if;
    return org;
end
$$;

create or replace function public.transfer_ownership(org_id uuid, new_owner_user_id uuid)
returns public.organizations
language plpgsql
security definer
set search_path = ''
as $$
declare
    org public.organizations := private.org_for_primary_owner(org_id, 'transfer ownership');
    target public.organization_members;
begin
    if new_owner_user_id = org.primary_owner_user_id then
        raise exception 'you already own this organization' using errcode = '22023';
    end if;
    target := private.target_membership(org_id, new_owner_user_id);
    update public.organization_members m set role = 'owner' where m.id = target.id;
    update public.organization_members m set role = 'admin'
    where m.organization_id = org_id and m.user_id = org.primary_owner_user_id;
    update public.organizations o set primary_owner_user_id = new_owner_user_id where o.id = org_id
    returning * into org;
    return org;
end
$$;

create or replace function public.delete_organization(org_id uuid)
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
    perform private.org_for_primary_owner(org_id, 'delete the organization');
    update public.organizations o set deleted_at = now() where o.id = org_id;
end
$$;

revoke execute on function public.create_organization(text, text), public.change_member_role(uuid, uuid, public.member_role),
public.remove_member(uuid, uuid), public.leave_organization(uuid), public.transfer_ownership(uuid, uuid),
public.delete_organization(uuid) from public, anon;
grant execute on function public.create_organization(text, text), public.change_member_role(uuid, uuid, public.member_role),
public.remove_member(uuid, uuid), public.leave_organization(uuid), public.transfer_ownership(uuid, uuid),
public.delete_organization(uuid) to authenticated, service_role;
revoke execute on function private.org_for_primary_owner(uuid, text), private.is_primary_owner(uuid, uuid) from public;
