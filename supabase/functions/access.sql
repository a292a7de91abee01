-- Access helpers: the one place each access question is answered. STABLE security-definer sets
-- that policies turn into one array per statement: `x = any(array(select private.f()))`.

-- ---------------------------------------------------------------------------
-- Access helpers: STABLE, security definer, empty search_path, in `private`.
-- Policies call them as `organization_id = any(array(select private.my_org_ids()))`:
-- the array is computed once per statement (an InitPlan) and the comparison can use the
-- table's organization index, which keeps RLS within a few percent of an explicit filter.
-- ---------------------------------------------------------------------------

-- The caller as the access helpers know them: auth.uid() while their profile is active, no row
-- otherwise. A suspended (or deleted) account thus holds no membership, collaboration or
-- community rank anywhere, because my_memberships and every helper below ask this instead of
-- auth.uid(). Policies meet it inside their InitPlan: one primary-key probe of profiles per
-- statement, not per row. A view, so my_memberships plans it in without a function call; the
-- helpers written as functions read it through acting_user_id(). Owner's rights: it reads the
-- caller's own status only.
create or replace view private.acting_user with (security_barrier = true) as
select p.id
from public.profiles as p
where p.id = (select auth.uid()) and p.status = 'active';
grant select on private.acting_user to anon, authenticated;

create or replace function private.acting_user_id()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
    select u.id from private.acting_user u
$$;
revoke execute on function private.acting_user_id() from public;
grant execute on function private.acting_user_id() to anon, authenticated, service_role;

-- The caller, for functions: nobody signed in gives null (the service role, the platform's own
-- sessions: callers decide what that may do), an active account its id, and a suspended (or
-- deleted) one is refused with 42501 `account suspended`, wherever the function asks. Beside
-- the acting_user view, the only reader of auth.uid() among our functions (a catalog guard:
-- tests/py/test_membership_guard.py); private.require_user() is this plus 28000 when nobody
-- signed in. Policies, the set-returning helpers they call and read-only SQL functions that
-- filter by the caller (notifications, downloads) ask acting_user instead: a suspended account
-- sees nothing there, no error (a query may never evaluate a refusal it holds in an InitPlan:
-- over an empty table it is not run).
create or replace function private.caller_id()
returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
    uid uuid := auth.uid();
begin
    if uid is not null and private.acting_user_id() is null then
        raise exception 'account suspended' using errcode = '42501';
    end if;
    return uid;
end
$$;
revoke execute on function private.caller_id() from public;
grant execute on function private.caller_id() to anon, authenticated, service_role;

-- The caller's current memberships: organizations they belong to that are not deleted. The one
-- definition of "current membership" that the trio below (my_org_ids, has_org_role,
-- require_org_role) and the hottest policies read. A policy
-- may select from it directly, `organization_id = any(array(select m.organization_id from
-- private.my_memberships m where m.role >= 'admin'))`: the view is planned into the policy's
-- InitPlan, where a function call costs a separate executor run per statement
-- (bench/rls_bench.py, docs/tenancy.md). It runs with its owner's rights (so
-- organization_members' own policies are not applied to it); security_barrier keeps a caller's
-- predicates from seeing rows before the user filter. A deleted organization's memberships
-- carry its deletion time (organization_deleted_at, kept by a trigger), so this is one
-- index-only scan of organization_members_user_idx, no join.
create or replace view private.my_memberships with (security_barrier = true) as
select
    m.organization_id,
    m.role,
    m.id,
    m.permissions
from public.organization_members as m
where
    m.user_id = (select u.id from private.acting_user as u)
    and m.organization_deleted_at is null;
grant select on private.my_memberships to authenticated;

-- The membership trio: the one way to ask "does the caller hold a role in an organization?",
-- each reading my_memberships (acting user, not suspended; organization not deleted):
--   my_org_ids(min_role)                         the set, for policies: `organization_id = any(array(select ...))`
--   has_org_role(org_id, min_role, permission)   the boolean, for functions
--   require_org_role(org_id, min_role, action)   the RPC's first step: the caller's membership row or an error
-- A granular `permission` (organization_members.permissions, e.g. 'api_keys.manage') stands in
-- for the role where the caller names one. Nothing else reads organization_members to decide
-- what the caller may do (tests/py/test_membership_guard.py reads the catalog to keep it so).
create or replace function private.my_org_ids(min_role public.member_role default 'viewer')
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select m.organization_id from private.my_memberships m where m.role >= min_role
$$;

create or replace function private.has_org_role(
    org_id uuid, min_role public.member_role default 'viewer', permission text default null
)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
    select exists (
        select from private.my_memberships m
        where m.organization_id = org_id and (m.role >= min_role or permission = any(m.permissions))
    )
$$;

-- The caller's membership of `org_id`, locked until the transaction ends, when their role is at
-- least `min_role` or they hold the granular `permission`. RPCs start with it. Not signed in:
-- 28000; suspended: 42501 (require_user). Not a member (or a deleted organization): PT404, as
-- for one that does not exist, so outsiders learn nothing. A member below the role: 42501
-- saying who may `action`.
create or replace function private.require_org_role(
    org_id uuid, min_role public.member_role, action text, permission text default null
)
returns public.organization_members
language plpgsql
security definer
set search_path = ''
as $$
declare
    mine record;
    found public.organization_members;
begin
    perform private.require_user();
    -- deleting the organization updates the membership row (organization_deleted_at), so the
    -- lock also orders this call against a concurrent delete_organization, and the view's
    -- terms are checked again on the row that lock finds
    select m.id, m.role, m.permissions into mine from private.my_memberships m where m.organization_id = org_id
    for update;
    if mine.id is null then
        raise exception 'organization % not found', org_id using errcode = 'PT404';
    end if;
    if mine.role < min_role and (permission is null or not permission = any(mine.permissions)) then
        raise exception 'only %s and above may %', min_role, action using errcode = '42501';
    end if;
    select m.* into found from public.organization_members m where m.id = mine.id;
    return found;
end
$$;
revoke execute on function private.require_org_role(uuid, public.member_role, text, text) from public;

-- The roster: other users' memberships, never a question about what the caller may do (the
-- trio answers those). For RPCs that have passed require_org_role and act on a member.

-- Whether `member_user_id` belongs to `org_id` (an assignee, an invitee already in).
create or replace function private.is_org_member(org_id uuid, member_user_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
    select exists (
        select from public.organization_members m where m.organization_id = org_id and m.user_id = member_user_id
    )
$$;
revoke execute on function private.is_org_member(uuid, uuid) from public;

-- A member of `org_id` other than the caller (locked), or PT404.
create or replace function private.target_membership(org_id uuid, member_user_id uuid)
returns public.organization_members
language plpgsql
security definer
set search_path = ''
as $$
declare
    found public.organization_members;
begin
    select m.* into found from public.organization_members m
    where m.organization_id = org_id and m.user_id = member_user_id
    for update;
    if found.id is null then
        raise exception 'user % is not a member of organization %', member_user_id, org_id using errcode = 'PT404';
    end if;
    return found;
end
$$;
revoke execute on function private.target_membership(uuid, uuid) from public;

-- Users who share at least one organization with the caller (profiles of teammates).
create or replace function private.my_teammate_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select distinct other.user_id
    from private.my_memberships mine
    join public.organization_members other on other.organization_id = mine.organization_id
$$;

create or replace function private.has_platform_role(role_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
    select exists (
        select 1 from public.user_roles r where r.user_id = (select private.acting_user_id()) and r.role_name = has_platform_role.role_name
    )
$$;

grant execute on function private.my_org_ids(public.member_role), private.has_org_role(uuid, public.member_role, text),
private.my_teammate_ids(), private.has_platform_role(text) to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Projects (same shape as private.my_org_ids). A deleted organization's projects are
-- invisible to everyone, members and the public alike.
-- ---------------------------------------------------------------------------

-- Projects in which the caller holds `permission` ('view', 'comment', 'edit' or 'generate',
-- the rights project_collaborators.permissions names): the one definition of a project right.
-- Members of the project's live organization (my_memberships): any role may view and comment, editors and
-- above may edit and generate; a private project only for its creator and admins.
-- Collaborators: the permission itself (any collaborator may view).
create or replace function private.project_ids_allowing(permission text)
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select p.id
    from public.projects p
    join private.my_memberships m on m.organization_id = p.organization_id
    where p.deleted_at is null
      and (permission in ('view', 'comment') or m.role >= 'editor')
      and (p.visibility <> 'private' or p.created_by = (select u.id from private.acting_user u) or m.role >= 'admin')
    union
    select c.project_id
    from public.project_collaborators c
    join public.projects p on p.id = c.project_id and p.deleted_at is null
    join public.organizations o on o.id = p.organization_id and o.deleted_at is null
    where c.user_id = (select private.acting_user_id()) and (permission = 'view' or permission = any(c.permissions))
$$;

-- Projects the caller may read: team and public projects of their organizations, private
-- ones they created or administer, and those they collaborate on.
create or replace function private.readable_project_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select private.project_ids_allowing('view')
$$;

-- Projects of the caller's organizations that the caller may not read (deleted ones, private
-- ones of others): the complement of readable_project_ids within those organizations, so short.
-- A policy that has already required the row's organization to be the caller's tests
-- `project_id <> all(array(select private.unreadable_project_ids()))`, which the planner
-- estimates as keeping nearly every row; `project_id = any(readable)` it estimates as keeping
-- about 10 of the table's projects, which made an organization's newest generations look like a
-- handful of rows and sorted all of them (docs/scaling.md).
create or replace function private.unreadable_project_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select p.id from public.projects p where p.organization_id = any(array(select private.my_org_ids()))
    except
    select private.readable_project_ids()
$$;
revoke execute on function private.unreadable_project_ids() from public;
grant execute on function private.unreadable_project_ids() to authenticated, service_role;

-- Projects the caller may change: as an editor or more of the organization (private ones:
-- their creator or an admin), or as a collaborator with the 'edit' permission.
create or replace function private.editable_project_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select private.project_ids_allowing('edit')
$$;

-- Projects the caller may comment on (feedback about them): anyone who reads them as a member,
-- collaborators with the 'comment' permission.
create or replace function private.commentable_project_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select private.project_ids_allowing('comment')
$$;

-- May `user_id` exercise `permission` ('edit' or 'generate') on `project` right now?
-- project_ids_allowing (current membership and role, live organization and project,
-- collaborators' permissions) answered for that user: work started on a user's behalf by the
-- platform (a schedule's run) asks it at every run, as its owner would. The user's claims
-- stand in for the caller's for this one question, then are put back (a failing caller rolls
-- back its subtransaction, which restores them too). A deleted profile may do nothing.
create or replace function private.user_holds_project_permission(user_id uuid, project uuid, permission text)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
    saved_claims text := current_setting('request.jwt.claims', true);
    saved_sub text := current_setting('request.jwt.claim.sub', true);
    allowed boolean;
begin
    if user_id is null or project is null
       or not exists (select from public.profiles p where p.id = user_id and p.deleted_at is null) then
        return false;
    end if;
    if user_id is distinct from private.acting_user_id() then
        perform set_config('request.jwt.claims', jsonb_build_object('sub', user_id, 'role', 'authenticated')::text, true);
        perform set_config('request.jwt.claim.sub', '', true);
    end if;
    allowed := project = any(array(select private.project_ids_allowing(permission)));
    perform set_config('request.jwt.claims', coalesce(saved_claims, ''), true);
    perform set_config('request.jwt.claim.sub', coalesce(saved_sub, ''), true);
    return allowed;
end
$$;
revoke execute on function private.user_holds_project_permission(uuid, uuid, text) from public;

-- Is this project public: the one definition, on the project's own columns (its organization's
-- deletion is mirrored onto it: organization_deleted_at). Not security definer and no SET
-- clause, so that the planner inlines it into a policy as plain column tests.
create or replace function private.project_is_public(project public.projects)
returns boolean
language sql
immutable
as $$
    select project.visibility = 'public' and project.deleted_at is null and project.organization_deleted_at is null
$$;
comment on function private.project_is_public(public.projects) is
    'search_path inherited: reads only the row it is given; a SET clause would stop the planner inlining it into policies';
revoke execute on function private.project_is_public(public.projects) from public;
grant execute on function private.project_is_public(public.projects) to anon, authenticated, service_role;

-- The public projects as a set, for the policies and searches that still test a project id
-- against it.
create or replace function private.public_project_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select p.id from public.projects p where private.project_is_public(p)
$$;

-- Projects whose content the caller sees: those they may read (readable_project_ids) and every
-- public one (public_project_ids); within one organization when `organization` is given. The
-- searches ask it with their organization filter, so that a search of one organization's
-- content reads that organization's projects, not every public project of the platform (7 ms at
-- M, growing with the platform: docs/scaling.md). Security definer so that reading the
-- organization's projects does not evaluate projects_select row by row; the caller is read
-- from the settings by readable_project_ids.
create or replace function private.visible_project_ids(organization uuid default null)
returns setof uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
    if organization is null then
        return query select private.readable_project_ids() union select private.public_project_ids();
    else
        return query
        select p.id from public.projects p
        where p.organization_id = organization
          and (private.project_is_public(p) or p.id = any(array(select private.readable_project_ids())));
    end if;
end
$$;
revoke execute on function private.visible_project_ids(uuid) from public;

grant execute on function private.project_ids_allowing(text), private.readable_project_ids(),
private.editable_project_ids(), private.commentable_project_ids(), private.public_project_ids(),
private.visible_project_ids(uuid)
to anon, authenticated, service_role;

-- Storage objects of the caller's organizations that not every member may read: the files of
-- asset rows hidden from some members (deleted assets; assets of private or deleted projects).
-- The `media` bucket's member policy (supabase/policies/storage.sql) probes it by the asset's
-- unique key and lets through those whose project the caller may read, so a file is withheld
-- exactly when its asset row is. Owner's rights: the assets' own policies would hide the very
-- rows it must find; security_barrier and the membership filter keep it to the caller's
-- organizations when read directly.
create or replace view private.withheld_media with (security_barrier = true) as
select
    a.organization_id,
    a.storage_bucket,
    a.storage_path,
    a.project_id,
    a.deleted_at is not null as deleted
from public.assets as a
left join public.projects as p on a.project_id = p.id
where
    a.storage_provider = 'supabase'
    and (a.deleted_at is not null or p.visibility = 'private' or p.deleted_at is not null)
    and a.organization_id in (select m.organization_id from private.my_memberships as m);
grant select on private.withheld_media to authenticated;

-- Studio tables: row-level security on, explicit grants. Policies: supabase/policies/studio.sql.

-- Projects whose collaborators and visibility the caller manages: organization admins and
-- owners, and the project's creator while still an editor or more of its organization.
create or replace function private.manageable_project_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
    select p.id
    from public.projects p
    join private.my_memberships m on m.organization_id = p.organization_id
    where p.deleted_at is null
      and (m.role >= 'admin' or (p.created_by = (select u.id from private.acting_user u) and m.role >= 'editor'))
$$;

grant execute on function private.manageable_project_ids() to authenticated, service_role;
